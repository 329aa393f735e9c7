package chart

import (
	"fmt"
	"math"
	"strings"

	"github.com/gemeenten/loket/internal/export"
)

// Line is a trend: a value per period (the x labels, oldest first), a line
// per series, each with its own marker shape and its name at its last
// point, and the goal as a dashed line.
type Line struct {
	ID       string
	Title    string
	XHeader  string // heads the table's first column ["Periode"]
	Labels   []string
	Series   []Series
	Kind     export.Kind
	Decimals int
	Goal     *Goal
	Width    float64 // [640]
	Height   float64 // [260]
}

// Render draws the chart.
func (c Line) Render() Chart {
	id := idFor(c.ID, c.Title)
	if c.Width <= 0 {
		c.Width = 640
	}
	if c.Height <= 0 {
		c.Height = 260
	}
	// Room under the plot for the legend's extra rows.
	extra := 20 * float64(max(legendRows(c.Series, c.Width)-1, 0))
	if c.XHeader == "" {
		c.XHeader = "Periode"
	}
	tbl := table(c.ID, c.Title, c.XHeader, c.Labels, c.Series, c.Kind, c.Decimals, c.Goal)
	if len(c.Labels) == 0 || len(c.Series) == 0 || allNaN(c.Series) {
		return Chart{ID: id, SVG: empty(id, c.Title, c.Width), Table: tbl}
	}
	var all []float64
	for _, s := range c.Series {
		all = append(all, s.Values...)
	}
	sc := newScale(all, c.Goal, c.Kind)
	left, right := 56.0, c.Width-110
	top, bottom := 14.0, c.Height-40-extra

	var b strings.Builder
	open(&b, id, c.Title, describe("Lijndiagram", c.Labels, c.Series, c.Kind, c.Decimals, c.Goal), c.Width, c.Height)
	for _, t := range sc.ticks {
		y := sc.pos(t, bottom, top)
		fmt.Fprintf(&b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="1"/>`, num(left), num(y), num(right), num(y), gridColour)
		fmt.Fprintf(&b, `<text x="%s" y="%s" font-size="12" text-anchor="end">%s</text>`, num(left-6), num(y+4), esc(tickLabel(t, c.Kind)))
	}
	n := len(c.Labels)
	xAt := func(i int) float64 {
		if n == 1 {
			return (left + right) / 2
		}
		return left + float64(i)*(right-left)/float64(n-1)
	}
	// Thin out the x labels so they do not overlap.
	every := 1
	for every < n && textWidth(longest(c.Labels), 12)+8 > float64(every)*(right-left)/math.Max(1, float64(n-1)) {
		every++
	}
	for i, l := range c.Labels {
		if i%every != 0 && i != n-1 {
			continue
		}
		fmt.Fprintf(&b, `<text x="%s" y="%s" font-size="12" text-anchor="middle">%s</text>`, num(xAt(i)), num(bottom+18), esc(l))
	}
	if c.Goal != nil {
		gy := sc.pos(c.Goal.Value, bottom, top)
		fmt.Fprintf(&b, `<line class="loket-chart__goal" x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="2" stroke-dasharray="6 3"/>`,
			num(left), num(gy), num(right), num(gy), goalColour)
		fmt.Fprintf(&b, `<text x="%s" y="%s" font-size="12" fill="%s">%s</text>`, num(right+6), num(gy+4), goalColour, esc(goalLabel(c.Goal, c.Kind, c.Decimals)))
	}
	for j, s := range c.Series {
		col := palette[j%len(palette)]
		var d strings.Builder
		pen := false
		last := -1
		for i := range c.Labels {
			v := valueAt(s, i)
			if math.IsNaN(v) {
				pen = false
				continue
			}
			cmd := "L"
			if !pen {
				cmd = "M"
			}
			fmt.Fprintf(&d, "%s%s,%s ", cmd, num(xAt(i)), num(sc.pos(v, bottom, top)))
			pen = true
			last = i
		}
		dash := ""
		if j > 0 {
			dash = ` stroke-dasharray="` + []string{"", "2 3", "8 3", "8 3 2 3"}[j%4] + `"`
			if j%4 == 0 {
				dash = ""
			}
		}
		fmt.Fprintf(&b, `<g class="loket-chart__series"><path d="%s" fill="none" stroke="%s" stroke-width="2.5"%s/>`, strings.TrimSpace(d.String()), col, dash)
		for i := range c.Labels {
			v := valueAt(s, i)
			if math.IsNaN(v) {
				continue
			}
			marker(&b, j, xAt(i), sc.pos(v, bottom, top), col, fmtData(v), s.Name+", "+c.Labels[i]+": "+format(v, c.Kind, c.Decimals))
		}
		if last >= 0 {
			v := valueAt(s, last)
			label := format(v, c.Kind, c.Decimals)
			if len(c.Series) > 1 {
				label = s.Name + " " + label
			}
			fmt.Fprintf(&b, `<text x="%s" y="%s" font-size="12" fill="%s">%s</text>`, num(xAt(last)+8), num(sc.pos(v, bottom, top)-8-float64(j)*0), col, esc(truncate(label, c.Width-xAt(last)-10, 12)))
		}
		b.WriteString(`</g>`)
	}
	legend(&b, id, c.Series, 0, c.Height-4-extra, c.Width)
	b.WriteString(`</svg>`)
	return Chart{ID: id, SVG: b.String(), Table: tbl}
}

func longest(ss []string) string {
	l := ""
	for _, s := range ss {
		if len([]rune(s)) > len([]rune(l)) {
			l = s
		}
	}
	return l
}

// marker draws a point in the series' own shape: circle, square,
// triangle, diamond.
func marker(b *strings.Builder, j int, x, y float64, col, value, title string) {
	t := "<title>" + esc(title) + "</title>"
	switch j % 4 {
	case 0:
		fmt.Fprintf(b, `<circle class="loket-chart__point" data-value="%s" cx="%s" cy="%s" r="4.5" fill="%s">%s</circle>`, value, num(x), num(y), col, t)
	case 1:
		fmt.Fprintf(b, `<rect class="loket-chart__point" data-value="%s" x="%s" y="%s" width="9" height="9" fill="%s">%s</rect>`, value, num(x-4.5), num(y-4.5), col, t)
	case 2:
		fmt.Fprintf(b, `<path class="loket-chart__point" data-value="%s" d="M%s,%s l5.5,9.5 h-11 z" fill="%s">%s</path>`, value, num(x), num(y-5.5), col, t)
	default:
		fmt.Fprintf(b, `<path class="loket-chart__point" data-value="%s" d="M%s,%s l5,5 l-5,5 l-5,-5 z" fill="%s">%s</path>`, value, num(x), num(y-5), col, t)
	}
}
