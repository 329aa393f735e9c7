package kto

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/errs"
)

// MaxOpmerking is the longest comment, in characters.
const MaxOpmerking = 2000

// NVT is the form value of "niet van toepassing" for an aspect.
const NVT = "nvt"

// Survey is an open invitation as the survey page shows it. It carries
// nothing personal: the survey page is reachable with the link alone.
type Survey struct {
	ID            string
	Bron          string
	Kanaal        string
	KanaalLabel   string
	Onderwerp     string // the zaaktype or product, from the catalogue
	UitgenodigdOp time.Time
	VerlooptOp    time.Time
}

// Errors of a survey that can no longer be answered; the pages show their
// (Dutch) message.
const (
	CodeAlIngevuld = "al_ingevuld"
	CodeVerlopen   = "verlopen"
)

func alIngevuld() error {
	return errs.E(errs.Conflict, CodeAlIngevuld, "U heeft deze vragenlijst al ingevuld. Hartelijk dank voor uw antwoorden.")
}

func verlopen() error {
	return errs.E(errs.Conflict, CodeVerlopen, "Deze uitnodiging is verlopen: de vragenlijst kan niet meer worden ingevuld.")
}

// Key says which invitation: by the token of the e-mail link, or by id for
// the logged-in person in the PIP (then it must be theirs).
type Key struct {
	Token string
	// PIP
	ID, SubjectType, SubjectID string
}

func (k Key) where() (string, []any, bool) {
	if k.Token != "" {
		return "token_hash = $1", []any{hashToken(k.Token)}, true
	}
	if db.ValidUUID(k.ID) && k.SubjectType != "" && k.SubjectID != "" {
		return "id = $1 AND subject_type = $2 AND subject_id = $3", []any{k.ID, k.SubjectType, k.SubjectID}, true
	}
	return "", nil, false
}

const surveyCols = `id, bron, kanaal, onderwerp, uitgenodigd_op, verloopt_op, beantwoord`

func scanSurvey(r interface{ Scan(...any) error }) (Survey, bool, error) {
	var v Survey
	var answered bool
	if err := r.Scan(&v.ID, &v.Bron, &v.Kanaal, &v.Onderwerp, &v.UitgenodigdOp, &v.VerlooptOp, &answered); err != nil {
		return v, false, err
	}
	v.KanaalLabel = KanaalLabel(v.Kanaal)
	v.UitgenodigdOp, v.VerlooptOp = v.UitgenodigdOp.UTC(), v.VerlooptOp.UTC()
	return v, answered, nil
}

// Open returns the survey of k when it can still be answered: not found
// for an unknown token or someone else's invitation, Conflict with
// CodeAlIngevuld or CodeVerlopen otherwise.
func (s *Service) Open(ctx context.Context, k Key) (Survey, error) {
	where, args, ok := k.where()
	if !ok {
		return Survey{}, errs.NotFoundf("uitnodiging", "")
	}
	v, answered, err := scanSurvey(s.DB.R.QueryRowContext(ctx, `SELECT `+surveyCols+` FROM kto_uitnodigingen WHERE `+where, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return v, errs.NotFoundf("uitnodiging", "")
	}
	if err != nil {
		return v, fmt.Errorf("kto: survey: %w", err)
	}
	switch {
	case answered:
		return v, alIngevuld()
	case !s.now().Before(v.VerlooptOp):
		return v, verlopen()
	}
	return v, nil
}

// Answer is a filled-in survey as the form sends it.
type Answer struct {
	// Cijfer is the overall grade "1".."10" (required).
	Cijfer string
	// Aspecten by aspect key: "1".."10", NVT, or "" (not answered).
	Aspecten map[string]string
	// Opmerking is free text; e-mail addresses, phone numbers and
	// BSN-like numbers are removed before it is stored.
	Opmerking string
}

type grades struct {
	cijfer  int
	aspects []sql.NullInt64 // in Aspecten order
	comment string
}

// Check validates a, field by field, in Dutch.
func (a Answer) check() (grades, error) {
	var g grades
	var f errs.Fields
	if n, err := strconv.Atoi(strings.TrimSpace(a.Cijfer)); err != nil || n < 1 || n > 10 {
		f.Add(Overall, "required", "Kies bij ‘Totaaloordeel’ een cijfer van 1 tot en met 10.")
	} else {
		g.cijfer = n
	}
	for _, k := range Aspecten {
		v := strings.TrimSpace(a.Aspecten[k])
		if v == "" || v == NVT {
			g.aspects = append(g.aspects, sql.NullInt64{})
			continue
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 10 {
			f.Add(k, "invalid", "Kies bij ‘"+AspectLabel[k]+"’ een cijfer van 1 tot en met 10, of ‘n.v.t.’.")
			g.aspects = append(g.aspects, sql.NullInt64{})
			continue
		}
		g.aspects = append(g.aspects, sql.NullInt64{Int64: int64(n), Valid: true})
	}
	g.comment = strings.TrimSpace(a.Opmerking)
	if !utf8.ValidString(g.comment) {
		f.Add("opmerking", "invalid", "Uw opmerking bevat tekens die wij niet kunnen lezen.")
	} else if n := utf8.RuneCountInString(g.comment); n > MaxOpmerking {
		f.Add("opmerking", "max_length", fmt.Sprintf("Uw opmerking is %d tekens lang; het maximum is %d tekens.", n, MaxOpmerking))
	}
	g.comment = Anonymise(g.comment)
	return g, f.Err()
}

// Submit stores the answer to the invitation of k, once. Bad input is
// refused field by field and changes nothing; a second submit gets
// CodeAlIngevuld, a late one CodeVerlopen. The response is stored without
// the invitation's id or the person: only channel, zaaktype, product, team
// and the day.
func (s *Service) Submit(ctx context.Context, k Key, a Answer) error {
	where, args, ok := k.where()
	if !ok {
		return errs.NotFoundf("uitnodiging", "")
	}
	g, ferr := a.check()
	now := s.now()
	return s.DB.Tx(ctx, func(tx *sql.Tx) error {
		var id, bron, kanaal, product string
		var zaaktypeID, teamID sql.NullString
		var answered bool
		var expires time.Time
		err := tx.QueryRowContext(ctx, `SELECT id, bron, kanaal, zaaktype_id, product, team_id, beantwoord, verloopt_op
			FROM kto_uitnodigingen WHERE `+where, args...).Scan(&id, &bron, &kanaal, &zaaktypeID, &product, &teamID, &answered, &expires)
		if errors.Is(err, sql.ErrNoRows) {
			return errs.NotFoundf("uitnodiging", "")
		}
		if err != nil {
			return fmt.Errorf("kto: submit: %w", err)
		}
		switch {
		case answered:
			return alIngevuld()
		case !now.Before(expires.UTC()):
			return verlopen()
		case ferr != nil:
			return ferr
		}
		// The conditional update is the once-only guard when two submits
		// race (the second one updates nothing and gets al ingevuld).
		res, err := tx.ExecContext(ctx, `UPDATE kto_uitnodigingen SET beantwoord = TRUE WHERE id = $1 AND beantwoord = FALSE`, id)
		if err != nil {
			return fmt.Errorf("kto: submit: %w", err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return alIngevuld()
		}
		vals := []any{uuid.NewString(), date.Today(now), bron, kanaal, zaaktypeID, product, teamID, g.cijfer}
		for _, v := range g.aspects {
			vals = append(vals, v)
		}
		vals = append(vals, g.comment)
		if _, err := tx.ExecContext(ctx, `INSERT INTO kto_antwoorden (id, datum, bron, kanaal, zaaktype_id, product, team_id,
			cijfer, `+strings.Join(Aspecten, ", ")+`, opmerking) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15)`,
			vals...); err != nil {
			return fmt.Errorf("kto: response: %w", err)
		}
		return nil
	})
}

// OptOut records that the person of the invitation wants no more
// invitations; their open invitations stay answerable.
func (s *Service) OptOut(ctx context.Context, k Key) error {
	where, args, ok := k.where()
	if !ok {
		return errs.NotFoundf("uitnodiging", "")
	}
	return s.DB.Tx(ctx, func(tx *sql.Tx) error {
		var typ, subj string
		err := tx.QueryRowContext(ctx, `SELECT subject_type, subject_id FROM kto_uitnodigingen WHERE `+where, args...).Scan(&typ, &subj)
		if errors.Is(err, sql.ErrNoRows) {
			return errs.NotFoundf("uitnodiging", "")
		}
		if err != nil {
			return fmt.Errorf("kto: opt out: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE kto_ontvangers SET afgemeld = TRUE WHERE subject_type = $1 AND subject_id = $2`,
			typ, subj); err != nil {
			return fmt.Errorf("kto: opt out: %w", err)
		}
		return nil
	})
}

// Pending lists the person's invitations that can still be answered,
// newest first: the PIP shows them on /mijn.
func (s *Service) Pending(ctx context.Context, subjectType, subjectID string) ([]Survey, error) {
	rows, err := s.DB.R.QueryContext(ctx, `SELECT `+surveyCols+` FROM kto_uitnodigingen
		WHERE subject_type = $1 AND subject_id = $2 AND verloopt_op > $3 AND beantwoord = FALSE
		ORDER BY uitgenodigd_op DESC, id LIMIT 20`, subjectType, subjectID, s.now())
	if err != nil {
		return nil, fmt.Errorf("kto: pending: %w", err)
	}
	defer rows.Close()
	var out []Survey
	for rows.Next() {
		v, _, err := scanSurvey(rows)
		if err != nil {
			return nil, fmt.Errorf("kto: pending: %w", err)
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// Comment is one anonymised comment for a report.
type Comment struct {
	Datum       date.Date
	Kanaal      string
	KanaalLabel string
	Cijfer      int
	Tekst       string
}

// Comments lists the non-empty comments of the period and filter, newest
// first (at most limit, default 200), with personal data removed again
// on the way out, so rows stored before a pattern was added are covered
// too.
func (s *Service) Comments(ctx context.Context, from, to time.Time, f Filter, limit int) ([]Comment, error) {
	if limit <= 0 || limit > 1000 {
		limit = 200
	}
	where, args, err := f.where(date.Today(from), date.Today(to))
	if err != nil {
		return nil, err
	}
	rows, err := s.DB.R.QueryContext(ctx, `SELECT datum, kanaal, cijfer, opmerking FROM kto_antwoorden WHERE `+where+
		` AND opmerking <> '' ORDER BY datum DESC, id LIMIT `+strconv.Itoa(limit), args...)
	if err != nil {
		return nil, fmt.Errorf("kto: comments: %w", err)
	}
	defer rows.Close()
	var out []Comment
	for rows.Next() {
		var c Comment
		if err := rows.Scan(&c.Datum, &c.Kanaal, &c.Cijfer, &c.Tekst); err != nil {
			return nil, fmt.Errorf("kto: comments: %w", err)
		}
		c.KanaalLabel = KanaalLabel(c.Kanaal)
		c.Tekst = Anonymise(c.Tekst)
		out = append(out, c)
	}
	return out, rows.Err()
}

var scrubbers = []struct {
	re   *regexp.Regexp
	with string
}{
	{regexp.MustCompile(`(?i)[a-z0-9._%+\-]+@[a-z0-9.\-]+\.[a-z]{2,}`), "[e-mailadres verwijderd]"},
	{regexp.MustCompile(`(?i)\bNL\s?\d{2}\s?[A-Z]{4}(?:\s?\d){10}\b`), "[rekeningnummer verwijderd]"},
	// Dutch phone numbers: +31 / 0031 / 0 followed by nine digits, with
	// optional spaces, dashes or a (0).
	{regexp.MustCompile(`(?:\+31|0031)\s?(?:\(0\)\s?)?[1-9](?:[\s\-]?\d){8}\b|\b0[1-9](?:[\s\-]?\d){8}\b`), "[telefoonnummer verwijderd]"},
	// BSN-like: 8 or 9 digits, possibly grouped with dots, spaces or dashes.
	{regexp.MustCompile(`\b\d(?:[\s.\-]?\d){7,8}\b`), "[nummer verwijderd]"},
	// Postcode: with a house number it points at one household.
	{regexp.MustCompile(`\b[1-9]\d{3}\s?[A-Z]{2}\b`), "[postcode verwijderd]"},
}

// Anonymise removes e-mail addresses, IBANs, phone numbers, BSN-like
// numbers and postcodes from a comment. Names cannot be recognised
// reliably and stay: report readers see comments only where their role
// needs them.
func Anonymise(s string) string {
	for _, sc := range scrubbers {
		s = sc.re.ReplaceAllString(s, sc.with)
	}
	return s
}
