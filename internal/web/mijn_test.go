package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/gemeenten/loket/internal/auth"
	"github.com/gemeenten/loket/internal/blob"
	"github.com/gemeenten/loket/internal/burger"
	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/db/dbtest"
	"github.com/gemeenten/loket/internal/document"
	"github.com/gemeenten/loket/internal/ident"
	"github.com/gemeenten/loket/internal/klant"
	"github.com/gemeenten/loket/internal/web"
	"github.com/gemeenten/loket/internal/zaak"
)

// pipEnv is the staff env plus the PIP: Anna (bsnAnna) has zaken 0, 2, 4,
// 6 and 7 of newEnv; Piet has one zaak of his own. The zaak 0 of Anna has
// a document she may see and one she may not.
type pipEnv struct {
	*env
	piet                 string
	pietZaak             *zaak.Zaak
	docVisible, docStaff string
}

func newPIP(t *testing.T, d *db.DB, simulation bool) *pipEnv {
	t.Helper()
	p := &pipEnv{piet: ident.TestBSNs(5)[4]}
	var docs *document.Service
	p.env = newEnvWith(t, d, 8, func(e *env, deps *web.Deps) {
		for _, pr := range []struct{ bsn, voornaam, naam string }{{bsnAnna, "Anna", "Jansen"}, {p.piet, "Piet", "Pietersen"}} {
			if _, err := d.W.ExecContext(e.ctx, `INSERT INTO personen (bsn, voornamen, geslachtsnaam, woonplaats) VALUES ($1, $2, $3, 'Voorbeeld')`,
				pr.bsn, pr.voornaam, pr.naam); err != nil {
				t.Fatal(err)
			}
		}
		blobs, err := blob.NewDir(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		docs = document.New(d, blobs, func() time.Time { return today })
		deps.Documents = docs
		if _, err := e.auth.CreateTeam(e.ctx, auth.Team{Code: "KCC", Naam: "Klantcontactcentrum"}); err != nil {
			t.Fatal(err)
		}
		ks := klant.New(d)
		ks.Now = func() time.Time { return today }
		deps.Citizen = web.CitizenDeps{Burger: burger.New(d, e.auth.Sign, burger.Config{Simulation: simulation,
			Now: func() time.Time { return today }}), Klant: ks}
	})
	in := zaak.CreateInput{Bronorganisatie: rsinGemeente, VerantwoordelijkeOrganisatie: rsinGemeente, ZaakTypeID: p.zaken[0].ZaakTypeID,
		Omschrijving: "Dakkapel van Piet", Startdatum: date.Of(today), Kanaal: "webformulier",
		Initiator: &zaak.RolInput{BetrokkeneType: "natuurlijk_persoon", BetrokkeneIdentificatie: zaak.BetrokkeneIdentificatie{
			InpBsn: p.piet, Voornamen: "Piet", Geslachtsnaam: "Pietersen"}}}
	var err error
	if p.pietZaak, err = p.zs.Create(p.ctx, in); err != nil {
		t.Fatal(err)
	}
	var iot string
	if err := d.R.QueryRowContext(p.ctx, `SELECT id FROM informatieobjecttypen ORDER BY id LIMIT 1`).Scan(&iot); err != nil {
		t.Fatal(err)
	}
	for i, zichtbaar := range []bool{true, false} {
		doc, err := docs.Create(p.ctx, document.CreateInput{Bronorganisatie: rsinGemeente, Creatiedatum: date.Of(today),
			Titel: fmt.Sprintf("Brief %d", i), Auteur: "Gemeente", Taal: "dut", Bestandsnaam: fmt.Sprintf("brief-%d.txt", i),
			Vertrouwelijkheidaanduiding: "zaakvertrouwelijk", InformatieobjecttypeID: iot, Content: strings.NewReader("Beste Anna, ...")})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := docs.LinkZaak(p.ctx, document.LinkInput{ZaakID: p.zaken[0].ID, InformatieobjectID: doc.ID,
			Titel: fmt.Sprintf("Brief %d", i), ZichtbaarVoorInitiator: zichtbaar}); err != nil {
			t.Fatal(err)
		}
		if zichtbaar {
			p.docVisible = doc.ID
		} else {
			p.docStaff = doc.ID
		}
	}
	return p
}

func (b *browser) loginCitizen(wie, namens string) page {
	b.e.t.Helper()
	token := csrfOf(b.e.t, b.get("/mijn/inloggen"))
	return b.do("POST", "/mijn/inloggen/simulatie", url.Values{"csrf": {token}, "wie": {wie}, "niveau": {"midden"},
		"namens": {namens}, "terug": {"/mijn"}})
}

func TestPIPShowsOnlyOwnZaken(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := newPIP(t, d, true)
		b := p.browser()

		// Without a session: to the login page, and back afterwards.
		if pg := b.get("/mijn/zaken/" + p.zaken[0].ID); pg.code != http.StatusSeeOther ||
			pg.header.Get("Location") != "/mijn/inloggen?terug="+url.QueryEscape("/mijn/zaken/"+p.zaken[0].ID) {
			t.Fatalf("anonymous: %d %s", pg.code, pg.header.Get("Location"))
		}
		lp := b.get("/mijn/inloggen")
		if !strings.Contains(lp.body, "DigiD-simulatie") || !strings.Contains(lp.body, "Geen echte DigiD") && !strings.Contains(lp.body, "geen echte DigiD") {
			t.Fatalf("the simulation is not clearly marked:\n%s", lp.body)
		}

		if pg := b.loginCitizen("bsn:"+bsnAnna, ""); pg.code != http.StatusSeeOther || pg.header.Get("Location") != "/mijn" {
			t.Fatalf("login: %d %s\n%s", pg.code, pg.header.Get("Location"), pg.body)
		}
		c := b.cookie(burger.Cookie)
		if c == nil {
			t.Fatal("no citizen cookie")
		}
		list := b.get("/mijn")
		if list.code != http.StatusOK {
			t.Fatalf("mijn: %d", list.code)
		}
		for i, z := range p.zaken {
			own := i%2 == 0 || i == 7
			if got := strings.Contains(list.body, z.Identificatie); got != own {
				t.Errorf("zaak %d (%s) listed=%v, own=%v", i, z.Identificatie, got, own)
			}
		}
		if strings.Contains(list.body, p.pietZaak.Identificatie) {
			t.Error("Piet's zaak is listed for Anna")
		}
		if !strings.Contains(list.body, "Anna Jansen") {
			t.Error("the header does not show who is logged in")
		}

		own := b.get("/mijn/zaken/" + p.zaken[0].ID)
		if own.code != http.StatusOK || !strings.Contains(own.body, p.zaken[0].Identificatie) ||
			!strings.Contains(own.body, "Brief 0") || strings.Contains(own.body, "Brief 1") {
			t.Fatalf("own zaak: %d\n%s", own.code, own.body)
		}
		if dl := b.get("/mijn/zaken/" + p.zaken[0].ID + "/documenten/" + p.docVisible); dl.code != http.StatusOK ||
			dl.body != "Beste Anna, ..." || !strings.HasPrefix(dl.header.Get("Content-Disposition"), "attachment") {
			t.Fatalf("download: %d %q %v", dl.code, dl.body, dl.header)
		}

		// Every URL with an identifier answers 404 for what is not hers.
		for _, path := range []string{
			"/mijn/zaken/" + p.pietZaak.ID,
			"/mijn/zaken/" + p.zaken[1].ID,
			"/mijn/zaken/00000000-0000-7000-8000-000000000000",
			"/mijn/zaken/niet-een-uuid",
			"/mijn/zaken/" + p.zaken[0].ID + "/documenten/" + p.docStaff,
			"/mijn/zaken/" + p.zaken[0].ID + "/documenten/00000000-0000-7000-8000-000000000000",
			"/mijn/zaken/" + p.pietZaak.ID + "/documenten/" + p.docVisible,
			"/mijn/zaken/" + p.zaken[1].ID + "/documenten/" + p.docVisible,
		} {
			if pg := b.get(path); pg.code != http.StatusNotFound {
				t.Errorf("%s: %d, want 404", path, pg.code)
			}
		}

		// Logout needs the session's CSRF token and ends the session.
		if pg := b.do("POST", "/mijn/uitloggen", url.Values{}); pg.code != http.StatusForbidden {
			t.Fatalf("logout without token: %d", pg.code)
		}
		token := csrfOf(t, list)
		if pg := b.do("POST", "/mijn/uitloggen", url.Values{"csrf": {token}}); pg.code != http.StatusSeeOther {
			t.Fatalf("logout: %d", pg.code)
		}
		if pg := b.get("/mijn"); pg.code != http.StatusSeeOther {
			t.Fatalf("after logout: %d", pg.code)
		}
	})
}

func TestPIPMachtiging(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := newPIP(t, d, true)
		b := p.browser()
		if pg := b.loginCitizen("bsn:"+bsnAnna, p.piet); pg.code != http.StatusSeeOther {
			t.Fatalf("login: %d\n%s", pg.code, pg.body)
		}
		list := b.get("/mijn")
		if !strings.Contains(list.body, p.pietZaak.Identificatie) || strings.Contains(list.body, p.zaken[0].Identificatie) ||
			!strings.Contains(list.body, "handelt namens Piet Pietersen") {
			t.Fatalf("acting for Piet:\n%s", list.body)
		}
		if pg := b.get("/mijn/zaken/" + p.zaken[0].ID); pg.code != http.StatusNotFound {
			t.Errorf("Anna's own zaak while acting for Piet: %d", pg.code)
		}
	})
}

func TestPIPSimulationRefusesBadInput(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := newPIP(t, d, true)
		b := p.browser()
		pg := b.loginCitizen("bsn:123456782", "")
		if pg.code != http.StatusBadRequest || !strings.Contains(pg.body, "Kies een persoon of bedrijf uit de lijst.") ||
			!strings.Contains(pg.body, `href="#wie"`) || b.cookie(burger.Cookie) != nil {
			t.Fatalf("unknown person: %d\n%s", pg.code, pg.body)
		}
	})
}

func TestPIPSimulationOffWithoutDemo(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		off := newPIP(t, d, false)
		ob := off.browser()
		lp := ob.get("/mijn/inloggen")
		if lp.code != http.StatusOK || strings.Contains(lp.body, "simulatie") {
			t.Fatalf("login page without demo shows the simulation: %d", lp.code)
		}
		// A valid pre-session token (from the staff login form), so only
		// the missing route can refuse the request.
		token := csrfOf(t, ob.get("/login"))
		if pg := ob.do("POST", "/mijn/inloggen/simulatie", url.Values{"csrf": {token}, "wie": {"bsn:" + bsnAnna}, "niveau": {"midden"}}); pg.code != http.StatusNotFound || ob.cookie(burger.Cookie) != nil {
			t.Fatalf("simulation without demo: %d", pg.code)
		}
	})
}

func TestPIPUploadResumesClockQuestionsAndPreferences(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := newPIP(t, d, true)
		b := p.browser()
		b.loginCitizen("bsn:"+bsnAnna, "")
		z := p.zaken[0]
		page := b.get("/mijn/zaken/" + z.ID)
		token := csrfOf(t, page)
		// Nothing was asked: an upload is refused.
		if pg := b.postMultipart("/mijn/zaken/"+z.ID+"/aanleveren", url.Values{"csrf": {token}}, "bestand", "loonstrook.pdf", testPDF); pg.code != http.StatusConflict {
			t.Fatalf("upload while not waiting: %d", pg.code)
		}
		if _, err := p.zs.RequestDocuments(asBehandelaar(p.ctx), z.ID, "Stuur uw laatste loonstrook.", date.Of(today).AddDays(14)); err != nil {
			t.Fatal(err)
		}
		page = b.get("/mijn/zaken/" + z.ID)
		if !strings.Contains(page.body, "Stuur uw laatste loonstrook.") || !strings.Contains(page.body, `action="/mijn/zaken/`+z.ID+`/aanleveren"`) {
			t.Fatalf("the request is not shown with an upload form:\n%s", page.body)
		}
		bad := b.postMultipart("/mijn/zaken/"+z.ID+"/aanleveren", url.Values{"csrf": {token}}, "bestand", "loonstrook.pdf", []byte("<html></html>"))
		if bad.code != http.StatusBadRequest || !strings.Contains(bad.body, "kunnen wij niet ontvangen") || !strings.Contains(bad.body, `href="#bestand"`) {
			t.Fatalf("wrong type: %d\n%s", bad.code, bad.body)
		}
		ok := b.postMultipart("/mijn/zaken/"+z.ID+"/aanleveren", url.Values{"csrf": {token}}, "bestand", "loonstrook.pdf", testPDF)
		if ok.code != http.StatusSeeOther {
			t.Fatalf("upload: %d\n%s", ok.code, ok.body)
		}
		got, err := p.zs.Get(p.ctx, z.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Opschorting.Indicatie || len(got.Opschortingen) != 1 || got.Opschortingen[0].HervatOp.IsZero() {
			t.Fatalf("the clock did not resume: %+v", got.Opschortingen)
		}
		page = b.get("/mijn/zaken/" + z.ID + "?melding=ontvangen")
		if !strings.Contains(page.body, "loonstrook.pdf") || !strings.Contains(page.body, "De termijn voor ons besluit loopt weer") {
			t.Fatalf("after upload:\n%s", page.body)
		}

		// A question about the zaak: a web contact and a contactverzoek.
		vraag := b.get("/mijn/vraag?zaak=" + z.ID)
		if pg := b.do("POST", "/mijn/vraag", url.Values{"csrf": {csrfOf(t, vraag)}, "zaak": {z.ID}, "vraag": {""}}); pg.code != http.StatusBadRequest ||
			!strings.Contains(pg.body, `href="#vraag"`) {
			t.Fatalf("empty question: %d", pg.code)
		}
		if pg := b.do("POST", "/mijn/vraag", url.Values{"csrf": {csrfOf(t, vraag)}, "zaak": {p.pietZaak.ID}, "vraag": {"Hoe staat het?"}}); pg.code != http.StatusBadRequest {
			t.Fatalf("question about someone else's zaak: %d", pg.code)
		}
		if pg := b.do("POST", "/mijn/vraag", url.Values{"csrf": {csrfOf(t, vraag)}, "zaak": {z.ID}, "vraag": {"Wanneer krijg ik bericht?"},
			"telefoon": {"0612345678"}}); pg.code != http.StatusSeeOther {
			t.Fatalf("question: %d\n%s", pg.code, pg.body)
		}
		var n int
		if err := d.R.QueryRowContext(p.ctx, `SELECT COUNT(*) FROM klantcontacten WHERE zaak_id = $1 AND kanaal = 'webformulier' AND uitkomst = 'contactverzoek'`, z.ID).Scan(&n); err != nil || n != 1 {
			t.Fatalf("klantcontact: %d %v", n, err)
		}
		if c := b.get("/mijn/contacten?melding=vraag"); !strings.Contains(c.body, "Wanneer krijg ik bericht?") {
			t.Fatalf("contacts:\n%s", c.body)
		}

		// Preferences: refused field by field, then stored.
		g := b.get("/mijn/gegevens")
		if pg := b.do("POST", "/mijn/gegevens", url.Values{"csrf": {csrfOf(t, g)}, "email": {"anna@"}, "berichten": {"email"}}); pg.code != http.StatusBadRequest ||
			!strings.Contains(pg.body, `href="#email"`) {
			t.Fatalf("bad e-mail: %d", pg.code)
		}
		if pg := b.do("POST", "/mijn/gegevens", url.Values{"csrf": {csrfOf(t, g)}, "email": {"anna@voorbeeld.nl"}, "berichten": {"pip"}}); pg.code != http.StatusSeeOther {
			t.Fatalf("save preferences: %d", pg.code)
		}
		if g := b.get("/mijn/gegevens"); !strings.Contains(g.body, `id="berichten-pip" name="berichten" value="pip" checked`) {
			t.Fatalf("preference not shown:\n%s", g.body)
		}
	})
}
