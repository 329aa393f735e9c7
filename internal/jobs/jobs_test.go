package jobs_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/db/dbtest"
	"github.com/gemeenten/loket/internal/jobs"
)

// waitLimit is the overall patience of a test; nothing asserts speed.
const waitLimit = 60 * time.Second

func testLog(t testing.TB) *slog.Logger {
	if testing.Verbose() {
		return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	}
	return slog.New(slog.DiscardHandler)
}

func newQueue(t testing.TB, d *db.DB) *jobs.Queue {
	t.Helper()
	q, err := jobs.New(d, testLog(t), jobs.Config{PollInterval: 100 * time.Millisecond})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return q
}

func start(t *testing.T, q *jobs.Queue) {
	t.Helper()
	if err := q.Start(context.Background()); err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
		defer cancel()
		if err := q.Stop(ctx); err != nil {
			t.Errorf("Stop: %v", err)
		}
	})
}

// noteArgs is a job that records its N in the effects table.
type noteArgs struct {
	N int `json:"n"`
}

func (noteArgs) Kind() string { return "test_note" }

// noteWorker writes through the application's writer in its own
// transaction, as real jobs do, and reports each N it worked.
type noteWorker struct {
	river.WorkerDefaults[noteArgs]
	d    *db.DB
	done chan int
}

func (w *noteWorker) Work(ctx context.Context, job *river.Job[noteArgs]) error {
	err := w.d.Tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO jobs_test_effects (n) VALUES ($1)`, job.Args.N)
		return err
	})
	if err != nil {
		return err
	}
	w.done <- job.Args.N
	return nil
}

func effectsTable(t testing.TB, d *db.DB) {
	t.Helper()
	if _, err := d.W.ExecContext(context.Background(), `CREATE TABLE jobs_test_effects (n INTEGER NOT NULL)`); err != nil {
		t.Fatalf("create effects table: %v", err)
	}
}

func effects(t testing.TB, d *db.DB) []int {
	t.Helper()
	rows, err := d.W.QueryContext(context.Background(), `SELECT n FROM jobs_test_effects ORDER BY n`)
	if err != nil {
		t.Fatalf("read effects: %v", err)
	}
	defer rows.Close()
	var out []int
	for rows.Next() {
		var n int
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		out = append(out, n)
	}
	return out
}

func enqueueTx(t testing.TB, d *db.DB, q jobs.Enqueuer, args river.JobArgs, opts *river.InsertOpts) {
	t.Helper()
	err := d.Tx(context.Background(), func(tx *sql.Tx) error {
		return q.EnqueueTx(context.Background(), tx, args, opts)
	})
	if err != nil {
		t.Fatalf("EnqueueTx: %v", err)
	}
}

func receive[T any](t *testing.T, ch <-chan T, what string) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(waitLimit):
		t.Fatalf("timed out waiting for %s", what)
		panic("unreachable")
	}
}

// waitFor polls List until cond holds for the jobs of kind.
func waitFor(t *testing.T, q *jobs.Queue, kind string, what string, cond func([]jobs.JobInfo) bool) []jobs.JobInfo {
	t.Helper()
	deadline := time.Now().Add(waitLimit)
	for {
		js, err := q.List(context.Background(), jobs.ListFilter{Kinds: []string{kind}})
		if err != nil {
			t.Fatalf("List: %v", err)
		}
		if cond(js) {
			return js
		}
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s; jobs: %+v", what, js)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func allIn(state jobs.State) func([]jobs.JobInfo) bool {
	return func(js []jobs.JobInfo) bool {
		for _, j := range js {
			if j.State != state {
				return false
			}
		}
		return len(js) > 0
	}
}

func TestCommittedJobRuns(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		effectsTable(t, d)
		q := newQueue(t, d)
		w := &noteWorker{d: d, done: make(chan int, 10)}
		jobs.AddWorker(q, w)
		start(t, q)

		enqueueTx(t, d, q, noteArgs{N: 7}, nil)
		if n := receive(t, w.done, "the job"); n != 7 {
			t.Fatalf("worked N=%d, want 7", n)
		}
		js := waitFor(t, q, "test_note", "completion", allIn(rivertype.JobStateCompleted))
		if len(js) != 1 || js[0].Attempt != 1 {
			t.Fatalf("jobs = %+v, want one completed job after one attempt", js)
		}
		if got := effects(t, d); len(got) != 1 || got[0] != 7 {
			t.Fatalf("effects = %v, want [7]", got)
		}
	})
}

func TestEnqueueOutsideTransactionRuns(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		effectsTable(t, d)
		q := newQueue(t, d)
		w := &noteWorker{d: d, done: make(chan int, 10)}
		jobs.AddWorker(q, w)
		start(t, q)
		if err := q.Enqueue(context.Background(), noteArgs{N: 3}, nil); err != nil {
			t.Fatalf("Enqueue: %v", err)
		}
		if n := receive(t, w.done, "the job"); n != 3 {
			t.Fatalf("worked N=%d, want 3", n)
		}
	})
}

func TestRolledBackJobNeverRuns(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		effectsTable(t, d)
		q := newQueue(t, d)
		w := &noteWorker{d: d, done: make(chan int, 10)}
		jobs.AddWorker(q, w)
		start(t, q)

		errAbort := errors.New("abort")
		err := d.Tx(context.Background(), func(tx *sql.Tx) error {
			if err := q.EnqueueTx(context.Background(), tx, noteArgs{N: 1}, nil); err != nil {
				return err
			}
			return errAbort
		})
		if !errors.Is(err, errAbort) {
			t.Fatalf("Tx = %v, want the abort", err)
		}
		// A job committed after the rolled-back one: once it has run, the
		// queue has had every chance to run the other.
		enqueueTx(t, d, q, noteArgs{N: 2}, nil)
		if n := receive(t, w.done, "the committed job"); n != 2 {
			t.Fatalf("worked N=%d first, want the committed job 2", n)
		}
		js := waitFor(t, q, "test_note", "completion", allIn(rivertype.JobStateCompleted))
		if len(js) != 1 {
			t.Fatalf("jobs = %+v, want only the committed one", js)
		}
		if got := effects(t, d); len(got) != 1 || got[0] != 2 {
			t.Fatalf("effects = %v, want [2]", got)
		}
	})
}

// flakyArgs fails its first Failures attempts.
type flakyArgs struct {
	Failures int `json:"failures"`
}

func (flakyArgs) Kind() string { return "test_flaky" }

type flakyWorker struct {
	river.WorkerDefaults[flakyArgs]
	attempts chan int
	done     chan int
}

func (w *flakyWorker) Work(ctx context.Context, job *river.Job[flakyArgs]) error {
	w.attempts <- job.Attempt
	if job.Attempt <= job.Args.Failures {
		return fmt.Errorf("attempt %d fails on purpose", job.Attempt)
	}
	w.done <- job.Attempt
	return nil
}

// NextRetry keeps the test short; production workers keep River's
// exponential backoff.
func (w *flakyWorker) NextRetry(*river.Job[flakyArgs]) time.Time {
	return time.Now().Add(10 * time.Millisecond)
}

func TestFailingJobIsRetriedThenSucceeds(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		q := newQueue(t, d)
		w := &flakyWorker{attempts: make(chan int, 10), done: make(chan int, 1)}
		jobs.AddWorker(q, w)
		start(t, q)

		enqueueTx(t, d, q, flakyArgs{Failures: 2}, nil)
		if a := receive(t, w.done, "the successful attempt"); a != 3 {
			t.Fatalf("succeeded at attempt %d, want 3", a)
		}
		js := waitFor(t, q, "test_flaky", "completion", allIn(rivertype.JobStateCompleted))
		if len(js[0].Errors) != 2 || js[0].Errors[0].Error != "attempt 1 fails on purpose" || js[0].Errors[1].Attempt != 2 {
			t.Fatalf("errors = %+v, want the two failed attempts", js[0].Errors)
		}
	})
}

// limitedWorker always fails and allows two attempts.
type limitedWorker struct{ flakyWorker }

func (limitedWorker) MaxAttempts() int { return 2 }

func TestWorkerMaxAttemptsDiscardsAfterLastAttempt(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		q := newQueue(t, d)
		w := &limitedWorker{flakyWorker{attempts: make(chan int, 10), done: make(chan int, 1)}}
		jobs.AddWorker[flakyArgs](q, w)
		start(t, q)

		enqueueTx(t, d, q, flakyArgs{Failures: 100}, nil)
		js := waitFor(t, q, "test_flaky", "discard", allIn(rivertype.JobStateDiscarded))
		if js[0].MaxAttempts != 2 || js[0].Attempt != 2 || len(js[0].Errors) != 2 || js[0].FinalizedAt == nil {
			t.Fatalf("job = %+v, want discarded after 2 attempts", js[0])
		}

		// An explicit option wins over the worker's default.
		enqueueTx(t, d, q, flakyArgs{Failures: 100}, &river.InsertOpts{MaxAttempts: 1})
		js = waitFor(t, q, "test_flaky", "discard", func(js []jobs.JobInfo) bool { return len(js) == 2 && allIn(rivertype.JobStateDiscarded)(js) })
		if js[0].MaxAttempts != 1 || len(js[0].Errors) != 1 {
			t.Fatalf("job = %+v, want discarded after 1 attempt", js[0])
		}
	})
}

func TestUniqueJobIsQueuedOnce(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		q := newQueue(t, d) // never started: the jobs wait in the table
		opts := &river.InsertOpts{UniqueOpts: river.UniqueOpts{ByArgs: true}}
		enqueueTx(t, d, q, noteArgs{N: 1}, opts)
		enqueueTx(t, d, q, noteArgs{N: 1}, opts)
		if err := q.Enqueue(context.Background(), noteArgs{N: 1}, opts); err != nil {
			t.Fatalf("Enqueue: %v", err)
		}
		enqueueTx(t, d, q, noteArgs{N: 2}, opts)
		js, err := q.List(context.Background(), jobs.ListFilter{Kinds: []string{"test_note"}})
		if err != nil {
			t.Fatal(err)
		}
		if len(js) != 2 {
			t.Fatalf("jobs = %+v, want one per distinct args", js)
		}
		for _, j := range js {
			if j.State != rivertype.JobStateAvailable {
				t.Fatalf("job %d is %s, want available in a queue never started", j.ID, j.State)
			}
		}
	})
}

// reopen closes d and opens the same database again, as a restarted
// process would.
func reopen(t *testing.T, d *db.DB) *db.DB {
	t.Helper()
	dsn := d.Path
	if d.Engine == db.Postgres {
		dsn = d.PG.Config().ConnString()
	}
	if err := d.Close(); err != nil {
		t.Fatalf("close: %v", err)
	}
	d2, err := db.Open(context.Background(), dsn)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	t.Cleanup(func() { d2.Close() })
	return d2
}

func TestJobSurvivesRestart(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		effectsTable(t, d)
		a := newQueue(t, d)
		jobs.AddWorker(a, &noteWorker{d: d, done: make(chan int, 10)})
		enqueueTx(t, d, a, noteArgs{N: 42}, nil)
		// Queue A never started: the "process" stops before working it.

		d2 := reopen(t, d)
		b := newQueue(t, d2)
		w := &noteWorker{d: d2, done: make(chan int, 10)}
		jobs.AddWorker(b, w)
		start(t, b)
		if n := receive(t, w.done, "the job from before the restart"); n != 42 {
			t.Fatalf("worked N=%d, want 42", n)
		}
	})
}

// sweepArgs is a periodic job.
type sweepArgs struct{}

func (sweepArgs) Kind() string { return "test_sweep" }

type markerArgs struct{}

func (markerArgs) Kind() string { return "test_marker" }

type signalWorker[T river.JobArgs] struct {
	river.WorkerDefaults[T]
	done chan struct{}
}

func (w *signalWorker[T]) Work(context.Context, *river.Job[T]) error {
	w.done <- struct{}{}
	return nil
}

func TestPeriodicJobRunsOnStartOncePerInterval(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		// River keeps a periodic job unique per period of the wall clock
		// (10:00–11:00, …): two starts on either side of the hour may each
		// queue it, as they should. Start well inside an hour.
		if left := time.Until(time.Now().Truncate(time.Hour).Add(time.Hour)); left < 30*time.Second {
			time.Sleep(left + time.Second)
		}
		q := newQueue(t, d)
		sweeps := &signalWorker[sweepArgs]{done: make(chan struct{}, 10)}
		jobs.AddWorker(q, sweeps)
		q.Periodic(time.Hour, sweepArgs{}, true)
		start(t, q)
		receive(t, sweeps.done, "the periodic job run on start")
		waitFor(t, q, "test_sweep", "completion", allIn(rivertype.JobStateCompleted))
		ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
		defer cancel()
		if err := q.Stop(ctx); err != nil {
			t.Fatalf("Stop: %v", err)
		}

		// A restart within the hour schedules the sweep again on start, but
		// it is not queued a second time. The marker is scheduled in the
		// same batch, so once it ran the sweep's insert has been tried.
		q2 := newQueue(t, d)
		sweeps2 := &signalWorker[sweepArgs]{done: make(chan struct{}, 10)}
		markers := &signalWorker[markerArgs]{done: make(chan struct{}, 10)}
		jobs.AddWorker(q2, sweeps2)
		jobs.AddWorker(q2, markers)
		q2.Periodic(time.Hour, sweepArgs{}, true)
		q2.Periodic(time.Hour, markerArgs{}, true)
		start(t, q2)
		receive(t, markers.done, "the marker job")
		js, err := q2.List(context.Background(), jobs.ListFilter{Kinds: []string{"test_sweep"}})
		if err != nil {
			t.Fatal(err)
		}
		if len(js) != 1 {
			t.Fatalf("sweep jobs = %+v, want the one from the first start only", js)
		}
	})
}

// blockingArgs is a job that runs until released or cancelled.
type blockingArgs struct{}

func (blockingArgs) Kind() string { return "test_blocking" }

type blockingWorker struct {
	river.WorkerDefaults[blockingArgs]
	started   chan struct{}
	release   chan struct{}
	finished  atomic.Bool
	cancelled atomic.Bool
	obeyCtx   bool
}

func (w *blockingWorker) Work(ctx context.Context, job *river.Job[blockingArgs]) error {
	w.started <- struct{}{}
	if w.obeyCtx {
		select {
		case <-w.release:
		case <-ctx.Done():
			w.cancelled.Store(true)
			return ctx.Err()
		}
	} else {
		<-w.release
	}
	w.finished.Store(true)
	return nil
}

func TestStopWaitsForRunningJob(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		q := newQueue(t, d)
		w := &blockingWorker{started: make(chan struct{}, 1), release: make(chan struct{}), obeyCtx: true}
		jobs.AddWorker(q, w)
		if err := q.Start(context.Background()); err != nil {
			t.Fatal(err)
		}
		enqueueTx(t, d, q, blockingArgs{}, nil)
		receive(t, w.started, "the job to start")

		stopped := make(chan error, 1)
		go func() {
			ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
			defer cancel()
			stopped <- q.Stop(ctx)
		}()
		// Give a wrong Stop the chance to return before the job finished.
		time.Sleep(200 * time.Millisecond)
		select {
		case err := <-stopped:
			t.Fatalf("Stop returned (%v) while the job was still running", err)
		default:
		}
		close(w.release)
		if err := receive(t, stopped, "Stop"); err != nil {
			t.Fatalf("Stop: %v", err)
		}
		if w.cancelled.Load() || !w.finished.Load() {
			t.Fatalf("job cancelled=%v finished=%v when Stop returned, want it left to finish", w.cancelled.Load(), w.finished.Load())
		}
		js, err := q.List(context.Background(), jobs.ListFilter{Kinds: []string{"test_blocking"}})
		if err != nil {
			t.Fatal(err)
		}
		if len(js) != 1 || js[0].State != rivertype.JobStateCompleted {
			t.Fatalf("jobs = %+v, want the job completed by the time Stop returned", js)
		}
	})
}

func TestStopCancelsJobAfterGracePeriodAndNextQueueRunsIt(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		q := newQueue(t, d)
		w := &blockingWorker{started: make(chan struct{}, 1), release: make(chan struct{}), obeyCtx: true}
		jobs.AddWorker(q, w)
		if err := q.Start(context.Background()); err != nil {
			t.Fatal(err)
		}
		enqueueTx(t, d, q, blockingArgs{}, nil)
		receive(t, w.started, "the job to start")

		ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
		defer cancel()
		if err := q.Stop(ctx); !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("Stop = %v, want the grace period exceeded", err)
		}
		if !w.cancelled.Load() {
			t.Fatal("the running job was not cancelled")
		}

		q2 := newQueue(t, d)
		w2 := &blockingWorker{started: make(chan struct{}, 1), release: make(chan struct{})}
		close(w2.release)
		jobs.AddWorker(q2, w2)
		start(t, q2)
		receive(t, w2.started, "the interrupted job to run again")
		js := waitFor(t, q2, "test_blocking", "completion", allIn(rivertype.JobStateCompleted))
		if len(js) != 1 {
			t.Fatalf("jobs = %+v, want the one job", js)
		}
	})
}

// While the application holds the SQLite writer in a transaction, River's
// pollers wait for it; enqueueing in that transaction must not wait for
// them.
func TestEnqueueTxWhileTransactionHoldsWriter(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		effectsTable(t, d)
		q := newQueue(t, d)
		w := &noteWorker{d: d, done: make(chan int, 100)}
		jobs.AddWorker(q, w)
		start(t, q)

		ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
		defer cancel()
		const n = 5
		var wg sync.WaitGroup
		errs := make(chan error, n)
		for i := range n {
			wg.Go(func() {
				errs <- d.Tx(ctx, func(tx *sql.Tx) error {
					if _, err := tx.ExecContext(ctx, `INSERT INTO jobs_test_effects (n) VALUES ($1)`, -i-1); err != nil {
						return err
					}
					// Hold the writer across several of River's poll intervals.
					time.Sleep(150 * time.Millisecond)
					if err := q.EnqueueTx(ctx, tx, noteArgs{N: i}, nil); err != nil {
						return err
					}
					_, err := tx.ExecContext(ctx, `INSERT INTO jobs_test_effects (n) VALUES ($1)`, 100+i)
					return err
				})
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatalf("transaction: %v", err)
			}
		}
		seen := map[int]bool{}
		for range n {
			seen[receive(t, w.done, "the jobs")] = true
		}
		if len(seen) != n {
			t.Fatalf("worked %v, want %d distinct jobs", seen, n)
		}
	})
}

func TestListFilters(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		q := newQueue(t, d)
		for i := range 5 {
			enqueueTx(t, d, q, noteArgs{N: i}, nil)
		}
		enqueueTx(t, d, q, sweepArgs{}, &river.InsertOpts{ScheduledAt: time.Now().Add(time.Hour)})
		ctx := context.Background()

		all, err := q.List(ctx, jobs.ListFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(all) != 6 || all[0].Kind != "test_sweep" || all[0].ID <= all[1].ID {
			t.Fatalf("all = %+v, want 6 jobs newest first", all)
		}
		if all[0].State != rivertype.JobStateScheduled || !all[0].ScheduledAt.After(time.Now().Add(50*time.Minute)) {
			t.Fatalf("scheduled job = %+v", all[0])
		}
		page, err := q.List(ctx, jobs.ListFilter{Kinds: []string{"test_note"}, BeforeID: all[2].ID, Limit: 2})
		if err != nil {
			t.Fatal(err)
		}
		if len(page) != 2 || page[0].ID != all[3].ID || page[1].ID != all[4].ID {
			t.Fatalf("page = %+v, want the 2 jobs after %d", page, all[2].ID)
		}
		avail, err := q.List(ctx, jobs.ListFilter{States: []jobs.State{rivertype.JobStateAvailable}})
		if err != nil {
			t.Fatal(err)
		}
		if len(avail) != 5 {
			t.Fatalf("available = %d jobs, want 5", len(avail))
		}
	})
}

func TestStartWithoutWorkersFails(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		q := newQueue(t, d)
		if err := q.Start(context.Background()); err == nil {
			q.Stop(context.Background())
			t.Fatal("Start without workers succeeded")
		}
		if err := q.Stop(context.Background()); err != nil {
			t.Fatalf("Stop of a queue never started: %v", err)
		}
	})
}
