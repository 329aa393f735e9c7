// Package notificaties is Loket's notificatierouteringscomponent (ZGW
// Notificaties API 1.0): kanalen, abonnementen of consumers on them, and
// durable delivery of every message to every matching abonnement.
//
// Domain services announce their changes through event.Emit; Service is the
// event.Sink that turns a change into the standard message, stores it and
// queues one fan-out job in the same transaction (nothing when nobody
// subscribed to the kanaal). The fan-out job POSTs the message to every
// matching abonnement at once; for each one that does not answer 2xx it
// queues a delivery job, which the job queue retries with backoff. Every
// attempt is recorded, so a beheerder sees failures. Because everything goes
// through the job queue in the database, a crash between commit and
// delivery loses nothing (delivery is at least once).
//
// Wiring (cmd/loket/serve.go), after the migration and before the queue
// starts:
//
//	ns := notificaties.New(d, cfg.BaseURL, queue) // prepares its SQLite statement: no transaction may be open
//	ns.Log = log
//	ns.Register(queue)                           // fan-out, delivery and hourly clean-up workers
//	zaken.Events = event.Multi(ns, letters)      // likewise document, besluit, catalogus, zgw.Store, klant
//	env.Mount(mux, nrcapi.Prefix, zgw.NRC, nrcapi.Version, nrcapi.Handler(env, ns))
//	web.Deps{…, Notify: web.NotifyDeps{Service: ns}}
package notificaties

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/jobs"
	"github.com/gemeenten/loket/internal/zgw"
)

// Service holds kanalen and abonnementen, publishes messages and delivers
// them. Build it with New; override fields before first use.
type Service struct {
	DB *db.DB
	// Base is the public base URL without trailing slash (the same as
	// zgw.Env.Base); resource URLs in messages are built from it.
	Base string
	// Queue queues the fan-out job in the writing transaction.
	Queue jobs.Enqueuer
	// Now is the clock for aanmaakdatum and attempt times.
	Now func() time.Time
	Log *slog.Logger
	// HTTP delivers to callback URLs (default: zgw.GuardedClient, 10 s timeout).
	HTTP *http.Client
	// Backoff is the wait before retry n (n ≥ 1) of a failed delivery. The
	// default follows Open Zaak: 25 s × 4ⁿ⁻¹, at most 52,000 s.
	Backoff func(retry int) time.Duration
	// Attempts is how often a delivery is tried before it is given up
	// (default 8: the first try and Open Zaak's 7 retries).
	Attempts int
	// Retention is how long messages and attempts are kept (default
	// DefaultRetention).
	Retention time.Duration
	prepared  map[string]*sql.Stmt // SQLite: see sink.go
}

// DefaultAttempts is the number of delivery attempts per abonnement.
const DefaultAttempts = 8

// New returns a Service on d that builds URLs from base and queues on q.
func New(d *db.DB, base string, q jobs.Enqueuer) *Service {
	s := &Service{
		DB:    d,
		Base:  strings.TrimRight(base, "/"),
		Queue: q,
		Now:   time.Now,
		// Callbacks follow the ZGW outbound rule: no link-local,
		// metadata or multicast addresses, redirects only on the same host.
		HTTP: zgw.GuardedClient(10 * time.Second),
	}
	s.prepare(context.Background())
	return s
}

func (s *Service) now() time.Time {
	if s.Now == nil {
		return time.Now().UTC()
	}
	return s.Now().UTC()
}

func (s *Service) log() *slog.Logger {
	if s.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return s.Log
}

func (s *Service) backoff(retry int) time.Duration {
	if s.Backoff != nil {
		return s.Backoff(retry)
	}
	d := 25 * time.Second
	for i := 1; i < retry && d < 52000*time.Second; i++ {
		d *= 4
	}
	return min(d, 52000*time.Second)
}

func (s *Service) attempts() int {
	if s.Attempts > 0 {
		return s.Attempts
	}
	return DefaultAttempts
}

// Message is a notification exactly as the Notificaties API and the
// consumer webhook define it; fields in the standard's order.
type Message struct {
	Kanaal       string            `json:"kanaal"`
	HoofdObject  string            `json:"hoofdObject"`
	Resource     string            `json:"resource"`
	ResourceURL  string            `json:"resourceUrl"`
	Actie        string            `json:"actie"`
	Aanmaakdatum time.Time         `json:"aanmaakdatum"`
	Kenmerken    map[string]string `json:"kenmerken"`
}

// MarshalJSON writes kenmerken as {} rather than null and the time in UTC.
func (m Message) MarshalJSON() ([]byte, error) {
	type plain Message
	p := plain(m)
	if p.Kenmerken == nil {
		p.Kenmerken = map[string]string{}
	}
	p.Aanmaakdatum = p.Aanmaakdatum.UTC()
	return json.Marshal(p)
}

type scanner interface{ Scan(dest ...any) error }

func jsonText(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // only maps and slices of strings are passed
	}
	return string(b)
}

func notFound(what, id string, err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return errs.NotFoundf(what, id)
	}
	return fmt.Errorf("notificaties: load %s %s: %w", what, id, err)
}
