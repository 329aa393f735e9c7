package catalogi_test

import (
	"context"
	"database/sql"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/gemeenten/loket/internal/audit"
	"github.com/gemeenten/loket/internal/catalogus"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/db/dbtest"
	"github.com/gemeenten/loket/internal/event"
	"github.com/gemeenten/loket/internal/zgw"
	"github.com/gemeenten/loket/internal/zgw/catalogi"
	"github.com/gemeenten/loket/internal/zgw/referentielijsten"
	"github.com/gemeenten/loket/internal/zgw/zgwtest"
)

// A selectielijst on this server is read in-process (Options.Local): no
// HTTP round trip, so it works when nothing listens on the public URL.
func TestLocalSelectielijst(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		sl := newSelectielijst(t)
		const prefix = "/referentielijsten/api/v1"
		var base string
		srv := zgwtest.NewServer(t, d, func(e *zgw.Env, mux *http.ServeMux) {
			base = e.Base + prefix
			local := http.NewServeMux()
			local.Handle(prefix+"/", http.StripPrefix(prefix, sl.handler(base)))
			e.Mount(mux, catalogi.Prefix, zgw.ZTC, catalogi.APIVersion,
				catalogi.Handler(e, catalogus.New(d, e.Now), catalogi.Options{SelectielijstBase: base, Local: local}))
		})
		e := &env{t: t, srv: srv, sl: sl, c: srv.NewClient(t, spec(t), catalogi.Prefix, true)}
		cat := e.catalogus("ABC")
		pt := base + "/procestypen/" + sl.procestypen[1]
		zt := e.zaakType(cat, "ZT", "2024-01-01", map[string]any{"selectielijstProcestype": pt})
		if zt["selectielijstProcestype"] != pt {
			t.Errorf("selectielijstProcestype %v", zt["selectielijstProcestype"])
		}
		// The external selectielijst is not the configured one.
		e.c.Post("/zaaktypen", e.zaakTypeBody(cat, "X", "2024-01-01", nil)).
			WantProblem(http.StatusBadRequest, "invalid", "selectielijstProcestype")
		e.c.Post("/zaaktypen", e.zaakTypeBody(cat, "Y", "2024-01-01", map[string]any{"selectielijstProcestype": base + "/procestypen/onbekend"})).
			WantProblem(http.StatusBadRequest, "invalid", "selectielijstProcestype")
	})
}

// Writes through the API announce their change in the write transaction
// (the notificaties sink of the lead's wiring).
func TestEvents(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		sl := newSelectielijst(t)
		var mu sync.Mutex
		var got []event.Change
		sink := event.SinkFunc(func(ctx context.Context, tx *sql.Tx, c event.Change) error {
			mu.Lock()
			defer mu.Unlock()
			got = append(got, c)
			return nil
		})
		srv := zgwtest.NewServer(t, d, func(e *zgw.Env, mux *http.ServeMux) {
			store := catalogus.New(d, e.Now)
			store.Events = sink
			e.Mount(mux, catalogi.Prefix, zgw.ZTC, catalogi.APIVersion,
				catalogi.Handler(e, store, catalogi.Options{SelectielijstBase: sl.URL}))
		})
		e := &env{t: t, srv: srv, sl: sl, c: srv.NewClient(t, spec(t), catalogi.Prefix, true)}
		cat := e.catalogus("ABC")
		zt := e.zaakType(cat, "ZT", "2024-01-01", nil)["url"].(string)
		zot := e.create("/zaakobjecttypen", map[string]any{"zaaktype": zt, "anderObjecttype": true,
			"objecttype": "https://example.com/objecttypen/1", "relatieOmschrijving": "Pand"})
		e.c.Delete(zot["url"].(string)).Want(http.StatusNoContent)

		has := func(kanaal, resource, actie string) bool {
			mu.Lock()
			defer mu.Unlock()
			for _, c := range got {
				if c.Kanaal == kanaal && c.Resource == resource && c.Actie == actie {
					return true
				}
			}
			return false
		}
		for _, w := range [][3]string{{"zaaktypen", "zaaktype", "create"}, {"catalogi", "zaaktype", "create"},
			{"zaaktypen", "zaakobjecttype", "create"}, {"zaaktypen", "zaakobjecttype", "destroy"}} {
			if !has(w[0], w[1], w[2]) {
				t.Errorf("no %s %s on kanaal %s in %+v", w[2], w[1], w[0], got)
			}
		}
	})
}

// Every write through the API is in the audit trail, attributed to the API
// client and the end user of the JWT; a refused write leaves no trace.
func TestAuditTrail(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		cat := e.catalogus("ABC")
		zt := e.zaakType(cat, "ZT", "2024-01-01", nil)
		id := zt["url"].(string)[len(zt["url"].(string))-36:]
		e.c.Patch(zt["url"].(string), map[string]any{"toelichting": "Bijgewerkt"}).Want(http.StatusOK)
		e.c.Patch(zt["url"].(string), map[string]any{"doorlooptijd": "acht weken"}).WantProblem(http.StatusBadRequest, "invalid", "doorlooptijd")
		zot := e.create("/zaakobjecttypen", map[string]any{"zaaktype": zt["url"], "anderObjecttype": false,
			"objecttype": "https://example.com/objecttypen/1", "relatieOmschrijving": "Pand"})

		rows, err := audit.ForResource(context.Background(), d.R, "zaaktype", id)
		if err != nil {
			t.Fatal(err)
		}
		var acties []string
		for _, r := range rows {
			acties = append(acties, r.Actie)
			if r.ApplicatieID != e.c.ClientID || r.GebruikersID != "test-gebruiker" || r.Bron != "ZTC" {
				t.Errorf("audit row %s: applicatie %q gebruiker %q bron %q", r.Actie, r.ApplicatieID, r.GebruikersID, r.Bron)
			}
		}
		if len(acties) != 2 || acties[0] != "create" || acties[1] != "update" {
			t.Errorf("audit of zaaktype: %v, want [create update]", acties)
		}
		zotID := zot["url"].(string)[len(zot["url"].(string))-36:]
		if rows, err := audit.ForResource(context.Background(), d.R, "zaakobjecttype", zotID); err != nil || len(rows) != 1 {
			t.Errorf("audit of zaakobjecttype: %d rows, %v", len(rows), err)
		}
	})
}

// The wiring of cmd/loket: the local Referentielijsten API on the same mux,
// read in-process through Options.Local.
func TestWithReferentielijsten(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		var base string
		srv := zgwtest.NewServer(t, d, func(e *zgw.Env, mux *http.ServeMux) {
			if err := referentielijsten.Mount(mux, e); err != nil {
				t.Fatal(err)
			}
			base = e.URL(referentielijsten.Prefix)
			e.Mount(mux, catalogi.Prefix, zgw.ZTC, catalogi.APIVersion,
				catalogi.Handler(e, catalogus.New(d, e.Now), catalogi.Options{SelectielijstBase: base, Local: mux}))
		})
		sl := newSelectielijst(t) // the same data as the embedded copy
		e := &env{t: t, srv: srv, sl: sl, c: srv.NewClient(t, spec(t), catalogi.Prefix, true)}
		cat := e.catalogus("ABC")
		zt := e.zaakType(cat, "ZT", "2024-01-01", map[string]any{"selectielijstProcestype": base + "/procestypen/" + sl.procestypen[1]})
		klasse, r := sl.resultaat(t, 1, "nihil")
		oms, omschrijving := sl.omschrijving(t)
		rt := e.create("/resultaattypen", map[string]any{"zaaktype": zt["url"], "omschrijving": "Verleend",
			"resultaattypeomschrijving": strings.Replace(oms, sl.URL, base, 1),
			"selectielijstklasse":       strings.Replace(klasse, sl.URL, base, 1),
			"brondatumArchiefprocedure": map[string]any{"afleidingswijze": "afgehandeld"}})
		if rt["omschrijvingGeneriek"] != omschrijving || rt["archiefnominatie"] != r.Waardering {
			t.Errorf("resultaattype from the local referentielijsten: %v %v", rt["omschrijvingGeneriek"], rt["archiefnominatie"])
		}
	})
}
