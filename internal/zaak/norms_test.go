package zaak_test

import (
	"testing"
	"time"

	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/db/dbtest"
	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/zaak"
)

func TestNormsSweep(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		z := e.create("2026-03-20") // N1 due 25 March, N2 7 April, N4 11 May
		quick := e.create("2026-03-20")
		if err := e.s.MarkNoticeSent(e.ctx, quick.ID, "N1"); err != nil {
			t.Fatal(err)
		}
		wantCode(t, e.s.MarkNoticeSent(e.ctx, quick.ID, "N1"), errs.Conflict, "geen-open-norm")
		_, err := e.s.RegisterStatusQuestion(e.ctx, quick.ID, "duif", false)
		wantField(t, err, errs.Invalid, "kanaal", "invalid_choice")

		// On the due date nothing is late yet; N1 of z is at risk.
		e.clk.at("2026-03-25")
		res, err := e.s.SweepNorms(e.ctx, e.clk.Now())
		if err != nil {
			t.Fatal(err)
		}
		if res.Breached != 0 || res.AtRisk["N1"] != 1 {
			t.Errorf("sweep on due date: %+v", res)
		}
		// The day after, N1 of z is breached; the acknowledged zaak is not.
		e.clk.at("2026-03-26")
		res, err = e.s.SweepNorms(e.ctx, e.clk.Now())
		if err != nil {
			t.Fatal(err)
		}
		if res.Breached != 1 || res.BreachedBy["N1"] != 1 {
			t.Errorf("sweep: %+v", res)
		}
		if n := norm(e.get(z.ID), "N1", 1); n.State != zaak.NormBreached || n.BreachedAt == nil {
			t.Errorf("N1 = %+v", n)
		}
		if n := norm(e.get(quick.ID), "N1", 1); n.State != zaak.NormMet {
			t.Errorf("acknowledged N1 = %+v", n)
		}
		// Idempotent.
		if res, _ = e.s.SweepNorms(e.ctx, e.clk.Now()); res.Breached != 0 {
			t.Errorf("second sweep breached %d", res.Breached)
		}
		// A late acknowledgement is recorded but stays a breach.
		if err := e.s.MarkNoticeSent(e.ctx, z.ID, "N1"); err != nil {
			t.Fatal(err)
		}
		if n := norm(e.get(z.ID), "N1", 1); n.State != zaak.NormBreached || n.SettledBy != "brief_verstuurd" || n.SettledAt == nil {
			t.Errorf("late N1 = %+v", n)
		}
		// Past N4 (11 May) on an open zaak: N4 breaches and an N5 starts,
		// due on the legal deadline.
		e.clk.at("2026-05-12")
		res, err = e.s.SweepNorms(e.ctx, e.clk.Now())
		if err != nil {
			t.Fatal(err)
		}
		if res.BreachedBy["N2"] != 2 || res.BreachedBy["N4"] != 2 || res.N5Created != 2 {
			t.Errorf("sweep on 12 May: %+v", res)
		}
		zz := e.get(z.ID)
		if n := norm(zz, "N5", 1); n == nil || n.DueDate != date.MustParse("2026-05-18") || n.State != zaak.NormOpen {
			t.Errorf("N5 = %+v", n)
		}
		if res, _ = e.s.SweepNorms(e.ctx, e.clk.Now()); res.N5Created != 0 || res.Breached != 0 {
			t.Errorf("repeat sweep: %+v", res)
		}
		// Closing before the deadline makes the pending notice moot.
		zz = e.close(zz, e.resultaatType("Verleend"))
		if n := norm(zz, "N5", 1); n.State != zaak.NormNotApplicable {
			t.Errorf("N5 after close = %s", n.State)
		}
		if n := norm(zz, "N4", 1); n.State != zaak.NormBreached {
			t.Errorf("N4 stays breached: %s", n.State)
		}
	})
}

func TestSweepBatches(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		for range 260 { // 260 × N1,N2,N4 → 780 open norms due before July; > one batch with N5s
			if _, err := e.s.Create(e.ctx, e.input("2026-03-20")); err != nil {
				t.Fatal(err)
			}
		}
		e.clk.at("2026-07-01")
		res, err := e.s.SweepNorms(e.ctx, e.clk.Now())
		if err != nil {
			t.Fatal(err)
		}
		if res.Breached != 780 || res.N5Created != 260 {
			t.Errorf("sweep: %+v", res)
		}
		// The N5s created are themselves due on 18 May: the next sweep breaches them.
		res, _ = e.s.SweepNorms(e.ctx, e.clk.Now())
		if res.Breached != 260 || res.N5Created != 0 {
			t.Errorf("second sweep: %+v", res)
		}
		if n := e.count(`SELECT COUNT(*) FROM zaak_normen WHERE state = 'open'`); n != 0 {
			t.Errorf("%d open norms left", n)
		}
	})
}

func TestStatusQuestions(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		z := e.create("2026-03-20")
		e.clk.at("2026-04-02") // Thursday before Easter
		n, err := e.s.RegisterStatusQuestion(e.ctx, z.ID, "telefoon", true)
		if err != nil || n.State != zaak.NormMet || n.Volgnummer != 1 {
			t.Fatalf("direct answer: %+v %v", n, err)
		}
		n, err = e.s.RegisterStatusQuestion(e.ctx, z.ID, "telefoon", false)
		if err != nil || n.State != zaak.NormOpen || n.DueDate != date.MustParse("2026-04-07") || n.Volgnummer != 2 {
			t.Fatalf("callback: %+v %v", n, err) // +1 werkdag over Goede Vrijdag and Tweede Paasdag
		}
		n, err = e.s.RegisterStatusQuestion(e.ctx, z.ID, "email", false)
		if err != nil || n.DueDate != date.MustParse("2026-04-09") {
			t.Fatalf("written: %+v %v", n, err)
		}
		if err := e.s.AnswerStatusQuestion(e.ctx, z.ID, 2); err != nil {
			t.Fatal(err)
		}
		zz := e.get(z.ID)
		if norm(zz, "N7", 2).State != zaak.NormMet || norm(zz, "N7", 3).State != zaak.NormOpen {
			t.Errorf("N7 states %s %s", norm(zz, "N7", 2).State, norm(zz, "N7", 3).State)
		}
		wantCode(t, e.s.AnswerStatusQuestion(e.ctx, z.ID, 2), errs.Conflict, "geen-open-norm")
	})
}

func TestRollenEnEigenschappen(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		z := e.create("2026-03-20")
		userID, teamID := "7b0c1f5e-1d2a-4c3b-9e8f-0a1b2c3d4e5f", "0c9d8e7f-6a5b-4c3d-2e1f-0a9b8c7d6e5f"
		if _, err := d.W.Exec(`INSERT INTO teams (id, code, naam) VALUES ($1, 'VERG', 'Vergunningen')`, teamID); err != nil {
			t.Fatal(err)
		}
		if _, err := d.W.Exec(`INSERT INTO users (id, username, naam, team_id) VALUES ($1, 'bea', 'Bea Behandelaar', $2)`, userID, teamID); err != nil {
			t.Fatal(err)
		}
		other := newEnv(t, d)
		_, err := e.s.AddRol(e.ctx, z.ID, zaak.RolInput{RolTypeID: other.rolType("behandelaar"), BetrokkeneType: "medewerker",
			BetrokkeneIdentificatie: zaak.BetrokkeneIdentificatie{Identificatie: "bea"}})
		wantField(t, err, errs.Invalid, "roltype", "zaaktype-mismatch")
		_, err = e.s.AddRol(e.ctx, z.ID, zaak.RolInput{RolTypeID: e.rolType("behandelaar"), BetrokkeneType: "medewerker"})
		wantField(t, err, errs.Invalid, "betrokkeneIdentificatie.identificatie", "required")

		r, err := e.s.AddRol(e.ctx, z.ID, zaak.RolInput{RolTypeID: e.rolType("behandelaar"), BetrokkeneType: "medewerker",
			BetrokkeneIdentificatie: zaak.BetrokkeneIdentificatie{Identificatie: "bea"}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.s.AddRol(e.ctx, z.ID, zaak.RolInput{RolTypeID: e.rolType("behandelaar"), BetrokkeneType: "organisatorische_eenheid",
			BetrokkeneIdentificatie: zaak.BetrokkeneIdentificatie{Identificatie: "VERG"}}); err != nil {
			t.Fatal(err)
		}
		zz := e.get(z.ID)
		if zz.BehandelaarID != userID || zz.TeamID != teamID || len(zz.Rollen) != 3 {
			t.Errorf("behandelaar %q team %q rollen %d", zz.BehandelaarID, zz.TeamID, len(zz.Rollen))
		}
		if err := e.s.RemoveRol(e.ctx, r.ID); err != nil {
			t.Fatal(err)
		}
		if zz = e.get(z.ID); zz.BehandelaarID != "" || len(zz.Rollen) != 2 {
			t.Errorf("after removing the behandelaar: %q %d", zz.BehandelaarID, len(zz.Rollen))
		}
		open := true
		page, err := e.s.List(e.ctx, zaak.Filter{TeamID: teamID, Open: &open})
		if err != nil || len(page.Items) != 1 {
			t.Errorf("team list: %v %v", page, err)
		}

		// kadastraleAanduiding: tekst, at most 40 characters.
		eig := e.zt.Eigenschappen[0].ID
		_, err = e.s.SetEigenschap(e.ctx, z.ID, eig, "ABC01-K-1234-5678-9012-3456-7890-1234-5678-90")
		wantField(t, err, errs.Invalid, "waarde", "invalid")
		ze, err := e.s.SetEigenschap(e.ctx, z.ID, eig, "ABC01 K 1234")
		if err != nil {
			t.Fatal(err)
		}
		datum := e.addEigenschap("datumAanvraag", "datum", "8")
		getal := e.addEigenschap("oppervlakte", "getal", "6")
		for _, bad := range []struct{ id, v string }{{datum, "2026-03-20"}, {datum, "20260230"}, {getal, "12a"}, {getal, "1234567"}} {
			if _, err := e.s.SetEigenschap(e.ctx, z.ID, bad.id, bad.v); !errs.Is(err, errs.Invalid) {
				t.Errorf("%s accepted: %v", bad.v, err)
			}
		}
		for _, ok := range []struct{ id, v string }{{datum, "20260320"}, {getal, "12,5"}} {
			if _, err := e.s.SetEigenschap(e.ctx, z.ID, ok.id, ok.v); err != nil {
				t.Errorf("%s refused: %v", ok.v, err)
			}
		}
		if _, err := e.s.UpdateEigenschap(e.ctx, ze.ID, "ABC01 K 9999"); err != nil {
			t.Fatal(err)
		}
		_, err = e.s.AddObject(e.ctx, z.ID, zaak.ZaakObjectInput{ObjectType: "kasteel", Object: "https://bag/1"})
		wantField(t, err, errs.Invalid, "objectType", "invalid_choice")
		_, err = e.s.AddObject(e.ctx, z.ID, zaak.ZaakObjectInput{ObjectType: "overige", Object: "https://x/1"})
		wantField(t, err, errs.Invalid, "objectTypeOverige", "required")
		o, err := e.s.AddObject(e.ctx, z.ID, zaak.ZaakObjectInput{ObjectType: "pand", Object: "https://bag.basisregistraties.overheid.nl/api/v2/panden/0363100012345678"})
		if err != nil {
			t.Fatal(err)
		}
		rel, err := e.s.AddRelatie(e.ctx, z.ID, zaak.RelatieInput{URL: "https://elders.nl/zaken/1", AardRelatie: "bijdrage"})
		if err != nil {
			t.Fatal(err)
		}
		_, err = e.s.AddRelatie(e.ctx, z.ID, zaak.RelatieInput{AndereZaakID: z.ID, AardRelatie: "vervolg"})
		wantField(t, err, errs.Invalid, "relevanteAndereZaken.0.url", "self-forbidden")
		zz = e.get(z.ID)
		if len(zz.Eigenschappen) != 3 || len(zz.Objecten) != 1 || len(zz.Relaties) != 1 {
			t.Errorf("parts: %d eigenschappen %d objecten %d relaties", len(zz.Eigenschappen), len(zz.Objecten), len(zz.Relaties))
		}
		if err := e.s.RemoveObject(e.ctx, o.ID); err != nil {
			t.Fatal(err)
		}
		if err := e.s.RemoveRelatie(e.ctx, rel.ID); err != nil {
			t.Fatal(err)
		}
		if err := e.s.RemoveEigenschap(e.ctx, ze.ID); err != nil {
			t.Fatal(err)
		}
		if err := e.s.RemoveRol(e.ctx, "nonsense"); !errs.Is(err, errs.NotFound) {
			t.Errorf("unknown rol: %v", err)
		}
	})
}

// A sweep that has to wait for a transaction moving N4's due date (an
// extension, a documents-received) must judge the moved date, not the one it
// saw before the wait. Only PostgreSQL has concurrent writers.
func TestNormsSweepRechecksDueAfterWait(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		if d.Engine != db.Postgres {
			t.Skip("SQLite has one writer: a sweep never waits on another transaction")
		}
		e := newEnv(t, d)
		z := e.create("2026-03-20") // N4 due 11 May
		tx, err := d.W.BeginTx(e.ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Rollback()
		if _, err := tx.ExecContext(e.ctx, `UPDATE zaak_normen SET due_date = $2 WHERE zaak_id = $1 AND norm = 'N4'`,
			z.ID, date.MustParse("2026-06-26")); err != nil {
			t.Fatal(err)
		}
		e.clk.at("2026-05-13")
		done := make(chan error, 1)
		go func() {
			_, err := e.s.SweepNorms(e.ctx, e.clk.Now())
			done <- err
		}()
		// Wait until the sweep blocks on the N4 row lock held by tx.
		for i := 0; ; i++ {
			var waiting int
			if err := d.R.QueryRowContext(e.ctx, `SELECT COUNT(*) FROM pg_stat_activity
				WHERE datname = current_database() AND wait_event_type = 'Lock'
				AND query LIKE 'UPDATE zaak_normen SET state%'`).Scan(&waiting); err != nil {
				t.Fatal(err)
			}
			if waiting > 0 {
				break
			}
			if i == 1000 {
				t.Fatal("the sweep never waited for the row lock")
			}
			time.Sleep(5 * time.Millisecond)
		}
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		if n := norm(e.get(z.ID), "N4", 1); n.State != zaak.NormOpen {
			t.Errorf("N4 due %s is %s after the sweep of 13 May; want open", n.DueDate, n.State)
		}
	})
}
