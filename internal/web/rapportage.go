package web

import "net/http"

// ReportDeps are the dependencies of the management dashboard and the
// council report at /rapportage. The section is not served while unset.
type ReportDeps struct{}

func (a *app) reportRoutes(mux *http.ServeMux) {}
