package web_test

import (
	"context"
	"database/sql"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/db/dbtest"
	"github.com/gemeenten/loket/internal/event"
	"github.com/gemeenten/loket/internal/jobs"
	"github.com/gemeenten/loket/internal/notificaties"
	"github.com/gemeenten/loket/internal/web"
)

// TestBeheerNotificatiesBrowser walks /beheer/notificaties in a real
// browser — empty, a form with errors, an abonnement, a failed attempt —
// and runs axe-core on every state.
func TestBeheerNotificatiesBrowser(t *testing.T) {
	chromium := chromiumPath(t)
	axeBytes, err := os.ReadFile("testdata/vendor/axe.min.js")
	if err != nil {
		t.Fatalf("axe-core: %v (run scripts/vendor-frontend.sh)", err)
	}
	axeSrc := string(axeBytes)
	d := dbtest.New(t, db.SQLite)
	q, err := jobs.New(d, nil, jobs.Config{PollInterval: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	ns := notificaties.New(d, "https://loket.example.nl", q)
	ns.Backoff = func(int) time.Duration { return time.Hour }
	e := newEnvWith(t, d, 0, func(_ *env, deps *web.Deps) { deps.Notify = web.NotifyDeps{Service: ns} })
	sub := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusBadGateway) }))
	defer sub.Close()

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
		chromedp.Navigate(base+"/beheer/notificaties"),
		chromedp.WaitVisible(css("#username")),
		chromedp.SendKeys(css("#username"), "beheerder"),
		chromedp.SendKeys(css("#password"), password),
		chromedp.Click(css(`form.loket-form button[type="submit"]`)),
		chromedp.WaitVisible(css(`#kanalen-tabel`)),
	))
	checkAxe(t, ctx, axeSrc, "notificaties leeg")

	create := css(`form[action="/beheer/notificaties/abonnementen"] button[type="submit"]`)
	must(t, chromedp.Do(ctx, chromedp.SendKeys(css("#callbackUrl"), "geen url"), chromedp.Click(create), chromedp.WaitVisible(css(`#foutmelding`))))
	checkAxe(t, ctx, axeSrc, "abonnement met fouten")

	must(t, chromedp.Do(ctx,
		chromedp.SetValue(css("#callbackUrl"), sub.URL+"/notificaties"),
		chromedp.SendKeys(css("#auth"), "Bearer geheim"),
		chromedp.SetValue(css("#kanaal"), "zaken"),
		chromedp.SendKeys(css("#filters"), "bronorganisatie = 002220647"),
		chromedp.Click(create),
		chromedp.WaitVisible(css(`#abonnementen-tabel`)),
	))
	checkAxe(t, ctx, axeSrc, "abonnement aangemaakt")

	ns.Register(q)
	if err := q.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer func() {
		stop, c := context.WithTimeout(context.Background(), 30*time.Second)
		defer c()
		q.Stop(stop)
	}()
	if err := d.Tx(context.Background(), func(tx *sql.Tx) error {
		return ns.Emit(context.Background(), tx, event.Change{Kanaal: "zaken", Resource: "zaak", ResourceID: "3b8f0c9e-0d55-4c61-a3c1-4d1b4a0e9f11",
			Actie: event.Create, Kenmerken: map[string]string{"bronorganisatie": "002220647"}})
	}); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(90 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if af, _ := ns.Afleveringen(context.Background(), true, 1); len(af) == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("no failed attempt")
		}
	}
	must(t, chromedp.Do(ctx, chromedp.Navigate(base+"/beheer/notificaties?alleen=mislukt"), chromedp.WaitVisible(css(`#afleveringen-tabel`))))
	checkAxe(t, ctx, axeSrc, "mislukte verzendpoging")
}
