package zaken_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/db/dbtest"
)

func TestZaakLifecycle(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		z := e.createZaak(e.zt, nil)
		// zrc-002: identificatie generated; zrc-009: vertrouwelijkheid from the zaaktype.
		if id := str(z, "identificatie"); !strings.HasPrefix(id, "ZAAK-2026-") {
			t.Errorf("identificatie = %q, want generated ZAAK-2026-…", id)
		}
		if v := str(z, "vertrouwelijkheidaanduiding"); v != "zaakvertrouwelijk" {
			t.Errorf("vertrouwelijkheidaanduiding = %q, want the zaaktype's zaakvertrouwelijk", v)
		}
		// 2026-03-20 + 8 weeks is 15 May, a day equated to a feestdag in 2026 (Atw art. 1).
		if str(z, "uiterlijkeEinddatumAfdoening") != "2026-05-18" {
			t.Errorf("uiterlijkeEinddatumAfdoening = %v, want startdatum + 8 weeks, moved past 15 May", z["uiterlijkeEinddatumAfdoening"])
		}
		u := str(z, "url")

		got := e.all.Get(u).Want(http.StatusOK)
		etag := got.Header.Get("ETag")
		if etag == "" {
			t.Fatal("no ETag on GET")
		}
		e.all.Get(u, "If-None-Match", etag).Want(http.StatusNotModified)
		h := e.all.Head(u).Want(http.StatusOK)
		if len(h.Body) != 0 || h.Header.Get("ETag") != etag {
			t.Errorf("HEAD: body %d bytes, ETag %q; want none and %q", len(h.Body), h.Header.Get("ETag"), etag)
		}

		p := e.all.Patch(u, map[string]any{"omschrijving": "Dakkapel Dorpsstraat 3"}).Want(http.StatusOK).JSON()
		if str(p, "omschrijving") != "Dakkapel Dorpsstraat 3" {
			t.Errorf("patch omschrijving = %q", str(p, "omschrijving"))
		}
		put := e.zaakBody(e.zt, map[string]any{"identificatie": str(z, "identificatie"), "toelichting": "Volledig"})
		pj := e.all.Put(u, put).Want(http.StatusOK).JSON()
		if str(pj, "toelichting") != "Volledig" || str(pj, "omschrijving") != "Dakkapel Dorpsstraat 1" {
			t.Errorf("put: toelichting %q omschrijving %q", str(pj, "toelichting"), str(pj, "omschrijving"))
		}

		l := e.all.Get("/zaken").Want(http.StatusOK).JSON()
		if count(l) != 1 || str(list(l)[0], "url") != u {
			t.Errorf("list = %v", l)
		}
		e.all.Delete(u).Want(http.StatusNoContent)
		e.all.Get(u).WantProblem(http.StatusNotFound, "not_found")
	})
}
