package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gemeenten/loket/internal/jobs"
)

// TakenPageSize is the number of jobs per page of /beheer/taken.
const TakenPageSize = 50

var jobStates = []struct {
	State jobs.State
	Label string
}{
	{"available", "Klaar om te starten"},
	{"scheduled", "Ingepland"},
	{"running", "Bezig"},
	{"retryable", "Mislukt, wordt opnieuw geprobeerd"},
	{"completed", "Voltooid"},
	{"discarded", "Opgegeven na te veel pogingen"},
	{"cancelled", "Geannuleerd"},
	{"pending", "Wacht"},
}

func jobStateLabel(s jobs.State) string {
	for _, js := range jobStates {
		if js.State == s {
			return js.Label
		}
	}
	return string(s)
}

type jobRow struct {
	J         jobs.JobInfo
	State     string
	Failed    bool
	LastError *jobs.JobError
}

type takenView struct {
	Available bool
	Status    string
	Soort     string
	States    []option
	Rows      []jobRow
	Older     string
	Newest    string
	Filtered  bool
}

func (a *app) takenList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	v := takenView{Available: a.Jobs != nil, Status: q.Get("status"), Soort: strings.TrimSpace(q.Get("soort"))}
	var fe []fieldError
	valid := v.Status == ""
	v.States = []option{{Value: "", Label: "Alle statussen", Selected: v.Status == ""}}
	for _, js := range jobStates {
		sel := string(js.State) == v.Status
		valid = valid || sel
		v.States = append(v.States, option{Value: string(js.State), Label: js.Label, Selected: sel})
	}
	if !valid {
		fe = append(fe, fieldError{Field: "status", Message: "Kies een status uit de lijst."})
	}
	if len(v.Soort) > 100 {
		fe = append(fe, fieldError{Field: "soort", Message: "De soort taak mag hoogstens 100 tekens lang zijn."})
	}
	var before int64
	if s := q.Get("voor"); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n < 1 {
			fe = append(fe, fieldError{Field: "status", Message: "De paginering in het adres klopt niet. Begin opnieuw bij de nieuwste taken."})
		}
		before = n
	}
	v.Filtered = v.Status != "" || v.Soort != ""
	if !v.Available || len(fe) > 0 {
		status := http.StatusOK
		if len(fe) > 0 {
			status = http.StatusBadRequest
		}
		a.render(w, r, status, "taken", "Achtergrondtaken", v, fe...)
		return
	}
	f := jobs.ListFilter{BeforeID: before, Limit: TakenPageSize}
	if v.Status != "" {
		f.States = []jobs.State{jobs.State(v.Status)}
	}
	if v.Soort != "" {
		f.Kinds = []string{v.Soort}
	}
	list, err := a.Jobs.List(r.Context(), f)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	for _, j := range list {
		row := jobRow{J: j, State: jobStateLabel(j.State)}
		if n := len(j.Errors); n > 0 {
			row.LastError = &j.Errors[n-1]
		}
		row.Failed = j.State == "retryable" || j.State == "discarded"
		v.Rows = append(v.Rows, row)
	}
	link := func(voor int64) string {
		u := url.Values{}
		if v.Status != "" {
			u.Set("status", v.Status)
		}
		if v.Soort != "" {
			u.Set("soort", v.Soort)
		}
		if voor > 0 {
			u.Set("voor", strconv.FormatInt(voor, 10))
		}
		if len(u) == 0 {
			return "/beheer/taken"
		}
		return "/beheer/taken?" + u.Encode()
	}
	if len(list) == TakenPageSize {
		v.Older = link(list[len(list)-1].ID)
	}
	if before > 0 {
		v.Newest = link(0)
	}
	a.render(w, r, http.StatusOK, "taken", "Achtergrondtaken", v)
}
