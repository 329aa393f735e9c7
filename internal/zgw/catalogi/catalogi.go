// Package catalogi serves the ZGW Catalogi API 1.3.1 (/catalogi/api/v1) over
// the catalogus domain: catalogussen, zaaktypen with their statustypen,
// resultaattypen, roltypen, eigenschappen, zaakobjecttypen and
// zaaktype-informatieobjecttypen, informatieobjecttypen and besluittypen,
// with publish, the concept rules (ztc-009, ztc-010), relations within one
// catalogus (ztc-013) and selectielijst validation (ztc-001, ztc-002).
//
// The handlers translate between the standard's JSON and the domain; the
// rules live in package catalogus. The few attributes Loket's own pages do
// not use (zaakobjecttypen, checklists, relations by name) are kept here, in
// the same transaction as the domain write.
package catalogi

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/gemeenten/loket/internal/catalogus"
	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/zgw"
)

// APIVersion is the version of the standard this package implements.
const APIVersion = "1.3.1"

// Prefix is where the lead mounts Handler.
const Prefix = "/catalogi/api/v1"

// Scopes of the Catalogi API.
const (
	ScopeLezen                 = "catalogi.lezen"
	ScopeSchrijven             = "catalogi.schrijven"
	ScopeGeforceerdSchrijven   = "catalogi.geforceerd-schrijven"
	ScopeGeforceerdVerwijderen = "catalogi.geforceerd-verwijderen"
)

// Options configure Handler.
type Options struct {
	// SelectielijstBase is the base URL of the Referentielijsten API that
	// selectielijstProcestype, selectielijstklasse and
	// resultaattypeomschrijving must point into (ztc-001, ztc-002), e.g.
	// "https://selectielijst.openzaak.nl/api/v1". Empty means Loket's own
	// (env.Base + "/referentielijsten/api/v1"). Only URLs under it are
	// fetched, so API clients cannot make the server request other hosts.
	SelectielijstBase string
	// Local, when set, serves URLs on this server (env.Base) in-process
	// instead of over HTTP: the program's own mux with the local
	// Referentielijsten API on it.
	Local http.Handler
}

type api struct {
	env   *zgw.Env
	store *catalogus.Store
	opts  Options
}

// Handler serves the Catalogi API at paths relative to /catalogi/api/v1.
// Mount it with
//
//	env.Mount(mux, catalogi.Prefix, zgw.ZTC, catalogi.APIVersion,
//		catalogi.Handler(env, store, catalogi.Options{SelectielijstBase: url, Local: mux}))
//
// where store is the catalogus.Store whose Events go to the notificaties
// sink, so that API writes are announced like every other catalogue change.
func Handler(env *zgw.Env, store *catalogus.Store, opts ...Options) http.Handler {
	a := &api{env: env, store: store}
	if len(opts) > 0 {
		a.opts = opts[0]
	}
	if a.opts.SelectielijstBase == "" {
		a.opts.SelectielijstBase = env.URL("/referentielijsten/api/v1")
	}
	mux := http.NewServeMux()
	a.routes(mux)
	return mux
}

func (a *api) routes(mux *http.ServeMux) {
	mux.HandleFunc("GET /catalogussen", a.listCatalogussen)
	mux.HandleFunc("POST /catalogussen", a.createCatalogus)
	mux.HandleFunc("GET /catalogussen/{uuid}", a.getCatalogus)

	a.resource(mux, zaakTypen(a))
	a.resource(mux, statusTypen(a))
	a.resource(mux, resultaatTypen(a))
	a.resource(mux, rolTypen(a))
	a.resource(mux, eigenschappen(a))
	a.resource(mux, zaakObjectTypen(a))
	a.resource(mux, ztiots(a))
	a.resource(mux, informatieObjectTypen(a))
	a.resource(mux, besluitTypen(a))
}

// resourceDef is one resource of the API; nil functions are operations the
// resource does not have.
type resourceDef struct {
	path         string
	createScopes []string
	list         func(w http.ResponseWriter, r *http.Request)
	get          func(ctx context.Context, r *http.Request, id string) (any, error)
	create       func(ctx context.Context, body map[string]any) (string, error)
	update       func(ctx context.Context, id string, body map[string]any, o catalogus.Options) error
	del          func(ctx context.Context, id string) error
	publish      func(ctx context.Context, id string) error
	// stored rewrites the relations of a PATCH's base representation to
	// what is stored (names), so that relations the GET leaves out (to
	// types without a valid published version) survive the PATCH.
	stored func(ctx context.Context, id string, m map[string]any) error
	// 201 and 204 everywhere, as Open Zaak answers: the 200s that
	// catalogi-1.3.1.yaml lists for POST /informatieobjecttypen and for
	// the DELETE of zaaktypen, informatieobjecttypen and besluittypen are
	// artefacts of its generator.
	createdStatus int
	deleteStatus  int
	getQuery      []string
}

func (a *api) resource(mux *http.ServeMux, d resourceDef) {
	p := "/" + d.path
	mux.HandleFunc("GET "+p, func(w http.ResponseWriter, r *http.Request) {
		if !zgw.RequireScope(w, r, zgw.ZTC, ScopeLezen) {
			return
		}
		d.list(w, r)
	})
	mux.HandleFunc("GET "+p+"/{uuid}", func(w http.ResponseWriter, r *http.Request) {
		if !zgw.RequireScope(w, r, zgw.ZTC, ScopeLezen) {
			return
		}
		if err := zgw.CheckQuery(r, d.getQuery...); err != nil {
			zgw.WriteError(w, r, err)
			return
		}
		v, err := d.get(r.Context(), r, r.PathValue("uuid"))
		if err != nil {
			a.fail(w, r, err)
			return
		}
		zgw.WriteJSON(w, r, http.StatusOK, v)
	})
	mux.HandleFunc("POST "+p, func(w http.ResponseWriter, r *http.Request) {
		if !zgw.RequireScope(w, r, zgw.ZTC, d.createScopes...) {
			return
		}
		body, err := readBody(r)
		if err != nil {
			zgw.WriteError(w, r, err)
			return
		}
		id, err := d.create(r.Context(), body)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		a.respond(w, r, d, id, d.createdStatus)
	})
	write := func(partial bool) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			if !zgw.RequireScope(w, r, zgw.ZTC, ScopeSchrijven, ScopeGeforceerdSchrijven) {
				return
			}
			id := r.PathValue("uuid")
			body, err := readBody(r)
			if err != nil {
				zgw.WriteError(w, r, err)
				return
			}
			if partial {
				// A PATCH is the current representation with the given
				// fields replaced, then the same path as a PUT.
				cur, err := d.get(r.Context(), r, id)
				if err != nil {
					a.fail(w, r, err)
					return
				}
				merged, err := toMap(cur)
				if err != nil {
					a.fail(w, r, err)
					return
				}
				if d.stored != nil {
					if err := d.stored(r.Context(), id, merged); err != nil {
						a.fail(w, r, err)
						return
					}
				}
				for k, v := range body {
					merged[k] = v
				}
				body = merged
			}
			o := catalogus.Options{Correctie: zgw.ClientFrom(r.Context()).HasScope(zgw.ZTC, ScopeGeforceerdSchrijven)}
			if err := d.update(r.Context(), id, body, o); err != nil {
				a.fail(w, r, err)
				return
			}
			a.respond(w, r, d, id, http.StatusOK)
		}
	}
	if d.update != nil {
		mux.HandleFunc("PUT "+p+"/{uuid}", write(false))
		mux.HandleFunc("PATCH "+p+"/{uuid}", write(true))
	}
	if d.del != nil {
		mux.HandleFunc("DELETE "+p+"/{uuid}", func(w http.ResponseWriter, r *http.Request) {
			if !zgw.RequireScope(w, r, zgw.ZTC, ScopeSchrijven, ScopeGeforceerdVerwijderen) {
				return
			}
			ctx := r.Context()
			if zgw.ClientFrom(ctx).HasScope(zgw.ZTC, ScopeGeforceerdVerwijderen) {
				// The catalogus package decides what a forced delete may
				// remove (published types; never what is in use).
				ctx = catalogus.WithGeforceerdVerwijderen(ctx)
			}
			if err := d.del(ctx, r.PathValue("uuid")); err != nil {
				a.fail(w, r, err)
				return
			}
			w.WriteHeader(d.deleteStatus)
		})
	}
	if d.publish != nil {
		mux.HandleFunc("POST "+p+"/{uuid}/publish", func(w http.ResponseWriter, r *http.Request) {
			if !zgw.RequireScope(w, r, zgw.ZTC, ScopeSchrijven) {
				return
			}
			id := r.PathValue("uuid")
			if err := d.publish(r.Context(), id); err != nil {
				a.fail(w, r, err)
				return
			}
			a.respond(w, r, d, id, http.StatusOK)
		})
	}
}

// respond answers a write with the resource as it now is.
func (a *api) respond(w http.ResponseWriter, r *http.Request, d resourceDef, id string, status int) {
	v, err := d.get(r.Context(), r, id)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	zgw.WriteJSON(w, r, status, v)
}

// fail answers err. The concept rules (ztc-009, ztc-010) are validation
// errors for a write (400 with invalidParams, as Open Zaak answers) and a
// refusal for a DELETE (403, the only one of the two the standard lists
// there, again as Open Zaak answers), where the domain classifies them as
// conflicts.
func (a *api) fail(w http.ResponseWriter, r *http.Request, err error) {
	if e := errs.As(err); e != nil && e.Kind == errs.Conflict && len(e.Fields) == 0 {
		switch e.Code {
		case "non-concept-object", "non-concept-zaaktype", "concept-object":
			if r.Method == http.MethodDelete {
				zgw.WriteError(w, r, &zgw.HTTPError{Status: http.StatusForbidden, Code: "permission_denied", Detail: e.Message})
				return
			}
			zgw.WriteError(w, r, &zgw.HTTPError{Status: http.StatusBadRequest, Code: "invalid", Detail: e.Message,
				Invalid: []zgw.InvalidParam{{Name: "nonFieldErrors", Code: e.Code, Reason: e.Message}}})
			return
		}
	}
	zgw.WriteError(w, r, err)
}

// readBody decodes a JSON object body.
func readBody(r *http.Request) (map[string]any, error) {
	var m map[string]any
	if err := zgw.DecodeJSON(r, &m); err != nil {
		if errors.Is(err, io.EOF) {
			return map[string]any{}, nil
		}
		return nil, err
	}
	if m == nil {
		m = map[string]any{}
	}
	return m, nil
}

func toMap(v any) (map[string]any, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	var m map[string]any
	err = json.Unmarshal(b, &m)
	return m, err
}

// decode turns a body map into the input struct of a resource; a value of
// the wrong type is a 400 naming the field.
func decode(body map[string]any, v any) error {
	b, err := json.Marshal(body)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, v); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			field := te.Field
			if field == "" {
				field = "nonFieldErrors"
			}
			return errs.InvalidField(field, "invalid", "Verkeerd type van de waarde.")
		}
		return errs.InvalidField("nonFieldErrors", "parse_error", "De inhoud van het verzoek is ongeldig.")
	}
	return nil
}

// ---- URLs ----

func (a *api) url(kind, id string) string {
	if id == "" {
		return ""
	}
	return a.env.URL(Prefix + "/" + kind + "/" + id)
}

func (a *api) urls(kind string, ids []string) []string {
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		out = append(out, a.url(kind, id))
	}
	return out
}

// ref turns the URL of one of this API's resources into its id. A URL of
// another server is refused: relations across catalogi, even the same
// catalogus on another endpoint, are not allowed (ztc-013).
func (a *api) ref(field, u, kind string) (string, error) {
	if id, ok := a.env.ParseOwnURL(u, Prefix+"/"+kind+"/"); ok {
		return id, nil
	}
	if !strings.HasPrefix(u, "http://") && !strings.HasPrefix(u, "https://") {
		return "", errs.InvalidField(field, "bad-url", "Voer een geldige URL in.")
	}
	if strings.HasPrefix(u, a.env.URL(Prefix+"/")) {
		return "", errs.InvalidField(field, "does_not_exist", "Deze URL verwijst niet naar een bestaand object.")
	}
	return "", errs.InvalidField(field, "relation-mismatch", "Relaties met objecten buiten deze catalogus (of op een andere server) zijn niet toegestaan.")
}

// optionalRef is ref for a nullable field ("" or null: no relation).
func (a *api) optionalRef(field string, u *string, kind string) (string, error) {
	if u == nil || *u == "" {
		return "", nil
	}
	return a.ref(field, *u, kind)
}

// ---- dates and durations ----

func (a *api) today() date.Date {
	now := time.Now
	if a.env.Now != nil {
		now = a.env.Now
	}
	return date.Today(now())
}

// dateOn is the date relations are resolved on: ?datumGeldigheid or today.
func (a *api) dateOn(r *http.Request) date.Date {
	if r != nil {
		if v := r.URL.Query().Get("datumGeldigheid"); v != "" {
			if d, err := date.Parse(v); err == nil {
				return d
			}
		}
	}
	return a.today()
}

func dateParam(r *http.Request, name string) (date.Date, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return date.Date{}, nil
	}
	d, err := date.Parse(v)
	if err != nil {
		return d, errs.InvalidField(name, "invalid", "Voer een geldige datum in (JJJJ-MM-DD).")
	}
	return d, nil
}

func statusParam(r *http.Request) catalogus.Status {
	v := r.URL.Query().Get("status")
	if v == "" {
		// The standard: definitief is the default.
		return catalogus.StatusDefinitief
	}
	return catalogus.Status(v)
}

func nullDate(d date.Date) *string {
	if d.IsZero() {
		return nil
	}
	s := d.String()
	return &s
}

func parseDate(f *errs.Fields, field string, s *string) date.Date {
	if s == nil || *s == "" {
		return date.Date{}
	}
	d, err := date.Parse(*s)
	if err != nil {
		f.Add(field, "invalid", "Voer een geldige datum in (JJJJ-MM-DD).")
	}
	return d
}

func str(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func list[T any](v []T) []T {
	if v == nil {
		return []T{}
	}
	return v
}

// page returns the page number of the request and the domain page.
func page(r *http.Request) (int, catalogus.Page, error) {
	n, err := zgw.PageParam(r)
	if err != nil {
		return 0, catalogus.Page{}, err
	}
	return n, catalogus.Page{Page: n, PageSize: catalogus.DefaultPageSize}, nil
}

// writePage answers one page of a list.
func (a *api) writePage(w http.ResponseWriter, r *http.Request, n, total int, results any) {
	if err := zgw.CheckPage(total, n, catalogus.DefaultPageSize); err != nil {
		zgw.WriteError(w, r, err)
		return
	}
	zgw.WriteJSON(w, r, http.StatusOK, zgw.NewPage(r, a.env, total, n, catalogus.DefaultPageSize, results))
}

// tx runs fn in one write transaction with a Store that joins it.
func (a *api) tx(ctx context.Context, fn func(tx *sql.Tx, s *catalogus.Store) error) error {
	return a.env.DB.Tx(ctx, func(tx *sql.Tx) error { return fn(tx, a.store.InTx(tx)) })
}
