package kto_test

import (
	"context"
	"math"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/db/dbtest"
	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/kto"
)

type resp struct {
	datum, kanaal, team string
	cijfer              int
	aspects             map[string]int // absent = n.v.t.
	opmerking           string
}

// insertResponses writes a hand-built set straight into the table, as the
// responses of many invitations would have.
func insertResponses(t *testing.T, d *db.DB, rs []resp) {
	t.Helper()
	for _, r := range rs {
		args := []any{uuid.NewString(), date.MustParse(r.datum), r.kanaal, r.team, r.cijfer}
		for _, a := range kto.Aspecten {
			if v, ok := r.aspects[a]; ok {
				args = append(args, v)
			} else {
				args = append(args, nil)
			}
		}
		args = append(args, r.opmerking)
		if _, err := d.W.Exec(`INSERT INTO kto_antwoorden (id, datum, bron, kanaal, team_id, cijfer, vriendelijkheid,
			deskundigheid, duidelijkheid, wachttijd, prijs, privacy, opmerking)
			VALUES ($1,$2,'klantcontact',$3,$4,$5,$6,$7,$8,$9,$10,$11,$12)`, args...); err != nil {
			t.Fatal(err)
		}
	}
}

func day(s string) time.Time {
	d := date.MustParse(s)
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, date.Amsterdam)
}

func wantScore(t *testing.T, what string, got kto.Score, n int, mean float64, met bool, ref float64) {
	t.Helper()
	if got.N != n || math.Abs(got.Mean-mean) > 1e-9 || got.GoalMet != met {
		t.Errorf("%s: n=%d mean=%v met=%v, want n=%d mean=%v met=%v", what, got.N, got.Mean, got.GoalMet, n, mean, met)
	}
	switch {
	case ref == 0 && got.Reference != nil:
		t.Errorf("%s: reference %v, want none", what, got.Reference.Value())
	case ref != 0 && (got.Reference == nil || math.Abs(got.Reference.Value()-ref) > 1e-9):
		t.Errorf("%s: reference %+v, want %v", what, got.Reference, ref)
	}
}

func TestResultsArithmetic(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, mailOff)
		teamA, teamB := e.team, uuid.NewString()
		e.exec(`INSERT INTO teams (id, code, naam) VALUES ($1, 'VERG', 'Vergunningen')`, teamB)
		insertResponses(t, d, []resp{
			{"2026-01-01", "telefoon", teamA, 8, map[string]int{"vriendelijkheid": 9}, ""}, // first day: in
			{"2026-02-10", "telefoon", teamA, 7, nil, ""},                                  // vriendelijkheid n.v.t.
			{"2026-03-31", "telefoon", teamB, 9, map[string]int{"vriendelijkheid": 6}, ""}, // last day: in
			{"2026-02-01", "balie", teamB, 6, map[string]int{"prijs": 5}, ""},
			{"2026-02-02", "balie", teamB, 10, nil, ""},
			{"2026-04-01", "telefoon", teamA, 1, map[string]int{"vriendelijkheid": 1}, ""}, // the day after: out
			{"2025-12-31", "balie", teamB, 1, map[string]int{"prijs": 1}, ""},              // the day before: out
		})
		for _, in := range []kto.ReferenceInput{
			{Kanaal: "", Aspect: kto.Overall, Jaar: "2025", Waarde: "7,8", Bron: "Benchmark Publiekszaken"},
			{Kanaal: "telefoon", Aspect: kto.Overall, Jaar: "2025", Waarde: "7.3", Bron: "Benchmark Publiekszaken"},
			{Kanaal: "telefoon", Aspect: kto.Overall, Jaar: "2027", Waarde: "9,9", Bron: "later jaar"},
			{Kanaal: "", Aspect: "vriendelijkheid", Jaar: "2024", Waarde: "8,1", Bron: "oud"},
			{Kanaal: "", Aspect: "vriendelijkheid", Jaar: "2026", Waarde: "8,4", Bron: "nieuw"},
		} {
			if _, err := e.kto.SaveReference(e.ctx, in); err != nil {
				t.Fatal(err)
			}
		}
		ctx := context.Background()
		r, err := e.kto.Results(ctx, day("2026-01-01"), day("2026-04-01"), kto.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		if r.Responses != 5 {
			t.Fatalf("responses %d, want 5", r.Responses)
		}
		wantScore(t, "all cijfer", r.All.Scores[kto.Overall], 5, 8.0, true, 7.8)                 // 40/5
		wantScore(t, "all vriendelijkheid", r.All.Scores["vriendelijkheid"], 2, 7.5, false, 8.4) // 15/2
		wantScore(t, "all prijs", r.All.Scores["prijs"], 1, 5, false, 0)
		wantScore(t, "all privacy", r.All.Scores["privacy"], 0, 0, false, 0)
		if len(r.Kanalen) != 2 || r.Kanalen[0].Kanaal != "balie" || r.Kanalen[1].Kanaal != "telefoon" {
			t.Fatalf("kanalen %+v", r.Kanalen)
		}
		balie, tel := r.Kanalen[0], r.Kanalen[1]
		wantScore(t, "balie cijfer", balie.Scores[kto.Overall], 2, 8.0, true, 7.8) // falls back to all channels
		wantScore(t, "balie prijs", balie.Scores["prijs"], 1, 5, false, 0)
		wantScore(t, "telefoon cijfer", tel.Scores[kto.Overall], 3, 8.0, true, 7.3) // 24/3; 2027 not yet
		wantScore(t, "telefoon vriendelijkheid", tel.Scores["vriendelijkheid"], 2, 7.5, false, 8.4)

		// A teamleider's filter: team A only.
		r, err = e.kto.Results(ctx, day("2026-01-01"), day("2026-04-01"), kto.Filter{TeamID: teamA})
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Kanalen) != 1 || r.Responses != 2 {
			t.Fatalf("team A: %d responses in %d channels", r.Responses, len(r.Kanalen))
		}
		wantScore(t, "team A cijfer", r.All.Scores[kto.Overall], 2, 7.5, false, 7.8)
		wantScore(t, "team A vriendelijkheid", r.All.Scores["vriendelijkheid"], 1, 9, true, 8.4)

		r, err = e.kto.Results(ctx, day("2026-01-01"), day("2026-04-01"), kto.Filter{Kanaal: "balie"})
		if err != nil {
			t.Fatal(err)
		}
		wantScore(t, "balie only", r.All.Scores[kto.Overall], 2, 8, true, 7.8)

		_, err = e.kto.Results(ctx, day("2026-04-01"), day("2026-04-01"), kto.Filter{})
		wantKind(t, err, errs.Invalid, "")
		_, err = e.kto.Results(ctx, day("2026-01-01"), day("2026-04-01"), kto.Filter{TeamID: "x"})
		wantKind(t, err, errs.Invalid, "")
	})
}

func TestCommentsAnonymisedInReports(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, mailOff)
		other := uuid.NewString()
		e.exec(`INSERT INTO teams (id, code, naam) VALUES ($1, 'VERG', 'Vergunningen')`, other)
		// A row stored before a pattern existed still leaves the report clean.
		insertResponses(t, d, []resp{
			{"2026-02-01", "balie", e.team, 6, nil, "Lang gewacht. Mail mij: a.b@example.nl of 0612345678"},
			{"2026-02-02", "balie", e.team, 9, nil, ""},
			{"2026-02-03", "telefoon", other, 9, nil, "Snel geholpen"},
		})
		c, err := e.kto.Comments(context.Background(), day("2026-01-01"), day("2026-03-01"), kto.Filter{TeamID: e.team}, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(c) != 1 {
			t.Fatalf("%d comments, want 1 (own team, non-empty)", len(c))
		}
		want := "Lang gewacht. Mail mij: [e-mailadres verwijderd] of [telefoonnummer verwijderd]"
		if c[0].Tekst != want || c[0].Cijfer != 6 || c[0].KanaalLabel != "Balie" {
			t.Fatalf("comment %+v, want %q", c[0], want)
		}
	})
}

func TestReferenceValidation(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, mailOff)
		_, err := e.kto.SaveReference(e.ctx, kto.ReferenceInput{Kanaal: "fax", Aspect: "geur", Jaar: "1999", Waarde: "7,85", Bron: ""})
		wantKind(t, err, errs.Invalid, "")
		fields := map[string]bool{}
		for _, f := range errs.As(err).Fields {
			fields[f.Field] = true
		}
		for _, f := range []string{"kanaal", "aspect", "jaar", "waarde", "bron"} {
			if !fields[f] {
				t.Errorf("no error on %s: %v", f, err)
			}
		}
		for _, bad := range []string{"0", "0,9", "10,1", "11", "7,", "7,85", "abc", "-7", ""} {
			if _, err := e.kto.SaveReference(e.ctx, kto.ReferenceInput{Aspect: kto.Overall, Jaar: "2025", Waarde: bad, Bron: "x"}); !errs.Is(err, errs.Invalid) {
				t.Errorf("waarde %q accepted", bad)
			}
		}
		if n := e.count(`SELECT COUNT(*) FROM kto_referenties`); n != 0 {
			t.Fatalf("bad input stored %d reference values", n)
		}
		for _, v := range []string{"1", "10", "10,0", "7,8"} {
			if _, err := e.kto.SaveReference(e.ctx, kto.ReferenceInput{Aspect: kto.Overall, Jaar: "2025", Waarde: v, Bron: "x"}); err != nil {
				t.Errorf("waarde %q refused: %v", v, err)
			}
		}
		// The same channel, aspect and year replace the value.
		refs, err := e.kto.References(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if len(refs) != 1 || refs[0].Tienden != 78 || kto.FormatGrade(refs[0].Tienden) != "7,8" {
			t.Fatalf("references %+v", refs)
		}
		if err := e.kto.DeleteReference(e.ctx, refs[0].ID); err != nil {
			t.Fatal(err)
		}
		wantKind(t, e.kto.DeleteReference(e.ctx, refs[0].ID), errs.NotFound, "")
		if n := e.count(`SELECT COUNT(*) FROM audit_trail WHERE resource = 'kto_referentie'`); n < 5 {
			t.Errorf("%d audit rows for reference changes", n)
		}
	})
}

func TestResultsByZaaktype(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, mailOff)
		insertResponses(t, d, []resp{
			{"2026-02-01", "balie", e.team, 6, nil, ""},
			{"2026-02-02", "balie", e.team, 9, nil, ""},
		})
		if _, err := d.W.Exec(`UPDATE kto_antwoorden SET zaaktype_id = $1 WHERE cijfer = 9`, e.zt.ID); err != nil {
			t.Fatal(err)
		}
		zts, err := e.kto.Zaaktypen(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if len(zts) != 1 || zts[0].ID != e.zt.ID || zts[0].Omschrijving == "" {
			t.Fatalf("zaaktypen %+v", zts)
		}
		r, err := e.kto.Results(context.Background(), day("2026-01-01"), day("2026-03-01"), kto.Filter{ZaaktypeID: e.zt.ID})
		if err != nil {
			t.Fatal(err)
		}
		wantScore(t, "zaaktype", r.All.Scores[kto.Overall], 1, 9, true, 0)
	})
}
