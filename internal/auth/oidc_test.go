package auth_test

import (
	"context"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"math/big"
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

// provider is a small but real OpenID Connect provider: discovery, JWKS,
// an authorization endpoint that logs in whoever the test says, and a token
// endpoint that checks the client secret and the PKCE verifier and signs
// RS256 ID tokens.
type provider struct {
	t   *testing.T
	srv *httptest.Server
	key *rsa.PrivateKey
	now func() time.Time

	mu     sync.Mutex
	claims map[string]any // claims of the next login
	codes  map[string]grant
	// badNonce makes the next token carry a different nonce.
	badNonce bool
	sawS256  bool
}

type grant struct {
	challenge, nonce, redirect string
	claims                     map[string]any
}

func b64u(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }

func newProvider(t *testing.T, now func() time.Time) *provider {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	p := &provider{t: t, key: key, now: now, codes: map[string]grant{}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /.well-known/openid-configuration", func(w http.ResponseWriter, r *http.Request) {
		json.NewEncoder(w).Encode(map[string]any{
			"issuer":                                p.srv.URL,
			"authorization_endpoint":                p.srv.URL + "/authorize",
			"token_endpoint":                        p.srv.URL + "/token",
			"jwks_uri":                              p.srv.URL + "/jwks",
			"response_types_supported":              []string{"code"},
			"subject_types_supported":               []string{"public"},
			"id_token_signing_alg_values_supported": []string{"RS256"},
			"code_challenge_methods_supported":      []string{"S256"},
		})
	})
	mux.HandleFunc("GET /jwks", func(w http.ResponseWriter, r *http.Request) {
		json.NewEncoder(w).Encode(map[string]any{"keys": []map[string]string{{
			"kty": "RSA", "kid": "k1", "use": "sig", "alg": "RS256",
			"n": b64u(key.N.Bytes()), "e": b64u(big.NewInt(int64(key.E)).Bytes()),
		}}})
	})
	mux.HandleFunc("GET /authorize", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		if q.Get("response_type") != "code" || q.Get("client_id") != "loket" || q.Get("code_challenge") == "" {
			http.Error(w, "bad authorize request", 400)
			return
		}
		p.mu.Lock()
		p.sawS256 = q.Get("code_challenge_method") == "S256"
		code := b64u([]byte(q.Get("state") + "-code"))
		p.codes[code] = grant{challenge: q.Get("code_challenge"), nonce: q.Get("nonce"), redirect: q.Get("redirect_uri"), claims: p.claims}
		p.mu.Unlock()
		http.Redirect(w, r, q.Get("redirect_uri")+"?"+url.Values{"code": {code}, "state": {q.Get("state")}}.Encode(), http.StatusFound)
	})
	mux.HandleFunc("POST /token", func(w http.ResponseWriter, r *http.Request) {
		id, secret, ok := r.BasicAuth()
		if !ok {
			id, secret = r.PostFormValue("client_id"), r.PostFormValue("client_secret")
		}
		if id != "loket" || secret != "geheim" {
			http.Error(w, `{"error":"invalid_client"}`, 401)
			return
		}
		p.mu.Lock()
		g, ok := p.codes[r.PostFormValue("code")]
		delete(p.codes, r.PostFormValue("code"))
		badNonce := p.badNonce
		p.badNonce = false
		p.mu.Unlock()
		sum := sha256.Sum256([]byte(r.PostFormValue("code_verifier")))
		if !ok || b64u(sum[:]) != g.challenge || r.PostFormValue("redirect_uri") != g.redirect {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(400)
			w.Write([]byte(`{"error":"invalid_grant"}`))
			return
		}
		claims := map[string]any{"iss": p.srv.URL, "aud": "loket", "iat": p.now().Unix(),
			"exp": p.now().Add(5 * time.Minute).Unix(), "nonce": g.nonce}
		if badNonce {
			claims["nonce"] = "some-other-nonce"
		}
		for k, v := range g.claims {
			claims[k] = v
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{"access_token": "at", "token_type": "Bearer", "expires_in": 300,
			"id_token": p.sign(claims)})
	})
	p.srv = httptest.NewServer(mux)
	t.Cleanup(p.srv.Close)
	return p
}

func (p *provider) sign(claims map[string]any) string {
	h, _ := json.Marshal(map[string]string{"alg": "RS256", "kid": "k1", "typ": "JWT"})
	c, _ := json.Marshal(claims)
	in := b64u(h) + "." + b64u(c)
	sum := sha256.Sum256([]byte(in))
	sig, err := rsa.SignPKCS1v15(rand.Reader, p.key, crypto.SHA256, sum[:])
	if err != nil {
		p.t.Fatal(err)
	}
	return in + "." + b64u(sig)
}

func (p *provider) loginAs(claims map[string]any) {
	p.mu.Lock()
	p.claims = claims
	p.mu.Unlock()
}

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
		p := newProvider(t, clk.Now)
		s, _ := newService(t, d, func(c *auth.Config) {
			c.Now = clk.Now
			c.OIDC = &auth.OIDCConfig{IssuerURL: p.srv.URL, ClientID: "loket", ClientSecret: "geheim",
				RedirectURL: "http://loket.test/login/oidc/callback", RolesClaim: "loket_roles"}
		})
		ctx := context.Background()
		anna := mustUser(t, s, "anna", "", "kcc")
		mustUser(t, s, "bert", "bert-wachtwoord-1", "behandelaar")

		// Unverified e-mail: no link.
		p.loginAs(map[string]any{"sub": "sub-anna", "email": "ANNA@voorbeeld.nl", "email_verified": false})
		if _, _, err := login(t, s, nil); !errs.Is(err, errs.Forbidden) || errs.Message(err) != auth.OIDCNoAccountMessage {
			t.Fatalf("unverified e-mail: %v", err)
		}
		// Unknown person: never created.
		p.loginAs(map[string]any{"sub": "sub-x", "email": "onbekend@voorbeeld.nl", "email_verified": true})
		if _, _, err := login(t, s, nil); !errs.Is(err, errs.Forbidden) {
			t.Fatalf("unknown person: %v", err)
		}
		if users, _ := s.ListUsers(ctx); len(users) != 2 {
			t.Fatalf("OIDC login created users: %d", len(users))
		}

		// First login by verified e-mail links the subject; the roles claim
		// may change roles but not grant beheerder.
		p.loginAs(map[string]any{"sub": "sub-anna", "email": "ANNA@voorbeeld.nl", "email_verified": true,
			"loket_roles": []string{"behandelaar", "beheerder", "onzin"}})
		u, next, err := login(t, s, nil)
		if err != nil {
			t.Fatalf("first login: %v", err)
		}
		if u.ID != anna.ID || next != "/zaken/1" || u.OIDCSubject != "sub-anna" || strings.Join(u.Roles, ",") != "behandelaar" {
			t.Fatalf("first login: user %+v next %q", u, next)
		}
		if !p.sawS256 {
			t.Fatal("no S256 PKCE challenge sent")
		}
		stored, _ := s.GetUser(ctx, anna.ID)
		if stored.OIDCIssuer != p.srv.URL || stored.OIDCSubject != "sub-anna" || stored.LastLoginAt == nil ||
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
		p.loginAs(map[string]any{"sub": "sub-anna", "email": "bert@voorbeeld.nl", "email_verified": true})
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
		p.mu.Lock()
		p.badNonce = true
		p.mu.Unlock()
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
