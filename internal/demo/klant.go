package demo

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"time"

	"github.com/google/uuid"

	"github.com/gemeenten/loket/internal/audit"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/klant"
)

// LoadKlant brings the demo's klantcontacten into the Klantinteracties
// register (issue 4): a partij for every demo person and business (from the
// personen and bedrijven tables, through the klant domain, with their
// identificatoren and digitale adressen), actors for staff and teams, and for
// every existing klantcontact its customer as betrokkene, its zaak as
// onderwerpobject and its medewerker as actor. Contacts with uitkomst
// contactverzoek get their interne taak: handled within the team's term
// when older than three days, still open (some overdue) otherwise.
//
// Call it after the klantcontacten step of Load (it reads what Load wrote);
// now is Load's now. It is idempotent per partij (PartijVoor) but links the
// contacts only once, so call it once per demo load.
func LoadKlant(ctx context.Context, d *db.DB, now time.Time, log io.Writer) error {
	if log == nil {
		log = io.Discard
	}
	ctx = audit.WithActor(ctx, audit.Actor{Kind: "systeem", ID: "demo", Name: "Demo-lader"})
	svc := klant.New(d)
	svc.Now = func() time.Time { return now }
	t0 := time.Now()

	var bsns, kvks []string
	if err := collect(ctx, d, `SELECT bsn FROM personen ORDER BY bsn`, &bsns); err != nil {
		return err
	}
	if err := collect(ctx, d, `SELECT DISTINCT kvk_nummer FROM bedrijven ORDER BY kvk_nummer`, &kvks); err != nil {
		return err
	}
	partij := map[string]string{} // "natuurlijk_persoon/<bsn>" → partij id
	for _, b := range bsns {
		p, err := svc.PartijVoor(ctx, "bsn", b, "")
		if err != nil {
			return fmt.Errorf("demo: partij %s: %w", b, err)
		}
		partij[klant.PartijNatuurlijkPersoon+"/"+b] = p.ID
	}
	for _, k := range kvks {
		p, err := svc.PartijVoor(ctx, "kvk_nummer", k, "")
		if err != nil {
			return fmt.Errorf("demo: partij %s: %w", k, err)
		}
		partij[klant.PartijNietNatuurlijkPersoon+"/"+k] = p.ID
	}
	var users, teams []string
	if err := collect(ctx, d, `SELECT id FROM users ORDER BY username`, &users); err != nil {
		return err
	}
	if err := collect(ctx, d, `SELECT id FROM teams ORDER BY code`, &teams); err != nil {
		return err
	}
	actorOfUser, actorOfTeam := map[string]string{}, map[string]string{}
	for _, u := range users {
		a, err := svc.ActorForUser(ctx, u)
		if err != nil {
			return fmt.Errorf("demo: actor: %w", err)
		}
		actorOfUser[u] = a.ID
	}
	for _, tm := range teams {
		a, err := svc.ActorForTeam(ctx, tm)
		if err != nil {
			return fmt.Errorf("demo: actor: %w", err)
		}
		actorOfTeam[tm] = a.ID
	}

	type kc struct {
		id, typ, key, uitkomst string
		medewerker, team, zaak sql.NullString
		at                     time.Time
		vraag                  string
	}
	rows, err := d.R.QueryContext(ctx, `SELECT id, partij_type, partij_id, uitkomst, medewerker_id, team_id, zaak_id,
		plaatsgevonden_op, vraag FROM klantcontacten WHERE klant_partij_id IS NULL ORDER BY plaatsgevonden_op`)
	if err != nil {
		return fmt.Errorf("demo: read klantcontacten: %w", err)
	}
	var contacts []kc
	for rows.Next() {
		var c kc
		if err := rows.Scan(&c.id, &c.typ, &c.key, &c.uitkomst, &c.medewerker, &c.team, &c.zaak, &c.at, &c.vraag); err != nil {
			rows.Close()
			return err
		}
		contacts = append(contacts, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	var open int
	err = d.Tx(ctx, func(tx *sql.Tx) error {
		for _, c := range contacts {
			pid := partij[c.typ+"/"+c.key]
			if pid != "" {
				if _, err := tx.ExecContext(ctx, `UPDATE klantcontacten SET klant_partij_id = $2 WHERE id = $1`, c.id, pid); err != nil {
					return err
				}
				if _, err := tx.ExecContext(ctx, `INSERT INTO betrokkenen (id, klantcontact_id, partij_id, rol, initiator,
					voorletters, voornaam, voorvoegsel_achternaam, achternaam, created_at)
					SELECT $1, $2, id, 'klant', TRUE, voorletters, voornaam, voorvoegsel_achternaam, achternaam, $3 FROM partijen WHERE id = $4`,
					newUUID(), c.id, c.at, pid); err != nil {
					return fmt.Errorf("demo: betrokkene: %w", err)
				}
			}
			if c.zaak.Valid {
				if _, err := tx.ExecContext(ctx, `INSERT INTO onderwerpobjecten (id, klantcontact_id, object_id, code_objecttype,
					code_register, code_soort_object_id, created_at) VALUES ($1,$2,$3,'zaak','loket','uuid',$4)`,
					newUUID(), c.id, c.zaak.String, c.at); err != nil {
					return fmt.Errorf("demo: onderwerpobject: %w", err)
				}
			}
			if a := actorOfUser[c.medewerker.String]; a != "" {
				if _, err := tx.ExecContext(ctx, `INSERT INTO actor_klantcontacten (id, actor_id, klantcontact_id, created_at) VALUES ($1,$2,$3,$4)`,
					newUUID(), a, c.id, c.at); err != nil {
					return fmt.Errorf("demo: actor klantcontact: %w", err)
				}
			}
			if c.uitkomst != klant.Contactverzoek {
				continue
			}
			team := c.team.String
			due, err := klant.DefaultDueAt(ctx, tx, team, c.at)
			if err != nil {
				return err
			}
			status, afgehandeld, afhandeling := klant.TeVerwerken, any(nil), ""
			if now.Sub(c.at) > 72*time.Hour {
				status, afgehandeld, afhandeling = klant.Verwerkt, due.Add(-2*time.Hour), "Klant teruggebeld en geholpen."
			} else {
				open++
			}
			var nr int64
			if err := tx.QueryRowContext(ctx, `INSERT INTO identificatie_seq (scope, jaar, last) VALUES ('internetaak', 0, 1)
				ON CONFLICT (scope, jaar) DO UPDATE SET last = identificatie_seq.last + 1 RETURNING last`).Scan(&nr); err != nil {
				return err
			}
			id := newUUID()
			if _, err := tx.ExecContext(ctx, `INSERT INTO interne_taken (id, nummer, klantcontact_id, gevraagde_handeling, toelichting,
				status, team_id, uiterlijk_op, afhandeling, toegewezen_op, afgehandeld_op, created_at, updated_at)
				VALUES ($1,$2,$3,'Terugbellen',$4,$5,$6,$7,$8,$9,$10,$9,$9)`, id, fmt.Sprintf("%010d", nr), c.id, c.vraag,
				status, c.team, due, afhandeling, c.at, afgehandeld); err != nil {
				return fmt.Errorf("demo: interne taak: %w", err)
			}
			if a := actorOfTeam[team]; a != "" {
				if _, err := tx.ExecContext(ctx, `INSERT INTO interne_taak_actoren (interne_taak_id, actor_id, volgorde) VALUES ($1,$2,0)`, id, a); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(log, "demo: klantinteracties geladen: %d partijen, %d klantcontacten gekoppeld, %d open contactverzoeken (%s)\n",
		len(partij), len(contacts), open, time.Since(t0).Round(time.Millisecond))
	return nil
}

func collect(ctx context.Context, d *db.DB, q string, out *[]string) error {
	rows, err := d.R.QueryContext(ctx, q)
	if err != nil {
		return fmt.Errorf("demo: %s: %w", q, err)
	}
	defer rows.Close()
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return err
		}
		*out = append(*out, s)
	}
	return rows.Err()
}

func newUUID() string { return uuid.Must(uuid.NewV7()).String() }
