// Package backoffice holds what the back office adds around a zaak that
// the ZGW model does not: notes of the behandelaars, the bezwaarschrift
// and the besluit it contests (Awb 6:7, 7:10), and the warning to the team
// lead when a zaak's legal deadline comes near. The werkvoorraad itself
// (queues, signals, counts, assignment) lives in the zaak package, next to
// the columns and indexes it reads.
package backoffice

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"sort"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/riverqueue/river"

	"github.com/gemeenten/loket/internal/audit"
	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/jobs"
	"github.com/gemeenten/loket/internal/mail"
	"github.com/gemeenten/loket/internal/termijn"
	"github.com/gemeenten/loket/internal/zaak"
)

// Service is the back office domain.
type Service struct {
	DB    *db.DB
	Zaken *zaak.Service
	// Mail sends the deadline warnings (nil: the warning is only recorded).
	Mail *mail.Service
	Now  func() time.Time
	Log  *slog.Logger
	// WarnWerkdagen: the team lead is warned this many operational
	// werkdagen before a zaak's legal deadline (default 5).
	WarnWerkdagen int
	// BaseURL makes links in e-mails ("http://localhost:8080").
	BaseURL string
}

// New returns the service.
func New(d *db.DB, zaken *zaak.Service, m *mail.Service, now func() time.Time, log *slog.Logger) *Service {
	if now == nil {
		now = time.Now
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Service{DB: d, Zaken: zaken, Mail: m, Now: now, Log: log, WarnWerkdagen: 5}
}

func (s *Service) now() time.Time { return s.Now().UTC() }

func staffOnly(ctx context.Context) error {
	if a := audit.ActorFrom(ctx); a.Kind != "medewerker" || !a.HasRole("behandelaar", "teamleider") {
		return errs.E(errs.Forbidden, "geen-behandelaar", "Alleen een behandelaar of teamleider mag dit doen.")
	}
	return nil
}

func auditZaak(ctx context.Context, tx *sql.Tx, z *zaak.Ref, resource, id, actie, weergave string, old, new any, at time.Time) error {
	return audit.Record(ctx, tx, audit.Entry{Bron: "LOKET", ZaakID: z.ID, HoofdObject: z.ID, Resource: resource,
		ResourceID: id, ResourceWeergave: z.Identificatie, Actie: actie, ActieWeergave: weergave, Old: old, New: new, At: at})
}

// Notitie is an internal note on a zaak (never shown in the PIP).
type Notitie struct {
	ID        string
	ZaakID    string
	Tekst     string
	CreatedBy string
	CreatedAt time.Time
}

// MaxNotitie is the longest note.
const MaxNotitie = 4000

// AddNote adds a note to a zaak, also to a closed one (a note about the
// aftermath is still a note). Only behandelaars and team leads write notes.
func (s *Service) AddNote(ctx context.Context, zaakID, tekst string) (*Notitie, error) {
	if err := staffOnly(ctx); err != nil {
		return nil, err
	}
	tekst = strings.TrimSpace(strings.ReplaceAll(tekst, "\r\n", "\n"))
	switch {
	case tekst == "":
		return nil, errs.InvalidField("tekst", "required", "Schrijf een notitie.")
	case len([]rune(tekst)) > MaxNotitie:
		return nil, errs.InvalidField("tekst", "max_length", fmt.Sprintf("Een notitie mag hoogstens %d tekens lang zijn.", MaxNotitie))
	}
	n := Notitie{ID: uuid.NewString(), ZaakID: zaakID, Tekst: tekst, CreatedBy: audit.ActorFrom(ctx).Name, CreatedAt: s.now()}
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		z, err := zaak.Lookup(ctx, tx, zaakID)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO zaak_notities (id, zaak_id, tekst, created_by, created_at)
			VALUES ($1,$2,$3,$4,$5)`, n.ID, n.ZaakID, n.Tekst, n.CreatedBy, n.CreatedAt); err != nil {
			return fmt.Errorf("backoffice: note: %w", err)
		}
		return auditZaak(ctx, tx, z, "notitie", n.ID, "create", "Notitie toegevoegd", nil, n, n.CreatedAt)
	})
	if err != nil {
		return nil, err
	}
	return &n, nil
}

// Notes lists the notes of a zaak, newest first.
func (s *Service) Notes(ctx context.Context, zaakID string) ([]Notitie, error) {
	if !db.ValidUUID(zaakID) {
		return nil, errs.NotFoundf("zaak", zaakID)
	}
	rows, err := s.DB.R.QueryContext(ctx, `SELECT id, zaak_id, tekst, created_by, created_at FROM zaak_notities
		WHERE zaak_id = $1 ORDER BY created_at DESC, id`, zaakID)
	if err != nil {
		return nil, fmt.Errorf("backoffice: notes: %w", err)
	}
	defer rows.Close()
	var out []Notitie
	for rows.Next() {
		var n Notitie
		if err := rows.Scan(&n.ID, &n.ZaakID, &n.Tekst, &n.CreatedBy, &n.CreatedAt); err != nil {
			return nil, err
		}
		n.CreatedAt = n.CreatedAt.UTC()
		out = append(out, n)
	}
	return out, rows.Err()
}

// Bezwaar links a bezwaarschrift zaak to the besluit it contests.
type Bezwaar struct {
	ZaakID             string
	BesluitID          string
	BesluitIdent       string
	OntvangenOp        date.Date
	BezwaartermijnEind date.Date // last day to object (Awb 6:7, Atw)
	Tijdig             bool
	Verschoonbaar      string // why a late objection is excused (Awb 6:11)
	Adviescommissie    bool
	// Beslistermijn is the decision term of Awb 7:10 lid 1 (6 or 12 weeks)
	// as registered; the zaak's uiterlijke einddatum afdoening is the live
	// deadline, moved by suspensions and verdaging.
	Beslistermijn date.Date
	CreatedBy     string
	CreatedAt     time.Time
}

// BezwaarInput registers an objection.
type BezwaarInput struct {
	BesluitID       string
	OntvangenOp     date.Date
	Adviescommissie bool
	Verschoonbaar   string
}

// RegisterBezwaar links the bezwaarschrift zaak to the contested besluit
// and checks the objection term: six weeks from the day after the besluit
// was sent (its uiterlijke reactiedatum). A late objection is refused
// unless the reason it is excusable is given (Awb 6:11). The decision term
// is six weeks after the objection term ends, twelve with an advisory
// committee (Awb 7:10); it becomes the zaak's legal deadline.
func (s *Service) RegisterBezwaar(ctx context.Context, zaakID string, in BezwaarInput) (*Bezwaar, error) {
	if err := staffOnly(ctx); err != nil {
		return nil, err
	}
	var out Bezwaar
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		z, err := zaak.EnsureOpen(ctx, tx, zaakID)
		if err != nil {
			return err
		}
		now := s.now()
		today := date.Today(now)
		var f errs.Fields
		var besluitZaak sql.NullString
		var verzend, reactie sql.Null[date.Date]
		var ident string
		switch {
		case in.BesluitID == "":
			f.Add("besluit", "required", "Kies het besluit waartegen bezwaar is gemaakt.")
		case !db.ValidUUID(in.BesluitID):
			f.Add("besluit", "does_not_exist", "Dit besluit bestaat niet.")
		default:
			err := tx.QueryRowContext(ctx, `SELECT identificatie, zaak_id, verzenddatum, uiterlijke_reactiedatum
				FROM besluiten WHERE id = $1`, in.BesluitID).Scan(&ident, &besluitZaak, &verzend, &reactie)
			switch {
			case errors.Is(err, sql.ErrNoRows):
				f.Add("besluit", "does_not_exist", "Dit besluit bestaat niet.")
			case err != nil:
				return fmt.Errorf("backoffice: besluit: %w", err)
			case besluitZaak.String == z.ID:
				f.Add("besluit", "same-zaak", "Een bezwaar hoort bij een andere zaak dan het besluit.")
			case !verzend.Valid:
				f.Add("besluit", "not-sent", "Dit besluit is nog niet verzonden; de bezwaartermijn loopt nog niet.")
			}
		}
		switch {
		case in.OntvangenOp.IsZero():
			f.Add("ontvangenOp", "required", "Vul de datum in waarop het bezwaarschrift binnenkwam.")
		case in.OntvangenOp.After(today):
			f.Add("ontvangenOp", "future", "De datum van ontvangst mag niet in de toekomst liggen.")
		case verzend.Valid && in.OntvangenOp.Before(verzend.V):
			f.Add("ontvangenOp", "before-besluit", "Het bezwaarschrift kan niet vóór het verzenden van het besluit zijn ontvangen.")
		}
		if len([]rune(in.Verschoonbaar)) > 1000 {
			f.Add("verschoonbaar", "max_length", "De toelichting mag hoogstens 1000 tekens lang zijn.")
		}
		if err := f.Err(); err != nil {
			return err
		}
		end := reactie.V
		if !reactie.Valid || end.IsZero() {
			end = termijn.BezwaarTermijn(verzend.V, nil)
		}
		out = Bezwaar{ZaakID: z.ID, BesluitID: in.BesluitID, BesluitIdent: ident, OntvangenOp: in.OntvangenOp,
			BezwaartermijnEind: end, Tijdig: !in.OntvangenOp.After(end), Verschoonbaar: strings.TrimSpace(in.Verschoonbaar),
			Adviescommissie: in.Adviescommissie, Beslistermijn: termijn.BeslistermijnBezwaar(zaak.BezwaarStart(end, in.OntvangenOp), in.Adviescommissie, nil),
			CreatedBy: audit.ActorFrom(ctx).Name, CreatedAt: now}
		if !out.Tijdig && out.Verschoonbaar == "" {
			return errs.InvalidField("ontvangenOp", "te-laat", "Het bezwaarschrift kwam binnen na de bezwaartermijn (die liep tot en met "+
				dutchDate(end)+"). Geef aan waarom de te late indiening verschoonbaar is, of verklaar het bezwaar niet-ontvankelijk.")
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO bezwaren (zaak_id, besluit_id, ontvangen_op, bezwaartermijn_eind, tijdig,
			verschoonbaar, adviescommissie, beslistermijn, created_by, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)`,
			out.ZaakID, out.BesluitID, out.OntvangenOp, out.BezwaartermijnEind, out.Tijdig, out.Verschoonbaar,
			out.Adviescommissie, out.Beslistermijn, out.CreatedBy, out.CreatedAt)
		if db.IsUniqueViolation(err) {
			return errs.E(errs.Conflict, "al-gekoppeld", "Deze zaak is al aan een besluit gekoppeld.")
		}
		if err != nil {
			return fmt.Errorf("backoffice: bezwaar: %w", err)
		}
		if err := auditZaak(ctx, tx, z, "bezwaar", z.ID, "create", "Bezwaar gekoppeld aan besluit "+ident, nil, out, now); err != nil {
			return err
		}
		// From now on the zaak's legal deadline is the Awb 7:10 term (with
		// any suspension and verdaging), not the zaaktype's doorlooptijd:
		// the werkvoorraad, the norms, the PIP and the KCC all read it.
		_, err = s.Zaken.RecomputeDeadlineTx(ctx, tx, z.ID)
		return err
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// BezwaarOf returns the objection registered on a zaak, NotFound when none.
func (s *Service) BezwaarOf(ctx context.Context, zaakID string) (*Bezwaar, error) {
	if !db.ValidUUID(zaakID) {
		return nil, errs.NotFoundf("bezwaar", zaakID)
	}
	var b Bezwaar
	err := s.DB.R.QueryRowContext(ctx, `SELECT w.zaak_id, w.besluit_id, b.identificatie, w.ontvangen_op, w.bezwaartermijn_eind,
		w.tijdig, w.verschoonbaar, w.adviescommissie, w.beslistermijn, w.created_by, w.created_at
		FROM bezwaren w JOIN besluiten b ON b.id = w.besluit_id WHERE w.zaak_id = $1`, zaakID).Scan(&b.ZaakID, &b.BesluitID,
		&b.BesluitIdent, &b.OntvangenOp, &b.BezwaartermijnEind, &b.Tijdig, &b.Verschoonbaar, &b.Adviescommissie,
		&b.Beslistermijn, &b.CreatedBy, &b.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.NotFoundf("bezwaar", zaakID)
	}
	if err != nil {
		return nil, fmt.Errorf("backoffice: bezwaar: %w", err)
	}
	b.CreatedAt = b.CreatedAt.UTC()
	return &b, nil
}

func dutchDate(d date.Date) string { return d.Dutch() }

// Warning is a zaak the team lead was warned about.
type Warning struct {
	ZaakID        string
	Identificatie string
	Omschrijving  string
	Deadline      date.Date
	TeamID        string
}

// WarnDeadlines warns the team leads of the open zaken whose legal
// deadline lies within WarnWerkdagen operational werkdagen: one e-mail per
// team listing its zaken, to every active teamleider of the team with an
// e-mail address. A zaak is warned about once per deadline (a marker row in
// the same transaction as the e-mail), so reruns and restarts send
// nothing twice.
func (s *Service) WarnDeadlines(ctx context.Context) ([]Warning, error) {
	today := date.Today(s.now())
	cal, err := s.Zaken.OperationalCalendar(ctx)
	if err != nil {
		return nil, err
	}
	days := s.WarnWerkdagen
	if days <= 0 {
		days = 5
	}
	until := cal.AddWorkdays(today, days)
	rows, err := s.DB.R.QueryContext(ctx, `SELECT z.id, z.identificatie, z.omschrijving, z.uiterlijke_einddatum_afdoening, z.team_id
		FROM zaken z WHERE z.einddatum IS NULL AND z.uiterlijke_einddatum_afdoening >= $1
		AND z.uiterlijke_einddatum_afdoening <= $2 AND z.team_id IS NOT NULL
		AND NOT EXISTS (SELECT 1 FROM termijn_waarschuwingen w WHERE w.zaak_id = z.id AND w.deadline = z.uiterlijke_einddatum_afdoening)
		ORDER BY z.team_id, z.uiterlijke_einddatum_afdoening, z.id`, today, until)
	if err != nil {
		return nil, fmt.Errorf("backoffice: warn: %w", err)
	}
	byTeam := map[string][]Warning{}
	for rows.Next() {
		var w Warning
		if err := rows.Scan(&w.ZaakID, &w.Identificatie, &w.Omschrijving, &w.Deadline, &w.TeamID); err != nil {
			rows.Close()
			return nil, err
		}
		byTeam[w.TeamID] = append(byTeam[w.TeamID], w)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	teams := make([]string, 0, len(byTeam))
	for t := range byTeam {
		teams = append(teams, t)
	}
	sort.Strings(teams)
	var out []Warning
	for _, team := range teams {
		ws := byTeam[team]
		sent, err := s.warnTeam(ctx, team, ws)
		if err != nil {
			return out, err
		}
		out = append(out, sent...)
	}
	return out, nil
}

func (s *Service) warnTeam(ctx context.Context, team string, ws []Warning) ([]Warning, error) {
	var out []Warning
	now := s.now()
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		out = out[:0]
		for _, w := range ws {
			res, err := tx.ExecContext(ctx, `INSERT INTO termijn_waarschuwingen (zaak_id, deadline, team_id, gewaarschuwd_op)
				VALUES ($1,$2,$3,$4) ON CONFLICT (zaak_id, deadline) DO NOTHING`, w.ZaakID, w.Deadline, w.TeamID, now)
			if err != nil {
				return fmt.Errorf("backoffice: warning: %w", err)
			}
			if n, _ := res.RowsAffected(); n == 1 {
				out = append(out, w)
			}
		}
		if len(out) == 0 || s.Mail == nil {
			return nil
		}
		leads, err := teamLeads(ctx, tx, team)
		if err != nil {
			return err
		}
		var b strings.Builder
		b.WriteString("Beste teamleider,\n\nDe termijn van deze zaken loopt binnenkort af:\n\n")
		for _, w := range out {
			fmt.Fprintf(&b, "- %s, uiterlijk %s: %s\n", w.Identificatie, dutchDate(w.Deadline), w.Omschrijving)
			if s.BaseURL != "" {
				fmt.Fprintf(&b, "  %s/behandelen/zaken/%s\n", s.BaseURL, w.ZaakID)
			}
		}
		b.WriteString("\nBekijk de werkvoorraad van uw team om te zorgen dat ze op tijd klaar zijn.\n\nLoket\n")
		subject := fmt.Sprintf("%d zaken met een termijn die binnenkort afloopt", len(out))
		if len(out) == 1 {
			subject = "1 zaak met een termijn die binnenkort afloopt"
		}
		for _, to := range leads {
			if _, err := s.Mail.QueueTx(ctx, tx, mail.Message{To: to, Subject: subject, Text: b.String(), Bron: "termijnwaarschuwing"}); err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}

func teamLeads(ctx context.Context, tx *sql.Tx, team string) ([]string, error) {
	rows, err := tx.QueryContext(ctx, `SELECT u.email FROM users u JOIN user_roles r ON r.user_id = u.id
		WHERE u.team_id = $1 AND u.active AND r.rol = 'teamleider' AND u.email <> '' ORDER BY u.email`, team)
	if err != nil {
		return nil, fmt.Errorf("backoffice: team leads: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var e string
		if err := rows.Scan(&e); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// WarnArgs is the periodic job that warns team leads.
type WarnArgs struct{}

// Kind names the job.
func (WarnArgs) Kind() string { return "termijn_waarschuwing" }

// WarnWorker runs WarnDeadlines.
type WarnWorker struct {
	river.WorkerDefaults[WarnArgs]
	S *Service
}

// Work is idempotent (one warning per zaak and deadline).
func (w *WarnWorker) Work(ctx context.Context, job *river.Job[WarnArgs]) error {
	ctx = audit.WithActor(ctx, audit.System("termijn_waarschuwing"))
	ws, err := w.S.WarnDeadlines(ctx)
	if err != nil {
		return err
	}
	if len(ws) > 0 {
		w.S.Log.InfoContext(ctx, "deadline warnings sent", "zaken", len(ws))
	}
	return nil
}

// Register adds the warning job to q, run every interval.
func (s *Service) Register(q *jobs.Queue, every time.Duration) {
	jobs.AddWorker(q, &WarnWorker{S: s})
	if every > 0 {
		q.Periodic(every, WarnArgs{}, true)
	}
}
