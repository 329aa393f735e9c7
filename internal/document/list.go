package document

import (
	"context"
	"fmt"
	"strconv"
	"strings"

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
}

// List returns a page of informatieobjecten (latest versions) and the total
// number that match.
func (s *Service) List(ctx context.Context, f Filter) ([]Document, int, error) {
	var conds []string
	var args []any
	next := func() string { return "$" + strconv.Itoa(len(args)) }
	eq := func(col, v string) {
		if v != "" {
			args = append(args, v)
			conds = append(conds, col+" = "+next())
		}
	}
	for _, id := range []struct{ field, v string }{
		{"informatieobjecttype", f.InformatieobjecttypeID}, {"zaak", f.ZaakID}, {"besluit", f.BesluitID},
	} {
		if id.v != "" && !validUUID(id.v) {
			return nil, 0, errs.InvalidField(id.field, "invalid", "Geen geldige UUID.")
		}
	}
	eq("bronorganisatie", f.Bronorganisatie)
	eq("identificatie", f.Identificatie)
	eq("informatieobjecttype_id", f.InformatieobjecttypeID)
	eq("auteur", f.Auteur)
	eq("vertrouwelijkheidaanduiding", f.Vertrouwelijkheidaanduiding)
	eq("status", f.Status)
	if f.Titel != "" {
		args = append(args, "%"+db.LikeEscape(f.Titel)+"%")
		conds = append(conds, s.db.ILike("titel", next()))
	}
	if f.Locked != nil {
		if *f.Locked {
			conds = append(conds, "lock <> ''")
		} else {
			conds = append(conds, "lock = ''")
		}
	}
	if !f.CreatiedatumVanaf.IsZero() {
		args = append(args, f.CreatiedatumVanaf)
		conds = append(conds, "creatiedatum >= "+next())
	}
	if !f.CreatiedatumTot.IsZero() {
		args = append(args, f.CreatiedatumTot)
		conds = append(conds, "creatiedatum <= "+next())
	}
	if f.ZaakID != "" {
		args = append(args, f.ZaakID)
		conds = append(conds, "id IN (SELECT informatieobject_id FROM zaakinformatieobjecten WHERE zaak_id = "+next()+")")
	}
	if f.BesluitID != "" {
		args = append(args, f.BesluitID)
		conds = append(conds, "id IN (SELECT informatieobject_id FROM besluitinformatieobjecten WHERE besluit_id = "+next()+")")
	}
	where := ""
	if len(conds) > 0 {
		where = " WHERE " + strings.Join(conds, " AND ")
	}
	var total int
	if err := s.db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM informatieobjecten`+where, args...).Scan(&total); err != nil {
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
	args = append(args, limit, max(f.Offset, 0))
	rows, err := s.db.R.QueryContext(ctx, `SELECT `+selectCols+` FROM informatieobjecten`+where+order+
		" LIMIT $"+strconv.Itoa(len(args)-1)+" OFFSET $"+strconv.Itoa(len(args)), args...)
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
