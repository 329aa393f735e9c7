package web_test

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/db/dbtest"
	"github.com/gemeenten/loket/internal/zaak"
)

// TestBrowserBehandelen: in headless Chromium a behandelaar opens their
// werkvoorraad, requests missing documents (the clock stops, the letter is
// on the page), registers their arrival (the clock runs again), records a
// besluit and a resultaat and closes the zaak. axe-core checks every page
// on the way, and the beheerder's letter template page.
func TestBrowserBehandelen(t *testing.T) {
	chromium := chromiumPath(t)
	axeSrc, err := os.ReadFile("testdata/vendor/axe.min.js")
	if err != nil {
		t.Fatalf("axe-core: %v", err)
	}
	d := dbtest.New(t, db.SQLite)
	e := newBackEnv(t, d, 3)
	z := e.zaken[0]
	if _, err := e.zs.Assign(e.lead, []string{z.ID}, zaak.Assignment{TeamID: e.team.ID, BehandelaarID: e.users["bea"].ID}); err != nil {
		t.Fatal(err)
	}

	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromium),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("no-first-run", true),
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
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Text(css(sel)))
		must(t, err)
		return s
	}

	// Log in as the behandelaar; the werkvoorraad shows her zaak.
	must(t, chromedp.Do(ctx,
		chromedp.Navigate(base+"/behandelen"),
		chromedp.WaitVisible(css("#username")),
		chromedp.SendKeys(css("#username"), "bea"),
		chromedp.SendKeys(css("#password"), password),
		chromedp.Click(css(`form.loket-form button[type="submit"]`)),
		chromedp.WaitVisible(css(`#werkvoorraad`)),
	))
	checkAxe(t, ctx, string(axeSrc), "werkvoorraad")
	must(t, chromedp.Do(ctx,
		chromedp.Click(css(`#werkvoorraad tbody a`)),
		chromedp.WaitVisible(css(`#acties`)),
	))
	checkAxe(t, ctx, string(axeSrc), "behandelen zaak")
	before := text("#uiterste-datum")

	// A request without a term is refused with a message that links to the field.
	load(t, ctx, `#foutmelding`,
		chromedp.Click(css(`#actie-opvragen`)),
		chromedp.SendKeys(css(`#opvragen-reden`), "een tekening van de voorgevel"),
		chromedp.Click(css(`form[action$="/opvragen"] button[type="submit"]`)),
	)
	if !strings.Contains(text("#foutmelding"), "termijn") {
		t.Fatalf("error summary: %q", text("#foutmelding"))
	}
	checkAxe(t, ctx, string(axeSrc), "behandelen zaak met fout")
	load(t, ctx, `#wacht`,
		chromedp.SetValue(css(`#opvragen-termijn`), date.Of(today).AddDays(14).String()),
		chromedp.Click(css(`form[action$="/opvragen"] button[type="submit"]`)),
	)
	if got := text(`#brieven-tabel`); !strings.Contains(got, "Ontbrekende stukken") {
		t.Fatalf("letters after the request: %q", got)
	}
	suspended := text("#uiterste-datum")
	if suspended == before {
		t.Errorf("deadline did not move while waiting: %s", suspended)
	}

	// The documents arrive today: the clock runs again from today.
	load(t, ctx, `[role="status"]`,
		chromedp.SetValue(css(`#ontvangen-datum`), date.Of(today).String()),
		chromedp.Click(css(`form[action$="/ontvangen"] button[type="submit"]`)),
	)
	if n, err := chromedp.Run(ctx, chromedp.Nodes(chromedp.CSSAll(`#wacht`), chromedp.AtLeast(0))); err != nil || len(n) != 0 {
		t.Fatalf("still waiting after receipt (%v)", err)
	}
	if got := text(`#brieven-tabel`); !strings.Contains(got, "Aanvraag compleet") {
		t.Fatalf("no completeness letter: %q", got)
	}

	// Decide: besluit, resultaat, eindstatus.
	load(t, ctx, `[role="status"]`,
		chromedp.Click(css(`#actie-besluit`)),
		chromedp.SetValue(css(`#besluit-datum`), date.Of(today).String()),
		chromedp.SetValue(css(`#besluit-verzenddatum`), date.Of(today).String()),
		chromedp.SendKeys(css(`#besluit-toelichting`), "U krijgt de vergunning."),
		chromedp.Click(css(`form[action$="/besluit"] button[type="submit"]`)),
	)
	load(t, ctx, `[role="status"]`,
		chromedp.Click(css(`#actie-resultaat`)),
		chromedp.SetValue(css(`#resultaat-type`), resultaatID(t, e, "Verleend")),
		chromedp.Click(css(`form[action$="/resultaat"] button[type="submit"]`)),
	)
	load(t, ctx, `.loket-badge--closed`,
		chromedp.Click(css(`#actie-status`)),
		chromedp.SetValue(css(`#status-statustype`), mustZaakType(t, e).EindStatusType().ID),
		chromedp.Click(css(`form[action$="/status"] button[type="submit"]`)),
	)
	if got := text(`[role="status"]`); !strings.Contains(got, "afgesloten") {
		t.Errorf("notice after closing: %q", got)
	}
	if got := text(`#brieven-tabel`); !strings.Contains(got, "Besluit") {
		t.Errorf("no besluit letter: %q", got)
	}
	checkAxe(t, ctx, string(axeSrc), "afgesloten zaak")
	got, err := e.zs.Get(e.ctx, z.ID)
	must(t, err)
	if !got.IsClosed() || len(got.Opschortingen) != 1 || got.Opschortingen[0].HervatOp.IsZero() {
		t.Fatalf("zaak after the browser run: closed %v, opschortingen %+v", got.IsClosed(), got.Opschortingen)
	}

	// The beheerder's letter pages. A fresh browser identity instead of
	// clicking 'Uitloggen' and navigating while its redirect may still be
	// loading (which aborts it: net::ERR_ABORTED); logout is tested elsewhere.
	_, err = chromedp.Call(ctx, network.ClearBrowserCookies, cdp.Empty{})
	must(t, err)
	must(t, chromedp.Do(ctx,
		chromedp.Navigate(base+"/beheer/brieven"),
		chromedp.WaitVisible(css("#username")),
		chromedp.SendKeys(css("#username"), "beheerder"),
		chromedp.SendKeys(css("#password"), password),
		chromedp.Click(css(`form.loket-form button[type="submit"]`)),
		chromedp.WaitVisible(css(`#sjablonen`)),
	))
	checkAxe(t, ctx, string(axeSrc), "beheer brieven")
	must(t, chromedp.Do(ctx,
		chromedp.Click(css(`#sjablonen tbody a`)),
		chromedp.WaitVisible(css(`#score`)),
	))
	checkAxe(t, ctx, string(axeSrc), "briefsjabloon")
}

func resultaatID(t *testing.T, e *backEnv, omschrijving string) string {
	t.Helper()
	for _, rt := range mustZaakType(t, e).ResultaatTypen {
		if rt.Omschrijving == omschrijving {
			return rt.ID
		}
	}
	t.Fatalf("no resultaattype %s", omschrijving)
	return ""
}
