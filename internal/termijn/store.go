package termijn

import (
	"context"
	"fmt"

	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/db"
)

// LoadOperational builds the municipality's calendar from the kalender_dagen
// table: soort 'gesloten' adds a closing day (named by omschrijving), 'open'
// makes a day a working day despite a weekend or holiday. The calendar is a
// snapshot; load it again after the table changes.
func LoadOperational(ctx context.Context, q db.Queryer) (*Calendar, error) {
	rows, err := q.QueryContext(ctx, `SELECT datum, soort, omschrijving FROM kalender_dagen ORDER BY datum`)
	if err != nil {
		return nil, fmt.Errorf("termijn: read kalender_dagen: %w", err)
	}
	defer rows.Close()
	var closed []Holiday
	var open []date.Date
	for rows.Next() {
		var h Holiday
		var soort string
		if err := rows.Scan(&h.Date, &soort, &h.Name); err != nil {
			return nil, fmt.Errorf("termijn: scan kalender_dagen: %w", err)
		}
		switch soort {
		case "gesloten":
			closed = append(closed, h)
		case "open":
			open = append(open, h.Date)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("termijn: read kalender_dagen: %w", err)
	}
	return operationalNamed(closed, open), nil
}
