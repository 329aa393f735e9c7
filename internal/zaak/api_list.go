package zaak

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/errs"
)

// The Zaken API (ZGW 1.5.1) lists zaken with many more filters than the
// pages need, with page-number paging, a total count, and authorisation
// filtered at the source (zrc-006). APIList is that query; it lives here so
// that the SQL stays next to the schema it reads.

// APIGrant lets a client see the zaken of one zaaktype up to a
// vertrouwelijkheidaanduiding (inclusive).
type APIGrant struct {
	ZaakTypeID           string
	MaxVertrouwelijkheid string
}

// APIAccess is what a client may see: everything, or the zaken its grants
// cover. The zero value sees nothing.
type APIAccess struct {
	All    bool
	Grants []APIGrant
}

// DateCond compares a date column: Field is the ZGW name (startdatum,
// registratiedatum, einddatum, einddatumGepland,
// uiterlijkeEinddatumAfdoening, archiefactiedatum) and Op one of "=", ">",
// ">=", "<", "<=".
type DateCond struct {
	Field string
	Op    string
	Value date.Date
}

// RolCond selects zaken that have a rol matching every set field.
// IdentKey/IdentValue match one key of the betrokkeneIdentificatie (e.g.
// "inpBsn") of a betrokkene of BetrokkeneType.
type RolCond struct {
	BetrokkeneType       string
	Betrokkene           string
	OmschrijvingGeneriek string
	IdentKey             string
	IdentValue           string
}

// APIFilter is the query of GET /zaken and POST /zaken/_zoek.
type APIFilter struct {
	Access           APIAccess
	IDs              []string // uuid__in
	Identificatie    string
	Bronorganisaties []string
	ZaakTypeIDs      []string
	// NoMatch makes the result empty (e.g. a zaaktype URL of another
	// catalogue, which no zaak here can have).
	NoMatch              bool
	Archiefnominaties    []string
	Archiefstatussen     []string
	Dates                []DateCond
	IsNull               map[string]bool // einddatum, archiefactiedatum
	Rollen               []RolCond
	MaxVertrouwelijkheid string
	// Ordering is a list of ZGW field names, "-" for descending: startdatum,
	// einddatum, publicatiedatum, archiefactiedatum.
	Ordering []string
	Page     int // 1-based
	PageSize int
}

var apiDateCols = map[string]string{
	"startdatum":                   "z.startdatum",
	"registratiedatum":             "z.registratiedatum",
	"einddatum":                    "z.einddatum",
	"einddatumGepland":             "z.einddatum_gepland",
	"uiterlijkeEinddatumAfdoening": "z.uiterlijke_einddatum_afdoening",
	"archiefactiedatum":            "z.archiefactiedatum",
	"publicatiedatum":              "z.publicatiedatum",
}

// VertrouwelijkheidUpTo lists the aanduidingen up to and including max, in
// order; nil when max is unknown.
func VertrouwelijkheidUpTo(max string) []string {
	for i, v := range Vertrouwelijkheidaanduidingen {
		if v == max {
			return Vertrouwelijkheidaanduidingen[:i+1]
		}
	}
	return nil
}

func inList(w *where, col string, vals []string) string {
	ps := make([]string, len(vals))
	for i, v := range vals {
		ps[i] = w.p(v)
	}
	return col + " IN (" + strings.Join(ps, ", ") + ")"
}

// accessCond is the SQL condition of a; "" when a sees everything.
func accessCond(w *where, a APIAccess, zaaktypeCol, vertrCol string) string {
	if a.All {
		return ""
	}
	var ors []string
	for _, g := range a.Grants {
		levels := VertrouwelijkheidUpTo(g.MaxVertrouwelijkheid)
		if len(levels) == 0 || !db.ValidUUID(g.ZaakTypeID) {
			continue
		}
		ors = append(ors, "("+zaaktypeCol+" = "+w.p(g.ZaakTypeID)+" AND "+inList(w, vertrCol, levels)+")")
	}
	if len(ors) == 0 {
		return "1 = 0"
	}
	return "(" + strings.Join(ors, " OR ") + ")"
}

// rolIdentPattern is a LIKE pattern that finds key=value in the
// betrokkene_identificatie JSON as encoding/json wrote it (compact, same
// escaping), so the same condition works on both engines.
func rolIdentPattern(key, value string) string {
	k, _ := json.Marshal(key)
	v, _ := json.Marshal(value)
	return "%" + db.LikeEscape(string(k)+":"+string(v)) + "%"
}

// rolIdentColumns are the identificatie keys that prepareRol copies into
// ident_value (indexed) with their ident_type; other keys are matched in the
// JSON.
var rolIdentColumns = map[string]string{
	"natuurlijk_persoon/inpBsn":              "bsn",
	"vestiging/vestigingsNummer":             "vestigingsnummer",
	"medewerker/identificatie":               "medewerker",
	"organisatorische_eenheid/identificatie": "organisatorische_eenheid",
}

// RolIdentCond is the SQL condition on rollen r for one identificatie key.
func rolIdentCond(w *where, betrokkeneType, key, value string) string {
	if t, ok := rolIdentColumns[betrokkeneType+"/"+key]; ok {
		return "r.ident_value = " + w.p(value) + " AND r.ident_type = " + w.p(t) +
			" AND r.betrokkene_type = " + w.p(betrokkeneType)
	}
	return "r.betrokkene_type = " + w.p(betrokkeneType) + " AND r.betrokkene_identificatie LIKE " +
		w.p(rolIdentPattern(key, value)) + ` ESCAPE '\'`
}

func (f *APIFilter) where() (*where, error) {
	w := &where{}
	var fe errs.Fields
	if f.NoMatch {
		w.add("1 = 0")
	}
	if c := accessCond(w, f.Access, "z.zaaktype_id", "z.vertrouwelijkheidaanduiding"); c != "" {
		w.add(c)
	}
	if len(f.IDs) > 0 {
		ok := validUUIDs(f.IDs)
		if len(ok) == 0 {
			w.add("1 = 0")
		} else {
			w.add(inList(w, "z.id", ok))
		}
	}
	if f.Identificatie != "" {
		w.add("z.identificatie = " + w.p(f.Identificatie))
	}
	if len(f.Bronorganisaties) > 0 {
		w.add(inList(w, "z.bronorganisatie", f.Bronorganisaties))
	}
	if len(f.ZaakTypeIDs) > 0 {
		ok := validUUIDs(f.ZaakTypeIDs)
		if len(ok) == 0 {
			w.add("1 = 0")
		} else if len(ok) == 1 {
			// The zaaktype is written into the query, not bound: PostgreSQL
			// gives a prepared statement a generic plan after a few runs, and
			// a generic plan cannot see how rare the zaaktype is, so it walks
			// the start-date index filtering on zaaktype (8 ms instead of 0.3
			// for a zaaktype with a few thousand of a million zaken). One
			// statement per zaaktype gets the plan of its own value. ValidUUID
			// admits only hex digits and dashes.
			w.add("z.zaaktype_id = '" + ok[0] + "'")
		} else {
			w.add(inList(w, "z.zaaktype_id", ok))
		}
	}
	if len(f.Archiefnominaties) > 0 {
		w.add(inList(w, "z.archiefnominatie", f.Archiefnominaties))
	}
	if len(f.Archiefstatussen) > 0 {
		w.add(inList(w, "z.archiefstatus", f.Archiefstatussen))
	}
	for _, d := range f.Dates {
		col, ok := apiDateCols[d.Field]
		if !ok {
			fe.Add(d.Field, "invalid", "Op dit veld kan niet op datum worden gefilterd.")
			continue
		}
		switch d.Op {
		case "=", ">", ">=", "<", "<=":
		default:
			fe.Add(d.Field, "invalid", "Onbekende vergelijking.")
			continue
		}
		w.add(col + " " + d.Op + " " + w.p(d.Value))
	}
	for field, isNull := range f.IsNull {
		col, ok := apiDateCols[field]
		if !ok {
			fe.Add(field+"__isnull", "invalid", "Op dit veld kan niet op leeg worden gefilterd.")
			continue
		}
		if isNull {
			w.add(col + " IS NULL")
		} else {
			w.add(col + " IS NOT NULL")
		}
	}
	for _, rc := range f.Rollen {
		var conds []string
		if rc.BetrokkeneType != "" {
			conds = append(conds, "r.betrokkene_type = "+w.p(rc.BetrokkeneType))
		}
		if rc.Betrokkene != "" {
			conds = append(conds, "r.betrokkene = "+w.p(rc.Betrokkene))
		}
		if rc.OmschrijvingGeneriek != "" {
			conds = append(conds, "r.omschrijving_generiek = "+w.p(rc.OmschrijvingGeneriek))
		}
		if rc.IdentKey != "" {
			conds = append(conds, rolIdentCond(w, rc.BetrokkeneType, rc.IdentKey, rc.IdentValue))
		}
		if len(conds) == 0 {
			continue
		}
		w.add("z.id IN (SELECT r.zaak_id FROM rollen r WHERE " + strings.Join(conds, " AND ") + ")")
	}
	if f.MaxVertrouwelijkheid != "" {
		levels := VertrouwelijkheidUpTo(f.MaxVertrouwelijkheid)
		if levels == nil {
			fe.Add("maximaleVertrouwelijkheidaanduiding", "invalid_choice", "Onbekende vertrouwelijkheidaanduiding.")
		} else if len(levels) < len(Vertrouwelijkheidaanduidingen) {
			w.add(inList(w, "z.vertrouwelijkheidaanduiding", levels))
		}
	}
	return w, fe.Err()
}

var apiOrderCols = map[string]string{
	"startdatum":        "z.startdatum",
	"einddatum":         "z.einddatum",
	"publicatiedatum":   "z.publicatiedatum",
	"archiefactiedatum": "z.archiefactiedatum",
}

func (f *APIFilter) orderBy() (string, error) {
	var parts []string
	last := "DESC"
	for _, o := range f.Ordering {
		o = strings.TrimSpace(o)
		if o == "" {
			continue
		}
		dir := "ASC"
		name := o
		if strings.HasPrefix(o, "-") {
			dir, name = "DESC", o[1:]
		}
		col, ok := apiOrderCols[name]
		if !ok {
			return "", errs.InvalidField("ordering", "invalid_choice",
				"Sorteer op startdatum, einddatum, publicatiedatum of archiefactiedatum (met '-' voor aflopend).")
		}
		parts = append(parts, col+" "+dir)
		last = dir
	}
	if len(parts) == 0 {
		// Newest first; the id (a UUIDv7, time-ordered) makes the order total
		// so that pages never overlap.
		return " ORDER BY z.startdatum DESC, z.id DESC", nil
	}
	return " ORDER BY " + strings.Join(parts, ", ") + ", z.id " + last, nil
}

// APIRef is one zaak on a list page: its id and api_versie, the version of
// its API representation. Triggers raise api_versie on every change to the
// zaak row and to every part the representation lists (migration 0028), so
// (ID, Versie) names one rendering of the zaak, whatever wrote the change.
type APIRef struct {
	ID     string
	Versie int64
}

// APIListRefs returns one page of zaken as refs, and the total number that
// match. The page query reads the list index and one column of each row;
// the handler renders only the zaken it has no current rendering of
// (APIGetMany).
func (s *Service) APIListRefs(ctx context.Context, f APIFilter) ([]APIRef, int, error) {
	w, err := f.where()
	if err != nil {
		return nil, 0, err
	}
	order, err := f.orderBy()
	if err != nil {
		return nil, 0, err
	}
	size := f.PageSize
	if size <= 0 {
		size = 100
	}
	page := max(f.Page, 1)
	offset := (page - 1) * size
	rows, err := s.readQuery(ctx, `SELECT z.id, z.api_versie FROM zaken z`+w.sql()+order+
		fmt.Sprintf(" LIMIT %d OFFSET %d", size, offset), w.args...)
	if err != nil {
		return nil, 0, fmt.Errorf("zaak: api list: %w", err)
	}
	defer rows.Close()
	out := make([]APIRef, 0, size)
	for rows.Next() {
		var r APIRef
		if err := rows.Scan(&r.ID, &r.Versie); err != nil {
			return nil, 0, fmt.Errorf("zaak: api list: scan: %w", err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("zaak: api list: %w", err)
	}
	n, err := s.pageCount(ctx, `SELECT COUNT(*) FROM zaken z`+w.sql(), w.args, len(out), size, offset)
	if err != nil {
		return nil, 0, err
	}
	return out, n, nil
}

// pageCount is the total number of matches of a list of which one page
// (got rows of at most size, from offset) has been read. A page that is
// not full is the last one, so it tells the count itself, from the same
// snapshot: a search for one citizen's zaken needs no second query. Only a
// full page (or an empty one past the first) runs countQuery, through the
// count cache. That count may come from a later snapshot than the page; it
// is never less than what the page shows.
func (s *Service) pageCount(ctx context.Context, countQuery string, args []any, got, size, offset int) (int, error) {
	if got < size && (got > 0 || offset == 0) {
		return offset + got, nil
	}
	n, err := s.apiCount(ctx, countQuery, args)
	if err != nil {
		return 0, err
	}
	return max(n, offset+got), nil
}

// APIGetMany returns the rows of the zaken ids, in no particular order and
// without those deleted meanwhile, each with the APIVersie it was read at.
// Read the parts (APIPartsOf) after this, never before: then a rendering is
// never older than the version it is stored under.
func (s *Service) APIGetMany(ctx context.Context, ids []string) ([]*Zaak, error) {
	ok := validUUIDs(ids)
	if len(ok) == 0 {
		return nil, nil
	}
	w := &where{}
	in := inList(w, "id", padIDs(ok))
	rows, err := s.readQuery(ctx, `SELECT api_versie, `+zaakCols+` FROM zaken WHERE `+in, w.args...)
	if err != nil {
		return nil, fmt.Errorf("zaak: api get many: %w", err)
	}
	defer rows.Close()
	out := make([]*Zaak, 0, len(ok))
	for rows.Next() {
		var versie int64
		z, err := scanZaak(versieScanner{rows, &versie})
		if err != nil {
			return nil, fmt.Errorf("zaak: api get many: scan: %w", err)
		}
		z.APIVersie = versie
		z.ZaakType.ID = z.ZaakTypeID
		out = append(out, z)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("zaak: api get many: %w", err)
	}
	return out, nil
}

// validUUIDs keeps the ids that are UUIDs: anything else matches no row,
// and must not reach a UUID column on PostgreSQL.
func validUUIDs(ids []string) []string {
	var ok []string
	for _, id := range ids {
		if db.ValidUUID(id) {
			ok = append(ok, id)
		}
	}
	return ok
}

// versieScanner reads a leading api_versie column before the zaakCols that
// scanZaak reads.
type versieScanner struct {
	r      rowScanner
	versie *int64
}

func (v versieScanner) Scan(dest ...any) error {
	return v.r.Scan(append([]any{v.versie}, dest...)...)
}

// APIParts are the ids of the parts of one zaak that its ZGW representation
// lists as URLs.
type APIParts struct {
	Deelzaken              []string
	Eigenschappen          []string
	Rollen                 []string
	Zaakinformatieobjecten []string
	Zaakobjecten           []string
	Relaties               []Relatie
}

// APIPartsOf returns the parts of the zaken ids in two queries (one for
// the URL lists, one for the relaties), for a list page or a single zaak.
func (s *Service) APIPartsOf(ctx context.Context, ids []string) (map[string]*APIParts, error) {
	out := make(map[string]*APIParts, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	for _, id := range ids {
		out[id] = &APIParts{}
	}
	// The IN list is padded to a few fixed sizes (repeating an id), so that
	// a page reuses one of a handful of prepared statements.
	padded := padIDs(ids)
	w := &where{}
	in := inList(w, "x", padded)
	cond := func(col string) string { return strings.Replace(in, "x IN", col+" IN", 1) }
	q := `SELECT 1, hoofdzaak_id, id, identificatie FROM zaken WHERE ` + cond("hoofdzaak_id") + `
		UNION ALL SELECT 2, zaak_id, id, naam FROM zaakeigenschappen WHERE ` + cond("zaak_id") + `
		UNION ALL SELECT 3, zaak_id, id, CAST(registratiedatum AS TEXT) FROM rollen WHERE ` + cond("zaak_id") + `
		UNION ALL SELECT 4, zaak_id, id, CAST(registratiedatum AS TEXT) FROM zaakinformatieobjecten WHERE ` + cond("zaak_id") + `
		UNION ALL SELECT 5, zaak_id, id, CAST(created_at AS TEXT) FROM zaakobjecten WHERE ` + cond("zaak_id") + `
		ORDER BY 1, 2, 4, 3`
	rows, err := s.readQuery(ctx, q, w.args...)
	if err != nil {
		return nil, fmt.Errorf("zaak: api parts: %w", err)
	}
	for rows.Next() {
		var kind int
		var zaakID, id, sortKey string
		if err := rows.Scan(&kind, &zaakID, &id, &sortKey); err != nil {
			rows.Close()
			return nil, fmt.Errorf("zaak: api parts: %w", err)
		}
		p := out[zaakID]
		if p == nil {
			continue
		}
		switch kind {
		case 1:
			p.Deelzaken = append(p.Deelzaken, id)
		case 2:
			p.Eigenschappen = append(p.Eigenschappen, id)
		case 3:
			p.Rollen = append(p.Rollen, id)
		case 4:
			p.Zaakinformatieobjecten = append(p.Zaakinformatieobjecten, id)
		case 5:
			p.Zaakobjecten = append(p.Zaakobjecten, id)
		}
	}
	err = rows.Err()
	rows.Close()
	if err != nil {
		return nil, fmt.Errorf("zaak: api parts: %w", err)
	}
	rows, err = s.readQuery(ctx, `SELECT id, zaak_id, andere_zaak_id, url, aard_relatie, overige_relatie,
		toelichting FROM zaak_relaties WHERE `+cond("zaak_id")+` ORDER BY id`, w.args...)
	if err != nil {
		return nil, fmt.Errorf("zaak: api relaties: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var r Relatie
		var andere sql.NullString
		if err := rows.Scan(&r.ID, &r.ZaakID, &andere, &r.URL, &r.AardRelatie, &r.OverigeRelatie, &r.Toelichting); err != nil {
			return nil, fmt.Errorf("zaak: api relaties: %w", err)
		}
		r.AndereZaakID = andere.String
		if p := out[r.ZaakID]; p != nil {
			p.Relaties = append(p.Relaties, r)
		}
	}
	return out, rows.Err()
}

func padIDs(ids []string) []string {
	size := len(ids)
	for _, n := range []int{1, 10, 25, 50, 100} {
		if len(ids) <= n {
			size = n
			break
		}
	}
	out := append(make([]string, 0, size), ids...)
	for len(out) < size {
		out = append(out, ids[0])
	}
	return out
}

// readStmts caches prepared read statements per read pool on SQLite,
// where compiling a statement costs about as much as running a small one
// (pgx caches statements on PostgreSQL by itself). The cache is bounded:
// queries are built from a small set of filter combinations.
var readStmts sync.Map // readKey → *sql.Stmt

type readKey struct {
	pool  *sql.DB
	query string
}

var readStmtCount atomic.Int64

const maxReadStmts = 512

func (s *Service) readQuery(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if s.DB.Engine != db.SQLite {
		return s.DB.R.QueryContext(ctx, query, args...)
	}
	k := readKey{s.DB.R, query}
	if v, ok := readStmts.Load(k); ok {
		return v.(*sql.Stmt).QueryContext(ctx, args...)
	}
	if readStmtCount.Load() >= maxReadStmts {
		return s.DB.R.QueryContext(ctx, query, args...)
	}
	st, err := s.DB.R.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	if v, loaded := readStmts.LoadOrStore(k, st); loaded {
		st.Close()
		st = v.(*sql.Stmt)
	} else {
		readStmtCount.Add(1)
	}
	return st.QueryContext(ctx, args...)
}

func (s *Service) readRow(ctx context.Context, query string, args ...any) *sql.Row {
	if s.DB.Engine != db.SQLite {
		return s.DB.R.QueryRowContext(ctx, query, args...)
	}
	k := readKey{s.DB.R, query}
	if v, ok := readStmts.Load(k); ok {
		return v.(*sql.Stmt).QueryRowContext(ctx, args...)
	}
	if readStmtCount.Load() < maxReadStmts {
		if st, err := s.DB.R.PrepareContext(ctx, query); err == nil {
			if v, loaded := readStmts.LoadOrStore(k, st); loaded {
				st.Close()
				st = v.(*sql.Stmt)
			} else {
				readStmtCount.Add(1)
			}
			return st.QueryRowContext(ctx, args...)
		}
	}
	return s.DB.R.QueryRowContext(ctx, query, args...)
}

// APIGet returns a zaak's own row, without the parts and without the
// zaaktype and statustype details the pages show.
func (s *Service) APIGet(ctx context.Context, id string) (*Zaak, error) {
	if !db.ValidUUID(id) {
		return nil, errs.NotFoundf("zaak", id)
	}
	z, err := scanZaak(s.readRow(ctx, `SELECT `+zaakCols+` FROM zaken WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.NotFoundf("zaak", id)
	}
	if err != nil {
		return nil, fmt.Errorf("zaak: api get: %w", err)
	}
	z.ZaakType.ID = z.ZaakTypeID
	return z, nil
}

// APIGeometries returns the zaakgeometrie (GeoJSON) of every zaak that has
// one and matches f (without paging), for the geo search of POST
// /zaken/_zoek, which the handler does in Go on both engines.
func (s *Service) APIGeometries(ctx context.Context, f APIFilter) (map[string]string, error) {
	w, err := f.where()
	if err != nil {
		return nil, err
	}
	w.add("z.zaakgeometrie <> ''")
	rows, err := s.DB.R.QueryContext(ctx, `SELECT z.id, z.zaakgeometrie FROM zaken z`+w.sql(), w.args...)
	if err != nil {
		return nil, fmt.Errorf("zaak: api geometries: %w", err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var id, g string
		if err := rows.Scan(&id, &g); err != nil {
			return nil, fmt.Errorf("zaak: api geometries: %w", err)
		}
		out[id] = g
	}
	return out, rows.Err()
}
