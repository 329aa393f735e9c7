package zaak_test

import (
	"testing"

	"github.com/gemeenten/loket/internal/catalogus/catalogustest"
	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/db/dbtest"
	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/termijn"
	"github.com/gemeenten/loket/internal/zaak"
)

func TestSuspensionAndExtension(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		z := e.create("2026-03-20") // P8W → 2026-05-18

		// Asked on 25 March with a term up to 8 April: while it runs, the
		// deadline counts the whole term (26 March – 8 April, 14 days):
		// 20 March + 8 weeks = 15 May, + 14 days = 29 May (a working day).
		// Atw art. 1 applies once, to the end result: without suspension
		// 15 May (a day equated to a feestdag) moved to Monday 18 May.
		e.clk.at("2026-03-25")
		_, err := e.s.RequestDocuments(e.ctx, z.ID, "Bouwtekening ontbreekt", date.Date{})
		wantField(t, err, errs.Invalid, "termijnTot", "required")
		op, err := e.s.RequestDocuments(e.ctx, z.ID, "Bouwtekening ontbreekt", date.MustParse("2026-04-08"))
		if err != nil {
			t.Fatal(err)
		}
		z = e.get(z.ID)
		if !z.Opschorting.Indicatie || !z.Opschorting.EerdereOpschorting || op.GevraagdOp != date.MustParse("2026-03-25") {
			t.Errorf("opschorting = %+v", z.Opschorting)
		}
		if z.UiterlijkeEinddatumAfdoening != date.MustParse("2026-05-29") {
			t.Errorf("deadline while suspended = %s, want 2026-05-29", z.UiterlijkeEinddatumAfdoening)
		}
		if n := norm(z, "N2", 1); n.State != zaak.NormMet || n.SettledBy != "documenten_opgevraagd" {
			t.Errorf("N2 = %+v", n)
		}
		_, err = e.s.RequestDocuments(e.ctx, z.ID, "Nog meer", date.MustParse("2026-04-20"))
		wantCode(t, err, errs.Conflict, "al-opgeschort")

		// Documents arrive on 1 April: suspended 26 March – 1 April = 7 days,
		// 15 May + 7 = 22 May.
		e.clk.at("2026-04-02")
		if _, err := e.s.DocumentsReceived(e.ctx, z.ID, date.MustParse("2026-04-03")); err == nil {
			t.Error("documents received in the future accepted")
		}
		if _, err := e.s.DocumentsReceived(e.ctx, z.ID, date.MustParse("2026-04-01")); err != nil {
			t.Fatal(err)
		}
		z = e.get(z.ID)
		if z.Opschorting.Indicatie || z.UiterlijkeEinddatumAfdoening != date.MustParse("2026-05-22") {
			t.Errorf("after resume: indicatie %v deadline %s, want 2026-05-22", z.Opschorting.Indicatie, z.UiterlijkeEinddatumAfdoening)
		}
		// N3: 5 werkdagen after 1 April, skipping Goede Vrijdag and Tweede Paasdag.
		if n := norm(z, "N3", 1); n == nil || n.DueDate != date.MustParse("2026-04-10") || n.State != zaak.NormOpen {
			t.Errorf("N3 = %+v", n)
		}
		if n := norm(z, "N4", 1); n.DueDate != date.MustParse("2026-05-15") {
			t.Errorf("N4 due = %s, want one week before the moved deadline", n.DueDate)
		}
		if _, err := e.s.DocumentsReceived(e.ctx, z.ID, date.MustParse("2026-04-02")); err == nil {
			t.Error("resume without a running suspension accepted")
		}
		if err := e.s.MarkNoticeSent(e.ctx, z.ID, "N3"); err != nil {
			t.Fatal(err)
		}

		// Extension by 6 weeks before the deadline: 22 May + 6 weeks = 3 July.
		e.clk.at("2026-05-01")
		_, err = e.s.Extend(e.ctx, z.ID, termijn.Weeks(7), "Advies welstand")
		wantField(t, err, errs.Invalid, "duur", "te-lang")
		_, err = e.s.Extend(e.ctx, z.ID, termijn.Weeks(6), "")
		wantField(t, err, errs.Invalid, "reden", "required")
		v, err := e.s.Extend(e.ctx, z.ID, termijn.Weeks(6), "Advies welstandscommissie nodig")
		if err != nil {
			t.Fatal(err)
		}
		if v.OudeEinddatum != date.MustParse("2026-05-22") || v.NieuweEinddatum != date.MustParse("2026-07-03") {
			t.Errorf("verlenging %s → %s", v.OudeEinddatum, v.NieuweEinddatum)
		}
		z = e.get(z.ID)
		if z.UiterlijkeEinddatumAfdoening != date.MustParse("2026-07-03") || z.Verlenging.Duur != "P6W" {
			t.Errorf("after extension: %s %+v", z.UiterlijkeEinddatumAfdoening, z.Verlenging)
		}
		if n := norm(z, "N5", 1); n == nil || n.DueDate != date.MustParse("2026-05-22") || n.State != zaak.NormOpen {
			t.Errorf("N5 = %+v", n)
		}
		if n := norm(z, "N4", 1); n.DueDate != date.MustParse("2026-06-26") {
			t.Errorf("N4 due = %s", n.DueDate)
		}
		_, err = e.s.Extend(e.ctx, z.ID, termijn.Weeks(1), "Nog een keer")
		wantCode(t, err, errs.Conflict, "al-verlengd")
		if err := e.s.MarkNoticeSent(e.ctx, z.ID, "N5"); err != nil {
			t.Fatal(err)
		}
		if n := norm(e.get(z.ID), "N5", 1); n.State != zaak.NormMet {
			t.Errorf("N5 after notice = %s", n.State)
		}
		expl, err := e.s.DeadlineExplanation(e.ctx, z.ID)
		if err != nil || expl.End != date.MustParse("2026-07-03") || len(expl.Lines) == 0 {
			t.Errorf("explanation %v %+v", err, expl)
		}
	})
}

func TestSuspensionExpiredUnused(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		z := e.create("2026-03-20")
		e.clk.at("2026-03-25")
		if _, err := e.s.RequestDocuments(e.ctx, z.ID, "Situatietekening", date.MustParse("2026-04-08")); err != nil {
			t.Fatal(err)
		}
		// Documents come a week after the term expired: the clock stood still
		// only up to 8 April (14 days): 15 May + 14 = 29 May.
		e.clk.at("2026-04-15")
		if _, err := e.s.DocumentsReceived(e.ctx, z.ID, date.MustParse("2026-04-15")); err != nil {
			t.Fatal(err)
		}
		if got := e.get(z.ID).UiterlijkeEinddatumAfdoening; got != date.MustParse("2026-05-29") {
			t.Errorf("deadline = %s, want 2026-05-29", got)
		}
	})
}

func TestClockNotAllowed(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, catalogustest.NoOpschorting(), catalogustest.NoVerlenging())
		z := e.create("2026-03-20")
		_, err := e.s.RequestDocuments(e.ctx, z.ID, "Foto", date.MustParse("2026-04-08"))
		wantCode(t, err, errs.Conflict, "opschorting-niet-mogelijk")
		_, err = e.s.Extend(e.ctx, z.ID, termijn.Weeks(2), "Drukte")
		wantCode(t, err, errs.Conflict, "verlenging-niet-mogelijk")
		// After the deadline no extension, even where allowed.
		e2 := newEnv(t, d, catalogustest.Identificatie("MET-VERLENGING"))
		z2 := e2.create("2026-03-20")
		e2.clk.at("2026-05-19")
		_, err = e2.s.Extend(e2.ctx, z2.ID, termijn.Weeks(2), "Te laat")
		wantCode(t, err, errs.Conflict, "termijn-verstreken")
		// DeclareComplete settles N2 once.
		if err := e.s.DeclareComplete(e.ctx, z.ID); err != nil {
			t.Fatal(err)
		}
		if n := norm(e.get(z.ID), "N2", 1); n.State != zaak.NormMet || n.SettledBy != "compleet_verklaard" {
			t.Errorf("N2 = %+v", n)
		}
		wantCode(t, e.s.DeclareComplete(e.ctx, z.ID), errs.Conflict, "geen-open-norm")
	})
}

func TestDwangsom(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		z := e.create("2026-03-20") // deadline 2026-05-18
		e.clk.at("2026-05-10")
		if _, err := e.s.RegisterIngebrekestelling(e.ctx, z.ID, date.MustParse("2026-05-10"), "te vroeg"); err != nil {
			t.Fatal(err)
		}
		v, err := e.s.Dwangsom(e.ctx, z.ID, date.MustParse("2026-07-01"))
		if err != nil || !v.Premature || v.AmountCents != 0 {
			t.Fatalf("premature notice: %+v %v", v, err)
		}
		e.clk.at("2026-05-20")
		_, err = e.s.RegisterIngebrekestelling(e.ctx, z.ID, date.MustParse("2026-05-21"), "")
		wantField(t, err, errs.Invalid, "ontvangenOp", "future")
		if _, err := e.s.RegisterIngebrekestelling(e.ctx, z.ID, date.MustParse("2026-05-20"), "per brief"); err != nil {
			t.Fatal(err)
		}
		// Owed from 20 May + 14 = 3 June; on 16 June 14 days × €23.
		v, err = e.s.Dwangsom(e.ctx, z.ID, date.MustParse("2026-06-16"))
		if err != nil {
			t.Fatal(err)
		}
		if v.FirstDay != date.MustParse("2026-06-03") || v.DaysOwed != 14 || v.AmountCents != 14*2300 {
			t.Errorf("dwangsom = %+v", v.DwangsomResult)
		}
		v, _ = e.s.Dwangsom(e.ctx, z.ID, date.MustParse("2026-12-31"))
		if v.AmountCents != 144200 || !v.MaxReached {
			t.Errorf("capped dwangsom = %+v", v.DwangsomResult)
		}
	})
}

// A doorlooptijd the catalogue should never have let in must not be
// explained as a deadline on the startdatum itself.
func TestDeadlineExplanationInvalidDoorlooptijd(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		z := e.create("2026-03-20")
		if _, err := d.W.ExecContext(e.ctx, `UPDATE zaaktypen SET doorlooptijd = $1 WHERE id = $2`, "acht weken", z.ZaakTypeID); err != nil {
			t.Fatal(err)
		}
		expl, err := e.s.DeadlineExplanation(e.ctx, z.ID)
		if err == nil || errs.KindOf(err) != errs.Internal {
			t.Errorf("DeadlineExplanation = %v, %+v; want an Internal error", err, expl)
		}
	})
}
