package klant

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/errs"
)

// Soorten actor.
const (
	ActorMedewerker              = "medewerker"
	ActorGeautomatiseerd         = "geautomatiseerde_actor"
	ActorOrganisatorischeEenheid = "organisatorische_eenheid"
)

// Actor is someone (or something) at the municipality that takes part in
// contacts or handles interne taken: a medewerker, an organisatorische
// eenheid (a team) or an automated actor. UserID / TeamID link it to a
// Loket account or team.
type Actor struct {
	ID              string
	Naam            string
	SoortActor      string
	IndicatieActief bool
	Identificator   ObjectIdentificator
	// actorIdentificatie: Functie (medewerker, geautomatiseerd),
	// Omschrijving (eenheid, geautomatiseerd), contact details.
	Functie, Omschrijving, Emailadres, Telefoonnummer, Faxnummer string
	UserID, TeamID                                               string
}

func (s *Service) checkActor(ctx context.Context, q db.Queryer, a *Actor) error {
	var f errs.Fields
	a.Naam = strings.TrimSpace(a.Naam)
	if required(&f, "naam", a.Naam, "Vul de naam van de actor in.") {
		maxLen(&f, "naam", a.Naam, 200)
	}
	switch a.SoortActor {
	case ActorMedewerker, ActorGeautomatiseerd, ActorOrganisatorischeEenheid:
	default:
		f.Add("soortActor", "invalid_choice", "Kies medewerker, geautomatiseerde_actor of organisatorische_eenheid.")
	}
	checkObjIdent(&f, "actoridentificator", a.Identificator)
	maxLen(&f, "actorIdentificatie.functie", a.Functie, 40)
	maxLen(&f, "actorIdentificatie.omschrijving", a.Omschrijving, 200)
	maxLen(&f, "actorIdentificatie.emailadres", a.Emailadres, 254)
	maxLen(&f, "actorIdentificatie.faxnummer", a.Faxnummer, 20)
	if a.Telefoonnummer != "" && !phoneRe.MatchString(NormTelefoon(a.Telefoonnummer)) {
		f.Add("actorIdentificatie.telefoonnummer", "invalid", "Dit is geen geldig telefoonnummer. Gebruik 10 cijfers (0612345678) of +31…")
	}
	if a.UserID != "" && a.SoortActor != ActorMedewerker {
		f.Add("soortActor", "invalid", "Alleen een medewerker hoort bij een gebruiker.")
	}
	if a.TeamID != "" && a.SoortActor != ActorOrganisatorischeEenheid {
		f.Add("soortActor", "invalid", "Alleen een organisatorische eenheid hoort bij een team.")
	}
	if checkUUID(&f, "medewerker", a.UserID) {
		if err := exists(ctx, q, &f, "medewerker", "users", a.UserID, "Deze medewerker"); err != nil {
			return err
		}
	}
	if checkUUID(&f, "team", a.TeamID) {
		if err := exists(ctx, q, &f, "team", "teams", a.TeamID, "Dit team"); err != nil {
			return err
		}
	}
	return f.Err()
}

const insertActorSQL = `INSERT INTO actoren (id, naam, soort_actor, indicatie_actief, ident_object_id,
	ident_code_objecttype, ident_code_register, ident_code_soort_object_id, functie, omschrijving, emailadres,
	telefoonnummer, faxnummer, user_id, team_id, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16)`

func (s *Service) actorArgs(a Actor) []any {
	return []any{a.ID, a.Naam, a.SoortActor, a.IndicatieActief, a.Identificator.ObjectID, a.Identificator.CodeObjecttype,
		a.Identificator.CodeRegister, a.Identificator.CodeSoortObjectID, a.Functie, a.Omschrijving, a.Emailadres,
		NormTelefoon(a.Telefoonnummer), a.Faxnummer, orNull(a.UserID), orNull(a.TeamID), s.now()}
}

// ensureActor inserts the actor of a user or team unless a concurrent
// transaction just did (col is user_id or team_id), and returns the id of
// the one that exists.
func (s *Service) ensureActor(ctx context.Context, tx *sql.Tx, a Actor, col, ref string) (string, error) {
	res, err := tx.ExecContext(ctx, insertActorSQL+` ON CONFLICT (`+col+`) DO NOTHING`, s.actorArgs(a)...)
	if err != nil {
		return "", fmt.Errorf("klant: insert actor: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 1 {
		return a.ID, s.record(ctx, tx, change{resource: "actor", id: a.ID, actie: "create", new: a, weergave: a.Naam})
	}
	var id string
	if err := tx.QueryRowContext(ctx, `SELECT id FROM actoren WHERE `+col+` = $1`, ref).Scan(&id); err != nil {
		return "", fmt.Errorf("klant: actor: %w", err)
	}
	return id, nil
}

func (s *Service) insertActor(ctx context.Context, tx *sql.Tx, a Actor) error {
	_, err := tx.ExecContext(ctx, insertActorSQL, s.actorArgs(a)...)
	if db.IsUniqueViolation(err) {
		return errs.E(errs.Conflict, "unique", "Voor deze medewerker of dit team bestaat al een actor.")
	}
	if err != nil {
		return fmt.Errorf("klant: insert actor: %w", err)
	}
	return nil
}

// CreateActor adds an actor.
func (s *Service) CreateActor(ctx context.Context, a Actor) (Actor, error) {
	a.ID = newID()
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if err := s.checkActor(ctx, tx, &a); err != nil {
			return err
		}
		if err := s.insertActor(ctx, tx, a); err != nil {
			return err
		}
		return s.record(ctx, tx, change{resource: "actor", id: a.ID, actie: "create", new: a, weergave: a.Naam})
	})
	if err != nil {
		return Actor{}, err
	}
	return s.GetActor(ctx, a.ID)
}

// UpdateActor replaces an actor.
func (s *Service) UpdateActor(ctx context.Context, id string, a Actor) (Actor, error) {
	old, err := s.GetActor(ctx, id)
	if err != nil {
		return Actor{}, err
	}
	a.ID = id
	err = s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if err := s.checkActor(ctx, tx, &a); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE actoren SET naam=$2, soort_actor=$3, indicatie_actief=$4, ident_object_id=$5,
			ident_code_objecttype=$6, ident_code_register=$7, ident_code_soort_object_id=$8, functie=$9, omschrijving=$10,
			emailadres=$11, telefoonnummer=$12, faxnummer=$13, user_id=$14, team_id=$15 WHERE id=$1`,
			id, a.Naam, a.SoortActor, a.IndicatieActief, a.Identificator.ObjectID, a.Identificator.CodeObjecttype,
			a.Identificator.CodeRegister, a.Identificator.CodeSoortObjectID, a.Functie, a.Omschrijving, a.Emailadres,
			NormTelefoon(a.Telefoonnummer), a.Faxnummer, orNull(a.UserID), orNull(a.TeamID))
		if db.IsUniqueViolation(err) {
			return errs.E(errs.Conflict, "unique", "Voor deze medewerker of dit team bestaat al een actor.")
		}
		if err != nil {
			return fmt.Errorf("klant: update actor: %w", err)
		}
		return s.record(ctx, tx, change{resource: "actor", id: id, actie: "update", old: old, new: a, weergave: a.Naam})
	})
	if err != nil {
		return Actor{}, err
	}
	return s.GetActor(ctx, id)
}

// DeleteActor removes an actor. An actor that took part in contacts or has
// interne taken cannot be removed (make it inactive instead).
func (s *Service) DeleteActor(ctx context.Context, id string) error {
	old, err := s.GetActor(ctx, id)
	if err != nil {
		return err
	}
	return s.DB.Tx(ctx, func(tx *sql.Tx) error {
		used, err := db.Exists(ctx, tx, `SELECT 1 FROM actor_klantcontacten WHERE actor_id = $1
			UNION ALL SELECT 1 FROM interne_taak_actoren WHERE actor_id = $1`, id)
		if err != nil {
			return err
		}
		if used {
			return errs.E(errs.Conflict, "in_use", "Deze actor komt voor bij klantcontacten of interne taken. Maak hem inactief in plaats van hem te verwijderen.")
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM actoren WHERE id = $1`, id); err != nil {
			return err
		}
		return s.record(ctx, tx, change{resource: "actor", id: id, actie: "destroy", old: old, weergave: old.Naam})
	})
}

const actorCols = `id, naam, soort_actor, indicatie_actief, ident_object_id, ident_code_objecttype, ident_code_register,
	ident_code_soort_object_id, functie, omschrijving, emailadres, telefoonnummer, faxnummer, user_id, team_id`

func (s *Service) listActoren(ctx context.Context, q db.Queryer, where, tail string, args ...any) ([]Actor, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+actorCols+` FROM actoren `+where+` ORDER BY naam, id`+tail, args...)
	if err != nil {
		return nil, fmt.Errorf("klant: actoren: %w", err)
	}
	defer rows.Close()
	var out []Actor
	for rows.Next() {
		var a Actor
		var uid, tid sql.NullString
		if err := rows.Scan(&a.ID, &a.Naam, &a.SoortActor, &a.IndicatieActief, &a.Identificator.ObjectID,
			&a.Identificator.CodeObjecttype, &a.Identificator.CodeRegister, &a.Identificator.CodeSoortObjectID,
			&a.Functie, &a.Omschrijving, &a.Emailadres, &a.Telefoonnummer, &a.Faxnummer, &uid, &tid); err != nil {
			return nil, err
		}
		a.UserID, a.TeamID = nullStr(uid), nullStr(tid)
		out = append(out, a)
	}
	return out, rows.Err()
}

// GetActor reads one actor.
func (s *Service) GetActor(ctx context.Context, id string) (Actor, error) {
	if !db.ValidUUID(id) {
		return Actor{}, notFound("actor", id)
	}
	l, err := s.listActoren(ctx, s.DB.R, `WHERE id = $1`, "", id)
	if err != nil {
		return Actor{}, err
	}
	if len(l) == 0 {
		return Actor{}, notFound("actor", id)
	}
	return l[0], nil
}

// GetActoren reads the actors with the given ids (missing ones are left out).
func (s *Service) GetActoren(ctx context.Context, ids []string) ([]Actor, error) {
	var valid []string
	for _, id := range ids {
		if db.ValidUUID(id) {
			valid = append(valid, id)
		}
	}
	if len(valid) == 0 {
		return nil, nil
	}
	in, args := inList(valid)
	return s.listActoren(ctx, s.DB.R, `WHERE id IN `+in, "", args...)
}

// ActorFilter selects actoren.
type ActorFilter struct {
	Naam, SoortActor string
	IndicatieActief  *bool
	ObjectIdentificator
	UserID, TeamID string
	Page
}

// ListActoren lists actoren by name with the total count.
func (s *Service) ListActoren(ctx context.Context, f ActorFilter) ([]Actor, int, error) {
	if (f.UserID != "" && !db.ValidUUID(f.UserID)) || (f.TeamID != "" && !db.ValidUUID(f.TeamID)) {
		return nil, 0, nil
	}
	var w db.Where
	w.Eq("naam", f.Naam)
	w.Eq("soort_actor", f.SoortActor)
	if f.IndicatieActief != nil {
		w.And("indicatie_actief = " + w.Arg(*f.IndicatieActief))
	}
	w.Eq("ident_object_id", f.ObjectID)
	w.Eq("ident_code_objecttype", f.CodeObjecttype)
	w.Eq("ident_code_register", f.CodeRegister)
	w.Eq("ident_code_soort_object_id", f.CodeSoortObjectID)
	w.Eq("user_id", f.UserID)
	w.Eq("team_id", f.TeamID)
	var total int
	if err := s.DB.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM actoren`+w.String(), w.Args()...).Scan(&total); err != nil {
		return nil, 0, err
	}
	l, err := s.listActoren(ctx, s.DB.R, w.String(), f.Page.sql(), w.Args()...)
	return l, total, err
}

// ActorForUser returns the medewerker actor of a Loket user, creating it
// from the user's name and e-mail on first use.
func (s *Service) ActorForUser(ctx context.Context, userID string) (Actor, error) {
	var id string
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		id, err = s.actorForUser(ctx, tx, userID)
		return err
	})
	if err != nil {
		return Actor{}, err
	}
	return s.GetActor(ctx, id)
}

// ActorForTeam returns the organisatorische eenheid actor of a team,
// creating it on first use.
func (s *Service) ActorForTeam(ctx context.Context, teamID string) (Actor, error) {
	var id string
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		id, err = s.actorForTeam(ctx, tx, teamID)
		return err
	})
	if err != nil {
		return Actor{}, err
	}
	return s.GetActor(ctx, id)
}

func (s *Service) actorForUser(ctx context.Context, tx *sql.Tx, userID string) (string, error) {
	if !db.ValidUUID(userID) {
		return "", errs.InvalidField("medewerker", "invalid", "Deze medewerker bestaat niet.")
	}
	var id string
	err := tx.QueryRowContext(ctx, `SELECT id FROM actoren WHERE user_id = $1`, userID).Scan(&id)
	if err == nil {
		return id, nil
	}
	if err != sql.ErrNoRows {
		return "", fmt.Errorf("klant: actor for user: %w", err)
	}
	a := Actor{ID: newID(), SoortActor: ActorMedewerker, IndicatieActief: true, UserID: userID,
		Identificator: ObjectIdentificator{CodeObjecttype: "mdw", CodeRegister: "loket", CodeSoortObjectID: "gebruikersnaam"}}
	var username string
	err = tx.QueryRowContext(ctx, `SELECT naam, email, username, active FROM users WHERE id = $1`, userID).Scan(&a.Naam, &a.Emailadres, &username, &a.IndicatieActief)
	if err == sql.ErrNoRows {
		return "", errs.InvalidField("medewerker", "does_not_exist", "Deze medewerker bestaat niet.")
	}
	if err != nil {
		return "", err
	}
	a.Identificator.ObjectID = username
	return s.ensureActor(ctx, tx, a, "user_id", userID)
}

func (s *Service) actorForTeam(ctx context.Context, tx *sql.Tx, teamID string) (string, error) {
	if !db.ValidUUID(teamID) {
		return "", errs.InvalidField("team", "invalid", "Dit team bestaat niet.")
	}
	var id string
	err := tx.QueryRowContext(ctx, `SELECT id FROM actoren WHERE team_id = $1`, teamID).Scan(&id)
	if err == nil {
		return id, nil
	}
	if err != sql.ErrNoRows {
		return "", fmt.Errorf("klant: actor for team: %w", err)
	}
	a := Actor{ID: newID(), SoortActor: ActorOrganisatorischeEenheid, IndicatieActief: true, TeamID: teamID,
		Identificator: ObjectIdentificator{CodeObjecttype: "oe", CodeRegister: "loket", CodeSoortObjectID: "code"}}
	var tel string
	err = tx.QueryRowContext(ctx, `SELECT naam, code, email, telefoon FROM teams WHERE id = $1`, teamID).Scan(&a.Naam, &a.Identificator.ObjectID, &a.Emailadres, &tel)
	if err == sql.ErrNoRows {
		return "", errs.InvalidField("team", "does_not_exist", "Dit team bestaat niet.")
	}
	if err != nil {
		return "", err
	}
	a.Omschrijving = a.Naam
	if phoneRe.MatchString(NormTelefoon(tel)) {
		a.Telefoonnummer = tel
	}
	return s.ensureActor(ctx, tx, a, "team_id", teamID)
}

// --- actor klantcontacten ---

// ActorKlantcontact records that an actor took part in a klantcontact.
type ActorKlantcontact struct {
	ID, ActorID, KlantcontactID string
}

func (s *Service) checkActorKlantcontact(ctx context.Context, q db.Queryer, in ActorKlantcontact) error {
	var f errs.Fields
	if required(&f, "actor", in.ActorID, "Kies de actor.") && checkUUID(&f, "actor", in.ActorID) {
		if err := exists(ctx, q, &f, "actor", "actoren", in.ActorID, "Deze actor"); err != nil {
			return err
		}
	}
	if required(&f, "klantcontact", in.KlantcontactID, "Kies het klantcontact.") && checkUUID(&f, "klantcontact", in.KlantcontactID) {
		if err := exists(ctx, q, &f, "klantcontact", "klantcontacten", in.KlantcontactID, "Dit klantcontact"); err != nil {
			return err
		}
	}
	return f.Err()
}

// CreateActorKlantcontact links an actor to a klantcontact.
func (s *Service) CreateActorKlantcontact(ctx context.Context, in ActorKlantcontact) (ActorKlantcontact, error) {
	in.ID = newID()
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if err := s.checkActorKlantcontact(ctx, tx, in); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO actor_klantcontacten (id, actor_id, klantcontact_id, created_at) VALUES ($1,$2,$3,$4)`,
			in.ID, in.ActorID, in.KlantcontactID, s.now())
		if db.IsUniqueViolation(err) {
			return errs.InvalidField("actor", "unique", "Deze actor is al aan dit klantcontact gekoppeld.")
		}
		if err != nil {
			return err
		}
		return s.record(ctx, tx, change{resource: "actorklantcontact", id: in.ID, actie: "create", new: in, hoofd: "klantcontact", hoofdID: in.KlantcontactID})
	})
	if err != nil {
		return ActorKlantcontact{}, err
	}
	return in, nil
}

// UpdateActorKlantcontact replaces the link.
func (s *Service) UpdateActorKlantcontact(ctx context.Context, id string, in ActorKlantcontact) (ActorKlantcontact, error) {
	old, err := s.GetActorKlantcontact(ctx, id)
	if err != nil {
		return ActorKlantcontact{}, err
	}
	in.ID = id
	err = s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if err := s.checkActorKlantcontact(ctx, tx, in); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE actor_klantcontacten SET actor_id=$2, klantcontact_id=$3 WHERE id=$1`, id, in.ActorID, in.KlantcontactID)
		if db.IsUniqueViolation(err) {
			return errs.InvalidField("actor", "unique", "Deze actor is al aan dit klantcontact gekoppeld.")
		}
		if err != nil {
			return err
		}
		return s.record(ctx, tx, change{resource: "actorklantcontact", id: id, actie: "update", old: old, new: in, hoofd: "klantcontact", hoofdID: in.KlantcontactID})
	})
	if err != nil {
		return ActorKlantcontact{}, err
	}
	return in, nil
}

// DeleteActorKlantcontact removes the link.
func (s *Service) DeleteActorKlantcontact(ctx context.Context, id string) error {
	old, err := s.GetActorKlantcontact(ctx, id)
	if err != nil {
		return err
	}
	return s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM actor_klantcontacten WHERE id = $1`, id); err != nil {
			return err
		}
		return s.record(ctx, tx, change{resource: "actorklantcontact", id: id, actie: "destroy", old: old, hoofd: "klantcontact", hoofdID: old.KlantcontactID})
	})
}

// GetActorKlantcontact reads one link.
func (s *Service) GetActorKlantcontact(ctx context.Context, id string) (ActorKlantcontact, error) {
	if !db.ValidUUID(id) {
		return ActorKlantcontact{}, notFound("actor-klantcontact", id)
	}
	a := ActorKlantcontact{ID: id}
	err := s.DB.R.QueryRowContext(ctx, `SELECT actor_id, klantcontact_id FROM actor_klantcontacten WHERE id = $1`, id).Scan(&a.ActorID, &a.KlantcontactID)
	if err == sql.ErrNoRows {
		return a, notFound("actor-klantcontact", id)
	}
	return a, err
}

// ListActorKlantcontacten lists links, filtered by actor and/or klantcontact.
func (s *Service) ListActorKlantcontacten(ctx context.Context, actorID, klantcontactID string, p Page) ([]ActorKlantcontact, int, error) {
	if (actorID != "" && !db.ValidUUID(actorID)) || (klantcontactID != "" && !db.ValidUUID(klantcontactID)) {
		return nil, 0, nil
	}
	var w db.Where
	w.Eq("actor_id", actorID)
	w.Eq("klantcontact_id", klantcontactID)
	var total int
	if err := s.DB.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM actor_klantcontacten`+w.String(), w.Args()...).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := s.DB.R.QueryContext(ctx, `SELECT id, actor_id, klantcontact_id FROM actor_klantcontacten`+w.String()+` ORDER BY created_at, id`+p.sql(), w.Args()...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []ActorKlantcontact
	for rows.Next() {
		var a ActorKlantcontact
		if err := rows.Scan(&a.ID, &a.ActorID, &a.KlantcontactID); err != nil {
			return nil, 0, err
		}
		out = append(out, a)
	}
	return out, total, rows.Err()
}
