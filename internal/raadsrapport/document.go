// Package raadsrapport produces the council report (raadsrapportage) on
// public service delivery: quarterly and annually, as an accessible HTML
// document and a PDF, from the figures of package rapportage and the
// customer satisfaction results of package kto. It follows the shape of
// the report councils already know (the seed document): a summary, the
// KPI table with goal, achieved and the year before, plain-Dutch
// explanations of the biggest changes, charts with their tables, and the
// KTO grades against the national reference.
//
// Build is pure (figures in, document out) so the texts can be tested on
// hand-made figures; Service stores the documents (migration 0027) and
// runs the periodic job that makes the report of the quarter just ended.
package raadsrapport

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/gemeenten/loket/internal/chart"
	"github.com/gemeenten/loket/internal/export"
	"github.com/gemeenten/loket/internal/kto"
	"github.com/gemeenten/loket/internal/rapportage"
)

// Soort is the kind of report.
type Soort string

const (
	Kwartaal Soort = "kwartaal"
	Jaar     Soort = "jaar"
)

// Input is what a report is made of.
type Input struct {
	Gemeente string
	Soort    Soort
	Report   *rapportage.Report
	// KTO are the survey results of the same period; nil when the survey
	// is not in use (the section is then left out).
	KTO *kto.Results
	// Gemaakt is when the document was made (shown on the title page).
	Gemaakt time.Time
}

// Regel is one line of the KPI table.
type Regel struct {
	Key, Naam, Doel string
	// Bereikt and JaarEerder are shown as text ("71,0 %", "7,8", "–").
	Bereikt, Vorige, JaarEerder string
	// Status is "gehaald", "niet gehaald" or "geen gegevens".
	Status string
}

// Document is a council report ready to render.
type Document struct {
	Gemeente     string
	Soort        Soort
	Titel        string
	Periode      string // "3e kwartaal 2026"
	Vergelijking string // "3e kwartaal 2025"
	Gemaakt      time.Time
	Samenvatting []string
	KPIs         []Regel
	Toelichting  []string
	// Figuren are the charts; each renders with its data table.
	Figuren []Figuur
	// Tabellen are further tables without a chart (lead times).
	Tabellen []export.Table
	// KTO is the satisfaction table, when there are results.
	KTO *export.Table
	// Leeg: no contacts and no zaken in the period (nothing to report).
	Leeg bool
}

// Figuur is a chart of the report: Bar for both HTML and PDF.
type Figuur struct {
	Bar  chart.Bar
	Toel string // one sentence under the chart
}

// Build makes the document from the figures.
func Build(in Input) Document {
	r := in.Report
	doc := Document{Gemeente: in.Gemeente, Soort: in.Soort, Periode: r.Periode.Label(), Vergelijking: r.JaarEerder.Label(), Gemaakt: in.Gemaakt}
	if in.Soort == Jaar {
		doc.Titel = "Jaarrapportage publieke dienstverlening " + doc.Periode
	} else {
		doc.Titel = "Kwartaalrapportage publieke dienstverlening " + doc.Periode
	}
	doc.Leeg = r.KCC.Totaal.Aantal == 0 && zakenGestart(r) == 0
	doc.KPIs = kpiTable(r, in.KTO)
	doc.Toelichting = Explain(r)
	doc.Samenvatting = summary(r, doc.KPIs, in.KTO)
	doc.Figuren = figures(r, in.KTO)
	doc.Tabellen = append(doc.Tabellen, leadTimes(r))
	if in.KTO != nil && in.KTO.Responses > 0 {
		t := ktoTable(in.KTO)
		doc.KTO = &t
	}
	return doc
}

// pct is a ratio as a percentage for text: whole percents, unless that
// would hide a difference the sentence speaks of (then one decimal).
func pct(r rapportage.Ratio, decimals int) string {
	if r.Den == 0 {
		return "–"
	}
	return export.Dutch(float64(r.Num)/float64(r.Den)*100, decimals) + " %"
}

func value(r rapportage.Ratio) (float64, bool) {
	if r.Den == 0 {
		return 0, false
	}
	return float64(r.Num) / float64(r.Den), true
}

func status(k rapportage.KPI) string {
	if k.Doel.Text == "" && k.Doel.Pct == 0 {
		return "geen doel"
	}
	if k.Waarde.Den == 0 {
		return "geen gegevens"
	}
	if k.Gehaald {
		return "gehaald"
	}
	return "niet gehaald"
}

// allKPIs are the council's KPIs in the order of the table: KCC, service
// norms, channels.
func allKPIs(r *rapportage.Report) []rapportage.KPI {
	out := append([]rapportage.KPI{}, r.KCC.KPIs...)
	out = append(out, r.Normen.Totaal)
	out = append(out, r.Normen.PerNorm...)
	out = append(out, r.Kanalen.Digitaal, r.Kanalen.EFormulier)
	return out
}

func kpiTable(r *rapportage.Report, k *kto.Results) []Regel {
	var out []Regel
	for _, kp := range allKPIs(r) {
		if kp.Key == "" {
			continue
		}
		out = append(out, Regel{Key: kp.Key, Naam: kp.Naam, Doel: kp.Doel.Text, Bereikt: pct(kp.Waarde, 1),
			Vorige: pct(kp.Vorige, 1), JaarEerder: pct(kp.JaarEerder, 1), Status: status(kp)})
	}
	g := Regel{Key: "digitaal_groei", Naam: "Groei zaken digitaal gestart", Doel: "+20 % t.o.v. vorig jaar", Bereikt: "–",
		Vorige: "–", JaarEerder: "–", Status: "geen gegevens"}
	if r.Kanalen.GroeiOK {
		g.Bereikt = signed(r.Kanalen.Groei)
		g.Status = "niet gehaald"
		if r.Kanalen.GroeiGehaald {
			g.Status = "gehaald"
		}
	}
	out = append(out, g)
	if k != nil && k.Responses > 0 {
		s := k.All.Scores[kto.Overall]
		reg := Regel{Key: "kto", Naam: "Klanttevredenheid (totaalcijfer)", Doel: "minimaal " + export.Dutch(kto.Goal, 1), Bereikt: "–",
			Vorige: "–", JaarEerder: "–", Status: "geen gegevens"}
		if s.N > 0 {
			reg.Bereikt = export.Dutch(s.Mean, 1)
			reg.Status = "niet gehaald"
			if s.GoalMet {
				reg.Status = "gehaald"
			}
		}
		if s.Reference != nil {
			reg.JaarEerder = export.Dutch(s.Reference.Value(), 1) + " (referentie)"
		}
		out = append(out, reg)
	}
	return out
}

// signed shows a growth in percent (rapportage gives 20 for +20 %).
func signed(f float64) string {
	s := export.Dutch(f, 1) + " %"
	if f > 0 {
		s = "+" + s
	}
	return s
}

// subject is how a sentence names a KPI: "het aandeel direct beantwoorde
// contacten".
var subject = map[string]string{
	"direct_beantwoord":      "het aandeel direct beantwoorde contacten",
	"een_keer_afgehandeld":   "het aandeel contacten dat in één keer is afgehandeld",
	"doorverbonden":          "het aandeel doorverbonden contacten",
	"klant_belt_terug":       "het aandeel telefoontjes waarbij de klant zelf moet terugbellen",
	"contactverzoek_op_tijd": "het aandeel contactverzoeken dat op tijd is afgehandeld",
	"herhaalcontact":         "het aandeel herhaalcontacten",
	"servicenormen":          "het aandeel gehaalde servicenormen",
	"digitaal":               "het aandeel zaken dat digitaal is gestart",
	"eformulier":             "het aandeel producten met een e-formulier",
}

func subjectOf(k rapportage.KPI) string {
	if s, ok := subject[k.Key]; ok {
		return s
	}
	if strings.HasPrefix(k.Key, "norm_") {
		return "het aandeel gehaalde normen '" + k.Naam + "'"
	}
	return "het aandeel '" + k.Naam + "'"
}

func capital(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	return strings.ToUpper(string(r[0])) + string(r[1:])
}

type change struct {
	k     rapportage.KPI
	delta float64 // percentage points
}

// Explain writes the biggest changes against the same period a year
// earlier as plain Dutch sentences, largest first (at most four; changes
// under one percentage point are not news). Where the figures per channel
// are known, the sentence names the channel that moved the total most.
func Explain(r *rapportage.Report) []string {
	var changes []change
	for _, k := range allKPIs(r) {
		if k.Key == "" || strings.HasPrefix(k.Key, "norm_") {
			continue
		}
		now, ok1 := value(k.Waarde)
		then, ok2 := value(k.JaarEerder)
		if !ok1 || !ok2 {
			continue
		}
		if d := (now - then) * 100; math.Abs(d) >= 1 {
			changes = append(changes, change{k, d})
		}
	}
	sort.SliceStable(changes, func(i, j int) bool { return math.Abs(changes[i].delta) > math.Abs(changes[j].delta) })
	var out []string
	if t := r.KCC.Totaal; t.JaarEerder > 0 && t.Aantal != t.JaarEerder {
		d := float64(t.Aantal-t.JaarEerder) / float64(t.JaarEerder) * 100
		verb := "steeg"
		if d < 0 {
			verb = "daalde"
		}
		if math.Abs(d) >= 1 {
			out = append(out, fmt.Sprintf("Het aantal klantcontacten %s met %s %% tot %s, tegen %s %s.", verb, export.Dutch(math.Abs(d), 0),
				export.Dutch(float64(t.Aantal), 0), export.Dutch(float64(t.JaarEerder), 0), in(r.JaarEerder)))
		}
	}
	for i, c := range changes {
		if i == 4 {
			break
		}
		out = append(out, sentence(r, c))
	}
	if len(out) == 0 {
		out = append(out, fmt.Sprintf("Er zijn geen grote veranderingen ten opzichte van %s (alle kerncijfers verschillen minder dan één procentpunt, of er zijn geen cijfers van een jaar eerder).", r.JaarEerder.Label()))
	}
	return out
}

// in is "in" with the period as Dutch has it: "in het 3e kwartaal 2025",
// "in maart 2026", "in 2025".
func in(p rapportage.Period) string {
	l := p.Label()
	if strings.Contains(l, "kwartaal") || strings.HasPrefix(l, "week ") {
		return "in het " + l
	}
	if strings.Contains(l, " t/m ") {
		return "van " + l
	}
	return "in " + l
}

func sentence(r *rapportage.Report, c change) string {
	dec := 0
	if pct(c.k.JaarEerder, 0) == pct(c.k.Waarde, 0) {
		dec = 1
	}
	verb := "steeg"
	if c.delta < 0 {
		verb = "daalde"
	}
	s := fmt.Sprintf("%s %s van %s %s naar %s", capital(subjectOf(c.k)), verb, pct(c.k.JaarEerder, dec), in(r.JaarEerder), pct(c.k.Waarde, dec))
	if c.k.Key == "direct_beantwoord" {
		if ch := mainChannel(r.KCC.DirectPerKanaal, c.delta); ch != "" {
			s += ", vooral door " + ch
		}
	}
	s += "."
	if c.k.Doel.Text != "" {
		// Commas, not brackets: goal texts may carry their own ("≥ 80 % (was 65 %)").
		if c.k.Gehaald {
			s += " Het doel, " + c.k.Doel.Text + ", is gehaald."
		} else {
			s += " Het doel, " + c.k.Doel.Text + ", is niet gehaald."
		}
	}
	return s
}

// mainChannel finds the channel that contributed most to a change of the
// overall share in the direction of delta: its answered contacts as a share
// of all contacts now, minus the same a year earlier.
func mainChannel(per []rapportage.KPI, delta float64) string {
	var denNow, denThen int64
	for _, k := range per {
		denNow += k.Waarde.Den
		denThen += k.JaarEerder.Den
	}
	if denNow == 0 || denThen == 0 || len(per) < 2 {
		return ""
	}
	best, bestC := "", 0.0
	for _, k := range per {
		c := float64(k.Waarde.Num)/float64(denNow) - float64(k.JaarEerder.Num)/float64(denThen)
		if delta < 0 {
			c = -c
		}
		if c > bestC {
			best, bestC = k.Naam, c
			// DirectPerKanaal names are "Direct beantwoord — Telefoon".
			if i := strings.LastIndex(best, " — "); i >= 0 {
				best = best[i+len(" — "):]
			}
		}
	}
	// "vooral" only when the channel carries at least half of the change.
	if bestC*100 < math.Abs(delta)/2 {
		return ""
	}
	return "de " + strings.ToLower(best)
}

func summary(r *rapportage.Report, rows []Regel, k *kto.Results) []string {
	met, with := 0, 0
	for _, row := range rows {
		if row.Status == "geen gegevens" || row.Status == "geen doel" || strings.HasPrefix(row.Key, "norm_") {
			continue
		}
		with++
		if row.Status == "gehaald" {
			met++
		}
	}
	out := []string{fmt.Sprintf("%s had de gemeente %s klantcontacten en werden %s zaken gestart.", capital(in(r.Periode)),
		export.Dutch(float64(r.KCC.Totaal.Aantal), 0), export.Dutch(float64(zakenGestart(r)), 0))}
	if with > 0 {
		out = append(out, fmt.Sprintf("Van de %d kerncijfers met een doel en met gegevens zijn er %d gehaald.", with, met))
	}
	for _, kp := range r.KCC.KPIs {
		if kp.Key == "een_keer_afgehandeld" && kp.Waarde.Den > 0 {
			out = append(out, fmt.Sprintf("%s %% van de klantvragen werd in één keer afgehandeld (doel %s).", strings.TrimSuffix(pct(kp.Waarde, 0), " %"), kp.Doel.Text))
		}
	}
	if t := r.Normen.Totaal; t.Waarde.Den > 0 {
		out = append(out, fmt.Sprintf("De servicenormen werden in %s van de gevallen gehaald (doel %s).", pct(t.Waarde, 1), t.Doel.Text))
	}
	if k != nil && k.Responses > 0 {
		if s := k.All.Scores[kto.Overall]; s.N > 0 {
			line := fmt.Sprintf("Klanten geven de dienstverlening gemiddeld een %s (%d beoordelingen)", export.Dutch(s.Mean, 1), s.N)
			if s.Reference != nil {
				cmp := "gelijk aan"
				switch d := s.Mean - s.Reference.Value(); {
				case d >= 0.05:
					cmp = "hoger dan"
				case d <= -0.05:
					cmp = "lager dan"
				}
				line += fmt.Sprintf(", %s de referentiewaarde van %s (%s)", cmp, export.Dutch(s.Reference.Value(), 1), s.Reference.Bron)
			}
			out = append(out, line+".")
		}
	}
	return out
}

func zakenGestart(r *rapportage.Report) int64 {
	var n int64
	for _, t := range r.Kanalen.ZakenPerKanaal {
		n += t.Aantal
	}
	return n
}

func ratioValue(r rapportage.Ratio) float64 {
	if v, ok := value(r); ok {
		return v
	}
	return math.NaN()
}

func seriesNames(r *rapportage.Report) (string, string) {
	return r.Periode.Label(), r.JaarEerder.Label()
}

func figures(r *rapportage.Report, k *kto.Results) []Figuur {
	now, then := seriesNames(r)
	var out []Figuur
	// KCC key figures, this period against a year earlier.
	var cats []string
	var a, b []float64
	for _, kp := range r.KCC.KPIs {
		cats = append(cats, kp.Naam)
		a, b = append(a, ratioValue(kp.Waarde)), append(b, ratioValue(kp.JaarEerder))
	}
	out = append(out, Figuur{Bar: chart.Bar{ID: "raad-kcc", Title: "KCC-kerncijfers, " + now + " en " + then, CategoryHeader: "Kerncijfer",
		Categories: cats, Series: []chart.Series{{Name: now, Values: a}, {Name: then, Values: b}}, Kind: export.Percent},
		Toel: "Elk kerncijfer is een aandeel van de klantcontacten; de doelen staan in de tabel met kerncijfers."})
	// Contacts per channel.
	cats, a, b = nil, nil, nil
	for _, t := range r.KCC.PerKanaal {
		cats = append(cats, t.Label)
		a, b = append(a, float64(t.Aantal)), append(b, float64(t.JaarEerder))
	}
	out = append(out, Figuur{Bar: chart.Bar{ID: "raad-kanalen", Title: "Klantcontacten per kanaal", CategoryHeader: "Kanaal",
		Categories: cats, Series: []chart.Series{{Name: now, Values: a}, {Name: then, Values: b}}, Kind: export.Integer}})
	// Service norms against 98 %.
	cats, a, b = nil, nil, nil
	var goal *chart.Goal
	for _, kp := range r.Normen.PerNorm {
		cats = append(cats, kp.Naam)
		a, b = append(a, ratioValue(kp.Waarde)), append(b, ratioValue(kp.JaarEerder))
		if goal == nil && kp.Doel.Pct > 0 {
			goal = &chart.Goal{Value: kp.Doel.Pct / 100}
		}
	}
	out = append(out, Figuur{Bar: chart.Bar{ID: "raad-normen", Title: "Servicenormen gehaald", CategoryHeader: "Norm",
		Categories: cats, Series: []chart.Series{{Name: now, Values: a}, {Name: then, Values: b}}, Kind: export.Percent, Goal: goal}})
	if k != nil && k.Responses > 0 {
		cats, a, b = nil, nil, nil
		for _, c := range k.Kanalen {
			s := c.Scores[kto.Overall]
			if s.N == 0 {
				continue
			}
			cats = append(cats, c.Label)
			a = append(a, s.Mean)
			if s.Reference != nil {
				b = append(b, s.Reference.Value())
			} else {
				b = append(b, math.NaN())
			}
		}
		out = append(out, Figuur{Bar: chart.Bar{ID: "raad-kto", Title: "Totaaloordeel klanten per kanaal", CategoryHeader: "Kanaal",
			Categories: cats, Series: []chart.Series{{Name: now, Values: a}, {Name: "Referentie", Values: b}}, Kind: export.Decimal, Decimals: 1,
			Goal: &chart.Goal{Value: kto.Goal, Label: "Doel " + export.Dutch(kto.Goal, 1)}}})
	}
	return out
}

func leadTimes(r *rapportage.Report) export.Table {
	t := export.Table{ID: "raad-doorlooptijden", Title: "Doorlooptijden per zaaktype (kalenderdagen)", Columns: []export.Column{
		{Header: "Zaaktype", Kind: export.Text}, {Header: "Afgehandeld", Kind: export.Integer}, {Header: "Mediaan", Kind: export.Integer},
		{Header: "90e percentiel", Kind: export.Integer}, {Header: "Wettelijke termijn", Kind: export.Integer}, {Header: "Binnen termijn", Kind: export.Percent}}}
	for _, d := range r.Normen.Doorlooptijden {
		var termijn any
		if d.Termijn > 0 {
			termijn = d.Termijn
		}
		var binnen any
		if v, ok := value(d.BinnenTermijn); ok {
			binnen = v
		}
		t.Rows = append(t.Rows, []any{d.Naam, d.Afgehandeld, d.Mediaan, d.P90, termijn, binnen})
	}
	return t
}

func ktoTable(k *kto.Results) export.Table {
	t := export.Table{ID: "raad-kto-tabel", Title: "Klanttevredenheid per kanaal en aspect (gemiddeld cijfer)",
		Columns: []export.Column{{Header: "Kanaal", Kind: export.Text}, {Header: "Reacties", Kind: export.Integer}}}
	for _, c := range kto.Columns {
		t.Columns = append(t.Columns, export.Column{Header: kto.AspectLabel[c], Kind: export.Decimal, Decimals: 1})
	}
	t.Columns = append(t.Columns, export.Column{Header: "Referentie totaaloordeel", Kind: export.Decimal, Decimals: 1})
	add := func(label string, c kto.ChannelResults) {
		row := []any{label, c.Scores[kto.Overall].N}
		for _, col := range kto.Columns {
			if s := c.Scores[col]; s.N > 0 {
				row = append(row, s.Mean)
			} else {
				row = append(row, nil)
			}
		}
		if ref := c.Scores[kto.Overall].Reference; ref != nil {
			row = append(row, ref.Value())
		} else {
			row = append(row, nil)
		}
		t.Rows = append(t.Rows, row)
	}
	for _, c := range k.Kanalen {
		add(c.Label, c)
	}
	add("Alle kanalen", k.All)
	return t
}
