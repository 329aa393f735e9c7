package termijn_test

import (
	"testing"

	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/termijn"
)

func d(s string) date.Date { return date.MustParse(s) }

func TestLegalHolidays(t *testing.T) {
	tests := []struct {
		day  string
		name string // "" = working day
	}{
		{"2026-01-01", "Nieuwjaarsdag"},
		{"2026-01-02", "vrijdag na Nieuwjaarsdag"}, // gelijkgesteld
		{"2026-04-03", "Goede Vrijdag"},
		{"2026-04-06", "Tweede Paasdag"},
		{"2026-04-27", "Koningsdag"},
		{"2026-05-05", "Bevrijdingsdag"},
		{"2027-05-05", "Bevrijdingsdag"}, // every year for the Atw, not only in lustrum years
		{"2026-05-14", "Hemelvaartsdag"},
		{"2026-05-15", "vrijdag na Hemelvaartsdag"},
		{"2026-05-25", "Tweede Pinksterdag"},
		{"2026-12-25", "Eerste Kerstdag"},
		{"2026-12-28", ""},
		{"2025-04-26", "Koningsdag"}, // 27 April 2025 is a Sunday → Saturday 26th
		{"2025-04-27", ""},
		{"2013-04-30", "Koninginnedag"},
		{"2013-04-27", ""},
		{"2006-04-29", "Koninginnedag"}, // 30 April 2006 a Sunday
		{"2027-05-07", "vrijdag na Hemelvaartsdag"},
		{"2028-04-28", "vrijdag na Koningsdag"},
		{"2028-05-26", "vrijdag na Hemelvaartsdag"},
		{"2023-04-28", "vrijdag na Koningsdag"},
		{"2024-12-27", "vrijdag na Tweede Kerstdag"},
		{"2028-01-03", ""}, // no substitute Monday for a Nieuwjaarsdag on Saturday
		{"2027-12-27", ""}, // nor for Kerstdagen on the weekend
		{"2022-12-26", "Tweede Kerstdag"},
	}
	cal := termijn.Legal()
	for _, tt := range tests {
		h, ok := cal.HolidayOn(d(tt.day))
		if tt.name == "" {
			if ok {
				t.Errorf("%s: holiday %q, want none", tt.day, h.Name)
			}
			continue
		}
		if !ok || h.Name != tt.name {
			t.Errorf("%s: got %q (%v), want %q", tt.day, h.Name, ok, tt.name)
		}
	}
	if n := len(cal.Holidays(2026)); n != 11 {
		t.Errorf("Holidays(2026): %d days, want 11 (9 Atw + 2 gelijkgesteld): %+v", n, cal.Holidays(2026))
	}
	hs := cal.Holidays(2026)
	for i := 1; i < len(hs); i++ {
		if !hs[i-1].Date.Before(hs[i].Date) {
			t.Errorf("Holidays not sorted at %d", i)
		}
	}
}

func TestCalendarWorkdays(t *testing.T) {
	legal := termijn.Legal()
	op := termijn.Operational(
		[]date.Date{d("2026-02-16")},                  // carnaval: closed
		[]date.Date{d("2026-04-03"), d("2026-05-05")}, // open on Goede Vrijdag and 5 mei
	)
	tests := []struct {
		name string
		cal  *termijn.Calendar
		day  string
		want bool
	}{
		{"weekday", legal, "2026-03-20", true},
		{"saturday", legal, "2026-03-21", false},
		{"sunday", legal, "2026-03-22", false},
		{"local closing day is a legal working day", legal, "2026-02-16", true},
		{"closed", op, "2026-02-16", false},
		{"open on Goede Vrijdag", op, "2026-04-03", true},
		{"open on 5 mei", op, "2026-05-05", true},
		{"holidays still apply", op, "2026-04-06", false},
		{"weekend still applies", op, "2026-04-04", false},
	}
	for _, tt := range tests {
		if got := tt.cal.IsWorkday(d(tt.day)); got != tt.want {
			t.Errorf("%s: IsWorkday(%s) = %v, want %v", tt.name, tt.day, got, tt.want)
		}
	}
}

func TestAddWorkdays(t *testing.T) {
	legal := termijn.Legal()
	op := termijn.Operational([]date.Date{d("2026-02-16")}, []date.Date{d("2026-04-03")})
	tests := []struct {
		cal  *termijn.Calendar
		from string
		n    int
		want string
	}{
		{legal, "2026-03-20", 0, "2026-03-20"},
		{legal, "2026-03-20", 1, "2026-03-23"}, // Fri → Mon
		{legal, "2026-03-21", 1, "2026-03-23"}, // Sat → Mon
		{legal, "2026-03-20", 5, "2026-03-27"},
		{legal, "2026-04-02", 1, "2026-04-07"}, // over Goede Vrijdag, weekend, Tweede Paasdag
		{op, "2026-04-02", 1, "2026-04-03"},    // the municipality is open on Goede Vrijdag
		{legal, "2026-05-13", 1, "2026-05-18"}, // Hemelvaart + gelijkgestelde vrijdag
		{legal, "2026-12-23", 3, "2026-12-29"},
		{legal, "2026-12-31", 1, "2027-01-04"}, // 1 Jan 2027 Fri
		{op, "2026-02-13", 1, "2026-02-17"},    // carnaval Monday closed
		{legal, "2026-02-13", 1, "2026-02-16"},
		{legal, "2026-03-23", -1, "2026-03-20"},
		{legal, "2026-04-07", -1, "2026-04-02"},
	}
	for _, tt := range tests {
		if got := tt.cal.AddWorkdays(d(tt.from), tt.n); got.String() != tt.want {
			t.Errorf("%s AddWorkdays(%s, %d) = %s, want %s", tt.cal.Name(), tt.from, tt.n, got, tt.want)
		}
	}
}

func TestNextAndCountWorkdays(t *testing.T) {
	legal := termijn.Legal()
	next := map[string]string{
		"2026-03-20": "2026-03-20", "2026-03-21": "2026-03-23", "2026-04-25": "2026-04-28",
		"2026-05-14": "2026-05-18", "2026-12-25": "2026-12-28",
	}
	for from, want := range next {
		if got := legal.NextWorkday(d(from)); got.String() != want {
			t.Errorf("NextWorkday(%s) = %s, want %s", from, got, want)
		}
	}
	counts := []struct {
		from, to string
		want     int
	}{
		{"2026-03-20", "2026-03-20", 0},
		{"2026-03-20", "2026-03-23", 1}, // (Fri, Mon]
		{"2026-03-20", "2026-03-27", 5},
		{"2026-03-30", "2026-04-10", 7}, // Goede Vrijdag and Tweede Paasdag out
		{"2026-03-27", "2026-03-20", -5},
		{"2025-12-31", "2026-01-31", 20}, // 22 weekdays minus 1 and 2 Jan
	}
	for _, tt := range counts {
		if got := legal.CountWorkdays(d(tt.from), d(tt.to)); got != tt.want {
			t.Errorf("CountWorkdays(%s, %s) = %d, want %d", tt.from, tt.to, got, tt.want)
		}
	}
	// AddWorkdays and CountWorkdays are inverse.
	for n := 0; n < 30; n++ {
		from := d("2026-12-18")
		if got := legal.CountWorkdays(from, legal.AddWorkdays(from, n)); got != n {
			t.Errorf("CountWorkdays(AddWorkdays(%d)) = %d", n, got)
		}
	}
}

// TestCalendarConcurrentUse guards the per-year cache; run with -race.
func TestCalendarConcurrentUse(t *testing.T) {
	cal := termijn.Operational(nil, nil)
	done := make(chan date.Date)
	for i := 0; i < 8; i++ {
		go func(i int) { done <- cal.AddWorkdays(d("2030-01-01").AddDays(i*40), 30) }(i)
	}
	for i := 0; i < 8; i++ {
		if got := <-done; got.IsZero() {
			t.Error("zero result")
		}
	}
}
