package auth

import (
	"context"
	"crypto/hmac"
	"crypto/subtle"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/gemeenten/loket/internal/audit"
	"github.com/gemeenten/loket/internal/errs"
)

// OIDCConfig configures staff login through the municipality's identity
// provider (Entra ID, Keycloak, ...).
type OIDCConfig struct {
	IssuerURL    string
	ClientID     string
	ClientSecret string
	// RedirectURL is the public URL of /login/oidc/callback.
	RedirectURL string
	// RolesClaim, when set, names a claim (string or list of strings) whose
	// Loket roles replace the user's roles at every login. The claim can take
	// away the beheerder role but never grant it: administrators are made in
	// Loket, on purpose, by another administrator.
	RolesClaim string
	// Scopes besides "openid" [profile, email].
	Scopes []string
	// Label of the login button ["Inloggen met uw organisatie-account"].
	Label string
}

func (c *OIDCConfig) validate() error {
	var missing []string
	if c.IssuerURL == "" {
		missing = append(missing, "issuer URL")
	}
	if c.ClientID == "" {
		missing = append(missing, "client id")
	}
	if c.RedirectURL == "" {
		missing = append(missing, "redirect URL")
	}
	if len(missing) > 0 {
		return fmt.Errorf("auth: OIDC configuration lacks %s", strings.Join(missing, ", "))
	}
	return nil
}

type oidcClient struct {
	oauth    oauth2.Config
	verifier *oidc.IDTokenVerifier
	issuer   string
}

// OIDCEnabled reports whether OIDC login is configured.
func (s *Service) OIDCEnabled() bool { return s.cfg.OIDC != nil }

// OIDCLabel is the text of the login button.
func (s *Service) OIDCLabel() string {
	if s.cfg.OIDC == nil || s.cfg.OIDC.Label == "" {
		return "Inloggen met uw organisatie-account"
	}
	return s.cfg.OIDC.Label
}

// client discovers the provider on first use rather than at start-up, so an
// unreachable identity provider does not keep Loket (and password login)
// from starting; a failed discovery is retried on the next attempt.
func (s *Service) client(ctx context.Context) (*oidcClient, error) {
	s.oidcMu.Lock()
	defer s.oidcMu.Unlock()
	if s.oidc != nil {
		return s.oidc, nil
	}
	cfg := s.cfg.OIDC
	dctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	p, err := oidc.NewProvider(dctx, cfg.IssuerURL)
	if err != nil {
		return nil, fmt.Errorf("auth: OIDC discovery at %s: %w", cfg.IssuerURL, err)
	}
	scopes := []string{oidc.ScopeOpenID}
	if len(cfg.Scopes) == 0 {
		scopes = append(scopes, "profile", "email")
	} else {
		scopes = append(scopes, cfg.Scopes...)
	}
	s.oidc = &oidcClient{
		oauth: oauth2.Config{ClientID: cfg.ClientID, ClientSecret: cfg.ClientSecret, Endpoint: p.Endpoint(),
			RedirectURL: cfg.RedirectURL, Scopes: scopes},
		verifier: p.Verifier(&oidc.Config{ClientID: cfg.ClientID, Now: s.cfg.Now}),
		issuer:   cfg.IssuerURL,
	}
	return s.oidc, nil
}

const (
	oidcCookie = "loket_oidc"
	oidcTTL    = 10 * time.Minute
)

// oidcState travels in a signed cookie between the redirect to the
// provider and the callback. The PKCE verifier may sit in the browser: it
// only protects the code against interception on the way back, and the
// cookie is HttpOnly and bound to this browser.
type oidcState struct {
	State    string `json:"s"`
	Nonce    string `json:"n"`
	Verifier string `json:"v"`
	Next     string `json:"x"`
	Exp      int64  `json:"e"`
}

var errOIDCUnavailable = errs.E(errs.Unauthenticated, "oidc_unavailable",
	"Inloggen via de identiteitsprovider is nu niet mogelijk. Probeer het later opnieuw of log in met uw wachtwoord.")

// OIDCStart redirects the browser to the identity provider with state,
// nonce and a PKCE challenge. next is where to go after login.
func (s *Service) OIDCStart(w http.ResponseWriter, r *http.Request, next string) error {
	if s.cfg.OIDC == nil {
		return errs.NotFoundf("pagina", r.URL.Path)
	}
	c, err := s.client(r.Context())
	if err != nil {
		s.log.ErrorContext(r.Context(), "oidc", "err", err)
		return errOIDCUnavailable
	}
	st := oidcState{State: randomToken(24), Nonce: randomToken(24), Verifier: oauth2.GenerateVerifier(),
		Next: SafeNext(next), Exp: s.now().Add(oidcTTL).Unix()}
	payload, err := json.Marshal(st)
	if err != nil {
		return err
	}
	p := base64.RawURLEncoding.EncodeToString(payload)
	sig := base64.RawURLEncoding.EncodeToString(s.mac("oidc", p))
	// SameSite=Lax lets the cookie come along on the provider's top-level
	// GET redirect back to us.
	http.SetCookie(w, &http.Cookie{Name: oidcCookie, Value: p + "." + sig, Path: "/login/oidc", MaxAge: int(oidcTTL.Seconds()),
		HttpOnly: true, Secure: s.cfg.SecureCookies, SameSite: http.SameSiteLaxMode})
	url := c.oauth.AuthCodeURL(st.State, oidc.Nonce(st.Nonce), oauth2.S256ChallengeOption(st.Verifier))
	w.Header().Set("Cache-Control", "no-store")
	http.Redirect(w, r, url, http.StatusFound)
	return nil
}

func (s *Service) readOIDCState(r *http.Request) (oidcState, bool) {
	var st oidcState
	c, err := r.Cookie(oidcCookie)
	if err != nil {
		return st, false
	}
	p, sigText, ok := strings.Cut(c.Value, ".")
	if !ok {
		return st, false
	}
	sig, err := base64.RawURLEncoding.DecodeString(sigText)
	if err != nil || !hmac.Equal(sig, s.mac("oidc", p)) {
		return st, false
	}
	payload, err := base64.RawURLEncoding.DecodeString(p)
	if err != nil || json.Unmarshal(payload, &st) != nil {
		return st, false
	}
	if s.now().Unix() > st.Exp {
		return st, false
	}
	return st, true
}

// OIDCNoAccountMessage is shown when the provider knows the person but
// Loket has no active account for them.
const OIDCNoAccountMessage = "U bent aangemeld bij uw organisatie, maar er is geen actief Loket-account aan gekoppeld. Vraag de beheerder om een account."

var errOIDCFailed = errs.E(errs.Unauthenticated, "oidc_failed",
	"Inloggen via de identiteitsprovider is niet gelukt. Probeer het opnieuw.")

// OIDCCallback completes the flow: it checks state, exchanges the code with
// the PKCE verifier, verifies the ID token and its nonce and maps the
// subject to an existing active user — by issuer+subject, or on the first
// login by a verified e-mail address (then the subject is stored). It never
// creates users. It returns the user and the local path to continue to;
// the caller starts the session.
func (s *Service) OIDCCallback(w http.ResponseWriter, r *http.Request) (User, string, error) {
	ctx := r.Context()
	if s.cfg.OIDC == nil {
		return User{}, "", errs.NotFoundf("pagina", r.URL.Path)
	}
	st, ok := s.readOIDCState(r)
	http.SetCookie(w, &http.Cookie{Name: oidcCookie, Value: "", Path: "/login/oidc", MaxAge: -1, HttpOnly: true,
		Secure: s.cfg.SecureCookies, SameSite: http.SameSiteLaxMode})
	q := r.URL.Query()
	if !ok || subtle.ConstantTimeCompare([]byte(q.Get("state")), []byte(st.State)) != 1 {
		s.log.WarnContext(ctx, "oidc callback: state missing or mismatched")
		return User{}, "", errOIDCFailed
	}
	if e := q.Get("error"); e != "" {
		s.log.InfoContext(ctx, "oidc callback: provider returned an error", "error", e)
		return User{}, "", errOIDCFailed
	}
	c, err := s.client(ctx)
	if err != nil {
		s.log.ErrorContext(ctx, "oidc", "err", err)
		return User{}, "", errOIDCUnavailable
	}
	tok, err := c.oauth.Exchange(ctx, q.Get("code"), oauth2.VerifierOption(st.Verifier))
	if err != nil {
		s.log.WarnContext(ctx, "oidc: code exchange failed", "err", err)
		return User{}, "", errOIDCFailed
	}
	raw, _ := tok.Extra("id_token").(string)
	if raw == "" {
		s.log.WarnContext(ctx, "oidc: token response without id_token")
		return User{}, "", errOIDCFailed
	}
	idt, err := c.verifier.Verify(ctx, raw)
	if err != nil {
		s.log.WarnContext(ctx, "oidc: id token rejected", "err", err)
		return User{}, "", errOIDCFailed
	}
	if subtle.ConstantTimeCompare([]byte(idt.Nonce), []byte(st.Nonce)) != 1 {
		s.log.WarnContext(ctx, "oidc: nonce mismatch")
		return User{}, "", errOIDCFailed
	}
	var claims map[string]any
	if err := idt.Claims(&claims); err != nil {
		return User{}, "", errOIDCFailed
	}
	u, err := s.mapOIDCUser(ctx, idt.Issuer, idt.Subject, claims)
	if err != nil {
		return User{}, "", err
	}
	next := st.Next
	return u, next, nil
}

func claimString(claims map[string]any, name string) string {
	v, _ := claims[name].(string)
	return v
}

func claimBool(claims map[string]any, name string) bool {
	switch v := claims[name].(type) {
	case bool:
		return v
	case string: // some providers send "true"
		return v == "true"
	}
	return false
}

func claimStrings(claims map[string]any, name string) ([]string, bool) {
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

func (s *Service) mapOIDCUser(ctx context.Context, issuer, subject string, claims map[string]any) (User, error) {
	if subject == "" {
		return User{}, errOIDCFailed
	}
	var u User
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		u, _, err = s.getUser(ctx, tx, `oidc_issuer = $1 AND oidc_subject = $2`, issuer, subject)
		if errors.Is(err, sql.ErrNoRows) {
			u, err = s.linkByEmail(ctx, tx, issuer, subject, claims)
		}
		if err != nil {
			return err
		}
		if !u.Active {
			return errs.E(errs.Forbidden, "no_account", OIDCNoAccountMessage)
		}
		if rc := s.cfg.OIDC.RolesClaim; rc != "" {
			if claimed, ok := claimStrings(claims, rc); ok {
				roles := []string{}
				for _, r := range claimed {
					r = strings.ToLower(strings.TrimSpace(r))
					if !ValidRole(r) {
						continue
					}
					if r == RoleBeheerder && !u.HasRole(RoleBeheerder) {
						s.log.WarnContext(ctx, "oidc: roles claim asks for beheerder; not granted", "user_id", u.ID)
						continue
					}
					roles = append(roles, r)
				}
				roles, _ = normaliseRoles(roles)
				actx := audit.WithActor(ctx, audit.System("oidc-login"))
				if err := s.setRolesTx(actx, tx, u.ID, roles, "Rollen overgenomen uit de identiteitsprovider"); err != nil {
					return err
				}
				u.Roles = roles
			}
		}
		now := s.now()
		if _, err := tx.ExecContext(ctx, `UPDATE users SET last_login_at = $2 WHERE id = $1`, u.ID, now); err != nil {
			return fmt.Errorf("auth: record login: %w", err)
		}
		u.LastLoginAt = &now
		return nil
	})
	if err != nil {
		if errs.KindOf(err) == errs.Internal {
			return User{}, fmt.Errorf("auth: oidc login: %w", err)
		}
		return User{}, err
	}
	if len(u.Roles) == 0 {
		return User{}, errs.E(errs.Forbidden, "no_roles", OIDCNoAccountMessage)
	}
	s.log.InfoContext(ctx, "login", "user_id", u.ID, "method", "oidc")
	return u, nil
}

// linkByEmail binds a provider subject to the one active, not yet linked
// user with the same e-mail address — only when the provider vouches that
// the address is verified.
func (s *Service) linkByEmail(ctx context.Context, tx *sql.Tx, issuer, subject string, claims map[string]any) (User, error) {
	email := strings.TrimSpace(claimString(claims, "email"))
	if email == "" || !claimBool(claims, "email_verified") {
		return User{}, errs.E(errs.Forbidden, "no_account", OIDCNoAccountMessage)
	}
	rows, err := tx.QueryContext(ctx, `SELECT id FROM users WHERE LOWER(email) = LOWER($1) AND oidc_subject = '' AND active = $2`, email, true)
	if err != nil {
		return User{}, fmt.Errorf("auth: find user by email: %w", err)
	}
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return User{}, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if len(ids) != 1 {
		if len(ids) > 1 {
			s.log.WarnContext(ctx, "oidc: e-mail address matches several users; not linking", "count", len(ids))
		}
		return User{}, errs.E(errs.Forbidden, "no_account", OIDCNoAccountMessage)
	}
	u, err := s.getUserQ(ctx, tx, ids[0])
	if err != nil {
		return User{}, err
	}
	now := s.now()
	if _, err := tx.ExecContext(ctx, `UPDATE users SET oidc_issuer = $2, oidc_subject = $3, updated_at = $4 WHERE id = $1`,
		u.ID, issuer, subject, now); err != nil {
		return User{}, fmt.Errorf("auth: link oidc: %w", err)
	}
	actx := audit.WithActor(ctx, audit.System("oidc-login"))
	if err := audit.Record(actx, tx, audit.Entry{Bron: "LOKET", Resource: "user", ResourceID: u.ID,
		ResourceWeergave: u.Naam, Actie: "link_oidc", ActieWeergave: "Gekoppeld aan account bij identiteitsprovider",
		Old: map[string]string{"oidcIssuer": u.OIDCIssuer, "oidcSubject": u.OIDCSubject},
		New: map[string]string{"oidcIssuer": issuer, "oidcSubject": subject}, At: now}); err != nil {
		return User{}, err
	}
	u.OIDCIssuer, u.OIDCSubject = issuer, subject
	return u, nil
}
