package autorisaties_test

import (
	"context"
	"database/sql"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/gemeenten/loket/internal/audit"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/db/dbtest"
	"github.com/gemeenten/loket/internal/event"
	"github.com/gemeenten/loket/internal/zgw"
	"github.com/gemeenten/loket/internal/zgw/autorisaties"
	"github.com/gemeenten/loket/internal/zgw/zgwtest"
)

type recorder struct {
	mu      sync.Mutex
	changes []event.Change
}

func (r *recorder) Emit(_ context.Context, _ *sql.Tx, c event.Change) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.changes = append(r.changes, c)
	return nil
}

func (r *recorder) actions() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for _, c := range r.changes {
		if c.Kanaal != "autorisaties" || c.Resource != "applicatie" || c.HoofdObject != "applicatie" || c.ResourceID != c.HoofdObjectID {
			out = append(out, "bad:"+c.Kanaal+"/"+c.Resource)
			continue
		}
		out = append(out, c.Actie)
	}
	return out
}

func setup(t *testing.T, d *db.DB) (*zgwtest.Server, *recorder) {
	rec := &recorder{}
	srv := zgwtest.NewServer(t, d, func(env *zgw.Env, mux *http.ServeMux) {
		store := &zgw.Store{DB: d, Events: rec}
		env.Mount(mux, autorisaties.Prefix, zgw.AC, autorisaties.Version, autorisaties.Handler(env, store))
	})
	return srv, rec
}

var spec = zgwtest.Spec("autorisaties-1.0.0.yaml")

const zaaktype = "http://example.org/catalogi/api/v1/zaaktypen/6a2c0b10-4a43-4c83-9e34-0e2e2cb1d4a1"

func admin(t *testing.T, srv *zgwtest.Server) *zgwtest.Client {
	return srv.NewClient(t, spec, autorisaties.Prefix, false,
		zgw.Autorisatie{Component: zgw.AC, Scopes: []string{"autorisaties.lezen", "autorisaties.bijwerken"}})
}

func TestApplicatieCRUD(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		srv, rec := setup(t, d)
		c := admin(t, srv)

		res := c.Post("/applicaties", map[string]any{
			"clientIds": []string{"zac-zrc", "zac-ztc"},
			"label":     "Zaakafhandelcomponent",
			"autorisaties": []map[string]any{
				{"component": "zrc", "scopes": []string{"zaken.lezen", "zaken.aanmaken"}, "zaaktype": zaaktype, "maxVertrouwelijkheidaanduiding": "zaakvertrouwelijk"},
				{"component": "ztc", "scopes": []string{"catalogi.lezen"}},
			},
		}).Want(http.StatusCreated)
		var created struct {
			URL          string   `json:"url"`
			ClientIDs    []string `json:"clientIds"`
			Autorisaties []struct {
				Component, ComponentWeergave, Zaaktype, MaxVertrouwelijkheidaanduiding string
				Scopes                                                                 []string
			} `json:"autorisaties"`
		}
		res.Decode(&created)
		if !strings.HasPrefix(created.URL, srv.URL+"/autorisaties/api/v1/applicaties/") {
			t.Fatalf("url %q", created.URL)
		}
		if len(created.ClientIDs) != 2 || len(created.Autorisaties) != 2 || created.Autorisaties[0].Zaaktype != zaaktype ||
			created.Autorisaties[0].ComponentWeergave != "Zaakregistratiecomponent" {
			t.Fatalf("created %+v", created)
		}
		id := created.URL[strings.LastIndex(created.URL, "/")+1:]

		// The list carries each applicatie's own client ids and autorisaties.
		var all struct {
			Count   int `json:"count"`
			Results []struct {
				URL          string   `json:"url"`
				ClientIDs    []string `json:"clientIds"`
				Autorisaties []struct {
					Component string `json:"component"`
				} `json:"autorisaties"`
			} `json:"results"`
		}
		c.Get("/applicaties").Want(http.StatusOK).Decode(&all)
		if all.Count != 2 || len(all.Results) != 2 {
			t.Fatalf("list: %+v", all)
		}
		for _, r := range all.Results {
			switch {
			case r.URL == created.URL:
				if len(r.ClientIDs) != 2 || r.ClientIDs[0] != "zac-zrc" || len(r.Autorisaties) != 2 || r.Autorisaties[1].Component != "ztc" {
					t.Errorf("created in list: %+v", r)
				}
			case len(r.ClientIDs) != 1 || r.ClientIDs[0] != c.ClientID || len(r.Autorisaties) != 1 || r.Autorisaties[0].Component != "ac":
				t.Errorf("admin in list: %+v", r)
			}
		}

		got := c.Get("/applicaties/" + id).Want(http.StatusOK)
		etag := got.Header.Get("ETag")
		if etag == "" {
			t.Error("no ETag on detail")
		}
		if r := c.Get("/applicaties/"+id, "If-None-Match", etag); r.Status != http.StatusNotModified || len(r.Body) != 0 {
			t.Errorf("If-None-Match: %d %q", r.Status, r.Body)
		}
		if r := c.Head("/applicaties/" + id).Want(http.StatusOK); len(r.Body) != 0 || r.Header.Get("ETag") != etag {
			t.Errorf("HEAD: body %q etag %q", r.Body, r.Header.Get("ETag"))
		}
		if v := got.Header.Get("API-version"); v != "1.0.0" {
			t.Errorf("API-version %q", v)
		}

		// Filter by client id; unknown parameter is 400.
		var page zgw.Page
		c.Get("/applicaties?clientIds=zac-ztc,nobody").Want(http.StatusOK).Decode(&page)
		if page.Count != 1 {
			t.Errorf("clientIds filter: count %d", page.Count)
		}
		c.Get("/applicaties?clientIds=nobody").Want(http.StatusOK).Decode(&page)
		if page.Count != 0 {
			t.Errorf("clientIds=nobody: count %d", page.Count)
		}
		c.Get("/applicaties?clientId=x").WantProblem(http.StatusBadRequest, "invalid", "nonFieldErrors")
		c.Get("/applicaties?page=0").WantProblem(http.StatusBadRequest, "invalid", "page")
		// Past the last page is 404 as in the reference implementation, a
		// status the 1.0.0 file does not list for the collection.
		c.SkipValidation = true
		c.Get("/applicaties?page=5").WantProblem(http.StatusNotFound, "not_found")
		c.SkipValidation = false

		// consumer
		var cons []map[string]any
		c.Get("/applicaties/consumer?clientId=zac-zrc").Want(http.StatusOK).Decode(&cons)
		if len(cons) != 1 || cons[0]["url"] != created.URL {
			t.Errorf("consumer: %v", cons)
		}
		c.Get("/applicaties/consumer?clientId=onbekend").WantProblem(http.StatusNotFound, "not_found")

		// PATCH keeps what is not sent.
		c.Patch("/applicaties/"+id, map[string]any{"label": "ZAC"}).Want(http.StatusOK).Decode(&created)
		if len(created.Autorisaties) != 2 {
			t.Errorf("patch lost autorisaties: %+v", created)
		}
		// PUT replaces.
		c.Put("/applicaties/"+id, map[string]any{"clientIds": []string{"zac-zrc"}, "label": "ZAC", "heeftAlleAutorisaties": true}).
			Want(http.StatusOK).Decode(&created)
		if len(created.Autorisaties) != 0 || len(created.ClientIDs) != 1 {
			t.Errorf("put: %+v", created)
		}
		// zac-ztc is free again.
		c.Post("/applicaties", map[string]any{"clientIds": []string{"zac-ztc"}, "label": "ander", "heeftAlleAutorisaties": true}).Want(http.StatusCreated)

		c.Delete("/applicaties/" + id).Want(http.StatusNoContent)
		c.Get("/applicaties/"+id).WantProblem(http.StatusNotFound, "not_found")
		c.Delete("/applicaties/"+id).WantProblem(http.StatusNotFound, "not_found")
		c.Get("/applicaties/niet-een-uuid").WantProblem(http.StatusNotFound, "not_found")

		want := []string{"create", "partial_update", "update", "create", "destroy"}
		if got := rec.actions(); strings.Join(got, ",") != strings.Join(want, ",") {
			t.Errorf("events %v, want %v", got, want)
		}
	})
}

func TestApplicatieValidation(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		srv, rec := setup(t, d)
		c := admin(t, srv)
		zrc := func(extra map[string]any) map[string]any {
			m := map[string]any{"component": "zrc", "scopes": []string{"zaken.lezen"}}
			for k, v := range extra {
				m[k] = v
			}
			return m
		}
		cases := []struct {
			name      string
			body      any
			param     string
			code      string
			wantCode  string
			wantState int
		}{
			{"ac-002 both", map[string]any{"clientIds": []string{"a"}, "label": "x", "heeftAlleAutorisaties": true,
				"autorisaties": []any{map[string]any{"component": "ztc", "scopes": []string{"catalogi.lezen"}}}},
				"nonFieldErrors", "ambiguous-authorizations-specified", "invalid", 400},
			{"ac-002 none", map[string]any{"clientIds": []string{"a"}, "label": "x", "heeftAlleAutorisaties": false},
				"nonFieldErrors", "missing-authorizations", "invalid", 400},
			{"ac-003 zaaktype", map[string]any{"clientIds": []string{"a"}, "label": "x",
				"autorisaties": []any{zrc(map[string]any{"maxVertrouwelijkheidaanduiding": "openbaar"})}},
				"autorisaties.0.zaaktype", "required", "invalid", 400},
			{"ac-003 max", map[string]any{"clientIds": []string{"a"}, "label": "x",
				"autorisaties": []any{zrc(map[string]any{"zaaktype": zaaktype})}},
				"autorisaties.0.maxVertrouwelijkheidaanduiding", "required", "invalid", 400},
			{"ac-003 drc", map[string]any{"clientIds": []string{"a"}, "label": "x",
				"autorisaties": []any{map[string]any{"component": "drc", "scopes": []string{"documenten.lezen"}, "maxVertrouwelijkheidaanduiding": "geheim"}}},
				"autorisaties.0.informatieobjecttype", "required", "invalid", 400},
			{"ac-003 brc", map[string]any{"clientIds": []string{"a"}, "label": "x",
				"autorisaties": []any{map[string]any{"component": "brc", "scopes": []string{"besluiten.lezen"}}}},
				"autorisaties.0.besluittype", "required", "invalid", 400},
			{"bad vertrouwelijkheid", map[string]any{"clientIds": []string{"a"}, "label": "x",
				"autorisaties": []any{zrc(map[string]any{"zaaktype": zaaktype, "maxVertrouwelijkheidaanduiding": "supergeheim"})}},
				"autorisaties.0.maxVertrouwelijkheidaanduiding", "invalid_choice", "invalid", 400},
			{"bad component", map[string]any{"clientIds": []string{"a"}, "label": "x",
				"autorisaties": []any{map[string]any{"component": "xyz", "scopes": []string{"x"}}}},
				"autorisaties.0.component", "invalid_choice", "invalid", 400},
			{"no label", map[string]any{"clientIds": []string{"a"}, "heeftAlleAutorisaties": true}, "label", "required", "invalid", 400},
			{"no client ids", map[string]any{"label": "x", "heeftAlleAutorisaties": true}, "clientIds", "required", "invalid", 400},
			{"long client id", map[string]any{"clientIds": []string{strings.Repeat("a", 51)}, "label": "x", "heeftAlleAutorisaties": true}, "clientIds", "max_length", "invalid", 400},
			{"wrong type", map[string]any{"clientIds": "a", "label": "x"}, "clientIds", "invalid", "invalid", 400},
			{"not json", []byte("{"), "nonFieldErrors", "parse_error", "parse_error", 400},
		}
		for _, tc := range cases {
			p := c.Post("/applicaties", tc.body).WantProblem(tc.wantState, tc.wantCode)
			if !p.HasInvalidParam(tc.param, tc.code) {
				t.Errorf("%s: want invalid param %s/%s, got %+v", tc.name, tc.param, tc.code, p.InvalidParams)
			}
		}
		// ac-001: a client id belongs to one applicatie.
		c.Post("/applicaties", map[string]any{"clientIds": []string{"dubbel"}, "label": "een", "heeftAlleAutorisaties": true}).Want(http.StatusCreated)
		p := c.Post("/applicaties", map[string]any{"clientIds": []string{"dubbel"}, "label": "twee", "heeftAlleAutorisaties": true}).
			WantProblem(http.StatusBadRequest, "invalid")
		if !p.HasInvalidParam("clientIds", "clientId-exists") {
			t.Errorf("ac-001: %+v", p.InvalidParams)
		}
		// Only the one successful create was announced.
		if got := rec.actions(); len(got) != 1 {
			t.Errorf("events after refused writes: %v", got)
		}
		var page zgw.Page
		c.Get("/applicaties").Want(http.StatusOK).Decode(&page)
		// the admin's own applicatie + "een"
		if page.Count != 2 {
			t.Errorf("count %d after refused writes", page.Count)
		}
	})
}

func TestScopesAreChecked(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		srv, _ := setup(t, d)
		reader := srv.NewClient(t, spec, autorisaties.Prefix, false,
			zgw.Autorisatie{Component: zgw.AC, Scopes: []string{"autorisaties.lezen"}})
		reader.Get("/applicaties").Want(http.StatusOK)
		reader.Post("/applicaties", map[string]any{"clientIds": []string{"x"}, "label": "x", "heeftAlleAutorisaties": true}).
			WantProblem(http.StatusForbidden, "permission_denied")

		// A scope of another component does not count.
		other := srv.NewClient(t, spec, autorisaties.Prefix, false,
			zgw.Autorisatie{Component: zgw.ZTC, Scopes: []string{"autorisaties.lezen"}})
		other.Get("/applicaties").WantProblem(http.StatusForbidden, "permission_denied")

		// Registered without grants: authenticates, may do nothing.
		none := srv.NewClient(t, spec, autorisaties.Prefix, false)
		none.Get("/applicaties").WantProblem(http.StatusForbidden, "permission_denied")

		all := srv.NewClient(t, spec, autorisaties.Prefix, true)
		all.Get("/applicaties").Want(http.StatusOK)

		anon := srv.NewClient(t, spec, autorisaties.Prefix, true)
		anon.Token = "-"
		anon.Get("/applicaties").WantProblem(http.StatusForbidden, "not_authenticated")
	})
}

// The Autorisaties API changes what a client may do on its very next
// request: here the client takes its own write right away.
func TestChangeTakesEffectOnNextRequest(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		srv, _ := setup(t, d)
		c := admin(t, srv)
		var list struct {
			Results []struct {
				URL string `json:"url"`
			} `json:"results"`
		}
		c.Get("/applicaties?clientIds=" + c.ClientID).Want(http.StatusOK).Decode(&list)
		if len(list.Results) != 1 {
			t.Fatalf("own applicatie: %+v", list)
		}
		own := list.Results[0].URL
		c.Patch(own, map[string]any{"autorisaties": []any{
			map[string]any{"component": "ac", "scopes": []string{"autorisaties.lezen"}}}}).Want(http.StatusOK)
		c.Get("/applicaties").Want(http.StatusOK)
		c.Patch(own, map[string]any{"label": "mag niet meer"}).WantProblem(http.StatusForbidden, "permission_denied")
	})
}

func TestUnknownPathAndMethodAreProblems(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		srv, _ := setup(t, d)
		c := admin(t, srv)
		c.SkipValidation = true
		c.Get("/bestaat-niet").WantProblem(http.StatusNotFound, "not_found")
		c.Do(http.MethodPost, "/applicaties/consumer", map[string]any{}).WantProblem(http.StatusMethodNotAllowed, "method_not_allowed")
	})
}

// Writes are in the audit trail with the client, the end user of the JWT
// and the X-Audit-Toelichting.
func TestWritesAreAudited(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		srv, _ := setup(t, d)
		c := admin(t, srv)
		c.UserID, c.UserRepresentation = "m.devries", "Marieke de Vries"
		var created struct {
			URL string `json:"url"`
		}
		c.Post("/applicaties", map[string]any{"clientIds": []string{"audit-app"}, "label": "Audit", "heeftAlleAutorisaties": true},
			"X-Audit-Toelichting", "aansluiting ZAC").Want(http.StatusCreated).Decode(&created)
		id := created.URL[strings.LastIndex(created.URL, "/")+1:]
		rows, err := audit.ForResource(context.Background(), d.R, "applicatie", id)
		if err != nil || len(rows) != 1 {
			t.Fatalf("audit rows %v %v", rows, err)
		}
		r := rows[0]
		if r.Bron != "AC" || r.Actie != "create" || r.ActorKind != "applicatie" || r.ApplicatieID != c.ClientID ||
			r.GebruikersID != "m.devries" || r.GebruikersWeergave != "Marieke de Vries" || r.Toelichting != "aansluiting ZAC" ||
			r.ResourceURL != created.URL || len(r.Nieuw) == 0 {
			t.Errorf("audit row %+v", r)
		}
	})
}

// A refused update changes nothing: the client id of another applicatie
// (ac-001) and a PUT without label are 400, and both applicaties stay as
// they were.
func TestRefusedUpdateChangesNothing(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		srv, rec := setup(t, d)
		c := admin(t, srv)
		var a, b struct {
			URL       string   `json:"url"`
			ClientIDs []string `json:"clientIds"`
			Label     string   `json:"label"`
		}
		c.Post("/applicaties", map[string]any{"clientIds": []string{"app-a"}, "label": "A", "heeftAlleAutorisaties": true}).Want(http.StatusCreated).Decode(&a)
		c.Post("/applicaties", map[string]any{"clientIds": []string{"app-b"}, "label": "B", "heeftAlleAutorisaties": true}).Want(http.StatusCreated).Decode(&b)
		p := c.Patch(b.URL, map[string]any{"clientIds": []string{"app-b", "app-a"}, "label": "B2"}).WantProblem(http.StatusBadRequest, "invalid")
		if !p.HasInvalidParam("clientIds", "clientId-exists") {
			t.Errorf("ac-001 on update: %+v", p.InvalidParams)
		}
		c.Put(b.URL, map[string]any{"clientIds": []string{"app-b"}, "heeftAlleAutorisaties": true}).WantProblem(http.StatusBadRequest, "invalid", "label")
		c.Get(b.URL).Want(http.StatusOK).Decode(&b)
		if b.Label != "B" || len(b.ClientIDs) != 1 || b.ClientIDs[0] != "app-b" {
			t.Errorf("b changed: %+v", b)
		}
		c.Get(a.URL).Want(http.StatusOK).Decode(&a)
		if len(a.ClientIDs) != 1 || a.ClientIDs[0] != "app-a" {
			t.Errorf("a changed: %+v", a)
		}
		if got := rec.actions(); len(got) != 2 {
			t.Errorf("events %v, want only the two creates", got)
		}
		if r := c.Head("/applicaties").Want(http.StatusOK); len(r.Body) != 0 || r.Header.Get("ETag") == "" {
			t.Errorf("HEAD list: %q %v", r.Body, r.Header)
		}
	})
}
