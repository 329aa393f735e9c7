package document

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/errs"
)

var vertrouwelijkheid = map[string]bool{
	"openbaar": true, "beperkt_openbaar": true, "intern": true, "zaakvertrouwelijk": true,
	"vertrouwelijk": true, "confidentieel": true, "geheim": true, "zeer_geheim": true,
}

var statussen = map[string]bool{
	StatusInBewerking: true, StatusTerVaststelling: true, StatusDefinitief: true, StatusGearchiveerd: true,
}

// validateMeta checks the fields that a create and an update share; the
// vertrouwelijkheidaanduiding may still be empty here (filled from the type).
func validateMeta(f *errs.Fields, d *Document) {
	if d.Creatiedatum.IsZero() {
		f.Add("creatiedatum", "required", "Creatiedatum is verplicht.")
	}
	requiredMax(f, "titel", "Titel", d.Titel, 200)
	requiredMax(f, "auteur", "Auteur", d.Auteur, 200)
	if d.Taal == "" {
		f.Add("taal", "required", "Taal is verplicht.")
	} else if !validTaal(d.Taal) {
		f.Add("taal", "invalid", "Taal moet een taalcode van drie kleine letters zijn (ISO 639-2/B), bijvoorbeeld 'dut'.")
	}
	if d.Vertrouwelijkheidaanduiding != "" && !vertrouwelijkheid[d.Vertrouwelijkheidaanduiding] {
		f.Add("vertrouwelijkheidaanduiding", "invalid_choice", "Onbekende vertrouwelijkheidaanduiding.")
	}
	if d.Status != "" && !statussen[d.Status] {
		f.Add("status", "invalid_choice", "Status moet in_bewerking, ter_vaststelling, definitief of gearchiveerd zijn.")
	}
	maxLen(f, "formaat", "Formaat", d.Formaat, 255)
	maxLen(f, "bestandsnaam", "Bestandsnaam", d.Bestandsnaam, 255)
	maxLen(f, "beschrijving", "Beschrijving", d.Beschrijving, 1000)
	if d.InformatieobjecttypeID == "" {
		f.Add("informatieobjecttype", "required", "Informatieobjecttype is verplicht.")
	}
	validateExtra(f, d)
}

// checkType enforces drc-001 (the type exists and is published) and drc-007
// (the vertrouwelijkheidaanduiding defaults to the type's).
func (s *Service) checkType(ctx context.Context, f *errs.Fields, d *Document, defaultVertrouwelijkheid bool) error {
	if d.InformatieobjecttypeID == "" {
		return nil
	}
	if !db.ValidUUID(d.InformatieobjecttypeID) {
		f.Add("informatieobjecttype", "does_not_exist", "Dit informatieobjecttype bestaat niet.")
		return nil
	}
	var concept bool
	var va string
	err := s.db.R.QueryRowContext(ctx, `SELECT concept, vertrouwelijkheidaanduiding FROM informatieobjecttypen WHERE id = $1`,
		d.InformatieobjecttypeID).Scan(&concept, &va)
	if errors.Is(err, sql.ErrNoRows) {
		f.Add("informatieobjecttype", "does_not_exist", "Dit informatieobjecttype bestaat niet.")
		return nil
	}
	if err != nil {
		return fmt.Errorf("document: informatieobjecttype: %w", err)
	}
	if concept {
		f.Add("informatieobjecttype", "not-published", "Dit informatieobjecttype is nog een concept en kan niet gebruikt worden.")
	}
	if defaultVertrouwelijkheid && d.Vertrouwelijkheidaanduiding == "" {
		d.Vertrouwelijkheidaanduiding = va
	}
	return nil
}

func requiredMax(f *errs.Fields, field, label, v string, n int) {
	if v == "" {
		f.Add(field, "required", label+" is verplicht.")
		return
	}
	maxLen(f, field, label, v, n)
}

func maxLen(f *errs.Fields, field, label, v string, n int) {
	if len([]rune(v)) > n {
		f.Add(field, "max_length", fmt.Sprintf("%s mag hoogstens %d tekens lang zijn.", label, n))
	}
}

func validTaal(s string) bool {
	if len(s) != 3 {
		return false
	}
	for _, c := range s {
		if c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}

// nextIdentificatie hands out PREFIX-{year}-{10 digits} from
// identificatie_seq, skipping numbers that a client already chose itself.
func nextIdentificatie(ctx context.Context, tx *sql.Tx, scope, prefix, bron string, now time.Time) (string, error) {
	year := date.Today(now).Year
	for range 1000 {
		var n int64
		err := tx.QueryRowContext(ctx, `INSERT INTO identificatie_seq (scope, jaar, last) VALUES ($1, $2, 1)
			ON CONFLICT (scope, jaar) DO UPDATE SET last = identificatie_seq.last + 1 RETURNING last`, scope, year).Scan(&n)
		if err != nil {
			return "", fmt.Errorf("document: next identificatie: %w", err)
		}
		id := fmt.Sprintf("%s-%d-%010d", prefix, year, n)
		taken, err := identificatieTaken(ctx, tx, bron, id)
		if err != nil {
			return "", err
		}
		if !taken {
			return id, nil
		}
	}
	return "", errors.New("document: no free identificatie")
}

var _ db.Queryer = (*sql.Tx)(nil)
