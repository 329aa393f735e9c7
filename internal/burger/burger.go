// Package burger is the identity of citizens and businesses on the PIP: who
// is logged in (a BSN or a KvK-nummer, from DigiD or eHerkenning through the
// municipality's OIDC broker, or from the DigiD simulation in demo mode), at
// which level of assurance, and on whose behalf (machtiging).
//
// A citizen session is separate from a staff session: it lives in the same
// sessions table under kind 'burger', has its own cookie, and ends after 15
// minutes without activity, as DigiD requires. What a citizen may see is
// decided by MaySee, in one place, so every PIP page applies the same rule.
package burger

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"time"

	"github.com/google/uuid"

	"github.com/gemeenten/loket/internal/audit"
	"github.com/gemeenten/loket/internal/auth"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/ident"
)

// Cookie is the name of the citizen session cookie.
const Cookie = "loket_burger"

const sessionKind = "burger"

// Subject types.
const (
	BSN = "bsn" // a person (DigiD)
	KvK = "kvk" // a business (eHerkenning)
)

// Sources of a login.
const (
	SourceOIDC       = "oidc"
	SourceSimulation = "digid-simulatie"
)

// Subject is the party a session acts for.
type Subject struct {
	Type   string // BSN or KvK
	Number string // the BSN or KvK-nummer
	Name   string // for the greeting; may be empty
	// Level is the level of assurance the broker reported (DigiD: basis,
	// midden, substantieel, hoog; eHerkenning: EH2…EH4), as given.
	Level string
	// Representative is set when someone acts on behalf of Subject
	// (machtiging, bewindvoering, or an employee for a business).
	Representative *Representative
	Source         string
}

// Representative is who actually logged in when acting for someone else.
type Representative struct {
	Type   string // BSN or KvK
	Number string
	Name   string
}

// Validate checks a subject before a session is started for it.
func (s Subject) Validate() error {
	var f errs.Fields
	switch s.Type {
	case BSN:
		if err := ident.BSN(s.Number); err != nil {
			f.Add("bsn", "invalid", "Het BSN is niet geldig.")
		}
	case KvK:
		if err := ident.KvK(s.Number); err != nil {
			f.Add("kvk", "invalid", "Het KvK-nummer is niet geldig.")
		}
	default:
		f.Add("type", "invalid", "Onbekend soort inlog: kies een persoon (BSN) of een bedrijf (KvK-nummer).")
	}
	if s.Source != SourceOIDC && s.Source != SourceSimulation {
		f.Add("bron", "invalid", "Onbekende bron van de inlog.")
	}
	if r := s.Representative; r != nil {
		if r.Type != BSN && r.Type != KvK || r.Number == "" {
			f.Add("namens", "invalid", "De gegevens van de gemachtigde zijn niet volledig.")
		}
	}
	return f.Err()
}

// Session is a logged-in citizen's or business's session.
type Session struct {
	Subject    Subject
	CSRF       string
	CreatedAt  time.Time
	LastSeenAt time.Time
	ExpiresAt  time.Time
	tokenHash  string
}

// IdleDeadline is when the session ends without further activity.
func (s *Session) IdleDeadline(idle time.Duration) time.Time {
	t := s.LastSeenAt.Add(idle)
	if t.After(s.ExpiresAt) {
		return s.ExpiresAt
	}
	return t
}

// Config tunes the service. Zero values get the defaults in brackets.
type Config struct {
	SecureCookies bool
	// Idle ends a session without activity [15m, as DigiD requires].
	Idle time.Duration
	// MaxAge is the absolute lifetime of a session [2h].
	MaxAge time.Duration
	// Simulation enables the built-in DigiD simulation. Only --demo sets it.
	Simulation bool
	// OIDC enables login through the DigiD/eHerkenning broker.
	OIDC   *OIDCConfig
	Now    func() time.Time
	Logger *slog.Logger
}

// Service runs citizen sessions.
type Service struct {
	db   *db.DB
	cfg  Config
	sign func(parts ...string) []byte
	oidc *oidcLogin
}

// New returns the service. sign is a keyed digest (auth.Service.Sign) used
// to count unique users without storing who they are.
func New(d *db.DB, sign func(parts ...string) []byte, cfg Config) *Service {
	if cfg.Idle <= 0 {
		cfg.Idle = 15 * time.Minute
	}
	if cfg.MaxAge <= 0 {
		cfg.MaxAge = 2 * time.Hour
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	s := &Service{db: d, cfg: cfg, sign: sign}
	if cfg.OIDC != nil {
		s.oidc = newOIDC(cfg, sign)
	}
	return s
}

// Idle is the inactivity limit of a session.
func (s *Service) Idle() time.Duration { return s.cfg.Idle }

// SimulationEnabled reports whether the DigiD simulation may be used.
func (s *Service) SimulationEnabled() bool { return s.cfg.Simulation }

func (s *Service) now() time.Time { return s.cfg.Now().UTC() }

func randomToken(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(fmt.Sprintf("burger: crypto/rand: %v", err))
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

func hashToken(t string) string {
	h := sha256.Sum256([]byte(t))
	return hex.EncodeToString(h[:])
}

type sessionData struct {
	Name           string          `json:"naam,omitempty"`
	Level          string          `json:"niveau,omitempty"`
	Source         string          `json:"bron"`
	Representative *Representative `json:"namens,omitempty"`
}

// Start validates subj, replaces any citizen session the browser had (no
// session fixation), records the login pseudonymously and sets the cookie.
func (s *Service) Start(ctx context.Context, w http.ResponseWriter, r *http.Request, subj Subject) (*Session, error) {
	if err := subj.Validate(); err != nil {
		return nil, err
	}
	now := s.now()
	token := randomToken(32)
	sess := &Session{Subject: subj, CSRF: randomToken(32), CreatedAt: now, LastSeenAt: now,
		ExpiresAt: now.Add(s.cfg.MaxAge), tokenHash: hashToken(token)}
	data, err := json.Marshal(sessionData{Name: subj.Name, Level: subj.Level, Source: subj.Source, Representative: subj.Representative})
	if err != nil {
		return nil, fmt.Errorf("burger: session data: %w", err)
	}
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		if c, err := r.Cookie(Cookie); err == nil && c.Value != "" {
			if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = $1`, hashToken(c.Value)); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE kind = $1 AND expires_at < $2`, sessionKind, now); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO sessions (token_hash, kind, subject_type, subject_id, data, csrf_token,
			created_at, last_seen_at, expires_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)`,
			sess.tokenHash, sessionKind, subj.Type, subj.Number, string(data), sess.CSRF, now, now, sess.ExpiresAt); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO burger_logins (id, subject_type, subject_digest, bron, niveau, namens, created_at)
			VALUES ($1,$2,$3,$4,$5,$6,$7)`, uuid.NewString(), subj.Type, s.digest(subj), subj.Source, subj.Level,
			subj.Representative != nil, now)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("burger: start session: %w", err)
	}
	http.SetCookie(w, &http.Cookie{Name: Cookie, Value: token, Path: "/", HttpOnly: true,
		Secure: s.cfg.SecureCookies, SameSite: http.SameSiteLaxMode})
	return sess, nil
}

func (s *Service) digest(subj Subject) string {
	return hex.EncodeToString(s.sign("burger", subj.Type, subj.Number))
}

// Logout ends the request's citizen session and clears its cookie.
func (s *Service) Logout(ctx context.Context, w http.ResponseWriter, r *http.Request) error {
	http.SetCookie(w, &http.Cookie{Name: Cookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true,
		Secure: s.cfg.SecureCookies, SameSite: http.SameSiteLaxMode})
	c, err := r.Cookie(Cookie)
	if err != nil || c.Value == "" {
		return nil
	}
	if _, err := s.db.W.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = $1 AND kind = $2`, hashToken(c.Value), sessionKind); err != nil {
		return fmt.Errorf("burger: logout: %w", err)
	}
	return nil
}

var errNoSession = errors.New("burger: no valid session")

// touchInterval keeps idle tracking to one write per half minute: coarse
// enough to be cheap, fine enough for a 15-minute limit.
const touchInterval = 30 * time.Second

func (s *Service) lookup(ctx context.Context, token string) (*Session, error) {
	h := hashToken(token)
	var sess Session
	var data string
	err := s.db.R.QueryRowContext(ctx, `SELECT subject_type, subject_id, data, csrf_token, created_at, last_seen_at, expires_at
		FROM sessions WHERE token_hash = $1 AND kind = $2`, h, sessionKind).
		Scan(&sess.Subject.Type, &sess.Subject.Number, &data, &sess.CSRF, &sess.CreatedAt, &sess.LastSeenAt, &sess.ExpiresAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errNoSession
	}
	if err != nil {
		return nil, fmt.Errorf("burger: session: %w", err)
	}
	sess.tokenHash = h
	now := s.now()
	if !now.Before(sess.ExpiresAt) || !now.Before(sess.LastSeenAt.Add(s.cfg.Idle)) {
		_, _ = s.db.W.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = $1`, h)
		return nil, errNoSession
	}
	var sd sessionData
	if err := json.Unmarshal([]byte(data), &sd); err != nil {
		return nil, fmt.Errorf("burger: session data: %w", err)
	}
	sess.Subject.Name, sess.Subject.Level, sess.Subject.Source, sess.Subject.Representative = sd.Name, sd.Level, sd.Source, sd.Representative
	if now.Sub(sess.LastSeenAt) >= touchInterval {
		if _, err := s.db.W.ExecContext(ctx, `UPDATE sessions SET last_seen_at = $2 WHERE token_hash = $1`, h, now); err != nil {
			return nil, fmt.Errorf("burger: touch session: %w", err)
		}
		sess.LastSeenAt = now
	}
	return &sess, nil
}

type sessionKey struct{}

// From returns the citizen session of ctx, or nil.
func From(ctx context.Context) *Session {
	s, _ := ctx.Value(sessionKey{}).(*Session)
	return s
}

// Actor is the audit actor of a citizen session: the subject, and who acted
// for them when that was someone else.
func Actor(sess *Session) audit.Actor {
	a := audit.Actor{Kind: "burger", ID: sess.Subject.Type + ":" + sess.Subject.Number, Name: sess.Subject.Name}
	if r := sess.Subject.Representative; r != nil {
		a.Name = fmt.Sprintf("%s (namens: %s)", r.Name, sess.Subject.Name)
		a.ID += " via " + r.Type + ":" + r.Number
	}
	return a
}

// Sessions loads the citizen session (if any) into the request context with
// its audit actor and CSRF token. A request that carries a staff session is
// left alone: one browser acts as one party at a time.
func (s *Service) Sessions(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := r.Cookie(Cookie)
		if err != nil || c.Value == "" || auth.SessionFrom(r.Context()) != nil {
			next.ServeHTTP(w, r)
			return
		}
		sess, err := s.lookup(r.Context(), c.Value)
		if err != nil {
			if !errors.Is(err, errNoSession) {
				s.cfg.Logger.ErrorContext(r.Context(), "citizen session lookup", "err", err)
				http.Error(w, "Er ging iets mis aan onze kant.", http.StatusInternalServerError)
				return
			}
			http.SetCookie(w, &http.Cookie{Name: Cookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true,
				Secure: s.cfg.SecureCookies, SameSite: http.SameSiteLaxMode})
			next.ServeHTTP(w, r)
			return
		}
		a := Actor(sess)
		a.RequestID = w.Header().Get("X-Request-Id")
		ctx := context.WithValue(r.Context(), sessionKey{}, sess)
		ctx = audit.WithActor(ctx, a)
		ctx = auth.WithSessionCSRF(ctx, sess.CSRF)
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// LoginPath is where Require sends a visitor without a session.
const LoginPath = "/mijn/inloggen"

// Require lets only requests with a citizen session through; others are
// sent to the login page and come back afterwards.
func Require(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if From(r.Context()) == nil {
			target := LoginPath
			if r.Method == http.MethodGet {
				target += "?terug=" + url.QueryEscape(r.URL.RequestURI())
			}
			http.Redirect(w, r, target, http.StatusSeeOther)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// SafeReturn keeps a return path on this site and inside the PIP.
func SafeReturn(p string) string {
	if safe := auth.SafeNext(p); safe != "/" && len(safe) >= 5 && safe[:5] == "/mijn" {
		return safe
	}
	return "/mijn"
}

// MaySee reports whether the subject may see a zaak with this initiator:
// a person their own zaken, a business the zaken of its KvK-nummer (also
// when filed for one of its vestigingen, recorded with the KvK-nummer).
func (s Subject) MaySee(initiatorType, initiatorID string) bool {
	if s.Number == "" || initiatorID != s.Number {
		return false
	}
	switch s.Type {
	case BSN:
		return initiatorType == "bsn"
	case KvK:
		return initiatorType == "kvk"
	}
	return false
}

// Logins counts PIP logins and unique users in [from, to).
func (s *Service) Logins(ctx context.Context, from, to time.Time) (logins, users int, err error) {
	err = s.db.R.QueryRowContext(ctx, `SELECT COUNT(*), COUNT(DISTINCT subject_digest) FROM burger_logins
		WHERE created_at >= $1 AND created_at < $2`, from.UTC(), to.UTC()).Scan(&logins, &users)
	if err != nil {
		return 0, 0, fmt.Errorf("burger: logins: %w", err)
	}
	return logins, users, nil
}
