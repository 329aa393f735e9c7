package termijn

import (
	"database/sql/driver"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/gemeenten/loket/internal/date"
)

// Duration is a term as ZGW writes it: an ISO 8601 duration with calendar
// units only (P8W, P10D, P3M, P1Y6M, P1M2W). Hours and minutes are rejected:
// legal terms in hours fall outside the Algemene termijnenwet and outside
// this system. The zero value means "no term".
type Duration struct {
	Years, Months, Weeks, Days int
}

// Constructors for terms written in code.
func Years(n int) Duration  { return Duration{Years: n} }
func Months(n int) Duration { return Duration{Months: n} }
func Weeks(n int) Duration  { return Duration{Weeks: n} }
func Days(n int) Duration   { return Duration{Days: n} }

// ParseDuration reads an ISO 8601 duration with the units Y, M, W and D in
// that order, each at most once (P8W, P1Y6M, P1M2W, P0D). Lower case is
// accepted. An empty string is an error; use UnmarshalText to allow it.
func ParseDuration(s string) (Duration, error) {
	bad := func(why string) (Duration, error) {
		return Duration{}, fmt.Errorf("ongeldige termijn %q: %s (verwacht bijvoorbeeld P8W, P10D, P3M of P1Y6M)", s, why)
	}
	u := strings.ToUpper(strings.TrimSpace(s))
	if u == "" {
		return bad("leeg")
	}
	if u[0] != 'P' {
		return bad("moet met P beginnen")
	}
	rest := u[1:]
	if rest == "" {
		return bad("geen getal en eenheid na P")
	}
	if strings.Contains(rest, "T") {
		return bad("uren, minuten en seconden worden niet ondersteund")
	}
	var d Duration
	const order = "YMWD"
	next := 0 // index in order of the first unit still allowed
	for rest != "" {
		i := 0
		for i < len(rest) && rest[i] >= '0' && rest[i] <= '9' {
			i++
		}
		if i == 0 {
			return bad("getal verwacht vóór " + string(rest[0]))
		}
		if i == len(rest) {
			return bad("eenheid (Y, M, W of D) ontbreekt na " + rest)
		}
		n, err := strconv.Atoi(rest[:i])
		if err != nil || n > 100000 {
			return bad("getal te groot")
		}
		unit := rest[i]
		pos := strings.IndexByte(order, unit)
		if pos < 0 {
			return bad("onbekende eenheid " + string(unit))
		}
		if pos < next {
			return bad("eenheden dubbel of in de verkeerde volgorde (Y, M, W, D)")
		}
		next = pos + 1
		switch unit {
		case 'Y':
			d.Years = n
		case 'M':
			d.Months = n
		case 'W':
			d.Weeks = n
		case 'D':
			d.Days = n
		}
		rest = rest[i+1:]
	}
	return d, nil
}

// MustParseDuration is ParseDuration for literals in code and tests.
func MustParseDuration(s string) Duration {
	d, err := ParseDuration(s)
	if err != nil {
		panic(err)
	}
	return d
}

// IsZero reports whether the duration is empty (also true for P0D).
func (d Duration) IsZero() bool { return d == Duration{} }

// String is the ISO 8601 form; the zero duration is "" so that it round-trips
// through the TEXT NOT NULL DEFAULT ” columns of the catalogue.
func (d Duration) String() string {
	if d.IsZero() {
		return ""
	}
	var b strings.Builder
	b.WriteByte('P')
	for _, p := range []struct {
		n    int
		unit byte
	}{{d.Years, 'Y'}, {d.Months, 'M'}, {d.Weeks, 'W'}, {d.Days, 'D'}} {
		if p.n != 0 {
			b.WriteString(strconv.Itoa(p.n))
			b.WriteByte(p.unit)
		}
	}
	return b.String()
}

// Dutch is the duration for people: "8 weken", "1 jaar en 6 maanden".
func (d Duration) Dutch() string {
	if d.IsZero() {
		return "0 dagen"
	}
	var parts []string
	add := func(n int, one, many string) {
		switch {
		case n == 1:
			parts = append(parts, "1 "+one)
		case n > 1:
			parts = append(parts, strconv.Itoa(n)+" "+many)
		}
	}
	add(d.Years, "jaar", "jaar")
	add(d.Months, "maand", "maanden")
	add(d.Weeks, "week", "weken")
	add(d.Days, "dag", "dagen")
	if len(parts) == 1 {
		return parts[0]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " en " + parts[len(parts)-1]
}

// Plus adds two durations unit by unit.
func (d Duration) Plus(o Duration) Duration {
	return Duration{d.Years + o.Years, d.Months + o.Months, d.Weeks + o.Weeks, d.Days + o.Days}
}

// AddTo is calendar arithmetic: first years and months, then weeks and days.
// A month term that would land on a day the month does not have ends on the
// last day of that month (31 January + 1 month = 28/29 February), as in
// civil-law term counting, instead of Go's overflow into March.
// The zero date stays zero.
func (d Duration) AddTo(t date.Date) date.Date {
	if t.IsZero() {
		return t
	}
	if d.Years != 0 || d.Months != 0 {
		months := int(t.Month) - 1 + d.Months + 12*d.Years
		y := t.Year + months/12
		m := months % 12
		if m < 0 {
			m += 12
			y--
		}
		last := daysIn(y, time.Month(m+1))
		day := t.Day
		if day > last {
			day = last
		}
		t = date.Date{Year: y, Month: time.Month(m + 1), Day: day}
	}
	return t.AddDays(7*d.Weeks + d.Days)
}

func daysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// ApproxDays is the length in days with a month of 30 and a year of 365
// days: good for comparing and sorting terms, not for computing dates.
func (d Duration) ApproxDays() int {
	return 365*d.Years + 30*d.Months + 7*d.Weeks + d.Days
}

// LongerThan12Weeks reports whether the Algemene termijnenwet does not apply
// because the term is longer than twelve weeks, three months or ninety days
// (Atw art. 4). With a month counted as 30 days these three limits coincide
// for every single-unit term (P13W = 91 days, P4M = 120, P91D = 91 all
// exceed 90; P12W, P3M, P90D do not), and mixed terms are judged the same way.
func (d Duration) LongerThan12Weeks() bool { return d.ApproxDays() > 90 }

// MarshalText writes the ISO form ("" for zero).
func (d Duration) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads the ISO form; "" is the zero duration.
func (d *Duration) UnmarshalText(b []byte) error {
	if len(strings.TrimSpace(string(b))) == 0 {
		*d = Duration{}
		return nil
	}
	p, err := ParseDuration(string(b))
	if err != nil {
		return err
	}
	*d = p
	return nil
}

// Value stores the ISO form in a TEXT column ("" for zero, matching the
// NOT NULL DEFAULT ” columns).
func (d Duration) Value() (driver.Value, error) { return d.String(), nil }

// Scan reads the ISO form from a TEXT column; NULL and "" are zero.
func (d *Duration) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*d = Duration{}
		return nil
	case string:
		return d.UnmarshalText([]byte(v))
	case []byte:
		return d.UnmarshalText(v)
	}
	return fmt.Errorf("termijn: kan %T niet als duur lezen", src)
}
