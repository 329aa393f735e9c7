package auth_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/gemeenten/loket/internal/audit"
	"github.com/gemeenten/loket/internal/auth"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/db/dbtest"
	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/oidcflow/oidctest"
)

// login runs the browser's part: start, follow the provider's redirect,
// and deliver the callback (optionally tampered with).
func login(t *testing.T, s *auth.Service, tamper func(q url.Values)) (auth.User, string, error) {
	t.Helper()
	rec := httptest.NewRecorder()
	if err := s.OIDCStart(rec, httptest.NewRequest("GET", "/login/oidc?next=/zaken/1", nil), "/zaken/1"); err != nil {
		t.Fatal(err)
	}
	if rec.Code != http.StatusFound {
		t.Fatalf("start: %d", rec.Code)
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Get(rec.Header().Get("Location"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusFound {
		t.Fatalf("authorize: %d", resp.StatusCode)
	}
	back, _ := url.Parse(resp.Header.Get("Location"))
	if back.Path != "/login/oidc/callback" {
		t.Fatalf("redirected back to %s", back)
	}
	q := back.Query()
	if tamper != nil {
		tamper(q)
	}
	req := httptest.NewRequest("GET", "/login/oidc/callback?"+q.Encode(), nil)
	for _, c := range rec.Result().Cookies() {
		req.AddCookie(c)
	}
	return s.OIDCCallback(httptest.NewRecorder(), req)
}

func TestOIDCLogin(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		clk := &clock{t: time.Now().UTC()} // the token's iat/exp are checked against this clock
		p := oidctest.New(t, clk.Now)
		s, _ := newService(t, d, func(c *auth.Config) {
			c.Now = clk.Now
			c.OIDC = &auth.OIDCConfig{IssuerURL: p.URL(), ClientID: "loket", ClientSecret: "geheim",
				RedirectURL: "http://loket.test/login/oidc/callback", RolesClaim: "loket_roles"}
		})
		ctx := context.Background()
		anna := mustUser(t, s, "anna", "", "kcc")
		mustUser(t, s, "bert", "bert-wachtwoord-1", "behandelaar")

		// Unverified e-mail: no link.
		p.LoginAs(map[string]any{"sub": "sub-anna", "email": "ANNA@voorbeeld.nl", "email_verified": false})
		if _, _, err := login(t, s, nil); !errs.Is(err, errs.Forbidden) || errs.Message(err) != auth.OIDCNoAccountMessage {
			t.Fatalf("unverified e-mail: %v", err)
		}
		// Unknown person: never created.
		p.LoginAs(map[string]any{"sub": "sub-x", "email": "onbekend@voorbeeld.nl", "email_verified": true})
		if _, _, err := login(t, s, nil); !errs.Is(err, errs.Forbidden) {
			t.Fatalf("unknown person: %v", err)
		}
		if users, _ := s.ListUsers(ctx); len(users) != 2 {
			t.Fatalf("OIDC login created users: %d", len(users))
		}

		// First login by verified e-mail links the subject; the roles claim
		// may change roles but not grant beheerder.
		p.LoginAs(map[string]any{"sub": "sub-anna", "email": "ANNA@voorbeeld.nl", "email_verified": true,
			"loket_roles": []string{"behandelaar", "beheerder", "onzin"}})
		u, next, err := login(t, s, nil)
		if err != nil {
			t.Fatalf("first login: %v", err)
		}
		if u.ID != anna.ID || next != "/zaken/1" || u.OIDCSubject != "sub-anna" || strings.Join(u.Roles, ",") != "behandelaar" {
			t.Fatalf("first login: user %+v next %q", u, next)
		}
		if !p.SawS256() {
			t.Fatal("no S256 PKCE challenge sent")
		}
		stored, _ := s.GetUser(ctx, anna.ID)
		if stored.OIDCIssuer != p.URL() || stored.OIDCSubject != "sub-anna" || stored.LastLoginAt == nil ||
			strings.Join(stored.Roles, ",") != "behandelaar" {
			t.Fatalf("stored user: %+v", stored)
		}
		trail, _ := audit.ForResource(ctx, d.R, "user", anna.ID)
		var acts []string
		for _, e := range trail {
			acts = append(acts, e.Actie)
		}
		if !strings.Contains(strings.Join(acts, ","), "link_oidc") || !strings.Contains(strings.Join(acts, ","), "set_roles") {
			t.Fatalf("audit actions: %v", acts)
		}

		// Later logins map by subject, whatever the e-mail claim says.
		p.LoginAs(map[string]any{"sub": "sub-anna", "email": "bert@voorbeeld.nl", "email_verified": true})
		if u, _, err := login(t, s, nil); err != nil || u.ID != anna.ID {
			t.Fatalf("login by subject: %+v %v", u, err)
		}

		// Tampered state, provider error, wrong nonce: refused.
		if _, _, err := login(t, s, func(q url.Values) { q.Set("state", "x") }); !errs.Is(err, errs.Unauthenticated) {
			t.Fatalf("tampered state: %v", err)
		}
		if _, _, err := login(t, s, func(q url.Values) { q.Set("code", "gestolen") }); !errs.Is(err, errs.Unauthenticated) {
			t.Fatalf("unknown code: %v", err)
		}
		p.NextBadNonce()
		if _, _, err := login(t, s, nil); !errs.Is(err, errs.Unauthenticated) {
			t.Fatalf("wrong nonce: %v", err)
		}

		// A deactivated user cannot log in through OIDC either.
		if err := s.Deactivate(adminCtx, anna.ID); err != nil {
			t.Fatal(err)
		}
		if _, _, err := login(t, s, nil); !errs.Is(err, errs.Forbidden) {
			t.Fatalf("deactivated: %v", err)
		}
	})
}
