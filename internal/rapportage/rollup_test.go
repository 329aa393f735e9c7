package rapportage_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/gemeenten/loket/internal/audit"
	"github.com/gemeenten/loket/internal/catalogus/catalogustest"
	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/db/dbtest"
	"github.com/gemeenten/loket/internal/rapportage"
	"github.com/gemeenten/loket/internal/termijn"
	"github.com/gemeenten/loket/internal/zaak"
)

// rollupTables: per table its key columns and its counted columns.
var rollupTables = []struct {
	name       string
	keys, vals []string
}{
	{"rap_contacten", []string{"dag", "kanaal", "uitkomst", "team_id", "zaaktype_id", "onderwerp"}, []string{"aantal", "bekend", "herhaal"}},
	{"rap_zaken", []string{"dag", "zaaktype_id", "team_id", "kanaal"}, []string{"aantal"}},
	{"rap_afgehandeld", []string{"dag", "zaaktype_id", "team_id", "kanaal", "dagen"}, []string{"aantal", "binnen_termijn"}},
	{"rap_normen", []string{"dag", "norm", "zaaktype_id", "team_id", "kanaal"}, []string{"met", "breached"}},
	{"rap_taken", []string{"dag", "team_id", "kanaal", "zaaktype_id"}, []string{"op_tijd", "te_laat"}},
}

// snapshot reads every rollup as "table|key" → counts, summing rows with
// the same key and leaving out all-zero rows.
func snapshot(t *testing.T, d *db.DB) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, tb := range rollupTables {
		sums := make([]string, len(tb.vals))
		for i, v := range tb.vals {
			sums[i] = "CAST(SUM(" + v + ") AS BIGINT)"
		}
		keys := strings.Join(tb.keys, ", ")
		rows, err := d.R.Query(`SELECT ` + keys + `, ` + strings.Join(sums, ", ") + ` FROM ` + tb.name + ` GROUP BY ` + keys)
		if err != nil {
			t.Fatalf("%s: %v", tb.name, err)
		}
		for rows.Next() {
			var dag date.Date
			ks := make([]string, len(tb.keys)-1)
			vs := make([]int64, len(tb.vals))
			dest := []any{&dag}
			for i := range ks {
				dest = append(dest, &ks[i])
			}
			for i := range vs {
				dest = append(dest, &vs[i])
			}
			if err := rows.Scan(dest...); err != nil {
				t.Fatalf("%s: %v", tb.name, err)
			}
			zero := true
			for _, v := range vs {
				zero = zero && v == 0
			}
			if !zero {
				out[tb.name+"|"+dag.String()+"|"+strings.Join(ks, "|")] = fmt.Sprint(vs)
			}
		}
		rows.Close()
	}
	return out
}

func compare(t *testing.T, maintained, rebuilt map[string]string) {
	t.Helper()
	if len(rebuilt) == 0 {
		t.Fatal("the rebuilt rollups are empty")
	}
	for k, v := range rebuilt {
		if maintained[k] != v {
			t.Errorf("%s: maintained %q, recomputed %q", k, maintained[k], v)
		}
	}
	for k, v := range maintained {
		if _, ok := rebuilt[k]; !ok {
			t.Errorf("%s: maintained %q, not in the recomputation", k, v)
		}
	}
}

type tick struct {
	mu sync.Mutex
	t  time.Time
}

func (c *tick) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(time.Second)
	return c.t
}

func (c *tick) at(s string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = local(s)
}

// TestRollupsFollowChanges makes a mixed series of changes through the zaak
// domain service and plain SQL (as the other write paths do), refreshing in
// between, and checks the maintained rollups against a full recomputation
// and against counts taken straight from the base tables.
func TestRollupsFollowChanges(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		fx := catalogustest.Build(t, d)
		zt := fx.ZaakType
		clk := &tick{}
		clk.at("2026-03-30 10:00")
		zs := zaak.New(d)
		zs.Now = clk.Now
		ctx := audit.WithActor(context.Background(), audit.Actor{Kind: "medewerker", ID: "u-1", Name: "Tess Teamleider",
			Roles: []string{"teamleider", "behandelaar"}})
		rs := rapportage.New(d, clk.Now, nil)
		refresh := func() {
			t.Helper()
			if _, err := rs.Refresh(ctx); err != nil {
				t.Fatal(err)
			}
		}
		status := func(vn int) string {
			for _, st := range zt.StatusTypen {
				if st.Volgnummer == vn {
					return st.ID
				}
			}
			t.Fatalf("no statustype %d", vn)
			return ""
		}
		create := func(kanaal string) string {
			t.Helper()
			z, err := zs.Create(ctx, zaak.CreateInput{Bronorganisatie: "002220647", VerantwoordelijkeOrganisatie: "002220647",
				ZaakTypeID: zt.ID, Omschrijving: "Test", Startdatum: date.Today(clk.Now()), Kanaal: kanaal,
				Initiator: &zaak.RolInput{BetrokkeneType: "natuurlijk_persoon", BetrokkeneIdentificatie: zaak.BetrokkeneIdentificatie{
					InpBsn: "999993653", Voornamen: "Anna", Geslachtsnaam: "Jansen"}}})
			if err != nil {
				t.Fatalf("create: %v", err)
			}
			return z.ID
		}
		closeZaak := func(id string) {
			t.Helper()
			if _, err := zs.SetResultaat(ctx, id, zt.ResultaatTypen[0].ID, ""); err != nil {
				t.Fatalf("resultaat: %v", err)
			}
			if _, err := zs.SetStatus(ctx, id, zaak.StatusInput{StatusTypeID: zt.EindStatusType().ID}); err != nil {
				t.Fatalf("close: %v", err)
			}
		}
		n := 0
		contact := func(at, kanaal, uitkomst, party string) string {
			t.Helper()
			n++
			id := uuid.NewString()
			ptype := "natuurlijk_persoon"
			if party == "" {
				ptype = "anoniem"
			}
			if _, err := d.W.Exec(`INSERT INTO klantcontacten (id, nummer, kanaal, partij_type, partij_id, onderwerp, uitkomst,
				plaatsgevonden_op, created_at) VALUES ($1, $2, $3, $4, $5, 'Paspoort', $6, $7, $7)`,
				id, fmt.Sprintf("KC-R-%04d", n), kanaal, ptype, party, uitkomst, local(at)); err != nil {
				t.Fatal(err)
			}
			return id
		}
		exec := func(q string, args ...any) {
			t.Helper()
			if _, err := d.W.Exec(q, args...); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}

		z1, z2, z3 := create("webformulier"), create("balie"), create("telefoon")
		c1 := contact("2026-03-31 23:30", "telefoon", "direct_beantwoord", "P1")
		contact("2026-04-01 00:30", "telefoon", "klant_belt_terug", "P1") // repeat across the quarter boundary
		c3 := contact("2026-04-03 10:00", "balie", "contactverzoek", "")
		refresh()

		clk.at("2026-03-31 11:00")
		if _, err := zs.SetStatus(ctx, z1, zaak.StatusInput{StatusTypeID: status(2)}); err != nil {
			t.Fatal(err)
		}
		// suspend z2 (documents requested), resume on 3 April
		if _, err := zs.RequestDocuments(ctx, z2, "Bouwtekening ontbreekt", date.MustParse("2026-04-14")); err != nil {
			t.Fatal(err)
		}
		clk.at("2026-04-03 09:00")
		if _, err := zs.DocumentsReceived(ctx, z2, date.MustParse("2026-04-03")); err != nil {
			t.Fatal(err)
		}
		// extend z3
		if _, err := zs.Extend(ctx, z3, termijn.Weeks(4), "Advies van de welstandscommissie nodig"); err != nil {
			t.Fatal(err)
		}
		clk.at("2026-04-02 15:00")
		closeZaak(z1)
		refresh()
		// reopen z1 and close it again later: counted once, on the last einddatum
		clk.at("2026-04-06 10:00")
		if _, err := zs.SetStatus(ctx, z1, zaak.StatusInput{StatusTypeID: status(2)}); err != nil {
			t.Fatalf("reopen: %v", err)
		}
		refresh()
		clk.at("2026-04-20 10:00")
		closeZaak(z1)

		// contacts change: moved across the boundary, outcome changed, one removed
		exec(`UPDATE klantcontacten SET plaatsgevonden_op = $2 WHERE id = $1`, c1, local("2026-04-01 00:10"))
		exec(`UPDATE klantcontacten SET uitkomst = 'direct_beantwoord' WHERE id = $1`, c3)
		c4 := contact("2026-04-07 10:00", "email", "contactverzoek", "P2")
		exec(`INSERT INTO interne_taken (id, nummer, klantcontact_id, gevraagde_handeling, status, uiterlijk_op, toegewezen_op,
			created_at, updated_at) VALUES ($1, 'IT-R-1', $2, 'terugbellen', 'te_verwerken', $3, $4, $4, $4)`,
			uuid.NewString(), c4, local("2026-04-08 17:00"), local("2026-04-07 10:00"))
		refresh()
		exec(`UPDATE interne_taken SET status = 'verwerkt', afgehandeld_op = $2 WHERE klantcontact_id = $1`, c4, local("2026-04-08 12:00"))
		c6 := contact("2026-04-09 10:00", "chat", "doorverwezen", "P2")
		exec(`DELETE FROM klantcontacten WHERE id = $1`, c6)

		// the sweep breaches what is overdue on 1 June (a write path without events)
		clk.at("2026-06-01 08:00")
		if _, err := zs.SweepNorms(ctx, clk.Now()); err != nil {
			t.Fatal(err)
		}
		clk.at("2026-06-02 10:00")
		closeZaak(z3)

		refresh()
		maintained := snapshot(t, d)
		if err := rs.Rebuild(ctx); err != nil {
			t.Fatal(err)
		}
		compare(t, maintained, snapshot(t, d))

		// and against the base tables directly
		for _, c := range []struct{ rollup, base string }{
			{`SELECT CAST(SUM(aantal) AS BIGINT) FROM rap_contacten`, `SELECT COUNT(*) FROM klantcontacten`},
			{`SELECT CAST(SUM(aantal) AS BIGINT) FROM rap_zaken`, `SELECT COUNT(*) FROM zaken`},
			{`SELECT CAST(SUM(aantal) AS BIGINT) FROM rap_afgehandeld`, `SELECT COUNT(*) FROM zaken WHERE einddatum IS NOT NULL`},
			{`SELECT CAST(SUM(met) AS BIGINT) FROM rap_normen`, `SELECT COUNT(*) FROM zaak_normen WHERE state = 'met'`},
			{`SELECT CAST(SUM(breached) AS BIGINT) FROM rap_normen`, `SELECT COUNT(*) FROM zaak_normen WHERE state = 'breached'`},
			{`SELECT CAST(SUM(op_tijd) AS BIGINT) FROM rap_taken`, `SELECT COUNT(*) FROM interne_taken WHERE status = 'verwerkt'`},
		} {
			var a, b int64
			if err := d.R.QueryRow(c.rollup).Scan(&a); err != nil {
				t.Fatal(err)
			}
			if err := d.R.QueryRow(c.base).Scan(&b); err != nil {
				t.Fatal(err)
			}
			if a != b || b == 0 {
				t.Errorf("%s = %d, %s = %d", c.rollup, a, c.base, b)
			}
		}
		// z1 was closed twice: one closed zaak on 20 April
		var dag date.Date
		if err := d.R.QueryRow(`SELECT dag FROM rap_afgehandeld WHERE kanaal = 'webformulier'`).Scan(&dag); err != nil || dag != date.MustParse("2026-04-20") {
			t.Errorf("z1 closed on %v (%v), want 2026-04-20", dag, err)
		}
	})
}
