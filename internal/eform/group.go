package eform

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"runtime"
	"sync"

	"github.com/gemeenten/loket/internal/db"
)

// Group commit for submissions on SQLite, as packages zaak and klant do for
// their creates: SQLite has one writer and a submission dirties a couple of
// hundred pages at 1 million zaken, each written to the WAL with its own
// system call, plus the commit's fsync. When several citizens submit at
// once, the first becomes the leader and runs the waiting submissions one
// after the other in one transaction, each inside its own SAVEPOINT (a
// submission that fails is rolled back alone and gets its own error), and
// commits once: pages the submissions share (the right-most pages of the
// time-ordered indexes, the number sequences) are written once, and so is
// the fsync. Each submission still commits atomically with its zaak,
// contact and audit rows; if the commit fails, every submission of the
// batch gets that error and nothing is written. The leader hands over
// after one batch.
//
// PostgreSQL has concurrent writers and needs none of this.

const maxGroup = 16

type groupReq struct {
	ctx  context.Context
	fn   func(*sql.Tx) error
	done chan groupRes // buffered (1): a lead signal, then the result
	err  error
}

type groupRes struct {
	err  error
	lead bool
}

type group struct {
	mu      sync.Mutex
	queue   []*groupReq
	leading bool
}

// tx runs fn in a transaction: its own on PostgreSQL, a shared one on
// SQLite (see above). fn must do all its work in the transaction it gets.
func (s *Service) tx(ctx context.Context, fn func(*sql.Tx) error) error {
	if s.DB.Engine != db.SQLite || s.NoGroupCommit {
		return s.DB.Tx(ctx, fn)
	}
	req := &groupReq{ctx: ctx, fn: fn, done: make(chan groupRes, 1)}
	g := &s.group
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
			n := min(len(g.queue), maxGroup)
			batch := append([]*groupReq(nil), g.queue[:n]...)
			g.queue = g.queue[n:]
			g.mu.Unlock()
			s.runGroup(batch)
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
// panics (the panic becomes the batch's error: passing it on would skip the
// hand-over and leave later callers waiting for a leader that is gone).
func (s *Service) runGroup(batch []*groupReq) {
	answered := false
	defer func() {
		p := recover()
		if !answered {
			err := errors.New("eform: group commit aborted")
			if p != nil {
				err = fmt.Errorf("eform: group commit aborted: panic: %v", p)
			}
			for _, r := range batch {
				r.done <- groupRes{err: err}
			}
		}
	}()
	ctx := context.WithoutCancel(batch[0].ctx)
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		for _, r := range batch {
			if err := r.ctx.Err(); err != nil {
				r.err = err
				continue
			}
			if len(batch) == 1 {
				r.err = r.fn(tx)
				return r.err
			}
			if _, err := tx.ExecContext(ctx, `SAVEPOINT eform_submit`); err != nil {
				return fmt.Errorf("eform: savepoint: %w", err)
			}
			if r.err = r.fn(tx); r.err != nil {
				if _, err := tx.ExecContext(ctx, `ROLLBACK TO SAVEPOINT eform_submit`); err != nil {
					return fmt.Errorf("eform: rollback to savepoint: %w", err)
				}
			}
			if _, err := tx.ExecContext(ctx, `RELEASE SAVEPOINT eform_submit`); err != nil {
				return fmt.Errorf("eform: release savepoint: %w", err)
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
