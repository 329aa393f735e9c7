package auth_test

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gemeenten/loket/internal/audit"
	"github.com/gemeenten/loket/internal/auth"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/db/dbtest"
	"github.com/gemeenten/loket/internal/errs"
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

func newService(t *testing.T, d *db.DB, mod func(*auth.Config)) (*auth.Service, *clock) {
	t.Helper()
	clk := &clock{t: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	cfg := auth.Config{SecureCookies: true, Now: clk.Now, Logger: slog.New(slog.DiscardHandler)}
	if mod != nil {
		mod(&cfg)
	}
	s, err := auth.New(context.Background(), d, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return s, clk
}

var adminCtx = audit.WithActor(context.Background(), audit.Actor{Kind: "medewerker", ID: "admin", Name: "Beheerder"})

func mustUser(t *testing.T, s *auth.Service, username, password string, roles ...string) auth.User {
	t.Helper()
	u, err := s.CreateUser(adminCtx, auth.NewUser{Username: username, Naam: "Test " + username,
		Email: username + "@voorbeeld.nl", Password: password, Roles: roles})
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func TestPasswordHash(t *testing.T) {
	h1, err := auth.HashPassword("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	h2, _ := auth.HashPassword("correct horse battery")
	if !strings.HasPrefix(h1, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("not a PHC argon2id string: %s", h1)
	}
	if h1 == h2 {
		t.Fatal("two hashes of one password are equal: salt missing")
	}
	if ok, err := auth.VerifyPassword(h1, "correct horse battery"); !ok || err != nil {
		t.Fatalf("verify right password = %v, %v", ok, err)
	}
	if ok, _ := auth.VerifyPassword(h1, "correct horse batterY"); ok {
		t.Fatal("wrong password accepted")
	}
	if _, err := auth.VerifyPassword("$argon2id$v=19$m=999999999,t=1,p=1$AAAA$AAAA", "x"); err == nil {
		t.Fatal("absurd parameters accepted")
	}
}

func TestUsersAndTeams(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s, clk := newService(t, d, nil)
		ctx := adminCtx
		team, err := s.CreateTeam(ctx, auth.Team{Code: "VERG", Naam: "Vergunningen"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.CreateTeam(ctx, auth.Team{Code: "VERG", Naam: "Nog eens"}); !errs.Is(err, errs.Invalid) {
			t.Fatalf("duplicate team code: %v", err)
		}
		for _, sla := range []int{-1, auth.MaxContactverzoekSLAWerkdagen + 1} {
			_, err := s.CreateTeam(ctx, auth.Team{Code: "TERM", Naam: "Termijn", ContactverzoekSLAWerkdagen: sla})
			if e := errs.As(err); e == nil || len(e.Fields) != 1 || e.Fields[0].Field != "contactverzoekSlaWerkdagen" {
				t.Fatalf("team with a term of %d werkdagen: %v", sla, err)
			}
		}
		if got, err := s.GetTeam(ctx, team.ID); err != nil || got.Naam != "Vergunningen" || got.ContactverzoekSLAWerkdagen != 1 {
			t.Fatalf("GetTeam = %+v, %v", got, err)
		}
		if _, err := s.GetTeam(ctx, "00000000-0000-0000-0000-000000000000"); !errs.Is(err, errs.NotFound) {
			t.Fatalf("missing team: %v", err)
		}

		for name, in := range map[string]auth.NewUser{
			"short password": {Username: "piet", Naam: "Piet", Password: "kort"},
			"unknown role":   {Username: "piet", Naam: "Piet", Password: "lang-genoeg-wachtwoord", Roles: []string{"koning"}},
			"bad username":   {Username: "Piet Jansen!", Naam: "Piet", Password: "lang-genoeg-wachtwoord"},
			"no name":        {Username: "piet", Password: "lang-genoeg-wachtwoord"},
			"unknown team":   {Username: "piet", Naam: "Piet", TeamID: "00000000-0000-0000-0000-000000000000"},
		} {
			if _, err := s.CreateUser(ctx, in); !errs.Is(err, errs.Invalid) {
				t.Errorf("%s: err = %v, want invalid", name, err)
			}
		}
		if users, _ := s.ListUsers(ctx); len(users) != 0 {
			t.Fatalf("rejected input wrote %d users", len(users))
		}

		u, err := s.CreateUser(ctx, auth.NewUser{Username: "  Anna.deVries ", Naam: "Anna de Vries", Email: "anna@voorbeeld.nl",
			Password: "een-heel-goed-wachtwoord", TeamID: team.ID, Roles: []string{"teamleider", "behandelaar", "behandelaar"}})
		if err != nil {
			t.Fatal(err)
		}
		if u.Username != "anna.devries" || strings.Join(u.Roles, ",") != "behandelaar,teamleider" {
			t.Fatalf("user = %+v", u)
		}
		if _, err := s.CreateUser(ctx, auth.NewUser{Username: "anna.devries", Naam: "X"}); !errs.Is(err, errs.Invalid) {
			t.Fatalf("duplicate username: %v", err)
		}
		clk.Add(time.Second) // audit entries are ordered by time
		if err := s.SetRoles(ctx, u.ID, []string{"kcc"}); err != nil {
			t.Fatal(err)
		}
		if err := s.SetPassword(ctx, u.ID, "kort"); !errs.Is(err, errs.Invalid) {
			t.Fatalf("short new password: %v", err)
		}
		clk.Add(time.Second)
		if err := s.SetPassword(ctx, u.ID, "nog-een-goed-wachtwoord"); err != nil {
			t.Fatal(err)
		}
		got, err := s.GetUser(ctx, u.ID)
		if err != nil || got.TeamID != team.ID || strings.Join(got.Roles, ",") != "kcc" || !got.Active {
			t.Fatalf("GetUser = %+v, %v", got, err)
		}
		clk.Add(time.Second)
		if err := s.Deactivate(ctx, u.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Login(ctx, "anna.devries", "nog-een-goed-wachtwoord", "127.0.0.1"); !errs.Is(err, errs.Unauthenticated) {
			t.Fatalf("deactivated user logged in: %v", err)
		}

		trail, err := audit.ForResource(ctx, d.R, "user", u.ID)
		if err != nil {
			t.Fatal(err)
		}
		var acts []string
		for _, e := range trail {
			acts = append(acts, e.Actie)
			if e.GebruikersID != "admin" || e.Bron != "LOKET" {
				t.Errorf("audit entry %s attributed to %q / bron %q", e.Actie, e.GebruikersID, e.Bron)
			}
			if strings.Contains(string(e.Nieuw)+string(e.Oud), "argon2") {
				t.Errorf("audit entry %s contains the password hash", e.Actie)
			}
			if e.Actie == "set_roles" && (string(e.Oud) != `{"roles":["behandelaar","teamleider"]}` || string(e.Nieuw) != `{"roles":["kcc"]}`) {
				t.Errorf("set_roles old→new = %s → %s", e.Oud, e.Nieuw)
			}
		}
		if strings.Join(acts, ",") != "create,set_roles,set_password,deactivate" {
			t.Fatalf("audit actions = %v", acts)
		}
	})
}

func TestLoginLockout(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s, clk := newService(t, d, nil)
		ctx := context.Background()
		mustUser(t, s, "jan", "jan-zijn-wachtwoord", "kcc")

		_, errUnknown := s.Login(ctx, "niemand", "jan-zijn-wachtwoord", "10.0.0.1")
		_, errWrong := s.Login(ctx, "jan", "fout-wachtwoord-123", "10.0.0.1")
		if errUnknown == nil || errWrong == nil || errs.Message(errUnknown) != errs.Message(errWrong) ||
			errs.Message(errWrong) != auth.LoginFailedMessage {
			t.Fatalf("unknown user and wrong password answer differently: %v / %v", errUnknown, errWrong)
		}
		// Four failures (one above plus three), then success resets the counter.
		for range 3 {
			if _, err := s.Login(ctx, "jan", "fout", ""); err == nil {
				t.Fatal("wrong password accepted")
			}
		}
		u, err := s.Login(ctx, " JAN ", "jan-zijn-wachtwoord", "")
		if err != nil {
			t.Fatalf("login after 4 failures: %v", err)
		}
		if u.LastLoginAt == nil || !u.LastLoginAt.Equal(clk.Now()) {
			t.Fatalf("last login = %v", u.LastLoginAt)
		}
		stored, _ := s.GetUser(ctx, u.ID)
		if stored.FailedLogins != 0 || stored.LastLoginAt == nil {
			t.Fatalf("after success: failures %d, last login %v", stored.FailedLogins, stored.LastLoginAt)
		}

		for range 5 {
			s.Login(ctx, "jan", "fout", "")
		}
		stored, _ = s.GetUser(ctx, u.ID)
		if stored.LockedUntil == nil || !stored.LockedUntil.Equal(clk.Now().Add(15*time.Minute)) {
			t.Fatalf("locked until %v after 5 failures", stored.LockedUntil)
		}
		if _, err := s.Login(ctx, "jan", "jan-zijn-wachtwoord", ""); errs.Message(err) != auth.LoginFailedMessage {
			t.Fatalf("locked account: err = %v", err)
		}
		clk.Add(14 * time.Minute)
		if _, err := s.Login(ctx, "jan", "jan-zijn-wachtwoord", ""); err == nil {
			t.Fatal("locked account logged in before 15 minutes")
		}
		clk.Add(time.Minute)
		if _, err := s.Login(ctx, "jan", "jan-zijn-wachtwoord", ""); err != nil {
			t.Fatalf("login after the lock expired: %v", err)
		}
	})
}

func TestSafeNext(t *testing.T) {
	for in, want := range map[string]string{
		"/zaken?page=2":          "/zaken?page=2",
		"/zaken/abc":             "/zaken/abc",
		"":                       "",
		"https://evil.example/":  "",
		"//evil.example/":        "",
		"/\\evil.example":        "",
		"/%0d%0aSet-Cookie:x=y":  "/%0d%0aSet-Cookie:x=y",
		"/a\r\nLocation: //evil": "",
		"javascript:alert(1)":    "",
		"zaken":                  "",
	} {
		if got := auth.SafeNext(in); got != want {
			t.Errorf("SafeNext(%q) = %q, want %q", in, got, want)
		}
	}
}

// serve wires the middleware the way the web package does.
func serve(s *auth.Service, h http.Handler) http.Handler {
	return s.Sessions(s.CSRF(h))
}

func TestSessionsCSRFAndRoles(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s, clk := newService(t, d, nil)
		ctx := context.Background()
		kcc := mustUser(t, s, "kcc1", "kcc-wachtwoord-1", "kcc")

		mux := http.NewServeMux()
		mux.HandleFunc("POST /login", func(w http.ResponseWriter, r *http.Request) {
			u, err := s.Login(r.Context(), r.PostFormValue("username"), r.PostFormValue("password"), r.RemoteAddr)
			if err != nil {
				http.Error(w, errs.Message(err), 401)
				return
			}
			if _, err := s.StartSession(r.Context(), w, r, u); err != nil {
				http.Error(w, err.Error(), 500)
			}
		})
		mux.HandleFunc("GET /login", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(s.CSRFToken(w, r))) })
		mux.Handle("GET /zaken", auth.RequireStaff()(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			u, _ := auth.CurrentUser(r)
			a := audit.ActorFrom(r.Context())
			w.Write([]byte(u.Username + "|" + a.Kind + "|" + a.ID + "|" + s.CSRFToken(w, r)))
		})))
		mux.Handle("GET /beheer", auth.RequireStaff(auth.RoleBeheerder)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {})))
		mux.Handle("POST /logout", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { s.Logout(r.Context(), w, r) }))
		h := serve(s, mux)

		do := func(method, target string, form url.Values, cookies ...*http.Cookie) *httptest.ResponseRecorder {
			var body *strings.Reader
			if form != nil {
				body = strings.NewReader(form.Encode())
			} else {
				body = strings.NewReader("")
			}
			req := httptest.NewRequest(method, target, body)
			if form != nil {
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			}
			for _, c := range cookies {
				req.AddCookie(c)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			return rec
		}
		cookie := func(rec *httptest.ResponseRecorder, name string) *http.Cookie {
			for _, c := range rec.Result().Cookies() {
				if c.Name == name {
					return c
				}
			}
			return nil
		}

		// Anonymous: redirected to login with next.
		rec := do("GET", "/zaken?q=1", nil)
		if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/login?next=%2Fzaken%3Fq%3D1" {
			t.Fatalf("anonymous: %d %s", rec.Code, rec.Header().Get("Location"))
		}
		// Login without a CSRF token is refused.
		form := url.Values{"username": {"kcc1"}, "password": {"kcc-wachtwoord-1"}}
		if rec := do("POST", "/login", form); rec.Code != http.StatusForbidden {
			t.Fatalf("login without csrf: %d", rec.Code)
		}
		rec = do("GET", "/login", nil)
		pre := cookie(rec, "loket_csrf")
		if pre == nil || !pre.HttpOnly {
			t.Fatalf("pre-session cookie = %+v", pre)
		}
		token := rec.Body.String()
		form.Set("csrf", token+"x")
		if rec := do("POST", "/login", form, pre); rec.Code != http.StatusForbidden {
			t.Fatalf("login with wrong csrf: %d", rec.Code)
		}
		forged := *pre
		forged.Value = token + ".9999999999.AAAA"
		form.Set("csrf", token)
		if rec := do("POST", "/login", form, &forged); rec.Code != http.StatusForbidden {
			t.Fatalf("login with forged pre-session cookie: %d", rec.Code)
		}
		// A session cookie planted before login is not reused.
		planted := &http.Cookie{Name: auth.SessionCookie, Value: "planted-token"}
		rec = do("POST", "/login", form, pre, planted)
		if rec.Code != http.StatusOK {
			t.Fatalf("login: %d %s", rec.Code, rec.Body)
		}
		sc := cookie(rec, auth.SessionCookie)
		if sc == nil || !sc.HttpOnly || !sc.Secure || sc.SameSite != http.SameSiteLaxMode || sc.Path != "/" || sc.Value == "planted-token" || len(sc.Value) < 43 {
			t.Fatalf("session cookie = %+v", sc)
		}
		var n int
		d.R.QueryRow(`SELECT COUNT(*) FROM sessions WHERE token_hash = $1 OR token_hash = $2`, sc.Value, "planted-token").Scan(&n)
		if n != 0 {
			t.Fatal("the raw token is stored in the sessions table")
		}

		rec = do("GET", "/zaken", nil, sc)
		parts := strings.Split(rec.Body.String(), "|")
		if rec.Code != 200 || len(parts) != 4 || parts[0] != "kcc1" || parts[1] != "medewerker" || parts[2] != kcc.ID {
			t.Fatalf("logged in: %d %q", rec.Code, rec.Body)
		}
		csrf := parts[3]
		if rec := do("GET", "/beheer", nil, sc); rec.Code != http.StatusForbidden || !strings.Contains(rec.Body.String(), "geen toegang") {
			t.Fatalf("kcc on beheer: %d", rec.Code)
		}
		// Logout needs the session token, not the pre-session one.
		if rec := do("POST", "/logout", url.Values{"csrf": {token}}, sc, pre); rec.Code != http.StatusForbidden {
			t.Fatalf("logout with pre-session token: %d", rec.Code)
		}

		// Idle timeout: 59 minutes is fine (and renews), 60 minutes idle is not.
		clk.Add(59 * time.Minute)
		if rec := do("GET", "/zaken", nil, sc); rec.Code != 200 {
			t.Fatalf("after 59 idle minutes: %d", rec.Code)
		}
		clk.Add(59 * time.Minute)
		if rec := do("GET", "/zaken", nil, sc); rec.Code != 200 {
			t.Fatalf("after 59 more minutes (renewed): %d", rec.Code)
		}
		clk.Add(60 * time.Minute)
		if rec := do("GET", "/zaken", nil, sc); rec.Code != http.StatusSeeOther {
			t.Fatalf("after 60 idle minutes: %d", rec.Code)
		}

		// Absolute lifetime: active every 30 minutes, still ends after 8 hours.
		rec = do("GET", "/login", nil)
		pre, token = cookie(rec, "loket_csrf"), rec.Body.String()
		form.Set("csrf", token)
		sc = cookie(do("POST", "/login", form, pre), auth.SessionCookie)
		for i := 0; i < 15; i++ {
			clk.Add(30 * time.Minute)
			if rec := do("GET", "/zaken", nil, sc); rec.Code != 200 {
				t.Fatalf("active session ended after %d minutes", (i+1)*30)
			}
		}
		clk.Add(30 * time.Minute)
		if rec := do("GET", "/zaken", nil, sc); rec.Code != http.StatusSeeOther {
			t.Fatalf("session alive after 8 hours: %d", rec.Code)
		}

		// Scripted requests (htmx) may carry the token in a header instead.
		req := httptest.NewRequest("POST", "/logout", nil)
		req.Header.Set(auth.CSRFHeader, "geraden")
		req.AddCookie(sc)
		rec = httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusForbidden {
			t.Fatalf("logout with a wrong header token: %d", rec.Code)
		}

		// Logout deletes the row: the old cookie no longer works.
		rec = do("GET", "/login", nil)
		pre, token = cookie(rec, "loket_csrf"), rec.Body.String()
		form.Set("csrf", token)
		sc = cookie(do("POST", "/login", form, pre), auth.SessionCookie)
		rec = do("GET", "/zaken", nil, sc)
		csrf = strings.Split(rec.Body.String(), "|")[3]
		req = httptest.NewRequest("POST", "/logout", nil)
		req.Header.Set(auth.CSRFHeader, csrf)
		req.AddCookie(sc)
		rec = httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != 200 || cookie(rec, auth.SessionCookie) == nil || cookie(rec, auth.SessionCookie).MaxAge >= 0 {
			t.Fatalf("logout: %d, cookie %+v", rec.Code, cookie(rec, auth.SessionCookie))
		}
		if rec := do("GET", "/zaken", nil, sc); rec.Code != http.StatusSeeOther {
			t.Fatalf("session works after logout: %d", rec.Code)
		}
		_ = ctx
	})
}
