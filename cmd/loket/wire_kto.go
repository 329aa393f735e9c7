package main

import (
	"context"

	"github.com/gemeenten/loket/internal/config"
	"github.com/gemeenten/loket/internal/web"
)

// wireKTO builds the satisfaction survey service and hooks its invitations
// into the domain services' sinks.
func (a *app) wireKTO(ctx context.Context, c config.Config, s *services) (web.KTODeps, error) {
	return web.KTODeps{}, nil
}
