package besluiten

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/zgw"
)

// body (the same helper as in the Zaken API package) is a JSON request object read field by field, so that a PATCH can
// tell an absent field (unchanged) from null (cleared), and every type
// error names its field.
type body struct {
	m map[string]json.RawMessage
	f errs.Fields
}

func readBody(r *http.Request) (*body, error) {
	var m map[string]json.RawMessage
	if err := zgw.DecodeJSON(r, &m); err != nil {
		return nil, err
	}
	if m == nil {
		return nil, errs.InvalidField("nonFieldErrors", "invalid", "Verwacht een JSON-object.")
	}
	return &body{m: m}, nil
}

func (b *body) has(k string) bool { _, ok := b.m[k]; return ok }

func (b *body) null(k string) bool {
	v, ok := b.m[k]
	return ok && string(v) == "null"
}

// str returns the string at k: nil when absent, "" when null.
func (b *body) str(k string) *string {
	v, ok := b.m[k]
	if !ok {
		return nil
	}
	var s string
	if string(v) != "null" {
		if err := json.Unmarshal(v, &s); err != nil {
			b.f.Add(k, "invalid", "Verwacht tekst.")
			return nil
		}
	}
	return &s
}

// s returns the string at k or "".
func (b *body) s(k string) string {
	if p := b.str(k); p != nil {
		return *p
	}
	return ""
}

func (b *body) boolean(k string) *bool {
	v, ok := b.m[k]
	if !ok || string(v) == "null" {
		return nil
	}
	var x bool
	if err := json.Unmarshal(v, &x); err != nil {
		b.f.Add(k, "invalid", "Verwacht true of false.")
		return nil
	}
	return &x
}

// date returns the date at k: nil when absent, a zero date when null or "".
func (b *body) date(k string) *date.Date {
	p := b.str(k)
	if p == nil {
		return nil
	}
	var d date.Date
	if *p != "" {
		var err error
		if d, err = date.Parse(*p); err != nil {
			b.f.Add(k, "invalid", "Verwacht een datum als JJJJ-MM-DD.")
			return nil
		}
	}
	return &d
}

// timestamp returns the date-time at k: nil when absent, a zero time when
// null or "".
func (b *body) timestamp(k string) *time.Time {
	p := b.str(k)
	if p == nil {
		return nil
	}
	var t time.Time
	if *p != "" {
		var err error
		if t, err = parseDateTime(*p); err != nil {
			b.f.Add(k, "invalid", "Verwacht een datum en tijd (ISO 8601), bijvoorbeeld 2026-01-31T12:00:00Z.")
			return nil
		}
	}
	return &t
}

func parseDateTime(s string) (time.Time, error) {
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

// into unmarshals k into v; false when absent, null or wrong.
func (b *body) into(k string, v any) bool {
	raw, ok := b.m[k]
	if !ok || string(raw) == "null" {
		return false
	}
	if err := json.Unmarshal(raw, v); err != nil {
		b.f.Add(k, "invalid", "Deze waarde heeft niet de verwachte vorm.")
		return false
	}
	return true
}

// require adds a required error for every key that is absent, null or "".
func (b *body) require(keys ...string) {
	for _, k := range keys {
		v, ok := b.m[k]
		if !ok || string(v) == "null" || string(v) == `""` {
			b.f.Add(k, "required", "Dit veld is verplicht.")
		}
	}
}

func (b *body) err() error { return b.f.Err() }
