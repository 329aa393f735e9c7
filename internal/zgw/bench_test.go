package zgw_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/gemeenten/loket/internal/db/dbtest"
	"github.com/gemeenten/loket/internal/zgw"
	"github.com/gemeenten/loket/internal/zgw/zgwtest"
)

// BenchmarkAuthenticate is the per-request cost of the ZGW JWT check plus
// reading the client's autorisaties fresh from the database (no cache), for
// a client with five typed autorisaties and one with heeftAlleAutorisaties.
func BenchmarkAuthenticate(b *testing.B) {
	for _, e := range dbtest.Engines() {
		d := dbtest.New(b, e)
		ctx := context.Background()
		store := &zgw.Store{DB: d}
		var grants []zgw.Autorisatie
		for i := range 5 {
			grants = append(grants, zgw.Autorisatie{Component: zgw.ZRC, Scopes: []string{"zaken.lezen", "zaken.aanmaken"},
				Zaaktype: fmt.Sprintf("http://loket.test/catalogi/api/v1/zaaktypen/%08d-0000-4000-8000-000000000000", i), MaxVertrouwelijkheid: "geheim"})
		}
		for _, c := range []struct {
			id     string
			all    bool
			grants []zgw.Autorisatie
		}{{"typed", false, grants}, {"alle", true, nil}} {
			if err := store.CreateClient(ctx, c.id, "bench-secret-"+c.id, ""); err != nil {
				b.Fatal(err)
			}
			if _, err := store.Grant(ctx, c.id, c.all, c.grants); err != nil {
				b.Fatal(err)
			}
		}
		auth := zgw.NewAuthorizer(d, nil, nil)
		for _, id := range []string{"typed", "alle"} {
			header := "Bearer " + zgwtest.Token(id, "bench-secret-"+id, time.Now(), map[string]any{"user_id": "u1"})
			b.Run(string(e)+"/"+id, func(b *testing.B) {
				b.ReportAllocs()
				b.RunParallel(func(pb *testing.PB) {
					for pb.Next() {
						if _, err := auth.Authenticate(ctx, header); err != nil {
							b.Error(err)
							return
						}
					}
				})
			})
		}
	}
}

// BenchmarkWrap is a whole authenticated request through the framework
// (JWT, autorisaties, actor, problem-writer) to a handler that writes a
// small JSON answer with an ETag.
func BenchmarkWrap(b *testing.B) {
	for _, e := range dbtest.Engines() {
		d := dbtest.New(b, e)
		store := &zgw.Store{DB: d}
		if err := store.CreateClient(context.Background(), "bench", "bench-secret", ""); err != nil {
			b.Fatal(err)
		}
		if _, err := store.Grant(context.Background(), "bench", false, []zgw.Autorisatie{
			{Component: zgw.ZTC, Scopes: []string{"catalogi.lezen"}}}); err != nil {
			b.Fatal(err)
		}
		env := &zgw.Env{DB: d, Base: "http://loket.test", Auth: zgw.NewAuthorizer(d, nil, nil)}
		h := env.Wrap(zgw.ZTC, "1.3.1", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if !zgw.RequireScope(w, r, zgw.ZTC, "catalogi.lezen") {
				return
			}
			zgw.WriteJSON(w, r, http.StatusOK, map[string]any{"url": env.URL("/catalogi/api/v1/catalogussen/x"), "naam": "bench"})
		}))
		header := "Bearer " + zgwtest.Token("bench", "bench-secret", time.Now(), nil)
		b.Run(string(e), func(b *testing.B) {
			b.ReportAllocs()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					r := httptest.NewRequest("GET", "/catalogi/api/v1/catalogussen/x", nil)
					r.Header.Set("Authorization", header)
					w := httptest.NewRecorder()
					h.ServeHTTP(w, r)
					if w.Code != 200 {
						b.Errorf("status %d: %s", w.Code, w.Body)
						return
					}
				}
			})
		})
	}
}
