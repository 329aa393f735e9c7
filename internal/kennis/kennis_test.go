package kennis_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/gemeenten/loket/internal/audit"
	"github.com/gemeenten/loket/internal/catalogus/catalogustest"
	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/db/dbtest"
	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/kennis"
)

var now = time.Date(2026, 3, 20, 9, 0, 0, 0, time.UTC)

func beheerCtx() context.Context {
	return audit.WithActor(context.Background(), audit.Actor{Kind: "medewerker", ID: "b1", Name: "Bea Beheer", Roles: []string{"beheerder"}})
}

func newService(d *db.DB) *kennis.Service {
	s := kennis.New(d)
	s.Now = func() time.Time { return now }
	return s
}

func paspoort() kennis.Input {
	return kennis.Input{
		Titel:        "Paspoort aanvragen",
		Samenvatting: "U vraagt een paspoort aan bij de balie van het stadhuis. Maak eerst een afspraak.",
		WatIsHet:     "Een paspoort is een reisdocument. U kunt er mee reizen in en buiten Europa.",
		Wie:          "Iedereen met de Nederlandse nationaliteit die in de gemeente woont.",
		Kosten:       "Een paspoort voor iemand van 18 jaar of ouder kost € 84,00.",
		Meenemen:     "Uw oude paspoort of identiteitskaart en een goede pasfoto.",
		Aanvragen:    "Maak een afspraak en kom naar de balie. U moet zelf komen, want wij nemen uw vingerafdrukken.",
		Kanalen:      []string{"balie"},
		FAQ:          []kennis.FAQ{{Vraag: "Kan ik mijn paspoort laten ophalen?", Antwoord: "Ja, met een machtiging."}},
		Trefwoorden:  []string{"reisdocument"},
	}
}

func create(t *testing.T, s *kennis.Service, in kennis.Input) *kennis.Artikel {
	t.Helper()
	a, err := s.Create(beheerCtx(), in)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Publish(beheerCtx(), a.Laatste.ID); err != nil {
		t.Fatal(err)
	}
	return a
}

func fieldsOf(err error) map[string]string {
	out := map[string]string{}
	if e := errs.As(err); e != nil {
		for _, f := range e.Fields {
			out[f.Field] = f.Reason
		}
	}
	return out
}

func TestStem(t *testing.T) {
	for _, set := range [][]string{
		{"aanvragen", "aanvraag"},
		{"paspoort", "paspoorten"},
		{"verhuizing", "verhuizen"},
		{"identiteitskaart", "identiteitskaarten"},
		{"kosten", "kost"},
		{"gemeente", "gemeenten"},
		{"bijzondere", "bijzonder"},
	} {
		for _, w := range set[1:] {
			if kennis.Stem(w) != kennis.Stem(set[0]) {
				t.Errorf("Stem(%q) = %q, Stem(%q) = %q: want the same stem", w, kennis.Stem(w), set[0], kennis.Stem(set[0]))
			}
		}
	}
	if kennis.Stem("paspoort") == kennis.Stem("parkeren") {
		t.Error("different words share a stem")
	}
}

func TestCreateValidatesAndSavesNothingOnError(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := newService(d)
		ctx := beheerCtx()
		_, err := s.Create(ctx, kennis.Input{Slug: "Niet Goed!", Kanalen: []string{"duif"}, EFormulierURL: "javascript:alert(1)",
			FAQ: []kennis.FAQ{{Vraag: "Zonder antwoord?"}}, ZaakTypen: []string{"BESTAAT-NIET"}, TeamID: "geen-uuid"})
		f := fieldsOf(err)
		for _, field := range []string{"titel", "samenvatting", "slug", "kanalen", "eformulier_url", "faq_1_antwoord", "zaaktypen", "team"} {
			if f[field] == "" {
				t.Errorf("no error for %s; got %v", field, f)
			}
		}
		if !errs.Is(err, errs.Invalid) {
			t.Fatalf("kind %v", errs.KindOf(err))
		}
		if l, _ := s.List(ctx, kennis.ListFilter{}); len(l) != 0 {
			t.Fatalf("saved despite errors: %v", l)
		}
		if _, err := s.Create(ctx, paspoort()); err != nil {
			t.Fatal(err)
		}
		_, err = s.Create(ctx, paspoort())
		if fieldsOf(err)["slug"] == "" {
			t.Fatalf("second article with the same address: %v", err)
		}
	})
}

func TestOnlyABeheerderEdits(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := newService(d)
		kcc := audit.WithActor(context.Background(), audit.Actor{Kind: "medewerker", ID: "k1", Roles: []string{"kcc"}})
		if _, err := s.Create(kcc, paspoort()); !errs.Is(err, errs.Forbidden) {
			t.Fatalf("kcc created an article: %v", err)
		}
		a, err := s.Create(beheerCtx(), paspoort())
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.Publish(kcc, a.Laatste.ID); !errs.Is(err, errs.Forbidden) {
			t.Fatalf("kcc published: %v", err)
		}
		if err := s.SetSynonym(kcc, "pas", "paspoort"); !errs.Is(err, errs.Forbidden) {
			t.Fatalf("kcc set a synonym: %v", err)
		}
	})
}

func TestVersionsAndPublishing(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := newService(d)
		ctx := beheerCtx()
		fx := catalogustest.Build(t, d)
		in := paspoort()
		in.ZaakTypen = []string{fx.ZaakType.Identificatie}
		a, err := s.Create(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		if a.Gepubliceerd != nil || a.Laatste.Versie != 1 || a.Laatste.Status != kennis.Concept || a.Slug != "paspoort-aanvragen" {
			t.Fatalf("new article: %+v", a)
		}
		if len(a.Termijnen) != 1 || a.Termijnen[0].Doorlooptijd.Dutch() != "8 weken" {
			t.Fatalf("terms: %+v", a.Termijnen)
		}
		// A concept is not found.
		if r, _ := s.Search(ctx, "paspoort", 10); len(r.Hits) != 0 {
			t.Fatalf("concept found: %+v", r.Hits)
		}
		if _, err := s.Publish(ctx, a.Laatste.ID); err != nil {
			t.Fatal(err)
		}
		if r, _ := s.Search(ctx, "paspoort", 10); len(r.Hits) != 1 {
			t.Fatalf("published article not found: %+v", r)
		}
		// A new version does not change what is shown until published.
		in2 := in
		in2.Kosten = "Een paspoort kost nu € 90,00."
		in2.Toelichting = "Tarief 2026"
		v2, err := s.SaveVersion(ctx, a.ID, in2)
		if err != nil {
			t.Fatal(err)
		}
		got, err := s.Get(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Gepubliceerd.Versie != 1 || got.Laatste.Versie != 2 || !got.HasConcept() || !strings.Contains(got.Gepubliceerd.Kosten, "84") {
			t.Fatalf("after saving v2: published %d latest %d", got.Gepubliceerd.Versie, got.Laatste.Versie)
		}
		if r, _ := s.Search(ctx, "90", 10); len(r.Hits) != 0 {
			t.Fatal("unpublished text is searchable")
		}
		if _, err := s.Publish(ctx, v2.ID); err != nil {
			t.Fatal(err)
		}
		if r, _ := s.Search(ctx, "90", 10); len(r.Hits) != 1 {
			t.Fatal("the new published text is not searchable")
		}
		vs, err := s.Versions(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(vs) != 2 || vs[0].Status != kennis.Gepubliceerd || vs[1].Status != kennis.Vervangen || vs[0].GepubliceerdDoor != "Bea Beheer" {
			t.Fatalf("versions: %+v", vs)
		}
		if _, err := s.Publish(ctx, vs[1].ID); !errs.Is(err, errs.Conflict) {
			t.Fatalf("republishing a replaced version: %v", err)
		}
		// Review date.
		if err := s.SetReviewDate(ctx, a.ID, date.Of(now).AddDays(-1)); fieldsOf(err)["review_datum"] == "" {
			t.Fatalf("review date in the past: %v", err)
		}
		if err := s.SetReviewDate(ctx, a.ID, date.Of(now)); err != nil {
			t.Fatal(err)
		}
		due, err := s.List(ctx, kennis.ListFilter{ReviewDue: true})
		if err != nil || len(due) != 1 || due[0].GepubliceerdVersie != 2 {
			t.Fatalf("review due: %+v %v", due, err)
		}
		trail, err := audit.ForResource(ctx, d.R, "kennisartikel", a.ID)
		if err != nil || len(trail) != 5 {
			t.Fatalf("audit trail: %d entries, %v", len(trail), err)
		}
		// Withdrawn: nothing is shown.
		if err := s.Withdraw(ctx, a.ID); err != nil {
			t.Fatal(err)
		}
		if r, _ := s.Search(ctx, "paspoort", 10); len(r.Hits) != 0 {
			t.Fatal("withdrawn article still found")
		}
	})
}

func TestSearch(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := newService(d)
		ctx := beheerCtx()
		create(t, s, paspoort())
		create(t, s, kennis.Input{Titel: "Identiteitskaart aanvragen", Samenvatting: "Een identiteitskaart vraagt u aan bij de balie.",
			Kosten: "Een identiteitskaart kost € 77,00 voor volwassenen."})
		create(t, s, kennis.Input{Titel: "Verhuizing doorgeven", Samenvatting: "Geef uw verhuizing binnen 5 dagen door.",
			Aanvragen: "U geeft uw nieuwe adres online door met DigiD."})
		create(t, s, kennis.Input{Titel: "Parkeervergunning voor bewoners", Samenvatting: "Met een parkeervergunning parkeert u in uw eigen wijk.",
			Kosten: "Een parkeervergunning kost € 120 per jaar."})

		first := func(q string) string {
			t.Helper()
			r, err := s.Search(ctx, q, 10)
			if err != nil {
				t.Fatal(err)
			}
			if len(r.Hits) == 0 {
				return ""
			}
			return r.Hits[0].Titel
		}
		for q, want := range map[string]string{
			"paspoort":                       "Paspoort aanvragen",
			"paspoorten":                     "Paspoort aanvragen", // stemming
			"id-kaart":                       "Identiteitskaart aanvragen",
			"ID kaart":                       "Identiteitskaart aanvragen", // synonym phrase, any case
			"idkaart":                        "Identiteitskaart aanvragen",
			"identitietskaart":               "Identiteitskaart aanvragen", // typo (transposition)
			"pasport":                        "Paspoort aanvragen",         // typo (missing letter)
			"verhuizen":                      "Verhuizing doorgeven",       // stem
			"wat kost een parkeervergunning": "Parkeervergunning voor bewoners",
			"parkeren":                       "Parkeervergunning voor bewoners", // synonym
			"parkeerv":                       "Parkeervergunning voor bewoners", // as you type
			"nieuw adres":                    "Verhuizing doorgeven",
		} {
			if got := first(q); got != want {
				t.Errorf("search %q: first hit %q, want %q", q, got, want)
			}
		}
		if got := first("xyzzy"); got != "" {
			t.Errorf("nonsense found %q", got)
		}
		if got := first("de het een"); got != "" {
			t.Errorf("stopwords found %q", got)
		}
		// Ranking: the article about the word beats one that only mentions it.
		r, _ := s.Search(ctx, "identiteitskaart", 10)
		if len(r.Hits) != 2 || r.Hits[0].Titel != "Identiteitskaart aanvragen" || r.Hits[0].Score <= r.Hits[1].Score {
			t.Fatalf("ranking: %+v", r.Hits)
		}
		// Highlighting: the matched words are marked, in the title and the snippet.
		var marked []string
		for _, seg := range r.Hits[1].Snippet {
			if seg.Mark {
				marked = append(marked, seg.Text)
			}
		}
		if len(marked) == 0 || !strings.EqualFold(marked[0], "identiteitskaart") {
			t.Fatalf("snippet marks %v in %+v", marked, r.Hits[1].Snippet)
		}
		if tp := r.Hits[0].TitelParts; len(tp) < 1 || !tp[0].Mark || tp[0].Text != "Identiteitskaart" {
			t.Fatalf("title parts %+v", tp)
		}
		r, _ = s.Search(ctx, "pasport", 10)
		if r.Corrected["pasport"] != "paspoort" {
			t.Fatalf("correction %v", r.Corrected)
		}
	})
}

func TestSynonymsAndOtherInstances(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := newService(d)
		ctx := beheerCtx()
		create(t, s, kennis.Input{Titel: "Afvalpas", Samenvatting: "Met de afvalpas opent u de ondergrondse container."})
		other := newService(d) // another app instance on the same database
		other.StaleAfter = time.Nanosecond
		if r, _ := other.Search(ctx, "grofvuil", 10); len(r.Hits) != 0 {
			t.Fatal("found before the synonym exists")
		}
		if err := s.SetSynonym(ctx, "", ""); len(fieldsOf(err)) != 2 {
			t.Fatalf("empty synonym: %v", err)
		}
		if err := s.SetSynonym(ctx, "Grofvuil", "afvalpas"); err != nil {
			t.Fatal(err)
		}
		if r, _ := s.Search(ctx, "grofvuil", 10); len(r.Hits) != 1 {
			t.Fatal("synonym not used")
		}
		if r, _ := other.Search(ctx, "grofvuil", 10); len(r.Hits) != 1 {
			t.Fatal("the other instance did not see the new synonym")
		}
		create(t, s, kennis.Input{Titel: "Hondenbelasting", Samenvatting: "Heeft u een hond? Dan betaalt u hondenbelasting."})
		if r, _ := other.Search(ctx, "hond", 10); len(r.Hits) != 1 {
			t.Fatal("the other instance did not see the new article")
		}
		if err := s.DeleteSynonym(ctx, "grofvuil"); err != nil {
			t.Fatal(err)
		}
		if r, _ := s.Search(ctx, "grofvuil", 10); len(r.Hits) != 0 {
			t.Fatal("deleted synonym still used")
		}
		if err := s.DeleteSynonym(ctx, "grofvuil"); !errs.Is(err, errs.NotFound) {
			t.Fatalf("deleting twice: %v", err)
		}
	})
}

// BenchmarkSearch measures a search over 5,000 published articles (goal:
// p99 ≤ 20 ms). It reports the p99 of the queries it ran.
func BenchmarkSearch(b *testing.B) {
	for _, e := range dbtest.Engines() {
		b.Run(string(e), func(b *testing.B) {
			d := dbtest.New(b, e)
			s := newService(d)
			seedArticles(b, d, 5000)
			ctx := context.Background()
			if err := s.Load(ctx); err != nil {
				b.Fatal(err)
			}
			queries := []string{"paspoort", "id-kaart kosten", "verhuizing doorgeven", "parkeervergunning bewoners",
				"identitietskaart", "wat kost een rijbewijs", "bijzondere bijstand aanvragen", "afvalpas kwijt", "omgevingsverg"}
			lat := make([]time.Duration, 0, b.N)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				t0 := time.Now()
				r, err := s.Search(ctx, queries[i%len(queries)], 10)
				if err != nil {
					b.Fatal(err)
				}
				lat = append(lat, time.Since(t0))
				if r.Total == 0 {
					b.Fatalf("nothing found for %q", queries[i%len(queries)])
				}
			}
			b.StopTimer()
			slicesSort(lat)
			b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
			b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
		})
	}
}

func slicesSort(l []time.Duration) {
	for i := 1; i < len(l); i++ {
		for j := i; j > 0 && l[j] < l[j-1]; j-- {
			l[j], l[j-1] = l[j-1], l[j]
		}
	}
}

var products = []string{"paspoort", "identiteitskaart", "rijbewijs", "verhuizing", "parkeervergunning", "afvalpas",
	"omgevingsvergunning", "bijzondere bijstand", "hondenbelasting", "evenementenvergunning", "uittreksel", "huwelijk"}

var fillers = strings.Fields(`aanvraag balie afspraak gemeente kosten betalen online digid formulier adres woning
	inwoner bewijs termijn weken dagen bezwaar besluit brief email telefoon wijk straat school kinderen ouders
	vergunning belasting toeslag inkomen werk ondernemer bedrijf markt terras geluid bouw tuin boom container
	document foto handtekening machtiging ophalen bezorgen reizen buitenland verlopen kwijt gestolen aangifte`)

// seedArticles writes n published articles straight into the tables (the
// service would take minutes to publish 5,000 one by one on SQLite).
func seedArticles(b *testing.B, d *db.DB, n int) {
	b.Helper()
	ctx := context.Background()
	tx, err := d.W.BeginTx(ctx, nil)
	if err != nil {
		b.Fatal(err)
	}
	for i := range n {
		p := products[i%len(products)]
		var body []string
		for j := range 250 {
			body = append(body, fillers[(i*7+j*13)%len(fillers)])
		}
		aid, vid := fmt.Sprintf("00000000-0000-4000-8000-%012d", i), fmt.Sprintf("00000000-0000-4000-9000-%012d", i)
		if _, err := tx.ExecContext(ctx, `INSERT INTO kennis_artikelen (id, slug, gepubliceerde_versie_id, laatste_versie, created_at, updated_at)
			VALUES ($1, $2, $3, 1, $4, $4)`, aid, fmt.Sprintf("artikel-%d", i), vid, now); err != nil {
			b.Fatal(err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO kennis_versies (id, artikel_id, versie, status, titel, samenvatting, wat_is_het, created_at)
			VALUES ($1, $2, 1, 'gepubliceerd', $3, $4, $5, $6)`, vid, aid, fmt.Sprintf("%s %d", p, i),
			"Alles over "+p+" bij de gemeente.", strings.Join(body, " "), now); err != nil {
			b.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
}
