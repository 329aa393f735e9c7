package zaak

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/errs"
)

// Reads and the few writes the Zaken API needs on the parts of a zaak
// beyond what the pages use: single parts by id, filtered lists with
// authorisation in SQL, zaakobject updates and the deprecated klantcontacten.

// PartFilter selects parts of zaken for the API lists. Fields that do not
// apply to a kind of part are ignored.
type PartFilter struct {
	Access  APIAccess
	ZaakID  string
	NoMatch bool
	// statussen
	StatusTypeID    string
	IndicatieLaatst *bool
	// resultaten
	ResultaatTypeID string
	// rollen
	Rol          RolCond
	RolTypeID    string
	Omschrijving string
	// zaakobjecten
	Object     string
	ObjectType string

	Page     int
	PageSize int
}

func (f *PartFilter) base(alias string) *where {
	w := &where{}
	if f.NoMatch {
		w.add("1 = 0")
	}
	if c := accessCond(w, f.Access, "z.zaaktype_id", "z.vertrouwelijkheidaanduiding"); c != "" {
		w.add(c)
	}
	if f.ZaakID != "" {
		if !db.ValidUUID(f.ZaakID) {
			w.add("1 = 0")
		} else {
			w.add(alias + ".zaak_id = " + w.p(f.ZaakID))
		}
	}
	return w
}

func uuidEq(w *where, col, v string) {
	if v == "" {
		return
	}
	if !db.ValidUUID(v) {
		w.add("1 = 0")
		return
	}
	w.add(col + " = " + w.p(v))
}

// page runs a counted, paged query: from must join zaken z. It counts as
// the zaken list does (pageCount): every change to a part goes through the
// zaak auditor, which raises the version the cached counts are kept under.
// Without it, GET /rollen?betrokkeneType=… counted a million rollen on
// every page.
func (s *Service) page(ctx context.Context, cols, from string, w *where, order string, page, size int,
	scan func(rowScanner) error) (int, error) {
	if size <= 0 {
		size = 100
	}
	page = max(page, 1)
	offset := (page - 1) * size
	rows, err := s.DB.R.QueryContext(ctx, `SELECT `+cols+` `+from+w.sql()+` ORDER BY `+order+
		fmt.Sprintf(" LIMIT %d OFFSET %d", size, offset), w.args...)
	if err != nil {
		return 0, fmt.Errorf("zaak: list: %w", err)
	}
	defer rows.Close()
	got := 0
	for rows.Next() {
		if err := scan(rows); err != nil {
			return 0, fmt.Errorf("zaak: list: scan: %w", err)
		}
		got++
	}
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("zaak: list: %w", err)
	}
	n, err := s.pageCount(ctx, `SELECT COUNT(*) `+from+w.sql(), w.args, got, size, offset)
	if err != nil {
		return 0, fmt.Errorf("zaak: count: %w", err)
	}
	return n, nil
}

// ---- Statussen ----

// APIStatus is a status with whether it is the zaak's current one.
type APIStatus struct {
	Status
	Laatst bool
}

const apiStatusCols = `s.id, s.zaak_id, s.statustype_id, s.datum_status_gezet, s.statustoelichting,
	s.gezetdoor_rol_id, s.created_by, s.created_at, st.volgnummer, st.omschrijving, st.statustekst,
	(SELECT MAX(m.volgnummer) FROM statustypen m WHERE m.zaaktype_id = st.zaaktype_id), s.id = z.status_id`

const apiStatusFrom = `FROM statussen s JOIN statustypen st ON st.id = s.statustype_id JOIN zaken z ON z.id = s.zaak_id`

func scanAPIStatus(r rowScanner) (APIStatus, error) {
	var s APIStatus
	var rol sql.NullString
	var maxV int
	var laatst sql.NullBool
	if err := r.Scan(&s.ID, &s.ZaakID, &s.StatusTypeID, &s.DatumStatusGezet, &s.Statustoelichting, &rol,
		&s.CreatedBy, &s.CreatedAt, &s.StatusType.Volgnummer, &s.StatusType.Omschrijving, &s.StatusType.Statustekst,
		&maxV, &laatst); err != nil {
		return s, err
	}
	s.StatusType.ID = s.StatusTypeID
	s.StatusType.IsEindstatus = s.StatusType.Volgnummer == maxV
	s.GezetdoorRolID = rol.String
	s.Laatst = laatst.Bool
	s.DatumStatusGezet, s.CreatedAt = s.DatumStatusGezet.UTC(), s.CreatedAt.UTC()
	return s, nil
}

// GetStatus returns one status.
func (s *Service) GetStatus(ctx context.Context, id string) (*APIStatus, error) {
	if !db.ValidUUID(id) {
		return nil, errs.NotFoundf("status", id)
	}
	st, err := scanAPIStatus(s.DB.R.QueryRowContext(ctx, `SELECT `+apiStatusCols+` `+apiStatusFrom+` WHERE s.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.NotFoundf("status", id)
	}
	if err != nil {
		return nil, fmt.Errorf("zaak: status: %w", err)
	}
	return &st, nil
}

// APIStatussen lists statussen, newest first.
func (s *Service) APIStatussen(ctx context.Context, f PartFilter) ([]APIStatus, int, error) {
	w := f.base("s")
	uuidEq(w, "s.statustype_id", f.StatusTypeID)
	if f.IndicatieLaatst != nil {
		if *f.IndicatieLaatst {
			w.add("s.id = z.status_id")
		} else {
			w.add("(z.status_id IS NULL OR s.id <> z.status_id)")
		}
	}
	var out []APIStatus
	n, err := s.page(ctx, apiStatusCols, apiStatusFrom, w, "s.datum_status_gezet DESC, s.id DESC", f.Page, f.PageSize,
		func(r rowScanner) error {
			st, err := scanAPIStatus(r)
			out = append(out, st)
			return err
		})
	return out, n, err
}

// ---- Resultaten ----

const apiResultaatCols = `r.id, r.zaak_id, r.resultaattype_id, rt.omschrijving, r.toelichting, r.created_at`
const apiResultaatFrom = `FROM resultaten r JOIN resultaattypen rt ON rt.id = r.resultaattype_id JOIN zaken z ON z.id = r.zaak_id`

func scanResultaat(sc rowScanner) (Resultaat, error) {
	var r Resultaat
	err := sc.Scan(&r.ID, &r.ZaakID, &r.ResultaatTypeID, &r.ResultaatTypeOmschrijving, &r.Toelichting, &r.CreatedAt)
	r.CreatedAt = r.CreatedAt.UTC()
	return r, err
}

// GetResultaatByID returns one resultaat.
func (s *Service) GetResultaatByID(ctx context.Context, id string) (*Resultaat, error) {
	if !db.ValidUUID(id) {
		return nil, errs.NotFoundf("resultaat", id)
	}
	r, err := scanResultaat(s.DB.R.QueryRowContext(ctx, `SELECT `+apiResultaatCols+` `+apiResultaatFrom+` WHERE r.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.NotFoundf("resultaat", id)
	}
	if err != nil {
		return nil, fmt.Errorf("zaak: resultaat: %w", err)
	}
	return &r, nil
}

// APIResultaten lists resultaten.
func (s *Service) APIResultaten(ctx context.Context, f PartFilter) ([]Resultaat, int, error) {
	w := f.base("r")
	uuidEq(w, "r.resultaattype_id", f.ResultaatTypeID)
	var out []Resultaat
	n, err := s.page(ctx, apiResultaatCols, apiResultaatFrom, w, "r.created_at, r.id", f.Page, f.PageSize,
		func(sc rowScanner) error {
			r, err := scanResultaat(sc)
			out = append(out, r)
			return err
		})
	return out, n, err
}

// ---- Rollen ----

const apiRolFrom = `FROM rollen r LEFT JOIN roltypen rt ON rt.id = r.roltype_id JOIN zaken z ON z.id = r.zaak_id`

// GetRol returns one rol.
func (s *Service) GetRol(ctx context.Context, id string) (*Rol, error) {
	if !db.ValidUUID(id) {
		return nil, errs.NotFoundf("rol", id)
	}
	r, err := scanRol(s.DB.R.QueryRowContext(ctx, `SELECT `+rolCols+` `+apiRolFrom+` WHERE r.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.NotFoundf("rol", id)
	}
	if err != nil {
		return nil, fmt.Errorf("zaak: rol: %w", err)
	}
	return &r, nil
}

// APIRollen lists rollen, oldest first.
func (s *Service) APIRollen(ctx context.Context, f PartFilter) ([]Rol, int, error) {
	w := f.base("r")
	uuidEq(w, "r.roltype_id", f.RolTypeID)
	if f.Rol.BetrokkeneType != "" {
		w.add("r.betrokkene_type = " + w.p(f.Rol.BetrokkeneType))
	}
	if f.Rol.Betrokkene != "" {
		w.add("r.betrokkene = " + w.p(f.Rol.Betrokkene))
	}
	if f.Rol.OmschrijvingGeneriek != "" {
		w.add("r.omschrijving_generiek = " + w.p(f.Rol.OmschrijvingGeneriek))
	}
	if f.Rol.IdentKey != "" {
		w.add(rolIdentCond(w, f.Rol.BetrokkeneType, f.Rol.IdentKey, f.Rol.IdentValue))
	}
	if f.Omschrijving != "" {
		w.add("rt.omschrijving = " + w.p(f.Omschrijving))
	}
	var out []Rol
	n, err := s.page(ctx, rolCols, apiRolFrom, w, "r.registratiedatum, r.id", f.Page, f.PageSize,
		func(sc rowScanner) error {
			r, err := scanRol(sc)
			out = append(out, r)
			return err
		})
	return out, n, err
}

// RolStatussen returns, per rol id, the ids of the statussen it set
// (gezetdoor).
func (s *Service) RolStatussen(ctx context.Context, rolIDs []string) (map[string][]string, error) {
	out := map[string][]string{}
	ok := validUUIDs(rolIDs)
	if len(ok) == 0 {
		return out, nil
	}
	w := &where{}
	rows, err := s.DB.R.QueryContext(ctx, `SELECT gezetdoor_rol_id, id FROM statussen WHERE `+
		inList(w, "gezetdoor_rol_id", ok)+` ORDER BY datum_status_gezet`, w.args...)
	if err != nil {
		return nil, fmt.Errorf("zaak: rol statussen: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var rol, id string
		if err := rows.Scan(&rol, &id); err != nil {
			return nil, err
		}
		out[rol] = append(out[rol], id)
	}
	return out, rows.Err()
}

// ---- Zaakobjecten ----

const apiObjectCols = `o.id, o.zaak_id, o.object, o.object_type, o.object_type_overige, o.relatieomschrijving,
	o.object_identificatie, o.created_at, o.zaakobjecttype_id, o.object_type_overige_definitie`
const apiObjectFrom = `FROM zaakobjecten o JOIN zaken z ON z.id = o.zaak_id`

func scanObject(sc rowScanner) (ZaakObject, error) {
	var o ZaakObject
	var ident, definitie string
	var zotID sql.NullString
	err := sc.Scan(&o.ID, &o.ZaakID, &o.Object, &o.ObjectType, &o.ObjectTypeOverige, &o.Relatieomschrijving,
		&ident, &o.CreatedAt, &zotID, &definitie)
	o.ObjectIdentificatie = json.RawMessage(ident)
	o.ZaakobjecttypeID = zotID.String
	if definitie != "" {
		o.ObjectTypeOverigeDefinitie = &ObjectTypeOverigeDefinitie{}
		_ = json.Unmarshal([]byte(definitie), o.ObjectTypeOverigeDefinitie)
	}
	o.CreatedAt = o.CreatedAt.UTC()
	return o, err
}

// GetObject returns one zaakobject.
func (s *Service) GetObject(ctx context.Context, id string) (*ZaakObject, error) {
	if !db.ValidUUID(id) {
		return nil, errs.NotFoundf("zaakobject", id)
	}
	o, err := scanObject(s.DB.R.QueryRowContext(ctx, `SELECT `+apiObjectCols+` `+apiObjectFrom+` WHERE o.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.NotFoundf("zaakobject", id)
	}
	if err != nil {
		return nil, fmt.Errorf("zaak: zaakobject: %w", err)
	}
	return &o, nil
}

// APIObjecten lists zaakobjecten, oldest first.
func (s *Service) APIObjecten(ctx context.Context, f PartFilter) ([]ZaakObject, int, error) {
	w := f.base("o")
	if f.Object != "" {
		w.add("o.object = " + w.p(f.Object))
	}
	if f.ObjectType != "" {
		w.add("o.object_type = " + w.p(f.ObjectType))
	}
	var out []ZaakObject
	n, err := s.page(ctx, apiObjectCols, apiObjectFrom, w, "o.created_at, o.id", f.Page, f.PageSize,
		func(sc rowScanner) error {
			o, err := scanObject(sc)
			out = append(out, o)
			return err
		})
	return out, n, err
}

// UpdateObject replaces the fields of a zaakobject; the zaak cannot change.
func (s *Service) UpdateObject(ctx context.Context, id string, in ZaakObjectInput) (*ZaakObject, error) {
	zaakID, err := zaakOf(ctx, s.DB.R, `SELECT zaak_id FROM zaakobjecten WHERE id = $1`, id, "zaakobject")
	if err != nil {
		return nil, err
	}
	var f errs.Fields
	ident := checkObjectInput(&f, in)
	definitie := checkOverigeDefinitie(&f, in.ObjectTypeOverigeDefinitie)
	if err := f.Err(); err != nil {
		return nil, err
	}
	var out ZaakObject
	err = s.change(ctx, zaakID, func(c *change) error {
		old, err := scanObject(c.tx.QueryRowContext(ctx, `SELECT `+apiObjectCols+` `+apiObjectFrom+` WHERE o.id = $1`, id))
		if errors.Is(err, sql.ErrNoRows) {
			return errs.NotFoundf("zaakobject", id)
		}
		if err != nil {
			return fmt.Errorf("zaak: zaakobject: %w", err)
		}
		out = old
		out.Object, out.ObjectType, out.ObjectTypeOverige = in.Object, in.ObjectType, in.ObjectTypeOverige
		out.Relatieomschrijving, out.ObjectIdentificatie = in.Relatieomschrijving, json.RawMessage(ident)
		out.ZaakobjecttypeID, out.ObjectTypeOverigeDefinitie = in.ZaakobjecttypeID, in.ObjectTypeOverigeDefinitie
		if err := checkZaakobjecttype(ctx, c.tx, in.ZaakobjecttypeID, c.z.ZaakTypeID); err != nil {
			return err
		}
		if _, err := c.tx.ExecContext(ctx, `UPDATE zaakobjecten SET object = $2, object_type = $3,
			object_type_overige = $4, relatieomschrijving = $5, object_identificatie = $6, zaakobjecttype_id = $7,
			object_type_overige_definitie = $8 WHERE id = $1`,
			id, out.Object, out.ObjectType, out.ObjectTypeOverige, out.Relatieomschrijving, ident,
			nullStr(out.ZaakobjecttypeID), definitie); err != nil {
			return fmt.Errorf("zaak: update zaakobject: %w", err)
		}
		return c.audit("zaakobject", id, "update", "Object gewijzigd ("+out.ObjectType+")", old, out)
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// checkObjectInput validates a zaakobject as AddObject does and returns the
// objectIdentificatie JSON to store.
func checkObjectInput(f *errs.Fields, in ZaakObjectInput) string {
	if !oneOf(in.ObjectType, ObjectTypen) {
		f.Add("objectType", "invalid_choice", "Onbekend objecttype.")
	}
	if in.ObjectType == "overige" && trim(in.ObjectTypeOverige) == "" {
		f.Add("objectTypeOverige", "required", "Bij objecttype 'overige' is objectTypeOverige verplicht.")
	}
	ident := "{}"
	if len(in.ObjectIdentificatie) > 0 && string(in.ObjectIdentificatie) != "null" {
		var m map[string]any
		if json.Unmarshal(in.ObjectIdentificatie, &m) != nil {
			f.Add("objectIdentificatie", "invalid", "De objectidentificatie moet een JSON-object zijn.")
		} else {
			ident = string(in.ObjectIdentificatie)
		}
	}
	if in.Object == "" && ident == "{}" {
		f.Add("object", "required", "Geef een object-URL of een objectidentificatie.")
	}
	if len([]rune(in.Relatieomschrijving)) > 80 {
		f.Add("relatieomschrijving", "max_length", "De relatieomschrijving mag niet langer zijn dan 80 tekens.")
	}
	return ident
}

// ---- Zaakeigenschappen ----

// GetEigenschap returns one zaakeigenschap.
func (s *Service) GetEigenschap(ctx context.Context, id string) (*ZaakEigenschap, error) {
	if !db.ValidUUID(id) {
		return nil, errs.NotFoundf("zaakeigenschap", id)
	}
	var e ZaakEigenschap
	err := s.DB.R.QueryRowContext(ctx, `SELECT id, zaak_id, eigenschap_id, naam, waarde FROM zaakeigenschappen
		WHERE id = $1`, id).Scan(&e.ID, &e.ZaakID, &e.EigenschapID, &e.Naam, &e.Waarde)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.NotFoundf("zaakeigenschap", id)
	}
	if err != nil {
		return nil, fmt.Errorf("zaak: zaakeigenschap: %w", err)
	}
	return &e, nil
}

// Eigenschappen lists the eigenschappen of a zaak.
func (s *Service) Eigenschappen(ctx context.Context, zaakID string) ([]ZaakEigenschap, error) {
	if !db.ValidUUID(zaakID) {
		return nil, errs.NotFoundf("zaak", zaakID)
	}
	return listEigenschappen(ctx, s.DB.R, zaakID)
}

// ---- Klantcontacten (Zaken API, deprecated) ----

// KlantContact is a contact about a zaak registered through the Zaken API.
type KlantContact struct {
	ID            string    `json:"uuid"`
	ZaakID        string    `json:"zaak"`
	Identificatie string    `json:"identificatie"`
	Datumtijd     time.Time `json:"datumtijd"`
	Kanaal        string    `json:"kanaal"`
	Onderwerp     string    `json:"onderwerp"`
	Toelichting   string    `json:"toelichting"`
}

// AddKlantContact registers a klantcontact; an empty identificatie is
// generated (KC-{year}-{6 digits}).
func (s *Service) AddKlantContact(ctx context.Context, zaakID string, in KlantContact) (*KlantContact, error) {
	var f errs.Fields
	in.Identificatie = trim(in.Identificatie)
	if len([]rune(in.Identificatie)) > 14 {
		f.Add("identificatie", "max_length", "De identificatie mag niet langer zijn dan 14 tekens.")
	}
	if in.Datumtijd.IsZero() {
		f.Add("datumtijd", "required", "De datum en tijd van het contact zijn verplicht.")
	}
	if len([]rune(in.Kanaal)) > 20 {
		f.Add("kanaal", "max_length", "Het kanaal mag niet langer zijn dan 20 tekens.")
	}
	if len([]rune(in.Onderwerp)) > 200 {
		f.Add("onderwerp", "max_length", "Het onderwerp mag niet langer zijn dan 200 tekens.")
	}
	if len([]rune(in.Toelichting)) > 1000 {
		f.Add("toelichting", "max_length", "De toelichting mag niet langer zijn dan 1000 tekens.")
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	out := in
	err := s.change(ctx, zaakID, func(c *change) error {
		out.ID, out.ZaakID, out.Datumtijd = newID(), c.z.ID, in.Datumtijd.UTC()
		if out.Identificatie == "" {
			var n int64
			year := c.today.Year
			if err := c.tx.QueryRowContext(ctx, `INSERT INTO identificatie_seq (scope, jaar, last) VALUES ('zaakklantcontact', $1, 1)
				ON CONFLICT (scope, jaar) DO UPDATE SET last = identificatie_seq.last + 1 RETURNING last`, year).Scan(&n); err != nil {
				return fmt.Errorf("zaak: klantcontact identificatie: %w", err)
			}
			out.Identificatie = fmt.Sprintf("KC-%d-%06d", year, n)
		}
		if _, err := c.tx.ExecContext(ctx, `INSERT INTO zaak_klantcontacten (id, zaak_id, identificatie, datumtijd,
			kanaal, onderwerp, toelichting, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)`, out.ID, out.ZaakID,
			out.Identificatie, out.Datumtijd, out.Kanaal, out.Onderwerp, out.Toelichting, c.now); err != nil {
			return fmt.Errorf("zaak: insert klantcontact: %w", err)
		}
		return c.audit("klantcontact", out.ID, "create", "Klantcontact vastgelegd", nil, out)
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

const apiKCCols = `k.id, k.zaak_id, k.identificatie, k.datumtijd, k.kanaal, k.onderwerp, k.toelichting`
const apiKCFrom = `FROM zaak_klantcontacten k JOIN zaken z ON z.id = k.zaak_id`

func scanKC(sc rowScanner) (KlantContact, error) {
	var k KlantContact
	err := sc.Scan(&k.ID, &k.ZaakID, &k.Identificatie, &k.Datumtijd, &k.Kanaal, &k.Onderwerp, &k.Toelichting)
	k.Datumtijd = k.Datumtijd.UTC()
	return k, err
}

// GetKlantContact returns one klantcontact.
func (s *Service) GetKlantContact(ctx context.Context, id string) (*KlantContact, error) {
	if !db.ValidUUID(id) {
		return nil, errs.NotFoundf("klantcontact", id)
	}
	k, err := scanKC(s.DB.R.QueryRowContext(ctx, `SELECT `+apiKCCols+` `+apiKCFrom+` WHERE k.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.NotFoundf("klantcontact", id)
	}
	if err != nil {
		return nil, fmt.Errorf("zaak: klantcontact: %w", err)
	}
	return &k, nil
}

// APIKlantContacten lists klantcontacten, newest first.
func (s *Service) APIKlantContacten(ctx context.Context, f PartFilter) ([]KlantContact, int, error) {
	w := f.base("k")
	var out []KlantContact
	n, err := s.page(ctx, apiKCCols, apiKCFrom, w, "k.datumtijd DESC, k.id DESC", f.Page, f.PageSize,
		func(sc rowScanner) error {
			k, err := scanKC(sc)
			out = append(out, k)
			return err
		})
	return out, n, err
}

// IsEindstatus reports whether the statustype is the eindstatus (highest
// volgnummer) of its zaaktype; NotFound when it does not exist.
func (s *Service) IsEindstatus(ctx context.Context, statustypeID string) (bool, error) {
	st, err := loadStatusType(ctx, s.DB.R, statustypeID)
	if errors.Is(err, sql.ErrNoRows) {
		return false, errs.NotFoundf("statustype", statustypeID)
	}
	if err != nil {
		return false, fmt.Errorf("zaak: statustype: %w", err)
	}
	return st.Volgnummer == st.MaxVolgnr, nil
}

// StatusCount is the number of statussen of a zaak.
func (s *Service) StatusCount(ctx context.Context, zaakID string) (int, error) {
	return count(ctx, s.DB.R, `SELECT COUNT(*) FROM statussen WHERE zaak_id = $1`, zaakID)
}

// HasResultaat reports whether the zaak has its resultaat.
func (s *Service) HasResultaat(ctx context.Context, zaakID string) (bool, error) {
	return db.Exists(ctx, s.DB.R, `SELECT 1 FROM resultaten WHERE zaak_id = $1`, zaakID)
}

// checkOverigeDefinitie validates an objectTypeOverigeDefinitie (all three
// fields required, as the Zaken API says) and returns its stored form.
func checkOverigeDefinitie(f *errs.Fields, d *ObjectTypeOverigeDefinitie) string {
	if d == nil {
		return ""
	}
	for _, x := range []struct {
		field, v string
		max      int
	}{{"url", d.URL, 1000}, {"schema", d.Schema, 100}, {"objectData", d.ObjectData, 100}} {
		switch n := len([]rune(x.v)); {
		case trim(x.v) == "":
			f.Add("objectTypeOverigeDefinitie."+x.field, "required", "Dit gegeven van de definitie is verplicht.")
		case n > x.max:
			f.Add("objectTypeOverigeDefinitie."+x.field, "max_length", fmt.Sprintf("Hoogstens %d tekens (nu %d).", x.max, n))
		}
	}
	b, _ := json.Marshal(d)
	return string(b)
}

// checkZaakobjecttype: a zaakobject's zaakobjecttype is one of its zaak's
// zaaktype (as zrc-019 asks of a rol's roltype).
func checkZaakobjecttype(ctx context.Context, q db.Queryer, id, zaaktypeID string) error {
	if id == "" {
		return nil
	}
	if !db.ValidUUID(id) {
		return errs.InvalidField("zaakobjecttype", "does_not_exist", "Dit zaakobjecttype bestaat niet.")
	}
	var zt string
	err := q.QueryRowContext(ctx, `SELECT zaaktype_id FROM zaakobjecttypen WHERE id = $1`, id).Scan(&zt)
	if errors.Is(err, sql.ErrNoRows) {
		return errs.InvalidField("zaakobjecttype", "does_not_exist", "Dit zaakobjecttype bestaat niet.")
	}
	if err != nil {
		return fmt.Errorf("zaak: zaakobjecttype: %w", err)
	}
	if zt != zaaktypeID {
		return errs.InvalidField("zaakobjecttype", "zaaktype-mismatch", "Dit zaakobjecttype hoort niet bij het zaaktype van de zaak.")
	}
	return nil
}
