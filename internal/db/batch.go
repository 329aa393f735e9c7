package db

import (
	"context"
	"sync"
)

// Batch writes the items that concurrent callers of [Batch.Add] hand in at
// the same moment with one call of Flush: one statement and one commit for
// many small writes of the same kind (an access-log entry per request). The
// first caller becomes the leader and flushes what is queued; callers that
// arrive meanwhile wait and go into the next flush. Once the leader's own
// item is written it hands the lead to the next waiting caller, so no
// caller serves others indefinitely. Every caller of a flush gets its
// error: the items of one flush are written together or not at all.
//
// Unlike [Group], which runs whole transactions of different shapes and
// helps only SQLite, Batch suits writes that combine into one statement,
// and helps both engines: on PostgreSQL it saves a transaction and a WAL
// flush per item. The zero value with Flush set is ready to use.
type Batch[T any] struct {
	// Flush writes items; it gets the leader's context without its
	// cancellation, since the items of other callers are in the same write.
	Flush func(ctx context.Context, items []T) error
	// Max is the largest flush [64].
	Max int

	mu    sync.Mutex
	queue []*batchReq[T]
	busy  bool
}

type batchReq[T any] struct {
	item T
	done chan batchRes // buffered (1): the result, or the lead
}

type batchRes struct {
	err  error
	lead bool
}

// Add writes item, alone or with the items of concurrent callers, and
// returns when it is written (or failed).
func (b *Batch[T]) Add(ctx context.Context, item T) error {
	r := &batchReq[T]{item: item, done: make(chan batchRes, 1)}
	b.mu.Lock()
	b.queue = append(b.queue, r)
	lead := !b.busy
	b.busy = true
	b.mu.Unlock()
	if !lead {
		res := <-r.done
		if !res.lead {
			return res.err
		}
	}
	return b.lead(ctx, r)
}

// lead flushes batches until the one holding r is written, then passes the
// lead to the first waiting caller, or ends it when none waits.
func (b *Batch[T]) lead(ctx context.Context, r *batchReq[T]) error {
	limit := b.Max
	if limit <= 0 {
		limit = 64
	}
	ctx = context.WithoutCancel(ctx)
	for {
		b.mu.Lock()
		n := min(len(b.queue), limit)
		batch := make([]*batchReq[T], n)
		copy(batch, b.queue)
		b.queue = append(b.queue[:0:0], b.queue[n:]...)
		b.mu.Unlock()
		items := make([]T, n)
		for i, q := range batch {
			items[i] = q.item
		}
		err := b.Flush(ctx, items)
		mine := false
		for _, q := range batch {
			if q == r {
				mine = true
				continue
			}
			q.done <- batchRes{err: err}
		}
		if !mine {
			continue
		}
		b.mu.Lock()
		if len(b.queue) == 0 {
			b.busy = false
			b.mu.Unlock()
		} else {
			next := b.queue[0]
			b.mu.Unlock()
			next.done <- batchRes{lead: true}
		}
		return err
	}
}
