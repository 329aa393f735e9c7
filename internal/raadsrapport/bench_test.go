package raadsrapport_test

import (
	"syscall"
	"testing"
	"time"
)

// BenchmarkRender turns the figures of a quarter into the council report:
// the document, its PDF and its HTML (CPU only; the figures themselves are
// rapportage's benchmark). One op is one report in both formats.
func BenchmarkRender(b *testing.B) {
	b.ReportAllocs()
	cpu0 := cpuTime()
	var size int
	for b.Loop() {
		d := document()
		pdf, err := d.PDF()
		if err != nil {
			b.Fatal(err)
		}
		html, err := d.HTML()
		if err != nil {
			b.Fatal(err)
		}
		size += len(pdf) + len(html)
	}
	b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/1000/float64(b.N), "cpu-ms/op")
	b.ReportMetric(float64(size)/float64(b.N), "bytes/op")
}

// cpuTime is the process's CPU time (user + system): steadier than wall
// time on a shared machine. Reported as cpu-ms/op.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
