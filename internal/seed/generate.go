package seed

import (
	"context"
	"encoding/json"
	"math"
	"time"

	"github.com/google/uuid"

	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/zaak"
)

var (
	tZaken = &table{"zaken", []string{"id", "identificatie", "bronorganisatie", "verantwoordelijke_organisatie",
		"zaaktype_id", "omschrijving", "startdatum", "registratiedatum", "einddatum_gepland",
		"uiterlijke_einddatum_afdoening", "einddatum", "kanaal", "producten_of_diensten", "vertrouwelijkheidaanduiding",
		"archiefnominatie", "archiefactiedatum", "startdatum_bewaartermijn", "status_id", "statustype_id", "resultaat_id",
		"initiator_type", "initiator_id", "initiator_naam", "team_id", "behandelaar_id", "created_at", "updated_at"}}
	tStatussen = &table{"statussen", []string{"id", "zaak_id", "statustype_id", "datum_status_gezet", "statustoelichting",
		"created_by", "created_at"}}
	tRollen = &table{"rollen", []string{"id", "zaak_id", "roltype_id", "omschrijving_generiek", "betrokkene_type",
		"betrokkene_identificatie", "ident_type", "ident_value", "naam", "registratiedatum"}}
	tResultaten = &table{"resultaten", []string{"id", "zaak_id", "resultaattype_id", "toelichting", "created_at"}}
	tNormen     = &table{"zaak_normen", []string{"id", "zaak_id", "norm", "volgnummer", "due_date", "state", "settled_at",
		"settled_by", "breached_at", "created_at"}}
	tKlantcontacten = &table{"klantcontacten", []string{"id", "nummer", "kanaal", "partij_type", "partij_id", "partij_naam",
		"zaaktype_id", "product", "onderwerp", "vraag", "antwoord", "uitkomst", "medewerker_id", "team_id", "zaak_id",
		"plaatsgevonden_op", "created_at"}}
)

// nullTime is a nullable timestamp for both drivers.
func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC()
}

// zaken generates n zaken spread evenly over the history window, in time
// order so identificaties rise with the registration date.
func (g *generator) zaken(ctx context.Context, n int) error {
	if n == 0 {
		return nil
	}
	span := g.opts.Now.Sub(g.from)
	g.started = make([]startedZaak, 0, n/3)
	for i := range n {
		reg := g.from.Add(time.Duration((float64(i) + g.r.Float64()) / float64(n) * float64(span)))
		if err := g.zaak(ctx, reg); err != nil {
			return err
		}
		if g.w.n >= chunkRows {
			if err := g.flush(ctx); err != nil {
				return err
			}
		}
	}
	return g.flush(ctx)
}

func (g *generator) zaak(ctx context.Context, reg time.Time) error {
	r := g.r
	zi := pick(r, g.ztCum)
	z := g.zts[zi]

	kanaal := "webformulier"
	if r.Float64() >= z.digitaal {
		kanaal = kanalenBalie[pick(r, []float64{45, 80, 92, 100})]
	}
	day := date.Of(reg.In(date.Amsterdam))
	if kanaal != "webformulier" {
		// Counters and phones are open on weekdays in office hours.
		for day.Weekday() == time.Saturday || day.Weekday() == time.Sunday {
			day = day.AddDays(1)
		}
		reg = at(day, officeMinutes(r))
	}
	if reg.After(g.opts.Now) {
		reg = g.opts.Now.Add(-time.Duration(1+r.IntN(60)) * time.Minute)
		day = date.Of(reg.In(date.Amsterdam))
	}
	if day.Before(z.begin) {
		day, reg = z.begin, at(z.begin, officeMinutes(r))
	}
	start := day
	deadline := g.deadline(zi, z, start)
	legalDays := max(1, start.DaysUntil(deadline))

	// How long handling takes: mostly well within the term, sometimes late,
	// and a few zaken get stuck.
	var dur int
	switch x := r.Float64(); {
	case x < 0.05:
		dur = legalDays + 1 + r.IntN(legalDays/2+2)
	case x < 0.055:
		dur = 10 * legalDays
	default:
		dur = int(float64(legalDays) * (0.08 + 0.8*math.Pow(r.Float64(), 1.4)))
	}
	end := start.AddDays(dur)
	for end.Weekday() == time.Saturday || end.Weekday() == time.Sunday {
		end = end.AddDays(1)
	}
	closed := !end.After(g.today)
	var closedAt time.Time
	if closed {
		closedAt = at(end, 9*60+r.IntN(8*60))
		if !closedAt.After(reg) {
			closedAt = reg.Add(time.Duration(5+r.IntN(120)) * time.Minute)
		}
		if closedAt.After(g.opts.Now) {
			closed = false
		}
	}

	id := g.newID(reg)
	ident, err := g.nextIdent(ctx, "zaak", "ZAAK", z.bron, start.Year, g.seq)
	if err != nil {
		return err
	}
	omschrijving := z.omschrijvingen[r.IntN(len(z.omschrijvingen))]

	// The initiator.
	var initType, initID, initNaam, betrType string
	party := int32(0)
	if r.Float64() < z.bedrijf {
		b := r.IntN(len(g.bedr))
		party = -1 - int32(b)
		initType, initID, initNaam, betrType = "kvk", g.bedr[b].kvk, g.bedr[b].naam, "niet_natuurlijk_persoon"
	} else {
		pi := g.population(r)
		party = int32(pi)
		initType, initID, initNaam, betrType = "bsn", g.bsns[pi], persoonsnaam(pi), "natuurlijk_persoon"
	}
	// betrokkeneIdentificatie exactly as the zaak domain stores it.
	var bi zaak.BetrokkeneIdentificatie
	if betrType == "natuurlijk_persoon" {
		vn, vv, gn := naamDelen(int(party))
		bi = zaak.BetrokkeneIdentificatie{InpBsn: initID, Voornamen: vn, VoorvoegselGeslachtsnaam: vv, Geslachtsnaam: gn}
	} else {
		bi = zaak.BetrokkeneIdentificatie{KvkNummer: initID, StatutaireNaam: initNaam}
	}
	biJSON, _ := json.Marshal(bi)

	// The status reached: the eindstatus when closed; otherwise one in
	// proportion to the time spent.
	nst := len(z.statustypen)
	sti := 0
	var lastAt time.Time
	now := g.opts.Now
	if closed {
		sti, lastAt = nst-1, closedAt
	} else if nst > 1 {
		elapsed := now.Sub(reg)
		frac := float64(elapsed) / float64(time.Duration(dur+1)*24*time.Hour)
		sti = min(nst-2, int(frac*float64(nst-1)+r.Float64()*0.6))
		if sti > 0 {
			lastAt = reg.Add(time.Duration(float64(elapsed) * (0.3 + 0.6*r.Float64())))
		}
	}
	var behandelaar uuid.UUID
	if sti > 0 && len(z.behandelaars) > 0 {
		behandelaar = z.behandelaars[r.IntN(len(z.behandelaars))]
	}

	statusID := g.newID(reg)
	w := g.w
	g.w.add(tStatussen, w.uid(statusID), w.uid(id), w.uid(z.statustypen[0]), reg, "", "seed", reg)
	currentStatus, currentType := statusID, z.statustypen[0]
	if sti > 0 {
		s2 := g.newID(lastAt)
		toel := ""
		if closed {
			toel = "Zaak afgehandeld"
		}
		g.w.add(tStatussen, w.uid(s2), w.uid(id), w.uid(z.statustypen[sti]), lastAt, toel, "seed", lastAt)
		currentStatus, currentType = s2, z.statustypen[sti]
	}
	g.w.add(tRollen, w.uid(g.newID(reg)), w.uid(id), w.uid(z.initiatorRol), "initiator", betrType, string(biJSON),
		initType, initID, initNaam, reg)

	var resultaatID uuid.UUID
	var einddatum, archiefactie, bewaar date.Date
	nominatie := ""
	if closed {
		rt := z.resultaten[pick(r, z.resultCum)]
		resultaatID, einddatum, nominatie = g.newID(closedAt), end, rt.nominatie
		g.w.add(tResultaten, w.uid(resultaatID), w.uid(id), w.uid(rt.id), "", closedAt.Add(-time.Minute))
		if !rt.actietermijn.IsZero() {
			bewaar = einddatum
			if rt.termijn && !rt.procestermijn.IsZero() {
				bewaar = rt.procestermijn.AddTo(einddatum)
			}
			archiefactie = rt.actietermijn.AddTo(bewaar)
		}
	}

	var einddatumGepland date.Date
	if !z.servicenorm.IsZero() {
		einddatumGepland = z.servicenorm.AddTo(start)
	}
	updated := reg
	if !lastAt.IsZero() {
		updated = lastAt
	}
	g.w.add(tZaken, w.uid(id), ident, z.bron, z.bron, w.uid(z.id), omschrijving, w.day(start), w.day(day),
		w.day(einddatumGepland), w.day(deadline), w.day(einddatum), kanaal, z.producten, z.vertr,
		nominatie, w.day(archiefactie), w.day(bewaar), w.uid(currentStatus), w.uid(currentType), w.nullUID(resultaatID),
		initType, initID, initNaam, w.nullUID(z.team), w.nullUID(behandelaar), reg, updated)

	g.norms(id, z, day, reg, deadline, closed, einddatum, closedAt)

	if kanaal == "balie" || kanaal == "telefoon" {
		g.started = append(g.started, startedZaak{id: id, zt: int32(zi), at: reg, party: party})
	}
	return nil
}
