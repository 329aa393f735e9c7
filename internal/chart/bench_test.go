package chart_test

import (
	"syscall"
	"testing"
	"time"

	"github.com/gemeenten/loket/internal/chart"
	"github.com/gemeenten/loket/internal/export"
)

// BenchmarkBarRender draws the dashboard's largest bar chart: seven
// channels, three series, a goal line. One op is one chart (CPU only).
func BenchmarkBarRender(b *testing.B) {
	c := chart.Bar{ID: "b", Title: "Direct beantwoord per kanaal", Categories: []string{"Telefoon", "Balie", "E-mail", "Post", "Webformulier", "Chat", "Sociale media"},
		Series: []chart.Series{{Name: "Nu", Values: []float64{.71, .5, .6, .2, .8, .79, .75}}, {Name: "Vorige", Values: []float64{.66, .77, .69, .75, .75, .9, .66}},
			{Name: "Jaar eerder", Values: []float64{.68, .56, .83, .47, .81, .89, .56}}}, Kind: export.Percent, Goal: &chart.Goal{Value: .8}}
	b.ReportAllocs()
	cpu0 := cpuTime()
	var n int
	for b.Loop() {
		n += len(c.Render().SVG)
	}
	b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/1000/float64(b.N), "cpu-ms/op")
	b.ReportMetric(float64(n)/float64(b.N), "svg-bytes/op")
}

// cpuTime is the process's CPU time (user + system): steadier than wall
// time on a shared machine. Reported as cpu-ms/op.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
