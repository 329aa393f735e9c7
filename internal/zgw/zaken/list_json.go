package zaken

import (
	"encoding/json"
	"net/http"
	"strconv"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/gemeenten/loket/internal/zgw"
)

// A list page of 100 zaken is about 150 KB of JSON. encoding/json spends
// most of its time on reflection and on checking the embedded raw values
// again; appendZaakJSON writes the same document directly. The mapping
// from the domain stays in zaakJSON (one place); this file only encodes
// its result. TestAppendZaakJSON fills every field of zaakJSON by
// reflection and compares with encoding/json, so a field added to the
// struct without a line here fails the test.

// appendPage appends the paged list envelope (zgw.Page) around zaken, each
// already encoded by appendZaakJSON.
func appendPage(b []byte, p zgw.Page, zaken [][]byte) []byte {
	b = append(b, `{"count":`...)
	b = strconv.AppendInt(b, int64(p.Count), 10)
	b = append(b, `,"next":`...)
	b = appendStrPtr(b, p.Next)
	b = append(b, `,"previous":`...)
	b = appendStrPtr(b, p.Previous)
	b = append(b, `,"results":[`...)
	for i, z := range zaken {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, z...)
	}
	return append(b, "]}"...)
}

func appendZaakJSON(b []byte, j *zaakJSON) []byte {
	b = append(b, `{"url":`...)
	b = appendStr(b, j.URL)
	b = appendKey(b, "uuid")
	b = appendStr(b, j.UUID)
	b = appendKey(b, "identificatie")
	b = appendStr(b, j.Identificatie)
	b = appendKey(b, "bronorganisatie")
	b = appendStr(b, j.Bronorganisatie)
	b = appendKey(b, "omschrijving")
	b = appendStr(b, j.Omschrijving)
	b = appendKey(b, "toelichting")
	b = appendStr(b, j.Toelichting)
	b = appendKey(b, "zaaktype")
	b = appendStr(b, j.Zaaktype)
	b = appendKey(b, "registratiedatum")
	b = appendStrPtr(b, j.Registratiedatum)
	b = appendKey(b, "verantwoordelijkeOrganisatie")
	b = appendStr(b, j.VerantwoordelijkeOrganisatie)
	b = appendKey(b, "startdatum")
	b = appendStrPtr(b, j.Startdatum)
	b = appendKey(b, "einddatum")
	b = appendStrPtr(b, j.Einddatum)
	b = appendKey(b, "einddatumGepland")
	b = appendStrPtr(b, j.EinddatumGepland)
	b = appendKey(b, "uiterlijkeEinddatumAfdoening")
	b = appendStrPtr(b, j.UiterlijkeEinddatumAfdoening)
	b = appendKey(b, "publicatiedatum")
	b = appendStrPtr(b, j.Publicatiedatum)
	b = appendKey(b, "communicatiekanaal")
	b = appendStr(b, j.Communicatiekanaal)
	b = appendKey(b, "productenOfDiensten")
	b = appendStrs(b, j.ProductenOfDiensten)
	b = appendKey(b, "vertrouwelijkheidaanduiding")
	b = appendStr(b, j.Vertrouwelijkheidaanduiding)
	b = appendKey(b, "betalingsindicatie")
	b = appendStr(b, j.Betalingsindicatie)
	b = appendKey(b, "betalingsindicatieWeergave")
	b = appendStr(b, j.BetalingsindicatieWeergave)
	b = appendKey(b, "laatsteBetaaldatum")
	b = appendTime(b, j.LaatsteBetaaldatum)
	b = appendKey(b, "zaakgeometrie")
	b = appendRaw(b, j.Zaakgeometrie)
	b = appendKey(b, "verlenging")
	if j.Verlenging == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, `{"reden":`...)
		b = appendStr(b, j.Verlenging.Reden)
		b = appendKey(b, "duur")
		b = appendStr(b, j.Verlenging.Duur)
		b = append(b, '}')
	}
	b = appendKey(b, "opschorting")
	if j.Opschorting == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, `{"indicatie":`...)
		b = strconv.AppendBool(b, j.Opschorting.Indicatie)
		b = appendKey(b, "reden")
		b = appendStr(b, j.Opschorting.Reden)
		b = append(b, '}')
	}
	b = appendKey(b, "selectielijstklasse")
	b = appendStr(b, j.Selectielijstklasse)
	b = appendKey(b, "hoofdzaak")
	b = appendStrPtr(b, j.Hoofdzaak)
	b = appendKey(b, "deelzaken")
	b = appendStrs(b, j.Deelzaken)
	b = appendKey(b, "relevanteAndereZaken")
	if j.RelevanteAndereZaken == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i, r := range j.RelevanteAndereZaken {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"url":`...)
			b = appendStr(b, r.URL)
			b = appendKey(b, "aardRelatie")
			b = appendStr(b, r.AardRelatie)
			if r.OverigeRelatie != "" {
				b = appendKey(b, "overigeRelatie")
				b = appendStr(b, r.OverigeRelatie)
			}
			if r.Toelichting != "" {
				b = appendKey(b, "toelichting")
				b = appendStr(b, r.Toelichting)
			}
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	b = appendKey(b, "eigenschappen")
	b = appendStrs(b, j.Eigenschappen)
	b = appendKey(b, "rollen")
	b = appendStrs(b, j.Rollen)
	b = appendKey(b, "status")
	b = appendStrPtr(b, j.Status)
	b = appendKey(b, "zaakinformatieobjecten")
	b = appendStrs(b, j.Zaakinformatieobjecten)
	b = appendKey(b, "zaakobjecten")
	b = appendStrs(b, j.Zaakobjecten)
	b = appendKey(b, "kenmerken")
	if j.Kenmerken == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i, k := range j.Kenmerken {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"kenmerk":`...)
			b = appendStr(b, k.Kenmerk)
			b = appendKey(b, "bron")
			b = appendStr(b, k.Bron)
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	b = appendKey(b, "archiefnominatie")
	b = appendStrPtr(b, j.Archiefnominatie)
	b = appendKey(b, "archiefstatus")
	b = appendStr(b, j.Archiefstatus)
	b = appendKey(b, "archiefactiedatum")
	b = appendStrPtr(b, j.Archiefactiedatum)
	b = appendKey(b, "resultaat")
	b = appendStrPtr(b, j.Resultaat)
	b = appendKey(b, "opdrachtgevendeOrganisatie")
	b = appendStr(b, j.OpdrachtgevendeOrganisatie)
	b = appendKey(b, "processobjectaard")
	b = appendStrPtr(b, j.Processobjectaard)
	b = appendKey(b, "startdatumBewaartermijn")
	b = appendStrPtr(b, j.StartdatumBewaartermijn)
	b = appendKey(b, "processobject")
	b = appendRaw(b, j.Processobject)
	if len(j.Expand) > 0 {
		// expand is rare and nested arbitrarily: encoding/json.
		e, err := json.Marshal(j.Expand)
		if err == nil {
			b = appendKey(b, "_expand")
			b = append(b, e...)
		}
	}
	return append(b, '}')
}

func appendKey(b []byte, k string) []byte {
	b = append(b, ',', '"')
	b = append(b, k...)
	return append(b, '"', ':')
}

func appendStrPtr(b []byte, s *string) []byte {
	if s == nil {
		return append(b, "null"...)
	}
	return appendStr(b, *s)
}

func appendStrs(b []byte, ss []string) []byte {
	if ss == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i, s := range ss {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendStr(b, s)
	}
	return append(b, ']')
}

func appendTime(b []byte, t *time.Time) []byte {
	if t == nil {
		return append(b, "null"...)
	}
	b = append(b, '"')
	b = t.AppendFormat(b, time.RFC3339Nano)
	return append(b, '"')
}

// appendRaw appends a stored JSON value (a GeoJSON geometry, the
// processobject); it was valid JSON when it was stored, but it is checked
// again here because a broken value would break the whole page.
func appendRaw(b []byte, raw json.RawMessage) []byte {
	if len(raw) == 0 || !json.Valid(raw) {
		return append(b, "null"...)
	}
	return append(b, raw...)
}

const hexDigits = "0123456789abcdef"

// appendStr appends s as a JSON string, escaped as encoding/json does
// (including <, > and & and the line separators U+2028/U+2029, so that the
// output is safe in HTML too; invalid UTF-8 becomes U+FFFD).
func appendStr(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// pageBufs recycles the page buffers (150 KB for a page of 100 zaken).
var pageBufs = sync.Pool{New: func() any { return new([]byte) }}

// writePage answers a list page of zaken.
func writePage(w http.ResponseWriter, r *http.Request, p zgw.Page, zaken [][]byte) {
	bp := pageBufs.Get().(*[]byte)
	b := appendPage((*bp)[:0], p, zaken)
	zgw.WriteJSONBytes(w, r, http.StatusOK, b)
	if cap(b) <= 4<<20 {
		*bp = b
		pageBufs.Put(bp)
	}
}
