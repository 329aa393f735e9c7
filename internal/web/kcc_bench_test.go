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
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gemeenten/loket/internal/audit"
	"github.com/gemeenten/loket/internal/auth"
	"github.com/gemeenten/loket/internal/db/dbtest"
	"github.com/gemeenten/loket/internal/kennis"
	"github.com/gemeenten/loket/internal/klant"
	"github.com/gemeenten/loket/internal/seed"
	"github.com/gemeenten/loket/internal/server"
	"github.com/gemeenten/loket/internal/web"
	"github.com/gemeenten/loket/internal/zaak"
)

// BenchmarkKCCKlantbeeld opens the klantbeeld of the customer with the most
// zaken over HTTP (goal: p99 ≤ 50 ms with 1 million zaken and 5 million
// klantcontacten). The volume comes from the seed package; set
// LOKET_BENCH_ZAKEN and LOKET_BENCH_CONTACTEN for more than the default
// 20,000 and 50,000.
func BenchmarkKCCKlantbeeld(b *testing.B) {
	nZaken, nContacten := envInt("LOKET_BENCH_ZAKEN", 20000), envInt("LOKET_BENCH_CONTACTEN", 50000)
	for _, eng := range dbtest.Engines() {
		b.Run(string(eng), func(b *testing.B) {
			ctx := audit.WithActor(context.Background(), audit.Actor{Kind: "systeem", ID: "bench"})
			d := dbtest.New(b, eng)
			if err := seed.Run(ctx, d, seed.Options{Zaken: nZaken, Klantcontacten: nContacten, Now: today}); err != nil {
				b.Fatal(err)
			}
			// The customer with the most zaken, put in the basisregistratie.
			var bsn string
			if err := d.R.QueryRowContext(ctx, `SELECT initiator_id FROM zaken WHERE initiator_type = 'bsn'
				GROUP BY initiator_id ORDER BY COUNT(*) DESC, initiator_id LIMIT 1`).Scan(&bsn); err != nil {
				b.Fatal(err)
			}
			if _, err := d.W.ExecContext(ctx, `INSERT INTO personen (bsn, voornamen, geslachtsnaam, geboortedatum, postcode, huisnummer)
				VALUES ($1, 'Bea', 'Bench', '1970-01-01', '1234AB', '1')`, bsn); err != nil {
				b.Fatal(err)
			}
			log := slog.New(slog.DiscardHandler)
			as, err := auth.New(ctx, d, auth.Config{Logger: log})
			if err != nil {
				b.Fatal(err)
			}
			if _, err := as.CreateUser(ctx, auth.NewUser{Username: "kcc", Naam: "KCC", Password: password, Roles: []string{auth.RoleKCC}}); err != nil {
				b.Fatal(err)
			}
			zs := zaak.New(d)
			ks, kl := kennis.New(d), klant.New(d)
			p, err := kl.PartijVoor(ctx, "bsn", bsn, "")
			if err != nil {
				b.Fatal(err)
			}
			h, err := web.New(web.Deps{DB: d, Log: log, Auth: as, Zaken: zs, KCC: web.KCCDeps{Kennis: ks, Klant: kl}})
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
			if _, err := c.PostForm(srv.URL+"/login", url.Values{"csrf": {m[1]}, "username": {"kcc"}, "password": {password}}); err != nil {
				b.Fatal(err)
			}
			path := "/kcc/klant/" + p.ID + "?kanaal=telefoon"
			if body := get(path); !strings.Contains(body, "Bea Bench") {
				b.Fatal("klantbeeld does not show the customer")
			}
			lat := make([]time.Duration, 0, b.N)
			b.ResetTimer()
			for range b.N {
				t0 := time.Now()
				get(path)
				lat = append(lat, time.Since(t0))
			}
			b.StopTimer()
			slices.Sort(lat)
			b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
			b.ReportMetric(float64(lat[min(len(lat)-1, len(lat)*99/100)].Microseconds())/1000, "p99-ms")
		})
	}
}

func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}
