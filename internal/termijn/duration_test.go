package termijn_test

import (
	"encoding/json"
	"testing"

	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/termijn"
)

func TestParseDuration(t *testing.T) {
	tests := []struct {
		in     string
		want   termijn.Duration
		string string
	}{
		{"P8W", termijn.Weeks(8), "P8W"},
		{"P6W", termijn.Weeks(6), "P6W"},
		{"P10D", termijn.Days(10), "P10D"},
		{"P3M", termijn.Months(3), "P3M"},
		{"P1Y", termijn.Years(1), "P1Y"},
		{"P1Y6M", termijn.Duration{Years: 1, Months: 6}, "P1Y6M"},
		{"P5D", termijn.Days(5), "P5D"},
		{"P1M2W", termijn.Duration{Months: 1, Weeks: 2}, "P1M2W"},
		{"p8w", termijn.Weeks(8), "P8W"},
		{" P8W ", termijn.Weeks(8), "P8W"},
		{"P0D", termijn.Duration{}, ""},
		{"P1Y2M3W4D", termijn.Duration{1, 2, 3, 4}, "P1Y2M3W4D"},
	}
	for _, tt := range tests {
		got, err := termijn.ParseDuration(tt.in)
		if err != nil {
			t.Errorf("ParseDuration(%q): %v", tt.in, err)
			continue
		}
		if got != tt.want {
			t.Errorf("ParseDuration(%q) = %+v, want %+v", tt.in, got, tt.want)
		}
		if got.String() != tt.string {
			t.Errorf("ParseDuration(%q).String() = %q, want %q", tt.in, got.String(), tt.string)
		}
	}
}

func TestParseDurationErrors(t *testing.T) {
	for _, in := range []string{"", "8W", "P", "PW", "P8", "P8X", "PT8H", "P1DT2H", "P2W1M", "P1M1M", "P-1D", "P1.5W", "P99999999999999999999D"} {
		if _, err := termijn.ParseDuration(in); err == nil {
			t.Errorf("ParseDuration(%q): no error", in)
		}
	}
}

func TestDurationAddTo(t *testing.T) {
	tests := []struct{ from, dur, want string }{
		{"2026-03-20", "P8W", "2026-05-15"},
		{"2026-03-20", "P10D", "2026-03-30"},
		{"2026-01-31", "P1M", "2026-02-28"},
		{"2028-01-31", "P1M", "2028-02-29"},
		{"2026-03-31", "P1M", "2026-04-30"},
		{"2028-02-29", "P1Y", "2029-02-28"},
		{"2026-01-15", "P1Y6M", "2027-07-15"},
		{"2026-11-30", "P3M", "2027-02-28"},
		{"2026-01-31", "P1M2W", "2026-03-14"},
		{"2026-12-15", "P1M", "2027-01-15"},
		{"2026-03-20", "P0D", "2026-03-20"},
	}
	for _, tt := range tests {
		got := termijn.MustParseDuration(tt.dur).AddTo(date.MustParse(tt.from))
		if got.String() != tt.want {
			t.Errorf("%s + %s = %s, want %s", tt.from, tt.dur, got, tt.want)
		}
	}
	if got := termijn.Weeks(8).AddTo(date.Date{}); !got.IsZero() {
		t.Errorf("zero date + P8W = %s, want zero", got)
	}
}

func TestLongerThan12Weeks(t *testing.T) {
	tests := []struct {
		dur  string
		want bool
	}{
		{"P8W", false}, {"P12W", false}, {"P13W", true}, {"P26W", true},
		{"P3M", false}, {"P4M", true}, {"P6M", true}, {"P1Y", true},
		{"P90D", false}, {"P91D", true}, {"P2M4W", false}, {"P3M1D", true},
	}
	for _, tt := range tests {
		if got := termijn.MustParseDuration(tt.dur).LongerThan12Weeks(); got != tt.want {
			t.Errorf("%s.LongerThan12Weeks() = %v, want %v", tt.dur, got, tt.want)
		}
	}
}

func TestDurationDutch(t *testing.T) {
	tests := map[string]string{
		"P8W": "8 weken", "P1W": "1 week", "P1D": "1 dag", "P1Y6M": "1 jaar en 6 maanden",
		"P1M2W3D": "1 maand, 2 weken en 3 dagen", "P0D": "0 dagen",
	}
	for in, want := range tests {
		if got := termijn.MustParseDuration(in).Dutch(); got != want {
			t.Errorf("%s.Dutch() = %q, want %q", in, got, want)
		}
	}
}

func TestDurationText(t *testing.T) {
	var v struct {
		D termijn.Duration `json:"d"`
		E termijn.Duration `json:"e"`
	}
	if err := json.Unmarshal([]byte(`{"d":"P1Y6M","e":""}`), &v); err != nil {
		t.Fatal(err)
	}
	if v.D != (termijn.Duration{Years: 1, Months: 6}) || !v.E.IsZero() {
		t.Fatalf("unmarshal: %+v", v)
	}
	b, _ := json.Marshal(v)
	if string(b) != `{"d":"P1Y6M","e":""}` {
		t.Errorf("marshal: %s", b)
	}
	if err := json.Unmarshal([]byte(`{"d":"8 weken"}`), &v); err == nil {
		t.Error("unmarshal of bad duration: no error")
	}
	var d termijn.Duration
	for _, src := range []any{"P6W", []byte("P6W")} {
		if err := d.Scan(src); err != nil || d != termijn.Weeks(6) {
			t.Errorf("Scan(%v) = %+v, %v", src, d, err)
		}
	}
	if err := d.Scan(nil); err != nil || !d.IsZero() {
		t.Errorf("Scan(nil) = %+v, %v", d, err)
	}
	if v, _ := termijn.Weeks(6).Value(); v != "P6W" {
		t.Errorf("Value = %v", v)
	}
}
