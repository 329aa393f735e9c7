// Package klantinteracties serves the Klantinteracties API 0.9.0 (as Open
// Klant 2 does) on the klant domain: Handler answers the paths relative to
// /klantinteracties/api/v1. Clients authenticate with
// "Authorization: Token <key>"; keys are made with `loket apitoken create`.
//
// The handlers only translate between JSON and the klant package, where the
// rules live. Errors are application/problem+json as Open Klant gives them
// (400 with invalidParams, 401 for a missing or unknown token, 404).
package klantinteracties

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"runtime/debug"
	"strconv"
	"strings"

	"github.com/gemeenten/loket/internal/audit"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/klant"
	"github.com/gemeenten/loket/internal/zgw"
)

// APIVersion is the version of the specification served.
const APIVersion = "0.9.0"

// Prefix is where the lead mounts Handler.
const Prefix = "/klantinteracties/api/v1"

type api struct {
	env *zgw.Env
	s   *klant.Service
}

// Handler serves the Klantinteracties API on svc. Mount it with
// http.StripPrefix(Prefix, …); env gives the public base URL (for resource
// URLs) and the logger. The handler authenticates by itself (Token, not the
// ZGW JWT), so do not wrap it with env.Wrap.
func Handler(env *zgw.Env, svc *klant.Service) http.Handler {
	a := &api{env: env, s: svc}
	mux := http.NewServeMux()
	crud := func(coll string, list, create, get, put, patch, del http.HandlerFunc) {
		mux.HandleFunc("GET /"+coll, list)
		mux.HandleFunc("POST /"+coll, create)
		mux.HandleFunc("GET /"+coll+"/{uuid}", get)
		mux.HandleFunc("PUT /"+coll+"/{uuid}", put)
		mux.HandleFunc("PATCH /"+coll+"/{uuid}", patch)
		mux.HandleFunc("DELETE /"+coll+"/{uuid}", del)
	}
	crud("partijen", a.listPartijen, a.createPartij, a.getPartij, a.updatePartij(false), a.updatePartij(true), a.deletePartij)
	crud("partij-identificatoren", a.listIdents, a.createIdent, a.getIdent, a.updateIdent(false), a.updateIdent(true), a.deleteIdent)
	crud("digitaleadressen", a.listAdressen, a.createAdres, a.getAdres, a.updateAdres(false), a.updateAdres(true), a.deleteAdres)
	crud("rekeningnummers", a.listRekeningen, a.createRekening, a.getRekening, a.updateRekening(false), a.updateRekening(true), a.deleteRekening)
	crud("vertegenwoordigingen", a.listVert, a.createVert, a.getVert, a.updateVert(false), a.updateVert(true), a.deleteVert)
	crud("categorieen", a.listCategorieen, a.createCategorie, a.getCategorie, a.updateCategorie(false), a.updateCategorie(true), a.deleteCategorie)
	crud("categorie-relaties", a.listRelaties, a.createRelatie, a.getRelatie, a.updateRelatie(false), a.updateRelatie(true), a.deleteRelatie)
	crud("actoren", a.listActoren, a.createActor, a.getActor, a.updateActor(false), a.updateActor(true), a.deleteActor)
	crud("actorklantcontacten", a.listAK, a.createAK, a.getAK, a.updateAK(false), a.updateAK(true), a.deleteAK)
	crud("klantcontacten", a.listContacten, a.createContact, a.getContact, a.updateContact(false), a.updateContact(true), a.deleteContact)
	crud("betrokkenen", a.listBetrokkenen, a.createBetrokkene, a.getBetrokkene, a.updateBetrokkene(false), a.updateBetrokkene(true), a.deleteBetrokkene)
	crud("onderwerpobjecten", a.listOnderwerp, a.createOnderwerp, a.getOnderwerp, a.updateOnderwerp(false), a.updateOnderwerp(true), a.deleteOnderwerp)
	crud("bijlagen", a.listBijlagen, a.createBijlage, a.getBijlage, a.updateBijlage(false), a.updateBijlage(true), a.deleteBijlage)
	crud("internetaken", a.listTaken, a.createTaak, a.getTaak, a.updateTaak(false), a.updateTaak(true), a.deleteTaak)
	mux.HandleFunc("POST /maak-klantcontact", a.maakKlantcontact)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		// Reached for unknown paths and for known paths with a method they
		// do not have (this pattern is more general, so the mux prefers it
		// to answering 405 itself).
		first, rest, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/"), "/")
		known := first == "maak-klantcontact" && rest == ""
		for _, c := range collections {
			if first == c && !strings.Contains(rest, "/") {
				known = true
			}
		}
		if known {
			zgw.Problem(w, r, http.StatusMethodNotAllowed, "method_not_allowed", "", fmt.Sprintf("Methode \"%s\" niet toegestaan.", r.Method))
			return
		}
		zgw.Problem(w, r, http.StatusNotFound, "not_found", "Niet gevonden.", "Deze URL bestaat niet in de Klantinteracties API.")
	})
	return a.wrap(mux)
}

// ResourcePath is the path (under Prefix) of a resource of kanaal
// "klantinteracties" as the klant domain names it in its events, for the
// notification sink: ResourcePath("partij", id) = "/partijen/<id>".
func ResourcePath(resource, id string) string {
	coll, ok := collections[resource]
	if !ok {
		return ""
	}
	return "/" + coll + "/" + id
}

var collections = map[string]string{
	"partij": "partijen", "partijidentificator": "partij-identificatoren", "digitaaladres": "digitaleadressen",
	"rekeningnummer": "rekeningnummers", "vertegenwoordigden": "vertegenwoordigingen", "categorie": "categorieen",
	"categorierelatie": "categorie-relaties", "actor": "actoren", "actorklantcontact": "actorklantcontacten",
	"klantcontact": "klantcontacten", "betrokkene": "betrokkenen", "onderwerpobject": "onderwerpobjecten",
	"bijlage": "bijlagen", "internetaak": "internetaken",
}

// wrap authenticates with the token, sets API-version, recovers panics and
// answers the mux's own 405 as problem+json.
func (a *api) wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("API-version", APIVersion)
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				if a.env.Log != nil {
					a.env.Log.ErrorContext(r.Context(), "panic in klantinteracties API", "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
				}
				zgw.Problem(w, r, http.StatusInternalServerError, "error", "", "Er ging iets mis aan onze kant. Probeer het later opnieuw.")
			}
		}()
		tok, err := a.authenticate(r)
		if err != nil {
			w.Header().Set("WWW-Authenticate", "Token")
			e := errs.As(err)
			zgw.Problem(w, r, http.StatusUnauthorized, e.Code, "Authenticatiegegevens zijn niet opgegeven.", e.Message)
			return
		}
		ctx := audit.WithActor(r.Context(), audit.Actor{Kind: "applicatie", ID: tok.ID, Name: tok.Naam,
			RequestID: r.Header.Get("X-Request-Id")})
		if r.Method == http.MethodPatch {
			ctx = klant.AsPartialUpdate(ctx)
		}
		h.ServeHTTP(&methodWriter{ResponseWriter: w, r: r}, r.WithContext(ctx))
	})
}

func (a *api) authenticate(r *http.Request) (klant.APIToken, error) {
	h := r.Header.Get("Authorization")
	if h == "" {
		return klant.APIToken{}, errs.E(errs.Unauthenticated, "not_authenticated", "Authenticatiegegevens zijn niet opgegeven.")
	}
	parts := strings.Fields(h)
	if len(parts) == 0 || !strings.EqualFold(parts[0], "Token") {
		return klant.APIToken{}, errs.E(errs.Unauthenticated, "not_authenticated", "Authenticatiegegevens zijn niet opgegeven. Gebruik de header \"Authorization: Token <sleutel>\".")
	}
	if len(parts) != 2 {
		return klant.APIToken{}, errs.E(errs.Unauthenticated, "authentication_failed", "Ongeldige token header. De token hoort na \"Token \" te staan, zonder spaties.")
	}
	return a.s.AuthenticateToken(r.Context(), parts[1])
}

// methodWriter turns the mux's plain-text 405 into problem+json.
type methodWriter struct {
	http.ResponseWriter
	r       *http.Request
	swallow bool
}

func (m *methodWriter) WriteHeader(status int) {
	if status == http.StatusMethodNotAllowed && m.Header().Get("Content-Type") != "application/problem+json" {
		m.swallow = true
		m.Header().Del("Content-Length")
		zgw.Problem(m.ResponseWriter, m.r, status, "method_not_allowed", "", fmt.Sprintf("Methode \"%s\" niet toegestaan.", m.r.Method))
		return
	}
	m.ResponseWriter.WriteHeader(status)
}

func (m *methodWriter) Write(b []byte) (int, error) {
	if m.swallow {
		return len(b), nil
	}
	return m.ResponseWriter.Write(b)
}

// --- URLs and references ---

func (a *api) url(coll, id string) string { return a.env.URL(Prefix + "/" + coll + "/" + id) }

// fk is a reference to another resource: {"uuid", "url"}.
type fk struct {
	UUID string `json:"uuid"`
	URL  string `json:"url"`
}

func (a *api) fk(coll, id string) *fk {
	if id == "" {
		return nil
	}
	return &fk{UUID: id, URL: a.url(coll, id)}
}

func (a *api) fks(coll string, ids []string) []fk {
	out := make([]fk, 0, len(ids))
	for _, id := range ids {
		out = append(out, fk{UUID: id, URL: a.url(coll, id)})
	}
	return out
}

// ref is a reference in a request: uuid and/or url; url wins when both.
type ref struct {
	UUID string `json:"uuid"`
	URL  string `json:"url"`
}

// id returns the referenced id; a url of another collection or server is
// an invalid reference (reported on field).
func (a *api) refID(f *errs.Fields, field, coll string, r *ref) string {
	if r == nil {
		return ""
	}
	if r.URL != "" {
		id, ok := a.env.ParseOwnURL(r.URL, Prefix+"/"+coll+"/")
		if !ok {
			f.Add(field, "bad-url", "Deze URL verwijst niet naar een "+coll+"-object in deze API.")
			return ""
		}
		return id
	}
	if r.UUID == "" {
		f.Add(field+".uuid", "required", "Dit veld is vereist.")
		return ""
	}
	if !db.ValidUUID(r.UUID) {
		f.Add(field+".uuid", "invalid", "Voer een geldige UUID in.")
		return ""
	}
	return r.UUID
}

// --- requests ---

// rawBody reads the JSON object of a write request. A POST or PUT must
// contain the required fields (a PATCH need not).
func rawBody(r *http.Request, patch bool, required ...string) (map[string]json.RawMessage, error) {
	var in map[string]json.RawMessage
	if err := zgw.DecodeJSON(r, &in); err != nil {
		return nil, err
	}
	if in == nil {
		return nil, errs.InvalidField("nonFieldErrors", "invalid", "Stuur een JSON-object.")
	}
	if !patch {
		var f errs.Fields
		for _, k := range required {
			if v, ok := in[k]; !ok {
				f.Add(k, "required", "Dit veld is vereist.")
			} else if string(v) == "null" {
				f.Add(k, "null", "Dit veld mag niet leeg zijn.")
			}
		}
		if err := f.Err(); err != nil {
			return nil, err
		}
	}
	return in, nil
}

// overlay lays the request's fields over current, the resource as the API
// shows it: the specification leaves fields a PUT or PATCH does not mention
// unchanged.
func overlay(current any, raw map[string]json.RawMessage) map[string]json.RawMessage {
	b, _ := json.Marshal(current)
	var merged map[string]json.RawMessage
	_ = json.Unmarshal(b, &merged)
	if merged == nil {
		merged = map[string]json.RawMessage{}
	}
	for k, v := range raw {
		merged[k] = v
	}
	return merged
}

func checkQuery(r *http.Request, allowed ...string) error { return zgw.CheckQuery(r, allowed...) }

func writeOK(w http.ResponseWriter, r *http.Request, v any) { zgw.WriteJSON(w, r, http.StatusOK, v) }

func writeCreated(w http.ResponseWriter, r *http.Request, v any) {
	zgw.WriteJSON(w, r, http.StatusCreated, v)
}

// decode turns the merged body into the request struct v; a field of the
// wrong type is a 400 on that field.
func decode(m map[string]json.RawMessage, v any) error {
	b, err := json.Marshal(m)
	if err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	if err := dec.Decode(v); err != nil {
		if te, ok := err.(*json.UnmarshalTypeError); ok {
			return errs.InvalidField(te.Field, "invalid", "Verkeerd type voor dit veld.")
		}
		return errs.InvalidField("nonFieldErrors", "parse_error", "De inhoud van het verzoek is ongeldig: "+err.Error())
	}
	return nil
}

// --- lists ---

type listParams struct {
	page, size int
	q          url.Values
}

// listQuery checks the query parameters against the operation's and reads
// page and pageSize (default 100, at most 500).
func listQuery(r *http.Request, allowed ...string) (listParams, error) {
	allowed = append(allowed, "page", "pageSize")
	if err := zgw.CheckQuery(r, allowed...); err != nil {
		return listParams{}, err
	}
	page, err := zgw.PageParam(r)
	if err != nil {
		return listParams{}, err
	}
	size := 100
	if v := r.URL.Query().Get("pageSize"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return listParams{}, errs.InvalidField("pageSize", "invalid", "Geef een geheel getal vanaf 1.")
		}
		size = min(n, 500)
	}
	return listParams{page: page, size: size, q: r.URL.Query()}, nil
}

func (l listParams) domain() klant.Page {
	return klant.Page{Limit: l.size, Offset: (l.page - 1) * l.size}
}

func (l listParams) get(k string) string { return l.q.Get(k) }

// objIdent reads the four filters of an object identificator whose names
// start with prefix, e.g. "bijlageidentificator": …ObjectId,
// …CodeObjecttype, …CodeRegister and …CodeSoortObjectId.
func (l listParams) objIdent(prefix string) klant.ObjectIdentificator {
	return klant.ObjectIdentificator{ObjectID: l.q.Get(prefix + "ObjectId"), CodeObjecttype: l.q.Get(prefix + "CodeObjecttype"),
		CodeRegister: l.q.Get(prefix + "CodeRegister"), CodeSoortObjectID: l.q.Get(prefix + "CodeSoortObjectId")}
}

// boolParam reads a boolean filter ("true"/"false"); nil when absent.
func (l listParams) boolParam(f *errs.Fields, k string) *bool {
	v := l.q.Get(k)
	if v == "" {
		return nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		f.Add(k, "invalid", "Kies true of false.")
		return nil
	}
	return &b
}

// uuidParam reads a uuid filter, or the uuid at the end of the url filter.
func (a *api) uuidParam(f *errs.Fields, l listParams, uuidKey, urlKey, coll string) string {
	if v := l.q.Get(uuidKey); v != "" {
		if !db.ValidUUID(v) {
			f.Add(uuidKey, "invalid", "Voer een geldige UUID in.")
		}
		return v
	}
	if urlKey != "" {
		if v := l.q.Get(urlKey); v != "" {
			id, ok := a.env.ParseOwnURL(v, Prefix+"/"+coll+"/")
			if !ok {
				f.Add(urlKey, "invalid", "Deze URL verwijst niet naar een object in deze API.")
			}
			return id
		}
	}
	return ""
}

func (a *api) page(w http.ResponseWriter, r *http.Request, l listParams, total int, results any) {
	if err := zgw.CheckPage(total, l.page, l.size); err != nil {
		zgw.WriteError(w, r, err)
		return
	}
	zgw.WriteJSON(w, r, http.StatusOK, zgw.NewPage(r, a.env, total, l.page, l.size, results))
}

// listPage writes the page of vs, each as out shows it, or err, the error
// of listing them.
func listPage[T, J any](a *api, w http.ResponseWriter, r *http.Request, l listParams, vs []T, total int, err error, out func(T) J) {
	if err != nil {
		a.fail(w, r, err)
		return
	}
	res := make([]J, 0, len(vs))
	for _, v := range vs {
		res = append(res, out(v))
	}
	a.page(w, r, l, total, res)
}

// getExpanded serves GET …/{uuid} of a resource with ?expand= (allowed):
// get reads it, out shows it and expand adds the expansions asked for.
func getExpanded[T, J any](a *api, w http.ResponseWriter, r *http.Request, allowed []string,
	get func(context.Context, string) (T, error), out func(T) J, expand func(*http.Request, *J, T, map[string]bool) error) {
	if err := checkQuery(r, "expand"); err != nil {
		a.fail(w, r, err)
		return
	}
	ex, err := expandParam(r, allowed...)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	v, err := get(r.Context(), r.PathValue("uuid"))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	o := out(v)
	if err := expand(r, &o, v, ex); err != nil {
		a.fail(w, r, err)
		return
	}
	writeOK(w, r, o)
}

// expandParam reads ?expand= against the operation's allowed values.
func expandParam(r *http.Request, allowed ...string) (map[string]bool, error) {
	out := map[string]bool{}
	v := r.URL.Query().Get("expand")
	if v == "" {
		return out, nil
	}
	for _, e := range strings.Split(v, ",") {
		e = strings.TrimSpace(e)
		ok := false
		for _, al := range allowed {
			if e == al {
				ok = true
			}
		}
		if !ok {
			return nil, errs.InvalidField("expand", "invalid_choice", fmt.Sprintf("%q is geen geldige keuze voor expand. Kies uit: %s.", e, strings.Join(allowed, ", ")))
		}
		out[e] = true
		// "a.b" needs "a"
		if i := strings.LastIndex(e, "."); i > 0 {
			out[e[:i]] = true
		}
	}
	return out, nil
}

func (a *api) fail(w http.ResponseWriter, r *http.Request, err error) { zgw.WriteError(w, r, err) }

func ctxOf(r *http.Request) context.Context { return r.Context() }

func opt(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
