package zaak

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/gemeenten/loket/internal/audit"
	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/termijn"
)

// The back office (issue 5) needs a few things of the zaak domain that the
// ZGW API does not: assigning zaken to a team and a behandelaar in bulk,
// settling a notice norm inside the transaction that records the letter,
// and the operational calendar for "werkdagen left".

// Assignment is who handles a zaak: a team and, optionally, one of its
// members. An empty BehandelaarID leaves the zaak to the team.
type Assignment struct {
	TeamID        string
	BehandelaarID string
}

// MaxAssign is the most zaken one Assign call takes.
const MaxAssign = 500

// Assign gives the zaken to a team and behandelaar, all or none in one
// transaction. Only a teamleider (or beheerder) may assign; the team must
// exist, the behandelaar must be an active user of that team with the role
// behandelaar or teamleider; closed zaken cannot be assigned. Every zaak
// whose assignment changes gets an audit row.
func (s *Service) Assign(ctx context.Context, zaakIDs []string, a Assignment) (int, error) {
	actor := audit.ActorFrom(ctx)
	if actor.Kind == "medewerker" && !actor.HasRole("teamleider", "beheerder") {
		return 0, errs.E(errs.Forbidden, "toewijzen", "Alleen een teamleider mag zaken toewijzen.")
	}
	var f errs.Fields
	if len(zaakIDs) == 0 {
		f.Add("zaken", "required", "Kies minstens één zaak.")
	} else if len(zaakIDs) > MaxAssign {
		f.Add("zaken", "max_items", fmt.Sprintf("Wijs hoogstens %d zaken tegelijk toe.", MaxAssign))
	}
	if a.TeamID == "" {
		f.Add("team", "required", "Kies een team.")
	} else if !db.ValidUUID(a.TeamID) {
		f.Add("team", "invalid", "Dit team bestaat niet.")
	}
	if a.BehandelaarID != "" && !db.ValidUUID(a.BehandelaarID) {
		f.Add("behandelaar", "invalid", "Deze medewerker bestaat niet.")
	}
	for _, id := range zaakIDs {
		if !db.ValidUUID(id) {
			f.Add("zaken", "invalid", "Een van de gekozen zaken bestaat niet.")
			break
		}
	}
	if err := f.Err(); err != nil {
		return 0, err
	}
	changed := 0
	err := s.DB.Tx(ctx, func(sqlTx *sql.Tx) error {
		changed = 0
		ok, err := db.Exists(ctx, sqlTx, `SELECT 1 FROM teams WHERE id = $1`, a.TeamID)
		if err != nil {
			return err
		}
		if !ok {
			return errs.InvalidField("team", "does_not_exist", "Dit team bestaat niet.")
		}
		if a.BehandelaarID != "" {
			var teamID sql.NullString
			var active bool
			err := sqlTx.QueryRowContext(ctx, `SELECT team_id, active FROM users WHERE id = $1`, a.BehandelaarID).Scan(&teamID, &active)
			if errors.Is(err, sql.ErrNoRows) {
				return errs.InvalidField("behandelaar", "does_not_exist", "Deze medewerker bestaat niet.")
			}
			if err != nil {
				return fmt.Errorf("zaak: assign: user: %w", err)
			}
			if !active {
				return errs.InvalidField("behandelaar", "inactive", "Deze medewerker is niet meer actief.")
			}
			if teamID.String != a.TeamID {
				return errs.InvalidField("behandelaar", "other-team", "Deze medewerker hoort niet bij het gekozen team.")
			}
			roles, err := userRoles(ctx, sqlTx, a.BehandelaarID)
			if err != nil {
				return err
			}
			if !slices.Contains(roles, "behandelaar") && !slices.Contains(roles, "teamleider") {
				return errs.InvalidField("behandelaar", "no-role", "Deze medewerker is geen behandelaar.")
			}
		}
		now := s.now()
		seen := map[string]bool{}
		for _, id := range zaakIDs {
			if seen[id] {
				continue
			}
			seen[id] = true
			z, err := s.lockZaak(ctx, sqlTx, id)
			if err != nil {
				return err
			}
			if z.IsClosed() {
				return errs.E(errs.Conflict, "zaak-afgesloten", "Zaak "+z.Identificatie+" is afgesloten en kan niet worden toegewezen.")
			}
			if z.TeamID == a.TeamID && z.BehandelaarID == a.BehandelaarID {
				continue
			}
			old := Assignment{TeamID: z.TeamID, BehandelaarID: z.BehandelaarID}
			if _, err := sqlTx.ExecContext(ctx, `UPDATE zaken SET team_id = $2, behandelaar_id = $3, updated_at = $4 WHERE id = $1`,
				z.ID, a.TeamID, nullStr(a.BehandelaarID), now); err != nil {
				return fmt.Errorf("zaak: assign: %w", err)
			}
			what := "Zaak toegewezen aan team"
			if a.BehandelaarID != "" {
				what = "Zaak toegewezen aan behandelaar"
			}
			if err := s.auditor(ctx, sqlTx, z, now).record("zaak", z.ID, "toewijzen", what, old, a); err != nil {
				return err
			}
			changed++
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return changed, nil
}

func userRoles(ctx context.Context, q db.Queryer, userID string) ([]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT rol FROM user_roles WHERE user_id = $1`, userID)
	if err != nil {
		return nil, fmt.Errorf("zaak: user roles: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var r string
		if err := rows.Scan(&r); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// NoticeSentTx settles the notice norm (N1, N3 or N5; the latest open
// instance) inside the caller's transaction, as MarkNoticeSent does, so
// that the letter and the norm it settles commit together. It reports
// whether an instance was open; when none is, nothing is written.
func (s *Service) NoticeSentTx(ctx context.Context, tx *sql.Tx, zaakID, norm string, now time.Time) (bool, error) {
	if norm != N1 && norm != N3 && norm != N5 {
		return false, errs.InvalidField("norm", "invalid_choice", "Alleen voor N1, N3 en N5 wordt een brief verstuurd.")
	}
	z, err := s.lockZaak(ctx, tx, zaakID)
	if err != nil {
		return false, err
	}
	now = now.UTC()
	var volgnr int
	err = tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(volgnummer), 0) FROM zaak_normen WHERE zaak_id = $1
		AND norm = $2 AND (state = 'open' OR (state = 'breached' AND settled_at IS NULL))`, zaakID, norm).Scan(&volgnr)
	if err != nil {
		return false, fmt.Errorf("zaak: notice: %w", err)
	}
	if volgnr == 0 {
		return false, nil
	}
	if _, err := settleNormOn(ctx, tx, zaakID, norm, volgnr, NormMet, "brief_verstuurd", date.Today(now), now); err != nil {
		return false, err
	}
	err = s.auditor(ctx, tx, z, now).record("norm", norm, "notice_sent", "Brief verstuurd voor "+norm, nil,
		map[string]any{"norm": norm, "volgnummer": volgnr})
	return err == nil, err
}

// OperationalCalendar is the municipality's calendar (werkdagen of the
// service norms), cached like the one the norms use.
func (s *Service) OperationalCalendar(ctx context.Context) (*termijn.Calendar, error) {
	return s.operational(ctx, s.DB.R)
}
