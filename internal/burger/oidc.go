package burger

import (
	"errors"
	"net/http"

	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/oidcflow"
)

// OIDCConfig configures login through the broker that gives municipalities
// DigiD and eHerkenning over OIDC. Brokers differ in claim names, so every
// claim is configurable; the defaults are the common ones.
type OIDCConfig struct {
	IssuerURL    string
	ClientID     string
	ClientSecret string
	RedirectURL  string // public URL of /mijn/inloggen/oidc/callback
	Scopes       []string
	// BSNClaim holds the BSN of a person (DigiD) ["bsn"].
	BSNClaim string
	// KvKClaim holds the KvK-nummer a business login acts for
	// (eHerkenning) ["kvk"].
	KvKClaim string
	// LevelClaim holds the level of assurance ["acr"].
	LevelClaim string
	// NameClaim holds a display name ["name"].
	NameClaim string
	// ActingForBSNClaim, when present in the token, holds the BSN of the
	// person the logged-in person acts for (DigiD Machtigen,
	// bewindvoering) ["namens_bsn"].
	ActingForBSNClaim string
	// ActingForNameClaim holds that person's name ["namens_naam"].
	ActingForNameClaim string
}

type oidcLogin struct {
	cfg  OIDCConfig
	flow *oidcflow.Flow
}

func orDefault(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

func newOIDC(cfg Config, sign func(parts ...string) []byte) *oidcLogin {
	c := *cfg.OIDC
	c.BSNClaim = orDefault(c.BSNClaim, "bsn")
	c.KvKClaim = orDefault(c.KvKClaim, "kvk")
	c.LevelClaim = orDefault(c.LevelClaim, "acr")
	c.NameClaim = orDefault(c.NameClaim, "name")
	c.ActingForBSNClaim = orDefault(c.ActingForBSNClaim, "namens_bsn")
	c.ActingForNameClaim = orDefault(c.ActingForNameClaim, "namens_naam")
	return &oidcLogin{cfg: c, flow: oidcflow.New(oidcflow.Config{IssuerURL: c.IssuerURL, ClientID: c.ClientID,
		ClientSecret: c.ClientSecret, RedirectURL: c.RedirectURL, Scopes: c.Scopes, Cookie: "loket_burger_oidc",
		CookiePath: "/mijn/inloggen/oidc", Secure: cfg.SecureCookies, Sign: sign, Now: cfg.Now})}
}

// OIDCEnabled reports whether DigiD/eHerkenning login is configured.
func (s *Service) OIDCEnabled() bool { return s.oidc != nil }

var (
	errOIDCUnavailable = errs.E(errs.Unauthenticated, "oidc_unavailable",
		"Inloggen met DigiD of eHerkenning is nu niet mogelijk. Probeer het later opnieuw, of bel ons op 14 0123.")
	errOIDCFailed = errs.E(errs.Unauthenticated, "oidc_failed",
		"Inloggen is niet gelukt. Probeer het opnieuw.")
	errNoIdentity = errs.E(errs.Unauthenticated, "oidc_no_identity",
		"U bent ingelogd, maar we kregen geen BSN of KvK-nummer door. Probeer het opnieuw of bel ons op 14 0123.")
)

// OIDCStart sends the browser to the broker; terug is where to go after.
func (s *Service) OIDCStart(w http.ResponseWriter, r *http.Request, terug string) error {
	if s.oidc == nil {
		return errs.NotFoundf("pagina", r.URL.Path)
	}
	if err := s.oidc.flow.Start(w, r, SafeReturn(terug)); err != nil {
		s.cfg.Logger.ErrorContext(r.Context(), "citizen oidc", "err", err)
		return errOIDCUnavailable
	}
	return nil
}

// OIDCCallback verifies the login and starts the session. It returns the
// PIP path to continue to.
func (s *Service) OIDCCallback(w http.ResponseWriter, r *http.Request) (string, error) {
	ctx := r.Context()
	if s.oidc == nil {
		return "", errs.NotFoundf("pagina", r.URL.Path)
	}
	res, err := s.oidc.flow.Callback(w, r)
	if errors.Is(err, oidcflow.ErrUnavailable) {
		s.cfg.Logger.ErrorContext(ctx, "citizen oidc", "err", err)
		return "", errOIDCUnavailable
	}
	if err != nil {
		s.cfg.Logger.WarnContext(ctx, "citizen oidc callback", "err", err)
		return "", errOIDCFailed
	}
	subj, err := s.oidc.subject(res.Claims)
	if err != nil {
		return "", err
	}
	if _, err := s.Start(ctx, w, r, subj); err != nil {
		if errs.KindOf(err) == errs.Invalid {
			s.cfg.Logger.WarnContext(ctx, "citizen oidc: identity in token is not valid")
			return "", errNoIdentity
		}
		return "", err
	}
	return SafeReturn(res.Next), nil
}

// subject maps the broker's claims to the party the session acts for.
func (o *oidcLogin) subject(claims map[string]any) (Subject, error) {
	c := o.cfg
	name := oidcflow.String(claims, c.NameClaim)
	level := oidcflow.String(claims, c.LevelClaim)
	bsn := oidcflow.String(claims, c.BSNClaim)
	kvk := oidcflow.String(claims, c.KvKClaim)
	switch {
	case kvk != "":
		// eHerkenning: an employee acts for the business.
		var rep *Representative
		if bsn != "" || name != "" {
			rep = &Representative{Type: BSN, Number: bsn, Name: name}
			if bsn == "" {
				rep = nil
			}
		}
		return Subject{Type: KvK, Number: kvk, Level: level, Source: SourceOIDC, Representative: rep}, nil
	case bsn != "":
		if forBSN := oidcflow.String(claims, c.ActingForBSNClaim); forBSN != "" && forBSN != bsn {
			return Subject{Type: BSN, Number: forBSN, Name: oidcflow.String(claims, c.ActingForNameClaim), Level: level,
				Source: SourceOIDC, Representative: &Representative{Type: BSN, Number: bsn, Name: name}}, nil
		}
		return Subject{Type: BSN, Number: bsn, Name: name, Level: level, Source: SourceOIDC}, nil
	}
	return Subject{}, errNoIdentity
}
