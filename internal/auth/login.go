package auth

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/gemeenten/loket/internal/errs"
)

// LoginFailedMessage is the one answer to every failed login, whether the
// user is unknown, inactive, locked out or typed the wrong password, so the
// page does not reveal which accounts exist.
const LoginFailedMessage = "Onbekende combinatie van gebruikersnaam en wachtwoord."

// ErrLoginFailed is returned by Login for every refused attempt.
var ErrLoginFailed = errs.E(errs.Unauthenticated, "login_failed", LoginFailedMessage)

// Login checks a username and password. After MaxFailures consecutive
// failures the account is locked for LockoutDuration; attempts during the
// lock fail without looking at the password. Unknown users cost the same
// hashing work as known ones. ip is for the log only.
func (s *Service) Login(ctx context.Context, username, password, ip string) (User, error) {
	username = strings.ToLower(strings.TrimSpace(username))
	if username == "" || password == "" || len(password) > 4*maxPasswordLength {
		burnHash(password)
		return User{}, ErrLoginFailed
	}
	u, hash, err := s.getUser(ctx, s.db.R, `username = $1`, username)
	if errors.Is(err, sql.ErrNoRows) {
		burnHash(password)
		s.log.InfoContext(ctx, "login failed", "reason", "unknown user", "ip", ip)
		return User{}, ErrLoginFailed
	}
	if err != nil {
		return User{}, fmt.Errorf("auth: login: %w", err)
	}
	now := s.now()
	switch {
	case !u.Active || hash == "":
		burnHash(password)
		s.log.InfoContext(ctx, "login failed", "reason", "inactive or no password", "user_id", u.ID, "ip", ip)
		return User{}, ErrLoginFailed
	case u.LockedUntil != nil && now.Before(*u.LockedUntil):
		burnHash(password)
		s.log.WarnContext(ctx, "login refused", "reason", "locked out", "user_id", u.ID, "ip", ip)
		return User{}, ErrLoginFailed
	}
	ok, err := VerifyPassword(hash, password)
	if err != nil {
		s.log.ErrorContext(ctx, "login: stored password hash unusable", "user_id", u.ID, "err", err)
	}
	if !ok {
		// All right-hand sides see the old row, so the counter and the lock
		// are decided atomically even with concurrent attempts.
		_, err := s.db.W.ExecContext(ctx, `UPDATE users SET
			failed_logins = CASE WHEN failed_logins + 1 >= $2 THEN 0 ELSE failed_logins + 1 END,
			locked_until = CASE WHEN failed_logins + 1 >= $2 THEN $3 ELSE locked_until END
			WHERE id = $1`, u.ID, s.cfg.MaxFailures, now.Add(s.cfg.LockoutDuration))
		if err != nil {
			return User{}, fmt.Errorf("auth: count failed login: %w", err)
		}
		s.log.InfoContext(ctx, "login failed", "reason", "wrong password", "user_id", u.ID, "ip", ip,
			"failures", u.FailedLogins+1)
		return User{}, ErrLoginFailed
	}
	if _, err := s.db.W.ExecContext(ctx, `UPDATE users SET failed_logins = 0, locked_until = NULL, last_login_at = $2
		WHERE id = $1`, u.ID, now); err != nil {
		return User{}, fmt.Errorf("auth: record login: %w", err)
	}
	u.FailedLogins, u.LockedUntil, u.LastLoginAt = 0, nil, &now
	s.log.InfoContext(ctx, "login", "user_id", u.ID, "ip", ip, "method", "password")
	return u, nil
}
