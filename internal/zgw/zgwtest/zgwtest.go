// Package zgwtest runs ZGW API handlers in an httptest server with the
// framework around them, and gives tests a client that signs ZGW JWTs and
// validates every response against the API's OpenAPI file (kin-openapi): a
// response that does not match the specification fails the test.
package zgwtest

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"
	"github.com/golang-jwt/jwt/v5"

	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/zgw"
)

// SpecDir is the directory with the ZGW OpenAPI files (/work/shared/specs/zgw
// in this workspace; LOKET_ZGW_SPECS overrides).
func SpecDir() string {
	if d := os.Getenv("LOKET_ZGW_SPECS"); d != "" {
		return d
	}
	_, file, _, _ := runtime.Caller(0)
	// internal/zgw/zgwtest → repo root → ../shared/specs/zgw
	root := filepath.Join(filepath.Dir(file), "..", "..", "..")
	for _, c := range []string{filepath.Join(root, "..", "shared", "specs", "zgw"), "/work/shared/specs/zgw"} {
		if _, err := os.Stat(c); err == nil {
			return c
		}
	}
	return "/work/shared/specs/zgw"
}

// Spec returns the path of a spec file by name, e.g. Spec("autorisaties-1.0.0.yaml").
func Spec(name string) string { return filepath.Join(SpecDir(), name) }

// Server is an httptest server with the ZGW framework.
type Server struct {
	*httptest.Server
	Env   *zgw.Env
	Store *zgw.Store
	DB    *db.DB
}

// NewServer starts a server on d; mount adds the API handlers to mux,
// typically with env.Mount(mux, "/zaken/api/v1", zgw.ZRC, "1.5.1", h).
// env.Base is the server's URL. The server closes when the test ends.
func NewServer(t testing.TB, d *db.DB, mount func(env *zgw.Env, mux *http.ServeMux)) *Server {
	t.Helper()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	if testing.Verbose() {
		log = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	}
	ts := httptest.NewUnstartedServer(nil)
	ts.Start()
	env := &zgw.Env{
		DB:   d,
		Base: ts.URL,
		Now:  time.Now,
		Log:  log,
		Auth: zgw.NewAuthorizer(d, nil, log),
		HTTP: &http.Client{Timeout: 10 * time.Second},
	}
	mux := http.NewServeMux()
	mount(env, mux)
	ts.Config.Handler = mux
	t.Cleanup(ts.Close)
	return &Server{Server: ts, Env: env, Store: &zgw.Store{DB: d}, DB: d}
}

// RandomID returns a short random hex string for client ids and secrets.
func RandomID(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// Token signs a ZGW JWT (HS256) with client_id, iss and iat, plus extra
// claims (which may override those).
func Token(clientID, secret string, iat time.Time, extra map[string]any) string {
	claims := jwt.MapClaims{"iss": clientID, "client_id": clientID, "iat": iat.Unix()}
	for k, v := range extra {
		claims[k] = v
	}
	s, err := jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString([]byte(secret))
	if err != nil {
		panic(err)
	}
	return s
}

// Client calls one API as one API client.
type Client struct {
	t        testing.TB
	Base     string // server URL
	Prefix   string // e.g. "/zaken/api/v1"
	ClientID string
	Secret   string
	// UserID and UserRepresentation go in the JWT (for the audit trail).
	UserID, UserRepresentation string
	// Header is added to every request (e.g. Accept-Crs).
	Header http.Header
	// Token, when set, replaces the signed JWT (for authentication tests);
	// set it to "-" to send no Authorization header.
	Token string
	// SkipValidation turns response validation off (for endpoints outside
	// the specification).
	SkipValidation bool
	spec           *loadedSpec
	http           *http.Client
}

// Client returns a client for the API at prefix, validated against
// specPath (none when specPath is ""), authenticating as clientID/secret (register them with
// Register or s.Store first).
func (s *Server) Client(t testing.TB, specPath, prefix, clientID, secret string) *Client {
	t.Helper()
	c := &Client{t: t, Base: s.URL, Prefix: prefix, ClientID: clientID, Secret: secret,
		UserID: "test-gebruiker", UserRepresentation: "Test Gebruiker", Header: http.Header{}, http: s.Server.Client()}
	if specPath == "" {
		// Framework tests: no API file to hold the answers to.
		c.SkipValidation = true
		return c
	}
	sp, err := load(specPath, prefix)
	if err != nil {
		t.Fatalf("load OpenAPI file %s: %v", specPath, err)
	}
	c.spec = sp
	return c
}

// Register registers a fresh API client with the given rights (all, or
// autorisaties; neither gives a client that may do nothing) and returns
// its client id and secret.
func (s *Server) Register(t testing.TB, all bool, autorisaties ...zgw.Autorisatie) (clientID, secret string) {
	t.Helper()
	ctx := context.Background()
	clientID, secret = "test-"+RandomID(6), RandomID(16)
	if err := s.Store.CreateClient(ctx, clientID, secret, clientID); err != nil {
		t.Fatalf("register API client: %v", err)
	}
	if all || len(autorisaties) > 0 {
		if _, err := s.Store.Grant(ctx, clientID, all, autorisaties); err != nil {
			t.Fatalf("grant API client: %v", err)
		}
	}
	return clientID, secret
}

// NewClient registers a fresh client with the given rights and returns a
// client for the API at prefix validated against specPath.
func (s *Server) NewClient(t testing.TB, specPath, prefix string, all bool, autorisaties ...zgw.Autorisatie) *Client {
	t.Helper()
	id, secret := s.Register(t, all, autorisaties...)
	return s.Client(t, specPath, prefix, id, secret)
}

// Response is a received answer.
type Response struct {
	t      testing.TB
	Method string
	URL    string
	Status int
	Header http.Header
	Body   []byte
}

// Do sends a request. path is relative to the prefix ("/zaken?page=2") or
// an absolute URL. body is marshalled to JSON unless it is []byte or nil.
// headers are extra key, value pairs.
func (c *Client) Do(method, path string, body any, headers ...string) *Response {
	c.t.Helper()
	u := path
	if !strings.HasPrefix(path, "http://") && !strings.HasPrefix(path, "https://") {
		u = c.Base + c.Prefix + path
	}
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case []byte:
		rd = bytes.NewReader(b)
	case string:
		rd = strings.NewReader(b)
	default:
		j, err := json.Marshal(b)
		if err != nil {
			c.t.Fatalf("marshal request body: %v", err)
		}
		rd = bytes.NewReader(j)
	}
	req, err := http.NewRequest(method, u, rd)
	if err != nil {
		c.t.Fatalf("new request: %v", err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Accept", "application/json")
	for k, vs := range c.Header {
		for _, v := range vs {
			req.Header.Add(k, v)
		}
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	switch c.Token {
	case "":
		extra := map[string]any{}
		if c.UserID != "" {
			extra["user_id"] = c.UserID
		}
		if c.UserRepresentation != "" {
			extra["user_representation"] = c.UserRepresentation
		}
		req.Header.Set("Authorization", "Bearer "+Token(c.ClientID, c.Secret, time.Now(), extra))
	case "-":
	default:
		req.Header.Set("Authorization", c.Token)
	}
	res, err := c.http.Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", method, u, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		c.t.Fatalf("%s %s: read body: %v", method, u, err)
	}
	r := &Response{t: c.t, Method: method, URL: u, Status: res.StatusCode, Header: res.Header, Body: b}
	if !c.SkipValidation {
		if r.Header.Get("API-version") == "" {
			c.t.Errorf("%s %s → %d has no API-version header", method, u, r.Status)
		}
		if err := c.spec.validate(req, r); err != nil {
			c.t.Errorf("%s %s → %d does not match %s: %v\nbody: %s", method, u, r.Status, c.spec.path, err, trim(b))
		}
	}
	return r
}

func trim(b []byte) string {
	if len(b) > 2000 {
		return string(b[:2000]) + "…"
	}
	return string(b)
}

func (c *Client) Get(path string, headers ...string) *Response {
	c.t.Helper()
	return c.Do(http.MethodGet, path, nil, headers...)
}
func (c *Client) Head(path string, headers ...string) *Response {
	c.t.Helper()
	return c.Do(http.MethodHead, path, nil, headers...)
}
func (c *Client) Post(path string, body any, headers ...string) *Response {
	c.t.Helper()
	return c.Do(http.MethodPost, path, body, headers...)
}
func (c *Client) Put(path string, body any, headers ...string) *Response {
	c.t.Helper()
	return c.Do(http.MethodPut, path, body, headers...)
}
func (c *Client) Patch(path string, body any, headers ...string) *Response {
	c.t.Helper()
	return c.Do(http.MethodPatch, path, body, headers...)
}
func (c *Client) Delete(path string, headers ...string) *Response {
	c.t.Helper()
	return c.Do(http.MethodDelete, path, nil, headers...)
}

// Want fails the test unless the status is one of want.
func (r *Response) Want(want ...int) *Response {
	r.t.Helper()
	for _, w := range want {
		if r.Status == w {
			return r
		}
	}
	r.t.Errorf("%s %s: status %d, want %v; body: %s", r.Method, r.URL, r.Status, want, trim(r.Body))
	return r
}

// Decode unmarshals the body into v.
func (r *Response) Decode(v any) {
	r.t.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		r.t.Fatalf("%s %s: decode %d body: %v; body: %s", r.Method, r.URL, r.Status, err, trim(r.Body))
	}
}

// JSON returns the body as a map.
func (r *Response) JSON() map[string]any {
	r.t.Helper()
	var m map[string]any
	r.Decode(&m)
	return m
}

// Problem is a problem+json body.
type Problem struct {
	Type          string             `json:"type"`
	Code          string             `json:"code"`
	Title         string             `json:"title"`
	Status        int                `json:"status"`
	Detail        string             `json:"detail"`
	Instance      string             `json:"instance"`
	InvalidParams []zgw.InvalidParam `json:"invalidParams"`
}

// Problem decodes the body as problem+json, failing the test when the
// content type is not application/problem+json.
func (r *Response) Problem() Problem {
	r.t.Helper()
	if ct := r.Header.Get("Content-Type"); ct != "application/problem+json" {
		r.t.Errorf("%s %s: content type %q, want application/problem+json", r.Method, r.URL, ct)
	}
	var p Problem
	r.Decode(&p)
	return p
}

// WantProblem fails the test unless the answer is a problem with status and
// code, and (when given) an invalid param with name.
func (r *Response) WantProblem(status int, code string, invalidParam ...string) Problem {
	r.t.Helper()
	r.Want(status)
	p := r.Problem()
	if p.Code != code {
		r.t.Errorf("%s %s: problem code %q, want %q; body: %s", r.Method, r.URL, p.Code, code, trim(r.Body))
	}
	for _, name := range invalidParam {
		found := false
		for _, ip := range p.InvalidParams {
			if ip.Name == name {
				found = true
			}
		}
		if !found {
			r.t.Errorf("%s %s: no invalid param %q in %+v", r.Method, r.URL, name, p.InvalidParams)
		}
	}
	return p
}

// HasInvalidParam reports whether the problem names field with code.
func (p Problem) HasInvalidParam(name, code string) bool {
	for _, ip := range p.InvalidParams {
		if ip.Name == name && (code == "" || ip.Code == code) {
			return true
		}
	}
	return false
}

type loadedSpec struct {
	path   string
	doc    *openapi3.T
	router routers.Router
}

var (
	specMu    sync.Mutex
	specCache = map[string]*loadedSpec{}
)

// The router matches on a fixed host, so one loaded document serves every
// test server; requests are re-addressed to it for validation.
const specHost = "http://zgw.test"

var formatsOnce sync.Once

// defineFormats adds validators for the formats the ZGW files use beyond
// date and date-time: a uri must be absolute (the standard's URLs are), or
// empty where the APIs answer "" for an unset reference; a uuid must be one.
func defineFormats() {
	openapi3.DefineStringFormatCallback("uri", func(s string) error {
		if s == "" {
			return nil
		}
		u, err := url.Parse(s)
		if err != nil || u.Scheme == "" || u.Host == "" {
			return fmt.Errorf("not an absolute URI: %q", s)
		}
		return nil
	})
	openapi3.DefineStringFormatCallback("uuid", func(s string) error {
		if !db.ValidUUID(s) {
			return fmt.Errorf("not a UUID: %q", s)
		}
		return nil
	})
}

func load(path, prefix string) (*loadedSpec, error) {
	formatsOnce.Do(defineFormats)
	specMu.Lock()
	defer specMu.Unlock()
	key := path + "\x00" + prefix
	if s, ok := specCache[key]; ok {
		return s, nil
	}
	loader := openapi3.NewLoader()
	loader.IsExternalRefsAllowed = true
	doc, err := loader.LoadFromFile(path)
	if err != nil {
		return nil, err
	}
	doc.Servers = openapi3.Servers{{URL: specHost + prefix}}
	router, err := legacy.NewRouter(doc, openapi3.DisableExamplesValidation(), openapi3.DisableSchemaDefaultsValidation(),
		openapi3.DisableSchemaPatternValidation())
	if err != nil {
		return nil, fmt.Errorf("router: %w", err)
	}
	s := &loadedSpec{path: path, doc: doc, router: router}
	specCache[key] = s
	return s, nil
}

func (s *loadedSpec) validate(req *http.Request, r *Response) error {
	vu, err := url.Parse(specHost + req.URL.RequestURI())
	if err != nil {
		return err
	}
	vreq := req.Clone(context.Background())
	vreq.URL = vu
	vreq.Host = vu.Host
	vreq.Body = http.NoBody
	route, params, err := s.router.FindRoute(vreq)
	if err != nil && req.Method == http.MethodHead {
		// HEAD is HTTP caching on every GET, whether or not the file lists it.
		greq := vreq.Clone(context.Background())
		greq.Method = http.MethodGet
		route, params, err = s.router.FindRoute(greq)
	}
	if err != nil {
		return fmt.Errorf("no operation for %s %s in the specification: %w", req.Method, req.URL.Path, err)
	}
	if r.Status == http.StatusNotModified || req.Method == http.MethodHead {
		return nil
	}
	input := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{
			Request: vreq, PathParams: params, Route: route,
			Options: &openapi3filter.Options{ExcludeRequestBody: true, AuthenticationFunc: openapi3filter.NoopAuthenticationFunc},
		},
		Status: r.Status,
		Header: r.Header,
		Body:   io.NopCloser(bytes.NewReader(r.Body)),
		Options: &openapi3filter.Options{
			IncludeResponseStatus: true,
			MultiError:            true,
			AuthenticationFunc:    openapi3filter.NoopAuthenticationFunc,
		},
	}
	return openapi3filter.ValidateResponse(context.Background(), input)
}
