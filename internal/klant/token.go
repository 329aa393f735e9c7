package klant

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/errs"
)

// APIToken is a key of the Klantinteracties API ("Authorization: Token
// <key>"), as Open Klant hands them out. Only its SHA-256 is stored; the key
// itself is shown once, when it is made.
type APIToken struct {
	ID         string
	Naam       string
	Actief     bool
	CreatedAt  time.Time
	LastUsedAt *time.Time
}

func tokenHash(key string) string {
	sum := sha256.Sum256([]byte(key))
	return hex.EncodeToString(sum[:])
}

// CreateAPIToken makes a token for the application naam and returns the key
// (40 hexadecimal characters) with it.
func (s *Service) CreateAPIToken(ctx context.Context, naam string) (string, APIToken, error) {
	naam = strings.TrimSpace(naam)
	var f errs.Fields
	if required(&f, "naam", naam, "Geef de naam van de applicatie die de token gebruikt.") {
		maxLen(&f, "naam", naam, 200)
	}
	if err := f.Err(); err != nil {
		return "", APIToken{}, err
	}
	b := make([]byte, 20)
	if _, err := rand.Read(b); err != nil {
		return "", APIToken{}, err
	}
	key := hex.EncodeToString(b)
	t := APIToken{ID: newID(), Naam: naam, Actief: true, CreatedAt: s.now()}
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO klant_api_tokens (id, naam, token_hash, actief, created_at) VALUES ($1,$2,$3,TRUE,$4)`,
			t.ID, t.Naam, tokenHash(key), t.CreatedAt); err != nil {
			return fmt.Errorf("klant: insert token: %w", err)
		}
		return s.record(ctx, tx, change{resource: "apitoken", id: t.ID, actie: "create", new: t, weergave: naam})
	})
	if err != nil {
		return "", APIToken{}, err
	}
	return key, t, nil
}

// AuthenticateToken returns the active token with this key; Unauthenticated
// otherwise.
func (s *Service) AuthenticateToken(ctx context.Context, key string) (APIToken, error) {
	var t APIToken
	var last sql.NullTime
	err := s.DB.R.QueryRowContext(ctx, `SELECT id, naam, actief, created_at, last_used_at FROM klant_api_tokens WHERE token_hash = $1`,
		tokenHash(key)).Scan(&t.ID, &t.Naam, &t.Actief, &t.CreatedAt, &last)
	if err == sql.ErrNoRows || (err == nil && !t.Actief) {
		return APIToken{}, errs.E(errs.Unauthenticated, "authentication_failed", "Ongeldige token.")
	}
	if err != nil {
		return APIToken{}, fmt.Errorf("klant: token: %w", err)
	}
	t.LastUsedAt = nullTime(last)
	return t, nil
}

// ListAPITokens lists the tokens (without keys), newest first.
func (s *Service) ListAPITokens(ctx context.Context) ([]APIToken, error) {
	rows, err := s.DB.R.QueryContext(ctx, `SELECT id, naam, actief, created_at, last_used_at FROM klant_api_tokens ORDER BY created_at DESC, id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []APIToken
	for rows.Next() {
		var t APIToken
		var last sql.NullTime
		if err := rows.Scan(&t.ID, &t.Naam, &t.Actief, &t.CreatedAt, &last); err != nil {
			return nil, err
		}
		t.LastUsedAt = nullTime(last)
		out = append(out, t)
	}
	return out, rows.Err()
}

// RevokeAPIToken deactivates a token; requests with it fail from then on.
func (s *Service) RevokeAPIToken(ctx context.Context, id string) error {
	if !db.ValidUUID(id) {
		return notFound("token", id)
	}
	return s.DB.Tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE klant_api_tokens SET actief = FALSE WHERE id = $1`, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return notFound("token", id)
		}
		return s.record(ctx, tx, change{resource: "apitoken", id: id, actie: "intrekken"})
	})
}
