package web

import (
	"net/http"

	"github.com/gemeenten/loket/internal/kennis"
	"github.com/gemeenten/loket/internal/klant"
)

// KCCDeps is what the KCC workbench /kcc and the knowledge base maintenance
// /beheer/kennis need. Kennis serves /beheer/kennis and the knowledge
// search; the workbench itself also needs Klant.
type KCCDeps struct {
	Kennis *kennis.Service
	Klant  *klant.Service
}

func (a *app) kccRoutes(mux *http.ServeMux) {
	if a.KCC.Kennis == nil {
		return
	}
	a.beheerKennisRoutes(mux)
}
