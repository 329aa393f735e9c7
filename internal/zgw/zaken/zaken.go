// Package zaken serves the ZGW Zaken API 1.5.1 (/zaken/api/v1) over the
// zaak domain: zaken with their statussen, resultaten, rollen, zaakobjecten,
// zaakinformatieobjecten (links kept by package document), zaakeigenschappen,
// klantcontacten, zaakbesluiten (the besluiten' zaak, kept by package
// besluit) and audittrail, with _zoek and expand.
//
// The handlers translate between the standard's JSON and the domain, and
// check the client's autorisaties (zrc-006): lists are filtered in SQL by
// the client's (zaaktype, maximum vertrouwelijkheid) grants, single objects
// outside them answer 403. The rules of the standard live in package zaak.
package zaken

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/gemeenten/loket/internal/audit"
	"github.com/gemeenten/loket/internal/besluit"
	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/document"
	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/zaak"
	"github.com/gemeenten/loket/internal/zgw"
)

// APIVersion is the version of the standard this package implements.
const APIVersion = "1.5.1"

// Prefix is where the lead mounts Handler.
const Prefix = "/zaken/api/v1"

// Scopes of the Zaken API.
const (
	ScopeLezen               = "zaken.lezen"
	ScopeAanmaken            = "zaken.aanmaken"
	ScopeBijwerken           = "zaken.bijwerken"
	ScopeVerwijderen         = "zaken.verwijderen"
	ScopeStatussenToevoegen  = "zaken.statussen.toevoegen"
	ScopeGeforceerdBijwerken = "zaken.geforceerd-bijwerken"
	ScopeHeropenen           = "zaken.heropenen"
	ScopeAudittrailsLezen    = "audittrails.lezen"
)

// PageSize is the number of results per page of the paged lists.
const PageSize = 100

// Options configure Handler.
type Options struct {
	// Local, when set, serves URLs on this server (env.Base) in-process
	// instead of over HTTP: the program's own mux with every API mounted.
	// expand uses it for catalogue resources (zaaktype, statustype, …) and
	// the zaak validation for a communicatiekanaal of the local
	// Referentielijsten API. The request's Authorization header is passed
	// on, so the client sees only what it may see.
	Local http.Handler
	// ListCacheBytes bounds the cache of rendered zaken for list pages
	// (rowcache.go): 0 is the default of 64 MiB, a negative value turns the
	// cache off.
	ListCacheBytes int
}

type api struct {
	env       *zgw.Env
	zaken     *zaak.Service
	docs      *document.Service
	besluiten *besluit.Service
	opts      Options
	mux       *http.ServeMux
	rows      *rowCache
}

// Handler serves the Zaken API at paths relative to /zaken/api/v1; the lead
// mounts it with env.Mount(mux, zaken.Prefix, zgw.ZRC, zaken.APIVersion,
// zaken.Handler(env, zaakSvc, docSvc, besluitSvc, zaken.Options{Local: mux})).
func Handler(env *zgw.Env, zaken *zaak.Service, docs *document.Service, besluiten *besluit.Service, opts ...Options) http.Handler {
	a := &api{env: env, zaken: zaken, docs: docs, besluiten: besluiten}
	if len(opts) > 0 {
		a.opts = opts[0]
	}
	switch {
	case a.opts.ListCacheBytes == 0:
		a.rows = newRowCache(defaultRowCacheBytes)
	case a.opts.ListCacheBytes > 0:
		a.rows = newRowCache(a.opts.ListCacheBytes)
	default:
		a.rows = newRowCache(0)
	}
	mux := http.NewServeMux()
	a.mux = mux
	mux.HandleFunc("GET /zaken", a.listZaken)
	mux.HandleFunc("POST /zaken", a.createZaak)
	mux.HandleFunc("POST /zaken/_zoek", a.searchZaken)
	mux.HandleFunc("GET /zaken/{uuid}", a.getZaak)
	mux.HandleFunc("PUT /zaken/{uuid}", a.updateZaak)
	mux.HandleFunc("PATCH /zaken/{uuid}", a.updateZaak)
	mux.HandleFunc("DELETE /zaken/{uuid}", a.deleteZaak)
	at := zgw.AuditTrail{Rows: a.auditRows, Entry: a.auditJSON, Fail: a.fail}
	mux.HandleFunc("GET /zaken/{uuid}/audittrail", at.List)
	mux.HandleFunc("GET /zaken/{uuid}/audittrail/{id}", at.Get)

	mux.HandleFunc("GET /statussen", a.listStatussen)
	mux.HandleFunc("POST /statussen", a.createStatus)
	mux.HandleFunc("GET /statussen/{uuid}", a.getStatus)

	mux.HandleFunc("GET /resultaten", a.listResultaten)
	mux.HandleFunc("POST /resultaten", a.createResultaat)
	mux.HandleFunc("GET /resultaten/{uuid}", a.getResultaat)
	mux.HandleFunc("PUT /resultaten/{uuid}", a.updateResultaat)
	mux.HandleFunc("PATCH /resultaten/{uuid}", a.updateResultaat)
	mux.HandleFunc("DELETE /resultaten/{uuid}", a.deleteResultaat)

	mux.HandleFunc("GET /rollen", a.listRollen)
	mux.HandleFunc("POST /rollen", a.createRol)
	mux.HandleFunc("GET /rollen/{uuid}", a.getRol)
	mux.HandleFunc("DELETE /rollen/{uuid}", a.deleteRol)

	mux.HandleFunc("GET /zaakobjecten", a.listObjecten)
	mux.HandleFunc("POST /zaakobjecten", a.createObject)
	mux.HandleFunc("GET /zaakobjecten/{uuid}", a.getObject)
	mux.HandleFunc("PUT /zaakobjecten/{uuid}", a.updateObject)
	mux.HandleFunc("PATCH /zaakobjecten/{uuid}", a.updateObject)
	mux.HandleFunc("DELETE /zaakobjecten/{uuid}", a.deleteObject)

	mux.HandleFunc("GET /zaakinformatieobjecten", a.listZIO)
	mux.HandleFunc("POST /zaakinformatieobjecten", a.createZIO)
	mux.HandleFunc("GET /zaakinformatieobjecten/{uuid}", a.getZIO)
	mux.HandleFunc("PUT /zaakinformatieobjecten/{uuid}", a.updateZIO)
	mux.HandleFunc("PATCH /zaakinformatieobjecten/{uuid}", a.updateZIO)
	mux.HandleFunc("DELETE /zaakinformatieobjecten/{uuid}", a.deleteZIO)

	mux.HandleFunc("GET /zaken/{uuid}/zaakeigenschappen", a.listEigenschappen)
	mux.HandleFunc("POST /zaken/{uuid}/zaakeigenschappen", a.createEigenschap)
	mux.HandleFunc("GET /zaken/{uuid}/zaakeigenschappen/{id}", a.getEigenschap)
	mux.HandleFunc("PUT /zaken/{uuid}/zaakeigenschappen/{id}", a.updateEigenschap)
	mux.HandleFunc("PATCH /zaken/{uuid}/zaakeigenschappen/{id}", a.updateEigenschap)
	mux.HandleFunc("DELETE /zaken/{uuid}/zaakeigenschappen/{id}", a.deleteEigenschap)

	mux.HandleFunc("GET /zaken/{uuid}/besluiten", a.listZaakBesluiten)
	mux.HandleFunc("POST /zaken/{uuid}/besluiten", a.createZaakBesluit)
	mux.HandleFunc("GET /zaken/{uuid}/besluiten/{id}", a.getZaakBesluit)
	mux.HandleFunc("DELETE /zaken/{uuid}/besluiten/{id}", a.deleteZaakBesluit)

	mux.HandleFunc("GET /klantcontacten", a.listKlantContacten)
	mux.HandleFunc("POST /klantcontacten", a.createKlantContact)
	mux.HandleFunc("GET /klantcontacten/{uuid}", a.getKlantContact)

	a.externRoutes(mux)
	return mux
}

// ---- URLs ----

const (
	pathZaken           = "/zaken/api/v1/zaken/"
	pathStatussen       = "/zaken/api/v1/statussen/"
	pathResultaten      = "/zaken/api/v1/resultaten/"
	pathRollen          = "/zaken/api/v1/rollen/"
	pathObjecten        = "/zaken/api/v1/zaakobjecten/"
	pathZIO             = "/zaken/api/v1/zaakinformatieobjecten/"
	pathKlantcontact    = "/zaken/api/v1/klantcontacten/"
	pathZaaktypen       = "/catalogi/api/v1/zaaktypen/"
	pathStatustypen     = "/catalogi/api/v1/statustypen/"
	pathResultaattype   = "/catalogi/api/v1/resultaattypen/"
	pathRoltypen        = "/catalogi/api/v1/roltypen/"
	pathZaakobjecttypen = "/catalogi/api/v1/zaakobjecttypen/"
	pathEigenschappen   = "/catalogi/api/v1/eigenschappen/"
	pathDocumenten      = "/documenten/api/v1/enkelvoudiginformatieobjecten/"
	pathBesluiten       = "/besluiten/api/v1/besluiten/"
)

func (a *api) url(path, id string) string { return a.env.URL(path + id) }

func (a *api) urlPtr(path, id string) *string {
	if id == "" {
		return nil
	}
	s := a.url(path, id)
	return &s
}

func (a *api) urls(path string, ids []string) []string {
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		out = append(out, a.url(path, id))
	}
	return out
}

func (a *api) zaakURL(id string) string { return a.url(pathZaken, id) }

// ref parses a URL of this server under path into an id; a URL elsewhere
// or of another kind is a field error.
func (a *api) ref(f *errs.Fields, field, u, path, what string) string {
	if u == "" {
		return ""
	}
	id, ok := a.env.ParseOwnURL(u, path)
	if !ok {
		if strings.HasPrefix(u, "http://") || strings.HasPrefix(u, "https://") {
			f.Add(field, "does_not_exist", fmt.Sprintf("De URL verwijst niet naar een %s van deze server.", what))
		} else {
			f.Add(field, "bad-url", "Dit is geen geldige URL.")
		}
		return ""
	}
	return id
}

// ---- Authorisation (zrc-006) ----

func client(r *http.Request) *zgw.Client { return zgw.ClientFrom(r.Context()) }

// access is what the client may see of zaken with scope, for filtering lists
// in SQL. Grants on zaaktypen of another catalogue server cover no zaak here.
func (a *api) access(r *http.Request, scope string) zaak.APIAccess {
	all, grants := client(r).Grants(zgw.ZRC, scope)
	acc := zaak.APIAccess{All: all}
	for _, g := range grants {
		if id, ok := a.env.ParseOwnURL(g.TypeURL, pathZaaktypen); ok {
			acc.Grants = append(acc.Grants, zaak.APIGrant{ZaakTypeID: id, MaxVertrouwelijkheid: g.MaxVertrouwelijkheid})
		}
	}
	return acc
}

// allows reports whether the client has one of scopes for a zaak of
// zaaktypeID with vertrouwelijkheid.
func (a *api) allows(r *http.Request, zaaktypeID, vertrouwelijkheid string, scopes ...string) bool {
	c := client(r)
	for _, s := range scopes {
		if c.Allows(zgw.ZRC, s, a.url(pathZaaktypen, zaaktypeID), vertrouwelijkheid) {
			return true
		}
	}
	return false
}

// zaakRef loads the zaak a part belongs to.
func (a *api) zaakRef(ctx context.Context, id string) (*zaak.Ref, error) {
	return zaak.Lookup(ctx, a.env.DB.R, id)
}

// writeCtx checks that the client may write to the zaak with one of scopes
// and returns the context for the domain call: a closed zaak needs
// zaken.geforceerd-bijwerken (zrc-007), which then marks the change as
// forced.
func (a *api) writeCtx(r *http.Request, z *zaak.Ref, scopes ...string) (context.Context, error) {
	if !a.allows(r, z.ZaakTypeID, z.Vertrouwelijkheidaanduiding, scopes...) {
		return nil, zgw.PermissionDenied()
	}
	ctx := r.Context()
	if a.allows(r, z.ZaakTypeID, z.Vertrouwelijkheidaanduiding, ScopeGeforceerdBijwerken) {
		return zaak.WithForcedUpdate(ctx), nil
	}
	if !z.Einddatum.IsZero() {
		return nil, &zgw.HTTPError{Status: http.StatusForbidden, Code: "permission_denied",
			Detail: "De zaak is afgesloten; alleen met de scope zaken.geforceerd-bijwerken kan zij nog worden gewijzigd."}
	}
	return ctx, nil
}

func (a *api) forced(r *http.Request, z *zaak.Ref) bool {
	return a.allows(r, z.ZaakTypeID, z.Vertrouwelijkheidaanduiding, ScopeGeforceerdBijwerken)
}

// partZaak resolves the zaak URL of a part in a request body; a zaak that
// does not exist is a field error.
func (a *api) partZaak(ctx context.Context, f *errs.Fields, u string) (*zaak.Ref, error) {
	if u == "" {
		f.Add("zaak", "required", "De zaak is verplicht.")
		return nil, nil
	}
	id := a.ref(f, "zaak", u, pathZaken, "zaak")
	if id == "" {
		return nil, nil
	}
	z, err := a.zaakRef(ctx, id)
	if errs.Is(err, errs.NotFound) {
		f.Add("zaak", "does_not_exist", "Deze zaak bestaat niet.")
		return nil, nil
	}
	return z, err
}

// ---- Fetching other resources (expand, communicatiekanaal) ----

// fetch GETs a URL as the requesting client: in-process through
// Options.Local for this server's URLs, over HTTP otherwise.
func (a *api) fetch(r *http.Request, u string) (json.RawMessage, int, error) {
	// zgw.Env.Fetch applies the outbound rule (no link-local or metadata
	// addresses, same-host redirects, size cap) and sends the caller's
	// token only to this server.
	b, code, err := a.env.Fetch(r.Context(), u, zgw.FetchOptions{Local: a.opts.Local, Authorization: r.Header.Get("Authorization")})
	return json.RawMessage(b), code, err
}

// logInzage records that an end user, through an application, looked up a
// person by BSN (the inzage log of staff reads of personal data). Requests
// without a user_id in the JWT are system integrations and are not logged
// per read; their trail is the application's own.
func (a *api) logInzage(r *http.Request, bsn, resource, resourceID string) error {
	c := client(r)
	if bsn == "" || c == nil || c.UserID == "" {
		return nil
	}
	who := c.UserRepresentation
	if who == "" {
		who = c.UserID
	}
	return audit.LogAccess(r.Context(), a.env.DB, audit.Access{SubjectType: "bsn", SubjectID: bsn, Resource: resource,
		ResourceID: resourceID, Reden: "Zaken API (" + c.ID + "), gebruiker " + who})
}

// ---- Small helpers ----

func dateStr(d date.Date) *string {
	if d.IsZero() {
		return nil
	}
	s := d.String()
	return &s
}

func strPtr(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// fail answers err. A domain conflict that names fields (a taken
// identificatie, a second resultaat) is a validation error in the ZGW APIs:
// 400 with invalidParams.
func (a *api) fail(w http.ResponseWriter, r *http.Request, err error) {
	if e := errs.As(err); e != nil && e.Kind == errs.Conflict && len(e.Fields) > 0 {
		cp := *e
		cp.Kind = errs.Invalid
		err = &cp
	}
	zgw.WriteError(w, r, err)
}

// notFound is the 404 of a detail route.
func notFound(what, id string) error { return errs.NotFoundf(what, id) }
