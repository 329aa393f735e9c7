package document

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/google/uuid"

	"github.com/gemeenten/loket/internal/blob"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/errs"
)

// DefaultPartSize is the size of a bestandsdeel when Service.PartSize is 0:
// the largest request body the Documenten API requires servers to take.
const DefaultPartSize int64 = 4 << 30

// Part is a bestandsdeel: one piece of a file uploaded in parts (Documenten
// API 1.1+). The object is created (or updated) with its bestandsomvang and
// no content; it is then locked and has its parts, each of which is sent
// with the lock; the unlock joins them into the file.
type Part struct {
	ID                 string
	InformatieobjectID string
	Volgnummer         int
	Omvang             int64
	// Voltooid: the part has arrived.
	Voltooid bool

	blobKey string
}

func (s *Service) partSize() int64 {
	if s.PartSize > 0 {
		return s.PartSize
	}
	return DefaultPartSize
}

// insertParts creates the parts for a file of size bytes.
func (s *Service) insertParts(ctx context.Context, tx *sql.Tx, id string, size int64, now time.Time) error {
	ps := s.partSize()
	for n, off := 1, int64(0); off < size; n, off = n+1, off+ps {
		omvang := min(ps, size-off)
		if _, err := tx.ExecContext(ctx, `INSERT INTO bestandsdelen (id, informatieobject_id, volgnummer, omvang, blob_key, created_at)
			VALUES ($1,$2,$3,$4,'',$5)`, uuid.NewString(), id, n, omvang, now); err != nil {
			return fmt.Errorf("document: insert part: %w", err)
		}
	}
	return nil
}

// replaceParts drops the parts of an earlier upload (returning their files
// for deletion after the commit) and, when create is set, makes new ones.
func (s *Service) replaceParts(ctx context.Context, tx *sql.Tx, id string, size int64, create bool, now time.Time) ([]string, error) {
	keys, err := partKeys(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM bestandsdelen WHERE informatieobject_id = $1`, id); err != nil {
		return nil, fmt.Errorf("document: delete parts: %w", err)
	}
	if create && size > 0 {
		if err := s.insertParts(ctx, tx, id, size, now); err != nil {
			return nil, err
		}
	}
	return keys, nil
}

func partKeys(ctx context.Context, q db.Queryer, id string) ([]string, error) {
	parts, err := listParts(ctx, q, id)
	if err != nil {
		return nil, err
	}
	var keys []string
	for _, p := range parts {
		if p.blobKey != "" {
			keys = append(keys, p.blobKey)
		}
	}
	return keys, nil
}

const partCols = `id, informatieobject_id, volgnummer, omvang, blob_key`

func scanPart(r scanner) (Part, error) {
	var p Part
	err := r.Scan(&p.ID, &p.InformatieobjectID, &p.Volgnummer, &p.Omvang, &p.blobKey)
	p.Voltooid = p.blobKey != ""
	return p, err
}

func listParts(ctx context.Context, q db.Queryer, id string) ([]Part, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+partCols+` FROM bestandsdelen WHERE informatieobject_id = $1 ORDER BY volgnummer`, id)
	if err != nil {
		return nil, fmt.Errorf("document: parts: %w", err)
	}
	defer rows.Close()
	out := []Part{}
	for rows.Next() {
		p, err := scanPart(rows)
		if err != nil {
			return nil, fmt.Errorf("document: parts: %w", err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// Parts lists the bestandsdelen of an upload under way (empty otherwise).
func (s *Service) Parts(ctx context.Context, id string) ([]Part, error) {
	if !db.ValidUUID(id) {
		return nil, errs.NotFoundf("informatieobject", id)
	}
	return listParts(ctx, s.db.R, id)
}

// PartsOf lists the bestandsdelen of many objects at once (for a list page).
func (s *Service) PartsOf(ctx context.Context, ids []string) (map[string][]Part, error) {
	out := map[string][]Part{}
	if len(ids) == 0 {
		return out, nil
	}
	var w db.Where
	in := ""
	for i, id := range ids {
		if i > 0 {
			in += ","
		}
		in += w.Arg(id)
	}
	rows, err := s.db.R.QueryContext(ctx, `SELECT `+partCols+` FROM bestandsdelen WHERE informatieobject_id IN (`+in+`)
		ORDER BY informatieobject_id, volgnummer`, w.Args()...)
	if err != nil {
		return nil, fmt.Errorf("document: parts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		p, err := scanPart(rows)
		if err != nil {
			return nil, fmt.Errorf("document: parts: %w", err)
		}
		out[p.InformatieobjectID] = append(out[p.InformatieobjectID], p)
	}
	return out, rows.Err()
}

// GetPart returns one bestandsdeel.
func (s *Service) GetPart(ctx context.Context, partID string) (*Part, error) {
	return getPart(ctx, s.db.R, partID)
}

func getPart(ctx context.Context, q db.Queryer, partID string) (*Part, error) {
	if !db.ValidUUID(partID) {
		return nil, errs.NotFoundf("bestandsdeel", partID)
	}
	p, err := scanPart(q.QueryRowContext(ctx, `SELECT `+partCols+` FROM bestandsdelen WHERE id = $1`, partID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.NotFoundf("bestandsdeel", partID)
	}
	if err != nil {
		return nil, fmt.Errorf("document: part: %w", err)
	}
	return &p, nil
}

// PutPart stores the content of one part; lock must be the object's lock and
// the content exactly the part's omvang. Sending a part again replaces it.
func (s *Service) PutPart(ctx context.Context, partID, lock string, r io.Reader) (*Part, error) {
	p, err := s.GetPart(ctx, partID)
	if err != nil {
		return nil, err
	}
	_, cur, err := getCurrent(ctx, s.db.R, p.InformatieobjectID)
	if err != nil {
		return nil, err
	}
	if err := checkPartLock(cur, lock); err != nil {
		return nil, err
	}
	if r == nil {
		return nil, errs.InvalidField("inhoud", "required", "De inhoud van het bestandsdeel ontbreekt.")
	}
	// One byte more than the part may hold tells a too large part apart.
	key, size, _, err := blob.PutLimited(ctx, s.blobs, r, p.Omvang+1)
	if errors.Is(err, blob.ErrTooLarge) {
		return nil, errPartSize(p.Omvang)
	}
	if err != nil {
		if ctx.Err() != nil {
			return nil, errs.InvalidField("inhoud", "upload-incomplete", "Het bestandsdeel is niet volledig ontvangen; probeer het opnieuw.")
		}
		return nil, fmt.Errorf("document: store part: %w", err)
	}
	if size != p.Omvang {
		s.dropBlob(ctx, key)
		return nil, errPartSize(p.Omvang)
	}
	var old string
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		now, err := getPart(ctx, tx, partID)
		if err != nil {
			return err
		}
		_, cur, err := getCurrent(ctx, tx, p.InformatieobjectID)
		if err != nil {
			return err
		}
		if err := checkPartLock(cur, lock); err != nil {
			return err
		}
		old = now.blobKey
		if _, err := tx.ExecContext(ctx, `UPDATE bestandsdelen SET blob_key = $1 WHERE id = $2`, key, partID); err != nil {
			return fmt.Errorf("document: put part: %w", err)
		}
		return nil
	})
	if err != nil {
		s.dropBlob(ctx, key)
		return nil, err
	}
	s.dropBlob(ctx, old)
	p.blobKey, p.Voltooid = key, true
	return p, nil
}

func errPartSize(want int64) error {
	return errs.InvalidField("inhoud", "file-size",
		fmt.Sprintf("Het bestandsdeel moet precies %d bytes groot zijn.", want))
}

func checkPartLock(current, given string) error {
	if given == "" {
		return errs.InvalidField("lock", "required", "Het lock ontbreekt.")
	}
	if current == "" || given != current {
		return errs.InvalidField("lock", "incorrect-lock-id", "Het lock is niet juist.")
	}
	return nil
}

// merge is an upload in parts joined into one file, ready to be attached
// in the unlock transaction. A nil merge (no parts) does nothing.
type merge struct {
	key, sum string
	size     int64
	// discard: a forced unlock of an incomplete upload drops the parts.
	discard bool
	parts   []Part
}

// prepareMerge joins the parts of the object, when it has any, into one
// stored file. Missing parts refuse a normal unlock; a forced one discards
// the unfinished upload.
func (s *Service) prepareMerge(ctx context.Context, id, token string, force bool) (*merge, error) {
	_, lock, err := getCurrent(ctx, s.db.R, id)
	if err != nil {
		return nil, err
	}
	if !force && token != lock {
		return nil, errs.InvalidField("lock", "incorrect-lock-id", "Het lock is niet juist.")
	}
	parts, err := listParts(ctx, s.db.R, id)
	if err != nil || len(parts) == 0 {
		return nil, err
	}
	m := &merge{parts: parts}
	readers := make([]io.Reader, 0, len(parts))
	var closers []io.Closer
	defer func() {
		for _, c := range closers {
			c.Close()
		}
	}()
	for _, p := range parts {
		if !p.Voltooid {
			if force {
				m.discard = true
				return m, nil
			}
			return nil, errs.InvalidField("nonFieldErrors", "incomplete-upload",
				fmt.Sprintf("Bestandsdeel %d is nog niet ontvangen; stuur eerst alle delen.", p.Volgnummer))
		}
		rc, err := s.blobs.Open(ctx, p.blobKey)
		if err != nil {
			return nil, fmt.Errorf("document: open part %d of %s: %w", p.Volgnummer, id, err)
		}
		closers = append(closers, rc)
		readers = append(readers, rc)
	}
	key, size, sum, err := blob.PutLimited(ctx, s.blobs, io.MultiReader(readers...), s.maxSize())
	if errors.Is(err, blob.ErrTooLarge) {
		return nil, blob.TooLargeError("bestandsomvang", s.maxSize())
	}
	if err != nil {
		return nil, fmt.Errorf("document: join parts of %s: %w", id, err)
	}
	m.key, m.size, m.sum = key, size, sum
	return m, nil
}

// apply attaches the joined file to the current version and removes the
// parts. The parts must be the ones that were joined.
func (m *merge) apply(ctx context.Context, tx *sql.Tx, d *Document) error {
	if m == nil {
		return nil
	}
	now, err := listParts(ctx, tx, d.ID)
	if err != nil {
		return err
	}
	if len(now) != len(m.parts) {
		return errs.E(errs.Conflict, "concurrent_update", "De bestandsdelen zijn intussen gewijzigd; probeer het opnieuw.")
	}
	for i := range now {
		if now[i].ID != m.parts[i].ID || now[i].blobKey != m.parts[i].blobKey {
			return errs.E(errs.Conflict, "concurrent_update", "De bestandsdelen zijn intussen gewijzigd; probeer het opnieuw.")
		}
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM bestandsdelen WHERE informatieobject_id = $1`, d.ID); err != nil {
		return fmt.Errorf("document: delete parts: %w", err)
	}
	if m.discard {
		m.size = 0
	}
	if _, err := tx.ExecContext(ctx, `UPDATE informatieobjecten SET blob_key = $1, sha256 = $2, bestandsomvang = $3 WHERE id = $4`,
		m.key, m.sum, m.size, d.ID); err != nil {
		return fmt.Errorf("document: attach joined file: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE informatieobject_versies SET blob_key = $1, sha256 = $2, bestandsomvang = $3
		WHERE informatieobject_id = $4 AND versie = $5`, m.key, m.sum, m.size, d.ID, d.Versie); err != nil {
		return fmt.Errorf("document: attach joined file to version: %w", err)
	}
	d.blobKey, d.SHA256, d.Bestandsomvang = m.key, m.sum, m.size
	return nil
}

// finish removes the part files after a commit, or the joined file after a
// rollback.
func (m *merge) finish(ctx context.Context, s *Service, err error) {
	if m == nil {
		return
	}
	if err != nil {
		s.dropBlob(ctx, m.key)
		return
	}
	for _, p := range m.parts {
		s.dropBlob(ctx, p.blobKey)
	}
}

// LockToken returns the current lock of an object ("" when unlocked). Only
// for the answer to the client that just created the object locked for an
// upload in parts: the lock is its key to the bestandsdelen.
func (s *Service) LockToken(ctx context.Context, id string) (string, error) {
	_, lock, err := getCurrent(ctx, s.db.R, id)
	return lock, err
}
