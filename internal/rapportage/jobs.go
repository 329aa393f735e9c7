package rapportage

import (
	"context"
	"time"

	"github.com/riverqueue/river"

	"github.com/gemeenten/loket/internal/jobs"
)

// RefreshArgs is the periodic job that folds marked days into the rollups,
// so a report seldom has more than a minute of changes to recompute.
type RefreshArgs struct{}

// Kind is the job kind.
func (RefreshArgs) Kind() string { return "rapportage_refresh" }

// RefreshWorker runs Refresh.
type RefreshWorker struct {
	river.WorkerDefaults[RefreshArgs]
	S *Service
}

// Work refreshes the rollups.
func (w *RefreshWorker) Work(ctx context.Context, job *river.Job[RefreshArgs]) error {
	n, err := w.S.Refresh(ctx)
	if err != nil {
		return err
	}
	if n > 0 {
		w.S.Log.Debug("rapportage: rollups refreshed", "days", n)
	}
	return nil
}

// Register adds the refresh worker to q and schedules it every interval
// (0: only on demand — Report refreshes anyway).
func (s *Service) Register(q *jobs.Queue, every time.Duration) {
	jobs.AddWorker(q, &RefreshWorker{S: s})
	if every > 0 {
		q.Periodic(every, RefreshArgs{}, true)
	}
}
