package seed

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/db"
)

// The bulk writer: rows are buffered per table for one chunk and written in
// foreign-key order in one transaction — on SQLite as multi-row INSERTs of a
// prepared statement (400 rows per execution, so the per-statement overhead
// of database/sql and the driver is paid once per 400 rows), on PostgreSQL
// with COPY.

type table struct {
	name string
	cols []string
}

// writer buffers the rows of a chunk and hands full chunks to a goroutine
// that writes them in order, so generating the next chunk overlaps with
// writing the last one (the database and the generator each get a core).
type writer struct {
	d      *db.DB
	tables []*table
	rows   map[*table][][]any
	n      int // rows buffered

	jobs    chan chunk
	done    chan struct{}
	err     error // set by the writing goroutine before done closes
	failed  atomic.Bool
	written func(n int) // called by the writing goroutine
}

type chunk struct {
	rows map[*table][][]any
	n    int
}

func newWriter(d *db.DB, tables ...*table) *writer {
	return &writer{d: d, tables: tables, rows: map[*table][][]any{}}
}

// start runs the writing goroutine; written reports each chunk's rows.
func (w *writer) start(ctx context.Context, written func(n int)) {
	w.jobs, w.done, w.written = make(chan chunk, 1), make(chan struct{}), written
	go func() {
		defer close(w.done)
		for c := range w.jobs {
			if w.failed.Load() {
				continue
			}
			if err := w.write(ctx, c); err != nil {
				w.err = err
				w.failed.Store(true)
				continue
			}
			w.written(c.n)
		}
	}()
}

// flush queues the buffered rows for writing. It returns the error of an
// earlier chunk, so the generator stops soon after a failure.
func (w *writer) flush() error {
	if w.failed.Load() {
		return errors.New("seed: writing failed")
	}
	if w.n == 0 {
		return nil
	}
	w.jobs <- chunk{rows: w.rows, n: w.n}
	w.rows, w.n = map[*table][][]any{}, 0
	return nil
}

// close waits until every queued chunk is written.
func (w *writer) close() error {
	close(w.jobs)
	<-w.done
	return w.err
}

func (w *writer) add(t *table, row ...any) {
	w.rows[t] = append(w.rows[t], row)
	w.n++
}

// uid converts a generated id to what the engine's driver wants.
func (w *writer) uid(u uuid.UUID) any {
	if w.d.Engine == db.Postgres {
		return pgtype.UUID{Bytes: u, Valid: true}
	}
	return u.String()
}

func (w *writer) nullUID(u uuid.UUID) any {
	if u == uuid.Nil {
		return nil
	}
	return w.uid(u)
}

func (w *writer) day(d date.Date) any {
	if d.IsZero() {
		return nil
	}
	if w.d.Engine == db.Postgres {
		return pgtype.Date{Time: d.Time(), Valid: true}
	}
	return d.String()
}

// write writes one chunk in one transaction.
func (w *writer) write(ctx context.Context, c chunk) error {
	if w.d.Engine == db.Postgres {
		return w.copyChunk(ctx, c)
	}
	return w.d.Tx(ctx, func(tx *sql.Tx) error { return w.insertChunk(ctx, tx, c) })
}

func (w *writer) copyChunk(ctx context.Context, c chunk) error {
	tx, err := w.d.PG.Begin(ctx)
	if err != nil {
		return fmt.Errorf("seed: begin: %w", err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	for _, t := range w.tables {
		rows := c.rows[t]
		if len(rows) == 0 {
			continue
		}
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{t.name}, t.cols, pgx.CopyFromRows(rows)); err != nil {
			return fmt.Errorf("seed: copy %s: %w", t.name, err)
		}
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("seed: commit: %w", err)
	}
	return nil
}

// maxParams stays under SQLite's limit of bound parameters per statement;
// rowsPerInsert is where larger statements stopped paying off (measured).
const (
	maxParams     = 32000
	rowsPerInsert = 400
)

// insertSQL is the multi-row INSERT of a table. It uses anonymous "?"
// parameters (SQLite-only code: PostgreSQL uses COPY): SQLite resolves the
// name of each numbered "$n" parameter with a linear scan, which makes
// binding a statement with thousands of them quadratic.
func insertSQL(t *table, rows int) string {
	var b strings.Builder
	b.WriteString("INSERT INTO " + t.name + " (" + strings.Join(t.cols, ", ") + ") VALUES ")
	for i := range rows {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('(')
		for j := range t.cols {
			if j > 0 {
				b.WriteByte(',')
			}
			b.WriteByte('?')
		}
		b.WriteByte(')')
	}
	return b.String()
}

func (w *writer) insertChunk(ctx context.Context, tx *sql.Tx, c chunk) error {
	for _, t := range w.tables {
		rows := c.rows[t]
		if len(rows) == 0 {
			continue
		}
		per := max(1, min(rowsPerInsert, maxParams/len(t.cols)))
		var full *sql.Stmt
		if len(rows) >= per {
			var err error
			full, err = tx.PrepareContext(ctx, insertSQL(t, per))
			if err != nil {
				return fmt.Errorf("seed: prepare %s: %w", t.name, err)
			}
		}
		args := make([]any, 0, per*len(t.cols))
		for len(rows) > 0 {
			k := min(per, len(rows))
			args = args[:0]
			for _, r := range rows[:k] {
				args = append(args, r...)
			}
			var err error
			if k == per {
				_, err = full.ExecContext(ctx, args...)
			} else {
				_, err = tx.ExecContext(ctx, insertSQL(t, k), args...)
			}
			if err != nil {
				return fmt.Errorf("seed: insert %s: %w", t.name, err)
			}
			rows = rows[k:]
		}
		if full != nil {
			full.Close()
		}
	}
	return nil
}
