package main

import (
	"context"

	"github.com/gemeenten/loket/internal/config"
	"github.com/gemeenten/loket/internal/event"
	"github.com/gemeenten/loket/internal/kto"
	"github.com/gemeenten/loket/internal/web"
)

// wireKTO builds the satisfaction survey service and hooks its invitations
// into the domain services' sinks: a new klantcontact with a known party
// and a status that closes a zaak queue an invitation job in their own
// transaction.
func (a *app) wireKTO(ctx context.Context, c config.Config, s *services) (web.KTODeps, error) {
	svc := kto.New(a.db, a.queue, s.mail, a.now, a.log)
	svc.BaseURL = c.BaseURL
	svc.Municipality = municipality(ctx, a.db)
	if c.KTOIntervalDagen > 0 {
		svc.IntervalDagen = c.KTOIntervalDagen
	}
	if c.KTOSteekproef > 0 {
		svc.Steekproef = c.KTOSteekproef
	}
	svc.Register(a.queue)
	a.zaken.Events = event.Multi(a.zaken.Events, svc.Sink())
	s.klant.Events = event.Multi(s.klant.Events, svc.Sink())
	return web.KTODeps{Service: svc}, nil
}
