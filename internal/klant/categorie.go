package klant

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/errs"
)

func (s *Service) listCategorieRelaties(ctx context.Context, where string, args ...any) ([]CategorieRelatie, error) {
	rows, err := s.DB.R.QueryContext(ctx, `SELECT r.id, r.partij_id, r.categorie_id, COALESCE(c.naam, ''), r.begin_datum, r.eind_datum
		FROM partij_categorie_relaties r LEFT JOIN partij_categorieen c ON c.id = r.categorie_id `+where+` ORDER BY r.created_at, r.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("klant: categorie-relaties: %w", err)
	}
	defer rows.Close()
	var out []CategorieRelatie
	for rows.Next() {
		var r CategorieRelatie
		var pid, cid sql.NullString
		if err := rows.Scan(&r.ID, &pid, &cid, &r.CategorieNaam, &r.BeginDatum, &r.EindDatum); err != nil {
			return nil, err
		}
		r.PartijID, r.CategorieID = nullStr(pid), nullStr(cid)
		out = append(out, r)
	}
	return out, rows.Err()
}

// CreateCategorie adds a categorie; names are unique.
func (s *Service) CreateCategorie(ctx context.Context, naam string) (Categorie, error) {
	c := Categorie{ID: newID(), Naam: naam}
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if err := checkCategorie(naam); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO partij_categorieen (id, naam, created_at) VALUES ($1,$2,$3)`, c.ID, naam, s.now())
		if db.IsUniqueViolation(err) {
			return errs.InvalidField("naam", "unique", "Er is al een categorie met deze naam.")
		}
		if err != nil {
			return err
		}
		return s.record(ctx, tx, change{resource: "categorie", id: c.ID, actie: "create", new: c})
	})
	return c, err
}

func checkCategorie(naam string) error {
	var f errs.Fields
	if required(&f, "naam", naam, "Vul de naam van de categorie in.") {
		maxLen(&f, "naam", naam, 80)
	}
	return f.Err()
}

// UpdateCategorie renames a categorie.
func (s *Service) UpdateCategorie(ctx context.Context, id, naam string) (Categorie, error) {
	old, err := s.GetCategorie(ctx, id)
	if err != nil {
		return Categorie{}, err
	}
	c := Categorie{ID: id, Naam: naam}
	err = s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if err := checkCategorie(naam); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE partij_categorieen SET naam = $2 WHERE id = $1`, id, naam)
		if db.IsUniqueViolation(err) {
			return errs.InvalidField("naam", "unique", "Er is al een categorie met deze naam.")
		}
		if err != nil {
			return err
		}
		return s.record(ctx, tx, change{resource: "categorie", id: id, actie: "update", old: old, new: c})
	})
	return c, err
}

// DeleteCategorie removes a categorie and its relaties.
func (s *Service) DeleteCategorie(ctx context.Context, id string) error {
	old, err := s.GetCategorie(ctx, id)
	if err != nil {
		return err
	}
	return s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM partij_categorieen WHERE id = $1`, id); err != nil {
			return err
		}
		return s.record(ctx, tx, change{resource: "categorie", id: id, actie: "destroy", old: old})
	})
}

// GetCategorie reads one categorie.
func (s *Service) GetCategorie(ctx context.Context, id string) (Categorie, error) {
	if !db.ValidUUID(id) {
		return Categorie{}, notFound("categorie", id)
	}
	c := Categorie{ID: id}
	err := s.DB.R.QueryRowContext(ctx, `SELECT naam FROM partij_categorieen WHERE id = $1`, id).Scan(&c.Naam)
	if err == sql.ErrNoRows {
		return c, notFound("categorie", id)
	}
	return c, err
}

// ListCategorieen lists categorieën by name.
func (s *Service) ListCategorieen(ctx context.Context, naam string, p Page) ([]Categorie, int, error) {
	var w db.Where
	w.Eq("naam", naam)
	var total int
	if err := s.DB.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM partij_categorieen`+w.String(), w.Args()...).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := s.DB.R.QueryContext(ctx, `SELECT id, naam FROM partij_categorieen`+w.String()+` ORDER BY naam, id`+p.sql(), w.Args()...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []Categorie
	for rows.Next() {
		var c Categorie
		if err := rows.Scan(&c.ID, &c.Naam); err != nil {
			return nil, 0, err
		}
		out = append(out, c)
	}
	return out, total, rows.Err()
}

func (s *Service) checkRelatie(ctx context.Context, q db.Queryer, in CategorieRelatie) error {
	var f errs.Fields
	if checkUUID(&f, "partij", in.PartijID) {
		if err := exists(ctx, q, &f, "partij", "partijen", in.PartijID, "Deze partij"); err != nil {
			return err
		}
	}
	if checkUUID(&f, "categorie", in.CategorieID) {
		if err := exists(ctx, q, &f, "categorie", "partij_categorieen", in.CategorieID, "Deze categorie"); err != nil {
			return err
		}
	}
	if !in.BeginDatum.IsZero() && !in.EindDatum.IsZero() && in.EindDatum.Before(in.BeginDatum) {
		f.Add("eindDatum", "invalid", "De einddatum ligt voor de begindatum.")
	}
	return f.Err()
}

// CreateCategorieRelatie ties a partij to a categorie.
func (s *Service) CreateCategorieRelatie(ctx context.Context, in CategorieRelatie) (CategorieRelatie, error) {
	in.ID = newID()
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if err := s.checkRelatie(ctx, tx, in); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO partij_categorie_relaties (id, partij_id, categorie_id, begin_datum, eind_datum, created_at)
			VALUES ($1,$2,$3,$4,$5,$6)`, in.ID, orNull(in.PartijID), orNull(in.CategorieID), in.BeginDatum, in.EindDatum, s.now()); err != nil {
			return err
		}
		return s.record(ctx, tx, change{resource: "categorierelatie", id: in.ID, actie: "create", new: in, hoofd: "partij", hoofdID: in.PartijID})
	})
	if err != nil {
		return CategorieRelatie{}, err
	}
	return s.GetCategorieRelatie(ctx, in.ID)
}

// UpdateCategorieRelatie replaces a categorie-relatie.
func (s *Service) UpdateCategorieRelatie(ctx context.Context, id string, in CategorieRelatie) (CategorieRelatie, error) {
	old, err := s.GetCategorieRelatie(ctx, id)
	if err != nil {
		return CategorieRelatie{}, err
	}
	err = s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if err := s.checkRelatie(ctx, tx, in); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE partij_categorie_relaties SET partij_id=$2, categorie_id=$3, begin_datum=$4, eind_datum=$5 WHERE id=$1`,
			id, orNull(in.PartijID), orNull(in.CategorieID), in.BeginDatum, in.EindDatum); err != nil {
			return err
		}
		return s.record(ctx, tx, change{resource: "categorierelatie", id: id, actie: "update", old: old, new: in, hoofd: "partij", hoofdID: in.PartijID})
	})
	if err != nil {
		return CategorieRelatie{}, err
	}
	return s.GetCategorieRelatie(ctx, id)
}

// DeleteCategorieRelatie removes a categorie-relatie.
func (s *Service) DeleteCategorieRelatie(ctx context.Context, id string) error {
	old, err := s.GetCategorieRelatie(ctx, id)
	if err != nil {
		return err
	}
	return s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM partij_categorie_relaties WHERE id = $1`, id); err != nil {
			return err
		}
		return s.record(ctx, tx, change{resource: "categorierelatie", id: id, actie: "destroy", old: old, hoofd: "partij", hoofdID: old.PartijID})
	})
}

// GetCategorieRelatie reads one categorie-relatie.
func (s *Service) GetCategorieRelatie(ctx context.Context, id string) (CategorieRelatie, error) {
	if !db.ValidUUID(id) {
		return CategorieRelatie{}, notFound("categorie-relatie", id)
	}
	l, err := s.listCategorieRelaties(ctx, `WHERE r.id = $1`, id)
	if err != nil {
		return CategorieRelatie{}, err
	}
	if len(l) == 0 {
		return CategorieRelatie{}, notFound("categorie-relatie", id)
	}
	return l[0], nil
}

// RelatieFilter selects categorie-relaties.
type RelatieFilter struct {
	PartijID, PartijNummer, CategorieID, CategorieNaam string
	BeginDatum, EindDatum                              date.Date
	Page
}

// ListCategorieRelaties lists categorie-relaties.
func (s *Service) ListCategorieRelaties(ctx context.Context, f RelatieFilter) ([]CategorieRelatie, int, error) {
	if (f.PartijID != "" && !db.ValidUUID(f.PartijID)) || (f.CategorieID != "" && !db.ValidUUID(f.CategorieID)) {
		return nil, 0, nil
	}
	p := f.Page
	var w db.Where
	w.Eq("r.partij_id", f.PartijID)
	w.Eq("r.categorie_id", f.CategorieID)
	w.Eq("c.naam", f.CategorieNaam)
	if f.PartijNummer != "" {
		w.And("EXISTS (SELECT 1 FROM partijen p WHERE p.id = r.partij_id AND p.nummer = " + w.Arg(f.PartijNummer) + ")")
	}
	if !f.BeginDatum.IsZero() {
		w.And("r.begin_datum = " + w.Arg(f.BeginDatum))
	}
	if !f.EindDatum.IsZero() {
		w.And("r.eind_datum = " + w.Arg(f.EindDatum))
	}
	var total int
	if err := s.DB.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM partij_categorie_relaties r LEFT JOIN partij_categorieen c ON c.id = r.categorie_id`+w.String(), w.Args()...).Scan(&total); err != nil {
		return nil, 0, err
	}
	l, err := s.listCategorieRelaties(ctx, w.String(), w.Args()...)
	if err != nil {
		return nil, 0, err
	}
	lo, hi := pageBounds(p, len(l))
	return l[lo:hi], total, nil
}
