package web

import "net/http"

// KCCDeps is what the KCC workbench /kcc and the knowledge base maintenance /beheer/kennis need.
type KCCDeps struct{}

func (a *app) kccRoutes(mux *http.ServeMux) {}
