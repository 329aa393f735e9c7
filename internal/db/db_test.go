package db_test

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/db/dbtest"
)

// columns returns "table.column" for every column of Loket's own tables (the
// job queue's tables belong to River and are left out).
func columns(t *testing.T, d *db.DB) []string {
	t.Helper()
	ctx := context.Background()
	var q string
	if d.Engine == db.Postgres {
		q = `SELECT table_name || '.' || column_name FROM information_schema.columns
		     WHERE table_schema = current_schema() AND table_name NOT LIKE 'river%'`
	} else {
		q = `SELECT m.name || '.' || p.name FROM sqlite_master m, pragma_table_info(m.name) p
		     WHERE m.type = 'table' AND m.name NOT LIKE 'river%' AND m.name NOT LIKE 'sqlite%'`
	}
	rows, err := d.R.QueryContext(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	slices.Sort(out)
	return out
}

func TestBothEnginesHaveTheSameTablesAndColumns(t *testing.T) {
	if dbtest.PostgresURL() == "" {
		t.Skip("LOKET_TEST_POSTGRES_URL not set: only SQLite available")
	}
	lite := columns(t, dbtest.New(t, db.SQLite))
	pg := columns(t, dbtest.New(t, db.Postgres))
	if len(lite) < 100 {
		t.Fatalf("suspiciously few columns: %d", len(lite))
	}
	if !slices.Equal(lite, pg) {
		var onlyLite, onlyPG []string
		for _, c := range lite {
			if !slices.Contains(pg, c) {
				onlyLite = append(onlyLite, c)
			}
		}
		for _, c := range pg {
			if !slices.Contains(lite, c) {
				onlyPG = append(onlyPG, c)
			}
		}
		t.Fatalf("schemas differ\nonly SQLite: %s\nonly PostgreSQL: %s", strings.Join(onlyLite, ", "), strings.Join(onlyPG, ", "))
	}
}

func TestMigrationsAreIdempotentAndReported(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		pending, err := d.Pending(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(pending) != 0 {
			t.Fatalf("pending after migrate: %v", pending)
		}
		if err := d.Migrate(ctx, nil); err != nil {
			t.Fatalf("second migrate: %v", err)
		}
		var n int
		if err := d.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		ms, _ := d.Migrations()
		if n != len(ms) {
			t.Fatalf("schema_migrations has %d rows, want %d", n, len(ms))
		}
	})
}

func TestTxRollsBackOnError(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		boom := errors.New("boom")
		err := d.Tx(ctx, func(tx *sql.Tx) error {
			if _, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ($1, $2)`, "k", "v"); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("err = %v", err)
		}
		var n int
		d.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM settings`).Scan(&n)
		if n != 0 {
			t.Fatalf("rolled-back insert is visible: %d rows", n)
		}
		err = d.Tx(ctx, func(tx *sql.Tx) error {
			_, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ($1, $2)`, "k", "v")
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		err = d.Tx(ctx, func(tx *sql.Tx) error {
			_, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ($1, $2)`, "k", "w")
			return err
		})
		if !db.IsUniqueViolation(err) {
			t.Fatalf("want unique violation, got %v", err)
		}
	})
}

func TestForeignKeysAreEnforced(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		err := d.Tx(ctx, func(tx *sql.Tx) error {
			_, err := tx.ExecContext(ctx, `INSERT INTO user_roles (user_id, rol) VALUES ($1, $2)`, "00000000-0000-0000-0000-000000000001", "kcc")
			return err
		})
		if !db.IsForeignKeyViolation(err) {
			t.Fatalf("want foreign-key violation, got %v", err)
		}
	})
}

// In WAL mode synchronous=NORMAL skips the fsync at commit, so a power loss
// can take back transactions that were already acknowledged; FULL (2) syncs
// the WAL on every commit.
func TestSQLiteWriterSyncsEveryCommit(t *testing.T) {
	d := dbtest.New(t, db.SQLite)
	var mode int
	if err := d.W.QueryRowContext(context.Background(), `PRAGMA synchronous`).Scan(&mode); err != nil {
		t.Fatal(err)
	}
	if mode != 2 {
		t.Fatalf("PRAGMA synchronous = %d on the writer, want 2 (FULL)", mode)
	}
}
