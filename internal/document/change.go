package document

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/gemeenten/loket/internal/audit"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/event"
)

// Lock locks the informatieobject for an update and returns the token that
// the update and the unlock must carry (drc-009).
func (s *Service) Lock(ctx context.Context, id string) (string, error) {
	token := newLockToken()
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		d, lock, err := getCurrent(ctx, tx, id)
		if err != nil {
			return err
		}
		if lock != "" {
			return errs.InvalidField("nonFieldErrors", "existing-lock", "Het document is al gelockt.")
		}
		res, err := tx.ExecContext(ctx, `UPDATE informatieobjecten SET lock = $1 WHERE id = $2 AND lock = ''`, token, id)
		if err != nil {
			return fmt.Errorf("document: lock: %w", err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return errs.InvalidField("nonFieldErrors", "existing-lock", "Het document is al gelockt.")
		}
		return record(ctx, tx, &d, nil, "lock", "Informatieobject gelockt", nil, nil, s.clock())
	})
	if err != nil {
		return "", err
	}
	return token, nil
}

// Unlock releases the lock; token must be the one Lock returned.
func (s *Service) Unlock(ctx context.Context, id, token string) error {
	return s.unlock(ctx, id, token, false)
}

// ForceUnlock releases the lock without the token; only for staff with the
// role "beheerder" or API clients with the documenten.geforceerd-unlock scope.
func (s *Service) ForceUnlock(ctx context.Context, id string) error {
	if !audit.ActorFrom(ctx).HasRole("beheerder", ForceUnlockPermission) {
		return errs.E(errs.Forbidden, "permission_denied", "Alleen een beheerder mag een document geforceerd ontgrendelen.")
	}
	return s.unlock(ctx, id, "", true)
}

func (s *Service) unlock(ctx context.Context, id, token string, force bool) error {
	// An upload in parts is joined into one file before the lock goes
	// (parts.go); the file is written outside the transaction.
	m, err := s.prepareMerge(ctx, id, token, force)
	if err != nil {
		return err
	}
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		d, lock, err := getCurrent(ctx, tx, id)
		if err != nil {
			return err
		}
		if !force && token != lock {
			return errs.InvalidField("lock", "incorrect-lock-id", "Het lock is niet juist.")
		}
		if lock == "" {
			return nil
		}
		if err := m.apply(ctx, tx, &d); err != nil {
			return err
		}
		if m != nil && !m.discard {
			// The joined upload is the document's content arriving: a
			// change subscribers need to hear of.
			if err := s.emitDoc(ctx, tx, &d, "enkelvoudiginformatieobject", d.ID, event.PartialUpdate); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE informatieobjecten SET lock = '' WHERE id = $1`, id); err != nil {
			return fmt.Errorf("document: unlock: %w", err)
		}
		weergave := "Informatieobject ontgrendeld"
		if force {
			weergave = "Informatieobject geforceerd ontgrendeld"
		}
		return record(ctx, tx, &d, nil, "unlock", weergave, nil, nil, s.clock())
	})
	m.finish(ctx, s, err)
	return err
}

func errPendingRelations() error {
	return errs.InvalidField("nonFieldErrors", "pending-relations",
		"Het document hoort nog bij een zaak of besluit; verwijder eerst die koppelingen.")
}

func checkLock(current, given string) error {
	if current == "" {
		return errs.InvalidField("nonFieldErrors", "unlocked", "Het document is niet gelockt; vraag eerst een lock aan.")
	}
	if given == "" {
		return errs.InvalidField("lock", "missing-lock", "Het lock ontbreekt.")
	}
	if given != current {
		return errs.InvalidField("lock", "incorrect-lock-id", "Het lock is niet juist.")
	}
	return nil
}

// Update applies in and registers the result as a new version (versie+1).
// The object must be locked with in.Lock (drc-009).
func (s *Service) Update(ctx context.Context, id string, in UpdateInput) (*Document, error) {
	old, lock, err := getCurrent(ctx, s.db.R, id)
	if err != nil {
		return nil, err
	}
	if err := checkLock(lock, in.Lock); err != nil {
		return nil, err
	}
	d := old
	set := func(dst *string, v *string) {
		if v != nil {
			*dst = strings.TrimSpace(*v)
		}
	}
	if in.Creatiedatum != nil {
		d.Creatiedatum = *in.Creatiedatum
	}
	set(&d.Titel, in.Titel)
	set(&d.Vertrouwelijkheidaanduiding, in.Vertrouwelijkheidaanduiding)
	set(&d.Auteur, in.Auteur)
	set(&d.Status, in.Status)
	set(&d.Formaat, in.Formaat)
	set(&d.Taal, in.Taal)
	set(&d.Bestandsnaam, in.Bestandsnaam)
	set(&d.Beschrijving, in.Beschrijving)
	set(&d.InformatieobjecttypeID, in.InformatieobjecttypeID)
	if in.Extra != nil {
		d.Extra = *in.Extra
	}
	var f errs.Fields
	newParts := in.Content == nil && in.Bestandsomvang != nil && *in.Bestandsomvang != old.Bestandsomvang
	if newParts {
		if *in.Bestandsomvang < 0 {
			f.Add("bestandsomvang", "min_value", "Bestandsomvang mag niet negatief zijn.")
		}
		d.Bestandsomvang, d.blobKey, d.SHA256 = *in.Bestandsomvang, "", ""
	}
	if in.SetIndicatieGebruiksrecht {
		if in.IndicatieGebruiksrecht != nil && *in.IndicatieGebruiksrecht &&
			(old.IndicatieGebruiksrecht == nil || !*old.IndicatieGebruiksrecht) {
			f.Add("indicatieGebruiksrecht", "missing-gebruiksrechten",
				"IndicatieGebruiksrecht kan pas 'ja' zijn als er gebruiksrechten zijn vastgelegd.")
		}
		d.IndicatieGebruiksrecht = in.IndicatieGebruiksrecht
	}
	validateMeta(&f, &d)
	// An emptied vertrouwelijkheidaanduiding falls back to the type's (drc-007).
	if d.InformatieobjecttypeID != old.InformatieobjecttypeID || d.Vertrouwelijkheidaanduiding == "" {
		if err := s.checkType(ctx, &f, &d, true); err != nil {
			return nil, err
		}
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	now := s.clock()
	d.Versie = old.Versie + 1
	d.BeginRegistratie = now
	if in.Content != nil {
		// A new file gets its formaat from the new content unless given.
		if in.Formaat == nil {
			d.Formaat = ""
		}
		if err := s.putContent(ctx, &d, in.Content, true); err != nil {
			return nil, err
		}
	}
	newKey := ""
	if in.Content != nil {
		newKey = d.blobKey
	}
	extra, trefwoorden, err := extraColumns(d.Extra)
	if err != nil {
		s.dropBlob(ctx, newKey)
		return nil, err
	}
	var oldParts []string
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		_, lockNow, err := getCurrent(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := checkLock(lockNow, in.Lock); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE informatieobjecten SET informatieobjecttype_id = $1, creatiedatum = $2,
			titel = $3, vertrouwelijkheidaanduiding = $4, auteur = $5, status = $6, formaat = $7, taal = $8,
			bestandsnaam = $9, bestandsomvang = $10, beschrijving = $11, indicatie_gebruiksrecht = $12, versie = $13,
			blob_key = $14, sha256 = $15, updated_at = $16, extra = $20, trefwoorden = $21
			WHERE id = $17 AND versie = $18 AND lock = $19`,
			nullable(d.InformatieobjecttypeID), d.Creatiedatum, d.Titel, d.Vertrouwelijkheidaanduiding, d.Auteur,
			d.Status, d.Formaat, d.Taal, d.Bestandsnaam, d.Bestandsomvang, d.Beschrijving,
			nullBool(d.IndicatieGebruiksrecht), d.Versie, d.blobKey, d.SHA256, now, id, old.Versie, in.Lock,
			extra, trefwoorden)
		if err != nil {
			return fmt.Errorf("document: update: %w", err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return errs.E(errs.Conflict, "concurrent_update", "Het document is intussen gewijzigd; laad het opnieuw.")
		}
		if err := insertVersion(ctx, tx, &d); err != nil {
			return err
		}
		if newParts || in.Content != nil {
			// A new file replaces an upload in parts that was under way.
			if oldParts, err = s.replaceParts(ctx, tx, d.ID, d.Bestandsomvang, newParts, now); err != nil {
				return err
			}
		}
		if err := s.emitDoc(ctx, tx, &d, "enkelvoudiginformatieobject", d.ID, "update"); err != nil {
			return err
		}
		return record(ctx, tx, &d, nil, "update", fmt.Sprintf("Versie %d geregistreerd", d.Versie), old, d, now)
	})
	if err != nil {
		s.dropBlob(ctx, newKey)
		return nil, err
	}
	for _, k := range oldParts {
		s.dropBlob(ctx, k)
	}
	return &d, nil
}

// Delete destroys the informatieobject with all versions and files (drc-008):
// only when no zaak or besluit refers to it any more and it is not locked.
// The object's own audit trail goes with it, as drc-008 demands; its links
// were recorded in the zaak's and besluit's trails, which stay.
func (s *Service) Delete(ctx context.Context, id string) error {
	var keys []string
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		cur, lock, err := getCurrent(ctx, tx, id)
		if err != nil {
			return err
		}
		if lock != "" {
			return errs.InvalidField("nonFieldErrors", "locked", "Het document is gelockt; ontgrendel het eerst.")
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM zaakinformatieobjecten WHERE informatieobject_id = $1)
			+ (SELECT COUNT(*) FROM besluitinformatieobjecten WHERE informatieobject_id = $1)
			+ (SELECT COUNT(*) FROM objectinformatieobjecten_extern WHERE informatieobject_id = $1)`, id).Scan(&n); err != nil {
			return fmt.Errorf("document: count relations: %w", err)
		}
		if n > 0 {
			return errPendingRelations()
		}
		if err := s.emitDoc(ctx, tx, &cur, "enkelvoudiginformatieobject", id, event.Destroy); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT DISTINCT blob_key FROM informatieobject_versies
			WHERE informatieobject_id = $1 AND blob_key <> ''
			UNION SELECT blob_key FROM informatieobjecten WHERE id = $1 AND blob_key <> ''
			UNION SELECT blob_key FROM bestandsdelen WHERE informatieobject_id = $1 AND blob_key <> ''`, id)
		if err != nil {
			return fmt.Errorf("document: blob keys: %w", err)
		}
		for rows.Next() {
			var k string
			if err := rows.Scan(&k); err != nil {
				rows.Close()
				return err
			}
			keys = append(keys, k)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM informatieobject_versies WHERE informatieobject_id = $1`, id); err != nil {
			return fmt.Errorf("document: delete versions: %w", err)
		}
		// On PostgreSQL a link that commits after the count above surfaces here.
		_, err = tx.ExecContext(ctx, `DELETE FROM informatieobjecten WHERE id = $1`, id)
		if db.IsForeignKeyViolation(err) {
			return errPendingRelations()
		}
		if err != nil {
			return fmt.Errorf("document: delete: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM audit_trail WHERE bron = 'DRC' AND hoofd_object = $1`, id); err != nil {
			return fmt.Errorf("document: delete audit trail: %w", err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	// Files go only after the commit: a rollback must find them intact. A
	// failure here leaves an unreferenced file, never a row without its file.
	for _, k := range keys {
		s.dropBlob(ctx, k)
	}
	return nil
}
