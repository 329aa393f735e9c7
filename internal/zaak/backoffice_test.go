package zaak_test

import (
	"context"
	"database/sql"
	"testing"

	"github.com/google/uuid"

	"github.com/gemeenten/loket/internal/audit"
	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/db/dbtest"
	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/termijn"
	"github.com/gemeenten/loket/internal/zaak"
)

type office struct {
	*env
	team, other         string
	bea, piet, outsider string
	lead                context.Context
}

func newOffice(t *testing.T, d *db.DB) *office {
	t.Helper()
	team, other := uuid.NewString(), uuid.NewString()
	for _, tm := range []struct{ id, code string }{{team, "VERG"}, {other, "BELA"}} {
		if _, err := d.W.Exec(`INSERT INTO teams (id, code, naam) VALUES ($1, $2, $2)`, tm.id, tm.code); err != nil {
			t.Fatal(err)
		}
	}
	user := func(name, teamID string, roles ...string) string {
		id := uuid.NewString()
		if _, err := d.W.Exec(`INSERT INTO users (id, username, naam, team_id) VALUES ($1, $2, $2, $3)`, id, name, teamID); err != nil {
			t.Fatal(err)
		}
		for _, r := range roles {
			if _, err := d.W.Exec(`INSERT INTO user_roles (user_id, rol) VALUES ($1, $2)`, id, r); err != nil {
				t.Fatal(err)
			}
		}
		return id
	}
	o := &office{team: team, other: other}
	o.env = newEnv(t, d)
	o.bea = user("bea", team, "behandelaar")
	o.piet = user("piet", team, "kcc")
	o.outsider = user("olaf", other, "behandelaar")
	o.lead = audit.WithActor(context.Background(), audit.Actor{Kind: "medewerker", ID: "lead", Name: "Tineke Teamleider",
		Roles: []string{"teamleider"}, TeamID: team})
	return o
}

func (o *office) createIn(start string) *zaak.Zaak {
	o.t.Helper()
	in := o.input(start)
	in.TeamID = o.team
	z, err := o.s.Create(o.ctx, in)
	if err != nil {
		o.t.Fatal(err)
	}
	return z
}

func TestAssignRulesAndBulk(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		o := newOffice(t, d)
		a, b, c := o.createIn("2026-03-16"), o.createIn("2026-03-17"), o.createIn("2026-03-18")
		ids := []string{a.ID, b.ID, c.ID}
		// A behandelaar may not assign.
		if _, err := o.s.Assign(o.ctx, ids, zaak.Assignment{TeamID: o.team, BehandelaarID: o.bea}); !errs.Is(err, errs.Forbidden) {
			t.Fatalf("behandelaar: %v", err)
		}
		// Someone of another team, or without the role, is refused.
		_, err := o.s.Assign(o.lead, ids, zaak.Assignment{TeamID: o.team, BehandelaarID: o.outsider})
		wantField(t, err, errs.Invalid, "behandelaar", "other-team")
		_, err = o.s.Assign(o.lead, ids, zaak.Assignment{TeamID: o.team, BehandelaarID: o.piet})
		wantField(t, err, errs.Invalid, "behandelaar", "no-role")
		_, err = o.s.Assign(o.lead, nil, zaak.Assignment{})
		wantField(t, err, errs.Invalid, "zaken", "required")
		// One closed zaak in the batch: nothing is assigned.
		o.close(c, o.resultaatType("Verleend"))
		_, err = o.s.Assign(o.lead, ids, zaak.Assignment{TeamID: o.team, BehandelaarID: o.bea})
		wantCode(t, err, errs.Conflict, "zaak-afgesloten")
		if n := o.count(`SELECT COUNT(*) FROM zaken WHERE behandelaar_id IS NOT NULL`); n != 0 {
			t.Fatalf("%d zaken assigned after a rejected batch", n)
		}
		n, err := o.s.Assign(o.lead, ids[:2], zaak.Assignment{TeamID: o.team, BehandelaarID: o.bea})
		if err != nil || n != 2 {
			t.Fatalf("assign: %d %v", n, err)
		}
		if got := o.get(a.ID); got.BehandelaarID != o.bea || got.TeamID != o.team {
			t.Errorf("assigned: %+v", got)
		}
		// Assigning again changes nothing and writes no audit row.
		before := o.count(`SELECT COUNT(*) FROM audit_trail WHERE actie = 'toewijzen'`)
		if n, _ := o.s.Assign(o.lead, ids[:2], zaak.Assignment{TeamID: o.team, BehandelaarID: o.bea}); n != 0 {
			t.Errorf("re-assign changed %d", n)
		}
		if after := o.count(`SELECT COUNT(*) FROM audit_trail WHERE actie = 'toewijzen'`); after != before || before != 2 {
			t.Errorf("audit rows %d → %d", before, after)
		}
		// Reassign to another team (without a behandelaar).
		if _, err := o.s.Assign(o.lead, []string{a.ID}, zaak.Assignment{TeamID: o.other}); err != nil {
			t.Fatal(err)
		}
		if got := o.get(a.ID); got.TeamID != o.other || got.BehandelaarID != "" {
			t.Errorf("reassigned: %+v", got)
		}
	})
}

func TestQueueOrderSignalsAndCounts(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		o := newOffice(t, d)
		o.clk.at("2026-03-02")
		early := o.createIn("2026-03-02") // N1 due 5 March, deadline 27 April
		o.clk.at("2026-03-04")
		late := o.createIn("2026-03-04") // N1 due 9 March
		waiting := o.createIn("2026-03-04")
		if err := o.s.MarkNoticeSent(o.ctx, late.ID, zaak.N1); err != nil {
			t.Fatal(err)
		}
		if _, err := o.s.RequestDocuments(o.ctx, waiting.ID, "bouwtekening", date.MustParse("2026-03-25")); err != nil {
			t.Fatal(err)
		}
		if err := o.s.MarkNoticeSent(o.ctx, waiting.ID, zaak.N1); err != nil {
			t.Fatal(err)
		}
		// 6 March: early's N1 (due 5 March) is past.
		o.clk.at("2026-03-06")
		if _, err := o.s.SweepNorms(o.ctx, o.clk.Now()); err != nil {
			t.Fatal(err)
		}
		p, err := o.s.Queue(o.ctx, zaak.QueueFilter{TeamID: o.team})
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Items) != 3 || p.Items[0].Zaak.ID != early.ID {
			t.Fatalf("order: %+v", p.Items)
		}
		for i := 1; i < len(p.Items); i++ {
			if p.Items[i].Zaak.UiterlijkeEinddatumAfdoening.Before(p.Items[i-1].Zaak.UiterlijkeEinddatumAfdoening) {
				t.Errorf("not ordered by deadline at %d", i)
			}
		}
		sig := map[string]string{}
		for _, it := range p.Items {
			sig[it.Zaak.ID] = it.Signal
		}
		if sig[early.ID] != zaak.SignalBreached || sig[late.ID] != zaak.SignalOnTrack || sig[waiting.ID] != zaak.SignalOnTrack {
			t.Errorf("signals %v", sig)
		}
		if it := p.Items[0]; it.DaysLeft != 53 || it.WorkdaysLeft != 34 {
			// Deadline 27 April is Koningsdag, so 28 April (Atw): 53 days; legal
			// working days in (6 Mar, 28 Apr] without Goede Vrijdag, Tweede
			// Paasdag and Koningsdag: 17 + 17.
			t.Errorf("days left %d, werkdagen %d", it.DaysLeft, it.WorkdaysLeft)
		}
		c, err := o.s.QueueCount(o.ctx, o.team, "")
		if err != nil {
			t.Fatal(err)
		}
		if c != (zaak.QueueCounts{Open: 3, AtRisk: 0, Breached: 1, Waiting: 1}) {
			t.Errorf("counts %+v", c)
		}
		// Filters: signal, waiting, behandelaar, paging.
		for _, tc := range []struct {
			f    zaak.QueueFilter
			want int
		}{
			{zaak.QueueFilter{TeamID: o.team, Signal: zaak.SignalBreached}, 1},
			{zaak.QueueFilter{TeamID: o.team, Signal: zaak.SignalOnTrack}, 2},
			{zaak.QueueFilter{TeamID: o.team, Waiting: true}, 1},
			{zaak.QueueFilter{TeamID: o.team, Unassigned: true}, 3},
			{zaak.QueueFilter{TeamID: o.team, Initiator: bsnAnna}, 3},
			{zaak.QueueFilter{TeamID: o.other}, 0},
		} {
			p, err := o.s.Queue(o.ctx, tc.f)
			if err != nil || len(p.Items) != tc.want {
				t.Errorf("%+v: %d items, want %d (%v)", tc.f, len(p.Items), tc.want, err)
			}
		}
		p1, _ := o.s.Queue(o.ctx, zaak.QueueFilter{TeamID: o.team, Limit: 2})
		p2, err := o.s.Queue(o.ctx, zaak.QueueFilter{TeamID: o.team, Limit: 2, After: p1.Next})
		if err != nil || len(p1.Items) != 2 || len(p2.Items) != 1 || p2.Next != "" || p2.Items[0].Zaak.ID == p1.Items[1].Zaak.ID {
			t.Errorf("paging: %d %d %v", len(p1.Items), len(p2.Items), err)
		}
		// At risk: two werkdagen before late's N2 (due 18 March) its signal turns.
		o.clk.at("2026-03-16")
		p, _ = o.s.Queue(o.ctx, zaak.QueueFilter{TeamID: o.team, Signal: zaak.SignalAtRisk})
		if len(p.Items) != 1 || p.Items[0].Zaak.ID != late.ID {
			t.Errorf("at risk on 16 March: %+v", p.Items)
		}
		_, err = o.s.Queue(o.ctx, zaak.QueueFilter{})
		wantField(t, err, errs.Invalid, "team", "required")
	})
}

// Norm due dates with a fixed clock across weekends and holidays, a
// suspension and an extension (operational werkdagen = the legal calendar
// here: no closing days).
func TestNormDueDatesAcrossHolidaysSuspensionAndExtension(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		o := newOffice(t, d)
		// Thursday 2 April 2026: Goede Vrijdag 3 April and Tweede Paasdag 6 April are not werkdagen.
		o.clk.at("2026-04-02")
		z := o.createIn("2026-04-02")
		due := func(code string, volgnr int) date.Date {
			t.Helper()
			n := norm(o.get(z.ID), code, volgnr)
			if n == nil {
				t.Fatalf("no %s/%d", code, volgnr)
			}
			return n.DueDate
		}
		check := func(what string, got date.Date, want string) {
			t.Helper()
			if got != date.MustParse(want) {
				t.Errorf("%s: %s, want %s", what, got, want)
			}
		}
		check("N1 (3 werkdagen over Easter)", due(zaak.N1, 1), "2026-04-09")
		// 10 werkdagen: 7, 8, 9, 10, 13, 14, 15, 16, 17, 20 April (27 April Koningsdag comes later).
		check("N2", due(zaak.N2, 1), "2026-04-20")
		// Deadline 2 April + 8 weeks = 28 May; N4 a week before.
		check("deadline", o.get(z.ID).UiterlijkeEinddatumAfdoening, "2026-05-28")
		check("N4", due(zaak.N4, 1), "2026-05-21")
		// Suspension from 3 April; documents on Friday 24 April: 22 days.
		if _, err := o.s.RequestDocuments(o.ctx, z.ID, "tekening", date.MustParse("2026-05-01")); err != nil {
			t.Fatal(err)
		}
		o.clk.at("2026-04-24")
		if _, err := o.s.DocumentsReceived(o.ctx, z.ID, date.MustParse("2026-04-24")); err != nil {
			t.Fatal(err)
		}
		check("deadline after suspension", o.get(z.ID).UiterlijkeEinddatumAfdoening, "2026-06-19")
		check("N4 moved", due(zaak.N4, 1), "2026-06-12")
		// N3: 5 werkdagen after Friday 24 April, skipping Koningsdag (Mon 27 April) and 5 mei.
		check("N3", due(zaak.N3, 1), "2026-05-04")
		// Extension by 6 weeks: the notice (N5) is due on the old deadline.
		if _, err := o.s.Extend(o.ctx, z.ID, termijn.Weeks(6), "advies brandweer"); err != nil {
			t.Fatal(err)
		}
		check("N5", due(zaak.N5, 1), "2026-06-19")
		check("deadline after extension", o.get(z.ID).UiterlijkeEinddatumAfdoening, "2026-07-31")
		check("N4 after extension", due(zaak.N4, 1), "2026-07-24")
	})
}

func TestNoticeSentTxCommitsWithTheCaller(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		o := newOffice(t, d)
		z := o.createIn("2026-03-20")
		// A rolled-back caller leaves N1 open.
		_ = d.Tx(o.ctx, func(tx *sql.Tx) error {
			if ok, err := o.s.NoticeSentTx(o.ctx, tx, z.ID, zaak.N1, o.clk.Now()); err != nil || !ok {
				t.Fatalf("notice: %v %v", ok, err)
			}
			return errs.E(errs.Conflict, "x", "x")
		})
		if n := norm(o.get(z.ID), zaak.N1, 1); n.State != zaak.NormOpen {
			t.Fatalf("N1 %s after rollback", n.State)
		}
		err := d.Tx(o.ctx, func(tx *sql.Tx) error {
			_, err := o.s.NoticeSentTx(o.ctx, tx, z.ID, zaak.N1, o.clk.Now())
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if n := norm(o.get(z.ID), zaak.N1, 1); n.State != zaak.NormMet {
			t.Fatalf("N1 %s", n.State)
		}
		// Nothing open any more: false, nothing written.
		_ = d.Tx(o.ctx, func(tx *sql.Tx) error {
			ok, err := o.s.NoticeSentTx(o.ctx, tx, z.ID, zaak.N1, o.clk.Now())
			if ok || err != nil {
				t.Errorf("second notice: %v %v", ok, err)
			}
			return nil
		})
	})
}
