package besluit_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gemeenten/loket/internal/audit"
	"github.com/gemeenten/loket/internal/besluit"
	"github.com/gemeenten/loket/internal/blob"
	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/db/dbtest"
	"github.com/gemeenten/loket/internal/document"
	"github.com/gemeenten/loket/internal/document/documenttest"
	"github.com/gemeenten/loket/internal/errs"
)

type env struct {
	d    *db.DB
	s    *besluit.Service
	docs *document.Service
	cat  documenttest.Catalog
	ctx  context.Context
	now  time.Time
}

func setup(t *testing.T, d *db.DB) *env {
	t.Helper()
	blobs, err := blob.NewDir(filepath.Join(t.TempDir(), "documenten"))
	if err != nil {
		t.Fatal(err)
	}
	e := &env{d: d, cat: documenttest.Setup(t, d), now: time.Date(2026, 4, 24, 10, 0, 0, 0, time.UTC)}
	clock := func() time.Time { return e.now }
	e.s = besluit.New(d, clock)
	e.docs = document.New(d, blobs, clock)
	e.ctx = audit.WithActor(context.Background(), audit.Actor{Kind: "medewerker", ID: "u1", Name: "Behandelaar"})
	return e
}

func (e *env) input() besluit.CreateInput {
	return besluit.CreateInput{
		VerantwoordelijkeOrganisatie: documenttest.RSIN, BesluittypeID: e.cat.BesluitType,
		Datum: date.MustParse("2026-04-23"), Ingangsdatum: date.MustParse("2026-04-24"),
		Bestuursorgaan: "college van B&W", Toelichting: "Vergunning verleend",
	}
}

func wantField(t *testing.T, err error, field, code string) {
	t.Helper()
	e := errs.As(err)
	if e == nil {
		t.Fatalf("got %v, want a field error on %s (%s)", err, field, code)
	}
	for _, f := range e.Fields {
		if f.Field == field && f.Code == code {
			if f.Reason == "" {
				t.Errorf("no reason for %s", field)
			}
			return
		}
	}
	t.Fatalf("got %v (fields %+v), want %s (%s)", err, e.Fields, field, code)
}

func d(s string) date.Date { return date.MustParse(s) }

// The objection deadline (Awb 6:7/6:8): six weeks from the day after sending,
// i.e. verzenddatum + 42 days; ending on a Saturday, Sunday or holiday it moves
// to the next working day (Atw art. 1). Worked out by hand for 2026 (Easter
// 5 April; Koningsdag Monday 27 April; Hemelvaart 14 May, 15 May equated;
// 2e Pinksterdag 25 May).
func TestObjectionDeadline(t *testing.T) {
	cases := []struct{ verzonden, want, why string }{
		{"2026-04-24", "2026-06-05", "Friday + 6 weeks = Friday 5 June; Koningsdag and 5 mei fall inside the term and change nothing"},
		{"2026-03-16", "2026-04-28", "ends Monday 27 April, Koningsdag → Tuesday"},
		{"2026-03-24", "2026-05-06", "ends Tuesday 5 May, Bevrijdingsdag → Wednesday"},
		{"2026-03-14", "2026-04-28", "ends Saturday 25 April; Sunday, then Koningsdag → Tuesday 28 April"},
		{"2026-04-02", "2026-05-18", "ends Hemelvaart 14 May; 15 May equated, weekend → Monday 18 May"},
		{"2026-04-13", "2026-05-26", "ends 2e Pinksterdag 25 May → Tuesday"},
	}
	dbtest.Each(t, func(t *testing.T, db *db.DB) {
		e := setup(t, db)
		for _, c := range cases {
			in := e.input()
			in.Verzenddatum = d(c.verzonden)
			b, err := e.s.Create(e.ctx, in)
			if err != nil {
				t.Fatal(err)
			}
			if b.UiterlijkeReactiedatum != d(c.want) {
				t.Errorf("verzonden %s: uiterlijke reactiedatum %s, want %s (%s)", c.verzonden, b.UiterlijkeReactiedatum, c.want, c.why)
			}
			got, _ := e.s.Get(e.ctx, b.ID)
			if got.UiterlijkeReactiedatum != d(c.want) {
				t.Errorf("stored %s", got.UiterlijkeReactiedatum)
			}
		}
		// A date given by the caller wins.
		in := e.input()
		in.Verzenddatum, in.UiterlijkeReactiedatum = d("2026-04-24"), d("2026-07-01")
		b, err := e.s.Create(e.ctx, in)
		if err != nil || b.UiterlijkeReactiedatum != d("2026-07-01") {
			t.Fatalf("explicit uiterlijke reactiedatum: %+v %v", b, err)
		}
		// Without verzenddatum there is no deadline yet.
		b, err = e.s.Create(e.ctx, e.input())
		if err != nil || !b.UiterlijkeReactiedatum.IsZero() {
			t.Fatalf("without verzenddatum: %+v %v", b, err)
		}
	})
}

func TestCreate(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *db.DB) {
		e := setup(t, db)
		zaak := documenttest.Zaak(t, db, e.cat.ZaakTypeID)
		in := e.input()
		in.ZaakID = zaak
		in.Verzenddatum = d("2026-04-24")
		in.Vervaldatum, in.Vervalreden = d("2027-04-24"), besluit.VervalredenTijdelijk
		b, err := e.s.Create(e.ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		if b.Identificatie != "BESLUIT-2026-0000000001" || b.ZaakID != zaak {
			t.Errorf("created %+v", b)
		}
		got, err := e.s.Get(e.ctx, b.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Datum != d("2026-04-23") || got.Ingangsdatum != d("2026-04-24") || got.Vervaldatum != d("2027-04-24") ||
			got.Vervalreden != "tijdelijk" || got.Bestuursorgaan != "college van B&W" || got.ZaakID != zaak ||
			!got.Publicatiedatum.IsZero() || got.BesluittypeID != e.cat.BesluitType {
			t.Errorf("stored %+v", got)
		}
		// Datum may be today (in Amsterdam: at 23:30 UTC it is already the 25th there).
		e.now = time.Date(2026, 4, 24, 23, 30, 0, 0, time.UTC)
		in = e.input()
		in.Datum = d("2026-04-25")
		b2, err := e.s.Create(e.ctx, in)
		if err != nil {
			t.Fatalf("datum today: %v", err)
		}
		if b2.Identificatie != "BESLUIT-2026-0000000002" {
			t.Errorf("second identificatie %s", b2.Identificatie)
		}
		in = e.input()
		in.Identificatie = "BESLUIT-2026-0000000001"
		_, err = e.s.Create(e.ctx, in)
		wantField(t, err, "identificatie", "identificatie-niet-uniek")
		in.VerantwoordelijkeOrganisatie = "002564440"
		if _, err := e.s.Create(e.ctx, in); err != nil {
			t.Fatalf("same identificatie at another organisation: %v", err)
		}
		// The zaak's history shows the besluit.
		hist, _ := audit.ForZaak(e.ctx, db.R, zaak)
		if len(hist) != 1 || hist[0].Bron != "BRC" || hist[0].Resource != "besluit" || hist[0].Actie != "create" ||
			!strings.Contains(hist[0].Toelichting, "6:7") {
			t.Errorf("zaak history %+v", hist)
		}
	})
}

func TestCreateValidation(t *testing.T) {
	cases := []struct {
		name, field, code string
		mod               func(t *testing.T, e *env, in *besluit.CreateInput)
	}{
		{"no organisatie", "verantwoordelijkeOrganisatie", "required", func(t *testing.T, e *env, in *besluit.CreateInput) { in.VerantwoordelijkeOrganisatie = "" }},
		{"bad rsin", "verantwoordelijkeOrganisatie", "invalid", func(t *testing.T, e *env, in *besluit.CreateInput) { in.VerantwoordelijkeOrganisatie = "12345678" }},
		{"long identificatie", "identificatie", "max_length", func(t *testing.T, e *env, in *besluit.CreateInput) { in.Identificatie = strings.Repeat("B", 51) }},
		{"no besluittype", "besluittype", "required", func(t *testing.T, e *env, in *besluit.CreateInput) { in.BesluittypeID = "" }},
		{"unknown besluittype", "besluittype", "does_not_exist", func(t *testing.T, e *env, in *besluit.CreateInput) {
			in.BesluittypeID = "6a0e4c4e-0000-4000-8000-000000000000"
		}},
		{"malformed besluittype", "besluittype", "does_not_exist", func(t *testing.T, e *env, in *besluit.CreateInput) { in.BesluittypeID = "x'; DROP TABLE besluiten; --" }},
		{"concept besluittype", "besluittype", "not-published", func(t *testing.T, e *env, in *besluit.CreateInput) { in.BesluittypeID = e.cat.BesluitTypeConcept }},
		{"no datum", "datum", "required", func(t *testing.T, e *env, in *besluit.CreateInput) { in.Datum = date.Date{} }},
		{"datum in the future", "datum", "future-not-allowed", func(t *testing.T, e *env, in *besluit.CreateInput) { in.Datum = d("2026-04-25") }},
		{"no ingangsdatum", "ingangsdatum", "required", func(t *testing.T, e *env, in *besluit.CreateInput) { in.Ingangsdatum = date.Date{} }},
		{"vervaldatum before ingangsdatum", "vervaldatum", "vervaldatum-voor-ingangsdatum", func(t *testing.T, e *env, in *besluit.CreateInput) { in.Vervaldatum = d("2026-04-23") }},
		{"bad vervalreden", "vervalreden", "invalid_choice", func(t *testing.T, e *env, in *besluit.CreateInput) { in.Vervalreden = "verlopen" }},
		{"long bestuursorgaan", "bestuursorgaan", "max_length", func(t *testing.T, e *env, in *besluit.CreateInput) { in.Bestuursorgaan = strings.Repeat("b", 51) }},
		{"unknown zaak", "zaak", "does_not_exist", func(t *testing.T, e *env, in *besluit.CreateInput) {
			in.ZaakID = "6a0e4c4e-0000-4000-8000-000000000000"
		}},
		{"besluittype not in zaaktype (brc-007)", "nonFieldErrors", "zaaktype-mismatch", func(t *testing.T, e *env, in *besluit.CreateInput) {
			in.BesluittypeID = e.cat.BesluitTypeOther
			in.ZaakID = documenttest.Zaak(t, e.d, e.cat.ZaakTypeID)
		}},
		{"archived zaak", "zaak", "zaak-archiefstatus", func(t *testing.T, e *env, in *besluit.CreateInput) {
			in.ZaakID = documenttest.Zaak(t, e.d, e.cat.ZaakTypeID)
			documenttest.SetArchiefstatus(t, e.d, in.ZaakID, "overgedragen")
		}},
	}
	dbtest.Each(t, func(t *testing.T, db *db.DB) {
		e := setup(t, db)
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				in := e.input()
				in.Verzenddatum = d("2026-04-24")
				c.mod(t, e, &in)
				_, err := e.s.Create(e.ctx, in)
				wantField(t, err, c.field, c.code)
				if n := documenttest.Count(t, db, "besluiten") + documenttest.Count(t, db, "audit_trail") +
					documenttest.Count(t, db, "identificatie_seq"); n != 0 {
					t.Fatalf("a rejected create wrote %d rows", n)
				}
			})
		}
		// A closed zaak takes a besluit only when forced.
		zaak := documenttest.Zaak(t, db, e.cat.ZaakTypeID)
		documenttest.CloseZaak(t, db, zaak)
		in := e.input()
		in.ZaakID = zaak
		if _, err := e.s.Create(e.ctx, in); !errs.Is(err, errs.Conflict) {
			t.Fatalf("besluit on a closed zaak: %v", err)
		}
		if documenttest.Count(t, db, "besluiten") != 0 {
			t.Fatal("written anyway")
		}
		in.Geforceerd = true
		if _, err := e.s.Create(e.ctx, in); err != nil {
			t.Fatalf("forced: %v", err)
		}
	})
}

func ptr[T any](v T) *T { return &v }

func TestUpdate(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *db.DB) {
		e := setup(t, db)
		zaak := documenttest.Zaak(t, db, e.cat.ZaakTypeID)
		in := e.input()
		in.ZaakID = zaak
		in.Verzenddatum = d("2026-04-24")
		b, err := e.s.Create(e.ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		// brc-001/002/006: these cannot change (passing the same value is fine).
		for _, c := range []struct {
			field string
			in    besluit.UpdateInput
		}{
			{"besluittype", besluit.UpdateInput{BesluittypeID: ptr(e.cat.BesluitTypeOther)}},
			{"identificatie", besluit.UpdateInput{Identificatie: ptr("ANDERS")}},
			{"verantwoordelijkeOrganisatie", besluit.UpdateInput{VerantwoordelijkeOrganisatie: ptr("002564440")}},
			{"zaak", besluit.UpdateInput{ZaakID: ptr("")}},
		} {
			_, err := e.s.Update(e.ctx, b.ID, c.in)
			wantField(t, err, c.field, "wijzigen-niet-toegelaten")
		}
		_, err = e.s.Update(e.ctx, b.ID, besluit.UpdateInput{Vervaldatum: ptr(d("2026-01-01"))})
		wantField(t, err, "vervaldatum", "vervaldatum-voor-ingangsdatum")
		_, err = e.s.Update(e.ctx, b.ID, besluit.UpdateInput{Datum: ptr(d("2026-05-01"))})
		wantField(t, err, "datum", "future-not-allowed")
		if rows, _ := audit.ForResource(e.ctx, db.R, "besluit", b.ID); len(rows) != 1 {
			t.Fatalf("rejected updates wrote audit rows: %d", len(rows))
		}

		// A later verzenddatum moves the derived deadline.
		u, err := e.s.Update(e.ctx, b.ID, besluit.UpdateInput{Verzenddatum: ptr(d("2026-03-24")), BesluittypeID: ptr(e.cat.BesluitType),
			Identificatie: ptr(b.Identificatie), ZaakID: ptr(zaak)})
		if err != nil {
			t.Fatal(err)
		}
		if u.UiterlijkeReactiedatum != d("2026-05-06") {
			t.Errorf("recomputed deadline %s, want 2026-05-06", u.UiterlijkeReactiedatum)
		}
		// Clearing the verzenddatum clears the derived deadline.
		u, err = e.s.Update(e.ctx, b.ID, besluit.UpdateInput{Verzenddatum: ptr(date.Date{})})
		if err != nil || !u.UiterlijkeReactiedatum.IsZero() {
			t.Fatalf("cleared verzenddatum: %+v %v", u, err)
		}
		// A deadline set by hand survives clearing the verzenddatum.
		e.s.Update(e.ctx, b.ID, besluit.UpdateInput{Verzenddatum: ptr(d("2026-04-24")), UiterlijkeReactiedatum: ptr(d("2026-07-01"))})
		u, err = e.s.Update(e.ctx, b.ID, besluit.UpdateInput{Verzenddatum: ptr(date.Date{})})
		if err != nil || u.UiterlijkeReactiedatum != d("2026-07-01") {
			t.Fatalf("hand-set deadline: %+v %v", u, err)
		}
		// Withdrawal.
		u, err = e.s.Update(e.ctx, b.ID, besluit.UpdateInput{Vervaldatum: ptr(d("2026-04-24")), Vervalreden: ptr(besluit.VervalredenIngetrokkenBelanghebbende)})
		if err != nil {
			t.Fatal(err)
		}
		got, _ := e.s.Get(e.ctx, b.ID)
		if got.Vervaldatum != d("2026-04-24") || got.Vervalreden != "ingetrokken_belanghebbende" || got.Toelichting != "Vergunning verleend" {
			t.Errorf("after update %+v", got)
		}
		hist, _ := audit.ForZaak(e.ctx, db.R, zaak)
		if len(hist) != 6 {
			t.Errorf("zaak history has %d entries, want 6 (create + 5 updates)", len(hist))
		}
		if _, err := e.s.Update(e.ctx, "6a0e4c4e-0000-4000-8000-000000000000", besluit.UpdateInput{}); !errs.Is(err, errs.NotFound) {
			t.Errorf("update of a missing besluit: %v", err)
		}
	})
}

func TestList(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *db.DB) {
		e := setup(t, db)
		zaak := documenttest.Zaak(t, db, e.cat.ZaakTypeID)
		in := e.input()
		in.ZaakID = zaak
		a, _ := e.s.Create(e.ctx, in)
		e.now = e.now.Add(time.Second)
		in = e.input()
		in.BesluittypeID = e.cat.BesluitTypeOther
		in.VerantwoordelijkeOrganisatie = "002564440"
		b, _ := e.s.Create(e.ctx, in)
		for _, c := range []struct {
			name string
			f    besluit.Filter
			want []string
		}{
			{"all", besluit.Filter{}, []string{a.ID, b.ID}},
			{"zaak", besluit.Filter{ZaakID: zaak}, []string{a.ID}},
			{"type", besluit.Filter{BesluittypeID: e.cat.BesluitTypeOther}, []string{b.ID}},
			{"organisatie", besluit.Filter{VerantwoordelijkeOrganisatie: "002564440"}, []string{b.ID}},
			{"identificatie", besluit.Filter{Identificatie: a.Identificatie, VerantwoordelijkeOrganisatie: documenttest.RSIN}, []string{a.ID}},
			{"page", besluit.Filter{Limit: 1}, []string{a.ID}},
		} {
			got, total, err := e.s.List(e.ctx, c.f)
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, g := range got {
				ids = append(ids, g.ID)
			}
			if strings.Join(ids, ",") != strings.Join(c.want, ",") {
				t.Errorf("%s: %v, want %v", c.name, ids, c.want)
			}
			if c.name == "page" && total != 2 {
				t.Errorf("page total %d", total)
			}
		}
	})
}

func TestInformatieobjectenAndDelete(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *db.DB) {
		e := setup(t, db)
		zaak := documenttest.Zaak(t, db, e.cat.ZaakTypeID)
		in := e.input()
		in.ZaakID = zaak
		b, err := e.s.Create(e.ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		mkdoc := func(iot string) *document.Document {
			doc, err := e.docs.Create(e.ctx, document.CreateInput{Bronorganisatie: documenttest.RSIN, Creatiedatum: d("2026-04-23"),
				Titel: "Besluit", Auteur: "Gemeente", Taal: "dut", InformatieobjecttypeID: iot, Content: strings.NewReader("besluit")})
			if err != nil {
				t.Fatal(err)
			}
			return doc
		}
		doc, other := mkdoc(e.cat.IOType), mkdoc(e.cat.IOTypeOther)
		before := documenttest.Count(t, db, "audit_trail")
		_, err = e.s.LinkInformatieobject(e.ctx, "6a0e4c4e-0000-4000-8000-000000000000", doc.ID)
		wantField(t, err, "besluit", "does_not_exist")
		_, err = e.s.LinkInformatieobject(e.ctx, b.ID, "6a0e4c4e-0000-4000-8000-000000000000")
		wantField(t, err, "informatieobject", "does_not_exist")
		_, err = e.s.LinkInformatieobject(e.ctx, b.ID, "not-a-uuid")
		wantField(t, err, "informatieobject", "does_not_exist")
		_, err = e.s.LinkInformatieobject(e.ctx, b.ID, other.ID)
		wantField(t, err, "nonFieldErrors", "missing-besluittype-informatieobjecttype-relation")
		if documenttest.Count(t, db, "besluitinformatieobjecten") != 0 || documenttest.Count(t, db, "audit_trail") != before {
			t.Fatal("rejected links wrote something")
		}
		l, err := e.s.LinkInformatieobject(e.ctx, b.ID, doc.ID)
		if err != nil {
			t.Fatal(err)
		}
		if l.AardRelatie != "legt_vast" {
			t.Errorf("aardRelatie %q", l.AardRelatie)
		}
		_, err = e.s.LinkInformatieobject(e.ctx, b.ID, doc.ID)
		wantField(t, err, "nonFieldErrors", "unique")
		links, err := e.s.ListInformatieobjecten(e.ctx, besluit.LinkFilter{InformatieobjectID: doc.ID})
		if err != nil || len(links) != 1 || links[0].BesluitID != b.ID {
			t.Fatalf("links %+v %v", links, err)
		}
		docs, _, _ := e.docs.List(e.ctx, document.Filter{BesluitID: b.ID})
		if len(docs) != 1 || docs[0].ID != doc.ID {
			t.Errorf("documents of the besluit %+v", docs)
		}
		objs, _ := e.docs.ObjectLinks(e.ctx, doc.ID)
		if len(objs) != 1 || objs[0].ObjectType != "besluit" || objs[0].ObjectID != b.ID {
			t.Errorf("object links %+v", objs)
		}
		// drc-008: the document cannot go while the besluit holds it.
		if err := e.docs.Delete(e.ctx, doc.ID); !errs.Is(err, errs.Invalid) {
			t.Fatalf("delete of a document linked to a besluit: %v", err)
		}

		// Unlink and link again.
		if err := e.s.UnlinkInformatieobject(e.ctx, l.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := e.s.GetInformatieobjectLink(e.ctx, l.ID); !errs.Is(err, errs.NotFound) {
			t.Fatalf("link after unlink: %v", err)
		}
		l, err = e.s.LinkInformatieobject(e.ctx, b.ID, doc.ID)
		if err != nil {
			t.Fatal(err)
		}

		// brc-009: the besluit goes with its links and its own trail; the
		// zaak's history records the removal.
		if err := e.s.Delete(e.ctx, b.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := e.s.Get(e.ctx, b.ID); !errs.Is(err, errs.NotFound) {
			t.Fatalf("get after delete: %v", err)
		}
		if n := documenttest.Count(t, db, "besluitinformatieobjecten"); n != 0 {
			t.Fatalf("%d links left", n)
		}
		hist, _ := audit.ForZaak(e.ctx, db.R, zaak)
		if len(hist) != 1 || hist[0].Resource != "zaakbesluit" || hist[0].Actie != "destroy" {
			t.Errorf("zaak history after delete %+v", hist)
		}
		if rows, _ := audit.ForResource(e.ctx, db.R, "besluitinformatieobject", l.ID); len(rows) != 0 {
			t.Errorf("trail of the besluit's links kept: %d", len(rows))
		}
		if err := e.docs.Delete(e.ctx, doc.ID); err != nil {
			t.Fatalf("document delete after the besluit is gone: %v", err)
		}
	})
}

// On PostgreSQL a document deleted by a transaction that commits after
// LinkInformatieobject read it makes the foreign key refuse the link: a user
// error, not an internal one.
func TestLinkInformatieobjectRacingADelete(t *testing.T) {
	if dbtest.PostgresURL() == "" {
		t.Skip("the race needs a second writer: PostgreSQL only")
	}
	d := dbtest.New(t, db.Postgres)
	e := setup(t, d)
	b, err := e.s.Create(e.ctx, e.input())
	if err != nil {
		t.Fatal(err)
	}
	doc, err := e.docs.Create(e.ctx, document.CreateInput{Bronorganisatie: documenttest.RSIN, Creatiedatum: date.MustParse("2026-04-23"),
		Titel: "Besluit", Auteur: "Gemeente", Taal: "dut", InformatieobjecttypeID: e.cat.IOType})
	if err != nil {
		t.Fatal(err)
	}
	tx, err := d.W.BeginTx(e.ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(e.ctx, `DELETE FROM informatieobjecten WHERE id = $1`, doc.ID); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := e.s.LinkInformatieobject(e.ctx, b.ID, doc.ID)
		done <- err
	}()
	for waiting := 0; waiting == 0; {
		if err := d.R.QueryRowContext(e.ctx, `SELECT COUNT(*) FROM pg_stat_activity
			WHERE datname = current_database() AND wait_event_type = 'Lock'
			AND query LIKE 'INSERT INTO besluitinformatieobjecten%'`).Scan(&waiting); err != nil {
			t.Fatal(err)
		}
		select {
		case err := <-done:
			t.Fatalf("LinkInformatieobject returned before the delete committed: %v", err)
		case <-time.After(time.Millisecond):
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	wantField(t, <-done, "nonFieldErrors", "does_not_exist")
}
