package nummer_test

import (
	"context"
	"database/sql"
	"sync"
	"testing"

	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/db/dbtest"
	"github.com/gemeenten/loket/internal/nummer"
)

// Two handles on one database stand for two processes (two app instances
// behind a load balancer): their blocks must not overlap, also when a
// number is drawn now and then the old way, inside a transaction.
func TestNumbersUniqueAcrossProcesses(t *testing.T) {
	for _, e := range dbtest.Engines() {
		t.Run(string(e), func(t *testing.T) {
			ctx := context.Background()
			url := dbtest.URL(t, e)
			open := func() *db.DB {
				d, err := db.Open(ctx, url)
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { d.Close() })
				return d
			}
			a := open()
			if err := a.Migrate(ctx, nil); err != nil {
				t.Fatal(err)
			}
			b := open()
			const workers, each = 6, 40
			var mu sync.Mutex
			seen := map[int64]int{}
			var wg sync.WaitGroup
			errc := make(chan error, 2*workers)
			for w := range 2 * workers {
				d := a
				if w%2 == 1 {
					d = b
				}
				wg.Add(1)
				go func() {
					defer wg.Done()
					for i := range each {
						var n int64
						var err error
						if w == 0 && i%10 == 0 {
							n, err = drawInTx(ctx, d)
						} else {
							n, err = nummer.Next(ctx, d, "test", 2026)
						}
						if err != nil {
							errc <- err
							return
						}
						mu.Lock()
						seen[n]++
						mu.Unlock()
					}
				}()
			}
			wg.Wait()
			close(errc)
			for err := range errc {
				t.Fatal(err)
			}
			if len(seen) != 2*workers*each {
				t.Errorf("%d distinct numbers for %d draws", len(seen), 2*workers*each)
			}
			for n, k := range seen {
				if k > 1 || n < 1 {
					t.Errorf("number %d handed out %d times", n, k)
				}
			}
			// Another year and scope count on their own.
			if n, err := nummer.Next(ctx, a, "test", 2027); err != nil || n != 1 {
				t.Errorf("first number of 2027 = %d, %v", n, err)
			}
			if n, err := nummer.Next(ctx, a, "ander", 2026); err != nil || n != 1 {
				t.Errorf("first number of another scope = %d, %v", n, err)
			}
			// The table records the highest number reserved, so the seeder and
			// a restarted process continue above every number handed out.
			var last int64
			if err := a.R.QueryRowContext(ctx, `SELECT last FROM identificatie_seq WHERE scope = 'test' AND jaar = 2026`).Scan(&last); err != nil {
				t.Fatal(err)
			}
			for n := range seen {
				if n > last {
					t.Errorf("number %d above identificatie_seq.last %d", n, last)
				}
			}
		})
	}
}

// Take hands out only what a block has left and never touches the database.
func TestTake(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		if _, ok := nummer.Take(d, "test", 2026); ok {
			t.Fatal("Take before any reservation")
		}
		first, err := nummer.Next(ctx, d, "test", 2026)
		if err != nil {
			t.Fatal(err)
		}
		for i := int64(1); i < nummer.BlockSize; i++ {
			n, ok := nummer.Take(d, "test", 2026)
			if !ok || n != first+i {
				t.Fatalf("Take %d = %d, %v", i, n, ok)
			}
		}
		if n, ok := nummer.Take(d, "test", 2026); ok {
			t.Fatalf("Take past the block = %d", n)
		}
		if n, err := nummer.Next(ctx, d, "test", 2026); err != nil || n != first+nummer.BlockSize {
			t.Errorf("next block starts at %d, %v", n, err)
		}
	})
}

// drawInTx is the in-transaction draw that SQLite and the fallbacks use.
func drawInTx(ctx context.Context, d *db.DB) (int64, error) {
	var n int64
	err := d.Tx(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `INSERT INTO identificatie_seq (scope, jaar, last) VALUES ('test', 2026, 1)
			ON CONFLICT (scope, jaar) DO UPDATE SET last = identificatie_seq.last + 1 RETURNING last`).Scan(&n)
	})
	return n, err
}

// Reserve keeps a quarter of a block at hand, so that transactions it
// promised a number to find one; the numbers come out in order across
// blocks.
func TestReserveKeepsNumbersAtHand(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		if err := nummer.Reserve(ctx, d, "test", 2026); err != nil {
			t.Fatal(err)
		}
		first, ok := nummer.Take(d, "test", 2026)
		if !ok || first != 1 {
			t.Fatalf("first number %d, %v", first, ok)
		}
		for i := int64(2); i <= nummer.BlockSize-nummer.BlockSize/4+1; i++ {
			if n, ok := nummer.Take(d, "test", 2026); !ok || n != i {
				t.Fatalf("Take = %d, %v; want %d", n, ok, i)
			}
		}
		// Fewer than a quarter of the block left: Reserve adds a block.
		if err := nummer.Reserve(ctx, d, "test", 2026); err != nil {
			t.Fatal(err)
		}
		var last int64
		if err := d.R.QueryRowContext(ctx, `SELECT last FROM identificatie_seq WHERE scope = 'test' AND jaar = 2026`).Scan(&last); err != nil {
			t.Fatal(err)
		}
		if last != 2*nummer.BlockSize {
			t.Fatalf("identificatie_seq.last = %d after a second Reserve", last)
		}
		for i := int64(nummer.BlockSize - nummer.BlockSize/4 + 2); i <= 2*nummer.BlockSize; i++ {
			if n, ok := nummer.Take(d, "test", 2026); !ok || n != i {
				t.Fatalf("Take = %d, %v; want %d", n, ok, i)
			}
		}
		if n, ok := nummer.Take(d, "test", 2026); ok {
			t.Fatalf("Take past the blocks = %d", n)
		}
	})
}
