package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gemeenten/loket/internal/db"
)

func TestRapportageRebuildAndRefresh(t *testing.T) {
	dir := t.TempDir()
	env := envFrom(map[string]string{"LOKET_DATA": dir, "LOKET_LOG_FORMAT": "text"})
	ctx := context.Background()
	if err := run(ctx, []string{"rapportage"}, env, io.Discard, io.Discard); !errors.Is(err, errUsage) {
		t.Fatalf("without a subcommand: %v, want the usage error", err)
	}
	if err := run(ctx, []string{"seed", "--zaken", "200", "--klantcontacten", "500"}, env, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	d, err := db.Open(ctx, filepath.Join(dir, "loket.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	// The rollups are emptied behind the report's back; rebuild restores them.
	if _, err := d.W.Exec(`DELETE FROM rap_contacten`); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := run(ctx, []string{"rapportage", "rebuild"}, env, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := d.R.QueryRow(`SELECT CAST(SUM(aantal) AS BIGINT) FROM rap_contacten`).Scan(&n); err != nil || n != 500 {
		t.Fatalf("after rebuild: %d contacts counted (%v), want 500; output %q", n, err, out.String())
	}
	// A changed contact is marked by the trigger; refresh folds it in.
	if _, err := d.W.Exec(`UPDATE klantcontacten SET kanaal = 'post' WHERE id = (SELECT id FROM klantcontacten ORDER BY id LIMIT 1)`); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	if err := run(ctx, []string{"rapportage", "refresh"}, env, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "dagen bijgewerkt") || strings.HasPrefix(out.String(), "0 ") {
		t.Fatalf("refresh output %q", out.String())
	}
	if err := d.R.QueryRow(`SELECT COUNT(*) FROM klantcontacten WHERE kanaal = 'post'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	var m int
	if err := d.R.QueryRow(`SELECT COALESCE(CAST(SUM(aantal) AS BIGINT), 0) FROM rap_contacten WHERE kanaal = 'post'`).Scan(&m); err != nil || m != n {
		t.Fatalf("post contacts: rollup %d (%v), table %d", m, err, n)
	}
}
