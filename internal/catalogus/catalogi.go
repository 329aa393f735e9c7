package catalogus

import (
	"context"
	"database/sql"
	"net/mail"

	"github.com/google/uuid"

	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/ident"
)

const catalogusCols = `id, domein, rsin, naam, versie, begindatum_versie, contactpersoon_beheer_naam,
	contactpersoon_beheer_telefoonnummer, contactpersoon_beheer_emailadres, created_at`

func scanCatalogus(r scanner) (Catalogus, error) {
	var c Catalogus
	err := r.Scan(&c.ID, &c.Domein, &c.RSIN, &c.Naam, &c.Versie, &c.BegindatumVersie, &c.ContactpersoonBeheerNaam,
		&c.ContactpersoonBeheerTelefoonnummer, &c.ContactpersoonBeheerEmailadres, &c.CreatedAt)
	return c, err
}

func validateCatalogus(c *Catalogus) error {
	var f errs.Fields
	if required(&f, "domein", c.Domein) {
		maxLen(&f, "domein", c.Domein, 5)
	}
	if required(&f, "rsin", c.RSIN) {
		ident.Check(&f, "rsin", ident.RSIN(c.RSIN))
	}
	requiredMax(&f, "contactpersoonBeheerNaam", c.ContactpersoonBeheerNaam, 40)
	maxLen(&f, "contactpersoonBeheerTelefoonnummer", c.ContactpersoonBeheerTelefoonnummer, 20)
	if c.ContactpersoonBeheerEmailadres != "" {
		if _, err := mail.ParseAddress(c.ContactpersoonBeheerEmailadres); err != nil {
			f.Add("contactpersoonBeheerEmailadres", "invalid", "Voer een geldig e-mailadres in.")
		}
		maxLen(&f, "contactpersoonBeheerEmailadres", c.ContactpersoonBeheerEmailadres, 254)
	}
	maxLen(&f, "naam", c.Naam, 200)
	maxLen(&f, "versie", c.Versie, 20)
	return f.Err()
}

// CreateCatalogus validates and stores a new catalogus. (domein, rsin) is unique.
// The Catalogi API has no update or delete of a catalogus.
func (s *Store) CreateCatalogus(ctx context.Context, in Catalogus) (*Catalogus, error) {
	c := in
	if err := validateCatalogus(&c); err != nil {
		return nil, err
	}
	c.ID = uuid.NewString()
	c.CreatedAt = s.now()
	err := s.write(ctx, func(tx *sql.Tx) error {
		dup, err := db.Exists(ctx, tx, `SELECT 1 FROM catalogi WHERE domein = $1 AND rsin = $2`, c.Domein, c.RSIN)
		if err != nil {
			return err
		}
		if dup {
			return errs.InvalidField("domein", "unique", "Er bestaat al een catalogus met dit domein en RSIN.")
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO catalogi (`+catalogusCols+`) VALUES (`+placeholders(1, 10)+`)`,
			c.ID, c.Domein, c.RSIN, c.Naam, c.Versie, c.BegindatumVersie, c.ContactpersoonBeheerNaam,
			c.ContactpersoonBeheerTelefoonnummer, c.ContactpersoonBeheerEmailadres, c.CreatedAt)
		if err != nil {
			return writeErr(err, "insert catalogus", "domein", "Er bestaat al een catalogus met dit domein en RSIN.")
		}
		return s.record(ctx, tx, "catalogus", c.ID, c.Domein+" "+c.Naam, "", "create", nil, c)
	})
	if err != nil {
		return nil, err
	}
	return &c, nil
}

// GetCatalogus loads a catalogus.
func GetCatalogus(ctx context.Context, q db.Queryer, id string) (*Catalogus, error) {
	if uuid.Validate(id) != nil {
		return nil, errs.NotFoundf("catalogus", id)
	}
	c, err := scanCatalogus(q.QueryRowContext(ctx, `SELECT `+catalogusCols+` FROM catalogi WHERE id = $1`, id))
	if err != nil {
		return nil, notFound("catalogus", id, err)
	}
	return &c, nil
}

// CatalogusFilter filters ListCatalogi; empty fields do not filter.
type CatalogusFilter struct {
	Domein string
	RSIN   string
}

// ListCatalogi lists catalogi ordered by domein, rsin.
func ListCatalogi(ctx context.Context, q db.Queryer, f CatalogusFilter, p Page) (List[Catalogus], error) {
	var w where
	if f.Domein != "" {
		w.add("domein = ?", f.Domein)
	}
	if f.RSIN != "" {
		w.add("rsin = ?", f.RSIN)
	}
	return listPage(ctx, q, `SELECT COUNT(*) FROM catalogi`, `SELECT `+catalogusCols+` FROM catalogi`, &w,
		"domein, rsin, id", p, scanCatalogus)
}
