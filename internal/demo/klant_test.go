package demo_test

import (
	"context"
	"testing"
	"time"

	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/db/dbtest"
	"github.com/gemeenten/loket/internal/demo"
	"github.com/gemeenten/loket/internal/klant"
)

func TestLoadKlantLinksDemoContacts(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		now := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
		if err := demo.Load(ctx, d, now, demo.Options{Zaken: 60, Klantcontacten: 120}); err != nil {
			t.Fatal(err)
		}
		if err := demo.LoadKlant(ctx, d, now, nil); err != nil {
			t.Fatal(err)
		}
		count := func(q string) int {
			var n int
			if err := d.R.QueryRowContext(ctx, q).Scan(&n); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
			return n
		}
		if n, p := count(`SELECT COUNT(*) FROM partijen`), count(`SELECT COUNT(*) FROM personen`); n < p {
			t.Fatalf("%d partijen for %d personen", n, p)
		}
		// every known customer's contact points at its partij and has it as betrokkene
		if n := count(`SELECT COUNT(*) FROM klantcontacten WHERE partij_type <> 'anoniem' AND klant_partij_id IS NULL`); n != 0 {
			t.Fatalf("%d known contacts without partij", n)
		}
		if n := count(`SELECT COUNT(*) FROM klantcontacten k WHERE klant_partij_id IS NOT NULL
			AND NOT EXISTS (SELECT 1 FROM betrokkenen b WHERE b.klantcontact_id = k.id)`); n != 0 {
			t.Fatalf("%d contacts without betrokkene", n)
		}
		if n := count(`SELECT COUNT(*) FROM klantcontacten k WHERE zaak_id IS NOT NULL
			AND NOT EXISTS (SELECT 1 FROM onderwerpobjecten o WHERE o.klantcontact_id = k.id AND o.object_id = CAST(k.zaak_id AS TEXT))`); n != 0 {
			t.Fatalf("%d zaak contacts without onderwerpobject", n)
		}
		if c, tk := count(`SELECT COUNT(*) FROM klantcontacten WHERE uitkomst = 'contactverzoek'`), count(`SELECT COUNT(*) FROM interne_taken`); c != tk || c == 0 {
			t.Fatalf("%d contactverzoeken, %d interne taken", c, tk)
		}
		// the klantbeeld timeline works from the partij
		var pid string
		if err := d.R.QueryRowContext(ctx, `SELECT klant_partij_id FROM klantcontacten WHERE klant_partij_id IS NOT NULL LIMIT 1`).Scan(&pid); err != nil {
			t.Fatal(err)
		}
		tl, err := klant.New(d).Timeline(ctx, pid, "", "", 50)
		if err != nil || len(tl) == 0 {
			t.Fatalf("timeline: %d %v", len(tl), err)
		}
	})
}
