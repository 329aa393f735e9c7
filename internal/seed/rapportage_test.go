package seed_test

import (
	"context"
	"testing"
	"time"

	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/db/dbtest"
	"github.com/gemeenten/loket/internal/seed"
)

// A seeded database has its report rollups computed: every contact, zaak
// and settled norm is counted once, and no day is left marked.
func TestRunFillsReportRollups(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		now := time.Date(2026, 6, 15, 12, 0, 0, 0, time.UTC)
		if err := seed.Run(ctx, d, seed.Options{Zaken: 400, Klantcontacten: 1500, Now: now}); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct{ rollup, base string }{
			{`SELECT CAST(SUM(aantal) AS BIGINT) FROM rap_contacten`, `SELECT COUNT(*) FROM klantcontacten`},
			{`SELECT CAST(SUM(aantal) AS BIGINT) FROM rap_zaken`, `SELECT COUNT(*) FROM zaken`},
			{`SELECT CAST(SUM(aantal) AS BIGINT) FROM rap_afgehandeld`, `SELECT COUNT(*) FROM zaken WHERE einddatum IS NOT NULL`},
			{`SELECT CAST(SUM(met) AS BIGINT) FROM rap_normen`, `SELECT COUNT(*) FROM zaak_normen WHERE state = 'met'`},
			{`SELECT COUNT(*) FROM rap_dirty`, `SELECT 0`},
		} {
			var a, b int64
			if err := d.R.QueryRowContext(ctx, c.rollup).Scan(&a); err != nil {
				t.Fatal(err)
			}
			if err := d.R.QueryRowContext(ctx, c.base).Scan(&b); err != nil {
				t.Fatal(err)
			}
			if a != b {
				t.Errorf("%s = %d, want %d (%s)", c.rollup, a, b, c.base)
			}
		}
	})
}
