package raadsrapport_test

import (
	"bytes"
	"compress/zlib"
	"context"
	"fmt"
	"io"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/gemeenten/loket/internal/audit"
	"github.com/gemeenten/loket/internal/auth"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/db/dbtest"
	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/jobs"
	"github.com/gemeenten/loket/internal/kto"
	"github.com/gemeenten/loket/internal/raadsrapport"
	"github.com/gemeenten/loket/internal/rapportage"
)

func kpi(key, naam string, pct float64, dir rapportage.Direction, text string, now, then rapportage.Ratio, met bool) rapportage.KPI {
	return rapportage.KPI{Key: key, Naam: naam, Doel: rapportage.Goal{Pct: pct, Direction: dir, Text: text}, Waarde: now,
		Vorige: then, JaarEerder: then, Gehaald: met}
}

// figures is a hand-made quarter: direct beantwoord rose from 66 % to 71 %,
// almost all of it on the telephone.
func figures() *rapportage.Report {
	p := rapportage.Kwartaal(2026, 3)
	return &rapportage.Report{Periode: p, Vorige: p.Previous(), JaarEerder: p.YearEarlier(),
		KCC: rapportage.KCC{
			Totaal: rapportage.Telling{Key: "totaal", Label: "Alle contacten", Aantal: 1000, Vorige: 900, JaarEerder: 800},
			PerKanaal: []rapportage.Telling{{Key: "telefoon", Label: "Telefoon", Aantal: 600, JaarEerder: 500},
				{Key: "balie", Label: "Balie", Aantal: 400, JaarEerder: 300}},
			KPIs: []rapportage.KPI{
				kpi("direct_beantwoord", "Direct beantwoord", 80, rapportage.AtLeast, "≥ 80 %", rapportage.Ratio{Num: 710, Den: 1000}, rapportage.Ratio{Num: 528, Den: 800}, false),
				kpi("klant_belt_terug", "Klant belt zelf terug", 10, rapportage.AtMost, "≤ 10 %", rapportage.Ratio{Num: 42, Den: 600}, rapportage.Ratio{Num: 45, Den: 500}, true),
				kpi("herhaalcontact", "Herhaalcontact", 0, rapportage.Down, "omlaag", rapportage.Ratio{Num: 50, Den: 1000}, rapportage.Ratio{Num: 40, Den: 800}, false),
			},
			DirectPerKanaal: []rapportage.KPI{
				kpi("direct_beantwoord:telefoon", "Direct beantwoord — Telefoon", 80, rapportage.AtLeast, "≥ 80 %", rapportage.Ratio{Num: 450, Den: 600}, rapportage.Ratio{Num: 300, Den: 500}, false),
				kpi("direct_beantwoord:balie", "Direct beantwoord — Balie", 80, rapportage.AtLeast, "≥ 80 %", rapportage.Ratio{Num: 260, Den: 400}, rapportage.Ratio{Num: 228, Den: 300}, false),
			},
		},
		Normen: rapportage.Normen{
			Totaal: kpi("servicenormen", "Servicenormen", 98, rapportage.AtLeast, "≥ 98 %", rapportage.Ratio{Num: 97, Den: 100}, rapportage.Ratio{Num: 90, Den: 100}, false),
			PerNorm: []rapportage.KPI{
				kpi("norm_N1", "N1 ontvangstbevestiging", 98, rapportage.AtLeast, "≥ 98 %", rapportage.Ratio{Num: 50, Den: 50}, rapportage.Ratio{Num: 45, Den: 50}, true),
				kpi("norm_N4", "N4 tijdige afhandeling", 98, rapportage.AtLeast, "≥ 98 %", rapportage.Ratio{Num: 47, Den: 50}, rapportage.Ratio{}, false),
			},
			Doorlooptijden: []rapportage.Doorlooptijd{{ZaaktypeID: "x", Naam: "Omgevingsvergunning", Afgehandeld: 12, Mediaan: 40, P90: 55, Termijn: 56,
				BinnenTermijn: rapportage.Ratio{Num: 11, Den: 12}}},
		},
		Kanalen: rapportage.Kanalen{
			Digitaal:       kpi("digitaal", "Zaken digitaal gestart", 0, rapportage.AtLeast, "", rapportage.Ratio{Num: 60, Den: 100}, rapportage.Ratio{Num: 50, Den: 100}, false),
			Groei:          20,
			GroeiOK:        true,
			GroeiGehaald:   true,
			ZakenPerKanaal: []rapportage.Telling{{Key: "webformulier", Label: "Webformulier", Aantal: 60}, {Key: "balie", Label: "Balie", Aantal: 40}},
			EFormulier:     kpi("eformulier", "Producten met een e-formulier", 75, rapportage.AtLeast, "≥ 75 %", rapportage.Ratio{Num: 8, Den: 10}, rapportage.Ratio{Num: 8, Den: 10}, true),
		},
	}
}

func ktoResults() *kto.Results {
	ref := &kto.Reference{Kanaal: "", Aspect: kto.Overall, Jaar: 2026, Tienden: 78, Bron: "landelijk gemiddelde"}
	all := kto.ChannelResults{Kanaal: "", Label: "Alle kanalen", Scores: map[string]kto.Score{kto.Overall: {N: 20, Sum: 164, Mean: 8.2, Reference: ref, GoalMet: true}}}
	tel := kto.ChannelResults{Kanaal: "telefoon", Label: "Telefoon", Scores: map[string]kto.Score{kto.Overall: {N: 20, Sum: 164, Mean: 8.2, Reference: ref, GoalMet: true},
		"vriendelijkheid": {N: 10, Sum: 85, Mean: 8.5}}}
	return &kto.Results{Goal: kto.Goal, Responses: 20, All: all, Kanalen: []kto.ChannelResults{tel}}
}

func TestExplainsTheBiggestChangesInPlainDutch(t *testing.T) {
	got := raadsrapport.Explain(figures())
	want := []string{
		"Het aantal klantcontacten steeg met 25 % tot 1.000, tegen 800 in het 3e kwartaal 2025.",
		"Het aandeel zaken dat digitaal is gestart steeg van 50 % in het 3e kwartaal 2025 naar 60 %.",
		"Het aandeel gehaalde servicenormen steeg van 90 % in het 3e kwartaal 2025 naar 97 %. Het doel, ≥ 98 %, is niet gehaald.",
		"Het aandeel direct beantwoorde contacten steeg van 66 % in het 3e kwartaal 2025 naar 71 %, vooral door de telefoon. Het doel, ≥ 80 %, is niet gehaald.",
		"Het aandeel telefoontjes waarbij de klant zelf moet terugbellen daalde van 9 % in het 3e kwartaal 2025 naar 7 %. Het doel, ≤ 10 %, is gehaald.",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("explanations:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// Without figures of a year earlier there is nothing to explain, and the report says so.
	r := figures()
	r.KCC.Totaal.JaarEerder = 0
	for i := range r.KCC.KPIs {
		r.KCC.KPIs[i].JaarEerder = rapportage.Ratio{}
	}
	r.Normen.Totaal.JaarEerder = rapportage.Ratio{}
	r.Kanalen.Digitaal.JaarEerder = rapportage.Ratio{}
	got = raadsrapport.Explain(r)
	if len(got) != 1 || !strings.Contains(got[0], "geen grote veranderingen") {
		t.Errorf("no changes: %q", got)
	}
}

func document() raadsrapport.Document {
	return raadsrapport.Build(raadsrapport.Input{Gemeente: "Gemeente Voorbeeld", Soort: raadsrapport.Kwartaal, Report: figures(), KTO: ktoResults(),
		Gemaakt: time.Date(2026, 10, 1, 6, 0, 0, 0, time.UTC)})
}

func TestKPITableHasGoalAchievedAndYearBefore(t *testing.T) {
	d := document()
	if d.Titel != "Kwartaalrapportage publieke dienstverlening 3e kwartaal 2026" {
		t.Errorf("title %q", d.Titel)
	}
	rows := map[string]raadsrapport.Regel{}
	for _, r := range d.KPIs {
		rows[r.Key] = r
	}
	if r := rows["direct_beantwoord"]; r.Doel != "≥ 80 %" || r.Bereikt != "71,0 %" || r.JaarEerder != "66,0 %" || r.Status != "niet gehaald" {
		t.Errorf("direct beantwoord %+v", r)
	}
	if r := rows["norm_N4"]; r.JaarEerder != "–" || r.Bereikt != "94,0 %" {
		t.Errorf("N4 %+v", r)
	}
	if r := rows["digitaal_groei"]; r.Bereikt != "+20,0 %" || r.Status != "gehaald" {
		t.Errorf("groei %+v", r)
	}
	if r := rows["kto"]; r.Bereikt != "8,2" || r.Status != "gehaald" || !strings.Contains(r.JaarEerder, "7,8") {
		t.Errorf("kto %+v", r)
	}
	sum := strings.Join(d.Samenvatting, " ")
	for _, want := range []string{"In het 3e kwartaal 2026 had de gemeente 1.000 klantcontacten en werden 100 zaken gestart.",
		"gemiddeld een 8,2 (20 beoordelingen), hoger dan de referentiewaarde van 7,8 (landelijk gemiddelde)"} {
		if !strings.Contains(sum, want) {
			t.Errorf("summary lacks %q: %s", want, sum)
		}
	}
}

var pdfStream = regexp.MustCompile(`(?s)stream\r?\n(.*?)\r?\nendstream`)

// pdfText inflates the PDF's content streams and returns the text shown
// with Tj (fpdf writes each cell as one string).
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	var all strings.Builder
	for _, m := range pdfStream.FindAllSubmatch(pdf, -1) {
		zr, err := zlib.NewReader(bytes.NewReader(m[1]))
		if err != nil {
			continue // not a flate stream (fonts are not compressed)
		}
		b, err := io.ReadAll(zr)
		if err != nil {
			continue
		}
		for _, s := range regexp.MustCompile(`\(((?:\\.|[^\\)])*)\)\s*Tj`).FindAllSubmatch(b, -1) {
			all.Write(s[1])
			all.WriteByte(32)
		}
	}
	return strings.NewReplacer(`\(`, "(", `\)`, ")", `\\`, `\`).Replace(all.String())
}

func TestPDFCarriesTheKPIsAndTheirFigures(t *testing.T) {
	pdf, err := document().PDF()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("not a PDF: %q", pdf[:8])
	}
	text := pdfText(t, pdf)
	for _, want := range []string{"Kwartaalrapportage publieke dienstverlening 3e kwartaal 2026", "Kerncijfers", "Direct beantwoord", "Klant belt zelf terug",
		"Servicenormen", "N4 tijdige afhandeling", "minimaal 80 %", "71,0 %", "66,0 %", "vooral door de telefoon", "Klanttevredenheid", "Omgevingsvergunning",
		"Figuur 1. KCC-kerncijfers"} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF text lacks %q", want)
		}
	}
	if strings.Contains(text, "≥") {
		t.Error("the PDF holds a sign its font cannot show")
	}
}

func TestHTMLIsSelfContainedWithChartsAndTables(t *testing.T) {
	h, err := document().HTML()
	if err != nil {
		t.Fatal(err)
	}
	s := string(h)
	for _, want := range []string{`<html lang="nl">`, "<h1>Kwartaalrapportage publieke dienstverlening 3e kwartaal 2026</h1>", `role="img"`,
		`<th scope="row">Direct beantwoord</th><td>≥ 80 %</td><td class="num">71,0 %</td>`, "Klanttevredenheid per kanaal en aspect",
		"vooral door de telefoon", "Figuur 4. Totaaloordeel klanten per kanaal"} {
		if !strings.Contains(s, want) {
			t.Errorf("HTML lacks %q", want)
		}
	}
	for _, bad := range []string{"<script", "src=", "href=\"http"} {
		if strings.Contains(s, bad) {
			t.Errorf("HTML is not self-contained: %q", bad)
		}
	}
}

func TestScheduledReportIsMadeOncePerQuarter(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		now := time.Date(2026, 10, 2, 3, 0, 0, 0, time.UTC)
		clock := func() time.Time { return now }
		s := raadsrapport.New(d, rapportage.New(d, clock, nil), kto.New(d, nil, nil, clock, nil), "Gemeente Voorbeeld", clock, nil)
		ctx := audit.WithActor(context.Background(), audit.System("raadsrapportage"))
		// Nothing happened yet: no empty report.
		if made, err := s.Scheduled(ctx); err != nil || len(made) != 0 || countRows(t, d) != 0 {
			t.Fatalf("empty quarter: %v %v", made, err)
		}
		contact(t, d, time.Date(2026, 8, 3, 9, 0, 0, 0, time.UTC))
		contact(t, d, time.Date(2026, 11, 3, 9, 0, 0, 0, time.UTC))
		// Triggered twice at once and once more afterwards.
		var wg sync.WaitGroup
		errsCh := make(chan error, 2)
		for range 2 {
			wg.Add(1)
			go func() { defer wg.Done(); _, err := s.Scheduled(ctx); errsCh <- err }()
		}
		wg.Wait()
		close(errsCh)
		for err := range errsCh {
			if err != nil {
				t.Fatal(err)
			}
		}
		made, err := s.Scheduled(ctx)
		if err != nil || len(made) != 0 {
			t.Fatalf("third run made %v, %v", made, err)
		}
		list, err := s.List(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 1 || list[0].Soort != raadsrapport.Kwartaal || list[0].Periode != rapportage.Kwartaal(2026, 3) || list[0].Bron != raadsrapport.BronSchema ||
			list[0].CreatedByNaam != "Loket (automatisch)" || list[0].PDFSize == 0 {
			t.Fatalf("stored %+v", list)
		}
		// After the fourth quarter the year report is due too.
		now = time.Date(2027, 1, 5, 3, 0, 0, 0, time.UTC)
		if made, err = s.Scheduled(ctx); err != nil || len(made) != 2 {
			t.Fatalf("after Q4: %+v %v", made, err)
		}
		if made[1].Soort != raadsrapport.Jaar || made[1].Periode != rapportage.Jaar(2026) || made[1].Titel != "Jaarrapportage publieke dienstverlening 2026" {
			t.Errorf("year report %+v", made[1])
		}
		st, body, err := s.Content(ctx, list[0].ID, raadsrapport.PDF)
		if err != nil || !bytes.HasPrefix(body, []byte("%PDF")) || st.Titel != list[0].Titel {
			t.Fatalf("content %v %v", st, err)
		}
		if _, body, err = s.Content(ctx, list[0].ID, raadsrapport.HTML); err != nil || !bytes.Contains(body, []byte("<h1>")) {
			t.Fatalf("html content %v", err)
		}
		if _, _, err := s.Content(ctx, "00000000-0000-4000-8000-000000000000", raadsrapport.PDF); errs.KindOf(err) != errs.NotFound {
			t.Errorf("unknown id: %v", err)
		}
		if _, _, err := s.Content(ctx, "niet-een-id", raadsrapport.PDF); errs.KindOf(err) != errs.NotFound {
			t.Errorf("bad id: %v", err)
		}
	})
}

func TestOnDemandReportsAreForManagersAndWholePeriods(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		now := time.Date(2026, 11, 29, 10, 0, 0, 0, time.UTC)
		clock := func() time.Time { return now }
		s := raadsrapport.New(d, rapportage.New(d, clock, nil), nil, "Gemeente Voorbeeld", clock, nil)
		bctx := audit.WithActor(context.Background(), audit.Actor{Kind: "medewerker", ID: "setup", Name: "Inrichting", Roles: []string{auth.RoleBeheerder}})
		as, err := auth.New(bctx, d, auth.Config{})
		if err != nil {
			t.Fatal(err)
		}
		mgr, err := as.CreateUser(bctx, auth.NewUser{Username: "manager", Naam: "Ingrid Smit", Password: "een-lang-wachtwoord", Roles: []string{auth.RoleManager}})
		if err != nil {
			t.Fatal(err)
		}
		mctx := audit.WithActor(context.Background(), audit.Actor{Kind: "medewerker", ID: mgr.ID, Name: mgr.Naam, Roles: mgr.Roles})
		tctx := audit.WithActor(context.Background(), audit.Actor{Kind: "medewerker", ID: "t", Name: "Teamleider", Roles: []string{auth.RoleTeamleider}})

		if _, err := s.Generate(tctx, raadsrapport.Kwartaal, rapportage.Kwartaal(2026, 3)); errs.KindOf(err) != errs.Forbidden {
			t.Errorf("teamleider made a council report: %v", err)
		}
		bad := []struct {
			soort raadsrapport.Soort
			p     rapportage.Period
			field string
		}{
			{raadsrapport.Kwartaal, rapportage.Maand(2026, 8), "periode"},
			{raadsrapport.Jaar, rapportage.Kwartaal(2026, 1), "periode"},
			{"maand", rapportage.Maand(2026, 8), "soort"},
		}
		for _, b := range bad {
			_, err := s.Generate(mctx, b.soort, b.p)
			e := errs.As(err)
			if e == nil || len(e.Fields) != 1 || e.Fields[0].Field != b.field {
				t.Errorf("%s %s: %v", b.soort, b.p, err)
			}
		}
		if n := countRows(t, d); n != 0 {
			t.Fatalf("bad input stored %d reports", n)
		}
		for range 2 {
			st, err := s.Generate(mctx, raadsrapport.Kwartaal, rapportage.Kwartaal(2026, 3))
			if err != nil {
				t.Fatal(err)
			}
			if st.CreatedByNaam != "Ingrid Smit" || st.Bron != raadsrapport.BronHandmatig {
				t.Errorf("stored %+v", st)
			}
		}
		if n := countRows(t, d); n != 2 {
			t.Errorf("on demand: %d reports, want a new version each time", n)
		}
		var by string
		if err := d.R.QueryRow(`SELECT created_by_id FROM raadsrapportages LIMIT 1`).Scan(&by); err != nil || by != mgr.ID {
			t.Errorf("created_by_id %q %v", by, err)
		}
	})
}

var contacts int

// contact registers an anonymous telephone contact answered directly.
func contact(t *testing.T, d *db.DB, at time.Time) {
	t.Helper()
	contacts++
	if _, err := d.W.Exec(`INSERT INTO klantcontacten (id, nummer, kanaal, partij_type, partij_id, onderwerp, uitkomst,
		plaatsgevonden_op, created_at) VALUES ($1, $2, 'telefoon', 'anoniem', '', 'Paspoort', 'direct_beantwoord', $3, $3)`,
		uuid.NewString(), fmt.Sprintf("KC-R-%05d", contacts), at); err != nil {
		t.Fatal(err)
	}
}

func countRows(t *testing.T, d *db.DB) int {
	t.Helper()
	var n int
	if err := d.R.QueryRow(`SELECT COUNT(*) FROM raadsrapportages`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestThePeriodicJobMakesTheReportOnce runs the job on a real queue: at
// start (the periodic run) and twice more by hand, yet the quarter gets
// one report.
func TestThePeriodicJobMakesTheReportOnce(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		now := time.Date(2026, 10, 2, 3, 0, 0, 0, time.UTC)
		clock := func() time.Time { return now }
		contact(t, d, time.Date(2026, 8, 3, 9, 0, 0, 0, time.UTC))
		s := raadsrapport.New(d, rapportage.New(d, clock, nil), nil, "Gemeente Voorbeeld", clock, nil)
		q, err := jobs.New(d, nil, jobs.Config{PollInterval: 50 * time.Millisecond})
		if err != nil {
			t.Fatal(err)
		}
		s.Register(q, time.Hour)
		ctx := context.Background()
		for range 2 {
			if err := q.Enqueue(ctx, raadsrapport.ScheduleArgs{}, nil); err != nil {
				t.Fatal(err)
			}
		}
		if err := q.Start(ctx); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = q.Stop(context.Background()) })
		// Wait (bounded) until the three runs are done; this is no timing assertion.
		deadline := time.Now().Add(2 * time.Minute)
		for {
			var done int
			if err := d.R.QueryRow(`SELECT COUNT(*) FROM river_job WHERE kind = $1 AND state = 'completed'`, raadsrapport.ScheduleArgs{}.Kind()).Scan(&done); err != nil {
				t.Fatal(err)
			}
			if done >= 3 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("only %d of 3 runs completed", done)
			}
			time.Sleep(50 * time.Millisecond)
		}
		if n := countRows(t, d); n != 1 {
			t.Errorf("%d reports for one quarter", n)
		}
	})
}
