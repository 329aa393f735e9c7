package zaken_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"runtime"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/gemeenten/loket/internal/audit"
	"github.com/gemeenten/loket/internal/besluit"
	"github.com/gemeenten/loket/internal/blob"
	"github.com/gemeenten/loket/internal/catalogus/catalogustest"
	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/db/dbtest"
	"github.com/gemeenten/loket/internal/document"
	"github.com/gemeenten/loket/internal/jobs"
	"github.com/gemeenten/loket/internal/notificaties"
	"github.com/gemeenten/loket/internal/seed"
	"github.com/gemeenten/loket/internal/zaak"
	"github.com/gemeenten/loket/internal/zgw"
	"github.com/gemeenten/loket/internal/zgw/zaken"
	"github.com/gemeenten/loket/internal/zgw/zgwtest"
)

// Benchmarks of the Zaken API through HTTP (a real server on loopback), on
// every engine dbtest knows. 16 concurrent clients (b.SetParallelism over
// GOMAXPROCS). The list benchmarks use the database at LOKET_BENCH_DSN when
// set (e.g. one filled by `loket seed --zaken 1000000`; an empty one is
// seeded once and reused) and otherwise seed a temporary one with
// LOKET_BENCH_ZAKEN zaken (default 20,000) through package seed. They
// report p50 and p99 latency in ms, requests per second and CPU per
// request. LOKET_BENCH_CLIENTS changes the number of clients (rounded up
// to a multiple of GOMAXPROCS).

const benchClients = 16

type benchServer struct {
	srv    *zgwtest.Server
	d      *db.DB
	zs     *zaak.Service
	client *http.Client
}

func newBenchServer(b *testing.B, d *db.DB) *benchServer {
	b.Helper()
	store, err := blob.NewDir(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	bs := &benchServer{d: d, zs: zaak.New(d)}
	docs := document.New(d, store, nil)
	besl := besluit.New(d, nil)
	bs.srv = zgwtest.NewServer(b, d, func(env *zgw.Env, mux *http.ServeMux) {
		// Every create queues its notification (kanaal zaken) in its
		// transaction, as in production; the queue is not started.
		q, err := jobs.New(d, slog.New(slog.DiscardHandler), jobs.Config{})
		if err != nil {
			b.Fatal(err)
		}
		ns := notificaties.New(d, env.Base, q)
		bs.zs.Events = ns
		// A subscriber on kanaal zaken, so that every create stores its
		// message and queues its delivery (without one nothing is queued).
		cb := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) }))
		b.Cleanup(cb.Close)
		ctx := audit.WithActor(context.Background(), audit.System("bench"))
		// (Kanaal zaken exists already on a migrated database.)
		ns.CreateKanaal(ctx, notificaties.Kanaal{Naam: "zaken",
			Filters: []string{"bronorganisatie", "zaaktype", "vertrouwelijkheidaanduiding"}})
		if _, err := ns.CreateAbonnement(ctx, notificaties.Abonnement{CallbackURL: cb.URL, Auth: "Bearer x",
			Kanalen: []notificaties.FilterGroup{{Naam: "zaken", Filters: map[string]string{}}}}); err != nil {
			b.Fatal(err)
		}
		env.Mount(mux, zaken.Prefix, zgw.ZRC, zaken.APIVersion, zaken.Handler(env, bs.zs, docs, besl, zaken.Options{Local: mux}))
	})
	tr := &http.Transport{MaxIdleConns: 64, MaxIdleConnsPerHost: 64}
	bs.client = &http.Client{Transport: tr}
	b.Cleanup(tr.CloseIdleConnections)
	return bs
}

// token registers a client with the given rights and signs a JWT for it.
func (bs *benchServer) token(b *testing.B, all bool, auts ...zgw.Autorisatie) string {
	id, secret := bs.srv.Register(b, all, auts...)
	return "Bearer " + zgwtest.Token(id, secret, time.Now(), nil)
}

func (bs *benchServer) do(method, path, token string, body []byte) (int, error) {
	req, err := http.NewRequest(method, bs.srv.URL+zaken.Prefix+path, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Authorization", token)
	req.Header.Set("Accept-Crs", "EPSG:4326")
	req.Header.Set("Content-Crs", "EPSG:4326")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := bs.client.Do(req)
	if err != nil {
		return 0, err
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode, nil
}

// run calls req from benchClients goroutines b.N times in all and reports
// p50/p99 latency and throughput.
func run(b *testing.B, req func(i int) (int, error), want int) {
	b.Helper()
	var mu sync.Mutex
	lat := make([]time.Duration, 0, b.N)
	var n atomic.Int64
	clients := benchClients
	if v, err := strconv.Atoi(os.Getenv("LOKET_BENCH_CLIENTS")); err == nil && v > 0 {
		clients = v
	}
	b.SetParallelism(max(1, (clients+runtimeProcs()-1)/runtimeProcs()))
	b.ResetTimer()
	t0 := time.Now()
	cpu0 := cpuTime()
	b.RunParallel(func(pb *testing.PB) {
		local := make([]time.Duration, 0, 64)
		for pb.Next() {
			i := int(n.Add(1))
			s := time.Now()
			code, err := req(i)
			local = append(local, time.Since(s))
			if err != nil || code != want {
				b.Errorf("request %d: status %d, err %v", i, code, err)
				return
			}
		}
		mu.Lock()
		lat = append(lat, local...)
		mu.Unlock()
	})
	el := time.Since(t0)
	cpu := cpuTime() - cpu0
	b.StopTimer()
	if len(lat) == 0 {
		return
	}
	slices.Sort(lat)
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	b.ReportMetric(ms(lat[len(lat)/2]), "p50-ms")
	b.ReportMetric(ms(lat[min(len(lat)-1, len(lat)*99/100)]), "p99-ms")
	b.ReportMetric(float64(len(lat))/el.Seconds(), "req/s")
	// CPU time of this process (server and load clients) per request: on a
	// shared machine the wall-clock figures above depend on the other load,
	// this does not.
	b.ReportMetric(float64(cpu.Microseconds())/1000/float64(len(lat)), "cpu-ms/req")
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func runtimeProcs() int { return runtime.GOMAXPROCS(0) }

// listBench is a seeded database with the filter values that occur in it.
type listBench struct {
	*benchServer
	zaaktypen []string
	bsns      []string
	starts    []date.Date
}

func listData(b *testing.B, e db.Engine) *listBench {
	b.Helper()
	ctx := context.Background()
	var d *db.DB
	n := 20000
	if v, err := strconv.Atoi(os.Getenv("LOKET_BENCH_ZAKEN")); err == nil && v > 0 {
		n = v
	}
	if dsn := os.Getenv("LOKET_BENCH_DSN"); dsn != "" {
		if (e == db.Postgres) != db.IsPostgresURL(dsn) {
			b.Skipf("LOKET_BENCH_DSN is not a %s database", e)
		}
		var err error
		if d, err = db.Open(ctx, dsn); err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { d.Close() })
		if err := d.Migrate(ctx, nil); err != nil {
			b.Fatal(err)
		}
		var have int
		if err := d.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM zaken`).Scan(&have); err != nil {
			b.Fatal(err)
		}
		if have == 0 {
			if err := seed.Run(ctx, d, seed.Options{Zaken: n}); err != nil {
				b.Fatal(err)
			}
		}
	} else {
		d = dbtest.New(b, e)
		if err := seed.Run(ctx, d, seed.Options{Zaken: n}); err != nil {
			b.Fatal(err)
		}
	}
	lb := &listBench{benchServer: newBenchServer(b, d)}
	rows, err := d.R.QueryContext(ctx, `SELECT zaaktype_id FROM zaken GROUP BY zaaktype_id ORDER BY COUNT(*) DESC LIMIT 20`)
	if err != nil {
		b.Fatal(err)
	}
	for rows.Next() {
		var id string
		rows.Scan(&id)
		lb.zaaktypen = append(lb.zaaktypen, id)
	}
	rows.Close()
	rows, err = d.R.QueryContext(ctx, `SELECT ident_value FROM rollen WHERE ident_type = 'bsn' LIMIT 2000`)
	if err != nil {
		b.Fatal(err)
	}
	for rows.Next() {
		var s string
		rows.Scan(&s)
		lb.bsns = append(lb.bsns, s)
	}
	rows.Close()
	var lo, hi date.Date
	if err := d.R.QueryRowContext(ctx, `SELECT MIN(startdatum), MAX(startdatum) FROM zaken`).Scan(&lo, &hi); err != nil {
		b.Fatal(err)
	}
	// startdatum__gte days spread over the last 30 days of the data: a page
	// of the newest zaken, as a work queue asks for.
	for i := range 30 {
		lb.starts = append(lb.starts, hi.AddDays(-i))
	}
	if len(lb.zaaktypen) == 0 || len(lb.bsns) == 0 {
		b.Fatal("no zaken to list")
	}
	return lb
}

// BenchmarkListZaken is GET /zaken filtered by zaaktype, by the initiator's
// BSN (rol__betrokkeneIdentificatie__natuurlijkPersoon__inpBsn) and by
// startdatum__gte, as a client with all rights ("alle") and as one with
// autorisaties on the zaaktypen ("autorisaties", filtered in SQL).
func BenchmarkListZaken(b *testing.B) {
	for _, e := range dbtest.Engines() {
		b.Run(string(e), func(b *testing.B) {
			lb := listData(b, e)
			var auts []zgw.Autorisatie
			for _, id := range lb.zaaktypen {
				auts = append(auts, zgw.Autorisatie{Component: zgw.ZRC, Scopes: []string{zaken.ScopeLezen},
					Zaaktype: lb.srv.URL + "/catalogi/api/v1/zaaktypen/" + id, MaxVertrouwelijkheid: "geheim"})
			}
			tokens := map[string]string{"alle": lb.token(b, true), "autorisaties": lb.token(b, false, auts...)}
			filters := map[string]func(i int) string{
				"zaaktype": func(i int) string {
					return "zaaktype=" + url.QueryEscape(lb.srv.URL+"/catalogi/api/v1/zaaktypen/"+lb.zaaktypen[i%len(lb.zaaktypen)])
				},
				"inpBsn": func(i int) string {
					return "rol__betrokkeneIdentificatie__natuurlijkPersoon__inpBsn=" + lb.bsns[i%len(lb.bsns)]
				},
				"startdatum__gte": func(i int) string { return "startdatum__gte=" + lb.starts[i%len(lb.starts)].String() },
			}
			for _, f := range []string{"zaaktype", "inpBsn", "startdatum__gte"} {
				for _, who := range []string{"alle", "autorisaties"} {
					b.Run(f+"/"+who, func(b *testing.B) {
						tok := tokens[who]
						run(b, func(i int) (int, error) { return lb.do(http.MethodGet, "/zaken?"+filters[f](i), tok, nil) }, http.StatusOK)
					})
				}
			}
		})
	}
}

// BenchmarkCreateZaak is POST /zaken with its notification queued in the
// same transaction, from 16 concurrent clients.
func BenchmarkCreateZaak(b *testing.B) {
	for _, e := range dbtest.Engines() {
		b.Run(string(e), func(b *testing.B) {
			d := dbtest.New(b, e)
			bs := newBenchServer(b, d)
			fx := catalogustest.Published(b, d).ID
			tok := bs.token(b, true)
			body, _ := json.Marshal(map[string]any{
				"bronorganisatie": rsin, "verantwoordelijkeOrganisatie": rsin,
				"zaaktype": bs.srv.URL + "/catalogi/api/v1/zaaktypen/" + fx, "startdatum": today,
				"omschrijving": "Aanvraag via formulier",
			})
			run(b, func(int) (int, error) { return bs.do(http.MethodPost, "/zaken", tok, body) }, http.StatusCreated)
			var zaken, queued int
			d.R.QueryRow(`SELECT COUNT(*) FROM zaken`).Scan(&zaken)
			if err := d.R.QueryRow(`SELECT COUNT(*) FROM river_job`).Scan(&queued); err != nil || queued != zaken {
				b.Errorf("%d zaken, %d notifications queued (%v)", zaken, queued, err)
			}
		})
	}
}
