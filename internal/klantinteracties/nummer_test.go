package klantinteracties_test

import (
	"context"
	"fmt"
	"regexp"
	"testing"

	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/db/dbtest"
)

// The klantcontact's nummer is Loket's own contact number, in the compact
// form the specification's 10 characters allow, and the nummer filters
// (of klantcontacten, betrokkenen and internetaken) find it in either form.
func TestKlantcontactNummer(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		var ids []string
		for i := range 3 {
			kc := f.api.Post("/klantcontacten", map[string]any{"kanaal": "telefoon", "onderwerp": fmt.Sprint("Vraag ", i),
				"taal": "nld", "vertrouwelijk": false, "plaatsgevondenOp": "2026-03-10T09:30:00Z"}).Want(201).JSON()
			ids = append(ids, str(kc, "uuid"))
		}
		kc := f.api.Get("/klantcontacten/" + ids[1]).Want(200).JSON()
		nummer := str(kc, "nummer")
		if !regexp.MustCompile(`^26\d{8}$`).MatchString(nummer) {
			t.Fatalf("nummer %q, want 26 and eight digits", nummer)
		}
		k, err := f.svc.GetContact(context.Background(), ids[1])
		if err != nil {
			t.Fatal(err)
		}
		if want := "KC-2026-00" + nummer[2:]; k.Nummer != want {
			t.Fatalf("API nummer %q is not Loket's %q", nummer, k.Nummer)
		}
		seen := map[string]bool{}
		for _, id := range ids {
			n := str(f.api.Get("/klantcontacten/"+id).Want(200).JSON(), "nummer")
			if seen[n] {
				t.Fatalf("nummer %q twice", n)
			}
			seen[n] = true
		}
		count := func(path string) int {
			t.Helper()
			return int(f.api.Get(path).Want(200).JSON()["count"].(float64))
		}
		for _, q := range []string{nummer, k.Nummer} {
			l := f.api.Get("/klantcontacten?nummer=" + q).Want(200).JSON()
			res := l["results"].([]any)
			if len(res) != 1 || str(res[0].(map[string]any), "uuid") != ids[1] {
				t.Fatalf("?nummer=%s gave %v", q, l)
			}
		}
		if n := count("/klantcontacten?nummer=2699999999"); n != 0 {
			t.Fatalf("an unused nummer matched %d contacts", n)
		}
		// betrokkenen and internetaken filter on their klantcontact's nummer.
		f.api.Post("/betrokkenen", map[string]any{"hadKlantcontact": map[string]any{"uuid": ids[1]}, "rol": "klant",
			"initiator": true, "contactnaam": map[string]any{"achternaam": "Jansen"}}).Want(201)
		f.api.Post("/betrokkenen", map[string]any{"hadKlantcontact": map[string]any{"uuid": ids[0]}, "rol": "klant",
			"initiator": true, "contactnaam": map[string]any{"achternaam": "Pietersen"}}).Want(201)
		if n := count("/betrokkenen?hadKlantcontact__nummer=" + nummer); n != 1 {
			t.Fatalf("betrokkenen by klantcontact nummer: %d, want 1", n)
		}
		actor := f.api.Post("/actoren", map[string]any{"naam": "Team Burgerzaken", "soortActor": "organisatorische_eenheid",
			"actorIdentificatie": map[string]any{"omschrijving": "Burgerzaken", "emailadres": "bz@example.nl"}}).Want(201).JSON()
		for _, id := range ids[:2] {
			f.api.Post("/internetaken", map[string]any{"aanleidinggevendKlantcontact": map[string]any{"uuid": id},
				"toegewezenAanActoren": []any{map[string]any{"uuid": str(actor, "uuid")}}, "gevraagdeHandeling": "Terugbellen",
				"status": "te_verwerken"}).Want(201)
		}
		if n := count("/internetaken?klantcontact__nummer=" + nummer); n != 1 {
			t.Fatalf("internetaken by klantcontact nummer: %d, want 1", n)
		}
	})
}
