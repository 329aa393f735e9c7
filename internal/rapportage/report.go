// Package rapportage computes the management and council figures of
// DESIGN.md §4.2–4.3: the KCC KPIs, service-norm compliance, lead times,
// open stock, channels and PIP use, for any period, compared with the
// previous period and the same period a year earlier.
//
// Every KPI is defined once, in kpi.go (Definitions) and in docs/kpi.md.
// The figures come from daily rollup tables (migration 0021) so a quarter
// over millions of rows is read from a few thousand rollup rows. Database
// triggers mark the days a change touches (old and new values) in the
// change's own transaction, whatever write path made it — including the
// paths that emit no event (norm sweeps, contact updates, bulk loads);
// Refresh recomputes exactly those days from the base tables, and Report
// refreshes first, so a report is always exact as of its start. Rebuild
// recomputes everything (after `loket seed`, or `loket rapportage rebuild`).
package rapportage

import (
	"context"
	"database/sql"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/db"
)

// Period is a span of civil days in Europe/Amsterdam: From inclusive, To
// exclusive.
type Period struct {
	From, To date.Date
}

// Filter narrows a report. Empty fields do not filter. Team leads are
// restricted to their own team by the caller (the dashboard), not here.
type Filter struct {
	// Kanaal filters contacts and zaken on their channel of intake.
	Kanaal string
	// TeamID filters contacts, zaken, norms and contactverzoeken on the
	// team that handled them (a zaak's current team).
	TeamID string
	// ZaaktypeID filters zaken and norms on the zaaktype and contacts on
	// their subject's zaaktype.
	ZaaktypeID string
}

// Ratio is a fraction; Den 0 means "no data" (shown as "–", never as 0 %).
type Ratio struct {
	Num, Den int64
}

// Direction says which way a goal points.
type Direction string

const (
	// AtLeast: met when the value is ≥ the goal.
	AtLeast Direction = "min"
	// AtMost: met when the value is ≤ the goal.
	AtMost Direction = "max"
	// Down: met when the value is lower than a year earlier (herhaalcontact).
	Down Direction = "omlaag"
)

// Goal is a KPI's target: a percentage and its direction.
type Goal struct {
	Pct       float64
	Direction Direction
	// Text is the goal as the council is told, e.g. "≥ 95 %".
	Text string
}

// KPI is one figure with its goal and trend.
type KPI struct {
	Key        string // e.g. "direct_beantwoord", "norm_N4"
	Naam       string // Dutch name, e.g. "Direct beantwoord"
	Definitie  string // Dutch definition (numerator ÷ denominator, period rule)
	Doel       Goal
	Waarde     Ratio // the period
	Vorige     Ratio // the previous period
	JaarEerder Ratio // the same period a year earlier
	// Gehaald is whether the goal is met in the period (false without data).
	Gehaald bool
}

// Telling is a count in the period and its comparisons.
type Telling struct {
	Key, Label                 string
	Aantal, Vorige, JaarEerder int64
}

// Groep is a ratio for one team or zaaktype (service norms).
type Groep struct {
	ID, Naam string
	Waarde   Ratio
	Gehaald  bool
}

// Doorlooptijd is the lead time of zaken closed in the period, per
// zaaktype, in calendar days from registratiedatum to einddatum. Median and
// P90 are exact (the rollup keeps a histogram per whole day).
type Doorlooptijd struct {
	ZaaktypeID, Naam string
	Afgehandeld      int64
	Mediaan, P90     int
	// Termijn is the legal term (the zaaktype's doorlooptijd) in days, 0
	// when it is not given in days or weeks.
	Termijn int
	// BinnenTermijn: closed on or before the legal deadline (which moves
	// with suspension and extension) ÷ closed.
	BinnenTermijn Ratio
}

// Voorraad is the open stock as of Peildatum (today: stock is a snapshot,
// not a period figure).
type Voorraad struct {
	Peildatum date.Date
	// Open zaken; Risico: open and the legal deadline today or in the next
	// 6 days (the week N4 leaves); TeLaat: open and past the legal deadline.
	Open, Risico, TeLaat int64
}

// PIPGebruik counts logins to the citizen portal in a period.
type PIPGebruik struct {
	Gebruikers, Logins                     int64
	GebruikersVorige, LoginsVorige         int64
	GebruikersJaarEerder, LoginsJaarEerder int64
}

// KCC holds the contact-centre figures.
type KCC struct {
	Totaal       Telling
	PerKanaal    []Telling
	PerUitkomst  []Telling
	PerOnderwerp []Telling // the 25 largest subjects, largest first
	// KPIs: direct_beantwoord, een_keer_afgehandeld, doorverbonden,
	// klant_belt_terug, contactverzoek_op_tijd, herhaalcontact.
	KPIs []KPI
	// DirectPerKanaal is direct beantwoord per channel (the goal applies
	// per channel, DESIGN §4.3).
	DirectPerKanaal []KPI
}

// Normen holds service-norm compliance, lead times and stock.
type Normen struct {
	Totaal         KPI   // all norms together
	PerNorm        []KPI // N1..N8, keys "norm_N1"…
	PerTeam        []Groep
	PerZaaktype    []Groep
	Doorlooptijden []Doorlooptijd
	Voorraad       Voorraad
}

// Kanalen holds the channel-shift figures.
type Kanalen struct {
	// Digitaal: zaken started through a web form ÷ all zaken started.
	Digitaal KPI
	// Groei is the growth of the number of zaken started digitally against
	// the same period a year earlier (goal +20 %); GroeiOK false when the
	// year earlier has none.
	Groei          float64
	GroeiOK        bool
	GroeiGehaald   bool
	ZakenPerKanaal []Telling
	// EFormulier: published products (PDC) with an e-form ÷ published
	// products, a snapshot as of today.
	EFormulier KPI
	PIP        PIPGebruik
}

// Punt is one step of the time series (a week for periods up to 13 weeks,
// else a month).
type Punt struct {
	Periode          Period
	Label            string
	Contacten        int64
	DirectBeantwoord int64
	ZakenGestart     int64
	ZakenDigitaal    int64
	NormMet          int64
	NormBreached     int64
}

// Report is everything the dashboard and the council report show.
type Report struct {
	Periode, Vorige, JaarEerder Period
	Filter                      Filter
	Gemaakt                     time.Time
	KCC                         KCC
	Normen                      Normen
	Kanalen                     Kanalen
	Reeks                       []Punt
}

// ZaakRegel is one zaak behind a figure.
type ZaakRegel struct {
	ID, Identificatie, ZaaktypeID, Zaaktype, TeamID, Kanaal string
	Registratiedatum, UiterlijkeEinddatum                   date.Date
	Einddatum                                               *date.Date
	// Norm and NormState are set for norm figures.
	Norm, NormState string
}

// ContactRegel is one klantcontact behind a figure. It holds no personal
// data beyond the party type: the page that shows it links to the contact.
type ContactRegel struct {
	ID, Nummer, Kanaal, Uitkomst, Onderwerp, TeamID, PartijType string
	PlaatsgevondenOp                                            time.Time
}

// PageSize is the number of rows per drill-down page.
const PageSize = 50

// ZaakLijst is one page of a drill-down.
type ZaakLijst struct {
	Regels []ZaakRegel
	Totaal int64
	Pagina int
}

// ContactLijst is one page of a drill-down.
type ContactLijst struct {
	Regels []ContactRegel
	Totaal int64
	Pagina int
}

// Service computes reports. Now is the clock (stock and snapshots).
type Service struct {
	DB  *db.DB
	Now func() time.Time
	Log *slog.Logger

	// statements counts the read statements sent (benchmarks report round
	// trips per report).
	statements atomic.Int64
}

// New returns a Service on d; now nil means time.Now.
func New(d *db.DB, now func() time.Time, log *slog.Logger) *Service {
	if now == nil {
		now = time.Now
	}
	if log == nil {
		log = slog.Default()
	}
	return &Service{DB: d, Now: now, Log: log}
}

func (s *Service) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	s.statements.Add(1)
	return s.DB.R.QueryContext(ctx, q, args...)
}

func (s *Service) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	s.statements.Add(1)
	return s.DB.R.QueryRowContext(ctx, q, args...)
}
