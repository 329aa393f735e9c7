// Package autorisaties serves the Autorisaties API 1.0.0
// (/autorisaties/api/v1): Applicaties with their autorisaties, stored in
// zgw.Store. Providers in this process read them fresh per request, so a
// change takes effect on the very next request.
package autorisaties

import (
	"net/http"
	"strings"

	"github.com/gemeenten/loket/internal/event"
	"github.com/gemeenten/loket/internal/zgw"
)

// Version is the API version served.
const Version = "1.0.0"

// Prefix is where the lead mounts the handler.
const Prefix = "/autorisaties/api/v1"

// PageSize is the number of applicaties per page.
const PageSize = 100

const (
	scopeLezen     = "autorisaties.lezen"
	scopeBijwerken = "autorisaties.bijwerken"
)

type api struct {
	env   *zgw.Env
	store *zgw.Store
}

// Handler serves the API at paths relative to Prefix; mount it with
// env.Mount(mux, autorisaties.Prefix, zgw.AC, autorisaties.Version, h).
// Writes are announced on kanaal "autorisaties" through store.Events.
func Handler(env *zgw.Env, store *zgw.Store) http.Handler {
	a := &api{env: env, store: store}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /applicaties", a.list)
	mux.HandleFunc("POST /applicaties", a.create)
	mux.HandleFunc("GET /applicaties/consumer", a.consumer)
	mux.HandleFunc("GET /applicaties/{uuid}", a.read)
	mux.HandleFunc("PUT /applicaties/{uuid}", a.update)
	mux.HandleFunc("PATCH /applicaties/{uuid}", a.update)
	mux.HandleFunc("DELETE /applicaties/{uuid}", a.delete)
	return mux
}

type autorisatieJSON struct {
	Component                      string   `json:"component"`
	ComponentWeergave              string   `json:"componentWeergave,omitempty"`
	Scopes                         []string `json:"scopes"`
	Zaaktype                       string   `json:"zaaktype,omitempty"`
	Informatieobjecttype           string   `json:"informatieobjecttype,omitempty"`
	Besluittype                    string   `json:"besluittype,omitempty"`
	MaxVertrouwelijkheidaanduiding string   `json:"maxVertrouwelijkheidaanduiding,omitempty"`
}

type applicatieJSON struct {
	URL                   string            `json:"url"`
	ClientIDs             []string          `json:"clientIds"`
	Label                 string            `json:"label"`
	HeeftAlleAutorisaties bool              `json:"heeftAlleAutorisaties"`
	Autorisaties          []autorisatieJSON `json:"autorisaties"`
}

// applicatieIn has pointers so that a PATCH can tell absent from empty.
type applicatieIn struct {
	ClientIDs             *[]string          `json:"clientIds"`
	Label                 *string            `json:"label"`
	HeeftAlleAutorisaties *bool              `json:"heeftAlleAutorisaties"`
	Autorisaties          *[]autorisatieJSON `json:"autorisaties"`
}

func (a *api) out(ap zgw.Applicatie) applicatieJSON {
	o := applicatieJSON{
		URL:                   a.env.URL(Prefix + "/applicaties/" + ap.ID),
		ClientIDs:             ap.ClientIDs,
		Label:                 ap.Label,
		HeeftAlleAutorisaties: ap.HeeftAlleAutorisaties,
		Autorisaties:          []autorisatieJSON{},
	}
	if o.ClientIDs == nil {
		o.ClientIDs = []string{}
	}
	for _, au := range ap.Autorisaties {
		scopes := au.Scopes
		if scopes == nil {
			scopes = []string{}
		}
		o.Autorisaties = append(o.Autorisaties, autorisatieJSON{
			Component: au.Component, ComponentWeergave: zgw.ComponentWeergave(au.Component), Scopes: scopes,
			Zaaktype: au.Zaaktype, Informatieobjecttype: au.Informatieobjecttype, Besluittype: au.Besluittype,
			MaxVertrouwelijkheidaanduiding: au.MaxVertrouwelijkheid,
		})
	}
	return o
}

func (in applicatieIn) apply(ap *zgw.Applicatie) {
	if in.ClientIDs != nil {
		ap.ClientIDs = *in.ClientIDs
	}
	if in.Label != nil {
		ap.Label = *in.Label
	}
	if in.HeeftAlleAutorisaties != nil {
		ap.HeeftAlleAutorisaties = *in.HeeftAlleAutorisaties
	}
	if in.Autorisaties != nil {
		ap.Autorisaties = nil
		for _, au := range *in.Autorisaties {
			ap.Autorisaties = append(ap.Autorisaties, zgw.Autorisatie{
				Component: au.Component, Scopes: au.Scopes, Zaaktype: au.Zaaktype,
				Informatieobjecttype: au.Informatieobjecttype, Besluittype: au.Besluittype,
				MaxVertrouwelijkheid: au.MaxVertrouwelijkheidaanduiding,
			})
		}
	}
}

func (a *api) list(w http.ResponseWriter, r *http.Request) {
	if !zgw.RequireScope(w, r, zgw.AC, scopeLezen) {
		return
	}
	if err := zgw.CheckQuery(r, "clientIds", "page"); err != nil {
		zgw.WriteError(w, r, err)
		return
	}
	page, err := zgw.PageParam(r)
	if err != nil {
		zgw.WriteError(w, r, err)
		return
	}
	var ids []string
	for _, id := range strings.Split(r.URL.Query().Get("clientIds"), ",") {
		if id = strings.TrimSpace(id); id != "" {
			ids = append(ids, id)
		}
	}
	list, count, err := a.store.ListApplicaties(r.Context(), ids, page, PageSize)
	if err == nil {
		err = zgw.CheckPage(count, page, PageSize)
	}
	if err != nil {
		zgw.WriteError(w, r, err)
		return
	}
	out := make([]applicatieJSON, 0, len(list))
	for _, ap := range list {
		out = append(out, a.out(ap))
	}
	zgw.WriteJSON(w, r, http.StatusOK, zgw.NewPage(r, a.env, count, page, PageSize, out))
}

// consumer answers the Applicatie of ?clientId= as a list of one (the 1.0.0
// specification gives an array), or 404.
func (a *api) consumer(w http.ResponseWriter, r *http.Request) {
	if !zgw.RequireScope(w, r, zgw.AC, scopeLezen) {
		return
	}
	if err := zgw.CheckQuery(r, "clientId"); err != nil {
		zgw.WriteError(w, r, err)
		return
	}
	id := r.URL.Query().Get("clientId")
	if id == "" {
		zgw.WriteError(w, r, &zgw.HTTPError{Status: http.StatusBadRequest, Code: "invalid", Detail: "Geef clientId op.",
			Invalid: []zgw.InvalidParam{{Name: "clientId", Code: "required", Reason: "Geef clientId op."}}})
		return
	}
	ap, err := a.store.ApplicatieByClientID(r.Context(), id)
	if err != nil {
		zgw.WriteError(w, r, err)
		return
	}
	zgw.WriteJSON(w, r, http.StatusOK, []applicatieJSON{a.out(ap)})
}

func (a *api) read(w http.ResponseWriter, r *http.Request) {
	if !zgw.RequireScope(w, r, zgw.AC, scopeLezen) {
		return
	}
	if err := zgw.CheckQuery(r); err != nil {
		zgw.WriteError(w, r, err)
		return
	}
	ap, err := a.store.GetApplicatie(r.Context(), r.PathValue("uuid"))
	if err != nil {
		zgw.WriteError(w, r, err)
		return
	}
	zgw.WriteJSON(w, r, http.StatusOK, a.out(ap))
}

func (a *api) create(w http.ResponseWriter, r *http.Request) {
	if !zgw.RequireScope(w, r, zgw.AC, scopeBijwerken) {
		return
	}
	var in applicatieIn
	if err := zgw.DecodeJSON(r, &in); err != nil {
		zgw.WriteError(w, r, err)
		return
	}
	var ap zgw.Applicatie
	in.apply(&ap)
	ap, err := a.store.CreateApplicatie(r.Context(), ap)
	if err != nil {
		zgw.WriteError(w, r, err)
		return
	}
	w.Header().Set("Location", a.env.URL(Prefix+"/applicaties/"+ap.ID))
	zgw.WriteJSON(w, r, http.StatusCreated, a.out(ap))
}

func (a *api) update(w http.ResponseWriter, r *http.Request) {
	if !zgw.RequireScope(w, r, zgw.AC, scopeBijwerken) {
		return
	}
	cur, err := a.store.GetApplicatie(r.Context(), r.PathValue("uuid"))
	if err != nil {
		zgw.WriteError(w, r, err)
		return
	}
	var in applicatieIn
	if err := zgw.DecodeJSON(r, &in); err != nil {
		zgw.WriteError(w, r, err)
		return
	}
	actie := event.PartialUpdate
	next := cur
	if r.Method == http.MethodPut {
		// PUT replaces: what is left out is empty, not kept.
		actie = event.Update
		next = zgw.Applicatie{ID: cur.ID}
	}
	in.apply(&next)
	ap, err := a.store.UpdateApplicatie(r.Context(), next, actie)
	if err != nil {
		zgw.WriteError(w, r, err)
		return
	}
	zgw.WriteJSON(w, r, http.StatusOK, a.out(ap))
}

func (a *api) delete(w http.ResponseWriter, r *http.Request) {
	if !zgw.RequireScope(w, r, zgw.AC, scopeBijwerken) {
		return
	}
	if err := a.store.DeleteApplicatie(r.Context(), r.PathValue("uuid")); err != nil {
		zgw.WriteError(w, r, err)
		return
	}
	zgw.NoContent(w)
}
