package demo

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/gemeenten/loket/internal/audit"
	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/kennis"
	"github.com/gemeenten/loket/internal/termijn"
)

// LoadKennis writes the knowledge base of Gemeente Voorbeeld: one published
// article per product of the demo catalogue (hand-written B1 texts for the
// products the KCC is asked about most, a plain text from the catalogue for
// the others), a few articles without a zaaktype, and the partner
// organisations the KCC refers to. Articles and partners that already exist
// are kept. Call it from Load after the catalogue (it links articles to the
// zaaktypen and teams by code).
func LoadKennis(ctx context.Context, d *db.DB, now time.Time, log io.Writer) error {
	if log == nil {
		log = io.Discard
	}
	ctx = audit.WithActor(ctx, audit.Actor{Kind: "systeem", ID: "demo", Name: "Demo-lader"})
	s := kennis.New(d)
	s.Now = func() time.Time { return now }
	teams, err := teamIDs(ctx, d)
	if err != nil {
		return err
	}
	n := 0
	for _, in := range KennisArtikelen() {
		in.TeamID = teams[in.TeamID]
		if in.Slug == "" {
			in.Slug = kennis.Slugify(in.Titel)
		}
		if _, err := s.GetBySlug(ctx, in.Slug); err == nil {
			continue
		} else if !errs.Is(err, errs.NotFound) {
			return err
		}
		var known []string
		for _, zt := range in.ZaakTypen {
			ok, err := db.Exists(ctx, d.R, `SELECT 1 FROM zaaktypen WHERE identificatie = $1`, zt)
			if err != nil {
				return err
			}
			if ok {
				known = append(known, zt)
			}
		}
		in.ZaakTypen = known
		a, err := s.Create(ctx, in)
		if err != nil {
			return fmt.Errorf("demo: kennisartikel %s: %w", in.Titel, err)
		}
		if _, err := s.Publish(ctx, a.Laatste.ID); err != nil {
			return fmt.Errorf("demo: kennisartikel %s: %w", in.Titel, err)
		}
		if err := s.SetReviewDate(ctx, a.ID, date.Today(now).AddDate(1, 0, 0)); err != nil {
			return err
		}
		n++
	}
	existing, err := s.Partners(ctx, false)
	if err != nil {
		return err
	}
	have := map[string]bool{}
	for _, p := range existing {
		have[p.Naam] = true
	}
	for _, p := range Partners() {
		if have[p.Naam] {
			continue
		}
		if _, err := s.CreatePartner(ctx, p); err != nil {
			return fmt.Errorf("demo: partner %s: %w", p.Naam, err)
		}
	}
	fmt.Fprintf(log, "demo: %d kennisartikelen geladen\n", n)
	return nil
}

func teamIDs(ctx context.Context, d *db.DB) (map[string]string, error) {
	rows, err := d.R.QueryContext(ctx, `SELECT code, id FROM teams`)
	if err != nil {
		return nil, fmt.Errorf("demo: teams: %w", err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var code, id string
		if err := rows.Scan(&code, &id); err != nil {
			return nil, err
		}
		out[code] = id
	}
	if err := rows.Err(); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, err
	}
	return out, nil
}

// Partners are the organisations the KCC of Gemeente Voorbeeld refers to.
func Partners() []kennis.Partner {
	return []kennis.Partner{
		{Naam: "Sociaal Wijkteam Voorbeeld", Omschrijving: "Hulp bij zorg, opvoeden, eenzaamheid, geldzorgen en huiselijke problemen. Gratis en dichtbij.",
			Telefoon: "0999 123 500", Email: "wijkteam@voorbeeld.nl", Website: "https://www.voorbeeld.nl/wijkteam"},
		{Naam: "Schuldhulp Voorbeeld", Omschrijving: "Hulp bij schulden en betalingsachterstanden, ook met een budgetcoach.",
			Telefoon: "0999 123 510", Email: "schuldhulp@voorbeeld.nl"},
		{Naam: "Het Juridisch Loket", Omschrijving: "Gratis juridisch advies voor mensen met een laag inkomen.",
			Telefoon: "0900 8020", Website: "https://www.juridischloket.nl"},
		{Naam: "Veilig Thuis", Omschrijving: "Advies en meldpunt bij huiselijk geweld en kindermishandeling. Dag en nacht bereikbaar.",
			Telefoon: "0800 2000", Website: "https://veiligthuis.nl"},
		{Naam: "Belastingdienst/Toeslagen", Omschrijving: "Vragen over zorgtoeslag, huurtoeslag, kinderopvangtoeslag en kindgebonden budget.",
			Telefoon: "0800 0543", Website: "https://www.belastingdienst.nl/toeslagen"},
	}
}

// KennisArtikelen are the demo articles. TeamID holds the team code here;
// LoadKennis replaces it with the team's id.
func KennisArtikelen() []kennis.Input {
	written := map[string]kennis.Input{}
	for _, a := range handWritten() {
		for _, zt := range a.ZaakTypen {
			written[zt] = a
		}
	}
	out := handWritten()
	for _, def := range ZaakTypen() {
		if _, ok := written[def.Identificatie]; ok {
			continue
		}
		out = append(out, fromCatalogue(def))
	}
	// The e-form link points at the demo's e-form for the product, and
	// only where there is one: a link that answers 404 helps nobody.
	forms := map[string]string{}
	for _, f := range Formulieren() {
		forms[f.ZaaktypeIdentificatie] = "/formulieren/" + f.Slug
	}
	for i := range out {
		out[i].EFormulierURL = ""
		for _, zt := range out[i].ZaakTypen {
			if u, ok := forms[zt]; ok {
				out[i].EFormulierURL = u
				break
			}
		}
	}
	return out
}

// fromCatalogue writes a plain article from the catalogue for a product
// without a hand-written text.
func fromCatalogue(def ZaakTypeDef) kennis.Input {
	kanalen := []string{"balie", "telefoon"}
	aanvragen := "Neem contact op met de gemeente. Bel 14 0999 of kom langs aan de balie van het stadhuis."
	if def.Digitaal >= 0.3 {
		kanalen = append(kanalen, "webformulier")
		aanvragen = "U regelt dit online met DigiD of eHerkenning. Lukt dat niet? Bel 14 0999, dan helpen we u."
	}
	duur := ""
	if d, err := termijn.ParseDuration(def.Doorlooptijd); err == nil && !d.IsZero() {
		duur = "De gemeente beslist binnen " + d.Dutch() + "."
		if def.Servicenorm != "" {
			if sn, err := termijn.ParseDuration(def.Servicenorm); err == nil && !sn.IsZero() {
				duur += " Meestal bent u binnen " + sn.Dutch() + " klaar."
			}
		}
	}
	in := kennis.Input{
		Titel:        def.Product,
		Samenvatting: def.Doel,
		WatIsHet:     def.Doel,
		Aanvragen:    aanvragen,
		Duur:         duur,
		Kanalen:      kanalen,
		ZaakTypen:    []string{def.Identificatie},
		TeamID:       def.Team,
		Trefwoorden:  def.Trefwoorden,
		UPNLabel:     def.Product,
	}
	if def.Digitaal >= 0.3 {
		in.EFormulierURL = "/formulieren/" + strings.ToLower(def.Identificatie)
	}
	if len(def.Besluittypen) > 0 {
		in.Bezwaar = bezwaarTekst
	}
	return in
}

const bezwaarTekst = "Bent u het niet eens met het besluit? Dan kunt u binnen 6 weken bezwaar maken. Dat doet u online met DigiD of met een brief. " +
	"Schrijf in uw brief waarom u het niet eens bent met het besluit en stuur een kopie van het besluit mee. " +
	"Wilt u eerst overleggen? Bel dan de medewerker die in de brief staat."

func handWritten() []kennis.Input {
	return []kennis.Input{
		{
			Titel:        "Paspoort aanvragen",
			Samenvatting: "U vraagt een paspoort aan bij de balie van het stadhuis. Maak eerst een afspraak. Na ongeveer 5 werkdagen haalt u het paspoort op.",
			WatIsHet:     "Een paspoort is een reisdocument. U kunt ermee reizen in en buiten Europa. U kunt er ook mee laten zien wie u bent.",
			Wie:          "U heeft de Nederlandse nationaliteit en u woont in de gemeente Voorbeeld. Ook kinderen hebben een eigen paspoort nodig. Voor een kind onder de 18 jaar moeten beide ouders toestemming geven.",
			Kosten:       "- Paspoort voor 18 jaar en ouder (10 jaar geldig): € 84,00\n- Paspoort voor kinderen onder de 18 jaar (5 jaar geldig): € 61,60\n- Spoedaanvraag: € 56,15 extra\n\nU betaalt bij de aanvraag met uw pinpas.",
			Meenemen:     "- Uw oude paspoort of identiteitskaart\n- Eén goede pasfoto van minder dan 6 maanden oud\n- Voor een kind: een formulier met de toestemming van de andere ouder en een kopie van diens identiteitsbewijs",
			Aanvragen:    "Maak een afspraak online of bel 14 0999. U moet zelf naar de balie komen, omdat wij uw vingerafdrukken nemen. Een kind onder de 12 jaar hoeft geen vingerafdrukken te geven, maar moet wel mee.",
			Duur:         "Na 5 werkdagen ligt uw paspoort klaar. U krijgt een sms of e-mail. Haal uw paspoort binnen 3 maanden op. Met spoed ligt het de volgende werkdag klaar.",
			Kanalen:      []string{"balie"},
			FAQ: []kennis.FAQ{
				{Vraag: "Kan iemand anders mijn paspoort ophalen?", Antwoord: "Ja, als u dat bij de aanvraag regelt. Die persoon neemt een machtiging en een eigen identiteitsbewijs mee."},
				{Vraag: "Mijn paspoort is kwijt of gestolen. Wat moet ik doen?", Antwoord: "Meld het kwijtraken bij de gemeente als u een nieuw paspoort aanvraagt. Bij diefstal doet u eerst aangifte bij de politie."},
				{Vraag: "Hoe lang is mijn paspoort geldig?", Antwoord: "10 jaar voor volwassenen en 5 jaar voor kinderen onder de 18 jaar."},
			},
			ZaakTypen:   []string{"PASPOORT"},
			TeamID:      "PZ",
			UPNLabel:    "Paspoort",
			UPNURI:      "https://standaarden.overheid.nl/owms/terms/paspoort",
			Trefwoorden: []string{"reisdocument", "pas", "vingerafdrukken"},
		},
		{
			Titel:        "Identiteitskaart aanvragen",
			Samenvatting: "U vraagt een identiteitskaart (ID-kaart) aan bij de balie van het stadhuis. Maak eerst een afspraak. Na ongeveer 5 werkdagen haalt u de kaart op.",
			WatIsHet:     "Met een identiteitskaart laat u zien wie u bent. U kunt er ook mee reizen in Europa en in een paar andere landen.",
			Wie:          "U heeft de Nederlandse nationaliteit en u woont in de gemeente Voorbeeld. Kinderen kunnen ook een eigen identiteitskaart krijgen.",
			Kosten:       "- Identiteitskaart voor 18 jaar en ouder (10 jaar geldig): € 77,50\n- Identiteitskaart voor kinderen onder de 18 jaar (5 jaar geldig): € 45,30\n\nU betaalt bij de aanvraag met uw pinpas.",
			Meenemen:     "- Uw oude identiteitskaart of paspoort\n- Eén goede pasfoto van minder dan 6 maanden oud",
			Aanvragen:    "Maak een afspraak online of bel 14 0999. U komt zelf naar de balie, omdat wij uw vingerafdrukken nemen.",
			Duur:         "Na 5 werkdagen ligt uw identiteitskaart klaar. U krijgt een sms of e-mail. Haal de kaart binnen 3 maanden op.",
			Kanalen:      []string{"balie"},
			FAQ: []kennis.FAQ{
				{Vraag: "Wat is het verschil met een paspoort?", Antwoord: "Met een identiteitskaart reist u alleen in Europa en een paar andere landen. Met een paspoort kunt u overal heen."},
				{Vraag: "Kan ik mijn identiteitskaart laten ophalen?", Antwoord: "Ja, als u dat bij de aanvraag regelt. Die persoon neemt een machtiging en een eigen identiteitsbewijs mee."},
			},
			ZaakTypen:   []string{"IDKAART"},
			TeamID:      "PZ",
			UPNLabel:    "Identiteitskaart",
			Trefwoorden: []string{"id-kaart", "idkaart", "identiteitsbewijs"},
		},
		{
			Titel:         "Rijbewijs aanvragen of verlengen",
			Samenvatting:  "U vraagt een nieuw rijbewijs online aan met DigiD, of aan de balie. Na 5 werkdagen haalt u het op bij het stadhuis.",
			WatIsHet:      "Met een rijbewijs mag u een auto, motor of bromfiets besturen. Uw rijbewijs is 10 jaar geldig. Vanaf 75 jaar heeft u ook een gezondheidsverklaring nodig.",
			Wie:           "U woont in de gemeente Voorbeeld en u bent geslaagd voor uw rijexamen. Of uw rijbewijs verloopt binnenkort.",
			Kosten:        "Een rijbewijs kost € 52,90. Met spoed betaalt u € 39,80 extra.",
			Meenemen:      "- Uw oude rijbewijs\n- Eén goede pasfoto van minder dan 6 maanden oud\n- Vanaf 75 jaar: een goedgekeurde gezondheidsverklaring van het CBR",
			Aanvragen:     "Online met DigiD als uw foto en handtekening al bij de overheid bekend zijn. Anders maakt u een afspraak bij de balie.",
			Duur:          "Na 5 werkdagen ligt uw rijbewijs klaar. Met spoed de volgende werkdag.",
			Kanalen:       []string{"balie", "webformulier"},
			EFormulierURL: "/formulieren/rijbewijs",
			FAQ: []kennis.FAQ{
				{Vraag: "Mag ik rijden als mijn rijbewijs is verlopen?", Antwoord: "Nee. Vraag op tijd een nieuw rijbewijs aan, ongeveer 2 maanden voordat het verloopt."},
			},
			ZaakTypen:   []string{"RIJBEWIJS"},
			TeamID:      "PZ",
			UPNLabel:    "Rijbewijs",
			Trefwoorden: []string{"rijbewijs verlopen", "cbr", "auto"},
		},
		{
			Titel:         "Verhuizing doorgeven",
			Samenvatting:  "Geef uw verhuizing online door met DigiD. Dat kan vanaf 4 weken voor de verhuisdatum tot 5 dagen erna. Wij passen uw adres aan en geven het door aan andere overheden.",
			WatIsHet:      "Gaat u verhuizen? Dan moet u uw nieuwe adres doorgeven aan de gemeente. Ook als u binnen de gemeente verhuist. Wij geven uw nieuwe adres door aan bijvoorbeeld de Belastingdienst en uw zorgverzekeraar.",
			Wie:           "Iedereen die naar de gemeente Voorbeeld verhuist of in de gemeente verhuist. U kunt ook de verhuizing doorgeven voor uw partner en kinderen die met u meeverhuizen.",
			Kosten:        "Gratis.",
			Meenemen:      "Online heeft u alleen uw DigiD nodig. Woont u in bij iemand anders? Dan heeft u een toestemmingsverklaring van de hoofdbewoner nodig, met een kopie van diens identiteitsbewijs.",
			Aanvragen:     "Online met DigiD. Heeft u geen DigiD? Maak dan een afspraak aan de balie of stuur het formulier per post.",
			Duur:          "Meestal is uw nieuwe adres binnen 5 werkdagen verwerkt. Soms komen we langs om te controleren of u echt op het adres woont.",
			Kanalen:       []string{"webformulier", "balie", "post"},
			EFormulierURL: "/formulieren/verhuizing",
			FAQ: []kennis.FAQ{
				{Vraag: "Moet ik ook mijn parkeervergunning en afvalpas regelen?", Antwoord: "Ja. Een parkeervergunning is aan uw adres gekoppeld. Vraag een nieuwe aan voor uw nieuwe adres. Uw afvalpas hoort bij het huis; u krijgt de pas van uw nieuwe adres."},
				{Vraag: "Ik verhuis naar het buitenland. Wat moet ik doen?", Antwoord: "Geef uw vertrek door, uiterlijk 5 dagen voordat u vertrekt. Dat kan met DigiD of aan de balie."},
			},
			ZaakTypen:   []string{"VERHUIZING"},
			TeamID:      "PZ",
			UPNLabel:    "Verhuizing binnen Nederland",
			Trefwoorden: []string{"verhuizen", "adreswijziging", "inschrijven", "nieuw adres"},
		},
		{
			Titel:         "Parkeervergunning voor bewoners",
			Samenvatting:  "Met een parkeervergunning parkeert u in uw eigen wijk. U vraagt hem online aan met DigiD. Een vergunning kost € 120 per jaar.",
			WatIsHet:      "In het centrum en in een paar wijken betaalt u voor parkeren. Woont u daar? Dan kunt u een parkeervergunning aanvragen. Daarmee parkeert u in uw eigen vergunninggebied.",
			Wie:           "U woont in een wijk met betaald parkeren en de auto staat op uw naam of u rijdt in een lease-auto. Per adres zijn maximaal 2 vergunningen mogelijk. Soms is er een wachtlijst.",
			Kosten:        "- Eerste vergunning: € 120 per jaar\n- Tweede vergunning: € 240 per jaar",
			Meenemen:      "Het kenteken van uw auto. Rijdt u een lease-auto? Dan ook een verklaring van de leasemaatschappij.",
			Aanvragen:     "Online met DigiD. Lukt dat niet? Bel 14 0999.",
			Duur:          "U krijgt binnen 2 weken bericht. Is er een wachtlijst? Dan hoort u hoe lang u moet wachten.",
			Bezwaar:       bezwaarTekst,
			Kanalen:       []string{"webformulier", "telefoon"},
			EFormulierURL: "/formulieren/parkeervergunning",
			FAQ: []kennis.FAQ{
				{Vraag: "Ik heb een nieuwe auto. Wat moet ik doen?", Antwoord: "Geef het nieuwe kenteken online door. Dat is gratis."},
				{Vraag: "Ik ga verhuizen. Houd ik mijn vergunning?", Antwoord: "Nee. De vergunning hoort bij uw adres. Vraag een nieuwe aan als u naar een wijk met betaald parkeren verhuist."},
			},
			ZaakTypen:   []string{"PARKEERVERGUNNING"},
			TeamID:      "OR",
			UPNLabel:    "Parkeervergunning",
			Trefwoorden: []string{"parkeren", "auto", "kenteken"},
		},
		{
			Titel:         "Afvalpas en afvalcontainer",
			Samenvatting:  "Met de afvalpas opent u de ondergrondse containers en komt u in het afvalbrengstation. Iedere woning heeft een pas. Kwijt of kapot? Vraag online een nieuwe aan.",
			WatIsHet:      "Bij elke woning hoort een afvalpas. Met de pas gooit u restafval in de ondergrondse container en brengt u grof afval naar het afvalbrengstation. Heeft u een minicontainer? Dan kunt u ook een andere maat aanvragen.",
			Wie:           "Iedereen die in de gemeente Voorbeeld woont. De pas hoort bij het adres, niet bij de persoon.",
			Kosten:        "- Nieuwe afvalpas bij verlies of schade: € 15\n- Andere maat container: € 25\n- De eerste pas voor een nieuwe woning is gratis",
			Aanvragen:     "Online met DigiD, of bel 14 0999.",
			Duur:          "U krijgt de nieuwe pas binnen 2 weken thuis. Een andere container brengen we binnen 3 weken.",
			Kanalen:       []string{"webformulier", "telefoon"},
			EFormulierURL: "/formulieren/afvalcontainer",
			FAQ: []kennis.FAQ{
				{Vraag: "Mijn afvalpas werkt niet. Wat nu?", Antwoord: "Probeer een andere container. Werkt de pas nergens? Meld het online of bel 14 0999, dan krijgt u een nieuwe pas."},
				{Vraag: "Wanneer wordt mijn container geleegd?", Antwoord: "Dat ziet u in de afvalkalender op de website of in de afvalapp."},
			},
			ZaakTypen:   []string{"AFVAL-CONTAINER"},
			TeamID:      "OR",
			UPNLabel:    "Afvalcontainer",
			Trefwoorden: []string{"afval", "vuilnis", "container", "milieupas", "grofvuil"},
		},
		{
			Titel:         "Omgevingsvergunning aanvragen",
			Samenvatting:  "Wilt u bouwen, verbouwen, een boom kappen of iets aan een monument veranderen? Dan heeft u misschien een omgevingsvergunning nodig. Doe eerst de vergunningcheck op het Omgevingsloket.",
			WatIsHet:      "Voor veel bouwplannen heeft u toestemming van de gemeente nodig: de omgevingsvergunning. Bijvoorbeeld voor een dakkapel aan de voorkant, een aanbouw, het kappen van een boom of het veranderen van een monument. Voor kleine plannen, zoals een schuur in de achtertuin, is vaak geen vergunning nodig.",
			Wie:           "Iedereen met een bouwplan in de gemeente Voorbeeld. Bent u geen eigenaar van het huis? Vraag dan eerst toestemming aan de eigenaar.",
			Kosten:        "De kosten (leges) hangen af van de bouwkosten. Meestal is het 3% van de bouwkosten, met een minimum van € 150. U krijgt de rekening na het besluit.",
			Meenemen:      "- Tekeningen van de situatie nu en straks\n- Een beschrijving van het plan\n- Foto's van de plek\n- Soms een constructieberekening",
			Aanvragen:     "Doe eerst de vergunningcheck op het Omgevingsloket. Vraag daarna de vergunning aan via het Omgevingsloket. Twijfelt u? Bel Team Vergunningen voor een gratis vooroverleg.",
			Duur:          "Ontbreken er stukken? Dan krijgt u binnen 10 werkdagen een lijst. De termijn stopt tot wij de stukken hebben.",
			Bezwaar:       bezwaarTekst,
			Kanalen:       []string{"webformulier", "telefoon"},
			EFormulierURL: "https://omgevingswet.overheid.nl/vergunning-aanvragen",
			FAQ: []kennis.FAQ{
				{Vraag: "Heb ik een vergunning nodig voor een dakkapel?", Antwoord: "Aan de achterkant van het huis meestal niet. Aan de voorkant of zijkant meestal wel. Doe de vergunningcheck om het zeker te weten."},
				{Vraag: "Mijn buren gaan bouwen. Kan ik daar iets tegen doen?", Antwoord: "Ja. Als de gemeente een vergunning geeft, kunt u binnen 6 weken bezwaar maken. U vindt vergunningen in de Gemeenteberichten op overheid.nl."},
			},
			ZaakTypen:   []string{"OMGEVINGSVERGUNNING"},
			TeamID:      "VERG",
			UPNLabel:    "Omgevingsvergunning",
			UPNURI:      "https://standaarden.overheid.nl/owms/terms/omgevingsvergunning",
			Trefwoorden: []string{"bouwvergunning", "verbouwen", "dakkapel", "kappen", "boom", "aanbouw"},
		},
		{
			Titel:         "Bijzondere bijstand",
			Samenvatting:  "Heeft u een laag inkomen en onverwachte, noodzakelijke kosten die u niet zelf kunt betalen? Dan kunt u bijzondere bijstand aanvragen. Vraag het aan voordat u de kosten maakt.",
			WatIsHet:      "Bijzondere bijstand is geld voor noodzakelijke kosten die u niet kunt betalen. Bijvoorbeeld een nieuwe wasmachine als de oude kapot is, de eigen bijdrage voor rechtsbijstand, of extra kosten door ziekte.",
			Wie:           "U woont in de gemeente Voorbeeld, u bent 18 jaar of ouder en uw inkomen is laag. Uw spaargeld is niet hoger dan de grens. Het gaat om kosten die echt nodig zijn en die u niet op een andere manier vergoed krijgt, bijvoorbeeld via uw zorgverzekering.",
			Kosten:        "Aanvragen is gratis.",
			Meenemen:      "- Bewijs van uw inkomen van de laatste 3 maanden\n- Afschriften van al uw bankrekeningen van de laatste 3 maanden\n- Een offerte of rekening van de kosten",
			Aanvragen:     "Online met DigiD. Hulp nodig bij het invullen? Bel Team Werk & Inkomen of vraag het sociaal wijkteam om hulp.",
			Duur:          "Ontbreken er gegevens? Dan vragen we die op. Zijn de kosten heel dringend? Zeg het bij de aanvraag, dan kijken we of het sneller kan.",
			Bezwaar:       bezwaarTekst,
			Kanalen:       []string{"webformulier", "telefoon", "balie"},
			EFormulierURL: "/formulieren/bijzondere-bijstand",
			FAQ: []kennis.FAQ{
				{Vraag: "Ik heb de kosten al gemaakt. Kan ik nog aanvragen?", Antwoord: "Meestal niet. Vraag bijzondere bijstand aan voordat u iets koopt. Bel bij twijfel eerst Team Werk & Inkomen."},
				{Vraag: "Ik heb schulden. Kan ik ook hulp krijgen?", Antwoord: "Ja. Vraag schuldhulpverlening aan, of neem contact op met Schuldhulp Voorbeeld."},
			},
			ZaakTypen:   []string{"BIJSTAND"},
			TeamID:      "WI",
			UPNLabel:    "Bijzondere bijstand",
			Trefwoorden: []string{"uitkering", "geld", "laag inkomen", "wasmachine", "bijstand"},
		},
		{
			Titel:        "Openingstijden en afspraak maken",
			Samenvatting: "Het stadhuis is open van maandag tot en met vrijdag van 8.30 tot 17.00 uur, op donderdag tot 20.00 uur. Voor de balie maakt u eerst een afspraak, online of via 14 0999.",
			WatIsHet:     "Voor de meeste producten aan de balie heeft u een afspraak nodig. Zo hoeft u niet te wachten.",
			Aanvragen:    "Maak een afspraak online of bel 14 0999. Kunt u niet komen? Zeg uw afspraak dan af, dan kan iemand anders komen.",
			Kanalen:      []string{"telefoon", "webformulier", "balie"},
			FAQ: []kennis.FAQ{
				{Vraag: "Waar is het stadhuis?", Antwoord: "Markt 1 in Voorbeeld. Er is een parkeergarage naast het stadhuis."},
				{Vraag: "Is het stadhuis open op feestdagen?", Antwoord: "Nee. Op officiële feestdagen en op 5 mei is het stadhuis dicht."},
			},
			TeamID:      "KCC",
			Trefwoorden: []string{"openingstijden", "afspraak", "stadhuis", "balie"},
		},
	}
}
