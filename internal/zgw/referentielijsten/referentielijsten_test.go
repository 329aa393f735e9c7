package referentielijsten_test

import (
	"bytes"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/db/dbtest"
	"github.com/gemeenten/loket/internal/zgw"
	"github.com/gemeenten/loket/internal/zgw/referentielijsten"
	"github.com/gemeenten/loket/internal/zgw/zgwtest"
)

func sharedDir() string { return filepath.Join(zgwtest.SpecDir(), "..", "selectielijst") }

func client(t *testing.T, d *db.DB) (*zgwtest.Client, *zgwtest.Server) {
	srv := zgwtest.NewServer(t, d, func(env *zgw.Env, mux *http.ServeMux) {
		if err := referentielijsten.Mount(mux, env); err != nil {
			t.Fatal(err)
		}
	})
	c := srv.Client(t, filepath.Join(sharedDir(), "openapi.yaml"), referentielijsten.Prefix, "", "")
	c.Token = "-" // the API needs no authorisation
	return c, srv
}

type page struct {
	Count    int              `json:"count"`
	Next     *string          `json:"next"`
	Previous *string          `json:"previous"`
	Results  []map[string]any `json:"results"`
}

// The API has no database, but is served by the same framework; it runs on
// each engine like every API test so that the test server is the same.
func TestSelectielijst(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		c, srv := client(t, d)
		base := srv.URL + referentielijsten.Prefix

		var pts []map[string]any
		c.Get("/procestypen").Want(200).Decode(&pts)
		if len(pts) != 58 {
			t.Errorf("procestypen = %d, want 58 (2017 and 2020)", len(pts))
		}
		c.Get("/procestypen?jaar=2020").Want(200).Decode(&pts)
		if len(pts) != 29 {
			t.Fatalf("procestypen 2020 = %d, want 29", len(pts))
		}
		if pts[0]["jaar"] != float64(2020) || pts[0]["nummer"] != float64(1) || !strings.HasPrefix(pts[0]["url"].(string), base+"/procestypen/") {
			t.Errorf("first 2020 procestype = %v", pts[0])
		}
		c.Get("/procestypen?jaar=twintig").WantProblem(400, "invalid", "jaar")
		c.Get("/procestypen?kleur=rood").WantProblem(400, "invalid")
		pt := c.Get(pts[0]["url"].(string)).Want(200).JSON()
		if pt["naam"] != pts[0]["naam"] {
			t.Errorf("procestype detail = %v", pt)
		}
		c.SkipValidation = true // the detail's 404 is not in the file
		c.Get("/procestypen/00000000-0000-0000-0000-000000000000").WantProblem(404, "not_found")
		c.Post("/procestypen", map[string]any{}).WantProblem(405, "method_not_allowed")
		c.SkipValidation = false

		var p page
		c.Get("/resultaten").Want(200).Decode(&p)
		if p.Count != 346 || len(p.Results) != referentielijsten.PageSize || p.Next == nil || p.Previous != nil {
			t.Fatalf("resultaten page 1: count %d, %d results, next %v", p.Count, len(p.Results), p.Next)
		}
		var last page
		c.Get("/resultaten?page=4").Want(200).Decode(&last)
		if len(last.Results) != 46 || last.Next != nil || last.Previous == nil {
			t.Errorf("resultaten page 4: %d results, next %v", len(last.Results), last.Next)
		}
		c.SkipValidation = true // a page past the end (404) is not in the file
		c.Get("/resultaten?page=5").WantProblem(404, "not_found")
		c.SkipValidation = false

		// The dataset's resultaten belong to the 2017 procestypen.
		c.Get("/procestypen?jaar=2017").Want(200).Decode(&pts)

		var per page
		c.Get("/resultaten?proces_type=" + pts[0]["url"].(string)).Want(200).Decode(&per)
		if per.Count == 0 {
			t.Fatal("no resultaten for procestype 1 (2017)")
		}
		for _, r := range per.Results {
			if r["procesType"] != pts[0]["url"] {
				t.Errorf("resultaat of another procestype: %v", r["procesType"])
			}
			if !strings.HasPrefix(r["volledigNummer"].(string), "1.") {
				t.Errorf("volledigNummer %v of procestype 1", r["volledigNummer"])
			}
		}
		c.Get("/resultaten?proces_type=https://elders.example.nl/procestypen/1").WantProblem(400, "invalid", "proces_type")
		r := c.Get(per.Results[0]["url"].(string)).Want(200).JSON()
		if r["waardering"] == "" || r["procesType"] != pts[0]["url"] {
			t.Errorf("resultaat detail = %v", r)
		}

		var oms []map[string]any
		c.Get("/resultaattypeomschrijvingen").Want(200).Decode(&oms)
		if len(oms) != 3 || oms[0]["omschrijving"] == "" {
			t.Errorf("resultaattypeomschrijvingen = %v", oms)
		}
		c.Get(oms[0]["url"].(string)).Want(200)

		var kan page
		c.Get("/communicatiekanalen").Want(200).Decode(&kan)
		if kan.Count < 5 {
			t.Fatalf("communicatiekanalen = %d", kan.Count)
		}
		want := base + "/communicatiekanalen/" + referentielijsten.CommunicatiekanaalID("Telefoon")
		found := false
		for _, k := range kan.Results {
			found = found || (k["url"] == want && k["naam"] == "Telefoon")
		}
		if !found {
			t.Errorf("no Telefoon at %s in %v", want, kan.Results)
		}
		c.Get(want).Want(200)

		// HTTP caching like the other APIs.
		etag := c.Get("/procestypen?jaar=2020").Want(200).Header.Get("ETag")
		c.Get("/procestypen?jaar=2020", "If-None-Match", etag).Want(304)
	})
}

// The embedded data is the shared selectielijst, byte for byte.
func TestEmbeddedCopyIsCurrent(t *testing.T) {
	for _, name := range []string{"selectielijst_2020_procestypen.json", "selectielijst_2020_resultaten.json", "resultaattypeomschrijvingen.json"} {
		shared, err := os.ReadFile(filepath.Join(sharedDir(), name))
		if err != nil {
			t.Fatalf("shared copy: %v", err)
		}
		own, err := os.ReadFile(filepath.Join("data", name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(shared, own) {
			t.Errorf("data/%s differs from %s; copy it again", name, sharedDir())
		}
	}
}

func TestLookup(t *testing.T) {
	d, err := referentielijsten.Load("https://x.example.nl/api/v1/")
	if err != nil {
		t.Fatal(err)
	}
	v, ok := d.Lookup(d.Resultaten[0].URL)
	r, isR := v.(*referentielijsten.Resultaat)
	if !ok || !isR || r.ProcesType == "" || !strings.HasPrefix(r.URL, "https://x.example.nl/api/v1/resultaten/") {
		t.Errorf("Lookup(%s) = %v, %v", d.Resultaten[0].URL, v, ok)
	}
	if _, ok := d.Lookup("https://x.example.nl/api/v1/resultaten/00000000-0000-0000-0000-000000000000"); ok {
		t.Error("unknown URL found")
	}
	var spec, gen int
	for _, r := range d.Resultaten {
		if r.Specifiek == r.Generiek {
			t.Fatalf("resultaat %s is both or neither generiek and specifiek", r.URL)
		}
		if r.Specifiek {
			spec++
			if strings.Count(r.VolledigNummer, ".") != 2 {
				t.Errorf("specifiek %s has volledigNummer %s", r.URL, r.VolledigNummer)
			}
		} else {
			gen++
		}
	}
	if spec == 0 || gen == 0 {
		t.Errorf("specifiek %d, generiek %d", spec, gen)
	}
}
