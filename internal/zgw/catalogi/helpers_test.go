package catalogi_test

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/gemeenten/loket/internal/catalogus"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/zgw"
	"github.com/gemeenten/loket/internal/zgw/catalogi"
	"github.com/gemeenten/loket/internal/zgw/zgwtest"
)

// selectielijst serves the selectielijst 2020 fixtures the way the
// Referentielijsten API does: /procestypen/{uuid}, /resultaten/{uuid},
// /resultaattypeomschrijvingen/{uuid}.
type selectielijst struct {
	*httptest.Server
	procestypen map[int]string // pk → uuid
	resultaten  []slResultaat
	omschr      map[string]string // uuid → omschrijving
}

type slResultaat struct {
	UUID          string
	ProcesType    int
	Waardering    string
	Procestermijn string
	Bewaartermijn string
}

type fixture struct {
	PK     int            `json:"pk"`
	Fields map[string]any `json:"fields"`
}

func readFixture(t testing.TB, name string) []fixture {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(zgwtest.SpecDir(), "..", "selectielijst", name))
	if err != nil {
		t.Fatalf("selectielijst fixture: %v", err)
	}
	var out []fixture
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatalf("selectielijst fixture %s: %v", name, err)
	}
	return out
}

func newSelectielijst(t testing.TB) *selectielijst {
	s := &selectielijst{procestypen: map[int]string{}, omschr: map[string]string{}}
	for _, f := range readFixture(t, "selectielijst_2020_procestypen.json") {
		s.procestypen[f.PK] = f.Fields["uuid"].(string)
	}
	for _, f := range readFixture(t, "selectielijst_2020_resultaten.json") {
		r := slResultaat{UUID: f.Fields["uuid"].(string), ProcesType: int(f.Fields["proces_type"].(float64)),
			Waardering: fmt.Sprint(f.Fields["waardering"]), Procestermijn: fmt.Sprint(f.Fields["procestermijn"])}
		if v, ok := f.Fields["bewaartermijn"].(string); ok {
			r.Bewaartermijn = v
		}
		s.resultaten = append(s.resultaten, r)
	}
	for _, f := range readFixture(t, "resultaattypeomschrijvingen.json") {
		s.omschr[f.Fields["uuid"].(string)] = f.Fields["omschrijving"].(string)
	}
	srv := httptest.NewUnstartedServer(nil)
	srv.Start()
	s.Server = srv
	srv.Config.Handler = s.handler(srv.URL)
	t.Cleanup(s.Close)
	return s
}

// handler serves the fixtures with resource URLs under base.
func (s *selectielijst) handler(base string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		parts := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
		if len(parts) != 2 {
			http.NotFound(w, r)
			return
		}
		var v any
		switch parts[0] {
		case "procestypen":
			for pk, id := range s.procestypen {
				if id == parts[1] {
					v = map[string]any{"url": base + r.URL.Path, "nummer": pk, "jaar": 2020, "naam": "procestype"}
				}
			}
		case "resultaten":
			for _, res := range s.resultaten {
				if res.UUID == parts[1] {
					m := map[string]any{"url": base + r.URL.Path, "procesType": base + "/procestypen/" + s.procestypen[res.ProcesType], "nummer": 1,
						"waardering": res.Waardering, "procestermijn": res.Procestermijn, "bewaartermijn": nil}
					if res.Bewaartermijn != "" {
						m["bewaartermijn"] = res.Bewaartermijn
					}
					v = m
				}
			}
		case "resultaattypeomschrijvingen":
			if o, ok := s.omschr[parts[1]]; ok {
				v = map[string]any{"url": base + r.URL.Path, "omschrijving": o, "definitie": "", "opmerking": ""}
			}
		}
		if v == nil {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(v)
	})
}

func (s *selectielijst) procestype(pk int) string { return s.URL + "/procestypen/" + s.procestypen[pk] }

// resultaat returns the URL of a resultaat of procestype pk with the given
// procestermijn ("" for any), and its waardering and bewaartermijn.
func (s *selectielijst) resultaat(t testing.TB, pk int, procestermijn string) (url string, r slResultaat) {
	t.Helper()
	for _, r := range s.resultaten {
		if r.ProcesType == pk && (procestermijn == "" || r.Procestermijn == procestermijn) && r.Bewaartermijn != "" {
			return s.URL + "/resultaten/" + r.UUID, r
		}
	}
	t.Fatalf("no selectielijst resultaat for procestype %d with procestermijn %q", pk, procestermijn)
	return "", slResultaat{}
}

// omschrijving returns the first resultaattypeomschrijving (by uuid).
func (s *selectielijst) omschrijving(t testing.TB) (url, omschrijving string) {
	ids := slices.Sorted(maps.Keys(s.omschr))
	if len(ids) == 0 {
		t.Fatal("no resultaattypeomschrijving")
	}
	return s.URL + "/resultaattypeomschrijvingen/" + ids[0], s.omschr[ids[0]]
}

var (
	specOnce sync.Once
	specPath string
	specErr  error
)

// spec is catalogi-1.3.1.yaml with five corrections where the published file
// contradicts the standard's own behaviour (and Open Zaak, which clients are
// written against): ZaakType.informatieobjecttypen and
// InformatieObjectType.zaaktypen are arrays of URLs (the file says "string",
// a generator artefact), POST /informatieobjecttypen answers 201 (the file
// says 200) and DELETE of zaaktypen, informatieobjecttypen and besluittypen
// answers 204 (the file says 200); and the bodies the file leaves
// "unspecified" (zaaktype, informatieobjecttype and besluittype details and
// lists) are validated against the resource's own schema. Everything else is validated as
// published.
func spec(t testing.TB) string {
	t.Helper()
	specOnce.Do(func() {
		loader := openapi3.NewLoader()
		doc, err := loader.LoadFromFile(zgwtest.Spec("catalogi-1.3.1.yaml"))
		if err != nil {
			specErr = err
			return
		}
		urlArray := func() *openapi3.SchemaRef {
			s := openapi3.NewArraySchema()
			s.Items = openapi3.NewSchemaRef("", openapi3.NewStringSchema().WithFormat("uri"))
			s.ReadOnly = true
			return openapi3.NewSchemaRef("", s)
		}
		for _, name := range []string{"ZaakType", "ZaakTypeCreate", "ZaakTypeUpdate"} {
			doc.Components.Schemas[name].Value.Properties["informatieobjecttypen"] = urlArray()
		}
		doc.Components.Schemas["InformatieObjectType"].Value.Properties["zaaktypen"] = urlArray()
		// Where the file leaves a body "unspecified" (an empty schema, which
		// refuses the nulls of nullable attributes), use the resource's schema.
		for path, schema := range map[string]string{"/zaaktypen": "ZaakType", "/informatieobjecttypen": "InformatieObjectType", "/besluittypen": "BesluitType"} {
			ref := openapi3.NewSchemaRef("#/components/schemas/"+schema, doc.Components.Schemas[schema].Value)
			doc.Paths.Find(path).Get.Responses.Value("200").Value.Content["application/json"].Schema.Value.Properties["results"].Value.Items = ref
			item := doc.Paths.Find(path + "/{uuid}")
			for _, op := range []*openapi3.Operation{item.Get, item.Put, item.Patch} {
				if op != nil {
					op.Responses.Value("200").Value.Content["application/json"].Schema = ref
				}
			}
			if schema == "InformatieObjectType" {
				doc.Paths.Find(path).Post.Responses.Value("200").Value.Content["application/json"].Schema = ref
			}
		}
		post := doc.Paths.Find("/informatieobjecttypen").Post
		post.Responses.Set("201", post.Responses.Value("200"))
		post.Responses.Delete("200")
		for _, p := range []string{"/zaaktypen/{uuid}", "/informatieobjecttypen/{uuid}", "/besluittypen/{uuid}"} {
			del := doc.Paths.Find(p).Delete
			ok := *del.Responses.Value("200").Value
			ok.Content = nil
			del.Responses.Set("204", &openapi3.ResponseRef{Value: &ok})
			del.Responses.Delete("200")
		}
		b, err := doc.MarshalJSON()
		if err != nil {
			specErr = err
			return
		}
		dir, err := os.MkdirTemp("", "catalogi-spec")
		if err != nil {
			specErr = err
			return
		}
		specPath = filepath.Join(dir, "catalogi-1.3.1-corrected.json")
		specErr = os.WriteFile(specPath, b, 0o644)
	})
	if specErr != nil {
		t.Fatalf("catalogi spec: %v", specErr)
	}
	if os.Getenv("ORIG") != "" {
		return zgwtest.Spec("catalogi-1.3.1.yaml")
	}
	return specPath
}

// env is one test's server with a selectielijst and an all-rights client.
type env struct {
	t   testing.TB
	srv *zgwtest.Server
	sl  *selectielijst
	c   *zgwtest.Client // heeftAlleAutorisaties
}

func newEnv(t *testing.T, d *db.DB) *env {
	t.Helper()
	sl := newSelectielijst(t)
	srv := zgwtest.NewServer(t, d, func(e *zgw.Env, mux *http.ServeMux) {
		e.Mount(mux, catalogi.Prefix, zgw.ZTC, catalogi.APIVersion,
			catalogi.Handler(e, catalogus.New(d, e.Now), catalogi.Options{SelectielijstBase: sl.URL}))
	})
	return &env{t: t, srv: srv, sl: sl, c: srv.NewClient(t, spec(t), catalogi.Prefix, true)}
}

// client returns a client with the given ztc scopes.
func (e *env) client(scopes ...string) *zgwtest.Client {
	if len(scopes) == 0 {
		return e.srv.NewClient(e.t, spec(e.t), catalogi.Prefix, false)
	}
	return e.srv.NewClient(e.t, spec(e.t), catalogi.Prefix, false, zgw.Autorisatie{Component: zgw.ZTC, Scopes: scopes})
}

func (e *env) create(path string, body map[string]any) map[string]any {
	e.t.Helper()
	return e.c.Post(path, body).Want(http.StatusCreated).JSON()
}

func (e *env) catalogus(domein string) string {
	e.t.Helper()
	return e.create("/catalogussen", map[string]any{"domein": domein, "rsin": "002220647", "contactpersoonBeheerNaam": "Beheerder"})["url"].(string)
}

func (e *env) zaakTypeBody(cat, identificatie, begin string, extra map[string]any) map[string]any {
	b := map[string]any{
		"identificatie": identificatie, "omschrijving": "Aanvraag " + identificatie, "vertrouwelijkheidaanduiding": "openbaar",
		"doel": "Een vergunning verlenen.", "aanleiding": "Een aanvraag.", "indicatieInternOfExtern": "extern",
		"handelingInitiator": "aanvragen", "onderwerp": "Vergunning", "handelingBehandelaar": "behandelen",
		"doorlooptijd": "P8W", "opschortingEnAanhoudingMogelijk": true, "verlengingMogelijk": true, "verlengingstermijn": "P6W",
		"publicatieIndicatie": false, "productenOfDiensten": []string{"https://example.com/product/1"},
		"selectielijstProcestype": e.sl.procestype(1),
		"referentieproces":        map[string]any{"naam": "Vergunning verlenen"}, "verantwoordelijke": "Team Vergunningen",
		"catalogus": cat, "besluittypen": []string{}, "gerelateerdeZaaktypen": []any{},
		"beginGeldigheid": begin, "versiedatum": begin,
	}
	for k, v := range extra {
		b[k] = v
	}
	return b
}

func (e *env) zaakType(cat, identificatie, begin string, extra map[string]any) map[string]any {
	e.t.Helper()
	return e.create("/zaaktypen", e.zaakTypeBody(cat, identificatie, begin, extra))
}

// resultaatTypeBody is a valid resultaattype for a zaaktype of procestype 1.
func (e *env) resultaatTypeBody(zt string, extra map[string]any) map[string]any {
	klasse, _ := e.sl.resultaat(e.t, 1, "nihil")
	oms, _ := e.sl.omschrijving(e.t)
	b := map[string]any{"zaaktype": zt, "omschrijving": "Verleend", "resultaattypeomschrijving": oms,
		"selectielijstklasse": klasse, "brondatumArchiefprocedure": map[string]any{"afleidingswijze": "afgehandeld"}}
	for k, v := range extra {
		b[k] = v
	}
	return b
}

// publishableZaakType creates a concept zaaktype with two statustypen, a
// roltype and a resultaattype: what publishing needs.
func (e *env) publishableZaakType(cat, identificatie, begin string, extra map[string]any) map[string]any {
	e.t.Helper()
	zt := e.zaakType(cat, identificatie, begin, extra)
	u := zt["url"].(string)
	e.create("/statustypen", map[string]any{"zaaktype": u, "omschrijving": "Ontvangen", "volgnummer": 1})
	e.create("/statustypen", map[string]any{"zaaktype": u, "omschrijving": "Afgehandeld", "volgnummer": 2})
	e.create("/roltypen", map[string]any{"zaaktype": u, "omschrijving": "Aanvrager", "omschrijvingGeneriek": "initiator"})
	e.create("/resultaattypen", e.resultaatTypeBody(u, nil))
	return zt
}

func (e *env) publish(u string) map[string]any {
	e.t.Helper()
	return e.c.Post(u+"/publish", map[string]any{}).Want(http.StatusOK).JSON()
}

func strs(v any) []string {
	var out []string
	for _, x := range v.([]any) {
		out = append(out, x.(string))
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
