package demo

import (
	"context"
	"fmt"
	"io"

	"github.com/gemeenten/loket/internal/audit"
	"github.com/gemeenten/loket/internal/eform"
	"github.com/gemeenten/loket/internal/errs"
)

func num(v float64) *float64 { return &v }

// Formulieren are the e-forms of Gemeente Voorbeeld, in plain Dutch: the
// products most often requested online. Answers named after a zaaktype's
// eigenschap become that eigenschap of the zaak.
func Formulieren() []eform.FormInput {
	contact := eform.Pagina{Titel: "Uw contactgegevens", Uitleg: "Wij gebruiken deze gegevens alleen voor uw aanvraag.",
		Velden: []eform.Veld{
			{Naam: "email", Type: eform.Email, Label: "E-mailadres", Verplicht: true, Prefill: eform.PrefillEmail,
				Hulptekst: "U krijgt de ontvangstbevestiging op dit adres."},
			{Naam: "telefoon", Type: eform.Phone, Label: "Telefoonnummer", Prefill: eform.PrefillTelefoon},
		}}
	akkoord := eform.Veld{Naam: "akkoord", Type: eform.Checkbox, Label: "Ik heb dit formulier naar waarheid ingevuld", Verplicht: true}
	return []eform.FormInput{
		{Slug: "parkeervergunning", Titel: "Parkeervergunning voor bewoners aanvragen", ZaaktypeIdentificatie: "PARKEERVERGUNNING",
			Inleiding: "Woont u in een gebied met betaald parkeren? Dan kunt u een parkeervergunning aanvragen. Houd het kenteken van uw auto bij de hand.",
			Definitie: eform.Definitie{Paginas: []eform.Pagina{
				{Titel: "Uw auto", Velden: []eform.Veld{
					{Naam: "vergunninggebied", Type: eform.Choice, Label: "In welk gebied woont u?", Verplicht: true, Eigenschap: true,
						Opties: []string{"Centrum", "Stationskwartier", "Singelzone"}},
					{Naam: "kenteken", Type: eform.Text, Label: "Kenteken van de auto", Verplicht: true, Hulptekst: "Bijvoorbeeld GZ-123-K.",
						Patroon: `[A-Za-z0-9]{1,3}-?[A-Za-z0-9]{1,3}-?[A-Za-z0-9]{1,3}`, PatroonUitleg: "Vul een kenteken in zoals GZ-123-K."},
					{Naam: "eigenaar", Type: eform.Choice, Label: "Van wie is de auto?", Verplicht: true,
						Opties: []string{"Van mij", "Van mijn werkgever (leaseauto)"}},
				}},
				{Titel: "Leaseauto", Uitleg: "Alleen als de auto van uw werkgever is.", Velden: []eform.Veld{
					{Naam: "leasecontract", Type: eform.File, Label: "Verklaring van uw werkgever of leasemaatschappij",
						Hulptekst: "Hierin staat dat u de auto ook privé mag gebruiken.",
						Toon:      &eform.Voorwaarde{Veld: "eigenaar", Waarde: "Van mijn werkgever (leaseauto)"}, Verplicht: true},
				}},
				contact,
				{Titel: "Verklaring", Velden: []eform.Veld{akkoord}},
			}}},
		{Slug: "melding-openbare-ruimte", Titel: "Melding openbare ruimte doen", ZaaktypeIdentificatie: "MELDING-OR", Anoniem: true,
			Inleiding: "Ziet u iets kapot of vies op straat? Meld het ons. U hoeft niet in te loggen.",
			Definitie: eform.Definitie{Paginas: []eform.Pagina{
				{Titel: "Wat wilt u melden?", Velden: []eform.Veld{
					{Naam: "categorie", Type: eform.Choice, Label: "Waar gaat uw melding over?", Verplicht: true, Eigenschap: true,
						Opties: []string{"straatverlichting", "bestrating", "zwerfafval", "groen", "verkeersbord", "riolering", "speeltoestel"}},
					{Naam: "omschrijving", Type: eform.Textarea, Label: "Wat is er aan de hand?", Verplicht: true, Max: num(1000)},
					{Naam: "plek", Type: eform.Text, Label: "Waar is het?", Verplicht: true,
						Hulptekst: "Bijvoorbeeld: Dorpsstraat ter hoogte van nummer 12."},
					{Naam: "foto", Type: eform.File, Label: "Foto", Bestandstypen: []string{"image/jpeg", "image/png"}, MaxMB: 10},
				}},
				{Titel: "Wilt u bericht van ons?", Velden: []eform.Veld{
					{Naam: "terugkoppeling", Type: eform.Choice, Label: "Wilt u horen wat wij met uw melding doen?", Verplicht: true,
						Opties: []string{"Ja", "Nee"}},
				}},
				{Titel: "Uw e-mailadres", Velden: []eform.Veld{
					{Naam: "email", Type: eform.Email, Label: "E-mailadres", Verplicht: true, Prefill: eform.PrefillEmail,
						Hulptekst: "Wij sturen u een bericht als de melding is opgelost.",
						Toon:      &eform.Voorwaarde{Veld: "terugkoppeling", Waarde: "Ja"}},
				}},
			}}},
		{Slug: "verhuizing", Titel: "Verhuizing doorgeven", ZaaktypeIdentificatie: "VERHUIZING",
			Inleiding: "Gaat u verhuizen binnen of naar onze gemeente? Geef uw nieuwe adres door, uiterlijk 5 dagen na de verhuizing.",
			Definitie: eform.Definitie{Paginas: []eform.Pagina{
				{Titel: "Uw nieuwe adres", Velden: []eform.Veld{
					{Naam: "nieuw_adres", Type: eform.Address, Label: "Nieuw adres", Verplicht: true},
					{Naam: "verhuisdatum", Type: eform.Date, Label: "Datum van de verhuizing", Verplicht: true, Eigenschap: true,
						Min: num(-28), Max: num(28), Hulptekst: "Niet eerder dan 4 weken voor en niet later dan 4 weken na vandaag."},
					{Naam: "meeverhuizers", Type: eform.Number, Label: "Hoeveel mensen verhuizen met u mee?", Verplicht: true,
						Min: num(0), Max: num(15)},
				}},
				contact,
				{Titel: "Verklaring", Velden: []eform.Veld{akkoord}},
			}}},
		{Slug: "hondenbelasting", Titel: "Hond aan- of afmelden voor de hondenbelasting", ZaaktypeIdentificatie: "HONDENBELASTING",
			Inleiding: "Heeft u een hond gekregen, of is uw hond overleden of weg? Geef het ons door.",
			Definitie: eform.Definitie{Paginas: []eform.Pagina{
				{Titel: "Uw hond", Velden: []eform.Veld{
					{Naam: "aanafmelding", Type: eform.Choice, Label: "Wat wilt u doorgeven?", Verplicht: true,
						Opties: []string{"Aanmelden", "Afmelden"}},
					{Naam: "aantal_honden", Type: eform.Number, Label: "Hoeveel honden heeft u nu?", Verplicht: true, Eigenschap: true,
						Min: num(0), Max: num(20)},
					{Naam: "per", Type: eform.Date, Label: "Vanaf welke datum?", Verplicht: true, Min: num(-365), Max: num(60)},
				}},
				contact,
			}}},
		{Slug: "evenementenvergunning", Titel: "Evenementenvergunning aanvragen", ZaaktypeIdentificatie: "EVENEMENT",
			Inleiding: "Organiseert u een evenement, zoals een buurtfeest, markt of concert? Vraag dan minstens 8 weken van tevoren een vergunning aan.",
			Definitie: eform.Definitie{Paginas: []eform.Pagina{
				{Titel: "Uw evenement", Velden: []eform.Veld{
					{Naam: "naam_evenement", Type: eform.Text, Label: "Naam van het evenement", Verplicht: true, Max: num(100)},
					{Naam: "datum_evenement", Type: eform.Date, Label: "Datum van het evenement", Verplicht: true, Eigenschap: true,
						Min: num(56), Max: num(730), Hulptekst: "Minstens 8 weken na vandaag."},
					{Naam: "bezoekers", Type: eform.Number, Label: "Hoeveel bezoekers verwacht u?", Verplicht: true, Eigenschap: true,
						Min: num(1), Max: num(100000)},
					{Naam: "onderdelen", Type: eform.MultiChoice, Label: "Wat is er op uw evenement?",
						Opties: []string{"Muziek", "Verkoop van eten of drinken", "Alcohol", "Tent of podium", "Afsluiting van een weg"}},
					{Naam: "situatieschets", Type: eform.File, Label: "Situatieschets", Verplicht: true,
						Hulptekst: "Een tekening van de plek met daarop de tenten, podia en nooduitgangen."},
				}},
				{Titel: "Organisator", Velden: []eform.Veld{
					{Naam: "organisator", Type: eform.Text, Label: "Naam van de organisator", Verplicht: true, Prefill: eform.PrefillNaam},
					{Naam: "adres", Type: eform.Address, Label: "Adres van de organisator", Verplicht: true, Prefill: eform.PrefillAdres},
				}},
				contact,
				{Titel: "Verklaring", Velden: []eform.Veld{akkoord}},
			}}},
		{Slug: "klacht", Titel: "Een klacht indienen", ZaaktypeIdentificatie: "KLACHT",
			Inleiding: "Bent u niet tevreden over hoe een medewerker of de gemeente u heeft behandeld? Vertel het ons. Wij nemen binnen 2 werkdagen contact met u op.",
			Definitie: eform.Definitie{Paginas: []eform.Pagina{
				{Titel: "Uw klacht", Velden: []eform.Veld{
					{Naam: "wanneer", Type: eform.Date, Label: "Wanneer gebeurde het?", Verplicht: true, Min: num(-365), Max: num(0)},
					{Naam: "wat", Type: eform.Textarea, Label: "Wat is er gebeurd?", Verplicht: true, Max: num(3000)},
					{Naam: "oplossing", Type: eform.Textarea, Label: "Wat had u anders willen zien?", Max: num(1500)},
				}},
				contact,
			}}},
	}
}

// LoadFormulieren creates and publishes the demo's e-forms for the zaaktypen
// that exist. Forms that already exist are kept.
func LoadFormulieren(ctx context.Context, forms *eform.Service, log io.Writer) error {
	if log == nil {
		log = io.Discard
	}
	ctx = audit.WithActor(ctx, audit.Actor{Kind: "systeem", ID: "demo", Name: "Demo-lader"})
	n := 0
	for _, in := range Formulieren() {
		if _, err := forms.Latest(ctx, in.Slug); err == nil {
			continue
		} else if errs.KindOf(err) != errs.NotFound {
			return err
		}
		if _, err := forms.SaveForm(ctx, in); err != nil {
			return fmt.Errorf("demo form %s: %w", in.Slug, err)
		}
		if _, err := forms.Publish(ctx, in.Slug); err != nil {
			return fmt.Errorf("demo form %s: publish: %w", in.Slug, err)
		}
		n++
	}
	fmt.Fprintf(log, "  formulieren: %d\n", n)
	return nil
}
