package zaak

import (
	"context"
	"database/sql"
)

// groupCreate is a create on SQLite through the service's group commit
// (db.Group): concurrent creates share one commit, each in its own
// savepoint, so each still commits atomically with its status, rol, norms
// and audit rows.
func (s *Service) groupCreate(ctx context.Context, in CreateInput) (string, error) {
	var id string
	err := s.DB.GroupTx(ctx, &s.group, func(ctx context.Context, tx *sql.Tx) error {
		var err error
		id, err = s.create(ctx, s.q(tx), in)
		return err
	})
	if err != nil {
		return "", err
	}
	return id, nil
}
