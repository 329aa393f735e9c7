package zaak

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/termijn"
)

// Signals of the werkvoorraad: how a zaak or one of its norms stands.
const (
	SignalOnTrack  = "op_schema"
	SignalAtRisk   = "risico"
	SignalBreached = "overschreden"
	SignalDone     = "afgerond" // a settled norm
)

// QueueFilter selects the open zaken of a werkvoorraad, nearest legal
// deadline first.
type QueueFilter struct {
	TeamID        string
	BehandelaarID string
	// Unassigned: only zaken without a behandelaar (the team's pile).
	Unassigned   bool
	ZaakTypeID   string
	StatusTypeID string
	Initiator    string // BSN, KvK-nummer, vestigingsnummer or RSIN
	// Signal: "", SignalOnTrack, SignalAtRisk or SignalBreached.
	Signal string
	// Waiting: only zaken waiting for the customer (opschorting).
	Waiting bool
	Limit   int    // default 25, at most MaxPageSize
	After   string // keyset cursor (QueuePage.Next)
}

// QueueItem is one zaak of a werkvoorraad with its signals.
type QueueItem struct {
	Zaak   *Zaak
	Norms  []NormSignal
	Signal string // the worst of the zaak
	// DaysLeft until the legal deadline in calendar days, WorkdaysLeft in
	// working days of the legal calendar (negative when past).
	DaysLeft     int
	WorkdaysLeft int
}

// NormSignal is one norm instance with its signal.
type NormSignal struct {
	Norm
	Signal string
}

// QueuePage is one page of a werkvoorraad.
type QueuePage struct {
	Items []QueueItem
	Next  string
	Today date.Date
	// AtRiskUntil is the last due date that counts as at risk.
	AtRiskUntil date.Date
}

// QueueCounts is what a team lead sees at a glance.
type QueueCounts struct {
	Open     int
	AtRisk   int
	Breached int
	Waiting  int
}

// horizon is the last day that counts as at risk: AtRiskWerkdagen
// operational werkdagen ahead (default 2), as in SweepNorms.
func (s *Service) horizon(ctx context.Context, today date.Date) (date.Date, error) {
	cal, err := s.operational(ctx, s.DB.R)
	if err != nil {
		return date.Date{}, err
	}
	days := s.AtRiskWerkdagen
	if days == 0 {
		days = 2
	}
	return cal.AddWorkdays(today, days), nil
}

// breachedCond and atRiskCond are the SQL of the signals; $today and
// $horizon are placeholders filled by the caller.
//
// The unsettled breaches are a non-correlated subquery on their partial
// index (0014c): they only exist on open zaken (closing settles them), so
// the set is small — a few thousand at a million zaken — and both engines
// read it once (PostgreSQL as a hashed subplan, SQLite as an ephemeral
// index) instead of probing the norms once per zaak of a team of 10,000.
func (s *Service) breachedCond(today string) string {
	return `(z.uiterlijke_einddatum_afdoening < ` + today + ` OR z.id IN (SELECT n.zaak_id FROM zaak_normen n
		WHERE n.state = 'breached' AND n.settled_at IS NULL))`
}

// atRiskCond: the legal deadline or an open norm falls within the
// horizon. The norms are a non-correlated subquery on the open-norm index
// (a few days of due dates), which both engines evaluate once instead of
// once per zaak of a large team.
func atRiskCond(today, horizon string) string {
	return `(z.uiterlijke_einddatum_afdoening <= ` + horizon + ` OR z.id IN (SELECT n.zaak_id FROM zaak_normen n
		WHERE n.state = 'open' AND n.due_date >= ` + today + ` AND n.due_date <= ` + horizon + `))`
}

// Queue returns a page of the open zaken of a team or behandelaar, nearest
// legal deadline first, each with its norm signals. One of TeamID and
// BehandelaarID is required: a werkvoorraad is always someone's.
func (s *Service) Queue(ctx context.Context, f QueueFilter) (*QueuePage, error) {
	var w where
	var fe errs.Fields
	if f.TeamID == "" && f.BehandelaarID == "" {
		fe.Add("team", "required", "Kies een team of een behandelaar.")
	}
	uuidFilter := func(field, col, v string) {
		if v == "" {
			return
		}
		if !db.ValidUUID(v) {
			fe.Add(field, "invalid", "Dit is geen geldige keuze.")
			return
		}
		w.add(col + " = " + w.p(v))
	}
	w.add("z.einddatum IS NULL")
	uuidFilter("team", "z.team_id", f.TeamID)
	uuidFilter("behandelaar", "z.behandelaar_id", f.BehandelaarID)
	uuidFilter("zaaktype", "z.zaaktype_id", f.ZaakTypeID)
	uuidFilter("statustype", "z.statustype_id", f.StatusTypeID)
	if f.Unassigned {
		w.add("z.behandelaar_id IS NULL")
	}
	if v := strings.ReplaceAll(strings.TrimSpace(f.Initiator), " ", ""); v != "" {
		w.add("z.initiator_id = " + w.p(v))
	}
	if f.Waiting {
		w.add("z.opschorting_indicatie")
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 25
	}
	if limit > MaxPageSize {
		fe.Add("limit", "max_value", fmt.Sprintf("Hoogstens %d zaken per pagina.", MaxPageSize))
	}
	switch f.Signal {
	case "", SignalOnTrack, SignalAtRisk, SignalBreached:
	default:
		fe.Add("signaal", "invalid_choice", "Kies op schema, risico of overschreden.")
	}
	if err := fe.Err(); err != nil {
		return nil, err
	}
	today := date.Today(s.now())
	horizon, err := s.horizon(ctx, today)
	if err != nil {
		return nil, err
	}
	switch f.Signal {
	case SignalBreached:
		w.add(s.breachedCond(w.p(today)))
	case SignalAtRisk:
		t, h := w.p(today), w.p(horizon)
		w.add(atRiskCond(t, h))
		w.add("NOT " + s.breachedCond(t))
	case SignalOnTrack:
		t, h := w.p(today), w.p(horizon)
		w.add("NOT " + s.breachedCond(t))
		w.add("NOT " + atRiskCond(t, h))
	}
	if f.After != "" {
		v, id, ok := decodeCursor(f.After)
		if !ok {
			return nil, errs.InvalidField("after", "invalid", "Ongeldige paginaverwijzing.")
		}
		w.add("(z.uiterlijke_einddatum_afdoening, z.id) > (" + w.p(v) + ", " + w.p(id) + ")")
	}
	query := `SELECT ` + listCols + listFrom + w.sql() + ` ORDER BY z.uiterlijke_einddatum_afdoening, z.id` +
		fmt.Sprintf(` LIMIT %d`, limit+1)
	rows, err := s.DB.R.QueryContext(ctx, query, w.args...)
	if err != nil {
		return nil, fmt.Errorf("zaak: queue: %w", err)
	}
	page := &QueuePage{Today: today, AtRiskUntil: horizon}
	var zaken []*Zaak
	for rows.Next() {
		z, err := scanListed(rows)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("zaak: queue: scan: %w", err)
		}
		zaken = append(zaken, z)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("zaak: queue: %w", err)
	}
	if len(zaken) > limit {
		zaken = zaken[:limit]
		last := zaken[limit-1]
		page.Next = encodeCursor(last.UiterlijkeEinddatumAfdoening.String(), last.ID)
	}
	norms, err := s.normsOf(ctx, zaken)
	if err != nil {
		return nil, err
	}
	legal := termijn.Legal()
	for _, z := range zaken {
		it := QueueItem{Zaak: z, DaysLeft: today.DaysUntil(z.UiterlijkeEinddatumAfdoening),
			WorkdaysLeft: legal.CountWorkdays(today, z.UiterlijkeEinddatumAfdoening)}
		for _, n := range norms[z.ID] {
			it.Norms = append(it.Norms, NormSignal{Norm: n, Signal: normSignal(n, today, horizon)})
		}
		it.Signal = zaakSignal(z, it.Norms, today, horizon)
		page.Items = append(page.Items, it)
	}
	return page, nil
}

// NormSignalOf is the signal of one norm instance on a day.
func (s *Service) NormSignalOf(ctx context.Context, n Norm) (string, error) {
	today := date.Today(s.now())
	h, err := s.horizon(ctx, today)
	if err != nil {
		return "", err
	}
	return normSignal(n, today, h), nil
}

func normSignal(n Norm, today, horizon date.Date) string {
	switch {
	case n.State == NormBreached:
		return SignalBreached
	case n.State != NormOpen:
		return SignalDone
	case !n.DueDate.IsZero() && n.DueDate.Before(today):
		return SignalBreached // past due, the sweep has not run yet
	case !n.DueDate.IsZero() && !n.DueDate.After(horizon):
		return SignalAtRisk
	}
	return SignalOnTrack
}

func zaakSignal(z *Zaak, norms []NormSignal, today, horizon date.Date) string {
	sig := SignalOnTrack
	if z.UiterlijkeEinddatumAfdoening.Before(today) {
		return SignalBreached
	}
	if !z.UiterlijkeEinddatumAfdoening.After(horizon) {
		sig = SignalAtRisk
	}
	for _, n := range norms {
		switch {
		case n.Signal == SignalBreached && n.SettledAt == nil:
			return SignalBreached
		case n.Signal == SignalAtRisk:
			sig = SignalAtRisk
		}
	}
	return sig
}

func (s *Service) normsOf(ctx context.Context, zaken []*Zaak) (map[string][]Norm, error) {
	out := map[string][]Norm{}
	if len(zaken) == 0 {
		return out, nil
	}
	var w where
	ids := make([]string, len(zaken))
	for i, z := range zaken {
		ids[i] = w.p(z.ID)
	}
	rows, err := s.DB.R.QueryContext(ctx, `SELECT id, zaak_id, norm, volgnummer, due_date, state, settled_at, settled_by,
		breached_at, created_at FROM zaak_normen WHERE zaak_id IN (`+strings.Join(ids, ", ")+`) ORDER BY norm, volgnummer`, w.args...)
	if err != nil {
		return nil, fmt.Errorf("zaak: queue norms: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var n Norm
		var settled, breached sql.NullTime
		if err := rows.Scan(&n.ID, &n.ZaakID, &n.Norm, &n.Volgnummer, &n.DueDate, &n.State, &settled, &n.SettledBy,
			&breached, &n.CreatedAt); err != nil {
			return nil, fmt.Errorf("zaak: queue norms: %w", err)
		}
		n.SettledAt, n.BreachedAt = timePtr(settled), timePtr(breached)
		n.CreatedAt = n.CreatedAt.UTC()
		out[n.ZaakID] = append(out[n.ZaakID], n)
	}
	return out, rows.Err()
}

func timePtr(n sql.NullTime) *time.Time {
	if !n.Valid {
		return nil
	}
	t := n.Time.UTC()
	return &t
}

// QueueCount counts the open zaken of a team or behandelaar: all, at
// risk, breached and waiting for the customer. It reads the team's open
// zaken once, on the team index.
func (s *Service) QueueCount(ctx context.Context, teamID, behandelaarID string) (QueueCounts, error) {
	var c QueueCounts
	var w where
	w.add("z.einddatum IS NULL")
	switch {
	case teamID != "" && db.ValidUUID(teamID):
		w.add("z.team_id = " + w.p(teamID))
	case behandelaarID != "" && db.ValidUUID(behandelaarID):
		w.add("z.behandelaar_id = " + w.p(behandelaarID))
	default:
		return c, errs.InvalidField("team", "required", "Kies een team of een behandelaar.")
	}
	if teamID != "" && behandelaarID != "" {
		if !db.ValidUUID(behandelaarID) {
			return c, errs.InvalidField("behandelaar", "invalid", "Dit is geen geldige keuze.")
		}
		w.add("z.behandelaar_id = " + w.p(behandelaarID))
	}
	today := date.Today(s.now())
	horizon, err := s.horizon(ctx, today)
	if err != nil {
		return c, err
	}
	// Waiting first, on its own partial index, while w holds only the
	// selection; the main count then reads nothing but index columns
	// (team or behandelaar, deadline, id), so it never touches the rows.
	err = s.DB.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM zaken z`+w.sql()+` AND z.opschorting_indicatie`,
		w.args...).Scan(&c.Waiting)
	if err != nil {
		return c, fmt.Errorf("zaak: queue count: %w", err)
	}
	// One signal per zaak, computed once: grouping on it (rather than
	// summing two expressions over it) keeps PostgreSQL from evaluating the
	// breach test twice per row.
	t, h := w.p(today), w.p(horizon)
	rows, err := s.DB.R.QueryContext(ctx, `SELECT sig, COUNT(*) FROM (SELECT CASE WHEN `+s.breachedCond(t)+` THEN 2
		WHEN `+atRiskCond(t, h)+` THEN 1 ELSE 0 END AS sig FROM zaken z`+w.sql()+`) q GROUP BY sig`, w.args...)
	if err != nil {
		return c, fmt.Errorf("zaak: queue count: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var sig, n int
		if err := rows.Scan(&sig, &n); err != nil {
			return c, fmt.Errorf("zaak: queue count: %w", err)
		}
		c.Open += n
		switch sig {
		case 2:
			c.Breached = n
		case 1:
			c.AtRisk = n
		}
	}
	if err := rows.Err(); err != nil {
		return c, fmt.Errorf("zaak: queue count: %w", err)
	}
	return c, nil
}
