package document

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/errs"
)

// Objectinformatieobjecten are not stored: each one is a
// zaakinformatieobject or besluitinformatieobject seen from the document, so
// the mirror the standard asks for (zrc/brc "synchroniseren relaties") can
// never drift from its source.

const objectLinksUnion = `SELECT id, informatieobject_id, 'zaak' AS object_type, zaak_id AS object_id FROM zaakinformatieobjecten
	UNION ALL SELECT id, informatieobject_id, 'besluit', besluit_id FROM besluitinformatieobjecten`

// GetObjectLink returns one objectinformatieobject by the id of the link it
// mirrors.
func (s *Service) GetObjectLink(ctx context.Context, id string) (*ObjectLink, error) {
	if !db.ValidUUID(id) {
		return nil, errs.NotFoundf("objectinformatieobject", id)
	}
	var o ObjectLink
	err := s.db.R.QueryRowContext(ctx, `SELECT id, informatieobject_id, object_type, object_id FROM (`+objectLinksUnion+`) l
		WHERE id = $1`, id).Scan(&o.ID, &o.InformatieobjectID, &o.ObjectType, &o.ObjectID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.NotFoundf("objectinformatieobject", id)
	}
	if err != nil {
		return nil, fmt.Errorf("document: object link: %w", err)
	}
	return &o, nil
}

// ObjectLinkFilter selects objectinformatieobjecten; empty fields do not
// filter. ObjectType and ObjectID go together.
type ObjectLinkFilter struct {
	ObjectType         string // "zaak" or "besluit"
	ObjectID           string
	InformatieobjectID string
	Access             *Access
}

// ListObjectLinks lists objectinformatieobjecten ordered by object type and
// object.
func (s *Service) ListObjectLinks(ctx context.Context, f ObjectLinkFilter) ([]ObjectLink, error) {
	for _, v := range []string{f.ObjectID, f.InformatieobjectID} {
		if v != "" && !db.ValidUUID(v) {
			return []ObjectLink{}, nil
		}
	}
	var w db.Where
	w.Eq("object_type", f.ObjectType)
	w.Eq("object_id", f.ObjectID)
	w.Eq("informatieobject_id", f.InformatieobjectID)
	f.Access.restrict(&w, "informatieobject_id")
	rows, err := s.db.R.QueryContext(ctx, `SELECT id, informatieobject_id, object_type, object_id FROM (`+objectLinksUnion+`) l`+
		w.String()+` ORDER BY object_type, object_id, id`, w.Args()...)
	if err != nil {
		return nil, fmt.Errorf("document: object links: %w", err)
	}
	defer rows.Close()
	out := []ObjectLink{}
	for rows.Next() {
		var o ObjectLink
		if err := rows.Scan(&o.ID, &o.InformatieobjectID, &o.ObjectType, &o.ObjectID); err != nil {
			return nil, fmt.Errorf("document: object links: %w", err)
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// RegisterObjectLink is objectinformatieobject_create: the object must exist
// (drc-002) and the relation must already exist at its source, the
// zaakinformatieobject or besluitinformatieobject (drc-004). The mirror
// then exists already and is returned, so that a client that mirrors the
// relation itself, as the standard describes, gets its answer; the pair can
// never be stored twice (drc-003).
func (s *Service) RegisterObjectLink(ctx context.Context, objectType, objectID, informatieobjectID string) (*ObjectLink, error) {
	var table string
	switch objectType {
	case "zaak":
		table = "zaken"
	case "besluit":
		table = "besluiten"
	default:
		return nil, errs.InvalidField("objectType", "invalid_choice", "Loket kent alleen relaties met een zaak of een besluit.")
	}
	if !db.ValidUUID(objectID) {
		return nil, errs.InvalidField("object", "does_not_exist", "Dit object bestaat niet.")
	}
	ok, err := db.Exists(ctx, s.db.R, `SELECT 1 FROM `+table+` WHERE id = $1`, objectID)
	if err != nil {
		return nil, fmt.Errorf("document: object: %w", err)
	}
	if !ok {
		return nil, errs.InvalidField("object", "does_not_exist", "Dit object bestaat niet.")
	}
	if !db.ValidUUID(informatieobjectID) {
		return nil, errs.InvalidField("informatieobject", "does_not_exist", "Dit informatieobject bestaat niet.")
	}
	if _, _, err := getCurrent(ctx, s.db.R, informatieobjectID); errs.Is(err, errs.NotFound) {
		return nil, errs.InvalidField("informatieobject", "does_not_exist", "Dit informatieobject bestaat niet.")
	} else if err != nil {
		return nil, err
	}
	links, err := s.ListObjectLinks(ctx, ObjectLinkFilter{ObjectType: objectType, ObjectID: objectID, InformatieobjectID: informatieobjectID})
	if err != nil {
		return nil, err
	}
	if len(links) == 0 {
		return nil, errs.InvalidField("nonFieldErrors", "inconsistent-relation",
			"De relatie tussen het object en het informatieobject bestaat niet in de bron; leg die eerst vast in de Zaken- of Besluiten API.")
	}
	return &links[0], nil
}

// RemoveObjectLink is objectinformatieobject_destroy. The relation may only
// go once its source is gone, and then its mirror is gone with it; so a
// mirror that can still be found is refused (inconsistent-relation).
func (s *Service) RemoveObjectLink(ctx context.Context, id string) error {
	o, err := s.GetObjectLink(ctx, id)
	if err != nil {
		return err
	}
	src := "zaakinformatieobject"
	if o.ObjectType == "besluit" {
		src = "besluitinformatieobject"
	}
	return errs.InvalidField("nonFieldErrors", "inconsistent-relation",
		"De relatie bestaat nog in de bron; verwijder het "+src+" in plaats van deze spiegeling.")
}
