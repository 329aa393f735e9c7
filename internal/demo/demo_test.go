package demo_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/gemeenten/loket/internal/blob"
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
		blobs, err := blob.NewDir(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		if err := demo.Load(ctx, d, now, demo.Options{Blobs: blobs}); err != nil {
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

		t.Run("zaken in every state", func(t *testing.T) {
			states := map[string]string{
				"registered only":              `SELECT COUNT(*) FROM zaken z WHERE einddatum IS NULL AND (SELECT COUNT(*) FROM statussen s WHERE s.zaak_id = z.id) = 1`,
				"in behandeling":               `SELECT COUNT(*) FROM zaken z WHERE einddatum IS NULL AND behandelaar_id IS NOT NULL AND opschorting_indicatie = FALSE`,
				"waiting for the customer":     `SELECT COUNT(*) FROM zaken z WHERE opschorting_indicatie = TRUE AND EXISTS (SELECT 1 FROM opschortingen o WHERE o.zaak_id = z.id AND o.hervat_op IS NULL)`,
				"suspended and resumed":        `SELECT COUNT(*) FROM opschortingen WHERE hervat_op IS NOT NULL`,
				"extended":                     `SELECT COUNT(*) FROM verlengingen`,
				"extended and still open":      `SELECT COUNT(*) FROM zaken z WHERE einddatum IS NULL AND EXISTS (SELECT 1 FROM verlengingen v WHERE v.zaak_id = z.id)`,
				"closed with resultaat":        `SELECT COUNT(*) FROM zaken WHERE einddatum IS NOT NULL AND resultaat_id IS NOT NULL`,
				"closed late":                  `SELECT COUNT(*) FROM zaken WHERE einddatum > uiterlijke_einddatum_afdoening`,
				"open past the deadline":       `SELECT COUNT(*) FROM zaken WHERE einddatum IS NULL AND uiterlijke_einddatum_afdoening < '2026-11-27'`,
				"reopened":                     `SELECT COUNT(*) FROM audit_trail WHERE resource = 'zaak' AND actie = 'heropenen'`,
				"reopened and still open":      `SELECT COUNT(DISTINCT a.zaak_id) FROM audit_trail a JOIN zaken z ON z.id = a.zaak_id WHERE a.actie = 'heropenen' AND z.einddatum IS NULL`,
				"with a besluit":               `SELECT COUNT(*) FROM besluiten`,
				"norm met":                     `SELECT COUNT(*) FROM zaak_normen WHERE state = 'met'`,
				"norm breached":                `SELECT COUNT(*) FROM zaak_normen WHERE state = 'breached'`,
				"norm open":                    `SELECT COUNT(*) FROM zaak_normen WHERE state = 'open'`,
				"status question (N7)":         `SELECT COUNT(*) FROM zaak_normen WHERE norm = 'N7'`,
				"klantcontact that started it": `SELECT COUNT(*) FROM klantcontacten WHERE uitkomst = 'zaak_gestart' AND zaak_id IS NOT NULL`,
				"with documents":               `SELECT COUNT(DISTINCT zaak_id) FROM zaakinformatieobjecten`,
				"with a besluit document":      `SELECT COUNT(*) FROM besluitinformatieobjecten`,
			}
			for what, q := range states {
				if n := count(t, d, q); n == 0 {
					t.Errorf("no zaken: %s", what)
				}
			}
			if n := count(t, d, `SELECT COUNT(*) FROM zaken`); n < 300 {
				t.Errorf("zaken = %d, want a few hundred", n)
			}
			if n := count(t, d, `SELECT COUNT(DISTINCT zaaktype_id) FROM zaken`); n != count(t, d, `SELECT COUNT(*) FROM zaaktypen`) {
				t.Errorf("only %d zaaktypen have zaken", n)
			}
			if n := count(t, d, `SELECT COUNT(*) FROM zaken WHERE startdatum < '2024-11-27'`); n != 0 {
				t.Errorf("%d zaken start more than two years before now", n)
			}
			for _, k := range []string{"balie", "telefoon", "email", "post", "webformulier", "chat", "social_media"} {
				if n := count(t, d, `SELECT COUNT(*) FROM klantcontacten WHERE kanaal = $1`, k); n == 0 {
					t.Errorf("no klantcontacten on kanaal %s", k)
				}
			}
			for _, u := range []string{"direct_beantwoord", "zaak_gestart", "doorverbonden", "contactverzoek", "klant_belt_terug", "doorverwezen"} {
				if n := count(t, d, `SELECT COUNT(*) FROM klantcontacten WHERE uitkomst = $1`, u); n == 0 {
					t.Errorf("no klantcontacten with uitkomst %s", u)
				}
			}
			all := count(t, d, `SELECT COUNT(*) FROM klantcontacten`)
			direct := count(t, d, `SELECT COUNT(*) FROM klantcontacten WHERE uitkomst IN ('direct_beantwoord', 'zaak_gestart')`)
			if f := float64(direct) / float64(all); f < 0.6 || f > 0.9 {
				t.Errorf("in één keer afgehandeld = %.2f, want a realistic 0.6–0.9", f)
			}
			if n := count(t, d, `SELECT COUNT(*) FROM audit_trail WHERE zaak_id IS NOT NULL`); n < 1000 {
				t.Errorf("only %d audit rows for zaken: not loaded through the domain?", n)
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

func identificaties(t *testing.T, d *db.DB) []string {
	t.Helper()
	rows, err := d.R.QueryContext(context.Background(), `SELECT identificatie FROM zaken ORDER BY identificatie`)
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
	return out
}

func TestLoadIsDeterministic(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, a *db.DB) {
		b := dbtest.New(t, a.Engine)
		opts := demo.Options{Zaken: 80, Klantcontacten: 100}
		for _, d := range []*db.DB{a, b} {
			if err := demo.Load(context.Background(), d, now, opts); err != nil {
				t.Fatal(err)
			}
		}
		ia, ib := identificaties(t, a), identificaties(t, b)
		if len(ia) < 80 || !slices.Equal(ia, ib) {
			t.Fatalf("two loads differ: %d vs %d zaken", len(ia), len(ib))
		}
		for _, q := range []string{
			`SELECT COUNT(*) FROM statussen`, `SELECT COUNT(*) FROM rollen`, `SELECT COUNT(*) FROM zaak_normen`,
			`SELECT COUNT(*) FROM zaak_normen WHERE state = 'breached'`, `SELECT COUNT(*) FROM opschortingen`,
			`SELECT COUNT(*) FROM klantcontacten`, `SELECT COUNT(*) FROM besluiten`, `SELECT COUNT(*) FROM audit_trail`,
			`SELECT COUNT(*) FROM zaken WHERE einddatum IS NULL`,
		} {
			if x, y := count(t, a, q), count(t, b, q); x != y {
				t.Errorf("%s: %d vs %d", q, x, y)
			}
		}
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

// The server loads the demo at whatever moment it first starts: a Sunday
// night, New Year's Day, a holiday. Every moment must give a valid history.
func TestLoadAtAnyMoment(t *testing.T) {
	for _, at := range []time.Time{
		time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC),     // New Year's Day, midnight
		time.Date(2026, 4, 6, 10, 0, 0, 0, time.UTC),    // Easter Monday
		time.Date(2026, 12, 27, 22, 45, 0, 0, time.UTC), // a Sunday night
	} {
		t.Run(at.Format("2006-01-02T15:04"), func(t *testing.T) {
			d := dbtest.New(t, db.SQLite)
			if err := demo.Load(context.Background(), d, at, demo.Options{Zaken: 120, Klantcontacten: 50}); err != nil {
				t.Fatal(err)
			}
			if n := count(t, d, `SELECT COUNT(*) FROM zaken WHERE created_at > $1`, at); n != 0 {
				t.Errorf("%d zaken created after now", n)
			}
		})
	}
}

// Two servers started with --demo against one PostgreSQL both find the
// database empty; the one whose claim loses the race must see ErrNotEmpty (and
// start without loading), not fail on the unique key of the claim.
func TestConcurrentClaimIsNotEmpty(t *testing.T) {
	if dbtest.PostgresURL() == "" {
		t.Skip("the race needs a second writer: PostgreSQL only")
	}
	d := dbtest.New(t, db.Postgres)
	ctx := context.Background()
	tx, err := d.W.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value, updated_at) VALUES ($1, 'bezig', $2)`,
		demo.LoadedSetting, now); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- demo.Load(ctx, d, now) }()
	for waiting := 0; waiting == 0; {
		if err := d.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM pg_stat_activity
			WHERE datname = current_database() AND wait_event_type = 'Lock'
			AND query LIKE 'INSERT INTO settings%'`).Scan(&waiting); err != nil {
			t.Fatal(err)
		}
		select {
		case err := <-done:
			t.Fatalf("Load returned before the other claim committed: %v", err)
		case <-time.After(time.Millisecond):
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := <-done; !errors.Is(err, demo.ErrNotEmpty) || !errs.Is(err, errs.Conflict) {
		t.Fatalf("Load: got %v, want a Conflict wrapping ErrNotEmpty", err)
	}
}

// A load that stopped halfway leaves its claim: the next start must see the
// demo as interrupted (and refuse to load over it), a finished one not.
func TestInterruptedLoad(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		if demo.Interrupted(ctx, d) {
			t.Fatal("an empty database reports an interrupted demo load")
		}
		if _, err := d.W.ExecContext(ctx, `INSERT INTO settings (key, value, updated_at) VALUES ($1, 'bezig', $2)`,
			demo.LoadedSetting, now); err != nil {
			t.Fatal(err)
		}
		if !demo.Interrupted(ctx, d) {
			t.Fatal("a claim left at 'bezig' is not reported as interrupted")
		}
		if err := demo.Load(ctx, d, now); !errors.Is(err, demo.ErrNotEmpty) {
			t.Fatalf("Load over an interrupted load: got %v, want ErrNotEmpty", err)
		}
	})
}
