package zgw_test

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/gemeenten/loket/internal/audit"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/db/dbtest"
	"github.com/gemeenten/loket/internal/zgw"
	"github.com/gemeenten/loket/internal/zgw/zgwtest"
)

// whoami answers the authenticated client and actor, or panics on /panic.
func whoami(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/panic" {
		panic("boom")
	}
	c := zgw.ClientFrom(r.Context())
	a := audit.ActorFrom(r.Context())
	zgw.WriteJSON(w, r, http.StatusOK, map[string]any{
		"clientId": c.ID, "kind": a.Kind, "userId": a.UserID, "userName": a.UserName,
		"alle": c.HeeftAlleAutorisaties, "toelichting": zgw.Toelichting(r.Context()),
	})
}

func testServer(t *testing.T, d *db.DB) *zgwtest.Server {
	return zgwtest.NewServer(t, d, func(env *zgw.Env, mux *http.ServeMux) {
		env.Mount(mux, "/test/api/v1", zgw.ZRC, "9.9.9", http.HandlerFunc(whoami))
	})
}

func TestJWTAuthentication(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		srv := testServer(t, d)
		id, secret := srv.Register(t, true)
		c := srv.Client(t, "", "/test/api/v1", id, secret)

		var me map[string]any
		ok := c.Get("/x", "X-Audit-Toelichting", "omdat het moet").Want(http.StatusOK)
		ok.Decode(&me)
		if me["clientId"] != id || me["kind"] != "applicatie" || me["userId"] != "test-gebruiker" ||
			me["userName"] != "Test Gebruiker" || me["alle"] != true || me["toelichting"] != "omdat het moet" {
			t.Errorf("whoami: %v", me)
		}
		if ok.Header.Get("API-version") != "9.9.9" {
			t.Errorf("API-version %q", ok.Header.Get("API-version"))
		}

		now := time.Now()
		sign := func(method jwt.SigningMethod, key any, claims jwt.MapClaims) string {
			s, err := jwt.NewWithClaims(method, claims).SignedString(key)
			if err != nil {
				t.Fatal(err)
			}
			return "Bearer " + s
		}
		base := func() jwt.MapClaims { return jwt.MapClaims{"iss": id, "client_id": id, "iat": now.Unix()} }
		without := func(k string) jwt.MapClaims { m := base(); delete(m, k); return m }
		with := func(k string, v any) jwt.MapClaims { m := base(); m[k] = v; return m }
		none := sign(jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, base())
		cases := []struct {
			name, header, code string
		}{
			{"no header", "-", "not_authenticated"},
			{"not bearer", "Token abc", "not_authenticated"},
			{"garbage", "Bearer abc.def", "jwt-decode-error"},
			{"alg none", none, "jwt-decode-error"},
			{"HS512", sign(jwt.SigningMethodHS512, []byte(secret), base()), "jwt-decode-error"},
			{"missing client_id", sign(jwt.SigningMethodHS256, []byte(secret), without("client_id")), "missing-client-identifier"},
			{"unknown client", sign(jwt.SigningMethodHS256, []byte(secret), with("client_id", "onbekend")), "invalid-client-identifier"},
			{"bad signature", sign(jwt.SigningMethodHS256, []byte("ander-geheim"), base()), "invalid-jwt-signature"},
			{"missing iat", sign(jwt.SigningMethodHS256, []byte(secret), without("iat")), "jwt-missing-iat-claim"},
			{"expired iat", sign(jwt.SigningMethodHS256, []byte(secret), with("iat", now.Add(-61*time.Minute).Unix())), "jwt-expired"},
			{"expired exp", sign(jwt.SigningMethodHS256, []byte(secret), with("exp", now.Add(-time.Second).Unix())), "jwt-expired"},
			{"future iat", sign(jwt.SigningMethodHS256, []byte(secret), with("iat", now.Add(time.Hour).Unix())), "jwt-immaturesignatureerror"},
		}
		for _, tc := range cases {
			c.Token = tc.header
			p := c.Get("/x").WantProblem(http.StatusForbidden, tc.code)
			if p.Status != 403 || p.Title == "" || p.Detail == "" || p.Instance == "" || p.Type == "" {
				t.Errorf("%s: problem %+v", tc.name, p)
			}
		}
		// Small clock differences are tolerated.
		c.Token = sign(jwt.SigningMethodHS256, []byte(secret), with("iat", now.Add(30*time.Second).Unix()))
		c.Get("/x").Want(http.StatusOK)
		c.Token = sign(jwt.SigningMethodHS256, []byte(secret), with("iat", now.Add(-59*time.Minute).Unix()))
		c.Get("/x").Want(http.StatusOK)

		// A deleted client is refused on its next request.
		c.Token = ""
		if err := srv.Store.DeleteClient(context.Background(), id); err != nil {
			t.Fatal(err)
		}
		c.Get("/x").WantProblem(http.StatusForbidden, "invalid-client-identifier")
	})
}

// The example of Open Zaak's documentation verifies.
func TestKnownAnswerToken(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		store := &zgw.Store{DB: d}
		if err := store.CreateClient(context.Background(), "docs", "example-secret", ""); err != nil {
			t.Fatal(err)
		}
		a := zgw.NewAuthorizer(d, func() time.Time { return time.Unix(1602857301+60, 0) }, nil)
		const tok = "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJkb2NzIiwiaWF0IjoxNjAyODU3MzAxLCJjbGllbnRfaWQiOiJkb2NzIiwidXNlcl9pZCI6ImRvY3NAZXhhbXBsZS5jb20iLCJ1c2VyX3JlcHJlc2VudGF0aW9uIjoiRG9jdW1lbnRhdGlvbiBFeGFtcGxlIn0.DZu7E780xG4zqRiT8ZhrBeMudz45301wNVDT0ra-Iyw"
		c, err := a.Authenticate(context.Background(), "Bearer "+tok)
		if err != nil {
			t.Fatal(err)
		}
		if c.ID != "docs" || c.UserID != "docs@example.com" || c.UserRepresentation != "Documentation Example" {
			t.Errorf("client %+v", c)
		}
		// Without an Applicatie the client may do nothing.
		if c.HasScope(zgw.ZRC, "zaken.lezen") || c.Allows(zgw.ZTC, "catalogi.lezen", "", "") {
			t.Error("client without applicatie has rights")
		}
		a.Now = func() time.Time { return time.Unix(1602857301+3600, 0) }
		if _, err := a.Authenticate(context.Background(), "Bearer "+tok); err == nil {
			t.Error("token accepted an hour after iat")
		}
	})
}

func TestWrapChecksCrsAndRecoversPanics(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		srv := testServer(t, d)
		c := srv.NewClient(t, "", "/test/api/v1", true)
		c.Get("/x", "Accept-Crs", "EPSG:28992").WantProblem(http.StatusNotAcceptable, "not_acceptable")
		c.Get("/x", "Content-Crs", "EPSG:28992").WantProblem(http.StatusNotAcceptable, "not_acceptable")
		if r := c.Get("/x", "Accept-Crs", "EPSG:4326").Want(http.StatusOK); r.Header.Get("Content-Crs") != "EPSG:4326" {
			t.Errorf("Content-Crs %q", r.Header.Get("Content-Crs"))
		}
		p := c.Get("/panic").WantProblem(http.StatusInternalServerError, "error")
		if p.Detail == "boom" {
			t.Error("panic value shown to the client")
		}
	})
}

func TestAuthorisationDecisions(t *testing.T) {
	const (
		typeA = "http://loket.test/catalogi/api/v1/zaaktypen/aaaaaaaa-0000-4000-8000-000000000001"
		typeB = "http://loket.test/catalogi/api/v1/zaaktypen/bbbbbbbb-0000-4000-8000-000000000002"
		iotA  = "http://loket.test/catalogi/api/v1/informatieobjecttypen/aaaaaaaa-0000-4000-8000-000000000003"
		btA   = "http://loket.test/catalogi/api/v1/besluittypen/aaaaaaaa-0000-4000-8000-000000000004"
	)
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		store := &zgw.Store{DB: d}
		auth := zgw.NewAuthorizer(d, nil, nil)
		for _, id := range []string{"beperkt", "alles", "niets"} {
			if err := store.CreateClient(ctx, id, "geheim-secret-"+id, ""); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := store.Grant(ctx, "beperkt", false, []zgw.Autorisatie{
			{Component: zgw.ZRC, Scopes: []string{"zaken.lezen"}, Zaaktype: typeA, MaxVertrouwelijkheid: "zaakvertrouwelijk"},
			{Component: zgw.ZRC, Scopes: []string{"zaken.lezen", "zaken.bijwerken"}, Zaaktype: typeB, MaxVertrouwelijkheid: "openbaar"},
			{Component: zgw.DRC, Scopes: []string{"documenten.aanmaken"}, Informatieobjecttype: iotA, MaxVertrouwelijkheid: "geheim"},
			{Component: zgw.BRC, Scopes: []string{"besluiten.lezen"}, Besluittype: btA},
			{Component: zgw.NRC, Scopes: []string{"notificaties.consumeren"}},
		}); err != nil {
			t.Fatal(err)
		}
		if _, err := store.Grant(ctx, "alles", true, nil); err != nil {
			t.Fatal(err)
		}
		load := func(id string) *zgw.Client {
			c, err := auth.LoadClient(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			return c
		}
		b, all, none := load("beperkt"), load("alles"), load("niets")
		var nilClient *zgw.Client
		checks := []struct {
			name string
			got  bool
			want bool
		}{
			{"scope on a type", b.HasScope(zgw.ZRC, "zaken.lezen"), true},
			{"scope on some type", b.HasScope(zgw.ZRC, "zaken.bijwerken"), true},
			{"scope not granted", b.HasScope(zgw.ZRC, "zaken.verwijderen"), false},
			{"scope of other component", b.HasScope(zgw.DRC, "zaken.lezen"), false},
			{"ztc-014 zaken.lezen reads catalogi", b.HasScope(zgw.ZTC, "catalogi.lezen"), true},
			{"no catalogi.schrijven", b.HasScope(zgw.ZTC, "catalogi.schrijven"), false},
			{"type A at ceiling", b.Allows(zgw.ZRC, "zaken.lezen", typeA, "zaakvertrouwelijk"), true},
			{"type A below ceiling", b.Allows(zgw.ZRC, "zaken.lezen", typeA, "openbaar"), true},
			{"type A above ceiling", b.Allows(zgw.ZRC, "zaken.lezen", typeA, "vertrouwelijk"), false},
			{"type A trailing slash", b.Allows(zgw.ZRC, "zaken.lezen", typeA+"/", "intern"), true},
			{"type A scope of type B only", b.Allows(zgw.ZRC, "zaken.bijwerken", typeA, "openbaar"), false},
			{"type B bijwerken openbaar", b.Allows(zgw.ZRC, "zaken.bijwerken", typeB, "openbaar"), true},
			{"type B above its own ceiling", b.Allows(zgw.ZRC, "zaken.lezen", typeB, "intern"), false},
			{"unknown type", b.Allows(zgw.ZRC, "zaken.lezen", "http://elders/zaaktypen/x", "openbaar"), false},
			{"unknown vertrouwelijkheid", b.Allows(zgw.ZRC, "zaken.lezen", typeA, "supergeheim"), false},
			{"drc type and ceiling", b.Allows(zgw.DRC, "documenten.aanmaken", iotA, "geheim"), true},
			{"drc above ceiling", b.Allows(zgw.DRC, "documenten.aanmaken", iotA, "zeer_geheim"), false},
			{"brc has no ceiling", b.Allows(zgw.BRC, "besluiten.lezen", btA, "zeer_geheim"), true},
			{"brc other type", b.Allows(zgw.BRC, "besluiten.lezen", typeA, ""), false},
			{"nrc scope", b.Allows(zgw.NRC, "notificaties.consumeren", "", ""), true},
			{"nrc other scope", b.Allows(zgw.NRC, "notificaties.publiceren", "", ""), false},
			{"heeftAlleAutorisaties", all.Allows(zgw.ZRC, "zaken.verwijderen", typeA, "zeer_geheim"), true},
			{"heeftAlleAutorisaties scope", all.HasScope(zgw.AC, "autorisaties.bijwerken"), true},
			{"no applicatie", none.HasScope(zgw.ZRC, "zaken.lezen"), false},
			{"nil client", nilClient.Allows(zgw.ZRC, "zaken.lezen", typeA, "openbaar"), false},
		}
		for _, c := range checks {
			if c.got != c.want {
				t.Errorf("%s: got %v, want %v", c.name, c.got, c.want)
			}
		}

		isAll, grants := b.Grants(zgw.ZRC, "zaken.lezen")
		wantGrants := []zgw.Grant{{typeA, "zaakvertrouwelijk"}, {typeB, "openbaar"}}
		if isAll || len(grants) != 2 || grants[0] != wantGrants[0] || grants[1] != wantGrants[1] {
			t.Errorf("grants zaken.lezen: %v %v", isAll, grants)
		}
		if isAll, grants := b.Grants(zgw.ZRC, "zaken.verwijderen"); isAll || len(grants) != 0 {
			t.Errorf("grants zaken.verwijderen: %v %v", isAll, grants)
		}
		if isAll, grants := b.Grants(zgw.BRC, "besluiten.lezen"); isAll || len(grants) != 1 || grants[0] != (zgw.Grant{TypeURL: btA}) {
			t.Errorf("grants besluiten.lezen: %v %v", isAll, grants)
		}
		if isAll, _ := b.Grants(zgw.NRC, "notificaties.consumeren"); !isAll {
			t.Error("untyped component with the scope: want all")
		}
		if isAll, _ := all.Grants(zgw.DRC, "documenten.lezen"); !isAll {
			t.Error("heeftAlleAutorisaties: want all")
		}
		if isAll, grants := none.Grants(zgw.ZRC, "zaken.lezen"); isAll || grants != nil {
			t.Errorf("no applicatie: %v %v", isAll, grants)
		}

		// Revoking takes effect on the next load.
		if err := store.Revoke(ctx, "beperkt", 0); err != nil {
			t.Fatal(err)
		}
		if load("beperkt").Allows(zgw.ZRC, "zaken.lezen", typeA, "openbaar") {
			t.Error("revoked grant still allows")
		}
		if err := store.Revoke(ctx, "alles", -1); err != nil {
			t.Fatal(err)
		}
		if load("alles").HasScope(zgw.ZRC, "zaken.lezen") {
			t.Error("revoked heeftAlleAutorisaties still allows")
		}
	})
}

func TestVertrouwelijkheidOrder(t *testing.T) {
	order := []string{"openbaar", "beperkt_openbaar", "intern", "zaakvertrouwelijk", "vertrouwelijk", "confidentieel", "geheim", "zeer_geheim"}
	for i, v := range order {
		if got := zgw.VertrouwelijkheidRank(v); got != i {
			t.Errorf("%s: rank %d, want %d", v, got, i)
		}
	}
	if zgw.VertrouwelijkheidRank("") != -1 || zgw.VertrouwelijkheidRank("Geheim") != -1 {
		t.Error("unknown value has a rank")
	}
}

func TestClientStoreValidation(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		store := &zgw.Store{DB: d}
		for _, tc := range []struct{ id, secret string }{
			{"", "lang-genoeg-geheim"}, {"met spatie", "lang-genoeg-geheim"}, {"kort", "kort"},
			{string(make([]byte, 51)), "lang-genoeg-geheim"},
		} {
			if err := store.CreateClient(ctx, tc.id, tc.secret, ""); err == nil {
				t.Errorf("CreateClient(%q, %q) accepted", tc.id, tc.secret)
			}
		}
		if err := store.CreateClient(ctx, "app", "lang-genoeg-geheim", "App"); err != nil {
			t.Fatal(err)
		}
		if err := store.CreateClient(ctx, "app", "ander-lang-geheim", "App"); err == nil {
			t.Error("duplicate client id accepted")
		}
		list, err := store.ListClients(ctx)
		if err != nil || len(list) != 1 || list[0].ClientID != "app" || list[0].ApplicatieID != "" {
			t.Fatalf("list %+v %v", list, err)
		}
		// The secret never reaches the audit trail.
		rows, err := audit.ForResource(ctx, d.R, "apiclient", "app")
		if err != nil || len(rows) != 1 {
			t.Fatalf("audit %v %v", rows, err)
		}
		b, _ := json.Marshal(rows)
		if json.Valid(b) && containsSecret(string(b), "lang-genoeg-geheim") {
			t.Error("secret in audit trail")
		}
		if err := store.DeleteClient(ctx, "app"); err != nil {
			t.Fatal(err)
		}
		if err := store.DeleteClient(ctx, "app"); err == nil {
			t.Error("deleting a deleted client succeeded")
		}
	})
}

func containsSecret(s, secret string) bool {
	for i := 0; i+len(secret) <= len(s); i++ {
		if s[i:i+len(secret)] == secret {
			return true
		}
	}
	return false
}
