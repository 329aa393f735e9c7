package nrcapi_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/db/dbtest"
	"github.com/gemeenten/loket/internal/jobs"
	"github.com/gemeenten/loket/internal/notificaties"
	"github.com/gemeenten/loket/internal/notificaties/nrcapi"
	"github.com/gemeenten/loket/internal/zgw"
	"github.com/gemeenten/loket/internal/zgw/zgwtest"
)

var spec = zgwtest.Spec("notificaties-1.0.0.yaml")

type env struct {
	srv *zgwtest.Server
	s   *notificaties.Service
	q   *jobs.Queue
}

func setup(t *testing.T, d *db.DB) *env {
	t.Helper()
	q, err := jobs.New(d, nil, jobs.Config{PollInterval: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	e := &env{q: q}
	e.srv = zgwtest.NewServer(t, d, func(env *zgw.Env, mux *http.ServeMux) {
		e.s = notificaties.New(d, env.Base, q)
		e.s.Backoff = func(int) time.Duration { return 0 }
		env.Mount(mux, nrcapi.Prefix, zgw.NRC, nrcapi.Version, nrcapi.Handler(env, e.s))
	})
	return e
}

func (e *env) client(t *testing.T, scopes ...string) *zgwtest.Client {
	if len(scopes) == 0 {
		return e.srv.NewClient(t, spec, nrcapi.Prefix, false)
	}
	return e.srv.NewClient(t, spec, nrcapi.Prefix, false, zgw.Autorisatie{Component: zgw.NRC, Scopes: scopes})
}

func TestKanalen(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := setup(t, d)
		pub := e.client(t, "notificaties.publiceren")
		var list []map[string]any
		pub.Get("/kanaal").Want(200).Decode(&list)
		if len(list) < 6 {
			t.Fatalf("default kanalen = %d, want at least 6", len(list))
		}
		var one []map[string]any
		pub.Get("/kanaal?naam=zaken").Want(200).Decode(&one)
		if len(one) != 1 || one[0]["naam"] != "zaken" {
			t.Fatalf("?naam=zaken = %v", one)
		}
		pub.Get(one[0]["url"].(string)).Want(200)
		pub.Get("/kanaal?kleur=rood").WantProblem(400, "invalid")
		pub.Get("/kanaal/00000000-0000-0000-0000-000000000000").WantProblem(404, "not_found")

		created := pub.Post("/kanaal", map[string]any{"naam": "objecten", "documentatieLink": "https://example.nl/objecten",
			"filters": []string{"object_type"}}).Want(201)
		if created.Header.Get("Location") != created.JSON()["url"] {
			t.Errorf("Location %q, url %v", created.Header.Get("Location"), created.JSON()["url"])
		}
		pub.Post("/kanaal", map[string]any{"naam": "objecten"}).WantProblem(400, "invalid", "naam")
		pub.Post("/kanaal", map[string]any{"documentatieLink": "https://x.nl"}).WantProblem(400, "invalid", "naam")

		// Consumers read kanalen but do not register them.
		con := e.client(t, "notificaties.consumeren")
		con.Get("/kanaal").Want(200)
		con.Post("/kanaal", map[string]any{"naam": "nog-een"}).WantProblem(403, "permission_denied")
		// A client without notificaties scopes gets nothing.
		e.client(t).Get("/kanaal").WantProblem(403, "permission_denied")
	})
}

func TestAbonnementen(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := setup(t, d)
		con := e.client(t, "notificaties.consumeren")
		body := map[string]any{
			"callbackUrl": "https://ontvanger.example.nl/api/v1/callback",
			"auth":        "Bearer abc123",
			"kanalen":     []map[string]any{{"naam": "zaken", "filters": map[string]string{"bronorganisatie": "002220647"}}},
		}
		r := con.Post("/abonnement", body).Want(201)
		url := r.JSON()["url"].(string)
		var got map[string]any
		con.Get(url).Want(200).Decode(&got)
		if got["callbackUrl"] != body["callbackUrl"] || got["auth"] != "Bearer abc123" {
			t.Errorf("read = %v", got)
		}
		var list []map[string]any
		con.Get("/abonnement").Want(200).Decode(&list)
		if len(list) != 1 {
			t.Errorf("list = %v", list)
		}
		// Another consumer does not see nor change it.
		other := e.client(t, "notificaties.consumeren")
		other.Get("/abonnement").Want(200).Decode(&list)
		if len(list) != 0 {
			t.Errorf("other client sees %v", list)
		}
		other.Get(url).WantProblem(404, "not_found")
		other.Delete(url).WantProblem(404, "not_found")

		con.Patch(url, map[string]any{"auth": "Bearer def456"}).Want(200)
		con.Put(url, map[string]any{"callbackUrl": "https://ontvanger.example.nl/nieuw"}).WantProblem(400, "invalid", "auth", "kanalen")
		p := con.Put(url, map[string]any{"callbackUrl": "https://ontvanger.example.nl/nieuw", "auth": "Bearer x",
			"kanalen": []map[string]any{{"naam": "documenten"}}}).Want(200).JSON()
		if p["callbackUrl"] != "https://ontvanger.example.nl/nieuw" {
			t.Errorf("after PUT: %v", p)
		}
		con.Post("/abonnement", map[string]any{"callbackUrl": "geen-url", "auth": "x",
			"kanalen": []map[string]any{{"naam": "bestaat-niet"}, {"naam": "zaken", "filters": map[string]string{"kleur": "rood"}}}}).
			WantProblem(400, "invalid", "callbackUrl", "kanalen.0.naam", "kanalen.1.filters.kleur")
		// The outbound rule: no cloud metadata service, link-local or
		// multicast address, no credentials in the URL; nothing is stored.
		for _, cb := range []string{"http://169.254.169.254/latest/meta-data/", "http://[fe80::1]/callback",
			"http://224.0.0.1/callback", "https://gebruiker:geheim@ontvanger.example.nl/callback"} {
			p := con.Post("/abonnement", map[string]any{"callbackUrl": cb, "auth": "x", "kanalen": []map[string]any{{"naam": "zaken"}}}).
				WantProblem(400, "invalid", "callbackUrl")
			if !p.HasInvalidParam("callbackUrl", "bad-url") {
				t.Errorf("%s: %+v", cb, p)
			}
			con.Patch(url, map[string]any{"callbackUrl": cb}).WantProblem(400, "invalid", "callbackUrl")
		}
		con.Get("/abonnement").Want(200).Decode(&list)
		if len(list) != 1 || list[0]["callbackUrl"] != "https://ontvanger.example.nl/nieuw" {
			t.Errorf("after refused callbacks: %v", list)
		}
		// Publishers may not subscribe.
		e.client(t, "notificaties.publiceren").Post("/abonnement", body).WantProblem(403, "permission_denied")
		con.Delete(url).Want(204)
		con.Get(url).WantProblem(404, "not_found")
	})
}

// A producer's message goes to the subscriber that an API client registered.
func TestPublish(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := setup(t, d)
		got := make(chan string, 10)
		sub := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			b, _ := io.ReadAll(r.Body)
			got <- r.Header.Get("Authorization") + " " + string(b)
			w.WriteHeader(http.StatusNoContent)
		}))
		defer sub.Close()
		e.s.Register(e.q)
		if err := e.q.Start(context.Background()); err != nil {
			t.Fatal(err)
		}
		defer func() {
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			e.q.Stop(ctx)
		}()
		con := e.client(t, "notificaties.consumeren")
		con.Post("/abonnement", map[string]any{"callbackUrl": sub.URL, "auth": "Token t",
			"kanalen": []map[string]any{{"naam": "besluiten", "filters": map[string]string{"besluittype": "*"}}}}).Want(201)

		pub := e.client(t, "notificaties.publiceren")
		msg := map[string]any{
			"kanaal": "besluiten", "hoofdObject": "https://brc.example.nl/besluiten/api/v1/besluiten/1",
			"resource": "besluit", "resourceUrl": "https://brc.example.nl/besluiten/api/v1/besluiten/1",
			"actie": "create", "aanmaakdatum": "2026-03-02T10:00:00Z",
			"kenmerken": map[string]string{"besluittype": "https://ztc.example.nl/besluittypen/9", "verantwoordelijkeOrganisatie": "002220647"},
		}
		pub.Post("/notificaties", msg).Want(200)
		want := `Token t {"kanaal":"besluiten","hoofdObject":"https://brc.example.nl/besluiten/api/v1/besluiten/1","resource":"besluit",` +
			`"resourceUrl":"https://brc.example.nl/besluiten/api/v1/besluiten/1","actie":"create","aanmaakdatum":"2026-03-02T10:00:00Z",` +
			`"kenmerken":{"besluittype":"https://ztc.example.nl/besluittypen/9","verantwoordelijkeOrganisatie":"002220647"}}`
		select {
		case g := <-got:
			if g != want {
				t.Errorf("subscriber got\n%s\nwant\n%s", g, want)
			}
		case <-time.After(90 * time.Second):
			t.Fatal("subscriber received nothing")
		}

		// The 1.0.0 file lists only 200 for POST /notificaties; the errors
		// are the standard's problem+json all the same, checked here by hand.
		pub.SkipValidation, con.SkipValidation = true, true
		bad := map[string]any{"kanaal": "bestaat-niet", "hoofdObject": "x", "resource": "", "resourceUrl": "https://a.nl/1",
			"actie": "create", "aanmaakdatum": "gisteren"}
		pub.Post("/notificaties", bad).WantProblem(400, "invalid", "aanmaakdatum")
		bad["aanmaakdatum"] = "2026-03-02T10:00:00Z"
		pub.Post("/notificaties", bad).WantProblem(400, "invalid", "hoofdObject", "resource")
		msg["kanaal"] = "bestaat-niet"
		pub.Post("/notificaties", msg).WantProblem(400, "invalid", "kanaal")
		msg["kanaal"] = "besluiten"
		msg["kenmerken"] = map[string]string{"kleur": "rood"}
		pub.Post("/notificaties", msg).WantProblem(400, "invalid", "kenmerken")
		con.Post("/notificaties", msg).WantProblem(403, "permission_denied")
	})
}
