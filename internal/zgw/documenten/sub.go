package documenten

import (
	"net/http"
	"strings"
	"time"

	"github.com/gemeenten/loket/internal/audit"
	"github.com/gemeenten/loket/internal/document"
	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/zgw"
)

// ---- gebruiksrechten

type gebruiksrechtJSON struct {
	URL                     string     `json:"url"`
	Informatieobject        string     `json:"informatieobject"`
	Startdatum              time.Time  `json:"startdatum"`
	Einddatum               *time.Time `json:"einddatum"`
	OmschrijvingVoorwaarden string     `json:"omschrijvingVoorwaarden"`
}

func (a *api) gebruiksrechtJSON(g *document.Gebruiksrecht) gebruiksrechtJSON {
	return gebruiksrechtJSON{URL: a.env.URL(Prefix + "/gebruiksrechten/" + g.ID), Informatieobject: a.eioURL(g.InformatieobjectID),
		Startdatum: g.Startdatum, Einddatum: g.Einddatum, OmschrijvingVoorwaarden: g.OmschrijvingVoorwaarden}
}

func (a *api) listGebruiksrechten(w http.ResponseWriter, r *http.Request) {
	names := []string{"informatieobject", "expand"}
	for _, c := range []string{"startdatum", "einddatum"} {
		for _, op := range []string{"lt", "lte", "gt", "gte"} {
			names = append(names, c+"__"+op)
		}
	}
	if err := zgw.CheckQuery(r, names...); err != nil {
		a.fail(w, r, err)
		return
	}
	if !zgw.RequireScope(w, r, zgw.DRC, ScopeLezen) {
		return
	}
	q := r.URL.Query()
	var b body
	f := document.GebruiksrechtFilter{Access: a.access(r, ScopeLezen)}
	if v := q.Get("informatieobject"); v != "" {
		if f.InformatieobjectID = a.docID(&b, "informatieobject", v); f.InformatieobjectID == "" {
			zgw.WriteJSON(w, r, http.StatusOK, []gebruiksrechtJSON{})
			return
		}
	}
	for _, c := range []struct {
		name string
		dst  *time.Time
	}{
		{"startdatum__lt", &f.StartdatumLt}, {"startdatum__lte", &f.StartdatumLte}, {"startdatum__gt", &f.StartdatumGt},
		{"startdatum__gte", &f.StartdatumGte}, {"einddatum__lt", &f.EinddatumLt}, {"einddatum__lte", &f.EinddatumLte},
		{"einddatum__gt", &f.EinddatumGt}, {"einddatum__gte", &f.EinddatumGte},
	} {
		if v := q.Get(c.name); v != "" {
			t, err := parseDateTime(v)
			if err != nil {
				b.F.Add(c.name, "invalid", "Verwacht een datum en tijd (ISO 8601).")
				continue
			}
			*c.dst = t
		}
	}
	if err := b.Err(); err != nil {
		a.fail(w, r, err)
		return
	}
	t, err := parseExpand(q.Get("expand"), "informatieobject")
	if err != nil {
		a.fail(w, r, err)
		return
	}
	list, err := a.docs.ListGebruiksrechten(r.Context(), f)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	out := make([]any, 0, len(list))
	for i := range list {
		out = append(out, a.gebruiksrechtJSON(&list[i]))
	}
	a.writeList(w, r, out, t)
}

func (a *api) gebruiksrechten() subresource[document.Gebruiksrecht, gebruiksrechtJSON] {
	return subresource[document.Gebruiksrecht, gebruiksrechtJSON]{a: a, get: a.docs.GetGebruiksrecht,
		ids:  func(g *document.Gebruiksrecht) (string, string) { return g.ID, g.InformatieobjectID },
		json: a.gebruiksrechtJSON, del: a.docs.DeleteGebruiksrecht}
}

// readGebruiksrecht loads one with the client's right on its document.
func (a *api) readGebruiksrecht(r *http.Request, scopes ...string) (*document.Gebruiksrecht, *document.Document, error) {
	return a.gebruiksrechten().read(r, scopes...)
}

func (a *api) getGebruiksrecht(w http.ResponseWriter, r *http.Request) {
	a.gebruiksrechten().getH(w, r)
}

func (a *api) readGebruiksrechtBody(b *body, cur *document.Gebruiksrecht, full bool) document.GebruiksrechtInput {
	if full {
		b.Require("informatieobject", "startdatum", "omschrijvingVoorwaarden")
	}
	in := document.GebruiksrechtInput{}
	if cur != nil {
		in = document.GebruiksrechtInput{InformatieobjectID: cur.InformatieobjectID, Startdatum: cur.Startdatum,
			Einddatum: cur.Einddatum, OmschrijvingVoorwaarden: cur.OmschrijvingVoorwaarden}
	}
	if v := b.Str("informatieobject"); v != nil && *v != "" {
		in.InformatieobjectID = a.docID(b, "informatieobject", *v)
	}
	if t := b.Timestamp("startdatum"); t != nil {
		in.Startdatum = *t
	}
	if b.Has("einddatum") {
		in.Einddatum = nil
		if t := b.Timestamp("einddatum"); t != nil && !t.IsZero() {
			in.Einddatum = t
		}
	}
	if v := b.Str("omschrijvingVoorwaarden"); v != nil {
		in.OmschrijvingVoorwaarden = *v
	}
	return in
}

func (a *api) createGebruiksrecht(w http.ResponseWriter, r *http.Request) {
	b := zgw.CreateBody(w, r, zgw.DRC, ScopeAanmaken)
	if b == nil {
		return
	}
	in := a.readGebruiksrechtBody(b, nil, true)
	if err := b.Err(); err != nil {
		a.fail(w, r, err)
		return
	}
	d, err := a.docs.Get(r.Context(), in.InformatieobjectID, 0)
	if errs.Is(err, errs.NotFound) {
		a.fail(w, r, errs.InvalidField("informatieobject", "does_not_exist", "Dit informatieobject bestaat niet."))
		return
	}
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if !a.allowsDoc(r, d, ScopeAanmaken) {
		a.fail(w, r, zgw.PermissionDenied())
		return
	}
	g, err := a.docs.CreateGebruiksrecht(r.Context(), in)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	j := a.gebruiksrechtJSON(g)
	zgw.WriteCreated(w, r, j.URL, j)
}

func (a *api) updateGebruiksrecht(w http.ResponseWriter, r *http.Request) {
	cur, b, err := a.gebruiksrechten().readToUpdate(r)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	in := a.readGebruiksrechtBody(b, cur, r.Method == http.MethodPut)
	if err := b.Err(); err != nil {
		a.fail(w, r, err)
		return
	}
	g, err := a.docs.UpdateGebruiksrecht(r.Context(), cur.ID, in)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	zgw.WriteJSON(w, r, http.StatusOK, a.gebruiksrechtJSON(g))
}

func (a *api) deleteGebruiksrecht(w http.ResponseWriter, r *http.Request) {
	a.gebruiksrechten().deleteH(w, r)
}

// ---- objectinformatieobjecten

type oioJSON struct {
	URL              string `json:"url"`
	Informatieobject string `json:"informatieobject"`
	Object           string `json:"object"`
	ObjectType       string `json:"objectType"`
}

func (a *api) oioJSON(o *document.ObjectLink) oioJSON {
	obj := a.env.URL(zaakPrefix + o.ObjectID)
	if o.ObjectType == "besluit" {
		obj = a.env.URL(besluitPrefix + o.ObjectID)
	}
	return oioJSON{URL: a.env.URL(Prefix + "/objectinformatieobjecten/" + o.ID), Informatieobject: a.eioURL(o.InformatieobjectID),
		Object: obj, ObjectType: o.ObjectType}
}

// objectRef parses an object URL of this server: a zaak or a besluit.
func (a *api) objectRef(u string) (typ, id string, ok bool) {
	if id, ok := a.env.ParseOwnURL(u, zaakPrefix); ok {
		return "zaak", id, true
	}
	if id, ok := a.env.ParseOwnURL(u, besluitPrefix); ok {
		return "besluit", id, true
	}
	return "", "", false
}

func (a *api) listOIO(w http.ResponseWriter, r *http.Request) {
	if err := zgw.CheckQuery(r, "object", "informatieobject", "expand"); err != nil {
		a.fail(w, r, err)
		return
	}
	if !zgw.RequireScope(w, r, zgw.DRC, ScopeLezen) {
		return
	}
	q := r.URL.Query()
	t, err := parseExpand(q.Get("expand"), "informatieobject")
	if err != nil {
		a.fail(w, r, err)
		return
	}
	f := document.ObjectLinkFilter{Access: a.access(r, ScopeLezen)}
	xf := document.ExternObjectLinkFilter{Access: f.Access}
	none, local, extern := false, true, true
	if v := q.Get("object"); v != "" {
		typ, id, ok := a.objectRef(v)
		f.ObjectType, f.ObjectID = typ, id
		// An object of this server has only local relations; any other
		// URL only relations registered by another server.
		local, extern, xf.ObjectURL = ok, !ok, v
	}
	if v := q.Get("informatieobject"); v != "" {
		id, ok := a.env.ParseOwnURL(v, eioPrefix)
		f.InformatieobjectID, xf.InformatieobjectID, none = id, id, none || !ok
	}
	if none {
		zgw.WriteJSON(w, r, http.StatusOK, []oioJSON{})
		return
	}
	out := []any{}
	if local {
		list, err := a.docs.ListObjectLinks(r.Context(), f)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		for i := range list {
			out = append(out, a.oioJSON(&list[i]))
		}
	}
	if extern {
		list, err := a.docs.ListExternObjectLinks(r.Context(), xf)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		for i := range list {
			out = append(out, a.externOIOJSON(&list[i]))
		}
	}
	a.writeList(w, r, out, t)
}

func (a *api) readOIO(r *http.Request, scopes ...string) (*document.ObjectLink, error) {
	s := subresource[document.ObjectLink, oioJSON]{a: a, get: a.docs.GetObjectLink,
		ids: func(o *document.ObjectLink) (string, string) { return o.ID, o.InformatieobjectID }}
	o, _, err := s.read(r, scopes...)
	return o, err
}

func (a *api) getOIO(w http.ResponseWriter, r *http.Request) {
	if err := zgw.CheckQuery(r, "expand"); err != nil {
		a.fail(w, r, err)
		return
	}
	t, err := parseExpand(r.URL.Query().Get("expand"), "informatieobject")
	if err != nil {
		a.fail(w, r, err)
		return
	}
	o, err := a.readOIO(r, ScopeLezen)
	if errs.Is(err, errs.NotFound) {
		if l, xerr := a.readExternOIO(r, ScopeLezen); !errs.Is(xerr, errs.NotFound) {
			if xerr != nil {
				a.fail(w, r, xerr)
				return
			}
			a.writeOne(w, r, http.StatusOK, a.externOIOJSON(l), t)
			return
		}
	}
	if err != nil {
		a.fail(w, r, err)
		return
	}
	a.writeOne(w, r, http.StatusOK, a.oioJSON(o), t)
}

func (a *api) createOIO(w http.ResponseWriter, r *http.Request) {
	b := zgw.CreateBody(w, r, zgw.DRC, ScopeAanmaken)
	if b == nil {
		return
	}
	b.Require("informatieobject", "object", "objectType")
	objectType := b.S("objectType")
	if objectType != "" && objectType != "zaak" && objectType != "besluit" && objectType != "verzoek" {
		b.F.Add("objectType", "invalid_choice", "ObjectType moet zaak, besluit of verzoek zijn.")
	}
	ioID := a.docID(b, "informatieobject", b.S("informatieobject"))
	var objID, remote string
	if u := b.S("object"); u != "" {
		typ, id, ok := a.objectRef(u)
		switch {
		case !ok:
			// Another server's object: fetched and checked below.
			remote = u
		case objectType != "" && typ != objectType:
			b.F.Add("object", "invalid-resource", "Het object is geen "+objectType+".")
		default:
			objID = id
		}
	}
	if err := b.Err(); err != nil {
		a.fail(w, r, err)
		return
	}
	if _, err := a.readDoc(r, ioID, ScopeAanmaken); err != nil {
		if errs.Is(err, errs.NotFound) {
			err = errs.InvalidField("informatieobject", "does_not_exist", "Dit informatieobject bestaat niet.")
		}
		a.fail(w, r, err)
		return
	}
	if remote != "" {
		a.createExternOIO(w, r, objectType, remote, ioID)
		return
	}
	o, err := a.docs.RegisterObjectLink(r.Context(), objectType, objID, ioID)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	j := a.oioJSON(o)
	zgw.WriteCreated(w, r, j.URL, j)
}

func (a *api) deleteOIO(w http.ResponseWriter, r *http.Request) {
	if err := zgw.CheckQuery(r); err != nil {
		a.fail(w, r, err)
		return
	}
	o, err := a.readOIO(r, ScopeVerwijderen)
	if errs.Is(err, errs.NotFound) {
		if l, xerr := a.readExternOIO(r, ScopeVerwijderen); !errs.Is(xerr, errs.NotFound) {
			if xerr != nil {
				a.fail(w, r, xerr)
				return
			}
			a.deleteExternOIO(w, r, l)
			return
		}
	}
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if err := a.docs.RemoveObjectLink(r.Context(), o.ID); err != nil {
		a.fail(w, r, err)
		return
	}
	zgw.NoContent(w)
}

// ---- verzendingen

type verzendingJSON struct {
	URL                             string                             `json:"url"`
	Betrokkene                      string                             `json:"betrokkene"`
	Informatieobject                string                             `json:"informatieobject"`
	AardRelatie                     string                             `json:"aardRelatie"`
	Toelichting                     string                             `json:"toelichting"`
	Ontvangstdatum                  *string                            `json:"ontvangstdatum"`
	Verzenddatum                    *string                            `json:"verzenddatum"`
	ContactPersoon                  string                             `json:"contactPersoon"`
	Contactpersoonnaam              string                             `json:"contactpersoonnaam"`
	BinnenlandsCorrespondentieadres *document.BinnenlandsAdres         `json:"binnenlandsCorrespondentieadres"`
	BuitenlandsCorrespondentieadres *document.BuitenlandsAdres         `json:"buitenlandsCorrespondentieadres"`
	CorrespondentiePostadres        *document.CorrespondentiePostadres `json:"correspondentiePostadres"`
	Faxnummer                       *string                            `json:"faxnummer"`
	Emailadres                      *string                            `json:"emailadres"`
	MijnOverheid                    bool                               `json:"mijnOverheid"`
	Telefoonnummer                  *string                            `json:"telefoonnummer"`
}

func strPtr(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func (a *api) verzendingJSON(v *document.Verzending) verzendingJSON {
	return verzendingJSON{URL: a.env.URL(Prefix + "/verzendingen/" + v.ID), Betrokkene: v.Betrokkene,
		Informatieobject: a.eioURL(v.InformatieobjectID), AardRelatie: v.AardRelatie, Toelichting: v.Toelichting,
		Ontvangstdatum: datePtr(v.Ontvangstdatum), Verzenddatum: datePtr(v.Verzenddatum), ContactPersoon: v.ContactPersoon,
		Contactpersoonnaam: v.Contactpersoonnaam, BinnenlandsCorrespondentieadres: v.BinnenlandsCorrespondentieadres,
		BuitenlandsCorrespondentieadres: v.BuitenlandsCorrespondentieadres, CorrespondentiePostadres: v.CorrespondentiePostadres,
		Faxnummer: strPtr(v.Faxnummer), Emailadres: strPtr(v.Emailadres), MijnOverheid: v.MijnOverheid,
		Telefoonnummer: strPtr(v.Telefoonnummer)}
}

func (a *api) listVerzendingen(w http.ResponseWriter, r *http.Request) {
	if err := zgw.CheckQuery(r, "aardRelatie", "informatieobject", "betrokkene", "expand", "page"); err != nil {
		a.fail(w, r, err)
		return
	}
	if !zgw.RequireScope(w, r, zgw.DRC, ScopeLezen) {
		return
	}
	page, err := zgw.PageParam(r)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	q := r.URL.Query()
	t, err := parseExpand(q.Get("expand"), "informatieobject")
	if err != nil {
		a.fail(w, r, err)
		return
	}
	f := document.VerzendingFilter{AardRelatie: q.Get("aardRelatie"), Betrokkene: q.Get("betrokkene"),
		Access: a.access(r, ScopeLezen), Limit: PageSize, Offset: (page - 1) * PageSize}
	if v := q.Get("informatieobject"); v != "" {
		id, ok := a.env.ParseOwnURL(v, eioPrefix)
		if !ok {
			zgw.WriteJSON(w, r, http.StatusOK, zgw.NewPage(r, a.env, 0, 1, PageSize, []verzendingJSON{}))
			return
		}
		f.InformatieobjectID = id
	}
	list, total, err := a.docs.ListVerzendingen(r.Context(), f)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if err := zgw.CheckPage(total, page, PageSize); err != nil {
		a.fail(w, r, err)
		return
	}
	out := make([]any, 0, len(list))
	for i := range list {
		out = append(out, a.verzendingJSON(&list[i]))
	}
	if out, err = a.expandAll(r, out, t); err != nil {
		a.fail(w, r, err)
		return
	}
	zgw.WriteJSON(w, r, http.StatusOK, zgw.NewPage(r, a.env, total, page, PageSize, out))
}

func (a *api) verzendingen() subresource[document.Verzending, verzendingJSON] {
	return subresource[document.Verzending, verzendingJSON]{a: a, get: a.docs.GetVerzending,
		ids:  func(v *document.Verzending) (string, string) { return v.ID, v.InformatieobjectID },
		json: a.verzendingJSON, del: a.docs.DeleteVerzending}
}

func (a *api) readVerzending(r *http.Request, scopes ...string) (*document.Verzending, error) {
	v, _, err := a.verzendingen().read(r, scopes...)
	return v, err
}

func (a *api) getVerzending(w http.ResponseWriter, r *http.Request) { a.verzendingen().getH(w, r) }

// readVerzendingBody applies the request to cur (a PATCH) or to an empty
// verzending (POST, PUT). A null or empty address field clears it.
func (a *api) readVerzendingBody(b *body, cur document.Verzending, full bool) document.Verzending {
	if full {
		b.Require("betrokkene", "informatieobject", "aardRelatie")
	}
	v := cur
	if p := b.Str("betrokkene"); p != nil {
		v.Betrokkene = *p
	}
	if p := b.Str("informatieobject"); p != nil && *p != "" {
		v.InformatieobjectID = a.docID(b, "informatieobject", *p)
	}
	if p := b.Str("aardRelatie"); p != nil {
		v.AardRelatie = *p
	}
	for _, s := range []struct {
		k   string
		dst *string
	}{{"toelichting", &v.Toelichting}, {"contactPersoon", &v.ContactPersoon}, {"contactpersoonnaam", &v.Contactpersoonnaam},
		{"faxnummer", &v.Faxnummer}, {"emailadres", &v.Emailadres}, {"telefoonnummer", &v.Telefoonnummer}} {
		if p := b.Str(s.k); p != nil {
			*s.dst = strings.TrimSpace(*p)
		}
	}
	if d := b.Date("ontvangstdatum"); d != nil {
		v.Ontvangstdatum = *d
	}
	if d := b.Date("verzenddatum"); d != nil {
		v.Verzenddatum = *d
	}
	if p := b.Bool("mijnOverheid"); p != nil {
		v.MijnOverheid = *p
	}
	if b.Has("binnenlandsCorrespondentieadres") {
		v.BinnenlandsCorrespondentieadres = nil
		var x document.BinnenlandsAdres
		if b.Into("binnenlandsCorrespondentieadres", &x) {
			v.BinnenlandsCorrespondentieadres = &x
		}
	}
	if b.Has("buitenlandsCorrespondentieadres") {
		v.BuitenlandsCorrespondentieadres = nil
		var x document.BuitenlandsAdres
		if b.Into("buitenlandsCorrespondentieadres", &x) {
			v.BuitenlandsCorrespondentieadres = &x
		}
	}
	if b.Has("correspondentiePostadres") {
		v.CorrespondentiePostadres = nil
		var x document.CorrespondentiePostadres
		if b.Into("correspondentiePostadres", &x) {
			v.CorrespondentiePostadres = &x
		}
	}
	return v
}

func (a *api) createVerzending(w http.ResponseWriter, r *http.Request) {
	b := zgw.CreateBody(w, r, zgw.DRC, ScopeAanmaken)
	if b == nil {
		return
	}
	v := a.readVerzendingBody(b, document.Verzending{}, true)
	if err := b.Err(); err != nil {
		a.fail(w, r, err)
		return
	}
	if _, err := a.readDoc(r, v.InformatieobjectID, ScopeAanmaken); err != nil {
		if errs.Is(err, errs.NotFound) {
			err = errs.InvalidField("informatieobject", "does_not_exist", "Dit informatieobject bestaat niet.")
		}
		a.fail(w, r, err)
		return
	}
	out, err := a.docs.CreateVerzending(r.Context(), v)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	j := a.verzendingJSON(out)
	zgw.WriteCreated(w, r, j.URL, j)
}

func (a *api) updateVerzending(w http.ResponseWriter, r *http.Request) {
	cur, b, err := a.verzendingen().readToUpdate(r)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	full := r.Method == http.MethodPut
	start := *cur
	if full {
		start = document.Verzending{ID: cur.ID}
	}
	v := a.readVerzendingBody(b, start, full)
	if err := b.Err(); err != nil {
		a.fail(w, r, err)
		return
	}
	if v.InformatieobjectID != cur.InformatieobjectID {
		if _, err := a.readDoc(r, v.InformatieobjectID, ScopeBijwerken); err != nil {
			if errs.Is(err, errs.NotFound) {
				err = errs.InvalidField("informatieobject", "does_not_exist", "Dit informatieobject bestaat niet.")
			}
			a.fail(w, r, err)
			return
		}
	}
	out, err := a.docs.UpdateVerzending(r.Context(), cur.ID, v)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	zgw.WriteJSON(w, r, http.StatusOK, a.verzendingJSON(out))
}

func (a *api) deleteVerzending(w http.ResponseWriter, r *http.Request) {
	a.verzendingen().deleteH(w, r)
}

// ---- audittrail

var subPaths = map[string]string{"gebruiksrechten": "/gebruiksrechten/", "verzending": "/verzendingen/"}

func (a *api) auditJSON(docID string, row audit.Row) zgw.AuditEntry {
	res := a.eioURL(row.ResourceID)
	if p, ok := subPaths[row.Resource]; ok {
		res = a.env.URL(Prefix + p + row.ResourceID)
	}
	return zgw.NewAuditEntry("drc", a.eioURL(docID), res, row)
}

// auditRows reads the trail of a document. A change to a document that
// belongs to several zaken is recorded once per zaak (so that each zaak's
// history shows it); the document's own trail shows it once.
func (a *api) auditRows(r *http.Request) (string, []audit.Row, error) {
	if !client(r).HasScope(zgw.DRC, ScopeAudittrailsLezen) {
		return "", nil, zgw.PermissionDenied()
	}
	d, err := a.readDoc(r, r.PathValue("uuid"), ScopeAudittrailsLezen)
	if err != nil {
		return "", nil, err
	}
	rows, err := audit.ForHoofdObject(r.Context(), a.env.DB.R, "DRC", d.ID)
	if err != nil {
		return "", nil, err
	}
	out := rows[:0]
	for i, row := range rows {
		if i > 0 {
			p := rows[i-1]
			if p.At.Equal(row.At) && p.Resource == row.Resource && p.ResourceID == row.ResourceID && p.Actie == row.Actie {
				continue
			}
		}
		out = append(out, row)
	}
	return d.ID, out, nil
}
