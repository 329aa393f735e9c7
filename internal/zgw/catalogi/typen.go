package catalogi

import (
	"context"
	"database/sql"
	"net/http"
	"slices"
	"strings"

	"github.com/gemeenten/loket/internal/catalogus"
	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/zgw"
)

// ---- InformatieObjectType ----

type omschrijvingGeneriekJSON struct {
	InformatieobjecttypeOmschrijvingGeneriek           string  `json:"informatieobjecttypeOmschrijvingGeneriek"`
	DefinitieInformatieobjecttypeOmschrijvingGeneriek  string  `json:"definitieInformatieobjecttypeOmschrijvingGeneriek"`
	HerkomstInformatieobjecttypeOmschrijvingGeneriek   string  `json:"herkomstInformatieobjecttypeOmschrijvingGeneriek"`
	HierarchieInformatieobjecttypeOmschrijvingGeneriek string  `json:"hierarchieInformatieobjecttypeOmschrijvingGeneriek"`
	OpmerkingInformatieobjecttypeOmschrijvingGeneriek  *string `json:"opmerkingInformatieobjecttypeOmschrijvingGeneriek"`
}

type iotJSON struct {
	URL                         string                   `json:"url"`
	Catalogus                   string                   `json:"catalogus"`
	Omschrijving                string                   `json:"omschrijving"`
	Vertrouwelijkheidaanduiding string                   `json:"vertrouwelijkheidaanduiding"`
	BeginGeldigheid             string                   `json:"beginGeldigheid"`
	EindeGeldigheid             *string                  `json:"eindeGeldigheid"`
	BeginObject                 *string                  `json:"beginObject"`
	EindeObject                 *string                  `json:"eindeObject"`
	Concept                     bool                     `json:"concept"`
	ZaakTypen                   []string                 `json:"zaaktypen"`
	BesluitTypen                []string                 `json:"besluittypen"`
	Informatieobjectcategorie   string                   `json:"informatieobjectcategorie"`
	Trefwoord                   []string                 `json:"trefwoord"`
	OmschrijvingGeneriek        omschrijvingGeneriekJSON `json:"omschrijvingGeneriek"`
}

type iotIn struct {
	Catalogus                   string                    `json:"catalogus"`
	Omschrijving                string                    `json:"omschrijving"`
	Vertrouwelijkheidaanduiding string                    `json:"vertrouwelijkheidaanduiding"`
	BeginGeldigheid             *string                   `json:"beginGeldigheid"`
	EindeGeldigheid             *string                   `json:"eindeGeldigheid"`
	Informatieobjectcategorie   string                    `json:"informatieobjectcategorie"`
	Trefwoord                   []string                  `json:"trefwoord"`
	OmschrijvingGeneriek        *omschrijvingGeneriekJSON `json:"omschrijvingGeneriek"`
}

func informatieObjectTypen(a *api) resourceDef {
	get := func(ctx context.Context, r *http.Request, id string) (any, error) {
		t, err := catalogus.GetInformatieObjectType(ctx, a.env.DB.R, id)
		if err != nil {
			return nil, err
		}
		return a.iotJSON(ctx, t, a.dateOn(r))
	}
	return resourceDef{
		path:         "informatieobjecttypen",
		createScopes: []string{ScopeSchrijven},
		list:         a.listIOT,
		get:          get,
		create: func(ctx context.Context, body map[string]any) (string, error) {
			t, err := a.iotFromBody(body)
			if err != nil {
				return "", err
			}
			created, err := a.store.CreateInformatieObjectType(ctx, *t)
			if err != nil {
				return "", err
			}
			return created.ID, nil
		},
		update: func(ctx context.Context, id string, body map[string]any, o catalogus.Options) error {
			old, err := catalogus.GetInformatieObjectType(ctx, a.env.DB.R, id)
			if err != nil {
				return err
			}
			t, err := a.iotFromBody(body)
			if err != nil {
				return err
			}
			if t.CatalogusID != old.CatalogusID {
				return errCatalogusChange()
			}
			_, err = a.store.UpdateInformatieObjectType(ctx, id, *t, o)
			return err
		},
		del: func(ctx context.Context, id string) error { return a.store.DeleteInformatieObjectType(ctx, id) },
		publish: func(ctx context.Context, id string) error {
			_, err := a.store.PublishInformatieObjectType(ctx, id)
			return err
		},
		createdStatus: http.StatusCreated,
		deleteStatus:  http.StatusNoContent,
	}
}

func (a *api) iotFromBody(body map[string]any) (*catalogus.InformatieObjectType, error) {
	var in iotIn
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	var f errs.Fields
	t := &catalogus.InformatieObjectType{Omschrijving: in.Omschrijving, Vertrouwelijkheidaanduiding: in.Vertrouwelijkheidaanduiding,
		Informatieobjectcategorie: in.Informatieobjectcategorie, Trefwoord: list(in.Trefwoord),
		BeginGeldigheid: parseDate(&f, "beginGeldigheid", in.BeginGeldigheid), EindeGeldigheid: parseDate(&f, "eindeGeldigheid", in.EindeGeldigheid)}
	if g := in.OmschrijvingGeneriek; g != nil {
		t.OmschrijvingGeneriek = catalogus.InformatieObjectTypeOmschrijvingGeneriek{
			InformatieobjecttypeOmschrijvingGeneriek:           g.InformatieobjecttypeOmschrijvingGeneriek,
			DefinitieInformatieobjecttypeOmschrijvingGeneriek:  g.DefinitieInformatieobjecttypeOmschrijvingGeneriek,
			HerkomstInformatieobjecttypeOmschrijvingGeneriek:   g.HerkomstInformatieobjecttypeOmschrijvingGeneriek,
			HierarchieInformatieobjecttypeOmschrijvingGeneriek: g.HierarchieInformatieobjecttypeOmschrijvingGeneriek,
			OpmerkingInformatieobjecttypeOmschrijvingGeneriek:  str(g.OpmerkingInformatieobjecttypeOmschrijvingGeneriek),
		}
	}
	if in.Catalogus == "" {
		f.Add("catalogus", "required", "Dit veld is verplicht.")
	} else if id, err := a.ref("catalogus", in.Catalogus, "catalogussen"); err != nil {
		addErr(&f, err)
	} else {
		t.CatalogusID = id
	}
	return t, f.Err()
}

// names2 runs a query of (name, name) rows and returns the names.
func (a *api) names2(ctx context.Context, query string, args ...any) ([]string, error) {
	out := []string{}
	err := a.pairs(ctx, query, args, func(n, _ string) { out = append(out, n) })
	return out, err
}

func (a *api) iotJSON(ctx context.Context, t *catalogus.InformatieObjectType, d date.Date) (*iotJSON, error) {
	q := a.env.DB.R
	g := t.OmschrijvingGeneriek
	j := &iotJSON{URL: a.url("informatieobjecttypen", t.ID), Catalogus: a.url("catalogussen", t.CatalogusID),
		Omschrijving: t.Omschrijving, Vertrouwelijkheidaanduiding: t.Vertrouwelijkheidaanduiding,
		BeginGeldigheid: t.BeginGeldigheid.String(), EindeGeldigheid: nullDate(t.EindeGeldigheid), Concept: t.Concept,
		Informatieobjectcategorie: t.Informatieobjectcategorie, Trefwoord: list(t.Trefwoord),
		OmschrijvingGeneriek: omschrijvingGeneriekJSON{
			InformatieobjecttypeOmschrijvingGeneriek:           g.InformatieobjecttypeOmschrijvingGeneriek,
			DefinitieInformatieobjecttypeOmschrijvingGeneriek:  g.DefinitieInformatieobjecttypeOmschrijvingGeneriek,
			HerkomstInformatieobjecttypeOmschrijvingGeneriek:   g.HerkomstInformatieobjecttypeOmschrijvingGeneriek,
			HierarchieInformatieobjecttypeOmschrijvingGeneriek: g.HierarchieInformatieobjecttypeOmschrijvingGeneriek,
		}}
	if g.OpmerkingInformatieobjecttypeOmschrijvingGeneriek != "" {
		s := g.OpmerkingInformatieobjecttypeOmschrijvingGeneriek
		j.OmschrijvingGeneriek.OpmerkingInformatieobjecttypeOmschrijvingGeneriek = &s
	}
	// Relations are by name (ztc-011c): every version of this
	// informatieobjecttype counts.
	idents, err := a.names2(ctx, `SELECT DISTINCT z.identificatie, z.identificatie FROM zaaktype_informatieobjecttypen l
		JOIN informatieobjecttypen i ON i.id = l.informatieobjecttype_id JOIN zaaktypen z ON z.id = l.zaaktype_id
		WHERE i.catalogus_id = $1 AND i.omschrijving = $2 ORDER BY z.identificatie`, t.CatalogusID, t.Omschrijving)
	if err != nil {
		return nil, err
	}
	if j.ZaakTypen, err = a.validURLs(ctx, nil, "zaaktypen", "zaaktypen", t.CatalogusID, idents, d); err != nil {
		return nil, err
	}
	names, err := a.names2(ctx, `SELECT DISTINCT b.omschrijving, b.omschrijving FROM besluittype_informatieobjecttypen l
		JOIN informatieobjecttypen i ON i.id = l.informatieobjecttype_id JOIN besluittypen b ON b.id = l.besluittype_id
		WHERE i.catalogus_id = $1 AND i.omschrijving = $2 ORDER BY b.omschrijving`, t.CatalogusID, t.Omschrijving)
	if err != nil {
		return nil, err
	}
	if j.BesluitTypen, err = a.validURLs(ctx, nil, "besluittypen", "besluittypen", t.CatalogusID, names, d); err != nil {
		return nil, err
	}
	b, e, err := catalogus.ObjectPeriod(ctx, q, "informatieobjecttypen", t.CatalogusID, t.Omschrijving)
	if err != nil {
		return nil, err
	}
	j.BeginObject, j.EindeObject = nullDate(b), nullDate(e)
	return j, nil
}

func (a *api) listIOT(w http.ResponseWriter, r *http.Request) {
	if err := zgw.CheckQuery(r, "catalogus", "status", "datumGeldigheid", "omschrijving", "page"); err != nil {
		zgw.WriteError(w, r, err)
		return
	}
	f := catalogus.TypeFilter{Omschrijving: r.URL.Query().Get("omschrijving"), Status: statusParam(r)}
	listSub(a, w, r, func(p catalogus.Page) (catalogus.List[catalogus.InformatieObjectType], bool, error) {
		var none bool
		var err error
		if f.CatalogusID, none, err = a.filterRef(r, "catalogus", "catalogussen"); err != nil || none {
			return catalogus.List[catalogus.InformatieObjectType]{}, none, err
		}
		if f.DatumGeldigheid, err = dateParam(r, "datumGeldigheid"); err != nil {
			return catalogus.List[catalogus.InformatieObjectType]{}, false, err
		}
		l, err := catalogus.ListInformatieObjectTypen(r.Context(), a.env.DB.R, f, p)
		return l, false, err
	}, func(_ zaakTypeCache, t *catalogus.InformatieObjectType) (any, error) {
		return a.iotJSON(r.Context(), t, a.dateOn(r))
	})
}

// ---- BesluitType ----

type besluitTypeJSON struct {
	URL                        string   `json:"url"`
	Catalogus                  string   `json:"catalogus"`
	ZaakTypen                  []string `json:"zaaktypen"`
	Omschrijving               string   `json:"omschrijving"`
	OmschrijvingGeneriek       string   `json:"omschrijvingGeneriek"`
	Besluitcategorie           string   `json:"besluitcategorie"`
	Reactietermijn             *string  `json:"reactietermijn"`
	PublicatieIndicatie        bool     `json:"publicatieIndicatie"`
	Publicatietekst            string   `json:"publicatietekst"`
	Publicatietermijn          *string  `json:"publicatietermijn"`
	Toelichting                string   `json:"toelichting"`
	InformatieObjectTypen      []string `json:"informatieobjecttypen"`
	BeginGeldigheid            string   `json:"beginGeldigheid"`
	EindeGeldigheid            *string  `json:"eindeGeldigheid"`
	BeginObject                *string  `json:"beginObject"`
	EindeObject                *string  `json:"eindeObject"`
	Concept                    bool     `json:"concept"`
	ResultaatTypen             []string `json:"resultaattypen"`
	ResultaatTypenOmschrijving []string `json:"resultaattypenOmschrijving"`
	VastgelegdIn               []string `json:"vastgelegdIn"`
}

type besluitTypeIn struct {
	Catalogus             string   `json:"catalogus"`
	Omschrijving          string   `json:"omschrijving"`
	OmschrijvingGeneriek  string   `json:"omschrijvingGeneriek"`
	Besluitcategorie      string   `json:"besluitcategorie"`
	Reactietermijn        *string  `json:"reactietermijn"`
	PublicatieIndicatie   *bool    `json:"publicatieIndicatie"`
	Publicatietekst       string   `json:"publicatietekst"`
	Publicatietermijn     *string  `json:"publicatietermijn"`
	Toelichting           string   `json:"toelichting"`
	InformatieObjectTypen []string `json:"informatieobjecttypen"`
	BeginGeldigheid       *string  `json:"beginGeldigheid"`
	EindeGeldigheid       *string  `json:"eindeGeldigheid"`
}

func besluitTypen(a *api) resourceDef {
	return resourceDef{
		path:         "besluittypen",
		createScopes: []string{ScopeSchrijven},
		list:         a.listBesluitTypen,
		get: func(ctx context.Context, r *http.Request, id string) (any, error) {
			t, err := catalogus.GetBesluitType(ctx, a.env.DB.R, id)
			if err != nil {
				return nil, err
			}
			return a.besluitTypeJSON(ctx, t, a.dateOn(r))
		},
		create: func(ctx context.Context, body map[string]any) (string, error) {
			t, iots, err := a.besluitTypeFromBody(ctx, body, "")
			if err != nil {
				return "", err
			}
			var id string
			err = a.tx(ctx, func(_ *sql.Tx, s *catalogus.Store) error {
				created, err := s.CreateBesluitType(ctx, *t)
				if err != nil {
					return err
				}
				id = created.ID
				for _, iot := range iots {
					if err := s.LinkBesluitTypeInformatieObjectType(ctx, id, iot, catalogus.Options{}); err != nil {
						return err
					}
				}
				return nil
			})
			return id, err
		},
		update: func(ctx context.Context, id string, body map[string]any, o catalogus.Options) error {
			old, err := catalogus.GetBesluitType(ctx, a.env.DB.R, id)
			if err != nil {
				return err
			}
			if c, ok := body["catalogus"].(string); ok && c != a.url("catalogussen", old.CatalogusID) {
				return errCatalogusChange()
			}
			t, iots, err := a.besluitTypeFromBody(ctx, body, old.CatalogusID)
			if err != nil {
				return err
			}
			oldNames, err := a.iotNames(ctx, old.InformatieObjectTypeIDs)
			if err != nil {
				return err
			}
			newNames, err := a.iotNames(ctx, iots)
			if err != nil {
				return err
			}
			return a.tx(ctx, func(_ *sql.Tx, s *catalogus.Store) error {
				if _, err := s.UpdateBesluitType(ctx, id, *t, o); err != nil {
					return err
				}
				if sameSet(oldNames, newNames) {
					return nil
				}
				for _, iot := range old.InformatieObjectTypeIDs {
					n, err := a.iotNames(ctx, []string{iot})
					if err != nil {
						return err
					}
					if !slices.Contains(newNames, n[0]) {
						if err := s.UnlinkBesluitTypeInformatieObjectType(ctx, id, iot); err != nil {
							return err
						}
					}
				}
				for _, iot := range iots {
					n, err := a.iotNames(ctx, []string{iot})
					if err != nil {
						return err
					}
					if !slices.Contains(oldNames, n[0]) {
						if err := s.LinkBesluitTypeInformatieObjectType(ctx, id, iot, o); err != nil {
							return err
						}
					}
				}
				return nil
			})
		},
		del: func(ctx context.Context, id string) error { return a.store.DeleteBesluitType(ctx, id) },
		stored: func(ctx context.Context, id string, m map[string]any) error {
			t, err := catalogus.GetBesluitType(ctx, a.env.DB.R, id)
			if err != nil {
				return err
			}
			names, err := a.iotNames(ctx, t.InformatieObjectTypeIDs)
			m["informatieobjecttypen"] = list(names)
			return err
		},
		publish: func(ctx context.Context, id string) error {
			_, err := a.store.PublishBesluitType(ctx, id)
			return err
		},
		createdStatus: http.StatusCreated,
		deleteStatus:  http.StatusNoContent,
	}
}

func (a *api) iotNames(ctx context.Context, ids []string) ([]string, error) {
	var out []string
	for _, id := range ids {
		t, err := catalogus.GetInformatieObjectType(ctx, a.env.DB.R, id)
		if err != nil {
			return nil, err
		}
		out = append(out, t.Omschrijving)
	}
	return out, nil
}

// besluitTypeFromBody decodes a besluittype body; its informatieobjecttypen
// (URLs or omschrijvingen) become ids in the catalogus.
func (a *api) besluitTypeFromBody(ctx context.Context, body map[string]any, catalogusID string) (*catalogus.BesluitType, []string, error) {
	var in besluitTypeIn
	if err := decode(body, &in); err != nil {
		return nil, nil, err
	}
	var f errs.Fields
	t := &catalogus.BesluitType{Omschrijving: in.Omschrijving, OmschrijvingGeneriek: in.OmschrijvingGeneriek,
		Besluitcategorie: in.Besluitcategorie, Publicatietekst: in.Publicatietekst, Toelichting: in.Toelichting,
		BeginGeldigheid: parseDate(&f, "beginGeldigheid", in.BeginGeldigheid), EindeGeldigheid: parseDate(&f, "eindeGeldigheid", in.EindeGeldigheid)}
	t.Reactietermijn = catalogus.ParseTermijn(&f, "reactietermijn", str(in.Reactietermijn))
	t.Publicatietermijn = catalogus.ParseTermijn(&f, "publicatietermijn", str(in.Publicatietermijn))
	if in.PublicatieIndicatie == nil {
		f.Add("publicatieIndicatie", "required", "Dit veld is verplicht.")
	} else {
		t.PublicatieIndicatie = *in.PublicatieIndicatie
	}
	if in.InformatieObjectTypen == nil {
		f.Add("informatieobjecttypen", "required", "Dit veld is verplicht.")
	}
	if catalogusID == "" {
		if in.Catalogus == "" {
			f.Add("catalogus", "required", "Dit veld is verplicht.")
		} else if id, err := a.ref("catalogus", in.Catalogus, "catalogussen"); err != nil {
			addErr(&f, err)
		} else {
			catalogusID = id
		}
	}
	t.CatalogusID = catalogusID
	if err := f.Err(); err != nil {
		return nil, nil, err
	}
	var ids []string
	for _, v := range in.InformatieObjectTypen {
		var id string
		var err error
		if strings.HasPrefix(v, "http://") || strings.HasPrefix(v, "https://") {
			if id, err = a.ref("informatieobjecttypen", v, "informatieobjecttypen"); err != nil {
				return nil, nil, err
			}
		} else {
			if id, err = catalogus.LatestVersionID(ctx, a.env.DB.R, "informatieobjecttypen", catalogusID, v); err != nil {
				return nil, nil, err
			}
			if id == "" {
				return nil, nil, errs.InvalidField("informatieobjecttypen", "does_not_exist", "Er is in deze catalogus geen informatieobjecttype met omschrijving \""+v+"\".")
			}
		}
		if !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	return t, ids, nil
}

func (a *api) besluitTypeJSON(ctx context.Context, t *catalogus.BesluitType, d date.Date) (*besluitTypeJSON, error) {
	q := a.env.DB.R
	j := &besluitTypeJSON{URL: a.url("besluittypen", t.ID), Catalogus: a.url("catalogussen", t.CatalogusID),
		Omschrijving: t.Omschrijving, OmschrijvingGeneriek: t.OmschrijvingGeneriek, Besluitcategorie: t.Besluitcategorie,
		Reactietermijn: nullDuration(t.Reactietermijn), PublicatieIndicatie: t.PublicatieIndicatie, Publicatietekst: t.Publicatietekst,
		Publicatietermijn: nullDuration(t.Publicatietermijn), Toelichting: t.Toelichting, BeginGeldigheid: t.BeginGeldigheid.String(),
		EindeGeldigheid: nullDate(t.EindeGeldigheid), Concept: t.Concept, ResultaatTypen: []string{}, ResultaatTypenOmschrijving: []string{}}
	// Relations are by name (ztc-011a/b): every version of this besluittype counts.
	idents, err := a.names2(ctx, `SELECT DISTINCT z.identificatie, z.identificatie FROM zaaktype_besluittypen l
		JOIN besluittypen b ON b.id = l.besluittype_id JOIN zaaktypen z ON z.id = l.zaaktype_id
		WHERE b.catalogus_id = $1 AND b.omschrijving = $2 ORDER BY z.identificatie`, t.CatalogusID, t.Omschrijving)
	if err != nil {
		return nil, err
	}
	if j.ZaakTypen, err = a.validURLs(ctx, nil, "zaaktypen", "zaaktypen", t.CatalogusID, idents, d); err != nil {
		return nil, err
	}
	names, err := a.iotNames(ctx, t.InformatieObjectTypeIDs)
	if err != nil {
		return nil, err
	}
	j.VastgelegdIn = list(names)
	if j.InformatieObjectTypen, err = a.validURLs(ctx, nil, "informatieobjecttypen", "informatieobjecttypen", t.CatalogusID, names, d); err != nil {
		return nil, err
	}
	// Resultaattypen name their besluittypen by omschrijving.
	rows, err := q.QueryContext(ctx, `SELECT r.id, r.omschrijving, x.besluittype_omschrijvingen FROM ztc_resultaattype_api x
		JOIN resultaattypen r ON r.id = x.resultaattype_id JOIN zaaktypen z ON z.id = r.zaaktype_id
		WHERE z.catalogus_id = $1 ORDER BY r.omschrijving, r.id`, t.CatalogusID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id, oms, bts string
		if err := rows.Scan(&id, &oms, &bts); err != nil {
			return nil, err
		}
		var list []string
		if err := unmarshal(bts, &list); err != nil {
			return nil, err
		}
		if slices.Contains(list, t.Omschrijving) {
			j.ResultaatTypen = append(j.ResultaatTypen, a.url("resultaattypen", id))
			if !slices.Contains(j.ResultaatTypenOmschrijving, oms) {
				j.ResultaatTypenOmschrijving = append(j.ResultaatTypenOmschrijving, oms)
			}
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	b, e, err := catalogus.ObjectPeriod(ctx, q, "besluittypen", t.CatalogusID, t.Omschrijving)
	if err != nil {
		return nil, err
	}
	j.BeginObject, j.EindeObject = nullDate(b), nullDate(e)
	return j, nil
}

func (a *api) listBesluitTypen(w http.ResponseWriter, r *http.Request) {
	if err := zgw.CheckQuery(r, "catalogus", "zaaktypen", "informatieobjecttypen", "status", "omschrijving", "datumGeldigheid", "page"); err != nil {
		zgw.WriteError(w, r, err)
		return
	}
	f := catalogus.TypeFilter{Omschrijving: r.URL.Query().Get("omschrijving"), Status: statusParam(r)}
	listSub(a, w, r, func(p catalogus.Page) (catalogus.List[catalogus.BesluitType], bool, error) {
		var none bool
		var err error
		var iot string
		if f.CatalogusID, none, err = a.filterRef(r, "catalogus", "catalogussen"); err != nil || none {
			return catalogus.List[catalogus.BesluitType]{}, none, err
		}
		if f.ZaakTypeID, none, err = a.filterRef(r, "zaaktypen", "zaaktypen"); err != nil || none {
			return catalogus.List[catalogus.BesluitType]{}, none, err
		}
		if iot, none, err = a.filterRef(r, "informatieobjecttypen", "informatieobjecttypen"); err != nil || none {
			return catalogus.List[catalogus.BesluitType]{}, none, err
		}
		if f.DatumGeldigheid, err = dateParam(r, "datumGeldigheid"); err != nil {
			return catalogus.List[catalogus.BesluitType]{}, false, err
		}
		l, err := catalogus.ListBesluitTypenAPI(r.Context(), a.env.DB.R, f, iot, p)
		return l, false, err
	}, func(_ zaakTypeCache, t *catalogus.BesluitType) (any, error) {
		full, err := catalogus.GetBesluitType(r.Context(), a.env.DB.R, t.ID)
		if err != nil {
			return nil, err
		}
		return a.besluitTypeJSON(r.Context(), full, a.dateOn(r))
	})
}

// errCatalogusChange refuses moving a type to another catalogus.
func errCatalogusChange() error {
	return errs.InvalidField("catalogus", "wijzigen-niet-toegelaten", "De catalogus van een bestaand type kan niet gewijzigd worden.")
}
