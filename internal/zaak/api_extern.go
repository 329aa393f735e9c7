package zaak

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"time"

	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/errs"
)

// ExternLink relates a zaak to a resource of another API by URL: a
// contactmoment (Zaken API zaakcontactmomenten) or a verzoek
// (zaakverzoeken).
type ExternLink struct {
	ID        string    `json:"uuid"`
	ZaakID    string    `json:"zaak"`
	Soort     string    `json:"soort"` // "contactmoment" or "verzoek"
	URL       string    `json:"url"`
	CreatedAt time.Time `json:"-"`
}

// Soorten of ExternLink.
const (
	ExternContactmoment = "contactmoment"
	ExternVerzoek       = "verzoek"
)

func validExternURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" && len(s) <= 1000
}

// AddExternLink relates the resource at u to the zaak; the pair is unique.
func (s *Service) AddExternLink(ctx context.Context, zaakID, soort, u string) (*ExternLink, error) {
	if soort != ExternContactmoment && soort != ExternVerzoek {
		return nil, errs.E(errs.Internal, "soort", "onbekende soort relatie")
	}
	if !validExternURL(u) {
		return nil, errs.InvalidField(soort, "bad-url", "Geef een volledige http(s)-URL van hoogstens 1000 tekens.")
	}
	var out ExternLink
	err := s.change(ctx, zaakID, func(c *change) error {
		taken, err := db.Exists(ctx, c.tx, `SELECT 1 FROM zaak_extern WHERE zaak_id = $1 AND soort = $2 AND url = $3`,
			c.z.ID, soort, u)
		if err != nil {
			return err
		}
		if taken {
			return errs.InvalidField("nonFieldErrors", "unique", "Deze relatie bestaat al.")
		}
		out = ExternLink{ID: newID(), ZaakID: c.z.ID, Soort: soort, URL: u, CreatedAt: c.now}
		if _, err := c.tx.ExecContext(ctx, `INSERT INTO zaak_extern (id, zaak_id, soort, url, created_at)
			VALUES ($1,$2,$3,$4,$5)`, out.ID, out.ZaakID, out.Soort, out.URL, c.now); err != nil {
			return fmt.Errorf("zaak: insert %s: %w", soort, err)
		}
		return c.audit("zaak"+soort, out.ID, "create", "Relatie met "+soort+" vastgelegd", nil, out)
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// GetExternLink returns one relation of the soort.
func (s *Service) GetExternLink(ctx context.Context, soort, id string) (*ExternLink, error) {
	if !db.ValidUUID(id) {
		return nil, errs.NotFoundf("zaak"+soort, id)
	}
	var l ExternLink
	err := s.DB.R.QueryRowContext(ctx, `SELECT id, zaak_id, soort, url, created_at FROM zaak_extern
		WHERE id = $1 AND soort = $2`, id, soort).Scan(&l.ID, &l.ZaakID, &l.Soort, &l.URL, &l.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.NotFoundf("zaak"+soort, id)
	}
	if err != nil {
		return nil, fmt.Errorf("zaak: %s: %w", soort, err)
	}
	return &l, nil
}

// ExternLinks lists the relations of the soort the access sees, filtered
// by zaak and URL ("" for any), oldest first.
func (s *Service) ExternLinks(ctx context.Context, acc APIAccess, soort, zaakID, u string) ([]ExternLink, error) {
	w := &where{}
	w.add("x.soort = " + w.p(soort))
	if c := accessCond(w, acc, "z.zaaktype_id", "z.vertrouwelijkheidaanduiding"); c != "" {
		w.add(c)
	}
	uuidEq(w, "x.zaak_id", zaakID)
	if u != "" {
		w.add("x.url = " + w.p(u))
	}
	rows, err := s.DB.R.QueryContext(ctx, `SELECT x.id, x.zaak_id, x.soort, x.url, x.created_at FROM zaak_extern x
		JOIN zaken z ON z.id = x.zaak_id`+w.sql()+` ORDER BY x.created_at, x.id`, w.args...)
	if err != nil {
		return nil, fmt.Errorf("zaak: list %s: %w", soort, err)
	}
	defer rows.Close()
	out := []ExternLink{}
	for rows.Next() {
		var l ExternLink
		if err := rows.Scan(&l.ID, &l.ZaakID, &l.Soort, &l.URL, &l.CreatedAt); err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// RemoveExternLink deletes a relation.
func (s *Service) RemoveExternLink(ctx context.Context, soort, id string) error {
	l, err := s.GetExternLink(ctx, soort, id)
	if err != nil {
		return err
	}
	return s.change(ctx, l.ZaakID, func(c *change) error {
		if _, err := c.tx.ExecContext(ctx, `DELETE FROM zaak_extern WHERE id = $1`, id); err != nil {
			return fmt.Errorf("zaak: delete %s: %w", soort, err)
		}
		return c.audit("zaak"+soort, id, "destroy", "Relatie met "+soort+" verwijderd", l, nil)
	})
}
