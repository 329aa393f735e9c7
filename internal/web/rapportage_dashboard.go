package web

import (
	"math"
	"net/http"
	"net/url"
	"strings"

	"github.com/gemeenten/loket/internal/auth"
	"github.com/gemeenten/loket/internal/chart"
	"github.com/gemeenten/loket/internal/export"
	"github.com/gemeenten/loket/internal/klant"
	"github.com/gemeenten/loket/internal/kto"
	"github.com/gemeenten/loket/internal/rapportage"
)

// dashSection is one part of the dashboard (KCC, Servicenormen, …).
type dashSection struct {
	ID, Title, Intro string
	Blocks           []*figTable
}

type dashView struct {
	Scope                  reportScope
	Perioden               []option
	Kwartalen, Maanden     []option
	Kanalen, Teams, Typen  []option
	Report                 *rapportage.Report
	Sections               []dashSection
	Voorraad               []cell
	XLSX                   string
	PeriodeLabel           string
	VorigeLabel, JaarLabel string
	Raad                   bool
	// Field are the form's fields by id, with their errors.
	Field map[string]formField
}

// formField is one field of the period and filter form.
type formField struct {
	ID, Label, Type, Value, Empty, Err string
	Options                            []option
}

func (v *dashView) fields(fe []fieldError) {
	f := v.Scope.Form
	errOf := func(id string) string {
		for _, e := range fe {
			if e.Field == id {
				return e.Message
			}
		}
		return ""
	}
	v.Field = map[string]formField{}
	add := func(ff formField) {
		ff.Err = errOf(ff.ID)
		v.Field[ff.ID] = ff
	}
	add(formField{ID: "periode", Label: "Periode", Options: v.Perioden})
	add(formField{ID: "jaar", Label: "Jaar", Type: "text", Value: f.Jaar})
	add(formField{ID: "kwartaal", Label: "Kwartaal (bij periode kwartaal)", Options: v.Kwartalen})
	add(formField{ID: "maand", Label: "Maand (bij periode maand)", Options: v.Maanden})
	add(formField{ID: "week", Label: "Week (bij periode week)", Type: "text", Value: f.Week})
	add(formField{ID: "van", Label: "Van (bij zelf gekozen data)", Type: "date", Value: f.Van})
	add(formField{ID: "tot", Label: "Tot en met (bij zelf gekozen data)", Type: "date", Value: f.Tot})
	add(formField{ID: "kanaal", Label: "Kanaal", Options: v.Kanalen, Empty: "Alle kanalen"})
	add(formField{ID: "team", Label: "Team", Options: v.Teams, Empty: "Alle teams"})
	add(formField{ID: "zaaktype", Label: "Product / zaaktype", Options: v.Typen, Empty: "Alle zaaktypen"})
}

// kpiDrill says which list opens behind a KPI's numerator and denominator
// (drill-down keys of rapportage.Service.Zaken and Contacten; "" where no
// single list holds it, e.g. two outcomes together).
var kpiDrill = map[string]struct{ list, num, den string }{
	rapportage.KeyDirectBeantwoord:     {"contacten", "uitkomst:direct_beantwoord", "contacten"},
	rapportage.KeyEenKeerAfgehandeld:   {"contacten", "", "contacten"},
	rapportage.KeyDoorverbonden:        {"contacten", "uitkomst:doorverbonden", "contacten"},
	rapportage.KeyKlantBeltTerug:       {"contacten", "klant_belt_terug", "kanaal:telefoon"},
	rapportage.KeyContactverzoekOpTijd: {"contacten", "", "uitkomst:contactverzoek"},
	rapportage.KeyHerhaalcontact:       {"contacten", "herhaalcontact", ""},
	rapportage.KeyServicenormen:        {"zaken", "norm_met", ""},
	rapportage.KeyBinnenTermijn:        {"zaken", "", "afgehandeld"},
	rapportage.KeyDigitaal:             {"zaken", "digitaal", "gestart"},
}

func drillOf(key string) (list, num, den string) {
	if d, ok := kpiDrill[key]; ok {
		return d.list, d.num, d.den
	}
	if n, ok := strings.CutPrefix(key, "norm_"); ok {
		return "zaken", "norm_met:" + n, ""
	}
	if ch, ok := strings.CutPrefix(key, rapportage.KeyDirectBeantwoord+":"); ok {
		return "contacten", "", "kanaal:" + ch
	}
	return "", "", ""
}

// kpiTable lists KPIs with goal, value, counts and comparisons; every
// figure links to its list.
func kpiTable(sc reportScope, r *rapportage.Report, id, title string, kpis []rapportage.KPI, norms bool) *figTable {
	t := &figTable{T: export.Table{ID: id, Title: title, Columns: []export.Column{
		{Header: "Kerncijfer", Kind: export.Text}, {Header: "Doel", Kind: export.Text},
		{Header: r.Periode.Label(), Kind: export.Percent}, {Header: "Teller", Kind: export.Integer}, {Header: "Noemer", Kind: export.Integer},
		{Header: "Vorige periode", Kind: export.Percent}, {Header: "Jaar eerder", Kind: export.Percent}, {Header: "Doel gehaald", Kind: export.Text}}}}
	if norms {
		t.T.Columns = append(t.T.Columns, export.Column{Header: "Niet gehaald", Kind: export.Integer})
	}
	for _, k := range kpis {
		if k.Key == "" {
			continue
		}
		row := []any{k.Naam, k.Doel.Text, ratioAny(k.Waarde), k.Waarde.Num, k.Waarde.Den, ratioAny(k.Vorige), ratioAny(k.JaarEerder), goalStatus(k)}
		list, num, den := drillOf(k.Key)
		ri := len(t.T.Rows)
		if list != "" {
			t.link(ri, 2, sc.drillURL(list, num, r.Periode))
			t.link(ri, 3, sc.drillURL(list, num, r.Periode))
			t.link(ri, 4, sc.drillURL(list, den, r.Periode))
			t.link(ri, 5, sc.drillURL(list, num, r.Vorige))
			t.link(ri, 6, sc.drillURL(list, num, r.JaarEerder))
		}
		if norms {
			row = append(row, k.Waarde.Den-k.Waarde.Num)
			breached := "norm_breached"
			if n, ok := strings.CutPrefix(k.Key, "norm_"); ok {
				breached += ":" + n
			}
			t.link(ri, 8, sc.drillURL("zaken", breached, r.Periode))
		}
		t.T.Rows = append(t.T.Rows, row)
	}
	t.T.Note = "Een aandeel zonder noemer staat als '—'. Klik op een getal voor de lijst erachter."
	return t
}

// tellingTable lists counts with their comparisons; the count of the
// period links to its list.
func tellingTable(sc reportScope, r *rapportage.Report, id, title, header string, ts []rapportage.Telling, drill func(rapportage.Telling) (list, key string, f url.Values)) *figTable {
	t := &figTable{T: export.Table{ID: id, Title: title, Columns: []export.Column{{Header: header, Kind: export.Text},
		{Header: r.Periode.Label(), Kind: export.Integer}, {Header: "Vorige periode", Kind: export.Integer}, {Header: "Jaar eerder", Kind: export.Integer}}}}
	for i, x := range ts {
		t.T.Rows = append(t.T.Rows, []any{x.Label, x.Aantal, x.Vorige, x.JaarEerder})
		if drill != nil {
			list, key, extra := drill(x)
			for col, p := range map[int]rapportage.Period{1: r.Periode, 2: r.Vorige, 3: r.JaarEerder} {
				u := sc.drillURL(list, key, p)
				if u != "" && len(extra) > 0 {
					u += "&" + extra.Encode()
				}
				t.link(i, col, u)
			}
		}
	}
	return t
}

func seriesOf(name string, vals []float64) chart.Series {
	return chart.Series{Name: name, Values: vals}
}

func ratioF(r rapportage.Ratio) float64 {
	if r.Den == 0 {
		return math.NaN()
	}
	return float64(r.Num) / float64(r.Den)
}

// kpiChart compares the KPIs' values now, the previous period and a year
// earlier; the goal line is drawn when all share one goal.
func kpiChart(r *rapportage.Report, id, title, catHeader string, kpis []rapportage.KPI, label func(rapportage.KPI) string) chart.Chart {
	var cats []string
	var a, b, c []float64
	var goal *chart.Goal
	same := true
	for i, k := range kpis {
		cats = append(cats, label(k))
		a, b, c = append(a, ratioF(k.Waarde)), append(b, ratioF(k.Vorige)), append(c, ratioF(k.JaarEerder))
		if i > 0 && k.Doel.Pct != kpis[0].Doel.Pct {
			same = false
		}
	}
	if same && len(kpis) > 0 && kpis[0].Doel.Pct > 0 {
		goal = &chart.Goal{Value: kpis[0].Doel.Pct / 100, Label: "Doel " + strings.ReplaceAll(kpis[0].Doel.Text, "≥ ", "")}
	}
	return chart.Bar{ID: id, Title: title, CategoryHeader: catHeader, Categories: cats,
		Series: []chart.Series{seriesOf(r.Periode.Label(), a), seriesOf("Vorige periode", b), seriesOf("Jaar eerder", c)},
		Kind:   export.Percent, Goal: goal}.Render()
}

func (a *app) rapportageDashboard(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	_, teams, err := a.teamNames(r)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	sc, fe, err := a.reportScope(r, teams)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	v := &dashView{Scope: sc, Raad: a.Report.Raad != nil && sc.Manager}
	if err := a.dashOptions(r, v, teams); err != nil {
		a.fail(w, r, err)
		return
	}
	v.fields(fe)
	if len(fe) > 0 {
		a.render(w, r, http.StatusBadRequest, "rapportage_dashboard", "Rapportage", v, fe...)
		return
	}
	rep, err := a.Report.Rapportage.Report(ctx, sc.Period, sc.Filter)
	if err != nil {
		if fe := fieldErrorsOf(err); len(fe) > 0 {
			v.fields(fe)
			a.render(w, r, http.StatusBadRequest, "rapportage_dashboard", "Rapportage", v, fe...)
			return
		}
		a.fail(w, r, err)
		return
	}
	v.Report = rep
	v.PeriodeLabel, v.VorigeLabel, v.JaarLabel = rep.Periode.Label(), rep.Vorige.Label(), rep.JaarEerder.Label()
	var kres *kto.Results
	if a.Report.KTO != nil {
		res, err := a.Report.KTO.Results(ctx, midnightOf(sc.Period.From), midnightOf(sc.Period.To),
			kto.Filter{Kanaal: sc.Filter.Kanaal, TeamID: sc.Filter.TeamID, ZaaktypeID: sc.Filter.ZaaktypeID})
		if err != nil {
			a.fail(w, r, err)
			return
		}
		kres = &res
	}
	v.Sections = dashSections(sc, rep, kres)
	var all []export.Table
	base := sc.query()
	for _, s := range v.Sections {
		for _, b := range s.Blocks {
			all = append(all, b.T)
			q := cloneValues(base)
			q.Set("tabel", b.T.ID)
			q.Set("format", "csv")
			b.CSV = "/rapportage?" + q.Encode()
			q.Set("format", "xlsx")
			b.XLSX = "/rapportage?" + q.Encode()
		}
	}
	if a.exportTables(w, r, "rapportage-"+fileStamp(rep.Periode), all) {
		return
	}
	q := cloneValues(base)
	q.Set("format", "xlsx")
	v.XLSX = "/rapportage?" + q.Encode()
	vr := rep.Normen.Voorraad
	v.Voorraad = []cell{
		{Text: export.Dutch(float64(vr.Open), 0), Href: sc.drillURL("zaken", "open", rep.Periode)},
		{Text: export.Dutch(float64(vr.Risico), 0), Href: sc.drillURL("zaken", "risico", rep.Periode)},
		{Text: export.Dutch(float64(vr.TeLaat), 0), Href: sc.drillURL("zaken", "te_laat", rep.Periode)},
	}
	a.render(w, r, http.StatusOK, "rapportage_dashboard", "Rapportage "+rep.Periode.Label(), v)
}

func cloneValues(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}

func fileStamp(p rapportage.Period) string {
	return p.From.String() + "-" + p.Last().String()
}

func (a *app) dashOptions(r *http.Request, v *dashView, teams []auth.Team) error {
	f := v.Scope.Form
	for _, o := range periodKinds {
		o.Selected = o.Value == f.Periode
		v.Perioden = append(v.Perioden, o)
	}
	for i := 1; i <= 4; i++ {
		s := itoa(i)
		v.Kwartalen = append(v.Kwartalen, option{Value: s, Label: s + "e kwartaal", Selected: s == f.Kwartaal})
	}
	for i := 1; i <= 12; i++ {
		s := itoa(i)
		v.Maanden = append(v.Maanden, option{Value: s, Label: monthName(i), Selected: s == f.Maand})
	}
	for _, k := range klant.Kanalen {
		v.Kanalen = append(v.Kanalen, option{Value: k, Label: klant.KanaalLabel[k], Selected: k == f.Kanaal})
	}
	for _, t := range teams {
		v.Teams = append(v.Teams, option{Value: t.ID, Label: t.Naam, Selected: t.ID == v.Scope.Form.Team})
	}
	var err error
	v.Typen, err = a.zaakTypeOptions(r.Context(), f.Zaaktype)
	return err
}

func dashSections(sc reportScope, r *rapportage.Report, k *kto.Results) []dashSection {
	var out []dashSection

	// KCC.
	kcc := dashSection{ID: "kcc", Title: "KCC", Intro: "Klantcontacten per kanaal en uitkomst, en de kerncijfers van het klantcontactcentrum tegen hun doel."}
	t := kpiTable(sc, r, "kcc-kerncijfers", "KCC-kerncijfers", r.KCC.KPIs, false)
	t.Chart = kpiChart(r, "kcc-kerncijfers", "KCC-kerncijfers: "+r.Periode.Label()+", vorige periode en jaar eerder", "Kerncijfer", r.KCC.KPIs,
		func(k rapportage.KPI) string { return k.Naam }).HTML()
	kcc.Blocks = append(kcc.Blocks, t)
	if len(r.KCC.DirectPerKanaal) > 0 {
		t := kpiTable(sc, r, "kcc-direct-per-kanaal", "Direct beantwoord per kanaal", r.KCC.DirectPerKanaal, false)
		t.Chart = kpiChart(r, "kcc-direct-per-kanaal", "Direct beantwoord per kanaal", "Kanaal", r.KCC.DirectPerKanaal, func(k rapportage.KPI) string {
			if i := strings.LastIndex(k.Naam, " — "); i >= 0 {
				return k.Naam[i+len(" — "):]
			}
			return k.Naam
		}).HTML()
		kcc.Blocks = append(kcc.Blocks, t)
	}
	var directGoal float64
	for _, kp := range r.KCC.KPIs {
		if kp.Key == rapportage.KeyDirectBeantwoord {
			directGoal = kp.Doel.Pct
		}
	}
	if t := trend(r, "kcc-trend", "Trend: direct beantwoord", "Direct beantwoord", "Contacten", directGoal,
		func(p rapportage.Punt) int64 { return p.DirectBeantwoord }, func(p rapportage.Punt) int64 { return p.Contacten }); t != nil {
		kcc.Blocks = append(kcc.Blocks, t)
	}
	perKanaal := tellingTable(sc, r, "kcc-kanalen", "Klantcontacten per kanaal", "Kanaal", append([]rapportage.Telling{r.KCC.Totaal}, r.KCC.PerKanaal...),
		func(x rapportage.Telling) (string, string, url.Values) {
			if x.Key == r.KCC.Totaal.Key {
				return "contacten", "contacten", nil
			}
			return "contacten", "kanaal:" + x.Key, nil
		})
	var cats []string
	var now, prev, then []float64
	for _, x := range r.KCC.PerKanaal {
		cats = append(cats, x.Label)
		now, prev, then = append(now, float64(x.Aantal)), append(prev, float64(x.Vorige)), append(then, float64(x.JaarEerder))
	}
	mix := make([]chart.Series, len(cats))
	for i, c := range cats {
		mix[i] = chart.Series{Name: c, Values: []float64{now[i], prev[i], then[i]}}
	}
	perKanaal.Chart = chart.Stacked{ID: "kcc-kanaalmix", Title: "Kanaalmix van de klantcontacten", Categories: []string{r.Periode.Label(), "Vorige periode", "Jaar eerder"},
		Series: mix}.Render().HTML()
	kcc.Blocks = append(kcc.Blocks, perKanaal)
	kcc.Blocks = append(kcc.Blocks, tellingTable(sc, r, "kcc-uitkomsten", "Klantcontacten per uitkomst", "Uitkomst", r.KCC.PerUitkomst,
		func(x rapportage.Telling) (string, string, url.Values) { return "contacten", "uitkomst:" + x.Key, nil }))
	kcc.Blocks = append(kcc.Blocks, tellingTable(sc, r, "kcc-onderwerpen", "Klantcontacten per onderwerp (de 25 grootste)", "Onderwerp", r.KCC.PerOnderwerp, nil))
	out = append(out, kcc)

	// Service norms.
	normen := dashSection{ID: "servicenormen", Title: "Servicenormen", Intro: "Per norm het aandeel gehaald (gehaald ÷ gehaald + niet gehaald) tegen het doel van 98 %, per team en per zaaktype; doorlooptijden tegen de wettelijke termijn."}
	nt := kpiTable(sc, r, "normen", "Servicenormen", append([]rapportage.KPI{r.Normen.Totaal}, r.Normen.PerNorm...), true)
	nt.Chart = kpiChart(r, "normen", "Servicenormen gehaald per norm", "Norm", r.Normen.PerNorm, func(k rapportage.KPI) string { return k.Naam }).HTML()
	normen.Blocks = append(normen.Blocks, nt)
	if t := trend(r, "normen-trend", "Trend: servicenormen gehaald", "Gehaald", "Normen afgerekend", r.Normen.Totaal.Doel.Pct,
		func(p rapportage.Punt) int64 { return p.NormMet }, func(p rapportage.Punt) int64 { return p.NormMet + p.NormBreached }); t != nil {
		normen.Blocks = append(normen.Blocks, t)
	}
	normen.Blocks = append(normen.Blocks, groupTable(sc, r, "normen-per-team", "Servicenormen per team", "Team", r.Normen.PerTeam, "team"))
	normen.Blocks = append(normen.Blocks, groupTable(sc, r, "normen-per-zaaktype", "Servicenormen per zaaktype", "Zaaktype", r.Normen.PerZaaktype, "zaaktype"))
	lt := &figTable{T: export.Table{ID: "doorlooptijden", Title: "Doorlooptijden van afgehandelde zaken (kalenderdagen)", Columns: []export.Column{
		{Header: "Zaaktype", Kind: export.Text}, {Header: "Afgehandeld", Kind: export.Integer}, {Header: "Mediaan", Kind: export.Integer},
		{Header: "90e percentiel", Kind: export.Integer}, {Header: "Wettelijke termijn", Kind: export.Integer}, {Header: "Binnen termijn", Kind: export.Percent}}}}
	for i, d := range r.Normen.Doorlooptijden {
		var termijn any
		if d.Termijn > 0 {
			termijn = d.Termijn
		}
		lt.T.Rows = append(lt.T.Rows, []any{d.Naam, d.Afgehandeld, d.Mediaan, d.P90, termijn, ratioAny(d.BinnenTermijn)})
		lt.link(i, 1, sc.withFilter("zaaktype", d.ZaaktypeID, sc.drillURL("zaken", "afgehandeld", r.Periode)))
		lt.link(i, 5, sc.withFilter("zaaktype", d.ZaaktypeID, sc.drillURL("zaken", "buiten_termijn", r.Periode)))
	}
	normen.Blocks = append(normen.Blocks, lt)
	out = append(out, normen)

	// Channels.
	kan := dashSection{ID: "kanalen", Title: "Kanalen", Intro: "Het aandeel zaken dat digitaal begint en de groei daarvan tegen een jaar eerder (doel +20 %), producten met een e-formulier (doel 75 %) en het gebruik van Mijn omgeving (PIP)."}
	kan.Blocks = append(kan.Blocks, kpiTable(sc, r, "kanalen-kerncijfers", "Digitaal", []rapportage.KPI{r.Kanalen.Digitaal, r.Kanalen.EFormulier}, false))
	if t := trend(r, "digitaal-trend", "Trend: zaken digitaal gestart", "Digitaal gestart", "Zaken gestart", 0,
		func(p rapportage.Punt) int64 { return p.ZakenDigitaal }, func(p rapportage.Punt) int64 { return p.ZakenGestart }); t != nil {
		kan.Blocks = append(kan.Blocks, t)
	}
	zk := tellingTable(sc, r, "zaken-per-kanaal", "Gestarte zaken per kanaal", "Kanaal", r.Kanalen.ZakenPerKanaal,
		func(x rapportage.Telling) (string, string, url.Values) {
			if sc.Filter.Kanaal != "" {
				return "zaken", "gestart", nil
			}
			return "zaken", "gestart", url.Values{"kanaal": {x.Key}}
		})
	mix = nil
	for _, x := range r.Kanalen.ZakenPerKanaal {
		mix = append(mix, chart.Series{Name: x.Label, Values: []float64{float64(x.Aantal), float64(x.JaarEerder)}})
	}
	zk.Chart = chart.Stacked{ID: "zaken-kanaalmix", Title: "Kanaalmix van de gestarte zaken", Categories: []string{r.Periode.Label(), "Jaar eerder"}, Series: mix}.Render().HTML()
	groei := "geen gegevens (een jaar eerder geen digitaal gestarte zaken)"
	if r.Kanalen.GroeiOK {
		groei = export.Dutch(r.Kanalen.Groei, 1) + " %" // Groei is in percent
		if r.Kanalen.GroeiGehaald {
			groei += " (doel +20 % gehaald)"
		} else {
			groei += " (doel +20 % niet gehaald)"
		}
	}
	zk.T.Note = "Groei van het aantal digitaal gestarte zaken tegen een jaar eerder: " + groei + "."
	kan.Blocks = append(kan.Blocks, zk)
	pip := r.Kanalen.PIP
	kan.Blocks = append(kan.Blocks, &figTable{T: export.Table{ID: "pip", Title: "Gebruik van Mijn omgeving (PIP)", Columns: []export.Column{
		{Header: "Gebruik", Kind: export.Text}, {Header: r.Periode.Label(), Kind: export.Integer}, {Header: "Vorige periode", Kind: export.Integer}, {Header: "Jaar eerder", Kind: export.Integer}},
		Rows: [][]any{{"Unieke gebruikers", pip.Gebruikers, pip.GebruikersVorige, pip.GebruikersJaarEerder}, {"Inlogs", pip.Logins, pip.LoginsVorige, pip.LoginsJaarEerder}}}})
	out = append(out, kan)

	if k != nil {
		out = append(out, ktoSection(r, k))
	}
	return out
}

// trend is a line of a share per step of the report's series (weeks or
// months), with its goal, and the counts behind it in the table.
func trend(r *rapportage.Report, id, title, name, denHeader string, goalPct float64, num, den func(rapportage.Punt) int64) *figTable {
	if len(r.Reeks) == 0 {
		return nil
	}
	var labels []string
	var vals, dens []float64
	for _, p := range r.Reeks {
		labels = append(labels, p.Label)
		d := den(p)
		dens = append(dens, float64(d))
		if d > 0 {
			vals = append(vals, float64(num(p))/float64(d))
		} else {
			vals = append(vals, math.NaN())
		}
	}
	var goal *chart.Goal
	if goalPct > 0 {
		goal = &chart.Goal{Value: goalPct / 100}
	}
	c := chart.Line{ID: id, Title: title, Labels: labels, Series: []chart.Series{{Name: name, Values: vals}}, Kind: export.Percent, Goal: goal}.Render()
	t := &figTable{T: c.Table, Chart: c.HTML()}
	t.T.Columns = append(t.T.Columns, export.Column{Header: denHeader, Kind: export.Integer})
	for i := range t.T.Rows {
		t.T.Rows[i] = append(t.T.Rows[i], dens[i])
	}
	return t
}

// withFilter adds a filter to a drill URL unless the page already filters on it.
func (sc reportScope) withFilter(name, val, u string) string {
	if u == "" || val == "" {
		return u
	}
	if (name == "zaaktype" && sc.Filter.ZaaktypeID != "") || (name == "team" && sc.Filter.TeamID != "") {
		return u
	}
	return u + "&" + url.Values{name: {val}}.Encode()
}

func groupTable(sc reportScope, r *rapportage.Report, id, title, header string, gs []rapportage.Groep, filter string) *figTable {
	t := &figTable{T: export.Table{ID: id, Title: title, Columns: []export.Column{{Header: header, Kind: export.Text},
		{Header: "Gehaald", Kind: export.Percent}, {Header: "Teller", Kind: export.Integer}, {Header: "Noemer", Kind: export.Integer}, {Header: "Doel 98 % gehaald", Kind: export.Text}}}}
	for i, g := range gs {
		st := "niet gehaald"
		if g.Waarde.Den == 0 {
			st = "geen gegevens"
		} else if g.Gehaald {
			st = "gehaald"
		}
		t.T.Rows = append(t.T.Rows, []any{g.Naam, ratioAny(g.Waarde), g.Waarde.Num, g.Waarde.Den, st})
		if filter == "team" && sc.OwnTeam && g.ID != sc.Filter.TeamID {
			continue
		}
		t.link(i, 2, sc.withFilter(filter, g.ID, sc.drillURL("zaken", "norm_met", r.Periode)))
	}
	return t
}

func ktoSection(r *rapportage.Report, k *kto.Results) dashSection {
	s := dashSection{ID: "kto", Title: "Klanttevredenheid (KTO)", Intro: "Gemiddeld cijfer per kanaal en per aspect tegen het doel van 8,0 en de referentiewaarde. De antwoorden zijn anoniem; er is geen lijst van personen achter deze cijfers."}
	t := &figTable{T: export.Table{ID: "kto", Title: "Klanttevredenheid per kanaal en aspect", Columns: []export.Column{{Header: "Kanaal", Kind: export.Text}, {Header: "Reacties", Kind: export.Integer}}}}
	for _, c := range kto.Columns {
		t.T.Columns = append(t.T.Columns, export.Column{Header: kto.AspectLabel[c], Kind: export.Decimal, Decimals: 1})
	}
	t.T.Columns = append(t.T.Columns, export.Column{Header: "Referentie totaaloordeel", Kind: export.Decimal, Decimals: 1})
	var cats []string
	var means, refs []float64
	add := func(c kto.ChannelResults) {
		row := []any{c.Label, c.Scores[kto.Overall].N}
		for _, col := range kto.Columns {
			if sc := c.Scores[col]; sc.N > 0 {
				row = append(row, sc.Mean)
			} else {
				row = append(row, nil)
			}
		}
		ref := math.NaN()
		if rf := c.Scores[kto.Overall].Reference; rf != nil {
			row = append(row, rf.Value())
			ref = rf.Value()
		} else {
			row = append(row, nil)
		}
		t.T.Rows = append(t.T.Rows, row)
		if o := c.Scores[kto.Overall]; o.N > 0 {
			cats, means, refs = append(cats, c.Label), append(means, o.Mean), append(refs, ref)
		}
	}
	for _, c := range k.Kanalen {
		add(c)
	}
	add(k.All)
	t.T.Note = export.Dutch(float64(k.Responses), 0) + " reacties in " + r.Periode.Label() + "."
	t.Chart = chart.Bar{ID: "kto", Title: "Totaaloordeel per kanaal", CategoryHeader: "Kanaal", Categories: cats,
		Series: []chart.Series{{Name: r.Periode.Label(), Values: means}, {Name: "Referentie", Values: refs}}, Kind: export.Decimal, Decimals: 1,
		Goal: &chart.Goal{Value: kto.Goal, Label: "Doel " + export.Dutch(kto.Goal, 1)}}.Render().HTML()
	s.Blocks = append(s.Blocks, t)
	return s
}
