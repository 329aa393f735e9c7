// Package kennis is the knowledge base and product catalogue (PDC): one
// article per product in plain Dutch (what it is, who can apply, what it
// costs, what to bring, how to apply, how long it takes, objection), with
// FAQ entries, linked zaaktypen, the responsible team and the national
// product name (UPN). Articles have versions; a beheerder publishes one. The
// KCC, the public product pages and the PIP show the published version, so
// the answer is the same on every channel.
//
// Search is Dutch full-text search over the published versions: an
// in-memory inverted index (see index.go) with a Snowball stemmer,
// synonyms kept in the database and tolerance for small typos. It works the
// same on both engines and is reloaded when another instance changed the
// articles (a stamp in the settings table).
package kennis

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/gemeenten/loket/internal/audit"
	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/termijn"
)

// Version states.
const (
	Concept      = "concept"
	Gepubliceerd = "gepubliceerd"
	Vervangen    = "vervangen"
)

// Kanalen are the channels an article can name under "hoe aanvragen".
var Kanalen = []string{"balie", "telefoon", "email", "post", "webformulier", "chat", "social_media"}

// KanaalLabel is the Dutch label of a channel.
func KanaalLabel(k string) string {
	switch k {
	case "balie":
		return "Aan de balie"
	case "telefoon":
		return "Telefonisch"
	case "email":
		return "Per e-mail"
	case "post":
		return "Per post"
	case "webformulier":
		return "Online met het e-formulier"
	case "chat":
		return "Via de chat"
	case "social_media":
		return "Via sociale media"
	}
	return k
}

// FAQ is one frequently asked question with its answer.
type FAQ struct {
	Vraag    string `json:"vraag"`
	Antwoord string `json:"antwoord"`
}

// Input is the text of a version, as a beheerder writes it.
type Input struct {
	// Slug is the article's address (only used when the article is created;
	// derived from Titel when empty).
	Slug          string
	Titel         string
	Samenvatting  string // the short answer the KCC reads out first
	WatIsHet      string
	Wie           string // who can apply
	Kosten        string
	Meenemen      string
	Aanvragen     string // how to apply
	Duur          string // how long it takes, beyond the zaaktype's term
	Bezwaar       string
	Kanalen       []string
	EFormulierURL string
	FAQ           []FAQ
	// ZaakTypen are the identificaties of the zaaktypen that implement the
	// product; "how long it takes" shows their doorlooptijd.
	ZaakTypen   []string
	TeamID      string
	UPNLabel    string
	UPNURI      string
	Trefwoorden []string
	// Toelichting says what changed in this version.
	Toelichting string
}

// Version is one stored version of an article.
type Version struct {
	ID        string
	ArtikelID string
	Versie    int
	Status    string
	Input
	GemaaktDoor      string
	CreatedAt        time.Time
	GepubliceerdDoor string
	GepubliceerdOp   *time.Time
}

// Artikel is an article with its published and its latest version.
type Artikel struct {
	ID            string
	Slug          string
	LaatsteVersie int
	ReviewDatum   date.Date
	CreatedAt     time.Time
	UpdatedAt     time.Time
	// Gepubliceerd is nil while no version is published.
	Gepubliceerd *Version
	Laatste      *Version
	// Termijnen are the linked zaaktypen's decision terms (published ones).
	Termijnen []Termijn
}

// Termijn is the decision term of a linked zaaktype.
type Termijn struct {
	Identificatie string
	Omschrijving  string
	Doorlooptijd  termijn.Duration
	ZaakTypeID    string // the version valid today
}

// Titel is the title of the published version, else of the latest.
func (a *Artikel) Titel() string {
	if a.Gepubliceerd != nil {
		return a.Gepubliceerd.Titel
	}
	if a.Laatste != nil {
		return a.Laatste.Titel
	}
	return a.Slug
}

// ReviewDue reports whether the review date has come on today.
func (a *Artikel) ReviewDue(today date.Date) bool {
	return !a.ReviewDatum.IsZero() && !a.ReviewDatum.After(today)
}

// HasConcept reports whether a version newer than the published one waits.
func (a *Artikel) HasConcept() bool {
	return a.Laatste != nil && a.Laatste.Status == Concept
}

// Service is the knowledge base. Build it with New; call Load once at
// start (Search loads lazily too).
type Service struct {
	DB  *db.DB
	Now func() time.Time
	// StaleAfter is how often Search checks whether another instance
	// changed the articles (default 5 seconds).
	StaleAfter time.Duration

	idx       atomic.Pointer[index]
	loadMu    sync.Mutex
	checkedAt atomic.Int64 // unix nanos of the last freshness check
}

// New returns the knowledge base on d with the real clock.
func New(d *db.DB) *Service { return &Service{DB: d, Now: time.Now} }

func (s *Service) now() time.Time {
	if s.Now == nil {
		return time.Now().UTC()
	}
	return s.Now().UTC()
}

const stampKey = "kennis_stamp"

// touch changes the stamp other instances compare against, in tx.
func touch(ctx context.Context, tx *sql.Tx, now time.Time) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value, updated_at) VALUES ($1, $2, $3)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
		stampKey, uuid.NewString(), now)
	if err != nil {
		return fmt.Errorf("kennis: stamp: %w", err)
	}
	return nil
}

func mayEdit(ctx context.Context) error {
	a := audit.ActorFrom(ctx)
	if a.Kind == "systeem" || a.HasRole("beheerder") {
		return nil
	}
	return errs.E(errs.Forbidden, "forbidden", "Alleen een beheerder kan kennisartikelen wijzigen.")
}

var slugRe = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// Slugify makes an address from a title: "Paspoort aanvragen" → "paspoort-aanvragen".
func Slugify(title string) string {
	var b strings.Builder
	dash := false
	for _, c := range removeAccents(strings.ToLower(title)) {
		switch {
		case c >= 'a' && c <= 'z' || c >= '0' && c <= '9':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(c)
			dash = false
		default:
			dash = true
		}
	}
	out := b.String()
	if len(out) > 80 {
		out = strings.TrimRight(out[:80], "-")
	}
	return out
}

func clean(in *Input) {
	for _, p := range []*string{&in.Slug, &in.Titel, &in.Samenvatting, &in.WatIsHet, &in.Wie, &in.Kosten, &in.Meenemen,
		&in.Aanvragen, &in.Duur, &in.Bezwaar, &in.EFormulierURL, &in.TeamID, &in.UPNLabel, &in.UPNURI, &in.Toelichting} {
		*p = strings.TrimSpace(strings.ReplaceAll(*p, "\r\n", "\n"))
	}
	trimList := func(l []string) []string {
		var out []string
		for _, v := range l {
			if v = strings.TrimSpace(v); v != "" && !slices.Contains(out, v) {
				out = append(out, v)
			}
		}
		return out
	}
	in.Kanalen, in.ZaakTypen, in.Trefwoorden = trimList(in.Kanalen), trimList(in.ZaakTypen), trimList(in.Trefwoorden)
	var faq []FAQ
	for _, f := range in.FAQ {
		f.Vraag, f.Antwoord = strings.TrimSpace(f.Vraag), strings.TrimSpace(f.Antwoord)
		if f.Vraag != "" || f.Antwoord != "" {
			faq = append(faq, f)
		}
	}
	in.FAQ = faq
}

func validate(ctx context.Context, q db.Queryer, in *Input, creating bool) error {
	clean(in)
	var f errs.Fields
	tooLong := func(field, label, v string, n int) {
		if utf8.RuneCountInString(v) > n {
			f.Add(field, "max_length", fmt.Sprintf("%s mag niet langer zijn dan %d tekens.", label, n))
		}
	}
	if in.Titel == "" {
		f.Add("titel", "required", "Vul een titel in.")
	}
	tooLong("titel", "De titel", in.Titel, 200)
	if in.Samenvatting == "" {
		f.Add("samenvatting", "required", "Vul een korte samenvatting in: het antwoord dat de KCC-medewerker als eerste geeft.")
	}
	tooLong("samenvatting", "De samenvatting", in.Samenvatting, 600)
	if creating {
		if in.Slug == "" {
			in.Slug = Slugify(in.Titel)
		}
		if in.Slug != "" && !slugRe.MatchString(in.Slug) {
			f.Add("slug", "invalid", "Het webadres mag alleen kleine letters, cijfers en streepjes bevatten, bijvoorbeeld paspoort-aanvragen.")
		}
		tooLong("slug", "Het webadres", in.Slug, 80)
	}
	for _, t := range []struct{ field, label, v string }{
		{"wat_is_het", "Wat is het", in.WatIsHet}, {"wie", "Wie kan het aanvragen", in.Wie}, {"kosten", "Kosten", in.Kosten},
		{"meenemen", "Wat neemt u mee", in.Meenemen}, {"aanvragen", "Hoe vraagt u het aan", in.Aanvragen},
		{"duur", "Hoe lang duurt het", in.Duur}, {"bezwaar", "Bezwaar", in.Bezwaar}, {"toelichting", "De toelichting", in.Toelichting},
	} {
		tooLong(t.field, t.label, t.v, 10000)
	}
	for _, k := range in.Kanalen {
		if !slices.Contains(Kanalen, k) {
			f.Add("kanalen", "invalid_choice", "Kies alleen kanalen uit de lijst.")
			break
		}
	}
	if in.EFormulierURL != "" {
		if !validLink(in.EFormulierURL) {
			f.Add("eformulier_url", "invalid", "Vul een webadres in dat begint met https:// of met / (een pagina van de gemeente).")
		}
		if !slices.Contains(in.Kanalen, "webformulier") {
			in.Kanalen = append(in.Kanalen, "webformulier")
		}
	}
	if in.UPNURI != "" && !validLink(in.UPNURI) {
		f.Add("upn_uri", "invalid", "Vul een webadres in dat begint met https://.")
	}
	tooLong("upn_label", "De UPN-naam", in.UPNLabel, 200)
	for i, q := range in.FAQ {
		if q.Vraag == "" {
			f.Add(fmt.Sprintf("faq_%d_vraag", i+1), "required", fmt.Sprintf("Vul bij veelgestelde vraag %d de vraag in.", i+1))
		}
		if q.Antwoord == "" {
			f.Add(fmt.Sprintf("faq_%d_antwoord", i+1), "required", fmt.Sprintf("Vul bij veelgestelde vraag %d het antwoord in.", i+1))
		}
	}
	for _, t := range in.Trefwoorden {
		tooLong("trefwoorden", "Een trefwoord", t, 60)
	}
	if in.TeamID != "" {
		if !db.ValidUUID(in.TeamID) {
			f.Add("team", "invalid", "Kies een team uit de lijst.")
		} else if ok, err := db.Exists(ctx, q, `SELECT 1 FROM teams WHERE id = $1`, in.TeamID); err != nil {
			return err
		} else if !ok {
			f.Add("team", "does_not_exist", "Dit team bestaat niet (meer). Kies een team uit de lijst.")
		}
	}
	for _, zt := range in.ZaakTypen {
		ok, err := db.Exists(ctx, q, `SELECT 1 FROM zaaktypen WHERE identificatie = $1`, zt)
		if err != nil {
			return err
		}
		if !ok {
			f.Add("zaaktypen", "does_not_exist", fmt.Sprintf("Zaaktype %q bestaat niet.", zt))
		}
	}
	return f.Err()
}

func validLink(s string) bool {
	if strings.HasPrefix(s, "/") && !strings.HasPrefix(s, "//") {
		return !strings.ContainsAny(s, " \t\n")
	}
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != ""
}

func jsonOf(v any) string {
	b, _ := json.Marshal(v)
	if string(b) == "null" {
		return "[]"
	}
	return string(b)
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func actorName(ctx context.Context) string {
	a := audit.ActorFrom(ctx)
	if a.Name != "" {
		return a.Name
	}
	return a.ID
}

func (s *Service) insertVersion(ctx context.Context, tx *sql.Tx, v *Version) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO kennis_versies (id, artikel_id, versie, status, titel, samenvatting,
		wat_is_het, wie, kosten, meenemen, aanvragen, duur, bezwaar, kanalen, eformulier_url, faq, zaaktypen, team_id,
		upn_label, upn_uri, trefwoorden, toelichting, gemaakt_door, created_at)
		VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21,$22,$23,$24)`,
		v.ID, v.ArtikelID, v.Versie, v.Status, v.Titel, v.Samenvatting, v.WatIsHet, v.Wie, v.Kosten, v.Meenemen,
		v.Aanvragen, v.Duur, v.Bezwaar, jsonOf(v.Kanalen), v.EFormulierURL, jsonOf(v.FAQ), jsonOf(v.ZaakTypen),
		nullable(v.TeamID), v.UPNLabel, v.UPNURI, jsonOf(v.Trefwoorden), v.Toelichting, v.GemaaktDoor, v.CreatedAt)
	if err != nil {
		return fmt.Errorf("kennis: insert version: %w", err)
	}
	return nil
}

// Create adds an article with its first version as a concept.
func (s *Service) Create(ctx context.Context, in Input) (*Artikel, error) {
	if err := mayEdit(ctx); err != nil {
		return nil, err
	}
	now := s.now()
	id := uuid.NewString()
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if err := validate(ctx, tx, &in, true); err != nil {
			return err
		}
		taken, err := db.Exists(ctx, tx, `SELECT 1 FROM kennis_artikelen WHERE slug = $1`, in.Slug)
		if err != nil {
			return err
		}
		if taken {
			return errs.InvalidField("slug", "unique", "Er is al een artikel met dit webadres. Kies een ander webadres.")
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO kennis_artikelen (id, slug, laatste_versie, created_at, updated_at)
			VALUES ($1, $2, 1, $3, $3)`, id, in.Slug, now); err != nil {
			if db.IsUniqueViolation(err) {
				return errs.InvalidField("slug", "unique", "Er is al een artikel met dit webadres. Kies een ander webadres.")
			}
			return fmt.Errorf("kennis: insert article: %w", err)
		}
		v := &Version{ID: uuid.NewString(), ArtikelID: id, Versie: 1, Status: Concept, Input: in, GemaaktDoor: actorName(ctx), CreatedAt: now}
		if err := s.insertVersion(ctx, tx, v); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Bron: "LOKET", Resource: "kennisartikel", ResourceID: id,
			ResourceWeergave: in.Titel, Actie: "create", ActieWeergave: "Kennisartikel aangemaakt", New: v, At: now})
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, id)
}

// SaveVersion stores a new concept version of the article. The published
// version stays what everyone sees until this one is published.
func (s *Service) SaveVersion(ctx context.Context, artikelID string, in Input) (*Version, error) {
	if err := mayEdit(ctx); err != nil {
		return nil, err
	}
	if !db.ValidUUID(artikelID) {
		return nil, errs.NotFoundf("kennisartikel", artikelID)
	}
	now := s.now()
	var v *Version
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		var last int
		if err := tx.QueryRowContext(ctx, `SELECT laatste_versie FROM kennis_artikelen WHERE id = $1`+forUpdate(s.DB), artikelID).Scan(&last); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return errs.NotFoundf("kennisartikel", artikelID)
			}
			return fmt.Errorf("kennis: lock article: %w", err)
		}
		if err := validate(ctx, tx, &in, false); err != nil {
			return err
		}
		in.Slug = ""
		v = &Version{ID: uuid.NewString(), ArtikelID: artikelID, Versie: last + 1, Status: Concept, Input: in,
			GemaaktDoor: actorName(ctx), CreatedAt: now}
		if err := s.insertVersion(ctx, tx, v); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE kennis_artikelen SET laatste_versie = $1, updated_at = $2 WHERE id = $3`,
			v.Versie, now, artikelID); err != nil {
			return fmt.Errorf("kennis: update article: %w", err)
		}
		return audit.Record(ctx, tx, audit.Entry{Bron: "LOKET", Resource: "kennisartikel", ResourceID: artikelID,
			ResourceWeergave: in.Titel, Actie: "nieuwe_versie", ActieWeergave: fmt.Sprintf("Versie %d opgeslagen", v.Versie),
			Toelichting: in.Toelichting, New: v, At: now})
	})
	if err != nil {
		return nil, err
	}
	return v, nil
}

func forUpdate(d *db.DB) string {
	if d.Engine == db.Postgres {
		return " FOR UPDATE"
	}
	return ""
}

// Publish makes the version the one everyone sees; the version published
// before becomes "vervangen". The search index follows at once.
func (s *Service) Publish(ctx context.Context, versionID string) (*Artikel, error) {
	if err := mayEdit(ctx); err != nil {
		return nil, err
	}
	if !db.ValidUUID(versionID) {
		return nil, errs.NotFoundf("versie", versionID)
	}
	now := s.now()
	var artikelID string
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		var status, titel string
		var versie int
		err := tx.QueryRowContext(ctx, `SELECT artikel_id, status, titel, versie FROM kennis_versies WHERE id = $1`, versionID).
			Scan(&artikelID, &status, &titel, &versie)
		if errors.Is(err, sql.ErrNoRows) {
			return errs.NotFoundf("versie", versionID)
		}
		if err != nil {
			return fmt.Errorf("kennis: publish: %w", err)
		}
		var prev sql.NullString
		if err := tx.QueryRowContext(ctx, `SELECT gepubliceerde_versie_id FROM kennis_artikelen WHERE id = $1`+forUpdate(s.DB), artikelID).Scan(&prev); err != nil {
			return fmt.Errorf("kennis: publish: %w", err)
		}
		if status == Gepubliceerd {
			return errs.E(errs.Conflict, "al_gepubliceerd", "Deze versie is al gepubliceerd.")
		}
		if status == Vervangen {
			// Going back to an earlier text is a new version with that text,
			// so the history stays linear.
			return errs.E(errs.Conflict, "vervangen", "Deze versie is vervangen door een nieuwere. Sla de tekst opnieuw op als nieuwe versie om hem terug te zetten.")
		}
		if prev.Valid {
			if _, err := tx.ExecContext(ctx, `UPDATE kennis_versies SET status = 'vervangen' WHERE id = $1`, prev.String); err != nil {
				return fmt.Errorf("kennis: publish: %w", err)
			}
		}
		// Older concepts than this one will never be published: they were
		// superseded by the text that now goes live.
		if _, err := tx.ExecContext(ctx, `UPDATE kennis_versies SET status = 'vervangen'
			WHERE artikel_id = $1 AND status = 'concept' AND versie < $2`, artikelID, versie); err != nil {
			return fmt.Errorf("kennis: publish: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE kennis_versies SET status = 'gepubliceerd', gepubliceerd_door = $1,
			gepubliceerd_op = $2 WHERE id = $3`, actorName(ctx), now, versionID); err != nil {
			return fmt.Errorf("kennis: publish: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE kennis_artikelen SET gepubliceerde_versie_id = $1, updated_at = $2 WHERE id = $3`,
			versionID, now, artikelID); err != nil {
			return fmt.Errorf("kennis: publish: %w", err)
		}
		if err := touch(ctx, tx, now); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Bron: "LOKET", Resource: "kennisartikel", ResourceID: artikelID,
			ResourceWeergave: titel, Actie: "publiceren", ActieWeergave: fmt.Sprintf("Versie %d gepubliceerd", versie),
			Old: map[string]any{"gepubliceerde_versie_id": prev.String}, New: map[string]any{"gepubliceerde_versie_id": versionID}, At: now})
	})
	if err != nil {
		return nil, err
	}
	if err := s.Reload(ctx); err != nil {
		return nil, err
	}
	return s.Get(ctx, artikelID)
}

// Withdraw takes the article offline: no version is published any more.
func (s *Service) Withdraw(ctx context.Context, artikelID string) error {
	if err := mayEdit(ctx); err != nil {
		return err
	}
	if !db.ValidUUID(artikelID) {
		return errs.NotFoundf("kennisartikel", artikelID)
	}
	now := s.now()
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		var prev sql.NullString
		err := tx.QueryRowContext(ctx, `SELECT gepubliceerde_versie_id FROM kennis_artikelen WHERE id = $1`+forUpdate(s.DB), artikelID).Scan(&prev)
		if errors.Is(err, sql.ErrNoRows) {
			return errs.NotFoundf("kennisartikel", artikelID)
		}
		if err != nil {
			return fmt.Errorf("kennis: withdraw: %w", err)
		}
		if !prev.Valid {
			return errs.E(errs.Conflict, "niet_gepubliceerd", "Dit artikel is niet gepubliceerd.")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE kennis_versies SET status = 'vervangen' WHERE id = $1`, prev.String); err != nil {
			return fmt.Errorf("kennis: withdraw: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE kennis_artikelen SET gepubliceerde_versie_id = NULL, updated_at = $1 WHERE id = $2`, now, artikelID); err != nil {
			return fmt.Errorf("kennis: withdraw: %w", err)
		}
		if err := touch(ctx, tx, now); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Bron: "LOKET", Resource: "kennisartikel", ResourceID: artikelID,
			Actie: "intrekken", ActieWeergave: "Publicatie ingetrokken", Old: map[string]any{"gepubliceerde_versie_id": prev.String}, At: now})
	})
	if err != nil {
		return err
	}
	return s.Reload(ctx)
}

// SetReviewDate sets the day the article must be checked again (zero clears it).
func (s *Service) SetReviewDate(ctx context.Context, artikelID string, d date.Date) error {
	if err := mayEdit(ctx); err != nil {
		return err
	}
	if !db.ValidUUID(artikelID) {
		return errs.NotFoundf("kennisartikel", artikelID)
	}
	now := s.now()
	if !d.IsZero() && d.Before(date.Today(now)) {
		return errs.InvalidField("review_datum", "past", "De reviewdatum mag niet in het verleden liggen.")
	}
	return s.DB.Tx(ctx, func(tx *sql.Tx) error {
		var old sql.Null[date.Date]
		err := tx.QueryRowContext(ctx, `SELECT review_datum FROM kennis_artikelen WHERE id = $1`, artikelID).Scan(&old)
		if errors.Is(err, sql.ErrNoRows) {
			return errs.NotFoundf("kennisartikel", artikelID)
		}
		if err != nil {
			return fmt.Errorf("kennis: review date: %w", err)
		}
		var v any
		if !d.IsZero() {
			v = d
		}
		if _, err := tx.ExecContext(ctx, `UPDATE kennis_artikelen SET review_datum = $1, updated_at = $2 WHERE id = $3`, v, now, artikelID); err != nil {
			return fmt.Errorf("kennis: review date: %w", err)
		}
		return audit.Record(ctx, tx, audit.Entry{Bron: "LOKET", Resource: "kennisartikel", ResourceID: artikelID,
			Actie: "reviewdatum", ActieWeergave: "Reviewdatum ingesteld", Old: map[string]any{"review_datum": old.V},
			New: map[string]any{"review_datum": d}, At: now})
	})
}

const versionCols = `id, artikel_id, versie, status, titel, samenvatting, wat_is_het, wie, kosten, meenemen, aanvragen,
	duur, bezwaar, kanalen, eformulier_url, faq, zaaktypen, team_id, upn_label, upn_uri, trefwoorden, toelichting,
	gemaakt_door, created_at, gepubliceerd_door, gepubliceerd_op`

type scanner interface{ Scan(dest ...any) error }

func scanVersion(r scanner) (*Version, error) {
	var v Version
	var kanalen, faq, zts, tw string
	var team sql.NullString
	var pub sql.NullTime
	if err := r.Scan(&v.ID, &v.ArtikelID, &v.Versie, &v.Status, &v.Titel, &v.Samenvatting, &v.WatIsHet, &v.Wie,
		&v.Kosten, &v.Meenemen, &v.Aanvragen, &v.Duur, &v.Bezwaar, &kanalen, &v.EFormulierURL, &faq, &zts, &team,
		&v.UPNLabel, &v.UPNURI, &tw, &v.Toelichting, &v.GemaaktDoor, &v.CreatedAt, &v.GepubliceerdDoor, &pub); err != nil {
		return nil, err
	}
	v.TeamID = team.String
	if pub.Valid {
		t := pub.Time
		v.GepubliceerdOp = &t
	}
	for _, p := range []struct {
		raw string
		dst any
	}{{kanalen, &v.Kanalen}, {faq, &v.FAQ}, {zts, &v.ZaakTypen}, {tw, &v.Trefwoorden}} {
		if err := json.Unmarshal([]byte(p.raw), p.dst); err != nil {
			return nil, fmt.Errorf("kennis: version %s: %w", v.ID, err)
		}
	}
	return &v, nil
}

// GetVersion returns one version.
func (s *Service) GetVersion(ctx context.Context, versionID string) (*Version, error) {
	if !db.ValidUUID(versionID) {
		return nil, errs.NotFoundf("versie", versionID)
	}
	v, err := scanVersion(s.DB.R.QueryRowContext(ctx, `SELECT `+versionCols+` FROM kennis_versies WHERE id = $1`, versionID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.NotFoundf("versie", versionID)
	}
	if err != nil {
		return nil, fmt.Errorf("kennis: version: %w", err)
	}
	return v, nil
}

// Versions lists an article's versions, newest first.
func (s *Service) Versions(ctx context.Context, artikelID string) ([]Version, error) {
	if !db.ValidUUID(artikelID) {
		return nil, errs.NotFoundf("kennisartikel", artikelID)
	}
	rows, err := s.DB.R.QueryContext(ctx, `SELECT `+versionCols+` FROM kennis_versies WHERE artikel_id = $1 ORDER BY versie DESC`, artikelID)
	if err != nil {
		return nil, fmt.Errorf("kennis: versions: %w", err)
	}
	defer rows.Close()
	var out []Version
	for rows.Next() {
		v, err := scanVersion(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *v)
	}
	return out, rows.Err()
}

const artikelCols = `a.id, a.slug, a.laatste_versie, a.review_datum, a.created_at, a.updated_at, a.gepubliceerde_versie_id`

func scanArtikel(r scanner) (*Artikel, string, error) {
	var a Artikel
	var review sql.Null[date.Date]
	var pub sql.NullString
	if err := r.Scan(&a.ID, &a.Slug, &a.LaatsteVersie, &review, &a.CreatedAt, &a.UpdatedAt, &pub); err != nil {
		return nil, "", err
	}
	a.ReviewDatum = review.V
	return &a, pub.String, nil
}

// Get returns an article with its published and latest version and the
// terms of its zaaktypen.
func (s *Service) Get(ctx context.Context, artikelID string) (*Artikel, error) {
	if !db.ValidUUID(artikelID) {
		return nil, errs.NotFoundf("kennisartikel", artikelID)
	}
	return s.getWhere(ctx, `a.id = $1`, artikelID)
}

// GetBySlug returns the article at slug.
func (s *Service) GetBySlug(ctx context.Context, slug string) (*Artikel, error) {
	return s.getWhere(ctx, `a.slug = $1`, slug)
}

func (s *Service) getWhere(ctx context.Context, where string, arg string) (*Artikel, error) {
	a, pubID, err := scanArtikel(s.DB.R.QueryRowContext(ctx, `SELECT `+artikelCols+` FROM kennis_artikelen a WHERE `+where, arg))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.NotFoundf("kennisartikel", arg)
	}
	if err != nil {
		return nil, fmt.Errorf("kennis: article: %w", err)
	}
	if pubID != "" {
		if a.Gepubliceerd, err = s.GetVersion(ctx, pubID); err != nil {
			return nil, err
		}
	}
	if a.Gepubliceerd != nil && a.Gepubliceerd.Versie == a.LaatsteVersie {
		a.Laatste = a.Gepubliceerd
	} else {
		a.Laatste, err = scanVersion(s.DB.R.QueryRowContext(ctx, `SELECT `+versionCols+` FROM kennis_versies
			WHERE artikel_id = $1 AND versie = $2`, a.ID, a.LaatsteVersie))
		if err != nil {
			return nil, fmt.Errorf("kennis: latest version: %w", err)
		}
	}
	shown := a.Gepubliceerd
	if shown == nil {
		shown = a.Laatste
	}
	if a.Termijnen, err = s.termijnen(ctx, shown.ZaakTypen); err != nil {
		return nil, err
	}
	return a, nil
}

// termijnen looks up the decision term of each zaaktype identificatie: the
// published version valid today, else the latest published one.
func (s *Service) termijnen(ctx context.Context, idents []string) ([]Termijn, error) {
	today := date.Today(s.now())
	var out []Termijn
	for _, ident := range idents {
		rows, err := s.DB.R.QueryContext(ctx, `SELECT id, omschrijving, doorlooptijd, begin_geldigheid, einde_geldigheid
			FROM zaaktypen WHERE identificatie = $1 AND concept = $2 ORDER BY begin_geldigheid DESC`, ident, false)
		if err != nil {
			return nil, fmt.Errorf("kennis: zaaktype terms: %w", err)
		}
		var best *Termijn
		for rows.Next() {
			var t Termijn
			var begin date.Date
			var einde sql.Null[date.Date]
			var dl string
			if err := rows.Scan(&t.ZaakTypeID, &t.Omschrijving, &dl, &begin, &einde); err != nil {
				rows.Close()
				return nil, fmt.Errorf("kennis: zaaktype terms: %w", err)
			}
			t.Identificatie = ident
			t.Doorlooptijd, _ = termijn.ParseDuration(dl)
			valid := !begin.After(today) && (!einde.Valid || einde.V.IsZero() || !today.After(einde.V))
			if best == nil || valid {
				tt := t
				best = &tt
				if valid {
					break
				}
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		if best != nil {
			out = append(out, *best)
		}
	}
	return out, nil
}

// ListFilter narrows the beheer list.
type ListFilter struct {
	// Q matches the title or the address (case-insensitive substring).
	Q string
	// ReviewDue lists only articles whose review date has come.
	ReviewDue bool
}

// Summary is a row of the beheer list.
type Summary struct {
	ID                 string
	Slug               string
	Titel              string // of the latest version
	LaatsteVersie      int
	LaatsteStatus      string
	GepubliceerdVersie int // 0: not published
	ReviewDatum        date.Date
	UpdatedAt          time.Time
}

// ReviewDue reports whether the review date has come on today.
func (r Summary) ReviewDue(today date.Date) bool {
	return !r.ReviewDatum.IsZero() && !r.ReviewDatum.After(today)
}

// List returns every article for the beheerder, by title.
func (s *Service) List(ctx context.Context, f ListFilter) ([]Summary, error) {
	w := db.Where{}
	if q := strings.TrimSpace(f.Q); q != "" {
		p := w.Arg("%" + db.LikeEscape(q) + "%")
		w.And("(" + s.DB.ILike("v.titel", p) + " OR " + s.DB.ILike("a.slug", p) + ")")
	}
	if f.ReviewDue {
		w.And("a.review_datum IS NOT NULL AND a.review_datum <= " + w.Arg(date.Today(s.now())))
	}
	rows, err := s.DB.R.QueryContext(ctx, `SELECT a.id, a.slug, v.titel, a.laatste_versie, v.status,
		COALESCE(p.versie, 0), a.review_datum, a.updated_at
		FROM kennis_artikelen a
		JOIN kennis_versies v ON v.artikel_id = a.id AND v.versie = a.laatste_versie
		LEFT JOIN kennis_versies p ON p.id = a.gepubliceerde_versie_id`+w.String()+` ORDER BY v.titel, a.id`, w.Args()...)
	if err != nil {
		return nil, fmt.Errorf("kennis: list: %w", err)
	}
	defer rows.Close()
	var out []Summary
	for rows.Next() {
		var r Summary
		var review sql.Null[date.Date]
		if err := rows.Scan(&r.ID, &r.Slug, &r.Titel, &r.LaatsteVersie, &r.LaatsteStatus, &r.GepubliceerdVersie, &review, &r.UpdatedAt); err != nil {
			return nil, fmt.Errorf("kennis: list: %w", err)
		}
		r.ReviewDatum = review.V
		out = append(out, r)
	}
	return out, rows.Err()
}
