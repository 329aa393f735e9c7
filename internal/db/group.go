package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"runtime"
	"sync"
)

// Group is group commit for one kind of write on SQLite. SQLite has one
// writer, and most of the cost of a small write transaction is its commit:
// writing its dirty pages to the WAL, each with its own system call, and the
// fsync. When several callers of [DB.GroupTx] arrive at once, the first
// becomes the leader: it runs the waiting functions one after the other in
// one transaction, each inside its own SAVEPOINT — a function that fails is
// rolled back to its savepoint alone and gets its own error — and commits
// once. Each caller's work still commits atomically; it merely shares the
// commit (and the pages the writes have in common, such as the right-most
// pages of time-ordered indexes) with its neighbours. If the commit itself
// fails, every caller of the batch gets that error and nothing is written.
// The leader hands leadership to the next waiting caller after one batch,
// so no caller serves others indefinitely.
//
// PostgreSQL has concurrent writers and needs none of this: there GroupTx
// is Tx. The zero Group is ready to use; a Group must not be copied.
type Group struct {
	// Max is the largest batch [32].
	Max int
	// Off turns group commit off: every call gets its own transaction
	// (for measuring, or for a caller that must see its own commit alone).
	Off bool
	// Before, when set, runs in the leader before each batch's transaction,
	// while it does not hold the writer (e.g. to prepare statements).
	Before func(context.Context)

	mu      sync.Mutex
	queue   []*groupReq
	leading bool
}

type groupReq struct {
	ctx  context.Context
	fn   func(context.Context, *sql.Tx) error
	done chan groupRes // buffered (1): a lead signal, then the result
	err  error
}

type groupRes struct {
	err  error
	lead bool
}

// GroupTx runs fn in a transaction: on PostgreSQL (or with g nil or off)
// its own, on SQLite one shared with the calls of g waiting at the same
// moment (see [Group]). fn must do all its work in the transaction it gets
// and must not commit or roll it back. fn gets the caller's context without
// its cancellation: interrupting a statement would roll back the whole
// shared transaction; a caller cancelled before its turn is skipped.
func (d *DB) GroupTx(ctx context.Context, g *Group, fn func(context.Context, *sql.Tx) error) error {
	if d.Engine != SQLite || g == nil || g.Off {
		return d.Tx(ctx, func(tx *sql.Tx) error { return fn(ctx, tx) })
	}
	req := &groupReq{ctx: ctx, fn: fn, done: make(chan groupRes, 1)}
	g.mu.Lock()
	g.queue = append(g.queue, req)
	lead := !g.leading
	g.leading = true
	g.mu.Unlock()
	for {
		if lead {
			g.mu.Lock()
			if len(g.queue) == 1 {
				// Callers answered by the previous batch are about to come
				// back; let them queue before taking a batch of one.
				g.mu.Unlock()
				runtime.Gosched()
				g.mu.Lock()
			}
			max := g.Max
			if max <= 0 {
				max = 32
			}
			n := min(len(g.queue), max)
			batch := append([]*groupReq(nil), g.queue[:n]...)
			g.queue = g.queue[n:]
			g.mu.Unlock()
			if g.Before != nil {
				g.Before(context.WithoutCancel(batch[0].ctx))
			}
			d.runGroup(batch)
			g.mu.Lock()
			if len(g.queue) > 0 {
				next := g.queue[0]
				g.mu.Unlock()
				next.done <- groupRes{lead: true}
			} else {
				g.leading = false
				g.mu.Unlock()
			}
		}
		r := <-req.done
		if r.lead {
			lead = true
			continue
		}
		return r.err
	}
}

// runGroup runs a batch and answers every request in it, also when one
// panics. The panic becomes the batch's error (the transaction was rolled
// back) rather than being passed on: passing it on would skip the hand-over
// of leadership in GroupTx and leave every later caller waiting for a
// leader that is gone.
func (d *DB) runGroup(batch []*groupReq) {
	answered := false
	defer func() {
		p := recover()
		if !answered {
			err := errors.New("group commit aborted")
			if p != nil {
				err = fmt.Errorf("group commit aborted: panic: %v", p)
			}
			for _, r := range batch {
				r.done <- groupRes{err: err}
			}
		}
	}()
	ctx := context.WithoutCancel(batch[0].ctx)
	err := d.Tx(ctx, func(tx *sql.Tx) error {
		for _, r := range batch {
			if err := r.ctx.Err(); err != nil {
				r.err = err
				continue
			}
			rctx := context.WithoutCancel(r.ctx)
			if len(batch) == 1 {
				r.err = r.fn(rctx, tx)
				return r.err
			}
			if _, err := tx.ExecContext(ctx, `SAVEPOINT group_write`); err != nil {
				return fmt.Errorf("savepoint: %w", err)
			}
			if r.err = r.fn(rctx, tx); r.err != nil {
				if _, err := tx.ExecContext(ctx, `ROLLBACK TO SAVEPOINT group_write`); err != nil {
					return fmt.Errorf("rollback to savepoint: %w", err)
				}
			}
			if _, err := tx.ExecContext(ctx, `RELEASE SAVEPOINT group_write`); err != nil {
				return fmt.Errorf("release savepoint: %w", err)
			}
		}
		return nil
	})
	for _, r := range batch {
		if err != nil && r.err == nil {
			r.err = err
		}
		r.done <- groupRes{err: r.err}
	}
	answered = true
}
