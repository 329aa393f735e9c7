package web

import "net/http"

// APIDeps is what API clients and their autorisaties in /beheer/api-clients need.
type APIDeps struct{}

func (a *app) apiClientRoutes(mux *http.ServeMux) {}
