package zaken_test

import (
	"net/http"
	"reflect"
	"testing"

	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/db/dbtest"
	"github.com/gemeenten/loket/internal/zgw/zaken"
)

// List pages take each zaak's JSON from a cache keyed by its api_versie,
// which triggers raise (migration 0028). After every kind of change — to
// the zaak, to each part it lists, through the API or straight in the
// database as another process would — the zaak on a list page must equal
// its detail, which is never cached.
func TestListRowsFollowChanges(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		z := e.createZaak(e.zt, nil)
		zu, id := str(z, "url"), str(z, "uuid")
		other := e.createZaak(e.zt, nil)
		listed := func(step string) map[string]any {
			t.Helper()
			rs := list(e.all.Get("/zaken?identificatie=" + str(z, "identificatie")).Want(http.StatusOK).JSON())
			if len(rs) != 1 {
				t.Fatalf("%s: %d zaken listed", step, len(rs))
			}
			detail := e.all.Get(zu).Want(http.StatusOK).JSON()
			if !reflect.DeepEqual(rs[0], detail) {
				t.Fatalf("%s: list differs from detail:\nlist   %v\ndetail %v", step, rs[0], detail)
			}
			return rs[0]
		}
		listed("new")
		hits0, _ := zaken.ListCacheStats()
		listed("again")
		if hits, _ := zaken.ListCacheStats(); hits == hits0 {
			t.Fatal("the second list did not come from the cache")
		}

		e.all.Patch(zu, map[string]any{"omschrijving": "Gewijzigd"}).Want(http.StatusOK)
		if got := str(listed("patch"), "omschrijving"); got != "Gewijzigd" {
			t.Fatalf("omschrijving %q after PATCH", got)
		}
		rol := e.addRol(zu, bsnA)
		if n := len(listed("rol")["rollen"].([]any)); n != 1 {
			t.Fatalf("%d rollen after adding one", n)
		}
		e.all.Post("/statussen", map[string]any{"zaak": zu, "statustype": e.statustype(e.zt, 1),
			"datumStatusGezet": now()}).Want(http.StatusCreated)
		if listed("status")["status"] == nil {
			t.Fatal("no status after setting one")
		}
		e.all.Post(zu+"/zaakeigenschappen", map[string]any{"zaak": zu, "eigenschap": e.eigenschap(e.zt), "waarde": "A 1"}).
			Want(http.StatusCreated)
		if n := len(listed("eigenschap")["eigenschappen"].([]any)); n != 1 {
			t.Fatalf("%d eigenschappen after adding one", n)
		}
		e.all.Post("/zaakinformatieobjecten", map[string]any{"zaak": zu, "informatieobject": e.document(ptr(false))}).
			Want(http.StatusCreated)
		if n := len(listed("zio")["zaakinformatieobjecten"].([]any)); n != 1 {
			t.Fatalf("%d zaakinformatieobjecten after adding one", n)
		}
		e.all.Post("/zaakobjecten", map[string]any{"zaak": zu, "objectType": "adres",
			"objectIdentificatie": map[string]any{"identificatie": "0150200000000001"}}).Want(http.StatusCreated)
		if n := len(listed("zaakobject")["zaakobjecten"].([]any)); n != 1 {
			t.Fatalf("%d zaakobjecten after adding one", n)
		}
		deel := e.createZaak(e.zt, map[string]any{"hoofdzaak": zu})
		if n := len(listed("deelzaak")["deelzaken"].([]any)); n != 1 {
			t.Fatalf("%d deelzaken after adding one", n)
		}
		e.all.Patch(zu, map[string]any{"relevanteAndereZaken": []map[string]any{{"url": str(other, "url"), "aardRelatie": "vervolg"}}}).
			Want(http.StatusOK)
		if n := len(listed("relatie")["relevanteAndereZaken"].([]any)); n != 1 {
			t.Fatalf("%d relevanteAndereZaken after adding one", n)
		}
		e.all.Delete(str(rol, "url")).Want(http.StatusNoContent)
		if n := len(listed("rol weg")["rollen"].([]any)); n != 0 {
			t.Fatalf("%d rollen after deleting the only one", n)
		}
		e.all.Delete(str(deel, "url")).Want(http.StatusNoContent)
		if n := len(listed("deelzaak weg")["deelzaken"].([]any)); n != 0 {
			t.Fatalf("%d deelzaken after deleting the only one", n)
		}
		// Another process, writing straight to the database.
		if _, err := d.W.Exec(`UPDATE zaken SET toelichting = 'Van elders' WHERE id = $1`, id); err != nil {
			t.Fatal(err)
		}
		if got := str(listed("sql zaak"), "toelichting"); got != "Van elders" {
			t.Fatalf("toelichting %q after an update by another process", got)
		}
		if _, err := d.W.Exec(`DELETE FROM zaakobjecten WHERE zaak_id = $1`, id); err != nil {
			t.Fatal(err)
		}
		if n := len(listed("sql zaakobject")["zaakobjecten"].([]any)); n != 0 {
			t.Fatalf("%d zaakobjecten after another process deleted them", n)
		}
	})
}
