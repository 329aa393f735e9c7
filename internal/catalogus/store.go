// Package catalogus is the zaaktypecatalogus (ZTC): catalogi, zaaktypen and
// their statustypen, resultaattypen, roltypen and eigenschappen,
// informatieobjecttypen and besluittypen, with the ZGW Catalogi API 1.3
// rules: validation, concept → published (ztc-009, ztc-010), corrections,
// versions (ztc-016) and the brondatum rules of resultaattypen (ztc-003..008).
//
// Reads are package functions taking a db.Queryer so that other packages can
// call them inside their own transaction. Writes are Store methods; each runs
// in one transaction together with its audit record.
package catalogus

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gemeenten/loket/internal/audit"
	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/event"
)

// Store writes the catalogue.
type Store struct {
	DB  *db.DB
	Now func() time.Time // nil means time.Now
	// Events receives every change in its transaction (ZGW notifications,
	// see events.go); nil means nobody listens.
	Events event.Sink

	tx *sql.Tx
}

// New returns a Store on d with the given clock (nil for time.Now).
func New(d *db.DB, now func() time.Time) *Store { return &Store{DB: d, Now: now} }

// InTx returns a Store whose writes join tx instead of opening their own
// transaction (the demo loader builds a whole catalogue in one). When a write
// returns an error the caller must roll tx back.
func (s *Store) InTx(tx *sql.Tx) *Store {
	c := *s
	c.tx = tx
	return &c
}

// Options modify a write.
type Options struct {
	// Correctie permits changing a published type or the subresources of a
	// published zaaktype (ZGW "correctie"; the API grants it with the scope
	// catalogi.geforceerd-schrijven). It never permits deleting them.
	Correctie bool
}

func (s *Store) now() time.Time {
	if s.Now != nil {
		return s.Now().UTC()
	}
	return time.Now().UTC()
}

func (s *Store) today() date.Date { return date.Today(s.now()) }

func (s *Store) write(ctx context.Context, fn func(tx *sql.Tx) error) error {
	if s.tx != nil {
		return fn(s.tx)
	}
	return s.DB.Tx(ctx, fn)
}

// Queryer returns the connection reads should use outside a transaction.
func (s *Store) reader() db.Queryer {
	if s.tx != nil {
		return s.tx
	}
	return s.DB.R
}

func (s *Store) record(ctx context.Context, tx *sql.Tx, resource, id, weergave, hoofd, actie string, old, new any) error {
	if err := s.emit(ctx, tx, resource, id, hoofd, actie, old, new); err != nil {
		return err
	}
	return audit.Record(ctx, tx, audit.Entry{
		Bron:             "ZTC",
		HoofdObject:      hoofd,
		Resource:         resource,
		ResourceID:       id,
		ResourceWeergave: weergave,
		Actie:            actie,
		Old:              old,
		New:              new,
		At:               s.now(),
	})
}

// Page asks for one page of a list; zero values mean page 1 of 100.
type Page struct {
	Page     int
	PageSize int
}

// DefaultPageSize is the ZGW page size.
const DefaultPageSize = 100

func (p Page) limitOffset() (int, int) {
	size := p.PageSize
	if size <= 0 {
		size = DefaultPageSize
	}
	page := max(p.Page, 1)
	return size, (page - 1) * size
}

// List is one page of results and the total number of matches.
type List[T any] struct {
	Items []T
	Total int
}

// where builds a WHERE clause with numbered placeholders.
type where struct {
	conds []string
	args  []any
}

func (w *where) add(cond string, args ...any) {
	// cond uses ? for each argument, replaced by the next $n.
	for _, a := range args {
		w.args = append(w.args, a)
		cond = strings.Replace(cond, "?", "$"+strconv.Itoa(len(w.args)), 1)
	}
	w.conds = append(w.conds, cond)
}

func (w *where) next() string { return "$" + strconv.Itoa(len(w.args)+1) }

func (w *where) String() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}

func listPage[T any](ctx context.Context, q db.Queryer, countSQL, selectSQL string, w *where, order string, p Page, scan func(scanner) (T, error)) (List[T], error) {
	var out List[T]
	if err := q.QueryRowContext(ctx, countSQL+w.String(), w.args...).Scan(&out.Total); err != nil {
		return out, fmt.Errorf("catalogus: count: %w", err)
	}
	limit, offset := p.limitOffset()
	args := append(append([]any{}, w.args...), limit, offset)
	n := len(w.args)
	rows, err := q.QueryContext(ctx, fmt.Sprintf("%s%s ORDER BY %s LIMIT $%d OFFSET $%d", selectSQL, w.String(), order, n+1, n+2), args...)
	if err != nil {
		return out, fmt.Errorf("catalogus: list: %w", err)
	}
	defer rows.Close()
	out.Items = []T{}
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return out, err
		}
		out.Items = append(out.Items, v)
	}
	return out, rows.Err()
}

type scanner interface{ Scan(dest ...any) error }

func placeholders(from, n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString("$" + strconv.Itoa(from+i))
	}
	return b.String()
}

// assignments renders "a = $2, b = $3, ..." for cols starting at $from.
func assignments(cols []string, from int) string {
	parts := make([]string, len(cols))
	for i, c := range cols {
		parts[i] = c + " = $" + strconv.Itoa(from+i)
	}
	return strings.Join(parts, ", ")
}

func jsonList(v []string) string {
	if v == nil {
		v = []string{}
	}
	b, _ := json.Marshal(v)
	return string(b)
}

func parseJSONList(s string) ([]string, error) {
	out := []string{}
	if s == "" {
		return out, nil
	}
	if err := json.Unmarshal([]byte(s), &out); err != nil {
		return nil, fmt.Errorf("catalogus: stored list %q: %w", s, err)
	}
	return out, nil
}

func nullable(id string) any {
	if id == "" {
		return nil
	}
	return id
}

func notFound(what, id string, err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return errs.NotFoundf(what, id)
	}
	return fmt.Errorf("catalogus: load %s %s: %w", what, id, err)
}

// errPublished is ztc-009: a published type changes only by correctie.
func errPublished(what string) error {
	return errs.E(errs.Conflict, "non-concept-object",
		fmt.Sprintf("Het %s is gepubliceerd en kan niet meer gewijzigd worden (alleen eindeGeldigheid of met een correctie).", what))
}

// errPublishedDelete is ztc-009/ztc-010 for DELETE: only with
// WithGeforceerdVerwijderen.
func errPublishedDelete(what string) error {
	return errs.E(errs.Conflict, "non-concept-object",
		fmt.Sprintf("Het %s is gepubliceerd en kan niet verwijderd worden.", what))
}

// errPublishedZaakType is ztc-010.
func errPublishedZaakType(what string) error {
	return errs.E(errs.Conflict, "non-concept-zaaktype",
		fmt.Sprintf("Het zaaktype is gepubliceerd; een %s kan daarom niet meer toegevoegd, gewijzigd of verwijderd worden (behalve met een correctie).", what))
}

// writeErr classifies a failed write: a unique violation that a concurrent
// write slipped past the validation's check becomes the same field error.
func writeErr(err error, what, field, reason string) error {
	if db.IsUniqueViolation(err) {
		return errs.InvalidField(field, "unique", reason)
	}
	return fmt.Errorf("catalogus: %s: %w", what, err)
}

// lockVersions serialises the writes that check ztc-016 for one
// (catalogus, identificatie): two versions published at the same moment
// must not both pass the overlap check. SQLite has a single writer already.
func (s *Store) lockVersions(ctx context.Context, tx *sql.Tx, catalogusID string, identificaties ...string) error {
	if s.DB.Engine != db.Postgres {
		return nil
	}
	// Always in the same order, so that two writers cannot deadlock.
	slices.Sort(identificaties)
	for _, id := range slices.Compact(identificaties) {
		if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(hashtext($1))`, "ztc-016/"+catalogusID+"/"+id); err != nil {
			return fmt.Errorf("catalogus: lock versions: %w", err)
		}
	}
	return nil
}
