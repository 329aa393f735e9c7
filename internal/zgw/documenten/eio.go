package documenten

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/document"
	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/zgw"
)

type partJSON struct {
	URL        string `json:"url"`
	Volgnummer int    `json:"volgnummer"`
	Omvang     int64  `json:"omvang"`
	Voltooid   bool   `json:"voltooid"`
	Lock       string `json:"lock"`
}

type ondertekeningJSON struct {
	Soort string `json:"soort"`
	Datum string `json:"datum"`
}

type integriteitJSON struct {
	Algoritme string `json:"algoritme"`
	Waarde    string `json:"waarde"`
	Datum     string `json:"datum"`
}

type eioJSON struct {
	URL                         string             `json:"url"`
	Identificatie               string             `json:"identificatie"`
	Bronorganisatie             string             `json:"bronorganisatie"`
	Creatiedatum                string             `json:"creatiedatum"`
	Titel                       string             `json:"titel"`
	Vertrouwelijkheidaanduiding string             `json:"vertrouwelijkheidaanduiding"`
	Auteur                      string             `json:"auteur"`
	Status                      string             `json:"status"`
	Formaat                     string             `json:"formaat"`
	Taal                        string             `json:"taal"`
	Versie                      int                `json:"versie"`
	BeginRegistratie            time.Time          `json:"beginRegistratie"`
	Bestandsnaam                string             `json:"bestandsnaam"`
	Inhoud                      *string            `json:"inhoud"`
	Bestandsomvang              *int64             `json:"bestandsomvang"`
	Link                        string             `json:"link"`
	Beschrijving                string             `json:"beschrijving"`
	Ontvangstdatum              *string            `json:"ontvangstdatum"`
	Verzenddatum                *string            `json:"verzenddatum"`
	IndicatieGebruiksrecht      *bool              `json:"indicatieGebruiksrecht"`
	Verschijningsvorm           string             `json:"verschijningsvorm"`
	Ondertekening               *ondertekeningJSON `json:"ondertekening"`
	Integriteit                 *integriteitJSON   `json:"integriteit"`
	Informatieobjecttype        string             `json:"informatieobjecttype"`
	Locked                      bool               `json:"locked"`
	Bestandsdelen               []partJSON         `json:"bestandsdelen"`
	Trefwoorden                 []string           `json:"trefwoorden"`
}

func datePtr(d date.Date) *string {
	if d.IsZero() {
		return nil
	}
	s := d.String()
	return &s
}

// eioJSON renders a version. parts are the object's bestandsdelen; lock is
// shown in them only to the client that holds it (the answer to its own
// create or update).
func (a *api) eioJSON(d *document.Document, parts []document.Part, lock string) eioJSON {
	j := eioJSON{
		URL: a.eioURL(d.ID), Identificatie: d.Identificatie, Bronorganisatie: d.Bronorganisatie,
		Creatiedatum: d.Creatiedatum.String(), Titel: d.Titel, Vertrouwelijkheidaanduiding: d.Vertrouwelijkheidaanduiding,
		Auteur: d.Auteur, Status: d.Status, Formaat: d.Formaat, Taal: d.Taal, Versie: d.Versie,
		BeginRegistratie: d.BeginRegistratie.UTC(), Bestandsnaam: d.Bestandsnaam, Link: d.Link,
		Beschrijving: d.Beschrijving, Ontvangstdatum: datePtr(d.Ontvangstdatum), Verzenddatum: datePtr(d.Verzenddatum),
		IndicatieGebruiksrecht: d.IndicatieGebruiksrecht, Verschijningsvorm: d.Verschijningsvorm,
		Informatieobjecttype: a.iotURL(d.InformatieobjecttypeID), Locked: d.Locked,
		Bestandsdelen: []partJSON{}, Trefwoorden: d.Trefwoorden,
	}
	if j.Trefwoorden == nil {
		j.Trefwoorden = []string{}
	}
	size := d.Bestandsomvang
	j.Bestandsomvang = &size
	if d.HasContent() {
		u := a.eioURL(d.ID) + "/download?versie=" + strconv.Itoa(d.Versie)
		j.Inhoud = &u
	}
	if o := d.Ondertekening; o != nil {
		j.Ondertekening = &ondertekeningJSON{Soort: o.Soort, Datum: o.Datum.String()}
	}
	if i := d.Integriteit; i != nil {
		j.Integriteit = &integriteitJSON{Algoritme: i.Algoritme, Waarde: i.Waarde, Datum: i.Datum.String()}
	}
	for _, p := range parts {
		j.Bestandsdelen = append(j.Bestandsdelen, partJSON{URL: a.env.URL(Prefix + "/bestandsdelen/" + p.ID),
			Volgnummer: p.Volgnummer, Omvang: p.Omvang, Voltooid: p.Voltooid, Lock: lock})
	}
	return j
}

func (a *api) renderOne(ctx context.Context, d *document.Document, lock string) (eioJSON, error) {
	var parts []document.Part
	if d.Locked {
		var err error
		if parts, err = a.docs.Parts(ctx, d.ID); err != nil {
			return eioJSON{}, err
		}
	}
	return a.eioJSON(d, parts, lock), nil
}

func (a *api) renderList(ctx context.Context, docs []document.Document) ([]eioJSON, error) {
	var locked []string
	for _, d := range docs {
		if d.Locked {
			locked = append(locked, d.ID)
		}
	}
	parts, err := a.docs.PartsOf(ctx, locked)
	if err != nil {
		return nil, err
	}
	out := make([]eioJSON, 0, len(docs))
	for i := range docs {
		out = append(out, a.eioJSON(&docs[i], parts[docs[i].ID], ""))
	}
	return out, nil
}

func (a *api) listEIO(w http.ResponseWriter, r *http.Request) {
	if err := zgw.CheckQuery(r, "identificatie", "bronorganisatie", "trefwoorden", "expand", "page"); err != nil {
		a.fail(w, r, err)
		return
	}
	if !zgw.RequireScope(w, r, zgw.DRC, ScopeLezen) {
		return
	}
	q := r.URL.Query()
	f := document.Filter{Identificatie: q.Get("identificatie"), Bronorganisatie: q.Get("bronorganisatie"),
		Trefwoorden: splitComma(q.Get("trefwoorden")), Access: a.access(r, ScopeLezen)}
	a.respondList(w, r, f, q.Get("expand"))
}

func (a *api) respondList(w http.ResponseWriter, r *http.Request, f document.Filter, expand string) {
	t, err := parseExpand(expand, "informatieobjecttype")
	if err != nil {
		a.fail(w, r, err)
		return
	}
	page, err := zgw.PageParam(r)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	f.Limit, f.Offset = PageSize, (page-1)*PageSize
	docs, total, err := a.docs.List(r.Context(), f)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if err := zgw.CheckPage(total, page, PageSize); err != nil {
		a.fail(w, r, err)
		return
	}
	out, err := a.renderList(r.Context(), docs)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	var results any = out
	if len(t) > 0 {
		list := make([]any, len(out))
		for i := range out {
			list[i] = out[i]
		}
		if results, err = a.expandAll(r, list, t); err != nil {
			a.fail(w, r, err)
			return
		}
	}
	zgw.WriteJSON(w, r, http.StatusOK, zgw.NewPage(r, a.env, total, page, PageSize, results))
}

// searchEIO is POST _zoek: the list filtered by uuid__in.
func (a *api) searchEIO(w http.ResponseWriter, r *http.Request) {
	if err := zgw.CheckQuery(r, "page"); err != nil {
		a.fail(w, r, err)
		return
	}
	if !zgw.RequireScope(w, r, zgw.DRC, ScopeLezen) {
		return
	}
	b, err := readBody(r)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	key := "uuid__in"
	if !b.Has(key) && b.Has("uuid_In") {
		key = "uuid_In"
	}
	var ids []string
	if !b.Into(key, &ids) && b.F.Empty() {
		b.F.Add("uuid__in", "required", "Geef de lijst met uuid's op waarnaar gezocht wordt.")
	}
	if err := b.Err(); err != nil {
		a.fail(w, r, err)
		return
	}
	if ids == nil {
		ids = []string{}
	}
	a.respondList(w, r, document.Filter{IDs: ids, Access: a.access(r, ScopeLezen)}, b.S("expand"))
}

func (a *api) getEIO(w http.ResponseWriter, r *http.Request) {
	if err := zgw.CheckQuery(r, "versie", "registratieOp", "expand"); err != nil {
		a.fail(w, r, err)
		return
	}
	t, err := parseExpand(r.URL.Query().Get("expand"), "informatieobjecttype")
	if err != nil {
		a.fail(w, r, err)
		return
	}
	d, err := a.version(r)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	j, err := a.renderOne(r.Context(), d, "")
	if err != nil {
		a.fail(w, r, err)
		return
	}
	a.writeOne(w, r, http.StatusOK, j, t)
}

// version reads the version the request asks for (?versie= or
// ?registratieOp=, else the latest), after the authorisation check on the
// current version.
func (a *api) version(r *http.Request) (*document.Document, error) {
	id := r.PathValue("uuid")
	cur, err := a.readDoc(r, id, ScopeLezen)
	if err != nil {
		return nil, err
	}
	q := r.URL.Query()
	if v := q.Get("versie"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return nil, errs.InvalidField("versie", "invalid", "Versie moet een positief geheel getal zijn.")
		}
		return a.docs.Get(r.Context(), id, n)
	}
	if v := q.Get("registratieOp"); v != "" {
		t, err := parseDateTime(v)
		if err != nil {
			return nil, errs.InvalidField("registratieOp", "invalid", "RegistratieOp moet een datum en tijd (ISO 8601) zijn.")
		}
		return a.docs.GetAt(r.Context(), id, t)
	}
	return cur, nil
}

func (a *api) download(w http.ResponseWriter, r *http.Request) {
	if err := zgw.CheckQuery(r, "versie", "registratieOp"); err != nil {
		a.fail(w, r, err)
		return
	}
	d, err := a.version(r)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	rc, d, err := a.docs.Content(r.Context(), d.ID, d.Versie)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	defer rc.Close()
	h := w.Header()
	h.Set("Content-Type", "application/octet-stream")
	if d.HasContent() {
		h.Set("Content-Length", strconv.FormatInt(d.Bestandsomvang, 10))
	} else {
		h.Set("Content-Length", "0")
	}
	name := d.Bestandsnaam
	if name == "" {
		name = d.Identificatie
	}
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		io.Copy(w, rc)
	}
}

// eioIn is a request body for create, update and partial update.
type eioIn struct {
	identificatie, bronorganisatie, titel, vertrouwelijkheid, auteur, status, formaat, taal *string
	bestandsnaam, beschrijving, link, verschijningsvorm, lock                               *string
	iotID                                                                                   *string
	creatiedatum, ontvangstdatum, verzenddatum                                              *date.Date
	setIndicatie                                                                            bool
	indicatie                                                                               *bool
	setOndertekening, setIntegriteit, setTrefwoorden                                        bool
	ondertekening                                                                           *document.Ondertekening
	integriteit                                                                             *document.Integriteit
	trefwoorden                                                                             []string
	content                                                                                 io.Reader
	bestandsomvang                                                                          *int64
}

var eioFields = []string{"url", "identificatie", "bronorganisatie", "creatiedatum", "titel", "vertrouwelijkheidaanduiding",
	"auteur", "status", "formaat", "taal", "versie", "beginRegistratie", "bestandsnaam", "inhoud", "bestandsomvang", "link",
	"beschrijving", "ontvangstdatum", "verzenddatum", "indicatieGebruiksrecht", "verschijningsvorm", "ondertekening",
	"integriteit", "informatieobjecttype", "locked", "bestandsdelen", "trefwoorden", "lock"}

func (a *api) readEIO(b *body, full bool) eioIn {
	if full {
		b.Require("bronorganisatie", "creatiedatum", "titel", "auteur", "taal", "informatieobjecttype")
	}
	for k := range b.M {
		known := false
		for _, f := range eioFields {
			known = known || k == f
		}
		if !known {
			b.F.Add(k, "unknown-field", "Dit veld kent de Documenten API niet.")
		}
	}
	in := eioIn{
		identificatie: b.Str("identificatie"), bronorganisatie: b.Str("bronorganisatie"), titel: b.Str("titel"),
		vertrouwelijkheid: b.Str("vertrouwelijkheidaanduiding"), auteur: b.Str("auteur"), status: b.Str("status"),
		formaat: b.Str("formaat"), taal: b.Str("taal"), bestandsnaam: b.Str("bestandsnaam"),
		beschrijving: b.Str("beschrijving"), link: b.Str("link"), verschijningsvorm: b.Str("verschijningsvorm"),
		lock: b.Str("lock"), creatiedatum: b.Date("creatiedatum"), ontvangstdatum: b.Date("ontvangstdatum"),
		verzenddatum: b.Date("verzenddatum"),
	}
	if u := b.Str("informatieobjecttype"); u != nil && *u != "" {
		id, ok := a.env.ParseOwnURL(*u, iotPrefix)
		if !ok {
			b.F.Add("informatieobjecttype", "bad-url", "Dit is geen informatieobjecttype uit de catalogus van Loket.")
		} else {
			in.iotID = &id
		}
	}
	if b.Has("indicatieGebruiksrecht") {
		in.setIndicatie, in.indicatie = true, b.Bool("indicatieGebruiksrecht")
	}
	if b.Has("ondertekening") {
		in.setOndertekening = true
		var o struct {
			Soort string  `json:"soort"`
			Datum *string `json:"datum"`
		}
		if b.Into("ondertekening", &o) {
			od := document.Ondertekening{Soort: o.Soort}
			if o.Datum != nil && *o.Datum != "" {
				var err error
				if od.Datum, err = date.Parse(*o.Datum); err != nil {
					b.F.Add("ondertekening.datum", "invalid", "Verwacht een datum als JJJJ-MM-DD.")
				}
			}
			in.ondertekening = &od
		}
	}
	if b.Has("integriteit") {
		in.setIntegriteit = true
		var i struct {
			Algoritme string  `json:"algoritme"`
			Waarde    string  `json:"waarde"`
			Datum     *string `json:"datum"`
		}
		if b.Into("integriteit", &i) {
			id := document.Integriteit{Algoritme: i.Algoritme, Waarde: i.Waarde}
			if i.Datum != nil && *i.Datum != "" {
				var err error
				if id.Datum, err = date.Parse(*i.Datum); err != nil {
					b.F.Add("integriteit.datum", "invalid", "Verwacht een datum als JJJJ-MM-DD.")
				}
			}
			in.integriteit = &id
		}
	}
	if b.Has("trefwoorden") {
		in.setTrefwoorden = true
		b.Into("trefwoorden", &in.trefwoorden)
	}
	if s := b.Str("inhoud"); s != nil && *s != "" {
		raw, err := base64.StdEncoding.DecodeString(*s)
		if err != nil {
			b.F.Add("inhoud", "invalid", "De inhoud moet base64-gecodeerd zijn.")
		} else {
			in.content = bytes.NewReader(raw)
		}
	}
	if raw, ok := b.M["bestandsomvang"]; ok && string(raw) != "null" {
		var n int64
		if err := json.Unmarshal(raw, &n); err != nil || n < 0 {
			b.F.Add("bestandsomvang", "invalid", "Bestandsomvang moet een geheel getal van 0 of meer zijn.")
		} else {
			in.bestandsomvang = &n
		}
	}
	return in
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

func derefDate(p *date.Date) date.Date {
	if p == nil {
		return date.Date{}
	}
	return *p
}

// extra merges the API-only fields of the request into cur.
func (in eioIn) extra(cur document.Extra) document.Extra {
	e := cur
	if in.link != nil {
		e.Link = *in.link
	}
	if in.verschijningsvorm != nil {
		e.Verschijningsvorm = *in.verschijningsvorm
	}
	if in.ontvangstdatum != nil {
		e.Ontvangstdatum = *in.ontvangstdatum
	}
	if in.verzenddatum != nil {
		e.Verzenddatum = *in.verzenddatum
	}
	if in.setOndertekening {
		e.Ondertekening = in.ondertekening
	}
	if in.setIntegriteit {
		e.Integriteit = in.integriteit
	}
	if in.setTrefwoorden {
		e.Trefwoorden = in.trefwoorden
	}
	return e
}

// checkCreateRights: the client needs documenten.aanmaken for the type at the
// vertrouwelijkheid the object will get (drc-007: the type's when none).
func (a *api) checkTypeRights(r *http.Request, iotID, vertrouwelijkheid, scope string) error {
	if iotID == "" {
		return nil
	}
	if vertrouwelijkheid == "" {
		v, ok, err := a.typeVertrouwelijkheid(r.Context(), iotID)
		if err != nil || !ok {
			return err // the domain reports the missing type
		}
		vertrouwelijkheid = v
	}
	if !client(r).Allows(zgw.DRC, scope, a.iotURL(iotID), vertrouwelijkheid) {
		return zgw.PermissionDenied()
	}
	return nil
}

func (a *api) createEIO(w http.ResponseWriter, r *http.Request) {
	if err := zgw.CheckQuery(r); err != nil {
		a.fail(w, r, err)
		return
	}
	if !zgw.RequireScope(w, r, zgw.DRC, ScopeAanmaken) {
		return
	}
	b, content, done, err := a.eioBody(r)
	defer done()
	if err != nil {
		a.fail(w, r, err)
		return
	}
	in := a.readEIO(b, true)
	if content != nil {
		in.content = content
	}
	if err := b.Err(); err != nil {
		a.fail(w, r, err)
		return
	}
	if err := a.checkTypeRights(r, deref(in.iotID), deref(in.vertrouwelijkheid), ScopeAanmaken); err != nil {
		a.fail(w, r, err)
		return
	}
	ci := document.CreateInput{
		Bronorganisatie: deref(in.bronorganisatie), Identificatie: deref(in.identificatie),
		Creatiedatum: derefDate(in.creatiedatum), Titel: deref(in.titel), Vertrouwelijkheidaanduiding: deref(in.vertrouwelijkheid),
		Auteur: deref(in.auteur), Status: deref(in.status), Formaat: deref(in.formaat), Taal: deref(in.taal),
		Bestandsnaam: deref(in.bestandsnaam), Beschrijving: deref(in.beschrijving), IndicatieGebruiksrecht: in.indicatie,
		InformatieobjecttypeID: deref(in.iotID), Content: in.content, Extra: in.extra(document.Extra{}),
	}
	if in.bestandsomvang != nil {
		ci.Bestandsomvang = *in.bestandsomvang
	}
	d, err := a.docs.Create(r.Context(), ci)
	if err != nil {
		a.fail(w, r, contentErr(in.content, err))
		return
	}
	lock := ""
	if d.Locked {
		// The object was created locked for an upload in parts: the lock
		// goes to its creator in the bestandsdelen.
		lock, err = a.docs.LockToken(r.Context(), d.ID)
		if err != nil {
			a.fail(w, r, err)
			return
		}
	}
	j, err := a.renderOne(r.Context(), d, lock)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	zgw.WriteCreated(w, r, j.URL, j)
}

func (a *api) updateEIO(w http.ResponseWriter, r *http.Request) {
	if err := zgw.CheckQuery(r); err != nil {
		a.fail(w, r, err)
		return
	}
	cur, err := a.readDoc(r, r.PathValue("uuid"), ScopeBijwerken, ScopeGeforceerdBijwerken)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	b, content, done, err := a.eioBody(r)
	defer done()
	if err != nil {
		a.fail(w, r, err)
		return
	}
	full := r.Method == http.MethodPut
	in := a.readEIO(b, full)
	if content != nil {
		in.content = content
	}
	if full {
		b.Require("lock")
	}
	for _, c := range []struct {
		field string
		v     *string
		cur   string
	}{{"identificatie", in.identificatie, cur.Identificatie}, {"bronorganisatie", in.bronorganisatie, cur.Bronorganisatie}} {
		if c.v != nil && strings.TrimSpace(*c.v) != c.cur {
			b.F.Add(c.field, "wijzigen-niet-toegelaten", "Dit gegeven van een informatieobject kan niet gewijzigd worden.")
		}
	}
	if err := b.Err(); err != nil {
		a.fail(w, r, err)
		return
	}
	// A change of type or vertrouwelijkheid needs the right for the result too.
	if in.iotID != nil || in.vertrouwelijkheid != nil {
		iot, va := cur.InformatieobjecttypeID, cur.Vertrouwelijkheidaanduiding
		if in.iotID != nil {
			iot = *in.iotID
		}
		if in.vertrouwelijkheid != nil {
			va = *in.vertrouwelijkheid
		}
		if err := a.checkTypeRights(r, iot, va, ScopeBijwerken); err != nil && !a.allowsDocAt(r, iot, va, ScopeGeforceerdBijwerken) {
			a.fail(w, r, err)
			return
		}
	}
	ex := in.extra(cur.Extra)
	ui := document.UpdateInput{
		Lock: deref(in.lock), Creatiedatum: in.creatiedatum, Titel: in.titel, Vertrouwelijkheidaanduiding: in.vertrouwelijkheid,
		Auteur: in.auteur, Status: in.status, Formaat: in.formaat, Taal: in.taal, Bestandsnaam: in.bestandsnaam,
		Beschrijving: in.beschrijving, SetIndicatieGebruiksrecht: in.setIndicatie, IndicatieGebruiksrecht: in.indicatie,
		InformatieobjecttypeID: in.iotID, Content: in.content, Extra: &ex, Bestandsomvang: in.bestandsomvang,
	}
	if full && !b.Has("vertrouwelijkheidaanduiding") {
		// A PUT without it falls back to the type's (drc-007).
		empty := ""
		ui.Vertrouwelijkheidaanduiding = &empty
	}
	d, err := a.docs.Update(r.Context(), cur.ID, ui)
	if err != nil {
		a.fail(w, r, contentErr(in.content, err))
		return
	}
	j, err := a.renderOne(r.Context(), d, ui.Lock)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	zgw.WriteJSON(w, r, http.StatusOK, j)
}

func (a *api) allowsDocAt(r *http.Request, iot, va, scope string) bool {
	return client(r).Allows(zgw.DRC, scope, a.iotURL(iot), va)
}

func (a *api) deleteEIO(w http.ResponseWriter, r *http.Request) {
	if err := zgw.CheckQuery(r); err != nil {
		a.fail(w, r, err)
		return
	}
	d, err := a.readDoc(r, r.PathValue("uuid"), ScopeVerwijderen)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if err := a.docs.Delete(r.Context(), d.ID); err != nil {
		a.fail(w, r, err)
		return
	}
	zgw.NoContent(w)
}

func (a *api) lock(w http.ResponseWriter, r *http.Request) {
	if err := zgw.CheckQuery(r); err != nil {
		a.fail(w, r, err)
		return
	}
	d, err := a.readDoc(r, r.PathValue("uuid"), ScopeLock)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	token, err := a.docs.Lock(r.Context(), d.ID)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	zgw.WriteJSON(w, r, http.StatusOK, map[string]string{"lock": token})
}

// unlock: with the lock, or without it by a client with
// documenten.geforceerd-unlock (drc-009). An upload in parts is joined here.
func (a *api) unlock(w http.ResponseWriter, r *http.Request) {
	if err := zgw.CheckQuery(r); err != nil {
		a.fail(w, r, err)
		return
	}
	d, err := a.readDoc(r, r.PathValue("uuid"), ScopeLock, ScopeGeforceerdUnlock)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	token := ""
	// The body is optional: a forced unlock may send none at all.
	raw, err := io.ReadAll(io.LimitReader(r.Body, 1<<16))
	if err != nil {
		a.fail(w, r, errs.InvalidField("lock", "invalid", "De inhoud van het verzoek kon niet gelezen worden."))
		return
	}
	if len(bytes.TrimSpace(raw)) > 0 {
		r.Body = io.NopCloser(bytes.NewReader(raw))
		b, err := readBody(r)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		token = b.S("lock")
		if err := b.Err(); err != nil {
			a.fail(w, r, err)
			return
		}
	}
	if token == "" && a.allowsDoc(r, d, ScopeGeforceerdUnlock) {
		err = a.docs.ForceUnlock(withScopes(r, ScopeGeforceerdUnlock), d.ID)
	} else {
		if !a.allowsDoc(r, d, ScopeLock) {
			a.fail(w, r, zgw.PermissionDenied())
			return
		}
		err = a.docs.Unlock(r.Context(), d.ID, token)
	}
	if err != nil {
		a.fail(w, r, err)
		return
	}
	zgw.NoContent(w)
}

// putPart receives one bestandsdeel as multipart/form-data (inhoud, lock).
func (a *api) putPart(w http.ResponseWriter, r *http.Request) {
	if err := zgw.CheckQuery(r); err != nil {
		a.fail(w, r, err)
		return
	}
	p, err := a.docs.GetPart(r.Context(), r.PathValue("uuid"))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if _, err := a.readDoc(r, p.InformatieobjectID, ScopeBijwerken); err != nil {
		a.fail(w, r, err)
		return
	}
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	var lock string
	var content io.Reader
	switch mt {
	case "multipart/form-data":
		mr, err := r.MultipartReader()
		if err != nil {
			a.fail(w, r, errs.InvalidField("inhoud", "invalid", "Het verzoek is geen geldige multipart/form-data."))
			return
		}
		// Read the lock and the content in whichever order they come; the
		// content streams straight into the store once the lock is known.
		for {
			part, err := mr.NextPart()
			if err == io.EOF {
				break
			}
			if err != nil {
				a.fail(w, r, errs.InvalidField("inhoud", "invalid", "Het verzoek is geen geldige multipart/form-data."))
				return
			}
			switch part.FormName() {
			case "lock":
				v, _ := io.ReadAll(io.LimitReader(part, 200))
				lock = strings.TrimSpace(string(v))
			case "inhoud":
				if lock == "" {
					// The lock comes after the content: keep the content in a
					// temporary file (a part may be gigabytes) until then.
					tmp, err := os.CreateTemp("", "bestandsdeel-*")
					if err != nil {
						a.fail(w, r, fmt.Errorf("documenten: spool part: %w", err))
						return
					}
					defer func() { tmp.Close(); os.Remove(tmp.Name()) }()
					if _, err := io.Copy(tmp, io.LimitReader(part, p.Omvang+1)); err != nil {
						a.fail(w, r, errs.InvalidField("inhoud", "upload-incomplete", "Het bestandsdeel is niet volledig ontvangen."))
						return
					}
					if _, err := tmp.Seek(0, io.SeekStart); err != nil {
						a.fail(w, r, fmt.Errorf("documenten: spool part: %w", err))
						return
					}
					content = tmp
					continue
				}
				np, err := a.docs.PutPart(r.Context(), p.ID, lock, part)
				if err != nil {
					a.fail(w, r, err)
					return
				}
				a.writePart(w, r, np, lock)
				return
			}
		}
	case "application/x-www-form-urlencoded":
		if err := r.ParseForm(); err != nil {
			a.fail(w, r, errs.InvalidField("inhoud", "invalid", "Het formulier kon niet gelezen worden."))
			return
		}
		lock = r.PostForm.Get("lock")
		if v, ok := r.PostForm["inhoud"]; ok {
			content = strings.NewReader(strings.Join(v, ""))
		}
	default:
		a.fail(w, r, &zgw.HTTPError{Status: http.StatusUnsupportedMediaType, Code: "unsupported_media_type",
			Detail: "Stuur een bestandsdeel als multipart/form-data met de velden inhoud en lock."})
		return
	}
	np, err := a.docs.PutPart(r.Context(), p.ID, lock, content)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	a.writePart(w, r, np, lock)
}

func (a *api) writePart(w http.ResponseWriter, r *http.Request, p *document.Part, lock string) {
	zgw.WriteJSON(w, r, http.StatusOK, partJSON{URL: a.env.URL(Prefix + "/bestandsdelen/" + p.ID),
		Volgnummer: p.Volgnummer, Omvang: p.Omvang, Voltooid: p.Voltooid, Lock: lock})
}
