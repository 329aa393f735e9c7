package zaak_test

import (
	"testing"

	"github.com/gemeenten/loket/internal/catalogus/catalogustest"
	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/db/dbtest"
	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/zaak"
)

func TestList(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		e2 := newEnv(t, d, catalogustest.Identificatie("KAPVERGUNNING"), catalogustest.Doorlooptijd("P4W"))
		start := date.MustParse("2026-01-05")
		var closedID string
		for i := range 30 {
			env := e
			if i%3 == 0 {
				env = e2
			}
			in := env.input(start.AddDays(i).String())
			if i%2 == 0 {
				in.Initiator.BetrokkeneIdentificatie.InpBsn = bsnBram
			}
			if i == 7 {
				in.Omschrijving = "Kappen 100% eik_oud"
			}
			z, err := env.s.Create(env.ctx, in)
			if err != nil {
				t.Fatal(err)
			}
			if i == 4 {
				closedID = env.close(z, env.resultaatType("Verleend")).ID
			}
		}
		list := func(f zaak.Filter) *zaak.Page {
			t.Helper()
			p, err := e.s.List(e.ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			return p
		}
		p := list(zaak.Filter{ZaakTypeID: e2.zt.ID, Count: true})
		if p.Total != 10 || len(p.Items) != 10 || p.Next != "" {
			t.Errorf("by zaaktype: total %d items %d", p.Total, len(p.Items))
		}
		for i := 1; i < len(p.Items); i++ {
			if p.Items[i].UiterlijkeEinddatumAfdoening.Before(p.Items[i-1].UiterlijkeEinddatumAfdoening) {
				t.Errorf("not ordered by deadline")
			}
		}
		if p.Items[0].ZaakType.Identificatie != "KAPVERGUNNING" || p.Items[0].StatusType == nil || p.Items[0].StatusType.Omschrijving != "Ontvangen" {
			t.Errorf("list item summary: %+v %+v", p.Items[0].ZaakType, p.Items[0].StatusType)
		}
		p = list(zaak.Filter{ZaakTypeID: e.zt.ID, StatusTypeID: e.statusType(1), Count: true})
		if p.Total != 19 { // 20 of the first type, one closed
			t.Errorf("by zaaktype+status: %d", p.Total)
		}
		p = list(zaak.Filter{InitiatorIdent: bsnBram, Order: zaak.OrderStartdatumDesc, Count: true})
		if p.Total != 15 || p.Items[0].Startdatum != start.AddDays(28) {
			t.Errorf("by initiator: %d, first %s", p.Total, p.Items[0].Startdatum)
		}
		p = list(zaak.Filter{BetrokkeneIdent: bsnAnna, Count: true})
		if p.Total != 15 {
			t.Errorf("by betrokkene: %d", p.Total)
		}
		p = list(zaak.Filter{StartdatumVan: start.AddDays(10), StartdatumTot: start.AddDays(19), Count: true})
		if p.Total != 10 {
			t.Errorf("by startdatum: %d", p.Total)
		}
		open, closed := true, false
		if p = list(zaak.Filter{Open: &closed, Count: true}); p.Total != 1 || p.Items[0].ID != closedID {
			t.Errorf("closed: %d", p.Total)
		}
		if p = list(zaak.Filter{Open: &open, Count: true}); p.Total != 29 {
			t.Errorf("open: %d", p.Total)
		}
		d0 := list(zaak.Filter{Limit: 1}).Items[0].UiterlijkeEinddatumAfdoening
		if p = list(zaak.Filter{DeadlineVan: d0, DeadlineTot: d0.AddDays(6), Count: true}); p.Total == 0 {
			t.Errorf("deadline range empty")
		}
		if p = list(zaak.Filter{Tekst: "100% EIK_", Count: true}); p.Total != 1 {
			t.Errorf("text search: %d", p.Total)
		}
		if p = list(zaak.Filter{Tekst: "zaak-2026-00000000", Count: true}); p.Total != 30 {
			t.Errorf("identificatie search: %d", p.Total)
		}
		// Keyset paging visits every zaak once, in every ordering.
		for _, order := range []string{zaak.OrderDeadline, zaak.OrderStartdatumDesc, zaak.OrderIdentificatie} {
			seen := map[string]bool{}
			f := zaak.Filter{Order: order, Limit: 7}
			pages := 0
			for {
				p := list(f)
				pages++
				for _, z := range p.Items {
					if seen[z.ID] {
						t.Errorf("%s: %s twice", order, z.Identificatie)
					}
					seen[z.ID] = true
				}
				if p.Next == "" {
					break
				}
				f.After = p.Next
			}
			if len(seen) != 30 || pages != 5 {
				t.Errorf("%s: %d zaken in %d pages", order, len(seen), pages)
			}
		}
		// Offset paging too.
		if p = list(zaak.Filter{Order: zaak.OrderIdentificatie, Limit: 10, Offset: 25}); len(p.Items) != 5 {
			t.Errorf("offset page: %d", len(p.Items))
		}
		_, err := e.s.List(e.ctx, zaak.Filter{Limit: 101})
		wantField(t, err, errs.Invalid, "limit", "max_value")
		_, err = e.s.List(e.ctx, zaak.Filter{ZaakTypeID: "abc"})
		wantField(t, err, errs.Invalid, "zaaktype", "invalid")
		_, err = e.s.List(e.ctx, zaak.Filter{After: "!!"})
		wantField(t, err, errs.Invalid, "after", "invalid")
	})
}
