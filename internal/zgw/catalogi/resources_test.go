package catalogi_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/db/dbtest"
	"github.com/gemeenten/loket/internal/zgw/catalogi"
)

// ztc-009 for informatieobjecttypen and besluittypen, with publish.
func TestTypenPublish(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		cat := e.catalogus("ABC")
		writer := e.client(catalogi.ScopeLezen, catalogi.ScopeSchrijven)
		iot := writer.Post("/informatieobjecttypen", map[string]any{"catalogus": cat, "omschrijving": "Brief",
			"vertrouwelijkheidaanduiding": "intern", "beginGeldigheid": "2024-01-01", "informatieobjectcategorie": "brief",
			"trefwoord": []string{"post"}, "omschrijvingGeneriek": map[string]any{"informatieobjecttypeOmschrijvingGeneriek": "Brief",
				"definitieInformatieobjecttypeOmschrijvingGeneriek": "Een brief", "herkomstInformatieobjecttypeOmschrijvingGeneriek": "Loket",
				"hierarchieInformatieobjecttypeOmschrijvingGeneriek": "-"}}).Want(http.StatusCreated).JSON()
		iu := iot["url"].(string)
		if iot["concept"] != true || iot["omschrijvingGeneriek"].(map[string]any)["definitieInformatieobjecttypeOmschrijvingGeneriek"] != "Een brief" {
			t.Errorf("created informatieobjecttype: %v", iot)
		}
		writer.Patch(iu, map[string]any{"vertrouwelijkheidaanduiding": "openbaar"}).Want(http.StatusOK)
		writer.Post("/informatieobjecttypen", map[string]any{"catalogus": cat, "omschrijving": "X", "vertrouwelijkheidaanduiding": "supergeheim",
			"beginGeldigheid": "2024-01-01", "informatieobjectcategorie": "x"}).
			WantProblem(http.StatusBadRequest, "invalid", "vertrouwelijkheidaanduiding")
		if n := writer.Get("/informatieobjecttypen").JSON()["count"].(float64); n != 0 {
			t.Errorf("default informatieobjecttypen list shows %v concepts", n)
		}
		writer.Post(iu+"/publish", map[string]any{}).Want(http.StatusOK)
		writer.Patch(iu, map[string]any{"omschrijving": "Anders"}).WantProblem(http.StatusBadRequest, "invalid", "nonFieldErrors")
		writer.Delete(iu).WantProblem(http.StatusForbidden, "permission_denied")
		got := writer.Patch(iu, map[string]any{"eindeGeldigheid": "2025-12-31"}).Want(http.StatusOK).JSON()
		if got["eindeGeldigheid"] != "2025-12-31" || got["vertrouwelijkheidaanduiding"] != "openbaar" {
			t.Errorf("after eindeGeldigheid: %v %v", got["eindeGeldigheid"], got["vertrouwelijkheidaanduiding"])
		}
		list := writer.Get("/informatieobjecttypen?omschrijving=Brief&catalogus=" + url.QueryEscape(cat)).Want(http.StatusOK).JSON()
		if list["count"].(float64) != 1 {
			t.Errorf("informatieobjecttypen filter: %v", list["count"])
		}

		bt := writer.Post("/besluittypen", map[string]any{"catalogus": cat, "omschrijving": "Besluit", "publicatieIndicatie": true,
			"informatieobjecttypen": []string{iu}, "beginGeldigheid": "2024-01-01"}).
			WantProblem(http.StatusBadRequest, "invalid", "publicatietermijn")
		_ = bt
		b := writer.Post("/besluittypen", map[string]any{"catalogus": cat, "omschrijving": "Besluit", "publicatieIndicatie": true,
			"publicatietermijn": "P6W", "reactietermijn": "P6W", "informatieobjecttypen": []string{iu}, "beginGeldigheid": "2024-01-01"}).
			Want(http.StatusCreated).JSON()
		bu := b["url"].(string)
		if b["publicatietermijn"] != "P6W" || len(strs(b["vastgelegdIn"])) != 1 {
			t.Errorf("besluittype: %v", b)
		}
		filtered := writer.Get("/besluittypen?status=alles&informatieobjecttypen=" + url.QueryEscape(iu)).Want(http.StatusOK).JSON()
		if filtered["count"].(float64) != 1 {
			t.Errorf("besluittypen by informatieobjecttype: %v", filtered["count"])
		}
		writer.Post(bu+"/publish", map[string]any{}).Want(http.StatusOK)
		writer.Put(bu, map[string]any{"catalogus": cat, "omschrijving": "Anders", "publicatieIndicatie": false,
			"informatieobjecttypen": []string{}, "beginGeldigheid": "2024-01-01"}).
			WantProblem(http.StatusBadRequest, "invalid", "nonFieldErrors")
		writer.Delete(bu).WantProblem(http.StatusForbidden, "permission_denied")

		// A concept besluittype can be deleted.
		c := writer.Post("/besluittypen", map[string]any{"catalogus": cat, "omschrijving": "Tijdelijk", "publicatieIndicatie": false,
			"informatieobjecttypen": []string{}, "beginGeldigheid": "2024-01-01"}).Want(http.StatusCreated).JSON()
		writer.Delete(c["url"].(string)).Want(http.StatusNoContent)
		writer.Get(c["url"].(string)).WantProblem(http.StatusNotFound, "not_found")
	})
}

// A PATCH keeps relations the GET does not show (to types without a valid
// published version).
func TestPatchKeepsRelations(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		cat := e.catalogus("ABC")
		bt := e.create("/besluittypen", map[string]any{"catalogus": cat, "omschrijving": "Concept", "publicatieIndicatie": false,
			"informatieobjecttypen": []string{}, "beginGeldigheid": "2024-01-01"})
		zt := e.publishableZaakType(cat, "ZT", "2024-01-01", map[string]any{"besluittypen": []string{"Concept"}, "deelzaaktypen": []string{"LATER"},
			"gerelateerdeZaaktypen": []any{map[string]any{"zaaktype": "LATER", "aardRelatie": "vervolg", "toelichting": "Daarna"}},
			"broncatalogus":         map[string]any{"url": "https://elders.example.com/catalogi/api/v1/catalogussen/1", "domein": "ELD", "rsin": "002220647"}})
		u := zt["url"].(string)
		if got := strs(e.c.Get(u).JSON()["besluittypen"]); len(got) != 0 {
			t.Errorf("a concept besluittype is shown: %v", got)
		}
		e.c.Patch(u, map[string]any{"toelichting": "Nieuw"}).Want(http.StatusOK)
		// Still linked: publishing the zaaktype refuses the concept besluittype.
		e.c.Post(u+"/publish", map[string]any{}).WantProblem(http.StatusBadRequest, "invalid", "besluittypen")
		e.publish(bt["url"].(string))
		e.publish(u)
		if got := strs(e.c.Get(u).JSON()["besluittypen"]); len(got) != 1 || got[0] != bt["url"] {
			t.Errorf("besluittypen after publishing: %v", got)
		}
		// The deelzaaktype appears once it is published.
		later := e.publishableZaakType(cat, "LATER", "2024-01-01", nil)
		e.publish(later["url"].(string))
		got := e.c.Get(u).JSON()
		if d := strs(got["deelzaaktypen"]); len(d) != 1 || d[0] != later["url"] {
			t.Errorf("deelzaaktypen: %v", d)
		}
		rel := got["gerelateerdeZaaktypen"].([]any)
		if len(rel) != 1 || rel[0].(map[string]any)["zaaktype"] != later["url"] || rel[0].(map[string]any)["aardRelatie"] != "vervolg" {
			t.Errorf("gerelateerdeZaaktypen: %v", rel)
		}
		if bc, _ := got["broncatalogus"].(map[string]any); bc == nil || bc["domein"] != "ELD" {
			t.Errorf("broncatalogus: %v", got["broncatalogus"])
		}
		e.c.Post("/zaaktypen", e.zaakTypeBody(cat, "FOUT", "2024-01-01", map[string]any{"gerelateerdeZaaktypen": []any{
			map[string]any{"zaaktype": "LATER", "aardRelatie": "familie"}}})).
			WantProblem(http.StatusBadRequest, "invalid", "gerelateerdeZaaktypen.aardRelatie")
	})
}

// ztc-016: published versions of a zaaktype do not overlap; publishing a
// new version ends the open-ended previous one.
func TestZTC016Versions(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		cat := e.catalogus("ABC")
		v1 := e.publishableZaakType(cat, "ZT", "2024-01-01", nil)
		e.publish(v1["url"].(string))
		v2 := e.publishableZaakType(cat, "ZT", "2025-01-01", nil)
		e.publish(v2["url"].(string))
		if got := e.c.Get(v1["url"].(string)).JSON(); got["eindeGeldigheid"] != "2024-12-31" {
			t.Errorf("previous version ends %v, want 2024-12-31", got["eindeGeldigheid"])
		}
		on := e.c.Get("/zaaktypen?identificatie=ZT&datumGeldigheid=2024-06-30").Want(http.StatusOK).JSON()
		if on["count"].(float64) != 1 || on["results"].([]any)[0].(map[string]any)["url"] != v1["url"] {
			t.Errorf("version valid on 2024-06-30: %v", on)
		}
		v0 := e.publishableZaakType(cat, "ZT", "2024-06-01", nil)
		e.c.Post(v0["url"].(string)+"/publish", map[string]any{}).WantProblem(http.StatusBadRequest, "invalid", "beginGeldigheid")
		// Subresources follow the zaaktype's validity and filter on it.
		st := e.c.Get("/statustypen?zaaktypeIdentificatie=ZT&datumGeldigheid=2025-02-01").Want(http.StatusOK).JSON()
		if st["count"].(float64) != 2 {
			t.Errorf("statustypen of the 2025 version: %v", st["count"])
		}
		rt := e.c.Get("/resultaattypen?zaaktype_identificatie=ZT&datum_geldigheid=2024-02-01").Want(http.StatusOK).JSON()
		if rt["count"].(float64) != 1 || rt["results"].([]any)[0].(map[string]any)["beginGeldigheid"] != "2024-01-01" {
			t.Errorf("resultaattypen of the 2024 version: %v", rt)
		}
		e.c.Get("/resultaattypen?zaaktypeIdentificatie=ZT").WantProblem(http.StatusBadRequest, "invalid", "nonFieldErrors")
		// (The file lists no 400 for a detail; a bad date is refused, not ignored.)
		e.c.SkipValidation = true
		e.c.Get(v1["url"].(string)+"?datumGeldigheid=gisteren").WantProblem(http.StatusBadRequest, "invalid", "datumGeldigheid")
		e.c.SkipValidation = false
		// A subresource's beginGeldigheid must be its zaaktype's.
		e.c.Post("/roltypen", map[string]any{"zaaktype": v0["url"], "omschrijving": "X", "omschrijvingGeneriek": "adviseur",
			"beginGeldigheid": "2020-01-01"}).WantProblem(http.StatusBadRequest, "invalid", "beginGeldigheid")
	})
}

func TestSubresources(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		cat := e.catalogus("ABC")
		zt := e.zaakType(cat, "ZT", "2024-01-01", nil)
		u := zt["url"].(string)
		st1 := e.create("/statustypen", map[string]any{"zaaktype": u, "omschrijving": "Ontvangen", "volgnummer": 1,
			"checklistitemStatustype": []any{map[string]any{"itemnaam": "Compleet", "vraagstelling": "Is alles er?", "verplicht": true}}})
		st2 := e.create("/statustypen", map[string]any{"zaaktype": u, "omschrijving": "Klaar", "volgnummer": 2, "doorlooptijd": "P2W"})
		st1 = e.c.Get(st1["url"].(string)).Want(http.StatusOK).JSON()
		if st1["isEindstatus"] != false || st2["isEindstatus"] != true || st1["zaaktypeIdentificatie"] != "ZT" || st1["catalogus"] != cat {
			t.Errorf("statustypen: %v / %v", st1, st2)
		}
		if items := st1["checklistitemStatustype"].([]any); len(items) != 1 {
			t.Errorf("checklist: %v", items)
		}
		e.c.Post("/statustypen", map[string]any{"zaaktype": u, "omschrijving": "Dubbel", "volgnummer": 1}).
			WantProblem(http.StatusBadRequest, "invalid", "volgnummer")
		e.c.Post("/statustypen", map[string]any{"zaaktype": u, "omschrijving": "X", "volgnummer": 10000}).
			WantProblem(http.StatusBadRequest, "invalid", "volgnummer")
		// A PUT keeps the zaaktype and replaces the rest.
		put := e.c.Put(st2["url"].(string), map[string]any{"zaaktype": u, "omschrijving": "Afgehandeld", "volgnummer": 5}).Want(http.StatusOK).JSON()
		if put["omschrijving"] != "Afgehandeld" || put["doorlooptijd"] != nil {
			t.Errorf("PUT statustype: %v", put)
		}
		other := e.zaakType(cat, "ANDER", "2024-01-01", nil)["url"].(string)
		e.c.Patch(st2["url"].(string), map[string]any{"zaaktype": other}).WantProblem(http.StatusBadRequest, "invalid", "zaaktype")

		// ztc-015: datum is YYYYMMDD, so lengte 8.
		eig := e.create("/eigenschappen", map[string]any{"zaaktype": u, "naam": "datum", "definitie": "Een datum", "statustype": st1["url"],
			"specificatie": map[string]any{"formaat": "datum", "lengte": "8", "kardinaliteit": "1"}})
		if eig["statustype"] != st1["url"] {
			t.Errorf("eigenschap statustype %v", eig["statustype"])
		}
		e.c.Post("/eigenschappen", map[string]any{"zaaktype": u, "naam": "tijd", "definitie": "Een tijd",
			"specificatie": map[string]any{"formaat": "datum_tijd", "lengte": "8", "kardinaliteit": "1"}}).
			WantProblem(http.StatusBadRequest, "invalid", "specificatie.lengte")
		if got := e.c.Get(st1["url"].(string)).JSON(); !contains(strs(got["eigenschappen"]), eig["url"].(string)) {
			t.Errorf("statustype eigenschappen %v", got["eigenschappen"])
		}

		e.create("/roltypen", map[string]any{"zaaktype": u, "omschrijving": "Aanvrager", "omschrijvingGeneriek": "initiator"})
		e.create("/roltypen", map[string]any{"zaaktype": u, "omschrijving": "Behandelaar", "omschrijvingGeneriek": "behandelaar"})
		e.c.Post("/roltypen", map[string]any{"zaaktype": u, "omschrijving": "X", "omschrijvingGeneriek": "baas"}).
			WantProblem(http.StatusBadRequest, "invalid", "omschrijvingGeneriek")
		rl := e.c.Get("/roltypen?status=concept&omschrijvingGeneriek=initiator&zaaktype=" + url.QueryEscape(u)).Want(http.StatusOK).JSON()
		if rl["count"].(float64) != 1 {
			t.Errorf("roltypen by omschrijvingGeneriek: %v", rl["count"])
		}

		iot := e.create("/informatieobjecttypen", map[string]any{"catalogus": cat, "omschrijving": "Bijlage",
			"vertrouwelijkheidaanduiding": "openbaar", "beginGeldigheid": "2024-01-01", "informatieobjectcategorie": "bijlage"})
		ztiot := e.create("/zaaktype-informatieobjecttypen", map[string]any{"zaaktype": u, "informatieobjecttype": "Bijlage",
			"volgnummer": 1, "richting": "inkomend", "statustype": st1["url"]})
		if ztiot["informatieobjecttype"] != iot["url"] || ztiot["statustype"] != st1["url"] {
			t.Errorf("zaaktype-informatieobjecttype: %v", ztiot)
		}
		e.c.Post("/zaaktype-informatieobjecttypen", map[string]any{"zaaktype": u, "informatieobjecttype": "Bestaat niet",
			"volgnummer": 2, "richting": "inkomend"}).WantProblem(http.StatusBadRequest, "invalid", "informatieobjecttype")
		e.c.Post("/zaaktype-informatieobjecttypen", map[string]any{"zaaktype": u, "informatieobjecttype": "Bijlage",
			"volgnummer": 2, "richting": "zijwaarts"}).WantProblem(http.StatusBadRequest, "invalid", "richting")
		for q, want := range map[string]float64{"richting=inkomend": 1, "richting=uitgaand": 0,
			"informatieobjecttype=" + url.QueryEscape(iot["url"].(string)): 1} {
			if n := e.c.Get("/zaaktype-informatieobjecttypen?status=alles&" + q).Want(http.StatusOK).JSON()["count"].(float64); n != want {
				t.Errorf("zaaktype-informatieobjecttypen?%s: %v, want %v", q, n, want)
			}
		}

		rt := e.create("/resultaattypen", e.resultaatTypeBody(u, map[string]any{"informatieobjecttypen": []string{"Bijlage"}}))
		zot := e.create("/zaakobjecttypen", map[string]any{"zaaktype": u, "anderObjecttype": false, "catalogus": cat,
			"objecttype": "https://objecttypen.example.com/api/v2/objecttypes/1", "relatieOmschrijving": "Pand",
			"statustypen": []string{st1["url"].(string)}, "resultaattypen": []string{rt["url"].(string)}})
		if zot["beginGeldigheid"] != "2024-01-01" || len(strs(zot["statustypen"])) != 1 {
			t.Errorf("zaakobjecttype: %v", zot)
		}
		if got := e.c.Get(st1["url"].(string)).JSON(); got["zaakobjecttype"] != zot["url"] {
			t.Errorf("statustype zaakobjecttype %v", got["zaakobjecttype"])
		}
		if got := e.c.Get(rt["url"].(string)).JSON(); !contains(strs(got["zaakobjecttypen"]), zot["url"].(string)) {
			t.Errorf("resultaattype zaakobjecttypen %v", got["zaakobjecttypen"])
		}
		e.c.Post("/zaakobjecttypen", map[string]any{"zaaktype": u, "anderObjecttype": false, "objecttype": "geen url",
			"relatieOmschrijving": ""}).WantProblem(http.StatusBadRequest, "invalid", "objecttype", "relatieOmschrijving")
		for q, want := range map[string]float64{"relatieOmschrijving=Pand": 1, "anderObjecttype=true": 0,
			"datumGeldigheid=2024-03-01": 1, "zaaktypeIdentificatie=ANDER": 0, "catalogus=" + url.QueryEscape(cat): 1} {
			if n := e.c.Get("/zaakobjecttypen?" + q).Want(http.StatusOK).JSON()["count"].(float64); n != want {
				t.Errorf("zaakobjecttypen?%s: %v, want %v", q, n, want)
			}
		}
		e.c.Patch(zot["url"].(string), map[string]any{"relatieOmschrijving": "Perceel"}).Want(http.StatusOK)
		if got := e.c.Get(u).JSON(); !contains(strs(got["zaakobjecttypen"]), zot["url"].(string)) || len(strs(got["eigenschappen"])) != 1 {
			t.Errorf("zaaktype lists: %v %v", got["zaakobjecttypen"], got["eigenschappen"])
		}
		e.c.Delete(zot["url"].(string)).Want(http.StatusNoContent)
		e.c.Get(zot["url"].(string)).WantProblem(http.StatusNotFound, "not_found")
		e.c.Delete(ztiot["url"].(string)).Want(http.StatusNoContent)
		e.c.Delete(eig["url"].(string)).Want(http.StatusNoContent)

		// Every list refuses an unknown parameter; every detail answers HEAD.
		for _, p := range []string{"/zaaktypen", "/statustypen", "/resultaattypen", "/roltypen", "/eigenschappen", "/zaakobjecttypen",
			"/zaaktype-informatieobjecttypen", "/informatieobjecttypen", "/besluittypen", "/catalogussen"} {
			e.c.Get(p+"?foo=bar").WantProblem(http.StatusBadRequest, "invalid", "nonFieldErrors")
		}
		for _, u := range []string{u, st1["url"].(string), rt["url"].(string), iot["url"].(string)} {
			h := e.c.Head(u).Want(http.StatusOK)
			if h.Header.Get("ETag") == "" || len(h.Body) != 0 {
				t.Errorf("HEAD %s: etag %q, %d bytes", u, h.Header.Get("ETag"), len(h.Body))
			}
		}
	})
}
