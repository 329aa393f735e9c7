package zgw

import "net/http"

// CreateBody starts a create (POST) handler: the request may have no query
// parameters, the client needs scope in component, and the body must be a
// JSON object. On nil the error response has been written.
func CreateBody(w http.ResponseWriter, r *http.Request, component, scope string) *Body {
	if err := CheckQuery(r); err != nil {
		WriteError(w, r, err)
		return nil
	}
	if !RequireScope(w, r, component, scope) {
		return nil
	}
	b, err := ReadBody(r)
	if err != nil {
		WriteError(w, r, err)
		return nil
	}
	return b
}

// WriteCreated answers 201 Created with v, the new resource at url
// (Location).
func WriteCreated(w http.ResponseWriter, r *http.Request, url string, v any) {
	w.Header().Set("Location", url)
	WriteJSON(w, r, http.StatusCreated, v)
}
