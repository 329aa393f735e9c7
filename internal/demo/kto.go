package demo

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/gemeenten/loket/internal/audit"
	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/kto"
)

// ktoChannel is how satisfied the demo municipality's customers are on
// one channel: the mean overall grade and the spread, shaped after the
// seed report (balie ≈ 7.8, telefoon ≈ 7.3, digitaal ≈ 6.4 in 2013, since
// improved), and the share of all responses.
type ktoChannel struct {
	kanaal string
	mean   float64
	share  int
}

var ktoChannels = []ktoChannel{
	{"balie", 7.9, 35}, {"telefoon", 7.4, 30}, {"webformulier", 7.0, 20}, {"email", 7.2, 10}, {"chat", 7.6, 5},
}

// Aspect offsets from the overall grade: friendliness and expertise score
// above it, price below (as in the seed report: prijs 5.7 at the balie).
var ktoAspectOffset = map[string]float64{
	"vriendelijkheid": 0.5, "deskundigheid": 0.3, "duidelijkheid": 0.1, "wachttijd": -0.4, "prijs": -1.6, "privacy": 0.2,
}

var ktoComments = []string{
	"Vriendelijk en snel geholpen, dank!",
	"Ik moest lang wachten aan de telefoon voordat ik iemand sprak.",
	"De medewerker wist precies wat ik nodig had.",
	"Het formulier op de website was niet duidelijk, ik wist niet welke bijlagen nodig waren.",
	"De leges voor een rijbewijs vind ik te hoog.",
	"Prima, maar de afspraak kon pas over drie weken.",
	"Netjes afgehandeld, ik kreeg binnen een week bericht.",
	"Ik werd twee keer doorverbonden en moest mijn verhaal opnieuw vertellen.",
	"Graag terugbellen op 06-12345678 over mijn vraag.",
	"Mail mij gerust op j.jansen@example.nl als er nog iets nodig is.",
	"Duidelijke uitleg over de vergunning, complimenten.",
	"Bij de balie stonden mensen mee te luisteren, dat voelde niet prettig.",
}

// LoadKTO fills the satisfaction survey of the demo municipality: national
// reference values (labelled as demo figures) for last year and about 600
// anonymous responses spread over the last twelve months, so /rapportage/kto
// and the council report have something to show. It keeps what exists: a
// database with any response or reference value is left alone.
func LoadKTO(ctx context.Context, d *db.DB, now time.Time, log io.Writer) error {
	if log == nil {
		log = io.Discard
	}
	if has, err := db.Exists(ctx, d.R, `SELECT 1 FROM kto_antwoorden`); err != nil || has {
		return err
	}
	if has, err := db.Exists(ctx, d.R, `SELECT 1 FROM kto_referenties`); err != nil || has {
		return err
	}
	ctx = audit.WithActor(ctx, audit.Actor{Kind: "systeem", ID: "demo", Name: "Demo-lader"})
	s := kto.New(d, nil, nil, func() time.Time { return now }, nil)
	year := date.Today(now).Year - 1
	bron := "Benchmark Publiekszaken, landelijk gemiddelde (demowaarde)"
	refs := []kto.ReferenceInput{
		{Kanaal: "", Aspect: kto.Overall, Waarde: "7,6"},
		{Kanaal: "balie", Aspect: kto.Overall, Waarde: "7,8"},
		{Kanaal: "telefoon", Aspect: kto.Overall, Waarde: "7,4"},
		{Kanaal: "webformulier", Aspect: kto.Overall, Waarde: "6,9"},
		{Kanaal: "", Aspect: "vriendelijkheid", Waarde: "8,1"},
		{Kanaal: "", Aspect: "deskundigheid", Waarde: "7,9"},
		{Kanaal: "", Aspect: "duidelijkheid", Waarde: "7,5"},
		{Kanaal: "", Aspect: "wachttijd", Waarde: "7,0"},
		{Kanaal: "", Aspect: "prijs", Waarde: "6,2"},
		{Kanaal: "", Aspect: "privacy", Waarde: "7,7"},
	}
	for _, in := range refs {
		in.Jaar, in.Bron = fmt.Sprint(year), bron
		if _, err := s.SaveReference(ctx, in); err != nil {
			return fmt.Errorf("demo: KTO-referentie: %w", err)
		}
	}
	teams, err := ktoIDs(ctx, d, `SELECT id FROM teams ORDER BY code`)
	if err != nil {
		return err
	}
	zaaktypen, err := ktoIDs(ctx, d, `SELECT id FROM zaaktypen ORDER BY identificatie, id`)
	if err != nil {
		return err
	}
	// Deterministic, so two demo databases show the same figures.
	rnd := rand.New(rand.NewPCG(7, 2026))
	grade := func(mean float64) int {
		g := int(mean + rnd.NormFloat64()*1.3 + 0.5)
		return min(10, max(1, g))
	}
	today := date.Today(now)
	const n = 600
	err = d.Tx(ctx, func(tx *sql.Tx) error {
		for i := 0; i < n; i++ {
			c := pickChannel(rnd.IntN(100))
			overall := grade(c.mean)
			vals := []any{uuid.NewString(), today.AddDays(-rnd.IntN(365)), "klantcontact", c.kanaal}
			var zt, team any
			if len(zaaktypen) > 0 && rnd.IntN(3) > 0 {
				zt = zaaktypen[rnd.IntN(len(zaaktypen))]
			}
			if len(teams) > 0 {
				team = teams[rnd.IntN(len(teams))]
			}
			vals = append(vals, zt, team, overall)
			for _, a := range kto.Aspecten {
				// about one in five leaves an aspect out or answers n.v.t.;
				// price applies to fewer contacts
				skip := 5
				if a == "prijs" {
					skip = 2
				}
				if rnd.IntN(skip) == 0 {
					vals = append(vals, nil)
					continue
				}
				vals = append(vals, grade(float64(overall)+ktoAspectOffset[a]))
			}
			comment := ""
			if rnd.IntN(6) == 0 {
				comment = kto.Anonymise(ktoComments[rnd.IntN(len(ktoComments))])
			}
			vals = append(vals, comment)
			if _, err := tx.ExecContext(ctx, `INSERT INTO kto_antwoorden (id, datum, bron, kanaal, zaaktype_id, team_id, cijfer,
				`+strings.Join(kto.Aspecten, ", ")+`, opmerking) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14)`, vals...); err != nil {
				return fmt.Errorf("demo: KTO-antwoord: %w", err)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(log, "demo: %d KTO-antwoorden en %d referentiewaarden geladen\n", n, len(refs))
	return nil
}

func pickChannel(p int) ktoChannel {
	for _, c := range ktoChannels {
		if p < c.share {
			return c
		}
		p -= c.share
	}
	return ktoChannels[0]
}

func ktoIDs(ctx context.Context, d *db.DB, q string) ([]string, error) {
	rows, err := d.R.QueryContext(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("demo: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}
