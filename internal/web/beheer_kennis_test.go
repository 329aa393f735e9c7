package web_test

import (
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gemeenten/loket/internal/auth"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/db/dbtest"
	"github.com/gemeenten/loket/internal/kennis"
	"github.com/gemeenten/loket/internal/klant"
	"github.com/gemeenten/loket/internal/server"
	"github.com/gemeenten/loket/internal/web"
)

// kccEnv is the page environment with the KCC workbench and the knowledge
// base wired in.
type kccEnv struct {
	*env
	ks *kennis.Service
	kl *klant.Service
}

func newKCCEnv(t *testing.T, d *db.DB, n int) *kccEnv {
	t.Helper()
	e := newEnv(t, d, n)
	ks := kennis.New(d)
	ks.Now = func() time.Time { return today }
	kl := klant.New(d)
	kl.Now = func() time.Time { return today }
	log := slog.New(slog.DiscardHandler)
	h, err := web.New(web.Deps{DB: d, Log: log, Auth: e.auth, Zaken: e.zs, Besluiten: e.bs, Now: func() time.Time { return today },
		Config: web.Config{Demo: true}, KCC: web.KCCDeps{Kennis: ks, Klant: kl}})
	if err != nil {
		t.Fatal(err)
	}
	e.srv.Close()
	e.srv = httptest.NewServer(server.Observe(log, server.SecurityHeaders(false, h)))
	t.Cleanup(e.srv.Close)
	return &kccEnv{env: e, ks: ks, kl: kl}
}

var locationID = regexp.MustCompile(`^/beheer/kennis/([0-9a-f-]{36})\?`)

func TestBeheerKennis(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newKCCEnv(t, d, 0)

		// Only a beheerder.
		k := e.browser()
		k.login("kcc", password, "")
		for _, p := range []string{"/beheer/kennis", "/beheer/kennis/nieuw", "/beheer/kennis/synoniemen"} {
			if pg := k.get(p); pg.code != http.StatusForbidden {
				t.Fatalf("kcc on %s: %d", p, pg.code)
			}
		}
		if pg := k.post("/kcc", "/beheer/kennis/nieuw", url.Values{"titel": {"X"}, "samenvatting": {"Y"}}); pg.code != http.StatusForbidden ||
			count(t, d, "kennis_artikelen") != 0 {
			t.Fatalf("kcc created an article: %d", pg.code)
		}

		b := e.browser()
		b.login("beheerder", password, "")
		p := b.get("/beheer/kennis/nieuw")
		if p.code != 200 || !strings.Contains(p.body, `id="samenvatting"`) || !strings.Contains(p.body, "OMGEVINGSVERGUNNING") {
			t.Fatalf("new form: %d\n%s", p.code, p.body)
		}
		// Server-side validation with Dutch messages per field; nothing saved.
		p = b.post("/beheer/kennis/nieuw", "/beheer/kennis/nieuw", url.Values{"titel": {""}, "eformulier_url": {"ftp://x"},
			"faq_1_vraag": {"Een vraag zonder antwoord?"}})
		wantField(t, p, "titel", "Vul een titel in.")
		wantField(t, p, "samenvatting", "Vul een korte samenvatting in")
		wantField(t, p, "eformulier_url", "Vul een webadres in")
		wantField(t, p, "faq_1_antwoord", "Vul bij veelgestelde vraag 1 het antwoord in.")
		if !strings.Contains(p.body, "Een vraag zonder antwoord?") {
			t.Fatal("the form lost what was typed")
		}
		if count(t, d, "kennis_artikelen") != 0 {
			t.Fatal("saved despite errors")
		}
		p = b.post("/beheer/kennis/nieuw", "/beheer/kennis/nieuw", url.Values{"titel": {"Paspoort aanvragen"},
			"samenvatting": {"U vraagt een paspoort aan bij de balie.\n\nMaak eerst een afspraak."}, "kosten": {"- Volwassenen: € 84\n- Kinderen: € 60"},
			"kanalen": {"balie"}, "zaaktypen": {"OMGEVINGSVERGUNNING"}, "faq_1_vraag": {"Kan ik het laten ophalen?"},
			"faq_1_antwoord": {"Ja, met een machtiging."}, "trefwoorden": {"reisdocument, pas"}})
		if p.code != http.StatusSeeOther {
			t.Fatalf("create: %d\n%s", p.code, p.body)
		}
		m := locationID.FindStringSubmatch(p.header.Get("Location"))
		if m == nil {
			t.Fatalf("create redirected to %s", p.header.Get("Location"))
		}
		id := m[1]
		p = b.get(p.header.Get("Location"))
		if !strings.Contains(p.body, "opgeslagen als concept") || !strings.Contains(p.body, `id="publiceer"`) {
			t.Fatalf("detail: %s", p.body)
		}
		// Not searchable until published.
		if r, _ := e.ks.Search(e.ctx, "paspoort", 5); len(r.Hits) != 0 {
			t.Fatal("concept is searchable")
		}
		versie := regexp.MustCompile(`name="versie" value="([^"]+)"`).FindStringSubmatch(p.body)[1]
		p = b.post("/beheer/kennis/"+id, "/beheer/kennis/"+id+"/publiceren", url.Values{"versie": {versie}})
		if p.code != http.StatusSeeOther {
			t.Fatalf("publish: %d\n%s", p.code, p.body)
		}
		if r, _ := e.ks.Search(e.ctx, "paspoort", 5); len(r.Hits) != 1 {
			t.Fatal("published article not searchable")
		}
		// The preview renders the article: lists, FAQ and the zaaktype's term.
		p = b.get("/beheer/kennis/" + id + "/versies/" + versie)
		for _, want := range []string{"<li>Volwassenen: € 84</li>", "Kan ik het laten ophalen?", "8 weken", "Maak eerst een afspraak."} {
			if !strings.Contains(p.body, want) {
				t.Fatalf("preview lacks %q:\n%s", want, p.body)
			}
		}
		// Edit: a new version, the published one stays.
		p = b.get("/beheer/kennis/" + id + "/bewerken")
		if !strings.Contains(p.body, "Kan ik het laten ophalen?") || !strings.Contains(p.body, "reisdocument, pas") {
			t.Fatalf("edit form not filled:\n%s", p.body)
		}
		p = b.post("/beheer/kennis/"+id+"/bewerken", "/beheer/kennis/"+id+"/bewerken", url.Values{"titel": {"Paspoort aanvragen"},
			"samenvatting": {"Nieuw tarief."}, "toelichting": {"Tarief 2027"}})
		if p.code != http.StatusSeeOther {
			t.Fatalf("save version: %d\n%s", p.code, p.body)
		}
		a, err := e.ks.Get(e.ctx, id)
		if err != nil || a.Gepubliceerd.Versie != 1 || a.Laatste.Versie != 2 {
			t.Fatalf("after edit: %+v %v", a, err)
		}
		// Review date: validated, then stored.
		p = b.post("/beheer/kennis/"+id, "/beheer/kennis/"+id+"/review", url.Values{"review_datum": {"31-2-2026"}})
		wantField(t, p, "review_datum", "Vul een datum in")
		p = b.post("/beheer/kennis/"+id, "/beheer/kennis/"+id+"/review", url.Values{"review_datum": {"2026-03-20"}})
		if p.code != http.StatusSeeOther {
			t.Fatalf("review: %d\n%s", p.code, p.body)
		}
		p = b.get("/beheer/kennis?review=1")
		if !strings.Contains(p.body, "Review nodig") || !strings.Contains(p.body, "Paspoort aanvragen") {
			t.Fatalf("review list:\n%s", p.body)
		}

		// Synonyms.
		p = b.post("/beheer/kennis/synoniemen", "/beheer/kennis/synoniemen", url.Values{"term": {""}, "betekenis": {""}})
		wantField(t, p, "term", "Vul het zoekwoord in")
		p = b.post("/beheer/kennis/synoniemen", "/beheer/kennis/synoniemen", url.Values{"term": {"reispas"}, "betekenis": {"paspoort"}})
		if p.code != http.StatusSeeOther {
			t.Fatalf("synonym: %d\n%s", p.code, p.body)
		}
		if r, _ := e.ks.Search(e.ctx, "reispas", 5); len(r.Hits) != 1 {
			t.Fatal("new synonym not used")
		}
		_ = auth.RoleKCC
	})
}
