package chart

import (
	"fmt"
	"math"
	"strings"

	"github.com/gemeenten/loket/internal/export"
)

// Stacked is a 100 % stacked bar per category (a period), a segment per
// series (a channel): the mix, e.g. how contacts spread over the channels
// this quarter against a year earlier. Values are counts; the segments show
// their share, the table both.
type Stacked struct {
	ID             string
	Title          string
	CategoryHeader string // ["Periode"]
	Categories     []string
	Series         []Series
	Width          float64 // [640]
}

// Render draws the chart.
func (c Stacked) Render() Chart {
	id := idFor(c.ID, c.Title)
	if c.Width <= 0 {
		c.Width = 640
	}
	if c.CategoryHeader == "" {
		c.CategoryHeader = "Periode"
	}
	tbl := table(c.ID, c.Title, c.CategoryHeader, c.Categories, c.Series, export.Integer, 0, nil)
	totals := make([]float64, len(c.Categories))
	for i := range c.Categories {
		for _, s := range c.Series {
			if v := valueAt(s, i); !math.IsNaN(v) && v > 0 {
				totals[i] += v
			}
		}
	}
	any := false
	for _, t := range totals {
		any = any || t > 0
	}
	if !any {
		return Chart{ID: id, SVG: empty(id, c.Title, c.Width), Table: tbl}
	}
	// The shares go into the table too, after the counts.
	for _, s := range c.Series {
		tbl.Columns = append(tbl.Columns, export.Column{Header: "Aandeel " + s.Name, Kind: export.Percent})
	}
	for i := range tbl.Rows {
		for _, s := range c.Series {
			v := valueAt(s, i)
			if totals[i] == 0 || math.IsNaN(v) {
				tbl.Rows[i] = append(tbl.Rows[i], nil)
			} else {
				tbl.Rows[i] = append(tbl.Rows[i], v/totals[i])
			}
		}
	}

	labelW := 0.0
	for _, cat := range c.Categories {
		labelW = math.Max(labelW, textWidth(cat, 13))
	}
	labelW = math.Min(labelW+12, c.Width*0.3)
	left, right := labelW, c.Width-8
	rowH, gap := 30.0, 14.0
	top := 6.0
	plotH := float64(len(c.Categories))*(rowH+gap) - gap
	legendY := top + plotH + 28
	h := legendY + 8 + 20*float64(max(legendRows(c.Series, c.Width), 1)-1)

	var desc []string
	for i, cat := range c.Categories {
		var parts []string
		for _, s := range c.Series {
			v := valueAt(s, i)
			if totals[i] == 0 || math.IsNaN(v) {
				continue
			}
			parts = append(parts, fmt.Sprintf("%s %s (%s)", s.Name, format(v/totals[i], export.Percent, 0), format(v, export.Integer, 0)))
		}
		if len(parts) == 0 {
			parts = []string{"geen gegevens"}
		}
		desc = append(desc, cat+": "+strings.Join(parts, ", "))
	}

	var b strings.Builder
	open(&b, id, c.Title, "Gestapeld staafdiagram, aandeel per onderdeel. "+strings.Join(desc, "; ")+".", c.Width, h)
	patternDefs(&b, id, len(c.Series))
	for i, cat := range c.Categories {
		y := top + float64(i)*(rowH+gap)
		fmt.Fprintf(&b, `<g class="loket-chart__group"><text x="%s" y="%s" text-anchor="end">%s</text>`, num(left-8), num(y+rowH/2+4.5), esc(truncate(cat, labelW-12, 13)))
		if totals[i] == 0 {
			fmt.Fprintf(&b, `<text x="%s" y="%s" font-size="12">geen gegevens</text></g>`, num(left+4), num(y+rowH/2+4))
			continue
		}
		x := left
		for j, s := range c.Series {
			v := valueAt(s, i)
			if math.IsNaN(v) || v <= 0 {
				continue
			}
			share := v / totals[i]
			w := share * (right - left)
			fmt.Fprintf(&b, `<rect class="loket-chart__bar" data-value="%s" x="%s" y="%s" width="%s" height="%s" fill="%s" stroke="#ffffff" stroke-width="1.5"><title>%s</title></rect>`,
				fmtData(v), num(x), num(y), num(w), num(rowH), fill(id, j), esc(fmt.Sprintf("%s: %s (%s)", s.Name, format(share, export.Percent, 0), format(v, export.Integer, 0))))
			label := format(share, export.Percent, -1)
			if lw := textWidth(label, 12) + 8; w >= lw+4 {
				// A white badge behind the text keeps it readable on any
				// colour or pattern.
				fmt.Fprintf(&b, `<rect x="%s" y="%s" width="%s" height="16" rx="3" fill="#ffffff"/>`, num(x+w/2-lw/2), num(y+rowH/2-8), num(lw))
				fmt.Fprintf(&b, `<text x="%s" y="%s" font-size="12" text-anchor="middle">%s</text>`, num(x+w/2), num(y+rowH/2+4), esc(label))
			}
			x += w
		}
		b.WriteString(`</g>`)
	}
	legend(&b, id, c.Series, 0, legendY, c.Width)
	b.WriteString(`</svg>`)
	return Chart{ID: id, SVG: b.String(), Table: tbl}
}
