package auth

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// CSRF protection is a synchronizer token: every session has its own random
// token (sessions.csrf_token) that each POST form carries as the hidden field
// "csrf" (or htmx as the X-CSRF-Token header).
//
// Before login there is no session, yet the login form must be protected as
// well (login CSRF would log a victim into the attacker's account). For that
// the browser gets a short-lived pre-session cookie holding a random token,
// its expiry and an HMAC over both with the server key; the login form carries
// the same random token. A cross-site page can neither read the cookie nor
// forge one (no key), so it cannot produce a matching pair. This keeps the
// sessions table free of rows for every anonymous visitor.

// CSRFField is the form field that carries the token.
const CSRFField = "csrf"

// CSRFHeader carries the token for scripted requests (htmx).
const CSRFHeader = "X-CSRF-Token"

const (
	preSessionCookie = "loket_csrf"
	preSessionTTL    = 2 * time.Hour
)

func (s *Service) mac(parts ...string) []byte {
	m := hmac.New(sha256.New, s.key)
	m.Write([]byte(strings.Join(parts, "|")))
	return m.Sum(nil)
}

// preSessionToken returns the token of a valid pre-session cookie, or "".
func (s *Service) preSessionToken(r *http.Request) string {
	c, err := r.Cookie(preSessionCookie)
	if err != nil {
		return ""
	}
	parts := strings.Split(c.Value, ".")
	if len(parts) != 3 {
		return ""
	}
	sig, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil || !hmac.Equal(sig, s.mac("csrf", parts[0], parts[1])) {
		return ""
	}
	exp, err := strconv.ParseInt(parts[1], 10, 64)
	if err != nil || !s.now().Before(time.Unix(exp, 0)) {
		return ""
	}
	return parts[0]
}

type sessionCSRFKey struct{}

// WithSessionCSRF lets another kind of session — a citizen's — supply the
// request's CSRF token, so CSRFToken and CSRF treat it as they treat a
// staff session's token.
func WithSessionCSRF(ctx context.Context, token string) context.Context {
	return context.WithValue(ctx, sessionCSRFKey{}, token)
}

func sessionCSRF(ctx context.Context) string {
	if sess := SessionFrom(ctx); sess != nil {
		return sess.CSRF
	}
	t, _ := ctx.Value(sessionCSRFKey{}).(string)
	return t
}

// Sign is an HMAC-SHA256 over parts with the server's signing key, for
// other packages that need a keyed digest (e.g. pseudonymous counters).
func (s *Service) Sign(parts ...string) []byte { return s.mac(parts...) }

// SecureCookies reports whether cookies are marked Secure, for other
// cookies the pages set.
func (s *Service) SecureCookies() bool { return s.cfg.SecureCookies }

// CSRFToken is the token to embed in forms on this response: the session's
// token, or before login the pre-session token (issuing the cookie when the
// browser has no valid one). Call it before writing the body.
func (s *Service) CSRFToken(w http.ResponseWriter, r *http.Request) string {
	if t := sessionCSRF(r.Context()); t != "" {
		return t
	}
	if t := s.preSessionToken(r); t != "" {
		return t
	}
	token := randomToken(24)
	exp := strconv.FormatInt(s.now().Add(preSessionTTL).Unix(), 10)
	sig := base64.RawURLEncoding.EncodeToString(s.mac("csrf", token, exp))
	http.SetCookie(w, &http.Cookie{Name: preSessionCookie, Value: token + "." + exp + "." + sig, Path: "/",
		MaxAge: int(preSessionTTL.Seconds()), HttpOnly: true, Secure: s.cfg.SecureCookies, SameSite: http.SameSiteLaxMode})
	return token
}

// CSRFMessage is shown when a form arrives without a valid token.
const CSRFMessage = "Het formulier is verlopen of kwam niet van deze website. Ga terug, vernieuw de pagina en probeer het opnieuw."

// CSRF rejects unsafe requests (POST, PUT, PATCH, DELETE) that do not carry
// the token of the session — or, without a session, of the pre-session
// cookie — with 403. It must run after Sessions.
func (s *Service) CSRF(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodTrace:
			next.ServeHTTP(w, r)
			return
		}
		got := r.Header.Get(CSRFHeader)
		if got == "" {
			got = r.PostFormValue(CSRFField)
		}
		want := sessionCSRF(r.Context())
		if want == "" {
			want = s.preSessionToken(r)
		}
		if want == "" || got == "" || subtle.ConstantTimeCompare([]byte(got), []byte(want)) != 1 {
			s.log.WarnContext(r.Context(), "csrf token rejected", "path", r.URL.Path, "method", r.Method)
			errorPage(w, r, http.StatusForbidden, CSRFMessage)
			return
		}
		next.ServeHTTP(w, r)
	})
}
