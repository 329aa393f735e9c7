package web_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gemeenten/loket/internal/audit"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/db/dbtest"
	"github.com/gemeenten/loket/internal/kennis"
	"github.com/gemeenten/loket/internal/klant"
	"github.com/gemeenten/loket/internal/web"
)

func TestPublicProductPagesShowTheKnowledgeBaseText(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		var ks *kennis.Service
		e := newEnvWith(t, d, 0, func(e *env, deps *web.Deps) {
			ks = kennis.New(d)
			ks.Now = func() time.Time { return today }
			deps.Public = web.PublicDeps{Kennis: ks}
			deps.KCC = web.KCCDeps{Kennis: ks, Klant: klant.New(d)}
		})
		ctx := audit.WithActor(e.ctx, audit.Actor{Kind: "medewerker", ID: "b1", Name: "Bea Beheer", Roles: []string{"beheerder"}})
		in := kennis.Input{Titel: "Dakkapel plaatsen", Samenvatting: "Voor een dakkapel aan de voorkant heeft u een omgevingsvergunning nodig.",
			WatIsHet: "Een dakkapel is een uitbouw op een schuin dak.", Kosten: "De leges zijn € 250,00.",
			ZaakTypen: []string{"OMGEVINGSVERGUNNING"}, Kanalen: []string{"webformulier"}}
		art, err := ks.Create(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		b := e.browser()
		// A concept is not public.
		if pg := b.get("/producten/" + art.Slug); pg.code != http.StatusNotFound {
			t.Fatalf("concept article: %d", pg.code)
		}
		if _, err := ks.Publish(ctx, art.Laatste.ID); err != nil {
			t.Fatal(err)
		}
		home := b.get("/")
		if home.code != 200 || !strings.Contains(home.body, `href="/producten/`+art.Slug+`"`) {
			t.Fatalf("home lacks the top task:\n%s", home.body)
		}
		pg := b.get("/producten/" + art.Slug)
		for _, want := range []string{"Dakkapel plaatsen", in.Samenvatting, in.Kosten, in.WatIsHet} {
			if !strings.Contains(pg.body, want) {
				t.Errorf("product page lacks %q", want)
			}
		}
		// The KCC sees the very same text.
		kcc := e.browser()
		kcc.login("kcc", password, "/")
		if kp := kcc.get("/kcc/kennis/" + art.Slug); kp.code != 200 || !strings.Contains(kp.body, in.Samenvatting) || !strings.Contains(kp.body, in.Kosten) {
			t.Errorf("the KCC article differs: %d", kp.code)
		}
		res := b.get("/zoeken?q=dakkapell")
		if res.code != 200 || !strings.Contains(res.body, `href="/producten/`+art.Slug+`"`) || !strings.Contains(res.body, "<mark>") {
			t.Fatalf("search with a typo:\n%s", res.body)
		}
		if az := b.get("/producten"); !strings.Contains(az.body, "Dakkapel plaatsen") {
			t.Fatal("A-Z list lacks the product")
		}
		if pg := b.get("/producten/bestaat-niet"); pg.code != http.StatusNotFound {
			t.Fatalf("unknown product: %d", pg.code)
		}
	})
}
