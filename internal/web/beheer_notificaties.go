package web

import "net/http"

// NotifyDeps is what notification channels, subscriptions and delivery attempts in /beheer/notificaties need.
type NotifyDeps struct{}

func (a *app) notificatieRoutes(mux *http.ServeMux) {}
