package main

import (
	"context"
	"time"

	"github.com/gemeenten/loket/internal/config"
	"github.com/gemeenten/loket/internal/kto"
	"github.com/gemeenten/loket/internal/raadsrapport"
	"github.com/gemeenten/loket/internal/rapportage"
	"github.com/gemeenten/loket/internal/web"
)

// wireRapportage builds the report service, hooks its rollups into the
// domain services' sinks and registers its scheduled jobs.
func (a *app) wireRapportage(ctx context.Context, c config.Config, s *services) (web.ReportDeps, error) {
	// --- rapportage (issue 7, KPI rollups) ---
	// No sink is appended: database triggers (migration 0021) mark every
	// changed day in the writing transaction, also for the write paths that
	// emit no event (norm sweep, contact updates, seeds). The job folds the
	// marks into the rollups every minute; a report refreshes first anyway.
	report := rapportage.New(a.db, a.now, a.log)
	report.Register(a.queue, time.Minute)
	// --- end rapportage ---

	// --- dashboard and council report (issue 7, surfaces) ---
	// The satisfaction results are read-only, so the dashboard reads them
	// through its own kto.Service without a queue or mailer; wireKTO builds
	// the one that sends invitations.
	ktoResults := kto.New(a.db, nil, nil, a.now, a.log)
	raad := raadsrapport.New(a.db, report, ktoResults, municipality(ctx, a.db), a.now, a.log)
	// Every six hours and at start: the report of a quarter that just ended
	// (and, after Q4, of the year) is made once, whenever the server runs.
	raad.Register(a.queue, 6*time.Hour)
	// --- end dashboard and council report ---

	return web.ReportDeps{Rapportage: report, KTO: ktoResults, Raad: raad}, nil
}
