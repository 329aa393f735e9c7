package kto_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/db/dbtest"
	"github.com/gemeenten/loket/internal/event"
	"github.com/gemeenten/loket/internal/jobs"
	"github.com/gemeenten/loket/internal/kto"
)

// cpuTime is the CPU time (user + system) this process used so far; on
// PostgreSQL the server's own CPU is not in it.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func benchEngines(b *testing.B, fn func(b *testing.B, d *db.DB)) {
	for _, e := range dbtest.Engines() {
		b.Run(string(e), func(b *testing.B) { fn(b, dbtest.New(b, e)) })
	}
}

// BenchmarkResults is the results table of a year over N responses
// (LOKET_KTO_BENCH_N, default 100000) spread over 5 channels, 8 teams and
// one year: two queries per call (the aggregate and the reference values).
func BenchmarkResults(b *testing.B) {
	n := 100000
	if v, err := strconv.Atoi(os.Getenv("LOKET_KTO_BENCH_N")); err == nil && v > 0 {
		n = v
	}
	benchEngines(b, func(b *testing.B, d *db.DB) {
		ctx := context.Background()
		teams := make([]string, 8)
		for i := range teams {
			teams[i] = uuid.NewString()
			if _, err := d.W.Exec(`INSERT INTO teams (id, code, naam) VALUES ($1, $2, $2)`, teams[i], fmt.Sprint("T", i)); err != nil {
				b.Fatal(err)
			}
		}
		kanalen := []string{"balie", "telefoon", "email", "webformulier", "chat"}
		start := date.New(2025, 1, 1)
		const batch = 500
		err := d.Tx(ctx, func(tx *sql.Tx) error {
			for i := 0; i < n; i += batch {
				var sb strings.Builder
				var args []any
				sb.WriteString(`INSERT INTO kto_antwoorden (id, datum, bron, kanaal, team_id, cijfer, vriendelijkheid, prijs) VALUES `)
				for j := i; j < min(n, i+batch); j++ {
					if j > i {
						sb.WriteString(",")
					}
					p := len(args)
					fmt.Fprintf(&sb, "($%d,$%d,'klantcontact',$%d,$%d,$%d,$%d,$%d)", p+1, p+2, p+3, p+4, p+5, p+6, p+7)
					var prijs any
					if j%3 != 0 {
						prijs = 1 + j%10
					}
					args = append(args, uuid.NewString(), start.AddDays(j%365), kanalen[j%len(kanalen)], teams[j%len(teams)],
						1+(j*7)%10, 1+(j*3)%10, prijs)
				}
				if _, err := tx.ExecContext(ctx, sb.String(), args...); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
		s := kto.New(d, nil, nil, nil, nil)
		from := time.Date(2025, 1, 1, 0, 0, 0, 0, date.Amsterdam)
		to := time.Date(2026, 1, 1, 0, 0, 0, 0, date.Amsterdam)
		b.ResetTimer()
		cpu0 := cpuTime()
		for i := 0; i < b.N; i++ {
			f := kto.Filter{}
			if i%2 == 1 {
				f.TeamID = teams[i%len(teams)]
			}
			r, err := s.Results(ctx, from, to, f)
			if err != nil {
				b.Fatal(err)
			}
			if r.Responses == 0 {
				b.Fatal("no responses")
			}
		}
		b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/1000/float64(b.N), "cpu-ms/op")
		b.ReportMetric(float64(n), "responses")
	})
}

// BenchmarkSink is what the KTO sink adds to the transaction of a new
// klantcontact with a known person: one primary-key read and one job
// insert (2 round trips); every other change costs nothing.
func BenchmarkSink(b *testing.B) {
	benchEngines(b, func(b *testing.B, d *db.DB) {
		ctx := context.Background()
		q, err := jobs.New(d, nil, jobs.Config{})
		if err != nil {
			b.Fatal(err)
		}
		s := kto.New(d, q, nil, nil, nil)
		sink := s.Sink()
		ids := make([]string, b.N)
		err = d.Tx(ctx, func(tx *sql.Tx) error {
			for i := range ids {
				ids[i] = uuid.NewString()
				if _, err := tx.ExecContext(ctx, `INSERT INTO klantcontacten (id, nummer, kanaal, partij_type, partij_id, onderwerp,
					uitkomst, plaatsgevonden_op, created_at) VALUES ($1, $2, 'telefoon', 'natuurlijk_persoon', '111222333', 'x',
					'direct_beantwoord', $3, $3)`, ids[i], "KC-B-"+ids[i], time.Now().UTC()); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
		b.ResetTimer()
		cpu0 := cpuTime()
		for i := 0; i < b.N; i++ {
			err := d.Tx(ctx, func(tx *sql.Tx) error {
				return sink.Emit(ctx, tx, event.Change{Kanaal: "klantinteracties", Resource: "klantcontact", ResourceID: ids[i],
					HoofdObject: "klantcontact", HoofdObjectID: ids[i], Actie: event.Create})
			})
			if err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/1000/float64(b.N), "cpu-ms/op")
	})
}
