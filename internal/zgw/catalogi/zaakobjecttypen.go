package catalogi

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/gemeenten/loket/internal/audit"
	"github.com/gemeenten/loket/internal/catalogus"
	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/event"
	"github.com/gemeenten/loket/internal/zgw"
)

// ZaakObjectType (Catalogi 1.2+) is kept in this package: the catalogus
// domain and Loket's pages do not use it. The concept rule of the zaaktype
// (ztc-010) applies as to the other subresources.
type zaakObjectType struct {
	ID                  string
	ZaakTypeID          string
	AnderObjecttype     bool
	Objecttype          string
	RelatieOmschrijving string
	BeginGeldigheid     date.Date
	EindeGeldigheid     date.Date
	StatusTypen         []string
	ResultaatTypen      []string
}

const zotSelect = `SELECT id, zaaktype_id, ander_objecttype, objecttype, relatie_omschrijving, begin_geldigheid,
	einde_geldigheid, statustypen, resultaattypen FROM zaakobjecttypen`

func scanZOT(r interface{ Scan(...any) error }) (zaakObjectType, error) {
	var z zaakObjectType
	var st, rt string
	if err := r.Scan(&z.ID, &z.ZaakTypeID, &z.AnderObjecttype, &z.Objecttype, &z.RelatieOmschrijving, &z.BeginGeldigheid,
		&z.EindeGeldigheid, &st, &rt); err != nil {
		return z, err
	}
	if err := unmarshal(st, &z.StatusTypen); err != nil {
		return z, err
	}
	return z, unmarshal(rt, &z.ResultaatTypen)
}

func getZaakObjectType(ctx context.Context, q db.Queryer, id string) (*zaakObjectType, error) {
	if !db.ValidUUID(id) {
		return nil, errs.NotFoundf("zaakobjecttype", id)
	}
	z, err := scanZOT(q.QueryRowContext(ctx, zotSelect+` WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.NotFoundf("zaakobjecttype", id)
	}
	if err != nil {
		return nil, fmt.Errorf("catalogi: zaakobjecttype %s: %w", id, err)
	}
	return &z, nil
}

type zaakObjectTypeFilter struct {
	ZaakTypeID            string
	ZaakTypeIdentificatie string
	CatalogusID           string
	AnderObjecttype       *bool
	Objecttype            string
	RelatieOmschrijving   string
	DatumBeginGeldigheid  date.Date
	DatumEindeGeldigheid  date.Date
	DatumGeldigheid       date.Date
}

func loadZaakObjectTypen(ctx context.Context, q db.Queryer, f zaakObjectTypeFilter, p catalogus.Page) (catalogus.List[zaakObjectType], error) {
	var conds []string
	var args []any
	add := func(cond string, vals ...any) {
		for _, v := range vals {
			args = append(args, v)
			cond = strings.Replace(cond, "?", "$"+strconv.Itoa(len(args)), 1)
		}
		conds = append(conds, cond)
	}
	if f.ZaakTypeID != "" {
		add("o.zaaktype_id = ?", f.ZaakTypeID)
	}
	if f.ZaakTypeIdentificatie != "" {
		add("z.identificatie = ?", f.ZaakTypeIdentificatie)
	}
	if f.CatalogusID != "" {
		add("z.catalogus_id = ?", f.CatalogusID)
	}
	if f.AnderObjecttype != nil {
		add("o.ander_objecttype = ?", *f.AnderObjecttype)
	}
	if f.Objecttype != "" {
		add("o.objecttype = ?", f.Objecttype)
	}
	if f.RelatieOmschrijving != "" {
		add("o.relatie_omschrijving = ?", f.RelatieOmschrijving)
	}
	if !f.DatumBeginGeldigheid.IsZero() {
		add("o.begin_geldigheid = ?", f.DatumBeginGeldigheid)
	}
	if !f.DatumEindeGeldigheid.IsZero() {
		add("o.einde_geldigheid = ?", f.DatumEindeGeldigheid)
	}
	if !f.DatumGeldigheid.IsZero() {
		add("o.begin_geldigheid <= ? AND (o.einde_geldigheid IS NULL OR o.einde_geldigheid >= ?)", f.DatumGeldigheid, f.DatumGeldigheid)
	}
	where := ""
	if len(conds) > 0 {
		where = " WHERE " + strings.Join(conds, " AND ")
	}
	from := ` FROM zaakobjecttypen o JOIN zaaktypen z ON z.id = o.zaaktype_id`
	var out catalogus.List[zaakObjectType]
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*)`+from+where, args...).Scan(&out.Total); err != nil {
		return out, fmt.Errorf("catalogi: count zaakobjecttypen: %w", err)
	}
	size := p.PageSize
	if size <= 0 {
		size = catalogus.DefaultPageSize
	}
	offset := (max(p.Page, 1) - 1) * size
	args = append(args, size, offset)
	rows, err := q.QueryContext(ctx, `SELECT o.id, o.zaaktype_id, o.ander_objecttype, o.objecttype, o.relatie_omschrijving,
		o.begin_geldigheid, o.einde_geldigheid, o.statustypen, o.resultaattypen`+from+where+
		fmt.Sprintf(` ORDER BY o.zaaktype_id, o.relatie_omschrijving, o.id LIMIT $%d OFFSET $%d`, len(args)-1, len(args)), args...)
	if err != nil {
		return out, fmt.Errorf("catalogi: list zaakobjecttypen: %w", err)
	}
	defer rows.Close()
	out.Items = []zaakObjectType{}
	for rows.Next() {
		z, err := scanZOT(rows)
		if err != nil {
			return out, fmt.Errorf("catalogi: scan zaakobjecttype: %w", err)
		}
		out.Items = append(out.Items, z)
	}
	return out, rows.Err()
}

type zaakObjectTypeJSON struct {
	URL                   string   `json:"url"`
	AnderObjecttype       bool     `json:"anderObjecttype"`
	BeginGeldigheid       string   `json:"beginGeldigheid"`
	EindeGeldigheid       *string  `json:"eindeGeldigheid"`
	BeginObject           *string  `json:"beginObject"`
	EindeObject           *string  `json:"eindeObject"`
	Objecttype            string   `json:"objecttype"`
	RelatieOmschrijving   string   `json:"relatieOmschrijving"`
	ZaakType              string   `json:"zaaktype"`
	ZaakTypeIdentificatie string   `json:"zaaktypeIdentificatie"`
	ResultaatTypen        []string `json:"resultaattypen"`
	StatusTypen           []string `json:"statustypen"`
	Catalogus             string   `json:"catalogus"`
}

type zaakObjectTypeIn struct {
	AnderObjecttype     *bool    `json:"anderObjecttype"`
	BeginGeldigheid     *string  `json:"beginGeldigheid"`
	EindeGeldigheid     *string  `json:"eindeGeldigheid"`
	Objecttype          string   `json:"objecttype"`
	RelatieOmschrijving string   `json:"relatieOmschrijving"`
	ZaakType            string   `json:"zaaktype"`
	ResultaatTypen      []string `json:"resultaattypen"`
	StatusTypen         []string `json:"statustypen"`
	Catalogus           string   `json:"catalogus"`
}

func zaakObjectTypen(a *api) resourceDef {
	return resourceDef{
		path:         "zaakobjecttypen",
		createScopes: []string{ScopeSchrijven, ScopeGeforceerdSchrijven},
		list:         a.listZaakObjectTypen,
		get: func(ctx context.Context, r *http.Request, id string) (any, error) {
			o, err := getZaakObjectType(ctx, a.env.DB.R, id)
			if err != nil {
				return nil, err
			}
			return a.zaakObjectTypeJSON(ctx, nil, o)
		},
		create: func(ctx context.Context, body map[string]any) (string, error) {
			o, err := a.zaakObjectTypeFromBody(ctx, body, "")
			if err != nil {
				return "", err
			}
			o.ID = uuid.NewString()
			err = a.env.DB.Tx(ctx, func(tx *sql.Tx) error {
				if err := guardZaakType(ctx, tx, o.ZaakTypeID, a.correctie(ctx)); err != nil {
					return err
				}
				if _, err := tx.ExecContext(ctx, `INSERT INTO zaakobjecttypen (id, zaaktype_id, ander_objecttype, objecttype,
					relatie_omschrijving, begin_geldigheid, einde_geldigheid, statustypen, resultaattypen)
					VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, o.ID, o.ZaakTypeID, o.AnderObjecttype, o.Objecttype,
					o.RelatieOmschrijving, o.BeginGeldigheid, o.EindeGeldigheid, marshal(list(o.StatusTypen)), marshal(list(o.ResultaatTypen))); err != nil {
					return fmt.Errorf("catalogi: insert zaakobjecttype: %w", err)
				}
				return a.audit(ctx, tx, o, "create", nil, o)
			})
			return o.ID, err
		},
		update: func(ctx context.Context, id string, body map[string]any, opt catalogus.Options) error {
			old, err := getZaakObjectType(ctx, a.env.DB.R, id)
			if err != nil {
				return err
			}
			o, err := a.zaakObjectTypeFromBody(ctx, body, old.ZaakTypeID)
			if err != nil {
				return err
			}
			o.ID = id
			return a.env.DB.Tx(ctx, func(tx *sql.Tx) error {
				if err := guardZaakType(ctx, tx, o.ZaakTypeID, opt); err != nil {
					return err
				}
				if _, err := tx.ExecContext(ctx, `UPDATE zaakobjecttypen SET ander_objecttype = $2, objecttype = $3,
					relatie_omschrijving = $4, begin_geldigheid = $5, einde_geldigheid = $6, statustypen = $7, resultaattypen = $8
					WHERE id = $1`, id, o.AnderObjecttype, o.Objecttype, o.RelatieOmschrijving, o.BeginGeldigheid, o.EindeGeldigheid,
					marshal(list(o.StatusTypen)), marshal(list(o.ResultaatTypen))); err != nil {
					return fmt.Errorf("catalogi: update zaakobjecttype: %w", err)
				}
				return a.audit(ctx, tx, o, "update", old, o)
			})
		},
		del: func(ctx context.Context, id string) error {
			return a.env.DB.Tx(ctx, func(tx *sql.Tx) error {
				old, err := getZaakObjectType(ctx, tx, id)
				if err != nil {
					return err
				}
				// ztc-010; catalogi.geforceerd-verwijderen lifts it.
				if err := guardZaakType(ctx, tx, old.ZaakTypeID, catalogus.Options{Correctie: forcedDelete(ctx)}); err != nil {
					return err
				}
				if _, err := tx.ExecContext(ctx, `DELETE FROM zaakobjecttypen WHERE id = $1`, id); err != nil {
					return fmt.Errorf("catalogi: delete zaakobjecttype: %w", err)
				}
				return a.audit(ctx, tx, old, "destroy", old, nil)
			})
		},
		createdStatus: http.StatusCreated,
		deleteStatus:  http.StatusNoContent,
	}
}

// forcedDelete reports whether the request may delete under a published
// zaaktype (catalogi.geforceerd-verwijderen).
func forcedDelete(ctx context.Context) bool {
	return zgw.ClientFrom(ctx).HasScope(zgw.ZTC, ScopeGeforceerdVerwijderen)
}

// guardZaakType is ztc-010 for zaakobjecttypen, read in the write transaction.
func guardZaakType(ctx context.Context, tx *sql.Tx, zaakTypeID string, o catalogus.Options) error {
	var concept bool
	if err := tx.QueryRowContext(ctx, `SELECT concept FROM zaaktypen WHERE id = $1`, zaakTypeID).Scan(&concept); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return errs.InvalidField("zaaktype", "does_not_exist", "Dit zaaktype bestaat niet.")
		}
		return fmt.Errorf("catalogi: zaaktype %s: %w", zaakTypeID, err)
	}
	if !concept && !o.Correctie {
		return errs.E(errs.Conflict, "non-concept-zaaktype",
			"Het zaaktype is gepubliceerd; een zaakobjecttype kan daarom niet meer toegevoegd, gewijzigd of verwijderd worden (behalve met een correctie).")
	}
	return nil
}

// record writes the audit row and announces the change, in tx.
func (a *api) audit(ctx context.Context, tx *sql.Tx, o *zaakObjectType, actie string, old, new any) error {
	e := audit.Entry{Bron: "ZTC", HoofdObject: o.ZaakTypeID, Resource: "zaakobjecttype", ResourceID: o.ID,
		ResourceURL: a.url("zaakobjecttypen", o.ID), ResourceWeergave: o.RelatieOmschrijving, Actie: actie, Old: old, New: new,
		Toelichting: zgw.Toelichting(ctx)}
	if a.env.Now != nil {
		e.At = a.env.Now().UTC()
	}
	if err := audit.Record(ctx, tx, e); err != nil {
		return err
	}
	// Announced like the other subresources of a zaaktype (see catalogus/events.go).
	c := event.Change{Kanaal: "zaaktypen", Resource: "zaakobjecttype", ResourceID: o.ID, HoofdObject: "zaaktype",
		HoofdObjectID: o.ZaakTypeID, Actie: actie}
	if err := event.Emit(ctx, tx, a.store.Events, c); err != nil {
		return err
	}
	c.Kanaal = "catalogi"
	return event.Emit(ctx, tx, a.store.Events, c)
}

func (a *api) zaakObjectTypeFromBody(ctx context.Context, body map[string]any, current string) (*zaakObjectType, error) {
	var in zaakObjectTypeIn
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	z, err := a.zaakTypeOf(ctx, subIn{ZaakType: in.ZaakType, BeginGeldigheid: in.BeginGeldigheid})
	if err != nil {
		return nil, err
	}
	if current != "" {
		if err := sameZaakType(z, current); err != nil {
			return nil, err
		}
	}
	var f errs.Fields
	o := &zaakObjectType{ZaakTypeID: z.ID, Objecttype: in.Objecttype, RelatieOmschrijving: in.RelatieOmschrijving,
		BeginGeldigheid: z.BeginGeldigheid, EindeGeldigheid: parseDate(&f, "eindeGeldigheid", in.EindeGeldigheid)}
	if in.AnderObjecttype == nil {
		f.Add("anderObjecttype", "required", "Dit veld is verplicht.")
	} else {
		o.AnderObjecttype = *in.AnderObjecttype
	}
	if !strings.HasPrefix(o.Objecttype, "http://") && !strings.HasPrefix(o.Objecttype, "https://") {
		f.Add("objecttype", "bad-url", "Voer een geldige URL in.")
	} else if utf8.RuneCountInString(o.Objecttype) > 200 {
		f.Add("objecttype", "max_length", "Dit veld mag hoogstens 200 tekens bevatten.")
	}
	if strings.TrimSpace(o.RelatieOmschrijving) == "" {
		f.Add("relatieOmschrijving", "required", "Dit veld is verplicht.")
	} else if utf8.RuneCountInString(o.RelatieOmschrijving) > 80 {
		f.Add("relatieOmschrijving", "max_length", "Dit veld mag hoogstens 80 tekens bevatten.")
	}
	if !o.EindeGeldigheid.IsZero() && o.EindeGeldigheid.Before(o.BeginGeldigheid) {
		f.Add("eindeGeldigheid", "date-mismatch", "De eindeGeldigheid mag niet vóór de beginGeldigheid liggen.")
	}
	// ztc-013: the catalogus, statustypen and resultaattypen are the zaaktype's.
	if in.Catalogus != "" {
		if id, err := a.ref("catalogus", in.Catalogus, "catalogussen"); err != nil {
			addErr(&f, err)
		} else if id != z.CatalogusID {
			f.Add("catalogus", "relation-mismatch", "De catalogus moet die van het zaaktype zijn.")
		}
	}
	for _, u := range in.StatusTypen {
		id, err := a.ref("statustypen", u, "statustypen")
		if err != nil {
			addErr(&f, err)
			continue
		}
		if z.StatusType(id) == nil {
			f.Add("statustypen", "relation-mismatch", "Het statustype hoort niet bij dit zaaktype.")
			continue
		}
		if !slices.Contains(o.StatusTypen, id) {
			o.StatusTypen = append(o.StatusTypen, id)
		}
	}
	for _, u := range in.ResultaatTypen {
		id, err := a.ref("resultaattypen", u, "resultaattypen")
		if err != nil {
			addErr(&f, err)
			continue
		}
		if z.ResultaatType(id) == nil {
			f.Add("resultaattypen", "relation-mismatch", "Het resultaattype hoort niet bij dit zaaktype.")
			continue
		}
		if !slices.Contains(o.ResultaatTypen, id) {
			o.ResultaatTypen = append(o.ResultaatTypen, id)
		}
	}
	return o, f.Err()
}

func (a *api) zaakObjectTypeJSON(ctx context.Context, c zaakTypeCache, o *zaakObjectType) (*zaakObjectTypeJSON, error) {
	// With its subresources, to leave out statustypen and resultaattypen
	// deleted since.
	z, err := catalogus.GetZaakType(ctx, a.env.DB.R, o.ZaakTypeID)
	if err != nil {
		return nil, err
	}
	s, err := a.sub(ctx, c, "zaakobjecttypen", o.ID, z)
	if err != nil {
		return nil, err
	}
	j := &zaakObjectTypeJSON{URL: s.URL, AnderObjecttype: o.AnderObjecttype, BeginGeldigheid: o.BeginGeldigheid.String(),
		EindeGeldigheid: nullDate(o.EindeGeldigheid), BeginObject: s.BeginObject, EindeObject: s.EindeObject,
		Objecttype: o.Objecttype, RelatieOmschrijving: o.RelatieOmschrijving, ZaakType: s.ZaakType,
		ZaakTypeIdentificatie: s.ZaakTypeIdentificatie, Catalogus: s.Catalogus, ResultaatTypen: []string{}, StatusTypen: []string{}}
	for _, id := range o.StatusTypen {
		if z.StatusType(id) != nil {
			j.StatusTypen = append(j.StatusTypen, a.url("statustypen", id))
		}
	}
	for _, id := range o.ResultaatTypen {
		if z.ResultaatType(id) != nil {
			j.ResultaatTypen = append(j.ResultaatTypen, a.url("resultaattypen", id))
		}
	}
	return j, nil
}

func (a *api) listZaakObjectTypen(w http.ResponseWriter, r *http.Request) {
	if err := zgw.CheckQuery(r, "anderObjecttype", "catalogus", "datumBeginGeldigheid", "datumEindeGeldigheid", "datumGeldigheid",
		"objecttype", "relatieOmschrijving", "zaaktype", "zaaktypeIdentificatie", "page"); err != nil {
		zgw.WriteError(w, r, err)
		return
	}
	q := r.URL.Query()
	listSub(a, w, r, func(p catalogus.Page) (catalogus.List[zaakObjectType], bool, error) {
		var f zaakObjectTypeFilter
		var none bool
		var err error
		if f.ZaakTypeID, none, err = a.filterRef(r, "zaaktype", "zaaktypen"); err != nil || none {
			return catalogus.List[zaakObjectType]{}, none, err
		}
		if f.CatalogusID, none, err = a.filterRef(r, "catalogus", "catalogussen"); err != nil || none {
			return catalogus.List[zaakObjectType]{}, none, err
		}
		f.ZaakTypeIdentificatie, f.Objecttype, f.RelatieOmschrijving = q.Get("zaaktypeIdentificatie"), q.Get("objecttype"), q.Get("relatieOmschrijving")
		switch v := q.Get("anderObjecttype"); v {
		case "":
		case "true", "True", "1":
			t := true
			f.AnderObjecttype = &t
		case "false", "False", "0":
			t := false
			f.AnderObjecttype = &t
		default:
			return catalogus.List[zaakObjectType]{}, false, errs.InvalidField("anderObjecttype", "invalid", "Kies true of false.")
		}
		for name, dst := range map[string]*date.Date{"datumBeginGeldigheid": &f.DatumBeginGeldigheid,
			"datumEindeGeldigheid": &f.DatumEindeGeldigheid, "datumGeldigheid": &f.DatumGeldigheid} {
			if *dst, err = dateParam(r, name); err != nil {
				return catalogus.List[zaakObjectType]{}, false, err
			}
		}
		l, err := loadZaakObjectTypen(r.Context(), a.env.DB.R, f, p)
		return l, false, err
	}, func(c zaakTypeCache, o *zaakObjectType) (any, error) {
		return a.zaakObjectTypeJSON(r.Context(), c, o)
	})
}
