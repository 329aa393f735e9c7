package catalogi_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/db/dbtest"
	"github.com/gemeenten/loket/internal/document/documenttest"
	"github.com/gemeenten/loket/internal/zgw"
	"github.com/gemeenten/loket/internal/zgw/catalogi"
)

func TestCatalogussen(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		cat := e.catalogus("ABC")
		e.catalogus("XYZ")

		got := e.c.Get("/catalogussen?domein=ABC").Want(http.StatusOK).JSON()
		if got["count"].(float64) != 1 || got["results"].([]any)[0].(map[string]any)["url"] != cat {
			t.Errorf("domein filter: %v", got)
		}
		got = e.c.Get("/catalogussen?domein__in=ABC,XYZ").Want(http.StatusOK).JSON()
		if got["count"].(float64) != 2 {
			t.Errorf("domein__in filter: count %v, want 2", got["count"])
		}
		e.c.Get("/catalogussen?onbekend=1").WantProblem(http.StatusBadRequest, "invalid", "nonFieldErrors")

		// A second catalogus with the same domein and rsin is refused.
		e.c.Post("/catalogussen", map[string]any{"domein": "ABC", "rsin": "002220647", "contactpersoonBeheerNaam": "X"}).
			WantProblem(http.StatusBadRequest, "invalid", "domein")
		// Validation names the field.
		e.c.Post("/catalogussen", map[string]any{"domein": "TOOLONG", "rsin": "123", "contactpersoonBeheerNaam": ""}).
			WantProblem(http.StatusBadRequest, "invalid", "domein", "rsin", "contactpersoonBeheerNaam")

		// HTTP caching: ETag, If-None-Match, HEAD.
		res := e.c.Get(cat).Want(http.StatusOK)
		etag := res.Header.Get("ETag")
		if etag == "" {
			t.Fatal("no ETag")
		}
		e.c.Get(cat, "If-None-Match", etag).Want(http.StatusNotModified)
		head := e.c.Head(cat).Want(http.StatusOK)
		if head.Header.Get("ETag") != etag || len(head.Body) != 0 {
			t.Errorf("HEAD: etag %q body %q", head.Header.Get("ETag"), head.Body)
		}
		if res.Header.Get("API-version") != catalogi.APIVersion {
			t.Errorf("API-version %q", res.Header.Get("API-version"))
		}
		e.c.Get("/catalogussen/00000000-0000-4000-8000-000000000000").WantProblem(http.StatusNotFound, "not_found")

		// Pagination: past the end is 404, a bad page 400.
		// (The file lists no 404 for lists; Open Zaak answers one.)
		e.c.SkipValidation = true
		e.c.Get("/catalogussen?page=2").WantProblem(http.StatusNotFound, "not_found")
		e.c.SkipValidation = false
		e.c.Get("/catalogussen?page=x").WantProblem(http.StatusBadRequest, "invalid", "page")
	})
}

func TestZaakTypeLifecycle(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		cat := e.catalogus("ABC")
		zt := e.publishableZaakType(cat, "ZT-1", "2024-01-01", nil)
		u := zt["url"].(string)
		if zt["concept"] != true {
			t.Fatalf("new zaaktype concept = %v", zt["concept"])
		}
		got := e.c.Get(u).Want(http.StatusOK).JSON()
		if len(strs(got["statustypen"])) != 2 || len(strs(got["roltypen"])) != 1 || len(strs(got["resultaattypen"])) != 1 {
			t.Errorf("subresources: %v %v %v", got["statustypen"], got["roltypen"], got["resultaattypen"])
		}

		// status defaults to definitief: a concept is not listed unless asked.
		if n := e.c.Get("/zaaktypen").Want(http.StatusOK).JSON()["count"].(float64); n != 0 {
			t.Errorf("default list has %v concept zaaktypen", n)
		}
		if n := e.c.Get("/zaaktypen?status=concept").Want(http.StatusOK).JSON()["count"].(float64); n != 1 {
			t.Errorf("status=concept count %v", n)
		}
		if n := e.c.Get("/statustypen?status=alles&zaaktype=" + url.QueryEscape(u)).Want(http.StatusOK).JSON()["count"].(float64); n != 2 {
			t.Errorf("statustypen of zaaktype: %v", n)
		}
		e.c.Get("/zaaktypen?status=foo").WantProblem(http.StatusBadRequest, "invalid", "status")

		// A concept can change, but not move to another catalogus.
		e.c.Patch(u, map[string]any{"omschrijving": "Nieuwe omschrijving"}).Want(http.StatusOK)
		e.c.Patch(u, map[string]any{"catalogus": e.catalogus("XYZ")}).WantProblem(http.StatusBadRequest, "invalid", "catalogus")

		pub := e.publish(u)
		if pub["concept"] != false {
			t.Errorf("published concept = %v", pub["concept"])
		}
		list := e.c.Get("/zaaktypen?identificatie=ZT-1&catalogus=" + url.QueryEscape(cat)).Want(http.StatusOK).JSON()
		if list["count"].(float64) != 1 {
			t.Errorf("published list count %v", list["count"])
		}
		if n := e.c.Get("/zaaktypen?datumGeldigheid=2023-12-31").Want(http.StatusOK).JSON()["count"].(float64); n != 0 {
			t.Errorf("datumGeldigheid before begin: %v", n)
		}

		// ztc-009: a published zaaktype cannot be replaced, changed or deleted…
		writer := e.client(catalogi.ScopeLezen, catalogi.ScopeSchrijven)
		body := e.zaakTypeBody(cat, "ZT-1", "2024-01-01", map[string]any{"omschrijving": "Anders"})
		p := writer.Put(u, body).WantProblem(http.StatusBadRequest, "invalid", "nonFieldErrors")
		if !p.HasInvalidParam("nonFieldErrors", "non-concept-object") {
			t.Errorf("PUT published: %+v", p.InvalidParams)
		}
		writer.Patch(u, map[string]any{"doel": "Iets anders."}).WantProblem(http.StatusBadRequest, "invalid", "nonFieldErrors")
		if p := writer.Delete(u).WantProblem(http.StatusForbidden, "permission_denied"); !strings.Contains(p.Detail, "gepubliceerd") {
			t.Errorf("DELETE published: detail %q does not name the reason", p.Detail)
		}
		e.c.Get(u).Want(http.StatusOK)
		if got := e.c.Get(u).JSON(); got["doel"] != "Een vergunning verlenen." {
			t.Errorf("refused change changed doel to %v", got["doel"])
		}
		// …but its eindeGeldigheid can be set.
		got = writer.Patch(u, map[string]any{"eindeGeldigheid": "2030-12-31"}).Want(http.StatusOK).JSON()
		if got["eindeGeldigheid"] != "2030-12-31" {
			t.Errorf("eindeGeldigheid %v", got["eindeGeldigheid"])
		}
		// A correctie (catalogi.geforceerd-schrijven) may change it.
		forced := e.client(catalogi.ScopeLezen, catalogi.ScopeGeforceerdSchrijven)
		got = forced.Patch(u, map[string]any{"toelichting": "Correctie."}).Want(http.StatusOK).JSON()
		if got["toelichting"] != "Correctie." {
			t.Errorf("correctie toelichting %v", got["toelichting"])
		}

		// A concept can be deleted, with its subresources.
		c2 := e.publishableZaakType(cat, "ZT-2", "2024-01-01", nil)
		c2 = e.c.Get(c2["url"].(string)).Want(http.StatusOK).JSON()
		e.c.Delete(c2["url"].(string)).Want(http.StatusNoContent)
		e.c.Get(c2["url"].(string)).WantProblem(http.StatusNotFound, "not_found")
		e.c.Get(strs(c2["statustypen"])[0]).WantProblem(http.StatusNotFound, "not_found")
	})
}

// ztc-001: selectielijstProcestype points to a Procestype in the selectielijst.
func TestZTC001SelectielijstProcestype(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		cat := e.catalogus("ABC")
		e.zaakType(cat, "OK", "2024-01-01", nil)
		for name, v := range map[string]string{
			"unknown procestype": e.sl.URL + "/procestypen/00000000-0000-4000-8000-000000000000",
			"not a procestype":   e.sl.URL + "/resultaattypeomschrijvingen/" + firstKey(e.sl.omschr),
			"outside the API":    "https://example.com/procestypen/1",
		} {
			t.Run(name, func(t *testing.T) {
				e.c.Post("/zaaktypen", e.zaakTypeBody(cat, "X", "2024-01-01", map[string]any{"selectielijstProcestype": v})).
					WantProblem(http.StatusBadRequest, "invalid", "selectielijstProcestype")
			})
		}
	})
}

func firstKey(m map[string]string) string {
	for k := range m {
		return k
	}
	return ""
}

// ztc-002: resultaattypeomschrijving and selectielijstklasse point into the
// referentielijsten; omschrijvingGeneriek, archiefnominatie and
// archiefactietermijn are derived; the klasse belongs to the zaaktype's
// procestype.
func TestZTC002Resultaattype(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		cat := e.catalogus("ABC")
		zt := e.zaakType(cat, "ZT", "2024-01-01", nil)["url"].(string)
		klasse, r := e.sl.resultaat(t, 1, "nihil")
		omsURL, oms := e.sl.omschrijving(t)
		got := e.create("/resultaattypen", e.resultaatTypeBody(zt, nil))
		if got["omschrijvingGeneriek"] != oms {
			t.Errorf("omschrijvingGeneriek %v, want %q", got["omschrijvingGeneriek"], oms)
		}
		if got["archiefnominatie"] != r.Waardering || got["archiefactietermijn"] != r.Bewaartermijn {
			t.Errorf("derived archiefnominatie %v / archiefactietermijn %v, want %s / %s", got["archiefnominatie"], got["archiefactietermijn"], r.Waardering, r.Bewaartermijn)
		}
		if got["selectielijstklasse"] != klasse || got["resultaattypeomschrijving"] != omsURL {
			t.Errorf("urls %v %v", got["selectielijstklasse"], got["resultaattypeomschrijving"])
		}
		// Given values win over derived ones.
		got = e.create("/resultaattypen", e.resultaatTypeBody(zt, map[string]any{"omschrijving": "Eigen", "archiefnominatie": "blijvend_bewaren", "archiefactietermijn": "P20Y"}))
		if got["archiefnominatie"] != "blijvend_bewaren" || got["archiefactietermijn"] != "P20Y" {
			t.Errorf("explicit archive values: %v %v", got["archiefnominatie"], got["archiefactietermijn"])
		}

		other, _ := e.sl.resultaat(t, 2, "")
		e.c.Post("/resultaattypen", e.resultaatTypeBody(zt, map[string]any{"selectielijstklasse": other})).
			WantProblem(http.StatusBadRequest, "invalid", "selectielijstklasse")
		e.c.Post("/resultaattypen", e.resultaatTypeBody(zt, map[string]any{"selectielijstklasse": e.sl.URL + "/resultaten/00000000-0000-4000-8000-000000000000"})).
			WantProblem(http.StatusBadRequest, "invalid", "selectielijstklasse")
		e.c.Post("/resultaattypen", e.resultaatTypeBody(zt, map[string]any{"resultaattypeomschrijving": "https://example.com/x"})).
			WantProblem(http.StatusBadRequest, "invalid", "resultaattypeomschrijving")
		e.c.Post("/resultaattypen", e.resultaatTypeBody(zt, map[string]any{"resultaattypeomschrijving": ""})).
			WantProblem(http.StatusBadRequest, "invalid", "resultaattypeomschrijving")
	})
}

// ztc-003..ztc-008: the brondatumArchiefprocedure per afleidingswijze.
func TestZTC003to008Brondatum(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		cat := e.catalogus("ABC")
		zt := e.zaakType(cat, "ZT", "2024-01-01", nil)["url"].(string)
		nihil, _ := e.sl.resultaat(t, 1, "nihil")
		cases := []struct {
			rule, klasse string
			b            map[string]any
			field        string // "" means accepted
		}{
			{"ztc-003 nihil needs afgehandeld", nihil, map[string]any{"afleidingswijze": "termijn", "procestermijn": "P5Y"}, "brondatumArchiefprocedure.afleidingswijze"},
			{"ztc-003 nihil with afgehandeld", nihil, map[string]any{"afleidingswijze": "afgehandeld"}, ""},
			{"ztc-004 eigenschap needs datumkenmerk", nihil, map[string]any{"afleidingswijze": "eigenschap"}, "brondatumArchiefprocedure.datumkenmerk"},
			{"ztc-004 afgehandeld has no datumkenmerk", nihil, map[string]any{"afleidingswijze": "afgehandeld", "datumkenmerk": "x"}, "brondatumArchiefprocedure.datumkenmerk"},
			{"ztc-005 afgehandeld has no einddatumBekend", nihil, map[string]any{"afleidingswijze": "afgehandeld", "einddatumBekend": true}, "brondatumArchiefprocedure.einddatumBekend"},
			{"ztc-006 zaakobject needs objecttype", nihil, map[string]any{"afleidingswijze": "zaakobject", "datumkenmerk": "x"}, "brondatumArchiefprocedure.objecttype"},
			{"ztc-007 ander_datumkenmerk needs registratie", nihil, map[string]any{"afleidingswijze": "ander_datumkenmerk", "datumkenmerk": "x", "objecttype": "pand"}, "brondatumArchiefprocedure.registratie"},
			{"ztc-008 afgehandeld has no procestermijn", nihil, map[string]any{"afleidingswijze": "afgehandeld", "procestermijn": "P1Y"}, "brondatumArchiefprocedure.procestermijn"},
		}
		for _, c := range cases {
			t.Run(c.rule, func(t *testing.T) {
				res := e.c.Post("/resultaattypen", e.resultaatTypeBody(zt, map[string]any{"selectielijstklasse": c.klasse, "brondatumArchiefprocedure": c.b}))
				if c.field == "" {
					res.Want(http.StatusCreated)
					return
				}
				res.WantProblem(http.StatusBadRequest, "invalid", c.field)
			})
		}
		// ztc-003 with ingeschatte_bestaansduur_procesobject (any procestype).
		for pk := 1; pk < 30; pk++ {
			klasse := ""
			for _, r := range e.sl.resultaten {
				if r.ProcesType == pk && r.Procestermijn == "ingeschatte_bestaansduur_procesobject" {
					klasse = e.sl.URL + "/resultaten/" + r.UUID
					break
				}
			}
			if klasse == "" {
				continue
			}
			z := e.zaakType(cat, "PT-"+strings.Repeat("x", pk), "2024-01-01", map[string]any{"selectielijstProcestype": e.sl.procestype(pk)})["url"].(string)
			e.c.Post("/resultaattypen", e.resultaatTypeBody(z, map[string]any{"selectielijstklasse": klasse, "archiefactietermijn": "P10Y",
				"brondatumArchiefprocedure": map[string]any{"afleidingswijze": "afgehandeld"}})).
				WantProblem(http.StatusBadRequest, "invalid", "brondatumArchiefprocedure.afleidingswijze")
			e.c.Post("/resultaattypen", e.resultaatTypeBody(z, map[string]any{"selectielijstklasse": klasse, "archiefactietermijn": "P10Y",
				"brondatumArchiefprocedure": map[string]any{"afleidingswijze": "termijn", "procestermijn": "P5Y"}})).
				Want(http.StatusCreated)
			return
		}
		t.Fatal("no selectielijst resultaat with procestermijn ingeschatte_bestaansduur_procesobject")
	})
}

// ztc-010: the subresources of a published zaaktype change only by correctie
// and are never deleted.
func TestZTC010Subresources(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		cat := e.catalogus("ABC")
		zt := e.publishableZaakType(cat, "ZT", "2024-01-01", nil)
		u := zt["url"].(string)
		e.publish(u)
		pub := e.c.Get(u).JSON()
		st := strs(pub["statustypen"])[0]
		rol := strs(pub["roltypen"])[0]
		rt := strs(pub["resultaattypen"])[0]
		writer := e.client(catalogi.ScopeLezen, catalogi.ScopeSchrijven)

		for path, body := range map[string]map[string]any{
			"/statustypen":    {"zaaktype": u, "omschrijving": "Extra", "volgnummer": 3},
			"/roltypen":       {"zaaktype": u, "omschrijving": "Adviseur", "omschrijvingGeneriek": "adviseur"},
			"/resultaattypen": e.resultaatTypeBody(u, map[string]any{"omschrijving": "Ander"}),
			"/eigenschappen": {"zaaktype": u, "naam": "kleur", "definitie": "De kleur",
				"specificatie": map[string]any{"formaat": "tekst", "lengte": "10", "kardinaliteit": "1"}},
			"/zaakobjecttypen": {"zaaktype": u, "anderObjecttype": false, "objecttype": "https://example.com/objecttypen/1",
				"relatieOmschrijving": "Pand"},
		} {
			p := writer.Post(path, body).WantProblem(http.StatusBadRequest, "invalid", "nonFieldErrors")
			if !p.HasInvalidParam("nonFieldErrors", "non-concept-zaaktype") {
				t.Errorf("POST %s on a published zaaktype: %+v", path, p.InvalidParams)
			}
		}
		writer.Patch(st, map[string]any{"omschrijving": "Anders"}).WantProblem(http.StatusBadRequest, "invalid", "nonFieldErrors")
		writer.Put(rol, map[string]any{"zaaktype": u, "omschrijving": "Anders", "omschrijvingGeneriek": "initiator"}).
			WantProblem(http.StatusBadRequest, "invalid", "nonFieldErrors")
		if p := writer.Delete(rt).WantProblem(http.StatusForbidden, "permission_denied"); !strings.Contains(p.Detail, "gepubliceerd") {
			t.Errorf("DELETE resultaattype of a published zaaktype: detail %q", p.Detail)
		}
		e.c.Get(rt).Want(http.StatusOK)

		// A correctie adds a statustype at the end; catalogi.geforceerd-verwijderen
		// (and only that) deletes under a published zaaktype, as Open Zaak allows.
		forced := e.client(catalogi.ScopeLezen, catalogi.ScopeGeforceerdSchrijven, catalogi.ScopeGeforceerdVerwijderen)
		added := forced.Post("/statustypen", map[string]any{"zaaktype": u, "omschrijving": "Gearchiveerd", "volgnummer": 3}).Want(http.StatusCreated).JSON()
		if added["isEindstatus"] != true {
			t.Errorf("the new last statustype isEindstatus = %v", added["isEindstatus"])
		}
		corrector := e.client(catalogi.ScopeLezen, catalogi.ScopeGeforceerdSchrijven)
		corrector.Delete(added["url"].(string)).WantProblem(http.StatusForbidden, "permission_denied")
		forced.Delete(added["url"].(string)).Want(http.StatusNoContent)
		e.c.Get(added["url"].(string)).WantProblem(http.StatusNotFound, "not_found")
		forced.Patch(rol, map[string]any{"omschrijving": "Indiener"}).Want(http.StatusOK)
		// The published zaaktype itself: refused without the scope, deleted
		// with it (nothing uses it), its subresources with it.
		writer.Delete(u).WantProblem(http.StatusForbidden, "permission_denied")
		corrector.Delete(u).WantProblem(http.StatusForbidden, "permission_denied")
		forced.Delete(u).Want(http.StatusNoContent)
		e.c.Get(u).WantProblem(http.StatusNotFound, "not_found")
		e.c.Get(rt).WantProblem(http.StatusNotFound, "not_found")
	})
}

// ztc-011a/b/c: relations between zaaktype, besluittype and
// informatieobjecttype are by name; the API shows the version valid on the
// day asked (datumGeldigheid) or today.
func TestZTC011VersionIndependentRelations(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		cat := e.catalogus("ABC")
		iot := e.create("/informatieobjecttypen", map[string]any{"catalogus": cat, "omschrijving": "Aanvraagformulier",
			"vertrouwelijkheidaanduiding": "openbaar", "beginGeldigheid": "2020-01-01", "informatieobjectcategorie": "formulier"})
		e.publish(iot["url"].(string))
		bt1 := e.create("/besluittypen", map[string]any{"catalogus": cat, "omschrijving": "Vergunning", "publicatieIndicatie": false,
			"informatieobjecttypen": []string{"Aanvraagformulier"}, "beginGeldigheid": "2020-01-01", "eindeGeldigheid": "2024-12-31"})
		e.publish(bt1["url"].(string))
		bt2 := e.create("/besluittypen", map[string]any{"catalogus": cat, "omschrijving": "Vergunning", "publicatieIndicatie": false,
			"informatieobjecttypen": []string{"Aanvraagformulier"}, "beginGeldigheid": "2025-01-01"})
		e.publish(bt2["url"].(string))

		zt := e.publishableZaakType(cat, "ZT", "2020-01-01", map[string]any{"besluittypen": []string{"Vergunning"}})
		u := zt["url"].(string)
		e.create("/zaaktype-informatieobjecttypen", map[string]any{"zaaktype": u, "informatieobjecttype": "Aanvraagformulier",
			"volgnummer": 1, "richting": "inkomend"})
		e.publish(u)

		old := e.c.Get(u + "?datumGeldigheid=2024-06-01").Want(http.StatusOK).JSON()
		if bts := strs(old["besluittypen"]); len(bts) != 1 || bts[0] != bt1["url"] {
			t.Errorf("besluittypen on 2024-06-01: %v, want [%v]", bts, bt1["url"])
		}
		now := e.c.Get(u).Want(http.StatusOK).JSON()
		if bts := strs(now["besluittypen"]); len(bts) != 1 || bts[0] != bt2["url"] {
			t.Errorf("besluittypen today: %v, want [%v]", bts, bt2["url"])
		}
		if iots := strs(now["informatieobjecttypen"]); len(iots) != 1 || iots[0] != iot["url"] {
			t.Errorf("informatieobjecttypen: %v", iots)
		}
		// Relations are by name: the older besluittype version relates too.
		if zts := strs(e.c.Get(bt1["url"].(string)).Want(http.StatusOK).JSON()["zaaktypen"]); !contains(zts, u) {
			t.Errorf("older besluittype version zaaktypen %v lacks %s", zts, u)
		}
		b := e.c.Get(bt2["url"].(string)).Want(http.StatusOK).JSON()
		if zts := strs(b["zaaktypen"]); !contains(zts, u) {
			t.Errorf("besluittype zaaktypen %v lacks %s", zts, u)
		}
		if iots := strs(b["informatieobjecttypen"]); len(iots) != 1 || iots[0] != iot["url"] {
			t.Errorf("besluittype informatieobjecttypen %v", iots)
		}
		i := e.c.Get(iot["url"].(string)).Want(http.StatusOK).JSON()
		if !contains(strs(i["zaaktypen"]), u) || !contains(strs(i["besluittypen"]), bt2["url"].(string)) {
			t.Errorf("informatieobjecttype relations: %v %v", i["zaaktypen"], i["besluittypen"])
		}
		// A changed besluittype does not touch the published zaaktype (ztc-011b).
		e.c.Patch(bt2["url"].(string), map[string]any{"eindeGeldigheid": "2099-12-31"}).Want(http.StatusOK)
		if got := e.c.Get(u).JSON(); got["concept"] != false || got["versiedatum"] != "2020-01-01" {
			t.Errorf("zaaktype after besluittype change: %v %v", got["concept"], got["versiedatum"])
		}
	})
}

// ztc-012: a zaaktype is published only when its besluittypen and
// informatieobjecttypen are.
func TestZTC012Publish(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		cat := e.catalogus("ABC")
		bt := e.create("/besluittypen", map[string]any{"catalogus": cat, "omschrijving": "Besluit", "publicatieIndicatie": false,
			"informatieobjecttypen": []string{}, "beginGeldigheid": "2024-01-01"})
		zt := e.publishableZaakType(cat, "ZT", "2024-01-01", map[string]any{"besluittypen": []string{bt["url"].(string)}})
		u := zt["url"].(string)
		e.c.Post(u+"/publish", map[string]any{}).WantProblem(http.StatusBadRequest, "invalid", "besluittypen")
		if got := e.c.Get(u).JSON(); got["concept"] != true {
			t.Fatalf("refused publish changed concept to %v", got["concept"])
		}
		e.publish(bt["url"].(string))

		iot := e.create("/informatieobjecttypen", map[string]any{"catalogus": cat, "omschrijving": "Bijlage",
			"vertrouwelijkheidaanduiding": "openbaar", "beginGeldigheid": "2024-01-01", "informatieobjectcategorie": "bijlage"})
		e.create("/zaaktype-informatieobjecttypen", map[string]any{"zaaktype": u, "informatieobjecttype": iot["url"],
			"volgnummer": 1, "richting": "inkomend"})
		e.c.Post(u+"/publish", map[string]any{}).WantProblem(http.StatusBadRequest, "invalid", "informatieobjecttypen")
		e.publish(iot["url"].(string))
		if got := e.publish(u); got["concept"] != false {
			t.Errorf("concept after publish: %v", got["concept"])
		}
		// A zaaktype without statustypen is not publishable either.
		bare := e.zaakType(cat, "LEEG", "2024-01-01", nil)["url"].(string)
		e.c.Post(bare+"/publish", map[string]any{}).WantProblem(http.StatusBadRequest, "invalid", "statustypen")
		e.c.Post("/zaaktypen/00000000-0000-4000-8000-000000000000/publish", map[string]any{}).WantProblem(http.StatusNotFound, "not_found")
	})
}

// ztc-013: no relations across catalogi, nor to the same catalogus on
// another endpoint.
func TestZTC013SameCatalogus(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		cat := e.catalogus("ABC")
		other := e.catalogus("XYZ")
		iotOther := e.create("/informatieobjecttypen", map[string]any{"catalogus": other, "omschrijving": "Elders",
			"vertrouwelijkheidaanduiding": "openbaar", "beginGeldigheid": "2024-01-01", "informatieobjectcategorie": "x"})
		btOther := e.create("/besluittypen", map[string]any{"catalogus": other, "omschrijving": "Elders", "publicatieIndicatie": false,
			"informatieobjecttypen": []string{}, "beginGeldigheid": "2024-01-01"})
		zt := e.zaakType(cat, "ZT", "2024-01-01", nil)["url"].(string)
		ztOther := e.zaakType(other, "ZT", "2024-01-01", nil)["url"].(string)

		e.c.Post("/zaaktype-informatieobjecttypen", map[string]any{"zaaktype": zt, "informatieobjecttype": iotOther["url"],
			"volgnummer": 1, "richting": "inkomend"}).WantProblem(http.StatusBadRequest, "invalid", "informatieobjecttype")
		e.c.Post("/zaaktypen", e.zaakTypeBody(cat, "ZT2", "2024-01-01", map[string]any{"besluittypen": []string{btOther["url"].(string)}})).
			WantProblem(http.StatusBadRequest, "invalid", "besluittypen")
		e.c.Post("/zaaktypen", e.zaakTypeBody(cat, "ZT3", "2024-01-01", map[string]any{"deelzaaktypen": []string{ztOther}})).
			WantProblem(http.StatusBadRequest, "invalid", "deelzaaktypen")
		e.c.Post("/besluittypen", map[string]any{"catalogus": cat, "omschrijving": "B", "publicatieIndicatie": false,
			"informatieobjecttypen": []string{iotOther["url"].(string)}, "beginGeldigheid": "2024-01-01"}).
			WantProblem(http.StatusBadRequest, "invalid", "informatieobjecttypen")
		e.c.Post("/resultaattypen", e.resultaatTypeBody(zt, map[string]any{"besluittypen": []string{btOther["url"].(string)}})).
			WantProblem(http.StatusBadRequest, "invalid", "besluittypen")
		e.c.Post("/zaakobjecttypen", map[string]any{"zaaktype": zt, "catalogus": other, "anderObjecttype": false,
			"objecttype": "https://example.com/objecttypen/1", "relatieOmschrijving": "Pand"}).
			WantProblem(http.StatusBadRequest, "invalid", "catalogus")
		// The same catalogus on another endpoint is another catalogus.
		elsewhere := strings.Replace(zt, e.srv.URL, "https://elders.example.com", 1)
		e.c.Post("/statustypen", map[string]any{"zaaktype": elsewhere, "omschrijving": "X", "volgnummer": 1}).
			WantProblem(http.StatusBadRequest, "invalid", "zaaktype")
		// A statustype of another zaaktype.
		stOther := e.create("/statustypen", map[string]any{"zaaktype": ztOther, "omschrijving": "X", "volgnummer": 1})
		e.c.Post("/eigenschappen", map[string]any{"zaaktype": zt, "naam": "n", "definitie": "d", "statustype": stOther["url"],
			"specificatie": map[string]any{"formaat": "tekst", "lengte": "5", "kardinaliteit": "1"}}).
			WantProblem(http.StatusBadRequest, "invalid", "statustype")
	})
}

// ztc-014 and the scopes per operation.
func TestZTC014AndScopes(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		cat := e.catalogus("ABC")
		zt := e.zaakType(cat, "ZT", "2024-01-01", nil)["url"].(string)

		none := e.client()
		none.Get("/catalogussen").WantProblem(http.StatusForbidden, "permission_denied")
		none.Get(zt).WantProblem(http.StatusForbidden, "permission_denied")

		reader := e.client(catalogi.ScopeLezen)
		reader.Get(zt).Want(http.StatusOK)
		reader.Post("/catalogussen", map[string]any{"domein": "NEW", "rsin": "002220647", "contactpersoonBeheerNaam": "X"}).
			WantProblem(http.StatusForbidden, "permission_denied")
		reader.Patch(zt, map[string]any{"omschrijving": "X"}).WantProblem(http.StatusForbidden, "permission_denied")
		reader.Delete(zt).WantProblem(http.StatusForbidden, "permission_denied")
		reader.Post(zt+"/publish", map[string]any{}).WantProblem(http.StatusForbidden, "permission_denied")

		// A correctie client may not create zaaktypen or publish.
		forced := e.client(catalogi.ScopeGeforceerdSchrijven)
		forced.Post("/zaaktypen", e.zaakTypeBody(cat, "F", "2024-01-01", nil)).WantProblem(http.StatusForbidden, "permission_denied")
		forced.Post(zt+"/publish", map[string]any{}).WantProblem(http.StatusForbidden, "permission_denied")

		// ztc-014: zaken.lezen and documenten.lezen read the catalogue.
		zrc := e.srv.NewClient(t, spec(t), catalogi.Prefix, false, zgw.Autorisatie{Component: zgw.ZRC, Scopes: []string{"zaken.lezen"},
			Zaaktype: zt, MaxVertrouwelijkheid: "openbaar"})
		zrc.Get(zt).Want(http.StatusOK)
		zrc.Get("/zaaktypen?status=alles").Want(http.StatusOK)
		zrc.Post("/catalogussen", map[string]any{"domein": "NEW", "rsin": "002220647", "contactpersoonBeheerNaam": "X"}).
			WantProblem(http.StatusForbidden, "permission_denied")
		drc := e.srv.NewClient(t, spec(t), catalogi.Prefix, false, zgw.Autorisatie{Component: zgw.DRC, Scopes: []string{"documenten.lezen"},
			Informatieobjecttype: "https://example.com/iot/1", MaxVertrouwelijkheid: "openbaar"})
		drc.Get(cat).Want(http.StatusOK)
		other := e.srv.NewClient(t, spec(t), catalogi.Prefix, false, zgw.Autorisatie{Component: zgw.ZRC, Scopes: []string{"zaken.aanmaken"},
			Zaaktype: zt, MaxVertrouwelijkheid: "openbaar"})
		other.Get(zt).WantProblem(http.StatusForbidden, "permission_denied")
	})
}

// catalogi.geforceerd-verwijderen deletes a published type, but never one
// that zaken still use: the zaak keeps its zaaktype.
func TestForcedDeleteKeepsTypesInUse(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		cat := e.catalogus("ABC")
		zt := e.publishableZaakType(cat, "ZT", "2024-01-01", nil)
		u := zt["url"].(string)
		e.publish(u)
		documenttest.Zaak(t, d, u[strings.LastIndex(u, "/")+1:])
		forced := e.client(catalogi.ScopeLezen, catalogi.ScopeGeforceerdVerwijderen)
		forced.Delete(u).WantProblem(http.StatusConflict, "in-use")
		st := strs(e.c.Get(u).Want(http.StatusOK).JSON()["statustypen"])
		if len(st) < 2 {
			t.Fatalf("statustypen after the refused delete: %v", st)
		}
	})
}
