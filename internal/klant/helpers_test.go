package klant_test

import (
	"context"
	"database/sql"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/gemeenten/loket/internal/audit"
	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/event"
	"github.com/gemeenten/loket/internal/klant"
)

// Valid test numbers (elfproef).
const (
	bsnJan    = "111222333"
	bsnPiet   = "123456782"
	kvkBakker = "12345678"
)

type env struct {
	t      *testing.T
	d      *db.DB
	s      *klant.Service
	ctx    context.Context
	now    time.Time
	mu     sync.Mutex
	events []event.Change
	team   string
	user   string
}

func newEnv(t *testing.T, d *db.DB) *env {
	t.Helper()
	e := &env{t: t, d: d, now: time.Date(2026, 3, 10, 9, 30, 0, 0, time.UTC)} // a Tuesday
	e.s = klant.New(d)
	e.s.Now = func() time.Time { return e.now }
	e.s.Events = event.SinkFunc(func(_ context.Context, _ *sql.Tx, c event.Change) error {
		e.mu.Lock()
		defer e.mu.Unlock()
		e.events = append(e.events, c)
		return nil
	})
	ctx := context.Background()
	e.team, e.user = uuid.NewString(), uuid.NewString()
	e.exec(`INSERT INTO teams (id, code, naam, email, telefoon, contactverzoek_sla_werkdagen) VALUES ($1, 'KCC', 'Klantcontactcentrum', 'kcc@example.nl', '0570123456', 1)`, e.team)
	e.exec(`INSERT INTO users (id, username, naam, email, team_id) VALUES ($1, 'kcc', 'Sanne de Vries', 'sanne@example.nl', $2)`, e.user, e.team)
	e.exec(`INSERT INTO personen (bsn, voornamen, voorletters, voorvoegsel, geslachtsnaam, geboortedatum, straat, huisnummer, postcode, woonplaats, email, telefoon)
		VALUES ($1, 'Jan', 'J.', 'de', 'Vries', $2, 'Kerkstraat', '12', '7411 AB', 'Deventer', 'jan@example.nl', '06-12345678')`, bsnJan, "1980-05-01")
	e.exec(`INSERT INTO personen (bsn, voornamen, voorletters, geslachtsnaam, geboortedatum, straat, huisnummer, postcode, woonplaats)
		VALUES ($1, 'Piet', 'P.', 'Jansen', $2, 'Brink', '3', '7411 BC', 'Deventer')`, bsnPiet, "1975-01-02")
	e.exec(`INSERT INTO bedrijven (kvk_nummer, vestigingsnummer, rsin, handelsnaam, straat, huisnummer, postcode, woonplaats, email, telefoon)
		VALUES ($1, '', '', 'Bakkerij Bol', 'Markt', '1', '7411 CD', 'Deventer', 'info@bol.example.nl', '0570-654321')`, kvkBakker)
	e.ctx = audit.WithActor(ctx, audit.Actor{Kind: "medewerker", ID: e.user, Name: "kcc", Roles: []string{"kcc"}, TeamID: e.team})
	return e
}

func (e *env) exec(q string, args ...any) {
	e.t.Helper()
	if _, err := e.d.W.ExecContext(context.Background(), q, args...); err != nil {
		e.t.Fatalf("%s: %v", q, err)
	}
}

func (e *env) count(q string, args ...any) int {
	e.t.Helper()
	var n int
	if err := e.d.R.QueryRowContext(context.Background(), q, args...).Scan(&n); err != nil {
		e.t.Fatalf("%s: %v", q, err)
	}
	return n
}

// wantField fails unless err is an Invalid error with a field error on field.
func wantField(t *testing.T, err error, field, code string) {
	t.Helper()
	e := errs.As(err)
	if e == nil || e.Kind != errs.Invalid {
		t.Fatalf("want invalid error on %s, got %v", field, err)
	}
	for _, f := range e.Fields {
		if f.Field == field && (code == "" || f.Code == code) {
			if f.Reason == "" {
				t.Fatalf("field %s has no reason", field)
			}
			return
		}
	}
	t.Fatalf("want field error %s/%s, got %+v", field, code, e.Fields)
}

func mustDate(s string) date.Date { return date.MustParse(s) }
