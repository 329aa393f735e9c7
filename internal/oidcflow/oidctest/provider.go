// Package oidctest is a small but real OpenID Connect provider for tests of
// the logins that use oidcflow.
package oidctest

import (
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
	"sync"
	"testing"
	"time"
)

// provider is a small but real OpenID Connect provider: discovery, JWKS,
// an authorization endpoint that logs in whoever the test says, and a token
// endpoint that checks the client secret and the PKCE verifier and signs
// RS256 ID tokens.
type Provider struct {
	t   testing.TB
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

// New starts a provider for client "loket" with secret "geheim".
func New(t testing.TB, now func() time.Time) *Provider {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	p := &Provider{t: t, key: key, now: now, codes: map[string]grant{}}
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

func (p *Provider) sign(claims map[string]any) string {
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

// LoginAs sets the claims of the next login.
func (p *Provider) LoginAs(claims map[string]any) {
	p.mu.Lock()
	p.claims = claims
	p.mu.Unlock()
}

// URL is the issuer URL.
func (p *Provider) URL() string { return p.srv.URL }

// SawS256 reports whether the last authorization request used PKCE S256.
func (p *Provider) SawS256() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.sawS256
}

// NextBadNonce makes the next ID token carry a different nonce.
func (p *Provider) NextBadNonce() {
	p.mu.Lock()
	p.badNonce = true
	p.mu.Unlock()
}
