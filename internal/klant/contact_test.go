package klant_test

import (
	"testing"
	"time"

	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/db/dbtest"
	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/klant"
)

func TestRegisterContactByBSNCreatesPartijFromBasisregistratie(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		k, err := e.s.RegisterContact(e.ctx, klant.ContactInput{Kanaal: "Telefoon", BSN: bsnJan, Onderwerp: "Paspoort aanvragen",
			Vraag: "Wat kost een paspoort?", Antwoord: "€ 80,95", Uitkomst: klant.DirectBeantwoord})
		if err != nil {
			t.Fatal(err)
		}
		if k.Kanaal != "telefoon" || k.PartijType != klant.PartijNatuurlijkPersoon || k.PartijKey != bsnJan || k.PartijNaam != "Jan de Vries" {
			t.Fatalf("contact party = %+v", k)
		}
		if k.MedewerkerID != e.user || k.TeamID != e.team || len(k.ActorIDs) != 1 || len(k.BetrokkeneIDs) != 1 {
			t.Fatalf("medewerker/team/actors/betrokkenen = %q %q %v %v", k.MedewerkerID, k.TeamID, k.ActorIDs, k.BetrokkeneIDs)
		}
		p, err := e.s.GetPartij(e.ctx, k.PartijID)
		if err != nil {
			t.Fatal(err)
		}
		if p.Identificator("bsn") != bsnJan || p.Geboortedatum.String() != "1980-05-01" || len(p.DigitaalAdresIDs) != 2 {
			t.Fatalf("partij = %+v", p)
		}
		if p.Correspondentieadres == nil || p.Correspondentieadres.Postcode != "7411 AB" || p.Correspondentieadres.Huisnummer != 12 {
			t.Fatalf("adres = %+v", p.Correspondentieadres)
		}
		// A second contact reuses the partij.
		k2, err := e.s.RegisterContact(e.ctx, klant.ContactInput{Kanaal: "balie", BSN: bsnJan, Onderwerp: "Afval", Uitkomst: klant.KlantBeltTerug})
		if err != nil {
			t.Fatal(err)
		}
		if k2.PartijID != k.PartijID {
			t.Fatalf("second contact made a new partij %s", k2.PartijID)
		}
		tl, err := e.s.Timeline(e.ctx, k.PartijID, "", "", 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(tl) != 2 {
			t.Fatalf("timeline has %d contacts", len(tl))
		}
		if n := e.count(`SELECT COUNT(*) FROM audit_trail WHERE resource = 'klantcontact'`); n != 2 {
			t.Fatalf("audit rows = %d", n)
		}
		if len(e.events) == 0 || e.events[len(e.events)-1].Kanaal != "klantinteracties" {
			t.Fatalf("events = %+v", e.events)
		}
	})
}

func TestRegisterContactValidates(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		_, err := e.s.RegisterContact(e.ctx, klant.ContactInput{Kanaal: "fax", BSN: "123456789", Uitkomst: "weet niet"})
		wantField(t, err, "kanaal", "invalid_choice")
		wantField(t, err, "bsn", "checksum")
		wantField(t, err, "uitkomst", "invalid_choice")
		wantField(t, err, "onderwerp", "required")
		_, err = e.s.RegisterContact(e.ctx, klant.ContactInput{Kanaal: "telefoon", Onderwerp: "x", Uitkomst: klant.Contactverzoek})
		wantField(t, err, "contactverzoek", "required")
		_, err = e.s.RegisterContact(e.ctx, klant.ContactInput{Kanaal: "telefoon", Onderwerp: "x", Uitkomst: klant.DirectBeantwoord, BSN: "999999990"})
		if err == nil || errs.KindOf(err) != errs.Invalid {
			t.Fatalf("unknown BSN: %v", err)
		}
		if n := e.count(`SELECT COUNT(*) FROM klantcontacten`); n != 0 {
			t.Fatalf("%d contacts saved after errors", n)
		}
		if n := e.count(`SELECT COUNT(*) FROM partijen`); n != 0 {
			t.Fatalf("%d partijen saved after errors", n)
		}
	})
}

func TestContactverzoekGetsDueMomentAndIsHandled(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		k, err := e.s.RegisterContact(e.ctx, klant.ContactInput{Kanaal: "telefoon", BSN: bsnJan, Onderwerp: "Bijstand",
			Uitkomst: klant.Contactverzoek, Contactverzoek: &klant.ContactverzoekInput{TeamID: e.team,
				Toelichting: "Wil weten hoe het met zijn aanvraag staat.", VoorkeurTelefoonnummer: "06 1234 5678", VoorkeurTijd: "ochtend"}})
		if err != nil {
			t.Fatal(err)
		}
		if len(k.InterneTaakIDs) != 1 {
			t.Fatalf("taken = %v", k.InterneTaakIDs)
		}
		tk, err := e.s.GetInterneTaak(e.ctx, k.InterneTaakIDs[0])
		if err != nil {
			t.Fatal(err)
		}
		// Tuesday 10:30 Amsterdam + 1 werkdag = Wednesday 10:30 (09:30 UTC).
		if tk.UiterlijkOp == nil || !tk.UiterlijkOp.Equal(time.Date(2026, 3, 11, 9, 30, 0, 0, time.UTC)) {
			t.Fatalf("due = %v", tk.UiterlijkOp)
		}
		if tk.TeamID != e.team || tk.Status != klant.TeVerwerken || tk.VoorkeurTelefoonnummer != "0612345678" || len(tk.ActorIDs) != 1 {
			t.Fatalf("taak = %+v", tk)
		}
		q, n, err := e.s.ListInterneTaken(e.ctx, klant.TaakFilter{TeamID: e.team, Status: klant.TeVerwerken})
		if err != nil || n != 1 || len(q) != 1 {
			t.Fatalf("queue = %v %d %v", q, n, err)
		}
		e.now = e.now.Add(48 * time.Hour)
		if !tk.TeLaat(e.now) {
			t.Fatal("not overdue two days later")
		}
		_, err = e.s.HandelTaakAf(e.ctx, tk.ID, " ")
		wantField(t, err, "afhandeling", "required")
		done, err := e.s.HandelTaakAf(e.ctx, tk.ID, "Teruggebeld, uitleg gegeven.")
		if err != nil {
			t.Fatal(err)
		}
		if done.Status != klant.Verwerkt || done.AfgehandeldOp == nil || done.AfgehandeldDoor != e.user {
			t.Fatalf("done = %+v", done)
		}
		if _, err := e.s.HandelTaakAf(e.ctx, tk.ID, "nog eens"); errs.KindOf(err) != errs.Conflict {
			t.Fatalf("second afhandeling: %v", err)
		}
	})
}

func TestSearchCustomers(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		for _, tc := range []struct {
			name string
			z    klant.Zoekvraag
			want string
		}{
			{"bsn", klant.Zoekvraag{BSN: bsnJan}, "Jan de Vries"},
			{"kvk", klant.Zoekvraag{KvKNummer: kvkBakker}, "Bakkerij Bol"},
			{"naam", klant.Zoekvraag{Achternaam: "vries", Geboortedatum: mustDate("1980-05-01")}, "Jan de Vries"},
			{"adres", klant.Zoekvraag{Postcode: "7411bc", Huisnummer: "3"}, "Piet Jansen"},
			{"telefoon", klant.Zoekvraag{Telefoon: "0612345678"}, "Jan de Vries"},
			{"email", klant.Zoekvraag{Email: "INFO@bol.example.nl"}, "Bakkerij Bol"},
		} {
			got, err := e.s.Search(e.ctx, tc.z)
			if err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
			if len(got) != 1 || got[0].Naam != tc.want {
				t.Fatalf("%s: got %+v", tc.name, got)
			}
		}
		_, err := e.s.Search(e.ctx, klant.Zoekvraag{Achternaam: "Vries"})
		wantField(t, err, "geboortedatum", "required")
		_, err = e.s.Search(e.ctx, klant.Zoekvraag{})
		wantField(t, err, "zoekvraag", "required")
		// A partij (not in the basisregistratie) is found by its e-mail.
		p, err := e.s.CreatePartij(e.ctx, klant.PartijInput{SoortPartij: klant.Persoon, Naam: klant.Naam{Voornaam: "Anna", Achternaam: "Smit"}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.s.CreateDigitaalAdres(e.ctx, klant.DigitaalAdresInput{PartijID: p.ID, SoortDigitaalAdres: klant.Email, Adres: "Anna@Example.nl"}); err != nil {
			t.Fatal(err)
		}
		got, err := e.s.Search(e.ctx, klant.Zoekvraag{Email: "anna@example.nl"})
		if err != nil || len(got) != 1 || got[0].PartijID != p.ID {
			t.Fatalf("partij by e-mail: %+v %v", got, err)
		}
	})
}

// Concurrent registrations share commits on SQLite (group commit): a failing
// one gets its own error and leaves no trace, the others are all saved.
func TestConcurrentRegistrationsFailAlone(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		const n = 24
		errc := make(chan error, n)
		for i := range n {
			go func() {
				in := klant.ContactInput{Kanaal: "telefoon", BSN: bsnJan, Onderwerp: "Paspoort", Uitkomst: klant.DirectBeantwoord}
				if i%3 == 0 {
					in.Kanaal = "fax"
				}
				_, err := e.s.RegisterContactID(e.ctx, in)
				errc <- err
			}()
		}
		failed := 0
		for range n {
			if err := <-errc; err != nil {
				if errs.KindOf(err) != errs.Invalid {
					t.Fatalf("unexpected error: %v", err)
				}
				failed++
			}
		}
		if failed != n/3 {
			t.Fatalf("%d failed, want %d", failed, n/3)
		}
		if got := e.count(`SELECT COUNT(*) FROM klantcontacten`); got != n-n/3 {
			t.Fatalf("%d contacts saved, want %d", got, n-n/3)
		}
		if got := e.count(`SELECT COUNT(*) FROM betrokkenen`); got != n-n/3 {
			t.Fatalf("%d betrokkenen saved, want %d", got, n-n/3)
		}
		if got := e.count(`SELECT COUNT(DISTINCT nummer) FROM klantcontacten`); got != n-n/3 {
			t.Fatalf("numbers not unique: %d", got)
		}
	})
}
