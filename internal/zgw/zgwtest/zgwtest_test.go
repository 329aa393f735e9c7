package zgwtest_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/db/dbtest"
	"github.com/gemeenten/loket/internal/zgw"
	"github.com/gemeenten/loket/internal/zgw/zgwtest"
)

// recordingTB catches the client's Errorf so that the test can check that a
// response off the specification is reported.
type recordingTB struct {
	testing.TB
	errors []string
}

func (r *recordingTB) Errorf(format string, args ...any) {
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}
func (r *recordingTB) Helper() {}

func TestResponsesOffTheSpecificationFail(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		srv := zgwtest.NewServer(t, d, func(env *zgw.Env, mux *http.ServeMux) {
			h := http.NewServeMux()
			h.HandleFunc("GET /applicaties", func(w http.ResponseWriter, r *http.Request) {
				// count must be an integer and results a list.
				zgw.WriteJSON(w, r, 200, map[string]any{"count": "veel", "results": 3})
			})
			h.HandleFunc("GET /applicaties/consumer", func(w http.ResponseWriter, r *http.Request) {
				// url must be an absolute URI.
				zgw.WriteJSON(w, r, 200, []map[string]any{{"url": "/relatief", "clientIds": []string{}, "label": "x"}})
			})
			h.HandleFunc("GET /applicaties/{uuid}", func(w http.ResponseWriter, r *http.Request) {
				zgw.WriteJSON(w, r, http.StatusTeapot, map[string]any{})
			})
			env.Mount(mux, "/autorisaties/api/v1", zgw.AC, "1.0.0", h)
		})
		id, secret := srv.Register(t, true)
		rec := &recordingTB{TB: t}
		c := srv.Client(rec, zgwtest.Spec("autorisaties-1.0.0.yaml"), "/autorisaties/api/v1", id, secret)
		c.Get("/applicaties")
		c.Get("/applicaties/6a2c0b10-4a43-4c83-9e34-0e2e2cb1d4a1")
		c.Get("/onbekend")
		c.Get("/applicaties/consumer?clientId=x")
		if len(rec.errors) != 4 {
			t.Fatalf("want 4 validation failures, got %d: %q", len(rec.errors), rec.errors)
		}
		for i, want := range []string{"count", "status", "no operation", "absolute"} {
			if !strings.Contains(rec.errors[i], want) {
				t.Errorf("failure %d does not mention %q: %s", i, want, rec.errors[i])
			}
		}
	})
}
