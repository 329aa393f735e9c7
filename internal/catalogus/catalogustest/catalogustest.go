// Package catalogustest builds realistic published zaaktypen for the tests of
// packages that use the catalogue.
package catalogustest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/gemeenten/loket/internal/catalogus"
	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/termijn"
)

// RSIN is the (elfproef-valid) RSIN of the test catalogus.
const RSIN = "002220647"

// Domein of the test catalogus.
const Domein = "TEST"

// Fixture is everything Build created.
type Fixture struct {
	Catalogus            *catalogus.Catalogus
	ZaakType             *catalogus.ZaakType // published, with subresources loaded
	InformatieObjectType *catalogus.InformatieObjectType
	BesluitType          *catalogus.BesluitType
}

// Option changes what Build creates.
type Option func(*config)

type config struct {
	z       catalogus.ZaakType
	concept bool
}

// With changes any field of the zaaktype before it is created.
func With(fn func(z *catalogus.ZaakType)) Option { return func(c *config) { fn(&c.z) } }

// Concept leaves the zaaktype unpublished (its informatieobjecttype and
// besluittype are still published).
func Concept() Option { return func(c *config) { c.concept = true } }

// Identificatie sets the zaaktype's identificatie (default OMGEVINGSVERGUNNING,
// with a number appended when the database already has one).
func Identificatie(id string) Option {
	return With(func(z *catalogus.ZaakType) { z.Identificatie = id })
}

// Doorlooptijd sets the doorlooptijd (default P8W).
func Doorlooptijd(d string) Option {
	return With(func(z *catalogus.ZaakType) { z.Doorlooptijd = termijn.MustParseDuration(d) })
}

// Servicenorm sets the servicenorm (default P6W; "" for none).
func Servicenorm(d string) Option {
	return With(func(z *catalogus.ZaakType) {
		z.Servicenorm = termijn.Duration{}
		if d != "" {
			z.Servicenorm = termijn.MustParseDuration(d)
		}
	})
}

// NoVerlenging makes verlenging impossible.
func NoVerlenging() Option {
	return With(func(z *catalogus.ZaakType) { z.VerlengingMogelijk, z.Verlengingstermijn = false, termijn.Duration{} })
}

// NoOpschorting makes opschorting impossible.
func NoOpschorting() Option {
	return With(func(z *catalogus.ZaakType) { z.OpschortingEnAanhoudingMogelijk = false })
}

// Complex marks the zaaktype complex (N2: 15 werkdagen).
func Complex() Option { return With(func(z *catalogus.ZaakType) { z.Complex = true }) }

// Team sets the handling team.
func Team(id string) Option { return With(func(z *catalogus.ZaakType) { z.TeamID = id }) }

// BeginGeldigheid sets the start of validity (default 2020-01-01).
func BeginGeldigheid(d date.Date) Option {
	return With(func(z *catalogus.ZaakType) { z.BeginGeldigheid = d })
}

// Vertrouwelijkheidaanduiding sets it (default zaakvertrouwelijk).
func Vertrouwelijkheidaanduiding(v string) Option {
	return With(func(z *catalogus.ZaakType) { z.Vertrouwelijkheidaanduiding = v })
}

// Published creates (or reuses) the test catalogus and a published
// "Omgevingsvergunning" zaaktype: doorlooptijd P8W, servicenorm P6W,
// verlenging (P6W) and opschorting allowed, statustypen Ontvangen (1),
// In behandeling (2), Besluit genomen (3), Afgehandeld (4); resultaattypen
// Verleend (blijvend_bewaren, archiefactietermijn P10Y) and Geweigerd
// (vernietigen, P1Y), both with afleidingswijze afgehandeld; roltypen
// initiator, behandelaar and belanghebbende; eigenschap
// "kadastraleAanduiding"; a published informatieobjecttype "Aanvraag
// omgevingsvergunning" (linked with richting inkomend at status Ontvangen)
// and a published besluittype "Omgevingsvergunning" linked to both. Valid
// from 2020-01-01, open-ended. Every call in the same database adds another
// zaaktype (identificatie OMGEVINGSVERGUNNING-2, -3, ...) to the same catalogus.
func Published(t testing.TB, d *db.DB, opts ...Option) *catalogus.ZaakType {
	t.Helper()
	return Build(t, d, opts...).ZaakType
}

// Build is Published returning all created objects.
func Build(t testing.TB, d *db.DB, opts ...Option) *Fixture {
	t.Helper()
	f, err := build(context.Background(), d, opts...)
	if err != nil {
		t.Fatalf("catalogustest: %v", err)
	}
	return f
}

func build(ctx context.Context, d *db.DB, opts ...Option) (*Fixture, error) {
	s := catalogus.New(d, nil)
	f := &Fixture{}
	cats, err := catalogus.ListCatalogi(ctx, d.R, catalogus.CatalogusFilter{Domein: Domein, RSIN: RSIN}, catalogus.Page{})
	if err != nil {
		return nil, err
	}
	if len(cats.Items) > 0 {
		f.Catalogus = &cats.Items[0]
	} else if f.Catalogus, err = s.CreateCatalogus(ctx, catalogus.Catalogus{
		Domein: Domein, RSIN: RSIN, Naam: "Zaaktypecatalogus Gemeente Voorbeeld", Versie: "1",
		ContactpersoonBeheerNaam: "Functioneel beheer", ContactpersoonBeheerEmailadres: "beheer@voorbeeld.nl",
	}); err != nil {
		return nil, err
	}
	begin := date.New(2020, time.January, 1)
	z := catalogus.ZaakType{
		CatalogusID:                     f.Catalogus.ID,
		Omschrijving:                    "Omgevingsvergunning",
		Vertrouwelijkheidaanduiding:     "zaakvertrouwelijk",
		Doel:                            "Een besluit nemen op een aanvraag om een omgevingsvergunning.",
		Aanleiding:                      "Een aanvraag om een omgevingsvergunning is ontvangen.",
		IndicatieInternOfExtern:         "extern",
		HandelingInitiator:              "Aanvragen",
		Onderwerp:                       "Omgevingsvergunning",
		HandelingBehandelaar:            "Behandelen",
		Doorlooptijd:                    termijn.Weeks(8),
		Servicenorm:                     termijn.Weeks(6),
		OpschortingEnAanhoudingMogelijk: true,
		VerlengingMogelijk:              true,
		Verlengingstermijn:              termijn.Weeks(6),
		Trefwoorden:                     []string{"bouwen", "vergunning"},
		ProductenOfDiensten:             []string{"https://pdc.voorbeeld.nl/producten/omgevingsvergunning"},
		ReferentieprocesNaam:            "Vergunningverlening",
		Verantwoordelijke:               "Team Vergunningen",
		SelectielijstProcestype:         "https://selectielijst.openzaak.nl/api/v1/procestypen/aa8aa2fd-b9c6-4e34-9a6c-58a677f60ea0",
		BeginGeldigheid:                 begin,
	}
	cfg := config{z: z}
	for _, o := range opts {
		o(&cfg)
	}
	z = cfg.z
	if z.Identificatie == "" {
		all, err := catalogus.ListZaakTypen(ctx, d.R, catalogus.ZaakTypeFilter{CatalogusID: f.Catalogus.ID, Status: catalogus.StatusAlles}, catalogus.Page{PageSize: 1})
		if err != nil {
			return nil, err
		}
		z.Identificatie = "OMGEVINGSVERGUNNING"
		if all.Total > 0 {
			z.Identificatie = fmt.Sprintf("OMGEVINGSVERGUNNING-%d", all.Total+1)
		}
	}
	zt, err := s.CreateZaakType(ctx, z)
	if err != nil {
		return nil, fmt.Errorf("zaaktype: %w", err)
	}
	none := catalogus.Options{}
	var statusIDs []string
	for i, st := range []catalogus.StatusType{
		{Omschrijving: "Ontvangen", Statustekst: "Wij hebben uw aanvraag ontvangen.", Informeren: true},
		{Omschrijving: "In behandeling", Statustekst: "Wij behandelen uw aanvraag."},
		{Omschrijving: "Besluit genomen", Statustekst: "Er is een besluit genomen op uw aanvraag.", Informeren: true},
		{Omschrijving: "Afgehandeld", Statustekst: "Uw aanvraag is afgehandeld."},
	} {
		st.ZaakTypeID, st.Volgnummer = zt.ID, i+1
		n, err := s.AddStatusType(ctx, st, none)
		if err != nil {
			return nil, fmt.Errorf("statustype: %w", err)
		}
		statusIDs = append(statusIDs, n.ID)
	}
	for _, r := range []catalogus.ResultaatType{
		{
			Omschrijving:               "Verleend",
			ResultaatTypeOmschrijving:  "https://selectielijst.openzaak.nl/api/v1/resultaattypeomschrijvingen/fb65d251-1518-4185-865f-b8bdcfad07b1",
			OmschrijvingGeneriek:       "Verleend",
			Selectielijstklasse:        "https://selectielijst.openzaak.nl/api/v1/resultaten/8af64c99-a168-40dd-8afd-9fbe0597b6dc",
			SelectielijstProcestermijn: catalogus.ProcestermijnNihil,
			Archiefnominatie:           catalogus.ArchiefnominatieBlijvendBewaren,
			Archiefactietermijn:        termijn.Years(10),
			BrondatumArchiefprocedure:  catalogus.BrondatumArchiefprocedure{Afleidingswijze: catalogus.AfleidingAfgehandeld},
		},
		{
			Omschrijving:               "Geweigerd",
			ResultaatTypeOmschrijving:  "https://selectielijst.openzaak.nl/api/v1/resultaattypeomschrijvingen/ce8cf476-0b59-496f-8eee-957a7c6e2506",
			OmschrijvingGeneriek:       "Geweigerd",
			Selectielijstklasse:        "https://selectielijst.openzaak.nl/api/v1/resultaten/3f4c4d2d-d1a4-4e2c-b3a3-9d3c2a1b0e11",
			SelectielijstProcestermijn: catalogus.ProcestermijnNihil,
			Archiefnominatie:           catalogus.ArchiefnominatieVernietigen,
			Archiefactietermijn:        termijn.Years(1),
			BrondatumArchiefprocedure:  catalogus.BrondatumArchiefprocedure{Afleidingswijze: catalogus.AfleidingAfgehandeld},
		},
	} {
		r.ZaakTypeID = zt.ID
		if _, err := s.AddResultaatType(ctx, r, none); err != nil {
			return nil, fmt.Errorf("resultaattype: %w", err)
		}
	}
	for _, r := range []catalogus.RolType{
		{Omschrijving: "Aanvrager", OmschrijvingGeneriek: catalogus.RolInitiator},
		{Omschrijving: "Behandelaar", OmschrijvingGeneriek: catalogus.RolBehandelaar},
		{Omschrijving: "Belanghebbende", OmschrijvingGeneriek: catalogus.RolBelanghebbende},
	} {
		r.ZaakTypeID = zt.ID
		if _, err := s.AddRolType(ctx, r, none); err != nil {
			return nil, fmt.Errorf("roltype: %w", err)
		}
	}
	if _, err := s.AddEigenschap(ctx, catalogus.Eigenschap{
		ZaakTypeID: zt.ID, Naam: "kadastraleAanduiding", Definitie: "Kadastrale aanduiding van het perceel",
		Specificatie: catalogus.EigenschapSpecificatie{Formaat: catalogus.FormaatTekst, Lengte: "40", Kardinaliteit: "1"},
	}, none); err != nil {
		return nil, fmt.Errorf("eigenschap: %w", err)
	}
	if f.InformatieObjectType, err = s.CreateInformatieObjectType(ctx, catalogus.InformatieObjectType{
		CatalogusID: f.Catalogus.ID, Omschrijving: "Aanvraag omgevingsvergunning", Vertrouwelijkheidaanduiding: "zaakvertrouwelijk",
		Informatieobjectcategorie: "Aanvraag", BeginGeldigheid: begin,
	}); err != nil {
		return nil, fmt.Errorf("informatieobjecttype: %w", err)
	}
	if f.InformatieObjectType, err = s.PublishInformatieObjectType(ctx, f.InformatieObjectType.ID); err != nil {
		return nil, fmt.Errorf("publish informatieobjecttype: %w", err)
	}
	if f.BesluitType, err = s.CreateBesluitType(ctx, catalogus.BesluitType{
		CatalogusID: f.Catalogus.ID, Omschrijving: "Omgevingsvergunning", Besluitcategorie: "besluit",
		Reactietermijn: termijn.Weeks(6), BeginGeldigheid: begin,
	}); err != nil {
		return nil, fmt.Errorf("besluittype: %w", err)
	}
	if err := s.LinkBesluitTypeInformatieObjectType(ctx, f.BesluitType.ID, f.InformatieObjectType.ID, none); err != nil {
		return nil, err
	}
	if f.BesluitType, err = s.PublishBesluitType(ctx, f.BesluitType.ID); err != nil {
		return nil, fmt.Errorf("publish besluittype: %w", err)
	}
	if _, err := s.AddZaakTypeInformatieObjectType(ctx, catalogus.ZaakTypeInformatieObjectType{
		ZaakTypeID: zt.ID, InformatieObjectTypeID: f.InformatieObjectType.ID, Volgnummer: 1, Richting: "inkomend",
		StatusTypeID: statusIDs[0],
	}, none); err != nil {
		return nil, fmt.Errorf("zaaktype-informatieobjecttype: %w", err)
	}
	if err := s.LinkZaakTypeBesluitType(ctx, zt.ID, f.BesluitType.ID, none); err != nil {
		return nil, err
	}
	if cfg.concept {
		f.ZaakType, err = catalogus.GetZaakType(ctx, d.R, zt.ID)
	} else {
		f.ZaakType, err = s.PublishZaakType(ctx, zt.ID)
	}
	if err != nil {
		return nil, fmt.Errorf("publish zaaktype: %w", err)
	}
	return f, nil
}
