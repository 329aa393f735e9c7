package klant

import (
	"context"
	"database/sql"
	"time"

	"github.com/gemeenten/loket/internal/db"
)

// RegisterContactTx is RegisterContact inside the caller's transaction, for
// work that must commit together with the contact (an e-form submission
// registers the zaak and its web contact at once). It returns the id.
func (s *Service) RegisterContactTx(ctx context.Context, tx *sql.Tx, in ContactInput) (string, error) {
	if in.nummer == "" {
		in.nummer = in.Nummer
	}
	return s.registerContact(ctx, tx, in)
}

// DrawNummer hands out the next klantcontact number for a contact at t
// before a transaction, for callers of RegisterContactTx with a longer
// transaction (see zaak.Service.DrawIdentificatie for why), from the block
// of numbers this process reserved (package nummer). On SQLite it returns ""
// and the number is drawn in the transaction. Put the result in
// ContactInput.Nummer. Do not call it inside a transaction of your own.
func (s *Service) DrawNummer(ctx context.Context, t time.Time) (string, error) {
	if s.DB.Engine != db.Postgres {
		return "", nil
	}
	if t.IsZero() {
		t = s.now()
	}
	return s.blockNummer(ctx, t.UTC())
}
