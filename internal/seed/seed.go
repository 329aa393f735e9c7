// Package seed fills a database with synthetic volume — zaken with their
// statussen, initiator rollen, resultaten and service-norm instances, and
// klantcontacten — in realistic proportions, fast: multi-row INSERTs in large
// transactions on SQLite, COPY on PostgreSQL.
//
// It writes SQL directly instead of going through the zaak domain package
// (which does a dozen statements and an audit row per change and would take
// hours for a million zaken), so it mirrors what that package writes: the
// same denormalised columns on zaken (status, statustype, resultaat,
// initiator, team, behandelaar), the same legal deadline (termijn.Deadline on
// the legal calendar), planned end date, archive fields and norm instances
// (N1, N2, N4, N5, N8 with the states and settling events of the domain's
// rules), and identificaties drawn from the same identificatie_seq. It writes
// no audit trail: synthetic history has no actor.
package seed

import (
	"context"
	crand "crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"sort"
	"time"

	"github.com/google/uuid"

	"github.com/gemeenten/loket/internal/audit"
	"github.com/gemeenten/loket/internal/auth"
	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/demo"
	"github.com/gemeenten/loket/internal/rapportage"
	"github.com/gemeenten/loket/internal/termijn"
)

// Options say how much to write.
type Options struct {
	Zaken          int
	Klantcontacten int
	// Now is the end of the synthetic history (zero: the current time).
	Now time.Time
	// Progress receives a progress bar updated in place (nil: none).
	Progress io.Writer
	// Years of history before Now (default 3), shortened to the validity of
	// the catalogue.
	Years int
	// Seed makes the proportions reproducible (default 1). Ids are random
	// so that seeding twice adds rather than collides.
	Seed uint64
}

// Run adds opts.Zaken zaken and opts.Klantcontacten klantcontacten to d.
// When d has no published zaaktype it first loads the demo catalogue (and
// its teams) through the domain packages.
func Run(ctx context.Context, d *db.DB, opts Options) error {
	if opts.Zaken < 0 || opts.Klantcontacten < 0 {
		return errors.New("seed: aantallen mogen niet negatief zijn")
	}
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	opts.Now = opts.Now.UTC()
	if opts.Years <= 0 {
		opts.Years = 3
	}
	if opts.Seed == 0 {
		opts.Seed = 1
	}
	if err := ensureCatalogue(ctx, d, opts); err != nil {
		return err
	}
	g, err := newGenerator(ctx, d, opts)
	if err != nil {
		return err
	}
	if d.Engine == db.SQLite {
		// A bulk load on the single writer connection. Frequent automatic
		// checkpoints copy the same index pages from the WAL to the database
		// over and over (at the default of 1000 pages they halved the rate);
		// no checkpoint at all is worse at volume: every page read searches
		// the WAL index, which grows with the WAL (at 14 GB of WAL the rate fell
		// from 80k to 13k rows/s). A checkpoint per 512 MB of WAL keeps both
		// small. The settings are put back to what db.Open sets.
		for _, p := range []string{`PRAGMA cache_size = -65536`, `PRAGMA wal_autocheckpoint = 131072`} {
			if _, err := d.W.ExecContext(ctx, p); err != nil {
				return fmt.Errorf("seed: %s: %w", p, err)
			}
		}
		defer func() {
			bg := context.WithoutCancel(ctx)
			d.W.ExecContext(bg, `PRAGMA cache_size = -32000`)
			d.W.ExecContext(bg, `PRAGMA wal_autocheckpoint = 1000`)
		}()
	}
	g.bar = newProgress(opts.Progress, g.estimateRows(opts.Zaken, opts.Klantcontacten))
	g.w.start(ctx, g.bar.add)
	err = g.zaken(ctx, opts.Zaken)
	if err == nil {
		err = g.klantcontacten(ctx, opts.Klantcontacten)
	}
	if werr := g.w.close(); werr != nil {
		return werr
	}
	if err != nil {
		return err
	}
	if err := g.saveSeq(ctx, "zaak", g.seq); err != nil {
		return err
	}
	if err := g.saveSeq(ctx, "klantcontact", g.nextKC); err != nil {
		return err
	}
	if err := finish(ctx, d); err != nil {
		return err
	}
	g.bar.finish()
	// The report rollups follow changes day by day (triggers mark the days,
	// a refresh recomputes them); after a bulk load every day is marked, and
	// one rebuild is cheaper than refreshing them all.
	rebuildStart := time.Now()
	if err := rapportage.New(d, nil, slog.New(slog.DiscardHandler)).Rebuild(ctx); err != nil {
		return fmt.Errorf("seed: rapportage: %w", err)
	}
	if opts.Progress != nil {
		fmt.Fprintf(opts.Progress, "Rapportagetabellen opnieuw berekend in %s.\n", time.Since(rebuildStart).Round(100*time.Millisecond))
	}
	if opts.Progress != nil {
		fmt.Fprintf(opts.Progress, "%s zaken en %s klantcontacten toegevoegd: %s rijen in %s (%s rijen/s)\n",
			thousands(opts.Zaken), thousands(opts.Klantcontacten), thousands(g.bar.done),
			time.Since(g.bar.start).Round(100*time.Millisecond), thousands(int(g.bar.rate())))
	}
	return nil
}

// ensureCatalogue loads the demo catalogue when there is no published zaaktype.
func ensureCatalogue(ctx context.Context, d *db.DB, opts Options) error {
	var n int
	if err := d.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM zaaktypen WHERE concept = $1`, false).Scan(&n); err != nil {
		return fmt.Errorf("seed: count zaaktypen: %w", err)
	}
	if n > 0 {
		return nil
	}
	ctx = audit.WithActor(ctx, audit.System("seed"))
	begin := opts.Now.AddDate(-opts.Years, -1, 0)
	clk := func() time.Time { return begin }
	teams := map[string]string{}
	rows, err := d.R.QueryContext(ctx, `SELECT id, code FROM teams`)
	if err != nil {
		return fmt.Errorf("seed: teams: %w", err)
	}
	for rows.Next() {
		var id, code string
		if err := rows.Scan(&id, &code); err != nil {
			rows.Close()
			return err
		}
		teams[code] = id
	}
	rows.Close()
	if len(teams) == 0 {
		svc, err := auth.New(ctx, d, auth.Config{Now: clk})
		if err != nil {
			return err
		}
		for _, t := range demo.Teams() {
			team, err := svc.CreateTeam(ctx, auth.Team{Code: t.Code, Naam: t.Naam, Email: t.Email, Telefoon: t.Telefoon,
				ContactverzoekSLAWerkdagen: t.SLAWerkdagen})
			if err != nil {
				return fmt.Errorf("seed: team %s: %w", t.Code, err)
			}
			teams[t.Code] = team.ID
		}
	}
	if err := demo.LoadCatalogue(ctx, d, clk, date.Of(begin), teams); err != nil {
		return fmt.Errorf("seed: catalogus: %w", err)
	}
	return nil
}

// finish refreshes the planner statistics and, on SQLite, checkpoints the
// WAL into the database file.
func finish(ctx context.Context, d *db.DB) error {
	stmts := []string{`ANALYZE zaken`, `ANALYZE statussen`, `ANALYZE rollen`, `ANALYZE zaak_normen`, `ANALYZE klantcontacten`}
	if d.Engine == db.SQLite {
		// A sampled ANALYZE: enough for the planner, seconds instead of minutes.
		stmts = []string{`PRAGMA analysis_limit = 1000`, `ANALYZE`, `PRAGMA wal_checkpoint(TRUNCATE)`}
	}
	conn, err := d.W.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	for _, s := range stmts {
		if _, err := conn.ExecContext(ctx, s); err != nil {
			return fmt.Errorf("seed: %s: %w", s, err)
		}
	}
	return nil
}

// ---- catalogue as the generator sees it ----

type resultaatType struct {
	id            uuid.UUID
	nominatie     string
	actietermijn  termijn.Duration
	termijn       bool // afleidingswijze termijn
	procestermijn termijn.Duration
	weight        float64
}

type zaakType struct {
	id             uuid.UUID
	ident          string
	omschrijving   string
	vertr          string
	producten      string
	bron           string // RSIN of the catalogus
	doorloop       termijn.Duration
	servicenorm    termijn.Duration
	complex        bool
	team           uuid.UUID
	begin          date.Date
	statustypen    []uuid.UUID
	resultaten     []resultaatType
	resultCum      []float64
	initiatorRol   uuid.UUID
	weight         float64
	digitaal       float64
	bedrijf        float64
	omschrijvingen []string
	behandelaars   []uuid.UUID
}

type user struct {
	id   uuid.UUID
	team uuid.UUID
}

func parseUUID(s string) uuid.UUID {
	u, _ := uuid.Parse(s)
	return u
}

func nullUUID(s sql.NullString) uuid.UUID {
	if !s.Valid {
		return uuid.Nil
	}
	return parseUUID(s.String)
}

func loadZaakTypen(ctx context.Context, d *db.DB, today date.Date) ([]*zaakType, error) {
	defs := map[string]demo.ZaakTypeDef{}
	for _, def := range demo.ZaakTypen() {
		defs[def.Identificatie] = def
	}
	rows, err := d.R.QueryContext(ctx, `SELECT z.id, z.identificatie, z.omschrijving, z.vertrouwelijkheidaanduiding,
		z.producten_of_diensten, c.rsin, z.doorlooptijd, z.servicenorm, z.complex, z.team_id, z.begin_geldigheid
		FROM zaaktypen z JOIN catalogi c ON c.id = z.catalogus_id
		WHERE z.concept = $1 AND z.begin_geldigheid <= $2 AND (z.einde_geldigheid IS NULL OR z.einde_geldigheid >= $2)
		ORDER BY z.identificatie, z.begin_geldigheid`, false, today)
	if err != nil {
		return nil, fmt.Errorf("seed: zaaktypen: %w", err)
	}
	var out []*zaakType
	for rows.Next() {
		var z zaakType
		var id, doorloop, sn string
		var team sql.NullString
		if err := rows.Scan(&id, &z.ident, &z.omschrijving, &z.vertr, &z.producten, &z.bron, &doorloop, &sn,
			&z.complex, &team, &z.begin); err != nil {
			rows.Close()
			return nil, fmt.Errorf("seed: scan zaaktype: %w", err)
		}
		z.id, z.team = parseUUID(id), nullUUID(team)
		if z.doorloop, err = termijn.ParseDuration(doorloop); err != nil {
			continue
		}
		if sn != "" {
			z.servicenorm, _ = termijn.ParseDuration(sn)
		}
		z.weight, z.digitaal, z.omschrijvingen = 10, 0.5, []string{z.omschrijving}
		if def, ok := defs[z.ident]; ok {
			z.weight, z.digitaal, z.bedrijf, z.omschrijvingen = float64(def.Weight), def.Digitaal, def.Bedrijf, def.Omschrijvingen
		}
		out = append(out, &z)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var usable []*zaakType
	for _, z := range out {
		if err := z.loadParts(ctx, d, defs[z.ident]); err != nil {
			return nil, err
		}
		if len(z.statustypen) >= 1 && len(z.resultaten) >= 1 && z.initiatorRol != uuid.Nil {
			usable = append(usable, z)
		}
	}
	if len(usable) == 0 {
		return nil, errors.New("seed: de catalogus heeft geen bruikbaar zaaktype (statustypen, resultaattype en roltype initiator)")
	}
	return usable, nil
}

func (z *zaakType) loadParts(ctx context.Context, d *db.DB, def demo.ZaakTypeDef) error {
	rows, err := d.R.QueryContext(ctx, `SELECT id FROM statustypen WHERE zaaktype_id = $1 ORDER BY volgnummer`, z.id.String())
	if err != nil {
		return fmt.Errorf("seed: statustypen: %w", err)
	}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return err
		}
		z.statustypen = append(z.statustypen, parseUUID(id))
	}
	rows.Close()
	weights := map[string]int{}
	for _, r := range def.Resultaattypen {
		weights[r.Omschrijving] = r.Weight
	}
	rows, err = d.R.QueryContext(ctx, `SELECT id, omschrijving, archiefnominatie, archiefactietermijn,
		brondatum_afleidingswijze, brondatum_procestermijn FROM resultaattypen WHERE zaaktype_id = $1 ORDER BY omschrijving`, z.id.String())
	if err != nil {
		return fmt.Errorf("seed: resultaattypen: %w", err)
	}
	total := 0.0
	for rows.Next() {
		var id, oms, nom, at, afl, pt string
		if err := rows.Scan(&id, &oms, &nom, &at, &afl, &pt); err != nil {
			rows.Close()
			return err
		}
		r := resultaatType{id: parseUUID(id), nominatie: nom, termijn: afl == "termijn", weight: 10}
		if w, ok := weights[oms]; ok {
			r.weight = float64(w)
		}
		r.actietermijn, _ = termijn.ParseDuration(at)
		r.procestermijn, _ = termijn.ParseDuration(pt)
		z.resultaten = append(z.resultaten, r)
		total += r.weight
		z.resultCum = append(z.resultCum, total)
	}
	rows.Close()
	var rol string
	err = d.R.QueryRowContext(ctx, `SELECT id FROM roltypen WHERE zaaktype_id = $1 AND omschrijving_generiek = 'initiator'
		ORDER BY omschrijving LIMIT 1`, z.id.String()).Scan(&rol)
	if err == nil {
		z.initiatorRol = parseUUID(rol)
	} else if !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("seed: roltype: %w", err)
	}
	return nil
}

func loadUsers(ctx context.Context, d *db.DB, rol string) ([]user, error) {
	rows, err := d.R.QueryContext(ctx, `SELECT u.id, u.team_id FROM users u JOIN user_roles r ON r.user_id = u.id
		WHERE r.rol = $1 AND u.active = $2 ORDER BY u.username`, rol, true)
	if err != nil {
		return nil, fmt.Errorf("seed: users: %w", err)
	}
	defer rows.Close()
	var out []user
	for rows.Next() {
		var id string
		var team sql.NullString
		if err := rows.Scan(&id, &team); err != nil {
			return nil, err
		}
		out = append(out, user{id: parseUUID(id), team: nullUUID(team)})
	}
	return out, rows.Err()
}

// ---- the generator ----

type generator struct {
	d      *db.DB
	opts   Options
	r      *rand.Rand // proportions
	ids    *rand.Rand // ids
	today  date.Date
	from   time.Time // start of the history window
	legal  *termijn.Calendar
	oper   *termijn.Calendar
	zts    []*zaakType
	ztCum  []float64
	kcc    []user
	teams  map[string]uuid.UUID
	bsns   []string
	bedr   []bedrijf
	bar    *progress
	w      *writer
	seq    map[int]int64 // identificatie counter per year
	nextKC map[int]int64
	// zaken that a contact may have started, by position in time.
	started   []startedZaak
	deadlines map[uint64]date.Date
}

type startedZaak struct {
	id    uuid.UUID
	zt    int32
	at    time.Time
	party int32 // index into bsns (≥0) or −1−index into bedr
}

type bedrijf struct {
	kvk, naam string
}

const chunkRows = 60000

func newGenerator(ctx context.Context, d *db.DB, opts Options) (*generator, error) {
	today := date.Today(opts.Now)
	zts, err := loadZaakTypen(ctx, d, today)
	if err != nil {
		return nil, err
	}
	oper, err := termijn.LoadOperational(ctx, d.R)
	if err != nil {
		return nil, fmt.Errorf("seed: %w", err)
	}
	var seedBytes [16]byte
	_, _ = crand.Read(seedBytes[:])
	g := &generator{
		d: d, opts: opts, today: today, legal: termijn.Legal(), oper: oper, zts: zts,
		r:   rand.New(rand.NewPCG(opts.Seed, 0x10ce7)),
		ids: rand.New(rand.NewPCG(le64(seedBytes[:8]), le64(seedBytes[8:]))),
		seq: map[int]int64{}, nextKC: map[int]int64{}, teams: map[string]uuid.UUID{},
		deadlines: map[uint64]date.Date{},
	}
	g.from = opts.Now.AddDate(-opts.Years, 0, 0)
	for _, z := range zts {
		if b := z.begin.Time().Add(24 * time.Hour); b.After(g.from) {
			g.from = b
		}
	}
	if !g.from.Before(opts.Now) {
		g.from = opts.Now.Add(-24 * time.Hour)
	}
	behandelaars, err := loadUsers(ctx, d, "behandelaar")
	if err != nil {
		return nil, err
	}
	for _, z := range zts {
		for _, u := range behandelaars {
			if u.team == z.team {
				z.behandelaars = append(z.behandelaars, u.id)
			}
		}
	}
	if g.kcc, err = loadUsers(ctx, d, "kcc"); err != nil {
		return nil, err
	}
	rows, err := d.R.QueryContext(ctx, `SELECT id, code FROM teams`)
	if err != nil {
		return nil, fmt.Errorf("seed: teams: %w", err)
	}
	for rows.Next() {
		var id, code string
		if err := rows.Scan(&id, &code); err != nil {
			rows.Close()
			return nil, err
		}
		g.teams[code] = parseUUID(id)
	}
	rows.Close()
	total := 0.0
	for _, z := range zts {
		total += z.weight
		g.ztCum = append(g.ztCum, total)
	}
	// A synthetic population: roughly one citizen per three zaken, so
	// people come back, as they do.
	pop := max(1000, (opts.Zaken+opts.Klantcontacten/4)/3)
	g.bsns = demo.BSNPool(min(pop, 9000000))
	nb := max(100, pop/20)
	g.bedr = make([]bedrijf, nb)
	for i := range g.bedr {
		g.bedr[i] = bedrijf{kvk: fmt.Sprintf("%08d", 10000000+i*37%89999999), naam: bedrijfsnaam(g.r, i)}
	}
	g.w = newWriter(d, tZaken, tStatussen, tRollen, tResultaten, tNormen, tKlantcontacten)
	return g, nil
}

func le64(b []byte) uint64 {
	var v uint64
	for i := range 8 {
		v |= uint64(b[i]) << (8 * i)
	}
	return v
}

func (g *generator) estimateRows(zaken, kc int) int { return zaken*93/10 + kc }

// newID is a UUIDv7 for moment t: 48 bits of Unix milliseconds, then
// random bits. Because the history is generated in time order, the ids of
// every table arrive almost sorted, so primary-key and zaak_id indexes grow
// at their right edge instead of touching a random page per row — the
// difference between minutes and hours at a million zaken.
func (g *generator) newID(t time.Time) uuid.UUID {
	var u uuid.UUID
	ms := uint64(t.UnixMilli())
	a, b := g.ids.Uint64(), g.ids.Uint64()
	for i := range 6 {
		u[i] = byte(ms >> (8 * (5 - i)))
	}
	for i := 6; i < 8; i++ {
		u[i] = byte(a >> (8 * i))
	}
	for i := range 8 {
		u[8+i] = byte(b >> (8 * i))
	}
	u[6] = (u[6] & 0x0f) | 0x70 // version 7
	u[8] = (u[8] & 0x3f) | 0x80 // RFC 9562 variant
	return u
}

func pick(r *rand.Rand, cum []float64) int {
	x := r.Float64() * cum[len(cum)-1]
	return sort.SearchFloat64s(cum, x)
}

func (g *generator) flush(ctx context.Context) error { return g.w.flush() }

// nextIdent draws the next identificatie of a year, continuing after what
// the database already has (identificatie_seq and any higher number taken).
func (g *generator) nextIdent(ctx context.Context, scope, prefix, bron string, year int, seq map[int]int64) (string, error) {
	n, ok := seq[year]
	if !ok {
		err := g.d.R.QueryRowContext(ctx, `SELECT last FROM identificatie_seq WHERE scope = $1 AND jaar = $2`, scope, year).Scan(&n)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return "", fmt.Errorf("seed: identificatie_seq: %w", err)
		}
		// A number chosen by hand above the sequence must not be handed out
		// again. LIKE rather than a range: a range on text depends on the
		// collation, and PostgreSQL's default ones ignore the dashes.
		var maxIdent sql.NullString
		lo := fmt.Sprintf("%s-%d-", prefix, year)
		q := `SELECT MAX(identificatie) FROM zaken WHERE bronorganisatie = $1 AND identificatie LIKE $2`
		args := []any{bron, lo + "__________"} // exactly ten digits
		if scope == "klantcontact" {
			q = `SELECT MAX(nummer) FROM klantcontacten WHERE nummer LIKE $1`
			args = []any{lo + "__________"}
		}
		if err := g.d.R.QueryRowContext(ctx, q, args...).Scan(&maxIdent); err != nil {
			return "", fmt.Errorf("seed: max identificatie: %w", err)
		}
		if maxIdent.Valid && len(maxIdent.String) == len(lo)+10 {
			var m int64
			if _, err := fmt.Sscanf(maxIdent.String[len(lo):], "%d", &m); err == nil && m > n {
				n = m
			}
		}
	}
	n++
	seq[year] = n
	return fmt.Sprintf("%s-%d-%010d", prefix, year, n), nil
}

func (g *generator) saveSeq(ctx context.Context, scope string, seq map[int]int64) error {
	return g.d.Tx(ctx, func(tx *sql.Tx) error {
		for year, n := range seq {
			if _, err := tx.ExecContext(ctx, `INSERT INTO identificatie_seq (scope, jaar, last) VALUES ($1, $2, $3)
				ON CONFLICT (scope, jaar) DO UPDATE SET last = CASE WHEN identificatie_seq.last < excluded.last
				THEN excluded.last ELSE identificatie_seq.last END`, scope, year, n); err != nil {
				return fmt.Errorf("seed: identificatie_seq: %w", err)
			}
		}
		return nil
	})
}

func (g *generator) deadline(zi int, z *zaakType, start date.Date) date.Date {
	key := uint64(zi)<<32 | uint64(start.Time().Unix()/86400)
	if d, ok := g.deadlines[key]; ok {
		return d
	}
	d := termijn.Deadline(start, z.doorloop, g.legal, termijn.Options{}).End
	g.deadlines[key] = d
	return d
}

// at is a moment on day d in Amsterdam, minutes after midnight.
func at(d date.Date, minutes int) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, minutes, 0, 0, date.Amsterdam).UTC()
}

func officeMinutes(r *rand.Rand) int { return 8*60 + 30 + r.IntN(8*60+30) }

var kanalenBalie = []string{"balie", "telefoon", "email", "post"}
