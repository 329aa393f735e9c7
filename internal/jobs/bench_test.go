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

// BenchmarkDrain measures how fast a started queue works off a backlog of
// b.N small jobs, each writing one row in a transaction of its own as real
// jobs do: the rate at which notifications and letters catch up after a
// burst of intake. The queue's own defaults apply (workers, fetch cooldown).
func BenchmarkDrain(b *testing.B) {
	for _, e := range dbtest.Engines() {
		b.Run(string(e), func(b *testing.B) {
			d := dbtest.New(b, e)
			effectsTable(b, d)
			q, err := jobs.New(d, nil, jobs.Config{})
			if err != nil {
				b.Fatal(err)
			}
			w := &noteWorker{d: d, done: make(chan int, b.N)}
			jobs.AddWorker(q, w)
			ctx := context.Background()
			// The backlog goes in beforehand, in transactions of 500.
			for i := 0; i < b.N; i += 500 {
				err := d.Tx(ctx, func(tx *sql.Tx) error {
					for j := i; j < min(i+500, b.N); j++ {
						if err := q.EnqueueTx(ctx, tx, noteArgs{N: j}, nil); err != nil {
							return err
						}
					}
					return nil
				})
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ResetTimer()
			if err := q.Start(ctx); err != nil {
				b.Fatal(err)
			}
			for range b.N {
				<-w.done
			}
			b.StopTimer()
			reportRate(b)
			sctx, cancel := context.WithTimeout(ctx, waitLimit)
			defer cancel()
			if err := q.Stop(sctx); err != nil {
				b.Fatal(err)
			}
			if n := len(effects(b, d)); n != b.N {
				b.Fatalf("%d effects for %d jobs", n, b.N)
			}
		})
	}
}
