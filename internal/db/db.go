// Package db opens the one relational database Loket keeps its state in —
// embedded SQLite or PostgreSQL — and owns transactions, the few dialect
// differences and the migrations of both engines.
package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	_ "modernc.org/sqlite"
)

// Engine names a database engine.
type Engine string

const (
	SQLite   Engine = "sqlite"
	Postgres Engine = "postgres"
)

// DB holds the connection pools. On SQLite, W is the single writer
// connection and R a pool of read-only connections; on PostgreSQL both are
// the same pool.
type DB struct {
	Engine Engine
	W      *sql.DB
	R      *sql.DB
	// PG is the native pool on PostgreSQL (nil on SQLite); the job queue
	// works through it.
	PG *pgxpool.Pool
	// Path is the database file on SQLite.
	Path string
}

// IsPostgresURL reports whether a database URL points at PostgreSQL.
func IsPostgresURL(u string) bool {
	return strings.HasPrefix(u, "postgres://") || strings.HasPrefix(u, "postgresql://")
}

// Open connects to PostgreSQL when dsn is a postgres:// URL and otherwise
// opens (creating if needed) the SQLite file at dsn.
func Open(ctx context.Context, dsn string) (*DB, error) {
	if IsPostgresURL(dsn) {
		return openPostgres(ctx, dsn)
	}
	return openSQLite(ctx, strings.TrimPrefix(dsn, "sqlite://"))
}

func openPostgres(ctx context.Context, dsn string) (*DB, error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("database URL: %w", err)
	}
	if cfg.MaxConns < 8 {
		cfg.MaxConns = int32(max(8, 4*runtime.NumCPU()))
	}
	cfg.ConnConfig.RuntimeParams["timezone"] = "UTC"
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("connect to PostgreSQL: %w", err)
	}
	pctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := pool.Ping(pctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("connect to PostgreSQL at %s: %w", redact(dsn), err)
	}
	sdb := stdlib.OpenDBFromPool(pool)
	return &DB{Engine: Postgres, W: sdb, R: sdb, PG: pool}, nil
}

// sqliteDSN builds a modernc DSN. _txlock=immediate makes every write
// transaction take the write lock at BEGIN, so two writers never deadlock
// upgrading a read lock; the busy timeout covers other processes (backup).
// synchronous=FULL: in WAL mode NORMAL does not fsync at commit, so a power
// loss could undo writes the caller was already told had succeeded.
func sqliteDSN(path string, readOnly bool) string {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "synchronous(FULL)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "cache_size(-32000)")
	q.Add("_pragma", "temp_store(MEMORY)")
	q.Set("_time_format", "sqlite")
	if readOnly {
		q.Add("_pragma", "query_only(1)")
	} else {
		q.Set("_txlock", "immediate")
	}
	return "file:" + path + "?" + q.Encode()
}

func openSQLite(ctx context.Context, path string) (*DB, error) {
	if path == "" || path == ":memory:" {
		return nil, errors.New("SQLite needs a file path (an in-memory database cannot be shared by a pool)")
	}
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return nil, fmt.Errorf("create data directory: %w", err)
		}
	}
	w, err := sql.Open("sqlite", sqliteDSN(path, false))
	if err != nil {
		return nil, fmt.Errorf("open SQLite %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	w.SetConnMaxIdleTime(0)
	if err := w.PingContext(ctx); err != nil {
		w.Close()
		return nil, fmt.Errorf("open SQLite %s: %w", path, err)
	}
	r, err := sql.Open("sqlite", sqliteDSN(path, true))
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("open SQLite %s: %w", path, err)
	}
	n := max(4, 2*runtime.NumCPU())
	r.SetMaxOpenConns(n)
	r.SetMaxIdleConns(n)
	r.SetConnMaxIdleTime(0)
	return &DB{Engine: SQLite, W: w, R: r, Path: path}, nil
}

// Close closes all pools.
func (d *DB) Close() error {
	var errW, errR error
	errW = d.W.Close()
	if d.R != d.W {
		errR = d.R.Close()
	}
	if d.PG != nil {
		d.PG.Close()
	}
	return errors.Join(errW, errR)
}

// Ping checks that the database answers.
func (d *DB) Ping(ctx context.Context) error {
	if err := d.W.PingContext(ctx); err != nil {
		return err
	}
	var one int
	return d.R.QueryRowContext(ctx, "SELECT 1").Scan(&one)
}

// Queryer is what both *sql.DB and *sql.Tx offer; store functions that only
// read take it so that they work inside and outside a transaction.
type Queryer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Tx runs fn in a write transaction and commits when fn returns nil. Everything
// a change causes — audit rows, norm updates, queued jobs — is written through
// the same tx, so it all commits or nothing does.
func (d *DB) Tx(ctx context.Context, fn func(tx *sql.Tx) error) (err error) {
	tx, err := d.W.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin transaction: %w", err)
	}
	trackTx(tx)
	defer func() {
		if p := recover(); p != nil {
			_ = tx.Rollback()
			endTx(tx, false)
			panic(p)
		}
		if err != nil {
			_ = tx.Rollback()
		}
		endTx(tx, err == nil)
	}()
	if err = fn(tx); err != nil {
		return err
	}
	if err = tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// redact removes the password from a URL for messages and logs.
func redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return "(unparseable URL)"
	}
	return u.Redacted()
}

// Redact is exported for config printing.
func Redact(dsn string) string {
	if IsPostgresURL(dsn) {
		return redact(dsn)
	}
	return dsn
}

// Exists runs a query that selects at most one row (e.g. `SELECT 1 FROM t
// WHERE …`) and reports whether it found one.
func Exists(ctx context.Context, q Queryer, query string, args ...any) (bool, error) {
	var one int
	err := q.QueryRowContext(ctx, query, args...).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("exists: %w", err)
	}
	return true, nil
}
