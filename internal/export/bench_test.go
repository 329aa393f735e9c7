package export_test

import (
	"fmt"
	"io"
	"syscall"
	"testing"
	"time"

	"github.com/gemeenten/loket/internal/export"
)

// bigTable is a drill-down download at its cap: 10.000 rows, 7 columns.
func bigTable() export.Table {
	t := export.Table{ID: "contacten", Title: "Klantcontacten", Columns: []export.Column{{Header: "Contact"}, {Header: "Moment"}, {Header: "Kanaal"},
		{Header: "Uitkomst"}, {Header: "Onderwerp"}, {Header: "Aantal", Kind: export.Integer}, {Header: "Aandeel", Kind: export.Percent}}}
	for i := range 10000 {
		t.Rows = append(t.Rows, []any{fmt.Sprintf("KC-2026-%010d", i), "1 oktober 2026, 02:56", "Telefoon", "direct beantwoord", "Aanvraag paspoort", i, float64(i%100) / 100})
	}
	return t
}

// BenchmarkXLSX10k writes a 10.000-row workbook; one op is one file.
func BenchmarkXLSX10k(b *testing.B) {
	t := bigTable()
	b.ReportAllocs()
	cpu0 := cpuTime()
	for b.Loop() {
		if err := export.WriteXLSX(io.Discard, t); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/1000/float64(b.N), "cpu-ms/op")
}

// BenchmarkCSV10k writes the same table as CSV.
func BenchmarkCSV10k(b *testing.B) {
	t := bigTable()
	b.ReportAllocs()
	cpu0 := cpuTime()
	for b.Loop() {
		if err := export.WriteCSV(io.Discard, t); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/1000/float64(b.N), "cpu-ms/op")
}

// cpuTime is the process's CPU time (user + system): steadier than wall
// time on a shared machine. Reported as cpu-ms/op.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
