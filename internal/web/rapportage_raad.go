package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/gemeenten/loket/internal/blob"
	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/raadsrapport"
	"github.com/gemeenten/loket/internal/rapportage"
)

type raadRow struct {
	raadsrapport.Stored
	PDFSize, HTMLSize string
	Gemaakt           string
}

type raadView struct {
	Rows      []raadRow
	Soort     string
	Jaar      string
	Kwartaal  string
	Kwartalen []option
	Notice    string
}

func (a *app) raadView(r *http.Request, soort, jaar, kwartaal string) (*raadView, error) {
	list, err := a.Report.Raad.List(r.Context())
	if err != nil {
		return nil, err
	}
	last := raadsrapport.LastQuarter(a.Now())
	if soort == "" {
		soort = string(raadsrapport.Kwartaal)
	}
	if jaar == "" {
		jaar = itoa(last.From.Year)
	}
	if kwartaal == "" {
		kwartaal = itoa((int(last.From.Month)-1)/3 + 1)
	}
	v := &raadView{Soort: soort, Jaar: jaar, Kwartaal: kwartaal}
	if r.URL.Query().Get("melding") == "gemaakt" {
		v.Notice = "De rapportage is gemaakt en staat bovenaan de lijst."
	}
	for i := 1; i <= 4; i++ {
		s := itoa(i)
		v.Kwartalen = append(v.Kwartalen, option{Value: s, Label: s + "e kwartaal", Selected: s == kwartaal})
	}
	for _, st := range list {
		v.Rows = append(v.Rows, raadRow{Stored: st, PDFSize: blob.HumanSize(st.PDFSize), HTMLSize: blob.HumanSize(st.HTMLSize), Gemaakt: formatDateTime(st.CreatedAt)})
	}
	return v, nil
}

func (a *app) raadList(w http.ResponseWriter, r *http.Request) {
	v, err := a.raadView(r, "", "", "")
	if err != nil {
		a.fail(w, r, err)
		return
	}
	a.render(w, r, http.StatusOK, "rapportage_raad", "Raadsrapportages", v)
}

// raadGenerate makes a council report on demand. It takes a while (the
// figures of a quarter or a year), so the page posts and redirects.
func (a *app) raadGenerate(w http.ResponseWriter, r *http.Request) {
	soort, jaar, kwartaal := r.PostFormValue("soort"), strings.TrimSpace(r.PostFormValue("jaar")), r.PostFormValue("kwartaal")
	var fe []fieldError
	var p rapportage.Period
	y, err := strconv.Atoi(jaar)
	today := date.Today(a.Now())
	if err != nil || y < 2000 || y > today.Year {
		fe = append(fe, fieldError{"jaar", fmt.Sprintf("Vul bij jaar een jaartal in van 2000 tot en met %d.", today.Year)})
	}
	switch raadsrapport.Soort(soort) {
	case raadsrapport.Kwartaal:
		k, err := strconv.Atoi(kwartaal)
		if err != nil || k < 1 || k > 4 {
			fe = append(fe, fieldError{"kwartaal", "Kies bij kwartaal het 1e, 2e, 3e of 4e kwartaal."})
		} else if len(fe) == 0 {
			p = rapportage.Kwartaal(y, k)
		}
	case raadsrapport.Jaar:
		if len(fe) == 0 {
			p = rapportage.Jaar(y)
		}
	default:
		fe = append(fe, fieldError{"soort-kwartaal", "Kies een kwartaalrapportage of een jaarrapportage."})
	}
	if len(fe) == 0 && !p.From.Before(today.AddDays(1)) {
		fe = append(fe, fieldError{"jaar", "Deze periode is nog niet begonnen: kies een periode die al (deels) voorbij is."})
	}
	if len(fe) == 0 {
		if _, err := a.Report.Raad.Generate(r.Context(), raadsrapport.Soort(soort), p); err != nil {
			fe = fieldErrorsOf(err)
			if len(fe) == 0 {
				a.fail(w, r, err)
				return
			}
		}
	}
	if len(fe) > 0 {
		v, err := a.raadView(r, soort, jaar, kwartaal)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		a.render(w, r, http.StatusBadRequest, "rapportage_raad", "Raadsrapportages", v, fe...)
		return
	}
	http.Redirect(w, r, "/rapportage/raad?melding=gemaakt", http.StatusSeeOther)
}

// raadDownload serves a stored report: {id}.pdf or {id}.html. The HTML is
// shown in the browser under its own strict policy (its stylesheet is
// inline; it runs no script); the PDF is a download.
func (a *app) raadDownload(w http.ResponseWriter, r *http.Request) {
	file := r.PathValue("file")
	id, ext, ok := strings.Cut(file, ".")
	if !ok || (ext != "pdf" && ext != "html") {
		a.errorPage(w, r, http.StatusNotFound, "")
		return
	}
	st, body, err := a.Report.Raad.Content(r.Context(), id, raadsrapport.Format(ext))
	if err != nil {
		if errs.KindOf(err) == errs.NotFound {
			a.errorPage(w, r, http.StatusNotFound, "Deze raadsrapportage bestaat niet (meer).")
			return
		}
		a.fail(w, r, err)
		return
	}
	name := fmt.Sprintf("raadsrapportage-%s-%s", st.Soort, st.Periode.From)
	h := w.Header()
	h.Set("Cache-Control", "private, no-cache")
	if ext == "pdf" {
		h.Set("Content-Type", "application/pdf")
		h.Set("Content-Disposition", `attachment; filename="`+name+`.pdf"`)
	} else {
		h.Set("Content-Type", "text/html; charset=utf-8")
		h.Set("Content-Security-Policy", raadsrapport.HTMLContentSecurityPolicy)
		h.Set("Content-Disposition", `inline; filename="`+name+`.html"`)
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	_, _ = w.Write(body)
}
