package jobs

import (
	"context"
	"fmt"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
)

// State is a job's state as River keeps it: available, scheduled, running,
// retryable, completed, discarded, cancelled or pending.
type State = rivertype.JobState

// ListFilter selects jobs for List. Empty fields do not filter.
type ListFilter struct {
	Kinds  []string
	States []State
	// BeforeID pages backwards: only jobs with a smaller ID.
	BeforeID int64
	// Limit caps the result (default 100, at most 1000).
	Limit int
}

// JobInfo is what a beheerder sees of a job. The args are left out on
// purpose: they may carry personal data.
type JobInfo struct {
	ID          int64
	Kind        string
	Queue       string
	State       State
	Attempt     int
	MaxAttempts int
	CreatedAt   time.Time
	ScheduledAt time.Time
	AttemptedAt *time.Time
	FinalizedAt *time.Time
	Errors      []JobError
}

// JobError is one failed attempt.
type JobError struct {
	At      time.Time
	Attempt int
	Error   string
}

// List returns jobs, newest first.
func (q *Queue) List(ctx context.Context, f ListFilter) ([]JobInfo, error) {
	limit := f.Limit
	if limit <= 0 {
		limit = 100
	}
	limit = min(limit, 1000)
	p := river.NewJobListParams().OrderBy(river.JobListOrderByID, river.SortOrderDesc).First(limit)
	if len(f.Kinds) > 0 {
		p = p.Kinds(f.Kinds...)
	}
	if len(f.States) > 0 {
		p = p.States(f.States...)
	}
	if f.BeforeID > 0 {
		p = p.Where("id < @before_id", river.NamedArgs{"before_id": f.BeforeID})
	}
	res, err := q.list.JobList(ctx, p)
	if err != nil {
		return nil, fmt.Errorf("list jobs: %w", err)
	}
	out := make([]JobInfo, 0, len(res.Jobs))
	for _, j := range res.Jobs {
		info := JobInfo{
			ID: j.ID, Kind: j.Kind, Queue: j.Queue, State: j.State,
			Attempt: j.Attempt, MaxAttempts: j.MaxAttempts,
			CreatedAt: j.CreatedAt.UTC(), ScheduledAt: j.ScheduledAt.UTC(),
			AttemptedAt: utcPtr(j.AttemptedAt), FinalizedAt: utcPtr(j.FinalizedAt),
		}
		for _, e := range j.Errors {
			info.Errors = append(info.Errors, JobError{At: e.At.UTC(), Attempt: e.Attempt, Error: e.Error})
		}
		out = append(out, info)
	}
	return out, nil
}

func utcPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}
