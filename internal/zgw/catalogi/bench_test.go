package catalogi_test

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"github.com/gemeenten/loket/internal/catalogus"
	"github.com/gemeenten/loket/internal/db/dbtest"
	"github.com/gemeenten/loket/internal/zgw"
	"github.com/gemeenten/loket/internal/zgw/catalogi"
	"github.com/gemeenten/loket/internal/zgw/zgwtest"
)

// BenchmarkZaakTypen measures what a zaaksysteem client does most against
// the Catalogi API: read one zaaktype, list a catalogus's published
// zaaktypen (a full page of 100) and list a zaaktype's statustypen. Each is a
// whole HTTP request (JWT, autorisaties, handler, JSON) with 16 concurrent
// clients, on every engine.
func BenchmarkZaakTypen(b *testing.B) {
	for _, eng := range dbtest.Engines() {
		d := dbtest.New(b, eng)
		sl := newSelectielijst(b)
		srv := zgwtest.NewServer(b, d, func(e *zgw.Env, mux *http.ServeMux) {
			e.Mount(mux, catalogi.Prefix, zgw.ZTC, catalogi.APIVersion,
				catalogi.Handler(e, catalogus.New(d, e.Now), catalogi.Options{SelectielijstBase: sl.URL}))
		})
		// No response validation here: it would dominate the figures.
		e := &env{t: b, srv: srv, sl: sl, c: srv.NewClient(b, "", catalogi.Prefix, true)}
		cat := e.catalogus("ABC")
		var zt string
		for i := range 100 {
			z := e.publishableZaakType(cat, fmt.Sprintf("ZT-%03d", i), "2024-01-01", nil)
			zt = z["url"].(string)
			e.publish(zt)
		}
		for _, c := range []struct{ name, path string }{
			{"detail", zt},
			{"list-100", "/zaaktypen?catalogus=" + url.QueryEscape(cat)},
			{"statustypen", "/statustypen?zaaktype=" + url.QueryEscape(zt)},
		} {
			b.Run(string(eng)+"/"+c.name, func(b *testing.B) {
				b.SetParallelism(8) // 2 CPUs × 8 = 16 concurrent clients
				b.RunParallel(func(pb *testing.PB) {
					for pb.Next() {
						if res := e.c.Get(c.path); res.Status != http.StatusOK {
							b.Errorf("GET %s: %d", c.path, res.Status)
							return
						}
					}
				})
			})
		}
	}
}
