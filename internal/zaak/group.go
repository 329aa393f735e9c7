package zaak

import (
	"context"
	"database/sql"
)

// groupCreate is a create on SQLite through the service's group commit
// (db.Group): concurrent creates share one commit, each in its own
// savepoint, so each still commits atomically with its status, rol, norms
// and audit rows.
func (s *Service) groupCreate(ctx context.Context, in CreateInput, x *APIExtra) (*Zaak, error) {
	var z *Zaak
	err := s.DB.GroupTx(ctx, &s.group, func(ctx context.Context, tx *sql.Tx) error {
		var err error
		z, err = s.createWith(ctx, s.q(tx), in, "", x)
		return err
	})
	if err != nil {
		return nil, err
	}
	return z, nil
}
