package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/gemeenten/loket/internal/auth"
	"github.com/gemeenten/loket/internal/burger"
	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/db/dbtest"
	"github.com/gemeenten/loket/internal/klant"
	"github.com/gemeenten/loket/internal/kto"
	"github.com/gemeenten/loket/internal/mail"
	"github.com/gemeenten/loket/internal/web"
)

const (
	ktoAnnaEmail = "anna@example.nl"
	ktoBSNPiet   = "123456782"
)

// ktoEnv is the pages with the KTO section, the PIP simulation, Anna (with
// an e-mail address) and Piet (without), two teams, a manager and a
// teamleider of team A.
type ktoEnv struct {
	*env
	kto          *kto.Service
	klant        *klant.Service
	teamA, teamB string
}

func newKTOEnv(t *testing.T, d *db.DB) *ktoEnv {
	t.Helper()
	k := &ktoEnv{}
	k.env = newEnvWith(t, d, 0, func(e *env, deps *web.Deps) {
		for _, p := range []struct{ bsn, voornaam, email string }{{bsnAnna, "Anna", ktoAnnaEmail}, {ktoBSNPiet, "Piet", ""}} {
			if _, err := d.W.ExecContext(e.ctx, `INSERT INTO personen (bsn, voornamen, geslachtsnaam, woonplaats, email)
				VALUES ($1, $2, 'Jansen', 'Voorbeeld', $3)`, p.bsn, p.voornaam, p.email); err != nil {
				t.Fatal(err)
			}
		}
		for i, code := range []string{"A", "B"} {
			tm, err := e.auth.CreateTeam(e.ctx, auth.Team{Code: "TEAM" + code, Naam: "Team " + code})
			if err != nil {
				t.Fatal(err)
			}
			if i == 0 {
				k.teamA = tm.ID
			} else {
				k.teamB = tm.ID
			}
		}
		for _, u := range []auth.NewUser{
			{Username: "manager", Naam: "Mw. Manager", Password: password, Roles: []string{auth.RoleManager}},
			{Username: "teamleider", Naam: "Dhr. Teamleider", Password: password, Roles: []string{auth.RoleTeamleider}, TeamID: k.teamA},
		} {
			usr, err := e.auth.CreateUser(e.ctx, u)
			if err != nil {
				t.Fatal(err)
			}
			e.users[u.Username] = usr
		}
		now := func() time.Time { return today }
		// The outbox without a queue or SMTP: the invitation e-mail waits
		// there, and the test reads its link.
		k.kto = kto.New(d, nil, mail.New(d, nil, mail.Config{}, now, nil), now, nil)
		k.kto.BaseURL = "http://loket.test"
		k.klant = klant.New(d)
		k.klant.Now = now
		deps.KTO = web.KTODeps{Service: k.kto}
		deps.Citizen = web.CitizenDeps{Burger: burger.New(d, e.auth.Sign, burger.Config{Simulation: true, Now: now}), Klant: k.klant}
	})
	return k
}

// invite registers a contact of bsn on kanaal for team and runs the
// invitation as the job would.
func (k *ktoEnv) invite(bsn, kanaal, team string) {
	k.t.Helper()
	id, err := k.klant.RegisterContactID(k.ctx, klant.ContactInput{Kanaal: kanaal, BSN: bsn, Onderwerp: "Paspoort",
		Uitkomst: klant.DirectBeantwoord, TeamID: team})
	if err != nil {
		k.t.Fatal(err)
	}
	if out, err := k.kto.Invite(context.Background(), kto.BronKlantcontact, id); err != nil || out != kto.Invited {
		k.t.Fatalf("invite: %s %v", out, err)
	}
}

var ktoLinkRe = regexp.MustCompile(`http://loket\.test(/kto\?t=[A-Za-z0-9_\-]+)`)

// link returns the survey path from the newest invitation e-mail to addr.
func (k *ktoEnv) link(addr string) string {
	k.t.Helper()
	var text string
	if err := k.d.R.QueryRow(`SELECT tekst FROM mail_berichten WHERE aan = $1 ORDER BY created_at DESC LIMIT 1`, addr).Scan(&text); err != nil {
		k.t.Fatal(err)
	}
	m := ktoLinkRe.FindStringSubmatch(text)
	if m == nil {
		k.t.Fatalf("no survey link in:\n%s", text)
	}
	return m[1]
}

func tokenOf(path string) string {
	u, _ := url.Parse(path)
	return u.Query().Get("t")
}

func TestKTOSurveyByLink(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		k := newKTOEnv(t, d)
		k.invite(bsnAnna, "telefoon", k.teamA)
		path := k.link(ktoAnnaEmail)
		b := k.browser()
		pg := b.get(path)
		if pg.code != http.StatusOK {
			t.Fatalf("survey: %d", pg.code)
		}
		for _, want := range []string{"<fieldset", "<legend", `type="radio"`, `id="cijfer-10"`, `id="prijs-nvt"`, "Telefoon"} {
			if !strings.Contains(pg.body, want) {
				t.Errorf("survey page lacks %q", want)
			}
		}
		if strings.Contains(pg.body, bsnAnna) || strings.Contains(pg.body, "Anna") {
			t.Error("the public survey page shows who was invited")
		}
		csrf := csrfOf(t, pg)
		tok := tokenOf(path)
		// Without the CSRF token the middleware refuses the post.
		if pg := b.do("POST", "/kto", url.Values{"t": {tok}, "cijfer": {"8"}}); pg.code != http.StatusForbidden {
			t.Fatalf("post without csrf: %d", pg.code)
		}
		// Bad input: errors in Dutch, linked to the first choice of each group; nothing stored.
		pg = b.do("POST", "/kto", url.Values{"csrf": {csrf}, "t": {tok}, "wachttijd": {"11"}, "opmerking": {"Lang gewacht"}})
		if pg.code != http.StatusBadRequest && pg.code != http.StatusUnprocessableEntity {
			t.Fatalf("bad input: %d", pg.code)
		}
		for _, want := range []string{`href="#cijfer-1"`, `href="#wachttijd-1"`, "Kies bij ‘Totaaloordeel’ een cijfer van 1 tot en met 10.",
			"Lang gewacht</textarea>"} {
			if !strings.Contains(pg.body, want) {
				t.Errorf("error page lacks %q", want)
			}
		}
		if n := countRows(t, d, `SELECT COUNT(*) FROM kto_antwoorden`); n != 0 {
			t.Fatal("bad input stored a response")
		}
		pg = b.do("POST", "/kto", url.Values{"csrf": {csrf}, "t": {tok}, "cijfer": {"8"}, "vriendelijkheid": {"9"}, "prijs": {"nvt"},
			"opmerking": {"Goed geholpen, bel 0612345678"}})
		if pg.code != http.StatusSeeOther || pg.header.Get("Location") != "/kto/bedankt" {
			t.Fatalf("submit: %d %s", pg.code, pg.header.Get("Location"))
		}
		pg = b.do("POST", "/kto", url.Values{"csrf": {csrf}, "t": {tok}, "cijfer": {"3"}})
		if pg.code != http.StatusConflict || !strings.Contains(pg.body, "al ingevuld") {
			t.Fatalf("second submit: %d", pg.code)
		}
		if pg := b.get(path); pg.code != http.StatusConflict {
			t.Fatalf("survey after submit: %d", pg.code)
		}
		if pg := b.get("/kto?t=onbekend"); pg.code != http.StatusNotFound {
			t.Fatalf("unknown token: %d", pg.code)
		}
		// Opting out from the link stops later invitations.
		k.invite(ktoBSNPiet, "balie", k.teamA) // another person, unaffected
		if pg := b.do("POST", "/kto/afmelden", url.Values{"csrf": {csrf}, "t": {tok}}); pg.code != http.StatusOK {
			t.Fatalf("opt out: %d", pg.code)
		}
		if n := countRows(t, d, `SELECT COUNT(*) FROM kto_ontvangers WHERE afgemeld = TRUE`); n != 1 {
			t.Fatalf("%d opted out, want 1", n)
		}
	})
}

func TestKTOSurveyExpired(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		k := newKTOEnv(t, d)
		k.invite(bsnAnna, "balie", k.teamA)
		path := k.link(ktoAnnaEmail)
		if _, err := d.W.Exec(`UPDATE kto_uitnodigingen SET verloopt_op = $1`, today.Add(-time.Minute).UTC()); err != nil {
			t.Fatal(err)
		}
		pg := k.browser().get(path)
		if pg.code != http.StatusGone || !strings.Contains(pg.body, "verlopen") {
			t.Fatalf("expired: %d", pg.code)
		}
	})
}

func TestKTOInPIP(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		k := newKTOEnv(t, d)
		k.invite(ktoBSNPiet, "balie", k.teamA) // no e-mail address: PIP only
		var id string
		if err := d.R.QueryRow(`SELECT id FROM kto_uitnodigingen WHERE subject_id = $1`, ktoBSNPiet).Scan(&id); err != nil {
			t.Fatal(err)
		}
		// Anna cannot open Piet's invitation.
		anna := k.browser()
		anna.loginCitizen("bsn:"+bsnAnna, "")
		if pg := anna.get("/mijn/kto/" + id); pg.code != http.StatusNotFound {
			t.Fatalf("someone else's invitation: %d", pg.code)
		}
		if pg := anna.get("/mijn"); strings.Contains(pg.body, "/mijn/kto/") {
			t.Fatal("Anna's PIP lists Piet's invitation")
		}
		piet := k.browser()
		if pg := piet.loginCitizen("bsn:"+ktoBSNPiet, ""); pg.code != http.StatusSeeOther {
			t.Fatalf("login: %d", pg.code)
		}
		pg := piet.get("/mijn")
		if !strings.Contains(pg.body, `href="/mijn/kto/`+id+`"`) {
			t.Fatalf("PIP does not list the invitation:\n%s", pg.body)
		}
		pg = piet.get("/mijn/kto/" + id)
		if pg.code != http.StatusOK {
			t.Fatalf("PIP survey: %d", pg.code)
		}
		if strings.Contains(pg.body, `name="t"`) {
			t.Error("the PIP form carries a token field")
		}
		pg = piet.do("POST", "/mijn/kto/"+id, url.Values{"csrf": {csrfOf(t, pg)}, "cijfer": {"7"}})
		if pg.code != http.StatusSeeOther {
			t.Fatalf("PIP submit: %d", pg.code)
		}
		if pg := piet.get("/mijn"); strings.Contains(pg.body, "/mijn/kto/") {
			t.Fatal("the answered invitation is still listed")
		}
	})
}

func TestKTOBeheer(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		k := newKTOEnv(t, d)
		kcc := k.browser()
		kcc.login("kcc", password, "/kcc")
		if pg := kcc.get("/beheer/kto"); pg.code != http.StatusForbidden {
			t.Fatalf("kcc on /beheer/kto: %d", pg.code)
		}
		b := k.browser()
		b.login("beheerder", password, "/beheer")
		pg := b.get("/beheer/kto")
		if pg.code != http.StatusOK {
			t.Fatalf("beheer: %d", pg.code)
		}
		csrf := csrfOf(t, pg)
		pg = b.do("POST", "/beheer/kto", url.Values{"csrf": {csrf}, "kanaal": {"telefoon"}, "aspect": {"cijfer"}, "jaar": {"2025"},
			"waarde": {"10,5"}, "bron": {""}})
		if pg.code != http.StatusBadRequest && pg.code != http.StatusUnprocessableEntity {
			t.Fatalf("bad reference: %d", pg.code)
		}
		for _, want := range []string{`href="#waarde"`, `href="#bron"`, "met hoogstens één decimaal"} {
			if !strings.Contains(pg.body, want) {
				t.Errorf("error page lacks %q", want)
			}
		}
		pg = b.do("POST", "/beheer/kto", url.Values{"csrf": {csrf}, "kanaal": {"telefoon"}, "aspect": {"cijfer"}, "jaar": {"2025"},
			"waarde": {"7,4"}, "bron": {"Benchmark Publiekszaken"}})
		if pg.code != http.StatusSeeOther {
			t.Fatalf("save: %d", pg.code)
		}
		pg = b.get(pg.header.Get("Location"))
		if !strings.Contains(pg.body, "7,4") || !strings.Contains(pg.body, "Benchmark Publiekszaken") {
			t.Fatal("the saved value is not listed")
		}
	})
}

func TestKTOResultsTeamleiderSeesOwnTeam(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		k := newKTOEnv(t, d)
		day := date.Of(today.AddDate(0, 0, -3))
		for _, r := range []struct {
			team, kanaal, opm string
			cijfer            int
		}{{k.teamA, "balie", "Opmerking van team A", 9}, {k.teamA, "balie", "", 7}, {k.teamB, "telefoon", "Opmerking van team B", 4}} {
			if _, err := d.W.Exec(`INSERT INTO kto_antwoorden (id, datum, bron, kanaal, team_id, cijfer, opmerking)
				VALUES ($1, $2, 'klantcontact', $3, $4, $5, $6)`, uuid.NewString(), day, r.kanaal, r.team, r.cijfer, r.opm); err != nil {
				t.Fatal(err)
			}
		}
		q := "/rapportage/kto?van=" + day.String() + "&tot=" + date.Of(today).String()
		m := k.browser()
		m.login("manager", password, "/rapportage")
		pg := m.get(q)
		if pg.code != http.StatusOK {
			t.Fatalf("manager: %d", pg.code)
		}
		for _, want := range []string{"Opmerking van team A", "Opmerking van team B", "3 ingevulde vragenlijsten", "6,7"} { // (9+7+4)/3
			if !strings.Contains(pg.body, want) {
				t.Errorf("manager page lacks %q", want)
			}
		}
		tl := k.browser()
		tl.login("teamleider", password, "/rapportage")
		// The team in the query string is ignored for a teamleider.
		pg = tl.get(q + "&team=" + k.teamB)
		if pg.code != http.StatusOK {
			t.Fatalf("teamleider: %d", pg.code)
		}
		if strings.Contains(pg.body, "Opmerking van team B") || strings.Contains(pg.body, "Telefoon</h2>") {
			t.Error("the teamleider sees another team's responses")
		}
		for _, want := range []string{"Opmerking van team A", "2 ingevulde vragenlijsten", "8,0", "Team A"} {
			if !strings.Contains(pg.body, want) {
				t.Errorf("teamleider page lacks %q", want)
			}
		}
		kcc := k.browser()
		kcc.login("kcc", password, "/kcc")
		if pg := kcc.get(q); pg.code != http.StatusForbidden {
			t.Fatalf("kcc on results: %d", pg.code)
		}
		if pg := m.get("/rapportage/kto?van=gisteren"); pg.code != http.StatusBadRequest || !strings.Contains(pg.body, `href="#van"`) {
			t.Fatalf("bad date: %d", pg.code)
		}
	})
}

func countRows(t *testing.T, d *db.DB, q string) int {
	t.Helper()
	var n int
	if err := d.R.QueryRow(q).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
