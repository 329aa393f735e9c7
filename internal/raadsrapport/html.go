package raadsrapport

import (
	"bytes"
	"fmt"
	"html/template"
	"time"

	"github.com/gemeenten/loket/internal/chart"
	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/export"
)

// HTMLContentSecurityPolicy is the policy to serve HTML with: the document
// carries its own stylesheet and runs no script.
const HTMLContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"

type htmlTable struct {
	export.Table
	Cells [][]string
	Num   []bool
}

func toHTMLTable(t export.Table) htmlTable {
	h := htmlTable{Table: t}
	for _, c := range t.Columns {
		h.Num = append(h.Num, c.Kind != export.Text)
	}
	for _, row := range t.Rows {
		var cells []string
		for i, c := range t.Columns {
			var v any
			if i < len(row) {
				v = row[i]
			}
			cells = append(cells, c.Display(v))
		}
		h.Cells = append(h.Cells, cells)
	}
	return h
}

type htmlFig struct {
	N     int
	Chart chart.Chart
	Table htmlTable
	Toel  string
}

var page = template.Must(template.New("raad").Parse(`<!doctype html>
<html lang="nl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.D.Titel}} · {{.D.Gemeente}}</title>
<style>
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#1a1a1a;background:#fff;line-height:1.5;margin:0}
main{max-width:52rem;margin:0 auto;padding:1.5rem}
h1{font-size:2rem;line-height:1.2;margin:0 0 .5rem}h2{font-size:1.5rem;margin:2.5rem 0 .75rem;border-bottom:2px solid #1d4f91}h3{font-size:1.15rem;margin:1.5rem 0 .5rem}
.titel{border-bottom:4px solid #1d4f91;padding:2rem 0 1.5rem;margin-bottom:1.5rem}.titel p{margin:.25rem 0;color:#404040}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem;font-size:.95rem}caption{text-align:left;font-weight:600;padding:.25rem 0}
th,td{border:1px solid #8c8c8c;padding:.3rem .5rem;text-align:left;vertical-align:top}th{background:#eef2f8}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.gehaald{color:#1e5e22;font-weight:600}.niet{color:#9c1c1c;font-weight:600}
figure{margin:1.5rem 0;break-inside:avoid}figcaption{font-weight:600;margin-bottom:.5rem}svg{max-width:100%;height:auto}
.toel{color:#404040;font-size:.95rem}
@media print{main{max-width:none;padding:0}h2{break-after:avoid}.titel{break-after:page}table,figure{break-inside:avoid}}
</style>
</head>
<body>
<main>
<header class="titel">
<p>{{.D.Gemeente}}</p>
<h1>{{.D.Titel}}</h1>
<p>Periode: {{.D.Periode}} · vergeleken met {{.D.Vergelijking}}</p>
<p>Gemaakt op {{.Gemaakt}} door Loket, uit de eigen registratie van klantcontacten en zaken.</p>
</header>
<nav aria-label="Inhoud"><h2 id="inhoud">Inhoud</h2><ol>
<li><a href="#samenvatting">Samenvatting</a></li><li><a href="#kerncijfers">Kerncijfers</a></li><li><a href="#toelichting">Toelichting</a></li>
<li><a href="#figuren">Figuren</a></li>{{if .KTO}}<li><a href="#kto">Klanttevredenheid</a></li>{{end}}<li><a href="#definities">Over de cijfers</a></li></ol></nav>
<section aria-labelledby="samenvatting"><h2 id="samenvatting">Samenvatting</h2>
{{range .D.Samenvatting}}<p>{{.}}</p>{{end}}
</section>
<section aria-labelledby="kerncijfers"><h2 id="kerncijfers">Kerncijfers</h2>
<table><caption>Kerncijfers {{.D.Periode}}: doel, bereikt, vorige periode en dezelfde periode een jaar eerder</caption>
<thead><tr><th scope="col">Kerncijfer</th><th scope="col">Doel</th><th scope="col" class="num">Bereikt</th><th scope="col" class="num">Vorige periode</th><th scope="col" class="num">{{.D.Vergelijking}}</th><th scope="col">Doel gehaald?</th></tr></thead>
<tbody>{{range .D.KPIs}}<tr><th scope="row">{{.Naam}}</th><td>{{.Doel}}</td><td class="num">{{.Bereikt}}</td><td class="num">{{.Vorige}}</td><td class="num">{{.JaarEerder}}</td><td>{{if eq .Status "gehaald"}}<span class="gehaald">Ja</span>{{else if eq .Status "niet gehaald"}}<span class="niet">Nee</span>{{else if eq .Status "geen doel"}}Geen doel{{else}}Geen gegevens{{end}}</td></tr>
{{end}}</tbody></table>
</section>
<section aria-labelledby="toelichting"><h2 id="toelichting">Toelichting: de grootste veranderingen</h2>
<ul>{{range .D.Toelichting}}<li>{{.}}</li>{{end}}</ul>
</section>
<section aria-labelledby="figuren"><h2 id="figuren">Figuren</h2>
{{range .Figs}}<figure>
<figcaption>Figuur {{.N}}. {{.Chart.Table.Title}}</figcaption>
{{.Chart.HTML}}
{{if .Toel}}<p class="toel">{{.Toel}}</p>{{end}}
{{template "table" .Table}}
</figure>
{{end}}
{{range .Tabellen}}<h3>{{.Title}}</h3>{{template "table" .}}{{end}}
</section>
{{if .KTO}}<section aria-labelledby="kto"><h2 id="kto">Klanttevredenheid</h2>
<p>Na een contact of een afgehandelde zaak krijgt een deel van de klanten een korte vragenlijst. Het doel is gemiddeld minimaal een 8,0 per kanaal en per aspect. De antwoorden zijn anoniem.</p>
{{template "table" .KTO}}
</section>{{end}}
<section aria-labelledby="definities"><h2 id="definities">Over de cijfers</h2>
<p>Alle cijfers komen uit de registratie in Loket: elk klantcontact met kanaal en uitkomst, elke zaak met haar servicenormen. Een aandeel zonder noemer (er was niets te tellen) staat als "–", niet als 0 %. De definities van de kerncijfers staan in de documentatie van Loket (docs/kpi.md).</p>
<dl>{{range .D.KPIs}}{{if .Doel}}<dt>{{.Naam}}</dt><dd>Doel: {{.Doel}}</dd>{{end}}{{end}}</dl>
</section>
</main>
</body>
</html>
{{define "table"}}<table>
<caption>{{.Title}}</caption>
<thead><tr>{{range $i, $c := .Columns}}<th scope="col"{{if index $.Num $i}} class="num"{{end}}>{{$c.Header}}</th>{{end}}</tr></thead>
<tbody>{{range .Cells}}<tr>{{range $i, $v := .}}{{if eq $i 0}}<th scope="row">{{$v}}</th>{{else}}<td class="num">{{$v}}</td>{{end}}{{end}}</tr>
{{else}}<tr><td colspan="{{len .Columns}}">Geen gegevens in deze periode.</td></tr>{{end}}</tbody>
</table>{{end}}`))

// HTML renders the document as one self-contained, accessible HTML file
// (charts inline as SVG, each with its table; no scripts, no external
// files), fit to be published as it is.
func (d Document) HTML() ([]byte, error) {
	v := struct {
		D        Document
		Gemaakt  string
		Figs     []htmlFig
		Tabellen []htmlTable
		KTO      *htmlTable
	}{D: d, Gemaakt: dutchDateTime(d.Gemaakt)}
	for i, f := range d.Figuren {
		c := f.Bar.Render()
		v.Figs = append(v.Figs, htmlFig{N: i + 1, Chart: c, Table: toHTMLTable(c.Table), Toel: f.Toel})
	}
	for _, t := range d.Tabellen {
		v.Tabellen = append(v.Tabellen, toHTMLTable(t))
	}
	if d.KTO != nil {
		t := toHTMLTable(*d.KTO)
		v.KTO = &t
	}
	var buf bytes.Buffer
	if err := page.Execute(&buf, v); err != nil {
		return nil, fmt.Errorf("raadsrapport: html: %w", err)
	}
	return buf.Bytes(), nil
}

func dutchDateTime(t time.Time) string {
	if t.IsZero() {
		return "–"
	}
	l := t.In(date.Amsterdam)
	return fmt.Sprintf("%d %s %d om %02d:%02d", l.Day(), date.Maanden[l.Month()-1], l.Year(), l.Hour(), l.Minute())
}
