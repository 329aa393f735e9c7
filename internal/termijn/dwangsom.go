package termijn

import "github.com/gemeenten/loket/internal/date"

// The dwangsom bij niet tijdig beslissen (Awb 4:17 lid 1-2): per day in
// default €23 for the first 14 days, €35 for the next 14 and €45 for the
// rest, for at most 42 days (€1,442). The Atw does not apply to this period
// (4:17 lid 1), so it is counted in plain calendar days.
const (
	DwangsomMaxDays        = 42
	DwangsomMaxAmountCents = 144200
)

var dwangsomBands = []struct{ days, centsPerDay int }{{14, 2300}, {14, 3500}, {14, 4500}}

// DwangsomResult is the penalty owed at a given day.
type DwangsomResult struct {
	// FirstDay is the first day for which the dwangsom is owed; zero when
	// none can be owed (no or a premature ingebrekestelling).
	FirstDay date.Date `json:"eersteDag"`
	// LastDay is the 42nd day, after which nothing more accrues.
	LastDay     date.Date `json:"laatsteDag"`
	DaysOwed    int       `json:"dagen"`
	AmountCents int       `json:"bedragCent"`
	MaxReached  bool      `json:"maximumBereikt"`
	// Premature is set when the ingebrekestelling arrived on or before the
	// deadline: the organ was not yet in default, so it has no effect
	// (settled case law of the ABRvS) and a new one is needed.
	Premature bool `json:"prematuur"`
}

// Dwangsom computes the dwangsom owed on asOf (inclusive) for a decision
// whose deadline (uiterlijke einddatum afdoening) was deadline and for which
// a written ingebrekestelling was received on ingebrekestellingOntvangen
// (Awb 4:17 lid 3): it is owed from the day on which two weeks have passed
// after the later of the two, i.e. that later day + 14, for at most 42 days.
// The 4:17 lid 6 exceptions (unreasonably late notice, not a belanghebbende,
// manifestly inadmissible/unfounded) are a judgement for the behandelaar and
// not checked here.
func Dwangsom(deadline, ingebrekestellingOntvangen, asOf date.Date) DwangsomResult {
	var r DwangsomResult
	if deadline.IsZero() || ingebrekestellingOntvangen.IsZero() {
		return r
	}
	if !ingebrekestellingOntvangen.After(deadline) {
		r.Premature = true
		return r
	}
	// The notice can only count after the deadline, so it is the later day.
	r.FirstDay = ingebrekestellingOntvangen.AddDays(14)
	r.LastDay = r.FirstDay.AddDays(DwangsomMaxDays - 1)
	if asOf.Before(r.FirstDay) {
		return r
	}
	r.DaysOwed = min(r.FirstDay.DaysUntil(asOf)+1, DwangsomMaxDays)
	r.MaxReached = r.DaysOwed == DwangsomMaxDays
	left := r.DaysOwed
	for _, b := range dwangsomBands {
		n := min(left, b.days)
		r.AmountCents += n * b.centsPerDay
		left -= n
	}
	return r
}
