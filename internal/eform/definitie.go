// Package eform is the municipality's e-forms: form definitions per product
// (pages with fields, required and conditional fields, help texts,
// validation), maintained by a beheerder in versions tied to a zaaktype;
// drafts that a citizen can save and continue later; and the submission that
// starts a zaak — with its initiator, eigenschappen from the answers,
// uploaded documents, a klantcontact on the web channel and the
// acknowledgement of receipt — exactly once, however often it is sent.
//
// A definition is data (JSON), checked by Check before it can be saved, and
// answers are checked by Validate on the server: the pages work without
// JavaScript and never trust the browser.
package eform

import (
	"fmt"
	"net/mail"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/ident"
)

// Field types.
const (
	Text        = "tekst"
	Textarea    = "tekstvak"
	Number      = "getal"
	Date        = "datum"
	Choice      = "keuze"     // one of the options (radio buttons)
	MultiChoice = "meerkeuze" // any of the options (checkboxes)
	Checkbox    = "vinkje"    // a single yes (e.g. "ik verklaar…")
	File        = "bestand"   // an upload
	Address     = "adres"     // postcode, huisnummer, toevoeging, straat, woonplaats
	Email       = "email"
	Phone       = "telefoon"
)

var fieldTypes = []string{Text, Textarea, Number, Date, Choice, MultiChoice, Checkbox, File, Address, Email, Phone}

// Prefill sources, from the logged-in party.
const (
	PrefillBSN      = "bsn"
	PrefillKvK      = "kvk"
	PrefillNaam     = "naam"
	PrefillEmail    = "email"
	PrefillTelefoon = "telefoon"
	PrefillAdres    = "adres"
)

// Definitie is a form: pages of fields.
type Definitie struct {
	Paginas []Pagina `json:"paginas"`
}

// Pagina is one step of the form.
type Pagina struct {
	Titel  string `json:"titel"`
	Uitleg string `json:"uitleg,omitempty"`
	Velden []Veld `json:"velden"`
}

// Veld is one question.
type Veld struct {
	// Naam is the key of the answer (letters, digits, underscore); it is
	// also the name of the zaaktype's eigenschap the answer fills when
	// Eigenschap is true.
	Naam      string   `json:"naam"`
	Type      string   `json:"type"`
	Label     string   `json:"label"`
	Hulptekst string   `json:"hulptekst,omitempty"`
	Verplicht bool     `json:"verplicht,omitempty"`
	Opties    []string `json:"opties,omitempty"`
	// Toon makes the field conditional: it is asked only when the answer
	// to the field Toon.Veld (on an earlier page) equals Toon.Waarde (for a
	// meerkeuze field: includes it).
	Toon *Voorwaarde `json:"toon,omitempty"`
	// Min and Max bound a number, the length of a text, or (for a date)
	// the number of days from today (e.g. -36500…0 for a date of birth).
	Min *float64 `json:"min,omitempty"`
	Max *float64 `json:"max,omitempty"`
	// Patroon is a regular expression a text answer must match, with
	// PatroonUitleg the Dutch message when it does not.
	Patroon       string `json:"patroon,omitempty"`
	PatroonUitleg string `json:"patroonUitleg,omitempty"`
	// Bestandstypen are the accepted content types of an upload (checked on
	// the content, not the name) and MaxMB its size [10].
	Bestandstypen []string `json:"bestandstypen,omitempty"`
	MaxMB         int      `json:"maxMB,omitempty"`
	Prefill       string   `json:"prefill,omitempty"`
	// Eigenschap stores the answer as the zaak's eigenschap of this name.
	Eigenschap bool `json:"eigenschap,omitempty"`
}

// Voorwaarde is the condition of a conditional field.
type Voorwaarde struct {
	Veld   string `json:"veld"`
	Waarde string `json:"waarde"`
}

// DefaultMaxMB is the upload limit of a file field without MaxMB.
const DefaultMaxMB = 10

// MaxMBLimit is the largest upload a form may allow.
const MaxMBLimit = 25

// Upload types a form may accept, with the Dutch name shown to the user.
var UploadTypes = map[string]string{
	"application/pdf": "PDF",
	"image/jpeg":      "JPG-foto",
	"image/png":       "PNG-afbeelding",
}

var nameRe = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]{0,49}$`)

// Check validates a definition: every problem is reported with a path
// ("paginas[1].velden[0].naam") and a Dutch reason, so a beheerder can fix
// them all at once.
func (d Definitie) Check() error {
	var f errs.Fields
	if len(d.Paginas) == 0 {
		f.Add("paginas", "required", "Een formulier heeft minstens één pagina.")
	}
	seen := map[string]Veld{}
	for pi, p := range d.Paginas {
		pp := fmt.Sprintf("paginas[%d]", pi)
		if strings.TrimSpace(p.Titel) == "" {
			f.Add(pp+".titel", "required", fmt.Sprintf("Pagina %d heeft geen titel.", pi+1))
		}
		if len(p.Velden) == 0 {
			f.Add(pp+".velden", "required", fmt.Sprintf("Pagina %d heeft geen vragen.", pi+1))
		}
		onPage := map[string]bool{}
		for vi, v := range p.Velden {
			vp := fmt.Sprintf("%s.velden[%d]", pp, vi)
			where := fmt.Sprintf("Pagina %d, vraag %d", pi+1, vi+1)
			switch {
			case !nameRe.MatchString(v.Naam):
				f.Add(vp+".naam", "invalid", where+": de naam bestaat uit letters, cijfers en _ en begint met een letter (zonder spaties).")
			case seen[v.Naam].Naam != "" || onPage[v.Naam]:
				f.Add(vp+".naam", "unique", where+": de naam "+v.Naam+" komt al eerder voor.")
			}
			if !slices.Contains(fieldTypes, v.Type) {
				f.Add(vp+".type", "invalid", where+": kies een soort vraag uit "+strings.Join(fieldTypes, ", ")+".")
			}
			if strings.TrimSpace(v.Label) == "" {
				f.Add(vp+".label", "required", where+": de vraag heeft geen tekst.")
			}
			if (v.Type == Choice || v.Type == MultiChoice) && len(v.Opties) < 2 {
				f.Add(vp+".opties", "required", where+": geef minstens twee antwoordmogelijkheden.")
			}
			if v.Patroon != "" {
				if _, err := regexp.Compile(v.Patroon); err != nil {
					f.Add(vp+".patroon", "invalid", where+": het patroon is geen geldige reguliere expressie.")
				} else if v.PatroonUitleg == "" {
					f.Add(vp+".patroonUitleg", "required", where+": leg in gewone taal uit wat er ingevuld moet worden.")
				}
			}
			if v.Min != nil && v.Max != nil && *v.Min > *v.Max {
				f.Add(vp+".min", "invalid", where+": het minimum is groter dan het maximum.")
			}
			if v.Type == File {
				for _, t := range v.Bestandstypen {
					if _, ok := UploadTypes[t]; !ok {
						f.Add(vp+".bestandstypen", "invalid", where+": het bestandstype "+t+" kan niet; kies uit PDF, JPG of PNG.")
					}
				}
				if v.MaxMB < 0 || v.MaxMB > MaxMBLimit {
					f.Add(vp+".maxMB", "invalid", fmt.Sprintf("%s: de grootte is 1 tot %d MB.", where, MaxMBLimit))
				}
				if v.Eigenschap {
					f.Add(vp+".eigenschap", "invalid", where+": een bestand wordt een document bij de zaak, geen eigenschap.")
				}
			}
			switch v.Prefill {
			case "", PrefillBSN, PrefillKvK, PrefillNaam, PrefillEmail, PrefillTelefoon, PrefillAdres:
			default:
				f.Add(vp+".prefill", "invalid", where+": vooraf invullen kan met bsn, kvk, naam, email, telefoon of adres.")
			}
			if c := v.Toon; c != nil {
				src, ok := seen[c.Veld]
				switch {
				case !ok:
					f.Add(vp+".toon", "invalid", where+": de voorwaarde verwijst naar "+c.Veld+", dat geen vraag op een eerdere pagina is.")
				case src.Type == Choice || src.Type == MultiChoice:
					if !slices.Contains(src.Opties, c.Waarde) {
						f.Add(vp+".toon", "invalid", where+": "+c.Waarde+" is geen antwoordmogelijkheid van "+c.Veld+".")
					}
				case src.Type == Checkbox:
					if c.Waarde != "ja" {
						f.Add(vp+".toon", "invalid", where+": bij een vinkje is de voorwaarde 'ja'.")
					}
				}
			}
			onPage[v.Naam] = true
		}
		for _, v := range p.Velden {
			seen[v.Naam] = v
		}
	}
	return f.Err()
}

// Velden lists every field in order.
func (d Definitie) Velden() []Veld {
	var out []Veld
	for _, p := range d.Paginas {
		out = append(out, p.Velden...)
	}
	return out
}

// Answers are a draft's answers: field name → values (one for most fields;
// several for meerkeuze; the parts of an address as naam.postcode etc.).
type Answers map[string][]string

// Get returns the first value of a field.
func (a Answers) Get(name string) string {
	if v := a[name]; len(v) > 0 {
		return v[0]
	}
	return ""
}

// Asked reports whether a field is asked given the answers so far.
func (v Veld) Asked(a Answers) bool {
	if v.Toon == nil {
		return true
	}
	return slices.Contains(a[v.Toon.Veld], v.Toon.Waarde)
}

// AddressParts are the sub-fields of an address field.
var AddressParts = []string{"postcode", "huisnummer", "toevoeging", "straat", "woonplaats"}

var (
	postcodeRe = regexp.MustCompile(`^[1-9][0-9]{3} ?[A-Za-z]{2}$`)
	phoneRe    = regexp.MustCompile(`^\+?[0-9][0-9 \-]{8,16}$`)
)

// Normalize tidies an answer as the user typed it (spaces, the postcode's
// format), so what is stored and shown is consistent.
func Normalize(v Veld, a Answers) {
	switch v.Type {
	case Address:
		pc := strings.ToUpper(strings.ReplaceAll(a.Get(v.Naam+".postcode"), " ", ""))
		if len(pc) == 6 {
			pc = pc[:4] + " " + pc[4:]
		}
		a[v.Naam+".postcode"] = []string{pc}
		for _, p := range AddressParts[1:] {
			a[v.Naam+"."+p] = []string{strings.TrimSpace(a.Get(v.Naam + "." + p))}
		}
	case MultiChoice, File:
	default:
		if vals := a[v.Naam]; len(vals) > 0 {
			a[v.Naam] = []string{strings.TrimSpace(vals[0])}
		}
	}
}

// ValidatePage checks the answers to the fields of page p that are asked.
// Files are checked when uploaded (CheckUpload); here only whether a
// required one is present (uploaded lists the fields that have one).
// Field errors use the input ids of the page: the field's name, or
// name.part for an address.
func (d Definitie) ValidatePage(p int, a Answers, uploaded map[string]bool, today date.Date) error {
	var f errs.Fields
	if p < 0 || p >= len(d.Paginas) {
		return errs.NotFoundf("pagina", p+1)
	}
	for _, v := range d.Paginas[p].Velden {
		if !v.Asked(a) {
			continue
		}
		validateField(&f, v, a, uploaded, today)
	}
	return f.Err()
}

func validateField(f *errs.Fields, v Veld, a Answers, uploaded map[string]bool, today date.Date) {
	val := a.Get(v.Naam)
	label := strings.TrimSuffix(v.Label, "?")
	if v.Type == Address {
		validateAddress(f, v, a)
		return
	}
	if v.Type == File {
		if v.Verplicht && !uploaded[v.Naam] {
			f.Add(v.Naam, "required", "Voeg een bestand toe bij '"+label+"'.")
		}
		return
	}
	if v.Type == MultiChoice {
		vals := a[v.Naam]
		if v.Verplicht && len(vals) == 0 {
			f.Add(v.Naam, "required", "Kies minstens één antwoord bij '"+label+"'.")
		}
		for _, x := range vals {
			if !slices.Contains(v.Opties, x) {
				f.Add(v.Naam, "invalid_choice", "Kies alleen uit de antwoorden bij '"+label+"'.")
				break
			}
		}
		return
	}
	if val == "" {
		if v.Verplicht {
			switch v.Type {
			case Choice:
				f.Add(v.Naam, "required", "Kies een antwoord bij '"+label+"'.")
			case Checkbox:
				f.Add(v.Naam, "required", "Zet een vinkje bij '"+label+"'.")
			default:
				f.Add(v.Naam, "required", "Vul '"+label+"' in.")
			}
		}
		return
	}
	switch v.Type {
	case Text, Textarea:
		n := float64(utf8.RuneCountInString(val))
		max := 200.0
		if v.Type == Textarea {
			max = 4000
		}
		if v.Max != nil {
			max = *v.Max
		}
		if v.Min != nil && n < *v.Min {
			f.Add(v.Naam, "min_length", fmt.Sprintf("'%s' is te kort: gebruik minstens %.0f tekens.", label, *v.Min))
		} else if n > max {
			f.Add(v.Naam, "max_length", fmt.Sprintf("'%s' is te lang: gebruik hoogstens %.0f tekens.", label, max))
		} else if v.Patroon != "" && !regexp.MustCompile(`^(?:`+v.Patroon+`)$`).MatchString(val) {
			f.Add(v.Naam, "invalid", v.PatroonUitleg)
		}
	case Number:
		n, err := strconv.ParseFloat(strings.ReplaceAll(val, ",", "."), 64)
		switch {
		case err != nil:
			f.Add(v.Naam, "invalid", "Vul bij '"+label+"' een getal in, bijvoorbeeld 12.")
		case v.Min != nil && n < *v.Min:
			f.Add(v.Naam, "min_value", fmt.Sprintf("Vul bij '%s' %s of meer in.", label, strconv.FormatFloat(*v.Min, 'f', -1, 64)))
		case v.Max != nil && n > *v.Max:
			f.Add(v.Naam, "max_value", fmt.Sprintf("Vul bij '%s' %s of minder in.", label, strconv.FormatFloat(*v.Max, 'f', -1, 64)))
		}
	case Date:
		d, err := ParseDate(val)
		if err != nil {
			f.Add(v.Naam, "invalid", "Vul bij '"+label+"' een bestaande datum in, bijvoorbeeld 17-3-2026.")
			break
		}
		days := today.DaysUntil(d)
		if v.Min != nil && float64(days) < *v.Min {
			f.Add(v.Naam, "min_value", fmt.Sprintf("De datum bij '%s' mag niet vóór %s liggen.", label, formatDay(today.AddDays(int(*v.Min)))))
		} else if v.Max != nil && float64(days) > *v.Max {
			f.Add(v.Naam, "max_value", fmt.Sprintf("De datum bij '%s' mag niet na %s liggen.", label, formatDay(today.AddDays(int(*v.Max)))))
		}
	case Choice:
		if !slices.Contains(v.Opties, val) {
			f.Add(v.Naam, "invalid_choice", "Kies een van de antwoorden bij '"+label+"'.")
		}
	case Checkbox:
		if val != "ja" {
			f.Add(v.Naam, "invalid", "Zet een vinkje bij '"+label+"' of laat het leeg.")
		}
	case Email:
		if addr, err := mail.ParseAddress(val); err != nil || addr.Address != val || !strings.Contains(val[strings.LastIndex(val, "@"):], ".") {
			f.Add(v.Naam, "invalid", "Vul een e-mailadres in zoals naam@voorbeeld.nl.")
		}
	case Phone:
		if !phoneRe.MatchString(val) {
			f.Add(v.Naam, "invalid", "Vul een telefoonnummer in met 10 cijfers, bijvoorbeeld 0612345678.")
		}
	}
	if v.Prefill == PrefillBSN && v.Type == Text {
		ident.Check(f, v.Naam, ident.BSN(val))
	}
}

func validateAddress(f *errs.Fields, v Veld, a Answers) {
	pc, nr := a.Get(v.Naam+".postcode"), a.Get(v.Naam+".huisnummer")
	if pc == "" && nr == "" && a.Get(v.Naam+".straat") == "" && a.Get(v.Naam+".woonplaats") == "" {
		if v.Verplicht {
			f.Add(v.Naam+".postcode", "required", "Vul de postcode in.")
			f.Add(v.Naam+".huisnummer", "required", "Vul het huisnummer in.")
		}
		return
	}
	if !postcodeRe.MatchString(pc) {
		f.Add(v.Naam+".postcode", "invalid", "Vul een postcode in zoals 1234 AB.")
	}
	if n, err := strconv.Atoi(nr); err != nil || n < 1 || n > 99999 {
		f.Add(v.Naam+".huisnummer", "invalid", "Vul bij huisnummer alleen het nummer in, bijvoorbeeld 12. Een letter of toevoeging vult u apart in.")
	}
	if utf8.RuneCountInString(a.Get(v.Naam+".toevoeging")) > 6 {
		f.Add(v.Naam+".toevoeging", "max_length", "De toevoeging is hoogstens 6 tekens, bijvoorbeeld A of 2hoog.")
	}
	if a.Get(v.Naam+".straat") == "" {
		f.Add(v.Naam+".straat", "required", "Vul de straat in.")
	}
	if a.Get(v.Naam+".woonplaats") == "" {
		f.Add(v.Naam+".woonplaats", "required", "Vul de woonplaats in.")
	}
}

// ParseDate reads a date as people type it: 17-3-2026, 17-03-2026 or
// 2026-03-17 (what a date input sends).
func ParseDate(s string) (date.Date, error) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{"2006-01-02", "2-1-2006", "02-01-2006", "2/1/2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return date.Of(t), nil
		}
	}
	return date.Date{}, fmt.Errorf("eform: %q is not a date", s)
}

func formatDay(d date.Date) string { return d.Dutch() }

// Display is an answer as the summary page and the zaak show it.
func Display(v Veld, a Answers) string {
	switch v.Type {
	case Address:
		nr := strings.TrimSpace(a.Get(v.Naam+".huisnummer") + " " + a.Get(v.Naam+".toevoeging"))
		return strings.TrimSpace(fmt.Sprintf("%s %s, %s %s", a.Get(v.Naam+".straat"), nr, a.Get(v.Naam+".postcode"), a.Get(v.Naam+".woonplaats")))
	case MultiChoice:
		return strings.Join(a[v.Naam], ", ")
	case Checkbox:
		if a.Get(v.Naam) == "ja" {
			return "Ja"
		}
		return "Nee"
	case Date:
		if d, err := ParseDate(a.Get(v.Naam)); err == nil {
			return formatDay(d)
		}
	}
	return a.Get(v.Naam)
}

// hasAsked reports whether page p asks anything given the answers.
func (d Definitie) hasAsked(p int, a Answers) bool {
	for _, v := range d.Paginas[p].Velden {
		if v.Asked(a) {
			return true
		}
	}
	return false
}

// NextPage is the first page after p that asks something given the
// answers; len(Paginas) when none is left (the summary comes next). A page
// whose questions all depend on an answer that was not given is skipped.
func (d Definitie) NextPage(p int, a Answers) int {
	for n := p + 1; n < len(d.Paginas); n++ {
		if d.hasAsked(n, a) {
			return n
		}
	}
	return len(d.Paginas)
}

// PrevPage is the last page before p that asks something; -1 when none.
func (d Definitie) PrevPage(p int, a Answers) int {
	for n := p - 1; n >= 0; n-- {
		if d.hasAsked(n, a) {
			return n
		}
	}
	return -1
}
