package besluit_test

import (
	"strings"
	"testing"

	"github.com/gemeenten/loket/internal/besluit"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/db/dbtest"
	"github.com/gemeenten/loket/internal/document"
	"github.com/gemeenten/loket/internal/document/documenttest"
	"github.com/gemeenten/loket/internal/errs"
)

// The besluiten of a closed zaak stay as they are, whoever asks (pages or
// API), unless the caller holds the right to force it (zrc-007).
func TestClosedZaakKeepsItsBesluiten(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dbx *db.DB) {
		e := setup(t, dbx)
		zaak := documenttest.Zaak(t, dbx, e.cat.ZaakTypeID)
		in := e.input()
		in.ZaakID = zaak
		b, err := e.s.Create(e.ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		mkdoc := func() *document.Document {
			doc, err := e.docs.Create(e.ctx, document.CreateInput{Bronorganisatie: documenttest.RSIN, Creatiedatum: d("2026-04-23"),
				Titel: "Besluit", Auteur: "Gemeente", Taal: "dut", InformatieobjecttypeID: e.cat.IOType, Content: strings.NewReader("besluit")})
			if err != nil {
				t.Fatal(err)
			}
			return doc
		}
		doc, doc2 := mkdoc(), mkdoc()
		link, err := e.s.LinkInformatieobject(e.ctx, b.ID, doc.ID)
		if err != nil {
			t.Fatal(err)
		}
		documenttest.CloseZaak(t, dbx, zaak)
		before := documenttest.Count(t, dbx, "audit_trail")

		closed := func(what string, err error) {
			t.Helper()
			if e := errs.As(err); e == nil || e.Kind != errs.Conflict || e.Code != "zaak-afgesloten" {
				t.Fatalf("%s on a closed zaak: %v, want conflict zaak-afgesloten", what, err)
			}
		}
		_, err = e.s.Update(e.ctx, b.ID, besluit.UpdateInput{Toelichting: ptr("later gewijzigd")})
		closed("update", err)
		closed("delete", e.s.Delete(e.ctx, b.ID))
		_, err = e.s.LinkInformatieobject(e.ctx, b.ID, doc2.ID)
		closed("link", err)
		closed("unlink", e.s.UnlinkInformatieobject(e.ctx, link.ID))
		if got, _ := e.s.Get(e.ctx, b.ID); got == nil || got.Toelichting != in.Toelichting {
			t.Fatalf("besluit changed: %+v", got)
		}
		if n := documenttest.Count(t, dbx, "besluitinformatieobjecten"); n != 1 {
			t.Fatalf("%d links, want 1", n)
		}
		if n := documenttest.Count(t, dbx, "audit_trail"); n != before {
			t.Fatalf("audit trail grew by %d on refused changes", n-before)
		}

		forced := besluit.WithGeforceerd(e.ctx)
		if _, err := e.s.Update(forced, b.ID, besluit.UpdateInput{Toelichting: ptr("correctie")}); err != nil {
			t.Fatalf("forced update: %v", err)
		}
		if _, err := e.s.LinkInformatieobject(forced, b.ID, doc2.ID); err != nil {
			t.Fatalf("forced link: %v", err)
		}
		if err := e.s.UnlinkInformatieobject(forced, link.ID); err != nil {
			t.Fatalf("forced unlink: %v", err)
		}
		if err := e.s.Delete(forced, b.ID); err != nil {
			t.Fatalf("forced delete: %v", err)
		}
		if n := documenttest.Count(t, dbx, "besluiten"); n != 0 {
			t.Fatalf("%d besluiten after the forced delete", n)
		}
	})
}
