package web

import (
	"bytes"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gemeenten/loket/internal/auth"
	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/export"
	"github.com/gemeenten/loket/internal/klant"
	"github.com/gemeenten/loket/internal/raadsrapport"
	"github.com/gemeenten/loket/internal/rapportage"
)

// ReportDeps are the dependencies of the management dashboard and the
// council report at /rapportage. The section is not served while
// Rapportage is unset.
type ReportDeps struct {
	Rapportage *rapportage.Service
	// KTO, when set, adds the satisfaction results (a *kto.Service).
	KTO raadsrapport.KTOSource
	// Raad, when set, serves the council reports at /rapportage/raad.
	Raad *raadsrapport.Service
}

func (a *app) reportRoutes(mux *http.ServeMux) {
	if a.Report.Rapportage == nil {
		return
	}
	// A manager sees the whole municipality; a teamleider their own team
	// (reportScope enforces it on every route, exports and lists included).
	readers := auth.RequireStaff(auth.RoleManager, auth.RoleTeamleider)
	mux.Handle("GET /rapportage", readers(http.HandlerFunc(a.rapportageDashboard)))
	mux.Handle("GET /rapportage/zaken", readers(http.HandlerFunc(a.rapportageZaken)))
	mux.Handle("GET /rapportage/contacten", readers(http.HandlerFunc(a.rapportageContacten)))
	if a.Report.Raad != nil {
		managers := auth.RequireStaff(auth.RoleManager)
		mux.Handle("GET /rapportage/raad", managers(http.HandlerFunc(a.raadList)))
		mux.Handle("POST /rapportage/raad", managers(http.HandlerFunc(a.raadGenerate)))
		mux.Handle("GET /rapportage/raad/{file}", managers(http.HandlerFunc(a.raadDownload)))
	}
}

// ownTeamMessage is shown to a teamleider who asks for another team.
const ownTeamMessage = "U kunt alleen de cijfers van uw eigen team bekijken."

// reportForm is the period picker and the filters as the user entered them.
type reportForm struct {
	Periode                     string // week, maand, kwartaal, jaar, aangepast
	Jaar, Kwartaal, Maand, Week string
	Van, Tot                    string
	Kanaal, Team, Zaaktype      string
}

// reportScope is a validated request: the period, the filter with the
// user's limits applied, and the form to show again.
type reportScope struct {
	Form    reportForm
	Period  rapportage.Period
	Filter  rapportage.Filter
	OwnTeam bool   // a teamleider: the team filter is fixed
	TeamNm  string // the fixed team's name
	Manager bool
}

var periodKinds = []option{{Value: "week", Label: "Week"}, {Value: "maand", Label: "Maand"}, {Value: "kwartaal", Label: "Kwartaal"},
	{Value: "jaar", Label: "Jaar"}, {Value: "aangepast", Label: "Zelf gekozen data"}}

// reportScope reads the period and the filters. A teamleider (without the
// manager role) is limited to their own team: asking for another team is
// refused (403), not silently changed, so a link that was shared shows
// what it is.
func (a *app) reportScope(r *http.Request, teams []auth.Team) (reportScope, []fieldError, error) {
	u, _ := auth.CurrentUser(r)
	q := r.URL.Query()
	today := date.Today(a.Now())
	f := reportForm{Periode: q.Get("periode"), Jaar: q.Get("jaar"), Kwartaal: q.Get("kwartaal"), Maand: q.Get("maand"),
		Week: q.Get("week"), Van: q.Get("van"), Tot: q.Get("tot"), Kanaal: q.Get("kanaal"), Team: q.Get("team"), Zaaktype: q.Get("zaaktype")}
	if f.Periode == "" {
		f.Periode = "kwartaal"
	}
	isoYear, curWeek := today.Time().ISOWeek()
	def := func(p *string, v int) {
		if *p == "" {
			*p = strconv.Itoa(v)
		}
	}
	if f.Periode == "week" {
		// 1 January may lie in the last week of the year before.
		def(&f.Jaar, isoYear)
	}
	def(&f.Jaar, today.Year)
	def(&f.Kwartaal, (int(today.Month)-1)/3+1)
	def(&f.Maand, int(today.Month))
	def(&f.Week, curWeek)
	sc := reportScope{Form: f, Manager: u.HasRole(auth.RoleManager)}
	var fe []fieldError
	num := func(field, val string, lo, hi int, msg string) int {
		n, err := strconv.Atoi(strings.TrimSpace(val))
		if err != nil || n < lo || n > hi {
			fe = append(fe, fieldError{field, msg})
			return 0
		}
		return n
	}
	switch f.Periode {
	case "week", "maand", "kwartaal", "jaar":
		y := num("jaar", f.Jaar, 2000, 2100, "Vul bij jaar een jaartal in tussen 2000 en 2100, bijvoorbeeld "+strconv.Itoa(today.Year)+".")
		switch f.Periode {
		case "week":
			w := num("week", f.Week, 1, 53, "Vul bij week een weeknummer in van 1 tot en met 53.")
			if y > 0 && w > 0 {
				if p, ok := isoWeek(y, w); ok {
					sc.Period = p
				} else {
					fe = append(fe, fieldError{"week", fmt.Sprintf("Het jaar %d heeft geen week %d.", y, w)})
				}
			}
		case "maand":
			m := num("maand", f.Maand, 1, 12, "Kies bij maand een maand van januari tot en met december.")
			if y > 0 && m > 0 {
				sc.Period = rapportage.Maand(y, time.Month(m))
			}
		case "kwartaal":
			k := num("kwartaal", f.Kwartaal, 1, 4, "Kies bij kwartaal het 1e, 2e, 3e of 4e kwartaal.")
			if y > 0 && k > 0 {
				sc.Period = rapportage.Kwartaal(y, k)
			}
		case "jaar":
			if y > 0 {
				sc.Period = rapportage.Jaar(y)
			}
		}
	case "aangepast":
		van, err1 := date.Parse(strings.TrimSpace(f.Van))
		tot, err2 := date.Parse(strings.TrimSpace(f.Tot))
		if f.Van == "" {
			fe = append(fe, fieldError{"van", "Vul bij 'van' de eerste dag van de periode in."})
		} else if err1 != nil {
			fe = append(fe, fieldError{"van", "Vul bij 'van' een geldige datum in, bijvoorbeeld 2026-01-31."})
		}
		if f.Tot == "" {
			fe = append(fe, fieldError{"tot", "Vul bij 'tot en met' de laatste dag van de periode in."})
		} else if err2 != nil {
			fe = append(fe, fieldError{"tot", "Vul bij 'tot en met' een geldige datum in, bijvoorbeeld 2026-03-31."})
		}
		if len(fe) == 0 {
			p, err := rapportage.Custom(van, tot)
			if err != nil {
				fe = append(fe, fieldErrorsOf(err)...)
			} else {
				sc.Period = p
			}
		}
	default:
		fe = append(fe, fieldError{"periode", "Kies bij periode een week, maand, kwartaal, jaar of zelf gekozen data."})
	}
	if f.Kanaal != "" && !slices.Contains(klant.Kanalen, f.Kanaal) {
		fe = append(fe, fieldError{"kanaal", "Kies een kanaal uit de lijst."})
	}
	if f.Team != "" && !slices.ContainsFunc(teams, func(t auth.Team) bool { return t.ID == f.Team }) {
		fe = append(fe, fieldError{"team", "Kies een team uit de lijst."})
	}
	if !sc.Manager {
		if u.TeamID == "" {
			return sc, nil, errs.E(errs.Forbidden, "geen_team", "U bent teamleider zonder team: vraag de beheerder u aan uw team toe te voegen.")
		}
		if f.Team != "" && f.Team != u.TeamID {
			return sc, nil, errs.E(errs.Forbidden, "ander_team", ownTeamMessage)
		}
		sc.Form.Team, sc.OwnTeam = u.TeamID, true
		for _, t := range teams {
			if t.ID == u.TeamID {
				sc.TeamNm = t.Naam
			}
		}
	}
	sc.Filter = rapportage.Filter{Kanaal: f.Kanaal, TeamID: sc.Form.Team, ZaaktypeID: f.Zaaktype}
	return sc, fe, nil
}

// fieldErrorsOf turns classified field errors into the form's summary.
func fieldErrorsOf(err error) []fieldError {
	var out []fieldError
	if e := errs.As(err); e != nil {
		for _, f := range e.Fields {
			out = append(out, fieldError{f.Field, f.Reason})
		}
		if len(out) == 0 {
			out = append(out, fieldError{"periode", errs.Message(err)})
		}
	}
	return out
}

// isoWeek is ISO week w of year y (Monday to Sunday).
func isoWeek(y, w int) (rapportage.Period, bool) {
	jan4 := date.New(y, time.January, 4)
	p := rapportage.Week(jan4.AddDays((w - 1) * 7))
	if yy, ww := p.From.Time().ISOWeek(); yy != y || ww != w {
		return rapportage.Period{}, false
	}
	return p, true
}

// query is the scope as URL parameters (for links that keep it).
func (sc reportScope) query() url.Values {
	v := url.Values{}
	f := sc.Form
	v.Set("periode", f.Periode)
	switch f.Periode {
	case "aangepast":
		v.Set("van", f.Van)
		v.Set("tot", f.Tot)
	default:
		v.Set("jaar", f.Jaar)
		switch f.Periode {
		case "week":
			v.Set("week", f.Week)
		case "maand":
			v.Set("maand", f.Maand)
		case "kwartaal":
			v.Set("kwartaal", f.Kwartaal)
		}
	}
	for k, val := range map[string]string{"kanaal": f.Kanaal, "team": f.Team, "zaaktype": f.Zaaktype} {
		if val != "" && !(k == "team" && sc.OwnTeam) {
			v.Set(k, val)
		}
	}
	return v
}

// drillURL links a figure of period p to the zaken or contacten behind it.
func (sc reportScope) drillURL(list, key string, p rapportage.Period) string {
	if key == "" {
		return ""
	}
	v := url.Values{}
	v.Set("cijfer", key)
	v.Set("van", p.From.String())
	v.Set("tot", p.Last().String())
	if sc.Filter.Kanaal != "" {
		v.Set("kanaal", sc.Filter.Kanaal)
	}
	if sc.Filter.TeamID != "" && !sc.OwnTeam {
		v.Set("team", sc.Filter.TeamID)
	}
	if sc.Filter.ZaaktypeID != "" {
		v.Set("zaaktype", sc.Filter.ZaaktypeID)
	}
	return "/rapportage/" + list + "?" + v.Encode()
}

// exportTables answers ?format=csv|xlsx with one table (tabel=id) or, for
// XLSX, all of them; it reports whether it answered.
func (a *app) exportTables(w http.ResponseWriter, r *http.Request, name string, tables []export.Table) bool {
	q := r.URL.Query()
	format := q.Get("format")
	if format == "" {
		return false
	}
	if format != "csv" && format != "xlsx" {
		a.errorPage(w, r, http.StatusBadRequest, "Kies bij format csv of xlsx.")
		return true
	}
	sel := tables
	if id := q.Get("tabel"); id != "" {
		sel = nil
		for _, t := range tables {
			if t.ID == id {
				sel = []export.Table{t}
			}
		}
		if sel == nil {
			a.errorPage(w, r, http.StatusBadRequest, "De tabel '"+id+"' bestaat niet op deze pagina; kies een tabel via de links bij de tabellen.")
			return true
		}
	} else if format == "csv" && len(tables) > 1 {
		a.errorPage(w, r, http.StatusBadRequest, "Een CSV-bestand bevat één tabel: kies de tabel met de link 'CSV' bij die tabel, of download alles als Excel-bestand (xlsx).")
		return true
	}
	var buf bytes.Buffer
	var err error
	file := name
	if len(sel) == 1 {
		file = name + "-" + sel[0].ID
	}
	if format == "csv" {
		err = export.WriteCSV(&buf, sel[0])
		w.Header().Set("Content-Type", export.CSVContentType)
	} else {
		err = export.WriteXLSX(&buf, sel...)
		w.Header().Set("Content-Type", export.XLSXContentType)
	}
	if err != nil {
		a.fail(w, r, err)
		return true
	}
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s.%s"`, file, format))
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write(buf.Bytes())
	return true
}

// cell is one table cell on a page.
type cell struct {
	Text string
	Href string
	Num  bool
}

// figTable is a table of figures with the links behind its cells, and
// optionally the chart drawn from it.
type figTable struct {
	T     export.Table
	Links map[[2]int]string // (row, column) → drill-down URL
	Chart template.HTML
	// Export links (set by the page).
	CSV, XLSX string
}

func (t *figTable) link(row, col int, href string) {
	if href == "" {
		return
	}
	if t.Links == nil {
		t.Links = map[[2]int]string{}
	}
	t.Links[[2]int{row, col}] = href
}

// Rows are the cells for the template.
func (t figTable) Rows() [][]cell {
	var out [][]cell
	for i, row := range t.T.Rows {
		var cs []cell
		for j, c := range t.T.Columns {
			var v any
			if j < len(row) {
				v = row[j]
			}
			cs = append(cs, cell{Text: c.Display(v), Href: t.Links[[2]int{i, j}], Num: c.Kind != export.Text})
		}
		out = append(out, cs)
	}
	return out
}

// NumCol reports which columns hold numbers (right-aligned).
func (t figTable) NumCol(i int) bool { return t.T.Columns[i].Kind != export.Text }

func ratioAny(r rapportage.Ratio) any {
	if r.Den == 0 {
		return nil
	}
	return float64(r.Num) / float64(r.Den)
}

func goalStatus(k rapportage.KPI) string {
	switch {
	case k.Doel.Text == "" && k.Doel.Pct == 0:
		return "geen doel"
	case k.Waarde.Den == 0:
		return "geen gegevens"
	case k.Gehaald:
		return "gehaald"
	}
	return "niet gehaald"
}
