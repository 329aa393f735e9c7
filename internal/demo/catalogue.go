package demo

// The catalogue of Gemeente Voorbeeld as plain data: the zaaktypen (and the
// products they implement), their statustypen, resultaattypen, eigenschappen,
// document types and decision types. Load feeds it through the catalogus
// domain package; the volume seeder reuses it when a database has no
// catalogue yet.

// Organisation data of the demo municipality.
const (
	// RSIN of Gemeente Voorbeeld: 002220647 passes the elfproef
	// (0·9+0·8+2·7+2·6+2·5+0·4+6·3+4·2+7·−1 = 55 = 5·11).
	RSIN       = "002220647"
	Gemeente   = "Gemeente Voorbeeld"
	Woonplaats = "Voorbeeld"
	// Domein of the demo catalogus (max 5 characters in the Catalogi API).
	Domein = "VBLD"
)

// StatusTypeDef is one step of a zaaktype's process; Statustekst is what the
// citizen reads in the PIP and in the letter, in plain Dutch.
type StatusTypeDef struct {
	Omschrijving string
	Statustekst  string
	Informeren   bool
}

// ResultaatTypeDef is a possible outcome with its archive rules. Omschrijving
// is the municipality's own label; Generiek one of the selectielijst's
// resultaattypeomschrijvingen (Toegekend, Afgewezen, Ingetrokken).
type ResultaatTypeDef struct {
	Omschrijving        string
	Generiek            string
	SelectielijstUUID   string // a resultaat of the selectielijst 2017 procestype
	Procestermijn       string // of that selectielijst resultaat
	Archiefnominatie    string
	Archiefactietermijn string
	// Afleidingswijze of the brondatum; "termijn" needs BrondatumTermijn.
	Afleidingswijze  string
	BrondatumTermijn string
	// Weight is the relative share of this outcome among closed zaken.
	Weight int
}

// EigenschapDef is a property zaken of the zaaktype carry.
type EigenschapDef struct {
	Naam      string
	Definitie string
	Formaat   string // tekst | getal | datum | datum_tijd
	Lengte    string
	Waarden   []string // waardenverzameling; also what the generator picks from
}

// ZaakTypeDef is a zaaktype with everything hanging under it.
type ZaakTypeDef struct {
	Identificatie        string
	Omschrijving         string
	Product              string // the PDC product name
	Doel                 string
	Aanleiding           string
	Onderwerp            string
	HandelingInitiator   string
	HandelingBehandelaar string
	Doorlooptijd         string // ISO 8601: the legal decision term
	Servicenorm          string // ISO 8601: the municipality's promise
	Opschorting          bool
	Verlenging           bool
	Verlengingstermijn   string
	Vertrouwelijkheid    string
	Complex              bool
	Team                 string // team code
	Procestype           int    // selectielijst procestype nummer (2017 list)
	Trefwoorden          []string
	Publicatie           bool
	Statustypen          []StatusTypeDef
	Resultaattypen       []ResultaatTypeDef
	Eigenschappen        []EigenschapDef
	// Informatieobjecttypen by omschrijving (see InformatieObjectTypen).
	Informatieobjecttypen []string
	// Besluittypen by omschrijving (see BesluitTypen).
	Besluittypen []string

	// Generator hints.
	Weight         int      // relative volume of zaken
	Bedrijf        float64  // share of initiators that are businesses
	Digitaal       float64  // share started through the web form
	Omschrijvingen []string // zaak omschrijvingen to pick from
}

// TeamDef is an organisatorische eenheid.
type TeamDef struct {
	Code     string
	Naam     string
	Email    string
	Telefoon string
	// SLA for contactverzoeken (terugbelnotities) in werkdagen.
	SLAWerkdagen int
}

// Teams of Gemeente Voorbeeld.
func Teams() []TeamDef {
	return []TeamDef{
		{"PZ", "Publiekszaken", "publiekszaken@voorbeeld.nl", "14 0999", 1},
		{"KCC", "Telefonie & Post", "info@voorbeeld.nl", "14 0999", 1},
		{"VERG", "Vergunningen", "vergunningen@voorbeeld.nl", "0999 123 410", 2},
		{"WI", "Werk & Inkomen", "werkeninkomen@voorbeeld.nl", "0999 123 420", 1},
		{"WMO", "Wmo", "wmoloket@voorbeeld.nl", "0999 123 430", 1},
		{"OR", "Openbare Ruimte", "openbareruimte@voorbeeld.nl", "0999 123 440", 2},
		{"BEL", "Belastingen", "belastingen@voorbeeld.nl", "0999 123 450", 2},
		{"JZ", "Juridische Zaken", "juridischezaken@voorbeeld.nl", "0999 123 460", 2},
	}
}

// InformatieObjectTypeDef is a document type of the catalogus.
type InformatieObjectTypeDef struct {
	Omschrijving      string
	Vertrouwelijkheid string
	Categorie         string
}

// InformatieObjectTypen of the catalogus.
func InformatieObjectTypen() []InformatieObjectTypeDef {
	return []InformatieObjectTypeDef{
		{"Aanvraag", "zaakvertrouwelijk", "Aanvraag"},
		{"Bijlage bij aanvraag", "zaakvertrouwelijk", "Bijlage"},
		{"Ontvangstbevestiging", "zaakvertrouwelijk", "Brief"},
		{"Verzoek om aanvullende gegevens", "zaakvertrouwelijk", "Brief"},
		{"Bericht van verlenging", "zaakvertrouwelijk", "Brief"},
		{"Besluit", "zaakvertrouwelijk", "Besluit"},
		{"Correspondentie", "zaakvertrouwelijk", "Brief"},
		{"Foto", "openbaar", "Afbeelding"},
		{"Bezwaarschrift", "vertrouwelijk", "Bezwaarschrift"},
		{"Advies", "intern", "Advies"},
		{"Inkomensgegevens", "vertrouwelijk", "Bijlage"},
		{"Medisch advies", "vertrouwelijk", "Advies"},
		{"Tekening", "zaakvertrouwelijk", "Tekening"},
		{"Situatieschets", "zaakvertrouwelijk", "Tekening"},
	}
}

// BesluitTypeDef is a decision type of the catalogus.
type BesluitTypeDef struct {
	Omschrijving      string
	Categorie         string
	Reactietermijn    string // bezwaartermijn
	Publicatie        bool
	Publicatietermijn string
}

// BesluitTypen of the catalogus.
func BesluitTypen() []BesluitTypeDef {
	return []BesluitTypeDef{
		{"Omgevingsvergunning", "Vergunning", "P6W", true, "P6W"},
		{"Evenementenvergunning", "Vergunning", "P6W", true, "P6W"},
		{"Collectevergunning", "Vergunning", "P6W", false, ""},
		{"Leegstandsvergunning", "Vergunning", "P6W", false, ""},
		{"Parkeervergunning", "Vergunning", "P6W", false, ""},
		{"Alcoholwetvergunning", "Vergunning", "P6W", true, "P6W"},
		{"Standplaatsvergunning", "Vergunning", "P6W", false, ""},
		{"Gehandicaptenparkeerkaart", "Beschikking", "P6W", false, ""},
		{"Beschikking bijstand", "Beschikking", "P6W", false, ""},
		{"Beschikking Wmo-maatwerkvoorziening", "Beschikking", "P6W", false, ""},
		{"Beschikking schuldhulpverlening", "Beschikking", "P6W", false, ""},
		{"Beschikking kwijtschelding", "Beschikking", "P6W", false, ""},
		{"Beslissing op bezwaar", "Beslissing op bezwaar", "P6W", false, ""},
		{"Besluit op Woo-verzoek", "Besluit", "P6W", true, "P2W"},
	}
}

// Selectielijst references. The catalogue stores URLs; these are the 2017
// procestypen and their generic resultaten of the VNG selectielijst API.
const selectielijstAPI = "https://selectielijst.openzaak.nl/api/v1/"

var procestypeUUID = map[int]string{
	5: "07c3c06a-2049-4e9e-82c5-7c1ff703c642", 6: "3030daa1-d516-4cd9-8276-ef0977e32b20",
	7: "39a1711c-f94b-4282-8ac3-7c545d8ecb04", 8: "9be366e2-f63c-494a-8a77-62446251b006",
	9: "941de99f-b702-4b3e-9df4-db370f457bea", 10: "9c051de9-988c-42fd-ba00-2eeb6f0ac423",
	11: "035d5ce8-d4f8-4f23-a386-fe2ea136d9e3", 13: "9ac48c4c-9225-4d89-a85c-178d479224c0",
	15: "2f296607-9faa-41e1-800f-e8fcaf55b9c8", 20: "b7759b9f-797c-40ac-9cbe-b82299a6d81b",
	26: "ab806bcb-4123-4eb9-b9cc-26370abc06dd",
}

// ProcestypeURL is the selectielijst URL of procestype n.
func ProcestypeURL(n int) string {
	if u, ok := procestypeUUID[n]; ok {
		return selectielijstAPI + "procestypen/" + u
	}
	return ""
}

// SelectielijstklasseURL is the URL of a selectielijst resultaat.
func SelectielijstklasseURL(uuid string) string {
	if uuid == "" {
		return ""
	}
	return selectielijstAPI + "resultaten/" + uuid
}

var resultaattypeomschrijving = map[string]string{
	"Toegekend":   "fb65d251-1518-4185-865f-b8bdcfad07b1",
	"Afgewezen":   "e6a0c939-3404-45b0-88e3-76c94fb80ea7",
	"Ingetrokken": "a6a0bd73-262a-401a-b629-9c4a908c69b5",
}

// ResultaattypeomschrijvingURL is the referentielijsten URL of a generic outcome.
func ResultaattypeomschrijvingURL(generiek string) string {
	if u, ok := resultaattypeomschrijving[generiek]; ok {
		return selectielijstAPI + "resultaattypeomschrijvingen/" + u
	}
	return ""
}

// ProductURL is the PDC URL of a product (productenOfDiensten).
func ProductURL(identificatie string) string {
	return "https://www.voorbeeld.nl/producten/" + identificatie
}

// Frequent statustype sequences, in plain language for the citizen.
var (
	stOntvangen   = StatusTypeDef{"Ontvangen", "We hebben uw aanvraag ontvangen. U krijgt binnen 3 werkdagen een ontvangstbevestiging.", true}
	stBehandeling = StatusTypeDef{"In behandeling", "Een medewerker behandelt uw aanvraag. Als we iets van u nodig hebben, nemen we contact met u op.", true}
	stAanvulling  = StatusTypeDef{"Aanvullende gegevens gevraagd", "We hebben meer informatie van u nodig. U heeft een brief gekregen met wat we nog missen en wanneer wij het uiterlijk moeten hebben.", true}
	stBeoordeling = StatusTypeDef{"Inhoudelijke beoordeling", "Uw aanvraag is compleet. We beoordelen nu of we de aanvraag kunnen toekennen.", false}
	stBesluit     = StatusTypeDef{"Besluit genomen", "We hebben een besluit genomen. U krijgt de beslissing per post of in Mijn Voorbeeld.", true}
	stAfgehandeld = StatusTypeDef{"Afgehandeld", "Uw aanvraag is afgehandeld.", true}
)

// Outcome sets, tied to the selectielijst resultaten of each procestype.
func rtLeveren(bewaar string) []ResultaatTypeDef {
	return []ResultaatTypeDef{
		{"Geleverd", "Toegekend", "ceb821a2-3b5e-421a-ac49-ebc63d15dc29", "nihil", "vernietigen", bewaar, "afgehandeld", "", 90},
		{"Ingetrokken", "Ingetrokken", "efb3590f-a18d-4ed0-9fc5-5fc5a5a99dcb", "nihil", "vernietigen", "P1Y", "afgehandeld", "", 6},
		{"Niet geleverd", "Afgewezen", "423c22eb-1237-4a8b-846d-1cb0a02d74b2", "nihil", "vernietigen", "P1Y", "afgehandeld", "", 4},
	}
}

func rtVergunning(geldig string) []ResultaatTypeDef {
	return []ResultaatTypeDef{
		// The selectielijst keeps granted permits for as long as they exist;
		// brondatum is the end of the permit's validity, approximated by a term.
		{"Vergunning verleend", "Toegekend", "67348398-2263-4aab-823d-92ae5fe8129d", "bestaansduur_procesobject", "vernietigen", "P1Y", "termijn", geldig, 78},
		{"Vergunning geweigerd", "Afgewezen", "bcd33d3a-4a34-4143-9569-4d161ea6da6b", "nihil", "vernietigen", "P5Y", "afgehandeld", "", 12},
		{"Aanvraag ingetrokken", "Ingetrokken", "bf88fe4b-cc1b-4da1-97e0-f3d695416f2a", "nihil", "vernietigen", "P1Y", "afgehandeld", "", 8},
		{"Buiten behandeling gesteld", "Afgewezen", "c448d114-c162-4509-9bfb-f699bb302a28", "nihil", "vernietigen", "P1Y", "afgehandeld", "", 2},
	}
}

func rtVoorziening() []ResultaatTypeDef {
	return []ResultaatTypeDef{
		{"Toegekend", "Toegekend", "c61aa1a8-1583-433b-a889-b3f0d53383ba", "bestaansduur_procesobject", "vernietigen", "P10Y", "termijn", "P5Y", 70},
		{"Afgewezen", "Afgewezen", "e2068367-1012-4795-984e-72901180ff80", "nihil", "vernietigen", "P5Y", "afgehandeld", "", 20},
		{"Buiten behandeling gesteld", "Afgewezen", "a3388f94-be2c-440d-a03a-dd31f42bf0bd", "nihil", "vernietigen", "P1Y", "afgehandeld", "", 6},
		{"Ingetrokken", "Ingetrokken", "bef37fe5-c9f2-4f0b-a771-3e7c4f544bec", "nihil", "vernietigen", "P10Y", "afgehandeld", "", 4},
	}
}

func rtVerzoek() []ResultaatTypeDef {
	return []ResultaatTypeDef{
		{"Ingewilligd", "Toegekend", "968dee12-73d3-4b38-933f-5b25005d4ded", "nihil", "vernietigen", "P5Y", "afgehandeld", "", 75},
		{"Afgewezen", "Afgewezen", "82d2ef7e-a074-42dd-871e-ea8735fee77a", "nihil", "vernietigen", "P1Y", "afgehandeld", "", 20},
		{"Ingetrokken", "Ingetrokken", "f9606a6a-51f1-4ea5-a385-f8f14f25e623", "nihil", "vernietigen", "P1Y", "afgehandeld", "", 5},
	}
}

func rtAangifte() []ResultaatTypeDef {
	return []ResultaatTypeDef{
		{"Verwerkt", "Toegekend", "0495bb2e-2f23-4026-a484-946ca59cf2f5", "nihil", "vernietigen", "P5Y", "afgehandeld", "", 94},
		{"Niet verwerkt", "Afgewezen", "79e3022f-5264-4b09-b4ae-ba7df013feb5", "nihil", "vernietigen", "P5Y", "afgehandeld", "", 4},
		{"Ingetrokken", "Ingetrokken", "e0cd86c9-800e-409f-8547-22eee3e36683", "nihil", "vernietigen", "P1Y", "afgehandeld", "", 2},
	}
}

func rtGeschil(gegrond, ongegrond string) []ResultaatTypeDef {
	return []ResultaatTypeDef{
		{gegrond, "Toegekend", "04c016fb-c7e6-4a77-a214-a504b469bb14", "nihil", "vernietigen", "P5Y", "afgehandeld", "", 30},
		{ongegrond, "Afgewezen", "04c016fb-c7e6-4a77-a214-a504b469bb14", "nihil", "vernietigen", "P5Y", "afgehandeld", "", 55},
		{"Ingetrokken", "Ingetrokken", "671e2d55-7416-4d8e-8b99-a2b444044e5a", "nihil", "vernietigen", "P1Y", "afgehandeld", "", 15},
	}
}

func rtHeffen() []ResultaatTypeDef {
	return []ResultaatTypeDef{
		{"Kwijtschelding verleend", "Toegekend", "b06934c5-b067-4688-b778-0727a28e6614", "nihil", "vernietigen", "P7Y", "afgehandeld", "", 60},
		{"Kwijtschelding afgewezen", "Afgewezen", "353dd261-9c4a-4751-ad91-e1634fb94896", "nihil", "vernietigen", "P1Y", "afgehandeld", "", 35},
		{"Ingetrokken", "Ingetrokken", "1bfcb621-b52a-4c3b-adb1-7fa98a223533", "nihil", "vernietigen", "P1Y", "afgehandeld", "", 5},
	}
}

var standaardDocs = []string{"Aanvraag", "Bijlage bij aanvraag", "Ontvangstbevestiging", "Verzoek om aanvullende gegevens", "Correspondentie"}

func docs(extra ...string) []string { return append(append([]string{}, standaardDocs...), extra...) }

// ZaakTypen is the catalogue of Gemeente Voorbeeld: 26 zaaktypen over all teams.
func ZaakTypen() []ZaakTypeDef {
	return []ZaakTypeDef{
		{
			Identificatie: "PASPOORT", Omschrijving: "Aanvraag paspoort", Product: "Paspoort",
			Doel:       "Een Nederlands paspoort verstrekken aan een ingezetene.",
			Aanleiding: "De burger vraagt aan de balie een paspoort aan.",
			Onderwerp:  "Reisdocument", HandelingInitiator: "Aanvragen", HandelingBehandelaar: "Verstrekken",
			Doorlooptijd: "P2W", Servicenorm: "P5D", Vertrouwelijkheid: "zaakvertrouwelijk", Team: "PZ", Procestype: 5,
			Trefwoorden: []string{"paspoort", "reisdocument", "identiteitsbewijs"},
			Statustypen: []StatusTypeDef{stOntvangen,
				{"Aanvraag doorgestuurd", "We hebben uw aanvraag doorgestuurd naar de producent van het paspoort.", false},
				{"Paspoort ontvangen", "Uw paspoort ligt klaar. Maak een afspraak om het op te halen; neem uw oude paspoort mee.", true},
				{"Uitgereikt", "U heeft uw paspoort opgehaald.", true}},
			Resultaattypen:        rtLeveren("P11Y"),
			Eigenschappen:         []EigenschapDef{{"spoed", "Spoedaanvraag (binnen 1 werkdag)", "tekst", "3", []string{"ja", "nee"}}},
			Informatieobjecttypen: []string{"Aanvraag", "Foto", "Correspondentie"},
			Weight:                180, Digitaal: 0.05,
			Omschrijvingen: []string{"Aanvraag paspoort", "Aanvraag paspoort (vernieuwing)", "Aanvraag paspoort minderjarige"},
		},
		{
			Identificatie: "IDKAART", Omschrijving: "Aanvraag identiteitskaart", Product: "Identiteitskaart",
			Doel:       "Een Nederlandse identiteitskaart verstrekken aan een ingezetene.",
			Aanleiding: "De burger vraagt aan de balie een identiteitskaart aan.",
			Onderwerp:  "Reisdocument", HandelingInitiator: "Aanvragen", HandelingBehandelaar: "Verstrekken",
			Doorlooptijd: "P2W", Servicenorm: "P5D", Vertrouwelijkheid: "zaakvertrouwelijk", Team: "PZ", Procestype: 5,
			Trefwoorden: []string{"identiteitskaart", "ID-kaart", "identiteitsbewijs"},
			Statustypen: []StatusTypeDef{stOntvangen,
				{"Aanvraag doorgestuurd", "We hebben uw aanvraag doorgestuurd naar de producent van de identiteitskaart.", false},
				{"Identiteitskaart ontvangen", "Uw identiteitskaart ligt klaar. Maak een afspraak om hem op te halen.", true},
				{"Uitgereikt", "U heeft uw identiteitskaart opgehaald.", true}},
			Resultaattypen:        rtLeveren("P11Y"),
			Informatieobjecttypen: []string{"Aanvraag", "Foto", "Correspondentie"},
			Weight:                140, Digitaal: 0.05,
			Omschrijvingen: []string{"Aanvraag identiteitskaart", "Aanvraag identiteitskaart minderjarige"},
		},
		{
			Identificatie: "RIJBEWIJS", Omschrijving: "Aanvraag rijbewijs", Product: "Rijbewijs",
			Doel:       "Een rijbewijs aanvragen bij de RDW namens de burger en uitreiken.",
			Aanleiding: "De burger vraagt een nieuw of vervangend rijbewijs aan.",
			Onderwerp:  "Rijbewijs", HandelingInitiator: "Aanvragen", HandelingBehandelaar: "Verstrekken",
			Doorlooptijd: "P2W", Servicenorm: "P5D", Vertrouwelijkheid: "zaakvertrouwelijk", Team: "PZ", Procestype: 5,
			Trefwoorden: []string{"rijbewijs", "RDW", "verlengen"},
			Statustypen: []StatusTypeDef{stOntvangen,
				{"Aanvraag bij RDW", "We hebben uw aanvraag doorgestuurd naar de RDW.", false},
				{"Rijbewijs ontvangen", "Uw rijbewijs ligt klaar. U kunt het ophalen bij de balie.", true},
				{"Uitgereikt", "U heeft uw rijbewijs opgehaald.", true}},
			Resultaattypen:        rtLeveren("P11Y"),
			Eigenschappen:         []EigenschapDef{{"categorie", "Rijbewijscategorie", "tekst", "5", []string{"AM", "A", "B", "BE", "C", "D"}}},
			Informatieobjecttypen: []string{"Aanvraag", "Foto", "Medisch advies", "Correspondentie"},
			Weight:                120, Digitaal: 0.10,
			Omschrijvingen: []string{"Verlenging rijbewijs", "Vervanging rijbewijs (vermissing)", "Omwisseling buitenlands rijbewijs"},
		},
		{
			Identificatie: "UITTREKSEL-BRP", Omschrijving: "Uittreksel Basisregistratie Personen", Product: "Uittreksel BRP",
			Doel:       "Een uittreksel uit de Basisregistratie Personen verstrekken.",
			Aanleiding: "De burger vraagt een uittreksel aan, bijvoorbeeld voor een werkgever of een woningcorporatie.",
			Onderwerp:  "Basisregistratie Personen", HandelingInitiator: "Aanvragen", HandelingBehandelaar: "Verstrekken",
			Doorlooptijd: "P5D", Servicenorm: "P1D", Vertrouwelijkheid: "zaakvertrouwelijk", Team: "PZ", Procestype: 5,
			Trefwoorden: []string{"uittreksel", "BRP", "GBA", "bewijs van inschrijving"},
			Statustypen: []StatusTypeDef{stOntvangen,
				{"In behandeling", "We maken uw uittreksel.", false},
				{"Verzonden", "We hebben het uittreksel naar u verstuurd.", true},
				{"Afgehandeld", "Uw aanvraag is afgehandeld.", false}},
			Resultaattypen:        rtLeveren("P1Y"),
			Eigenschappen:         []EigenschapDef{{"soort", "Soort uittreksel", "tekst", "40", []string{"Uittreksel BRP", "Internationaal uittreksel", "Historisch uittreksel"}}},
			Informatieobjecttypen: []string{"Aanvraag", "Correspondentie"},
			Weight:                110, Digitaal: 0.70,
			Omschrijvingen: []string{"Uittreksel BRP", "Internationaal uittreksel BRP", "Historisch uittreksel BRP"},
		},
		{
			Identificatie: "VERHUIZING", Omschrijving: "Verhuizing doorgeven", Product: "Verhuizing doorgeven",
			Doel:       "Het nieuwe adres van een ingezetene verwerken in de Basisregistratie Personen.",
			Aanleiding: "De burger meldt een verhuizing binnen de gemeente of naar de gemeente.",
			Onderwerp:  "Basisregistratie Personen", HandelingInitiator: "Melden", HandelingBehandelaar: "Registreren",
			Doorlooptijd: "P4W", Servicenorm: "P5D", Opschorting: true, Vertrouwelijkheid: "zaakvertrouwelijk", Team: "PZ", Procestype: 7,
			Trefwoorden: []string{"verhuizen", "adreswijziging", "inschrijving"},
			Statustypen: []StatusTypeDef{stOntvangen,
				{"Adresonderzoek", "We controleren uw nieuwe adres. Soms vragen we u om een huurcontract of toestemming van de hoofdbewoner.", true},
				{"Verwerkt in de BRP", "Uw nieuwe adres staat in de Basisregistratie Personen.", true},
				{"Afgehandeld", "Uw verhuizing is verwerkt.", false}},
			Resultaattypen:        rtAangifte(),
			Eigenschappen:         []EigenschapDef{{"verhuisdatum", "Datum van de verhuizing", "datum", "8", nil}},
			Informatieobjecttypen: []string{"Aanvraag", "Bijlage bij aanvraag", "Verzoek om aanvullende gegevens", "Correspondentie"},
			Weight:                150, Digitaal: 0.80,
			Omschrijvingen: []string{"Verhuizing binnen de gemeente", "Verhuizing naar Voorbeeld", "Verhuizing (gezin)"},
		},
		{
			Identificatie: "GEBOORTE", Omschrijving: "Geboorteaangifte", Product: "Geboorteaangifte",
			Doel:       "Een geboorte inschrijven in de registers van de burgerlijke stand en de BRP.",
			Aanleiding: "Een ouder doet aangifte van de geboorte van een kind.",
			Onderwerp:  "Burgerlijke stand", HandelingInitiator: "Aangeven", HandelingBehandelaar: "Registreren",
			Doorlooptijd: "P5D", Servicenorm: "P1D", Vertrouwelijkheid: "zaakvertrouwelijk", Team: "PZ", Procestype: 7,
			Trefwoorden: []string{"geboorte", "aangifte", "baby", "burgerlijke stand"},
			Statustypen: []StatusTypeDef{stOntvangen,
				{"Akte opgemaakt", "We hebben de geboorteakte opgemaakt.", true},
				{"Ingeschreven in de BRP", "Uw kind staat ingeschreven in de Basisregistratie Personen en heeft een BSN.", true},
				{"Afgehandeld", "De geboorteaangifte is afgehandeld.", false}},
			Resultaattypen:        rtAangifte(),
			Informatieobjecttypen: []string{"Aanvraag", "Correspondentie"},
			Weight:                30, Digitaal: 0.30,
			Omschrijvingen: []string{"Geboorteaangifte"},
		},
		{
			Identificatie: "HUWELIJK", Omschrijving: "Melding voorgenomen huwelijk of partnerschap", Product: "Trouwen of geregistreerd partnerschap",
			Doel:       "Een huwelijk of geregistreerd partnerschap voorbereiden en voltrekken.",
			Aanleiding: "Het paar meldt een voorgenomen huwelijk of partnerschap.",
			Onderwerp:  "Burgerlijke stand", HandelingInitiator: "Melden", HandelingBehandelaar: "Voltrekken",
			Doorlooptijd: "P26W", Servicenorm: "P2W", Opschorting: true, Vertrouwelijkheid: "zaakvertrouwelijk", Team: "PZ", Procestype: 5,
			Trefwoorden: []string{"trouwen", "huwelijk", "partnerschap", "ceremonie"},
			Statustypen: []StatusTypeDef{stOntvangen,
				{"Melding gecontroleerd", "We hebben uw melding gecontroleerd. U hoort van ons over de datum en de trouwambtenaar.", true},
				{"Ceremonie gepland", "De datum, de tijd en de locatie van de ceremonie staan vast.", true},
				{"Huwelijk voltrokken", "Gefeliciteerd! De akte is opgemaakt.", true},
				{"Afgehandeld", "Uw melding is afgehandeld.", false}},
			Resultaattypen: rtLeveren("P1Y"),
			Eigenschappen: []EigenschapDef{
				{"soort_verbintenis", "Huwelijk of geregistreerd partnerschap", "tekst", "30", []string{"huwelijk", "geregistreerd partnerschap"}},
				{"datum_ceremonie", "Gewenste datum van de ceremonie", "datum", "8", nil}},
			Informatieobjecttypen: []string{"Aanvraag", "Bijlage bij aanvraag", "Correspondentie"},
			Weight:                25, Digitaal: 0.60,
			Omschrijvingen: []string{"Melding voorgenomen huwelijk", "Melding voorgenomen partnerschap"},
		},
		{
			Identificatie: "NATURALISATIE", Omschrijving: "Naturalisatieverzoek", Product: "Naturalisatie",
			Doel:       "Een verzoek om naturalisatie tot Nederlander in behandeling nemen en aan de IND voorleggen.",
			Aanleiding: "Een vreemdeling dient een naturalisatieverzoek in bij de gemeente.",
			Onderwerp:  "Nationaliteit", HandelingInitiator: "Verzoeken", HandelingBehandelaar: "Adviseren",
			Doorlooptijd: "P52W", Servicenorm: "P26W", Opschorting: true, Vertrouwelijkheid: "vertrouwelijk", Team: "PZ", Procestype: 9,
			Trefwoorden: []string{"naturalisatie", "nationaliteit", "IND", "Nederlander worden"},
			Statustypen: []StatusTypeDef{stOntvangen,
				{"Verzoek doorgestuurd naar IND", "We hebben uw verzoek met ons advies doorgestuurd naar de IND.", true},
				{"Besluit IND ontvangen", "De IND heeft op uw verzoek beslist. U krijgt een uitnodiging voor de naturalisatieceremonie of een brief.", true},
				{"Ceremonie", "U heeft de naturalisatieceremonie bijgewoond.", true},
				{"Afgehandeld", "Uw verzoek is afgehandeld.", false}},
			Resultaattypen: []ResultaatTypeDef{
				{"Genaturaliseerd", "Toegekend", "40c230de-edaa-4f06-ae8b-d033448a03e9", "bestaansduur_procesobject", "blijvend_bewaren", "", "afgehandeld", "", 85},
				{"Niet genaturaliseerd", "Afgewezen", "22e701a0-62cd-46eb-958e-1c40d2abe91b", "nihil", "vernietigen", "P5Y", "afgehandeld", "", 10},
				{"Ingetrokken", "Ingetrokken", "ba5603c8-aa82-4977-ae37-aa0746995320", "nihil", "vernietigen", "P1Y", "afgehandeld", "", 5},
			},
			Informatieobjecttypen: []string{"Aanvraag", "Bijlage bij aanvraag", "Ontvangstbevestiging", "Verzoek om aanvullende gegevens", "Advies", "Correspondentie"},
			Weight:                6, Digitaal: 0,
			Omschrijvingen: []string{"Naturalisatieverzoek"},
		},
		{
			Identificatie: "OMGEVINGSVERGUNNING", Omschrijving: "Aanvraag omgevingsvergunning", Product: "Omgevingsvergunning",
			Doel:       "Beslissen op een aanvraag om een omgevingsvergunning voor een bouw-, kap- of milieuactiviteit.",
			Aanleiding: "Een burger of bedrijf vraagt via het Omgevingsloket een omgevingsvergunning aan.",
			Onderwerp:  "Omgevingsvergunning", HandelingInitiator: "Aanvragen", HandelingBehandelaar: "Behandelen",
			Doorlooptijd: "P8W", Servicenorm: "P7W", Opschorting: true, Verlenging: true, Verlengingstermijn: "P6W",
			Vertrouwelijkheid: "zaakvertrouwelijk", Complex: true, Team: "VERG", Procestype: 11, Publicatie: true,
			Trefwoorden: []string{"omgevingsvergunning", "bouwen", "verbouwen", "kappen", "Omgevingswet"},
			Statustypen: []StatusTypeDef{stOntvangen,
				{"Ontvankelijkheid getoetst", "We hebben gecontroleerd of uw aanvraag compleet is.", true},
				stBeoordeling,
				{"Advies ingewonnen", "We hebben advies gevraagd aan de welstandscommissie of een andere adviseur.", false},
				stBesluit, stAfgehandeld},
			Resultaattypen: rtVergunning("P20Y"),
			Eigenschappen: []EigenschapDef{
				{"activiteit", "Activiteit waarvoor vergunning wordt gevraagd", "tekst", "40", []string{"bouwen", "verbouwen", "kappen", "uitrit aanleggen", "afwijken omgevingsplan"}},
				{"bouwkosten", "Geschatte bouwkosten in euro", "getal", "10", nil}},
			Informatieobjecttypen: docs("Tekening", "Situatieschets", "Advies", "Bericht van verlenging", "Besluit"),
			Besluittypen:          []string{"Omgevingsvergunning"},
			Weight:                60, Bedrijf: 0.30, Digitaal: 0.95,
			Omschrijvingen: []string{"Uitbouw achterzijde woning", "Dakkapel voorzijde", "Kappen van een eik", "Aanleg uitrit", "Verbouwing bedrijfspand", "Plaatsen schuur"},
		},
		{
			Identificatie: "EVENEMENT", Omschrijving: "Aanvraag evenementenvergunning", Product: "Evenementenvergunning",
			Doel:       "Beslissen op een aanvraag om een evenement te organiseren.",
			Aanleiding: "Een organisator vraagt een vergunning aan voor een evenement.",
			Onderwerp:  "Evenementen", HandelingInitiator: "Aanvragen", HandelingBehandelaar: "Behandelen",
			Doorlooptijd: "P8W", Servicenorm: "P6W", Opschorting: true, Verlenging: true, Verlengingstermijn: "P4W",
			Vertrouwelijkheid: "zaakvertrouwelijk", Complex: true, Team: "VERG", Procestype: 11, Publicatie: true,
			Trefwoorden: []string{"evenement", "festival", "straatfeest", "markt"},
			Statustypen: []StatusTypeDef{stOntvangen, stBehandeling,
				{"Advies hulpdiensten", "We vragen advies aan politie, brandweer en GHOR.", false},
				stBesluit, stAfgehandeld},
			Resultaattypen: rtVergunning("P1Y"),
			Eigenschappen: []EigenschapDef{
				{"datum_evenement", "Datum van het evenement", "datum", "8", nil},
				{"bezoekers", "Verwacht aantal bezoekers", "getal", "6", nil}},
			Informatieobjecttypen: docs("Situatieschets", "Advies", "Bericht van verlenging", "Besluit"),
			Besluittypen:          []string{"Evenementenvergunning"},
			Weight:                20, Bedrijf: 0.60, Digitaal: 0.90,
			Omschrijvingen: []string{"Koningsdagfeest Dorpsstraat", "Zomerfestival Stadspark", "Straatfeest Lindelaan", "Kerstmarkt Marktplein", "Hardloopwedstrijd Voorbeeld Loop"},
		},
		{
			Identificatie: "COLLECTE", Omschrijving: "Aanvraag collectevergunning", Product: "Collectevergunning",
			Doel:       "Toestemming geven om in de gemeente geld of goederen in te zamelen.",
			Aanleiding: "Een goed doel vraagt toestemming voor een collecte.",
			Onderwerp:  "Collecte", HandelingInitiator: "Aanvragen", HandelingBehandelaar: "Verlenen",
			Doorlooptijd: "P8W", Servicenorm: "P2W", Opschorting: true, Vertrouwelijkheid: "openbaar", Team: "PZ", Procestype: 11,
			Trefwoorden:           []string{"collecte", "goed doel", "inzameling"},
			Statustypen:           []StatusTypeDef{stOntvangen, stBehandeling, stBesluit, stAfgehandeld},
			Resultaattypen:        rtVergunning("P1Y"),
			Informatieobjecttypen: docs("Besluit"),
			Besluittypen:          []string{"Collectevergunning"},
			Weight:                8, Bedrijf: 1, Digitaal: 0.85,
			Omschrijvingen: []string{"Collecte Hartstichting", "Collecte KWF", "Collecte Nierstichting", "Collecte Jantje Beton"},
		},
		{
			Identificatie: "LEEGSTAND", Omschrijving: "Aanvraag leegstandsvergunning", Product: "Leegstandsvergunning",
			Doel:       "Toestemming geven om een leegstaande woning tijdelijk te verhuren.",
			Aanleiding: "De eigenaar van een leegstaande woning wil die tijdelijk verhuren.",
			Onderwerp:  "Wonen", HandelingInitiator: "Aanvragen", HandelingBehandelaar: "Verlenen",
			Doorlooptijd: "P8W", Servicenorm: "P4W", Opschorting: true, Vertrouwelijkheid: "zaakvertrouwelijk", Team: "PZ", Procestype: 11,
			Trefwoorden:           []string{"leegstand", "tijdelijke verhuur", "Leegstandwet"},
			Statustypen:           []StatusTypeDef{stOntvangen, stBehandeling, stBesluit, stAfgehandeld},
			Resultaattypen:        rtVergunning("P5Y"),
			Informatieobjecttypen: docs("Besluit"),
			Besluittypen:          []string{"Leegstandsvergunning"},
			Weight:                5, Bedrijf: 0.2, Digitaal: 0.80,
			Omschrijvingen: []string{"Tijdelijke verhuur te koop staande woning", "Tijdelijke verhuur woning (leegstand)"},
		},
		{
			Identificatie: "PARKEERVERGUNNING", Omschrijving: "Aanvraag parkeervergunning bewoners", Product: "Parkeervergunning",
			Doel:       "Een bewoner toestemming geven om in een vergunninggebied te parkeren.",
			Aanleiding: "Een bewoner van het centrum vraagt een parkeervergunning aan.",
			Onderwerp:  "Parkeren", HandelingInitiator: "Aanvragen", HandelingBehandelaar: "Verlenen",
			Doorlooptijd: "P8W", Servicenorm: "P1W", Opschorting: true, Vertrouwelijkheid: "zaakvertrouwelijk", Team: "VERG", Procestype: 11,
			Trefwoorden:    []string{"parkeren", "parkeervergunning", "kenteken"},
			Statustypen:    []StatusTypeDef{stOntvangen, stBehandeling, stBesluit, stAfgehandeld},
			Resultaattypen: rtVergunning("P1Y"),
			Eigenschappen: []EigenschapDef{
				{"kenteken", "Kenteken van de auto", "tekst", "8", []string{"GZ-123-K", "34-XLB-7", "K-456-TR", "1-TVB-92", "S-009-JP"}},
				{"vergunninggebied", "Vergunninggebied", "tekst", "20", []string{"Centrum", "Stationskwartier", "Singelzone"}}},
			Informatieobjecttypen: docs("Besluit"),
			Besluittypen:          []string{"Parkeervergunning"},
			Weight:                45, Digitaal: 0.90,
			Omschrijvingen: []string{"Parkeervergunning bewoner", "Tweede parkeervergunning", "Bezoekersvergunning"},
		},
		{
			Identificatie: "GPK", Omschrijving: "Aanvraag gehandicaptenparkeerkaart", Product: "Gehandicaptenparkeerkaart",
			Doel:       "Iemand met een beperking toestemming geven om op gehandicaptenparkeerplaatsen te parkeren.",
			Aanleiding: "Een burger met een beperking vraagt een gehandicaptenparkeerkaart aan.",
			Onderwerp:  "Parkeren", HandelingInitiator: "Aanvragen", HandelingBehandelaar: "Verlenen",
			Doorlooptijd: "P8W", Servicenorm: "P6W", Opschorting: true, Verlenging: true, Verlengingstermijn: "P4W",
			Vertrouwelijkheid: "vertrouwelijk", Team: "WMO", Procestype: 11,
			Trefwoorden: []string{"gehandicaptenparkeerkaart", "GPK", "parkeren", "beperking"},
			Statustypen: []StatusTypeDef{stOntvangen,
				{"Medische keuring", "Een onafhankelijke arts beoordeelt uw situatie. U krijgt een uitnodiging.", true},
				stBesluit, stAfgehandeld},
			Resultaattypen:        rtVergunning("P5Y"),
			Informatieobjecttypen: docs("Medisch advies", "Foto", "Besluit"),
			Besluittypen:          []string{"Gehandicaptenparkeerkaart"},
			Weight:                12, Digitaal: 0.50,
			Omschrijvingen: []string{"Gehandicaptenparkeerkaart bestuurder", "Gehandicaptenparkeerkaart passagier"},
		},
		{
			Identificatie: "STANDPLAATS", Omschrijving: "Aanvraag standplaatsvergunning", Product: "Standplaatsvergunning",
			Doel:       "Toestemming geven om met een kraam of wagen op een vaste plek in de openbare ruimte te staan.",
			Aanleiding: "Een ondernemer vraagt een standplaats aan.",
			Onderwerp:  "Ondernemen", HandelingInitiator: "Aanvragen", HandelingBehandelaar: "Verlenen",
			Doorlooptijd: "P8W", Servicenorm: "P4W", Opschorting: true, Vertrouwelijkheid: "zaakvertrouwelijk", Team: "VERG", Procestype: 11,
			Trefwoorden:           []string{"standplaats", "kraam", "foodtruck", "markt"},
			Statustypen:           []StatusTypeDef{stOntvangen, stBehandeling, stBesluit, stAfgehandeld},
			Resultaattypen:        rtVergunning("P3Y"),
			Informatieobjecttypen: docs("Situatieschets", "Besluit"),
			Besluittypen:          []string{"Standplaatsvergunning"},
			Weight:                6, Bedrijf: 1, Digitaal: 0.80,
			Omschrijvingen: []string{"Standplaats viskraam Marktplein", "Standplaats foodtruck Stationsplein", "Standplaats bloemenkraam"},
		},
		{
			Identificatie: "ALCOHOLWET", Omschrijving: "Aanvraag alcoholwetvergunning", Product: "Drank- en horecavergunning",
			Doel:       "Toestemming geven om alcohol te schenken in een horecabedrijf.",
			Aanleiding: "Een horecaondernemer vraagt een vergunning op grond van de Alcoholwet aan.",
			Onderwerp:  "Horeca", HandelingInitiator: "Aanvragen", HandelingBehandelaar: "Verlenen",
			Doorlooptijd: "P8W", Servicenorm: "P6W", Opschorting: true, Verlenging: true, Verlengingstermijn: "P8W",
			Vertrouwelijkheid: "zaakvertrouwelijk", Team: "VERG", Procestype: 11, Publicatie: true,
			Trefwoorden: []string{"horeca", "alcohol", "drank", "Alcoholwet"},
			Statustypen: []StatusTypeDef{stOntvangen, stBehandeling,
				{"Bibob-toets", "We voeren een integriteitstoets (Bibob) uit.", false},
				stBesluit, stAfgehandeld},
			Resultaattypen:        rtVergunning("P10Y"),
			Informatieobjecttypen: docs("Tekening", "Advies", "Bericht van verlenging", "Besluit"),
			Besluittypen:          []string{"Alcoholwetvergunning"},
			Weight:                5, Bedrijf: 1, Digitaal: 0.80,
			Omschrijvingen: []string{"Alcoholwetvergunning café", "Alcoholwetvergunning restaurant", "Wijziging leidinggevende"},
		},
		{
			Identificatie: "BIJSTAND", Omschrijving: "Aanvraag bijstandsuitkering", Product: "Bijstandsuitkering",
			Doel:       "Vaststellen of iemand recht heeft op een uitkering op grond van de Participatiewet.",
			Aanleiding: "Een inwoner zonder voldoende inkomen vraagt bijstand aan.",
			Onderwerp:  "Participatiewet", HandelingInitiator: "Aanvragen", HandelingBehandelaar: "Beoordelen",
			Doorlooptijd: "P8W", Servicenorm: "P6W", Opschorting: true, Verlenging: true, Verlengingstermijn: "P4W",
			Vertrouwelijkheid: "vertrouwelijk", Team: "WI", Procestype: 8,
			Trefwoorden: []string{"bijstand", "uitkering", "Participatiewet", "inkomen"},
			Statustypen: []StatusTypeDef{stOntvangen,
				{"Intakegesprek", "U heeft een gesprek met een consulent. Neem de gevraagde papieren mee.", true},
				stAanvulling, stBeoordeling, stBesluit, stAfgehandeld},
			Resultaattypen: rtVoorziening(),
			Eigenschappen: []EigenschapDef{
				{"leefsituatie", "Leefsituatie", "tekst", "30", []string{"alleenstaand", "alleenstaande ouder", "gehuwd of samenwonend"}}},
			Informatieobjecttypen: docs("Inkomensgegevens", "Bericht van verlenging", "Besluit"),
			Besluittypen:          []string{"Beschikking bijstand"},
			Weight:                40, Digitaal: 0.75,
			Omschrijvingen: []string{"Aanvraag bijstandsuitkering", "Aanvraag bijstand (na WW)", "Aanvraag bijzondere bijstand"},
		},
		{
			Identificatie: "WMO", Omschrijving: "Aanvraag Wmo-maatwerkvoorziening", Product: "Wmo-voorziening",
			Doel:       "Beslissen op een aanvraag om ondersteuning op grond van de Wet maatschappelijke ondersteuning.",
			Aanleiding: "Een inwoner vraagt na een keukentafelgesprek een maatwerkvoorziening aan.",
			Onderwerp:  "Wmo", HandelingInitiator: "Aanvragen", HandelingBehandelaar: "Beoordelen",
			Doorlooptijd: "P8W", Servicenorm: "P6W", Opschorting: true, Verlenging: true, Verlengingstermijn: "P4W",
			Vertrouwelijkheid: "vertrouwelijk", Team: "WMO", Procestype: 8,
			Trefwoorden: []string{"Wmo", "huishoudelijke hulp", "rolstoel", "woningaanpassing", "begeleiding"},
			Statustypen: []StatusTypeDef{stOntvangen,
				{"Keukentafelgesprek", "Een consulent komt bij u thuis om te bespreken wat u nodig heeft.", true},
				{"Onderzoek", "We onderzoeken welke ondersteuning bij u past. Soms vragen we een medisch advies.", true},
				stBesluit, stAfgehandeld},
			Resultaattypen: rtVoorziening(),
			Eigenschappen: []EigenschapDef{
				{"voorziening", "Gevraagde voorziening", "tekst", "40", []string{"huishoudelijke ondersteuning", "rolstoel", "scootmobiel", "woningaanpassing", "begeleiding", "vervoersvoorziening"}}},
			Informatieobjecttypen: docs("Medisch advies", "Advies", "Bericht van verlenging", "Besluit"),
			Besluittypen:          []string{"Beschikking Wmo-maatwerkvoorziening"},
			Weight:                45, Digitaal: 0.40,
			Omschrijvingen: []string{"Huishoudelijke ondersteuning", "Scootmobiel", "Traplift", "Begeleiding thuis", "Regiotaxi-pas"},
		},
		{
			Identificatie: "SCHULDHULP", Omschrijving: "Aanvraag schuldhulpverlening", Product: "Schuldhulpverlening",
			Doel:       "Een inwoner met problematische schulden helpen naar een schuldenvrije toekomst.",
			Aanleiding: "Een inwoner meldt zich met schulden.",
			Onderwerp:  "Schulden", HandelingInitiator: "Aanmelden", HandelingBehandelaar: "Begeleiden",
			Doorlooptijd: "P8W", Servicenorm: "P4W", Opschorting: true, Vertrouwelijkheid: "vertrouwelijk", Team: "WI", Procestype: 8,
			Trefwoorden: []string{"schulden", "schuldhulp", "budgetbeheer", "Wgs"},
			Statustypen: []StatusTypeDef{stOntvangen,
				{"Eerste gesprek", "U heeft een eerste gesprek met een schuldhulpverlener (binnen 3 werkdagen bij dreigende huisuitzetting).", true},
				{"Schulden in kaart", "We brengen samen met u uw schulden en inkomsten in kaart.", true},
				stBesluit, stAfgehandeld},
			Resultaattypen:        rtVoorziening(),
			Informatieobjecttypen: docs("Inkomensgegevens", "Besluit"),
			Besluittypen:          []string{"Beschikking schuldhulpverlening"},
			Weight:                15, Digitaal: 0.40,
			Omschrijvingen: []string{"Schuldhulpverlening", "Budgetbeheer"},
		},
		{
			Identificatie: "KWIJTSCHELDING", Omschrijving: "Verzoek kwijtschelding gemeentelijke belastingen", Product: "Kwijtschelding gemeentelijke belastingen",
			Doel:       "Beslissen of iemand met een laag inkomen de gemeentelijke belastingen niet hoeft te betalen.",
			Aanleiding: "Een belastingplichtige vraagt kwijtschelding aan na de aanslag.",
			Onderwerp:  "Belastingen", HandelingInitiator: "Verzoeken", HandelingBehandelaar: "Beoordelen",
			Doorlooptijd: "P8W", Servicenorm: "P4W", Opschorting: true, Vertrouwelijkheid: "vertrouwelijk", Team: "BEL", Procestype: 10,
			Trefwoorden:           []string{"kwijtschelding", "belasting", "afvalstoffenheffing", "rioolheffing"},
			Statustypen:           []StatusTypeDef{stOntvangen, stBehandeling, stAanvulling, stBesluit, stAfgehandeld},
			Resultaattypen:        rtHeffen(),
			Eigenschappen:         []EigenschapDef{{"belastingjaar", "Belastingjaar", "getal", "4", nil}},
			Informatieobjecttypen: docs("Inkomensgegevens", "Besluit"),
			Besluittypen:          []string{"Beschikking kwijtschelding"},
			Weight:                35, Digitaal: 0.85,
			Omschrijvingen: []string{"Kwijtschelding afvalstoffenheffing en rioolheffing", "Kwijtschelding gemeentelijke belastingen"},
		},
		{
			Identificatie: "HONDENBELASTING", Omschrijving: "Aan- of afmelding hondenbelasting", Product: "Hondenbelasting",
			Doel:       "De aanslag hondenbelasting laten aansluiten op het aantal honden in het huishouden.",
			Aanleiding: "Een inwoner meldt een hond aan of af.",
			Onderwerp:  "Belastingen", HandelingInitiator: "Melden", HandelingBehandelaar: "Verwerken",
			Doorlooptijd: "P4W", Servicenorm: "P2W", Vertrouwelijkheid: "zaakvertrouwelijk", Team: "BEL", Procestype: 10,
			Trefwoorden: []string{"hond", "hondenbelasting", "aanmelden", "afmelden"},
			Statustypen: []StatusTypeDef{stOntvangen, {"Verwerkt", "We hebben uw melding verwerkt in de belastingadministratie.", true},
				{"Aanslag aangepast", "U krijgt een nieuwe of aangepaste aanslag.", true}, stAfgehandeld},
			Resultaattypen: []ResultaatTypeDef{
				{"Verwerkt", "Toegekend", "b06934c5-b067-4688-b778-0727a28e6614", "nihil", "vernietigen", "P7Y", "afgehandeld", "", 95},
				{"Ingetrokken", "Ingetrokken", "1bfcb621-b52a-4c3b-adb1-7fa98a223533", "nihil", "vernietigen", "P1Y", "afgehandeld", "", 5},
			},
			Eigenschappen:         []EigenschapDef{{"aantal_honden", "Aantal honden", "getal", "2", nil}},
			Informatieobjecttypen: []string{"Aanvraag", "Correspondentie"},
			Weight:                20, Digitaal: 0.90,
			Omschrijvingen: []string{"Aanmelding hond", "Afmelding hond"},
		},
		{
			Identificatie: "BEZWAAR", Omschrijving: "Bezwaarschrift", Product: "Bezwaar maken",
			Doel:       "Een besluit van de gemeente heroverwegen naar aanleiding van een bezwaarschrift.",
			Aanleiding: "Een belanghebbende maakt bezwaar tegen een besluit.",
			Onderwerp:  "Bezwaar", HandelingInitiator: "Indienen", HandelingBehandelaar: "Heroverwegen",
			Doorlooptijd: "P6W", Servicenorm: "P6W", Opschorting: true, Verlenging: true, Verlengingstermijn: "P6W",
			Vertrouwelijkheid: "vertrouwelijk", Team: "JZ", Procestype: 13,
			Trefwoorden: []string{"bezwaar", "bezwaarschrift", "heroverweging", "Awb"},
			Statustypen: []StatusTypeDef{stOntvangen,
				{"Ontvankelijkheid beoordeeld", "We hebben bekeken of uw bezwaar op tijd is en aan de eisen voldoet.", true},
				{"Hoorzitting", "U bent uitgenodigd voor een hoorzitting om uw bezwaar toe te lichten.", true},
				{"Beslissing op bezwaar", "Er is beslist op uw bezwaar. U krijgt de beslissing per post.", true},
				stAfgehandeld},
			Resultaattypen: rtGeschil("Gegrond", "Ongegrond"),
			Eigenschappen: []EigenschapDef{
				{"bestreden_besluit", "Kenmerk van het besluit waartegen bezwaar is gemaakt", "tekst", "40", nil},
				{"adviescommissie", "Behandeld door de bezwaarschriftencommissie", "tekst", "3", []string{"ja", "nee"}}},
			Informatieobjecttypen: []string{"Bezwaarschrift", "Ontvangstbevestiging", "Verzoek om aanvullende gegevens", "Advies", "Bericht van verlenging", "Besluit", "Correspondentie"},
			Besluittypen:          []string{"Beslissing op bezwaar"},
			Weight:                18, Bedrijf: 0.15, Digitaal: 0.50,
			Omschrijvingen: []string{"Bezwaar tegen afwijzing bijstand", "Bezwaar tegen omgevingsvergunning buren", "Bezwaar tegen WOZ-waarde", "Bezwaar tegen parkeerboete", "Bezwaar tegen Wmo-beschikking"},
		},
		{
			Identificatie: "WOO", Omschrijving: "Woo-verzoek", Product: "Informatie opvragen (Woo-verzoek)",
			Doel:       "Beslissen op een verzoek om openbaarmaking van overheidsinformatie (Wet open overheid).",
			Aanleiding: "Iemand verzoekt om openbaarmaking van documenten.",
			Onderwerp:  "Openbaarheid", HandelingInitiator: "Verzoeken", HandelingBehandelaar: "Beslissen",
			Doorlooptijd: "P4W", Servicenorm: "P4W", Opschorting: true, Verlenging: true, Verlengingstermijn: "P2W",
			Vertrouwelijkheid: "zaakvertrouwelijk", Complex: true, Team: "JZ", Procestype: 6, Publicatie: true,
			Trefwoorden: []string{"Woo", "Wob", "openbaarmaking", "documenten"},
			Statustypen: []StatusTypeDef{stOntvangen,
				{"Documenten verzameld", "We hebben de documenten verzameld die onder uw verzoek vallen.", true},
				{"Zienswijze derden", "We vragen betrokkenen om hun mening over openbaarmaking.", true},
				stBesluit, stAfgehandeld},
			Resultaattypen:        rtVerzoek(),
			Informatieobjecttypen: docs("Advies", "Bericht van verlenging", "Besluit"),
			Besluittypen:          []string{"Besluit op Woo-verzoek"},
			Weight:                8, Bedrijf: 0.3, Digitaal: 0.85,
			Omschrijvingen: []string{"Woo-verzoek subsidies evenementen", "Woo-verzoek correspondentie windpark", "Woo-verzoek onderzoek wijkaanpak"},
		},
		{
			Identificatie: "KLACHT", Omschrijving: "Klacht over gedraging van de gemeente", Product: "Klacht indienen",
			Doel:       "Een klacht over de manier waarop de gemeente iemand heeft behandeld, afhandelen.",
			Aanleiding: "Een burger of bedrijf dient een klacht in (Awb hoofdstuk 9).",
			Onderwerp:  "Klachten", HandelingInitiator: "Indienen", HandelingBehandelaar: "Afhandelen",
			Doorlooptijd: "P6W", Servicenorm: "P4W", Verlenging: true, Verlengingstermijn: "P4W",
			Vertrouwelijkheid: "vertrouwelijk", Team: "JZ", Procestype: 13,
			Trefwoorden: []string{"klacht", "ontevreden", "klachtenregeling"},
			Statustypen: []StatusTypeDef{stOntvangen,
				{"In behandeling", "Een klachtbehandelaar neemt contact met u op om de klacht te bespreken.", true},
				{"Gesprek gevoerd", "We hebben uw klacht met u besproken.", true},
				{"Afgehandeld", "U heeft een brief gekregen met ons oordeel over uw klacht.", true}},
			Resultaattypen:        rtGeschil("Klacht gegrond", "Klacht ongegrond"),
			Informatieobjecttypen: []string{"Aanvraag", "Ontvangstbevestiging", "Bericht van verlenging", "Correspondentie"},
			Weight:                15, Bedrijf: 0.1, Digitaal: 0.60,
			Omschrijvingen: []string{"Klacht over bejegening aan de balie", "Klacht over niet teruggebeld", "Klacht over lange wachttijd", "Klacht over afvalinzameling"},
		},
		{
			Identificatie: "MELDING-OR", Omschrijving: "Melding openbare ruimte", Product: "Melding openbare ruimte",
			Doel:       "Een probleem in de openbare ruimte laten oplossen.",
			Aanleiding: "Een inwoner meldt een kapotte lantaarnpaal, losliggende stoeptegel, zwerfafval of iets anders.",
			Onderwerp:  "Openbare ruimte", HandelingInitiator: "Melden", HandelingBehandelaar: "Oplossen",
			Doorlooptijd: "P2W", Servicenorm: "P5D", Vertrouwelijkheid: "openbaar", Team: "OR", Procestype: 15,
			Trefwoorden: []string{"melding", "kapot", "zwerfafval", "straatverlichting", "losse tegel"},
			Statustypen: []StatusTypeDef{
				{"Ontvangen", "We hebben uw melding ontvangen. Dank u wel!", true},
				{"Ingepland", "We hebben het werk ingepland.", true},
				{"In uitvoering", "Een ploeg is met uw melding bezig.", false},
				{"Afgehandeld", "Uw melding is opgelost.", true}},
			Resultaattypen: []ResultaatTypeDef{
				{"Opgelost", "Toegekend", "d8b21822-3ff1-4414-b17b-cbfd662b40d8", "nihil", "vernietigen", "P1Y", "afgehandeld", "", 85},
				{"Niet opgelost", "Afgewezen", "b8a84964-7cb1-4294-9fbf-edc4251f538b", "nihil", "vernietigen", "P1Y", "afgehandeld", "", 10},
				{"Doorverwezen", "Afgewezen", "3dfc1ec5-2bf5-4525-9d05-1675798dda81", "nihil", "vernietigen", "P1Y", "afgehandeld", "", 5},
			},
			Eigenschappen: []EigenschapDef{
				{"categorie", "Soort melding", "tekst", "40", []string{"straatverlichting", "bestrating", "zwerfafval", "groen", "verkeersbord", "riolering", "speeltoestel"}}},
			Informatieobjecttypen: []string{"Aanvraag", "Foto", "Correspondentie"},
			Weight:                160, Bedrijf: 0.05, Digitaal: 0.70,
			Omschrijvingen: []string{"Lantaarnpaal doet het niet", "Losliggende stoeptegel", "Zwerfafval bij de glasbak", "Overhangende takken", "Verkeersbord scheef", "Verstopte put", "Kapot speeltoestel"},
		},
		{
			Identificatie: "AFVAL-CONTAINER", Omschrijving: "Aanvraag of wijziging afvalcontainer", Product: "Afvalcontainer",
			Doel:       "Een inwoner een (andere) minicontainer leveren of een kapotte vervangen.",
			Aanleiding: "Een inwoner vraagt een nieuwe, extra of andere container.",
			Onderwerp:  "Afval", HandelingInitiator: "Aanvragen", HandelingBehandelaar: "Leveren",
			Doorlooptijd: "P4W", Servicenorm: "P2W", Vertrouwelijkheid: "openbaar", Team: "OR", Procestype: 5,
			Trefwoorden: []string{"afval", "container", "kliko", "gft"},
			Statustypen: []StatusTypeDef{stOntvangen, {"Levering ingepland", "We hebben de levering van uw container ingepland.", true},
				{"Geleverd", "Uw container is geleverd.", true}, stAfgehandeld},
			Resultaattypen:        rtLeveren("P1Y"),
			Informatieobjecttypen: []string{"Aanvraag", "Correspondentie"},
			Weight:                40, Digitaal: 0.85,
			Omschrijvingen: []string{"Nieuwe gft-container", "Vervanging kapotte container", "Extra container papier"},
		},
	}
}
