package zgw

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"mime"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"strings"

	"github.com/google/uuid"

	"github.com/gemeenten/loket/internal/errs"
)

// InvalidParam names a request field that is wrong (ZGW ValidatieFout).
type InvalidParam struct {
	Name   string `json:"name"`
	Code   string `json:"code"`
	Reason string `json:"reason"`
}

// problem is the ZGW Fout / ValidatieFout body.
type problem struct {
	Type          string         `json:"type"`
	Code          string         `json:"code"`
	Title         string         `json:"title"`
	Status        int            `json:"status"`
	Detail        string         `json:"detail"`
	Instance      string         `json:"instance"`
	InvalidParams []InvalidParam `json:"invalidParams,omitempty"`
}

// HTTPError is an error with its own HTTP status and problem code, for the
// statuses errs has no kind for (406, 412, 415, …). WriteError answers it as
// is.
type HTTPError struct {
	Status  int
	Code    string
	Detail  string
	Invalid []InvalidParam
}

func (e *HTTPError) Error() string { return fmt.Sprintf("%d %s: %s", e.Status, e.Code, e.Detail) }

// PermissionDenied is the error for a missing scope or an object outside the
// client's autorisaties: 403 permission_denied.
func PermissionDenied() error {
	return &HTTPError{Status: http.StatusForbidden, Code: "permission_denied", Detail: "U heeft geen toestemming om deze actie uit te voeren."}
}

// Deny answers 403 permission_denied.
func Deny(w http.ResponseWriter, r *http.Request) { WriteError(w, r, PermissionDenied()) }

// RequireScope answers 403 and returns false unless the request's client has
// one of scopes in component.
func RequireScope(w http.ResponseWriter, r *http.Request, component string, scopes ...string) bool {
	if ClientFrom(r.Context()).HasAnyScope(component, scopes...) {
		return true
	}
	Deny(w, r)
	return false
}

// RequireCrs answers 412 and returns false when the Accept-Crs header (and,
// for requests with a body, Content-Crs) is missing, as the geo endpoints of
// the Zaken API demand. Wrong values were already refused by Wrap.
func RequireCrs(w http.ResponseWriter, r *http.Request) bool {
	if (r.Method == http.MethodPost || r.Method == http.MethodPut || r.Method == http.MethodPatch) && r.Header.Get("Content-Crs") == "" {
		Problem(w, r, http.StatusPreconditionFailed, "precondition_failed", titleFor(http.StatusPreconditionFailed), "'Content-Crs' header ontbreekt.")
		return false
	}
	if r.Header.Get("Accept-Crs") == "" {
		Problem(w, r, http.StatusPreconditionFailed, "precondition_failed", titleFor(http.StatusPreconditionFailed), "'Accept-Crs' header ontbreekt.")
		return false
	}
	w.Header().Set("Content-Crs", CRS)
	return true
}

func titleFor(status int) string {
	switch status {
	case http.StatusBadRequest:
		return "Ongeldige invoer."
	case http.StatusUnauthorized:
		return "Authenticatiegegevens zijn niet opgegeven."
	case http.StatusForbidden:
		return "U heeft geen toestemming om deze actie uit te voeren."
	case http.StatusNotFound:
		return "Niet gevonden."
	case http.StatusMethodNotAllowed:
		return "Methode niet toegestaan."
	case http.StatusNotAcceptable:
		return "Kan niet voldoen aan de opgegeven Accept header."
	case http.StatusConflict:
		return "Conflict."
	case http.StatusGone:
		return "Verwijderd."
	case http.StatusPreconditionFailed:
		return "Niet voldaan aan voorwaarde."
	case http.StatusRequestEntityTooLarge:
		return "Verzoek te groot."
	case http.StatusUnsupportedMediaType:
		return "Niet ondersteund mediatype in verzoek."
	}
	if status >= 500 {
		return "Er is een serverfout opgetreden."
	}
	return http.StatusText(status)
}

// Problem writes an application/problem+json answer.
func Problem(w http.ResponseWriter, r *http.Request, status int, code, title, detail string, invalid ...InvalidParam) {
	if title == "" {
		title = titleFor(status)
	}
	if detail == "" {
		detail = title
	}
	if code == "" {
		code = "error"
	}
	base := ""
	if e := EnvFrom(r.Context()); e != nil {
		base = strings.TrimRight(e.Base, "/")
	}
	p := problem{
		Type:     base + "/ref/fouten/" + code + "/",
		Code:     code,
		Title:    title,
		Status:   status,
		Detail:   detail,
		Instance: "urn:uuid:" + uuid.NewString(),
	}
	for _, ip := range invalid {
		if ip.Name == "" {
			ip.Name = "nonFieldErrors"
		}
		if ip.Code == "" {
			ip.Code = "invalid"
		}
		if ip.Reason == "" {
			ip.Reason = detail
		}
		p.InvalidParams = append(p.InvalidParams, ip)
	}
	if status == http.StatusBadRequest && p.InvalidParams == nil {
		// ValidatieFout requires invalidParams.
		p.InvalidParams = []InvalidParam{}
	}
	b, _ := json.Marshal(p)
	h := w.Header()
	h.Del("ETag")
	h.Set("Content-Type", "application/problem+json")
	h.Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(b)
	}
}

// WriteError answers err as problem+json: errs kinds map to their status
// (Invalid 400 with invalidParams from errs.Fields, NotFound 404, Conflict
// 409, Forbidden 403 permission_denied, Unauthenticated 403 as the standard
// does); *HTTPError and *AuthError keep their own status; anything else is a
// logged 500 that shows nothing of the cause.
func WriteError(w http.ResponseWriter, r *http.Request, err error) {
	var he *HTTPError
	if errors.As(err, &he) {
		Problem(w, r, he.Status, he.Code, titleFor(he.Status), he.Detail, he.Invalid...)
		return
	}
	var ae *AuthError
	if errors.As(err, &ae) {
		Problem(w, r, http.StatusForbidden, ae.Code, titleFor(http.StatusForbidden), ae.Detail)
		return
	}
	e := errs.As(err)
	if e == nil || e.Kind == errs.Internal {
		log := EnvFrom(r.Context())
		if log != nil {
			log.log().ErrorContext(r.Context(), "API request failed", "method", r.Method, "path", r.URL.Path, "err", err)
		}
		Problem(w, r, http.StatusInternalServerError, "error", titleFor(500), "Er ging iets mis aan onze kant. Probeer het later opnieuw.")
		return
	}
	switch e.Kind {
	case errs.Invalid:
		var inv []InvalidParam
		for _, f := range e.Fields {
			inv = append(inv, InvalidParam{Name: f.Field, Code: f.Code, Reason: f.Reason})
		}
		if len(inv) == 0 {
			inv = []InvalidParam{{Name: "nonFieldErrors", Code: orDefault(e.Code, "invalid"), Reason: orDefault(e.Message, "Ongeldige invoer.")}}
		}
		code := "invalid"
		Problem(w, r, http.StatusBadRequest, code, titleFor(400), orDefault(e.Message, "Ongeldige invoer."), inv...)
	case errs.NotFound:
		Problem(w, r, http.StatusNotFound, "not_found", titleFor(404), orDefault(e.Message, "Niet gevonden."))
	case errs.Conflict:
		Problem(w, r, http.StatusConflict, orDefault(e.Code, "conflict"), titleFor(409), orDefault(e.Message, "Conflict."))
	case errs.Forbidden:
		Problem(w, r, http.StatusForbidden, "permission_denied", titleFor(403), orDefault(e.Message, titleFor(403)))
	case errs.Unauthenticated:
		Problem(w, r, http.StatusForbidden, "not_authenticated", titleFor(401), orDefault(e.Message, titleFor(401)))
	}
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}

// WriteJSON writes v as JSON. A 200 answer to GET or HEAD carries an ETag
// and becomes 304 when If-None-Match matches; HEAD has no body.
func WriteJSON(w http.ResponseWriter, r *http.Request, status int, v any) {
	b, err := json.Marshal(nilSliceToEmpty(v))
	if err != nil {
		WriteError(w, r, fmt.Errorf("encode response: %w", err))
		return
	}
	WriteJSONBytes(w, r, status, b)
}

// WriteJSONBytes is WriteJSON for a body the caller encoded itself (a hot
// list that appends its JSON without reflection); b must be valid JSON.
func WriteJSONBytes(w http.ResponseWriter, r *http.Request, status int, b []byte) {
	h := w.Header()
	h.Set("Content-Type", "application/json")
	if status == http.StatusOK && (r.Method == http.MethodGet || r.Method == http.MethodHead) {
		etag := etagOf(b)
		h.Set("ETag", etag)
		if etagMatches(r.Header.Get("If-None-Match"), etag) {
			h.Del("Content-Type")
			w.WriteHeader(http.StatusNotModified)
			return
		}
	}
	h.Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(b)
	}
}

// NoContent answers 204 (a DELETE).
func NoContent(w http.ResponseWriter) { w.WriteHeader(http.StatusNoContent) }

// etagOf is the strong validator of body b: two CRC-32s (Castagnoli and
// IEEE, both computed in hardware at about 12 GB/s) and the length. An
// ETag only has to change when the body does, not resist forgery; SHA-256
// of a 150 KB list page took 0.09 ms, a fifth of the CPU of the whole
// request. It depends on the bytes alone, so it is the same in every process
// and after a restart.
func etagOf(b []byte) string {
	return fmt.Sprintf(`"%08x%08x-%x"`, crc32.Checksum(b, castagnoli), crc32.ChecksumIEEE(b), len(b))
}

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

func etagMatches(header, etag string) bool {
	if header == "" {
		return false
	}
	for _, part := range strings.Split(header, ",") {
		part = strings.TrimSpace(part)
		if part == "*" || strings.TrimPrefix(part, "W/") == etag {
			return true
		}
	}
	return false
}

// nilSliceToEmpty makes a nil slice marshal as [] (the schemas want arrays).
func nilSliceToEmpty(v any) any {
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.Slice && rv.IsNil() {
		return reflect.MakeSlice(rv.Type(), 0, 0).Interface()
	}
	return v
}

// MaxJSONBody is the largest request body DecodeJSON reads (documents with
// base64 content are large).
var MaxJSONBody int64 = 200 << 20

// DecodeJSON reads the request body as JSON into v. A body that is not JSON
// is 415, malformed JSON 400 parse_error, a value of the wrong type 400
// invalid naming the field.
func DecodeJSON(r *http.Request, v any) error {
	if ct := r.Header.Get("Content-Type"); ct != "" {
		mt, _, err := mime.ParseMediaType(ct)
		if err != nil || (mt != "application/json" && !strings.HasSuffix(mt, "+json")) {
			return &HTTPError{Status: http.StatusUnsupportedMediaType, Code: "unsupported_media_type",
				Detail: fmt.Sprintf("Niet ondersteund mediatype \"%s\" in verzoek.", ct)}
		}
	}
	body := io.LimitReader(r.Body, MaxJSONBody+1)
	b, err := io.ReadAll(body)
	if err != nil {
		return &HTTPError{Status: http.StatusBadRequest, Code: "parse_error", Detail: "De inhoud van het verzoek kon niet gelezen worden.",
			Invalid: []InvalidParam{{Name: "nonFieldErrors", Code: "parse_error", Reason: "De inhoud van het verzoek kon niet gelezen worden."}}}
	}
	if int64(len(b)) > MaxJSONBody {
		return &HTTPError{Status: http.StatusRequestEntityTooLarge, Code: "request_too_large", Detail: "Het verzoek is te groot."}
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	if err := dec.Decode(v); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) && te.Field != "" {
			reason := fmt.Sprintf("Verkeerd type: %s verwacht.", jsonTypeName(te.Type))
			return &HTTPError{Status: http.StatusBadRequest, Code: "invalid", Detail: reason,
				Invalid: []InvalidParam{{Name: te.Field, Code: "invalid", Reason: reason}}}
		}
		reason := "JSON parse error - " + err.Error()
		return &HTTPError{Status: http.StatusBadRequest, Code: "parse_error", Detail: reason,
			Invalid: []InvalidParam{{Name: "nonFieldErrors", Code: "parse_error", Reason: reason}}}
	}
	if dec.More() {
		reason := "Na het JSON-object staat nog meer inhoud."
		return &HTTPError{Status: http.StatusBadRequest, Code: "parse_error", Detail: reason,
			Invalid: []InvalidParam{{Name: "nonFieldErrors", Code: "parse_error", Reason: reason}}}
	}
	return nil
}

func jsonTypeName(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "tekst"
	case reflect.Bool:
		return "true of false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64:
		return "getal"
	case reflect.Slice, reflect.Array:
		return "lijst"
	case reflect.Map, reflect.Struct:
		return "object"
	}
	return t.String()
}

// CheckQuery returns a 400 error (usable with WriteError) when the query has
// a parameter not in allowed. List "page" where the operation pages.
func CheckQuery(r *http.Request, allowed ...string) error {
	var unknown []string
	for k := range r.URL.Query() {
		ok := false
		for _, a := range allowed {
			if k == a {
				ok = true
				break
			}
		}
		if !ok {
			unknown = append(unknown, k)
		}
	}
	if len(unknown) == 0 {
		return nil
	}
	sortStrings(unknown)
	reason := "Onbekende query parameters: " + strings.Join(unknown, ", ")
	return &HTTPError{Status: http.StatusBadRequest, Code: "invalid", Detail: reason,
		Invalid: []InvalidParam{{Name: "nonFieldErrors", Code: "unknown-parameters", Reason: reason}}}
}

func sortStrings(s []string) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

// Page is the ZGW paginated list.
type Page struct {
	Count    int     `json:"count"`
	Next     *string `json:"next"`
	Previous *string `json:"previous"`
	Results  any     `json:"results"`
}

// PageParam returns ?page= (1-based; 1 when absent). A value that is not a
// positive number is a 400.
func PageParam(r *http.Request) (page int, err error) {
	v := r.URL.Query().Get("page")
	if v == "" {
		return 1, nil
	}
	page, err = strconv.Atoi(v)
	if err != nil || page < 1 {
		reason := "Ongeldige pagina: een geheel getal vanaf 1 verwacht."
		return 0, &HTTPError{Status: http.StatusBadRequest, Code: "invalid", Detail: reason,
			Invalid: []InvalidParam{{Name: "page", Code: "invalid", Reason: reason}}}
	}
	return page, nil
}

// CheckPage returns a 404 error when page lies past the end of count
// results (page 1 of an empty list is fine).
func CheckPage(count, page, size int) error {
	if page > 1 && (page-1)*size >= count {
		return &HTTPError{Status: http.StatusNotFound, Code: "not_found", Detail: "Ongeldige pagina."}
	}
	return nil
}

// NewPage builds the paginated answer with absolute next/previous links
// (the request's own URL with page changed). A nil results slice is [].
func NewPage(r *http.Request, e *Env, count, page, size int, results any) Page {
	p := Page{Count: count, Results: nilSliceToEmpty(results)}
	if size <= 0 {
		return p
	}
	if page*size < count {
		s := pageURL(r, e, page+1)
		p.Next = &s
	}
	if page > 1 {
		s := pageURL(r, e, page-1)
		p.Previous = &s
	}
	return p
}

func pageURL(r *http.Request, e *Env, page int) string {
	path := r.URL.Path
	if r.RequestURI != "" {
		if u, err := url.ParseRequestURI(r.RequestURI); err == nil {
			path = u.Path
		}
	}
	q := r.URL.Query()
	q.Set("page", strconv.Itoa(page))
	return e.URL(path) + "?" + q.Encode()
}
