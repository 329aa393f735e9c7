package brief

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/riverqueue/river"

	"github.com/gemeenten/loket/internal/audit"
	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/event"
	"github.com/gemeenten/loket/internal/jobs"
)

// ProcessArgs is the job that makes the due letters of one zaak.
type ProcessArgs struct {
	ZaakID string `json:"zaak_id"`
}

// Kind names the job.
func (ProcessArgs) Kind() string { return "brieven_zaak" }

// ScanArgs is the periodic safety net: it processes the zaken with an open
// notice norm (N1, N3, N5), so a letter is made even when a change reached
// the database without an event (a bulk load, a change before templates
// existed) or a job was lost.
type ScanArgs struct{}

// Kind names the job.
func (ScanArgs) Kind() string { return "brieven_scan" }

// Sink queues letter work for every change to a zaak or a besluit, in the
// transaction of the change: a committed change always gets its letters
// looked at, a rolled-back one never does. It is the back office's
// event.Sink; wire it with event.Multi next to the notificaties sink.
func (s *Service) Sink() event.Sink {
	return event.SinkFunc(func(ctx context.Context, tx *sql.Tx, c event.Change) error {
		zaakID, err := zaakOfChange(ctx, tx, c)
		if err != nil || zaakID == "" || s.Jobs == nil {
			return err
		}
		// Asked here rather than in the job: most zaken registered through
		// the API have a zaaktype without letter templates, and a queued
		// job that finds nothing to do costs far more than this one read.
		if work, err := mayHaveWork(ctx, tx, zaakID); err != nil || !work {
			return err
		}
		return s.Jobs.EnqueueTx(ctx, tx, ProcessArgs{ZaakID: zaakID}, nil)
	})
}

// zaakOfChange finds the zaak a change is about: the hoofdobject of the
// zaken channel, or a besluit's zaak.
func zaakOfChange(ctx context.Context, tx *sql.Tx, c event.Change) (string, error) {
	// Only the changes that can make a letter due: the zaak itself
	// (registered, suspended, resumed, extended — the Zaken API shows those
	// as the zaak) and its besluiten. Statuses, rollen and documents (the
	// letters' own PDFs among them) make none, and skipping them keeps the
	// queue quiet.
	switch c.Kanaal {
	case "zaken":
		switch {
		case c.HoofdObject != "zaak" || c.HoofdObjectID == "":
		case c.Resource == "zaak" && (c.Actie == event.Create || c.Actie == event.Update || c.Actie == event.PartialUpdate):
			return c.HoofdObjectID, nil
		case c.Resource == "zaakbesluit" && c.Actie == event.Create:
			return c.HoofdObjectID, nil
		}
	case "besluiten":
		if c.Resource != "besluit" || (c.Actie != event.Create && c.Actie != event.Update && c.Actie != event.PartialUpdate) {
			return "", nil
		}
		if id := c.Kenmerken["zaak"]; id != "" {
			return id, nil
		}
		var zaakID sql.NullString
		err := tx.QueryRowContext(ctx, `SELECT zaak_id FROM besluiten WHERE id = $1`, c.HoofdObjectID).Scan(&zaakID)
		if errors.Is(err, sql.ErrNoRows) {
			return "", nil
		}
		if err != nil {
			return "", fmt.Errorf("brief: besluit zaak: %w", err)
		}
		return zaakID.String, nil
	}
	return "", nil
}

// ProcessWorker makes a zaak's due letters.
type ProcessWorker struct {
	river.WorkerDefaults[ProcessArgs]
	S *Service
}

// Work is idempotent; an error retries with backoff.
func (w *ProcessWorker) Work(ctx context.Context, job *river.Job[ProcessArgs]) error {
	ctx = audit.WithActor(ctx, audit.System("brieven"))
	_, err := w.S.Process(ctx, job.Args.ZaakID)
	return err
}

// ScanWorker runs the safety net.
type ScanWorker struct {
	river.WorkerDefaults[ScanArgs]
	S *Service
}

// Work processes every zaak with an open notice norm due from today on.
func (w *ScanWorker) Work(ctx context.Context, job *river.Job[ScanArgs]) error {
	ctx = audit.WithActor(ctx, audit.System("brieven"))
	_, err := w.S.Scan(ctx)
	return err
}

// Timeout of the scan: it may walk a few thousand zaken.
func (w *ScanWorker) Timeout(*river.Job[ScanArgs]) time.Duration { return 30 * time.Minute }

// Scan processes the zaken that have an open N1, N3 or N5 (not yet
// breached), and returns how many letters it made.
func (s *Service) Scan(ctx context.Context) (int, error) {
	today := date.Today(s.now())
	rows, err := s.DB.R.QueryContext(ctx, `SELECT DISTINCT zaak_id FROM zaak_normen
		WHERE state = 'open' AND norm IN ('N1', 'N3', 'N5') AND due_date >= $1`, today)
	if err != nil {
		return 0, fmt.Errorf("brief: scan: %w", err)
	}
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return 0, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	n := 0
	for _, id := range ids {
		if err := ctx.Err(); err != nil {
			return n, err
		}
		m, err := s.Process(ctx, id)
		if err != nil {
			return n, err
		}
		n += m
	}
	return n, nil
}

// Register adds the letter workers to q and schedules the safety net
// every interval.
func (s *Service) Register(q *jobs.Queue, every time.Duration) {
	jobs.AddWorker(q, &ProcessWorker{S: s})
	jobs.AddWorker(q, &ScanWorker{S: s})
	if every > 0 {
		q.Periodic(every, ScanArgs{}, true)
	}
}
