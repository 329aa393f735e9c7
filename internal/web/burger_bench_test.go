package web_test

import (
	"bytes"
	"context"
	"fmt"
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
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/gemeenten/loket/internal/audit"
	"github.com/gemeenten/loket/internal/auth"
	"github.com/gemeenten/loket/internal/blob"
	"github.com/gemeenten/loket/internal/burger"
	"github.com/gemeenten/loket/internal/catalogus/catalogustest"
	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/db/dbtest"
	"github.com/gemeenten/loket/internal/document"
	"github.com/gemeenten/loket/internal/eform"
	"github.com/gemeenten/loket/internal/ident"
	"github.com/gemeenten/loket/internal/jobs"
	"github.com/gemeenten/loket/internal/klant"
	"github.com/gemeenten/loket/internal/seed"
	"github.com/gemeenten/loket/internal/server"
	"github.com/gemeenten/loket/internal/web"
	"github.com/gemeenten/loket/internal/zaak"
)

// BenchmarkMijnZaken opens 'Mijn zaken' (GET /mijn over HTTP with a
// citizen session) for a citizen with 20 zaken among 100,000 zaken of
// synthetic volume (goal: p99 ≤ 50 ms with 1 million). LOKET_BENCH_BIG=1
// seeds 1 million instead; LOKET_BENCH_ZAKEN sets any other number.
func BenchmarkMijnZaken(b *testing.B) {
	n := envInt("LOKET_BENCH_ZAKEN", 100_000)
	if os.Getenv("LOKET_BENCH_BIG") == "1" {
		n = 1_000_000
	}
	for _, eng := range dbtest.Engines() {
		// The volume is built once per engine, outside the sub-benchmark,
		// which the framework runs more than once.
		outer := b
		b.Run(fmt.Sprintf("%s/zaken=%d", eng, n), func(b *testing.B) {
			if mb, ok := mijnBenches[eng]; ok {
				runMijn(b, mb.url, mb.c)
				return
			}
			ctx := audit.WithActor(context.Background(), audit.Actor{Kind: "systeem", ID: "bench", Name: "Bench"})
			d := dbtest.New(outer, eng)
			if err := seed.Run(ctx, d, seed.Options{Zaken: n, Now: today}); err != nil {
				b.Fatal(err)
			}
			// A citizen of their own: none of the seeded zaken is theirs.
			var bsn string
			for _, c := range ident.TestBSNs(100) {
				var k int
				if err := d.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM zaken WHERE initiator_id = $1`, c).Scan(&k); err != nil {
					b.Fatal(err)
				}
				if k == 0 {
					bsn = c
					break
				}
			}
			if _, err := d.W.ExecContext(ctx, `INSERT INTO personen (bsn, voornamen, geslachtsnaam, woonplaats) VALUES ($1, 'Bea', 'Bench', 'Voorbeeld')`, bsn); err != nil {
				b.Fatal(err)
			}
			var ztID string
			if err := d.R.QueryRowContext(ctx, `SELECT id FROM zaaktypen WHERE concept = $1 ORDER BY identificatie LIMIT 1`, false).Scan(&ztID); err != nil {
				b.Fatal(err)
			}
			zs := zaak.New(d)
			zs.Now = func() time.Time { return today }
			for i := range 20 {
				if _, err := zs.Create(ctx, zaak.CreateInput{Bronorganisatie: rsinGemeente, VerantwoordelijkeOrganisatie: rsinGemeente,
					ZaakTypeID: ztID, Omschrijving: fmt.Sprintf("Aanvraag %d", i+1), Startdatum: date.Of(today).AddDays(-3 * i), Kanaal: "webformulier",
					Initiator: &zaak.RolInput{BetrokkeneType: "natuurlijk_persoon", BetrokkeneIdentificatie: zaak.BetrokkeneIdentificatie{
						InpBsn: bsn, Voornamen: "Bea", Geslachtsnaam: "Bench"}}}); err != nil {
					b.Fatal(err)
				}
			}
			if plan, err := zs.ExplainList(ctx, zaak.Filter{InitiatorIdent: bsn, Order: "-startdatum", Limit: zaak.MaxPageSize}); err == nil {
				b.Logf("query plan of Mijn zaken (%s):\n%s", eng, plan)
			}
			log := slog.New(slog.DiscardHandler)
			as, err := auth.New(ctx, d, auth.Config{Logger: log})
			if err != nil {
				b.Fatal(err)
			}
			h, err := web.New(web.Deps{DB: d, Log: log, Auth: as, Zaken: zs,
				Citizen: web.CitizenDeps{Burger: burger.New(d, as.Sign, burger.Config{Simulation: true})}})
			if err != nil {
				b.Fatal(err)
			}
			srv := httptest.NewServer(server.SecurityHeaders(false, h))
			outer.Cleanup(srv.Close)
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
			m := csrfRe.FindStringSubmatch(get("/mijn/inloggen"))
			if _, err := c.PostForm(srv.URL+"/mijn/inloggen/simulatie", url.Values{"csrf": {m[1]}, "wie": {"bsn:" + bsn},
				"niveau": {"midden"}, "terug": {"/mijn"}}); err != nil {
				b.Fatal(err)
			}
			if body := get("/mijn"); strings.Count(body, `href="/mijn/zaken/`) != 20 {
				b.Fatalf("Mijn zaken does not list the 20 zaken:\n%s", body)
			}
			mijnBenches[eng] = mijnBench{srv.URL, c}
			runMijn(b, srv.URL, c)
		})
	}
}

type mijnBench struct {
	url string
	c   *http.Client
}

var mijnBenches = map[db.Engine]mijnBench{}

func runMijn(b *testing.B, base string, c *http.Client) {
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	cpu0 := cpuTime()
	for range b.N {
		t0 := time.Now()
		resp, err := c.Get(base + "/mijn")
		if err != nil {
			b.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			b.Fatalf("GET /mijn: %d", resp.StatusCode)
		}
		lat = append(lat, time.Since(t0))
	}
	b.StopTimer()
	// CPU of this process (client and pages; not PostgreSQL's) per request:
	// steadier than wall time on a machine shared with other work.
	b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/1000/float64(b.N), "cpu-ms/req")
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[min(len(lat)-1, len(lat)*99/100)].Microseconds())/1000, "p99-ms")
}

// BenchmarkFormSubmit sends filled drafts of a form (eform.Service.Submit:
// the zaak with its initiator and two eigenschappen, the klantcontact, the
// acknowledgement and its e-mail job, in one transaction) from 8 goroutines
// at once (goal: ≥ 200 per second). Filling the drafts is not timed. With
// LOKET_BENCH_DSN the submissions go into that database (e.g. a copy of one
// seeded with 1M zaken and 5M klantcontacten, whose demo catalogue has the
// zaaktype OMGEVINGSVERGUNNING; it is written to) instead of an empty one.
//
// Besides submissions/s it reports the CPU time of this process per
// submission and its write system calls per submission: on PostgreSQL each
// query is one write to the server, so writes/op counts the round trips
// (plus a few wake-ups of the Go runtime); on SQLite they are WAL writes.
//
// The sub-benchmarks "upload=100KB" attach a 100 KB PDF to every draft
// (uploaded while filling, not timed): Submit copies it into the document
// store and creates and links its document in the submission's transaction.
func BenchmarkFormSubmit(b *testing.B) {
	for _, eng := range dbtest.Engines() {
		b.Run(string(eng), func(b *testing.B) { benchFormSubmit(b, eng, nil) })
		b.Run(string(eng)+"/upload=100KB", func(b *testing.B) { benchFormSubmit(b, eng, benchPDF(100<<10)) })
	}
}

// benchPDF is a PDF (by its header, which is what the upload checks) of n bytes.
func benchPDF(n int) []byte {
	head := "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n"
	tail := "trailer << /Root 1 0 R >>\n%%EOF\n"
	return []byte(head + strings.Repeat("%", n-len(head)-len(tail)) + tail)
}

func benchFormSubmit(b *testing.B, eng db.Engine, upload []byte) {
	ctx := audit.WithActor(context.Background(), audit.Actor{Kind: "systeem", ID: "bench", Name: "Bench"})
	d := formBenchDB(b, eng)
	var zaakTypeID string
	if err := d.R.QueryRowContext(ctx, `SELECT id FROM zaaktypen WHERE identificatie = 'OMGEVINGSVERGUNNING'`).Scan(&zaakTypeID); err != nil {
		b.Fatal(err)
	}
	// The answers the zaaktype records as eigenschappen (the seeded
	// demo catalogue has them; the test catalogue gets them here).
	for _, e := range [][2]string{{"activiteit", "tekst"}, {"bouwkosten", "getal"}} {
		if _, err := d.W.ExecContext(ctx, `INSERT INTO eigenschappen (id, zaaktype_id, naam, definitie, formaat, lengte)
			VALUES ($1, $2, $3, $3, $4, '20') ON CONFLICT (zaaktype_id, naam) DO NOTHING`, uuid.NewString(), zaakTypeID, e[0], e[1]); err != nil {
			b.Fatal(err)
		}
	}
	now := func() time.Time { return today }
	docBlobs, err := blob.NewDir(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	uploads, err := blob.NewDir(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	zs := zaak.New(d)
	zs.Now = now
	ks := klant.New(d)
	ks.Now = now
	q, err := jobs.New(d, nil, jobs.Config{})
	if err != nil {
		b.Fatal(err)
	}
	s := &eform.Service{DB: d, Zaken: zs, Docs: document.New(d, docBlobs, now), Klant: ks, Blobs: uploads, Queue: q,
		Now: now, Bronorganisatie: rsinGemeente}
	def := eform.Definitie{Paginas: []eform.Pagina{{Titel: "Uw aanvraag", Velden: []eform.Veld{
		{Naam: "wat", Type: eform.Choice, Label: "Wat wilt u doen?", Opties: []string{"Bouwen", "Verbouwen"}, Verplicht: true},
		{Naam: "activiteit", Type: eform.Text, Label: "Welke activiteit?", Verplicht: true, Eigenschap: true},
		{Naam: "bouwkosten", Type: eform.Number, Label: "Bouwkosten in euro", Verplicht: true, Eigenschap: true},
		{Naam: "email", Type: eform.Email, Label: "E-mailadres", Verplicht: true},
		{Naam: "toelichting", Type: eform.Textarea, Label: "Toelichting"},
	}}}}
	if upload != nil {
		def.Paginas[0].Velden = append(def.Paginas[0].Velden, eform.Veld{Naam: "bijlage", Type: eform.File,
			Label: "Bijlage", Bestandstypen: []string{"application/pdf"}, MaxMB: 1})
	}
	// A slug of its own: a database given with LOKET_BENCH_DSN may have
	// the form (and the citizens' drafts of it) from an earlier run.
	slug := "aanvraag-" + uuid.NewString()[:8]
	if _, err := s.SaveForm(ctx, eform.FormInput{Slug: slug, Titel: "Aanvraag omgevingsvergunning",
		ZaaktypeIdentificatie: "OMGEVINGSVERGUNNING", Definitie: def}); err != nil {
		b.Fatal(err)
	}
	if _, err := s.Publish(ctx, slug); err != nil {
		b.Fatal(err)
	}
	// One citizen per draft: a citizen has one open draft per form.
	bsns := ident.TestBSNs(b.N)
	drafts := make(chan *eform.Concept, b.N)
	for i, bsn := range bsns {
		if _, err := d.W.ExecContext(ctx, `INSERT INTO personen (bsn, voornamen, geslachtsnaam) VALUES ($1, 'Inwoner', $2)
			ON CONFLICT (bsn) DO NOTHING`, bsn, fmt.Sprint(i)); err != nil {
			b.Fatal(err)
		}
		c, _, err := s.Start(ctx, slug, eform.Owner{Type: "bsn", Number: bsn, Name: fmt.Sprintf("Inwoner %d", i)})
		if err != nil {
			b.Fatal(err)
		}
		if err := s.SavePage(ctx, c, 0, eform.Answers{"wat": {"Verbouwen"}, "activiteit": {"verbouwen"},
			"bouwkosten": {fmt.Sprint(10000 + i)}, "email": {"inwoner@voorbeeld.nl"},
			"toelichting": {"Een dakkapel aan de achterkant."}}, 1); err != nil {
			b.Fatal(err)
		}
		if upload != nil {
			if _, err := s.Upload(ctx, c, "bijlage", "bijlage.pdf", bytes.NewReader(upload)); err != nil {
				b.Fatal(err)
			}
		}
		drafts <- c
	}
	close(drafts)
	var before int
	if err := d.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM zaken`).Scan(&before); err != nil {
		b.Fatal(err)
	}
	const workers = 8
	var wg sync.WaitGroup
	errc := make(chan error, workers)
	b.ResetTimer()
	s0 := formServerCPU(d)
	t0, cpu0, w0 := time.Now(), cpuTime(), formWriteSyscalls()
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for c := range drafts {
				if _, err := s.Submit(ctx, c); err != nil {
					errc <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	elapsed, cpu, writes := time.Since(t0), cpuTime()-cpu0, formWriteSyscalls()-w0
	b.StopTimer()
	b.ReportMetric(float64(cpu.Microseconds())/1000/float64(b.N), "cpu-ms/op")
	b.ReportMetric(float64(writes)/float64(b.N), "writes/op")
	if s1 := formServerCPU(d); len(s1) > 0 {
		b.ReportMetric(float64(formServerCPUSince(s0, s1).Microseconds())/1000/float64(b.N), "server-cpu-ms/op")
	}
	close(errc)
	if err := <-errc; err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "submissions/s")
	var k, e int
	if err := d.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM zaken`).Scan(&k); err != nil || k-before != b.N {
		b.Fatalf("%d zaken for %d submissions (%v)", k-before, b.N, err)
	}
	if err := d.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM zaakeigenschappen ze JOIN formulier_inzendingen i ON i.zaak_id = ze.zaak_id
		JOIN formulieren f ON f.id = i.formulier_id WHERE f.slug = $1`, slug).Scan(&e); err != nil || e != 2*b.N {
		b.Fatalf("%d eigenschappen for %d submissions (%v)", e, b.N, err)
	}
	if upload != nil {
		if err := d.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM zaakinformatieobjecten zio JOIN formulier_inzendingen i ON i.zaak_id = zio.zaak_id
			JOIN formulieren f ON f.id = i.formulier_id WHERE f.slug = $1`, slug).Scan(&e); err != nil || e != b.N {
			b.Fatalf("%d documents linked for %d submissions (%v)", e, b.N, err)
		}
	}
}

// formBenchDB is the database at LOKET_BENCH_DSN (when it is of engine e)
// or a fresh one with the test catalogue.
func formBenchDB(b *testing.B, e db.Engine) *db.DB {
	dsn := os.Getenv("LOKET_BENCH_DSN")
	if dsn == "" {
		d := dbtest.New(b, e)
		catalogustest.Build(b, d)
		return d
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

// formWriteSyscalls is the number of write system calls this process made
// so far (Linux; 0 elsewhere).
func formWriteSyscalls() int64 {
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

// cpuTime is the CPU time (user + system) this process used so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// formServerCPU is the CPU time PostgreSQL's backends serving database d have
// used so far, by process id, when the server runs on this machine (read
// from /proc; empty otherwise and on SQLite). With the client's own CPU it
// shows what an operation costs in all, which is what decides the rate on
// a machine whose cores are busy with other work.
func formServerCPU(d *db.DB) map[int]time.Duration {
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

// formServerCPUSince is the backends' CPU used between two formServerCPU readings
// (a backend that started in between counts whole).
func formServerCPUSince(before, after map[int]time.Duration) time.Duration {
	var sum time.Duration
	for pid, t := range after {
		sum += t - before[pid]
	}
	return sum
}
