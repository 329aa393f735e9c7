package web_test

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/db/dbtest"
)

// chromiumPath finds Chromium. Without it the browser tests skip on a
// developer machine but fail in CI (CI=true), which installs it.
func chromiumPath(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("LOKET_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("Chromium is not installed (apt-get install -y chromium); CI runs the browser tests")
	}
	t.Skip("Chromium is not installed; skipping the browser tests (install with: apt-get install -y chromium)")
	return ""
}

type axeViolation struct {
	ID     string   `json:"id"`
	Impact string   `json:"impact"`
	Help   string   `json:"help"`
	Tags   []string `json:"tags"`
	Nodes  []struct {
		Target []any  `json:"target"`
		HTML   string `json:"html"`
	} `json:"nodes"`
}

// checkAxe runs axe-core (the vendored file, injected through DevTools so the
// page's CSP stays strict) for WCAG 2.0/2.1 A and AA and fails on any violation.
func checkAxe(t *testing.T, ctx context.Context, axeSrc, what string) {
	t.Helper()
	loaded, err := chromedp.Run(ctx, chromedp.Evaluate[bool](axeSrc+";\ntypeof axe === 'object'"))
	if err != nil || !loaded {
		t.Fatalf("%s: inject axe-core: %v", what, err)
	}
	script := `axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})
		.then(r => JSON.stringify({v: r.violations, passes: r.passes.length}))`
	out, err := chromedp.Run(ctx, chromedp.Evaluate[string](script, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("%s: axe.run: %v", what, err)
	}
	var res struct {
		V      []axeViolation `json:"v"`
		Passes int            `json:"passes"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("%s: axe result: %v", what, err)
	}
	if res.Passes == 0 {
		t.Fatalf("%s: axe checked nothing", what)
	}
	for _, v := range res.V {
		var nodes []string
		for _, n := range v.Nodes {
			nodes = append(nodes, n.HTML)
		}
		t.Errorf("%s: WCAG violation %s (%s): %s\n  %s", what, v.ID, v.Impact, v.Help, strings.Join(nodes, "\n  "))
	}
	t.Logf("%s: axe-core passed %d WCAG 2.1 A/AA rules, %d violations", what, res.Passes, len(res.V))
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestBrowser(t *testing.T) {
	chromium := chromiumPath(t)
	axeSrc, err := os.ReadFile("testdata/vendor/axe.min.js")
	if err != nil {
		t.Fatalf("axe-core: %v (run scripts/vendor-frontend.sh)", err)
	}
	d := dbtest.New(t, db.SQLite)
	e := newEnv(t, d, 30)

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

	// Collect CSP violations and script errors: the strict CSP must not
	// block anything our own pages need.
	var mu sync.Mutex
	var problems []string
	must(t, chromedp.Listen(ctx, func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch ev := ev.(type) {
		case *log.EventEntryAdded:
			if ev.Entry.Level == log.EntryLevelError {
				problems = append(problems, ev.Entry.Text)
			}
		case *runtime.EventExceptionThrown:
			problems = append(problems, ev.ExceptionDetails.Text)
		}
	}))
	_, err = chromedp.Call(ctx, log.Enable, cdp.Empty{})
	must(t, err)

	base := e.srv.URL
	css := func(s string) chromedp.CSS { return chromedp.CSS(s) }

	// The homepage.
	must(t, chromedp.Do(ctx, chromedp.Navigate(base+"/"), chromedp.WaitVisible(css("h1"))))
	checkAxe(t, ctx, string(axeSrc), "homepage")

	// Anonymous visit to /zaken ends on the login form.
	must(t, chromedp.Do(ctx, chromedp.Navigate(base+"/zaken"), chromedp.WaitVisible(css("#username"))))
	loc, err := chromedp.Run(ctx, chromedp.Location())
	must(t, err)
	if !strings.HasSuffix(loc, "/login?next=%2Fzaken") {
		t.Fatalf("anonymous /zaken landed on %s", loc)
	}
	checkAxe(t, ctx, string(axeSrc), "login")

	// The skip link is the first thing the keyboard reaches.
	must(t, chromedp.Do(ctx, chromedp.KeyEvent("\t")))
	focused, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement.textContent.trim()`))
	must(t, err)
	if focused != "Direct naar de inhoud" {
		t.Errorf("first Tab focuses %q, want the skip link", focused)
	}

	// A wrong password shows the error.
	must(t, chromedp.Do(ctx,
		chromedp.SendKeys(css("#username"), "kcc"),
		chromedp.SendKeys(css("#password"), "fout-wachtwoord"),
		chromedp.Click(css(`form.loket-form button[type="submit"]`)),
		chromedp.WaitVisible(css(`#foutmelding`)),
	))
	alert, err := chromedp.Run(ctx, chromedp.Text(css(`#foutmelding`)))
	must(t, err)
	if !strings.Contains(alert, "Onbekende combinatie") {
		t.Fatalf("login error shows %q", alert)
	}
	checkAxe(t, ctx, string(axeSrc), "login with error")

	// The right one logs in and lands on the zaken list.
	must(t, chromedp.Do(ctx,
		chromedp.SendKeys(css("#password"), password),
		chromedp.Click(css(`form.loket-form button[type="submit"]`)),
		chromedp.WaitVisible(css(`#zaken-tabel`)),
	))
	loc, err = chromedp.Run(ctx, chromedp.Location())
	must(t, err)
	rows, err := chromedp.Run(ctx, chromedp.Nodes(chromedp.CSSAll(`#zaken-tabel tbody tr`)))
	must(t, err)
	if !strings.HasSuffix(loc, "/zaken") || len(rows) != 25 {
		t.Fatalf("after login: %s with %d rows", loc, len(rows))
	}
	checkAxe(t, ctx, string(axeSrc), "zaken")
	if shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)); err == nil {
		_ = os.WriteFile(filepath.Join(os.TempDir(), "loket-zaken.png"), shot, 0o644)
	}

	// Search is a plain GET form.
	must(t, chromedp.Do(ctx,
		chromedp.SendKeys(css("#q"), "koningsdag"),
		chromedp.Click(css(`.loket-search button[type="submit"]`)),
		chromedp.WaitVisible(css(`#wis-zoekopdracht`)), // only on the results of a search
	))
	rows, err = chromedp.Run(ctx, chromedp.Nodes(chromedp.CSSAll(`#zaken-tabel tbody tr`)))
	must(t, err)
	if len(rows) != 1 {
		t.Fatalf("search found %d rows", len(rows))
	}

	// Open the zaak.
	must(t, chromedp.Do(ctx,
		chromedp.Click(css(`#zaken-tabel tbody a`)),
		chromedp.WaitVisible(css(`#termijn`)),
	))
	h1, err := chromedp.Run(ctx, chromedp.Text(css(`h1`)))
	must(t, err)
	if h1 != "Zaak "+e.zaken[7].Identificatie {
		t.Fatalf("zaak page heading %q", h1)
	}
	shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	must(t, err)
	if err := os.WriteFile(filepath.Join(os.TempDir(), "loket-zaak.png"), shot, 0o644); err != nil {
		t.Logf("screenshot not written: %v", err)
	}
	checkAxe(t, ctx, string(axeSrc), "zaak")

	// A page that does not exist, then logging out through the header button.
	must(t, chromedp.Do(ctx,
		chromedp.Navigate(base+"/zaken/00000000-0000-0000-0000-000000000000"),
		chromedp.WaitVisible(css(`h1`)),
	))
	checkAxe(t, ctx, string(axeSrc), "404")
	load(t, ctx, `[role="status"]`, chromedp.Click(css(`.loket-user__logout button`)))
	notice, err := chromedp.Run(ctx, chromedp.Text(css(`[role="status"]`)))
	must(t, err)
	if !strings.Contains(notice, "U bent uitgelogd") {
		t.Fatalf("after logout: %q", notice)
	}

	browseBeheer(t, ctx, e, string(axeSrc))

	mu.Lock()
	defer mu.Unlock()
	for _, p := range problems {
		// The 404 page, the failed login and forms with errors answer with an error status on purpose.
		if strings.Contains(p, "404") || strings.Contains(p, "401") || strings.Contains(p, "400") {
			continue
		}
		t.Errorf("browser reported: %s", p)
	}
}

// load runs steps that make the browser load a new page (a click on a submit
// button or a link, Enter in a form), waits until that page has loaded and
// then until sel is visible on it. Waiting for sel alone can be satisfied by
// the page being left, such as the notice of the previous step, and the next
// action then works on nodes that are about to disappear ("No node with given
// id found", or a click that never lands).
func load(t *testing.T, ctx context.Context, sel string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if _, err := chromedp.RunResponse(ctx, steps...); err != nil {
		t.Fatal(err)
	}
	must(t, chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS(sel))))
}
