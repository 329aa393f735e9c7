package raadsrapport

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/google/uuid"
	"github.com/riverqueue/river"

	"github.com/gemeenten/loket/internal/audit"
	"github.com/gemeenten/loket/internal/auth"
	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/jobs"
	"github.com/gemeenten/loket/internal/kto"
	"github.com/gemeenten/loket/internal/rapportage"
)

// Source computes the figures (a *rapportage.Service).
type Source interface {
	Report(ctx context.Context, p rapportage.Period, f rapportage.Filter) (*rapportage.Report, error)
}

// KTOSource gives the survey results (a *kto.Service).
type KTOSource interface {
	Results(ctx context.Context, from, to time.Time, f kto.Filter) (kto.Results, error)
}

// Service makes, stores and lists council reports.
type Service struct {
	DB      *db.DB
	Figures Source
	// KTO is optional: without it the report has no satisfaction section.
	KTO      KTOSource
	Gemeente string
	Now      func() time.Time
	Log      *slog.Logger
}

// New returns a Service.
func New(d *db.DB, figures Source, k KTOSource, gemeente string, now func() time.Time, log *slog.Logger) *Service {
	if now == nil {
		now = time.Now
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Service{DB: d, Figures: figures, KTO: k, Gemeente: gemeente, Now: now, Log: log}
}

// Stored is a generated report (without its documents).
type Stored struct {
	ID            string
	Soort         Soort
	Periode       rapportage.Period
	Titel         string
	Bron          string // "schema" or "handmatig"
	CreatedAt     time.Time
	CreatedByNaam string
	PDFSize       int64
	HTMLSize      int64
}

// Bron values.
const (
	BronSchema    = "schema"
	BronHandmatig = "handmatig"
)

// PeriodFor checks that p is a whole calendar quarter (Kwartaal) or year
// (Jaar): the council reports on those only.
func PeriodFor(soort Soort, p rapportage.Period) error {
	switch soort {
	case Kwartaal:
		if p.From.Day != 1 || (p.From.Month-1)%3 != 0 || p.To != p.From.AddDate(0, 3, 0) {
			return errs.InvalidField("periode", "invalid", "Een kwartaalrapportage gaat over een heel kwartaal: kies een kwartaal.")
		}
	case Jaar:
		if p.From.Day != 1 || p.From.Month != 1 || p.To != p.From.AddDate(1, 0, 0) {
			return errs.InvalidField("periode", "invalid", "Een jaarrapportage gaat over een heel kalenderjaar: kies een jaar.")
		}
	default:
		return errs.InvalidField("soort", "invalid", "Kies een kwartaalrapportage of een jaarrapportage.")
	}
	return nil
}

// Generate makes the report for p now and stores it (bron "handmatig":
// a manager may make a new version whenever the figures changed). Only a
// manager may; the actor in ctx is recorded as its maker.
func (s *Service) Generate(ctx context.Context, soort Soort, p rapportage.Period) (Stored, error) {
	if a := audit.ActorFrom(ctx); a.Kind != "medewerker" || !a.HasRole(auth.RoleManager) {
		return Stored{}, errs.E(errs.Forbidden, "geen_manager", "Alleen een manager kan een raadsrapportage maken.")
	}
	return s.generate(ctx, soort, p, BronHandmatig)
}

const insertSQL = `INSERT INTO raadsrapportages (id, soort, periode_van, periode_tot, titel, bron, created_at,
	created_by_id, created_by_naam, pdf, html) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)`

func (s *Service) generate(ctx context.Context, soort Soort, p rapportage.Period, bron string) (Stored, error) {
	doc, err := s.Build(ctx, soort, p)
	if err != nil {
		return Stored{}, err
	}
	return s.store(ctx, soort, p, bron, doc)
}

func (s *Service) store(ctx context.Context, soort Soort, p rapportage.Period, bron string, doc Document) (Stored, error) {
	pdf, err := doc.PDF()
	if err != nil {
		return Stored{}, err
	}
	html, err := doc.HTML()
	if err != nil {
		return Stored{}, err
	}
	a := audit.ActorFrom(ctx)
	st := Stored{ID: uuid.NewString(), Soort: soort, Periode: p, Titel: doc.Titel, Bron: bron, CreatedAt: doc.Gemaakt,
		CreatedByNaam: a.Name, PDFSize: int64(len(pdf)), HTMLSize: int64(len(html))}
	var by sql.NullString
	if bron == BronSchema || st.CreatedByNaam == "" {
		st.CreatedByNaam = "Loket (automatisch)"
	} else if a.Kind == "medewerker" && a.ID != "" {
		by = sql.NullString{String: a.ID, Valid: true}
	}
	err = s.DB.Tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, insertSQL, st.ID, string(soort), p.From, p.To, st.Titel, bron, st.CreatedAt.UTC(), by,
			st.CreatedByNaam, pdf, html)
		return err
	})
	if db.IsUniqueViolation(err) {
		return Stored{}, errs.E(errs.Conflict, "bestaat_al", "De rapportage over "+p.Label()+" is al gemaakt.")
	}
	if err != nil {
		return Stored{}, fmt.Errorf("raadsrapport: store: %w", err)
	}
	s.Log.InfoContext(ctx, "raadsrapportage gemaakt", "id", st.ID, "periode", p.Label(), "bron", bron, "pdf_bytes", len(pdf), "html_bytes", len(html))
	return st, nil
}

// Build computes the figures of p (for the whole municipality) and makes
// the document, without storing it.
func (s *Service) Build(ctx context.Context, soort Soort, p rapportage.Period) (Document, error) {
	if err := PeriodFor(soort, p); err != nil {
		return Document{}, err
	}
	r, err := s.Figures.Report(ctx, p, rapportage.Filter{})
	if err != nil {
		return Document{}, fmt.Errorf("raadsrapport: figures: %w", err)
	}
	in := Input{Gemeente: s.Gemeente, Soort: soort, Report: r, Gemaakt: s.Now().UTC().Truncate(time.Second)}
	if s.KTO != nil {
		from, to := midnight(p.From), midnight(p.To)
		k, err := s.KTO.Results(ctx, from, to, kto.Filter{})
		if err != nil {
			return Document{}, fmt.Errorf("raadsrapport: kto: %w", err)
		}
		in.KTO = &k
	}
	return Build(in), nil
}

func midnight(d date.Date) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, date.Amsterdam)
}

// LastQuarter is the last whole quarter before the day of now.
func LastQuarter(now time.Time) rapportage.Period {
	today := date.Today(now)
	q := (int(today.Month) - 1) / 3 // the current quarter, 0-based
	y := today.Year
	if q == 0 {
		return rapportage.Kwartaal(y-1, 4)
	}
	return rapportage.Kwartaal(y, q)
}

// Scheduled makes the reports that are due and not yet made: the quarter
// just ended and, after the fourth quarter, the year; a period without any
// contact or zaak is skipped. It makes each at
// most once, however often it runs (and also when two instances run it at
// the same time: the unique index decides). It returns what it made.
func (s *Service) Scheduled(ctx context.Context) ([]Stored, error) {
	q := LastQuarter(s.Now())
	due := []struct {
		soort Soort
		p     rapportage.Period
	}{{Kwartaal, q}}
	if q.From.Month == 10 {
		due = append(due, struct {
			soort Soort
			p     rapportage.Period
		}{Jaar, rapportage.Jaar(q.From.Year)})
	}
	var made []Stored
	for _, d := range due {
		var n int
		if err := s.DB.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM raadsrapportages WHERE bron = 'schema' AND soort = $1 AND periode_van = $2`,
			string(d.soort), d.p.From).Scan(&n); err != nil {
			return made, fmt.Errorf("raadsrapport: scheduled: %w", err)
		}
		if n > 0 {
			continue
		}
		doc, err := s.Build(ctx, d.soort, d.p)
		if err != nil {
			return made, err
		}
		if doc.Leeg {
			// A new installation (or one that starts registering later)
			// gets no empty report; the next run looks again.
			s.Log.InfoContext(ctx, "raadsrapportage overgeslagen: geen contacten of zaken in de periode", "periode", d.p.Label())
			continue
		}
		st, err := s.store(ctx, d.soort, d.p, BronSchema, doc)
		if errs.KindOf(err) == errs.Conflict {
			continue // another run made it meanwhile
		}
		if err != nil {
			return made, err
		}
		made = append(made, st)
	}
	return made, nil
}

// List returns the stored reports, newest period first.
func (s *Service) List(ctx context.Context) ([]Stored, error) {
	rows, err := s.DB.R.QueryContext(ctx, `SELECT id, soort, periode_van, periode_tot, titel, bron, created_at, created_by_naam,
		LENGTH(pdf), LENGTH(html) FROM raadsrapportages ORDER BY periode_van DESC, soort DESC, created_at DESC, id LIMIT 500`)
	if err != nil {
		return nil, fmt.Errorf("raadsrapport: list: %w", err)
	}
	defer rows.Close()
	var out []Stored
	for rows.Next() {
		var st Stored
		var soort string
		if err := rows.Scan(&st.ID, &soort, &st.Periode.From, &st.Periode.To, &st.Titel, &st.Bron, &st.CreatedAt, &st.CreatedByNaam,
			&st.PDFSize, &st.HTMLSize); err != nil {
			return nil, fmt.Errorf("raadsrapport: list: %w", err)
		}
		st.Soort = Soort(soort)
		out = append(out, st)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("raadsrapport: list: %w", err)
	}
	return out, nil
}

// Format of a stored document.
type Format string

const (
	PDF  Format = "pdf"
	HTML Format = "html"
)

// Content returns a stored document and its metadata.
func (s *Service) Content(ctx context.Context, id string, f Format) (Stored, []byte, error) {
	if _, err := uuid.Parse(id); err != nil {
		return Stored{}, nil, errs.NotFoundf("raadsrapportage", id)
	}
	col := "pdf"
	switch f {
	case PDF:
	case HTML:
		col = "html"
	default:
		return Stored{}, nil, errs.InvalidField("formaat", "invalid", "Kies pdf of html.")
	}
	var st Stored
	var soort string
	var body []byte
	// col is one of two constants above.
	err := s.DB.R.QueryRowContext(ctx, `SELECT id, soort, periode_van, periode_tot, titel, bron, created_at, created_by_naam, `+col+`
		FROM raadsrapportages WHERE id = $1`, id).Scan(&st.ID, &soort, &st.Periode.From, &st.Periode.To, &st.Titel, &st.Bron,
		&st.CreatedAt, &st.CreatedByNaam, &body)
	if errors.Is(err, sql.ErrNoRows) {
		return Stored{}, nil, errs.NotFoundf("raadsrapportage", id)
	}
	if err != nil {
		return Stored{}, nil, fmt.Errorf("raadsrapport: content: %w", err)
	}
	st.Soort = Soort(soort)
	return st, body, nil
}

// ScheduleArgs is the periodic job that makes the reports due.
type ScheduleArgs struct{}

// Kind names the job.
func (ScheduleArgs) Kind() string { return "raadsrapport_schema" }

// Worker runs Scheduled.
type Worker struct {
	river.WorkerDefaults[ScheduleArgs]
	Service *Service
}

// Work makes the reports that are due.
func (w *Worker) Work(ctx context.Context, job *river.Job[ScheduleArgs]) error {
	ctx = audit.WithActor(ctx, audit.System("raadsrapportage"))
	made, err := w.Service.Scheduled(ctx)
	if err != nil {
		return err
	}
	if len(made) > 0 {
		w.Service.Log.InfoContext(ctx, "raadsrapportages volgens schema gemaakt", "aantal", len(made))
	}
	return nil
}

// Timeout: a year's report over millions of rows takes seconds, not the
// default minute's worth, but a loaded machine may need more.
func (w *Worker) Timeout(*river.Job[ScheduleArgs]) time.Duration { return 10 * time.Minute }

// Register adds the worker and runs it every interval and at start, so a
// quarter that ended while the server was down gets its report too.
func (s *Service) Register(q *jobs.Queue, every time.Duration) {
	jobs.AddWorker(q, &Worker{Service: s})
	q.Periodic(every, ScheduleArgs{}, true)
}
