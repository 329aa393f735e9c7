package catalogus_test

import (
	"testing"
	"time"

	"github.com/gemeenten/loket/internal/catalogus"
	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/db/dbtest"
	"github.com/gemeenten/loket/internal/errs"
)

func ids[T any](l catalogus.List[T], id func(T) string) map[string]bool {
	out := map[string]bool{}
	for _, v := range l.Items {
		out[id(v)] = true
	}
	return out
}

func zid(z catalogus.ZaakType) string { return z.ID }

func TestListZaakTypen(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := newStore(d)
		c := must(s.CreateCatalogus(ctx, validCatalogus()))
		c2in := validCatalogus()
		c2in.Domein = "ANDER"
		c2 := must(s.CreateCatalogus(ctx, c2in))
		mk := func(cat, ident string, begin date.Date, tref []string, publish bool) *catalogus.ZaakType {
			in := validZaakType(cat)
			in.Identificatie, in.BeginGeldigheid, in.Trefwoorden = ident, begin, tref
			z := publishable(t, s, in)
			if publish {
				z = must(s.PublishZaakType(ctx, z.ID))
			}
			return z
		}
		jan20, jan24 := date.New(2020, time.January, 1), date.New(2024, time.January, 1)
		paspoort1 := mk(c.ID, "PASPOORT", jan20, []string{"reisdocument"}, true)
		paspoort2 := mk(c.ID, "PASPOORT", jan24, []string{"reisdocument", "100%_zeker"}, true) // ends paspoort1
		rijbewijs := mk(c.ID, "RIJBEWIJS", jan20, []string{"rijbewijs", "reisdocumentatie"}, true)
		concept := mk(c.ID, "WOO", jan20, []string{"reisdocument"}, false)
		anders := mk(c2.ID, "PASPOORT", jan20, nil, true)

		list := func(f catalogus.ZaakTypeFilter, p catalogus.Page) catalogus.List[catalogus.ZaakType] {
			t.Helper()
			return must(catalogus.ListZaakTypen(ctx, d.R, f, p))
		}
		want := func(name string, got catalogus.List[catalogus.ZaakType], zs ...*catalogus.ZaakType) {
			t.Helper()
			m := ids(got, zid)
			if got.Total != len(zs) || len(m) != len(zs) {
				t.Errorf("%s: total %d, items %d, want %d", name, got.Total, len(m), len(zs))
			}
			for _, z := range zs {
				if !m[z.ID] {
					t.Errorf("%s: missing %s %s", name, z.Identificatie, z.BeginGeldigheid)
				}
			}
		}
		want("all", list(catalogus.ZaakTypeFilter{}, catalogus.Page{}), paspoort1, paspoort2, rijbewijs, concept, anders)
		want("catalogus", list(catalogus.ZaakTypeFilter{CatalogusID: c.ID}, catalogus.Page{}), paspoort1, paspoort2, rijbewijs, concept)
		want("definitief", list(catalogus.ZaakTypeFilter{CatalogusID: c.ID, Status: catalogus.StatusDefinitief}, catalogus.Page{}), paspoort1, paspoort2, rijbewijs)
		want("concept", list(catalogus.ZaakTypeFilter{Status: catalogus.StatusConcept}, catalogus.Page{}), concept)
		want("alles", list(catalogus.ZaakTypeFilter{CatalogusID: c.ID, Status: catalogus.StatusAlles}, catalogus.Page{}), paspoort1, paspoort2, rijbewijs, concept)
		want("identificatie", list(catalogus.ZaakTypeFilter{CatalogusID: c.ID, Identificatie: "PASPOORT"}, catalogus.Page{}), paspoort1, paspoort2)
		want("datumGeldigheid 2023", list(catalogus.ZaakTypeFilter{CatalogusID: c.ID, Identificatie: "PASPOORT", DatumGeldigheid: date.New(2023, time.December, 31)}, catalogus.Page{}), paspoort1)
		want("datumGeldigheid 2024", list(catalogus.ZaakTypeFilter{CatalogusID: c.ID, Status: catalogus.StatusDefinitief, DatumGeldigheid: jan24}, catalogus.Page{}), paspoort2, rijbewijs)
		// A trefwoord matches whole keywords only, and LIKE wildcards are literal.
		want("trefwoord", list(catalogus.ZaakTypeFilter{Trefwoorden: []string{"reisdocument"}}, catalogus.Page{}), paspoort1, paspoort2, concept)
		want("two trefwoorden", list(catalogus.ZaakTypeFilter{Trefwoorden: []string{"reisdocument", "100%_zeker"}}, catalogus.Page{}), paspoort2)
		want("wildcard trefwoord", list(catalogus.ZaakTypeFilter{Trefwoorden: []string{"100%"}}, catalogus.Page{}))
		want("partial trefwoord", list(catalogus.ZaakTypeFilter{Trefwoorden: []string{"reis"}}, catalogus.Page{}))
		// Exact on both engines: SQLite's LIKE would ignore the case.
		want("trefwoord in another case", list(catalogus.ZaakTypeFilter{Trefwoorden: []string{"Reisdocument"}}, catalogus.Page{}))

		// Paging: total counts all matches, items only the page, in a stable order.
		p1 := list(catalogus.ZaakTypeFilter{}, catalogus.Page{Page: 1, PageSize: 2})
		p2 := list(catalogus.ZaakTypeFilter{}, catalogus.Page{Page: 2, PageSize: 2})
		p3 := list(catalogus.ZaakTypeFilter{}, catalogus.Page{Page: 3, PageSize: 2})
		p4 := list(catalogus.ZaakTypeFilter{}, catalogus.Page{Page: 4, PageSize: 2})
		if p1.Total != 5 || len(p1.Items) != 2 || len(p2.Items) != 2 || len(p3.Items) != 1 || len(p4.Items) != 0 || p4.Items == nil {
			t.Fatalf("pages: %d %d %d %d of %d", len(p1.Items), len(p2.Items), len(p3.Items), len(p4.Items), p1.Total)
		}
		seen := map[string]bool{}
		for _, p := range []catalogus.List[catalogus.ZaakType]{p1, p2, p3} {
			for _, z := range p.Items {
				seen[z.ID] = true
			}
		}
		if len(seen) != 5 || p1.Items[0].Identificatie != "PASPOORT" || p3.Items[0].Identificatie != "WOO" {
			t.Errorf("paging order: %v", seen)
		}

		_, err := catalogus.ListZaakTypen(ctx, d.R, catalogus.ZaakTypeFilter{Status: "klaar"}, catalogus.Page{})
		wantField(t, err, "status", "invalid_choice")
		_, err = catalogus.ListZaakTypen(ctx, d.R, catalogus.ZaakTypeFilter{CatalogusID: "x"}, catalogus.Page{})
		wantKind(t, err, errs.Invalid)

		// Subresource lists filter through their zaaktype.
		sub := func(f catalogus.SubFilter) int {
			t.Helper()
			return must(catalogus.ListStatusTypen(ctx, d.R, f, catalogus.Page{})).Total
		}
		if n := sub(catalogus.SubFilter{ZaakTypeID: paspoort2.ID}); n != 2 {
			t.Errorf("statustypen of zaaktype: %d", n)
		}
		if n := sub(catalogus.SubFilter{ZaakTypeIdentificatie: "PASPOORT"}); n != 6 {
			t.Errorf("statustypen by identificatie: %d", n)
		}
		if n := sub(catalogus.SubFilter{ZaakTypeIdentificatie: "PASPOORT", DatumGeldigheid: jan24, Status: catalogus.StatusDefinitief}); n != 4 {
			// paspoort2 and the other catalogus' PASPOORT; paspoort1 has ended.
			t.Errorf("statustypen valid on 2024-01-01: %d", n)
		}
		if n := sub(catalogus.SubFilter{Status: catalogus.StatusConcept}); n != 2 {
			t.Errorf("statustypen of concepts: %d", n)
		}
		if n := must(catalogus.ListRolTypen(ctx, d.R, catalogus.SubFilter{Status: catalogus.StatusDefinitief}, catalogus.Page{})).Total; n != 4 {
			t.Errorf("roltypen of published: %d", n)
		}
		if n := must(catalogus.ListResultaatTypen(ctx, d.R, catalogus.SubFilter{ZaakTypeID: rijbewijs.ID}, catalogus.Page{})).Total; n != 1 {
			t.Errorf("resultaattypen: %d", n)
		}
		if n := must(catalogus.ListEigenschappen(ctx, d.R, catalogus.SubFilter{ZaakTypeID: rijbewijs.ID}, catalogus.Page{})).Total; n != 0 {
			t.Errorf("eigenschappen: %d", n)
		}
		_, err = catalogus.ListStatusTypen(ctx, d.R, catalogus.SubFilter{ZaakTypeID: "nope"}, catalogus.Page{})
		wantField(t, err, "zaaktype", "invalid")
	})
}

func TestListTypen(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := newStore(d)
		z := conceptZaakType(t, s)
		c := z.CatalogusID
		jan20, jan24 := date.New(2020, time.January, 1), date.New(2024, time.January, 1)
		iot := func(omschr string, begin, end date.Date, publish bool) *catalogus.InformatieObjectType {
			v := must(s.CreateInformatieObjectType(ctx, catalogus.InformatieObjectType{CatalogusID: c, Omschrijving: omschr,
				Vertrouwelijkheidaanduiding: "openbaar", Informatieobjectcategorie: "Brief", BeginGeldigheid: begin, EindeGeldigheid: end}))
			if publish {
				v = must(s.PublishInformatieObjectType(ctx, v.ID))
			}
			return v
		}
		brief1 := iot("Brief", jan20, jan24.AddDays(-1), true)
		brief2 := iot("Brief", jan24, date.Date{}, true)
		foto := iot("Foto", jan20, date.Date{}, false)
		must(s.AddZaakTypeInformatieObjectType(ctx, catalogus.ZaakTypeInformatieObjectType{ZaakTypeID: z.ID, InformatieObjectTypeID: foto.ID,
			Volgnummer: 1, Richting: "inkomend"}, catalogus.Options{}))

		li := func(f catalogus.TypeFilter) map[string]bool {
			t.Helper()
			l := must(catalogus.ListInformatieObjectTypen(ctx, d.R, f, catalogus.Page{}))
			if l.Total != len(l.Items) {
				t.Errorf("total %d for %d items", l.Total, len(l.Items))
			}
			return ids(l, func(v catalogus.InformatieObjectType) string { return v.ID })
		}
		if m := li(catalogus.TypeFilter{CatalogusID: c}); len(m) != 3 {
			t.Errorf("all: %v", m)
		}
		if m := li(catalogus.TypeFilter{Status: catalogus.StatusDefinitief}); len(m) != 2 || m[foto.ID] {
			t.Errorf("definitief: %v", m)
		}
		if m := li(catalogus.TypeFilter{Omschrijving: "Brief", DatumGeldigheid: date.New(2023, time.December, 31)}); len(m) != 1 || !m[brief1.ID] {
			t.Errorf("brief on 2023-12-31: %v", m)
		}
		if m := li(catalogus.TypeFilter{Omschrijving: "Brief", DatumGeldigheid: jan24}); len(m) != 1 || !m[brief2.ID] {
			t.Errorf("brief on 2024-01-01: %v", m)
		}
		if m := li(catalogus.TypeFilter{ZaakTypeID: z.ID}); len(m) != 1 || !m[foto.ID] {
			t.Errorf("of zaaktype: %v", m)
		}
		if l := must(catalogus.ListZaakTypeInformatieObjectTypen(ctx, d.R, catalogus.SubFilter{ZaakTypeID: z.ID}, catalogus.Page{})); l.Total != 1 || l.Items[0].InformatieObjectTypeID != foto.ID {
			t.Errorf("ztiot: %+v", l)
		}

		bt1 := must(s.CreateBesluitType(ctx, catalogus.BesluitType{CatalogusID: c, Omschrijving: "Vergunning", BeginGeldigheid: jan20}))
		bt2 := must(s.PublishBesluitType(ctx, must(s.CreateBesluitType(ctx, catalogus.BesluitType{CatalogusID: c, Omschrijving: "Weigering", BeginGeldigheid: jan20})).ID))
		ok(t, s.LinkZaakTypeBesluitType(ctx, z.ID, bt1.ID, catalogus.Options{}))
		lb := func(f catalogus.TypeFilter) map[string]bool {
			t.Helper()
			return ids(must(catalogus.ListBesluitTypen(ctx, d.R, f, catalogus.Page{})), func(v catalogus.BesluitType) string { return v.ID })
		}
		if m := lb(catalogus.TypeFilter{}); len(m) != 2 {
			t.Errorf("besluittypen: %v", m)
		}
		if m := lb(catalogus.TypeFilter{Status: catalogus.StatusConcept}); len(m) != 1 || !m[bt1.ID] {
			t.Errorf("concept besluittypen: %v", m)
		}
		if m := lb(catalogus.TypeFilter{Status: catalogus.StatusDefinitief, CatalogusID: c}); len(m) != 1 || !m[bt2.ID] {
			t.Errorf("definitieve besluittypen: %v", m)
		}
		if m := lb(catalogus.TypeFilter{ZaakTypeID: z.ID}); len(m) != 1 || !m[bt1.ID] {
			t.Errorf("besluittypen of zaaktype: %v", m)
		}
		_, err := catalogus.ListBesluitTypen(ctx, d.R, catalogus.TypeFilter{ZaakTypeID: "x"}, catalogus.Page{})
		wantField(t, err, "zaaktype", "invalid")

		cats := must(catalogus.ListCatalogi(ctx, d.R, catalogus.CatalogusFilter{RSIN: "002220647"}, catalogus.Page{}))
		if cats.Total != 1 || cats.Items[0].ID != c {
			t.Errorf("catalogi: %+v", cats)
		}
	})
}
