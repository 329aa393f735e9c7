package zgw

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/errs"
)

// Body is a JSON request object read field by field, so that a PATCH can
// tell an absent field (unchanged) from null (cleared), and every type
// error names its field.
type Body struct {
	// M holds the raw fields; F collects the field errors.
	M map[string]json.RawMessage
	F errs.Fields
}

func ReadBody(r *http.Request) (*Body, error) {
	var m map[string]json.RawMessage
	if err := DecodeJSON(r, &m); err != nil {
		return nil, err
	}
	if m == nil {
		return nil, errs.InvalidField("nonFieldErrors", "invalid", "Verwacht een JSON-object.")
	}
	return &Body{M: m}, nil
}

func (b *Body) Has(k string) bool { _, ok := b.M[k]; return ok }

func (b *Body) Null(k string) bool {
	v, ok := b.M[k]
	return ok && string(v) == "null"
}

// Str returns the string at k: nil when absent, "" when null.
func (b *Body) Str(k string) *string {
	v, ok := b.M[k]
	if !ok {
		return nil
	}
	var s string
	if string(v) != "null" {
		if err := json.Unmarshal(v, &s); err != nil {
			b.F.Add(k, "invalid", "Verwacht tekst.")
			return nil
		}
	}
	return &s
}

// S returns the string at k or "".
func (b *Body) S(k string) string {
	if p := b.Str(k); p != nil {
		return *p
	}
	return ""
}

func (b *Body) Bool(k string) *bool {
	v, ok := b.M[k]
	if !ok || string(v) == "null" {
		return nil
	}
	var x bool
	if err := json.Unmarshal(v, &x); err != nil {
		b.F.Add(k, "invalid", "Verwacht true of false.")
		return nil
	}
	return &x
}

// Date returns the date at k: nil when absent, a zero date when null or "".
func (b *Body) Date(k string) *date.Date {
	p := b.Str(k)
	if p == nil {
		return nil
	}
	var d date.Date
	if *p != "" {
		var err error
		if d, err = date.Parse(*p); err != nil {
			b.F.Add(k, "invalid", "Verwacht een datum als JJJJ-MM-DD.")
			return nil
		}
	}
	return &d
}

// Timestamp returns the date-time at k: nil when absent, a zero time when
// null or "".
func (b *Body) Timestamp(k string) *time.Time {
	p := b.Str(k)
	if p == nil {
		return nil
	}
	var t time.Time
	if *p != "" {
		var err error
		if t, err = ParseDateTime(*p); err != nil {
			b.F.Add(k, "invalid", "Verwacht een datum en tijd (ISO 8601), bijvoorbeeld 2026-01-31T12:00:00Z.")
			return nil
		}
	}
	return &t
}

func ParseDateTime(s string) (time.Time, error) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02T15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			if layout != time.RFC3339Nano && layout != "2006-01-02" {
				// A date-time without zone is Dutch local time, as Open Zaak
				// reads it.
				t, _ = time.ParseInLocation(layout, s, date.Amsterdam)
			}
			return t.UTC(), nil
		}
	}
	return time.Time{}, errs.E(errs.Invalid, "invalid", "ongeldige datum-tijd")
}

// Into unmarshals k into v; false when absent, null or wrong.
func (b *Body) Into(k string, v any) bool {
	raw, ok := b.M[k]
	if !ok || string(raw) == "null" {
		return false
	}
	if err := json.Unmarshal(raw, v); err != nil {
		b.F.Add(k, "invalid", "Deze waarde heeft niet de verwachte vorm.")
		return false
	}
	return true
}

// Require adds a required error for every key that is absent, null or "".
func (b *Body) Require(keys ...string) {
	for _, k := range keys {
		v, ok := b.M[k]
		if !ok || string(v) == "null" || string(v) == `""` {
			b.F.Add(k, "required", "Dit veld is verplicht.")
		}
	}
}

func (b *Body) Err() error { return b.F.Err() }
