package zaken_test

import (
	"context"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gemeenten/loket/internal/audit"
	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/db/dbtest"
	"github.com/gemeenten/loket/internal/seed"
	"github.com/gemeenten/loket/internal/zaak"
	"github.com/gemeenten/loket/internal/zgw"
)

// The list count is cached for broad filters (internal/zaak/api_count.go).
// These tests use enough zaken (seeded in bulk, as `loket seed` does) that
// the counts are cached, and check that every write through the API — or
// through the domain, as the pages do — shows in the very next count.

func seedZaken(t *testing.T, d *db.DB, n int) {
	t.Helper()
	if err := seed.Run(context.Background(), d, seed.Options{Zaken: n, Years: 1}); err != nil {
		t.Fatal(err)
	}
}

func dbCount(t *testing.T, d *db.DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := d.R.QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestListCountFollowsWrites(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		seedZaken(t, d, 700)
		total := dbCount(t, d, `SELECT COUNT(*) FROM zaken`)
		if total < 700 {
			t.Fatalf("seeded %d zaken", total)
		}
		hits0, _ := zaak.APICountStats()
		for range 2 {
			if got := count(e.all.Get("/zaken").Want(http.StatusOK).JSON()); got != total {
				t.Fatalf("count %d, want %d", got, total)
			}
		}
		if hits, _ := zaak.APICountStats(); hits == hits0 {
			t.Fatalf("the second list of %d zaken did not use the cached count", total)
		}

		// A create through the API shows in the next count.
		z := e.createZaak(e.zt, nil)
		if got := count(e.all.Get("/zaken").Want(http.StatusOK).JSON()); got != total+1 {
			t.Fatalf("after create: count %d, want %d", got, total+1)
		}
		// So does a change of a filtered field: the zaak leaves the
		// startdatum range when its startdatum moves back.
		since := "startdatum__gte=2000-01-01"
		before := count(e.all.Get("/zaken?" + since).Want(http.StatusOK).JSON())
		e.all.Patch(str(z, "url"), map[string]any{"startdatum": "1999-12-31"}).Want(http.StatusOK)
		if got := count(e.all.Get("/zaken?" + since).Want(http.StatusOK).JSON()); got != before-1 {
			t.Fatalf("after moving the startdatum out of the range: count %d, want %d", got, before-1)
		}
		// A rol added through the API shows in a rol filter at once.
		e.addRol(str(z, "url"), bsnB)
		if got := count(e.all.Get("/zaken?rol__betrokkeneIdentificatie__natuurlijkPersoon__inpBsn=" + bsnB).
			Want(http.StatusOK).JSON()); got != dbCount(t, d, `SELECT COUNT(DISTINCT zaak_id) FROM rollen WHERE ident_value = $1`, bsnB) || got == 0 {
			t.Fatalf("rol filter count %d", got)
		}
		// A delete through the API shows in the next count.
		e.all.Delete(str(z, "url")).Want(http.StatusNoContent)
		if got := count(e.all.Get("/zaken").Want(http.StatusOK).JSON()); got != total {
			t.Fatalf("after delete: count %d, want %d", got, total)
		}
		// A write through the domain (as the pages make it) as well.
		ctx := audit.WithActor(context.Background(), audit.Actor{Kind: "systeem", ID: "test", Name: "test"})
		created, err := e.zs.APICreate(ctx, zaak.CreateInput{Bronorganisatie: rsin, VerantwoordelijkeOrganisatie: rsin,
			ZaakTypeID: e.zt.ID, Startdatum: date.MustParse(today), Omschrijving: "Via de balie", Kanaal: "balie"}, zaak.APIExtra{})
		if err != nil {
			t.Fatal(err)
		}
		if got := count(e.all.Get("/zaken").Want(http.StatusOK).JSON()); got != total+1 {
			t.Fatalf("after a create through the domain (%s): count %d, want %d", created.ID, got, total+1)
		}
		// Bad input changes nothing, and neither does the count.
		e.all.Post("/zaken", e.zaakBody(e.zt, map[string]any{"startdatum": "geen datum"})).Want(http.StatusBadRequest)
		if got := count(e.all.Get("/zaken").Want(http.StatusOK).JSON()); got != total+1 {
			t.Fatalf("after a rejected create: count %d, want %d", got, total+1)
		}
	})
}

// TestListCountRestrictedGrant: a client with autorisaties per zaaktype up
// to a ceiling counts exactly the zaken it may see, apart from an
// all-rights client's count of the same filter, also after a write.
func TestListCountRestrictedGrant(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		seedZaken(t, d, 1500)
		// zt1: the most common zaaktype, granted up to zeer_geheim; zt2: a
		// zaaktype whose zaken are all above openbaar, granted up to openbaar.
		var zt1, zt2 string
		if err := d.R.QueryRow(`SELECT zaaktype_id FROM zaken GROUP BY zaaktype_id ORDER BY COUNT(*) DESC LIMIT 1`).Scan(&zt1); err != nil {
			t.Fatal(err)
		}
		if err := d.R.QueryRow(`SELECT zaaktype_id FROM zaken WHERE zaaktype_id <> $1 GROUP BY zaaktype_id
			HAVING SUM(CASE WHEN vertrouwelijkheidaanduiding = 'openbaar' THEN 1 ELSE 0 END) = 0
			ORDER BY COUNT(*) DESC LIMIT 1`, zt1).Scan(&zt2); err != nil {
			t.Fatal(err)
		}
		ztURL := func(id string) string { return e.url("/catalogi/api/v1/zaaktypen/" + id) }
		want := dbCount(t, d, `SELECT COUNT(*) FROM zaken WHERE zaaktype_id = $1`, zt1)
		total := dbCount(t, d, `SELECT COUNT(*) FROM zaken`)
		if want < 500 || dbCount(t, d, `SELECT COUNT(*) FROM zaken WHERE zaaktype_id = $1`, zt2) == 0 {
			t.Fatalf("seeded data too small: %d zaken of %s", want, zt1)
		}
		restricted := e.client(false,
			zgw.Autorisatie{Component: zgw.ZRC, Scopes: []string{"zaken.lezen"}, Zaaktype: ztURL(zt1), MaxVertrouwelijkheid: "zeer_geheim"},
			zgw.Autorisatie{Component: zgw.ZRC, Scopes: []string{"zaken.lezen"}, Zaaktype: ztURL(zt2), MaxVertrouwelijkheid: "openbaar"})
		check := func(wantRestricted, wantAll int) {
			t.Helper()
			for range 2 { // the second answer comes from the cache
				if got := count(restricted.Get("/zaken").Want(http.StatusOK).JSON()); got != wantRestricted {
					t.Fatalf("restricted client: count %d, want %d", got, wantRestricted)
				}
				if got := count(e.all.Get("/zaken").Want(http.StatusOK).JSON()); got != wantAll {
					t.Fatalf("all rights: count %d, want %d", got, wantAll)
				}
				if got := count(restricted.Get("/zaken?zaaktype=" + ztURL(zt2)).Want(http.StatusOK).JSON()); got != wantRestricted-want {
					t.Fatalf("restricted client, zaaktype above its ceiling: count %d, want %d", got, wantRestricted-want)
				}
			}
		}
		check(want, total)
		// Every zaak on the restricted client's page is one it may see.
		for _, z := range list(restricted.Get("/zaken").Want(http.StatusOK).JSON()) {
			if str(z, "zaaktype") != ztURL(zt1) {
				t.Fatalf("restricted client sees %s of zaaktype %s", str(z, "url"), str(z, "zaaktype"))
			}
		}
		// A zaak of zt2 marked openbaar comes within the ceiling at once.
		e.all.Post("/zaken", map[string]any{"bronorganisatie": rsin, "verantwoordelijkeOrganisatie": rsin,
			"zaaktype": ztURL(zt2), "startdatum": today, "vertrouwelijkheidaanduiding": "openbaar"}).Want(http.StatusCreated)
		check(want+1, total+1)
	})
}

// TestListCountOtherProcess: a write this process did not make (here a
// bulk load, as `loket seed` in another process does) shows in the count
// once the cached figure is older than APICountMaxAge.
func TestListCountOtherProcess(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		var offset atomic.Int64
		e.zs.Now = func() time.Time { return time.Now().Add(time.Duration(offset.Load())) }
		e.zs.APICountMaxAge = time.Minute
		seedZaken(t, d, 600)
		total := dbCount(t, d, `SELECT COUNT(*) FROM zaken`)
		if got := count(e.all.Get("/zaken").Want(http.StatusOK).JSON()); got != total {
			t.Fatalf("count %d, want %d", got, total)
		}
		seedZaken(t, d, 5)
		// Within the bound the cached figure may still be served …
		if got := count(e.all.Get("/zaken").Want(http.StatusOK).JSON()); got != total && got != total+5 {
			t.Fatalf("count %d, want %d or %d", got, total, total+5)
		}
		// … past it, never.
		offset.Store(int64(time.Minute + time.Second))
		if got := count(e.all.Get("/zaken").Want(http.StatusOK).JSON()); got != total+5 {
			t.Fatalf("after the bound: count %d, want %d", got, total+5)
		}
	})
}

// TestListCountDetectsOtherProcess: a write through other connections to
// the same database (as another `loket` process makes it) is detected by
// the watcher (SQLite data_version, PostgreSQL table statistics) well
// before the 60 s bound of cached counts.
func TestListCountDetectsOtherProcess(t *testing.T) {
	for _, eng := range dbtest.Engines() {
		t.Run(string(eng), func(t *testing.T) {
			ctx := context.Background()
			dsn := dbtest.URL(t, eng)
			open := func() *db.DB {
				d, err := db.Open(ctx, dsn)
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { d.Close() })
				return d
			}
			d, other := open(), open()
			if err := d.Migrate(ctx, nil); err != nil {
				t.Fatal(err)
			}
			e := newEnv(t, d)
			seedZaken(t, d, 600)
			total := dbCount(t, d, `SELECT COUNT(*) FROM zaken`)
			for range 2 {
				if got := count(e.all.Get("/zaken").Want(http.StatusOK).JSON()); got != total {
					t.Fatalf("count %d, want %d", got, total)
				}
			}
			seedZaken(t, other, 5)
			// The watcher polls; wait for it (bounded), without asserting
			// how fast it was.
			deadline := time.Now().Add(30 * time.Second)
			for {
				got := count(e.all.Get("/zaken").Want(http.StatusOK).JSON())
				if got == total+5 {
					break
				}
				if time.Now().After(deadline) {
					t.Fatalf("the other process's zaken are not counted after 30 s: count %d, want %d", got, total+5)
				}
				time.Sleep(100 * time.Millisecond)
			}
		})
	}
}

// The lists of parts (here rollen, the largest) count the same way: a full
// page takes the cached count, and a rol added or removed through the API
// shows in the very next count.
func TestPartListCountFollowsWrites(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		seedZaken(t, d, 700)
		q := "/rollen?betrokkeneType=natuurlijk_persoon"
		want := dbCount(t, d, `SELECT COUNT(*) FROM rollen WHERE betrokkene_type = 'natuurlijk_persoon'`)
		if want < 500 {
			t.Fatalf("seeded %d rollen of natuurlijke personen; the test needs a count that is cached", want)
		}
		hits0, _ := zaak.APICountStats()
		for range 2 {
			if got := count(e.all.Get(q).Want(http.StatusOK).JSON()); got != want {
				t.Fatalf("count %d, want %d", got, want)
			}
		}
		if hits, _ := zaak.APICountStats(); hits == hits0 {
			t.Fatal("the second page of rollen did not use the cached count")
		}
		z := e.createZaak(e.zt, nil)
		rol := e.addRol(str(z, "url"), bsnA)
		if got := count(e.all.Get(q).Want(http.StatusOK).JSON()); got != want+1 {
			t.Fatalf("after adding a rol: count %d, want %d", got, want+1)
		}
		e.all.Delete(str(rol, "url")).Want(http.StatusNoContent)
		if got := count(e.all.Get(q).Want(http.StatusOK).JSON()); got != want {
			t.Fatalf("after deleting it: count %d, want %d", got, want)
		}
		// A page that is not full counts itself: the rollen of one zaak.
		e.addRol(str(z, "url"), bsnB)
		if got := count(e.all.Get("/rollen?zaak=" + str(z, "url")).Want(http.StatusOK).JSON()); got != 1 {
			t.Fatalf("rollen of one zaak: count %d, want 1", got)
		}
	})
}
