package audit_test

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
	"testing"

	"github.com/gemeenten/loket/internal/audit"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/db/dbtest"
)

func TestRecordAndAccessLog(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := audit.WithActor(context.Background(), audit.Actor{Kind: "medewerker", ID: "u1", Name: "Anna Behandelaar", RequestID: "req-1"})
		err := d.Tx(ctx, func(tx *sql.Tx) error {
			return audit.Record(ctx, tx, audit.Entry{Bron: "LOKET", Resource: "setting", ResourceID: "x",
				Actie: "update", Old: map[string]string{"v": "a"}, New: map[string]string{"v": "b"}})
		})
		if err != nil {
			t.Fatal(err)
		}
		rows, err := audit.ForResource(ctx, d.R, "setting", "x")
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 1 || rows[0].GebruikersWeergave != "Anna Behandelaar" || string(rows[0].Oud) != `{"v":"a"}` ||
			string(rows[0].Nieuw) != `{"v":"b"}` || rows[0].RequestID != "req-1" {
			t.Fatalf("audit rows = %+v", rows)
		}
		if err := audit.LogAccess(ctx, d, audit.Access{SubjectType: "bsn", SubjectID: "999993653", Resource: "zaak", ResourceID: "z1"}); err == nil {
			t.Fatal("access without reason accepted")
		}
		if err := audit.LogAccess(ctx, d, audit.Access{SubjectType: "bsn", SubjectID: "999993653", Resource: "zaak", ResourceID: "z1", Reden: "behandeling zaak"}); err != nil {
			t.Fatal(err)
		}
		acc, err := audit.AccessesOf(ctx, d.R, "bsn", "999993653", 10)
		if err != nil || len(acc) != 1 || acc[0].UserNaam != "Anna Behandelaar" || acc[0].Reden != "behandeling zaak" {
			t.Fatalf("accesses = %+v, %v", acc, err)
		}
	})
}

// Concurrent reads share INSERTs; each record keeps its own reader,
// subject and reason, and every call returns only once its record is
// stored.
func TestLogAccessConcurrent(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		const n = 200
		var wg sync.WaitGroup
		errs := make([]error, n)
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				ctx := audit.WithActor(context.Background(), audit.Actor{Kind: "applicatie", ID: fmt.Sprintf("u%d", i),
					Name: fmt.Sprintf("Medewerker %d", i)})
				errs[i] = audit.LogAccess(ctx, d, audit.Access{SubjectType: "bsn", SubjectID: fmt.Sprintf("bsn-%d", i),
					Resource: "zaken", Reden: fmt.Sprintf("zoekvraag %d", i)})
				if errs[i] != nil {
					return
				}
				acc, err := audit.AccessesOf(ctx, d.R, "bsn", fmt.Sprintf("bsn-%d", i), 10)
				if err != nil || len(acc) != 1 {
					errs[i] = fmt.Errorf("after LogAccess returned: %d records, %v", len(acc), err)
					return
				}
				if acc[0].UserID != fmt.Sprintf("u%d", i) || acc[0].UserNaam != fmt.Sprintf("Medewerker %d", i) ||
					acc[0].Reden != fmt.Sprintf("zoekvraag %d", i) {
					errs[i] = fmt.Errorf("record %+v", acc[0])
				}
			}()
		}
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Fatalf("reader %d: %v", i, err)
			}
		}
	})
}
