package kto

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/google/uuid"

	"github.com/gemeenten/loket/internal/audit"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/klant"
)

// ReferenceInput is a reference value as the beheerder enters it.
type ReferenceInput struct {
	Kanaal string // "" = all channels, or one of klant.Kanalen
	Aspect string // Overall or one of Aspecten
	Jaar   string
	Waarde string // "7,8" or "7.8": 1–10, at most one decimal
	Bron   string // e.g. "Benchmark Publiekszaken (landelijk gemiddelde)"
}

var gradeRe = regexp.MustCompile(`^(10|[1-9])(?:[.,](\d))?$`)

// ParseGrade reads a grade of 1–10 with at most one decimal ("7,8") into
// tenths.
func ParseGrade(s string) (int, bool) {
	m := gradeRe.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return 0, false
	}
	whole, _ := strconv.Atoi(m[1])
	tenths := whole * 10
	if m[2] != "" {
		d, _ := strconv.Atoi(m[2])
		tenths += d
	}
	if tenths < 10 || tenths > 100 {
		return 0, false
	}
	return tenths, true
}

// FormatGrade shows tenths the Dutch way ("7,8").
func FormatGrade(tenths int) string {
	return strconv.Itoa(tenths/10) + "," + strconv.Itoa(tenths%10)
}

func (in ReferenceInput) check() (Reference, error) {
	r := Reference{Kanaal: strings.TrimSpace(in.Kanaal), Aspect: strings.TrimSpace(in.Aspect), Bron: strings.TrimSpace(in.Bron)}
	var f errs.Fields
	if r.Kanaal != "" && !slices.Contains(klant.Kanalen, r.Kanaal) {
		f.Add("kanaal", "invalid", "Kies een kanaal uit de lijst.")
	}
	if !slices.Contains(Columns, r.Aspect) {
		f.Add("aspect", "invalid", "Kies een aspect uit de lijst.")
	}
	if y, err := strconv.Atoi(strings.TrimSpace(in.Jaar)); err != nil || y < 2000 || y > 2100 {
		f.Add("jaar", "invalid", "Vul een jaartal in tussen 2000 en 2100, bijvoorbeeld 2025.")
	} else {
		r.Jaar = y
	}
	if t, ok := ParseGrade(in.Waarde); !ok {
		f.Add("waarde", "invalid", "Vul een cijfer in van 1 tot en met 10 met hoogstens één decimaal, bijvoorbeeld 7,8.")
	} else {
		r.Tienden = t
	}
	switch n := len([]rune(r.Bron)); {
	case n == 0:
		f.Add("bron", "required", "Vul de bron in, bijvoorbeeld ‘Benchmark Publiekszaken, landelijk gemiddelde’.")
	case n > 200:
		f.Add("bron", "max_length", "De bron mag niet langer zijn dan 200 tekens.")
	}
	return r, f.Err()
}

// References lists all reference values by year (newest first), channel
// and aspect.
func (s *Service) References(ctx context.Context) ([]Reference, error) {
	rows, err := s.DB.R.QueryContext(ctx, `SELECT id, kanaal, aspect, jaar, waarde_tienden, bron FROM kto_referenties
		ORDER BY jaar DESC, kanaal, aspect`)
	if err != nil {
		return nil, fmt.Errorf("kto: references: %w", err)
	}
	defer rows.Close()
	var out []Reference
	for rows.Next() {
		var r Reference
		if err := rows.Scan(&r.ID, &r.Kanaal, &r.Aspect, &r.Jaar, &r.Tienden, &r.Bron); err != nil {
			return nil, fmt.Errorf("kto: references: %w", err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rank := map[string]int{}
	for i, k := range Columns {
		rank[k] = i
	}
	slices.SortStableFunc(out, func(a, b Reference) int {
		if a.Jaar != b.Jaar {
			return b.Jaar - a.Jaar
		}
		if a.Kanaal != b.Kanaal {
			return strings.Compare(a.Kanaal, b.Kanaal)
		}
		return rank[a.Aspect] - rank[b.Aspect]
	})
	return out, nil
}

// SaveReference stores a reference value; one per channel, aspect and
// year, so entering the same combination again replaces the value. Bad
// input is refused field by field and changes nothing.
func (s *Service) SaveReference(ctx context.Context, in ReferenceInput) (Reference, error) {
	r, err := in.check()
	if err != nil {
		return r, err
	}
	now := s.now()
	err = s.DB.Tx(ctx, func(tx *sql.Tx) error {
		var old Reference
		err := tx.QueryRowContext(ctx, `SELECT id, kanaal, aspect, jaar, waarde_tienden, bron FROM kto_referenties
			WHERE kanaal = $1 AND aspect = $2 AND jaar = $3`, r.Kanaal, r.Aspect, r.Jaar).
			Scan(&old.ID, &old.Kanaal, &old.Aspect, &old.Jaar, &old.Tienden, &old.Bron)
		actie := "update"
		switch {
		case errors.Is(err, sql.ErrNoRows):
			actie = "create"
			r.ID = uuid.NewString()
			_, err = tx.ExecContext(ctx, `INSERT INTO kto_referenties (id, kanaal, aspect, jaar, waarde_tienden, bron, updated_at)
				VALUES ($1,$2,$3,$4,$5,$6,$7)`, r.ID, r.Kanaal, r.Aspect, r.Jaar, r.Tienden, r.Bron, now)
		case err == nil:
			r.ID = old.ID
			_, err = tx.ExecContext(ctx, `UPDATE kto_referenties SET waarde_tienden = $2, bron = $3, updated_at = $4 WHERE id = $1`,
				r.ID, r.Tienden, r.Bron, now)
		}
		if err != nil {
			return fmt.Errorf("kto: save reference: %w", err)
		}
		var prev any
		if actie == "update" {
			prev = old
		}
		return audit.Record(ctx, tx, audit.Entry{Bron: "LOKET", HoofdObject: "kto_referentie/" + r.ID, Resource: "kto_referentie",
			ResourceID: r.ID, ResourceWeergave: referenceLabel(r), Actie: actie, Old: prev, New: r, At: now})
	})
	if err != nil {
		return Reference{}, err
	}
	return r, nil
}

// DeleteReference removes a reference value.
func (s *Service) DeleteReference(ctx context.Context, id string) error {
	if !db.ValidUUID(id) {
		return errs.NotFoundf("referentiewaarde", id)
	}
	return s.DB.Tx(ctx, func(tx *sql.Tx) error {
		var old Reference
		err := tx.QueryRowContext(ctx, `SELECT id, kanaal, aspect, jaar, waarde_tienden, bron FROM kto_referenties WHERE id = $1`, id).
			Scan(&old.ID, &old.Kanaal, &old.Aspect, &old.Jaar, &old.Tienden, &old.Bron)
		if errors.Is(err, sql.ErrNoRows) {
			return errs.NotFoundf("referentiewaarde", id)
		}
		if err != nil {
			return fmt.Errorf("kto: delete reference: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM kto_referenties WHERE id = $1`, id); err != nil {
			return fmt.Errorf("kto: delete reference: %w", err)
		}
		return audit.Record(ctx, tx, audit.Entry{Bron: "LOKET", HoofdObject: "kto_referentie/" + id, Resource: "kto_referentie",
			ResourceID: id, ResourceWeergave: referenceLabel(old), Actie: "destroy", Old: old, At: s.now()})
	})
}

func referenceLabel(r Reference) string {
	return fmt.Sprintf("%s, %s %d: %s", AspectLabel[r.Aspect], KanaalLabel(r.Kanaal), r.Jaar, FormatGrade(r.Tienden))
}
