package document

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/event"
)

// Objectinformatieobjecten with an object in another server's API (a zaak
// of another Zaken API, a besluit of another Besluiten API, a verzoek).
// Unlike Loket's own relations (which are their own mirror) these are
// stored: the other server registers its relation here, as the standard
// prescribes (zrc/brc "synchroniseren relaties"). Whether the object and
// the relation exist at the source is for the caller to check over HTTP
// before calling (drc-002, drc-004); this package keeps the pair unique
// (drc-003) and the document undeletable while such a relation remains
// (drc-008).

// ExternObjectLink is an objectinformatieobject whose object is a URL of
// another server.
type ExternObjectLink struct {
	ID                 string
	InformatieobjectID string
	ObjectType         string // "zaak", "besluit" or "verzoek"
	ObjectURL          string
	CreatedAt          time.Time
}

// ExternObjectTypes are the object types a relation with another server
// may have.
var ExternObjectTypes = []string{"zaak", "besluit", "verzoek"}

const externCols = `id, informatieobject_id, object_type, object_url, created_at`

func scanExtern(r scanner) (ExternObjectLink, error) {
	var l ExternObjectLink
	err := r.Scan(&l.ID, &l.InformatieobjectID, &l.ObjectType, &l.ObjectURL, &l.CreatedAt)
	l.CreatedAt = l.CreatedAt.UTC()
	return l, err
}

// RegisterExternObjectLink stores the relation of the informatieobject with
// an object of another server. The caller has checked that the object and
// the relation exist there.
func (s *Service) RegisterExternObjectLink(ctx context.Context, objectType, objectURL, informatieobjectID string) (*ExternObjectLink, error) {
	var f errs.Fields
	switch objectType {
	case "zaak", "besluit", "verzoek":
	default:
		f.Add("objectType", "invalid_choice", "Het objectType moet zaak, besluit of verzoek zijn.")
	}
	if objectURL == "" || len(objectURL) > 1000 {
		f.Add("object", "bad-url", "Geef de URL van het object (hoogstens 1000 tekens).")
	}
	if !db.ValidUUID(informatieobjectID) {
		f.Add("informatieobject", "does_not_exist", "Dit informatieobject bestaat niet.")
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	l := ExternObjectLink{ID: uuid.NewString(), InformatieobjectID: informatieobjectID, ObjectType: objectType,
		ObjectURL: objectURL, CreatedAt: s.clock()}
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		d, _, err := getCurrent(ctx, tx, informatieobjectID)
		if errs.Is(err, errs.NotFound) {
			return errs.InvalidField("informatieobject", "does_not_exist", "Dit informatieobject bestaat niet.")
		}
		if err != nil {
			return err
		}
		taken, err := db.Exists(ctx, tx, `SELECT 1 FROM objectinformatieobjecten_extern WHERE informatieobject_id = $1 AND object_url = $2`,
			informatieobjectID, objectURL)
		if err != nil {
			return fmt.Errorf("document: extern object link: %w", err)
		}
		if taken {
			return errDuplicateExtern()
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO objectinformatieobjecten_extern (`+externCols+`) VALUES ($1, $2, $3, $4, $5)`,
			l.ID, l.InformatieobjectID, l.ObjectType, l.ObjectURL, l.CreatedAt)
		if db.IsUniqueViolation(err) {
			return errDuplicateExtern()
		}
		if err != nil {
			return fmt.Errorf("document: extern object link: %w", err)
		}
		if err := s.emitExtern(ctx, tx, &d, l.ID, event.Create); err != nil {
			return err
		}
		return recordSub(ctx, tx, &d, "objectinformatieobject", l.ID, "create", "Relatie met "+objectType+" elders vastgelegd", nil, l, l.CreatedAt)
	})
	if err != nil {
		return nil, err
	}
	return &l, nil
}

func errDuplicateExtern() error {
	return errs.InvalidField("nonFieldErrors", "unique", "Dit informatieobject is al aan dit object gekoppeld.")
}

func (s *Service) emitExtern(ctx context.Context, tx *sql.Tx, d *Document, id, actie string) error {
	return s.emitDoc(ctx, tx, d, "objectinformatieobject", id, actie)
}

// GetExternObjectLink returns one relation with another server's object.
func (s *Service) GetExternObjectLink(ctx context.Context, id string) (*ExternObjectLink, error) {
	if !db.ValidUUID(id) {
		return nil, errs.NotFoundf("objectinformatieobject", id)
	}
	l, err := scanExtern(s.db.R.QueryRowContext(ctx, `SELECT `+externCols+` FROM objectinformatieobjecten_extern WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.NotFoundf("objectinformatieobject", id)
	}
	if err != nil {
		return nil, fmt.Errorf("document: extern object link: %w", err)
	}
	return &l, nil
}

// ExternObjectLinkFilter selects relations with other servers' objects;
// empty fields do not filter.
type ExternObjectLinkFilter struct {
	ObjectURL          string
	InformatieobjectID string
	Access             *Access
}

// ListExternObjectLinks lists relations with other servers' objects, by
// object and creation.
func (s *Service) ListExternObjectLinks(ctx context.Context, f ExternObjectLinkFilter) ([]ExternObjectLink, error) {
	if f.InformatieobjectID != "" && !db.ValidUUID(f.InformatieobjectID) {
		return []ExternObjectLink{}, nil
	}
	var w db.Where
	w.Eq("object_url", f.ObjectURL)
	w.Eq("informatieobject_id", f.InformatieobjectID)
	f.Access.restrict(&w, "informatieobject_id")
	rows, err := s.db.R.QueryContext(ctx, `SELECT `+externCols+` FROM objectinformatieobjecten_extern`+w.String()+
		` ORDER BY object_url, created_at, id`, w.Args()...)
	if err != nil {
		return nil, fmt.Errorf("document: extern object links: %w", err)
	}
	defer rows.Close()
	out := []ExternObjectLink{}
	for rows.Next() {
		l, err := scanExtern(rows)
		if err != nil {
			return nil, fmt.Errorf("document: extern object links: %w", err)
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// RemoveExternObjectLink deletes a relation with another server's object.
// The caller has checked that the relation is gone at its source (drc-004).
func (s *Service) RemoveExternObjectLink(ctx context.Context, id string) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		l, err := scanExtern(tx.QueryRowContext(ctx, `SELECT `+externCols+` FROM objectinformatieobjecten_extern WHERE id = $1`, id))
		if errors.Is(err, sql.ErrNoRows) {
			return errs.NotFoundf("objectinformatieobject", id)
		}
		if err != nil {
			return fmt.Errorf("document: extern object link: %w", err)
		}
		d, _, err := getCurrent(ctx, tx, l.InformatieobjectID)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM objectinformatieobjecten_extern WHERE id = $1`, id); err != nil {
			return fmt.Errorf("document: delete extern object link: %w", err)
		}
		if err := s.emitExtern(ctx, tx, &d, l.ID, event.Destroy); err != nil {
			return err
		}
		return recordSub(ctx, tx, &d, "objectinformatieobject", l.ID, "destroy", "Relatie met "+l.ObjectType+" elders verwijderd", l, nil, s.clock())
	})
}
