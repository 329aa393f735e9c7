package db

import (
	"database/sql"
	"sync"
)

// Callbacks registered with AfterCommit, per transaction begun by Tx. A
// transaction from elsewhere is not in the map, so AfterCommit can tell the
// caller that nobody will run its callback.
var afterCommit sync.Map // *sql.Tx → *txHooks

type txHooks struct {
	mu  sync.Mutex
	fns []func()
}

// AfterCommit arranges for fn to run once tx has committed (never when it
// rolls back), in the goroutine that called Tx, before Tx returns. It is
// for in-process caches that must not be refreshed from a snapshot taken
// before the commit (a hook inside the transaction runs too early: a
// reader could still see the old rows). It reports false when tx was not
// begun by DB.Tx; fn will then never run.
func AfterCommit(tx *sql.Tx, fn func()) bool {
	v, ok := afterCommit.Load(tx)
	if !ok {
		return false
	}
	h := v.(*txHooks)
	h.mu.Lock()
	h.fns = append(h.fns, fn)
	h.mu.Unlock()
	return true
}

func trackTx(tx *sql.Tx) { afterCommit.Store(tx, &txHooks{}) }

// endTx forgets tx and, when it committed, runs its callbacks.
func endTx(tx *sql.Tx, committed bool) {
	v, ok := afterCommit.LoadAndDelete(tx)
	if !ok || !committed {
		return
	}
	h := v.(*txHooks)
	h.mu.Lock()
	fns := h.fns
	h.mu.Unlock()
	for _, fn := range fns {
		fn()
	}
}
