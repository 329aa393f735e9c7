package zaak

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/errs"
)

// ---- Eigenschappen ----

// SetEigenschap adds a value for an eigenschap of the zaak's zaaktype
// (zrc-018), validated against its formaat: tekst (at most lengte
// characters), getal (a number with at most lengte digits, "." or ","
// as decimal sign), datum (YYYYMMDD), datum_tijd (YYYYMMDDhhmmss); and when
// the eigenschap has a waardenverzameling, one of its values.
func (s *Service) SetEigenschap(ctx context.Context, zaakID, eigenschapID, waarde string) (*ZaakEigenschap, error) {
	var out ZaakEigenschap
	err := s.change(ctx, zaakID, func(c *change) error { return setEigenschap(c, eigenschapID, waarde, &out) })
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// SetEigenschapTx is SetEigenschap inside the caller's transaction.
func (s *Service) SetEigenschapTx(ctx context.Context, tx *sql.Tx, zaakID, eigenschapID, waarde string) (*ZaakEigenschap, error) {
	var out ZaakEigenschap
	err := s.changeZaakTx(ctx, tx, zaakID, false, func(c *change) error { return setEigenschap(c, eigenschapID, waarde, &out) })
	if err != nil {
		return nil, err
	}
	return &out, nil
}

func setEigenschap(c *change, eigenschapID, waarde string, out *ZaakEigenschap) error {
	ctx := c.ctx
	e, err := loadEigenschap(ctx, c.tx, eigenschapID)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return errs.InvalidField("eigenschap", "does_not_exist", "Deze eigenschap bestaat niet.")
	case err != nil:
		return fmt.Errorf("zaak: eigenschap: %w", err)
	case e.ZaakTypeID != c.z.ZaakTypeID:
		return errs.InvalidField("eigenschap", "zaaktype-mismatch", "Deze eigenschap hoort niet bij het zaaktype van de zaak.")
	}
	if reason := checkWaarde(e, waarde); reason != "" {
		return errs.InvalidField("waarde", "invalid", reason)
	}
	*out = ZaakEigenschap{ID: newID(), ZaakID: c.z.ID, EigenschapID: e.ID, Naam: e.Naam, Waarde: waarde}
	if _, err := c.tx.ExecContext(ctx, `INSERT INTO zaakeigenschappen (id, zaak_id, eigenschap_id, naam, waarde)
		VALUES ($1,$2,$3,$4,$5)`, out.ID, out.ZaakID, out.EigenschapID, out.Naam, out.Waarde); err != nil {
		return fmt.Errorf("zaak: insert eigenschap: %w", err)
	}
	return c.audit("zaakeigenschap", out.ID, "create", "Eigenschap "+e.Naam+" vastgelegd", nil, *out)
}

// UpdateEigenschap changes the value of a zaakeigenschap.
func (s *Service) UpdateEigenschap(ctx context.Context, zaakeigenschapID, waarde string) (*ZaakEigenschap, error) {
	zaakID, err := zaakOf(ctx, s.DB.W, `SELECT zaak_id FROM zaakeigenschappen WHERE id = $1`, zaakeigenschapID, "zaakeigenschap")
	if err != nil {
		return nil, err
	}
	var out ZaakEigenschap
	err = s.change(ctx, zaakID, func(c *change) error {
		if err := c.tx.QueryRowContext(ctx, `SELECT id, zaak_id, eigenschap_id, naam, waarde FROM zaakeigenschappen
			WHERE id = $1`, zaakeigenschapID).Scan(&out.ID, &out.ZaakID, &out.EigenschapID, &out.Naam, &out.Waarde); err != nil {
			return fmt.Errorf("zaak: zaakeigenschap: %w", err)
		}
		old := out
		e, err := loadEigenschap(ctx, c.tx, out.EigenschapID)
		if err != nil {
			return fmt.Errorf("zaak: eigenschap: %w", err)
		}
		if reason := checkWaarde(e, waarde); reason != "" {
			return errs.InvalidField("waarde", "invalid", reason)
		}
		out.Waarde = waarde
		if _, err := c.tx.ExecContext(ctx, `UPDATE zaakeigenschappen SET waarde = $2 WHERE id = $1`, out.ID, waarde); err != nil {
			return fmt.Errorf("zaak: update eigenschap: %w", err)
		}
		return c.audit("zaakeigenschap", out.ID, "update", "Eigenschap "+out.Naam+" gewijzigd", old, out)
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// RemoveEigenschap deletes a zaakeigenschap.
func (s *Service) RemoveEigenschap(ctx context.Context, zaakeigenschapID string) error {
	zaakID, err := zaakOf(ctx, s.DB.W, `SELECT zaak_id FROM zaakeigenschappen WHERE id = $1`, zaakeigenschapID, "zaakeigenschap")
	if err != nil {
		return err
	}
	return s.change(ctx, zaakID, func(c *change) error {
		if _, err := c.tx.ExecContext(ctx, `DELETE FROM zaakeigenschappen WHERE id = $1`, zaakeigenschapID); err != nil {
			return fmt.Errorf("zaak: delete eigenschap: %w", err)
		}
		return c.audit("zaakeigenschap", zaakeigenschapID, "destroy", "Eigenschap verwijderd", map[string]string{"id": zaakeigenschapID}, nil)
	})
}

var getalRe = regexp.MustCompile(`^-?[0-9]+([.,][0-9]+)?$`)

func checkWaarde(e eigenschap, w string) string {
	lengte, _ := strconv.Atoi(strings.SplitN(strings.TrimSpace(e.Lengte), ",", 2)[0])
	switch e.Formaat {
	case "tekst":
		if lengte > 0 && len([]rune(w)) > lengte {
			return fmt.Sprintf("De waarde mag niet langer zijn dan %d tekens.", lengte)
		}
	case "getal":
		if !getalRe.MatchString(w) {
			return "De waarde moet een getal zijn."
		}
		digits := 0
		for _, r := range w {
			if r >= '0' && r <= '9' {
				digits++
			}
		}
		if lengte > 0 && digits > lengte {
			return fmt.Sprintf("Het getal mag niet meer dan %d cijfers hebben.", lengte)
		}
	case "datum":
		if !allDigits(w, 8) {
			return "De waarde moet een datum zijn in de vorm JJJJMMDD."
		}
		if _, err := time.Parse("20060102", w); err != nil {
			return "De waarde is geen bestaande datum (JJJJMMDD)."
		}
	case "datum_tijd":
		if !allDigits(w, 14) {
			return "De waarde moet een datum en tijd zijn in de vorm JJJJMMDDuummss."
		}
		if _, err := time.Parse("20060102150405", w); err != nil {
			return "De waarde is geen bestaande datum en tijd (JJJJMMDDuummss)."
		}
	}
	var allowed []string
	if json.Unmarshal([]byte(e.Waardenverzameling), &allowed) == nil && len(allowed) > 0 && !oneOf(w, allowed) {
		return "Kies een van de toegestane waarden: " + strings.Join(allowed, ", ") + "."
	}
	return ""
}

func listEigenschappen(ctx context.Context, q db.Queryer, zaakID string) ([]ZaakEigenschap, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, zaak_id, eigenschap_id, naam, waarde FROM zaakeigenschappen
		WHERE zaak_id = $1 ORDER BY naam, id`, zaakID)
	if err != nil {
		return nil, fmt.Errorf("zaak: eigenschappen: %w", err)
	}
	defer rows.Close()
	var out []ZaakEigenschap
	for rows.Next() {
		var e ZaakEigenschap
		if err := rows.Scan(&e.ID, &e.ZaakID, &e.EigenschapID, &e.Naam, &e.Waarde); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// ---- Zaakobjecten ----

// ZaakObjectInput is a new zaakobject: an object URL or an inline
// objectIdentificatie (JSON object), of one of the ZGW objectTypen;
// objectType "overige" needs objectTypeOverige.
type ZaakObjectInput struct {
	Object              string
	ObjectType          string
	ObjectTypeOverige   string
	Relatieomschrijving string
	ObjectIdentificatie json.RawMessage
	// ZaakobjecttypeID must be a zaakobjecttype of the zaak's zaaktype.
	ZaakobjecttypeID           string
	ObjectTypeOverigeDefinitie *ObjectTypeOverigeDefinitie
}

// AddObject relates an object to the zaak.
func (s *Service) AddObject(ctx context.Context, zaakID string, in ZaakObjectInput) (*ZaakObject, error) {
	var f errs.Fields
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
	definitie := checkOverigeDefinitie(&f, in.ObjectTypeOverigeDefinitie)
	if err := f.Err(); err != nil {
		return nil, err
	}
	var out ZaakObject
	err := s.change(ctx, zaakID, func(c *change) error {
		if err := checkZaakobjecttype(ctx, c.tx, in.ZaakobjecttypeID, c.z.ZaakTypeID); err != nil {
			return err
		}
		out = ZaakObject{ID: newID(), ZaakID: c.z.ID, Object: in.Object, ObjectType: in.ObjectType,
			ObjectTypeOverige: in.ObjectTypeOverige, Relatieomschrijving: in.Relatieomschrijving,
			ObjectIdentificatie: json.RawMessage(ident), CreatedAt: c.now,
			ZaakobjecttypeID: in.ZaakobjecttypeID, ObjectTypeOverigeDefinitie: in.ObjectTypeOverigeDefinitie}
		if _, err := c.tx.ExecContext(ctx, `INSERT INTO zaakobjecten (id, zaak_id, object, object_type,
			object_type_overige, relatieomschrijving, object_identificatie, created_at, zaakobjecttype_id,
			object_type_overige_definitie) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)`,
			out.ID, out.ZaakID, out.Object, out.ObjectType, out.ObjectTypeOverige, out.Relatieomschrijving, ident, c.now,
			nullStr(out.ZaakobjecttypeID), definitie); err != nil {
			return fmt.Errorf("zaak: insert zaakobject: %w", err)
		}
		return c.audit("zaakobject", out.ID, "create", "Object toegevoegd ("+out.ObjectType+")", nil, out)
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// RemoveObject deletes a zaakobject.
func (s *Service) RemoveObject(ctx context.Context, zaakobjectID string) error {
	zaakID, err := zaakOf(ctx, s.DB.W, `SELECT zaak_id FROM zaakobjecten WHERE id = $1`, zaakobjectID, "zaakobject")
	if err != nil {
		return err
	}
	return s.change(ctx, zaakID, func(c *change) error {
		if _, err := c.tx.ExecContext(ctx, `DELETE FROM zaakobjecten WHERE id = $1`, zaakobjectID); err != nil {
			return fmt.Errorf("zaak: delete zaakobject: %w", err)
		}
		return c.audit("zaakobject", zaakobjectID, "destroy", "Object verwijderd", map[string]string{"id": zaakobjectID}, nil)
	})
}

func listObjecten(ctx context.Context, q db.Queryer, zaakID string) ([]ZaakObject, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, zaak_id, object, object_type, object_type_overige, relatieomschrijving,
		object_identificatie, created_at FROM zaakobjecten WHERE zaak_id = $1 ORDER BY created_at, id`, zaakID)
	if err != nil {
		return nil, fmt.Errorf("zaak: zaakobjecten: %w", err)
	}
	defer rows.Close()
	var out []ZaakObject
	for rows.Next() {
		var o ZaakObject
		var ident string
		if err := rows.Scan(&o.ID, &o.ZaakID, &o.Object, &o.ObjectType, &o.ObjectTypeOverige, &o.Relatieomschrijving,
			&ident, &o.CreatedAt); err != nil {
			return nil, err
		}
		o.ObjectIdentificatie = json.RawMessage(ident)
		o.CreatedAt = o.CreatedAt.UTC()
		out = append(out, o)
	}
	return out, rows.Err()
}

// ---- Relaties (relevanteAndereZaken) ----

// RelatieInput is one of the relevanteAndereZaken: another zaak of ours
// (AndereZaakID) or elsewhere (URL).
type RelatieInput struct {
	AndereZaakID   string
	URL            string
	AardRelatie    string // vervolg, onderwerp, bijdrage, overig
	OverigeRelatie string // required when AardRelatie is overig
	Toelichting    string
}

func prepareRelaties(ctx context.Context, q db.Queryer, f *errs.Fields, selfID string, in []RelatieInput) ([]Relatie, error) {
	var out []Relatie
	for i, r := range in {
		p := fmt.Sprintf("relevanteAndereZaken.%d.", i)
		if !oneOf(r.AardRelatie, AardRelaties) {
			f.Add(p+"aardRelatie", "invalid_choice", "Kies vervolg, onderwerp, bijdrage of overig.")
		}
		if r.AardRelatie == "overig" && trim(r.OverigeRelatie) == "" {
			f.Add(p+"overigeRelatie", "required", "Beschrijf de relatie bij aard 'overig'.")
		}
		if len([]rune(r.Toelichting)) > 255 {
			f.Add(p+"toelichting", "max_length", "De toelichting mag niet langer zijn dan 255 tekens.")
		}
		switch {
		case r.AndereZaakID != "":
			if r.AndereZaakID == selfID {
				f.Add(p+"url", "self-forbidden", "Een zaak kan niet aan zichzelf worden gerelateerd.")
				continue
			}
			ok := db.ValidUUID(r.AndereZaakID)
			if ok {
				var err error
				ok, err = db.Exists(ctx, q, `SELECT 1 FROM zaken WHERE id = $1`, r.AndereZaakID)
				if err != nil {
					return nil, err
				}
			}
			if !ok {
				f.Add(p+"url", "does_not_exist", "De gerelateerde zaak bestaat niet.")
			}
		case trim(r.URL) == "":
			f.Add(p+"url", "required", "Geef de gerelateerde zaak.")
		}
		out = append(out, Relatie{AndereZaakID: r.AndereZaakID, URL: trim(r.URL), AardRelatie: r.AardRelatie,
			OverigeRelatie: r.OverigeRelatie, Toelichting: r.Toelichting})
	}
	return out, nil
}

func insertRelatie(ctx context.Context, tx db.Queryer, r *Relatie) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO zaak_relaties (id, zaak_id, andere_zaak_id, url, aard_relatie,
		overige_relatie, toelichting) VALUES ($1,$2,$3,$4,$5,$6,$7)`, r.ID, r.ZaakID, nullStr(r.AndereZaakID), r.URL,
		r.AardRelatie, r.OverigeRelatie, r.Toelichting)
	if err != nil {
		return fmt.Errorf("zaak: insert relatie: %w", err)
	}
	return nil
}

// AddRelatie relates another zaak to this one.
func (s *Service) AddRelatie(ctx context.Context, zaakID string, in RelatieInput) (*Relatie, error) {
	var out Relatie
	err := s.change(ctx, zaakID, func(c *change) error {
		var f errs.Fields
		rels, err := prepareRelaties(ctx, c.tx, &f, c.z.ID, []RelatieInput{in})
		if err != nil {
			return err
		}
		if err := f.Err(); err != nil {
			return err
		}
		out = rels[0]
		out.ID, out.ZaakID = newID(), c.z.ID
		if err := insertRelatie(ctx, c.tx, &out); err != nil {
			return err
		}
		return c.audit("relatie", out.ID, "create", "Gerelateerde zaak toegevoegd ("+out.AardRelatie+")", nil, out)
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// RemoveRelatie deletes a relation.
func (s *Service) RemoveRelatie(ctx context.Context, relatieID string) error {
	zaakID, err := zaakOf(ctx, s.DB.W, `SELECT zaak_id FROM zaak_relaties WHERE id = $1`, relatieID, "relatie")
	if err != nil {
		return err
	}
	return s.change(ctx, zaakID, func(c *change) error {
		if _, err := c.tx.ExecContext(ctx, `DELETE FROM zaak_relaties WHERE id = $1`, relatieID); err != nil {
			return fmt.Errorf("zaak: delete relatie: %w", err)
		}
		return c.audit("relatie", relatieID, "destroy", "Gerelateerde zaak verwijderd", map[string]string{"id": relatieID}, nil)
	})
}

func listRelaties(ctx context.Context, q db.Queryer, zaakID string) ([]Relatie, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, zaak_id, andere_zaak_id, url, aard_relatie, overige_relatie, toelichting
		FROM zaak_relaties WHERE zaak_id = $1 ORDER BY id`, zaakID)
	if err != nil {
		return nil, fmt.Errorf("zaak: relaties: %w", err)
	}
	defer rows.Close()
	var out []Relatie
	for rows.Next() {
		var r Relatie
		var andere sql.NullString
		if err := rows.Scan(&r.ID, &r.ZaakID, &andere, &r.URL, &r.AardRelatie, &r.OverigeRelatie, &r.Toelichting); err != nil {
			return nil, err
		}
		r.AndereZaakID = andere.String
		out = append(out, r)
	}
	return out, rows.Err()
}
