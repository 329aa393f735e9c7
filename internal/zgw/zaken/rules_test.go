package zaken_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/gemeenten/loket/internal/catalogus/catalogustest"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/db/dbtest"
	"github.com/gemeenten/loket/internal/zgw/zaken"
)

// Scenario tests for the behaviour rules zrc-001 … zrc-023 of the Zaken API.

func TestZRC001Zaaktype(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		e.all.Post("/zaken", e.zaakBody(e.zt, map[string]any{"zaaktype": e.url("/catalogi/api/v1/zaaktypen/00000000-0000-4000-8000-000000000000")})).
			WantProblem(http.StatusBadRequest, "invalid", "zaaktype")
		e.all.Post("/zaken", e.zaakBody(e.zt, map[string]any{"zaaktype": "https://elders.example/catalogi/api/v1/zaaktypen/1"})).
			WantProblem(http.StatusBadRequest, "invalid", "zaaktype")
		e.all.Post("/zaken", e.zaakBody(e.zt, map[string]any{"zaaktype": nil})).
			WantProblem(http.StatusBadRequest, "invalid", "zaaktype")
		concept := catalogustest.Published(t, d, catalogustest.Concept())
		p := e.all.Post("/zaken", e.zaakBody(concept, nil)).WantProblem(http.StatusBadRequest, "invalid", "zaaktype")
		if !p.HasInvalidParam("zaaktype", "not-published") {
			t.Errorf("concept zaaktype: %+v", p)
		}
		// The zaaktype of a zaak cannot change.
		z := e.createZaak(e.zt, nil)
		e.all.Patch(str(z, "url"), map[string]any{"zaaktype": e.ztURL(e.zt2)}).
			WantProblem(http.StatusBadRequest, "invalid", "zaaktype")
		// laatsteBetaaldatum may not lie in the future.
		e.all.Post("/zaken", e.zaakBody(e.zt, map[string]any{"betalingsindicatie": "geheel",
			"laatsteBetaaldatum": "2999-01-01T00:00:00Z"})).WantProblem(http.StatusBadRequest, "invalid", "laatsteBetaaldatum")
	})
}

func TestZRC002Identificatie(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		a := e.createZaak(e.zt, map[string]any{"identificatie": "ZAAK-EIGEN-1"})
		if str(a, "identificatie") != "ZAAK-EIGEN-1" {
			t.Fatalf("identificatie = %q", str(a, "identificatie"))
		}
		p := e.all.Post("/zaken", e.zaakBody(e.zt, map[string]any{"identificatie": "ZAAK-EIGEN-1"})).
			WantProblem(http.StatusBadRequest, "invalid", "identificatie")
		if !p.HasInvalidParam("identificatie", "identificatie-niet-uniek") {
			t.Errorf("duplicate: %+v", p)
		}
		// Generated identificaties are unique.
		b, c := e.createZaak(e.zt, nil), e.createZaak(e.zt, nil)
		if str(b, "identificatie") == str(c, "identificatie") {
			t.Errorf("two zaken got identificatie %s", str(b, "identificatie"))
		}
		// The identificatie cannot be changed.
		e.all.Patch(str(b, "url"), map[string]any{"identificatie": "ANDERS"}).
			WantProblem(http.StatusBadRequest, "invalid", "identificatie")
	})
}

func TestZRC003To005Zaakinformatieobject(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		z := e.createZaak(e.zt, nil)
		zu := str(z, "url")
		// zrc-003: the informatieobject must exist.
		e.all.Post("/zaakinformatieobjecten", map[string]any{"zaak": zu,
			"informatieobject": e.url("/documenten/api/v1/enkelvoudiginformatieobjecten/00000000-0000-4000-8000-000000000000")}).
			WantProblem(http.StatusBadRequest, "invalid", "informatieobject")
		io := e.document(ptr(false))
		zio := e.all.Post("/zaakinformatieobjecten", map[string]any{"zaak": zu, "informatieobject": io, "titel": "Aanvraag"}).
			Want(http.StatusCreated).JSON()
		// zrc-004: aardRelatie hoort bij, registratiedatum set by the system.
		if str(zio, "aardRelatieWeergave") != "Hoort bij, omgekeerd: kent" || str(zio, "registratiedatum") == "" {
			t.Errorf("zio = %v", zio)
		}
		e.all.Post("/zaakinformatieobjecten", map[string]any{"zaak": zu, "informatieobject": io}).
			WantProblem(http.StatusBadRequest, "invalid", "nonFieldErrors")
		other := e.createZaak(e.zt, nil)
		e.all.Patch(str(zio, "url"), map[string]any{"zaak": str(other, "url")}).
			WantProblem(http.StatusBadRequest, "invalid", "zaak")
		e.all.Patch(str(zio, "url"), map[string]any{"informatieobject": e.document(ptr(false))}).
			WantProblem(http.StatusBadRequest, "invalid", "informatieobject")
		p := e.all.Patch(str(zio, "url"), map[string]any{"titel": "Aanvraag (getekend)"}).Want(http.StatusOK).JSON()
		if str(p, "titel") != "Aanvraag (getekend)" {
			t.Errorf("titel = %q", str(p, "titel"))
		}
		// zrc-005: the Documenten side shows the relation (objectinformatieobject).
		links, err := e.docs.ObjectLinks(t.Context(), str(zio, "informatieobject")[len(e.url("/documenten/api/v1/enkelvoudiginformatieobjecten/")):])
		if err != nil || len(links) != 1 || links[0].ObjectType != "zaak" || links[0].ObjectID != str(z, "uuid") {
			t.Errorf("object links = %v, %v", links, err)
		}
		l := e.all.Get("/zaakinformatieobjecten?zaak=" + zu).Want(http.StatusOK)
		var got []map[string]any
		l.Decode(&got)
		if len(got) != 1 {
			t.Errorf("list = %v", got)
		}
		zj := e.all.Get(zu).Want(http.StatusOK).JSON()
		if len(zj["zaakinformatieobjecten"].([]any)) != 1 {
			t.Errorf("zaak.zaakinformatieobjecten = %v", zj["zaakinformatieobjecten"])
		}
		e.all.Delete(str(zio, "url")).Want(http.StatusNoContent)
		if links, _ := e.docs.ObjectLinks(t.Context(), links[0].InformatieobjectID); len(links) != 0 {
			t.Errorf("after delete, object links = %v", links)
		}
	})
}

func TestZRC007Close(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		z := e.createZaak(e.zt, nil)
		zu := str(z, "url")
		// No resultaat yet: the eindstatus is refused.
		e.all.Post("/statussen", map[string]any{"zaak": zu, "statustype": e.eind(e.zt), "datumStatusGezet": now()}).
			WantProblem(http.StatusBadRequest, "invalid")
		e.all.Post("/resultaten", map[string]any{"zaak": zu, "resultaattype": e.resultaattype(e.zt, "Verleend")}).
			Want(http.StatusCreated)
		// A document without indicatieGebruiksrecht blocks closing.
		zio := e.all.Post("/zaakinformatieobjecten", map[string]any{"zaak": zu, "informatieobject": e.document(nil)}).
			Want(http.StatusCreated).JSON()
		p := e.all.Post("/statussen", map[string]any{"zaak": zu, "statustype": e.eind(e.zt), "datumStatusGezet": now()}).
			WantProblem(http.StatusBadRequest, "invalid")
		if !p.HasInvalidParam("nonFieldErrors", "indicatiegebruiksrecht-unset") {
			t.Errorf("want indicatiegebruiksrecht-unset, got %+v", p)
		}
		e.all.Delete(str(zio, "url")).Want(http.StatusNoContent)
		st := e.all.Post("/statussen", map[string]any{"zaak": zu, "statustype": e.eind(e.zt), "datumStatusGezet": now()}).
			Want(http.StatusCreated).JSON()
		if st["indicatieLaatstGezetteStatus"] != true {
			t.Errorf("status = %v", st)
		}
		closed := e.all.Get(zu).Want(http.StatusOK).JSON()
		if closed["einddatum"] == nil || str(closed, "status") != str(st, "url") {
			t.Fatalf("closed zaak: einddatum %v status %v", closed["einddatum"], closed["status"])
		}
		// zrc-021: archiefnominatie and archiefactiedatum from the resultaattype
		// (blijvend_bewaren, 10 years after einddatum).
		if str(closed, "archiefnominatie") != "blijvend_bewaren" || closed["archiefactiedatum"] == nil {
			t.Errorf("archive: %v %v", closed["archiefnominatie"], closed["archiefactiedatum"])
		}
		// A closed zaak needs zaken.geforceerd-bijwerken, for the zaak and its parts.
		bijwerken := e.client(false, e.grant(e.zt, "zeer_geheim", zaken.ScopeLezen, zaken.ScopeBijwerken))
		bijwerken.Patch(zu, map[string]any{"omschrijving": "x"}).WantProblem(http.StatusForbidden, "permission_denied")
		bijwerken.Post("/rollen", map[string]any{"zaak": zu, "betrokkeneType": "medewerker",
			"roltype": e.roltype(e.zt, "behandelaar"), "roltoelichting": "x",
			"betrokkeneIdentificatie": map[string]any{"identificatie": "m1"}}).WantProblem(http.StatusForbidden, "permission_denied")
		geforceerd := e.client(false, e.grant(e.zt, "zeer_geheim", zaken.ScopeLezen, zaken.ScopeGeforceerdBijwerken))
		geforceerd.Patch(zu, map[string]any{"omschrijving": "Correctie"}).Want(http.StatusOK)
	})
}

func TestZRC008Reopen(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		z := e.createZaak(e.zt, nil)
		zu := str(z, "url")
		e.close(zu)
		toevoegen := e.client(false, e.grant(e.zt, "zeer_geheim", zaken.ScopeLezen, zaken.ScopeStatussenToevoegen))
		toevoegen.Post("/statussen", map[string]any{"zaak": zu, "statustype": e.statustype(e.zt, 2), "datumStatusGezet": now()}).
			WantProblem(http.StatusForbidden, "permission_denied")
		heropenen := e.client(false, e.grant(e.zt, "zeer_geheim", zaken.ScopeLezen, zaken.ScopeHeropenen))
		heropenen.Post("/statussen", map[string]any{"zaak": zu, "statustype": e.statustype(e.zt, 2), "datumStatusGezet": now()}).
			Want(http.StatusCreated)
		open := e.all.Get(zu).Want(http.StatusOK).JSON()
		if open["einddatum"] != nil || open["archiefnominatie"] != nil || open["archiefactiedatum"] != nil {
			t.Errorf("reopened: einddatum %v archiefnominatie %v archiefactiedatum %v",
				open["einddatum"], open["archiefnominatie"], open["archiefactiedatum"])
		}
	})
}

func TestZRC009Vertrouwelijkheid(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		z := e.createZaak(e.zt, map[string]any{"vertrouwelijkheidaanduiding": "openbaar"})
		if str(z, "vertrouwelijkheidaanduiding") != "openbaar" {
			t.Errorf("given value: %q", str(z, "vertrouwelijkheidaanduiding"))
		}
		e.all.Post("/zaken", e.zaakBody(e.zt, map[string]any{"vertrouwelijkheidaanduiding": "heel_geheim"})).
			WantProblem(http.StatusBadRequest, "invalid", "vertrouwelijkheidaanduiding")
	})
}

func TestZRC010Communicatiekanaal(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ref := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			switch r.URL.Path {
			case "/kanaal":
				json.NewEncoder(w).Encode(map[string]string{"url": "http://x/kanaal", "naam": "E-mail", "omschrijving": "E-mail"})
			case "/anders":
				json.NewEncoder(w).Encode(map[string]string{"iets": "anders"})
			default:
				http.NotFound(w, r)
			}
		}))
		defer ref.Close()
		e.createZaak(e.zt, map[string]any{"communicatiekanaal": ref.URL + "/kanaal"})
		e.all.Post("/zaken", e.zaakBody(e.zt, map[string]any{"communicatiekanaal": ref.URL + "/weg"})).
			WantProblem(http.StatusBadRequest, "invalid", "communicatiekanaal")
		e.all.Post("/zaken", e.zaakBody(e.zt, map[string]any{"communicatiekanaal": ref.URL + "/anders"})).
			WantProblem(http.StatusBadRequest, "invalid", "communicatiekanaal")
	})
}

func TestZRC011RelevanteAndereZaken(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		a := e.createZaak(e.zt, nil)
		b := e.createZaak(e.zt, map[string]any{"relevanteAndereZaken": []map[string]any{{"url": str(a, "url"), "aardRelatie": "vervolg"}}})
		rel := arr(b["relevanteAndereZaken"])
		if len(rel) != 1 || str(rel[0], "url") != str(a, "url") || str(rel[0], "aardRelatie") != "vervolg" {
			t.Errorf("relevanteAndereZaken = %v", b["relevanteAndereZaken"])
		}
		e.all.Post("/zaken", e.zaakBody(e.zt, map[string]any{"relevanteAndereZaken": []map[string]any{
			{"url": str(a, "url"), "aardRelatie": "vervolg"},
			{"url": "http://127.0.0.1:1/zaken/api/v1/zaken/weg", "aardRelatie": "onderwerp"}}})).
			WantProblem(http.StatusBadRequest, "invalid", "relevanteAndereZaken.1")
	})
}

func TestZRC012Gegevensgroepen(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		// Extending is only possible before the deadline: start today.
		z := e.createZaak(e.zt, map[string]any{"verlenging": nil, "opschorting": nil,
			"startdatum": time.Now().Format("2006-01-02")})
		op, ok := z["opschorting"].(map[string]any)
		if !ok || op["indicatie"] != false {
			t.Errorf("opschorting = %v, want the nested structure", z["opschorting"])
		}
		p := e.all.Patch(str(z, "url"), map[string]any{"opschorting": map[string]any{"indicatie": true, "reden": "Wacht op advies"}}).
			Want(http.StatusOK).JSON()
		if op := p["opschorting"].(map[string]any); op["indicatie"] != true || op["reden"] != "Wacht op advies" {
			t.Errorf("opschorting after patch = %v", op)
		}
		e.all.Patch(str(z, "url"), map[string]any{"verlenging": map[string]any{"reden": "Advies nodig", "duur": "geen duur"}}).
			WantProblem(http.StatusBadRequest, "invalid", "verlenging.duur")
		v := e.all.Patch(str(z, "url"), map[string]any{"verlenging": map[string]any{"reden": "Advies nodig", "duur": "P14D"}}).
			Want(http.StatusOK).JSON()
		if vl, _ := v["verlenging"].(map[string]any); vl == nil || vl["duur"] != "P14D" {
			t.Errorf("verlenging = %v", v["verlenging"])
		}
		if str(v, "uiterlijkeEinddatumAfdoening") <= str(z, "uiterlijkeEinddatumAfdoening") {
			t.Errorf("verlenging did not move the deadline: %s → %s", str(z, "uiterlijkeEinddatumAfdoening"), str(v, "uiterlijkeEinddatumAfdoening"))
		}
	})
}

func TestZRC013Hoofdzaak(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		hoofd := e.createZaak(e.zt, nil)
		deel := e.createZaak(e.zt, map[string]any{"hoofdzaak": str(hoofd, "url")})
		h := e.all.Get(str(hoofd, "url")).Want(http.StatusOK).JSON()
		if ds := h["deelzaken"].([]any); len(ds) != 1 || ds[0] != str(deel, "url") {
			t.Errorf("deelzaken = %v", h["deelzaken"])
		}
		p := e.all.Post("/zaken", e.zaakBody(e.zt, map[string]any{"hoofdzaak": str(deel, "url")})).
			WantProblem(http.StatusBadRequest, "invalid", "hoofdzaak")
		if !p.HasInvalidParam("hoofdzaak", "deelzaak-als-hoofdzaak") {
			t.Errorf("deelzaak of deelzaak: %+v", p)
		}
		e.all.Patch(str(hoofd, "url"), map[string]any{"hoofdzaak": str(hoofd, "url")}).
			WantProblem(http.StatusBadRequest, "invalid", "hoofdzaak")
		e.all.Post("/zaken", e.zaakBody(e.zt, map[string]any{"hoofdzaak": e.url("/zaken/api/v1/zaken/00000000-0000-4000-8000-000000000000")})).
			WantProblem(http.StatusBadRequest, "invalid", "hoofdzaak")
	})
}

func TestZRC014Betalingsindicatie(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		e.all.Post("/zaken", e.zaakBody(e.zt, map[string]any{"betalingsindicatie": "nvt",
			"laatsteBetaaldatum": "2026-03-01T10:00:00Z"})).WantProblem(http.StatusBadRequest, "invalid", "laatsteBetaaldatum")
		z := e.createZaak(e.zt, map[string]any{"betalingsindicatie": "geheel", "laatsteBetaaldatum": "2026-03-01T10:00:00Z"})
		if z["laatsteBetaaldatum"] == nil || str(z, "betalingsindicatieWeergave") == "" {
			t.Fatalf("zaak = %v", z)
		}
		p := e.all.Patch(str(z, "url"), map[string]any{"betalingsindicatie": "nvt"}).Want(http.StatusOK).JSON()
		if p["laatsteBetaaldatum"] != nil {
			t.Errorf("laatsteBetaaldatum after nvt = %v, want null", p["laatsteBetaaldatum"])
		}
	})
}

func TestZRC015ProductenOfDiensten(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		e.createZaak(e.zt, map[string]any{"productenOfDiensten": []string{"https://pdc.voorbeeld.nl/producten/omgevingsvergunning"}})
		e.all.Post("/zaken", e.zaakBody(e.zt, map[string]any{"productenOfDiensten": []string{"https://pdc.voorbeeld.nl/producten/paspoort"}})).
			WantProblem(http.StatusBadRequest, "invalid", "productenOfDiensten")
	})
}

func TestZRC016To020TypesOfTheZaaktype(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		zu := str(e.createZaak(e.zt, nil), "url")
		// zrc-016
		e.all.Post("/statussen", map[string]any{"zaak": zu, "statustype": e.statustype(e.zt2, 2), "datumStatusGezet": now()}).
			WantProblem(http.StatusBadRequest, "invalid", "statustype")
		e.all.Post("/statussen", map[string]any{"zaak": zu, "statustype": e.statustype(e.zt, 2), "datumStatusGezet": now()}).
			Want(http.StatusCreated)
		// zrc-017: the fixture's informatieobjecttype belongs to zt only.
		zu2 := str(e.createZaak(e.zt2, nil), "url")
		e.all.Post("/zaakinformatieobjecten", map[string]any{"zaak": zu2, "informatieobject": e.document(ptr(false))})
		// zrc-018
		e.all.Post(zu[len(e.url(zaken.Prefix)):]+"/zaakeigenschappen", map[string]any{"zaak": zu,
			"eigenschap": e.eigenschap(e.zt2), "waarde": "A 123"}).WantProblem(http.StatusBadRequest, "invalid", "eigenschap")
		ze := e.all.Post(zu[len(e.url(zaken.Prefix)):]+"/zaakeigenschappen", map[string]any{"zaak": zu,
			"eigenschap": e.eigenschap(e.zt), "waarde": "A 123"}).Want(http.StatusCreated).JSON()
		if str(ze, "naam") != "kadastraleAanduiding" {
			t.Errorf("zaakeigenschap = %v", ze)
		}
		// zrc-019
		e.all.Post("/rollen", map[string]any{"zaak": zu, "betrokkeneType": "medewerker", "roltype": e.roltype(e.zt2, "behandelaar"),
			"roltoelichting": "x", "betrokkeneIdentificatie": map[string]any{"identificatie": "m1"}}).
			WantProblem(http.StatusBadRequest, "invalid", "roltype")
		// zrc-020
		e.all.Post("/resultaten", map[string]any{"zaak": zu, "resultaattype": e.resultaattype(e.zt2, "Verleend")}).
			WantProblem(http.StatusBadRequest, "invalid", "resultaattype")
	})
}

func TestZRC017InformatieobjecttypeOfTheZaaktype(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		zu2 := str(e.createZaak(e.zt2, nil), "url")
		// The second fixture zaaktype links its own informatieobjecttype, not the first one's.
		var other string
		if err := d.R.QueryRow(`SELECT informatieobjecttype_id FROM zaaktype_informatieobjecttypen WHERE zaaktype_id = $1`,
			e.zt2.ID).Scan(&other); err != nil {
			t.Fatal(err)
		}
		if other == e.fx.InformatieObjectType.ID {
			t.Skip("fixture zaaktypen share the informatieobjecttype")
		}
		e.all.Post("/zaakinformatieobjecten", map[string]any{"zaak": zu2, "informatieobject": e.document(ptr(false))}).
			WantProblem(http.StatusBadRequest, "invalid", "nonFieldErrors")
	})
}

func TestZRC022Archiefstatus(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		z := e.createZaak(e.zt, nil)
		if str(z, "archiefstatus") != "nog_te_archiveren" {
			t.Errorf("default archiefstatus = %q", str(z, "archiefstatus"))
		}
		p := e.all.Patch(str(z, "url"), map[string]any{"archiefstatus": "gearchiveerd"}).WantProblem(http.StatusBadRequest, "invalid")
		if !p.HasInvalidParam("archiefnominatie", "archiefnominatie-not-set") || !p.HasInvalidParam("archiefactiedatum", "archiefactiedatum-not-set") {
			t.Errorf("want both archive fields named: %+v", p)
		}
		e.all.Post("/zaakinformatieobjecten", map[string]any{"zaak": str(z, "url"), "informatieobject": e.document(ptr(false))}).
			Want(http.StatusCreated)
		p = e.all.Patch(str(z, "url"), map[string]any{"archiefstatus": "gearchiveerd", "archiefnominatie": "vernietigen",
			"archiefactiedatum": "2036-01-01"}).WantProblem(http.StatusBadRequest, "invalid")
		if !p.HasInvalidParam("archiefstatus", "documents-not-archived") {
			t.Errorf("want documents-not-archived: %+v", p)
		}
	})
}

func TestZRC023Delete(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		hoofd := e.createZaak(e.zt, nil)
		hu := str(hoofd, "url")
		deel := e.createZaak(e.zt, map[string]any{"hoofdzaak": hu})
		rol := e.addRol(hu, bsnA)
		e.all.Post("/zaakobjecten", map[string]any{"zaak": hu, "objectType": "adres",
			"objectIdentificatie": map[string]any{"identificatie": "0150200000000001"}}).Want(http.StatusCreated)
		e.all.Post("/klantcontacten", map[string]any{"zaak": hu, "datumtijd": now(), "kanaal": "telefoon"}).Want(http.StatusCreated)
		zio := e.all.Post("/zaakinformatieobjecten", map[string]any{"zaak": hu, "informatieobject": e.document(ptr(false))}).
			Want(http.StatusCreated).JSON()
		e.all.Delete(hu).Want(http.StatusNoContent)
		e.all.Get(str(deel, "url")).WantProblem(http.StatusNotFound, "not_found")
		e.all.Get(str(rol, "url")).WantProblem(http.StatusNotFound, "not_found")
		e.all.Get(str(zio, "url")).WantProblem(http.StatusNotFound, "not_found")
		for _, table := range []string{"statussen", "rollen", "zaakobjecten", "zaak_klantcontacten", "zaakinformatieobjecten"} {
			var n int
			if err := d.R.QueryRow(`SELECT COUNT(*) FROM ` + table).Scan(&n); err != nil || n != 0 {
				t.Errorf("%s: %d rows left (%v)", table, n, err)
			}
		}
		var n int
		if err := d.R.QueryRow(`SELECT COUNT(*) FROM audit_trail WHERE zaak_id IS NOT NULL`).Scan(&n); err != nil || n != 0 {
			t.Errorf("audit trail of the zaken: %d rows left (%v)", n, err)
		}
		// The informatieobject itself stays in the Documenten API.
		if _, err := e.docs.Get(t.Context(), str(zio, "informatieobject")[len(e.url("/documenten/api/v1/enkelvoudiginformatieobjecten/")):], 0); err != nil {
			t.Errorf("document after zaak delete: %v", err)
		}
	})
}
