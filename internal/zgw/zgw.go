// Package zgw is the shared framework of Loket's ZGW APIs (Catalogi, Zaken,
// Documenten, Besluiten, Autorisaties, Notificaties): authentication with the
// ZGW JWT, the autorisaties of API clients, problem+json errors, pagination,
// ETags and resource URLs. The API packages (internal/zgw/<api>) build on it.
//
// Wiring, once per process:
//
//	store := &zgw.Store{DB: d, Events: sink}          // API clients and Applicaties
//	env := zgw.NewEnv(d, baseURL, log)                // Auth, HTTP client, clock
//	env.Mount(mux, autorisaties.Prefix, zgw.AC, autorisaties.Version, autorisaties.Handler(env, store))
//
// Every request through Env.Wrap is authenticated with the client's secret
// and carries the client's autorisaties, read from the database for that
// request only: a change (Autorisaties API, /beheer/api-clients, `loket
// apiclient`) applies to the very next request, on every instance.
//
// In a handler:
//
//	if !zgw.RequireScope(w, r, zgw.ZRC, "zaken.lezen") { return }
//	all, grants := zgw.ClientFrom(r.Context()).Grants(zgw.ZRC, "zaken.lezen") // filter lists in SQL
//	if !zgw.ClientFrom(r.Context()).Allows(zgw.ZRC, "zaken.lezen", zaaktypeURL, z.Vertrouwelijkheid) {
//		zgw.Deny(w, r); return // 403 permission_denied
//	}
package zgw

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"github.com/gemeenten/loket/internal/audit"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/server"
)

// Components as the Autorisaties API names them.
const (
	ZRC = "zrc"
	ZTC = "ztc"
	DRC = "drc"
	BRC = "brc"
	AC  = "ac"
	NRC = "nrc"
)

// CRS is the only coordinate reference system the APIs support.
const CRS = "EPSG:4326"

// Env is what every API handler needs.
type Env struct {
	DB   *db.DB
	Base string // public base URL without trailing slash, e.g. "http://localhost:8080"
	Now  func() time.Time
	Log  *slog.Logger
	Auth *Authorizer  // API clients and their autorisaties (reads fresh per request)
	HTTP *http.Client // for references to other servers (timeout set)
	// Remotes are Loket's own API clients at other ZGW servers, by origin
	// ("https://zaken.example.nl"): Fetch signs a ZGW JWT with them (see fetch.go).
	Remotes map[string]RemoteClient
}

// NewEnv returns an Env with the defaults: the real clock, an Authorizer
// with the standard's expiry and leeway, and an HTTP client with a
// 10-second timeout for references to other servers.
func NewEnv(d *db.DB, base string, log *slog.Logger) *Env {
	if log == nil {
		log = slog.Default()
	}
	return &Env{DB: d, Base: strings.TrimRight(base, "/"), Now: time.Now, Log: log,
		Auth: NewAuthorizer(d, nil, log), HTTP: &http.Client{Timeout: 10 * time.Second}}
}

func (e *Env) now() time.Time {
	if e.Now != nil {
		return e.Now().UTC()
	}
	return time.Now().UTC()
}

func (e *Env) log() *slog.Logger {
	if e.Log != nil {
		return e.Log
	}
	return slog.Default()
}

// URL returns the absolute URL of a path on this server, e.g.
// e.URL("/zaken/api/v1/zaken/"+id).
func (e *Env) URL(path string) string { return strings.TrimRight(e.Base, "/") + path }

// ParseOwnURL returns the id at the end of u when u is a URL of this server
// under prefix, e.g. e.ParseOwnURL(u, "/catalogi/api/v1/zaaktypen/"). The id
// must be a UUID; a trailing slash is tolerated.
func (e *Env) ParseOwnURL(u, prefix string) (id string, ok bool) {
	own := e.URL(prefix)
	if !strings.HasPrefix(u, own) {
		return "", false
	}
	id = strings.TrimSuffix(strings.TrimPrefix(u, own), "/")
	if !db.ValidUUID(id) {
		return "", false
	}
	return id, true
}

// Mount serves h under prefix (e.g. "/zaken/api/v1") on mux, wrapped with
// the framework; h sees paths relative to prefix.
func (e *Env) Mount(mux *http.ServeMux, prefix, component, apiVersion string, h http.Handler) {
	mux.Handle(prefix+"/", e.Wrap(component, apiVersion, http.StripPrefix(prefix, h)))
}

type ctxKey int

const (
	clientKey ctxKey = iota
	envKey
	toelichtingKey
)

// ClientFrom returns the authenticated API client of the request, or nil
// outside Wrap.
func ClientFrom(ctx context.Context) *Client {
	c, _ := ctx.Value(clientKey).(*Client)
	return c
}

// WithClient puts c in ctx (for tests and internal calls).
func WithClient(ctx context.Context, c *Client) context.Context {
	return context.WithValue(ctx, clientKey, c)
}

// EnvFrom returns the Env that wrapped the request, or nil.
func EnvFrom(ctx context.Context) *Env {
	e, _ := ctx.Value(envKey).(*Env)
	return e
}

// Toelichting returns the request's X-Audit-Toelichting header, for the
// audit trail's toelichting.
func Toelichting(ctx context.Context) string {
	s, _ := ctx.Value(toelichtingKey).(string)
	return s
}

// Wrap authenticates the request (ZGW JWT: HS256, client_id, iat, exp/leeway,
// errors per the standard), puts the Client and an audit.Actor
// (user_id/user_representation) in ctx, sets API-version, checks
// Accept-Crs/Content-Crs where given, recovers panics as problem+json and
// turns the mux's plain-text 404/405 into problem+json.
func (e *Env) Wrap(component string, apiVersion string, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("API-version", apiVersion)
		pw := &problemWriter{ResponseWriter: w, r: r}
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				e.log().ErrorContext(r.Context(), "panic in API handler", "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
				if !pw.wroteHeader {
					Problem(w, r, http.StatusInternalServerError, "error", titleFor(http.StatusInternalServerError), "Er ging iets mis aan onze kant.")
				}
			}
		}()
		ctx := context.WithValue(r.Context(), envKey, e)
		r = r.WithContext(ctx)

		if e.Auth == nil {
			Problem(w, r, http.StatusInternalServerError, "error", titleFor(http.StatusInternalServerError), "De API is niet goed ingericht.")
			return
		}
		c, err := e.Auth.Authenticate(ctx, r.Header.Get("Authorization"))
		if err != nil {
			// The token itself is never logged: it is a credential for
			// as long as it has not expired.
			var ae *AuthError
			if errors.As(err, &ae) {
				e.log().InfoContext(ctx, "API request not authenticated", "code", ae.Code, "component", component,
					"method", r.Method, "path", r.URL.Path, "remote", r.RemoteAddr)
			}
			WriteError(w, r, err)
			return
		}
		// As in the reference implementation, authentication comes before
		// content negotiation.
		if v := r.Header.Get("Accept-Crs"); v != "" {
			if v != CRS {
				Problem(w, r, http.StatusNotAcceptable, "not_acceptable", titleFor(http.StatusNotAcceptable),
					fmt.Sprintf("CRS '%s' is niet ondersteund.", v))
				return
			}
			w.Header().Set("Content-Crs", CRS)
		}
		if v := r.Header.Get("Content-Crs"); v != "" && v != CRS {
			Problem(w, r, http.StatusNotAcceptable, "not_acceptable", titleFor(http.StatusNotAcceptable),
				fmt.Sprintf("CRS '%s' is niet ondersteund.", v))
			return
		}

		name := c.Label
		if name == "" {
			name = c.ID
		}
		ctx = WithClient(ctx, c)
		ctx = audit.WithActor(ctx, audit.Actor{
			Kind: "applicatie", ID: c.ID, Name: name,
			UserID: c.UserID, UserName: c.UserRepresentation,
			RequestID: server.RequestID(ctx),
		})
		if t := r.Header.Get("X-Audit-Toelichting"); t != "" {
			ctx = context.WithValue(ctx, toelichtingKey, t)
		}
		h.ServeHTTP(pw, r.WithContext(ctx))
	})
}

// problemWriter replaces the ServeMux's plain-text 404 and 405 answers with
// problem+json, so that every error of the API has the standard's shape.
type problemWriter struct {
	http.ResponseWriter
	r           *http.Request
	wroteHeader bool
	swallow     bool
}

func (p *problemWriter) WriteHeader(code int) {
	if p.wroteHeader {
		return
	}
	p.wroteHeader = true
	if (code == http.StatusNotFound || code == http.StatusMethodNotAllowed) &&
		strings.HasPrefix(p.Header().Get("Content-Type"), "text/plain") {
		p.swallow = true
		detail := "De gevraagde bron bestaat niet."
		c := "not_found"
		if code == http.StatusMethodNotAllowed {
			detail = fmt.Sprintf("Methode \"%s\" niet toegestaan.", p.r.Method)
			c = "method_not_allowed"
		}
		Problem(p.ResponseWriter, p.r, code, c, titleFor(code), detail)
		return
	}
	p.ResponseWriter.WriteHeader(code)
}

func (p *problemWriter) Write(b []byte) (int, error) {
	if !p.wroteHeader {
		p.WriteHeader(http.StatusOK)
	}
	if p.swallow {
		return len(b), nil
	}
	return p.ResponseWriter.Write(b)
}

func (p *problemWriter) Unwrap() http.ResponseWriter { return p.ResponseWriter }

func (p *problemWriter) Flush() {
	if f, ok := p.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}
