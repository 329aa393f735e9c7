package klant

import (
	"context"
	"database/sql"
)

// groupRegister is a registration on SQLite through the service's group
// commit (db.Group), as package zaak does for creates: concurrent agents
// share one commit, each registration in its own savepoint, so each still
// commits atomically with its betrokkene, actor, audit row and events.
func (s *Service) groupRegister(ctx context.Context, in ContactInput) (string, error) {
	var id string
	err := s.DB.GroupTx(ctx, &s.group, func(ctx context.Context, tx *sql.Tx) error {
		var err error
		id, err = s.registerContact(ctx, tx, in)
		return err
	})
	if err != nil {
		return "", err
	}
	return id, nil
}
