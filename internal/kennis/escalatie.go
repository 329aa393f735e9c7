package kennis

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/riverqueue/river"

	"github.com/gemeenten/loket/internal/audit"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/klant"
)

// EscalateArgs is the periodic job that escalates overdue contactverzoeken
// to the team lead. Register EscalationWorker and schedule it:
//
//	jobs.AddWorker(q, &kennis.EscalationWorker{DB: d, Klant: ks})
//	q.Periodic(15*time.Minute, kennis.EscalateArgs{}, true)
type EscalateArgs struct{}

// Kind names the job in the queue.
func (EscalateArgs) Kind() string { return "kcc_contactverzoek_escalatie" }

// Teamleider is who an escalation goes to.
type Teamleider struct {
	ID, Naam, Email string
}

// EscalationWorker escalates open contactverzoeken past their due moment,
// each once: it marks them escalated (the queues show it) and records who
// the team leads are. Notify, when set, tells them (the lead can wire it to
// the mail outbox); a Notify error retries the job, and the taak is then
// not escalated twice.
type EscalationWorker struct {
	river.WorkerDefaults[EscalateArgs]
	DB     *db.DB
	Klant  *klant.Service
	Now    func() time.Time
	Notify func(ctx context.Context, t klant.InterneTaak, leads []Teamleider) error
}

// Work runs one sweep.
func (w *EscalationWorker) Work(ctx context.Context, _ *river.Job[EscalateArgs]) error {
	_, err := w.Sweep(ctx)
	return err
}

// Sweep escalates every overdue, not yet escalated contactverzoek and
// returns how many it escalated.
func (w *EscalationWorker) Sweep(ctx context.Context) (int, error) {
	now := time.Now().UTC()
	if w.Now != nil {
		now = w.Now().UTC()
	}
	ctx = audit.WithActor(ctx, audit.System("kcc_escalatie"))
	n := 0
	for {
		taken, _, err := w.Klant.ListInterneTaken(ctx, klant.TaakFilter{TeLaatOp: now, NietGeescaleerd: true, Page: klant.Page{Limit: 200}})
		if err != nil {
			return n, fmt.Errorf("kennis: escalation: %w", err)
		}
		if len(taken) == 0 {
			return n, nil
		}
		for _, t := range taken {
			leads, err := w.teamleiders(ctx, t.TeamID)
			if err != nil {
				return n, err
			}
			if w.Notify != nil {
				if err := w.Notify(ctx, t, leads); err != nil {
					return n, fmt.Errorf("kennis: escalation notify: %w", err)
				}
			}
			done, err := w.Klant.MarkeerGeescaleerd(ctx, t.ID)
			if err != nil {
				return n, fmt.Errorf("kennis: escalation: %w", err)
			}
			if !done {
				continue
			}
			var names []string
			for _, l := range leads {
				names = append(names, l.Naam)
			}
			if _, err := w.DB.W.ExecContext(ctx, `INSERT INTO kcc_escalaties (taak_id, team_id, uiterlijk, geescaleerd_op, ontvangers)
				VALUES ($1, $2, $3, $4, $5) ON CONFLICT (taak_id) DO NOTHING`, t.ID, t.TeamID, t.UiterlijkOp.UTC(), now,
				strings.Join(names, ", ")); err != nil {
				return n, fmt.Errorf("kennis: escalation record: %w", err)
			}
			n++
		}
	}
}

func (w *EscalationWorker) teamleiders(ctx context.Context, teamID string) ([]Teamleider, error) {
	if teamID == "" {
		return nil, nil
	}
	rows, err := w.DB.R.QueryContext(ctx, `SELECT u.id, u.naam, u.email FROM users u
		JOIN user_roles r ON r.user_id = u.id AND r.rol = 'teamleider'
		WHERE u.team_id = $1 AND u.active = $2 ORDER BY u.naam`, teamID, true)
	if err != nil {
		return nil, fmt.Errorf("kennis: team leads: %w", err)
	}
	defer rows.Close()
	var out []Teamleider
	for rows.Next() {
		var l Teamleider
		if err := rows.Scan(&l.ID, &l.Naam, &l.Email); err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// Escalatie is the record of one escalation.
type Escalatie struct {
	TaakID        string
	GeescaleerdOp time.Time
	Ontvangers    string
}

// Escalaties returns the escalation records of the given taken.
func (s *Service) Escalaties(ctx context.Context, taakIDs []string) (map[string]Escalatie, error) {
	out := map[string]Escalatie{}
	if len(taakIDs) == 0 {
		return out, nil
	}
	var w db.Where
	var ph []string
	for _, id := range taakIDs {
		ph = append(ph, w.Arg(id))
	}
	rows, err := s.DB.R.QueryContext(ctx, `SELECT taak_id, geescaleerd_op, ontvangers FROM kcc_escalaties
		WHERE taak_id IN (`+strings.Join(ph, ", ")+`)`, w.Args()...)
	if err != nil {
		return nil, fmt.Errorf("kennis: escalaties: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var e Escalatie
		if err := rows.Scan(&e.TaakID, &e.GeescaleerdOp, &e.Ontvangers); err != nil {
			return nil, err
		}
		out[e.TaakID] = e
	}
	return out, rows.Err()
}
