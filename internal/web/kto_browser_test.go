package web_test

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/db/dbtest"
)

// TestKTOBrowser fills in the survey in a real browser — without a grade
// first (the errors), then properly — and walks /beheer/kto and
// /rapportage/kto, running axe-core on every state.
func TestKTOBrowser(t *testing.T) {
	chromium := chromiumPath(t)
	axeBytes, err := os.ReadFile("testdata/vendor/axe.min.js")
	if err != nil {
		t.Fatalf("axe-core: %v (run scripts/vendor-frontend.sh)", err)
	}
	axeSrc := string(axeBytes)
	d := dbtest.New(t, db.SQLite)
	k := newKTOEnv(t, d)
	k.invite(bsnAnna, "balie", k.teamA)
	path := k.link(ktoAnnaEmail)

	actx, cancelA := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(chromium), chromedp.Flag("headless", true), chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true), chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1280, 900))
	defer cancelA()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, cancelT := context.WithTimeout(ctx, 10*time.Minute)
	defer cancelT()

	base := k.srv.URL
	css := func(s string) chromedp.CSS { return chromedp.CSS(s) }
	submit := css(`form[action="/kto"] button[type="submit"]`)

	must(t, chromedp.Do(ctx, chromedp.Navigate(base+path), chromedp.WaitVisible(css("#vraag-cijfer"))))
	checkAxe(t, ctx, axeSrc, "vragenlijst")

	// Only an aspect, no overall grade: the error summary takes the focus
	// and links to the first choice of the overall question.
	must(t, chromedp.Do(ctx, chromedp.Click(css("#vriendelijkheid-9")), chromedp.Click(submit), chromedp.WaitVisible(css("#foutmelding"))))
	summary, err := chromedp.Run(ctx, chromedp.Text(css("#foutmelding")))
	must(t, err)
	if !strings.Contains(summary, "Totaaloordeel") {
		t.Fatalf("error summary: %q", summary)
	}
	checked, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.getElementById('vriendelijkheid-9').checked`))
	must(t, err)
	if !checked {
		t.Error("the answer given was lost after the error")
	}
	checkAxe(t, ctx, axeSrc, "vragenlijst met fout")

	must(t, chromedp.Do(ctx, chromedp.Click(css("#cijfer-8")), chromedp.Click(css("#prijs-nvt")),
		chromedp.SendKeys(css("#opmerking"), "Vriendelijk geholpen."), chromedp.Click(submit), chromedp.WaitVisible(css("#kto-bericht"))))
	h1, err := chromedp.Run(ctx, chromedp.Text(css("#kto-bericht")))
	must(t, err)
	if h1 != "Bedankt voor uw antwoorden" {
		t.Fatalf("after submit: %q", h1)
	}
	checkAxe(t, ctx, axeSrc, "bedankt")

	must(t, chromedp.Do(ctx, chromedp.Navigate(base+path), chromedp.WaitVisible(css("#kto-bericht"))))
	h1, err = chromedp.Run(ctx, chromedp.Text(css("#kto-bericht")))
	must(t, err)
	if h1 != "Al ingevuld" {
		t.Fatalf("second visit: %q", h1)
	}

	// The beheerder enters reference values.
	must(t, chromedp.Do(ctx,
		chromedp.Navigate(base+"/beheer/kto"),
		chromedp.WaitVisible(css("#username")),
		chromedp.SendKeys(css("#username"), "beheerder"),
		chromedp.SendKeys(css("#password"), password),
		chromedp.Click(css(`form.loket-form button[type="submit"]`)),
		chromedp.WaitVisible(css(`#toevoegen`)),
	))
	checkAxe(t, ctx, axeSrc, "beheer kto leeg")
	save := css(`form[action="/beheer/kto"] button[type="submit"]`)
	must(t, chromedp.Do(ctx, chromedp.SetValue(css("#waarde"), "7,85"), chromedp.Click(save), chromedp.WaitVisible(css("#foutmelding"))))
	checkAxe(t, ctx, axeSrc, "beheer kto met fouten")
	must(t, chromedp.Do(ctx,
		chromedp.SetValue(css("#kanaal"), "balie"),
		chromedp.SetValue(css("#waarde"), "7,8"),
		chromedp.SetValue(css("#bron"), "Benchmark Publiekszaken, landelijk gemiddelde"),
		chromedp.Click(save),
		chromedp.WaitVisible(css(`#referenties + .loket-table-wrap table`)),
	))
	checkAxe(t, ctx, axeSrc, "beheer kto met waarde")

	// The manager reads the results (logging out the beheerder first).
	// (The saved-value notice is a role=status too: wait for the logout button to go.)
	must(t, chromedp.Do(ctx, chromedp.Click(css(`.loket-user__logout button`)), chromedp.WaitNotPresent(css(`.loket-user__logout`))))
	must(t, chromedp.Do(ctx,
		chromedp.Navigate(base+"/rapportage/kto"),
		chromedp.WaitVisible(css("#username")),
		chromedp.SendKeys(css("#username"), "manager"),
		chromedp.SendKeys(css("#password"), password),
		chromedp.Click(css(`form.loket-form button[type="submit"]`)),
		chromedp.WaitVisible(css(`#kto-alle`)),
	))
	text, err := chromedp.Run(ctx, chromedp.Text(css(`main`)))
	must(t, err)
	if !strings.Contains(text, "Vriendelijk geholpen.") || !strings.Contains(text, "7,8 (Benchmark Publiekszaken") {
		t.Errorf("results page lacks the response or the reference:\n%s", text)
	}
	checkAxe(t, ctx, axeSrc, "resultaten")
}
