package zaak_test

import (
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gemeenten/loket/internal/audit"
	"github.com/gemeenten/loket/internal/catalogus/catalogustest"
	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/db/dbtest"
	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/zaak"
)

func TestCreate(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		z := e.create("2026-03-20")
		if z.Identificatie != "ZAAK-2026-0000000001" {
			t.Errorf("identificatie = %s", z.Identificatie)
		}
		// Awb 4:13: 8 weeks from the day of receipt, same weekday.
		if got := z.UiterlijkeEinddatumAfdoening; got != date.MustParse("2026-05-18") {
			t.Errorf("deadline = %s, want 2026-05-18", got)
		}
		if got := z.EinddatumGepland; got != date.MustParse("2026-05-01") {
			t.Errorf("einddatumGepland = %s, want 2026-05-01 (servicenorm P6W)", got)
		}
		if z.Registratiedatum != date.MustParse("2026-03-20") {
			t.Errorf("registratiedatum = %s", z.Registratiedatum)
		}
		if z.Vertrouwelijkheidaanduiding != "zaakvertrouwelijk" {
			t.Errorf("vertrouwelijkheidaanduiding = %q, want the zaaktype's (zrc-009)", z.Vertrouwelijkheidaanduiding)
		}
		if z.StatusType == nil || z.StatusType.Volgnummer != 1 || z.Status == nil || len(z.Statussen) != 1 {
			t.Fatalf("initial status: %+v %+v", z.StatusType, z.Statussen)
		}
		if z.StatusTypeID != e.statusType(1) {
			t.Errorf("denormalised statustype_id = %s", z.StatusTypeID)
		}
		if len(z.Rollen) != 1 || z.Rollen[0].OmschrijvingGeneriek != "initiator" || z.Rollen[0].IdentValue != bsnAnna {
			t.Fatalf("rollen = %+v", z.Rollen)
		}
		if z.InitiatorType != "bsn" || z.InitiatorID != bsnAnna || z.InitiatorNaam != "Anna Jansen" {
			t.Errorf("initiator = %s %s %s", z.InitiatorType, z.InitiatorID, z.InitiatorNaam)
		}
		// Norms: registered on Friday 2026-03-20. Goede Vrijdag (3 April)
		// and Tweede Paasdag (6 April) are not werkdagen.
		for _, w := range []struct {
			norm, due, state string
		}{
			{"N1", "2026-03-25", zaak.NormOpen},
			{"N2", "2026-04-07", zaak.NormOpen},
			{"N4", "2026-05-11", zaak.NormOpen},
			{"N8", "2026-03-20", zaak.NormMet},
		} {
			n := norm(z, w.norm, 1)
			if n == nil {
				t.Errorf("no norm %s", w.norm)
				continue
			}
			if n.DueDate.String() != w.due || n.State != w.state {
				t.Errorf("%s: due %s state %s, want %s %s", w.norm, n.DueDate, n.State, w.due, w.state)
			}
		}
		if len(z.Normen) != 4 {
			t.Errorf("norms = %d, want 4", len(z.Normen))
		}
		h, err := e.s.History(e.ctx, z.ID)
		if err != nil {
			t.Fatal(err)
		}
		var resources []string
		for _, a := range h.Audit {
			resources = append(resources, a.Resource+"/"+a.Actie)
			if a.GebruikersID != "u-1" {
				t.Errorf("audit actor = %q", a.GebruikersID)
			}
		}
		if fmt.Sprint(resources) != "[zaak/create]" {
			t.Errorf("audit = %v", resources)
		}

		// Numbers run on per year of the startdatum.
		z2 := e.create("2026-03-19")
		z3 := e.create("2025-12-30")
		if z2.Identificatie != "ZAAK-2026-0000000002" || z3.Identificatie != "ZAAK-2025-0000000001" {
			t.Errorf("identificaties %s %s", z2.Identificatie, z3.Identificatie)
		}
		// A number chosen by hand is skipped by the generator.
		in := e.input("2026-03-20")
		in.Identificatie = "ZAAK-2026-0000000003"
		if _, err := e.s.Create(e.ctx, in); err != nil {
			t.Fatal(err)
		}
		if z4 := e.create("2026-03-20"); z4.Identificatie != "ZAAK-2026-0000000004" {
			t.Errorf("after a manual number: %s", z4.Identificatie)
		}
		// (bronorganisatie, identificatie) is unique (zrc-002).
		_, err = e.s.Create(e.ctx, in)
		wantField(t, err, errs.Conflict, "identificatie", "identificatie-niet-uniek")
	})
}

func TestCreateInitiatorKinds(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		in := e.input("2026-03-20")
		in.Initiator = &zaak.RolInput{BetrokkeneType: "niet_natuurlijk_persoon", BetrokkeneIdentificatie: zaak.BetrokkeneIdentificatie{
			KvkNummer: "12345678", InnNnpID: rsinGemeente, StatutaireNaam: "Bouwbedrijf B.V."}}
		z, err := e.s.Create(e.ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		if z.InitiatorType != "kvk" || z.InitiatorID != "12345678" || z.InitiatorNaam != "Bouwbedrijf B.V." {
			t.Errorf("initiator = %s %s %s", z.InitiatorType, z.InitiatorID, z.InitiatorNaam)
		}
		if n := norm(z, "N8", 1); n.State != zaak.NormMet {
			t.Errorf("N8 = %s, want met (eHerkenning with KvK)", n.State)
		}
		in.Initiator = &zaak.RolInput{BetrokkeneType: "vestiging", BetrokkeneIdentificatie: zaak.BetrokkeneIdentificatie{
			VestigingsNummer: "000012345678", Handelsnaam: []string{"Bakkerij Brood"}}}
		z, err = e.s.Create(e.ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		if z.InitiatorType != "vestigingsnummer" || z.InitiatorNaam != "Bakkerij Brood" {
			t.Errorf("vestiging initiator = %s %s", z.InitiatorType, z.InitiatorNaam)
		}
		if n := norm(z, "N8", 1); n.State != zaak.NormNotApplicable {
			t.Errorf("N8 = %s, want not_applicable (no BSN/KvK)", n.State)
		}
		in.Initiator = nil
		z, err = e.s.Create(e.ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		if n := norm(z, "N8", 1); n.State != zaak.NormNotApplicable {
			t.Errorf("N8 without initiator = %s", n.State)
		}
		// Adding an initiator with a BSN later makes the zaak visible in the PIP.
		if _, err := e.s.AddRol(e.ctx, z.ID, zaak.RolInput{RolTypeID: e.rolType("initiator"), BetrokkeneType: "natuurlijk_persoon",
			BetrokkeneIdentificatie: zaak.BetrokkeneIdentificatie{InpBsn: bsnBram, Geslachtsnaam: "Bakker"}}); err != nil {
			t.Fatal(err)
		}
		z = e.get(z.ID)
		if n := norm(z, "N8", 1); n.State != zaak.NormMet || z.InitiatorID != bsnBram {
			t.Errorf("after AddRol: N8 %s initiator %s", n.State, z.InitiatorID)
		}
	})
}

func TestCreateRejectsAndWritesNothing(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		concept := catalogustest.Published(t, d, catalogustest.Identificatie("CONCEPT"))
		if _, err := d.W.Exec(`UPDATE zaaktypen SET concept = $1 WHERE id = $2`, true, concept.ID); err != nil {
			t.Fatal(err)
		}
		later := catalogustest.Published(t, d, catalogustest.Identificatie("LATER"), catalogustest.BeginGeldigheid(date.MustParse("2027-01-01")))
		cases := []struct {
			name, field, code string
			mod               func(*zaak.CreateInput)
		}{
			{"bad RSIN", "bronorganisatie", "invalid-rsin", func(in *zaak.CreateInput) { in.Bronorganisatie = "123456789" }},
			{"no verantwoordelijke", "verantwoordelijkeOrganisatie", "required", func(in *zaak.CreateInput) { in.VerantwoordelijkeOrganisatie = "" }},
			{"bad BSN", "initiator.betrokkeneIdentificatie.inpBsn", "invalid-bsn", func(in *zaak.CreateInput) {
				in.Initiator.BetrokkeneIdentificatie.InpBsn = "123456788"
			}},
			{"bad KvK", "initiator.betrokkeneIdentificatie.kvkNummer", "invalid-kvk", func(in *zaak.CreateInput) {
				in.Initiator = &zaak.RolInput{BetrokkeneType: "niet_natuurlijk_persoon",
					BetrokkeneIdentificatie: zaak.BetrokkeneIdentificatie{KvkNummer: "1234"}}
			}},
			{"concept zaaktype", "zaaktype", "not-published", func(in *zaak.CreateInput) { in.ZaakTypeID = concept.ID }},
			{"zaaktype not yet valid", "zaaktype", "zaaktype-niet-geldig", func(in *zaak.CreateInput) { in.ZaakTypeID = later.ID }},
			{"unknown zaaktype", "zaaktype", "does_not_exist", func(in *zaak.CreateInput) { in.ZaakTypeID = "00000000-0000-0000-0000-000000000000" }},
			{"no startdatum", "startdatum", "required", func(in *zaak.CreateInput) { in.Startdatum = date.Date{} }},
			{"bad kanaal", "kanaal", "invalid_choice", func(in *zaak.CreateInput) { in.Kanaal = "duif" }},
			{"registratiedatum in future", "registratiedatum", "future", func(in *zaak.CreateInput) {
				in.Registratiedatum = date.MustParse("2026-03-21")
			}},
			{"hoofdzaak unknown", "hoofdzaak", "does_not_exist", func(in *zaak.CreateInput) { in.HoofdzaakID = "x" }},
			{"producten not of zaaktype", "productenOfDiensten", "invalid-products-services", func(in *zaak.CreateInput) {
				in.ProductenOfDiensten = []string{"https://elders.nl/p/1"}
			}},
			{"betaling nvt with date", "laatsteBetaaldatum", "betaling-nvt", func(in *zaak.CreateInput) {
				t := e.clk.Now()
				in.Betalingsindicatie, in.LaatsteBetaaldatum = "nvt", &t
			}},
			{"relatie overig without omschrijving", "relevanteAndereZaken.0.overigeRelatie", "required", func(in *zaak.CreateInput) {
				in.RelevanteAndereZaken = []zaak.RelatieInput{{URL: "https://elders.nl/zaken/1", AardRelatie: "overig"}}
			}},
		}
		for _, c := range cases {
			in := e.input("2026-03-20")
			c.mod(&in)
			_, err := e.s.Create(e.ctx, in)
			if err == nil {
				t.Errorf("%s: accepted", c.name)
				continue
			}
			e := errs.As(err)
			found := false
			for _, f := range e.Fields {
				found = found || (f.Field == c.field && f.Code == c.code)
			}
			if e.Kind != errs.Invalid || !found {
				t.Errorf("%s: got %v", c.name, err)
			}
		}
		tables := []string{"zaken", "statussen", "rollen", "zaak_normen", "identificatie_seq"}
		if d.Engine == db.Postgres {
			tables = tables[:4] // PostgreSQL draws the number before the transaction (gaps allowed)
		}
		for _, table := range tables {
			if n := e.count(`SELECT COUNT(*) FROM ` + table); n != 0 {
				t.Errorf("%s has %d rows after rejected creates", table, n)
			}
		}
		if n := e.count(`SELECT COUNT(*) FROM audit_trail WHERE bron = 'ZRC'`); n != 0 {
			t.Errorf("%d zaak audit rows after rejected creates", n)
		}
	})
}

// A failure late in the transaction — after the zaak, status, rol and
// their audit rows were written — rolls all of them back.
func TestCreateFailureRollsBackAudit(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		if d.Engine == db.SQLite {
			if _, err := d.W.Exec(`CREATE TRIGGER fail_norms BEFORE INSERT ON zaak_normen BEGIN SELECT RAISE(ABORT, 'boom'); END`); err != nil {
				t.Fatal(err)
			}
		} else {
			if _, err := d.W.Exec(`CREATE FUNCTION fail_norms() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'boom'; END $$;
				CREATE TRIGGER fail_norms BEFORE INSERT ON zaak_normen FOR EACH ROW EXECUTE FUNCTION fail_norms()`); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := e.s.Create(e.ctx, e.input("2026-03-20")); err == nil {
			t.Fatal("create succeeded despite the failing norm insert")
		}
		tables := []string{"zaken", "statussen", "rollen", "identificatie_seq"}
		if d.Engine == db.Postgres {
			tables = tables[:3]
		}
		for _, table := range tables {
			if n := e.count(`SELECT COUNT(*) FROM ` + table); n != 0 {
				t.Errorf("%s has %d rows after a failed create", table, n)
			}
		}
		if n := e.count(`SELECT COUNT(*) FROM audit_trail WHERE bron = 'ZRC'`); n != 0 {
			t.Errorf("%d zaak audit rows after a failed create", n)
		}
	})
}

func TestCreateConcurrentIdentificatie(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		var wg sync.WaitGroup
		ids := make(chan string, 40)
		errc := make(chan error, 40)
		for range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for range 5 {
					z, err := e.s.Create(e.ctx, e.input("2026-03-20"))
					if err != nil {
						errc <- err
						return
					}
					ids <- z.Identificatie
				}
			}()
		}
		wg.Wait()
		close(ids)
		close(errc)
		for err := range errc {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		for id := range ids {
			if seen[id] {
				t.Errorf("duplicate identificatie %s", id)
			}
			seen[id] = true
		}
		if len(seen) != 40 || !seen["ZAAK-2026-0000000040"] {
			t.Errorf("got %d identificaties", len(seen))
		}
	})
}

func TestUpdateAndDelete(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		z := e.create("2026-03-20")
		other := "ZAAK-X"
		_, err := e.s.Update(e.ctx, z.ID, zaak.UpdateInput{Identificatie: &other})
		wantField(t, err, errs.Invalid, "identificatie", "wijzigen-niet-toegelaten")

		paid := e.clk.Now().Add(-24 * 60 * 60 * 1e9)
		geheel := "geheel"
		z, err = e.s.Update(e.ctx, z.ID, zaak.UpdateInput{Betalingsindicatie: &geheel, LaatsteBetaaldatum: &paid})
		if err != nil || z.LaatsteBetaaldatum == nil {
			t.Fatalf("betaling: %v %v", err, z)
		}
		nvt := "nvt"
		_, err = e.s.Update(e.ctx, z.ID, zaak.UpdateInput{Betalingsindicatie: &nvt, LaatsteBetaaldatum: &paid})
		wantField(t, err, errs.Invalid, "laatsteBetaaldatum", "betaling-nvt")
		z, err = e.s.Update(e.ctx, z.ID, zaak.UpdateInput{Betalingsindicatie: &nvt})
		if err != nil || z.LaatsteBetaaldatum != nil || z.Betalingsindicatie != "nvt" {
			t.Fatalf("nvt must clear the date (zrc-014): %v %v", err, z.LaatsteBetaaldatum)
		}
		// Moving the startdatum recomputes the legal deadline.
		start := date.MustParse("2026-03-12")
		oms := "Dakkapel en schuur"
		z, err = e.s.Update(e.ctx, z.ID, zaak.UpdateInput{Startdatum: &start, Omschrijving: &oms})
		if err != nil {
			t.Fatal(err)
		}
		if z.UiterlijkeEinddatumAfdoening != date.MustParse("2026-05-07") || norm(z, "N4", 1).DueDate != date.MustParse("2026-04-30") {
			t.Errorf("after startdatum change: deadline %s N4 %s", z.UiterlijkeEinddatumAfdoening, norm(z, "N4", 1).DueDate)
		}

		deel := e.input("2026-03-20")
		deel.HoofdzaakID = z.ID
		dz, err := e.s.Create(e.ctx, deel)
		if err != nil {
			t.Fatal(err)
		}
		if err := e.s.Delete(e.ctx, z.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := e.s.Get(e.ctx, dz.ID); !errs.Is(err, errs.NotFound) {
			t.Errorf("deelzaak survived the delete: %v", err)
		}
		for _, table := range []string{"zaken", "statussen", "rollen", "zaak_normen"} {
			if n := e.count(`SELECT COUNT(*) FROM ` + table); n != 0 {
				t.Errorf("%s has %d rows after delete", table, n)
			}
		}
		rows, err := audit.ForResource(e.ctx, d.R, "zaak", z.ID)
		if err != nil || len(rows) != 1 || rows[0].Actie != "destroy" {
			t.Errorf("delete trace = %+v %v", rows, err)
		}
		if n := e.count(`SELECT COUNT(*) FROM audit_trail WHERE zaak_id IS NOT NULL`); n != 0 {
			t.Errorf("%d audit rows of the deleted zaken remain", n)
		}
	})
}

// Group commit (SQLite): a create that fails after writing — here a
// trigger refuses its norm rows — is rolled back to its savepoint, while the
// creates that share its transaction commit.
func TestGroupCommitIsolatesFailures(t *testing.T) {
	d := dbtest.New(t, db.SQLite)
	e := newEnv(t, d)
	if _, err := d.W.Exec(`CREATE TRIGGER fail_norms BEFORE INSERT ON zaak_normen
		WHEN (SELECT omschrijving FROM zaken WHERE id = NEW.zaak_id) = 'boom'
		BEGIN SELECT RAISE(ABORT, 'boom'); END`); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	ok, failed := 0, 0
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 20 {
				in := e.input("2026-03-20")
				bad := (g+i)%3 == 0
				if bad {
					in.Omschrijving = "boom"
				}
				_, err := e.s.CreateID(e.ctx, in)
				mu.Lock()
				switch {
				case bad && err != nil:
					failed++
				case !bad && err == nil:
					ok++
				default:
					t.Errorf("bad=%v err=%v", bad, err)
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if n := e.count(`SELECT COUNT(*) FROM zaken`); n != ok {
		t.Errorf("%d zaken, want %d", n, ok)
	}
	for _, q := range []string{
		`SELECT COUNT(*) FROM zaken WHERE omschrijving = 'boom'`,
		`SELECT COUNT(*) FROM statussen s JOIN zaken z ON z.id = s.zaak_id WHERE z.omschrijving = 'boom'`,
		`SELECT COUNT(*) FROM statussen WHERE zaak_id NOT IN (SELECT id FROM zaken)`,
		`SELECT COUNT(*) FROM rollen WHERE zaak_id NOT IN (SELECT id FROM zaken)`,
		`SELECT COUNT(*) FROM audit_trail WHERE bron = 'ZRC' AND zaak_id NOT IN (SELECT id FROM zaken)`,
	} {
		if n := e.count(q); n != 0 {
			t.Errorf("%s: %d", q, n)
		}
	}
	if n := e.count(`SELECT COUNT(*) FROM zaak_normen`); n != 4*ok {
		t.Errorf("%d norms, want %d", n, 4*ok)
	}
	if failed == 0 || ok == 0 {
		t.Errorf("ok %d failed %d", ok, failed)
	}
}

// Group commit (SQLite): a create that panics inside the shared
// transaction must not leave the group without a leader — later creates
// would wait forever.
func TestGroupCommitSurvivesAPanic(t *testing.T) {
	d := dbtest.New(t, db.SQLite)
	e := newEnv(t, d)
	var boom atomic.Bool
	clk := e.s.Now
	e.s.Now = func() time.Time {
		if boom.Load() {
			panic("clock broke")
		}
		return clk()
	}
	boom.Store(true)
	func() {
		defer func() { recover() }() // the panic may reach the caller; that is fine
		if _, err := e.s.CreateID(e.ctx, e.input("2026-03-20")); err == nil {
			t.Error("create with a broken clock succeeded")
		}
	}()
	boom.Store(false)
	done := make(chan error, 1)
	go func() {
		_, err := e.s.CreateID(e.ctx, e.input("2026-03-20"))
		done <- err
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("create after the panic: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("create after a panicking create never returned: the group lost its leader")
	}
	if n := e.count(`SELECT COUNT(*) FROM zaken`); n != 1 {
		t.Fatalf("%d zaken, want 1", n)
	}
}
