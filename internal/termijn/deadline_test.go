package termijn_test

import (
	"strings"
	"testing"

	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/termijn"
)

func TestDeadline(t *testing.T) {
	susp := func(req, until string) termijn.Suspension {
		s := termijn.Suspension{Requested: d(req)}
		if until != "" {
			s.Until = d(until)
		}
		return s
	}
	tests := []struct {
		name      string
		received  string
		term      string
		opts      termijn.Options
		want      string
		beforeAtw string
		suspended int
	}{
		// Reference cases (domain notes §2.4).
		{name: "ends on gelijkgestelde vrijdag na Hemelvaart", received: "2026-03-20", term: "P8W", want: "2026-05-18", beforeAtw: "2026-05-15"},
		{name: "Saturday, Sunday, Koningsdag", received: "2026-02-28", term: "P8W", want: "2026-04-28", beforeAtw: "2026-04-25"},
		{name: "2027 gelijkgestelde dag", received: "2027-03-12", term: "P8W", want: "2027-05-10", beforeAtw: "2027-05-07"},
		{name: "Nieuwjaarsdag and weekend", received: "2026-11-06", term: "P8W", want: "2027-01-04", beforeAtw: "2027-01-01"},
		{name: "working day stays", received: "2026-01-12", term: "P8W", want: "2026-03-09", beforeAtw: "2026-03-09"},
		{name: "days", received: "2026-04-01", term: "P2D", want: "2026-04-07", beforeAtw: "2026-04-03"},
		{name: "Atw art. 2: at least two working days in a term of 3 days", received: "2026-04-02", term: "P3D", want: "2026-04-08", beforeAtw: "2026-04-05"},
		{name: "Atw art. 2 not needed", received: "2026-12-23", term: "P3D", want: "2026-12-28", beforeAtw: "2026-12-26"},
		{name: "Atw art. 2 does not apply to terms under 3 days", received: "2026-04-02", term: "P1D", want: "2026-04-07", beforeAtw: "2026-04-03"},

		// Terms longer than 12 weeks / 3 months: Atw art. 4, not moved.
		{name: "26 weeks on a Sunday not moved", received: "2026-03-22", term: "P26W", want: "2026-09-20", beforeAtw: "2026-09-20"},
		{name: "6 months on a Sunday not moved", received: "2026-03-20", term: "P6M", want: "2026-09-20", beforeAtw: "2026-09-20"},
		{name: "13 weeks on a Sunday not moved", received: "2026-03-22", term: "P13W", want: "2026-06-21", beforeAtw: "2026-06-21"},
		{name: "12 weeks on a Sunday moved", received: "2026-03-22", term: "P12W", want: "2026-06-15", beforeAtw: "2026-06-14"},
		{name: "3 months on Saturday moved past Koningsdag", received: "2026-01-25", term: "P3M", want: "2026-04-28", beforeAtw: "2026-04-25"},

		// Suspensions (Awb 4:15): from the day after the request up to and including Until.
		{name: "one suspension", received: "2026-01-12", term: "P8W",
			opts: termijn.Options{Suspensions: []termijn.Suspension{susp("2026-01-20", "2026-01-30")}},
			want: "2026-03-19", beforeAtw: "2026-03-19", suspended: 10},
		{name: "overlapping suspensions counted once, plus a separate one", received: "2026-01-12", term: "P8W",
			opts: termijn.Options{Suspensions: []termijn.Suspension{
				susp("2026-02-10", "2026-02-12"), susp("2026-01-20", "2026-01-30"), susp("2026-01-25", "2026-02-05"),
			}},
			want: "2026-03-27", beforeAtw: "2026-03-27", suspended: 16 + 2},
		{name: "suspension inside another", received: "2026-01-12", term: "P8W",
			opts: termijn.Options{Suspensions: []termijn.Suspension{susp("2026-01-20", "2026-01-30"), susp("2026-01-22", "2026-01-25")}},
			want: "2026-03-19", beforeAtw: "2026-03-19", suspended: 10},
		{name: "adjacent suspensions add up", received: "2026-01-12", term: "P8W",
			opts: termijn.Options{Suspensions: []termijn.Suspension{susp("2026-01-20", "2026-01-30"), susp("2026-01-30", "2026-02-02")}},
			want: "2026-03-23", beforeAtw: "2026-03-22" /* Sunday */, suspended: 13},
		{name: "completed on the day of the request: no suspension", received: "2026-01-12", term: "P8W",
			opts: termijn.Options{Suspensions: []termijn.Suspension{susp("2026-01-20", "2026-01-20")}},
			want: "2026-03-09", beforeAtw: "2026-03-09"},
		{name: "running suspension counted up to today, then Atw", received: "2026-01-12", term: "P8W",
			opts: termijn.Options{Suspensions: []termijn.Suspension{susp("2026-01-20", "")}, Today: d("2026-02-02")},
			want: "2026-03-23", beforeAtw: "2026-03-22", suspended: 13},
		{name: "running suspension without today is not counted", received: "2026-01-12", term: "P8W",
			opts: termijn.Options{Suspensions: []termijn.Suspension{susp("2026-01-20", "")}},
			want: "2026-03-09", beforeAtw: "2026-03-09"},

		// Extensions are added before Atw art. 1, which applies once at the end.
		{name: "without extension: Goede Vrijdag", received: "2026-02-06", term: "P8W", want: "2026-04-07", beforeAtw: "2026-04-03"},
		{name: "extension of 6 weeks from the unmoved end", received: "2026-02-06", term: "P8W",
			opts: termijn.Options{Extensions: []termijn.Duration{termijn.Weeks(6)}},
			want: "2026-05-18", beforeAtw: "2026-05-15"},
		{name: "suspension and extension", received: "2026-02-06", term: "P8W",
			opts: termijn.Options{
				Suspensions: []termijn.Suspension{susp("2026-02-10", "2026-02-13")},
				Extensions:  []termijn.Duration{termijn.Weeks(6)},
			},
			want: "2026-05-18", beforeAtw: "2026-05-18", suspended: 3},
		{name: "26 weeks with extension still not moved", received: "2026-03-08", term: "P26W",
			opts: termijn.Options{Extensions: []termijn.Duration{termijn.Weeks(6)}},
			want: "2026-10-18", beforeAtw: "2026-10-18"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := termijn.Deadline(d(tt.received), termijn.MustParseDuration(tt.term), termijn.Legal(), tt.opts)
			if r.End.String() != tt.want || r.BeforeAtw.String() != tt.beforeAtw || r.SuspendedDays != tt.suspended {
				t.Errorf("got end %s, before Atw %s, suspended %d; want %s, %s, %d\n%s",
					r.End, r.BeforeAtw, r.SuspendedDays, tt.want, tt.beforeAtw, tt.suspended, r.Explanation())
			}
			if last := r.Lines[len(r.Lines)-1]; !strings.HasSuffix(last, tt.want) {
				t.Errorf("last line %q does not end with %s", last, tt.want)
			}
		})
	}
}

func TestDeadlineExplanation(t *testing.T) {
	r := termijn.Deadline(d("2026-03-20"), termijn.Weeks(8), nil, termijn.Options{})
	want := []string{
		"ontvangen 2026-03-20",
		"+ 8 weken → 2026-05-15",
		"2026-05-15 is een gelijkgestelde feestdag (vrijdag na Hemelvaartsdag; Besluit gelijkstelling van 2 januari 2026, 15 mei 2026, 7 mei 2027, 28 april 2028 en 26 mei 2028 met een algemeen erkende feestdag), 2026-05-16 is een zaterdag, 2026-05-17 is een zondag → 2026-05-18 (Algemene termijnenwet art. 1)",
		"uiterlijke einddatum 2026-05-18",
	}
	if strings.Join(r.Lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("explanation:\n%s\nwant:\n%s", r.Explanation(), strings.Join(want, "\n"))
	}

	r = termijn.Deadline(d("2026-01-12"), termijn.Weeks(8), nil, termijn.Options{
		Suspensions: []termijn.Suspension{
			{Requested: d("2026-01-20"), Until: d("2026-01-30")},
			{Requested: d("2026-01-25"), Until: d("2026-02-05")},
		},
		Extensions: []termijn.Duration{termijn.Weeks(6)},
	})
	for _, s := range []string{
		"opgeschort 2026-01-21 t/m 2026-02-05 (overlappende opschortingen één keer geteld): 16 dagen",
		"+ 16 dagen opschorting → 2026-03-25",
		"+ verlenging 6 weken → 2026-05-06",
	} {
		if !strings.Contains(r.Explanation(), s) {
			t.Errorf("explanation lacks %q:\n%s", s, r.Explanation())
		}
	}

	r = termijn.Deadline(d("2026-03-22"), termijn.Weeks(26), nil, termijn.Options{})
	if !strings.Contains(r.Explanation(), "2026-09-20 is een zondag, maar de termijn is langer dan 12 weken") {
		t.Errorf("long term explanation:\n%s", r.Explanation())
	}

	r = termijn.Deadline(d("2026-01-12"), termijn.Weeks(8), nil, termijn.Options{
		Suspensions: []termijn.Suspension{{Requested: d("2026-01-20")}}, Today: d("2026-01-22"),
	})
	if !r.Running || !strings.Contains(r.Explanation(), "loopt nog") {
		t.Errorf("running suspension: %v\n%s", r.Running, r.Explanation())
	}
}

func TestDeadlineWithoutReceipt(t *testing.T) {
	r := termijn.Deadline(date.Date{}, termijn.Weeks(8), nil, termijn.Options{})
	if !r.End.IsZero() || len(r.Lines) == 0 {
		t.Errorf("zero received: %+v", r)
	}
}

func TestBezwaar(t *testing.T) {
	tests := []struct {
		sent, want string
	}{
		{"2026-03-10", "2026-04-21"},
		{"2026-04-02", "2026-05-18"}, // Hemelvaart, gelijkgestelde vrijdag, weekend
		{"2026-11-13", "2026-12-28"}, // Eerste Kerstdag, then Saturday/Sunday
	}
	for _, tt := range tests {
		if got := termijn.BezwaarTermijn(d(tt.sent), termijn.Legal()); got.String() != tt.want {
			t.Errorf("BezwaarTermijn(%s) = %s, want %s", tt.sent, got, tt.want)
		}
	}
	beslis := []struct {
		termEnd   string
		commissie bool
		want      string
	}{
		{"2026-05-18", false, "2026-06-29"},
		{"2026-05-18", true, "2026-08-10"},
		{"2026-11-13", false, "2026-12-28"},
		{"2026-10-09", true, "2027-01-04"}, // 12 weeks end on Nieuwjaarsdag 2027
	}
	for _, tt := range beslis {
		if got := termijn.BeslistermijnBezwaar(d(tt.termEnd), tt.commissie, nil); got.String() != tt.want {
			t.Errorf("BeslistermijnBezwaar(%s, %v) = %s, want %s", tt.termEnd, tt.commissie, got, tt.want)
		}
	}
}

func TestDwangsom(t *testing.T) {
	deadline, notice := d("2026-05-18"), d("2026-05-20")
	first := d("2026-06-03") // notice + two weeks
	tests := []struct {
		day   int // asOf = first + day - 1; day 0 is the day before the first day
		days  int
		cents int
		max   bool
	}{
		{0, 0, 0, false},
		{1, 1, 2300, false},
		{14, 14, 32200, false},
		{15, 15, 32200 + 3500, false},
		{28, 28, 32200 + 49000, false},
		{29, 29, 81200 + 4500, false},
		{42, 42, 144200, true},
		{43, 42, 144200, true},
		{400, 42, 144200, true},
	}
	for _, tt := range tests {
		asOf := first.AddDays(tt.day - 1)
		r := termijn.Dwangsom(deadline, notice, asOf)
		if r.FirstDay != first || r.LastDay.String() != "2026-07-14" {
			t.Errorf("day %d: first %s last %s, want 2026-06-03, 2026-07-14", tt.day, r.FirstDay, r.LastDay)
		}
		if r.DaysOwed != tt.days || r.AmountCents != tt.cents || r.MaxReached != tt.max {
			t.Errorf("day %d (%s): %d days, %d cents, max %v; want %d, %d, %v",
				tt.day, asOf, r.DaysOwed, r.AmountCents, r.MaxReached, tt.days, tt.cents, tt.max)
		}
	}
	if termijn.DwangsomMaxAmountCents != 144200 {
		t.Error("maximum is €1,442")
	}

	// The Atw does not apply: a first day on a Sunday stays.
	if r := termijn.Dwangsom(d("2026-05-18"), d("2026-05-24"), d("2026-06-07")); r.FirstDay.String() != "2026-06-07" || r.DaysOwed != 1 {
		t.Errorf("Sunday first day: %+v", r)
	}
	// A notice received on or before the deadline is premature.
	for _, n := range []string{"2026-05-18", "2026-05-01"} {
		r := termijn.Dwangsom(deadline, d(n), d("2026-12-31"))
		if !r.Premature || r.DaysOwed != 0 || !r.FirstDay.IsZero() {
			t.Errorf("notice %s: %+v, want premature", n, r)
		}
	}
	if r := termijn.Dwangsom(deadline, date.Date{}, d("2026-12-31")); r.DaysOwed != 0 || !r.FirstDay.IsZero() {
		t.Errorf("no notice: %+v", r)
	}
}
