package klant

import (
	"context"
	"database/sql"
)

// RegisterContactTx is RegisterContact inside the caller's transaction, for
// work that must commit together with the contact (an e-form submission
// registers the zaak and its web contact at once). It returns the id.
func (s *Service) RegisterContactTx(ctx context.Context, tx *sql.Tx, in ContactInput) (string, error) {
	return s.registerContact(ctx, tx, in)
}
