package kalender_test

import (
	"context"
	"testing"

	"github.com/gemeenten/loket/internal/audit"
	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/db/dbtest"
	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/kalender"
	"github.com/gemeenten/loket/internal/termijn"
)

func fieldOf(t *testing.T, err error) string {
	t.Helper()
	e := errs.As(err)
	if e == nil || e.Kind != errs.Invalid || len(e.Fields) != 1 {
		t.Fatalf("want one field error, got %v", err)
	}
	return e.Fields[0].Field + ":" + e.Fields[0].Code
}

func TestAddListRemove(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := audit.WithActor(context.Background(), audit.Actor{Kind: "medewerker", ID: "b1", Name: "Beheerder"})

		// The Friday after Ascension 2026 is equated to a feestdag by besluit.
		brug := date.MustParse("2026-05-15")
		before, err := termijn.LoadOperational(ctx, d.R)
		if err != nil {
			t.Fatal(err)
		}
		if !before.IsWorkday(date.MustParse("2026-12-24")) {
			t.Fatal("24 December 2026 should be a working day before any change")
		}
		if _, err := kalender.Add(ctx, d, kalender.Input{Datum: " 2026-12-24 ", Soort: kalender.Gesloten, Omschrijving: " Kerstavond "}); err != nil {
			t.Fatal(err)
		}
		// Koningsdag 2026 (Monday 27 April) opened for a citizen service.
		if _, err := kalender.Add(ctx, d, kalender.Input{Datum: "2026-04-27", Soort: kalender.Open, Omschrijving: "Verkiezingen"}); err != nil {
			t.Fatal(err)
		}
		if _, err := kalender.Add(ctx, d, kalender.Input{Datum: "2027-01-04", Soort: kalender.Gesloten}); err != nil {
			t.Fatal(err)
		}

		days, err := kalender.List(ctx, d.R, 2026)
		if err != nil {
			t.Fatal(err)
		}
		if len(days) != 2 || days[0].Datum != date.MustParse("2026-04-27") || days[1].Omschrijving != "Kerstavond" || days[1].Soort != kalender.Gesloten {
			t.Fatalf("list 2026: %+v", days)
		}
		if all, _ := kalender.List(ctx, d.R, 0); len(all) != 3 {
			t.Fatalf("list all: %+v", all)
		}

		cal, err := termijn.LoadOperational(ctx, d.R)
		if err != nil {
			t.Fatal(err)
		}
		if cal.IsWorkday(date.MustParse("2026-12-24")) || !cal.IsWorkday(date.MustParse("2026-04-27")) {
			t.Fatal("operational calendar does not follow the added days")
		}
		if !termijn.Legal().IsWorkday(date.MustParse("2026-12-24")) {
			t.Fatal("a municipal closing day moved the legal calendar")
		}

		// Invalid input: field errors, nothing written.
		cases := []struct {
			in   kalender.Input
			want string
		}{
			{kalender.Input{Datum: "", Soort: kalender.Gesloten}, "datum:required"},
			{kalender.Input{Datum: "2026-02-30", Soort: kalender.Gesloten}, "datum:invalid"},
			{kalender.Input{Datum: "24-12-2026", Soort: kalender.Gesloten}, "datum:invalid"},
			{kalender.Input{Datum: "1900-01-02", Soort: kalender.Gesloten}, "datum:range"},
			{kalender.Input{Datum: "2026-06-02", Soort: ""}, "soort:required"},
			{kalender.Input{Datum: "2026-06-02", Soort: "dicht"}, "soort:invalid"},
			{kalender.Input{Datum: "2026-12-24", Soort: kalender.Gesloten}, "datum:duplicate"},
			{kalender.Input{Datum: "2026-12-25", Soort: kalender.Gesloten}, "datum:not_workday"}, // Eerste Kerstdag
			{kalender.Input{Datum: "2026-06-06", Soort: kalender.Gesloten}, "datum:not_workday"}, // Saturday
			{kalender.Input{Datum: "2026-06-02", Soort: kalender.Open}, "datum:workday"},
			{kalender.Input{Datum: brug.String(), Soort: kalender.Gesloten}, "datum:not_workday"},
		}
		for _, c := range cases {
			_, err := kalender.Add(ctx, d, c.in)
			if got := fieldOf(t, err); got != c.want {
				t.Errorf("%+v: %s, want %s", c.in, got, c.want)
			}
			if e := errs.As(err); e.Fields[0].Reason == "" {
				t.Errorf("%+v: no Dutch reason", c.in)
			}
		}
		long := make([]byte, 201)
		for i := range long {
			long[i] = 'x'
		}
		if _, err := kalender.Add(ctx, d, kalender.Input{Datum: "2026-06-02", Soort: kalender.Gesloten, Omschrijving: string(long)}); fieldOf(t, err) != "omschrijving:too_long" {
			t.Fatal("long omschrijving accepted")
		}
		if all, _ := kalender.List(ctx, d.R, 0); len(all) != 3 {
			t.Fatalf("invalid input wrote rows: %+v", all)
		}

		if err := kalender.Remove(ctx, d, date.MustParse("2026-12-24")); err != nil {
			t.Fatal(err)
		}
		if err := kalender.Remove(ctx, d, date.MustParse("2026-12-24")); !errs.Is(err, errs.NotFound) {
			t.Fatalf("removing twice: %v", err)
		}
		if days, _ := kalender.List(ctx, d.R, 2026); len(days) != 1 {
			t.Fatalf("after remove: %+v", days)
		}

		rows, err := audit.ForResource(ctx, d.R, "kalender", "2026-12-24")
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 2 {
			t.Fatalf("audit rows for 2026-12-24: %d", len(rows))
		}
		var acties []string
		for _, r := range rows {
			acties = append(acties, r.Actie)
			if r.Bron != "LOKET" || r.GebruikersID != "b1" {
				t.Errorf("audit row: %+v", r)
			}
		}
		if !(contains(acties, "create") && contains(acties, "destroy")) {
			t.Fatalf("audit acties: %v", acties)
		}
	})
}

func contains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}
