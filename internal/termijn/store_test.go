package termijn_test

import (
	"context"
	"testing"

	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/db/dbtest"
	"github.com/gemeenten/loket/internal/termijn"
)

func TestLoadOperational(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dbx *db.DB) {
		ctx := context.Background()
		empty, err := termijn.LoadOperational(ctx, dbx.R)
		if err != nil {
			t.Fatal(err)
		}
		if empty.IsWorkday(d("2026-04-03")) {
			t.Error("empty table: Goede Vrijdag should be closed like the legal calendar")
		}

		for _, row := range []struct{ datum, soort, oms string }{
			{"2026-02-16", "gesloten", "carnaval"},
			{"2026-04-03", "open", "open op Goede Vrijdag"},
			{"2026-12-24", "gesloten", ""},
		} {
			if _, err := dbx.W.ExecContext(ctx,
				`INSERT INTO kalender_dagen (datum, soort, omschrijving) VALUES ($1, $2, $3)`,
				d(row.datum), row.soort, row.oms); err != nil {
				t.Fatal(err)
			}
		}
		cal, err := termijn.LoadOperational(ctx, dbx.R)
		if err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			day  string
			want bool
		}{
			{"2026-02-16", false}, {"2026-02-17", true}, {"2026-04-03", true}, {"2026-04-06", false},
			{"2026-12-24", false}, {"2026-12-23", true},
		}
		for _, tt := range tests {
			if got := cal.IsWorkday(d(tt.day)); got != tt.want {
				t.Errorf("IsWorkday(%s) = %v, want %v", tt.day, got, tt.want)
			}
		}
		if h, ok := cal.HolidayOn(d("2026-02-16")); !ok || h.Name != "carnaval" {
			t.Errorf("HolidayOn(carnaval) = %+v, %v", h, ok)
		}
		if h, ok := cal.HolidayOn(d("2026-12-24")); !ok || h.Name != "sluitingsdag" {
			t.Errorf("HolidayOn(2026-12-24) = %+v, %v", h, ok)
		}
		if _, ok := cal.HolidayOn(d("2026-04-03")); ok {
			t.Error("an open day is not listed as a holiday")
		}
		// The legal calendar ignores the municipality's own days.
		if !termijn.Legal().IsWorkday(d("2026-02-16")) {
			t.Error("carnaval must stay a legal working day")
		}
	})
}
