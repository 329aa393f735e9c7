package zaak_test

import (
	"database/sql"
	"testing"

	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/db/dbtest"
	"github.com/gemeenten/loket/internal/zaak"
)

// SetEigenschappenTx records the values that fit in one go, with an audit
// row each, and hands back the ones the zaaktype does not know or that do
// not fit; a transaction that fails afterwards leaves none of them.
func TestSetEigenschappenTx(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		e.addEigenschap("oppervlakte", "getal", "6")
		e.addEigenschap("datumAanvraag", "datum", "8")
		z := e.create("2026-03-20")
		vals := []zaak.EigenschapWaarde{
			{Naam: "oppervlakte", Waarde: "12.5"},
			{Naam: "datumAanvraag", Waarde: "2026-03-20"}, // not JJJJMMDD
			{Naam: "kleur", Waarde: "blauw"},              // not an eigenschap of the zaaktype
			{Naam: "kadastraleAanduiding", Waarde: "VBD01 A 1234"},
		}
		var set []zaak.ZaakEigenschap
		var skipped []zaak.EigenschapOvergeslagen
		if err := d.Tx(e.ctx, func(tx *sql.Tx) error {
			var err error
			set, skipped, err = e.s.SetEigenschappenTx(e.ctx, tx, z.ID, vals)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		if len(set) != 2 || set[0].Naam != "oppervlakte" || set[1].Naam != "kadastraleAanduiding" {
			t.Fatalf("set = %+v", set)
		}
		if len(skipped) != 2 || skipped[0].Naam != "datumAanvraag" || skipped[0].Onbekend || skipped[0].Reden == "" ||
			skipped[1].Naam != "kleur" || !skipped[1].Onbekend {
			t.Fatalf("skipped = %+v", skipped)
		}
		got := map[string]string{}
		for _, ze := range e.get(z.ID).Eigenschappen {
			got[ze.Naam] = ze.Waarde
		}
		if len(got) != 2 || got["oppervlakte"] != "12.5" || got["kadastraleAanduiding"] != "VBD01 A 1234" {
			t.Fatalf("stored = %v", got)
		}
		if n := e.count(`SELECT COUNT(*) FROM audit_trail WHERE zaak_id = $1 AND resource = 'zaakeigenschap'`, z.ID); n != 2 {
			t.Errorf("%d audit rows for 2 eigenschappen", n)
		}

		z2 := e.create("2026-03-20")
		err := d.Tx(e.ctx, func(tx *sql.Tx) error {
			if _, _, err := e.s.SetEigenschappenTx(e.ctx, tx, z2.ID, vals); err != nil {
				return err
			}
			_, err := tx.Exec(`INSERT INTO zaakeigenschappen (id) VALUES ('boom')`) // fails: the whole transaction goes
			return err
		})
		if err == nil {
			t.Fatal("the failing statement succeeded")
		}
		if n := e.count(`SELECT COUNT(*) FROM zaakeigenschappen WHERE zaak_id = $1`, z2.ID); n != 0 {
			t.Errorf("%d eigenschappen after a failed transaction", n)
		}
		if n := e.count(`SELECT COUNT(*) FROM audit_trail WHERE zaak_id = $1 AND resource = 'zaakeigenschap'`, z2.ID); n != 0 {
			t.Errorf("%d audit rows after a failed transaction", n)
		}
	})
}
