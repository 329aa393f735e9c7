package web

import (
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/gemeenten/loket/internal/kennis"
)

// Knowledge search inside the workbench: the answer comes from the
// published article, the same text the website and the PIP show.

type kccKennisView struct {
	Q         string
	Result    *kennis.Result
	Klant     string // partij id of the klantbeeld the agent came from
	KlantNaam string
	Kanaal    string
	Kanalen   []option
	Back      string
	Corrected []string
}

// kccContextQuery carries the customer and channel along.
func kccContextQuery(klantID, kanaal string) string {
	q := url.Values{"kanaal": {kanaal}}
	if klantID != "" {
		q.Set("klant", klantID)
	}
	return q.Encode()
}

func (a *app) kccBackPath(klantID, kanaal string) string {
	if klantID != "" && validID(klantID) {
		return "/kcc/klant/" + klantID + "?kanaal=" + kanaal
	}
	return "/kcc/anoniem?kanaal=" + kanaal
}

func (a *app) kccKennisSearch(w http.ResponseWriter, r *http.Request) {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	kan := kanaalOf(r)
	v := kccKennisView{Q: q, Klant: r.URL.Query().Get("klant"), Kanaal: kan, Kanalen: kanaalOptions(kan)}
	if v.Klant != "" && !validID(v.Klant) {
		v.Klant = ""
	}
	v.Back = a.kccBackPath(v.Klant, kan)
	var fe []fieldError
	status := http.StatusOK
	switch {
	case q == "":
	case utf8.RuneCountInString(q) > 200:
		fe = append(fe, fieldError{Field: "kennis-q", Message: "Zoek met hoogstens 200 tekens."})
		status = http.StatusBadRequest
	default:
		res, err := a.KCC.Kennis.Search(r.Context(), q, 20)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		v.Result = res
		for w, st := range res.Corrected {
			v.Corrected = append(v.Corrected, w+" → "+st)
		}
	}
	a.render(w, r, status, "kcc_kennis", "Kennisbank zoeken", v, fe...)
}

type kccArtikelView struct {
	A       *kennis.Artikel
	Body    articleView
	Klant   string
	Kanaal  string
	Back    string
	Use     string // where "use this answer" leads
	Context string
}

func (a *app) kccKennisArtikel(w http.ResponseWriter, r *http.Request) {
	art, err := a.KCC.Kennis.GetBySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if art.Gepubliceerd == nil {
		a.errorPage(w, r, http.StatusNotFound, "")
		return
	}
	names, _, err := a.teamNames(r)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	kan := kanaalOf(r)
	klantID := r.URL.Query().Get("klant")
	if klantID != "" && !validID(klantID) {
		klantID = ""
	}
	back := a.kccBackPath(klantID, kan)
	v := kccArtikelView{A: art, Body: articleBody(art.Gepubliceerd, art.Termijnen, names[art.Gepubliceerd.TeamID]),
		Klant: klantID, Kanaal: kan, Back: back, Use: back + "&artikel=" + url.QueryEscape(art.Slug) + "#contact",
		Context: kccContextQuery(klantID, kan)}
	a.render(w, r, http.StatusOK, "kcc_artikel", art.Gepubliceerd.Titel, v)
}
