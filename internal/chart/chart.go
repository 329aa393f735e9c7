// Package chart draws the report's charts as accessible SVG on the server:
// each has role="img", a <title> and a <desc> that reads out the figures,
// Dutch number formats, colours with at least 3:1 contrast against white
// that are never the only cue (each series also has its own pattern or
// marker, and bars carry their value as text), and a goal line where the
// figure has a goal. Every chart comes with its data table (an
// export.Table), which the page shows next to it. The output is
// deterministic: the same figures give the same bytes.
package chart

import (
	"fmt"
	"hash/fnv"
	"html/template"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gemeenten/loket/internal/export"
)

// Series is one set of values, one per category (NaN: no figure).
type Series struct {
	Name   string
	Values []float64
}

// Goal is the target the figure is measured against.
type Goal struct {
	Value float64
	Label string // "Doel 80 %"; made from the value when empty
}

// Chart is a rendered chart with its data.
type Chart struct {
	ID    string
	SVG   string
	Table export.Table
}

// HTML is the SVG for a template. It is built from escaped text only.
func (c Chart) HTML() template.HTML { return template.HTML(c.SVG) }

// palette: each colour has at least 4.5:1 contrast against white (so text
// in it is readable too) and differs in lightness from its neighbours.
var palette = []string{"#1d4f91", "#b34700", "#2e6b30", "#6a3d9a", "#4d4d4d", "#00695c", "#8a1c4a", "#5c4a00"}

const (
	textColour = "#1a1a1a"
	gridColour = "#c8c8c8"
	goalColour = "#b00020"
	fontFamily = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"
)

// idFor makes ids unique per chart on a page (patterns, title, desc).
func idFor(id, title string) string {
	if id != "" {
		return "g" + strings.Map(func(r rune) rune {
			if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' {
				return r
			}
			return '-'
		}, id)
	}
	h := fnv.New32a()
	h.Write([]byte(title))
	return fmt.Sprintf("g%08x", h.Sum32())
}

// format shows v as the column kind says.
func format(v float64, kind export.Kind, decimals int) string {
	return export.Column{Kind: kind, Decimals: decimals}.Display(v)
}

func num(f float64) string { return strconv.FormatFloat(f, 'f', 1, 64) }

func esc(s string) string { return template.HTMLEscapeString(s) }

// textWidth estimates the width of s at size px (no font metrics on the
// server; 0.58 em per character fits the sans-serif fonts used).
func textWidth(s string, size float64) float64 {
	return float64(utf8.RuneCountInString(s)) * size * 0.58
}

func truncate(s string, maxWidth, size float64) string {
	if textWidth(s, size) <= maxWidth {
		return s
	}
	n := int(maxWidth/(size*0.58)) - 1
	if n < 1 {
		n = 1
	}
	r := []rune(s)
	if n >= len(r) {
		return s
	}
	return string(r[:n]) + "…"
}

// niceMax rounds v up to 1, 2, 2.5 or 5 times a power of ten, so the axis
// ticks are round numbers.
func niceMax(v float64) float64 {
	if v <= 0 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(v)))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if m*p >= v-1e-12 {
			return m * p
		}
	}
	return 10 * p
}

// scale is the value axis: lo..hi and its ticks.
type scale struct {
	lo, hi float64
	ticks  []float64
}

func newScale(values []float64, goal *Goal, kind export.Kind) scale {
	lo, hi := 0.0, 0.0
	for _, v := range values {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			continue
		}
		lo, hi = math.Min(lo, v), math.Max(hi, v)
	}
	if goal != nil {
		hi = math.Max(hi, goal.Value)
	}
	if kind == export.Percent && hi <= 1 && lo >= 0 {
		// Percentages read against the whole: the axis runs to 100 %.
		hi = 1
	} else {
		hi = niceMax(hi)
	}
	if lo < 0 {
		lo = -niceMax(-lo)
	}
	s := scale{lo: lo, hi: hi}
	step := (hi - lo) / 4
	if kind == export.Integer && step < 1 {
		step = 1
	}
	for v := lo; v <= hi+step/1e6; v += step {
		s.ticks = append(s.ticks, v)
	}
	return s
}

func (s scale) pos(v, from, to float64) float64 {
	if s.hi == s.lo {
		return from
	}
	return from + (v-s.lo)/(s.hi-s.lo)*(to-from)
}

func goalLabel(g *Goal, kind export.Kind, decimals int) string {
	if g.Label != "" {
		return g.Label
	}
	return "Doel " + format(g.Value, kind, decimals)
}

// patternDefs defines a fill per series: series 0 solid, the others the
// colour with white stripes, dots or cross-hatching, so print in grey and
// colour-blind readers can still tell them apart.
func patternDefs(b *strings.Builder, id string, n int) {
	b.WriteString("<defs>")
	for i := 1; i < n; i++ {
		c := palette[i%len(palette)]
		fmt.Fprintf(b, `<pattern id="%s-p%d" patternUnits="userSpaceOnUse" width="8" height="8">`, id, i)
		fmt.Fprintf(b, `<rect width="8" height="8" fill="%s"/>`, c)
		switch i % 4 {
		case 1:
			b.WriteString(`<path d="M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4" stroke="#ffffff" stroke-width="1.6"/>`)
		case 2:
			b.WriteString(`<circle cx="4" cy="4" r="1.6" fill="#ffffff"/>`)
		case 3:
			b.WriteString(`<path d="M0,4 h8 M4,0 v8" stroke="#ffffff" stroke-width="1.4"/>`)
		default:
			b.WriteString(`<path d="M-2,6 l4,4 M0,0 l8,8 M6,-2 l4,4" stroke="#ffffff" stroke-width="1.6"/>`)
		}
		b.WriteString(`</pattern>`)
	}
	b.WriteString("</defs>")
}

func fill(id string, i int) string {
	if i == 0 {
		return palette[0]
	}
	return fmt.Sprintf("url(#%s-p%d)", id, i)
}

func open(b *strings.Builder, id, title, desc string, w, h float64) {
	fmt.Fprintf(b, `<svg xmlns="http://www.w3.org/2000/svg" class="loket-chart" id="%s" role="img" aria-labelledby="%s-title %s-desc" viewBox="0 0 %s %s" width="100%%" preserveAspectRatio="xMinYMin meet" font-family="%s" font-size="13" fill="%s">`,
		id, id, id, num(w), num(h), esc(fontFamily), textColour)
	fmt.Fprintf(b, `<title id="%s-title">%s</title><desc id="%s-desc">%s</desc>`, id, esc(title), id, esc(desc))
}

func empty(id, title string, w float64) string {
	var b strings.Builder
	open(&b, id, title, "Geen gegevens in deze periode.", w, 60)
	fmt.Fprintf(&b, `<text x="0" y="35">Geen gegevens in deze periode.</text></svg>`)
	return b.String()
}

func allNaN(series []Series) bool {
	for _, s := range series {
		for _, v := range s.Values {
			if !math.IsNaN(v) {
				return false
			}
		}
	}
	return true
}

func valueAt(s Series, i int) float64 {
	if i < len(s.Values) {
		return s.Values[i]
	}
	return math.NaN()
}

// table builds the data table: categories down, series across, a goal
// column when there is a goal.
func table(id, title, catHeader string, cats []string, series []Series, kind export.Kind, decimals int, goal *Goal) export.Table {
	t := export.Table{ID: id, Title: title, Columns: []export.Column{{Header: catHeader, Kind: export.Text}}}
	for _, s := range series {
		t.Columns = append(t.Columns, export.Column{Header: s.Name, Kind: kind, Decimals: decimals})
	}
	if goal != nil {
		t.Columns = append(t.Columns, export.Column{Header: "Doel", Kind: kind, Decimals: decimals})
	}
	for i, c := range cats {
		row := []any{c}
		for _, s := range series {
			v := valueAt(s, i)
			if math.IsNaN(v) {
				row = append(row, nil)
			} else {
				row = append(row, v)
			}
		}
		if goal != nil {
			row = append(row, goal.Value)
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

// describe reads the figures out for the <desc>: screen readers get the
// chart's content, not just its title.
func describe(kind string, cats []string, series []Series, k export.Kind, decimals int, goal *Goal) string {
	var parts []string
	for i, c := range cats {
		var vals []string
		for _, s := range series {
			v := valueAt(s, i)
			txt := "geen gegevens"
			if !math.IsNaN(v) {
				txt = format(v, k, decimals)
			}
			if len(series) > 1 {
				txt = s.Name + " " + txt
			}
			vals = append(vals, txt)
		}
		parts = append(parts, c+": "+strings.Join(vals, ", "))
	}
	d := kind + ". " + strings.Join(parts, "; ") + "."
	if goal != nil {
		d += " " + goalLabel(goal, k, decimals) + "."
	}
	return d
}

// legendRows is how many rows legend needs at width w (the same wrapping).
func legendRows(series []Series, w float64) int {
	if len(series) < 2 {
		return 0
	}
	rows, cx := 1, 0.0
	for _, s := range series {
		lw := 22 + textWidth(s.Name, 12) + 18
		if cx+lw > w && cx > 0 {
			cx = 0
			rows++
		}
		cx += lw
	}
	return rows
}

func legend(b *strings.Builder, id string, series []Series, x, y, w float64) float64 {
	if len(series) < 2 {
		return y
	}
	cx := x
	for i, s := range series {
		lw := 22 + textWidth(s.Name, 12) + 18
		if cx+lw > x+w && cx > x {
			cx = x
			y += 20
		}
		fmt.Fprintf(b, `<rect x="%s" y="%s" width="14" height="14" fill="%s" stroke="%s" stroke-width="0.5"/>`, num(cx), num(y-11), fill(id, i), textColour)
		fmt.Fprintf(b, `<text x="%s" y="%s" font-size="12">%s</text>`, num(cx+20), num(y), esc(s.Name))
		cx += lw
	}
	return y + 14
}
