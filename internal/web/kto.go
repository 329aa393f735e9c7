package web

import "net/http"

// KTODeps are the dependencies of the customer satisfaction survey (KTO):
// the survey pages for citizens and the reference values in /beheer/kto.
// The section is not served while unset.
type KTODeps struct{}

func (a *app) ktoRoutes(mux *http.ServeMux) {}
