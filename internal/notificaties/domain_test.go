package notificaties_test

import (
	"context"
	"encoding/json"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gemeenten/loket/internal/audit"
	"github.com/gemeenten/loket/internal/besluit"
	"github.com/gemeenten/loket/internal/blob"
	"github.com/gemeenten/loket/internal/catalogus"
	"github.com/gemeenten/loket/internal/catalogus/catalogustest"
	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/db/dbtest"
	"github.com/gemeenten/loket/internal/document"
	"github.com/gemeenten/loket/internal/document/documenttest"
	"github.com/gemeenten/loket/internal/notificaties"
	"github.com/gemeenten/loket/internal/zaak"
)

const rsin = "002220647"

// queued returns the messages queued for fan-out, in the order queued.
func queued(t *testing.T, d *db.DB) []notificaties.Message {
	t.Helper()
	args := "args::text"
	if d.Engine == db.SQLite {
		args = "json(args)" // River keeps JSONB there
	}
	rows, err := d.R.QueryContext(context.Background(), `SELECT `+args+` FROM river_job WHERE kind = 'notificatie_fanout' ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []notificaties.Message
	for rows.Next() {
		var raw []byte
		if err := rows.Scan(&raw); err != nil {
			t.Fatal(err)
		}
		var a notificaties.FanoutArgs
		if err := json.Unmarshal(raw, &a); err != nil || a.Message == nil {
			t.Fatalf("fan-out args %s: %v", raw, err)
		}
		out = append(out, *a.Message)
	}
	return out
}

// messages returns the queued messages as "resource actie".
func messages(t *testing.T, d *db.DB) []string {
	var out []string
	for _, m := range queued(t, d) {
		out = append(out, m.Resource+" "+m.Actie)
	}
	return out
}

// Every write of the zaak domain publishes its notification in its own
// transaction, including creates that share a group commit on SQLite.
func TestZaakWritesNotify(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		fx := catalogustest.Build(t, d)
		ns := newService(t, d, newQueue(t, d))
		ns.Now = time.Now // the order of the messages is the order of the changes
		subscribe(t, ns, "zaken")
		zs := zaak.New(d)
		zs.Events = ns
		ctx := audit.WithActor(context.Background(), audit.Actor{Kind: "medewerker", ID: "u-1", Name: "Bea", Roles: []string{"behandelaar"}})
		in := zaak.CreateInput{Bronorganisatie: rsin, VerantwoordelijkeOrganisatie: rsin, ZaakTypeID: fx.ZaakType.ID,
			Omschrijving: "Dakkapel", Startdatum: date.MustParse("2026-03-02"), Kanaal: "webformulier"}

		// Concurrent creates (grouped on SQLite), one of them invalid.
		var wg sync.WaitGroup
		ids := make([]string, 8)
		errsN := make([]error, 8)
		for i := range ids {
			wg.Add(1)
			go func() {
				defer wg.Done()
				x := in
				if i == 3 {
					x.Bronorganisatie = "123" // invalid: rolls back alone
				}
				ids[i], errsN[i] = zs.CreateID(ctx, x)
			}()
		}
		wg.Wait()
		if errsN[3] == nil {
			t.Fatal("invalid create succeeded")
		}
		byURL := map[string]notificaties.Message{}
		n := 0
		for _, m := range queued(t, d) {
			if m.Resource == "zaak" && m.Actie == "create" {
				n++
			}
			byURL[m.ResourceURL] = m
		}
		if n != 7 {
			t.Fatalf("zaak create notifications = %d, want 7", n)
		}
		m, ok := byURL[base+"/zaken/api/v1/zaken/"+ids[0]]
		if !ok {
			t.Fatalf("no notification of zaak %s", ids[0])
		}
		kenmerken, _ := json.Marshal(m.Kenmerken)
		wantK := `{"bronorganisatie":"002220647","vertrouwelijkheidaanduiding":"zaakvertrouwelijk","zaaktype":"` + base + `/catalogi/api/v1/zaaktypen/` + fx.ZaakType.ID + `"}`
		if string(kenmerken) != wantK || m.HoofdObject != m.ResourceURL {
			t.Errorf("kenmerken = %s\nwant %s", kenmerken, wantK)
		}

		if _, err := d.W.ExecContext(ctx, `DELETE FROM river_job`); err != nil {
			t.Fatal(err)
		}
		id := ids[0]
		if _, err := zs.SetStatus(ctx, id, zaak.StatusInput{StatusTypeID: fx.ZaakType.StatusTypen[1].ID}); err != nil {
			t.Fatalf("SetStatus: %v", err)
		}
		oms := "Dakkapel achterzijde"
		if _, err := zs.Update(ctx, id, zaak.UpdateInput{Omschrijving: &oms}); err != nil {
			t.Fatalf("Update: %v", err)
		}
		if err := zs.Delete(ctx, id); err != nil {
			t.Fatalf("Delete: %v", err)
		}
		got := messages(t, d)
		want := []string{"status create", "zaak partial_update", "zaak destroy"}
		if len(got) != len(want) {
			t.Fatalf("messages = %v, want %v", got, want)
		}
		for i := range want {
			if got[i] != want[i] {
				t.Errorf("message %d = %q, want %q", i, got[i], want[i])
			}
		}
	})
}

// Catalogue writes notify on the kanaal of their hoofdobject and on catalogi,
// with the catalogus as kenmerk, also when the type is deleted.
func TestCatalogusWritesNotify(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		fx := catalogustest.Build(t, d)
		ns := newService(t, d, newQueue(t, d))
		ns.Now = time.Now
		subscribe(t, ns, "zaaktypen", "catalogi")
		cs := catalogus.New(d, nil)
		cs.Events = ns
		z := *fx.ZaakType
		z.ID, z.Identificatie, z.StatusTypen, z.ResultaatTypen, z.RolTypen, z.Eigenschappen = "", "NOTIFICATIETEST", nil, nil, nil, nil
		z.InformatieObjectTypen, z.BesluitTypeIDs = nil, nil
		nz, err := cs.CreateZaakType(ctx, z)
		if err != nil {
			t.Fatalf("CreateZaakType: %v", err)
		}
		if _, err := cs.AddStatusType(ctx, catalogus.StatusType{ZaakTypeID: nz.ID, Volgnummer: 1, Omschrijving: "Ontvangen"}, catalogus.Options{}); err != nil {
			t.Fatalf("AddStatusType: %v", err)
		}
		if err := cs.DeleteZaakType(ctx, nz.ID); err != nil {
			t.Fatalf("DeleteZaakType: %v", err)
		}
		var got []string
		for _, m := range queued(t, d) {
			km, _ := json.Marshal(m.Kenmerken)
			got = append(got, m.Kanaal+" "+m.Resource+" "+m.Actie+" "+string(km))
		}
		cat := `{"catalogus":"` + base + `/catalogi/api/v1/catalogussen/` + fx.Catalogus.ID + `"}`
		want := []string{
			"zaaktypen zaaktype create " + cat, "catalogi zaaktype create " + cat,
			"zaaktypen statustype create " + cat, "catalogi statustype create " + cat,
			"zaaktypen zaaktype destroy " + cat, "catalogi zaaktype destroy " + cat,
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("messages:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	})
}

// Documents, their zaak links and besluiten announce themselves too, each on
// the kanaal of its API, with the kenmerken of their hoofdobject.
func TestDocumentAndBesluitWritesNotify(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := audit.WithActor(context.Background(), audit.Actor{Kind: "medewerker", ID: "u-1", Name: "Bea", Roles: []string{"behandelaar"}})
		c := documenttest.Setup(t, d)
		zaakID := documenttest.Zaak(t, d, c.ZaakTypeID)
		ns := newService(t, d, newQueue(t, d))
		ns.Now = time.Now
		subscribe(t, ns, "zaken", "documenten", "besluiten")
		blobs, err := blob.NewDir(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		ds := document.New(d, blobs, nil)
		ds.Events = ns
		doc, err := ds.Create(ctx, document.CreateInput{Bronorganisatie: documenttest.RSIN, Creatiedatum: date.MustParse("2026-04-01"),
			Titel: "Aanvraag", Auteur: "Anna", Taal: "dut", InformatieobjecttypeID: c.IOType, Content: strings.NewReader("hallo")})
		if err != nil {
			t.Fatalf("document: %v", err)
		}
		if _, err := ds.LinkZaak(ctx, document.LinkInput{ZaakID: zaakID, InformatieobjectID: doc.ID}); err != nil {
			t.Fatalf("LinkZaak: %v", err)
		}
		bs := besluit.New(d, nil)
		bs.Events = ns
		_, err = bs.Create(ctx, besluit.CreateInput{VerantwoordelijkeOrganisatie: documenttest.RSIN, BesluittypeID: c.BesluitType,
			ZaakID: zaakID, Datum: date.MustParse("2026-04-02"), Ingangsdatum: date.MustParse("2026-04-02")})
		if err != nil {
			t.Fatalf("besluit: %v", err)
		}
		var got []string
		for _, m := range queued(t, d) {
			km, _ := json.Marshal(m.Kenmerken)
			got = append(got, m.Kanaal+" "+m.Resource+" "+m.Actie+" "+string(km))
		}
		zt := base + "/catalogi/api/v1/zaaktypen/" + c.ZaakTypeID
		want := []string{
			`documenten enkelvoudiginformatieobject create {"bronorganisatie":"123456782","informatieobjecttype":"` +
				base + `/catalogi/api/v1/informatieobjecttypen/` + c.IOType + `","vertrouwelijkheidaanduiding":"intern"}`,
			`zaken zaakinformatieobject create {"bronorganisatie":"123456782","vertrouwelijkheidaanduiding":"zaakvertrouwelijk","zaaktype":"` + zt + `"}`,
			`besluiten besluit create {"besluittype":"` + base + `/catalogi/api/v1/besluittypen/` + c.BesluitType + `","verantwoordelijkeOrganisatie":"123456782"}`,
			`zaken zaakbesluit create {"bronorganisatie":"123456782","vertrouwelijkheidaanduiding":"zaakvertrouwelijk","zaaktype":"` + zt + `"}`,
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("messages:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	})
}
