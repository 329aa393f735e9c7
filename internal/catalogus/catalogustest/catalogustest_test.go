package catalogustest_test

import (
	"testing"

	"github.com/gemeenten/loket/internal/catalogus"
	"github.com/gemeenten/loket/internal/catalogus/catalogustest"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/db/dbtest"
)

func TestPublished(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		z := catalogustest.Published(t, d)
		if z.Concept {
			t.Fatal("zaaktype is concept")
		}
		if z.Doorlooptijd.String() != "P8W" || z.Servicenorm.String() != "P6W" || z.Verlengingstermijn.String() != "P6W" {
			t.Errorf("durations: %v %v %v", z.Doorlooptijd, z.Servicenorm, z.Verlengingstermijn)
		}
		if len(z.StatusTypen) != 4 || z.StatusTypen[0].Omschrijving != "Ontvangen" || z.EindStatusType().Omschrijving != "Afgehandeld" {
			t.Fatalf("statustypen: %+v", z.StatusTypen)
		}
		for i, st := range z.StatusTypen {
			if st.IsEindstatus != (i == 3) {
				t.Errorf("statustype %d IsEindstatus = %v", st.Volgnummer, st.IsEindstatus)
			}
		}
		if len(z.ResultaatTypen) != 2 || len(z.RolTypen) != 3 || len(z.Eigenschappen) != 1 ||
			len(z.InformatieObjectTypen) != 1 || len(z.BesluitTypeIDs) != 1 {
			t.Errorf("subresources: %d %d %d %d %d", len(z.ResultaatTypen), len(z.RolTypen), len(z.Eigenschappen),
				len(z.InformatieObjectTypen), len(z.BesluitTypeIDs))
		}
		if z.RolTypeGeneriek(catalogus.RolInitiator) == nil {
			t.Error("no initiator roltype")
		}
		// A second call reuses the catalogus and creates another identificatie.
		z2 := catalogustest.Published(t, d, catalogustest.Complex())
		if z2.CatalogusID != z.CatalogusID || z2.Identificatie == z.Identificatie || !z2.Complex {
			t.Errorf("second zaaktype: %s %s %v", z2.CatalogusID, z2.Identificatie, z2.Complex)
		}
	})
}

func TestConcept(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		z := catalogustest.Published(t, d, catalogustest.Concept(), catalogustest.NoVerlenging(),
			catalogustest.Doorlooptijd("P26W"), catalogustest.Servicenorm(""))
		if !z.Concept || z.VerlengingMogelijk || z.Doorlooptijd.String() != "P26W" || !z.Servicenorm.IsZero() || len(z.StatusTypen) != 4 {
			t.Errorf("concept zaaktype: %+v", z)
		}
	})
}
