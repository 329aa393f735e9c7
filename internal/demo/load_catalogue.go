package demo

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/gemeenten/loket/internal/catalogus"
	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/termijn"
)

// catalogue is the loaded catalogue: the ids the history generator needs.
type catalogue struct {
	catalogusID string
	zaaktypen   []loadedZaakType
	iots        map[string]string // informatieobjecttype omschrijving → id
}

type loadedZaakType struct {
	def         ZaakTypeDef
	id          string
	statustypen []string // ids by volgnummer order
	resultaten  []string // ids in def order
	roltypen    map[string]string
	eigenschap  map[string]string // naam → id
	besluittype []string
}

func (l *loader) loadCatalogue(ctx context.Context) error {
	if l.teams == nil {
		l.teams = map[string]string{}
	}
	clk := &clock{t: l.start.AddDate(0, -1, -1)}
	cat, err := loadCatalogue(ctx, l.d, clk.Now, l.catalogueStart(), l.teams)
	if err != nil {
		return err
	}
	l.cat = cat
	return nil
}

// LoadCatalogue creates and publishes the demo catalogue through the
// catalogus domain package in one transaction, valid from begin. teams maps
// team codes to ids (missing teams leave the zaaktype without a team). The
// volume seeder uses it to fill a database that has no catalogue yet.
func LoadCatalogue(ctx context.Context, d *db.DB, now func() time.Time, begin date.Date, teams map[string]string) error {
	_, err := loadCatalogue(ctx, d, now, begin, teams)
	return err
}

func loadCatalogue(ctx context.Context, d *db.DB, now func() time.Time, begin date.Date, teams map[string]string) (*catalogue, error) {
	out := &catalogue{}
	err := d.Tx(ctx, func(tx *sql.Tx) error {
		s := catalogus.New(d, now).InTx(tx)
		c, err := s.CreateCatalogus(ctx, catalogus.Catalogus{
			Domein: Domein, RSIN: RSIN, Naam: "Zaaktypecatalogus " + Gemeente, Versie: "1",
			BegindatumVersie: begin, ContactpersoonBeheerNaam: "Peter Bakker",
			ContactpersoonBeheerTelefoonnummer: "14 0999", ContactpersoonBeheerEmailadres: "beheerder@voorbeeld.nl",
		})
		if err != nil {
			return fmt.Errorf("catalogus: %w", err)
		}
		out.catalogusID = c.ID

		iots := map[string]string{}
		for _, t := range InformatieObjectTypen() {
			io, err := s.CreateInformatieObjectType(ctx, catalogus.InformatieObjectType{
				CatalogusID: c.ID, Omschrijving: t.Omschrijving, Vertrouwelijkheidaanduiding: t.Vertrouwelijkheid,
				Informatieobjectcategorie: t.Categorie, BeginGeldigheid: begin,
			})
			if err != nil {
				return fmt.Errorf("informatieobjecttype %s: %w", t.Omschrijving, err)
			}
			if _, err := s.PublishInformatieObjectType(ctx, io.ID); err != nil {
				return fmt.Errorf("publish informatieobjecttype %s: %w", t.Omschrijving, err)
			}
			iots[t.Omschrijving] = io.ID
		}
		out.iots = iots
		bts := map[string]string{}
		for _, t := range BesluitTypen() {
			bt := catalogus.BesluitType{
				CatalogusID: c.ID, Omschrijving: t.Omschrijving, OmschrijvingGeneriek: t.Omschrijving,
				Besluitcategorie: t.Categorie, Reactietermijn: termijn.MustParseDuration(t.Reactietermijn),
				PublicatieIndicatie: t.Publicatie, BeginGeldigheid: begin,
			}
			if t.Publicatietermijn != "" {
				bt.Publicatietermijn = termijn.MustParseDuration(t.Publicatietermijn)
				bt.Publicatietekst = "Het besluit wordt gepubliceerd op overheid.nl."
			}
			b, err := s.CreateBesluitType(ctx, bt)
			if err != nil {
				return fmt.Errorf("besluittype %s: %w", t.Omschrijving, err)
			}
			for _, io := range []string{"Besluit"} {
				if err := s.LinkBesluitTypeInformatieObjectType(ctx, b.ID, iots[io], catalogus.Options{}); err != nil {
					return fmt.Errorf("besluittype %s ↔ %s: %w", t.Omschrijving, io, err)
				}
			}
			if _, err := s.PublishBesluitType(ctx, b.ID); err != nil {
				return fmt.Errorf("publish besluittype %s: %w", t.Omschrijving, err)
			}
			bts[t.Omschrijving] = b.ID
		}

		for _, def := range ZaakTypen() {
			lz, err := createZaakType(ctx, s, c.ID, def, begin, teams, iots, bts)
			if err != nil {
				return fmt.Errorf("zaaktype %s: %w", def.Identificatie, err)
			}
			out.zaaktypen = append(out.zaaktypen, *lz)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func optDuration(s string) termijn.Duration {
	if s == "" {
		return termijn.Duration{}
	}
	return termijn.MustParseDuration(s)
}

func createZaakType(ctx context.Context, s *catalogus.Store, catID string, def ZaakTypeDef, begin date.Date,
	teams, iots, bts map[string]string) (*loadedZaakType, error) {
	zt, err := s.CreateZaakType(ctx, catalogus.ZaakType{
		CatalogusID: catID, Identificatie: def.Identificatie, Omschrijving: def.Omschrijving,
		OmschrijvingGeneriek: def.Product, Vertrouwelijkheidaanduiding: def.Vertrouwelijkheid,
		Doel: def.Doel, Aanleiding: def.Aanleiding, IndicatieInternOfExtern: "extern",
		HandelingInitiator: def.HandelingInitiator, Onderwerp: def.Onderwerp,
		HandelingBehandelaar: def.HandelingBehandelaar, Doorlooptijd: termijn.MustParseDuration(def.Doorlooptijd),
		Servicenorm: optDuration(def.Servicenorm), OpschortingEnAanhoudingMogelijk: def.Opschorting,
		VerlengingMogelijk: def.Verlenging, Verlengingstermijn: optDuration(def.Verlengingstermijn),
		Trefwoorden: def.Trefwoorden, PublicatieIndicatie: def.Publicatie,
		Publicatietekst:         map[bool]string{true: "Aanvragen en besluiten worden gepubliceerd op overheid.nl."}[def.Publicatie],
		ProductenOfDiensten:     []string{ProductURL(def.Identificatie)},
		SelectielijstProcestype: ProcestypeURL(def.Procestype),
		ReferentieprocesNaam:    def.Omschrijving, Verantwoordelijke: Gemeente,
		Complex: def.Complex, TeamID: teams[def.Team], BeginGeldigheid: begin, Versiedatum: begin,
	})
	if err != nil {
		return nil, err
	}
	lz := &loadedZaakType{def: def, id: zt.ID, roltypen: map[string]string{}, eigenschap: map[string]string{}}
	for i, st := range def.Statustypen {
		t, err := s.AddStatusType(ctx, catalogus.StatusType{ZaakTypeID: zt.ID, Volgnummer: i + 1,
			Omschrijving: st.Omschrijving, OmschrijvingGeneriek: st.Omschrijving, Statustekst: st.Statustekst,
			Informeren: st.Informeren}, catalogus.Options{})
		if err != nil {
			return nil, fmt.Errorf("statustype %s: %w", st.Omschrijving, err)
		}
		lz.statustypen = append(lz.statustypen, t.ID)
	}
	for _, rt := range def.Resultaattypen {
		in := catalogus.ResultaatType{ZaakTypeID: zt.ID, Omschrijving: rt.Omschrijving,
			ResultaatTypeOmschrijving: ResultaattypeomschrijvingURL(rt.Generiek), OmschrijvingGeneriek: rt.Generiek,
			Selectielijstklasse: SelectielijstklasseURL(rt.SelectielijstUUID), SelectielijstProcestermijn: rt.Procestermijn,
			Archiefnominatie: rt.Archiefnominatie, Archiefactietermijn: optDuration(rt.Archiefactietermijn),
			BrondatumArchiefprocedure: catalogus.BrondatumArchiefprocedure{Afleidingswijze: rt.Afleidingswijze,
				Procestermijn: optDuration(rt.BrondatumTermijn)},
		}
		t, err := s.AddResultaatType(ctx, in, catalogus.Options{})
		if err != nil {
			return nil, fmt.Errorf("resultaattype %s: %w", rt.Omschrijving, err)
		}
		lz.resultaten = append(lz.resultaten, t.ID)
	}
	for _, r := range []struct{ omschrijving, generiek string }{
		{"Aanvrager", catalogus.RolInitiator}, {"Behandelaar", catalogus.RolBehandelaar},
		{"Belanghebbende", catalogus.RolBelanghebbende}, {"Klantcontacter", catalogus.RolKlantcontacter},
	} {
		t, err := s.AddRolType(ctx, catalogus.RolType{ZaakTypeID: zt.ID, Omschrijving: r.omschrijving,
			OmschrijvingGeneriek: r.generiek}, catalogus.Options{})
		if err != nil {
			return nil, fmt.Errorf("roltype %s: %w", r.omschrijving, err)
		}
		lz.roltypen[r.generiek] = t.ID
	}
	for _, e := range def.Eigenschappen {
		t, err := s.AddEigenschap(ctx, catalogus.Eigenschap{ZaakTypeID: zt.ID, Naam: e.Naam, Definitie: e.Definitie,
			Specificatie: catalogus.EigenschapSpecificatie{Formaat: e.Formaat, Lengte: e.Lengte, Kardinaliteit: "1",
				Waardenverzameling: e.Waarden}}, catalogus.Options{})
		if err != nil {
			return nil, fmt.Errorf("eigenschap %s: %w", e.Naam, err)
		}
		lz.eigenschap[e.Naam] = t.ID
	}
	for i, name := range def.Informatieobjecttypen {
		id, ok := iots[name]
		if !ok {
			return nil, fmt.Errorf("unknown informatieobjecttype %q", name)
		}
		richting := "inkomend"
		switch name {
		case "Ontvangstbevestiging", "Verzoek om aanvullende gegevens", "Bericht van verlenging", "Besluit", "Correspondentie":
			richting = "uitgaand"
		case "Advies", "Medisch advies":
			richting = "intern"
		}
		if _, err := s.AddZaakTypeInformatieObjectType(ctx, catalogus.ZaakTypeInformatieObjectType{ZaakTypeID: zt.ID,
			InformatieObjectTypeID: id, Volgnummer: i + 1, Richting: richting}, catalogus.Options{}); err != nil {
			return nil, fmt.Errorf("informatieobjecttype %s: %w", name, err)
		}
	}
	for _, name := range def.Besluittypen {
		id, ok := bts[name]
		if !ok {
			return nil, fmt.Errorf("unknown besluittype %q", name)
		}
		if err := s.LinkZaakTypeBesluitType(ctx, zt.ID, id, catalogus.Options{}); err != nil {
			return nil, fmt.Errorf("besluittype %s: %w", name, err)
		}
		lz.besluittype = append(lz.besluittype, id)
	}
	if _, err := s.PublishZaakType(ctx, zt.ID); err != nil {
		return nil, fmt.Errorf("publish: %w", err)
	}
	return lz, nil
}
