package besluit

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/db"
)

// restrictTypes limits a list to the given besluittypen; nil does not limit.
func restrictTypes(w *db.Where, ids []string) {
	if ids == nil {
		return
	}
	var in []string
	for _, id := range ids {
		if db.ValidUUID(id) {
			in = append(in, w.Arg(id))
		}
	}
	if len(in) == 0 {
		w.And("1 = 0")
		return
	}
	w.And("besluittype_id IN (" + strings.Join(in, ",") + ")")
}

// ZaakIDClosed reports whether the zaak is closed (has an einddatum):
// changing its besluiten, or their documents, is a change to a closed zaak,
// which the Zaken API allows only with zaken.geforceerd-bijwerken. An empty
// or unknown zaak is not closed.
func (s *Service) ZaakIDClosed(ctx context.Context, zaakID string) (bool, error) {
	return s.zaakIDClosed(ctx, zaakID)
}

func (s *Service) zaakIDClosed(ctx context.Context, zaakID string) (bool, error) {
	if zaakID == "" || !db.ValidUUID(zaakID) {
		return false, nil
	}
	var einddatum date.Date
	err := s.db.R.QueryRowContext(ctx, `SELECT einddatum FROM zaken WHERE id = $1`, zaakID).Scan(&einddatum)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("besluit: zaak %s: %w", zaakID, err)
	}
	return !einddatum.IsZero(), nil
}
