package auth_test

import (
	"context"
	"testing"

	"github.com/gemeenten/loket/internal/audit"
	"github.com/gemeenten/loket/internal/auth"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/db/dbtest"
	"github.com/gemeenten/loket/internal/errs"
)

func TestSetTeamAndSelfLockout(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s, _ := newService(t, d, nil)
		team, err := s.CreateTeam(adminCtx, auth.Team{Code: "VERG", Naam: "Vergunningen"})
		if err != nil {
			t.Fatal(err)
		}
		u := mustUser(t, s, "piet", "een-lang-wachtwoord", auth.RoleBehandelaar)
		if err := s.SetTeam(adminCtx, u.ID, team.ID); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.GetUser(adminCtx, u.ID); got.TeamID != team.ID {
			t.Fatalf("team = %q", got.TeamID)
		}
		if err := s.SetTeam(adminCtx, u.ID, "geen-uuid"); !errs.Is(err, errs.Invalid) {
			t.Fatalf("malformed team: %v", err)
		}
		if err := s.SetTeam(adminCtx, u.ID, "00000000-0000-0000-0000-000000000001"); !errs.Is(err, errs.Invalid) {
			t.Fatalf("unknown team: %v", err)
		}
		if err := s.SetTeam(adminCtx, "00000000-0000-0000-0000-000000000001", team.ID); !errs.Is(err, errs.NotFound) {
			t.Fatalf("unknown user: %v", err)
		}
		if err := s.SetTeam(adminCtx, u.ID, ""); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.GetUser(adminCtx, u.ID); got.TeamID != "" {
			t.Fatalf("team after clearing = %q", got.TeamID)
		}
		rows, _ := audit.ForResource(adminCtx, d.R, "user", u.ID)
		n := 0
		for _, r := range rows {
			if r.Actie == "set_team" {
				n++
			}
		}
		if n != 2 {
			t.Fatalf("%d set_team audit rows, want 2", n)
		}

		// A beheerder cannot take away their own beheerder role or deactivate themselves.
		b := mustUser(t, s, "beheer", "een-lang-wachtwoord", auth.RoleBeheerder, auth.RoleKCC)
		self := audit.WithActor(context.Background(), auth.ActorFor(b))
		err = s.SetRoles(self, b.ID, []string{auth.RoleKCC})
		if e := errs.As(err); e == nil || e.Kind != errs.Invalid || len(e.Fields) != 1 || e.Fields[0].Field != "roles" ||
			e.Fields[0].Reason != auth.SelfRoleMessage {
			t.Fatalf("own beheerder role removed: %v", err)
		}
		if err := s.Deactivate(self, b.ID); !errs.Is(err, errs.Conflict) || errs.Message(err) != auth.SelfDeactivateMessage {
			t.Fatalf("self-deactivation: %v", err)
		}
		got, _ := s.GetUser(adminCtx, b.ID)
		if !got.Active || !got.HasRole(auth.RoleBeheerder) {
			t.Fatalf("self-lock-out went through: %+v", got)
		}
		// Other changes to their own roles are fine.
		if err := s.SetRoles(self, b.ID, []string{auth.RoleBeheerder}); err != nil {
			t.Fatal(err)
		}
		// Another beheerder may do both.
		if err := s.SetRoles(adminCtx, b.ID, []string{auth.RoleKCC}); err != nil {
			t.Fatal(err)
		}
		if err := s.Deactivate(adminCtx, b.ID); err != nil {
			t.Fatal(err)
		}
	})
}
