package burger

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/gemeenten/loket/internal/errs"
)

// The DigiD simulation lets a tester of the demo log in as any demo citizen
// or business without a broker. It exists only when Config.Simulation is
// set, which only `loket serve --demo` does; every entry point checks it.

// Choice is one party the simulation offers.
type Choice struct {
	Type   string
	Number string
	Name   string
	Detail string // address or place, to tell people apart
}

var errNoSimulation = errs.E(errs.NotFound, "not_found", "Deze pagina bestaat niet.")

// SimulationChoices lists the demo's people and businesses.
func (s *Service) SimulationChoices(ctx context.Context) ([]Choice, error) {
	if !s.cfg.Simulation {
		return nil, errNoSimulation
	}
	var out []Choice
	rows, err := s.db.R.QueryContext(ctx, `SELECT bsn, voornamen, voorvoegsel, geslachtsnaam, straat, huisnummer, woonplaats
		FROM personen ORDER BY geslachtsnaam, voornamen LIMIT 200`)
	if err != nil {
		return nil, fmt.Errorf("burger: simulation people: %w", err)
	}
	for rows.Next() {
		var c Choice
		var voornamen, voorvoegsel, achternaam, straat, nr, plaats string
		if err := rows.Scan(&c.Number, &voornamen, &voorvoegsel, &achternaam, &straat, &nr, &plaats); err != nil {
			rows.Close()
			return nil, err
		}
		c.Type = BSN
		c.Name = strings.Join(strings.Fields(voornamen+" "+voorvoegsel+" "+achternaam), " ")
		c.Detail = strings.TrimSpace(straat + " " + nr + ", " + plaats)
		out = append(out, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = s.db.R.QueryContext(ctx, `SELECT kvk_nummer, MIN(handelsnaam), MIN(woonplaats) FROM bedrijven
		GROUP BY kvk_nummer ORDER BY MIN(handelsnaam) LIMIT 200`)
	if err != nil {
		return nil, fmt.Errorf("burger: simulation businesses: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		c := Choice{Type: KvK}
		if err := rows.Scan(&c.Number, &c.Name, &c.Detail); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// Simulation levels offered, as DigiD names them.
var SimulationLevels = []string{"basis", "midden", "substantieel", "hoog"}

// SimulateLogin starts a session for a demo party chosen on the
// simulation page; actingFor, when set, is the BSN of the person the
// chosen person acts for (machtiging).
func (s *Service) SimulateLogin(ctx context.Context, w http.ResponseWriter, r *http.Request, choice, level, actingFor string) error {
	if !s.cfg.Simulation {
		return errNoSimulation
	}
	var f errs.Fields
	typ, number, _ := strings.Cut(choice, ":")
	name, err := s.partyName(ctx, typ, number)
	if err != nil {
		return err
	}
	if name == "" {
		f.Add("wie", "unknown", "Kies een persoon of bedrijf uit de lijst.")
	}
	okLevel := false
	for _, l := range SimulationLevels {
		okLevel = okLevel || l == level
	}
	if !okLevel {
		f.Add("niveau", "invalid", "Kies een betrouwbaarheidsniveau.")
	}
	var forName string
	if actingFor != "" {
		if typ != BSN {
			f.Add("namens", "invalid", "Alleen een persoon kan namens een ander inloggen.")
		} else if forName, err = s.partyName(ctx, BSN, actingFor); err != nil {
			return err
		} else if forName == "" || actingFor == number {
			f.Add("namens", "unknown", "Kies een andere persoon uit de lijst om namens in te loggen.")
		}
	}
	if err := f.Err(); err != nil {
		return err
	}
	subj := Subject{Type: typ, Number: number, Name: name, Level: level, Source: SourceSimulation}
	if actingFor != "" {
		subj = Subject{Type: BSN, Number: actingFor, Name: forName, Level: level, Source: SourceSimulation,
			Representative: &Representative{Type: BSN, Number: number, Name: name}}
	}
	_, err = s.Start(ctx, w, r, subj)
	return err
}

func (s *Service) partyName(ctx context.Context, typ, number string) (string, error) {
	var q string
	switch typ {
	case BSN:
		q = `SELECT TRIM(voornamen || ' ' || CASE WHEN voorvoegsel = '' THEN '' ELSE voorvoegsel || ' ' END || geslachtsnaam)
			FROM personen WHERE bsn = $1`
	case KvK:
		q = `SELECT MIN(handelsnaam) FROM bedrijven WHERE kvk_nummer = $1 HAVING COUNT(*) > 0`
	default:
		return "", nil
	}
	var name string
	err := s.db.R.QueryRowContext(ctx, q, number).Scan(&name)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("burger: party: %w", err)
	}
	return name, nil
}
