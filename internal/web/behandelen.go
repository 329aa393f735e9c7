package web

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/gemeenten/loket/internal/audit"
	"github.com/gemeenten/loket/internal/auth"
	"github.com/gemeenten/loket/internal/backoffice"
	"github.com/gemeenten/loket/internal/brief"
	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/ident"
	"github.com/gemeenten/loket/internal/mail"
	"github.com/gemeenten/loket/internal/zaak"
)

// BackDeps is what the back-office workbench /behandelen and letter templates /beheer/brieven need.
// The workbench is served when Office is set; /beheer/brieven when Brieven is set.
type BackDeps struct {
	Office  *backoffice.Service
	Brieven *brief.Service
	// Mail, when set, shows the e-mails about a zaak on its handling page.
	Mail *mail.Service
}

func (a *app) behandelRoutes(mux *http.ServeMux) {
	if a.Back.Office != nil {
		work := auth.RequireStaff(auth.RoleBehandelaar, auth.RoleTeamleider)
		h := func(pattern string, fn http.HandlerFunc) { mux.Handle(pattern, work(fn)) }
		h("GET /behandelen", a.werkvoorraad)
		h("POST /behandelen/toewijzen", a.bulkToewijzen)
		h("GET /behandelen/zaken/{id}", a.behandelZaak)
		h("POST /behandelen/zaken/{id}/{actie}", a.behandelActie)
		h("GET /behandelen/zaken/{id}/brieven/{brief}", a.briefBekijken)
	}
	if a.Back.Brieven != nil {
		beheer := auth.RequireStaff(auth.RoleBeheerder)
		h := func(pattern string, fn http.HandlerFunc) { mux.Handle(pattern, beheer(fn)) }
		h("GET /beheer/brieven", a.briefSjablonen)
		h("GET /beheer/brieven/sjabloon", a.briefSjabloonForm)
		h("POST /beheer/brieven/sjabloon", a.briefSjabloonSave)
		h("POST /beheer/brieven/{id}/verwijderen", a.briefSjabloonDelete)
	}
}

// behandelNotices are the confirmations of the workbench after a redirect.
var behandelNotices = map[string]string{
	"toegewezen":        "De zaken zijn toegewezen.",
	"niets-toegewezen":  "Er is niets gewijzigd: de zaken waren al zo toegewezen.",
	"status":            "De status is gezet.",
	"afgesloten":        "De zaak is afgesloten.",
	"heropend":          "De zaak is heropend.",
	"resultaat":         "Het resultaat is vastgelegd.",
	"opgevraagd":        "De ontbrekende stukken zijn opgevraagd. De termijn staat stil tot de stukken binnen zijn. De brief gaat vandaag nog weg.",
	"ontvangen":         "De stukken zijn ontvangen. De termijn loopt weer. De klant krijgt binnen 5 werkdagen bericht dat de aanvraag compleet is.",
	"compleet":          "De aanvraag is compleet verklaard.",
	"verlengd":          "De termijn is verlengd. De klant krijgt de brief hierover vandaag nog.",
	"ingebrekestelling": "De ingebrekestelling is vastgelegd.",
	"besluit":           "Het besluit is vastgelegd. De klant krijgt de besluitbrief met de bezwaartermijn.",
	"notitie":           "De notitie is toegevoegd.",
	"bezwaar":           "Het bezwaar is gekoppeld aan het besluit.",
	"document":          "Het document is toegevoegd.",
	"brieven":           "De brieven die klaarstonden zijn gemaakt.",
	"sjabloon":          "Het briefsjabloon is opgeslagen.",
	"sjabloon-weg":      "Het briefsjabloon is verwijderd.",
}

func behandelNotice(r *http.Request) string { return behandelNotices[r.URL.Query().Get("melding")] }

// signalLabels describe a signal in words (the badge is never colour alone).
var signalLabels = map[string][2]string{
	zaak.SignalOnTrack:  {"Op schema", "met"},
	zaak.SignalAtRisk:   {"Risico", "soon"},
	zaak.SignalBreached: {"Overschreden", "breached"},
	zaak.SignalDone:     {"Afgerond", "na"},
}

type signalView struct{ Label, Class string }

func signalOf(s string) signalView {
	l := signalLabels[s]
	return signalView{Label: l[0], Class: l[1]}
}

type queueNorm struct {
	Code, Label string
	Signal      signalView
	Due         string
}

type queueRow struct {
	It          zaak.QueueItem
	Deadline    deadlineView
	Signal      signalView
	Norms       []queueNorm
	Behandelaar string
	Werkdagen   int
}

type werkvoorraadView struct {
	Weergave  string
	Weergaven []option
	TeamID    string
	Teams     []option
	ZaakTypen []option
	// Statussen are the statustypen of the chosen zaaktype (the status
	// filter applies to one zaaktype's process).
	Statussen    []option
	Signalen     []option
	Wacht        bool
	Initiator    string
	Counts       zaak.QueueCounts
	Rows         []queueRow
	Next         string
	First        string
	IsLead       bool
	Behandelaars []option
	Notice       string
	Filtered     bool
	TeamNaam     string
	Today        string
}

func isLead(u auth.User) bool { return u.HasRole(auth.RoleTeamleider) }

func (a *app) werkvoorraad(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	u, _ := auth.CurrentUser(r)
	q := r.URL.Query()
	v := werkvoorraadView{IsLead: isLead(u), Notice: behandelNotice(r), Wacht: q.Get("wacht") == "1",
		Initiator: strings.ReplaceAll(strings.TrimSpace(q.Get("initiator")), " ", "")}
	v.Weergave = q.Get("weergave")
	if v.Weergave != "mijn" && v.Weergave != "team" && v.Weergave != "onverdeeld" {
		v.Weergave = "mijn"
		if v.IsLead {
			v.Weergave = "team"
		}
	}
	v.Weergaven = []option{{"mijn", "Mijn zaken", v.Weergave == "mijn"}, {"team", "Alle zaken van het team", v.Weergave == "team"},
		{"onverdeeld", "Nog niet toegewezen", v.Weergave == "onverdeeld"}}
	teams, err := a.Auth.ListTeams(ctx)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	// A team lead may look at every team's queue (to take over work);
	// a behandelaar sees their own team's.
	v.TeamID = u.TeamID
	if v.IsLead && q.Get("team") != "" {
		v.TeamID = q.Get("team")
	}
	for _, t := range teams {
		if v.IsLead || t.ID == u.TeamID {
			v.Teams = append(v.Teams, option{Value: t.ID, Label: t.Naam, Selected: t.ID == v.TeamID})
		}
		if t.ID == v.TeamID {
			v.TeamNaam = t.Naam
		}
	}
	if v.TeamNaam == "" && v.Weergave != "mijn" {
		if v.TeamID != "" {
			a.errorPage(w, r, http.StatusNotFound, "")
			return
		}
		v.Weergave = "mijn"
	}
	zaakTypeID := q.Get("zaaktype")
	if v.ZaakTypen, err = a.zaakTypeOptions(ctx, zaakTypeID); err != nil {
		a.fail(w, r, err)
		return
	}
	if zaakTypeID != "" && !slices.ContainsFunc(v.ZaakTypen, func(o option) bool { return o.Value == zaakTypeID }) {
		zaakTypeID = ""
	}
	statusTypeID := ""
	if zaakTypeID != "" {
		rows, err := a.DB.R.QueryContext(ctx, `SELECT id, omschrijving FROM statustypen WHERE zaaktype_id = $1 ORDER BY volgnummer`, zaakTypeID)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		for rows.Next() {
			var o option
			if err := rows.Scan(&o.Value, &o.Label); err != nil {
				rows.Close()
				a.fail(w, r, err)
				return
			}
			if o.Value == q.Get("status") {
				o.Selected, statusTypeID = true, o.Value
			}
			v.Statussen = append(v.Statussen, o)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			a.fail(w, r, err)
			return
		}
	}
	signaal := q.Get("signaal")
	if _, ok := signalLabels[signaal]; !ok || signaal == zaak.SignalDone {
		signaal = ""
	}
	v.Signalen = []option{{"", "Alle", signaal == ""}, {zaak.SignalBreached, "Overschreden", signaal == zaak.SignalBreached},
		{zaak.SignalAtRisk, "Risico", signaal == zaak.SignalAtRisk}, {zaak.SignalOnTrack, "Op schema", signaal == zaak.SignalOnTrack}}
	v.Filtered = zaakTypeID != "" || statusTypeID != "" || signaal != "" || v.Wacht || v.Initiator != ""
	if v.Initiator != "" {
		subject, ok := initiatorSubject(v.Initiator)
		msg := ""
		if !ok {
			msg = "Vul een BSN (9 cijfers), KvK-nummer (8 cijfers) of vestigingsnummer (12 cijfers) in."
		} else if subject == "bsn" {
			if e := errs.As(ident.BSN(v.Initiator)); e != nil && len(e.Fields) > 0 {
				msg = e.Fields[0].Reason
			}
		}
		if msg != "" {
			a.render(w, r, http.StatusBadRequest, "behandelen_werkvoorraad", "Werkvoorraad", v, fieldError{"initiator", msg})
			return
		}
		if err := audit.LogAccess(ctx, a.DB, audit.Access{SubjectType: subject, SubjectID: v.Initiator,
			Resource: "zaken", Reden: "werkvoorraad filteren op initiator"}); err != nil {
			a.fail(w, r, err)
			return
		}
	}
	f := zaak.QueueFilter{ZaakTypeID: zaakTypeID, StatusTypeID: statusTypeID, Signal: signaal, Waiting: v.Wacht, Initiator: v.Initiator, After: q.Get("na")}
	switch v.Weergave {
	case "mijn":
		f.BehandelaarID = u.ID
	case "team":
		f.TeamID = v.TeamID
	case "onverdeeld":
		f.TeamID, f.Unassigned = v.TeamID, true
	}
	if f.TeamID != "" {
		v.Counts, err = a.Zaken.QueueCount(ctx, f.TeamID, "")
	} else {
		v.Counts, err = a.Zaken.QueueCount(ctx, "", u.ID)
	}
	if err != nil {
		a.fail(w, r, err)
		return
	}
	page, err := a.Zaken.Queue(ctx, f)
	if err != nil {
		if e := errs.As(err); e != nil && e.Kind == errs.Invalid {
			// A stale paging link: start at the top.
			f.After = ""
			page, err = a.Zaken.Queue(ctx, f)
		}
		if err != nil {
			a.fail(w, r, err)
			return
		}
	}
	names, members, err := a.staffNames(ctx, v.TeamID)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	v.Behandelaars = members
	v.Today = formatDate(page.Today)
	for _, it := range page.Items {
		row := queueRow{It: it, Deadline: a.deadline(it.Zaak), Signal: signalOf(it.Signal), Behandelaar: names[it.Zaak.BehandelaarID],
			Werkdagen: it.WorkdaysLeft}
		for _, n := range it.Norms {
			if n.Signal == zaak.SignalDone {
				continue
			}
			row.Norms = append(row.Norms, queueNorm{Code: n.Norm.Norm, Label: normLabels[n.Norm.Norm], Signal: signalOf(n.Signal),
				Due: formatDate(n.DueDate)})
		}
		v.Rows = append(v.Rows, row)
	}
	link := func(after string) string {
		u := url.Values{}
		for _, k := range []string{"weergave", "team", "zaaktype", "status", "signaal", "wacht", "initiator"} {
			if x := q.Get(k); x != "" {
				u.Set(k, x)
			}
		}
		if after != "" {
			u.Set("na", after)
		}
		return "/behandelen?" + u.Encode()
	}
	if page.Next != "" {
		v.Next = link(page.Next)
	}
	if q.Get("na") != "" {
		v.First = link("")
	}
	a.render(w, r, http.StatusOK, "behandelen_werkvoorraad", "Werkvoorraad", v)
}

// staffNames maps user ids to names, and lists the members of team who may
// handle zaken (for assigning).
func (a *app) staffNames(ctx context.Context, teamID string) (map[string]string, []option, error) {
	users, err := a.Auth.ListUsers(ctx)
	if err != nil {
		return nil, nil, err
	}
	names := map[string]string{}
	var members []option
	for _, u := range users {
		names[u.ID] = u.Naam
		if teamID != "" && u.TeamID == teamID && u.Active && u.HasRole(auth.RoleBehandelaar, auth.RoleTeamleider) {
			members = append(members, option{Value: u.ID, Label: u.Naam})
		}
	}
	return names, members, nil
}

func (a *app) bulkToewijzen(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		a.errorPage(w, r, http.StatusBadRequest, "")
		return
	}
	ids := r.PostForm["zaak"]
	team := r.PostFormValue("team")
	back := auth.SafeNext(r.PostFormValue("terug"))
	if back == "" || !strings.HasPrefix(back, "/behandelen") {
		back = "/behandelen"
	}
	n, err := a.Zaken.Assign(r.Context(), ids, zaak.Assignment{TeamID: team, BehandelaarID: r.PostFormValue("behandelaar")})
	if err != nil {
		if e := errs.As(err); e != nil && (e.Kind == errs.Invalid || e.Kind == errs.Conflict || e.Kind == errs.Forbidden) {
			msg := e.Message
			if len(e.Fields) > 0 {
				msg = e.Fields[0].Reason
			}
			a.errorPage(w, r, e.Kind.HTTPStatus(), msg+" Ga terug en probeer het opnieuw.")
			return
		}
		a.fail(w, r, err)
		return
	}
	melding := "toegewezen"
	if n == 0 {
		melding = "niets-toegewezen"
	}
	u, _ := url.Parse(back)
	qv := u.Query()
	qv.Set("melding", melding)
	http.Redirect(w, r, u.Path+"?"+qv.Encode(), http.StatusSeeOther)
}
