// Package jobs is Loket's durable background work: a job queue and a
// scheduler in the application's own database, built on River.
//
// A job is enqueued in the same transaction as the change that causes it
// (EnqueueTx), so a committed change always gets its job — even when the
// process dies right after the commit — and a rolled-back change never does.
//
// Per engine:
//
//   - SQLite: River's riversqlite driver over d.W, the single writer
//     connection. River has to share it: a second writer would only meet
//     SQLITE_BUSY. Every River statement therefore waits its turn behind the
//     application's write transactions, as any other writer does.
//   - PostgreSQL: the working client runs on riverpgxv5 over d.PG (it needs
//     pgx for LISTEN/NOTIFY and batch operations); inserting in the
//     application's *sql.Tx goes through a second, insert-only client on
//     riverdatabasesql over d.W, because a *sql.Tx cannot be turned into a
//     pgx.Tx.
//
// On SQLite, River's own statements (leader re-election, fetching,
// completing) wait behind the application's write transactions and give up
// after 5–10 s, logging errors and stepping down as leader until the writer
// is free again; they recover by themselves. Keep write transactions short —
// they block every other writer anyway.
//
// A Queue that is never started still enqueues: the jobs wait in the table
// for the next started Queue on the same database. Domain tests use exactly
// that instead of a test double.
package jobs

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivertype"

	"github.com/gemeenten/loket/internal/db"
)

// Config tunes a Queue. The zero value is usable.
type Config struct {
	// Workers is how many jobs run at the same time in this process
	// (default 32). Jobs mostly wait (on a commit, on a subscriber's
	// answer), so many cost little; too few let the notification
	// deliveries of a busy intake fall behind, and let a few slow
	// subscribers hold up every other job.
	Workers int
	// PollInterval is how often the queue looks for due jobs when no insert
	// notification arrives: scheduled jobs and retries are found this way
	// (default 1s).
	PollInterval time.Duration
	// JobTimeout bounds one attempt of a job unless its worker says
	// otherwise through Timeout (default 1 minute).
	JobTimeout time.Duration
	// FetchCooldown is the least time between two fetches of jobs (default
	// 20 ms). A fetch takes at most as many jobs as there are free workers,
	// so Workers / FetchCooldown bounds how many jobs a second the queue
	// can start: River's default of 100 ms with 4 workers let a backlog
	// drain at 40 jobs a second whatever the jobs cost, far behind an
	// intake of hundreds of zaken a second, each with its letter and
	// notification jobs.
	FetchCooldown time.Duration
}

const (
	defaultWorkers       = 32
	defaultFetchCooldown = 20 * time.Millisecond
)

// Enqueuer is what domain packages depend on: they queue their follow-up
// work in the transaction of the change that causes it.
type Enqueuer interface {
	EnqueueTx(ctx context.Context, tx *sql.Tx, args river.JobArgs, opts *river.InsertOpts) error
}

// MaxAttempter may be implemented by a worker to give its kind of job a
// number of attempts other than River's default (25). It applies to jobs
// enqueued after AddWorker; explicit InsertOpts and the args' own
// InsertOpts take precedence.
type MaxAttempter interface {
	MaxAttempts() int
}

// Queue is the job queue of one process.
type Queue struct {
	d   *db.DB
	log *slog.Logger
	cfg Config

	// ins inserts into the application's *sql.Tx; it is never started.
	ins *river.Client[*sql.Tx]
	// list reads for List: on SQLite it uses the read pool, so a beheerder
	// looking at jobs does not queue behind the writer.
	list *river.Client[*sql.Tx]

	// lastNotify is when a plain insert last woke the workers (insert.go).
	lastNotify atomic.Int64

	mu       sync.Mutex
	workers  *river.Workers
	nworkers int
	periodic []*river.PeriodicJob
	run      runner // the working client, once started
	stopped  bool

	// maxAttempts has its own lock: River's periodic enqueuer reads it while
	// Start may still hold mu.
	attemptsMu  sync.RWMutex
	maxAttempts map[string]int
}

// runner is what the working client offers, whatever its transaction type.
type runner interface {
	Start(ctx context.Context) error
	Stop(ctx context.Context) error
	StopAndCancel(ctx context.Context) error
}

var _ runner = (*river.Client[pgx.Tx])(nil)

// New prepares a queue on d. It can enqueue and list at once; it works jobs
// only after Start. The database must be migrated (d.Migrate creates River's
// tables).
func New(d *db.DB, log *slog.Logger, cfg Config) (*Queue, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if cfg.Workers <= 0 {
		cfg.Workers = defaultWorkers
	}
	if cfg.PollInterval <= 0 {
		cfg.PollInterval = river.FetchPollIntervalDefault
	}
	if cfg.JobTimeout <= 0 {
		cfg.JobTimeout = river.JobTimeoutDefault
	}
	if cfg.FetchCooldown <= 0 {
		cfg.FetchCooldown = defaultFetchCooldown
	}
	q := &Queue{
		d:           d,
		log:         log.With("component", "jobs"),
		cfg:         cfg,
		workers:     river.NewWorkers(),
		maxAttempts: map[string]int{},
	}
	// Insert-only clients (no Queues, no Workers) skip River's check that a
	// worker exists for the kind: the process that enqueues need not be the
	// one that works.
	base := &river.Config{Logger: q.log}
	var err error
	switch d.Engine {
	case db.SQLite:
		if q.ins, err = river.NewClient(riversqlite.New(d.W), base); err != nil {
			return nil, fmt.Errorf("job queue: %w", err)
		}
		if q.list, err = river.NewClient(riversqlite.New(d.R), base); err != nil {
			return nil, fmt.Errorf("job queue: %w", err)
		}
	case db.Postgres:
		if d.PG == nil {
			return nil, errors.New("job queue: PostgreSQL database without a pgx pool")
		}
		if q.ins, err = river.NewClient(riverdatabasesql.New(d.W), base); err != nil {
			return nil, fmt.Errorf("job queue: %w", err)
		}
		q.list = q.ins
	default:
		return nil, fmt.Errorf("job queue: unknown database engine %q", d.Engine)
	}
	return q, nil
}

// AddWorker registers the worker for jobs of kind T. Call it before Start;
// registering a kind twice, or after Start, is a programming error and
// panics.
func AddWorker[T river.JobArgs](q *Queue, w river.Worker[T]) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.run != nil || q.stopped {
		panic("jobs: AddWorker after Start")
	}
	river.AddWorker(q.workers, w)
	q.nworkers++
	if m, ok := w.(MaxAttempter); ok && m.MaxAttempts() > 0 {
		var args T
		q.attemptsMu.Lock()
		q.maxAttempts[args.Kind()] = m.MaxAttempts()
		q.attemptsMu.Unlock()
	}
}

// Periodic schedules args every interval, and once right at start when
// runOnStart is set. Only the elected leader among the running queues on a
// database schedules, so several instances do not multiply the work.
// Unless args bring their own UniqueOpts, a job is unique per interval, so a
// restart within the interval does not queue the sweep a second time.
// Call it before Start; a worker for the kind must be registered.
func (q *Queue) Periodic(every time.Duration, args river.JobArgs, runOnStart bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.run != nil || q.stopped {
		panic("jobs: Periodic after Start")
	}
	if every < time.Second {
		panic("jobs: Periodic interval below one second")
	}
	unique := river.UniqueOpts{ByPeriod: every}
	if a, ok := args.(river.JobArgsWithInsertOpts); ok && !isZeroUnique(a.InsertOpts().UniqueOpts) {
		unique = river.UniqueOpts{}
	}
	q.periodic = append(q.periodic, river.NewPeriodicJob(
		river.PeriodicInterval(every),
		func() (river.JobArgs, *river.InsertOpts) {
			return args, q.insertOpts(args, &river.InsertOpts{UniqueOpts: unique})
		},
		&river.PeriodicJobOpts{RunOnStart: runOnStart},
	))
}

func isZeroUnique(u river.UniqueOpts) bool {
	return !u.ByArgs && u.ByPeriod == 0 && !u.ByQueue && u.ByState == nil && !u.ExcludeKind
}

// Start begins working jobs in the background. ctx bounds only the
// start-up: jobs keep running until Stop, so that a cancelled serve context
// does not abort them mid-way — Stop decides how long they may finish.
func (q *Queue) Start(ctx context.Context) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.run != nil || q.stopped {
		return errors.New("job queue: already started")
	}
	if q.nworkers == 0 {
		return errors.New("job queue: no workers registered")
	}
	if err := q.d.W.PingContext(ctx); err != nil {
		return fmt.Errorf("job queue: %w", err)
	}
	cfg := &river.Config{
		Logger:            q.log,
		Queues:            map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: q.cfg.Workers}},
		Workers:           q.workers,
		PeriodicJobs:      q.periodic,
		FetchPollInterval: q.cfg.PollInterval,
		FetchCooldown:     min(q.cfg.FetchCooldown, q.cfg.PollInterval),
		JobTimeout:        q.cfg.JobTimeout,
		ErrorHandler:      errorLogger{q.log},
	}
	var (
		run runner
		err error
	)
	if q.d.Engine == db.Postgres {
		run, err = river.NewClient(riverpgxv5.New(q.d.PG), cfg)
	} else {
		run, err = river.NewClient(riversqlite.New(q.d.W), cfg)
	}
	if err != nil {
		return fmt.Errorf("job queue: %w", err)
	}
	if err := run.Start(context.WithoutCancel(ctx)); err != nil {
		return fmt.Errorf("job queue: start: %w", err)
	}
	q.run = run
	q.log.Info("job queue started", "engine", q.d.Engine, "workers", q.cfg.Workers, "periodic", len(q.periodic))
	return nil
}

// Stop stops fetching jobs and waits for the running ones to finish until
// ctx ends. Jobs still running then are cancelled; River puts a job whose
// context was cancelled by a stop back as available, so the next queue
// works it again. Stop on a queue that never started does nothing.
func (q *Queue) Stop(ctx context.Context) error {
	q.mu.Lock()
	run := q.run
	q.run = nil
	q.stopped = true
	q.mu.Unlock()
	if run == nil {
		return nil
	}
	err := run.Stop(ctx)
	if err == nil {
		q.log.Info("job queue stopped")
		return nil
	}
	if ctx.Err() == nil {
		return fmt.Errorf("job queue: stop: %w", err)
	}
	q.log.Warn("job queue: grace period over, cancelling running jobs")
	cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if err := run.StopAndCancel(cctx); err != nil {
		return fmt.Errorf("job queue: stop and cancel: %w", err)
	}
	return fmt.Errorf("job queue: stop: %w", ctx.Err())
}

// EnqueueTx queues a job in the caller's transaction: it becomes visible to
// workers when tx commits and disappears when tx rolls back. Jobs go to the
// default queue; opts may be nil.
func (q *Queue) EnqueueTx(ctx context.Context, tx *sql.Tx, args river.JobArgs, opts *river.InsertOpts) error {
	opts = q.insertOpts(args, opts)
	if j, ok := plain(args, opts); ok {
		return q.insertPlain(ctx, tx, j)
	}
	if _, err := q.ins.InsertTx(ctx, tx, args, opts); err != nil {
		return fmt.Errorf("enqueue %s: %w", args.Kind(), err)
	}
	return nil
}

// Enqueue queues a job in a transaction of its own. Inside a transaction
// use EnqueueTx: on SQLite, Enqueue would wait for the one writer
// connection that transaction holds.
func (q *Queue) Enqueue(ctx context.Context, args river.JobArgs, opts *river.InsertOpts) error {
	if _, err := q.ins.Insert(ctx, args, q.insertOpts(args, opts)); err != nil {
		return fmt.Errorf("enqueue %s: %w", args.Kind(), err)
	}
	return nil
}

// insertOpts fills MaxAttempts from the worker when neither the caller nor
// the args set it.
func (q *Queue) insertOpts(args river.JobArgs, opts *river.InsertOpts) *river.InsertOpts {
	q.attemptsMu.RLock()
	n := q.maxAttempts[args.Kind()]
	q.attemptsMu.RUnlock()
	if n == 0 || (opts != nil && opts.MaxAttempts != 0) {
		return opts
	}
	if a, ok := args.(river.JobArgsWithInsertOpts); ok && a.InsertOpts().MaxAttempts != 0 {
		return opts
	}
	o := river.InsertOpts{}
	if opts != nil {
		o = *opts
	}
	o.MaxAttempts = n
	return &o
}

// errorLogger reports the failures River gives up on; River itself logs
// every failed attempt at info level. Args are never logged: they may hold
// personal data.
type errorLogger struct{ log *slog.Logger }

func (h errorLogger) HandleError(ctx context.Context, job *rivertype.JobRow, err error) *river.ErrorHandlerResult {
	if job.Attempt >= job.MaxAttempts {
		h.log.ErrorContext(ctx, "job failed for the last time; discarded",
			"job_id", job.ID, "kind", job.Kind, "attempt", job.Attempt, "error", err.Error())
	}
	return nil
}

func (h errorLogger) HandlePanic(ctx context.Context, job *rivertype.JobRow, panicVal any, trace string) *river.ErrorHandlerResult {
	h.log.ErrorContext(ctx, "job panicked",
		"job_id", job.ID, "kind", job.Kind, "attempt", job.Attempt, "panic", fmt.Sprint(panicVal))
	return nil
}
