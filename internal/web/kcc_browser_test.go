package web_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/db/dbtest"
	"github.com/gemeenten/loket/internal/kennis"
	"github.com/gemeenten/loket/internal/klant"
	"github.com/gemeenten/loket/internal/zaak"
)

// TestKCCBrowser works the KCC workbench in real headless Chromium: a
// telephone contact registered with the keyboard only, a status question
// answered from the klantbeeld, a contactverzoek created, handled and
// closed; axe-core checks every workbench page for WCAG 2.1 AA.
func TestKCCBrowser(t *testing.T) {
	chromium := chromiumPath(t)
	axeRaw, err := os.ReadFile("testdata/vendor/axe.min.js")
	if err != nil {
		t.Fatalf("axe-core: %v (run scripts/vendor-frontend.sh)", err)
	}
	axeSrc := string(axeRaw)
	d := dbtest.New(t, db.SQLite)
	e := newKCCFixture(t, d, 2)

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
	defer cancelA()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, cancelT := context.WithTimeout(ctx, 10*time.Minute)
	defer cancelT()

	base := e.srv.URL
	css := func(s string) chromedp.CSS { return chromedp.CSS(s) }
	active := func() string {
		t.Helper()
		id, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement ? document.activeElement.id : ''`))
		must(t, err)
		return id
	}
	key := func(keys string) { must(t, chromedp.Do(ctx, chromedp.KeyEvent(keys))) }

	// Log in as the KCC employee; /kcc puts the cursor in the search box.
	must(t, chromedp.Do(ctx,
		chromedp.Navigate(base+"/kcc"),
		chromedp.WaitVisible(css("#username")),
		chromedp.SendKeys(css("#username"), "kcc"),
		chromedp.SendKeys(css("#password"), password),
		chromedp.Click(css(`form.loket-form button[type="submit"]`)),
		chromedp.WaitVisible(css(`#q`)),
	))
	checkAxe(t, ctx, axeSrc, "kcc")
	if id := active(); id != "q" {
		t.Fatalf("the KCC page focuses %q, want the search box", id)
	}

	// --- A telephone contact with the keyboard only. ---
	key(bsnAnna + "\r")
	must(t, chromedp.Do(ctx, chromedp.WaitVisible(css(`#klantgegevens`))))
	checkAxe(t, ctx, axeSrc, "klantbeeld")
	if shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)); err == nil {
		_ = os.WriteFile(filepath.Join(os.TempDir(), "loket-klantbeeld.png"), shot, 0o644)
	}
	if id := active(); id != "artikel" {
		t.Fatalf("the klantbeeld focuses %q, want the subject", id)
	}
	key("Iden") // type-ahead in the product list
	sel, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById('artikel').value`))
	must(t, err)
	if sel != "identiteitskaart-aanvragen" {
		t.Fatalf("type-ahead chose %q", sel)
	}
	key("\t") // free-text subject
	if id := active(); id != "onderwerp" {
		t.Fatalf("Tab from the product goes to %q", id)
	}
	key("\t")
	if id := active(); id != "vraag" {
		t.Fatalf("next Tab goes to %q, want the question", id)
	}
	key("Wat kost een ID-kaart?")
	key("\t")
	key("€ 77,50 voor volwassenen.")
	key("\t") // the outcome: direct beantwoord is chosen already
	if id := active(); id != "uitkomst-direct_beantwoord" {
		t.Fatalf("Tab goes to %q, want the outcome", id)
	}
	key("\t")
	if id := active(); id != "contact-opslaan" {
		t.Fatalf("Tab goes to %q, want the submit button", id)
	}
	load(t, ctx, `[role="status"]`, chromedp.KeyEvent("\r"))
	notice, err := chromedp.Run(ctx, chromedp.Text(css(`[role="status"]`)))
	must(t, err)
	if !strings.Contains(notice, "Het contact is geregistreerd") {
		t.Fatalf("after registering: %q", notice)
	}
	l, _, err := e.kl.ListContacten(e.ctx, klant.ContactFilter{})
	if err != nil || len(l) != 1 || l[0].Kanaal != "telefoon" || l[0].Product != "identiteitskaart-aanvragen" ||
		l[0].Vraag != "Wat kost een ID-kaart?" || l[0].PartijKey != bsnAnna {
		t.Fatalf("registered: %+v %v", l, err)
	}

	// A form with errors is still accessible.
	must(t, chromedp.Do(ctx, chromedp.Click(css(`#cv-opslaan`)), chromedp.WaitVisible(css(`#foutmelding`))))
	checkAxe(t, ctx, axeSrc, "klantbeeld met fouten")

	// --- A status question answered from the klantbeeld. ---
	load(t, ctx, `[role="status"]`, chromedp.Click(css(`.kcc-statusvraag`)))
	notice, err = chromedp.Run(ctx, chromedp.Text(css(`[role="status"]`)))
	must(t, err)
	if !strings.Contains(notice, "De statusvraag is beantwoord") {
		t.Fatalf("after the status question: %q", notice)
	}
	norms, err := e.zs.Norms(e.ctx, e.zaken[0].ID)
	must(t, err)
	met := false
	for _, n := range norms {
		if n.Norm == "N7" && n.State == zaak.NormMet {
			met = true
		}
	}
	if !met {
		t.Fatal("the status question did not settle N7")
	}

	// --- A contactverzoek: created, handled, closed. ---
	must(t, chromedp.Do(ctx,
		chromedp.SendKeys(css(`#cv-vraag`), "Mevrouw wil weten of haar dochter de kaart mag ophalen."),
		chromedp.SetValue(css(`#cv-team`), e.team.ID),
		chromedp.Click(css(`#cv-opslaan`)),
		chromedp.WaitVisible(css(`#open-verzoeken`)),
	))
	notice, err = chromedp.Run(ctx, chromedp.Text(css(`[role="status"]`)))
	must(t, err)
	if !strings.Contains(notice, "Het contactverzoek is aangemaakt") {
		t.Fatalf("after the contactverzoek: %q", notice)
	}
	// Knowledge search and the article, from the klantbeeld.
	must(t, chromedp.Do(ctx, chromedp.SendKeys(css(`#kennis-q`), "id-kaart\r"), chromedp.WaitVisible(css(`#kennis-resultaten`))))
	checkAxe(t, ctx, axeSrc, "kennisbank")
	must(t, chromedp.Do(ctx, chromedp.Click(css(`#kennis-resultaten a`)), chromedp.WaitVisible(css(`#gebruik-antwoord`))))
	checkAxe(t, ctx, axeSrc, "kennisartikel")

	must(t, chromedp.Do(ctx, chromedp.Navigate(base+"/kcc/contactverzoeken?team="+e.team.ID), chromedp.WaitVisible(css(`#verzoeken-tabel`))))
	checkAxe(t, ctx, axeSrc, "contactverzoeken")
	must(t, chromedp.Do(ctx, chromedp.Click(css(`#verzoeken-tabel a`)), chromedp.WaitVisible(css(`#afhandeling`))))
	checkAxe(t, ctx, axeSrc, "contactverzoek")
	must(t, chromedp.Do(ctx, chromedp.Click(css(`#afhandelen`)), chromedp.WaitVisible(css(`#foutmelding`))))
	checkAxe(t, ctx, axeSrc, "contactverzoek met fouten")
	load(t, ctx, `[role="status"]`,
		chromedp.SendKeys(css(`#afhandeling`), "Teruggebeld: ja, met een machtiging en haar eigen ID."),
		chromedp.Click(css(`#afhandelen`)),
	)
	status, err := chromedp.Run(ctx, chromedp.Text(css(`#verzoek-gegevens`)))
	must(t, err)
	if !strings.Contains(status, "Afgehandeld") || !strings.Contains(status, "Teruggebeld") {
		t.Fatalf("after handling: %q", status)
	}
	taken, _, err := e.kl.ListInterneTaken(e.ctx, klant.TaakFilter{TeamID: e.team.ID})
	if err != nil || len(taken) != 1 || taken[0].Status != klant.Verwerkt {
		t.Fatalf("taak: %+v %v", taken, err)
	}
	must(t, chromedp.Do(ctx, chromedp.Navigate(base+"/kcc/contactverzoeken?team="+e.team.ID), chromedp.WaitVisible(css(`.loket-result-count`))))
	if txt, _ := chromedp.Run(ctx, chromedp.Text(css(`.loket-result-count`))); !strings.Contains(txt, "Geen open contactverzoeken") {
		t.Fatalf("queue after closing: %q", txt)
	}

	// The anonymous workbench.
	must(t, chromedp.Do(ctx, chromedp.Navigate(base+"/kcc/anoniem?kanaal=balie"), chromedp.WaitVisible(css(`#contact-kop`))))
	checkAxe(t, ctx, axeSrc, "anoniem contact")

	// --- The knowledge base maintenance, as a beheerder. ---
	load(t, ctx, `[role="status"]`, chromedp.Click(css(`.loket-user__logout button`)))
	must(t, chromedp.Do(ctx,
		chromedp.Navigate(base+"/beheer/kennis"),
		chromedp.WaitVisible(css("#username")),
		chromedp.SendKeys(css("#username"), "beheerder"),
		chromedp.SendKeys(css("#password"), password),
		chromedp.Click(css(`form.loket-form button[type="submit"]`)),
		chromedp.WaitVisible(css(`#kennis-tabel`)),
	))
	checkAxe(t, ctx, axeSrc, "beheer kennis")
	must(t, chromedp.Do(ctx, chromedp.Click(css(`#nieuw-artikel`)), chromedp.WaitVisible(css(`#titel`)),
		chromedp.Click(css(`form[action="/beheer/kennis/nieuw"] button[type="submit"]`)), chromedp.WaitVisible(css(`#foutmelding`))))
	checkAxe(t, ctx, axeSrc, "nieuw kennisartikel met fouten")
	must(t, chromedp.Do(ctx,
		chromedp.SendKeys(css("#titel"), "Hondenbelasting"),
		chromedp.SendKeys(css("#samenvatting"), "Heeft u een hond? Dan betaalt u hondenbelasting. Meld uw hond binnen 2 weken aan."),
		chromedp.SendKeys(css("#kosten"), "- Eerste hond: € 118 per jaar\n- Elke volgende hond: € 160 per jaar"),
		chromedp.Click(css(`form[action="/beheer/kennis/nieuw"] button[type="submit"]`)),
		chromedp.WaitVisible(css(`#publiceer`)),
	))
	checkAxe(t, ctx, axeSrc, "kennisartikel beheer")
	must(t, chromedp.Do(ctx, chromedp.Click(css(`#publiceer`)), chromedp.WaitVisible(css(`#versies-tabel`))))
	// The versions table is on the page before the click too, so the
	// publish may still be in flight: wait for it (bounded), then assert.
	var r *kennis.Result
	for range 100 {
		if r, err = e.ks.Search(e.ctx, "hond", 5); err == nil && len(r.Hits) == 1 {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if err != nil || len(r.Hits) != 1 {
		t.Fatalf("published from the page, not found: %+v %v", r, err)
	}
	must(t, chromedp.Do(ctx, chromedp.Click(css(`#versies-tabel a`)), chromedp.WaitVisible(css(`#artikel-kosten`))))
	checkAxe(t, ctx, axeSrc, "kennisartikel versie")
	must(t, chromedp.Do(ctx, chromedp.Navigate(base+"/beheer/kennis/synoniemen"), chromedp.WaitVisible(css(`#synoniemen-tabel`))))
	checkAxe(t, ctx, axeSrc, "synoniemen")
	must(t, chromedp.Do(ctx, chromedp.Navigate(base+"/beheer/kennis/partners"), chromedp.WaitVisible(css(`#partners-tabel`))))
	checkAxe(t, ctx, axeSrc, "partnerorganisaties")
}
