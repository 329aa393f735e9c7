package notificaties

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"net/url"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/gemeenten/loket/internal/audit"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/errs"
)

// Kanaal is a channel producers publish on; Filters are the kenmerken an
// abonnement may filter on.
type Kanaal struct {
	ID               string
	Naam             string
	DocumentatieLink string
	Filters          []string
	CreatedAt        time.Time
}

const kanaalCols = `id, naam, documentatie_link, filters, created_at`

func scanKanaal(r scanner) (Kanaal, error) {
	var k Kanaal
	var filters string
	if err := r.Scan(&k.ID, &k.Naam, &k.DocumentatieLink, &filters, &k.CreatedAt); err != nil {
		return k, err
	}
	k.Filters = []string{}
	if err := json.Unmarshal([]byte(filters), &k.Filters); err != nil {
		return k, fmt.Errorf("notificaties: kanaal %s filters: %w", k.Naam, err)
	}
	return k, nil
}

// ListKanalen returns the kanalen ordered by naam; naam != "" selects one by
// its exact name.
func (s *Service) ListKanalen(ctx context.Context, naam string) ([]Kanaal, error) {
	q := `SELECT ` + kanaalCols + ` FROM notificatie_kanalen`
	var args []any
	if naam != "" {
		q += ` WHERE naam = $1`
		args = append(args, naam)
	}
	rows, err := s.DB.R.QueryContext(ctx, q+` ORDER BY naam`, args...)
	if err != nil {
		return nil, fmt.Errorf("notificaties: list kanalen: %w", err)
	}
	defer rows.Close()
	out := []Kanaal{}
	for rows.Next() {
		k, err := scanKanaal(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, k)
	}
	return out, rows.Err()
}

// GetKanaal loads a kanaal by id.
func (s *Service) GetKanaal(ctx context.Context, id string) (*Kanaal, error) {
	if !db.ValidUUID(id) {
		return nil, errs.NotFoundf("kanaal", id)
	}
	k, err := scanKanaal(s.DB.R.QueryRowContext(ctx, `SELECT `+kanaalCols+` FROM notificatie_kanalen WHERE id = $1`, id))
	if err != nil {
		return nil, notFound("kanaal", id, err)
	}
	return &k, nil
}

func kanaalByNaam(ctx context.Context, q db.Queryer, naam string) (*Kanaal, error) {
	k, err := scanKanaal(q.QueryRowContext(ctx, `SELECT `+kanaalCols+` FROM notificatie_kanalen WHERE naam = $1`, naam))
	if err != nil {
		return nil, notFound("kanaal", naam, err)
	}
	return &k, nil
}

// CreateKanaal registers a kanaal; naam is unique.
func (s *Service) CreateKanaal(ctx context.Context, in Kanaal) (*Kanaal, error) {
	k := in
	var f errs.Fields
	switch {
	case k.Naam == "":
		f.Add("naam", "required", "Vul de naam van het kanaal in.")
	case utf8.RuneCountInString(k.Naam) > 50:
		f.Add("naam", "max_length", "De naam van het kanaal mag hoogstens 50 tekens lang zijn.")
	}
	if k.DocumentatieLink != "" {
		if !isHTTPURL(k.DocumentatieLink) {
			f.Add("documentatieLink", "invalid", "De documentatielink moet een volledige http(s)-URL zijn.")
		} else if utf8.RuneCountInString(k.DocumentatieLink) > 200 {
			f.Add("documentatieLink", "max_length", "De documentatielink mag hoogstens 200 tekens lang zijn.")
		}
	}
	if k.Filters == nil {
		k.Filters = []string{}
	}
	seen := map[string]bool{}
	for i, fl := range k.Filters {
		name := fmt.Sprintf("filters.%d", i)
		switch {
		case fl == "":
			f.Add(name, "blank", "Een filterkenmerk mag niet leeg zijn.")
		case utf8.RuneCountInString(fl) > 100:
			f.Add(name, "max_length", "Een filterkenmerk mag hoogstens 100 tekens lang zijn.")
		case seen[fl]:
			f.Add(name, "unique", fmt.Sprintf("Het filterkenmerk %q staat er twee keer in.", fl))
		}
		seen[fl] = true
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	k.ID = uuid.NewString()
	k.CreatedAt = s.now()
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		dup, err := db.Exists(ctx, tx, `SELECT 1 FROM notificatie_kanalen WHERE naam = $1`, k.Naam)
		if err != nil {
			return err
		}
		if dup {
			return errs.InvalidField("naam", "unique", "Er bestaat al een kanaal met deze naam.")
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO notificatie_kanalen (`+kanaalCols+`) VALUES ($1, $2, $3, $4, $5)`,
			k.ID, k.Naam, k.DocumentatieLink, jsonText(k.Filters), k.CreatedAt); err != nil {
			if db.IsUniqueViolation(err) {
				return errs.InvalidField("naam", "unique", "Er bestaat al een kanaal met deze naam.")
			}
			return fmt.Errorf("notificaties: insert kanaal: %w", err)
		}
		return s.record(ctx, tx, "kanaal", k.ID, k.Naam, "create", nil, k)
	})
	if err != nil {
		return nil, err
	}
	return &k, nil
}

func (s *Service) record(ctx context.Context, tx *sql.Tx, resource, id, weergave, actie string, old, new any) error {
	return audit.Record(ctx, tx, audit.Entry{
		Bron:             "NRC",
		Resource:         resource,
		ResourceID:       id,
		ResourceWeergave: weergave,
		Actie:            actie,
		Old:              old,
		New:              new,
		At:               s.now(),
	})
}

func isHTTPURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}
