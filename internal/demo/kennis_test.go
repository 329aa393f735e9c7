package demo_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/gemeenten/loket/internal/blob"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/db/dbtest"
	"github.com/gemeenten/loket/internal/demo"
	"github.com/gemeenten/loket/internal/kennis"
)

func TestLoadKennis(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		blobs, err := blob.NewDir(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		if err := demo.Load(ctx, d, now, demo.Options{Blobs: blobs}); err != nil {
			t.Fatalf("Load: %v", err)
		}
		var log bytes.Buffer
		if err := demo.LoadKennis(ctx, d, now, &log); err != nil {
			t.Fatal(err)
		}
		want := len(demo.KennisArtikelen())
		if n := count(t, d, `SELECT COUNT(*) FROM kennis_artikelen WHERE gepubliceerde_versie_id IS NOT NULL`); n != want {
			t.Fatalf("%d published articles, want %d", n, want)
		}
		s := kennis.New(d)
		// Every product of the catalogue has its article.
		for _, zt := range demo.ZaakTypen() {
			if _, err := s.ForZaakType(ctx, zt.Identificatie); err != nil {
				t.Errorf("no article for %s: %v", zt.Identificatie, err)
			}
		}
		for q, title := range map[string]string{"id-kaart": "Identiteitskaart aanvragen", "verhuizen": "Verhuizing doorgeven",
			"dakkapel": "Omgevingsvergunning aanvragen", "afvalpas kwijt": "Afvalpas en afvalcontainer",
			"wat kost een paspoort": "Paspoort aanvragen", "parkeren": "Parkeervergunning voor bewoners"} {
			r, err := s.Search(ctx, q, 3)
			if err != nil || len(r.Hits) == 0 || r.Hits[0].Titel != title {
				t.Errorf("search %q: %+v %v", q, r, err)
			}
		}
		a, err := s.GetBySlug(ctx, "paspoort-aanvragen")
		if err != nil || a.Gepubliceerd.TeamID == "" || len(a.Termijnen) != 1 || a.ReviewDatum.IsZero() {
			t.Fatalf("paspoort: %+v %v", a, err)
		}
		if n := count(t, d, `SELECT COUNT(*) FROM kcc_partners`); n != len(demo.Partners()) {
			t.Fatalf("%d partners", n)
		}
		// Loading again keeps what is there.
		log.Reset()
		if err := demo.LoadKennis(ctx, d, now, &log); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(log.String(), "0 kennisartikelen") {
			t.Fatalf("second load: %s", log.String())
		}
	})
}
