// Package besluiten serves the Besluiten API 1.0.2 (BRC) over the besluit
// domain: besluiten with their audit trail, and besluitinformatieobjecten.
// The relations the standard asks to mirror (brc-005 objectinformatieobject
// in the DRC, brc-006 zaakbesluit in the ZRC) are not copies in Loket: the
// Documenten and Zaken APIs read them from the same rows. The handler serves
// paths relative to the API base; the program mounts it at Prefix.
package besluiten

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/http"

	"github.com/gemeenten/loket/internal/audit"
	"github.com/gemeenten/loket/internal/besluit"
	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/zgw"
)

// Where the API lives and which version it speaks.
const (
	Prefix     = "/besluiten/api/v1"
	APIVersion = "1.0.2"
)

// Scopes of the Besluiten API, and the Zaken API scope that allows changes
// to the besluiten of a closed zaak.
const (
	ScopeLezen                    = "besluiten.lezen"
	ScopeAanmaken                 = "besluiten.aanmaken"
	ScopeBijwerken                = "besluiten.bijwerken"
	ScopeVerwijderen              = "besluiten.verwijderen"
	ScopeAudittrailsLezen         = "audittrails.lezen"
	ScopeZakenGeforceerdBijwerken = "zaken.geforceerd-bijwerken"
)

// PageSize is the number of besluiten per page.
const PageSize = 100

const (
	btPrefix      = "/catalogi/api/v1/besluittypen/"
	ztPrefix      = "/catalogi/api/v1/zaaktypen/"
	besluitPrefix = Prefix + "/besluiten/"
	bioPrefix     = Prefix + "/besluitinformatieobjecten/"
	zaakPrefix    = "/zaken/api/v1/zaken/"
	eioPrefix     = "/documenten/api/v1/enkelvoudiginformatieobjecten/"
)

type api struct {
	env *zgw.Env
	svc *besluit.Service
}

// Handler returns the Besluiten API. Mount it with
// env.Mount(mux, besluiten.Prefix, zgw.BRC, besluiten.APIVersion, h).
func Handler(env *zgw.Env, svc *besluit.Service) http.Handler {
	a := &api{env: env, svc: svc}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /besluiten", a.list)
	mux.HandleFunc("POST /besluiten", a.create)
	mux.HandleFunc("GET /besluiten/{uuid}", a.get)
	mux.HandleFunc("PUT /besluiten/{uuid}", a.update)
	mux.HandleFunc("PATCH /besluiten/{uuid}", a.update)
	mux.HandleFunc("DELETE /besluiten/{uuid}", a.delete)
	at := zgw.AuditTrail{Rows: a.auditRows, Entry: a.auditJSON, Fail: a.fail}
	mux.HandleFunc("GET /besluiten/{uuid}/audittrail", at.List)
	mux.HandleFunc("GET /besluiten/{uuid}/audittrail/{id}", at.Get)
	mux.HandleFunc("GET /besluitinformatieobjecten", a.listBIO)
	mux.HandleFunc("POST /besluitinformatieobjecten", a.createBIO)
	mux.HandleFunc("GET /besluitinformatieobjecten/{uuid}", a.getBIO)
	mux.HandleFunc("DELETE /besluitinformatieobjecten/{uuid}", a.deleteBIO)
	return zgw.WithAuditToelichting(mux)
}

func client(r *http.Request) *zgw.Client { return zgw.ClientFrom(r.Context()) }

// fail answers err (see zgw.WriteChangeError).
func (a *api) fail(w http.ResponseWriter, r *http.Request, err error) {
	zgw.WriteChangeError(w, r, err)
}

func (a *api) btURL(id string) string { return a.env.URL(btPrefix + id) }

func (a *api) allows(r *http.Request, b *besluit.Besluit, scope string) bool {
	return client(r).Allows(zgw.BRC, scope, a.btURL(b.BesluittypeID), "")
}

// read loads a besluit the client may do scope on: 404 when it does not
// exist, 403 when its besluittype is not the client's.
func (a *api) read(r *http.Request, id, scope string) (*besluit.Besluit, error) {
	b, err := a.svc.Get(r.Context(), id)
	if err != nil {
		return nil, err
	}
	if !a.allows(r, b, scope) {
		return nil, zgw.PermissionDenied()
	}
	return b, nil
}

// geforceerd reports whether the client may change the closed zaak zaakID:
// zaken.geforceerd-bijwerken for the zaak's zaaktype and vertrouwelijkheid.
func (a *api) geforceerd(ctx context.Context, r *http.Request, zaakID string) (bool, error) {
	if zaakID == "" {
		return false, nil
	}
	var zt, va string
	err := a.env.DB.R.QueryRowContext(ctx, `SELECT zaaktype_id, vertrouwelijkheidaanduiding FROM zaken WHERE id = $1`, zaakID).Scan(&zt, &va)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("besluiten: zaak %s: %w", zaakID, err)
	}
	return client(r).Allows(zgw.ZRC, ScopeZakenGeforceerdBijwerken, a.env.URL(ztPrefix+zt), va), nil
}

// forceCtx returns the request's context, marked with the right to change
// the besluiten of a closed zaak when the client has
// zaken.geforceerd-bijwerken for that zaak; the rule itself is
// besluit's (zrc-007 applied to besluiten), and fail answers it with 403.
func (a *api) forceCtx(r *http.Request, zaakID string) (context.Context, error) {
	ok, err := a.geforceerd(r.Context(), r, zaakID)
	if err != nil || !ok {
		return r.Context(), err
	}
	return besluit.WithGeforceerd(r.Context()), nil
}

type besluitJSON struct {
	URL                          string  `json:"url"`
	Identificatie                string  `json:"identificatie"`
	VerantwoordelijkeOrganisatie string  `json:"verantwoordelijkeOrganisatie"`
	Besluittype                  string  `json:"besluittype"`
	Zaak                         string  `json:"zaak"`
	Datum                        string  `json:"datum"`
	Toelichting                  string  `json:"toelichting"`
	Bestuursorgaan               string  `json:"bestuursorgaan"`
	Ingangsdatum                 string  `json:"ingangsdatum"`
	Vervaldatum                  *string `json:"vervaldatum"`
	Vervalreden                  string  `json:"vervalreden,omitempty"`
	VervalredenWeergave          string  `json:"vervalredenWeergave,omitempty"`
	Publicatiedatum              *string `json:"publicatiedatum"`
	Verzenddatum                 *string `json:"verzenddatum"`
	UiterlijkeReactiedatum       *string `json:"uiterlijkeReactiedatum"`
}

var vervalredenWeergave = map[string]string{
	besluit.VervalredenTijdelijk:                 "Besluit met tijdelijke werking",
	besluit.VervalredenIngetrokkenOverheid:       "Besluit ingetrokken door overheid",
	besluit.VervalredenIngetrokkenBelanghebbende: "Besluit ingetrokken o.v.v. belanghebbende",
}

func datePtr(d date.Date) *string {
	if d.IsZero() {
		return nil
	}
	s := d.String()
	return &s
}

func (a *api) besluitJSON(b *besluit.Besluit) besluitJSON {
	j := besluitJSON{URL: a.env.URL(besluitPrefix + b.ID), Identificatie: b.Identificatie,
		VerantwoordelijkeOrganisatie: b.VerantwoordelijkeOrganisatie, Besluittype: a.btURL(b.BesluittypeID),
		Datum: b.Datum.String(), Toelichting: b.Toelichting, Bestuursorgaan: b.Bestuursorgaan,
		Ingangsdatum: b.Ingangsdatum.String(), Vervaldatum: datePtr(b.Vervaldatum), Vervalreden: b.Vervalreden,
		VervalredenWeergave: vervalredenWeergave[b.Vervalreden], Publicatiedatum: datePtr(b.Publicatiedatum),
		Verzenddatum: datePtr(b.Verzenddatum), UiterlijkeReactiedatum: datePtr(b.UiterlijkeReactiedatum)}
	if b.ZaakID != "" {
		j.Zaak = a.env.URL(zaakPrefix + b.ZaakID)
	}
	return j
}

// ownID parses a URL of this server under prefix; a URL elsewhere or
// malformed is a field error with code.
func (a *api) ownID(bd *body, field, u, prefix, code, reason string) *string {
	if u == "" {
		empty := ""
		return &empty
	}
	id, ok := a.env.ParseOwnURL(u, prefix)
	if !ok {
		bd.F.Add(field, code, reason)
		return nil
	}
	return &id
}

func (a *api) list(w http.ResponseWriter, r *http.Request) {
	if err := zgw.CheckQuery(r, "identificatie", "verantwoordelijkeOrganisatie", "besluittype", "zaak", "page"); err != nil {
		a.fail(w, r, err)
		return
	}
	if !zgw.RequireScope(w, r, zgw.BRC, ScopeLezen) {
		return
	}
	page, err := zgw.PageParam(r)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	q := r.URL.Query()
	f := besluit.Filter{Identificatie: q.Get("identificatie"), VerantwoordelijkeOrganisatie: q.Get("verantwoordelijkeOrganisatie"),
		Limit: PageSize, Offset: (page - 1) * PageSize}
	empty := false
	if v := q.Get("besluittype"); v != "" {
		id, ok := a.env.ParseOwnURL(v, btPrefix)
		f.BesluittypeID, empty = id, !ok
	}
	if v := q.Get("zaak"); v != "" {
		id, ok := a.env.ParseOwnURL(v, zaakPrefix)
		f.ZaakID, empty = id, empty || !ok
	}
	if all, grants := client(r).Grants(zgw.BRC, ScopeLezen); !all {
		f.BesluittypeIDs = []string{}
		for _, g := range grants {
			if id, ok := a.env.ParseOwnURL(g.TypeURL, btPrefix); ok {
				f.BesluittypeIDs = append(f.BesluittypeIDs, id)
			}
		}
	}
	var list []besluit.Besluit
	total := 0
	if !empty {
		if list, total, err = a.svc.List(r.Context(), f); err != nil {
			a.fail(w, r, err)
			return
		}
	}
	if err := zgw.CheckPage(total, page, PageSize); err != nil {
		a.fail(w, r, err)
		return
	}
	out := make([]besluitJSON, 0, len(list))
	for i := range list {
		out = append(out, a.besluitJSON(&list[i]))
	}
	zgw.WriteJSON(w, r, http.StatusOK, zgw.NewPage(r, a.env, total, page, PageSize, out))
}

func (a *api) get(w http.ResponseWriter, r *http.Request) {
	if err := zgw.CheckQuery(r); err != nil {
		a.fail(w, r, err)
		return
	}
	b, err := a.read(r, r.PathValue("uuid"), ScopeLezen)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	zgw.WriteJSON(w, r, http.StatusOK, a.besluitJSON(b))
}

var besluitFields = []string{"url", "identificatie", "verantwoordelijkeOrganisatie", "besluittype", "zaak", "datum",
	"toelichting", "bestuursorgaan", "ingangsdatum", "vervaldatum", "vervalreden", "vervalredenWeergave",
	"publicatiedatum", "verzenddatum", "uiterlijkeReactiedatum"}

func unknownFields(bd *body, known []string) {
	for k := range bd.M {
		ok := false
		for _, f := range known {
			ok = ok || k == f
		}
		if !ok {
			bd.F.Add(k, "unknown-field", "Dit veld kent de Besluiten API niet.")
		}
	}
}

func derefDate(p *date.Date) date.Date {
	if p == nil {
		return date.Date{}
	}
	return *p
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

func (a *api) create(w http.ResponseWriter, r *http.Request) {
	bd := zgw.CreateBody(w, r, zgw.BRC, ScopeAanmaken)
	if bd == nil {
		return
	}
	bd.Require("verantwoordelijkeOrganisatie", "besluittype", "datum", "ingangsdatum")
	unknownFields(bd, besluitFields)
	in := besluit.CreateInput{
		VerantwoordelijkeOrganisatie: bd.S("verantwoordelijkeOrganisatie"), Identificatie: bd.S("identificatie"),
		Datum: derefDate(bd.Date("datum")), Toelichting: bd.S("toelichting"), Bestuursorgaan: bd.S("bestuursorgaan"),
		Ingangsdatum: derefDate(bd.Date("ingangsdatum")), Vervaldatum: derefDate(bd.Date("vervaldatum")),
		Vervalreden: bd.S("vervalreden"), Publicatiedatum: derefDate(bd.Date("publicatiedatum")),
		Verzenddatum: derefDate(bd.Date("verzenddatum")), UiterlijkeReactiedatum: derefDate(bd.Date("uiterlijkeReactiedatum")),
	}
	if u := bd.S("besluittype"); u != "" {
		// brc-001: the besluittype must resolve; Loket knows its own catalogue.
		in.BesluittypeID = deref(a.ownID(bd, "besluittype", u, btPrefix, "bad-url", "Dit is geen besluittype uit de catalogus van Loket."))
	}
	in.ZaakID = deref(a.ownID(bd, "zaak", bd.S("zaak"), zaakPrefix, "bad-url", "Dit is geen zaak uit de Zaken API van Loket."))
	if err := bd.Err(); err != nil {
		a.fail(w, r, err)
		return
	}
	if !client(r).Allows(zgw.BRC, ScopeAanmaken, a.btURL(in.BesluittypeID), "") {
		a.fail(w, r, zgw.PermissionDenied())
		return
	}
	var err error
	if in.Geforceerd, err = a.geforceerd(r.Context(), r, in.ZaakID); err != nil {
		a.fail(w, r, err)
		return
	}
	b, err := a.svc.Create(r.Context(), in)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	j := a.besluitJSON(b)
	zgw.WriteCreated(w, r, j.URL, j)
}

// readToChange checks the query (none allowed), reads the besluit of the
// path's uuid for scope and returns the context to change it in (forceCtx).
func (a *api) readToChange(r *http.Request, scope string) (*besluit.Besluit, context.Context, error) {
	if err := zgw.CheckQuery(r); err != nil {
		return nil, nil, err
	}
	b, err := a.read(r, r.PathValue("uuid"), scope)
	if err != nil {
		return nil, nil, err
	}
	ctx, err := a.forceCtx(r, b.ZaakID)
	if err != nil {
		return nil, nil, err
	}
	return b, ctx, nil
}

func (a *api) update(w http.ResponseWriter, r *http.Request) {
	cur, ctx, err := a.readToChange(r, ScopeBijwerken)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	bd, err := readBody(r)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if r.Method == http.MethodPut {
		bd.Require("verantwoordelijkeOrganisatie", "besluittype", "datum", "ingangsdatum")
	}
	unknownFields(bd, besluitFields)
	in := besluit.UpdateInput{
		Identificatie: bd.Str("identificatie"), VerantwoordelijkeOrganisatie: bd.Str("verantwoordelijkeOrganisatie"),
		Datum: bd.Date("datum"), Toelichting: bd.Str("toelichting"), Bestuursorgaan: bd.Str("bestuursorgaan"),
		Ingangsdatum: bd.Date("ingangsdatum"), Vervaldatum: bd.Date("vervaldatum"), Vervalreden: bd.Str("vervalreden"),
		Publicatiedatum: bd.Date("publicatiedatum"), Verzenddatum: bd.Date("verzenddatum"),
		UiterlijkeReactiedatum: bd.Date("uiterlijkeReactiedatum"),
	}
	// brc-001, brc-006: besluittype and zaak cannot change. A URL that is
	// not ours cannot be the current one either.
	if u := bd.Str("besluittype"); u != nil {
		id, ok := a.env.ParseOwnURL(*u, btPrefix)
		if !ok {
			id = *u
		}
		in.BesluittypeID = &id
	}
	if u := bd.Str("zaak"); u != nil {
		id := ""
		if *u != "" {
			var ok bool
			if id, ok = a.env.ParseOwnURL(*u, zaakPrefix); !ok {
				id = *u
			}
		}
		in.ZaakID = &id
	}
	if err := bd.Err(); err != nil {
		a.fail(w, r, err)
		return
	}
	b, err := a.svc.Update(ctx, cur.ID, in)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	zgw.WriteJSON(w, r, http.StatusOK, a.besluitJSON(b))
}

func (a *api) delete(w http.ResponseWriter, r *http.Request) {
	b, ctx, err := a.readToChange(r, ScopeVerwijderen)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if err := a.svc.Delete(ctx, b.ID); err != nil {
		a.fail(w, r, err)
		return
	}
	zgw.NoContent(w)
}

// ---- besluitinformatieobjecten

type bioJSON struct {
	URL              string `json:"url"`
	Informatieobject string `json:"informatieobject"`
	Besluit          string `json:"besluit"`
}

func (a *api) bioJSON(l *besluit.InformatieobjectLink) bioJSON {
	return bioJSON{URL: a.env.URL(bioPrefix + l.ID), Informatieobject: a.env.URL(eioPrefix + l.InformatieobjectID),
		Besluit: a.env.URL(besluitPrefix + l.BesluitID)}
}

func (a *api) listBIO(w http.ResponseWriter, r *http.Request) {
	if err := zgw.CheckQuery(r, "besluit", "informatieobject"); err != nil {
		a.fail(w, r, err)
		return
	}
	if !zgw.RequireScope(w, r, zgw.BRC, ScopeLezen) {
		return
	}
	q := r.URL.Query()
	var f besluit.LinkFilter
	empty := false
	if v := q.Get("besluit"); v != "" {
		id, ok := a.env.ParseOwnURL(v, besluitPrefix)
		f.BesluitID, empty = id, !ok
	}
	if v := q.Get("informatieobject"); v != "" {
		id, ok := a.env.ParseOwnURL(v, eioPrefix)
		f.InformatieobjectID, empty = id, empty || !ok
	}
	out := []bioJSON{}
	if !empty {
		links, err := a.svc.ListInformatieobjecten(r.Context(), f)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		// Filtered at the source: only links of besluiten the client may see.
		seen := map[string]bool{}
		for i := range links {
			ok, known := seen[links[i].BesluitID]
			if !known {
				b, err := a.svc.Get(r.Context(), links[i].BesluitID)
				if err != nil {
					a.fail(w, r, err)
					return
				}
				ok = a.allows(r, b, ScopeLezen)
				seen[links[i].BesluitID] = ok
			}
			if ok {
				out = append(out, a.bioJSON(&links[i]))
			}
		}
	}
	zgw.WriteJSON(w, r, http.StatusOK, out)
}

func (a *api) readBIO(r *http.Request, scope string) (*besluit.InformatieobjectLink, *besluit.Besluit, error) {
	l, err := a.svc.GetInformatieobjectLink(r.Context(), r.PathValue("uuid"))
	if err != nil {
		return nil, nil, err
	}
	b, err := a.read(r, l.BesluitID, scope)
	if err != nil {
		return nil, nil, err
	}
	return l, b, nil
}

func (a *api) getBIO(w http.ResponseWriter, r *http.Request) {
	if err := zgw.CheckQuery(r); err != nil {
		a.fail(w, r, err)
		return
	}
	l, _, err := a.readBIO(r, ScopeLezen)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	zgw.WriteJSON(w, r, http.StatusOK, a.bioJSON(l))
}

func (a *api) createBIO(w http.ResponseWriter, r *http.Request) {
	bd := zgw.CreateBody(w, r, zgw.BRC, ScopeAanmaken)
	if bd == nil {
		return
	}
	bd.Require("informatieobject", "besluit")
	unknownFields(bd, []string{"url", "informatieobject", "besluit", "aardRelatie"})
	// brc-003: the informatieobject must resolve; Loket's own DRC holds it.
	ioID := a.ownID(bd, "informatieobject", bd.S("informatieobject"), eioPrefix, "bad-url",
		"Dit is geen informatieobject uit de Documenten API van Loket.")
	bID := a.ownID(bd, "besluit", bd.S("besluit"), besluitPrefix, "does_not_exist", "Dit besluit bestaat niet.")
	if err := bd.Err(); err != nil {
		a.fail(w, r, err)
		return
	}
	b, err := a.svc.Get(r.Context(), *bID)
	if errs.Is(err, errs.NotFound) {
		err = errs.InvalidField("besluit", "does_not_exist", "Dit besluit bestaat niet.")
	}
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if !a.allows(r, b, ScopeAanmaken) {
		a.fail(w, r, zgw.PermissionDenied())
		return
	}
	ctx, err := a.forceCtx(r, b.ZaakID)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	l, err := a.svc.LinkInformatieobject(ctx, b.ID, *ioID)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	j := a.bioJSON(l)
	zgw.WriteCreated(w, r, j.URL, j)
}

func (a *api) deleteBIO(w http.ResponseWriter, r *http.Request) {
	if err := zgw.CheckQuery(r); err != nil {
		a.fail(w, r, err)
		return
	}
	l, b, err := a.readBIO(r, ScopeVerwijderen)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	ctx, err := a.forceCtx(r, b.ZaakID)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if err := a.svc.UnlinkInformatieobject(ctx, l.ID); err != nil {
		a.fail(w, r, err)
		return
	}
	zgw.NoContent(w)
}

// ---- audittrail

func (a *api) auditJSON(besluitID string, row audit.Row) zgw.AuditEntry {
	res := a.env.URL(besluitPrefix + row.ResourceID)
	if row.Resource == "besluitinformatieobject" {
		res = a.env.URL(bioPrefix + row.ResourceID)
	}
	return zgw.NewAuditEntry("brc", a.env.URL(besluitPrefix+besluitID), res, row)
}

func (a *api) auditRows(r *http.Request) (string, []audit.Row, error) {
	if !client(r).HasScope(zgw.BRC, ScopeAudittrailsLezen) {
		return "", nil, zgw.PermissionDenied()
	}
	b, err := a.read(r, r.PathValue("uuid"), ScopeAudittrailsLezen)
	if err != nil {
		return "", nil, err
	}
	rows, err := audit.ForHoofdObject(r.Context(), a.env.DB.R, "BRC", b.ID)
	return b.ID, rows, err
}
