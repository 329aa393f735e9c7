package zaak

import (
	"context"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	"github.com/gemeenten/loket/internal/audit"
	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/errs"
)

// Get returns the zaak with all its parts: current status and statustype,
// zaaktype summary, status history, resultaat, rollen, eigenschappen,
// objecten, relaties, deelzaken, opschortingen, verlengingen,
// ingebrekestellingen and norms. Logging the read of a person's data
// (audit.LogAccess) is the caller's job: only it knows the reason.
func (s *Service) Get(ctx context.Context, id string) (*Zaak, error) {
	q := s.DB.R
	z, err := s.get(ctx, q, id)
	if err != nil {
		return nil, err
	}
	if z.Statussen, err = listStatussen(ctx, q, id); err != nil {
		return nil, err
	}
	for i := range z.Statussen {
		if z.Statussen[i].ID == z.StatusID {
			st := z.Statussen[i]
			z.Status, z.StatusType = &st, &st.StatusType
		}
	}
	if z.ResultaatID != "" {
		if z.Resultaat, err = getResultaat(ctx, q, id); err != nil {
			return nil, err
		}
	}
	if z.Rollen, err = listRollen(ctx, q, id); err != nil {
		return nil, err
	}
	if z.Eigenschappen, err = listEigenschappen(ctx, q, id); err != nil {
		return nil, err
	}
	if z.Objecten, err = listObjecten(ctx, q, id); err != nil {
		return nil, err
	}
	if z.Relaties, err = listRelaties(ctx, q, id); err != nil {
		return nil, err
	}
	if z.Deelzaken, err = listDeelzaken(ctx, q, id); err != nil {
		return nil, err
	}
	if z.Opschortingen, err = listOpschortingen(ctx, q, id); err != nil {
		return nil, err
	}
	if z.Verlengingen, err = listVerlengingen(ctx, q, id); err != nil {
		return nil, err
	}
	if z.Ingebrekestellingen, err = listIngebrekestellingen(ctx, q, id); err != nil {
		return nil, err
	}
	if z.Normen, err = listNorms(ctx, q, id); err != nil {
		return nil, err
	}
	return z, nil
}

const listCols = `z.id, z.identificatie, z.bronorganisatie, z.verantwoordelijke_organisatie, z.zaaktype_id, z.omschrijving,
	z.toelichting, z.startdatum, z.registratiedatum, z.einddatum_gepland, z.uiterlijke_einddatum_afdoening, z.einddatum,
	z.publicatiedatum, z.kanaal, z.communicatiekanaal, z.communicatiekanaal_naam, z.producten_of_diensten,
	z.vertrouwelijkheidaanduiding, z.betalingsindicatie, z.laatste_betaaldatum, z.zaakgeometrie, z.hoofdzaak_id,
	z.selectielijstklasse, z.archiefnominatie, z.archiefstatus, z.archiefactiedatum, z.startdatum_bewaartermijn,
	z.opdrachtgevende_organisatie, z.processobjectaard, z.kenmerken, z.opschorting_indicatie, z.opschorting_reden,
	z.opschorting_eerdere, z.verlenging_reden, z.verlenging_duur, z.status_id, z.statustype_id, z.resultaat_id,
	z.initiator_type, z.initiator_id, z.initiator_naam, z.team_id, z.behandelaar_id, z.created_at, z.updated_at,
	z.processobject, COALESCE(zt.identificatie, ''), COALESCE(zt.omschrijving, ''), COALESCE(zt.doorlooptijd, ''),
	COALESCE(zt.servicenorm, ''), COALESCE(st.volgnummer, 0), COALESCE(st.omschrijving, ''), COALESCE(st.statustekst, '')`

const listFrom = ` FROM zaken z LEFT JOIN zaaktypen zt ON zt.id = z.zaaktype_id LEFT JOIN statustypen st ON st.id = z.statustype_id`

type multiScanner struct {
	dest []any
	r    rowScanner
}

func (m multiScanner) Scan(dest ...any) error { return m.r.Scan(append(dest, m.dest...)...) }

func scanListed(r rowScanner) (*Zaak, error) {
	var zt ZaakTypeSummary
	var st StatusTypeRef
	z, err := scanZaak(multiScanner{r: r, dest: []any{&zt.Identificatie, &zt.Omschrijving, &zt.Doorlooptijd,
		&zt.Servicenorm, &st.Volgnummer, &st.Omschrijving, &st.Statustekst}})
	if err != nil {
		return nil, err
	}
	zt.ID = z.ZaakTypeID
	z.ZaakType = zt
	if z.StatusTypeID != "" {
		st.ID = z.StatusTypeID
		z.StatusType = &st
	}
	return z, nil
}

func (s *Service) get(ctx context.Context, q db.Queryer, id string) (*Zaak, error) {
	if !db.ValidUUID(id) {
		return nil, errs.NotFoundf("zaak", id)
	}
	z, err := scanListed(q.QueryRowContext(ctx, `SELECT `+listCols+listFrom+` WHERE z.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.NotFoundf("zaak", id)
	}
	if err != nil {
		return nil, fmt.Errorf("zaak: get: %w", err)
	}
	zt, err := loadZaakType(ctx, q, z.ZaakTypeID)
	if err == nil {
		z.ZaakType = zt.summary()
	}
	if z.StatusType != nil {
		var maxV int
		if err := q.QueryRowContext(ctx, `SELECT COALESCE(MAX(volgnummer), 0) FROM statustypen WHERE zaaktype_id = $1`,
			z.ZaakTypeID).Scan(&maxV); err == nil {
			z.StatusType.IsEindstatus = z.StatusType.Volgnummer == maxV
		}
	}
	return z, nil
}

func listDeelzaken(ctx context.Context, q db.Queryer, id string) ([]ZaakRef, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, identificatie, omschrijving, einddatum, resultaat_id IS NOT NULL
		FROM zaken WHERE hoofdzaak_id = $1 ORDER BY identificatie`, id)
	if err != nil {
		return nil, fmt.Errorf("zaak: deelzaken: %w", err)
	}
	defer rows.Close()
	var out []ZaakRef
	for rows.Next() {
		var r ZaakRef
		if err := rows.Scan(&r.ID, &r.Identificatie, &r.Omschrijving, &r.Einddatum, &r.HasResultaat); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// Ref is what other packages (documents, besluiten) need to know of a zaak.
type Ref struct {
	ID                          string
	Identificatie               string
	Bronorganisatie             string
	ZaakTypeID                  string
	Einddatum                   date.Date
	Archiefstatus               string
	Vertrouwelijkheidaanduiding string
}

// Lookup finds a zaak for another package, inside its transaction or not.
func Lookup(ctx context.Context, q db.Queryer, id string) (*Ref, error) {
	if !db.ValidUUID(id) {
		return nil, errs.NotFoundf("zaak", id)
	}
	var r Ref
	err := q.QueryRowContext(ctx, `SELECT id, identificatie, bronorganisatie, zaaktype_id, einddatum, archiefstatus,
		vertrouwelijkheidaanduiding FROM zaken WHERE id = $1`, id).Scan(&r.ID, &r.Identificatie, &r.Bronorganisatie,
		&r.ZaakTypeID, &r.Einddatum, &r.Archiefstatus, &r.Vertrouwelijkheidaanduiding)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.NotFoundf("zaak", id)
	}
	if err != nil {
		return nil, fmt.Errorf("zaak: lookup: %w", err)
	}
	return &r, nil
}

// EnsureOpen is Lookup that also refuses a closed zaak (Conflict
// "zaak-afgesloten") unless ctx carries WithForcedUpdate.
func EnsureOpen(ctx context.Context, q db.Queryer, id string) (*Ref, error) {
	r, err := Lookup(ctx, q, id)
	if err != nil {
		return nil, err
	}
	if !r.Einddatum.IsZero() && !forced(ctx) {
		return nil, errClosed()
	}
	return r, nil
}

// History is the status history and the audit trail of a zaak.
type History struct {
	Statussen []Status
	Audit     []audit.Row
}

// History returns the statussen (with statustype names) and the audit trail.
func (s *Service) History(ctx context.Context, zaakID string) (*History, error) {
	if _, err := Lookup(ctx, s.DB.R, zaakID); err != nil {
		return nil, err
	}
	st, err := listStatussen(ctx, s.DB.R, zaakID)
	if err != nil {
		return nil, err
	}
	a, err := audit.ForZaak(ctx, s.DB.R, zaakID)
	if err != nil {
		return nil, err
	}
	return &History{Statussen: st, Audit: a}, nil
}

// Orderings of List.
const (
	OrderDeadline       = "deadline"      // uiterlijke einddatum afdoening, earliest first (default)
	OrderStartdatumDesc = "-startdatum"   // newest first
	OrderIdentificatie  = "identificatie" // ascending
)

// MaxPageSize is the largest page List returns.
const MaxPageSize = 100

// CountCap is where List stops counting by default: beyond it Total is
// CountCap and TotalCapped is set ("more than 1,000"). Counting stops early
// so that a count over a million zaken costs no more than reading a
// thousand index entries; Filter.CountUpTo raises the cap.
const CountCap = 1000

// MaxCountUpTo is the highest Filter.CountUpTo honoured.
const MaxCountUpTo = 100000

// Filter selects and orders zaken.
type Filter struct {
	ZaakTypeID      string
	StatusTypeID    string
	Open            *bool  // nil: all; true: without einddatum; false: closed
	InitiatorIdent  string // the initiator's BSN, KvK-nummer, vestigingsnummer or RSIN
	BetrokkeneIdent string // any rol's identifying number
	TeamID          string
	BehandelaarID   string
	HoofdzaakID     string
	Bronorganisatie string
	Identificatie   string // exact
	StartdatumVan   date.Date
	StartdatumTot   date.Date // inclusive
	DeadlineVan     date.Date
	DeadlineTot     date.Date // inclusive
	Tekst           string    // in identificatie or omschrijving
	Order           string
	Limit           int    // default 20, at most MaxPageSize
	Offset          int    // for page-number paging; ignored with After
	After           string // keyset cursor: Page.Next of the previous page
	Count           bool   // compute Total (capped at CountCap)
	CountUpTo       int    // cap for Total instead of CountCap (at most MaxCountUpTo)
}

// Page is one page of List.
type Page struct {
	Items       []*Zaak
	Total       int  // only with Filter.Count
	TotalCapped bool // Total is CountCap and there are more
	Next        string
}

type where struct {
	conds []string
	args  []any
}

func (w *where) p(v any) string {
	w.args = append(w.args, v)
	return fmt.Sprintf("$%d", len(w.args))
}

func (w *where) add(cond string) { w.conds = append(w.conds, cond) }

func (w *where) sql() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}

// List returns a page of zaken. Every filter is an indexed column of
// zaken (the initiator is denormalised into it), and the default ordering
// by deadline runs on an index, so a page costs the same at a million zaken
// as at a thousand. Total is optional and counts at most CountCap rows.
func (s *Service) List(ctx context.Context, f Filter) (*Page, error) {
	lq, err := s.buildList(f)
	if err != nil {
		return nil, err
	}
	page := &Page{}
	if f.Count {
		var n int
		err := s.DB.R.QueryRowContext(ctx, lq.count, lq.countArgs...).Scan(&n)
		if err != nil {
			return nil, fmt.Errorf("zaak: count: %w", err)
		}
		page.Total, page.TotalCapped = min(n, lq.countCap), n > lq.countCap
	}
	rows, err := s.DB.R.QueryContext(ctx, lq.query, lq.args...)
	if err != nil {
		return nil, fmt.Errorf("zaak: list: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		z, err := scanListed(rows)
		if err != nil {
			return nil, fmt.Errorf("zaak: list: scan: %w", err)
		}
		page.Items = append(page.Items, z)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("zaak: list: %w", err)
	}
	if len(page.Items) > lq.limit {
		page.Items = page.Items[:lq.limit]
		last := page.Items[lq.limit-1]
		var v string
		switch lq.col {
		case "z.uiterlijke_einddatum_afdoening":
			v = last.UiterlijkeEinddatumAfdoening.String()
		case "z.startdatum":
			v = last.Startdatum.String()
		default:
			v = last.Identificatie
		}
		page.Next = encodeCursor(v, last.ID)
	}
	return page, nil
}

// ExplainList returns the database's query plan for the page query of f
// (EXPLAIN QUERY PLAN on SQLite, EXPLAIN on PostgreSQL), for checking that a
// filter runs on an index.
func (s *Service) ExplainList(ctx context.Context, f Filter) (string, error) {
	lq, err := s.buildList(f)
	if err != nil {
		return "", err
	}
	prefix := "EXPLAIN "
	if s.DB.Engine == db.SQLite {
		prefix = "EXPLAIN QUERY PLAN "
	}
	rows, err := s.DB.R.QueryContext(ctx, prefix+lq.query, lq.args...)
	if err != nil {
		return "", fmt.Errorf("zaak: explain: %w", err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var b strings.Builder
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return "", err
		}
		fmt.Fprintln(&b, vals[len(vals)-1])
	}
	return b.String(), rows.Err()
}

type listQuery struct {
	query, count    string
	args, countArgs []any
	limit           int
	col             string
	countCap        int
}

func (s *Service) buildList(f Filter) (*listQuery, error) {
	var w where
	var fe errs.Fields
	uuidFilter := func(field, col, v string) {
		if v == "" {
			return
		}
		if !db.ValidUUID(v) {
			fe.Add(field, "invalid", "Dit is geen geldige id.")
			return
		}
		w.add(col + " = " + w.p(v))
	}
	uuidFilter("zaaktype", "z.zaaktype_id", f.ZaakTypeID)
	uuidFilter("statustype", "z.statustype_id", f.StatusTypeID)
	uuidFilter("team", "z.team_id", f.TeamID)
	uuidFilter("behandelaar", "z.behandelaar_id", f.BehandelaarID)
	uuidFilter("hoofdzaak", "z.hoofdzaak_id", f.HoofdzaakID)
	if f.Open != nil {
		if *f.Open {
			w.add("z.einddatum IS NULL")
		} else {
			w.add("z.einddatum IS NOT NULL")
		}
	}
	if f.InitiatorIdent != "" {
		w.add("z.initiator_id = " + w.p(f.InitiatorIdent))
	}
	if f.BetrokkeneIdent != "" {
		w.add("z.id IN (SELECT r.zaak_id FROM rollen r WHERE r.ident_value = " + w.p(f.BetrokkeneIdent) + ")")
	}
	if f.Bronorganisatie != "" {
		w.add("z.bronorganisatie = " + w.p(f.Bronorganisatie))
	}
	if f.Identificatie != "" {
		w.add("z.identificatie = " + w.p(f.Identificatie))
	}
	if !f.StartdatumVan.IsZero() {
		w.add("z.startdatum >= " + w.p(f.StartdatumVan))
	}
	if !f.StartdatumTot.IsZero() {
		w.add("z.startdatum <= " + w.p(f.StartdatumTot))
	}
	if !f.DeadlineVan.IsZero() {
		w.add("z.uiterlijke_einddatum_afdoening >= " + w.p(f.DeadlineVan))
	}
	if !f.DeadlineTot.IsZero() {
		w.add("z.uiterlijke_einddatum_afdoening <= " + w.p(f.DeadlineTot))
	}
	if t := trim(f.Tekst); t != "" {
		p := w.p("%" + db.LikeEscape(t) + "%")
		w.add("(" + s.DB.ILike("z.identificatie", p) + " OR " + s.DB.ILike("z.omschrijving", p) + ")")
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 20
	}
	if limit > MaxPageSize {
		fe.Add("limit", "max_value", fmt.Sprintf("Hoogstens %d zaken per pagina.", MaxPageSize))
	}
	var col, dir string
	switch f.Order {
	case "", OrderDeadline:
		col, dir = "z.uiterlijke_einddatum_afdoening", "ASC"
	case OrderStartdatumDesc:
		col, dir = "z.startdatum", "DESC"
	case OrderIdentificatie:
		col, dir = "z.identificatie", "ASC"
	default:
		fe.Add("ordering", "invalid_choice", "Sorteer op deadline, -startdatum of identificatie.")
	}
	if err := fe.Err(); err != nil {
		return nil, err
	}
	lq := &listQuery{limit: limit, col: col, countCap: CountCap}
	if f.CountUpTo > 0 {
		lq.countCap = min(f.CountUpTo, MaxCountUpTo)
	}
	lq.count = `SELECT COUNT(*) FROM (SELECT 1 FROM zaken z` + w.sql() + fmt.Sprintf(` LIMIT %d) t`, lq.countCap+1)
	lq.countArgs = append([]any(nil), w.args...)
	cmp := ">"
	if dir == "DESC" {
		cmp = "<"
	}
	offset := f.Offset
	if f.After != "" {
		v, id, ok := decodeCursor(f.After)
		if !ok {
			return nil, errs.InvalidField("after", "invalid", "Ongeldige paginaverwijzing.")
		}
		w.add("(" + col + ", z.id) " + cmp + " (" + w.p(v) + ", " + w.p(id) + ")")
		offset = 0
	}
	from := listFrom
	if s.DB.Engine == db.SQLite && f.Open != nil && *f.Open && f.InitiatorIdent != "" && col == "z.uiterlijke_einddatum_afdoening" {
		// A customer's open zaken by deadline (the klantbeeld, the PIP):
		// the partial index (0026b) holds exactly those, in page order.
		// SQLite's planner, with statistics that say a customer has two
		// zaken, picks the index of all their zaken and sorts — a thousand
		// row reads for the busiest customer instead of a few.
		from = strings.Replace(listFrom, " FROM zaken z ", " FROM zaken z INDEXED BY zaken_initiator_open_idx ", 1)
	}
	lq.query = `SELECT ` + listCols + from + w.sql() + ` ORDER BY ` + col + ` ` + dir + `, z.id ` + dir +
		fmt.Sprintf(` LIMIT %d OFFSET %d`, limit+1, offset)
	lq.args = w.args
	return lq, nil
}

func encodeCursor(v, id string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(v + "\x00" + id))
}

func decodeCursor(c string) (string, string, bool) {
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil {
		return "", "", false
	}
	v, id, ok := strings.Cut(string(b), "\x00")
	if !ok || !db.ValidUUID(id) {
		return "", "", false
	}
	return v, id, true
}
