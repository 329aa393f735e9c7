package auth

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/gemeenten/loket/internal/audit"
	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/oidcflow"
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

// OIDCEnabled reports whether OIDC login is configured.
func (s *Service) OIDCEnabled() bool { return s.cfg.OIDC != nil }

// OIDCLabel is the text of the login button.
func (s *Service) OIDCLabel() string {
	if s.cfg.OIDC == nil || s.cfg.OIDC.Label == "" {
		return "Inloggen met uw organisatie-account"
	}
	return s.cfg.OIDC.Label
}

func (s *Service) flow() *oidcflow.Flow {
	s.oidcOnce.Do(func() {
		cfg := s.cfg.OIDC
		scopes := cfg.Scopes
		if len(scopes) == 0 {
			scopes = []string{"profile", "email"}
		}
		s.oidc = oidcflow.New(oidcflow.Config{IssuerURL: cfg.IssuerURL, ClientID: cfg.ClientID, ClientSecret: cfg.ClientSecret,
			RedirectURL: cfg.RedirectURL, Scopes: scopes, Cookie: "loket_oidc", CookiePath: "/login/oidc",
			Secure: s.cfg.SecureCookies, Sign: s.mac, Now: s.cfg.Now})
	})
	return s.oidc
}

var errOIDCUnavailable = errs.E(errs.Unauthenticated, "oidc_unavailable",
	"Inloggen via de identiteitsprovider is nu niet mogelijk. Probeer het later opnieuw of log in met uw wachtwoord.")

// OIDCStart redirects the browser to the identity provider with state,
// nonce and a PKCE challenge. next is where to go after login.
func (s *Service) OIDCStart(w http.ResponseWriter, r *http.Request, next string) error {
	if s.cfg.OIDC == nil {
		return errs.NotFoundf("pagina", r.URL.Path)
	}
	if err := s.flow().Start(w, r, SafeNext(next)); err != nil {
		s.log.ErrorContext(r.Context(), "oidc", "err", err)
		return errOIDCUnavailable
	}
	return nil
}

// OIDCNoAccountMessage is shown when the provider knows the person but
// Loket has no active account for them.
const OIDCNoAccountMessage = "U bent aangemeld bij uw organisatie, maar er is geen actief Loket-account aan gekoppeld. Vraag de beheerder om een account."

var errOIDCFailed = errs.E(errs.Unauthenticated, "oidc_failed",
	"Inloggen via de identiteitsprovider is niet gelukt. Probeer het opnieuw.")

// OIDCCallback completes the flow (state, PKCE, ID token and nonce are
// checked by oidcflow) and maps the subject to an existing active user — by
// issuer+subject, or on the first login by a verified e-mail address (then
// the subject is stored). It never creates users. It returns the user and
// the local path to continue to; the caller starts the session.
func (s *Service) OIDCCallback(w http.ResponseWriter, r *http.Request) (User, string, error) {
	ctx := r.Context()
	if s.cfg.OIDC == nil {
		return User{}, "", errs.NotFoundf("pagina", r.URL.Path)
	}
	res, err := s.flow().Callback(w, r)
	if errors.Is(err, oidcflow.ErrUnavailable) {
		s.log.ErrorContext(ctx, "oidc", "err", err)
		return User{}, "", errOIDCUnavailable
	}
	if err != nil {
		s.log.WarnContext(ctx, "oidc callback", "err", err)
		return User{}, "", errOIDCFailed
	}
	u, err := s.mapOIDCUser(ctx, res.Issuer, res.Subject, res.Claims)
	if err != nil {
		return User{}, "", err
	}
	return u, SafeNext(res.Next), nil
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
			if claimed, ok := oidcflow.Strings(claims, rc); ok {
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
	email := strings.TrimSpace(oidcflow.String(claims, "email"))
	if email == "" || !oidcflow.Bool(claims, "email_verified") {
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
