package brief

import (
	"bytes"
	"fmt"
	"html"
	"strings"
	"time"

	"github.com/go-pdf/fpdf"

	"github.com/gemeenten/loket/internal/date"
)

// Values are the merge field values of one letter.
type Values map[string]string

// Merge fills the {{fields}} of text; a field without a value becomes
// empty (validation keeps unknown fields out of templates).
func Merge(text string, v Values) string {
	return fieldRe.ReplaceAllStringFunc(text, func(m string) string {
		return v[fieldRe.FindStringSubmatch(m)[1]]
	})
}

// ExampleValues are the example values of every field, for previews.
func ExampleValues() Values {
	v := Values{}
	for _, f := range Fields {
		v[f.Naam] = f.Voorbeeld
	}
	return v
}

// Rendered is a letter ready to store and send.
type Rendered struct {
	Gemeente  string
	Naam      string // the addressee
	Adres     []string
	Datum     date.Date
	Kenmerk   string // zaaknummer
	Onderwerp string
	Tekst     string // the merged body, paragraphs separated by blank lines
}

// Datum writes a date the Dutch way: 2 maart 2026.
func Datum(d date.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.Dutch()
}

// Render merges a template.
func Render(t Sjabloon, v Values, r Rendered) Rendered {
	r.Onderwerp = strings.TrimSpace(Merge(t.Onderwerp, v))
	r.Tekst = strings.TrimSpace(Merge(t.Inhoud, v))
	return r
}

// block is a paragraph or a bulleted list of the body.
type block struct {
	list  bool
	lines []string
}

func blocks(text string) []block {
	var out []block
	var cur *block
	flush := func() {
		if cur != nil && len(cur.lines) > 0 {
			out = append(out, *cur)
		}
		cur = nil
	}
	for _, line := range strings.Split(text, "\n") {
		t := strings.TrimSpace(line)
		switch {
		case t == "":
			flush()
		case strings.HasPrefix(t, "- ") || strings.HasPrefix(t, "* "):
			if cur == nil || !cur.list {
				flush()
				cur = &block{list: true}
			}
			cur.lines = append(cur.lines, strings.TrimSpace(t[2:]))
		default:
			if cur == nil || cur.list {
				flush()
				cur = &block{}
			}
			cur.lines = append(cur.lines, t)
		}
	}
	flush()
	return out
}

// HTML is the letter as an accessible stand-alone page: language set,
// a title, landmarks, a real heading and real lists.
func (r Rendered) HTML() string {
	var b strings.Builder
	esc := html.EscapeString
	b.WriteString("<!DOCTYPE html>\n<html lang=\"nl\">\n<head>\n<meta charset=\"utf-8\">\n")
	b.WriteString("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
	fmt.Fprintf(&b, "<title>%s — %s</title>\n", esc(r.Onderwerp), esc(r.Gemeente))
	b.WriteString("<style>body{font-family:system-ui,sans-serif;font-size:1.125rem;line-height:1.6;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}" +
		"header{border-bottom:2px solid #1a1a1a;margin-bottom:1.5rem}dl{display:grid;grid-template-columns:max-content 1fr;gap:0 1rem}dt{font-weight:bold}</style>\n")
	b.WriteString("</head>\n<body>\n")
	fmt.Fprintf(&b, "<header><p><strong>%s</strong></p></header>\n<main>\n", esc(r.Gemeente))
	b.WriteString("<address>")
	b.WriteString(esc(r.Naam))
	for _, l := range r.Adres {
		b.WriteString("<br>" + esc(l))
	}
	b.WriteString("</address>\n<dl>\n")
	fmt.Fprintf(&b, "<dt>Datum</dt><dd>%s</dd>\n", esc(Datum(r.Datum)))
	if r.Kenmerk != "" {
		fmt.Fprintf(&b, "<dt>Zaaknummer</dt><dd>%s</dd>\n", esc(r.Kenmerk))
	}
	b.WriteString("</dl>\n")
	fmt.Fprintf(&b, "<h1>%s</h1>\n", esc(r.Onderwerp))
	for _, bl := range blocks(r.Tekst) {
		if bl.list {
			b.WriteString("<ul>\n")
			for _, l := range bl.lines {
				fmt.Fprintf(&b, "<li>%s</li>\n", esc(l))
			}
			b.WriteString("</ul>\n")
			continue
		}
		fmt.Fprintf(&b, "<p>%s</p>\n", strings.Join(escAll(bl.lines), "<br>\n"))
	}
	b.WriteString("</main>\n</body>\n</html>\n")
	return b.String()
}

func escAll(lines []string) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = html.EscapeString(l)
	}
	return out
}

// Text is the letter as plain text (the body of the e-mail).
func (r Rendered) Text() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n\n", r.Onderwerp)
	if r.Kenmerk != "" {
		fmt.Fprintf(&b, "Zaaknummer: %s\nDatum: %s\n\n", r.Kenmerk, Datum(r.Datum))
	}
	b.WriteString(r.Tekst)
	b.WriteString("\n")
	return b.String()
}

// PDF renders the letter on A4 with the municipality's name as letterhead.
// The PDF is tagged with its language and title; the accessible version of
// record is the HTML.
func (r Rendered) PDF() ([]byte, error) {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetMargins(25, 20, 25)
	pdf.SetAutoPageBreak(true, 20)
	pdf.SetTitle(r.Onderwerp, true)
	pdf.SetAuthor(r.Gemeente, true)
	pdf.SetSubject(r.Kenmerk, true)
	pdf.SetCreator("Loket", true)
	pdf.SetLang("nl-NL")
	pdf.SetCatalogSort(true)
	// A fixed date keeps the same letter byte-for-byte the same.
	at := time.Date(r.Datum.Year, r.Datum.Month, r.Datum.Day, 12, 0, 0, 0, time.UTC)
	pdf.SetCreationDate(at)
	pdf.SetModificationDate(at)
	tr := pdf.UnicodeTranslatorFromDescriptor("")
	pdf.AddPage()
	pdf.SetFont("Helvetica", "B", 16)
	pdf.CellFormat(0, 10, tr(r.Gemeente), "B", 1, "L", false, 0, "")
	pdf.Ln(12)
	pdf.SetFont("Helvetica", "", 11)
	pdf.MultiCell(0, 5.5, tr(strings.Join(append([]string{r.Naam}, r.Adres...), "\n")), "", "L", false)
	pdf.Ln(10)
	pdf.CellFormat(30, 5.5, "Datum", "", 0, "L", false, 0, "")
	pdf.CellFormat(0, 5.5, tr(Datum(r.Datum)), "", 1, "L", false, 0, "")
	if r.Kenmerk != "" {
		pdf.CellFormat(30, 5.5, "Zaaknummer", "", 0, "L", false, 0, "")
		pdf.CellFormat(0, 5.5, tr(r.Kenmerk), "", 1, "L", false, 0, "")
	}
	pdf.Ln(8)
	pdf.SetFont("Helvetica", "B", 12)
	pdf.MultiCell(0, 6, tr(r.Onderwerp), "", "L", false)
	pdf.Ln(4)
	pdf.SetFont("Helvetica", "", 11)
	for _, bl := range blocks(r.Tekst) {
		if bl.list {
			for _, l := range bl.lines {
				pdf.CellFormat(6, 5.5, tr("•"), "", 0, "L", false, 0, "")
				pdf.MultiCell(0, 5.5, tr(l), "", "L", false)
			}
		} else {
			pdf.MultiCell(0, 5.5, tr(strings.Join(bl.lines, "\n")), "", "L", false)
		}
		pdf.Ln(3)
	}
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return nil, fmt.Errorf("brief: pdf: %w", err)
	}
	return buf.Bytes(), nil
}
