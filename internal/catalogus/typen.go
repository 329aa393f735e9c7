package catalogus

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/google/uuid"

	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/errs"
)

// checkCatalogus checks the catalogus of a new informatieobjecttype or besluittype.
func checkCatalogus(ctx context.Context, q db.Queryer, id string) error {
	if id == "" {
		return errs.InvalidField("catalogus", "required", "Dit veld is verplicht.")
	}
	ok := uuid.Validate(id) == nil
	if ok {
		var err error
		if ok, err = db.Exists(ctx, q, `SELECT 1 FROM catalogi WHERE id = $1`, id); err != nil {
			return err
		}
	}
	if !ok {
		return errs.InvalidField("catalogus", "does_not_exist", "Deze catalogus bestaat niet.")
	}
	return nil
}

func validateGeldigheid(f *errs.Fields, begin, einde date.Date) {
	if begin.IsZero() {
		f.Add("beginGeldigheid", "required", "Dit veld is verplicht.")
	} else if !einde.IsZero() && einde.Before(begin) {
		f.Add("eindeGeldigheid", "date-mismatch", "De eindeGeldigheid mag niet vóór de beginGeldigheid liggen.")
	}
}

// ---- InformatieObjectType ----

const iotSelect = `SELECT id, catalogus_id, omschrijving, vertrouwelijkheidaanduiding, informatieobjectcategorie,
	trefwoord, omschrijving_generiek, begin_geldigheid, einde_geldigheid, concept, created_at FROM informatieobjecttypen`

func scanIOT(r scanner) (InformatieObjectType, error) {
	var t InformatieObjectType
	var tref, gen string
	if err := r.Scan(&t.ID, &t.CatalogusID, &t.Omschrijving, &t.Vertrouwelijkheidaanduiding, &t.Informatieobjectcategorie,
		&tref, &gen, &t.BeginGeldigheid, &t.EindeGeldigheid, &t.Concept, &t.CreatedAt); err != nil {
		return t, fmt.Errorf("catalogus: scan informatieobjecttype: %w", err)
	}
	var err error
	if t.Trefwoord, err = parseJSONList(tref); err != nil {
		return t, err
	}
	if gen != "" {
		if err := json.Unmarshal([]byte(gen), &t.OmschrijvingGeneriek); err != nil {
			return t, fmt.Errorf("catalogus: stored omschrijvingGeneriek: %w", err)
		}
	}
	return t, nil
}

func validateIOT(t *InformatieObjectType) error {
	var f errs.Fields
	requiredMax(&f, "omschrijving", t.Omschrijving, 80)
	requiredOneOf(&f, "vertrouwelijkheidaanduiding", t.Vertrouwelijkheidaanduiding, Vertrouwelijkheidaanduidingen)
	requiredMax(&f, "informatieobjectcategorie", t.Informatieobjectcategorie, 80)
	for _, w := range t.Trefwoord {
		maxLen(&f, "trefwoord", w, 30)
	}
	g := t.OmschrijvingGeneriek
	const p = "omschrijvingGeneriek."
	maxLen(&f, p+"informatieobjecttypeOmschrijvingGeneriek", g.InformatieobjecttypeOmschrijvingGeneriek, 80)
	maxLen(&f, p+"definitieInformatieobjecttypeOmschrijvingGeneriek", g.DefinitieInformatieobjecttypeOmschrijvingGeneriek, 255)
	maxLen(&f, p+"herkomstInformatieobjecttypeOmschrijvingGeneriek", g.HerkomstInformatieobjecttypeOmschrijvingGeneriek, 12)
	maxLen(&f, p+"hierarchieInformatieobjecttypeOmschrijvingGeneriek", g.HierarchieInformatieobjecttypeOmschrijvingGeneriek, 80)
	maxLen(&f, p+"opmerkingInformatieobjecttypeOmschrijvingGeneriek", g.OpmerkingInformatieobjecttypeOmschrijvingGeneriek, 255)
	validateGeldigheid(&f, t.BeginGeldigheid, t.EindeGeldigheid)
	return f.Err()
}

func iotData(t *InformatieObjectType) []any {
	gen, _ := json.Marshal(t.OmschrijvingGeneriek)
	return []any{t.Omschrijving, t.Vertrouwelijkheidaanduiding, t.Informatieobjectcategorie, jsonList(t.Trefwoord),
		string(gen), t.BeginGeldigheid, t.EindeGeldigheid}
}

var iotDataCols = []string{"omschrijving", "vertrouwelijkheidaanduiding", "informatieobjectcategorie", "trefwoord",
	"omschrijving_generiek", "begin_geldigheid", "einde_geldigheid"}

// CreateInformatieObjectType stores a new concept informatieobjecttype.
func (s *Store) CreateInformatieObjectType(ctx context.Context, in InformatieObjectType) (*InformatieObjectType, error) {
	t := in
	if err := validateIOT(&t); err != nil {
		return nil, err
	}
	t.ID, t.Concept, t.CreatedAt = uuid.NewString(), true, s.now()
	err := s.write(ctx, func(tx *sql.Tx) error {
		if err := checkCatalogus(ctx, tx, t.CatalogusID); err != nil {
			return err
		}
		args := append([]any{t.ID, t.CatalogusID, t.Concept, t.CreatedAt}, iotData(&t)...)
		if _, err := tx.ExecContext(ctx, `INSERT INTO informatieobjecttypen (id, catalogus_id, concept, created_at, `+
			joinCols(iotDataCols)+`) VALUES (`+placeholders(1, len(args))+`)`, args...); err != nil {
			return fmt.Errorf("catalogus: insert informatieobjecttype: %w", err)
		}
		return s.record(ctx, tx, "informatieobjecttype", t.ID, t.Omschrijving, "", "create", nil, t)
	})
	if err != nil {
		return nil, err
	}
	return &t, nil
}

// UpdateInformatieObjectType replaces the fields of an informatieobjecttype;
// a published one only its EindeGeldigheid unless o.Correctie (ztc-009).
func (s *Store) UpdateInformatieObjectType(ctx context.Context, id string, in InformatieObjectType, o Options) (*InformatieObjectType, error) {
	var t InformatieObjectType
	err := s.write(ctx, func(tx *sql.Tx) error {
		old, err := GetInformatieObjectType(ctx, tx, id)
		if err != nil {
			return err
		}
		t = in
		t.ID, t.CatalogusID, t.Concept, t.CreatedAt = old.ID, old.CatalogusID, old.Concept, old.CreatedAt
		if err := validateIOT(&t); err != nil {
			return err
		}
		if !old.Concept && !o.Correctie {
			a, b := *old, t
			a.EindeGeldigheid, b.EindeGeldigheid = date.Date{}, date.Date{}
			if fmt.Sprint(iotData(&a)) != fmt.Sprint(iotData(&b)) {
				return errPublished("informatieobjecttype")
			}
		}
		args := append([]any{id}, iotData(&t)...)
		if _, err := tx.ExecContext(ctx, `UPDATE informatieobjecttypen SET `+assignments(iotDataCols, 2)+` WHERE id = $1`, args...); err != nil {
			return fmt.Errorf("catalogus: update informatieobjecttype: %w", err)
		}
		return s.record(ctx, tx, "informatieobjecttype", id, t.Omschrijving, "", "update", old, t)
	})
	if err != nil {
		return nil, err
	}
	return &t, nil
}

// PublishInformatieObjectType makes a concept informatieobjecttype
// definitive; publishing a published one changes nothing.
func (s *Store) PublishInformatieObjectType(ctx context.Context, id string) (*InformatieObjectType, error) {
	var t *InformatieObjectType
	err := s.write(ctx, func(tx *sql.Tx) error {
		var err error
		if t, err = GetInformatieObjectType(ctx, tx, id); err != nil || !t.Concept {
			return err
		}
		old := *t
		t.Concept = false
		if _, err := tx.ExecContext(ctx, `UPDATE informatieobjecttypen SET concept = $2 WHERE id = $1`, id, false); err != nil {
			return fmt.Errorf("catalogus: publish informatieobjecttype: %w", err)
		}
		return s.record(ctx, tx, "informatieobjecttype", id, t.Omschrijving, "", "publish", old, t)
	})
	if err != nil {
		return nil, err
	}
	return t, nil
}

// DeleteInformatieObjectType deletes a concept informatieobjecttype that no
// zaaktype uses; links to besluittypen go with it.
func (s *Store) DeleteInformatieObjectType(ctx context.Context, id string) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		old, err := GetInformatieObjectType(ctx, tx, id)
		if err != nil {
			return err
		}
		if !old.Concept && !geforceerdVerwijderen(ctx) {
			return errPublishedDelete("informatieobjecttype")
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM informatieobjecttypen WHERE id = $1`, id); err != nil {
			return inUse(err, "informatieobjecttype")
		}
		return s.record(ctx, tx, "informatieobjecttype", id, old.Omschrijving, "", "destroy", old, nil)
	})
}

// GetInformatieObjectType loads an informatieobjecttype.
func GetInformatieObjectType(ctx context.Context, q db.Queryer, id string) (*InformatieObjectType, error) {
	if uuid.Validate(id) != nil {
		return nil, errs.NotFoundf("informatieobjecttype", id)
	}
	t, err := scanIOT(q.QueryRowContext(ctx, iotSelect+` WHERE id = $1`, id))
	if err != nil {
		return nil, notFound("informatieobjecttype", id, err)
	}
	return &t, nil
}

// TypeFilter filters ListInformatieObjectTypen and ListBesluitTypen; empty
// fields do not filter.
type TypeFilter struct {
	CatalogusID     string
	Omschrijving    string // exact
	Status          Status
	DatumGeldigheid date.Date // valid on this date
	ZaakTypeID      string    // linked to this zaaktype
}

func (f TypeFilter) where(table string, w *where) {
	if f.CatalogusID != "" {
		w.add("catalogus_id = ?", f.CatalogusID)
	}
	if f.Omschrijving != "" {
		w.add("omschrijving = ?", f.Omschrijving)
	}
	f.Status.where(w, "concept")
	if !f.DatumGeldigheid.IsZero() {
		w.add("begin_geldigheid <= ? AND (einde_geldigheid IS NULL OR einde_geldigheid >= ?)", f.DatumGeldigheid, f.DatumGeldigheid)
	}
	if f.ZaakTypeID != "" {
		switch table {
		case "informatieobjecttypen":
			w.add("id IN (SELECT informatieobjecttype_id FROM zaaktype_informatieobjecttypen WHERE zaaktype_id = ?)", f.ZaakTypeID)
		case "besluittypen":
			w.add("id IN (SELECT besluittype_id FROM zaaktype_besluittypen WHERE zaaktype_id = ?)", f.ZaakTypeID)
		}
	}
}

// ListInformatieObjectTypen lists informatieobjecttypen by omschrijving and beginGeldigheid.
func ListInformatieObjectTypen(ctx context.Context, q db.Queryer, f TypeFilter, p Page) (List[InformatieObjectType], error) {
	if err := f.check(); err != nil {
		return List[InformatieObjectType]{}, err
	}
	var w where
	f.where("informatieobjecttypen", &w)
	return listPage(ctx, q, `SELECT COUNT(*) FROM informatieobjecttypen`, iotSelect, &w, "omschrijving, begin_geldigheid, id", p, scanIOT)
}

func (f TypeFilter) check() error {
	var fe errs.Fields
	if f.CatalogusID != "" && uuid.Validate(f.CatalogusID) != nil {
		fe.Add("catalogus", "invalid", "Ongeldige catalogus.")
	}
	if f.ZaakTypeID != "" && uuid.Validate(f.ZaakTypeID) != nil {
		fe.Add("zaaktype", "invalid", "Ongeldig zaaktype.")
	}
	if err := f.Status.check(); err != nil {
		return err
	}
	return fe.Err()
}

// ---- BesluitType ----

const besluitTypeSelect = `SELECT id, catalogus_id, omschrijving, omschrijving_generiek, besluitcategorie, reactietermijn,
	publicatie_indicatie, publicatietekst, publicatietermijn, toelichting, begin_geldigheid, einde_geldigheid,
	concept, created_at FROM besluittypen`

func scanBesluitType(r scanner) (BesluitType, error) {
	var t BesluitType
	if err := r.Scan(&t.ID, &t.CatalogusID, &t.Omschrijving, &t.OmschrijvingGeneriek, &t.Besluitcategorie, &t.Reactietermijn,
		&t.PublicatieIndicatie, &t.Publicatietekst, &t.Publicatietermijn, &t.Toelichting, &t.BeginGeldigheid, &t.EindeGeldigheid,
		&t.Concept, &t.CreatedAt); err != nil {
		return t, fmt.Errorf("catalogus: scan besluittype: %w", err)
	}
	return t, nil
}

var besluitTypeDataCols = []string{"omschrijving", "omschrijving_generiek", "besluitcategorie", "reactietermijn",
	"publicatie_indicatie", "publicatietekst", "publicatietermijn", "toelichting", "begin_geldigheid", "einde_geldigheid"}

func besluitTypeData(t *BesluitType) []any {
	return []any{t.Omschrijving, t.OmschrijvingGeneriek, t.Besluitcategorie, t.Reactietermijn,
		t.PublicatieIndicatie, t.Publicatietekst, t.Publicatietermijn, t.Toelichting, t.BeginGeldigheid, t.EindeGeldigheid}
}

func validateBesluitType(t *BesluitType) error {
	var f errs.Fields
	maxLen(&f, "omschrijving", t.Omschrijving, 80)
	maxLen(&f, "omschrijvingGeneriek", t.OmschrijvingGeneriek, 80)
	maxLen(&f, "besluitcategorie", t.Besluitcategorie, 40)
	if t.PublicatieIndicatie && t.Publicatietermijn.IsZero() {
		// The standard's OAS leaves this open; Open Zaak requires it because a
		// published besluit needs a publicatietermijn to compute its end.
		f.Add("publicatietermijn", "required", "De publicatietermijn is verplicht als het besluit gepubliceerd wordt.")
	}
	validateGeldigheid(&f, t.BeginGeldigheid, t.EindeGeldigheid)
	return f.Err()
}

// CreateBesluitType stores a new concept besluittype.
func (s *Store) CreateBesluitType(ctx context.Context, in BesluitType) (*BesluitType, error) {
	t := in
	t.InformatieObjectTypeIDs = nil
	if err := validateBesluitType(&t); err != nil {
		return nil, err
	}
	t.ID, t.Concept, t.CreatedAt = uuid.NewString(), true, s.now()
	err := s.write(ctx, func(tx *sql.Tx) error {
		if err := checkCatalogus(ctx, tx, t.CatalogusID); err != nil {
			return err
		}
		args := append([]any{t.ID, t.CatalogusID, t.Concept, t.CreatedAt}, besluitTypeData(&t)...)
		if _, err := tx.ExecContext(ctx, `INSERT INTO besluittypen (id, catalogus_id, concept, created_at, `+
			joinCols(besluitTypeDataCols)+`) VALUES (`+placeholders(1, len(args))+`)`, args...); err != nil {
			return fmt.Errorf("catalogus: insert besluittype: %w", err)
		}
		return s.record(ctx, tx, "besluittype", t.ID, t.Omschrijving, "", "create", nil, t)
	})
	if err != nil {
		return nil, err
	}
	t.InformatieObjectTypeIDs = []string{}
	return &t, nil
}

// UpdateBesluitType replaces the fields of a besluittype; a published one
// only its EindeGeldigheid unless o.Correctie (ztc-009).
func (s *Store) UpdateBesluitType(ctx context.Context, id string, in BesluitType, o Options) (*BesluitType, error) {
	err := s.write(ctx, func(tx *sql.Tx) error {
		old, err := GetBesluitType(ctx, tx, id)
		if err != nil {
			return err
		}
		t := in
		t.ID, t.CatalogusID, t.Concept, t.CreatedAt, t.InformatieObjectTypeIDs = old.ID, old.CatalogusID, old.Concept, old.CreatedAt, old.InformatieObjectTypeIDs
		if err := validateBesluitType(&t); err != nil {
			return err
		}
		if !old.Concept && !o.Correctie {
			a, b := *old, t
			a.EindeGeldigheid, b.EindeGeldigheid = date.Date{}, date.Date{}
			if fmt.Sprint(besluitTypeData(&a)) != fmt.Sprint(besluitTypeData(&b)) {
				return errPublished("besluittype")
			}
		}
		args := append([]any{id}, besluitTypeData(&t)...)
		if _, err := tx.ExecContext(ctx, `UPDATE besluittypen SET `+assignments(besluitTypeDataCols, 2)+` WHERE id = $1`, args...); err != nil {
			return fmt.Errorf("catalogus: update besluittype: %w", err)
		}
		return s.record(ctx, tx, "besluittype", id, t.Omschrijving, "", "update", old, t)
	})
	if err != nil {
		return nil, err
	}
	return GetBesluitType(ctx, s.reader(), id)
}

// PublishBesluitType makes a concept besluittype definitive; its linked
// informatieobjecttypen must be published (as in Open Zaak). Publishing a
// published one changes nothing.
func (s *Store) PublishBesluitType(ctx context.Context, id string) (*BesluitType, error) {
	err := s.write(ctx, func(tx *sql.Tx) error {
		t, err := GetBesluitType(ctx, tx, id)
		if err != nil || !t.Concept {
			return err
		}
		for _, iot := range t.InformatieObjectTypeIDs {
			if c, err := isConcept(ctx, tx, "informatieobjecttypen", iot); err != nil {
				return err
			} else if c {
				return errs.InvalidField("informatieobjecttypen", "concept-relation", "Alle gerelateerde informatieobjecttypen moeten gepubliceerd zijn.")
			}
		}
		old := *t
		t.Concept = false
		if _, err := tx.ExecContext(ctx, `UPDATE besluittypen SET concept = $2 WHERE id = $1`, id, false); err != nil {
			return fmt.Errorf("catalogus: publish besluittype: %w", err)
		}
		return s.record(ctx, tx, "besluittype", id, t.Omschrijving, "", "publish", old, t)
	})
	if err != nil {
		return nil, err
	}
	return GetBesluitType(ctx, s.reader(), id)
}

// DeleteBesluitType deletes a concept besluittype; its links to zaaktypen
// and informatieobjecttypen go with it.
func (s *Store) DeleteBesluitType(ctx context.Context, id string) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		old, err := GetBesluitType(ctx, tx, id)
		if err != nil {
			return err
		}
		if !old.Concept && !geforceerdVerwijderen(ctx) {
			return errPublishedDelete("besluittype")
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM besluittypen WHERE id = $1`, id); err != nil {
			return inUse(err, "besluittype")
		}
		return s.record(ctx, tx, "besluittype", id, old.Omschrijving, "", "destroy", old, nil)
	})
}

// GetBesluitType loads a besluittype with its informatieobjecttype ids.
func GetBesluitType(ctx context.Context, q db.Queryer, id string) (*BesluitType, error) {
	if uuid.Validate(id) != nil {
		return nil, errs.NotFoundf("besluittype", id)
	}
	t, err := scanBesluitType(q.QueryRowContext(ctx, besluitTypeSelect+` WHERE id = $1`, id))
	if err != nil {
		return nil, notFound("besluittype", id, err)
	}
	t.InformatieObjectTypeIDs, err = stringColumn(ctx, q, `SELECT informatieobjecttype_id FROM besluittype_informatieobjecttypen
		WHERE besluittype_id = $1 ORDER BY informatieobjecttype_id`, id)
	if err != nil {
		return nil, err
	}
	return &t, nil
}

// ListBesluitTypen lists besluittypen by omschrijving and beginGeldigheid
// (without their informatieobjecttype ids).
func ListBesluitTypen(ctx context.Context, q db.Queryer, f TypeFilter, p Page) (List[BesluitType], error) {
	if err := f.check(); err != nil {
		return List[BesluitType]{}, err
	}
	var w where
	f.where("besluittypen", &w)
	return listPage(ctx, q, `SELECT COUNT(*) FROM besluittypen`, besluitTypeSelect, &w, "omschrijving, begin_geldigheid, id", p, scanBesluitType)
}
