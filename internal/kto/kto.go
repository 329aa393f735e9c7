// Package kto is the customer satisfaction survey (klanttevredenheids-
// onderzoek, issue 7; DESIGN §4.3: a mean grade of at least 8.0 per channel
// and aspect).
//
// After a klantcontact with a known party, or when a zaak closes (to its
// initiator), the Sink queues an invitation job in the transaction of that
// change. The job decides, once per cause (idempotent by cause): sampling
// (1 in Steekproef), opt-out, and at most one invitation per person per
// Interval; it then sends the survey link by e-mail through the outbox, or
// — when the person has no e-mail address or chose post/PIP — shows it in
// the PIP only.
//
// Responses are stored without any link to the person or to the
// invitation (see migration 0022); reports see channel, zaaktype, product,
// team and day, and comments with e-mail addresses, phone numbers and
// BSN-like numbers removed.
package kto

import (
	"context"
	"fmt"
	"log/slog"
	"sort"
	"time"

	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/jobs"
	"github.com/gemeenten/loket/internal/klant"
	"github.com/gemeenten/loket/internal/mail"
)

// Defaults of the Service's settings.
const (
	DefaultIntervalDagen = 90
	DefaultGeldigDagen   = 30
)

// Service is the KTO domain. Build it with New; set the fields before use.
type Service struct {
	DB   *db.DB
	Jobs jobs.Enqueuer
	// Mail sends invitations by e-mail; nil means PIP only.
	Mail *mail.Service
	Now  func() time.Time
	Log  *slog.Logger
	// BaseURL is the public URL for the link in the e-mail, without a
	// trailing slash.
	BaseURL string
	// Municipality signs the e-mail ("Gemeente Voorbeeld").
	Municipality string
	// IntervalDagen: a person is invited at most once per this many days
	// (LOKET_KTO_INTERVAL_DAGEN, default 90).
	IntervalDagen int
	// Steekproef N invites 1 in N eligible causes (LOKET_KTO_STEEKPROEF,
	// default 1: everyone). The choice is a hash of the cause's id, so a
	// retried job chooses the same.
	Steekproef int
	// GeldigDagen is how long an invitation can be answered (default 30).
	GeldigDagen int
}

// New returns the service with the default settings.
func New(d *db.DB, q jobs.Enqueuer, m *mail.Service, now func() time.Time, log *slog.Logger) *Service {
	if now == nil {
		now = time.Now
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Service{DB: d, Jobs: q, Mail: m, Now: now, Log: log, Municipality: "Gemeente Voorbeeld",
		IntervalDagen: DefaultIntervalDagen, Steekproef: 1, GeldigDagen: DefaultGeldigDagen}
}

func (s *Service) now() time.Time { return s.Now().UTC() }

func (s *Service) interval() time.Duration {
	d := s.IntervalDagen
	if d <= 0 {
		d = DefaultIntervalDagen
	}
	return time.Duration(d) * 24 * time.Hour
}

func (s *Service) geldig() time.Duration {
	d := s.GeldigDagen
	if d <= 0 {
		d = DefaultGeldigDagen
	}
	return time.Duration(d) * 24 * time.Hour
}

// KanaalLabel is how a channel is shown; "" is all channels.
func KanaalLabel(k string) string {
	switch k {
	case "":
		return "Alle kanalen"
	case "api":
		return "Koppeling (API)"
	case "onbekend":
		return "Onbekend"
	}
	if l, ok := klant.KanaalLabel[k]; ok {
		return l
	}
	return k
}

// kanaalOrder sorts the channels of m: klant.Kanalen first, then the rest
// alphabetically.
func kanaalOrder[T any](m map[string]T) []string {
	rank := map[string]int{}
	for i, k := range klant.Kanalen {
		rank[k] = i
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		ri, iok := rank[keys[i]]
		rj, jok := rank[keys[j]]
		switch {
		case iok && jok:
			return ri < rj
		case iok != jok:
			return iok
		}
		return keys[i] < keys[j]
	})
	return keys
}

// referencesFor returns, per (kanaal, aspect), the reference of the latest
// year not after year.
func (s *Service) referencesFor(ctx context.Context, year int) (map[[2]string]Reference, error) {
	rows, err := s.DB.R.QueryContext(ctx, `SELECT id, kanaal, aspect, jaar, waarde_tienden, bron FROM kto_referenties
		WHERE jaar <= $1 ORDER BY jaar`, year)
	if err != nil {
		return nil, fmt.Errorf("kto: references: %w", err)
	}
	defer rows.Close()
	out := map[[2]string]Reference{}
	for rows.Next() {
		var r Reference
		if err := rows.Scan(&r.ID, &r.Kanaal, &r.Aspect, &r.Jaar, &r.Tienden, &r.Bron); err != nil {
			return nil, fmt.Errorf("kto: references: %w", err)
		}
		out[[2]string{r.Kanaal, r.Aspect}] = r // later years overwrite earlier ones
	}
	return out, rows.Err()
}
