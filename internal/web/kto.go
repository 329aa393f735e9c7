package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gemeenten/loket/internal/auth"
	"github.com/gemeenten/loket/internal/burger"
	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/klant"
	"github.com/gemeenten/loket/internal/kto"
)

// KTODeps are the dependencies of the customer satisfaction survey (KTO):
// the survey pages for citizens and the reference values in /beheer/kto.
// The section is not served while unset.
type KTODeps struct {
	Service *kto.Service
}

// The survey is public: the link in the e-mail carries the invitation's
// token in the query string (/kto?t=…), which the access log leaves out,
// rather than in the path. The POST carries the token in the form body and
// also passes the CSRF middleware, which covers anonymous pages with its
// pre-session cookie: a forged POST would need both the victim's CSRF
// cookie and their invitation token.
func (a *app) ktoRoutes(mux *http.ServeMux) {
	if a.KTO.Service == nil {
		return
	}
	mux.HandleFunc("GET /kto", a.ktoSurvey)
	mux.HandleFunc("POST /kto", a.ktoSubmit)
	mux.HandleFunc("POST /kto/afmelden", a.ktoOptOut)
	mux.HandleFunc("GET /kto/bedankt", a.ktoThanks)
	mux.Handle("GET /mijn/kto/{id}", burger.Require(http.HandlerFunc(a.ktoSurvey)))
	mux.Handle("POST /mijn/kto/{id}", burger.Require(http.HandlerFunc(a.ktoSubmit)))
	beheer := auth.RequireStaff(auth.RoleBeheerder)
	mux.Handle("GET /beheer/kto", beheer(http.HandlerFunc(a.ktoBeheer)))
	mux.Handle("POST /beheer/kto", beheer(http.HandlerFunc(a.ktoBeheerSave)))
	mux.Handle("POST /beheer/kto/{id}/verwijderen", beheer(http.HandlerFunc(a.ktoBeheerDelete)))
	mux.Handle("GET /rapportage/kto", auth.RequireStaff(auth.RoleManager, auth.RoleTeamleider)(http.HandlerFunc(a.ktoResults)))
}

// ktoPending lists the logged-in citizen's open invitations for /mijn;
// without the KTO section, or on an error (logged), the PIP shows none
// rather than failing the page.
func (a *app) ktoPending(r *http.Request) []kto.Survey {
	sess := burger.From(r.Context())
	if a.KTO.Service == nil || sess == nil {
		return nil
	}
	p, err := a.KTO.Service.Pending(r.Context(), sess.Subject.Type, sess.Subject.Number)
	if err != nil {
		a.Log.ErrorContext(r.Context(), "kto: pending invitations", "err", err)
		return nil
	}
	return p
}

// ---- The survey ----

type ktoOption struct {
	ID, Value, Label string
	Checked          bool
}

type ktoQuestion struct {
	Key, Legend, Hint, Error string
	Required                 bool
	Options                  []ktoOption
}

type ktoSurveyView struct {
	S         kto.Survey
	Action    string
	Token     string // hidden field on the public form
	PIP       bool
	Questions []ktoQuestion
	Opmerking string
	Max       int
}

// ktoKey is the invitation of the request: the PIP's by id for the
// logged-in person, the public one by token.
func ktoKey(r *http.Request) kto.Key {
	if id := r.PathValue("id"); id != "" {
		if sess := burger.From(r.Context()); sess != nil {
			return kto.Key{ID: id, SubjectType: sess.Subject.Type, SubjectID: sess.Subject.Number}
		}
		return kto.Key{}
	}
	if r.Method == http.MethodPost {
		return kto.Key{Token: r.PostFormValue("t")}
	}
	return kto.Key{Token: r.URL.Query().Get("t")}
}

func (a *app) ktoSurvey(w http.ResponseWriter, r *http.Request) {
	k := ktoKey(r)
	s, err := a.KTO.Service.Open(r.Context(), k)
	if err != nil {
		a.ktoClosed(w, r, err)
		return
	}
	a.ktoRender(w, r, http.StatusOK, k, s, kto.Answer{}, nil)
}

func (a *app) ktoRender(w http.ResponseWriter, r *http.Request, status int, k kto.Key, s kto.Survey, in kto.Answer, fe []fieldError) {
	v := ktoSurveyView{S: s, Action: "/kto", Token: k.Token, Opmerking: in.Opmerking, Max: kto.MaxOpmerking}
	if k.ID != "" {
		v.Action, v.PIP = "/mijn/kto/"+s.ID, true
	}
	errFor := func(key string) string {
		for _, e := range fe {
			if e.Field == key+"-1" {
				return e.Message
			}
		}
		return ""
	}
	q := ktoQuestion{Key: kto.Overall, Legend: "Welk cijfer geeft u de gemeente voor dit contact als geheel?", Required: true,
		Hint: "1 is zeer slecht, 10 is uitstekend.", Error: errFor(kto.Overall)}
	q.Options = ktoOptions(kto.Overall, in.Cijfer, false)
	v.Questions = append(v.Questions, q)
	for _, key := range kto.Aspecten {
		val := in.Aspecten[key]
		v.Questions = append(v.Questions, ktoQuestion{Key: key, Legend: ktoAspectQuestion[key], Error: errFor(key),
			Hint: "Niet verplicht. Kies ‘n.v.t.’ als dit niet van toepassing was.", Options: ktoOptions(key, val, true)})
	}
	a.render(w, r, status, "kto_vragenlijst", "Vragenlijst: hoe tevreden bent u?", v, fe...)
}

var ktoAspectQuestion = map[string]string{
	"vriendelijkheid": "Hoe vriendelijk werd u geholpen?",
	"deskundigheid":   "Hoe deskundig was de medewerker?",
	"duidelijkheid":   "Hoe duidelijk was de informatie die u kreeg?",
	"wachttijd":       "Hoe beoordeelt u de wachttijd?",
	"prijs":           "Hoe beoordeelt u de prijs van het product of de dienst?",
	"privacy":         "Hoe goed werd er met uw privacy omgegaan?",
}

func ktoOptions(key, val string, nvt bool) []ktoOption {
	var out []ktoOption
	for i := 1; i <= 10; i++ {
		s := strconv.Itoa(i)
		out = append(out, ktoOption{ID: key + "-" + s, Value: s, Label: s, Checked: val == s})
	}
	if nvt {
		out = append(out, ktoOption{ID: key + "-nvt", Value: kto.NVT, Label: "n.v.t.", Checked: val == kto.NVT})
	}
	return out
}

func (a *app) ktoSubmit(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		a.errorPage(w, r, http.StatusBadRequest, "")
		return
	}
	k := ktoKey(r)
	in := kto.Answer{Cijfer: r.PostFormValue(kto.Overall), Opmerking: r.PostFormValue("opmerking"), Aspecten: map[string]string{}}
	for _, key := range kto.Aspecten {
		in.Aspecten[key] = r.PostFormValue(key)
	}
	err := a.KTO.Service.Submit(r.Context(), k, in)
	if err == nil {
		http.Redirect(w, r, "/kto/bedankt", http.StatusSeeOther)
		return
	}
	if errs.Is(err, errs.Invalid) {
		s, oerr := a.KTO.Service.Open(r.Context(), k)
		if oerr != nil {
			a.ktoClosed(w, r, oerr)
			return
		}
		ids := map[string]string{"opmerking": "opmerking"}
		for _, c := range kto.Columns {
			ids[c] = c + "-1" // the summary links to the first choice of the group
		}
		fe, status, _ := formErrors(err, ids, kto.Overall+"-1")
		a.ktoRender(w, r, status, k, s, in, fe)
		return
	}
	a.ktoClosed(w, r, err)
}

type ktoMessageView struct {
	Heading, Message string
	PIP              bool
}

// ktoClosed answers for an invitation that cannot be answered (any more):
// unknown, someone else's, already answered or expired.
func (a *app) ktoClosed(w http.ResponseWriter, r *http.Request, err error) {
	v := ktoMessageView{PIP: burger.From(r.Context()) != nil}
	status := http.StatusOK
	switch e := errs.As(err); {
	case e != nil && e.Code == kto.CodeAlIngevuld:
		v.Heading, v.Message, status = "Al ingevuld", e.Message, http.StatusConflict
	case e != nil && e.Code == kto.CodeVerlopen:
		v.Heading, v.Message, status = "Uitnodiging verlopen", e.Message, http.StatusGone
	case errs.Is(err, errs.NotFound):
		v.Heading, v.Message, status = "Vragenlijst niet gevonden",
			"Deze link naar de vragenlijst klopt niet. Controleer of u de hele link uit de e-mail heeft gebruikt.", http.StatusNotFound
	default:
		a.fail(w, r, err)
		return
	}
	a.render(w, r, status, "kto_bericht", v.Heading, v)
}

func (a *app) ktoThanks(w http.ResponseWriter, r *http.Request) {
	a.render(w, r, http.StatusOK, "kto_bericht", "Bedankt", ktoMessageView{Heading: "Bedankt voor uw antwoorden",
		Message: "Uw antwoorden zijn opgeslagen. Wij gebruiken ze, zonder uw naam, om onze dienstverlening te verbeteren.",
		PIP:     burger.From(r.Context()) != nil})
}

func (a *app) ktoOptOut(w http.ResponseWriter, r *http.Request) {
	k := kto.Key{Token: r.PostFormValue("t")}
	if err := a.KTO.Service.OptOut(r.Context(), k); err != nil {
		a.ktoClosed(w, r, err)
		return
	}
	a.render(w, r, http.StatusOK, "kto_bericht", "Afgemeld", ktoMessageView{Heading: "U bent afgemeld",
		Message: "U krijgt geen nieuwe uitnodigingen meer voor ons tevredenheidsonderzoek."})
}

// ---- Beheer: reference values ----

type ktoSelectOption struct {
	Value, Label string
	Selected     bool
}

type ktoRefRow struct {
	R              kto.Reference
	Kanaal, Aspect string
	Waarde         string
}

type ktoBeheerView struct {
	Rows                     []ktoRefRow
	Kanalen, Aspecten        []ktoSelectOption
	KanaalError, AspectError string
	Fields                   []field
	Notice                   string
	Goal                     string
}

var ktoNotices = map[string]string{
	"opgeslagen": "De referentiewaarde is opgeslagen.",
	"verwijderd": "De referentiewaarde is verwijderd.",
}

var ktoRefIDs = map[string]string{"kanaal": "kanaal", "aspect": "aspect", "jaar": "jaar", "waarde": "waarde", "bron": "bron"}

func (a *app) ktoBeheer(w http.ResponseWriter, r *http.Request) {
	in := kto.ReferenceInput{Jaar: strconv.Itoa(date.Today(a.Now()).Year - 1)}
	a.ktoBeheerRender(w, r, http.StatusOK, in, nil, ktoNotices[r.URL.Query().Get("melding")])
}

func (a *app) ktoBeheerRender(w http.ResponseWriter, r *http.Request, status int, in kto.ReferenceInput, fe []fieldError, notice string) {
	refs, err := a.KTO.Service.References(r.Context())
	if err != nil {
		a.fail(w, r, err)
		return
	}
	v := ktoBeheerView{Notice: notice, Goal: kto.FormatGrade(int(kto.Goal * 10))}
	for _, ref := range refs {
		v.Rows = append(v.Rows, ktoRefRow{R: ref, Kanaal: kto.KanaalLabel(ref.Kanaal), Aspect: kto.AspectLabel[ref.Aspect],
			Waarde: kto.FormatGrade(ref.Tienden)})
	}
	v.Kanalen = append(v.Kanalen, ktoSelectOption{Value: "", Label: "Alle kanalen", Selected: in.Kanaal == ""})
	for _, k := range klant.Kanalen {
		v.Kanalen = append(v.Kanalen, ktoSelectOption{Value: k, Label: kto.KanaalLabel(k), Selected: in.Kanaal == k})
	}
	for _, c := range kto.Columns {
		v.Aspecten = append(v.Aspecten, ktoSelectOption{Value: c, Label: kto.AspectLabel[c], Selected: in.Aspect == c})
	}
	v.Fields = []field{
		{ID: "jaar", Label: "Jaar", Type: "text", Inputmode: "numeric", Value: in.Jaar, Required: true, Autocomplete: "off",
			Hint: "Het jaar waarin de referentiewaarde gemeten is, bijvoorbeeld 2025."},
		{ID: "waarde", Label: "Waarde (cijfer)", Type: "text", Inputmode: "decimal", Value: in.Waarde, Required: true, Autocomplete: "off",
			Hint: "Een cijfer van 1 tot en met 10 met hoogstens één decimaal, bijvoorbeeld 7,8."},
		{ID: "bron", Label: "Bron", Type: "text", Value: in.Bron, Required: true, Autocomplete: "off", Wide: true,
			Hint: "Bijvoorbeeld: Benchmark Publiekszaken, landelijk gemiddelde."},
	}
	for i := range v.Fields {
		v.Fields[i] = v.Fields[i].withError(fe)
	}
	for _, e := range fe {
		switch e.Field {
		case "kanaal":
			v.KanaalError = e.Message
		case "aspect":
			v.AspectError = e.Message
		}
	}
	a.render(w, r, status, "kto_beheer", "Klanttevredenheid: referentiewaarden", v, fe...)
}

func (a *app) ktoBeheerSave(w http.ResponseWriter, r *http.Request) {
	in := kto.ReferenceInput{Kanaal: r.PostFormValue("kanaal"), Aspect: r.PostFormValue("aspect"), Jaar: r.PostFormValue("jaar"),
		Waarde: r.PostFormValue("waarde"), Bron: r.PostFormValue("bron")}
	if _, err := a.KTO.Service.SaveReference(r.Context(), in); err != nil {
		fe, status, ok := formErrors(err, ktoRefIDs, "waarde")
		if !ok {
			a.fail(w, r, err)
			return
		}
		a.ktoBeheerRender(w, r, status, in, fe, "")
		return
	}
	http.Redirect(w, r, "/beheer/kto?melding=opgeslagen", http.StatusSeeOther)
}

func (a *app) ktoBeheerDelete(w http.ResponseWriter, r *http.Request) {
	if err := a.KTO.Service.DeleteReference(r.Context(), r.PathValue("id")); err != nil {
		a.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/beheer/kto?melding=verwijderd", http.StatusSeeOther)
}

// ---- Results ----

type ktoCell struct {
	Label     string
	N         int
	Mean      string // "8,1"; "—" without responses
	Reference string // "7,8 (Benchmark, 2025)"; "" without
	Diff      string // against the reference: "+0,3"
	GoalMet   bool
	HasData   bool
}

type ktoChannelTable struct {
	ID, Label string
	Cells     []ktoCell
}

type ktoResultsView struct {
	Van, Tot  string // inclusive, as entered
	Kanaal    string
	Kanalen   []ktoSelectOption
	Zaaktypen []ktoSelectOption
	Teams     []ktoSelectOption
	TeamOnly  string // a teamleider's own team name
	Tables    []ktoChannelTable
	Responses int
	Comments  []kto.Comment
	Goal      string
	Period    string
}

func (a *app) ktoResults(w http.ResponseWriter, r *http.Request) {
	u, _ := auth.CurrentUser(r)
	q := r.URL.Query()
	today := date.Today(a.Now())
	// Default: the current quarter up to today.
	qStart := date.New(today.Year, time.Month((int(today.Month)-1)/3*3+1), 1)
	van, tot := strings.TrimSpace(q.Get("van")), strings.TrimSpace(q.Get("tot"))
	if van == "" {
		van = qStart.String()
	}
	if tot == "" {
		tot = today.String()
	}
	var fe []fieldError
	from, err := date.Parse(van)
	if err != nil {
		fe = append(fe, fieldError{Field: "van", Message: "Vul de begindatum in als jjjj-mm-dd, bijvoorbeeld " + qStart.String() + "."})
	}
	to, err := date.Parse(tot)
	if err != nil {
		fe = append(fe, fieldError{Field: "tot", Message: "Vul de einddatum in als jjjj-mm-dd, bijvoorbeeld " + today.String() + "."})
	} else if len(fe) == 0 && to.Before(from) {
		fe = append(fe, fieldError{Field: "tot", Message: "De einddatum mag niet vóór de begindatum liggen."})
	}
	f := kto.Filter{Kanaal: q.Get("kanaal"), TeamID: q.Get("team"), ZaaktypeID: q.Get("zaaktype")}
	v := ktoResultsView{Van: van, Tot: tot, Kanaal: f.Kanaal, Goal: kto.FormatGrade(int(kto.Goal * 10))}
	// Least privilege: a teamleider who is not also a manager sees their
	// own team only, whatever the query string says.
	names, teams, err := a.teamNames(r)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if !u.HasRole(auth.RoleManager) {
		if u.TeamID == "" {
			a.errorPage(w, r, http.StatusForbidden, "U bent teamleider zonder team; vraag de beheerder u aan een team te koppelen.")
			return
		}
		f.TeamID = u.TeamID
		v.TeamOnly = names[u.TeamID]
	} else {
		v.Teams = append(v.Teams, ktoSelectOption{Value: "", Label: "Alle teams", Selected: f.TeamID == ""})
		for _, t := range teams {
			v.Teams = append(v.Teams, ktoSelectOption{Value: t.ID, Label: t.Naam, Selected: f.TeamID == t.ID})
		}
	}
	v.Kanalen = append(v.Kanalen, ktoSelectOption{Value: "", Label: "Alle kanalen", Selected: f.Kanaal == ""})
	for _, k := range klant.Kanalen {
		v.Kanalen = append(v.Kanalen, ktoSelectOption{Value: k, Label: kto.KanaalLabel(k), Selected: f.Kanaal == k})
	}
	zts, err := a.KTO.Service.Zaaktypen(r.Context())
	if err != nil {
		a.fail(w, r, err)
		return
	}
	v.Zaaktypen = append(v.Zaaktypen, ktoSelectOption{Value: "", Label: "Alle zaaktypen", Selected: f.ZaaktypeID == ""})
	for _, z := range zts {
		v.Zaaktypen = append(v.Zaaktypen, ktoSelectOption{Value: z.ID, Label: z.Omschrijving, Selected: f.ZaaktypeID == z.ID})
	}
	if len(fe) > 0 {
		a.render(w, r, http.StatusBadRequest, "kto_resultaten", "Klanttevredenheid", v, fe...)
		return
	}
	fromT := time.Date(from.Year, from.Month, from.Day, 12, 0, 0, 0, date.Amsterdam)
	toT := time.Date(to.Year, to.Month, to.Day, 12, 0, 0, 0, date.Amsterdam).AddDate(0, 0, 1)
	res, err := a.KTO.Service.Results(r.Context(), fromT, toT, f)
	if err != nil {
		if fe, status, ok := formErrors(err, map[string]string{"tot": "tot", "team": "team", "zaaktype": "zaaktype"}, "van"); ok {
			a.render(w, r, status, "kto_resultaten", "Klanttevredenheid", v, fe...)
			return
		}
		a.fail(w, r, err)
		return
	}
	v.Responses = res.Responses
	v.Period = formatDate(from) + " t/m " + formatDate(to)
	all := ktoTable("kto-alle", res.All)
	if f.Kanaal != "" {
		all.Label = kto.KanaalLabel(f.Kanaal)
	}
	v.Tables = append(v.Tables, all)
	if f.Kanaal == "" {
		for _, c := range res.Kanalen {
			v.Tables = append(v.Tables, ktoTable("kto-"+c.Kanaal, c))
		}
	}
	if v.Comments, err = a.KTO.Service.Comments(r.Context(), fromT, toT, f, 100); err != nil {
		a.fail(w, r, err)
		return
	}
	a.render(w, r, http.StatusOK, "kto_resultaten", "Klanttevredenheid", v)
}

func ktoTable(id string, c kto.ChannelResults) ktoChannelTable {
	t := ktoChannelTable{ID: id, Label: c.Label}
	for _, k := range kto.Columns {
		sc := c.Scores[k]
		cell := ktoCell{Label: kto.AspectLabel[k], N: sc.N, Mean: "—", GoalMet: sc.GoalMet, HasData: sc.N > 0}
		if sc.N > 0 {
			cell.Mean = grade1(sc.Mean)
		}
		if ref := sc.Reference; ref != nil {
			cell.Reference = fmt.Sprintf("%s (%s, %d)", kto.FormatGrade(ref.Tienden), ref.Bron, ref.Jaar)
			if sc.N > 0 {
				d := sc.Mean - ref.Value()
				sign := "+"
				if d < 0 {
					sign, d = "−", -d
				}
				cell.Diff = sign + grade1(d)
			}
		}
		t.Cells = append(t.Cells, cell)
	}
	return t
}

// grade1 shows a mean with one decimal, the Dutch way.
func grade1(x float64) string {
	return strings.Replace(strconv.FormatFloat(x, 'f', 1, 64), ".", ",", 1)
}
