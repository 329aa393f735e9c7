// Package export holds the tables of figures the reports show and writes
// them as CSV (for Dutch Excel) and XLSX (Office Open XML, written with the
// standard library). The same Table feeds the page's data table, the chart
// beside it and the download, so the three cannot disagree.
package export

import (
	"math"
	"strconv"
	"strings"
)

// Kind says what a column holds; it decides the Dutch display format and
// the number format in a spreadsheet.
type Kind int

const (
	// Text is a label. Cells are strings.
	Text Kind = iota
	// Integer is a count. Cells are int, int64 or float64.
	Integer
	// Decimal is a number with Column.Decimals decimals (a grade, days).
	Decimal
	// Percent is a fraction (0.653) shown as a percentage ("65,3 %").
	Percent
)

// Column is one column of a Table.
type Column struct {
	Header string
	Kind   Kind
	// Decimals for Decimal and Percent columns (Percent defaults to 1 when
	// zero would hide the difference between 65,3 % and 65 %: set -1 for
	// none).
	Decimals int
}

// Table is a titled grid of figures. A cell is a string (Text columns),
// an int, int64 or float64 (number columns), or nil for "no figure"
// (a ratio without a denominator). NaN counts as nil.
type Table struct {
	// ID names the table in URLs, file names and sheet names
	// ("kcc-kanalen"); letters, digits and '-' only.
	ID    string
	Title string
	// Note explains the figures (definition, period) under the table.
	Note    string
	Columns []Column
	Rows    [][]any
}

// Number returns the numeric value of a cell and whether it has one.
func Number(v any) (float64, bool) {
	var f float64
	switch x := v.(type) {
	case int:
		f = float64(x)
	case int64:
		f = float64(x)
	case float64:
		f = x
	case *float64:
		if x == nil {
			return 0, false
		}
		f = *x
	default:
		return 0, false
	}
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, false
	}
	return f, true
}

func (c Column) decimals() int {
	switch {
	case c.Kind == Integer || c.Kind == Text:
		return 0
	case c.Decimals < 0:
		return 0
	case c.Decimals == 0 && c.Kind == Percent:
		return 1
	}
	return c.Decimals
}

// Display formats a cell for people reading Dutch: "1.234", "65,3 %",
// "7,8"; a missing figure is "—".
func (c Column) Display(v any) string {
	if c.Kind == Text {
		s, _ := v.(string)
		return s
	}
	f, ok := Number(v)
	if !ok {
		return "—"
	}
	switch c.Kind {
	case Percent:
		return Dutch(f*100, c.decimals()) + " %"
	default:
		return Dutch(f, c.decimals())
	}
}

// Dutch formats f with decimals decimals, a decimal comma and a dot between
// thousands, as Dutch readers expect: Dutch(1234.5, 1) == "1.234,5".
func Dutch(f float64, decimals int) string {
	s := strconv.FormatFloat(f, 'f', decimals, 64)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	intPart, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	if neg && strings.Trim(s, "0.") != "" {
		b.WriteByte('-')
	}
	for i, r := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(r)
	}
	if frac != "" {
		b.WriteByte(',')
		b.WriteString(frac)
	}
	return b.String()
}

// plain is the number as a Dutch spreadsheet reads it back: a decimal comma
// and no thousands separator (which Excel could take for a decimal point
// in another locale).
func (c Column) plain(v any) string {
	f, ok := Number(v)
	if !ok {
		return ""
	}
	switch c.Kind {
	case Percent:
		return strings.Replace(strconv.FormatFloat(f*100, 'f', c.decimals(), 64), ".", ",", 1) + "%"
	default:
		return strings.Replace(strconv.FormatFloat(f, 'f', c.decimals(), 64), ".", ",", 1)
	}
}

// ValidID reports whether id may name a table (and so a file and a sheet).
func ValidID(id string) bool {
	if id == "" || len(id) > 64 {
		return false
	}
	for _, r := range id {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			return false
		}
	}
	return true
}
