package zgw_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/gemeenten/loket/internal/zgw"
)

// processCPU is this process's user+system CPU time: steadier than wall
// time on a shared machine.
func processCPU() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkResolve compares a reference to this server (answered
// in-process: no HTTP round trip) with one to another server (one HTTP GET
// over loopback, the guarded transport, the shape check). It reports CPU
// and HTTP round trips per resolved reference.
func BenchmarkResolve(b *testing.B) {
	body := []byte(`{"url":"u","naam":"email","omschrijving":"E-mail"}`)
	var hits atomic.Int64
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Write(body)
	})
	remote := httptest.NewServer(h)
	defer remote.Close()
	required := []string{"url", "naam", "omschrijving"}
	for _, c := range []struct {
		name, base, url string
		local           http.Handler
	}{
		{"own-in-process", "http://loket.test", "http://loket.test/referentielijsten/api/v1/communicatiekanalen/1", h},
		{"other-server-http", "http://loket.test", remote.URL + "/communicatiekanalen/1", nil},
	} {
		b.Run(c.name, func(b *testing.B) {
			env := zgw.NewEnv(nil, c.base, nil)
			ctx := context.Background()
			hits.Store(0)
			remoteHits := func() int64 { return hits.Load() }
			cpu0 := processCPU()
			b.ResetTimer()
			for range b.N {
				if err := env.Resolve(ctx, "communicatiekanaal", c.url, "een communicatiekanaal",
					zgw.FetchOptions{Local: c.local}, required, nil); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			b.ReportMetric(float64((processCPU()-cpu0).Microseconds())/float64(b.N), "cpu-µs/op")
			rt := 0.0
			if c.local == nil {
				rt = float64(remoteHits()) / float64(b.N)
			}
			b.ReportMetric(rt, "http-roundtrips/op")
		})
	}
}
