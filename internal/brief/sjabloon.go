// Package brief makes the letters of the back office: templates per
// zaaktype and event with merge fields, maintained by a beheerder; a
// readability score (Flesch–Douma) so templates stay in plain Dutch (B1);
// rendering to PDF and accessible HTML; and the letters themselves, made
// automatically when a service norm or a fact of the zaak asks for one,
// stored as a document on the zaak and sent by e-mail where the customer
// chose that.
//
// A letter is made once: (zaak, event, aanleiding) is unique, and the
// letter, the norm it settles (N1/N3/N5) and its e-mail are written in one
// transaction. The jobs that make letters may run any number of times.
package brief

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/gemeenten/loket/internal/audit"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/errs"
)

// Gebeurtenissen: the events a letter is made for.
const (
	Ontvangstbevestiging = "ontvangstbevestiging"
	OntbrekendeStukken   = "ontbrekende_stukken"
	Compleetheid         = "compleetheid"
	Verlenging           = "verlenging"
	Vooraankondiging     = "vooraankondiging"
	Besluit              = "besluit"
)

// Gebeurtenissen lists the events in the order of a zaak's life.
var Gebeurtenissen = []string{Ontvangstbevestiging, OntbrekendeStukken, Compleetheid, Verlenging, Vooraankondiging, Besluit}

var labels = map[string]string{
	Ontvangstbevestiging: "Ontvangstbevestiging",
	OntbrekendeStukken:   "Ontbrekende stukken",
	Compleetheid:         "Aanvraag compleet",
	Verlenging:           "Verlenging van de beslistermijn",
	Vooraankondiging:     "Vooraankondiging: besluit later",
	Besluit:              "Besluit",
}

// Label is the Dutch name of an event.
func Label(gebeurtenis string) string {
	if l, ok := labels[gebeurtenis]; ok {
		return l
	}
	return gebeurtenis
}

// Field is a merge field: {{naam}} in a template.
type Field struct {
	Naam         string
	Omschrijving string
	Voorbeeld    string
	// Events lists where the field has a value; empty means every event.
	Events []string
}

// Fields are the merge fields a template may use.
var Fields = []Field{
	{"aanhef", "Aanhef met de naam van de klant", "Beste Anna Jansen", nil},
	{"naam", "Naam van de klant", "Anna Jansen", nil},
	{"gemeente", "Naam van de gemeente", "Gemeente Voorbeeld", nil},
	{"datum", "Datum van de brief", "2 maart 2026", nil},
	{"zaaknummer", "Nummer van de zaak", "ZAAK-2026-0000000042", nil},
	{"zaaktype", "Soort aanvraag", "Omgevingsvergunning", nil},
	{"omschrijving", "Omschrijving van de zaak", "Dakkapel Dorpsstraat 1", nil},
	{"ontvangen_op", "Datum waarop wij de aanvraag kregen", "2 maart 2026", nil},
	{"uiterste_datum", "Uiterste datum voor ons besluit", "27 april 2026", nil},
	{"behandelaar", "Naam van de behandelaar", "Bea de Vries", nil},
	{"ontbrekende_stukken", "Welke stukken ontbreken", "een tekening van de voorgevel", []string{OntbrekendeStukken}},
	{"inleveren_voor", "Uiterste datum voor de stukken", "16 maart 2026", []string{OntbrekendeStukken}},
	{"oude_datum", "Uiterste datum vóór de verlenging", "27 april 2026", []string{Verlenging}},
	{"nieuwe_datum", "Nieuwe uiterste datum", "8 juni 2026", []string{Verlenging}},
	{"reden", "Reden van de verlenging", "wij moeten advies vragen aan de brandweer", []string{Verlenging}},
	{"besluit_datum", "Datum van het besluit", "20 april 2026", []string{Besluit}},
	{"besluit_toelichting", "Wat wij besloten hebben", "U krijgt de vergunning.", []string{Besluit}},
	{"bezwaar_tot", "Uiterste datum voor bezwaar", "2 juni 2026", []string{Besluit}},
}

var fieldRe = regexp.MustCompile(`\{\{\s*([a-z_]+)\s*\}\}`)

// Sjabloon is a letter template.
type Sjabloon struct {
	ID          string
	ZaakTypeID  string // "" for the default of every zaaktype
	Gebeurtenis string
	Onderwerp   string
	Inhoud      string
	UpdatedBy   string
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// SjabloonInput is a template to save.
type SjabloonInput struct {
	ZaakTypeID  string
	Gebeurtenis string
	Onderwerp   string
	Inhoud      string
}

// MaxInhoud is the longest template body.
const MaxInhoud = 10000

func validate(ctx context.Context, q db.Queryer, in *SjabloonInput) error {
	in.Onderwerp = strings.TrimSpace(in.Onderwerp)
	in.Inhoud = strings.TrimSpace(strings.ReplaceAll(in.Inhoud, "\r\n", "\n"))
	var f errs.Fields
	known := false
	for _, g := range Gebeurtenissen {
		known = known || g == in.Gebeurtenis
	}
	if !known {
		f.Add("gebeurtenis", "invalid_choice", "Kies voor welke gebeurtenis de brief is.")
	}
	if in.Onderwerp == "" {
		f.Add("onderwerp", "required", "Vul het onderwerp van de brief in.")
	} else if len([]rune(in.Onderwerp)) > 200 {
		f.Add("onderwerp", "max_length", "Het onderwerp mag hoogstens 200 tekens lang zijn.")
	}
	if in.Inhoud == "" {
		f.Add("inhoud", "required", "Vul de tekst van de brief in.")
	} else if len([]rune(in.Inhoud)) > MaxInhoud {
		f.Add("inhoud", "max_length", fmt.Sprintf("De tekst mag hoogstens %d tekens lang zijn.", MaxInhoud))
	}
	for _, part := range []struct{ field, text string }{{"onderwerp", in.Onderwerp}, {"inhoud", in.Inhoud}} {
		if bad := unknownFields(part.text, in.Gebeurtenis); len(bad) > 0 {
			f.Add(part.field, "unknown_field", "Deze velden kent de brief niet: "+strings.Join(bad, ", ")+
				". Kies uit de lijst met velden onder het tekstvak.")
		}
		if strings.Count(part.text, "{{") != strings.Count(part.text, "}}") {
			f.Add(part.field, "unclosed_field", "Een veld is niet goed afgesloten: schrijf velden als {{naam}}.")
		}
	}
	if in.ZaakTypeID != "" {
		if !db.ValidUUID(in.ZaakTypeID) {
			f.Add("zaaktype", "does_not_exist", "Dit zaaktype bestaat niet.")
		} else if ok, err := db.Exists(ctx, q, `SELECT 1 FROM zaaktypen WHERE id = $1`, in.ZaakTypeID); err != nil {
			return err
		} else if !ok {
			f.Add("zaaktype", "does_not_exist", "Dit zaaktype bestaat niet.")
		}
	}
	return f.Err()
}

// unknownFields lists the {{fields}} in text that are not merge fields of
// the event.
func unknownFields(text, gebeurtenis string) []string {
	var bad []string
	for _, m := range fieldRe.FindAllStringSubmatch(text, -1) {
		if !fieldFor(m[1], gebeurtenis) {
			bad = append(bad, "{{"+m[1]+"}}")
		}
	}
	sort.Strings(bad)
	return compact(bad)
}

func compact(s []string) []string {
	out := s[:0]
	for i, v := range s {
		if i == 0 || v != s[i-1] {
			out = append(out, v)
		}
	}
	return out
}

func fieldFor(naam, gebeurtenis string) bool {
	for _, f := range Fields {
		if f.Naam != naam {
			continue
		}
		if len(f.Events) == 0 {
			return true
		}
		for _, e := range f.Events {
			if e == gebeurtenis {
				return true
			}
		}
	}
	return false
}

// FieldsFor lists the merge fields available for an event.
func FieldsFor(gebeurtenis string) []Field {
	var out []Field
	for _, f := range Fields {
		if fieldFor(f.Naam, gebeurtenis) {
			out = append(out, f)
		}
	}
	return out
}

const sjabloonCols = `id, zaaktype_id, gebeurtenis, onderwerp, inhoud, updated_by, created_at, updated_at`

func scanSjabloon(r interface{ Scan(...any) error }) (Sjabloon, error) {
	var s Sjabloon
	var zt sql.NullString
	err := r.Scan(&s.ID, &zt, &s.Gebeurtenis, &s.Onderwerp, &s.Inhoud, &s.UpdatedBy, &s.CreatedAt, &s.UpdatedAt)
	s.ZaakTypeID = zt.String
	s.CreatedAt, s.UpdatedAt = s.CreatedAt.UTC(), s.UpdatedAt.UTC()
	return s, err
}

// SaveSjabloon creates the template for (zaaktype, event) or replaces its
// text. Only a beheerder may; the change is in the audit trail.
func (s *Service) SaveSjabloon(ctx context.Context, in SjabloonInput) (*Sjabloon, error) {
	if err := mayManage(ctx); err != nil {
		return nil, err
	}
	if err := validate(ctx, s.DB.R, &in); err != nil {
		return nil, err
	}
	now := s.now()
	var out Sjabloon
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		old, err := findSjabloon(ctx, tx, in.ZaakTypeID, in.Gebeurtenis, false)
		if err != nil && !errs.Is(err, errs.NotFound) {
			return err
		}
		by := audit.ActorFrom(ctx).Name
		if old == nil {
			out = Sjabloon{ID: uuid.NewString(), ZaakTypeID: in.ZaakTypeID, Gebeurtenis: in.Gebeurtenis,
				Onderwerp: in.Onderwerp, Inhoud: in.Inhoud, UpdatedBy: by, CreatedAt: now, UpdatedAt: now}
			_, err = tx.ExecContext(ctx, `INSERT INTO brief_sjablonen (`+sjabloonCols+`) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)`,
				out.ID, nullStr(out.ZaakTypeID), out.Gebeurtenis, out.Onderwerp, out.Inhoud, out.UpdatedBy, now, now)
			if db.IsUniqueViolation(err) {
				return errs.E(errs.Conflict, "unique", "Er is tegelijk al een sjabloon voor deze gebeurtenis gemaakt. Laad de pagina opnieuw.")
			}
			if err != nil {
				return fmt.Errorf("brief: insert sjabloon: %w", err)
			}
			return audit.Record(ctx, tx, audit.Entry{Bron: "LOKET", Resource: "briefsjabloon", ResourceID: out.ID,
				ResourceWeergave: Label(out.Gebeurtenis), Actie: "create", ActieWeergave: "Briefsjabloon gemaakt", New: out, At: now})
		}
		out = *old
		out.Onderwerp, out.Inhoud, out.UpdatedBy, out.UpdatedAt = in.Onderwerp, in.Inhoud, by, now
		if _, err := tx.ExecContext(ctx, `UPDATE brief_sjablonen SET onderwerp = $2, inhoud = $3, updated_by = $4,
			updated_at = $5 WHERE id = $1`, out.ID, out.Onderwerp, out.Inhoud, by, now); err != nil {
			return fmt.Errorf("brief: update sjabloon: %w", err)
		}
		return audit.Record(ctx, tx, audit.Entry{Bron: "LOKET", Resource: "briefsjabloon", ResourceID: out.ID,
			ResourceWeergave: Label(out.Gebeurtenis), Actie: "update", ActieWeergave: "Briefsjabloon gewijzigd", Old: old, New: out, At: now})
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// DeleteSjabloon removes a template; for a zaaktype the default applies
// again, and without a default no letter is made for the event.
func (s *Service) DeleteSjabloon(ctx context.Context, id string) error {
	if err := mayManage(ctx); err != nil {
		return err
	}
	return s.DB.Tx(ctx, func(tx *sql.Tx) error {
		old, err := getSjabloon(ctx, tx, id)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM brief_sjablonen WHERE id = $1`, id); err != nil {
			return fmt.Errorf("brief: delete sjabloon: %w", err)
		}
		return audit.Record(ctx, tx, audit.Entry{Bron: "LOKET", Resource: "briefsjabloon", ResourceID: id,
			ResourceWeergave: Label(old.Gebeurtenis), Actie: "destroy", ActieWeergave: "Briefsjabloon verwijderd", Old: old, At: s.now()})
	})
}

func mayManage(ctx context.Context) error {
	a := audit.ActorFrom(ctx)
	if a.Kind == "medewerker" && !a.HasRole("beheerder") {
		return errs.E(errs.Forbidden, "geen-beheerder", "Alleen een beheerder mag briefsjablonen wijzigen.")
	}
	if a.Kind == "burger" || a.Kind == "applicatie" {
		return errs.E(errs.Forbidden, "geen-beheerder", "Alleen een beheerder mag briefsjablonen wijzigen.")
	}
	return nil
}

// GetSjabloon returns one template.
func (s *Service) GetSjabloon(ctx context.Context, id string) (*Sjabloon, error) {
	return getSjabloon(ctx, s.DB.R, id)
}

func getSjabloon(ctx context.Context, q db.Queryer, id string) (*Sjabloon, error) {
	if !db.ValidUUID(id) {
		return nil, errs.NotFoundf("briefsjabloon", id)
	}
	t, err := scanSjabloon(q.QueryRowContext(ctx, `SELECT `+sjabloonCols+` FROM brief_sjablonen WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.NotFoundf("briefsjabloon", id)
	}
	if err != nil {
		return nil, fmt.Errorf("brief: sjabloon: %w", err)
	}
	return &t, nil
}

// Sjablonen lists every template, defaults first, then per zaaktype.
func (s *Service) Sjablonen(ctx context.Context) ([]Sjabloon, error) {
	rows, err := s.DB.R.QueryContext(ctx, `SELECT `+sjabloonCols+` FROM brief_sjablonen
		ORDER BY CASE WHEN zaaktype_id IS NULL THEN 0 ELSE 1 END, zaaktype_id, gebeurtenis`)
	if err != nil {
		return nil, fmt.Errorf("brief: sjablonen: %w", err)
	}
	defer rows.Close()
	var out []Sjabloon
	for rows.Next() {
		t, err := scanSjabloon(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// FindSjabloon returns the template that applies to a zaaktype and event:
// its own, else the default. NotFound when neither exists.
func (s *Service) FindSjabloon(ctx context.Context, zaakTypeID, gebeurtenis string) (*Sjabloon, error) {
	return findSjabloon(ctx, s.DB.R, zaakTypeID, gebeurtenis, true)
}

func findSjabloon(ctx context.Context, q db.Queryer, zaakTypeID, gebeurtenis string, fallback bool) (*Sjabloon, error) {
	if zaakTypeID != "" && db.ValidUUID(zaakTypeID) {
		t, err := scanSjabloon(q.QueryRowContext(ctx, `SELECT `+sjabloonCols+` FROM brief_sjablonen
			WHERE zaaktype_id = $1 AND gebeurtenis = $2`, zaakTypeID, gebeurtenis))
		if err == nil {
			return &t, nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return nil, fmt.Errorf("brief: sjabloon: %w", err)
		}
		if !fallback {
			return nil, errs.NotFoundf("briefsjabloon", gebeurtenis)
		}
	}
	t, err := scanSjabloon(q.QueryRowContext(ctx, `SELECT `+sjabloonCols+` FROM brief_sjablonen
		WHERE zaaktype_id IS NULL AND gebeurtenis = $1`, gebeurtenis))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.NotFoundf("briefsjabloon", gebeurtenis)
	}
	if err != nil {
		return nil, fmt.Errorf("brief: sjabloon: %w", err)
	}
	return &t, nil
}

func nullStr(s string) any {
	if s == "" {
		return nil
	}
	return s
}
