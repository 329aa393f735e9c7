package web

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gemeenten/loket/internal/auth"
	"github.com/gemeenten/loket/internal/catalogus"
	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/kennis"
)

// The knowledge base maintenance at /beheer/kennis (role beheerder): the
// articles of the product catalogue, their versions, publishing, the review
// date and the search synonyms. The rules live in package kennis.

func (a *app) beheerKennisRoutes(mux *http.ServeMux) {
	beheer := auth.RequireStaff(auth.RoleBeheerder)
	h := func(pattern string, fn http.HandlerFunc) { mux.Handle(pattern, beheer(fn)) }
	h("GET /beheer/kennis", a.kennisList)
	h("GET /beheer/kennis/nieuw", a.kennisNewForm)
	h("POST /beheer/kennis/nieuw", a.kennisCreate)
	h("GET /beheer/kennis/synoniemen", a.kennisSynonyms)
	h("POST /beheer/kennis/synoniemen", a.kennisSynonymSave)
	h("POST /beheer/kennis/synoniemen/verwijderen", a.kennisSynonymDelete)
	h("GET /beheer/kennis/{id}/versies/{versie}", a.kennisVersion)
	h("GET /beheer/kennis/{id}", a.kennisDetail)
	h("GET /beheer/kennis/{id}/bewerken", a.kennisEditForm)
	h("POST /beheer/kennis/{id}/bewerken", a.kennisSave)
	h("POST /beheer/kennis/{id}/publiceren", a.kennisPublish)
	h("POST /beheer/kennis/{id}/intrekken", a.kennisWithdraw)
	h("POST /beheer/kennis/{id}/review", a.kennisReview)
}

// kccNotices are the confirmations of the KCC and knowledge base pages.
var kccNotices = map[string]string{
	"kennis-aangemaakt":           "Het artikel is opgeslagen als concept. Publiceer het om het zichtbaar te maken.",
	"kennis-versie":               "De nieuwe versie is opgeslagen als concept. De gepubliceerde tekst blijft zichtbaar tot u deze versie publiceert.",
	"kennis-gepubliceerd":         "De versie is gepubliceerd. Het KCC, de website en de PIP tonen nu deze tekst.",
	"kennis-ingetrokken":          "Het artikel is niet meer gepubliceerd.",
	"kennis-review":               "De reviewdatum is opgeslagen.",
	"synoniem-opgeslagen":         "Het synoniem is opgeslagen. Zoeken gebruikt het direct.",
	"synoniem-verwijderd":         "Het synoniem is verwijderd.",
	"contact-geregistreerd":       "Het contact is geregistreerd.",
	"statusvraag":                 "De statusvraag is beantwoord en geregistreerd.",
	"contactverzoek":              "Het contactverzoek is aangemaakt. Het team ziet het in de wachtrij.",
	"contactverzoek-klaar":        "Het contactverzoek is afgehandeld.",
	"contactverzoek-poging":       "De poging is vastgelegd. Het contactverzoek blijft open.",
	"zaak-gestart":                "De zaak is gestart.",
	"zaken-gestart":               "De hoofdzaak en de deelzaken zijn gestart.",
	"doorverwezen":                "De doorverwijzing is vastgelegd.",
	"contactverzoek-doorgestuurd": "Het contactverzoek is doorgestuurd, met de vraag en het gesprek erbij.",
	"partner-opgeslagen":          "De partnerorganisatie is opgeslagen.",
}

func kccNotice(r *http.Request) string { return kccNotices[r.URL.Query().Get("melding")] }

var kennisFieldIDs = map[string]string{"titel": "titel", "slug": "slug", "samenvatting": "samenvatting",
	"wat_is_het": "wat_is_het", "wie": "wie", "kosten": "kosten", "meenemen": "meenemen", "aanvragen": "aanvragen",
	"duur": "duur", "bezwaar": "bezwaar", "kanalen": "kanaal-balie", "eformulier_url": "eformulier_url",
	"zaaktypen": "zaaktypen", "team": "team", "upn_label": "upn_label", "upn_uri": "upn_uri", "trefwoorden": "trefwoorden",
	"toelichting": "toelichting", "review_datum": "review_datum", "term": "term", "betekenis": "betekenis"}

func init() {
	for i := 1; i <= maxFAQ; i++ {
		for _, p := range []string{"vraag", "antwoord"} {
			k := fmt.Sprintf("faq_%d_%s", i, p)
			kennisFieldIDs[k] = k
		}
	}
}

const maxFAQ = 8

// ---- list ----

type kennisListView struct {
	Rows      []kennis.Summary
	Q         string
	ReviewDue bool
	Today     date.Date
	Notice    string
}

func (a *app) kennisList(w http.ResponseWriter, r *http.Request) {
	f := kennis.ListFilter{Q: r.URL.Query().Get("q"), ReviewDue: r.URL.Query().Get("review") == "1"}
	rows, err := a.KCC.Kennis.List(r.Context(), f)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	a.render(w, r, http.StatusOK, "beheer_kennis_lijst", "Kennisbank", kennisListView{Rows: rows, Q: f.Q, ReviewDue: f.ReviewDue,
		Today: date.Today(a.Now()), Notice: kccNotice(r)})
}

// ---- the article form ----

type textArea struct {
	ID, Label, Hint, Value, Error string
	Rows                          int
	Required                      bool
}

type checkOption struct {
	Value, Label string
	Checked      bool
}

type faqRow struct {
	N                 int
	Vraag, Antwoord   string
	VraagErr, AntwErr string
}

type kennisFormView struct {
	New         bool
	ArtikelID   string
	Titel       string
	Fields      []field // titel (and slug)
	Areas       []textArea
	Kanalen     []checkOption
	KanalenErr  string
	Extra       []field // e-form, UPN, trefwoorden
	ZaakTypen   []checkOption
	ZaakTypeErr string
	Teams       []option
	TeamError   string
	FAQ         []faqRow
	Toelichting textArea
}

func (a *app) kennisFormView(r *http.Request, isNew bool, id string, in kennis.Input, fe []fieldError) (kennisFormView, error) {
	v := kennisFormView{New: isNew, ArtikelID: id, Titel: in.Titel}
	v.Fields = []field{{ID: "titel", Label: "Titel", Type: "text", Value: in.Titel, Required: true, Wide: true,
		Hint: "De naam van het product zoals een inwoner het zegt, bijvoorbeeld 'Paspoort aanvragen'."}}
	if isNew {
		v.Fields = append(v.Fields, field{ID: "slug", Label: "Webadres (niet verplicht)", Type: "text", Value: in.Slug,
			Hint: "Kleine letters, cijfers en streepjes. Leeg laten: we maken het van de titel."})
	}
	v.Areas = []textArea{
		{ID: "samenvatting", Label: "Kort antwoord", Value: in.Samenvatting, Rows: 3, Required: true,
			Hint: "Twee of drie zinnen in eenvoudige taal (B1). Dit leest de KCC-medewerker als eerste voor."},
		{ID: "wat_is_het", Label: "Wat is het?", Value: in.WatIsHet, Rows: 4},
		{ID: "wie", Label: "Wie kan het aanvragen?", Value: in.Wie, Rows: 3},
		{ID: "kosten", Label: "Wat kost het?", Value: in.Kosten, Rows: 3},
		{ID: "meenemen", Label: "Wat moet u meenemen of meesturen?", Value: in.Meenemen, Rows: 3},
		{ID: "aanvragen", Label: "Hoe vraagt u het aan?", Value: in.Aanvragen, Rows: 4},
		{ID: "duur", Label: "Hoe lang duurt het?", Value: in.Duur, Rows: 2,
			Hint: "De wettelijke termijn van de gekoppelde zaaktypen tonen we automatisch. Schrijf hier wat de inwoner verder moet weten."},
		{ID: "bezwaar", Label: "Bent u het niet eens met het besluit?", Value: in.Bezwaar, Rows: 3},
	}
	for _, k := range kennis.Kanalen {
		v.Kanalen = append(v.Kanalen, checkOption{Value: k, Label: kennis.KanaalLabel(k), Checked: slices.Contains(in.Kanalen, k)})
	}
	v.Extra = []field{
		{ID: "eformulier_url", Label: "Link naar het e-formulier (niet verplicht)", Type: "url", Value: in.EFormulierURL, Wide: true,
			Hint: "Begint met https:// of met / voor een pagina van de gemeente."},
		{ID: "upn_label", Label: "Landelijke productnaam (UPN, niet verplicht)", Type: "text", Value: in.UPNLabel, Wide: true},
		{ID: "upn_uri", Label: "UPN-adres (niet verplicht)", Type: "url", Value: in.UPNURI, Wide: true},
		{ID: "trefwoorden", Label: "Trefwoorden (niet verplicht)", Type: "text", Value: strings.Join(in.Trefwoorden, ", "), Wide: true,
			Hint: "Woorden waarop inwoners zoeken, gescheiden door komma's."},
	}
	zts, err := catalogus.ListZaakTypen(r.Context(), a.DB.R, catalogus.ZaakTypeFilter{Status: catalogus.StatusDefinitief},
		catalogus.Page{PageSize: 1000})
	if err != nil {
		return v, err
	}
	seen := map[string]bool{}
	for _, z := range zts.Items {
		if seen[z.Identificatie] {
			continue
		}
		seen[z.Identificatie] = true
		v.ZaakTypen = append(v.ZaakTypen, checkOption{Value: z.Identificatie, Label: z.Omschrijving + " (" + z.Identificatie + ")",
			Checked: slices.Contains(in.ZaakTypen, z.Identificatie)})
	}
	_, teams, err := a.teamNames(r)
	if err != nil {
		return v, err
	}
	v.Teams = teamOptions(teams, in.TeamID)
	v.Teams[0].Label = "Geen team"
	n := max(len(in.FAQ)+2, 3)
	n = min(n, maxFAQ)
	for i := range n {
		row := faqRow{N: i + 1}
		if i < len(in.FAQ) {
			row.Vraag, row.Antwoord = in.FAQ[i].Vraag, in.FAQ[i].Antwoord
		}
		v.FAQ = append(v.FAQ, row)
	}
	v.Toelichting = textArea{ID: "toelichting", Label: "Wat is er veranderd? (niet verplicht)", Value: in.Toelichting, Rows: 2}
	for i := range v.Fields {
		v.Fields[i] = v.Fields[i].withError(fe)
	}
	for i := range v.Extra {
		v.Extra[i] = v.Extra[i].withError(fe)
	}
	for _, e := range fe {
		for i := range v.Areas {
			if v.Areas[i].ID == e.Field {
				v.Areas[i].Error = e.Message
			}
		}
		for i := range v.FAQ {
			if e.Field == fmt.Sprintf("faq_%d_vraag", v.FAQ[i].N) {
				v.FAQ[i].VraagErr = e.Message
			}
			if e.Field == fmt.Sprintf("faq_%d_antwoord", v.FAQ[i].N) {
				v.FAQ[i].AntwErr = e.Message
			}
		}
		switch e.Field {
		case "kanaal-balie":
			v.KanalenErr = e.Message
		case "zaaktypen":
			v.ZaakTypeErr = e.Message
		case "team":
			v.TeamError = e.Message
		case "toelichting":
			v.Toelichting.Error = e.Message
		}
	}
	return v, nil
}

func kennisInputFrom(r *http.Request) kennis.Input {
	_ = r.ParseForm()
	in := kennis.Input{
		Slug: r.PostFormValue("slug"), Titel: r.PostFormValue("titel"), Samenvatting: r.PostFormValue("samenvatting"),
		WatIsHet: r.PostFormValue("wat_is_het"), Wie: r.PostFormValue("wie"), Kosten: r.PostFormValue("kosten"),
		Meenemen: r.PostFormValue("meenemen"), Aanvragen: r.PostFormValue("aanvragen"), Duur: r.PostFormValue("duur"),
		Bezwaar: r.PostFormValue("bezwaar"), Kanalen: r.PostForm["kanalen"], EFormulierURL: r.PostFormValue("eformulier_url"),
		ZaakTypen: r.PostForm["zaaktypen"], TeamID: r.PostFormValue("team"), UPNLabel: r.PostFormValue("upn_label"),
		UPNURI: r.PostFormValue("upn_uri"), Toelichting: r.PostFormValue("toelichting"),
	}
	for _, t := range strings.Split(r.PostFormValue("trefwoorden"), ",") {
		if t = strings.TrimSpace(t); t != "" {
			in.Trefwoorden = append(in.Trefwoorden, t)
		}
	}
	for i := 1; i <= maxFAQ; i++ {
		q, ans := r.PostFormValue(fmt.Sprintf("faq_%d_vraag", i)), r.PostFormValue(fmt.Sprintf("faq_%d_antwoord", i))
		in.FAQ = append(in.FAQ, kennis.FAQ{Vraag: q, Antwoord: ans})
	}
	return in
}

func (a *app) renderKennisForm(w http.ResponseWriter, r *http.Request, status int, isNew bool, id string, in kennis.Input, fe []fieldError) {
	v, err := a.kennisFormView(r, isNew, id, in, fe)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	title := "Nieuw kennisartikel"
	if !isNew {
		title = "Artikel bewerken"
	}
	a.render(w, r, status, "beheer_kennis_form", title, v, fe...)
}

func (a *app) kennisNewForm(w http.ResponseWriter, r *http.Request) {
	a.renderKennisForm(w, r, http.StatusOK, true, "", kennis.Input{Kanalen: []string{"balie", "telefoon"}}, nil)
}

// compactFAQ drops the empty rows of the form but keeps the numbering of
// the rows the beheerder filled in, so errors link to the right inputs.
func compactFAQ(in kennis.Input) kennis.Input {
	var out []kennis.FAQ
	for _, f := range in.FAQ {
		if strings.TrimSpace(f.Vraag) != "" || strings.TrimSpace(f.Antwoord) != "" {
			out = append(out, f)
		}
	}
	in.FAQ = out
	return in
}

func (a *app) kennisCreate(w http.ResponseWriter, r *http.Request) {
	in := compactFAQ(kennisInputFrom(r))
	art, err := a.KCC.Kennis.Create(r.Context(), in)
	if err != nil {
		fe, status, ok := formErrors(err, kennisFieldIDs, "titel")
		if !ok {
			a.fail(w, r, err)
			return
		}
		a.renderKennisForm(w, r, status, true, "", in, fe)
		return
	}
	redirectNotice(w, r, "/beheer/kennis/"+art.ID, "kennis-aangemaakt", nil)
}

func (a *app) kennisEditForm(w http.ResponseWriter, r *http.Request) {
	art, err := a.KCC.Kennis.Get(r.Context(), r.PathValue("id"))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	in := art.Laatste.Input
	in.Toelichting = ""
	a.renderKennisForm(w, r, http.StatusOK, false, art.ID, in, nil)
}

func (a *app) kennisSave(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	in := compactFAQ(kennisInputFrom(r))
	if _, err := a.KCC.Kennis.SaveVersion(r.Context(), id, in); err != nil {
		fe, status, ok := formErrors(err, kennisFieldIDs, "titel")
		if !ok {
			a.fail(w, r, err)
			return
		}
		a.renderKennisForm(w, r, status, false, id, in, fe)
		return
	}
	redirectNotice(w, r, "/beheer/kennis/"+id, "kennis-versie", nil)
}

// ---- one article ----

type kennisDetailView struct {
	A        *kennis.Artikel
	Versions []kennis.Version
	Review   field
	Today    date.Date
	Notice   string
	Error    string // of the publish or withdraw buttons
	Teams    map[string]string
}

func (a *app) kennisDetailPage(w http.ResponseWriter, r *http.Request, status int, reviewValue string, fe []fieldError) {
	art, err := a.KCC.Kennis.Get(r.Context(), r.PathValue("id"))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	vs, err := a.KCC.Kennis.Versions(r.Context(), art.ID)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	names, _, err := a.teamNames(r)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if reviewValue == "" && !art.ReviewDatum.IsZero() {
		reviewValue = art.ReviewDatum.String()
	}
	v := kennisDetailView{A: art, Versions: vs, Today: date.Today(a.Now()), Teams: names,
		Review: field{ID: "review_datum", Label: "Reviewdatum", Type: "date", Value: reviewValue,
			Hint: "Op deze dag komt het artikel in de lijst 'Review nodig'. Leeg laten: geen reviewdatum."}.withError(fe)}
	if len(fe) == 0 {
		v.Notice = kccNotice(r)
	}
	for _, e := range fe {
		if e.Field == "publiceren" {
			v.Error = e.Message
		}
	}
	a.render(w, r, status, "beheer_kennis_artikel", art.Titel(), v, fe...)
}

func (a *app) kennisDetail(w http.ResponseWriter, r *http.Request) {
	a.kennisDetailPage(w, r, http.StatusOK, "", nil)
}

func (a *app) kennisAction(w http.ResponseWriter, r *http.Request, melding string, fn func() error) {
	if err := fn(); err != nil {
		fe, status, ok := formErrors(err, kennisFieldIDs, "publiceren")
		if !ok {
			a.fail(w, r, err)
			return
		}
		a.kennisDetailPage(w, r, status, r.PostFormValue("review_datum"), fe)
		return
	}
	redirectNotice(w, r, "/beheer/kennis/"+r.PathValue("id"), melding, nil)
}

func (a *app) kennisPublish(w http.ResponseWriter, r *http.Request) {
	a.kennisAction(w, r, "kennis-gepubliceerd", func() error {
		vid := r.PostFormValue("versie")
		v, err := a.KCC.Kennis.GetVersion(r.Context(), vid)
		if err != nil {
			return err
		}
		if v.ArtikelID != r.PathValue("id") {
			return errs.NotFoundf("versie", vid)
		}
		_, err = a.KCC.Kennis.Publish(r.Context(), vid)
		return err
	})
}

func (a *app) kennisWithdraw(w http.ResponseWriter, r *http.Request) {
	a.kennisAction(w, r, "kennis-ingetrokken", func() error {
		return a.KCC.Kennis.Withdraw(r.Context(), r.PathValue("id"))
	})
}

func (a *app) kennisReview(w http.ResponseWriter, r *http.Request) {
	a.kennisAction(w, r, "kennis-review", func() error {
		raw := strings.TrimSpace(r.PostFormValue("review_datum"))
		var d date.Date
		if raw != "" {
			var err error
			if d, err = parseDutchDate(raw); err != nil {
				return errs.InvalidField("review_datum", "invalid", "Vul een datum in, bijvoorbeeld 1-6-2026.")
			}
		}
		return a.KCC.Kennis.SetReviewDate(r.Context(), r.PathValue("id"), d)
	})
}

// parseDutchDate accepts 2026-06-01 (the date input) and 1-6-2026.
func parseDutchDate(s string) (date.Date, error) {
	if d, err := date.Parse(s); err == nil {
		return d, nil
	}
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == '-' || r == '/' || r == '.' || r == ' ' })
	if len(parts) == 3 {
		dd, e1 := strconv.Atoi(parts[0])
		mm, e2 := strconv.Atoi(parts[1])
		yy, e3 := strconv.Atoi(parts[2])
		if e1 == nil && e2 == nil && e3 == nil && mm >= 1 && mm <= 12 && dd >= 1 && dd <= 31 && yy > 1900 {
			d := date.New(yy, time.Month(mm), dd)
			if d.Day == dd {
				return d, nil
			}
		}
	}
	return date.Date{}, fmt.Errorf("no date: %q", s)
}

// ---- a version (preview) ----

type kennisVersionView struct {
	V    *kennis.Version
	Art  *kennis.Artikel
	Body articleView
	Back string
}

func (a *app) kennisVersion(w http.ResponseWriter, r *http.Request) {
	v, err := a.KCC.Kennis.GetVersion(r.Context(), r.PathValue("versie"))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if v.ArtikelID != r.PathValue("id") {
		a.fail(w, r, errs.NotFoundf("versie", v.ID))
		return
	}
	art, err := a.KCC.Kennis.Get(r.Context(), v.ArtikelID)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	names, _, err := a.teamNames(r)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	a.render(w, r, http.StatusOK, "beheer_kennis_versie", fmt.Sprintf("%s, versie %d", v.Titel, v.Versie),
		kennisVersionView{V: v, Art: art, Body: articleBody(v, art.Termijnen, names[v.TeamID]), Back: "/beheer/kennis/" + art.ID})
}

// ---- synonyms ----

type synonymsView struct {
	Rows   []kennis.Synonym
	Fields []field
	Notice string
}

func (a *app) synonymsPage(w http.ResponseWriter, r *http.Request, status int, term, betekenis string, fe []fieldError) {
	rows, err := a.KCC.Kennis.Synonyms(r.Context())
	if err != nil {
		a.fail(w, r, err)
		return
	}
	v := synonymsView{Rows: rows}
	if len(fe) == 0 {
		v.Notice = kccNotice(r)
	}
	v.Fields = []field{
		{ID: "term", Label: "Zoekwoord", Type: "text", Value: term, Required: true, Hint: "Wat mensen intypen, bijvoorbeeld id-kaart."},
		{ID: "betekenis", Label: "Betekent ook", Type: "text", Value: betekenis, Required: true, Wide: true,
			Hint: "Eén of meer woorden uit de artikelen, bijvoorbeeld identiteitskaart."},
	}
	for i := range v.Fields {
		v.Fields[i] = v.Fields[i].withError(fe)
	}
	a.render(w, r, status, "beheer_kennis_synoniemen", "Synoniemen voor zoeken", v, fe...)
}

func (a *app) kennisSynonyms(w http.ResponseWriter, r *http.Request) {
	a.synonymsPage(w, r, http.StatusOK, "", "", nil)
}

func (a *app) kennisSynonymSave(w http.ResponseWriter, r *http.Request) {
	term, bet := r.PostFormValue("term"), r.PostFormValue("betekenis")
	if err := a.KCC.Kennis.SetSynonym(r.Context(), term, bet); err != nil {
		fe, status, ok := formErrors(err, kennisFieldIDs, "term")
		if !ok {
			a.fail(w, r, err)
			return
		}
		a.synonymsPage(w, r, status, term, bet, fe)
		return
	}
	redirectNotice(w, r, "/beheer/kennis/synoniemen", "synoniem-opgeslagen", nil)
}

func (a *app) kennisSynonymDelete(w http.ResponseWriter, r *http.Request) {
	if err := a.KCC.Kennis.DeleteSynonym(r.Context(), r.PostFormValue("term")); err != nil {
		a.fail(w, r, err)
		return
	}
	redirectNotice(w, r, "/beheer/kennis/synoniemen", "synoniem-verwijderd", url.Values{})
}

// ---- rendering an article (shared with the KCC) ----

// para is a paragraph or, when Items is set, a bulleted list.
type para struct {
	Text  string
	Items []string
}

type articleSection struct {
	ID, Heading string
	Paras       []para
}

type articleView struct {
	Samenvatting  []para
	Sections      []articleSection
	FAQ           []kennis.FAQ
	Kanalen       []string
	EFormulierURL string
	TeamNaam      string
	UPNLabel      string
	UPNURI        string
}

// paras splits text on blank lines; lines that start with "- " or "* "
// become a list.
func paras(text string) []para {
	var out []para
	for _, block := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n\n") {
		block = strings.TrimSpace(block)
		if block == "" {
			continue
		}
		var items []string
		var lines []string
		for _, l := range strings.Split(block, "\n") {
			l = strings.TrimSpace(l)
			if strings.HasPrefix(l, "- ") || strings.HasPrefix(l, "* ") {
				items = append(items, strings.TrimSpace(l[2:]))
			} else if l != "" {
				if len(items) > 0 {
					out = append(out, para{Items: items})
					items = nil
				}
				lines = append(lines, l)
				continue
			}
			if len(lines) > 0 {
				out = append(out, para{Text: strings.Join(lines, " ")})
				lines = nil
			}
		}
		if len(lines) > 0 {
			out = append(out, para{Text: strings.Join(lines, " ")})
		}
		if len(items) > 0 {
			out = append(out, para{Items: items})
		}
	}
	return out
}

func articleBody(v *kennis.Version, terms []kennis.Termijn, teamNaam string) articleView {
	av := articleView{Samenvatting: paras(v.Samenvatting), FAQ: v.FAQ, EFormulierURL: v.EFormulierURL, TeamNaam: teamNaam,
		UPNLabel: v.UPNLabel, UPNURI: v.UPNURI}
	for _, k := range v.Kanalen {
		av.Kanalen = append(av.Kanalen, kennis.KanaalLabel(k))
	}
	duur := paras(v.Duur)
	for _, t := range terms {
		if !t.Doorlooptijd.IsZero() {
			duur = append(duur, para{Text: fmt.Sprintf("De gemeente beslist binnen %s (wettelijke termijn voor %s).",
				t.Doorlooptijd.Dutch(), strings.ToLower(t.Omschrijving))})
		}
	}
	for _, s := range []struct{ id, h, text string }{
		{"wat", "Wat is het?", v.WatIsHet}, {"wie", "Wie kan het aanvragen?", v.Wie}, {"kosten", "Wat kost het?", v.Kosten},
		{"meenemen", "Wat moet u meenemen?", v.Meenemen}, {"aanvragen", "Hoe vraagt u het aan?", v.Aanvragen},
	} {
		if ps := paras(s.text); len(ps) > 0 {
			av.Sections = append(av.Sections, articleSection{ID: s.id, Heading: s.h, Paras: ps})
		}
	}
	if len(duur) > 0 {
		av.Sections = append(av.Sections, articleSection{ID: "duur", Heading: "Hoe lang duurt het?", Paras: duur})
	}
	if ps := paras(v.Bezwaar); len(ps) > 0 {
		av.Sections = append(av.Sections, articleSection{ID: "bezwaar", Heading: "Bent u het niet eens met het besluit?", Paras: ps})
	}
	return av
}
