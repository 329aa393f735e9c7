package jobs_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/riverqueue/river"

	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/db/dbtest"
	"github.com/gemeenten/loket/internal/jobs"
)

// jobRow is what both inserts must agree on, read from River's table.
type jobRow struct {
	Args        map[string]any
	Kind, Queue string
	State       string
	Priority    int
	MaxAttempts int
	Attempt     int
	Metadata    map[string]any
	Due         bool // scheduled_at is not in the future
}

func readJob(t *testing.T, d *db.DB, id int64) jobRow {
	t.Helper()
	q := `SELECT args::text, kind, queue, state::text, priority, max_attempts, attempt, metadata::text,
		scheduled_at <= now() FROM river_job WHERE id = $1`
	if d.Engine == db.SQLite {
		q = `SELECT json(args), kind, queue, state, priority, max_attempts, attempt, json(metadata),
			scheduled_at <= datetime('now', 'subsec') FROM river_job WHERE id = $1`
	}
	var r jobRow
	var args, meta string
	err := d.R.QueryRowContext(context.Background(), q, id).Scan(&args, &r.Kind, &r.Queue, &r.State, &r.Priority,
		&r.MaxAttempts, &r.Attempt, &meta, &r.Due)
	if err != nil {
		t.Fatalf("read job %d: %v", id, err)
	}
	if err := json.Unmarshal([]byte(args), &r.Args); err != nil {
		t.Fatalf("args %q: %v", args, err)
	}
	if err := json.Unmarshal([]byte(meta), &r.Metadata); err != nil {
		t.Fatalf("metadata %q: %v", meta, err)
	}
	return r
}

// A plain job (written by Loket's short insert) and the same job with a tag
// (which goes through River's insert) are the same row but for the tag, and
// River works both.
func TestPlainInsertIsWhatRiverInserts(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		effectsTable(t, d)
		q := newQueue(t, d)
		w := &noteWorker{d: d, done: make(chan int, 2)}
		jobs.AddWorker(q, w)
		enqueueTx(t, d, q, noteArgs{N: 1}, &river.InsertOpts{Priority: 2, MaxAttempts: 7})
		enqueueTx(t, d, q, noteArgs{N: 2}, &river.InsertOpts{Priority: 2, MaxAttempts: 7, Tags: []string{"via-river"}})
		all, err := q.List(context.Background(), jobs.ListFilter{})
		if err != nil || len(all) != 2 {
			t.Fatalf("jobs %+v, %v", all, err)
		}
		viaRiver, plain := readJob(t, d, all[0].ID), readJob(t, d, all[1].ID)
		if plain.Args["n"] != float64(1) || viaRiver.Args["n"] != float64(2) {
			t.Fatalf("args: plain %v, via River %v", plain.Args, viaRiver.Args)
		}
		plain.Args, viaRiver.Args = nil, nil
		// River's SQLite insert leaves a nonce with which it tells a new row
		// from a unique duplicate; it means nothing once the row is written.
		delete(viaRiver.Metadata, "river:unique_nonce")
		want := jobRow{Kind: "test_note", Queue: "default", State: "available", Priority: 2, MaxAttempts: 7,
			Metadata: map[string]any{}, Due: true}
		for name, got := range map[string]jobRow{"plain": plain, "via River": viaRiver} {
			if got.Kind != want.Kind || got.Queue != want.Queue || got.State != want.State || got.Priority != want.Priority ||
				got.MaxAttempts != want.MaxAttempts || got.Attempt != 0 || len(got.Metadata) != 0 || !got.Due {
				t.Errorf("%s job = %+v, want %+v", name, got, want)
			}
		}
		if a, b := all[1].CreatedAt, all[0].CreatedAt; a.IsZero() || b.Sub(a) > time.Minute || a.Sub(b) > time.Minute {
			t.Errorf("created at: plain %v, via River %v", a, b)
		}
		start(t, q)
		got := map[int]bool{receive(t, w.done, "first job"): true, receive(t, w.done, "second job"): true}
		if !got[1] || !got[2] {
			t.Fatalf("worked %v, want both jobs", got)
		}
	})
}

// On PostgreSQL a plain insert wakes the working queue through LISTEN/NOTIFY,
// as River's insert does: the job runs long before the next poll.
func TestPlainInsertWakesTheQueue(t *testing.T) {
	if dbtest.PostgresURL() == "" {
		t.Skip("PostgreSQL only (SQLite has no notifications; River polls there)")
	}
	d := dbtest.New(t, db.Postgres)
	effectsTable(t, d)
	q, err := jobs.New(d, testLog(t), jobs.Config{PollInterval: 10 * time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	w := &noteWorker{d: d, done: make(chan int, 1)}
	jobs.AddWorker(q, w)
	start(t, q)
	time.Sleep(500 * time.Millisecond) // past the fetch that every start makes
	enqueueTx(t, d, q, noteArgs{N: 5}, nil)
	select {
	case n := <-w.done:
		if n != 5 {
			t.Fatalf("worked %d", n)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the job did not run before the next poll: the insert did not notify the queue")
	}
}
