package klant_test

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/gemeenten/loket/internal/audit"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/db/dbtest"
	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/ident"
	"github.com/gemeenten/loket/internal/klant"
	"github.com/gemeenten/loket/internal/seed"
	"github.com/gemeenten/loket/internal/zaak"
)

// Benchmarks run on every engine dbtest knows (SQLite; PostgreSQL with
// LOKET_TEST_POSTGRES_URL).
//
// BenchmarkKlantbeeld uses the database at LOKET_BENCH_DSN when set (e.g.
// one filled with `loket seed --zaken 1000000 --klantcontacten 5000000`),
// otherwise a temporary one seeded with LOKET_BENCH_ZAKEN zaken (default
// 20,000) and LOKET_BENCH_KLANTCONTACTEN contacts (default 100,000).

func benchEngines(b *testing.B, fn func(b *testing.B, e db.Engine)) {
	for _, e := range dbtest.Engines() {
		b.Run(string(e), func(b *testing.B) { fn(b, e) })
	}
}

func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}

// BenchmarkRegisterContact registers a telephone contact of a known person
// (BSN, partij found in the register), with betrokkene, actor and audit row —
// one transaction each, as the KCC does. "serial" is one agent; "parallel"
// is GOMAXPROCS×4 agents at once (8 on two cores). With LOKET_BENCH_DSN the
// contacts are added to that database (e.g. a copy of one seeded with 1M
// zaken and 5M klantcontacten; it is written to) instead of an empty one.
//
// Besides contacts/s it reports the CPU time of this process per contact
// and its write system calls per contact: on PostgreSQL each is one message
// to the server, so writes/contact counts the round trips; on SQLite they
// are the WAL page writes.
func BenchmarkRegisterContact(b *testing.B) {
	benchEngines(b, func(b *testing.B, e db.Engine) {
		for _, mode := range []string{"serial", "parallel"} {
			b.Run(mode, func(b *testing.B) {
				d := benchDB(b, e)
				ctx := context.Background()
				team, user := uuid.NewString(), uuid.NewString()
				mustExec(b, d, `INSERT INTO teams (id, code, naam) VALUES ($1, $2, 'KCC')`, team, "KCC-"+team[:8])
				mustExec(b, d, `INSERT INTO users (id, username, naam, team_id) VALUES ($1, $2, 'KCC', $3)`, user, "kcc-"+user[:8], team)
				bsns := ident.TestBSNs(500)
				for _, bsn := range bsns {
					mustExec(b, d, `INSERT INTO personen (bsn, voornamen, geslachtsnaam, geboortedatum, straat, huisnummer, postcode, woonplaats, email, telefoon)
						VALUES ($1, 'Test', 'Persoon', '1980-01-01', 'Brink', '1', '7411 AB', 'Deventer', 'test@example.nl', '0612345678')
						ON CONFLICT (bsn) DO NOTHING`, bsn)
				}
				s := klant.New(d)
				actx := audit.WithActor(ctx, audit.Actor{Kind: "medewerker", ID: user, Name: "kcc", TeamID: team})
				// the partijen exist, as they do after the first contact
				for _, bsn := range bsns {
					if _, err := s.PartijVoor(actx, "bsn", bsn, ""); err != nil {
						b.Fatal(err)
					}
				}
				var n atomic.Int64
				register := func() {
					i := int(n.Add(1))
					if _, err := s.RegisterContactID(actx, klant.ContactInput{Kanaal: "telefoon", BSN: bsns[i%len(bsns)],
						Onderwerp: "Afvalpas", Vraag: "Waar haal ik een afvalpas?", Antwoord: "Bij de balie of online.",
						Uitkomst: klant.DirectBeantwoord}); err != nil {
						b.Fatal(err)
					}
				}
				b.ResetTimer()
				s0 := serverCPU(d)
				t0, c0, w0 := time.Now(), cpuTime(), writeSyscalls()
				if mode == "serial" {
					for b.Loop() {
						register()
					}
				} else {
					b.SetParallelism(4)
					b.RunParallel(func(pb *testing.PB) {
						for pb.Next() {
							register()
						}
					})
				}
				b.ReportMetric(float64(n.Load())/time.Since(t0).Seconds(), "contacts/s")
				// CPU time of this process per contact: on a shared machine the
				// rate above depends on the other load, this does not (on
				// PostgreSQL the server's own CPU is not in it).
				b.ReportMetric(float64((cpuTime()-c0).Microseconds())/1000/float64(n.Load()), "cpu_ms/contact")
				b.ReportMetric(float64(writeSyscalls()-w0)/float64(n.Load()), "writes/contact")
				if s1 := serverCPU(d); len(s1) > 0 {
					b.ReportMetric(float64(serverCPUSince(s0, s1).Microseconds())/1000/float64(n.Load()), "server_cpu_ms/contact")
				}
			})
		}
	})
}

// benchDB is the database at LOKET_BENCH_DSN (when it is of engine e) or
// a fresh one.
func benchDB(b *testing.B, e db.Engine) *db.DB {
	dsn := os.Getenv("LOKET_BENCH_DSN")
	if dsn == "" {
		return dbtest.New(b, e)
	}
	if (e == db.Postgres) != db.IsPostgresURL(dsn) {
		b.Skipf("LOKET_BENCH_DSN is not a %s database", e)
	}
	d, err := db.Open(context.Background(), dsn)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { d.Close() })
	if err := d.Migrate(context.Background(), nil); err != nil {
		b.Fatal(err)
	}
	return d
}

// BenchmarkKlantbeeld measures what the KCC's klantbeeld reads for one
// person: find them by BSN, their last 50 contacts on every channel, and
// their zaken (open first, 50). Reports p50 and p99 in ms.
func BenchmarkKlantbeeld(b *testing.B) {
	benchEngines(b, func(b *testing.B, e db.Engine) {
		ctx := context.Background()
		var d *db.DB
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
		} else {
			d = dbtest.New(b, e)
			if err := seed.Run(ctx, d, seed.Options{Zaken: envInt("LOKET_BENCH_ZAKEN", 20000),
				Klantcontacten: envInt("LOKET_BENCH_KLANTCONTACTEN", 100000)}); err != nil {
				b.Fatal(err)
			}
		}
		var bsns []string
		rows, err := d.R.QueryContext(ctx, `SELECT partij_id FROM klantcontacten WHERE partij_type = 'natuurlijk_persoon' LIMIT 2000`)
		if err != nil {
			b.Fatal(err)
		}
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				b.Fatal(err)
			}
			bsns = append(bsns, s)
		}
		rows.Close()
		if len(bsns) == 0 {
			b.Fatal("no contacts of persons in the database")
		}
		var contacts, zaken int
		if err := d.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM klantcontacten`).Scan(&contacts); err != nil {
			b.Fatal(err)
		}
		if err := d.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM zaken`).Scan(&zaken); err != nil {
			b.Fatal(err)
		}
		b.Logf("%s: %d zaken, %d klantcontacten", e, zaken, contacts)
		ks, zs := klant.New(d), zaak.New(d)
		// total, and the three parts: search, contact timeline, zaken
		lat := make([][]time.Duration, 4)
		i := 0
		c0 := cpuTime()
		for b.Loop() {
			bsn := bsns[i%len(bsns)]
			i++
			t0 := time.Now()
			if _, err := ks.Search(ctx, klant.Zoekvraag{BSN: bsn}); err != nil && !isInvalid(err) {
				b.Fatal(err)
			}
			t1 := time.Now()
			tl, err := ks.Timeline(ctx, "", klant.PartijNatuurlijkPersoon, bsn, 50)
			if err != nil {
				b.Fatal(err)
			}
			if len(tl) == 0 {
				b.Fatalf("no timeline for %s", bsn)
			}
			t2 := time.Now()
			if _, err := zs.List(ctx, zaak.Filter{InitiatorIdent: bsn, Order: zaak.OrderStartdatumDesc, Limit: 50}); err != nil {
				b.Fatal(err)
			}
			t3 := time.Now()
			lat[0] = append(lat[0], t3.Sub(t0))
			lat[1] = append(lat[1], t1.Sub(t0))
			lat[2] = append(lat[2], t2.Sub(t1))
			lat[3] = append(lat[3], t3.Sub(t2))
		}
		cpu := cpuTime() - c0
		for _, l := range lat {
			slices.Sort(l)
		}
		b.ReportMetric(float64(cpu.Microseconds())/1000/float64(len(lat[0])), "cpu_ms/op")
		pctOf := func(l []time.Duration, p float64) float64 {
			return float64(l[min(len(l)-1, int(float64(len(l))*p))].Microseconds()) / 1000
		}
		pct := func(p float64) float64 { return pctOf(lat[0], p) }
		b.ReportMetric(pctOf(lat[1], 0.99), "search_p99_ms")
		b.ReportMetric(pctOf(lat[2], 0.99), "timeline_p99_ms")
		b.ReportMetric(pctOf(lat[3], 0.99), "zaken_p99_ms")
		b.ReportMetric(pct(0.50), "p50_ms")
		b.ReportMetric(pct(0.99), "p99_ms")
	})
}

// isInvalid: the seed's synthetic BSNs may fail the elfproef; the search
// refuses those before querying, which the klantbeeld page would too.
func isInvalid(err error) bool { return errs.KindOf(err) == errs.Invalid }

func mustExec(b *testing.B, d *db.DB, q string, args ...any) {
	b.Helper()
	if _, err := d.W.Exec(q, args...); err != nil {
		b.Fatalf("%s: %v", q, err)
	}
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// writeSyscalls is the number of write system calls this process made so
// far (Linux; 0 elsewhere). A PostgreSQL query is one write of its
// messages, so the difference over a benchmark counts its round trips.
func writeSyscalls() int64 {
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

// serverCPU is the CPU time PostgreSQL's backends serving database d have
// used so far, by process id, when the server runs on this machine (read
// from /proc; empty otherwise and on SQLite). With the client's own CPU it
// shows what an operation costs in all, which is what decides the rate on
// a machine whose cores are busy with other work.
func serverCPU(d *db.DB) map[int]time.Duration {
	out := map[int]time.Duration{}
	if d.Engine != db.Postgres {
		return out
	}
	rows, err := d.R.Query(`SELECT pid FROM pg_stat_activity WHERE datname = current_database()`)
	if err != nil {
		return out
	}
	defer rows.Close()
	for rows.Next() {
		var pid int
		if rows.Scan(&pid) != nil {
			continue
		}
		raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
		if err != nil {
			continue
		}
		// utime and stime are fields 14 and 15, counted after the command
		// name, which is in parentheses and may contain spaces.
		s := string(raw)
		fields := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
		if len(fields) < 13 {
			continue
		}
		ut, _ := strconv.ParseInt(fields[11], 10, 64)
		st, _ := strconv.ParseInt(fields[12], 10, 64)
		out[pid] = time.Duration(ut+st) * time.Second / 100 // USER_HZ
	}
	return out
}

// serverCPUSince is the backends' CPU used between two serverCPU readings
// (a backend that started in between counts whole).
func serverCPUSince(before, after map[int]time.Duration) time.Duration {
	var sum time.Duration
	for pid, t := range after {
		sum += t - before[pid]
	}
	return sum
}
