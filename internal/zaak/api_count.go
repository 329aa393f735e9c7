package zaak

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gemeenten/loket/internal/db"
)

// The Zaken API answers every list page with the exact number of matches
// (the standard's `count`, which clients page with). For a broad filter —
// all zaken of a zaaktype, everything since a date — that count walks tens
// of thousands of index entries, far more work than the page itself. The
// counts are therefore cached, and a cached count is never older than the
// last committed change to a zaak in this process:
//
//   - every change to a zaak or its parts goes through auditor.emit inside
//     its transaction; emit registers db.AfterCommit(tx, bump), so
//     zaakListVersion rises after the commit and before the write is
//     acknowledged to its client;
//   - a count is stored with the version read before its query started. A
//     count whose snapshot predates a commit therefore carries an older
//     version than the bump that follows that commit, and is never served
//     after it. (Bumping inside the transaction would be too early: a
//     reader could still count the old rows under the new version.)
//   - a transaction not begun by db.DB.Tx cannot report its commit; the
//     first such change turns the cache off for the life of the process.
//
// Writes by another process — a `loket` CLI command, a second instance on
// the same PostgreSQL database — do not pass through this process's hook.
// A watcher per database (watchOtherWriters) detects them and bumps the
// version too, within a bounded delay:
//
//   - SQLite: `PRAGMA data_version` on the writer connection changes when
//     any other connection commits (this process writes only through that
//     connection, so its own commits do not count); polled every
//     otherWritersPoll (250 ms).
//   - PostgreSQL: the insert/update/delete counters in pg_stat_all_tables
//     of zaken and of the part tables whose lists are counted (rollen,
//     statussen, resultaten, zaakobjecten, zaak_klantcontacten). Every backend adds to them when its transaction
//     ends and publishes them within about a second (PostgreSQL 15 flushes
//     table statistics at most once a second, later only under heavy lock
//     contention); polled every otherWritersPoll.
//
// So a change by another process shows in this process's counts after at
// most the poll interval plus that publication delay. Whatever happens to
// the watcher, no cached count is older than Service.APICountMaxAge
// (default 60 s). Counts below apiCountMinCached are not cached at all:
// they are cheap to recompute.

// zaakListVersion rises after every committed change to a zaak in this
// process (and once more for each change whose commit cannot be observed).
var zaakListVersion atomic.Uint64

// zaakCountOff is set when a change ran in a transaction whose commit
// cannot be observed; the cache then stays off.
var zaakCountOff atomic.Bool

// noteZaakChange is called inside every transaction that changes a zaak or
// one of its parts.
func noteZaakChange(q db.Queryer) {
	tx := sqlTx(q)
	if tx == nil || !db.AfterCommit(tx, bumpZaakListVersion) {
		zaakCountOff.Store(true)
		bumpZaakListVersion()
	}
}

func bumpZaakListVersion() { zaakListVersion.Add(1) }

const (
	// DefaultAPICountMaxAge bounds the age of a cached count, whatever
	// the watcher of other processes' writes sees.
	DefaultAPICountMaxAge = 60 * time.Second
	// otherWritersPoll is how often the watcher looks for commits by
	// other processes.
	otherWritersPoll = 250 * time.Millisecond
	// apiCountMinCached: counts below this are recomputed every time (an
	// index range this short costs less than the page it belongs to).
	apiCountMinCached = 500
	// apiCountMaxEntries bounds the cache; when full it starts over.
	apiCountMaxEntries = 4096
)

type countKey struct {
	pool  *sql.DB
	query string
	args  string
}

type countEntry struct {
	n       int
	version uint64
	at      time.Time
}

// countCall is a count being computed, which concurrent requests for the
// same count wait for instead of running the same query again.
type countCall struct {
	version uint64
	done    chan struct{}
	n       int
	err     error
}

type countCache struct {
	mu      sync.Mutex
	entries map[countKey]countEntry
	calls   map[countKey]*countCall
	hits    atomic.Int64
	misses  atomic.Int64
}

var apiCounts = &countCache{entries: map[countKey]countEntry{}, calls: map[countKey]*countCall{}}

// APICountStats reports how many API list counts came from the cache and
// how many were computed, since the start of the process (for benchmarks).
func APICountStats() (hits, misses int64) { return apiCounts.hits.Load(), apiCounts.misses.Load() }

func argsKey(args []any) string {
	var b strings.Builder
	for _, a := range args {
		fmt.Fprintf(&b, "%v\x00", a)
	}
	return b.String()
}

func (s *Service) countMaxAge() time.Duration {
	if s.APICountMaxAge == 0 {
		return DefaultAPICountMaxAge
	}
	return s.APICountMaxAge
}

// apiCount returns the exact result of a COUNT(*) query, from the cache
// when no zaak has changed since it was computed.
func (s *Service) apiCount(ctx context.Context, query string, args []any) (int, error) {
	maxAge := s.countMaxAge()
	if maxAge < 0 || zaakCountOff.Load() {
		return s.countNow(ctx, query, args)
	}
	watchOtherWriters(s.DB)
	c := apiCounts
	k := countKey{s.DB.R, query, argsKey(args)}
	// The version is read before the query starts, so that the count it
	// is stored with can only be older than the rows it counted.
	v := zaakListVersion.Load()
	now := s.now()
	c.mu.Lock()
	if e, ok := c.entries[k]; ok && e.version == v && now.Sub(e.at) < maxAge && !now.Before(e.at) {
		c.mu.Unlock()
		c.hits.Add(1)
		return e.n, nil
	}
	if call, ok := c.calls[k]; ok && call.version == v {
		c.mu.Unlock()
		select {
		case <-call.done:
		case <-ctx.Done():
			return 0, ctx.Err()
		}
		if call.err == nil {
			c.hits.Add(1)
			return call.n, nil
		}
		return s.countNow(ctx, query, args)
	}
	call := &countCall{version: v, done: make(chan struct{})}
	c.calls[k] = call
	c.mu.Unlock()
	c.misses.Add(1)

	call.n, call.err = s.countNow(ctx, query, args)
	c.mu.Lock()
	if c.calls[k] == call {
		delete(c.calls, k)
	}
	if call.err == nil && call.n >= apiCountMinCached {
		if len(c.entries) >= apiCountMaxEntries {
			clear(c.entries)
		}
		c.entries[k] = countEntry{n: call.n, version: v, at: now}
	}
	c.mu.Unlock()
	close(call.done)
	return call.n, call.err
}

func (s *Service) countNow(ctx context.Context, query string, args []any) (int, error) {
	var n int
	if err := s.readRow(ctx, query, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("zaak: api count: %w", err)
	}
	return n, nil
}

// watchers holds the databases whose watcher runs.
var watchers sync.Map // *db.DB → chan struct{}, closed once the first reading is taken

// watchOtherWriters starts, once per database, the goroutine that bumps
// zaakListVersion when another process commits a change (see the top of
// this file). It ends when the database is closed.
func watchOtherWriters(d *db.DB) {
	ready := make(chan struct{})
	if w, running := watchers.LoadOrStore(d, ready); running {
		<-w.(chan struct{}) // until its first reading is taken
		return
	}
	defer close(ready)
	q, probe := d.W, `PRAGMA data_version`
	if d.Engine == db.Postgres {
		q, probe = d.R, `SELECT COALESCE(SUM(n_tup_ins + n_tup_upd + n_tup_del), 0) FROM pg_stat_all_tables
			WHERE schemaname = current_schema() AND relname IN ('zaken', 'rollen', 'statussen', 'resultaten',
			'zaakobjecten', 'zaak_klantcontacten')`
	}
	read := func() (int64, error) {
		var v int64
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		err := q.QueryRowContext(ctx, probe).Scan(&v)
		return v, err
	}
	// The first reading is taken before any count is cached, so that a
	// commit right after it is a change.
	last, err := read()
	if err != nil {
		last = -1
	}
	go func() {
		defer watchers.Delete(d)
		t := time.NewTicker(otherWritersPoll)
		defer t.Stop()
		for range t.C {
			v, err := read()
			if err != nil {
				// Not knowing is treated as a change. A closed database
				// ends the watcher.
				bumpZaakListVersion()
				if strings.Contains(err.Error(), "database is closed") {
					return
				}
				last = -1
				continue
			}
			if last >= 0 && v != last {
				bumpZaakListVersion()
			}
			last = v
		}
	}()
}
