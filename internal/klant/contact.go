package klant

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/gemeenten/loket/internal/audit"
	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/ident"
	"github.com/gemeenten/loket/internal/nummer"
)

// Partij types as klantcontacten stores them for the reports (migration
// 0004): the key is the BSN, KvK-nummer or vestigingsnummer.
const (
	PartijAnoniem               = "anoniem"
	PartijNatuurlijkPersoon     = "natuurlijk_persoon"
	PartijNietNatuurlijkPersoon = "niet_natuurlijk_persoon"
	PartijVestiging             = "vestiging"
)

// Klantcontact is one contact with a customer on one channel.
type Klantcontact struct {
	ID     string
	Nummer string // KC-2026-0000000001
	Kanaal string // one of Kanalen
	// Onderwerp is a readable subject; ZaaktypeID/Product name the product
	// when the subject is one.
	Onderwerp  string
	ZaaktypeID string
	Product    string
	Vraag      string // the API's inhoud
	Antwoord   string // the API's reactie
	Uitkomst   string // one of Uitkomsten
	// UitkomstAfgeleid: the uitkomst was not given but derived (API).
	UitkomstAfgeleid bool
	// The customer: PartijType is one of the Partij* constants, PartijKey
	// the BSN/KvK-nummer/vestigingsnummer ("" when anonymous or unknown),
	// PartijID the partij in this register ("" when none).
	PartijType, PartijKey, PartijNaam, PartijID string
	MedewerkerID, TeamID                        string // users.id, teams.id
	ZaakID                                      string
	Referentienummer                            string
	IndicatieContactGelukt                      *bool
	HoofdOnderwerpType                          string
	VerdereActieOndernomen                      bool
	Taal                                        string
	Vertrouwelijk                               bool
	Metadata                                    map[string]string
	PlaatsgevondenOp, CreatedAt                 time.Time

	// Related ids, filled by GetContact and ListContacten (not Timeline).
	BetrokkeneIDs      []string
	OnderwerpobjectIDs []string
	BijlageIDs         []string
	InterneTaakIDs     []string
	ActorIDs           []string
}

// ContactInput registers a klantcontact.
type ContactInput struct {
	Kanaal string // one of Kanalen; NormKanaal accepts common spellings
	// The customer: a partij in this register, or a BSN, KvK-nummer (with
	// an optional vestigingsnummer) looked up in (and copied from) the
	// basisregistratie. All empty: anonymous.
	PartijID         string
	BSN              string
	KvKNummer        string
	Vestigingsnummer string
	// Subject: a zaaktype and/or free text; Onderwerp defaults to the
	// zaaktype's omschrijving.
	ZaaktypeID string
	Product    string
	Onderwerp  string
	Vraag      string
	Antwoord   string
	Uitkomst   string
	// UitkomstOptioneel allows an empty Uitkomst (API clients do not know
	// it): it is then derived, direct_beantwoord, and becomes contactverzoek
	// when an interne taak follows from the contact.
	UitkomstOptioneel bool
	// MedewerkerID and TeamID default to the staff actor in ctx and their team.
	MedewerkerID string
	TeamID       string
	// ZaakID: the contact is about this zaak (becomes an onderwerpobject).
	ZaakID string
	// PlaatsgevondenOp defaults to now.
	PlaatsgevondenOp       time.Time
	Referentienummer       string
	IndicatieContactGelukt *bool
	HoofdOnderwerpType     string
	VerdereActieOndernomen bool
	Taal                   string // default "nld"
	Vertrouwelijk          bool
	Metadata               map[string]string
	// Contactverzoek is required with uitkomst contactverzoek: the interne
	// taak created with the contact.
	Contactverzoek *ContactverzoekInput

	// Nummer is a number drawn beforehand with DrawNummer (only for
	// RegisterContactTx); empty: drawn by the registration.
	Nummer string
	nummer string        // drawn before the transaction (PostgreSQL)
	party  resolvedParty // found before the transaction (PostgreSQL)
}

// ContactverzoekInput is the terugbelnotitie of a contact.
type ContactverzoekInput struct {
	// TeamID and/or MedewerkerID: who handles it (at least one).
	TeamID, MedewerkerID string
	// GevraagdeHandeling defaults to "Terugbellen".
	GevraagdeHandeling     string
	Toelichting            string // the question, for the one who calls back
	VoorkeurTelefoonnummer string
	VoorkeurTijd           string // e.g. "ochtend", "na 14:00"
	UiterlijkOp            time.Time
}

var kanaalAlias = map[string]string{
	"balie": "balie", "loket": "balie", "telefoon": "telefoon", "telefonisch": "telefoon", "phone": "telefoon",
	"email": "email", "e-mail": "email", "mail": "email", "post": "post", "brief": "post",
	"webformulier": "webformulier", "web": "webformulier", "formulier": "webformulier", "website": "webformulier",
	"internet": "webformulier", "chat": "chat", "social_media": "social_media", "social media": "social_media",
	"sociale media": "social_media", "social": "social_media",
}

// NormKanaal maps a channel name as clients write it ("E-mail",
// "Telefoon", "social media") to one of Kanalen.
func NormKanaal(s string) (string, bool) {
	k, ok := kanaalAlias[strings.ToLower(strings.TrimSpace(s))]
	return k, ok
}

// NormMetadata checks the API's metadata: values at most 255 characters.
func checkMetadata(f *errs.Fields, m map[string]string) {
	for k, v := range m {
		maxLen(f, "metadata."+k, v, 255)
	}
}

// resolvedParty is the customer of a contact.
type resolvedParty struct {
	id, typ, key, naam string
}

// RegisterContact registers a contact with everything it brings along, in
// one transaction: see the package documentation.
func (s *Service) RegisterContact(ctx context.Context, in ContactInput) (Klantcontact, error) {
	id, err := s.RegisterContactID(ctx, in)
	if err != nil {
		return Klantcontact{}, err
	}
	return s.GetContact(ctx, id)
}

// RegisterContactID is RegisterContact without reading the contact back.
func (s *Service) RegisterContactID(ctx context.Context, in ContactInput) (string, error) {
	if s.DB.Engine == db.SQLite && !s.NoGroupCommit {
		return s.groupRegister(ctx, in)
	}
	// On PostgreSQL the number is drawn before the transaction, from a
	// block this process reserved (package nummer): drawing it from
	// identificatie_seq per contact would make every concurrent
	// registration wait for one commit at a time. A registration that then
	// fails leaves a gap in the numbers: they are unique, not gapless.
	if s.DB.Engine == db.Postgres {
		// Two agents may register the first contact of the same customer at
		// once; make the partij in its own transaction first, so that the
		// loser of that race finds the winner's partij instead of failing.
		in.party = s.preparePartij(ctx, in)
		if in.nummer == "" {
			n, err := s.blockNummer(ctx, s.contactMoment(in))
			if err != nil {
				return "", err
			}
			in.nummer = n
		}
		if in.Contactverzoek != nil {
			if err := s.reserve(ctx, "internetaak"); err != nil {
				return "", err
			}
		}
	}
	var id string
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		id, err = s.registerContact(ctx, tx, in)
		return err
	})
	return id, err
}

func (s *Service) contactMoment(in ContactInput) time.Time {
	if in.PlaatsgevondenOp.IsZero() {
		return s.now()
	}
	return in.PlaatsgevondenOp.UTC()
}

// drawContactNummer hands out the next KC-<year>-<10 digits> number of the
// year the contact took place in (Amsterdam time).
func (s *Service) drawContactNummer(ctx context.Context, q db.Queryer, at time.Time) (string, error) {
	year := date.Of(at.In(date.Amsterdam)).Year
	var nr int64
	if err := q.QueryRowContext(ctx, `INSERT INTO identificatie_seq (scope, jaar, last) VALUES ('klantcontact', $1, 1)
		ON CONFLICT (scope, jaar) DO UPDATE SET last = identificatie_seq.last + 1 RETURNING last`, year).Scan(&nr); err != nil {
		return "", fmt.Errorf("klant: klantcontact nummer: %w", err)
	}
	return formatContactNummer(year, nr), nil
}

// blockNummer is drawContactNummer from the block of numbers this process
// reserved (PostgreSQL; see package nummer). Not inside a transaction.
func (s *Service) blockNummer(ctx context.Context, at time.Time) (string, error) {
	year := date.Of(at.In(date.Amsterdam)).Year
	nr, err := nummer.Next(ctx, s.DB, "klantcontact", year)
	if err != nil {
		return "", fmt.Errorf("klant: klantcontact nummer: %w", err)
	}
	return formatContactNummer(year, nr), nil
}

func formatContactNummer(year int, nr int64) string { return fmt.Sprintf("KC-%d-%010d", year, nr) }

func (s *Service) checkContact(ctx context.Context, q db.Queryer, in *ContactInput, f *errs.Fields) error {
	if k, ok := NormKanaal(in.Kanaal); ok {
		in.Kanaal = k
	} else if strings.TrimSpace(in.Kanaal) == "" {
		f.Add("kanaal", "required", "Kies het kanaal van het contact.")
	} else {
		f.Add("kanaal", "invalid_choice", "Kies balie, telefoon, email, post, webformulier, chat of social_media.")
	}
	switch {
	case in.Uitkomst == "" && in.UitkomstOptioneel:
	case in.Uitkomst == "":
		f.Add("uitkomst", "required", "Kies de uitkomst van het contact.")
	case !contains(Uitkomsten, in.Uitkomst):
		f.Add("uitkomst", "invalid_choice", "Kies een van de uitkomsten: direct beantwoord, zaak gestart, doorverbonden, contactverzoek, klant belt terug of doorverwezen.")
	}
	if in.Uitkomst == Contactverzoek && in.Contactverzoek == nil {
		f.Add("contactverzoek", "required", "Vul het contactverzoek in: voor wie, en wat de klant vraagt.")
	}
	if in.Uitkomst == ZaakGestart && in.ZaakID == "" {
		f.Add("zaak", "required", "Koppel de gestarte zaak aan het contact.")
	}
	// The rows the contact refers to are looked up in one query: each is
	// a round trip to PostgreSQL otherwise, and a registration is on the
	// KCC's hot path.
	type refs struct{ zaaktype, zaak, medewerker, team any } // nil: not given
	var ref refs
	if checkUUID(f, "zaaktype", in.ZaaktypeID) && in.ZaaktypeID != "" {
		ref.zaaktype = in.ZaaktypeID
	}
	if checkUUID(f, "zaak", in.ZaakID) && in.ZaakID != "" {
		ref.zaak = in.ZaakID
	}
	if checkUUID(f, "medewerker", in.MedewerkerID) && in.MedewerkerID != "" {
		ref.medewerker = in.MedewerkerID
	}
	if checkUUID(f, "team", in.TeamID) && in.TeamID != "" {
		ref.team = in.TeamID
	}
	if ref != (refs{}) {
		var oms sql.NullString
		var zaakOK, mwOK, teamOK bool
		if err := q.QueryRowContext(ctx, `SELECT (SELECT omschrijving FROM zaaktypen WHERE id = $1),
			EXISTS (SELECT 1 FROM zaken WHERE id = $2), EXISTS (SELECT 1 FROM users WHERE id = $3),
			EXISTS (SELECT 1 FROM teams WHERE id = $4)`, ref.zaaktype, ref.zaak, ref.medewerker, ref.team).Scan(
			&oms, &zaakOK, &mwOK, &teamOK); err != nil {
			return fmt.Errorf("klant: contact references: %w", err)
		}
		switch {
		case ref.zaaktype != nil && !oms.Valid:
			f.Add("zaaktype", "does_not_exist", "Dit zaaktype bestaat niet.")
		case ref.zaaktype != nil && strings.TrimSpace(in.Onderwerp) == "":
			in.Onderwerp = oms.String
		}
		if ref.zaak != nil && !zaakOK {
			f.Add("zaak", "does_not_exist", "Deze zaak bestaat niet.")
		}
		if ref.medewerker != nil && !mwOK {
			f.Add("medewerker", "does_not_exist", "Deze medewerker bestaat niet.")
		}
		if ref.team != nil && !teamOK {
			f.Add("team", "does_not_exist", "Dit team bestaat niet.")
		}
	}
	in.Onderwerp = strings.TrimSpace(in.Onderwerp)
	if required(f, "onderwerp", in.Onderwerp, "Vul het onderwerp in: een product of een korte omschrijving.") {
		maxLen(f, "onderwerp", in.Onderwerp, 200)
	}
	maxLen(f, "inhoud", in.Vraag, 1000)
	maxLen(f, "reactie", in.Antwoord, 4000)
	maxLen(f, "referentienummer", in.Referentienummer, 10)
	maxLen(f, "hoofdOnderwerpType", in.HoofdOnderwerpType, 200)
	if in.Taal == "" {
		in.Taal = "nld"
	} else if len(in.Taal) != 3 {
		f.Add("taal", "invalid", "Geef de taal als code van 3 letters (ISO 639-2/B), bijvoorbeeld nld.")
	}
	checkMetadata(f, in.Metadata)
	if !in.PlaatsgevondenOp.IsZero() && in.PlaatsgevondenOp.After(s.now().Add(5*time.Minute)) {
		f.Add("plaatsgevondenOp", "future", "Een contact kan niet in de toekomst plaatsvinden.")
	}
	return nil
}

func (s *Service) registerContact(ctx context.Context, tx *sql.Tx, in ContactInput) (string, error) {
	a := audit.ActorFrom(ctx)
	if in.MedewerkerID == "" && a.Kind == "medewerker" && db.ValidUUID(a.ID) {
		in.MedewerkerID = a.ID
		if in.TeamID == "" {
			in.TeamID = a.TeamID
		}
	}
	var f errs.Fields
	if err := s.checkContact(ctx, tx, &in, &f); err != nil {
		return "", err
	}
	party := in.party
	if party.id == "" {
		var err error
		if party, err = s.resolveParty(ctx, tx, &f, in); err != nil {
			return "", err
		}
	}
	if err := f.Err(); err != nil {
		return "", err
	}
	now := s.now()
	at := in.PlaatsgevondenOp
	if at.IsZero() {
		at = now
	}
	at = at.UTC()
	uitkomst, afgeleid := in.Uitkomst, false
	if uitkomst == "" {
		uitkomst, afgeleid = DirectBeantwoord, true
	}
	id := newID()
	nummer := in.nummer
	if nummer == "" {
		var err error
		if nummer, err = s.drawContactNummer(ctx, tx, at); err != nil {
			return "", err
		}
	}
	meta, err := json.Marshal(orEmpty(in.Metadata))
	if err != nil {
		return "", err
	}
	typ := party.typ
	if typ == "" {
		typ = PartijAnoniem
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO klantcontacten (id, nummer, kanaal, partij_type, partij_id, partij_naam,
		zaaktype_id, product, onderwerp, vraag, antwoord, uitkomst, medewerker_id, team_id, zaak_id, plaatsgevonden_op,
		created_at, referentienummer, indicatie_contact_gelukt, hoofd_onderwerp_type, verdere_actie_ondernomen, taal,
		vertrouwelijk, metadata, uitkomst_afgeleid, klant_partij_id, updated_at)
		VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21,$22,$23,$24,$25,$26,$17)`,
		id, nummer, in.Kanaal, typ, party.key, party.naam, orNull(in.ZaaktypeID),
		in.Product, in.Onderwerp, in.Vraag, in.Antwoord, uitkomst, orNull(in.MedewerkerID), orNull(in.TeamID),
		orNull(in.ZaakID), at, now, in.Referentienummer, ptrBool(in.IndicatieContactGelukt), in.HoofdOnderwerpType,
		in.VerdereActieOndernomen, in.Taal, in.Vertrouwelijk, string(meta), afgeleid, orNull(party.id)); err != nil {
		return "", fmt.Errorf("klant: insert klantcontact: %w", err)
	}
	if party.id != "" {
		if _, err := s.insertBetrokkene(ctx, tx, BetrokkeneInput{KlantcontactID: id, PartijID: party.id, Rol: "klant", Initiator: true}); err != nil {
			return "", err
		}
	}
	if in.ZaakID != "" {
		if _, err := s.insertOnderwerpobject(ctx, tx, OnderwerpobjectInput{KlantcontactID: id,
			Identificator: ObjectIdentificator{ObjectID: in.ZaakID, CodeObjecttype: "zaak", CodeRegister: "loket", CodeSoortObjectID: "uuid"}}); err != nil {
			return "", err
		}
	}
	if in.MedewerkerID != "" || in.TeamID != "" {
		// The actor usually exists: link it in one statement, make it first
		// otherwise.
		col, ref := "user_id", in.MedewerkerID
		if ref == "" {
			col, ref = "team_id", in.TeamID
		}
		link := `INSERT INTO actor_klantcontacten (id, actor_id, klantcontact_id, created_at)
			SELECT $1, a.id, $2, $3 FROM actoren a WHERE a.` + col + ` = $4`
		res, err := tx.ExecContext(ctx, link, newID(), id, now, ref)
		if err != nil {
			return "", fmt.Errorf("klant: actor klantcontact: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			if col == "user_id" {
				_, err = s.actorForUser(ctx, tx, ref)
			} else {
				_, err = s.actorForTeam(ctx, tx, ref)
			}
			if err != nil {
				return "", err
			}
			if _, err := tx.ExecContext(ctx, link, newID(), id, now, ref); err != nil {
				return "", fmt.Errorf("klant: actor klantcontact: %w", err)
			}
		}
	}
	if err := s.record(ctx, tx, change{resource: "klantcontact", id: id, actie: "create", new: in, weergave: in.Onderwerp}); err != nil {
		return "", err
	}
	if in.Contactverzoek != nil {
		cv := in.Contactverzoek
		h := cv.GevraagdeHandeling
		if h == "" {
			h = "Terugbellen"
		}
		if _, err := s.createTaak(ctx, tx, TaakInput{KlantcontactID: id, GevraagdeHandeling: h, Toelichting: cv.Toelichting,
			TeamID: cv.TeamID, MedewerkerID: cv.MedewerkerID, VoorkeurTelefoonnummer: cv.VoorkeurTelefoonnummer,
			VoorkeurTijd: cv.VoorkeurTijd, UiterlijkOp: cv.UiterlijkOp}, "contactverzoek."); err != nil {
			return "", err
		}
	}
	return id, nil
}

func orEmpty(m map[string]string) map[string]string {
	if m == nil {
		return map[string]string{}
	}
	return m
}

// resolveParty finds (or creates from the basisregistratie) the contact's
// customer.
func (s *Service) resolveParty(ctx context.Context, tx *sql.Tx, f *errs.Fields, in ContactInput) (resolvedParty, error) {
	switch {
	case in.PartijID != "":
		if !checkUUID(f, "partij", in.PartijID) {
			return resolvedParty{}, nil
		}
		return s.partyOf(ctx, tx, f, in.PartijID)
	case in.BSN != "":
		if !ident.Check(f, "bsn", ident.BSN(in.BSN)) {
			return resolvedParty{}, nil
		}
		return s.partyByKey(ctx, tx, f, "bsn", in.BSN, "", PartijNatuurlijkPersoon)
	case in.KvKNummer != "" || in.Vestigingsnummer != "":
		if !ident.Check(f, "kvkNummer", ident.KvK(in.KvKNummer)) {
			return resolvedParty{}, nil
		}
		if in.Vestigingsnummer != "" && !ident.Check(f, "vestigingsnummer", ident.Vestigingsnummer(in.Vestigingsnummer)) {
			return resolvedParty{}, nil
		}
		if in.Vestigingsnummer != "" {
			return s.partyByKey(ctx, tx, f, "vestigingsnummer", in.Vestigingsnummer, in.KvKNummer, PartijVestiging)
		}
		return s.partyByKey(ctx, tx, f, "kvk_nummer", in.KvKNummer, "", PartijNietNatuurlijkPersoon)
	}
	return resolvedParty{}, nil
}

// partyByKey finds the partij with a number in one query (the common case
// at the KCC), or creates it from the basisregistratie.
func (s *Service) partyByKey(ctx context.Context, tx *sql.Tx, f *errs.Fields, soort, nummer, kvk, typ string) (resolvedParty, error) {
	r := resolvedParty{typ: typ, key: nummer}
	err := tx.QueryRowContext(ctx, `SELECT p.id, p.weergave_naam FROM partij_identificatoren i JOIN partijen p ON p.id = i.partij_id
		WHERE i.code_soort_object_id = $1 AND i.object_id = $2`, soort, nummer).Scan(&r.id, &r.naam)
	if err == nil {
		return r, nil
	}
	if err != sql.ErrNoRows {
		return r, fmt.Errorf("klant: find partij: %w", err)
	}
	// Not found: made from the basisregistratie, with the number and name
	// it was made with (no need to read them back).
	if r.id, r.naam, err = s.partijFromRegistry(ctx, tx, f, soort, nummer, kvk); err != nil || r.id == "" {
		return resolvedParty{}, err
	}
	return r, nil
}

// partyOf reads the report key (BSN, vestigingsnummer or KvK-nummer) and
// name of partij id.
func (s *Service) partyOf(ctx context.Context, q db.Queryer, f *errs.Fields, id string) (resolvedParty, error) {
	r := resolvedParty{id: id}
	err := q.QueryRowContext(ctx, `SELECT weergave_naam FROM partijen WHERE id = $1`, id).Scan(&r.naam)
	if err == sql.ErrNoRows {
		f.Add("partij", "does_not_exist", "Deze partij bestaat niet.")
		return resolvedParty{}, nil
	}
	if err != nil {
		return r, fmt.Errorf("klant: partij: %w", err)
	}
	rows, err := q.QueryContext(ctx, `SELECT code_soort_object_id, object_id FROM partij_identificatoren WHERE partij_id = $1`, id)
	if err != nil {
		return r, err
	}
	defer rows.Close()
	keys := map[string]string{}
	for rows.Next() {
		var soort, v string
		if err := rows.Scan(&soort, &v); err != nil {
			return r, err
		}
		keys[soort] = v
	}
	switch {
	case keys["bsn"] != "":
		r.typ, r.key = PartijNatuurlijkPersoon, keys["bsn"]
	case keys["vestigingsnummer"] != "":
		r.typ, r.key = PartijVestiging, keys["vestigingsnummer"]
	case keys["kvk_nummer"] != "":
		r.typ, r.key = PartijNietNatuurlijkPersoon, keys["kvk_nummer"]
	case keys["rsin"] != "":
		r.typ, r.key = PartijNietNatuurlijkPersoon, keys["rsin"]
	default:
		// A partij without a registered number: the reports still see a
		// known, non-anonymous customer, keyed by the partij's id.
		r.typ, r.key = PartijNatuurlijkPersoon, ""
		var soort string
		if err := q.QueryRowContext(ctx, `SELECT soort_partij FROM partijen WHERE id = $1`, id).Scan(&soort); err != nil {
			return r, err
		}
		if soort == Organisatie {
			r.typ = PartijNietNatuurlijkPersoon
		}
		r.key = id
	}
	return r, rows.Err()
}

// --- reading ---

const contactCols = `k.id, k.nummer, k.kanaal, k.onderwerp, k.zaaktype_id, k.product, k.vraag, k.antwoord, k.uitkomst,
	k.uitkomst_afgeleid, k.partij_type, k.partij_id, k.partij_naam, k.klant_partij_id, k.medewerker_id, k.team_id,
	k.zaak_id, k.referentienummer, k.indicatie_contact_gelukt, k.hoofd_onderwerp_type, k.verdere_actie_ondernomen,
	k.taal, k.vertrouwelijk, k.metadata, k.plaatsgevonden_op, k.created_at`

func scanContact(sc interface{ Scan(...any) error }) (Klantcontact, error) {
	var k Klantcontact
	var zt, kp, mw, team, zaak sql.NullString
	var gelukt sql.NullBool
	var meta string
	if err := sc.Scan(&k.ID, &k.Nummer, &k.Kanaal, &k.Onderwerp, &zt, &k.Product, &k.Vraag, &k.Antwoord, &k.Uitkomst,
		&k.UitkomstAfgeleid, &k.PartijType, &k.PartijKey, &k.PartijNaam, &kp, &mw, &team, &zaak, &k.Referentienummer,
		&gelukt, &k.HoofdOnderwerpType, &k.VerdereActieOndernomen, &k.Taal, &k.Vertrouwelijk, &meta,
		&k.PlaatsgevondenOp, &k.CreatedAt); err != nil {
		return k, err
	}
	k.ZaaktypeID, k.PartijID, k.MedewerkerID, k.TeamID, k.ZaakID = nullStr(zt), nullStr(kp), nullStr(mw), nullStr(team), nullStr(zaak)
	k.IndicatieContactGelukt = nullBool(gelukt)
	k.PlaatsgevondenOp, k.CreatedAt = k.PlaatsgevondenOp.UTC(), k.CreatedAt.UTC()
	if meta != "" && meta != "{}" {
		if err := json.Unmarshal([]byte(meta), &k.Metadata); err != nil {
			return k, fmt.Errorf("klant: metadata: %w", err)
		}
	}
	return k, nil
}

// GetContact reads one klantcontact with its related ids.
func (s *Service) GetContact(ctx context.Context, id string) (Klantcontact, error) {
	if !db.ValidUUID(id) {
		return Klantcontact{}, notFound("klantcontact", id)
	}
	k, err := scanContact(s.DB.R.QueryRowContext(ctx, `SELECT `+contactCols+` FROM klantcontacten k WHERE k.id = $1`, id))
	if err == sql.ErrNoRows {
		return Klantcontact{}, notFound("klantcontact", id)
	}
	if err != nil {
		return Klantcontact{}, fmt.Errorf("klant: read klantcontact: %w", err)
	}
	ks := []Klantcontact{k}
	if err := s.fillContacten(ctx, ks); err != nil {
		return Klantcontact{}, err
	}
	return ks[0], nil
}

func (s *Service) fillContacten(ctx context.Context, ks []Klantcontact) error {
	if len(ks) == 0 {
		return nil
	}
	idx := map[string]*Klantcontact{}
	ids := make([]string, len(ks))
	for i := range ks {
		idx[ks[i].ID] = &ks[i]
		ids[i] = ks[i].ID
	}
	in, args := inList(ids)
	pairs := []struct {
		q   string
		set func(k *Klantcontact, v string)
	}{
		{`SELECT klantcontact_id, id FROM betrokkenen WHERE klantcontact_id IN ` + in + ` ORDER BY created_at, id`, func(k *Klantcontact, v string) { k.BetrokkeneIDs = append(k.BetrokkeneIDs, v) }},
		{`SELECT klantcontact_id, id FROM onderwerpobjecten WHERE klantcontact_id IN ` + in + ` ORDER BY created_at, id`, func(k *Klantcontact, v string) { k.OnderwerpobjectIDs = append(k.OnderwerpobjectIDs, v) }},
		{`SELECT klantcontact_id, id FROM klantcontact_bijlagen WHERE klantcontact_id IN ` + in + ` ORDER BY created_at, id`, func(k *Klantcontact, v string) { k.BijlageIDs = append(k.BijlageIDs, v) }},
		{`SELECT klantcontact_id, id FROM interne_taken WHERE klantcontact_id IN ` + in + ` ORDER BY created_at, id`, func(k *Klantcontact, v string) { k.InterneTaakIDs = append(k.InterneTaakIDs, v) }},
		{`SELECT klantcontact_id, actor_id FROM actor_klantcontacten WHERE klantcontact_id IN ` + in + ` ORDER BY created_at, id`, func(k *Klantcontact, v string) { k.ActorIDs = append(k.ActorIDs, v) }},
	}
	for _, pr := range pairs {
		rows, err := s.DB.R.QueryContext(ctx, pr.q, args...)
		if err != nil {
			return fmt.Errorf("klant: klantcontact relations: %w", err)
		}
		for rows.Next() {
			var kid, v string
			if err := rows.Scan(&kid, &v); err != nil {
				rows.Close()
				return err
			}
			pr.set(idx[kid], v)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return nil
}

// ContactFilter selects klantcontacten; empty fields do not filter.
type ContactFilter struct {
	// PartijID: contacts with this partij as betrokkene or customer.
	PartijID                               string
	Kanaal                                 string
	Onderwerp                              string
	Nummer                                 string
	Referentienummer                       string
	Uitkomst                               string
	ZaakID                                 string
	MedewerkerID                           string
	TeamID                                 string
	Vertrouwelijk                          *bool
	IndicatieContactGelukt                 *bool
	PlaatsgevondenVanaf, PlaatsgevondenTot time.Time
	// Onderwerpobject: contacts about the object with this id (e.g. a zaak uuid).
	OnderwerpobjectObjectID string
	// InterneTaakID: the contact that led to this interne taak.
	InterneTaakID string
	// Inhoud and Reactie match exactly (the API's filters).
	Inhoud, Reactie string
	// BetrokkeneID: contacts with this betrokkene; BetrokkeneAdres: with a
	// betrokkene whose digitaal adres contains this (case-insensitive).
	BetrokkeneID, BetrokkeneAdres string
	// BetrokkenePartij: with a betrokkene whose partij has this identificator.
	BetrokkenePartij IdentificatorGroep
	// OnderwerpobjectID / Onderwerpobject: contacts about this
	// onderwerpobject; the Was* variants: contacts that were one.
	OnderwerpobjectID, WasOnderwerpobjectID string
	Onderwerpobject, WasOnderwerpobject     ObjectIdentificator
	// PlaatsgevondenOp: exactly at this moment.
	PlaatsgevondenOp time.Time
	Page
}

// ListContacten lists klantcontacten, newest first, with the total count.
func (s *Service) ListContacten(ctx context.Context, f ContactFilter) ([]Klantcontact, int, error) {
	for _, id := range []string{f.PartijID, f.ZaakID, f.MedewerkerID, f.TeamID, f.InterneTaakID, f.BetrokkeneID, f.OnderwerpobjectID, f.WasOnderwerpobjectID} {
		if id != "" && !db.ValidUUID(id) {
			return nil, 0, nil
		}
	}
	var w db.Where
	if f.PartijID != "" {
		p := w.Arg(f.PartijID)
		w.And("(k.klant_partij_id = " + p + " OR EXISTS (SELECT 1 FROM betrokkenen b WHERE b.klantcontact_id = k.id AND b.partij_id = " + p + "))")
	}
	if k, ok := NormKanaal(f.Kanaal); ok {
		w.Eq("k.kanaal", k)
	} else {
		w.Eq("k.kanaal", f.Kanaal)
	}
	w.Eq("k.onderwerp", f.Onderwerp)
	w.Eq("k.nummer", f.Nummer)
	w.Eq("k.referentienummer", f.Referentienummer)
	w.Eq("k.uitkomst", f.Uitkomst)
	w.Eq("k.zaak_id", f.ZaakID)
	w.Eq("k.medewerker_id", f.MedewerkerID)
	w.Eq("k.team_id", f.TeamID)
	if f.Vertrouwelijk != nil {
		w.And("k.vertrouwelijk = " + w.Arg(*f.Vertrouwelijk))
	}
	if f.IndicatieContactGelukt != nil {
		w.And("k.indicatie_contact_gelukt = " + w.Arg(*f.IndicatieContactGelukt))
	}
	if !f.PlaatsgevondenVanaf.IsZero() {
		w.And("k.plaatsgevonden_op >= " + w.Arg(f.PlaatsgevondenVanaf.UTC()))
	}
	if !f.PlaatsgevondenTot.IsZero() {
		w.And("k.plaatsgevonden_op < " + w.Arg(f.PlaatsgevondenTot.UTC()))
	}
	if f.OnderwerpobjectObjectID != "" {
		w.And("EXISTS (SELECT 1 FROM onderwerpobjecten o WHERE o.klantcontact_id = k.id AND o.object_id = " + w.Arg(f.OnderwerpobjectObjectID) + ")")
	}
	if f.InterneTaakID != "" {
		w.And("EXISTS (SELECT 1 FROM interne_taken t WHERE t.klantcontact_id = k.id AND t.id = " + w.Arg(f.InterneTaakID) + ")")
	}
	w.Eq("k.vraag", f.Inhoud)
	w.Eq("k.antwoord", f.Reactie)
	if !f.PlaatsgevondenOp.IsZero() {
		w.And("k.plaatsgevonden_op = " + w.Arg(f.PlaatsgevondenOp.UTC()))
	}
	if f.BetrokkeneID != "" {
		w.And("EXISTS (SELECT 1 FROM betrokkenen b WHERE b.klantcontact_id = k.id AND b.id = " + w.Arg(f.BetrokkeneID) + ")")
	}
	if f.BetrokkeneAdres != "" {
		w.And("EXISTS (SELECT 1 FROM betrokkenen b JOIN digitale_adressen d ON d.betrokkene_id = b.id WHERE b.klantcontact_id = k.id AND " +
			s.DB.ILike("d.adres", w.Arg("%"+db.LikeEscape(f.BetrokkeneAdres)+"%")) + ")")
	}
	if g := f.BetrokkenePartij; g != (IdentificatorGroep{}) {
		w.And("EXISTS (SELECT 1 FROM betrokkenen b JOIN partij_identificatoren i ON i.partij_id = b.partij_id WHERE b.klantcontact_id = k.id" + identConds(&w, "i", g) + ")")
	}
	if f.OnderwerpobjectID != "" {
		w.And("EXISTS (SELECT 1 FROM onderwerpobjecten o WHERE o.klantcontact_id = k.id AND o.id = " + w.Arg(f.OnderwerpobjectID) + ")")
	}
	if f.WasOnderwerpobjectID != "" {
		w.And("EXISTS (SELECT 1 FROM onderwerpobjecten o WHERE o.was_klantcontact_id = k.id AND o.id = " + w.Arg(f.WasOnderwerpobjectID) + ")")
	}
	if o := f.Onderwerpobject; o != (ObjectIdentificator{}) {
		w.And("EXISTS (SELECT 1 FROM onderwerpobjecten o WHERE o.klantcontact_id = k.id" + objConds(&w, "o", o) + ")")
	}
	if o := f.WasOnderwerpobject; o != (ObjectIdentificator{}) {
		w.And("EXISTS (SELECT 1 FROM onderwerpobjecten o WHERE o.was_klantcontact_id = k.id" + objConds(&w, "o", o) + ")")
	}
	var total int
	if err := s.DB.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM klantcontacten k`+w.String(), w.Args()...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("klant: count klantcontacten: %w", err)
	}
	rows, err := s.DB.R.QueryContext(ctx, `SELECT `+contactCols+` FROM klantcontacten k`+w.String()+
		` ORDER BY k.plaatsgevonden_op DESC, k.id DESC`+f.Page.sql(), w.Args()...)
	if err != nil {
		return nil, 0, fmt.Errorf("klant: list klantcontacten: %w", err)
	}
	defer rows.Close()
	var out []Klantcontact
	for rows.Next() {
		k, err := scanContact(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, k)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	rows.Close()
	return out, total, s.fillContacten(ctx, out)
}

// Timeline lists a customer's contacts on every channel, newest first, for
// the klantbeeld. Give the partij (PartijID) or the report key (PartijType
// and PartijKey: a BSN, KvK-nummer or vestigingsnummer), for a customer from
// the basisregistratie who has no partij yet. Related ids are not filled.
func (s *Service) Timeline(ctx context.Context, partijID, partijType, partijKey string, limit int) ([]Klantcontact, error) {
	if limit <= 0 {
		limit = 50
	}
	if partijID != "" {
		if !db.ValidUUID(partijID) {
			return nil, notFound("partij", partijID)
		}
		var f errs.Fields
		r, err := s.partyOf(ctx, s.DB.R, &f, partijID)
		if err != nil {
			return nil, err
		}
		if !f.Empty() {
			return nil, notFound("partij", partijID)
		}
		if r.key != partijID {
			partijType, partijKey = r.typ, r.key
		} else {
			return s.timeline(ctx, `k.klant_partij_id = $1`, limit, partijID)
		}
	}
	if partijKey == "" {
		return nil, errs.InvalidField("partij", "required", "Kies de klant.")
	}
	return s.timeline(ctx, `k.partij_id = $1 AND k.partij_type = $2`, limit, partijKey, partijType)
}

func (s *Service) timeline(ctx context.Context, where string, limit int, args ...any) ([]Klantcontact, error) {
	rows, err := s.DB.R.QueryContext(ctx, `SELECT `+contactCols+` FROM klantcontacten k WHERE `+where+
		fmt.Sprintf(` ORDER BY k.plaatsgevonden_op DESC LIMIT %d`, limit), args...)
	if err != nil {
		return nil, fmt.Errorf("klant: timeline: %w", err)
	}
	defer rows.Close()
	var out []Klantcontact
	for rows.Next() {
		k, err := scanContact(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, k)
	}
	return out, rows.Err()
}

// ContactUpdate replaces the fields of a klantcontact an API client may
// change. The customer, medewerker and uitkomst stay as registered.
type ContactUpdate struct {
	Kanaal                 string
	Onderwerp              string
	Vraag, Antwoord        string
	Referentienummer       string
	IndicatieContactGelukt *bool
	HoofdOnderwerpType     string
	VerdereActieOndernomen bool
	Taal                   string
	Vertrouwelijk          bool
	PlaatsgevondenOp       time.Time
	Metadata               map[string]string
}

// UpdateContact changes a klantcontact.
func (s *Service) UpdateContact(ctx context.Context, id string, u ContactUpdate) (Klantcontact, error) {
	old, err := s.GetContact(ctx, id)
	if err != nil {
		return Klantcontact{}, err
	}
	in := ContactInput{Kanaal: u.Kanaal, Onderwerp: u.Onderwerp, Vraag: u.Vraag, Antwoord: u.Antwoord,
		Referentienummer: u.Referentienummer, HoofdOnderwerpType: u.HoofdOnderwerpType, Taal: u.Taal,
		Metadata: u.Metadata, PlaatsgevondenOp: u.PlaatsgevondenOp, Uitkomst: old.Uitkomst}
	err = s.DB.Tx(ctx, func(tx *sql.Tx) error {
		var f errs.Fields
		if err := s.checkContact(ctx, tx, &in, &f); err != nil {
			return err
		}
		if err := fieldsExcept(&f, "contactverzoek", "zaak"); err != nil {
			return err
		}
		at := in.PlaatsgevondenOp
		if at.IsZero() {
			at = old.PlaatsgevondenOp
		}
		meta, err := json.Marshal(orEmpty(in.Metadata))
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE klantcontacten SET kanaal=$2, onderwerp=$3, vraag=$4, antwoord=$5,
			referentienummer=$6, indicatie_contact_gelukt=$7, hoofd_onderwerp_type=$8, verdere_actie_ondernomen=$9, taal=$10,
			vertrouwelijk=$11, plaatsgevonden_op=$12, metadata=$13, updated_at=$14 WHERE id=$1`, id, in.Kanaal, in.Onderwerp,
			in.Vraag, in.Antwoord, in.Referentienummer, ptrBool(u.IndicatieContactGelukt), in.HoofdOnderwerpType,
			u.VerdereActieOndernomen, in.Taal, u.Vertrouwelijk, at.UTC(), string(meta), s.now()); err != nil {
			return fmt.Errorf("klant: update klantcontact: %w", err)
		}
		return s.record(ctx, tx, change{resource: "klantcontact", id: id, actie: "update", old: old, new: u, weergave: in.Onderwerp})
	})
	if err != nil {
		return Klantcontact{}, err
	}
	return s.GetContact(ctx, id)
}

// fieldsExcept returns f's error without the given fields' errors (rules
// that apply at registration only).
func fieldsExcept(f *errs.Fields, skip ...string) error {
	e := errs.As(f.Err())
	if e == nil {
		return nil
	}
	var out errs.Fields
	for _, fe := range e.Fields {
		if !contains(skip, fe.Field) {
			out.Add(fe.Field, fe.Code, fe.Reason)
		}
	}
	return out.Err()
}

// DeleteContact removes a klantcontact with its betrokkenen, onderwerpobjecten,
// bijlagen and interne taken.
func (s *Service) DeleteContact(ctx context.Context, id string) error {
	old, err := s.GetContact(ctx, id)
	if err != nil {
		return err
	}
	return s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM klantcontacten WHERE id = $1`, id); err != nil {
			return fmt.Errorf("klant: delete klantcontact: %w", err)
		}
		return s.record(ctx, tx, change{resource: "klantcontact", id: id, actie: "destroy", old: old, weergave: old.Onderwerp})
	})
}

// identConds are the AND conditions on alias's identificator columns for
// the non-empty fields of g.
func identConds(w *db.Where, alias string, g IdentificatorGroep) string {
	c := ""
	for _, p := range [][2]string{{"code_objecttype", g.CodeObjecttype}, {"code_register", g.CodeRegister},
		{"code_soort_object_id", g.CodeSoortObjectID}, {"object_id", g.ObjectID}} {
		if p[1] != "" {
			c += " AND " + alias + "." + p[0] + " = " + w.Arg(p[1])
		}
	}
	return c
}

// objConds are the AND conditions on alias's object identificator columns.
func objConds(w *db.Where, alias string, o ObjectIdentificator) string {
	c := ""
	for _, p := range [][2]string{{"object_id", o.ObjectID}, {"code_objecttype", o.CodeObjecttype},
		{"code_register", o.CodeRegister}, {"code_soort_object_id", o.CodeSoortObjectID}} {
		if p[1] != "" {
			c += " AND " + alias + "." + p[0] + " = " + w.Arg(p[1])
		}
	}
	return c
}

// MaakInput is the API's maak-klantcontact: a contact with its betrokkene
// and onderwerpobject, made together.
type MaakInput struct {
	Contact         ContactInput
	Betrokkene      *BetrokkeneInput      // KlantcontactID is set here
	Onderwerpobject *OnderwerpobjectInput // KlantcontactID is set here
}

// MaakResult names what MaakKlantcontact made.
type MaakResult struct {
	KlantcontactID, BetrokkeneID, OnderwerpobjectID string
}

// MaakKlantcontact registers a contact with its betrokkene and onderwerpobject
// in one transaction: all or nothing.
func (s *Service) MaakKlantcontact(ctx context.Context, in MaakInput) (MaakResult, error) {
	var res MaakResult
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		id, err := s.registerContact(ctx, tx, in.Contact)
		if err != nil {
			return err
		}
		res.KlantcontactID = id
		if b := in.Betrokkene; b != nil {
			b.KlantcontactID = id
			if err := prefixErr("betrokkene.", s.checkBetrokkene(ctx, tx, b)); err != nil {
				return err
			}
			if res.BetrokkeneID, err = s.insertBetrokkene(ctx, tx, *b); err != nil {
				return err
			}
			if err := s.linkContactParty(ctx, tx, *b); err != nil {
				return err
			}
			if err := s.record(ctx, tx, change{resource: "betrokkene", id: res.BetrokkeneID, actie: "create", new: b, hoofd: "klantcontact", hoofdID: id}); err != nil {
				return err
			}
		}
		if o := in.Onderwerpobject; o != nil {
			o.KlantcontactID = id
			if err := prefixErr("onderwerpobject.", s.checkOnderwerpobject(ctx, tx, *o)); err != nil {
				return err
			}
			if res.OnderwerpobjectID, err = s.insertOnderwerpobject(ctx, tx, *o); err != nil {
				return err
			}
			if err := s.linkZaak(ctx, tx, *o); err != nil {
				return err
			}
			if err := s.record(ctx, tx, change{resource: "onderwerpobject", id: res.OnderwerpobjectID, actie: "create", new: o, hoofd: "klantcontact", hoofdID: id}); err != nil {
				return err
			}
		}
		return nil
	})
	return res, err
}

func prefixErr(prefix string, err error) error {
	e := errs.As(err)
	if e == nil || e.Kind != errs.Invalid || len(e.Fields) == 0 {
		return err
	}
	var f errs.Fields
	for _, fe := range e.Fields {
		f.Add(prefix+fe.Field, fe.Code, fe.Reason)
	}
	return f.Err()
}

// partyKey is the number a contact names its customer by, with the same
// order and checks as resolveParty: for an input it rejects (or one naming
// a partij by id, or none) soort is "", so that the registration reports it.
func partyKey(in ContactInput) (soort, nummer, kvk, typ string) {
	switch {
	case in.PartijID != "":
	case in.BSN != "":
		if ident.BSN(in.BSN) == nil {
			return "bsn", in.BSN, "", PartijNatuurlijkPersoon
		}
	case in.KvKNummer != "" || in.Vestigingsnummer != "":
		switch {
		case ident.KvK(in.KvKNummer) != nil:
		case in.Vestigingsnummer == "":
			return "kvk_nummer", in.KvKNummer, "", PartijNietNatuurlijkPersoon
		case ident.Vestigingsnummer(in.Vestigingsnummer) == nil:
			return "vestigingsnummer", in.Vestigingsnummer, in.KvKNummer, PartijVestiging
		}
	}
	return "", "", "", ""
}

// preparePartij finds the partij of a BSN, KvK-nummer or vestigingsnummer
// outside the registration's transaction, or creates it from the
// basisregistratie when it has none yet. It returns the partij when it
// existed (the registration then need not look it up again: one round trip
// fewer in its transaction), else nothing. Errors are left for the
// registration to report with the other fields.
func (s *Service) preparePartij(ctx context.Context, in ContactInput) resolvedParty {
	soort, nummer, kvk, typ := partyKey(in)
	if soort == "" {
		return resolvedParty{}
	}
	r, found, err := s.findPartij(ctx, soort, nummer, typ)
	if err == nil && !found {
		// A unique violation here means another registration made it just
		// now; the registration finds it in its transaction.
		_, _ = s.PartijVoor(ctx, soort, nummer, kvk)
	}
	return r
}

// findPartij reads the partij with a number outside a transaction.
func (s *Service) findPartij(ctx context.Context, soort, nummer, typ string) (resolvedParty, bool, error) {
	r := resolvedParty{typ: typ, key: nummer}
	err := s.DB.R.QueryRowContext(ctx, `SELECT p.id, p.weergave_naam FROM partij_identificatoren i JOIN partijen p ON p.id = i.partij_id
		WHERE i.code_soort_object_id = $1 AND i.object_id = $2`, soort, nummer).Scan(&r.id, &r.naam)
	if err == sql.ErrNoRows {
		return resolvedParty{}, false, nil
	}
	if err != nil {
		return resolvedParty{}, false, fmt.Errorf("klant: find partij: %w", err)
	}
	return r, true, nil
}

// PrepareContact does before a transaction what RegisterContactTx would
// otherwise do inside it, for callers that register a contact as part of
// a longer transaction (an e-form submission): on PostgreSQL it draws the
// contact's number (as DrawNummer), finds the customer's partij, and makes
// sure numbers are at hand for a partij or interne taak the registration
// may create. The transaction then holds no row lock of identificatie_seq
// and makes fewer round trips. Unlike RegisterContact it does not create a
// missing partij beforehand: that happens in the transaction, so a failed
// submission leaves nothing behind. Pass the result to RegisterContactTx;
// on SQLite it is in unchanged. Not inside a transaction.
func (s *Service) PrepareContact(ctx context.Context, in ContactInput) (ContactInput, error) {
	if s.DB.Engine != db.Postgres {
		return in, nil
	}
	if in.Nummer == "" && in.nummer == "" {
		n, err := s.blockNummer(ctx, s.contactMoment(in))
		if err != nil {
			return in, err
		}
		in.nummer = n
	}
	if soort, nummer, _, typ := partyKey(in); soort != "" {
		r, found, err := s.findPartij(ctx, soort, nummer, typ)
		if err != nil {
			return in, err
		}
		if found {
			in.party = r
		} else if err := s.reserve(ctx, "partij"); err != nil {
			return in, err
		}
	}
	if in.Contactverzoek != nil {
		if err := s.reserve(ctx, "internetaak"); err != nil {
			return in, err
		}
	}
	return in, nil
}
