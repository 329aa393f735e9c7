package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/db/dbtest"
	"github.com/gemeenten/loket/internal/server"
)

func TestHealthAndReadiness(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		h := server.Health(d)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", "/healthz", nil))
		if rec.Code != 200 {
			t.Fatalf("healthz %d", rec.Code)
		}
		rec = httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", "/readyz", nil))
		if rec.Code != 200 {
			t.Fatalf("readyz %d: %s", rec.Code, rec.Body)
		}
		// A migration that is not applied makes the instance not ready.
		if _, err := d.W.ExecContext(context.Background(), `DELETE FROM schema_migrations WHERE version = '0002_catalogus'`); err != nil {
			t.Fatal(err)
		}
		rec = httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", "/readyz", nil))
		var body map[string]any
		json.Unmarshal(rec.Body.Bytes(), &body)
		if rec.Code != 503 || body["migrations"] != "pending" {
			t.Fatalf("readyz with pending migration: %d %v", rec.Code, body)
		}
		d.Close()
		rec = httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", "/readyz", nil))
		if rec.Code != 503 {
			t.Fatalf("readyz with closed database: %d", rec.Code)
		}
	})
}

func TestMiddlewareRequestIDHeadersAndRecovery(t *testing.T) {
	var logs bytes.Buffer
	log := slog.New(server.ContextHandler{Handler: slog.NewJSONHandler(&logs, nil)})
	var seen string
	h := server.Observe(log, server.SecurityHeaders(true, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen = server.RequestID(r.Context())
		log.InfoContext(r.Context(), "inside handler")
		if r.URL.Path == "/panic" {
			panic("boom")
		}
		w.Write([]byte("hi"))
	})))

	rec := httptest.NewRecorder()
	req := httptest.NewRequest("GET", "/x?bsn=999993653", nil)
	req.Header.Set("X-Request-Id", "abc-123")
	h.ServeHTTP(rec, req)
	if seen != "abc-123" || rec.Header().Get("X-Request-Id") != "abc-123" {
		t.Fatalf("request id not propagated: %q", seen)
	}
	for _, hdr := range []string{"Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy", "Strict-Transport-Security"} {
		if rec.Header().Get(hdr) == "" {
			t.Errorf("missing header %s", hdr)
		}
	}
	if !strings.Contains(logs.String(), `"msg":"inside handler","request_id":"abc-123"`) {
		t.Fatalf("handler log line lacks request id:\n%s", logs.String())
	}
	if strings.Contains(logs.String(), "999993653") {
		t.Fatal("query string with a BSN ended up in the log")
	}

	rec = httptest.NewRecorder()
	req = httptest.NewRequest("GET", "/panic", nil)
	req.Header.Set("X-Request-Id", "bad id with spaces")
	h.ServeHTTP(rec, req)
	if rec.Code != 500 {
		t.Fatalf("panic gave %d", rec.Code)
	}
	if id := rec.Header().Get("X-Request-Id"); id == "" || id == "bad id with spaces" {
		t.Fatalf("malformed request id accepted: %q", id)
	}
}
