package jobs_test

import (
	"context"
	"database/sql"
	"testing"

	"github.com/gemeenten/loket/internal/db/dbtest"
	"github.com/gemeenten/loket/internal/jobs"
)

// BenchmarkEnqueueTx measures queueing a job in a transaction of its own —
// the cost a change pays for its follow-up work — one caller at a time and
// with concurrent callers. The queue is not started, so workers do not
// compete for the database.
func BenchmarkEnqueueTx(b *testing.B) {
	for _, e := range dbtest.Engines() {
		b.Run(string(e), func(b *testing.B) {
			d := dbtest.New(b, e)
			q, err := jobs.New(d, nil, jobs.Config{})
			if err != nil {
				b.Fatal(err)
			}
			ctx := context.Background()
			enqueue := func(i int) error {
				return d.Tx(ctx, func(tx *sql.Tx) error {
					return q.EnqueueTx(ctx, tx, noteArgs{N: i}, nil)
				})
			}
			b.Run("serial", func(b *testing.B) {
				i := 0
				for b.Loop() {
					i++
					if err := enqueue(i); err != nil {
						b.Fatal(err)
					}
				}
				reportRate(b)
			})
			b.Run("parallel", func(b *testing.B) {
				b.RunParallel(func(pb *testing.PB) {
					for i := 0; pb.Next(); i++ {
						if err := enqueue(i); err != nil {
							b.Error(err)
							return
						}
					}
				})
				reportRate(b)
			})
			b.StopTimer()
			var n int
			if err := d.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM river_job`).Scan(&n); err != nil {
				b.Fatal(err)
			}
			if n == 0 {
				b.Fatal("no jobs were queued")
			}
		})
	}
}

func reportRate(b *testing.B) {
	if s := b.Elapsed().Seconds(); s > 0 {
		b.ReportMetric(float64(b.N)/s, "jobs/s")
	}
}
