package zaken_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/gemeenten/loket/internal/besluit"
	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/db/dbtest"
	"github.com/gemeenten/loket/internal/zgw/zaken"
)

func TestZakenFilters(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		a := e.createZaak(e.zt, map[string]any{"startdatum": "2026-01-10"})
		b := e.createZaak(e.zt, map[string]any{"startdatum": "2026-02-10", "vertrouwelijkheidaanduiding": "openbaar"})
		c := e.createZaak(e.zt2, map[string]any{"startdatum": "2026-03-10"})
		e.addRol(str(a, "url"), bsnA)
		e.all.Post("/rollen", map[string]any{"zaak": str(c, "url"), "betrokkeneType": "natuurlijk_persoon",
			"roltype": e.roltype(e.zt2, "initiator"), "roltoelichting": "Aanvrager",
			"betrokkeneIdentificatie": map[string]any{"inpBsn": bsnB}}).Want(http.StatusCreated)
		e.all.Post("/rollen", map[string]any{"zaak": str(b, "url"), "betrokkeneType": "niet_natuurlijk_persoon",
			"roltype": e.roltype(e.zt, "belanghebbende"), "roltoelichting": "Buurman",
			"betrokkeneIdentificatie": map[string]any{"innNnpId": rsin, "annIdentificatie": "ANN-7", "statutaireNaam": "Buur BV"}}).
			Want(http.StatusCreated)

		ids := func(q string) []string {
			t.Helper()
			var out []string
			for _, z := range list(e.all.Get("/zaken?" + q).Want(http.StatusOK).JSON()) {
				out = append(out, str(z, "identificatie"))
			}
			return out
		}
		id := func(z map[string]any) string { return str(z, "identificatie") }
		want := func(q string, zs ...map[string]any) {
			t.Helper()
			got := ids(q)
			if len(got) != len(zs) {
				t.Errorf("%s: got %v, want %d zaken", q, got, len(zs))
				return
			}
			for i, z := range zs {
				if got[i] != id(z) {
					t.Errorf("%s: got %v, want %s at %d", q, got, id(z), i)
				}
			}
		}
		q := url.QueryEscape
		// Default order: newest startdatum first.
		want("", c, b, a)
		want("zaaktype="+q(e.ztURL(e.zt)), b, a)
		want("zaaktype=" + q("https://elders.example/zaaktypen/1"))
		want("rol__betrokkeneIdentificatie__natuurlijkPersoon__inpBsn="+bsnA, a)
		want("rol__betrokkeneIdentificatie__natuurlijkPersoon__inpBsn="+bsnB, c)
		want("rol__betrokkeneIdentificatie__nietNatuurlijkPersoon__innNnpId="+rsin, b)
		want("rol__betrokkeneIdentificatie__nietNatuurlijkPersoon__annIdentificatie=ANN-7", b)
		want("rol__betrokkeneType=niet_natuurlijk_persoon", b)
		want("rol__omschrijvingGeneriek=initiator", c, a)
		want("startdatum__gte=2026-02-10", c, b)
		want("startdatum__gt=2026-02-10", c)
		want("startdatum__lt=2026-02-10", a)
		want("startdatum__lte=2026-02-10", b, a)
		want("startdatum=2026-02-10", b)
		want("identificatie="+id(b), b)
		want("bronorganisatie__in="+rsin+",123456782", c, b, a)
		want("maximaleVertrouwelijkheidaanduiding=openbaar", b)
		want("einddatum__isnull=true", c, b, a)
		want("einddatum__isnull=false")
		want("archiefstatus__in=nog_te_archiveren,gearchiveerd", c, b, a)
		want("ordering=startdatum", a, b, c)
		want("ordering=-startdatum,einddatum", c, b, a)
		e.all.Get("/zaken?ordering=omschrijving").WantProblem(http.StatusBadRequest, "invalid", "ordering")
		e.all.Get("/zaken?onbekend=1").WantProblem(http.StatusBadRequest, "invalid")
		e.all.Get("/zaken?startdatum__gte=gisteren").WantProblem(http.StatusBadRequest, "invalid", "startdatum__gte")
		e.all.Get("/zaken?page=0").WantProblem(http.StatusBadRequest, "invalid", "page")
		// Past the last page: 404 as Open Zaak (DRF) answers; the OAS of the
		// list lists no 404, so this one answer is not validated.
		e.all.SkipValidation = true
		e.all.Get("/zaken?page=2").WantProblem(http.StatusNotFound, "not_found")
		e.all.SkipValidation = false
		l := e.all.Get("/zaken").Want(http.StatusOK).JSON()
		if count(l) != 3 || l["next"] != nil || l["previous"] != nil {
			t.Errorf("page = %v", l)
		}

		// _zoek: the same filters in a body, plus uuid__in and a geo search.
		geo := e.createZaak(e.zt, map[string]any{"zaakgeometrie": map[string]any{"type": "Point", "coordinates": []float64{6.16, 52.25}}})
		s := e.all.Post("/zaken/_zoek", map[string]any{"uuid__in": []string{str(a, "uuid"), str(c, "uuid")}}).Want(http.StatusOK).JSON()
		if count(s) != 2 {
			t.Errorf("_zoek uuid__in: %v", s)
		}
		s = e.all.Post("/zaken/_zoek", map[string]any{"zaakgeometrie": map[string]any{"within": map[string]any{
			"type": "Polygon", "coordinates": [][][]float64{{{6.0, 52.0}, {6.5, 52.0}, {6.5, 52.5}, {6.0, 52.5}, {6.0, 52.0}}}}}}).
			Want(http.StatusOK).JSON()
		if count(s) != 1 || str(list(s)[0], "url") != str(geo, "url") {
			t.Errorf("_zoek within: %v", s)
		}
		s = e.all.Post("/zaken/_zoek", map[string]any{"zaakgeometrie": map[string]any{"within": map[string]any{
			"type": "Polygon", "coordinates": [][][]float64{{{4.0, 52.0}, {4.5, 52.0}, {4.5, 52.5}, {4.0, 52.5}, {4.0, 52.0}}}}}}).
			Want(http.StatusOK).JSON()
		if count(s) != 0 {
			t.Errorf("_zoek within elsewhere: %v", s)
		}
		e.all.Post("/zaken/_zoek", map[string]any{"zaaktype": e.ztURL(e.zt2), "expand": "zaaktype"}).Want(http.StatusOK)
		e.all.Post("/zaken/_zoek", map[string]any{"kleur": "rood"}).WantProblem(http.StatusBadRequest, "invalid", "kleur")
	})
}

func TestExpand(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		hoofd := e.createZaak(e.zt, nil)
		z := e.createZaak(e.zt, map[string]any{"hoofdzaak": str(hoofd, "url")})
		zu := str(z, "url")
		e.addRol(zu, bsnA)
		got := e.all.Get(zu + "?expand=" + url.QueryEscape("zaaktype,status.statustype,rollen,hoofdzaak.deelzaken")).
			Want(http.StatusOK).JSON()
		ex, ok := got["_expand"].(map[string]any)
		if !ok {
			t.Fatalf("no _expand: %v", got)
		}
		if zt, _ := ex["zaaktype"].(map[string]any); str(zt, "identificatie") != e.zt.Identificatie {
			t.Errorf("_expand.zaaktype = %v", ex["zaaktype"])
		}
		st, _ := ex["status"].(map[string]any)
		stEx, _ := st["_expand"].(map[string]any)
		if stt, _ := stEx["statustype"].(map[string]any); str(stt, "omschrijving") != "Ontvangen" {
			t.Errorf("_expand.status._expand.statustype = %v", stEx)
		}
		if rs, _ := ex["rollen"].([]any); len(rs) != 1 {
			t.Errorf("_expand.rollen = %v", ex["rollen"])
		}
		h, _ := ex["hoofdzaak"].(map[string]any)
		hEx, _ := h["_expand"].(map[string]any)
		if ds, _ := hEx["deelzaken"].([]any); len(ds) != 1 {
			t.Errorf("_expand.hoofdzaak._expand.deelzaken = %v", hEx)
		}
		// zrc-025: only the Zaken and Catalogi APIs; zrc-027: only attributes the resource has.
		e.all.Get(zu+"?expand=zaakinformatieobjecten.informatieobject").WantProblem(http.StatusNotFound, "not_found")
		e.all.Get(zu+"?expand=kleur").WantProblem(http.StatusNotFound, "not_found")
		e.all.Get("/zaken?expand=kleur").WantProblem(http.StatusBadRequest, "invalid", "expand")
		l := e.all.Get("/zaken?expand=status").Want(http.StatusOK).JSON()
		for _, item := range list(l) {
			if _, ok := item["_expand"].(map[string]any)["status"].(map[string]any); !ok {
				t.Errorf("list item without _expand.status: %v", item)
			}
		}
	})
}

func TestParts(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		z := e.createZaak(e.zt, nil)
		zu := str(z, "url")
		nested := zu[len(e.url(zaken.Prefix)):]

		// Rollen of every betrokkeneType.
		rollen := []map[string]any{
			{"betrokkeneType": "natuurlijk_persoon", "roltype": e.roltype(e.zt, "initiator"),
				"betrokkeneIdentificatie": map[string]any{"inpBsn": bsnA, "geslachtsnaam": "Jansen", "voorletters": "A", "geboortedatum": "1980-02-01"}},
			{"betrokkeneType": "niet_natuurlijk_persoon", "roltype": e.roltype(e.zt, "belanghebbende"),
				"betrokkeneIdentificatie": map[string]any{"innNnpId": rsin, "statutaireNaam": "Buur BV"}},
			{"betrokkeneType": "vestiging", "roltype": e.roltype(e.zt, "belanghebbende"),
				"betrokkeneIdentificatie": map[string]any{"vestigingsNummer": "000012345678", "handelsnaam": []string{"Bakkerij"}}},
			{"betrokkeneType": "organisatorische_eenheid", "roltype": e.roltype(e.zt, "behandelaar"),
				"betrokkeneIdentificatie": map[string]any{"identificatie": "VERG", "naam": "Team Vergunningen"}},
			{"betrokkeneType": "medewerker", "roltype": e.roltype(e.zt, "behandelaar"),
				"betrokkeneIdentificatie": map[string]any{"identificatie": "m.devries", "achternaam": "de Vries"}},
			{"betrokkeneType": "natuurlijk_persoon", "roltype": e.roltype(e.zt, "belanghebbende"),
				"betrokkene": "https://brp.example/ingeschrevenpersonen/999990627"},
		}
		for _, r := range rollen {
			r["zaak"], r["roltoelichting"] = zu, "Test"
			got := e.all.Post("/rollen", r).Want(http.StatusCreated).JSON()
			if str(got, "betrokkeneType") != r["betrokkeneType"] {
				t.Errorf("rol = %v", got)
			}
		}
		e.all.Post("/rollen", map[string]any{"zaak": zu, "betrokkeneType": "natuurlijk_persoon", "roltype": e.roltype(e.zt, "initiator"),
			"roltoelichting": "x", "betrokkeneIdentificatie": map[string]any{"inpBsn": "123456789"}}).
			WantProblem(http.StatusBadRequest, "invalid", "betrokkeneIdentificatie.inpBsn")
		e.all.Post("/rollen", map[string]any{"zaak": zu, "betrokkeneType": "robot", "roltype": e.roltype(e.zt, "initiator"),
			"roltoelichting": "x"}).WantProblem(http.StatusBadRequest, "invalid")
		rl := e.all.Get("/rollen?zaak=" + url.QueryEscape(zu)).Want(http.StatusOK).JSON()
		if count(rl) != len(rollen) {
			t.Errorf("rollen: %d, want %d", count(rl), len(rollen))
		}
		for q, n := range map[string]int{
			"betrokkeneIdentificatie__natuurlijkPersoon__inpBsn=" + bsnA:                          1,
			"betrokkeneIdentificatie__vestiging__vestigingsNummer=000012345678":                   1,
			"betrokkeneIdentificatie__medewerker__identificatie=m.devries":                        1,
			"betrokkeneIdentificatie__organisatorischeEenheid__identificatie=VERG":                1,
			"betrokkeneIdentificatie__nietNatuurlijkPersoon__innNnpId=" + rsin:                    1,
			"omschrijvingGeneriek=behandelaar":                                                    2,
			"betrokkeneType=natuurlijk_persoon":                                                   2,
			"betrokkene=" + url.QueryEscape("https://brp.example/ingeschrevenpersonen/999990627"): 1,
			"roltype=" + url.QueryEscape(e.roltype(e.zt, "belanghebbende")):                       3,
		} {
			if got := count(e.all.Get("/rollen?" + q).Want(http.StatusOK).JSON()); got != n {
				t.Errorf("rollen?%s: %d, want %d", q, got, n)
			}
		}
		first := list(rl)[0]
		e.all.Delete(str(first, "url")).Want(http.StatusNoContent)

		// Zaakobjecten.
		zo := e.all.Post("/zaakobjecten", map[string]any{"zaak": zu, "objectType": "overige", "objectTypeOverige": "boom",
			"object": "https://bomen.example/1"}).Want(http.StatusCreated).JSON()
		e.all.Post("/zaakobjecten", map[string]any{"zaak": zu, "objectType": "ruimteschip", "object": "https://x"}).
			WantProblem(http.StatusBadRequest, "invalid", "objectType")
		p := e.all.Patch(str(zo, "url"), map[string]any{"relatieomschrijving": "Te kappen"}).Want(http.StatusOK).JSON()
		if str(p, "relatieomschrijving") != "Te kappen" || str(p, "objectTypeOverige") != "boom" {
			t.Errorf("zaakobject after patch = %v", p)
		}
		if n := count(e.all.Get("/zaakobjecten?objectType=overige&zaak=" + url.QueryEscape(zu)).Want(http.StatusOK).JSON()); n != 1 {
			t.Errorf("zaakobjecten: %d", n)
		}
		e.all.Delete(str(zo, "url")).Want(http.StatusNoContent)

		// Zaakeigenschappen (nested).
		ze := e.all.Post(nested+"/zaakeigenschappen", map[string]any{"zaak": zu, "eigenschap": e.eigenschap(e.zt), "waarde": "A 1"}).
			Want(http.StatusCreated).JSON()
		e.all.Get(str(ze, "url")).Want(http.StatusOK)
		e.all.Patch(str(ze, "url"), map[string]any{"waarde": "A 2"}).Want(http.StatusOK)
		var zes []map[string]any
		e.all.Get(nested + "/zaakeigenschappen").Want(http.StatusOK).Decode(&zes)
		if len(zes) != 1 || str(zes[0], "waarde") != "A 2" {
			t.Errorf("zaakeigenschappen = %v", zes)
		}
		e.all.Delete(str(ze, "url")).Want(http.StatusNoContent)

		// Resultaten: one per zaak.
		res := e.all.Post("/resultaten", map[string]any{"zaak": zu, "resultaattype": e.resultaattype(e.zt, "Verleend")}).
			Want(http.StatusCreated).JSON()
		e.all.Post("/resultaten", map[string]any{"zaak": zu, "resultaattype": e.resultaattype(e.zt, "Geweigerd")}).
			WantProblem(http.StatusBadRequest, "invalid", "zaak")
		e.all.Patch(str(res, "url"), map[string]any{"resultaattype": e.resultaattype(e.zt, "Geweigerd")}).Want(http.StatusOK)
		if n := count(e.all.Get("/resultaten?resultaattype=" + url.QueryEscape(e.resultaattype(e.zt, "Geweigerd"))).Want(http.StatusOK).JSON()); n != 1 {
			t.Errorf("resultaten: %d", n)
		}
		e.all.Delete(str(res, "url")).Want(http.StatusNoContent)

		// Klantcontacten.
		kc := e.all.Post("/klantcontacten", map[string]any{"zaak": zu, "datumtijd": now(), "kanaal": "telefoon", "onderwerp": "Status"}).
			Want(http.StatusCreated).JSON()
		if str(kc, "identificatie") == "" {
			t.Errorf("klantcontact identificatie not generated: %v", kc)
		}
		e.all.Get(str(kc, "url")).Want(http.StatusOK)
		if n := count(e.all.Get("/klantcontacten?zaak=" + url.QueryEscape(zu)).Want(http.StatusOK).JSON()); n != 1 {
			t.Errorf("klantcontacten: %d", n)
		}
		e.all.Post("/klantcontacten", map[string]any{"zaak": zu}).WantProblem(http.StatusBadRequest, "invalid", "datumtijd")

		// Statussen list filters.
		e.all.Post("/statussen", map[string]any{"zaak": zu, "statustype": e.statustype(e.zt, 2), "datumStatusGezet": now()}).Want(http.StatusCreated)
		if n := count(e.all.Get("/statussen?indicatieLaatstGezetteStatus=true&zaak=" + url.QueryEscape(zu)).Want(http.StatusOK).JSON()); n != 1 {
			t.Errorf("laatste statussen: %d", n)
		}
		if n := count(e.all.Get("/statussen?statustype=" + url.QueryEscape(e.statustype(e.zt, 2))).Want(http.StatusOK).JSON()); n != 1 {
			t.Errorf("statussen of type 2: %d", n)
		}

		// Zaakbesluiten: the besluit's zaak, kept by the Besluiten API.
		b, err := e.bs.Create(t.Context(), besluit.CreateInput{VerantwoordelijkeOrganisatie: rsin, BesluittypeID: e.fx.BesluitType.ID,
			ZaakID: str(z, "uuid"), Datum: date.MustParse(today), Ingangsdatum: date.MustParse(today)})
		if err != nil {
			t.Fatalf("besluit: %v", err)
		}
		var zbs []map[string]any
		e.all.Get(nested + "/besluiten").Want(http.StatusOK).Decode(&zbs)
		if len(zbs) != 1 || str(zbs[0], "besluit") != e.url("/besluiten/api/v1/besluiten/"+b.ID) {
			t.Errorf("zaakbesluiten = %v", zbs)
		}
		e.all.Get(str(zbs[0], "url")).Want(http.StatusOK)
		e.all.Post(nested+"/besluiten", map[string]any{"besluit": str(zbs[0], "besluit")}).Want(http.StatusCreated)
		e.all.Delete(str(zbs[0], "url")).WantProblem(http.StatusConflict, "inconsistent-relation")

		// Zaakcontactmomenten and zaakverzoeken: relations by URL.
		for _, soort := range []string{"contactmoment", "verzoek"} {
			res := "/zaak" + soort + "en"
			ext := "https://klantinteracties.example/" + soort + "en/1"
			l := e.all.Post(res, map[string]any{"zaak": zu, soort: ext}).Want(http.StatusCreated).JSON()
			e.all.Post(res, map[string]any{"zaak": zu, soort: ext}).WantProblem(http.StatusBadRequest, "invalid")
			e.all.Post(res, map[string]any{"zaak": zu, soort: "geen url"}).WantProblem(http.StatusBadRequest, "invalid", soort)
			e.all.Get(str(l, "url")).Want(http.StatusOK)
			var got []map[string]any
			e.all.Get(res + "?" + soort + "=" + url.QueryEscape(ext)).Want(http.StatusOK).Decode(&got)
			if len(got) != 1 || str(got[0], soort) != ext {
				t.Errorf("%s list = %v", res, got)
			}
			e.all.Delete(str(l, "url")).Want(http.StatusNoContent)
		}

		// Audit trail: every change above, with the client as applicatie.
		var trail []map[string]any
		e.all.Get(nested + "/audittrail").Want(http.StatusOK).Decode(&trail)
		if len(trail) < 10 {
			t.Fatalf("audittrail has %d entries", len(trail))
		}
		if str(trail[0], "applicatieId") != e.all.ClientID || str(trail[0], "gebruikersId") != "test-gebruiker" {
			t.Errorf("audit entry = %v", trail[0])
		}
		e.all.Get(nested + "/audittrail/" + str(trail[0], "uuid")).Want(http.StatusOK)
	})
}
