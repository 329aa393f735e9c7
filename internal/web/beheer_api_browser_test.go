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
	"github.com/gemeenten/loket/internal/web"
	"github.com/gemeenten/loket/internal/zgw"
)

// TestBeheerAPIBrowser walks /beheer/api-clients in a real browser: create
// a client (with an error first), see the secret once, add autorisaties
// (with an error first), and runs axe-core on every state.
func TestBeheerAPIBrowser(t *testing.T) {
	chromium := chromiumPath(t)
	axeBytes, err := os.ReadFile("testdata/vendor/axe.min.js")
	if err != nil {
		t.Fatalf("axe-core: %v (run scripts/vendor-frontend.sh)", err)
	}
	axeSrc := string(axeBytes)
	d := dbtest.New(t, db.SQLite)
	e := newEnvWith(t, d, 0, func(_ *env, deps *web.Deps) {
		deps.API = web.APIDeps{Store: &zgw.Store{DB: d}}
	})
	actx, cancelA := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(chromium), chromedp.Flag("headless", true), chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true), chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1280, 900))
	defer cancelA()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, cancelT := context.WithTimeout(ctx, 10*time.Minute)
	defer cancelT()

	base := e.srv.URL
	css := func(s string) chromedp.CSS { return chromedp.CSS(s) }
	must(t, chromedp.Do(ctx,
		chromedp.Navigate(base+"/beheer/api-clients"),
		chromedp.WaitVisible(css("#username")),
		chromedp.SendKeys(css("#username"), "beheerder"),
		chromedp.SendKeys(css("#password"), password),
		chromedp.Click(css(`form.loket-form button[type="submit"]`)),
		chromedp.WaitVisible(css(`#clientId`)),
	))
	checkAxe(t, ctx, axeSrc, "api-clients leeg")

	create := css(`form[action="/beheer/api-clients"] button[type="submit"]`)
	must(t, chromedp.Do(ctx, chromedp.SendKeys(css("#clientId"), "met spatie"), chromedp.Click(create), chromedp.WaitVisible(css(`#foutmelding`))))
	checkAxe(t, ctx, axeSrc, "api-client met fout")

	must(t, chromedp.Do(ctx,
		chromedp.SetValue(css("#clientId"), "formulieren"),
		chromedp.SendKeys(css("#label"), "Open Formulieren"),
		chromedp.Click(create),
		chromedp.WaitVisible(css(`#secret-getoond`)),
	))
	secret, err := chromedp.Run(ctx, chromedp.Value(css("#secret")))
	must(t, err)
	if len(secret) < 32 {
		t.Errorf("secret %q", secret)
	}
	checkAxe(t, ctx, axeSrc, "api-client aangemaakt")

	must(t, chromedp.Do(ctx, chromedp.Click(css(`#secret-getoond a`)), chromedp.WaitVisible(css(`#verwijderen`))))
	checkAxe(t, ctx, axeSrc, "api-client zonder rechten")

	add := css(`form[action$="/autorisaties"] button[type="submit"]`)
	must(t, chromedp.Do(ctx, chromedp.Click(css(`#scope-zrc-zaken-lezen`)), chromedp.Click(add), chromedp.WaitVisible(css(`#foutmelding`))))
	checkAxe(t, ctx, axeSrc, "autorisatie met fouten")

	must(t, chromedp.Do(ctx,
		chromedp.SendKeys(css("#type"), "https://loket.example/catalogi/api/v1/zaaktypen/6a2c0b10-4a43-4c83-9e34-0e2e2cb1d4a1"),
		chromedp.SetValue(css("#max"), "intern"),
		chromedp.Click(add),
		chromedp.WaitVisible(css(`#autorisaties-tabel`)),
	))
	notice, err := chromedp.Run(ctx, chromedp.Text(css(`[role="status"]`)))
	must(t, err)
	if !strings.Contains(notice, "De autorisatie is toegevoegd") {
		t.Errorf("after adding: %q", notice)
	}
	checkAxe(t, ctx, axeSrc, "api-client met autorisatie")

	must(t, chromedp.Do(ctx, chromedp.Click(css(`#nieuw-secret`)), chromedp.WaitVisible(css(`#secret-getoond`))))
	again, err := chromedp.Run(ctx, chromedp.Value(css("#secret")))
	must(t, err)
	if again == secret || len(again) < 32 {
		t.Errorf("new secret %q", again)
	}
	checkAxe(t, ctx, axeSrc, "nieuw secret")
	if shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)); err == nil {
		_ = os.WriteFile(filepath.Join(os.TempDir(), "loket-api-client.png"), shot, 0o644)
	}
}
