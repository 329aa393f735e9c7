package zaken_test

import (
	"net/http"
	"net/url"
	"sort"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/db/dbtest"
)

// specQueryParams lists, per list path of zaken-1.5.1.yaml, the query
// parameters its GET documents (page and expand are checked elsewhere).
func specQueryParams(t *testing.T) map[string][]string {
	t.Helper()
	doc, err := openapi3.NewLoader().LoadFromFile(spec)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	for p, item := range doc.Paths.Map() {
		if item.Get == nil || strings.Contains(p, "{") {
			continue
		}
		for _, prm := range append(item.Parameters, item.Get.Parameters...) {
			if v := prm.Value; v != nil && v.In == "query" && v.Name != "page" && v.Name != "expand" {
				out[p] = append(out[p], v.Name)
			}
		}
	}
	return out
}

// Every filter the Zaken API documents is applied, not merely accepted:
// each is sent with a value that one fixture object has and another has
// not, and the answer must hold exactly the objects that match. The list
// of filters comes from the specification itself, so a filter added there
// without a case here fails the test.
func TestEveryDocumentedFilterIsApplied(t *testing.T) {
	params := specQueryParams(t)
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		q := url.QueryEscape
		// Zaak a: closed, archive fields set, every kind of rol. Zaak b: another
		// zaaktype and bronorganisatie, openbaar, gearchiveerd. Zaak c: bare.
		a := e.createZaak(e.zt, map[string]any{"identificatie": "ZAAK-F-A", "startdatum": "2026-01-10",
			"registratiedatum": "2026-01-10", "einddatumGepland": "2026-02-01", "archiefnominatie": "blijvend_bewaren",
			"archiefactiedatum": "2040-01-01"})
		b := e.createZaak(e.zt2, map[string]any{"identificatie": "ZAAK-F-B", "startdatum": "2026-02-10",
			"registratiedatum": "2026-02-10", "einddatumGepland": "2026-04-01", "bronorganisatie": "123456782",
			"vertrouwelijkheidaanduiding": "openbaar", "archiefnominatie": "vernietigen", "archiefactiedatum": "2030-01-01"})
		c := e.createZaak(e.zt, map[string]any{"identificatie": "ZAAK-F-C", "startdatum": "2026-03-10", "registratiedatum": "2026-03-10",
			"einddatumGepland": "2026-02-20"})
		au, bu := str(a, "url"), str(b, "url")
		e.all.Patch(bu, map[string]any{"archiefstatus": "gearchiveerd"}).Want(http.StatusOK)

		rol := func(zu, typ, generiek string, extra map[string]any) map[string]any {
			body := map[string]any{"zaak": zu, "betrokkeneType": typ, "roltype": e.roltype(e.zt, generiek), "roltoelichting": "t"}
			for k, v := range extra {
				body[k] = v
			}
			return e.all.Post("/rollen", body).Want(http.StatusCreated).JSON()
		}
		ident := func(m map[string]any) map[string]any { return map[string]any{"betrokkeneIdentificatie": m} }
		rBsn := rol(au, "natuurlijk_persoon", "initiator", ident(map[string]any{"inpBsn": bsnA}))
		rAnp := rol(au, "natuurlijk_persoon", "belanghebbende", ident(map[string]any{"anpIdentificatie": "ANP-1"}))
		rANr := rol(au, "natuurlijk_persoon", "belanghebbende", ident(map[string]any{"inpA_nummer": "1234567890"}))
		rNnp := rol(au, "niet_natuurlijk_persoon", "belanghebbende", ident(map[string]any{"innNnpId": rsin}))
		rAnn := rol(au, "niet_natuurlijk_persoon", "belanghebbende", ident(map[string]any{"annIdentificatie": "ANN-1"}))
		rVes := rol(au, "vestiging", "belanghebbende", ident(map[string]any{"vestigingsNummer": "000012345678"}))
		rOe := rol(au, "organisatorische_eenheid", "behandelaar", ident(map[string]any{"identificatie": "VERG"}))
		rMw := rol(au, "medewerker", "behandelaar", ident(map[string]any{"identificatie": "m.devries"}))
		rUrl := rol(au, "natuurlijk_persoon", "belanghebbende", map[string]any{"betrokkene": "https://brp.example/personen/1"})
		e.close(au)
		a = e.all.Get(au).Want(http.StatusOK).JSON()
		c = e.all.Get(str(c, "url")).Want(http.StatusOK).JSON()
		b = e.all.Get(bu).Want(http.StatusOK).JSON()

		eind := e.all.Get("/statussen?zaak=" + q(au) + "&indicatieLaatstGezetteStatus=true").Want(http.StatusOK).JSON()
		eindURL := str(list(eind)[0], "url")
		sb := e.all.Post("/statussen", map[string]any{"zaak": str(c, "url"), "statustype": e.statustype(e.zt, 1),
			"datumStatusGezet": now()}).Want(http.StatusCreated).JSON()
		res := e.all.Get("/resultaten?zaak=" + q(au)).Want(http.StatusOK).JSON()
		resURL := str(list(res)[0], "url")
		zo1 := e.all.Post("/zaakobjecten", map[string]any{"zaak": au, "objectType": "overige", "objectTypeOverige": "boom",
			"object": "https://bomen.example/1"}).Want(http.StatusCreated).JSON()
		e.all.Post("/zaakobjecten", map[string]any{"zaak": str(c, "url"), "objectType": "adres",
			"object": "https://bag.example/1"}).Want(http.StatusCreated)
		doc := e.document(nil)
		zio := e.all.Post("/zaakinformatieobjecten", map[string]any{"zaak": str(c, "url"), "informatieobject": doc}).
			Want(http.StatusCreated).JSON()
		e.all.Post("/zaakinformatieobjecten", map[string]any{"zaak": str(c, "url"), "informatieobject": e.document(nil)}).
			Want(http.StatusCreated)
		kc := e.all.Post("/klantcontacten", map[string]any{"zaak": str(c, "url"), "datumtijd": now(), "kanaal": "telefoon"}).
			Want(http.StatusCreated).JSON()
		e.all.Post("/klantcontacten", map[string]any{"zaak": au, "datumtijd": now(), "kanaal": "balie"}).Want(http.StatusCreated)
		zcm := e.all.Post("/zaakcontactmomenten", map[string]any{"zaak": str(c, "url"), "contactmoment": "https://kc.example/cm/1"}).
			Want(http.StatusCreated).JSON()
		e.all.Post("/zaakcontactmomenten", map[string]any{"zaak": au, "contactmoment": "https://kc.example/cm/2"}).Want(http.StatusCreated)
		zvz := e.all.Post("/zaakverzoeken", map[string]any{"zaak": str(c, "url"), "verzoek": "https://vrc.example/v/1"}).
			Want(http.StatusCreated).JSON()
		e.all.Post("/zaakverzoeken", map[string]any{"zaak": au, "verzoek": "https://vrc.example/v/2"}).Want(http.StatusCreated)

		type fcase struct {
			query string
			want  []map[string]any
		}
		cu := str(c, "url")
		uiterlijk := str(a, "uiterlijkeEinddatumAfdoening")
		einddatum := str(a, "einddatum")
		cases := map[string][]fcase{
			"/zaken": {
				{"identificatie=ZAAK-F-B", []map[string]any{b}},
				{"bronorganisatie=123456782", []map[string]any{b}},
				{"bronorganisatie__in=123456782,999999999", []map[string]any{b}},
				{"zaaktype=" + q(e.ztURL(e.zt2)), []map[string]any{b}},
				{"archiefnominatie=vernietigen", []map[string]any{b}},
				{"archiefnominatie__in=vernietigen,blijvend_bewaren", []map[string]any{a, b}},
				{"archiefactiedatum=2030-01-01", []map[string]any{b}},
				{"archiefactiedatum__lt=2035-01-01", []map[string]any{b}},
				{"archiefactiedatum__gt=2035-01-01", []map[string]any{a}},
				{"archiefactiedatum__isnull=true", []map[string]any{c}},
				{"archiefstatus=gearchiveerd", []map[string]any{b}},
				{"archiefstatus__in=gearchiveerd,overgedragen", []map[string]any{b}},
				{"startdatum=2026-02-10", []map[string]any{b}},
				{"startdatum__gt=2026-02-10", []map[string]any{c}},
				{"startdatum__gte=2026-02-10", []map[string]any{b, c}},
				{"startdatum__lt=2026-02-10", []map[string]any{a}},
				{"startdatum__lte=2026-02-10", []map[string]any{a, b}},
				{"registratiedatum=2026-03-10", []map[string]any{c}},
				{"registratiedatum__gt=2026-02-10", []map[string]any{c}},
				{"registratiedatum__lt=2026-02-10", []map[string]any{a}},
				{"einddatum=" + einddatum, []map[string]any{a}},
				{"einddatum__gt=2000-01-01", []map[string]any{a}},
				{"einddatum__lt=2999-01-01", []map[string]any{a}},
				{"einddatum__isnull=false", []map[string]any{a}},
				{"einddatumGepland=2026-04-01", []map[string]any{b}},
				{"einddatumGepland__gt=2026-03-01", []map[string]any{b}},
				{"einddatumGepland__lt=2026-03-01", []map[string]any{a, c}},
				{"uiterlijkeEinddatumAfdoening=" + uiterlijk, []map[string]any{a}},
				{"uiterlijkeEinddatumAfdoening__gt=" + uiterlijk, []map[string]any{b, c}},
				{"uiterlijkeEinddatumAfdoening__lt=" + str(b, "uiterlijkeEinddatumAfdoening"), []map[string]any{a}},
				{"rol__betrokkeneType=vestiging", []map[string]any{a}},
				{"rol__betrokkene=" + q("https://brp.example/personen/1"), []map[string]any{a}},
				{"rol__omschrijvingGeneriek=behandelaar", []map[string]any{a}},
				{"maximaleVertrouwelijkheidaanduiding=openbaar", []map[string]any{b}},
				{"rol__betrokkeneIdentificatie__natuurlijkPersoon__inpBsn=" + bsnA, []map[string]any{a}},
				{"rol__betrokkeneIdentificatie__natuurlijkPersoon__anpIdentificatie=ANP-1", []map[string]any{a}},
				{"rol__betrokkeneIdentificatie__natuurlijkPersoon__inpA_nummer=1234567890", []map[string]any{a}},
				{"rol__betrokkeneIdentificatie__nietNatuurlijkPersoon__innNnpId=" + rsin, []map[string]any{a}},
				{"rol__betrokkeneIdentificatie__nietNatuurlijkPersoon__annIdentificatie=ANN-1", []map[string]any{a}},
				{"rol__betrokkeneIdentificatie__vestiging__vestigingsNummer=000012345678", []map[string]any{a}},
				{"rol__betrokkeneIdentificatie__medewerker__identificatie=m.devries", []map[string]any{a}},
				{"rol__betrokkeneIdentificatie__organisatorischeEenheid__identificatie=VERG", []map[string]any{a}},
				{"ordering=startdatum", []map[string]any{a, b, c}}, // order is checked below
			},
			"/rollen": {
				{"zaak=" + q(au), []map[string]any{rBsn, rAnp, rANr, rNnp, rAnn, rVes, rOe, rMw, rUrl}},
				{"betrokkene=" + q("https://brp.example/personen/1"), []map[string]any{rUrl}},
				{"betrokkeneType=vestiging", []map[string]any{rVes}},
				{"betrokkeneIdentificatie__natuurlijkPersoon__inpBsn=" + bsnA, []map[string]any{rBsn}},
				{"betrokkeneIdentificatie__natuurlijkPersoon__anpIdentificatie=ANP-1", []map[string]any{rAnp}},
				{"betrokkeneIdentificatie__natuurlijkPersoon__inpA_nummer=1234567890", []map[string]any{rANr}},
				{"betrokkeneIdentificatie__nietNatuurlijkPersoon__innNnpId=" + rsin, []map[string]any{rNnp}},
				{"betrokkeneIdentificatie__nietNatuurlijkPersoon__annIdentificatie=ANN-1", []map[string]any{rAnn}},
				{"betrokkeneIdentificatie__vestiging__vestigingsNummer=000012345678", []map[string]any{rVes}},
				{"betrokkeneIdentificatie__organisatorischeEenheid__identificatie=VERG", []map[string]any{rOe}},
				{"betrokkeneIdentificatie__medewerker__identificatie=m.devries", []map[string]any{rMw}},
				{"roltype=" + q(e.roltype(e.zt, "initiator")), []map[string]any{rBsn}},
				{"omschrijving=" + q(str(rOe, "omschrijving")), []map[string]any{rOe, rMw}},
				{"omschrijvingGeneriek=behandelaar", []map[string]any{rOe, rMw}},
			},
			"/statussen": {
				{"zaak=" + q(cu), nil}, // checked below (c has its first status too)
				{"statustype=" + q(e.eind(e.zt)), []map[string]any{{"url": eindURL}}},
				{"indicatieLaatstGezetteStatus=true", nil}, // checked below: one per zaak
			},
			"/resultaten": {
				{"zaak=" + q(au), []map[string]any{{"url": resURL}}},
				{"resultaattype=" + q(e.resultaattype(e.zt, "Verleend")), []map[string]any{{"url": resURL}}},
			},
			"/zaakobjecten": {
				{"zaak=" + q(au), []map[string]any{zo1}},
				{"object=" + q("https://bomen.example/1"), []map[string]any{zo1}},
				{"objectType=overige", []map[string]any{zo1}},
			},
			"/zaakinformatieobjecten": {
				{"zaak=" + q(cu) + "&informatieobject=" + q(doc), []map[string]any{zio}},
				{"informatieobject=" + q(doc), []map[string]any{zio}},
				{"zaak=" + q(cu), nil}, // both of c's; checked below
			},
			"/klantcontacten": {
				{"zaak=" + q(cu), []map[string]any{kc}},
			},
			"/zaakcontactmomenten": {
				{"zaak=" + q(cu), []map[string]any{zcm}},
				{"contactmoment=" + q("https://kc.example/cm/1"), []map[string]any{zcm}},
			},
			"/zaakverzoeken": {
				{"zaak=" + q(cu), []map[string]any{zvz}},
				{"verzoek=" + q("https://vrc.example/v/1"), []map[string]any{zvz}},
			},
		}

		// Every documented parameter has a case.
		for path, names := range params {
			for _, n := range names {
				found := false
				for _, c := range cases[path] {
					for _, kv := range strings.Split(c.query, "&") {
						if strings.SplitN(kv, "=", 2)[0] == n {
							found = true
						}
					}
				}
				if !found {
					t.Errorf("%s?%s: documented, no case", path, n)
				}
			}
		}

		urls := func(path, query string) []string {
			t.Helper()
			body := e.all.Get(path + "?" + query).Want(http.StatusOK).JSON()
			var items []map[string]any
			if _, paged := body["results"]; paged {
				items = list(body)
			}
			var out []string
			for _, it := range items {
				out = append(out, str(it, "url"))
			}
			return out
		}
		urlsNoPage := func(path, query string) []string {
			t.Helper()
			var items []map[string]any
			e.all.Get(path + "?" + query).Want(http.StatusOK).Decode(&items)
			var out []string
			for _, it := range items {
				out = append(out, str(it, "url"))
			}
			return out
		}
		unpaged := map[string]bool{"/zaakinformatieobjecten": true, "/zaakcontactmomenten": true, "/zaakverzoeken": true}
		for path, cs := range cases {
			for _, c := range cs {
				if c.want == nil {
					continue
				}
				var got []string
				if unpaged[path] {
					got = urlsNoPage(path, c.query)
				} else {
					got = urls(path, c.query)
				}
				var want []string
				for _, w := range c.want {
					want = append(want, str(w, "url"))
				}
				sort.Strings(got)
				sort.Strings(want)
				if strings.Join(got, " ") != strings.Join(want, " ") {
					t.Errorf("%s?%s: got %d %v, want %d %v", path, c.query, len(got), got, len(want), want)
				}
			}
		}
		// The cases that need more than a set.
		if got := urls("/zaken", "ordering=-startdatum"); len(got) != 3 || got[0] != str(c, "url") || got[2] != au {
			t.Errorf("ordering=-startdatum: %v", got)
		}
		if got := urls("/zaken", "ordering=startdatum"); len(got) != 3 || got[0] != au {
			t.Errorf("ordering=startdatum: %v", got)
		}
		// Statussen: by zaak, and the last one of each zaak.
		allSt := list(e.all.Get("/statussen").Want(http.StatusOK).JSON())
		ofC, zakenMet := 0, map[string]bool{}
		for _, st := range allSt {
			zakenMet[str(st, "zaak")] = true
			if str(st, "zaak") == cu {
				ofC++
			}
		}
		if got := urls("/statussen", "zaak="+q(cu)); len(got) != ofC || ofC < 2 || !contains(got, str(sb, "url")) {
			t.Errorf("statussen?zaak=c: %v, want the %d of c", got, ofC)
		}
		last := urls("/statussen", "indicatieLaatstGezetteStatus=true")
		if len(last) != len(zakenMet) || len(allSt) <= len(last) || !contains(last, str(sb, "url")) || !contains(last, eindURL) {
			t.Errorf("indicatieLaatstGezetteStatus=true: %d of %d statussen, want one per zaak (%d)", len(last), len(allSt), len(zakenMet))
		}
		if n := len(urlsNoPage("/zaakinformatieobjecten", "zaak="+q(cu))); n != 2 {
			t.Errorf("zaakinformatieobjecten of c: %d, want 2", n)
		}
	})
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
