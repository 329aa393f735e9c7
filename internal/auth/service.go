package auth

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/gemeenten/loket/internal/audit"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/oidcflow"
)

// Config tunes the service. Zero values get the defaults in brackets.
type Config struct {
	// SecureCookies marks cookies Secure. Keep it true except for a server
	// on plain http on localhost (development, demo).
	SecureCookies bool
	// SessionMaxAge is the absolute lifetime of a staff session [8h].
	SessionMaxAge time.Duration
	// SessionIdle ends a session that was not used for this long [60m].
	SessionIdle time.Duration
	// MaxFailures consecutive failed logins lock the account [5]
	// for LockoutDuration [15m].
	MaxFailures     int
	LockoutDuration time.Duration
	// OIDC enables staff login through the municipality's identity provider.
	OIDC *OIDCConfig
	// Now is the clock [time.Now].
	Now func() time.Time
	// Logger [slog.Default()].
	Logger *slog.Logger
}

func (c *Config) defaults() {
	if c.SessionMaxAge <= 0 {
		c.SessionMaxAge = 8 * time.Hour
	}
	if c.SessionIdle <= 0 {
		c.SessionIdle = 60 * time.Minute
	}
	if c.MaxFailures <= 0 {
		c.MaxFailures = 5
	}
	if c.LockoutDuration <= 0 {
		c.LockoutDuration = 15 * time.Minute
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
}

// Service manages teams, users, logins and sessions.
type Service struct {
	db  *db.DB
	cfg Config
	log *slog.Logger
	// key signs the short-lived cookies (pre-session CSRF, OIDC state). It
	// lives in the settings table so every app instance shares it.
	key []byte

	oidcOnce sync.Once
	oidc     *oidcflow.Flow
}

// New returns the service, creating the shared signing key on first use.
func New(ctx context.Context, d *db.DB, cfg Config) (*Service, error) {
	cfg.defaults()
	s := &Service{db: d, cfg: cfg, log: cfg.Logger}
	key, err := s.signingKey(ctx)
	if err != nil {
		return nil, err
	}
	s.key = key
	if cfg.OIDC != nil {
		if err := cfg.OIDC.validate(); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// Config returns the effective configuration.
func (s *Service) Config() Config { return s.cfg }

func (s *Service) now() time.Time { return s.cfg.Now().UTC() }

const signingKeySetting = "auth.signing_key"

func (s *Service) signingKey(ctx context.Context) ([]byte, error) {
	fresh := make([]byte, 32)
	if _, err := rand.Read(fresh); err != nil {
		return nil, fmt.Errorf("auth: key: %w", err)
	}
	if _, err := s.db.W.ExecContext(ctx, `INSERT INTO settings (key, value, updated_at) VALUES ($1, $2, $3)
		ON CONFLICT (key) DO NOTHING`, signingKeySetting, hex.EncodeToString(fresh), s.now()); err != nil {
		return nil, fmt.Errorf("auth: store signing key: %w", err)
	}
	var v string
	if err := s.db.W.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = $1`, signingKeySetting).Scan(&v); err != nil {
		return nil, fmt.Errorf("auth: load signing key: %w", err)
	}
	key, err := hex.DecodeString(v)
	if err != nil || len(key) < 32 {
		return nil, errors.New("auth: signing key in settings is malformed")
	}
	return key, nil
}

// Team is an organisatorische eenheid.
type Team struct {
	ID                         string
	Code                       string
	Naam                       string
	Email                      string
	Telefoon                   string
	ContactverzoekSLAWerkdagen int
	CreatedAt                  time.Time
}

// MaxContactverzoekSLAWerkdagen bounds a team's term for contactverzoeken:
// a callback promised months ahead is a typo, not a service norm.
const MaxContactverzoekSLAWerkdagen = 100

// ContactverzoekSLAMessage is the answer to a term outside 1..100.
const ContactverzoekSLAMessage = "Vul een geheel aantal werkdagen in van 1 tot en met 100."

var codeRe = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$`)

// CreateTeam adds a team. Code is a short unique key (e.g. "VERG").
func (s *Service) CreateTeam(ctx context.Context, t Team) (Team, error) {
	t.Code = strings.TrimSpace(t.Code)
	t.Naam = strings.TrimSpace(t.Naam)
	var f errs.Fields
	if !codeRe.MatchString(t.Code) {
		f.Add("code", "invalid", "Vul een code in van letters, cijfers, '-', '_' of '.' (hoogstens 40 tekens).")
	}
	if t.Naam == "" {
		f.Add("naam", "required", "Vul de naam van het team in.")
	}
	t.Email = strings.TrimSpace(t.Email)
	t.Telefoon = strings.TrimSpace(t.Telefoon)
	if t.Email != "" && !strings.Contains(t.Email, "@") {
		f.Add("email", "invalid", "Vul een geldig e-mailadres in.")
	}
	if t.ContactverzoekSLAWerkdagen < 0 || t.ContactverzoekSLAWerkdagen > MaxContactverzoekSLAWerkdagen {
		f.Add("contactverzoekSlaWerkdagen", "invalid", ContactverzoekSLAMessage)
	}
	if err := f.Err(); err != nil {
		return Team{}, err
	}
	if t.ContactverzoekSLAWerkdagen == 0 {
		t.ContactverzoekSLAWerkdagen = 1
	}
	t.ID = uuid.NewString()
	t.CreatedAt = s.now()
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO teams (id, code, naam, email, telefoon, contactverzoek_sla_werkdagen, created_at)
			VALUES ($1,$2,$3,$4,$5,$6,$7)`, t.ID, t.Code, t.Naam, t.Email, t.Telefoon, t.ContactverzoekSLAWerkdagen, t.CreatedAt)
		if err != nil {
			if db.IsUniqueViolation(err) {
				return errs.InvalidField("code", "unique", "Er is al een team met deze code.")
			}
			return fmt.Errorf("auth: create team: %w", err)
		}
		return audit.Record(ctx, tx, audit.Entry{Bron: "LOKET", Resource: "team", ResourceID: t.ID,
			ResourceWeergave: t.Naam, Actie: "create", ActieWeergave: "Team aangemaakt", New: t, At: t.CreatedAt})
	})
	if err != nil {
		return Team{}, err
	}
	return t, nil
}

const teamCols = `id, code, naam, email, telefoon, contactverzoek_sla_werkdagen, created_at`

func scanTeam(sc interface{ Scan(...any) error }) (Team, error) {
	var t Team
	err := sc.Scan(&t.ID, &t.Code, &t.Naam, &t.Email, &t.Telefoon, &t.ContactverzoekSLAWerkdagen, &t.CreatedAt)
	return t, err
}

// ListTeams returns all teams ordered by name.
func (s *Service) ListTeams(ctx context.Context) ([]Team, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT `+teamCols+` FROM teams ORDER BY naam, code`)
	if err != nil {
		return nil, fmt.Errorf("auth: list teams: %w", err)
	}
	defer rows.Close()
	var out []Team
	for rows.Next() {
		t, err := scanTeam(rows)
		if err != nil {
			return nil, fmt.Errorf("auth: scan team: %w", err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// GetTeam returns one team.
func (s *Service) GetTeam(ctx context.Context, id string) (Team, error) {
	if _, err := uuid.Parse(id); err != nil {
		return Team{}, errs.NotFoundf("team", id)
	}
	t, err := scanTeam(s.db.R.QueryRowContext(ctx, `SELECT `+teamCols+` FROM teams WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Team{}, errs.NotFoundf("team", id)
	}
	if err != nil {
		return Team{}, fmt.Errorf("auth: get team: %w", err)
	}
	return t, nil
}

// User is a staff member. The password hash never leaves the package.
type User struct {
	ID           string
	Username     string
	Naam         string
	Email        string
	TeamID       string
	Active       bool
	Roles        []string
	FailedLogins int
	LockedUntil  *time.Time
	OIDCIssuer   string
	OIDCSubject  string
	LastLoginAt  *time.Time
	CreatedAt    time.Time
	UpdatedAt    time.Time
	HasPassword  bool
}

// HasRole reports whether u holds one of roles.
func (u User) HasRole(roles ...string) bool {
	for _, r := range roles {
		if slices.Contains(u.Roles, r) {
			return true
		}
	}
	return false
}

// userAudit is what the audit trail keeps of a user: no secrets.
type userAudit struct {
	Username string   `json:"username"`
	Naam     string   `json:"naam"`
	Email    string   `json:"email"`
	TeamID   string   `json:"teamId,omitempty"`
	Active   bool     `json:"active"`
	Roles    []string `json:"roles"`
}

func (u User) audit() userAudit {
	return userAudit{Username: u.Username, Naam: u.Naam, Email: u.Email, TeamID: u.TeamID, Active: u.Active, Roles: u.Roles}
}

var usernameRe = regexp.MustCompile(`^[a-z0-9][a-z0-9._@-]{1,63}$`)

// NewUser is the input of CreateUser.
type NewUser struct {
	Username string
	Naam     string
	Email    string
	// Password may be empty for an account that only logs in through OIDC.
	Password string
	TeamID   string
	Roles    []string
}

// CreateUser adds a staff member.
func (s *Service) CreateUser(ctx context.Context, in NewUser) (User, error) {
	in.Username = strings.ToLower(strings.TrimSpace(in.Username))
	in.Naam = strings.TrimSpace(in.Naam)
	in.Email = strings.TrimSpace(in.Email)
	var f errs.Fields
	if !usernameRe.MatchString(in.Username) {
		f.Add("username", "invalid", "Vul een gebruikersnaam in van 2 tot 64 kleine letters, cijfers of . _ @ -.")
	}
	if in.Naam == "" {
		f.Add("naam", "required", "Vul de naam van de medewerker in.")
	}
	if in.Email != "" && !strings.Contains(in.Email, "@") {
		f.Add("email", "invalid", "Vul een geldig e-mailadres in.")
	}
	if in.Password != "" {
		if msg := checkNewPassword(in.Password); msg != "" {
			f.Add("password", "invalid", msg)
		}
	}
	roles, msg := normaliseRoles(in.Roles)
	if msg != "" {
		f.Add("roles", "invalid", msg)
	}
	if in.TeamID != "" {
		if _, err := uuid.Parse(in.TeamID); err != nil {
			f.Add("teamId", "invalid", "Kies een bestaand team.")
		}
	}
	if err := f.Err(); err != nil {
		return User{}, err
	}
	hash := ""
	if in.Password != "" {
		var err error
		if hash, err = HashPassword(in.Password); err != nil {
			return User{}, err
		}
	}
	now := s.now()
	u := User{ID: uuid.NewString(), Username: in.Username, Naam: in.Naam, Email: in.Email, TeamID: in.TeamID,
		Active: true, Roles: roles, CreatedAt: now, UpdatedAt: now, HasPassword: hash != ""}
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO users (id, username, naam, email, password_hash, team_id, active,
			failed_logins, created_at, updated_at) VALUES ($1,$2,$3,$4,$5,$6,$7,0,$8,$9)`,
			u.ID, u.Username, u.Naam, u.Email, hash, nullable(u.TeamID), true, now, now)
		if err != nil {
			switch {
			case db.IsUniqueViolation(err):
				return errs.InvalidField("username", "unique", "Deze gebruikersnaam is al in gebruik.")
			case db.IsForeignKeyViolation(err):
				return errs.InvalidField("teamId", "invalid", "Kies een bestaand team.")
			}
			return fmt.Errorf("auth: create user: %w", err)
		}
		if err := insertRoles(ctx, tx, u.ID, roles); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Bron: "LOKET", Resource: "user", ResourceID: u.ID,
			ResourceWeergave: u.Naam, Actie: "create", ActieWeergave: "Medewerker aangemaakt", New: u.audit(), At: now})
	})
	if err != nil {
		return User{}, err
	}
	return u, nil
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func normaliseRoles(in []string) ([]string, string) {
	out := []string{}
	for _, r := range in {
		r = strings.TrimSpace(r)
		if !ValidRole(r) {
			return nil, fmt.Sprintf("Onbekende rol %q.", r)
		}
		if !slices.Contains(out, r) {
			out = append(out, r)
		}
	}
	// Keep the canonical order so that audit entries compare cleanly.
	slices.SortFunc(out, func(a, b string) int { return slices.Index(Roles, a) - slices.Index(Roles, b) })
	return out, ""
}

func insertRoles(ctx context.Context, tx *sql.Tx, userID string, roles []string) error {
	for _, r := range roles {
		if _, err := tx.ExecContext(ctx, `INSERT INTO user_roles (user_id, rol) VALUES ($1, $2)`, userID, r); err != nil {
			return fmt.Errorf("auth: insert role: %w", err)
		}
	}
	return nil
}

const userCols = `id, username, naam, email, password_hash, team_id, active, failed_logins, locked_until,
	oidc_issuer, oidc_subject, last_login_at, created_at, updated_at`

// scanUser returns the user and its password hash.
func scanUser(sc interface{ Scan(...any) error }) (User, string, error) {
	var u User
	var hash string
	var team sql.NullString
	var locked, last sql.NullTime
	err := sc.Scan(&u.ID, &u.Username, &u.Naam, &u.Email, &hash, &team, &u.Active, &u.FailedLogins, &locked,
		&u.OIDCIssuer, &u.OIDCSubject, &last, &u.CreatedAt, &u.UpdatedAt)
	if err != nil {
		return User{}, "", err
	}
	u.TeamID = team.String
	if locked.Valid {
		t := locked.Time.UTC()
		u.LockedUntil = &t
	}
	if last.Valid {
		t := last.Time.UTC()
		u.LastLoginAt = &t
	}
	u.HasPassword = hash != ""
	return u, hash, nil
}

func loadRoles(ctx context.Context, q db.Queryer, u *User) error {
	rows, err := q.QueryContext(ctx, `SELECT rol FROM user_roles WHERE user_id = $1`, u.ID)
	if err != nil {
		return fmt.Errorf("auth: roles: %w", err)
	}
	defer rows.Close()
	var roles []string
	for rows.Next() {
		var r string
		if err := rows.Scan(&r); err != nil {
			return err
		}
		roles = append(roles, r)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	u.Roles, _ = normaliseRoles(slices.DeleteFunc(roles, func(r string) bool { return !ValidRole(r) }))
	return nil
}

func (s *Service) getUser(ctx context.Context, q db.Queryer, where string, args ...any) (User, string, error) {
	u, hash, err := scanUser(q.QueryRowContext(ctx, `SELECT `+userCols+` FROM users WHERE `+where, args...))
	if err != nil {
		return User{}, "", err
	}
	if err := loadRoles(ctx, q, &u); err != nil {
		return User{}, "", err
	}
	return u, hash, nil
}

// GetUser returns one user.
func (s *Service) GetUser(ctx context.Context, id string) (User, error) {
	return s.getUserQ(ctx, s.db.R, id)
}

func (s *Service) getUserQ(ctx context.Context, q db.Queryer, id string) (User, error) {
	if _, err := uuid.Parse(id); err != nil {
		return User{}, errs.NotFoundf("medewerker", id)
	}
	u, _, err := s.getUser(ctx, q, `id = $1`, id)
	if errors.Is(err, sql.ErrNoRows) {
		return User{}, errs.NotFoundf("medewerker", id)
	}
	if err != nil {
		return User{}, fmt.Errorf("auth: get user: %w", err)
	}
	return u, nil
}

// GetUserByUsername returns one user by login name.
func (s *Service) GetUserByUsername(ctx context.Context, username string) (User, error) {
	username = strings.ToLower(strings.TrimSpace(username))
	u, _, err := s.getUser(ctx, s.db.R, `username = $1`, username)
	if errors.Is(err, sql.ErrNoRows) {
		return User{}, errs.NotFoundf("medewerker", username)
	}
	if err != nil {
		return User{}, fmt.Errorf("auth: get user: %w", err)
	}
	return u, nil
}

// ListUsers returns all users (active and inactive) ordered by name.
func (s *Service) ListUsers(ctx context.Context) ([]User, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT `+userCols+` FROM users ORDER BY naam, username`)
	if err != nil {
		return nil, fmt.Errorf("auth: list users: %w", err)
	}
	var out []User
	byID := map[string]int{}
	for rows.Next() {
		u, _, err := scanUser(rows)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("auth: scan user: %w", err)
		}
		u.Roles = []string{}
		byID[u.ID] = len(out)
		out = append(out, u)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rr, err := s.db.R.QueryContext(ctx, `SELECT user_id, rol FROM user_roles`)
	if err != nil {
		return nil, fmt.Errorf("auth: list roles: %w", err)
	}
	defer rr.Close()
	for rr.Next() {
		var id, rol string
		if err := rr.Scan(&id, &rol); err != nil {
			return nil, err
		}
		if i, ok := byID[id]; ok && ValidRole(rol) {
			out[i].Roles = append(out[i].Roles, rol)
		}
	}
	for i := range out {
		out[i].Roles, _ = normaliseRoles(out[i].Roles)
	}
	return out, rr.Err()
}

// SetPassword sets a new password, lifts a lock-out and ends the user's
// sessions (a reset often follows a suspected compromise).
func (s *Service) SetPassword(ctx context.Context, userID, password string) error {
	if msg := checkNewPassword(password); msg != "" {
		return errs.InvalidField("password", "invalid", msg)
	}
	hash, err := HashPassword(password)
	if err != nil {
		return err
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		u, err := s.getUserQ(ctx, tx, userID)
		if err != nil {
			return err
		}
		now := s.now()
		if _, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = $2, failed_logins = 0, locked_until = NULL,
			updated_at = $3 WHERE id = $1`, userID, hash, now); err != nil {
			return fmt.Errorf("auth: set password: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1`, userID); err != nil {
			return fmt.Errorf("auth: end sessions: %w", err)
		}
		return audit.Record(ctx, tx, audit.Entry{Bron: "LOKET", Resource: "user", ResourceID: userID,
			ResourceWeergave: u.Naam, Actie: "set_password", ActieWeergave: "Wachtwoord ingesteld", At: now})
	})
}

// SetRoles replaces the user's roles.
func (s *Service) SetRoles(ctx context.Context, userID string, roles []string) error {
	roles, msg := normaliseRoles(roles)
	if msg != "" {
		return errs.InvalidField("roles", "invalid", msg)
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		u, err := s.getUserQ(ctx, tx, userID)
		if err != nil {
			return err
		}
		if err := checkSelfRoles(ctx, u, roles); err != nil {
			return err
		}
		return s.setRolesTx(ctx, tx, userID, roles, "")
	})
}

func (s *Service) setRolesTx(ctx context.Context, tx *sql.Tx, userID string, roles []string, toelichting string) error {
	u, err := s.getUserQ(ctx, tx, userID)
	if err != nil {
		return err
	}
	if slices.Equal(u.Roles, roles) {
		return nil
	}
	now := s.now()
	if _, err := tx.ExecContext(ctx, `DELETE FROM user_roles WHERE user_id = $1`, userID); err != nil {
		return fmt.Errorf("auth: set roles: %w", err)
	}
	if err := insertRoles(ctx, tx, userID, roles); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE users SET updated_at = $2 WHERE id = $1`, userID, now); err != nil {
		return fmt.Errorf("auth: set roles: %w", err)
	}
	return audit.Record(ctx, tx, audit.Entry{Bron: "LOKET", Resource: "user", ResourceID: userID,
		ResourceWeergave: u.Naam, Actie: "set_roles", ActieWeergave: "Rollen gewijzigd", Toelichting: toelichting,
		Old: map[string]any{"roles": u.Roles}, New: map[string]any{"roles": roles}, At: now})
}

// Deactivate blocks the user from logging in and ends their sessions. The
// row stays: the audit trail refers to it.
func (s *Service) Deactivate(ctx context.Context, userID string) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		u, err := s.getUserQ(ctx, tx, userID)
		if err != nil {
			return err
		}
		if isSelf(ctx, userID) {
			return errs.E(errs.Conflict, "self_lockout", SelfDeactivateMessage)
		}
		now := s.now()
		if _, err := tx.ExecContext(ctx, `UPDATE users SET active = $2, updated_at = $3 WHERE id = $1`, userID, false, now); err != nil {
			return fmt.Errorf("auth: deactivate: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1`, userID); err != nil {
			return fmt.Errorf("auth: end sessions: %w", err)
		}
		old := u.audit()
		u.Active = false
		return audit.Record(ctx, tx, audit.Entry{Bron: "LOKET", Resource: "user", ResourceID: userID,
			ResourceWeergave: u.Naam, Actie: "deactivate", ActieWeergave: "Medewerker gedeactiveerd",
			Old: old, New: u.audit(), At: now})
	})
}
