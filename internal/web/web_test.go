package web_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gemeenten/loket/internal/audit"
	"github.com/gemeenten/loket/internal/auth"
	"github.com/gemeenten/loket/internal/besluit"
	"github.com/gemeenten/loket/internal/catalogus/catalogustest"
	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/db/dbtest"
	"github.com/gemeenten/loket/internal/server"
	"github.com/gemeenten/loket/internal/web"
	"github.com/gemeenten/loket/internal/zaak"
)

const (
	rsinGemeente = "002220647"
	bsnAnna      = "999993653"
	password     = "een-lang-wachtwoord"
)

// today is the fixed day of the zaak clock and the pages.
var today = time.Date(2026, 3, 20, 10, 0, 0, 0, date.Amsterdam)

type env struct {
	t             *testing.T
	zs            *zaak.Service
	bs            *besluit.Service
	besluitTypeID string
	ctx           context.Context
	d             *db.DB
	srv           *httptest.Server
	auth          *auth.Service
	zaken         []*zaak.Zaak
	users         map[string]auth.User
}

// newEnv starts the pages behind the server's own security middleware, with
// a published zaaktype, n zaken and users kcc, beheerder and zonderrol.
func newEnv(t *testing.T, d *db.DB, n int) *env {
	t.Helper()
	return newEnvWith(t, d, n, nil)
}

// newEnvWith is newEnv with a chance to add dependencies (a workbench's
// services) before the pages are built.
func newEnvWith(t *testing.T, d *db.DB, n int, adjust func(*env, *web.Deps)) *env {
	t.Helper()
	ctx := audit.WithActor(context.Background(), audit.Actor{Kind: "medewerker", ID: "setup", Name: "Inrichting"})
	log := slog.New(slog.DiscardHandler)
	if os.Getenv("LOKET_TEST_LOG") != "" {
		log = slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	as, err := auth.New(ctx, d, auth.Config{SecureCookies: false, Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, d: d, auth: as, users: map[string]auth.User{}}
	for _, u := range []struct {
		name  string
		roles []string
	}{{"kcc", []string{auth.RoleKCC}}, {"beheerder", []string{auth.RoleBeheerder}}, {"zonderrol", nil}} {
		usr, err := as.CreateUser(ctx, auth.NewUser{Username: u.name, Naam: "Mw. " + u.name, Password: password, Roles: u.roles})
		if err != nil {
			t.Fatal(err)
		}
		e.users[u.name] = usr
	}
	fx := catalogustest.Build(t, d)
	zt := fx.ZaakType
	e.besluitTypeID = fx.BesluitType.ID
	zs := zaak.New(d)
	zs.Now = func() time.Time { return today }
	for i := range n {
		in := zaak.CreateInput{Bronorganisatie: rsinGemeente, VerantwoordelijkeOrganisatie: rsinGemeente, ZaakTypeID: zt.ID,
			Omschrijving: fmt.Sprintf("Dakkapel Dorpsstraat %d", i+1), Startdatum: date.Of(today).AddDays(-i), Kanaal: "webformulier"}
		if i%2 == 0 || i == 7 {
			in.Initiator = &zaak.RolInput{BetrokkeneType: "natuurlijk_persoon", BetrokkeneIdentificatie: zaak.BetrokkeneIdentificatie{
				InpBsn: bsnAnna, Voornamen: "Anna", Geslachtsnaam: "Jansen"}}
		}
		if i == 7 {
			in.Omschrijving = "Evenement Koningsdag op het plein"
		}
		z, err := zs.Create(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		e.zaken = append(e.zaken, z)
	}
	e.zs, e.ctx = zs, ctx
	e.bs = besluit.New(d, func() time.Time { return today })
	deps := web.Deps{DB: d, Log: log, Auth: as, Zaken: zs, Besluiten: e.bs, Now: func() time.Time { return today },
		Config: web.Config{Demo: true}}
	if adjust != nil {
		adjust(e, &deps)
	}
	h, err := web.New(deps)
	if err != nil {
		t.Fatal(err)
	}
	e.srv = httptest.NewServer(server.Observe(log, server.SecurityHeaders(false, h)))
	t.Cleanup(e.srv.Close)
	return e
}

// browser is a cookie-keeping client that does not follow redirects.
type browser struct {
	e *env
	c *http.Client
}

func (e *env) browser() *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{e: e, c: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
}

type page struct {
	code   int
	body   string
	header http.Header
}

func (b *browser) do(method, path string, form url.Values) page {
	b.e.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, _ := http.NewRequest(method, b.e.srv.URL+path, body)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	resp, err := b.c.Do(req)
	if err != nil {
		b.e.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	return page{code: resp.StatusCode, body: string(raw), header: resp.Header}
}

func (b *browser) get(path string) page { return b.do("GET", path, nil) }

var csrfRe = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

func csrfOf(t *testing.T, p page) string {
	t.Helper()
	m := csrfRe.FindStringSubmatch(p.body)
	if m == nil {
		t.Fatalf("no csrf field in page:\n%s", p.body)
	}
	return m[1]
}

func (b *browser) login(username, pw, next string) page {
	b.e.t.Helper()
	token := csrfOf(b.e.t, b.get("/login"))
	return b.do("POST", "/login", url.Values{"csrf": {token}, "username": {username}, "password": {pw}, "next": {next}})
}

func (b *browser) cookie(name string) *http.Cookie {
	u, _ := url.Parse(b.e.srv.URL)
	for _, c := range b.c.Jar.Cookies(u) {
		if c.Name == name {
			return c
		}
	}
	return nil
}

func TestPublicPagesAndStatic(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, 0)
		b := e.browser()
		p := b.get("/")
		if p.code != 200 || !strings.Contains(p.body, "Welkom bij Gemeente Voorbeeld") || !strings.Contains(p.body, `href="/login"`) ||
			!strings.Contains(p.body, `<html lang="nl"`) {
			t.Fatalf("home: %d\n%s", p.code, p.body)
		}
		if sc := p.header.Values("Set-Cookie"); len(sc) != 0 {
			t.Fatalf("the public homepage sets cookies: %v", sc)
		}
		if csp := p.header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") {
			t.Fatalf("CSP = %q", csp)
		}
		if strings.Contains(p.body, "<script>") || strings.Contains(p.body, " style=") || strings.Contains(p.body, "<style") {
			t.Fatal("inline script or style in the page")
		}
		css := regexp.MustCompile(`href="(/static/loket\.css\?v=[0-9a-f]+)"`).FindStringSubmatch(p.body)
		if css == nil {
			t.Fatal("no versioned stylesheet link")
		}
		s := b.get(css[1])
		if s.code != 200 || s.header.Get("Cache-Control") != "public, max-age=31536000, immutable" ||
			!strings.HasPrefix(s.header.Get("Content-Type"), "text/css") {
			t.Fatalf("static: %d %v", s.code, s.header)
		}
		if s := b.get("/static/loket.css?v=oud"); s.header.Get("Cache-Control") == "public, max-age=31536000, immutable" {
			t.Fatal("a stale version is cached for a year")
		}
		if s := b.get("/static/vendor/"); s.code != 404 {
			t.Fatalf("directory listing: %d", s.code)
		}
		if p := b.get("/bestaat-niet"); p.code != 404 || !strings.Contains(p.body, "Pagina niet gevonden") {
			t.Fatalf("404: %d", p.code)
		}
		if p := b.get("/login/oidc"); p.code != 404 {
			t.Fatalf("OIDC route without OIDC configured: %d", p.code)
		}
		if p := b.get("/login"); strings.Contains(p.body, "/login/oidc") {
			t.Fatal("login page offers OIDC that is not configured")
		}
	})
}

func TestLoginLogout(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, 1)
		b := e.browser()

		p := b.get("/zaken?status=alle")
		if p.code != http.StatusSeeOther || p.header.Get("Location") != "/login?next=%2Fzaken%3Fstatus%3Dalle" {
			t.Fatalf("anonymous /zaken: %d %s", p.code, p.header.Get("Location"))
		}
		form := b.get("/login?next=%2Fzaken")
		if form.code != 200 || !strings.Contains(form.body, `<label class="utrecht-form-label" for="username">`) ||
			!strings.Contains(form.body, `name="next" value="/zaken"`) {
			t.Fatalf("login form: %d\n%s", form.code, form.body)
		}
		// No CSRF token: refused with the Dutch page, nothing logged in.
		p = b.do("POST", "/login", url.Values{"username": {"kcc"}, "password": {password}})
		if p.code != http.StatusForbidden || !strings.Contains(p.body, "Het formulier is verlopen") {
			t.Fatalf("login without csrf: %d\n%s", p.code, p.body)
		}
		// Missing fields: an error summary that links to the fields.
		p = b.do("POST", "/login", url.Values{"csrf": {csrfOf(t, form)}})
		if p.code != http.StatusBadRequest || !strings.Contains(p.body, `href="#username"`) || !strings.Contains(p.body, `href="#password"`) ||
			!strings.Contains(p.body, `aria-invalid="true"`) {
			t.Fatalf("empty login: %d\n%s", p.code, p.body)
		}
		p = b.login("kcc", "verkeerd-wachtwoord", "")
		if p.code != http.StatusUnauthorized || !strings.Contains(p.body, auth.LoginFailedMessage) || b.cookie(auth.SessionCookie) != nil {
			t.Fatalf("wrong password: %d", p.code)
		}
		p = b.login("niemand", "verkeerd-wachtwoord", "")
		if p.code != http.StatusUnauthorized || !strings.Contains(p.body, auth.LoginFailedMessage) {
			t.Fatalf("unknown user: %d", p.code)
		}

		// next= may only point at this site.
		for _, next := range []string{"https://evil.example/", "//evil.example/zaken", "/\\evil.example"} {
			b2 := e.browser()
			p = b2.login("kcc", password, next)
			if p.code != http.StatusSeeOther || p.header.Get("Location") != "/zaken" {
				t.Fatalf("next=%s: %d → %s", next, p.code, p.header.Get("Location"))
			}
		}
		p = b.login("kcc", password, "/zaken?status=alle")
		if p.code != http.StatusSeeOther || p.header.Get("Location") != "/zaken?status=alle" {
			t.Fatalf("login: %d → %s", p.code, p.header.Get("Location"))
		}
		var setCookie string
		for _, v := range p.header.Values("Set-Cookie") {
			if strings.HasPrefix(v, auth.SessionCookie+"=") {
				setCookie = v
			}
		}
		if !strings.Contains(setCookie, "HttpOnly") || !strings.Contains(setCookie, "SameSite=Lax") || !strings.Contains(setCookie, "Path=/") {
			t.Fatalf("session cookie: %s", setCookie)
		}
		p = b.get("/zaken")
		if p.code != 200 || !strings.Contains(p.body, "Mw. kcc") || !strings.Contains(p.body, `aria-current="page">Zaken`) ||
			p.header.Get("Cache-Control") != "no-store" {
			t.Fatalf("zaken after login: %d %v", p.code, p.header)
		}
		old := b.cookie(auth.SessionCookie)

		// Logout needs the session's token.
		if p := b.do("POST", "/logout", url.Values{"csrf": {"geraden"}}); p.code != http.StatusForbidden {
			t.Fatalf("logout without the right token: %d", p.code)
		}
		p = b.do("POST", "/logout", url.Values{"csrf": {csrfOf(t, b.get("/zaken"))}})
		if p.code != http.StatusSeeOther || p.header.Get("Location") != "/login?uitgelogd=1" {
			t.Fatalf("logout: %d %s", p.code, p.header.Get("Location"))
		}
		if p := b.get("/login?uitgelogd=1"); !strings.Contains(p.body, "U bent uitgelogd.") {
			t.Fatal("no logout notice")
		}
		// The old cookie, replayed, no longer opens anything.
		b3 := e.browser()
		u, _ := url.Parse(e.srv.URL)
		b3.c.Jar.SetCookies(u, []*http.Cookie{{Name: old.Name, Value: old.Value, Path: "/"}})
		if p := b3.get("/zaken"); p.code != http.StatusSeeOther {
			t.Fatalf("session alive after logout: %d", p.code)
		}
		var n int
		d.R.QueryRow(`SELECT COUNT(*) FROM sessions WHERE user_id = $1`, e.users["kcc"].ID).Scan(&n)
		if n != 3 { // the three next= logins above; the logged-out one is gone
			t.Fatalf("sessions left: %d", n)
		}
	})
}

func TestLockoutAndRoles(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, 0)
		b := e.browser()
		for range 5 {
			if p := b.login("beheerder", "fout-fout-fout", ""); p.code != http.StatusUnauthorized {
				t.Fatalf("wrong password: %d", p.code)
			}
		}
		p := b.login("beheerder", password, "")
		if p.code != http.StatusUnauthorized || !strings.Contains(p.body, auth.LoginFailedMessage) {
			t.Fatalf("locked account: %d", p.code)
		}
		// A staff member without any role has no business on staff pages.
		b2 := e.browser()
		if p := b2.login("zonderrol", password, ""); p.code != http.StatusSeeOther {
			t.Fatalf("login zonderrol: %d", p.code)
		}
		if p := b2.get("/zaken"); p.code != http.StatusForbidden || !strings.Contains(p.body, "Geen toegang") {
			t.Fatalf("no role on /zaken: %d", p.code)
		}
	})
}

var zaakLink = regexp.MustCompile(`href="/zaken/([0-9a-f-]{36})"`)

func TestZakenList(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, 30)
		b := e.browser()
		b.login("kcc", password, "")

		p := b.get("/zaken")
		if n := len(zaakLink.FindAllString(p.body, -1)); p.code != 200 || n != 25 {
			t.Fatalf("page 1: %d with %d zaken", p.code, n)
		}
		if !strings.Contains(p.body, "30 zaken, 1 tot en met 25 getoond") || !strings.Contains(p.body, `href="/zaken?pagina=2"`) {
			t.Fatalf("page 1 lacks count or page link:\n%s", p.body)
		}
		// Ordered by deadline: the oldest start (latest index) comes first.
		first := zaakLink.FindStringSubmatch(p.body)[1]
		if first != e.zaken[29].ID {
			t.Fatalf("first zaak %s, want the one with the earliest deadline %s", first, e.zaken[29].ID)
		}
		p2 := b.get("/zaken?pagina=2")
		if n := len(zaakLink.FindAllString(p2.body, -1)); n != 5 || !strings.Contains(p2.body, `aria-current="page"><span class="loket-visually-hidden">Pagina </span>2`) {
			t.Fatalf("page 2: %d zaken", n)
		}
		if p := b.get("/zaken?pagina=9"); !strings.Contains(p.body, "Deze pagina bestaat niet") {
			t.Fatal("page beyond the end")
		}

		p = b.get("/zaken?q=koningsdag")
		if ids := zaakLink.FindAllStringSubmatch(p.body, -1); len(ids) != 1 || ids[0][1] != e.zaken[7].ID {
			t.Fatalf("search: %v", ids)
		}
		p = b.get("/zaken?q=" + url.QueryEscape(e.zaken[3].Identificatie))
		if ids := zaakLink.FindAllStringSubmatch(p.body, -1); len(ids) != 1 || ids[0][1] != e.zaken[3].ID {
			t.Fatalf("search by identificatie: %v", ids)
		}
		if p := b.get("/zaken?q=bestaatnergens"); !strings.Contains(p.body, "Geen zaken gevonden die voldoen aan uw zoekopdracht") {
			t.Fatal("empty result message")
		}

		// By initiator BSN: half of the zaken, and the lookup is logged.
		p = b.get("/zaken?initiator=" + bsnAnna)
		if !strings.Contains(p.body, "16 zaken") {
			t.Fatalf("initiator search:\n%s", p.body)
		}
		rows, _ := audit.AccessesOf(context.Background(), d.R, "bsn", bsnAnna, 10)
		if len(rows) != 1 || rows[0].UserID != e.users["kcc"].ID || rows[0].Reden != "zoeken naar zaken van initiator" {
			t.Fatalf("inzage log after search: %+v", rows)
		}
		p = b.get("/zaken?initiator=12ab")
		if p.code != http.StatusBadRequest || !strings.Contains(p.body, `href="#initiator"`) || !strings.Contains(p.body, `aria-describedby="initiator-fout"`) {
			t.Fatalf("bad initiator: %d", p.code)
		}
		// A BSN that fails the elfproef is a typo: say so, and log no look-up.
		p = b.get("/zaken?initiator=999993654")
		if p.code != http.StatusBadRequest || !strings.Contains(p.body, "elfproef") {
			t.Fatalf("mistyped BSN: %d", p.code)
		}
		if rows, _ := audit.AccessesOf(context.Background(), d.R, "bsn", "999993654", 10); len(rows) != 0 {
			t.Fatalf("mistyped BSN logged as a look-up: %+v", rows)
		}
		if p := b.get("/zaken?status=afgesloten"); !strings.Contains(p.body, "Geen zaken gevonden") {
			t.Fatal("closed filter shows open zaken")
		}
	})
}

func TestZaakDetail(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, 2)
		b := e.browser()
		b.login("kcc", password, "")
		z := e.zaken[0]
		nieuw := "Dakkapel en schuur Dorpsstraat 1"
		if _, err := e.zs.Update(e.ctx, z.ID, zaak.UpdateInput{Omschrijving: &nieuw}); err != nil {
			t.Fatal(err)
		}

		verzonden := date.Of(today)
		bes, err := e.bs.Create(e.ctx, besluit.CreateInput{VerantwoordelijkeOrganisatie: rsinGemeente, BesluittypeID: e.besluitTypeID,
			ZaakID: z.ID, Datum: verzonden, Ingangsdatum: verzonden, Verzenddatum: verzonden, Toelichting: "Vergunning verleend"})
		if err != nil {
			t.Fatal(err)
		}

		before, _ := audit.AccessesOf(context.Background(), d.R, "bsn", bsnAnna, 10)
		p := b.get("/zaken/" + z.ID)
		if p.code != 200 {
			t.Fatalf("zaak: %d\n%s", p.code, p.body)
		}
		for _, want := range []string{z.Identificatie, "Uiterste afdoeningsdatum", "Anna", "BSN " + bsnAnna, "Servicenormen",
			"Statusgeschiedenis", "Wijzigingen (audittrail)", "Inrichting", "8 weken",
			"Dakkapel Dorpsstraat 1 → Dakkapel en schuur Dorpsstraat 1",
			"Besluiten", bes.Identificatie, "Vergunning verleend", formatDay(bes.UiterlijkeReactiedatum), formatDay(z.UiterlijkeEinddatumAfdoening)} {
			if !strings.Contains(p.body, want) {
				t.Errorf("zaak page lacks %q", want)
			}
		}
		if left := date.Of(today).DaysUntil(z.UiterlijkeEinddatumAfdoening); !strings.Contains(p.body, fmt.Sprintf("nog %d dagen", left)) {
			t.Errorf("zaak page lacks the days left (%d)", left)
		}
		after, _ := audit.AccessesOf(context.Background(), d.R, "bsn", bsnAnna, 10)
		if len(after) != len(before)+1 || after[0].Reden != "inzage zaak "+z.Identificatie || after[0].UserID != e.users["kcc"].ID ||
			after[0].ResourceID != z.ID {
			t.Fatalf("inzage log: %+v", after)
		}
		// A zaak without a person as initiator leaves no inzage trace.
		var n int
		d.R.QueryRow(`SELECT COUNT(*) FROM inzage_log`).Scan(&n)
		b.get("/zaken/" + e.zaken[1].ID)
		var m int
		d.R.QueryRow(`SELECT COUNT(*) FROM inzage_log`).Scan(&m)
		if m != n {
			t.Fatalf("zaak without person logged %d inzage rows", m-n)
		}
		if p := b.get("/zaken/00000000-0000-0000-0000-000000000000"); p.code != 404 || !strings.Contains(p.body, "Pagina niet gevonden") {
			t.Fatalf("unknown zaak: %d", p.code)
		}
		if p := b.get("/zaken/geen-uuid"); p.code != 404 {
			t.Fatalf("malformed id: %d", p.code)
		}
	})
}

var maanden = []string{"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"}

func formatDay(d date.Date) string { return fmt.Sprintf("%d %s %d", d.Day, maanden[d.Month-1], d.Year) }

// A beheerder sets the system up; reading zaken and the people in them is
// not their work, so the zaken pages refuse them and nothing is read.
func TestZakenNeedCaseRole(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, 2)
		b := e.browser()
		p := b.login("beheerder", password, "")
		if p.code != http.StatusSeeOther || p.header.Get("Location") != "/beheer" {
			t.Fatalf("beheerder login lands on %d %q, want /beheer", p.code, p.header.Get("Location"))
		}
		if p := b.get("/zaken?initiator=" + bsnAnna); p.code != http.StatusForbidden {
			t.Fatalf("beheerder on /zaken: %d", p.code)
		}
		if p := b.get("/zaken/" + e.zaken[0].ID); p.code != http.StatusForbidden || strings.Contains(p.body, bsnAnna) {
			t.Fatalf("beheerder on a zaak: %d", p.code)
		}
		if p := b.get("/beheer"); strings.Contains(p.body, `href="/zaken"`) {
			t.Fatal("nav offers Zaken to a beheerder")
		}
		var n int
		d.R.QueryRow(`SELECT COUNT(*) FROM inzage_log`).Scan(&n)
		if n != 0 {
			t.Fatalf("%d inzage rows for refused reads", n)
		}
	})
}

// An oversized form is refused before anything reads all of it, and the
// refusal changes nothing (no session).
func TestOversizedFormIsRefused(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, 1)
		b := e.browser()
		form := b.get("/login")
		big := url.Values{"csrf": {csrfOf(t, form)}, "username": {"kcc"}, "password": {password},
			"padding": {strings.Repeat("x", web.MaxFormBytes+1)}}
		p := b.do("POST", "/login", big)
		if p.code == http.StatusSeeOther || p.code == http.StatusOK {
			t.Fatalf("oversized login accepted: %d", p.code)
		}
		t.Logf("oversized login answered %d", p.code)
		if p.code != http.StatusRequestEntityTooLarge && p.code != http.StatusForbidden && p.code != http.StatusBadRequest {
			t.Fatalf("oversized login: unexpected %d", p.code)
		}
		var n int
		if err := d.R.QueryRow(`SELECT COUNT(*) FROM sessions`).Scan(&n); err != nil || n != 0 {
			t.Fatalf("sessions after refused login: %d %v", n, err)
		}
	})
}
