package web_test

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/gemeenten/loket/internal/auth"
	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/db/dbtest"
	"github.com/gemeenten/loket/internal/kto"
	"github.com/gemeenten/loket/internal/raadsrapport"
	"github.com/gemeenten/loket/internal/rapportage"
	"github.com/gemeenten/loket/internal/web"
)

type reportEnv struct {
	*env
	teamA, teamB auth.Team
}

// newReportEnv has the dashboard with a manager, a teamleider per team, a
// behandelaar, and contacts of both teams in the first quarter of 2026
// (today is 20 March 2026): team A four (three answered directly, one
// 'klant belt terug' by telephone), team B two (zaak gestart) with a
// subject only team B may see.
func newReportEnv(t *testing.T, d *db.DB) *reportEnv {
	t.Helper()
	re := &reportEnv{}
	clock := func() time.Time { return today }
	re.env = newEnvWith(t, d, 2, func(e *env, deps *web.Deps) {
		var err error
		if re.teamA, err = e.auth.CreateTeam(e.ctx, auth.Team{Code: "RA", Naam: "Team Alfa"}); err != nil {
			t.Fatal(err)
		}
		if re.teamB, err = e.auth.CreateTeam(e.ctx, auth.Team{Code: "RB", Naam: "Team Bravo"}); err != nil {
			t.Fatal(err)
		}
		for _, u := range []struct {
			name, team string
			roles      []string
		}{
			{"manager", "", []string{auth.RoleManager}},
			{"leida", re.teamA.ID, []string{auth.RoleTeamleider, auth.RoleBehandelaar}},
			{"leidb", re.teamB.ID, []string{auth.RoleTeamleider}},
			{"behandelaar", re.teamA.ID, []string{auth.RoleBehandelaar}},
		} {
			usr, err := e.auth.CreateUser(e.ctx, auth.NewUser{Username: u.name, Naam: "Mw. " + u.name, Password: password, TeamID: u.team, Roles: u.roles})
			if err != nil {
				t.Fatal(err)
			}
			e.users[u.name] = usr
		}
		rs := rapportage.New(d, clock, nil)
		k := kto.New(d, nil, nil, clock, nil)
		deps.Report = web.ReportDeps{Rapportage: rs, KTO: k, Raad: raadsrapport.New(d, rs, k, "Gemeente Voorbeeld", clock, nil)}
	})
	n := 0
	add := func(day, kanaal, uitkomst, team, onderwerp string) {
		n++
		at, _ := time.ParseInLocation("2006-01-02 15:04", day+" 10:00", date.Amsterdam)
		if _, err := d.W.Exec(`INSERT INTO klantcontacten (id, nummer, kanaal, partij_type, partij_id, onderwerp, uitkomst, team_id,
			plaatsgevonden_op, created_at) VALUES ($1, $2, $3, 'anoniem', '', $4, $5, $6, $7, $7)`,
			uuid.NewString(), fmt.Sprintf("KC-W-%04d", n), kanaal, onderwerp, uitkomst, team, at.UTC()); err != nil {
			t.Fatal(err)
		}
	}
	add("2026-01-12", "telefoon", "direct_beantwoord", re.teamA.ID, "Paspoort aanvragen")
	add("2026-02-03", "telefoon", "direct_beantwoord", re.teamA.ID, "Paspoort aanvragen")
	add("2026-02-20", "balie", "direct_beantwoord", re.teamA.ID, "Rijbewijs")
	add("2026-03-02", "telefoon", "klant_belt_terug", re.teamA.ID, "Afval")
	add("2026-03-05", "email", "zaak_gestart", re.teamB.ID, "Geheim onderwerp Bravo")
	add("2026-03-06", "email", "zaak_gestart", re.teamB.ID, "Geheim onderwerp Bravo")
	return re
}

const q1 = "periode=kwartaal&jaar=2026&kwartaal=1"

func TestRapportageRoles(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newReportEnv(t, d)
		anon := e.browser()
		if p := anon.get("/rapportage"); p.code != 303 || !strings.HasPrefix(p.header.Get("Location"), "/login") {
			t.Errorf("anonymous: %d %s", p.code, p.header.Get("Location"))
		}
		paths := []string{"/rapportage?" + q1, "/rapportage/contacten?cijfer=contacten&van=2026-01-01&tot=2026-03-31",
			"/rapportage/zaken?cijfer=gestart&van=2026-01-01&tot=2026-03-31", "/rapportage?" + q1 + "&format=csv&tabel=kcc-kanalen", "/rapportage/raad"}
		for _, who := range []string{"kcc", "behandelaar", "beheerder", "zonderrol"} {
			b := e.browser()
			b.login(who, password, "/")
			for _, p := range paths {
				if got := b.get(p); got.code != 403 {
					t.Errorf("%s %s: %d", who, p, got.code)
				}
			}
		}
		// The nav shows Rapportage to those who may open it only.
		m := e.browser()
		// Without a next page, a manager lands on the dashboard.
		if p := m.login("manager", password, ""); p.code != http.StatusSeeOther || p.header.Get("Location") != "/rapportage" {
			t.Fatalf("manager login lands elsewhere: %d %q", p.code, p.header.Get("Location"))
		}
		if p := m.get("/rapportage?" + q1); p.code != 200 || !strings.Contains(p.body, `href="/rapportage"`) {
			t.Fatalf("manager: %d", p.code)
		}
	})
}

func TestRapportageDashboardFiguresChartsAndDrillDown(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newReportEnv(t, d)
		b := e.browser()
		b.login("manager", password, "/")
		p := b.get("/rapportage?" + q1)
		if p.code != 200 {
			t.Fatalf("dashboard: %d\n%s", p.code, p.body)
		}
		for _, want := range []string{"Rapportage 1e kwartaal 2026", `id="kcc"`, `id="servicenormen"`, `id="kanalen"`, `id="kto"`,
			"KCC-kerncijfers", "Direct beantwoord", `role="img"`, "<desc", "Kanaalmix van de klantcontacten", "Alle tabellen als Excel-bestand",
			`id="tabel-kcc-kanalen"`, "4e kwartaal 2025", "1e kwartaal 2025", "Raadsrapportages"} {
			if !strings.Contains(p.body, want) {
				t.Errorf("dashboard lacks %q", want)
			}
		}
		// Direct beantwoord: 3 of 6 contacts = 50,0 %, with links to both lists.
		row := tableRow(t, p.body, "tabel-kcc-kerncijfers", "Direct beantwoord")
		if !strings.Contains(row, "50,0 %") || !strings.Contains(row, ">3</a>") || !strings.Contains(row, ">6</a>") {
			t.Errorf("direct beantwoord row: %s", row)
		}
		if !strings.Contains(row, "/rapportage/contacten?cijfer=uitkomst%3Adirect_beantwoord&amp;tot=2026-03-31&amp;van=2026-01-01") {
			t.Errorf("no drill-down link in %s", row)
		}
		// The list behind the figure: the three contacts, and the read is logged.
		before := count(t, d, "inzage_log")
		l := b.get("/rapportage/contacten?cijfer=uitkomst%3Adirect_beantwoord&van=2026-01-01&tot=2026-03-31")
		if l.code != 200 || strings.Count(l.body, "KC-W-") != 3 || !strings.Contains(l.body, "Paspoort aanvragen") {
			t.Fatalf("drill-down: %d\n%s", l.code, l.body)
		}
		if count(t, d, "inzage_log") != before+1 {
			t.Error("the drill-down read was not logged")
		}
		var reden, subject string
		if err := d.R.QueryRow(`SELECT reden, subject_type FROM inzage_log ORDER BY id DESC LIMIT 1`).Scan(&reden, &subject); err != nil ||
			subject != "rapportage" || !strings.Contains(reden, "1e kwartaal 2026") {
			t.Errorf("inzage %q %q %v", reden, subject, err)
		}
		// Period picker: a custom period and a month give their own labels.
		if p := b.get("/rapportage?periode=maand&jaar=2026&maand=2"); p.code != 200 || !strings.Contains(p.body, "Rapportage februari 2026") {
			t.Errorf("month: %d", p.code)
		}
		if p := b.get("/rapportage?periode=week&jaar=2026&week=10"); p.code != 200 || !strings.Contains(p.body, "week 10 2026") {
			t.Errorf("week: %d", p.code)
		}
		if p := b.get("/rapportage?periode=aangepast&van=2026-02-01&tot=2026-03-15"); p.code != 200 || !strings.Contains(p.body, "1 februari 2026 t/m 15 maart 2026") {
			t.Errorf("custom: %d", p.code)
		}
		// A period without any data says so instead of drawing empty axes.
		if p := b.get("/rapportage?periode=kwartaal&jaar=2020&kwartaal=1"); p.code != 200 || !strings.Contains(p.body, "Geen gegevens in deze periode.") ||
			!strings.Contains(tableRow(t, p.body, "tabel-kcc-kerncijfers", "Direct beantwoord"), "—") {
			t.Errorf("empty period: %d", p.code)
		}
		// Filter by channel: only the telephone contacts count.
		if p := b.get("/rapportage?" + q1 + "&kanaal=telefoon"); p.code != 200 || !strings.Contains(tableRow(t, p.body, "tabel-kcc-kerncijfers", "Direct beantwoord"), ">3</a>") {
			t.Errorf("channel filter: %d", p.code)
		}
	})
}

// tableRow returns the <tr> of table id whose header cell holds label.
func tableRow(t *testing.T, body, id, label string) string {
	t.Helper()
	i := strings.Index(body, `id="`+id+`"`)
	if i < 0 {
		t.Fatalf("no table %s", id)
	}
	rest := body[i:]
	rest = rest[:strings.Index(rest, "</table>")]
	for _, tr := range strings.Split(rest, "<tr>") {
		if strings.Contains(tr, "<th scope=\"row\">"+label+"<") || strings.Contains(tr, ">"+label+"</a></th>") {
			return tr
		}
	}
	t.Fatalf("no row %q in table %s", label, id)
	return ""
}

func TestRapportageTeamleiderSeesOnlyOwnTeam(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newReportEnv(t, d)
		b := e.browser()
		b.login("leida", password, "/")
		p := b.get("/rapportage?" + q1)
		if p.code != 200 || !strings.Contains(p.body, "team Team Alfa") {
			t.Fatalf("teamleider: %d\n%s", p.code, p.body)
		}
		// Only team A's four contacts: 3 of 4 direct.
		if row := tableRow(t, p.body, "tabel-kcc-kerncijfers", "Direct beantwoord"); !strings.Contains(row, "75,0 %") || !strings.Contains(row, ">4</a>") {
			t.Errorf("team A figures: %s", row)
		}
		if strings.Contains(p.body, `name="team"`) {
			t.Error("a teamleider can pick another team")
		}
		// Another team through the URL: refused, for the page, exports and lists.
		other := url.QueryEscape(e.teamB.ID)
		for _, path := range []string{
			"/rapportage?" + q1 + "&team=" + other,
			"/rapportage?" + q1 + "&team=" + other + "&format=csv&tabel=kcc-kanalen",
			"/rapportage?" + q1 + "&team=" + other + "&format=xlsx",
			"/rapportage/contacten?cijfer=contacten&van=2026-01-01&tot=2026-03-31&team=" + other,
			"/rapportage/zaken?cijfer=gestart&van=2026-01-01&tot=2026-03-31&team=" + other,
		} {
			if got := b.get(path); got.code != 403 || !strings.Contains(got.body, "alleen de cijfers van uw eigen team") {
				t.Errorf("%s: %d", path, got.code)
			}
		}
		// Without a team parameter the lists hold team A only.
		l := b.get("/rapportage/contacten?cijfer=contacten&van=2026-01-01&tot=2026-03-31")
		if l.code != 200 || strings.Contains(l.body, "Geheim onderwerp Bravo") || strings.Count(l.body, "KC-W-") != 4 {
			t.Errorf("team list: %d\n%s", l.code, l.body)
		}
		c := b.get("/rapportage/contacten?cijfer=contacten&van=2026-01-01&tot=2026-03-31&format=csv")
		if c.code != 200 || strings.Contains(c.body, "Bravo") || strings.Count(c.body, "KC-W-") != 4 {
			t.Errorf("team CSV: %d %s", c.code, c.body)
		}
		// The council report is for the whole municipality: managers only.
		if got := b.get("/rapportage/raad"); got.code != 403 {
			t.Errorf("teamleider opened the council reports: %d", got.code)
		}
		// A teamleider without a team sees nothing.
		if _, err := e.auth.CreateUser(e.ctx, auth.NewUser{Username: "zonderteam", Naam: "Z", Password: password, Roles: []string{auth.RoleTeamleider}}); err != nil {
			t.Fatal(err)
		}
		z := e.browser()
		z.login("zonderteam", password, "/")
		if got := z.get("/rapportage"); got.code != 403 {
			t.Errorf("teamleider without team: %d", got.code)
		}
	})
}

func TestRapportageExports(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newReportEnv(t, d)
		b := e.browser()
		b.login("manager", password, "/")
		c := b.get("/rapportage?" + q1 + "&format=csv&tabel=kcc-kanalen")
		if c.code != 200 || c.header.Get("Content-Type") != "text/csv; charset=utf-8" ||
			!strings.Contains(c.header.Get("Content-Disposition"), `rapportage-2026-01-01-2026-03-31-kcc-kanalen.csv`) {
			t.Fatalf("csv: %d %v", c.code, c.header)
		}
		r := csv.NewReader(strings.NewReader(strings.TrimPrefix(c.body, "\ufeff")))
		r.Comma = ';'
		recs, err := r.ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, rec := range recs {
			if rec[0] == "Telefoon" && rec[1] == "3" {
				found = true
			}
		}
		if recs[0][0] != "Kanaal" || recs[0][1] != "1e kwartaal 2026" || !found {
			t.Errorf("csv records %q", recs)
		}
		x := b.get("/rapportage?" + q1 + "&format=xlsx")
		if x.code != 200 || !strings.HasPrefix(x.header.Get("Content-Type"), "application/vnd.openxmlformats") {
			t.Fatalf("xlsx: %d", x.code)
		}
		zr, err := zip.NewReader(bytes.NewReader([]byte(x.body)), int64(len(x.body)))
		if err != nil {
			t.Fatal(err)
		}
		sheets := 0
		for _, f := range zr.File {
			if strings.HasPrefix(f.Name, "xl/worksheets/sheet") {
				sheets++
			}
		}
		if sheets < 8 {
			t.Errorf("the workbook has %d sheets; every table should be there", sheets)
		}
		for path, want := range map[string]string{
			"/rapportage?" + q1 + "&format=pdf":                   "Kies bij format csv of xlsx.",
			"/rapportage?" + q1 + "&format=csv":                   "Een CSV-bestand bevat één tabel",
			"/rapportage?" + q1 + "&format=csv&tabel=bestaatniet": "De tabel &#39;bestaatniet&#39; bestaat niet",
		} {
			if p := b.get(path); p.code != 400 || !strings.Contains(p.body, want) {
				t.Errorf("%s: %d, want %q", path, p.code, want)
			}
		}
	})
}

func TestRapportageBadInputNamesTheField(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newReportEnv(t, d)
		b := e.browser()
		b.login("manager", password, "/")
		for q, want := range map[string][2]string{
			"periode=kwartaal&jaar=twintig&kwartaal=1":        {"jaar", "Vul bij jaar een jaartal in tussen 2000 en 2100"},
			"periode=kwartaal&jaar=2026&kwartaal=5":           {"kwartaal", "Kies bij kwartaal het 1e, 2e, 3e of 4e kwartaal."},
			"periode=week&jaar=2027&week=53":                  {"week", "Het jaar 2027 heeft geen week 53."},
			"periode=eeuw":                                    {"periode", "Kies bij periode een week"},
			"periode=aangepast&van=2026-03-31&tot=2026-01-01": {"tot", "De einddatum ligt voor de begindatum."},
			"periode=aangepast&van=31-03-2026&tot=2026-04-01": {"van", "Vul bij &#39;van&#39; een geldige datum in"},
			q1 + "&kanaal=postduif":                           {"kanaal", "Kies een kanaal uit de lijst."},
			q1 + "&team=onbekend":                             {"team", "Kies een team uit de lijst."},
		} {
			p := b.get("/rapportage?" + q)
			if p.code != 400 || !strings.Contains(p.body, want[1]) || !strings.Contains(p.body, `href="#`+want[0]+`"`) {
				t.Errorf("%s: %d, want %q on %s", q, p.code, want[1], want[0])
			}
		}
		for q, want := range map[string]string{
			"/rapportage/contacten?van=2026-01-01&tot=2026-03-31":                     "Kies een cijfer",
			"/rapportage/contacten?cijfer=nonsens&van=2026-01-01&tot=2026-03-31":      "Onbekend cijfer",
			"/rapportage/zaken?cijfer=gestart&van=2026-01-01":                         "tot en met",
			"/rapportage/zaken?cijfer=gestart&van=2026-01-01&tot=2026-03-31&pagina=0": "paginanummer",
		} {
			if p := b.get(q); p.code != 400 || !strings.Contains(p.body, want) {
				t.Errorf("%s: %d, want %q\n", q, p.code, want)
			}
		}
	})
}

func TestRaadsrapportageOnDemandAndDownload(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newReportEnv(t, d)
		b := e.browser()
		b.login("manager", password, "/")
		form := b.get("/rapportage/raad")
		if form.code != 200 || !strings.Contains(form.body, "Er zijn nog geen raadsrapportages gemaakt.") {
			t.Fatalf("list: %d", form.code)
		}
		token := csrfOf(t, form)
		bad := b.do("POST", "/rapportage/raad", url.Values{"csrf": {token}, "soort": {"kwartaal"}, "jaar": {"2026"}, "kwartaal": {"5"}})
		if bad.code != 400 || !strings.Contains(bad.body, "Kies bij kwartaal") || count(t, d, "raadsrapportages") != 0 {
			t.Fatalf("bad quarter: %d", bad.code)
		}
		future := b.do("POST", "/rapportage/raad", url.Values{"csrf": {token}, "soort": {"kwartaal"}, "jaar": {"2026"}, "kwartaal": {"3"}})
		if future.code != 400 || !strings.Contains(future.body, "nog niet begonnen") || count(t, d, "raadsrapportages") != 0 {
			t.Fatalf("future quarter: %d", future.code)
		}
		if nocsrf := b.do("POST", "/rapportage/raad", url.Values{"soort": {"kwartaal"}, "jaar": {"2026"}, "kwartaal": {"1"}}); nocsrf.code != 403 {
			t.Errorf("without CSRF token: %d", nocsrf.code)
		}
		ok := b.do("POST", "/rapportage/raad", url.Values{"csrf": {token}, "soort": {"kwartaal"}, "jaar": {"2026"}, "kwartaal": {"1"}})
		if ok.code != 303 {
			t.Fatalf("generate: %d\n%s", ok.code, ok.body)
		}
		list := b.get(ok.header.Get("Location"))
		if !strings.Contains(list.body, "Kwartaalrapportage publieke dienstverlening 1e kwartaal 2026") || !strings.Contains(list.body, "Mw. manager") {
			t.Fatalf("list after generate:\n%s", list.body)
		}
		var id string
		if err := d.R.QueryRow(`SELECT id FROM raadsrapportages`).Scan(&id); err != nil {
			t.Fatal(err)
		}
		pdf := b.get("/rapportage/raad/" + id + ".pdf")
		if pdf.code != 200 || !strings.HasPrefix(pdf.body, "%PDF") || pdf.header.Get("Content-Type") != "application/pdf" {
			t.Errorf("pdf: %d %v", pdf.code, pdf.header)
		}
		h := b.get("/rapportage/raad/" + id + ".html")
		if h.code != 200 || !strings.Contains(h.body, `<html lang="nl">`) || !strings.Contains(h.header.Get("Content-Security-Policy"), "default-src 'none'") ||
			!strings.Contains(h.body, "Direct beantwoord") {
			t.Errorf("html: %d %v", h.code, h.header)
		}
		for _, p := range []string{"/rapportage/raad/" + id + ".exe", "/rapportage/raad/" + uuid.NewString() + ".pdf", "/rapportage/raad/x.pdf"} {
			if got := b.get(p); got.code != 404 {
				t.Errorf("%s: %d", p, got.code)
			}
		}
	})
}

func TestRapportageDrillDownDownloadHoldsTheWholeList(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newReportEnv(t, d)
		at := time.Date(2026, 2, 10, 9, 0, 0, 0, time.UTC)
		for i := range 120 {
			if _, err := d.W.Exec(`INSERT INTO klantcontacten (id, nummer, kanaal, partij_type, partij_id, onderwerp, uitkomst, team_id,
				plaatsgevonden_op, created_at) VALUES ($1, $2, 'post', 'anoniem', '', 'Brief', 'direct_beantwoord', $3, $4, $4)`,
				uuid.NewString(), fmt.Sprintf("KC-P-%04d", i), e.teamA.ID, at.Add(time.Duration(i)*time.Minute)); err != nil {
				t.Fatal(err)
			}
		}
		b := e.browser()
		b.login("manager", password, "/")
		p := b.get("/rapportage/contacten?cijfer=kanaal%3Apost&van=2026-01-01&tot=2026-03-31")
		if p.code != 200 || strings.Count(p.body, "KC-P-") != 50 || !strings.Contains(p.body, "pagina 1 van 3") {
			t.Fatalf("first page: %d", p.code)
		}
		c := b.get("/rapportage/contacten?cijfer=kanaal%3Apost&van=2026-01-01&tot=2026-03-31&pagina=2&format=csv")
		if c.code != 200 || strings.Count(c.body, "KC-P-") != 120 {
			t.Errorf("download holds %d of 120 contacts", strings.Count(c.body, "KC-P-"))
		}
	})
}
