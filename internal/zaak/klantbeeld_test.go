package zaak_test

import (
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/db/dbtest"
)

// The klantbeeld reads the steps and the visible documents of all zaken of
// the page at once: per zaaktype in process order, per zaak only what the
// initiator may see, by the zaak's own title where it gives one.
func TestKlantbeeldStappenEnDocumenten(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		z1, z2 := e.create("2026-03-20"), e.create("2026-03-20")
		st, err := e.s.StappenVan(e.ctx, []string{e.zt.ID, e.zt.ID, "not-a-uuid", uuid.NewString()})
		if err != nil {
			t.Fatal(err)
		}
		if len(st) != 1 || len(st[e.zt.ID]) != len(e.zt.StatusTypen) {
			t.Fatalf("stappen %+v", st)
		}
		for i, s := range st[e.zt.ID] {
			if i > 0 && s.Volgnummer <= st[e.zt.ID][i-1].Volgnummer || s.Omschrijving == "" {
				t.Fatalf("stappen out of order or unnamed: %+v", st[e.zt.ID])
			}
		}
		now := time.Date(2026, 3, 20, 9, 0, 0, 0, time.UTC)
		doc := func(zaakID, docTitel, linkTitel string, zichtbaar bool, at time.Time) {
			t.Helper()
			io, link := uuid.NewString(), uuid.NewString()
			if _, err := d.W.Exec(`INSERT INTO informatieobjecten (id, identificatie, bronorganisatie, creatiedatum, titel,
				vertrouwelijkheidaanduiding, auteur, created_at, updated_at) VALUES ($1,$2,'002220647','2026-03-20',$3,'openbaar','test',$4,$4)`,
				io, "DOC-"+io[:8], docTitel, now); err != nil {
				t.Fatal(err)
			}
			if _, err := d.W.Exec(`INSERT INTO zaakinformatieobjecten (id, zaak_id, informatieobject_id, titel, zichtbaar_voor_initiator,
				registratiedatum) VALUES ($1,$2,$3,$4,$5,$6)`, link, zaakID, io, linkTitel, zichtbaar, at); err != nil {
				t.Fatal(err)
			}
		}
		doc(z1.ID, "Aanvraag.pdf", "", true, now)
		doc(z1.ID, "Intern advies", "", false, now.Add(time.Minute))
		doc(z1.ID, "brief-123.pdf", "Ontvangstbevestiging", true, now.Add(2*time.Minute))
		doc(z2.ID, "Notitie", "", false, now)
		docs, err := e.s.ZichtbareDocumenten(e.ctx, []string{z1.ID, z2.ID})
		if err != nil {
			t.Fatal(err)
		}
		got := docs[z1.ID]
		if len(got) != 2 || got[0].Titel != "Aanvraag.pdf" || got[1].Titel != "Ontvangstbevestiging" || len(docs[z2.ID]) != 0 {
			t.Fatalf("zichtbare documenten %+v", docs)
		}
		if none, err := e.s.ZichtbareDocumenten(e.ctx, nil); err != nil || len(none) != 0 {
			t.Fatalf("no zaken: %v %v", none, err)
		}
	})
}
