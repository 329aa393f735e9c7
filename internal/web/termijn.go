package web

import (
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/termijn"
)

type termijnView struct {
	Fields []field
	Result *termijn.Result
	Term   string
	// Suspended is whether an opschorting was given, to open its part of the form.
	Suspended bool
}

var termRe = regexp.MustCompile(`^(\d{1,4})\s*(dag|dagen|week|weken|maand|maanden|jaar|jaren)$`)

// parseTerm reads "8 weken", "10 dagen", "3 maanden", "1 jaar" or an ISO
// 8601 duration (P8W), as `loket termijn` accepts them.
func parseTerm(s string) (termijn.Duration, bool) {
	s = strings.ToLower(strings.Join(strings.Fields(s), " "))
	if strings.HasPrefix(s, "p") {
		d, err := termijn.ParseDuration(s)
		return d, err == nil
	}
	m := termRe.FindStringSubmatch(s)
	if m == nil {
		return termijn.Duration{}, false
	}
	n, _ := strconv.Atoi(m[1])
	switch m[2] {
	case "dag", "dagen":
		return termijn.Days(n), true
	case "week", "weken":
		return termijn.Weeks(n), true
	case "maand", "maanden":
		return termijn.Months(n), true
	}
	return termijn.Years(n), true
}

func termijnFields(in map[string]string, fe []fieldError) []field {
	fs := []field{
		{ID: "ontvangst", Label: "Datum van ontvangst", Type: "date", Value: in["ontvangst"], Required: true,
			Hint: "De dag waarop de aanvraag binnenkwam, bijvoorbeeld 2026-03-20."},
		{ID: "termijn", Label: "Beslistermijn", Type: "text", Value: in["termijn"], Required: true, Autocomplete: "off",
			Hint: "Bijvoorbeeld 8 weken, 26 weken, 10 dagen, 3 maanden of P8W."},
		{ID: "opschorting-van", Label: "Opschorting: verzoek om aanvulling gedaan op (niet verplicht)", Type: "date", Value: in["opschorting-van"],
			Hint: "De termijn staat stil vanaf de dag erna."},
		{ID: "opschorting-tot", Label: "Opschorting: stukken ontvangen of hersteltermijn verstreken op", Type: "date", Value: in["opschorting-tot"],
			Hint: "Tot en met deze dag staat de termijn stil."},
		{ID: "verlenging", Label: "Verlenging (niet verplicht)", Type: "text", Value: in["verlenging"], Autocomplete: "off",
			Hint: "Alleen als de aanvrager op tijd is verteld dat de termijn wordt verlengd. Bijvoorbeeld 6 weken of P6W."},
	}
	for i := range fs {
		fs[i] = fs[i].withError(fe)
	}
	return fs
}

func (a *app) termijnForm(w http.ResponseWriter, r *http.Request) {
	in := map[string]string{"ontvangst": date.Today(a.Now()).String(), "termijn": "8 weken"}
	a.render(w, r, http.StatusOK, "termijn", "Termijn berekenen", termijnView{Fields: termijnFields(in, nil)})
}

// termijnCompute is the page version of `loket termijn`: the same
// termijn.Deadline on the legal calendar, with the same explanation lines.
// It stores nothing.
func (a *app) termijnCompute(w http.ResponseWriter, r *http.Request) {
	in := map[string]string{}
	for _, k := range []string{"ontvangst", "termijn", "opschorting-van", "opschorting-tot", "verlenging"} {
		in[k] = strings.TrimSpace(r.PostFormValue(k))
	}
	var fe []fieldError
	add := func(id, msg string) { fe = append(fe, fieldError{Field: id, Message: msg}) }
	parseDate := func(id, what string) date.Date {
		if in[id] == "" {
			return date.Date{}
		}
		d, err := date.Parse(in[id])
		if err != nil || d.Year < 1980 || d.Year > 2100 {
			add(id, "Vul bij "+what+" een bestaande datum in als JJJJ-MM-DD, bijvoorbeeld 2026-03-20.")
			return date.Date{}
		}
		return d
	}
	received := parseDate("ontvangst", "datum van ontvangst")
	if in["ontvangst"] == "" {
		add("ontvangst", "Vul de datum van ontvangst in, bijvoorbeeld 2026-03-20.")
	}
	term, ok := parseTerm(in["termijn"])
	switch {
	case in["termijn"] == "":
		add("termijn", "Vul de beslistermijn in, bijvoorbeeld 8 weken of P8W.")
	case !ok:
		add("termijn", "Vul de beslistermijn in als aantal dagen, weken, maanden of jaren (bijvoorbeeld 8 weken) of als P8W.")
	case term.IsZero():
		add("termijn", "De beslistermijn moet langer zijn dan 0 dagen.")
	}
	var opts termijn.Options
	from := parseDate("opschorting-van", "het begin van de opschorting")
	until := parseDate("opschorting-tot", "het einde van de opschorting")
	switch {
	case in["opschorting-van"] != "" && in["opschorting-tot"] == "":
		add("opschorting-tot", "Vul ook in tot wanneer de termijn stilstond, of laat beide opschortingsdatums leeg.")
	case in["opschorting-van"] == "" && in["opschorting-tot"] != "":
		add("opschorting-van", "Vul ook in wanneer om aanvulling is gevraagd, of laat beide opschortingsdatums leeg.")
	case !from.IsZero() && !until.IsZero() && until.Before(from):
		add("opschorting-tot", "Het einde van de opschorting ligt vóór het begin. Controleer de datums.")
	case !from.IsZero() && !until.IsZero():
		opts.Suspensions = []termijn.Suspension{{Requested: from, Until: until}}
	}
	if in["verlenging"] != "" {
		ext, ok := parseTerm(in["verlenging"])
		if !ok || ext.IsZero() {
			add("verlenging", "Vul de verlenging in als aantal dagen, weken of maanden (bijvoorbeeld 6 weken) of als P6W, of laat het veld leeg.")
		} else {
			opts.Extensions = []termijn.Duration{ext}
		}
	}
	v := termijnView{Suspended: in["opschorting-van"] != "" || in["opschorting-tot"] != ""}
	v.Fields = termijnFields(in, fe)
	if len(fe) > 0 {
		a.render(w, r, http.StatusBadRequest, "termijn", "Termijn berekenen", v, fe...)
		return
	}
	res := termijn.Deadline(received, term, termijn.Legal(), opts)
	v.Result, v.Term = &res, term.Dutch()
	a.render(w, r, http.StatusOK, "termijn", "Termijn berekenen", v)
}
