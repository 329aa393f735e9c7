package jobs

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/riverqueue/river"

	"github.com/gemeenten/loket/internal/db"
)

// Most jobs are plain: no uniqueness, no schedule, no tags or metadata. They
// are written with one short INSERT into River's table instead of through
// River's insert, which serves every option with one generic statement: a
// bulk INSERT … SELECT over unnested arrays (PostgreSQL, each parameter
// converted through database/sql) or over json_each, prepared anew on every
// call (SQLite). On the POST /zaken path that generic insert was 16 % of
// loket's CPU on PostgreSQL and 24 % on SQLite. River documents its table as
// the interface for inserting from other languages; the columns written here
// are the ones River's own insert fills, with the same defaults, and the
// tests check that River works the jobs written this way.
//
// Anything else (unique jobs, a schedule, a pending job, tags, metadata)
// still goes through River.

// plainJob is a job that may take the short insert.
type plainJob struct {
	kind        string
	args        []byte
	queue       string
	priority    int
	maxAttempts int
}

// plain merges the options as River does (the call's over the args' own
// over the defaults) and says whether the result is plain.
func plain(args river.JobArgs, opts *river.InsertOpts) (plainJob, bool) {
	j := plainJob{kind: args.Kind(), queue: river.QueueDefault, priority: river.PriorityDefault,
		maxAttempts: river.MaxAttemptsDefault}
	apply := func(o *river.InsertOpts) bool {
		if o == nil {
			return true
		}
		if o.Pending || !o.ScheduledAt.IsZero() || len(o.Tags) > 0 || len(o.Metadata) > 0 || !isZeroUnique(o.UniqueOpts) {
			return false
		}
		if o.Queue != "" {
			j.queue = o.Queue
		}
		if o.Priority != 0 {
			j.priority = o.Priority
		}
		if o.MaxAttempts != 0 {
			j.maxAttempts = o.MaxAttempts
		}
		return true
	}
	if a, ok := args.(river.JobArgsWithInsertOpts); ok {
		ao := a.InsertOpts()
		if !apply(&ao) {
			return j, false
		}
	}
	if !apply(opts) {
		return j, false
	}
	// Out-of-range values are River's to refuse, with its own message.
	if j.priority < 1 || j.priority > 4 || j.maxAttempts < 1 || len(j.queue) > 127 {
		return j, false
	}
	var err error
	if j.args, err = json.Marshal(args); err != nil {
		return j, false
	}
	return j, true
}

// insertPlain writes j in tx. On PostgreSQL it also wakes the working queues
// as River's insert does (LISTEN/NOTIFY on <schema>.river_insert), at most
// once per fetch cooldown like River, so a job starts at once rather than at
// the next poll. SQLite has no notifications: there River polls, as it does
// for its own inserts in a transaction.
func (q *Queue) insertPlain(ctx context.Context, tx *sql.Tx, j plainJob) error {
	var err error
	if q.d.Engine == db.Postgres {
		_, err = tx.ExecContext(ctx, `INSERT INTO river_job (args, kind, max_attempts, priority, queue, state)
			VALUES ($1::jsonb, $2, $3, $4, $5, 'available')`, string(j.args), j.kind, j.maxAttempts, j.priority, j.queue)
		if err == nil && q.notifyDue() {
			_, err = tx.ExecContext(ctx, `SELECT pg_notify(current_schema() || '.river_insert', $1)`,
				fmt.Sprintf(`{"queue": %q}`, j.queue))
		}
	} else {
		_, err = tx.ExecContext(ctx, `INSERT INTO river_job (args, kind, max_attempts, priority, queue, state,
			created_at, scheduled_at, tags, metadata)
			VALUES (jsonb($1), $2, $3, $4, $5, 'available', datetime('now', 'subsec'), datetime('now', 'subsec'),
			jsonb('[]'), jsonb('{}'))`, string(j.args), j.kind, j.maxAttempts, j.priority, j.queue)
	}
	if err != nil {
		return fmt.Errorf("enqueue %s: %w", j.kind, err)
	}
	return nil
}

// notifyDue says whether this insert should notify: the first one, and then
// one per cooldown. A notification lost with a rolled-back transaction costs
// at most one poll interval of delay.
func (q *Queue) notifyDue() bool {
	now := time.Now().UnixNano()
	last := q.lastNotify.Load()
	if now-last < int64(q.cfg.FetchCooldown) {
		return false
	}
	return q.lastNotify.CompareAndSwap(last, now)
}
