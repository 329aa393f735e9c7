package auth

import (
	"context"
	"database/sql"
	"fmt"
	"slices"

	"github.com/google/uuid"

	"github.com/gemeenten/loket/internal/audit"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/errs"
)

// Messages for the self-lock-out rule: a beheerder who removed their own
// beheerder role or deactivated themselves could lock the municipality out
// of its own administration.
const (
	SelfRoleMessage       = "U kunt uw eigen rol Beheerder niet intrekken. Vraag een andere beheerder om dat te doen."
	SelfDeactivateMessage = "U kunt uw eigen account niet deactiveren. Vraag een andere beheerder om dat te doen."
)

// isSelf reports whether the acting staff member in ctx is userID.
func isSelf(ctx context.Context, userID string) bool {
	a := audit.ActorFrom(ctx)
	return a.Kind == "medewerker" && a.ID != "" && a.ID == userID
}

// checkSelfRoles refuses a change that takes the beheerder role away from
// the acting beheerder.
func checkSelfRoles(ctx context.Context, u User, roles []string) error {
	if isSelf(ctx, u.ID) && u.HasRole(RoleBeheerder) && !slices.Contains(roles, RoleBeheerder) {
		return errs.InvalidField("roles", "self_lockout", SelfRoleMessage)
	}
	return nil
}

// SetTeam moves the user to team teamID; "" leaves them without a team.
func (s *Service) SetTeam(ctx context.Context, userID, teamID string) error {
	if teamID != "" {
		if _, err := uuid.Parse(teamID); err != nil {
			return errs.InvalidField("teamId", "invalid", "Kies een bestaand team.")
		}
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		u, err := s.getUserQ(ctx, tx, userID)
		if err != nil {
			return err
		}
		if u.TeamID == teamID {
			return nil
		}
		now := s.now()
		if _, err := tx.ExecContext(ctx, `UPDATE users SET team_id = $2, updated_at = $3 WHERE id = $1`,
			userID, nullable(teamID), now); err != nil {
			if db.IsForeignKeyViolation(err) {
				return errs.InvalidField("teamId", "invalid", "Kies een bestaand team.")
			}
			return fmt.Errorf("auth: set team: %w", err)
		}
		return audit.Record(ctx, tx, audit.Entry{Bron: "LOKET", Resource: "user", ResourceID: userID,
			ResourceWeergave: u.Naam, Actie: "set_team", ActieWeergave: "Team gewijzigd",
			Old: map[string]any{"teamId": u.TeamID}, New: map[string]any{"teamId": teamID}, At: now})
	})
}
