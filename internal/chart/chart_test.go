package chart_test

import (
	"encoding/xml"
	"io"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/gemeenten/loket/internal/chart"
	"github.com/gemeenten/loket/internal/export"
)

// node is a generic parsed SVG element.
type node struct {
	XMLName  xml.Name
	Attrs    []xml.Attr `xml:",any,attr"`
	Text     string     `xml:",chardata"`
	Children []node     `xml:",any"`
}

func (n node) attr(name string) string {
	for _, a := range n.Attrs {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

func (n node) walk(fn func(node)) {
	fn(n)
	for _, c := range n.Children {
		c.walk(fn)
	}
}

func parse(t *testing.T, svg string) node {
	t.Helper()
	var n node
	if err := xml.Unmarshal([]byte(svg), &n); err != nil {
		t.Fatalf("SVG is not well-formed XML: %v\n%s", err, svg)
	}
	dec := xml.NewDecoder(strings.NewReader(svg))
	for {
		if _, err := dec.Token(); err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
	}
	if n.XMLName.Local != "svg" || n.attr("role") != "img" {
		t.Fatalf("root is %s role=%q", n.XMLName.Local, n.attr("role"))
	}
	ids := strings.Fields(n.attr("aria-labelledby"))
	if len(ids) != 2 {
		t.Fatalf("aria-labelledby = %q", n.attr("aria-labelledby"))
	}
	found := map[string]bool{}
	n.walk(func(c node) {
		if id := c.attr("id"); id != "" {
			found[id] = true
		}
	})
	for _, id := range ids {
		if !found[id] {
			t.Errorf("aria-labelledby points to missing %s", id)
		}
	}
	return n
}

func texts(n node) []string {
	var out []string
	n.walk(func(c node) {
		if c.XMLName.Local == "text" {
			out = append(out, c.Text)
		}
	})
	return out
}

func child(n node, local string) string {
	for _, c := range n.Children {
		if c.XMLName.Local == local {
			return c.Text
		}
	}
	return ""
}

type bar struct {
	value, width float64
	fill         string
}

func bars(t *testing.T, n node) []bar {
	var out []bar
	n.walk(func(c node) {
		if c.attr("class") == "loket-chart__bar" {
			v, err1 := strconv.ParseFloat(c.attr("data-value"), 64)
			w, err2 := strconv.ParseFloat(c.attr("width"), 64)
			if err1 != nil || err2 != nil {
				t.Fatalf("bar %v", c.Attrs)
			}
			out = append(out, bar{v, w, c.attr("fill")})
		}
	})
	return out
}

func TestBarScalesLabelsAndGoal(t *testing.T) {
	c := chart.Bar{ID: "direct", Title: "Direct beantwoord per kanaal", CategoryHeader: "Kanaal",
		Categories: []string{"Telefoon", "Balie", "E-mail"},
		Series: []chart.Series{
			{Name: "Dit kwartaal", Values: []float64{0.71, 0.5, 0.25}},
			{Name: "Vorig kwartaal", Values: []float64{0.66, math.NaN(), 0.2}},
		},
		Kind: export.Percent, Goal: &chart.Goal{Value: 0.8}}.Render()
	n := parse(t, c.SVG)
	if child(n, "title") != "Direct beantwoord per kanaal" {
		t.Errorf("title %q", child(n, "title"))
	}
	desc := child(n, "desc")
	for _, want := range []string{"Telefoon: Dit kwartaal 71,0 %, Vorig kwartaal 66,0 %", "Balie: Dit kwartaal 50,0 %, Vorig kwartaal geen gegevens", "Doel 80,0 %"} {
		if !strings.Contains(desc, want) {
			t.Errorf("desc lacks %q: %s", want, desc)
		}
	}
	bs := bars(t, n)
	if len(bs) != 5 {
		t.Fatalf("bars: %d", len(bs))
	}
	// Bars are proportional to their values (the axis runs 0–100 %).
	per := bs[0].width / bs[0].value
	for _, b := range bs {
		if math.Abs(b.width-b.value*per) > 0.2 {
			t.Errorf("bar for %v is %v wide, want %v", b.value, b.width, b.value*per)
		}
	}
	if bs[0].fill == bs[1].fill {
		t.Error("the two series look the same")
	}
	all := strings.Join(texts(n), "|")
	for _, want := range []string{"Telefoon", "Balie", "E-mail", "71,0 %", "25,0 %", "geen gegevens", "Doel 80,0 %", "Dit kwartaal", "Vorig kwartaal", "100 %"} {
		if !strings.Contains(all, want) {
			t.Errorf("no text %q in %s", want, all)
		}
	}
	// The goal line sits at 80 % of the axis: the axis from 0 % to 100 % is 1/0.71 of the first bar.
	var goalX float64
	var zeroX float64 = -1
	n.walk(func(c node) {
		if c.attr("class") == "loket-chart__goal" {
			goalX, _ = strconv.ParseFloat(c.attr("x1"), 64)
		}
		if c.attr("class") == "loket-chart__bar" && zeroX < 0 {
			zeroX, _ = strconv.ParseFloat(c.attr("x"), 64)
		}
	})
	if want := zeroX + 0.8*per; math.Abs(goalX-want) > 0.2 {
		t.Errorf("goal line at %v, want %v", goalX, want)
	}
	// The data table holds the same figures, with a goal column.
	if len(c.Table.Rows) != 3 || len(c.Table.Columns) != 4 || c.Table.Columns[0].Header != "Kanaal" || c.Table.Rows[1][2] != nil || c.Table.Rows[0][3] != 0.8 {
		t.Errorf("table %+v", c.Table)
	}
	// Deterministic.
	again := chart.Bar{ID: "direct", Title: "Direct beantwoord per kanaal", CategoryHeader: "Kanaal",
		Categories: []string{"Telefoon", "Balie", "E-mail"},
		Series: []chart.Series{
			{Name: "Dit kwartaal", Values: []float64{0.71, 0.5, 0.25}},
			{Name: "Vorig kwartaal", Values: []float64{0.66, math.NaN(), 0.2}},
		},
		Kind: export.Percent, Goal: &chart.Goal{Value: 0.8}}.Render()
	if again.SVG != c.SVG {
		t.Error("the same figures gave different SVG")
	}
}

func TestBarCountsUseDutchThousandsAndNiceAxis(t *testing.T) {
	c := chart.Bar{Title: "Contacten", Categories: []string{"Telefoon <&> 'x'"}, Series: []chart.Series{{Name: "Aantal", Values: []float64{12345}}},
		Kind: export.Integer}.Render()
	n := parse(t, c.SVG)
	all := strings.Join(texts(n), "|")
	if !strings.Contains(all, "12.345") || !strings.Contains(all, "20.000") || !strings.Contains(all, "Telefoon <&> 'x'") {
		t.Errorf("texts: %s", all)
	}
}

func TestEmptyChartsSayThereIsNoData(t *testing.T) {
	for _, c := range []chart.Chart{
		chart.Bar{Title: "Leeg"}.Render(),
		chart.Bar{Title: "Alleen NaN", Categories: []string{"a"}, Series: []chart.Series{{Name: "x", Values: []float64{math.NaN()}}}}.Render(),
		chart.Line{Title: "Leeg"}.Render(),
		chart.Stacked{Title: "Leeg", Categories: []string{"Q1"}, Series: []chart.Series{{Name: "Telefoon", Values: []float64{0}}}}.Render(),
	} {
		n := parse(t, c.SVG)
		if !strings.Contains(child(n, "desc"), "Geen gegevens") || len(bars(t, n)) != 0 {
			t.Errorf("empty chart: %s", c.SVG)
		}
	}
}

func TestLineTrendWithMarkersAndGoal(t *testing.T) {
	c := chart.Line{ID: "trend", Title: "Direct beantwoord, trend", Labels: []string{"K1 2026", "K2 2026", "K3 2026", "K4 2026"},
		Series: []chart.Series{{Name: "Direct beantwoord", Values: []float64{0.6, 0.65, math.NaN(), 0.72}}},
		Kind:   export.Percent, Goal: &chart.Goal{Value: 0.8, Label: "Doel 80 %"}}.Render()
	n := parse(t, c.SVG)
	var ys []float64
	var path string
	n.walk(func(x node) {
		if x.attr("class") == "loket-chart__point" {
			y, _ := strconv.ParseFloat(x.attr("cy"), 64)
			ys = append(ys, y)
		}
		if x.XMLName.Local == "path" && x.attr("fill") == "none" {
			path = x.attr("d")
		}
	})
	if len(ys) != 3 || !(ys[0] > ys[1] && ys[1] > ys[2]) {
		t.Errorf("points %v: higher values must sit higher", ys)
	}
	// The missing quarter breaks the line: it starts again with a move.
	if strings.Count(path, "M") != 2 {
		t.Errorf("path %q", path)
	}
	all := strings.Join(texts(n), "|")
	for _, want := range []string{"K1 2026", "K4 2026", "Doel 80 %", "72,0 %"} {
		if !strings.Contains(all, want) {
			t.Errorf("no %q in %s", want, all)
		}
	}
}

func TestStackedSharesAddUp(t *testing.T) {
	c := chart.Stacked{ID: "mix", Title: "Kanaalmix", Categories: []string{"Dit kwartaal", "Jaar eerder"},
		Series: []chart.Series{{Name: "Telefoon", Values: []float64{60, 50}}, {Name: "Balie", Values: []float64{30, 50}}, {Name: "Web", Values: []float64{10, 0}}}}.Render()
	n := parse(t, c.SVG)
	bs := bars(t, n)
	if len(bs) != 5 {
		t.Fatalf("segments: %d", len(bs))
	}
	row1 := bs[0].width + bs[1].width + bs[2].width
	row2 := bs[3].width + bs[4].width
	if math.Abs(row1-row2) > 0.3 || math.Abs(bs[0].width/row1-0.6) > 0.01 {
		t.Errorf("widths %v", bs)
	}
	all := strings.Join(texts(n), "|")
	if !strings.Contains(all, "60 %") || !strings.Contains(all, "Telefoon") {
		t.Errorf("texts %s", all)
	}
	if len(c.Table.Columns) != 7 || c.Table.Rows[0][4] != 0.6 {
		t.Errorf("table %+v", c.Table)
	}
	// Two charts on one page have their own pattern ids.
	other := chart.Stacked{ID: "mix2", Title: "Kanaalmix", Categories: []string{"x"}, Series: []chart.Series{{Name: "a", Values: []float64{1}}, {Name: "b", Values: []float64{1}}}}.Render()
	if !strings.Contains(other.SVG, `id="gmix2-p1"`) || strings.Contains(other.SVG, `id="gmix-p1"`) {
		t.Error("pattern ids are not per chart")
	}
}
