package rapportage

import (
	"fmt"
	"time"

	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/errs"
)

// Week is the ISO week (Monday to Sunday) containing d.
func Week(d date.Date) Period {
	off := (int(d.Weekday()) + 6) % 7
	from := d.AddDays(-off)
	return Period{From: from, To: from.AddDays(7)}
}

// Maand is a calendar month.
func Maand(year int, m time.Month) Period {
	from := date.New(year, m, 1)
	return Period{From: from, To: from.AddDate(0, 1, 0)}
}

// Kwartaal is quarter q (1–4) of year.
func Kwartaal(year, q int) Period {
	from := date.New(year, time.Month(3*(q-1)+1), 1)
	return Period{From: from, To: from.AddDate(0, 3, 0)}
}

// Jaar is a calendar year.
func Jaar(year int) Period {
	return Period{From: date.New(year, 1, 1), To: date.New(year+1, 1, 1)}
}

// Custom is the period from `from` up to and including `through` (as a
// person enters it); at most ten years.
func Custom(from, through date.Date) (Period, error) {
	var f errs.Fields
	if from.IsZero() {
		f.Add("van", "required", "Vul de begindatum in.")
	}
	if through.IsZero() {
		f.Add("tot", "required", "Vul de einddatum in.")
	}
	if err := f.Err(); err != nil {
		return Period{}, err
	}
	if through.Before(from) {
		f.Add("tot", "invalid", "De einddatum ligt voor de begindatum.")
	} else if from.DaysUntil(through) > 3660 {
		f.Add("tot", "invalid", "Een periode is ten hoogste tien jaar.")
	}
	if err := f.Err(); err != nil {
		return Period{}, err
	}
	return Period{From: from, To: through.AddDays(1)}, nil
}

// Days is the length of the period in days.
func (p Period) Days() int { return p.From.DaysUntil(p.To) }

// Contains reports whether d lies in the period.
func (p Period) Contains(d date.Date) bool { return !d.Before(p.From) && d.Before(p.To) }

// Last is the last day of the period.
func (p Period) Last() date.Date { return p.To.AddDays(-1) }

// kind recognises the calendar periods, so Previous and Label follow the
// calendar (the previous month of March has 28 or 29 days, not 31).
func (p Period) kind() string {
	switch {
	case p.From.Day == 1 && p.From.Month == 1 && p.To == p.From.AddDate(1, 0, 0):
		return "jaar"
	case p.From.Day == 1 && (p.From.Month-1)%3 == 0 && p.To == p.From.AddDate(0, 3, 0):
		return "kwartaal"
	case p.From.Day == 1 && p.To == p.From.AddDate(0, 1, 0):
		return "maand"
	case p.Days() == 7 && p.From.Weekday() == time.Monday:
		return "week"
	}
	return "periode"
}

// Previous is the period of the same kind just before p (a custom period:
// the same number of days before it).
func (p Period) Previous() Period {
	switch p.kind() {
	case "jaar":
		return Period{From: p.From.AddDate(-1, 0, 0), To: p.From}
	case "kwartaal":
		return Period{From: p.From.AddDate(0, -3, 0), To: p.From}
	case "maand":
		return Period{From: p.From.AddDate(0, -1, 0), To: p.From}
	}
	n := p.Days()
	return Period{From: p.From.AddDays(-n), To: p.From}
}

// YearEarlier is the same period a year earlier. A week is the same ISO
// week number's Monday-to-Sunday a year earlier (52 weeks back), so weekdays
// compare with weekdays.
func (p Period) YearEarlier() Period {
	if p.kind() == "week" {
		return Period{From: p.From.AddDays(-364), To: p.To.AddDays(-364)}
	}
	return Period{From: p.From.AddDate(-1, 0, 0), To: p.To.AddDate(-1, 0, 0)}
}

// Label is the Dutch name of the period: "2e kwartaal 2026", "maart 2026",
// "week 14 2026", "2026", or "1 maart 2026 t/m 15 april 2026".
func (p Period) Label() string {
	switch p.kind() {
	case "jaar":
		return fmt.Sprintf("%d", p.From.Year)
	case "kwartaal":
		return fmt.Sprintf("%de kwartaal %d", (int(p.From.Month)-1)/3+1, p.From.Year)
	case "maand":
		return fmt.Sprintf("%s %d", date.Maanden[p.From.Month-1], p.From.Year)
	case "week":
		y, w := p.From.Time().ISOWeek()
		return fmt.Sprintf("week %d %d", w, y)
	}
	return p.From.Dutch() + " t/m " + p.Last().Dutch()
}

// String is the label.
func (p Period) String() string { return p.Label() }

// bounds are the UTC instants of the period's first and end midnight in
// Europe/Amsterdam, for timestamp columns.
func (p Period) bounds() (time.Time, time.Time) {
	return localMidnight(p.From), localMidnight(p.To)
}

func localMidnight(d date.Date) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, date.Amsterdam).UTC()
}

// localDay is the Amsterdam civil day of an instant.
func localDay(t time.Time) date.Date { return date.Of(t.In(date.Amsterdam)) }
