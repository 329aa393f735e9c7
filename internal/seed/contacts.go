package seed

import (
	"context"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/demo"
)

// population picks a citizen; a few come back often, most once or twice.
func (g *generator) population(r *rand.Rand) int {
	u := r.Float64()
	return min(len(g.bsns)-1, int(float64(len(g.bsns))*u*u))
}

func naamDelen(i int) (string, string, string) { return demo.SyntheticNaam(i) }

func persoonsnaam(i int) string {
	vn, vv, gn := demo.SyntheticNaam(i)
	if vv != "" {
		return vn + " " + vv + " " + gn
	}
	return vn + " " + gn
}

var (
	bedrijfSoort = []string{"Bakkerij", "Café", "Bouwbedrijf", "Stichting", "Kapsalon", "Installatiebedrijf",
		"Restaurant", "Garage", "Bloemisterij", "Adviesbureau", "Schildersbedrijf", "Fietsenmaker"}
	bedrijfNaam = []string{"De Eik", "Van Dijk", "Het Anker", "De Zon", "Mulder", "De Brink", "Jansen & Zn.",
		"De Molen", "Het Centrum", "Visser", "De Linde", "Noord"}
)

func bedrijfsnaam(r *rand.Rand, i int) string {
	return bedrijfSoort[i%len(bedrijfSoort)] + " " + bedrijfNaam[(i/len(bedrijfSoort)+r.IntN(3))%len(bedrijfNaam)]
}

// norms writes the service-norm instances as the zaak domain would have left
// them after the zaak's life so far (see the rules in package zaak).
func (g *generator) norms(id uuid.UUID, z *zaakType, reg date.Date, regAt time.Time, deadline date.Date,
	closed bool, einddatum date.Date, closedAt time.Time) {
	r, w, oper := g.r, g.w, g.oper
	created := regAt // norms are created with the zaak, N5 later by the sweep
	add := func(norm string, volgnr int, due date.Date, state string, settled time.Time, by string, breached time.Time) {
		w.add(tNormen, w.uid(g.newID(created)), w.uid(id), norm, volgnr, w.day(due), state, nullTime(settled), by,
			nullTime(breached), created)
	}
	sweep := func(due date.Date) time.Time { return at(due.AddDays(1), 2*60) } // the nightly sweep
	// event settles a norm whose letter went out on day ev (zero: not yet).
	event := func(norm string, due date.Date, ev date.Date, by, closeOnTime string) {
		switch {
		case !ev.IsZero() && (!closed || !ev.After(einddatum)) && !ev.After(g.today):
			t := at(ev, officeMinutes(r))
			if t.Before(regAt) {
				t = regAt.Add(time.Duration(10+r.IntN(200)) * time.Minute)
			}
			if ev.After(due) {
				add(norm, 1, due, "breached", t, by, sweep(due))
			} else {
				add(norm, 1, due, "met", t, by, time.Time{})
			}
		case closed:
			if !einddatum.After(due) {
				add(norm, 1, due, closeOnTime, closedAt, "zaak_afgesloten", time.Time{})
			} else {
				add(norm, 1, due, "breached", closedAt, "zaak_afgesloten", sweep(due))
			}
		case g.today.After(due):
			add(norm, 1, due, "breached", time.Time{}, "", sweep(due))
		default:
			add(norm, 1, due, "open", time.Time{}, "", time.Time{})
		}
	}
	// N1 ontvangstbevestiging: usually the same or next working day.
	n1 := oper.AddWorkdays(reg, 3)
	ackIn := []int{0, 0, 0, 0, 0, 0, 1, 1, 2, 3, 5}[r.IntN(11)]
	event("N1", n1, oper.AddWorkdays(reg, ackIn), "brief_verstuurd", "met")
	// N2 overzicht ontbrekende stukken: a request for documents or a
	// declaration that the application is complete.
	n2days := 10
	if z.complex {
		n2days = 15
	}
	n2 := oper.AddWorkdays(reg, n2days)
	by := "compleet_verklaard"
	if r.IntN(4) == 0 {
		by = "documenten_opgevraagd"
	}
	event("N2", n2, oper.AddWorkdays(reg, 1+r.IntN(n2days+2)), by, "not_applicable")
	// N4 tijdige afhandeling: one week before the legal deadline.
	n4 := deadline.AddDays(-7)
	event("N4", n4, date.Date{}, "", "met")
	// N5 vooraankondiging: the sweep creates it when N4 breaches.
	if (closed && einddatum.After(n4)) || (!closed && g.today.After(n4)) {
		sweepAt := sweep(n4)
		ev := date.Date{}
		if r.IntN(3) > 0 {
			ev = n4.AddDays(1 + r.IntN(5))
		}
		if !sweepAt.After(g.opts.Now) {
			created = sweepAt
			event("N5", deadline, ev, "brief_verstuurd", "not_applicable")
			created = regAt
		}
	}
	// N8 PIP: every seeded initiator has a BSN or a KvK-nummer.
	add("N8", 1, reg, "met", regAt, "initiator_in_pip", time.Time{})
}

var (
	kanalen       = demo.ContactKanalen
	kanaalWeights = cumulative(demo.ContactKanaalGewicht)
	uitkomsten    = demo.Uitkomsten
)

func cumulative(w []float64) []float64 {
	out := make([]float64, len(w))
	t := 0.0
	for i, x := range w {
		t += x
		out[i] = t
	}
	return out
}

// klantcontacten generates n contacts over the same window. A contact that
// started a zaak points at a zaak registered at a counter or by phone near
// the same time; the share answered directly rises over the period, as the
// knowledge base and status information get better.
func (g *generator) klantcontacten(ctx context.Context, n int) error {
	if n == 0 {
		return nil
	}
	r, w := g.r, g.w
	span := g.opts.Now.Sub(g.from)
	uitCum := map[string][][]float64{} // per kanaal, per progress decile
	for k, ws := range demo.UitkomstGewicht {
		for dec := range 10 {
			adj := append([]float64(nil), ws...)
			adj[0] *= 0.9 + 0.025*float64(dec) // direct beantwoord: −10 % → +12.5 %
			uitCum[k] = append(uitCum[k], cumulative(adj))
		}
	}
	kccTeam, pzTeam := g.teams["KCC"], g.teams["PZ"]
	var kccUsers, pzUsers []uuid.UUID
	for _, u := range g.kcc {
		if u.team == pzTeam && pzTeam != uuid.Nil {
			pzUsers = append(pzUsers, u.id)
		} else {
			kccUsers = append(kccUsers, u.id)
		}
	}
	for i := range n {
		frac := (float64(i) + r.Float64()) / float64(n)
		t := g.from.Add(time.Duration(frac * float64(span)))
		kanaal := kanalen[pick(r, kanaalWeights)]
		day := date.Of(t.In(date.Amsterdam))
		if kanaal == "balie" || kanaal == "telefoon" || kanaal == "chat" {
			for day.Weekday() == time.Saturday || day.Weekday() == time.Sunday {
				day = day.AddDays(1)
			}
			t = at(day, officeMinutes(r))
			if t.After(g.opts.Now) {
				t = g.opts.Now.Add(-time.Duration(1+r.IntN(30)) * time.Minute)
			}
		}
		uitkomst := uitkomsten[pick(r, uitCum[kanaal][min(9, int(frac*10))])]

		var zaakID, ztID uuid.UUID
		partijType, partijID, partijNaam := "anoniem", "", ""
		onderwerp, product, vraag, antwoord := "", "", "", ""
		var zt *zaakType
		if uitkomst == "zaak_gestart" && len(g.started) > 0 {
			// The zaak registered nearest in time to this contact.
			j := min(len(g.started)-1, int(frac*float64(len(g.started))))
			s := g.started[j]
			zaakID, zt = s.id, g.zts[s.zt]
			t = s.at.Add(-time.Duration(2+r.IntN(15)) * time.Minute)
			if s.party >= 0 {
				partijType, partijID, partijNaam = "natuurlijk_persoon", g.bsns[s.party], persoonsnaam(int(s.party))
			} else {
				b := g.bedr[-1-s.party]
				partijType, partijID, partijNaam = "niet_natuurlijk_persoon", b.kvk, b.naam
			}
			vraag, antwoord = "Aanvraag "+strings.ToLower(zt.omschrijving)+".", "Aanvraag in behandeling genomen."
		} else {
			if uitkomst == "zaak_gestart" {
				uitkomst = "direct_beantwoord"
			}
			anon := 0.08
			if kanaal == "social_media" || kanaal == "chat" {
				anon = 0.45
			}
			switch x := r.Float64(); {
			case x < anon:
			case x < anon+0.07:
				b := g.bedr[r.IntN(len(g.bedr))]
				partijType, partijID, partijNaam = "niet_natuurlijk_persoon", b.kvk, b.naam
			default:
				pi := g.population(r)
				partijType, partijID, partijNaam = "natuurlijk_persoon", g.bsns[pi], persoonsnaam(pi)
			}
			if r.IntN(4) > 0 {
				zt = g.zts[pick(r, g.ztCum)]
				vraag = "Vraag over " + strings.ToLower(zt.omschrijving) + "."
				antwoord = "Informatie uit de productcatalogus gegeven."
			} else {
				v := demo.VrijeOnderwerpen[r.IntN(len(demo.VrijeOnderwerpen))]
				onderwerp, vraag, antwoord = v.Onderwerp, v.Vraag, v.Antwoord
			}
		}
		if zt != nil {
			ztID, onderwerp, product = zt.id, zt.omschrijving, zt.ident
		}
		if a, ok := demo.UitkomstAntwoord[uitkomst]; ok {
			antwoord = a
		}
		team, users := kccTeam, kccUsers
		if kanaal == "balie" && pzTeam != uuid.Nil {
			team, users = pzTeam, pzUsers
		}
		var medewerker uuid.UUID
		if len(users) > 0 {
			medewerker = users[r.IntN(len(users))]
		}
		year := date.Of(t.In(date.Amsterdam)).Year
		nummer, err := g.nextIdent(ctx, "klantcontact", "KC", "", year, g.nextKC)
		if err != nil {
			return err
		}
		w.add(tKlantcontacten, w.uid(g.newID(t)), nummer, kanaal, partijType, partijID, partijNaam, w.nullUID(ztID),
			product, onderwerp, vraag, antwoord, uitkomst, w.nullUID(medewerker), w.nullUID(team), w.nullUID(zaakID), t, t)
		if w.n >= chunkRows {
			if err := g.flush(ctx); err != nil {
				return err
			}
		}
	}
	return g.flush(ctx)
}
