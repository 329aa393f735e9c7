package zaken

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gemeenten/loket/internal/audit"
	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/zaak"
	"github.com/gemeenten/loket/internal/zgw"
)

type relevanteZaakJSON struct {
	URL            string `json:"url"`
	AardRelatie    string `json:"aardRelatie"`
	OverigeRelatie string `json:"overigeRelatie,omitempty"`
	Toelichting    string `json:"toelichting,omitempty"`
}

type verlengingJSON struct {
	Reden string `json:"reden"`
	Duur  string `json:"duur"`
}

type opschortingJSON struct {
	Indicatie bool   `json:"indicatie"`
	Reden     string `json:"reden"`
}

type zaakJSON struct {
	URL                          string              `json:"url"`
	UUID                         string              `json:"uuid"`
	Identificatie                string              `json:"identificatie"`
	Bronorganisatie              string              `json:"bronorganisatie"`
	Omschrijving                 string              `json:"omschrijving"`
	Toelichting                  string              `json:"toelichting"`
	Zaaktype                     string              `json:"zaaktype"`
	Registratiedatum             *string             `json:"registratiedatum"`
	VerantwoordelijkeOrganisatie string              `json:"verantwoordelijkeOrganisatie"`
	Startdatum                   *string             `json:"startdatum"`
	Einddatum                    *string             `json:"einddatum"`
	EinddatumGepland             *string             `json:"einddatumGepland"`
	UiterlijkeEinddatumAfdoening *string             `json:"uiterlijkeEinddatumAfdoening"`
	Publicatiedatum              *string             `json:"publicatiedatum"`
	Communicatiekanaal           string              `json:"communicatiekanaal"`
	ProductenOfDiensten          []string            `json:"productenOfDiensten"`
	Vertrouwelijkheidaanduiding  string              `json:"vertrouwelijkheidaanduiding"`
	Betalingsindicatie           string              `json:"betalingsindicatie"`
	BetalingsindicatieWeergave   string              `json:"betalingsindicatieWeergave"`
	LaatsteBetaaldatum           *time.Time          `json:"laatsteBetaaldatum"`
	Zaakgeometrie                json.RawMessage     `json:"zaakgeometrie"`
	Verlenging                   *verlengingJSON     `json:"verlenging"`
	Opschorting                  *opschortingJSON    `json:"opschorting"`
	Selectielijstklasse          string              `json:"selectielijstklasse"`
	Hoofdzaak                    *string             `json:"hoofdzaak"`
	Deelzaken                    []string            `json:"deelzaken"`
	RelevanteAndereZaken         []relevanteZaakJSON `json:"relevanteAndereZaken"`
	Eigenschappen                []string            `json:"eigenschappen"`
	Rollen                       []string            `json:"rollen"`
	Status                       *string             `json:"status"`
	Zaakinformatieobjecten       []string            `json:"zaakinformatieobjecten"`
	Zaakobjecten                 []string            `json:"zaakobjecten"`
	Kenmerken                    []zaak.Kenmerk      `json:"kenmerken"`
	Archiefnominatie             *string             `json:"archiefnominatie"`
	Archiefstatus                string              `json:"archiefstatus"`
	Archiefactiedatum            *string             `json:"archiefactiedatum"`
	Resultaat                    *string             `json:"resultaat"`
	OpdrachtgevendeOrganisatie   string              `json:"opdrachtgevendeOrganisatie"`
	Processobjectaard            *string             `json:"processobjectaard"`
	StartdatumBewaartermijn      *string             `json:"startdatumBewaartermijn"`
	Processobject                json.RawMessage     `json:"processobject"`
	Expand                       map[string]any      `json:"_expand,omitempty"`
}

var betalingWeergave = map[string]string{
	"":             "",
	"nvt":          "Er is geen sprake van te betalen, met de zaak gemoeide, kosten.",
	"nog_niet":     "De met de zaak gemoeide kosten zijn (nog) niet betaald.",
	"gedeeltelijk": "De met de zaak gemoeide kosten zijn gedeeltelijk betaald.",
	"geheel":       "De met de zaak gemoeide kosten zijn geheel betaald.",
}

func (a *api) zaakJSON(z *zaak.Zaak, p *zaak.APIParts) *zaakJSON {
	if p == nil {
		p = &zaak.APIParts{}
	}
	j := &zaakJSON{
		URL:                          a.zaakURL(z.ID),
		UUID:                         z.ID,
		Identificatie:                z.Identificatie,
		Bronorganisatie:              z.Bronorganisatie,
		Omschrijving:                 z.Omschrijving,
		Toelichting:                  z.Toelichting,
		Zaaktype:                     a.url(pathZaaktypen, z.ZaakTypeID),
		Registratiedatum:             dateStr(z.Registratiedatum),
		VerantwoordelijkeOrganisatie: z.VerantwoordelijkeOrganisatie,
		Startdatum:                   dateStr(z.Startdatum),
		Einddatum:                    dateStr(z.Einddatum),
		EinddatumGepland:             dateStr(z.EinddatumGepland),
		UiterlijkeEinddatumAfdoening: dateStr(z.UiterlijkeEinddatumAfdoening),
		Publicatiedatum:              dateStr(z.Publicatiedatum),
		Communicatiekanaal:           z.Communicatiekanaal,
		ProductenOfDiensten:          z.ProductenOfDiensten,
		Vertrouwelijkheidaanduiding:  z.Vertrouwelijkheidaanduiding,
		Betalingsindicatie:           z.Betalingsindicatie,
		BetalingsindicatieWeergave:   betalingWeergave[z.Betalingsindicatie],
		LaatsteBetaaldatum:           z.LaatsteBetaaldatum,
		Zaakgeometrie:                json.RawMessage("null"),
		Opschorting:                  &opschortingJSON{Indicatie: z.Opschorting.Indicatie, Reden: z.Opschorting.Reden},
		Selectielijstklasse:          z.Selectielijstklasse,
		Hoofdzaak:                    a.urlPtr(pathZaken, z.HoofdzaakID),
		Deelzaken:                    a.urls(pathZaken, p.Deelzaken),
		Eigenschappen:                a.eigenschapURLs(z.ID, p.Eigenschappen),
		Rollen:                       a.urls(pathRollen, p.Rollen),
		Status:                       a.urlPtr(pathStatussen, z.StatusID),
		Zaakinformatieobjecten:       a.urls(pathZIO, p.Zaakinformatieobjecten),
		Zaakobjecten:                 a.urls(pathObjecten, p.Zaakobjecten),
		Kenmerken:                    z.Kenmerken,
		Archiefnominatie:             strPtr(z.Archiefnominatie),
		Archiefstatus:                z.Archiefstatus,
		Archiefactiedatum:            dateStr(z.Archiefactiedatum),
		Resultaat:                    a.urlPtr(pathResultaten, z.ResultaatID),
		OpdrachtgevendeOrganisatie:   z.OpdrachtgevendeOrganisatie,
		Processobjectaard:            strPtr(z.Processobjectaard),
		StartdatumBewaartermijn:      dateStr(z.StartdatumBewaartermijn),
		Processobject:                json.RawMessage("null"),
	}
	if z.Processobject != nil {
		j.Processobject, _ = json.Marshal(z.Processobject)
	}
	if j.ProductenOfDiensten == nil {
		j.ProductenOfDiensten = []string{}
	}
	if j.Kenmerken == nil {
		j.Kenmerken = []zaak.Kenmerk{}
	}
	if z.Zaakgeometrie != "" {
		j.Zaakgeometrie = json.RawMessage(z.Zaakgeometrie)
	}
	if z.Verlenging.Duur != "" || z.Verlenging.Reden != "" {
		j.Verlenging = &verlengingJSON{Reden: z.Verlenging.Reden, Duur: z.Verlenging.Duur}
	}
	j.RelevanteAndereZaken = []relevanteZaakJSON{}
	for _, r := range p.Relaties {
		u := r.URL
		if r.AndereZaakID != "" {
			u = a.zaakURL(r.AndereZaakID)
		}
		j.RelevanteAndereZaken = append(j.RelevanteAndereZaken, relevanteZaakJSON{URL: u, AardRelatie: r.AardRelatie,
			OverigeRelatie: r.OverigeRelatie, Toelichting: r.Toelichting})
	}
	return j
}

func (a *api) eigenschapURLs(zaakID string, ids []string) []string {
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		out = append(out, a.zaakURL(zaakID)+"/zaakeigenschappen/"+id)
	}
	return out
}

// renderZaken renders zaken with their parts, read for all of them at once.
func (a *api) renderZaken(ctx context.Context, zs []*zaak.Zaak) ([]*zaakJSON, error) {
	ids := make([]string, len(zs))
	for i, z := range zs {
		ids[i] = z.ID
	}
	parts, err := a.zaken.APIPartsOf(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make([]*zaakJSON, len(zs))
	for i, z := range zs {
		out[i] = a.zaakJSON(z, parts[z.ID])
	}
	return out, nil
}

// ---- List and search ----

var zaakListParams = []string{"identificatie", "bronorganisatie", "bronorganisatie__in", "zaaktype",
	"archiefnominatie", "archiefnominatie__in", "archiefactiedatum", "archiefactiedatum__lt",
	"archiefactiedatum__gt", "archiefactiedatum__isnull", "archiefstatus", "archiefstatus__in", "startdatum",
	"startdatum__gt", "startdatum__gte", "startdatum__lt", "startdatum__lte", "registratiedatum",
	"registratiedatum__gt", "registratiedatum__lt", "einddatum", "einddatum__gt", "einddatum__lt",
	"einddatum__isnull", "einddatumGepland", "einddatumGepland__gt", "einddatumGepland__lt",
	"uiterlijkeEinddatumAfdoening", "uiterlijkeEinddatumAfdoening__gt", "uiterlijkeEinddatumAfdoening__lt",
	"rol__betrokkeneType", "rol__betrokkene", "rol__omschrijvingGeneriek", "maximaleVertrouwelijkheidaanduiding",
	"rol__betrokkeneIdentificatie__natuurlijkPersoon__inpBsn",
	"rol__betrokkeneIdentificatie__natuurlijkPersoon__anpIdentificatie",
	"rol__betrokkeneIdentificatie__natuurlijkPersoon__inpA_nummer",
	"rol__betrokkeneIdentificatie__nietNatuurlijkPersoon__innNnpId",
	"rol__betrokkeneIdentificatie__nietNatuurlijkPersoon__annIdentificatie",
	"rol__betrokkeneIdentificatie__vestiging__vestigingsNummer",
	"rol__betrokkeneIdentificatie__medewerker__identificatie",
	"rol__betrokkeneIdentificatie__organisatorischeEenheid__identificatie",
	"ordering", "expand", "page"}

// rolIdentParams maps the rol identificatie filters to betrokkeneType and key.
var rolIdentParams = map[string][2]string{
	"natuurlijkPersoon__inpBsn":               {"natuurlijk_persoon", "inpBsn"},
	"natuurlijkPersoon__anpIdentificatie":     {"natuurlijk_persoon", "anpIdentificatie"},
	"natuurlijkPersoon__inpA_nummer":          {"natuurlijk_persoon", "inpA_nummer"},
	"nietNatuurlijkPersoon__innNnpId":         {"niet_natuurlijk_persoon", "innNnpId"},
	"nietNatuurlijkPersoon__annIdentificatie": {"niet_natuurlijk_persoon", "annIdentificatie"},
	"vestiging__vestigingsNummer":             {"vestiging", "vestigingsNummer"},
	"medewerker__identificatie":               {"medewerker", "identificatie"},
	"organisatorischeEenheid__identificatie":  {"organisatorische_eenheid", "identificatie"},
}

var dateOps = map[string]string{"": "=", "gt": ">", "gte": ">=", "lt": "<", "lte": "<="}

var omschrijvingenGeneriek = []string{"adviseur", "behandelaar", "belanghebbende", "beslisser", "initiator",
	"klantcontacter", "zaakcoordinator", "mede_initiator"}

func oneOf(v string, list []string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

func splitList(v string) []string {
	var out []string
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// zaakFilter builds the domain filter from the query (or the _zoek body as
// the same name → value pairs).
func (a *api) zaakFilter(params map[string]string, f *errs.Fields) zaak.APIFilter {
	var flt zaak.APIFilter
	for k, v := range params {
		name, op, _ := strings.Cut(k, "__")
		if strings.HasPrefix(k, "rol__betrokkeneIdentificatie__") {
			rp, ok := rolIdentParams[strings.TrimPrefix(k, "rol__betrokkeneIdentificatie__")]
			if ok {
				flt.Rollen = append(flt.Rollen, zaak.RolCond{BetrokkeneType: rp[0], IdentKey: rp[1], IdentValue: v})
			}
			continue
		}
		switch {
		case k == "identificatie":
			flt.Identificatie = v
		case k == "bronorganisatie":
			flt.Bronorganisaties = []string{v}
		case k == "bronorganisatie__in":
			flt.Bronorganisaties = splitList(v)
		case k == "zaaktype" || k == "zaaktype__in":
			for _, u := range splitList(v) {
				if id, ok := a.env.ParseOwnURL(u, pathZaaktypen); ok {
					flt.ZaakTypeIDs = append(flt.ZaakTypeIDs, id)
				} else if !strings.HasPrefix(u, "http://") && !strings.HasPrefix(u, "https://") {
					f.Add(k, "invalid", "Voer een geldige URL in.")
				}
			}
			if len(flt.ZaakTypeIDs) == 0 {
				flt.NoMatch = true
			}
		case k == "uuid__in":
			flt.IDs = splitList(v)
			if len(flt.IDs) == 0 {
				flt.NoMatch = true
			}
		case k == "archiefnominatie" || k == "archiefnominatie__in":
			flt.Archiefnominaties = splitList(v)
			for _, x := range flt.Archiefnominaties {
				if !oneOf(x, zaak.Archiefnominaties) {
					f.Add(k, "invalid_choice", "Kies blijvend_bewaren of vernietigen.")
				}
			}
		case k == "archiefstatus" || k == "archiefstatus__in":
			flt.Archiefstatussen = splitList(v)
			for _, x := range flt.Archiefstatussen {
				if !oneOf(x, zaak.Archiefstatussen) {
					f.Add(k, "invalid_choice", "Onbekende archiefstatus.")
				}
			}
		case op == "isnull":
			switch v {
			case "true", "True", "1":
				flt.IsNull = setNull(flt.IsNull, name, true)
			case "false", "False", "0":
				flt.IsNull = setNull(flt.IsNull, name, false)
			default:
				f.Add(k, "invalid", "Kies true of false.")
			}
		case name == "startdatum" || name == "registratiedatum" || name == "einddatum" || name == "einddatumGepland" ||
			name == "uiterlijkeEinddatumAfdoening" || name == "archiefactiedatum":
			d, err := date.Parse(v)
			if err != nil {
				f.Add(k, "invalid", "Voer een geldige datum in (JJJJ-MM-DD).")
				continue
			}
			flt.Dates = append(flt.Dates, zaak.DateCond{Field: name, Op: dateOps[op], Value: d})
		case k == "rol__betrokkeneType":
			if !oneOf(v, zaak.BetrokkeneTypen) {
				f.Add(k, "invalid_choice", "Onbekend betrokkeneType.")
			}
			flt.Rollen = append(flt.Rollen, zaak.RolCond{BetrokkeneType: v})
		case k == "rol__betrokkene":
			flt.Rollen = append(flt.Rollen, zaak.RolCond{Betrokkene: v})
		case k == "rol__omschrijvingGeneriek":
			if !oneOf(v, omschrijvingenGeneriek) {
				f.Add(k, "invalid_choice", "Onbekende omschrijvingGeneriek.")
			}
			flt.Rollen = append(flt.Rollen, zaak.RolCond{OmschrijvingGeneriek: v})
		case k == "maximaleVertrouwelijkheidaanduiding":
			flt.MaxVertrouwelijkheid = v
		case k == "ordering":
			flt.Ordering = splitList(v)
		}
	}
	return flt
}

func setNull(m map[string]bool, k string, v bool) map[string]bool {
	if m == nil {
		m = map[string]bool{}
	}
	m[k] = v
	return m
}

func (a *api) listZaken(w http.ResponseWriter, r *http.Request) {
	if !zgw.RequireCrs(w, r) || !zgw.RequireScope(w, r, zgw.ZRC, ScopeLezen) {
		return
	}
	if err := zgw.CheckQuery(r, zaakListParams...); err != nil {
		a.fail(w, r, err)
		return
	}
	page, err := zgw.PageParam(r)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	params := map[string]string{}
	for k, v := range r.URL.Query() {
		if k != "page" && k != "expand" && len(v) > 0 {
			params[k] = v[len(v)-1]
		}
	}
	a.respondList(w, r, params, r.URL.Query().Get("expand"), page)
}

func (a *api) respondList(w http.ResponseWriter, r *http.Request, params map[string]string, expand string, page int) {
	var f errs.Fields
	flt := a.zaakFilter(params, &f)
	ex, err := parseExpand(expand, zaakExpandable)
	if err != nil {
		f.Add("expand", "invalid", err.Error())
	}
	if err := f.Err(); err != nil {
		a.fail(w, r, err)
		return
	}
	flt.Access = a.access(r, ScopeLezen)
	flt.Page, flt.PageSize = page, PageSize
	// A search by BSN is a read of personal data, logged before anything is
	// sent; the log write (a commit) runs alongside the list query rather
	// than before it.
	logged := make(chan error, 1)
	if bsn := params["rol__betrokkeneIdentificatie__natuurlijkPersoon__inpBsn"]; bsn != "" {
		go func() { logged <- a.logInzage(r, bsn, "zaken", "") }()
	} else {
		logged <- nil
	}
	refs, n, err := a.zaken.APIListRefs(r.Context(), flt)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if err := zgw.CheckPage(n, page, PageSize); err != nil {
		a.fail(w, r, err)
		return
	}
	var items [][]byte
	if len(ex) > 0 {
		items, err = a.expandedRows(r, refs, ex)
	} else {
		items, err = a.renderedRows(r.Context(), refs)
	}
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if err := <-logged; err != nil {
		a.fail(w, r, err)
		return
	}
	writePage(w, r, zgw.NewPage(r, a.env, n, page, PageSize, nil), items)
}

// renderedRows returns the JSON of the zaken refs, in order: from the
// cache where it holds the current version, rendered (and cached) for the
// rest. A zaak deleted since the list query is left out.
func (a *api) renderedRows(ctx context.Context, refs []zaak.APIRef) ([][]byte, error) {
	out := make([][]byte, len(refs))
	var miss []string
	for i, ref := range refs {
		if b, ok := a.rows.get(ref.ID, ref.Versie); ok {
			out[i] = b
		} else {
			miss = append(miss, ref.ID)
		}
	}
	if len(miss) == 0 {
		return out, nil
	}
	zs, err := a.zaken.APIGetMany(ctx, miss)
	if err != nil {
		return nil, err
	}
	js, err := a.renderZaken(ctx, zs)
	if err != nil {
		return nil, err
	}
	fresh := make(map[string][]byte, len(zs))
	for i, z := range zs {
		b := appendZaakJSON(nil, js[i])
		a.rows.put(z.ID, z.APIVersie, b)
		fresh[z.ID] = b
	}
	kept := out[:0]
	for i, ref := range refs {
		b := out[i]
		if b == nil {
			b = fresh[ref.ID]
		}
		if b != nil {
			kept = append(kept, b)
		}
	}
	return kept, nil
}

// expandedRows renders the zaken refs with their expand, which depends on
// the client's rights and on other resources, so it is never cached.
func (a *api) expandedRows(r *http.Request, refs []zaak.APIRef, ex expandTree) ([][]byte, error) {
	ids := make([]string, len(refs))
	for i, ref := range refs {
		ids[i] = ref.ID
	}
	zs, err := a.zaken.APIGetMany(r.Context(), ids)
	if err != nil {
		return nil, err
	}
	byID := make(map[string]*zaak.Zaak, len(zs))
	for _, z := range zs {
		byID[z.ID] = z
	}
	ordered := make([]*zaak.Zaak, 0, len(zs))
	for _, id := range ids {
		if z := byID[id]; z != nil {
			ordered = append(ordered, z)
		}
	}
	js, err := a.renderZaken(r.Context(), ordered)
	if err != nil {
		return nil, err
	}
	e := a.newExpander(r)
	out := make([][]byte, len(js))
	for i, j := range js {
		if err := e.zaak(j, ex); err != nil {
			return nil, err
		}
		out[i] = appendZaakJSON(nil, j)
	}
	return out, nil
}

// searchZaken is POST /zaken/_zoek: the list filters in a JSON body, with
// zaakgeometrie.within (a polygon) and uuid__in.
func (a *api) searchZaken(w http.ResponseWriter, r *http.Request) {
	if !zgw.RequireCrs(w, r) || !zgw.RequireScope(w, r, zgw.ZRC, ScopeLezen) {
		return
	}
	if err := zgw.CheckQuery(r, "page"); err != nil {
		a.fail(w, r, err)
		return
	}
	page, err := zgw.PageParam(r)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	var m map[string]json.RawMessage
	if err := zgw.DecodeJSON(r, &m); err != nil {
		a.fail(w, r, err)
		return
	}
	allowed := map[string]bool{"zaakgeometrie": true, "uuid__in": true, "zaaktype__in": true}
	for _, p := range zaakListParams {
		allowed[p] = true
	}
	delete(allowed, "page")
	var f errs.Fields
	params := map[string]string{}
	var expand string
	var within json.RawMessage
	for k, raw := range m {
		if !allowed[k] {
			f.Add(k, "unknown-parameters", "Onbekende zoekparameter.")
			continue
		}
		if string(raw) == "null" {
			continue
		}
		switch k {
		case "zaakgeometrie":
			var g struct {
				Within json.RawMessage `json:"within"`
			}
			if json.Unmarshal(raw, &g) != nil || len(g.Within) == 0 {
				f.Add(k, "invalid", "Geef zaakgeometrie als {\"within\": <GeoJSON Polygon>}.")
				continue
			}
			within = g.Within
			continue
		}
		var list []string
		if json.Unmarshal(raw, &list) == nil {
			params[k] = strings.Join(list, ",")
			if len(list) == 0 {
				params[k] = ""
				if k == "uuid__in" || k == "zaaktype__in" {
					params[k] = " "
				}
			}
			continue
		}
		var s string
		if json.Unmarshal(raw, &s) == nil {
			if k == "expand" {
				expand = s
			} else {
				params[k] = s
			}
			continue
		}
		var b bool
		if json.Unmarshal(raw, &b) == nil {
			if b {
				params[k] = "true"
			} else {
				params[k] = "false"
			}
			continue
		}
		f.Add(k, "invalid", "Verwacht tekst of een lijst van teksten.")
	}
	if err := f.Err(); err != nil {
		a.fail(w, r, err)
		return
	}
	if within != nil {
		poly, err := parsePolygon(within)
		if err != nil {
			a.fail(w, r, errs.InvalidField("zaakgeometrie.within", "invalid", err.Error()))
			return
		}
		ids, err := a.zakenWithin(r, params, poly)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		if prev, ok := params["uuid__in"]; ok {
			ids = intersect(ids, splitList(prev))
		}
		params["uuid__in"] = strings.Join(ids, ",")
		if len(ids) == 0 {
			params["uuid__in"] = " "
		}
	}
	a.respondList(w, r, params, expand, page)
}

func intersect(a, b []string) []string {
	in := map[string]bool{}
	for _, x := range b {
		in[x] = true
	}
	var out []string
	for _, x := range a {
		if in[x] {
			out = append(out, x)
		}
	}
	return out
}

// ---- Detail ----

// readZaak loads a zaak for a client with scope; outside its autorisaties
// the answer is 403.
func (a *api) readZaak(r *http.Request, id string, scopes ...string) (*zaak.Zaak, error) {
	z, err := a.zaken.APIGet(r.Context(), id)
	if err != nil {
		return nil, err
	}
	if !a.allows(r, z.ZaakTypeID, z.Vertrouwelijkheidaanduiding, scopes...) {
		return nil, zgw.PermissionDenied()
	}
	return z, nil
}

func (a *api) renderOne(r *http.Request, z *zaak.Zaak) (*zaakJSON, error) {
	out, err := a.renderZaken(r.Context(), []*zaak.Zaak{z})
	if err != nil {
		return nil, err
	}
	return out[0], nil
}

func (a *api) getZaak(w http.ResponseWriter, r *http.Request) {
	if !zgw.RequireCrs(w, r) || !zgw.RequireScope(w, r, zgw.ZRC, ScopeLezen) {
		return
	}
	if err := zgw.CheckQuery(r, "expand"); err != nil {
		a.fail(w, r, err)
		return
	}
	ex, err := parseExpand(r.URL.Query().Get("expand"), zaakExpandable)
	if err != nil {
		// zrc-027: an attribute the zaak does not have (or may not expand) is a 404.
		a.fail(w, r, &zgw.HTTPError{Status: http.StatusNotFound, Code: "not_found", Detail: err.Error()})
		return
	}
	z, err := a.readZaak(r, r.PathValue("uuid"), ScopeLezen)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	j, err := a.renderOne(r, z)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if len(ex) > 0 {
		if err := a.newExpander(r).zaak(j, ex); err != nil {
			a.fail(w, r, err)
			return
		}
	}
	zgw.WriteJSON(w, r, http.StatusOK, j)
}

// ---- Create ----

// zaakInput reads the writable fields of a Zaak into an UpdateInput (nil:
// absent) plus what only create takes. full means PUT or POST: required
// fields must be there.
type zaakInput struct {
	u           zaak.UpdateInput
	zaaktypeID  string
	verlenging  *verlengingJSON
	opschorting *opschortingJSON
	clearVerl   bool
}

func (a *api) readZaakInput(r *http.Request, b *body, full bool, selfID string) zaakInput {
	var in zaakInput
	u := &in.u
	if full {
		b.Require("bronorganisatie", "zaaktype", "verantwoordelijkeOrganisatie", "startdatum")
	}
	u.Identificatie = b.Str("identificatie")
	u.Bronorganisatie = b.Str("bronorganisatie")
	u.VerantwoordelijkeOrganisatie = b.Str("verantwoordelijkeOrganisatie")
	u.Omschrijving = b.Str("omschrijving")
	u.Toelichting = b.Str("toelichting")
	if zt := b.Str("zaaktype"); zt != nil && *zt != "" {
		in.zaaktypeID = a.ref(&b.F, "zaaktype", *zt, pathZaaktypen, "zaaktype")
		if in.zaaktypeID != "" {
			u.ZaakTypeID = &in.zaaktypeID
		}
	}
	if d := b.Date("startdatum"); d != nil && !d.IsZero() {
		u.Startdatum = d
	}
	if d := b.Date("registratiedatum"); d != nil && !d.IsZero() {
		u.Registratiedatum = d
	}
	u.EinddatumGepland = b.Date("einddatumGepland")
	if d := b.Date("uiterlijkeEinddatumAfdoening"); d != nil && !d.IsZero() {
		// Loket computes the legal deadline from the facts (Awb 4:13); a
		// client's value is not stored, but it must be a date.
		_ = d
	}
	u.Publicatiedatum = b.Date("publicatiedatum")
	if c := b.Str("communicatiekanaal"); c != nil {
		u.Communicatiekanaal = c
		if *c != "" {
			a.checkCommunicatiekanaal(r, &b.F, *c)
		}
	}
	var producten []string
	if b.Into("productenOfDiensten", &producten) {
		u.ProductenOfDiensten = &producten
	} else if b.Null("productenOfDiensten") {
		u.ProductenOfDiensten = &[]string{}
	}
	if v := b.Str("vertrouwelijkheidaanduiding"); v != nil && *v != "" {
		u.Vertrouwelijkheidaanduiding = v
	}
	if v := b.Str("betalingsindicatie"); v != nil {
		u.Betalingsindicatie = v
	}
	if t := b.Timestamp("laatsteBetaaldatum"); t != nil {
		if t.IsZero() {
			u.ClearLaatsteBetaaldatum = true
		} else {
			u.LaatsteBetaaldatum = t
		}
	}
	if b.Has("zaakgeometrie") {
		g := ""
		if !b.Null("zaakgeometrie") {
			g = string(b.M["zaakgeometrie"])
		}
		u.Zaakgeometrie = &g
	}
	if h := b.Str("hoofdzaak"); h != nil {
		id := ""
		if *h != "" {
			id = a.ref(&b.F, "hoofdzaak", *h, pathZaken, "zaak")
			if id == "" {
				id = "-" // keeps the error; never stored
			}
		}
		if id != "-" {
			u.HoofdzaakID = &id
		}
	}
	u.Selectielijstklasse = b.Str("selectielijstklasse")
	if v := b.Str("archiefnominatie"); v != nil {
		u.Archiefnominatie = v
	}
	if v := b.Str("archiefstatus"); v != nil && *v != "" {
		u.Archiefstatus = v
	}
	u.Archiefactiedatum = b.Date("archiefactiedatum")
	u.StartdatumBewaartermijn = b.Date("startdatumBewaartermijn")
	u.OpdrachtgevendeOrganisatie = b.Str("opdrachtgevendeOrganisatie")
	u.Processobjectaard = b.Str("processobjectaard")
	var po zaak.Processobject
	if b.Into("processobject", &po) {
		if po == (zaak.Processobject{}) {
			// An empty object is not "none": the four fields are required.
			po.Datumkenmerk = " "
		}
		u.Processobject = &po
	} else if b.Null("processobject") {
		u.Processobject = &zaak.Processobject{}
	}
	var kenmerken []zaak.Kenmerk
	if b.Into("kenmerken", &kenmerken) {
		u.Kenmerken = &kenmerken
	} else if b.Null("kenmerken") {
		u.Kenmerken = &[]zaak.Kenmerk{}
	}
	var rel []relevanteZaakJSON
	if b.Into("relevanteAndereZaken", &rel) {
		rels := make([]zaak.RelatieInput, 0, len(rel))
		for i, x := range rel {
			ri := zaak.RelatieInput{AardRelatie: x.AardRelatie, OverigeRelatie: x.OverigeRelatie, Toelichting: x.Toelichting}
			field := "relevanteAndereZaken." + strconv.Itoa(i)
			if id, ok := a.env.ParseOwnURL(x.URL, pathZaken); ok {
				ri.AndereZaakID = id
			} else if x.URL == "" {
				b.F.Add(field+".url", "required", "De URL van de zaak is verplicht.")
			} else if !a.resolves(r, x.URL) {
				// zrc-011: every URL must resolve
				b.F.Add(field, "bad-url", "De URL kon niet worden opgehaald.")
			} else {
				ri.URL = x.URL
			}
			rels = append(rels, ri)
		}
		u.RelevanteAndereZaken = &rels
	} else if b.Null("relevanteAndereZaken") {
		u.RelevanteAndereZaken = &[]zaak.RelatieInput{}
	}
	if b.Has("verlenging") {
		var v verlengingJSON
		if b.Into("verlenging", &v) {
			in.verlenging = &v
		} else if b.Null("verlenging") {
			in.clearVerl = true
		}
	}
	if b.Has("opschorting") {
		var o opschortingJSON
		if b.Into("opschorting", &o) {
			in.opschorting = &o
		}
	}
	if u.HoofdzaakID != nil && *u.HoofdzaakID == selfID && selfID != "" {
		b.F.Add("hoofdzaak", "self-forbidden", "Een zaak kan niet haar eigen hoofdzaak zijn.")
	}
	return in
}

// resolves reports whether a URL answers 200 (zrc-011).
func (a *api) resolves(r *http.Request, u string) bool {
	_, code, err := a.fetch(r, u)
	return err == nil && code == http.StatusOK
}

// checkCommunicatiekanaal validates zrc-010: the URL must resolve to a
// communicatiekanaal ({url, naam, omschrijving}).
func (a *api) checkCommunicatiekanaal(r *http.Request, f *errs.Fields, u string) {
	raw, code, err := a.fetch(r, u)
	if err != nil || code != http.StatusOK {
		f.Add("communicatiekanaal", "bad-url", "Het communicatiekanaal kon niet worden opgehaald.")
		return
	}
	var ck struct {
		URL          *string `json:"url"`
		Naam         *string `json:"naam"`
		Omschrijving *string `json:"omschrijving"`
	}
	if json.Unmarshal(raw, &ck) != nil || ck.URL == nil || ck.Naam == nil || ck.Omschrijving == nil {
		f.Add("communicatiekanaal", "invalid-resource", "De URL wijst niet naar een communicatiekanaal.")
	}
}

// nonZero is p, or nil when p is nil or the zero value (null in a PATCH).
func nonZero[T comparable](p *T) *T {
	var zero T
	if p == nil || *p == zero {
		return nil
	}
	return p
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

func (a *api) createZaak(w http.ResponseWriter, r *http.Request) {
	if !zgw.RequireCrs(w, r) || !zgw.RequireScope(w, r, zgw.ZRC, ScopeAanmaken) {
		return
	}
	b, err := readBody(r)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	in := a.readZaakInput(r, b, true, "")
	if err := b.Err(); err != nil {
		a.fail(w, r, err)
		return
	}
	u := in.u
	vertr := deref(u.Vertrouwelijkheidaanduiding)
	if vertr == "" && !client(r).HeeftAlleAutorisaties {
		vertr, err = a.zaken.ZaakTypeVertrouwelijkheid(r.Context(), in.zaaktypeID)
		if err != nil && !errs.Is(err, errs.NotFound) {
			a.fail(w, r, err)
			return
		}
	}
	if vertr != "" && !a.allows(r, in.zaaktypeID, vertr, ScopeAanmaken) {
		a.fail(w, r, zgw.PermissionDenied())
		return
	}
	ci := zaak.CreateInput{
		Identificatie:                deref(u.Identificatie),
		Bronorganisatie:              deref(u.Bronorganisatie),
		VerantwoordelijkeOrganisatie: deref(u.VerantwoordelijkeOrganisatie),
		ZaakTypeID:                   in.zaaktypeID,
		Omschrijving:                 deref(u.Omschrijving),
		Toelichting:                  deref(u.Toelichting),
		Startdatum:                   deref(u.Startdatum),
		Registratiedatum:             deref(u.Registratiedatum),
		EinddatumGepland:             deref(u.EinddatumGepland),
		Publicatiedatum:              deref(u.Publicatiedatum),
		Kanaal:                       "api",
		Communicatiekanaal:           deref(u.Communicatiekanaal),
		ProductenOfDiensten:          deref(u.ProductenOfDiensten),
		Vertrouwelijkheidaanduiding:  deref(u.Vertrouwelijkheidaanduiding),
		Betalingsindicatie:           deref(u.Betalingsindicatie),
		LaatsteBetaaldatum:           u.LaatsteBetaaldatum,
		Zaakgeometrie:                deref(u.Zaakgeometrie),
		HoofdzaakID:                  deref(u.HoofdzaakID),
		Selectielijstklasse:          deref(u.Selectielijstklasse),
		OpdrachtgevendeOrganisatie:   deref(u.OpdrachtgevendeOrganisatie),
		Processobjectaard:            deref(u.Processobjectaard),
		Processobject:                nonZero(u.Processobject),
		Kenmerken:                    deref(u.Kenmerken),
		RelevanteAndereZaken:         deref(u.RelevanteAndereZaken),
	}
	extra := zaak.APIExtra{
		Archiefnominatie: deref(u.Archiefnominatie), Archiefactiedatum: deref(u.Archiefactiedatum),
		StartdatumBewaartermijn: deref(u.StartdatumBewaartermijn),
	}
	if in.opschorting != nil {
		extra.Opschorting = &zaak.OpschortingGroep{Indicatie: in.opschorting.Indicatie, Reden: in.opschorting.Reden}
	}
	if in.verlenging != nil {
		extra.Verlenging = &zaak.VerlengingGroep{Reden: in.verlenging.Reden, Duur: in.verlenging.Duur}
	}
	z, err := a.zaken.APICreate(r.Context(), ci, extra)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	var j *zaakJSON
	if len(ci.RelevanteAndereZaken) == 0 {
		// A new zaak has no parts yet (rollen, objecten, … are added
		// afterwards): no need to read them.
		j = a.zaakJSON(z, nil)
	} else if j, err = a.renderOne(r, z); err != nil {
		a.fail(w, r, err)
		return
	}
	w.Header().Set("Location", j.URL)
	zgw.WriteJSON(w, r, http.StatusCreated, j)
}

// ---- Update ----

func (a *api) updateZaak(w http.ResponseWriter, r *http.Request) {
	if !zgw.RequireCrs(w, r) || !zgw.RequireScope(w, r, zgw.ZRC, ScopeBijwerken, ScopeGeforceerdBijwerken) {
		return
	}
	id := r.PathValue("uuid")
	ref, err := a.zaakRef(r.Context(), id)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	ctx, err := a.writeCtx(r, ref, ScopeBijwerken, ScopeGeforceerdBijwerken)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	b, err := readBody(r)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	full := r.Method == http.MethodPut
	in := a.readZaakInput(r, b, full, id)
	if err := b.Err(); err != nil {
		a.fail(w, r, err)
		return
	}
	if in.u.Vertrouwelijkheidaanduiding != nil && !a.allows(r, ref.ZaakTypeID, *in.u.Vertrouwelijkheidaanduiding,
		ScopeBijwerken, ScopeGeforceerdBijwerken) {
		// A client may not raise a zaak above its own ceiling.
		a.fail(w, r, zgw.PermissionDenied())
		return
	}
	if full {
		// PUT replaces: optional fields that are absent are cleared.
		clearAbsent(b, &in.u)
	}
	extra := zaak.APIExtra{ClearVerlenging: in.clearVerl}
	if in.opschorting != nil {
		extra.Opschorting = &zaak.OpschortingGroep{Indicatie: in.opschorting.Indicatie, Reden: in.opschorting.Reden}
	}
	if in.verlenging != nil {
		extra.Verlenging = &zaak.VerlengingGroep{Reden: in.verlenging.Reden, Duur: in.verlenging.Duur}
	}
	if err := a.zaken.APIUpdate(ctx, id, in.u, extra); err != nil {
		a.fail(w, r, err)
		return
	}
	z, err := a.zaken.APIGet(r.Context(), id)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	j, err := a.renderOne(r, z)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	zgw.WriteJSON(w, r, http.StatusOK, j)
}

// clearAbsent sets the optional text and date fields a PUT left out to
// empty.
func clearAbsent(b *body, u *zaak.UpdateInput) {
	empty := ""
	var zero date.Date
	for k, p := range map[string]**string{"omschrijving": &u.Omschrijving, "toelichting": &u.Toelichting,
		"communicatiekanaal": &u.Communicatiekanaal, "selectielijstklasse": &u.Selectielijstklasse,
		"opdrachtgevendeOrganisatie": &u.OpdrachtgevendeOrganisatie, "processobjectaard": &u.Processobjectaard} {
		if !b.Has(k) && *p == nil {
			*p = &empty
		}
	}
	for k, p := range map[string]**date.Date{"einddatumGepland": &u.EinddatumGepland, "publicatiedatum": &u.Publicatiedatum} {
		if !b.Has(k) && *p == nil {
			*p = &zero
		}
	}
	if !b.Has("productenOfDiensten") {
		u.ProductenOfDiensten = &[]string{}
	}
	if !b.Has("kenmerken") {
		u.Kenmerken = &[]zaak.Kenmerk{}
	}
	if !b.Has("relevanteAndereZaken") {
		u.RelevanteAndereZaken = &[]zaak.RelatieInput{}
	}
	if !b.Has("hoofdzaak") {
		u.HoofdzaakID = &empty
	}
}

// ---- Delete ----

func (a *api) deleteZaak(w http.ResponseWriter, r *http.Request) {
	if !zgw.RequireScope(w, r, zgw.ZRC, ScopeVerwijderen) {
		return
	}
	id := r.PathValue("uuid")
	ref, err := a.zaakRef(r.Context(), id)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if !a.allows(r, ref.ZaakTypeID, ref.Vertrouwelijkheidaanduiding, ScopeVerwijderen) {
		a.fail(w, r, zgw.PermissionDenied())
		return
	}
	if err := a.zaken.Delete(r.Context(), id); err != nil {
		a.fail(w, r, err)
		return
	}
	zgw.NoContent(w)
}

// ---- Audit trail ----

var resourcePaths = map[string]string{"zaak": pathZaken, "status": pathStatussen, "resultaat": pathResultaten,
	"rol": pathRollen, "zaakobject": pathObjecten, "zaakinformatieobject": pathZIO, "klantcontact": pathKlantcontact}

func (a *api) auditJSON(zaakID string, row audit.Row) zgw.AuditEntry {
	res := row.ResourceURL
	if res == "" {
		if p, ok := resourcePaths[row.Resource]; ok {
			res = a.url(p, row.ResourceID)
		} else if row.Resource == "zaakeigenschap" {
			res = a.zaakURL(zaakID) + "/zaakeigenschappen/" + row.ResourceID
		} else {
			res = a.zaakURL(zaakID) + "#" + row.Resource + "-" + row.ResourceID
		}
	}
	bron := strings.ToLower(row.Bron)
	if !oneOf(bron, []string{"ac", "nrc", "zrc", "ztc", "drc", "brc"}) {
		bron = "zrc"
	}
	j := zgw.NewAuditEntry(bron, a.zaakURL(zaakID), res, row)
	// Unlike Besluiten and Documenten, a zaak's entry leaves out the side
	// of a change that has no state (a create's oud, a destroy's nieuw).
	j.Wijzigingen = map[string]any{}
	for k, raw := range map[string][]byte{"oud": row.Oud, "nieuw": row.Nieuw} {
		var v any
		if len(raw) == 0 || json.Unmarshal(raw, &v) != nil {
			continue
		}
		if m, ok := zgw.DropNulls(v).(map[string]any); ok {
			j.Wijzigingen[k] = m
		}
	}
	return j
}

func (a *api) auditRows(r *http.Request) (string, []audit.Row, error) {
	if !client(r).HasScope(zgw.ZRC, ScopeAudittrailsLezen) {
		return "", nil, zgw.PermissionDenied()
	}
	id := r.PathValue("uuid")
	ref, err := a.zaakRef(r.Context(), id)
	if err != nil {
		return "", nil, err
	}
	if !a.allows(r, ref.ZaakTypeID, ref.Vertrouwelijkheidaanduiding, ScopeAudittrailsLezen) {
		return "", nil, zgw.PermissionDenied()
	}
	rows, err := audit.ForZaak(r.Context(), a.env.DB.R, id)
	return id, rows, err
}
