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
	"github.com/gemeenten/loket/internal/termijn"
	"github.com/gemeenten/loket/internal/zgw"
)

type referentieproces struct {
	Naam string `json:"naam"`
	Link string `json:"link"`
}

type zaakTypenRelatieJSON struct {
	ZaakType    string `json:"zaaktype"`
	AardRelatie string `json:"aardRelatie"`
	Toelichting string `json:"toelichting"`
}

type zaakTypeJSON struct {
	URL                             string                 `json:"url"`
	Identificatie                   string                 `json:"identificatie"`
	Omschrijving                    string                 `json:"omschrijving"`
	OmschrijvingGeneriek            string                 `json:"omschrijvingGeneriek"`
	Vertrouwelijkheidaanduiding     string                 `json:"vertrouwelijkheidaanduiding"`
	Doel                            string                 `json:"doel"`
	Aanleiding                      string                 `json:"aanleiding"`
	Toelichting                     string                 `json:"toelichting"`
	IndicatieInternOfExtern         string                 `json:"indicatieInternOfExtern"`
	HandelingInitiator              string                 `json:"handelingInitiator"`
	Onderwerp                       string                 `json:"onderwerp"`
	HandelingBehandelaar            string                 `json:"handelingBehandelaar"`
	Doorlooptijd                    string                 `json:"doorlooptijd"`
	Servicenorm                     *string                `json:"servicenorm"`
	OpschortingEnAanhoudingMogelijk bool                   `json:"opschortingEnAanhoudingMogelijk"`
	VerlengingMogelijk              bool                   `json:"verlengingMogelijk"`
	Verlengingstermijn              *string                `json:"verlengingstermijn"`
	Trefwoorden                     []string               `json:"trefwoorden"`
	PublicatieIndicatie             bool                   `json:"publicatieIndicatie"`
	Publicatietekst                 string                 `json:"publicatietekst"`
	Verantwoordingsrelatie          []string               `json:"verantwoordingsrelatie"`
	ProductenOfDiensten             []string               `json:"productenOfDiensten"`
	SelectielijstProcestype         string                 `json:"selectielijstProcestype"`
	Referentieproces                referentieproces       `json:"referentieproces"`
	Verantwoordelijke               string                 `json:"verantwoordelijke"`
	ZaakObjectTypen                 []string               `json:"zaakobjecttypen"`
	Broncatalogus                   *bronCatalogus         `json:"broncatalogus,omitempty"`
	Bronzaaktype                    *bronZaakType          `json:"bronzaaktype,omitempty"`
	Catalogus                       string                 `json:"catalogus"`
	StatusTypen                     []string               `json:"statustypen"`
	ResultaatTypen                  []string               `json:"resultaattypen"`
	Eigenschappen                   []string               `json:"eigenschappen"`
	InformatieObjectTypen           []string               `json:"informatieobjecttypen"`
	RolTypen                        []string               `json:"roltypen"`
	BesluitTypen                    []string               `json:"besluittypen"`
	DeelZaakTypen                   []string               `json:"deelzaaktypen"`
	GerelateerdeZaakTypen           []zaakTypenRelatieJSON `json:"gerelateerdeZaaktypen"`
	BeginGeldigheid                 string                 `json:"beginGeldigheid"`
	EindeGeldigheid                 *string                `json:"eindeGeldigheid"`
	BeginObject                     *string                `json:"beginObject"`
	EindeObject                     *string                `json:"eindeObject"`
	Versiedatum                     string                 `json:"versiedatum"`
	Concept                         bool                   `json:"concept"`
}

type zaakTypeIn struct {
	Identificatie                   string            `json:"identificatie"`
	Omschrijving                    string            `json:"omschrijving"`
	OmschrijvingGeneriek            string            `json:"omschrijvingGeneriek"`
	Vertrouwelijkheidaanduiding     string            `json:"vertrouwelijkheidaanduiding"`
	Doel                            string            `json:"doel"`
	Aanleiding                      string            `json:"aanleiding"`
	Toelichting                     string            `json:"toelichting"`
	IndicatieInternOfExtern         string            `json:"indicatieInternOfExtern"`
	HandelingInitiator              string            `json:"handelingInitiator"`
	Onderwerp                       string            `json:"onderwerp"`
	HandelingBehandelaar            string            `json:"handelingBehandelaar"`
	Doorlooptijd                    *string           `json:"doorlooptijd"`
	Servicenorm                     *string           `json:"servicenorm"`
	OpschortingEnAanhoudingMogelijk *bool             `json:"opschortingEnAanhoudingMogelijk"`
	VerlengingMogelijk              *bool             `json:"verlengingMogelijk"`
	Verlengingstermijn              *string           `json:"verlengingstermijn"`
	Trefwoorden                     []string          `json:"trefwoorden"`
	PublicatieIndicatie             *bool             `json:"publicatieIndicatie"`
	Publicatietekst                 string            `json:"publicatietekst"`
	Verantwoordingsrelatie          []string          `json:"verantwoordingsrelatie"`
	ProductenOfDiensten             []string          `json:"productenOfDiensten"`
	SelectielijstProcestype         string            `json:"selectielijstProcestype"`
	Referentieproces                *referentieproces `json:"referentieproces"`
	Verantwoordelijke               string            `json:"verantwoordelijke"`
	Broncatalogus                   *bronCatalogus    `json:"broncatalogus"`
	Bronzaaktype                    *bronZaakType     `json:"bronzaaktype"`
	Catalogus                       string            `json:"catalogus"`
	BesluitTypen                    []string          `json:"besluittypen"`
	DeelZaakTypen                   []string          `json:"deelzaaktypen"`
	GerelateerdeZaakTypen           []struct {
		ZaakType    string `json:"zaaktype"`
		AardRelatie string `json:"aardRelatie"`
		Toelichting string `json:"toelichting"`
	} `json:"gerelateerdeZaaktypen"`
	BeginGeldigheid *string `json:"beginGeldigheid"`
	EindeGeldigheid *string `json:"eindeGeldigheid"`
	Versiedatum     *string `json:"versiedatum"`
}

func nullDuration(d termijn.Duration) *string {
	if d.IsZero() {
		return nil
	}
	s := d.String()
	return &s
}

func zaakTypen(a *api) resourceDef {
	return resourceDef{
		path:          "zaaktypen",
		createScopes:  []string{ScopeSchrijven},
		list:          a.listZaakTypen,
		get:           a.getZaakType,
		create:        a.createZaakType,
		update:        a.updateZaakType,
		del:           func(ctx context.Context, id string) error { return a.store.DeleteZaakType(ctx, id) },
		publish:       func(ctx context.Context, id string) error { _, err := a.store.PublishZaakType(ctx, id); return err },
		createdStatus: http.StatusCreated,
		deleteStatus:  http.StatusNoContent,
		getQuery:      []string{"datumGeldigheid"},
		stored: func(ctx context.Context, id string, m map[string]any) error {
			z, err := catalogus.GetZaakType(ctx, a.env.DB.R, id)
			if err != nil {
				return err
			}
			x, err := loadZaakTypeExtra(ctx, a.env.DB.R, id)
			if err != nil {
				return err
			}
			names, err := a.besluitTypeNames(ctx, z.BesluitTypeIDs)
			if err != nil {
				return err
			}
			rel := []map[string]any{}
			for _, g := range x.GerelateerdeZaakTypen {
				rel = append(rel, map[string]any{"zaaktype": g.Identificatie, "aardRelatie": g.AardRelatie, "toelichting": g.Toelichting})
			}
			m["besluittypen"], m["deelzaaktypen"], m["gerelateerdeZaaktypen"] = list(names), list(x.DeelZaakTypen), rel
			return nil
		},
	}
}

func (a *api) getZaakType(ctx context.Context, r *http.Request, id string) (any, error) {
	if _, err := dateParam(r, "datumGeldigheid"); err != nil {
		return nil, err
	}
	z, err := catalogus.GetZaakTypeBare(ctx, a.env.DB.R, id)
	if err != nil {
		return nil, err
	}
	refs, err := a.zaakTypeRefsOf(ctx, []string{z.ID})
	if err != nil {
		return nil, err
	}
	return a.zaakTypeJSON(ctx, newCache(), z, refs[z.ID], a.dateOn(r))
}

func (a *api) zaakTypeJSON(ctx context.Context, c *cache, z *catalogus.ZaakType, refs *zaakTypeRefs, d date.Date) (*zaakTypeJSON, error) {
	x := refs.extra
	j := &zaakTypeJSON{
		URL:                             a.url("zaaktypen", z.ID),
		Identificatie:                   z.Identificatie,
		Omschrijving:                    z.Omschrijving,
		OmschrijvingGeneriek:            z.OmschrijvingGeneriek,
		Vertrouwelijkheidaanduiding:     z.Vertrouwelijkheidaanduiding,
		Doel:                            z.Doel,
		Aanleiding:                      z.Aanleiding,
		Toelichting:                     z.Toelichting,
		IndicatieInternOfExtern:         z.IndicatieInternOfExtern,
		HandelingInitiator:              z.HandelingInitiator,
		Onderwerp:                       z.Onderwerp,
		HandelingBehandelaar:            z.HandelingBehandelaar,
		Doorlooptijd:                    z.Doorlooptijd.String(),
		Servicenorm:                     nullDuration(z.Servicenorm),
		OpschortingEnAanhoudingMogelijk: z.OpschortingEnAanhoudingMogelijk,
		VerlengingMogelijk:              z.VerlengingMogelijk,
		Verlengingstermijn:              nullDuration(z.Verlengingstermijn),
		Trefwoorden:                     list(z.Trefwoorden),
		PublicatieIndicatie:             z.PublicatieIndicatie,
		Publicatietekst:                 z.Publicatietekst,
		Verantwoordingsrelatie:          list(z.Verantwoordingsrelatie),
		ProductenOfDiensten:             list(z.ProductenOfDiensten),
		SelectielijstProcestype:         z.SelectielijstProcestype,
		Referentieproces:                referentieproces{Naam: z.ReferentieprocesNaam, Link: z.ReferentieprocesLink},
		Verantwoordelijke:               z.Verantwoordelijke,
		Broncatalogus:                   x.Broncatalogus,
		Bronzaaktype:                    x.Bronzaaktype,
		Catalogus:                       a.url("catalogussen", z.CatalogusID),
		BeginGeldigheid:                 z.BeginGeldigheid.String(),
		EindeGeldigheid:                 nullDate(z.EindeGeldigheid),
		Versiedatum:                     z.Versiedatum.String(),
		Concept:                         z.Concept,
		StatusTypen:                     a.urls("statustypen", refs.statusTypen),
		ResultaatTypen:                  a.urls("resultaattypen", refs.resultaatTypen),
		Eigenschappen:                   a.urls("eigenschappen", refs.eigenschappen),
		RolTypen:                        a.urls("roltypen", refs.rolTypen),
		ZaakObjectTypen:                 a.urls("zaakobjecttypen", refs.zaakObjectTypen),
		GerelateerdeZaakTypen:           []zaakTypenRelatieJSON{},
	}
	// Relations to informatieobjecttypen, besluittypen and other zaaktypen
	// are by name; the API shows the version valid on d (or today).
	var err error
	if j.InformatieObjectTypen, err = a.validURLs(ctx, c, "informatieobjecttypen", "informatieobjecttypen", z.CatalogusID, refs.iotNames, d); err != nil {
		return nil, err
	}
	if j.BesluitTypen, err = a.validURLs(ctx, c, "besluittypen", "besluittypen", z.CatalogusID, refs.btNames, d); err != nil {
		return nil, err
	}
	if j.DeelZaakTypen, err = a.validURLs(ctx, c, "zaaktypen", "zaaktypen", z.CatalogusID, x.DeelZaakTypen, d); err != nil {
		return nil, err
	}
	for _, g := range x.GerelateerdeZaakTypen {
		us, err := a.validURLs(ctx, c, "zaaktypen", "zaaktypen", z.CatalogusID, []string{g.Identificatie}, d)
		if err != nil {
			return nil, err
		}
		if len(us) == 1 {
			j.GerelateerdeZaakTypen = append(j.GerelateerdeZaakTypen, zaakTypenRelatieJSON{ZaakType: us[0], AardRelatie: g.AardRelatie, Toelichting: g.Toelichting})
		}
	}
	b, e, err := a.period(ctx, c, "zaaktypen", z.CatalogusID, z.Identificatie)
	if err != nil {
		return nil, err
	}
	j.BeginObject, j.EindeObject = nullDate(b), nullDate(e)
	return j, nil
}

func (a *api) besluitTypeNames(ctx context.Context, ids []string) ([]string, error) {
	var out []string
	for _, id := range ids {
		bt, err := catalogus.GetBesluitType(ctx, a.env.DB.R, id)
		if err != nil {
			return nil, err
		}
		if !slices.Contains(out, bt.Omschrijving) {
			out = append(out, bt.Omschrijving)
		}
	}
	return out, nil
}

// zaakTypeInput is a decoded and checked zaaktype body.
type zaakTypeInput struct {
	z            catalogus.ZaakType
	x            zaakTypeExtra
	besluitTypen []string // values as given: URL or omschrijving
}

func (a *api) zaakTypeFromBody(ctx context.Context, body map[string]any) (*zaakTypeInput, error) {
	var in zaakTypeIn
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	var f errs.Fields
	out := &zaakTypeInput{}
	z := &out.z
	z.Identificatie, z.Omschrijving, z.OmschrijvingGeneriek = in.Identificatie, in.Omschrijving, in.OmschrijvingGeneriek
	z.Vertrouwelijkheidaanduiding, z.Doel, z.Aanleiding, z.Toelichting = in.Vertrouwelijkheidaanduiding, in.Doel, in.Aanleiding, in.Toelichting
	z.IndicatieInternOfExtern, z.HandelingInitiator, z.Onderwerp, z.HandelingBehandelaar =
		in.IndicatieInternOfExtern, in.HandelingInitiator, in.Onderwerp, in.HandelingBehandelaar
	z.Doorlooptijd = catalogus.ParseTermijn(&f, "doorlooptijd", str(in.Doorlooptijd))
	z.Servicenorm = catalogus.ParseTermijn(&f, "servicenorm", str(in.Servicenorm))
	z.Verlengingstermijn = catalogus.ParseTermijn(&f, "verlengingstermijn", str(in.Verlengingstermijn))
	requiredBool := func(field string, v *bool) bool {
		if v == nil {
			f.Add(field, "required", "Dit veld is verplicht.")
			return false
		}
		return *v
	}
	z.OpschortingEnAanhoudingMogelijk = requiredBool("opschortingEnAanhoudingMogelijk", in.OpschortingEnAanhoudingMogelijk)
	z.VerlengingMogelijk = requiredBool("verlengingMogelijk", in.VerlengingMogelijk)
	z.PublicatieIndicatie = requiredBool("publicatieIndicatie", in.PublicatieIndicatie)
	z.Trefwoorden, z.Publicatietekst = list(in.Trefwoorden), in.Publicatietekst
	z.Verantwoordingsrelatie = list(in.Verantwoordingsrelatie)
	for _, v := range z.Verantwoordingsrelatie {
		if len([]rune(v)) > 40 {
			f.Add("verantwoordingsrelatie", "max_length", "Een verantwoordingsrelatie mag hoogstens 40 tekens bevatten.")
			break
		}
	}
	if in.ProductenOfDiensten == nil {
		f.Add("productenOfDiensten", "required", "Dit veld is verplicht.")
	}
	z.ProductenOfDiensten = list(in.ProductenOfDiensten)
	z.SelectielijstProcestype = in.SelectielijstProcestype
	if in.Referentieproces == nil {
		f.Add("referentieproces", "required", "Dit veld is verplicht.")
	} else {
		z.ReferentieprocesNaam, z.ReferentieprocesLink = in.Referentieproces.Naam, in.Referentieproces.Link
	}
	z.Verantwoordelijke = in.Verantwoordelijke
	if len([]rune(z.Verantwoordelijke)) > 50 {
		f.Add("verantwoordelijke", "max_length", "Dit veld mag hoogstens 50 tekens bevatten.")
	}
	if in.BeginGeldigheid == nil || *in.BeginGeldigheid == "" {
		f.Add("beginGeldigheid", "required", "Dit veld is verplicht.")
	}
	z.BeginGeldigheid = parseDate(&f, "beginGeldigheid", in.BeginGeldigheid)
	z.EindeGeldigheid = parseDate(&f, "eindeGeldigheid", in.EindeGeldigheid)
	if in.Versiedatum == nil || *in.Versiedatum == "" {
		f.Add("versiedatum", "required", "Dit veld is verplicht.")
	}
	z.Versiedatum = parseDate(&f, "versiedatum", in.Versiedatum)
	if in.Catalogus == "" {
		f.Add("catalogus", "required", "Dit veld is verplicht.")
	} else if id, err := a.ref("catalogus", in.Catalogus, "catalogussen"); err != nil {
		addErr(&f, err)
	} else {
		z.CatalogusID = id
	}
	if in.BesluitTypen == nil {
		f.Add("besluittypen", "required", "Dit veld is verplicht.")
	}
	out.besluitTypen = list(in.BesluitTypen)
	if in.GerelateerdeZaakTypen == nil {
		f.Add("gerelateerdeZaaktypen", "required", "Dit veld is verplicht.")
	}
	out.x.Broncatalogus, out.x.Bronzaaktype = in.Broncatalogus, in.Bronzaaktype
	if err := f.Err(); err != nil {
		return nil, err
	}
	// Relations to other zaaktypen are kept by identificatie, within the
	// same catalogus (ztc-013).
	zaakTypeName := func(field, v string) (string, error) {
		if !strings.HasPrefix(v, "http://") && !strings.HasPrefix(v, "https://") {
			if strings.TrimSpace(v) == "" {
				return "", errs.InvalidField(field, "required", "Geef de URL of identificatie van het zaaktype.")
			}
			return v, nil
		}
		id, err := a.ref(field, v, "zaaktypen")
		if err != nil {
			return "", err
		}
		other, err := catalogus.GetZaakType(ctx, a.env.DB.R, id)
		if errs.Is(err, errs.NotFound) {
			return "", errs.InvalidField(field, "does_not_exist", "Dit zaaktype bestaat niet.")
		}
		if err != nil {
			return "", err
		}
		if other.CatalogusID != z.CatalogusID {
			return "", errs.InvalidField(field, "relation-mismatch", "Het zaaktype hoort bij een andere catalogus.")
		}
		return other.Identificatie, nil
	}
	for _, v := range in.DeelZaakTypen {
		n, err := zaakTypeName("deelzaaktypen", v)
		if err != nil {
			return nil, err
		}
		out.x.DeelZaakTypen = append(out.x.DeelZaakTypen, n)
	}
	out.x.DeelZaakTypen = list(out.x.DeelZaakTypen)
	for _, g := range in.GerelateerdeZaakTypen {
		n, err := zaakTypeName("gerelateerdeZaaktypen.zaaktype", g.ZaakType)
		if err != nil {
			return nil, err
		}
		if !slices.Contains([]string{"vervolg", "bijdrage", "onderwerp"}, g.AardRelatie) {
			return nil, errs.InvalidField("gerelateerdeZaaktypen.aardRelatie", "invalid_choice", "Kies uit: vervolg, bijdrage, onderwerp.")
		}
		out.x.GerelateerdeZaakTypen = append(out.x.GerelateerdeZaakTypen, zaakTypenRelatie{Identificatie: n, AardRelatie: g.AardRelatie, Toelichting: g.Toelichting})
	}
	out.x.GerelateerdeZaakTypen = list(out.x.GerelateerdeZaakTypen)
	return out, nil
}

// addErr adds the field errors of err to f (or a general one).
func addErr(f *errs.Fields, err error) {
	if e := errs.As(err); e != nil && len(e.Fields) > 0 {
		for _, x := range e.Fields {
			f.Add(x.Field, x.Code, x.Reason)
		}
		return
	}
	f.Add("nonFieldErrors", "invalid", errs.Message(err))
}

// resolveBesluitTypen turns the besluittypen of a zaaktype body (URLs or
// omschrijvingen) into besluittype ids.
func (a *api) resolveBesluitTypen(ctx context.Context, catalogusID string, values []string) ([]string, error) {
	var ids []string
	for _, v := range values {
		var id string
		if strings.HasPrefix(v, "http://") || strings.HasPrefix(v, "https://") {
			var err error
			if id, err = a.ref("besluittypen", v, "besluittypen"); err != nil {
				return nil, err
			}
		} else {
			var err error
			if id, err = catalogus.LatestVersionID(ctx, a.env.DB.R, "besluittypen", catalogusID, v); err != nil {
				return nil, err
			}
			if id == "" {
				return nil, errs.InvalidField("besluittypen", "does_not_exist", "Er is in deze catalogus geen besluittype met omschrijving \""+v+"\".")
			}
		}
		if !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	return ids, nil
}

func (a *api) createZaakType(ctx context.Context, body map[string]any) (string, error) {
	in, err := a.zaakTypeFromBody(ctx, body)
	if err != nil {
		return "", err
	}
	if err := a.checkProcestype(ctx, in.z.SelectielijstProcestype); err != nil {
		return "", err
	}
	btIDs, err := a.resolveBesluitTypen(ctx, in.z.CatalogusID, in.besluitTypen)
	if err != nil {
		return "", err
	}
	var id string
	err = a.tx(ctx, func(tx *sql.Tx, s *catalogus.Store) error {
		z, err := s.CreateZaakType(ctx, in.z)
		if err != nil {
			return err
		}
		id = z.ID
		for _, bt := range btIDs {
			if err := s.LinkZaakTypeBesluitType(ctx, id, bt, catalogus.Options{}); err != nil {
				return err
			}
		}
		return saveZaakTypeExtra(ctx, tx, id, in.x)
	})
	return id, err
}

func (a *api) updateZaakType(ctx context.Context, id string, body map[string]any, o catalogus.Options) error {
	old, err := catalogus.GetZaakType(ctx, a.env.DB.R, id)
	if err != nil {
		return err
	}
	in, err := a.zaakTypeFromBody(ctx, body)
	if err != nil {
		return err
	}
	if in.z.CatalogusID != old.CatalogusID {
		return errCatalogusChange()
	}
	if in.z.SelectielijstProcestype != old.SelectielijstProcestype {
		if err := a.checkProcestype(ctx, in.z.SelectielijstProcestype); err != nil {
			return err
		}
	}
	// Loket's own attributes are not in the API; they stay.
	in.z.Complex, in.z.TeamID = old.Complex, old.TeamID
	btIDs, err := a.resolveBesluitTypen(ctx, old.CatalogusID, in.besluitTypen)
	if err != nil {
		return err
	}
	oldNames, err := a.besluitTypeNames(ctx, old.BesluitTypeIDs)
	if err != nil {
		return err
	}
	newNames, err := a.besluitTypeNames(ctx, btIDs)
	if err != nil {
		return err
	}
	oldX, err := loadZaakTypeExtra(ctx, a.env.DB.R, id)
	if err != nil {
		return err
	}
	relationsChanged := !sameSet(oldNames, newNames)
	if (relationsChanged || marshal(normExtra(oldX)) != marshal(normExtra(in.x))) && !old.Concept && !o.Correctie {
		return errs.E(errs.Conflict, "non-concept-object", "Het zaaktype is gepubliceerd en kan niet meer gewijzigd worden (alleen eindeGeldigheid of met een correctie).")
	}
	return a.tx(ctx, func(tx *sql.Tx, s *catalogus.Store) error {
		if _, err := s.UpdateZaakType(ctx, id, in.z, o); err != nil {
			return err
		}
		if relationsChanged {
			for _, bt := range old.BesluitTypeIDs {
				names, err := a.besluitTypeNames(ctx, []string{bt})
				if err != nil {
					return err
				}
				if !slices.Contains(newNames, names[0]) {
					if err := s.UnlinkZaakTypeBesluitType(ctx, id, bt); err != nil {
						return err
					}
				}
			}
			for _, bt := range btIDs {
				names, err := a.besluitTypeNames(ctx, []string{bt})
				if err != nil {
					return err
				}
				if !slices.Contains(oldNames, names[0]) {
					if err := s.LinkZaakTypeBesluitType(ctx, id, bt, o); err != nil {
						return err
					}
				}
			}
		}
		return saveZaakTypeExtra(ctx, tx, id, in.x)
	})
}

func normExtra(x zaakTypeExtra) zaakTypeExtra {
	x.DeelZaakTypen, x.GerelateerdeZaakTypen = list(x.DeelZaakTypen), list(x.GerelateerdeZaakTypen)
	return x
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(slices.Compact(a), slices.Compact(b))
}

func (a *api) listZaakTypen(w http.ResponseWriter, r *http.Request) {
	if err := zgw.CheckQuery(r, "catalogus", "identificatie", "trefwoorden", "status", "datumGeldigheid", "page"); err != nil {
		zgw.WriteError(w, r, err)
		return
	}
	n, p, err := page(r)
	if err != nil {
		zgw.WriteError(w, r, err)
		return
	}
	q := r.URL.Query()
	f := catalogus.ZaakTypeFilter{Identificatie: q.Get("identificatie"), Status: statusParam(r)}
	var none bool
	if f.CatalogusID, none, err = a.filterRef(r, "catalogus", "catalogussen"); err != nil {
		zgw.WriteError(w, r, err)
		return
	}
	if f.DatumGeldigheid, err = dateParam(r, "datumGeldigheid"); err != nil {
		zgw.WriteError(w, r, err)
		return
	}
	if q.Has("trefwoorden") {
		f.Trefwoorden = splitComma(q.Get("trefwoorden"))
	}
	if none {
		a.writePage(w, r, n, 0, []any{})
		return
	}
	res, err := catalogus.ListZaakTypen(r.Context(), a.env.DB.R, f, p)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	d := a.dateOn(r)
	ids := make([]string, len(res.Items))
	for i, z := range res.Items {
		ids[i] = z.ID
	}
	refs, err := a.zaakTypeRefsOf(r.Context(), ids)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	c := newCache()
	if err := a.prefillPeriods(r.Context(), c, res.Items); err != nil {
		a.fail(w, r, err)
		return
	}
	out := make([]*zaakTypeJSON, 0, len(res.Items))
	for i := range res.Items {
		j, err := a.zaakTypeJSON(r.Context(), c, &res.Items[i], refs[res.Items[i].ID], d)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		out = append(out, j)
	}
	a.writePage(w, r, n, res.Total, out)
}

// filterRef reads a URL filter parameter: the id of the resource, or none
// when the URL is well-formed but not one of ours (nothing matches).
func (a *api) filterRef(r *http.Request, name, kind string) (id string, none bool, err error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return "", false, nil
	}
	if id, ok := a.env.ParseOwnURL(v, Prefix+"/"+kind+"/"); ok {
		return id, false, nil
	}
	if strings.HasPrefix(v, "http://") || strings.HasPrefix(v, "https://") {
		return "", true, nil
	}
	return "", false, errs.InvalidField(name, "invalid", "Voer een geldige URL in.")
}
