package catalogus_test

import (
	"testing"
	"time"

	"github.com/gemeenten/loket/internal/audit"
	"github.com/gemeenten/loket/internal/catalogus"
	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/db/dbtest"
	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/termijn"
)

func TestCatalogusValidation(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := newStore(d)
		cases := []struct {
			name, field, code string
			mod               func(*catalogus.Catalogus)
		}{
			{"no domein", "domein", "required", func(c *catalogus.Catalogus) { c.Domein = "" }},
			{"domein too long", "domein", "max_length", func(c *catalogus.Catalogus) { c.Domein = "ABCDEF" }},
			{"rsin elfproef", "rsin", "checksum", func(c *catalogus.Catalogus) { c.RSIN = "002220648" }},
			{"rsin format", "rsin", "format", func(c *catalogus.Catalogus) { c.RSIN = "12345" }},
			{"no contactpersoon", "contactpersoonBeheerNaam", "required", func(c *catalogus.Catalogus) { c.ContactpersoonBeheerNaam = " " }},
			{"bad email", "contactpersoonBeheerEmailadres", "invalid", func(c *catalogus.Catalogus) { c.ContactpersoonBeheerEmailadres = "geen-adres" }},
		}
		before := counts(t, d)
		for _, tc := range cases {
			c := validCatalogus()
			tc.mod(&c)
			_, err := s.CreateCatalogus(ctx, c)
			t.Run(tc.name, func(t *testing.T) { wantField(t, err, tc.field, tc.code) })
		}
		sameCounts(t, d, before)

		c := must(s.CreateCatalogus(ctx, validCatalogus()))
		got := must(catalogus.GetCatalogus(ctx, d.R, c.ID))
		if got.Domein != "VRBLD" || got.RSIN != "002220647" || got.ContactpersoonBeheerEmailadres != "beheer@voorbeeld.nl" {
			t.Errorf("stored catalogus: %+v", got)
		}
		before = counts(t, d)
		_, err := s.CreateCatalogus(ctx, validCatalogus())
		wantField(t, err, "domein", "unique")
		sameCounts(t, d, before)
		_, err = catalogus.GetCatalogus(ctx, d.R, "8d3c5c0e-0000-4000-8000-000000000000")
		wantKind(t, err, errs.NotFound)
		_, err = catalogus.GetCatalogus(ctx, d.R, "not-a-uuid")
		wantKind(t, err, errs.NotFound)
	})
}

func TestZaakTypeValidation(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := newStore(d)
		c := must(s.CreateCatalogus(ctx, validCatalogus()))
		cases := []struct {
			name, field, code string
			mod               func(*catalogus.ZaakType)
		}{
			{"no omschrijving", "omschrijving", "required", func(z *catalogus.ZaakType) { z.Omschrijving = "" }},
			{"no vertrouwelijkheid", "vertrouwelijkheidaanduiding", "required", func(z *catalogus.ZaakType) { z.Vertrouwelijkheidaanduiding = "" }},
			{"bad vertrouwelijkheid", "vertrouwelijkheidaanduiding", "invalid_choice", func(z *catalogus.ZaakType) { z.Vertrouwelijkheidaanduiding = "topgeheim" }},
			{"bad intern/extern", "indicatieInternOfExtern", "invalid_choice", func(z *catalogus.ZaakType) { z.IndicatieInternOfExtern = "beide" }},
			{"no doel", "doel", "required", func(z *catalogus.ZaakType) { z.Doel = "" }},
			{"no aanleiding", "aanleiding", "required", func(z *catalogus.ZaakType) { z.Aanleiding = "" }},
			{"no handelingInitiator", "handelingInitiator", "required", func(z *catalogus.ZaakType) { z.HandelingInitiator = "" }},
			{"no onderwerp", "onderwerp", "required", func(z *catalogus.ZaakType) { z.Onderwerp = "" }},
			{"no handelingBehandelaar", "handelingBehandelaar", "required", func(z *catalogus.ZaakType) { z.HandelingBehandelaar = "" }},
			{"no doorlooptijd", "doorlooptijd", "required", func(z *catalogus.ZaakType) { z.Doorlooptijd = termijn.Duration{} }},
			{"verlenging without termijn", "verlengingstermijn", "required", func(z *catalogus.ZaakType) { z.VerlengingMogelijk = true }},
			{"no referentieproces", "referentieproces.naam", "required", func(z *catalogus.ZaakType) { z.ReferentieprocesNaam = "" }},
			{"no verantwoordelijke", "verantwoordelijke", "required", func(z *catalogus.ZaakType) { z.Verantwoordelijke = "" }},
			{"no beginGeldigheid", "beginGeldigheid", "required", func(z *catalogus.ZaakType) { z.BeginGeldigheid = date.Date{} }},
			{"einde before begin", "eindeGeldigheid", "date-mismatch", func(z *catalogus.ZaakType) { z.EindeGeldigheid = date.New(2024, 12, 31) }},
			{"selectielijst not a URL", "selectielijstProcestype", "invalid", func(z *catalogus.ZaakType) { z.SelectielijstProcestype = "procestype 1" }},
			{"empty trefwoord", "trefwoorden", "blank", func(z *catalogus.ZaakType) { z.Trefwoorden = []string{"a", " "} }},
			{"unknown catalogus", "catalogus", "does_not_exist", func(z *catalogus.ZaakType) { z.CatalogusID = "8d3c5c0e-0000-4000-8000-000000000000" }},
			{"no catalogus", "catalogus", "required", func(z *catalogus.ZaakType) { z.CatalogusID = "" }},
			{"unknown team", "team", "does_not_exist", func(z *catalogus.ZaakType) { z.TeamID = "8d3c5c0e-0000-4000-8000-000000000000" }},
		}
		before := counts(t, d)
		for _, tc := range cases {
			z := validZaakType(c.ID)
			tc.mod(&z)
			_, err := s.CreateZaakType(ctx, z)
			t.Run(tc.name, func(t *testing.T) { wantField(t, err, tc.field, tc.code) })
		}
		sameCounts(t, d, before)

		// A valid zaaktype round-trips every field.
		in := validZaakType(c.ID)
		in.Servicenorm, in.VerlengingMogelijk, in.Verlengingstermijn = termijn.Days(3), true, termijn.Weeks(2)
		in.OpschortingEnAanhoudingMogelijk, in.Complex, in.PublicatieIndicatie = true, true, true
		in.Verantwoordingsrelatie = []string{"https://example.org/relatie"}
		in.ProductenOfDiensten = []string{"https://pdc.voorbeeld.nl/paspoort"}
		in.ReferentieprocesLink = "https://example.org/proces"
		z := must(s.CreateZaakType(ctx, in))
		if !z.Concept || z.Versiedatum != in.BeginGeldigheid || z.Servicenorm.String() != "P3D" || z.Verlengingstermijn.String() != "P2W" ||
			!z.Complex || !z.OpschortingEnAanhoudingMogelijk || len(z.Trefwoorden) != 2 || z.ProductenOfDiensten[0] != in.ProductenOfDiensten[0] ||
			z.Verantwoordingsrelatie[0] != in.Verantwoordingsrelatie[0] || z.ReferentieprocesLink != in.ReferentieprocesLink ||
			!z.EindeGeldigheid.IsZero() || z.TeamID != "" || len(z.StatusTypen) != 0 {
			t.Errorf("stored zaaktype: %+v", z)
		}
		// Identificatie is generated when empty.
		in = validZaakType(c.ID)
		in.Identificatie = ""
		if z := must(s.CreateZaakType(ctx, in)); z.Identificatie == "" {
			t.Error("no identificatie generated")
		}
		// A concept may be updated; validation applies there too.
		upd := *z
		upd.Omschrijving = "Paspoort of ID-kaart"
		z2 := must(s.UpdateZaakType(ctx, z.ID, upd, catalogus.Options{}))
		if z2.Omschrijving != "Paspoort of ID-kaart" || z2.CatalogusID != c.ID {
			t.Errorf("updated: %+v", z2)
		}
		upd.Vertrouwelijkheidaanduiding = "x"
		_, err := s.UpdateZaakType(ctx, z.ID, upd, catalogus.Options{})
		wantField(t, err, "vertrouwelijkheidaanduiding", "invalid_choice")
		_, err = s.UpdateZaakType(ctx, "8d3c5c0e-0000-4000-8000-000000000000", upd, catalogus.Options{})
		wantKind(t, err, errs.NotFound)

		// Every change is in the audit trail, with old and new.
		rows := must(audit.ForResource(ctx, d.R, "zaaktype", z.ID))
		acties := map[string]audit.Row{}
		for _, r := range rows {
			acties[r.Actie] = r
		}
		u, found := acties["update"]
		if len(rows) != 2 || !found || acties["create"].Nieuw == nil || u.Bron != "ZTC" || u.Oud == nil || u.Nieuw == nil ||
			u.GebruikersID != "u1" || !u.At.Equal(time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)) {
			t.Errorf("audit: %d rows, %v", len(rows), acties)
		}
	})
}

func TestSubresourceValidation(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := newStore(d)
		z := conceptZaakType(t, s)
		other := must(s.CreateZaakType(ctx, validZaakType(z.CatalogusID)))
		otherStatus := must(s.AddStatusType(ctx, catalogus.StatusType{ZaakTypeID: other.ID, Volgnummer: 1, Omschrijving: "X"}, catalogus.Options{}))
		none := catalogus.Options{}
		before := counts(t, d)

		// Statustypen.
		for _, tc := range []struct {
			name, field, code string
			st                catalogus.StatusType
		}{
			{"volgnummer 0", "volgnummer", "invalid", catalogus.StatusType{ZaakTypeID: z.ID, Volgnummer: 0, Omschrijving: "A"}},
			{"volgnummer 10000", "volgnummer", "invalid", catalogus.StatusType{ZaakTypeID: z.ID, Volgnummer: 10000, Omschrijving: "A"}},
			{"volgnummer taken", "volgnummer", "unique", catalogus.StatusType{ZaakTypeID: z.ID, Volgnummer: 2, Omschrijving: "A"}},
			{"no omschrijving", "omschrijving", "required", catalogus.StatusType{ZaakTypeID: z.ID, Volgnummer: 5}},
			{"no zaaktype", "zaaktype", "required", catalogus.StatusType{Volgnummer: 5, Omschrijving: "A"}},
			{"unknown zaaktype", "zaaktype", "does_not_exist", catalogus.StatusType{ZaakTypeID: "8d3c5c0e-0000-4000-8000-000000000000", Volgnummer: 5, Omschrijving: "A"}},
		} {
			_, err := s.AddStatusType(ctx, tc.st, none)
			t.Run("statustype "+tc.name, func(t *testing.T) { wantField(t, err, tc.field, tc.code) })
		}

		// Roltypen.
		_, err := s.AddRolType(ctx, catalogus.RolType{ZaakTypeID: z.ID, Omschrijving: "Klant", OmschrijvingGeneriek: "klant"}, none)
		wantField(t, err, "omschrijvingGeneriek", "invalid_choice")
		_, err = s.AddRolType(ctx, catalogus.RolType{ZaakTypeID: z.ID, OmschrijvingGeneriek: catalogus.RolAdviseur}, none)
		wantField(t, err, "omschrijving", "required")

		// Eigenschappen.
		eig := func(mod func(*catalogus.Eigenschap)) catalogus.Eigenschap {
			e := catalogus.Eigenschap{ZaakTypeID: z.ID, Naam: "aantal", Definitie: "Aantal",
				Specificatie: catalogus.EigenschapSpecificatie{Formaat: catalogus.FormaatGetal, Lengte: "3"}}
			mod(&e)
			return e
		}
		for _, tc := range []struct {
			name, field, code string
			e                 catalogus.Eigenschap
		}{
			{"bad formaat", "specificatie.formaat", "invalid_choice", eig(func(e *catalogus.Eigenschap) { e.Specificatie.Formaat = "datum-tijd" })},
			{"no formaat", "specificatie.formaat", "required", eig(func(e *catalogus.Eigenschap) { e.Specificatie.Formaat = "" })},
			{"no lengte", "specificatie.lengte", "required", eig(func(e *catalogus.Eigenschap) { e.Specificatie.Lengte = "" })},
			{"datum lengte", "specificatie.lengte", "invalid-length", eig(func(e *catalogus.Eigenschap) {
				e.Specificatie.Formaat, e.Specificatie.Lengte = catalogus.FormaatDatum, "10"
			})},
			{"naam too long", "naam", "max_length", eig(func(e *catalogus.Eigenschap) { e.Naam = "eenheelerglangenaam123" })},
			{"no definitie", "definitie", "required", eig(func(e *catalogus.Eigenschap) { e.Definitie = "" })},
			{"statustype of other zaaktype", "statustype", "relation-mismatch", eig(func(e *catalogus.Eigenschap) { e.StatusTypeID = otherStatus.ID })},
		} {
			_, err := s.AddEigenschap(ctx, tc.e, none)
			t.Run("eigenschap "+tc.name, func(t *testing.T) { wantField(t, err, tc.field, tc.code) })
		}
		sameCounts(t, d, before)

		// ztc-015: a datum eigenschap gets lengte 8, datum_tijd 14.
		e := must(s.AddEigenschap(ctx, eig(func(e *catalogus.Eigenschap) {
			e.Specificatie.Formaat, e.Specificatie.Lengte = catalogus.FormaatDatum, ""
		}), none))
		if e.Specificatie.Lengte != "8" || e.Specificatie.Kardinaliteit != "1" {
			t.Errorf("datum eigenschap: %+v", e.Specificatie)
		}
		e2 := must(s.AddEigenschap(ctx, eig(func(e *catalogus.Eigenschap) {
			e.Naam, e.Specificatie.Formaat, e.Specificatie.Lengte = "tijdstip", catalogus.FormaatDatumTijd, ""
			e.StatusTypeID = z.StatusTypen[0].ID
			e.Specificatie.Waardenverzameling = []string{"a", "b"}
		}), none))
		if e2.Specificatie.Lengte != "14" || e2.StatusTypeID != z.StatusTypen[0].ID || len(e2.Specificatie.Waardenverzameling) != 2 {
			t.Errorf("datum_tijd eigenschap: %+v", e2)
		}
		before = counts(t, d)
		_, err = s.AddEigenschap(ctx, eig(func(e *catalogus.Eigenschap) {}), none)
		wantField(t, err, "naam", "unique")
		sameCounts(t, d, before)

		// IsEindstatus follows the highest volgnummer, also when added out of order.
		must(s.AddStatusType(ctx, catalogus.StatusType{ZaakTypeID: z.ID, Volgnummer: 10, Omschrijving: "Gearchiveerd"}, none))
		must(s.AddStatusType(ctx, catalogus.StatusType{ZaakTypeID: z.ID, Volgnummer: 5, Omschrijving: "Beoordeeld"}, none))
		got := must(catalogus.GetZaakType(ctx, d.R, z.ID))
		var order []int
		for _, st := range got.StatusTypen {
			order = append(order, st.Volgnummer)
			if st.IsEindstatus != (st.Volgnummer == 10) {
				t.Errorf("statustype %d: IsEindstatus %v", st.Volgnummer, st.IsEindstatus)
			}
		}
		if len(order) != 4 || order[0] != 1 || order[1] != 2 || order[2] != 5 || order[3] != 10 {
			t.Errorf("order: %v", order)
		}
		if got.EindStatusType().Volgnummer != 10 || got.BeginStatusType().Volgnummer != 1 {
			t.Error("begin/eind statustype")
		}
		// Updating a statustype into a taken volgnummer is refused.
		st := got.StatusTypen[2]
		st.Volgnummer = 1
		_, err = s.UpdateStatusType(ctx, st.ID, st, none)
		wantField(t, err, "volgnummer", "unique")
		st.Volgnummer = 6
		if u := must(s.UpdateStatusType(ctx, st.ID, st, none)); u.Volgnummer != 6 || u.IsEindstatus {
			t.Errorf("updated statustype: %+v", u)
		}
		// A statustype an eigenschap points at cannot be deleted.
		wantKind(t, s.DeleteStatusType(ctx, z.StatusTypen[0].ID), errs.Conflict)
	})
}

func TestResultaatTypeBrondatum(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := newStore(d)
		z := conceptZaakType(t, s)
		const p = "brondatumArchiefprocedure."
		rt := func(sl string, b catalogus.BrondatumArchiefprocedure) catalogus.ResultaatType {
			return catalogus.ResultaatType{ZaakTypeID: z.ID, Omschrijving: "Resultaat", SelectielijstProcestermijn: sl, BrondatumArchiefprocedure: b}
		}
		type B = catalogus.BrondatumArchiefprocedure
		bad := []struct {
			name, field, code string
			r                 catalogus.ResultaatType
		}{
			{"ztc-003 nihil needs afgehandeld", p + "afleidingswijze", "invalid-afleidingswijze-for-procestermijn",
				rt(catalogus.ProcestermijnNihil, B{Afleidingswijze: catalogus.AfleidingTermijn, Procestermijn: termijn.Years(5)})},
			{"ztc-003 bestaansduur needs termijn", p + "afleidingswijze", "invalid-afleidingswijze-for-procestermijn",
				rt(catalogus.ProcestermijnIngeschatteBestaansduurProcesobject, B{Afleidingswijze: catalogus.AfleidingAfgehandeld})},
			{"ztc-004 datumkenmerk for eigenschap", p + "datumkenmerk", "required", rt("", B{Afleidingswijze: catalogus.AfleidingEigenschap})},
			{"ztc-004 datumkenmerk for zaakobject", p + "datumkenmerk", "required", rt("", B{Afleidingswijze: catalogus.AfleidingZaakobject, Objecttype: "pand"})},
			{"ztc-004 no datumkenmerk for afgehandeld", p + "datumkenmerk", "must-be-empty", rt("", B{Afleidingswijze: catalogus.AfleidingAfgehandeld, Datumkenmerk: "x"})},
			{"ztc-005 einddatumBekend for afgehandeld", p + "einddatumBekend", "must-be-empty", rt("", B{Afleidingswijze: catalogus.AfleidingAfgehandeld, EinddatumBekend: true})},
			{"ztc-005 einddatumBekend for termijn", p + "einddatumBekend", "must-be-empty", rt("", B{Afleidingswijze: catalogus.AfleidingTermijn, Procestermijn: termijn.Years(1), EinddatumBekend: true})},
			{"ztc-006 objecttype for zaakobject", p + "objecttype", "required", rt("", B{Afleidingswijze: catalogus.AfleidingZaakobject, Datumkenmerk: "einddatum"})},
			{"ztc-006 objecttype for ander_datumkenmerk", p + "objecttype", "required", rt("", B{Afleidingswijze: catalogus.AfleidingAnderDatumkenmerk, Datumkenmerk: "d", Registratie: "BRP"})},
			{"ztc-006 no objecttype for eigenschap", p + "objecttype", "must-be-empty", rt("", B{Afleidingswijze: catalogus.AfleidingEigenschap, Datumkenmerk: "d", Objecttype: "pand"})},
			{"ztc-007 registratie for ander_datumkenmerk", p + "registratie", "required", rt("", B{Afleidingswijze: catalogus.AfleidingAnderDatumkenmerk, Datumkenmerk: "d", Objecttype: "pand"})},
			{"ztc-007 no registratie for zaakobject", p + "registratie", "must-be-empty", rt("", B{Afleidingswijze: catalogus.AfleidingZaakobject, Datumkenmerk: "d", Objecttype: "pand", Registratie: "BAG"})},
			{"ztc-008 procestermijn for termijn", p + "procestermijn", "required", rt("", B{Afleidingswijze: catalogus.AfleidingTermijn})},
			{"ztc-008 no procestermijn for hoofdzaak", p + "procestermijn", "must-be-empty", rt("", B{Afleidingswijze: catalogus.AfleidingHoofdzaak, Procestermijn: termijn.Years(1)})},
			{"unknown afleidingswijze", p + "afleidingswijze", "invalid_choice", rt("", B{Afleidingswijze: "besluit"})},
			{"fields without afleidingswijze", p + "afleidingswijze", "required", rt("", B{Datumkenmerk: "x"})},
			{"bad archiefnominatie", "archiefnominatie", "invalid_choice", func() catalogus.ResultaatType {
				r := rt("", B{})
				r.Archiefnominatie = "bewaren"
				return r
			}()},
			{"bad selectielijstklasse", "selectielijstklasse", "invalid", func() catalogus.ResultaatType {
				r := rt("", B{})
				r.Selectielijstklasse = "klasse 1.1"
				return r
			}()},
			{"no omschrijving", "omschrijving", "required", func() catalogus.ResultaatType {
				r := rt("", B{})
				r.Omschrijving = ""
				return r
			}()},
		}
		before := counts(t, d)
		for _, tc := range bad {
			_, err := s.AddResultaatType(ctx, tc.r, catalogus.Options{})
			t.Run(tc.name, func(t *testing.T) { wantField(t, err, tc.field, tc.code) })
		}
		sameCounts(t, d, before)

		good := []catalogus.ResultaatType{
			rt(catalogus.ProcestermijnNihil, B{Afleidingswijze: catalogus.AfleidingAfgehandeld}),
			rt(catalogus.ProcestermijnIngeschatteBestaansduurProcesobject, B{Afleidingswijze: catalogus.AfleidingTermijn, Procestermijn: termijn.Years(5)}),
			rt("", B{Afleidingswijze: catalogus.AfleidingEigenschap, Datumkenmerk: "vervaldatum", EinddatumBekend: true}),
			rt("", B{Afleidingswijze: catalogus.AfleidingZaakobject, Datumkenmerk: "einddatum", Objecttype: "pand"}),
			rt("", B{Afleidingswijze: catalogus.AfleidingAnderDatumkenmerk, Datumkenmerk: "overlijdensdatum", Objecttype: "natuurlijk_persoon", Registratie: "BRP"}),
			rt("", B{Afleidingswijze: catalogus.AfleidingIngangsdatumBesluit}),
			rt("", B{}),
		}
		for _, r := range good {
			spec := true
			r.IndicatieSpecifiek = &spec
			r.Archiefactietermijn = termijn.Years(20)
			got := must(s.AddResultaatType(ctx, r, catalogus.Options{}))
			back := must(catalogus.GetResultaatType(ctx, d.R, got.ID))
			if back.BrondatumArchiefprocedure != r.BrondatumArchiefprocedure || back.SelectielijstProcestermijn != r.SelectielijstProcestermijn ||
				back.IndicatieSpecifiek == nil || !*back.IndicatieSpecifiek || back.Archiefactietermijn.String() != "P20Y" {
				t.Errorf("stored resultaattype: %+v", back)
			}
		}
		// The rules apply on update too.
		r := must(s.AddResultaatType(ctx, rt("", B{Afleidingswijze: catalogus.AfleidingAfgehandeld}), catalogus.Options{}))
		r.BrondatumArchiefprocedure.Afleidingswijze = catalogus.AfleidingTermijn
		_, err := s.UpdateResultaatType(ctx, r.ID, *r, catalogus.Options{})
		wantField(t, err, p+"procestermijn", "required")
		if back := must(catalogus.GetResultaatType(ctx, d.R, r.ID)); back.BrondatumArchiefprocedure.Afleidingswijze != catalogus.AfleidingAfgehandeld {
			t.Error("refused update changed the resultaattype")
		}
		r.BrondatumArchiefprocedure.Procestermijn = termijn.Years(3)
		if u := must(s.UpdateResultaatType(ctx, r.ID, *r, catalogus.Options{})); u.BrondatumArchiefprocedure.Procestermijn.String() != "P3Y" {
			t.Errorf("updated: %+v", u)
		}
	})
}

func TestTypenValidation(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := newStore(d)
		c := must(s.CreateCatalogus(ctx, validCatalogus()))
		begin := date.New(2025, time.January, 1)
		iot := func(mod func(*catalogus.InformatieObjectType)) catalogus.InformatieObjectType {
			v := catalogus.InformatieObjectType{CatalogusID: c.ID, Omschrijving: "Aanvraag", Vertrouwelijkheidaanduiding: "openbaar",
				Informatieobjectcategorie: "Aanvraag", BeginGeldigheid: begin}
			mod(&v)
			return v
		}
		before := counts(t, d)
		for _, tc := range []struct {
			name, field, code string
			v                 catalogus.InformatieObjectType
		}{
			{"no omschrijving", "omschrijving", "required", iot(func(v *catalogus.InformatieObjectType) { v.Omschrijving = "" })},
			{"bad vertrouwelijkheid", "vertrouwelijkheidaanduiding", "invalid_choice", iot(func(v *catalogus.InformatieObjectType) { v.Vertrouwelijkheidaanduiding = "geheimer" })},
			{"no categorie", "informatieobjectcategorie", "required", iot(func(v *catalogus.InformatieObjectType) { v.Informatieobjectcategorie = "" })},
			{"no begin", "beginGeldigheid", "required", iot(func(v *catalogus.InformatieObjectType) { v.BeginGeldigheid = date.Date{} })},
			{"unknown catalogus", "catalogus", "does_not_exist", iot(func(v *catalogus.InformatieObjectType) { v.CatalogusID = "8d3c5c0e-0000-4000-8000-000000000000" })},
		} {
			_, err := s.CreateInformatieObjectType(ctx, tc.v)
			t.Run("informatieobjecttype "+tc.name, func(t *testing.T) { wantField(t, err, tc.field, tc.code) })
		}
		_, err := s.CreateBesluitType(ctx, catalogus.BesluitType{CatalogusID: c.ID, Omschrijving: "Vergunning", PublicatieIndicatie: true, BeginGeldigheid: begin})
		wantField(t, err, "publicatietermijn", "required")
		_, err = s.CreateBesluitType(ctx, catalogus.BesluitType{CatalogusID: c.ID, Omschrijving: "Vergunning", BeginGeldigheid: begin, EindeGeldigheid: begin.AddDays(-1)})
		wantField(t, err, "eindeGeldigheid", "date-mismatch")
		sameCounts(t, d, before)

		v := must(s.CreateInformatieObjectType(ctx, iot(func(v *catalogus.InformatieObjectType) {
			v.Trefwoord = []string{"bouw"}
			v.OmschrijvingGeneriek.InformatieobjecttypeOmschrijvingGeneriek = "Aanvraag"
		})))
		back := must(catalogus.GetInformatieObjectType(ctx, d.R, v.ID))
		if !back.Concept || back.Trefwoord[0] != "bouw" || back.OmschrijvingGeneriek.InformatieobjecttypeOmschrijvingGeneriek != "Aanvraag" {
			t.Errorf("stored informatieobjecttype: %+v", back)
		}

		// Relations stay within one catalogus.
		c2 := validCatalogus()
		c2.Domein = "ANDER"
		other := must(s.CreateCatalogus(ctx, c2))
		bt := must(s.CreateBesluitType(ctx, catalogus.BesluitType{CatalogusID: other.ID, Omschrijving: "Besluit", BeginGeldigheid: begin}))
		z := must(s.CreateZaakType(ctx, validZaakType(c.ID)))
		before = counts(t, d)
		wantField(t, s.LinkZaakTypeBesluitType(ctx, z.ID, bt.ID, catalogus.Options{}), "besluittypen", "relation-mismatch")
		wantField(t, s.LinkBesluitTypeInformatieObjectType(ctx, bt.ID, v.ID, catalogus.Options{}), "informatieobjecttypen", "relation-mismatch")
		_, err = s.AddZaakTypeInformatieObjectType(ctx, catalogus.ZaakTypeInformatieObjectType{ZaakTypeID: z.ID, InformatieObjectTypeID: v.ID,
			Volgnummer: 1, Richting: "heen"}, catalogus.Options{})
		wantField(t, err, "richting", "invalid_choice")
		_, err = s.AddZaakTypeInformatieObjectType(ctx, catalogus.ZaakTypeInformatieObjectType{ZaakTypeID: z.ID, InformatieObjectTypeID: v.ID,
			Volgnummer: 1000, Richting: "inkomend"}, catalogus.Options{})
		wantField(t, err, "volgnummer", "invalid")
		_, err = s.AddZaakTypeInformatieObjectType(ctx, catalogus.ZaakTypeInformatieObjectType{ZaakTypeID: z.ID,
			InformatieObjectTypeID: "8d3c5c0e-0000-4000-8000-000000000000", Volgnummer: 1, Richting: "inkomend"}, catalogus.Options{})
		wantField(t, err, "informatieobjecttype", "does_not_exist")
		sameCounts(t, d, before)
		l := must(s.AddZaakTypeInformatieObjectType(ctx, catalogus.ZaakTypeInformatieObjectType{ZaakTypeID: z.ID, InformatieObjectTypeID: v.ID,
			Volgnummer: 1, Richting: "inkomend"}, catalogus.Options{}))
		_, err = s.AddZaakTypeInformatieObjectType(ctx, catalogus.ZaakTypeInformatieObjectType{ZaakTypeID: z.ID, InformatieObjectTypeID: v.ID,
			Volgnummer: 1, Richting: "uitgaand"}, catalogus.Options{})
		wantField(t, err, "volgnummer", "unique")
		l.Richting = "uitgaand"
		if u := must(s.UpdateZaakTypeInformatieObjectType(ctx, l.ID, *l, catalogus.Options{})); u.Richting != "uitgaand" {
			t.Errorf("updated ztiot: %+v", u)
		}
		// An informatieobjecttype a zaaktype uses cannot be deleted.
		wantKind(t, s.DeleteInformatieObjectType(ctx, v.ID), errs.Conflict)
	})
}

func TestParseTermijn(t *testing.T) {
	var f errs.Fields
	if d := catalogus.ParseTermijn(&f, "doorlooptijd", "P8W"); d != termijn.Weeks(8) {
		t.Errorf("P8W = %v", d)
	}
	if d := catalogus.ParseTermijn(&f, "servicenorm", ""); !d.IsZero() {
		t.Errorf("empty = %v", d)
	}
	if !f.Empty() {
		t.Fatalf("errors for valid input: %v", f.Err())
	}
	catalogus.ParseTermijn(&f, "verlengingstermijn", "8 weken")
	catalogus.ParseTermijn(&f, "reactietermijn", "PT4H")
	wantField(t, f.Err(), "verlengingstermijn", "invalid-duration")
	wantField(t, f.Err(), "reactietermijn", "invalid-duration")
}
