package main

import (
	"bytes"
	"net/http"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/gemeenten/loket/internal/besluit"
	"github.com/gemeenten/loket/internal/blob"
	"github.com/gemeenten/loket/internal/catalogus/catalogustest"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/db/dbtest"
	"github.com/gemeenten/loket/internal/document"
	"github.com/gemeenten/loket/internal/zaak"
	"github.com/gemeenten/loket/internal/zgw"
	"github.com/gemeenten/loket/internal/zgw/zaken"
	"github.com/gemeenten/loket/internal/zgw/zgwtest"
)

// The load generator against a real server with the Zaken API: every
// scenario runs without failures and prints its line.
func TestLoadgen(t *testing.T) {
	d := dbtest.New(t, db.SQLite)
	zt := catalogustest.Published(t, d)
	store, err := blob.NewDir(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	srv := zgwtest.NewServer(t, d, func(env *zgw.Env, mux *http.ServeMux) {
		env.Mount(mux, zaken.Prefix, zgw.ZRC, zaken.APIVersion,
			zaken.Handler(env, zaak.New(d), document.New(d, store, nil), besluit.New(d, nil)))
	})
	id, secret := srv.Register(t, true)
	c := srv.Client(t, "", zaken.Prefix, id, secret)
	c.Header.Set("Accept-Crs", "EPSG:4326")
	c.Header.Set("Content-Crs", "EPSG:4326")
	z := c.Post("/zaken", map[string]any{"bronorganisatie": "002220647", "verantwoordelijkeOrganisatie": "002220647",
		"zaaktype": srv.URL + "/catalogi/api/v1/zaaktypen/" + zt.ID, "startdatum": "2026-03-20"}).Want(http.StatusCreated).JSON()
	c.Post("/rollen", map[string]any{"zaak": z["url"], "betrokkeneType": "natuurlijk_persoon",
		"roltype": srv.URL + "/catalogi/api/v1/roltypen/" + zt.RolTypeGeneriek("initiator").ID, "roltoelichting": "x",
		"betrokkeneIdentificatie": map[string]any{"inpBsn": "999993653"}}).Want(http.StatusCreated)

	var out bytes.Buffer
	if err := run([]string{"-base", srv.URL, "-client-id", id, "-secret", secret, "-c", "4", "-d", "300ms",
		"-server-pid", strconv.Itoa(os.Getpid()), "-abonnement=false"}, &out); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"zaaktype", "inpBsn", "startdatum__gte", "create"} {
		line := ""
		for _, l := range strings.Split(out.String(), "\n") {
			if strings.HasPrefix(l, s+" ") {
				line = l
			}
		}
		f := strings.Fields(line)
		if len(f) != 6 || f[4] != "0" {
			t.Errorf("scenario %s: %q\n%s", s, line, out.String())
			continue
		}
		// The server runs in this process: its CPU time per request is known.
		if cpu, err := strconv.ParseFloat(f[5], 64); err != nil || cpu <= 0 {
			t.Errorf("scenario %s: server CPU %q", s, f[5])
		}
	}
}
