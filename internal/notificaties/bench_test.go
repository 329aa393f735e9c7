package notificaties_test

import (
	"context"
	"database/sql"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gemeenten/loket/internal/audit"
	"github.com/gemeenten/loket/internal/catalogus/catalogustest"
	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/db/dbtest"
	"github.com/gemeenten/loket/internal/event"
	"github.com/gemeenten/loket/internal/jobs"
	"github.com/gemeenten/loket/internal/notificaties"
	"github.com/gemeenten/loket/internal/zaak"
)

// BenchmarkCreateZaakNotified is the zaak create of the performance goal
// "POST /zaken with its notification queued" without the HTTP layer: each
// create writes the zaak, status, rol, norms, audit row and — in the same
// transaction — its notification message and the fan-out job. Modes:
// "zonder-sink" (no Events, the baseline), "geen-abonnement" (the sink, but
// nobody subscribed: one read) and "geabonneerd" (a subscriber on zaken:
// the message and its job are queued). 16 concurrent clients.
func BenchmarkCreateZaakNotified(b *testing.B) {
	for _, e := range dbtest.Engines() {
		b.Run(string(e), func(b *testing.B) {
			for _, mode := range []string{"zonder-sink", "geen-abonnement", "geabonneerd"} {
				b.Run(mode, func(b *testing.B) {
					d := dbtest.New(b, e)
					zt := catalogustest.Published(b, d)
					zs := zaak.New(d)
					if mode != "zonder-sink" {
						q := newQueueB(b, d)
						ns := notificaties.New(d, base, q)
						zs.Events = ns
						if mode == "geabonneerd" {
							if _, err := ns.CreateAbonnement(context.Background(), notificaties.Abonnement{
								CallbackURL: "https://zac.example.nl/notificaties", Auth: "Token x",
								Kanalen: []notificaties.FilterGroup{{Naam: "zaken"}}}); err != nil {
								b.Fatal(err)
							}
						}
					}
					ctx := audit.WithActor(context.Background(), audit.Actor{Kind: "applicatie", ID: "bench", Name: "bench"})
					start := date.MustParse("2026-03-02")
					var n atomic.Int64
					b.ReportAllocs()
					b.SetParallelism(8) // 16 clients on 2 CPUs
					t0 := time.Now()
					b.RunParallel(func(pb *testing.PB) {
						for pb.Next() {
							i := int(n.Add(1))
							in := zaak.CreateInput{Bronorganisatie: rsin, VerantwoordelijkeOrganisatie: rsin, ZaakTypeID: zt.ID,
								Omschrijving: "Aanvraag", Startdatum: start.AddDays(i % 200), Registratiedatum: start.AddDays(i % 200),
								Kanaal: "webformulier"}
							if _, err := zs.CreateID(ctx, in); err != nil {
								b.Fatal(err)
							}
						}
					})
					b.ReportMetric(float64(n.Load())/time.Since(t0).Seconds(), "zaken/s")
				})
			}
		})
	}
}

// BenchmarkDeliver measures delivery throughput: messages committed with
// the queue stopped, then a started queue delivers them all to a local
// subscriber (fan-out job + delivery job + attempt row each).
func BenchmarkDeliver(b *testing.B) {
	for _, e := range dbtest.Engines() {
		b.Run(string(e), func(b *testing.B) {
			d := dbtest.New(b, e)
			var got atomic.Int64
			sub := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				got.Add(1)
				w.WriteHeader(http.StatusNoContent)
			}))
			defer sub.Close()
			q := newQueueB(b, d)
			ns := notificaties.New(d, base, q)
			ctx := context.Background()
			if _, err := ns.CreateAbonnement(ctx, notificaties.Abonnement{CallbackURL: sub.URL, Auth: "Token x",
				Kanalen: []notificaties.FilterGroup{{Naam: "zaken"}}}); err != nil {
				b.Fatal(err)
			}
			n := b.N
			for range n {
				if err := d.Tx(ctx, func(tx *sql.Tx) error {
					return ns.Emit(ctx, tx, event.Change{Kanaal: "zaken", Resource: "zaak", ResourceID: "5f0e8e4c-4c0d-4a55-9a1e-0d7c8e0b2a11",
						Actie: event.Create, Kenmerken: map[string]string{"bronorganisatie": rsin}})
				}); err != nil {
					b.Fatal(err)
				}
			}
			ns.Register(q)
			b.ResetTimer()
			t0 := time.Now()
			if err := q.Start(ctx); err != nil {
				b.Fatal(err)
			}
			for got.Load() < int64(n) {
				time.Sleep(5 * time.Millisecond)
			}
			el := time.Since(t0)
			b.StopTimer()
			stop, cancel := context.WithTimeout(ctx, 30*time.Second)
			defer cancel()
			q.Stop(stop)
			b.ReportMetric(float64(n)/el.Seconds(), "afleveringen/s")
		})
	}
}

func newQueueB(b *testing.B, d *db.DB) *jobs.Queue {
	// LOKET_BENCH_WORKERS sets the queue's workers (default 8): delivery
	// throughput is bound by how many jobs one fetch of the queue takes.
	workers := 8
	if n, err := strconv.Atoi(os.Getenv("LOKET_BENCH_WORKERS")); err == nil && n > 0 {
		workers = n
	}
	q, err := jobs.New(d, testLog(), jobs.Config{Workers: workers, PollInterval: 50 * time.Millisecond})
	if err != nil {
		b.Fatal(err)
	}
	return q
}
