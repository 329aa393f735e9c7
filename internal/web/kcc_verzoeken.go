package web

import (
	"context"
	"net/http"
	"net/url"

	"github.com/gemeenten/loket/internal/audit"
	"github.com/gemeenten/loket/internal/auth"
	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/kennis"
	"github.com/gemeenten/loket/internal/klant"
)

// The contactverzoeken (terugbelnotities) of a team: a queue ordered by due
// moment with the overdue ones marked; the employee calls back, records the
// outcome, or forwards the verzoek with its context.

type kccQueueView struct {
	Teams  []option
	TeamID string
	Alle   bool
	Rows   []kccQueueRow
	Notice string
	Open   int
	TeLaat int
}

type kccQueueRow struct {
	T          klant.InterneTaak
	Contact    klant.Klantcontact
	TeLaat     bool
	Escalatie  *kennis.Escalatie
	Medewerker string
}

func (a *app) kccVerzoeken(w http.ResponseWriter, r *http.Request) {
	u, _ := auth.CurrentUser(r)
	teamID := r.URL.Query().Get("team")
	if _, set := r.URL.Query()["team"]; !set {
		teamID = u.TeamID
	}
	if teamID != "" && !validID(teamID) {
		teamID = ""
	}
	_, teams, err := a.teamNames(r)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	v := kccQueueView{Teams: teamOptions(teams, teamID), TeamID: teamID, Notice: kccNotice(r)}
	v.Teams[0].Label = "Alle teams"
	taken, _, err := a.KCC.Klant.ListInterneTaken(r.Context(), klant.TaakFilter{TeamID: teamID, Status: klant.TeVerwerken,
		Page: klant.Page{Limit: 200}})
	if err != nil {
		a.fail(w, r, err)
		return
	}
	var ids []string
	for _, t := range taken {
		ids = append(ids, t.ID)
	}
	esc, err := a.KCC.Kennis.Escalaties(r.Context(), ids)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	users := map[string]string{}
	if all, err := a.Auth.ListUsers(r.Context()); err == nil {
		for _, u := range all {
			users[u.ID] = u.Naam
		}
	}
	now := a.Now()
	for _, t := range taken {
		row := kccQueueRow{T: t, TeLaat: t.TeLaat(now), Medewerker: users[t.MedewerkerID]}
		if e, ok := esc[t.ID]; ok {
			row.Escalatie = &e
		}
		if c, err := a.KCC.Klant.GetContact(r.Context(), t.KlantcontactID); err == nil {
			row.Contact = c
		}
		if row.TeLaat {
			v.TeLaat++
		}
		v.Rows = append(v.Rows, row)
	}
	v.Open = len(v.Rows)
	a.render(w, r, http.StatusOK, "kcc_verzoeken", "Contactverzoeken", v)
}

type kccVerzoekView struct {
	T               klant.InterneTaak
	Contact         klant.Klantcontact
	TeamNaam        string
	Medewerker      string
	TeLaat          bool
	Escalatie       *kennis.Escalatie
	Afhandeling     textArea
	Teams           []option
	Medewerkers     []option
	Notice          string
	DoorError       string
	AfgehandeldDoor string
}

func (a *app) kccVerzoekPage(w http.ResponseWriter, r *http.Request, status int, afh string, fe []fieldError) {
	ctx := r.Context()
	t, err := a.KCC.Klant.GetInterneTaak(ctx, r.PathValue("id"))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	c, err := a.KCC.Klant.GetContact(ctx, t.KlantcontactID)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if c.PartijKey != "" {
		if err := audit.LogAccess(ctx, a.DB, audit.Access{SubjectType: subjectType(c.PartijType), SubjectID: c.PartijKey,
			Resource: "contactverzoek", ResourceID: t.ID, Reden: "Contactverzoek " + t.Nummer + " afhandelen"}); err != nil {
			a.fail(w, r, err)
			return
		}
	}
	names, teams, err := a.teamNames(r)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	users, err := a.Auth.ListUsers(ctx)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	v := kccVerzoekView{T: t, Contact: c, TeamNaam: names[t.TeamID], TeLaat: t.TeLaat(a.Now()),
		Afhandeling: textArea{ID: "afhandeling", Label: "Wat is er gebeurd?", Value: afh, Rows: 4, Required: true,
			Hint: "Bijvoorbeeld: klant gebeld, vraag beantwoord. Of: twee keer gebeld, niet bereikt, brief gestuurd."},
		Teams: teamOptions(teams, t.TeamID)}
	v.Teams[0].Label = "Kies een team"
	v.Medewerkers = []option{{Value: "", Label: "Geen medewerker: het team pakt het op"}}
	for _, u := range users {
		if u.ID == t.MedewerkerID {
			v.Medewerker = u.Naam
		}
		if u.ID == t.AfgehandeldDoor {
			v.AfgehandeldDoor = u.Naam
		}
		if u.Active && u.HasRole(auth.RoleBehandelaar, auth.RoleTeamleider, auth.RoleKCC) {
			v.Medewerkers = append(v.Medewerkers, option{Value: u.ID, Label: u.Naam, Selected: u.ID == t.MedewerkerID})
		}
	}
	if esc, err := a.KCC.Kennis.Escalaties(ctx, []string{t.ID}); err == nil {
		if e, ok := esc[t.ID]; ok {
			v.Escalatie = &e
		}
	}
	for _, e := range fe {
		switch e.Field {
		case "afhandeling":
			v.Afhandeling.Error = e.Message
		case "doorsturen":
			v.DoorError = e.Message
		}
	}
	if len(fe) == 0 {
		v.Notice = kccNotice(r)
	}
	a.render(w, r, status, "kcc_verzoek", "Contactverzoek "+t.Nummer, v, fe...)
}

func (a *app) kccVerzoek(w http.ResponseWriter, r *http.Request) {
	a.kccVerzoekPage(w, r, http.StatusOK, "", nil)
}

func (a *app) kccVerzoekAfhandelen(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	afh := r.PostFormValue("afhandeling")
	t, err := a.KCC.Klant.HandelTaakAf(ctx, r.PathValue("id"), afh)
	if err != nil {
		fe, status, ok := formErrors(err, map[string]string{"afhandeling": "afhandeling"}, "afhandeling")
		if !ok {
			a.fail(w, r, err)
			return
		}
		a.kccVerzoekPage(w, r, status, afh, fe)
		return
	}
	// Calling back about a zaak answers the customer's status question (N7).
	a.answerStatusQuestion(ctx, t)
	redirectNotice(w, r, "/kcc/contactverzoeken/"+t.ID, "contactverzoek-klaar", nil)
}

func (a *app) answerStatusQuestion(ctx context.Context, t klant.InterneTaak) {
	c, err := a.KCC.Klant.GetContact(ctx, t.KlantcontactID)
	if err != nil || c.ZaakID == "" {
		return
	}
	if err := a.Zaken.AnswerStatusQuestion(ctx, c.ZaakID, 0); err != nil && !errs.Is(err, errs.Conflict) {
		a.Log.ErrorContext(ctx, "kcc: answer status question", "zaak", c.ZaakID, "err", err)
	}
}

func (a *app) kccVerzoekDoorsturen(w http.ResponseWriter, r *http.Request) {
	t, err := a.KCC.Klant.WijsTaakToe(r.Context(), r.PathValue("id"), r.PostFormValue("team"), r.PostFormValue("medewerker"))
	if err != nil {
		fe, status, ok := formErrors(err, map[string]string{}, "doorsturen")
		if !ok {
			a.fail(w, r, err)
			return
		}
		a.kccVerzoekPage(w, r, status, "", fe)
		return
	}
	redirectNotice(w, r, "/kcc/contactverzoeken/"+t.ID, "contactverzoek-doorgestuurd", url.Values{})
}
