// Package date is a calendar date without time or zone: the unit of every
// legal term. It scans from and writes to both database engines the same way.
package date

import (
	"database/sql/driver"
	"fmt"
	"time"
)

// Date is a civil date. The zero value means "no date".
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

const layout = "2006-01-02"

// New builds a Date and normalises overflow (Jan 32 → Feb 1).
func New(y int, m time.Month, d int) Date {
	return Of(time.Date(y, m, d, 0, 0, 0, 0, time.UTC))
}

// Of takes the calendar date of t in t's own location.
func Of(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// Today is the date in Europe/Amsterdam at instant now: a Dutch municipality's day.
func Today(now time.Time) Date { return Of(now.In(Amsterdam)) }

// Amsterdam is the zone in which municipal days begin and end.
var Amsterdam = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		// tzdata is embedded via time/tzdata in cmd/loket; this is a last resort.
		return time.FixedZone("CET", 3600)
	}
	return loc
}()

// Parse reads an ISO date (YYYY-MM-DD).
func Parse(s string) (Date, error) {
	t, err := time.Parse(layout, s)
	if err != nil {
		return Date{}, fmt.Errorf("ongeldige datum %q: verwacht JJJJ-MM-DD", s)
	}
	return Of(t), nil
}

// MustParse is Parse for literals in code and tests.
func MustParse(s string) Date {
	d, err := Parse(s)
	if err != nil {
		panic(err)
	}
	return d
}

func (d Date) IsZero() bool { return d.Year == 0 && d.Month == 0 && d.Day == 0 }

// Time is midnight UTC of the date; use it only for arithmetic.
func (d Date) Time() time.Time { return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC) }

func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.Time().Format(layout)
}

func (d Date) Weekday() time.Weekday { return d.Time().Weekday() }

func (d Date) AddDays(n int) Date       { return Of(d.Time().AddDate(0, 0, n)) }
func (d Date) AddDate(y, m, n int) Date { return Of(d.Time().AddDate(y, m, n)) }
func (d Date) Before(o Date) bool       { return d.Time().Before(o.Time()) }
func (d Date) After(o Date) bool        { return d.Time().After(o.Time()) }
func (d Date) Equal(o Date) bool        { return d == o }
func (d Date) Compare(o Date) int       { return d.Time().Compare(o.Time()) }

// DaysUntil counts calendar days from d to o (negative when o is earlier).
func (d Date) DaysUntil(o Date) int {
	return int(o.Time().Sub(d.Time()).Hours() / 24)
}

// Value stores the date as ISO text; PostgreSQL casts it into a DATE column.
func (d Date) Value() (driver.Value, error) {
	if d.IsZero() {
		return nil, nil
	}
	return d.String(), nil
}

// Scan accepts what either driver returns for a date column.
func (d *Date) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*d = Date{}
		return nil
	case time.Time:
		*d = Of(v.UTC())
		return nil
	case string:
		return d.parseDB(v)
	case []byte:
		return d.parseDB(string(v))
	}
	return fmt.Errorf("date: cannot scan %T", src)
}

func (d *Date) parseDB(s string) error {
	if len(s) >= 10 {
		s = s[:10]
	}
	p, err := Parse(s)
	if err != nil {
		return err
	}
	*d = p
	return nil
}

func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	p, err := Parse(string(b))
	if err != nil {
		return err
	}
	*d = p
	return nil
}

// Maanden are the Dutch month names, January first.
var Maanden = [...]string{"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
	"september", "oktober", "november", "december"}

// Dutch writes the date as Dutch letters and pages do: "17 maart 2026".
func (d Date) Dutch() string {
	if d.IsZero() || d.Month < 1 || d.Month > 12 {
		return ""
	}
	return fmt.Sprintf("%d %s %d", d.Day, Maanden[d.Month-1], d.Year)
}
