package zgw_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/golang-jwt/jwt/v5"

	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/zgw"
)

// fieldCode is the code of the single field error in err, "" when err is nil.
func fieldCode(t *testing.T, err error) string {
	t.Helper()
	if err == nil {
		return ""
	}
	e := errs.As(err)
	if e == nil || len(e.Fields) != 1 {
		t.Fatalf("want one field error, got %v", err)
	}
	return e.Fields[0].Code
}

func TestResolveRemoteReferences(t *testing.T) {
	var authSeen atomic.Value
	authSeen.Store("")
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"url":"x","naam":"elders","omschrijving":"o"}`))
	}))
	defer other.Close()
	remote := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		authSeen.Store(r.Header.Get("Authorization"))
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Path {
		case "/kanaal":
			w.Write([]byte(`{"url":"` + "http://" + r.Host + r.URL.Path + `","naam":"email","omschrijving":"E-mail"}`))
		case "/geen-kanaal":
			w.Write([]byte(`{"url":"x","titel":"iets anders"}`))
		case "/lijst":
			w.Write([]byte(`[1,2,3]`))
		case "/html":
			w.Write([]byte(`<html>`))
		case "/groot":
			w.Write([]byte(`{"url":"x","naam":"n","omschrijving":"` + strings.Repeat("a", zgw.MaxFetchBytes) + `"}`))
		case "/omleiding":
			http.Redirect(w, r, "/kanaal", http.StatusFound)
		case "/elders":
			http.Redirect(w, r, other.URL+"/kanaal", http.StatusFound)
		default:
			http.NotFound(w, r)
		}
	}))
	defer remote.Close()

	env := zgw.NewEnv(nil, "http://loket.test", nil)
	ctx := context.Background()
	required := []string{"url", "naam", "omschrijving"}
	cases := []struct {
		name, url, code string
	}{
		{"valid remote", remote.URL + "/kanaal", ""},
		{"same-host redirect", remote.URL + "/omleiding", ""},
		{"missing", remote.URL + "/weg", "bad-url"},
		{"wrong type", remote.URL + "/geen-kanaal", "invalid-resource"},
		{"array", remote.URL + "/lijst", "invalid-resource"},
		{"not json", remote.URL + "/html", "invalid-resource"},
		{"too large", remote.URL + "/groot", "bad-url"},
		{"redirect to other host", remote.URL + "/elders", "bad-url"},
		{"metadata address", "http://169.254.169.254/latest/meta-data/", "bad-url"},
		{"unspecified address", "http://0.0.0.0:1/x", "bad-url"},
		{"ipv6 link-local", "http://[fe80::1]/x", "bad-url"},
		{"user info", strings.Replace(remote.URL, "http://", "http://a:b@", 1) + "/kanaal", "bad-url"},
		{"other scheme", "ftp://example.org/kanaal", "bad-url"},
		{"relative", "/kanaal", "bad-url"},
		{"unreachable", "http://127.0.0.1:1/kanaal", "bad-url"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var got struct{ Naam string }
			err := env.Resolve(ctx, "communicatiekanaal", c.url, "een communicatiekanaal",
				zgw.FetchOptions{Authorization: "Bearer geheim"}, required, &got)
			if code := fieldCode(t, err); code != c.code {
				t.Fatalf("code %q, want %q (err %v)", code, c.code, err)
			}
			if c.code == "" && got.Naam != "email" {
				t.Fatalf("decoded %+v", got)
			}
			if e := errs.As(err); e != nil && e.Fields[0].Field != "communicatiekanaal" {
				t.Fatalf("field %q", e.Fields[0].Field)
			}
		})
	}
	if a := authSeen.Load().(string); a != "" {
		t.Fatalf("the caller's token went to another server: %q", a)
	}
}

func TestFetchOwnURLsInProcess(t *testing.T) {
	var hits atomic.Int32
	local := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		if r.Header.Get("Authorization") != "Bearer eigen" {
			w.WriteHeader(http.StatusForbidden)
			return
		}
		w.Write([]byte(`{"url":"u","naam":"n","omschrijving":"o"}`))
	})
	// No server listens on this base: an HTTP round trip would fail.
	env := zgw.NewEnv(nil, "http://127.0.0.1:1", nil)
	err := env.Resolve(context.Background(), "communicatiekanaal", "http://127.0.0.1:1/referentielijsten/api/v1/communicatiekanalen/1",
		"een communicatiekanaal", zgw.FetchOptions{Local: local, Authorization: "Bearer eigen"}, []string{"naam"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if hits.Load() != 1 {
		t.Fatalf("local handler served %d requests", hits.Load())
	}
}

func TestGuardedClientRefusesLinkLocalDial(t *testing.T) {
	c := zgw.GuardedClient(zgw.FetchTimeout)
	_, err := c.Get("http://169.254.169.254/latest/meta-data/")
	if !errors.Is(err, zgw.ErrForbiddenAddress) {
		t.Fatalf("want ErrForbiddenAddress, got %v", err)
	}
	ok := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(204) }))
	defer ok.Close()
	resp, err := c.Get(ok.URL)
	if err != nil {
		t.Fatalf("loopback must stay allowed: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != 204 {
		t.Fatalf("status %d", resp.StatusCode)
	}
}

func TestCheckOutboundURL(t *testing.T) {
	for u, ok := range map[string]bool{
		"https://zaken.gemeente.nl/api": true, "http://10.0.0.5/x": true, "http://127.0.0.1:8080/": true,
		"http://169.254.169.254/": false, "http://[::ffff:169.254.169.254]/": false, "http://224.0.0.1/": false,
		"file:///etc/passwd": false, "gopher://x/": false, "http://u:p@example.org/": false, "http:///x": false,
	} {
		if err := zgw.CheckOutboundURL(u); (err == nil) != ok {
			t.Errorf("%s: err %v, want ok=%v", u, err, ok)
		}
	}
}

// A remote ZGW API is fetched with Loket's own client there: a fresh ZGW
// JWT signed with that client's secret; without one it answers 403.
func TestFetchSignsForConfiguredRemotes(t *testing.T) {
	remote := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		raw, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		claims := jwt.MapClaims{}
		if _, err := jwt.ParseWithClaims(raw, claims, func(*jwt.Token) (any, error) { return []byte("gedeeld-geheim"), nil },
			jwt.WithValidMethods([]string{"HS256"}), jwt.WithIssuedAt()); !ok || err != nil || claims["client_id"] != "loket" || claims["iat"] == nil {
			w.WriteHeader(http.StatusForbidden)
			return
		}
		w.Write([]byte(`{"url":"x","zaaktype":"y"}`))
	}))
	defer remote.Close()
	env := zgw.NewEnv(nil, "http://loket.test", nil)
	u := remote.URL + "/zaken/api/v1/zaken/1"
	if code := fieldCode(t, env.Resolve(context.Background(), "object", u, "een zaak", zgw.FetchOptions{}, []string{"zaaktype"}, nil)); code != "bad-url" {
		t.Fatalf("without a client: %q", code)
	}
	remotes, err := zgw.ParseRemotes(" " + strings.ToUpper(remote.URL[:4]) + remote.URL[4:] + " loket gedeeld-geheim ; ")
	if err != nil {
		t.Fatal(err)
	}
	env.Remotes = remotes
	if err := env.Resolve(context.Background(), "object", u, "een zaak", zgw.FetchOptions{}, []string{"zaaktype"}, nil); err != nil {
		t.Fatalf("with Loket's client: %v", err)
	}
	for _, bad := range []string{"https://x.nl loket", "ftp://x.nl a zeergeheim", "https://x.nl/pad a zeergeheim"} {
		if _, err := zgw.ParseRemotes(bad); err == nil || strings.Contains(err.Error(), "zeergeheim") {
			t.Errorf("%q: %v", bad, err)
		}
	}
}
