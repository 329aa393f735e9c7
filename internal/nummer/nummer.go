// Package nummer hands out the sequence numbers behind identificaties
// (ZAAK-2026-0000000001, KC-2026-0000000001) on PostgreSQL without making
// concurrent writers wait for each other.
//
// The numbers live in identificatie_seq (scope, jaar, last), which the
// seeder, the demo loaders and the SQLite write path also use. Drawing one
// number per write with an upsert of that row serialises every writer on
// the row lock: inside the writer's transaction the lock is held until its
// commit, and even in an autocommit statement of its own it is held until
// that statement's commit has reached the disk (fdatasync, ≈ 5.5 ms here).
// Either way the row allows one number per commit-flush, about 180 per
// second, whatever the number of writers.
//
// So a process reserves a block of BlockSize numbers at once, in one short
// transaction of its own, and hands them out from memory. One flush then
// serves BlockSize writes. Numbers stay unique (blocks never overlap, also
// between processes, since each reservation moves identificatie_seq.last
// past its block); they are not gapless — the unused rest of a block is lost
// when the process stops — and, with several processes, not in the order
// the writes happened. Both are acceptable for identificaties; uniqueness
// and the format are what the standard asks.
//
// SQLite has a single writer, so a draw inside the writer's transaction
// waits for nobody; its callers keep doing that.
package nummer

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"weak"

	"github.com/gemeenten/loket/internal/db"
)

// BlockSize is how many numbers one reservation takes. At 500 writes per
// second it is about 16 reservations per second; a restart loses at most
// BlockSize + BlockSize/4 - 1 numbers per scope and year (see Reserve).
const BlockSize = 32

// Next returns the next number of (scope, jaar), reserving a new block when
// the current one is used up. It must not be called while the caller holds
// a transaction on d: a reservation needs a connection of its own and
// commits by itself (with every pool connection held by such callers it
// would wait forever). Inside a transaction use Take, and fall back to an
// in-transaction draw.
func Next(ctx context.Context, d *db.DB, scope string, jaar int) (int64, error) {
	c := blocksOf(d).counter(scope, jaar)
	c.mu.Lock()
	defer c.mu.Unlock()
	// The lock stays held during a reservation: concurrent callers wait
	// for this one block instead of each reserving their own.
	if c.left() == 0 {
		if err := c.reserve(ctx, d, scope, jaar); err != nil {
			return 0, err
		}
	}
	return c.take(), nil
}

// reserveLow is how many numbers Reserve keeps at hand: several
// transactions that were each promised a number by Reserve may then Take
// one without falling back to the locking draw.
const reserveLow = BlockSize / 4

// Reserve makes sure numbers of (scope, jaar) are at hand — at least
// BlockSize/4, reserving a new block when there are fewer — without
// taking one: for a caller about to open a transaction that may need a
// number (and will Take it there). The same rule as for Next: not inside a
// transaction.
func Reserve(ctx context.Context, d *db.DB, scope string, jaar int) error {
	c := blocksOf(d).counter(scope, jaar)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.left() >= reserveLow {
		return nil
	}
	return c.reserve(ctx, d, scope, jaar)
}

// Take returns the next number of (scope, jaar) from the blocks reserved
// already, without touching the database; ok is false when there is none
// left. For callers inside a transaction (see Next).
func Take(d *db.DB, scope string, jaar int) (n int64, ok bool) {
	c := blocksOf(d).counter(scope, jaar)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.left() == 0 {
		return 0, false
	}
	return c.take(), true
}

type numRange struct{ next, last int64 } // empty when next > last

// counter holds the numbers of one (scope, jaar) reserved and not yet
// handed out, in the order they are to be handed out.
type counter struct {
	mu     sync.Mutex
	ranges []numRange
}

func (c *counter) left() int64 {
	var n int64
	for _, r := range c.ranges {
		n += r.last - r.next + 1
	}
	return n
}

// take hands out the next number; the caller made sure there is one.
func (c *counter) take() int64 {
	r := &c.ranges[0]
	n := r.next
	r.next++
	if r.next > r.last {
		c.ranges = c.ranges[1:]
	}
	return n
}

// reserve adds a block of BlockSize numbers, in one statement committed on
// its own.
func (c *counter) reserve(ctx context.Context, d *db.DB, scope string, jaar int) error {
	var last int64
	if err := d.W.QueryRowContext(ctx, `INSERT INTO identificatie_seq (scope, jaar, last) VALUES ($1, $2, $3)
		ON CONFLICT (scope, jaar) DO UPDATE SET last = identificatie_seq.last + $3 RETURNING last`,
		scope, jaar, int64(BlockSize)).Scan(&last); err != nil {
		return fmt.Errorf("nummer: reserve %s %d: %w", scope, jaar, err)
	}
	c.ranges = append(c.ranges, numRange{next: last - BlockSize + 1, last: last})
	return nil
}

type key struct {
	scope string
	jaar  int
}

type blocks struct {
	mu sync.Mutex
	m  map[key]*counter
}

func (b *blocks) counter(scope string, jaar int) *counter {
	b.mu.Lock()
	defer b.mu.Unlock()
	k := key{scope, jaar}
	c := b.m[k]
	if c == nil {
		c = &counter{}
		b.m[k] = c
	}
	return c
}

// The blocks belong to a database handle, not to a service: every service
// of the process that writes the same scope draws from the same block (so
// one process hands out numbers in order), and the entry goes away with the
// handle.
var (
	regMu sync.Mutex
	reg   = map[weak.Pointer[db.DB]]*blocks{}
)

func blocksOf(d *db.DB) *blocks {
	wp := weak.Make(d)
	regMu.Lock()
	defer regMu.Unlock()
	b := reg[wp]
	if b == nil {
		b = &blocks{m: map[key]*counter{}}
		reg[wp] = b
		runtime.AddCleanup(d, func(wp weak.Pointer[db.DB]) {
			regMu.Lock()
			delete(reg, wp)
			regMu.Unlock()
		}, wp)
	}
	return b
}
