package catalogus_test

import (
	"database/sql"
	"testing"
	"time"

	"github.com/gemeenten/loket/internal/audit"
	"github.com/gemeenten/loket/internal/catalogus"
	"github.com/gemeenten/loket/internal/catalogus/catalogustest"
	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/db/dbtest"
	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/termijn"
)

func TestPublishRequirements(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := newStore(d)
		c := must(s.CreateCatalogus(ctx, validCatalogus()))
		bare := must(s.CreateZaakType(ctx, validZaakType(c.ID)))
		before := counts(t, d)
		_, err := s.PublishZaakType(ctx, bare.ID)
		wantField(t, err, "statustypen", "publish-requires")
		wantField(t, err, "resultaattypen", "publish-requires")
		wantField(t, err, "roltypen", "publish-requires")
		sameCounts(t, d, before)

		// Only one statustype is not enough: a zaak must be able to start and end.
		must(s.AddStatusType(ctx, catalogus.StatusType{ZaakTypeID: bare.ID, Volgnummer: 1, Omschrijving: "Ontvangen"}, catalogus.Options{}))
		_, err = s.PublishZaakType(ctx, bare.ID)
		wantField(t, err, "statustypen", "publish-requires")

		// Linked concept besluittypen and informatieobjecttypen block publishing.
		in := validZaakType(c.ID)
		in.Identificatie = "ANDER"
		z := publishable(t, s, in)
		begin := date.New(2025, time.January, 1)
		bt := must(s.CreateBesluitType(ctx, catalogus.BesluitType{CatalogusID: c.ID, Omschrijving: "Besluit", BeginGeldigheid: begin}))
		iot := must(s.CreateInformatieObjectType(ctx, catalogus.InformatieObjectType{CatalogusID: c.ID, Omschrijving: "Brief",
			Vertrouwelijkheidaanduiding: "openbaar", Informatieobjectcategorie: "Brief", BeginGeldigheid: begin}))
		ok(t, s.LinkZaakTypeBesluitType(ctx, z.ID, bt.ID, catalogus.Options{}))
		ok(t, s.LinkZaakTypeBesluitType(ctx, z.ID, bt.ID, catalogus.Options{})) // twice changes nothing
		must(s.AddZaakTypeInformatieObjectType(ctx, catalogus.ZaakTypeInformatieObjectType{ZaakTypeID: z.ID, InformatieObjectTypeID: iot.ID,
			Volgnummer: 1, Richting: "uitgaand", StatusTypeID: z.StatusTypen[1].ID}, catalogus.Options{}))
		ok(t, s.LinkBesluitTypeInformatieObjectType(ctx, bt.ID, iot.ID, catalogus.Options{}))
		before = counts(t, d)
		_, err = s.PublishZaakType(ctx, z.ID)
		wantField(t, err, "besluittypen", "concept-relation")
		wantField(t, err, "informatieobjecttypen", "concept-relation")
		// A besluittype needs its informatieobjecttypen published first.
		_, err = s.PublishBesluitType(ctx, bt.ID)
		wantField(t, err, "informatieobjecttypen", "concept-relation")
		sameCounts(t, d, before)
		if got := must(catalogus.GetZaakType(ctx, d.R, z.ID)); !got.Concept {
			t.Fatal("refused publish published the zaaktype")
		}

		if got := must(s.PublishInformatieObjectType(ctx, iot.ID)); got.Concept {
			t.Error("informatieobjecttype still concept")
		}
		if got := must(s.PublishBesluitType(ctx, bt.ID)); got.Concept || len(got.InformatieObjectTypeIDs) != 1 {
			t.Errorf("besluittype: %+v", got)
		}
		pub := must(s.PublishZaakType(ctx, z.ID))
		if pub.Concept || len(pub.BesluitTypeIDs) != 1 || len(pub.InformatieObjectTypen) != 1 {
			t.Errorf("published: %+v", pub)
		}
		// Publishing again changes nothing and records nothing.
		before = counts(t, d)
		must(s.PublishZaakType(ctx, z.ID))
		sameCounts(t, d, before)
		rows := must(audit.ForResource(ctx, d.R, "zaaktype", z.ID))
		var published int
		for _, r := range rows {
			if r.Actie == "publish" {
				published++
			}
		}
		if published != 1 {
			t.Errorf("%d publish audit records", published)
		}
	})
}

// TestPublishedIsImmutable covers ztc-009 and ztc-010 and the correctie.
func TestPublishedIsImmutable(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := newStore(d)
		f := catalogustest.Build(t, d)
		z := f.ZaakType
		none, corr := catalogus.Options{}, catalogus.Options{Correctie: true}
		before := counts(t, d)

		// ztc-009 on the zaaktype.
		upd := *z
		upd.Omschrijving = "Anders"
		_, err := s.UpdateZaakType(ctx, z.ID, upd, none)
		wantKind(t, err, errs.Conflict)
		wantKind(t, s.DeleteZaakType(ctx, z.ID), errs.Conflict)
		wantKind(t, s.LinkZaakTypeBesluitType(ctx, z.ID, f.BesluitType.ID, none), errs.Conflict)
		wantKind(t, s.UnlinkZaakTypeBesluitType(ctx, z.ID, f.BesluitType.ID), errs.Conflict)

		// ztc-010 on every subresource.
		_, err = s.AddStatusType(ctx, catalogus.StatusType{ZaakTypeID: z.ID, Volgnummer: 5, Omschrijving: "Gearchiveerd"}, none)
		wantKind(t, err, errs.Conflict)
		st := z.StatusTypen[1]
		st.Statustekst = "Anders"
		_, err = s.UpdateStatusType(ctx, st.ID, st, none)
		wantKind(t, err, errs.Conflict)
		wantKind(t, s.DeleteStatusType(ctx, st.ID), errs.Conflict)
		_, err = s.AddResultaatType(ctx, catalogus.ResultaatType{ZaakTypeID: z.ID, Omschrijving: "Ingetrokken"}, none)
		wantKind(t, err, errs.Conflict)
		rt := z.ResultaatTypen[0]
		rt.Toelichting = "x"
		_, err = s.UpdateResultaatType(ctx, rt.ID, rt, none)
		wantKind(t, err, errs.Conflict)
		wantKind(t, s.DeleteResultaatType(ctx, rt.ID), errs.Conflict)
		_, err = s.AddRolType(ctx, catalogus.RolType{ZaakTypeID: z.ID, Omschrijving: "Adviseur", OmschrijvingGeneriek: catalogus.RolAdviseur}, none)
		wantKind(t, err, errs.Conflict)
		_, err = s.UpdateRolType(ctx, z.RolTypen[0].ID, z.RolTypen[0], none)
		wantKind(t, err, errs.Conflict)
		wantKind(t, s.DeleteRolType(ctx, z.RolTypen[0].ID), errs.Conflict)
		_, err = s.AddEigenschap(ctx, catalogus.Eigenschap{ZaakTypeID: z.ID, Naam: "oppervlakte", Definitie: "m2",
			Specificatie: catalogus.EigenschapSpecificatie{Formaat: catalogus.FormaatGetal, Lengte: "6"}}, none)
		wantKind(t, err, errs.Conflict)
		_, err = s.UpdateEigenschap(ctx, z.Eigenschappen[0].ID, z.Eigenschappen[0], none)
		wantKind(t, err, errs.Conflict)
		wantKind(t, s.DeleteEigenschap(ctx, z.Eigenschappen[0].ID), errs.Conflict)
		_, err = s.AddZaakTypeInformatieObjectType(ctx, catalogus.ZaakTypeInformatieObjectType{ZaakTypeID: z.ID,
			InformatieObjectTypeID: f.InformatieObjectType.ID, Volgnummer: 2, Richting: "uitgaand"}, none)
		wantKind(t, err, errs.Conflict)
		_, err = s.UpdateZaakTypeInformatieObjectType(ctx, z.InformatieObjectTypen[0].ID, z.InformatieObjectTypen[0], none)
		wantKind(t, err, errs.Conflict)
		wantKind(t, s.DeleteZaakTypeInformatieObjectType(ctx, z.InformatieObjectTypen[0].ID), errs.Conflict)

		// ztc-009 on published besluittypen and informatieobjecttypen.
		bt := *f.BesluitType
		bt.Toelichting = "anders"
		_, err = s.UpdateBesluitType(ctx, bt.ID, bt, none)
		wantKind(t, err, errs.Conflict)
		wantKind(t, s.DeleteBesluitType(ctx, bt.ID), errs.Conflict)
		wantKind(t, s.UnlinkBesluitTypeInformatieObjectType(ctx, bt.ID, f.InformatieObjectType.ID), errs.Conflict)
		iot := *f.InformatieObjectType
		iot.Omschrijving = "anders"
		_, err = s.UpdateInformatieObjectType(ctx, iot.ID, iot, none)
		wantKind(t, err, errs.Conflict)
		wantKind(t, s.DeleteInformatieObjectType(ctx, iot.ID), errs.Conflict)
		sameCounts(t, d, before)
		if got := must(catalogus.GetZaakType(ctx, d.R, z.ID)); got.Omschrijving != z.Omschrijving || len(got.StatusTypen) != 4 {
			t.Fatal("a refused write changed the zaaktype")
		}

		// eindeGeldigheid alone may change without correctie.
		end := date.New(2030, time.December, 31)
		if got := must(s.SetZaakTypeEindeGeldigheid(ctx, z.ID, end)); got.EindeGeldigheid != end || got.Concept {
			t.Errorf("einde: %+v", got)
		}
		bt2 := *f.BesluitType
		bt2.EindeGeldigheid = end
		if got := must(s.UpdateBesluitType(ctx, bt2.ID, bt2, none)); got.EindeGeldigheid != end {
			t.Errorf("besluittype einde: %v", got.EindeGeldigheid)
		}
		iot2 := *f.InformatieObjectType
		iot2.EindeGeldigheid = end
		if got := must(s.UpdateInformatieObjectType(ctx, iot2.ID, iot2, none)); got.EindeGeldigheid != end {
			t.Errorf("informatieobjecttype einde: %v", got.EindeGeldigheid)
		}

		// A correctie may extend and change, but never delete.
		if got := must(s.UpdateZaakType(ctx, z.ID, upd, corr)); got.Omschrijving != "Anders" || got.Concept {
			t.Errorf("correctie: %+v", got)
		}
		if got := must(s.AddStatusType(ctx, catalogus.StatusType{ZaakTypeID: z.ID, Volgnummer: 5, Omschrijving: "Gearchiveerd"}, corr)); !got.IsEindstatus {
			t.Error("a statustype added at the end is the new eindstatus")
		}
		if got := must(s.UpdateStatusType(ctx, st.ID, st, corr)); got.Statustekst != "Anders" {
			t.Errorf("statustype correctie: %+v", got)
		}
		must(s.AddResultaatType(ctx, catalogus.ResultaatType{ZaakTypeID: z.ID, Omschrijving: "Ingetrokken",
			BrondatumArchiefprocedure: catalogus.BrondatumArchiefprocedure{Afleidingswijze: catalogus.AfleidingAfgehandeld}}, corr))
		must(s.AddRolType(ctx, catalogus.RolType{ZaakTypeID: z.ID, Omschrijving: "Adviseur", OmschrijvingGeneriek: catalogus.RolAdviseur}, corr))
		bt.EindeGeldigheid = end
		if got := must(s.UpdateBesluitType(ctx, bt.ID, bt, corr)); got.Toelichting != "anders" {
			t.Errorf("besluittype correctie: %+v", got)
		}
		// Validation still applies to a correctie.
		bad := st
		bad.Volgnummer = 0
		_, err = s.UpdateStatusType(ctx, st.ID, bad, corr)
		wantField(t, err, "volgnummer", "invalid")
		wantKind(t, s.DeleteStatusType(ctx, st.ID), errs.Conflict)
		got := must(catalogus.GetZaakType(ctx, d.R, z.ID))
		if len(got.StatusTypen) != 5 || len(got.ResultaatTypen) != 3 || len(got.RolTypen) != 4 {
			t.Errorf("after correcties: %d statustypen, %d resultaattypen, %d roltypen", len(got.StatusTypen), len(got.ResultaatTypen), len(got.RolTypen))
		}
	})
}

func TestDeleteConcept(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := newStore(d)
		z := conceptZaakType(t, s)
		begin := date.New(2025, time.January, 1)
		iot := must(s.CreateInformatieObjectType(ctx, catalogus.InformatieObjectType{CatalogusID: z.CatalogusID, Omschrijving: "Brief",
			Vertrouwelijkheidaanduiding: "openbaar", Informatieobjectcategorie: "Brief", BeginGeldigheid: begin}))
		bt := must(s.CreateBesluitType(ctx, catalogus.BesluitType{CatalogusID: z.CatalogusID, Omschrijving: "Besluit", BeginGeldigheid: begin}))
		ok(t, s.LinkZaakTypeBesluitType(ctx, z.ID, bt.ID, catalogus.Options{}))
		ok(t, s.LinkBesluitTypeInformatieObjectType(ctx, bt.ID, iot.ID, catalogus.Options{}))
		must(s.AddEigenschap(ctx, catalogus.Eigenschap{ZaakTypeID: z.ID, Naam: "x", Definitie: "x", StatusTypeID: z.StatusTypen[0].ID,
			Specificatie: catalogus.EigenschapSpecificatie{Formaat: catalogus.FormaatTekst, Lengte: "10"}}, catalogus.Options{}))
		must(s.AddZaakTypeInformatieObjectType(ctx, catalogus.ZaakTypeInformatieObjectType{ZaakTypeID: z.ID, InformatieObjectTypeID: iot.ID,
			Volgnummer: 1, Richting: "inkomend", StatusTypeID: z.StatusTypen[0].ID}, catalogus.Options{}))

		// Single subresources of a concept can go.
		extra := must(s.AddRolType(ctx, catalogus.RolType{ZaakTypeID: z.ID, Omschrijving: "Adviseur", OmschrijvingGeneriek: catalogus.RolAdviseur}, catalogus.Options{}))
		ok(t, s.DeleteRolType(ctx, extra.ID))
		_, err := catalogus.GetRolType(ctx, d.R, extra.ID)
		wantKind(t, err, errs.NotFound)

		ok(t, s.DeleteZaakType(ctx, z.ID))
		_, err = catalogus.GetZaakType(ctx, d.R, z.ID)
		wantKind(t, err, errs.NotFound)
		n := counts(t, d)
		for _, tbl := range []string{"zaaktypen", "statustypen", "resultaattypen", "roltypen", "eigenschappen", "zaaktype_informatieobjecttypen", "zaaktype_besluittypen"} {
			if n[tbl] != 0 {
				t.Errorf("%s: %d rows left", tbl, n[tbl])
			}
		}
		rows := must(audit.ForResource(ctx, d.R, "zaaktype", z.ID))
		if last := rows[len(rows)-1]; len(rows) != 2 || (rows[0].Actie != "destroy" && last.Actie != "destroy") {
			t.Errorf("audit: %+v", rows)
		}
		// Now unused, the informatieobjecttype and besluittype can go too.
		ok(t, s.DeleteBesluitType(ctx, bt.ID))
		ok(t, s.DeleteInformatieObjectType(ctx, iot.ID))
		if n := counts(t, d); n["besluittypen"] != 0 || n["informatieobjecttypen"] != 0 || n["besluittype_informatieobjecttypen"] != 0 {
			t.Errorf("left: %v", n)
		}
		wantKind(t, s.DeleteZaakType(ctx, z.ID), errs.NotFound)
	})
}

func TestVersions(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := newStore(d)
		v1 := catalogustest.Published(t, d) // valid from 2020-01-01, open-ended
		cat, ident := v1.CatalogusID, v1.Identificatie
		on := func(y int, m time.Month, day int) (*catalogus.ZaakType, error) {
			return catalogus.ZaakTypeValidOn(ctx, d.R, cat, ident, date.New(y, m, day))
		}
		if got := must(on(2023, time.June, 1)); got.ID != v1.ID || len(got.StatusTypen) != 4 {
			t.Fatalf("valid on 2023-06-01: %+v", got)
		}
		_, err := on(2019, time.December, 31)
		wantKind(t, err, errs.NotFound)

		// A new version must begin after the current one.
		before := counts(t, d)
		_, err = s.NewZaakTypeVersion(ctx, v1.ID, date.New(2020, time.January, 1))
		wantField(t, err, "beginGeldigheid", "date-mismatch")
		sameCounts(t, d, before)

		v2 := must(s.NewZaakTypeVersion(ctx, v1.ID, date.New(2024, time.January, 1)))
		if !v2.Concept || v2.ID == v1.ID || v2.Identificatie != ident || v2.Versiedatum != date.New(2024, time.January, 1) ||
			len(v2.StatusTypen) != 4 || len(v2.ResultaatTypen) != 2 || len(v2.RolTypen) != 3 || len(v2.Eigenschappen) != 1 ||
			len(v2.InformatieObjectTypen) != 1 || len(v2.BesluitTypeIDs) != 1 || v2.Doorlooptijd.String() != "P8W" {
			t.Fatalf("new version: %+v", v2)
		}
		// The copy has its own subresources; the ztiot points at the copy's statustype.
		if v2.StatusTypen[0].ID == v1.StatusTypen[0].ID || v2.InformatieObjectTypen[0].StatusTypeID != v2.StatusTypen[0].ID {
			t.Error("subresources not copied")
		}
		if !v2.StatusTypen[3].IsEindstatus || v2.ResultaatTypen[0].BrondatumArchiefprocedure != v1.ResultaatTypen[0].BrondatumArchiefprocedure {
			t.Error("copied subresources differ")
		}
		// Of a concept no version is made.
		_, err = s.NewZaakTypeVersion(ctx, v2.ID, date.New(2025, time.January, 1))
		wantKind(t, err, errs.Conflict)
		// The concept is editable while v1 stays valid.
		upd := *v2
		upd.Doorlooptijd = termijn.Weeks(10)
		must(s.UpdateZaakType(ctx, v2.ID, upd, catalogus.Options{}))
		must(s.AddStatusType(ctx, catalogus.StatusType{ZaakTypeID: v2.ID, Volgnummer: 5, Omschrijving: "Gearchiveerd"}, catalogus.Options{}))
		if got := must(on(2024, time.June, 1)); got.ID != v1.ID {
			t.Error("a concept version must not be valid")
		}

		// Publishing v2 ends v1 the day before (ztc-016).
		must(s.PublishZaakType(ctx, v2.ID))
		v1b := must(catalogus.GetZaakType(ctx, d.R, v1.ID))
		if v1b.EindeGeldigheid != date.New(2023, time.December, 31) {
			t.Fatalf("v1 einde = %v", v1b.EindeGeldigheid)
		}
		if got := must(on(2023, time.December, 31)); got.ID != v1.ID {
			t.Error("v1 must be valid on its last day")
		}
		got := must(on(2024, time.January, 1))
		if got.ID != v2.ID || got.Doorlooptijd.String() != "P10W" || len(got.StatusTypen) != 5 {
			t.Errorf("valid on 2024-01-01: %+v", got)
		}
		rows := must(audit.ForResource(ctx, d.R, "zaaktype", v1.ID))
		var ended bool
		for _, r := range rows {
			ended = ended || r.Actie == "update"
		}
		if !ended {
			t.Error("ending v1 is not in the audit trail")
		}

		// ztc-016: a version overlapping a published one cannot be published.
		in := *v1b
		in.ID = ""
		in.BeginGeldigheid, in.EindeGeldigheid, in.Versiedatum = date.New(2023, time.July, 1), date.Date{}, date.Date{}
		v3 := publishable(t, s, in)
		before = counts(t, d)
		_, err = s.PublishZaakType(ctx, v3.ID)
		wantField(t, err, "beginGeldigheid", "overlap")
		sameCounts(t, d, before)
		if got := must(catalogus.GetZaakType(ctx, d.R, v1.ID)); got.EindeGeldigheid != v1b.EindeGeldigheid {
			t.Error("refused publish changed v1")
		}
		// Nor may a published version be reopened over its successor.
		_, err = s.SetZaakTypeEindeGeldigheid(ctx, v1.ID, date.Date{})
		wantField(t, err, "beginGeldigheid", "overlap")
		_, err = s.SetZaakTypeEindeGeldigheid(ctx, v1.ID, date.New(2024, time.January, 1))
		wantField(t, err, "beginGeldigheid", "overlap")
		sameCounts(t, d, before)

		// The same identificatie in another catalogus is another zaaktype.
		c2 := validCatalogus()
		c2.Domein = "ANDER"
		other := must(s.CreateCatalogus(ctx, c2))
		in = validZaakType(other.ID)
		in.Identificatie = ident
		in.BeginGeldigheid = date.New(2020, time.January, 1)
		o := must(s.PublishZaakType(ctx, publishable(t, s, in).ID))
		if o.Concept {
			t.Error("not published")
		}
		if got := must(on(2022, time.January, 1)); got.ID != v1.ID {
			t.Error("other catalogus leaked into ZaakTypeValidOn")
		}
	})
}

// TestInTx proves that writes join the caller's transaction.
func TestInTx(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := newStore(d)
		before := counts(t, d)
		err := d.Tx(ctx, func(tx *sql.Tx) error {
			ts := s.InTx(tx)
			c := must(ts.CreateCatalogus(ctx, validCatalogus()))
			z := must(ts.CreateZaakType(ctx, validZaakType(c.ID)))
			if _, err := catalogus.GetZaakType(ctx, tx, z.ID); err != nil {
				t.Errorf("not visible inside the transaction: %v", err)
			}
			return errs.E(errs.Conflict, "test", "terugdraaien")
		})
		wantKind(t, err, errs.Conflict)
		sameCounts(t, d, before)
	})
}
