package rapportage_test

import (
	"context"
	"database/sql"
	"fmt"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/gemeenten/loket/internal/catalogus/catalogustest"
	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/db/dbtest"
	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/rapportage"
)

// local is an instant given as Amsterdam wall-clock time.
func local(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, date.Amsterdam)
	if err != nil {
		panic(err)
	}
	return t.UTC()
}

type fixture struct {
	t            *testing.T
	d            *db.DB
	ctx          context.Context
	zt           string
	teamA, teamB string
	n            int
	contacts     map[string]string // name → id
	zaken        map[string]string
}

func newFixture(t *testing.T, d *db.DB) *fixture {
	fx := catalogustest.Build(t, d)
	f := &fixture{t: t, d: d, ctx: context.Background(), zt: fx.ZaakType.ID,
		teamA: uuid.NewString(), teamB: uuid.NewString(), contacts: map[string]string{}, zaken: map[string]string{}}
	f.exec(`INSERT INTO teams (id, code, naam, created_at) VALUES ($1, 'RA', 'Team A', $3), ($2, 'RB', 'Team B', $3)`,
		f.teamA, f.teamB, time.Now().UTC())
	return f
}

func (f *fixture) exec(q string, args ...any) {
	f.t.Helper()
	if _, err := f.d.W.ExecContext(f.ctx, q, args...); err != nil {
		f.t.Fatalf("%s: %v", q, err)
	}
}

// contact adds a klantcontact; party "" is anonymous.
func (f *fixture) contact(name, at, kanaal, uitkomst, team, party, onderwerp string) {
	f.t.Helper()
	f.n++
	id := uuid.NewString()
	ptype := "natuurlijk_persoon"
	if party == "" {
		ptype = "anoniem"
	}
	f.exec(`INSERT INTO klantcontacten (id, nummer, kanaal, partij_type, partij_id, onderwerp, uitkomst, team_id, zaaktype_id,
		plaatsgevonden_op, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)`,
		id, fmt.Sprintf("KC-T-%04d", f.n), kanaal, ptype, party, onderwerp, uitkomst, team, f.zt, local(at))
	f.contacts[name] = id
}

// taak adds a contactverzoek on a contact; done "" is still open.
func (f *fixture) taak(contact, team, due, done string) {
	f.t.Helper()
	f.n++
	status, var_done := "te_verwerken", sql.NullTime{}
	if done != "" {
		status, var_done = "verwerkt", sql.NullTime{Time: local(done), Valid: true}
	}
	now := time.Now().UTC()
	f.exec(`INSERT INTO interne_taken (id, nummer, klantcontact_id, gevraagde_handeling, status, team_id, uiterlijk_op,
		afgehandeld_op, toegewezen_op, created_at, updated_at) VALUES ($1, $2, $3, 'terugbellen', $4, $5, $6, $7, $8, $8, $8)`,
		uuid.NewString(), fmt.Sprintf("IT-T-%04d", f.n), f.contacts[contact], status, team, local(due), var_done, now)
}

// zaak adds a zaak registered and started on start; end "" is open.
func (f *fixture) zaak(name, start, kanaal, team, deadline, end string) {
	f.t.Helper()
	f.n++
	id := uuid.NewString()
	var eind any
	if end != "" {
		eind = date.MustParse(end)
	}
	now := time.Now().UTC()
	f.exec(`INSERT INTO zaken (id, identificatie, bronorganisatie, verantwoordelijke_organisatie, zaaktype_id, startdatum,
		registratiedatum, uiterlijke_einddatum_afdoening, einddatum, kanaal, vertrouwelijkheidaanduiding, team_id, created_at, updated_at)
		VALUES ($1, $2, '002220647', '002220647', $3, $4, $4, $5, $6, $7, 'openbaar', $8, $9, $9)`,
		id, fmt.Sprintf("ZAAK-T-%04d", f.n), f.zt, date.MustParse(start), date.MustParse(deadline), eind, kanaal, team, now)
	f.zaken[name] = id
}

// norm adds a norm instance; settled and breached are Amsterdam times or "".
func (f *fixture) norm(zaak, norm, state, settled, breached string) {
	f.t.Helper()
	at := func(s string) any {
		if s == "" {
			return nil
		}
		return local(s)
	}
	f.exec(`INSERT INTO zaak_normen (id, zaak_id, norm, volgnummer, state, settled_at, breached_at, created_at)
		VALUES ($1, $2, $3, 1, $4, $5, $6, $7)`, uuid.NewString(), f.zaken[zaak], norm, state, at(settled), at(breached), time.Now().UTC())
}

func (f *fixture) login(digest, at string) {
	f.t.Helper()
	f.exec(`INSERT INTO burger_logins (id, subject_type, subject_digest, bron, created_at) VALUES ($1, 'bsn', $2, 'oidc', $3)`,
		uuid.NewString(), digest, local(at))
}

func (f *fixture) product(slug, status, eform string) {
	f.t.Helper()
	now := time.Now().UTC()
	id := uuid.NewString()
	f.exec(`INSERT INTO kennis_artikelen (id, slug, created_at, updated_at) VALUES ($1, $2, $3, $3)`, id, slug, now)
	f.exec(`INSERT INTO kennis_versies (id, artikel_id, versie, status, titel, eformulier_url, created_at)
		VALUES ($1, $2, 1, $3, $4, $5, $6)`, uuid.NewString(), id, status, slug, eform, now)
}

// build is the hand-made dataset. The report is for the 2nd quarter of
// 2026 (1 April – 30 June), compared with Q1 2026 and Q2 2025; "now" is
// 15 July 2026.
func (f *fixture) build() {
	A, B := f.teamA, f.teamB
	// Q1 2026
	f.contact("c11", "2026-03-31 23:30", "telefoon", "direct_beantwoord", A, "P1", "Paspoort") // last hour of Q1
	f.contact("c12", "2026-02-10 10:00", "balie", "direct_beantwoord", B, "", "Paspoort")
	// Q2 2026
	f.contact("c1", "2026-04-01 00:30", "telefoon", "direct_beantwoord", A, "P1", "Paspoort") // still 31 March in UTC; repeat of c11 (1 h)
	f.contact("c2", "2026-04-05 10:00", "telefoon", "klant_belt_terug", A, "P1", "Paspoort")  // repeat of c1 (4 days)
	f.contact("c3", "2026-04-20 10:00", "balie", "zaak_gestart", B, "P1", "Paspoort")         // 15 days after c2: no repeat
	f.contact("c4", "2026-04-21 09:00", "telefoon", "doorverbonden", A, "", "Paspoort")       // anonymous
	f.contact("c5", "2026-04-21 09:30", "telefoon", "direct_beantwoord", A, "", "Paspoort")   // anonymous: never a repeat
	f.contact("c6", "2026-05-10 10:00", "email", "contactverzoek", B, "P2", "Afval")
	f.contact("c7", "2026-05-12 10:00", "email", "direct_beantwoord", B, "P2", "Afval")    // repeat of c6 (2 days)
	f.contact("c8", "2026-05-12 11:00", "chat", "direct_beantwoord", B, "P2", "Parkeren")  // other subject: no repeat
	f.contact("c9", "2026-06-30 23:30", "telefoon", "direct_beantwoord", A, "P3", "Afval") // last hour of Q2
	// Q3 2026: 00:15 on 1 July is still 30 June in UTC
	f.contact("c10", "2026-07-01 00:15", "telefoon", "direct_beantwoord", A, "P3", "Afval")
	// Q2 2025
	f.contact("c13", "2025-05-01 10:00", "telefoon", "direct_beantwoord", A, "P1", "Paspoort")
	f.contact("c14", "2025-05-03 10:00", "telefoon", "direct_beantwoord", A, "P1", "Paspoort") // repeat
	f.contact("c15", "2025-05-04 10:00", "telefoon", "klant_belt_terug", A, "P4", "Afval")
	f.contact("c16", "2025-06-01 10:00", "balie", "zaak_gestart", B, "P5", "Afval")

	// contactverzoeken of c6 (team B)
	f.taak("c6", B, "2026-05-11 17:00", "2026-05-11 12:00") // on time
	f.taak("c6", B, "2026-06-30 23:00", "2026-07-01 09:00") // due on the last day of Q2, handled late
	f.taak("c6", B, "2026-06-15 17:00", "")                 // open and overdue: late
	f.taak("c6", B, "2026-07-20 17:00", "")                 // due in Q3

	// zaken (the fixture's zaaktype: legal term 8 weeks)
	f.zaak("z1", "2026-04-02", "webformulier", A, "2026-05-28", "2026-04-12") // 10 days, in time
	f.zaak("z2", "2026-04-10", "balie", A, "2026-06-05", "2026-06-30")        // reopened and closed again on 30 June: 81 days, late
	f.zaak("z3", "2026-05-15", "webformulier", B, "2026-08-01", "2026-07-10") // suspended and extended; closed in Q3
	f.zaak("z4", "2026-06-20", "email", B, "2026-07-20", "")                  // open, deadline within 7 days of 15 July: at risk
	f.zaak("z5", "2026-03-10", "telefoon", A, "2026-05-01", "")               // open and late
	f.zaak("z6", "2025-04-15", "webformulier", A, "2025-06-10", "2025-05-15")
	f.zaak("z7", "2025-05-20", "balie", B, "2025-07-15", "2025-06-10")
	f.zaak("z8", "2026-01-20", "webformulier", B, "2026-03-17", "2026-02-01")

	f.norm("z1", "N1", "met", "2026-04-03 10:00", "")
	f.norm("z1", "N2", "not_applicable", "2026-04-12 10:00", "")
	f.norm("z1", "N4", "met", "2026-04-12 10:00", "")
	f.norm("z2", "N1", "breached", "2026-04-20 10:00", "2026-04-16 06:00") // breached by the sweep, settled late
	f.norm("z2", "N4", "breached", "2026-06-30 12:00", "2026-06-30 23:30")
	f.norm("z2", "N5", "breached", "", "2026-07-01 00:30") // Q3 (30 June in UTC)
	f.norm("z3", "N1", "met", "2026-05-16 10:00", "")
	f.norm("z4", "N1", "open", "", "")
	f.norm("z5", "N4", "breached", "", "2026-03-31 12:00")
	f.norm("z8", "N1", "met", "2026-01-21 10:00", "")
	f.norm("z6", "N1", "met", "2025-04-16 10:00", "")
	f.norm("z7", "N4", "breached", "", "2025-06-09 10:00")

	f.login("d1", "2026-04-03 09:00")
	f.login("d1", "2026-05-03 09:00")
	f.login("d2", "2026-06-30 23:50")
	f.login("d3", "2026-07-01 00:10") // Q3
	f.login("d1", "2026-02-03 09:00") // Q1

	f.product("paspoort", "gepubliceerd", "https://example.org/formulier/paspoort")
	f.product("afval", "gepubliceerd", "")
	f.product("concept", "concept", "https://example.org/x") // not published: not counted
}

func service(d *db.DB) *rapportage.Service {
	return rapportage.New(d, func() time.Time { return local("2026-07-15 10:00") }, nil)
}

func kpi(t *testing.T, list []rapportage.KPI, key string) rapportage.KPI {
	t.Helper()
	for _, k := range list {
		if k.Key == key {
			return k
		}
	}
	t.Fatalf("no KPI %s", key)
	return rapportage.KPI{}
}

func wantRatio(t *testing.T, what string, got rapportage.Ratio, num, den int64) {
	t.Helper()
	if got.Num != num || got.Den != den {
		t.Errorf("%s = %d/%d, want %d/%d", what, got.Num, got.Den, num, den)
	}
}

func wantKPI(t *testing.T, k rapportage.KPI, cur, prev, year [2]int64, met bool) {
	t.Helper()
	wantRatio(t, k.Key, k.Waarde, cur[0], cur[1])
	wantRatio(t, k.Key+" vorige", k.Vorige, prev[0], prev[1])
	wantRatio(t, k.Key+" jaar eerder", k.JaarEerder, year[0], year[1])
	if k.Gehaald != met {
		t.Errorf("%s gehaald = %v, want %v", k.Key, k.Gehaald, met)
	}
}

func count(list []rapportage.Telling, key string) rapportage.Telling {
	for _, c := range list {
		if c.Key == key {
			return c
		}
	}
	return rapportage.Telling{Key: key}
}

func TestReportHandBuilt(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		f.build()
		s := service(d)
		ctx := context.Background()
		q2 := rapportage.Kwartaal(2026, 2)
		r, err := s.Report(ctx, q2, rapportage.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		if r.Vorige != rapportage.Kwartaal(2026, 1) || r.JaarEerder != rapportage.Kwartaal(2025, 2) {
			t.Fatalf("comparisons %v / %v", r.Vorige, r.JaarEerder)
		}
		k := r.KCC
		// Q2 2026: c1–c9 (c10 is 1 July local time); Q1: c11, c12; Q2 2025: c13–c16.
		if k.Totaal.Aantal != 9 || k.Totaal.Vorige != 2 || k.Totaal.JaarEerder != 4 {
			t.Errorf("totaal %+v, want 9/2/4", k.Totaal)
		}
		// telefoon c1 c2 c4 c5 c9, balie c3, email c6 c7, chat c8
		for kan, n := range map[string]int64{"telefoon": 5, "balie": 1, "email": 2, "chat": 1} {
			if got := count(k.PerKanaal, kan).Aantal; got != n {
				t.Errorf("kanaal %s = %d, want %d", kan, got, n)
			}
		}
		if got := count(k.PerOnderwerp, "Paspoort").Aantal; got != 5 { // c1 c2 c3 c4 c5
			t.Errorf("onderwerp Paspoort = %d, want 5", got)
		}
		// direct: c1 c5 c7 c8 c9 = 5 of 9; Q1 c11 c12 = 2/2; Q2 2025 c13 c14 = 2/4
		wantKPI(t, kpi(t, k.KPIs, "direct_beantwoord"), [2]int64{5, 9}, [2]int64{2, 2}, [2]int64{2, 4}, false)
		// + zaak_gestart c3 = 6/9; Q1 2/2; 2025 + c16 = 3/4
		wantKPI(t, kpi(t, k.KPIs, "een_keer_afgehandeld"), [2]int64{6, 9}, [2]int64{2, 2}, [2]int64{3, 4}, false)
		wantKPI(t, kpi(t, k.KPIs, "doorverbonden"), [2]int64{1, 9}, [2]int64{0, 2}, [2]int64{0, 4}, false)
		// telephone only: c2 of 5; Q1 0 of c11; 2025 c15 of c13 c14 c15
		wantKPI(t, kpi(t, k.KPIs, "klant_belt_terug"), [2]int64{1, 5}, [2]int64{0, 1}, [2]int64{1, 3}, false)
		// due in Q2: on time, handled late, open and overdue = 1/3; none in Q1 or Q2 2025
		wantKPI(t, kpi(t, k.KPIs, "contactverzoek_op_tijd"), [2]int64{1, 3}, [2]int64{0, 0}, [2]int64{0, 0}, false)
		// identified in Q2: c1 c2 c3 c6 c7 c8 c9 = 7; repeats c1 (c11 an hour
		// earlier, across the quarter boundary), c2, c7 = 3; Q1: c11, no
		// repeat = 0/1; 2025: c14 of 4 = 1/4. 42.9 % is not lower than 25 %.
		wantKPI(t, kpi(t, k.KPIs, "herhaalcontact"), [2]int64{3, 7}, [2]int64{0, 1}, [2]int64{1, 4}, false)
		// telephone direct: c1 c5 c9 of 5
		wantKPI(t, kpi(t, k.DirectPerKanaal, "direct_beantwoord:telefoon"), [2]int64{3, 5}, [2]int64{1, 1}, [2]int64{2, 3}, false)

		n := r.Normen
		// Q2 met: z1 N1, z1 N4, z3 N1; breached: z2 N1 (16 April), z2 N4
		// (23:30 on 30 June); z1 N2 not applicable, z2 N5 in Q3, z4 N1 open.
		// Q1: z8 N1 met, z5 N4 breached; Q2 2025: z6 N1 met, z7 N4 breached.
		wantKPI(t, n.Totaal, [2]int64{3, 5}, [2]int64{1, 2}, [2]int64{1, 2}, false)
		wantKPI(t, kpi(t, n.PerNorm, "norm_N1"), [2]int64{2, 3}, [2]int64{1, 1}, [2]int64{1, 1}, false)
		wantKPI(t, kpi(t, n.PerNorm, "norm_N4"), [2]int64{1, 2}, [2]int64{0, 1}, [2]int64{0, 1}, false)
		wantKPI(t, kpi(t, n.PerNorm, "norm_N2"), [2]int64{0, 0}, [2]int64{0, 0}, [2]int64{0, 0}, false)
		wantKPI(t, kpi(t, n.PerNorm, "norm_N5"), [2]int64{0, 0}, [2]int64{0, 0}, [2]int64{0, 0}, false)
		for _, g := range n.PerTeam {
			switch g.ID {
			case f.teamA: // z1 N1, z1 N4 met; z2 N1, z2 N4 breached
				wantRatio(t, "team A", g.Waarde, 2, 4)
				if g.Gehaald || g.Naam != "Team A" {
					t.Errorf("team A %+v", g)
				}
			case f.teamB: // z3 N1
				wantRatio(t, "team B", g.Waarde, 1, 1)
				if !g.Gehaald {
					t.Errorf("team B 100 %% should meet 98 %%")
				}
			default:
				t.Errorf("unexpected team %+v", g)
			}
		}
		if len(n.Doorlooptijden) != 1 {
			t.Fatalf("doorlooptijden %+v", n.Doorlooptijden)
		}
		// closed in Q2: z1 after 10 days, z2 after 81 (2 April → 12 April,
		// 10 April → 30 June). Nearest rank of 2: p50 rank 1 = 10, p90 rank 2 = 81.
		dl := n.Doorlooptijden[0]
		if dl.Afgehandeld != 2 || dl.Mediaan != 10 || dl.P90 != 81 || dl.Termijn != 56 {
			t.Errorf("doorlooptijd %+v, want 2 closed, median 10, p90 81, term 56", dl)
		}
		wantRatio(t, "binnen termijn", dl.BinnenTermijn, 1, 2)
		// open on 15 July: z4 (deadline 20 July: at risk), z5 (1 May: late)
		if v := n.Voorraad; v.Open != 2 || v.Risico != 1 || v.TeLaat != 1 || v.Peildatum != date.MustParse("2026-07-15") {
			t.Errorf("voorraad %+v, want 2 open, 1 at risk, 1 late", v)
		}

		c := r.Kanalen
		// started in Q2: z1 (web), z2, z3 (web), z4; Q1: z5, z8 (web); Q2 2025: z6 (web), z7.
		// Growth of web: 2 against 1 = +100 %.
		wantRatio(t, "digitaal", c.Digitaal.Waarde, 2, 4)
		wantRatio(t, "digitaal vorige", c.Digitaal.Vorige, 1, 2)
		wantRatio(t, "digitaal jaar eerder", c.Digitaal.JaarEerder, 1, 2)
		if !c.GroeiOK || c.Groei != 100 || !c.GroeiGehaald || !c.Digitaal.Gehaald {
			t.Errorf("groei %v ok %v gehaald %v", c.Groei, c.GroeiOK, c.GroeiGehaald)
		}
		wantRatio(t, "e-formulier", c.EFormulier.Waarde, 1, 2)
		// Q2: d1 twice, d2 once (23:50 on 30 June); d3 is Q3, the Q1 login is d1
		if p := c.PIP; p.Gebruikers != 2 || p.Logins != 3 || p.GebruikersVorige != 1 || p.LoginsVorige != 1 || p.LoginsJaarEerder != 0 {
			t.Errorf("PIP %+v", p)
		}

		// weekly series over the quarter: 14 ISO weeks touch Q2 2026
		var sumC, sumZ, sumMet int64
		for _, p := range r.Reeks {
			sumC += p.Contacten
			sumZ += p.ZakenGestart
			sumMet += p.NormMet
		}
		if len(r.Reeks) != 14 || sumC != 9 || sumZ != 4 || sumMet != 3 {
			t.Errorf("reeks: %d points, %d contacts, %d zaken, %d met", len(r.Reeks), sumC, sumZ, sumMet)
		}
		if last := r.Reeks[len(r.Reeks)-1]; last.Contacten != 1 || last.Periode.To != q2.To { // c9 in the week of 29 June, clipped at 1 July
			t.Errorf("last week %+v", last)
		}

		// Team A only: c1 c2 c4 c5 c9; direct c1 c5 c9 = 3/5; identified
		// c1 c2 c9, repeats c1 c2 = 2/3; norms 2/4; zaken z1 (web), z2.
		ra, err := s.Report(ctx, q2, rapportage.Filter{TeamID: f.teamA})
		if err != nil {
			t.Fatal(err)
		}
		wantRatio(t, "team A direct", kpi(t, ra.KCC.KPIs, "direct_beantwoord").Waarde, 3, 5)
		wantRatio(t, "team A herhaal", kpi(t, ra.KCC.KPIs, "herhaalcontact").Waarde, 2, 3)
		wantRatio(t, "team A contactverzoeken", kpi(t, ra.KCC.KPIs, "contactverzoek_op_tijd").Waarde, 0, 0)
		wantRatio(t, "team A normen", ra.Normen.Totaal.Waarde, 2, 4)
		wantRatio(t, "team A digitaal", ra.Kanalen.Digitaal.Waarde, 1, 2)
		if v := ra.Normen.Voorraad; v.Open != 1 || v.TeLaat != 1 { // z5
			t.Errorf("team A voorraad %+v", v)
		}

		// A change is counted at the next report: c4 becomes direct beantwoord.
		f.exec(`UPDATE klantcontacten SET uitkomst = 'direct_beantwoord' WHERE id = $1`, f.contacts["c4"])
		r2, err := s.Report(ctx, q2, rapportage.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		wantRatio(t, "direct after update", kpi(t, r2.KCC.KPIs, "direct_beantwoord").Waarde, 6, 9)

		// Drill-down: the contacts and zaken behind figures.
		hh, err := s.Contacten(ctx, "herhaalcontact", q2, rapportage.Filter{}, 1)
		if err != nil {
			t.Fatal(err)
		}
		if hh.Totaal != 3 || len(hh.Regels) != 3 || hh.Regels[0].ID != f.contacts["c1"] || hh.Regels[1].ID != f.contacts["c2"] || hh.Regels[2].ID != f.contacts["c7"] {
			t.Errorf("herhaalcontacten %+v", hh)
		}
		da, err := s.Contacten(ctx, "uitkomst:direct_beantwoord", q2, rapportage.Filter{TeamID: f.teamA}, 1)
		if err != nil {
			t.Fatal(err)
		}
		if da.Totaal != 4 { // c1 c4 (updated) c5 c9
			t.Errorf("direct team A: %d", da.Totaal)
		}
		nb, err := s.Zaken(ctx, "norm_breached:N4", q2, rapportage.Filter{}, 1)
		if err != nil {
			t.Fatal(err)
		}
		if nb.Totaal != 1 || nb.Regels[0].ID != f.zaken["z2"] || nb.Regels[0].Norm != "N4" {
			t.Errorf("N4 breached %+v", nb)
		}
		late, err := s.Zaken(ctx, "te_laat", q2, rapportage.Filter{}, 1)
		if err != nil {
			t.Fatal(err)
		}
		if late.Totaal != 1 || late.Regels[0].ID != f.zaken["z5"] || late.Regels[0].Einddatum != nil {
			t.Errorf("te laat %+v", late)
		}
		bt, err := s.Zaken(ctx, "buiten_termijn", q2, rapportage.Filter{}, 1)
		if err != nil {
			t.Fatal(err)
		}
		if bt.Totaal != 1 || bt.Regels[0].ID != f.zaken["z2"] {
			t.Errorf("buiten termijn %+v", bt)
		}

		// Bad input is refused with the field named.
		for _, tc := range []struct {
			field string
			call  func() error
		}{
			{"cijfer", func() error { _, err := s.Zaken(ctx, "onzin", q2, rapportage.Filter{}, 1); return err }},
			{"pagina", func() error { _, err := s.Contacten(ctx, "contacten", q2, rapportage.Filter{}, 0); return err }},
			{"team", func() error { _, err := s.Report(ctx, q2, rapportage.Filter{TeamID: "x'--"}); return err }},
			{"kanaal", func() error { _, err := s.Report(ctx, q2, rapportage.Filter{Kanaal: "duif"}); return err }},
			{"periode", func() error {
				_, err := s.Report(ctx, rapportage.Period{From: q2.To, To: q2.From}, rapportage.Filter{})
				return err
			}},
		} {
			err := tc.call()
			e := errs.As(err)
			if e == nil || e.Kind != errs.Invalid || len(e.Fields) == 0 || e.Fields[0].Field != tc.field {
				t.Errorf("%s: want a validation error on the field, got %v", tc.field, err)
			}
		}

		// The maintained rollups equal a full recomputation.
		before := snapshot(t, d)
		if err := s.Rebuild(ctx); err != nil {
			t.Fatal(err)
		}
		compare(t, before, snapshot(t, d))
	})
}
