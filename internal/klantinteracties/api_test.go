package klantinteracties_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/db/dbtest"
	"github.com/gemeenten/loket/internal/event"
	"github.com/gemeenten/loket/internal/klant"
	"github.com/gemeenten/loket/internal/klantinteracties"
	"github.com/gemeenten/loket/internal/zgw"
	"github.com/gemeenten/loket/internal/zgw/zgwtest"
)

var specPath = filepath.Join(zgwtest.SpecDir(), "..", "klantinteracties", "klantinteracties-0.9.0.yaml")

type fixture struct {
	srv *zgwtest.Server
	svc *klant.Service
	// api validates every answer against klantinteracties-0.9.0.yaml; raw
	// does not (the specification lists no error answers).
	api, raw *zgwtest.Client
	key      string
}

func newFixture(t *testing.T, d *db.DB) *fixture {
	t.Helper()
	f := &fixture{svc: klant.New(d)}
	f.srv = zgwtest.NewServer(t, d, func(env *zgw.Env, mux *http.ServeMux) {
		mux.Handle(klantinteracties.Prefix+"/", http.StripPrefix(klantinteracties.Prefix, klantinteracties.Handler(env, f.svc)))
	})
	key, _, err := f.svc.CreateAPIToken(context.Background(), "KCC-frontend")
	if err != nil {
		t.Fatal(err)
	}
	f.key = key
	f.api = f.srv.Client(t, specPath, klantinteracties.Prefix, "", "")
	f.api.Token = "Token " + key
	f.raw = f.srv.Client(t, "", klantinteracties.Prefix, "", "")
	f.raw.Token = "Token " + key
	if _, err := d.W.Exec(`INSERT INTO personen (bsn, voornamen, voorletters, geslachtsnaam, geboortedatum, straat, huisnummer, postcode, woonplaats, email, telefoon)
		VALUES ('111222333', 'Jan', 'J.', 'Vries', '1980-05-01', 'Kerkstraat', '12', '7411 AB', 'Deventer', 'jan@example.nl', '06-12345678')`); err != nil {
		t.Fatal(err)
	}
	return f
}

func str(m map[string]any, k string) string {
	s, _ := m[k].(string)
	return s
}

func TestTokenAuthentication(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		for _, tc := range []struct {
			header, code string
		}{
			{"-", "not_authenticated"},
			{"Bearer " + f.key, "not_authenticated"},
			{"Token", "authentication_failed"},
			{"Token " + f.key + " extra", "authentication_failed"},
			{"Token 0123456789abcdef0123456789abcdef01234567", "authentication_failed"},
		} {
			f.raw.Token = tc.header
			r := f.raw.Get("/partijen")
			p := r.WantProblem(http.StatusUnauthorized, tc.code)
			if r.Header.Get("WWW-Authenticate") != "Token" || p.Detail == "" {
				t.Errorf("%q: WWW-Authenticate %q, detail %q", tc.header, r.Header.Get("WWW-Authenticate"), p.Detail)
			}
		}
		f.api.Get("/partijen").Want(200)
		toks, err := f.svc.ListAPITokens(context.Background())
		if err != nil || len(toks) != 1 {
			t.Fatalf("tokens: %v %v", toks, err)
		}
		if err := f.svc.RevokeAPIToken(context.Background(), toks[0].ID); err != nil {
			t.Fatal(err)
		}
		f.raw.Token = "Token " + f.key
		f.raw.Get("/partijen").WantProblem(http.StatusUnauthorized, "authentication_failed")
	})
}

func TestPartijenAndDigitaleAdressen(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		r := f.api.Post("/partijen", map[string]any{
			"soortPartij": "persoon", "indicatieActief": true, "voorkeurstaal": "nld",
			"partijIdentificatie":  map[string]any{"contactnaam": map[string]any{"voornaam": "Anna", "achternaam": "Smit"}},
			"correspondentieadres": map[string]any{"straatnaam": "Brink", "huisnummer": 3, "postcode": "7411 BC", "stad": "Deventer"},
			"partijIdentificatoren": []any{map[string]any{"partijIdentificator": map[string]any{
				"codeObjecttype": "natuurlijk_persoon", "codeSoortObjectId": "bsn", "objectId": "123456782", "codeRegister": "brp"}}},
		}).Want(201)
		p := r.JSON()
		id := str(p, "uuid")
		if str(p["partijIdentificatie"].(map[string]any), "volledigeNaam") != "Anna Smit" || str(p, "nummer") == "" {
			t.Fatalf("partij = %v", p)
		}
		// the same BSN twice is refused, with the field named
		f.raw.Post("/partijen", map[string]any{"soortPartij": "persoon", "indicatieActief": true,
			"partijIdentificatie": map[string]any{"contactnaam": map[string]any{"achternaam": "Ander"}},
			"partijIdentificatoren": []any{map[string]any{"partijIdentificator": map[string]any{
				"codeObjecttype": "natuurlijk_persoon", "codeSoortObjectId": "bsn", "objectId": "123456782", "codeRegister": "brp"}}},
		}).WantProblem(400, "invalid", "partijIdentificatoren.0.partijIdentificator.objectId")
		// a BSN failing the elfproef, and a missing required field
		pr := f.raw.Post("/partijen", map[string]any{"soortPartij": "persoon",
			"partijIdentificatie": map[string]any{"contactnaam": map[string]any{"achternaam": "X"}}}).WantProblem(400, "invalid", "indicatieActief")
		if !pr.HasInvalidParam("indicatieActief", "required") {
			t.Errorf("problem = %+v", pr)
		}
		f.raw.Post("/partijen", map[string]any{"soortPartij": "persoon", "indicatieActief": true,
			"partijIdentificatie": map[string]any{"contactnaam": map[string]any{"achternaam": "X"}},
			"partijIdentificatoren": []any{map[string]any{"partijIdentificator": map[string]any{
				"codeSoortObjectId": "bsn", "objectId": "123456789"}}}}).WantProblem(400, "invalid", "partijIdentificatoren.0.partijIdentificator.objectId")

		da := f.api.Post("/digitaleadressen", map[string]any{"adres": "anna@example.nl", "soortDigitaalAdres": "email",
			"verstrektDoorPartij": map[string]any{"uuid": id}, "isStandaardAdres": true}).Want(201).JSON()
		f.raw.Post("/digitaleadressen", map[string]any{"adres": "geen-mail", "soortDigitaalAdres": "email"}).WantProblem(400, "invalid", "adres")

		// PATCH sets the voorkeursadres; other fields stay
		pp := f.api.Patch("/partijen/"+id, map[string]any{"voorkeursDigitaalAdres": map[string]any{"uuid": str(da, "uuid")}}).Want(200).JSON()
		if pp["voorkeursDigitaalAdres"] == nil || str(pp, "voorkeurstaal") != "nld" || len(pp["partijIdentificatoren"].([]any)) != 1 {
			t.Fatalf("patched = %v", pp)
		}
		// PUT without a required field fails; with all required fields it keeps the unmentioned ones
		f.raw.Put("/partijen/"+id, map[string]any{"soortPartij": "persoon"}).WantProblem(400, "invalid", "indicatieActief")
		put := f.api.Put("/partijen/"+id, map[string]any{"soortPartij": "persoon", "indicatieActief": false,
			"partijIdentificatie": map[string]any{"contactnaam": map[string]any{"voornaam": "Anna", "achternaam": "Smit-Jansen"}}}).Want(200).JSON()
		if put["indicatieActief"] != false || put["correspondentieadres"] == nil {
			t.Fatalf("put = %v", put)
		}

		list := f.api.Get("/partijen?partijIdentificator__objectId=123456782&expand=digitaleAdressen").Want(200).JSON()
		if list["count"].(float64) != 1 {
			t.Fatalf("list = %v", list)
		}
		first := list["results"].([]any)[0].(map[string]any)
		if das := first["_expand"].(map[string]any)["digitaleAdressen"].([]any); len(das) != 1 {
			t.Fatalf("expand = %v", first["_expand"])
		}
		f.api.Get("/partijen?soortPartij=organisatie").Want(200)
		f.api.Get("/partijen/" + id + "?expand=betrokkenen,categorieRelaties").Want(200)
		f.raw.Get("/partijen?onbekend=1").WantProblem(400, "invalid")
		f.raw.Get("/partijen?expand=alles").WantProblem(400, "invalid", "expand")
		f.raw.Get("/partijen?page=5").WantProblem(404, "not_found")
		f.raw.Get("/partijen/00000000-0000-0000-0000-000000000000").WantProblem(404, "not_found")
		f.api.Get("/digitaleadressen?verstrektDoorPartij__uuid=" + id + "&isStandaardAdres=true").Want(200)

		// organisatie and contactpersoon, vertegenwoordiging, rekeningnummer
		org := f.api.Post("/partijen", map[string]any{"soortPartij": "organisatie", "indicatieActief": true,
			"partijIdentificatie": map[string]any{"naam": "Bakkerij Bol"}}).Want(201).JSON()
		cp := f.api.Post("/partijen", map[string]any{"soortPartij": "contactpersoon", "indicatieActief": true,
			"partijIdentificatie": map[string]any{"werkteVoorPartij": map[string]any{"uuid": str(org, "uuid")},
				"contactnaam": map[string]any{"voornaam": "Piet", "achternaam": "Bol"}}}).Want(201).JSON()
		f.api.Post("/vertegenwoordigingen", map[string]any{"vertegenwoordigendePartij": map[string]any{"uuid": str(cp, "uuid")},
			"vertegenwoordigdePartij": map[string]any{"uuid": str(org, "uuid")}}).Want(201)
		f.api.Get("/vertegenwoordigingen?vertegenwoordigdePartij__uuid=" + str(org, "uuid")).Want(200)
		rk := f.api.Post("/rekeningnummers", map[string]any{"iban": "NL91ABNA0417164300", "partij": map[string]any{"uuid": str(org, "uuid")}}).Want(201).JSON()
		f.raw.Post("/rekeningnummers", map[string]any{"iban": "NL00ABNA0417164300"}).WantProblem(400, "invalid", "iban")
		f.api.Patch("/rekeningnummers/"+str(rk, "uuid"), map[string]any{"bic": "ABNANL2A"}).Want(200)
		f.api.Get("/rekeningnummers?iban=NL91ABNA0417164300").Want(200)
		cat := f.api.Post("/categorieen", map[string]any{"naam": "ondernemer"}).Want(201).JSON()
		f.api.Post("/categorie-relaties", map[string]any{"partij": map[string]any{"uuid": str(org, "uuid")},
			"categorie": map[string]any{"uuid": str(cat, "uuid")}, "beginDatum": "2026-01-01"}).Want(201)
		f.api.Get("/partijen?categorierelatie__categorie__naam=ondernemer").Want(200)
		f.api.Get("/categorie-relaties?categorie__naam=ondernemer").Want(200)
		f.api.Get("/categorieen").Want(200)
		f.api.Get("/partij-identificatoren?partijIdentificatorCodeSoortObjectId=bsn").Want(200)
		pi := f.api.Post("/partij-identificatoren", map[string]any{"identificeerdePartij": map[string]any{"uuid": str(org, "uuid")},
			"partijIdentificator": map[string]any{"codeObjecttype": "niet_natuurlijk_persoon", "codeSoortObjectId": "kvk_nummer",
				"objectId": "12345678", "codeRegister": "hr"}}).Want(201).JSON()
		f.api.Get("/partijen?partijIdentificator__codeSoortObjectId=kvk_nummer&partijIdentificator__objectId=12345678").Want(200)
		f.api.Delete("/partij-identificatoren/" + str(pi, "uuid")).Want(204)
		f.api.Delete("/partijen/" + str(cp, "uuid")).Want(204)
		f.raw.Get("/partijen/"+str(cp, "uuid")).WantProblem(404, "not_found")
	})
}

func TestKlantcontactFlow(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx := context.Background()
		p, err := f.svc.PartijVoor(ctx, "bsn", "111222333", "")
		if err != nil {
			t.Fatal(err)
		}
		actor := f.api.Post("/actoren", map[string]any{"naam": "Team Vergunningen", "soortActor": "organisatorische_eenheid",
			"actorIdentificatie": map[string]any{"omschrijving": "Vergunningen", "emailadres": "verg@example.nl"}}).Want(201).JSON()
		mdw := f.api.Post("/actoren", map[string]any{"naam": "Sanne de Vries", "soortActor": "medewerker",
			"actorIdentificatie": map[string]any{"functie": "KCC-medewerker", "telefoonnummer": "0570123456"}}).Want(201).JSON()
		f.raw.Post("/actoren", map[string]any{"naam": "X", "soortActor": "medewerker",
			"actorIdentificatie": map[string]any{"functie": "x"}}).WantProblem(400, "invalid", "actorIdentificatie.telefoonnummer")
		kc := f.api.Post("/klantcontacten", map[string]any{"kanaal": "telefoon", "onderwerp": "Dakkapel", "inhoud": "Mag ik een dakkapel plaatsen?",
			"taal": "nld", "vertrouwelijk": false, "indicatieContactGelukt": true, "plaatsgevondenOp": "2026-03-10T09:30:00Z",
			"metadata": map[string]any{"bron": "telefonie"}}).Want(201).JSON()
		kcID := str(kc, "uuid")
		f.raw.Post("/klantcontacten", map[string]any{"kanaal": "duif", "onderwerp": "x", "taal": "nld", "vertrouwelijk": false}).
			WantProblem(400, "invalid", "kanaal")
		f.raw.Post("/klantcontacten", map[string]any{"kanaal": "telefoon"}).WantProblem(400, "invalid", "onderwerp", "taal", "vertrouwelijk")
		f.api.Post("/betrokkenen", map[string]any{"hadKlantcontact": map[string]any{"uuid": kcID}, "wasPartij": map[string]any{"uuid": p.ID},
			"rol": "klant", "initiator": true}).Want(201)
		f.api.Post("/actorklantcontacten", map[string]any{"actor": map[string]any{"uuid": str(mdw, "uuid")}, "klantcontact": map[string]any{"uuid": kcID}}).Want(201)
		f.api.Post("/bijlagen", map[string]any{"wasBijlageVanKlantcontact": map[string]any{"uuid": kcID},
			"bijlageidentificator": map[string]any{"objectId": "abc", "codeObjecttype": "informatieobject", "codeRegister": "drc", "codeSoortObjectId": "uuid"}}).Want(201)
		ow := f.api.Post("/onderwerpobjecten", map[string]any{"klantcontact": map[string]any{"uuid": kcID},
			"onderwerpobjectidentificator": map[string]any{"objectId": "Z-1", "codeObjecttype": "zaak", "codeRegister": "open-zaak", "codeSoortObjectId": "identificatie"}}).Want(201).JSON()
		taak := f.api.Post("/internetaken", map[string]any{"aanleidinggevendKlantcontact": map[string]any{"uuid": kcID},
			"gevraagdeHandeling": "Terugbellen", "status": "te_verwerken", "toelichting": "Wil weten of een vergunning nodig is.",
			"toegewezenAanActoren": []any{map[string]any{"uuid": str(actor, "uuid")}}}).Want(201).JSON()
		// the contact's derived uitkomst became contactverzoek, and the party is its customer
		k, err := f.svc.GetContact(ctx, kcID)
		if err != nil {
			t.Fatal(err)
		}
		if k.Uitkomst != klant.Contactverzoek || k.PartijKey != "111222333" || k.PartijID != p.ID {
			t.Fatalf("contact = %+v", k)
		}
		done := f.api.Patch("/internetaken/"+str(taak, "uuid"), map[string]any{"status": "verwerkt"}).Want(200).JSON()
		if done["afgehandeldOp"] == nil {
			t.Fatalf("taak = %v", done)
		}
		got := f.api.Get("/klantcontacten/" + kcID + "?expand=hadBetrokkenen,hadBetrokkenen.wasPartij,leiddeTotInterneTaken,gingOverOnderwerpobjecten,omvatteBijlagen").Want(200).JSON()
		ex := got["_expand"].(map[string]any)
		if len(ex["hadBetrokkenen"].([]any)) != 1 || len(ex["leiddeTotInterneTaken"].([]any)) != 1 || len(got["hadBetrokkenActoren"].([]any)) != 1 {
			t.Fatalf("expanded = %v", got)
		}
		for _, q := range []string{
			"hadBetrokkene__wasPartij__uuid=" + p.ID,
			"hadBetrokkene__wasPartij__partijIdentificator__objectId=111222333",
			"onderwerpobject__onderwerpobjectidentificatorObjectId=Z-1",
			"kanaal=telefoon&vertrouwelijk=false",
			"leiddeTotInterneTaken=" + str(taak, "uuid"),
			"plaatsgevondenOp=2026-03-10T09:30:00Z",
		} {
			l := f.api.Get("/klantcontacten?" + q).Want(200).JSON()
			if l["count"].(float64) != 1 {
				t.Errorf("%s: count %v", q, l["count"])
			}
		}
		f.api.Get("/internetaken?status=verwerkt&toegewezenAanActor__uuid=" + str(actor, "uuid")).Want(200)
		f.api.Get("/betrokkenen?wasPartij__partijIdentificator__objectId=111222333&expand=digitaleAdressen").Want(200)
		f.api.Get("/onderwerpobjecten?klantcontact__uuid=" + kcID).Want(200)
		f.api.Get("/bijlagen?klantcontact__uuid=" + kcID).Want(200)
		f.api.Get("/actorklantcontacten?klantcontact__uuid=" + kcID).Want(200)
		f.api.Get("/actoren?soortActor=medewerker").Want(200)
		f.api.Get("/partijen/" + p.ID + "?expand=betrokkenen,betrokkenen.hadKlantcontact").Want(200)
		// an actor with contacts cannot be removed
		f.raw.Delete("/actoren/"+str(mdw, "uuid")).WantProblem(409, "in_use")
		// cascade: the contact goes with its last onderwerpobject
		del := f.api.Delete("/onderwerpobjecten/" + str(ow, "uuid") + "?cascade=true").Want(200).JSON()
		if len(del["behouden"].([]any)) != 0 {
			t.Fatalf("behouden = %v", del)
		}
		f.raw.Get("/klantcontacten/"+kcID).WantProblem(404, "not_found")
	})
}

func TestMaakKlantcontact(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		r := f.api.Post("/maak-klantcontact", map[string]any{
			"klantcontact": map[string]any{"kanaal": "e-mail", "onderwerp": "Afval", "taal": "nld", "vertrouwelijk": false,
				"metadata": map[string]any{"uitkomst": "direct_beantwoord"}},
			"betrokkene":      map[string]any{"rol": "klant", "initiator": true, "contactnaam": map[string]any{"achternaam": "Anoniem"}},
			"onderwerpobject": map[string]any{"onderwerpobjectidentificator": map[string]any{"objectId": "x", "codeObjecttype": "product", "codeRegister": "pdc", "codeSoortObjectId": "code"}},
		}).Want(201).JSON()
		kc := r["klantcontact"].(map[string]any)
		if str(kc, "kanaal") != "email" || len(kc["hadBetrokkenen"].([]any)) != 1 || r["onderwerpobject"] == nil {
			t.Fatalf("maak = %v", r)
		}
		// all or nothing: a bad betrokkene leaves no contact behind
		f.raw.Post("/maak-klantcontact", map[string]any{
			"klantcontact": map[string]any{"kanaal": "balie", "onderwerp": "x", "taal": "nld", "vertrouwelijk": false},
			"betrokkene":   map[string]any{"rol": "buurman", "initiator": true},
		}).WantProblem(400, "invalid", "betrokkene.rol")
		l := f.api.Get("/klantcontacten").Want(200).JSON()
		if l["count"].(float64) != 1 {
			t.Fatalf("contacts after failed maak: %v", l["count"])
		}
	})
}

func TestPagination(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		for i := range 5 {
			f.api.Post("/categorieen", map[string]any{"naam": fmt.Sprintf("cat-%d", i)}).Want(201)
		}
		p1 := f.api.Get("/categorieen?pageSize=2").Want(200).JSON()
		if p1["count"].(float64) != 5 || len(p1["results"].([]any)) != 2 || p1["next"] == nil || p1["previous"] != nil {
			t.Fatalf("page 1 = %v", p1)
		}
		p3 := f.api.Get(strings.TrimPrefix(p1["next"].(string), f.srv.URL+klantinteracties.Prefix)).Want(200).JSON()
		if p3["previous"] == nil {
			t.Fatalf("page 2 = %v", p3)
		}
		last := f.api.Get("/categorieen?pageSize=2&page=3").Want(200).JSON()
		if len(last["results"].([]any)) != 1 || last["next"] != nil {
			t.Fatalf("page 3 = %v", last)
		}
		f.raw.Get("/categorieen?pageSize=x").WantProblem(400, "invalid", "pageSize")
	})
}

// Writes through the API announce their change (kanaal klantinteracties) in
// the transaction, as the ZGW APIs do; the notificaties sink turns them into
// notifications.
func TestWritesEmitEvents(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		var mu sync.Mutex
		var got []event.Change
		f.svc.Events = event.SinkFunc(func(_ context.Context, _ *sql.Tx, c event.Change) error {
			mu.Lock()
			defer mu.Unlock()
			got = append(got, c)
			return nil
		})
		p := f.api.Post("/partijen", map[string]any{"soortPartij": "organisatie", "indicatieActief": true,
			"partijIdentificatie": map[string]any{"naam": "Bol"}}).Want(201).JSON()
		f.api.Patch("/partijen/"+str(p, "uuid"), map[string]any{"interneNotitie": "Belt vaak."}).Want(200)
		f.api.Delete("/partijen/" + str(p, "uuid")).Want(204)
		want := []string{"partij/create", "partij/partial_update", "partij/destroy"}
		mu.Lock()
		defer mu.Unlock()
		if len(got) != len(want) {
			t.Fatalf("events = %+v", got)
		}
		for i, c := range got {
			if c.Kanaal != "klantinteracties" || c.Resource+"/"+c.Actie != want[i] || c.ResourceID != str(p, "uuid") {
				t.Fatalf("event %d = %+v, want %s", i, c, want[i])
			}
		}
		// a change whose event cannot be queued is not made
		f.svc.Events = event.SinkFunc(func(context.Context, *sql.Tx, event.Change) error { return errors.New("wachtrij vol") })
		f.raw.Post("/categorieen", map[string]any{"naam": "x"}).Want(500)
		f.svc.Events = nil
		if l := f.api.Get("/categorieen").Want(200).JSON(); l["count"].(float64) != 0 {
			t.Fatalf("category saved although its event failed: %v", l)
		}
	})
}

func TestProblemsForRoutesAndOnderwerpobjectDelete(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		f.raw.Get("/bestaat-niet").WantProblem(404, "not_found")
		r := f.raw.Do("PATCH", "/partijen", map[string]any{})
		r.WantProblem(405, "method_not_allowed")
		f.raw.Get("/klantcontacten/geen-uuid").WantProblem(404, "not_found")
		f.raw.Post("/klantcontacten", "geen json").WantProblem(400, "parse_error")
		if r := f.raw.Get("/partijen"); r.Header.Get("API-version") != klantinteracties.APIVersion {
			t.Errorf("API-version = %q", r.Header.Get("API-version"))
		}

		kc := func() string {
			return str(f.api.Post("/klantcontacten", map[string]any{"kanaal": "post", "onderwerp": "Brief", "taal": "nld",
				"vertrouwelijk": true}).Want(201).JSON(), "uuid")
		}
		ow := func(k string) string {
			return str(f.api.Post("/onderwerpobjecten", map[string]any{"klantcontact": map[string]any{"uuid": k},
				"onderwerpobjectidentificator": map[string]any{"objectId": "1", "codeObjecttype": "zaak", "codeRegister": "x", "codeSoortObjectId": "id"}}).Want(201).JSON(), "uuid")
		}
		// without cascade the contact stays
		k1 := kc()
		f.api.Delete("/onderwerpobjecten/" + ow(k1)).Want(204)
		f.api.Get("/klantcontacten/" + k1).Want(200)
		// with cascade a contact that another onderwerpobject still refers to stays too
		k2 := kc()
		o1, _ := ow(k2), ow(k2)
		del := f.api.Delete("/onderwerpobjecten/" + o1 + "?cascade=true").Want(200).JSON()
		if b := del["behouden"].([]any); len(b) != 1 || !strings.HasSuffix(b[0].(string), k2) {
			t.Fatalf("behouden = %v", del)
		}
		f.api.Get("/klantcontacten/" + k2).Want(200)
		f.api.Get("/klantcontacten?vertrouwelijk=true").Want(200)
		f.raw.Delete("/onderwerpobjecten/"+o1+"?cascade=misschien").WantProblem(400, "invalid", "cascade")
	})
}
