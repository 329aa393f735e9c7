package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/gemeenten/loket/internal/audit"
	"github.com/gemeenten/loket/internal/auth"
	"github.com/gemeenten/loket/internal/db/dbtest"
	"github.com/gemeenten/loket/internal/kto"
	"github.com/gemeenten/loket/internal/rapportage"
	"github.com/gemeenten/loket/internal/seed"
	"github.com/gemeenten/loket/internal/server"
	"github.com/gemeenten/loket/internal/web"
	"github.com/gemeenten/loket/internal/zaak"
)

// BenchmarkRapportagePages opens the dashboard as a manager over HTTP: the
// quarter's page (figures, seven to ten charts, every table, KTO), one
// drill-down page (with its inzage record) and the quarter as one XLSX
// workbook. The volume comes from the seed package (LOKET_BENCH_ZAKEN and
// LOKET_BENCH_CONTACTEN, default 20,000 and 50,000), the rollups are
// rebuilt once before. It reports this process's CPU per page (on
// PostgreSQL the server's CPU is not in it): steadier than wall time on a
// shared machine.
func BenchmarkRapportagePages(b *testing.B) {
	nZaken, nContacten := envInt("LOKET_BENCH_ZAKEN", 20000), envInt("LOKET_BENCH_CONTACTEN", 50000)
	for _, eng := range dbtest.Engines() {
		b.Run(string(eng), func(b *testing.B) {
			ctx := audit.WithActor(context.Background(), audit.Actor{Kind: "systeem", ID: "bench"})
			d := dbtest.New(b, eng)
			if err := seed.Run(ctx, d, seed.Options{Zaken: nZaken, Klantcontacten: nContacten, Now: today}); err != nil {
				b.Fatal(err)
			}
			clock := func() time.Time { return today }
			rs := rapportage.New(d, clock, slog.New(slog.DiscardHandler))
			if err := rs.Rebuild(ctx); err != nil {
				b.Fatal(err)
			}
			log := slog.New(slog.DiscardHandler)
			as, err := auth.New(ctx, d, auth.Config{Logger: log})
			if err != nil {
				b.Fatal(err)
			}
			if _, err := as.CreateUser(ctx, auth.NewUser{Username: "manager-bench", Naam: "Manager", Password: password, Roles: []string{auth.RoleManager}}); err != nil {
				b.Fatal(err)
			}
			h, err := web.New(web.Deps{DB: d, Log: log, Auth: as, Zaken: zaak.New(d), Now: clock,
				Report: web.ReportDeps{Rapportage: rs, KTO: kto.New(d, nil, nil, clock, log)}})
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
			if _, err := c.PostForm(srv.URL+"/login", url.Values{"csrf": {m[1]}, "username": {"manager-bench"}, "password": {password}}); err != nil {
				b.Fatal(err)
			}
			for _, page := range []struct{ name, path, want string }{
				{"dashboard-kwartaal", "/rapportage?" + q1, "KCC-kerncijfers"},
				{"drilldown", "/rapportage/contacten?cijfer=uitkomst%3Adirect_beantwoord&van=2026-01-01&tot=2026-03-31", "KC-"},
				{"xlsx-kwartaal", "/rapportage?" + q1 + "&format=xlsx", "xl/worksheets/sheet1.xml"},
			} {
				b.Run(page.name, func(b *testing.B) {
					if body := get(page.path); !strings.Contains(body, page.want) {
						b.Fatalf("%s lacks %q", page.path, page.want)
					}
					cpu0 := cpuTime()
					for b.Loop() {
						get(page.path)
					}
					b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/1000/float64(b.N), "cpu-ms/op")
				})
			}
		})
	}
}
