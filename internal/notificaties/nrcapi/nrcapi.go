// Package nrcapi serves the Notificaties API 1.0.0 (/notificaties/api/v1):
// kanalen, abonnementen and publishing, over notificaties.Service.
//
// Abonnementen are the subscriber's: a client sees, changes and deletes
// only the abonnementen it made (a client with heeftAlleAutorisaties sees
// all), because an abonnement carries the Authorization header value the
// subscriber gave to receive its messages.
package nrcapi

import (
	"net/http"
	"strings"
	"time"

	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/notificaties"
	"github.com/gemeenten/loket/internal/zgw"
)

// Version is the API version served.
const Version = "1.0.0"

// Prefix is where the lead mounts the handler.
const Prefix = "/notificaties/api/v1"

const (
	scopeConsumeren = "notificaties.consumeren"
	scopePubliceren = "notificaties.publiceren"
)

type api struct {
	env *zgw.Env
	s   *notificaties.Service
}

// Handler serves the API at paths relative to Prefix; mount it with
// env.Mount(mux, nrcapi.Prefix, zgw.NRC, nrcapi.Version, h).
func Handler(env *zgw.Env, s *notificaties.Service) http.Handler {
	a := &api{env: env, s: s}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /kanaal", a.listKanalen)
	mux.HandleFunc("POST /kanaal", a.createKanaal)
	mux.HandleFunc("GET /kanaal/{uuid}", a.readKanaal)
	mux.HandleFunc("GET /abonnement", a.listAbonnementen)
	mux.HandleFunc("POST /abonnement", a.createAbonnement)
	mux.HandleFunc("GET /abonnement/{uuid}", a.readAbonnement)
	mux.HandleFunc("PUT /abonnement/{uuid}", a.updateAbonnement)
	mux.HandleFunc("PATCH /abonnement/{uuid}", a.updateAbonnement)
	mux.HandleFunc("DELETE /abonnement/{uuid}", a.deleteAbonnement)
	mux.HandleFunc("POST /notificaties", a.publish)
	return mux
}

type kanaalJSON struct {
	URL              string   `json:"url"`
	Naam             string   `json:"naam"`
	DocumentatieLink string   `json:"documentatieLink"`
	Filters          []string `json:"filters"`
}

func (a *api) kanaal(k notificaties.Kanaal) kanaalJSON {
	f := k.Filters
	if f == nil {
		f = []string{}
	}
	return kanaalJSON{URL: a.env.URL(Prefix + "/kanaal/" + k.ID), Naam: k.Naam, DocumentatieLink: k.DocumentatieLink, Filters: f}
}

func (a *api) listKanalen(w http.ResponseWriter, r *http.Request) {
	if !zgw.RequireScope(w, r, zgw.NRC, scopePubliceren, scopeConsumeren) {
		return
	}
	if err := zgw.CheckQuery(r, "naam"); err != nil {
		zgw.WriteError(w, r, err)
		return
	}
	ks, err := a.s.ListKanalen(r.Context(), r.URL.Query().Get("naam"))
	if err != nil {
		zgw.WriteError(w, r, err)
		return
	}
	out := make([]kanaalJSON, 0, len(ks))
	for _, k := range ks {
		out = append(out, a.kanaal(k))
	}
	zgw.WriteJSON(w, r, http.StatusOK, out)
}

func (a *api) readKanaal(w http.ResponseWriter, r *http.Request) {
	if !zgw.RequireScope(w, r, zgw.NRC, scopePubliceren, scopeConsumeren) {
		return
	}
	if err := zgw.CheckQuery(r); err != nil {
		zgw.WriteError(w, r, err)
		return
	}
	k, err := a.s.GetKanaal(r.Context(), r.PathValue("uuid"))
	if err != nil {
		zgw.WriteError(w, r, err)
		return
	}
	zgw.WriteJSON(w, r, http.StatusOK, a.kanaal(*k))
}

func (a *api) createKanaal(w http.ResponseWriter, r *http.Request) {
	if !zgw.RequireScope(w, r, zgw.NRC, scopePubliceren) {
		return
	}
	var in struct {
		Naam             *string  `json:"naam"`
		DocumentatieLink string   `json:"documentatieLink"`
		Filters          []string `json:"filters"`
	}
	if err := zgw.DecodeJSON(r, &in); err != nil {
		zgw.WriteError(w, r, err)
		return
	}
	if in.Naam == nil {
		zgw.WriteError(w, r, errs.InvalidField("naam", "required", "Dit veld is vereist."))
		return
	}
	k, err := a.s.CreateKanaal(r.Context(), notificaties.Kanaal{Naam: *in.Naam, DocumentatieLink: in.DocumentatieLink, Filters: in.Filters})
	if err != nil {
		zgw.WriteError(w, r, err)
		return
	}
	out := a.kanaal(*k)
	w.Header().Set("Location", out.URL)
	zgw.WriteJSON(w, r, http.StatusCreated, out)
}

type filterGroupJSON struct {
	Naam    string            `json:"naam"`
	Filters map[string]string `json:"filters"`
}

type abonnementJSON struct {
	URL         string            `json:"url"`
	CallbackURL string            `json:"callbackUrl"`
	Auth        string            `json:"auth"`
	Kanalen     []filterGroupJSON `json:"kanalen"`
}

type abonnementIn struct {
	CallbackURL *string            `json:"callbackUrl"`
	Auth        *string            `json:"auth"`
	Kanalen     *[]filterGroupJSON `json:"kanalen"`
}

func (a *api) abonnement(ab *notificaties.Abonnement) abonnementJSON {
	out := abonnementJSON{URL: a.env.URL(Prefix + "/abonnement/" + ab.ID), CallbackURL: ab.CallbackURL, Auth: ab.Auth,
		Kanalen: []filterGroupJSON{}}
	for _, g := range ab.Kanalen {
		f := g.Filters
		if f == nil {
			f = map[string]string{}
		}
		out.Kanalen = append(out.Kanalen, filterGroupJSON{Naam: g.Naam, Filters: f})
	}
	return out
}

func groups(in []filterGroupJSON) []notificaties.FilterGroup {
	out := make([]notificaties.FilterGroup, 0, len(in))
	for _, g := range in {
		out = append(out, notificaties.FilterGroup{Naam: g.Naam, Filters: g.Filters})
	}
	return out
}

// owns reports whether the request's client may see and change ab.
func owns(r *http.Request, ab *notificaties.Abonnement) bool {
	c := zgw.ClientFrom(r.Context())
	return c != nil && (c.HeeftAlleAutorisaties || c.ID == ab.ClientID)
}

func (a *api) listAbonnementen(w http.ResponseWriter, r *http.Request) {
	if !zgw.RequireScope(w, r, zgw.NRC, scopeConsumeren, scopePubliceren) {
		return
	}
	if err := zgw.CheckQuery(r); err != nil {
		zgw.WriteError(w, r, err)
		return
	}
	all, err := a.s.ListAbonnementen(r.Context())
	if err != nil {
		zgw.WriteError(w, r, err)
		return
	}
	out := []abonnementJSON{}
	for i := range all {
		if owns(r, &all[i]) {
			out = append(out, a.abonnement(&all[i]))
		}
	}
	zgw.WriteJSON(w, r, http.StatusOK, out)
}

// load reads the abonnement of the path; another client's is not found.
func (a *api) load(w http.ResponseWriter, r *http.Request) *notificaties.Abonnement {
	ab, err := a.s.GetAbonnement(r.Context(), r.PathValue("uuid"))
	if err == nil && !owns(r, ab) {
		err = errs.NotFoundf("abonnement", r.PathValue("uuid"))
	}
	if err != nil {
		zgw.WriteError(w, r, err)
		return nil
	}
	return ab
}

func (a *api) readAbonnement(w http.ResponseWriter, r *http.Request) {
	if !zgw.RequireScope(w, r, zgw.NRC, scopeConsumeren, scopePubliceren) {
		return
	}
	if err := zgw.CheckQuery(r); err != nil {
		zgw.WriteError(w, r, err)
		return
	}
	if ab := a.load(w, r); ab != nil {
		zgw.WriteJSON(w, r, http.StatusOK, a.abonnement(ab))
	}
}

func (a *api) createAbonnement(w http.ResponseWriter, r *http.Request) {
	if !zgw.RequireScope(w, r, zgw.NRC, scopeConsumeren) {
		return
	}
	var in abonnementIn
	if err := zgw.DecodeJSON(r, &in); err != nil {
		zgw.WriteError(w, r, err)
		return
	}
	var f errs.Fields
	if in.CallbackURL == nil {
		f.Add("callbackUrl", "required", "Dit veld is vereist.")
	}
	if in.Auth == nil {
		f.Add("auth", "required", "Dit veld is vereist.")
	}
	if in.Kanalen == nil {
		f.Add("kanalen", "required", "Dit veld is vereist.")
	}
	if err := f.Err(); err != nil {
		zgw.WriteError(w, r, err)
		return
	}
	ab, err := a.s.CreateAbonnement(r.Context(), notificaties.Abonnement{
		CallbackURL: *in.CallbackURL, Auth: *in.Auth, Kanalen: groups(*in.Kanalen),
		ClientID: zgw.ClientFrom(r.Context()).ID,
	})
	if err != nil {
		zgw.WriteError(w, r, err)
		return
	}
	out := a.abonnement(ab)
	w.Header().Set("Location", out.URL)
	zgw.WriteJSON(w, r, http.StatusCreated, out)
}

func (a *api) updateAbonnement(w http.ResponseWriter, r *http.Request) {
	if !zgw.RequireScope(w, r, zgw.NRC, scopeConsumeren) {
		return
	}
	ab := a.load(w, r)
	if ab == nil {
		return
	}
	var in abonnementIn
	if err := zgw.DecodeJSON(r, &in); err != nil {
		zgw.WriteError(w, r, err)
		return
	}
	if r.Method == http.MethodPut {
		var f errs.Fields
		if in.CallbackURL == nil {
			f.Add("callbackUrl", "required", "Dit veld is vereist.")
		}
		if in.Auth == nil {
			f.Add("auth", "required", "Dit veld is vereist.")
		}
		if in.Kanalen == nil {
			f.Add("kanalen", "required", "Dit veld is vereist.")
		}
		if err := f.Err(); err != nil {
			zgw.WriteError(w, r, err)
			return
		}
	}
	p := notificaties.AbonnementPatch{CallbackURL: in.CallbackURL, Auth: in.Auth}
	if in.Kanalen != nil {
		g := groups(*in.Kanalen)
		p.Kanalen = &g
	}
	out, err := a.s.UpdateAbonnement(r.Context(), ab.ID, p)
	if err != nil {
		zgw.WriteError(w, r, err)
		return
	}
	zgw.WriteJSON(w, r, http.StatusOK, a.abonnement(out))
}

func (a *api) deleteAbonnement(w http.ResponseWriter, r *http.Request) {
	if !zgw.RequireScope(w, r, zgw.NRC, scopeConsumeren) {
		return
	}
	ab := a.load(w, r)
	if ab == nil {
		return
	}
	if err := a.s.DeleteAbonnement(r.Context(), ab.ID); err != nil {
		zgw.WriteError(w, r, err)
		return
	}
	zgw.NoContent(w)
}

type messageJSON struct {
	Kanaal       string            `json:"kanaal"`
	HoofdObject  string            `json:"hoofdObject"`
	Resource     string            `json:"resource"`
	ResourceURL  string            `json:"resourceUrl"`
	Actie        string            `json:"actie"`
	Aanmaakdatum string            `json:"aanmaakdatum"`
	Kenmerken    map[string]string `json:"kenmerken"`
}

// publish routes a producer's message (POST /notificaties) to the
// abonnementen; the answer echoes the message, as the standard says.
func (a *api) publish(w http.ResponseWriter, r *http.Request) {
	if !zgw.RequireScope(w, r, zgw.NRC, scopePubliceren) {
		return
	}
	var in messageJSON
	if err := zgw.DecodeJSON(r, &in); err != nil {
		zgw.WriteError(w, r, err)
		return
	}
	m := notificaties.Message{Kanaal: in.Kanaal, HoofdObject: in.HoofdObject, Resource: in.Resource,
		ResourceURL: in.ResourceURL, Actie: in.Actie, Kenmerken: in.Kenmerken}
	if in.Aanmaakdatum != "" {
		t, err := time.Parse(time.RFC3339Nano, in.Aanmaakdatum)
		if err != nil {
			zgw.WriteError(w, r, errs.InvalidField("aanmaakdatum", "invalid",
				"Datum/tijd heeft een verkeerd formaat; gebruik bijvoorbeeld 2026-03-02T09:30:00Z."))
			return
		}
		m.Aanmaakdatum = t
	}
	if _, err := a.s.Publish(r.Context(), m); err != nil {
		zgw.WriteError(w, r, err)
		return
	}
	if in.Kenmerken == nil {
		in.Kenmerken = map[string]string{}
	}
	in.Aanmaakdatum = strings.TrimSpace(in.Aanmaakdatum)
	zgw.WriteJSON(w, r, http.StatusOK, in)
}
