package termijn

import (
	"fmt"
	"slices"
	"strings"

	"github.com/gemeenten/loket/internal/date"
)

// Suspension is one opschorting (Awb 4:15): the request was made on
// Requested; Until is the day the documents arrived or the set term expired
// unused. The clock stands still from the day after Requested up to and
// including Until. A zero Until means the suspension is still running.
type Suspension struct {
	Requested date.Date `json:"gevraagdOp"`
	Until     date.Date `json:"tot"`
}

// Options are the events that move a deadline.
type Options struct {
	Suspensions []Suspension
	Extensions  []Duration // verlengingen, in the order they were decided
	// Today is where a running suspension (zero Until) is counted up to:
	// the deadline "if the clock restarts today". Leave zero when no
	// suspension is running.
	Today date.Date
}

// Result is a computed deadline with the reasoning behind it.
type Result struct {
	// End is the uiterlijke einddatum afdoening.
	End date.Date `json:"einddatum"`
	// BeforeAtw is the end before Atw art. 1 (equal to End when it did not apply).
	BeforeAtw date.Date `json:"einddatumVoorAtw"`
	// SuspendedDays are the calendar days the clock stood still (overlaps counted once).
	SuspendedDays int `json:"opgeschorteDagen"`
	// Running is true when a suspension without Until was counted up to Today.
	Running bool `json:"opschortingLoopt"`
	// Lines explain the computation in Dutch, one step per line.
	Lines []string `json:"uitleg"`
}

// Explanation is Lines as one text.
func (r Result) Explanation() string { return strings.Join(r.Lines, "\n") }

// Deadline computes the uiterlijke einddatum afdoening of an application
// received on received with decision term term (Awb 4:13): received + term
// (the term starts the day after receipt, so it ends on the same weekday),
// + the suspended days (Awb 4:15), + the extensions, and finally Atw art. 1
// once: an end on a Saturday, Sunday or feestdag of cal (normally Legal())
// moves to the next working day, and a term of three days or more is
// extended to contain at least two working days (art. 2) — unless term is
// longer than 12 weeks / 3 months (Atw art. 4). The Atw check looks at term alone: an extension is
// a term of its own and does not turn an 8-week term into a long one.
// A nil cal means Legal().
func Deadline(received date.Date, term Duration, cal *Calendar, opts Options) Result {
	if cal == nil {
		cal = Legal()
	}
	var r Result
	line := func(format string, a ...any) { r.Lines = append(r.Lines, fmt.Sprintf(format, a...)) }
	if received.IsZero() {
		line("geen datum van ontvangst: geen einddatum")
		return r
	}

	end := term.AddTo(received)
	line("ontvangen %s", received)
	line("+ %s → %s", term.Dutch(), end)

	for _, iv := range mergeSuspensions(opts, &r) {
		line("opgeschort %s t/m %s%s: %d %s", iv.from, iv.to, iv.note(), iv.days(), dagen(iv.days()))
	}
	if r.SuspendedDays > 0 {
		end = end.AddDays(r.SuspendedDays)
		line("+ %d %s opschorting → %s", r.SuspendedDays, dagen(r.SuspendedDays), end)
	}
	for _, ext := range opts.Extensions {
		if ext.IsZero() {
			continue
		}
		end = ext.AddTo(end)
		line("+ verlenging %s → %s", ext.Dutch(), end)
	}

	r.BeforeAtw = end
	switch {
	case term.LongerThan12Weeks():
		if !cal.IsWorkday(end) {
			line("%s is een %s, maar de termijn is langer dan 12 weken: de Algemene termijnenwet geldt niet (art. 4)", end, cal.whyClosed(end))
		}
	default:
		end = applyAtw(cal, end, line)
		end = applyAtw2(cal, received, term, end, line)
	}
	r.End = end
	line("uiterlijke einddatum %s", end)
	return r
}

// applyAtw moves end to the next working day (Atw art. 1) and explains each
// day that was skipped.
func applyAtw(cal *Calendar, end date.Date, line func(string, ...any)) date.Date {
	if cal.IsWorkday(end) {
		return end
	}
	var why []string
	d := end
	for ; !cal.IsWorkday(d); d = d.AddDays(1) {
		why = append(why, fmt.Sprintf("%s is een %s", d, cal.whyClosed(d)))
	}
	line("%s → %s (Algemene termijnenwet art. 1)", strings.Join(why, ", "), d)
	return d
}

// applyAtw2 is Atw art. 2: a term of at least three days is extended so
// that it contains at least two working days. Only short day terms over a
// long weekend or Easter ever need it.
func applyAtw2(cal *Calendar, received date.Date, term Duration, end date.Date, line func(string, ...any)) date.Date {
	if term.ApproxDays() < 3 || cal.CountWorkdays(received, end) >= 2 {
		return end
	}
	moved := cal.AddWorkdays(received, 2)
	line("de termijn bevat minder dan twee werkdagen → %s (Algemene termijnenwet art. 2)", moved)
	return moved
}

type interval struct {
	from, to         date.Date // inclusive
	running, overlap bool
}

func (iv interval) days() int { return iv.from.DaysUntil(iv.to) + 1 }

func (iv interval) note() string {
	var n string
	if iv.overlap {
		n += " (overlappende opschortingen één keer geteld)"
	}
	if iv.running {
		n += " (loopt nog, geteld tot vandaag)"
	}
	return n
}

// mergeSuspensions turns the suspensions into disjoint day ranges so that
// overlapping suspensions are counted once, and sets r.SuspendedDays.
func mergeSuspensions(opts Options, r *Result) []interval {
	var ivs []interval
	for _, s := range opts.Suspensions {
		if s.Requested.IsZero() {
			continue
		}
		iv := interval{from: s.Requested.AddDays(1), to: s.Until}
		if s.Until.IsZero() {
			if opts.Today.IsZero() {
				r.Lines = append(r.Lines, fmt.Sprintf("opschorting sinds %s loopt nog; zonder peildatum niet meegeteld", s.Requested))
				continue
			}
			iv.to, iv.running = opts.Today, true
			r.Running = true
		}
		if iv.to.Before(iv.from) {
			continue // completed on the day of the request: the clock never stopped
		}
		ivs = append(ivs, iv)
	}
	slices.SortFunc(ivs, func(a, b interval) int { return a.from.Compare(b.from) })
	var merged []interval
	for _, iv := range ivs {
		if n := len(merged); n > 0 && !iv.from.After(merged[n-1].to) {
			last := &merged[n-1]
			last.overlap = true
			if iv.to.After(last.to) {
				last.to = iv.to
			}
			last.running = last.running || iv.running
			continue
		}
		merged = append(merged, iv)
	}
	for _, iv := range merged {
		r.SuspendedDays += iv.days()
	}
	return merged
}

func dagen(n int) string {
	if n == 1 {
		return "dag"
	}
	return "dagen"
}

// BezwaarTermijn is the last day to lodge an objection (Awb 6:7, 6:8): six
// weeks starting the day after the decision was made known (sent), so the
// verzenddatum + 6 weeks, moved by Atw art. 1. A nil cal means Legal().
func BezwaarTermijn(bekendgemaakt date.Date, cal *Calendar) date.Date {
	return Deadline(bekendgemaakt, Weeks(6), cal, Options{}).End
}

// BeslistermijnBezwaar is the deadline for deciding on an objection
// (Awb 7:10 lid 1): six weeks, or twelve when an advisory committee
// (Awb 7:13) hears it, counted from the day after termEnd, the (Atw-moved)
// end of the objection term; Atw art. 1 applies. For a verdaging
// (7:10 lid 3, at most 6 weeks) or suspensions use Deadline with the same
// term and Options. A nil cal means Legal().
func BeslistermijnBezwaar(termEnd date.Date, commissie bool, cal *Calendar) date.Date {
	return Deadline(termEnd, BeslistermijnBezwaarDuur(commissie), cal, Options{}).End
}

// BeslistermijnBezwaarDuur is the Awb 7:10 lid 1 term: 6 weeks, 12 with a committee.
func BeslistermijnBezwaarDuur(commissie bool) Duration {
	if commissie {
		return Weeks(12)
	}
	return Weeks(6)
}
