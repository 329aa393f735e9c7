package besluiten_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/gemeenten/loket/internal/besluit"
	"github.com/gemeenten/loket/internal/blob"
	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/db/dbtest"
	"github.com/gemeenten/loket/internal/document"
	"github.com/gemeenten/loket/internal/document/documenttest"
	"github.com/gemeenten/loket/internal/zgw"
	"github.com/gemeenten/loket/internal/zgw/besluiten"
	"github.com/gemeenten/loket/internal/zgw/documenten"
	"github.com/gemeenten/loket/internal/zgw/zgwtest"
)

var (
	spec    = zgwtest.Spec("besluiten-1.0.2.yaml")
	drcSpec = zgwtest.Spec("documenten-1.4.3.yaml")
)

type fixture struct {
	t    *testing.T
	d    *db.DB
	srv  *zgwtest.Server
	docs *document.Service
	cat  documenttest.Catalog
	api  *zgwtest.Client // all autorisaties
}

func setup(t *testing.T, d *db.DB) *fixture {
	t.Helper()
	store, err := blob.NewDir(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	docs := document.New(d, store, nil)
	svc := besluit.New(d, nil)
	srv := zgwtest.NewServer(t, d, func(env *zgw.Env, mux *http.ServeMux) {
		env.Mount(mux, besluiten.Prefix, zgw.BRC, besluiten.APIVersion, besluiten.Handler(env, svc))
		env.Mount(mux, documenten.Prefix, zgw.DRC, documenten.APIVersion, documenten.Handler(env, docs))
	})
	f := &fixture{t: t, d: d, srv: srv, docs: docs, cat: documenttest.Setup(t, d)}
	f.api = srv.NewClient(t, spec, besluiten.Prefix, true)
	return f
}

func (f *fixture) bt(id string) string { return f.srv.Env.URL("/catalogi/api/v1/besluittypen/" + id) }
func (f *fixture) zaak(id string) string {
	return f.srv.Env.URL("/zaken/api/v1/zaken/" + id)
}

func (f *fixture) besluit(extra map[string]any) map[string]any {
	m := map[string]any{"verantwoordelijkeOrganisatie": documenttest.RSIN, "besluittype": f.bt(f.cat.BesluitType),
		"datum": "2026-04-01", "ingangsdatum": "2026-04-02"}
	for k, v := range extra {
		if v == nil {
			delete(m, k)
			continue
		}
		m[k] = v
	}
	return m
}

// doc creates a document of informatieobjecttype iot and returns its URL.
func (f *fixture) doc(iot string) string {
	f.t.Helper()
	d, err := f.docs.Create(context.Background(), document.CreateInput{Bronorganisatie: documenttest.RSIN,
		Creatiedatum: date.MustParse("2026-04-01"), Titel: "Besluit", Auteur: "Anna", Taal: "dut", InformatieobjecttypeID: iot})
	if err != nil {
		f.t.Fatal(err)
	}
	return f.srv.Env.URL(documenten.Prefix + "/enkelvoudiginformatieobjecten/" + d.ID)
}

func path(u string) string {
	i := strings.Index(u, besluiten.Prefix)
	return u[i+len(besluiten.Prefix):]
}

func outsideSpec(c *zgwtest.Client, fn func()) {
	c.SkipValidation = true
	defer func() { c.SkipValidation = false }()
	fn()
}

func TestBesluit(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		b := f.api.Post("/besluiten", f.besluit(map[string]any{"verzenddatum": "2026-04-03", "vervalreden": "tijdelijk"})).
			Want(http.StatusCreated).JSON()
		// brc-002: an identificatie is generated when none is given.
		if !strings.HasPrefix(b["identificatie"].(string), "BESLUIT-") {
			t.Errorf("identificatie = %v", b["identificatie"])
		}
		// The objection term follows from the verzenddatum (Awb 6:7): six
		// weeks end on 15 May 2026, a day equated to a holiday, so Monday.
		if b["uiterlijkeReactiedatum"] != "2026-05-18" || b["vervalredenWeergave"] != "Besluit met tijdelijke werking" {
			t.Errorf("created = %v", b)
		}
		u := path(b["url"].(string))
		res := f.api.Get(u).Want(http.StatusOK)
		f.api.Get(u, "If-None-Match", res.Header.Get("ETag")).Want(http.StatusNotModified)
		f.api.Head(u).Want(http.StatusOK)

		f.api.Post("/besluiten", f.besluit(map[string]any{"identificatie": "B-1"})).Want(http.StatusCreated)
		f.api.Post("/besluiten", f.besluit(map[string]any{"identificatie": "B-1"})).
			WantProblem(http.StatusBadRequest, "invalid", "identificatie")
		var page struct {
			Count   int              `json:"count"`
			Results []map[string]any `json:"results"`
		}
		f.api.Get("/besluiten?identificatie=B-1&verantwoordelijkeOrganisatie=" + documenttest.RSIN).Want(http.StatusOK).Decode(&page)
		if page.Count != 1 {
			t.Errorf("filtered count = %d", page.Count)
		}
		f.api.Get("/besluiten?besluittype=" + f.bt(f.cat.BesluitTypeOther)).Want(http.StatusOK).Decode(&page)
		if page.Count != 0 {
			t.Errorf("besluittype filter count = %d", page.Count)
		}
		f.api.Get("/besluiten?onbekend=1").WantProblem(http.StatusBadRequest, "invalid")

		// Required fields and choices.
		f.api.Post("/besluiten", f.besluit(map[string]any{"datum": nil, "ingangsdatum": nil})).
			WantProblem(http.StatusBadRequest, "invalid", "datum", "ingangsdatum")
		f.api.Post("/besluiten", f.besluit(map[string]any{"vervalreden": "zomaar", "vervaldatum": "2026-01-01"})).
			WantProblem(http.StatusBadRequest, "invalid", "vervalreden", "vervaldatum")
		f.api.Post("/besluiten", f.besluit(map[string]any{"datum": "2999-01-01"})).
			WantProblem(http.StatusBadRequest, "invalid", "datum")

		// brc-002: identificatie and verantwoordelijkeOrganisatie do not change.
		f.api.Patch(u, map[string]any{"identificatie": "ANDERS"}).WantProblem(http.StatusBadRequest, "invalid", "identificatie")
		f.api.Patch(u, map[string]any{"verantwoordelijkeOrganisatie": "517439943"}).
			WantProblem(http.StatusBadRequest, "invalid", "verantwoordelijkeOrganisatie")
		// brc-001: nor does the besluittype.
		f.api.Patch(u, map[string]any{"besluittype": f.bt(f.cat.BesluitTypeOther)}).
			WantProblem(http.StatusBadRequest, "invalid", "besluittype")
		// brc-006: nor the zaak.
		zaakID := documenttest.Zaak(t, d, f.cat.ZaakTypeID)
		f.api.Patch(u, map[string]any{"zaak": f.zaak(zaakID)}).WantProblem(http.StatusBadRequest, "invalid", "zaak")
		got := f.api.Patch(u, map[string]any{"toelichting": "Verleend", "besluittype": b["besluittype"]},
			"X-Audit-Toelichting", "Toelichting aangevuld").Want(http.StatusOK).JSON()
		if got["toelichting"] != "Verleend" {
			t.Errorf("after patch: %v", got)
		}
		put := f.besluit(map[string]any{"identificatie": b["identificatie"], "bestuursorgaan": "College"})
		got = f.api.Put(u, put).Want(http.StatusOK).JSON()
		if got["bestuursorgaan"] != "College" {
			t.Errorf("after put: %v", got)
		}

		var trail []map[string]any
		f.api.Get(u + "/audittrail").Want(http.StatusOK).Decode(&trail)
		if len(trail) != 3 || trail[0]["actie"] != "create" || trail[2]["actie"] != "update" || trail[0]["bron"] != "brc" {
			t.Errorf("audittrail = %v", trail)
		}
		f.api.Get(u + "/audittrail/" + trail[1]["uuid"].(string)).Want(http.StatusOK)
		if trail[1]["toelichting"] != "Toelichting aangevuld" {
			t.Errorf("X-Audit-Toelichting not in the trail: %v", trail[1])
		}
	})
}

func TestBRC001Besluittype(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		n := documenttest.Count(t, d, "besluiten")
		for name, c := range map[string]struct{ url, code string }{
			"concept":  {f.bt(f.cat.BesluitTypeConcept), "not-published"},
			"unknown":  {f.bt("9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d"), "does_not_exist"},
			"foreign":  {"https://elders.example/catalogi/api/v1/besluittypen/9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d", "bad-url"},
			"no url":   {"besluittype", "bad-url"},
			"required": {"", "required"},
		} {
			p := f.api.Post("/besluiten", f.besluit(map[string]any{"besluittype": c.url})).WantProblem(http.StatusBadRequest, "invalid")
			if !p.HasInvalidParam("besluittype", c.code) {
				t.Errorf("%s: %+v, want besluittype %s", name, p.InvalidParams, c.code)
			}
		}
		if got := documenttest.Count(t, d, "besluiten"); got != n {
			t.Errorf("refused creates stored %d besluiten", got-n)
		}
	})
}

func TestBRC007ZaakAndClosedZaak(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		zaakID := documenttest.Zaak(t, d, f.cat.ZaakTypeID)
		// brc-007: the besluittype must be one of the zaaktype's.
		f.api.Post("/besluiten", f.besluit(map[string]any{"zaak": f.zaak(zaakID), "besluittype": f.bt(f.cat.BesluitTypeOther)})).
			WantProblem(http.StatusBadRequest, "invalid", "nonFieldErrors")
		f.api.Post("/besluiten", f.besluit(map[string]any{"zaak": f.zaak("9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d")})).
			WantProblem(http.StatusBadRequest, "invalid", "zaak")
		b := f.api.Post("/besluiten", f.besluit(map[string]any{"zaak": f.zaak(zaakID)})).Want(http.StatusCreated).JSON()
		if b["zaak"] != f.zaak(zaakID) {
			t.Errorf("zaak = %v", b["zaak"])
		}
		var page struct {
			Count int `json:"count"`
		}
		f.api.Get("/besluiten?zaak=" + f.zaak(zaakID)).Want(http.StatusOK).Decode(&page)
		if page.Count != 1 {
			t.Errorf("zaak filter count = %d", page.Count)
		}

		// A closed zaak: changes need zaken.geforceerd-bijwerken.
		documenttest.CloseZaak(t, d, zaakID)
		plain := f.srv.NewClient(t, spec, besluiten.Prefix, false, zgw.Autorisatie{Component: zgw.BRC,
			Scopes: []string{"besluiten.lezen", "besluiten.aanmaken", "besluiten.bijwerken", "besluiten.verwijderen"}, Besluittype: f.bt(f.cat.BesluitType)})
		plain.Post("/besluiten", f.besluit(map[string]any{"zaak": f.zaak(zaakID)})).WantProblem(http.StatusForbidden, "permission_denied")
		u := path(b["url"].(string))
		plain.Patch(u, map[string]any{"toelichting": "later"}).WantProblem(http.StatusForbidden, "permission_denied")
		plain.Delete(u).WantProblem(http.StatusForbidden, "permission_denied")
		id, secret := f.srv.Register(t, false,
			zgw.Autorisatie{Component: zgw.BRC, Scopes: []string{"besluiten.aanmaken", "besluiten.bijwerken"}, Besluittype: f.bt(f.cat.BesluitType)},
			zgw.Autorisatie{Component: zgw.ZRC, Scopes: []string{"zaken.geforceerd-bijwerken"},
				Zaaktype: f.srv.Env.URL("/catalogi/api/v1/zaaktypen/" + f.cat.ZaakTypeID), MaxVertrouwelijkheid: "zeer_geheim"})
		forced := f.srv.Client(t, spec, besluiten.Prefix, id, secret)
		forced.Post("/besluiten", f.besluit(map[string]any{"zaak": f.zaak(zaakID)})).Want(http.StatusCreated)
		forced.Patch(u, map[string]any{"toelichting": "later"}).Want(http.StatusOK)
		// The same rule (besluit's, not this handler's) covers the documents
		// of such a besluit.
		doc := f.doc(f.cat.IOType)
		plain.Post("/besluitinformatieobjecten", map[string]any{"besluit": b["url"], "informatieobject": doc}).
			WantProblem(http.StatusForbidden, "permission_denied")
		forced.Post("/besluitinformatieobjecten", map[string]any{"besluit": b["url"], "informatieobject": doc}).Want(http.StatusCreated)
	})
}

func TestBesluitinformatieobjecten(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		b := f.api.Post("/besluiten", f.besluit(nil)).Want(http.StatusCreated).JSON()
		doc := f.doc(f.cat.IOType)
		// brc-003: the informatieobject must exist.
		f.api.Post("/besluitinformatieobjecten", map[string]any{"besluit": b["url"],
			"informatieobject": f.srv.Env.URL(documenten.Prefix + "/enkelvoudiginformatieobjecten/9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d")}).
			WantProblem(http.StatusBadRequest, "invalid", "informatieobject")
		f.api.Post("/besluitinformatieobjecten", map[string]any{"besluit": b["url"],
			"informatieobject": "https://elders.example/documenten/api/v1/enkelvoudiginformatieobjecten/9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d"}).
			WantProblem(http.StatusBadRequest, "invalid", "informatieobject")
		// brc-008: its informatieobjecttype must be one of the besluittype's.
		f.api.Post("/besluitinformatieobjecten", map[string]any{"besluit": b["url"], "informatieobject": f.doc(f.cat.IOTypeOther)}).
			WantProblem(http.StatusBadRequest, "invalid", "nonFieldErrors")
		bio := f.api.Post("/besluitinformatieobjecten", map[string]any{"besluit": b["url"], "informatieobject": doc}).
			Want(http.StatusCreated).JSON()
		f.api.Post("/besluitinformatieobjecten", map[string]any{"besluit": b["url"], "informatieobject": doc}).
			WantProblem(http.StatusBadRequest, "invalid", "nonFieldErrors")
		f.api.Get(path(bio["url"].(string))).Want(http.StatusOK)
		var list []map[string]any
		f.api.Get("/besluitinformatieobjecten?besluit=" + b["url"].(string)).Want(http.StatusOK).Decode(&list)
		if len(list) != 1 || list[0]["informatieobject"] != doc {
			t.Errorf("list = %v", list)
		}
		// brc-005: the Documenten API shows the relation as an objectinformatieobject.
		drc := f.srv.NewClient(t, drcSpec, documenten.Prefix, true)
		var oios []map[string]any
		drc.Get("/objectinformatieobjecten?object=" + b["url"].(string)).Want(http.StatusOK).Decode(&oios)
		if len(oios) != 1 || oios[0]["objectType"] != "besluit" || oios[0]["informatieobject"] != doc {
			t.Errorf("objectinformatieobjecten = %v", oios)
		}

		// brc-009: destroying the besluit takes its relations and trail with it.
		u := path(b["url"].(string))
		f.api.Delete(u).Want(http.StatusNoContent)
		f.api.Get(u).Want(http.StatusNotFound)
		f.api.Get(path(bio["url"].(string))).Want(http.StatusNotFound)
		drc.Get("/objectinformatieobjecten?object=" + b["url"].(string)).Want(http.StatusOK).Decode(&oios)
		if len(oios) != 0 {
			t.Errorf("mirror outlived the besluit: %v", oios)
		}
		var n int
		if err := d.R.QueryRow(`SELECT COUNT(*) FROM audit_trail WHERE bron = 'BRC' AND hoofd_object = $1`, u[len(u)-36:]).Scan(&n); err != nil || n != 0 {
			t.Errorf("audit trail of the destroyed besluit: %d rows, %v", n, err)
		}
		// The document itself stays.
		drc.Get(doc[strings.Index(doc, documenten.Prefix)+len(documenten.Prefix):]).Want(http.StatusOK)

		// Unlinking through the API.
		b = f.api.Post("/besluiten", f.besluit(nil)).Want(http.StatusCreated).JSON()
		bio = f.api.Post("/besluitinformatieobjecten", map[string]any{"besluit": b["url"], "informatieobject": doc}).Want(http.StatusCreated).JSON()
		f.api.Delete(path(bio["url"].(string))).Want(http.StatusNoContent)
		f.api.Get("/besluitinformatieobjecten?informatieobject=" + doc).Want(http.StatusOK).Decode(&list)
		if len(list) != 0 {
			t.Errorf("after unlink: %v", list)
		}
	})
}

func TestAuthorisation(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		b := f.api.Post("/besluiten", f.besluit(nil)).Want(http.StatusCreated).JSON()
		u := path(b["url"].(string))
		f.api.Post("/besluiten", f.besluit(map[string]any{"besluittype": f.bt(f.cat.BesluitTypeOther)})).Want(http.StatusCreated)
		doc := f.doc(f.cat.IOType)
		f.api.Post("/besluitinformatieobjecten", map[string]any{"besluit": b["url"], "informatieobject": doc}).Want(http.StatusCreated)

		none := f.srv.NewClient(t, spec, besluiten.Prefix, false)
		none.Get("/besluiten").WantProblem(http.StatusForbidden, "permission_denied")
		none.Get(u).WantProblem(http.StatusForbidden, "permission_denied")
		none.Post("/besluiten", f.besluit(nil)).WantProblem(http.StatusForbidden, "permission_denied")

		other := f.srv.NewClient(t, spec, besluiten.Prefix, false, zgw.Autorisatie{Component: zgw.BRC,
			Scopes: []string{"besluiten.lezen", "besluiten.aanmaken", "besluiten.verwijderen"}, Besluittype: f.bt(f.cat.BesluitTypeOther)})
		var page struct {
			Count   int              `json:"count"`
			Results []map[string]any `json:"results"`
		}
		other.Get("/besluiten").Want(http.StatusOK).Decode(&page)
		if page.Count != 1 || page.Results[0]["besluittype"] != f.bt(f.cat.BesluitTypeOther) {
			t.Errorf("other type sees %+v", page)
		}
		other.Get(u).WantProblem(http.StatusForbidden, "permission_denied")
		other.Delete(u).WantProblem(http.StatusForbidden, "permission_denied")
		other.Post("/besluiten", f.besluit(nil)).WantProblem(http.StatusForbidden, "permission_denied")
		other.Post("/besluitinformatieobjecten", map[string]any{"besluit": b["url"], "informatieobject": doc}).
			WantProblem(http.StatusForbidden, "permission_denied")
		var list []map[string]any
		other.Get("/besluitinformatieobjecten").Want(http.StatusOK).Decode(&list)
		if len(list) != 0 {
			t.Errorf("other type sees besluitinformatieobjecten %v", list)
		}

		reader := f.srv.NewClient(t, spec, besluiten.Prefix, false, zgw.Autorisatie{Component: zgw.BRC,
			Scopes: []string{"besluiten.lezen"}, Besluittype: f.bt(f.cat.BesluitType)})
		reader.Get(u).Want(http.StatusOK)
		reader.Patch(u, map[string]any{"toelichting": "x"}).WantProblem(http.StatusForbidden, "permission_denied")
		reader.Get(u+"/audittrail").WantProblem(http.StatusForbidden, "permission_denied")
		reader.Get("/besluitinformatieobjecten").Want(http.StatusOK).Decode(&list)
		if len(list) != 1 {
			t.Errorf("reader sees %d besluitinformatieobjecten, want 1", len(list))
		}
	})
}

var _ = outsideSpec
