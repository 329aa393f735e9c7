package zaak

import (
	"context"
	"database/sql"

	"github.com/gemeenten/loket/internal/db"
)

// On SQLite (modernc) every statement is compiled again on every call, and
// compiling costs about as much as running the small statements of a
// create. txq keeps the statements of this package prepared on the single
// writer connection and binds them to each transaction (Tx.StmtContext
// reuses the connection's prepared statement). On PostgreSQL pgx already
// caches prepared statements per connection, so txq passes through.
type txq struct {
	s  *Service
	tx *sql.Tx
}

func (s *Service) q(tx *sql.Tx) db.Queryer {
	if s.DB.Engine != db.SQLite {
		return tx
	}
	return txq{s: s, tx: tx}
}

// stmt returns the prepared statement of query, or nil when it is not
// prepared yet. It cannot prepare it here: the transaction holds SQLite's
// only writer connection, so preparing on the pool would wait for itself.
// The query is noted instead and prepared by warm before the next
// transaction of the Service begins.
func (s *Service) stmt(query string) *sql.Stmt {
	if v, ok := s.stmts.Load(query); ok {
		return v.(*sql.Stmt)
	}
	if _, loaded := s.wanted.LoadOrStore(query, true); !loaded {
		s.nWanted.Add(1)
	}
	return nil
}

// warm prepares the statements noted by stmt; call it outside a transaction.
func (s *Service) warm(ctx context.Context) {
	if s.DB.Engine != db.SQLite || s.nWanted.Load() == 0 {
		return
	}
	s.wanted.Range(func(k, _ any) bool {
		query := k.(string)
		s.wanted.Delete(query)
		s.nWanted.Add(-1)
		if _, ok := s.stmts.Load(query); ok {
			return true
		}
		st, err := s.DB.W.PrepareContext(ctx, query)
		if err != nil {
			return true // it will fail, with its error, unprepared
		}
		if _, loaded := s.stmts.LoadOrStore(query, st); loaded {
			st.Close()
		}
		return true
	})
}

func (t txq) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if st := t.s.stmt(query); st != nil {
		return t.tx.StmtContext(ctx, st).ExecContext(ctx, args...)
	}
	return t.tx.ExecContext(ctx, query, args...)
}

func (t txq) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if st := t.s.stmt(query); st != nil {
		return t.tx.StmtContext(ctx, st).QueryContext(ctx, args...)
	}
	return t.tx.QueryContext(ctx, query, args...)
}

func (t txq) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if st := t.s.stmt(query); st != nil {
		return t.tx.StmtContext(ctx, st).QueryRowContext(ctx, args...)
	}
	return t.tx.QueryRowContext(ctx, query, args...)
}
