package catalogus_test

import (
	"testing"
	"time"

	"github.com/gemeenten/loket/internal/audit"
	"github.com/gemeenten/loket/internal/catalogus"
	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/db/dbtest"
)

// TestAuditTrail checks that every kind of write leaves one ZTC record
// with the right old and new values.
func TestAuditTrail(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := newStore(d)
		z := conceptZaakType(t, s)
		st := z.StatusTypen[0]
		st.Statustekst = "Ontvangen!"
		must(s.UpdateStatusType(ctx, st.ID, st, catalogus.Options{}))
		extra := must(s.AddStatusType(ctx, catalogus.StatusType{ZaakTypeID: z.ID, Volgnummer: 3, Omschrijving: "Extra"}, catalogus.Options{}))
		ok(t, s.DeleteStatusType(ctx, extra.ID))
		iot := must(s.CreateInformatieObjectType(ctx, catalogus.InformatieObjectType{CatalogusID: z.CatalogusID, Omschrijving: "Brief",
			Vertrouwelijkheidaanduiding: "openbaar", Informatieobjectcategorie: "Brief", BeginGeldigheid: date.New(2025, time.January, 1)}))
		must(s.PublishInformatieObjectType(ctx, iot.ID))
		must(s.PublishZaakType(ctx, z.ID))

		check := func(resource, id string, acties ...string) []audit.Row {
			t.Helper()
			rows := must(audit.ForResource(ctx, d.R, resource, id))
			got := map[string]int{}
			for _, r := range rows {
				got[r.Actie]++
				if r.Bron != "ZTC" || r.GebruikersID != "u1" {
					t.Errorf("%s %s: bron %q, gebruiker %q", resource, r.Actie, r.Bron, r.GebruikersID)
				}
				if (r.Actie != "create") != (r.Oud != nil) || (r.Actie != "destroy") != (r.Nieuw != nil) {
					t.Errorf("%s %s: oud %s, nieuw %s", resource, r.Actie, r.Oud, r.Nieuw)
				}
			}
			if len(rows) != len(acties) {
				t.Errorf("%s: %v, want %v", resource, got, acties)
			}
			for _, a := range acties {
				if got[a] == 0 {
					t.Errorf("%s: no %s in %v", resource, a, got)
				}
			}
			return rows
		}
		check("statustype", st.ID, "create", "update")
		check("statustype", extra.ID, "create", "destroy")
		check("informatieobjecttype", iot.ID, "create", "publish")
		check("zaaktype", z.ID, "create", "publish")
		check("catalogus", z.CatalogusID, "create")
		check("roltype", z.RolTypen[0].ID, "create")
		check("resultaattype", z.ResultaatTypen[0].ID, "create")
		for _, r := range must(audit.ForResource(ctx, d.R, "statustype", st.ID)) {
			if r.Actie == "update" && (string(r.Oud) == string(r.Nieuw) || r.HoofdObject != z.ID) {
				t.Errorf("statustype update: hoofdobject %q, oud %s, nieuw %s", r.HoofdObject, r.Oud, r.Nieuw)
			}
		}
	})
}
