package audit

import (
	"context"

	"github.com/gemeenten/loket/internal/db"
)

// ForHoofdObject lists the audit trail of one main object of a source (a
// document of the DRC or a besluit of the BRC, with the resources that
// belong to it), oldest first.
func ForHoofdObject(ctx context.Context, q db.Queryer, bron, id string) ([]Row, error) {
	return list(ctx, q, `WHERE hoofd_object = $1 AND bron = $2 ORDER BY created_at, id`, id, bron)
}
