package zaken

import (
	"net/http"
	"time"

	"github.com/gemeenten/loket/internal/besluit"
	"github.com/gemeenten/loket/internal/document"
	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/zaak"
	"github.com/gemeenten/loket/internal/zgw"
)

// ---- Zaakinformatieobjecten (links kept by package document) ----

type zioJSON struct {
	URL                 string     `json:"url"`
	UUID                string     `json:"uuid"`
	Informatieobject    string     `json:"informatieobject"`
	Zaak                string     `json:"zaak"`
	AardRelatieWeergave string     `json:"aardRelatieWeergave"`
	Titel               string     `json:"titel"`
	Beschrijving        string     `json:"beschrijving"`
	Registratiedatum    time.Time  `json:"registratiedatum"`
	Vernietigingsdatum  *time.Time `json:"vernietigingsdatum"`
	Status              *string    `json:"status"`
}

// zrc-004: a zaak–informatieobject relation is always "hoort bij".
const aardHoortBij = "Hoort bij, omgekeerd: kent"

func (a *api) zioJSON(l document.ZaakLink) zioJSON {
	j := zioJSON{URL: a.url(pathZIO, l.ID), UUID: l.ID, Informatieobject: a.url(pathDocumenten, l.InformatieobjectID),
		Zaak: a.zaakURL(l.ZaakID), AardRelatieWeergave: aardHoortBij, Titel: l.Titel, Beschrijving: l.Beschrijving,
		Registratiedatum: l.Registratiedatum, Vernietigingsdatum: l.Vernietigingsdatum}
	if l.StatusID != "" {
		u := a.url(pathStatussen, l.StatusID)
		j.Status = &u
	}
	return j
}

// zioExtra reads status and vernietigingsdatum of a zaakinformatieobject:
// nil keeps the value (PATCH); whole (POST, PUT) clears what is absent.
// The status must be one of the zaak's (checked by package document).
func (a *api) zioExtra(b *zgw.Body, whole bool) (status *string, vernietiging *time.Time) {
	if u := b.Str("status"); u != nil {
		id := ""
		if *u != "" {
			id = a.ref(&b.F, "status", *u, pathStatussen, "status")
		}
		status = &id
	} else if whole {
		status = new(string)
	}
	vernietiging = b.Timestamp("vernietigingsdatum")
	if vernietiging == nil && whole {
		vernietiging = &time.Time{}
	}
	return status, vernietiging
}

func (a *api) listZIO(w http.ResponseWriter, r *http.Request) {
	if !zgw.RequireScope(w, r, zgw.ZRC, ScopeLezen) {
		return
	}
	if err := zgw.CheckQuery(r, "zaak", "informatieobject"); err != nil {
		a.fail(w, r, err)
		return
	}
	var lf document.LinkFilter
	q := r.URL.Query()
	none := false
	if u := q.Get("zaak"); u != "" {
		id, ok := a.env.ParseOwnURL(u, pathZaken)
		lf.ZaakID, none = id, !ok
	}
	if u := q.Get("informatieobject"); u != "" {
		id, ok := a.env.ParseOwnURL(u, pathDocumenten)
		lf.InformatieobjectID, none = id, none || !ok
	}
	out := []zioJSON{}
	if none {
		zgw.WriteJSON(w, r, http.StatusOK, out)
		return
	}
	links, err := a.docs.ListZaakLinks(r.Context(), lf)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	// Filter by the client's autorisaties, reading each zaak once.
	seen := map[string]bool{}
	for _, l := range links {
		ok, known := seen[l.ZaakID]
		if !known {
			z, err := a.zaakRef(r.Context(), l.ZaakID)
			if err != nil && !errs.Is(err, errs.NotFound) {
				a.fail(w, r, err)
				return
			}
			ok = err == nil && a.allows(r, z.ZaakTypeID, z.Vertrouwelijkheidaanduiding, ScopeLezen)
			seen[l.ZaakID] = ok
		}
		if ok {
			out = append(out, a.zioJSON(l))
		}
	}
	zgw.WriteJSON(w, r, http.StatusOK, out)
}

func (a *api) getZIO(w http.ResponseWriter, r *http.Request) {
	if !zgw.RequireScope(w, r, zgw.ZRC, ScopeLezen) {
		return
	}
	if err := zgw.CheckQuery(r); err != nil {
		a.fail(w, r, err)
		return
	}
	l, err := a.docs.GetZaakLink(r.Context(), r.PathValue("uuid"))
	if err == nil {
		err = a.readPart(r, l.ZaakID)
	}
	if err != nil {
		a.fail(w, r, err)
		return
	}
	zgw.WriteJSON(w, r, http.StatusOK, a.zioJSON(*l))
}

func (a *api) createZIO(w http.ResponseWriter, r *http.Request) {
	scopes := []string{ScopeAanmaken, ScopeBijwerken, ScopeGeforceerdBijwerken}
	if !zgw.RequireScope(w, r, zgw.ZRC, scopes...) {
		return
	}
	b, err := readBody(r)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	b.Require("zaak", "informatieobject")
	z, err := a.partZaak(r.Context(), &b.F, b.S("zaak"))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	// zrc-003: the informatieobject must exist; it is one of ours (the
	// Documenten API of this server), read without an HTTP round trip.
	ioID := a.ref(&b.F, "informatieobject", b.S("informatieobject"), pathDocumenten, "informatieobject")
	titel, beschrijving := b.S("titel"), b.S("beschrijving")
	status, vernietiging := a.zioExtra(b, true)
	if err := b.Err(); err != nil {
		a.fail(w, r, err)
		return
	}
	if _, err := a.writeCtx(r, z, scopes...); err != nil {
		a.fail(w, r, err)
		return
	}
	l, err := a.docs.LinkZaak(r.Context(), document.LinkInput{ZaakID: z.ID, InformatieobjectID: ioID, Titel: titel,
		Beschrijving: beschrijving, StatusID: *status, Vernietigingsdatum: vernietiging, Geforceerd: a.forced(r, z)})
	if err != nil {
		a.fail(w, r, err)
		return
	}
	zgw.WriteJSON(w, r, http.StatusCreated, a.zioJSON(*l))
}

func (a *api) updateZIO(w http.ResponseWriter, r *http.Request) {
	if !zgw.RequireScope(w, r, zgw.ZRC, writeScopes...) {
		return
	}
	cur, err := a.docs.GetZaakLink(r.Context(), r.PathValue("uuid"))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	z, err := a.zaakRef(r.Context(), cur.ZaakID)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if _, err := a.writeCtx(r, z, writeScopes...); err != nil {
		a.fail(w, r, err)
		return
	}
	b, err := readBody(r)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if r.Method == http.MethodPut {
		b.Require("zaak", "informatieobject")
	}
	// zrc-004: the relation itself cannot change.
	if u := b.S("zaak"); u != "" && u != a.zaakURL(cur.ZaakID) {
		b.F.Add("zaak", "wijzigen-niet-toegelaten", "De zaak van deze relatie kan niet worden gewijzigd.")
	}
	if u := b.S("informatieobject"); u != "" && u != a.url(pathDocumenten, cur.InformatieobjectID) {
		b.F.Add("informatieobject", "wijzigen-niet-toegelaten", "Het informatieobject van deze relatie kan niet worden gewijzigd.")
	}
	titel, beschrijving := b.Str("titel"), b.Str("beschrijving")
	if r.Method == http.MethodPut {
		empty := ""
		if titel == nil {
			titel = &empty
		}
		if beschrijving == nil {
			beschrijving = &empty
		}
	}
	status, vernietiging := a.zioExtra(b, r.Method == http.MethodPut)
	if err := b.Err(); err != nil {
		a.fail(w, r, err)
		return
	}
	l, err := a.docs.UpdateZaakLinkWith(r.Context(), cur.ID, document.LinkUpdate{Titel: titel, Beschrijving: beschrijving,
		StatusID: status, Vernietigingsdatum: vernietiging}, a.forced(r, z))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	zgw.WriteJSON(w, r, http.StatusOK, a.zioJSON(*l))
}

func (a *api) deleteZIO(w http.ResponseWriter, r *http.Request) {
	scopes := []string{ScopeBijwerken, ScopeGeforceerdBijwerken, ScopeVerwijderen}
	if !zgw.RequireScope(w, r, zgw.ZRC, scopes...) {
		return
	}
	cur, err := a.docs.GetZaakLink(r.Context(), r.PathValue("uuid"))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	z, err := a.zaakRef(r.Context(), cur.ZaakID)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if _, err := a.writeCtx(r, z, scopes...); err != nil {
		a.fail(w, r, err)
		return
	}
	if err := a.docs.UnlinkZaak(r.Context(), cur.ID, a.forced(r, z)); err != nil {
		a.fail(w, r, err)
		return
	}
	zgw.NoContent(w)
}

// ---- Zaakeigenschappen (nested) ----

type eigenschapJSON struct {
	URL        string `json:"url"`
	UUID       string `json:"uuid"`
	Zaak       string `json:"zaak"`
	Eigenschap string `json:"eigenschap"`
	Naam       string `json:"naam"`
	Waarde     string `json:"waarde"`
}

func (a *api) eigenschapJSON(e zaak.ZaakEigenschap) eigenschapJSON {
	return eigenschapJSON{URL: a.zaakURL(e.ZaakID) + "/zaakeigenschappen/" + e.ID, UUID: e.ID, Zaak: a.zaakURL(e.ZaakID),
		Eigenschap: a.url(pathEigenschappen, e.EigenschapID), Naam: e.Naam, Waarde: e.Waarde}
}

// nestedZaak reads the zaak of a nested route and checks scopes on it.
func (a *api) nestedZaak(r *http.Request, scopes ...string) (*zaak.Ref, error) {
	z, err := a.zaakRef(r.Context(), r.PathValue("uuid"))
	if err != nil {
		return nil, err
	}
	if !a.allows(r, z.ZaakTypeID, z.Vertrouwelijkheidaanduiding, scopes...) {
		return nil, zgw.PermissionDenied()
	}
	return z, nil
}

func (a *api) listEigenschappen(w http.ResponseWriter, r *http.Request) {
	if !zgw.RequireScope(w, r, zgw.ZRC, ScopeLezen) {
		return
	}
	if err := zgw.CheckQuery(r); err != nil {
		a.fail(w, r, err)
		return
	}
	z, err := a.nestedZaak(r, ScopeLezen)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	list, err := a.zaken.Eigenschappen(r.Context(), z.ID)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	out := make([]eigenschapJSON, 0, len(list))
	for _, e := range list {
		out = append(out, a.eigenschapJSON(e))
	}
	zgw.WriteJSON(w, r, http.StatusOK, out)
}

// nestedEigenschap loads a zaakeigenschap of the zaak in the path.
func (a *api) nestedEigenschap(r *http.Request, z *zaak.Ref) (*zaak.ZaakEigenschap, error) {
	e, err := a.zaken.GetEigenschap(r.Context(), r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	if e.ZaakID != z.ID {
		return nil, notFound("zaakeigenschap", r.PathValue("id"))
	}
	return e, nil
}

func (a *api) getEigenschap(w http.ResponseWriter, r *http.Request) {
	if !zgw.RequireScope(w, r, zgw.ZRC, ScopeLezen) {
		return
	}
	if err := zgw.CheckQuery(r); err != nil {
		a.fail(w, r, err)
		return
	}
	z, err := a.nestedZaak(r, ScopeLezen)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	e, err := a.nestedEigenschap(r, z)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	zgw.WriteJSON(w, r, http.StatusOK, a.eigenschapJSON(*e))
}

func (a *api) createEigenschap(w http.ResponseWriter, r *http.Request) {
	if !zgw.RequireScope(w, r, zgw.ZRC, writeScopes...) {
		return
	}
	z, err := a.zaakRef(r.Context(), r.PathValue("uuid"))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	ctx, err := a.writeCtx(r, z, writeScopes...)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	b, err := readBody(r)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	b.Require("zaak", "eigenschap", "waarde")
	if u := b.S("zaak"); u != "" && u != a.zaakURL(z.ID) {
		b.F.Add("zaak", "invalid", "De zaak moet de zaak uit het pad zijn.")
	}
	eID := a.ref(&b.F, "eigenschap", b.S("eigenschap"), pathEigenschappen, "eigenschap")
	if err := b.Err(); err != nil {
		a.fail(w, r, err)
		return
	}
	e, err := a.zaken.SetEigenschap(ctx, z.ID, eID, b.S("waarde"))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	zgw.WriteJSON(w, r, http.StatusCreated, a.eigenschapJSON(*e))
}

func (a *api) updateEigenschap(w http.ResponseWriter, r *http.Request) {
	if !zgw.RequireScope(w, r, zgw.ZRC, writeScopes...) {
		return
	}
	z, err := a.zaakRef(r.Context(), r.PathValue("uuid"))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	ctx, err := a.writeCtx(r, z, writeScopes...)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	cur, err := a.nestedEigenschap(r, z)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	b, err := readBody(r)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if r.Method == http.MethodPut {
		b.Require("zaak", "eigenschap", "waarde")
	}
	if u := b.S("zaak"); u != "" && u != a.zaakURL(z.ID) {
		b.F.Add("zaak", "wijzigen-niet-toegelaten", "De zaak van een zaakeigenschap kan niet worden gewijzigd.")
	}
	if u := b.S("eigenschap"); u != "" && u != a.url(pathEigenschappen, cur.EigenschapID) {
		b.F.Add("eigenschap", "wijzigen-niet-toegelaten", "De eigenschap van een zaakeigenschap kan niet worden gewijzigd.")
	}
	waarde := cur.Waarde
	if v := b.Str("waarde"); v != nil {
		waarde = *v
	}
	if err := b.Err(); err != nil {
		a.fail(w, r, err)
		return
	}
	e, err := a.zaken.UpdateEigenschap(ctx, cur.ID, waarde)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	zgw.WriteJSON(w, r, http.StatusOK, a.eigenschapJSON(*e))
}

func (a *api) deleteEigenschap(w http.ResponseWriter, r *http.Request) {
	if !zgw.RequireScope(w, r, zgw.ZRC, writeScopes...) {
		return
	}
	z, err := a.zaakRef(r.Context(), r.PathValue("uuid"))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	ctx, err := a.writeCtx(r, z, writeScopes...)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	cur, err := a.nestedEigenschap(r, z)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if err := a.zaken.RemoveEigenschap(ctx, cur.ID); err != nil {
		a.fail(w, r, err)
		return
	}
	zgw.NoContent(w)
}

// ---- Zaakbesluiten (nested; the besluit's zaak is the relation) ----

// In Loket a besluit refers to its zaak (besluiten.zaak_id), which the
// Besluiten API keeps (brc-006); a ZaakBesluit is that relation seen from
// the zaak, with the besluit's uuid as its own.

type zaakBesluitJSON struct {
	URL     string `json:"url"`
	UUID    string `json:"uuid"`
	Besluit string `json:"besluit"`
}

func (a *api) zaakBesluitJSON(zaakID string, b besluit.Besluit) zaakBesluitJSON {
	return zaakBesluitJSON{URL: a.zaakURL(zaakID) + "/besluiten/" + b.ID, UUID: b.ID, Besluit: a.url(pathBesluiten, b.ID)}
}

func (a *api) listZaakBesluiten(w http.ResponseWriter, r *http.Request) {
	if !zgw.RequireScope(w, r, zgw.ZRC, ScopeLezen) {
		return
	}
	if err := zgw.CheckQuery(r); err != nil {
		a.fail(w, r, err)
		return
	}
	z, err := a.nestedZaak(r, ScopeLezen)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	list, _, err := a.besluiten.List(r.Context(), besluit.Filter{ZaakID: z.ID, Limit: 10000})
	if err != nil {
		a.fail(w, r, err)
		return
	}
	out := make([]zaakBesluitJSON, 0, len(list))
	for _, b := range list {
		out = append(out, a.zaakBesluitJSON(z.ID, b))
	}
	zgw.WriteJSON(w, r, http.StatusOK, out)
}

// zaakBesluit loads the besluit id of the zaak z; NotFound when it is not
// (or no longer) the zaak's.
func (a *api) zaakBesluit(r *http.Request, z *zaak.Ref, id string) (*besluit.Besluit, error) {
	b, err := a.besluiten.Get(r.Context(), id)
	if err != nil {
		return nil, err
	}
	if b.ZaakID != z.ID {
		return nil, notFound("zaakbesluit", id)
	}
	return b, nil
}

func (a *api) getZaakBesluit(w http.ResponseWriter, r *http.Request) {
	if !zgw.RequireScope(w, r, zgw.ZRC, ScopeLezen) {
		return
	}
	if err := zgw.CheckQuery(r); err != nil {
		a.fail(w, r, err)
		return
	}
	z, err := a.nestedZaak(r, ScopeLezen)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	b, err := a.zaakBesluit(r, z, r.PathValue("id"))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	zgw.WriteJSON(w, r, http.StatusOK, a.zaakBesluitJSON(z.ID, *b))
}

// createZaakBesluit is how a Besluiten API elsewhere tells the zaak about a
// besluit. Loket's own Besluiten API already keeps the relation, so the
// besluit must exist here and refer to this zaak.
func (a *api) createZaakBesluit(w http.ResponseWriter, r *http.Request) {
	if !zgw.RequireScope(w, r, zgw.ZRC, ScopeBijwerken) {
		return
	}
	z, err := a.zaakRef(r.Context(), r.PathValue("uuid"))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if _, err := a.writeCtx(r, z, ScopeBijwerken); err != nil {
		a.fail(w, r, err)
		return
	}
	body, err := readBody(r)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	body.Require("besluit")
	id := a.ref(&body.F, "besluit", body.S("besluit"), pathBesluiten, "besluit")
	if err := body.Err(); err != nil {
		a.fail(w, r, err)
		return
	}
	b, err := a.besluiten.Get(r.Context(), id)
	if errs.Is(err, errs.NotFound) {
		a.fail(w, r, errs.InvalidField("besluit", "does_not_exist", "Dit besluit bestaat niet."))
		return
	}
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if b.ZaakID != z.ID {
		a.fail(w, r, errs.InvalidField("besluit", "inconsistent-relation",
			"Het besluit hoort niet bij deze zaak; leg de relatie vast in de Besluiten API (besluit.zaak)."))
		return
	}
	zgw.WriteJSON(w, r, http.StatusCreated, a.zaakBesluitJSON(z.ID, *b))
}

// deleteZaakBesluit: the relation is removed through the Besluiten API
// (besluit.zaak); while it exists there it cannot be removed here.
func (a *api) deleteZaakBesluit(w http.ResponseWriter, r *http.Request) {
	if !zgw.RequireScope(w, r, zgw.ZRC, ScopeBijwerken) {
		return
	}
	z, err := a.zaakRef(r.Context(), r.PathValue("uuid"))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if _, err := a.writeCtx(r, z, ScopeBijwerken); err != nil {
		a.fail(w, r, err)
		return
	}
	if _, err := a.zaakBesluit(r, z, r.PathValue("id")); err != nil {
		a.fail(w, r, err)
		return
	}
	a.fail(w, r, errs.E(errs.Conflict, "inconsistent-relation",
		"Het besluit verwijst nog naar deze zaak; verwijder eerst de zaak bij het besluit in de Besluiten API."))
}

// ---- Klantcontacten (deprecated) ----

type klantContactJSON struct {
	URL           string    `json:"url"`
	UUID          string    `json:"uuid"`
	Zaak          string    `json:"zaak"`
	Identificatie string    `json:"identificatie"`
	Datumtijd     time.Time `json:"datumtijd"`
	Kanaal        string    `json:"kanaal"`
	Onderwerp     string    `json:"onderwerp"`
	Toelichting   string    `json:"toelichting"`
}

func (a *api) klantContactJSON(k zaak.KlantContact) klantContactJSON {
	return klantContactJSON{URL: a.url(pathKlantcontact, k.ID), UUID: k.ID, Zaak: a.zaakURL(k.ZaakID),
		Identificatie: k.Identificatie, Datumtijd: k.Datumtijd, Kanaal: k.Kanaal, Onderwerp: k.Onderwerp,
		Toelichting: k.Toelichting}
}

func (a *api) listKlantContacten(w http.ResponseWriter, r *http.Request) {
	page, ok := a.beginList(w, r, "zaak", "page")
	if !ok {
		return
	}
	var f errs.Fields
	pf := a.partFilter(r, &f)
	pf.Page = page
	list, n, err := a.zaken.APIKlantContacten(r.Context(), pf)
	out := make([]klantContactJSON, 0, len(list))
	for _, k := range list {
		out = append(out, a.klantContactJSON(k))
	}
	a.writePage(w, r, n, page, out, err)
}

func (a *api) getKlantContact(w http.ResponseWriter, r *http.Request) {
	if !zgw.RequireScope(w, r, zgw.ZRC, ScopeLezen) {
		return
	}
	if err := zgw.CheckQuery(r); err != nil {
		a.fail(w, r, err)
		return
	}
	k, err := a.zaken.GetKlantContact(r.Context(), r.PathValue("uuid"))
	if err == nil {
		err = a.readPart(r, k.ZaakID)
	}
	if err != nil {
		a.fail(w, r, err)
		return
	}
	zgw.WriteJSON(w, r, http.StatusOK, a.klantContactJSON(*k))
}

func (a *api) createKlantContact(w http.ResponseWriter, r *http.Request) {
	if !zgw.RequireScope(w, r, zgw.ZRC, writeScopes...) {
		return
	}
	b, err := readBody(r)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	b.Require("zaak", "datumtijd")
	z, err := a.partZaak(r.Context(), &b.F, b.S("zaak"))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	in := zaak.KlantContact{Identificatie: b.S("identificatie"), Kanaal: b.S("kanaal"), Onderwerp: b.S("onderwerp"),
		Toelichting: b.S("toelichting")}
	if t := b.Timestamp("datumtijd"); t != nil {
		in.Datumtijd = *t
	}
	if err := b.Err(); err != nil {
		a.fail(w, r, err)
		return
	}
	ctx, err := a.writeCtx(r, z, writeScopes...)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	k, err := a.zaken.AddKlantContact(ctx, z.ID, in)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	zgw.WriteJSON(w, r, http.StatusCreated, a.klantContactJSON(*k))
}
