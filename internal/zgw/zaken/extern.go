package zaken

import (
	"net/http"

	"github.com/gemeenten/loket/internal/zaak"
	"github.com/gemeenten/loket/internal/zgw"
)

// zaakcontactmomenten and zaakverzoeken: a zaak's relations with a
// contactmoment or a verzoek of another API, by URL. Loket stores the
// relation; it does not mirror it into that API (zrc-024/025), as it holds
// no credentials for other servers.

func (a *api) externRoutes(mux *http.ServeMux) {
	for _, soort := range []string{zaak.ExternContactmoment, zaak.ExternVerzoek} {
		path := "/zaak" + soort + "en"
		mux.HandleFunc("GET "+path, a.listExtern(soort))
		mux.HandleFunc("POST "+path, a.createExtern(soort))
		mux.HandleFunc("GET "+path+"/{uuid}", a.getExtern(soort))
		mux.HandleFunc("DELETE "+path+"/{uuid}", a.deleteExtern(soort))
	}
}

func (a *api) externJSON(l zaak.ExternLink) map[string]string {
	return map[string]string{"url": a.url("/zaken/api/v1/zaak"+l.Soort+"en/", l.ID), "uuid": l.ID,
		"zaak": a.zaakURL(l.ZaakID), l.Soort: l.URL}
}

func (a *api) listExtern(soort string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !zgw.RequireScope(w, r, zgw.ZRC, ScopeLezen) {
			return
		}
		if err := zgw.CheckQuery(r, "zaak", soort); err != nil {
			a.fail(w, r, err)
			return
		}
		out := []map[string]string{}
		zaakID := ""
		if u := r.URL.Query().Get("zaak"); u != "" {
			id, ok := a.env.ParseOwnURL(u, pathZaken)
			if !ok {
				zgw.WriteJSON(w, r, http.StatusOK, out)
				return
			}
			zaakID = id
		}
		list, err := a.zaken.ExternLinks(r.Context(), a.access(r, ScopeLezen), soort, zaakID, r.URL.Query().Get(soort))
		if err != nil {
			a.fail(w, r, err)
			return
		}
		for _, l := range list {
			out = append(out, a.externJSON(l))
		}
		zgw.WriteJSON(w, r, http.StatusOK, out)
	}
}

func (a *api) getExtern(soort string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !zgw.RequireScope(w, r, zgw.ZRC, ScopeLezen) {
			return
		}
		l, err := a.zaken.GetExternLink(r.Context(), soort, r.PathValue("uuid"))
		if err == nil {
			err = a.readPart(r, l.ZaakID)
		}
		if err != nil {
			a.fail(w, r, err)
			return
		}
		zgw.WriteJSON(w, r, http.StatusOK, a.externJSON(*l))
	}
}

func (a *api) createExtern(soort string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !zgw.RequireScope(w, r, zgw.ZRC, ScopeBijwerken) {
			return
		}
		b, err := readBody(r)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		b.Require("zaak", soort)
		z, err := a.partZaak(r.Context(), &b.F, b.S("zaak"))
		if err != nil {
			a.fail(w, r, err)
			return
		}
		u := b.S(soort)
		if err := b.Err(); err != nil {
			a.fail(w, r, err)
			return
		}
		ctx, err := a.writeCtx(r, z, ScopeBijwerken)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		l, err := a.zaken.AddExternLink(ctx, z.ID, soort, u)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		zgw.WriteJSON(w, r, http.StatusCreated, a.externJSON(*l))
	}
}

func (a *api) deleteExtern(soort string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !zgw.RequireScope(w, r, zgw.ZRC, ScopeBijwerken) {
			return
		}
		l, err := a.zaken.GetExternLink(r.Context(), soort, r.PathValue("uuid"))
		if err != nil {
			a.fail(w, r, err)
			return
		}
		z, err := a.zaakRef(r.Context(), l.ZaakID)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		ctx, err := a.writeCtx(r, z, ScopeBijwerken)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		if err := a.zaken.RemoveExternLink(ctx, soort, l.ID); err != nil {
			a.fail(w, r, err)
			return
		}
		zgw.NoContent(w)
	}
}
