package db_test

import (
	"context"
	"database/sql"
	"errors"
	"testing"

	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/db/dbtest"
)

// AfterCommit runs its callbacks after a commit of a transaction begun by
// Tx — after the change is visible to other connections — and never after
// a rollback.
func TestAfterCommit(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		if _, err := d.W.ExecContext(ctx, `CREATE TABLE ac_test (n INTEGER)`); err != nil {
			t.Fatal(err)
		}
		var seen []int
		err := d.Tx(ctx, func(tx *sql.Tx) error {
			if _, err := tx.ExecContext(ctx, `INSERT INTO ac_test (n) VALUES (1)`); err != nil {
				return err
			}
			if !db.AfterCommit(tx, func() {
				var n int
				if err := d.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM ac_test`).Scan(&n); err != nil {
					t.Error(err)
				}
				seen = append(seen, n)
			}) {
				t.Error("AfterCommit: transaction of Tx not known")
			}
			if len(seen) != 0 {
				t.Error("callback ran before the commit")
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(seen) != 1 || seen[0] != 1 {
			t.Fatalf("after commit the callback saw %v rows, want [1]", seen)
		}

		ran := false
		err = d.Tx(ctx, func(tx *sql.Tx) error {
			db.AfterCommit(tx, func() { ran = true })
			return errors.New("rollback")
		})
		if err == nil || ran {
			t.Fatalf("rolled back: err %v, callback ran %v", err, ran)
		}

		tx, err := d.W.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Rollback()
		if db.AfterCommit(tx, func() {}) {
			t.Fatal("AfterCommit accepted a transaction not begun by Tx")
		}
	})
}
