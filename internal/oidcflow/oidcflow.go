// Package oidcflow is the OpenID Connect authorization-code flow with PKCE,
// state and nonce, as Loket's logins use it: staff through the
// municipality's identity provider, citizens and businesses through the
// DigiD/eHerkenning broker. What the claims mean is up to the caller.
package oidcflow

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"
)

// Config configures one relying party.
type Config struct {
	IssuerURL    string
	ClientID     string
	ClientSecret string
	RedirectURL  string
	// Scopes besides "openid".
	Scopes []string
	// Cookie names the state cookie; CookiePath is the callback's path
	// prefix, so the cookie is only sent where it is needed.
	Cookie     string
	CookiePath string
	Secure     bool
	// Sign is a keyed MAC (the server key); Now the clock.
	Sign func(parts ...string) []byte
	Now  func() time.Time
	// AuthParams are extra authorization request parameters (e.g. the
	// acr_values a DigiD broker uses for the level of assurance).
	AuthParams map[string]string
}

// Flow runs the flow for one Config.
type Flow struct {
	cfg Config

	mu       sync.Mutex
	oauth    *oauth2.Config
	verifier *oidc.IDTokenVerifier
}

// New returns a flow. Discovery happens on first use, so an unreachable
// provider does not keep Loket from starting.
func New(cfg Config) *Flow {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Flow{cfg: cfg}
}

// Errors; the caller turns them into a page.
var (
	ErrUnavailable = errors.New("oidcflow: provider unavailable")
	ErrFailed      = errors.New("oidcflow: login failed")
)

func (f *Flow) client(ctx context.Context) (*oauth2.Config, *oidc.IDTokenVerifier, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.oauth != nil {
		return f.oauth, f.verifier, nil
	}
	dctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	p, err := oidc.NewProvider(dctx, f.cfg.IssuerURL)
	if err != nil {
		return nil, nil, fmt.Errorf("%w: discovery at %s: %v", ErrUnavailable, f.cfg.IssuerURL, err)
	}
	f.oauth = &oauth2.Config{ClientID: f.cfg.ClientID, ClientSecret: f.cfg.ClientSecret, Endpoint: p.Endpoint(),
		RedirectURL: f.cfg.RedirectURL, Scopes: append([]string{oidc.ScopeOpenID}, f.cfg.Scopes...)}
	f.verifier = p.Verifier(&oidc.Config{ClientID: f.cfg.ClientID, Now: f.cfg.Now})
	return f.oauth, f.verifier, nil
}

const ttl = 10 * time.Minute

// state travels in a signed cookie between the redirect to the provider and
// the callback. The PKCE verifier may sit in the browser: it only protects
// the code against interception on the way back, and the cookie is HttpOnly
// and bound to this browser.
type state struct {
	State    string `json:"s"`
	Nonce    string `json:"n"`
	Verifier string `json:"v"`
	Next     string `json:"x"`
	Exp      int64  `json:"e"`
}

func random(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(fmt.Sprintf("oidcflow: crypto/rand: %v", err))
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// Start redirects the browser to the provider. next is kept for the
// callback; the caller makes it safe.
func (f *Flow) Start(w http.ResponseWriter, r *http.Request, next string) error {
	oc, _, err := f.client(r.Context())
	if err != nil {
		return err
	}
	st := state{State: random(24), Nonce: random(24), Verifier: oauth2.GenerateVerifier(), Next: next,
		Exp: f.cfg.Now().Add(ttl).Unix()}
	payload, err := json.Marshal(st)
	if err != nil {
		return err
	}
	p := base64.RawURLEncoding.EncodeToString(payload)
	sig := base64.RawURLEncoding.EncodeToString(f.cfg.Sign("oidc", f.cfg.Cookie, p))
	// SameSite=Lax lets the cookie come along on the provider's top-level
	// GET redirect back to us.
	http.SetCookie(w, &http.Cookie{Name: f.cfg.Cookie, Value: p + "." + sig, Path: f.cfg.CookiePath, MaxAge: int(ttl.Seconds()),
		HttpOnly: true, Secure: f.cfg.Secure, SameSite: http.SameSiteLaxMode})
	opts := []oauth2.AuthCodeOption{oidc.Nonce(st.Nonce), oauth2.S256ChallengeOption(st.Verifier)}
	for k, v := range f.cfg.AuthParams {
		opts = append(opts, oauth2.SetAuthURLParam(k, v))
	}
	w.Header().Set("Cache-Control", "no-store")
	http.Redirect(w, r, oc.AuthCodeURL(st.State, opts...), http.StatusFound)
	return nil
}

func (f *Flow) readState(r *http.Request) (state, bool) {
	var st state
	c, err := r.Cookie(f.cfg.Cookie)
	if err != nil {
		return st, false
	}
	p, sigText, ok := strings.Cut(c.Value, ".")
	if !ok {
		return st, false
	}
	sig, err := base64.RawURLEncoding.DecodeString(sigText)
	if err != nil || !hmac.Equal(sig, f.cfg.Sign("oidc", f.cfg.Cookie, p)) {
		return st, false
	}
	payload, err := base64.RawURLEncoding.DecodeString(p)
	if err != nil || json.Unmarshal(payload, &st) != nil {
		return st, false
	}
	if f.cfg.Now().Unix() > st.Exp {
		return st, false
	}
	return st, true
}

// Result is a verified login.
type Result struct {
	Issuer  string
	Subject string
	Claims  map[string]any
	Next    string
}

// Callback completes the flow: it checks state, exchanges the code with the
// PKCE verifier, verifies the ID token and its nonce. The reason of a
// failure is in the error (for the log, not for the user).
func (f *Flow) Callback(w http.ResponseWriter, r *http.Request) (Result, error) {
	ctx := r.Context()
	st, ok := f.readState(r)
	http.SetCookie(w, &http.Cookie{Name: f.cfg.Cookie, Value: "", Path: f.cfg.CookiePath, MaxAge: -1, HttpOnly: true,
		Secure: f.cfg.Secure, SameSite: http.SameSiteLaxMode})
	q := r.URL.Query()
	if !ok || subtle.ConstantTimeCompare([]byte(q.Get("state")), []byte(st.State)) != 1 {
		return Result{}, fmt.Errorf("%w: state missing or mismatched", ErrFailed)
	}
	if e := q.Get("error"); e != "" {
		return Result{}, fmt.Errorf("%w: provider returned %q", ErrFailed, e)
	}
	oc, verifier, err := f.client(ctx)
	if err != nil {
		return Result{}, err
	}
	tok, err := oc.Exchange(ctx, q.Get("code"), oauth2.VerifierOption(st.Verifier))
	if err != nil {
		return Result{}, fmt.Errorf("%w: code exchange: %v", ErrFailed, err)
	}
	raw, _ := tok.Extra("id_token").(string)
	if raw == "" {
		return Result{}, fmt.Errorf("%w: token response without id_token", ErrFailed)
	}
	idt, err := verifier.Verify(ctx, raw)
	if err != nil {
		return Result{}, fmt.Errorf("%w: id token rejected: %v", ErrFailed, err)
	}
	if subtle.ConstantTimeCompare([]byte(idt.Nonce), []byte(st.Nonce)) != 1 {
		return Result{}, fmt.Errorf("%w: nonce mismatch", ErrFailed)
	}
	var claims map[string]any
	if err := idt.Claims(&claims); err != nil {
		return Result{}, fmt.Errorf("%w: claims: %v", ErrFailed, err)
	}
	if idt.Subject == "" {
		return Result{}, fmt.Errorf("%w: no subject", ErrFailed)
	}
	return Result{Issuer: idt.Issuer, Subject: idt.Subject, Claims: claims, Next: st.Next}, nil
}

// String returns a claim that is a string (or a number, as some brokers
// send a BSN), or "".
func String(claims map[string]any, name string) string {
	switch v := claims[name].(type) {
	case string:
		return v
	case float64:
		return fmt.Sprintf("%.0f", v)
	}
	return ""
}

// Bool returns a claim that is a boolean, or the string "true".
func Bool(claims map[string]any, name string) bool {
	switch v := claims[name].(type) {
	case bool:
		return v
	case string:
		return v == "true"
	}
	return false
}

// Strings returns a claim that is a list of strings or a string of
// space- or comma-separated values; ok is false when it is absent.
func Strings(claims map[string]any, name string) ([]string, bool) {
	switch v := claims[name].(type) {
	case string:
		return strings.Fields(strings.ReplaceAll(v, ",", " ")), true
	case []any:
		var out []string
		for _, x := range v {
			if s, ok := x.(string); ok {
				out = append(out, s)
			}
		}
		return out, true
	}
	return nil, false
}

// Nested reads a claim inside an object claim, e.g. Nested(c, "act", "bsn")
// for a representation claim.
func Nested(claims map[string]any, obj, name string) string {
	m, ok := claims[obj].(map[string]any)
	if !ok {
		return ""
	}
	return String(m, name)
}
