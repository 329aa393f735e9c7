package eform

import (
	"context"
	"database/sql"

	"github.com/gemeenten/loket/internal/db"
)

// group is the submissions' group commit on SQLite.
type group = db.Group

// tx runs fn in a transaction: its own on PostgreSQL, on SQLite one shared
// with concurrent submissions (db.Group: each in its own savepoint, one
// commit; a submission dirties a couple of hundred pages at 1 million zaken,
// and the pages submissions share are then written once, as is the fsync).
// fn must do all its work in the transaction it gets.
func (s *Service) tx(ctx context.Context, fn func(*sql.Tx) error) error {
	if s.NoGroupCommit {
		return s.DB.Tx(ctx, fn)
	}
	return s.DB.GroupTx(ctx, &s.group, func(_ context.Context, tx *sql.Tx) error { return fn(tx) })
}
