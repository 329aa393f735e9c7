package zaak

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"runtime"
	"sync"

	"github.com/gemeenten/loket/internal/db"
)

// Group commit for creates on SQLite. SQLite has one writer, and most of
// the cost of a create is its commit (writing ~30 dirty pages to the WAL).
// When several creates arrive at once, the first caller becomes the leader:
// it runs the waiting creates one after the other in one transaction, each
// inside its own SAVEPOINT — a create that fails is rolled back to its
// savepoint alone and gets its own error — and commits once. Every create
// still commits atomically with its status, rol, norms and audit rows; they
// merely share the commit with their neighbours. If the commit itself
// fails, every create of the batch gets that error and nothing is written.
// The leader hands leadership to the next waiting caller after one batch,
// so no caller serves others indefinitely.
//
// PostgreSQL has concurrent writers and needs none of this.

const maxGroup = 32

type groupReq struct {
	ctx  context.Context
	in   CreateInput
	done chan groupRes // buffered (1): a lead signal, then the result
	res  groupRes
}

type groupRes struct {
	id   string
	err  error
	lead bool
}

type group struct {
	mu      sync.Mutex
	queue   []*groupReq
	leading bool
}

func (s *Service) groupCreate(ctx context.Context, in CreateInput) (string, error) {
	req := &groupReq{ctx: ctx, in: in, done: make(chan groupRes, 1)}
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
		return r.id, r.err
	}
}

// runGroup runs a batch and answers every request in it, also when it
// panics. The panic is turned into an error for the batch (the transaction
// was rolled back) rather than passed on: passing it on would skip the
// hand-over of leadership in groupCreate and leave every later create
// waiting for a leader that is gone.
func (s *Service) runGroup(batch []*groupReq) {
	answered := false
	defer func() {
		p := recover()
		if !answered {
			err := errors.New("zaak: group commit aborted")
			if p != nil {
				err = fmt.Errorf("zaak: group commit aborted: panic: %v", p)
			}
			for _, r := range batch {
				r.done <- groupRes{err: err}
			}
		}
	}()
	ctx := context.WithoutCancel(batch[0].ctx)
	s.warm(ctx)
	err := s.DB.Tx(ctx, func(sqlTx *sql.Tx) error {
		tx := s.q(sqlTx)
		for _, r := range batch {
			if err := r.ctx.Err(); err != nil {
				r.res = groupRes{err: err}
				continue
			}
			// Each create keeps its caller's values (the actor) but not its
			// cancellation: interrupting a statement would roll back the
			// whole shared transaction.
			rctx := context.WithoutCancel(r.ctx)
			if len(batch) == 1 {
				id, err := s.create(rctx, tx, r.in)
				r.res = groupRes{id: id, err: err}
				return err
			}
			if _, err := tx.ExecContext(ctx, `SAVEPOINT zaak_create`); err != nil {
				return fmt.Errorf("zaak: savepoint: %w", err)
			}
			id, err := s.create(rctx, tx, r.in)
			r.res = groupRes{id: id, err: err}
			if err != nil {
				if _, rerr := tx.ExecContext(ctx, `ROLLBACK TO SAVEPOINT zaak_create`); rerr != nil {
					return fmt.Errorf("zaak: rollback to savepoint: %w", rerr)
				}
			}
			if _, err := tx.ExecContext(ctx, `RELEASE SAVEPOINT zaak_create`); err != nil {
				return fmt.Errorf("zaak: release savepoint: %w", err)
			}
		}
		return nil
	})
	for _, r := range batch {
		if err != nil && r.res.err == nil {
			r.res = groupRes{err: err}
		}
		r.done <- r.res
	}
	answered = true
}

var _ db.Queryer = txq{}
