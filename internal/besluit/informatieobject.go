package besluit

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/google/uuid"

	"github.com/gemeenten/loket/internal/audit"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/errs"
)

// AardRelatie of every besluitinformatieobject (brc-004).
const AardRelatie = "legt_vast"

// InformatieobjectLink is a besluitinformatieobject: an informatieobject in
// which the besluit is recorded.
type InformatieobjectLink struct {
	ID                 string `json:"uuid"`
	BesluitID          string `json:"besluit"`
	InformatieobjectID string `json:"informatieobject"`
	AardRelatie        string `json:"aardRelatie"`
}

// LinkInformatieobject records that the informatieobject lays down the
// besluit. The informatieobject must exist (brc-003), the pair is unique, and
// its informatieobjecttype must be one of the besluittype's (brc-008).
func (s *Service) LinkInformatieobject(ctx context.Context, besluitID, informatieobjectID string) (*InformatieobjectLink, error) {
	l := InformatieobjectLink{ID: uuid.NewString(), BesluitID: strings.TrimSpace(besluitID),
		InformatieobjectID: strings.TrimSpace(informatieobjectID), AardRelatie: AardRelatie}
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		b, err := get(ctx, tx, l.BesluitID)
		if errs.Is(err, errs.NotFound) {
			return errs.InvalidField("besluit", "does_not_exist", "Dit besluit bestaat niet.")
		}
		if err != nil {
			return err
		}
		if err := checkOpen(ctx, tx, b.ZaakID); err != nil {
			return err
		}
		if !db.ValidUUID(l.InformatieobjectID) {
			return errs.InvalidField("informatieobject", "does_not_exist", "Dit informatieobject bestaat niet.")
		}
		var iot sql.NullString
		var ident, titel string
		err = tx.QueryRowContext(ctx, `SELECT informatieobjecttype_id, identificatie, titel FROM informatieobjecten WHERE id = $1`,
			l.InformatieobjectID).Scan(&iot, &ident, &titel)
		if errors.Is(err, sql.ErrNoRows) {
			return errs.InvalidField("informatieobject", "does_not_exist", "Dit informatieobject bestaat niet.")
		}
		if err != nil {
			return fmt.Errorf("besluit: informatieobject: %w", err)
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM besluittype_informatieobjecttypen
			WHERE besluittype_id = $1 AND informatieobjecttype_id = $2`, b.BesluittypeID, nullable(iot.String)).Scan(&n); err != nil {
			return fmt.Errorf("besluit: besluittype informatieobjecttypen: %w", err)
		}
		if n == 0 {
			return errs.InvalidField("nonFieldErrors", "missing-besluittype-informatieobjecttype-relation",
				"Het informatieobjecttype van het document hoort niet bij het besluittype.")
		}
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM besluitinformatieobjecten WHERE besluit_id = $1 AND informatieobject_id = $2`,
			l.BesluitID, l.InformatieobjectID).Scan(&n); err != nil {
			return fmt.Errorf("besluit: check link: %w", err)
		}
		if n > 0 {
			return errDuplicate()
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO besluitinformatieobjecten (id, besluit_id, informatieobject_id) VALUES ($1,$2,$3)`,
			l.ID, l.BesluitID, l.InformatieobjectID)
		if db.IsUniqueViolation(err) {
			return errDuplicate()
		}
		// On PostgreSQL the besluit or document may be deleted after the reads
		// above; the foreign key then refuses the row.
		if db.IsForeignKeyViolation(err) {
			return errs.InvalidField("nonFieldErrors", "does_not_exist", "Het besluit of het informatieobject is intussen verwijderd.")
		}
		if err != nil {
			return fmt.Errorf("besluit: link: %w", err)
		}
		return recordLink(ctx, tx, &b, &l, ident+" "+titel, "create", "Document bij besluit vastgelegd", nil, l, s)
	})
	if err != nil {
		return nil, err
	}
	return &l, nil
}

func errDuplicate() error {
	return errs.InvalidField("nonFieldErrors", "unique", "Dit document hoort al bij dit besluit.")
}

func recordLink(ctx context.Context, tx *sql.Tx, b *Besluit, l *InformatieobjectLink, weergave, actie, actieWeergave string, old, new any, s *Service) error {
	if err := s.emit(ctx, tx, b, "besluitinformatieobject", l.ID, actie); err != nil {
		return err
	}
	return audit.Record(ctx, tx, audit.Entry{
		Bron: "BRC", ZaakID: b.ZaakID, HoofdObject: b.ID, Resource: "besluitinformatieobject", ResourceID: l.ID,
		ResourceWeergave: weergave, Actie: actie, ActieWeergave: actieWeergave, Old: old, New: new, At: s.clock(),
	})
}

func getLink(ctx context.Context, q db.Queryer, id string) (InformatieobjectLink, error) {
	l := InformatieobjectLink{AardRelatie: AardRelatie}
	if !db.ValidUUID(id) {
		return l, errs.NotFoundf("besluitinformatieobject", id)
	}
	err := q.QueryRowContext(ctx, `SELECT id, besluit_id, informatieobject_id FROM besluitinformatieobjecten WHERE id = $1`, id).
		Scan(&l.ID, &l.BesluitID, &l.InformatieobjectID)
	if errors.Is(err, sql.ErrNoRows) {
		return l, errs.NotFoundf("besluitinformatieobject", id)
	}
	if err != nil {
		return l, fmt.Errorf("besluit: get link: %w", err)
	}
	return l, nil
}

// GetInformatieobjectLink returns one besluitinformatieobject.
func (s *Service) GetInformatieobjectLink(ctx context.Context, id string) (*InformatieobjectLink, error) {
	l, err := getLink(ctx, s.db.R, id)
	if err != nil {
		return nil, err
	}
	return &l, nil
}

// UnlinkInformatieobject removes a besluitinformatieobject; the
// informatieobject itself stays.
func (s *Service) UnlinkInformatieobject(ctx context.Context, linkID string) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		l, err := getLink(ctx, tx, linkID)
		if err != nil {
			return err
		}
		b, err := get(ctx, tx, l.BesluitID)
		if err != nil {
			return err
		}
		if err := checkOpen(ctx, tx, b.ZaakID); err != nil {
			return err
		}
		var ident, titel string
		if err := tx.QueryRowContext(ctx, `SELECT identificatie, titel FROM informatieobjecten WHERE id = $1`, l.InformatieobjectID).
			Scan(&ident, &titel); err != nil {
			return fmt.Errorf("besluit: informatieobject: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM besluitinformatieobjecten WHERE id = $1`, linkID); err != nil {
			return fmt.Errorf("besluit: unlink: %w", err)
		}
		return recordLink(ctx, tx, &b, &l, ident+" "+titel, "destroy", "Document losgekoppeld van het besluit", l, nil, s)
	})
}

// LinkFilter selects besluitinformatieobjecten.
type LinkFilter struct {
	BesluitID          string
	InformatieobjectID string
}

// ListInformatieobjecten lists besluitinformatieobjecten.
func (s *Service) ListInformatieobjecten(ctx context.Context, f LinkFilter) ([]InformatieobjectLink, error) {
	var w db.Where
	for _, c := range []struct{ col, field, v string }{
		{"besluit_id", "besluit", f.BesluitID}, {"informatieobject_id", "informatieobject", f.InformatieobjectID},
	} {
		if c.v != "" && !db.ValidUUID(c.v) {
			return nil, errs.InvalidField(c.field, "invalid", "Geen geldige UUID.")
		}
		w.Eq(c.col, c.v)
	}
	rows, err := s.db.R.QueryContext(ctx, `SELECT id, besluit_id, informatieobject_id FROM besluitinformatieobjecten`+w.String()+
		` ORDER BY besluit_id, informatieobject_id`, w.Args()...)
	if err != nil {
		return nil, fmt.Errorf("besluit: list links: %w", err)
	}
	defer rows.Close()
	out := []InformatieobjectLink{}
	for rows.Next() {
		l := InformatieobjectLink{AardRelatie: AardRelatie}
		if err := rows.Scan(&l.ID, &l.BesluitID, &l.InformatieobjectID); err != nil {
			return nil, fmt.Errorf("besluit: list links: %w", err)
		}
		out = append(out, l)
	}
	return out, rows.Err()
}
