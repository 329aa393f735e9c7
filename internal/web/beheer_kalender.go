package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/kalender"
	"github.com/gemeenten/loket/internal/termijn"
)

type holidayRow struct {
	H       termijn.Holiday
	Weekday string
	Weekend bool
}

type kalenderDayRow struct {
	D       kalender.Day
	Weekday string
	Label   string
}

type kalenderView struct {
	Year, Prev, Next int
	YearValue        string
	Legal            []holidayRow
	Own              []kalenderDayRow
	WorkdaysLegal    int
	WorkdaysOwn      int
	Fields           []field
	Soort            string
	SoortError       string
	Notice           string
}

var kalenderFieldIDs = map[string]string{"datum": "datum", "soort": "soort-gesloten", "omschrijving": "omschrijving"}

var weekdagen = [...]string{"zondag", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag"}

func (a *app) kalenderPage(w http.ResponseWriter, r *http.Request) {
	year := date.Today(a.Now()).Year
	raw := strings.TrimSpace(r.URL.Query().Get("jaar"))
	if raw != "" {
		y, err := strconv.Atoi(raw)
		if err != nil || y < kalender.MinYear || y > kalender.MaxYear {
			fe := []fieldError{{Field: "jaar", Message: "Vul een jaartal in van " + strconv.Itoa(kalender.MinYear) +
				" tot en met " + strconv.Itoa(kalender.MaxYear) + "."}}
			a.kalenderRender(w, r, http.StatusBadRequest, year, raw, kalender.Input{}, fe)
			return
		}
		year = y
	}
	a.kalenderRender(w, r, http.StatusOK, year, strconv.Itoa(year), kalender.Input{}, nil)
}

func (a *app) kalenderRender(w http.ResponseWriter, r *http.Request, status, year int, yearValue string, in kalender.Input, fe []fieldError) {
	ctx := r.Context()
	own, err := kalender.List(ctx, a.DB.R, year)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	op, err := termijn.LoadOperational(ctx, a.DB.R)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	v := kalenderView{Year: year, YearValue: yearValue, Prev: year - 1, Next: year + 1, Soort: in.Soort}
	if len(fe) == 0 {
		v.Notice = notice(r)
	}
	if v.Prev < kalender.MinYear {
		v.Prev = 0
	}
	if v.Next > kalender.MaxYear {
		v.Next = 0
	}
	for _, h := range termijn.Legal().Holidays(year) {
		wd := h.Date.Weekday()
		v.Legal = append(v.Legal, holidayRow{H: h, Weekday: weekdagen[wd], Weekend: wd == 0 || wd == 6})
	}
	for _, d := range own {
		row := kalenderDayRow{D: d, Weekday: weekdagen[d.Datum.Weekday()], Label: "Gesloten"}
		if d.Soort == kalender.Open {
			row.Label = "Open"
		}
		v.Own = append(v.Own, row)
	}
	end := date.New(year, 12, 31)
	start := date.New(year-1, 12, 31)
	v.WorkdaysLegal = termijn.Legal().CountWorkdays(start, end)
	v.WorkdaysOwn = op.CountWorkdays(start, end)
	v.Fields = []field{
		{ID: "datum", Label: "Datum", Type: "date", Value: in.Datum, Required: true, Hint: "Bijvoorbeeld 2026-12-24."},
		{ID: "omschrijving", Label: "Omschrijving (niet verplicht)", Type: "text", Value: in.Omschrijving, Autocomplete: "off", Wide: true,
			Hint: "Bijvoorbeeld: Kerstavond, gemeentehuis gesloten."},
	}
	for i := range v.Fields {
		v.Fields[i] = v.Fields[i].withError(fe)
	}
	for _, e := range fe {
		if e.Field == kalenderFieldIDs["soort"] {
			v.SoortError = e.Message
		}
	}
	a.render(w, r, status, "kalender", "Kalender "+strconv.Itoa(year), v, fe...)
}

// calendarChanged lets the zaak service (and anything else that caches the
// operational calendar) see the change at once.
func (a *app) calendarChanged() {
	if a.OnCalendarChange != nil {
		a.OnCalendarChange()
	}
}

func (a *app) kalenderAdd(w http.ResponseWriter, r *http.Request) {
	in := kalender.Input{Datum: r.PostFormValue("datum"), Soort: r.PostFormValue("soort"), Omschrijving: r.PostFormValue("omschrijving")}
	year := date.Today(a.Now()).Year
	if y, err := strconv.Atoi(r.PostFormValue("jaar")); err == nil && y >= kalender.MinYear && y <= kalender.MaxYear {
		year = y
	}
	day, err := kalender.Add(r.Context(), a.DB, in)
	if err != nil {
		fe, status, ok := formErrors(err, kalenderFieldIDs, "datum")
		if !ok {
			a.fail(w, r, err)
			return
		}
		a.kalenderRender(w, r, status, year, strconv.Itoa(year), in, fe)
		return
	}
	a.calendarChanged()
	redirectNotice(w, r, "/beheer/kalender", "dag-toegevoegd", url.Values{"jaar": {strconv.Itoa(day.Datum.Year)}})
}

func (a *app) kalenderRemove(w http.ResponseWriter, r *http.Request) {
	d, err := date.Parse(strings.TrimSpace(r.PostFormValue("datum")))
	if err != nil {
		a.errorPage(w, r, http.StatusBadRequest, "")
		return
	}
	if err := kalender.Remove(r.Context(), a.DB, d); err != nil {
		a.fail(w, r, err)
		return
	}
	a.calendarChanged()
	redirectNotice(w, r, "/beheer/kalender", "dag-verwijderd", url.Values{"jaar": {strconv.Itoa(d.Year)}})
}
