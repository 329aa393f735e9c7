package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/gemeenten/loket/internal/besluit"
	"github.com/gemeenten/loket/internal/brief"
	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/db/dbtest"
)

// A behandelaar links a bezwaarschrift to the contested besluit on the
// handling page: the zaak's legal deadline becomes the Awb 7:10 term, the
// page shows it, and the ontvangstbevestiging made after the link tells the
// customer that date — not the zaaktype's eight weeks from receipt.
func TestBezwaarDeadlineOnPageAndLetter(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newBackEnv(t, d, 2)
		bz, other := e.zaken[0], e.zaken[1] // received today, 20 March 2026
		// Sent 19 March: the objection term ends Thursday 30 April.
		b, err := e.bs.Create(e.ctx, besluit.CreateInput{VerantwoordelijkeOrganisatie: rsinGemeente, BesluittypeID: e.besluitTypeID,
			ZaakID: other.ID, Datum: date.MustParse("2026-03-19"), Ingangsdatum: date.MustParse("2026-03-19"),
			Verzenddatum: date.MustParse("2026-03-19")})
		if err != nil {
			t.Fatal(err)
		}
		if bz.UiterlijkeEinddatumAfdoening != date.MustParse("2026-05-18") { // 15 May 2026 is equated to a feestdag
			t.Fatalf("before the link: %s, want 8 weeks from receipt", bz.UiterlijkeEinddatumAfdoening)
		}
		bea := e.browser()
		bea.login("bea", password, "")
		path := "/behandelen/zaken/" + bz.ID
		p := bea.get(path)
		r := bea.send(path+"/bezwaar", p, url.Values{"bezwaar-besluit": {b.ID}, "bezwaar-datum": {"2026-03-20"}})
		if r.code != http.StatusSeeOther {
			t.Fatalf("bezwaar: %d\n%s", r.code, r.body)
		}
		// 30 April + 6 weeks = Thursday 11 June 2026.
		got, err := e.zs.Get(e.ctx, bz.ID)
		if err != nil || got.UiterlijkeEinddatumAfdoening != date.MustParse("2026-06-11") {
			t.Fatalf("deadline %s (%v), want 2026-06-11", got.UiterlijkeEinddatumAfdoening, err)
		}
		if p := bea.get(path); p.code != 200 || !strings.Contains(p.body, "11 juni 2026") {
			t.Fatalf("page does not show the 7:10 deadline: %d", p.code)
		}
		letters, err := e.brieven.ListForZaak(e.ctx, bz.ID)
		if err != nil {
			t.Fatal(err)
		}
		var ontvangst *brief.Brief
		for i := range letters {
			if letters[i].Gebeurtenis == brief.Ontvangstbevestiging {
				ontvangst = &letters[i]
			}
		}
		if ontvangst == nil || !strings.Contains(ontvangst.Inhoud, "11 juni 2026") || strings.Contains(ontvangst.Inhoud, "18 mei 2026") {
			t.Fatalf("ontvangstbevestiging %+v", ontvangst)
		}

		// Verdaging on the page: 7 weeks is more than Awb 7:10 lid 3 allows.
		p = bea.get(path)
		if !strings.Contains(p.body, "7:10 lid 3") {
			t.Fatalf("the verdaging form does not explain the bezwaar rule:\n%s", p.body)
		}
		r = bea.send(path+"/verlengen", p, url.Values{"verlengen-weken": {"7"}, "verlengen-reden": {"advies commissie"}})
		if r.code != http.StatusBadRequest || !strings.Contains(r.body, `href="#verlengen-weken"`) {
			t.Fatalf("7 weeks: %d", r.code)
		}
		r = bea.send(path+"/verlengen", p, url.Values{"verlengen-weken": {"6"}, "verlengen-reden": {"advies commissie"}})
		if r.code != http.StatusSeeOther {
			t.Fatalf("verdaging: %d\n%s", r.code, r.body)
		}
		// Further delay asks for the consent.
		p = bea.get(path)
		if !strings.Contains(p.body, `id="verlengen-instemming"`) {
			t.Fatalf("no consent field after the verdaging")
		}
		r = bea.send(path+"/verlengen", p, url.Values{"verlengen-weken": {"2"}, "verlengen-reden": {"hoorzitting verzet"}})
		if r.code != http.StatusBadRequest || !strings.Contains(r.body, `href="#verlengen-instemming"`) {
			t.Fatalf("without consent: %d", r.code)
		}
		r = bea.send(path+"/verlengen", p, url.Values{"verlengen-weken": {"2"}, "verlengen-reden": {"hoorzitting verzet"},
			"verlengen-instemming": {"indiener, 10 juni 2026, per e-mail"}})
		if r.code != http.StatusSeeOther {
			t.Fatalf("with consent: %d\n%s", r.code, r.body)
		}
		// 11 June + 6 weeks verdaging + 2 weeks uitstel = Thursday 6 August.
		if got, _ := e.zs.Get(e.ctx, bz.ID); got.UiterlijkeEinddatumAfdoening != date.MustParse("2026-08-06") || len(got.Verlengingen) != 2 {
			t.Fatalf("after verdaging and uitstel: %s, %d verlengingen", got.UiterlijkeEinddatumAfdoening, len(got.Verlengingen))
		}
	})
}
