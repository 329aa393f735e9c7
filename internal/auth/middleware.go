package auth

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"strings"
)

// ErrorPageFunc renders a friendly error page. message may be empty (then
// the page picks a text that fits status).
type ErrorPageFunc func(w http.ResponseWriter, r *http.Request, status int, message string)

type errorPageKey struct{}

// WithErrorPage lets the web layer render the pages the middleware answers
// with (403, 500) in the site's own layout.
func WithErrorPage(ctx context.Context, fn ErrorPageFunc) context.Context {
	return context.WithValue(ctx, errorPageKey{}, fn)
}

func errorPage(w http.ResponseWriter, r *http.Request, status int, message string) {
	if fn, ok := r.Context().Value(errorPageKey{}).(ErrorPageFunc); ok && fn != nil {
		fn(w, r, status, message)
		return
	}
	if message == "" {
		switch status {
		case http.StatusForbidden:
			message = "U heeft geen toegang tot deze pagina."
		default:
			message = "Er ging iets mis aan onze kant. Probeer het later opnieuw."
		}
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(`<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Fout</title></head><body><main><h1>` +
		html.EscapeString(http.StatusText(status)) + `</h1><p>` + html.EscapeString(message) + `</p></main></body></html>`))
}

// ForbiddenMessage is shown to a staff member without the required role.
const ForbiddenMessage = "U heeft geen toegang tot deze pagina. Denkt u dat dit niet klopt? Vraag dan uw teamleider of de beheerder om de juiste rol."

// RequireStaff lets through logged-in, active staff members holding at
// least one of roles (any role when none are given). Anonymous visitors are
// sent to the login page with the current path as next; the wrong role gets
// 403. It must run after Sessions.
func RequireStaff(roles ...string) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			u, ok := CurrentUser(r)
			if !ok {
				target := "/login"
				if r.Method == http.MethodGet || r.Method == http.MethodHead {
					if n := SafeNext(r.URL.RequestURI()); n != "" {
						target += "?next=" + url.QueryEscape(n)
					}
				}
				w.Header().Set("Cache-Control", "no-store")
				http.Redirect(w, r, target, http.StatusSeeOther)
				return
			}
			if len(u.Roles) == 0 || (len(roles) > 0 && !u.HasRole(roles...)) {
				errorPage(w, r, http.StatusForbidden, ForbiddenMessage)
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}

// SafeNext returns next when it is a path on this site, otherwise "". It
// blocks open redirects: absolute URLs, scheme-relative "//host" and the
// backslash variants browsers treat as such.
func SafeNext(next string) string {
	if next == "" || len(next) > 2048 || !strings.HasPrefix(next, "/") {
		return ""
	}
	if strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") || strings.ContainsAny(next, "\\\r\n\t\x00") {
		return ""
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || !strings.HasPrefix(u.Path, "/") {
		return ""
	}
	return next
}
