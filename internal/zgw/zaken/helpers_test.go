package zaken_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gemeenten/loket/internal/audit"
	"github.com/gemeenten/loket/internal/besluit"
	"github.com/gemeenten/loket/internal/blob"
	"github.com/gemeenten/loket/internal/catalogus"
	"github.com/gemeenten/loket/internal/catalogus/catalogustest"
	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/document"
	"github.com/gemeenten/loket/internal/zaak"
	"github.com/gemeenten/loket/internal/zgw"
	"github.com/gemeenten/loket/internal/zgw/catalogi"
	"github.com/gemeenten/loket/internal/zgw/zaken"
	"github.com/gemeenten/loket/internal/zgw/zgwtest"
)

// Valid test numbers (elfproef).
const (
	rsin  = "002220647"
	bsnA  = "999993653"
	bsnB  = "999990627"
	crs   = "EPSG:4326"
	today = "2026-03-20"
)

var spec = zgwtest.Spec("zaken-1.5.1.yaml")

type tenv struct {
	t    *testing.T
	d    *db.DB
	srv  *zgwtest.Server
	fx   *catalogustest.Fixture
	zt   *catalogus.ZaakType
	zt2  *catalogus.ZaakType // a second zaaktype, for the "belongs to the zaaktype" rules
	zs   *zaak.Service
	docs *document.Service
	bs   *besluit.Service
	all  *zgwtest.Client // heeftAlleAutorisaties
}

func newEnv(t *testing.T, d *db.DB) *tenv {
	t.Helper()
	e := &tenv{t: t, d: d}
	e.fx = catalogustest.Build(t, d)
	e.zt = e.fx.ZaakType
	e.zt2 = catalogustest.Published(t, d)
	store, err := blob.NewDir(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	e.zs = zaak.New(d)
	e.docs = document.New(d, store, nil)
	e.bs = besluit.New(d, nil)
	e.srv = zgwtest.NewServer(t, d, func(env *zgw.Env, mux *http.ServeMux) {
		env.Mount(mux, zaken.Prefix, zgw.ZRC, zaken.APIVersion, zaken.Handler(env, e.zs, e.docs, e.bs, zaken.Options{Local: mux}))
		env.Mount(mux, catalogi.Prefix, zgw.ZTC, catalogi.APIVersion, catalogi.Handler(env, catalogus.New(d, nil)))
	})
	e.all = e.client(true)
	return e
}

// client returns an API client with all rights or the given autorisaties,
// sending the CRS headers the zaken endpoints require.
func (e *tenv) client(all bool, auts ...zgw.Autorisatie) *zgwtest.Client {
	c := e.srv.NewClient(e.t, spec, zaken.Prefix, all, auts...)
	c.Header.Set("Accept-Crs", crs)
	c.Header.Set("Content-Crs", crs)
	return c
}

// grant is a zrc autorisatie on zaaktype zt up to max.
func (e *tenv) grant(zt *catalogus.ZaakType, max string, scopes ...string) zgw.Autorisatie {
	return zgw.Autorisatie{Component: zgw.ZRC, Scopes: scopes, Zaaktype: e.ztURL(zt), MaxVertrouwelijkheid: max}
}

func (e *tenv) url(path string) string { return e.srv.URL + path }

func (e *tenv) ztURL(zt *catalogus.ZaakType) string {
	return e.url("/catalogi/api/v1/zaaktypen/" + zt.ID)
}

func (e *tenv) statustype(zt *catalogus.ZaakType, volgnummer int) string {
	for _, st := range zt.StatusTypen {
		if st.Volgnummer == volgnummer {
			return e.url("/catalogi/api/v1/statustypen/" + st.ID)
		}
	}
	e.t.Fatalf("no statustype %d", volgnummer)
	return ""
}

func (e *tenv) eind(zt *catalogus.ZaakType) string {
	return e.url("/catalogi/api/v1/statustypen/" + zt.EindStatusType().ID)
}

func (e *tenv) resultaattype(zt *catalogus.ZaakType, omschrijving string) string {
	for _, r := range zt.ResultaatTypen {
		if r.Omschrijving == omschrijving {
			return e.url("/catalogi/api/v1/resultaattypen/" + r.ID)
		}
	}
	e.t.Fatalf("no resultaattype %s", omschrijving)
	return ""
}

func (e *tenv) roltype(zt *catalogus.ZaakType, generiek string) string {
	rt := zt.RolTypeGeneriek(generiek)
	if rt == nil {
		e.t.Fatalf("no roltype %s", generiek)
	}
	return e.url("/catalogi/api/v1/roltypen/" + rt.ID)
}

func (e *tenv) eigenschap(zt *catalogus.ZaakType) string {
	var id string
	if err := e.d.R.QueryRow(`SELECT id FROM eigenschappen WHERE zaaktype_id = $1`, zt.ID).Scan(&id); err != nil {
		e.t.Fatalf("eigenschap: %v", err)
	}
	return e.url("/catalogi/api/v1/eigenschappen/" + id)
}

// zaakBody is a valid new zaak of zt; extra fields override.
func (e *tenv) zaakBody(zt *catalogus.ZaakType, extra map[string]any) map[string]any {
	b := map[string]any{
		"bronorganisatie": rsin, "verantwoordelijkeOrganisatie": rsin, "zaaktype": e.ztURL(zt),
		"startdatum": today, "omschrijving": "Dakkapel Dorpsstraat 1",
	}
	for k, v := range extra {
		if v == nil {
			delete(b, k)
			continue
		}
		b[k] = v
	}
	return b
}

// createZaak creates a zaak through the API with all rights.
func (e *tenv) createZaak(zt *catalogus.ZaakType, extra map[string]any) map[string]any {
	e.t.Helper()
	return e.all.Post("/zaken", e.zaakBody(zt, extra)).Want(http.StatusCreated).JSON()
}

// addRol gives the zaak an initiator natuurlijk persoon with bsn.
func (e *tenv) addRol(zaakURL, bsn string) map[string]any {
	e.t.Helper()
	return e.all.Post("/rollen", map[string]any{
		"zaak": zaakURL, "betrokkeneType": "natuurlijk_persoon", "roltype": e.roltype(e.zt, "initiator"),
		"roltoelichting": "Aanvrager", "betrokkeneIdentificatie": map[string]any{"inpBsn": bsn, "geslachtsnaam": "Jansen"},
	}).Want(http.StatusCreated).JSON()
}

// close gives the zaak a resultaat and its eindstatus.
func (e *tenv) close(zaakURL string) {
	e.t.Helper()
	e.all.Post("/resultaten", map[string]any{"zaak": zaakURL, "resultaattype": e.resultaattype(e.zt, "Verleend")}).
		Want(http.StatusCreated)
	e.all.Post("/statussen", map[string]any{"zaak": zaakURL, "statustype": e.eind(e.zt),
		"datumStatusGezet": now()}).Want(http.StatusCreated)
}

// document creates an informatieobject of the fixture's type; gebruiksrecht
// nil leaves indicatieGebruiksrecht unset.
func (e *tenv) document(gebruiksrecht *bool) string {
	e.t.Helper()
	ctx := audit.WithActor(context.Background(), audit.Actor{Kind: "systeem", ID: "test", Name: "test"})
	d, err := e.docs.Create(ctx, document.CreateInput{Bronorganisatie: rsin, Creatiedatum: date.MustParse(today),
		Titel: "Aanvraag", Auteur: "Anna", Taal: "dut", IndicatieGebruiksrecht: gebruiksrecht,
		InformatieobjecttypeID: e.fx.InformatieObjectType.ID, Content: strings.NewReader("inhoud")})
	if err != nil {
		e.t.Fatalf("document: %v", err)
	}
	return e.url("/documenten/api/v1/enkelvoudiginformatieobjecten/" + d.ID)
}

var tick = time.Now().UTC().Add(-time.Hour)

// now returns increasing instants in the past, so that statuses set one
// after the other never share a datumStatusGezet.
func now() string {
	tick = tick.Add(time.Second)
	return tick.Format(time.RFC3339)
}

func str(m map[string]any, k string) string {
	v, _ := m[k].(string)
	return v
}

func list(m map[string]any) []map[string]any {
	var out []map[string]any
	rs, _ := m["results"].([]any)
	for _, r := range rs {
		out = append(out, r.(map[string]any))
	}
	return out
}

func arr(v any) []map[string]any {
	var out []map[string]any
	rs, _ := v.([]any)
	for _, r := range rs {
		out = append(out, r.(map[string]any))
	}
	return out
}

func count(m map[string]any) int {
	n, _ := m["count"].(float64)
	return int(n)
}

func ptr[T any](v T) *T { return &v }

func fmtURL(format string, a ...any) string { return fmt.Sprintf(format, a...) }
