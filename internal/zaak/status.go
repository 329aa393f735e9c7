package zaak

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/termijn"
)

// StatusInput is a new status of a zaak.
type StatusInput struct {
	StatusTypeID string
	// DatumStatusGezet defaults to now; it may not lie in the future nor
	// before the current status.
	DatumStatusGezet  time.Time
	Statustoelichting string
	GezetdoorRolID    string
}

// SetStatus gives the zaak a new status. The statustype must be one of the
// zaak's zaaktype (zrc-016).
//
// Setting the eindstatus (the highest volgnummer) closes the zaak (zrc-007):
// it needs a resultaat, every linked informatieobject must have
// indicatieGebruiksrecht set, and every deelzaak must have a resultaat; then
// einddatum = the day of datumStatusGezet in Europe/Amsterdam, the archive
// fields are derived (zrc-021) and the open service norms are settled.
//
// Setting another status on a closed zaak reopens it (zrc-008): that needs
// the reopening permission (Service.MayReopen) and clears einddatum,
// archiefactiedatum, archiefnominatie and startdatumBewaartermijn.
func (s *Service) SetStatus(ctx context.Context, zaakID string, in StatusInput) (*Status, error) {
	if err := MayHandle(ctx, "status"); err != nil {
		return nil, err
	}
	var out Status
	err := s.changeZaak(ctx, zaakID, true, func(c *change) error {
		var f errs.Fields
		st, err := loadStatusType(ctx, c.tx, in.StatusTypeID)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			f.Add("statustype", "does_not_exist", "Dit statustype bestaat niet.")
		case err != nil:
			return fmt.Errorf("zaak: statustype: %w", err)
		case st.ZaakTypeID != c.z.ZaakTypeID:
			f.Add("statustype", "zaaktype-mismatch", "Dit statustype hoort niet bij het zaaktype van de zaak.")
		}
		at := in.DatumStatusGezet.UTC()
		if in.DatumStatusGezet.IsZero() {
			at = c.now
		}
		if at.After(c.now) {
			f.Add("datumStatusGezet", "date-in-future", "De datum van de status mag niet in de toekomst liggen.")
		}
		var current time.Time
		err = c.tx.QueryRowContext(ctx, `SELECT datum_status_gezet FROM statussen WHERE zaak_id = $1
			ORDER BY datum_status_gezet DESC LIMIT 1`, c.z.ID).Scan(&current)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("zaak: current status: %w", err)
		}
		if err == nil {
			switch {
			case at.Equal(current.UTC()):
				f.Add("datumStatusGezet", "unique", "De zaak heeft al een status op precies dit tijdstip.")
			case at.Before(current.UTC()):
				f.Add("datumStatusGezet", "before-current", "De datum ligt vóór die van de huidige status.")
			}
		}
		if len([]rune(in.Statustoelichting)) > 1000 {
			f.Add("statustoelichting", "max_length", "De toelichting mag niet langer zijn dan 1000 tekens.")
		}
		if in.GezetdoorRolID != "" {
			ok := false
			if db.ValidUUID(in.GezetdoorRolID) {
				ok, err = db.Exists(ctx, c.tx, `SELECT 1 FROM rollen WHERE id = $1 AND zaak_id = $2`, in.GezetdoorRolID, c.z.ID)
				if err != nil {
					return err
				}
			}
			if !ok {
				f.Add("gezetdoor", "does_not_exist", "Deze rol hoort niet bij de zaak.")
			}
		}
		if err := f.Err(); err != nil {
			return err
		}
		final := st.Volgnummer == st.MaxVolgnr
		oldZaak := *c.z
		switch {
		case final:
			if err := c.close(at); err != nil {
				return err
			}
		case c.z.IsClosed():
			if !s.mayReopen(ctx) {
				return errs.E(errs.Forbidden, "heropenen", "U mag een afgesloten zaak niet heropenen.")
			}
			c.z.Einddatum, c.z.Archiefactiedatum, c.z.StartdatumBewaartermijn = date.Date{}, date.Date{}, date.Date{}
			c.z.Archiefnominatie = ""
		}
		out = Status{ID: newID(), ZaakID: c.z.ID, StatusTypeID: st.ID, StatusType: st.ref(),
			DatumStatusGezet: at, Statustoelichting: in.Statustoelichting, GezetdoorRolID: in.GezetdoorRolID,
			CreatedBy: actorName(ctx), CreatedAt: c.now}
		if err := insertStatus(ctx, c.tx, &out); err != nil {
			return err
		}
		c.z.StatusID, c.z.StatusTypeID = out.ID, st.ID
		c.dirty = true
		if err := c.audit("status", out.ID, "create", "Status gezet: "+st.Omschrijving, nil, out); err != nil {
			return err
		}
		switch {
		case final:
			return c.audit("zaak", c.z.ID, "afsluiten", "Zaak afgesloten", oldZaak, c.z)
		case oldZaak.IsClosed():
			return c.audit("zaak", c.z.ID, "heropenen", "Zaak heropend", oldZaak, c.z)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// close checks the closing rules and derives einddatum and the archive fields.
func (c *change) close(at time.Time) error {
	ctx := c.ctx
	if c.z.ResultaatID == "" {
		return errs.InvalidField("statustype", "resultaat-ontbreekt",
			"De zaak heeft nog geen resultaat; zonder resultaat kan de eindstatus niet worden gezet.")
	}
	n, err := count(ctx, c.tx, `SELECT COUNT(*) FROM zaakinformatieobjecten zio
		JOIN informatieobjecten io ON io.id = zio.informatieobject_id
		WHERE zio.zaak_id = $1 AND io.indicatie_gebruiksrecht IS NULL`, c.z.ID)
	if err != nil {
		return err
	}
	if n > 0 {
		return &errs.Error{Kind: errs.Invalid, Code: "indicatiegebruiksrecht-unset",
			Message: "Van niet alle documenten bij de zaak is de indicatie gebruiksrecht ingevuld.",
			Fields: []errs.FieldError{{Field: "nonFieldErrors", Code: "indicatiegebruiksrecht-unset",
				Reason: "Vul bij elk document van de zaak de indicatie gebruiksrecht in."}}}
	}
	n, err = count(ctx, c.tx, `SELECT COUNT(*) FROM zaken WHERE hoofdzaak_id = $1 AND resultaat_id IS NULL`, c.z.ID)
	if err != nil {
		return err
	}
	if n > 0 {
		return &errs.Error{Kind: errs.Invalid, Code: "deelzaken-zonder-resultaat",
			Message: "Niet alle deelzaken hebben een resultaat.",
			Fields: []errs.FieldError{{Field: "nonFieldErrors", Code: "deelzaken-zonder-resultaat",
				Reason: "Geef eerst elke deelzaak een resultaat."}}}
	}
	c.z.Einddatum = date.Of(at.In(date.Amsterdam))
	c.z.Opschorting.Indicatie = false
	if err := c.archive(); err != nil {
		return err
	}
	return closeNorms(ctx, c.tx, c.z.ID, c.z.Einddatum, c.now)
}

// archive derives the archive fields on closing (zrc-021):
// archiefnominatie from the resultaattype when empty; when the resultaattype
// has an archiefactietermijn, the brondatum per afleidingswijze (a
// startdatumBewaartermijn set by hand wins, as in Open Zaak) is stored in
// startdatumBewaartermijn and archiefactiedatum = brondatum +
// archiefactietermijn. When the brondatum cannot be determined yet, both
// stay empty.
func (c *change) archive() error {
	var rtID string
	if err := c.tx.QueryRowContext(c.ctx, `SELECT resultaattype_id FROM resultaten WHERE zaak_id = $1`, c.z.ID).Scan(&rtID); err != nil {
		return fmt.Errorf("zaak: resultaat: %w", err)
	}
	rt, err := loadResultaatType(c.ctx, c.tx, rtID)
	if err != nil {
		return fmt.Errorf("zaak: resultaattype: %w", err)
	}
	if c.z.Archiefnominatie == "" {
		c.z.Archiefnominatie = rt.Archiefnominatie
	}
	if rt.Archiefactietermijn == "" {
		return nil
	}
	actieTermijn, err := termijn.ParseDuration(rt.Archiefactietermijn)
	if err != nil {
		return nil
	}
	brondatum := c.z.StartdatumBewaartermijn
	if brondatum.IsZero() {
		brondatum, err = brondatumFor(c.ctx, c.tx, c.z, rt)
		if err != nil {
			return err
		}
	}
	if brondatum.IsZero() {
		return nil
	}
	c.z.StartdatumBewaartermijn = brondatum
	c.z.Archiefactiedatum = actieTermijn.AddTo(brondatum)
	return nil
}

// Afleidingswijzen of the brondatum archiefprocedure.
const (
	AfleidingAfgehandeld         = "afgehandeld"
	AfleidingHoofdzaak           = "hoofdzaak"
	AfleidingEigenschap          = "eigenschap"
	AfleidingAnderDatumkenmerk   = "ander_datumkenmerk"
	AfleidingZaakobject          = "zaakobject"
	AfleidingTermijn             = "termijn"
	AfleidingGerelateerdeZaak    = "gerelateerde_zaak"
	AfleidingIngangsdatumBesluit = "ingangsdatum_besluit"
	AfleidingVervaldatumBesluit  = "vervaldatum_besluit"
)

func brondatumFor(ctx context.Context, q db.Queryer, z *Zaak, rt resultaatType) (date.Date, error) {
	var d date.Date
	maxDate := func(query string, args ...any) (date.Date, error) {
		var v date.Date
		if err := q.QueryRowContext(ctx, query, args...).Scan(&v); err != nil {
			return date.Date{}, fmt.Errorf("zaak: brondatum: %w", err)
		}
		return v, nil
	}
	switch rt.Afleidingswijze {
	case AfleidingAfgehandeld, "":
		return z.Einddatum, nil
	case AfleidingHoofdzaak:
		if z.HoofdzaakID == "" {
			return d, nil
		}
		return maxDate(`SELECT einddatum FROM zaken WHERE id = $1`, z.HoofdzaakID)
	case AfleidingEigenschap:
		if rt.Datumkenmerk == "" {
			return d, nil
		}
		rows, err := q.QueryContext(ctx, `SELECT waarde FROM zaakeigenschappen WHERE zaak_id = $1 AND naam = $2`, z.ID, rt.Datumkenmerk)
		if err != nil {
			return d, fmt.Errorf("zaak: brondatum eigenschap: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var w string
			if err := rows.Scan(&w); err != nil {
				return d, err
			}
			if v, ok := parseFlexDate(w); ok && v.After(d) {
				d = v
			}
		}
		return d, rows.Err()
	case AfleidingAnderDatumkenmerk:
		// Set by hand in startdatumBewaartermijn; nothing to compute.
		return d, nil
	case AfleidingZaakobject:
		if rt.Datumkenmerk == "" {
			return d, nil
		}
		rows, err := q.QueryContext(ctx, `SELECT object_identificatie FROM zaakobjecten WHERE zaak_id = $1
			AND ($2 = '' OR object_type = $2)`, z.ID, rt.Objecttype)
		if err != nil {
			return d, fmt.Errorf("zaak: brondatum zaakobject: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var raw string
			if err := rows.Scan(&raw); err != nil {
				return d, err
			}
			var m map[string]any
			if json.Unmarshal([]byte(raw), &m) != nil {
				continue
			}
			if s, ok := m[rt.Datumkenmerk].(string); ok {
				if v, ok := parseFlexDate(s); ok && v.After(d) {
					d = v
				}
			}
		}
		return d, rows.Err()
	case AfleidingTermijn:
		pt := rt.Procestermijn
		if pt == "" {
			return d, nil
		}
		t, err := termijn.ParseDuration(pt)
		if err != nil {
			return d, nil
		}
		return t.AddTo(z.Einddatum), nil
	case AfleidingGerelateerdeZaak:
		return maxDate(`SELECT MAX(a.einddatum) FROM zaak_relaties r JOIN zaken a ON a.id = r.andere_zaak_id
			WHERE r.zaak_id = $1`, z.ID)
	case AfleidingIngangsdatumBesluit:
		return maxDate(`SELECT MAX(ingangsdatum) FROM besluiten WHERE zaak_id = $1`, z.ID)
	case AfleidingVervaldatumBesluit:
		return maxDate(`SELECT MAX(vervaldatum) FROM besluiten WHERE zaak_id = $1`, z.ID)
	}
	return d, nil
}

// parseFlexDate reads a date as ZGW eigenschappen and objects write it:
// YYYYMMDD, YYYY-MM-DD, or the date part of a date-time.
func parseFlexDate(s string) (date.Date, bool) {
	s = strings.TrimSpace(s)
	if len(s) >= 8 && allDigits(s[:8], 8) && (len(s) == 8 || len(s) == 14) {
		v, err := date.Parse(s[:4] + "-" + s[4:6] + "-" + s[6:8])
		return v, err == nil
	}
	if len(s) >= 10 {
		v, err := date.Parse(s[:10])
		return v, err == nil
	}
	return date.Date{}, false
}

func insertStatus(ctx context.Context, tx db.Queryer, st *Status) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO statussen (id, zaak_id, statustype_id, datum_status_gezet,
		statustoelichting, gezetdoor_rol_id, created_by, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)`,
		st.ID, st.ZaakID, st.StatusTypeID, st.DatumStatusGezet.UTC(), st.Statustoelichting,
		nullStr(st.GezetdoorRolID), st.CreatedBy, st.CreatedAt.UTC())
	if err != nil {
		return fmt.Errorf("zaak: insert status: %w", err)
	}
	return nil
}

func listStatussen(ctx context.Context, q db.Queryer, zaakID string) ([]Status, error) {
	rows, err := q.QueryContext(ctx, `SELECT s.id, s.zaak_id, s.statustype_id, s.datum_status_gezet, s.statustoelichting,
		s.gezetdoor_rol_id, s.created_by, s.created_at, st.volgnummer, st.omschrijving, st.statustekst,
		(SELECT MAX(m.volgnummer) FROM statustypen m WHERE m.zaaktype_id = st.zaaktype_id)
		FROM statussen s JOIN statustypen st ON st.id = s.statustype_id
		WHERE s.zaak_id = $1 ORDER BY s.datum_status_gezet, s.created_at`, zaakID)
	if err != nil {
		return nil, fmt.Errorf("zaak: statussen: %w", err)
	}
	defer rows.Close()
	var out []Status
	for rows.Next() {
		var s Status
		var rol sql.NullString
		var maxV int
		if err := rows.Scan(&s.ID, &s.ZaakID, &s.StatusTypeID, &s.DatumStatusGezet, &s.Statustoelichting, &rol,
			&s.CreatedBy, &s.CreatedAt, &s.StatusType.Volgnummer, &s.StatusType.Omschrijving, &s.StatusType.Statustekst,
			&maxV); err != nil {
			return nil, fmt.Errorf("zaak: scan status: %w", err)
		}
		s.StatusType.ID = s.StatusTypeID
		s.StatusType.IsEindstatus = s.StatusType.Volgnummer == maxV
		s.GezetdoorRolID = rol.String
		s.DatumStatusGezet, s.CreatedAt = s.DatumStatusGezet.UTC(), s.CreatedAt.UTC()
		out = append(out, s)
	}
	return out, rows.Err()
}

// SetResultaat gives the zaak its resultaat (there is one per zaak), or
// changes the type and toelichting of the existing one. The resultaattype
// must be one of the zaak's zaaktype (zrc-020).
func (s *Service) SetResultaat(ctx context.Context, zaakID, resultaattypeID, toelichting string) (*Resultaat, error) {
	if err := MayHandle(ctx, "resultaat"); err != nil {
		return nil, err
	}
	var out Resultaat
	err := s.change(ctx, zaakID, func(c *change) error {
		rt, err := loadResultaatType(ctx, c.tx, resultaattypeID)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			return errs.InvalidField("resultaattype", "does_not_exist", "Dit resultaattype bestaat niet.")
		case err != nil:
			return fmt.Errorf("zaak: resultaattype: %w", err)
		case rt.ZaakTypeID != c.z.ZaakTypeID:
			return errs.InvalidField("resultaattype", "zaaktype-mismatch", "Dit resultaattype hoort niet bij het zaaktype van de zaak.")
		}
		if len([]rune(toelichting)) > 1000 {
			return errs.InvalidField("toelichting", "max_length", "De toelichting mag niet langer zijn dan 1000 tekens.")
		}
		old, err := getResultaat(ctx, c.tx, c.z.ID)
		if err != nil && !errs.Is(err, errs.NotFound) {
			return err
		}
		if old == nil {
			out = Resultaat{ID: newID(), ZaakID: c.z.ID, ResultaatTypeID: rt.ID,
				ResultaatTypeOmschrijving: rt.Omschrijving, Toelichting: toelichting, CreatedAt: c.now}
			if _, err := c.tx.ExecContext(ctx, `INSERT INTO resultaten (id, zaak_id, resultaattype_id, toelichting,
				created_at) VALUES ($1,$2,$3,$4,$5)`, out.ID, out.ZaakID, out.ResultaatTypeID, out.Toelichting, out.CreatedAt); err != nil {
				if db.IsUniqueViolation(err) {
					return errs.E(errs.Conflict, "unique", "De zaak heeft al een resultaat.")
				}
				return fmt.Errorf("zaak: insert resultaat: %w", err)
			}
			c.z.ResultaatID, c.dirty = out.ID, true
			return c.audit("resultaat", out.ID, "create", "Resultaat vastgelegd: "+rt.Omschrijving, nil, out)
		}
		out = *old
		out.ResultaatTypeID, out.ResultaatTypeOmschrijving, out.Toelichting = rt.ID, rt.Omschrijving, toelichting
		if _, err := c.tx.ExecContext(ctx, `UPDATE resultaten SET resultaattype_id = $2, toelichting = $3 WHERE id = $1`,
			out.ID, out.ResultaatTypeID, out.Toelichting); err != nil {
			return fmt.Errorf("zaak: update resultaat: %w", err)
		}
		return c.audit("resultaat", out.ID, "update", "Resultaat gewijzigd: "+rt.Omschrijving, old, out)
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// DeleteResultaat removes the resultaat of an open zaak.
func (s *Service) DeleteResultaat(ctx context.Context, zaakID string) error {
	if err := MayHandle(ctx, "resultaat"); err != nil {
		return err
	}
	return s.change(ctx, zaakID, func(c *change) error {
		old, err := getResultaat(ctx, c.tx, c.z.ID)
		if err != nil {
			return err
		}
		if _, err := c.tx.ExecContext(ctx, `DELETE FROM resultaten WHERE id = $1`, old.ID); err != nil {
			return fmt.Errorf("zaak: delete resultaat: %w", err)
		}
		c.z.ResultaatID, c.dirty = "", true
		return c.audit("resultaat", old.ID, "destroy", "Resultaat verwijderd", old, nil)
	})
}

func getResultaat(ctx context.Context, q db.Queryer, zaakID string) (*Resultaat, error) {
	var r Resultaat
	err := q.QueryRowContext(ctx, `SELECT r.id, r.zaak_id, r.resultaattype_id, rt.omschrijving, r.toelichting, r.created_at
		FROM resultaten r JOIN resultaattypen rt ON rt.id = r.resultaattype_id WHERE r.zaak_id = $1`, zaakID).Scan(
		&r.ID, &r.ZaakID, &r.ResultaatTypeID, &r.ResultaatTypeOmschrijving, &r.Toelichting, &r.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.NotFoundf("resultaat van zaak", zaakID)
	}
	if err != nil {
		return nil, fmt.Errorf("zaak: resultaat: %w", err)
	}
	r.CreatedAt = r.CreatedAt.UTC()
	return &r, nil
}
