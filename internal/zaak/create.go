package zaak

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/gemeenten/loket/internal/audit"
	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/event"
	"github.com/gemeenten/loket/internal/nummer"
)

// CreateInput is a new zaak, shaped like the writable fields of the ZGW Zaak.
type CreateInput struct {
	// Identificatie is optional: when empty, ZAAK-{year of startdatum}-{10
	// digits} is generated (zrc-002).
	Identificatie                string
	Bronorganisatie              string // RSIN
	VerantwoordelijkeOrganisatie string // RSIN
	ZaakTypeID                   string
	Omschrijving                 string
	Toelichting                  string
	// Startdatum is the day the application was received: the legal term
	// counts from it.
	Startdatum date.Date
	// Registratiedatum defaults to today (Europe/Amsterdam).
	Registratiedatum date.Date
	// EinddatumGepland defaults to startdatum + the zaaktype's servicenorm.
	EinddatumGepland            date.Date
	Publicatiedatum             date.Date
	Kanaal                      string
	Communicatiekanaal          string
	CommunicatiekanaalNaam      string
	ProductenOfDiensten         []string
	Vertrouwelijkheidaanduiding string // defaults to the zaaktype's (zrc-009)
	Betalingsindicatie          string
	LaatsteBetaaldatum          *time.Time
	Zaakgeometrie               string
	HoofdzaakID                 string
	Selectielijstklasse         string
	OpdrachtgevendeOrganisatie  string
	Processobjectaard           string
	Processobject               *Processobject
	Kenmerken                   []Kenmerk
	RelevanteAndereZaken        []RelatieInput
	// Initiator is created as a Rol of the zaaktype's roltype with
	// omschrijvingGeneriek "initiator".
	Initiator *RolInput
	// TeamID defaults to the zaaktype's team.
	TeamID string
}

// Create registers a zaak with its initial status, initiator, legal deadline,
// planned end date and service-norm instances, all in one transaction.
func (s *Service) Create(ctx context.Context, in CreateInput) (*Zaak, error) {
	id, err := s.CreateID(ctx, in)
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, id)
}

// CreateID is Create without reading the zaak back: for bulk loaders and
// callers that only need the id.
func (s *Service) CreateID(ctx context.Context, in CreateInput) (string, error) {
	z, err := s.createZaak(ctx, in, nil)
	if err != nil {
		return "", err
	}
	return z.ID, nil
}

// createZaak creates the zaak in a transaction of its own (on SQLite
// through the group commit) and returns it as written, so that a caller
// can answer without reading it back. x holds the Zaken API's extra
// gegevensgroepen, nil for none.
func (s *Service) createZaak(ctx context.Context, in CreateInput, x *APIExtra) (*Zaak, error) {
	if s.DB.Engine == db.SQLite && !s.NoGroupCommit {
		return s.groupCreate(ctx, in, x)
	}
	drawn, err := s.predraw(ctx, in)
	if err != nil {
		return nil, err
	}
	s.warm(ctx)
	var z *Zaak
	err = s.DB.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		z, err = s.createWith(ctx, s.q(tx), in, drawn, x)
		return err
	})
	return z, err
}

// CreateTx is Create inside the caller's transaction (e.g. a form
// submission that also enqueues a letter); it returns the new zaak's id.
// Call Warm before the transaction in hot loops (SQLite statement cache).
func (s *Service) CreateTx(ctx context.Context, tx *sql.Tx, in CreateInput) (string, error) {
	return s.create(ctx, s.q(tx), in)
}

// Warm prepares the statements the Service has used inside transactions so
// far (SQLite only; a no-op on PostgreSQL). The Service's own methods do
// this themselves; callers of CreateTx may call it outside their
// transaction.
func (s *Service) Warm(ctx context.Context) { s.warm(ctx) }

func (s *Service) create(ctx context.Context, tx db.Queryer, in CreateInput) (string, error) {
	z, err := s.createWith(ctx, tx, in, "", nil)
	if err != nil {
		return "", err
	}
	return z.ID, nil
}

// createWith creates the zaak and returns it as stored; drawn is an
// identificatie drawn beforehand ("" to draw one in tx when none was
// given), x the Zaken API's extra gegevensgroepen (nil for none).
func (s *Service) createWith(ctx context.Context, tx db.Queryer, in CreateInput, drawn string, x *APIExtra) (*Zaak, error) {
	// Microseconds, as the database keeps them: the zaak returned is then
	// the zaak a read gives, and its rows share one instant.
	now := s.now().Truncate(time.Microsecond)
	today := date.Today(now)
	var f errs.Fields

	in.Identificatie = trim(in.Identificatie)
	in.Bronorganisatie = trim(in.Bronorganisatie)
	in.VerantwoordelijkeOrganisatie = trim(in.VerantwoordelijkeOrganisatie)
	if len(in.Identificatie) > 40 {
		f.Add("identificatie", "max_length", "De identificatie mag niet langer zijn dan 40 tekens.")
	}
	checkRSIN(&f, "bronorganisatie", in.Bronorganisatie, true)
	checkRSIN(&f, "verantwoordelijkeOrganisatie", in.VerantwoordelijkeOrganisatie, true)
	if in.Startdatum.IsZero() {
		f.Add("startdatum", "required", "De startdatum is verplicht.")
	}
	if in.Registratiedatum.IsZero() {
		in.Registratiedatum = today
	}
	if in.Registratiedatum.After(today) {
		f.Add("registratiedatum", "future", "De registratiedatum mag niet in de toekomst liggen.")
	}
	if in.Kanaal != "" && !oneOf(in.Kanaal, Kanalen) {
		f.Add("kanaal", "invalid_choice", "Onbekend kanaal; kies uit balie, telefoon, email, post, webformulier, chat, social_media of api.")
	}
	if len([]rune(in.Omschrijving)) > 80 {
		f.Add("omschrijving", "max_length", "De omschrijving mag niet langer zijn dan 80 tekens.")
	}
	if len([]rune(in.Toelichting)) > 1000 {
		f.Add("toelichting", "max_length", "De toelichting mag niet langer zijn dan 1000 tekens.")
	}
	checkBetaling(&f, in.Betalingsindicatie, in.LaatsteBetaaldatum, now)
	checkGeometrie(&f, in.Zaakgeometrie)
	checkOptionalRSIN(&f, "opdrachtgevendeOrganisatie", in.OpdrachtgevendeOrganisatie)
	checkProcessobject(&f, in.Processobject)
	checkKenmerken(&f, in.Kenmerken)

	var zt zaakType
	if in.ZaakTypeID == "" {
		f.Add("zaaktype", "required", "Het zaaktype is verplicht.")
	} else {
		var err error
		zt, err = loadZaakType(ctx, tx, in.ZaakTypeID)
		switch {
		case errs.Is(err, errs.NotFound):
			f.Add("zaaktype", "does_not_exist", "Dit zaaktype bestaat niet.")
		case err != nil:
			return nil, err
		case zt.Concept:
			f.Add("zaaktype", "not-published", "Dit zaaktype is nog niet gepubliceerd (concept).")
		case !in.Startdatum.IsZero() && (in.Startdatum.Before(zt.BeginGeldigheid) ||
			(!zt.EindeGeldigheid.IsZero() && in.Startdatum.After(zt.EindeGeldigheid))):
			f.Add("zaaktype", "zaaktype-niet-geldig", "Dit zaaktype is niet geldig op de startdatum.")
		}
	}
	if in.Vertrouwelijkheidaanduiding == "" {
		in.Vertrouwelijkheidaanduiding = zt.Vertrouwelijkheidaanduiding
	} else if !oneOf(in.Vertrouwelijkheidaanduiding, Vertrouwelijkheidaanduidingen) {
		f.Add("vertrouwelijkheidaanduiding", "invalid_choice", "Onbekende vertrouwelijkheidaanduiding.")
	}
	if zt.ID != "" {
		checkProducten(&f, in.ProductenOfDiensten, zt.ProductenOfDiensten)
	}

	if in.HoofdzaakID != "" {
		if err := checkHoofdzaak(ctx, tx, &f, "", in.HoofdzaakID); err != nil {
			return nil, err
		}
	}
	teamID := in.TeamID
	if teamID == "" {
		teamID = zt.TeamID
	} else if ok, err := db.Exists(ctx, tx, `SELECT 1 FROM teams WHERE id = $1`, teamID); err != nil {
		return nil, err
	} else if !ok {
		f.Add("team", "does_not_exist", "Dit team bestaat niet.")
	}

	var initial statusType
	var initRol *preparedRol
	if zt.ID != "" && !zt.Concept {
		var err error
		initial, err = firstStatusType(ctx, tx, zt.ID)
		if errors.Is(err, sql.ErrNoRows) {
			f.Add("zaaktype", "geen-statustypen", "Dit zaaktype heeft geen statustypen; er kan geen zaak van worden gestart.")
		} else if err != nil {
			return nil, fmt.Errorf("zaak: first statustype: %w", err)
		}
		if in.Initiator != nil {
			ri := *in.Initiator
			if ri.RolTypeID == "" {
				rt, err := rolTypeByGeneriek(ctx, tx, zt.ID, "initiator")
				if errors.Is(err, sql.ErrNoRows) {
					f.Add("initiator", "geen-roltype", "Dit zaaktype heeft geen roltype initiator.")
				} else if err != nil {
					return nil, fmt.Errorf("zaak: initiator roltype: %w", err)
				} else {
					// the roltype just read: no second look-up by id
					ri.RolTypeID = rt.ID
					if initRol, err = prepareRolOf(ctx, tx, &f, "initiator.", zt.ID, ri, rt, nil); err != nil {
						return nil, err
					}
				}
			} else if initRol, err = prepareRol(ctx, tx, &f, "initiator.", zt.ID, ri); err != nil {
				return nil, err
			}
		}
	}
	rels, err := prepareRelaties(ctx, tx, &f, "", in.RelevanteAndereZaken)
	if err != nil {
		return nil, err
	}
	if err := f.Err(); err != nil {
		return nil, err
	}

	doorloop, err := parseTerm(zt.Doorlooptijd)
	if err != nil {
		return nil, errs.Wrap(errs.Internal, err, "De doorlooptijd van het zaaktype is ongeldig.")
	}
	z := &Zaak{
		ID:                           newID(),
		Identificatie:                in.Identificatie,
		Bronorganisatie:              in.Bronorganisatie,
		VerantwoordelijkeOrganisatie: in.VerantwoordelijkeOrganisatie,
		ZaakTypeID:                   zt.ID,
		Omschrijving:                 in.Omschrijving,
		Toelichting:                  in.Toelichting,
		Startdatum:                   in.Startdatum,
		Registratiedatum:             in.Registratiedatum,
		EinddatumGepland:             in.EinddatumGepland,
		Publicatiedatum:              in.Publicatiedatum,
		Kanaal:                       in.Kanaal,
		Communicatiekanaal:           in.Communicatiekanaal,
		CommunicatiekanaalNaam:       in.CommunicatiekanaalNaam,
		ProductenOfDiensten:          in.ProductenOfDiensten,
		Vertrouwelijkheidaanduiding:  in.Vertrouwelijkheidaanduiding,
		Betalingsindicatie:           in.Betalingsindicatie,
		LaatsteBetaaldatum:           in.LaatsteBetaaldatum,
		Zaakgeometrie:                in.Zaakgeometrie,
		HoofdzaakID:                  in.HoofdzaakID,
		Selectielijstklasse:          in.Selectielijstklasse,
		Archiefstatus:                "nog_te_archiveren",
		OpdrachtgevendeOrganisatie:   in.OpdrachtgevendeOrganisatie,
		Processobjectaard:            in.Processobjectaard,
		Processobject:                in.Processobject,
		Kenmerken:                    in.Kenmerken,
		TeamID:                       teamID,
	}
	z.CreatedAt, z.UpdatedAt = now.UTC(), now.UTC()
	if z.LaatsteBetaaldatum != nil {
		t := z.LaatsteBetaaldatum.UTC().Truncate(time.Microsecond)
		z.LaatsteBetaaldatum = &t
	}
	if x != nil {
		z.Archiefnominatie, z.Archiefactiedatum, z.StartdatumBewaartermijn = x.Archiefnominatie, x.Archiefactiedatum, x.StartdatumBewaartermijn
		if x.Opschorting != nil {
			z.Opschorting = *x.Opschorting
			z.Opschorting.EerdereOpschorting = z.Opschorting.Indicatie
		}
		if x.Verlenging != nil {
			z.Verlenging = *x.Verlenging
		}
	}
	z.UiterlijkeEinddatumAfdoening = legalDeadline(z.Startdatum, doorloop, nil, nil)
	if z.EinddatumGepland.IsZero() && zt.Servicenorm != "" {
		if sn, err := parseTerm(zt.Servicenorm); err == nil {
			z.EinddatumGepland = sn.AddTo(z.Startdatum)
		}
	}
	chosen := z.Identificatie != ""
	statusID := newID()
	z.StatusID, z.StatusTypeID = statusID, initial.ID
	if initRol != nil {
		initRol.ID = newID()
		z.InitiatorType, z.InitiatorID, z.InitiatorNaam = initRol.IdentType, initRol.IdentValue, initRol.Naam
		if initRol.behandelaarID != "" {
			z.BehandelaarID = initRol.behandelaarID
		}
	}
	// The insert itself tells whether the identificatie is free (it skips a
	// taken one), so a create needs no separate look-up. A number drawn by
	// Loket may have been chosen by hand before: then the next one is tried.
	for try := 0; ; try++ {
		if !chosen {
			if z.Identificatie, err = s.nextIdentificatie(ctx, tx, z.Startdatum.Year, &drawn); err != nil {
				return nil, err
			}
		}
		inserted, err := insertZaak(ctx, tx, z)
		if err != nil {
			return nil, err
		}
		if inserted {
			break
		}
		if chosen {
			return nil, errIdentificatieTaken()
		}
		if try == 1000 {
			return nil, errs.E(errs.Internal, "identificatie", "Er kon geen vrije zaakidentificatie worden gevonden.")
		}
	}
	st := Status{ID: statusID, ZaakID: z.ID, StatusTypeID: initial.ID, StatusType: initial.ref(),
		DatumStatusGezet: now, CreatedBy: actorName(ctx), CreatedAt: now}
	if err := insertStatus(ctx, tx, &st); err != nil {
		return nil, err
	}
	created := struct {
		*Zaak
		Status    Status
		Initiator *Rol `json:",omitempty"`
	}{Zaak: z, Status: st}
	if initRol != nil {
		initRol.ZaakID = z.ID
		initRol.Registratiedatum = now
		if err := insertRol(ctx, tx, &initRol.Rol); err != nil {
			return nil, err
		}
		created.Initiator = &initRol.Rol
	}
	// One audit row for the one change: the zaak with its initial status and
	// initiator (a create is one act, and this runs on every intake).
	ae := s.auditor(ctx, tx, z, now)
	if err := ae.record("zaak", z.ID, "create", "Zaak aangemaakt met status "+initial.Omschrijving, nil, created); err != nil {
		return nil, err
	}
	for i := range rels {
		rels[i].ID, rels[i].ZaakID = newID(), z.ID
		if err := insertRelatie(ctx, tx, &rels[i]); err != nil {
			return nil, err
		}
	}
	cal, err := s.operational(ctx, tx)
	if err != nil {
		return nil, err
	}
	if err := createInitialNorms(ctx, tx, z, zt, initRol != nil && initRol.pipVisible, cal, now); err != nil {
		return nil, err
	}
	return z, nil
}

func errIdentificatieTaken() error {
	return &errs.Error{Kind: errs.Conflict, Code: "identificatie-niet-uniek",
		Message: "Er bestaat al een zaak met deze identificatie bij deze bronorganisatie.",
		Fields: []errs.FieldError{{Field: "identificatie", Code: "identificatie-niet-uniek",
			Reason: "Deze identificatie is al in gebruik bij deze bronorganisatie."}}}
}

// nextIdentificatie is the next identificatie to try: the one drawn before
// the transaction (*drawn, used once), else the next of the block this
// process reserved, else the next number of the year from
// identificatie_seq, drawn in tx. The upsert is atomic on both engines (a
// row lock on PostgreSQL, the single writer on SQLite), so concurrent
// creates never get the same number.
func (s *Service) nextIdentificatie(ctx context.Context, tx db.Queryer, year int, drawn *string) (string, error) {
	if *drawn != "" {
		id := *drawn
		*drawn = ""
		return id, nil
	}
	if s.DB.Engine == db.Postgres {
		if n, ok := nummer.Take(s.DB, "zaak", year); ok {
			return formatIdentificatie(year, n), nil
		}
	}
	n, err := drawNumber(ctx, tx, year)
	if err != nil {
		return "", err
	}
	return formatIdentificatie(year, n), nil
}

func drawNumber(ctx context.Context, q db.Queryer, year int) (int64, error) {
	var n int64
	err := q.QueryRowContext(ctx, `INSERT INTO identificatie_seq (scope, jaar, last) VALUES ('zaak', $1, 1)
		ON CONFLICT (scope, jaar) DO UPDATE SET last = identificatie_seq.last + 1 RETURNING last`, year).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("zaak: identificatie: %w", err)
	}
	return n, nil
}

func formatIdentificatie(year int, n int64) string { return fmt.Sprintf("ZAAK-%d-%010d", year, n) }

const zaakCols = `id, identificatie, bronorganisatie, verantwoordelijke_organisatie, zaaktype_id, omschrijving,
	toelichting, startdatum, registratiedatum, einddatum_gepland, uiterlijke_einddatum_afdoening, einddatum,
	publicatiedatum, kanaal, communicatiekanaal, communicatiekanaal_naam, producten_of_diensten,
	vertrouwelijkheidaanduiding, betalingsindicatie, laatste_betaaldatum, zaakgeometrie, hoofdzaak_id,
	selectielijstklasse, archiefnominatie, archiefstatus, archiefactiedatum, startdatum_bewaartermijn,
	opdrachtgevende_organisatie, processobjectaard, kenmerken, opschorting_indicatie, opschorting_reden,
	opschorting_eerdere, verlenging_reden, verlenging_duur, status_id, statustype_id, resultaat_id,
	initiator_type, initiator_id, initiator_naam, team_id, behandelaar_id, created_at, updated_at, processobject`

// insertZaak writes z; false when its identificatie is taken at its
// bronorganisatie (the only unique key besides the fresh id).
func insertZaak(ctx context.Context, tx db.Queryer, z *Zaak) (bool, error) {
	var betaald any
	if z.LaatsteBetaaldatum != nil {
		betaald = z.LaatsteBetaaldatum.UTC()
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO zaken (`+zaakCols+`) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,
		$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21,$22,$23,$24,$25,$26,$27,$28,$29,$30,$31,$32,$33,$34,$35,
		$36,$37,$38,$39,$40,$41,$42,$43,$44,$45,$46) ON CONFLICT (bronorganisatie, identificatie) DO NOTHING`,
		z.ID, z.Identificatie, z.Bronorganisatie, z.VerantwoordelijkeOrganisatie, z.ZaakTypeID, z.Omschrijving,
		z.Toelichting, z.Startdatum, z.Registratiedatum, nullDate(z.EinddatumGepland), z.UiterlijkeEinddatumAfdoening,
		nullDate(z.Einddatum), nullDate(z.Publicatiedatum), z.Kanaal, z.Communicatiekanaal, z.CommunicatiekanaalNaam,
		jsonArray(z.ProductenOfDiensten), z.Vertrouwelijkheidaanduiding, z.Betalingsindicatie, betaald,
		z.Zaakgeometrie, nullStr(z.HoofdzaakID), z.Selectielijstklasse, z.Archiefnominatie, z.Archiefstatus,
		nullDate(z.Archiefactiedatum), nullDate(z.StartdatumBewaartermijn), z.OpdrachtgevendeOrganisatie,
		z.Processobjectaard, jsonArray(z.Kenmerken), z.Opschorting.Indicatie, z.Opschorting.Reden,
		z.Opschorting.EerdereOpschorting, z.Verlenging.Reden, z.Verlenging.Duur, nullStr(z.StatusID),
		nullStr(z.StatusTypeID), nullStr(z.ResultaatID), z.InitiatorType, z.InitiatorID, z.InitiatorNaam,
		nullStr(z.TeamID), nullStr(z.BehandelaarID), z.CreatedAt, z.UpdatedAt, processobjectJSON(z.Processobject))
	if err != nil {
		return false, fmt.Errorf("zaak: insert: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("zaak: insert: %w", err)
	}
	return n == 1, nil
}

type rowScanner interface{ Scan(dest ...any) error }

func scanZaak(r rowScanner) (*Zaak, error) {
	var z Zaak
	var producten, kenmerken, processobject string
	var betaald sql.NullTime
	var hoofd, statusID, statustypeID, resultaatID, teamID, behandelaarID sql.NullString
	err := r.Scan(&z.ID, &z.Identificatie, &z.Bronorganisatie, &z.VerantwoordelijkeOrganisatie, &z.ZaakTypeID,
		&z.Omschrijving, &z.Toelichting, &z.Startdatum, &z.Registratiedatum, &z.EinddatumGepland,
		&z.UiterlijkeEinddatumAfdoening, &z.Einddatum, &z.Publicatiedatum, &z.Kanaal, &z.Communicatiekanaal,
		&z.CommunicatiekanaalNaam, &producten, &z.Vertrouwelijkheidaanduiding, &z.Betalingsindicatie, &betaald,
		&z.Zaakgeometrie, &hoofd, &z.Selectielijstklasse, &z.Archiefnominatie, &z.Archiefstatus,
		&z.Archiefactiedatum, &z.StartdatumBewaartermijn, &z.OpdrachtgevendeOrganisatie, &z.Processobjectaard,
		&kenmerken, &z.Opschorting.Indicatie, &z.Opschorting.Reden, &z.Opschorting.EerdereOpschorting,
		&z.Verlenging.Reden, &z.Verlenging.Duur, &statusID, &statustypeID, &resultaatID, &z.InitiatorType,
		&z.InitiatorID, &z.InitiatorNaam, &teamID, &behandelaarID, &z.CreatedAt, &z.UpdatedAt, &processobject)
	if err != nil {
		return nil, err
	}
	if processobject != "" {
		z.Processobject = &Processobject{}
		_ = json.Unmarshal([]byte(processobject), z.Processobject)
	}
	if betaald.Valid {
		t := betaald.Time.UTC()
		z.LaatsteBetaaldatum = &t
	}
	z.HoofdzaakID, z.StatusID, z.StatusTypeID, z.ResultaatID = hoofd.String, statusID.String, statustypeID.String, resultaatID.String
	z.TeamID, z.BehandelaarID = teamID.String, behandelaarID.String
	_ = json.Unmarshal([]byte(producten), &z.ProductenOfDiensten)
	_ = json.Unmarshal([]byte(kenmerken), &z.Kenmerken)
	z.CreatedAt, z.UpdatedAt = z.CreatedAt.UTC(), z.UpdatedAt.UTC()
	return &z, nil
}

// jsonArray writes a list column: "[]" rather than "null" for an empty
// list, matching the columns' DEFAULT '[]'. Marshalling strings and plain
// structs cannot fail.
func jsonArray[T any](v []T) string {
	if len(v) == 0 {
		return "[]"
	}
	b, _ := json.Marshal(v)
	return string(b)
}

func actorName(ctx context.Context) string {
	a := audit.ActorFrom(ctx)
	if a.Name != "" {
		return a.Name
	}
	return a.ID
}

// auditor writes the audit rows of one change to a zaak.
type auditor struct {
	ctx    context.Context
	tx     db.Queryer
	zaak   *Zaak
	at     time.Time
	seq    int
	events event.Sink // announces each recorded change (events.go)
}

func (s *Service) auditor(ctx context.Context, tx db.Queryer, z *Zaak, at time.Time) *auditor {
	return &auditor{ctx: ctx, tx: tx, zaak: z, at: at, events: s.Events}
}

// record writes one audit row. The rows of one change are a microsecond
// apart so that the trail (ordered by time) shows them in the order they
// happened.
func (a *auditor) record(resource, id, actie, toelichting string, old, new any) error {
	at := a.at.Add(time.Duration(a.seq) * time.Microsecond)
	a.seq++
	if err := a.emit(resource, id, actie); err != nil {
		return err
	}
	return audit.Record(a.ctx, a.tx, audit.Entry{
		Bron: "ZRC", ZaakID: a.zaak.ID, HoofdObject: a.zaak.ID, Resource: resource, ResourceID: id,
		ResourceWeergave: a.zaak.Identificatie, Actie: actie, ActieWeergave: toelichting,
		Old: old, New: new, At: at,
	})
}

func itoa(n int) string { return strconv.Itoa(n) }
