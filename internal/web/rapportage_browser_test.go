package web_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/db/dbtest"
)

// TestRapportageBrowser opens the dashboard, a form with errors, a
// drill-down list, the council reports page and a stored council report
// (the HTML the council reads) in headless Chromium: axe-core must find no
// WCAG 2.1 A/AA violation, the pages must cause no CSP or script error,
// and the print layout must leave out navigation and forms.
func TestRapportageBrowser(t *testing.T) {
	c := startChrome(t, 10*time.Minute)
	d := dbtest.New(t, db.SQLite)
	e := newReportEnv(t, d)
	base := e.srv.URL
	css := func(s string) chromedp.CSS { return chromedp.CSS(s) }

	c.do(
		chromedp.Navigate(base+"/rapportage?"+q1),
		chromedp.WaitVisible(css("#username")),
		chromedp.SendKeys(css("#username"), "manager"),
		chromedp.SendKeys(css("#password"), password),
		chromedp.Click(css(`form.loket-form button[type="submit"]`)),
		chromedp.WaitVisible(css("#kcc")),
	)
	c.axeCheck("rapportage dashboard")
	if n := c.eval(`String(document.querySelectorAll('svg[role="img"] > title').length)`); n == "0" {
		t.Error("the dashboard has no charts with a title")
	}

	// Printing leaves out the header, navigation, filters and export links.
	_, err := chromedp.Call(c.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
	must(t, err)
	for _, sel := range []string{".loket-nav", ".loket-rapportage-filters", ".loket-rapportage-export", ".loket-footer"} {
		if got := c.eval(`getComputedStyle(document.querySelector('` + sel + `')).display`); got != "none" {
			t.Errorf("print: %s is shown (%s)", sel, got)
		}
	}
	if got := c.eval(`getComputedStyle(document.querySelector('.loket-chart')).display`); got == "none" {
		t.Error("print: the charts are hidden")
	}
	_, err = chromedp.Call(c.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: ""})
	must(t, err)

	c.open(base, "/rapportage?periode=kwartaal&jaar=twintig&kwartaal=1", "#foutmelding", "rapportage with an error")
	if !strings.Contains(c.eval(`document.querySelector('#foutmelding').innerText`), "jaartal") {
		t.Error("the error summary does not name the field")
	}
	c.open(base, "/rapportage/contacten?cijfer=contacten&van=2026-01-01&tot=2026-03-31", "#lijst", "rapportage drill-down")

	c.open(base, "/rapportage/raad", "#maak-rapportage", "raadsrapportages")
	c.do(chromedp.Click(css("#maak-rapportage")), chromedp.WaitVisible(css("#raadsrapportages")))
	c.axeCheck("raadsrapportages with one report")
	href := c.eval(`document.querySelector('#raadsrapportages a[href$=".html"]').getAttribute('href')`)
	c.open(base, href, "h1", "raadsrapportage HTML")
	if got := c.eval(`document.documentElement.lang`); got != "nl" {
		t.Errorf("council report language %q", got)
	}
	c.checkProblems()
}
