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

// The subresources of a zaaktype: statustypen, resultaattypen, roltypen,
// eigenschappen and zaaktype-informatieobjecttypen. Their validity is the
// zaaktype's (the standard derives beginGeldigheid and eindeGeldigheid).

// subJSON are the attributes every subresource shows of its zaaktype.
type subJSON struct {
	URL                   string  `json:"url"`
	ZaakType              string  `json:"zaaktype"`
	ZaakTypeIdentificatie string  `json:"zaaktypeIdentificatie"`
	Catalogus             string  `json:"catalogus"`
	BeginGeldigheid       *string `json:"beginGeldigheid"`
	EindeGeldigheid       *string `json:"eindeGeldigheid"`
	BeginObject           *string `json:"beginObject"`
	EindeObject           *string `json:"eindeObject"`
}

func (a *api) sub(ctx context.Context, c *cache, kind, id string, z *catalogus.ZaakType) (subJSON, error) {
	b, e, err := a.period(ctx, c, "zaaktypen", z.CatalogusID, z.Identificatie)
	if err != nil {
		return subJSON{}, err
	}
	begin := z.BeginGeldigheid.String()
	return subJSON{
		URL:                   a.url(kind, id),
		ZaakType:              a.url("zaaktypen", z.ID),
		ZaakTypeIdentificatie: z.Identificatie,
		Catalogus:             a.url("catalogussen", z.CatalogusID),
		BeginGeldigheid:       &begin,
		EindeGeldigheid:       nullDate(z.EindeGeldigheid),
		BeginObject:           nullDate(b),
		EindeObject:           nullDate(e),
	}, nil
}

// subIn are the attributes every subresource body has.
type subIn struct {
	ZaakType        string  `json:"zaaktype"`
	BeginGeldigheid *string `json:"beginGeldigheid"`
}

// zaakTypeOf resolves the zaaktype of a subresource body. A given
// beginGeldigheid must be the zaaktype's.
func (a *api) zaakTypeOf(ctx context.Context, in subIn) (*catalogus.ZaakType, error) {
	if in.ZaakType == "" {
		return nil, errs.InvalidField("zaaktype", "required", "Dit veld is verplicht.")
	}
	id, err := a.ref("zaaktype", in.ZaakType, "zaaktypen")
	if err != nil {
		return nil, err
	}
	z, err := catalogus.GetZaakType(ctx, a.env.DB.R, id)
	if errs.Is(err, errs.NotFound) {
		return nil, errs.InvalidField("zaaktype", "does_not_exist", "Dit zaaktype bestaat niet.")
	}
	if err != nil {
		return nil, err
	}
	if in.BeginGeldigheid != nil && *in.BeginGeldigheid != "" {
		var f errs.Fields
		d := parseDate(&f, "beginGeldigheid", in.BeginGeldigheid)
		if err := f.Err(); err != nil {
			return nil, err
		}
		if d != z.BeginGeldigheid {
			return nil, errs.InvalidField("beginGeldigheid", "date-mismatch", "De beginGeldigheid moet gelijk zijn aan die van het zaaktype ("+z.BeginGeldigheid.String()+").")
		}
	}
	return z, nil
}

// sameZaakType refuses moving a subresource to another zaaktype.
func sameZaakType(z *catalogus.ZaakType, current string) error {
	if z.ID != current {
		return errs.InvalidField("zaaktype", "wijzigen-niet-toegelaten", "Het zaaktype van dit object kan niet gewijzigd worden.")
	}
	return nil
}

// subFilter reads the zaaktype filters of a subresource list.
func (a *api) subFilter(r *http.Request, identParam, dateName string, withStatus bool) (f catalogus.SubFilter, none bool, err error) {
	if f.ZaakTypeID, none, err = a.filterRef(r, "zaaktype", "zaaktypen"); err != nil || none {
		return f, none, err
	}
	f.ZaakTypeIdentificatie = r.URL.Query().Get(identParam)
	if dateName != "" {
		if f.DatumGeldigheid, err = dateParam(r, dateName); err != nil {
			return f, false, err
		}
	}
	if withStatus {
		f.Status = statusParam(r)
	}
	return f, false, nil
}

// listSub answers a subresource list: load the page, render each item.
func listSub[T any](a *api, w http.ResponseWriter, r *http.Request, load func(p catalogus.Page) (catalogus.List[T], bool, error), render func(c zaakTypeCache, it *T) (any, error)) {
	n, p, err := page(r)
	if err != nil {
		zgw.WriteError(w, r, err)
		return
	}
	res, none, err := load(p)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if none {
		a.writePage(w, r, n, 0, []any{})
		return
	}
	c := newCache()
	out := make([]any, 0, len(res.Items))
	for i := range res.Items {
		j, err := render(c, &res.Items[i])
		if err != nil {
			a.fail(w, r, err)
			return
		}
		out = append(out, j)
	}
	a.writePage(w, r, n, res.Total, out)
}

// ---- StatusType ----

type statusTypeJSON struct {
	subJSON
	Omschrijving            string          `json:"omschrijving"`
	OmschrijvingGeneriek    string          `json:"omschrijvingGeneriek"`
	Statustekst             string          `json:"statustekst"`
	Volgnummer              int             `json:"volgnummer"`
	IsEindstatus            bool            `json:"isEindstatus"`
	Informeren              bool            `json:"informeren"`
	Doorlooptijd            *string         `json:"doorlooptijd"`
	Toelichting             *string         `json:"toelichting"`
	ChecklistitemStatustype []checkListItem `json:"checklistitemStatustype"`
	Eigenschappen           []string        `json:"eigenschappen"`
	ZaakObjectType          string          `json:"zaakobjecttype"`
}

type statusTypeIn struct {
	subIn
	Omschrijving            string          `json:"omschrijving"`
	OmschrijvingGeneriek    string          `json:"omschrijvingGeneriek"`
	Statustekst             string          `json:"statustekst"`
	Volgnummer              *int            `json:"volgnummer"`
	Informeren              bool            `json:"informeren"`
	Doorlooptijd            *string         `json:"doorlooptijd"`
	Toelichting             *string         `json:"toelichting"`
	ChecklistitemStatustype []checkListItem `json:"checklistitemStatustype"`
}

func statusTypen(a *api) resourceDef {
	return resourceDef{
		path:         "statustypen",
		createScopes: []string{ScopeSchrijven, ScopeGeforceerdSchrijven},
		list: func(w http.ResponseWriter, r *http.Request) {
			if err := zgw.CheckQuery(r, "zaaktype", "zaaktypeIdentificatie", "status", "datumGeldigheid", "page"); err != nil {
				zgw.WriteError(w, r, err)
				return
			}
			listSub(a, w, r, func(p catalogus.Page) (catalogus.List[catalogus.StatusType], bool, error) {
				f, none, err := a.subFilter(r, "zaaktypeIdentificatie", "datumGeldigheid", true)
				if err != nil || none {
					return catalogus.List[catalogus.StatusType]{}, none, err
				}
				l, err := catalogus.ListStatusTypen(r.Context(), a.env.DB.R, f, p)
				return l, false, err
			}, func(c zaakTypeCache, st *catalogus.StatusType) (any, error) {
				return a.statusTypeJSON(r.Context(), c, st)
			})
		},
		get: func(ctx context.Context, r *http.Request, id string) (any, error) {
			st, err := catalogus.GetStatusType(ctx, a.env.DB.R, id)
			if err != nil {
				return nil, err
			}
			return a.statusTypeJSON(ctx, nil, st)
		},
		create: func(ctx context.Context, body map[string]any) (string, error) {
			st, items, err := a.statusTypeFromBody(ctx, body, "")
			if err != nil {
				return "", err
			}
			o := a.correctie(ctx)
			var id string
			err = a.tx(ctx, func(tx *sql.Tx, s *catalogus.Store) error {
				created, err := s.AddStatusType(ctx, *st, o)
				if err != nil {
					return err
				}
				id = created.ID
				return saveChecklist(ctx, tx, id, items)
			})
			return id, err
		},
		update: func(ctx context.Context, id string, body map[string]any, o catalogus.Options) error {
			old, err := catalogus.GetStatusType(ctx, a.env.DB.R, id)
			if err != nil {
				return err
			}
			st, items, err := a.statusTypeFromBody(ctx, body, old.ZaakTypeID)
			if err != nil {
				return err
			}
			return a.tx(ctx, func(tx *sql.Tx, s *catalogus.Store) error {
				if _, err := s.UpdateStatusType(ctx, id, *st, o); err != nil {
					return err
				}
				return saveChecklist(ctx, tx, id, items)
			})
		},
		del:           func(ctx context.Context, id string) error { return a.store.DeleteStatusType(ctx, id) },
		createdStatus: http.StatusCreated,
		deleteStatus:  http.StatusNoContent,
	}
}

// correctie is whether the request's client may make a correctie: a change
// to a published type or to the subresources of a published zaaktype.
func (a *api) correctie(ctx context.Context) catalogus.Options {
	return catalogus.Options{Correctie: zgw.ClientFrom(ctx).HasScope(zgw.ZTC, ScopeGeforceerdSchrijven)}
}

func (a *api) statusTypeFromBody(ctx context.Context, body map[string]any, current string) (*catalogus.StatusType, []checkListItem, error) {
	var in statusTypeIn
	if err := decode(body, &in); err != nil {
		return nil, nil, err
	}
	z, err := a.zaakTypeOf(ctx, in.subIn)
	if err != nil {
		return nil, nil, err
	}
	if current != "" {
		if err := sameZaakType(z, current); err != nil {
			return nil, nil, err
		}
	}
	var f errs.Fields
	st := &catalogus.StatusType{ZaakTypeID: z.ID, Omschrijving: in.Omschrijving, OmschrijvingGeneriek: in.OmschrijvingGeneriek,
		Statustekst: in.Statustekst, Informeren: in.Informeren, Toelichting: str(in.Toelichting)}
	if in.Volgnummer == nil {
		f.Add("volgnummer", "required", "Dit veld is verplicht.")
	} else {
		st.Volgnummer = *in.Volgnummer
	}
	st.Doorlooptijd = catalogus.ParseTermijn(&f, "doorlooptijd", str(in.Doorlooptijd))
	for _, c := range in.ChecklistitemStatustype {
		if c.Itemnaam == "" || len([]rune(c.Itemnaam)) > 30 {
			f.Add("checklistitemStatustype.itemnaam", "invalid", "De itemnaam is verplicht en hoogstens 30 tekens lang.")
		}
		if c.Vraagstelling == "" || len([]rune(c.Vraagstelling)) > 255 {
			f.Add("checklistitemStatustype.vraagstelling", "invalid", "De vraagstelling is verplicht en hoogstens 255 tekens lang.")
		}
	}
	return st, list(in.ChecklistitemStatustype), f.Err()
}

func (a *api) statusTypeJSON(ctx context.Context, c zaakTypeCache, st *catalogus.StatusType) (*statusTypeJSON, error) {
	z, err := a.zaakType(ctx, c, st.ZaakTypeID)
	if err != nil {
		return nil, err
	}
	s, err := a.sub(ctx, c, "statustypen", st.ID, z)
	if err != nil {
		return nil, err
	}
	items, err := loadChecklist(ctx, a.env.DB.R, st.ID)
	if err != nil {
		return nil, err
	}
	j := &statusTypeJSON{subJSON: s, Omschrijving: st.Omschrijving, OmschrijvingGeneriek: st.OmschrijvingGeneriek,
		Statustekst: st.Statustekst, Volgnummer: st.Volgnummer, IsEindstatus: st.IsEindstatus, Informeren: st.Informeren,
		Doorlooptijd: nullDuration(st.Doorlooptijd), ChecklistitemStatustype: items, Eigenschappen: []string{}}
	if st.Toelichting != "" {
		t := st.Toelichting
		j.Toelichting = &t
	}
	if err := a.pairs(ctx, `SELECT id, naam FROM eigenschappen WHERE statustype_id = $1 ORDER BY naam, id`, []any{st.ID}, func(id, _ string) {
		j.Eigenschappen = append(j.Eigenschappen, a.url("eigenschappen", id))
	}); err != nil {
		return nil, err
	}
	zots, err := a.zaakObjectTypenOf(ctx, c, z.ID)
	if err != nil {
		return nil, err
	}
	for _, o := range zots {
		if slices.Contains(o.StatusTypen, st.ID) {
			j.ZaakObjectType = a.url("zaakobjecttypen", o.ID)
			break
		}
	}
	return j, nil
}

// ---- ResultaatType ----

type brondatumJSON struct {
	Afleidingswijze string  `json:"afleidingswijze"`
	Datumkenmerk    string  `json:"datumkenmerk"`
	EinddatumBekend bool    `json:"einddatumBekend"`
	Objecttype      string  `json:"objecttype"`
	Registratie     string  `json:"registratie"`
	Procestermijn   *string `json:"procestermijn"`
}

type resultaatTypeJSON struct {
	subJSON
	Omschrijving                     string         `json:"omschrijving"`
	ResultaatTypeOmschrijving        string         `json:"resultaattypeomschrijving"`
	OmschrijvingGeneriek             string         `json:"omschrijvingGeneriek"`
	Selectielijstklasse              string         `json:"selectielijstklasse"`
	Toelichting                      string         `json:"toelichting"`
	Archiefnominatie                 string         `json:"archiefnominatie"`
	Archiefactietermijn              *string        `json:"archiefactietermijn"`
	BrondatumArchiefprocedure        *brondatumJSON `json:"brondatumArchiefprocedure"`
	Procesobjectaard                 *string        `json:"procesobjectaard"`
	IndicatieSpecifiek               *bool          `json:"indicatieSpecifiek"`
	Procestermijn                    *string        `json:"procestermijn"`
	BesluitTypen                     []string       `json:"besluittypen"`
	BesluitTypeOmschrijving          []string       `json:"besluittypeOmschrijving"`
	InformatieObjectTypen            []string       `json:"informatieobjecttypen"`
	InformatieObjectTypeOmschrijving []string       `json:"informatieobjecttypeOmschrijving"`
	ZaakObjectTypen                  []string       `json:"zaakobjecttypen"`
}

type resultaatTypeIn struct {
	subIn
	Omschrijving              string         `json:"omschrijving"`
	ResultaatTypeOmschrijving string         `json:"resultaattypeomschrijving"`
	Selectielijstklasse       string         `json:"selectielijstklasse"`
	Toelichting               string         `json:"toelichting"`
	Archiefnominatie          string         `json:"archiefnominatie"`
	Archiefactietermijn       *string        `json:"archiefactietermijn"`
	BrondatumArchiefprocedure *brondatumJSON `json:"brondatumArchiefprocedure"`
	Procesobjectaard          *string        `json:"procesobjectaard"`
	IndicatieSpecifiek        *bool          `json:"indicatieSpecifiek"`
	Procestermijn             *string        `json:"procestermijn"`
	BesluitTypen              []string       `json:"besluittypen"`
	InformatieObjectTypen     []string       `json:"informatieobjecttypen"`
}

func resultaatTypen(a *api) resourceDef {
	return resourceDef{
		path:         "resultaattypen",
		createScopes: []string{ScopeSchrijven, ScopeGeforceerdSchrijven},
		list: func(w http.ResponseWriter, r *http.Request) {
			// The standard names these two filters in snake_case here.
			if err := zgw.CheckQuery(r, "zaaktype", "zaaktype_identificatie", "status", "datum_geldigheid", "page"); err != nil {
				zgw.WriteError(w, r, err)
				return
			}
			listSub(a, w, r, func(p catalogus.Page) (catalogus.List[catalogus.ResultaatType], bool, error) {
				f, none, err := a.subFilter(r, "zaaktype_identificatie", "datum_geldigheid", true)
				if err != nil || none {
					return catalogus.List[catalogus.ResultaatType]{}, none, err
				}
				l, err := catalogus.ListResultaatTypen(r.Context(), a.env.DB.R, f, p)
				return l, false, err
			}, func(c zaakTypeCache, rt *catalogus.ResultaatType) (any, error) {
				return a.resultaatTypeJSON(r.Context(), c, rt, a.today())
			})
		},
		get: func(ctx context.Context, r *http.Request, id string) (any, error) {
			rt, err := catalogus.GetResultaatType(ctx, a.env.DB.R, id)
			if err != nil {
				return nil, err
			}
			return a.resultaatTypeJSON(ctx, nil, rt, a.today())
		},
		create: func(ctx context.Context, body map[string]any) (string, error) {
			rt, rel, err := a.resultaatTypeFromBody(ctx, body, "")
			if err != nil {
				return "", err
			}
			o := a.correctie(ctx)
			var id string
			err = a.tx(ctx, func(tx *sql.Tx, s *catalogus.Store) error {
				created, err := s.AddResultaatType(ctx, *rt, o)
				if err != nil {
					return err
				}
				id = created.ID
				return saveResultaatTypeRelaties(ctx, tx, id, rel)
			})
			return id, err
		},
		update: func(ctx context.Context, id string, body map[string]any, o catalogus.Options) error {
			old, err := catalogus.GetResultaatType(ctx, a.env.DB.R, id)
			if err != nil {
				return err
			}
			rt, rel, err := a.resultaatTypeFromBody(ctx, body, old.ZaakTypeID)
			if err != nil {
				return err
			}
			return a.tx(ctx, func(tx *sql.Tx, s *catalogus.Store) error {
				if _, err := s.UpdateResultaatType(ctx, id, *rt, o); err != nil {
					return err
				}
				return saveResultaatTypeRelaties(ctx, tx, id, rel)
			})
		},
		del: func(ctx context.Context, id string) error { return a.store.DeleteResultaatType(ctx, id) },
		stored: func(ctx context.Context, id string, m map[string]any) error {
			rel, err := loadResultaatTypeRelaties(ctx, a.env.DB.R, id)
			m["besluittypen"], m["informatieobjecttypen"] = rel.BesluitTypen, rel.InformatieObjectTypen
			return err
		},
		createdStatus: http.StatusCreated,
		deleteStatus:  http.StatusNoContent,
	}
}

var procestermijnen = []string{"nihil", "bestaansduur_procesobject", "ingeschatte_bestaansduur_procesobject",
	"vast_te_leggen_datum", "samengevoegd_met_bewaartermijn"}

func (a *api) resultaatTypeFromBody(ctx context.Context, body map[string]any, current string) (*catalogus.ResultaatType, resultaatTypeRelaties, error) {
	var rel resultaatTypeRelaties
	var in resultaatTypeIn
	if err := decode(body, &in); err != nil {
		return nil, rel, err
	}
	z, err := a.zaakTypeOf(ctx, in.subIn)
	if err != nil {
		return nil, rel, err
	}
	if current != "" {
		if err := sameZaakType(z, current); err != nil {
			return nil, rel, err
		}
	}
	var f errs.Fields
	rt := &catalogus.ResultaatType{ZaakTypeID: z.ID, Omschrijving: in.Omschrijving,
		ResultaatTypeOmschrijving: in.ResultaatTypeOmschrijving, Selectielijstklasse: in.Selectielijstklasse,
		Toelichting: in.Toelichting, Archiefnominatie: in.Archiefnominatie, Procesobjectaard: str(in.Procesobjectaard),
		IndicatieSpecifiek: in.IndicatieSpecifiek}
	rt.Archiefactietermijn = catalogus.ParseTermijn(&f, "archiefactietermijn", str(in.Archiefactietermijn))
	rt.Procestermijn = catalogus.ParseTermijn(&f, "procestermijn", str(in.Procestermijn))
	if b := in.BrondatumArchiefprocedure; b != nil {
		rt.BrondatumArchiefprocedure = catalogus.BrondatumArchiefprocedure{Afleidingswijze: b.Afleidingswijze,
			Datumkenmerk: b.Datumkenmerk, EinddatumBekend: b.EinddatumBekend, Objecttype: b.Objecttype, Registratie: b.Registratie,
			Procestermijn: catalogus.ParseTermijn(&f, "brondatumArchiefprocedure.procestermijn", str(b.Procestermijn))}
	}
	if rt.ResultaatTypeOmschrijving == "" {
		f.Add("resultaattypeomschrijving", "required", "Dit veld is verplicht.")
	}
	if rt.Selectielijstklasse == "" {
		f.Add("selectielijstklasse", "required", "Dit veld is verplicht.")
	}
	if err := f.Err(); err != nil {
		return nil, rel, err
	}
	// ztc-002: the generic omschrijving and the archive rules come from the
	// referentielijsten; the klasse must belong to the zaaktype's procestype.
	if rt.OmschrijvingGeneriek, err = a.omschrijvingGeneriek(ctx, rt.ResultaatTypeOmschrijving); err != nil {
		return nil, rel, err
	}
	klasse, err := a.selectielijstklasse(ctx, rt.Selectielijstklasse)
	if err != nil {
		return nil, rel, err
	}
	if strings.TrimSuffix(klasse.ProcesType, "/") != strings.TrimSuffix(z.SelectielijstProcestype, "/") {
		return nil, rel, errs.InvalidField("selectielijstklasse", "procestype-mismatch",
			"De selectielijstklasse hoort niet bij het selectielijstProcestype van het zaaktype.")
	}
	if rt.Archiefnominatie == "" {
		rt.Archiefnominatie = klasse.Waardering
	}
	if in.Archiefactietermijn == nil && klasse.Bewaartermijn != nil {
		rt.Archiefactietermijn = catalogus.ParseTermijn(&f, "archiefactietermijn", *klasse.Bewaartermijn)
	}
	if slices.Contains(procestermijnen, klasse.Procestermijn) {
		rt.SelectielijstProcestermijn = klasse.Procestermijn
	}
	// Relations by omschrijving, within the zaaktype's catalogus (ztc-013).
	if rel.BesluitTypen, err = a.names(ctx, "besluittypen", z.CatalogusID, in.BesluitTypen); err != nil {
		return nil, rel, err
	}
	if rel.InformatieObjectTypen, err = a.names(ctx, "informatieobjecttypen", z.CatalogusID, in.InformatieObjectTypen); err != nil {
		return nil, rel, err
	}
	return rt, rel, f.Err()
}

// names turns besluittype or informatieobjecttype references (URLs or
// omschrijvingen) into omschrijvingen, checking that URLs point into the
// catalogus.
func (a *api) names(ctx context.Context, kind, catalogusID string, values []string) ([]string, error) {
	out := []string{}
	for _, v := range values {
		name := v
		if strings.HasPrefix(v, "http://") || strings.HasPrefix(v, "https://") {
			id, err := a.ref(kind, v, kind)
			if err != nil {
				return nil, err
			}
			var cat string
			if kind == "besluittypen" {
				t, err := catalogus.GetBesluitType(ctx, a.env.DB.R, id)
				if err != nil {
					return nil, notFoundField(err, kind)
				}
				name, cat = t.Omschrijving, t.CatalogusID
			} else {
				t, err := catalogus.GetInformatieObjectType(ctx, a.env.DB.R, id)
				if err != nil {
					return nil, notFoundField(err, kind)
				}
				name, cat = t.Omschrijving, t.CatalogusID
			}
			if cat != catalogusID {
				return nil, errs.InvalidField(kind, "relation-mismatch", "Relaties met objecten in een andere catalogus zijn niet toegestaan.")
			}
		} else if strings.TrimSpace(v) == "" {
			return nil, errs.InvalidField(kind, "invalid", "Een lege waarde is niet toegestaan.")
		}
		if !slices.Contains(out, name) {
			out = append(out, name)
		}
	}
	return out, nil
}

func notFoundField(err error, field string) error {
	if errs.Is(err, errs.NotFound) {
		return errs.InvalidField(field, "does_not_exist", "Dit object bestaat niet.")
	}
	return err
}

func (a *api) resultaatTypeJSON(ctx context.Context, c zaakTypeCache, rt *catalogus.ResultaatType, d date.Date) (*resultaatTypeJSON, error) {
	z, err := a.zaakType(ctx, c, rt.ZaakTypeID)
	if err != nil {
		return nil, err
	}
	s, err := a.sub(ctx, c, "resultaattypen", rt.ID, z)
	if err != nil {
		return nil, err
	}
	rel, err := loadResultaatTypeRelaties(ctx, a.env.DB.R, rt.ID)
	if err != nil {
		return nil, err
	}
	j := &resultaatTypeJSON{subJSON: s, Omschrijving: rt.Omschrijving, ResultaatTypeOmschrijving: rt.ResultaatTypeOmschrijving,
		OmschrijvingGeneriek: rt.OmschrijvingGeneriek, Selectielijstklasse: rt.Selectielijstklasse, Toelichting: rt.Toelichting,
		Archiefnominatie: rt.Archiefnominatie, Archiefactietermijn: nullDuration(rt.Archiefactietermijn),
		IndicatieSpecifiek: rt.IndicatieSpecifiek, Procestermijn: nullDuration(rt.Procestermijn),
		BesluitTypeOmschrijving: rel.BesluitTypen, InformatieObjectTypeOmschrijving: rel.InformatieObjectTypen,
		ZaakObjectTypen: []string{}}
	if rt.Procesobjectaard != "" {
		p := rt.Procesobjectaard
		j.Procesobjectaard = &p
	}
	if b := rt.BrondatumArchiefprocedure; b.Afleidingswijze != "" {
		j.BrondatumArchiefprocedure = &brondatumJSON{Afleidingswijze: b.Afleidingswijze, Datumkenmerk: b.Datumkenmerk,
			EinddatumBekend: b.EinddatumBekend, Objecttype: b.Objecttype, Registratie: b.Registratie, Procestermijn: nullDuration(b.Procestermijn)}
	}
	if j.BesluitTypen, err = a.validURLs(ctx, c, "besluittypen", "besluittypen", z.CatalogusID, rel.BesluitTypen, d); err != nil {
		return nil, err
	}
	if j.InformatieObjectTypen, err = a.validURLs(ctx, c, "informatieobjecttypen", "informatieobjecttypen", z.CatalogusID, rel.InformatieObjectTypen, d); err != nil {
		return nil, err
	}
	zots, err := a.zaakObjectTypenOf(ctx, c, z.ID)
	if err != nil {
		return nil, err
	}
	for _, o := range zots {
		if slices.Contains(o.ResultaatTypen, rt.ID) {
			j.ZaakObjectTypen = append(j.ZaakObjectTypen, a.url("zaakobjecttypen", o.ID))
		}
	}
	return j, nil
}

// ---- RolType ----

type rolTypeJSON struct {
	subJSON
	Omschrijving         string `json:"omschrijving"`
	OmschrijvingGeneriek string `json:"omschrijvingGeneriek"`
}

type rolTypeIn struct {
	subIn
	Omschrijving         string `json:"omschrijving"`
	OmschrijvingGeneriek string `json:"omschrijvingGeneriek"`
}

func rolTypen(a *api) resourceDef {
	fromBody := func(ctx context.Context, body map[string]any, current string) (*catalogus.RolType, error) {
		var in rolTypeIn
		if err := decode(body, &in); err != nil {
			return nil, err
		}
		z, err := a.zaakTypeOf(ctx, in.subIn)
		if err != nil {
			return nil, err
		}
		if current != "" {
			if err := sameZaakType(z, current); err != nil {
				return nil, err
			}
		}
		return &catalogus.RolType{ZaakTypeID: z.ID, Omschrijving: in.Omschrijving, OmschrijvingGeneriek: in.OmschrijvingGeneriek}, nil
	}
	render := func(ctx context.Context, c zaakTypeCache, rt *catalogus.RolType) (any, error) {
		z, err := a.zaakType(ctx, c, rt.ZaakTypeID)
		if err != nil {
			return nil, err
		}
		s, err := a.sub(ctx, c, "roltypen", rt.ID, z)
		if err != nil {
			return nil, err
		}
		return &rolTypeJSON{subJSON: s, Omschrijving: rt.Omschrijving, OmschrijvingGeneriek: rt.OmschrijvingGeneriek}, nil
	}
	return resourceDef{
		path:         "roltypen",
		createScopes: []string{ScopeSchrijven, ScopeGeforceerdSchrijven},
		list: func(w http.ResponseWriter, r *http.Request) {
			if err := zgw.CheckQuery(r, "zaaktype", "zaaktypeIdentificatie", "omschrijvingGeneriek", "status", "datumGeldigheid", "page"); err != nil {
				zgw.WriteError(w, r, err)
				return
			}
			listSub(a, w, r, func(p catalogus.Page) (catalogus.List[catalogus.RolType], bool, error) {
				f, none, err := a.subFilter(r, "zaaktypeIdentificatie", "datumGeldigheid", true)
				if err != nil || none {
					return catalogus.List[catalogus.RolType]{}, none, err
				}
				l, err := catalogus.ListRolTypenAPI(r.Context(), a.env.DB.R, f, r.URL.Query().Get("omschrijvingGeneriek"), p)
				return l, false, err
			}, func(c zaakTypeCache, rt *catalogus.RolType) (any, error) { return render(r.Context(), c, rt) })
		},
		get: func(ctx context.Context, r *http.Request, id string) (any, error) {
			rt, err := catalogus.GetRolType(ctx, a.env.DB.R, id)
			if err != nil {
				return nil, err
			}
			return render(ctx, nil, rt)
		},
		create: func(ctx context.Context, body map[string]any) (string, error) {
			rt, err := fromBody(ctx, body, "")
			if err != nil {
				return "", err
			}
			created, err := a.store.AddRolType(ctx, *rt, a.correctie(ctx))
			if err != nil {
				return "", err
			}
			return created.ID, nil
		},
		update: func(ctx context.Context, id string, body map[string]any, o catalogus.Options) error {
			old, err := catalogus.GetRolType(ctx, a.env.DB.R, id)
			if err != nil {
				return err
			}
			rt, err := fromBody(ctx, body, old.ZaakTypeID)
			if err != nil {
				return err
			}
			_, err = a.store.UpdateRolType(ctx, id, *rt, o)
			return err
		},
		del:           func(ctx context.Context, id string) error { return a.store.DeleteRolType(ctx, id) },
		createdStatus: http.StatusCreated,
		deleteStatus:  http.StatusNoContent,
	}
}

// ---- Eigenschap ----

type specificatieJSON struct {
	Groep              string   `json:"groep"`
	Formaat            string   `json:"formaat"`
	Lengte             string   `json:"lengte"`
	Kardinaliteit      string   `json:"kardinaliteit"`
	Waardenverzameling []string `json:"waardenverzameling"`
}

type eigenschapJSON struct {
	subJSON
	Naam         string           `json:"naam"`
	Definitie    string           `json:"definitie"`
	Specificatie specificatieJSON `json:"specificatie"`
	Toelichting  string           `json:"toelichting"`
	StatusType   *string          `json:"statustype"`
}

type eigenschapIn struct {
	subIn
	Naam         string            `json:"naam"`
	Definitie    string            `json:"definitie"`
	Specificatie *specificatieJSON `json:"specificatie"`
	Toelichting  string            `json:"toelichting"`
	StatusType   *string           `json:"statustype"`
}

func eigenschappen(a *api) resourceDef {
	fromBody := func(ctx context.Context, body map[string]any, current string) (*catalogus.Eigenschap, error) {
		var in eigenschapIn
		if err := decode(body, &in); err != nil {
			return nil, err
		}
		z, err := a.zaakTypeOf(ctx, in.subIn)
		if err != nil {
			return nil, err
		}
		if current != "" {
			if err := sameZaakType(z, current); err != nil {
				return nil, err
			}
		}
		if in.Specificatie == nil {
			return nil, errs.InvalidField("specificatie", "required", "Dit veld is verplicht.")
		}
		st, err := a.optionalRef("statustype", in.StatusType, "statustypen")
		if err != nil {
			return nil, err
		}
		sp := in.Specificatie
		return &catalogus.Eigenschap{ZaakTypeID: z.ID, Naam: in.Naam, Definitie: in.Definitie, Toelichting: in.Toelichting,
			StatusTypeID: st, Specificatie: catalogus.EigenschapSpecificatie{Groep: sp.Groep, Formaat: sp.Formaat,
				Lengte: sp.Lengte, Kardinaliteit: sp.Kardinaliteit, Waardenverzameling: list(sp.Waardenverzameling)}}, nil
	}
	render := func(ctx context.Context, c zaakTypeCache, e *catalogus.Eigenschap) (any, error) {
		z, err := a.zaakType(ctx, c, e.ZaakTypeID)
		if err != nil {
			return nil, err
		}
		s, err := a.sub(ctx, c, "eigenschappen", e.ID, z)
		if err != nil {
			return nil, err
		}
		j := &eigenschapJSON{subJSON: s, Naam: e.Naam, Definitie: e.Definitie, Toelichting: e.Toelichting,
			Specificatie: specificatieJSON{Groep: e.Specificatie.Groep, Formaat: e.Specificatie.Formaat, Lengte: e.Specificatie.Lengte,
				Kardinaliteit: e.Specificatie.Kardinaliteit, Waardenverzameling: list(e.Specificatie.Waardenverzameling)}}
		if e.StatusTypeID != "" {
			u := a.url("statustypen", e.StatusTypeID)
			j.StatusType = &u
		}
		return j, nil
	}
	return resourceDef{
		path:         "eigenschappen",
		createScopes: []string{ScopeSchrijven, ScopeGeforceerdSchrijven},
		list: func(w http.ResponseWriter, r *http.Request) {
			if err := zgw.CheckQuery(r, "zaaktype", "zaaktypeIdentificatie", "status", "datumGeldigheid", "page"); err != nil {
				zgw.WriteError(w, r, err)
				return
			}
			listSub(a, w, r, func(p catalogus.Page) (catalogus.List[catalogus.Eigenschap], bool, error) {
				f, none, err := a.subFilter(r, "zaaktypeIdentificatie", "datumGeldigheid", true)
				if err != nil || none {
					return catalogus.List[catalogus.Eigenschap]{}, none, err
				}
				l, err := catalogus.ListEigenschappen(r.Context(), a.env.DB.R, f, p)
				return l, false, err
			}, func(c zaakTypeCache, e *catalogus.Eigenschap) (any, error) { return render(r.Context(), c, e) })
		},
		get: func(ctx context.Context, r *http.Request, id string) (any, error) {
			e, err := catalogus.GetEigenschap(ctx, a.env.DB.R, id)
			if err != nil {
				return nil, err
			}
			return render(ctx, nil, e)
		},
		create: func(ctx context.Context, body map[string]any) (string, error) {
			e, err := fromBody(ctx, body, "")
			if err != nil {
				return "", err
			}
			created, err := a.store.AddEigenschap(ctx, *e, a.correctie(ctx))
			if err != nil {
				return "", err
			}
			return created.ID, nil
		},
		update: func(ctx context.Context, id string, body map[string]any, o catalogus.Options) error {
			old, err := catalogus.GetEigenschap(ctx, a.env.DB.R, id)
			if err != nil {
				return err
			}
			e, err := fromBody(ctx, body, old.ZaakTypeID)
			if err != nil {
				return err
			}
			_, err = a.store.UpdateEigenschap(ctx, id, *e, o)
			return err
		},
		del:           func(ctx context.Context, id string) error { return a.store.DeleteEigenschap(ctx, id) },
		createdStatus: http.StatusCreated,
		deleteStatus:  http.StatusNoContent,
	}
}

// ---- ZaakTypeInformatieObjectType ----

type ztiotJSON struct {
	URL                   string  `json:"url"`
	ZaakType              string  `json:"zaaktype"`
	ZaakTypeIdentificatie string  `json:"zaaktypeIdentificatie"`
	Catalogus             string  `json:"catalogus"`
	InformatieObjectType  string  `json:"informatieobjecttype"`
	Volgnummer            int     `json:"volgnummer"`
	Richting              string  `json:"richting"`
	StatusType            *string `json:"statustype"`
}

type ztiotIn struct {
	ZaakType             string  `json:"zaaktype"`
	InformatieObjectType string  `json:"informatieobjecttype"`
	Volgnummer           *int    `json:"volgnummer"`
	Richting             string  `json:"richting"`
	StatusType           *string `json:"statustype"`
}

func ztiots(a *api) resourceDef {
	fromBody := func(ctx context.Context, body map[string]any, current string) (*catalogus.ZaakTypeInformatieObjectType, error) {
		var in ztiotIn
		if err := decode(body, &in); err != nil {
			return nil, err
		}
		z, err := a.zaakTypeOf(ctx, subIn{ZaakType: in.ZaakType})
		if err != nil {
			return nil, err
		}
		if current != "" {
			if err := sameZaakType(z, current); err != nil {
				return nil, err
			}
		}
		l := &catalogus.ZaakTypeInformatieObjectType{ZaakTypeID: z.ID, Richting: in.Richting}
		if in.Volgnummer == nil {
			return nil, errs.InvalidField("volgnummer", "required", "Dit veld is verplicht.")
		}
		l.Volgnummer = *in.Volgnummer
		// The informatieobjecttype is named by omschrijving (1.3) or URL.
		switch v := in.InformatieObjectType; {
		case v == "":
			return nil, errs.InvalidField("informatieobjecttype", "required", "Dit veld is verplicht.")
		case strings.HasPrefix(v, "http://") || strings.HasPrefix(v, "https://"):
			if l.InformatieObjectTypeID, err = a.ref("informatieobjecttype", v, "informatieobjecttypen"); err != nil {
				return nil, err
			}
		default:
			if l.InformatieObjectTypeID, err = catalogus.LatestVersionID(ctx, a.env.DB.R, "informatieobjecttypen", z.CatalogusID, v); err != nil {
				return nil, err
			}
			if l.InformatieObjectTypeID == "" {
				return nil, errs.InvalidField("informatieobjecttype", "does_not_exist", "Er is in deze catalogus geen informatieobjecttype met omschrijving \""+v+"\".")
			}
		}
		if l.StatusTypeID, err = a.optionalRef("statustype", in.StatusType, "statustypen"); err != nil {
			return nil, err
		}
		return l, nil
	}
	render := func(ctx context.Context, c zaakTypeCache, l *catalogus.ZaakTypeInformatieObjectType, d date.Date) (any, error) {
		z, err := a.zaakType(ctx, c, l.ZaakTypeID)
		if err != nil {
			return nil, err
		}
		t, err := catalogus.GetInformatieObjectType(ctx, a.env.DB.R, l.InformatieObjectTypeID)
		if err != nil {
			return nil, err
		}
		iot := a.url("informatieobjecttypen", l.InformatieObjectTypeID)
		if us, err := a.validURLs(ctx, c, "informatieobjecttypen", "informatieobjecttypen", z.CatalogusID, []string{t.Omschrijving}, d); err != nil {
			return nil, err
		} else if len(us) == 1 {
			iot = us[0]
		}
		j := &ztiotJSON{URL: a.url("zaaktype-informatieobjecttypen", l.ID), ZaakType: a.url("zaaktypen", z.ID),
			ZaakTypeIdentificatie: z.Identificatie, Catalogus: a.url("catalogussen", z.CatalogusID),
			InformatieObjectType: iot, Volgnummer: l.Volgnummer, Richting: l.Richting}
		if l.StatusTypeID != "" {
			u := a.url("statustypen", l.StatusTypeID)
			j.StatusType = &u
		}
		return j, nil
	}
	return resourceDef{
		path:         "zaaktype-informatieobjecttypen",
		createScopes: []string{ScopeSchrijven, ScopeGeforceerdSchrijven},
		list: func(w http.ResponseWriter, r *http.Request) {
			if err := zgw.CheckQuery(r, "zaaktype", "informatieobjecttype", "richting", "status", "page"); err != nil {
				zgw.WriteError(w, r, err)
				return
			}
			listSub(a, w, r, func(p catalogus.Page) (catalogus.List[catalogus.ZaakTypeInformatieObjectType], bool, error) {
				sf, none, err := a.subFilter(r, "", "", true)
				if err != nil || none {
					return catalogus.List[catalogus.ZaakTypeInformatieObjectType]{}, none, err
				}
				f := catalogus.ZTIOTFilter{SubFilter: sf, Richting: r.URL.Query().Get("richting")}
				if f.InformatieObjectTypeID, none, err = a.filterRef(r, "informatieobjecttype", "informatieobjecttypen"); err != nil || none {
					return catalogus.List[catalogus.ZaakTypeInformatieObjectType]{}, none, err
				}
				l, err := catalogus.ListZaakTypeInformatieObjectTypenAPI(r.Context(), a.env.DB.R, f, p)
				return l, false, err
			}, func(c zaakTypeCache, l *catalogus.ZaakTypeInformatieObjectType) (any, error) {
				return render(r.Context(), c, l, a.today())
			})
		},
		get: func(ctx context.Context, r *http.Request, id string) (any, error) {
			l, err := catalogus.GetZaakTypeInformatieObjectType(ctx, a.env.DB.R, id)
			if err != nil {
				return nil, err
			}
			return render(ctx, nil, l, a.today())
		},
		create: func(ctx context.Context, body map[string]any) (string, error) {
			l, err := fromBody(ctx, body, "")
			if err != nil {
				return "", err
			}
			created, err := a.store.AddZaakTypeInformatieObjectType(ctx, *l, a.correctie(ctx))
			if err != nil {
				return "", err
			}
			return created.ID, nil
		},
		update: func(ctx context.Context, id string, body map[string]any, o catalogus.Options) error {
			old, err := catalogus.GetZaakTypeInformatieObjectType(ctx, a.env.DB.R, id)
			if err != nil {
				return err
			}
			l, err := fromBody(ctx, body, old.ZaakTypeID)
			if err != nil {
				return err
			}
			_, err = a.store.UpdateZaakTypeInformatieObjectType(ctx, id, *l, o)
			return err
		},
		del: func(ctx context.Context, id string) error { return a.store.DeleteZaakTypeInformatieObjectType(ctx, id) },
		stored: func(ctx context.Context, id string, m map[string]any) error {
			l, err := catalogus.GetZaakTypeInformatieObjectType(ctx, a.env.DB.R, id)
			if err != nil {
				return err
			}
			m["informatieobjecttype"] = a.url("informatieobjecttypen", l.InformatieObjectTypeID)
			return nil
		},
		createdStatus: http.StatusCreated,
		deleteStatus:  http.StatusNoContent,
	}
}
