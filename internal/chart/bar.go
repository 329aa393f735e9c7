package chart

import (
	"fmt"
	"math"
	"strings"

	"github.com/gemeenten/loket/internal/export"
)

// Bar is a horizontal grouped bar chart: a group of bars per category (a
// channel, a team), a bar per series (this period, the previous period, a
// year earlier). Horizontal, so long Dutch labels stay readable.
type Bar struct {
	ID    string // unique on the page; also the table's ID
	Title string
	// CategoryHeader heads the table's first column ["Categorie"].
	CategoryHeader string
	Categories     []string
	Series         []Series
	Kind           export.Kind
	Decimals       int
	Goal           *Goal
	Width          float64 // [640]
}

const (
	barH   = 18.0
	barGap = 4.0
	grpGap = 14.0
)

// Render draws the chart.
func (c Bar) Render() Chart {
	id := idFor(c.ID, c.Title)
	if c.Width <= 0 {
		c.Width = 640
	}
	if c.CategoryHeader == "" {
		c.CategoryHeader = "Categorie"
	}
	tbl := table(c.ID, c.Title, c.CategoryHeader, c.Categories, c.Series, c.Kind, c.Decimals, c.Goal)
	if len(c.Categories) == 0 || len(c.Series) == 0 || allNaN(c.Series) {
		return Chart{ID: id, SVG: empty(id, c.Title, c.Width), Table: tbl}
	}
	var all []float64
	for _, s := range c.Series {
		all = append(all, s.Values...)
	}
	sc := newScale(all, c.Goal, c.Kind)

	labelW := 0.0
	for _, cat := range c.Categories {
		labelW = math.Max(labelW, textWidth(cat, 13))
	}
	labelW = math.Min(labelW+12, c.Width*0.32)
	valueW := 70.0 // room for the value text after the longest bar
	left, right := labelW, c.Width-valueW
	top := 8.0
	if c.Goal != nil {
		top = 24 // the goal's label sits above the plot
	}
	groupH := float64(len(c.Series))*(barH+barGap) - barGap
	plotH := float64(len(c.Categories))*(groupH+grpGap) - grpGap
	axisY := top + plotH + 6
	legendY := axisY + 36
	h := legendY
	if n := legendRows(c.Series, c.Width); n > 0 {
		h = legendY + 8 + 20*float64(n-1)
	}

	var b strings.Builder
	open(&b, id, c.Title, describe("Staafdiagram", c.Categories, c.Series, c.Kind, c.Decimals, c.Goal), c.Width, h)
	patternDefs(&b, id, len(c.Series))
	// Grid and axis ticks.
	for _, t := range sc.ticks {
		x := sc.pos(t, left, right)
		fmt.Fprintf(&b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="1"/>`, num(x), num(top), num(x), num(axisY), gridColour)
		fmt.Fprintf(&b, `<text x="%s" y="%s" font-size="12" text-anchor="middle">%s</text>`, num(x), num(axisY+16), esc(tickLabel(t, c.Kind)))
	}
	zero := sc.pos(0, left, right)
	fmt.Fprintf(&b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="1.5"/>`, num(zero), num(top), num(zero), num(axisY), textColour)
	for i, cat := range c.Categories {
		gy := top + float64(i)*(groupH+grpGap)
		fmt.Fprintf(&b, `<g class="loket-chart__group"><text x="%s" y="%s" text-anchor="end">%s</text>`,
			num(left-8), num(gy+groupH/2+4.5), esc(truncate(cat, labelW-12, 13)))
		for j, s := range c.Series {
			v := valueAt(s, i)
			y := gy + float64(j)*(barH+barGap)
			if math.IsNaN(v) {
				fmt.Fprintf(&b, `<text x="%s" y="%s" font-size="12">geen gegevens</text>`, num(zero+4), num(y+barH-5))
				continue
			}
			x0, x1 := zero, sc.pos(v, left, right)
			if x1 < x0 {
				x0, x1 = x1, x0
			}
			fmt.Fprintf(&b, `<rect class="loket-chart__bar" data-value="%s" x="%s" y="%s" width="%s" height="%s" fill="%s" stroke="%s" stroke-width="0.5"><title>%s</title></rect>`,
				fmtData(v), num(x0), num(y), num(x1-x0), num(barH), fill(id, j), palette[j%len(palette)], esc(s.Name+": "+format(v, c.Kind, c.Decimals)))
			// A white halo keeps the value readable where it crosses the goal line or the grid.
			fmt.Fprintf(&b, `<text x="%s" y="%s" font-size="12" stroke="#ffffff" stroke-width="3" paint-order="stroke">%s</text>`, num(math.Max(x1, zero)+4), num(y+barH-5), esc(format(v, c.Kind, c.Decimals)))
		}
		b.WriteString(`</g>`)
	}
	if c.Goal != nil {
		gx := sc.pos(c.Goal.Value, left, right)
		fmt.Fprintf(&b, `<line class="loket-chart__goal" x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="2" stroke-dasharray="6 3"/>`,
			num(gx), num(top-4), num(gx), num(axisY), goalColour)
		fmt.Fprintf(&b, `<text x="%s" y="%s" font-size="12" text-anchor="middle" fill="%s">%s</text>`, num(gx), num(top-8), goalColour,
			esc(goalLabel(c.Goal, c.Kind, c.Decimals)))
	}
	legend(&b, id, c.Series, 0, legendY, c.Width)
	b.WriteString(`</svg>`)
	return Chart{ID: id, SVG: b.String(), Table: tbl}
}

func tickLabel(v float64, kind export.Kind) string {
	switch kind {
	case export.Percent:
		return export.Dutch(v*100, 0) + " %"
	case export.Integer:
		return export.Dutch(v, 0)
	}
	if v == math.Trunc(v) {
		return export.Dutch(v, 0)
	}
	return export.Dutch(v, 1)
}

// fmtData is the exact value for the data-value attribute (tests and
// scripts read it; people read the text).
func fmtData(v float64) string { return fmt.Sprintf("%g", v) }
