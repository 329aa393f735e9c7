package zaak

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/termijn"
)

// Service norms (DESIGN §4.2) are kept as rows in zaak_normen, one per
// instance, so reports count them without recomputing history. The rules:
//
//   - N1 ontvangstbevestiging: created with the zaak, due registratiedatum +
//     3 operational werkdagen; met by MarkNoticeSent(N1).
//   - N2 overzicht ontbrekende stukken: created with the zaak, due
//     registratiedatum + 10 werkdagen (15 for a complex zaaktype); met by
//     RequestDocuments or DeclareComplete.
//   - N3 compleetheid: one per arrival of documents (volgnummer 1, 2, …), due
//     arrival + 5 werkdagen; met by MarkNoticeSent(N3) (the latest instance).
//   - N4 tijdige afhandeling: created with the zaak, due one week (7 days)
//     before the legal deadline, and moved with the deadline while the zaak
//     is open (a breach that a moved deadline undoes is withdrawn while the
//     new due date is still ahead); met when the zaak closes on or before the
//     due date, breached otherwise.
//   - N5 vooraankondiging: created by an extension (due: the deadline before
//     the extension) and by the sweep when N4 breaches on an open zaak (the
//     zaak will probably be late; due: the legal deadline); met by
//     MarkNoticeSent(N5).
//   - N7 statusvraag: one per question (RegisterStatusQuestion): met at once
//     when answered in the same contact; otherwise due +1 werkdag for
//     spoken channels (telefoon, balie, chat) and +3 werkdagen for written
//     ones; met by AnswerStatusQuestion.
//   - N8 PIP: created with the zaak; met when the zaak has an initiator who
//     can log in to the PIP (BSN via DigiD, KvK-nummer via eHerkenning),
//     not_applicable otherwise — and turned to met when such an initiator is
//     added later.
//
// Settling after the due date gives "breached" (with the settling event
// recorded), never "met". A norm the sweep already breached keeps its
// breach when the event comes late; the event is still recorded.
//
// When the zaak closes (einddatum E), open instances are settled:
//   - N1 met when E ≤ due (the decision itself reached the customer within
//     the acknowledgement term), else breached;
//   - N2 not_applicable when E ≤ due (nothing was missing), else breached;
//   - N3 met when E ≤ due (the decision implies completeness), else breached;
//   - N4 met when E ≤ due, else breached;
//   - N5 not_applicable when E ≤ due (decided before the notice was needed),
//     else breached;
//   - N7 stays open: a status question still has to be answered.
// Reopening a zaak leaves settled norms as they are.

// Norm codes.
const (
	N1 = "N1"
	N2 = "N2"
	N3 = "N3"
	N4 = "N4"
	N5 = "N5"
	N7 = "N7"
	N8 = "N8"
)

func insertNorm(ctx context.Context, q db.Queryer, zaakID, norm string, volgnr int, due date.Date, state, by string, now time.Time) (Norm, error) {
	n := Norm{ID: newID(), ZaakID: zaakID, Norm: norm, Volgnummer: volgnr, DueDate: due, State: state,
		SettledBy: by, CreatedAt: now}
	var settledAt any
	if state != NormOpen {
		t := now
		n.SettledAt = &t
		settledAt = now
	}
	_, err := q.ExecContext(ctx, `INSERT INTO zaak_normen (id, zaak_id, norm, volgnummer, due_date, state,
		settled_at, settled_by, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)`,
		n.ID, zaakID, norm, volgnr, nullDate(due), state, settledAt, by, now)
	if err != nil {
		return n, fmt.Errorf("zaak: insert norm %s: %w", norm, err)
	}
	return n, nil
}

func createInitialNorms(ctx context.Context, tx db.Queryer, z *Zaak, zt zaakType, pipVisible bool, cal *termijn.Calendar, now time.Time) error {
	n1Due, n2Due := intakeDue(cal, z.Registratiedatum, zt.Complex)
	n8State, n8By := NormNotApplicable, "geen_initiator_in_pip"
	if pipVisible {
		n8State, n8By = NormMet, "initiator_in_pip"
	}
	// One statement for the four rows: this runs on every create.
	due := []date.Date{n1Due, n2Due, n4Due(z.UiterlijkeEinddatumAfdoening), z.Registratiedatum}
	var n8Settled any
	if n8State != NormOpen {
		n8Settled = now
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO zaak_normen (id, zaak_id, norm, volgnummer, due_date, state,
		settled_at, settled_by, created_at) VALUES
		($1, $5, 'N1', 1, $6, 'open', NULL, '', $12),
		($2, $5, 'N2', 1, $7, 'open', NULL, '', $12),
		($3, $5, 'N4', 1, $8, 'open', NULL, '', $12),
		($4, $5, 'N8', 1, $9, $10, $11, $13, $12)`,
		newID(), newID(), newID(), newID(), z.ID,
		due[0], due[1], due[2], due[3], n8State, n8Settled, now, n8By)
	if err != nil {
		return fmt.Errorf("zaak: insert norms: %w", err)
	}
	return nil
}

// intakeDue gives the due dates of N1 and N2, counted in operational
// werkdagen from the registratiedatum; creating a zaak and correcting its
// registratiedatum must agree on them.
func intakeDue(cal *termijn.Calendar, registratiedatum date.Date, isComplex bool) (n1, n2 date.Date) {
	n2Days := 10
	if isComplex {
		n2Days = 15
	}
	return cal.AddWorkdays(registratiedatum, 3), cal.AddWorkdays(registratiedatum, n2Days)
}

func n4Due(deadline date.Date) date.Date { return deadline.AddDays(-7) }

// settleNormOn settles the open instances of a norm of a zaak (volgnr 0: all
// instances; otherwise that one) as of the event date `on`: met when on ≤
// due, breached otherwise. Instances the sweep breached get the event
// recorded but stay breached. It returns how many instances it touched.
func settleNormOn(ctx context.Context, q db.Queryer, zaakID, norm string, volgnr int, state, by string, on date.Date, now time.Time) (int64, error) {
	query := `UPDATE zaak_normen SET
		state = CASE WHEN state = 'breached' THEN 'breached'
			WHEN $4 = 'met' AND due_date IS NOT NULL AND due_date < $5 THEN 'breached' ELSE $4 END,
		breached_at = CASE WHEN state = 'open' AND $4 = 'met' AND due_date IS NOT NULL AND due_date < $5 THEN $6 ELSE breached_at END,
		settled_at = $6, settled_by = $7
		WHERE zaak_id = $1 AND norm = $2 AND ($3 = 0 OR volgnummer = $3)
		AND (state = 'open' OR (state = 'breached' AND settled_at IS NULL))`
	res, err := q.ExecContext(ctx, query, zaakID, norm, volgnr, state, on, now, by)
	if err != nil {
		return 0, fmt.Errorf("zaak: settle norm %s: %w", norm, err)
	}
	return res.RowsAffected()
}

// settleN8 turns N8 to met when an initiator who can log in to the PIP
// joins later. N8 has no timing element, so unlike settleNormOn it also
// overrides not_applicable.
func settleN8(ctx context.Context, q db.Queryer, zaakID, by string, now time.Time) error {
	_, err := q.ExecContext(ctx, `UPDATE zaak_normen SET state = $2, settled_at = $3, settled_by = $4
		WHERE zaak_id = $1 AND norm = 'N8' AND state <> $2`, zaakID, NormMet, now, by)
	if err != nil {
		return fmt.Errorf("zaak: settle norm N8: %w", err)
	}
	return nil
}

// moveN4 keeps N4 one week before the (moved) legal deadline while the zaak
// is open.
func moveN4(ctx context.Context, q db.Queryer, zaakID string, deadline, today date.Date) error {
	due := n4Due(deadline)
	ahead := !due.Before(today)
	_, err := q.ExecContext(ctx, `UPDATE zaak_normen SET due_date = $2,
		state = CASE WHEN state = 'breached' AND settled_at IS NULL AND $3 THEN 'open' ELSE state END,
		breached_at = CASE WHEN state = 'breached' AND settled_at IS NULL AND $3 THEN NULL ELSE breached_at END
		WHERE zaak_id = $1 AND norm = 'N4' AND settled_at IS NULL`, zaakID, due, ahead)
	if err != nil {
		return fmt.Errorf("zaak: move N4: %w", err)
	}
	return nil
}

// closeNorms settles the open norms of a zaak that closed on einddatum
// (rules in the package comment above).
func closeNorms(ctx context.Context, q db.Queryer, zaakID string, einddatum date.Date, now time.Time) error {
	rules := []struct{ norm, onTime, late string }{
		{N1, NormMet, NormBreached},
		{N2, NormNotApplicable, NormBreached},
		{N3, NormMet, NormBreached},
		{N4, NormMet, NormBreached},
		{N5, NormNotApplicable, NormBreached},
	}
	for _, r := range rules {
		_, err := q.ExecContext(ctx, `UPDATE zaak_normen SET
			state = CASE WHEN due_date IS NULL OR due_date >= $3 THEN $4 ELSE $5 END,
			breached_at = CASE WHEN due_date IS NULL OR due_date >= $3 THEN breached_at ELSE $6 END,
			settled_at = $6, settled_by = 'zaak_afgesloten'
			WHERE zaak_id = $1 AND norm = $2 AND state = 'open'`, zaakID, r.norm, einddatum, r.onTime, r.late, now)
		if err != nil {
			return fmt.Errorf("zaak: close norms: %w", err)
		}
	}
	return nil
}

func nextVolgnummer(ctx context.Context, q db.Queryer, zaakID, norm string) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT COALESCE(MAX(volgnummer), 0) + 1 FROM zaak_normen WHERE zaak_id = $1 AND norm = $2`,
		zaakID, norm).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("zaak: norm volgnummer: %w", err)
	}
	return n, nil
}

func listNorms(ctx context.Context, q db.Queryer, zaakID string) ([]Norm, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, zaak_id, norm, volgnummer, due_date, state, settled_at, settled_by,
		breached_at, created_at FROM zaak_normen WHERE zaak_id = $1 ORDER BY norm, volgnummer`, zaakID)
	if err != nil {
		return nil, fmt.Errorf("zaak: norms: %w", err)
	}
	defer rows.Close()
	var out []Norm
	for rows.Next() {
		var n Norm
		var settled, breached sql.NullTime
		if err := rows.Scan(&n.ID, &n.ZaakID, &n.Norm, &n.Volgnummer, &n.DueDate, &n.State, &settled, &n.SettledBy,
			&breached, &n.CreatedAt); err != nil {
			return nil, fmt.Errorf("zaak: scan norm: %w", err)
		}
		if settled.Valid {
			t := settled.Time.UTC()
			n.SettledAt = &t
		}
		if breached.Valid {
			t := breached.Time.UTC()
			n.BreachedAt = &t
		}
		n.CreatedAt = n.CreatedAt.UTC()
		out = append(out, n)
	}
	return out, rows.Err()
}

// Norms lists the norm instances of a zaak.
func (s *Service) Norms(ctx context.Context, zaakID string) ([]Norm, error) {
	if !db.ValidUUID(zaakID) {
		return nil, errs.NotFoundf("zaak", zaakID)
	}
	return listNorms(ctx, s.DB.R, zaakID)
}

// MarkNoticeSent records that the letter a norm asks for went out today:
// N1 (ontvangstbevestiging), N3 (compleetheid; the latest instance) or N5
// (vooraankondiging; the latest instance). Letters are a later issue; until
// then a page or job calls this explicitly.
func (s *Service) MarkNoticeSent(ctx context.Context, zaakID, norm string) error {
	if norm != N1 && norm != N3 && norm != N5 {
		return errs.InvalidField("norm", "invalid_choice", "Alleen voor N1, N3 en N5 wordt een brief verstuurd.")
	}
	return s.changeZaak(ctx, zaakID, true, func(c *change) error {
		var volgnr int
		err := c.tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(volgnummer), 0) FROM zaak_normen WHERE zaak_id = $1
			AND norm = $2 AND (state = 'open' OR (state = 'breached' AND settled_at IS NULL))`, c.z.ID, norm).Scan(&volgnr)
		if err != nil {
			return fmt.Errorf("zaak: notice: %w", err)
		}
		if volgnr == 0 {
			return errs.E(errs.Conflict, "geen-open-norm", "Er staat voor deze zaak geen "+norm+" open.")
		}
		if _, err := settleNormOn(ctx, c.tx, c.z.ID, norm, volgnr, NormMet, "brief_verstuurd", c.today, c.now); err != nil {
			return err
		}
		return c.audit("norm", norm, "notice_sent", "Brief verstuurd voor "+norm, nil, map[string]any{"norm": norm, "volgnummer": volgnr})
	})
}

// DeclareComplete records that the application is complete without asking
// for documents: N2 is met.
func (s *Service) DeclareComplete(ctx context.Context, zaakID string) error {
	if err := MayHandle(ctx, "compleet"); err != nil {
		return err
	}
	return s.change(ctx, zaakID, func(c *change) error {
		n, err := settleNormOn(ctx, c.tx, c.z.ID, N2, 0, NormMet, "compleet_verklaard", c.today, c.now)
		if err != nil {
			return err
		}
		if n == 0 {
			return errs.E(errs.Conflict, "geen-open-norm", "De aanvraag is al compleet verklaard of er is al om stukken gevraagd.")
		}
		return c.audit("zaak", c.z.ID, "compleet_verklaard", "Aanvraag compleet verklaard", nil, nil)
	})
}

// Statusvraag channels that are spoken (answered within 1 werkdag when not
// in the same contact); all others are written (3 werkdagen).
var spokenChannels = []string{"telefoon", "balie", "chat"}

// RegisterStatusQuestion records that the customer asked about the zaak's
// status (norm N7). answeredDirectly: the question was answered in the same
// contact.
func (s *Service) RegisterStatusQuestion(ctx context.Context, zaakID, channel string, answeredDirectly bool) (*Norm, error) {
	if !oneOf(channel, Kanalen) {
		return nil, errs.InvalidField("kanaal", "invalid_choice", "Onbekend kanaal.")
	}
	var out Norm
	err := s.changeZaak(ctx, zaakID, true, func(c *change) error {
		cal, err := s.operational(ctx, c.tx)
		if err != nil {
			return err
		}
		days := 3
		if oneOf(channel, spokenChannels) {
			days = 1
		}
		volgnr, err := nextVolgnummer(ctx, c.tx, c.z.ID, N7)
		if err != nil {
			return err
		}
		state, by := NormOpen, ""
		if answeredDirectly {
			state, by = NormMet, "direct_beantwoord_"+channel
		}
		out, err = insertNorm(ctx, c.tx, c.z.ID, N7, volgnr, cal.AddWorkdays(c.today, days), state, by, c.now)
		if err != nil {
			return err
		}
		return c.audit("norm", N7, "statusvraag", "Statusvraag via "+channel, nil, out)
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// AnswerStatusQuestion settles the N7 instance volgnummer (0: every open one).
func (s *Service) AnswerStatusQuestion(ctx context.Context, zaakID string, volgnummer int) error {
	return s.changeZaak(ctx, zaakID, true, func(c *change) error {
		n, err := settleNormOn(ctx, c.tx, c.z.ID, N7, volgnummer, NormMet, "statusvraag_beantwoord", c.today, c.now)
		if err != nil {
			return err
		}
		if n == 0 {
			return errs.E(errs.Conflict, "geen-open-norm", "Er staat geen onbeantwoorde statusvraag open.")
		}
		return c.audit("norm", N7, "statusvraag_beantwoord", "Statusvraag beantwoord", nil, map[string]any{"volgnummer": volgnummer})
	})
}

// SweepResult reports what a sweep did.
type SweepResult struct {
	Breached    int            // open norms past their due date, now breached
	BreachedBy  map[string]int // per norm
	N5Created   int            // vooraankondigingen started for zaken that will be late
	AtRisk      map[string]int // open norms due within AtRiskWerkdagen, per norm
	AtRiskTotal int
}

const sweepBatch = 1000

// SweepNorms marks every open norm whose due date lies before today (the
// day of now in Europe/Amsterdam) as breached, in batches of 1000 rows, each
// its own short transaction (on SQLite the writer is not held for long). It
// is idempotent: a second run finds nothing. For each N4 that breaches on a
// zaak still open without an open N5, it starts an N5 (the customer must be
// told before the deadline that the decision will be late). The sweep
// writes no audit rows: norm states are bookkeeping about the zaak, and the
// breach itself is recorded in breached_at.
func (s *Service) SweepNorms(ctx context.Context, now time.Time) (SweepResult, error) {
	now = now.UTC()
	today := date.Today(now)
	res := SweepResult{BreachedBy: map[string]int{}, AtRisk: map[string]int{}}
	for {
		var n int
		s.warm(ctx)
		err := s.DB.Tx(ctx, func(sqlTx *sql.Tx) error {
			tx := s.q(sqlTx)
			// The outer conditions repeat the inner ones on purpose: on
			// PostgreSQL a row another transaction was changing is
			// re-checked against them after the wait (the subquery is not),
			// so an N4 whose due date an extension just moved stays open.
			rows, err := tx.QueryContext(ctx, `UPDATE zaak_normen SET state = 'breached', breached_at = $1
				WHERE id IN (SELECT id FROM zaak_normen WHERE state = 'open' AND due_date < $2
					ORDER BY due_date LIMIT `+itoa(sweepBatch)+`) AND state = 'open' AND due_date < $2
				RETURNING zaak_id, norm`, now, today)
			if err != nil {
				return fmt.Errorf("zaak: sweep: %w", err)
			}
			var n4 []string
			for rows.Next() {
				var zaakID, norm string
				if err := rows.Scan(&zaakID, &norm); err != nil {
					rows.Close()
					return err
				}
				n++
				res.BreachedBy[norm]++
				if norm == N4 {
					n4 = append(n4, zaakID)
				}
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
			for _, zaakID := range n4 {
				var deadline date.Date
				err := tx.QueryRowContext(ctx, `SELECT uiterlijke_einddatum_afdoening FROM zaken z
					WHERE z.id = $1 AND z.einddatum IS NULL AND NOT EXISTS (SELECT 1 FROM zaak_normen n
					WHERE n.zaak_id = z.id AND n.norm = 'N5' AND n.state = 'open')`, zaakID).Scan(&deadline)
				if err == sql.ErrNoRows {
					continue
				}
				if err != nil {
					return fmt.Errorf("zaak: sweep N5: %w", err)
				}
				v, err := nextVolgnummer(ctx, tx, zaakID, N5)
				if err != nil {
					return err
				}
				if _, err := insertNorm(ctx, tx, zaakID, N5, v, deadline, NormOpen, "", now); err != nil {
					return err
				}
				res.N5Created++
			}
			return nil
		})
		if err != nil {
			return res, err
		}
		res.Breached += n
		if n < sweepBatch {
			break
		}
	}
	cal, err := s.operational(ctx, s.DB.R)
	if err != nil {
		return res, err
	}
	days := s.AtRiskWerkdagen
	if days == 0 {
		days = 2
	}
	horizon := cal.AddWorkdays(today, days)
	rows, err := s.DB.R.QueryContext(ctx, `SELECT norm, COUNT(*) FROM zaak_normen
		WHERE state = 'open' AND due_date >= $1 AND due_date <= $2 GROUP BY norm`, today, horizon)
	if err != nil {
		return res, fmt.Errorf("zaak: at risk: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var norm string
		var n int
		if err := rows.Scan(&norm, &n); err != nil {
			return res, err
		}
		res.AtRisk[norm] = n
		res.AtRiskTotal += n
	}
	return res, rows.Err()
}
