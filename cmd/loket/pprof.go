//go:build pprof

package main

// Built with -tags pprof, loket serves the runtime profiles on the address
// in LOKET_PPROF_ADDR (for example 127.0.0.1:6060), apart from the
// product's own listener, for measuring under load:
//
//	go build -tags pprof -o /tmp/loket ./cmd/loket
//	LOKET_PPROF_ADDR=127.0.0.1:6060 /tmp/loket serve …
//	go tool pprof -top 'http://127.0.0.1:6060/debug/pprof/profile?seconds=10'
//
// Release builds leave this file out.

import (
	"log/slog"
	"net/http"
	_ "net/http/pprof"
	"os"
)

func init() {
	addr := os.Getenv("LOKET_PPROF_ADDR")
	if addr == "" {
		return
	}
	go func() {
		slog.Info("pprof", "addr", addr)
		if err := http.ListenAndServe(addr, nil); err != nil {
			slog.Error("pprof", "err", err)
		}
	}()
}
