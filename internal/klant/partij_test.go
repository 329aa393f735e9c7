package klant_test

import (
	"testing"
	"time"

	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/db/dbtest"
	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/klant"
)

func TestPartijValidation(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		_, err := e.s.CreatePartij(e.ctx, klant.PartijInput{SoortPartij: "bedrijf"})
		wantField(t, err, "soortPartij", "invalid_choice")
		_, err = e.s.CreatePartij(e.ctx, klant.PartijInput{SoortPartij: klant.Persoon, Voorkeurstaal: "Nederlands",
			Correspondentieadres: &klant.Adres{Postcode: "7411ab", Huisnummer: 100000, Land: "NLD"},
			Identificatoren: []klant.IdentificatorInput{
				{CodeSoortObjectID: "bsn", ObjectID: "12345678"},
				{CodeSoortObjectID: "kvk_nummer", ObjectID: "1234567", CodeRegister: "brp"},
				{CodeSoortObjectID: "paspoort", ObjectID: "X"},
			}})
		wantField(t, err, "partijIdentificatie.contactnaam.achternaam", "required")
		wantField(t, err, "voorkeurstaal", "invalid")
		wantField(t, err, "correspondentieadres.postcode", "invalid")
		wantField(t, err, "correspondentieadres.huisnummer", "invalid")
		wantField(t, err, "correspondentieadres.land", "invalid")
		wantField(t, err, "partijIdentificatoren.0.partijIdentificator.objectId", "format")
		wantField(t, err, "partijIdentificatoren.1.partijIdentificator.objectId", "format")
		wantField(t, err, "partijIdentificatoren.1.partijIdentificator.codeRegister", "invalid")
		wantField(t, err, "partijIdentificatoren.2.partijIdentificator.codeSoortObjectId", "invalid_choice")
		_, err = e.s.CreatePartij(e.ctx, klant.PartijInput{SoortPartij: klant.Organisatie})
		wantField(t, err, "partijIdentificatie.naam", "required")
		_, err = e.s.CreatePartij(e.ctx, klant.PartijInput{SoortPartij: klant.Persoon, Naam: klant.Naam{Achternaam: "X"},
			WerkteVoorPartijID: "00000000-0000-0000-0000-000000000001"})
		wantField(t, err, "partijIdentificatie.werkteVoorPartij", "invalid")
		if n := e.count(`SELECT COUNT(*) FROM partijen`); n != 0 {
			t.Fatalf("%d partijen saved after errors", n)
		}

		org, err := e.s.CreatePartij(e.ctx, klant.PartijInput{SoortPartij: klant.Organisatie, OrganisatieNaam: "Bakkerij Bol",
			Identificatoren: []klant.IdentificatorInput{{CodeSoortObjectID: "kvk_nummer", ObjectID: kvkBakker}}})
		if err != nil {
			t.Fatal(err)
		}
		if org.Identificatoren[0].CodeObjecttype != "niet_natuurlijk_persoon" || org.Identificatoren[0].CodeRegister != "hr" {
			t.Fatalf("defaults not filled: %+v", org.Identificatoren[0])
		}
		// a vestigingsnummer under the KvK-nummer
		vest, err := e.s.CreateIdentificator(e.ctx, klant.IdentificatorInput{PartijID: org.ID, CodeSoortObjectID: "vestigingsnummer",
			ObjectID: "000012345678", SubIdentificatorVanID: org.Identificatoren[0].ID})
		if err != nil {
			t.Fatal(err)
		}
		_, err = e.s.CreateIdentificator(e.ctx, klant.IdentificatorInput{CodeSoortObjectID: "bsn", ObjectID: bsnPiet,
			SubIdentificatorVanID: org.Identificatoren[0].ID})
		wantField(t, err, "subIdentificatorVan", "invalid")
		cp, err := e.s.CreatePartij(e.ctx, klant.PartijInput{SoortPartij: klant.Contactpersoon, WerkteVoorPartijID: org.ID,
			Naam: klant.Naam{Voornaam: "Piet", VoorvoegselAchternaam: "van", Achternaam: "Bol"}})
		if err != nil {
			t.Fatal(err)
		}
		if cp.VolledigeNaam() != "Piet van Bol" || cp.WerkteVoorPartijID != org.ID {
			t.Fatalf("contactpersoon = %+v", cp)
		}
		// update replaces the identificatoren, keeping those named by id
		u, err := e.s.UpdatePartij(e.ctx, org.ID, klant.PartijInput{SoortPartij: klant.Organisatie, OrganisatieNaam: "Bakkerij Bol B.V.",
			Identificatoren: []klant.IdentificatorInput{{ID: vest.ID, CodeSoortObjectID: "vestigingsnummer", ObjectID: "000012345678"}}})
		if err != nil {
			t.Fatal(err)
		}
		if len(u.Identificatoren) != 1 || u.Identificatoren[0].ID != vest.ID || u.VolledigeNaam() != "Bakkerij Bol B.V." {
			t.Fatalf("updated = %+v", u)
		}
		l, n, err := e.s.ListPartijen(e.ctx, klant.PartijFilter{Naam: "bakkerij"})
		if err != nil || n != 1 || l[0].ID != org.ID {
			t.Fatalf("list by name: %v %d %v", l, n, err)
		}
		if n := e.count(`SELECT COUNT(*) FROM audit_trail WHERE resource = 'partij' AND resource_id = $1`, org.ID); n != 2 {
			t.Fatalf("audit rows for partij = %d", n)
		}
		if err := e.s.DeletePartij(e.ctx, cp.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := e.s.GetPartij(e.ctx, cp.ID); errs.KindOf(err) != errs.NotFound {
			t.Fatalf("deleted partij: %v", err)
		}
	})
}

func TestDigitaalAdresValidationAndStandaard(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		p, err := e.s.CreatePartij(e.ctx, klant.PartijInput{SoortPartij: klant.Persoon, Naam: klant.Naam{Achternaam: "Smit"}})
		if err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			in    klant.DigitaalAdresInput
			field string
		}{
			{klant.DigitaalAdresInput{SoortDigitaalAdres: klant.Email, Adres: "anna@"}, "adres"},
			{klant.DigitaalAdresInput{SoortDigitaalAdres: klant.Telefoonnummer, Adres: "12345"}, "adres"},
			{klant.DigitaalAdresInput{SoortDigitaalAdres: "fax", Adres: "x"}, "soortDigitaalAdres"},
			{klant.DigitaalAdresInput{SoortDigitaalAdres: klant.Overig, Adres: "x", Referentie: "met spatie"}, "referentie"},
		} {
			_, err := e.s.CreateDigitaalAdres(e.ctx, tc.in)
			wantField(t, err, tc.field, "")
		}
		a1, err := e.s.CreateDigitaalAdres(e.ctx, klant.DigitaalAdresInput{PartijID: p.ID, SoortDigitaalAdres: klant.Telefoonnummer, Adres: "06-1234 5678", IsStandaardAdres: true})
		if err != nil {
			t.Fatal(err)
		}
		if a1.Adres != "0612345678" {
			t.Fatalf("phone not normalised: %q", a1.Adres)
		}
		a2, err := e.s.CreateDigitaalAdres(e.ctx, klant.DigitaalAdresInput{PartijID: p.ID, SoortDigitaalAdres: klant.Telefoonnummer, Adres: "+31570123456", IsStandaardAdres: true})
		if err != nil {
			t.Fatal(err)
		}
		a1, _ = e.s.GetDigitaalAdres(e.ctx, a1.ID)
		if a1.IsStandaardAdres || !a2.IsStandaardAdres {
			t.Fatal("a new standaard adres did not replace the old one")
		}
		// the search finds +31 numbers written with a 0
		got, err := e.s.Search(e.ctx, klant.Zoekvraag{Telefoon: "0570 123456"})
		if err != nil || len(got) != 1 || got[0].PartijID != p.ID {
			t.Fatalf("search by phone: %+v %v", got, err)
		}
	})
}

func TestTaakAssignmentAndEscalation(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		k, err := e.s.RegisterContact(e.ctx, klant.ContactInput{Kanaal: "balie", Onderwerp: "Vraag", Uitkomst: klant.DirectBeantwoord})
		if err != nil {
			t.Fatal(err)
		}
		if k.PartijType != klant.PartijAnoniem || k.PartijID != "" {
			t.Fatalf("anonymous contact = %+v", k)
		}
		_, err = e.s.CreateInterneTaak(e.ctx, klant.TaakInput{KlantcontactID: k.ID, GevraagdeHandeling: "Terugbellen", VoorkeurTelefoonnummer: "123"})
		wantField(t, err, "toegewezenAan", "required")
		wantField(t, err, "voorkeurTelefoonnummer", "invalid")
		// assigned to a medewerker: the team follows from the user
		tk, err := e.s.CreateInterneTaak(e.ctx, klant.TaakInput{KlantcontactID: k.ID, GevraagdeHandeling: "Terugbellen", MedewerkerID: e.user})
		if err != nil {
			t.Fatal(err)
		}
		if tk.MedewerkerID != e.user || tk.TeamID != e.team || len(tk.ActorIDs) != 1 {
			t.Fatalf("taak = %+v", tk)
		}
		// an explicitly given uitkomst stays when a taak follows
		k, _ = e.s.GetContact(e.ctx, k.ID)
		if k.Uitkomst != klant.DirectBeantwoord {
			t.Fatalf("uitkomst changed to %s", k.Uitkomst)
		}
		other, otherUser := "00000000-0000-0000-0000-00000000000a", "00000000-0000-0000-0000-00000000000b"
		e.exec(`INSERT INTO teams (id, code, naam) VALUES ($1, 'VERG', 'Vergunningen')`, other)
		e.exec(`INSERT INTO users (id, username, naam, team_id) VALUES ($1, 'verg', 'Daan Jansen', $2)`, otherUser, other)
		fw, err := e.s.WijsTaakToe(e.ctx, tk.ID, other, "")
		if err != nil {
			t.Fatal(err)
		}
		if fw.TeamID != other || fw.MedewerkerID != "" || fw.GevraagdeHandeling != "Terugbellen" {
			t.Fatalf("forwarded = %+v", fw)
		}
		late, n, err := e.s.ListInterneTaken(e.ctx, klant.TaakFilter{TeLaatOp: e.now.Add(72 * time.Hour), NietGeescaleerd: true})
		if err != nil || n != 1 || late[0].ID != tk.ID {
			t.Fatalf("overdue = %v %d %v", late, n, err)
		}
		if ok, err := e.s.MarkeerGeescaleerd(e.ctx, tk.ID); err != nil || !ok {
			t.Fatalf("escalate: %v %v", ok, err)
		}
		if ok, err := e.s.MarkeerGeescaleerd(e.ctx, tk.ID); err != nil || ok {
			t.Fatalf("escalated twice: %v %v", ok, err)
		}
		if _, n, _ := e.s.ListInterneTaken(e.ctx, klant.TaakFilter{TeLaatOp: e.now.Add(72 * time.Hour), NietGeescaleerd: true}); n != 0 {
			t.Fatalf("still %d to escalate", n)
		}
	})
}

func TestTimelineByKeyAndUpdate(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		for i, kanaal := range []string{"telefoon", "email", "balie"} {
			e.now = e.now.Add(time.Hour)
			if _, err := e.s.RegisterContact(e.ctx, klant.ContactInput{Kanaal: kanaal, KvKNummer: kvkBakker,
				Onderwerp: "Terrasvergunning", Uitkomst: klant.Uitkomsten[2*i]}); err != nil {
				t.Fatal(err)
			}
		}
		tl, err := e.s.Timeline(e.ctx, "", klant.PartijNietNatuurlijkPersoon, kvkBakker, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(tl) != 3 || tl[0].Kanaal != "balie" || tl[2].Kanaal != "telefoon" {
			t.Fatalf("timeline order: %+v", tl)
		}
		_, err = e.s.Timeline(e.ctx, "", "", "", 10)
		wantField(t, err, "partij", "required")
		u, err := e.s.UpdateContact(e.ctx, tl[0].ID, klant.ContactUpdate{Kanaal: "balie", Onderwerp: "Terrasvergunning 2026",
			Vraag: "Hoe groot mag het terras zijn?", Taal: "nld", Metadata: map[string]string{"bron": "test"}})
		if err != nil {
			t.Fatal(err)
		}
		if u.Onderwerp != "Terrasvergunning 2026" || u.Uitkomst != tl[0].Uitkomst || u.Metadata["bron"] != "test" || u.PartijKey != kvkBakker {
			t.Fatalf("updated = %+v", u)
		}
		_, err = e.s.UpdateContact(e.ctx, tl[0].ID, klant.ContactUpdate{Kanaal: "", Onderwerp: ""})
		wantField(t, err, "kanaal", "required")
		wantField(t, err, "onderwerp", "required")
	})
}
