// Package dbtest gives each test a fresh, migrated database on every engine
// that is available: SQLite always, PostgreSQL when LOKET_TEST_POSTGRES_URL
// is set (CI sets it and fails when the server is unreachable).
package dbtest

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/gemeenten/loket/internal/db"
)

// PostgresURL is the admin URL of the test server, or "" when not configured.
func PostgresURL() string { return os.Getenv("LOKET_TEST_POSTGRES_URL") }

// Engines lists the engines the tests run on.
func Engines() []db.Engine {
	if PostgresURL() != "" {
		return []db.Engine{db.SQLite, db.Postgres}
	}
	return []db.Engine{db.SQLite}
}

// Each runs fn as a subtest on every available engine with a fresh database.
func Each(t *testing.T, fn func(t *testing.T, d *db.DB)) {
	t.Helper()
	for _, e := range Engines() {
		t.Run(string(e), func(t *testing.T) {
			fn(t, New(t, e))
		})
	}
}

// New returns a fresh migrated database of engine e, removed after the test.
func New(t testing.TB, e db.Engine) *db.DB {
	t.Helper()
	ctx := context.Background()
	var dsn string
	if e == db.Postgres {
		if PostgresURL() == "" {
			t.Fatal("LOKET_TEST_POSTGRES_URL is not set")
		}
		dsn = newPostgres(t)
	} else {
		dsn = filepath.Join(t.TempDir(), "loket.db")
	}
	d, err := db.Open(ctx, dsn)
	if err != nil {
		t.Fatalf("open %s test database: %v", e, err)
	}
	t.Cleanup(func() { d.Close() })
	if e == db.SQLite {
		if err := d.Migrate(ctx, nil); err != nil {
			t.Fatalf("migrate: %v", err)
		}
	}
	return d
}

// URL returns a fresh database URL of engine e (for tests that start the whole
// program). For SQLite it is a file path in a temp dir.
func URL(t testing.TB, e db.Engine) string {
	t.Helper()
	if e == db.Postgres {
		return newPostgres(t)
	}
	return filepath.Join(t.TempDir(), "loket.db")
}

var (
	tmplOnce sync.Once
	tmplName string
	tmplErr  error
)

// newPostgres clones a migrated template database: far faster than migrating
// every test. The template's name carries a hash of the migrations, so a
// changed schema gets a new template; an advisory lock serialises the test
// binaries that go test runs in parallel.
func newPostgres(t testing.TB) string {
	t.Helper()
	ctx := context.Background()
	admin := PostgresURL()
	tmplOnce.Do(func() { tmplName, tmplErr = ensureTemplate(ctx, admin) })
	if tmplErr != nil {
		t.Fatalf("PostgreSQL test template: %v", tmplErr)
	}
	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		t.Fatalf("PostgreSQL at LOKET_TEST_POSTGRES_URL is unreachable: %v", err)
	}
	defer conn.Close(ctx)
	name := "loket_t_" + randHex(6)
	if _, err := conn.Exec(ctx, fmt.Sprintf(`CREATE DATABASE %s TEMPLATE %s`, name, tmplName)); err != nil {
		t.Fatalf("create test database: %v", err)
	}
	t.Cleanup(func() {
		c, err := pgx.Connect(context.Background(), admin)
		if err != nil {
			return
		}
		defer c.Close(context.Background())
		c.Exec(context.Background(), fmt.Sprintf(`DROP DATABASE IF EXISTS %s WITH (FORCE)`, name))
	})
	return withDatabase(admin, name)
}

func ensureTemplate(ctx context.Context, admin string) (string, error) {
	h := sha256.New()
	for _, e := range []db.Engine{db.Postgres} {
		ms, err := (&db.DB{Engine: e}).Migrations()
		if err != nil {
			return "", err
		}
		for _, m := range ms {
			h.Write([]byte(m.Version))
			h.Write([]byte(m.SQL))
		}
	}
	name := "loket_tmpl_" + hex.EncodeToString(h.Sum(nil))[:12]
	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		return "", fmt.Errorf("PostgreSQL at LOKET_TEST_POSTGRES_URL is unreachable: %w", err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock(72317002)`); err != nil {
		return "", err
	}
	defer conn.Exec(ctx, `SELECT pg_advisory_unlock(72317002)`)
	var exists bool
	if err := conn.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)`, name).Scan(&exists); err != nil {
		return "", err
	}
	if exists {
		return name, nil
	}
	// Build under a temporary name and rename when complete, so a crashed
	// build never leaves a half-migrated template behind.
	building := name + "_build"
	conn.Exec(ctx, fmt.Sprintf(`DROP DATABASE IF EXISTS %s WITH (FORCE)`, building))
	if _, err := conn.Exec(ctx, fmt.Sprintf(`CREATE DATABASE %s`, building)); err != nil {
		return "", err
	}
	d, err := db.Open(ctx, withDatabase(admin, building))
	if err != nil {
		return "", err
	}
	err = d.Migrate(ctx, nil)
	d.Close()
	if err != nil {
		return "", fmt.Errorf("migrate template: %w", err)
	}
	if _, err := conn.Exec(ctx, fmt.Sprintf(`ALTER DATABASE %s RENAME TO %s`, building, name)); err != nil {
		return "", err
	}
	return name, nil
}

func withDatabase(dsn, name string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return dsn
	}
	u.Path = "/" + strings.TrimPrefix(name, "/")
	return u.String()
}

func randHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}
