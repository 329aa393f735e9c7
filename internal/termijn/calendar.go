package termijn

import (
	"bufio"
	_ "embed"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/rickar/cal/v2"
	"github.com/rickar/cal/v2/nl"

	"github.com/gemeenten/loket/internal/date"
)

// Holiday is a named non-working day, for display and for explaining why a
// term moved. Basis says where the day comes from (an Atw article, a besluit
// or the municipality's own calendar).
type Holiday struct {
	Date  date.Date `json:"datum"`
	Name  string    `json:"naam"`
	Basis string    `json:"grondslag"`
}

// Calendar says which days are working days. Build one with Legal or
// Operational; a Calendar is safe for concurrent use.
type Calendar struct {
	name   string
	closed map[date.Date]Holiday // extra closing days (operational only)
	open   map[date.Date]bool    // days open despite weekend or holiday (operational only)

	mu    sync.Mutex
	years map[int]map[date.Date]Holiday
}

const (
	basisAtw31    = "Atw art. 3 lid 1"
	basisAtw32    = "Atw art. 3 lid 2"
	basisGemeente = "kalender van de gemeente"
)

// The holidays of Atw art. 3 lid 1 and 2, from rickar/cal's nl package.
// nl.Koningsdag has no start year; we limit it to 2014 and add Koninginnedag
// (30 April, on Saturday 29 April when the 30th is a Sunday) for 1980-2013 so
// that older dates are right too. Earlier years are out of scope.
var atwHolidays = []struct {
	h     *cal.Holiday
	basis string
}{
	{nl.Nieuwjaar, basisAtw31},
	{nl.GoedeVrijdag, basisAtw32},
	{nl.TweedePaasdag, basisAtw31},
	{nl.Koningsdag.Clone(&cal.Holiday{StartYear: 2014}), basisAtw31},
	{&cal.Holiday{Name: "Koninginnedag", Month: time.April, Day: 30, Func: cal.CalcDayOfMonth,
		StartYear: 1980, EndYear: 2013, Observed: []cal.AltDay{{Day: time.Sunday, Offset: -1}}}, basisAtw31},
	{nl.BevrijdingsDag, basisAtw31},
	{nl.Hemelvaart, basisAtw31},
	{nl.TweedePinksterDag, basisAtw31},
	{nl.EersteKerstdag, basisAtw31},
	{nl.TweedeKerstdag, basisAtw31},
}

//go:embed gelijkgesteld.txt
var gelijkgesteldTxt string

// equated holds the days equated to a feestdag by besluit (Atw art. 3 lid 3).
var equated = mustParseEquated(gelijkgesteldTxt)

func mustParseEquated(txt string) map[date.Date]Holiday {
	m, err := parseEquated(txt)
	if err != nil {
		panic(err)
	}
	return m
}

func parseEquated(txt string) (map[date.Date]Holiday, error) {
	m := map[date.Date]Holiday{}
	sc := bufio.NewScanner(strings.NewReader(txt))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		parts := strings.Split(line, "|")
		if len(parts) != 3 {
			return nil, fmt.Errorf("gelijkgesteld.txt regel %d: verwacht 'datum | naam | besluit'", n)
		}
		d, err := date.Parse(strings.TrimSpace(parts[0]))
		if err != nil {
			return nil, fmt.Errorf("gelijkgesteld.txt regel %d: %w", n, err)
		}
		m[d] = Holiday{Date: d, Name: strings.TrimSpace(parts[1]), Basis: strings.TrimSpace(parts[2])}
	}
	return m, sc.Err()
}

var legal = &Calendar{name: "wettelijke kalender (Algemene termijnenwet)"}

// Legal is the calendar of the Algemene termijnenwet: Saturdays, Sundays, the
// algemeen erkende feestdagen of art. 3 lid 1 (Nieuwjaarsdag, Tweede Paasdag,
// Koningsdag, 5 mei every year, Hemelvaartsdag, Tweede Pinksterdag, both
// Kerstdagen), Goede Vrijdag (lid 2) and the days equated by besluit (lid 3,
// kept in gelijkgesteld.txt) are not working days. Local closing days of a
// municipality are working days here: they do not move legal terms.
func Legal() *Calendar { return legal }

// Operational is the municipality's own calendar, used for service norms in
// werkdagen: the non-working days of Legal, plus the closed days, minus the
// open days. A day listed as open is a working day even on a weekend or
// holiday; open wins when a day is in both lists.
func Operational(closed, open []date.Date) *Calendar {
	c := &Calendar{name: "kalender van de gemeente", closed: map[date.Date]Holiday{}, open: map[date.Date]bool{}}
	for _, d := range closed {
		c.closed[d] = Holiday{Date: d, Name: "sluitingsdag", Basis: basisGemeente}
	}
	for _, d := range open {
		c.open[d] = true
	}
	return c
}

// operationalNamed is Operational with the descriptions of the closing days.
func operationalNamed(closed []Holiday, open []date.Date) *Calendar {
	c := Operational(nil, open)
	for _, h := range closed {
		if h.Name == "" {
			h.Name = "sluitingsdag"
		}
		h.Basis = basisGemeente
		c.closed[h.Date] = h
	}
	return c
}

// Name describes the calendar in Dutch, for explanations.
func (c *Calendar) Name() string { return c.name }

// year returns the named non-working days of year y (weekends aside),
// computed once per year.
func (c *Calendar) year(y int) map[date.Date]Holiday {
	c.mu.Lock()
	defer c.mu.Unlock()
	if m, ok := c.years[y]; ok {
		return m
	}
	m := map[date.Date]Holiday{}
	for _, ah := range atwHolidays {
		_, obs := ah.h.Calc(y)
		if obs.IsZero() {
			continue
		}
		d := date.Of(obs)
		m[d] = Holiday{Date: d, Name: ah.h.Name, Basis: ah.basis}
	}
	for d, h := range equated {
		if d.Year == y {
			m[d] = h
		}
	}
	for d, h := range c.closed {
		if d.Year == y {
			if _, ok := m[d]; !ok { // a holiday keeps its own name
				m[d] = h
			}
		}
	}
	for d := range c.open {
		delete(m, d)
	}
	if c.years == nil {
		c.years = map[int]map[date.Date]Holiday{}
	}
	c.years[y] = m
	return m
}

// HolidayOn returns the named non-working day on d, if d is one.
func (c *Calendar) HolidayOn(d date.Date) (Holiday, bool) {
	h, ok := c.year(d.Year)[d]
	return h, ok
}

// Holidays lists the named non-working days of a year in date order,
// including those that fall on a weekend.
func (c *Calendar) Holidays(year int) []Holiday {
	m := c.year(year)
	out := make([]Holiday, 0, len(m))
	for _, h := range m {
		out = append(out, h)
	}
	slices.SortFunc(out, func(a, b Holiday) int { return a.Date.Compare(b.Date) })
	return out
}

// IsWorkday reports whether d is a working day on this calendar.
func (c *Calendar) IsWorkday(d date.Date) bool {
	if c.open[d] {
		return true
	}
	if wd := d.Weekday(); wd == time.Saturday || wd == time.Sunday {
		return false
	}
	_, holiday := c.year(d.Year)[d]
	return !holiday
}

// NextWorkday is d itself when it is a working day, else the first working
// day after it.
func (c *Calendar) NextWorkday(d date.Date) date.Date {
	for !c.IsWorkday(d) {
		d = d.AddDays(1)
	}
	return d
}

// AddWorkdays returns the n-th working day after d (before d for negative n;
// d itself for 0). d need not be a working day: 1 working day after a
// Saturday is the Monday.
func (c *Calendar) AddWorkdays(d date.Date, n int) date.Date {
	step := 1
	if n < 0 {
		step, n = -1, -n
	}
	for n > 0 {
		d = d.AddDays(step)
		if c.IsWorkday(d) {
			n--
		}
	}
	return d
}

// CountWorkdays counts the working days in (from, to]: the days a term
// starting on from has used by to. It is negative when to is before from.
func (c *Calendar) CountWorkdays(from, to date.Date) int {
	sign := 1
	if to.Before(from) {
		from, to, sign = to, from, -1
	}
	n := 0
	for d := from.AddDays(1); !d.After(to); d = d.AddDays(1) {
		if c.IsWorkday(d) {
			n++
		}
	}
	return sign * n
}

// whyClosed names why d is not a working day ("" when it is one), for the
// explanation lines: "zaterdag", "feestdag (Koningsdag)".
func (c *Calendar) whyClosed(d date.Date) string {
	if c.IsWorkday(d) {
		return ""
	}
	h, ok := c.HolidayOn(d)
	switch {
	case !ok:
		return dutchWeekday[d.Weekday()]
	case h.Basis == basisAtw31 || h.Basis == basisAtw32:
		return "feestdag (" + h.Name + ")"
	case h.Basis == basisGemeente && h.Name == "sluitingsdag":
		return "sluitingsdag van de gemeente"
	case h.Basis == basisGemeente:
		return "sluitingsdag van de gemeente (" + h.Name + ")"
	}
	return "gelijkgestelde feestdag (" + h.Name + "; " + h.Basis + ")"
}

var dutchWeekday = [...]string{"zondag", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag"}
