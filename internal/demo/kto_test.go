package demo_test

import (
	"context"
	"testing"
	"time"

	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/db/dbtest"
	"github.com/gemeenten/loket/internal/demo"
	"github.com/gemeenten/loket/internal/kto"
)

func TestLoadKTO(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		now := time.Date(2026, 11, 29, 10, 0, 0, 0, time.UTC)
		for range 2 { // the second run keeps what exists
			if err := demo.LoadKTO(ctx, d, now, nil); err != nil {
				t.Fatal(err)
			}
		}
		s := kto.New(d, nil, nil, func() time.Time { return now }, nil)
		r, err := s.Results(ctx, now.AddDate(-1, 0, -1), now.AddDate(0, 0, 1), kto.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		if r.Responses != 600 {
			t.Fatalf("%d responses, want 600", r.Responses)
		}
		all := r.All.Scores[kto.Overall]
		if all.Mean < 6 || all.Mean > 9 || all.Reference == nil {
			t.Fatalf("overall %+v", all)
		}
		// Price is graded lower than friendliness, as in the seed report.
		if r.All.Scores["prijs"].Mean >= r.All.Scores["vriendelijkheid"].Mean {
			t.Errorf("prijs %.2f not below vriendelijkheid %.2f", r.All.Scores["prijs"].Mean, r.All.Scores["vriendelijkheid"].Mean)
		}
		c, err := s.Comments(ctx, now.AddDate(-1, 0, -1), now.AddDate(0, 0, 1), kto.Filter{}, 1000)
		if err != nil {
			t.Fatal(err)
		}
		if len(c) == 0 {
			t.Fatal("no demo comments")
		}
		// Stored anonymised, not only shown so: the demo's comments with a
		// phone number or e-mail address are kept without them.
		var leaks int
		if err := d.R.QueryRow(`SELECT COUNT(*) FROM kto_antwoorden WHERE opmerking LIKE '%@%' OR opmerking LIKE '%06-1234%'`).Scan(&leaks); err != nil {
			t.Fatal(err)
		}
		if leaks != 0 {
			t.Errorf("%d stored comments keep an e-mail address or phone number", leaks)
		}
	})
}
