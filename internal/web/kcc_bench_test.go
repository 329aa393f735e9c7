package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gemeenten/loket/internal/audit"
	"github.com/gemeenten/loket/internal/auth"
	"github.com/gemeenten/loket/internal/blob"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/db/dbtest"
	"github.com/gemeenten/loket/internal/document"
	"github.com/gemeenten/loket/internal/kennis"
	"github.com/gemeenten/loket/internal/klant"
	"github.com/gemeenten/loket/internal/seed"
	"github.com/gemeenten/loket/internal/server"
	"github.com/gemeenten/loket/internal/web"
	"github.com/gemeenten/loket/internal/zaak"
)

// BenchmarkKCCKlantbeeld opens the klantbeeld of a customer over HTTP, as
// a KCC employee does: every part of the page and the logged read of
// personal data (goal: p99 ≤ 50 ms with 1 million zaken and 5 million
// klantcontacten). The volume comes from the seed package; set
// LOKET_BENCH_ZAKEN and LOKET_BENCH_CONTACTEN for more than the default
// 20,000 and 50,000 — or LOKET_BENCH_DSN for an existing seeded database
// (it is written to: a user, a person, the partij and the access log, so
// give it a copy). Sub-benchmarks: "worst" is the customer with the most
// zaken, "typical" the initiator of a zaak picked at random. Besides p50/p99 it reports this process's CPU time per page
// (steadier than wall time on a shared machine; on PostgreSQL the server's
// CPU is not in it) and its write system calls per page: on PostgreSQL
// each query is one message to the server, plus the two HTTP messages, so
// writes/page − 2 counts the round trips; on SQLite only the access-log
// commit writes.
func BenchmarkKCCKlantbeeld(b *testing.B) {
	nZaken, nContacten := envInt("LOKET_BENCH_ZAKEN", 20000), envInt("LOKET_BENCH_CONTACTEN", 50000)
	for _, eng := range dbtest.Engines() {
		b.Run(string(eng), func(b *testing.B) {
			ctx := audit.WithActor(context.Background(), audit.Actor{Kind: "systeem", ID: "bench"})
			var d *db.DB
			if dsn := os.Getenv("LOKET_BENCH_DSN"); dsn != "" {
				if (eng == db.Postgres) != db.IsPostgresURL(dsn) {
					b.Skipf("LOKET_BENCH_DSN is not a %s database", eng)
				}
				var err error
				if d, err = db.Open(ctx, dsn); err != nil {
					b.Fatal(err)
				}
				b.Cleanup(func() { d.Close() })
				if err := d.Migrate(ctx, nil); err != nil {
					b.Fatal(err)
				}
			} else {
				d = dbtest.New(b, eng)
				if err := seed.Run(ctx, d, seed.Options{Zaken: nZaken, Klantcontacten: nContacten, Now: today}); err != nil {
					b.Fatal(err)
				}
			}
			// The customer with the most zaken, and a typical one: the
			// initiator of a zaak picked at random (the lowest uuid).
			var worst, typical string
			if err := d.R.QueryRowContext(ctx, `SELECT initiator_id FROM zaken WHERE initiator_type = 'bsn'
				GROUP BY initiator_id ORDER BY COUNT(*) DESC, initiator_id LIMIT 1`).Scan(&worst); err != nil {
				b.Fatal(err)
			}
			if err := d.R.QueryRowContext(ctx, `SELECT initiator_id FROM zaken WHERE initiator_type = 'bsn'
				ORDER BY id LIMIT 1`).Scan(&typical); err != nil {
				b.Fatal(err)
			}
			log := slog.New(slog.DiscardHandler)
			as, err := auth.New(ctx, d, auth.Config{Logger: log})
			if err != nil {
				b.Fatal(err)
			}
			user := "kcc-" + strconv.FormatInt(time.Now().UnixNano(), 36)
			if _, err := as.CreateUser(ctx, auth.NewUser{Username: user, Naam: "KCC", Password: password, Roles: []string{auth.RoleKCC}}); err != nil {
				b.Fatal(err)
			}
			zs := zaak.New(d)
			ks, kl := kennis.New(d), klant.New(d)
			// The documents the customer may see are part of the page.
			blobs, err := blob.NewDir(filepath.Join(b.TempDir(), "docs"))
			if err != nil {
				b.Fatal(err)
			}
			docs := document.New(d, blobs, time.Now)
			h, err := web.New(web.Deps{DB: d, Log: log, Auth: as, Zaken: zs, Documents: docs, KCC: web.KCCDeps{Kennis: ks, Klant: kl}})
			if err != nil {
				b.Fatal(err)
			}
			srv := httptest.NewServer(server.SecurityHeaders(false, h))
			defer srv.Close()
			jar, _ := cookiejar.New(nil)
			c := &http.Client{Jar: jar}
			get := func(path string) string {
				resp, err := c.Get(srv.URL + path)
				if err != nil {
					b.Fatal(err)
				}
				defer resp.Body.Close()
				body, _ := io.ReadAll(resp.Body)
				if resp.StatusCode != 200 {
					b.Fatalf("GET %s: %d", path, resp.StatusCode)
				}
				return string(body)
			}
			m := csrfRe.FindStringSubmatch(get("/login"))
			if _, err := c.PostForm(srv.URL+"/login", url.Values{"csrf": {m[1]}, "username": {user}, "password": {password}}); err != nil {
				b.Fatal(err)
			}
			for _, cust := range []struct{ name, bsn string }{{"typical", typical}, {"worst", worst}} {
				b.Run(cust.name, func(b *testing.B) {
					if _, err := d.W.ExecContext(ctx, `INSERT INTO personen (bsn, voornamen, geslachtsnaam, geboortedatum, postcode, huisnummer)
						VALUES ($1, 'Bea', 'Bench', '1970-01-01', '1234AB', '1') ON CONFLICT (bsn) DO NOTHING`, cust.bsn); err != nil {
						b.Fatal(err)
					}
					p, err := kl.PartijVoor(ctx, "bsn", cust.bsn, "")
					if err != nil {
						b.Fatal(err)
					}
					var nz, nc int
					d.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM zaken WHERE initiator_id = $1`, cust.bsn).Scan(&nz)
					d.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM klantcontacten WHERE partij_id = $1`, cust.bsn).Scan(&nc)
					b.Logf("%s: %s customer has %d zaken and %d contacts", eng, cust.name, nz, nc)
					path := "/kcc/klant/" + p.ID + "?kanaal=telefoon"
					if body := get(path); !strings.Contains(body, "Bench") {
						b.Fatal("klantbeeld does not show the customer")
					}
					lat := make([]time.Duration, 0, b.N)
					w0 := kccWriteSyscalls()
					c0 := cpuTime()
					b.ResetTimer()
					for range b.N {
						t0 := time.Now()
						get(path)
						lat = append(lat, time.Since(t0))
					}
					b.StopTimer()
					cpu := cpuTime() - c0
					slices.Sort(lat)
					b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
					b.ReportMetric(float64(lat[min(len(lat)-1, len(lat)*99/100)].Microseconds())/1000, "p99-ms")
					b.ReportMetric(float64(cpu.Microseconds())/1000/float64(b.N), "cpu-ms/page")
					b.ReportMetric(float64(kccWriteSyscalls()-w0)/float64(b.N), "writes/page")
				})
			}
		})
	}
}

func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}

// kccWriteSyscalls is the number of write system calls this process made.
func kccWriteSyscalls() int64 {
	b, err := os.ReadFile("/proc/self/io")
	if err != nil {
		return 0
	}
	for line := range strings.SplitSeq(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "syscw: "); ok {
			n, _ := strconv.ParseInt(v, 10, 64)
			return n
		}
	}
	return 0
}
