package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gemeenten/loket/internal/audit"
	"github.com/gemeenten/loket/internal/besluit"
	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/document"
	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/termijn"
	"github.com/gemeenten/loket/internal/zaak"
)

// The history: a plan of scenarios (one per zaak), each a series of events
// at moments in the past. All events of all zaken — and a nightly run of the
// service-norm sweep — are executed in time order through the domain
// packages, with the clock set to the moment of the event, so every deadline,
// norm instance and audit row is what the real system would have produced.

type kind int

const (
	kClosed kind = iota
	kClosedLate
	kClosedSuspended
	kClosedExtended
	kReopened
	kReopenedClosed
	kRegistered
	kInBehandeling
	kWaiting
	kResumedOpen
	kExtendedOpen
	kOverdueOpen
)

// quota is the share of each scenario kind, with a minimum so that every
// state exists even in a small demo.
type quotaDef struct {
	k        kind
	share    float64
	min      int
	needOps  bool // zaaktype must allow opschorting
	needVerl bool // zaaktype must allow verlenging
}

var quota = []quotaDef{
	{kRegistered, 0.04, 3, false, false},
	{kInBehandeling, 0.10, 5, false, false},
	{kWaiting, 0.04, 3, true, false},
	{kResumedOpen, 0.03, 2, true, false},
	{kExtendedOpen, 0.02, 2, false, true},
	{kOverdueOpen, 0.02, 2, false, false},
	{kReopened, 0.02, 2, false, false},
	{kReopenedClosed, 0.01, 1, false, false},
	{kClosedLate, 0.05, 3, false, false},
	{kClosedSuspended, 0.08, 3, true, false},
	{kClosedExtended, 0.04, 2, false, true},
}

type scenario struct {
	n        int
	kind     kind
	zt       *loadedZaakType
	kanaal   string
	persoon  int // index in Personen, or −1
	bedrijf  int // index in Bedrijven, or −1
	oms      string
	behandel string // username
	intake   string // username of the KCC employee ("" for the web form)
	id       string // set by the create event
	ident    string
}

type event struct {
	at  time.Time
	seq int
	do  func(ctx context.Context) error
}

type history struct {
	l         *loader
	r         *rand.Rand
	clk       *clock
	zs        *zaak.Service
	bs        *besluit.Service
	docs      *document.Service // nil without a blob store
	personen  []Persoon
	bedrijven []Bedrijf
	events    []event
	contacts  []contact
	legal     *termijn.Calendar
	oper      *termijn.Calendar
	staffBy   map[string]staffMember
}

type staffMember struct {
	id, naam, team string
	rollen         []string
}

// contact is a klantcontact gathered during the history, written at the end.
type contact struct {
	at                          time.Time
	kanaal, uitkomst            string
	partijType, partijID, naam  string
	zaaktypeID, product, onderw string
	vraag, antwoord             string
	medewerker                  string // username
	zaak                        *scenario
}

func (l *loader) loadHistory(ctx context.Context, n int) error {
	oper, err := termijn.LoadOperational(ctx, l.d.R)
	if err != nil {
		return err
	}
	h := &history{l: l, r: rand.New(rand.NewPCG(20261128, 3)), clk: &clock{t: l.start},
		personen: Personen(), bedrijven: Bedrijven(), legal: termijn.Legal(), oper: oper,
		staffBy: map[string]staffMember{}}
	h.zs = zaak.New(l.d)
	h.zs.Now = h.clk.Now
	h.bs = besluit.New(l.d, h.clk.Now)
	if l.blobs != nil {
		h.docs = document.New(l.d, l.blobs, h.clk.Now)
	}
	for _, s := range staff {
		h.staffBy[s.username] = staffMember{id: l.users[s.username], naam: s.naam, team: s.team, rollen: s.rollen}
	}
	l.hist = h
	h.plan(n)
	// The nightly sweep marks norms breached on the night after their due date.
	for d := date.Of(l.start).AddDays(1); !d.After(date.Today(l.now)); d = d.AddDays(1) {
		t := time.Date(d.Year, d.Month, d.Day, 2, 0, 0, 0, date.Amsterdam).UTC()
		if t.After(l.now) {
			break
		}
		h.add(t, 0, func(ctx context.Context) error {
			_, err := h.zs.SweepNorms(audit.WithActor(ctx, audit.System("normen-sweep")), h.clk.t)
			return err
		})
	}
	slices.SortStableFunc(h.events, func(a, b event) int {
		if c := a.at.Compare(b.at); c != 0 {
			return c
		}
		return a.seq - b.seq
	})
	for _, e := range h.events {
		h.clk.t = e.at
		if err := e.do(ctx); err != nil {
			return fmt.Errorf("event at %s: %w", e.at.Format(time.RFC3339), err)
		}
	}
	return nil
}

func (h *history) add(at time.Time, seq int, do func(ctx context.Context) error) {
	if at.After(h.l.now) {
		return
	}
	h.events = append(h.events, event{at: at, seq: seq, do: do})
}

// office is a moment on day d during office hours (Amsterdam), on a working day.
func (h *history) office(d date.Date) time.Time {
	for !h.oper.IsWorkday(d) {
		d = d.AddDays(1)
	}
	m := 8*60 + 30 + h.r.IntN(8*60)
	return time.Date(d.Year, d.Month, d.Day, 0, m, 0, 0, date.Amsterdam).UTC()
}

func day(t time.Time) date.Date { return date.Of(t.In(date.Amsterdam)) }

func (h *history) actor(username string) audit.Actor {
	s := h.staffBy[username]
	return audit.Actor{Kind: "medewerker", ID: s.id, Name: s.naam, Roles: s.rollen, TeamID: h.l.teams[s.team]}
}

func (h *history) as(ctx context.Context, username string) context.Context {
	return audit.WithActor(ctx, h.actor(username))
}

// staffOf lists the usernames of a team holding role.
func staffOf(team, rol string) []string {
	var out []string
	for _, s := range staff {
		if s.team == team && slices.Contains(s.rollen, rol) {
			out = append(out, s.username)
		}
	}
	return out
}

func (h *history) pickStaff(team, rol, fallback string) string {
	if s := staffOf(team, rol); len(s) > 0 {
		return s[h.r.IntN(len(s))]
	}
	return fallback
}

// plan draws the scenarios and turns each into events.
func (h *history) plan(n int) {
	r := h.r
	kinds := make([]kind, 0, n)
	for _, q := range quota {
		for range max(q.min, int(q.share*float64(n))) {
			kinds = append(kinds, q.k)
		}
	}
	for len(kinds) < n {
		kinds = append(kinds, kClosed)
	}
	r.Shuffle(len(kinds), func(i, j int) { kinds[i], kinds[j] = kinds[j], kinds[i] })

	zts := h.l.cat.zaaktypen
	total := 0
	for _, z := range zts {
		total += z.def.Weight
	}
	closedSeen := 0
	for i, k := range kinds {
		var zt *loadedZaakType
		req := quotaOf(k)
		switch {
		case k == kClosed && closedSeen < len(zts):
			// Every zaaktype gets at least one finished zaak.
			zt = &zts[closedSeen]
			closedSeen++
		default:
			for tries := 0; ; tries++ {
				x := r.IntN(total)
				for j := range zts {
					if x < zts[j].def.Weight {
						zt = &zts[j]
						break
					}
					x -= zts[j].def.Weight
				}
				if (!req.needOps || zt.def.Opschorting) && (!req.needVerl || zt.def.Verlenging) && (k != kResumedOpen || legalDays(zt.def) >= 28) {
					break
				}
			}
		}
		h.scenario(&scenario{n: i, kind: k, zt: zt})
	}
}

func quotaOf(k kind) quotaDef {
	for _, x := range quota {
		if x.k == k {
			return x
		}
	}
	return quotaDef{k: k}
}

// legalDays approximates the doorlooptijd in days (for planning only; the
// domain computes the real deadline).
func legalDays(def ZaakTypeDef) int {
	d := termijn.MustParseDuration(def.Doorlooptijd)
	start := date.New(2026, 1, 5)
	return start.DaysUntil(d.AddTo(start))
}

func (h *history) scenario(s *scenario) {
	r, now := h.r, h.l.now
	def := s.zt.def
	D := legalDays(def)
	days := func(n int) time.Duration { return time.Duration(n) * 24 * time.Hour }

	// The moment of registration, by kind.
	var t0 time.Time
	earliest := h.l.start.Add(days(2))
	span := func(from, to time.Time) time.Time {
		if !to.After(from) {
			return from
		}
		return from.Add(time.Duration(r.Int64N(int64(to.Sub(from)))))
	}
	switch s.kind {
	case kRegistered:
		t0 = now.Add(-time.Duration(1+r.IntN(20)) * time.Hour)
	case kInBehandeling:
		t0 = now.Add(-days(1 + int(float64(D)*(0.1+0.5*r.Float64()))))
	case kWaiting:
		t0 = now.Add(-days(5 + r.IntN(8)))
	case kResumedOpen:
		t0 = now.Add(-days(14 + r.IntN(8)))
	case kExtendedOpen:
		t0 = now.Add(-days(D - 3 - r.IntN(5)))
	case kOverdueOpen:
		t0 = now.Add(-days(D + 5 + r.IntN(25)))
	case kReopened:
		t0 = now.Add(-days(D/2 + 20 + r.IntN(20)))
	default:
		t0 = span(earliest, now.Add(-days(D*2+30)))
	}
	if t0.Before(earliest) {
		t0 = earliest
	}
	// Web forms come in at any hour; the counter, the phone and the post
	// during office hours.
	if r.Float64() < def.Digitaal {
		s.kanaal = "webformulier"
	} else {
		s.kanaal = []string{"balie", "balie", "telefoon", "email", "post"}[r.IntN(5)]
		t0 = h.office(day(t0))
		if t0.After(now) {
			t0 = now.Add(-time.Duration(30+r.IntN(60)) * time.Minute)
		}
	}
	s.persoon, s.bedrijf = -1, -1
	if r.Float64() < def.Bedrijf {
		s.bedrijf = r.IntN(len(h.bedrijven))
	} else {
		// A few citizens come back often (the demo's klantbeeld).
		u := r.Float64()
		s.persoon = int(u * u * float64(len(h.personen)))
	}
	s.oms = def.Omschrijvingen[r.IntN(len(def.Omschrijvingen))]
	s.behandel = h.pickStaff(def.Team, "behandelaar", "behandelaar")
	switch s.kanaal {
	case "balie":
		s.intake = h.pickStaff("PZ", "kcc", "kcc")
	case "webformulier":
	default:
		s.intake = h.pickStaff("KCC", "kcc", "kcc")
	}

	seq := s.n*100 + 1
	next := func() int { seq++; return seq }
	d0 := day(t0)
	h.add(t0, next(), func(ctx context.Context) error { return h.create(ctx, s, d0) })
	if s.kind == kRegistered {
		return
	}

	// N1: the acknowledgement, usually the same or the next working day.
	ack := []int{0, 0, 0, 1, 1, 2, 5}[r.IntN(7)]
	tAck := t0.Add(30 * time.Minute)
	if ack > 0 {
		tAck = h.office(h.oper.AddWorkdays(d0, ack))
	}

	// Assignment and the first step.
	t1 := h.office(h.oper.AddWorkdays(d0, 1))
	if def.Doorlooptijd == "P5D" || legalDays(def) <= 7 {
		t1 = t0.Add(time.Duration(40+r.IntN(120)) * time.Minute)
	}
	deadline := termijn.Deadline(d0, termijn.MustParseDuration(def.Doorlooptijd), h.legal, termijn.Options{}).End

	// When it closes (zero: open at now).
	var tClose time.Time
	switch s.kind {
	case kClosed, kClosedSuspended, kClosedExtended, kReopened, kReopenedClosed:
		frac := 0.15 + 0.7*r.Float64()
		tClose = h.office(d0.AddDays(max(1, int(frac*float64(D)))))
	case kClosedLate:
		tClose = h.office(deadline.AddDays(2 + r.IntN(15)))
	}
	if s.kind == kClosedSuspended {
		tClose = tClose.Add(days(14))
	}
	if s.kind == kClosedExtended {
		tClose = h.office(deadline.AddDays(3 + r.IntN(10)))
	}
	if !tClose.IsZero() && !tClose.After(t1) {
		tClose = t1.Add(time.Duration(30+r.IntN(200)) * time.Minute)
	}
	if !tClose.IsZero() && tClose.After(now) {
		tClose = time.Time{}
	}
	before := func(t time.Time) bool { return tClose.IsZero() || t.Before(tClose) }

	if before(tAck) {
		h.add(tAck, next(), func(ctx context.Context) error {
			ctx = h.as(ctx, s.behandel)
			if err := h.letter(ctx, s, "Ontvangstbevestiging", "Ontvangstbevestiging "+s.ident,
				"Wij hebben uw aanvraag ontvangen en in behandeling genomen onder nummer "+s.ident+"."); err != nil {
				return err
			}
			return h.zs.MarkNoticeSent(ctx, s.id, zaak.N1)
		})
	}
	h.add(t1, next(), func(ctx context.Context) error { return h.assign(ctx, s) })

	// N2: missing documents (with a suspension of the legal term) or complete.
	switch s.kind {
	case kWaiting, kResumedOpen, kClosedSuspended:
		tReq := h.office(h.oper.AddWorkdays(d0, 2+r.IntN(3)))
		if tReq.Before(t1) {
			tReq = t1.Add(time.Hour)
		}
		tot := day(tReq).AddDays(14 + r.IntN(15))
		h.add(tReq, next(), func(ctx context.Context) error {
			_, err := h.zs.RequestDocuments(h.as(ctx, s.behandel), s.id, "Ontbrekende stukken: "+missing(def), tot)
			return err
		})
		if s.kind != kWaiting {
			tRec := h.office(day(tReq).AddDays(3 + r.IntN(9)))
			if tRec.After(now) {
				tRec = now.Add(-time.Hour)
			}
			h.add(tRec, next(), func(ctx context.Context) error {
				_, err := h.zs.DocumentsReceived(h.as(ctx, s.behandel), s.id, day(tRec))
				return err
			})
			tN3 := h.office(h.oper.AddWorkdays(day(tRec), 1+r.IntN(4)))
			if before(tN3) {
				h.add(tN3, next(), func(ctx context.Context) error {
					return h.zs.MarkNoticeSent(h.as(ctx, s.behandel), s.id, zaak.N3)
				})
			}
		}
	default:
		late := 0
		if r.IntN(20) == 0 {
			late = 12
		}
		tComplete := h.office(h.oper.AddWorkdays(d0, 1+r.IntN(5)+late))
		if tComplete.Before(t1) {
			tComplete = t1.Add(10 * time.Minute)
		}
		if before(tComplete) {
			h.add(tComplete, next(), func(ctx context.Context) error {
				return h.zs.DeclareComplete(h.as(ctx, s.behandel), s.id)
			})
		}
	}

	// Verlenging, announced to the applicant (N5) the same day.
	if (s.kind == kClosedExtended || s.kind == kExtendedOpen) && def.Verlenging {
		tExt := h.office(deadline.AddDays(-8 - r.IntN(4)))
		if tExt.Before(t1) {
			tExt = t1.Add(time.Hour)
		}
		if tExt.After(now) {
			tExt = now.Add(-2 * time.Hour)
		}
		h.add(tExt, next(), func(ctx context.Context) error {
			_, err := h.zs.Extend(h.as(ctx, s.behandel), s.id, termijn.MustParseDuration(def.Verlengingstermijn),
				"Advies van een externe partij is nodig voordat we kunnen beslissen.")
			return err
		})
		h.add(tExt.Add(time.Hour), next(), func(ctx context.Context) error {
			return h.zs.MarkNoticeSent(h.as(ctx, s.behandel), s.id, zaak.N5)
		})
	}

	// Intermediate statuses, spread between the first step and the end (or now).
	nst := len(s.zt.statustypen)
	end := tClose
	if end.IsZero() {
		end = now
		if s.kind == kInBehandeling || s.kind == kWaiting {
			end = t1.Add(now.Sub(t1) / 2)
		}
	}
	for v := 2; v < nst-1; v++ {
		frac := float64(v-1) / float64(nst-1)
		t := t1.Add(time.Duration(frac * float64(end.Sub(t1))))
		if !tClose.IsZero() && !t.Before(tClose.Add(-time.Hour)) {
			break
		}
		if s.kind == kInBehandeling && v > 2 && r.IntN(2) == 0 {
			break
		}
		st := s.zt.statustypen[v]
		h.add(t, next(), func(ctx context.Context) error {
			_, err := h.zs.SetStatus(h.as(ctx, s.behandel), s.id, zaak.StatusInput{StatusTypeID: st})
			return err
		})
	}

	// A status question now and then (N7), answered directly or by a call-back.
	if r.IntN(4) == 0 {
		tq := h.office(day(t1.Add(time.Duration(r.Float64() * float64(end.Sub(t1))))))
		if tq.After(t1) && before(tq) {
			h.statusQuestion(s, tq, next)
		}
	}

	if tClose.IsZero() {
		return
	}
	h.add(tClose.Add(-20*time.Minute), next(), func(ctx context.Context) error { return h.decide(ctx, s, tClose) })
	h.add(tClose, next(), func(ctx context.Context) error {
		_, err := h.zs.SetStatus(h.as(ctx, s.behandel), s.id, zaak.StatusInput{StatusTypeID: s.zt.statustypen[nst-1],
			Statustoelichting: "Zaak afgehandeld."})
		return err
	})
	if s.kind != kReopened && s.kind != kReopenedClosed {
		return
	}
	// Reopened by the team leader, e.g. after a successful objection.
	leider := h.pickStaff(def.Team, "teamleider", "teamleider")
	tRe := tClose.Add(days(3 + r.IntN(7)))
	if tRe.After(now) {
		tRe = now.Add(-time.Hour)
	}
	h.add(tRe, next(), func(ctx context.Context) error {
		_, err := h.zs.SetStatus(h.as(ctx, leider), s.id, zaak.StatusInput{StatusTypeID: s.zt.statustypen[1],
			Statustoelichting: "Heropend: de aanvrager heeft nieuwe informatie aangeleverd."})
		return err
	})
	if s.kind == kReopenedClosed {
		tAgain := h.office(day(tRe).AddDays(7 + r.IntN(10)))
		if tAgain.After(now) {
			return
		}
		h.add(tAgain, next(), func(ctx context.Context) error {
			_, err := h.zs.SetStatus(h.as(ctx, s.behandel), s.id, zaak.StatusInput{StatusTypeID: s.zt.statustypen[nst-1],
				Statustoelichting: "Opnieuw afgehandeld."})
			return err
		})
	}
}

func missing(def ZaakTypeDef) string {
	switch def.Team {
	case "WI":
		return "bankafschriften van de laatste drie maanden en het huurcontract."
	case "WMO":
		return "een medische verklaring."
	case "VERG":
		return "een situatietekening en een constructieberekening."
	case "BEL":
		return "een inkomensverklaring."
	}
	return "een kopie van een geldig identiteitsbewijs."
}

// create registers the zaak through the zaak domain, as the KCC employee or
// the citizen (web form) would have.
func (h *history) create(ctx context.Context, s *scenario, start date.Date) error {
	def := s.zt.def
	in := zaak.CreateInput{
		Bronorganisatie: RSIN, VerantwoordelijkeOrganisatie: RSIN, ZaakTypeID: s.zt.id, Omschrijving: s.oms,
		Startdatum: start, Kanaal: s.kanaal, ProductenOfDiensten: []string{ProductURL(def.Identificatie)},
	}
	var who audit.Actor
	if s.persoon >= 0 {
		p := h.personen[s.persoon]
		in.Initiator = &zaak.RolInput{BetrokkeneType: "natuurlijk_persoon", BetrokkeneIdentificatie: zaak.BetrokkeneIdentificatie{
			InpBsn: p.BSN, Voornamen: p.Voornamen, Voorletters: p.Voorletters, VoorvoegselGeslachtsnaam: p.Voorvoegsel,
			Geslachtsnaam: p.Geslachtsnaam, Geslachtsaanduiding: map[string]string{"M": "m", "V": "v"}[p.Geslacht],
			Geboortedatum: p.Geboortedatum}}
		who = audit.Actor{Kind: "burger", ID: p.BSN, Name: p.VolledigeNaam()}
	} else {
		b := h.bedrijven[s.bedrijf]
		in.Initiator = &zaak.RolInput{BetrokkeneType: "niet_natuurlijk_persoon", BetrokkeneIdentificatie: zaak.BetrokkeneIdentificatie{
			KvkNummer: b.KvKNummer, InnNnpID: b.RSIN, StatutaireNaam: b.Handelsnaam}}
		who = audit.Actor{Kind: "burger", ID: b.KvKNummer, Name: b.Handelsnaam}
	}
	if s.intake != "" {
		who = h.actor(s.intake)
	}
	ctx = audit.WithActor(ctx, who)
	z, err := h.zs.Create(ctx, in)
	if err != nil {
		return fmt.Errorf("create %s: %w", def.Identificatie, err)
	}
	s.id, s.ident = z.ID, z.Identificatie
	for _, e := range def.Eigenschappen {
		v := h.eigenschapWaarde(e, start)
		if _, err := h.zs.SetEigenschap(ctx, s.id, s.zt.eigenschap[e.Naam], v); err != nil {
			return fmt.Errorf("eigenschap %s: %w", e.Naam, err)
		}
	}
	inkomend := "Aanvraag"
	if def.Identificatie == "BEZWAAR" {
		inkomend = "Bezwaarschrift"
	}
	if err := h.letter(ctx, s, inkomend, inkomend+" "+lower(def.Omschrijving),
		"Aanvraag: "+s.oms+"\nIngediend via: "+s.kanaal+"\n"); err != nil {
		return err
	}
	if s.intake != "" {
		c := h.newContact(s, h.clk.t.Add(-5*time.Minute), s.kanaal, "zaak_gestart", s.intake)
		c.vraag, c.antwoord = "Aanvraag "+lower(def.Omschrijving)+".", "Aanvraag in behandeling genomen als "+z.Identificatie+"."
		h.contacts = append(h.contacts, c)
	}
	return nil
}

func (h *history) eigenschapWaarde(e EigenschapDef, start date.Date) string {
	switch {
	case len(e.Waarden) > 0:
		return e.Waarden[h.r.IntN(len(e.Waarden))]
	case e.Formaat == "datum":
		d := start.AddDays(20 + h.r.IntN(120))
		return fmt.Sprintf("%04d%02d%02d", d.Year, d.Month, d.Day)
	case e.Naam == "belastingjaar":
		return strconv.Itoa(start.Year)
	case e.Naam == "bouwkosten":
		return strconv.Itoa(5000 + 500*h.r.IntN(200))
	case e.Naam == "bezoekers":
		return strconv.Itoa(100 * (1 + h.r.IntN(80)))
	case e.Formaat == "getal":
		return strconv.Itoa(1 + h.r.IntN(2))
	}
	return "ZAAK-" + strconv.Itoa(start.Year-1) + "-" + fmt.Sprintf("%010d", 1+h.r.IntN(300))
}

// assign makes the behandelaar responsible and takes the first step.
func (h *history) assign(ctx context.Context, s *scenario) error {
	ctx = h.as(ctx, s.behandel)
	if _, err := h.zs.AddRol(ctx, s.id, zaak.RolInput{RolTypeID: s.zt.roltypen["behandelaar"], BetrokkeneType: "medewerker",
		BetrokkeneIdentificatie: zaak.BetrokkeneIdentificatie{Identificatie: s.behandel}}); err != nil {
		return fmt.Errorf("behandelaar: %w", err)
	}
	if len(s.zt.statustypen) > 2 {
		if _, err := h.zs.SetStatus(ctx, s.id, zaak.StatusInput{StatusTypeID: s.zt.statustypen[1]}); err != nil {
			return fmt.Errorf("status: %w", err)
		}
	}
	return nil
}

// decide sets the resultaat and, where the zaaktype has one, records the besluit.
func (h *history) decide(ctx context.Context, s *scenario, closeAt time.Time) error {
	ctx = h.as(ctx, s.behandel)
	def := s.zt.def
	total := 0
	for _, rt := range def.Resultaattypen {
		total += rt.Weight
	}
	x, i := h.r.IntN(max(total, 1)), 0
	for ; i < len(def.Resultaattypen)-1; i++ {
		if x < def.Resultaattypen[i].Weight {
			break
		}
		x -= def.Resultaattypen[i].Weight
	}
	if _, err := h.zs.SetResultaat(ctx, s.id, s.zt.resultaten[i], ""); err != nil {
		return fmt.Errorf("resultaat: %w", err)
	}
	if len(s.zt.besluittype) == 0 || def.Resultaattypen[i].Generiek == "Ingetrokken" {
		return nil
	}
	d := day(closeAt)
	in := besluit.CreateInput{VerantwoordelijkeOrganisatie: RSIN, BesluittypeID: s.zt.besluittype[0], ZaakID: s.id,
		Datum: d, Ingangsdatum: d, Verzenddatum: d, Bestuursorgaan: "College van burgemeester en wethouders",
		Toelichting: def.Resultaattypen[i].Omschrijving + ": " + s.oms}
	if def.Identificatie == "PARKEERVERGUNNING" || def.Identificatie == "GPK" {
		in.Vervaldatum = d.AddDate(5, 0, 0)
	}
	b, err := h.bs.Create(ctx, in)
	if err != nil {
		return fmt.Errorf("besluit: %w", err)
	}
	if h.docs == nil {
		return nil
	}
	docID, err := h.document(ctx, s, "Besluit", "Besluit "+lower(def.Omschrijving),
		"Besluit "+b.Identificatie+"\n\n"+in.Toelichting+"\n\nTegen dit besluit kunt u binnen zes weken bezwaar maken.")
	if err != nil || docID == "" {
		return err
	}
	if _, err := h.bs.LinkInformatieobject(ctx, b.ID, docID); err != nil {
		return fmt.Errorf("besluit document: %w", err)
	}
	return nil
}

// letter adds a document of the given type to the zaak, when the demo has a
// document store and the zaaktype knows the type (else Correspondentie).
func (h *history) letter(ctx context.Context, s *scenario, iot, titel, tekst string) error {
	_, err := h.document(ctx, s, iot, titel, tekst)
	return err
}

func (h *history) document(ctx context.Context, s *scenario, iot, titel, tekst string) (string, error) {
	if h.docs == nil {
		return "", nil
	}
	if !slices.Contains(s.zt.def.Informatieobjecttypen, iot) {
		iot = "Correspondentie"
		if !slices.Contains(s.zt.def.Informatieobjecttypen, iot) {
			return "", nil
		}
	}
	no := false
	auteur := Gemeente
	if a := audit.ActorFrom(ctx); a.Name != "" {
		auteur = a.Name
	}
	body := Gemeente + "\n\n" + titel + "\n\n" + tekst + "\n"
	d, err := h.docs.Create(ctx, document.CreateInput{Bronorganisatie: RSIN, Creatiedatum: day(h.clk.t), Titel: titel,
		Auteur: auteur, Status: "definitief", Taal: "dut", Bestandsnaam: strings.ReplaceAll(lower(titel), " ", "-") + ".txt",
		Formaat: "text/plain", IndicatieGebruiksrecht: &no, InformatieobjecttypeID: h.l.cat.iots[iot],
		Content: strings.NewReader(body)})
	if err != nil {
		return "", fmt.Errorf("document %s: %w", titel, err)
	}
	if _, err := h.docs.LinkZaak(ctx, document.LinkInput{ZaakID: s.id, InformatieobjectID: d.ID, Titel: titel,
		ZichtbaarVoorInitiator: true}); err != nil {
		return "", fmt.Errorf("document %s: %w", titel, err)
	}
	return d.ID, nil
}

// statusQuestion: the customer asks how the zaak is doing (N7).
func (h *history) statusQuestion(s *scenario, at time.Time, next func() int) {
	kanaal := []string{"telefoon", "telefoon", "telefoon", "email", "balie", "chat"}[h.r.IntN(6)]
	direct := h.r.IntN(10) < 7
	medewerker := h.pickStaff("KCC", "kcc", "kcc")
	if kanaal == "balie" {
		medewerker = h.pickStaff("PZ", "kcc", "kcc")
	}
	var volgnr int
	h.add(at, next(), func(ctx context.Context) error {
		n, err := h.zs.RegisterStatusQuestion(h.as(ctx, medewerker), s.id, kanaal, direct)
		if err != nil {
			return fmt.Errorf("statusvraag: %w", err)
		}
		volgnr = n.Volgnummer
		uit := "direct_beantwoord"
		if !direct {
			uit = "contactverzoek"
			if kanaal == "telefoon" && h.r.IntN(4) == 0 {
				uit = "klant_belt_terug"
			}
		}
		c := h.newContact(s, at, kanaal, uit, medewerker)
		c.vraag = "Hoe staat het met mijn aanvraag " + s.ident + "?"
		c.antwoord = "Status doorgegeven uit het zaaksysteem."
		if a, ok := UitkomstAntwoord[uit]; ok {
			c.antwoord = a
		}
		h.contacts = append(h.contacts, c)
		return nil
	})
	if !direct {
		ta := h.office(h.oper.AddWorkdays(day(at), h.r.IntN(2)))
		if !ta.After(at) {
			ta = at.Add(2 * time.Hour)
		}
		h.add(ta, next(), func(ctx context.Context) error {
			err := h.zs.AnswerStatusQuestion(h.as(ctx, s.behandel), s.id, volgnr)
			if errs.Is(err, errs.Conflict) {
				return nil // answered already
			}
			return err
		})
	}
}

func (h *history) newContact(s *scenario, at time.Time, kanaal, uitkomst, medewerker string) contact {
	c := contact{at: at, kanaal: kanaal, uitkomst: uitkomst, medewerker: medewerker, zaak: s,
		zaaktypeID: s.zt.id, product: s.zt.def.Identificatie, onderw: s.zt.def.Omschrijving, partijType: "anoniem"}
	if s.persoon >= 0 {
		p := h.personen[s.persoon]
		c.partijType, c.partijID, c.naam = "natuurlijk_persoon", p.BSN, p.VolledigeNaam()
	} else if s.bedrijf >= 0 {
		b := h.bedrijven[s.bedrijf]
		c.partijType, c.partijID, c.naam = "niet_natuurlijk_persoon", b.KvKNummer, b.Handelsnaam
	}
	return c
}

func lower(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	if r[0] >= 'A' && r[0] <= 'Z' {
		r[0] += 'a' - 'A'
	}
	return string(r)
}
