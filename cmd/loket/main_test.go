package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gemeenten/loket/internal/config"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/db/dbtest"
)

func envFrom(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestTermijnSubcommandPrintsTheEndDateLast(t *testing.T) {
	var out, errOut bytes.Buffer
	if err := run(context.Background(), []string{"termijn", "--van", "2026-03-20", "--weken", "8"}, envFrom(nil), &out, &errOut); err != nil {
		t.Fatalf("termijn: %v\n%s", err, errOut.String())
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if last := lines[len(lines)-1]; last != "2026-05-18" {
		t.Fatalf("last line %q, want 2026-05-18\n%s", last, out.String())
	}
	err := run(context.Background(), []string{"termijn", "--van", "20-03-2026", "--weken", "8"}, envFrom(nil), &out, &errOut)
	if err == nil || !strings.Contains(err.Error(), "--van") {
		t.Fatalf("bad date: %v", err)
	}
}

func TestUnknownCommandAndBadConfigExitWithUsageCode(t *testing.T) {
	var out, errOut bytes.Buffer
	err := run(context.Background(), []string{"frobnicate"}, envFrom(nil), &out, &errOut)
	if exitCode(err) != 2 || !strings.Contains(errOut.String(), "onbekende opdracht") {
		t.Fatalf("unknown command: %v / %s", err, errOut.String())
	}
	err = run(context.Background(), []string{"serve", "--addr", "nope"}, envFrom(map[string]string{"LOKET_DATA": t.TempDir()}), &out, &errOut)
	if !config.IsConfigError(err) || exitCode(err) != 2 || !strings.Contains(err.Error(), "--addr") {
		t.Fatalf("bad config: %v", err)
	}
	if err := run(context.Background(), []string{"version"}, envFrom(nil), &out, &errOut); err != nil || !strings.Contains(out.String(), "loket ") {
		t.Fatalf("version: %v %q", err, out.String())
	}
}

func TestMigrateAndBackupOnSQLite(t *testing.T) {
	dir := t.TempDir()
	env := envFrom(map[string]string{"LOKET_DATA": dir, "LOKET_LOG_FORMAT": "text"})
	var out bytes.Buffer
	if err := run(context.Background(), []string{"migrate"}, env, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "migratie(s) toegepast") {
		t.Fatalf("migrate output: %s", out.String())
	}
	out.Reset()
	if err := run(context.Background(), []string{"migrate"}, env, &out, io.Discard); err != nil || !strings.Contains(out.String(), "al bij") {
		t.Fatalf("second migrate: %v %s", err, out.String())
	}
	// The server is "running": it has committed one change and is in the
	// middle of another. The copy has the first and not the second.
	live, err := db.Open(context.Background(), filepath.Join(dir, "loket.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer live.Close()
	if _, err := live.W.Exec(`INSERT INTO settings (key, value) VALUES ('committed', 'ja')`); err != nil {
		t.Fatal(err)
	}
	tx, err := live.W.Begin()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(`INSERT INTO settings (key, value) VALUES ('uncommitted', 'nee')`); err != nil {
		t.Fatal(err)
	}
	target := filepath.Join(t.TempDir(), "kopie.db")
	out.Reset()
	if err := run(context.Background(), []string{"backup", "--to", target}, env, &out, io.Discard); err != nil {
		t.Fatalf("backup while a write transaction is open: %v", err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	// The copy is a complete, migrated database of its own.
	d, err := db.Open(context.Background(), target)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	pending, err := d.Pending(context.Background())
	if err != nil || len(pending) != 0 {
		t.Fatalf("backup is not a current database: pending %v, %v", pending, err)
	}
	var keys []string
	rows, err := d.R.Query(`SELECT key FROM settings ORDER BY key`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var k string
		rows.Scan(&k)
		keys = append(keys, k)
	}
	rows.Close()
	if strings.Join(keys, ",") != "committed" {
		t.Fatalf("backup holds settings %v, want only the committed one", keys)
	}
	var check string
	if err := d.R.QueryRow(`PRAGMA integrity_check`).Scan(&check); err != nil || check != "ok" {
		t.Fatalf("integrity_check: %q %v", check, err)
	}
	if err := run(context.Background(), []string{"backup", "--to", target}, env, &out, io.Discard); err == nil {
		t.Fatal("backup overwrote an existing file")
	}
}

// TestServeDemoEndToEnd starts what `loket serve --demo` starts, on each
// engine, and uses it as a new user would: health, login, the zaken list and
// one zaak.
func TestServeDemoEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the demo municipality")
	}
	for _, e := range dbtest.Engines() {
		t.Run(string(e), func(t *testing.T) {
			dir := t.TempDir()
			env := map[string]string{"LOKET_DATA": dir, "LOKET_LOG_LEVEL": "warn"}
			if e == db.Postgres {
				env["LOKET_DATABASE_URL"] = dbtest.URL(t, e)
			}
			c, _, err := config.Load("serve", []string{"--demo", "--addr", "127.0.0.1:0"}, envFrom(env), io.Discard, config.FlagServe)
			if err != nil {
				t.Fatal(err)
			}
			var out bytes.Buffer
			a, err := start(context.Background(), c, &out, io.Discard, time.Now)
			if err != nil {
				t.Fatal(err)
			}
			go a.srv.Serve()
			defer a.stop(10 * time.Second)
			printWelcome(&out, a)
			if !strings.Contains(out.String(), "demo-wachtwoord-2") {
				t.Fatalf("welcome lacks demo accounts:\n%s", out.String())
			}
			base := "http://" + a.srv.Addr()

			get := func(c *http.Client, path string) (int, string) {
				t.Helper()
				resp, err := c.Get(base + path)
				if err != nil {
					t.Fatal(err)
				}
				defer resp.Body.Close()
				b, _ := io.ReadAll(resp.Body)
				return resp.StatusCode, string(b)
			}
			jar, _ := cookiejar.New(nil)
			client := &http.Client{Jar: jar}
			if code, body := get(client, "/readyz"); code != 200 || !strings.Contains(body, `"migrations":"current"`) {
				t.Fatalf("readyz %d %s", code, body)
			}
			// Anonymous: the zaken list sends to the login page.
			code, body := get(client, "/zaken")
			if code != 200 || !strings.Contains(body, `name="password"`) {
				t.Fatalf("anonymous /zaken: %d", code)
			}
			csrf := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindStringSubmatch(body)
			if csrf == nil {
				t.Fatal("login form without CSRF token")
			}
			resp, err := client.PostForm(base+"/login", url.Values{"username": {"behandelaar"}, "password": {"demo-wachtwoord-2"},
				"csrf": {csrf[1]}, "next": {"/zaken"}})
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 || !strings.Contains(string(b), "ZAAK-") {
				t.Fatalf("after login: %d\n%.2000s", resp.StatusCode, b)
			}
			link := regexp.MustCompile(`href="(/zaken/[0-9a-f-]{36})"`).FindStringSubmatch(string(b))
			if link == nil {
				t.Fatal("zaken list has no zaak links")
			}
			code, body = get(client, link[1])
			if code != 200 || !strings.Contains(body, "Uiterste") && !strings.Contains(body, "uiterste") {
				t.Fatalf("zaak page %d\n%.1500s", code, body)
			}
		})
	}
}
