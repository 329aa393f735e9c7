package demo

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/gemeenten/loket/internal/date"
)

// loadContacts writes the klantcontacten: those gathered while the zaken were
// registered and asked about, plus n general contacts on every channel in the
// proportions of the contact model. There is no klantcontact domain package
// yet (the KCC issue builds it), so these are plain inserts into the table
// of migration 0004, numbered from identificatie_seq like zaken are.
func (l *loader) loadContacts(ctx context.Context, n int) error {
	h := l.hist
	r := rand.New(rand.NewPCG(20261128, 4))
	personen, bedrijven := Personen(), Bedrijven()
	cum := func(w []float64) []float64 {
		out, t := make([]float64, len(w)), 0.0
		for i, x := range w {
			t += x
			out[i] = t
		}
		return out
	}
	pick := func(c []float64) int {
		x := r.Float64() * c[len(c)-1]
		i, _ := slices.BinarySearch(c, x)
		return min(i, len(c)-1)
	}
	kanaalCum := cum(ContactKanaalGewicht)
	var contacts []contact
	if h != nil {
		contacts = append(contacts, h.contacts...)
	}
	span := l.now.Sub(l.start)
	zts := l.cat.zaaktypen
	for i := range n {
		frac := (float64(i) + r.Float64()) / float64(n)
		at := l.start.Add(time.Duration(frac * float64(span)))
		kanaal := ContactKanalen[pick(kanaalCum)]
		if kanaal != "webformulier" && kanaal != "email" && kanaal != "social_media" {
			d := date.Of(at.In(date.Amsterdam))
			for d.Weekday() == time.Saturday || d.Weekday() == time.Sunday {
				d = d.AddDays(1)
			}
			at = time.Date(d.Year, d.Month, d.Day, 0, 8*60+30+r.IntN(8*60), 0, 0, date.Amsterdam).UTC()
			if at.After(l.now) {
				at = l.now.Add(-time.Duration(1+r.IntN(50)) * time.Minute)
			}
		}
		w := slices.Clone(UitkomstGewicht[kanaal])
		w[1] = 0                // zaak_gestart contacts come from the zaken themselves
		w[0] *= 0.9 + 0.25*frac // answered directly more often as the knowledge base grows
		uit := Uitkomsten[pick(cum(w))]
		c := contact{at: at, kanaal: kanaal, uitkomst: uit, partijType: "anoniem"}
		switch x := r.Float64(); {
		case x < 0.12:
		case x < 0.2:
			b := bedrijven[r.IntN(len(bedrijven))]
			c.partijType, c.partijID, c.naam = "niet_natuurlijk_persoon", b.KvKNummer, b.Handelsnaam
		default:
			p := personen[r.IntN(len(personen))]
			c.partijType, c.partijID, c.naam = "natuurlijk_persoon", p.BSN, p.VolledigeNaam()
		}
		if r.IntN(3) > 0 {
			z := zts[r.IntN(len(zts))]
			c.zaaktypeID, c.product, c.onderw = z.id, z.def.Identificatie, z.def.Omschrijving
			c.vraag = "Vraag over " + lower(z.def.Omschrijving) + "."
			c.antwoord = "Informatie uit de productcatalogus gegeven."
		} else {
			o := VrijeOnderwerpen[r.IntN(len(VrijeOnderwerpen))]
			c.onderw, c.vraag, c.antwoord = o.Onderwerp, o.Vraag, o.Antwoord
		}
		if a, ok := UitkomstAntwoord[uit]; ok {
			c.antwoord = a
		}
		team := "KCC"
		if kanaal == "balie" {
			team = "PZ"
		}
		if s := staffOf(team, "kcc"); len(s) > 0 {
			c.medewerker = s[r.IntN(len(s))]
		}
		contacts = append(contacts, c)
	}
	slices.SortStableFunc(contacts, func(a, b contact) int { return a.at.Compare(b.at) })
	return l.d.Tx(ctx, func(tx *sql.Tx) error {
		for _, c := range contacts {
			year := date.Of(c.at.In(date.Amsterdam)).Year
			var nr int64
			if err := tx.QueryRowContext(ctx, `INSERT INTO identificatie_seq (scope, jaar, last) VALUES ('klantcontact', $1, 1)
				ON CONFLICT (scope, jaar) DO UPDATE SET last = identificatie_seq.last + 1 RETURNING last`, year).Scan(&nr); err != nil {
				return fmt.Errorf("klantcontact nummer: %w", err)
			}
			var zaakID, medewerker, team, zaaktype any
			if c.zaak != nil && c.zaak.id != "" {
				zaakID = c.zaak.id
			}
			if c.zaaktypeID != "" {
				zaaktype = c.zaaktypeID
			}
			if c.medewerker != "" {
				medewerker = l.users[c.medewerker]
				team = l.teams[l.userTeam[c.medewerker]]
			}
			id, err := uuid.NewV7()
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO klantcontacten (id, nummer, kanaal, partij_type, partij_id, partij_naam,
				zaaktype_id, product, onderwerp, vraag, antwoord, uitkomst, medewerker_id, team_id, zaak_id, plaatsgevonden_op,
				created_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17)`,
				id.String(), fmt.Sprintf("KC-%d-%010d", year, nr), c.kanaal, c.partijType, c.partijID, c.naam, zaaktype,
				c.product, strings.TrimSpace(c.onderw), c.vraag, c.antwoord, c.uitkomst, medewerker, team, zaakID,
				c.at.UTC(), c.at.UTC()); err != nil {
				return fmt.Errorf("klantcontact: %w", err)
			}
		}
		return nil
	})
}
