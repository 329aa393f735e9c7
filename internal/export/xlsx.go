package export

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// XLSXContentType is the media type of WriteXLSX's output.
const XLSXContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// Styles in styles.xml, by index (cellXfs).
const (
	styleDefault = iota
	styleHeader  // bold
	styleInteger // #,##0
	styleDecimal1
	styleDecimal2
	stylePercent1 // 0.0%
	stylePercent0 // 0%
)

// WriteXLSX writes the tables as one workbook, a sheet per table: a bold
// header row that stays in view when scrolling, numbers stored as numbers
// (percentages as fractions with a percent format, so sums and charts in
// Excel work), text as inline strings, and column widths that fit the
// content. The output is the same bytes for the same tables (fixed file
// times), so a stored report does not change when regenerated.
func WriteXLSX(w io.Writer, tables ...Table) error {
	if len(tables) == 0 {
		return fmt.Errorf("export: xlsx: no tables")
	}
	var buf bytes.Buffer
	z := zip.NewWriter(&buf)
	names := sheetNames(tables)
	files := []struct {
		name string
		body string
	}{
		{"[Content_Types].xml", contentTypes(len(tables))},
		{"_rels/.rels", rootRels},
		{"docProps/app.xml", appXML},
		{"docProps/core.xml", coreXML},
		{"xl/workbook.xml", workbookXML(names)},
		{"xl/_rels/workbook.xml.rels", workbookRels(len(tables))},
		{"xl/styles.xml", stylesXML},
	}
	modified := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	create := func(name string) (io.Writer, error) {
		return z.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: modified})
	}
	for _, f := range files {
		fw, err := create(f.name)
		if err != nil {
			return fmt.Errorf("export: xlsx: %w", err)
		}
		if _, err := io.WriteString(fw, f.body); err != nil {
			return fmt.Errorf("export: xlsx: %w", err)
		}
	}
	// Sheets stream into the archive: a 10.000-row sheet is never held
	// as one string.
	for i, t := range tables {
		fw, err := create(fmt.Sprintf("xl/worksheets/sheet%d.xml", i+1))
		if err != nil {
			return fmt.Errorf("export: xlsx: %w", err)
		}
		bw := bufio.NewWriterSize(fw, 32<<10)
		writeSheet(bw, t)
		if err := bw.Flush(); err != nil {
			return fmt.Errorf("export: xlsx: %w", err)
		}
	}
	if err := z.Close(); err != nil {
		return fmt.Errorf("export: xlsx: %w", err)
	}
	if _, err := w.Write(buf.Bytes()); err != nil {
		return fmt.Errorf("export: xlsx: %w", err)
	}
	return nil
}

const xmlHeader = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"

func contentTypes(n int) string {
	var b strings.Builder
	b.WriteString(xmlHeader)
	b.WriteString(`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">`)
	b.WriteString(`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>`)
	b.WriteString(`<Default Extension="xml" ContentType="application/xml"/>`)
	b.WriteString(`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>`)
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, `<Override PartName="/xl/worksheets/sheet%d.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`, i)
	}
	b.WriteString(`<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>`)
	b.WriteString(`<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>`)
	b.WriteString(`<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>`)
	b.WriteString(`</Types>`)
	return b.String()
}

const rootRels = xmlHeader + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>` +
	`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
	`<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>` +
	`</Relationships>`

const appXML = xmlHeader + `<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>Loket</Application></Properties>`

const coreXML = xmlHeader + `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ` +
	`xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>Loket</dc:creator><dc:language>nl-NL</dc:language></cp:coreProperties>`

func workbookXML(names []string) string {
	var b strings.Builder
	b.WriteString(xmlHeader)
	b.WriteString(`<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>`)
	for i, n := range names {
		fmt.Fprintf(&b, `<sheet name="%s" sheetId="%d" r:id="rId%d"/>`, esc(n), i+1, i+1)
	}
	b.WriteString(`</sheets></workbook>`)
	return b.String()
}

func workbookRels(n int) string {
	var b strings.Builder
	b.WriteString(xmlHeader)
	b.WriteString(`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`)
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, `<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet%d.xml"/>`, i, i)
	}
	fmt.Fprintf(&b, `<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>`, n+1)
	b.WriteString(`</Relationships>`)
	return b.String()
}

// stylesXML: built-in number formats 3 (#,##0), 10 (0.00%), 9 (0%) and two
// custom ones; Excel shows them with the reader's own separators.
const stylesXML = xmlHeader + `<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
	`<numFmts count="2"><numFmt numFmtId="164" formatCode="0.0"/><numFmt numFmtId="165" formatCode="0.0%"/></numFmts>` +
	`<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>` +
	`<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>` +
	`<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>` +
	`<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
	`<cellXfs count="7">` +
	`<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>` +
	`<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>` +
	`<xf numFmtId="3" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>` +
	`<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>` +
	`<xf numFmtId="2" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>` +
	`<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>` +
	`<xf numFmtId="9" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>` +
	`</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`

func (c Column) style() int {
	switch c.Kind {
	case Integer:
		return styleInteger
	case Decimal:
		switch c.decimals() {
		case 0:
			return styleInteger
		case 1:
			return styleDecimal1
		default:
			return styleDecimal2
		}
	case Percent:
		if c.decimals() == 0 {
			return stylePercent0
		}
		return stylePercent1
	}
	return styleDefault
}

func writeSheet(b *bufio.Writer, t Table) {
	b.WriteString(xmlHeader)
	b.WriteString(`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`)
	b.WriteString(`<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>`)
	if len(t.Columns) > 0 {
		b.WriteString(`<cols>`)
		for i, c := range t.Columns {
			fmt.Fprintf(b, `<col min="%d" max="%d" width="%s" customWidth="1"/>`, i+1, i+1, strconv.FormatFloat(width(t, i, c), 'f', 1, 64))
		}
		b.WriteString(`</cols>`)
	}
	b.WriteString(`<sheetData>`)
	b.WriteString(`<row r="1">`)
	for i, c := range t.Columns {
		fmt.Fprintf(b, `<c r="%s1" s="%d" t="inlineStr"><is><t>%s</t></is></c>`, colName(i), styleHeader, esc(c.Header))
	}
	b.WriteString(`</row>`)
	for ri, row := range t.Rows {
		r := ri + 2
		fmt.Fprintf(b, `<row r="%d">`, r)
		for i, c := range t.Columns {
			var v any
			if i < len(row) {
				v = row[i]
			}
			ref := colName(i) + strconv.Itoa(r)
			if c.Kind == Text {
				s, _ := v.(string)
				if s != "" {
					fmt.Fprintf(b, `<c r="%s" t="inlineStr"><is><t xml:space="preserve">`, ref)
					_ = xml.EscapeText(b, []byte(s))
					b.WriteString(`</t></is></c>`)
				}
				continue
			}
			if f, ok := Number(v); ok {
				fmt.Fprintf(b, `<c r="%s" s="%d"><v>%s</v></c>`, ref, c.style(), strconv.FormatFloat(f, 'g', -1, 64))
			}
		}
		b.WriteString(`</row>`)
	}
	b.WriteString(`</sheetData></worksheet>`)
}

// width fits the longest cell (in characters), within 8..60.
func width(t Table, i int, c Column) float64 {
	n := utf8.RuneCountInString(c.Header)
	for _, row := range t.Rows {
		if i >= len(row) {
			continue
		}
		n = max(n, utf8.RuneCountInString(c.Display(row[i])))
	}
	return float64(min(max(n+2, 8), 60))
}

// colName is the spreadsheet column letter(s): 0 → A, 25 → Z, 26 → AA.
func colName(i int) string {
	s := ""
	for i++; i > 0; i = (i - 1) / 26 {
		s = string(rune('A'+(i-1)%26)) + s
	}
	return s
}

// sheetNames makes Excel-valid, unique sheet names from the titles: at most
// 31 characters, none of []:*?/\ .
func sheetNames(tables []Table) []string {
	seen := map[string]bool{}
	out := make([]string, len(tables))
	for i, t := range tables {
		n := t.Title
		if n == "" {
			n = t.ID
		}
		n = strings.Map(func(r rune) rune {
			if strings.ContainsRune(`[]:*?/\`, r) {
				return '-'
			}
			return r
		}, n)
		n = strings.Trim(n, "' ")
		if n == "" {
			n = "Blad"
		}
		n = truncRunes(n, 31)
		base := n
		for k := 2; seen[strings.ToLower(n)]; k++ {
			suffix := fmt.Sprintf(" (%d)", k)
			n = truncRunes(base, 31-len(suffix)) + suffix
		}
		seen[strings.ToLower(n)] = true
		out[i] = n
	}
	return out
}

func truncRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}

// esc escapes text for XML; characters XML cannot hold become U+FFFD.
func esc(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}
