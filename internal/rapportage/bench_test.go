package rapportage

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/db"
)

// The report benchmarks run on a seeded database named by LOKET_BENCH_DSN
// (a SQLite path or a postgres:// URL), e.g. 2M zaken and 10M klantcontacten:
//
//	loket seed --database /tmp/rapportage/s2m.db --zaken 2000000 --klantcontacten 10000000
//	LOKET_BENCH_DSN=/tmp/rapportage/s2m.db go test -run '^$' -bench Kwartaalrapport -benchtime 10x ./internal/rapportage/
//
// LOKET_BENCH_KWARTAAL=2026-3 picks the quarter (default: the last complete
// quarter). The seed rebuilds the rollups; a database seeded before
// migration 0021 is rebuilt once before timing (BenchmarkRebuild times it).
func benchService(b *testing.B) *Service {
	b.Helper()
	dsn := os.Getenv("LOKET_BENCH_DSN")
	if dsn == "" {
		b.Skip("LOKET_BENCH_DSN not set (a seeded database)")
	}
	ctx := context.Background()
	d, err := db.Open(ctx, dsn)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { d.Close() })
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	if err := d.Migrate(ctx, log); err != nil {
		b.Fatal(err)
	}
	return New(d, time.Now, log)
}

func benchQuarter(b *testing.B) Period {
	if s := os.Getenv("LOKET_BENCH_KWARTAAL"); s != "" {
		y, q, _ := strings.Cut(s, "-")
		yy, err1 := strconv.Atoi(y)
		qq, err2 := strconv.Atoi(q)
		if err1 != nil || err2 != nil || qq < 1 || qq > 4 {
			b.Fatalf("LOKET_BENCH_KWARTAAL=%q: want e.g. 2026-3", s)
		}
		return Kwartaal(yy, qq)
	}
	today := date.Today(time.Now())
	return Kwartaal(today.Year, (int(today.Month)-1)/3+1).Previous()
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func ensureRebuilt(b *testing.B, s *Service) {
	var at sql.NullTime
	if err := s.DB.R.QueryRow(`SELECT herbouwd_op FROM rap_status WHERE id = 1`).Scan(&at); err != nil {
		b.Fatal(err)
	}
	if !at.Valid {
		start := time.Now()
		if err := s.Rebuild(context.Background()); err != nil {
			b.Fatal(err)
		}
		b.Logf("rollups rebuilt first in %s", time.Since(start).Round(time.Millisecond))
	}
}

// BenchmarkKwartaalrapport is the full quarterly report (KCC, norms, lead
// times, stock, channels, series, with the previous quarter and the same
// quarter a year earlier), for everyone and filtered on one team.
func BenchmarkKwartaalrapport(b *testing.B) {
	s := benchService(b)
	ensureRebuilt(b, s)
	p := benchQuarter(b)
	// A team from the norm rollup (the base tables may be absent when only
	// the rollups were loaded).
	var team string
	if err := s.DB.R.QueryRow(`SELECT team_id FROM rap_normen WHERE team_id <> '' LIMIT 1`).Scan(&team); err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		f    Filter
	}{{"alles", Filter{}}, {"team", Filter{TeamID: team}}} {
		b.Run(tc.name, func(b *testing.B) {
			var r *Report
			stmts0, cpu0 := s.statements.Load(), cpuTime()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				var err error
				if r, err = s.Report(ctx, p, tc.f); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/1000/float64(b.N), "cpu-ms/op")
			// + 1: the refresh checks for marked days (none after a rebuild)
			b.ReportMetric(float64(s.statements.Load()-stmts0)/float64(b.N), "reads/op")
			if (tc.f.TeamID == "" && (r.KCC.Totaal.Aantal == 0 || r.KCC.Totaal.JaarEerder == 0)) || r.Normen.Totaal.Waarde.Den == 0 {
				b.Fatalf("%s: the quarter has no data (contacts %+v, norms %+v)", p.Label(), r.KCC.Totaal, r.Normen.Totaal.Waarde)
			}
			b.Logf("%s %s (%s, %s): %d contacten (vorig kwartaal %d, jaar eerder %d), direct beantwoord %.1f %%, normen %.1f %% van %d, %d zaken gestart",
				s.DB.Engine, tc.name, p.Label(), fmt.Sprint(p.From), r.KCC.Totaal.Aantal, r.KCC.Totaal.Vorige, r.KCC.Totaal.JaarEerder,
				r.KCC.KPIs[0].Waarde.Pct(), r.Normen.Totaal.Waarde.Pct(), r.Normen.Totaal.Waarde.Den, r.Kanalen.Digitaal.Waarde.Den)
		})
	}
}

// BenchmarkRebuild recomputes every rollup from the base tables (run it with
// -benchtime 1x: at 2M zaken it takes minutes).
func BenchmarkRebuild(b *testing.B) {
	s := benchService(b)
	ctx := context.Background()
	b.ResetTimer()
	cpu0 := cpuTime()
	for i := 0; i < b.N; i++ {
		if err := s.Rebuild(ctx); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64((cpuTime()-cpu0).Milliseconds())/float64(b.N), "cpu-ms/op")
}
