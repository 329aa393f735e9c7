package documenten_test

import (
	"context"
	"database/sql"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/golang-jwt/jwt/v5"

	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/db/dbtest"
	"github.com/gemeenten/loket/internal/event"
	"github.com/gemeenten/loket/internal/zgw"
)

// remoteZRC is another server's Zaken and Besluiten API (as Open Zaak) that
// keeps its zaakinformatieobjecten and asks for its own JWT.
type remoteZRC struct {
	*httptest.Server
	mu        sync.Mutex
	relations map[string]bool // informatieobject URL → related to the zaak
	badTokens int
}

func newRemoteZRC(t *testing.T) *remoteZRC {
	rz := &remoteZRC{relations: map[string]bool{}}
	rz.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		raw, _ := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		claims := jwt.MapClaims{}
		if _, err := jwt.ParseWithClaims(raw, claims, func(*jwt.Token) (any, error) { return []byte("elders-geheim"), nil },
			jwt.WithValidMethods([]string{"HS256"})); err != nil || claims["client_id"] != "loket-drc" {
			rz.mu.Lock()
			rz.badTokens++
			rz.mu.Unlock()
			w.WriteHeader(http.StatusForbidden)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		self := "http://" + r.Host + r.URL.Path
		switch {
		case r.URL.Path == "/zaken/api/v1/zaken/1":
			w.Write([]byte(`{"url":"` + self + `","zaaktype":"http://` + r.Host + `/catalogi/api/v1/zaaktypen/1","bronorganisatie":"002220647"}`))
		case r.URL.Path == "/besluiten/api/v1/besluiten/1":
			w.Write([]byte(`{"url":"` + self + `","besluittype":"x","verantwoordelijkeOrganisatie":"002220647"}`))
		case r.URL.Path == "/zaken/api/v1/zaakinformatieobjecten":
			rz.mu.Lock()
			defer rz.mu.Unlock()
			if r.URL.Query().Get("zaak") == "http://"+r.Host+"/zaken/api/v1/zaken/1" && rz.relations[r.URL.Query().Get("informatieobject")] {
				w.Write([]byte(`[{"url":"http://` + r.Host + `/zaken/api/v1/zaakinformatieobjecten/1"}]`))
				return
			}
			w.Write([]byte(`[]`))
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(rz.Close)
	return rz
}

func (rz *remoteZRC) relate(eio string, on bool) {
	rz.mu.Lock()
	defer rz.mu.Unlock()
	rz.relations[eio] = on
}

// A zaak in another Zaken API registers its relation with a Loket document
// (drc-002 object fetched and checked, drc-003 unique, drc-004 the relation
// exists at the source on create and is gone on delete, drc-008 the
// document stays while it has the relation).
func TestObjectinformatieobjectenElsewhere(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		rz := newRemoteZRC(t)
		f.srv.Env.Remotes = map[string]zgw.RemoteClient{rz.URL: {ClientID: "loket-drc", Secret: "elders-geheim"}}
		doc := f.create(f.api, nil)
		eio := doc["url"].(string)
		var mu sync.Mutex
		var events []string
		f.docs.Events = event.SinkFunc(func(_ context.Context, _ *sql.Tx, c event.Change) error {
			mu.Lock()
			defer mu.Unlock()
			if c.Resource == "objectinformatieobject" {
				events = append(events, c.Actie)
			}
			return nil
		})
		zaak := rz.URL + "/zaken/api/v1/zaken/1"
		body := map[string]any{"informatieobject": eio, "object": zaak, "objectType": "zaak"}
		count := func() int {
			var list []map[string]any
			f.api.Get("/objectinformatieobjecten?informatieobject=" + eio).Want(http.StatusOK).Decode(&list)
			return len(list)
		}

		// drc-004: not yet related at the source.
		p := f.api.Post("/objectinformatieobjecten", body).WantProblem(http.StatusBadRequest, "invalid", "nonFieldErrors")
		if !p.HasInvalidParam("nonFieldErrors", "inconsistent-relation") {
			t.Errorf("unrelated: %+v", p)
		}
		// drc-002: the object must exist and be of its objectType.
		for _, c := range []struct{ object, objectType, code string }{
			{rz.URL + "/zaken/api/v1/zaken/2", "zaak", "bad-url"},
			{zaak, "besluit", "invalid-resource"},
			{rz.URL + "/besluiten/api/v1/besluiten/1", "zaak", "invalid-resource"},
			{"http://169.254.169.254/zaken/api/v1/zaken/1", "zaak", "bad-url"},
		} {
			p := f.api.Post("/objectinformatieobjecten", map[string]any{"informatieobject": eio, "object": c.object, "objectType": c.objectType}).
				WantProblem(http.StatusBadRequest, "invalid", "object")
			if !p.HasInvalidParam("object", c.code) {
				t.Errorf("%s as %s: %+v, want %s", c.object, c.objectType, p.InvalidParams, c.code)
			}
		}
		if n := count(); n != 0 {
			t.Fatalf("refused relations stored: %d", n)
		}

		rz.relate(eio, true)
		got := f.api.Post("/objectinformatieobjecten", body).Want(http.StatusCreated).JSON()
		if got["object"] != zaak || got["objectType"] != "zaak" || got["informatieobject"] != eio {
			t.Fatalf("created %v", got)
		}
		u := path(got["url"].(string))
		if again := f.api.Get(u).Want(http.StatusOK).JSON(); again["object"] != zaak {
			t.Fatalf("read %v", again)
		}
		var list []map[string]any
		f.api.Get("/objectinformatieobjecten?object=" + zaak).Want(http.StatusOK).Decode(&list)
		if len(list) != 1 || list[0]["url"] != got["url"] {
			t.Fatalf("by object: %v", list)
		}
		if n := count(); n != 1 {
			t.Fatalf("by informatieobject: %d", n)
		}
		// drc-003: once.
		p = f.api.Post("/objectinformatieobjecten", body).WantProblem(http.StatusBadRequest, "invalid", "nonFieldErrors")
		if !p.HasInvalidParam("nonFieldErrors", "unique") {
			t.Errorf("twice: %+v", p)
		}
		// drc-008: the document stays while the relation does.
		outsideSpec(f.api, func() {
			f.api.Delete(path(eio)).WantProblem(http.StatusBadRequest, "invalid", "nonFieldErrors")
		})
		// drc-004 on delete: the source still has it.
		outsideSpec(f.api, func() {
			f.api.Delete(u).WantProblem(http.StatusBadRequest, "invalid", "nonFieldErrors")
		})
		rz.relate(eio, false)
		f.api.Delete(u).Want(http.StatusNoContent)
		f.api.Get(u).WantProblem(http.StatusNotFound, "not_found")
		if n := count(); n != 0 {
			t.Fatalf("after delete: %d", n)
		}
		f.api.Delete(path(eio)).Want(http.StatusNoContent)
		mu.Lock()
		if strings.Join(events, ",") != "create,destroy" {
			t.Errorf("notifications for the relation: %v, want create,destroy", events)
		}
		mu.Unlock()
		if rz.badTokens != 0 {
			t.Errorf("%d requests reached the other server without Loket's own token", rz.badTokens)
		}
	})
}
