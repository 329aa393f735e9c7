package export_test

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"encoding/xml"
	"io"
	"math"
	"strings"
	"testing"

	"github.com/gemeenten/loket/internal/export"
)

func sample() export.Table {
	return export.Table{ID: "kcc-kanalen", Title: "Contacten per kanaal", Columns: []export.Column{
		{Header: "Kanaal", Kind: export.Text},
		{Header: "Contacten", Kind: export.Integer},
		{Header: "Direct beantwoord", Kind: export.Percent},
		{Header: "Cijfer", Kind: export.Decimal, Decimals: 1},
	}, Rows: [][]any{
		{"Telefoon", 12345, 0.6534, 7.8},
		{"Balie ë", int64(7), nil, math.NaN()},
		{"=HYPERLINK(\"x\")", 0, 1.0, 10.0},
	}}
}

func TestDutchNumbers(t *testing.T) {
	for _, c := range []struct {
		f    float64
		d    int
		want string
	}{{1234, 0, "1.234"}, {1234567.25, 2, "1.234.567,25"}, {-1234.5, 1, "-1.234,5"}, {0.04, 1, "0,0"}, {-0.04, 1, "0,0"}, {999, 0, "999"}} {
		if got := export.Dutch(c.f, c.d); got != c.want {
			t.Errorf("Dutch(%v, %d) = %q, want %q", c.f, c.d, got, c.want)
		}
	}
	col := export.Column{Kind: export.Percent}
	if got := col.Display(0.653); got != "65,3 %" {
		t.Errorf("percent display %q", got)
	}
	if got := col.Display(nil); got != "—" {
		t.Errorf("missing display %q", got)
	}
}

func TestCSVRoundTripsForDutchExcel(t *testing.T) {
	var buf bytes.Buffer
	if err := export.WriteCSV(&buf, sample()); err != nil {
		t.Fatal(err)
	}
	raw := buf.Bytes()
	if !bytes.HasPrefix(raw, []byte("\xef\xbb\xbf")) {
		t.Fatalf("no UTF-8 BOM: %q", raw[:10])
	}
	if !bytes.Contains(raw, []byte("\r\n")) {
		t.Error("lines do not end in CRLF")
	}
	r := csv.NewReader(bytes.NewReader(raw[3:]))
	r.Comma = ';'
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"Kanaal", "Contacten", "Direct beantwoord", "Cijfer"},
		{"Telefoon", "12345", "65,3%", "7,8"},
		{"Balie ë", "7", "", ""},
		{"'=HYPERLINK(\"x\")", "0", "100,0%", "10,0"},
	}
	if len(recs) != len(want) {
		t.Fatalf("records %q", recs)
	}
	for i := range want {
		if strings.Join(recs[i], "|") != strings.Join(want[i], "|") {
			t.Errorf("row %d = %q, want %q", i, recs[i], want[i])
		}
	}
}

type sheet struct {
	Cols []struct {
		Min   int     `xml:"min,attr"`
		Width float64 `xml:"width,attr"`
	} `xml:"cols>col"`
	Rows []struct {
		R     int `xml:"r,attr"`
		Cells []struct {
			Ref    string `xml:"r,attr"`
			Type   string `xml:"t,attr"`
			Style  int    `xml:"s,attr"`
			Value  string `xml:"v"`
			Inline string `xml:"is>t"`
		} `xml:"c"`
	} `xml:"sheetData>row"`
}

func readZip(t *testing.T, b []byte) map[string]string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(rc)
		rc.Close()
		// Every part must be well-formed XML.
		dec := xml.NewDecoder(bytes.NewReader(body))
		for {
			if _, err := dec.Token(); err == io.EOF {
				break
			} else if err != nil {
				t.Fatalf("%s is not well-formed: %v", f.Name, err)
			}
		}
		out[f.Name] = string(body)
	}
	return out
}

func TestXLSXIsAValidWorkbookWithNumbersAsNumbers(t *testing.T) {
	second := export.Table{ID: "x", Title: "Contacten per kanaal", Columns: []export.Column{{Header: "A", Kind: export.Text}}}
	var buf bytes.Buffer
	if err := export.WriteXLSX(&buf, sample(), second); err != nil {
		t.Fatal(err)
	}
	files := readZip(t, buf.Bytes())
	for _, name := range []string{"[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml",
		"xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"} {
		if _, ok := files[name]; !ok {
			t.Fatalf("missing part %s", name)
		}
	}
	if !strings.Contains(files["xl/workbook.xml"], `name="Contacten per kanaal"`) || !strings.Contains(files["xl/workbook.xml"], `name="Contacten per kanaal (2)"`) {
		t.Errorf("sheet names not unique: %s", files["xl/workbook.xml"])
	}
	var s sheet
	if err := xml.Unmarshal([]byte(files["xl/worksheets/sheet1.xml"]), &s); err != nil {
		t.Fatal(err)
	}
	if len(s.Rows) != 4 {
		t.Fatalf("rows: %d", len(s.Rows))
	}
	h := s.Rows[0].Cells
	if len(h) != 4 || h[0].Type != "inlineStr" || h[0].Inline != "Kanaal" || h[1].Ref != "B1" || h[1].Style == 0 {
		t.Errorf("header row %+v", h)
	}
	r := s.Rows[1].Cells
	if r[0].Inline != "Telefoon" || r[1].Type != "" || r[1].Value != "12345" || r[2].Value != "0.6534" || r[3].Value != "7.8" {
		t.Errorf("first data row %+v", r)
	}
	if r[1].Style == r[2].Style {
		t.Error("counts and percentages share a number format")
	}
	// The missing and NaN figures are empty cells, not zeros.
	if got := len(s.Rows[2].Cells); got != 2 || s.Rows[2].Cells[0].Inline != "Balie ë" {
		t.Errorf("row with missing figures %+v", s.Rows[2].Cells)
	}
	if len(s.Cols) != 4 || s.Cols[0].Width < float64(len("Kanaal")) || s.Cols[2].Width < float64(len("Direct beantwoord")) {
		t.Errorf("column widths %+v", s.Cols)
	}
	// The same tables give the same bytes.
	var again bytes.Buffer
	if err := export.WriteXLSX(&again, sample(), second); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), again.Bytes()) {
		t.Error("XLSX output is not deterministic")
	}
	if err := export.WriteXLSX(io.Discard); err == nil {
		t.Error("a workbook without tables was written")
	}
}

func TestValidID(t *testing.T) {
	for id, want := range map[string]bool{"kcc-kanalen": true, "": false, "KCC": false, "a/b": false, "x y": false} {
		if export.ValidID(id) != want {
			t.Errorf("ValidID(%q) != %v", id, want)
		}
	}
}
