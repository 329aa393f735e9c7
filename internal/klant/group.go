package klant

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"runtime"
	"sync"
)

// Group commit for contact registrations on SQLite, as package zaak does for
// creates: SQLite has one writer and most of a registration's cost is its
// commit, so when several agents register at once the first becomes the
// leader and runs the waiting registrations one after the other in one
// transaction, each inside its own SAVEPOINT (a registration that fails is
// rolled back alone and gets its own error), and commits once. Each
// registration still commits atomically with its betrokkene, actor, audit
// row and events; it merely shares the commit with its neighbours. If the
// commit fails, every registration of the batch gets that error and nothing
// is written. The leader hands over after one batch.
//
// PostgreSQL has concurrent writers and needs none of this.

const maxGroup = 32

type groupReq struct {
	ctx  context.Context
	in   ContactInput
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

func (s *Service) groupRegister(ctx context.Context, in ContactInput) (string, error) {
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
// panics (the panic becomes the batch's error: passing it on would skip the
// hand-over and leave later callers waiting for a leader that is gone).
func (s *Service) runGroup(batch []*groupReq) {
	answered := false
	defer func() {
		p := recover()
		if !answered {
			err := errors.New("klant: group commit aborted")
			if p != nil {
				err = fmt.Errorf("klant: group commit aborted: panic: %v", p)
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
				r.res = groupRes{err: err}
				continue
			}
			// Each registration keeps its caller's values (the actor) but
			// not its cancellation: interrupting a statement would roll
			// back the whole shared transaction.
			rctx := context.WithoutCancel(r.ctx)
			if len(batch) == 1 {
				id, err := s.registerContact(rctx, tx, r.in)
				r.res = groupRes{id: id, err: err}
				return err
			}
			if _, err := tx.ExecContext(ctx, `SAVEPOINT klant_register`); err != nil {
				return fmt.Errorf("klant: savepoint: %w", err)
			}
			id, err := s.registerContact(rctx, tx, r.in)
			r.res = groupRes{id: id, err: err}
			if err != nil {
				if _, rerr := tx.ExecContext(ctx, `ROLLBACK TO SAVEPOINT klant_register`); rerr != nil {
					return fmt.Errorf("klant: rollback to savepoint: %w", rerr)
				}
			}
			if _, err := tx.ExecContext(ctx, `RELEASE SAVEPOINT klant_register`); err != nil {
				return fmt.Errorf("klant: release savepoint: %w", err)
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
