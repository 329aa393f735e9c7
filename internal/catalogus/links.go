package catalogus

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/google/uuid"

	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/errs"
)

func joinCols(cols []string) string { return strings.Join(cols, ", ") }

// Status filters lists of zaaktypen, informatieobjecttypen and besluittypen
// (and the subresources of zaaktypen) by their concept flag. The zero value
// does not filter, like StatusAlles; note that the Catalogi API's default is
// definitief, so the API passes StatusDefinitief when the client gave none.
type Status string

const (
	StatusDefinitief Status = "definitief"
	StatusConcept    Status = "concept"
	StatusAlles      Status = "alles"
)

func (s Status) check() error {
	switch s {
	case "", StatusDefinitief, StatusConcept, StatusAlles:
		return nil
	}
	return errs.InvalidField("status", "invalid_choice", "Kies uit: alles, concept, definitief.")
}

func (s Status) where(w *where, col string) {
	switch s {
	case StatusDefinitief:
		w.add(col+" = ?", false)
	case StatusConcept:
		w.add(col+" = ?", true)
	}
}

// sameCatalogus loads the catalogus of a type in table and checks it is cat.
func sameCatalogus(ctx context.Context, q db.Queryer, table, field, what, id, cat string) error {
	if id == "" {
		return errs.InvalidField(field, "required", "Dit veld is verplicht.")
	}
	var c string
	err := sql.ErrNoRows
	if uuid.Validate(id) == nil {
		err = q.QueryRowContext(ctx, `SELECT catalogus_id FROM `+table+` WHERE id = $1`, id).Scan(&c)
	}
	if err == sql.ErrNoRows {
		return errs.InvalidField(field, "does_not_exist", "Dit "+what+" bestaat niet.")
	}
	if err != nil {
		return fmt.Errorf("catalogus: %s: %w", table, err)
	}
	if c != cat {
		return errs.InvalidField(field, "relation-mismatch", "Het "+what+" hoort bij een andere catalogus.")
	}
	return nil
}

// LinkZaakTypeBesluitType relates a besluittype of the same catalogus to a
// zaaktype. The relation is part of the zaaktype, so a published zaaktype
// needs o.Correctie (ztc-009). Linking twice changes nothing.
func (s *Store) LinkZaakTypeBesluitType(ctx context.Context, zaakTypeID, besluitTypeID string, o Options) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		z, err := loadZaakTypeBare(ctx, tx, zaakTypeID)
		if err != nil {
			return err
		}
		if !z.Concept && !o.Correctie {
			return errPublished("zaaktype")
		}
		if err := sameCatalogus(ctx, tx, "besluittypen", "besluittypen", "besluittype", besluitTypeID, z.CatalogusID); err != nil {
			return err
		}
		if dup, err := db.Exists(ctx, tx, `SELECT 1 FROM zaaktype_besluittypen WHERE zaaktype_id = $1 AND besluittype_id = $2`, zaakTypeID, besluitTypeID); err != nil || dup {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO zaaktype_besluittypen (zaaktype_id, besluittype_id) VALUES ($1, $2)`, zaakTypeID, besluitTypeID); err != nil {
			return fmt.Errorf("catalogus: link besluittype: %w", err)
		}
		return s.record(ctx, tx, "zaaktype-besluittype", zaakTypeID+"/"+besluitTypeID, z.Omschrijving, zaakTypeID, "create", nil,
			map[string]string{"zaaktype": zaakTypeID, "besluittype": besluitTypeID})
	})
}

// UnlinkZaakTypeBesluitType removes the relation; only for a concept zaaktype
// (a correctie may not remove relations).
func (s *Store) UnlinkZaakTypeBesluitType(ctx context.Context, zaakTypeID, besluitTypeID string) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		z, err := loadZaakTypeBare(ctx, tx, zaakTypeID)
		if err != nil {
			return err
		}
		if !z.Concept {
			return errPublished("zaaktype")
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM zaaktype_besluittypen WHERE zaaktype_id = $1 AND besluittype_id = $2`, zaakTypeID, besluitTypeID)
		if err != nil {
			return fmt.Errorf("catalogus: unlink besluittype: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errs.NotFoundf("relatie met besluittype", besluitTypeID)
		}
		return s.record(ctx, tx, "zaaktype-besluittype", zaakTypeID+"/"+besluitTypeID, z.Omschrijving, zaakTypeID, "destroy",
			map[string]string{"zaaktype": zaakTypeID, "besluittype": besluitTypeID}, nil)
	})
}

// LinkBesluitTypeInformatieObjectType relates an informatieobjecttype of the
// same catalogus to a besluittype; a published besluittype needs o.Correctie.
func (s *Store) LinkBesluitTypeInformatieObjectType(ctx context.Context, besluitTypeID, iotID string, o Options) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		bt, err := GetBesluitType(ctx, tx, besluitTypeID)
		if err != nil {
			return err
		}
		if !bt.Concept && !o.Correctie {
			return errPublished("besluittype")
		}
		if err := sameCatalogus(ctx, tx, "informatieobjecttypen", "informatieobjecttypen", "informatieobjecttype", iotID, bt.CatalogusID); err != nil {
			return err
		}
		if dup, err := db.Exists(ctx, tx, `SELECT 1 FROM besluittype_informatieobjecttypen WHERE besluittype_id = $1 AND informatieobjecttype_id = $2`, besluitTypeID, iotID); err != nil || dup {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO besluittype_informatieobjecttypen (besluittype_id, informatieobjecttype_id) VALUES ($1, $2)`, besluitTypeID, iotID); err != nil {
			return fmt.Errorf("catalogus: link informatieobjecttype: %w", err)
		}
		return s.record(ctx, tx, "besluittype-informatieobjecttype", besluitTypeID+"/"+iotID, bt.Omschrijving, besluitTypeID, "create", nil,
			map[string]string{"besluittype": besluitTypeID, "informatieobjecttype": iotID})
	})
}

// UnlinkBesluitTypeInformatieObjectType removes the relation; only for a
// concept besluittype.
func (s *Store) UnlinkBesluitTypeInformatieObjectType(ctx context.Context, besluitTypeID, iotID string) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		bt, err := GetBesluitType(ctx, tx, besluitTypeID)
		if err != nil {
			return err
		}
		if !bt.Concept {
			return errPublished("besluittype")
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM besluittype_informatieobjecttypen WHERE besluittype_id = $1 AND informatieobjecttype_id = $2`, besluitTypeID, iotID)
		if err != nil {
			return fmt.Errorf("catalogus: unlink informatieobjecttype: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errs.NotFoundf("relatie met informatieobjecttype", iotID)
		}
		return s.record(ctx, tx, "besluittype-informatieobjecttype", besluitTypeID+"/"+iotID, bt.Omschrijving, besluitTypeID, "destroy",
			map[string]string{"besluittype": besluitTypeID, "informatieobjecttype": iotID}, nil)
	})
}

// ---- ZaakTypeInformatieObjectType ----

const ztiotSelect = `SELECT id, zaaktype_id, informatieobjecttype_id, volgnummer, richting, statustype_id FROM zaaktype_informatieobjecttypen`

func scanZTIOT(r scanner) (ZaakTypeInformatieObjectType, error) {
	var l ZaakTypeInformatieObjectType
	var st sql.NullString
	if err := r.Scan(&l.ID, &l.ZaakTypeID, &l.InformatieObjectTypeID, &l.Volgnummer, &l.Richting, &st); err != nil {
		return l, fmt.Errorf("catalogus: scan zaaktype-informatieobjecttype: %w", err)
	}
	l.StatusTypeID = st.String
	return l, nil
}

func validateZTIOT(ctx context.Context, q db.Queryer, l *ZaakTypeInformatieObjectType, catalogusID string) error {
	var f errs.Fields
	if l.Volgnummer < 1 || l.Volgnummer > 999 {
		f.Add("volgnummer", "invalid", "Het volgnummer moet tussen 1 en 999 liggen.")
	} else {
		dup, err := db.Exists(ctx, q, `SELECT 1 FROM zaaktype_informatieobjecttypen WHERE zaaktype_id = $1 AND volgnummer = $2 AND id <> $3`,
			l.ZaakTypeID, l.Volgnummer, l.ID)
		if err != nil {
			return err
		}
		if dup {
			f.Add("volgnummer", "unique", "Dit zaaktype heeft al een informatieobjecttype met dit volgnummer.")
		}
	}
	requiredOneOf(&f, "richting", l.Richting, richtingen)
	if err := checkStatusTypeOf(ctx, q, &f, "statustype", l.StatusTypeID, l.ZaakTypeID); err != nil {
		return err
	}
	if err := sameCatalogus(ctx, q, "informatieobjecttypen", "informatieobjecttype", "informatieobjecttype", l.InformatieObjectTypeID, catalogusID); err != nil {
		fe := errs.As(err)
		if fe == nil {
			return err
		}
		for _, x := range fe.Fields {
			f.Add(x.Field, x.Code, x.Reason)
		}
	}
	return f.Err()
}

// AddZaakTypeInformatieObjectType relates an informatieobjecttype of the same
// catalogus to a zaaktype (ztc-010: concept only, unless o.Correctie).
func (s *Store) AddZaakTypeInformatieObjectType(ctx context.Context, in ZaakTypeInformatieObjectType, o Options) (*ZaakTypeInformatieObjectType, error) {
	l := in
	l.ID = uuid.NewString()
	err := s.write(ctx, func(tx *sql.Tx) error {
		z, err := guardZaakType(ctx, tx, l.ZaakTypeID, o, "zaaktype-informatieobjecttype")
		if err != nil {
			return err
		}
		if err := validateZTIOT(ctx, tx, &l, z.CatalogusID); err != nil {
			return err
		}
		return s.insertZTIOT(ctx, tx, &l)
	})
	if err != nil {
		return nil, err
	}
	return &l, nil
}

func (s *Store) insertZTIOT(ctx context.Context, tx *sql.Tx, l *ZaakTypeInformatieObjectType) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO zaaktype_informatieobjecttypen (id, zaaktype_id, informatieobjecttype_id,
		volgnummer, richting, statustype_id) VALUES ($1,$2,$3,$4,$5,$6)`,
		l.ID, l.ZaakTypeID, l.InformatieObjectTypeID, l.Volgnummer, l.Richting, nullable(l.StatusTypeID)); err != nil {
		return writeErr(err, "insert zaaktype-informatieobjecttype", "volgnummer", "Dit zaaktype heeft al een informatieobjecttype met dit volgnummer.")
	}
	return s.record(ctx, tx, "zaaktype-informatieobjecttype", l.ID, "", l.ZaakTypeID, "create", nil, l)
}

// UpdateZaakTypeInformatieObjectType replaces the fields of the relation (its
// zaaktype stays).
func (s *Store) UpdateZaakTypeInformatieObjectType(ctx context.Context, id string, in ZaakTypeInformatieObjectType, o Options) (*ZaakTypeInformatieObjectType, error) {
	var l ZaakTypeInformatieObjectType
	err := s.write(ctx, func(tx *sql.Tx) error {
		old, err := GetZaakTypeInformatieObjectType(ctx, tx, id)
		if err != nil {
			return err
		}
		z, err := guardZaakType(ctx, tx, old.ZaakTypeID, o, "zaaktype-informatieobjecttype")
		if err != nil {
			return err
		}
		l = in
		l.ID, l.ZaakTypeID = old.ID, old.ZaakTypeID
		if err := validateZTIOT(ctx, tx, &l, z.CatalogusID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE zaaktype_informatieobjecttypen SET informatieobjecttype_id = $2, volgnummer = $3,
			richting = $4, statustype_id = $5 WHERE id = $1`, id, l.InformatieObjectTypeID, l.Volgnummer, l.Richting, nullable(l.StatusTypeID)); err != nil {
			return writeErr(err, "update zaaktype-informatieobjecttype", "volgnummer", "Dit zaaktype heeft al een informatieobjecttype met dit volgnummer.")
		}
		return s.record(ctx, tx, "zaaktype-informatieobjecttype", id, "", l.ZaakTypeID, "update", old, l)
	})
	if err != nil {
		return nil, err
	}
	return &l, nil
}

// DeleteZaakTypeInformatieObjectType deletes the relation of a concept zaaktype.
func (s *Store) DeleteZaakTypeInformatieObjectType(ctx context.Context, id string) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		old, err := GetZaakTypeInformatieObjectType(ctx, tx, id)
		if err != nil {
			return err
		}
		if _, err := guardZaakType(ctx, tx, old.ZaakTypeID, Options{Correctie: geforceerdVerwijderen(ctx)}, "zaaktype-informatieobjecttype"); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM zaaktype_informatieobjecttypen WHERE id = $1`, id); err != nil {
			return inUse(err, "zaaktype-informatieobjecttype")
		}
		return s.record(ctx, tx, "zaaktype-informatieobjecttype", id, "", old.ZaakTypeID, "destroy", old, nil)
	})
}

// GetZaakTypeInformatieObjectType loads the relation.
func GetZaakTypeInformatieObjectType(ctx context.Context, q db.Queryer, id string) (*ZaakTypeInformatieObjectType, error) {
	if uuid.Validate(id) != nil {
		return nil, errs.NotFoundf("zaaktype-informatieobjecttype", id)
	}
	l, err := scanZTIOT(q.QueryRowContext(ctx, ztiotSelect+` WHERE id = $1`, id))
	if err != nil {
		return nil, notFound("zaaktype-informatieobjecttype", id, err)
	}
	return &l, nil
}

// ListZaakTypeInformatieObjectTypen lists the relations by zaaktype and volgnummer.
func ListZaakTypeInformatieObjectTypen(ctx context.Context, q db.Queryer, f SubFilter, p Page) (List[ZaakTypeInformatieObjectType], error) {
	var w where
	if err := f.where(&w); err != nil {
		return List[ZaakTypeInformatieObjectType]{}, err
	}
	return listPage(ctx, q, `SELECT COUNT(*) FROM zaaktype_informatieobjecttypen`, ztiotSelect, &w, "zaaktype_id, volgnummer", p, scanZTIOT)
}
