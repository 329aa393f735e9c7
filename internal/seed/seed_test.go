package seed_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/db/dbtest"
	"github.com/gemeenten/loket/internal/demo"
	"github.com/gemeenten/loket/internal/seed"
	"github.com/gemeenten/loket/internal/zaak"
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

// consistent checks what the zaak domain guarantees of every zaak.
func consistent(t *testing.T, d *db.DB) {
	t.Helper()
	checks := map[string]string{
		"identificaties not unique":       `SELECT COUNT(*) - COUNT(DISTINCT identificatie) FROM zaken`,
		"klantcontact nummers not unique": `SELECT COUNT(*) - COUNT(DISTINCT nummer) FROM klantcontacten`,
		"zaak without its current status": `SELECT COUNT(*) FROM zaken z WHERE NOT EXISTS (SELECT 1 FROM statussen s
			WHERE s.id = z.status_id AND s.zaak_id = z.id AND s.statustype_id = z.statustype_id)`,
		"zaak without initiator rol": `SELECT COUNT(*) FROM zaken z WHERE NOT EXISTS (SELECT 1 FROM rollen r
			WHERE r.zaak_id = z.id AND r.omschrijving_generiek = 'initiator' AND r.ident_value = z.initiator_id)`,
		"closed zaak without resultaat": `SELECT COUNT(*) FROM zaken z WHERE z.einddatum IS NOT NULL AND NOT EXISTS
			(SELECT 1 FROM resultaten r WHERE r.id = z.resultaat_id AND r.zaak_id = z.id)`,
		// A reopened zaak keeps its resultaat (as in the zaak domain).
		"open zaak with resultaat": `SELECT COUNT(*) FROM zaken z WHERE einddatum IS NULL AND resultaat_id IS NOT NULL
			AND NOT EXISTS (SELECT 1 FROM audit_trail a WHERE a.zaak_id = z.id AND a.actie = 'heropenen')`,
		"closed zaak not at eindstatus": `SELECT COUNT(*) FROM zaken z JOIN statustypen st ON st.id = z.statustype_id
			WHERE z.einddatum IS NOT NULL AND st.volgnummer <> (SELECT MAX(volgnummer) FROM statustypen m WHERE m.zaaktype_id = z.zaaktype_id)`,
		"open zaak at eindstatus": `SELECT COUNT(*) FROM zaken z JOIN statustypen st ON st.id = z.statustype_id
			WHERE z.einddatum IS NULL AND st.volgnummer = (SELECT MAX(volgnummer) FROM statustypen m WHERE m.zaaktype_id = z.zaaktype_id)`,
		"zaak without norms N1 N2 N4 N8": `SELECT COUNT(*) FROM zaken z WHERE (SELECT COUNT(DISTINCT norm) FROM zaak_normen n
			WHERE n.zaak_id = z.id AND n.norm IN ('N1', 'N2', 'N4', 'N8')) <> 4`,
		"open norm on closed zaak (except N7)": `SELECT COUNT(*) FROM zaak_normen n JOIN zaken z ON z.id = n.zaak_id
			WHERE z.einddatum IS NOT NULL AND n.state = 'open' AND n.norm <> 'N7'`,
		"statustype of another zaaktype": `SELECT COUNT(*) FROM statussen s JOIN zaken z ON z.id = s.zaak_id
			JOIN statustypen st ON st.id = s.statustype_id WHERE st.zaaktype_id <> z.zaaktype_id`,
		"deadline before startdatum":        `SELECT COUNT(*) FROM zaken WHERE uiterlijke_einddatum_afdoening < startdatum`,
		"einddatum before startdatum":       `SELECT COUNT(*) FROM zaken WHERE einddatum < startdatum`,
		"zaak_gestart contact without zaak": `SELECT COUNT(*) FROM klantcontacten WHERE uitkomst = 'zaak_gestart' AND zaak_id IS NULL`,
		"contact with an unknown zaak": `SELECT COUNT(*) FROM klantcontacten k WHERE k.zaak_id IS NOT NULL
			AND NOT EXISTS (SELECT 1 FROM zaken z WHERE z.id = k.zaak_id)`,
	}
	for what, q := range checks {
		if n := count(t, d, q); n != 0 {
			t.Errorf("%s: %d", what, n)
		}
	}
	if d.Engine == db.SQLite {
		rows, err := d.R.QueryContext(context.Background(), `PRAGMA foreign_key_check`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		if rows.Next() {
			t.Error("foreign_key_check reports violations")
		}
	}
}

func TestRun(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		var out bytes.Buffer
		if err := seed.Run(ctx, d, seed.Options{Zaken: 3000, Klantcontacten: 5000, Now: now, Progress: &out}); err != nil {
			t.Fatalf("Run: %v", err)
		}
		if n := count(t, d, `SELECT COUNT(*) FROM zaken`); n != 3000 {
			t.Errorf("zaken = %d, want 3000", n)
		}
		if n := count(t, d, `SELECT COUNT(*) FROM klantcontacten`); n != 5000 {
			t.Errorf("klantcontacten = %d, want 5000", n)
		}
		if n := count(t, d, `SELECT COUNT(*) FROM zaaktypen WHERE concept = $1`, false); n < 22 {
			t.Errorf("the demo catalogue was not loaded: %d zaaktypen", n)
		}
		if !strings.Contains(out.String(), "rijen/s") || !strings.Contains(out.String(), "\r[") {
			t.Errorf("no progress bar in %q", out.String())
		}
		consistent(t, d)

		t.Run("proportions", func(t *testing.T) {
			open := count(t, d, `SELECT COUNT(*) FROM zaken WHERE einddatum IS NULL`)
			if open < 30 || open > 1200 {
				t.Errorf("open zaken = %d of 3000", open)
			}
			for _, k := range []string{"balie", "telefoon", "email", "post", "webformulier", "chat", "social_media"} {
				if n := count(t, d, `SELECT COUNT(*) FROM klantcontacten WHERE kanaal = $1`, k); n == 0 {
					t.Errorf("no klantcontacten on kanaal %s", k)
				}
			}
			direct := count(t, d, `SELECT COUNT(*) FROM klantcontacten WHERE uitkomst = 'direct_beantwoord'`)
			if direct < 2500 || direct > 4000 {
				t.Errorf("direct beantwoord = %d of 5000, want 50–80 %%", direct)
			}
			tel := count(t, d, `SELECT COUNT(*) FROM klantcontacten WHERE kanaal = 'telefoon'`)
			terug := count(t, d, `SELECT COUNT(*) FROM klantcontacten WHERE kanaal = 'telefoon' AND uitkomst = 'klant_belt_terug'`)
			if terug == 0 || float64(terug) > 0.12*float64(tel) {
				t.Errorf("klant belt terug = %d of %d telephone contacts", terug, tel)
			}
			for _, s := range []string{"met", "breached", "open"} {
				if n := count(t, d, `SELECT COUNT(*) FROM zaak_normen WHERE state = $1`, s); n == 0 {
					t.Errorf("no norms in state %s", s)
				}
			}
		})

		t.Run("a second run adds without collisions", func(t *testing.T) {
			if err := seed.Run(ctx, d, seed.Options{Zaken: 500, Klantcontacten: 500, Now: now}); err != nil {
				t.Fatalf("second Run: %v", err)
			}
			if n := count(t, d, `SELECT COUNT(*) FROM zaken`); n != 3500 {
				t.Errorf("zaken = %d, want 3500", n)
			}
			consistent(t, d)
			// The domain continues after the seeded numbers.
			last := count(t, d, `SELECT MAX(last) FROM identificatie_seq WHERE scope = 'zaak' AND jaar = 2026`)
			var maxIdent string
			if err := d.R.QueryRowContext(ctx, `SELECT MAX(identificatie) FROM zaken WHERE identificatie LIKE 'ZAAK-2026-%'`).Scan(&maxIdent); err != nil {
				t.Fatal(err)
			}
			if want := "ZAAK-2026-" + pad10(last); maxIdent != want {
				t.Errorf("identificatie_seq at %d but highest identificatie %s", last, maxIdent)
			}
		})
	})
}

func pad10(n int) string {
	s := "0000000000" + itoa(n)
	return s[len(s)-10:]
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for n > 0 {
		b = append([]byte{byte('0' + n%10)}, b...)
		n /= 10
	}
	return string(b)
}

func BenchmarkRun(b *testing.B) {
	for _, e := range dbtest.Engines() {
		b.Run(string(e), func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				d := dbtest.New(b, e)
				b.StartTimer()
				if err := seed.Run(context.Background(), d, seed.Options{Zaken: 20000, Klantcontacten: 50000, Now: now}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// Seeding on top of the demo municipality continues its numbering and
// leaves every zaak — the domain's and the seeder's — consistent.
func TestRunAfterDemo(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		if err := demo.Load(ctx, d, now, demo.Options{Zaken: 60, Klantcontacten: 50}); err != nil {
			t.Fatalf("demo.Load: %v", err)
		}
		before := count(t, d, `SELECT COUNT(*) FROM zaken`)
		kcBefore := count(t, d, `SELECT COUNT(*) FROM klantcontacten`)
		if err := seed.Run(ctx, d, seed.Options{Zaken: 1000, Klantcontacten: 1000, Now: now}); err != nil {
			t.Fatalf("Run: %v", err)
		}
		if n := count(t, d, `SELECT COUNT(*) FROM zaken`); n != before+1000 {
			t.Errorf("zaken = %d, want %d", n, before+1000)
		}
		if n := count(t, d, `SELECT COUNT(*) FROM klantcontacten`); n != kcBefore+1000 {
			t.Errorf("klantcontacten = %d, want %d", n, kcBefore+1000)
		}
		if n := count(t, d, `SELECT COUNT(*) FROM zaaktypen`); n != len(demo.ZaakTypen()) {
			t.Errorf("the seeder loaded a second catalogue: %d zaaktypen", n)
		}
		if n := count(t, d, `SELECT COUNT(*) FROM zaken z JOIN zaaktypen zt ON zt.id = z.zaaktype_id WHERE z.startdatum < zt.begin_geldigheid`); n != 0 {
			t.Errorf("%d zaken start before their zaaktype is valid", n)
		}
		consistent(t, d)
	})
}

// The zaak domain reads seeded zaken like its own: list, get with all
// parts, and change them.
func TestSeededZakenWorkInTheDomain(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		if err := seed.Run(ctx, d, seed.Options{Zaken: 400, Klantcontacten: 10, Now: now}); err != nil {
			t.Fatal(err)
		}
		zs := zaak.New(d)
		zs.Now = func() time.Time { return now }
		open := true
		page, err := zs.List(ctx, zaak.Filter{Open: &open, Order: zaak.OrderDeadline, Limit: 20, Count: true})
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Items) == 0 || page.Total != count(t, d, `SELECT COUNT(*) FROM zaken WHERE einddatum IS NULL`) {
			t.Fatalf("List gave %d items, total %d", len(page.Items), page.Total)
		}
		z, err := zs.Get(ctx, page.Items[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		if z.Status == nil || len(z.Rollen) == 0 || len(z.Normen) < 4 || z.InitiatorID == "" {
			t.Errorf("seeded zaak %s lacks parts: status %v, %d rollen, %d normen", z.Identificatie, z.Status, len(z.Rollen), len(z.Normen))
		}
		byInit, err := zs.List(ctx, zaak.Filter{InitiatorIdent: z.InitiatorID, Limit: 100})
		if err != nil || len(byInit.Items) == 0 {
			t.Errorf("List by initiator %s: %d items, %v", z.InitiatorID, len(byInit.Items), err)
		}
		if _, err := zs.RegisterStatusQuestion(ctx, z.ID, "telefoon", true); err != nil {
			t.Errorf("change a seeded zaak: %v", err)
		}
	})
}
