package zaken

import (
	"context"
	"encoding/json"
	"net/http"
	"time"

	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/zaak"
	"github.com/gemeenten/loket/internal/zgw"
)

// partFilter reads the common query of the part lists: zaak (a URL) and
// page, with the client's access for scope.
func (a *api) partFilter(r *http.Request, f *errs.Fields) zaak.PartFilter {
	pf := zaak.PartFilter{Access: a.access(r, ScopeLezen), PageSize: PageSize}
	if u := r.URL.Query().Get("zaak"); u != "" {
		if id, ok := a.env.ParseOwnURL(u, pathZaken); ok {
			pf.ZaakID = id
		} else {
			pf.NoMatch = true
		}
	}
	return pf
}

// typeParam reads a catalogue URL filter into an id; a URL elsewhere
// matches nothing.
func (a *api) typeParam(r *http.Request, name, path string, pf *zaak.PartFilter) string {
	u := r.URL.Query().Get(name)
	if u == "" {
		return ""
	}
	id, ok := a.env.ParseOwnURL(u, path)
	if !ok {
		pf.NoMatch = true
	}
	return id
}

// begin is the start of every list handler: scope, known parameters and
// page.
func (a *api) beginList(w http.ResponseWriter, r *http.Request, params ...string) (int, bool) {
	if !zgw.RequireScope(w, r, zgw.ZRC, ScopeLezen) {
		return 0, false
	}
	if err := zgw.CheckQuery(r, params...); err != nil {
		a.fail(w, r, err)
		return 0, false
	}
	page, err := zgw.PageParam(r)
	if err != nil {
		a.fail(w, r, err)
		return 0, false
	}
	return page, true
}

func (a *api) writePage(w http.ResponseWriter, r *http.Request, n, page int, results any, err error) {
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if err := zgw.CheckPage(n, page, PageSize); err != nil {
		a.fail(w, r, err)
		return
	}
	zgw.WriteJSON(w, r, http.StatusOK, zgw.NewPage(r, a.env, n, page, PageSize, results))
}

// readPart checks that the client may read the part of zaak zaakID.
func (a *api) readPart(r *http.Request, zaakID string) error {
	z, err := a.zaakRef(r.Context(), zaakID)
	if err != nil {
		return err
	}
	if !a.allows(r, z.ZaakTypeID, z.Vertrouwelijkheidaanduiding, ScopeLezen) {
		return zgw.PermissionDenied()
	}
	return nil
}

// ---- Statussen ----

type statusJSON struct {
	URL                          string    `json:"url"`
	UUID                         string    `json:"uuid"`
	Zaak                         string    `json:"zaak"`
	Statustype                   string    `json:"statustype"`
	DatumStatusGezet             time.Time `json:"datumStatusGezet"`
	Statustoelichting            string    `json:"statustoelichting"`
	IndicatieLaatstGezetteStatus bool      `json:"indicatieLaatstGezetteStatus"`
	Gezetdoor                    string    `json:"gezetdoor,omitempty"`
	Zaakinformatieobjecten       []string  `json:"zaakinformatieobjecten"`
}

func (a *api) statusJSON(s zaak.APIStatus) statusJSON {
	j := statusJSON{URL: a.url(pathStatussen, s.ID), UUID: s.ID, Zaak: a.zaakURL(s.ZaakID),
		Statustype: a.url(pathStatustypen, s.StatusTypeID), DatumStatusGezet: s.DatumStatusGezet,
		Statustoelichting: s.Statustoelichting, IndicatieLaatstGezetteStatus: s.Laatst,
		Zaakinformatieobjecten: []string{}}
	if s.GezetdoorRolID != "" {
		j.Gezetdoor = a.url(pathRollen, s.GezetdoorRolID)
	}
	return j
}

func (a *api) listStatussen(w http.ResponseWriter, r *http.Request) {
	page, ok := a.beginList(w, r, "zaak", "statustype", "indicatieLaatstGezetteStatus", "page")
	if !ok {
		return
	}
	var f errs.Fields
	pf := a.partFilter(r, &f)
	pf.Page = page
	pf.StatusTypeID = a.typeParam(r, "statustype", pathStatustypen, &pf)
	switch r.URL.Query().Get("indicatieLaatstGezetteStatus") {
	case "":
	case "true", "True":
		t := true
		pf.IndicatieLaatst = &t
	case "false", "False":
		t := false
		pf.IndicatieLaatst = &t
	default:
		f.Add("indicatieLaatstGezetteStatus", "invalid", "Kies true of false.")
	}
	if err := f.Err(); err != nil {
		a.fail(w, r, err)
		return
	}
	list, n, err := a.zaken.APIStatussen(r.Context(), pf)
	out := make([]statusJSON, 0, len(list))
	for _, s := range list {
		out = append(out, a.statusJSON(s))
	}
	a.writePage(w, r, n, page, out, err)
}

func (a *api) getStatus(w http.ResponseWriter, r *http.Request) {
	if !zgw.RequireScope(w, r, zgw.ZRC, ScopeLezen) {
		return
	}
	if err := zgw.CheckQuery(r); err != nil {
		a.fail(w, r, err)
		return
	}
	s, err := a.zaken.GetStatus(r.Context(), r.PathValue("uuid"))
	if err == nil {
		err = a.readPart(r, s.ZaakID)
	}
	if err != nil {
		a.fail(w, r, err)
		return
	}
	zgw.WriteJSON(w, r, http.StatusOK, a.statusJSON(*s))
}

func (a *api) createStatus(w http.ResponseWriter, r *http.Request) {
	if !zgw.RequireScope(w, r, zgw.ZRC, ScopeAanmaken, ScopeStatussenToevoegen, ScopeHeropenen) {
		return
	}
	b, err := readBody(r)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	b.Require("zaak", "statustype", "datumStatusGezet")
	ctx := r.Context()
	z, err := a.partZaak(ctx, &b.F, b.S("zaak"))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	stID := a.ref(&b.F, "statustype", b.S("statustype"), pathStatustypen, "statustype")
	at := b.Timestamp("datumStatusGezet")
	gezetdoor := ""
	if g := b.S("gezetdoor"); g != "" {
		gezetdoor = a.ref(&b.F, "gezetdoor", g, pathRollen, "rol")
	}
	toelichting := b.S("statustoelichting")
	if err := b.Err(); err != nil {
		a.fail(w, r, err)
		return
	}
	if !a.allows(r, z.ZaakTypeID, z.Vertrouwelijkheidaanduiding, ScopeAanmaken, ScopeStatussenToevoegen, ScopeHeropenen) {
		a.fail(w, r, zgw.PermissionDenied())
		return
	}
	eind, err := a.zaken.IsEindstatus(ctx, stID)
	if err != nil && !errs.Is(err, errs.NotFound) {
		a.fail(w, r, err)
		return
	}
	has := func(scope string) bool { return a.allows(r, z.ZaakTypeID, z.Vertrouwelijkheidaanduiding, scope) }
	switch {
	case !z.Einddatum.IsZero() && !eind:
		// zrc-008: reopening needs zaken.heropenen.
		if !has(ScopeHeropenen) {
			a.fail(w, r, &zgw.HTTPError{Status: http.StatusForbidden, Code: "permission_denied",
				Detail: "Voor het heropenen van een afgesloten zaak is de scope zaken.heropenen nodig."})
			return
		}
	case !z.Einddatum.IsZero():
		if !has(ScopeGeforceerdBijwerken) {
			a.fail(w, r, &zgw.HTTPError{Status: http.StatusForbidden, Code: "permission_denied",
				Detail: "De zaak is afgesloten; alleen met de scope zaken.geforceerd-bijwerken kan zij nog worden gewijzigd."})
			return
		}
	case !has(ScopeStatussenToevoegen) && !has(ScopeHeropenen):
		// zaken.aanmaken only covers the first status of a new zaak (Loket
		// gives every zaak its initial status at creation).
		n, err := a.zaken.StatusCount(ctx, z.ID)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		if n > 1 {
			a.fail(w, r, &zgw.HTTPError{Status: http.StatusForbidden, Code: "permission_denied",
				Detail: "Met alleen de scope zaken.aanmaken kan alleen de eerste status van een zaak worden gezet."})
			return
		}
	}
	in := zaak.StatusInput{StatusTypeID: stID, Statustoelichting: toelichting, GezetdoorRolID: gezetdoor}
	if at != nil {
		in.DatumStatusGezet = *at
		if err := a.zaken.APIPrepareStatus(ctx, z.ID, *at); err != nil {
			a.fail(w, r, err)
			return
		}
	}
	st, err := a.zaken.SetStatus(ctx, z.ID, in)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	out, err := a.zaken.GetStatus(ctx, st.ID)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	zgw.WriteJSON(w, r, http.StatusCreated, a.statusJSON(*out))
}

// ---- Resultaten ----

type resultaatJSON struct {
	URL           string `json:"url"`
	UUID          string `json:"uuid"`
	Zaak          string `json:"zaak"`
	Resultaattype string `json:"resultaattype"`
	Toelichting   string `json:"toelichting"`
}

func (a *api) resultaatJSON(x zaak.Resultaat) resultaatJSON {
	return resultaatJSON{URL: a.url(pathResultaten, x.ID), UUID: x.ID, Zaak: a.zaakURL(x.ZaakID),
		Resultaattype: a.url(pathResultaattype, x.ResultaatTypeID), Toelichting: x.Toelichting}
}

func (a *api) listResultaten(w http.ResponseWriter, r *http.Request) {
	page, ok := a.beginList(w, r, "zaak", "resultaattype", "page")
	if !ok {
		return
	}
	var f errs.Fields
	pf := a.partFilter(r, &f)
	pf.Page = page
	pf.ResultaatTypeID = a.typeParam(r, "resultaattype", pathResultaattype, &pf)
	list, n, err := a.zaken.APIResultaten(r.Context(), pf)
	out := make([]resultaatJSON, 0, len(list))
	for _, x := range list {
		out = append(out, a.resultaatJSON(x))
	}
	a.writePage(w, r, n, page, out, err)
}

func (a *api) getResultaat(w http.ResponseWriter, r *http.Request) {
	if !zgw.RequireScope(w, r, zgw.ZRC, ScopeLezen) {
		return
	}
	if err := zgw.CheckQuery(r); err != nil {
		a.fail(w, r, err)
		return
	}
	x, err := a.zaken.GetResultaatByID(r.Context(), r.PathValue("uuid"))
	if err == nil {
		err = a.readPart(r, x.ZaakID)
	}
	if err != nil {
		a.fail(w, r, err)
		return
	}
	zgw.WriteJSON(w, r, http.StatusOK, a.resultaatJSON(*x))
}

var writeScopes = []string{ScopeBijwerken, ScopeGeforceerdBijwerken}

func (a *api) createResultaat(w http.ResponseWriter, r *http.Request) {
	if !zgw.RequireScope(w, r, zgw.ZRC, writeScopes...) {
		return
	}
	b, err := readBody(r)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	b.Require("zaak", "resultaattype")
	z, err := a.partZaak(r.Context(), &b.F, b.S("zaak"))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	rtID := a.ref(&b.F, "resultaattype", b.S("resultaattype"), pathResultaattype, "resultaattype")
	if err := b.Err(); err != nil {
		a.fail(w, r, err)
		return
	}
	ctx, err := a.writeCtx(r, z, writeScopes...)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if has, err := a.zaken.HasResultaat(ctx, z.ID); err != nil {
		a.fail(w, r, err)
		return
	} else if has {
		a.fail(w, r, errs.InvalidField("zaak", "unique", "Deze zaak heeft al een resultaat."))
		return
	}
	x, err := a.zaken.SetResultaat(ctx, z.ID, rtID, b.S("toelichting"))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	zgw.WriteJSON(w, r, http.StatusCreated, a.resultaatJSON(*x))
}

func (a *api) updateResultaat(w http.ResponseWriter, r *http.Request) {
	if !zgw.RequireScope(w, r, zgw.ZRC, writeScopes...) {
		return
	}
	cur, err := a.zaken.GetResultaatByID(r.Context(), r.PathValue("uuid"))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	z, err := a.zaakRef(r.Context(), cur.ZaakID)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	ctx, err := a.writeCtx(r, z, writeScopes...)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	b, err := readBody(r)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if r.Method == http.MethodPut {
		b.Require("zaak", "resultaattype")
	}
	if u := b.S("zaak"); u != "" && u != a.zaakURL(cur.ZaakID) {
		b.F.Add("zaak", "wijzigen-niet-toegelaten", "De zaak van een resultaat kan niet worden gewijzigd.")
	}
	rtID := cur.ResultaatTypeID
	if u := b.S("resultaattype"); u != "" {
		rtID = a.ref(&b.F, "resultaattype", u, pathResultaattype, "resultaattype")
	}
	toelichting := cur.Toelichting
	if t := b.Str("toelichting"); t != nil {
		toelichting = *t
	} else if r.Method == http.MethodPut {
		toelichting = ""
	}
	if err := b.Err(); err != nil {
		a.fail(w, r, err)
		return
	}
	x, err := a.zaken.SetResultaat(ctx, cur.ZaakID, rtID, toelichting)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	zgw.WriteJSON(w, r, http.StatusOK, a.resultaatJSON(*x))
}

func (a *api) deleteResultaat(w http.ResponseWriter, r *http.Request) {
	if !zgw.RequireScope(w, r, zgw.ZRC, writeScopes...) {
		return
	}
	cur, err := a.zaken.GetResultaatByID(r.Context(), r.PathValue("uuid"))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	z, err := a.zaakRef(r.Context(), cur.ZaakID)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	ctx, err := a.writeCtx(r, z, writeScopes...)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if err := a.zaken.DeleteResultaat(ctx, cur.ZaakID); err != nil {
		a.fail(w, r, err)
		return
	}
	zgw.NoContent(w)
}

// ---- Rollen ----

type rolJSON struct {
	URL                      string          `json:"url"`
	UUID                     string          `json:"uuid"`
	Zaak                     string          `json:"zaak"`
	Betrokkene               string          `json:"betrokkene"`
	BetrokkeneType           string          `json:"betrokkeneType"`
	AfwijkendeNaamBetrokkene string          `json:"afwijkendeNaamBetrokkene"`
	Roltype                  string          `json:"roltype"`
	Omschrijving             string          `json:"omschrijving"`
	OmschrijvingGeneriek     string          `json:"omschrijvingGeneriek"`
	Roltoelichting           string          `json:"roltoelichting"`
	Registratiedatum         time.Time       `json:"registratiedatum"`
	IndicatieMachtiging      string          `json:"indicatieMachtiging"`
	ContactpersoonRol        json.RawMessage `json:"contactpersoonRol"`
	Statussen                []string        `json:"statussen"`
	BetrokkeneIdentificatie  map[string]any  `json:"betrokkeneIdentificatie"`
}

// identKeys are the betrokkeneIdentificatie fields per betrokkeneType
// (Zaken API 1.5.1).
var identKeys = map[string][]string{
	"natuurlijk_persoon": {"inpBsn", "anpIdentificatie", "inpA_nummer", "geslachtsnaam", "voorvoegselGeslachtsnaam",
		"voorletters", "voornamen", "geslachtsaanduiding", "geboortedatum", "verblijfsadres", "subVerblijfBuitenland"},
	"niet_natuurlijk_persoon":  {"innNnpId", "annIdentificatie", "statutaireNaam", "innRechtsvorm", "bezoekadres", "subVerblijfBuitenland"},
	"vestiging":                {"vestigingsNummer", "handelsnaam", "verblijfsadres", "subVerblijfBuitenland"},
	"organisatorische_eenheid": {"identificatie", "naam", "isGehuisvestIn"},
	"medewerker":               {"identificatie", "achternaam", "voorletters", "voorvoegselAchternaam"},
}

// identDefaults are the fields every identificatie of the type shows.
var identDefaults = map[string]map[string]any{
	"natuurlijk_persoon": {"inpBsn": "", "anpIdentificatie": "", "inpA_nummer": "", "geslachtsnaam": "",
		"voorvoegselGeslachtsnaam": "", "voorletters": "", "voornamen": "", "geslachtsaanduiding": "",
		"geboortedatum": "", "verblijfsadres": nil, "subVerblijfBuitenland": nil},
	"niet_natuurlijk_persoon": {"innNnpId": "", "annIdentificatie": "", "statutaireNaam": "", "innRechtsvorm": "",
		"bezoekadres": "", "subVerblijfBuitenland": nil},
	"vestiging":                {"vestigingsNummer": "", "handelsnaam": []any{}, "verblijfsadres": nil, "subVerblijfBuitenland": nil},
	"organisatorische_eenheid": {"identificatie": "", "naam": "", "isGehuisvestIn": ""},
	"medewerker":               {"identificatie": "", "achternaam": "", "voorletters": "", "voorvoegselAchternaam": ""},
}

func (a *api) rolJSON(x zaak.Rol, statussen []string) rolJSON {
	j := rolJSON{URL: a.url(pathRollen, x.ID), UUID: x.ID, Zaak: a.zaakURL(x.ZaakID), Betrokkene: x.Betrokkene,
		BetrokkeneType: x.BetrokkeneType, AfwijkendeNaamBetrokkene: x.AfwijkendeNaamBetrokkene,
		Roltype: a.url(pathRoltypen, x.RolTypeID), Omschrijving: x.Omschrijving,
		OmschrijvingGeneriek: x.OmschrijvingGeneriek, Roltoelichting: x.Roltoelichting,
		Registratiedatum: x.Registratiedatum, IndicatieMachtiging: x.IndicatieMachtiging,
		ContactpersoonRol: json.RawMessage("null"), Statussen: a.urls(pathStatussen, statussen)}
	if x.ContactpersoonRol != nil {
		c := x.ContactpersoonRol
		j.ContactpersoonRol, _ = json.Marshal(map[string]string{"naam": c.Naam, "emailadres": c.Emailadres,
			"functie": c.Functie, "telefoonnummer": c.Telefoonnummer})
	}
	var all map[string]any
	b, _ := json.Marshal(x.BetrokkeneIdentificatie)
	_ = json.Unmarshal(b, &all)
	ident := map[string]any{}
	for k, v := range identDefaults[x.BetrokkeneType] {
		ident[k] = v
	}
	for _, k := range identKeys[x.BetrokkeneType] {
		if v, ok := all[k]; ok {
			ident[k] = v
		}
	}
	j.BetrokkeneIdentificatie = ident
	return j
}

func (a *api) rollenJSON(ctx context.Context, list []zaak.Rol) ([]rolJSON, error) {
	ids := make([]string, len(list))
	for i, x := range list {
		ids[i] = x.ID
	}
	st, err := a.zaken.RolStatussen(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make([]rolJSON, 0, len(list))
	for _, x := range list {
		out = append(out, a.rolJSON(x, st[x.ID]))
	}
	return out, nil
}

var rolListParams = []string{"zaak", "betrokkene", "betrokkeneType",
	"betrokkeneIdentificatie__natuurlijkPersoon__inpBsn", "betrokkeneIdentificatie__natuurlijkPersoon__anpIdentificatie",
	"betrokkeneIdentificatie__natuurlijkPersoon__inpA_nummer", "betrokkeneIdentificatie__nietNatuurlijkPersoon__innNnpId",
	"betrokkeneIdentificatie__nietNatuurlijkPersoon__annIdentificatie",
	"betrokkeneIdentificatie__vestiging__vestigingsNummer",
	"betrokkeneIdentificatie__organisatorischeEenheid__identificatie",
	"betrokkeneIdentificatie__medewerker__identificatie", "roltype", "omschrijving", "omschrijvingGeneriek", "page"}

func (a *api) listRollen(w http.ResponseWriter, r *http.Request) {
	page, ok := a.beginList(w, r, rolListParams...)
	if !ok {
		return
	}
	var f errs.Fields
	pf := a.partFilter(r, &f)
	pf.Page = page
	q := r.URL.Query()
	pf.RolTypeID = a.typeParam(r, "roltype", pathRoltypen, &pf)
	pf.Rol.BetrokkeneType = q.Get("betrokkeneType")
	if pf.Rol.BetrokkeneType != "" && !oneOf(pf.Rol.BetrokkeneType, zaak.BetrokkeneTypen) {
		f.Add("betrokkeneType", "invalid_choice", "Onbekend betrokkeneType.")
	}
	pf.Rol.Betrokkene = q.Get("betrokkene")
	pf.Rol.OmschrijvingGeneriek = q.Get("omschrijvingGeneriek")
	if g := pf.Rol.OmschrijvingGeneriek; g != "" && !oneOf(g, omschrijvingenGeneriek) {
		f.Add("omschrijvingGeneriek", "invalid_choice", "Onbekende omschrijvingGeneriek.")
	}
	pf.Omschrijving = q.Get("omschrijving")
	var identConds []zaak.RolCond
	for k, rp := range rolIdentParams {
		if v := q.Get("betrokkeneIdentificatie__" + k); v != "" {
			identConds = append(identConds, zaak.RolCond{BetrokkeneType: rp[0], IdentKey: rp[1], IdentValue: v})
		}
	}
	if err := f.Err(); err != nil {
		a.fail(w, r, err)
		return
	}
	switch {
	case len(identConds) > 1:
		// Two identificaties of different kinds can never both match one rol.
		pf.NoMatch = true
	case len(identConds) == 1:
		if pf.Rol.BetrokkeneType != "" && pf.Rol.BetrokkeneType != identConds[0].BetrokkeneType {
			pf.NoMatch = true
		}
		pf.Rol.BetrokkeneType, pf.Rol.IdentKey, pf.Rol.IdentValue = identConds[0].BetrokkeneType, identConds[0].IdentKey, identConds[0].IdentValue
	}
	if err := a.logInzage(r, q.Get("betrokkeneIdentificatie__natuurlijkPersoon__inpBsn"), "rollen", ""); err != nil {
		a.fail(w, r, err)
		return
	}
	list, n, err := a.zaken.APIRollen(r.Context(), pf)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	out, err := a.rollenJSON(r.Context(), list)
	a.writePage(w, r, n, page, out, err)
}

func (a *api) getRol(w http.ResponseWriter, r *http.Request) {
	if !zgw.RequireScope(w, r, zgw.ZRC, ScopeLezen) {
		return
	}
	if err := zgw.CheckQuery(r); err != nil {
		a.fail(w, r, err)
		return
	}
	x, err := a.zaken.GetRol(r.Context(), r.PathValue("uuid"))
	if err == nil {
		err = a.readPart(r, x.ZaakID)
	}
	if err == nil {
		err = a.logInzage(r, x.BetrokkeneIdentificatie.InpBsn, "rol", x.ID)
	}
	if err != nil {
		a.fail(w, r, err)
		return
	}
	out, err := a.rollenJSON(r.Context(), []zaak.Rol{*x})
	if err != nil {
		a.fail(w, r, err)
		return
	}
	zgw.WriteJSON(w, r, http.StatusOK, out[0])
}

func (a *api) createRol(w http.ResponseWriter, r *http.Request) {
	if !zgw.RequireScope(w, r, zgw.ZRC, writeScopes...) {
		return
	}
	b, err := readBody(r)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	b.Require("zaak", "betrokkeneType", "roltype", "roltoelichting")
	z, err := a.partZaak(r.Context(), &b.F, b.S("zaak"))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	in := zaak.RolInput{
		RolTypeID:                a.ref(&b.F, "roltype", b.S("roltype"), pathRoltypen, "roltype"),
		BetrokkeneType:           b.S("betrokkeneType"),
		Betrokkene:               b.S("betrokkene"),
		Roltoelichting:           b.S("roltoelichting"),
		AfwijkendeNaamBetrokkene: b.S("afwijkendeNaamBetrokkene"),
		IndicatieMachtiging:      b.S("indicatieMachtiging"),
	}
	if raw, ok := b.M["betrokkeneIdentificatie"]; ok && string(raw) != "null" {
		var m map[string]json.RawMessage
		if json.Unmarshal(raw, &m) != nil {
			b.F.Add("betrokkeneIdentificatie", "invalid", "Verwacht een object.")
		} else {
			if g, ok := m["geboortedatum"]; ok && (string(g) == `""` || string(g) == "null") {
				delete(m, "geboortedatum")
			}
			clean, _ := json.Marshal(m)
			if err := json.Unmarshal(clean, &in.BetrokkeneIdentificatie); err != nil {
				b.F.Add("betrokkeneIdentificatie", "invalid", "De betrokkeneIdentificatie heeft niet de verwachte vorm.")
			}
		}
	}
	var cp zaak.ContactpersoonRol
	if b.Into("contactpersoonRol", &cp) {
		in.ContactpersoonRol = &cp
	}
	if in.Betrokkene == "" && !b.Has("betrokkeneIdentificatie") {
		b.F.Add("nonFieldErrors", "invalid-betrokkene", "Geef een betrokkene (URL) of een betrokkeneIdentificatie.")
	}
	if err := b.Err(); err != nil {
		a.fail(w, r, err)
		return
	}
	ctx, err := a.writeCtx(r, z, writeScopes...)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	x, err := a.zaken.AddRol(ctx, z.ID, in)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	zgw.WriteJSON(w, r, http.StatusCreated, a.rolJSON(*x, nil))
}

func (a *api) deleteRol(w http.ResponseWriter, r *http.Request) {
	if !zgw.RequireScope(w, r, zgw.ZRC, writeScopes...) {
		return
	}
	x, err := a.zaken.GetRol(r.Context(), r.PathValue("uuid"))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	z, err := a.zaakRef(r.Context(), x.ZaakID)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	ctx, err := a.writeCtx(r, z, writeScopes...)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if err := a.zaken.RemoveRol(ctx, x.ID); err != nil {
		a.fail(w, r, err)
		return
	}
	zgw.NoContent(w)
}

// ---- Zaakobjecten ----

type objectJSON struct {
	URL                 string          `json:"url"`
	UUID                string          `json:"uuid"`
	Zaak                string          `json:"zaak"`
	Object              string          `json:"object"`
	Zaakobjecttype      string          `json:"zaakobjecttype,omitempty"`
	ObjectType          string          `json:"objectType"`
	ObjectTypeOverige   string          `json:"objectTypeOverige,omitempty"`
	Relatieomschrijving string          `json:"relatieomschrijving"`
	ObjectIdentificatie json.RawMessage `json:"objectIdentificatie,omitempty"`
	// ObjectTypeOverigeDefinitie is null when not given.
	ObjectTypeOverigeDefinitie *zaak.ObjectTypeOverigeDefinitie `json:"objectTypeOverigeDefinitie"`
}

func (a *api) objectJSON(o zaak.ZaakObject) objectJSON {
	j := objectJSON{URL: a.url(pathObjecten, o.ID), UUID: o.ID, Zaak: a.zaakURL(o.ZaakID), Object: o.Object,
		ObjectType: o.ObjectType, ObjectTypeOverige: o.ObjectTypeOverige, Relatieomschrijving: o.Relatieomschrijving,
		ObjectTypeOverigeDefinitie: o.ObjectTypeOverigeDefinitie}
	if o.ZaakobjecttypeID != "" {
		j.Zaakobjecttype = a.url(pathZaakobjecttypen, o.ZaakobjecttypeID)
	}
	if len(o.ObjectIdentificatie) > 0 && string(o.ObjectIdentificatie) != "{}" {
		j.ObjectIdentificatie = o.ObjectIdentificatie
	}
	return j
}

func (a *api) listObjecten(w http.ResponseWriter, r *http.Request) {
	page, ok := a.beginList(w, r, "zaak", "object", "objectType", "page")
	if !ok {
		return
	}
	var f errs.Fields
	pf := a.partFilter(r, &f)
	pf.Page = page
	pf.Object = r.URL.Query().Get("object")
	pf.ObjectType = r.URL.Query().Get("objectType")
	if pf.ObjectType != "" && !oneOf(pf.ObjectType, zaak.ObjectTypen) {
		a.fail(w, r, errs.InvalidField("objectType", "invalid_choice", "Onbekend objecttype."))
		return
	}
	list, n, err := a.zaken.APIObjecten(r.Context(), pf)
	out := make([]objectJSON, 0, len(list))
	for _, o := range list {
		out = append(out, a.objectJSON(o))
	}
	a.writePage(w, r, n, page, out, err)
}

func (a *api) getObject(w http.ResponseWriter, r *http.Request) {
	if !zgw.RequireScope(w, r, zgw.ZRC, ScopeLezen) {
		return
	}
	if err := zgw.CheckQuery(r); err != nil {
		a.fail(w, r, err)
		return
	}
	o, err := a.zaken.GetObject(r.Context(), r.PathValue("uuid"))
	if err == nil {
		err = a.readPart(r, o.ZaakID)
	}
	if err != nil {
		a.fail(w, r, err)
		return
	}
	zgw.WriteJSON(w, r, http.StatusOK, a.objectJSON(*o))
}

func (a *api) readObjectInput(b *body) zaak.ZaakObjectInput {
	in := zaak.ZaakObjectInput{Object: b.S("object"), ObjectType: b.S("objectType"),
		ObjectTypeOverige: b.S("objectTypeOverige"), Relatieomschrijving: b.S("relatieomschrijving")}
	if raw, ok := b.M["objectIdentificatie"]; ok && string(raw) != "null" {
		in.ObjectIdentificatie = raw
	}
	a.readObjectExtra(b, &in)
	return in
}

// readObjectExtra reads zaakobjecttype and objectTypeOverigeDefinitie when
// given (null or "" clears).
func (a *api) readObjectExtra(b *body, in *zaak.ZaakObjectInput) {
	if u := b.Str("zaakobjecttype"); u != nil {
		in.ZaakobjecttypeID = ""
		if *u != "" {
			in.ZaakobjecttypeID = a.ref(&b.F, "zaakobjecttype", *u, pathZaakobjecttypen, "zaakobjecttype")
		}
	}
	if b.Has("objectTypeOverigeDefinitie") {
		in.ObjectTypeOverigeDefinitie = nil
		var d zaak.ObjectTypeOverigeDefinitie
		if b.Into("objectTypeOverigeDefinitie", &d) {
			in.ObjectTypeOverigeDefinitie = &d
		}
	}
}

func (a *api) createObject(w http.ResponseWriter, r *http.Request) {
	scopes := []string{ScopeAanmaken, ScopeBijwerken, ScopeGeforceerdBijwerken}
	if !zgw.RequireScope(w, r, zgw.ZRC, scopes...) {
		return
	}
	b, err := readBody(r)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	b.Require("zaak", "objectType")
	z, err := a.partZaak(r.Context(), &b.F, b.S("zaak"))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	in := a.readObjectInput(b)
	if err := b.Err(); err != nil {
		a.fail(w, r, err)
		return
	}
	ctx, err := a.writeCtx(r, z, scopes...)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	o, err := a.zaken.AddObject(ctx, z.ID, in)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	zgw.WriteJSON(w, r, http.StatusCreated, a.objectJSON(*o))
}

func (a *api) updateObject(w http.ResponseWriter, r *http.Request) {
	if !zgw.RequireScope(w, r, zgw.ZRC, writeScopes...) {
		return
	}
	cur, err := a.zaken.GetObject(r.Context(), r.PathValue("uuid"))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	z, err := a.zaakRef(r.Context(), cur.ZaakID)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	ctx, err := a.writeCtx(r, z, writeScopes...)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	b, err := readBody(r)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if r.Method == http.MethodPut {
		b.Require("zaak", "objectType")
	}
	if u := b.S("zaak"); u != "" && u != a.zaakURL(cur.ZaakID) {
		b.F.Add("zaak", "wijzigen-niet-toegelaten", "De zaak van een zaakobject kan niet worden gewijzigd.")
	}
	in := zaak.ZaakObjectInput{Object: cur.Object, ObjectType: cur.ObjectType, ObjectTypeOverige: cur.ObjectTypeOverige,
		Relatieomschrijving: cur.Relatieomschrijving, ObjectIdentificatie: cur.ObjectIdentificatie,
		ZaakobjecttypeID: cur.ZaakobjecttypeID, ObjectTypeOverigeDefinitie: cur.ObjectTypeOverigeDefinitie}
	if r.Method == http.MethodPut {
		in = a.readObjectInput(b)
	} else {
		a.readObjectExtra(b, &in)
		if v := b.Str("object"); v != nil {
			in.Object = *v
		}
		if v := b.Str("objectType"); v != nil {
			in.ObjectType = *v
		}
		if v := b.Str("objectTypeOverige"); v != nil {
			in.ObjectTypeOverige = *v
		}
		if v := b.Str("relatieomschrijving"); v != nil {
			in.Relatieomschrijving = *v
		}
		if raw, ok := b.M["objectIdentificatie"]; ok {
			in.ObjectIdentificatie = raw
		}
	}
	if err := b.Err(); err != nil {
		a.fail(w, r, err)
		return
	}
	o, err := a.zaken.UpdateObject(ctx, cur.ID, in)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	zgw.WriteJSON(w, r, http.StatusOK, a.objectJSON(*o))
}

func (a *api) deleteObject(w http.ResponseWriter, r *http.Request) {
	if !zgw.RequireScope(w, r, zgw.ZRC, writeScopes...) {
		return
	}
	cur, err := a.zaken.GetObject(r.Context(), r.PathValue("uuid"))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	z, err := a.zaakRef(r.Context(), cur.ZaakID)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	ctx, err := a.writeCtx(r, z, writeScopes...)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if err := a.zaken.RemoveObject(ctx, cur.ID); err != nil {
		a.fail(w, r, err)
		return
	}
	zgw.NoContent(w)
}
