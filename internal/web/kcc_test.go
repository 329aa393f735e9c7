package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gemeenten/loket/internal/audit"
	"github.com/gemeenten/loket/internal/auth"
	"github.com/gemeenten/loket/internal/catalogus"
	"github.com/gemeenten/loket/internal/catalogus/catalogustest"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/db/dbtest"
	"github.com/gemeenten/loket/internal/kennis"
	"github.com/gemeenten/loket/internal/klant"
	"github.com/gemeenten/loket/internal/zaak"
)

// kccFixture adds Anna to the basisregistratie, a team with a team lead, a
// second product and a published article.
type kccFixture struct {
	*kccEnv
	team    auth.Team
	partner *kennis.Partner
	parkeer *catalogus.ZaakType
}

func newKCCFixture(t *testing.T, d *db.DB, n int) *kccFixture {
	t.Helper()
	e := newKCCEnv(t, d, n)
	if _, err := d.W.Exec(`INSERT INTO personen (bsn, voornamen, voorletters, geslachtsnaam, geboortedatum, straat, huisnummer,
		postcode, woonplaats, email, telefoon) VALUES ($1, 'Anna', 'A.', 'Jansen', '1980-03-12', 'Dorpsstraat', '1', '1234 AB',
		'Voorbeeld', 'anna@example.nl', '0612345678')`, bsnAnna); err != nil {
		t.Fatal(err)
	}
	team, err := e.auth.CreateTeam(e.ctx, auth.Team{Code: "VERG", Naam: "Vergunningen", ContactverzoekSLAWerkdagen: 1})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.auth.CreateUser(e.ctx, auth.NewUser{Username: "lead", Naam: "Mw. Lead", Password: password,
		Roles: []string{auth.RoleTeamleider}, TeamID: team.ID}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.auth.CreateUser(e.ctx, auth.NewUser{Username: "behandelaar", Naam: "Dhr. Behandelaar", Password: password,
		Roles: []string{auth.RoleBehandelaar}, TeamID: team.ID}); err != nil {
		t.Fatal(err)
	}
	fx := catalogustest.Build(t, d, catalogustest.Identificatie("PARKEERVERGUNNING"), catalogustest.With(func(z *catalogus.ZaakType) {
		z.Omschrijving = "Parkeervergunning"
	}))
	bctx := beheerCtxFor(e.env)
	a, err := e.ks.Create(bctx, kennis.Input{Titel: "Identiteitskaart aanvragen", Samenvatting: "U vraagt een identiteitskaart aan bij de balie. Het kost € 77,00.",
		Kosten: "Een identiteitskaart kost € 77,00.", ZaakTypen: []string{"OMGEVINGSVERGUNNING"}, TeamID: team.ID})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.ks.Publish(bctx, a.Laatste.ID); err != nil {
		t.Fatal(err)
	}
	p, err := e.ks.CreatePartner(bctx, kennis.Partner{Naam: "Sociaal wijkteam", Omschrijving: "Hulp bij zorg, geld en opvoeden.", Telefoon: "0201234567"})
	if err != nil {
		t.Fatal(err)
	}
	return &kccFixture{kccEnv: e, team: team, partner: p, parkeer: fx.ZaakType}
}

func beheerCtxFor(e *env) context.Context {
	return audit.WithActor(e.ctx, audit.Actor{Kind: "medewerker", ID: "setup", Name: "Inrichting", Roles: []string{auth.RoleBeheerder}})
}

var klantURL = regexp.MustCompile(`^/kcc/klant/([0-9a-f-]{36})\?kanaal=(\w+)`)

// openAnna searches Anna by BSN and follows the redirect to her klantbeeld.
func (e *kccFixture) openAnna(b *browser) (string, page) {
	e.t.Helper()
	p := b.post("/kcc", "/kcc/zoeken", url.Values{"q": {bsnAnna}, "kanaal": {"telefoon"}})
	m := klantURL.FindStringSubmatch(p.header.Get("Location"))
	if p.code != http.StatusSeeOther || m == nil {
		e.t.Fatalf("search by BSN: %d %s\n%s", p.code, p.header.Get("Location"), p.body)
	}
	return m[1], b.get(p.header.Get("Location"))
}

func TestKCCAccess(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newKCCFixture(t, d, 2)
		anon := e.browser()
		if p := anon.get("/kcc"); p.code != http.StatusSeeOther || !strings.HasPrefix(p.header.Get("Location"), "/login") {
			t.Fatalf("anonymous /kcc: %d", p.code)
		}
		for _, user := range []string{"beheerder", "zonderrol", "behandelaar"} {
			b := e.browser()
			b.login(user, password, "")
			for _, path := range []string{"/kcc", "/kcc/anoniem", "/kcc/kennis?q=paspoort", "/kcc/klant/" + e.users["kcc"].ID} {
				if p := b.get(path); p.code != http.StatusForbidden {
					t.Fatalf("%s on %s: %d", user, path, p.code)
				}
			}
			before := count(t, d, "klantcontacten")
			if p := b.post("/zaken", "/kcc/contact", url.Values{"vraag": {"x"}, "onderwerp": {"x"}, "uitkomst": {"direct_beantwoord"}}); p.code != http.StatusForbidden && p.code != http.StatusSeeOther {
				t.Fatalf("%s posts a contact: %d", user, p.code)
			}
			if count(t, d, "klantcontacten") != before {
				t.Fatalf("%s registered a contact", user)
			}
		}
		// Behandelaar and teamleider work the contactverzoeken queue.
		b := e.browser()
		b.login("behandelaar", password, "")
		if p := b.get("/kcc/contactverzoeken"); p.code != 200 {
			t.Fatalf("behandelaar on the queue: %d", p.code)
		}
		k := e.browser()
		k.login("kcc", password, "")
		if p := k.get("/kcc"); p.code != 200 || !strings.Contains(p.body, `id="q"`) || !strings.Contains(p.body, "autofocus") {
			t.Fatalf("kcc home: %d", p.code)
		}
		// A KCC employee cannot change a zaak's status: there is no form for it
		// on the workbench, and the zaak pages offer none to the kcc role.
		_, kb := e.openAnna(k)
		if regexp.MustCompile(`action="[^"]*/status"`).MatchString(kb.body) {
			t.Fatal("the klantbeeld offers a status change")
		}
		z := e.zaken[0]
		for _, path := range []string{"/zaken/" + z.ID + "/status", "/behandelen/zaken/" + z.ID + "/status"} {
			if p := k.post("/kcc", path, url.Values{"statustype": {"x"}}); p.code < 400 {
				t.Fatalf("kcc POST %s: %d", path, p.code)
			}
		}
		after, err := e.zs.Get(e.ctx, z.ID)
		if err != nil || after.StatusID != z.StatusID {
			t.Fatalf("status changed: %v", err)
		}
	})
}

func TestKCCSearchAndKlantbeeld(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newKCCFixture(t, d, 4)
		b := e.browser()
		b.login("kcc", password, "")
		// Validation with the field's message; nothing looked up.
		for q, want := range map[string][2]string{
			"":          {"q", "Vul een BSN, KvK-nummer"},
			"12345":     {"q", "Een BSN heeft 9 cijfers"},
			"Jansen":    {"geboortedatum", "Vul bij zoeken op naam ook de geboortedatum in."},
			"1234 AB":   {"q", "Vul na de postcode ook het huisnummer in"},
			"123456789": {"q", "elfproef"},
		} {
			p := b.post("/kcc", "/kcc/zoeken", url.Values{"q": {q}})
			if p.code != http.StatusBadRequest || !strings.Contains(p.body, `href="#`+want[0]+`"`) || !strings.Contains(p.body, want[1]) {
				t.Fatalf("search %q: %d\n%s", q, p.code, p.body)
			}
		}
		if n := count(t, d, "inzage_log"); n != 0 {
			t.Fatalf("failed searches logged %d reads", n)
		}
		// By name and date of birth, by postcode, by phone: Anna each time.
		for _, q := range []url.Values{{"q": {"jansen"}, "geboortedatum": {"12-3-1980"}}, {"q": {"1234ab 1"}}, {"q": {"06-12345678"}},
			{"q": {"anna@example.nl"}}} {
			p := b.post("/kcc", "/kcc/zoeken", q)
			if p.code != http.StatusSeeOther || !klantURL.MatchString(p.header.Get("Location")) {
				t.Fatalf("search %v: %d %s\n%s", q, p.code, p.header.Get("Location"), p.body)
			}
		}
		id, p := e.openAnna(b)
		if p.code != 200 || !strings.Contains(p.body, "Anna Jansen") || !strings.Contains(p.body, "12 maart 1980") {
			t.Fatalf("klantbeeld: %d\n%s", p.code, p.body)
		}
		// Her open zaken (even ones: 0 and 2) with status, deadline and the status answer.
		for _, z := range []*zaak.Zaak{e.zaken[0], e.zaken[2]} {
			if !strings.Contains(p.body, z.Identificatie) {
				t.Fatalf("klantbeeld lacks zaak %s", z.Identificatie)
			}
		}
		if strings.Contains(p.body, e.zaken[1].Identificatie) {
			t.Fatal("klantbeeld shows someone else's zaak")
		}
		if !strings.Contains(p.body, "U krijgt uiterlijk") || !strings.Contains(p.body, "Uiterste beslisdatum") {
			t.Fatalf("no status answer:\n%s", p.body)
		}
		// Opening it was logged with the reason.
		var reden string
		if err := d.R.QueryRow(`SELECT reden FROM inzage_log WHERE resource = 'klantbeeld' AND subject_id = $1 AND resource_id = $2`,
			bsnAnna, id).Scan(&reden); err != nil || reden != "Klantcontact via telefoon" {
			t.Fatalf("inzage: %q %v", reden, err)
		}
		if p := b.get("/kcc/klant/00000000-0000-0000-0000-000000000000"); p.code != 404 {
			t.Fatalf("unknown klant: %d", p.code)
		}
	})
}

func TestKCCRegisterContact(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newKCCFixture(t, d, 0)
		b := e.browser()
		b.login("kcc", password, "")
		id, _ := e.openAnna(b)
		from := "/kcc/klant/" + id
		p := b.post(from, "/kcc/contact", url.Values{"klant": {id}, "kanaal": {"telefoon"}, "vraag": {"Wanneer is het stadhuis open?"},
			"uitkomst": {"direct_beantwoord"}})
		wantField(t, p, "onderwerp", "Vul het onderwerp in")
		if !strings.Contains(p.body, "Wanneer is het stadhuis open?") {
			t.Fatal("the form lost the question")
		}
		p = b.post(from, "/kcc/contact", url.Values{"klant": {id}, "onderwerp": {"Openingstijden"}, "uitkomst": {"zaak_gestart"}})
		wantField(t, p, "uitkomst-direct_beantwoord", "Kies de uitkomst")
		if count(t, d, "klantcontacten") != 0 {
			t.Fatal("saved despite errors")
		}
		p = b.post(from, "/kcc/contact", url.Values{"klant": {id}, "kanaal": {"telefoon"}, "artikel": {"identiteitskaart-aanvragen"},
			"vraag": {"Wat kost een id-kaart?"}, "antwoord": {"€ 77,00"}, "uitkomst": {"direct_beantwoord"}})
		if p.code != http.StatusSeeOther {
			t.Fatalf("register: %d\n%s", p.code, p.body)
		}
		l, _, err := e.kl.ListContacten(e.ctx, klant.ContactFilter{})
		if err != nil || len(l) != 1 || l[0].Uitkomst != klant.DirectBeantwoord || l[0].PartijKey != bsnAnna ||
			l[0].Product != "identiteitskaart-aanvragen" || l[0].Onderwerp != "Identiteitskaart aanvragen" || l[0].MedewerkerID != e.users["kcc"].ID {
			t.Fatalf("contact: %+v %v", l, err)
		}
		p = b.get(p.header.Get("Location"))
		if !strings.Contains(p.body, "Het contact is geregistreerd.") || !strings.Contains(p.body, "Wat kost een id-kaart?") {
			t.Fatalf("timeline:\n%s", p.body)
		}
		// Anonymous.
		p = b.post("/kcc/anoniem", "/kcc/contact", url.Values{"kanaal": {"balie"}, "onderwerp": {"Openingstijden"}, "uitkomst": {"direct_beantwoord"}})
		if p.code != http.StatusSeeOther || !strings.HasPrefix(p.header.Get("Location"), "/kcc/anoniem") {
			t.Fatalf("anonymous: %d %s", p.code, p.header.Get("Location"))
		}
		if count(t, d, "klantcontacten") != 2 {
			t.Fatal("anonymous contact not saved")
		}
	})
}

func TestKCCStatusvraag(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newKCCFixture(t, d, 2)
		b := e.browser()
		b.login("kcc", password, "")
		id, p := e.openAnna(b)
		z := e.zaken[0]
		// Someone else's zaak: refused.
		if p := b.post("/kcc/klant/"+id, "/kcc/statusvraag", url.Values{"klant": {id}, "zaak": {e.zaken[1].ID}}); p.code != http.StatusForbidden {
			t.Fatalf("other zaak: %d", p.code)
		}
		answer := regexp.MustCompile(`name="antwoord" value="([^"]+)"`).FindStringSubmatch(p.body)
		if answer == nil {
			t.Fatal("no status answer on the klantbeeld")
		}
		p = b.post("/kcc/klant/"+id, "/kcc/statusvraag", url.Values{"klant": {id}, "zaak": {z.ID}, "kanaal": {"telefoon"}, "antwoord": {answer[1]}})
		if p.code != http.StatusSeeOther {
			t.Fatalf("statusvraag: %d\n%s", p.code, p.body)
		}
		norms, err := e.zs.Norms(e.ctx, z.ID)
		if err != nil {
			t.Fatal(err)
		}
		n7 := 0
		for _, n := range norms {
			if n.Norm == "N7" {
				n7++
				if n.State != zaak.NormMet {
					t.Fatalf("N7 %s", n.State)
				}
			}
		}
		if n7 != 1 {
			t.Fatalf("%d N7 norms", n7)
		}
		l, _, _ := e.kl.ListContacten(e.ctx, klant.ContactFilter{})
		if len(l) != 1 || l[0].ZaakID != z.ID || l[0].Uitkomst != klant.DirectBeantwoord || !strings.Contains(l[0].Antwoord, z.Identificatie) {
			t.Fatalf("contact: %+v", l)
		}
		after, _ := e.zs.Get(e.ctx, z.ID)
		if after.StatusID != z.StatusID {
			t.Fatal("a status question changed the status")
		}
	})
}

func TestKCCContactverzoek(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newKCCFixture(t, d, 2)
		b := e.browser()
		b.login("kcc", password, "")
		id, _ := e.openAnna(b)
		from := "/kcc/klant/" + id
		p := b.post(from, "/kcc/contactverzoek", url.Values{"klant": {id}, "cv-telefoon": {"12"}})
		wantField(t, p, "cv-vraag", "Vul de vraag van de klant in")
		wantField(t, p, "cv-team", "Kies het team of de medewerker die de klant terugbelt.")
		wantField(t, p, "cv-telefoon", "geen geldig telefoonnummer")
		if count(t, d, "klantcontacten") != 0 || count(t, d, "interne_taken") != 0 {
			t.Fatal("saved despite errors")
		}
		p = b.post(from, "/kcc/contactverzoek", url.Values{"klant": {id}, "kanaal": {"telefoon"}, "cv-artikel": {"identiteitskaart-aanvragen"},
			"cv-vraag": {"Kan mijn dochter haar kaart zelf ophalen?"}, "cv-team": {e.team.ID}, "cv-telefoon": {"0612345678"},
			"cv-tijd": {"ochtend"}, "cv-zaak": {e.zaken[0].ID}})
		if p.code != http.StatusSeeOther {
			t.Fatalf("contactverzoek: %d\n%s", p.code, p.body)
		}
		taken, _, err := e.kl.ListInterneTaken(e.ctx, klant.TaakFilter{TeamID: e.team.ID})
		if err != nil || len(taken) != 1 {
			t.Fatalf("taken: %v %v", taken, err)
		}
		tk := taken[0]
		// Friday 20 March 10:00 + 1 werkdag = Monday 23 March 10:00.
		want := time.Date(2026, 3, 23, 10, 0, 0, 0, today.Location())
		if tk.UiterlijkOp == nil || !tk.UiterlijkOp.Equal(want) {
			t.Fatalf("due %v, want %v", tk.UiterlijkOp, want)
		}
		// The statusvraag is open on the zaak until the callback.
		openN7 := func() int {
			norms, _ := e.zs.Norms(e.ctx, e.zaken[0].ID)
			n := 0
			for _, x := range norms {
				if x.Norm == "N7" && x.State == zaak.NormOpen {
					n++
				}
			}
			return n
		}
		if openN7() != 1 {
			t.Fatal("no open statusvraag on the zaak")
		}
		// The team's queue.
		lead := e.browser()
		lead.login("behandelaar", password, "")
		p = lead.get("/kcc/contactverzoeken")
		if !strings.Contains(p.body, tk.Nummer) || !strings.Contains(p.body, "Kan mijn dochter") || strings.Contains(p.body, "Te laat") {
			t.Fatalf("queue:\n%s", p.body)
		}
		vp := "/kcc/contactverzoeken/" + tk.ID
		p = lead.post(vp, vp+"/afhandelen", url.Values{"afhandeling": {""}})
		wantField(t, p, "afhandeling", "Beschrijf wat er met het verzoek is gedaan")
		// Overdue: the escalation job marks it and records the team lead.
		w := &kennis.EscalationWorker{DB: d, Klant: e.kl, Now: func() time.Time { return want.Add(time.Minute) }}
		n, err := w.Sweep(e.ctx)
		if err != nil || n != 1 {
			t.Fatalf("sweep: %d %v", n, err)
		}
		if n, _ := w.Sweep(e.ctx); n != 0 {
			t.Fatal("escalated twice")
		}
		p = lead.get(vp)
		if !strings.Contains(p.body, "Geëscaleerd") || !strings.Contains(p.body, "Mw. Lead") {
			t.Fatalf("escalation not shown:\n%s", p.body)
		}
		p = lead.post(vp, vp+"/afhandelen", url.Values{"afhandeling": {"Gebeld: ja, met een machtiging."}})
		if p.code != http.StatusSeeOther {
			t.Fatalf("afhandelen: %d\n%s", p.code, p.body)
		}
		got, _ := e.kl.GetInterneTaak(e.ctx, tk.ID)
		if got.Status != klant.Verwerkt || got.Afhandeling != "Gebeld: ja, met een machtiging." {
			t.Fatalf("taak: %+v", got)
		}
		if openN7() != 0 {
			t.Fatal("the callback did not answer the statusvraag")
		}
		if p := lead.get("/kcc/contactverzoeken"); strings.Contains(p.body, tk.Nummer) {
			t.Fatal("handled verzoek still in the queue")
		}
	})
}

func TestKCCZaakEnDoorverwijzen(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newKCCFixture(t, d, 0)
		b := e.browser()
		b.login("kcc", password, "")
		id, _ := e.openAnna(b)
		from := "/kcc/klant/" + id
		p := b.post(from, "/kcc/zaak", url.Values{"klant": {id}})
		wantField(t, p, "zaak-zaaktypen", "Kies minstens één product")
		p = b.post(from, "/kcc/zaak", url.Values{"klant": {id}, "kanaal": {"balie"}, "zaak-zaaktypen": {"OMGEVINGSVERGUNNING", "PARKEERVERGUNNING"},
			"zaak-omschrijving": {"Nieuw adres Kerkstraat 5"}})
		if p.code != http.StatusSeeOther {
			t.Fatalf("start zaak: %d\n%s", p.code, p.body)
		}
		open := true
		page, err := e.zs.List(e.ctx, zaak.Filter{InitiatorIdent: bsnAnna, Open: &open})
		if err != nil || len(page.Items) != 2 {
			t.Fatalf("zaken: %v", err)
		}
		var hoofd, deel *zaak.Zaak
		for _, z := range page.Items {
			if z.HoofdzaakID == "" {
				hoofd = z
			} else {
				deel = z
			}
		}
		if hoofd == nil || deel == nil || deel.HoofdzaakID != hoofd.ID || hoofd.Kanaal != "balie" || hoofd.ZaakType.Identificatie != "OMGEVINGSVERGUNNING" {
			t.Fatalf("hoofdzaak %+v deelzaak %+v", hoofd, deel)
		}
		p = b.get(from)
		if !strings.Contains(p.body, "Deelzaken") || !strings.Contains(p.body, deel.Identificatie) {
			t.Fatalf("deelzaak not on the klantbeeld:\n%s", p.body)
		}
		l, _, _ := e.kl.ListContacten(e.ctx, klant.ContactFilter{})
		if len(l) != 1 || l[0].Uitkomst != klant.ZaakGestart || l[0].ZaakID != hoofd.ID {
			t.Fatalf("contact: %+v", l)
		}
		// Referral: consent and a handover are required.
		p = b.post(from, "/kcc/doorverwijzen", url.Values{"klant": {id}, "dv-partner": {e.partner.ID}, "dv-vraag": {"Hulp bij schulden"}})
		wantField(t, p, "dv-overdracht", "Schrijf op wat u aan de organisatie doorgeeft")
		wantField(t, p, "dv-toestemming", "Vraag de klant om toestemming")
		p = b.post(from, "/kcc/doorverwijzen", url.Values{"klant": {id}, "dv-partner": {e.partner.ID}, "dv-vraag": {"Hulp bij schulden"},
			"dv-overdracht": {"Mevrouw heeft betalingsachterstanden en wil graag een gesprek."}, "dv-toestemming": {"ja"}})
		if p.code != http.StatusSeeOther {
			t.Fatalf("doorverwijzen: %d\n%s", p.code, p.body)
		}
		refs, err := e.ks.Doorverwijzingen(e.ctx, bsnAnna, 10)
		if err != nil || len(refs) != 1 || refs[0].PartnerNaam != "Sociaal wijkteam" || refs[0].KlantcontactID == "" || !refs[0].Toestemming {
			t.Fatalf("referral: %+v %v", refs, err)
		}
		if count(t, d, "klantcontacten") != 2 {
			t.Fatal("referral contact not registered")
		}
	})
}

func TestKCCKennis(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newKCCFixture(t, d, 0)
		b := e.browser()
		b.login("kcc", password, "")
		id, _ := e.openAnna(b)
		p := b.get("/kcc/kennis?q=id-kaart&klant=" + id + "&kanaal=telefoon")
		if p.code != 200 || !strings.Contains(p.body, "<mark>Identiteitskaart</mark>") || !strings.Contains(p.body, "1 artikel gevonden") {
			t.Fatalf("search:\n%s", p.body)
		}
		p = b.get("/kcc/kennis/identiteitskaart-aanvragen?klant=" + id + "&kanaal=telefoon")
		use := regexp.MustCompile(`id="gebruik-antwoord"`).MatchString(p.body)
		if p.code != 200 || !use || !strings.Contains(p.body, "8 weken") {
			t.Fatalf("article:\n%s", p.body)
		}
		href := regexp.MustCompile(`href="([^"]+)" id="gebruik-antwoord"`).FindStringSubmatch(p.body)[1]
		href = strings.ReplaceAll(href, "&amp;", "&")
		p = b.get(href)
		if !strings.Contains(p.body, "Antwoord uit de kennisbank") || !strings.Contains(p.body, `<option value="identiteitskaart-aanvragen" selected>`) ||
			!strings.Contains(p.body, "Het kost € 77,00.</textarea>") {
			t.Fatalf("pre-filled klantbeeld:\n%s", p.body)
		}
	})
}
