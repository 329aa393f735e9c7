package burger_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gemeenten/loket/internal/auth"
	"github.com/gemeenten/loket/internal/burger"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/db/dbtest"
	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/ident"
	"github.com/gemeenten/loket/internal/oidcflow/oidctest"
)

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

var bsns = ident.TestBSNs(3)

const kvk = "69599084"

func setup(t *testing.T, d *db.DB, cfg burger.Config) (*burger.Service, *clock) {
	t.Helper()
	ctx := context.Background()
	for i, n := range []string{"Jansen", "de Vries", "Bakker"} {
		if _, err := d.W.ExecContext(ctx, `INSERT INTO personen (bsn, voornamen, geslachtsnaam, straat, huisnummer, woonplaats)
			VALUES ($1, $2, $3, 'Dorpsstraat', $4, 'Voorbeeld')`, bsns[i], "Anna", n, string(rune('1'+i))); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := d.W.ExecContext(ctx, `INSERT INTO bedrijven (kvk_nummer, handelsnaam, woonplaats) VALUES ($1, 'Bakkerij De Korenschoof', 'Voorbeeld')`, kvk); err != nil {
		t.Fatal(err)
	}
	clk := &clock{t: time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)}
	cfg.Now = clk.Now
	a, err := auth.New(ctx, d, auth.Config{Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	return burger.New(d, a.Sign, cfg), clk
}

// whoAmI runs a request with the cookie through the session middleware and
// returns the session it saw and the response.
func whoAmI(s *burger.Service, cookie *http.Cookie) (*burger.Session, *httptest.ResponseRecorder) {
	var got *burger.Session
	h := s.Sessions(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { got = burger.From(r.Context()) }))
	req := httptest.NewRequest("GET", "/mijn", nil)
	if cookie != nil {
		req.AddCookie(cookie)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return got, rec
}

func sessionCookie(t *testing.T, rec *httptest.ResponseRecorder) *http.Cookie {
	t.Helper()
	for _, c := range rec.Result().Cookies() {
		if c.Name == burger.Cookie && c.Value != "" {
			if !c.HttpOnly || c.SameSite != http.SameSiteLaxMode {
				t.Errorf("cookie flags: %+v", c)
			}
			return c
		}
	}
	t.Fatalf("no session cookie in %v", rec.Header())
	return nil
}

func TestSimulationOnlyInDemo(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s, _ := setup(t, d, burger.Config{})
		if _, err := s.SimulationChoices(context.Background()); errs.KindOf(err) != errs.NotFound {
			t.Fatalf("choices without demo: %v", err)
		}
		rec := httptest.NewRecorder()
		err := s.SimulateLogin(context.Background(), rec, httptest.NewRequest("POST", "/", nil), "bsn:"+bsns[0], "midden", "")
		if errs.KindOf(err) != errs.NotFound || len(rec.Result().Cookies()) != 0 {
			t.Fatalf("login without demo: %v %v", err, rec.Header())
		}
	})
}

func TestSimulatedLoginAndIdleTimeout(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s, clk := setup(t, d, burger.Config{Simulation: true})
		choices, err := s.SimulationChoices(ctx)
		if err != nil || len(choices) != 4 {
			t.Fatalf("choices: %v %+v", err, choices)
		}

		rec := httptest.NewRecorder()
		if err := s.SimulateLogin(ctx, rec, httptest.NewRequest("POST", "/", nil), "bsn:"+bsns[1], "midden", ""); err != nil {
			t.Fatal(err)
		}
		c := sessionCookie(t, rec)
		sess, _ := whoAmI(s, c)
		if sess == nil || sess.Subject.Type != burger.BSN || sess.Subject.Number != bsns[1] ||
			sess.Subject.Name != "Anna de Vries" || sess.Subject.Level != "midden" || sess.Subject.Source != burger.SourceSimulation {
			t.Fatalf("session: %+v", sess)
		}

		// Activity keeps it alive; 15 minutes without ends it.
		clk.Add(14 * time.Minute)
		if sess, _ := whoAmI(s, c); sess == nil {
			t.Fatal("session ended after 14 minutes of inactivity")
		}
		clk.Add(14 * time.Minute)
		if sess, _ := whoAmI(s, c); sess == nil {
			t.Fatal("activity did not extend the session")
		}
		clk.Add(15 * time.Minute)
		sess, rec2 := whoAmI(s, c)
		if sess != nil {
			t.Fatal("session still valid after 15 minutes of inactivity")
		}
		if !strings.Contains(rec2.Header().Get("Set-Cookie"), burger.Cookie+"=;") {
			t.Errorf("expired cookie not cleared: %q", rec2.Header().Get("Set-Cookie"))
		}

		logins, users, err := s.Logins(ctx, clk.Now().Add(-time.Hour), clk.Now())
		if err != nil || logins != 1 || users != 1 {
			t.Fatalf("logins %d users %d err %v", logins, users, err)
		}
		var stored int
		if err := d.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM burger_logins WHERE subject_digest LIKE '%'||$1||'%'`, bsns[1]).Scan(&stored); err != nil || stored != 0 {
			t.Fatalf("the login table holds the BSN in the clear (%d, %v)", stored, err)
		}
	})
}

func TestSimulatedMachtigingAndBusiness(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s, _ := setup(t, d, burger.Config{Simulation: true})
		rec := httptest.NewRecorder()
		if err := s.SimulateLogin(ctx, rec, httptest.NewRequest("POST", "/", nil), "bsn:"+bsns[0], "substantieel", bsns[2]); err != nil {
			t.Fatal(err)
		}
		sess, _ := whoAmI(s, sessionCookie(t, rec))
		if sess == nil || sess.Subject.Number != bsns[2] || sess.Subject.Representative == nil ||
			sess.Subject.Representative.Number != bsns[0] {
			t.Fatalf("machtiging: %+v", sess)
		}
		if a := burger.Actor(sess); !strings.Contains(a.Name, "namens") || !strings.Contains(a.ID, bsns[0]) {
			t.Errorf("actor does not record the representative: %+v", a)
		}

		rec = httptest.NewRecorder()
		if err := s.SimulateLogin(ctx, rec, httptest.NewRequest("POST", "/", nil), "kvk:"+kvk, "basis", ""); err != nil {
			t.Fatal(err)
		}
		sess, _ = whoAmI(s, sessionCookie(t, rec))
		if sess == nil || sess.Subject.Type != burger.KvK || sess.Subject.Name != "Bakkerij De Korenschoof" {
			t.Fatalf("business: %+v", sess)
		}

		// Bad input: field-specific errors, no session.
		rec = httptest.NewRecorder()
		err := s.SimulateLogin(ctx, rec, httptest.NewRequest("POST", "/", nil), "bsn:123456782", "ultra", bsns[0])
		var e *errs.Error
		if !errors.As(err, &e) || e.Kind != errs.Invalid || len(e.Fields) != 2 || e.Fields[0].Field != "wie" || e.Fields[1].Field != "niveau" {
			t.Fatalf("want invalid wie and niveau, got %v", err)
		}
		if len(rec.Result().Cookies()) != 0 {
			t.Fatal("a refused login set a cookie")
		}
	})
}

func TestMaySee(t *testing.T) {
	p := burger.Subject{Type: burger.BSN, Number: bsns[0]}
	b := burger.Subject{Type: burger.KvK, Number: kvk}
	cases := []struct {
		s        burger.Subject
		typ, id  string
		want     bool
		scenario string
	}{
		{p, "bsn", bsns[0], true, "own zaak"},
		{p, "bsn", bsns[1], false, "someone else's zaak"},
		{p, "kvk", bsns[0], false, "same digits, other kind"},
		{b, "kvk", kvk, true, "business's zaak"},
		{b, "bsn", kvk, false, "business vs person"},
		{burger.Subject{Type: burger.BSN}, "bsn", "", false, "empty subject"},
	}
	for _, c := range cases {
		if got := c.s.MaySee(c.typ, c.id); got != c.want {
			t.Errorf("%s: MaySee = %v", c.scenario, got)
		}
	}
}

func TestRequireRedirectsToLogin(t *testing.T) {
	h := burger.Require(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { t.Error("reached the handler") }))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/mijn/zaken/abc", nil))
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/mijn/inloggen?terug="+url.QueryEscape("/mijn/zaken/abc") {
		t.Fatalf("%d %s", rec.Code, rec.Header().Get("Location"))
	}
	for in, want := range map[string]string{"/mijn/zaken/1": "/mijn/zaken/1", "//evil.example/mijn": "/mijn", "/beheer": "/mijn", "https://x/mijn": "/mijn"} {
		if got := burger.SafeReturn(in); got != want {
			t.Errorf("SafeReturn(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestOIDCLogin(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		clk := &clock{t: time.Now()}
		p := oidctest.New(t, clk.Now)
		s, _ := setup(t, d, burger.Config{OIDC: &burger.OIDCConfig{IssuerURL: p.URL(), ClientID: "loket", ClientSecret: "geheim",
			RedirectURL: "http://loket.test/mijn/inloggen/oidc/callback"}})
		if !s.OIDCEnabled() {
			t.Fatal("OIDC not enabled")
		}
		login := func(claims map[string]any) (*burger.Session, error) {
			p.LoginAs(claims)
			rec := httptest.NewRecorder()
			if err := s.OIDCStart(rec, httptest.NewRequest("GET", "/mijn/inloggen/oidc", nil), "/mijn/zaken/1"); err != nil {
				t.Fatal(err)
			}
			client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
			resp, err := client.Get(rec.Header().Get("Location"))
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			back, _ := url.Parse(resp.Header.Get("Location"))
			req := httptest.NewRequest("GET", "/mijn/inloggen/oidc/callback?"+back.RawQuery, nil)
			for _, c := range rec.Result().Cookies() {
				req.AddCookie(c)
			}
			rec2 := httptest.NewRecorder()
			next, err := s.OIDCCallback(rec2, req)
			if err != nil {
				return nil, err
			}
			if next != "/mijn/zaken/1" {
				t.Errorf("next = %q", next)
			}
			sess, _ := whoAmI(s, sessionCookie(t, rec2))
			return sess, nil
		}

		sess, err := login(map[string]any{"sub": "x1", "bsn": bsns[0], "acr": "urn:digid:midden", "name": "A. Jansen"})
		if err != nil || sess.Subject.Type != burger.BSN || sess.Subject.Number != bsns[0] || sess.Subject.Level != "urn:digid:midden" {
			t.Fatalf("digid: %+v %v", sess, err)
		}
		sess, err = login(map[string]any{"sub": "x2", "kvk": kvk, "acr": "EH3"})
		if err != nil || sess.Subject.Type != burger.KvK || sess.Subject.Number != kvk {
			t.Fatalf("eherkenning: %+v %v", sess, err)
		}
		sess, err = login(map[string]any{"sub": "x3", "bsn": bsns[0], "namens_bsn": bsns[1], "namens_naam": "Anna de Vries"})
		if err != nil || sess.Subject.Number != bsns[1] || sess.Subject.Representative == nil || sess.Subject.Representative.Number != bsns[0] {
			t.Fatalf("machtiging: %+v %v", sess, err)
		}
		if _, err := login(map[string]any{"sub": "x4"}); errs.KindOf(err) != errs.Unauthenticated {
			t.Fatalf("no identity: %v", err)
		}
		if _, err := login(map[string]any{"sub": "x5", "bsn": "123456789"}); errs.KindOf(err) != errs.Unauthenticated {
			t.Fatalf("invalid BSN: %v", err)
		}
	})
}
