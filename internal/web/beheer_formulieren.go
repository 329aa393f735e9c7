package web

import "net/http"

func (a *app) formBeheerRoutes(mux *http.ServeMux) {}
