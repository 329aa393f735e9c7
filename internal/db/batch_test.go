package db_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gemeenten/loket/internal/db"
)

// Concurrent callers share flushes; every item is flushed exactly once and
// each caller gets the error of its own flush.
func TestBatch(t *testing.T) {
	var mu sync.Mutex
	seen := map[int]int{}
	var flushes atomic.Int64
	b := &db.Batch[int]{Max: 8, Flush: func(_ context.Context, items []int) error {
		flushes.Add(1)
		time.Sleep(2 * time.Millisecond) // a commit
		mu.Lock()
		defer mu.Unlock()
		for _, it := range items {
			seen[it]++
		}
		if len(items) > 8 {
			return errors.New("batch larger than Max")
		}
		for _, it := range items {
			if it%97 == 0 {
				return errors.New("fout")
			}
		}
		return nil
	}}
	const n = 400
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = b.Add(context.Background(), i)
		}()
	}
	wg.Wait()
	for i := range n {
		if seen[i] != 1 {
			t.Fatalf("item %d flushed %d times", i, seen[i])
		}
		if i%97 == 0 && errs[i] == nil {
			t.Fatalf("item %d: its flush failed but it got no error", i)
		}
	}
	if f := flushes.Load(); f >= n/2 {
		t.Fatalf("%d flushes for %d concurrent items: they were not combined", f, n)
	}
	// Alone, an item is flushed at once.
	if err := b.Add(context.Background(), 1); err != nil {
		t.Fatal(err)
	}
}
