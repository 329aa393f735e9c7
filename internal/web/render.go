package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/gemeenten/loket/internal/auth"
	"github.com/gemeenten/loket/internal/blob"
	"github.com/gemeenten/loket/internal/burger"
	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/errs"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

type pages struct {
	byName map[string]*template.Template
	files  fs.FS
	// hashes maps a static path to a short content hash; URLs carry it as
	// ?v=… so the files can be cached for a year and still change on deploy.
	hashes map[string]string
}

var amsterdam = date.Amsterdam

func formatDate(v any) string {
	switch d := v.(type) {
	case date.Date:
		if d.IsZero() {
			return "—"
		}
		return d.Dutch()
	case *date.Date:
		if d == nil {
			return "—"
		}
		return formatDate(*d)
	case time.Time:
		if d.IsZero() {
			return "—"
		}
		t := d.In(amsterdam)
		return fmt.Sprintf("%d %s %d", t.Day(), date.Maanden[t.Month()-1], t.Year())
	case *time.Time:
		if d == nil {
			return "—"
		}
		return formatDate(*d)
	}
	return fmt.Sprint(v)
}

func formatDateTime(v any) string {
	var t time.Time
	switch x := v.(type) {
	case time.Time:
		t = x
	case *time.Time:
		if x == nil {
			return "—"
		}
		t = *x
	default:
		return fmt.Sprint(v)
	}
	if t.IsZero() {
		return "—"
	}
	t = t.In(amsterdam)
	return fmt.Sprintf("%d %s %d, %02d:%02d", t.Day(), date.Maanden[t.Month()-1], t.Year(), t.Hour(), t.Minute())
}

func loadPages() (*pages, error) {
	st, err := fs.Sub(staticFS, "static")
	if err != nil {
		return nil, err
	}
	p := &pages{byName: map[string]*template.Template{}, files: st, hashes: map[string]string{}}
	err = fs.WalkDir(st, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(st, name)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		p.hashes[name] = hex.EncodeToString(sum[:])[:12]
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("web: static files: %w", err)
	}
	funcs := template.FuncMap{
		"static": func(name string) (string, error) {
			h, ok := p.hashes[name]
			if !ok {
				return "", fmt.Errorf("web: no static file %q", name)
			}
			return "/static/" + name + "?v=" + h, nil
		},
		"datum":     formatDate,
		"datumtijd": formatDateTime,
		"rol":       auth.RoleLabel,
		"duur":      duur,
		"omvang":    blob.HumanSize,
	}
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	for _, n := range names {
		base := path.Base(n)
		if base == "layout.html" || strings.HasPrefix(base, "_") {
			continue
		}
		// Files starting with "_" hold shared parts (form fields).
		t, err := template.New(base).Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/_*.html", n)
		if err != nil {
			return nil, fmt.Errorf("web: template %s: %w", base, err)
		}
		p.byName[strings.TrimSuffix(base, ".html")] = t
	}
	return p, nil
}

func (p *pages) static() http.Handler {
	files := http.FileServerFS(p.files)
	return http.StripPrefix("/static/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h, ok := p.hashes[r.URL.Path]
		if !ok {
			// Also hides directory listings.
			http.NotFound(w, r)
			return
		}
		if ct := mime.TypeByExtension(path.Ext(r.URL.Path)); ct != "" {
			w.Header().Set("Content-Type", ct)
		}
		if r.URL.Query().Get("v") == h {
			w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		} else {
			w.Header().Set("Cache-Control", "public, max-age=300")
		}
		files.ServeHTTP(w, r)
	}))
}

type navItem struct {
	Label   string
	Href    string
	Current bool
}

// navFor lists the sections this user may open. Only sections that exist
// are listed; the KCC, back-office, beheer and report workbenches join here.
func navFor(u *auth.User, currentPath string) []navItem {
	if u == nil {
		return nil
	}
	items := []struct {
		label, href string
		roles       []string
	}{
		{"KCC", "/kcc", []string{auth.RoleKCC}},
		{"Werkvoorraad", "/behandelen", []string{auth.RoleBehandelaar, auth.RoleTeamleider}},
		{"Zaken", "/zaken", auth.CaseRoles},
		{"Termijn berekenen", "/termijn", nil},
		{"Rapportage", "/rapportage", []string{auth.RoleManager, auth.RoleTeamleider}},
		{"Beheer", "/beheer", []string{auth.RoleBeheerder}},
	}
	var out []navItem
	for _, it := range items {
		if len(it.roles) > 0 && !u.HasRole(it.roles...) {
			continue
		}
		cur := currentPath == it.href || strings.HasPrefix(currentPath, it.href+"/")
		out = append(out, navItem{Label: it.label, Href: it.href, Current: cur})
	}
	return out
}

// fieldError is one entry of a form's error summary, linked to its field.
type fieldError struct {
	Field   string // id of the input
	Message string
}

// view is what every template gets.
type view struct {
	Title        string
	Municipality string
	User         *auth.User
	// Burger is the logged-in citizen or business on PIP pages; IdleMinutes
	// is their session's inactivity limit, for the warning.
	Burger      *burger.Session
	IdleMinutes int
	Nav         []navItem
	Errors      []fieldError
	Data        any
	// csrf issues the token on first use, so pages without a form (the
	// public homepage) set no pre-session cookie.
	csrf func() string
}

// CSRF is the token for the hidden "csrf" field of a POST form.
func (v *view) CSRF() string { return v.csrf() }

func (v *view) FieldError(field string) string {
	for _, e := range v.Errors {
		if e.Field == field {
			return e.Message
		}
	}
	return ""
}

func (a *app) render(w http.ResponseWriter, r *http.Request, status int, name, title string, data any, ferrs ...fieldError) {
	t, ok := a.pages.byName[name]
	if !ok {
		a.Log.ErrorContext(r.Context(), "web: unknown template", "name", name)
		http.Error(w, "Er ging iets mis aan onze kant.", http.StatusInternalServerError)
		return
	}
	var token string
	v := &view{Title: title, Municipality: a.Config.Municipality, Errors: ferrs, Data: data, csrf: func() string {
		if token == "" {
			token = a.Auth.CSRFToken(w, r)
		}
		return token
	}}
	if u, ok := auth.CurrentUser(r); ok {
		v.User = &u
		v.Nav = navFor(&u, r.URL.Path)
	} else if b := burger.From(r.Context()); b != nil {
		v.Burger = b
		v.IdleMinutes = int(a.Citizen.Burger.Idle().Minutes())
		v.Nav = []navItem{{Label: "Mijn zaken", Href: "/mijn", Current: r.URL.Path == "/mijn" || strings.HasPrefix(r.URL.Path, "/mijn/zaken")}}
		if a.Citizen.Klant != nil {
			v.Nav = append(v.Nav, navItem{Label: "Mijn contacten", Href: "/mijn/contacten", Current: r.URL.Path == "/mijn/contacten" || r.URL.Path == "/mijn/vraag"})
		}
		v.Nav = append(v.Nav, navItem{Label: "Mijn gegevens", Href: "/mijn/gegevens", Current: r.URL.Path == "/mijn/gegevens"})
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", v); err != nil {
		a.Log.ErrorContext(r.Context(), "web: render", "template", name, "err", err)
		if name != "error" {
			a.errorPage(w, r, http.StatusInternalServerError, "")
			return
		}
		http.Error(w, "Er ging iets mis aan onze kant.", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	// Pages may show personal data: never keep them in a shared or back/forward cache.
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

type errorView struct {
	Status  int
	Heading string
	Message string
}

// errorPage renders the friendly Dutch page for status; message overrides
// the default text.
func (a *app) errorPage(w http.ResponseWriter, r *http.Request, status int, message string) {
	ev := errorView{Status: status}
	switch status {
	case http.StatusNotFound:
		ev.Heading = "Pagina niet gevonden"
		ev.Message = "De pagina die u zoekt bestaat niet (meer). Controleer het adres of ga terug naar de vorige pagina."
	case http.StatusForbidden:
		ev.Heading = "Geen toegang"
		ev.Message = auth.ForbiddenMessage
	case http.StatusBadRequest:
		ev.Heading = "Ongeldig verzoek"
		ev.Message = "Het verzoek kon niet worden verwerkt. Controleer wat u heeft ingevuld."
	case http.StatusUnauthorized:
		ev.Heading = "Niet ingelogd"
		ev.Message = "Log in om verder te gaan."
	default:
		ev.Heading = "Er ging iets mis"
		ev.Message = "Er ging iets mis aan onze kant. Probeer het later opnieuw. Blijft het misgaan? Neem dan contact op met de servicedesk."
	}
	if message != "" {
		ev.Message = message
	}
	a.render(w, r, status, "error", ev.Heading, ev)
}

// fail answers with the page that fits a classified error; unclassified
// errors are logged and shown as 500 without details.
func (a *app) fail(w http.ResponseWriter, r *http.Request, err error) {
	kind := errs.KindOf(err)
	if kind == errs.Internal {
		a.Log.ErrorContext(r.Context(), "web: request failed", "path", r.URL.Path, "err", err)
		a.errorPage(w, r, http.StatusInternalServerError, "")
		return
	}
	msg := errs.Message(err)
	if kind == errs.NotFound {
		msg = ""
	}
	a.errorPage(w, r, kind.HTTPStatus(), msg)
}
