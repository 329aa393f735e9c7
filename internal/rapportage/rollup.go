package rapportage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/db"
)

// herhaalWindow: a contact is a herhaalcontact when the same party had a
// contact on the same onderwerp at most this long before it.
const herhaalWindow = 7 * 24 * time.Hour

// rebuildChunk is the number of days a Rebuild recomputes per transaction,
// so SQLite's single writer is never held for the whole rebuild.
const rebuildChunk = 31

// dayRange is [from, to) in civil days.
type dayRange struct{ from, to date.Date }

// Refresh recomputes the rollup days that changes marked since the last
// refresh and returns how many days it recomputed.
func (s *Service) Refresh(ctx context.Context) (int, error) {
	// Most reports find nothing marked (the job has just refreshed); a read
	// spares them a write transaction and its commit to disk.
	marked, err := db.Exists(ctx, s.DB.R, `SELECT 1 FROM rap_dirty LIMIT 1`)
	if err != nil {
		return 0, fmt.Errorf("rapportage: read marks: %w", err)
	}
	if !marked {
		return 0, nil
	}
	n := 0
	err = s.DB.Tx(ctx, func(tx *sql.Tx) error {
		// The status row's lock serialises refreshes on PostgreSQL: two
		// refreshes recomputing one day at once would both insert its rows.
		if _, err := tx.ExecContext(ctx, `UPDATE rap_status SET ververst_op = $1 WHERE id = 1`, s.Now().UTC()); err != nil {
			return fmt.Errorf("rapportage: refresh lock: %w", err)
		}
		rows, err := tx.QueryContext(ctx, `DELETE FROM rap_dirty RETURNING soort, dag`)
		if err != nil {
			return fmt.Errorf("rapportage: read marks: %w", err)
		}
		marks := map[string]map[date.Date]bool{}
		for rows.Next() {
			var soort string
			var d date.Date
			if err := rows.Scan(&soort, &d); err != nil {
				rows.Close()
				return fmt.Errorf("rapportage: read marks: %w", err)
			}
			if marks[soort] == nil {
				marks[soort] = map[date.Date]bool{}
			}
			marks[soort][d] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("rapportage: read marks: %w", err)
		}
		// A mark is the UTC day of a timestamp (the stored day on SQLite);
		// the Amsterdam day is that day or the next, and a contact changes
		// the herhaal flags of the 7 days after it.
		plan := []struct {
			soort     string
			before    int
			after     int
			recompute func(context.Context, *sql.Tx, dayRange) error
		}{
			{"contact", 1, 8, s.recomputeContacten},
			{"zaak", 0, 0, s.recomputeZaken},
			{"norm", 1, 1, s.recomputeNormen},
			{"taak", 1, 1, s.recomputeTaken},
		}
		for _, p := range plan {
			for _, r := range ranges(marks[p.soort], p.before, p.after) {
				if err := p.recompute(ctx, tx, r); err != nil {
					return err
				}
				n += r.from.DaysUntil(r.to)
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return n, nil
}

// ranges widens each marked day to [d-before, d+after] and merges the
// overlapping spans.
func ranges(days map[date.Date]bool, before, after int) []dayRange {
	if len(days) == 0 {
		return nil
	}
	list := make([]date.Date, 0, len(days))
	for d := range days {
		list = append(list, d)
	}
	sort.Slice(list, func(i, j int) bool { return list[i].Before(list[j]) })
	var out []dayRange
	for _, d := range list {
		r := dayRange{d.AddDays(-before), d.AddDays(after + 1)}
		if n := len(out); n > 0 && !out[n-1].to.Before(r.from) {
			if r.to.After(out[n-1].to) {
				out[n-1].to = r.to
			}
			continue
		}
		out = append(out, r)
	}
	return out
}

// Rebuild recomputes every rollup from the base tables, a month per
// transaction. Changes made while it runs leave marks for the next Refresh.
func (s *Service) Rebuild(ctx context.Context) error {
	start := time.Now()
	if err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE rap_status SET herbouwd_op = $1 WHERE id = 1`, s.Now().UTC()); err != nil {
			return fmt.Errorf("rapportage: rebuild lock: %w", err)
		}
		// Marks visible now are covered by the rebuild, which reads later.
		if _, err := tx.ExecContext(ctx, `DELETE FROM rap_dirty`); err != nil {
			return fmt.Errorf("rapportage: rebuild: %w", err)
		}
		for _, t := range []string{"rap_contacten", "rap_zaken", "rap_afgehandeld", "rap_normen", "rap_taken"} {
			if _, err := tx.ExecContext(ctx, `DELETE FROM `+t); err != nil {
				return fmt.Errorf("rapportage: rebuild %s: %w", t, err)
			}
		}
		return nil
	}); err != nil {
		return err
	}
	span, err := s.dataSpan(ctx)
	if err != nil {
		return err
	}
	if span.from.IsZero() {
		return nil
	}
	steps := []func(context.Context, *sql.Tx, dayRange) error{s.recomputeContacten, s.recomputeZaken, s.recomputeNormen, s.recomputeTaken}
	for d := span.from; d.Before(span.to); d = d.AddDays(rebuildChunk) {
		r := dayRange{d, d.AddDays(rebuildChunk)}
		if r.to.After(span.to) {
			r.to = span.to
		}
		if err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
			for _, step := range steps {
				if err := step(ctx, tx, r); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			return err
		}
	}
	s.Log.Info("rapportage: rollups rebuilt", "from", span.from.String(), "to", span.to.String(), "duration", time.Since(start).Round(time.Millisecond).String())
	return nil
}

// dataSpan is the span of days any base table has data on, widened by a
// day on both sides for the UTC/Amsterdam difference.
func (s *Service) dataSpan(ctx context.Context) (dayRange, error) {
	var lo, hi date.Date
	add := func(d date.Date) {
		if d.IsZero() {
			return
		}
		if lo.IsZero() || d.Before(lo) {
			lo = d
		}
		if hi.IsZero() || d.After(hi) {
			hi = d
		}
	}
	for _, q := range []string{
		`SELECT MIN(startdatum), MAX(startdatum) FROM zaken`,
		`SELECT MIN(einddatum), MAX(einddatum) FROM zaken`,
	} {
		var a, b sql.Null[date.Date]
		if err := s.DB.R.QueryRowContext(ctx, q).Scan(&a, &b); err != nil {
			return dayRange{}, fmt.Errorf("rapportage: data span: %w", err)
		}
		add(a.V)
		add(b.V)
	}
	// ORDER BY … LIMIT 1 rather than MIN/MAX: an aggregate loses the column
	// type on SQLite (the driver then returns text), and each reads one
	// index entry.
	for _, q := range []string{
		`SELECT plaatsgevonden_op FROM klantcontacten ORDER BY plaatsgevonden_op%s LIMIT 1`,
		`SELECT settled_at FROM zaak_normen WHERE state = 'met' ORDER BY settled_at%s LIMIT 1`,
		`SELECT breached_at FROM zaak_normen WHERE state = 'breached' ORDER BY breached_at%s LIMIT 1`,
		`SELECT uiterlijk_op FROM interne_taken WHERE uiterlijk_op IS NOT NULL ORDER BY uiterlijk_op%s LIMIT 1`,
	} {
		for _, dir := range []string{"", " DESC"} {
			var t time.Time
			err := s.DB.R.QueryRowContext(ctx, fmt.Sprintf(q, dir)).Scan(&t)
			if errors.Is(err, sql.ErrNoRows) {
				continue
			}
			if err != nil {
				return dayRange{}, fmt.Errorf("rapportage: data span: %w", err)
			}
			add(localDay(t))
		}
	}
	if lo.IsZero() {
		return dayRange{}, nil
	}
	return dayRange{lo.AddDays(-1), hi.AddDays(2)}, nil
}

// inserter writes rollup rows in multi-row INSERTs. The full-batch
// statement is prepared once per table and transaction, and batches are
// small: SQLite (and the modernc driver's bind) resolve numbered parameters
// in time quadratic in their number, so a 500-row INSERT cost more to
// prepare and bind than to run.
type inserter struct {
	ctx  context.Context
	tx   *sql.Tx
	head string
	cols int
	args []any
	rows int
	full *sql.Stmt
}

const insertBatch = 25

func newInserter(ctx context.Context, tx *sql.Tx, table string, cols ...string) *inserter {
	return &inserter{ctx: ctx, tx: tx, head: "INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES ", cols: len(cols)}
}

func (in *inserter) add(vals ...any) error {
	in.args = append(in.args, vals...)
	in.rows++
	if in.rows >= insertBatch {
		return in.flush()
	}
	return nil
}

func (in *inserter) statement(rows int) string {
	var b strings.Builder
	b.WriteString(in.head)
	n := 1
	for r := 0; r < rows; r++ {
		if r > 0 {
			b.WriteString(", ")
		}
		b.WriteByte('(')
		for c := 0; c < in.cols; c++ {
			if c > 0 {
				b.WriteString(", ")
			}
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			n++
		}
		b.WriteByte(')')
	}
	return b.String()
}

// flush writes the pending rows; call it once more at the end (it also
// closes the prepared statement).
func (in *inserter) flush() error {
	defer func() { in.args, in.rows = in.args[:0], 0 }()
	var err error
	switch {
	case in.rows == insertBatch:
		if in.full == nil {
			if in.full, err = in.tx.PrepareContext(in.ctx, in.statement(insertBatch)); err != nil {
				return fmt.Errorf("rapportage: prepare rollup insert: %w", err)
			}
		}
		_, err = in.full.ExecContext(in.ctx, in.args...)
	case in.rows > 0:
		_, err = in.tx.ExecContext(in.ctx, in.statement(in.rows), in.args...)
	}
	if err != nil {
		return fmt.Errorf("rapportage: write rollup: %w", err)
	}
	if in.rows < insertBatch && in.full != nil {
		in.full.Close()
		in.full = nil
	}
	return nil
}

func deleteDays(ctx context.Context, tx *sql.Tx, table string, r dayRange) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM `+table+` WHERE dag >= $1 AND dag < $2`, r.from, r.to); err != nil {
		return fmt.Errorf("rapportage: clear %s: %w", table, err)
	}
	return nil
}

type contactKey struct {
	dag                                         date.Date
	kanaal, uitkomst, team, zaaktype, onderwerp string
}

type contactSums struct{ aantal, bekend, herhaal int64 }

// recomputeContacten rebuilds rap_contacten for the Amsterdam days of r. It
// reads 7 days before r too, for the herhaal flags.
func (s *Service) recomputeContacten(ctx context.Context, tx *sql.Tx, r dayRange) error {
	if err := deleteDays(ctx, tx, "rap_contacten", r); err != nil {
		return err
	}
	lo, hi := localMidnight(r.from).Add(-herhaalWindow), localMidnight(r.to)
	rows, err := tx.QueryContext(ctx, `SELECT plaatsgevonden_op, kanaal, uitkomst, team_id, zaaktype_id, onderwerp, partij_type, partij_id
		FROM klantcontacten WHERE plaatsgevonden_op >= $1 AND plaatsgevonden_op < $2 ORDER BY plaatsgevonden_op`, lo, hi)
	if err != nil {
		return fmt.Errorf("rapportage: read contacten: %w", err)
	}
	repeats := repeatTracker{}
	sums := map[contactKey]*contactSums{}
	from := localMidnight(r.from)
	for rows.Next() {
		var t time.Time
		var kanaal, uitkomst, onderwerp, ptype, pid string
		var team, zt sql.NullString
		if err := rows.Scan(&t, &kanaal, &uitkomst, &team, &zt, &onderwerp, &ptype, &pid); err != nil {
			rows.Close()
			return fmt.Errorf("rapportage: read contacten: %w", err)
		}
		known := identified(ptype, pid)
		herhaal := known && repeats.seen(ptype+"\x00"+pid+"\x00"+onderwerp, t)
		if t.Before(from) {
			continue
		}
		key := contactKey{localDay(t), kanaal, uitkomst, team.String, zt.String, onderwerp}
		c := sums[key]
		if c == nil {
			c = &contactSums{}
			sums[key] = c
		}
		c.aantal++
		if known {
			c.bekend++
			if herhaal {
				c.herhaal++
			}
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("rapportage: read contacten: %w", err)
	}
	in := newInserter(ctx, tx, "rap_contacten", "dag", "kanaal", "uitkomst", "team_id", "zaaktype_id", "onderwerp", "aantal", "bekend", "herhaal")
	for k, c := range sums {
		if err := in.add(k.dag, k.kanaal, k.uitkomst, k.team, k.zaaktype, k.onderwerp, c.aantal, c.bekend, c.herhaal); err != nil {
			return err
		}
	}
	return in.flush()
}

// repeatTracker finds repeat contacts in contacts fed in time order: the
// last two distinct moments per party and onderwerp are enough, since a
// contact at the same moment as the last one is not earlier than it.
type repeatTracker map[string]struct{ last, prev time.Time }

// seen records a contact at t and reports whether it is a repeat contact:
// an earlier one (strictly before t) lies at most herhaalWindow before it.
func (m repeatTracker) seen(key string, t time.Time) bool {
	p, ok := m[key]
	if !ok {
		p.last = t
		m[key] = p
		return false
	}
	earlier := p.last
	if earlier.Equal(t) {
		earlier = p.prev
	} else {
		p.prev, p.last = p.last, t
		m[key] = p
	}
	return !earlier.IsZero() && t.Sub(earlier) <= herhaalWindow
}

// identified: anonymous contacts cannot be repeat contacts and are left out
// of the herhaalcontact figure altogether.
func identified(ptype, pid string) bool { return ptype != "" && ptype != "anoniem" && pid != "" }

type zaakKey struct {
	dag                    date.Date
	zaaktype, team, kanaal string
	dagen                  int
}

// recomputeZaken rebuilds rap_zaken (by startdatum) and rap_afgehandeld (by
// einddatum) for the days of r.
func (s *Service) recomputeZaken(ctx context.Context, tx *sql.Tx, r dayRange) error {
	if err := deleteDays(ctx, tx, "rap_zaken", r); err != nil {
		return err
	}
	if err := deleteDays(ctx, tx, "rap_afgehandeld", r); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO rap_zaken (dag, zaaktype_id, team_id, kanaal, aantal)
		SELECT startdatum, CAST(zaaktype_id AS TEXT), COALESCE(CAST(team_id AS TEXT), ''), kanaal, COUNT(*)
		FROM zaken WHERE startdatum >= $1 AND startdatum < $2
		GROUP BY startdatum, zaaktype_id, team_id, kanaal`, r.from, r.to); err != nil {
		return fmt.Errorf("rapportage: zaken per dag: %w", err)
	}
	rows, err := tx.QueryContext(ctx, `SELECT einddatum, registratiedatum, uiterlijke_einddatum_afdoening, zaaktype_id, team_id, kanaal
		FROM zaken WHERE einddatum >= $1 AND einddatum < $2`, r.from, r.to)
	if err != nil {
		return fmt.Errorf("rapportage: read afgehandelde zaken: %w", err)
	}
	type sums struct{ aantal, binnen int64 }
	agg := map[zaakKey]*sums{}
	for rows.Next() {
		var eind, reg, deadline date.Date
		var zt, kanaal string
		var team sql.NullString
		if err := rows.Scan(&eind, &reg, &deadline, &zt, &team, &kanaal); err != nil {
			rows.Close()
			return fmt.Errorf("rapportage: read afgehandelde zaken: %w", err)
		}
		dagen := reg.DaysUntil(eind)
		if dagen < 0 {
			dagen = 0
		}
		k := zaakKey{eind, zt, team.String, kanaal, dagen}
		a := agg[k]
		if a == nil {
			a = &sums{}
			agg[k] = a
		}
		a.aantal++
		if !eind.After(deadline) {
			a.binnen++
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("rapportage: read afgehandelde zaken: %w", err)
	}
	in := newInserter(ctx, tx, "rap_afgehandeld", "dag", "zaaktype_id", "team_id", "kanaal", "dagen", "aantal", "binnen_termijn")
	for k, a := range agg {
		if err := in.add(k.dag, k.zaaktype, k.team, k.kanaal, k.dagen, a.aantal, a.binnen); err != nil {
			return err
		}
	}
	return in.flush()
}

type normKey struct {
	dag                          date.Date
	norm, zaaktype, team, kanaal string
}

// recomputeNormen rebuilds rap_normen for the Amsterdam days of r: a met
// instance counts on the day it was settled, a breached one on the day it
// was breached (also when it was settled later).
func (s *Service) recomputeNormen(ctx context.Context, tx *sql.Tx, r dayRange) error {
	if err := deleteDays(ctx, tx, "rap_normen", r); err != nil {
		return err
	}
	lo, hi := localMidnight(r.from), localMidnight(r.to)
	rows, err := tx.QueryContext(ctx, `SELECT n.norm, n.state, n.settled_at, z.zaaktype_id, z.team_id, z.kanaal
		FROM zaak_normen n JOIN zaken z ON z.id = n.zaak_id
		WHERE n.state = 'met' AND n.settled_at >= $1 AND n.settled_at < $2
		UNION ALL
		SELECT n.norm, n.state, n.breached_at, z.zaaktype_id, z.team_id, z.kanaal
		FROM zaak_normen n JOIN zaken z ON z.id = n.zaak_id
		WHERE n.state = 'breached' AND n.breached_at >= $1 AND n.breached_at < $2`, lo, hi)
	if err != nil {
		return fmt.Errorf("rapportage: read normen: %w", err)
	}
	type sums struct{ met, breached int64 }
	agg := map[normKey]*sums{}
	for rows.Next() {
		var norm, state, zt, kanaal string
		var at time.Time
		var team sql.NullString
		if err := rows.Scan(&norm, &state, &at, &zt, &team, &kanaal); err != nil {
			rows.Close()
			return fmt.Errorf("rapportage: read normen: %w", err)
		}
		k := normKey{localDay(at), norm, zt, team.String, kanaal}
		a := agg[k]
		if a == nil {
			a = &sums{}
			agg[k] = a
		}
		if state == "met" {
			a.met++
		} else {
			a.breached++
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("rapportage: read normen: %w", err)
	}
	in := newInserter(ctx, tx, "rap_normen", "dag", "norm", "zaaktype_id", "team_id", "kanaal", "met", "breached")
	for k, a := range agg {
		if err := in.add(k.dag, k.norm, k.zaaktype, k.team, k.kanaal, a.met, a.breached); err != nil {
			return err
		}
	}
	return in.flush()
}

type taakKey struct {
	dag                    date.Date
	team, kanaal, zaaktype string
}

// recomputeTaken rebuilds rap_taken: handled contactverzoeken per
// Amsterdam day of their due moment, on time when handled by then.
func (s *Service) recomputeTaken(ctx context.Context, tx *sql.Tx, r dayRange) error {
	if err := deleteDays(ctx, tx, "rap_taken", r); err != nil {
		return err
	}
	lo, hi := localMidnight(r.from), localMidnight(r.to)
	rows, err := tx.QueryContext(ctx, `SELECT t.uiterlijk_op, t.afgehandeld_op, t.team_id, k.kanaal, k.zaaktype_id
		FROM interne_taken t JOIN klantcontacten k ON k.id = t.klantcontact_id
		WHERE t.status = 'verwerkt' AND t.uiterlijk_op >= $1 AND t.uiterlijk_op < $2`, lo, hi)
	if err != nil {
		return fmt.Errorf("rapportage: read contactverzoeken: %w", err)
	}
	type sums struct{ opTijd, teLaat int64 }
	agg := map[taakKey]*sums{}
	for rows.Next() {
		var due time.Time
		var done sql.NullTime
		var kanaal string
		var team, zt sql.NullString
		if err := rows.Scan(&due, &done, &team, &kanaal, &zt); err != nil {
			rows.Close()
			return fmt.Errorf("rapportage: read contactverzoeken: %w", err)
		}
		k := taakKey{localDay(due), team.String, kanaal, zt.String}
		a := agg[k]
		if a == nil {
			a = &sums{}
			agg[k] = a
		}
		if done.Valid && !done.Time.After(due) {
			a.opTijd++
		} else {
			a.teLaat++
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("rapportage: read contactverzoeken: %w", err)
	}
	in := newInserter(ctx, tx, "rap_taken", "dag", "team_id", "kanaal", "zaaktype_id", "op_tijd", "te_laat")
	for k, a := range agg {
		if err := in.add(k.dag, k.team, k.kanaal, k.zaaktype, a.opTijd, a.teLaat); err != nil {
			return err
		}
	}
	return in.flush()
}
