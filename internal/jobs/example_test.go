package jobs_test

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"time"

	"github.com/riverqueue/river"

	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/jobs"
)

// SendLetterArgs is what a domain package queues: ids, not personal data.
type SendLetterArgs struct {
	ZaakID string `json:"zaak_id"`
}

func (SendLetterArgs) Kind() string { return "send_letter" }

type SendLetterWorker struct {
	river.WorkerDefaults[SendLetterArgs]
}

func (w *SendLetterWorker) Work(ctx context.Context, job *river.Job[SendLetterArgs]) error {
	// Load the zaak, render and send; an error retries with backoff.
	return nil
}

// MaxAttempts gives up after 10 attempts instead of River's 25.
func (w *SendLetterWorker) MaxAttempts() int { return 10 }

type DeadlineSweepArgs struct{}

func (DeadlineSweepArgs) Kind() string { return "deadline_sweep" }

// Wiring at start-up: register workers and schedules, then Start; Stop on
// shutdown with a grace period.
func Example() {
	ctx := context.Background()
	d, err := db.Open(ctx, "loket-data/example.db")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer d.Close()
	if err := d.Migrate(ctx, nil); err != nil {
		fmt.Println(err)
		return
	}
	q, err := jobs.New(d, slog.Default(), jobs.Config{Workers: 4})
	if err != nil {
		fmt.Println(err)
		return
	}
	jobs.AddWorker(q, &SendLetterWorker{})
	jobs.AddWorker(q, river.WorkFunc(func(ctx context.Context, job *river.Job[DeadlineSweepArgs]) error { return nil }))
	q.Periodic(15*time.Minute, DeadlineSweepArgs{}, true)
	if err := q.Start(ctx); err != nil {
		fmt.Println(err)
		return
	}
	defer func() {
		stopCtx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		q.Stop(stopCtx)
	}()

	// In a domain package, which depends on jobs.Enqueuer only: the letter
	// is queued in the transaction that registers the zaak.
	var enq jobs.Enqueuer = q
	err = d.Tx(ctx, func(tx *sql.Tx) error {
		// ... insert the zaak ...
		return enq.EnqueueTx(ctx, tx, SendLetterArgs{ZaakID: "a-zaak-id"}, nil)
	})
	fmt.Println(err)
}
