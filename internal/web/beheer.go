package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/gemeenten/loket/internal/auth"
	"github.com/gemeenten/loket/internal/errs"
)

// The pages of the functional administrator (beheerder) at /beheer. The
// handlers translate forms into calls on the domain packages (auth,
// kalender, jobs); the rules — valid input, no self-lock-out, audit — live
// there.

func (a *app) beheerRoutes(mux *http.ServeMux) {
	beheer := auth.RequireStaff(auth.RoleBeheerder)
	h := func(pattern string, fn http.HandlerFunc) { mux.Handle(pattern, beheer(fn)) }
	h("GET /beheer", a.beheerHome)
	h("GET /beheer/medewerkers", a.medewerkersList)
	h("GET /beheer/medewerkers/nieuw", a.medewerkerNewForm)
	h("POST /beheer/medewerkers/nieuw", a.medewerkerCreate)
	h("GET /beheer/medewerkers/{id}", a.medewerkerDetail)
	h("POST /beheer/medewerkers/{id}/team", a.medewerkerSetTeam)
	h("POST /beheer/medewerkers/{id}/rollen", a.medewerkerSetRoles)
	h("POST /beheer/medewerkers/{id}/wachtwoord", a.medewerkerSetPassword)
	h("POST /beheer/medewerkers/{id}/deactiveren", a.medewerkerDeactivate)
	h("GET /beheer/teams", a.teamsList)
	h("POST /beheer/teams", a.teamCreate)
	h("GET /beheer/kalender", a.kalenderPage)
	h("POST /beheer/kalender", a.kalenderAdd)
	h("POST /beheer/kalender/verwijderen", a.kalenderRemove)
	h("GET /beheer/taken", a.takenList)

	staff := auth.RequireStaff()
	mux.Handle("GET /termijn", staff(http.HandlerFunc(a.termijnForm)))
	mux.Handle("POST /termijn", staff(http.HandlerFunc(a.termijnCompute)))
}

// field is one text input of a form, rendered by the "textfield" template.
type field struct {
	ID, Label, Type, Value, Hint, Error string
	Autocomplete, Inputmode             string
	Required                            bool
	Wide                                bool
}

// withError copies the summary's message for this field into f.
func (f field) withError(fe []fieldError) field {
	for _, e := range fe {
		if e.Field == f.ID {
			f.Error = e.Message
			break
		}
	}
	return f
}

// formErrors turns a domain error into the error summary of a form: ids
// maps the domain's field names to input ids; errors without a field link
// to fallback. ok is false for errors the user cannot fix in the form.
func formErrors(err error, ids map[string]string, fallback string) (fe []fieldError, status int, ok bool) {
	e := errs.As(err)
	if e == nil || (e.Kind != errs.Invalid && e.Kind != errs.Conflict) {
		return nil, 0, false
	}
	for _, f := range e.Fields {
		id, known := ids[f.Field]
		if !known {
			id = fallback
		}
		fe = append(fe, fieldError{Field: id, Message: f.Reason})
	}
	if len(fe) == 0 {
		fe = append(fe, fieldError{Field: fallback, Message: e.Message})
	}
	return fe, e.Kind.HTTPStatus(), true
}

// notices are the confirmations shown after a redirect (?melding=…); a
// fixed list, so the query string cannot put arbitrary text on the page.
var notices = map[string]string{
	"aangemaakt":         "De medewerker is aangemaakt.",
	"team":               "Het team van de medewerker is gewijzigd.",
	"rollen":             "De rollen zijn opgeslagen.",
	"wachtwoord":         "Het nieuwe wachtwoord is ingesteld. De medewerker is op alle apparaten uitgelogd.",
	"gedeactiveerd":      "De medewerker is gedeactiveerd en kan niet meer inloggen.",
	"team-aangemaakt":    "Het team is aangemaakt.",
	"dag-toegevoegd":     "De dag is toegevoegd aan de kalender. Servicenormen die vanaf nu worden berekend, tellen ermee.",
	"dag-verwijderd":     "De dag is uit de kalender verwijderd.",
	"niets-gewijzigd":    "Er is niets gewijzigd.",
	"rollen-ongewijzigd": "De rollen waren al zo ingesteld.",
}

func notice(r *http.Request) string { return notices[r.URL.Query().Get("melding")] }

func redirectNotice(w http.ResponseWriter, r *http.Request, path, melding string, extra url.Values) {
	q := url.Values{}
	for k, v := range extra {
		q[k] = v
	}
	q.Set("melding", melding)
	http.Redirect(w, r, path+"?"+q.Encode(), http.StatusSeeOther)
}

type beheerSection struct {
	Href, Label, Text string
}

func (a *app) beheerHome(w http.ResponseWriter, r *http.Request) {
	sections := []beheerSection{
		{"/beheer/medewerkers", "Medewerkers", "Accounts aanmaken, team en rollen instellen, wachtwoord opnieuw instellen, deactiveren."},
		{"/beheer/teams", "Teams", "De teams (organisatorische eenheden) met hun contactgegevens en de termijn voor contactverzoeken."},
		{"/beheer/kalender", "Kalender", "Feestdagen en de eigen sluitingsdagen en openingsdagen van de gemeente, voor de servicenormen."},
		{"/beheer/kennis", "Kennisbank", "De productteksten (PDC) voor het KCC, de website en de PIP: schrijven, publiceren, reviewdatum, synoniemen en partnerorganisaties."},
		{"/beheer/taken", "Achtergrondtaken", "De wachtrij met taken die op de achtergrond lopen, zoals de controle van servicenormen."},
		{"/termijn", "Termijn berekenen", "Bereken de uiterste beslisdatum van een aanvraag, met opschorting en verlenging."},
	}
	if a.Back.Brieven != nil {
		sections = append(sections, beheerSection{"/beheer/brieven", "Brieven", "De brieven die Loket zelf verstuurt, per gebeurtenis en zaaktype, met hun leesbaarheid."})
	}
	if a.API.Store != nil {
		sections = append(sections, beheerSection{"/beheer/api-clients", "API-clients", "De systemen die de ZGW API's gebruiken: client id, secret en wat elk systeem mag."})
	}
	if a.Notify.Service != nil {
		sections = append(sections, beheerSection{"/beheer/notificaties", "Notificaties", "Kanalen, abonnementen en de laatste verzendpogingen."})
	}
	if a.Forms.Forms != nil {
		sections = append(sections, beheerSection{"/beheer/formulieren", "Formulieren", "De e-formulieren waarmee inwoners en bedrijven een aanvraag doen: vragen, versies en publiceren."})
	}
	if a.KTO.Service != nil {
		sections = append(sections, beheerSection{"/beheer/kto", "Klanttevredenheid", "Referentiewaarden (zoals het landelijk gemiddelde) waarmee de uitkomsten van het klanttevredenheidsonderzoek worden vergeleken."})
	}
	a.render(w, r, http.StatusOK, "beheer", "Beheer", sections)
}

// ---- Medewerkers ----

type userRow struct {
	U        auth.User
	TeamNaam string
	Locked   bool
}

type medewerkersView struct {
	Rows   []userRow
	Notice string
}

func (a *app) teamNames(r *http.Request) (map[string]string, []auth.Team, error) {
	teams, err := a.Auth.ListTeams(r.Context())
	if err != nil {
		return nil, nil, err
	}
	m := map[string]string{}
	for _, t := range teams {
		m[t.ID] = t.Naam
	}
	return m, teams, nil
}

func (a *app) medewerkersList(w http.ResponseWriter, r *http.Request) {
	users, err := a.Auth.ListUsers(r.Context())
	if err != nil {
		a.fail(w, r, err)
		return
	}
	names, _, err := a.teamNames(r)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	v := medewerkersView{Notice: notice(r)}
	now := a.Now()
	for _, u := range users {
		v.Rows = append(v.Rows, userRow{U: u, TeamNaam: names[u.TeamID], Locked: u.LockedUntil != nil && u.LockedUntil.After(now)})
	}
	a.render(w, r, http.StatusOK, "medewerkers", "Medewerkers", v)
}

type roleOption struct {
	Value, Label string
	Checked      bool
}

func roleOptions(checked []string) []roleOption {
	out := make([]roleOption, 0, len(auth.Roles))
	for _, r := range auth.Roles {
		out = append(out, roleOption{Value: r, Label: auth.RoleLabel(r), Checked: slices.Contains(checked, r)})
	}
	return out
}

func teamOptions(teams []auth.Team, selected string) []option {
	out := []option{{Value: "", Label: "Geen team", Selected: selected == ""}}
	for _, t := range teams {
		out = append(out, option{Value: t.ID, Label: t.Naam + " (" + t.Code + ")", Selected: t.ID == selected})
	}
	return out
}

type medewerkerNewView struct {
	Fields     []field
	Teams      []option
	Roles      []roleOption
	TeamError  string
	RolesError string
}

var userFieldIDs = map[string]string{"username": "username", "naam": "naam", "email": "email", "password": "password",
	"roles": "rol-" + auth.Roles[0], "teamId": "team"}

func (a *app) medewerkerNewView(r *http.Request, in auth.NewUser, fe []fieldError) (medewerkerNewView, error) {
	_, teams, err := a.teamNames(r)
	if err != nil {
		return medewerkerNewView{}, err
	}
	v := medewerkerNewView{Teams: teamOptions(teams, in.TeamID), Roles: roleOptions(in.Roles)}
	v.Fields = []field{
		{ID: "username", Label: "Gebruikersnaam", Type: "text", Value: in.Username, Autocomplete: "off", Required: true,
			Hint: "Kleine letters, cijfers en . _ @ -, bijvoorbeeld j.jansen. Bij inloggen via de organisatie (OIDC) gelijk aan de gebruikersnaam daar."},
		{ID: "naam", Label: "Naam", Type: "text", Value: in.Naam, Autocomplete: "off", Required: true, Wide: true},
		{ID: "email", Label: "E-mailadres (niet verplicht)", Type: "email", Value: in.Email, Autocomplete: "off", Wide: true},
		{ID: "password", Label: "Eerste wachtwoord (niet verplicht)", Type: "password", Autocomplete: "new-password",
			Hint: "Minstens " + strconv.Itoa(auth.MinPasswordLength) + " tekens. Laat leeg als de medewerker alleen via de organisatie (OIDC) inlogt."},
	}
	for i := range v.Fields {
		v.Fields[i] = v.Fields[i].withError(fe)
	}
	for _, e := range fe {
		switch e.Field {
		case "team":
			v.TeamError = e.Message
		case userFieldIDs["roles"]:
			v.RolesError = e.Message
		}
	}
	return v, nil
}

func (a *app) medewerkerNewForm(w http.ResponseWriter, r *http.Request) {
	v, err := a.medewerkerNewView(r, auth.NewUser{}, nil)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	a.render(w, r, http.StatusOK, "medewerker_nieuw", "Nieuwe medewerker", v)
}

func (a *app) medewerkerCreate(w http.ResponseWriter, r *http.Request) {
	_ = r.ParseForm()
	in := auth.NewUser{
		Username: r.PostFormValue("username"),
		Naam:     r.PostFormValue("naam"),
		Email:    r.PostFormValue("email"),
		Password: r.PostFormValue("password"),
		TeamID:   r.PostFormValue("team"),
		Roles:    r.PostForm["rollen"],
	}
	u, err := a.Auth.CreateUser(r.Context(), in)
	if err != nil {
		fe, status, ok := formErrors(err, userFieldIDs, "username")
		if !ok {
			a.fail(w, r, err)
			return
		}
		in.Password = "" // never echo a password back into the page
		v, verr := a.medewerkerNewView(r, in, fe)
		if verr != nil {
			a.fail(w, r, verr)
			return
		}
		a.render(w, r, status, "medewerker_nieuw", "Nieuwe medewerker", v, fe...)
		return
	}
	redirectNotice(w, r, "/beheer/medewerkers/"+u.ID, "aangemaakt", nil)
}

type medewerkerView struct {
	U          auth.User
	TeamNaam   string
	Locked     bool
	Self       bool
	Teams      []option
	Roles      []roleOption
	Password   field
	TeamError  string
	RolesError string
	Deactivate string // error of the deactivate form
	Notice     string
}

func (a *app) medewerkerPage(w http.ResponseWriter, r *http.Request, status int, roles []string, fe []fieldError) {
	u, err := a.Auth.GetUser(r.Context(), r.PathValue("id"))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	names, teams, err := a.teamNames(r)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if roles == nil {
		roles = u.Roles
	}
	cur, _ := auth.CurrentUser(r)
	v := medewerkerView{U: u, TeamNaam: names[u.TeamID], Locked: u.LockedUntil != nil && u.LockedUntil.After(a.Now()),
		Self: cur.ID == u.ID, Teams: teamOptions(teams, u.TeamID), Roles: roleOptions(roles)}
	if len(fe) == 0 {
		v.Notice = notice(r)
	}
	v.Password = field{ID: "password", Label: "Nieuw wachtwoord", Type: "password", Autocomplete: "new-password", Required: true,
		Hint: "Minstens " + strconv.Itoa(auth.MinPasswordLength) + " tekens. Geef het wachtwoord veilig door; de medewerker wordt overal uitgelogd."}.withError(fe)
	for _, e := range fe {
		switch e.Field {
		case "team":
			v.TeamError = e.Message
		case userFieldIDs["roles"]:
			v.RolesError = e.Message
		case "deactiveren":
			v.Deactivate = e.Message
		}
	}
	a.render(w, r, status, "medewerker", u.Naam, v, fe...)
}

func (a *app) medewerkerDetail(w http.ResponseWriter, r *http.Request) {
	a.medewerkerPage(w, r, http.StatusOK, nil, nil)
}

// medewerkerChange runs a change and answers with the page: a redirect
// with a notice on success, the form with its errors otherwise.
func (a *app) medewerkerChange(w http.ResponseWriter, r *http.Request, fallback, melding string, roles []string, change func() error) {
	if err := change(); err != nil {
		fe, status, ok := formErrors(err, userFieldIDs, fallback)
		if !ok {
			a.fail(w, r, err)
			return
		}
		a.medewerkerPage(w, r, status, roles, fe)
		return
	}
	redirectNotice(w, r, "/beheer/medewerkers/"+r.PathValue("id"), melding, nil)
}

func (a *app) medewerkerSetTeam(w http.ResponseWriter, r *http.Request) {
	a.medewerkerChange(w, r, "team", "team", nil, func() error {
		return a.Auth.SetTeam(r.Context(), r.PathValue("id"), r.PostFormValue("team"))
	})
}

func (a *app) medewerkerSetRoles(w http.ResponseWriter, r *http.Request) {
	_ = r.ParseForm()
	roles := r.PostForm["rollen"]
	if roles == nil {
		roles = []string{} // none ticked: show none ticked again on error
	}
	a.medewerkerChange(w, r, userFieldIDs["roles"], "rollen", roles, func() error {
		return a.Auth.SetRoles(r.Context(), r.PathValue("id"), roles)
	})
}

func (a *app) medewerkerSetPassword(w http.ResponseWriter, r *http.Request) {
	a.medewerkerChange(w, r, "password", "wachtwoord", nil, func() error {
		return a.Auth.SetPassword(r.Context(), r.PathValue("id"), r.PostFormValue("password"))
	})
}

func (a *app) medewerkerDeactivate(w http.ResponseWriter, r *http.Request) {
	a.medewerkerChange(w, r, "deactiveren", "gedeactiveerd", nil, func() error {
		return a.Auth.Deactivate(r.Context(), r.PathValue("id"))
	})
}

// ---- Teams ----

type teamsView struct {
	Teams  []auth.Team
	Fields []field
	Notice string
}

var teamFieldIDs = map[string]string{"code": "code", "naam": "naam", "email": "email", "telefoon": "telefoon",
	"contactverzoekSlaWerkdagen": "sla"}

func (a *app) teamsPage(w http.ResponseWriter, r *http.Request, status int, in map[string]string, fe []fieldError) {
	teams, err := a.Auth.ListTeams(r.Context())
	if err != nil {
		a.fail(w, r, err)
		return
	}
	v := teamsView{Teams: teams}
	if len(fe) == 0 {
		v.Notice = notice(r)
	}
	sla := in["sla"]
	if sla == "" && len(fe) == 0 {
		sla = "1"
	}
	v.Fields = []field{
		{ID: "code", Label: "Code", Type: "text", Value: in["code"], Required: true, Autocomplete: "off",
			Hint: "Korte unieke sleutel, bijvoorbeeld VERG. Letters, cijfers, '-', '_' of '.'."},
		{ID: "naam", Label: "Naam", Type: "text", Value: in["naam"], Required: true, Autocomplete: "off", Wide: true},
		{ID: "email", Label: "E-mailadres (niet verplicht)", Type: "email", Value: in["email"], Autocomplete: "off", Wide: true},
		{ID: "telefoon", Label: "Telefoonnummer (niet verplicht)", Type: "tel", Value: in["telefoon"], Autocomplete: "off"},
		{ID: "sla", Label: "Termijn voor contactverzoeken, in werkdagen", Type: "text", Inputmode: "numeric", Value: sla, Required: true,
			Hint: "Binnen hoeveel werkdagen het team een terugbelverzoek van het KCC afhandelt. Meestal 1."},
	}
	for i := range v.Fields {
		v.Fields[i] = v.Fields[i].withError(fe)
	}
	a.render(w, r, status, "teams", "Teams", v, fe...)
}

func (a *app) teamsList(w http.ResponseWriter, r *http.Request) {
	a.teamsPage(w, r, http.StatusOK, nil, nil)
}

func (a *app) teamCreate(w http.ResponseWriter, r *http.Request) {
	in := map[string]string{}
	for _, k := range []string{"code", "naam", "email", "telefoon", "sla"} {
		in[k] = strings.TrimSpace(r.PostFormValue(k))
	}
	sla, err := strconv.Atoi(in["sla"])
	if err != nil || sla == 0 {
		// The form has no default (0 means "use the default" to CreateTeam):
		// -1 makes CreateTeam refuse it with its own message, and its errors
		// for the other fields still reach the summary.
		sla = -1
	}
	_, err = a.Auth.CreateTeam(r.Context(), auth.Team{Code: in["code"], Naam: in["naam"], Email: in["email"],
		Telefoon: in["telefoon"], ContactverzoekSLAWerkdagen: sla})
	if err != nil {
		fe, status, ok := formErrors(err, teamFieldIDs, "code")
		if !ok {
			a.fail(w, r, err)
			return
		}
		a.teamsPage(w, r, status, in, fe)
		return
	}
	redirectNotice(w, r, "/beheer/teams", "team-aangemaakt", nil)
}
