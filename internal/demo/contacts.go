package demo

// The contact model of the KCC (DESIGN §4.3, seed report §6): the channel
// mix, the outcome proportions per channel and the free-text subjects. The
// demo history and the volume seeder both draw from it.

// Kanalen of klantcontacten, with their relative volume.
var (
	ContactKanalen       = []string{"telefoon", "balie", "email", "webformulier", "chat", "post", "social_media"}
	ContactKanaalGewicht = []float64{42, 20, 13, 8, 8, 4, 5}
)

// Uitkomsten of a klantcontact.
var Uitkomsten = []string{"direct_beantwoord", "zaak_gestart", "doorverbonden", "contactverzoek", "klant_belt_terug", "doorverwezen"}

// UitkomstGewicht is the relative share of each of Uitkomsten per kanaal:
// about two thirds answered in the contact (the seed's 65 % goal), 'klant
// belt zelf terug' at 7 % of telephone contacts (the seed's 2013 figure),
// and no warm transfer or call-back on written channels.
var UitkomstGewicht = map[string][]float64{
	"telefoon":     {64, 8, 10, 9, 7, 2},
	"balie":        {58, 32, 2, 4, 1, 3},
	"email":        {70, 8, 0, 17, 0, 5},
	"webformulier": {66, 14, 0, 16, 0, 4},
	"post":         {55, 30, 0, 12, 0, 3},
	"chat":         {74, 4, 6, 11, 3, 2},
	"social_media": {68, 0, 0, 22, 2, 8},
}

// Onderwerp is a subject of a contact that is not about one product.
type Onderwerp struct{ Onderwerp, Vraag, Antwoord string }

// VrijeOnderwerpen are the frequent questions that are not about a zaaktype.
var VrijeOnderwerpen = []Onderwerp{
	{"Openingstijden", "Wanneer is het gemeentehuis open?", "Maandag tot en met vrijdag van 8.30 tot 17.00 uur, donderdag tot 20.00 uur."},
	{"Afvalkalender", "Wanneer wordt het papier opgehaald?", "Verwezen naar de afvalkalender op de website en in de app."},
	{"Status van mijn aanvraag", "Hoe staat het met mijn aanvraag?", "Status uit het zaaksysteem doorgegeven."},
	{"WOZ-waarde", "Hoe is de WOZ-waarde van mijn woning bepaald?", "Uitgelegd en het taxatieverslag in Mijn Voorbeeld gewezen."},
	{"Afspraak maken", "Ik wil een afspraak maken voor een paspoort.", "Afspraak ingepland."},
	{"Gevonden voorwerpen", "Ik ben mijn portemonnee verloren.", "Verwezen naar verlorenofgevonden.nl."},
	{"Verkiezingen", "Ik heb mijn stempas niet ontvangen.", "Vervangende stempas aangevraagd."},
	{"Grofvuil", "Hoe laat ik grofvuil ophalen?", "Ophaalafspraak gemaakt."},
	{"Toeslagen", "Vraag over huurtoeslag.", "Doorverwezen naar de Belastingdienst/Toeslagen."},
	{"Parkeren", "Hoe betaal ik parkeergeld?", "Uitgelegd: parkeerautomaat of parkeerapp."},
}

// UitkomstAntwoord is the note a KCC employee writes for an outcome that is
// not an answer.
var UitkomstAntwoord = map[string]string{
	"doorverbonden":    "Warm doorverbonden met het vakteam.",
	"contactverzoek":   "Terugbelverzoek voor het vakteam aangemaakt.",
	"klant_belt_terug": "Vakteam niet bereikbaar; klant belt later terug.",
	"doorverwezen":     "Doorverwezen naar een andere organisatie, met warme overdracht.",
}
