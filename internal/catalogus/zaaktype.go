package catalogus

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/google/uuid"

	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/errs"
)

// zaakTypeDataCols are the columns a create or update writes, in the order of
// zaakTypeData.
var zaakTypeDataCols = []string{
	"identificatie", "omschrijving", "omschrijving_generiek", "vertrouwelijkheidaanduiding", "doel",
	"aanleiding", "toelichting", "indicatie_intern_of_extern", "handeling_initiator", "onderwerp",
	"handeling_behandelaar", "doorlooptijd", "servicenorm", "opschorting_en_aanhouding_mogelijk",
	"verlenging_mogelijk", "verlengingstermijn", "trefwoorden", "publicatie_indicatie", "publicatietekst",
	"verantwoordingsrelatie", "producten_of_diensten", "selectielijst_procestype", "referentieproces_naam",
	"referentieproces_link", "verantwoordelijke", "complex", "team_id", "begin_geldigheid",
	"einde_geldigheid", "versiedatum",
}

func zaakTypeData(z *ZaakType) []any {
	return []any{
		z.Identificatie, z.Omschrijving, z.OmschrijvingGeneriek, z.Vertrouwelijkheidaanduiding, z.Doel,
		z.Aanleiding, z.Toelichting, z.IndicatieInternOfExtern, z.HandelingInitiator, z.Onderwerp,
		z.HandelingBehandelaar, z.Doorlooptijd, z.Servicenorm, z.OpschortingEnAanhoudingMogelijk,
		z.VerlengingMogelijk, z.Verlengingstermijn, jsonList(z.Trefwoorden), z.PublicatieIndicatie, z.Publicatietekst,
		jsonList(z.Verantwoordingsrelatie), jsonList(z.ProductenOfDiensten), z.SelectielijstProcestype, z.ReferentieprocesNaam,
		z.ReferentieprocesLink, z.Verantwoordelijke, z.Complex, nullable(z.TeamID), z.BeginGeldigheid,
		z.EindeGeldigheid, z.Versiedatum,
	}
}

var zaakTypeSelect = `SELECT id, catalogus_id, created_at, updated_at, concept, ` + strings.Join(zaakTypeDataCols, ", ") + ` FROM zaaktypen`

func scanZaakType(r scanner) (ZaakType, error) {
	var z ZaakType
	var tref, verantw, prod string
	var team sql.NullString
	err := r.Scan(&z.ID, &z.CatalogusID, &z.CreatedAt, &z.UpdatedAt, &z.Concept,
		&z.Identificatie, &z.Omschrijving, &z.OmschrijvingGeneriek, &z.Vertrouwelijkheidaanduiding, &z.Doel,
		&z.Aanleiding, &z.Toelichting, &z.IndicatieInternOfExtern, &z.HandelingInitiator, &z.Onderwerp,
		&z.HandelingBehandelaar, &z.Doorlooptijd, &z.Servicenorm, &z.OpschortingEnAanhoudingMogelijk,
		&z.VerlengingMogelijk, &z.Verlengingstermijn, &tref, &z.PublicatieIndicatie, &z.Publicatietekst,
		&verantw, &prod, &z.SelectielijstProcestype, &z.ReferentieprocesNaam,
		&z.ReferentieprocesLink, &z.Verantwoordelijke, &z.Complex, &team, &z.BeginGeldigheid,
		&z.EindeGeldigheid, &z.Versiedatum)
	if err != nil {
		return z, err
	}
	z.TeamID = team.String
	if z.Trefwoorden, err = parseJSONList(tref); err != nil {
		return z, err
	}
	if z.Verantwoordingsrelatie, err = parseJSONList(verantw); err != nil {
		return z, err
	}
	if z.ProductenOfDiensten, err = parseJSONList(prod); err != nil {
		return z, err
	}
	return z, nil
}

// bare is the zaaktype without loaded subresources, for audit records.
func (z ZaakType) bare() ZaakType {
	z.StatusTypen, z.ResultaatTypen, z.RolTypen, z.Eigenschappen = nil, nil, nil, nil
	z.InformatieObjectTypen, z.BesluitTypeIDs = nil, nil
	return z
}

func validateZaakType(z *ZaakType) error {
	var f errs.Fields
	required(&f, "catalogus", z.CatalogusID)
	maxLen(&f, "identificatie", z.Identificatie, 50)
	requiredMax(&f, "omschrijving", z.Omschrijving, 80)
	maxLen(&f, "omschrijvingGeneriek", z.OmschrijvingGeneriek, 80)
	requiredOneOf(&f, "vertrouwelijkheidaanduiding", z.Vertrouwelijkheidaanduiding, Vertrouwelijkheidaanduidingen)
	required(&f, "doel", z.Doel)
	required(&f, "aanleiding", z.Aanleiding)
	requiredOneOf(&f, "indicatieInternOfExtern", z.IndicatieInternOfExtern, []string{"intern", "extern"})
	requiredMax(&f, "handelingInitiator", z.HandelingInitiator, 20)
	requiredMax(&f, "onderwerp", z.Onderwerp, 80)
	requiredMax(&f, "handelingBehandelaar", z.HandelingBehandelaar, 20)
	if z.Doorlooptijd.IsZero() {
		f.Add("doorlooptijd", "required", "Dit veld is verplicht.")
	}
	if z.VerlengingMogelijk && z.Verlengingstermijn.IsZero() {
		f.Add("verlengingstermijn", "required", "De verlengingstermijn is verplicht als verlenging mogelijk is.")
	}
	for _, t := range z.Trefwoorden {
		if strings.TrimSpace(t) == "" {
			f.Add("trefwoorden", "blank", "Een trefwoord mag niet leeg zijn.")
			break
		}
		maxLen(&f, "trefwoorden", t, 30)
	}
	for _, p := range z.ProductenOfDiensten {
		optionalURL(&f, "productenOfDiensten", p)
	}
	optionalURL(&f, "selectielijstProcestype", z.SelectielijstProcestype)
	requiredMax(&f, "referentieproces.naam", z.ReferentieprocesNaam, 80)
	optionalURL(&f, "referentieproces.link", z.ReferentieprocesLink)
	requiredMax(&f, "verantwoordelijke", z.Verantwoordelijke, 255)
	if z.BeginGeldigheid.IsZero() {
		f.Add("beginGeldigheid", "required", "Dit veld is verplicht.")
	} else if !z.EindeGeldigheid.IsZero() && z.EindeGeldigheid.Before(z.BeginGeldigheid) {
		f.Add("eindeGeldigheid", "date-mismatch", "De eindeGeldigheid mag niet vóór de beginGeldigheid liggen.")
	}
	if z.TeamID != "" && uuid.Validate(z.TeamID) != nil {
		f.Add("team", "does_not_exist", "Dit team bestaat niet.")
	}
	return f.Err()
}

// checkZaakTypeRefs checks the catalogus and team exist.
func checkZaakTypeRefs(ctx context.Context, q db.Queryer, z *ZaakType) error {
	if uuid.Validate(z.CatalogusID) != nil {
		return errs.InvalidField("catalogus", "does_not_exist", "Deze catalogus bestaat niet.")
	}
	ok, err := db.Exists(ctx, q, `SELECT 1 FROM catalogi WHERE id = $1`, z.CatalogusID)
	if err != nil {
		return err
	}
	if !ok {
		return errs.InvalidField("catalogus", "does_not_exist", "Deze catalogus bestaat niet.")
	}
	if z.TeamID != "" {
		ok, err := db.Exists(ctx, q, `SELECT 1 FROM teams WHERE id = $1`, z.TeamID)
		if err != nil {
			return err
		}
		if !ok {
			return errs.InvalidField("team", "does_not_exist", "Dit team bestaat niet.")
		}
	}
	return nil
}

// CreateZaakType stores a new concept zaaktype. An empty Identificatie is
// generated; Versiedatum defaults to BeginGeldigheid. Subresources in the
// input are ignored (add them with AddStatusType etc.). Another version with
// the same identificatie may exist; overlap is checked on publish (ztc-016).
func (s *Store) CreateZaakType(ctx context.Context, in ZaakType) (*ZaakType, error) {
	z := in.bare()
	if z.Versiedatum.IsZero() {
		z.Versiedatum = z.BeginGeldigheid
	}
	if err := validateZaakType(&z); err != nil {
		return nil, err
	}
	z.ID = uuid.NewString()
	if z.Identificatie == "" {
		z.Identificatie = "ZAAKTYPE-" + strings.ToUpper(z.ID[:8])
	}
	z.Concept = true
	z.CreatedAt, z.UpdatedAt = s.now(), s.now()
	err := s.write(ctx, func(tx *sql.Tx) error {
		if err := checkZaakTypeRefs(ctx, tx, &z); err != nil {
			return err
		}
		return s.insertZaakType(ctx, tx, &z, "create")
	})
	if err != nil {
		return nil, err
	}
	return s.reloadZaakType(ctx, z.ID)
}

func (s *Store) insertZaakType(ctx context.Context, tx *sql.Tx, z *ZaakType, actie string) error {
	args := append([]any{z.ID, z.CatalogusID, z.Concept, z.CreatedAt, z.UpdatedAt}, zaakTypeData(z)...)
	_, err := tx.ExecContext(ctx, `INSERT INTO zaaktypen (id, catalogus_id, concept, created_at, updated_at, `+
		strings.Join(zaakTypeDataCols, ", ")+`) VALUES (`+placeholders(1, len(args))+`)`, args...)
	if err != nil {
		return fmt.Errorf("catalogus: insert zaaktype: %w", err)
	}
	return s.record(ctx, tx, "zaaktype", z.ID, z.Omschrijving, "", actie, nil, z.bare())
}

func (s *Store) reloadZaakType(ctx context.Context, id string) (*ZaakType, error) {
	return GetZaakType(ctx, s.reader(), id)
}

// loadZaakTypeBare loads the zaaktype row only.
func loadZaakTypeBare(ctx context.Context, q db.Queryer, id string) (*ZaakType, error) {
	if uuid.Validate(id) != nil {
		return nil, errs.NotFoundf("zaaktype", id)
	}
	z, err := scanZaakType(q.QueryRowContext(ctx, zaakTypeSelect+` WHERE id = $1`, id))
	if err != nil {
		return nil, notFound("zaaktype", id, err)
	}
	return &z, nil
}

// GetZaakType loads a zaaktype with its statustypen (by volgnummer),
// resultaattypen, roltypen, eigenschappen, informatieobjecttypen and
// besluittype ids.
func GetZaakType(ctx context.Context, q db.Queryer, id string) (*ZaakType, error) {
	z, err := loadZaakTypeBare(ctx, q, id)
	if err != nil {
		return nil, err
	}
	if err := loadChildren(ctx, q, z); err != nil {
		return nil, err
	}
	return z, nil
}

func loadChildren(ctx context.Context, q db.Queryer, z *ZaakType) error {
	all := Page{PageSize: 1 << 30}
	sf := SubFilter{ZaakTypeID: z.ID}
	st, err := ListStatusTypen(ctx, q, sf, all)
	if err != nil {
		return err
	}
	rt, err := ListResultaatTypen(ctx, q, sf, all)
	if err != nil {
		return err
	}
	rol, err := ListRolTypen(ctx, q, sf, all)
	if err != nil {
		return err
	}
	eig, err := ListEigenschappen(ctx, q, sf, all)
	if err != nil {
		return err
	}
	ziot, err := ListZaakTypeInformatieObjectTypen(ctx, q, sf, all)
	if err != nil {
		return err
	}
	z.StatusTypen, z.ResultaatTypen, z.RolTypen, z.Eigenschappen, z.InformatieObjectTypen =
		st.Items, rt.Items, rol.Items, eig.Items, ziot.Items
	z.BesluitTypeIDs, err = stringColumn(ctx, q, `SELECT besluittype_id FROM zaaktype_besluittypen WHERE zaaktype_id = $1 ORDER BY besluittype_id`, z.ID)
	return err
}

func stringColumn(ctx context.Context, q db.Queryer, query string, args ...any) ([]string, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("catalogus: %w", err)
	}
	defer rows.Close()
	out := []string{}
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, fmt.Errorf("catalogus: %w", err)
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// UpdateZaakType replaces the writable fields of a zaaktype (PUT semantics;
// the API merges a PATCH into the loaded zaaktype first). The catalogus cannot
// change. A published zaaktype can only change its EindeGeldigheid, unless
// o.Correctie (ztc-009); a new EindeGeldigheid is checked against ztc-016.
func (s *Store) UpdateZaakType(ctx context.Context, id string, in ZaakType, o Options) (*ZaakType, error) {
	err := s.write(ctx, func(tx *sql.Tx) error {
		old, err := loadZaakTypeBare(ctx, tx, id)
		if err != nil {
			return err
		}
		z := in.bare()
		z.ID, z.CatalogusID, z.Concept, z.CreatedAt = old.ID, old.CatalogusID, old.Concept, old.CreatedAt
		if z.Versiedatum.IsZero() {
			z.Versiedatum = z.BeginGeldigheid
		}
		if z.Identificatie == "" {
			z.Identificatie = old.Identificatie
		}
		if err := validateZaakType(&z); err != nil {
			return err
		}
		if !old.Concept && !o.Correctie && !onlyEindeGeldigheidChanged(old, &z) {
			return errPublished("zaaktype")
		}
		if err := checkZaakTypeRefs(ctx, tx, &z); err != nil {
			return err
		}
		if !old.Concept {
			if err := s.lockVersions(ctx, tx, z.CatalogusID, old.Identificatie, z.Identificatie); err != nil {
				return err
			}
			if err := checkNoOverlap(ctx, tx, &z); err != nil {
				return err
			}
		}
		return s.updateZaakType(ctx, tx, old, &z)
	})
	if err != nil {
		return nil, err
	}
	return s.reloadZaakType(ctx, id)
}

func (s *Store) updateZaakType(ctx context.Context, tx *sql.Tx, old, z *ZaakType) error {
	z.UpdatedAt = s.now()
	args := append([]any{z.ID, z.UpdatedAt}, zaakTypeData(z)...)
	_, err := tx.ExecContext(ctx, `UPDATE zaaktypen SET updated_at = $2, `+assignments(zaakTypeDataCols, 3)+` WHERE id = $1`, args...)
	if err != nil {
		return fmt.Errorf("catalogus: update zaaktype: %w", err)
	}
	return s.record(ctx, tx, "zaaktype", z.ID, z.Omschrijving, "", "update", old.bare(), z.bare())
}

func onlyEindeGeldigheidChanged(old, z *ZaakType) bool {
	a, b := old.bare(), z.bare()
	a.EindeGeldigheid, a.UpdatedAt = date.Date{}, b.UpdatedAt
	b.EindeGeldigheid = date.Date{}
	return fmt.Sprint(zaakTypeData(&a)) == fmt.Sprint(zaakTypeData(&b))
}

// SetZaakTypeEindeGeldigheid ends (or, with a zero date, reopens) a zaaktype
// version: the one change a published zaaktype allows without correctie.
func (s *Store) SetZaakTypeEindeGeldigheid(ctx context.Context, id string, einde date.Date) (*ZaakType, error) {
	z, err := loadZaakTypeBare(ctx, s.reader(), id)
	if err != nil {
		return nil, err
	}
	z.EindeGeldigheid = einde
	return s.UpdateZaakType(ctx, id, *z, Options{})
}

// DeleteZaakType deletes a concept zaaktype with its subresources. A
// published zaaktype cannot be deleted (ztc-009).
func (s *Store) DeleteZaakType(ctx context.Context, id string) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		z, err := GetZaakType(ctx, tx, id)
		if err != nil {
			return err
		}
		if !z.Concept && !geforceerdVerwijderen(ctx) {
			return errPublishedDelete("zaaktype")
		}
		// Eigenschappen and zaaktype-informatieobjecttypen point at
		// statustypen without a cascade, so they go first.
		for _, q := range []string{
			`DELETE FROM eigenschappen WHERE zaaktype_id = $1`,
			`DELETE FROM zaaktype_informatieobjecttypen WHERE zaaktype_id = $1`,
			`DELETE FROM statustypen WHERE zaaktype_id = $1`,
			`DELETE FROM resultaattypen WHERE zaaktype_id = $1`,
			`DELETE FROM roltypen WHERE zaaktype_id = $1`,
			`DELETE FROM zaaktype_besluittypen WHERE zaaktype_id = $1`,
			`DELETE FROM zaaktypen WHERE id = $1`,
		} {
			if _, err := tx.ExecContext(ctx, q, id); err != nil {
				if db.IsForeignKeyViolation(err) {
					return errs.E(errs.Conflict, "in-use", "Het zaaktype is nog in gebruik en kan niet verwijderd worden.")
				}
				return fmt.Errorf("catalogus: delete zaaktype: %w", err)
			}
		}
		return s.record(ctx, tx, "zaaktype", id, z.Omschrijving, "", "destroy", z, nil)
	})
}

// PublishZaakType makes a concept zaaktype definitive. The Catalogi standard
// names no preconditions; like Open Zaak we require that every linked
// besluittype and informatieobjecttype is published and that the zaaktype has
// at least one roltype, one resultaattype and two statustypen (a zaak must be
// able to start and to end). ztc-016: when an earlier published version with
// the same identificatie is open-ended, it is ended the day before this one
// begins (as the standard recommends and Open Zaak does); any remaining
// overlap is refused. Publishing a published zaaktype changes nothing.
func (s *Store) PublishZaakType(ctx context.Context, id string) (*ZaakType, error) {
	err := s.write(ctx, func(tx *sql.Tx) error {
		z, err := GetZaakType(ctx, tx, id)
		if err != nil {
			return err
		}
		if !z.Concept {
			return nil
		}
		var f errs.Fields
		for _, bt := range z.BesluitTypeIDs {
			if concept, err := isConcept(ctx, tx, "besluittypen", bt); err != nil {
				return err
			} else if concept {
				f.Add("besluittypen", "concept-relation", "Alle gerelateerde besluittypen moeten gepubliceerd zijn.")
				break
			}
		}
		for _, l := range z.InformatieObjectTypen {
			if concept, err := isConcept(ctx, tx, "informatieobjecttypen", l.InformatieObjectTypeID); err != nil {
				return err
			} else if concept {
				f.Add("informatieobjecttypen", "concept-relation", "Alle gerelateerde informatieobjecttypen moeten gepubliceerd zijn.")
				break
			}
		}
		if len(z.StatusTypen) < 2 {
			f.Add("statustypen", "publish-requires", "Een zaaktype heeft voor publicatie minstens twee statustypen nodig.")
		}
		if len(z.ResultaatTypen) == 0 {
			f.Add("resultaattypen", "publish-requires", "Een zaaktype heeft voor publicatie minstens één resultaattype nodig.")
		}
		if len(z.RolTypen) == 0 {
			f.Add("roltypen", "publish-requires", "Een zaaktype heeft voor publicatie minstens één roltype nodig.")
		}
		if err := f.Err(); err != nil {
			return err
		}
		if err := s.lockVersions(ctx, tx, z.CatalogusID, z.Identificatie); err != nil {
			return err
		}
		if err := s.endPreviousVersion(ctx, tx, z); err != nil {
			return err
		}
		if err := checkNoOverlap(ctx, tx, z); err != nil {
			return err
		}
		old := z.bare()
		z.Concept = false
		z.UpdatedAt = s.now()
		if _, err := tx.ExecContext(ctx, `UPDATE zaaktypen SET concept = $2, updated_at = $3 WHERE id = $1`, id, false, z.UpdatedAt); err != nil {
			return fmt.Errorf("catalogus: publish zaaktype: %w", err)
		}
		return s.record(ctx, tx, "zaaktype", id, z.Omschrijving, "", "publish", old, z.bare())
	})
	if err != nil {
		return nil, err
	}
	return s.reloadZaakType(ctx, id)
}

func isConcept(ctx context.Context, q db.Queryer, table, id string) (bool, error) {
	var concept bool
	if err := q.QueryRowContext(ctx, `SELECT concept FROM `+table+` WHERE id = $1`, id).Scan(&concept); err != nil {
		return false, fmt.Errorf("catalogus: %s %s: %w", table, id, err)
	}
	return concept, nil
}

// publishedVersions lists the other published versions of z's identificatie.
func publishedVersions(ctx context.Context, q db.Queryer, z *ZaakType) ([]ZaakType, error) {
	rows, err := q.QueryContext(ctx, zaakTypeSelect+` WHERE catalogus_id = $1 AND identificatie = $2 AND concept = $3 AND id <> $4
		ORDER BY begin_geldigheid`, z.CatalogusID, z.Identificatie, false, z.ID)
	if err != nil {
		return nil, fmt.Errorf("catalogus: versions: %w", err)
	}
	defer rows.Close()
	var out []ZaakType
	for rows.Next() {
		v, err := scanZaakType(rows)
		if err != nil {
			return nil, fmt.Errorf("catalogus: versions: %w", err)
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

func (s *Store) endPreviousVersion(ctx context.Context, tx *sql.Tx, z *ZaakType) error {
	versions, err := publishedVersions(ctx, tx, z)
	if err != nil {
		return err
	}
	for _, v := range versions {
		if v.EindeGeldigheid.IsZero() && v.BeginGeldigheid.Before(z.BeginGeldigheid) {
			nv := v
			nv.EindeGeldigheid = z.BeginGeldigheid.AddDays(-1)
			if err := s.updateZaakType(ctx, tx, &v, &nv); err != nil {
				return err
			}
		}
	}
	return nil
}

// checkNoOverlap is ztc-016 for z as a published version.
func checkNoOverlap(ctx context.Context, q db.Queryer, z *ZaakType) error {
	versions, err := publishedVersions(ctx, q, z)
	if err != nil {
		return err
	}
	for _, v := range versions {
		if overlaps(v.BeginGeldigheid, v.EindeGeldigheid, z.BeginGeldigheid, z.EindeGeldigheid) {
			return errs.InvalidField("beginGeldigheid", "overlap",
				fmt.Sprintf("De geldigheidsperiode overlapt met een gepubliceerde versie van zaaktype %s (geldig vanaf %s).", z.Identificatie, v.BeginGeldigheid))
		}
	}
	return nil
}

// overlaps compares two inclusive periods; a zero end is open-ended.
func overlaps(b1, e1, b2, e2 date.Date) bool {
	startsBeforeEnd := func(b, e date.Date) bool { return e.IsZero() || !b.After(e) }
	return startsBeforeEnd(b1, e2) && startsBeforeEnd(b2, e1)
}
