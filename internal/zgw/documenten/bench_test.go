package documenten_test

import (
	"context"
	"encoding/base64"
	"net/http"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/gemeenten/loket/internal/blob"
	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/db/dbtest"
	"github.com/gemeenten/loket/internal/document"
	"github.com/gemeenten/loket/internal/document/documenttest"
	"github.com/gemeenten/loket/internal/zgw"
	"github.com/gemeenten/loket/internal/zgw/documenten"
	"github.com/gemeenten/loket/internal/zgw/zgwtest"
)

// benchDocs is the number of documents the list benchmark reads from.
const benchDocs = 2000

func benchSetup(b *testing.B, e db.Engine) (*zgwtest.Server, *document.Service, documenttest.Catalog) {
	d := dbtest.New(b, e)
	store, err := blob.NewDir(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	docs := document.New(d, store, nil)
	srv := zgwtest.NewServer(b, d, func(env *zgw.Env, mux *http.ServeMux) {
		env.Mount(mux, documenten.Prefix, zgw.DRC, documenten.APIVersion, documenten.Handler(env, docs))
	})
	return srv, docs, documenttest.Setup(b, d)
}

// latencies runs fn b.N times over 16 concurrent clients and reports the
// median and 99th percentile.
func latencies(b *testing.B, fn func()) {
	var mu sync.Mutex
	var all []time.Duration
	b.SetParallelism(8) // 2 CPUs × 8 = 16 concurrent clients
	cpu0 := cpuTime()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		var mine []time.Duration
		for pb.Next() {
			t0 := time.Now()
			fn()
			mine = append(mine, time.Since(t0))
		}
		mu.Lock()
		all = append(all, mine...)
		mu.Unlock()
	})
	b.StopTimer()
	// CPU time per request (server and load generator together) does not
	// depend on what else the machine is running, unlike the latencies.
	b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/1000/float64(b.N), "cpu-ms/op")
	slices.Sort(all)
	if len(all) > 0 {
		b.ReportMetric(float64(all[len(all)/2].Microseconds())/1000, "p50-ms")
		b.ReportMetric(float64(all[len(all)*99/100].Microseconds())/1000, "p99-ms")
	}
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkListEIO is GET /enkelvoudiginformatieobjecten (first page of 100)
// by a client authorised for one informatieobjecttype up to "intern", over
// benchDocs documents of two types, 16 concurrent clients over HTTP with a
// fresh JWT per request.
func BenchmarkListEIO(b *testing.B) {
	for _, e := range dbtest.Engines() {
		// The sub-benchmark runs several times (to find b.N); the data is
		// loaded once.
		var srv *zgwtest.Server
		var c *zgwtest.Client
		parent := b // its cleanups run after all runs of the sub-benchmark
		b.Run(string(e), func(b *testing.B) {
			if srv == nil {
				srv, c = listSetup(parent, e)
			}
			latencies(b, func() {
				if res := c.Get("/enkelvoudiginformatieobjecten"); res.Status != http.StatusOK {
					b.Errorf("status %d", res.Status)
				}
			})
		})
	}
}

func listSetup(b *testing.B, e db.Engine) (*zgwtest.Server, *zgwtest.Client) {
	srv, docs, cat := benchSetup(b, e)
	ctx := context.Background()
	for i := range benchDocs {
		iot := cat.IOType
		if i%2 == 1 {
			iot = cat.IOTypeOther
		}
		if _, err := docs.Create(ctx, document.CreateInput{Bronorganisatie: documenttest.RSIN,
			Creatiedatum: date.MustParse("2026-04-01"), Titel: "Brief", Auteur: "Anna", Taal: "dut",
			InformatieobjecttypeID: iot, Content: strings.NewReader("inhoud")}); err != nil {
			b.Fatal(err)
		}
	}
	c := srv.NewClient(b, spec, documenten.Prefix, false, zgw.Autorisatie{Component: zgw.DRC,
		Scopes: []string{"documenten.lezen"}, Informatieobjecttype: srv.Env.URL("/catalogi/api/v1/informatieobjecttypen/" + cat.IOType),
		MaxVertrouwelijkheid: "intern"})
	c.SkipValidation = true // validation is the test suite's job, not part of the timing
	return srv, c
}

// BenchmarkCreateEIO is POST /enkelvoudiginformatieobjecten with a 1 KiB
// base64 file, 16 concurrent clients.
func BenchmarkCreateEIO(b *testing.B) {
	for _, e := range dbtest.Engines() {
		b.Run(string(e), func(b *testing.B) {
			srv, _, cat := benchSetup(b, e)
			c := srv.NewClient(b, spec, documenten.Prefix, true)
			c.SkipValidation = true
			body := map[string]any{"bronorganisatie": documenttest.RSIN, "creatiedatum": "2026-04-01", "titel": "Brief",
				"auteur": "Anna", "taal": "dut", "informatieobjecttype": srv.Env.URL("/catalogi/api/v1/informatieobjecttypen/" + cat.IOType),
				"inhoud": base64.StdEncoding.EncodeToString([]byte(strings.Repeat("x", 1024)))}
			latencies(b, func() {
				if res := c.Post("/enkelvoudiginformatieobjecten", body); res.Status != http.StatusCreated {
					b.Errorf("status %d: %s", res.Status, res.Body)
				}
			})
		})
	}
}
