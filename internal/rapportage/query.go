package rapportage

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/google/uuid"

	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/errs"
)

// Channels are the channels a filter may name (klantcontacten and zaken).
var Channels = []string{"balie", "telefoon", "email", "post", "webformulier", "chat", "social_media", "api"}

// validate checks a period and filter before anything is read.
func validate(p Period, f Filter) error {
	var fe errs.Fields
	if p.From.IsZero() || p.To.IsZero() || !p.From.Before(p.To) {
		fe.Add("periode", "invalid", "Kies een periode met een begindatum voor de einddatum.")
	} else if p.Days() > 3660 {
		fe.Add("periode", "invalid", "Een periode is ten hoogste tien jaar.")
	}
	if f.Kanaal != "" && !contains(Channels, f.Kanaal) {
		fe.Add("kanaal", "invalid", "Kies een bestaand kanaal.")
	}
	if f.TeamID != "" && uuid.Validate(f.TeamID) != nil {
		fe.Add("team", "invalid", "Kies een bestaand team.")
	}
	if f.ZaaktypeID != "" && uuid.Validate(f.ZaaktypeID) != nil {
		fe.Add("zaaktype", "invalid", "Kies een bestaand zaaktype.")
	}
	return fe.Err()
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// query builds a WHERE clause with numbered placeholders.
type query struct {
	where []string
	args  []any
}

func (q *query) add(cond string, arg any) {
	q.args = append(q.args, arg)
	q.where = append(q.where, strings.ReplaceAll(cond, "?", "$"+strconv.Itoa(len(q.args))))
}

func (q *query) sql() string { return strings.Join(q.where, " AND ") }

// rollupWhere selects days of p and the filter's dimensions from a rollup
// table (which has all of kanaal, team_id and zaaktype_id as text).
func rollupWhere(p Period, f Filter, hasKanaal bool) *query {
	q := &query{}
	q.add("dag >= ?", p.From)
	q.add("dag < ?", p.To)
	if f.Kanaal != "" && hasKanaal {
		q.add("kanaal = ?", f.Kanaal)
	}
	if f.TeamID != "" {
		q.add("team_id = ?", f.TeamID)
	}
	if f.ZaaktypeID != "" {
		q.add("zaaktype_id = ?", f.ZaaktypeID)
	}
	return q
}

// Report computes every figure for p with filter f, compared with
// p.Previous() and p.YearEarlier(). It first refreshes the rollup days
// that changed since the last refresh, so the figures are exact.
func (s *Service) Report(ctx context.Context, p Period, f Filter) (*Report, error) {
	if err := validate(p, f); err != nil {
		return nil, err
	}
	if _, err := s.Refresh(ctx); err != nil {
		return nil, err
	}
	r := &Report{Periode: p, Vorige: p.Previous(), JaarEerder: p.YearEarlier(), Filter: f, Gemaakt: s.Now().UTC()}
	periods := [3]Period{r.Periode, r.Vorige, r.JaarEerder}
	if err := s.kcc(ctx, r, periods, f); err != nil {
		return nil, err
	}
	if err := s.normen(ctx, r, periods, f); err != nil {
		return nil, err
	}
	if err := s.kanalen(ctx, r, periods, f); err != nil {
		return nil, err
	}
	if err := s.reeks(ctx, r, f); err != nil {
		return nil, err
	}
	return r, nil
}

type contactFig struct {
	totaal, telefoon, belt, bekend, herhaal int64
	perKanaal, perUitkomst, perOnderwerp    map[string]int64
	directPerKanaal                         map[string]int64
}

func (s *Service) contactFigures(ctx context.Context, p Period, f Filter) (*contactFig, error) {
	q := rollupWhere(p, f, true)
	// The rows are summed here rather than with GROUP BY: the sort SQLite
	// needs for the grouping cost more than reading the rows.
	rows, err := s.query(ctx, `SELECT kanaal, uitkomst, onderwerp, aantal, bekend, herhaal
		FROM rap_contacten WHERE `+q.sql(), q.args...)
	if err != nil {
		return nil, fmt.Errorf("rapportage: contacten: %w", err)
	}
	defer rows.Close()
	c := &contactFig{perKanaal: map[string]int64{}, perUitkomst: map[string]int64{}, perOnderwerp: map[string]int64{}, directPerKanaal: map[string]int64{}}
	for rows.Next() {
		var kanaal, uitkomst, onderwerp string
		var n, bekend, herhaal int64
		if err := rows.Scan(&kanaal, &uitkomst, &onderwerp, &n, &bekend, &herhaal); err != nil {
			return nil, fmt.Errorf("rapportage: contacten: %w", err)
		}
		c.totaal += n
		c.bekend += bekend
		c.herhaal += herhaal
		c.perKanaal[kanaal] += n
		c.perUitkomst[uitkomst] += n
		c.perOnderwerp[onderwerp] += n
		if uitkomst == "direct_beantwoord" {
			c.directPerKanaal[kanaal] += n
		}
		if kanaal == "telefoon" {
			c.telefoon += n
			if uitkomst == "klant_belt_terug" {
				c.belt += n
			}
		}
	}
	return c, rows.Err()
}

// taakFigures counts the contactverzoeken due in p: handled (on time or
// late) from the rollup, and the open ones whose due moment passed, live.
func (s *Service) taakFigures(ctx context.Context, p Period, f Filter) (Ratio, error) {
	q := rollupWhere(p, f, true)
	var opTijd, teLaat sql.NullInt64
	if err := s.queryRow(ctx, `SELECT CAST(SUM(op_tijd) AS BIGINT), CAST(SUM(te_laat) AS BIGINT) FROM rap_taken WHERE `+q.sql(), q.args...).Scan(&opTijd, &teLaat); err != nil {
		return Ratio{}, fmt.Errorf("rapportage: contactverzoeken: %w", err)
	}
	lo, hi := p.bounds()
	now := s.Now().UTC()
	if now.Before(hi) {
		hi = now
	}
	var open int64
	if lo.Before(hi) {
		lq := &query{}
		lq.add("t.uiterlijk_op >= ?", lo)
		lq.add("t.uiterlijk_op < ?", hi)
		if f.Kanaal != "" {
			lq.add("k.kanaal = ?", f.Kanaal)
		}
		if f.TeamID != "" {
			lq.add("t.team_id = ?", f.TeamID)
		}
		if f.ZaaktypeID != "" {
			lq.add("k.zaaktype_id = ?", f.ZaaktypeID)
		}
		if err := s.queryRow(ctx, `SELECT COUNT(*) FROM interne_taken t JOIN klantcontacten k ON k.id = t.klantcontact_id
			WHERE t.status = 'te_verwerken' AND `+lq.sql(), lq.args...).Scan(&open); err != nil {
			return Ratio{}, fmt.Errorf("rapportage: open contactverzoeken: %w", err)
		}
	}
	return Ratio{Num: opTijd.Int64, Den: opTijd.Int64 + teLaat.Int64 + open}, nil
}

var uitkomstLabels = map[string]string{
	"direct_beantwoord": "Direct beantwoord", "zaak_gestart": "Zaak gestart", "doorverbonden": "Doorverbonden",
	"contactverzoek": "Contactverzoek", "klant_belt_terug": "Klant belt terug", "doorverwezen": "Doorverwezen",
}

var kanaalLabels = map[string]string{
	"balie": "Balie", "telefoon": "Telefoon", "email": "E-mail", "post": "Post", "webformulier": "Webformulier",
	"chat": "Chat", "social_media": "Sociale media", "api": "Koppeling (API)",
}

func label(m map[string]string, k string) string {
	if l, ok := m[k]; ok {
		return l
	}
	if k == "" {
		return "(onbekend)"
	}
	return k
}

// tellingen merges three maps into counts, largest first (ties by key);
// limit 0 keeps all.
func tellingen(cur, prev, year map[string]int64, labels map[string]string, limit int) []Telling {
	keys := map[string]bool{}
	for k := range cur {
		keys[k] = true
	}
	if limit == 0 {
		for k := range prev {
			keys[k] = true
		}
		for k := range year {
			keys[k] = true
		}
	}
	out := make([]Telling, 0, len(keys))
	for k := range keys {
		out = append(out, Telling{Key: k, Label: label(labels, k), Aantal: cur[k], Vorige: prev[k], JaarEerder: year[k]})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Aantal != out[j].Aantal {
			return out[i].Aantal > out[j].Aantal
		}
		return out[i].Key < out[j].Key
	})
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out
}

func (s *Service) kcc(ctx context.Context, r *Report, periods [3]Period, f Filter) error {
	var c [3]*contactFig
	var taken [3]Ratio
	for i, p := range periods {
		var err error
		if c[i], err = s.contactFigures(ctx, p, f); err != nil {
			return err
		}
		if taken[i], err = s.taakFigures(ctx, p, f); err != nil {
			return err
		}
	}
	ratio := func(i int, num func(*contactFig) int64, den func(*contactFig) int64) Ratio {
		return Ratio{Num: num(c[i]), Den: den(c[i])}
	}
	kpi := func(key string, num, den func(*contactFig) int64) KPI {
		return newKPI(definition(key), ratio(0, num, den), ratio(1, num, den), ratio(2, num, den))
	}
	all := func(x *contactFig) int64 { return x.totaal }
	k := &r.KCC
	k.Totaal = Telling{Key: "contacten", Label: "Klantcontacten", Aantal: c[0].totaal, Vorige: c[1].totaal, JaarEerder: c[2].totaal}
	k.PerKanaal = tellingen(c[0].perKanaal, c[1].perKanaal, c[2].perKanaal, kanaalLabels, 0)
	k.PerUitkomst = tellingen(c[0].perUitkomst, c[1].perUitkomst, c[2].perUitkomst, uitkomstLabels, 0)
	k.PerOnderwerp = tellingen(c[0].perOnderwerp, c[1].perOnderwerp, c[2].perOnderwerp, nil, 25)
	k.KPIs = []KPI{
		kpi(KeyDirectBeantwoord, func(x *contactFig) int64 { return x.perUitkomst["direct_beantwoord"] }, all),
		kpi(KeyEenKeerAfgehandeld, func(x *contactFig) int64 {
			return x.perUitkomst["direct_beantwoord"] + x.perUitkomst["zaak_gestart"]
		}, all),
		kpi(KeyDoorverbonden, func(x *contactFig) int64 { return x.perUitkomst["doorverbonden"] }, all),
		kpi(KeyKlantBeltTerug, func(x *contactFig) int64 { return x.belt }, func(x *contactFig) int64 { return x.telefoon }),
		newKPI(definition(KeyContactverzoekOpTijd), taken[0], taken[1], taken[2]),
		kpi(KeyHerhaalcontact, func(x *contactFig) int64 { return x.herhaal }, func(x *contactFig) int64 { return x.bekend }),
	}
	d := definition(KeyDirectBeantwoord)
	for _, t := range k.PerKanaal {
		kd := d
		kd.Key = KeyDirectBeantwoord + ":" + t.Key
		kd.Naam = d.Naam + " — " + t.Label
		kan := t.Key
		k.DirectPerKanaal = append(k.DirectPerKanaal, kpi(kd.Key, func(x *contactFig) int64 { return x.directPerKanaal[kan] },
			func(x *contactFig) int64 { return x.perKanaal[kan] }))
		last := &k.DirectPerKanaal[len(k.DirectPerKanaal)-1]
		last.Naam, last.Definitie, last.Doel = kd.Naam, d.Definitie, d.Doel
		last.Gehaald = meets(d.Doel, last.Waarde, last.JaarEerder)
	}
	return nil
}

type names struct {
	teams    map[string]string
	zaaktype map[string]string
	termijn  map[string]int
}

func (s *Service) names(ctx context.Context) (*names, error) {
	n := &names{teams: map[string]string{}, zaaktype: map[string]string{}, termijn: map[string]int{}}
	rows, err := s.query(ctx, `SELECT id, naam FROM teams`)
	if err != nil {
		return nil, fmt.Errorf("rapportage: teams: %w", err)
	}
	for rows.Next() {
		var id, naam string
		if err := rows.Scan(&id, &naam); err != nil {
			rows.Close()
			return nil, fmt.Errorf("rapportage: teams: %w", err)
		}
		n.teams[id] = naam
	}
	rows.Close()
	rows, err = s.query(ctx, `SELECT id, omschrijving, doorlooptijd FROM zaaktypen`)
	if err != nil {
		return nil, fmt.Errorf("rapportage: zaaktypen: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, oms, dl string
		if err := rows.Scan(&id, &oms, &dl); err != nil {
			return nil, fmt.Errorf("rapportage: zaaktypen: %w", err)
		}
		n.zaaktype[id] = oms
		n.termijn[id] = durationDays(dl)
	}
	return n, rows.Err()
}

// durationDays reads an ISO 8601 duration of days or weeks ("P56D",
// "P8W"); other forms (months) give 0, since their length in days varies.
func durationDays(s string) int {
	if len(s) < 3 || s[0] != 'P' {
		return 0
	}
	n, err := strconv.Atoi(s[1 : len(s)-1])
	if err != nil {
		return 0
	}
	switch s[len(s)-1] {
	case 'D':
		return n
	case 'W':
		return 7 * n
	}
	return 0
}

type normCount struct{ met, breached int64 }

func (c normCount) ratio() Ratio { return Ratio{Num: c.met, Den: c.met + c.breached} }

func (s *Service) normen(ctx context.Context, r *Report, periods [3]Period, f Filter) error {
	nm, err := s.names(ctx)
	if err != nil {
		return err
	}
	var perNorm [3]map[string]normCount
	var total [3]normCount
	perTeam, perZT := map[string]normCount{}, map[string]normCount{}
	for i, p := range periods {
		perNorm[i] = map[string]normCount{}
		q := rollupWhere(p, f, true)
		rows, err := s.query(ctx, `SELECT norm, team_id, zaaktype_id, met, breached
			FROM rap_normen WHERE `+q.sql(), q.args...)
		if err != nil {
			return fmt.Errorf("rapportage: normen: %w", err)
		}
		for rows.Next() {
			var norm, team, zt string
			var c normCount
			if err := rows.Scan(&norm, &team, &zt, &c.met, &c.breached); err != nil {
				rows.Close()
				return fmt.Errorf("rapportage: normen: %w", err)
			}
			pn := perNorm[i][norm]
			pn.met, pn.breached = pn.met+c.met, pn.breached+c.breached
			perNorm[i][norm] = pn
			total[i].met, total[i].breached = total[i].met+c.met, total[i].breached+c.breached
			if i == 0 {
				t, z := perTeam[team], perZT[zt]
				t.met, t.breached = t.met+c.met, t.breached+c.breached
				z.met, z.breached = z.met+c.met, z.breached+c.breached
				perTeam[team], perZT[zt] = t, z
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("rapportage: normen: %w", err)
		}
	}
	n := &r.Normen
	n.Totaal = newKPI(definition(KeyServicenormen), total[0].ratio(), total[1].ratio(), total[2].ratio())
	for _, code := range normOrder {
		d := definition(KeyServicenormen)
		d.Key, d.Naam = "norm_"+code, normNames[code]
		n.PerNorm = append(n.PerNorm, newKPI(d, perNorm[0][code].ratio(), perNorm[1][code].ratio(), perNorm[2][code].ratio()))
	}
	groups := func(m map[string]normCount, names map[string]string) []Groep {
		out := make([]Groep, 0, len(m))
		for id, c := range m {
			naam := names[id]
			if naam == "" {
				naam = "(geen)"
			}
			g := Groep{ID: id, Naam: naam, Waarde: c.ratio()}
			g.Gehaald = meets(normGoal, g.Waarde, Ratio{})
			out = append(out, g)
		}
		sort.Slice(out, func(i, j int) bool {
			if out[i].Naam != out[j].Naam {
				return out[i].Naam < out[j].Naam
			}
			return out[i].ID < out[j].ID
		})
		return out
	}
	n.PerTeam = groups(perTeam, nm.teams)
	n.PerZaaktype = groups(perZT, nm.zaaktype)

	// lead times from the per-day histograms
	q := rollupWhere(r.Periode, f, true)
	rows, err := s.query(ctx, `SELECT zaaktype_id, dagen, CAST(SUM(aantal) AS BIGINT), CAST(SUM(binnen_termijn) AS BIGINT)
		FROM rap_afgehandeld WHERE `+q.sql()+` GROUP BY zaaktype_id, dagen`, q.args...)
	if err != nil {
		return fmt.Errorf("rapportage: doorlooptijden: %w", err)
	}
	hist := map[string]map[int]int64{}
	binnen := map[string]int64{}
	for rows.Next() {
		var zt string
		var dagen int
		var aantal, bt int64
		if err := rows.Scan(&zt, &dagen, &aantal, &bt); err != nil {
			rows.Close()
			return fmt.Errorf("rapportage: doorlooptijden: %w", err)
		}
		if hist[zt] == nil {
			hist[zt] = map[int]int64{}
		}
		hist[zt][dagen] += aantal
		binnen[zt] += bt
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("rapportage: doorlooptijden: %w", err)
	}
	for zt, h := range hist {
		d := Doorlooptijd{ZaaktypeID: zt, Naam: nm.zaaktype[zt], Termijn: nm.termijn[zt]}
		for _, c := range h {
			d.Afgehandeld += c
		}
		d.Mediaan, d.P90 = percentile(h, 50), percentile(h, 90)
		d.BinnenTermijn = Ratio{Num: binnen[zt], Den: d.Afgehandeld}
		n.Doorlooptijden = append(n.Doorlooptijden, d)
	}
	sort.Slice(n.Doorlooptijden, func(i, j int) bool { return n.Doorlooptijden[i].Naam < n.Doorlooptijden[j].Naam })

	v, err := s.voorraad(ctx, f)
	if err != nil {
		return err
	}
	n.Voorraad = v
	return nil
}

// percentile is the nearest-rank percentile of a histogram: the smallest
// value with at least pct % of the observations at or below it.
func percentile(h map[int]int64, pct int) int {
	keys := make([]int, 0, len(h))
	var total int64
	for k, c := range h {
		keys = append(keys, k)
		total += c
	}
	if total == 0 {
		return 0
	}
	sort.Ints(keys)
	rank := (int64(pct)*total + 99) / 100 // ceil(pct/100 × N)
	if rank < 1 {
		rank = 1
	}
	var cum int64
	for _, k := range keys {
		cum += h[k]
		if cum >= rank {
			return k
		}
	}
	return keys[len(keys)-1]
}

// voorraad is the open stock today: a snapshot, since how many zaken were
// open on a past day is not kept.
func (s *Service) voorraad(ctx context.Context, f Filter) (Voorraad, error) {
	today := date.Today(s.Now())
	v := Voorraad{Peildatum: today}
	q := &query{}
	q.add("uiterlijke_einddatum_afdoening < ?", today)
	q2 := &query{args: q.args}
	q2.add("uiterlijke_einddatum_afdoening < ?", today.AddDays(7))
	where := &query{args: q2.args}
	where.where = append(where.where, "einddatum IS NULL")
	if f.Kanaal != "" {
		where.add("kanaal = ?", f.Kanaal)
	}
	if f.TeamID != "" {
		where.add("team_id = ?", f.TeamID)
	}
	if f.ZaaktypeID != "" {
		where.add("zaaktype_id = ?", f.ZaaktypeID)
	}
	var late, soon sql.NullInt64
	err := s.queryRow(ctx, `SELECT COUNT(*),
		SUM(CASE WHEN `+q.where[0]+` THEN 1 ELSE 0 END),
		SUM(CASE WHEN `+q2.where[0]+` THEN 1 ELSE 0 END)
		FROM zaken WHERE `+where.sql(), where.args...).Scan(&v.Open, &late, &soon)
	if err != nil {
		return Voorraad{}, fmt.Errorf("rapportage: voorraad: %w", err)
	}
	v.TeLaat = late.Int64
	v.Risico = soon.Int64 - late.Int64
	return v, nil
}

func (s *Service) kanalen(ctx context.Context, r *Report, periods [3]Period, f Filter) error {
	var per [3]map[string]int64
	var total, web [3]int64
	for i, p := range periods {
		per[i] = map[string]int64{}
		q := rollupWhere(p, f, true)
		rows, err := s.query(ctx, `SELECT kanaal, CAST(SUM(aantal) AS BIGINT) FROM rap_zaken WHERE `+q.sql()+` GROUP BY kanaal`, q.args...)
		if err != nil {
			return fmt.Errorf("rapportage: zaken per kanaal: %w", err)
		}
		for rows.Next() {
			var k string
			var n int64
			if err := rows.Scan(&k, &n); err != nil {
				rows.Close()
				return fmt.Errorf("rapportage: zaken per kanaal: %w", err)
			}
			per[i][k] += n
			total[i] += n
			if k == "webformulier" {
				web[i] += n
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("rapportage: zaken per kanaal: %w", err)
		}
	}
	k := &r.Kanalen
	d := definition(KeyDigitaal)
	k.Digitaal = KPI{Key: d.Key, Naam: d.Naam, Definitie: d.Definitie, Doel: d.Doel,
		Waarde: Ratio{web[0], total[0]}, Vorige: Ratio{web[1], total[1]}, JaarEerder: Ratio{web[2], total[2]}}
	if web[2] > 0 {
		k.Groei = 100 * float64(web[0]-web[2]) / float64(web[2])
		k.GroeiOK = true
		k.GroeiGehaald = k.Groei >= d.Doel.Pct
	}
	// The channel-shift goal is growth, so the KPI is met when growth is.
	k.Digitaal.Gehaald = k.GroeiGehaald
	k.ZakenPerKanaal = tellingen(per[0], per[1], per[2], kanaalLabels, 0)

	e, err := s.eformulieren(ctx)
	if err != nil {
		return err
	}
	de := definition(KeyEFormulier)
	k.EFormulier = newKPI(de, e, Ratio{}, Ratio{})

	for i, p := range periods {
		lo, hi := p.bounds()
		var users, logins int64
		if err := s.queryRow(ctx, `SELECT COUNT(DISTINCT subject_digest), COUNT(*) FROM burger_logins
			WHERE created_at >= $1 AND created_at < $2`, lo, hi).Scan(&users, &logins); err != nil {
			return fmt.Errorf("rapportage: PIP-gebruik: %w", err)
		}
		switch i {
		case 0:
			k.PIP.Gebruikers, k.PIP.Logins = users, logins
		case 1:
			k.PIP.GebruikersVorige, k.PIP.LoginsVorige = users, logins
		case 2:
			k.PIP.GebruikersJaarEerder, k.PIP.LoginsJaarEerder = users, logins
		}
	}
	return nil
}

// eformulieren counts the published products and those with an e-form: a
// link on the product page, or a published form for one of its zaaktypen.
func (s *Service) eformulieren(ctx context.Context) (Ratio, error) {
	forms := map[string]bool{}
	rows, err := s.query(ctx, `SELECT zaaktype_identificatie FROM formulieren WHERE status = 'gepubliceerd'`)
	if err != nil {
		return Ratio{}, fmt.Errorf("rapportage: formulieren: %w", err)
	}
	for rows.Next() {
		var zt string
		if err := rows.Scan(&zt); err != nil {
			rows.Close()
			return Ratio{}, fmt.Errorf("rapportage: formulieren: %w", err)
		}
		forms[zt] = true
	}
	rows.Close()
	rows, err = s.query(ctx, `SELECT eformulier_url, zaaktypen FROM kennis_versies WHERE status = 'gepubliceerd'`)
	if err != nil {
		return Ratio{}, fmt.Errorf("rapportage: producten: %w", err)
	}
	defer rows.Close()
	var r Ratio
	for rows.Next() {
		var url, zts string
		if err := rows.Scan(&url, &zts); err != nil {
			return Ratio{}, fmt.Errorf("rapportage: producten: %w", err)
		}
		r.Den++
		has := url != ""
		var ids []string
		_ = json.Unmarshal([]byte(zts), &ids) // a malformed list means no zaaktypen
		for _, id := range ids {
			has = has || forms[id]
		}
		if has {
			r.Num++
		}
	}
	return r, rows.Err()
}

// reeks is the time series over the period: weeks up to 13 weeks, months
// beyond.
func (s *Service) reeks(ctx context.Context, r *Report, f Filter) error {
	p := r.Periode
	var steps []Period
	if p.Days() <= 13*7 {
		for w := Week(p.From); w.From.Before(p.To); w = (Period{w.To, w.To.AddDays(7)}) {
			steps = append(steps, w)
		}
	} else {
		for m := Maand(p.From.Year, p.From.Month); m.From.Before(p.To); m = Maand(m.To.Year, m.To.Month) {
			steps = append(steps, m)
		}
	}
	r.Reeks = make([]Punt, len(steps))
	for i, st := range steps {
		clip := Period{From: st.From, To: st.To}
		if clip.From.Before(p.From) {
			clip.From = p.From
		}
		if clip.To.After(p.To) {
			clip.To = p.To
		}
		r.Reeks[i] = Punt{Periode: clip, Label: st.Label()}
	}
	at := func(d date.Date) *Punt {
		for i := range r.Reeks {
			if r.Reeks[i].Periode.Contains(d) {
				return &r.Reeks[i]
			}
		}
		return nil
	}
	type src struct {
		sql string
		kan bool
		add func(pt *Punt, a, b int64)
	}
	for _, x := range []src{
		{`SELECT dag, CAST(SUM(aantal) AS BIGINT), CAST(SUM(CASE WHEN uitkomst = 'direct_beantwoord' THEN aantal ELSE 0 END) AS BIGINT) FROM rap_contacten`, true,
			func(pt *Punt, a, b int64) { pt.Contacten += a; pt.DirectBeantwoord += b }},
		{`SELECT dag, CAST(SUM(aantal) AS BIGINT), CAST(SUM(CASE WHEN kanaal = 'webformulier' THEN aantal ELSE 0 END) AS BIGINT) FROM rap_zaken`, true,
			func(pt *Punt, a, b int64) { pt.ZakenGestart += a; pt.ZakenDigitaal += b }},
		{`SELECT dag, CAST(SUM(met) AS BIGINT), CAST(SUM(breached) AS BIGINT) FROM rap_normen`, true,
			func(pt *Punt, a, b int64) { pt.NormMet += a; pt.NormBreached += b }},
	} {
		q := rollupWhere(p, f, x.kan)
		rows, err := s.query(ctx, x.sql+` WHERE `+q.sql()+` GROUP BY dag`, q.args...)
		if err != nil {
			return fmt.Errorf("rapportage: reeks: %w", err)
		}
		for rows.Next() {
			var d date.Date
			var a, b int64
			if err := rows.Scan(&d, &a, &b); err != nil {
				rows.Close()
				return fmt.Errorf("rapportage: reeks: %w", err)
			}
			if pt := at(d); pt != nil {
				x.add(pt, a, b)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("rapportage: reeks: %w", err)
		}
	}
	return nil
}
