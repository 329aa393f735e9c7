package rapportage

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/errs"
)

// Drill-down keys for Zaken: "gestart", "digitaal", "afgehandeld",
// "buiten_termijn", "open", "risico", "te_laat", "norm_met" and
// "norm_breached" (all norms) or "norm_met:N4" / "norm_breached:N4".
// Keys for Contacten: "contacten", "uitkomst:<uitkomst>", "kanaal:<kanaal>",
// "klant_belt_terug" (telephone only), "herhaalcontact".

func checkPage(page int) error {
	if page < 1 {
		return errs.InvalidField("pagina", "invalid", "Het paginanummer is 1 of hoger.")
	}
	return nil
}

func badKey(key string) error {
	return errs.InvalidField("cijfer", "invalid", fmt.Sprintf("Onbekend cijfer %q.", key))
}

// Zaken lists the zaken behind a figure (see the drill-down keys above),
// page 1-based, PageSize per page. The caller checks the role and logs the
// read.
func (s *Service) Zaken(ctx context.Context, key string, p Period, f Filter, page int) (ZaakLijst, error) {
	if err := validate(p, f); err != nil {
		return ZaakLijst{}, err
	}
	if err := checkPage(page); err != nil {
		return ZaakLijst{}, err
	}
	q := &query{}
	from := `zaken z JOIN zaaktypen zt ON zt.id = z.zaaktype_id`
	normCols := `'', ''`
	today := date.Today(s.Now())
	lo, hi := p.bounds()
	switch {
	case key == "gestart" || key == "digitaal":
		q.add("z.startdatum >= ?", p.From)
		q.add("z.startdatum < ?", p.To)
		if key == "digitaal" {
			q.where = append(q.where, "z.kanaal = 'webformulier'")
		}
	case key == "afgehandeld" || key == "buiten_termijn":
		q.add("z.einddatum >= ?", p.From)
		q.add("z.einddatum < ?", p.To)
		if key == "buiten_termijn" {
			q.where = append(q.where, "z.einddatum > z.uiterlijke_einddatum_afdoening")
		}
	case key == "open" || key == "risico" || key == "te_laat":
		q.where = append(q.where, "z.einddatum IS NULL")
		switch key {
		case "risico":
			q.add("z.uiterlijke_einddatum_afdoening >= ?", today)
			q.add("z.uiterlijke_einddatum_afdoening < ?", today.AddDays(7))
		case "te_laat":
			q.add("z.uiterlijke_einddatum_afdoening < ?", today)
		}
	case strings.HasPrefix(key, "norm_met") || strings.HasPrefix(key, "norm_breached"):
		state, norm, _ := strings.Cut(key, ":")
		if norm != "" && normNames[norm] == "" {
			return ZaakLijst{}, badKey(key)
		}
		from += ` JOIN zaak_normen n ON n.zaak_id = z.id`
		normCols = `n.norm, n.state`
		col := "n.settled_at"
		if state == "norm_met" {
			q.where = append(q.where, "n.state = 'met'")
		} else if state == "norm_breached" {
			q.where = append(q.where, "n.state = 'breached'")
			col = "n.breached_at"
		} else {
			return ZaakLijst{}, badKey(key)
		}
		q.add(col+" >= ?", lo)
		q.add(col+" < ?", hi)
		if norm != "" {
			q.add("n.norm = ?", norm)
		}
	default:
		return ZaakLijst{}, badKey(key)
	}
	if f.Kanaal != "" {
		q.add("z.kanaal = ?", f.Kanaal)
	}
	if f.TeamID != "" {
		q.add("z.team_id = ?", f.TeamID)
	}
	if f.ZaaktypeID != "" {
		q.add("z.zaaktype_id = ?", f.ZaaktypeID)
	}
	out := ZaakLijst{Pagina: page}
	if err := s.queryRow(ctx, `SELECT COUNT(*) FROM `+from+` WHERE `+q.sql(), q.args...).Scan(&out.Totaal); err != nil {
		return ZaakLijst{}, fmt.Errorf("rapportage: zaken tellen: %w", err)
	}
	args := append(q.args, PageSize, (page-1)*PageSize)
	rows, err := s.query(ctx, `SELECT z.id, z.identificatie, z.zaaktype_id, zt.omschrijving, z.team_id, z.kanaal,
		z.registratiedatum, z.uiterlijke_einddatum_afdoening, z.einddatum, `+normCols+`
		FROM `+from+` WHERE `+q.sql()+fmt.Sprintf(` ORDER BY z.registratiedatum, z.identificatie LIMIT $%d OFFSET $%d`, len(q.args)+1, len(q.args)+2), args...)
	if err != nil {
		return ZaakLijst{}, fmt.Errorf("rapportage: zaken: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var z ZaakRegel
		var team sql.NullString
		var eind sql.Null[date.Date]
		if err := rows.Scan(&z.ID, &z.Identificatie, &z.ZaaktypeID, &z.Zaaktype, &team, &z.Kanaal,
			&z.Registratiedatum, &z.UiterlijkeEinddatum, &eind, &z.Norm, &z.NormState); err != nil {
			return ZaakLijst{}, fmt.Errorf("rapportage: zaken: %w", err)
		}
		z.TeamID = team.String
		if eind.Valid {
			e := eind.V
			z.Einddatum = &e
		}
		out.Regels = append(out.Regels, z)
	}
	return out, rows.Err()
}

// Contacten lists the klantcontacten behind a figure (see the drill-down
// keys above), page 1-based, PageSize per page. The caller checks the role
// and logs the read.
func (s *Service) Contacten(ctx context.Context, key string, p Period, f Filter, page int) (ContactLijst, error) {
	if err := validate(p, f); err != nil {
		return ContactLijst{}, err
	}
	if err := checkPage(page); err != nil {
		return ContactLijst{}, err
	}
	if key == KeyHerhaalcontact {
		return s.herhaalContacten(ctx, p, f, page)
	}
	lo, hi := p.bounds()
	q := &query{}
	q.add("plaatsgevonden_op >= ?", lo)
	q.add("plaatsgevonden_op < ?", hi)
	switch k, v, _ := strings.Cut(key, ":"); {
	case key == "contacten":
	case key == KeyKlantBeltTerug:
		q.where = append(q.where, "kanaal = 'telefoon'", "uitkomst = 'klant_belt_terug'")
	case k == "uitkomst" && uitkomstLabels[v] != "":
		q.add("uitkomst = ?", v)
	case k == "kanaal" && kanaalLabels[v] != "":
		q.add("kanaal = ?", v)
	default:
		return ContactLijst{}, badKey(key)
	}
	if f.Kanaal != "" {
		q.add("kanaal = ?", f.Kanaal)
	}
	if f.TeamID != "" {
		q.add("team_id = ?", f.TeamID)
	}
	if f.ZaaktypeID != "" {
		q.add("zaaktype_id = ?", f.ZaaktypeID)
	}
	out := ContactLijst{Pagina: page}
	if err := s.queryRow(ctx, `SELECT COUNT(*) FROM klantcontacten WHERE `+q.sql(), q.args...).Scan(&out.Totaal); err != nil {
		return ContactLijst{}, fmt.Errorf("rapportage: contacten tellen: %w", err)
	}
	args := append(q.args, PageSize, (page-1)*PageSize)
	rows, err := s.query(ctx, `SELECT id, nummer, kanaal, uitkomst, onderwerp, team_id, partij_type, plaatsgevonden_op
		FROM klantcontacten WHERE `+q.sql()+fmt.Sprintf(` ORDER BY plaatsgevonden_op, nummer LIMIT $%d OFFSET $%d`, len(q.args)+1, len(q.args)+2), args...)
	if err != nil {
		return ContactLijst{}, fmt.Errorf("rapportage: contacten: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var c ContactRegel
		var team sql.NullString
		if err := rows.Scan(&c.ID, &c.Nummer, &c.Kanaal, &c.Uitkomst, &c.Onderwerp, &team, &c.PartijType, &c.PlaatsgevondenOp); err != nil {
			return ContactLijst{}, fmt.Errorf("rapportage: contacten: %w", err)
		}
		c.TeamID = team.String
		out.Regels = append(out.Regels, c)
	}
	return out, rows.Err()
}

// herhaalContacten finds the repeat contacts of p the way the rollup counts
// them (the earlier contact may be outside the filter), then pages.
func (s *Service) herhaalContacten(ctx context.Context, p Period, f Filter, page int) (ContactLijst, error) {
	lo, hi := p.bounds()
	rows, err := s.query(ctx, `SELECT id, nummer, kanaal, uitkomst, onderwerp, team_id, zaaktype_id, partij_type, partij_id, plaatsgevonden_op
		FROM klantcontacten WHERE plaatsgevonden_op >= $1 AND plaatsgevonden_op < $2 AND partij_type <> 'anoniem' AND partij_id <> ''
		ORDER BY plaatsgevonden_op, nummer`, lo.Add(-herhaalWindow), hi)
	if err != nil {
		return ContactLijst{}, fmt.Errorf("rapportage: herhaalcontacten: %w", err)
	}
	defer rows.Close()
	repeats := repeatTracker{}
	var all []ContactRegel
	for rows.Next() {
		var c ContactRegel
		var team, zt sql.NullString
		var pid string
		if err := rows.Scan(&c.ID, &c.Nummer, &c.Kanaal, &c.Uitkomst, &c.Onderwerp, &team, &zt, &c.PartijType, &pid, &c.PlaatsgevondenOp); err != nil {
			return ContactLijst{}, fmt.Errorf("rapportage: herhaalcontacten: %w", err)
		}
		c.TeamID = team.String
		t := c.PlaatsgevondenOp
		herhaal := repeats.seen(c.PartijType+"\x00"+pid+"\x00"+c.Onderwerp, t)
		if !herhaal || t.Before(lo) || (f.Kanaal != "" && c.Kanaal != f.Kanaal) ||
			(f.TeamID != "" && c.TeamID != f.TeamID) || (f.ZaaktypeID != "" && zt.String != f.ZaaktypeID) {
			continue
		}
		all = append(all, c)
	}
	if err := rows.Err(); err != nil {
		return ContactLijst{}, fmt.Errorf("rapportage: herhaalcontacten: %w", err)
	}
	out := ContactLijst{Pagina: page, Totaal: int64(len(all))}
	if start := (page - 1) * PageSize; start < len(all) {
		end := min(start+PageSize, len(all))
		out.Regels = all[start:end]
	}
	return out, nil
}
