package zaak

import (
	"context"

	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/db"
)

// DrawIdentificatie hands out the next zaak identificatie of startdatum's
// year in its own statement, for callers of CreateTx that run a longer
// transaction (an e-form submission): on PostgreSQL, drawing inside it
// would hold the number's row lock until their commit and make every
// concurrent submission wait in line. On SQLite (one writer) it returns ""
// and CreateTx draws inside the transaction as usual. Put the result in
// CreateInput.Identificatie. A submission that then fails leaves a gap:
// identificaties are unique, not gapless.
func (s *Service) DrawIdentificatie(ctx context.Context, startdatum date.Date) (string, error) {
	if s.DB.Engine != db.Postgres || startdatum.IsZero() {
		return "", nil
	}
	n, err := drawNumber(ctx, s.DB.W, startdatum.Year)
	if err != nil {
		return "", err
	}
	return formatIdentificatie(startdatum.Year, n), nil
}
