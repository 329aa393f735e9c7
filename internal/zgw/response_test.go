package zgw_test

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/zgw"
)

type problemBody struct {
	Type, Code, Title, Detail, Instance string
	Status                              int
	InvalidParams                       []zgw.InvalidParam
}

func serve(method, target string, h http.HandlerFunc, header ...string) (*httptest.ResponseRecorder, problemBody) {
	r := httptest.NewRequest(method, target, nil)
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	h(w, r)
	var p problemBody
	if strings.HasPrefix(w.Header().Get("Content-Type"), "application/problem+json") {
		json.Unmarshal(w.Body.Bytes(), &p)
	}
	return w, p
}

func TestWriteErrorMapsKinds(t *testing.T) {
	var f errs.Fields
	f.Add("zaaktype", "required", "Kies een zaaktype.")
	cases := []struct {
		err    error
		status int
		code   string
		param  string
	}{
		{f.Err(), 400, "invalid", "zaaktype"},
		{errs.E(errs.Invalid, "zaak-closed", "Zaak is gesloten."), 400, "invalid", "nonFieldErrors"},
		{errs.NotFoundf("zaak", "x"), 404, "not_found", ""},
		{errs.E(errs.Conflict, "locked", "Document is vergrendeld."), 409, "locked", ""},
		{errs.E(errs.Forbidden, "forbidden", "Mag niet."), 403, "permission_denied", ""},
		{zgw.PermissionDenied(), 403, "permission_denied", ""},
		{errors.New("pq: secret connection details"), 500, "error", ""},
	}
	for _, c := range cases {
		w, p := serve("GET", "/x", func(w http.ResponseWriter, r *http.Request) { zgw.WriteError(w, r, c.err) })
		if w.Code != c.status || p.Code != c.code || p.Status != c.status || p.Detail == "" || p.Title == "" || p.Instance == "" {
			t.Errorf("%v: %d %+v", c.err, w.Code, p)
		}
		if c.param != "" && (len(p.InvalidParams) == 0 || p.InvalidParams[0].Name != c.param) {
			t.Errorf("%v: invalid params %+v", c.err, p.InvalidParams)
		}
		if strings.Contains(w.Body.String(), "secret connection") {
			t.Error("internal error text shown")
		}
	}
}

func TestWriteJSONETagAndHead(t *testing.T) {
	h := func(w http.ResponseWriter, r *http.Request) { zgw.WriteJSON(w, r, 200, []string(nil)) }
	w, _ := serve("GET", "/x", h)
	if w.Body.String() != "[]" || w.Header().Get("ETag") == "" {
		t.Fatalf("body %q etag %q", w.Body.String(), w.Header().Get("ETag"))
	}
	etag := w.Header().Get("ETag")
	if w, _ := serve("GET", "/x", h, "If-None-Match", `"other", `+etag); w.Code != 304 || w.Body.Len() != 0 {
		t.Errorf("If-None-Match: %d %q", w.Code, w.Body.String())
	}
	if w, _ := serve("HEAD", "/x", h); w.Code != 200 || w.Body.Len() != 0 || w.Header().Get("ETag") != etag {
		t.Errorf("HEAD: %d %q", w.Code, w.Body.String())
	}
	post := func(w http.ResponseWriter, r *http.Request) { zgw.WriteJSON(w, r, 201, map[string]int{"a": 1}) }
	if w, _ := serve("POST", "/x", post); w.Code != 201 || w.Header().Get("ETag") != "" {
		t.Errorf("POST: %d etag %q", w.Code, w.Header().Get("ETag"))
	}
}

func TestQueryPagingAndURLs(t *testing.T) {
	r := httptest.NewRequest("GET", "/zaken/api/v1/zaken?zaaktype=a&page=2&foo=1&bar=2", nil)
	err := zgw.CheckQuery(r, "zaaktype", "page")
	var he *zgw.HTTPError
	if !errors.As(err, &he) || he.Status != 400 || he.Invalid[0].Code != "unknown-parameters" || !strings.Contains(he.Detail, "bar, foo") {
		t.Errorf("CheckQuery: %v", err)
	}
	if err := zgw.CheckQuery(r, "zaaktype", "page", "foo", "bar"); err != nil {
		t.Errorf("CheckQuery all known: %v", err)
	}
	if p, err := zgw.PageParam(r); p != 2 || err != nil {
		t.Errorf("page %d %v", p, err)
	}
	for _, bad := range []string{"0", "-1", "x"} {
		if _, err := zgw.PageParam(httptest.NewRequest("GET", "/z?page="+bad, nil)); err == nil {
			t.Errorf("page=%s accepted", bad)
		}
	}
	env := zgw.NewEnv(nil, "https://loket.example/", nil)
	if env.Base != "https://loket.example" || env.Auth == nil || env.HTTP == nil || env.HTTP.Timeout == 0 {
		t.Fatalf("NewEnv: %+v", env)
	}
	// As seen by a handler behind http.StripPrefix: the links keep the full path.
	r.RequestURI = "/zaken/api/v1/zaken?zaaktype=a&page=2"
	r.URL.Path = "/zaken"
	p := zgw.NewPage(r, env, 250, 2, 100, nil)
	if p.Next == nil || *p.Next != "https://loket.example/zaken/api/v1/zaken?bar=2&foo=1&page=3&zaaktype=a" || p.Previous == nil {
		t.Errorf("page %+v next %v", p, p.Next)
	}
	if p := zgw.NewPage(r, env, 200, 2, 100, nil); p.Next != nil {
		t.Errorf("next on the last page: %v", *p.Next)
	}
	if zgw.CheckPage(200, 3, 100) == nil || zgw.CheckPage(0, 1, 100) != nil {
		t.Error("CheckPage")
	}
	id := "6a2c0b10-4a43-4c83-9e34-0e2e2cb1d4a1"
	if got, ok := env.ParseOwnURL(env.URL("/catalogi/api/v1/zaaktypen/"+id), "/catalogi/api/v1/zaaktypen/"); !ok || got != id {
		t.Errorf("ParseOwnURL: %q %v", got, ok)
	}
	for _, u := range []string{"https://elders.example/catalogi/api/v1/zaaktypen/" + id, env.URL("/catalogi/api/v1/zaaktypen/x"),
		env.URL("/catalogi/api/v1/besluittypen/" + id)} {
		if _, ok := env.ParseOwnURL(u, "/catalogi/api/v1/zaaktypen/"); ok {
			t.Errorf("ParseOwnURL(%s) ok", u)
		}
	}
}

func TestDecodeJSON(t *testing.T) {
	var v struct{ A int }
	r := httptest.NewRequest("POST", "/x", strings.NewReader(`{"A": 1}`))
	r.Header.Set("Content-Type", "text/plain")
	var he *zgw.HTTPError
	if err := zgw.DecodeJSON(r, &v); !errors.As(err, &he) || he.Status != 415 {
		t.Errorf("text/plain: %v", err)
	}
	r = httptest.NewRequest("POST", "/x", strings.NewReader(`{"A": "een"}`))
	r.Header.Set("Content-Type", "application/json")
	if err := zgw.DecodeJSON(r, &v); !errors.As(err, &he) || he.Status != 400 || he.Invalid[0].Name != "A" {
		t.Errorf("wrong type: %v", err)
	}
	r = httptest.NewRequest("POST", "/x", strings.NewReader(`{"A": 2} {}`))
	r.Header.Set("Content-Type", "application/json; charset=utf-8")
	if err := zgw.DecodeJSON(r, &v); !errors.As(err, &he) || he.Code != "parse_error" {
		t.Errorf("trailing data: %v", err)
	}
	r = httptest.NewRequest("POST", "/x", strings.NewReader(`{"A": 2}`))
	r.Header.Set("Content-Type", "application/json")
	if err := zgw.DecodeJSON(r, &v); err != nil || v.A != 2 {
		t.Errorf("good body: %v %v", err, v)
	}
}
