package db

import (
	"errors"
	"strings"

	"github.com/google/uuid"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// The dialect differences live here and nowhere else.

// ILike returns a case-insensitive LIKE comparison of expr with parameter p
// (e.g. "$3"). SQLite's LIKE is already case-insensitive for ASCII.
func (d *DB) ILike(expr, p string) string {
	if d.Engine == Postgres {
		return expr + " ILIKE " + p
	}
	return expr + " LIKE " + p + " ESCAPE '\\'"
}

// LikeEscape escapes % and _ for a LIKE pattern.
func LikeEscape(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return r.Replace(s)
}

// IsUniqueViolation reports whether err is a unique-constraint violation on
// either engine.
func IsUniqueViolation(err error) bool {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return pgErr.Code == "23505"
	}
	var sErr *sqlite.Error
	if errors.As(err, &sErr) {
		return sErr.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || sErr.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
	}
	return false
}

// IsForeignKeyViolation reports whether err is a foreign-key violation.
func IsForeignKeyViolation(err error) bool {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return pgErr.Code == "23503"
	}
	var sErr *sqlite.Error
	if errors.As(err, &sErr) {
		return sErr.Code() == sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY
	}
	return false
}

// ValidUUID reports whether s is a UUID in its 36-character form. Ids from
// outside pass through it before they reach a UUID column: PostgreSQL answers
// a malformed literal with an error where SQLite simply finds no rows.
func ValidUUID(s string) bool {
	_, err := uuid.Parse(s)
	return err == nil && len(s) == 36
}
