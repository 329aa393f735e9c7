package eform_test

import (
	"fmt"
	"sync"
	"testing"

	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/db/dbtest"
	"github.com/gemeenten/loket/internal/eform"
	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/ident"
)

// Citizens submitting at the same moment (on SQLite they share a commit):
// each draft makes one zaak with one web contact, also when it is sent
// twice at once; a draft that fails (here: removed just before) gets its
// own error and leaves nothing (no zaak, document or file), and takes no
// other submission with it.
func TestConcurrentSubmissions(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		const n = 12
		bsns := ident.TestBSNs(n + 1)[1:] // the first is the env's own citizen
		drafts := make([]*eform.Concept, n)
		for i, bsn := range bsns {
			if _, err := d.W.ExecContext(e.ctx, `INSERT INTO personen (bsn, voornamen, geslachtsnaam) VALUES ($1, 'Inwoner', $2)`,
				bsn, fmt.Sprint(i)); err != nil {
				t.Fatal(err)
			}
			c, _, err := e.s.Start(e.ctx, "dakkapel", eform.Owner{Type: "bsn", Number: bsn, Name: fmt.Sprintf("Inwoner %d", i)})
			if err != nil {
				t.Fatal(err)
			}
			e.fill(t, c)
			drafts[i] = c
		}
		const gone = 5
		if _, err := d.W.ExecContext(e.ctx, `DELETE FROM formulier_concepten WHERE id = $1`, drafts[gone].ID); err != nil {
			t.Fatal(err)
		}
		// Another fails inside its savepoint, after its zaak was inserted:
		// its upload's document identificatie is taken.
		const taken = 8
		e.takeUploadIdent(t, drafts[taken].ID)
		// Every draft is sent twice at once, as by a double click.
		type result struct {
			i   int
			in  *eform.Inzending
			err error
		}
		results := make(chan result, 2*n)
		var wg sync.WaitGroup
		for i, c := range drafts {
			for range 2 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					in, err := e.s.Submit(e.ctx, c)
					results <- result{i, in, err}
				}()
			}
		}
		wg.Wait()
		close(results)
		const sent = n - 2
		zaakOf := map[int]string{}
		for r := range results {
			if r.i == gone {
				if errs.KindOf(r.err) != errs.Conflict {
					t.Errorf("removed draft: %v", r.err)
				}
				continue
			}
			if r.i == taken {
				if errs.KindOf(r.err) != errs.Invalid {
					t.Errorf("draft with a taken document identificatie: %v", r.err)
				}
				continue
			}
			if r.err != nil {
				t.Fatalf("draft %d: %v", r.i, r.err)
			}
			if z, ok := zaakOf[r.i]; ok && z != r.in.ZaakID {
				t.Errorf("draft %d made two zaken: %s and %s", r.i, z, r.in.ZaakID)
			}
			zaakOf[r.i] = r.in.ZaakID
			if r.in.ZaakIdentificatie == "" || r.in.KlantcontactID == "" {
				t.Errorf("draft %d: submission %+v", r.i, r.in)
			}
		}
		count := func(q string) int {
			var k int
			if err := d.R.QueryRowContext(e.ctx, q).Scan(&k); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
			return k
		}
		if k := count(`SELECT COUNT(*) FROM zaken`); k != sent || len(zaakOf) != sent {
			t.Errorf("%d zaken (%d answered) for %d drafts that could be sent", k, len(zaakOf), sent)
		}
		if k := count(`SELECT COUNT(DISTINCT identificatie) FROM zaken`); k != sent {
			t.Errorf("%d distinct identificaties for %d zaken", k, sent)
		}
		if k := count(`SELECT COUNT(*) FROM klantcontacten WHERE kanaal = 'webformulier'`); k != sent {
			t.Errorf("%d web contacts for %d zaken", k, sent)
		}
		if k := count(`SELECT COUNT(*) FROM formulier_inzendingen`); k != sent {
			t.Errorf("%d submissions recorded for %d zaken", k, sent)
		}
		if k := count(`SELECT COUNT(*) FROM zaakeigenschappen`); k != sent {
			t.Errorf("%d eigenschappen for %d zaken", k, sent)
		}
		// Each zaak has its upload as a document, in the same commit; the
		// failed and the losing double submits left no document or file.
		if k := count(`SELECT COUNT(*) FROM informatieobjecten`); k != sent+1 {
			t.Errorf("%d informatieobjecten for %d zaken and the one that was in the way", k, sent)
		}
		if k := count(`SELECT COUNT(DISTINCT zio.zaak_id) FROM zaakinformatieobjecten zio
			JOIN formulier_inzendingen i ON i.zaak_id = zio.zaak_id WHERE zio.zichtbaar_voor_initiator`); k != sent {
			t.Errorf("%d zaken with their upload for %d zaken", k, sent)
		}
		if k := count(`SELECT COUNT(*) FROM zaakinformatieobjecten`); k != sent {
			t.Errorf("%d zaakinformatieobjecten for %d zaken", k, sent)
		}
		if k := e.docFiles(t); k != sent+1 {
			t.Errorf("%d files in the document store for %d documents", k, sent+1)
		}
	})
}
