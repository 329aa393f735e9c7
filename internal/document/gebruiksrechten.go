package document

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/gemeenten/loket/internal/audit"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/errs"
)

// Gebruiksrecht records the conditions under which an informatieobject may
// be used (Documenten API gebruiksrechten). Creating the first one sets the
// object's indicatieGebruiksrecht to true, removing the last one back to
// unknown (drc-006).
type Gebruiksrecht struct {
	ID                      string     `json:"uuid"`
	InformatieobjectID      string     `json:"informatieobject"`
	Startdatum              time.Time  `json:"startdatum"`
	Einddatum               *time.Time `json:"einddatum"`
	OmschrijvingVoorwaarden string     `json:"omschrijvingVoorwaarden"`
}

// GebruiksrechtInput creates a gebruiksrecht or, on update, replaces it
// (the informatieobject cannot change).
type GebruiksrechtInput struct {
	InformatieobjectID      string
	Startdatum              time.Time
	Einddatum               *time.Time
	OmschrijvingVoorwaarden string
}

func validateGebruiksrecht(g *Gebruiksrecht) error {
	var f errs.Fields
	if g.Startdatum.IsZero() {
		f.Add("startdatum", "required", "Startdatum is verplicht.")
	}
	if g.Einddatum != nil && !g.Startdatum.IsZero() && g.Einddatum.Before(g.Startdatum) {
		f.Add("einddatum", "einddatum-voor-startdatum", "De einddatum mag niet vóór de startdatum liggen.")
	}
	if g.OmschrijvingVoorwaarden == "" {
		f.Add("omschrijvingVoorwaarden", "required", "De omschrijving van de voorwaarden is verplicht.")
	}
	return f.Err()
}

func utcPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

// CreateGebruiksrecht adds a gebruiksrecht and sets indicatieGebruiksrecht.
func (s *Service) CreateGebruiksrecht(ctx context.Context, in GebruiksrechtInput) (*Gebruiksrecht, error) {
	g := Gebruiksrecht{ID: uuid.NewString(), InformatieobjectID: strings.TrimSpace(in.InformatieobjectID),
		Startdatum: in.Startdatum.UTC(), Einddatum: utcPtr(in.Einddatum), OmschrijvingVoorwaarden: strings.TrimSpace(in.OmschrijvingVoorwaarden)}
	if err := validateGebruiksrecht(&g); err != nil {
		return nil, err
	}
	now := s.clock()
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		d, _, err := getCurrent(ctx, tx, g.InformatieobjectID)
		if errs.Is(err, errs.NotFound) {
			return errs.InvalidField("informatieobject", "does_not_exist", "Dit informatieobject bestaat niet.")
		}
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO gebruiksrechten (id, informatieobject_id, startdatum, einddatum,
			omschrijving_voorwaarden, created_at) VALUES ($1,$2,$3,$4,$5,$6)`,
			g.ID, g.InformatieobjectID, g.Startdatum, nullTime(g.Einddatum), g.OmschrijvingVoorwaarden, now)
		if err != nil {
			return fmt.Errorf("document: insert gebruiksrecht: %w", err)
		}
		// drc-006: the indication follows the gebruiksrechten, without a new version.
		if _, err := tx.ExecContext(ctx, `UPDATE informatieobjecten SET indicatie_gebruiksrecht = $1 WHERE id = $2`,
			true, g.InformatieobjectID); err != nil {
			return fmt.Errorf("document: indicatie gebruiksrecht: %w", err)
		}
		if err := s.emitDoc(ctx, tx, &d, "gebruiksrechten", g.ID, "create"); err != nil {
			return err
		}
		return recordSub(ctx, tx, &d, "gebruiksrechten", g.ID, "create", "Gebruiksrecht vastgelegd", nil, g, now)
	})
	if err != nil {
		return nil, err
	}
	return &g, nil
}

func nullTime(t *time.Time) any {
	if t == nil {
		return nil
	}
	return *t
}

const gebruiksrechtCols = `id, informatieobject_id, startdatum, einddatum, omschrijving_voorwaarden`

func scanGebruiksrecht(r scanner) (Gebruiksrecht, error) {
	var g Gebruiksrecht
	var eind sql.NullTime
	err := r.Scan(&g.ID, &g.InformatieobjectID, &g.Startdatum, &eind, &g.OmschrijvingVoorwaarden)
	g.Startdatum = g.Startdatum.UTC()
	if eind.Valid {
		e := eind.Time.UTC()
		g.Einddatum = &e
	}
	return g, err
}

func getGebruiksrecht(ctx context.Context, q db.Queryer, id string) (Gebruiksrecht, error) {
	if !db.ValidUUID(id) {
		return Gebruiksrecht{}, errs.NotFoundf("gebruiksrecht", id)
	}
	g, err := scanGebruiksrecht(q.QueryRowContext(ctx, `SELECT `+gebruiksrechtCols+` FROM gebruiksrechten WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return g, errs.NotFoundf("gebruiksrecht", id)
	}
	if err != nil {
		return g, fmt.Errorf("document: gebruiksrecht %s: %w", id, err)
	}
	return g, nil
}

// GetGebruiksrecht returns one gebruiksrecht.
func (s *Service) GetGebruiksrecht(ctx context.Context, id string) (*Gebruiksrecht, error) {
	g, err := getGebruiksrecht(ctx, s.db.R, id)
	if err != nil {
		return nil, err
	}
	return &g, nil
}

// UpdateGebruiksrecht replaces the dates and conditions; the
// informatieobject, when given, must be the same.
func (s *Service) UpdateGebruiksrecht(ctx context.Context, id string, in GebruiksrechtInput) (*Gebruiksrecht, error) {
	now := s.clock()
	var out Gebruiksrecht
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		old, err := getGebruiksrecht(ctx, tx, id)
		if err != nil {
			return err
		}
		if io := strings.TrimSpace(in.InformatieobjectID); io != "" && io != old.InformatieobjectID {
			return errs.InvalidField("informatieobject", "wijzigen-niet-toegelaten", "Het informatieobject van een gebruiksrecht kan niet gewijzigd worden.")
		}
		g := old
		g.Startdatum, g.Einddatum, g.OmschrijvingVoorwaarden = in.Startdatum.UTC(), utcPtr(in.Einddatum), strings.TrimSpace(in.OmschrijvingVoorwaarden)
		if err := validateGebruiksrecht(&g); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE gebruiksrechten SET startdatum = $1, einddatum = $2, omschrijving_voorwaarden = $3
			WHERE id = $4`, g.Startdatum, nullTime(g.Einddatum), g.OmschrijvingVoorwaarden, id); err != nil {
			return fmt.Errorf("document: update gebruiksrecht: %w", err)
		}
		d, _, err := getCurrent(ctx, tx, g.InformatieobjectID)
		if err != nil {
			return err
		}
		out = g
		if err := s.emitDoc(ctx, tx, &d, "gebruiksrechten", g.ID, "update"); err != nil {
			return err
		}
		return recordSub(ctx, tx, &d, "gebruiksrechten", g.ID, "update", "Gebruiksrecht gewijzigd", old, g, now)
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// DeleteGebruiksrecht removes a gebruiksrecht; removing the last one sets
// the object's indicatieGebruiksrecht back to unknown (drc-006).
func (s *Service) DeleteGebruiksrecht(ctx context.Context, id string) error {
	now := s.clock()
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		g, err := getGebruiksrecht(ctx, tx, id)
		if err != nil {
			return err
		}
		d, _, err := getCurrent(ctx, tx, g.InformatieobjectID)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM gebruiksrechten WHERE id = $1`, id); err != nil {
			return fmt.Errorf("document: delete gebruiksrecht: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE informatieobjecten SET indicatie_gebruiksrecht = NULL
			WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM gebruiksrechten WHERE informatieobject_id = $1)`, d.ID); err != nil {
			return fmt.Errorf("document: indicatie gebruiksrecht: %w", err)
		}
		if err := s.emitDoc(ctx, tx, &d, "gebruiksrechten", g.ID, "destroy"); err != nil {
			return err
		}
		return recordSub(ctx, tx, &d, "gebruiksrechten", g.ID, "destroy", "Gebruiksrecht verwijderd", g, nil, now)
	})
}

// GebruiksrechtFilter selects gebruiksrechten; zero fields do not filter.
type GebruiksrechtFilter struct {
	InformatieobjectID string
	// Access limits the list to the informatieobjecten the caller may see.
	Access                                                   *Access
	StartdatumLt, StartdatumLte, StartdatumGt, StartdatumGte time.Time
	EinddatumLt, EinddatumLte, EinddatumGt, EinddatumGte     time.Time
}

// ListGebruiksrechten lists gebruiksrechten, oldest start first.
func (s *Service) ListGebruiksrechten(ctx context.Context, f GebruiksrechtFilter) ([]Gebruiksrecht, error) {
	if f.InformatieobjectID != "" && !db.ValidUUID(f.InformatieobjectID) {
		return []Gebruiksrecht{}, nil
	}
	var w db.Where
	w.Eq("informatieobject_id", f.InformatieobjectID)
	f.Access.restrict(&w, "informatieobject_id")
	for _, c := range []struct {
		col, op string
		t       time.Time
	}{
		{"startdatum", "<", f.StartdatumLt}, {"startdatum", "<=", f.StartdatumLte},
		{"startdatum", ">", f.StartdatumGt}, {"startdatum", ">=", f.StartdatumGte},
		{"einddatum", "<", f.EinddatumLt}, {"einddatum", "<=", f.EinddatumLte},
		{"einddatum", ">", f.EinddatumGt}, {"einddatum", ">=", f.EinddatumGte},
	} {
		if !c.t.IsZero() {
			w.And(c.col + " " + c.op + " " + w.Arg(c.t.UTC()))
		}
	}
	rows, err := s.db.R.QueryContext(ctx, `SELECT `+gebruiksrechtCols+` FROM gebruiksrechten`+w.String()+` ORDER BY startdatum, id`, w.Args()...)
	if err != nil {
		return nil, fmt.Errorf("document: list gebruiksrechten: %w", err)
	}
	defer rows.Close()
	out := []Gebruiksrecht{}
	for rows.Next() {
		g, err := scanGebruiksrecht(rows)
		if err != nil {
			return nil, fmt.Errorf("document: list gebruiksrechten: %w", err)
		}
		out = append(out, g)
	}
	return out, rows.Err()
}

// recordSub writes the audit entry of a change to a resource that belongs to
// the informatieobject (gebruiksrechten, verzending), under the object, once
// per zaak it belongs to, like record.
func recordSub(ctx context.Context, tx *sql.Tx, d *Document, resource, id, actie, weergave string, old, new any, at time.Time) error {
	zaakIDs, err := linkedZaken(ctx, tx, d.ID)
	if err != nil {
		return err
	}
	if len(zaakIDs) == 0 {
		zaakIDs = []string{""}
	}
	for _, z := range zaakIDs {
		err := audit.Record(ctx, tx, audit.Entry{
			Bron: "DRC", ZaakID: z, HoofdObject: d.ID, Resource: resource, ResourceID: id,
			ResourceWeergave: d.Identificatie + " " + d.Titel, Actie: actie, ActieWeergave: weergave,
			Old: old, New: new, At: at,
		})
		if err != nil {
			return err
		}
	}
	return nil
}
