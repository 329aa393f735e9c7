package catalogi

import (
	"context"
	"net/http"
	"strings"

	"github.com/gemeenten/loket/internal/catalogus"
	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/zgw"
)

type catalogusJSON struct {
	URL                                string   `json:"url"`
	Domein                             string   `json:"domein"`
	RSIN                               string   `json:"rsin"`
	ContactpersoonBeheerNaam           string   `json:"contactpersoonBeheerNaam"`
	ContactpersoonBeheerTelefoonnummer string   `json:"contactpersoonBeheerTelefoonnummer"`
	ContactpersoonBeheerEmailadres     string   `json:"contactpersoonBeheerEmailadres"`
	ZaakTypen                          []string `json:"zaaktypen"`
	BesluitTypen                       []string `json:"besluittypen"`
	InformatieObjectTypen              []string `json:"informatieobjecttypen"`
	Naam                               *string  `json:"naam"`
	Versie                             *string  `json:"versie"`
	BegindatumVersie                   *string  `json:"begindatumVersie"`
}

type catalogusIn struct {
	Domein                             string  `json:"domein"`
	RSIN                               string  `json:"rsin"`
	ContactpersoonBeheerNaam           string  `json:"contactpersoonBeheerNaam"`
	ContactpersoonBeheerTelefoonnummer string  `json:"contactpersoonBeheerTelefoonnummer"`
	ContactpersoonBeheerEmailadres     string  `json:"contactpersoonBeheerEmailadres"`
	Naam                               *string `json:"naam"`
	Versie                             *string `json:"versie"`
	BegindatumVersie                   *string `json:"begindatumVersie"`
}

func (a *api) catalogusJSON(ctx context.Context, c *catalogus.Catalogus) (*catalogusJSON, error) {
	q := a.env.DB.R
	zt, err := catalogus.ZaakTypeIDsOf(ctx, q, c.ID)
	if err != nil {
		return nil, err
	}
	bt, err := catalogus.BesluitTypeIDsOf(ctx, q, c.ID)
	if err != nil {
		return nil, err
	}
	iot, err := catalogus.InformatieObjectTypeIDsOf(ctx, q, c.ID)
	if err != nil {
		return nil, err
	}
	naam, versie := c.Naam, c.Versie
	return &catalogusJSON{
		URL:                                a.url("catalogussen", c.ID),
		Domein:                             c.Domein,
		RSIN:                               c.RSIN,
		ContactpersoonBeheerNaam:           c.ContactpersoonBeheerNaam,
		ContactpersoonBeheerTelefoonnummer: c.ContactpersoonBeheerTelefoonnummer,
		ContactpersoonBeheerEmailadres:     c.ContactpersoonBeheerEmailadres,
		ZaakTypen:                          a.urls("zaaktypen", zt),
		BesluitTypen:                       a.urls("besluittypen", bt),
		InformatieObjectTypen:              a.urls("informatieobjecttypen", iot),
		Naam:                               &naam,
		Versie:                             &versie,
		BegindatumVersie:                   nullDate(c.BegindatumVersie),
	}, nil
}

func (a *api) listCatalogussen(w http.ResponseWriter, r *http.Request) {
	if !zgw.RequireScope(w, r, zgw.ZTC, ScopeLezen) {
		return
	}
	if err := zgw.CheckQuery(r, "domein", "domein__in", "rsin", "rsin__in", "page"); err != nil {
		zgw.WriteError(w, r, err)
		return
	}
	n, p, err := page(r)
	if err != nil {
		zgw.WriteError(w, r, err)
		return
	}
	q := r.URL.Query()
	f := catalogus.CatalogusAPIFilter{Domein: q.Get("domein"), RSIN: q.Get("rsin")}
	if q.Has("domein__in") {
		f.DomeinIn = splitComma(q.Get("domein__in"))
	}
	if q.Has("rsin__in") {
		f.RSINIn = splitComma(q.Get("rsin__in"))
	}
	res, err := catalogus.ListCatalogiAPI(r.Context(), a.env.DB.R, f, p)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	out := make([]*catalogusJSON, 0, len(res.Items))
	for i := range res.Items {
		j, err := a.catalogusJSON(r.Context(), &res.Items[i])
		if err != nil {
			a.fail(w, r, err)
			return
		}
		out = append(out, j)
	}
	a.writePage(w, r, n, res.Total, out)
}

func splitComma(s string) []string {
	out := []string{}
	for _, v := range strings.Split(s, ",") {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

func (a *api) getCatalogus(w http.ResponseWriter, r *http.Request) {
	if !zgw.RequireScope(w, r, zgw.ZTC, ScopeLezen) {
		return
	}
	if err := zgw.CheckQuery(r); err != nil {
		zgw.WriteError(w, r, err)
		return
	}
	c, err := catalogus.GetCatalogus(r.Context(), a.env.DB.R, r.PathValue("uuid"))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	j, err := a.catalogusJSON(r.Context(), c)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	zgw.WriteJSON(w, r, http.StatusOK, j)
}

func (a *api) createCatalogus(w http.ResponseWriter, r *http.Request) {
	if !zgw.RequireScope(w, r, zgw.ZTC, ScopeSchrijven) {
		return
	}
	body, err := readBody(r)
	if err != nil {
		zgw.WriteError(w, r, err)
		return
	}
	var in catalogusIn
	if err := decode(body, &in); err != nil {
		a.fail(w, r, err)
		return
	}
	var f errs.Fields
	c := catalogus.Catalogus{
		Domein: in.Domein, RSIN: in.RSIN, Naam: str(in.Naam), Versie: str(in.Versie),
		BegindatumVersie:                   parseDate(&f, "begindatumVersie", in.BegindatumVersie),
		ContactpersoonBeheerNaam:           in.ContactpersoonBeheerNaam,
		ContactpersoonBeheerTelefoonnummer: in.ContactpersoonBeheerTelefoonnummer,
		ContactpersoonBeheerEmailadres:     in.ContactpersoonBeheerEmailadres,
	}
	if err := f.Err(); err != nil {
		a.fail(w, r, err)
		return
	}
	created, err := a.store.CreateCatalogus(r.Context(), c)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	j, err := a.catalogusJSON(r.Context(), created)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	zgw.WriteJSON(w, r, http.StatusCreated, j)
}
