package klant_test

import (
	"database/sql"
	"regexp"
	"sync"
	"testing"

	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/db/dbtest"
	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/klant"
)

// Agents registering at once — the first contacts of new customers among
// them, some with a contactverzoek — get unique, well-formed numbers for
// the contacts, the partijen made on the way and the interne taken, and one
// partij per customer. On PostgreSQL the numbers come from blocks reserved
// outside the transactions (package nummer); on SQLite from the same table
// inside them.
func TestConcurrentRegistrationNumbers(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		const agents, each = 8, 6
		var wg sync.WaitGroup
		errc := make(chan error, agents*each)
		for a := range agents {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range each {
					in := klant.ContactInput{Kanaal: "telefoon", Onderwerp: "Afvalpas", Uitkomst: klant.DirectBeantwoord}
					switch (a + i) % 3 {
					case 0:
						in.BSN = bsnJan
					case 1:
						in.BSN = bsnPiet
					default:
						in.KvKNummer = kvkBakker
					}
					if i%2 == 0 {
						in.Uitkomst = klant.Contactverzoek
						in.Contactverzoek = &klant.ContactverzoekInput{TeamID: e.team, Toelichting: "Graag terugbellen."}
					}
					if _, err := e.s.RegisterContactID(e.ctx, in); err != nil {
						errc <- err
					}
				}
			}()
		}
		wg.Wait()
		close(errc)
		for err := range errc {
			t.Fatal(err)
		}
		check := func(table, pattern string, want int) {
			t.Helper()
			re := regexp.MustCompile(pattern)
			rows, err := d.R.Query(`SELECT nummer FROM ` + table)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			seen := map[string]bool{}
			for rows.Next() {
				var n string
				if err := rows.Scan(&n); err != nil {
					t.Fatal(err)
				}
				if !re.MatchString(n) {
					t.Errorf("%s: malformed number %q", table, n)
				}
				if seen[n] {
					t.Errorf("%s: number %s twice", table, n)
				}
				seen[n] = true
			}
			if len(seen) != want {
				t.Errorf("%s: %d numbers, want %d", table, len(seen), want)
			}
		}
		check("klantcontacten", `^KC-2026-\d{10}$`, agents*each)
		check("interne_taken", `^\d{10}$`, agents*each/2)
		check("partijen", `^\d{10}$`, 3)
		if n := e.count(`SELECT COUNT(*) FROM betrokkenen`); n != agents*each {
			t.Errorf("%d betrokkenen for %d contacts", n, agents*each)
		}
	})
}

// A registration that fails late in its transaction — after the contact,
// its betrokkene and the partij made for a new customer were written —
// leaves none of them, nor their audit rows.
func TestFailedRegistrationLeavesNothing(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		if d.Engine == db.SQLite {
			e.exec(`CREATE TRIGGER fail_actor BEFORE INSERT ON actor_klantcontacten BEGIN SELECT RAISE(ABORT, 'boom'); END`)
		} else {
			e.exec(`CREATE FUNCTION fail_actor() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'boom'; END $$;
				CREATE TRIGGER fail_actor BEFORE INSERT ON actor_klantcontacten FOR EACH ROW EXECUTE FUNCTION fail_actor()`)
		}
		// Through the transaction callers use (an e-form submission), so
		// that the partij is made inside it on both engines.
		in, err := e.s.PrepareContact(e.ctx, klant.ContactInput{Kanaal: "webformulier", BSN: bsnPiet, Onderwerp: "Paspoort",
			Uitkomst: klant.DirectBeantwoord})
		if err != nil {
			t.Fatal(err)
		}
		err = d.Tx(e.ctx, func(tx *sql.Tx) error {
			_, err := e.s.RegisterContactTx(e.ctx, tx, in)
			return err
		})
		if err == nil {
			t.Fatal("registration succeeded despite the failing actor link")
		}
		if errs.KindOf(err) == errs.Invalid {
			t.Fatalf("a database failure reported as invalid input: %v", err)
		}
		for _, table := range []string{"klantcontacten", "betrokkenen", "partijen", "partij_identificatoren", "audit_trail"} {
			if n := e.count(`SELECT COUNT(*) FROM ` + table); n != 0 {
				t.Errorf("%s has %d rows after a failed registration", table, n)
			}
		}
		// Through RegisterContact too (SQLite: inside a group commit).
		if _, err := e.s.RegisterContactID(e.ctx, klant.ContactInput{Kanaal: "telefoon", BSN: bsnJan, Onderwerp: "Paspoort",
			Uitkomst: klant.DirectBeantwoord}); err == nil {
			t.Fatal("registration succeeded despite the failing actor link")
		}
		for _, table := range []string{"klantcontacten", "betrokkenen"} {
			if n := e.count(`SELECT COUNT(*) FROM ` + table); n != 0 {
				t.Errorf("%s has %d rows after a failed registration", table, n)
			}
		}
		if n := e.count(`SELECT COUNT(*) FROM audit_trail WHERE resource = 'klantcontact'`); n != 0 {
			t.Errorf("%d klantcontact audit rows after failed registrations", n)
		}
	})
}
