package backoffice_test

import (
	"strings"
	"testing"

	"github.com/gemeenten/loket/internal/backoffice"
	"github.com/gemeenten/loket/internal/besluit"
	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/db/dbtest"
	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/termijn"
	"github.com/gemeenten/loket/internal/zaak"
)

// contested makes a besluit sent on verzonden, on a zaak of its own.
func (e *env) contested(verzonden string) *besluit.Besluit {
	e.t.Helper()
	z := e.create(verzonden)
	b, err := besluit.New(e.d, e.clk.Now).Create(e.ctx, besluit.CreateInput{VerantwoordelijkeOrganisatie: rsin,
		BesluittypeID: e.fx.BesluitType.ID, ZaakID: z.ID, Datum: date.MustParse(verzonden),
		Ingangsdatum: date.MustParse(verzonden), Verzenddatum: date.MustParse(verzonden)})
	if err != nil {
		e.t.Fatal(err)
	}
	return b
}

func (e *env) deadline(id string) date.Date {
	e.t.Helper()
	z, err := e.zaken.Get(e.ctx, id)
	if err != nil {
		e.t.Fatal(err)
	}
	return z.UiterlijkeEinddatumAfdoening
}

func n4Due(t *testing.T, e *env, id string) date.Date {
	t.Helper()
	ns, err := e.zaken.Norms(e.ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range ns {
		if n.Norm == zaak.N4 {
			return n.DueDate
		}
	}
	t.Fatal("no N4")
	return date.Date{}
}

// Linking a bezwaarschrift zaak to the contested besluit makes Awb 7:10 its
// legal deadline (not the zaaktype's 8-week doorlooptijd from receipt),
// with Atw art. 1 over holidays and weekends, N4 moving along; verdaging
// follows 7:10 lid 3 and 4, not the zaaktype's verlengingstermijn.
func TestBezwaarDrivesLegalDeadline(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		b := e.contested("2026-03-02") // objection term ends Monday 13 April 2026
		e.clk.at("2026-04-10")
		bz := e.create("2026-04-10")
		if got := e.deadline(bz.ID); got != date.MustParse("2026-06-05") {
			t.Fatalf("before the link: deadline %s, want the zaaktype's 8 weeks (5 June)", got)
		}
		if _, err := e.s.RegisterBezwaar(e.ctx, bz.ID, backoffice.BezwaarInput{BesluitID: b.ID,
			OntvangenOp: date.MustParse("2026-04-10")}); err != nil {
			t.Fatal(err)
		}
		// 13 April + 6 weeks = Monday 25 May, 2e Pinksterdag → Tuesday 26 May.
		if got := e.deadline(bz.ID); got != date.MustParse("2026-05-26") {
			t.Fatalf("deadline %s, want 2026-05-26", got)
		}
		if got := n4Due(t, e, bz.ID); got != date.MustParse("2026-05-19") {
			t.Errorf("N4 due %s, want a week before the deadline", got)
		}
		r, err := e.zaken.DeadlineExplanation(e.ctx, bz.ID)
		if err != nil || r.End != date.MustParse("2026-05-26") || !strings.Contains(r.Lines[0], "bezwaartermijn liep af") ||
			!strings.Contains(r.Explanation(), "Algemene termijnenwet") {
			t.Errorf("explanation %q %v", r.Explanation(), err)
		}
		if n := e.count(`SELECT COUNT(*) FROM audit_trail WHERE zaak_id = $1 AND actie_weergave LIKE 'Uiterlijke einddatum afdoening opnieuw berekend%'`, bz.ID); n != 1 {
			t.Errorf("%d audit rows for the new deadline", n)
		}

		// Verdaging: at most 6 weeks (7:10 lid 3) — the zaaktype would allow 6 too,
		// so ask for 7 to see the Awb message; nothing is written.
		e.clk.at("2026-05-18")
		_, err = e.zaken.Extend(e.ctx, bz.ID, termijn.Weeks(7), "hoorzitting later")
		if ee := errs.As(err); ee == nil || len(ee.Fields) != 1 || ee.Fields[0].Field != "duur" || !strings.Contains(ee.Fields[0].Reason, "7:10") {
			t.Fatalf("7 weeks: %v", err)
		}
		if n := e.count(`SELECT COUNT(*) FROM verlengingen WHERE zaak_id = $1`, bz.ID); n != 0 {
			t.Fatalf("%d verlengingen after a refusal", n)
		}
		v, err := e.zaken.Extend(e.ctx, bz.ID, termijn.Weeks(6), "advies van de commissie komt later")
		if err != nil {
			t.Fatal(err)
		}
		// 25 May + 6 weeks = Monday 6 July.
		if v.OudeEinddatum != date.MustParse("2026-05-26") || v.NieuweEinddatum != date.MustParse("2026-07-06") ||
			e.deadline(bz.ID) != date.MustParse("2026-07-06") {
			t.Fatalf("verdaging %+v, deadline %s", v, e.deadline(bz.ID))
		}
		// Further delay only with consent (lid 4).
		_, err = e.zaken.Extend(e.ctx, bz.ID, termijn.Weeks(2), "hoorzitting verplaatst")
		if ee := errs.As(err); ee == nil || len(ee.Fields) != 1 || ee.Fields[0].Field != "instemming" {
			t.Fatalf("without consent: %v", err)
		}
		v, err = e.zaken.ExtendWith(e.ctx, bz.ID, zaak.ExtendInput{Duur: termijn.Weeks(2), Reden: "hoorzitting verplaatst",
			Instemming: "Indiener op 15 mei 2026 telefonisch akkoord, bevestigd per brief"})
		if err != nil {
			t.Fatal(err)
		}
		if v.NieuweEinddatum != date.MustParse("2026-07-20") || v.Instemming == "" {
			t.Fatalf("uitstel %+v", v)
		}
		full, err := e.zaken.Get(e.ctx, bz.ID)
		if err != nil || len(full.Verlengingen) != 2 || full.Verlengingen[1].Instemming != v.Instemming {
			t.Fatalf("verlengingen read back %+v %v", full.Verlengingen, err)
		}
	})
}

// Twelve weeks with an advisory committee; an excused late objection that
// arrived on a Saturday runs from the day after receipt and its end, a
// Saturday too, moves to the Monday (Atw art. 1).
func TestBezwaarDeadlineCommitteeAndWeekend(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		b := e.contested("2026-03-02") // objection term ends 13 April
		e.clk.at("2026-04-20")
		withCommittee := e.create("2026-04-13")
		if _, err := e.s.RegisterBezwaar(e.ctx, withCommittee.ID, backoffice.BezwaarInput{BesluitID: b.ID,
			OntvangenOp: date.MustParse("2026-04-13"), Adviescommissie: true}); err != nil {
			t.Fatal(err)
		}
		if got := e.deadline(withCommittee.ID); got != date.MustParse("2026-07-06") {
			t.Errorf("with committee: %s, want 6 July", got)
		}
		late := e.create("2026-04-18")
		got, err := e.s.RegisterBezwaar(e.ctx, late.ID, backoffice.BezwaarInput{BesluitID: b.ID,
			OntvangenOp: date.MustParse("2026-04-18"), Verschoonbaar: "besluit kwam pas op 16 april aan"})
		if err != nil {
			t.Fatal(err)
		}
		// 18 April (Saturday) + 6 weeks = Saturday 30 May → Monday 1 June.
		if dl := e.deadline(late.ID); dl != date.MustParse("2026-06-01") || got.Beslistermijn != dl {
			t.Errorf("late: deadline %s, registered %s, want 1 June for both", dl, got.Beslistermijn)
		}
	})
}
