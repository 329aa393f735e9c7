package main

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/db/dbtest"
	"github.com/gemeenten/loket/internal/klant"
)

func TestAPITokenCommands(t *testing.T) {
	for _, engine := range dbtest.Engines() {
		t.Run(string(engine), func(t *testing.T) {
			ctx := context.Background()
			envMap := map[string]string{"LOKET_DATA": t.TempDir(), "LOKET_LOG_FORMAT": "text", "USER": "tester"}
			if engine == db.Postgres {
				envMap["LOKET_DATABASE_URL"] = dbtest.URL(t, db.Postgres)
			}
			env := envFrom(envMap)
			cli := func(args ...string) (string, error) {
				var out, errOut bytes.Buffer
				err := run(ctx, append([]string{"apitoken"}, args...), env, &out, &errOut)
				return out.String() + errOut.String(), err
			}
			out, err := cli("create", "--naam", "KCC-frontend")
			if err != nil {
				t.Fatalf("create: %v\n%s", err, out)
			}
			m := regexp.MustCompile(`Sleutel \(wordt niet nog eens getoond\): ([0-9a-f]{40})`).FindStringSubmatch(out)
			if m == nil {
				t.Fatalf("no key in %q", out)
			}
			if _, err := cli("create"); err == nil {
				t.Fatal("create without --naam succeeded")
			}
			out, err = cli("list")
			if err != nil || !strings.Contains(out, "KCC-frontend") || strings.Contains(out, m[1]) {
				t.Fatalf("list: %v\n%s", err, out)
			}
			id := regexp.MustCompile(`([0-9a-f-]{36})\s+KCC-frontend`).FindStringSubmatch(out)
			if id == nil {
				t.Fatalf("no id in %q", out)
			}
			// the key works until it is revoked
			d := apitokenTestDB(t, envMap)
			s := klant.New(d)
			if _, err := s.AuthenticateToken(ctx, m[1]); err != nil {
				t.Fatalf("new key refused: %v", err)
			}
			if out, err := cli("revoke", "--id", id[1]); err != nil {
				t.Fatalf("revoke: %v\n%s", err, out)
			}
			if _, err := s.AuthenticateToken(ctx, m[1]); err == nil {
				t.Fatal("revoked key still accepted")
			}
			if _, err := cli("revoke", "--id", "00000000-0000-0000-0000-000000000000"); err == nil {
				t.Fatal("revoking an unknown token succeeded")
			}
		})
	}
}

func apitokenTestDB(t *testing.T, envMap map[string]string) *db.DB {
	t.Helper()
	dsn := envMap["LOKET_DATABASE_URL"]
	if dsn == "" {
		dsn = envMap["LOKET_DATA"] + "/loket.db"
	}
	d, err := db.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}
