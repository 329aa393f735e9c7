package zaak

import (
	"context"

	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/nummer"
)

// DrawIdentificatie hands out the next zaak identificatie of startdatum's
// year before a transaction, for callers of CreateTx (an e-form
// submission): on PostgreSQL, drawing inside their transaction would hold
// the number's row lock until their commit and make every concurrent
// submission wait in line. The number comes from a block reserved by this
// process (package nummer). On SQLite (one writer) it returns "" and
// CreateTx draws inside the transaction as usual. Put the result in
// CreateInput.Identificatie. A submission that then fails leaves a gap:
// identificaties are unique, not gapless. Do not call it inside a
// transaction of your own.
func (s *Service) DrawIdentificatie(ctx context.Context, startdatum date.Date) (string, error) {
	return s.predraw(ctx, CreateInput{Startdatum: startdatum})
}

// predraw draws the identificatie of a create that has none before its
// transaction, on PostgreSQL ("" otherwise: SQLite draws in the
// transaction, and a create without startdatum fails validation).
func (s *Service) predraw(ctx context.Context, in CreateInput) (string, error) {
	if s.DB.Engine != db.Postgres || trim(in.Identificatie) != "" || in.Startdatum.IsZero() {
		return "", nil
	}
	n, err := nummer.Next(ctx, s.DB, "zaak", in.Startdatum.Year)
	if err != nil {
		return "", err
	}
	return formatIdentificatie(in.Startdatum.Year, n), nil
}
