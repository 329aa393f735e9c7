package web_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// browseBeheer walks the beheer pages and the termijn calculator as a
// beheerder in a real browser, without JavaScript help from the pages, and
// runs axe-core on each, also with error summaries showing. TestBrowser
// calls it after logging out.
func browseBeheer(t *testing.T, ctx context.Context, e *env, axeSrc string) {
	t.Helper()
	e2 := e.withJobs(t, 3)
	base := e2.srv.URL
	css := func(s string) chromedp.CSS { return chromedp.CSS(s) }
	submit := func(form string) chromedp.Action[chromedp.Void] {
		return chromedp.Click(css(form + ` button[type="submit"]`))
	}

	// Anonymous /beheer → login → back on /beheer.
	must(t, chromedp.Do(ctx,
		chromedp.Navigate(base+"/beheer"),
		chromedp.WaitVisible(css("#username")),
		chromedp.SendKeys(css("#username"), "beheerder"),
		chromedp.SendKeys(css("#password"), password),
		chromedp.Click(css(`form.loket-form button[type="submit"]`)),
		chromedp.WaitVisible(css(`.loket-sections`)),
	))
	checkAxe(t, ctx, axeSrc, "beheer")

	must(t, chromedp.Do(ctx, chromedp.Click(css(`.loket-sections a[href="/beheer/medewerkers"]`)), chromedp.WaitVisible(css(`#medewerkers-tabel`))))
	checkAxe(t, ctx, axeSrc, "medewerkers")

	// New user: first empty (error summary), then right.
	must(t, chromedp.Do(ctx, chromedp.Click(css(`#nieuwe-medewerker`)), chromedp.WaitVisible(css(`#username`)),
		submit(`form[action="/beheer/medewerkers/nieuw"]`), chromedp.WaitVisible(css(`#foutmelding`))))
	checkAxe(t, ctx, axeSrc, "nieuwe medewerker met fouten")
	// The summary links move the focus to the field.
	must(t, chromedp.Do(ctx, chromedp.Click(css(`#foutmelding a[href="#naam"]`))))
	focused, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement.id`))
	must(t, err)
	if focused != "naam" {
		t.Errorf("error summary link focuses %q, want naam", focused)
	}
	must(t, chromedp.Do(ctx,
		chromedp.SendKeys(css("#username"), "k.klaassen"),
		chromedp.SendKeys(css("#naam"), "Kees Klaassen"),
		chromedp.SendKeys(css("#password"), "een-heel-lang-wachtwoord"),
		chromedp.Click(css(`#rol-behandelaar`)),
		submit(`form[action="/beheer/medewerkers/nieuw"]`),
		chromedp.WaitVisible(css(`#deactiveren`)),
	))
	notice, err := chromedp.Run(ctx, chromedp.Text(css(`[role="status"]`)))
	must(t, err)
	if !strings.Contains(notice, "De medewerker is aangemaakt") {
		t.Errorf("after creating a user: %q", notice)
	}
	checkAxe(t, ctx, axeSrc, "medewerker")

	// Teams: a bad form, then the list.
	must(t, chromedp.Do(ctx, chromedp.Navigate(base+"/beheer/teams"), chromedp.WaitVisible(css(`#code`)),
		chromedp.SendKeys(css("#code"), "met spatie"), submit(`form[action="/beheer/teams"]`), chromedp.WaitVisible(css(`#foutmelding`))))
	checkAxe(t, ctx, axeSrc, "teams met fouten")

	// Kalender: a closing day through the form (the date input gets its
	// value set directly: typing into it depends on the browser's locale).
	must(t, chromedp.Do(ctx, chromedp.Navigate(base+"/beheer/kalender?jaar=2026"), chromedp.WaitVisible(css(`#feestdagen-tabel`)),
		chromedp.SetValue(css("#datum"), "2026-12-24"),
		chromedp.Click(css("#soort-gesloten")),
		chromedp.SendKeys(css("#omschrijving"), "Kerstavond"),
		submit(`form[method="post"][action="/beheer/kalender"]`),
		chromedp.WaitVisible(css(`#eigen-dagen-tabel`)),
	))
	checkAxe(t, ctx, axeSrc, "kalender")
	if shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)); err == nil {
		_ = os.WriteFile(filepath.Join(os.TempDir(), "loket-kalender.png"), shot, 0o644)
	}
	must(t, chromedp.Do(ctx, chromedp.SetValue(css("#datum"), "2026-12-25"), chromedp.Click(css("#soort-gesloten")),
		submit(`form[method="post"][action="/beheer/kalender"]`), chromedp.WaitVisible(css(`#foutmelding`))))
	checkAxe(t, ctx, axeSrc, "kalender met fouten")

	must(t, chromedp.Do(ctx, chromedp.Navigate(base+"/beheer/taken"), chromedp.WaitVisible(css(`#taken-tabel`))))
	checkAxe(t, ctx, axeSrc, "achtergrondtaken")

	// The deadline calculator: a result, then errors.
	must(t, chromedp.Do(ctx, chromedp.Navigate(base+"/termijn"), chromedp.WaitVisible(css(`#termijn`)),
		chromedp.SetValue(css("#ontvangst"), "2026-03-20"),
		chromedp.SetValue(css("#termijn"), "8 weken"),
		submit(`form[action="/termijn"]`),
		chromedp.WaitVisible(css(`#einddatum`)),
	))
	end, err := chromedp.Run(ctx, chromedp.Text(css(`#einddatum`)))
	must(t, err)
	// 8 weeks end on Friday 15 May 2026, a day equated to a feestdag: Atw art. 1 moves it to Monday.
	if end != "18 mei 2026" {
		t.Errorf("calculator shows %q, want 18 mei 2026", end)
	}
	checkAxe(t, ctx, axeSrc, "termijn")
	must(t, chromedp.Do(ctx, chromedp.SetValue(css("#termijn"), "acht weken"), submit(`form[action="/termijn"]`),
		chromedp.WaitVisible(css(`#foutmelding`))))
	checkAxe(t, ctx, axeSrc, "termijn met fouten")

	load(t, ctx, `[role="status"]`, chromedp.Click(css(`.loket-user__logout button`)))
}
