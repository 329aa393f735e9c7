package demo_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/db/dbtest"
	"github.com/gemeenten/loket/internal/demo"
	"github.com/gemeenten/loket/internal/errs"
)

var now = time.Date(2026, 11, 27, 15, 30, 0, 0, time.UTC)

func count(t *testing.T, d *db.DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := d.R.QueryRowContext(context.Background(), query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

func TestLoad(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		if err := demo.Load(ctx, d, now); err != nil {
			t.Fatalf("Load: %v", err)
		}

		t.Run("refuses a second load", func(t *testing.T) {
			err := demo.Load(ctx, d, now)
			if !errors.Is(err, demo.ErrNotEmpty) || !errs.Is(err, errs.Conflict) {
				t.Fatalf("second Load: got %v, want a Conflict wrapping ErrNotEmpty", err)
			}
		})

		t.Run("catalogue", func(t *testing.T) {
			if n := count(t, d, `SELECT COUNT(*) FROM zaaktypen WHERE concept = $1`, false); n < 22 {
				t.Errorf("published zaaktypen = %d, want ≥ 22", n)
			}
			if n := count(t, d, `SELECT COUNT(*) FROM zaaktypen WHERE concept = $1`, true); n != 0 {
				t.Errorf("%d zaaktypen still concept", n)
			}
			if n := count(t, d, `SELECT COUNT(*) FROM zaaktypen z WHERE (SELECT COUNT(*) FROM statustypen s WHERE s.zaaktype_id = z.id) < 4`); n != 0 {
				t.Errorf("%d zaaktypen with fewer than 4 statustypen", n)
			}
			if n := count(t, d, `SELECT COUNT(*) FROM zaaktypen z WHERE (SELECT COUNT(*) FROM resultaattypen r WHERE r.zaaktype_id = z.id) NOT BETWEEN 2 AND 4`); n != 0 {
				t.Errorf("%d zaaktypen without 2–4 resultaattypen", n)
			}
			if n := count(t, d, `SELECT COUNT(*) FROM zaaktypen WHERE team_id IS NULL`); n != 0 {
				t.Errorf("%d zaaktypen without a team", n)
			}
			for _, ident := range []string{"OMGEVINGSVERGUNNING", "EVENEMENT", "WOO"} {
				if n := count(t, d, `SELECT COUNT(*) FROM zaaktypen WHERE identificatie = $1 AND complex = $2`, ident, true); n != 1 {
					t.Errorf("zaaktype %s not marked complex", ident)
				}
			}
			if n := count(t, d, `SELECT COUNT(*) FROM besluittypen WHERE concept = $1`, false); n == 0 {
				t.Error("no published besluittypen")
			}
			if n := count(t, d, `SELECT COUNT(*) FROM zaaktype_informatieobjecttypen`); n == 0 {
				t.Error("no informatieobjecttypen linked to zaaktypen")
			}
		})

		t.Run("staff in every role", func(t *testing.T) {
			for _, rol := range []string{"kcc", "behandelaar", "teamleider", "beheerder", "manager"} {
				if n := count(t, d, `SELECT COUNT(*) FROM user_roles WHERE rol = $1`, rol); n == 0 {
					t.Errorf("no user with role %s", rol)
				}
			}
			if n := count(t, d, `SELECT COUNT(*) FROM teams`); n < 7 {
				t.Errorf("teams = %d, want ≥ 7", n)
			}
			if n := count(t, d, `SELECT COUNT(*) FROM users WHERE password_hash = ''`); n != 0 {
				t.Errorf("%d users without a password", n)
			}
		})

		t.Run("people", func(t *testing.T) {
			rows, err := d.R.QueryContext(ctx, `SELECT bsn FROM personen`)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			n := 0
			for rows.Next() {
				var bsn string
				if err := rows.Scan(&bsn); err != nil {
					t.Fatal(err)
				}
				if !demo.Elfproef(bsn) || bsn[0] != '9' {
					t.Errorf("BSN %s is not a valid test BSN", bsn)
				}
				n++
			}
			if n != 50 {
				t.Errorf("personen = %d, want 50", n)
			}
			if n := count(t, d, `SELECT COUNT(*) FROM bedrijven`); n != 10 {
				t.Errorf("bedrijven = %d, want 10", n)
			}
		})
	})
}

func TestAccounts(t *testing.T) {
	seen := map[string]bool{}
	roles := map[string]bool{}
	for _, a := range demo.Accounts() {
		if len(a.Password) < 12 {
			t.Errorf("%s: password %q shorter than 12", a.Username, a.Password)
		}
		if seen[a.Username] {
			t.Errorf("duplicate username %s", a.Username)
		}
		seen[a.Username] = true
		for _, r := range a.Rollen {
			roles[r] = true
		}
	}
	for _, r := range []string{"kcc", "behandelaar", "teamleider", "beheerder", "manager"} {
		if !roles[r] || !seen[r] {
			t.Errorf("no demo account %q with role %s", r, r)
		}
	}
}

func TestElfproef(t *testing.T) {
	for _, c := range []struct {
		s  string
		ok bool
	}{{"002220647", true}, {"111222333", true}, {"123456789", false}, {"00222064", false}, {"000000000", false}} {
		if got := demo.Elfproef(c.s); got != c.ok {
			t.Errorf("Elfproef(%s) = %v, want %v", c.s, got, c.ok)
		}
	}
	pool := demo.BSNPool(1000)
	seen := map[string]bool{}
	for _, b := range pool {
		if !demo.Elfproef(b) || b[0] != '9' || seen[b] {
			t.Fatalf("BSNPool gave %s (valid %v, duplicate %v)", b, demo.Elfproef(b), seen[b])
		}
		seen[b] = true
	}
	if len(pool) != 1000 {
		t.Fatalf("BSNPool(1000) gave %d", len(pool))
	}
}
