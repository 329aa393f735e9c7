package web_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/gemeenten/loket/internal/audit"
	"github.com/gemeenten/loket/internal/auth"
	"github.com/gemeenten/loket/internal/blob"
	"github.com/gemeenten/loket/internal/burger"
	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/db/dbtest"
	"github.com/gemeenten/loket/internal/document"
	"github.com/gemeenten/loket/internal/eform"
	"github.com/gemeenten/loket/internal/jobs"
	"github.com/gemeenten/loket/internal/kennis"
	"github.com/gemeenten/loket/internal/klant"
	"github.com/gemeenten/loket/internal/web"
)

// burgerSite is the whole citizen side on one server: product pages from the
// knowledge base, the PIP with the DigiD simulation, and two e-forms —
// "bouwen" (with an address and an upload) and "melding" (anonymous, made
// to be filled in with the keyboard). Anna owns zaken 0, 2, 4, 6 and 7;
// zaak 0 waits for documents from her and has a letter she may read.
type burgerSite struct {
	*env
	productSlug string
}

func newBurgerSite(t *testing.T, d *db.DB, adjust func(*web.Deps)) *burgerSite {
	t.Helper()
	s := &burgerSite{}
	var docs *document.Service
	s.env = newEnvWith(t, d, 8, func(e *env, deps *web.Deps) {
		if _, err := d.W.ExecContext(e.ctx, `INSERT INTO personen (bsn, voornamen, geslachtsnaam, email, straat, huisnummer, postcode, woonplaats)
			VALUES ($1, 'Anna', 'Jansen', 'anna@voorbeeld.nl', 'Dorpsstraat', '12', '1234AB', 'Voorbeeld')`, bsnAnna); err != nil {
			t.Fatal(err)
		}
		docBlobs, err := blob.NewDir(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		uploads, err := blob.NewDir(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		now := func() time.Time { return today }
		docs = document.New(d, docBlobs, now)
		q, err := jobs.New(d, nil, jobs.Config{})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.auth.CreateTeam(e.ctx, auth.Team{Code: "KCC", Naam: "Klantcontactcentrum"}); err != nil {
			t.Fatal(err)
		}
		ks := klant.New(d)
		ks.Now = now
		fs := &eform.Service{DB: d, Zaken: e.zs, Docs: docs, Klant: ks, Blobs: uploads, Queue: q, Now: now, Bronorganisatie: rsinGemeente}
		kn := kennis.New(d)
		kn.Now = now
		deps.Documents = docs
		deps.Forms = web.FormDeps{Forms: fs}
		deps.Citizen = web.CitizenDeps{Burger: burger.New(d, e.auth.Sign, burger.Config{Simulation: true, Now: now}), Klant: ks}
		deps.Public = web.PublicDeps{Kennis: kn}

		bouwen := eform.Definitie{Paginas: []eform.Pagina{
			{Titel: "Uw gegevens", Velden: []eform.Veld{
				{Naam: "email", Type: eform.Email, Label: "E-mailadres", Verplicht: true, Prefill: eform.PrefillEmail},
				{Naam: "adres", Type: eform.Address, Label: "Adres", Verplicht: true, Prefill: eform.PrefillAdres},
				{Naam: "soort", Type: eform.Choice, Label: "Wat wilt u bouwen?", Opties: []string{"Dakkapel", "Aanbouw"}, Verplicht: true,
					Hulptekst: "Kies wat het meest lijkt op uw plan."},
			}},
			{Titel: "De bouw", Velden: []eform.Veld{
				{Naam: "diepte", Type: eform.Number, Label: "Diepte in meters", Verplicht: true, Min: fl(1), Max: fl(6),
					Toon: &eform.Voorwaarde{Veld: "soort", Waarde: "Aanbouw"}},
				{Naam: "tekening", Type: eform.File, Label: "Bouwtekening", Verplicht: true, Bestandstypen: []string{"application/pdf"}},
				{Naam: "toelichting", Type: eform.Textarea, Label: "Toelichting"},
			}},
		}}
		melding := eform.Definitie{Paginas: []eform.Pagina{
			{Titel: "Wat wilt u melden?", Velden: []eform.Veld{
				{Naam: "wat", Type: eform.Choice, Label: "Wat is er aan de hand?", Verplicht: true,
					Opties: []string{"Losliggende stoeptegel", "Kapotte lantaarnpaal", "Zwerfafval"}},
				{Naam: "waar", Type: eform.Text, Label: "Waar is het?", Verplicht: true, Hulptekst: "Bijvoorbeeld: Dorpsstraat bij nummer 12."},
				{Naam: "email", Type: eform.Email, Label: "Uw e-mailadres", Verplicht: true},
			}},
			{Titel: "Nog een paar vragen", Velden: []eform.Veld{
				{Naam: "aantal", Type: eform.Number, Label: "Hoeveel stoeptegels of lantaarnpalen?", Verplicht: true, Min: fl(1), Max: fl(50)},
				{Naam: "akkoord", Type: eform.Checkbox, Label: "Ik heb dit naar waarheid ingevuld", Verplicht: true},
			}},
		}}
		for _, f := range []eform.FormInput{
			{Slug: "bouwen", Titel: "Bouwmelding", ZaaktypeIdentificatie: "OMGEVINGSVERGUNNING", Definitie: bouwen},
			{Slug: "melding", Titel: "Melding openbare ruimte", ZaaktypeIdentificatie: "OMGEVINGSVERGUNNING", Anoniem: true, Definitie: melding},
		} {
			if _, err := fs.SaveForm(e.ctx, f); err != nil {
				t.Fatal(err)
			}
			if _, err := fs.Publish(e.ctx, f.Slug); err != nil {
				t.Fatal(err)
			}
		}
		bctx := audit.WithActor(e.ctx, audit.Actor{Kind: "medewerker", ID: "b1", Name: "Bea Beheer", Roles: []string{auth.RoleBeheerder}})
		art, err := kn.Create(bctx, kennis.Input{Titel: "Dakkapel plaatsen",
			Samenvatting: "Voor een dakkapel aan de voorkant heeft u een omgevingsvergunning nodig.",
			WatIsHet:     "Een dakkapel is een uitbouw op een schuin dak.", Kosten: "De leges zijn € 250,00.",
			ZaakTypen: []string{"OMGEVINGSVERGUNNING"}, Kanalen: []string{"webformulier"}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := kn.Publish(bctx, art.Laatste.ID); err != nil {
			t.Fatal(err)
		}
		s.productSlug = art.Slug
		if adjust != nil {
			adjust(deps)
		}
	})
	var iot string
	if err := d.R.QueryRowContext(s.ctx, `SELECT id FROM informatieobjecttypen ORDER BY id LIMIT 1`).Scan(&iot); err != nil {
		t.Fatal(err)
	}
	doc, err := docs.Create(s.ctx, document.CreateInput{Bronorganisatie: rsinGemeente, Creatiedatum: date.Of(today),
		Titel: "Ontvangstbevestiging", Auteur: "Gemeente", Taal: "dut", Bestandsnaam: "ontvangst.txt",
		Vertrouwelijkheidaanduiding: "zaakvertrouwelijk", InformatieobjecttypeID: iot, Content: strings.NewReader("Beste Anna, ...")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := docs.LinkZaak(s.ctx, document.LinkInput{ZaakID: s.zaken[0].ID, InformatieobjectID: doc.ID,
		Titel: "Ontvangstbevestiging", ZichtbaarVoorInitiator: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.zs.RequestDocuments(asBehandelaar(s.ctx), s.zaken[0].ID, "Stuur ons een bouwtekening met de maten.", date.Of(today).AddDays(14)); err != nil {
		t.Fatal(err)
	}
	return s
}

// chrome is a headless Chromium with axe-core at hand; problems collects
// script errors and CSP violations the pages cause.
type chrome struct {
	t        *testing.T
	ctx      context.Context
	axe      string
	mu       sync.Mutex
	problems []string
}

func startChrome(t *testing.T, timeout time.Duration) *chrome {
	t.Helper()
	chromium := chromiumPath(t)
	axeSrc, err := os.ReadFile("testdata/vendor/axe.min.js")
	if err != nil {
		t.Fatalf("axe-core: %v (run scripts/vendor-frontend.sh)", err)
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromium),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("no-default-browser-check", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	}
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	ctx, cancelT := context.WithTimeout(ctx, timeout)
	t.Cleanup(func() { cancelT(); cancel(); cancelA() })
	c := &chrome{t: t, ctx: ctx, axe: string(axeSrc)}
	must(t, chromedp.Listen(ctx, func(ev any) {
		c.mu.Lock()
		defer c.mu.Unlock()
		switch ev := ev.(type) {
		case *log.EventEntryAdded:
			if ev.Entry.Level == log.EntryLevelError {
				c.problems = append(c.problems, ev.Entry.Text)
			}
		case *runtime.EventExceptionThrown:
			c.problems = append(c.problems, ev.ExceptionDetails.Text)
		}
	}))
	_, err = chromedp.Call(ctx, log.Enable, cdp.Empty{})
	must(t, err)
	return c
}

func (c *chrome) do(steps ...chromedp.Action[chromedp.Void]) {
	c.t.Helper()
	must(c.t, chromedp.Do(c.ctx, steps...))
}

func (c *chrome) axeCheck(what string) {
	c.t.Helper()
	checkAxe(c.t, c.ctx, c.axe, what)
}

// open navigates to path, waits for sel and runs axe-core.
func (c *chrome) open(base, path, sel, what string) {
	c.t.Helper()
	c.do(chromedp.Navigate(base+path), chromedp.WaitVisible(chromedp.CSS(sel)))
	c.axeCheck(what)
}

func (c *chrome) eval(js string) string {
	c.t.Helper()
	s, err := chromedp.Run(c.ctx, chromedp.Evaluate[string](js))
	must(c.t, err)
	return s
}

// active describes the focused element: its id, else its text.
func (c *chrome) active() string {
	c.t.Helper()
	return c.eval(`(function(){var e=document.activeElement; if(!e) return ''; return e.id || e.tagName.toLowerCase();})()`)
}

func (c *chrome) key(keys string) {
	c.t.Helper()
	c.do(chromedp.KeyEvent(keys))
}

// tabTo presses Tab until the focused element matches sel (a CSS
// selector), as a keyboard user would; it fails when the element is not
// reachable within 40 presses.
func (c *chrome) tabTo(sel string) {
	c.t.Helper()
	check := fmt.Sprintf(`(function(){var e=document.activeElement; return e && e.matches(%q) ? 'ja' : 'nee';})()`, sel)
	for range 40 {
		c.key(kb.Tab)
		if c.eval(check) == "ja" {
			return
		}
	}
	c.t.Fatalf("%s is not reachable with Tab (focus on %q)", sel, c.active())
}

func (c *chrome) checkProblems() {
	c.t.Helper()
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, p := range c.problems {
		// Forms with errors and unknown pages answer with an error status on purpose.
		if strings.Contains(p, "404") || strings.Contains(p, "400") {
			continue
		}
		c.t.Errorf("browser reported: %s", p)
	}
}

func (c *chrome) screenshot(name string) {
	if shot, err := chromedp.Run(c.ctx, chromedp.FullScreenshot(100)); err == nil {
		_ = os.WriteFile(filepath.Join(os.TempDir(), name), shot, 0o644)
	}
}

// TestBurgerBrowserAccessibility opens every public, PIP and e-form page and
// the form editor in headless Chromium; axe-core must report no WCAG 2.1
// A/AA violation on any of them.
func TestBurgerBrowserAccessibility(t *testing.T) {
	c := startChrome(t, 10*time.Minute)
	// In the municipality's own style, with a colour near the contrast
	// limit, so the checks cover the generated tints too.
	logo := writeLogo(t)
	s := newBurgerSite(t, dbtest.New(t, db.SQLite), func(deps *web.Deps) {
		deps.Config.Thema = web.Thema{Kleur: "#d12b2b", Logo: logo}
	})
	base := s.srv.URL
	css := func(sel string) chromedp.CSS { return chromedp.CSS(sel) }

	// The public site.
	c.open(base, "/", "#zoek-home", "home")
	if bg := c.eval(`getComputedStyle(document.querySelector('.loket-header')).backgroundColor`); bg != "rgb(209, 43, 43)" {
		t.Errorf("the header is %s, not the municipality's colour", bg)
	}
	if img := c.eval(`getComputedStyle(document.querySelector('.loket-brand__logo')).backgroundImage`); !strings.Contains(img, "/static/thema/logo.svg") {
		t.Errorf("the logo is not shown: %s", img)
	}
	c.open(base, "/producten", `a[href="/producten/`+s.productSlug+`"]`, "producten")
	c.open(base, "/producten/"+s.productSlug, `a[href="/formulieren/bouwen"]`, "product")
	c.open(base, "/zoeken?q=dakkapell", "ol.loket-results a", "zoeken")
	c.open(base, "/zoeken?q=onvindbaarwoord", "#zoek", "zoeken zonder resultaat")

	// An anonymous form: start, a step, saved for later.
	c.open(base, "/formulieren/melding", `form[action="/formulieren/melding/start"] button`, "formulier start (anoniem)")
	c.do(chromedp.Click(css(`form[action="/formulieren/melding/start"] button`)), chromedp.WaitVisible(css(`#wat-0`)))
	c.axeCheck("formulier stap 1 (anoniem)")
	c.do(chromedp.SendKeys(css("#waar"), "Kerkplein"), chromedp.Click(css(`button[value="opslaan"]`)), chromedp.WaitVisible(css(`#opgeslagen`)))
	if n := c.eval(`String(document.querySelectorAll('a[href*="/hervatten"]').length)`); n != "1" {
		t.Fatalf("no resume link:\n%s", c.eval(`document.querySelector('main').innerHTML`))
	}
	c.axeCheck("formulier opgeslagen (anoniem)")

	// The PIP: log in with the DigiD simulation, first wrongly.
	c.open(base, "/mijn/inloggen", "#wie", "mijn inloggen (simulatie)")
	c.do(chromedp.Click(css(`form[action="/mijn/inloggen/simulatie"] button[type="submit"]`)), chromedp.WaitVisible(css(`#foutmelding`)))
	c.axeCheck("mijn inloggen met fout")
	c.do(chromedp.SetValue(css("#wie"), "bsn:"+bsnAnna), chromedp.Click(css(`form[action="/mijn/inloggen/simulatie"] button[type="submit"]`)),
		chromedp.WaitVisible(css(`.loket-cards`)))
	c.axeCheck("mijn zaken")
	c.screenshot("loket-mijn.png")
	c.open(base, "/mijn/zaken/"+s.zaken[0].ID, `#bestand`, "mijn zaak (stukken gevraagd)")
	c.do(chromedp.Click(css(`form[action$="/aanleveren"] button[type="submit"]`)), chromedp.WaitVisible(css(`#foutmelding`)))
	c.axeCheck("mijn zaak, versturen zonder bestand")
	c.open(base, "/mijn/zaken/"+s.zaken[2].ID, `.loket-timeline`, "mijn zaak")
	c.open(base, "/mijn/vraag?zaak="+s.zaken[0].ID, "#vraag", "mijn vraag")
	c.do(chromedp.Click(css(`form[action="/mijn/vraag"] button[type="submit"]`)), chromedp.WaitVisible(css(`#foutmelding`)))
	c.axeCheck("mijn vraag met fout")
	c.do(chromedp.SendKeys(css("#vraag"), "Wanneer krijg ik bericht?"), chromedp.Click(css(`form[action="/mijn/vraag"] button[type="submit"]`)),
		chromedp.WaitVisible(css(`.loket-timeline`)))
	c.axeCheck("mijn contacten")
	c.open(base, "/mijn/gegevens", "#email", "mijn gegevens")
	c.do(chromedp.SetValue(css("#email"), "anna@"), chromedp.Click(css(`form[action="/mijn/gegevens"] button[type="submit"]`)),
		chromedp.WaitVisible(css(`#foutmelding`)))
	c.axeCheck("mijn gegevens met fout")
	c.open(base, "/mijn/zaken/00000000-0000-7000-8000-000000000000", "h1", "mijn: niet gevonden")

	// The form with login, prefill, an address and an upload.
	c.open(base, "/formulieren/bouwen", `form[action="/formulieren/bouwen/start"] button`, "formulier start (ingelogd)")
	c.do(chromedp.Click(css(`form[action="/formulieren/bouwen/start"] button`)), chromedp.WaitVisible(css(`#adres\.postcode`)))
	c.axeCheck("formulier stap 1 (vooringevuld)")
	c.do(chromedp.SetValue(css("#email"), "anna@"), chromedp.SetValue(css(`#adres\.postcode`), "12"),
		chromedp.Click(css(`button[value="volgende"]`)), chromedp.WaitVisible(css(`#foutmelding`)))
	c.axeCheck("formulier stap 1 met fouten")
	c.screenshot("loket-formulier-fouten.png")
	c.do(chromedp.SetValue(css("#email"), "anna@voorbeeld.nl"), chromedp.SetValue(css(`#adres\.postcode`), "1234AB"),
		chromedp.Click(css(`#soort-1`)), chromedp.Click(css(`button[value="volgende"]`)), chromedp.WaitVisible(css(`#tekening`)))
	c.axeCheck("formulier stap 2 (upload)")
	pdf := filepath.Join(t.TempDir(), "tekening.pdf")
	must(t, os.WriteFile(pdf, testPDF, 0o644))
	c.do(chromedp.SetValue(css("#diepte"), "3"), chromedp.SetUploadFiles(css("#tekening"), []string{pdf}),
		chromedp.Click(css(`button[value="toevoegen"]`)), chromedp.WaitVisible(css(`button[value^="verwijder:"]`)))
	c.axeCheck("formulier stap 2 met bestand")
	c.do(chromedp.Click(css(`button[value="volgende"]`)), chromedp.WaitVisible(css(`form#verzenden`)))
	c.axeCheck("formulier controleren")
	c.do(chromedp.Click(css(`form#verzenden button`)), chromedp.WaitVisible(css(`.utrecht-alert--ok h1`)))
	c.axeCheck("formulier ontvangen")

	// The beheerder's list and editor of forms.
	c.do(chromedp.Navigate(base+"/login?next=/beheer/formulieren"), chromedp.WaitVisible(css("#username")),
		chromedp.SendKeys(css("#username"), "beheerder"), chromedp.SendKeys(css("#password"), password),
		chromedp.Click(css(`form.loket-form button[type="submit"]`)), chromedp.WaitVisible(css(`a[href="/beheer/formulieren/bouwen"]`)))
	c.axeCheck("beheer formulieren")
	c.open(base, "/beheer/formulieren/bouwen", "#definitie", "beheer formulier bewerken (met voorbeeld)")
	c.open(base, "/beheer/formulieren/nieuw", "#slug", "beheer nieuw formulier")
	c.do(chromedp.Click(css(`form[action="/beheer/formulieren/nieuw"] button[type="submit"]`)), chromedp.WaitVisible(css(`#foutmelding`)))
	c.axeCheck("beheer nieuw formulier met fouten")

	c.checkProblems()
}

// TestBurgerBrowserFormWithKeyboardOnly fills in the anonymous melding form
// from its start page to the receipt with key presses only: Tab, Space,
// arrow keys, Enter and typing, no clicks. Sending the first page empty
// shows the error summary, which gets the focus; its links lead to the
// fields.
func TestBurgerBrowserFormWithKeyboardOnly(t *testing.T) {
	c := startChrome(t, 10*time.Minute)
	s := newBurgerSite(t, dbtest.New(t, db.SQLite), nil)
	css := func(sel string) chromedp.CSS { return chromedp.CSS(sel) }

	c.do(chromedp.Navigate(s.srv.URL+"/formulieren/melding"), chromedp.WaitVisible(css("h1")))
	c.tabTo(`form[action="/formulieren/melding/start"] button`)
	c.key(kb.Enter)
	c.do(chromedp.WaitVisible(css(`#wat-0`)))

	// Sent empty: the error summary has the focus.
	c.tabTo(`button[value="volgende"]`)
	c.key(kb.Enter)
	c.do(chromedp.WaitVisible(css(`#foutmelding`)))
	if id := c.active(); id != "foutmelding" {
		t.Fatalf("after an error the focus is on %q, want the error summary", id)
	}
	links := c.eval(`Array.from(document.querySelectorAll('#foutmelding a')).map(a => a.getAttribute('href')).join(' ')`)
	if links != "#wat-0 #waar #email" {
		t.Fatalf("error summary links %q", links)
	}
	// The first link leads to the first radio button of the question.
	c.key(kb.Tab)
	if h := c.eval(`document.activeElement.getAttribute('href') || ''`); h != "#wat-0" {
		t.Fatalf("Tab from the summary goes to %q", h)
	}
	c.key(kb.Enter)
	if id := c.active(); id != "wat-0" {
		t.Fatalf("the summary link moved the focus to %q, want the radio button", id)
	}
	// Arrow down chooses the second option; Space keeps it chosen.
	c.key(kb.ArrowDown)
	c.key(" ")
	if v := c.eval(`(document.querySelector('input[name="wat"]:checked') || {value: ''}).value`); v != "Kapotte lantaarnpaal" {
		t.Fatalf("radio choice %q", v)
	}
	// The other links go to their fields too.
	c.do(chromedp.Focus(css(`#foutmelding a[href="#waar"]`)))
	c.key(kb.Enter)
	if id := c.active(); id != "waar" {
		t.Fatalf("the summary link moved the focus to %q, want #waar", id)
	}
	c.key("Kerkplein bij de bank")
	c.key(kb.Tab)
	if id := c.active(); id != "email" {
		t.Fatalf("Tab from 'waar' goes to %q", id)
	}
	c.key("piet@voorbeeld.nl")
	c.tabTo(`button[value="volgende"]`)
	c.key(kb.Enter)
	c.do(chromedp.WaitVisible(css(`#aantal`)))

	c.tabTo(`#aantal`)
	c.key("2")
	c.key(kb.Tab)
	if id := c.active(); id != "akkoord" {
		t.Fatalf("Tab from 'aantal' goes to %q", id)
	}
	c.key(" ")
	if v := c.eval(`String(document.getElementById('akkoord').checked)`); v != "true" {
		t.Fatal("Space did not tick the checkbox")
	}
	c.tabTo(`button[value="volgende"]`)
	c.key(kb.Enter)
	c.do(chromedp.WaitVisible(css(`form#verzenden`)))
	body := c.eval(`document.querySelector('main').innerText`)
	for _, want := range []string{"Kapotte lantaarnpaal", "Kerkplein bij de bank", "piet@voorbeeld.nl", "2"} {
		if !strings.Contains(body, want) {
			t.Errorf("summary lacks %q:\n%s", want, body)
		}
	}
	c.tabTo(`form#verzenden button`)
	c.key(kb.Enter)
	c.do(chromedp.WaitVisible(css(`.utrecht-alert--ok h1`)))
	got := c.eval(`document.querySelector('main').innerText`)
	if !strings.Contains(got, "Wij hebben uw aanvraag ontvangen") || !strings.Contains(got, "ZAAK-") {
		t.Fatalf("receipt:\n%s", got)
	}
	ident := regexp.MustCompile(`ZAAK-\d{4}-\d{10}`).FindString(got)
	var n int
	if err := s.d.R.QueryRowContext(s.ctx, `SELECT COUNT(*) FROM zaken WHERE identificatie = $1`, ident).Scan(&n); err != nil || n != 1 {
		t.Fatalf("zaak %q of the receipt: %d %v", ident, n, err)
	}
	c.checkProblems()
}
