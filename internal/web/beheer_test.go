package web_test

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/riverqueue/river"

	"github.com/gemeenten/loket/internal/auth"
	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/db/dbtest"
	"github.com/gemeenten/loket/internal/jobs"
	"github.com/gemeenten/loket/internal/kalender"
	"github.com/gemeenten/loket/internal/server"
	"github.com/gemeenten/loket/internal/termijn"
	"github.com/gemeenten/loket/internal/web"
	"github.com/gemeenten/loket/internal/zaak"
)

// post submits form with the CSRF token of the page at formPath.
func (b *browser) post(formPath, action string, form url.Values) page {
	b.e.t.Helper()
	form.Set("csrf", csrfOf(b.e.t, b.get(formPath)))
	return b.do("POST", action, form)
}

func count(t *testing.T, d *db.DB, table string) int {
	t.Helper()
	var n int
	if err := d.R.QueryRow(`SELECT COUNT(*) FROM ` + table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func wantField(t *testing.T, p page, id, msg string) {
	t.Helper()
	if p.code != http.StatusBadRequest && p.code != http.StatusConflict {
		t.Fatalf("want an error status, got %d", p.code)
	}
	if !strings.Contains(p.body, `href="#`+id+`"`) || !strings.Contains(p.body, `id="foutmelding"`) {
		t.Fatalf("error summary does not link to #%s:\n%s", id, p.body)
	}
	if msg != "" && !strings.Contains(p.body, msg) {
		t.Fatalf("page lacks %q:\n%s", msg, p.body)
	}
}

func TestBeheerAccess(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, 0)
		if _, err := e.auth.CreateUser(e.ctx, auth.NewUser{Username: "behandelaar", Naam: "Mw. behandelaar", Password: password,
			Roles: []string{auth.RoleBehandelaar}}); err != nil {
			t.Fatal(err)
		}
		anon := e.browser()
		if p := anon.get("/beheer/medewerkers"); p.code != http.StatusSeeOther || !strings.HasPrefix(p.header.Get("Location"), "/login?next=") {
			t.Fatalf("anonymous /beheer/medewerkers: %d %s", p.code, p.header.Get("Location"))
		}

		b := e.browser()
		b.login("behandelaar", password, "")
		for _, path := range []string{"/beheer", "/beheer/medewerkers", "/beheer/medewerkers/nieuw", "/beheer/teams",
			"/beheer/kalender", "/beheer/taken", "/beheer/medewerkers/" + e.users["kcc"].ID} {
			if p := b.get(path); p.code != http.StatusForbidden || !strings.Contains(p.body, "Geen toegang") {
				t.Fatalf("behandelaar on %s: %d", path, p.code)
			}
		}
		// Writes are refused too, with a valid CSRF token, and change nothing.
		teams := count(t, d, "teams")
		p := b.post("/zaken", "/beheer/teams", url.Values{"code": {"X"}, "naam": {"X"}, "sla": {"1"}})
		if p.code != http.StatusForbidden || count(t, d, "teams") != teams {
			t.Fatalf("behandelaar POST /beheer/teams: %d", p.code)
		}
		p = b.post("/zaken", "/beheer/kalender", url.Values{"datum": {"2026-06-02"}, "soort": {"gesloten"}})
		if p.code != http.StatusForbidden || count(t, d, "kalender_dagen") != 0 {
			t.Fatalf("behandelaar POST /beheer/kalender: %d", p.code)
		}
		if p := b.get("/zaken"); strings.Contains(p.body, `href="/beheer"`) || !strings.Contains(p.body, `href="/termijn"`) {
			t.Fatal("navigation: behandelaar sees Beheer or misses Termijn berekenen")
		}

		adm := e.browser()
		adm.login("beheerder", password, "")
		p = adm.get("/beheer")
		if p.code != 200 || !strings.Contains(p.body, `aria-current="page">Beheer`) {
			t.Fatalf("beheerder /beheer: %d", p.code)
		}
		for _, href := range []string{"/beheer/medewerkers", "/beheer/teams", "/beheer/kalender", "/beheer/taken", "/termijn"} {
			if !strings.Contains(p.body, `href="`+href+`"`) {
				t.Errorf("overview lacks a link to %s", href)
			}
		}
	})
}

var userLink = regexp.MustCompile(`^/beheer/medewerkers/([0-9a-f-]{36})\?melding=aangemaakt$`)

func TestBeheerMedewerkersEnTeams(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, 0)
		b := e.browser()
		b.login("beheerder", password, "")

		// A team.
		p := b.post("/beheer/teams", "/beheer/teams", url.Values{"code": {"VERG"}, "naam": {"Vergunningen"},
			"email": {"vergunningen@voorbeeld.nl"}, "telefoon": {"14 0123"}, "sla": {"2"}})
		if p.code != http.StatusSeeOther || p.header.Get("Location") != "/beheer/teams?melding=team-aangemaakt" {
			t.Fatalf("create team: %d %s\n%s", p.code, p.header.Get("Location"), p.body)
		}
		teams, _ := e.auth.ListTeams(e.ctx)
		if len(teams) != 1 || teams[0].Code != "VERG" || teams[0].ContactverzoekSLAWerkdagen != 2 || teams[0].Telefoon != "14 0123" {
			t.Fatalf("teams: %+v", teams)
		}
		team := teams[0]
		if p := b.get("/beheer/teams?melding=team-aangemaakt"); !strings.Contains(p.body, "Het team is aangemaakt.") ||
			!strings.Contains(p.body, "Vergunningen") || !strings.Contains(p.body, "2 werkdagen") {
			t.Fatal("team list after create")
		}
		// Bad team input: every field error in the summary, nothing written.
		p = b.post("/beheer/teams", "/beheer/teams", url.Values{"code": {"met spatie"}, "naam": {""}, "email": {"geen-adres"}, "sla": {"twee"}})
		wantField(t, p, "code", "Vul een code in")
		wantField(t, p, "naam", "Vul de naam van het team in.")
		wantField(t, p, "email", "Vul een geldig e-mailadres in.")
		wantField(t, p, "sla", "Vul een geheel aantal werkdagen in")
		if !strings.Contains(p.body, `value="met spatie"`) || !strings.Contains(p.body, `aria-describedby="sla-fout sla-uitleg"`) {
			t.Fatal("bad team form does not keep the input or describe the error")
		}
		p = b.post("/beheer/teams", "/beheer/teams", url.Values{"code": {"VERG"}, "naam": {"Nog een"}, "sla": {"1"}})
		wantField(t, p, "code", "Er is al een team met deze code.")
		if n := count(t, d, "teams"); n != 1 {
			t.Fatalf("bad input wrote teams: %d", n)
		}

		// A user, with team and roles.
		if p := b.get("/beheer/medewerkers/nieuw"); p.code != 200 || !strings.Contains(p.body, `id="rol-behandelaar"`) ||
			!strings.Contains(p.body, "Vergunningen (VERG)") {
			t.Fatalf("new user form: %d", p.code)
		}
		users := count(t, d, "users")
		p = b.post("/beheer/medewerkers/nieuw", "/beheer/medewerkers/nieuw", url.Values{"username": {"Jan Jansen"}, "naam": {""},
			"password": {"kort"}, "rollen": {auth.RoleBehandelaar}, "team": {team.ID}})
		wantField(t, p, "username", "Vul een gebruikersnaam in")
		wantField(t, p, "naam", "Vul de naam van de medewerker in.")
		wantField(t, p, "password", "minstens 12 tekens")
		if strings.Contains(p.body, `value="kort"`) {
			t.Fatal("the password is echoed back into the page")
		}
		if !regexp.MustCompile(`id="rol-behandelaar" name="rollen" value="behandelaar" checked`).MatchString(p.body) {
			t.Fatal("ticked role lost after an error")
		}
		if n := count(t, d, "users"); n != users {
			t.Fatalf("bad input wrote users: %d → %d", users, n)
		}
		p = b.post("/beheer/medewerkers/nieuw", "/beheer/medewerkers/nieuw", url.Values{"username": {"j.jansen"}, "naam": {"Jan Jansen"},
			"email": {"j.jansen@voorbeeld.nl"}, "password": {"een-nieuw-wachtwoord"}, "rollen": {auth.RoleBehandelaar, auth.RoleTeamleider},
			"team": {team.ID}})
		m := userLink.FindStringSubmatch(p.header.Get("Location"))
		if p.code != http.StatusSeeOther || m == nil {
			t.Fatalf("create user: %d %s\n%s", p.code, p.header.Get("Location"), p.body)
		}
		id := m[1]
		u, err := e.auth.GetUser(e.ctx, id)
		if err != nil || u.Username != "j.jansen" || u.TeamID != team.ID || !u.HasRole(auth.RoleBehandelaar) || !u.HasRole(auth.RoleTeamleider) || u.HasRole(auth.RoleKCC) {
			t.Fatalf("created user: %+v %v", u, err)
		}
		if p := b.get("/beheer/medewerkers/" + id + "?melding=aangemaakt"); !strings.Contains(p.body, "De medewerker is aangemaakt.") ||
			!strings.Contains(p.body, "Behandelaar, Teamleider") {
			t.Fatal("user page after create")
		}
		p = b.get("/beheer/medewerkers")
		for _, want := range []string{"Jan Jansen", "j.jansen", "Vergunningen", "Behandelaar, Teamleider", "Nog nooit"} {
			if !strings.Contains(p.body, want) {
				t.Errorf("user list lacks %q", want)
			}
		}
		// An OIDC-only account: no password.
		p = b.post("/beheer/medewerkers/nieuw", "/beheer/medewerkers/nieuw", url.Values{"username": {"oidc.alleen"}, "naam": {"Olga"}})
		if p.code != http.StatusSeeOther {
			t.Fatalf("OIDC-only user: %d\n%s", p.code, p.body)
		}
		if o, _ := e.auth.GetUserByUsername(e.ctx, "oidc.alleen"); o.HasPassword {
			t.Fatal("OIDC-only user has a password")
		}

		page := "/beheer/medewerkers/" + id
		// Team: none, then an unknown one (refused).
		if p := b.post(page, page+"/team", url.Values{"team": {""}}); p.code != http.StatusSeeOther {
			t.Fatalf("clear team: %d", p.code)
		}
		if u, _ := e.auth.GetUser(e.ctx, id); u.TeamID != "" {
			t.Fatal("team not cleared")
		}
		wantField(t, b.post(page, page+"/team", url.Values{"team": {"00000000-0000-0000-0000-000000000009"}}), "team", "Kies een bestaand team.")
		// Roles: an unknown role is refused and nothing changes.
		wantField(t, b.post(page, page+"/rollen", url.Values{"rollen": {"baas"}}), "rol-kcc", "Onbekende rol")
		if u, _ := e.auth.GetUser(e.ctx, id); len(u.Roles) != 2 {
			t.Fatalf("roles after bad input: %v", u.Roles)
		}
		if p := b.post(page, page+"/rollen", url.Values{"rollen": {auth.RoleKCC}}); p.code != http.StatusSeeOther {
			t.Fatalf("set roles: %d", p.code)
		}
		if u, _ := e.auth.GetUser(e.ctx, id); len(u.Roles) != 1 || u.Roles[0] != auth.RoleKCC {
			t.Fatalf("roles: %v", u.Roles)
		}
		// Password reset: too short is refused; a good one works for login.
		wantField(t, b.post(page, page+"/wachtwoord", url.Values{"password": {"kort"}}), "password", "minstens 12 tekens")
		if p := b.post(page, page+"/wachtwoord", url.Values{"password": {"nog-een-lang-wachtwoord"}}); p.code != http.StatusSeeOther {
			t.Fatalf("reset password: %d", p.code)
		}
		if p := e.browser().login("j.jansen", "nog-een-lang-wachtwoord", ""); p.code != http.StatusSeeOther {
			t.Fatalf("login with the reset password: %d", p.code)
		}
		// Deactivate.
		if p := b.post(page, page+"/deactiveren", url.Values{}); p.code != http.StatusSeeOther {
			t.Fatalf("deactivate: %d", p.code)
		}
		if u, _ := e.auth.GetUser(e.ctx, id); u.Active {
			t.Fatal("still active")
		}
		if p := e.browser().login("j.jansen", "nog-een-lang-wachtwoord", ""); p.code != http.StatusUnauthorized {
			t.Fatalf("deactivated user logs in: %d", p.code)
		}
		if p := b.get(page); !strings.Contains(p.body, "Dit account is gedeactiveerd.") {
			t.Fatal("deactivated user page")
		}
		if p := b.get("/beheer/medewerkers/00000000-0000-0000-0000-000000000009"); p.code != http.StatusNotFound {
			t.Fatalf("unknown user: %d", p.code)
		}
	})
}

func TestBeheerSelfLockout(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, 0)
		b := e.browser()
		b.login("beheerder", password, "")
		self := "/beheer/medewerkers/" + e.users["beheerder"].ID
		p := b.post(self, self+"/rollen", url.Values{"rollen": {auth.RoleKCC}})
		wantField(t, p, "rol-kcc", auth.SelfRoleMessage)
		p = b.post(self, self+"/deactiveren", url.Values{})
		if p.code != http.StatusConflict {
			t.Fatalf("self-deactivation: %d", p.code)
		}
		wantField(t, p, "deactiveren", auth.SelfDeactivateMessage)
		u, _ := e.auth.GetUser(e.ctx, e.users["beheerder"].ID)
		if !u.Active || !u.HasRole(auth.RoleBeheerder) {
			t.Fatalf("beheerder locked themselves out: %+v", u)
		}
		// The session survived: the page still opens.
		if p := b.get("/beheer"); p.code != 200 {
			t.Fatalf("after refused self-lock-out: %d", p.code)
		}
	})
}

func n1Due(t *testing.T, e *env, z *zaak.Zaak) date.Date {
	t.Helper()
	norms, err := e.zs.Norms(e.ctx, z.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range norms {
		if n.Norm == "N1" {
			return n.DueDate
		}
	}
	t.Fatalf("zaak %s has no N1", z.Identificatie)
	return date.Date{}
}

func TestBeheerKalender(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, 1) // the zaak also fills the zaak service's calendar cache
		b := e.browser()
		b.login("beheerder", password, "")

		// Registered on Friday 20 March 2026: N1 (3 werkdagen) is due Wednesday 25 March.
		if got := n1Due(t, e, e.zaken[0]); got != date.MustParse("2026-03-25") {
			t.Fatalf("N1 before the closing day: %s", got)
		}

		p := b.get("/beheer/kalender")
		for _, want := range []string{"Kalender 2026", "Goede Vrijdag", "Koningsdag", "vrijdag na Hemelvaartsdag", "Atw art. 3 lid 1",
			"Besluit gelijkstelling", "servicenormen", "wettelijke termijnen", "Voor 2026 zijn er geen eigen"} {
			if !strings.Contains(p.body, want) {
				t.Errorf("calendar page lacks %q", want)
			}
		}
		// Bad input: field errors, nothing written.
		wantField(t, b.post("/beheer/kalender", "/beheer/kalender", url.Values{"datum": {"2026-02-30"}, "soort": {"gesloten"}}), "datum", "Vul een bestaande datum in")
		wantField(t, b.post("/beheer/kalender", "/beheer/kalender", url.Values{"datum": {"2026-03-28"}, "soort": {"gesloten"}}), "datum", "is al geen werkdag (zaterdag)")
		wantField(t, b.post("/beheer/kalender", "/beheer/kalender", url.Values{"datum": {"2026-03-24"}, "soort": {"open"}}), "datum", "is al een werkdag")
		p = b.post("/beheer/kalender", "/beheer/kalender", url.Values{"datum": {"2026-03-24"}, "omschrijving": {"Verhuizing"}})
		wantField(t, p, "soort-gesloten", "Kies of de gemeente op deze dag gesloten of juist open is.")
		if !strings.Contains(p.body, `value="Verhuizing"`) {
			t.Fatal("omschrijving lost after an error")
		}
		if n := count(t, d, "kalender_dagen"); n != 0 {
			t.Fatalf("bad input wrote %d days", n)
		}
		if p := b.get("/beheer/kalender?jaar=twee"); p.code != http.StatusBadRequest || !strings.Contains(p.body, `href="#jaar"`) {
			t.Fatalf("bad year: %d", p.code)
		}

		// Close on Tuesday 24 March: inside N1's window.
		p = b.post("/beheer/kalender", "/beheer/kalender", url.Values{"datum": {"2026-03-24"}, "soort": {"gesloten"}, "omschrijving": {"Verhuizing gemeentehuis"}})
		if p.code != http.StatusSeeOther || p.header.Get("Location") != "/beheer/kalender?jaar=2026&melding=dag-toegevoegd" {
			t.Fatalf("add day: %d %s\n%s", p.code, p.header.Get("Location"), p.body)
		}
		p = b.get("/beheer/kalender?jaar=2026&melding=dag-toegevoegd")
		if !strings.Contains(p.body, "De dag is toegevoegd") || !strings.Contains(p.body, "Verhuizing gemeentehuis") || !strings.Contains(p.body, "24 maart 2026") {
			t.Fatal("calendar page after adding")
		}
		wantField(t, b.post("/beheer/kalender", "/beheer/kalender", url.Values{"datum": {"2026-03-24"}, "soort": {"gesloten"}}), "datum", "staat al een dag")

		// A zaak created now counts the closing day at once (no waiting for the cache).
		z, err := e.zs.Create(e.ctx, zaak.CreateInput{Bronorganisatie: rsinGemeente, VerantwoordelijkeOrganisatie: rsinGemeente,
			ZaakTypeID: e.zaken[0].ZaakType.ID, Omschrijving: "Na de sluitingsdag", Startdatum: date.Of(today), Kanaal: "balie"})
		if err != nil {
			t.Fatal(err)
		}
		if got := n1Due(t, e, z); got != date.MustParse("2026-03-26") {
			t.Fatalf("N1 after closing 24 March: %s, want 2026-03-26", got)
		}
		// The legal deadline does not move.
		if z.UiterlijkeEinddatumAfdoening != e.zaken[0].UiterlijkeEinddatumAfdoening {
			t.Fatalf("legal deadline moved: %s → %s", e.zaken[0].UiterlijkeEinddatumAfdoening, z.UiterlijkeEinddatumAfdoening)
		}
		cal, _ := termijn.LoadOperational(e.ctx, d.R)
		if cal.IsWorkday(date.MustParse("2026-03-24")) {
			t.Fatal("operational calendar still counts 24 March")
		}

		// Remove it again: the next zaak is back to 25 March.
		p = b.post("/beheer/kalender", "/beheer/kalender/verwijderen", url.Values{"datum": {"2026-03-24"}})
		if p.code != http.StatusSeeOther || count(t, d, "kalender_dagen") != 0 {
			t.Fatalf("remove: %d", p.code)
		}
		z2, err := e.zs.Create(e.ctx, zaak.CreateInput{Bronorganisatie: rsinGemeente, VerantwoordelijkeOrganisatie: rsinGemeente,
			ZaakTypeID: e.zaken[0].ZaakType.ID, Omschrijving: "Na het verwijderen", Startdatum: date.Of(today), Kanaal: "balie"})
		if err != nil {
			t.Fatal(err)
		}
		if got := n1Due(t, e, z2); got != date.MustParse("2026-03-25") {
			t.Fatalf("N1 after removing the closing day: %s", got)
		}
		if p := b.post("/beheer/kalender", "/beheer/kalender/verwijderen", url.Values{"datum": {"2026-03-24"}}); p.code != http.StatusNotFound {
			t.Fatalf("removing a day that is not there: %d", p.code)
		}
		// Open on a Saturday.
		p = b.post("/beheer/kalender", "/beheer/kalender", url.Values{"datum": {"2026-03-21"}, "soort": {kalender.Open}, "omschrijving": {"Verkiezingen"}})
		if p.code != http.StatusSeeOther {
			t.Fatalf("open day: %d\n%s", p.code, p.body)
		}
		if days, _ := kalender.List(e.ctx, d.R, 2026); len(days) != 1 || days[0].Soort != kalender.Open {
			t.Fatalf("days: %+v", days)
		}
	})
}

type beheerTestArgs struct{ N int }

func (beheerTestArgs) Kind() string { return "beheer_test" }

// withJobs is a copy of e whose pages show a job queue holding n jobs of
// kind beheer_test (never worked: the queue is not started).
func (e *env) withJobs(t *testing.T, n int) *env {
	t.Helper()
	log := slog.New(slog.DiscardHandler)
	q, err := jobs.New(e.d, log, jobs.Config{})
	if err != nil {
		t.Fatal(err)
	}
	for i := range n {
		if err := q.Enqueue(context.Background(), beheerTestArgs{N: i}, &river.InsertOpts{MaxAttempts: 3}); err != nil {
			t.Fatal(err)
		}
	}
	h, err := web.New(web.Deps{DB: e.d, Log: log, Auth: e.auth, Zaken: e.zs, Jobs: q, Now: func() time.Time { return today }})
	if err != nil {
		t.Fatal(err)
	}
	e2 := *e
	e2.srv = httptest.NewServer(server.Observe(log, server.SecurityHeaders(false, h)))
	t.Cleanup(e2.srv.Close)
	return &e2
}

func TestBeheerTaken(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, 0)
		b := e.browser()
		b.login("beheerder", password, "")
		if p := b.get("/beheer/taken"); p.code != 200 || !strings.Contains(p.body, "niet beschikbaar") {
			t.Fatalf("without a queue: %d", p.code)
		}

		e2 := e.withJobs(t, web.TakenPageSize+1)
		b2 := e2.browser()
		b2.login("beheerder", password, "")

		rowRe := regexp.MustCompile(`<td class="loket-num">(\d+)</td>`)
		p := b2.get("/beheer/taken")
		rows := rowRe.FindAllStringSubmatch(p.body, -1)
		if p.code != 200 || len(rows) != web.TakenPageSize || !strings.Contains(p.body, "beheer_test") || !strings.Contains(p.body, "0 van 3") {
			t.Fatalf("jobs page: %d with %d rows\n%s", p.code, len(rows), p.body)
		}
		if rows[0][1] <= rows[1][1] && len(rows[0][1]) == len(rows[1][1]) {
			t.Fatalf("not newest first: %s then %s", rows[0][1], rows[1][1])
		}
		older := regexp.MustCompile(`href="(/beheer/taken\?voor=\d+)"`).FindStringSubmatch(p.body)
		if older == nil {
			t.Fatal("no link to older jobs")
		}
		p = b2.get(older[1])
		if rows := rowRe.FindAllStringSubmatch(p.body, -1); len(rows) != 1 || !strings.Contains(p.body, "Nieuwste taken") {
			t.Fatalf("older page: %d rows", len(rows))
		}
		if rows := rowRe.FindAllString(b2.get("/beheer/taken?status=available&soort=beheer_test").body, -1); len(rows) != web.TakenPageSize {
			t.Fatalf("filter available + kind: %d rows", len(rows))
		}
		if p := b2.get("/beheer/taken?status=completed"); !strings.Contains(p.body, "Geen taken gevonden die voldoen aan het filter") {
			t.Fatal("filter completed shows jobs")
		}
		if p := b2.get("/beheer/taken?soort=iets_anders"); rowRe.MatchString(p.body) {
			t.Fatal("kind filter ignored")
		}
		if p := b2.get("/beheer/taken?status=kapot"); p.code != http.StatusBadRequest || !strings.Contains(p.body, `href="#status"`) {
			t.Fatalf("bad state: %d", p.code)
		}
	})
}

func TestTermijnPage(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, 0)
		b := e.browser()
		b.login("kcc", password, "")
		p := b.get("/termijn")
		if p.code != 200 || !strings.Contains(p.body, `value="2026-03-20"`) || !strings.Contains(p.body, `aria-current="page">Termijn berekenen`) {
			t.Fatalf("termijn form: %d", p.code)
		}
		p = b.post("/termijn", "/termijn", url.Values{"ontvangst": {"2026-03-20"}, "termijn": {"8 weken"},
			"opschorting-van": {"2026-04-01"}, "opschorting-tot": {"2026-04-15"}, "verlenging": {"P6W"}})
		want := termijn.Deadline(date.MustParse("2026-03-20"), termijn.Weeks(8), termijn.Legal(), termijn.Options{
			Suspensions: []termijn.Suspension{{Requested: date.MustParse("2026-04-01"), Until: date.MustParse("2026-04-15")}},
			Extensions:  []termijn.Duration{termijn.Weeks(6)}})
		if p.code != 200 || !strings.Contains(p.body, `<p class="loket-deadline" id="einddatum">`+formatDay(want.End)+`</p>`) {
			t.Fatalf("result: %d, want %s\n%s", p.code, want.End, p.body)
		}
		for _, l := range want.Lines {
			if !strings.Contains(p.body, "<li>"+htmlEscape(l)+"</li>") {
				t.Errorf("explanation lacks %q", l)
			}
		}
		// ISO input gives the same.
		p2 := b.post("/termijn", "/termijn", url.Values{"ontvangst": {"2026-03-20"}, "termijn": {"P8W"}})
		plain := termijn.Deadline(date.MustParse("2026-03-20"), termijn.Weeks(8), termijn.Legal(), termijn.Options{})
		if !strings.Contains(p2.body, `id="einddatum">`+formatDay(plain.End)) {
			t.Fatalf("ISO term: want %s", plain.End)
		}
		// Bad input.
		p = b.post("/termijn", "/termijn", url.Values{"ontvangst": {"20-03-2026"}, "termijn": {"acht weken"}, "opschorting-van": {"2026-04-01"}})
		wantField(t, p, "ontvangst", "Vul bij datum van ontvangst een bestaande datum in")
		wantField(t, p, "termijn", "Vul de beslistermijn in als aantal")
		wantField(t, p, "opschorting-tot", "Vul ook in tot wanneer")
		if strings.Contains(p.body, `id="einddatum"`) {
			t.Fatal("a result next to errors")
		}
		wantField(t, b.post("/termijn", "/termijn", url.Values{"ontvangst": {"2026-03-20"}, "termijn": {"0 weken"}}), "termijn", "moet langer zijn dan 0 dagen")
		wantField(t, b.post("/termijn", "/termijn", url.Values{"ontvangst": {"2026-03-20"}, "termijn": {"8 weken"},
			"opschorting-van": {"2026-04-15"}, "opschorting-tot": {"2026-04-01"}}), "opschorting-tot", "vóór het begin")
		// Without CSRF: refused.
		if p := b.do("POST", "/termijn", url.Values{"ontvangst": {"2026-03-20"}, "termijn": {"8 weken"}}); p.code != http.StatusForbidden {
			t.Fatalf("no csrf: %d", p.code)
		}
	})
}

func htmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;", "+", "&#43;").Replace(s)
}
