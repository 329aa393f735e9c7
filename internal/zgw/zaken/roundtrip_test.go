package zaken_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/db/dbtest"
)

// normalize makes a JSON value comparable: numbers as float64, maps and
// slices as decoded, and strings that are instants as UTC instants.
func normalize(v any) any {
	b, _ := json.Marshal(v)
	var out any
	_ = json.Unmarshal(b, &out)
	return walkTimes(out)
}

func walkTimes(v any) any {
	switch x := v.(type) {
	case string:
		if t, err := time.Parse(time.RFC3339Nano, x); err == nil {
			return t.UTC().Format(time.RFC3339Nano)
		}
	case map[string]any:
		for k, e := range x {
			x[k] = walkTimes(e)
		}
	case []any:
		for i, e := range x {
			x[i] = walkTimes(e)
		}
	}
	return v
}

// sameFields checks that every field sent comes back as sent; for an
// object, every key sent (the answer may add read-only keys).
func sameFields(t *testing.T, what string, sent, got map[string]any) {
	t.Helper()
	for k, want := range sent {
		g, ok := got[k]
		if !ok {
			t.Errorf("%s: field %s missing from the answer", what, k)
			continue
		}
		if !subset(normalize(want), normalize(g)) {
			t.Errorf("%s: %s = %#v, sent %#v", what, k, normalize(g), normalize(want))
		}
	}
}

func subset(want, got any) bool {
	wm, ok := want.(map[string]any)
	if !ok {
		return reflect.DeepEqual(want, got)
	}
	gm, ok := got.(map[string]any)
	if !ok {
		return false
	}
	for k, v := range wm {
		if !subset(v, gm[k]) {
			return false
		}
	}
	return true
}

// Every writable field of zaak, rol, zaakobject, zaakinformatieobject and
// zaakeigenschap in zaken-1.5.1.yaml is kept: what a client writes, it reads
// back (from the write's answer and from a fresh GET).
func TestWriteReadRoundTrip(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		kanaal := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Write([]byte(`{"url":"http://` + r.Host + r.URL.Path + `","naam":"balie","omschrijving":"Balie"}`))
		}))
		defer kanaal.Close()
		hoofd := e.createZaak(e.zt, nil)
		ander := e.createZaak(e.zt, nil)

		// Selectielijstklasse needs the Referentielijsten API, which this
		// server does not mount; its validation has its own test.
		zaakIn := map[string]any{
			"identificatie": "ZAAK-RT-1", "bronorganisatie": rsin, "omschrijving": "Dakkapel", "toelichting": "Achterzijde",
			"zaaktype": e.ztURL(e.zt), "registratiedatum": "2026-03-19", "verantwoordelijkeOrganisatie": rsin,
			"startdatum": "2026-03-19", "einddatumGepland": "2026-05-01", "uiterlijkeEinddatumAfdoening": "2026-05-13",
			"publicatiedatum": "2026-03-25", "communicatiekanaal": kanaal.URL + "/communicatiekanalen/1",
			"productenOfDiensten":         []string{"https://pdc.voorbeeld.nl/producten/omgevingsvergunning"},
			"vertrouwelijkheidaanduiding": "vertrouwelijk", "betalingsindicatie": "geheel",
			"laatsteBetaaldatum":         "2026-03-19T10:00:00Z",
			"zaakgeometrie":              map[string]any{"type": "Point", "coordinates": []float64{5.1, 52.1}},
			"verlenging":                 map[string]any{"reden": "Advies nodig", "duur": "P30D"},
			"opschorting":                map[string]any{"indicatie": true, "reden": "Wacht op aanvulling"},
			"hoofdzaak":                  str(hoofd, "url"),
			"relevanteAndereZaken":       []map[string]any{{"url": str(ander, "url"), "aardRelatie": "bijdrage"}},
			"kenmerken":                  []map[string]any{{"kenmerk": "DOS-1", "bron": "dossier"}},
			"archiefnominatie":           "blijvend_bewaren",
			"archiefstatus":              "nog_te_archiveren",
			"archiefactiedatum":          "2040-01-01",
			"opdrachtgevendeOrganisatie": "002564440",
			"processobjectaard":          "Omgevingsvergunning",
			"startdatumBewaartermijn":    "2026-06-01",
			"processobject": map[string]any{"datumkenmerk": "vervaldatum", "identificatie": "OV-1",
				"objecttype": "Vergunning", "registratie": "OLO"},
		}
		// uiterlijkeEinddatumAfdoening is Loket's legal deadline, derived
		// from the zaaktype's doorlooptijd on the Atw calendar (the legal
		// clock the service norms run on), not taken from the client: it is
		// sent like every writable field, but checked against the derived
		// date, not the sent one.
		z := e.all.Post("/zaken", zaakIn).Want(http.StatusCreated).JSON()
		if got := str(z, "uiterlijkeEinddatumAfdoening"); got != "2026-05-18" {
			t.Errorf("uiterlijkeEinddatumAfdoening %s, want the one derived from P8W on the Atw calendar", got)
		}
		delete(zaakIn, "uiterlijkeEinddatumAfdoening")
		sameFields(t, "zaak (POST)", zaakIn, z)
		sameFields(t, "zaak (GET)", zaakIn, e.all.Get(str(z, "url")).Want(http.StatusOK).JSON())
		// The answer to a POST is built from the zaak as written, not read
		// back: it must be, to the byte, what a GET answers. Once with
		// related zaken (answered with the zaak's parts) and once without,
		// with an instant finer than the database keeps.
		sameAnswer := func(what string, posted map[string]any) {
			t.Helper()
			got := e.all.Get(str(posted, "url")).Want(http.StatusOK).JSON()
			if !reflect.DeepEqual(posted, got) {
				t.Errorf("%s: POST answered\n%v\nGET answers\n%v", what, posted, got)
			}
		}
		sameAnswer("zaak with relaties", z)
		bare := map[string]any{}
		for k, v := range zaakIn {
			bare[k] = v
		}
		delete(bare, "relevanteAndereZaken")
		delete(bare, "identificatie")
		bare["laatsteBetaaldatum"] = "2026-03-19T10:00:00.123456789+01:00"
		sameAnswer("zaak without relaties", e.all.Post("/zaken", bare).Want(http.StatusCreated).JSON())
		zu := str(z, "url")
		// PATCH clears processobject with null and sets it again.
		if p := e.all.Patch(zu, map[string]any{"processobject": nil}).Want(http.StatusOK).JSON(); p["processobject"] != nil {
			t.Errorf("processobject after null: %v", p["processobject"])
		}
		po := map[string]any{"datumkenmerk": "d", "identificatie": "i", "objecttype": "o", "registratie": "r"}
		sameFields(t, "zaak (PATCH)", map[string]any{"processobject": po},
			e.all.Patch(zu, map[string]any{"processobject": po}).Want(http.StatusOK).JSON())
		e.all.Patch(zu, map[string]any{"processobject": map[string]any{"identificatie": "zonder rest"}}).
			WantProblem(http.StatusBadRequest, "invalid", "processobject.datumkenmerk")

		rolIn := map[string]any{
			"zaak": zu, "betrokkene": "https://brp.example/ingeschrevenpersonen/999990627",
			"betrokkeneType": "niet_natuurlijk_persoon", "afwijkendeNaamBetrokkene": "Buur BV (afdeling bouw)",
			"roltype": e.roltype(e.zt, "belanghebbende"), "roltoelichting": "Buurman", "indicatieMachtiging": "gemachtigde",
			"contactpersoonRol": map[string]any{"naam": "P. de Boer", "emailadres": "p.deboer@buur.example",
				"functie": "Bedrijfsleider", "telefoonnummer": "0570123456"},
			"betrokkeneIdentificatie": map[string]any{"innNnpId": rsin, "statutaireNaam": "Buur BV"},
		}
		rol := e.all.Post("/rollen", rolIn).Want(http.StatusCreated).JSON()
		sameFields(t, "rol (POST)", rolIn, rol)
		sameFields(t, "rol (GET)", rolIn, e.all.Get(str(rol, "url")).Want(http.StatusOK).JSON())
		e.all.Post("/rollen", map[string]any{"zaak": zu, "betrokkeneType": "medewerker", "roltype": e.roltype(e.zt, "behandelaar"),
			"roltoelichting": "x", "betrokkeneIdentificatie": map[string]any{"identificatie": "m.devries"},
			"contactpersoonRol": map[string]any{"emailadres": "geen-adres", "functie": strings.Repeat("f", 51)}}).
			WantProblem(http.StatusBadRequest, "invalid", "contactpersoonRol.naam", "contactpersoonRol.emailadres", "contactpersoonRol.functie")

		zot, zotOther := uuid.NewString(), uuid.NewString()
		for id, zt := range map[string]string{zot: e.zt.ID, zotOther: e.zt2.ID} {
			if _, err := d.W.Exec(`INSERT INTO zaakobjecttypen (id, zaaktype_id, objecttype, relatie_omschrijving, begin_geldigheid)
				VALUES ($1, $2, 'https://objecttypen.example/boom', 'Boom', '2024-01-01')`, id, zt); err != nil {
				t.Fatal(err)
			}
		}
		zoIn := map[string]any{"zaak": zu, "zaakobjecttype": e.url("/catalogi/api/v1/zaakobjecttypen/" + zot),
			"object": "https://bomen.example/1", "objectType": "overige",
			"objectTypeOverige": "boom", "objectTypeOverigeDefinitie": map[string]any{"url": "https://objecttypen.example/boom",
				"schema": "properties.boom", "objectData": "record.data"},
			"relatieomschrijving": "Te kappen"}
		zo := e.all.Post("/zaakobjecten", zoIn).Want(http.StatusCreated).JSON()
		sameFields(t, "zaakobject (POST)", zoIn, zo)
		sameFields(t, "zaakobject (GET)", zoIn, e.all.Get(str(zo, "url")).Want(http.StatusOK).JSON())
		// A zaakobjecttype of another zaaktype, and an incomplete definitie.
		e.all.Patch(str(zo, "url"), map[string]any{"zaakobjecttype": e.url("/catalogi/api/v1/zaakobjecttypen/" + zotOther)}).
			WantProblem(http.StatusBadRequest, "invalid", "zaakobjecttype")
		e.all.Patch(str(zo, "url"), map[string]any{"objectTypeOverigeDefinitie": map[string]any{"url": "https://x.example"}}).
			WantProblem(http.StatusBadRequest, "invalid", "objectTypeOverigeDefinitie.schema", "objectTypeOverigeDefinitie.objectData")
		sameFields(t, "zaakobject (after refused changes)", zoIn, e.all.Get(str(zo, "url")).Want(http.StatusOK).JSON())

		status := e.all.Post("/statussen", map[string]any{"zaak": zu, "statustype": e.statustype(e.zt, 1),
			"datumStatusGezet": now()}).Want(http.StatusCreated).JSON()
		zioIn := map[string]any{"zaak": zu, "informatieobject": e.document(nil), "titel": "Bouwtekening",
			"beschrijving": "Zijaanzicht", "vernietigingsdatum": "2036-01-01T00:00:00Z", "status": str(status, "url")}
		zio := e.all.Post("/zaakinformatieobjecten", zioIn).Want(http.StatusCreated).JSON()
		sameFields(t, "zaakinformatieobject (POST)", zioIn, zio)
		sameFields(t, "zaakinformatieobject (GET)", zioIn, e.all.Get(str(zio, "url")).Want(http.StatusOK).JSON())
		// PATCH clears both; a status of another zaak is refused.
		p := e.all.Patch(str(zio, "url"), map[string]any{"status": nil, "vernietigingsdatum": nil}).Want(http.StatusOK).JSON()
		if p["status"] != nil || p["vernietigingsdatum"] != nil {
			t.Errorf("zaakinformatieobject after clearing: %v", p)
		}
		other := e.all.Post("/statussen", map[string]any{"zaak": str(hoofd, "url"), "statustype": e.statustype(e.zt, 1),
			"datumStatusGezet": now()}).Want(http.StatusCreated).JSON()
		e.all.Patch(str(zio, "url"), map[string]any{"status": str(other, "url")}).WantProblem(http.StatusBadRequest, "invalid", "status")
		if g := e.all.Get(str(zio, "url")).Want(http.StatusOK).JSON(); g["status"] != nil {
			t.Errorf("a refused status was stored: %v", g["status"])
		}

		nested := zu[len(e.url("/zaken/api/v1")):]
		zeIn := map[string]any{"zaak": zu, "eigenschap": e.eigenschap(e.zt), "waarde": "A 1"}
		ze := e.all.Post(nested+"/zaakeigenschappen", zeIn).Want(http.StatusCreated).JSON()
		sameFields(t, "zaakeigenschap (POST)", zeIn, ze)
		sameFields(t, "zaakeigenschap (GET)", zeIn, e.all.Get(str(ze, "url")).Want(http.StatusOK).JSON())
	})
}
