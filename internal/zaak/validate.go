package zaak

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/errs"
)

func checkRSIN(f *errs.Fields, field, v string, required bool) {
	if v == "" {
		if required {
			f.Add(field, "required", "Dit RSIN is verplicht.")
		}
		return
	}
	if err := validRSIN(v); err != nil {
		f.Add(field, "invalid-rsin", err.Error())
	}
}

func checkOptionalRSIN(f *errs.Fields, field, v string) { checkRSIN(f, field, v, false) }

// zrc-014: betalingsindicatie nvt with a laatsteBetaaldatum is a
// contradiction; the date may not be in the future (zrc-001 OAS text).
func checkBetaling(f *errs.Fields, ind string, betaald *time.Time, now time.Time) {
	if ind != "" && !oneOf(ind, Betalingsindicaties) {
		f.Add("betalingsindicatie", "invalid_choice", "Kies nvt, nog_niet, gedeeltelijk of geheel.")
	}
	if betaald != nil {
		if ind == "nvt" {
			f.Add("laatsteBetaaldatum", "betaling-nvt", "Bij betalingsindicatie 'nvt' hoort geen laatste betaaldatum.")
		}
		if betaald.After(now) {
			f.Add("laatsteBetaaldatum", "future", "De laatste betaaldatum mag niet in de toekomst liggen.")
		}
	}
}

func checkGeometrie(f *errs.Fields, g string) {
	if g == "" {
		return
	}
	var v struct {
		Type        string          `json:"type"`
		Coordinates json.RawMessage `json:"coordinates"`
		Geometries  json.RawMessage `json:"geometries"`
	}
	if err := json.Unmarshal([]byte(g), &v); err != nil || v.Type == "" || (v.Coordinates == nil && v.Geometries == nil) {
		f.Add("zaakgeometrie", "invalid", "De zaakgeometrie moet een GeoJSON-geometrie zijn.")
	}
}

func checkKenmerken(f *errs.Fields, ks []Kenmerk) {
	for i, k := range ks {
		if k.Kenmerk == "" || len(k.Kenmerk) > 40 {
			f.Add(fmt.Sprintf("kenmerken.%d.kenmerk", i), "invalid", "Een kenmerk is verplicht en hoogstens 40 tekens.")
		}
		if k.Bron == "" || len(k.Bron) > 40 {
			f.Add(fmt.Sprintf("kenmerken.%d.bron", i), "invalid", "De bron van een kenmerk is verplicht en hoogstens 40 tekens.")
		}
	}
}

// zrc-015: productenOfDiensten must come from the zaaktype.
func checkProducten(f *errs.Fields, ps []string, ztJSON string) {
	if len(ps) == 0 {
		return
	}
	var allowed []string
	_ = json.Unmarshal([]byte(ztJSON), &allowed)
	for _, p := range ps {
		if !oneOf(p, allowed) {
			f.Add("productenOfDiensten", "invalid-products-services",
				"Alleen producten of diensten van het zaaktype zijn toegestaan.")
			return
		}
	}
}

// zrc-013: the hoofdzaak must exist and may not itself be a deelzaak; a zaak
// cannot be its own hoofdzaak; and a zaak that has deelzaken cannot become a
// deelzaak (that would make a second level).
func checkHoofdzaak(ctx context.Context, q db.Queryer, f *errs.Fields, selfID, hoofdID string) error {
	if hoofdID == selfID {
		f.Add("hoofdzaak", "self-forbidden", "Een zaak kan niet haar eigen hoofdzaak zijn.")
		return nil
	}
	if !db.ValidUUID(hoofdID) {
		f.Add("hoofdzaak", "does_not_exist", "De hoofdzaak bestaat niet.")
		return nil
	}
	var parent sql.NullString
	err := q.QueryRowContext(ctx, `SELECT hoofdzaak_id FROM zaken WHERE id = $1`, hoofdID).Scan(&parent)
	if errors.Is(err, sql.ErrNoRows) {
		f.Add("hoofdzaak", "does_not_exist", "De hoofdzaak bestaat niet.")
		return nil
	}
	if err != nil {
		return fmt.Errorf("zaak: hoofdzaak: %w", err)
	}
	if parent.Valid {
		f.Add("hoofdzaak", "deelzaak-als-hoofdzaak", "De hoofdzaak is zelf een deelzaak; een deelzaak van een deelzaak is niet toegestaan.")
		return nil
	}
	if selfID != "" {
		has, err := db.Exists(ctx, q, `SELECT 1 FROM zaken WHERE hoofdzaak_id = $1 LIMIT 1`, selfID)
		if err != nil {
			return err
		}
		if has {
			f.Add("hoofdzaak", "hoofdzaak-als-deelzaak", "Deze zaak heeft zelf deelzaken en kan daarom geen deelzaak worden.")
		}
	}
	return nil
}

// checkProcessobject: the Zaken API requires all four fields of a
// processobject, each at most 250 characters.
func checkProcessobject(f *errs.Fields, p *Processobject) {
	if p == nil {
		return
	}
	for _, x := range []struct{ field, v string }{{"datumkenmerk", p.Datumkenmerk}, {"identificatie", p.Identificatie},
		{"objecttype", p.Objecttype}, {"registratie", p.Registratie}} {
		switch n := len([]rune(x.v)); {
		case strings.TrimSpace(x.v) == "":
			f.Add("processobject."+x.field, "required", "Dit gegeven van het processobject is verplicht.")
		case n > 250:
			f.Add("processobject."+x.field, "max_length", fmt.Sprintf("Hoogstens 250 tekens (nu %d).", n))
		}
	}
}

// processobjectJSON is the stored form: "" for none.
func processobjectJSON(p *Processobject) string {
	if p == nil {
		return ""
	}
	b, _ := json.Marshal(p)
	return string(b)
}
