package kto

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/errs"
)

// Goal is the KTO norm of DESIGN §4.3: a mean grade of at least 8.0 per
// channel and per aspect.
const Goal = 8.0

// Overall is the aspect key of the overall grade (reference values and
// Results.Scores use it next to the aspects).
const Overall = "cijfer"

// Aspecten are the optional aspect questions of the survey, in display order.
var Aspecten = []string{"vriendelijkheid", "deskundigheid", "duidelijkheid", "wachttijd", "prijs", "privacy"}

// AspectLabel is how an aspect (or the overall grade) is shown.
var AspectLabel = map[string]string{
	Overall:           "Totaaloordeel",
	"vriendelijkheid": "Vriendelijkheid",
	"deskundigheid":   "Deskundigheid",
	"duidelijkheid":   "Duidelijkheid",
	"wachttijd":       "Wachttijd",
	"prijs":           "Prijs",
	"privacy":         "Privacy",
}

// Columns are the overall grade followed by the aspects: the columns of a
// results table.
var Columns = append([]string{Overall}, Aspecten...)

// Filter narrows Results and Comments. Empty fields do not filter.
type Filter struct {
	Kanaal     string
	TeamID     string // a teamleider's own team
	ZaaktypeID string
	Product    string
}

// Reference is a reference value (e.g. the national benchmark) for one
// channel ("" = all channels) and aspect (or Overall).
type Reference struct {
	ID     string
	Kanaal string
	Aspect string
	Jaar   int
	// Tienden is the value in tenths (78 = 7.8), exact on both engines.
	Tienden int
	Bron    string
}

// Value is the reference as a grade.
func (r Reference) Value() float64 { return float64(r.Tienden) / 10 }

// Score is the result of one channel and one aspect.
type Score struct {
	N    int     // responses that graded it ("n.v.t." and blanks are not counted)
	Sum  int     // sum of the grades
	Mean float64 // Sum/N; 0 when N is 0
	// Reference is the reference value that applies (the latest year not
	// after the period's last day, the channel's own before the
	// all-channels one); nil when there is none.
	Reference *Reference
	// GoalMet is N > 0 and Mean ≥ Goal.
	GoalMet bool
}

// ChannelResults are the scores of one channel ("" = all channels).
type ChannelResults struct {
	Kanaal string
	Label  string
	// Scores by Overall and by aspect key; every key of Columns is present.
	Scores map[string]Score
}

// Results are the KTO figures of a period.
type Results struct {
	// From is the first day, To the day after the last (half-open), as
	// civil dates in Amsterdam.
	From, To  date.Date
	Goal      float64
	Responses int
	// All is every channel together.
	All ChannelResults
	// Kanalen are the channels that have responses, in the klant.Kanalen
	// order followed by any other channel (a zaak's intake channel may be
	// "api" or unknown).
	Kanalen []ChannelResults
}

// Results computes the mean grade per channel and per aspect of the
// responses given in [from, to) (the civil dates of from and to in
// Amsterdam), each with its reference value and whether the goal is met.
// Only sums and counts come from the database, so the means are exact.
func (s *Service) Results(ctx context.Context, from, to time.Time, f Filter) (Results, error) {
	r := Results{From: date.Today(from), To: date.Today(to), Goal: Goal}
	if !r.From.Before(r.To) {
		return r, errs.InvalidField("tot", "invalid", "De einddatum moet na de begindatum liggen.")
	}
	where, args, err := f.where(r.From, r.To)
	if err != nil {
		return r, err
	}
	cols := []string{"kanaal", "COUNT(*)", "SUM(cijfer)"}
	for _, a := range Aspecten {
		cols = append(cols, "COUNT("+a+")", "COALESCE(SUM("+a+"), 0)")
	}
	rows, err := s.DB.R.QueryContext(ctx, `SELECT `+strings.Join(cols, ", ")+` FROM kto_antwoorden WHERE `+where+
		` GROUP BY kanaal`, args...)
	if err != nil {
		return r, fmt.Errorf("kto: results: %w", err)
	}
	defer rows.Close()
	byKanaal := map[string]*ChannelResults{}
	all := newChannel("")
	for rows.Next() {
		var kanaal string
		var n, sum int
		dest := []any{&kanaal, &n, &sum}
		an := make([]int, len(Aspecten))
		as := make([]int, len(Aspecten))
		for i := range Aspecten {
			dest = append(dest, &an[i], &as[i])
		}
		if err := rows.Scan(dest...); err != nil {
			return r, fmt.Errorf("kto: results: %w", err)
		}
		c := newChannel(kanaal)
		c.add(Overall, n, sum)
		all.add(Overall, n, sum)
		for i, a := range Aspecten {
			c.add(a, an[i], as[i])
			all.add(a, an[i], as[i])
		}
		byKanaal[kanaal] = c
		r.Responses += n
	}
	if err := rows.Err(); err != nil {
		return r, fmt.Errorf("kto: results: %w", err)
	}
	refs, err := s.referencesFor(ctx, r.To.AddDays(-1).Year)
	if err != nil {
		return r, err
	}
	finish := func(c *ChannelResults) {
		for k, sc := range c.Scores {
			if sc.N > 0 {
				sc.Mean = float64(sc.Sum) / float64(sc.N)
				sc.GoalMet = sc.Mean >= Goal
			}
			if ref, ok := refs[[2]string{c.Kanaal, k}]; ok {
				sc.Reference = &ref
			} else if ref, ok := refs[[2]string{"", k}]; ok {
				sc.Reference = &ref
			}
			c.Scores[k] = sc
		}
	}
	finish(all)
	r.All = *all
	for _, k := range kanaalOrder(byKanaal) {
		c := byKanaal[k]
		finish(c)
		r.Kanalen = append(r.Kanalen, *c)
	}
	return r, nil
}

func newChannel(kanaal string) *ChannelResults {
	c := &ChannelResults{Kanaal: kanaal, Label: KanaalLabel(kanaal), Scores: map[string]Score{}}
	for _, k := range Columns {
		c.Scores[k] = Score{}
	}
	return c
}

func (c *ChannelResults) add(k string, n, sum int) {
	sc := c.Scores[k]
	sc.N += n
	sc.Sum += sum
	c.Scores[k] = sc
}

// where builds the period and filter condition; the columns are the same
// for Results and Comments.
func (f Filter) where(from, to date.Date) (string, []any, error) {
	var fe errs.Fields
	if f.TeamID != "" && !db.ValidUUID(f.TeamID) {
		fe.Add("team", "invalid", "Dit team bestaat niet.")
	}
	if f.ZaaktypeID != "" && !db.ValidUUID(f.ZaaktypeID) {
		fe.Add("zaaktype", "invalid", "Dit zaaktype bestaat niet.")
	}
	if err := fe.Err(); err != nil {
		return "", nil, err
	}
	conds := []string{"datum >= $1", "datum < $2"}
	args := []any{from, to}
	add := func(col, v string) {
		if v == "" {
			return
		}
		args = append(args, v)
		conds = append(conds, fmt.Sprintf("%s = $%d", col, len(args)))
	}
	add("kanaal", f.Kanaal)
	add("team_id", f.TeamID)
	add("zaaktype_id", f.ZaaktypeID)
	add("product", f.Product)
	return strings.Join(conds, " AND "), args, nil
}

// ZaaktypeRef is a zaaktype that responses are about, for a filter.
type ZaaktypeRef struct {
	ID           string
	Omschrijving string
}

// Zaaktypen lists the zaaktypen that have responses, by omschrijving: the
// choices of the results page's zaaktype filter.
func (s *Service) Zaaktypen(ctx context.Context) ([]ZaaktypeRef, error) {
	rows, err := s.DB.R.QueryContext(ctx, `SELECT zt.id, zt.omschrijving FROM zaaktypen zt
		JOIN (SELECT DISTINCT zaaktype_id FROM kto_antwoorden WHERE zaaktype_id IS NOT NULL) a ON a.zaaktype_id = zt.id
		ORDER BY zt.omschrijving, zt.id`)
	if err != nil {
		return nil, fmt.Errorf("kto: zaaktypen: %w", err)
	}
	defer rows.Close()
	var out []ZaaktypeRef
	for rows.Next() {
		var z ZaaktypeRef
		if err := rows.Scan(&z.ID, &z.Omschrijving); err != nil {
			return nil, fmt.Errorf("kto: zaaktypen: %w", err)
		}
		out = append(out, z)
	}
	return out, rows.Err()
}
