package catalogus

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"github.com/google/uuid"

	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/errs"
)

// guardZaakType loads the zaaktype a subresource belongs to and applies
// ztc-010: subresources of a published zaaktype change only by correctie
// (never for deletes: pass Options{}).
func guardZaakType(ctx context.Context, q db.Queryer, zaakTypeID string, o Options, what string) (*ZaakType, error) {
	if zaakTypeID == "" {
		return nil, errs.InvalidField("zaaktype", "required", "Dit veld is verplicht.")
	}
	z, err := loadZaakTypeBare(ctx, q, zaakTypeID)
	if errs.Is(err, errs.NotFound) {
		return nil, errs.InvalidField("zaaktype", "does_not_exist", "Dit zaaktype bestaat niet.")
	}
	if err != nil {
		return nil, err
	}
	if !z.Concept && !o.Correctie {
		return nil, errPublishedZaakType(what)
	}
	return z, nil
}

func inUse(err error, what string) error {
	if db.IsForeignKeyViolation(err) {
		return errs.E(errs.Conflict, "in-use", fmt.Sprintf("Het %s is nog in gebruik en kan niet verwijderd worden.", what))
	}
	return fmt.Errorf("catalogus: delete %s: %w", what, err)
}

// checkStatusTypeOf checks that statustype id (if set) belongs to zaaktype.
func checkStatusTypeOf(ctx context.Context, q db.Queryer, f *errs.Fields, field, id, zaakTypeID string) error {
	if id == "" {
		return nil
	}
	if uuid.Validate(id) != nil {
		f.Add(field, "does_not_exist", "Dit statustype bestaat niet.")
		return nil
	}
	ok, err := db.Exists(ctx, q, `SELECT 1 FROM statustypen WHERE id = $1 AND zaaktype_id = $2`, id, zaakTypeID)
	if err != nil {
		return err
	}
	if !ok {
		f.Add(field, "relation-mismatch", "Het statustype hoort niet bij dit zaaktype.")
	}
	return nil
}

// SubFilter filters the lists of statustypen, resultaattypen, roltypen,
// eigenschappen and zaaktype-informatieobjecttypen by their zaaktype; empty
// fields do not filter.
type SubFilter struct {
	ZaakTypeID            string
	ZaakTypeIdentificatie string
	Status                Status    // of the zaaktype
	DatumGeldigheid       date.Date // the zaaktype is valid on this date
}

func (f SubFilter) where(w *where) error {
	if err := f.Status.check(); err != nil {
		return err
	}
	if f.ZaakTypeID != "" {
		if uuid.Validate(f.ZaakTypeID) != nil {
			return errs.InvalidField("zaaktype", "invalid", "Ongeldig zaaktype.")
		}
		w.add("zaaktype_id = ?", f.ZaakTypeID)
	}
	var zw where
	zw.args = w.args
	if f.ZaakTypeIdentificatie != "" {
		zw.add("z.identificatie = ?", f.ZaakTypeIdentificatie)
	}
	f.Status.where(&zw, "z.concept")
	if !f.DatumGeldigheid.IsZero() {
		zw.add("z.begin_geldigheid <= ? AND (z.einde_geldigheid IS NULL OR z.einde_geldigheid >= ?)", f.DatumGeldigheid, f.DatumGeldigheid)
	}
	if len(zw.conds) > 0 {
		w.args = zw.args
		w.conds = append(w.conds, "zaaktype_id IN (SELECT z.id FROM zaaktypen z"+zw.String()+")")
	}
	return nil
}

// ---- StatusType ----

var statusTypeDataCols = []string{"volgnummer", "omschrijving", "omschrijving_generiek", "statustekst",
	"informeren", "doorlooptijd", "toelichting"}

func statusTypeData(st *StatusType) []any {
	return []any{st.Volgnummer, st.Omschrijving, st.OmschrijvingGeneriek, st.Statustekst, st.Informeren,
		st.Doorlooptijd, st.Toelichting}
}

const statusTypeSelect = `SELECT s.id, s.zaaktype_id, s.volgnummer, s.omschrijving, s.omschrijving_generiek,
	s.statustekst, s.informeren, s.doorlooptijd, s.toelichting,
	(s.volgnummer = (SELECT MAX(m.volgnummer) FROM statustypen m WHERE m.zaaktype_id = s.zaaktype_id))
	FROM statustypen s`

func scanStatusType(r scanner) (StatusType, error) {
	var st StatusType
	err := r.Scan(&st.ID, &st.ZaakTypeID, &st.Volgnummer, &st.Omschrijving, &st.OmschrijvingGeneriek,
		&st.Statustekst, &st.Informeren, &st.Doorlooptijd, &st.Toelichting, &st.IsEindstatus)
	if err != nil {
		return st, fmt.Errorf("catalogus: scan statustype: %w", err)
	}
	return st, nil
}

func validateStatusType(ctx context.Context, q db.Queryer, st *StatusType) error {
	var f errs.Fields
	requiredMax(&f, "omschrijving", st.Omschrijving, 80)
	maxLen(&f, "omschrijvingGeneriek", st.OmschrijvingGeneriek, 80)
	maxLen(&f, "statustekst", st.Statustekst, 1000)
	maxLen(&f, "toelichting", st.Toelichting, 1000)
	if st.Volgnummer < 1 || st.Volgnummer > 9999 {
		f.Add("volgnummer", "invalid", "Het volgnummer moet tussen 1 en 9999 liggen.")
	} else {
		dup, err := db.Exists(ctx, q, `SELECT 1 FROM statustypen WHERE zaaktype_id = $1 AND volgnummer = $2 AND id <> $3`,
			st.ZaakTypeID, st.Volgnummer, st.ID)
		if err != nil {
			return err
		}
		if dup {
			f.Add("volgnummer", "unique", "Dit zaaktype heeft al een statustype met dit volgnummer.")
		}
	}
	return f.Err()
}

// AddStatusType adds a statustype to a zaaktype (ztc-010: concept only,
// unless o.Correctie).
func (s *Store) AddStatusType(ctx context.Context, in StatusType, o Options) (*StatusType, error) {
	st := in
	st.ID = uuid.NewString()
	err := s.write(ctx, func(tx *sql.Tx) error {
		if _, err := guardZaakType(ctx, tx, st.ZaakTypeID, o, "statustype"); err != nil {
			return err
		}
		return s.insertStatusType(ctx, tx, &st)
	})
	if err != nil {
		return nil, err
	}
	return GetStatusType(ctx, s.reader(), st.ID)
}

func (s *Store) insertStatusType(ctx context.Context, tx *sql.Tx, st *StatusType) error {
	if err := validateStatusType(ctx, tx, st); err != nil {
		return err
	}
	args := append([]any{st.ID, st.ZaakTypeID}, statusTypeData(st)...)
	if _, err := tx.ExecContext(ctx, `INSERT INTO statustypen (id, zaaktype_id, `+strings.Join(statusTypeDataCols, ", ")+
		`) VALUES (`+placeholders(1, len(args))+`)`, args...); err != nil {
		return writeErr(err, "insert statustype", "volgnummer", "Dit zaaktype heeft al een statustype met dit volgnummer.")
	}
	return s.record(ctx, tx, "statustype", st.ID, st.Omschrijving, st.ZaakTypeID, "create", nil, st)
}

// UpdateStatusType replaces a statustype's fields (its zaaktype stays).
func (s *Store) UpdateStatusType(ctx context.Context, id string, in StatusType, o Options) (*StatusType, error) {
	err := s.write(ctx, func(tx *sql.Tx) error {
		old, err := GetStatusType(ctx, tx, id)
		if err != nil {
			return err
		}
		if _, err := guardZaakType(ctx, tx, old.ZaakTypeID, o, "statustype"); err != nil {
			return err
		}
		st := in
		st.ID, st.ZaakTypeID, st.IsEindstatus = old.ID, old.ZaakTypeID, false
		if err := validateStatusType(ctx, tx, &st); err != nil {
			return err
		}
		args := append([]any{id}, statusTypeData(&st)...)
		if _, err := tx.ExecContext(ctx, `UPDATE statustypen SET `+assignments(statusTypeDataCols, 2)+` WHERE id = $1`, args...); err != nil {
			return writeErr(err, "update statustype", "volgnummer", "Dit zaaktype heeft al een statustype met dit volgnummer.")
		}
		old.IsEindstatus = false
		return s.record(ctx, tx, "statustype", id, st.Omschrijving, st.ZaakTypeID, "update", old, st)
	})
	if err != nil {
		return nil, err
	}
	return GetStatusType(ctx, s.reader(), id)
}

// DeleteStatusType deletes a statustype of a concept zaaktype.
func (s *Store) DeleteStatusType(ctx context.Context, id string) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		old, err := GetStatusType(ctx, tx, id)
		if err != nil {
			return err
		}
		if _, err := guardZaakType(ctx, tx, old.ZaakTypeID, Options{Correctie: geforceerdVerwijderen(ctx)}, "statustype"); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM statustypen WHERE id = $1`, id); err != nil {
			return inUse(err, "statustype")
		}
		return s.record(ctx, tx, "statustype", id, old.Omschrijving, old.ZaakTypeID, "destroy", old, nil)
	})
}

// GetStatusType loads a statustype.
func GetStatusType(ctx context.Context, q db.Queryer, id string) (*StatusType, error) {
	if uuid.Validate(id) != nil {
		return nil, errs.NotFoundf("statustype", id)
	}
	st, err := scanStatusType(q.QueryRowContext(ctx, statusTypeSelect+` WHERE s.id = $1`, id))
	if err != nil {
		return nil, notFound("statustype", id, err)
	}
	return &st, nil
}

// ListStatusTypen lists statustypen by zaaktype and volgnummer.
func ListStatusTypen(ctx context.Context, q db.Queryer, f SubFilter, p Page) (List[StatusType], error) {
	var w where
	if err := f.where(&w); err != nil {
		return List[StatusType]{}, err
	}
	return listPage(ctx, q, `SELECT COUNT(*) FROM statustypen s`, statusTypeSelect, &w, "s.zaaktype_id, s.volgnummer", p, scanStatusType)
}

// ---- ResultaatType ----

var resultaatTypeDataCols = []string{"omschrijving", "resultaattypeomschrijving", "omschrijving_generiek",
	"selectielijstklasse", "selectielijst_procestermijn", "toelichting", "archiefnominatie", "archiefactietermijn",
	"brondatum_afleidingswijze", "brondatum_datumkenmerk", "brondatum_einddatum_bekend", "brondatum_objecttype",
	"brondatum_registratie", "brondatum_procestermijn", "procesobjectaard", "indicatie_specifiek", "procestermijn"}

func resultaatTypeData(r *ResultaatType) []any {
	b := r.BrondatumArchiefprocedure
	var spec any
	if r.IndicatieSpecifiek != nil {
		spec = *r.IndicatieSpecifiek
	}
	return []any{r.Omschrijving, r.ResultaatTypeOmschrijving, r.OmschrijvingGeneriek,
		r.Selectielijstklasse, r.SelectielijstProcestermijn, r.Toelichting, r.Archiefnominatie, r.Archiefactietermijn,
		b.Afleidingswijze, b.Datumkenmerk, b.EinddatumBekend, b.Objecttype,
		b.Registratie, b.Procestermijn, r.Procesobjectaard, spec, r.Procestermijn}
}

var resultaatTypeSelect = `SELECT id, zaaktype_id, ` + strings.Join(resultaatTypeDataCols, ", ") + ` FROM resultaattypen`

func scanResultaatType(r scanner) (ResultaatType, error) {
	var rt ResultaatType
	var spec sql.NullBool
	b := &rt.BrondatumArchiefprocedure
	err := r.Scan(&rt.ID, &rt.ZaakTypeID, &rt.Omschrijving, &rt.ResultaatTypeOmschrijving, &rt.OmschrijvingGeneriek,
		&rt.Selectielijstklasse, &rt.SelectielijstProcestermijn, &rt.Toelichting, &rt.Archiefnominatie, &rt.Archiefactietermijn,
		&b.Afleidingswijze, &b.Datumkenmerk, &b.EinddatumBekend, &b.Objecttype,
		&b.Registratie, &b.Procestermijn, &rt.Procesobjectaard, &spec, &rt.Procestermijn)
	if err != nil {
		return rt, fmt.Errorf("catalogus: scan resultaattype: %w", err)
	}
	if spec.Valid {
		v := spec.Bool
		rt.IndicatieSpecifiek = &v
	}
	return rt, nil
}

func validateResultaatType(r *ResultaatType) error {
	var f errs.Fields
	requiredMax(&f, "omschrijving", r.Omschrijving, 30)
	maxLen(&f, "omschrijvingGeneriek", r.OmschrijvingGeneriek, 80)
	optionalURL(&f, "resultaattypeomschrijving", r.ResultaatTypeOmschrijving)
	optionalURL(&f, "selectielijstklasse", r.Selectielijstklasse)
	if r.SelectielijstProcestermijn != "" {
		oneOf(&f, "selectielijstProcestermijn", r.SelectielijstProcestermijn, selectielijstProcestermijnen)
	}
	if r.Archiefnominatie != "" {
		oneOf(&f, "archiefnominatie", r.Archiefnominatie, []string{ArchiefnominatieBlijvendBewaren, ArchiefnominatieVernietigen})
	}
	maxLen(&f, "procesobjectaard", r.Procesobjectaard, 200)
	validateBrondatum(&f, r)
	return f.Err()
}

// validateBrondatum applies ztc-003..008.
func validateBrondatum(f *errs.Fields, r *ResultaatType) {
	const p = "brondatumArchiefprocedure."
	b := r.BrondatumArchiefprocedure
	a := b.Afleidingswijze
	if a == "" {
		if b.Datumkenmerk != "" || b.EinddatumBekend || b.Objecttype != "" || b.Registratie != "" || !b.Procestermijn.IsZero() {
			f.Add(p+"afleidingswijze", "required", "De afleidingswijze is verplicht als de brondatum-archiefprocedure is ingevuld.")
		}
		return
	}
	if !slices.Contains(afleidingswijzen, a) {
		oneOf(f, p+"afleidingswijze", a, afleidingswijzen)
		return
	}
	// ztc-003
	switch r.SelectielijstProcestermijn {
	case ProcestermijnNihil:
		if a != AfleidingAfgehandeld {
			f.Add(p+"afleidingswijze", "invalid-afleidingswijze-for-procestermijn",
				"Bij procestermijn 'nihil' van de selectielijstklasse moet de afleidingswijze 'afgehandeld' zijn.")
		}
	case ProcestermijnIngeschatteBestaansduurProcesobject:
		if a != AfleidingTermijn {
			f.Add(p+"afleidingswijze", "invalid-afleidingswijze-for-procestermijn",
				"Bij procestermijn 'ingeschatte_bestaansduur_procesobject' van de selectielijstklasse moet de afleidingswijze 'termijn' zijn.")
		}
	}
	requiredIff := func(field string, set, want bool) {
		switch {
		case want && !set:
			f.Add(p+field, "required", fmt.Sprintf("Dit veld is verplicht bij afleidingswijze '%s'.", a))
		case !want && set:
			f.Add(p+field, "must-be-empty", fmt.Sprintf("Dit veld moet leeg zijn bij afleidingswijze '%s'.", a))
		}
	}
	// ztc-004
	requiredIff("datumkenmerk", b.Datumkenmerk != "",
		a == AfleidingEigenschap || a == AfleidingZaakobject || a == AfleidingAnderDatumkenmerk)
	maxLen(f, p+"datumkenmerk", b.Datumkenmerk, 80)
	// ztc-005
	if b.EinddatumBekend && (a == AfleidingAfgehandeld || a == AfleidingTermijn) {
		f.Add(p+"einddatumBekend", "must-be-empty", fmt.Sprintf("Dit veld moet leeg zijn bij afleidingswijze '%s'.", a))
	}
	// ztc-006
	requiredIff("objecttype", b.Objecttype != "", a == AfleidingZaakobject || a == AfleidingAnderDatumkenmerk)
	maxLen(f, p+"objecttype", b.Objecttype, 80)
	// ztc-007
	requiredIff("registratie", b.Registratie != "", a == AfleidingAnderDatumkenmerk)
	maxLen(f, p+"registratie", b.Registratie, 80)
	// ztc-008
	requiredIff("procestermijn", !b.Procestermijn.IsZero(), a == AfleidingTermijn)
}

// AddResultaatType adds a resultaattype to a zaaktype (ztc-010).
func (s *Store) AddResultaatType(ctx context.Context, in ResultaatType, o Options) (*ResultaatType, error) {
	r := in
	if err := validateResultaatType(&r); err != nil {
		return nil, err
	}
	r.ID = uuid.NewString()
	err := s.write(ctx, func(tx *sql.Tx) error {
		if _, err := guardZaakType(ctx, tx, r.ZaakTypeID, o, "resultaattype"); err != nil {
			return err
		}
		return s.insertResultaatType(ctx, tx, &r)
	})
	if err != nil {
		return nil, err
	}
	return GetResultaatType(ctx, s.reader(), r.ID)
}

func (s *Store) insertResultaatType(ctx context.Context, tx *sql.Tx, r *ResultaatType) error {
	args := append([]any{r.ID, r.ZaakTypeID}, resultaatTypeData(r)...)
	if _, err := tx.ExecContext(ctx, `INSERT INTO resultaattypen (id, zaaktype_id, `+strings.Join(resultaatTypeDataCols, ", ")+
		`) VALUES (`+placeholders(1, len(args))+`)`, args...); err != nil {
		return fmt.Errorf("catalogus: insert resultaattype: %w", err)
	}
	return s.record(ctx, tx, "resultaattype", r.ID, r.Omschrijving, r.ZaakTypeID, "create", nil, r)
}

// UpdateResultaatType replaces a resultaattype's fields (its zaaktype stays).
func (s *Store) UpdateResultaatType(ctx context.Context, id string, in ResultaatType, o Options) (*ResultaatType, error) {
	err := s.write(ctx, func(tx *sql.Tx) error {
		old, err := GetResultaatType(ctx, tx, id)
		if err != nil {
			return err
		}
		if _, err := guardZaakType(ctx, tx, old.ZaakTypeID, o, "resultaattype"); err != nil {
			return err
		}
		r := in
		r.ID, r.ZaakTypeID = old.ID, old.ZaakTypeID
		if err := validateResultaatType(&r); err != nil {
			return err
		}
		args := append([]any{id}, resultaatTypeData(&r)...)
		if _, err := tx.ExecContext(ctx, `UPDATE resultaattypen SET `+assignments(resultaatTypeDataCols, 2)+` WHERE id = $1`, args...); err != nil {
			return fmt.Errorf("catalogus: update resultaattype: %w", err)
		}
		return s.record(ctx, tx, "resultaattype", id, r.Omschrijving, r.ZaakTypeID, "update", old, r)
	})
	if err != nil {
		return nil, err
	}
	return GetResultaatType(ctx, s.reader(), id)
}

// DeleteResultaatType deletes a resultaattype of a concept zaaktype.
func (s *Store) DeleteResultaatType(ctx context.Context, id string) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		old, err := GetResultaatType(ctx, tx, id)
		if err != nil {
			return err
		}
		if _, err := guardZaakType(ctx, tx, old.ZaakTypeID, Options{Correctie: geforceerdVerwijderen(ctx)}, "resultaattype"); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM resultaattypen WHERE id = $1`, id); err != nil {
			return inUse(err, "resultaattype")
		}
		return s.record(ctx, tx, "resultaattype", id, old.Omschrijving, old.ZaakTypeID, "destroy", old, nil)
	})
}

// GetResultaatType loads a resultaattype.
func GetResultaatType(ctx context.Context, q db.Queryer, id string) (*ResultaatType, error) {
	if uuid.Validate(id) != nil {
		return nil, errs.NotFoundf("resultaattype", id)
	}
	r, err := scanResultaatType(q.QueryRowContext(ctx, resultaatTypeSelect+` WHERE id = $1`, id))
	if err != nil {
		return nil, notFound("resultaattype", id, err)
	}
	return &r, nil
}

// ListResultaatTypen lists resultaattypen by zaaktype and omschrijving.
func ListResultaatTypen(ctx context.Context, q db.Queryer, f SubFilter, p Page) (List[ResultaatType], error) {
	var w where
	if err := f.where(&w); err != nil {
		return List[ResultaatType]{}, err
	}
	return listPage(ctx, q, `SELECT COUNT(*) FROM resultaattypen`, resultaatTypeSelect, &w, "zaaktype_id, omschrijving, id", p, scanResultaatType)
}

// ---- RolType ----

const rolTypeSelect = `SELECT id, zaaktype_id, omschrijving, omschrijving_generiek FROM roltypen`

func scanRolType(r scanner) (RolType, error) {
	var rt RolType
	if err := r.Scan(&rt.ID, &rt.ZaakTypeID, &rt.Omschrijving, &rt.OmschrijvingGeneriek); err != nil {
		return rt, fmt.Errorf("catalogus: scan roltype: %w", err)
	}
	return rt, nil
}

func validateRolType(r *RolType) error {
	var f errs.Fields
	requiredMax(&f, "omschrijving", r.Omschrijving, 100)
	requiredOneOf(&f, "omschrijvingGeneriek", r.OmschrijvingGeneriek, rolOmschrijvingenGeneriek)
	return f.Err()
}

// AddRolType adds a roltype to a zaaktype (ztc-010).
func (s *Store) AddRolType(ctx context.Context, in RolType, o Options) (*RolType, error) {
	r := in
	if err := validateRolType(&r); err != nil {
		return nil, err
	}
	r.ID = uuid.NewString()
	err := s.write(ctx, func(tx *sql.Tx) error {
		if _, err := guardZaakType(ctx, tx, r.ZaakTypeID, o, "roltype"); err != nil {
			return err
		}
		return s.insertRolType(ctx, tx, &r)
	})
	if err != nil {
		return nil, err
	}
	return &r, nil
}

func (s *Store) insertRolType(ctx context.Context, tx *sql.Tx, r *RolType) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO roltypen (id, zaaktype_id, omschrijving, omschrijving_generiek) VALUES ($1,$2,$3,$4)`,
		r.ID, r.ZaakTypeID, r.Omschrijving, r.OmschrijvingGeneriek); err != nil {
		return fmt.Errorf("catalogus: insert roltype: %w", err)
	}
	return s.record(ctx, tx, "roltype", r.ID, r.Omschrijving, r.ZaakTypeID, "create", nil, r)
}

// UpdateRolType replaces a roltype's fields (its zaaktype stays).
func (s *Store) UpdateRolType(ctx context.Context, id string, in RolType, o Options) (*RolType, error) {
	var r RolType
	err := s.write(ctx, func(tx *sql.Tx) error {
		old, err := GetRolType(ctx, tx, id)
		if err != nil {
			return err
		}
		if _, err := guardZaakType(ctx, tx, old.ZaakTypeID, o, "roltype"); err != nil {
			return err
		}
		r = in
		r.ID, r.ZaakTypeID = old.ID, old.ZaakTypeID
		if err := validateRolType(&r); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE roltypen SET omschrijving = $2, omschrijving_generiek = $3 WHERE id = $1`,
			id, r.Omschrijving, r.OmschrijvingGeneriek); err != nil {
			return fmt.Errorf("catalogus: update roltype: %w", err)
		}
		return s.record(ctx, tx, "roltype", id, r.Omschrijving, r.ZaakTypeID, "update", old, r)
	})
	if err != nil {
		return nil, err
	}
	return &r, nil
}

// DeleteRolType deletes a roltype of a concept zaaktype.
func (s *Store) DeleteRolType(ctx context.Context, id string) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		old, err := GetRolType(ctx, tx, id)
		if err != nil {
			return err
		}
		if _, err := guardZaakType(ctx, tx, old.ZaakTypeID, Options{Correctie: geforceerdVerwijderen(ctx)}, "roltype"); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM roltypen WHERE id = $1`, id); err != nil {
			return inUse(err, "roltype")
		}
		return s.record(ctx, tx, "roltype", id, old.Omschrijving, old.ZaakTypeID, "destroy", old, nil)
	})
}

// GetRolType loads a roltype.
func GetRolType(ctx context.Context, q db.Queryer, id string) (*RolType, error) {
	if uuid.Validate(id) != nil {
		return nil, errs.NotFoundf("roltype", id)
	}
	r, err := scanRolType(q.QueryRowContext(ctx, rolTypeSelect+` WHERE id = $1`, id))
	if err != nil {
		return nil, notFound("roltype", id, err)
	}
	return &r, nil
}

// ListRolTypen lists roltypen by zaaktype and omschrijving.
func ListRolTypen(ctx context.Context, q db.Queryer, f SubFilter, p Page) (List[RolType], error) {
	var w where
	if err := f.where(&w); err != nil {
		return List[RolType]{}, err
	}
	return listPage(ctx, q, `SELECT COUNT(*) FROM roltypen`, rolTypeSelect, &w, "zaaktype_id, omschrijving, id", p, scanRolType)
}

// ---- Eigenschap ----

const eigenschapSelect = `SELECT id, zaaktype_id, naam, definitie, toelichting, statustype_id, formaat, lengte,
	kardinaliteit, groep, waardenverzameling FROM eigenschappen`

func scanEigenschap(r scanner) (Eigenschap, error) {
	var e Eigenschap
	var st sql.NullString
	var wv string
	if err := r.Scan(&e.ID, &e.ZaakTypeID, &e.Naam, &e.Definitie, &e.Toelichting, &st, &e.Specificatie.Formaat,
		&e.Specificatie.Lengte, &e.Specificatie.Kardinaliteit, &e.Specificatie.Groep, &wv); err != nil {
		return e, fmt.Errorf("catalogus: scan eigenschap: %w", err)
	}
	e.StatusTypeID = st.String
	var err error
	e.Specificatie.Waardenverzameling, err = parseJSONList(wv)
	return e, err
}

func validateEigenschap(ctx context.Context, q db.Queryer, e *Eigenschap) error {
	var f errs.Fields
	sp := &e.Specificatie
	requiredMax(&f, "naam", e.Naam, 20)
	requiredMax(&f, "definitie", e.Definitie, 255)
	maxLen(&f, "toelichting", e.Toelichting, 1000)
	maxLen(&f, "specificatie.groep", sp.Groep, 32)
	if sp.Kardinaliteit == "" {
		sp.Kardinaliteit = "1"
	}
	maxLen(&f, "specificatie.kardinaliteit", sp.Kardinaliteit, 3)
	if required(&f, "specificatie.formaat", sp.Formaat) {
		oneOf(&f, "specificatie.formaat", sp.Formaat, formaten)
	}
	// ztc-015: dates are YYYYMMDD and date-times YYYYMMDDhhmmss.
	want := map[string]string{FormaatDatum: "8", FormaatDatumTijd: "14"}[sp.Formaat]
	if want != "" && sp.Lengte == "" {
		sp.Lengte = want
	}
	requiredMax(&f, "specificatie.lengte", sp.Lengte, 14)
	if want != "" && sp.Lengte != want {
		f.Add("specificatie.lengte", "invalid-length", fmt.Sprintf("Bij formaat '%s' moet de lengte %s zijn.", sp.Formaat, want))
	}
	for _, v := range sp.Waardenverzameling {
		maxLen(&f, "specificatie.waardenverzameling", v, 100)
	}
	if err := checkStatusTypeOf(ctx, q, &f, "statustype", e.StatusTypeID, e.ZaakTypeID); err != nil {
		return err
	}
	if e.Naam != "" {
		dup, err := db.Exists(ctx, q, `SELECT 1 FROM eigenschappen WHERE zaaktype_id = $1 AND naam = $2 AND id <> $3`, e.ZaakTypeID, e.Naam, e.ID)
		if err != nil {
			return err
		}
		if dup {
			f.Add("naam", "unique", "Dit zaaktype heeft al een eigenschap met deze naam.")
		}
	}
	return f.Err()
}

// AddEigenschap adds an eigenschap to a zaaktype (ztc-010). An empty lengte
// of a datum or datum_tijd eigenschap becomes 8 or 14 (ztc-015); an empty
// kardinaliteit becomes "1".
func (s *Store) AddEigenschap(ctx context.Context, in Eigenschap, o Options) (*Eigenschap, error) {
	e := in
	e.ID = uuid.NewString()
	err := s.write(ctx, func(tx *sql.Tx) error {
		if _, err := guardZaakType(ctx, tx, e.ZaakTypeID, o, "eigenschap"); err != nil {
			return err
		}
		if err := validateEigenschap(ctx, tx, &e); err != nil {
			return err
		}
		return s.insertEigenschap(ctx, tx, &e)
	})
	if err != nil {
		return nil, err
	}
	return GetEigenschap(ctx, s.reader(), e.ID)
}

func (s *Store) insertEigenschap(ctx context.Context, tx *sql.Tx, e *Eigenschap) error {
	sp := e.Specificatie
	if _, err := tx.ExecContext(ctx, `INSERT INTO eigenschappen (id, zaaktype_id, naam, definitie, toelichting, statustype_id,
		formaat, lengte, kardinaliteit, groep, waardenverzameling) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)`,
		e.ID, e.ZaakTypeID, e.Naam, e.Definitie, e.Toelichting, nullable(e.StatusTypeID),
		sp.Formaat, sp.Lengte, sp.Kardinaliteit, sp.Groep, jsonList(sp.Waardenverzameling)); err != nil {
		return writeErr(err, "insert eigenschap", "naam", "Dit zaaktype heeft al een eigenschap met deze naam.")
	}
	return s.record(ctx, tx, "eigenschap", e.ID, e.Naam, e.ZaakTypeID, "create", nil, e)
}

// UpdateEigenschap replaces an eigenschap's fields (its zaaktype stays).
func (s *Store) UpdateEigenschap(ctx context.Context, id string, in Eigenschap, o Options) (*Eigenschap, error) {
	err := s.write(ctx, func(tx *sql.Tx) error {
		old, err := GetEigenschap(ctx, tx, id)
		if err != nil {
			return err
		}
		if _, err := guardZaakType(ctx, tx, old.ZaakTypeID, o, "eigenschap"); err != nil {
			return err
		}
		e := in
		e.ID, e.ZaakTypeID = old.ID, old.ZaakTypeID
		if err := validateEigenschap(ctx, tx, &e); err != nil {
			return err
		}
		sp := e.Specificatie
		if _, err := tx.ExecContext(ctx, `UPDATE eigenschappen SET naam = $2, definitie = $3, toelichting = $4, statustype_id = $5,
			formaat = $6, lengte = $7, kardinaliteit = $8, groep = $9, waardenverzameling = $10 WHERE id = $1`,
			id, e.Naam, e.Definitie, e.Toelichting, nullable(e.StatusTypeID),
			sp.Formaat, sp.Lengte, sp.Kardinaliteit, sp.Groep, jsonList(sp.Waardenverzameling)); err != nil {
			return writeErr(err, "update eigenschap", "naam", "Dit zaaktype heeft al een eigenschap met deze naam.")
		}
		return s.record(ctx, tx, "eigenschap", id, e.Naam, e.ZaakTypeID, "update", old, e)
	})
	if err != nil {
		return nil, err
	}
	return GetEigenschap(ctx, s.reader(), id)
}

// DeleteEigenschap deletes an eigenschap of a concept zaaktype.
func (s *Store) DeleteEigenschap(ctx context.Context, id string) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		old, err := GetEigenschap(ctx, tx, id)
		if err != nil {
			return err
		}
		if _, err := guardZaakType(ctx, tx, old.ZaakTypeID, Options{Correctie: geforceerdVerwijderen(ctx)}, "eigenschap"); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM eigenschappen WHERE id = $1`, id); err != nil {
			return inUse(err, "eigenschap")
		}
		return s.record(ctx, tx, "eigenschap", id, old.Naam, old.ZaakTypeID, "destroy", old, nil)
	})
}

// GetEigenschap loads an eigenschap.
func GetEigenschap(ctx context.Context, q db.Queryer, id string) (*Eigenschap, error) {
	if uuid.Validate(id) != nil {
		return nil, errs.NotFoundf("eigenschap", id)
	}
	e, err := scanEigenschap(q.QueryRowContext(ctx, eigenschapSelect+` WHERE id = $1`, id))
	if err != nil {
		return nil, notFound("eigenschap", id, err)
	}
	return &e, nil
}

// ListEigenschappen lists eigenschappen by zaaktype and naam.
func ListEigenschappen(ctx context.Context, q db.Queryer, f SubFilter, p Page) (List[Eigenschap], error) {
	var w where
	if err := f.where(&w); err != nil {
		return List[Eigenschap]{}, err
	}
	return listPage(ctx, q, `SELECT COUNT(*) FROM eigenschappen`, eigenschapSelect, &w, "zaaktype_id, naam, id", p, scanEigenschap)
}
