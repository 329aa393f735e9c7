package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/gemeenten/loket/internal/db"
)

// Health serves /healthz (the process is up) and /readyz (the database answers
// and its schema is current), for load balancers and orchestrators.
func Health(d *db.DB) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		fmt.Fprintln(w, "ok")
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		status := map[string]any{"database": "ok", "engine": d.Engine, "migrations": "current"}
		code := http.StatusOK
		if err := d.Ping(ctx); err != nil {
			status["database"] = "unreachable"
			code = http.StatusServiceUnavailable
		} else if pending, err := d.Pending(ctx); err != nil {
			status["migrations"] = "unknown"
			code = http.StatusServiceUnavailable
		} else if len(pending) > 0 {
			status["migrations"] = "pending"
			status["pending"] = pending
			code = http.StatusServiceUnavailable
		}
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Cache-Control", "no-store")
		w.WriteHeader(code)
		json.NewEncoder(w).Encode(status)
	})
	return mux
}

// Server runs the HTTP listener with sane timeouts.
type Server struct {
	HTTP     *http.Server
	Listener net.Listener
	Log      *slog.Logger
}

// New wraps h in the common middleware and listens on addr (":0" picks a port).
func New(addr string, h http.Handler, log *slog.Logger, secure bool) (*Server, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("listen on %s: %w", addr, err)
	}
	srv := &http.Server{
		Handler:           Observe(log, SecurityHeaders(secure, h)),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       2 * time.Minute, // document uploads
		WriteTimeout:      2 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	return &Server{HTTP: srv, Listener: ln, Log: log}, nil
}

// Addr is the address actually listened on.
func (s *Server) Addr() string { return s.Listener.Addr().String() }

// Serve blocks until the server stops; a graceful Shutdown is not an error.
func (s *Server) Serve() error {
	if err := s.HTTP.Serve(s.Listener); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// Shutdown stops accepting connections and waits for running requests.
func (s *Server) Shutdown(ctx context.Context) error { return s.HTTP.Shutdown(ctx) }
