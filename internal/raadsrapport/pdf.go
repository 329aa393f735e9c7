package raadsrapport

import (
	"bytes"
	"fmt"
	"math"
	"strings"

	"github.com/go-pdf/fpdf"

	"github.com/gemeenten/loket/internal/chart"
	"github.com/gemeenten/loket/internal/export"
)

// The PDF uses the PDF core fonts (Windows-1252): signs outside it are
// written out.
var pdfText = strings.NewReplacer("≥", "minimaal", "≤", "maximaal", "−", "-", "’", "'")

// series colours in the PDF, the chart palette's first three; the second
// series is also hatched-looking (lighter with a border) so grey print
// tells them apart.
var pdfColours = [][3]int{{29, 79, 145}, {179, 71, 0}, {46, 107, 48}}

// PDF renders the document on A4: a title page, the summary, the KPI
// table, the explanations, the charts (drawn as bars with their values
// written next to them) with their tables, and the KTO results. The PDF is
// for printing and the council's paper; the accessible version of record
// is the HTML (fpdf writes no tagged PDF).
func (d Document) PDF() ([]byte, error) {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetMargins(20, 20, 20)
	pdf.SetAutoPageBreak(true, 18)
	tr := pdf.UnicodeTranslatorFromDescriptor("")
	t := func(s string) string { return tr(pdfText.Replace(s)) }
	pdf.SetTitle(d.Titel, true)
	pdf.SetAuthor(d.Gemeente, true)
	pdf.SetSubject("Raadsrapportage "+d.Periode, true)
	pdf.SetCreator("Loket", true)
	pdf.SetLang("nl-NL")
	if !d.Gemaakt.IsZero() {
		pdf.SetCreationDate(d.Gemaakt)
		pdf.SetModificationDate(d.Gemaakt)
	}
	pdf.SetFooterFunc(func() {
		pdf.SetY(-12)
		pdf.SetFont("Helvetica", "", 8)
		pdf.SetTextColor(80, 80, 80)
		pdf.CellFormat(0, 5, t(d.Titel), "", 0, "L", false, 0, "")
		pdf.CellFormat(0, 5, fmt.Sprintf("pagina %d", pdf.PageNo()), "", 0, "R", false, 0, "")
		pdf.SetTextColor(26, 26, 26)
	})

	// Title page.
	pdf.AddPage()
	pdf.SetTextColor(26, 26, 26)
	pdf.SetY(70)
	pdf.SetFont("Helvetica", "", 14)
	pdf.CellFormat(0, 8, t(d.Gemeente), "", 1, "L", false, 0, "")
	pdf.SetFont("Helvetica", "B", 24)
	pdf.MultiCell(0, 11, t(d.Titel), "", "L", false)
	pdf.SetDrawColor(29, 79, 145)
	pdf.SetLineWidth(1.2)
	pdf.Line(20, pdf.GetY()+3, 190, pdf.GetY()+3)
	pdf.Ln(10)
	pdf.SetFont("Helvetica", "", 12)
	pdf.MultiCell(0, 6, t("Periode: "+d.Periode+"\nVergeleken met: "+d.Vergelijking+"\nGemaakt op "+dutchDateTime(d.Gemaakt)+" door Loket"), "", "L", false)

	heading := func(s string) {
		pdf.Ln(4)
		pdf.SetFont("Helvetica", "B", 15)
		pdf.MultiCell(0, 8, t(s), "", "L", false)
		pdf.Ln(1)
		pdf.SetFont("Helvetica", "", 10.5)
	}
	para := func(s string) {
		pdf.MultiCell(0, 5.2, t(s), "", "L", false)
		pdf.Ln(1.5)
	}

	pdf.AddPage()
	heading("Samenvatting")
	for _, s := range d.Samenvatting {
		para(s)
	}

	heading("Kerncijfers")
	kpi := export.Table{Title: "Kerncijfers", Columns: []export.Column{{Header: "Kerncijfer"}, {Header: "Doel"}, {Header: "Bereikt"},
		{Header: "Vorige periode"}, {Header: d.Vergelijking}, {Header: "Gehaald?"}}}
	for _, r := range d.KPIs {
		st := map[string]string{"gehaald": "ja", "niet gehaald": "nee", "geen doel": "geen doel"}[r.Status]
		if st == "" {
			st = "geen gegevens"
		}
		kpi.Rows = append(kpi.Rows, []any{r.Naam, r.Doel, r.Bereikt, r.Vorige, r.JaarEerder, st})
	}
	pdfTable(pdf, t, kpi, []float64{52, 30, 20, 22, 26, 20})

	heading("Toelichting: de grootste veranderingen")
	for _, s := range d.Toelichting {
		pdf.CellFormat(5, 5.2, t("•"), "", 0, "L", false, 0, "")
		pdf.MultiCell(0, 5.2, t(s), "", "L", false)
		pdf.Ln(1)
	}

	heading("Figuren")
	for i, f := range d.Figuren {
		c := f.Bar.Render()
		pdfBar(pdf, t, fmt.Sprintf("Figuur %d. %s", i+1, f.Bar.Title), f.Bar)
		if f.Toel != "" {
			pdf.SetFont("Helvetica", "I", 9)
			para(f.Toel)
			pdf.SetFont("Helvetica", "", 10.5)
		}
		pdfTable(pdf, t, c.Table, nil)
		pdf.Ln(4)
	}
	for _, tb := range d.Tabellen {
		pdf.SetFont("Helvetica", "B", 11)
		pdf.MultiCell(0, 6, t(tb.Title), "", "L", false)
		pdfTable(pdf, t, tb, nil)
	}
	if d.KTO != nil {
		heading("Klanttevredenheid")
		para("Na een contact of een afgehandelde zaak krijgt een deel van de klanten een korte vragenlijst. Het doel is gemiddeld minimaal een 8,0 per kanaal en per aspect. De antwoorden zijn anoniem.")
		pdfTable(pdf, t, *d.KTO, nil)
	}
	heading("Over de cijfers")
	para("Alle cijfers komen uit de registratie in Loket: elk klantcontact met kanaal en uitkomst, elke zaak met haar servicenormen. Een aandeel zonder noemer staat als '–', niet als 0 %. Deze rapportage is ook beschikbaar als toegankelijk HTML-document.")

	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return nil, fmt.Errorf("raadsrapport: pdf: %w", err)
	}
	return buf.Bytes(), nil
}

// pdfTable draws t with a header row; widths nil spreads the columns (the
// first one wider).
func pdfTable(pdf *fpdf.Fpdf, tr func(string) string, t export.Table, widths []float64) {
	n := len(t.Columns)
	if n == 0 {
		return
	}
	if widths == nil {
		first := math.Min(60, 170/float64(n)*1.8)
		if n == 1 {
			first = 170
		}
		widths = []float64{first}
		for i := 1; i < n; i++ {
			widths = append(widths, (170-first)/float64(n-1))
		}
	}
	size := 9.0
	if n > 6 {
		size = 7.5
	}
	lh := size * 0.5
	row := func(cells []string, header bool) {
		style := ""
		if header {
			style = "B"
		}
		pdf.SetFont("Helvetica", style, size)
		// The row is as high as its tallest cell.
		lines := 1
		for i, c := range cells {
			lines = max(lines, len(pdf.SplitText(measurable(c), widths[i]-2)))
		}
		h := float64(lines)*lh + 1.5
		if pdf.GetY()+h > 279-18 {
			pdf.AddPage()
		}
		x, y := pdf.GetX(), pdf.GetY()
		for i, c := range cells {
			align := "L"
			if i > 0 && !header && t.Columns[i].Kind != export.Text {
				align = "R"
			}
			if header {
				pdf.SetFillColor(238, 242, 248)
				pdf.Rect(x, y, widths[i], h, "FD")
			} else {
				pdf.Rect(x, y, widths[i], h, "D")
			}
			pdf.SetXY(x+1, y+0.75)
			pdf.MultiCell(widths[i]-2, lh, tr(c), "", align, false)
			x += widths[i]
		}
		pdf.SetXY(20, y+h)
	}
	pdf.SetDrawColor(140, 140, 140)
	pdf.SetLineWidth(0.2)
	var hdr []string
	for _, c := range t.Columns {
		hdr = append(hdr, c.Header)
	}
	row(hdr, true)
	if len(t.Rows) == 0 {
		row(append([]string{"Geen gegevens in deze periode."}, make([]string, n-1)...), false)
	}
	for _, r := range t.Rows {
		var cells []string
		for i, c := range t.Columns {
			var v any
			if i < len(r) {
				v = r[i]
			}
			cells = append(cells, c.Display(v))
		}
		row(cells, false)
	}
	pdf.SetFont("Helvetica", "", 10.5)
	pdf.Ln(2)
}

// measurable is s for fpdf's SplitText, which indexes its width table
// (256 entries) by rune: signs beyond Latin-1 count as a wide letter.
func measurable(s string) string {
	return strings.Map(func(r rune) rune {
		if r > 255 {
			return 'W'
		}
		return r
	}, pdfText.Replace(s))
}

// pdfBar draws a horizontal grouped bar chart like chart.Bar: the value is
// written after every bar, so the chart reads without colour.
func pdfBar(pdf *fpdf.Fpdf, tr func(string) string, title string, b chart.Bar) {
	barH := 4.0
	// The title stays with its chart: start a new page when both do not fit.
	need := float64(len(b.Categories)*len(b.Series))*(barH+1) + float64(len(b.Categories))*3 + 30
	if pdf.GetY()+need > 279-18 {
		pdf.AddPage()
	}
	pdf.SetFont("Helvetica", "B", 11)
	pdf.MultiCell(0, 6, tr(title), "", "L", false)
	if len(b.Categories) == 0 || len(b.Series) == 0 {
		pdf.SetFont("Helvetica", "", 10)
		pdf.MultiCell(0, 5, tr("Geen gegevens in deze periode."), "", "L", false)
		return
	}
	col := export.Column{Kind: b.Kind, Decimals: b.Decimals}
	hi := 0.0
	for _, s := range b.Series {
		for _, v := range s.Values {
			if !math.IsNaN(v) {
				hi = math.Max(hi, v)
			}
		}
	}
	if b.Goal != nil {
		hi = math.Max(hi, b.Goal.Value)
	}
	switch {
	case hi <= 0:
		hi = 1
	case b.Kind == export.Percent && hi <= 1:
		hi = 1
	default:
		// Round the axis up as the SVG chart does (a grade of 8,2 on an axis to 10).
		p := math.Pow(10, math.Floor(math.Log10(hi)))
		for _, m := range []float64{1, 2, 2.5, 5, 10} {
			if m*p >= hi {
				hi = m * p
				break
			}
		}
	}
	labelW, plotW := 55.0, 90.0
	// Legend.
	pdf.SetFont("Helvetica", "", 8.5)
	x := 20.0
	for j, s := range b.Series {
		c := pdfColours[j%len(pdfColours)]
		pdf.SetFillColor(c[0], c[1], c[2])
		pdf.Rect(x, pdf.GetY()+1, 3.5, 3.5, "F")
		pdf.SetXY(x+5, pdf.GetY())
		w := pdf.GetStringWidth(tr(s.Name)) + 4
		pdf.CellFormat(w, 5.5, tr(s.Name), "", 0, "L", false, 0, "")
		x += w + 8
	}
	pdf.Ln(7)
	top := pdf.GetY()
	y := top
	x0 := 20 + labelW
	for i, cat := range b.Categories {
		pdf.SetFont("Helvetica", "", 8.5)
		pdf.SetXY(20, y)
		pdf.CellFormat(labelW-2, float64(len(b.Series))*(barH+1), tr(cat), "", 0, "R", false, 0, "")
		for j, s := range b.Series {
			v := math.NaN()
			if i < len(s.Values) {
				v = s.Values[i]
			}
			c := pdfColours[j%len(pdfColours)]
			by := y + float64(j)*(barH+1)
			txt := "geen gegevens"
			if !math.IsNaN(v) {
				w := math.Max(0, v) / hi * plotW
				pdf.SetFillColor(c[0], c[1], c[2])
				pdf.Rect(x0, by, w, barH, "F")
				txt = col.Display(v)
				pdf.SetXY(x0+w+1.5, by)
			} else {
				pdf.SetXY(x0+1.5, by)
			}
			pdf.CellFormat(30, barH, tr(txt), "", 0, "L", false, 0, "")
		}
		y += float64(len(b.Series))*(barH+1) + 3
	}
	pdf.SetDrawColor(26, 26, 26)
	pdf.SetLineWidth(0.3)
	pdf.Line(x0, top-1, x0, y-2)
	if b.Goal != nil {
		gx := x0 + b.Goal.Value/hi*plotW
		pdf.SetDrawColor(176, 0, 32)
		pdf.SetDashPattern([]float64{1.5, 1}, 0)
		pdf.Line(gx, top-2, gx, y-2)
		pdf.SetDashPattern(nil, 0)
		label := b.Goal.Label
		if label == "" {
			label = "Doel " + col.Display(b.Goal.Value)
		}
		pdf.SetTextColor(176, 0, 32)
		pdf.SetXY(gx-15, y-1)
		pdf.CellFormat(30, 4, tr(label), "", 0, "C", false, 0, "")
		pdf.SetTextColor(26, 26, 26)
		y += 4
	}
	pdf.SetXY(20, y+2)
}
