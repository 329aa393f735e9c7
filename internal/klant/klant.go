// Package klant is the Klantinteracties domain: who the municipality is in
// contact with (partijen: persons, organisations and contact persons, with
// their identificatoren and digitale adressen), every contact on every
// channel (klantcontacten, with betrokkenen, onderwerpobjecten, bijlagen and
// the actoren that took part) and the work a contact leaves behind (interne
// taken: the contactverzoek or terugbelnotitie).
//
// The model follows the Klantinteracties API 0.9.0 (Open Klant 2), so the API
// package only translates. On top of it come the KCC's needs:
//
//   - RegisterContact registers one contact in one transaction: the contact
//     with its KPI fields (kanaal, uitkomst, onderwerp/zaaktype, medewerker,
//     team), the customer as betrokkene (found or created from the
//     basisregistratie by BSN or KvK-nummer), the zaak as onderwerpobject,
//     the medewerker as actor, and, for uitkomst contactverzoek, the interne
//     taak with its due moment.
//   - Search finds a customer by BSN, KvK-nummer, name + date of birth,
//     postcode + huisnummer, phone or e-mail, in the basisregistratie
//     (personen, bedrijven) and in this register (partijen).
//   - Timeline lists a customer's contacts, newest first; Taken lists the
//     contactverzoeken of a team or medewerker ordered by due moment.
//
// Registrations are fast under concurrency: on SQLite concurrent
// RegisterContact calls share commits (group commit, see group.go); on
// PostgreSQL the contact number is drawn outside the transaction so that
// agents do not wait for each other's commits.
//
// Every write records an audit trail row and emits an event on kanaal
// "klantinteracties" in its transaction. Reads of personal data are logged by
// the caller (the page knows the reason), with audit.LogAccess.
package klant

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/gemeenten/loket/internal/audit"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/event"
	"github.com/gemeenten/loket/internal/nummer"
)

// Kanaal is the notification channel of this domain.
const Kanaal = "klantinteracties"

// Kanalen of a klantcontact (DESIGN §4.3), as stored.
var Kanalen = []string{"balie", "telefoon", "email", "post", "webformulier", "chat", "social_media"}

// KanaalLabel is how a kanaal is shown.
var KanaalLabel = map[string]string{
	"balie": "Balie", "telefoon": "Telefoon", "email": "E-mail", "post": "Post",
	"webformulier": "Webformulier", "chat": "Chat", "social_media": "Sociale media",
}

// Uitkomsten of a klantcontact (DESIGN §4.3).
const (
	DirectBeantwoord = "direct_beantwoord"
	ZaakGestart      = "zaak_gestart"
	Doorverbonden    = "doorverbonden"
	Contactverzoek   = "contactverzoek"
	KlantBeltTerug   = "klant_belt_terug"
	Doorverwezen     = "doorverwezen"
)

// Uitkomsten in display order.
var Uitkomsten = []string{DirectBeantwoord, ZaakGestart, Doorverbonden, Contactverzoek, KlantBeltTerug, Doorverwezen}

// UitkomstLabel is how an uitkomst is shown.
var UitkomstLabel = map[string]string{
	DirectBeantwoord: "Direct beantwoord", ZaakGestart: "Zaak gestart", Doorverbonden: "Doorverbonden",
	Contactverzoek: "Contactverzoek (terugbelnotitie)", KlantBeltTerug: "Klant belt zelf terug",
	Doorverwezen: "Doorverwezen naar een andere organisatie",
}

// Service is the Klantinteracties domain. Build it with New.
type Service struct {
	DB *db.DB
	// Now is the clock (due moments, plaatsgevondenOp defaults).
	Now func() time.Time
	// Events receives every change (kanaal "klantinteracties"); nil is fine.
	Events event.Sink
	// DueAt computes the due moment of a contactverzoek for a team when the
	// caller gives none. The default adds the team's
	// contactverzoek_sla_werkdagen (default 1) operational werkdagen to
	// from, keeping the time of day.
	DueAt func(ctx context.Context, q db.Queryer, teamID string, from time.Time) (time.Time, error)
	// NoGroupCommit turns off group commit of concurrent registrations on
	// SQLite (see group.go).
	NoGroupCommit bool

	group db.Group
}

// New returns a Service on d with the real clock.
func New(d *db.DB) *Service { return &Service{DB: d, Now: time.Now} }

func (s *Service) now() time.Time {
	if s.Now == nil {
		return time.Now().UTC()
	}
	return s.Now().UTC()
}

// change is one audited, announced write.
type change struct {
	resource, id, actie string
	old, new            any
	hoofd, hoofdID      string // defaults to resource/id
	weergave            string
}

// record writes the audit row and emits the event of c in tx.
func (s *Service) record(ctx context.Context, tx *sql.Tx, c change) error {
	if c.hoofd == "" || c.hoofdID == "" {
		c.hoofd, c.hoofdID = c.resource, c.id
	}
	if err := audit.Record(ctx, tx, audit.Entry{
		Bron: "KIC", HoofdObject: c.hoofd + "/" + c.hoofdID, Resource: c.resource, ResourceID: c.id,
		ResourceWeergave: c.weergave, Actie: c.actie, Old: c.old, New: c.new, At: s.now(),
	}); err != nil {
		return err
	}
	if c.resource == "apitoken" {
		return nil // tokens are not a resource of the API: nobody is notified
	}
	actie := c.actie
	if actie == event.Update && ctx.Value(partialKey{}) != nil {
		actie = event.PartialUpdate
	}
	switch actie {
	case event.Create, event.Update, event.PartialUpdate, event.Destroy:
	default:
		// domain verbs (afhandelen, toewijzen, escaleren) change part of
		// the resource
		actie = event.PartialUpdate
	}
	return event.Emit(ctx, tx, s.Events, event.Change{
		Kanaal: Kanaal, Resource: c.resource, ResourceID: c.id, HoofdObject: c.hoofd,
		HoofdObjectID: c.hoofdID, Actie: actie,
	})
}

func newID() string { return uuid.Must(uuid.NewV7()).String() }

// nullStr is "" for NULL, for nullable UUID columns.
func nullStr(ns sql.NullString) string {
	if ns.Valid {
		return ns.String
	}
	return ""
}

// orNull maps "" to NULL for nullable UUID columns.
func orNull(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func nullBool(nb sql.NullBool) *bool {
	if !nb.Valid {
		return nil
	}
	b := nb.Bool
	return &b
}

func nullTime(nt sql.NullTime) *time.Time {
	if !nt.Valid {
		return nil
	}
	t := nt.Time.UTC()
	return &t
}

func ptrTime(t *time.Time) any {
	if t == nil || t.IsZero() {
		return nil
	}
	return t.UTC()
}

func ptrBool(b *bool) any {
	if b == nil {
		return nil
	}
	return *b
}

// maxLen adds a field error when s is longer than n characters.
func maxLen(f *errs.Fields, field, s string, n int) {
	if utf8.RuneCountInString(s) > n {
		f.Add(field, "max_length", fmt.Sprintf("Dit veld mag hoogstens %d tekens bevatten.", n))
	}
}

func required(f *errs.Fields, field, s, reason string) bool {
	if strings.TrimSpace(s) == "" {
		f.Add(field, "required", reason)
		return false
	}
	return true
}

// checkUUID adds a field error when id is given but no UUID.
func checkUUID(f *errs.Fields, field, id string) bool {
	if id != "" && !db.ValidUUID(id) {
		f.Add(field, "invalid", "Dit is geen geldige verwijzing (uuid).")
		return false
	}
	return true
}

// exists checks that a referenced row exists, adding a field error if not.
func exists(ctx context.Context, q db.Queryer, f *errs.Fields, field, table, id, what string) error {
	if id == "" || f.Has(field) {
		return nil
	}
	ok, err := db.Exists(ctx, q, `SELECT 1 FROM `+table+` WHERE id = $1`, id)
	if err != nil {
		return err
	}
	if !ok {
		f.Add(field, "does_not_exist", fmt.Sprintf("%s bestaat niet.", what))
	}
	return nil
}

func jsonText(v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	if string(b) == "null" { // a typed nil pointer
		return nil, nil
	}
	return string(b), nil
}

// nextNummer hands out the next number of scope as 10 digits. On
// PostgreSQL it comes from the block reserved before the transaction (see
// reserve) when there is one: the upsert below holds the scope's row lock
// until tx commits, and every concurrent transaction drawing a number of
// the same scope would wait for that commit.
func (s *Service) nextNummer(ctx context.Context, tx *sql.Tx, scope string) (string, error) {
	if s.DB.Engine == db.Postgres {
		if nr, ok := nummer.Take(s.DB, scope, 0); ok {
			return fmt.Sprintf("%010d", nr), nil
		}
	}
	var nr int64
	if err := tx.QueryRowContext(ctx, `INSERT INTO identificatie_seq (scope, jaar, last) VALUES ($1, 0, 1)
		ON CONFLICT (scope, jaar) DO UPDATE SET last = identificatie_seq.last + 1 RETURNING last`, scope).Scan(&nr); err != nil {
		return "", fmt.Errorf("klant: nummer %s: %w", scope, err)
	}
	return fmt.Sprintf("%010d", nr), nil
}

// reserve makes sure a block of numbers of scope is at hand (PostgreSQL)
// before a transaction that may draw one with nextNummer. Not inside a
// transaction.
func (s *Service) reserve(ctx context.Context, scope string) error {
	if s.DB.Engine != db.Postgres {
		return nil
	}
	return nummer.Reserve(ctx, s.DB, scope, 0)
}

// Page limits a list; Limit 0 means 100.
type Page struct {
	Limit, Offset int
}

func (p Page) sql() string {
	l := p.Limit
	if l <= 0 {
		l = 100
	}
	return fmt.Sprintf(" LIMIT %d OFFSET %d", l, max(p.Offset, 0))
}

func notFound(what, id string) error { return errs.NotFoundf(what, id) }

type partialKey struct{}

// AsPartialUpdate marks ctx as a partial update (an API PATCH): the
// update's event then says partial_update, as the ZGW notifications do.
func AsPartialUpdate(ctx context.Context) context.Context {
	return context.WithValue(ctx, partialKey{}, true)
}
