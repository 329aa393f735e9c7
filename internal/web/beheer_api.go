package web

import (
	"crypto/rand"
	"encoding/base64"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gemeenten/loket/internal/auth"
	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/zgw"
)

// APIDeps is what API clients and their autorisaties in /beheer/api-clients need.
type APIDeps struct {
	// Store keeps API clients and Applicaties; the section is served when
	// it is set. Its Events sink announces changes on kanaal
	// "autorisaties", as the Autorisaties API does.
	Store *zgw.Store
}

// The API clients page: register a client (the secret is generated and
// shown once), grant it all rights or scopes per component and type,
// revoke, delete. The rules (ac-001…003, secret length, audit) live in
// zgw.Store.
func (a *app) apiClientRoutes(mux *http.ServeMux) {
	if a.API.Store == nil {
		return
	}
	beheer := auth.RequireStaff(auth.RoleBeheerder)
	h := func(pattern string, fn http.HandlerFunc) { mux.Handle(pattern, beheer(fn)) }
	h("GET /beheer/api-clients", a.apiClientsList)
	h("POST /beheer/api-clients", a.apiClientCreate)
	h("GET /beheer/api-clients/{id}", a.apiClientDetail)
	h("POST /beheer/api-clients/{id}/alle-autorisaties", a.apiClientGrantAll)
	h("POST /beheer/api-clients/{id}/autorisaties", a.apiClientGrant)
	h("POST /beheer/api-clients/{id}/intrekken", a.apiClientRevoke)
	h("POST /beheer/api-clients/{id}/secret", a.apiClientResetSecret)
	h("POST /beheer/api-clients/{id}/verwijderen", a.apiClientDelete)
}

var apiNotices = map[string]string{
	"alle":        "De API-client heeft nu alle autorisaties.",
	"toegevoegd":  "De autorisatie is toegevoegd. Hij geldt vanaf het volgende verzoek van de client.",
	"ingetrokken": "De autorisatie is ingetrokken. Vanaf het volgende verzoek mag de client dit niet meer.",
	"verwijderd":  "De API-client is verwijderd. Zijn tokens werken niet meer.",
}

type apiClientRow struct {
	zgw.APIClient
	Href   string
	Rights string
}

type apiClientsView struct {
	Rows   []apiClientRow
	Notice string
	Fields []field
	// Created is set once, right after creation: the only time the secret
	// is shown.
	Created *apiCreated
}

type apiCreated struct {
	ClientID, Secret, Href string
}

func apiRights(c zgw.APIClient) string {
	switch {
	case c.ApplicatieID == "":
		return "Geen: de client kan zich aanmelden maar mag niets"
	case c.HeeftAlleAutorisaties:
		return "Alle autorisaties"
	case c.Autorisaties == 1:
		return "1 autorisatie"
	}
	return strconv.Itoa(c.Autorisaties) + " autorisaties"
}

func apiClientHref(id string) string { return "/beheer/api-clients/" + url.PathEscape(id) }

func (a *app) apiClientsPage(w http.ResponseWriter, r *http.Request, status int, in map[string]string, fe []fieldError, created *apiCreated) {
	list, err := a.API.Store.ListClients(r.Context())
	if err != nil {
		a.fail(w, r, err)
		return
	}
	v := apiClientsView{Created: created}
	for _, c := range list {
		v.Rows = append(v.Rows, apiClientRow{APIClient: c, Href: apiClientHref(c.ClientID), Rights: apiRights(c)})
	}
	if len(fe) == 0 && created == nil {
		v.Notice = apiNotices[r.URL.Query().Get("melding")]
	}
	v.Fields = []field{
		{ID: "clientId", Label: "Client id", Type: "text", Value: in["clientId"], Required: true, Autocomplete: "off",
			Hint: "De naam waarmee de applicatie zich meldt (client_id in het JWT). Hoogstens 50 tekens, geen spaties. Bijvoorbeeld: formulieren-zrc."},
		{ID: "label", Label: "Omschrijving (niet verplicht)", Type: "text", Value: in["label"], Autocomplete: "off", Wide: true,
			Hint: "Bijvoorbeeld de naam van de applicatie en de leverancier."},
	}
	for i := range v.Fields {
		v.Fields[i] = v.Fields[i].withError(fe)
	}
	a.render(w, r, status, "beheer_api_clients", "API-clients", v, fe...)
}

func (a *app) apiClientsList(w http.ResponseWriter, r *http.Request) {
	a.apiClientsPage(w, r, http.StatusOK, nil, nil, nil)
}

func newAPISecret() string {
	b := make([]byte, 32)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

func (a *app) apiClientCreate(w http.ResponseWriter, r *http.Request) {
	in := map[string]string{"clientId": strings.TrimSpace(r.PostFormValue("clientId")), "label": strings.TrimSpace(r.PostFormValue("label"))}
	secret := newAPISecret()
	if err := a.API.Store.CreateClient(r.Context(), in["clientId"], secret, in["label"]); err != nil {
		fe, status, ok := formErrors(err, map[string]string{"clientId": "clientId", "label": "label"}, "clientId")
		if !ok {
			a.fail(w, r, err)
			return
		}
		a.apiClientsPage(w, r, status, in, fe, nil)
		return
	}
	// Rendered, not redirected: the secret must not travel in a URL and is
	// never shown again.
	a.apiClientsPage(w, r, http.StatusCreated, nil, nil, &apiCreated{ClientID: in["clientId"], Secret: secret, Href: apiClientHref(in["clientId"])})
}

type apiAutorisatieRow struct {
	Nr         int
	Component  string
	Weergave   string
	Scopes     string
	TypeURL    string
	TypeLabel  string
	Max        string
	RevokeName string
}

type apiScopeOption struct {
	Value, Label, ID string
	Checked          bool
}

type apiScopeGroup struct {
	Component, Weergave string
	Scopes              []apiScopeOption
}

type apiClientView struct {
	Client       zgw.APIClient
	Href         string
	Applicatie   *zgw.Applicatie
	Autorisaties []apiAutorisatieRow
	Notice       string
	Groups       []apiScopeGroup
	TypeField    field
	Max          []option
	MaxError     string
	ScopesError  string
	// NewSecret is set once, right after a reset.
	NewSecret string
}

func (a *app) findAPIClient(r *http.Request) (zgw.APIClient, error) {
	id := r.PathValue("id")
	list, err := a.API.Store.ListClients(r.Context())
	if err != nil {
		return zgw.APIClient{}, err
	}
	for _, c := range list {
		if c.ClientID == id {
			return c, nil
		}
	}
	return zgw.APIClient{}, errs.NotFoundf("API-client", id)
}

func (a *app) apiClientPage(w http.ResponseWriter, r *http.Request, status int, in url.Values, fe []fieldError) {
	a.apiClientPageWith(w, r, status, in, fe, "")
}

func (a *app) apiClientPageWith(w http.ResponseWriter, r *http.Request, status int, in url.Values, fe []fieldError, newSecret string) {
	c, err := a.findAPIClient(r)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	v := apiClientView{Client: c, Href: apiClientHref(c.ClientID), NewSecret: newSecret}
	if c.ApplicatieID != "" {
		ap, err := a.API.Store.GetApplicatie(r.Context(), c.ApplicatieID)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		v.Applicatie = &ap
		for i, au := range ap.Autorisaties {
			row := apiAutorisatieRow{Nr: i, Component: au.Component, Weergave: zgw.ComponentWeergave(au.Component),
				Scopes: strings.Join(au.Scopes, ", "), TypeURL: au.TypeURL(), Max: au.MaxVertrouwelijkheid}
			row.TypeLabel = map[string]string{zgw.ZRC: "Zaaktype", zgw.DRC: "Informatieobjecttype", zgw.BRC: "Besluittype"}[au.Component]
			v.Autorisaties = append(v.Autorisaties, row)
		}
	}
	if len(fe) == 0 && newSecret == "" {
		v.Notice = apiNotices[r.URL.Query().Get("melding")]
	}
	checked := map[string]bool{}
	for _, s := range in["scope"] {
		checked[s] = true
	}
	for _, comp := range zgw.Components {
		g := apiScopeGroup{Component: comp, Weergave: zgw.ComponentWeergave(comp)}
		for _, s := range zgw.Scopes[comp] {
			val := comp + ":" + s
			g.Scopes = append(g.Scopes, apiScopeOption{Value: val, Label: s, ID: "scope-" + comp + "-" + strings.ReplaceAll(s, ".", "-"), Checked: checked[val]})
		}
		v.Groups = append(v.Groups, g)
	}
	v.TypeField = field{ID: "type", Label: "Zaaktype, informatieobjecttype of besluittype (URL)", Type: "url", Value: in.Get("type"), Autocomplete: "off", Wide: true,
		Hint: "Verplicht bij scopes voor zaken, documenten en besluiten: de URL van het type in de Catalogi API. Leeg bij de andere componenten."}.withError(fe)
	v.Max = []option{{Value: "", Label: "Kies (bij zaken en documenten verplicht)"}}
	for _, m := range zgw.Vertrouwelijkheden() {
		v.Max = append(v.Max, option{Value: m, Label: strings.ReplaceAll(m, "_", " "), Selected: in.Get("max") == m})
	}
	for _, e := range fe {
		switch e.Field {
		case "max":
			v.MaxError = e.Message
		case "scopes":
			v.ScopesError = e.Message
		}
	}
	a.render(w, r, status, "beheer_api_client", "API-client "+c.ClientID, v, fe...)
}

func (a *app) apiClientDetail(w http.ResponseWriter, r *http.Request) {
	a.apiClientPage(w, r, http.StatusOK, nil, nil)
}

func (a *app) apiClientGrantAll(w http.ResponseWriter, r *http.Request) {
	c, err := a.findAPIClient(r)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if _, err := a.API.Store.Grant(r.Context(), c.ClientID, true, nil); err != nil {
		a.fail(w, r, err)
		return
	}
	redirectNotice(w, r, apiClientHref(c.ClientID), "alle", nil)
}

func (a *app) apiClientGrant(w http.ResponseWriter, r *http.Request) {
	c, err := a.findAPIClient(r)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	in := url.Values{"scope": r.PostForm["scope"], "type": {strings.TrimSpace(r.PostFormValue("type"))}, "max": {r.PostFormValue("max")}}
	au := zgw.Autorisatie{MaxVertrouwelijkheid: in.Get("max")}
	var fe []fieldError
	for _, v := range in["scope"] {
		comp, scope, _ := strings.Cut(v, ":")
		if !zgw.KnownScope(comp, scope) {
			fe = append(fe, fieldError{Field: "scopes", Message: "Kies scopes uit de lijst."})
			break
		}
		if au.Component != "" && au.Component != comp {
			fe = append(fe, fieldError{Field: "scopes", Message: "Kies scopes van één component tegelijk; voeg voor een andere component een tweede autorisatie toe."})
			break
		}
		au.Component = comp
		au.Scopes = append(au.Scopes, scope)
	}
	if len(in["scope"]) == 0 {
		fe = append(fe, fieldError{Field: "scopes", Message: "Kies minstens één scope."})
	}
	if len(fe) == 0 {
		switch au.Component {
		case zgw.ZRC:
			au.Zaaktype = in.Get("type")
		case zgw.DRC:
			au.Informatieobjecttype = in.Get("type")
		case zgw.BRC:
			au.Besluittype = in.Get("type")
		default:
			if in.Get("type") != "" {
				fe = append(fe, fieldError{Field: "type", Message: "Deze component kent geen type; laat het veld leeg."})
			}
		}
		if au.Component == zgw.BRC && au.MaxVertrouwelijkheid != "" {
			fe = append(fe, fieldError{Field: "max", Message: "Besluiten kennen geen maximale vertrouwelijkheid; kies niets."})
		}
	}
	if len(fe) == 0 {
		_, err = a.API.Store.Grant(r.Context(), c.ClientID, false, []zgw.Autorisatie{au})
		if err == nil {
			redirectNotice(w, r, apiClientHref(c.ClientID), "toegevoegd", nil)
			return
		}
		e := errs.As(err)
		if e == nil || e.Kind != errs.Invalid {
			a.fail(w, r, err)
			return
		}
		for _, f := range e.Fields {
			id := "scopes"
			switch {
			case strings.HasSuffix(f.Field, ".zaaktype"), strings.HasSuffix(f.Field, ".informatieobjecttype"), strings.HasSuffix(f.Field, ".besluittype"):
				id = "type"
			case strings.HasSuffix(f.Field, ".maxVertrouwelijkheidaanduiding"):
				id = "max"
			}
			fe = append(fe, fieldError{Field: id, Message: f.Reason})
		}
	}
	a.apiClientPage(w, r, http.StatusBadRequest, in, fe)
}

func (a *app) apiClientRevoke(w http.ResponseWriter, r *http.Request) {
	c, err := a.findAPIClient(r)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	nr := -1
	if v := r.PostFormValue("nr"); v != "alle" {
		if nr, err = strconv.Atoi(v); err != nil || nr < 0 {
			a.errorPage(w, r, http.StatusBadRequest, "Kies welke autorisatie u wilt intrekken.")
			return
		}
	}
	if err := a.API.Store.Revoke(r.Context(), c.ClientID, nr); err != nil {
		a.fail(w, r, err)
		return
	}
	redirectNotice(w, r, apiClientHref(c.ClientID), "ingetrokken", nil)
}

func (a *app) apiClientResetSecret(w http.ResponseWriter, r *http.Request) {
	c, err := a.findAPIClient(r)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	secret := newAPISecret()
	if err := a.API.Store.ResetSecret(r.Context(), c.ClientID, secret); err != nil {
		a.fail(w, r, err)
		return
	}
	// Rendered, not redirected, like a new client: shown this once.
	a.apiClientPageWith(w, r, http.StatusOK, nil, nil, secret)
}

func (a *app) apiClientDelete(w http.ResponseWriter, r *http.Request) {
	if err := a.API.Store.DeleteClient(r.Context(), r.PathValue("id")); err != nil {
		a.fail(w, r, err)
		return
	}
	redirectNotice(w, r, "/beheer/api-clients", "verwijderd", nil)
}
