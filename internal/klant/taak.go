package klant

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/gemeenten/loket/internal/audit"
	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/termijn"
)

// Statussen of an interne taak.
const (
	TeVerwerken = "te_verwerken"
	Verwerkt    = "verwerkt"
)

// InterneTaak is work a klantcontact leaves for someone at the municipality;
// in the KCC: the contactverzoek (terugbelnotitie).
type InterneTaak struct {
	ID                 string
	Nummer             string // 10 digits
	Referentienummer   string
	KlantcontactID     string
	GevraagdeHandeling string
	Toelichting        string
	Status             string // te_verwerken, verwerkt
	// ActorIDs: the actors it is assigned to, first one first.
	ActorIDs []string
	// TeamID and MedewerkerID mirror the assignment for the queues.
	TeamID, MedewerkerID   string
	VoorkeurTelefoonnummer string
	VoorkeurTijd           string
	UiterlijkOp            *time.Time // due moment
	Afhandeling            string     // what came of it
	AfgehandeldDoor        string     // users.id
	GeescaleerdOp          *time.Time
	ToegewezenOp           time.Time
	AfgehandeldOp          *time.Time
	CreatedAt              time.Time
}

// TeLaat reports whether the taak is still open after its due moment.
func (t InterneTaak) TeLaat(now time.Time) bool {
	return t.Status == TeVerwerken && t.UiterlijkOp != nil && now.After(*t.UiterlijkOp)
}

// TaakInput creates or replaces an interne taak. Assign it with TeamID
// and/or MedewerkerID (the KCC), or with ActorIDs (the API); at least one.
type TaakInput struct {
	KlantcontactID         string
	GevraagdeHandeling     string
	Toelichting            string
	Status                 string // default te_verwerken
	Referentienummer       string
	ActorIDs               []string
	TeamID                 string
	MedewerkerID           string
	VoorkeurTelefoonnummer string
	VoorkeurTijd           string
	// UiterlijkOp: the due moment; zero computes it with Service.DueAt.
	UiterlijkOp   time.Time
	AfgehandeldOp *time.Time
}

func (s *Service) checkTaak(ctx context.Context, q db.Queryer, in *TaakInput, prefix string) error {
	var f errs.Fields
	if required(&f, "aanleidinggevendKlantcontact", in.KlantcontactID, "Kies het klantcontact waar de taak uit voortkomt.") &&
		checkUUID(&f, "aanleidinggevendKlantcontact", in.KlantcontactID) {
		if err := exists(ctx, q, &f, "aanleidinggevendKlantcontact", "klantcontacten", in.KlantcontactID, "Dit klantcontact"); err != nil {
			return err
		}
	}
	in.GevraagdeHandeling = strings.TrimSpace(in.GevraagdeHandeling)
	if required(&f, prefix+"gevraagdeHandeling", in.GevraagdeHandeling, "Vul in wat er moet gebeuren, bijvoorbeeld: terugbellen.") {
		maxLen(&f, prefix+"gevraagdeHandeling", in.GevraagdeHandeling, 200)
	}
	maxLen(&f, prefix+"toelichting", in.Toelichting, 1000)
	maxLen(&f, prefix+"referentienummer", in.Referentienummer, 10)
	maxLen(&f, prefix+"voorkeurTijd", in.VoorkeurTijd, 100)
	if in.Status == "" {
		in.Status = TeVerwerken
	}
	if in.Status != TeVerwerken && in.Status != Verwerkt {
		f.Add(prefix+"status", "invalid_choice", "Kies te_verwerken of verwerkt.")
	}
	if in.VoorkeurTelefoonnummer != "" {
		if !phoneRe.MatchString(NormTelefoon(in.VoorkeurTelefoonnummer)) {
			f.Add(prefix+"voorkeurTelefoonnummer", "invalid", "Dit is geen geldig telefoonnummer. Gebruik 10 cijfers (0612345678) of +31…")
		} else {
			in.VoorkeurTelefoonnummer = NormTelefoon(in.VoorkeurTelefoonnummer)
		}
	}
	if checkUUID(&f, prefix+"team", in.TeamID) {
		if err := exists(ctx, q, &f, prefix+"team", "teams", in.TeamID, "Dit team"); err != nil {
			return err
		}
	}
	if checkUUID(&f, prefix+"medewerker", in.MedewerkerID) {
		if err := exists(ctx, q, &f, prefix+"medewerker", "users", in.MedewerkerID, "Deze medewerker"); err != nil {
			return err
		}
	}
	for i, a := range in.ActorIDs {
		field := fmt.Sprintf("toegewezenAanActoren.%d", i)
		if checkUUID(&f, field, a) {
			if err := exists(ctx, q, &f, field, "actoren", a, "Deze actor"); err != nil {
				return err
			}
		}
	}
	if in.TeamID == "" && in.MedewerkerID == "" && len(in.ActorIDs) == 0 {
		f.Add(prefix+"toegewezenAan", "required", "Kies het team of de medewerker die de taak oppakt.")
	}
	return f.Err()
}

// CreateInterneTaak creates an interne taak. An API contact whose uitkomst was
// derived becomes a contactverzoek.
func (s *Service) CreateInterneTaak(ctx context.Context, in TaakInput) (InterneTaak, error) {
	if err := s.reserve(ctx, "internetaak"); err != nil {
		return InterneTaak{}, err
	}
	var id string
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		id, err = s.createTaak(ctx, tx, in, "")
		return err
	})
	if err != nil {
		return InterneTaak{}, err
	}
	return s.GetInterneTaak(ctx, id)
}

// resolveAssignment fills ActorIDs from TeamID/MedewerkerID and the other way
// round, so the API and the queues see the same assignment.
func (s *Service) resolveAssignment(ctx context.Context, tx *sql.Tx, in *TaakInput) error {
	var ids []string
	if in.MedewerkerID != "" {
		a, err := s.actorForUser(ctx, tx, in.MedewerkerID)
		if err != nil {
			return err
		}
		ids = append(ids, a)
	}
	if in.TeamID != "" {
		a, err := s.actorForTeam(ctx, tx, in.TeamID)
		if err != nil {
			return err
		}
		ids = append(ids, a)
	}
	for _, a := range in.ActorIDs {
		if !contains(ids, a) {
			ids = append(ids, a)
		}
	}
	in.ActorIDs = ids
	if in.TeamID == "" || in.MedewerkerID == "" {
		actors, err := s.listActorenIn(ctx, tx, ids)
		if err != nil {
			return err
		}
		for _, a := range actors {
			if in.MedewerkerID == "" && a.UserID != "" {
				in.MedewerkerID = a.UserID
			}
			if in.TeamID == "" && a.TeamID != "" {
				in.TeamID = a.TeamID
			}
		}
	}
	if in.TeamID == "" && in.MedewerkerID != "" {
		var team sql.NullString
		if err := tx.QueryRowContext(ctx, `SELECT team_id FROM users WHERE id = $1`, in.MedewerkerID).Scan(&team); err != nil {
			return err
		}
		in.TeamID = nullStr(team)
	}
	return nil
}

func (s *Service) listActorenIn(ctx context.Context, q db.Queryer, ids []string) ([]Actor, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	in, args := inList(ids)
	return s.listActoren(ctx, q, `WHERE id IN `+in, "", args...)
}

// DefaultDueAt adds the team's contactverzoek term (werkdagen on the
// operational calendar, default 1) to from, keeping the time of day.
func DefaultDueAt(ctx context.Context, q db.Queryer, teamID string, from time.Time) (time.Time, error) {
	n := 1
	if teamID != "" {
		if err := q.QueryRowContext(ctx, `SELECT contactverzoek_sla_werkdagen FROM teams WHERE id = $1`, teamID).Scan(&n); err != nil && err != sql.ErrNoRows {
			return time.Time{}, fmt.Errorf("klant: team sla: %w", err)
		}
	}
	cal, err := termijn.LoadOperational(ctx, q)
	if err != nil {
		return time.Time{}, err
	}
	local := from.In(date.Amsterdam)
	d := cal.AddWorkdays(date.Of(local), n)
	return time.Date(d.Year, d.Month, d.Day, local.Hour(), local.Minute(), 0, 0, date.Amsterdam).UTC(), nil
}

func (s *Service) createTaak(ctx context.Context, tx *sql.Tx, in TaakInput, prefix string) (string, error) {
	if err := s.checkTaak(ctx, tx, &in, prefix); err != nil {
		return "", err
	}
	if err := s.resolveAssignment(ctx, tx, &in); err != nil {
		return "", err
	}
	now := s.now()
	if in.UiterlijkOp.IsZero() {
		due := s.DueAt
		if due == nil {
			due = DefaultDueAt
		}
		t, err := due(ctx, tx, in.TeamID, now)
		if err != nil {
			return "", err
		}
		in.UiterlijkOp = t
	}
	id := newID()
	nummer, err := s.nextNummer(ctx, tx, "internetaak")
	if err != nil {
		return "", err
	}
	var afgehandeld any
	var door any
	if in.Status == Verwerkt {
		afgehandeld = now
		if in.AfgehandeldOp != nil {
			afgehandeld = in.AfgehandeldOp.UTC()
		}
		if a := audit.ActorFrom(ctx); a.Kind == "medewerker" && db.ValidUUID(a.ID) {
			door = a.ID
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO interne_taken (id, nummer, referentienummer, klantcontact_id,
		gevraagde_handeling, toelichting, status, team_id, medewerker_id, voorkeur_telefoonnummer, voorkeur_tijd,
		uiterlijk_op, afgehandeld_door, toegewezen_op, afgehandeld_op, created_at, updated_at)
		VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$14,$14)`, id, nummer, in.Referentienummer,
		in.KlantcontactID, in.GevraagdeHandeling, in.Toelichting, in.Status, orNull(in.TeamID), orNull(in.MedewerkerID),
		in.VoorkeurTelefoonnummer, in.VoorkeurTijd, in.UiterlijkOp.UTC(), door, now, afgehandeld); err != nil {
		return "", fmt.Errorf("klant: insert interne taak: %w", err)
	}
	if err := s.writeTaakActors(ctx, tx, id, in.ActorIDs); err != nil {
		return "", err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE klantcontacten SET uitkomst = 'contactverzoek', uitkomst_afgeleid = FALSE
		WHERE id = $1 AND uitkomst_afgeleid`, in.KlantcontactID); err != nil {
		return "", err
	}
	return id, s.record(ctx, tx, change{resource: "internetaak", id: id, actie: "create", new: in, weergave: in.GevraagdeHandeling})
}

func (s *Service) writeTaakActors(ctx context.Context, tx *sql.Tx, id string, actors []string) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM interne_taak_actoren WHERE interne_taak_id = $1`, id); err != nil {
		return err
	}
	for i, a := range actors {
		if _, err := tx.ExecContext(ctx, `INSERT INTO interne_taak_actoren (interne_taak_id, actor_id, volgorde) VALUES ($1,$2,$3)`, id, a, i); err != nil {
			return fmt.Errorf("klant: taak actor: %w", err)
		}
	}
	return nil
}

// UpdateInterneTaak replaces an interne taak (the API's PUT/PATCH). Setting
// status verwerkt records when (and by whom) it was handled.
func (s *Service) UpdateInterneTaak(ctx context.Context, id string, in TaakInput) (InterneTaak, error) {
	old, err := s.GetInterneTaak(ctx, id)
	if err != nil {
		return InterneTaak{}, err
	}
	err = s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if err := s.checkTaak(ctx, tx, &in, ""); err != nil {
			return err
		}
		if err := s.resolveAssignment(ctx, tx, &in); err != nil {
			return err
		}
		now := s.now()
		due := in.UiterlijkOp
		if due.IsZero() && old.UiterlijkOp != nil {
			due = *old.UiterlijkOp
		}
		var afgehandeld any
		door := orNull(old.AfgehandeldDoor)
		if in.Status == Verwerkt {
			switch {
			case in.AfgehandeldOp != nil:
				afgehandeld = in.AfgehandeldOp.UTC()
			case old.AfgehandeldOp != nil:
				afgehandeld = *old.AfgehandeldOp
			default:
				afgehandeld = now
			}
			if a := audit.ActorFrom(ctx); old.Status != Verwerkt && a.Kind == "medewerker" && db.ValidUUID(a.ID) {
				door = a.ID
			}
		} else {
			door = nil
		}
		if _, err := tx.ExecContext(ctx, `UPDATE interne_taken SET referentienummer=$2, klantcontact_id=$3, gevraagde_handeling=$4,
			toelichting=$5, status=$6, team_id=$7, medewerker_id=$8, voorkeur_telefoonnummer=$9, voorkeur_tijd=$10,
			uiterlijk_op=$11, afgehandeld_door=$12, afgehandeld_op=$13, updated_at=$14 WHERE id=$1`, id, in.Referentienummer,
			in.KlantcontactID, in.GevraagdeHandeling, in.Toelichting, in.Status, orNull(in.TeamID), orNull(in.MedewerkerID),
			in.VoorkeurTelefoonnummer, in.VoorkeurTijd, ptrTime(&due), door, afgehandeld, now); err != nil {
			return fmt.Errorf("klant: update interne taak: %w", err)
		}
		if err := s.writeTaakActors(ctx, tx, id, in.ActorIDs); err != nil {
			return err
		}
		return s.record(ctx, tx, change{resource: "internetaak", id: id, actie: "update", old: old, new: in, weergave: in.GevraagdeHandeling})
	})
	if err != nil {
		return InterneTaak{}, err
	}
	return s.GetInterneTaak(ctx, id)
}

// HandelTaakAf closes a contactverzoek with what came of it (the callback's
// outcome), by the staff actor in ctx.
func (s *Service) HandelTaakAf(ctx context.Context, id, afhandeling string) (InterneTaak, error) {
	old, err := s.GetInterneTaak(ctx, id)
	if err != nil {
		return InterneTaak{}, err
	}
	var f errs.Fields
	if required(&f, "afhandeling", afhandeling, "Beschrijf wat er met het verzoek is gedaan, bijvoorbeeld wat u met de klant hebt besproken.") {
		maxLen(&f, "afhandeling", afhandeling, 1000)
	}
	if err := f.Err(); err != nil {
		return InterneTaak{}, err
	}
	if old.Status == Verwerkt {
		return InterneTaak{}, errs.E(errs.Conflict, "already_done", "Dit contactverzoek is al afgehandeld.")
	}
	err = s.DB.Tx(ctx, func(tx *sql.Tx) error {
		now := s.now()
		var door any
		if a := audit.ActorFrom(ctx); a.Kind == "medewerker" && db.ValidUUID(a.ID) {
			door = a.ID
		}
		res, err := tx.ExecContext(ctx, `UPDATE interne_taken SET status = 'verwerkt', afhandeling = $2, afgehandeld_op = $3,
			afgehandeld_door = $4, updated_at = $3 WHERE id = $1 AND status = 'te_verwerken'`, id, strings.TrimSpace(afhandeling), now, door)
		if err != nil {
			return fmt.Errorf("klant: handel taak af: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errs.E(errs.Conflict, "already_done", "Dit contactverzoek is al afgehandeld.")
		}
		return s.record(ctx, tx, change{resource: "internetaak", id: id, actie: "afhandelen", old: old,
			new: map[string]string{"status": Verwerkt, "afhandeling": afhandeling}, weergave: old.GevraagdeHandeling})
	})
	if err != nil {
		return InterneTaak{}, err
	}
	return s.GetInterneTaak(ctx, id)
}

// WijsTaakToe assigns an open taak to another team and/or medewerker
// (forwarding keeps the taak, so its context travels along).
func (s *Service) WijsTaakToe(ctx context.Context, id, teamID, medewerkerID string) (InterneTaak, error) {
	old, err := s.GetInterneTaak(ctx, id)
	if err != nil {
		return InterneTaak{}, err
	}
	if old.Status == Verwerkt {
		return InterneTaak{}, errs.E(errs.Conflict, "already_done", "Dit contactverzoek is al afgehandeld.")
	}
	in := TaakInput{KlantcontactID: old.KlantcontactID, GevraagdeHandeling: old.GevraagdeHandeling, Toelichting: old.Toelichting,
		Status: old.Status, Referentienummer: old.Referentienummer, TeamID: teamID, MedewerkerID: medewerkerID,
		VoorkeurTelefoonnummer: old.VoorkeurTelefoonnummer, VoorkeurTijd: old.VoorkeurTijd}
	if old.UiterlijkOp != nil {
		in.UiterlijkOp = *old.UiterlijkOp
	}
	err = s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if err := s.checkTaak(ctx, tx, &in, ""); err != nil {
			return err
		}
		if err := s.resolveAssignment(ctx, tx, &in); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE interne_taken SET team_id=$2, medewerker_id=$3, toegewezen_op=$4, updated_at=$4 WHERE id=$1`,
			id, orNull(in.TeamID), orNull(in.MedewerkerID), s.now()); err != nil {
			return err
		}
		if err := s.writeTaakActors(ctx, tx, id, in.ActorIDs); err != nil {
			return err
		}
		return s.record(ctx, tx, change{resource: "internetaak", id: id, actie: "toewijzen", old: old, new: in, weergave: old.GevraagdeHandeling})
	})
	if err != nil {
		return InterneTaak{}, err
	}
	return s.GetInterneTaak(ctx, id)
}

// MarkeerGeescaleerd records that an overdue taak was escalated to the team
// lead; it reports false when it already was (or is handled), so a job that
// runs twice escalates once.
func (s *Service) MarkeerGeescaleerd(ctx context.Context, id string) (bool, error) {
	var done bool
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		now := s.now()
		res, err := tx.ExecContext(ctx, `UPDATE interne_taken SET geescaleerd_op = $2, updated_at = $2
			WHERE id = $1 AND geescaleerd_op IS NULL AND status = 'te_verwerken'`, id, now)
		if err != nil {
			return err
		}
		n, _ := res.RowsAffected()
		if done = n > 0; !done {
			return nil
		}
		return s.record(ctx, tx, change{resource: "internetaak", id: id, actie: "escaleren", new: map[string]any{"geescaleerdOp": now}})
	})
	return done, err
}

// DeleteInterneTaak removes an interne taak.
func (s *Service) DeleteInterneTaak(ctx context.Context, id string) error {
	old, err := s.GetInterneTaak(ctx, id)
	if err != nil {
		return err
	}
	return s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM interne_taken WHERE id = $1`, id); err != nil {
			return err
		}
		return s.record(ctx, tx, change{resource: "internetaak", id: id, actie: "destroy", old: old, weergave: old.GevraagdeHandeling})
	})
}

const taakCols = `t.id, t.nummer, t.referentienummer, t.klantcontact_id, t.gevraagde_handeling, t.toelichting, t.status,
	t.team_id, t.medewerker_id, t.voorkeur_telefoonnummer, t.voorkeur_tijd, t.uiterlijk_op, t.afhandeling,
	t.afgehandeld_door, t.geescaleerd_op, t.toegewezen_op, t.afgehandeld_op, t.created_at`

func (s *Service) listTaken(ctx context.Context, where, order string, args ...any) ([]InterneTaak, error) {
	rows, err := s.DB.R.QueryContext(ctx, `SELECT `+taakCols+` FROM interne_taken t `+where+order, args...)
	if err != nil {
		return nil, fmt.Errorf("klant: interne taken: %w", err)
	}
	defer rows.Close()
	var out []InterneTaak
	for rows.Next() {
		var t InterneTaak
		var team, mw, door sql.NullString
		var due, esc, af sql.NullTime
		if err := rows.Scan(&t.ID, &t.Nummer, &t.Referentienummer, &t.KlantcontactID, &t.GevraagdeHandeling, &t.Toelichting,
			&t.Status, &team, &mw, &t.VoorkeurTelefoonnummer, &t.VoorkeurTijd, &due, &t.Afhandeling, &door, &esc,
			&t.ToegewezenOp, &af, &t.CreatedAt); err != nil {
			return nil, err
		}
		t.TeamID, t.MedewerkerID, t.AfgehandeldDoor = nullStr(team), nullStr(mw), nullStr(door)
		t.UiterlijkOp, t.GeescaleerdOp, t.AfgehandeldOp = nullTime(due), nullTime(esc), nullTime(af)
		t.ToegewezenOp, t.CreatedAt = t.ToegewezenOp.UTC(), t.CreatedAt.UTC()
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	if len(out) == 0 {
		return out, nil
	}
	idx := map[string]*InterneTaak{}
	ids := make([]string, len(out))
	for i := range out {
		idx[out[i].ID], ids[i] = &out[i], out[i].ID
	}
	in, iargs := inList(ids)
	arows, err := s.DB.R.QueryContext(ctx, `SELECT interne_taak_id, actor_id FROM interne_taak_actoren WHERE interne_taak_id IN `+in+` ORDER BY volgorde`, iargs...)
	if err != nil {
		return nil, err
	}
	defer arows.Close()
	for arows.Next() {
		var tid, aid string
		if err := arows.Scan(&tid, &aid); err != nil {
			return nil, err
		}
		idx[tid].ActorIDs = append(idx[tid].ActorIDs, aid)
	}
	return out, arows.Err()
}

// GetInterneTaak reads one interne taak.
func (s *Service) GetInterneTaak(ctx context.Context, id string) (InterneTaak, error) {
	if !db.ValidUUID(id) {
		return InterneTaak{}, notFound("interne taak", id)
	}
	l, err := s.listTaken(ctx, `WHERE t.id = $1`, "", id)
	if err != nil {
		return InterneTaak{}, err
	}
	if len(l) == 0 {
		return InterneTaak{}, notFound("interne taak", id)
	}
	return l[0], nil
}

// TaakFilter selects interne taken; empty fields do not filter.
type TaakFilter struct {
	TeamID, MedewerkerID, Status, KlantcontactID, ActorID, Nummer string
	// PartijID: taken from contacts of this partij.
	PartijID string
	// TeLaatOp: only open taken whose due moment is before this time.
	TeLaatOp time.Time
	// NietGeescaleerd: only taken not escalated yet.
	NietGeescaleerd  bool
	Referentienummer string
	// ActorNaam: assigned to an actor with this name.
	ActorNaam                                        string
	KlantcontactNummer, KlantcontactReferentienummer string
	// ToegewezenOp: assigned at exactly this moment.
	ToegewezenOp time.Time
	Page
}

// ListInterneTaken lists interne taken with the total count: open ones by
// due moment first (the queue), handled ones after.
func (s *Service) ListInterneTaken(ctx context.Context, f TaakFilter) ([]InterneTaak, int, error) {
	for _, id := range []string{f.TeamID, f.MedewerkerID, f.KlantcontactID, f.ActorID, f.PartijID} {
		if id != "" && !db.ValidUUID(id) {
			return nil, 0, nil
		}
	}
	var w db.Where
	w.Eq("t.team_id", f.TeamID)
	w.Eq("t.medewerker_id", f.MedewerkerID)
	w.Eq("t.status", f.Status)
	w.Eq("t.klantcontact_id", f.KlantcontactID)
	w.Eq("t.nummer", f.Nummer)
	if f.ActorID != "" {
		w.And("EXISTS (SELECT 1 FROM interne_taak_actoren a WHERE a.interne_taak_id = t.id AND a.actor_id = " + w.Arg(f.ActorID) + ")")
	}
	if f.PartijID != "" {
		w.And("t.klantcontact_id IN (SELECT k.id FROM klantcontacten k WHERE k.klant_partij_id = " + w.Arg(f.PartijID) + ")")
	}
	if !f.TeLaatOp.IsZero() {
		w.And("t.status = 'te_verwerken' AND t.uiterlijk_op < " + w.Arg(f.TeLaatOp.UTC()))
	}
	if f.NietGeescaleerd {
		w.And("t.geescaleerd_op IS NULL")
	}
	w.Eq("t.referentienummer", f.Referentienummer)
	if f.ActorNaam != "" {
		w.And("EXISTS (SELECT 1 FROM interne_taak_actoren ta JOIN actoren ac ON ac.id = ta.actor_id WHERE ta.interne_taak_id = t.id AND ac.naam = " + w.Arg(f.ActorNaam) + ")")
	}
	if f.KlantcontactNummer != "" {
		w.And("EXISTS (SELECT 1 FROM klantcontacten k WHERE k.id = t.klantcontact_id AND k.nummer = " + w.Arg(f.KlantcontactNummer) + ")")
	}
	if f.KlantcontactReferentienummer != "" {
		w.And("EXISTS (SELECT 1 FROM klantcontacten k WHERE k.id = t.klantcontact_id AND k.referentienummer = " + w.Arg(f.KlantcontactReferentienummer) + ")")
	}
	if !f.ToegewezenOp.IsZero() {
		w.And("t.toegewezen_op = " + w.Arg(f.ToegewezenOp.UTC()))
	}
	var total int
	if err := s.DB.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM interne_taken t`+w.String(), w.Args()...).Scan(&total); err != nil {
		return nil, 0, err
	}
	l, err := s.listTaken(ctx, w.String(), ` ORDER BY CASE WHEN t.status = 'te_verwerken' THEN 0 ELSE 1 END, t.uiterlijk_op, t.nummer`+f.Page.sql(), w.Args()...)
	return l, total, err
}
