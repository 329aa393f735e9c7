// Package web serves Loket's server-rendered pages: the public placeholder
// homepage, staff login and logout, and the first staff pages (the zaken of
// the municipality and one zaak). Pages are html/template with embedded
// templates and static files; they work without JavaScript and follow the
// NL Design System through the vendored Utrecht component CSS.
package web

import (
	"errors"
	"log/slog"
	"net/http"
	"time"

	"github.com/gemeenten/loket/internal/auth"
	"github.com/gemeenten/loket/internal/besluit"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/document"
	"github.com/gemeenten/loket/internal/jobs"
	"github.com/gemeenten/loket/internal/zaak"
)

// Deps is what the pages need. DB, Auth and Zaken are required.
type Deps struct {
	DB    *db.DB
	Log   *slog.Logger
	Auth  *auth.Service
	Zaken *zaak.Service
	// Documents, when set, lists the zaak's documents on the zaak page.
	Documents *document.Service
	// Besluiten, when set, lists the zaak's besluiten on the zaak page.
	Besluiten *besluit.Service
	// Jobs, when set, lists the job queue at /beheer/taken.
	Jobs *jobs.Queue
	// OnCalendarChange is called after a beheerder changed the
	// municipality's calendar, so cached operational calendars reload
	// [Zaken.ReloadCalendar].
	OnCalendarChange func()
	Now              func() time.Time
	Config           Config

	// The workbenches and beheer sections below each define their own
	// dependencies in their own file; a section whose dependencies are not
	// set is not served.
	KCC    KCCDeps    // /kcc and /beheer/kennis (kcc.go)
	Back   BackDeps   // /behandelen and /beheer/brieven (behandelen.go)
	API    APIDeps    // /beheer/api-clients (beheer_api.go)
	Notify NotifyDeps // /beheer/notificaties (beheer_notificaties.go)
	// Citizen is the PIP /mijn (mijn.go).
	Citizen CitizenDeps
	// Forms are the e-forms /formulieren and /beheer/formulieren (formulieren.go).
	Forms FormDeps
	// Public is the public site: product pages and search (publiek.go).
	Public PublicDeps
	// Report is the management dashboard and council report /rapportage (rapportage.go).
	Report ReportDeps
	// KTO is the customer satisfaction survey: invitations, the survey pages and
	// the reference values in /beheer/kto (kto.go).
	KTO KTODeps
}

// Config holds the page settings. Cookie security and OIDC are configured on
// the auth service (auth.Config.SecureCookies, auth.Config.OIDC), which
// sets the cookies and runs the OIDC flow; the pages follow it.
type Config struct {
	// Municipality is the name in the header ["Gemeente Voorbeeld"].
	Municipality string
	// Demo shows a hint about the demo accounts on the login page.
	Demo bool
	// BaseURL is the public URL, for links the user copies (a form's
	// 'continue later' link) [from the request].
	BaseURL string
	// Thema is the municipality's own colour and logo (thema.go).
	Thema Thema
}

type app struct {
	Deps
	pages *pages
	thema *themaAssets
}

// New builds the handler for "/". The server wraps it with request id,
// logging, security headers and recovery.
// MaxFormBytes is the largest request body a page accepts.
const MaxFormBytes = 1 << 20

func New(deps Deps) (http.Handler, error) {
	if deps.DB == nil || deps.Auth == nil || deps.Zaken == nil {
		return nil, errors.New("web: DB, Auth and Zaken are required")
	}
	if deps.Log == nil {
		deps.Log = slog.Default()
	}
	if deps.Now == nil {
		deps.Now = time.Now
	}
	if deps.OnCalendarChange == nil {
		deps.OnCalendarChange = deps.Zaken.ReloadCalendar
	}
	if deps.Config.Municipality == "" {
		deps.Config.Municipality = "Gemeente Voorbeeld"
	}
	p, err := loadPages()
	if err != nil {
		return nil, err
	}
	a := &app{Deps: deps, pages: p}
	if a.thema, err = newThema(deps.Config.Thema); err != nil {
		return nil, err
	}
	p.hashes["thema.css"] = a.thema.cssTag // linked from layout.html with {{static "thema.css"}}
	return a.routes(), nil
}

func (a *app) routes() http.Handler {
	mux := http.NewServeMux()

	mux.HandleFunc("GET /{$}", a.home)
	mux.HandleFunc("GET /login", a.loginForm)
	mux.HandleFunc("POST /login", a.loginSubmit)
	if a.Auth.OIDCEnabled() {
		mux.HandleFunc("GET /login/oidc", a.oidcStart)
		mux.HandleFunc("GET /login/oidc/callback", a.oidcCallback)
	}
	mux.HandleFunc("POST /logout", a.logout)
	cases := auth.RequireStaff(auth.CaseRoles...)
	mux.Handle("GET /zaken", cases(http.HandlerFunc(a.zakenList)))
	mux.Handle("GET /zaken/{id}", cases(http.HandlerFunc(a.zaakDetail)))
	a.beheerRoutes(mux)
	a.kccRoutes(mux)
	a.behandelRoutes(mux)
	a.apiClientRoutes(mux)
	a.notificatieRoutes(mux)
	a.mijnRoutes(mux)
	a.formRoutes(mux)
	a.publicRoutes(mux)
	a.reportRoutes(mux)
	a.ktoRoutes(mux)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		a.errorPage(w, r, http.StatusNotFound, "")
	})

	// Outermost first: the error-page renderer, then the session (it sets the
	// audit actor), then CSRF, which needs the session's token.
	var h http.Handler = mux
	h = a.Auth.CSRF(h)
	if a.Citizen.Burger != nil {
		h = a.Citizen.Burger.Sessions(h)
	}
	h = a.Auth.Sessions(h)
	pagesH := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// The pages' forms are small; capping the body before the CSRF
		// check parses it keeps an anonymous client from making the server
		// read (and buffer) large bodies. Pages with uploads will raise it
		// for their own routes.
		limit := int64(MaxFormBytes)
		if isUploadPath(r.Method, r.URL.Path) {
			limit = MaxUploadBytes
		}
		r.Body = http.MaxBytesReader(w, r.Body, limit)
		ctx := auth.WithErrorPage(r.Context(), a.errorPage)
		h.ServeHTTP(w, r.WithContext(ctx))
	})
	// Static files skip the session lookup: they are public and plentiful.
	root := http.NewServeMux()
	root.Handle("GET /static/", a.pages.static())
	a.themaRoutes(root)
	root.Handle("/", pagesH)
	return root
}
