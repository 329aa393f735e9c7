package web

import "net/http"

// BackDeps is what the back-office workbench /behandelen and letter templates /beheer/brieven need.
type BackDeps struct{}

func (a *app) behandelRoutes(mux *http.ServeMux) {}
