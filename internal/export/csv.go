package export

import (
	"encoding/csv"
	"fmt"
	"io"
)

// CSVContentType is the media type of WriteCSV's output.
const CSVContentType = "text/csv; charset=utf-8"

// WriteCSV writes t for Excel as Dutch offices have it: UTF-8 with a byte
// order mark (without it Excel reads the file as Windows-1252 and mangles
// 'ë'), ';' between fields (Dutch Excel uses ',' as the decimal mark and
// so expects ';' as separator), numbers with a decimal comma and
// percentages as "65,3%", which Dutch Excel reads as numbers. CRLF line
// ends, as RFC 4180 and Excel have it.
//
// Text that starts with '=', '+', '-', '@' or a tab would run as a formula
// when opened (CSV injection: a contact's subject is typed by anyone); such
// cells get a leading apostrophe, which Excel shows as text.
func WriteCSV(w io.Writer, t Table) error {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return fmt.Errorf("export: csv: %w", err)
	}
	cw := csv.NewWriter(w)
	cw.Comma = ';'
	cw.UseCRLF = true
	rec := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		rec[i] = safeText(c.Header)
	}
	if err := cw.Write(rec); err != nil {
		return fmt.Errorf("export: csv: %w", err)
	}
	for _, row := range t.Rows {
		for i, c := range t.Columns {
			var v any
			if i < len(row) {
				v = row[i]
			}
			if c.Kind == Text {
				s, _ := v.(string)
				rec[i] = safeText(s)
			} else {
				rec[i] = c.plain(v)
			}
		}
		if err := cw.Write(rec); err != nil {
			return fmt.Errorf("export: csv: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("export: csv: %w", err)
	}
	return nil
}

func safeText(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}
