package kennis_test

import (
	"context"
	"testing"

	"github.com/gemeenten/loket/internal/audit"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/db/dbtest"
	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/kennis"
)

func TestPartnersAndReferrals(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := newService(d)
		ctx := beheerCtx()
		_, err := s.CreatePartner(ctx, kennis.Partner{Email: "geen-adres", Website: "ftp://x"})
		f := fieldsOf(err)
		for _, field := range []string{"naam", "email", "website"} {
			if f[field] == "" {
				t.Errorf("no error for %s: %v", field, f)
			}
		}
		if _, err := s.CreatePartner(ctx, kennis.Partner{Naam: "Wijkteam"}); fieldsOf(err)["telefoon"] == "" {
			t.Fatalf("a partner without any contact: %v", err)
		}
		p, err := s.CreatePartner(ctx, kennis.Partner{Naam: "Wijkteam", Telefoon: "0201234567"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.CreatePartner(ctx, kennis.Partner{Naam: "Wijkteam", Telefoon: "0201234567"}); fieldsOf(err)["naam"] == "" {
			t.Fatalf("duplicate name: %v", err)
		}
		kcc := audit.WithActor(context.Background(), audit.Actor{Kind: "medewerker", ID: "k1", Name: "Karel KCC", Roles: []string{"kcc"}})
		if _, err := s.CreatePartner(kcc, kennis.Partner{Naam: "X", Telefoon: "1"}); !errs.Is(err, errs.Forbidden) {
			t.Fatalf("kcc adds a partner: %v", err)
		}
		// A referral needs the handover and the customer's consent.
		_, err = s.RecordDoorverwijzing(kcc, kennis.Doorverwijzing{PartnerID: p.ID, Vraag: "Schulden"})
		if f := fieldsOf(err); f["overdracht"] == "" || f["toestemming"] == "" {
			t.Fatalf("referral without handover/consent: %v", err)
		}
		ref, err := s.RecordDoorverwijzing(kcc, kennis.Doorverwijzing{PartnerID: p.ID, Vraag: "Schulden", Overdracht: "Huurachterstand van 3 maanden.",
			Toestemming: true, PartijType: "natuurlijk_persoon", PartijID: "999993653", PartijNaam: "Anna"})
		if err != nil || ref.MedewerkerNaam != "Karel KCC" || ref.PartnerNaam != "Wijkteam" {
			t.Fatalf("referral: %+v %v", ref, err)
		}
		list, err := s.Doorverwijzingen(ctx, "999993653", 10)
		if err != nil || len(list) != 1 || list[0].Overdracht != "Huurachterstand van 3 maanden." {
			t.Fatalf("list: %+v %v", list, err)
		}
		// A partner taken off the list cannot be chosen any more.
		if err := s.SetPartnerActief(ctx, p.ID, false); err != nil {
			t.Fatal(err)
		}
		if act, _ := s.Partners(ctx, true); len(act) != 0 {
			t.Fatalf("inactive partner listed: %+v", act)
		}
		_, err = s.RecordDoorverwijzing(kcc, kennis.Doorverwijzing{PartnerID: p.ID, Vraag: "x", Overdracht: "y", Toestemming: true})
		if fieldsOf(err)["partner"] == "" {
			t.Fatalf("referral to an inactive partner: %v", err)
		}
	})
}
