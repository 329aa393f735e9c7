// Package documenten serves the Documenten API 1.4.3 (DRC) over the document
// domain: enkelvoudige informatieobjecten with their versions, content,
// locks and upload in parts (bestandsdelen), gebruiksrechten,
// objectinformatieobjecten (the zaak- and besluitinformatieobjecten seen
// from the document), verzendingen and the audit trail. The handler serves
// paths relative to the API base; the program mounts it at Prefix.
package documenten

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/gemeenten/loket/internal/audit"
	"github.com/gemeenten/loket/internal/document"
	"github.com/gemeenten/loket/internal/zgw"
)

// Where the API lives and which version it speaks.
const (
	Prefix     = "/documenten/api/v1"
	APIVersion = "1.4.3"
)

// Scopes of the Documenten API.
const (
	ScopeLezen               = "documenten.lezen"
	ScopeAanmaken            = "documenten.aanmaken"
	ScopeBijwerken           = "documenten.bijwerken"
	ScopeVerwijderen         = "documenten.verwijderen"
	ScopeLock                = "documenten.lock"
	ScopeGeforceerdUnlock    = "documenten.geforceerd-unlock"
	ScopeGeforceerdBijwerken = "documenten.geforceerd-bijwerken"
	ScopeAudittrailsLezen    = "audittrails.lezen"
)

// PageSize is the number of results per page of the paginated lists.
const PageSize = 100

const (
	iotPrefix     = "/catalogi/api/v1/informatieobjecttypen/"
	eioPrefix     = Prefix + "/enkelvoudiginformatieobjecten/"
	zaakPrefix    = "/zaken/api/v1/zaken/"
	besluitPrefix = "/besluiten/api/v1/besluiten/"
)

type api struct {
	env  *zgw.Env
	docs *document.Service
	opts Options
}

// Handler returns the Documenten API. Mount it with
// env.Mount(mux, documenten.Prefix, zgw.DRC, documenten.APIVersion,
// documenten.Handler(env, docSvc, documenten.Options{Local: mux})).
func Handler(env *zgw.Env, docs *document.Service, opts ...Options) http.Handler {
	a := &api{env: env, docs: docs}
	if len(opts) > 0 {
		a.opts = opts[0]
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /enkelvoudiginformatieobjecten", a.listEIO)
	mux.HandleFunc("POST /enkelvoudiginformatieobjecten", a.createEIO)
	mux.HandleFunc("POST /enkelvoudiginformatieobjecten/_zoek", a.searchEIO)
	mux.HandleFunc("GET /enkelvoudiginformatieobjecten/{uuid}", a.getEIO)
	mux.HandleFunc("PUT /enkelvoudiginformatieobjecten/{uuid}", a.updateEIO)
	mux.HandleFunc("PATCH /enkelvoudiginformatieobjecten/{uuid}", a.updateEIO)
	mux.HandleFunc("DELETE /enkelvoudiginformatieobjecten/{uuid}", a.deleteEIO)
	mux.HandleFunc("GET /enkelvoudiginformatieobjecten/{uuid}/download", a.download)
	mux.HandleFunc("POST /enkelvoudiginformatieobjecten/{uuid}/lock", a.lock)
	mux.HandleFunc("POST /enkelvoudiginformatieobjecten/{uuid}/unlock", a.unlock)
	at := zgw.AuditTrail{Rows: a.auditRows, Entry: a.auditJSON, Fail: a.fail}
	mux.HandleFunc("GET /enkelvoudiginformatieobjecten/{uuid}/audittrail", at.List)
	mux.HandleFunc("GET /enkelvoudiginformatieobjecten/{uuid}/audittrail/{id}", at.Get)
	mux.HandleFunc("PUT /bestandsdelen/{uuid}", a.putPart)

	mux.HandleFunc("GET /gebruiksrechten", a.listGebruiksrechten)
	mux.HandleFunc("POST /gebruiksrechten", a.createGebruiksrecht)
	mux.HandleFunc("GET /gebruiksrechten/{uuid}", a.getGebruiksrecht)
	mux.HandleFunc("PUT /gebruiksrechten/{uuid}", a.updateGebruiksrecht)
	mux.HandleFunc("PATCH /gebruiksrechten/{uuid}", a.updateGebruiksrecht)
	mux.HandleFunc("DELETE /gebruiksrechten/{uuid}", a.deleteGebruiksrecht)

	mux.HandleFunc("GET /objectinformatieobjecten", a.listOIO)
	mux.HandleFunc("POST /objectinformatieobjecten", a.createOIO)
	mux.HandleFunc("GET /objectinformatieobjecten/{uuid}", a.getOIO)
	mux.HandleFunc("DELETE /objectinformatieobjecten/{uuid}", a.deleteOIO)

	mux.HandleFunc("GET /verzendingen", a.listVerzendingen)
	mux.HandleFunc("POST /verzendingen", a.createVerzending)
	mux.HandleFunc("GET /verzendingen/{uuid}", a.getVerzending)
	mux.HandleFunc("PUT /verzendingen/{uuid}", a.updateVerzending)
	mux.HandleFunc("PATCH /verzendingen/{uuid}", a.updateVerzending)
	mux.HandleFunc("DELETE /verzendingen/{uuid}", a.deleteVerzending)
	return zgw.WithAuditToelichting(mux)
}

func client(r *http.Request) *zgw.Client { return zgw.ClientFrom(r.Context()) }

// fail answers err (see zgw.WriteChangeError).
func (a *api) fail(w http.ResponseWriter, r *http.Request, err error) {
	zgw.WriteChangeError(w, r, err)
}

func (a *api) iotURL(id string) string {
	if id == "" {
		return ""
	}
	return a.env.URL(iotPrefix + id)
}

func (a *api) eioURL(id string) string { return a.env.URL(eioPrefix + id) }

// allowsDoc reports whether the client may do one of scopes on d.
func (a *api) allowsDoc(r *http.Request, d *document.Document, scopes ...string) bool {
	c := client(r)
	for _, s := range scopes {
		if c.Allows(zgw.DRC, s, a.iotURL(d.InformatieobjecttypeID), d.Vertrouwelijkheidaanduiding) {
			return true
		}
	}
	return false
}

// readDoc loads the current version of a document the client may do one of
// scopes on: 404 when it does not exist, 403 when it is not the client's.
func (a *api) readDoc(r *http.Request, id string, scopes ...string) (*document.Document, error) {
	d, err := a.docs.Get(r.Context(), id, 0)
	if err != nil {
		return nil, err
	}
	if !a.allowsDoc(r, d, scopes...) {
		return nil, zgw.PermissionDenied()
	}
	return d, nil
}

// access turns the client's grants for scope into the document list
// restriction: nil when the client may see everything.
func (a *api) access(r *http.Request, scope string) *document.Access {
	all, grants := client(r).Grants(zgw.DRC, scope)
	if all {
		return nil
	}
	acc := &document.Access{}
	levels := zgw.Vertrouwelijkheden()
	for _, g := range grants {
		id, ok := a.env.ParseOwnURL(g.TypeURL, iotPrefix)
		if !ok {
			continue
		}
		max := zgw.VertrouwelijkheidRank(g.MaxVertrouwelijkheid)
		var allowed []string
		for i, l := range levels {
			if i <= max {
				allowed = append(allowed, l)
			}
		}
		acc.Grants = append(acc.Grants, document.AccessGrant{InformatieobjecttypeID: id, Vertrouwelijkheden: allowed})
	}
	return acc
}

// docID returns the id of a document URL of this API, or a field error.
func (a *api) docID(b *body, field, u string) string {
	if u == "" {
		return ""
	}
	id, ok := a.env.ParseOwnURL(u, eioPrefix)
	if !ok {
		b.F.Add(field, "does_not_exist", "Dit informatieobject bestaat niet.")
		return ""
	}
	return id
}

// typeOf reads the vertrouwelijkheidaanduiding of an informatieobjecttype
// (drc-007 default); ok is false when the type does not exist.
func (a *api) typeVertrouwelijkheid(ctx context.Context, id string) (string, bool, error) {
	var v string
	err := a.env.DB.R.QueryRowContext(ctx, `SELECT vertrouwelijkheidaanduiding FROM informatieobjecttypen WHERE id = $1`, id).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("documenten: informatieobjecttype: %w", err)
	}
	return v, true, nil
}

// withScopes adds the client's document scopes to the audit actor's roles,
// which the domain consults for forced actions (documenten.geforceerd-unlock).
func withScopes(r *http.Request, scopes ...string) context.Context {
	ctx := r.Context()
	act := audit.ActorFrom(ctx)
	for _, s := range scopes {
		if client(r).HasScope(zgw.DRC, s) {
			act.Roles = append(act.Roles, s)
		}
	}
	return audit.WithActor(ctx, act)
}

func splitComma(v string) []string {
	var out []string
	for _, p := range strings.Split(v, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
