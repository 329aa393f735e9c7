package zaak_test

import (
	"context"
	"database/sql"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/db/dbtest"
	"github.com/gemeenten/loket/internal/seed"
	"github.com/gemeenten/loket/internal/zaak"
)

// The back-office benchmarks use the database at LOKET_BENCH_OFFICE_DSN
// when set (an empty one is seeded once with LOKET_BENCH_ZAKEN zaken through
// internal/seed, the generator behind `loket seed`, and reused), otherwise
// a temporary one with LOKET_BENCH_ZAKEN zaken (default 20,000). One team,
// "BENCH", gets min(10,000, 1 %) of the open zaken: the team queue
// of 10,000 open zaken out of a million.

var officeNow = time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)

type officeData struct {
	d    *db.DB
	s    *zaak.Service
	team string
	n    int
}

func officeDB(b *testing.B, e db.Engine) *officeData {
	b.Helper()
	ctx := context.Background()
	zaken := 20000
	if v, err := strconv.Atoi(os.Getenv("LOKET_BENCH_ZAKEN")); err == nil && v > 0 {
		zaken = v
	}
	var d *db.DB
	if dsn := os.Getenv("LOKET_BENCH_OFFICE_DSN"); dsn != "" {
		if (e == db.Postgres) != db.IsPostgresURL(dsn) {
			b.Skipf("LOKET_BENCH_OFFICE_DSN is not a %s database", e)
		}
		var err error
		if d, err = db.Open(ctx, dsn); err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { d.Close() })
		if err := d.Migrate(ctx, nil); err != nil {
			b.Fatal(err)
		}
	} else {
		d = dbtest.New(b, e)
	}
	var n int
	if err := d.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM zaken`).Scan(&n); err != nil {
		b.Fatal(err)
	}
	if n == 0 {
		t0 := time.Now()
		if err := seed.Run(ctx, d, seed.Options{Zaken: zaken, Now: officeNow}); err != nil {
			b.Fatal(err)
		}
		b.Logf("seeded %d zaken in %s", zaken, time.Since(t0).Round(time.Second))
		n = zaken
	}
	od := &officeData{d: d, s: zaak.New(d), n: n}
	od.s.Now = func() time.Time { return officeNow }
	err := d.R.QueryRowContext(ctx, `SELECT id FROM teams WHERE code = 'BENCH'`).Scan(&od.team)
	if err == nil {
		return od
	}
	od.team = uuid.NewString()
	size := min(10000, max(100, n/100))
	err = d.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO teams (id, code, naam) VALUES ($1, 'BENCH', 'Benchmark')`, od.team); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE zaken SET team_id = $1 WHERE id IN (SELECT id FROM zaken
			WHERE einddatum IS NULL ORDER BY id LIMIT $2)`, od.team, size)
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	if e == db.Postgres {
		d.W.ExecContext(ctx, `ANALYZE zaken`)
	} else {
		d.W.ExecContext(ctx, `ANALYZE`)
	}
	return od
}

// BenchmarkWerkvoorraad is the /behandelen page's domain work for a team
// queue: the first page (25 zaken, nearest deadline first, with their norm
// signals), a page filtered on a signal, and the four counts.
func BenchmarkWerkvoorraad(b *testing.B) {
	benchEngines(b, func(b *testing.B, e db.Engine) {
		od := officeDB(b, e)
		ctx := context.Background()
		var open int
		od.d.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM zaken WHERE team_id = $1 AND einddatum IS NULL`, od.team).Scan(&open)
		b.Logf("%d zaken, team queue of %d open zaken", od.n, open)
		b.Run("eerste_pagina", func(b *testing.B) {
			measure(b, func(int) error {
				_, err := od.s.Queue(ctx, zaak.QueueFilter{TeamID: od.team})
				return err
			})
		})
		b.Run("signaal_overschreden", func(b *testing.B) {
			measure(b, func(int) error {
				_, err := od.s.Queue(ctx, zaak.QueueFilter{TeamID: od.team, Signal: zaak.SignalBreached})
				return err
			})
		})
		b.Run("signaal_risico", func(b *testing.B) {
			measure(b, func(int) error {
				_, err := od.s.Queue(ctx, zaak.QueueFilter{TeamID: od.team, Signal: zaak.SignalAtRisk})
				return err
			})
		})
		b.Run("tellers", func(b *testing.B) {
			measure(b, func(int) error {
				_, err := od.s.QueueCount(ctx, od.team, "")
				return err
			})
		})
		b.Run("pagina_en_tellers", func(b *testing.B) {
			measure(b, func(int) error {
				if _, err := od.s.QueueCount(ctx, od.team, ""); err != nil {
					return err
				}
				_, err := od.s.Queue(ctx, zaak.QueueFilter{TeamID: od.team})
				return err
			})
		})
	})
}

// BenchmarkNormSweep runs the norm sweep over the whole database as of a
// day 30 days after the seeded history ends, so that every norm that fell
// due in between breaches (and N4 breaches start their N5s); then once more
// (nothing left to do). Run with -benchtime=1x: the first sweep changes the
// data.
func BenchmarkNormSweep(b *testing.B) {
	benchEngines(b, func(b *testing.B, e db.Engine) {
		od := officeDB(b, e)
		ctx := context.Background()
		at := officeNow.AddDate(0, 0, 30)
		for b.Loop() {
			t0 := time.Now()
			res, err := od.s.SweepNorms(ctx, at)
			if err != nil {
				b.Fatal(err)
			}
			first := time.Since(t0)
			t1 := time.Now()
			again, err := od.s.SweepNorms(ctx, at)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(first.Seconds(), "sweep_s")
			b.ReportMetric(float64(res.Breached), "breached")
			b.ReportMetric(float64(res.N5Created), "n5_created")
			b.ReportMetric(time.Since(t1).Seconds(), "idle_sweep_s")
			b.Logf("%d zaken: sweep at %s breached %d norms (%v), started %d N5 in %s; a second sweep found %d in %s",
				od.n, date.Today(at), res.Breached, res.BreachedBy, res.N5Created, first.Round(time.Millisecond),
				again.Breached, time.Since(t1).Round(time.Millisecond))
			at = at.AddDate(0, 0, 30) // a later day for the next iteration
		}
	})
}
