package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gemeenten/loket/internal/audit"
	"github.com/gemeenten/loket/internal/auth"
	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/export"
	"github.com/gemeenten/loket/internal/klant"
	"github.com/gemeenten/loket/internal/rapportage"
)

func itoa(i int) string { return strconv.Itoa(i) }

func monthName(m int) string { return date.Maanden[m-1] }

func midnightOf(d date.Date) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, date.Amsterdam)
}

// drillLabels name the drill-down keys for the page heading.
var drillLabels = map[string]string{
	"gestart": "Gestarte zaken", "digitaal": "Digitaal gestarte zaken", "afgehandeld": "Afgehandelde zaken",
	"buiten_termijn": "Zaken afgehandeld na de wettelijke termijn", "open": "Open zaken", "risico": "Open zaken met risico op overschrijding",
	"te_laat": "Open zaken over de wettelijke termijn", "norm_met": "Gehaalde servicenormen", "norm_breached": "Niet gehaalde servicenormen",
	"contacten": "Klantcontacten", "klant_belt_terug": "Telefoontjes waarbij de klant zelf terugbelt", "herhaalcontact": "Herhaalcontacten",
}

func drillLabel(key string) string {
	if l, ok := drillLabels[key]; ok {
		return l
	}
	k, v, _ := strings.Cut(key, ":")
	switch k {
	case "norm_met":
		return "Gehaalde servicenorm " + v
	case "norm_breached":
		return "Niet gehaalde servicenorm " + v
	case "uitkomst":
		return "Klantcontacten met uitkomst '" + strings.ReplaceAll(v, "_", " ") + "'"
	case "kanaal":
		if l, ok := klant.KanaalLabel[v]; ok {
			return "Klantcontacten via " + strings.ToLower(l)
		}
	}
	return key
}

// maxExportPages bounds a drill-down download (the whole list, not the
// page on screen) to 10.000 rows: enough to check a figure, not a way to
// copy the register.
const maxExportPages = 200

type drillView struct {
	Kind        string // "zaken" or "contacten"
	Heading     string
	Periode     string
	Scope       reportScope
	Table       figTable
	Totaal      int64
	Pagina      int
	Pages       int
	Prev, Next  string
	Back        string
	CanOpenZaak bool
}

// drillScope reads a drill-down request: the figure, the period as two
// dates, the filters (limited as on the dashboard) and the page.
func (a *app) drillScope(w http.ResponseWriter, r *http.Request) (sc reportScope, key string, page int, ok bool) {
	_, teams, err := a.teamNames(r)
	if err != nil {
		a.fail(w, r, err)
		return sc, "", 0, false
	}
	q := r.URL.Query()
	if q.Get("periode") == "" {
		q.Set("periode", "aangepast")
		r.URL.RawQuery = q.Encode()
	}
	sc, fe, err := a.reportScope(r, teams)
	if err != nil {
		a.fail(w, r, err)
		return sc, "", 0, false
	}
	key = q.Get("cijfer")
	if key == "" {
		fe = append(fe, fieldError{"cijfer", "Kies een cijfer op het dashboard; de lijst erachter opent dan hier."})
	}
	page = 1
	if p := q.Get("pagina"); p != "" {
		if page, err = strconv.Atoi(p); err != nil || page < 1 {
			fe = append(fe, fieldError{"pagina", "Het paginanummer is een getal van 1 of hoger."})
		}
	}
	if len(fe) > 0 {
		msgs := make([]string, len(fe))
		for i, f := range fe {
			msgs[i] = f.Message
		}
		a.errorPage(w, r, http.StatusBadRequest, strings.Join(msgs, " "))
		return sc, "", 0, false
	}
	return sc, key, page, true
}

// logDrill records that a staff member opened the list behind a figure: the
// rows are zaken and contacts of residents (numbers, subjects, dates), so
// the read is logged like any other look at their data, with the figure
// and period as the reason.
func (a *app) logDrill(r *http.Request, kind, key string, sc reportScope) error {
	f := sc.Filter
	rid := fmt.Sprintf("%s %s..%s kanaal=%s team=%s zaaktype=%s", key, sc.Period.From, sc.Period.Last(), f.Kanaal, f.TeamID, f.ZaaktypeID)
	return audit.LogAccess(r.Context(), a.DB, audit.Access{SubjectType: "rapportage", SubjectID: key, Resource: kind, ResourceID: rid,
		Reden: "Controle van het rapportagecijfer '" + drillLabel(key) + "' over " + sc.Period.Label()})
}

func (a *app) rapportageZaken(w http.ResponseWriter, r *http.Request) {
	sc, key, page, ok := a.drillScope(w, r)
	if !ok {
		return
	}
	exporting := r.URL.Query().Get("format") != ""
	if exporting {
		page = 1
	}
	lst, err := a.Report.Rapportage.Zaken(r.Context(), key, sc.Period, sc.Filter, page)
	for p := 2; err == nil && exporting && p <= maxExportPages && int64(p-1)*rapportage.PageSize < lst.Totaal; p++ {
		var more rapportage.ZaakLijst
		if more, err = a.Report.Rapportage.Zaken(r.Context(), key, sc.Period, sc.Filter, p); err == nil {
			lst.Regels = append(lst.Regels, more.Regels...)
		}
	}
	if err != nil {
		a.drillFail(w, r, err)
		return
	}
	if err := a.logDrill(r, "zaken", key, sc); err != nil {
		a.fail(w, r, err)
		return
	}
	u, _ := auth.CurrentUser(r)
	names, _, err := a.teamNames(r)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	v := &drillView{Kind: "zaken", Heading: drillLabel(key), Periode: sc.Period.Label(), Scope: sc, Totaal: lst.Totaal, Pagina: page,
		CanOpenZaak: u.HasRole(auth.CaseRoles...)}
	t := figTable{T: export.Table{ID: "zaken", Title: v.Heading + ", " + v.Periode, Columns: []export.Column{
		{Header: "Zaak", Kind: export.Text}, {Header: "Zaaktype", Kind: export.Text}, {Header: "Kanaal", Kind: export.Text}, {Header: "Team", Kind: export.Text},
		{Header: "Registratiedatum", Kind: export.Text}, {Header: "Uiterste afdoening", Kind: export.Text}, {Header: "Einddatum", Kind: export.Text}}}}
	if strings.HasPrefix(key, "norm_") {
		t.T.Columns = append(t.T.Columns, export.Column{Header: "Norm", Kind: export.Text}, export.Column{Header: "Stand", Kind: export.Text})
	}
	for i, z := range lst.Regels {
		eind := "—"
		if z.Einddatum != nil {
			eind = z.Einddatum.Dutch()
		}
		row := []any{z.Identificatie, z.Zaaktype, kanaalLabel(z.Kanaal), names[z.TeamID], z.Registratiedatum.Dutch(), z.UiterlijkeEinddatum.Dutch(), eind}
		if strings.HasPrefix(key, "norm_") {
			row = append(row, z.Norm, normState(z.NormState))
		}
		t.T.Rows = append(t.T.Rows, row)
		if v.CanOpenZaak {
			t.link(i, 0, "/zaken/"+url.PathEscape(z.ID))
		}
	}
	v.Table = t
	a.drillPaging(r, v, lst.Totaal, page)
	if a.exportTables(w, r, "rapportage-zaken", []export.Table{t.T}) {
		return
	}
	a.render(w, r, http.StatusOK, "rapportage_lijst", v.Heading, v)
}

func (a *app) rapportageContacten(w http.ResponseWriter, r *http.Request) {
	sc, key, page, ok := a.drillScope(w, r)
	if !ok {
		return
	}
	exporting := r.URL.Query().Get("format") != ""
	if exporting {
		page = 1
	}
	lst, err := a.Report.Rapportage.Contacten(r.Context(), key, sc.Period, sc.Filter, page)
	for p := 2; err == nil && exporting && p <= maxExportPages && int64(p-1)*rapportage.PageSize < lst.Totaal; p++ {
		var more rapportage.ContactLijst
		if more, err = a.Report.Rapportage.Contacten(r.Context(), key, sc.Period, sc.Filter, p); err == nil {
			lst.Regels = append(lst.Regels, more.Regels...)
		}
	}
	if err != nil {
		a.drillFail(w, r, err)
		return
	}
	if err := a.logDrill(r, "klantcontacten", key, sc); err != nil {
		a.fail(w, r, err)
		return
	}
	names, _, err := a.teamNames(r)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	v := &drillView{Kind: "contacten", Heading: drillLabel(key), Periode: sc.Period.Label(), Scope: sc, Totaal: lst.Totaal, Pagina: page}
	t := figTable{T: export.Table{ID: "contacten", Title: v.Heading + ", " + v.Periode, Columns: []export.Column{
		{Header: "Contact", Kind: export.Text}, {Header: "Moment", Kind: export.Text}, {Header: "Kanaal", Kind: export.Text},
		{Header: "Uitkomst", Kind: export.Text}, {Header: "Onderwerp", Kind: export.Text}, {Header: "Team", Kind: export.Text}, {Header: "Klant", Kind: export.Text}}}}
	for _, c := range lst.Regels {
		klantSoort := "anoniem"
		switch c.PartijType {
		case "", klant.PartijAnoniem:
		case klant.PartijNatuurlijkPersoon:
			klantSoort = "inwoner"
		default:
			klantSoort = "organisatie"
		}
		t.T.Rows = append(t.T.Rows, []any{c.Nummer, formatDateTime(c.PlaatsgevondenOp), kanaalLabel(c.Kanaal), strings.ReplaceAll(c.Uitkomst, "_", " "),
			c.Onderwerp, names[c.TeamID], klantSoort})
	}
	v.Table = t
	a.drillPaging(r, v, lst.Totaal, page)
	if a.exportTables(w, r, "rapportage-contacten", []export.Table{t.T}) {
		return
	}
	a.render(w, r, http.StatusOK, "rapportage_lijst", v.Heading, v)
}

// drillFail shows a bad figure or page as a Dutch 400 that names the field.
func (a *app) drillFail(w http.ResponseWriter, r *http.Request, err error) {
	if fe := fieldErrorsOf(err); len(fe) > 0 {
		msgs := make([]string, len(fe))
		for i, f := range fe {
			msgs[i] = f.Message
		}
		a.errorPage(w, r, http.StatusBadRequest, strings.Join(msgs, " "))
		return
	}
	a.fail(w, r, err)
}

func (a *app) drillPaging(r *http.Request, v *drillView, total int64, page int) {
	v.Pages = max(1, int((total+rapportage.PageSize-1)/rapportage.PageSize))
	link := func(n int) string {
		q := r.URL.Query()
		q.Set("pagina", itoa(n))
		q.Del("format")
		q.Del("tabel")
		return r.URL.Path + "?" + q.Encode()
	}
	if page > 1 {
		v.Prev = link(page - 1)
	}
	if page < v.Pages {
		v.Next = link(page + 1)
	}
	q := r.URL.Query()
	q.Del("pagina")
	q.Set("format", "csv")
	v.Table.CSV = r.URL.Path + "?" + q.Encode()
	q.Set("format", "xlsx")
	v.Table.XLSX = r.URL.Path + "?" + q.Encode()
	back := v.Scope.query()
	back.Set("periode", "aangepast")
	back.Set("van", v.Scope.Period.From.String())
	back.Set("tot", v.Scope.Period.Last().String())
	v.Back = "/rapportage?" + back.Encode()
}

func kanaalLabel(k string) string {
	if l, ok := klant.KanaalLabel[k]; ok {
		return l
	}
	return k
}

func normState(s string) string {
	switch s {
	case "met":
		return "gehaald"
	case "breached":
		return "niet gehaald"
	case "open":
		return "open"
	case "not_applicable", "na":
		return "niet van toepassing"
	}
	return s
}
