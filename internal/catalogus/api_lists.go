package catalogus

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/google/uuid"

	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/errs"
)

// The read functions in this file serve the Catalogi API's list filters that
// Loket's own pages do not need.

// CatalogusAPIFilter filters ListCatalogiAPI; empty fields do not filter.
type CatalogusAPIFilter struct {
	Domein   string
	DomeinIn []string
	RSIN     string
	RSINIn   []string
}

// ListCatalogiAPI lists catalogi ordered by domein, rsin, with the __in filters.
func ListCatalogiAPI(ctx context.Context, q db.Queryer, f CatalogusAPIFilter, p Page) (List[Catalogus], error) {
	var w where
	if f.Domein != "" {
		w.add("domein = ?", f.Domein)
	}
	if f.RSIN != "" {
		w.add("rsin = ?", f.RSIN)
	}
	in := func(col string, vals []string) {
		if vals == nil {
			return
		}
		if len(vals) == 0 {
			w.add("1 = 0")
			return
		}
		args := make([]any, len(vals))
		for i, v := range vals {
			args[i] = v
		}
		cond := col + " IN ("
		for i := range vals {
			if i > 0 {
				cond += ","
			}
			cond += "?"
		}
		w.add(cond+")", args...)
	}
	in("domein", f.DomeinIn)
	in("rsin", f.RSINIn)
	return listPage(ctx, q, `SELECT COUNT(*) FROM catalogi`, `SELECT `+catalogusCols+` FROM catalogi`, &w,
		"domein, rsin, id", p, scanCatalogus)
}

// ListRolTypenAPI is ListRolTypen with the omschrijvingGeneriek filter ("" does not filter).
func ListRolTypenAPI(ctx context.Context, q db.Queryer, f SubFilter, omschrijvingGeneriek string, p Page) (List[RolType], error) {
	var w where
	if err := f.where(&w); err != nil {
		return List[RolType]{}, err
	}
	if omschrijvingGeneriek != "" {
		w.add("omschrijving_generiek = ?", omschrijvingGeneriek)
	}
	return listPage(ctx, q, `SELECT COUNT(*) FROM roltypen`, rolTypeSelect, &w, "zaaktype_id, omschrijving, id", p, scanRolType)
}

// ZTIOTFilter filters ListZaakTypeInformatieObjectTypenAPI; empty fields do not filter.
type ZTIOTFilter struct {
	SubFilter
	InformatieObjectTypeID string
	Richting               string
}

// ListZaakTypeInformatieObjectTypenAPI is ListZaakTypeInformatieObjectTypen
// with the informatieobjecttype and richting filters.
func ListZaakTypeInformatieObjectTypenAPI(ctx context.Context, q db.Queryer, f ZTIOTFilter, p Page) (List[ZaakTypeInformatieObjectType], error) {
	var w where
	if err := f.SubFilter.where(&w); err != nil {
		return List[ZaakTypeInformatieObjectType]{}, err
	}
	if f.InformatieObjectTypeID != "" {
		if uuid.Validate(f.InformatieObjectTypeID) != nil {
			return List[ZaakTypeInformatieObjectType]{}, errs.InvalidField("informatieobjecttype", "invalid", "Ongeldig informatieobjecttype.")
		}
		w.add("informatieobjecttype_id = ?", f.InformatieObjectTypeID)
	}
	if f.Richting != "" {
		w.add("richting = ?", f.Richting)
	}
	return listPage(ctx, q, `SELECT COUNT(*) FROM zaaktype_informatieobjecttypen`, ztiotSelect, &w, "zaaktype_id, volgnummer", p, scanZTIOT)
}

// ListBesluitTypenAPI is ListBesluitTypen with the informatieobjecttype filter
// (besluittypen that relate to that informatieobjecttype; "" does not filter).
func ListBesluitTypenAPI(ctx context.Context, q db.Queryer, f TypeFilter, iotID string, p Page) (List[BesluitType], error) {
	if err := f.check(); err != nil {
		return List[BesluitType]{}, err
	}
	var w where
	f.where("besluittypen", &w)
	if iotID != "" {
		if uuid.Validate(iotID) != nil {
			return List[BesluitType]{}, errs.InvalidField("informatieobjecttypen", "invalid", "Ongeldig informatieobjecttype.")
		}
		w.add("id IN (SELECT besluittype_id FROM besluittype_informatieobjecttypen WHERE informatieobjecttype_id = ?)", iotID)
	}
	return listPage(ctx, q, `SELECT COUNT(*) FROM besluittypen`, besluitTypeSelect, &w, "omschrijving, begin_geldigheid, id", p, scanBesluitType)
}

// ZaakTypeIDsOf lists the ids of every zaaktype version in a catalogus.
func ZaakTypeIDsOf(ctx context.Context, q db.Queryer, catalogusID string) ([]string, error) {
	return stringColumn(ctx, q, `SELECT id FROM zaaktypen WHERE catalogus_id = $1 ORDER BY identificatie, begin_geldigheid, id`, catalogusID)
}

// BesluitTypeIDsOf lists the ids of every besluittype in a catalogus.
func BesluitTypeIDsOf(ctx context.Context, q db.Queryer, catalogusID string) ([]string, error) {
	return stringColumn(ctx, q, `SELECT id FROM besluittypen WHERE catalogus_id = $1 ORDER BY omschrijving, begin_geldigheid, id`, catalogusID)
}

// InformatieObjectTypeIDsOf lists the ids of every informatieobjecttype in a catalogus.
func InformatieObjectTypeIDsOf(ctx context.Context, q db.Queryer, catalogusID string) ([]string, error) {
	return stringColumn(ctx, q, `SELECT id FROM informatieobjecttypen WHERE catalogus_id = $1 ORDER BY omschrijving, begin_geldigheid, id`, catalogusID)
}

// ValidVersionID returns the id of the published version of a type in table
// ("zaaktypen" by identificatie, "besluittypen" or "informatieobjecttypen" by
// omschrijving) in the catalogus that is valid on d; "" when there is none.
func ValidVersionID(ctx context.Context, q db.Queryer, table, catalogusID, name string, d date.Date) (string, error) {
	col := "omschrijving"
	switch table {
	case "zaaktypen":
		col = "identificatie"
	case "besluittypen", "informatieobjecttypen":
	default:
		return "", fmt.Errorf("catalogus: ValidVersionID: unknown table %q", table)
	}
	var id string
	err := q.QueryRowContext(ctx, `SELECT id FROM `+table+` WHERE catalogus_id = $1 AND `+col+` = $2 AND concept = $3
		AND begin_geldigheid <= $4 AND (einde_geldigheid IS NULL OR einde_geldigheid >= $4)
		ORDER BY begin_geldigheid DESC, id LIMIT 1`, catalogusID, name, false, d).Scan(&id)
	if err == sql.ErrNoRows {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("catalogus: valid version of %s %q: %w", table, name, err)
	}
	return id, nil
}

// LatestVersionID returns the id of the newest version (by beginGeldigheid,
// published before concept on the same date) of a type in table by name in
// the catalogus; "" when there is none. It turns a name given in the API into
// the row a relation is stored against.
func LatestVersionID(ctx context.Context, q db.Queryer, table, catalogusID, name string) (string, error) {
	col := "omschrijving"
	switch table {
	case "zaaktypen":
		col = "identificatie"
	case "besluittypen", "informatieobjecttypen":
	default:
		return "", fmt.Errorf("catalogus: LatestVersionID: unknown table %q", table)
	}
	var id string
	err := q.QueryRowContext(ctx, `SELECT id FROM `+table+` WHERE catalogus_id = $1 AND `+col+` = $2
		ORDER BY begin_geldigheid DESC, concept, id LIMIT 1`, catalogusID, name).Scan(&id)
	if err == sql.ErrNoRows {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("catalogus: latest version of %s %q: %w", table, name, err)
	}
	return id, nil
}

// ObjectPeriod is the life of a type over all its versions: the first
// beginGeldigheid and, when the newest version has ended, its eindeGeldigheid.
func ObjectPeriod(ctx context.Context, q db.Queryer, table, catalogusID, name string) (begin, einde date.Date, err error) {
	col := "omschrijving"
	if table == "zaaktypen" {
		col = "identificatie"
	} else if table != "besluittypen" && table != "informatieobjecttypen" {
		return begin, einde, fmt.Errorf("catalogus: ObjectPeriod: unknown table %q", table)
	}
	err = q.QueryRowContext(ctx, `SELECT begin_geldigheid, einde_geldigheid FROM `+table+` WHERE catalogus_id = $1 AND `+col+` = $2
		ORDER BY begin_geldigheid, id LIMIT 1`, catalogusID, name).Scan(&begin, new(date.Date))
	if err != nil && err != sql.ErrNoRows {
		return begin, einde, fmt.Errorf("catalogus: object period: %w", err)
	}
	err = q.QueryRowContext(ctx, `SELECT einde_geldigheid FROM `+table+` WHERE catalogus_id = $1 AND `+col+` = $2
		ORDER BY begin_geldigheid DESC, id LIMIT 1`, catalogusID, name).Scan(&einde)
	if err != nil && err != sql.ErrNoRows {
		return begin, einde, fmt.Errorf("catalogus: object period: %w", err)
	}
	return begin, einde, nil
}

// GetZaakTypeBare loads a zaaktype without its subresources.
func GetZaakTypeBare(ctx context.Context, q db.Queryer, id string) (*ZaakType, error) {
	return loadZaakTypeBare(ctx, q, id)
}
