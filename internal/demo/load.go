// Package demo loads 'Gemeente Voorbeeld': a deterministic demo municipality
// with a catalogue of 26 zaaktypen, teams, staff in every role, citizens and
// businesses, and two years of history (zaken in every state, klantcontacten
// on every channel). Everything that has a domain package is written through
// it, so every rule and every audit row is real.
package demo

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/gemeenten/loket/internal/audit"
	"github.com/gemeenten/loket/internal/auth"
	"github.com/gemeenten/loket/internal/blob"
	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/errs"
)

// LoadedSetting is the settings key that marks a database as holding the demo.
const LoadedSetting = "demo_loaded"

// Options tune Load. The zero value loads the full demo quietly.
type Options struct {
	// Log receives one line per step (nil: discard).
	Log io.Writer
	// Zaken is the number of zaken in the history (default 450).
	Zaken int
	// Klantcontacten is the number of klantcontacten besides those that
	// started a zaak (default 1500).
	Klantcontacten int
	// Blobs, when set, is the document store: zaken then get their
	// application, acknowledgement and decision letters as documents.
	// Without it the history has no documents.
	Blobs blob.Store
}

// ErrNotEmpty is returned (wrapped, classified as errs.Conflict) when the
// database already holds data: the demo never overwrites anything.
var ErrNotEmpty = errors.New("demo: database is not empty")

// Load fills an empty, migrated database with Gemeente Voorbeeld as of now:
// the history runs from two years before now up to now. It refuses a
// database that already has data (or an earlier demo load), so calling it on
// every start with --demo is safe.
func Load(ctx context.Context, d *db.DB, now time.Time, opts ...Options) error {
	var o Options
	if len(opts) > 0 {
		o = opts[0]
	}
	if o.Log == nil {
		o.Log = io.Discard
	}
	if o.Zaken <= 0 {
		o.Zaken = 450
	}
	if o.Klantcontacten <= 0 {
		o.Klantcontacten = 1500
	}
	now = now.UTC()
	if err := claim(ctx, d, now); err != nil {
		return err
	}
	ctx = audit.WithActor(ctx, audit.Actor{Kind: "systeem", ID: "demo", Name: "Demo-lader"})
	l := &loader{d: d, now: now, start: now.AddDate(-2, 0, 0), log: o.Log, blobs: o.Blobs}

	steps := []struct {
		name string
		fn   func(context.Context) error
	}{
		{"teams en medewerkers", l.loadStaff},
		{"personen en bedrijven", l.loadParties},
		{"catalogus", l.loadCatalogue},
		{"zaken (historie)", func(ctx context.Context) error { return l.loadHistory(ctx, o.Zaken) }},
		{"klantcontacten", func(ctx context.Context) error { return l.loadContacts(ctx, o.Klantcontacten) }},
	}
	for _, s := range steps {
		t := time.Now()
		if err := s.fn(ctx); err != nil {
			return fmt.Errorf("demo: %s: %w", s.name, err)
		}
		fmt.Fprintf(o.Log, "demo: %s geladen (%s)\n", s.name, time.Since(t).Round(time.Millisecond))
	}
	_, err := d.W.ExecContext(ctx, `UPDATE settings SET value = $2, updated_at = $3 WHERE key = $1`,
		LoadedSetting, now.Format(time.RFC3339), now)
	if err != nil {
		return fmt.Errorf("demo: mark loaded: %w", err)
	}
	return nil
}

// claim refuses a database with data and takes the demo_loaded key in the
// same transaction, so two starting servers cannot both load the demo. A
// load that fails halfway leaves the key at "bezig" and a retry refuses:
// the data directory must then be removed by hand, never silently merged.
func claim(ctx context.Context, d *db.DB, now time.Time) error {
	return d.Tx(ctx, func(tx *sql.Tx) error {
		var v string
		err := tx.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = $1`, LoadedSetting).Scan(&v)
		switch {
		case err == nil:
			msg := "De demogemeente is al geladen (" + v + "); er wordt niets overschreven."
			if v == "bezig" {
				msg = "Een eerdere poging om de demogemeente te laden is afgebroken; begin met een lege database."
			}
			return errs.Wrap(errs.Conflict, ErrNotEmpty, msg)
		case !errors.Is(err, sql.ErrNoRows):
			return fmt.Errorf("demo: check settings: %w", err)
		}
		for _, table := range []string{"zaken", "catalogi", "users", "teams", "personen"} {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM `+table+` LIMIT 1) t`).Scan(&n); err != nil {
				return fmt.Errorf("demo: check %s: %w", table, err)
			}
			if n > 0 {
				return errs.Wrap(errs.Conflict, ErrNotEmpty,
					"De database bevat al gegevens ("+table+"); de demogemeente wordt alleen in een lege database geladen.")
			}
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO settings (key, value, updated_at) VALUES ($1, $2, $3)`,
			LoadedSetting, "bezig", now)
		// On PostgreSQL another server may claim between the check and here.
		if db.IsUniqueViolation(err) {
			return errs.Wrap(errs.Conflict, ErrNotEmpty, "De demogemeente wordt al door een andere server geladen.")
		}
		if err != nil {
			return fmt.Errorf("demo: claim: %w", err)
		}
		return nil
	})
}

// Interrupted reports whether a demo load began in this database and never
// finished (the key still says "bezig").
func Interrupted(ctx context.Context, d *db.DB) bool {
	var v string
	err := d.R.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = $1`, LoadedSetting).Scan(&v)
	return err == nil && v == "bezig"
}

// loader carries what the steps share.
type loader struct {
	d     *db.DB
	now   time.Time
	start time.Time // beginning of the history
	log   io.Writer

	teams    map[string]string // code → id
	users    map[string]string // username → id
	userTeam map[string]string // username → team code
	cat      *catalogue
	hist     *history
	blobs    blob.Store
}

// clock is a settable clock: the domain services ask it for "now", and the
// history generator moves it to the moment of each event.
type clock struct{ t time.Time }

func (c *clock) Now() time.Time { return c.t }

func (l *loader) loadStaff(ctx context.Context) error {
	clk := &clock{t: l.start.Add(-30 * 24 * time.Hour)}
	svc, err := auth.New(ctx, l.d, auth.Config{Now: clk.Now})
	if err != nil {
		return err
	}
	l.teams = map[string]string{}
	for _, t := range Teams() {
		team, err := svc.CreateTeam(ctx, auth.Team{Code: t.Code, Naam: t.Naam, Email: t.Email, Telefoon: t.Telefoon,
			ContactverzoekSLAWerkdagen: t.SLAWerkdagen})
		if err != nil {
			return fmt.Errorf("team %s: %w", t.Code, err)
		}
		l.teams[t.Code] = team.ID
	}
	l.users, l.userTeam = map[string]string{}, map[string]string{}
	for i, s := range staff {
		u, err := svc.CreateUser(ctx, auth.NewUser{Username: s.username, Naam: s.naam,
			Email: s.username + "@voorbeeld.nl", Password: password(i), TeamID: l.teams[s.team], Roles: s.rollen})
		if err != nil {
			return fmt.Errorf("user %s: %w", s.username, err)
		}
		l.users[s.username], l.userTeam[s.username] = u.ID, s.team
	}
	return nil
}

// loadParties writes the citizens and businesses. personen and bedrijven are
// a stand-in for the basisregistraties (BRP, HR) without a domain package of
// their own, so they are plain inserts.
func (l *loader) loadParties(ctx context.Context) error {
	at := l.start.Add(-30 * 24 * time.Hour)
	return l.d.Tx(ctx, func(tx *sql.Tx) error {
		for _, p := range Personen() {
			if _, err := tx.ExecContext(ctx, `INSERT INTO personen (bsn, voornamen, voorletters, voorvoegsel, geslachtsnaam,
				geboortedatum, geslacht, straat, huisnummer, postcode, woonplaats, email, telefoon, created_at)
				VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14)`,
				p.BSN, p.Voornamen, p.Voorletters, p.Voorvoegsel, p.Geslachtsnaam, p.Geboortedatum, p.Geslacht,
				p.Straat, p.Huisnummer, p.Postcode, p.Woonplaats, p.Email, p.Telefoon, at); err != nil {
				return fmt.Errorf("persoon %s: %w", p.BSN, err)
			}
		}
		for _, b := range Bedrijven() {
			if _, err := tx.ExecContext(ctx, `INSERT INTO bedrijven (kvk_nummer, vestigingsnummer, rsin, handelsnaam, straat,
				huisnummer, postcode, woonplaats, email, telefoon, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)`,
				b.KvKNummer, b.Vestigingsnummer, b.RSIN, b.Handelsnaam, b.Straat, b.Huisnummer, b.Postcode, b.Woonplaats,
				b.Email, b.Telefoon, at); err != nil {
				return fmt.Errorf("bedrijf %s: %w", b.KvKNummer, err)
			}
		}
		return nil
	})
}

// catalogueStart is the day the catalogue became valid: before the first zaak.
func (l *loader) catalogueStart() date.Date {
	return date.Of(l.start.AddDate(0, -1, 0))
}
