package catalogi

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/gemeenten/loket/internal/db"
)

// Storage of the Catalogi API attributes that the catalogus domain does not
// model (migration 0016). Each write runs in the transaction of the domain
// write it belongs to.

type bronCatalogus struct {
	URL    string `json:"url"`
	Domein string `json:"domein"`
	RSIN   string `json:"rsin"`
}

type bronZaakType struct {
	URL           string `json:"url"`
	Identificatie string `json:"identificatie"`
	Omschrijving  string `json:"omschrijving"`
}

// zaakTypenRelatie is stored with the identificatie of the other zaaktype
// (version-independent, ztc-011a); the API shows the URL of its valid version.
type zaakTypenRelatie struct {
	Identificatie string `json:"identificatie"`
	AardRelatie   string `json:"aardRelatie"`
	Toelichting   string `json:"toelichting"`
}

type zaakTypeExtra struct {
	Broncatalogus         *bronCatalogus
	Bronzaaktype          *bronZaakType
	GerelateerdeZaakTypen []zaakTypenRelatie
	DeelZaakTypen         []string // identificaties
}

func marshal(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func unmarshal(s string, v any) error {
	if s == "" {
		return nil
	}
	if err := json.Unmarshal([]byte(s), v); err != nil {
		return fmt.Errorf("catalogi: stored value %q: %w", s, err)
	}
	return nil
}

func loadZaakTypeExtra(ctx context.Context, q db.Queryer, id string) (zaakTypeExtra, error) {
	var bc, bz, gz, dz string
	err := q.QueryRowContext(ctx, `SELECT broncatalogus, bronzaaktype, gerelateerde_zaaktypen, deelzaaktypen
		FROM ztc_zaaktype_api WHERE zaaktype_id = $1`, id).Scan(&bc, &bz, &gz, &dz)
	if errors.Is(err, sql.ErrNoRows) {
		return zaakTypeExtra{}, nil
	}
	if err != nil {
		return zaakTypeExtra{}, fmt.Errorf("catalogi: zaaktype extra: %w", err)
	}
	return parseZaakTypeExtra(bc, bz, gz, dz)
}

func parseZaakTypeExtra(bc, bz, gz, dz string) (zaakTypeExtra, error) {
	var x zaakTypeExtra
	if bc != "" {
		x.Broncatalogus = &bronCatalogus{}
		if err := unmarshal(bc, x.Broncatalogus); err != nil {
			return x, err
		}
	}
	if bz != "" {
		x.Bronzaaktype = &bronZaakType{}
		if err := unmarshal(bz, x.Bronzaaktype); err != nil {
			return x, err
		}
	}
	if err := unmarshal(gz, &x.GerelateerdeZaakTypen); err != nil {
		return x, err
	}
	return x, unmarshal(dz, &x.DeelZaakTypen)
}

func saveZaakTypeExtra(ctx context.Context, tx *sql.Tx, id string, x zaakTypeExtra) error {
	bc, bz := "", ""
	if x.Broncatalogus != nil {
		bc = marshal(x.Broncatalogus)
	}
	if x.Bronzaaktype != nil {
		bz = marshal(x.Bronzaaktype)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM ztc_zaaktype_api WHERE zaaktype_id = $1`, id); err != nil {
		return fmt.Errorf("catalogi: save zaaktype extra: %w", err)
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO ztc_zaaktype_api (zaaktype_id, broncatalogus, bronzaaktype, gerelateerde_zaaktypen, deelzaaktypen)
		VALUES ($1, $2, $3, $4, $5)`, id, bc, bz, marshal(list(x.GerelateerdeZaakTypen)), marshal(list(x.DeelZaakTypen)))
	if err != nil {
		return fmt.Errorf("catalogi: save zaaktype extra: %w", err)
	}
	return nil
}

type checkListItem struct {
	Itemnaam      string  `json:"itemnaam"`
	Toelichting   *string `json:"toelichting"`
	Vraagstelling string  `json:"vraagstelling"`
	Verplicht     bool    `json:"verplicht"`
}

func loadChecklist(ctx context.Context, q db.Queryer, statusTypeID string) ([]checkListItem, error) {
	var s string
	err := q.QueryRowContext(ctx, `SELECT checklistitems FROM ztc_statustype_api WHERE statustype_id = $1`, statusTypeID).Scan(&s)
	if errors.Is(err, sql.ErrNoRows) {
		return []checkListItem{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("catalogi: checklist: %w", err)
	}
	out := []checkListItem{}
	return out, unmarshal(s, &out)
}

func saveChecklist(ctx context.Context, tx *sql.Tx, statusTypeID string, items []checkListItem) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM ztc_statustype_api WHERE statustype_id = $1`, statusTypeID); err != nil {
		return fmt.Errorf("catalogi: save checklist: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO ztc_statustype_api (statustype_id, checklistitems) VALUES ($1, $2)`,
		statusTypeID, marshal(list(items))); err != nil {
		return fmt.Errorf("catalogi: save checklist: %w", err)
	}
	return nil
}

// resultaatTypeRelaties are by omschrijving (version-independent, ztc-011a).
type resultaatTypeRelaties struct {
	BesluitTypen          []string
	InformatieObjectTypen []string
}

func loadResultaatTypeRelaties(ctx context.Context, q db.Queryer, id string) (resultaatTypeRelaties, error) {
	var x resultaatTypeRelaties
	var b, i string
	err := q.QueryRowContext(ctx, `SELECT besluittype_omschrijvingen, informatieobjecttype_omschrijvingen
		FROM ztc_resultaattype_api WHERE resultaattype_id = $1`, id).Scan(&b, &i)
	if errors.Is(err, sql.ErrNoRows) {
		return resultaatTypeRelaties{BesluitTypen: []string{}, InformatieObjectTypen: []string{}}, nil
	}
	if err != nil {
		return x, fmt.Errorf("catalogi: resultaattype relaties: %w", err)
	}
	if err := unmarshal(b, &x.BesluitTypen); err != nil {
		return x, err
	}
	if err := unmarshal(i, &x.InformatieObjectTypen); err != nil {
		return x, err
	}
	x.BesluitTypen, x.InformatieObjectTypen = list(x.BesluitTypen), list(x.InformatieObjectTypen)
	return x, nil
}

func saveResultaatTypeRelaties(ctx context.Context, tx *sql.Tx, id string, x resultaatTypeRelaties) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM ztc_resultaattype_api WHERE resultaattype_id = $1`, id); err != nil {
		return fmt.Errorf("catalogi: save resultaattype relaties: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO ztc_resultaattype_api (resultaattype_id, besluittype_omschrijvingen, informatieobjecttype_omschrijvingen)
		VALUES ($1, $2, $3)`, id, marshal(list(x.BesluitTypen)), marshal(list(x.InformatieObjectTypen))); err != nil {
		return fmt.Errorf("catalogi: save resultaattype relaties: %w", err)
	}
	return nil
}
