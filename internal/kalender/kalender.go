// Package kalender keeps the municipality's own calendar days (table
// kalender_dagen): extra closing days ('gesloten') and days it opens despite
// a holiday ('open'). These days shape the operational calendar on which
// service norms count werkdagen (termijn.LoadOperational); they never move
// legal terms, which follow the Algemene termijnenwet alone.
//
// Callers that cache the operational calendar (the zaak service) must drop
// their cache after Add or Remove.
package kalender

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/gemeenten/loket/internal/audit"
	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/termijn"
)

// Soorten of a calendar day.
const (
	Gesloten = "gesloten" // closed on a day that would be a working day
	Open     = "open"     // open on a day that would not be a working day
)

// The years the legal calendar is known for (termijn covers Koninginnedag
// from 1980); far-off years are almost surely typing errors.
const (
	MinYear = 1980
	MaxYear = 2100
)

const maxOmschrijving = 200

// Day is one row of the municipality's calendar.
type Day struct {
	Datum        date.Date `json:"datum"`
	Soort        string    `json:"soort"`
	Omschrijving string    `json:"omschrijving"`
}

// Input is a day as typed in a form; Add validates every field.
type Input struct {
	Datum        string // JJJJ-MM-DD
	Soort        string
	Omschrijving string
}

// List returns the days of year (all years when year is 0) in date order.
func List(ctx context.Context, q db.Queryer, year int) ([]Day, error) {
	query := `SELECT datum, soort, omschrijving FROM kalender_dagen`
	var args []any
	if year != 0 {
		// Dates compare correctly on both engines: DATE on PostgreSQL, ISO text on SQLite.
		query += ` WHERE datum >= $1 AND datum <= $2`
		args = append(args, date.New(year, 1, 1), date.New(year, 12, 31))
	}
	rows, err := q.QueryContext(ctx, query+` ORDER BY datum`, args...)
	if err != nil {
		return nil, fmt.Errorf("kalender: list: %w", err)
	}
	defer rows.Close()
	out := []Day{}
	for rows.Next() {
		var d Day
		if err := rows.Scan(&d.Datum, &d.Soort, &d.Omschrijving); err != nil {
			return nil, fmt.Errorf("kalender: scan: %w", err)
		}
		out = append(out, d)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("kalender: list: %w", err)
	}
	return out, nil
}

// Add stores a day. It refuses a date that already has an entry, 'gesloten'
// on a day that is not a working day anyway, and 'open' on a day that
// already is one: such entries would change nothing and only confuse.
func Add(ctx context.Context, d *db.DB, in Input) (Day, error) {
	day, err := validate(in)
	if err != nil {
		return Day{}, err
	}
	err = d.Tx(ctx, func(tx *sql.Tx) error {
		var existing string
		err := tx.QueryRowContext(ctx, `SELECT soort FROM kalender_dagen WHERE datum = $1`, day.Datum).Scan(&existing)
		switch {
		case err == nil:
			return errs.InvalidField("datum", "duplicate",
				fmt.Sprintf("Voor %s staat al een dag in de kalender (%s). Verwijder die eerst.", dutchDate(day.Datum), soortLabel(existing)))
		case !errors.Is(err, sql.ErrNoRows):
			return fmt.Errorf("kalender: read: %w", err)
		}
		cal, err := termijn.LoadOperational(ctx, tx)
		if err != nil {
			return err
		}
		workday := cal.IsWorkday(day.Datum)
		switch {
		case day.Soort == Gesloten && !workday:
			return errs.InvalidField("datum", "not_workday",
				fmt.Sprintf("%s is al geen werkdag (%s). Een extra sluitingsdag kan alleen op een werkdag.", capital(dutchDate(day.Datum)), whyNot(cal, day.Datum)))
		case day.Soort == Open && workday:
			return errs.InvalidField("datum", "workday",
				fmt.Sprintf("%s is al een werkdag. 'Open' is alleen voor een weekenddag of feestdag waarop de gemeente toch open is.", capital(dutchDate(day.Datum))))
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO kalender_dagen (datum, soort, omschrijving) VALUES ($1, $2, $3)`,
			day.Datum, day.Soort, day.Omschrijving); err != nil {
			if db.IsUniqueViolation(err) {
				return errs.InvalidField("datum", "duplicate", fmt.Sprintf("Voor %s staat al een dag in de kalender.", dutchDate(day.Datum)))
			}
			return fmt.Errorf("kalender: add: %w", err)
		}
		return audit.Record(ctx, tx, audit.Entry{Bron: "LOKET", Resource: "kalender", ResourceID: day.Datum.String(),
			ResourceWeergave: weergave(day), Actie: "create", ActieWeergave: "Kalenderdag toegevoegd", New: day})
	})
	if err != nil {
		return Day{}, err
	}
	return day, nil
}

// Remove deletes the entry for datum.
func Remove(ctx context.Context, d *db.DB, datum date.Date) error {
	return d.Tx(ctx, func(tx *sql.Tx) error {
		old := Day{Datum: datum}
		err := tx.QueryRowContext(ctx, `SELECT soort, omschrijving FROM kalender_dagen WHERE datum = $1`, datum).
			Scan(&old.Soort, &old.Omschrijving)
		if errors.Is(err, sql.ErrNoRows) {
			return errs.NotFoundf("kalenderdag", datum.String())
		}
		if err != nil {
			return fmt.Errorf("kalender: read: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM kalender_dagen WHERE datum = $1`, datum); err != nil {
			return fmt.Errorf("kalender: remove: %w", err)
		}
		return audit.Record(ctx, tx, audit.Entry{Bron: "LOKET", Resource: "kalender", ResourceID: datum.String(),
			ResourceWeergave: weergave(old), Actie: "destroy", ActieWeergave: "Kalenderdag verwijderd", Old: old})
	})
}

func validate(in Input) (Day, error) {
	var f errs.Fields
	var day Day
	s := strings.TrimSpace(in.Datum)
	switch dt, err := date.Parse(s); {
	case s == "":
		f.Add("datum", "required", "Vul de datum in, bijvoorbeeld 2026-12-24.")
	case err != nil:
		f.Add("datum", "invalid", "Vul een bestaande datum in als JJJJ-MM-DD, bijvoorbeeld 2026-12-24.")
	case dt.Year < MinYear || dt.Year > MaxYear:
		f.Add("datum", "range", fmt.Sprintf("Vul een datum in tussen %d en %d.", MinYear, MaxYear))
	default:
		day.Datum = dt
	}
	day.Soort = strings.TrimSpace(in.Soort)
	switch day.Soort {
	case Gesloten, Open:
	case "":
		f.Add("soort", "required", "Kies of de gemeente op deze dag gesloten of juist open is.")
	default:
		f.Add("soort", "invalid", "Kies 'gesloten' of 'open'.")
	}
	day.Omschrijving = strings.TrimSpace(in.Omschrijving)
	if utf8.RuneCountInString(day.Omschrijving) > maxOmschrijving {
		f.Add("omschrijving", "too_long", fmt.Sprintf("De omschrijving mag hoogstens %d tekens lang zijn.", maxOmschrijving))
	}
	if err := f.Err(); err != nil {
		return Day{}, err
	}
	return day, nil
}

// whyNot names why d is not a working day on cal.
func whyNot(cal *termijn.Calendar, d date.Date) string {
	if h, ok := cal.HolidayOn(d); ok {
		return h.Name
	}
	return dutchWeekday[d.Weekday()]
}

var dutchWeekday = [...]string{"zondag", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag"}

func dutchDate(d date.Date) string {
	return fmt.Sprintf("%s %d %s %d", dutchWeekday[d.Weekday()], d.Day, date.Maanden[d.Month-1], d.Year)
}

func capital(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func soortLabel(soort string) string {
	if soort == Open {
		return "open"
	}
	return "gesloten"
}

func weergave(d Day) string {
	s := d.Datum.String() + " " + soortLabel(d.Soort)
	if d.Omschrijving != "" {
		s += " (" + d.Omschrijving + ")"
	}
	return s
}
