package catalogi

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/gemeenten/loket/internal/catalogus"
	"github.com/gemeenten/loket/internal/date"
)

// cache keeps what one request reads more than once: the zaaktypen of the
// subresources in a list, the life of a type over its versions, the version
// of a related type valid on a date. A nil *cache caches nothing.
type cache struct {
	zt     map[string]*catalogus.ZaakType
	period map[string][2]date.Date
	zots   map[string][]zaakObjectType
	valid  map[string]string
}

func newCache() *cache {
	return &cache{zt: map[string]*catalogus.ZaakType{}, period: map[string][2]date.Date{},
		zots: map[string][]zaakObjectType{}, valid: map[string]string{}}
}

// zaakTypeCache is the cache passed through the renderers.
type zaakTypeCache = *cache

func (a *api) zaakType(ctx context.Context, c *cache, id string) (*catalogus.ZaakType, error) {
	if c != nil {
		if z, ok := c.zt[id]; ok {
			return z, nil
		}
	}
	// Without its subresources: the renderers need only its own fields.
	z, err := catalogus.GetZaakTypeBare(ctx, a.env.DB.R, id)
	if err != nil {
		return nil, err
	}
	if c != nil {
		c.zt[id] = z
	}
	return z, nil
}

// period is catalogus.ObjectPeriod, cached.
func (a *api) period(ctx context.Context, c *cache, table, catalogusID, name string) (date.Date, date.Date, error) {
	key := table + "\x00" + catalogusID + "\x00" + name
	if c != nil {
		if p, ok := c.period[key]; ok {
			return p[0], p[1], nil
		}
	}
	b, e, err := catalogus.ObjectPeriod(ctx, a.env.DB.R, table, catalogusID, name)
	if err != nil {
		return b, e, err
	}
	if c != nil {
		c.period[key] = [2]date.Date{b, e}
	}
	return b, e, nil
}

// zaakObjectTypenOf lists the zaakobjecttypen of a zaaktype, cached.
func (a *api) zaakObjectTypenOf(ctx context.Context, c *cache, zaakTypeID string) ([]zaakObjectType, error) {
	if c != nil {
		if l, ok := c.zots[zaakTypeID]; ok {
			return l, nil
		}
	}
	l, err := loadZaakObjectTypen(ctx, a.env.DB.R, zaakObjectTypeFilter{ZaakTypeID: zaakTypeID}, catalogus.Page{PageSize: 1 << 20})
	if err != nil {
		return nil, err
	}
	if c != nil {
		c.zots[zaakTypeID] = l.Items
	}
	return l.Items, nil
}

// validURLs maps names (identificatie or omschrijving) to the URLs of their
// versions valid on d in the catalogus, leaving out names without one.
func (a *api) validURLs(ctx context.Context, c *cache, table, kind, catalogusID string, names []string, d date.Date) ([]string, error) {
	out := []string{}
	for _, n := range names {
		key := table + "\x00" + catalogusID + "\x00" + n + "\x00" + d.String()
		id, ok := "", false
		if c != nil {
			id, ok = c.valid[key]
		}
		if !ok {
			var err error
			if id, err = catalogus.ValidVersionID(ctx, a.env.DB.R, table, catalogusID, n, d); err != nil {
				return nil, err
			}
			if c != nil {
				c.valid[key] = id
			}
		}
		if u := a.url(kind, id); id != "" && !slices.Contains(out, u) {
			out = append(out, u)
		}
	}
	return out, nil
}

// prefillPeriods loads the life of every zaaktype of a page with one query.
func (a *api) prefillPeriods(ctx context.Context, c *cache, items []catalogus.ZaakType) error {
	if len(items) == 0 {
		return nil
	}
	var in []string
	var args []any
	wanted := map[string]bool{}
	for _, z := range items {
		key := "zaaktypen\x00" + z.CatalogusID + "\x00" + z.Identificatie
		if !wanted[key] {
			wanted[key] = true
			args = append(args, z.Identificatie)
			in = append(in, "$"+strconv.Itoa(len(args)))
		}
	}
	rows, err := a.env.DB.R.QueryContext(ctx, `SELECT catalogus_id, identificatie, begin_geldigheid, einde_geldigheid FROM zaaktypen
		WHERE identificatie IN (`+strings.Join(in, ", ")+`) ORDER BY begin_geldigheid, id`, args...)
	if err != nil {
		return fmt.Errorf("catalogi: zaaktype periods: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var cat, ident string
		var b, e date.Date
		if err := rows.Scan(&cat, &ident, &b, &e); err != nil {
			return fmt.Errorf("catalogi: zaaktype periods: %w", err)
		}
		key := "zaaktypen\x00" + cat + "\x00" + ident
		if !wanted[key] {
			continue
		}
		p, seen := c.period[key]
		if !seen {
			p[0] = b // the first version begins the object
		}
		p[1] = e // the newest version ends it (or not)
		c.period[key] = p
	}
	return rows.Err()
}

// zaakTypeRefs are the relations of one zaaktype that its JSON shows.
type zaakTypeRefs struct {
	statusTypen, resultaatTypen, rolTypen, eigenschappen, zaakObjectTypen []string // ids
	iotNames, btNames                                                     []string // omschrijvingen
	extra                                                                 zaakTypeExtra
}

// zaakTypeRefsOf loads the relations of a page of zaaktypen with one query
// per relation.
func (a *api) zaakTypeRefsOf(ctx context.Context, ids []string) (map[string]*zaakTypeRefs, error) {
	out := make(map[string]*zaakTypeRefs, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	in := make([]string, len(ids))
	args := make([]any, len(ids))
	for i, id := range ids {
		out[id] = &zaakTypeRefs{}
		in[i] = "$" + strconv.Itoa(i+1)
		args[i] = id
	}
	list := strings.Join(in, ", ")
	for _, q := range []struct {
		sql string
		add func(r *zaakTypeRefs, v string)
	}{
		{`SELECT zaaktype_id, id FROM statustypen WHERE zaaktype_id IN (` + list + `) ORDER BY zaaktype_id, volgnummer`,
			func(r *zaakTypeRefs, v string) { r.statusTypen = append(r.statusTypen, v) }},
		{`SELECT zaaktype_id, id FROM resultaattypen WHERE zaaktype_id IN (` + list + `) ORDER BY zaaktype_id, omschrijving, id`,
			func(r *zaakTypeRefs, v string) { r.resultaatTypen = append(r.resultaatTypen, v) }},
		{`SELECT zaaktype_id, id FROM roltypen WHERE zaaktype_id IN (` + list + `) ORDER BY zaaktype_id, omschrijving, id`,
			func(r *zaakTypeRefs, v string) { r.rolTypen = append(r.rolTypen, v) }},
		{`SELECT zaaktype_id, id FROM eigenschappen WHERE zaaktype_id IN (` + list + `) ORDER BY zaaktype_id, naam, id`,
			func(r *zaakTypeRefs, v string) { r.eigenschappen = append(r.eigenschappen, v) }},
		{`SELECT zaaktype_id, id FROM zaakobjecttypen WHERE zaaktype_id IN (` + list + `) ORDER BY zaaktype_id, relatie_omschrijving, id`,
			func(r *zaakTypeRefs, v string) { r.zaakObjectTypen = append(r.zaakObjectTypen, v) }},
		{`SELECT l.zaaktype_id, i.omschrijving FROM zaaktype_informatieobjecttypen l
			JOIN informatieobjecttypen i ON i.id = l.informatieobjecttype_id
			WHERE l.zaaktype_id IN (` + list + `) ORDER BY l.zaaktype_id, l.volgnummer`,
			func(r *zaakTypeRefs, v string) {
				if !slices.Contains(r.iotNames, v) {
					r.iotNames = append(r.iotNames, v)
				}
			}},
		{`SELECT l.zaaktype_id, b.omschrijving FROM zaaktype_besluittypen l JOIN besluittypen b ON b.id = l.besluittype_id
			WHERE l.zaaktype_id IN (` + list + `) ORDER BY l.zaaktype_id, b.omschrijving`,
			func(r *zaakTypeRefs, v string) {
				if !slices.Contains(r.btNames, v) {
					r.btNames = append(r.btNames, v)
				}
			}},
	} {
		if err := a.pairs(ctx, q.sql, args, func(zt, v string) {
			if r := out[zt]; r != nil {
				q.add(r, v)
			}
		}); err != nil {
			return nil, err
		}
	}
	rows, err := a.env.DB.R.QueryContext(ctx, `SELECT zaaktype_id, broncatalogus, bronzaaktype, gerelateerde_zaaktypen, deelzaaktypen
		FROM ztc_zaaktype_api WHERE zaaktype_id IN (`+list+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("catalogi: zaaktype extras: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, bc, bz, gz, dz string
		if err := rows.Scan(&id, &bc, &bz, &gz, &dz); err != nil {
			return nil, fmt.Errorf("catalogi: zaaktype extras: %w", err)
		}
		x, err := parseZaakTypeExtra(bc, bz, gz, dz)
		if err != nil {
			return nil, err
		}
		if r := out[id]; r != nil {
			r.extra = x
		}
	}
	return out, rows.Err()
}

// pairs runs a query of two string columns.
func (a *api) pairs(ctx context.Context, query string, args []any, fn func(a, b string)) error {
	rows, err := a.env.DB.R.QueryContext(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("catalogi: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var x, y string
		if err := rows.Scan(&x, &y); err != nil {
			return fmt.Errorf("catalogi: %w", err)
		}
		fn(x, y)
	}
	return rows.Err()
}
