package klant

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/gemeenten/loket/internal/db"
)

// KlantbeeldPartij reads a partij as the KCC's klantbeeld shows it: its
// own row, its identificatoren and its digitale adressen, in three
// queries. GetPartij also reads every relation the API lists
// (rekeningnummers, betrokkenen, vertegenwoordigingen, categorieën) and the
// adressen only as ids — nine round trips for what the page does not show.
// DigitaalAdresIDs is filled; the other id lists stay empty.
func (s *Service) KlantbeeldPartij(ctx context.Context, id string) (Partij, []DigitaalAdres, error) {
	if !db.ValidUUID(id) {
		return Partij{}, nil, notFound("partij", id)
	}
	p, err := scanPartij(s.DB.R.QueryRowContext(ctx, `SELECT `+partijCols+` FROM partijen p WHERE p.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Partij{}, nil, notFound("partij", id)
	}
	if err != nil {
		return Partij{}, nil, fmt.Errorf("klant: klantbeeld partij: %w", err)
	}
	if p.Identificatoren, err = s.listIdents(ctx, `WHERE partij_id = $1`, id); err != nil {
		return Partij{}, nil, err
	}
	das, err := s.listAdressen(ctx, `WHERE partij_id = $1`, "", id)
	if err != nil {
		return Partij{}, nil, err
	}
	for _, a := range das {
		p.DigitaalAdresIDs = append(p.DigitaalAdresIDs, a.ID)
	}
	return p, das, nil
}
