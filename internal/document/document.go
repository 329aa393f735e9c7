// Package document keeps enkelvoudige informatieobjecten (Documenten API):
// metadata with every version in the database, the files in a blob.Store, the
// drc lock rules, and the links to zaken (zaakinformatieobjecten).
package document

import (
	"bufio"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/gemeenten/loket/internal/audit"
	"github.com/gemeenten/loket/internal/blob"
	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/event"
)

// Statuses of an informatieobject.
const (
	StatusInBewerking     = "in_bewerking"
	StatusTerVaststelling = "ter_vaststelling"
	StatusDefinitief      = "definitief"
	StatusGearchiveerd    = "gearchiveerd"
)

// ForceUnlockPermission is the ZGW scope that allows unlocking without the
// lock token. The API layer puts the client's scopes into audit.Actor.Roles;
// staff with the role "beheerder" may force an unlock too.
const ForceUnlockPermission = "documenten.geforceerd-unlock"

// DefaultMaxSize is the largest file accepted when Service.MaxSize is 0: the
// ZGW minimum request body of 4 GiB.
const DefaultMaxSize int64 = 4 << 30

// Document is one version of an enkelvoudig informatieobject. JSON names are
// those of the Documenten API; the JSON is also what the audit trail and the
// version history keep.
type Document struct {
	ID                          string    `json:"uuid"`
	Identificatie               string    `json:"identificatie"`
	Bronorganisatie             string    `json:"bronorganisatie"`
	InformatieobjecttypeID      string    `json:"informatieobjecttype"`
	Creatiedatum                date.Date `json:"creatiedatum"`
	Titel                       string    `json:"titel"`
	Vertrouwelijkheidaanduiding string    `json:"vertrouwelijkheidaanduiding"`
	Auteur                      string    `json:"auteur"`
	Status                      string    `json:"status"`
	Formaat                     string    `json:"formaat"`
	Taal                        string    `json:"taal"`
	Bestandsnaam                string    `json:"bestandsnaam"`
	Bestandsomvang              int64     `json:"bestandsomvang"`
	Beschrijving                string    `json:"beschrijving"`
	IndicatieGebruiksrecht      *bool     `json:"indicatieGebruiksrecht"`
	Versie                      int       `json:"versie"`
	// BeginRegistratie is when this version was registered.
	BeginRegistratie time.Time `json:"beginRegistratie"`
	// SHA256 of the content (hex), empty when there is no file.
	SHA256 string `json:"sha256"`
	// Locked is the current lock state of the object (also on old versions).
	Locked bool `json:"locked"`
	// CreatedAt is when the object (version 1) was registered.
	CreatedAt time.Time `json:"-"`
	// Extra are the Documenten API fields the pages do not use (extra.go).
	Extra

	blobKey string
}

// HasContent reports whether the version has a file.
func (d *Document) HasContent() bool { return d.blobKey != "" }

// Service is the document domain. Reads go to the read pool, every change is
// one transaction with its audit record.
type Service struct {
	db    *db.DB
	blobs blob.Store
	now   func() time.Time
	// MaxSize is the largest file accepted, in bytes (0: DefaultMaxSize).
	MaxSize int64
	// PartSize is the size of a bestandsdeel in an upload in parts
	// (0: DefaultPartSize; see parts.go).
	PartSize int64
	// Events receives every change in its transaction (ZGW notifications);
	// nil means nobody listens.
	Events event.Sink
}

// New returns the service; now is the clock (nil: time.Now).
func New(d *db.DB, blobs blob.Store, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{db: d, blobs: blobs, now: now}
}

func (s *Service) clock() time.Time { return s.now().UTC() }

func (s *Service) maxSize() int64 {
	if s.MaxSize > 0 {
		return s.MaxSize
	}
	return DefaultMaxSize
}

// CreateInput is a new informatieobject. Content may be nil: an object without
// a file (yet).
type CreateInput struct {
	Bronorganisatie             string
	Identificatie               string // generated (DOCUMENT-2026-0000000001) when empty
	Creatiedatum                date.Date
	Titel                       string
	Vertrouwelijkheidaanduiding string // from the informatieobjecttype when empty (drc-007)
	Auteur                      string
	Status                      string
	Formaat                     string // detected from the content when empty
	Taal                        string // ISO 639-2/B, e.g. "dut"
	Bestandsnaam                string
	Beschrijving                string
	IndicatieGebruiksrecht      *bool
	InformatieobjecttypeID      string
	Content                     io.Reader
	Extra                       Extra
	// Bestandsomvang without Content announces an upload in parts: the
	// object is created locked with its bestandsdelen (parts.go).
	Bestandsomvang int64
}

// UpdateInput changes an informatieobject and so creates a new version. Nil
// fields keep their value; a nil Content keeps the current file. Lock is the
// token from Lock (drc-009).
type UpdateInput struct {
	Lock                        string
	Creatiedatum                *date.Date
	Titel                       *string
	Vertrouwelijkheidaanduiding *string
	Auteur                      *string
	Status                      *string
	Formaat                     *string
	Taal                        *string
	Bestandsnaam                *string
	Beschrijving                *string
	// IndicatieGebruiksrecht sets the indication when SetIndicatieGebruiksrecht
	// is true (nil then means "unknown").
	SetIndicatieGebruiksrecht bool
	IndicatieGebruiksrecht    *bool
	InformatieobjecttypeID    *string
	Content                   io.Reader
	// Extra replaces the API-only fields when not nil.
	Extra *Extra
	// Bestandsomvang without Content announces a new file uploaded in parts
	// under the current lock (parts.go); 0 removes the file.
	Bestandsomvang *int64
}

const selectCols = `id, identificatie, bronorganisatie, informatieobjecttype_id, creatiedatum, titel,
	vertrouwelijkheidaanduiding, auteur, status, formaat, taal, bestandsnaam, bestandsomvang, beschrijving,
	indicatie_gebruiksrecht, versie, blob_key, sha256, lock, created_at, updated_at, extra`

type scanner interface{ Scan(...any) error }

// scanDoc reads a row of selectCols, preceded by the columns scanned into
// lead (for joins); it returns the lock token separately so that it never
// travels inside a Document.
func scanDoc(r scanner, lead ...any) (Document, string, error) {
	var d Document
	var iot sql.NullString
	var gebruik sql.NullBool
	var lock, extra string
	err := r.Scan(append(lead, &d.ID, &d.Identificatie, &d.Bronorganisatie, &iot, &d.Creatiedatum, &d.Titel,
		&d.Vertrouwelijkheidaanduiding, &d.Auteur, &d.Status, &d.Formaat, &d.Taal, &d.Bestandsnaam,
		&d.Bestandsomvang, &d.Beschrijving, &gebruik, &d.Versie, &d.blobKey, &d.SHA256, &lock,
		&d.CreatedAt, &d.BeginRegistratie, &extra)...)
	if err != nil {
		return d, "", err
	}
	if err := parseExtra(extra, &d.Extra); err != nil {
		return d, "", err
	}
	d.InformatieobjecttypeID = iot.String
	if gebruik.Valid {
		b := gebruik.Bool
		d.IndicatieGebruiksrecht = &b
	}
	d.Locked = lock != ""
	d.CreatedAt = d.CreatedAt.UTC()
	d.BeginRegistratie = d.BeginRegistratie.UTC()
	return d, lock, nil
}

func getCurrent(ctx context.Context, q db.Queryer, id string) (Document, string, error) {
	if !db.ValidUUID(id) {
		return Document{}, "", errs.NotFoundf("informatieobject", id)
	}
	d, lock, err := scanDoc(q.QueryRowContext(ctx, `SELECT `+selectCols+` FROM informatieobjecten WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return d, "", errs.NotFoundf("informatieobject", id)
	}
	if err != nil {
		return d, "", fmt.Errorf("document: get %s: %w", id, err)
	}
	return d, lock, nil
}

// Get returns version versie of the informatieobject, or the latest when
// versie is 0.
func (s *Service) Get(ctx context.Context, id string, versie int) (*Document, error) {
	return getVersion(ctx, s.db.R, id, versie)
}

func getVersion(ctx context.Context, q db.Queryer, id string, versie int) (*Document, error) {
	cur, _, err := getCurrent(ctx, q, id)
	if err != nil {
		return nil, err
	}
	if versie == 0 || versie == cur.Versie {
		return &cur, nil
	}
	var meta, key, sum string
	var at time.Time
	err = q.QueryRowContext(ctx, `SELECT metadata, blob_key, sha256, created_at FROM informatieobject_versies
		WHERE informatieobject_id = $1 AND versie = $2`, id, versie).Scan(&meta, &key, &sum, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.NotFoundf("versie "+strconv.Itoa(versie)+" van informatieobject", id)
	}
	if err != nil {
		return nil, fmt.Errorf("document: get version: %w", err)
	}
	return fromVersion(cur, meta, key, sum, at)
}

func fromVersion(cur Document, meta, key, sum string, at time.Time) (*Document, error) {
	var d Document
	if err := json.Unmarshal([]byte(meta), &d); err != nil {
		return nil, fmt.Errorf("document: version metadata of %s: %w", cur.ID, err)
	}
	d.ID, d.blobKey, d.SHA256 = cur.ID, key, sum
	d.BeginRegistratie = at.UTC()
	d.CreatedAt = cur.CreatedAt
	d.Locked = cur.Locked
	return &d, nil
}

// GetAt returns the version that was current at instant t (registratieOp).
func (s *Service) GetAt(ctx context.Context, id string, t time.Time) (*Document, error) {
	cur, _, err := getCurrent(ctx, s.db.R, id)
	if err != nil {
		return nil, err
	}
	var meta, key, sum string
	var at time.Time
	err = s.db.R.QueryRowContext(ctx, `SELECT metadata, blob_key, sha256, created_at FROM informatieobject_versies
		WHERE informatieobject_id = $1 AND created_at <= $2 ORDER BY versie DESC LIMIT 1`, id, t.UTC()).
		Scan(&meta, &key, &sum, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.E(errs.NotFound, "not_found", "Het informatieobject bestond op dat moment nog niet.")
	}
	if err != nil {
		return nil, fmt.Errorf("document: get at: %w", err)
	}
	return fromVersion(cur, meta, key, sum, at)
}

// Versions lists every version, oldest first.
func (s *Service) Versions(ctx context.Context, id string) ([]Document, error) {
	cur, _, err := getCurrent(ctx, s.db.R, id)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.R.QueryContext(ctx, `SELECT metadata, blob_key, sha256, created_at FROM informatieobject_versies
		WHERE informatieobject_id = $1 ORDER BY versie`, id)
	if err != nil {
		return nil, fmt.Errorf("document: versions: %w", err)
	}
	defer rows.Close()
	var out []Document
	for rows.Next() {
		var meta, key, sum string
		var at time.Time
		if err := rows.Scan(&meta, &key, &sum, &at); err != nil {
			return nil, fmt.Errorf("document: versions: %w", err)
		}
		d, err := fromVersion(cur, meta, key, sum, at)
		if err != nil {
			return nil, err
		}
		out = append(out, *d)
	}
	return out, rows.Err()
}

// Content streams the file of a version (0: the latest) with its metadata.
// An object without a file yields an empty stream. The caller closes it.
func (s *Service) Content(ctx context.Context, id string, versie int) (io.ReadCloser, *Document, error) {
	d, err := s.Get(ctx, id, versie)
	if err != nil {
		return nil, nil, err
	}
	if d.blobKey == "" {
		return io.NopCloser(strings.NewReader("")), d, nil
	}
	rc, err := s.blobs.Open(ctx, d.blobKey)
	if err != nil {
		// A row whose file is gone is damage, not a user error.
		return nil, nil, fmt.Errorf("document: content of %s versie %d: %w", id, d.Versie, err)
	}
	return rc, d, nil
}

// Create registers a new informatieobject with its first version.
func (s *Service) Create(ctx context.Context, in CreateInput) (*Document, error) {
	p, err := s.Prepare(ctx, in)
	if err != nil {
		return nil, err
	}
	var d *Document
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		d, err = s.CreateTx(ctx, tx, p)
		return err
	})
	if err != nil {
		p.Discard(ctx)
		return nil, err
	}
	return d, nil
}

func errIdentificatieTaken() error {
	return errs.InvalidField("identificatie", "identificatie-niet-uniek",
		"Deze identificatie is al in gebruik bij deze bronorganisatie.")
}

func identificatieTaken(ctx context.Context, q db.Queryer, bron, ident string) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM informatieobjecten WHERE bronorganisatie = $1 AND identificatie = $2`,
		bron, ident).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("document: check identificatie: %w", err)
	}
	return n > 0, nil
}

// putContent stores r (if any) in the blob store and fills the file fields of
// d. Formaat is sniffed from the first bytes when the caller gave none.
func (s *Service) putContent(ctx context.Context, d *Document, r io.Reader, detect bool) error {
	if r == nil {
		return nil
	}
	br := bufio.NewReaderSize(r, 512)
	head, _ := br.Peek(512)
	if detect && d.Formaat == "" && len(head) > 0 {
		d.Formaat = DetectFormaat(head, d.Bestandsnaam)
	}
	src := &readErr{r: br}
	key, size, sum, err := blob.PutLimited(ctx, s.blobs, src, s.maxSize())
	if errors.Is(err, blob.ErrTooLarge) {
		return blob.TooLargeError("inhoud", s.maxSize())
	}
	if err != nil {
		// A broken upload is the sender's problem; a failing disk is ours.
		if ctx.Err() != nil || src.err != nil {
			return &errs.Error{Kind: errs.Invalid, Code: "upload-incomplete", Message: "Het bestand is niet volledig ontvangen.",
				Fields: []errs.FieldError{{Field: "inhoud", Code: "upload-incomplete", Reason: "Het bestand is niet volledig ontvangen; probeer het opnieuw."}},
				Err:    err}
		}
		return fmt.Errorf("document: store content: %w", err)
	}
	d.blobKey, d.Bestandsomvang, d.SHA256 = key, size, sum
	return nil
}

// readErr remembers an error of the content reader itself.
type readErr struct {
	r   io.Reader
	err error
}

func (r *readErr) Read(p []byte) (int, error) {
	n, err := r.r.Read(p)
	if err != nil && err != io.EOF {
		r.err = err
	}
	return n, err
}

// dropBlob removes a blob written for a change that did not commit. It runs
// even when ctx is already cancelled, since the cancellation may be the very
// reason the change failed.
func (s *Service) dropBlob(ctx context.Context, key string) {
	if key != "" {
		_ = s.blobs.Delete(context.WithoutCancel(ctx), key)
	}
}

// officeTypes correct http.DetectContentType, which sees only a zip in the
// Office and OpenDocument formats.
var officeTypes = map[string]string{
	".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
	".odt":  "application/vnd.oasis.opendocument.text",
	".ods":  "application/vnd.oasis.opendocument.spreadsheet",
	".odp":  "application/vnd.oasis.opendocument.presentation",
}

// DetectFormaat names the media type of content from its first bytes. Only
// for zip containers does the file name decide between the Office formats.
func DetectFormaat(head []byte, bestandsnaam string) string {
	ct := http.DetectContentType(head)
	if ct == "application/zip" {
		if t, ok := officeTypes[strings.ToLower(path.Ext(bestandsnaam))]; ok {
			return t
		}
	}
	return ct
}

func insertVersion(ctx context.Context, tx *sql.Tx, d *Document) error {
	meta, err := json.Marshal(d)
	if err != nil {
		return fmt.Errorf("document: version metadata: %w", err)
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO informatieobject_versies (informatieobject_id, versie, titel,
		bestandsnaam, formaat, bestandsomvang, blob_key, sha256, metadata, created_by, created_at)
		VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)`,
		d.ID, d.Versie, d.Titel, d.Bestandsnaam, d.Formaat, d.Bestandsomvang, d.blobKey, d.SHA256, string(meta),
		audit.ActorFrom(ctx).ID, d.BeginRegistratie)
	if err != nil {
		return fmt.Errorf("document: insert version: %w", err)
	}
	return nil
}

// record writes the audit entry of a change to the informatieobject, once per
// zaak it belongs to so that it shows in each zaak's history (or once
// without a zaak).
func record(ctx context.Context, tx *sql.Tx, d *Document, zaakIDs []string, actie, weergave string, old, new any, at time.Time) error {
	if zaakIDs == nil {
		var err error
		if zaakIDs, err = linkedZaken(ctx, tx, d.ID); err != nil {
			return err
		}
	}
	if len(zaakIDs) == 0 {
		zaakIDs = []string{""}
	}
	for _, z := range zaakIDs {
		err := audit.Record(ctx, tx, audit.Entry{
			Bron: "DRC", ZaakID: z, HoofdObject: d.ID, Resource: "enkelvoudiginformatieobject", ResourceID: d.ID,
			ResourceWeergave: d.Identificatie + " " + d.Titel, Actie: actie, ActieWeergave: weergave,
			Old: old, New: new, At: at,
		})
		if err != nil {
			return err
		}
	}
	return nil
}

func linkedZaken(ctx context.Context, q db.Queryer, id string) ([]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT zaak_id FROM zaakinformatieobjecten WHERE informatieobject_id = $1 ORDER BY registratiedatum`, id)
	if err != nil {
		return nil, fmt.Errorf("document: linked zaken: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var z string
		if err := rows.Scan(&z); err != nil {
			return nil, err
		}
		out = append(out, z)
	}
	return out, rows.Err()
}

func newLockToken() string {
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b)
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func nullBool(b *bool) any {
	if b == nil {
		return nil
	}
	return *b
}
