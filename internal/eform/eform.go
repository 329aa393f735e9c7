package eform

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"regexp"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/riverqueue/river"

	"github.com/gemeenten/loket/internal/audit"
	"github.com/gemeenten/loket/internal/blob"
	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/document"
	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/jobs"
	"github.com/gemeenten/loket/internal/klant"
	"github.com/gemeenten/loket/internal/zaak"
)

// Form statuses.
const (
	StatusConcept   = "concept"
	StatusPublished = "gepubliceerd"
	StatusWithdrawn = "ingetrokken"
)

// Formulier is one version of a form.
type Formulier struct {
	ID                    string
	Slug                  string
	Versie                int
	Titel                 string
	Inleiding             string
	ZaaktypeIdentificatie string
	Anoniem               bool
	Definitie             Definitie
	Status                string
	CreatedBy             string
	CreatedAt             time.Time
	PublishedAt           *time.Time
}

// Owner is who a draft belongs to: a logged-in party, or nobody (an
// anonymous draft is reached only through its token).
type Owner struct {
	Type   string // "bsn" or "kvk"; "" anonymous
	Number string
	Name   string
	// Representative is set when someone acts for the owner (machtiging);
	// the zaak's initiator records it.
	Representative string
}

// Anonymous reports whether there is no logged-in party.
func (o Owner) Anonymous() bool { return o.Number == "" }

// Bestand is an upload in a draft.
type Bestand struct {
	Veld   string `json:"veld"`
	Key    string `json:"key"`
	Naam   string `json:"naam"`
	Type   string `json:"type"`
	Omvang int64  `json:"omvang"`
}

// Concept is a draft.
type Concept struct {
	ID         string
	Formulier  *Formulier
	Owner      Owner
	Antwoorden Answers
	Bestanden  []Bestand
	Pagina     int
	UpdatedAt  time.Time
	ExpiresAt  time.Time
	// Inzending is the id of the submission once the draft was sent; the
	// draft is kept (until it expires) so that a resent form finds it.
	Inzending string
}

// Uploaded lists the fields that have a file.
func (c *Concept) Uploaded() map[string]bool {
	m := map[string]bool{}
	for _, b := range c.Bestanden {
		m[b.Veld] = true
	}
	return m
}

// Files returns the uploads of one field.
func (c *Concept) Files(veld string) []Bestand {
	var out []Bestand
	for _, b := range c.Bestanden {
		if b.Veld == veld {
			out = append(out, b)
		}
	}
	return out
}

// Inzending is a submitted form.
type Inzending struct {
	ID                string // the draft's id
	ZaakID            string
	ZaakIdentificatie string
	KlantcontactID    string
	CreatedAt         time.Time
}

// Service runs forms, drafts and submissions.
type Service struct {
	DB    *db.DB
	Zaken *zaak.Service
	Docs  *document.Service
	Klant *klant.Service
	Blobs blob.Store
	Queue jobs.Enqueuer
	Now   func() time.Time
	Log   *slog.Logger
	// Bronorganisatie is the municipality's RSIN, for zaken and documents.
	Bronorganisatie string
	// DraftTTL is how long a draft is kept after its last change [30 days].
	DraftTTL time.Duration
	// NoGroupCommit turns off group commit of concurrent submissions on
	// SQLite (see group.go).
	NoGroupCommit bool

	group group
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now().UTC()
	}
	return time.Now().UTC()
}

func (s *Service) ttl() time.Duration {
	if s.DraftTTL > 0 {
		return s.DraftTTL
	}
	return 30 * 24 * time.Hour
}

func (s *Service) log() *slog.Logger {
	if s.Log != nil {
		return s.Log
	}
	return slog.Default()
}

var slugRe = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// FormInput is what a beheerder writes.
type FormInput struct {
	Slug                  string
	Titel                 string
	Inleiding             string
	ZaaktypeIdentificatie string
	Anoniem               bool
	Definitie             Definitie
}

func (s *Service) checkForm(ctx context.Context, q db.Queryer, in FormInput) error {
	var f errs.Fields
	if !slugRe.MatchString(in.Slug) || len(in.Slug) > 60 {
		f.Add("slug", "invalid", "De webadresnaam bestaat uit kleine letters, cijfers en streepjes, bijvoorbeeld parkeervergunning.")
	}
	if strings.TrimSpace(in.Titel) == "" {
		f.Add("titel", "required", "Vul de titel van het formulier in.")
	}
	if in.ZaaktypeIdentificatie == "" {
		f.Add("zaaktype", "required", "Kies het zaaktype dat een inzending start.")
	} else if ok, err := db.Exists(ctx, q, `SELECT 1 FROM zaaktypen WHERE identificatie = $1`, in.ZaaktypeIdentificatie); err != nil {
		return err
	} else if !ok {
		f.Add("zaaktype", "does_not_exist", "Dit zaaktype bestaat niet.")
	}
	if err := in.Definitie.Check(); err != nil {
		var e *errs.Error
		if errors.As(err, &e) {
			for _, fe := range e.Fields {
				f.Add("definitie", fe.Code, fe.Reason)
			}
		}
	}
	return f.Err()
}

// SaveForm stores a new concept version of the form with this slug (the
// first version when the slug is new). Published versions never change:
// people may be filling them in.
func (s *Service) SaveForm(ctx context.Context, in FormInput) (*Formulier, error) {
	in.Slug = strings.TrimSpace(in.Slug)
	in.Titel = strings.TrimSpace(in.Titel)
	if err := s.checkForm(ctx, s.DB.R, in); err != nil {
		return nil, err
	}
	def, err := json.Marshal(in.Definitie)
	if err != nil {
		return nil, err
	}
	now := s.now()
	fm := &Formulier{ID: uuid.NewString(), Slug: in.Slug, Titel: in.Titel, Inleiding: in.Inleiding,
		ZaaktypeIdentificatie: in.ZaaktypeIdentificatie, Anoniem: in.Anoniem, Definitie: in.Definitie,
		Status: StatusConcept, CreatedBy: audit.ActorFrom(ctx).Name, CreatedAt: now}
	err = s.DB.Tx(ctx, func(tx *sql.Tx) error {
		var concept sql.NullString
		var maxV sql.NullInt64
		if err := tx.QueryRowContext(ctx, `SELECT MAX(versie) FROM formulieren WHERE slug = $1`, fm.Slug).Scan(&maxV); err != nil {
			return fmt.Errorf("eform: versions: %w", err)
		}
		err := tx.QueryRowContext(ctx, `SELECT id FROM formulieren WHERE slug = $1 AND status = 'concept'`, fm.Slug).Scan(&concept)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("eform: concept: %w", err)
		}
		if concept.Valid {
			// One concept at a time: saving again edits it.
			fm.ID = concept.String
			fm.Versie = int(maxV.Int64)
			if _, err := tx.ExecContext(ctx, `UPDATE formulieren SET titel = $2, inleiding = $3, zaaktype_identificatie = $4,
				anoniem = $5, definitie = $6, created_by = $7, created_at = $8 WHERE id = $1`, fm.ID, fm.Titel, fm.Inleiding,
				fm.ZaaktypeIdentificatie, fm.Anoniem, string(def), fm.CreatedBy, now); err != nil {
				return fmt.Errorf("eform: update concept: %w", err)
			}
		} else {
			fm.Versie = int(maxV.Int64) + 1
			if _, err := tx.ExecContext(ctx, `INSERT INTO formulieren (id, slug, versie, titel, inleiding, zaaktype_identificatie,
				anoniem, definitie, status, created_by, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)`,
				fm.ID, fm.Slug, fm.Versie, fm.Titel, fm.Inleiding, fm.ZaaktypeIdentificatie, fm.Anoniem, string(def),
				fm.Status, fm.CreatedBy, now); err != nil {
				return fmt.Errorf("eform: insert: %w", err)
			}
		}
		return audit.Record(ctx, tx, audit.Entry{Bron: "LOKET", HoofdObject: fm.ID, Resource: "formulier", ResourceID: fm.ID,
			ResourceWeergave: fmt.Sprintf("%s (versie %d)", fm.Titel, fm.Versie), Actie: "update",
			ActieWeergave: "Formulier opgeslagen als concept", New: fm, At: now})
	})
	if err != nil {
		return nil, err
	}
	return fm, nil
}

// Publish makes the concept version of slug the one people fill in; the
// version it replaces is withdrawn (drafts started on it can still be sent).
func (s *Service) Publish(ctx context.Context, slug string) (*Formulier, error) {
	var id string
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `SELECT id FROM formulieren WHERE slug = $1 AND status = 'concept'`, slug).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return errs.E(errs.Conflict, "no_concept", "Er is geen conceptversie om te publiceren.")
		}
		if err != nil {
			return err
		}
		fm, err := s.get(ctx, tx, `id = $1`, id)
		if err != nil {
			return err
		}
		in := FormInput{Slug: fm.Slug, Titel: fm.Titel, ZaaktypeIdentificatie: fm.ZaaktypeIdentificatie, Definitie: fm.Definitie}
		if err := s.checkForm(ctx, tx, in); err != nil {
			return err
		}
		if ok, err := db.Exists(ctx, tx, `SELECT 1 FROM zaaktypen WHERE identificatie = $1 AND NOT concept`, fm.ZaaktypeIdentificatie); err != nil {
			return err
		} else if !ok {
			return errs.InvalidField("zaaktype", "not_published", "Het zaaktype is nog niet gepubliceerd; publiceer dat eerst.")
		}
		now := s.now()
		if _, err := tx.ExecContext(ctx, `UPDATE formulieren SET status = 'ingetrokken' WHERE slug = $1 AND status = 'gepubliceerd'`, slug); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE formulieren SET status = 'gepubliceerd', published_at = $2 WHERE id = $1`, id, now); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Bron: "LOKET", HoofdObject: id, Resource: "formulier", ResourceID: id,
			ResourceWeergave: fmt.Sprintf("%s (versie %d)", fm.Titel, fm.Versie), Actie: "update", ActieWeergave: "Formulier gepubliceerd", At: now})
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, id)
}

const formCols = `id, slug, versie, titel, inleiding, zaaktype_identificatie, anoniem, definitie, status, created_by, created_at, published_at`

func scanForm(row interface{ Scan(...any) error }) (*Formulier, error) {
	var fm Formulier
	var def string
	var pub sql.NullTime
	if err := row.Scan(&fm.ID, &fm.Slug, &fm.Versie, &fm.Titel, &fm.Inleiding, &fm.ZaaktypeIdentificatie, &fm.Anoniem,
		&def, &fm.Status, &fm.CreatedBy, &fm.CreatedAt, &pub); err != nil {
		return nil, err
	}
	if pub.Valid {
		t := pub.Time.UTC()
		fm.PublishedAt = &t
	}
	fm.CreatedAt = fm.CreatedAt.UTC()
	if err := json.Unmarshal([]byte(def), &fm.Definitie); err != nil {
		return nil, fmt.Errorf("eform: definitie of %s: %w", fm.ID, err)
	}
	return &fm, nil
}

func (s *Service) get(ctx context.Context, q db.Queryer, where string, args ...any) (*Formulier, error) {
	fm, err := scanForm(q.QueryRowContext(ctx, `SELECT `+formCols+` FROM formulieren WHERE `+where, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.NotFoundf("formulier", args[0])
	}
	if err != nil {
		return nil, fmt.Errorf("eform: get: %w", err)
	}
	return fm, nil
}

// Get returns one version by id.
func (s *Service) Get(ctx context.Context, id string) (*Formulier, error) {
	if !db.ValidUUID(id) {
		return nil, errs.NotFoundf("formulier", id)
	}
	return s.get(ctx, s.DB.R, `id = $1`, id)
}

// Published returns the version of slug that people fill in now.
func (s *Service) Published(ctx context.Context, slug string) (*Formulier, error) {
	return s.get(ctx, s.DB.R, `slug = $1 AND status = 'gepubliceerd'`, slug)
}

// Latest returns the newest version of slug (the concept, when there is one).
func (s *Service) Latest(ctx context.Context, slug string) (*Formulier, error) {
	return s.get(ctx, s.DB.R, `slug = $1 ORDER BY versie DESC LIMIT 1`, slug)
}

// Summary is a form in the beheer list.
type Summary struct {
	Slug, Titel, ZaaktypeIdentificatie string
	Gepubliceerd                       int // published version, 0 when none
	Concept                            int // concept version, 0 when none
}

// List lists every form (by slug) with its published and concept version.
func (s *Service) List(ctx context.Context) ([]Summary, error) {
	rows, err := s.DB.R.QueryContext(ctx, `SELECT slug, MAX(titel), MAX(zaaktype_identificatie),
		COALESCE(MAX(CASE WHEN status = 'gepubliceerd' THEN versie END), 0),
		COALESCE(MAX(CASE WHEN status = 'concept' THEN versie END), 0)
		FROM formulieren GROUP BY slug ORDER BY MAX(titel)`)
	if err != nil {
		return nil, fmt.Errorf("eform: list: %w", err)
	}
	defer rows.Close()
	var out []Summary
	for rows.Next() {
		var sm Summary
		if err := rows.Scan(&sm.Slug, &sm.Titel, &sm.ZaaktypeIdentificatie, &sm.Gepubliceerd, &sm.Concept); err != nil {
			return nil, err
		}
		out = append(out, sm)
	}
	return out, rows.Err()
}

// PublishedFor returns the published form that starts zaken of the
// zaaktype with this identificatie (for the 'aanvragen' button of a
// product page), or nil.
func (s *Service) PublishedFor(ctx context.Context, zaaktypeIdentificatie string) (*Formulier, error) {
	fm, err := s.get(ctx, s.DB.R, `zaaktype_identificatie = $1 AND status = 'gepubliceerd' ORDER BY slug LIMIT 1`, zaaktypeIdentificatie)
	if errs.KindOf(err) == errs.NotFound {
		return nil, nil
	}
	return fm, err
}

func newToken() string {
	b := make([]byte, 24)
	if _, err := rand.Read(b); err != nil {
		panic(fmt.Sprintf("eform: crypto/rand: %v", err))
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

func hashToken(t string) string {
	h := sha256.Sum256([]byte(t))
	return hex.EncodeToString(h[:])
}

// ErrLoginRequired: the form is not open to anonymous submission.
var ErrLoginRequired = errs.E(errs.Unauthenticated, "login_required", "Log in met DigiD of eHerkenning om dit formulier in te vullen.")

// Start returns the owner's open draft of the published form, or starts
// one. The token reaches an anonymous draft (and lets anyone continue it
// later); keep it secret.
func (s *Service) Start(ctx context.Context, slug string, o Owner) (*Concept, string, error) {
	fm, err := s.Published(ctx, slug)
	if err != nil {
		return nil, "", err
	}
	if o.Anonymous() && !fm.Anoniem {
		return nil, "", ErrLoginRequired
	}
	if !o.Anonymous() {
		c, err := s.openDraft(ctx, fm.Slug, o)
		if err != nil || c != nil {
			return c, "", err
		}
	}
	token := newToken()
	now := s.now()
	id := uuid.NewString()
	answers := Answers{}
	if _, err := s.DB.W.ExecContext(ctx, `INSERT INTO formulier_concepten (id, formulier_id, subject_type, subject_id, token_hash,
		antwoorden, bestanden, pagina, created_at, updated_at, expires_at) VALUES ($1,$2,$3,$4,$5,'{}','[]',0,$6,$6,$7)`,
		id, fm.ID, o.Type, o.Number, hashToken(token), now, now.Add(s.ttl())); err != nil {
		return nil, "", fmt.Errorf("eform: start: %w", err)
	}
	return &Concept{ID: id, Formulier: fm, Owner: o, Antwoorden: answers, UpdatedAt: now, ExpiresAt: now.Add(s.ttl())}, token, nil
}

func (s *Service) openDraft(ctx context.Context, slug string, o Owner) (*Concept, error) {
	c, err := s.draft(ctx, `c.subject_type = $1 AND c.subject_id = $2 AND f.slug = $3 AND c.expires_at > $4 AND i.id IS NULL
		ORDER BY c.updated_at DESC LIMIT 1`, o.Type, o.Number, slug, s.now())
	if errs.KindOf(err) == errs.NotFound {
		return nil, nil
	}
	if c != nil {
		c.Owner = o
	}
	return c, err
}

func (s *Service) draft(ctx context.Context, where string, args ...any) (*Concept, error) {
	var c Concept
	var fid, answers, files string
	var sent sql.NullString
	err := s.DB.R.QueryRowContext(ctx, `SELECT c.id, c.formulier_id, c.subject_type, c.subject_id, c.antwoorden, c.bestanden,
		c.pagina, c.updated_at, c.expires_at, i.id FROM formulier_concepten c JOIN formulieren f ON f.id = c.formulier_id
		LEFT JOIN formulier_inzendingen i ON i.id = c.id
		WHERE `+where, args...).Scan(&c.ID, &fid, &c.Owner.Type, &c.Owner.Number, &answers, &files, &c.Pagina, &c.UpdatedAt, &c.ExpiresAt, &sent)
	c.Inzending = sent.String
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.NotFoundf("concept", "")
	}
	if err != nil {
		return nil, fmt.Errorf("eform: draft: %w", err)
	}
	if err := json.Unmarshal([]byte(answers), &c.Antwoorden); err != nil {
		return nil, fmt.Errorf("eform: answers: %w", err)
	}
	if err := json.Unmarshal([]byte(files), &c.Bestanden); err != nil {
		return nil, fmt.Errorf("eform: files: %w", err)
	}
	if c.Formulier, err = s.Get(ctx, fid); err != nil {
		return nil, err
	}
	return &c, nil
}

// Draft finds the draft the request may continue: the owner's open draft of
// slug, or for anyone the draft whose token they hold. Anything else is
// not found.
func (s *Service) Draft(ctx context.Context, slug string, o Owner, token string) (*Concept, error) {
	if token != "" {
		c, err := s.draft(ctx, `c.token_hash = $1 AND f.slug = $2 AND c.expires_at > $3`, hashToken(token), slug, s.now())
		if err == nil && (c.Owner.Number == "" || (c.Owner.Type == o.Type && c.Owner.Number == o.Number)) {
			c.Owner = o
			return c, nil
		}
		if err != nil && errs.KindOf(err) != errs.NotFound {
			return nil, err
		}
	}
	if !o.Anonymous() {
		c, err := s.openDraft(ctx, slug, o)
		if err != nil {
			return nil, err
		}
		if c != nil {
			return c, nil
		}
	}
	return nil, errs.NotFoundf("concept", slug)
}

// OpenDrafts lists the owner's drafts not yet sent (for the PIP).
func (s *Service) OpenDrafts(ctx context.Context, o Owner) ([]Concept, error) {
	if o.Anonymous() {
		return nil, nil
	}
	rows, err := s.DB.R.QueryContext(ctx, `SELECT c.id, f.slug, f.titel, c.updated_at, c.expires_at FROM formulier_concepten c
		JOIN formulieren f ON f.id = c.formulier_id WHERE c.subject_type = $1 AND c.subject_id = $2 AND c.expires_at > $3
		AND NOT EXISTS (SELECT 1 FROM formulier_inzendingen i WHERE i.id = c.id)
		ORDER BY c.updated_at DESC`, o.Type, o.Number, s.now())
	if err != nil {
		return nil, fmt.Errorf("eform: open drafts: %w", err)
	}
	defer rows.Close()
	var out []Concept
	for rows.Next() {
		c := Concept{Formulier: &Formulier{}}
		if err := rows.Scan(&c.ID, &c.Formulier.Slug, &c.Formulier.Titel, &c.UpdatedAt, &c.ExpiresAt); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// SavePage validates the answers to page p and, when they are right, keeps
// them (with the answers to other pages) and moves the draft to next. On
// error nothing is saved.
func (s *Service) SavePage(ctx context.Context, c *Concept, p int, a Answers, next int) error {
	def := c.Formulier.Definitie
	if p < 0 || p >= len(def.Paginas) {
		return errs.NotFoundf("pagina", p+1)
	}
	merged := Answers{}
	for k, v := range c.Antwoorden {
		merged[k] = v
	}
	for _, v := range def.Paginas[p].Velden {
		for _, k := range answerKeys(v) {
			delete(merged, k)
			if vals := a[k]; len(vals) > 0 {
				merged[k] = vals
			}
		}
		Normalize(v, merged)
	}
	// Answers to questions that are no longer asked are dropped, so the
	// zaak never gets data the applicant did not mean to give.
	for _, v := range def.Velden() {
		if !v.Asked(merged) {
			delete(merged, v.Naam)
		}
	}
	if err := def.ValidatePage(p, merged, c.Uploaded(), date.Today(s.now())); err != nil {
		c.Antwoorden = merged
		return err
	}
	if next < 0 || next > len(def.Paginas) {
		next = p + 1
	}
	b, err := json.Marshal(merged)
	if err != nil {
		return err
	}
	now := s.now()
	if _, err := s.DB.W.ExecContext(ctx, `UPDATE formulier_concepten SET antwoorden = $2, pagina = $3, updated_at = $4,
		expires_at = $5 WHERE id = $1`, c.ID, string(b), next, now, now.Add(s.ttl())); err != nil {
		return fmt.Errorf("eform: save page: %w", err)
	}
	c.Antwoorden, c.Pagina, c.UpdatedAt = merged, next, now
	return nil
}

// SaveDraft keeps the answers to page p without checking them, for 'save
// and continue later': the draft stays on page p.
func (s *Service) SaveDraft(ctx context.Context, c *Concept, p int, a Answers) error {
	def := c.Formulier.Definitie
	if p < 0 || p >= len(def.Paginas) {
		return errs.NotFoundf("pagina", p+1)
	}
	merged := Answers{}
	for k, v := range c.Antwoorden {
		merged[k] = v
	}
	for _, v := range def.Paginas[p].Velden {
		for _, k := range answerKeys(v) {
			delete(merged, k)
			if vals := a[k]; len(vals) > 0 {
				merged[k] = vals
			}
		}
		Normalize(v, merged)
	}
	b, err := json.Marshal(merged)
	if err != nil {
		return err
	}
	now := s.now()
	if _, err := s.DB.W.ExecContext(ctx, `UPDATE formulier_concepten SET antwoorden = $2, pagina = $3, updated_at = $4,
		expires_at = $5 WHERE id = $1`, c.ID, string(b), p, now, now.Add(s.ttl())); err != nil {
		return fmt.Errorf("eform: save draft: %w", err)
	}
	c.Antwoorden, c.Pagina, c.UpdatedAt = merged, p, now
	return nil
}

// answerKeys are the answer keys a field writes.
func answerKeys(v Veld) []string {
	switch v.Type {
	case File:
		return nil
	case Address:
		var keys []string
		for _, part := range AddressParts {
			keys = append(keys, v.Naam+"."+part)
		}
		return keys
	}
	return []string{v.Naam}
}

// CheckAll validates every page (before the summary and at submission).
// It returns the first page with an error and the error.
func (c *Concept) CheckAll(today date.Date) (int, error) {
	def := c.Formulier.Definitie
	for p := range def.Paginas {
		if err := def.ValidatePage(p, c.Antwoorden, c.Uploaded(), today); err != nil {
			return p, err
		}
	}
	return -1, nil
}

// sniff decides the type of an upload from its first bytes.
func sniff(head []byte) string {
	ct := http.DetectContentType(head)
	if i := strings.IndexByte(ct, ';'); i >= 0 {
		ct = ct[:i]
	}
	return ct
}

// Upload adds a file to a file field of the draft. The type is decided by
// the content, not the name; size and type limits come from the field.
func (s *Service) Upload(ctx context.Context, c *Concept, veld, naam string, r io.Reader) (*Bestand, error) {
	var v *Veld
	for _, x := range c.Formulier.Definitie.Velden() {
		if x.Naam == veld && x.Type == File {
			v = &x
			break
		}
	}
	if v == nil {
		return nil, errs.InvalidField(veld, "invalid", "Bij deze vraag kunt u geen bestand toevoegen.")
	}
	maxMB := v.MaxMB
	if maxMB == 0 {
		maxMB = DefaultMaxMB
	}
	allowed := v.Bestandstypen
	if len(allowed) == 0 {
		allowed = []string{"application/pdf", "image/jpeg", "image/png"}
	}
	var names []string
	for _, t := range allowed {
		names = append(names, UploadTypes[t])
	}
	head := make([]byte, 512)
	n, err := io.ReadFull(r, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("eform: read upload: %w", err)
	}
	head = head[:n]
	if n == 0 {
		return nil, errs.InvalidField(veld, "empty", "Het bestand is leeg. Kies een ander bestand.")
	}
	ct := sniff(head)
	ok := false
	for _, t := range allowed {
		ok = ok || t == ct
	}
	if !ok {
		return nil, errs.InvalidField(veld, "type", "Dit soort bestand kunnen wij niet ontvangen. Stuur een "+strings.Join(names, " of ")+".")
	}
	max := int64(maxMB) << 20
	key, size, _, err := blob.PutLimited(ctx, s.Blobs, io.MultiReader(bytes.NewReader(head), r), max)
	if err != nil {
		if errors.Is(err, blob.ErrTooLarge) {
			return nil, errs.InvalidField(veld, "too_large", fmt.Sprintf("Het bestand is te groot. Het mag hoogstens %d MB zijn.", maxMB))
		}
		return nil, err
	}
	b := Bestand{Veld: veld, Key: key, Naam: cleanName(naam, ct), Type: ct, Omvang: size}
	files := append(append([]Bestand(nil), c.Bestanden...), b)
	raw, _ := json.Marshal(files)
	if _, err := s.DB.W.ExecContext(ctx, `UPDATE formulier_concepten SET bestanden = $2, updated_at = $3 WHERE id = $1`,
		c.ID, string(raw), s.now()); err != nil {
		_ = s.Blobs.Delete(ctx, key)
		return nil, fmt.Errorf("eform: keep upload: %w", err)
	}
	c.Bestanden = files
	return &b, nil
}

// RemoveUpload drops an upload from the draft.
func (s *Service) RemoveUpload(ctx context.Context, c *Concept, key string) error {
	var kept []Bestand
	var dropped *Bestand
	for _, b := range c.Bestanden {
		if b.Key == key && dropped == nil {
			d := b
			dropped = &d
			continue
		}
		kept = append(kept, b)
	}
	if dropped == nil {
		return errs.NotFoundf("bestand", key)
	}
	raw, _ := json.Marshal(kept)
	if kept == nil {
		raw = []byte("[]")
	}
	if _, err := s.DB.W.ExecContext(ctx, `UPDATE formulier_concepten SET bestanden = $2, updated_at = $3 WHERE id = $1`,
		c.ID, string(raw), s.now()); err != nil {
		return fmt.Errorf("eform: remove upload: %w", err)
	}
	c.Bestanden = kept
	// The blob goes with the daily sweep of orphaned files.
	return nil
}

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9 ._()-]+`)

func cleanName(name, ct string) string {
	name = unsafeName.ReplaceAllString(name, "_")
	name = strings.TrimSpace(strings.Trim(name, "."))
	if name == "" {
		name = "bijlage"
	}
	if len(name) > 100 {
		name = name[:100]
	}
	ext := map[string]string{"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}[ct]
	if ext != "" && !strings.HasSuffix(strings.ToLower(name), ext) && !(ext == ".jpg" && strings.HasSuffix(strings.ToLower(name), ".jpeg")) {
		name += ext
	}
	return name
}

// attachArgs is the job that stored a submission's uploads as documents;
// only jobs queued by an older version still carry it.
type attachArgs struct {
	InzendingID string `json:"inzending_id"`
}

func (attachArgs) Kind() string { return "eform_bijlagen" }

// Submit sends the draft: in one transaction it creates the zaak (with the
// initiator, the eigenschappen from the answers, the uploads as documents
// linked to it and visible to the applicant), the klantcontact on the web
// channel and the submission record; the acknowledgement of receipt follows
// from the zaak's creation (the back office's letter sink). Sending the same draft
// again returns the first submission: a double click or a retry after a
// timeout makes one zaak.
func (s *Service) Submit(ctx context.Context, c *Concept) (*Inzending, error) {
	if in, err := s.Inzending(ctx, c.ID); err == nil {
		return in, nil
	} else if errs.KindOf(err) != errs.NotFound {
		return nil, err
	}
	today := date.Today(s.now())
	if p, err := c.CheckAll(today); err != nil {
		return nil, errs.Wrap(errs.Invalid, err, fmt.Sprintf("Op pagina %d is nog iets niet goed ingevuld.", p+1))
	}
	fm := c.Formulier
	// The numbers are drawn, and the customer's partij found, before the
	// transaction (a no-op on SQLite): on PostgreSQL, drawing numbers
	// inside would make concurrent submissions wait for each other's
	// commits, and every look-up inside is a round trip while the
	// transaction is open.
	zaakNr, err := s.Zaken.DrawIdentificatie(ctx, today)
	if err != nil {
		return nil, err
	}
	var contact klant.ContactInput
	if s.Klant != nil {
		contact = klant.ContactInput{Kanaal: "webformulier", Onderwerp: fm.Titel,
			Vraag: "Formulier ingediend: " + fm.Titel, Antwoord: "Zaak gestart en ontvangst bevestigd.",
			Uitkomst: "zaak_gestart", PlaatsgevondenOp: s.now()}
		switch c.Owner.Type {
		case "bsn":
			contact.BSN = c.Owner.Number
		case "kvk":
			contact.KvKNummer = c.Owner.Number
		}
		if contact, err = s.Klant.PrepareContact(ctx, contact); err != nil {
			return nil, err
		}
	}
	// The uploads are copied into the document store before the
	// transaction, so that no file I/O happens while it holds the SQLite
	// writer (shared by a whole group commit) or a PostgreSQL transaction.
	// Whatever does not commit is discarded below.
	uploads, err := s.prepareUploads(ctx, c, today)
	if err != nil {
		return nil, err
	}
	var zaakID string
	var contactID sql.NullString
	at := s.now().UTC().Truncate(time.Microsecond) // as both engines store it
	err = s.tx(ctx, func(tx *sql.Tx) error {
		var n int
		// Touching the draft row locks it: a concurrent submit of the same
		// draft waits here and then finds the submission (on SQLite the
		// single writer serialises them anyway).
		res, err := tx.ExecContext(ctx, `UPDATE formulier_concepten SET updated_at = $2 WHERE id = $1`, c.ID, s.now())
		if err != nil {
			return fmt.Errorf("eform: claim draft: %w", err)
		}
		if k, _ := res.RowsAffected(); k == 0 {
			return errs.E(errs.Conflict, "draft_gone", "Dit formulier is verlopen. Begin opnieuw.")
		}
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM formulier_inzendingen WHERE id = $1`, c.ID).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return errAlreadySent
		}
		var zaakTypeID string
		err = tx.QueryRowContext(ctx, `SELECT id FROM zaaktypen WHERE identificatie = $1 AND NOT concept
			AND begin_geldigheid <= $2 AND (einde_geldigheid IS NULL OR einde_geldigheid >= $2)
			ORDER BY begin_geldigheid DESC LIMIT 1`, fm.ZaaktypeIdentificatie, today).Scan(&zaakTypeID)
		if errors.Is(err, sql.ErrNoRows) {
			return errs.E(errs.Conflict, "no_zaaktype", "Dit formulier kan nu niet worden verzonden. Probeer het later opnieuw of bel 14 0123.")
		}
		if err != nil {
			return fmt.Errorf("eform: zaaktype: %w", err)
		}
		if len(uploads.docs) > 0 && zaakTypeID != uploads.zaakTypeID {
			// A new version of the zaaktype took effect since the uploads
			// were prepared for the old one's informatieobjecttype.
			return errs.E(errs.Conflict, "zaaktype_changed", "Het zaaktype is zojuist gewijzigd. Verstuur het formulier opnieuw.")
		}
		in := zaak.CreateInput{Bronorganisatie: s.Bronorganisatie, VerantwoordelijkeOrganisatie: s.Bronorganisatie,
			ZaakTypeID: zaakTypeID, Omschrijving: fm.Titel, Toelichting: summaryText(fm.Definitie, c.Antwoorden),
			Startdatum: today, Kanaal: "webformulier", CommunicatiekanaalNaam: "Webformulier " + fm.Titel, Identificatie: zaakNr}
		if rol := initiator(c.Owner, c.Antwoorden, fm.Definitie); rol != nil {
			in.Initiator = rol
		}
		if zaakID, err = s.Zaken.CreateTx(ctx, tx, in); err != nil {
			return err
		}
		if err := s.setEigenschappen(ctx, tx, zaakID, fm.Definitie, c.Antwoorden); err != nil {
			return err
		}
		if s.Klant != nil {
			ci := contact
			ci.ZaaktypeID, ci.ZaakID = zaakTypeID, zaakID
			id, err := s.Klant.RegisterContactTx(ctx, tx, ci)
			if err != nil {
				return fmt.Errorf("eform: klantcontact: %w", err)
			}
			contactID = sql.NullString{String: id, Valid: true}
		}
		// In the submission's own savepoint (group commit) or transaction:
		// the documents commit or roll back with the zaak.
		for i, p := range uploads.docs {
			doc, err := s.Docs.CreateTx(ctx, tx, p)
			if err != nil {
				return fmt.Errorf("eform: store %s: %w", c.Bestanden[i].Naam, err)
			}
			if _, err := s.Docs.LinkZaakTx(ctx, tx, document.LinkInput{ZaakID: zaakID, InformatieobjectID: doc.ID,
				Titel: c.Bestanden[i].Naam, Beschrijving: "Meegestuurd met het webformulier", ZichtbaarVoorInitiator: true}); err != nil {
				return fmt.Errorf("eform: link %s: %w", c.Bestanden[i].Naam, err)
			}
		}
		// The submission keeps only the uploads that did not become
		// documents (a zaaktype without informatieobjecttype); the sweep
		// removes the others once the draft expires.
		files := []byte("[]")
		if len(uploads.docs) == 0 && len(c.Bestanden) > 0 {
			files, _ = json.Marshal(c.Bestanden)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO formulier_inzendingen (id, formulier_id, zaak_id, klantcontact_id,
			subject_type, subject_id, bestanden, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)`, c.ID, fm.ID, zaakID,
			contactID, c.Owner.Type, c.Owner.Number, string(files), at); err != nil {
			return fmt.Errorf("eform: submission: %w", err)
		}
		return nil
	})
	if err != nil {
		// Also on errAlreadySent: the first submission has its own documents.
		uploads.discard(ctx)
	}
	if errors.Is(err, errAlreadySent) {
		return s.Inzending(ctx, c.ID)
	}
	if err != nil {
		return nil, err
	}
	if zaakNr != "" {
		// Everything is known (PostgreSQL, where the identificatie was
		// drawn beforehand): no need for a round trip to read it back.
		return &Inzending{ID: c.ID, ZaakID: zaakID, ZaakIdentificatie: zaakNr, KlantcontactID: contactID.String, CreatedAt: at}, nil
	}
	return s.Inzending(ctx, c.ID)
}

var errAlreadySent = errors.New("eform: already sent")

// preparedUploads are a draft's uploads stored as documents-to-be, in the
// order of Concept.Bestanden, for the zaaktype they were prepared for.
type preparedUploads struct {
	zaakTypeID string
	docs       []*document.Prepared
}

func (u *preparedUploads) discard(ctx context.Context) {
	for _, p := range u.docs {
		p.Discard(ctx)
	}
}

// prepareUploads copies the draft's uploads into the document store with
// the metadata AttachUploads gave them. It prepares nothing (and the
// uploads stay on the submission) when the zaaktype has no informatieobjecttype.
func (s *Service) prepareUploads(ctx context.Context, c *Concept, today date.Date) (*preparedUploads, error) {
	u := &preparedUploads{}
	if len(c.Bestanden) == 0 {
		return u, nil
	}
	// The zaaktype is chosen as in the transaction; the transaction
	// checks that it is still the same one.
	var iot string
	err := s.DB.R.QueryRowContext(ctx, `SELECT z.id, t.id FROM zaaktypen z
		JOIN zaaktype_informatieobjecttypen l ON l.zaaktype_id = z.id
		JOIN informatieobjecttypen t ON t.id = l.informatieobjecttype_id
		WHERE z.id = (SELECT id FROM zaaktypen WHERE identificatie = $1 AND NOT concept
			AND begin_geldigheid <= $2 AND (einde_geldigheid IS NULL OR einde_geldigheid >= $2)
			ORDER BY begin_geldigheid DESC LIMIT 1)
		AND NOT t.concept ORDER BY CASE WHEN l.richting = 'inkomend' THEN 0 ELSE 1 END, l.volgnummer LIMIT 1`,
		c.Formulier.ZaaktypeIdentificatie, today).Scan(&u.zaakTypeID, &iot)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && s.Docs == nil) {
		// Also when there is no published zaaktype at all: the
		// transaction then refuses the submission with its own message.
		s.log().WarnContext(ctx, "eform: zaaktype has no informatieobjecttype; uploads kept on the submission",
			"zaaktype", c.Formulier.ZaaktypeIdentificatie)
		return u, nil
	}
	if err != nil {
		return nil, fmt.Errorf("eform: informatieobjecttype: %w", err)
	}
	for i, b := range c.Bestanden {
		p, err := s.prepareUpload(ctx, c.ID, i, b, iot, today)
		if err != nil {
			u.discard(ctx)
			return nil, err
		}
		u.docs = append(u.docs, p)
	}
	return u, nil
}

func (s *Service) prepareUpload(ctx context.Context, inzendingID string, i int, b Bestand, iot string, today date.Date) (*document.Prepared, error) {
	rc, err := s.Blobs.Open(ctx, b.Key)
	if err != nil {
		return nil, fmt.Errorf("eform: upload %s: %w", b.Naam, err)
	}
	defer rc.Close()
	p, err := s.Docs.Prepare(ctx, document.CreateInput{Bronorganisatie: s.Bronorganisatie, Identificatie: uploadIdent(inzendingID, i),
		Creatiedatum: today, Titel: b.Naam, Auteur: "Aanvrager", Status: document.StatusDefinitief, Formaat: b.Type,
		Taal: "dut", Bestandsnaam: b.Naam, InformatieobjecttypeID: iot, Content: rc, Vertrouwelijkheidaanduiding: "zaakvertrouwelijk"})
	if err != nil {
		return nil, fmt.Errorf("eform: store %s: %w", b.Naam, err)
	}
	return p, nil
}

// uploadIdent is the identificatie of the document made of upload i of a
// submission: derived from the submission, so that storing it twice is
// refused as a duplicate.
func uploadIdent(inzendingID string, i int) string {
	return fmt.Sprintf("FORM-%s-%d", strings.ReplaceAll(inzendingID, "-", ""), i+1)
}

func summaryText(def Definitie, a Answers) string {
	var b strings.Builder
	for _, v := range def.Velden() {
		if !v.Asked(a) || v.Type == File {
			continue
		}
		if d := Display(v, a); d != "" && strings.TrimSpace(d) != "," {
			fmt.Fprintf(&b, "%s: %s\n", strings.TrimSuffix(v.Label, "?"), d)
		}
	}
	out := b.String()
	if len(out) > 1000 {
		out = out[:997] + "..."
	}
	return strings.TrimSpace(out)
}

// initiator is the zaak's initiator rol for the owner.
func initiator(o Owner, a Answers, def Definitie) *zaak.RolInput {
	switch o.Type {
	case "bsn":
		r := &zaak.RolInput{BetrokkeneType: "natuurlijk_persoon", Roltoelichting: "Aanvrager (webformulier)",
			BetrokkeneIdentificatie: zaak.BetrokkeneIdentificatie{InpBsn: o.Number, Geslachtsnaam: o.Name}}
		if o.Representative != "" {
			r.Roltoelichting = "Aanvrager (webformulier, ingediend door gemachtigde " + o.Representative + ")"
			r.IndicatieMachtiging = "machtiginggever"
		}
		return r
	case "kvk":
		return &zaak.RolInput{BetrokkeneType: "niet_natuurlijk_persoon", Roltoelichting: "Aanvrager (webformulier)",
			BetrokkeneIdentificatie: zaak.BetrokkeneIdentificatie{KvkNummer: o.Number, StatutaireNaam: o.Name}}
	}
	return nil
}

func (s *Service) setEigenschappen(ctx context.Context, tx *sql.Tx, zaakID string, def Definitie, a Answers) error {
	var vals []zaak.EigenschapWaarde
	for _, v := range def.Velden() {
		if !v.Eigenschap || !v.Asked(a) {
			continue
		}
		// Eigenschappen have the ZGW formats: a date as JJJJMMDD, a
		// number with a decimal point.
		val := Display(v, a)
		switch v.Type {
		case Date:
			if d, err := ParseDate(a.Get(v.Naam)); err == nil {
				val = fmt.Sprintf("%04d%02d%02d", d.Year, d.Month, d.Day)
			}
		case Number:
			val = strings.ReplaceAll(a.Get(v.Naam), ",", ".")
		}
		if val != "" {
			vals = append(vals, zaak.EigenschapWaarde{Naam: v.Naam, Waarde: val})
		}
	}
	if len(vals) == 0 {
		return nil
	}
	_, skipped, err := s.Zaken.SetEigenschappenTx(ctx, tx, zaakID, vals)
	if err != nil {
		return fmt.Errorf("eform: eigenschappen: %w", err)
	}
	for _, sk := range skipped {
		if sk.Onbekend {
			// The form asks more than the zaaktype records as eigenschap:
			// the answer is in the zaak's toelichting.
			continue
		}
		// The zaaktype's rules for this eigenschap are stricter than the
		// form's: the citizen is not to blame, and the answer is in the
		// toelichting. The beheerder should align the two.
		s.log().WarnContext(ctx, "eform: answer does not fit the zaaktype's eigenschap; kept in the toelichting",
			"eigenschap", sk.Naam, "reason", sk.Reden)
	}
	return nil
}

// Prefill returns answers for the form's prefill fields from what the
// municipality knows of the owner (the basisregistratie stand-in), for the
// fields that have no answer yet.
func (s *Service) Prefill(ctx context.Context, c *Concept) (Answers, error) {
	out := Answers{}
	o := c.Owner
	if o.Anonymous() {
		return out, nil
	}
	var naam, email, tel, straat, nr, pc, plaats string
	var err error
	switch o.Type {
	case "bsn":
		err = s.DB.R.QueryRowContext(ctx, `SELECT TRIM(voornamen || ' ' || CASE WHEN voorvoegsel = '' THEN '' ELSE voorvoegsel || ' ' END || geslachtsnaam),
			email, telefoon, straat, huisnummer, postcode, woonplaats FROM personen WHERE bsn = $1`, o.Number).
			Scan(&naam, &email, &tel, &straat, &nr, &pc, &plaats)
	case "kvk":
		err = s.DB.R.QueryRowContext(ctx, `SELECT handelsnaam, '', '', straat, huisnummer, postcode, woonplaats FROM bedrijven
			WHERE kvk_nummer = $1 ORDER BY vestigingsnummer LIMIT 1`, o.Number).Scan(&naam, &email, &tel, &straat, &nr, &pc, &plaats)
	}
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("eform: prefill: %w", err)
	}
	for _, v := range c.Formulier.Definitie.Velden() {
		if len(c.Antwoorden[v.Naam]) > 0 || c.Antwoorden.Get(v.Naam+".postcode") != "" {
			continue
		}
		set := func(x string) {
			if x != "" {
				out[v.Naam] = []string{x}
			}
		}
		switch v.Prefill {
		case PrefillBSN:
			if o.Type == "bsn" {
				set(o.Number)
			}
		case PrefillKvK:
			if o.Type == "kvk" {
				set(o.Number)
			}
		case PrefillNaam:
			set(naam)
		case PrefillEmail:
			set(email)
		case PrefillTelefoon:
			set(tel)
		case PrefillAdres:
			if pc != "" {
				out[v.Naam+".postcode"] = []string{pc}
				out[v.Naam+".huisnummer"] = []string{nr}
				out[v.Naam+".straat"] = []string{straat}
				out[v.Naam+".woonplaats"] = []string{plaats}
				Normalize(v, out)
			}
		}
	}
	return out, nil
}

// Inzending returns a submission by the draft's id.
func (s *Service) Inzending(ctx context.Context, id string) (*Inzending, error) {
	if !db.ValidUUID(id) {
		return nil, errs.NotFoundf("inzending", id)
	}
	var in Inzending
	var kc sql.NullString
	err := s.DB.R.QueryRowContext(ctx, `SELECT i.id, i.zaak_id, z.identificatie, i.klantcontact_id, i.created_at
		FROM formulier_inzendingen i JOIN zaken z ON z.id = i.zaak_id WHERE i.id = $1`, id).
		Scan(&in.ID, &in.ZaakID, &in.ZaakIdentificatie, &kc, &in.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.NotFoundf("inzending", id)
	}
	if err != nil {
		return nil, fmt.Errorf("eform: submission: %w", err)
	}
	in.KlantcontactID = kc.String
	return &in, nil
}

// Register adds the worker that stores submissions' uploads as documents.
// Submit no longer queues it, but jobs queued by an older version must
// still complete after an upgrade.
func (s *Service) Register(q *jobs.Queue) {
	jobs.AddWorker(q, &attachWorker{s: s})
}

type attachWorker struct {
	river.WorkerDefaults[attachArgs]
	s *Service
}

func (w *attachWorker) Work(ctx context.Context, job *river.Job[attachArgs]) error {
	return w.s.AttachUploads(ctx, job.Args.InzendingID)
}

// AttachUploads stores the uploads of a submission as documents of its zaak,
// visible to the applicant. Submit no longer queues it (it stores the
// documents in the submission's transaction); it and its worker stay for
// the jobs an older version queued, which must still complete. It is idempotent: each document's identificatie
// comes from the submission and the field, so a retry after a crash finds
// what it stored before.
func (s *Service) AttachUploads(ctx context.Context, inzendingID string) error {
	var zaakID, files string
	if err := s.DB.R.QueryRowContext(ctx, `SELECT zaak_id, bestanden FROM formulier_inzendingen WHERE id = $1`, inzendingID).
		Scan(&zaakID, &files); err != nil {
		return fmt.Errorf("eform: attach: %w", err)
	}
	var list []Bestand
	if err := json.Unmarshal([]byte(files), &list); err != nil {
		return err
	}
	if len(list) == 0 {
		return nil
	}
	z, err := s.Zaken.Get(ctx, zaakID)
	if err != nil {
		return err
	}
	var iot string
	err = s.DB.R.QueryRowContext(ctx, `SELECT t.id FROM zaaktype_informatieobjecttypen l
		JOIN informatieobjecttypen t ON t.id = l.informatieobjecttype_id
		WHERE l.zaaktype_id = $1 AND NOT t.concept ORDER BY CASE WHEN l.richting = 'inkomend' THEN 0 ELSE 1 END, l.volgnummer LIMIT 1`,
		z.ZaakTypeID).Scan(&iot)
	if errors.Is(err, sql.ErrNoRows) {
		s.log().WarnContext(ctx, "eform: zaaktype has no informatieobjecttype; uploads kept on the submission", "zaak", z.Identificatie)
		return nil
	}
	if err != nil {
		return err
	}
	for i, b := range list {
		ident := uploadIdent(inzendingID, i)
		existing, _, err := s.Docs.List(ctx, document.Filter{Bronorganisatie: z.Bronorganisatie, Identificatie: ident, Limit: 1})
		if err != nil {
			return err
		}
		if len(existing) > 0 {
			continue
		}
		rc, err := s.Blobs.Open(ctx, b.Key)
		if err != nil {
			return fmt.Errorf("eform: upload %s: %w", b.Naam, err)
		}
		doc, err := s.Docs.Create(ctx, document.CreateInput{Bronorganisatie: z.Bronorganisatie, Identificatie: ident,
			Creatiedatum: z.Startdatum, Titel: b.Naam, Auteur: "Aanvrager", Status: document.StatusDefinitief, Formaat: b.Type,
			Taal: "dut", Bestandsnaam: b.Naam, InformatieobjecttypeID: iot, Content: rc, Vertrouwelijkheidaanduiding: "zaakvertrouwelijk"})
		rc.Close()
		if err != nil {
			return fmt.Errorf("eform: store %s: %w", b.Naam, err)
		}
		if _, err := s.Docs.LinkZaak(ctx, document.LinkInput{ZaakID: z.ID, InformatieobjectID: doc.ID, Titel: b.Naam,
			Beschrijving: "Meegestuurd met het webformulier", ZichtbaarVoorInitiator: true}); err != nil {
			return fmt.Errorf("eform: link %s: %w", b.Naam, err)
		}
	}
	// The files are documents now; the sweep removes the uploads.
	if _, err := s.DB.W.ExecContext(ctx, `UPDATE formulier_inzendingen SET bestanden = '[]' WHERE id = $1`, inzendingID); err != nil {
		return fmt.Errorf("eform: attached: %w", err)
	}
	return nil
}

// Sweep deletes expired drafts and the uploaded files that neither a draft
// nor a submission still needs, when older than minAge (so an upload in
// flight is never touched). Forms keep their uploads in their own blob store
// for this reason: the documents' sweep would not know them.
func (s *Service) Sweep(ctx context.Context, minAge time.Duration) (drafts, files int, err error) {
	now := s.now()
	res, err := s.DB.W.ExecContext(ctx, `DELETE FROM formulier_concepten WHERE expires_at < $1`, now)
	if err != nil {
		return 0, 0, fmt.Errorf("eform: sweep drafts: %w", err)
	}
	n, _ := res.RowsAffected()
	l, ok := s.Blobs.(interface {
		Keys(ctx context.Context, fn func(key string, modTime time.Time) error) error
	})
	if !ok {
		return int(n), 0, nil
	}
	cutoff := now.Add(-minAge)
	refs := map[string]bool{}
	rows, err := s.DB.R.QueryContext(ctx, `SELECT bestanden FROM formulier_concepten WHERE bestanden <> '[]'
		UNION ALL SELECT bestanden FROM formulier_inzendingen WHERE bestanden <> '[]'`)
	if err != nil {
		return int(n), 0, fmt.Errorf("eform: sweep: %w", err)
	}
	for rows.Next() {
		var raw string
		var list []Bestand
		if err := rows.Scan(&raw); err != nil {
			rows.Close()
			return int(n), 0, err
		}
		if json.Unmarshal([]byte(raw), &list) == nil {
			for _, b := range list {
				refs[b.Key] = true
			}
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return int(n), 0, err
	}
	err = l.Keys(ctx, func(key string, mod time.Time) error {
		if refs[key] || !mod.Before(cutoff) {
			return nil
		}
		files++
		return s.Blobs.Delete(ctx, key)
	})
	return int(n), files, err
}
