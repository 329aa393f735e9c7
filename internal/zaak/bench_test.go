package zaak_test

import (
	"context"
	"fmt"
	"math/rand/v2"
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
	"github.com/gemeenten/loket/internal/catalogus"
	"github.com/gemeenten/loket/internal/catalogus/catalogustest"
	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/db/dbtest"
	"github.com/gemeenten/loket/internal/ident"
	"github.com/gemeenten/loket/internal/termijn"
	"github.com/gemeenten/loket/internal/zaak"
)

// Benchmarks run on every engine dbtest knows (SQLite; PostgreSQL with
// LOKET_TEST_POSTGRES_URL). The list benchmarks use the database at
// LOKET_BENCH_DSN when set (e.g. one filled by `loket seed --zaken 1000000`;
// an empty one is seeded once with LOKET_BENCH_ZAKEN zaken and reused) and
// otherwise seed a temporary one with LOKET_BENCH_ZAKEN zaken (default
// 20,000). They report p50 and p99 latency in ms.

var benchCtx = audit.WithActor(context.Background(), audit.Actor{Kind: "medewerker", ID: "bench", Name: "bench"})

func benchEngines(b *testing.B, fn func(b *testing.B, e db.Engine)) {
	for _, e := range dbtest.Engines() {
		b.Run(string(e), func(b *testing.B) { fn(b, e) })
	}
}

func benchInput(zt *catalogus.ZaakType, bsn string, start date.Date) zaak.CreateInput {
	return zaak.CreateInput{
		Bronorganisatie: rsinGemeente, VerantwoordelijkeOrganisatie: rsinGemeente, ZaakTypeID: zt.ID,
		Omschrijving: "Aanvraag " + zt.Omschrijving, Startdatum: start, Registratiedatum: start, Kanaal: "webformulier",
		Initiator: &zaak.RolInput{BetrokkeneType: "natuurlijk_persoon", BetrokkeneIdentificatie: zaak.BetrokkeneIdentificatie{
			InpBsn: bsn, Voornamen: "Test", Geslachtsnaam: "Persoon"}},
	}
}

// BenchmarkCreateZaak creates a zaak with its initial status, initiator rol,
// legal deadline, norm instances and audit rows — one transaction each.
// "serial" is one client; "parallel" is GOMAXPROCS×4 clients (on SQLite they
// share commits through group commit). With LOKET_BENCH_DSN it adds the
// zaken to that (large) database instead of an empty one.
func BenchmarkCreateZaak(b *testing.B) {
	benchEngines(b, func(b *testing.B, e db.Engine) {
		for _, mode := range []string{"serial", "parallel"} {
			b.Run(mode, func(b *testing.B) {
				d := benchDB(b, e)
				zt := catalogustest.Published(b, d)
				s := zaak.New(d)
				bsns := ident.TestBSNs(1000)
				start := date.MustParse("2026-03-02")
				var n atomic.Int64
				create := func() {
					i := int(n.Add(1))
					if _, err := s.CreateID(benchCtx, benchInput(zt, bsns[i%len(bsns)], start.AddDays(i%200))); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportAllocs()
				t0, c0, w0 := time.Now(), cpuTime(), writeSyscalls()
				if mode == "serial" {
					for b.Loop() {
						create()
					}
				} else {
					b.SetParallelism(4)
					b.RunParallel(func(pb *testing.PB) {
						for pb.Next() {
							create()
						}
					})
				}
				b.ReportMetric(float64(n.Load())/time.Since(t0).Seconds(), "zaken/s")
				// Steadier than the rate on a shared machine: this process's
				// CPU per create (not PostgreSQL's), and its write system
				// calls per create (on PostgreSQL one per query: the round
				// trips; on SQLite the WAL writes).
				b.ReportMetric(float64((cpuTime()-c0).Microseconds())/1000/float64(n.Load()), "cpu_ms/zaak")
				b.ReportMetric(float64(writeSyscalls()-w0)/float64(n.Load()), "writes/zaak")
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

// benchData is a database with zaken to list and the filter values that
// exist in it.
type benchData struct {
	s         *zaak.Service
	combos    [][2]string // zaaktype, statustype
	bsns      []string
	startMin  date.Date
	startMax  date.Date
	deadlines []date.Date
}

func listData(b *testing.B, e db.Engine) *benchData {
	b.Helper()
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
		// An empty database is migrated and seeded once, then reused.
		var n int
		if err := d.Migrate(ctx, nil); err != nil {
			b.Fatal(err)
		}
		if err := d.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM zaken`).Scan(&n); err != nil {
			b.Fatal(err)
		}
		if n == 0 {
			seedZaken(b, d)
		}
	} else {
		d = dbtest.New(b, e)
		seedZaken(b, d)
	}
	bd := &benchData{s: zaak.New(d)}
	rows, err := d.R.QueryContext(ctx, `SELECT zaaktype_id, statustype_id FROM zaken WHERE statustype_id IS NOT NULL
		GROUP BY zaaktype_id, statustype_id ORDER BY COUNT(*) DESC LIMIT 40`)
	if err != nil {
		b.Fatal(err)
	}
	for rows.Next() {
		var c [2]string
		if err := rows.Scan(&c[0], &c[1]); err != nil {
			b.Fatal(err)
		}
		bd.combos = append(bd.combos, c)
	}
	rows.Close()
	rows, err = d.R.QueryContext(ctx, `SELECT initiator_id FROM zaken WHERE initiator_type = 'bsn' LIMIT 2000`)
	if err != nil {
		b.Fatal(err)
	}
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			b.Fatal(err)
		}
		bd.bsns = append(bd.bsns, s)
	}
	rows.Close()
	if err := d.R.QueryRowContext(ctx, `SELECT MIN(startdatum), MAX(startdatum) FROM zaken`).Scan(&bd.startMin, &bd.startMax); err != nil {
		b.Fatal(err)
	}
	if len(bd.combos) == 0 || len(bd.bsns) == 0 {
		b.Fatal("no zaken to list")
	}
	return bd
}

// seedZaken fills d with LOKET_BENCH_ZAKEN zaken (default 20,000) over ten
// zaaktypen, two years of startdata, 50,000 citizens, and statuses spread
// over the four statustypen (a quarter closed). It writes the zaken rows
// in bulk with the columns Create fills — the list benchmarks measure
// reading, and a million creates through the domain would take long — so
// it bypasses the rules, not the data shape.
func seedZaken(b *testing.B, d *db.DB) {
	n := 20000
	if v, err := strconv.Atoi(os.Getenv("LOKET_BENCH_ZAKEN")); err == nil && v > 0 {
		n = v
	}
	var zts []*catalogus.ZaakType
	for i := range 10 {
		zts = append(zts, catalogustest.Published(b, d, catalogustest.Identificatie(fmt.Sprintf("BENCH-%d", i))))
	}
	bsns := ident.TestBSNs(50000)
	rng := rand.New(rand.NewPCG(1, 2))
	first := date.MustParse("2024-12-01")
	now := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	const cols = 17
	const batch = 500
	t0 := time.Now()
	// For volume, build the secondary indexes after the rows are in: sorting
	// once beats a million random index inserts.
	var indexes []string
	if n >= 100000 {
		indexes = dropIndexes(b, d, "zaken")
	}
	tx, err := d.W.Begin()
	if err != nil {
		b.Fatal(err)
	}
	for done := 0; done < n; done += batch {
		if done > 0 && done%20000 == 0 {
			if err := tx.Commit(); err != nil {
				b.Fatal(err)
			}
			if tx, err = d.W.Begin(); err != nil {
				b.Fatal(err)
			}
		}
		m := min(batch, n-done)
		var sb strings.Builder
		sb.WriteString(`INSERT INTO zaken (id, identificatie, bronorganisatie, verantwoordelijke_organisatie,
			zaaktype_id, omschrijving, startdatum, registratiedatum, uiterlijke_einddatum_afdoening, einddatum, kanaal,
			vertrouwelijkheidaanduiding, statustype_id, initiator_type, initiator_id, created_at, updated_at) VALUES `)
		args := make([]any, 0, m*cols)
		for i := 0; i < m; i++ {
			if i > 0 {
				sb.WriteString(",")
			}
			sb.WriteString("(")
			for c := 1; c <= cols; c++ {
				if c > 1 {
					sb.WriteString(",")
				}
				if d.Engine == db.SQLite {
					sb.WriteString("?") // positional: no name lookups
				} else {
					sb.WriteString("$" + strconv.Itoa(i*cols+c))
				}
			}
			sb.WriteString(")")
			zt := zts[rng.IntN(len(zts))]
			start := first.AddDays(rng.IntN(725))
			st := zt.StatusTypen[rng.IntN(len(zt.StatusTypen))]
			var eind any
			if st.IsEindstatus {
				eind = start.AddDays(20 + rng.IntN(40))
			}
			deadline := termijn.Deadline(start, zt.Doorlooptijd, nil, termijn.Options{}).End
			args = append(args, uuid.Must(uuid.NewV7()).String(), fmt.Sprintf("ZAAK-%d-%010d", start.Year, done+i+1),
				rsinGemeente, rsinGemeente, zt.ID, "Aanvraag "+zt.Omschrijving, start, start, deadline, eind, "webformulier",
				"zaakvertrouwelijk", st.ID, "bsn", bsns[rng.IntN(len(bsns))], now, now)
		}
		if _, err := tx.Exec(sb.String(), args...); err != nil {
			b.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	for _, ddl := range indexes {
		if _, err := d.W.Exec(ddl); err != nil {
			b.Fatal(err)
		}
	}
	// The steady state autovacuum keeps: statistics, and on PostgreSQL a
	// visibility map so that counts run as index-only scans.
	stats := `ANALYZE`
	if d.Engine == db.Postgres {
		stats = `VACUUM ANALYZE zaken`
	}
	if _, err := d.W.Exec(stats); err != nil {
		b.Fatal(err)
	}
	b.Logf("seeded %d zaken in %s", n, time.Since(t0).Round(time.Millisecond))
}

// dropIndexes drops the secondary indexes of table and returns the
// statements that recreate them.
func dropIndexes(b *testing.B, d *db.DB, table string) []string {
	query := `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = $1 AND sql IS NOT NULL`
	if d.Engine == db.Postgres {
		query = `SELECT indexname, indexdef FROM pg_indexes WHERE tablename = $1
			AND indexname NOT IN (SELECT conname FROM pg_constraint)`
	}
	rows, err := d.W.Query(query, table)
	if err != nil {
		b.Fatal(err)
	}
	var names, ddls []string
	for rows.Next() {
		var name, ddl string
		if err := rows.Scan(&name, &ddl); err != nil {
			b.Fatal(err)
		}
		names, ddls = append(names, name), append(ddls, ddl)
	}
	rows.Close()
	for _, name := range names {
		if _, err := d.W.Exec(`DROP INDEX ` + name); err != nil {
			b.Fatal(err)
		}
	}
	return ddls
}

// measure runs q b.N times and reports p50 and p99 in milliseconds.
func measure(b *testing.B, q func(i int) error) {
	var lat []time.Duration
	i := 0
	for b.Loop() {
		t0 := time.Now()
		if err := q(i); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(t0))
		i++
	}
	slices.Sort(lat)
	pct := func(p float64) float64 {
		return float64(lat[min(len(lat)-1, int(float64(len(lat))*p))].Microseconds()) / 1000
	}
	b.ReportMetric(pct(0.50), "p50_ms")
	b.ReportMetric(pct(0.99), "p99_ms")
}

func benchList(b *testing.B, filter func(bd *benchData, i int) zaak.Filter) {
	benchEngines(b, func(b *testing.B, e db.Engine) {
		bd := listData(b, e)
		if testing.Verbose() {
			plan, err := bd.s.ExplainList(context.Background(), filter(bd, 0))
			if err != nil {
				b.Fatal(err)
			}
			b.Logf("plan:\n%s", plan)
		}
		measure(b, func(i int) error {
			p, err := bd.s.List(benchCtx, filter(bd, i))
			if err == nil && len(p.Items) == 0 && i == 0 {
				b.Log("warning: empty page")
			}
			return err
		})
	})
}

func BenchmarkListByZaaktypeStatus(b *testing.B) {
	benchList(b, func(bd *benchData, i int) zaak.Filter {
		c := bd.combos[i%len(bd.combos)]
		return zaak.Filter{ZaakTypeID: c[0], StatusTypeID: c[1], Count: true}
	})
}

func BenchmarkListByInitiatorBSN(b *testing.B) {
	benchList(b, func(bd *benchData, i int) zaak.Filter {
		return zaak.Filter{InitiatorIdent: bd.bsns[i%len(bd.bsns)], Order: zaak.OrderStartdatumDesc, Count: true}
	})
}

func BenchmarkListByDateRange(b *testing.B) {
	benchList(b, func(bd *benchData, i int) zaak.Filter {
		span := bd.startMin.DaysUntil(bd.startMax)
		from := bd.startMin.AddDays((i * 7) % max(1, span-30))
		return zaak.Filter{StartdatumVan: from, StartdatumTot: from.AddDays(30), Order: zaak.OrderStartdatumDesc, Count: true}
	})
}

func BenchmarkListOrderedByDeadline(b *testing.B) {
	open := true
	benchList(b, func(bd *benchData, i int) zaak.Filter {
		return zaak.Filter{Open: &open, Count: true}
	})
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// writeSyscalls is the number of write system calls this process made so
// far (Linux; 0 elsewhere).
func writeSyscalls() int64 {
	raw, err := os.ReadFile("/proc/self/io")
	if err != nil {
		return 0
	}
	for line := range strings.SplitSeq(string(raw), "\n") {
		if v, ok := strings.CutPrefix(line, "syscw: "); ok {
			n, _ := strconv.ParseInt(v, 10, 64)
			return n
		}
	}
	return 0
}
