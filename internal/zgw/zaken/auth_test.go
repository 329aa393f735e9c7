package zaken_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/db/dbtest"
	"github.com/gemeenten/loket/internal/zgw/zaken"
)

// The authorisation matrix (zrc-006): a client without the scope, with the
// scope for another zaaktype, and with a lower vertrouwelijkheid ceiling,
// for the zaak itself and for its parts.
func TestAuthorisationMatrix(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		z := e.createZaak(e.zt, map[string]any{"vertrouwelijkheidaanduiding": "vertrouwelijk"})
		zu := str(z, "url")
		open := e.createZaak(e.zt, map[string]any{"vertrouwelijkheidaanduiding": "openbaar"})
		rol := e.addRol(zu, bsnA)
		st := e.all.Get("/statussen?zaak=" + url.QueryEscape(zu)).Want(http.StatusOK).JSON()
		statusURL := str(list(st)[0], "url")
		nested := zu[len(e.url(zaken.Prefix)):]

		allScopes := []string{zaken.ScopeLezen, zaken.ScopeAanmaken, zaken.ScopeBijwerken, zaken.ScopeVerwijderen,
			zaken.ScopeStatussenToevoegen, zaken.ScopeAudittrailsLezen}
		cases := []struct {
			name  string
			see   bool // may see and change zaak z
			count int  // zaken in the list (z and open)
		}{
			{"geen scope", false, -1},
			{"ander zaaktype", false, 0},
			{"lager plafond", false, 1},
			{"juist", true, 2},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				var cl = e.client(false)
				switch c.name {
				case "geen scope":
					// Rights on this zaaktype, but not zaken.lezen or any write scope.
					cl = e.client(false, e.grant(e.zt, "zeer_geheim", "notificaties.consumeren"))
				case "ander zaaktype":
					cl = e.client(false, e.grant(e.zt2, "zeer_geheim", allScopes...))
				case "lager plafond":
					cl = e.client(false, e.grant(e.zt, "zaakvertrouwelijk", allScopes...))
				case "juist":
					cl = e.client(false, e.grant(e.zt, "vertrouwelijk", allScopes...))
				}
				if c.count < 0 {
					cl.Get("/zaken").WantProblem(http.StatusForbidden, "permission_denied")
					cl.Get(zu).WantProblem(http.StatusForbidden, "permission_denied")
					cl.Get("/rollen").WantProblem(http.StatusForbidden, "permission_denied")
					cl.Post("/zaken", e.zaakBody(e.zt, nil)).WantProblem(http.StatusForbidden, "permission_denied")
					cl.Patch(zu, map[string]any{"toelichting": "x"}).WantProblem(http.StatusForbidden, "permission_denied")
					cl.Delete(zu).WantProblem(http.StatusForbidden, "permission_denied")
					cl.Get(nested+"/audittrail").WantProblem(http.StatusForbidden, "permission_denied")
					return
				}
				l := cl.Get("/zaken").Want(http.StatusOK).JSON()
				if count(l) != c.count {
					t.Errorf("list count = %d, want %d", count(l), c.count)
				}
				rl := cl.Get("/rollen").Want(http.StatusOK).JSON()
				sl := cl.Get("/statussen").Want(http.StatusOK).JSON()
				if c.see {
					cl.Get(zu).Want(http.StatusOK)
					cl.Get(str(rol, "url")).Want(http.StatusOK)
					cl.Get(statusURL).Want(http.StatusOK)
					cl.Get(nested + "/zaakeigenschappen").Want(http.StatusOK)
					cl.Get(nested + "/audittrail").Want(http.StatusOK)
					cl.Patch(zu, map[string]any{"toelichting": "Gezien"}).Want(http.StatusOK)
					if count(rl) != 1 || count(sl) != 2 {
						t.Errorf("rollen %d, statussen %d; want 1 and 2", count(rl), count(sl))
					}
					cl.Post("/zaken", e.zaakBody(e.zt, nil)).Want(http.StatusCreated)
					// Not above its ceiling.
					cl.Post("/zaken", e.zaakBody(e.zt, map[string]any{"vertrouwelijkheidaanduiding": "geheim"})).
						WantProblem(http.StatusForbidden, "permission_denied")
					cl.Delete(str(open, "url")).Want(http.StatusNoContent)
					return
				}
				cl.Get(zu).WantProblem(http.StatusForbidden, "permission_denied")
				cl.Head(zu).Want(http.StatusForbidden)
				cl.Get(str(rol, "url")).WantProblem(http.StatusForbidden, "permission_denied")
				cl.Get(statusURL).WantProblem(http.StatusForbidden, "permission_denied")
				cl.Get(nested+"/zaakeigenschappen").WantProblem(http.StatusForbidden, "permission_denied")
				cl.Get(nested+"/audittrail").WantProblem(http.StatusForbidden, "permission_denied")
				cl.Patch(zu, map[string]any{"toelichting": "x"}).WantProblem(http.StatusForbidden, "permission_denied")
				cl.Delete(zu).WantProblem(http.StatusForbidden, "permission_denied")
				cl.Post("/rollen", map[string]any{"zaak": zu, "betrokkeneType": "medewerker",
					"roltype": e.roltype(e.zt, "behandelaar"), "roltoelichting": "x",
					"betrokkeneIdentificatie": map[string]any{"identificatie": "m1"}}).WantProblem(http.StatusForbidden, "permission_denied")
				cl.Post("/statussen", map[string]any{"zaak": zu, "statustype": e.statustype(e.zt, 2), "datumStatusGezet": now()}).
					WantProblem(http.StatusForbidden, "permission_denied")
				if count(rl) != 0 || (c.name == "ander zaaktype" && count(sl) != 0) {
					t.Errorf("rollen %d, statussen %d visible", count(rl), count(sl))
				}
				if c.name == "ander zaaktype" {
					cl.Post("/zaken", e.zaakBody(e.zt, nil)).WantProblem(http.StatusForbidden, "permission_denied")
				}
			})
		}
		// A client without any Applicatie authenticates but may do nothing.
		none := e.client(false)
		none.Get("/zaken").WantProblem(http.StatusForbidden, "permission_denied")
		// Without the CRS headers the zaken endpoints answer 412.
		bare := e.client(true)
		bare.Header.Del("Accept-Crs")
		bare.Get("/zaken").WantProblem(http.StatusPreconditionFailed, "precondition_failed")
		bare.Header.Set("Accept-Crs", "EPSG:28992")
		bare.Get("/zaken").Want(http.StatusNotAcceptable)
	})
}

// A search by BSN on behalf of an end user (user_id in the JWT) is logged
// in the inzage log; the same search by an integration without user is not.
func TestInzageLog(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		z := e.createZaak(e.zt, nil)
		rol := e.addRol(str(z, "url"), bsnA)
		logged := func() int {
			var n int
			if err := d.R.QueryRow(`SELECT COUNT(*) FROM inzage_log WHERE subject_type = 'bsn' AND subject_id = $1`, bsnA).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		e.all.Get("/zaken?rol__betrokkeneIdentificatie__natuurlijkPersoon__inpBsn=" + bsnA).Want(http.StatusOK)
		e.all.Get(str(rol, "url")).Want(http.StatusOK)
		e.all.Get("/rollen?betrokkeneIdentificatie__natuurlijkPersoon__inpBsn=" + bsnA).Want(http.StatusOK)
		if n := logged(); n != 3 {
			t.Errorf("inzage log has %d entries, want 3", n)
		}
		system := e.client(true)
		system.UserID, system.UserRepresentation = "", ""
		system.Get("/zaken?rol__betrokkeneIdentificatie__natuurlijkPersoon__inpBsn=" + bsnA).Want(http.StatusOK)
		if n := logged(); n != 3 {
			t.Errorf("after a search without user: %d entries, want 3", n)
		}
	})
}
