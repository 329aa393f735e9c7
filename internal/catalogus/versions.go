package catalogus

import (
	"context"
	"database/sql"
	"encoding/json"

	"github.com/google/uuid"

	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/errs"
)

// ZaakTypeFilter filters ListZaakTypen; empty fields do not filter.
type ZaakTypeFilter struct {
	CatalogusID     string
	Identificatie   string
	Status          Status    // zero: all
	DatumGeldigheid date.Date // versions valid on this date
	Trefwoorden     []string  // zaaktypen carrying all of these
}

// ListZaakTypen lists zaaktypen (without subresources) by identificatie and
// beginGeldigheid.
func ListZaakTypen(ctx context.Context, q db.Queryer, f ZaakTypeFilter, p Page) (List[ZaakType], error) {
	if err := f.Status.check(); err != nil {
		return List[ZaakType]{}, err
	}
	if f.CatalogusID != "" && uuid.Validate(f.CatalogusID) != nil {
		return List[ZaakType]{}, errs.InvalidField("catalogus", "invalid", "Ongeldige catalogus.")
	}
	var w where
	if f.CatalogusID != "" {
		w.add("catalogus_id = ?", f.CatalogusID)
	}
	if f.Identificatie != "" {
		w.add("identificatie = ?", f.Identificatie)
	}
	f.Status.where(&w, "concept")
	if !f.DatumGeldigheid.IsZero() {
		w.add("begin_geldigheid <= ? AND (einde_geldigheid IS NULL OR einde_geldigheid >= ?)", f.DatumGeldigheid, f.DatumGeldigheid)
	}
	for _, t := range f.Trefwoorden {
		// Trefwoorden are stored as a JSON array of strings; a quoted
		// element matches exactly one keyword. REPLACE rather than LIKE:
		// SQLite's LIKE ignores case, PostgreSQL's does not, and REPLACE is
		// case-sensitive on both (and has no wildcards to escape).
		b, _ := json.Marshal(t)
		w.add(`REPLACE(trefwoorden, ?, '') <> trefwoorden`, string(b))
	}
	return listPage(ctx, q, `SELECT COUNT(*) FROM zaaktypen`, zaakTypeSelect, &w, "identificatie, begin_geldigheid, id", p, scanZaakType)
}

// ZaakTypeValidOn returns the published version of (catalogus,
// identificatie) valid on d, with its subresources; NotFound when none is.
func ZaakTypeValidOn(ctx context.Context, q db.Queryer, catalogusID, identificatie string, d date.Date) (*ZaakType, error) {
	what := "zaaktype " + identificatie + " geldig op"
	if uuid.Validate(catalogusID) != nil {
		return nil, errs.NotFoundf(what, d)
	}
	var id string
	err := q.QueryRowContext(ctx, `SELECT id FROM zaaktypen WHERE catalogus_id = $1 AND identificatie = $2 AND concept = $3
		AND begin_geldigheid <= $4 AND (einde_geldigheid IS NULL OR einde_geldigheid >= $4)
		ORDER BY begin_geldigheid DESC LIMIT 1`, catalogusID, identificatie, false, d).Scan(&id)
	if err == sql.ErrNoRows {
		return nil, errs.NotFoundf(what, d)
	}
	if err != nil {
		return nil, notFound(what, d.String(), err)
	}
	return GetZaakType(ctx, q, id)
}

// NewZaakTypeVersion copies a published zaaktype, with its statustypen,
// resultaattypen, roltypen, eigenschappen, informatieobjecttypen and
// besluittypen, into a new concept version with the same identificatie that
// begins on begin (also its versiedatum). begin must lie after the source's
// beginGeldigheid. Publishing the new version ends the source the day before
// begin (see PublishZaakType).
func (s *Store) NewZaakTypeVersion(ctx context.Context, id string, begin date.Date) (*ZaakType, error) {
	var newID string
	err := s.write(ctx, func(tx *sql.Tx) error {
		src, err := GetZaakType(ctx, tx, id)
		if err != nil {
			return err
		}
		if src.Concept {
			return errs.E(errs.Conflict, "concept-object", "Van een concept-zaaktype kan geen nieuwe versie gemaakt worden; pas het concept aan.")
		}
		if begin.IsZero() {
			return errs.InvalidField("beginGeldigheid", "required", "Dit veld is verplicht.")
		}
		if !begin.After(src.BeginGeldigheid) {
			return errs.InvalidField("beginGeldigheid", "date-mismatch", "De nieuwe versie moet na de beginGeldigheid van de huidige versie ingaan.")
		}
		z := src.bare()
		z.ID = uuid.NewString()
		newID = z.ID
		z.BeginGeldigheid, z.EindeGeldigheid, z.Versiedatum = begin, date.Date{}, begin
		z.Concept = true
		z.CreatedAt, z.UpdatedAt = s.now(), s.now()
		if err := s.insertZaakType(ctx, tx, &z, "create"); err != nil {
			return err
		}
		statusMap := map[string]string{}
		for _, st := range src.StatusTypen {
			n := st
			n.ID, n.ZaakTypeID, n.IsEindstatus = uuid.NewString(), z.ID, false
			statusMap[st.ID] = n.ID
			if err := s.insertStatusType(ctx, tx, &n); err != nil {
				return err
			}
		}
		for _, r := range src.ResultaatTypen {
			n := r
			n.ID, n.ZaakTypeID = uuid.NewString(), z.ID
			if err := s.insertResultaatType(ctx, tx, &n); err != nil {
				return err
			}
		}
		for _, r := range src.RolTypen {
			n := r
			n.ID, n.ZaakTypeID = uuid.NewString(), z.ID
			if err := s.insertRolType(ctx, tx, &n); err != nil {
				return err
			}
		}
		for _, e := range src.Eigenschappen {
			n := e
			n.ID, n.ZaakTypeID, n.StatusTypeID = uuid.NewString(), z.ID, statusMap[e.StatusTypeID]
			if err := s.insertEigenschap(ctx, tx, &n); err != nil {
				return err
			}
		}
		for _, l := range src.InformatieObjectTypen {
			n := l
			n.ID, n.ZaakTypeID, n.StatusTypeID = uuid.NewString(), z.ID, statusMap[l.StatusTypeID]
			if err := s.insertZTIOT(ctx, tx, &n); err != nil {
				return err
			}
		}
		for _, bt := range src.BesluitTypeIDs {
			if _, err := tx.ExecContext(ctx, `INSERT INTO zaaktype_besluittypen (zaaktype_id, besluittype_id) VALUES ($1, $2)`, z.ID, bt); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return s.reloadZaakType(ctx, newID)
}
