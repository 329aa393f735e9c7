package document

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/google/uuid"

	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/errs"
)

// Aard of a verzending.
const (
	AardAfzender      = "afzender"
	AardGeadresseerde = "geadresseerde"
)

// Verzending records to whom an informatieobject was sent, or from whom it
// was received, and at which single address (Documenten API 1.2+).
type Verzending struct {
	ID                 string `json:"uuid"`
	InformatieobjectID string `json:"informatieobject"`
	// Betrokkene is the URL of the party.
	Betrokkene  string `json:"betrokkene"`
	AardRelatie string `json:"aardRelatie"`
	VerzendingData
}

// VerzendingData are the fields stored as one JSON column.
type VerzendingData struct {
	Toelichting                     string                    `json:"toelichting"`
	Ontvangstdatum                  date.Date                 `json:"ontvangstdatum,omitzero"`
	Verzenddatum                    date.Date                 `json:"verzenddatum,omitzero"`
	ContactPersoon                  string                    `json:"contactPersoon"`
	Contactpersoonnaam              string                    `json:"contactpersoonnaam"`
	BinnenlandsCorrespondentieadres *BinnenlandsAdres         `json:"binnenlandsCorrespondentieadres,omitempty"`
	BuitenlandsCorrespondentieadres *BuitenlandsAdres         `json:"buitenlandsCorrespondentieadres,omitempty"`
	CorrespondentiePostadres        *CorrespondentiePostadres `json:"correspondentiePostadres,omitempty"`
	Faxnummer                       string                    `json:"faxnummer,omitempty"`
	Emailadres                      string                    `json:"emailadres,omitempty"`
	MijnOverheid                    bool                      `json:"mijnOverheid"`
	Telefoonnummer                  string                    `json:"telefoonnummer,omitempty"`
}

// BinnenlandsAdres is a Dutch address.
type BinnenlandsAdres struct {
	Huisletter           string `json:"huisletter"`
	Huisnummer           int    `json:"huisnummer"`
	HuisnummerToevoeging string `json:"huisnummerToevoeging"`
	NaamOpenbareRuimte   string `json:"naamOpenbareRuimte"`
	Postcode             string `json:"postcode"`
	Woonplaatsnaam       string `json:"woonplaatsnaam"`
}

// BuitenlandsAdres is an address abroad.
type BuitenlandsAdres struct {
	AdresBuitenland1 string `json:"adresBuitenland1"`
	AdresBuitenland2 string `json:"adresBuitenland2"`
	AdresBuitenland3 string `json:"adresBuitenland3"`
	LandPostadres    string `json:"landPostadres"`
}

// CorrespondentiePostadres is a postbus or antwoordnummer.
type CorrespondentiePostadres struct {
	PostBusOfAntwoordnummer int    `json:"postBusOfAntwoordnummer"`
	PostadresPostcode       string `json:"postadresPostcode"`
	PostadresType           string `json:"postadresType"` // antwoordnummer, postbusnummer
	Woonplaatsnaam          string `json:"woonplaatsnaam"`
}

func validateVerzending(v *Verzending) error {
	var f errs.Fields
	if v.Betrokkene == "" {
		f.Add("betrokkene", "required", "Betrokkene is verplicht.")
	} else if len([]rune(v.Betrokkene)) > 200 {
		f.Add("betrokkene", "max_length", "Betrokkene mag hoogstens 200 tekens lang zijn.")
	}
	if v.AardRelatie != AardAfzender && v.AardRelatie != AardGeadresseerde {
		f.Add("aardRelatie", "invalid_choice", "AardRelatie moet afzender of geadresseerde zijn.")
	}
	maxLen(&f, "toelichting", "Toelichting", v.Toelichting, 200)
	maxLen(&f, "contactpersoonnaam", "Contactpersoonnaam", v.Contactpersoonnaam, 40)
	maxLen(&f, "faxnummer", "Faxnummer", v.Faxnummer, 15)
	maxLen(&f, "telefoonnummer", "Telefoonnummer", v.Telefoonnummer, 15)
	maxLen(&f, "emailadres", "E-mailadres", v.Emailadres, 100)
	n := 0
	for _, set := range []bool{v.BinnenlandsCorrespondentieadres != nil, v.BuitenlandsCorrespondentieadres != nil,
		v.CorrespondentiePostadres != nil, v.Faxnummer != "", v.Emailadres != "", v.MijnOverheid, v.Telefoonnummer != ""} {
		if set {
			n++
		}
	}
	if n != 1 {
		f.Add("nonFieldErrors", "invalid-address",
			"Geef precies één adres op: een binnenlands of buitenlands correspondentieadres, een postadres, faxnummer, e-mailadres, MijnOverheid of telefoonnummer.")
	}
	if a := v.BinnenlandsCorrespondentieadres; a != nil {
		if a.Huisnummer < 1 || a.Huisnummer > 99999 {
			f.Add("binnenlandsCorrespondentieadres.huisnummer", "invalid", "Huisnummer moet tussen 1 en 99999 liggen.")
		}
		if a.NaamOpenbareRuimte == "" {
			f.Add("binnenlandsCorrespondentieadres.naamOpenbareRuimte", "required", "De straatnaam is verplicht.")
		}
		if a.Woonplaatsnaam == "" {
			f.Add("binnenlandsCorrespondentieadres.woonplaatsnaam", "required", "De woonplaats is verplicht.")
		}
	}
	if a := v.BuitenlandsCorrespondentieadres; a != nil {
		if a.AdresBuitenland1 == "" {
			f.Add("buitenlandsCorrespondentieadres.adresBuitenland1", "required", "De eerste adresregel is verplicht.")
		}
		if a.LandPostadres == "" {
			f.Add("buitenlandsCorrespondentieadres.landPostadres", "required", "Het land is verplicht.")
		}
	}
	if a := v.CorrespondentiePostadres; a != nil {
		if a.PostBusOfAntwoordnummer < 1 || a.PostBusOfAntwoordnummer > 9999 {
			f.Add("correspondentiePostadres.postBusOfAntwoordnummer", "invalid", "Het postbus- of antwoordnummer moet tussen 1 en 9999 liggen.")
		}
		if a.PostadresType != "antwoordnummer" && a.PostadresType != "postbusnummer" {
			f.Add("correspondentiePostadres.postadresType", "invalid_choice", "Het type postadres moet antwoordnummer of postbusnummer zijn.")
		}
		if a.PostadresPostcode == "" {
			f.Add("correspondentiePostadres.postadresPostcode", "required", "De postcode is verplicht.")
		}
		if a.Woonplaatsnaam == "" {
			f.Add("correspondentiePostadres.woonplaatsnaam", "required", "De woonplaats is verplicht.")
		}
	}
	return f.Err()
}

// CreateVerzending registers a verzending of an existing informatieobject.
func (s *Service) CreateVerzending(ctx context.Context, v Verzending) (*Verzending, error) {
	v.ID = uuid.NewString()
	v.InformatieobjectID = strings.TrimSpace(v.InformatieobjectID)
	if err := validateVerzending(&v); err != nil {
		return nil, err
	}
	data, err := json.Marshal(v.VerzendingData)
	if err != nil {
		return nil, fmt.Errorf("document: verzending: %w", err)
	}
	now := s.clock()
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		d, _, err := getCurrent(ctx, tx, v.InformatieobjectID)
		if errs.Is(err, errs.NotFound) {
			return errs.InvalidField("informatieobject", "does_not_exist", "Dit informatieobject bestaat niet.")
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO verzendingen (id, informatieobject_id, betrokkene, aard_relatie, data, created_at)
			VALUES ($1,$2,$3,$4,$5,$6)`, v.ID, v.InformatieobjectID, v.Betrokkene, v.AardRelatie, string(data), now); err != nil {
			return fmt.Errorf("document: insert verzending: %w", err)
		}
		if err := s.emitDoc(ctx, tx, &d, "verzending", v.ID, "create"); err != nil {
			return err
		}
		return recordSub(ctx, tx, &d, "verzending", v.ID, "create", "Verzending vastgelegd", nil, v, now)
	})
	if err != nil {
		return nil, err
	}
	return &v, nil
}

const verzendingCols = `id, informatieobject_id, betrokkene, aard_relatie, data`

func scanVerzending(r scanner) (Verzending, error) {
	var v Verzending
	var data string
	if err := r.Scan(&v.ID, &v.InformatieobjectID, &v.Betrokkene, &v.AardRelatie, &data); err != nil {
		return v, err
	}
	if err := json.Unmarshal([]byte(data), &v.VerzendingData); err != nil {
		return v, fmt.Errorf("verzending %s data: %w", v.ID, err)
	}
	return v, nil
}

func getVerzending(ctx context.Context, q db.Queryer, id string) (Verzending, error) {
	if !db.ValidUUID(id) {
		return Verzending{}, errs.NotFoundf("verzending", id)
	}
	v, err := scanVerzending(q.QueryRowContext(ctx, `SELECT `+verzendingCols+` FROM verzendingen WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return v, errs.NotFoundf("verzending", id)
	}
	if err != nil {
		return v, fmt.Errorf("document: verzending: %w", err)
	}
	return v, nil
}

// GetVerzending returns one verzending.
func (s *Service) GetVerzending(ctx context.Context, id string) (*Verzending, error) {
	v, err := getVerzending(ctx, s.db.R, id)
	if err != nil {
		return nil, err
	}
	return &v, nil
}

// UpdateVerzending replaces a verzending with v (the API's PUT, or a PATCH
// merged by the caller); the informatieobject may change to another
// existing one.
func (s *Service) UpdateVerzending(ctx context.Context, id string, v Verzending) (*Verzending, error) {
	v.ID = id
	v.InformatieobjectID = strings.TrimSpace(v.InformatieobjectID)
	if err := validateVerzending(&v); err != nil {
		return nil, err
	}
	data, err := json.Marshal(v.VerzendingData)
	if err != nil {
		return nil, fmt.Errorf("document: verzending: %w", err)
	}
	now := s.clock()
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		old, err := getVerzending(ctx, tx, id)
		if err != nil {
			return err
		}
		d, _, err := getCurrent(ctx, tx, v.InformatieobjectID)
		if errs.Is(err, errs.NotFound) {
			return errs.InvalidField("informatieobject", "does_not_exist", "Dit informatieobject bestaat niet.")
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE verzendingen SET informatieobject_id = $1, betrokkene = $2, aard_relatie = $3, data = $4
			WHERE id = $5`, v.InformatieobjectID, v.Betrokkene, v.AardRelatie, string(data), id); err != nil {
			return fmt.Errorf("document: update verzending: %w", err)
		}
		if err := s.emitDoc(ctx, tx, &d, "verzending", v.ID, "update"); err != nil {
			return err
		}
		return recordSub(ctx, tx, &d, "verzending", v.ID, "update", "Verzending gewijzigd", old, v, now)
	})
	if err != nil {
		return nil, err
	}
	return &v, nil
}

// DeleteVerzending removes a verzending.
func (s *Service) DeleteVerzending(ctx context.Context, id string) error {
	now := s.clock()
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		v, err := getVerzending(ctx, tx, id)
		if err != nil {
			return err
		}
		d, _, err := getCurrent(ctx, tx, v.InformatieobjectID)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM verzendingen WHERE id = $1`, id); err != nil {
			return fmt.Errorf("document: delete verzending: %w", err)
		}
		if err := s.emitDoc(ctx, tx, &d, "verzending", v.ID, "destroy"); err != nil {
			return err
		}
		return recordSub(ctx, tx, &d, "verzending", v.ID, "destroy", "Verzending verwijderd", v, nil, now)
	})
}

// VerzendingFilter selects verzendingen; empty fields do not filter.
type VerzendingFilter struct {
	AardRelatie        string
	InformatieobjectID string
	Betrokkene         string
	Access             *Access
	Limit              int // 0: 100
	Offset             int
}

// ListVerzendingen returns a page of verzendingen and the number that match.
func (s *Service) ListVerzendingen(ctx context.Context, f VerzendingFilter) ([]Verzending, int, error) {
	if f.InformatieobjectID != "" && !db.ValidUUID(f.InformatieobjectID) {
		return []Verzending{}, 0, nil
	}
	var w db.Where
	w.Eq("aard_relatie", f.AardRelatie)
	w.Eq("informatieobject_id", f.InformatieobjectID)
	w.Eq("betrokkene", f.Betrokkene)
	f.Access.restrict(&w, "informatieobject_id")
	where := w.String()
	var total int
	if err := s.db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM verzendingen`+where, w.Args()...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("document: count verzendingen: %w", err)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 100
	}
	page := " LIMIT " + w.Arg(limit) + " OFFSET " + w.Arg(max(f.Offset, 0))
	rows, err := s.db.R.QueryContext(ctx, `SELECT `+verzendingCols+` FROM verzendingen`+where+` ORDER BY created_at, id`+page, w.Args()...)
	if err != nil {
		return nil, 0, fmt.Errorf("document: list verzendingen: %w", err)
	}
	defer rows.Close()
	out := []Verzending{}
	for rows.Next() {
		v, err := scanVerzending(rows)
		if err != nil {
			return nil, 0, fmt.Errorf("document: list verzendingen: %w", err)
		}
		out = append(out, v)
	}
	return out, total, rows.Err()
}
