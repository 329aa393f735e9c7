package zaken

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/gemeenten/loket/internal/zgw"
)

// fill sets every field of v (a pointer to a struct) to a non-zero value
// by reflection, n varying the values, so that a field added to zaakJSON
// shows up here without anyone writing a line for it.
func fill(t *testing.T, v reflect.Value, n int) {
	t.Helper()
	switch v.Kind() {
	case reflect.Pointer:
		if v.Type() == reflect.TypeOf(&time.Time{}) {
			tm := time.Date(2026, 3, 20, 10, 11, 12, 345000000+n, time.UTC)
			v.Set(reflect.ValueOf(&tm))
			return
		}
		v.Set(reflect.New(v.Type().Elem()))
		fill(t, v.Elem(), n)
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				fill(t, v.Field(i), n+i)
			}
		}
	case reflect.String:
		// Characters that JSON must escape, HTML-sensitive ones, non-ASCII
		// and a line separator.
		v.SetString([]string{"Dakkapel \"Dorpsstraat\" 1 <a&b>", "tab\there\nnewline\\ é ü \u2028 \x01",
			"http://127.0.0.1/zaken/api/v1/zaken/0190a2b4-0000-7000-8000-000000000001", "invalid \xff utf-8"}[n%4])
	case reflect.Bool:
		v.SetBool(n%2 == 0)
	case reflect.Int, reflect.Int64:
		v.SetInt(int64(n))
	case reflect.Slice:
		if v.Type() == reflect.TypeOf(json.RawMessage(nil)) {
			v.SetBytes([]byte(`{"type": "Point", "coordinates": [6.1, 52.2]}`))
			return
		}
		s := reflect.MakeSlice(v.Type(), 2, 2)
		for i := range 2 {
			fill(t, s.Index(i), n+i)
		}
		v.Set(s)
	case reflect.Map:
		m := reflect.MakeMap(v.Type())
		m.SetMapIndex(reflect.ValueOf("status"), reflect.ValueOf(any(map[string]any{"url": "x"})))
		v.Set(m)
	case reflect.Interface:
		v.Set(reflect.ValueOf("x"))
	default:
		t.Fatalf("fill: kind %s (%s) not handled: extend fill and appendZaakJSON", v.Kind(), v.Type())
	}
}

func decode(t *testing.T, b []byte) any {
	t.Helper()
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, b)
	}
	return v
}

// TestAppendZaakJSON: the hand-written encoder writes what encoding/json
// writes for zaakJSON, for a fully filled zaak, an empty one (nil lists and
// pointers) and a zaak as the list renders it.
func TestAppendZaakJSON(t *testing.T) {
	full := &zaakJSON{}
	fill(t, reflect.ValueOf(full).Elem(), 0)
	other := &zaakJSON{}
	fill(t, reflect.ValueOf(other).Elem(), 1)
	for name, j := range map[string]*zaakJSON{"full": full, "other values": other, "empty": {}} {
		t.Run(name, func(t *testing.T) {
			want, err := json.Marshal(j)
			if err != nil {
				t.Fatal(err)
			}
			got := appendZaakJSON(nil, j)
			if !reflect.DeepEqual(decode(t, got), decode(t, want)) {
				t.Fatalf("appendZaakJSON differs from encoding/json:\n got %s\nwant %s", got, want)
			}
		})
	}
	// Escaping is byte for byte that of encoding/json.
	for _, s := range []string{"a<b>&c", "\"\\\n\r\t\x00\x1f", "é\u2028\u2029", "\xff\xfe", ""} {
		want, _ := json.Marshal(s)
		if got := appendStr(nil, s); string(got) != string(want) {
			t.Errorf("appendStr(%q) = %s, want %s", s, got, want)
		}
	}
	// The page envelope is zgw.Page.
	next := "http://x/zaken?page=2"
	p := zgw.Page{Count: 201, Next: &next}
	p2 := p
	p2.Results = []*zaakJSON{full, other}
	want, _ := json.Marshal(p2)
	got := appendPage(nil, p, [][]byte{appendZaakJSON(nil, full), appendZaakJSON(nil, other)})
	if !reflect.DeepEqual(decode(t, got), decode(t, want)) {
		t.Fatalf("appendPage differs:\n got %s\nwant %s", got, want)
	}
	if got := appendPage(nil, zgw.Page{}, nil); !strings.Contains(string(got), `"results":[]`) {
		t.Fatalf("empty page: %s", got)
	}
}
