package db_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/db/dbtest"
)

// Concurrent writers through one Group: each call's work commits or not on
// its own — a failing call is rolled back alone and gets its own error, a
// panicking call fails without leaving the others waiting — and every call
// that succeeded is visible afterwards. On PostgreSQL GroupTx is a plain Tx;
// the outcome must be the same.
func TestGroupTx(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		if _, err := d.W.ExecContext(ctx, `CREATE TABLE group_test (n INTEGER NOT NULL)`); err != nil {
			t.Fatal(err)
		}
		var g db.Group
		befores := 0
		g.Before = func(context.Context) { befores++ } // runs in the leader only, one at a time
		errBad := errors.New("bad")
		const calls = 60
		var wg sync.WaitGroup
		results := make([]error, calls)
		for i := range calls {
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer func() {
					if p := recover(); p != nil {
						results[i] = fmt.Errorf("panic reached the caller: %v", p)
					}
				}()
				results[i] = d.GroupTx(ctx, &g, func(ctx context.Context, tx *sql.Tx) error {
					// Two writes per call: a rollback must take back both.
					for range 2 {
						if _, err := tx.ExecContext(ctx, `INSERT INTO group_test (n) VALUES ($1)`, i); err != nil {
							return err
						}
					}
					switch {
					case i%10 == 3:
						return errBad
					case i == 17 && d.Engine == db.SQLite:
						panic("boom")
					}
					return nil
				})
			}()
		}
		wg.Wait()
		want := map[int]bool{}
		for i, err := range results {
			switch {
			case i%10 == 3:
				// Its own error — or, on SQLite, the error of a batch that a
				// panic aborted.
				if !errors.Is(err, errBad) && (d.Engine != db.SQLite || err == nil) {
					t.Errorf("call %d: got %v, want its own error", i, err)
				}
			case i == 17 && d.Engine == db.SQLite:
				// The panic fails its batch (rolled back) with an error, not a
				// panic in some other caller's goroutine.
				if err == nil {
					t.Errorf("call %d panicked but reported success", i)
				}
			default:
				if err != nil && d.Engine != db.SQLite {
					t.Errorf("call %d: %v", i, err)
				}
				if err == nil {
					want[i] = true
				}
			}
		}
		rows, err := d.R.QueryContext(ctx, `SELECT n, COUNT(*) FROM group_test GROUP BY n`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		got := map[int]bool{}
		for rows.Next() {
			var n, c int
			if err := rows.Scan(&n, &c); err != nil {
				t.Fatal(err)
			}
			if c != 2 {
				t.Errorf("call %d left %d of its 2 rows", n, c)
			}
			got[n] = true
		}
		if len(got) != len(want) {
			t.Errorf("%d calls committed, want the %d that reported success", len(got), len(want))
		}
		for n := range want {
			if !got[n] {
				t.Errorf("call %d reported success but its rows are gone", n)
			}
		}
		if d.Engine == db.SQLite && befores == 0 {
			t.Error("Before never ran")
		}
		if len(want) == 0 {
			t.Error("no call committed")
		}
	})
}
