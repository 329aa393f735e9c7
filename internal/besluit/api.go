package besluit

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/errs"
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

type geforceerdKey struct{}

// WithGeforceerd marks ctx as carrying the right to change the besluiten of
// a closed zaak (the Zaken API's zaken.geforceerd-bijwerken for the zaak,
// zrc-007). The caller decides who holds that right; the rule that a closed
// zaak's besluiten stay as they are lives here, so the pages and the API
// behave the same.
func WithGeforceerd(ctx context.Context) context.Context {
	return context.WithValue(ctx, geforceerdKey{}, true)
}

func geforceerd(ctx context.Context) bool {
	v, _ := ctx.Value(geforceerdKey{}).(bool)
	return v
}

// checkOpen refuses a change to a besluit of a closed zaak unless ctx
// carries the right to force it. It reads inside the write transaction, so
// a zaak closed meanwhile is seen.
func checkOpen(ctx context.Context, q db.Queryer, zaakID string) error {
	if zaakID == "" || geforceerd(ctx) {
		return nil
	}
	var einddatum date.Date
	err := q.QueryRowContext(ctx, `SELECT einddatum FROM zaken WHERE id = $1`, zaakID).Scan(&einddatum)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("besluit: zaak %s: %w", zaakID, err)
	}
	if !einddatum.IsZero() {
		return errAfgesloten()
	}
	return nil
}

func errAfgesloten() error {
	return errs.E(errs.Conflict, "zaak-afgesloten", "De zaak is afgesloten; een besluit van een afgesloten zaak kan alleen gewijzigd worden na heropenen van de zaak.")
}
