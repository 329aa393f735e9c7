package document

import (
	"context"
	"fmt"

	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/errs"
)

// Filter selects informatieobjecten; empty fields do not filter.
type Filter struct {
	Bronorganisatie             string
	Identificatie               string
	InformatieobjecttypeID      string
	Auteur                      string
	Vertrouwelijkheidaanduiding string
	Status                      string
	// Titel matches case-insensitively anywhere in the title.
	Titel             string
	Locked            *bool
	CreatiedatumVanaf date.Date // inclusive
	CreatiedatumTot   date.Date // inclusive
	ZaakID            string    // linked to this zaak
	BesluitID         string    // linked to this besluit
	NewestFirst       bool
	Limit             int // 0: 100
	Offset            int
	// IDs limits the result to these objects (_zoek uuid__in); nil does
	// not limit. Trefwoorden: the object has every one of them.
	IDs         []string
	Trefwoorden []string
	// Access limits the result to what the caller may see (access.go).
	Access *Access
}

// List returns a page of informatieobjecten (latest versions) and the total
// number that match.
func (s *Service) List(ctx context.Context, f Filter) ([]Document, int, error) {
	for _, id := range []struct{ field, v string }{
		{"informatieobjecttype", f.InformatieobjecttypeID}, {"zaak", f.ZaakID}, {"besluit", f.BesluitID},
	} {
		if id.v != "" && !db.ValidUUID(id.v) {
			return nil, 0, errs.InvalidField(id.field, "invalid", "Geen geldige UUID.")
		}
	}
	var w db.Where
	w.Eq("bronorganisatie", f.Bronorganisatie)
	w.Eq("identificatie", f.Identificatie)
	w.Eq("informatieobjecttype_id", f.InformatieobjecttypeID)
	w.Eq("auteur", f.Auteur)
	w.Eq("vertrouwelijkheidaanduiding", f.Vertrouwelijkheidaanduiding)
	w.Eq("status", f.Status)
	if f.Titel != "" {
		w.And(s.db.ILike("titel", w.Arg("%"+db.LikeEscape(f.Titel)+"%")))
	}
	if f.Locked != nil {
		if *f.Locked {
			w.And("lock <> ''")
		} else {
			w.And("lock = ''")
		}
	}
	if !f.CreatiedatumVanaf.IsZero() {
		w.And("creatiedatum >= " + w.Arg(f.CreatiedatumVanaf))
	}
	if !f.CreatiedatumTot.IsZero() {
		w.And("creatiedatum <= " + w.Arg(f.CreatiedatumTot))
	}
	if f.ZaakID != "" {
		w.And("id IN (SELECT informatieobject_id FROM zaakinformatieobjecten WHERE zaak_id = " + w.Arg(f.ZaakID) + ")")
	}
	if f.BesluitID != "" {
		w.And("id IN (SELECT informatieobject_id FROM besluitinformatieobjecten WHERE besluit_id = " + w.Arg(f.BesluitID) + ")")
	}
	f.Access.restrict(&w, "")
	filterAPI(&w, f, s.db.Engine)
	where := w.String()
	var total int
	if err := s.db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM informatieobjecten`+where, w.Args()...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("document: count: %w", err)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 100
	}
	order := " ORDER BY created_at, id"
	if f.NewestFirst {
		order = " ORDER BY created_at DESC, id DESC"
	}
	page := " LIMIT " + w.Arg(limit) + " OFFSET " + w.Arg(max(f.Offset, 0))
	rows, err := s.db.R.QueryContext(ctx, `SELECT `+selectCols+` FROM informatieobjecten`+where+order+page, w.Args()...)
	if err != nil {
		return nil, 0, fmt.Errorf("document: list: %w", err)
	}
	defer rows.Close()
	out := []Document{}
	for rows.Next() {
		d, _, err := scanDoc(rows)
		if err != nil {
			return nil, 0, fmt.Errorf("document: list: %w", err)
		}
		out = append(out, d)
	}
	return out, total, rows.Err()
}
