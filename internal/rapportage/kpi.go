package rapportage

// Definition is one KPI as defined in DESIGN.md §4.3 and docs/kpi.md. The
// report builds every KPI from this table, so a name, goal or definition is
// written once.
type Definition struct {
	Key       string
	Naam      string
	Definitie string
	Doel      Goal
}

// KPI keys.
const (
	KeyDirectBeantwoord     = "direct_beantwoord"
	KeyEenKeerAfgehandeld   = "een_keer_afgehandeld"
	KeyDoorverbonden        = "doorverbonden"
	KeyKlantBeltTerug       = "klant_belt_terug"
	KeyContactverzoekOpTijd = "contactverzoek_op_tijd"
	KeyHerhaalcontact       = "herhaalcontact"
	KeyServicenormen        = "servicenormen"
	KeyDigitaal             = "digitaal"
	KeyEFormulier           = "eformulier"
	KeyBinnenTermijn        = "binnen_termijn"
)

// Goal of the service norms, each norm, team and zaaktype (DESIGN §4.2).
var normGoal = Goal{Pct: 98, Direction: AtLeast, Text: "≥ 98 %"}

// Definitions lists every KPI of the report, in report order.
func Definitions() []Definition { return append([]Definition(nil), definitions...) }

var definitions = []Definition{
	{KeyDirectBeantwoord, "Direct beantwoord",
		"Klantcontacten met uitkomst 'direct beantwoord' ÷ alle klantcontacten in de periode (ook per kanaal).",
		Goal{80, AtLeast, "≥ 80 % (was 65 %)"}},
	{KeyEenKeerAfgehandeld, "In één keer afgehandeld",
		"Klantcontacten met uitkomst 'direct beantwoord' of 'zaak gestart' ÷ alle klantcontacten in de periode.",
		Goal{80, AtLeast, "≥ 80 %"}},
	{KeyDoorverbonden, "Doorverbonden",
		"Klantcontacten met uitkomst 'doorverbonden' ÷ alle klantcontacten in de periode.",
		Goal{}},
	{KeyKlantBeltTerug, "Klant belt zelf terug",
		"Telefonische klantcontacten met uitkomst 'klant belt terug' ÷ alle telefonische klantcontacten in de periode.",
		Goal{10, AtMost, "≤ 10 %"}},
	{KeyContactverzoekOpTijd, "Contactverzoeken op tijd",
		"Contactverzoeken die uiterlijk op hun streefmoment (SLA van het team) zijn afgehandeld ÷ contactverzoeken met een streefmoment in de periode dat al verstreken is.",
		Goal{95, AtLeast, "≥ 95 %"}},
	{KeyHerhaalcontact, "Herhaalcontact",
		"Klantcontacten van een bekende klant over hetzelfde onderwerp binnen 7 dagen na een eerder contact ÷ alle klantcontacten van bekende klanten (anonieme contacten tellen niet mee).",
		Goal{0, Down, "lager dan een jaar eerder"}},
	{KeyServicenormen, "Servicenormen gehaald",
		"Normen gehaald ÷ (gehaald + niet gehaald); een norm telt in de periode waarin hij is gehaald of overschreden, 'niet van toepassing' en nog open normen tellen niet mee.",
		normGoal},
	{KeyBinnenTermijn, "Afgehandeld binnen de wettelijke termijn",
		"Zaken afgesloten in de periode op of voor hun uiterlijke einddatum (verschoven door opschorting en verlenging) ÷ zaken afgesloten in de periode.",
		Goal{}},
	{KeyDigitaal, "Digitaal gestart",
		"Zaken met startdatum in de periode die via een webformulier binnenkwamen ÷ alle zaken met startdatum in de periode; groei: het aantal digitaal gestarte zaken tegenover dezelfde periode een jaar eerder.",
		Goal{20, AtLeast, "+20 % per jaar"}},
	{KeyEFormulier, "Producten met e-formulier",
		"Gepubliceerde producten (PDC) met een e-formulier (een link of een gepubliceerd formulier voor een van hun zaaktypen) ÷ gepubliceerde producten; stand van vandaag.",
		Goal{75, AtLeast, "≥ 75 %"}},
}

// normNames are the Dutch names of the service norms (DESIGN §4.2).
var normNames = map[string]string{
	"N1": "N1 ontvangstbevestiging",
	"N2": "N2 overzicht ontbrekende stukken",
	"N3": "N3 compleetheid",
	"N4": "N4 tijdige afhandeling",
	"N5": "N5 vooraankondiging",
	"N7": "N7 statusvraag",
	"N8": "N8 zichtbaar in de PIP",
}

var normOrder = []string{"N1", "N2", "N3", "N4", "N5", "N7", "N8"}

func definition(key string) Definition {
	for _, d := range definitions {
		if d.Key == key {
			return d
		}
	}
	return Definition{Key: key, Naam: key}
}

// Pct is the ratio as a percentage (0 without data: check OK first).
func (r Ratio) Pct() float64 {
	if r.Den == 0 {
		return 0
	}
	return 100 * float64(r.Num) / float64(r.Den)
}

// OK reports whether the ratio has data.
func (r Ratio) OK() bool { return r.Den > 0 }

// meets reports whether value meets goal g; Down compares with the year
// earlier (and without that comparison it is not met).
func meets(g Goal, value, yearEarlier Ratio) bool {
	if !value.OK() {
		return false
	}
	switch g.Direction {
	case AtLeast:
		return value.Pct() >= g.Pct
	case AtMost:
		return value.Pct() <= g.Pct
	case Down:
		return yearEarlier.OK() && value.Pct() < yearEarlier.Pct()
	}
	return false
}

func newKPI(d Definition, cur, prev, year Ratio) KPI {
	return KPI{Key: d.Key, Naam: d.Naam, Definitie: d.Definitie, Doel: d.Doel,
		Waarde: cur, Vorige: prev, JaarEerder: year, Gehaald: meets(d.Doel, cur, year)}
}
