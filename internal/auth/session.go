package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/gemeenten/loket/internal/audit"
)

// SessionCookie is the name of the staff session cookie.
const SessionCookie = "loket_session"

const sessionKind = "medewerker"

// touchInterval limits the writes for idle tracking to one per minute.
const touchInterval = time.Minute

// Session is a logged-in staff member's session.
type Session struct {
	User       User
	CSRF       string
	CreatedAt  time.Time
	LastSeenAt time.Time
	ExpiresAt  time.Time
	tokenHash  string
}

func randomToken(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		// crypto/rand does not fail on supported platforms; if it ever does,
		// handing out a predictable token would be worse than stopping.
		panic(fmt.Sprintf("auth: crypto/rand: %v", err))
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

func hashToken(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

// StartSession creates a fresh session for u and sets its cookie. Any
// session the browser already had is deleted first: a token known before
// login is never promoted to a logged-in one (session fixation).
func (s *Service) StartSession(ctx context.Context, w http.ResponseWriter, r *http.Request, u User) (*Session, error) {
	now := s.now()
	if c, err := r.Cookie(SessionCookie); err == nil && c.Value != "" {
		if _, err := s.db.W.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = $1`, hashToken(c.Value)); err != nil {
			return nil, fmt.Errorf("auth: drop old session: %w", err)
		}
	}
	// Housekeeping rides along with logins instead of needing a job.
	if _, err := s.db.W.ExecContext(ctx, `DELETE FROM sessions WHERE expires_at < $1`, now); err != nil {
		return nil, fmt.Errorf("auth: purge sessions: %w", err)
	}
	token := randomToken(32)
	sess := &Session{User: u, CSRF: randomToken(32), CreatedAt: now, LastSeenAt: now,
		ExpiresAt: now.Add(s.cfg.SessionMaxAge), tokenHash: hashToken(token)}
	if _, err := s.db.W.ExecContext(ctx, `INSERT INTO sessions (token_hash, kind, user_id, csrf_token, created_at,
		last_seen_at, expires_at) VALUES ($1,$2,$3,$4,$5,$6,$7)`,
		sess.tokenHash, sessionKind, u.ID, sess.CSRF, now, now, sess.ExpiresAt); err != nil {
		return nil, fmt.Errorf("auth: create session: %w", err)
	}
	dropSetCookie(w, SessionCookie)
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: token, Path: "/", HttpOnly: true,
		Secure: s.cfg.SecureCookies, SameSite: http.SameSiteLaxMode})
	dropSetCookie(w, preSessionCookie)
	s.clearCookie(w, preSessionCookie)
	return sess, nil
}

// dropSetCookie removes a Set-Cookie for name written earlier in this
// response (the middleware clears a stale session cookie before the handler
// logs the user in), so the response carries one unambiguous cookie.
func dropSetCookie(w http.ResponseWriter, name string) {
	h := w.Header()
	kept := h["Set-Cookie"][:0]
	for _, v := range h["Set-Cookie"] {
		if !strings.HasPrefix(v, name+"=") {
			kept = append(kept, v)
		}
	}
	if len(kept) == 0 {
		h.Del("Set-Cookie")
		return
	}
	h["Set-Cookie"] = kept
}

func (s *Service) clearCookie(w http.ResponseWriter, name string) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: "", Path: "/", MaxAge: -1, HttpOnly: true,
		Secure: s.cfg.SecureCookies, SameSite: http.SameSiteLaxMode})
}

// Logout deletes the session of the request and clears its cookie.
func (s *Service) Logout(ctx context.Context, w http.ResponseWriter, r *http.Request) error {
	s.clearCookie(w, SessionCookie)
	c, err := r.Cookie(SessionCookie)
	if err != nil || c.Value == "" {
		return nil
	}
	if _, err := s.db.W.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = $1`, hashToken(c.Value)); err != nil {
		return fmt.Errorf("auth: logout: %w", err)
	}
	return nil
}

var errNoSession = errors.New("auth: no valid session")

// lookup finds the live session for token, renewing last_seen_at at most
// once a minute, and deletes it when it has expired.
func (s *Service) lookup(ctx context.Context, token string) (*Session, error) {
	h := hashToken(token)
	var sess Session
	var userID sql.NullString
	err := s.db.R.QueryRowContext(ctx, `SELECT user_id, csrf_token, created_at, last_seen_at, expires_at
		FROM sessions WHERE token_hash = $1 AND kind = $2`, h, sessionKind).
		Scan(&userID, &sess.CSRF, &sess.CreatedAt, &sess.LastSeenAt, &sess.ExpiresAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errNoSession
	}
	if err != nil {
		return nil, fmt.Errorf("auth: session: %w", err)
	}
	sess.tokenHash = h
	now := s.now()
	if !userID.Valid || !now.Before(sess.ExpiresAt) || !now.Before(sess.LastSeenAt.Add(s.cfg.SessionIdle)) {
		_, _ = s.db.W.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = $1`, h)
		return nil, errNoSession
	}
	u, err := s.GetUser(ctx, userID.String)
	if err != nil {
		return nil, err
	}
	if !u.Active {
		_, _ = s.db.W.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = $1`, h)
		return nil, errNoSession
	}
	sess.User = u
	if now.Sub(sess.LastSeenAt) >= touchInterval {
		if _, err := s.db.W.ExecContext(ctx, `UPDATE sessions SET last_seen_at = $2 WHERE token_hash = $1`, h, now); err != nil {
			return nil, fmt.Errorf("auth: touch session: %w", err)
		}
		sess.LastSeenAt = now
	}
	return &sess, nil
}

type sessionKey struct{}

// SessionFrom returns the session in ctx, or nil.
func SessionFrom(ctx context.Context) *Session {
	s, _ := ctx.Value(sessionKey{}).(*Session)
	return s
}

// CurrentUser returns the logged-in staff member of the request.
func CurrentUser(r *http.Request) (User, bool) {
	if s := SessionFrom(r.Context()); s != nil {
		return s.User, true
	}
	return User{}, false
}

// ActorFor is the audit actor of a staff member.
func ActorFor(u User) audit.Actor {
	return audit.Actor{Kind: "medewerker", ID: u.ID, Name: u.Naam, Roles: u.Roles, TeamID: u.TeamID}
}

// Sessions loads the session from the cookie (if any) into the request
// context, together with the audit actor, so every handler behind it knows
// who is acting. It never rejects a request; RequireStaff does.
func (s *Service) Sessions(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := r.Cookie(SessionCookie)
		if err != nil || c.Value == "" {
			next.ServeHTTP(w, r)
			return
		}
		sess, err := s.lookup(r.Context(), c.Value)
		if err != nil {
			if !errors.Is(err, errNoSession) {
				s.log.ErrorContext(r.Context(), "session lookup", "err", err)
				errorPage(w, r, http.StatusInternalServerError, "")
				return
			}
			s.clearCookie(w, SessionCookie)
			next.ServeHTTP(w, r)
			return
		}
		a := ActorFor(sess.User)
		a.RequestID = audit.ActorFrom(r.Context()).RequestID
		if a.RequestID == "" {
			// The server's request-id middleware has already put it on the response.
			a.RequestID = w.Header().Get("X-Request-Id")
		}
		ctx := context.WithValue(r.Context(), sessionKey{}, sess)
		ctx = audit.WithActor(ctx, a)
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}
