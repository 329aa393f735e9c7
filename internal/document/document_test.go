package document_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/gemeenten/loket/internal/audit"
	"github.com/gemeenten/loket/internal/blob"
	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/db/dbtest"
	"github.com/gemeenten/loket/internal/document"
	"github.com/gemeenten/loket/internal/document/documenttest"
	"github.com/gemeenten/loket/internal/errs"
)

type env struct {
	d     *db.DB
	s     *document.Service
	blobs *blob.Dir
	cat   documenttest.Catalog
	ctx   context.Context
}

// clock ticks one second per call, so versions get distinct registration times.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(time.Second)
	return c.t
}

func setup(t *testing.T, d *db.DB) *env {
	t.Helper()
	blobs, err := blob.NewDir(filepath.Join(t.TempDir(), "documenten"))
	if err != nil {
		t.Fatal(err)
	}
	c := &clock{t: time.Date(2026, 4, 24, 8, 0, 0, 0, time.UTC)}
	ctx := audit.WithActor(context.Background(), audit.Actor{Kind: "medewerker", ID: "u1", Name: "Behandelaar"})
	return &env{d: d, s: document.New(d, blobs, c.now), blobs: blobs, cat: documenttest.Setup(t, d), ctx: ctx}
}

func (e *env) blobCount(t *testing.T) int {
	t.Helper()
	n := 0
	if err := e.blobs.Keys(e.ctx, func(string, time.Time) error { n++; return nil }); err != nil {
		t.Fatal(err)
	}
	return n
}

const pdf = "%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer\n%%EOF\n"

func (e *env) input(content string) document.CreateInput {
	in := document.CreateInput{
		Bronorganisatie: documenttest.RSIN, Creatiedatum: date.MustParse("2026-04-23"),
		Titel: "Aanvraag omgevingsvergunning", Auteur: "J. Jansen", Taal: "dut",
		Bestandsnaam: "aanvraag.pdf", InformatieobjecttypeID: e.cat.IOType,
	}
	if content != "" {
		in.Content = strings.NewReader(content)
	}
	return in
}

func read(t *testing.T, rc io.ReadCloser) string {
	t.Helper()
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func sum(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

func wantField(t *testing.T, err error, field, code string) {
	t.Helper()
	e := errs.As(err)
	if e == nil {
		t.Fatalf("got %v, want a field error on %s (%s)", err, field, code)
	}
	for _, f := range e.Fields {
		if f.Field == field && (code == "" || f.Code == code) {
			if f.Reason == "" {
				t.Errorf("field error on %s without a reason", field)
			}
			return
		}
	}
	t.Fatalf("got %v (fields %+v), want a field error on %s (%s)", err, e.Fields, field, code)
}

func TestCreateAndContent(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := setup(t, d)
		doc, err := e.s.Create(e.ctx, e.input(pdf))
		if err != nil {
			t.Fatal(err)
		}
		if doc.Identificatie != "DOCUMENT-2026-0000000001" {
			t.Errorf("identificatie %q", doc.Identificatie)
		}
		if doc.Versie != 1 || doc.Locked {
			t.Errorf("versie %d locked %v", doc.Versie, doc.Locked)
		}
		if doc.Vertrouwelijkheidaanduiding != "intern" {
			t.Errorf("vertrouwelijkheidaanduiding %q, want the type's 'intern' (drc-007)", doc.Vertrouwelijkheidaanduiding)
		}
		if doc.Formaat != "application/pdf" {
			t.Errorf("formaat %q, want detected application/pdf", doc.Formaat)
		}
		if doc.Bestandsomvang != int64(len(pdf)) || doc.SHA256 != sum(pdf) {
			t.Errorf("omvang %d sha %s", doc.Bestandsomvang, doc.SHA256)
		}
		got, err := e.s.Get(e.ctx, doc.ID, 0)
		if err != nil {
			t.Fatal(err)
		}
		if got.Titel != doc.Titel || got.SHA256 != doc.SHA256 || !got.Creatiedatum.Equal(doc.Creatiedatum) ||
			got.Vertrouwelijkheidaanduiding != "intern" || got.IndicatieGebruiksrecht != nil {
			t.Errorf("stored %+v, created %+v", got, doc)
		}
		rc, meta, err := e.s.Content(e.ctx, doc.ID, 0)
		if err != nil {
			t.Fatal(err)
		}
		if c := read(t, rc); c != pdf || meta.Versie != 1 {
			t.Errorf("content %q versie %d", c, meta.Versie)
		}

		// An explicit vertrouwelijkheidaanduiding and formaat win; the sequence goes on.
		in := e.input("hello")
		in.Vertrouwelijkheidaanduiding = "geheim"
		in.Formaat = "text/x-custom"
		in.Status = document.StatusDefinitief
		no := false
		in.IndicatieGebruiksrecht = &no
		doc2, err := e.s.Create(e.ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		if doc2.Identificatie != "DOCUMENT-2026-0000000002" || doc2.Vertrouwelijkheidaanduiding != "geheim" ||
			doc2.Formaat != "text/x-custom" || doc2.Status != "definitief" || doc2.IndicatieGebruiksrecht == nil || *doc2.IndicatieGebruiksrecht {
			t.Errorf("second document %+v", doc2)
		}

		// Without content: no file, an empty stream.
		doc3, err := e.s.Create(e.ctx, e.input(""))
		if err != nil {
			t.Fatal(err)
		}
		if doc3.HasContent() || doc3.Bestandsomvang != 0 || doc3.Formaat != "" {
			t.Errorf("document without content %+v", doc3)
		}
		rc, _, err = e.s.Content(e.ctx, doc3.ID, 0)
		if err != nil || read(t, rc) != "" {
			t.Fatalf("content of a document without file: %v", err)
		}

		// Audit: one create per document, Bron DRC.
		rows, err := audit.ForResource(e.ctx, d.R, "enkelvoudiginformatieobject", doc.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 1 || rows[0].Bron != "DRC" || rows[0].Actie != "create" || rows[0].GebruikersID != "u1" {
			t.Errorf("audit %+v", rows)
		}
	})
}

func TestGeneratedIdentificatieSkipsChosenOnes(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := setup(t, d)
		in := e.input("x")
		in.Identificatie = "DOCUMENT-2026-0000000001"
		if _, err := e.s.Create(e.ctx, in); err != nil {
			t.Fatal(err)
		}
		doc, err := e.s.Create(e.ctx, e.input("y"))
		if err != nil {
			t.Fatal(err)
		}
		if doc.Identificatie != "DOCUMENT-2026-0000000002" {
			t.Errorf("generated %q, want the next free number", doc.Identificatie)
		}
	})
}

func TestCreateValidation(t *testing.T) {
	long := strings.Repeat("x", 201)
	yes := true
	cases := []struct {
		name, field, code string
		mod               func(e *env, in *document.CreateInput)
	}{
		{"no bronorganisatie", "bronorganisatie", "required", func(e *env, in *document.CreateInput) { in.Bronorganisatie = "" }},
		{"bad rsin", "bronorganisatie", "invalid", func(e *env, in *document.CreateInput) { in.Bronorganisatie = "123456789" }},
		{"no creatiedatum", "creatiedatum", "required", func(e *env, in *document.CreateInput) { in.Creatiedatum = date.Date{} }},
		{"no titel", "titel", "required", func(e *env, in *document.CreateInput) { in.Titel = "  " }},
		{"long titel", "titel", "max_length", func(e *env, in *document.CreateInput) { in.Titel = long }},
		{"no auteur", "auteur", "required", func(e *env, in *document.CreateInput) { in.Auteur = "" }},
		{"no taal", "taal", "required", func(e *env, in *document.CreateInput) { in.Taal = "" }},
		{"taal of two letters", "taal", "invalid", func(e *env, in *document.CreateInput) { in.Taal = "nl" }},
		{"taal upper case", "taal", "invalid", func(e *env, in *document.CreateInput) { in.Taal = "DUT" }},
		{"bad status", "status", "invalid_choice", func(e *env, in *document.CreateInput) { in.Status = "klaar" }},
		{"bad vertrouwelijkheid", "vertrouwelijkheidaanduiding", "invalid_choice", func(e *env, in *document.CreateInput) { in.Vertrouwelijkheidaanduiding = "topgeheim" }},
		{"long identificatie", "identificatie", "max_length", func(e *env, in *document.CreateInput) { in.Identificatie = strings.Repeat("1", 41) }},
		{"long bestandsnaam", "bestandsnaam", "max_length", func(e *env, in *document.CreateInput) { in.Bestandsnaam = strings.Repeat("a", 256) }},
		{"no informatieobjecttype", "informatieobjecttype", "required", func(e *env, in *document.CreateInput) { in.InformatieobjecttypeID = "" }},
		{"unknown informatieobjecttype", "informatieobjecttype", "does_not_exist", func(e *env, in *document.CreateInput) {
			in.InformatieobjecttypeID = "6a0e4c4e-0000-4000-8000-000000000000"
		}},
		{"malformed informatieobjecttype", "informatieobjecttype", "does_not_exist", func(e *env, in *document.CreateInput) { in.InformatieobjecttypeID = "../x" }},
		{"concept informatieobjecttype", "informatieobjecttype", "not-published", func(e *env, in *document.CreateInput) { in.InformatieobjecttypeID = e.cat.IOTypeConcept }},
		{"gebruiksrecht without gebruiksrechten", "indicatieGebruiksrecht", "missing-gebruiksrechten", func(e *env, in *document.CreateInput) { in.IndicatieGebruiksrecht = &yes }},
	}
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := setup(t, d)
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				in := e.input(pdf)
				c.mod(e, &in)
				_, err := e.s.Create(e.ctx, in)
				wantField(t, err, c.field, c.code)
				if n := documenttest.Count(t, d, "informatieobjecten") + documenttest.Count(t, d, "informatieobject_versies") +
					documenttest.Count(t, d, "audit_trail") + e.blobCount(t); n != 0 {
					t.Fatalf("a rejected create wrote %d rows or files", n)
				}
			})
		}
	})
}

func TestRejectedCreateLeavesNoBlob(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := setup(t, d)
		in := e.input(pdf)
		in.Identificatie = "BRIEF-1"
		if _, err := e.s.Create(e.ctx, in); err != nil {
			t.Fatal(err)
		}
		// The duplicate is found inside the transaction, after the file was stored.
		in = e.input("another file")
		in.Identificatie = "BRIEF-1"
		_, err := e.s.Create(e.ctx, in)
		wantField(t, err, "identificatie", "identificatie-niet-uniek")
		if n := e.blobCount(t); n != 1 {
			t.Fatalf("%d files stored, want 1 (the rejected upload's file must be removed)", n)
		}
		if n := documenttest.Count(t, d, "informatieobjecten"); n != 1 {
			t.Fatalf("%d documents", n)
		}
		// Same identificatie for another bronorganisatie is fine.
		in = e.input("x")
		in.Identificatie = "BRIEF-1"
		in.Bronorganisatie = "002564440"
		if _, err := e.s.Create(e.ctx, in); err != nil {
			t.Fatal(err)
		}
	})
}

func TestMaxSize(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := setup(t, d)
		e.s.MaxSize = 1000
		in := e.input(strings.Repeat("a", 1001))
		_, err := e.s.Create(e.ctx, in)
		wantField(t, err, "inhoud", "file-too-large")
		if n := documenttest.Count(t, d, "informatieobjecten") + e.blobCount(t); n != 0 {
			t.Fatalf("too large upload left %d rows/files", n)
		}
		if _, err := e.s.Create(e.ctx, e.input(strings.Repeat("a", 1000))); err != nil {
			t.Fatalf("exactly the maximum: %v", err)
		}
	})
}

func str(s string) *string { return &s }

func TestLockUpdateUnlock(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := setup(t, d)
		doc, err := e.s.Create(e.ctx, e.input(pdf))
		if err != nil {
			t.Fatal(err)
		}
		// drc-009: no update without a lock.
		_, err = e.s.Update(e.ctx, doc.ID, document.UpdateInput{Titel: str("Nieuw")})
		wantField(t, err, "nonFieldErrors", "unlocked")

		token, err := e.s.Lock(e.ctx, doc.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(token) < 32 {
			t.Fatalf("lock token %q is guessable", token)
		}
		_, err = e.s.Lock(e.ctx, doc.ID)
		wantField(t, err, "nonFieldErrors", "existing-lock")
		if got, _ := e.s.Get(e.ctx, doc.ID, 0); !got.Locked {
			t.Error("document not shown as locked")
		}
		_, err = e.s.Update(e.ctx, doc.ID, document.UpdateInput{Titel: str("Nieuw")})
		wantField(t, err, "lock", "missing-lock")
		_, err = e.s.Update(e.ctx, doc.ID, document.UpdateInput{Lock: "wrong", Titel: str("Nieuw")})
		wantField(t, err, "lock", "incorrect-lock-id")
		_, err = e.s.Update(e.ctx, doc.ID, document.UpdateInput{Lock: token, Titel: str("")})
		wantField(t, err, "titel", "required")
		if n := documenttest.Count(t, d, "informatieobject_versies"); n != 1 {
			t.Fatalf("rejected updates wrote versions: %d", n)
		}

		// Version 2 with a new file: formaat re-detected.
		v2, err := e.s.Update(e.ctx, doc.ID, document.UpdateInput{Lock: token, Titel: str("Aanvraag (aangevuld)"),
			Bestandsnaam: str("aanvraag.txt"), Content: strings.NewReader("platte tekst")})
		if err != nil {
			t.Fatal(err)
		}
		if v2.Versie != 2 || v2.Titel != "Aanvraag (aangevuld)" || v2.Formaat != "text/plain; charset=utf-8" ||
			v2.SHA256 != sum("platte tekst") || v2.Identificatie != doc.Identificatie || v2.Auteur != doc.Auteur {
			t.Errorf("version 2 %+v", v2)
		}
		// Version 3 keeps the file of version 2.
		v3, err := e.s.Update(e.ctx, doc.ID, document.UpdateInput{Lock: token, Status: str(document.StatusDefinitief)})
		if err != nil {
			t.Fatal(err)
		}
		if v3.Versie != 3 || v3.SHA256 != v2.SHA256 || v3.Formaat != v2.Formaat || v3.Status != "definitief" {
			t.Errorf("version 3 %+v", v3)
		}
		if e.blobCount(t) != 2 {
			t.Errorf("%d files, want 2 (version 3 reuses version 2's)", e.blobCount(t))
		}
		for _, c := range []struct {
			versie         int
			titel, content string
		}{{1, "Aanvraag omgevingsvergunning", pdf}, {2, "Aanvraag (aangevuld)", "platte tekst"}, {0, "Aanvraag (aangevuld)", "platte tekst"}} {
			rc, meta, err := e.s.Content(e.ctx, doc.ID, c.versie)
			if err != nil {
				t.Fatal(err)
			}
			if got := read(t, rc); got != c.content || meta.Titel != c.titel {
				t.Errorf("versie %d: titel %q content %q", c.versie, meta.Titel, got)
			}
		}
		v1, err := e.s.Get(e.ctx, doc.ID, 1)
		if err != nil {
			t.Fatal(err)
		}
		if v1.Versie != 1 || v1.Formaat != "application/pdf" || !v1.Locked || v1.SHA256 != sum(pdf) {
			t.Errorf("version 1 %+v", v1)
		}
		if _, err := e.s.Get(e.ctx, doc.ID, 9); !errs.Is(err, errs.NotFound) {
			t.Errorf("missing version: %v", err)
		}
		// registratieOp: the version current at the moment version 2 was made.
		at, err := e.s.GetAt(e.ctx, doc.ID, v2.BeginRegistratie)
		if err != nil || at.Versie != 2 {
			t.Errorf("GetAt: %+v %v", at, err)
		}
		if _, err := e.s.GetAt(e.ctx, doc.ID, doc.BeginRegistratie.Add(-time.Hour)); !errs.Is(err, errs.NotFound) {
			t.Errorf("GetAt before creation: %v", err)
		}
		vs, err := e.s.Versions(e.ctx, doc.ID)
		if err != nil || len(vs) != 3 || vs[0].Versie != 1 || vs[2].Versie != 3 {
			t.Fatalf("versions %+v %v", vs, err)
		}

		if err := e.s.Unlock(e.ctx, doc.ID, "wrong"); !errs.Is(err, errs.Invalid) {
			t.Fatalf("unlock with a wrong token: %v", err)
		}
		if err := e.s.Unlock(e.ctx, doc.ID, token); err != nil {
			t.Fatal(err)
		}
		if got, _ := e.s.Get(e.ctx, doc.ID, 0); got.Locked {
			t.Error("still locked after unlock")
		}
		// The old token is useless now.
		_, err = e.s.Update(e.ctx, doc.ID, document.UpdateInput{Lock: token, Titel: str("x")})
		wantField(t, err, "nonFieldErrors", "unlocked")

		// Forced unlock: only beheerders (or the ZGW scope).
		if _, err := e.s.Lock(e.ctx, doc.ID); err != nil {
			t.Fatal(err)
		}
		if err := e.s.ForceUnlock(e.ctx, doc.ID); !errs.Is(err, errs.Forbidden) {
			t.Fatalf("forced unlock by a behandelaar: %v", err)
		}
		beheer := audit.WithActor(e.ctx, audit.Actor{Kind: "medewerker", ID: "b1", Roles: []string{"beheerder"}})
		if err := e.s.ForceUnlock(beheer, doc.ID); err != nil {
			t.Fatal(err)
		}
		app := audit.WithActor(e.ctx, audit.Actor{Kind: "applicatie", ID: "app", Roles: []string{document.ForceUnlockPermission}})
		e.s.Lock(e.ctx, doc.ID)
		if err := e.s.ForceUnlock(app, doc.ID); err != nil {
			t.Fatal(err)
		}
		if got, _ := e.s.Get(e.ctx, doc.ID, 0); got.Locked {
			t.Error("still locked after forced unlock")
		}
		rows, _ := audit.ForResource(e.ctx, d.R, "enkelvoudiginformatieobject", doc.ID)
		var acts []string
		for _, r := range rows {
			acts = append(acts, r.Actie)
		}
		if strings.Join(acts, ",") != "create,lock,update,update,unlock,lock,unlock,lock,unlock" {
			t.Errorf("audit actions %v", acts)
		}
	})
}

func TestUpdateChangesType(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := setup(t, d)
		doc, err := e.s.Create(e.ctx, e.input(""))
		if err != nil {
			t.Fatal(err)
		}
		token, _ := e.s.Lock(e.ctx, doc.ID)
		_, err = e.s.Update(e.ctx, doc.ID, document.UpdateInput{Lock: token, InformatieobjecttypeID: str(e.cat.IOTypeConcept)})
		wantField(t, err, "informatieobjecttype", "not-published")
		_, err = e.s.Update(e.ctx, doc.ID, document.UpdateInput{Lock: token, Taal: str("nederlands")})
		wantField(t, err, "taal", "invalid")
		// Emptying the vertrouwelijkheidaanduiding takes the (new) type's (drc-007).
		v2, err := e.s.Update(e.ctx, doc.ID, document.UpdateInput{Lock: token, InformatieobjecttypeID: str(e.cat.IOTypeOther),
			Vertrouwelijkheidaanduiding: str("")})
		if err != nil {
			t.Fatal(err)
		}
		if v2.InformatieobjecttypeID != e.cat.IOTypeOther || v2.Vertrouwelijkheidaanduiding != "openbaar" {
			t.Errorf("after type change %+v", v2)
		}
	})
}

func TestListFilters(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := setup(t, d)
		a, _ := e.s.Create(e.ctx, e.input("a"))
		in := e.input("b")
		in.Titel, in.Auteur, in.InformatieobjecttypeID = "Besluit op bezwaar_50%", "K. de Vries", e.cat.IOTypeOther
		in.Creatiedatum = date.MustParse("2026-03-01")
		b, _ := e.s.Create(e.ctx, in)
		if a == nil || b == nil {
			t.Fatal("create failed")
		}
		e.s.Lock(e.ctx, b.ID)
		zaak := documenttest.Zaak(t, d, e.cat.ZaakTypeID)
		if _, err := e.s.LinkZaak(e.ctx, document.LinkInput{ZaakID: zaak, InformatieobjectID: a.ID}); err != nil {
			t.Fatal(err)
		}
		yes := true
		for _, c := range []struct {
			name string
			f    document.Filter
			want []string
		}{
			{"all", document.Filter{}, []string{a.ID, b.ID}},
			{"newest first", document.Filter{NewestFirst: true}, []string{b.ID, a.ID}},
			{"titel", document.Filter{Titel: "BEZWAAR_50%"}, []string{b.ID}},
			{"titel wildcard is literal", document.Filter{Titel: "bezwaar%op"}, nil},
			{"auteur", document.Filter{Auteur: "J. Jansen"}, []string{a.ID}},
			{"type", document.Filter{InformatieobjecttypeID: e.cat.IOTypeOther}, []string{b.ID}},
			{"identificatie", document.Filter{Bronorganisatie: documenttest.RSIN, Identificatie: a.Identificatie}, []string{a.ID}},
			{"locked", document.Filter{Locked: &yes}, []string{b.ID}},
			{"creatiedatum", document.Filter{CreatiedatumVanaf: date.MustParse("2026-04-01")}, []string{a.ID}},
			{"creatiedatum tot", document.Filter{CreatiedatumTot: date.MustParse("2026-03-01")}, []string{b.ID}},
			{"zaak", document.Filter{ZaakID: zaak}, []string{a.ID}},
			{"page", document.Filter{Limit: 1, Offset: 1}, []string{b.ID}},
		} {
			got, total, err := e.s.List(e.ctx, c.f)
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			var ids []string
			for _, g := range got {
				ids = append(ids, g.ID)
			}
			if strings.Join(ids, ",") != strings.Join(c.want, ",") {
				t.Errorf("%s: got %v, want %v", c.name, ids, c.want)
			}
			if c.f.Limit == 0 && total != len(c.want) {
				t.Errorf("%s: total %d", c.name, total)
			}
			if c.name == "page" && total != 2 {
				t.Errorf("page: total %d, want 2", total)
			}
		}
		if _, _, err := e.s.List(e.ctx, document.Filter{ZaakID: "nope"}); !errs.Is(err, errs.Invalid) {
			t.Errorf("malformed zaak filter: %v", err)
		}
	})
}

func TestLinkZaak(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := setup(t, d)
		doc, _ := e.s.Create(e.ctx, e.input(pdf))
		inOther := e.input("x")
		inOther.InformatieobjecttypeID = e.cat.IOTypeOther
		other, _ := e.s.Create(e.ctx, inOther)
		zaak := documenttest.Zaak(t, d, e.cat.ZaakTypeID)
		before := documenttest.Count(t, d, "audit_trail")

		bad := []struct {
			name        string
			in          document.LinkInput
			field, code string
		}{
			{"unknown zaak", document.LinkInput{ZaakID: "6a0e4c4e-0000-4000-8000-000000000000", InformatieobjectID: doc.ID}, "zaak", "does_not_exist"},
			{"malformed zaak", document.LinkInput{ZaakID: "1 OR 1=1", InformatieobjectID: doc.ID}, "zaak", "does_not_exist"},
			{"unknown document", document.LinkInput{ZaakID: zaak, InformatieobjectID: "6a0e4c4e-0000-4000-8000-000000000000"}, "informatieobject", "does_not_exist"},
			{"type not in zaaktype (zrc-017)", document.LinkInput{ZaakID: zaak, InformatieobjectID: other.ID}, "nonFieldErrors", "missing-zaaktype-informatieobjecttype-relation"},
			{"long titel", document.LinkInput{ZaakID: zaak, InformatieobjectID: doc.ID, Titel: strings.Repeat("t", 201)}, "titel", "max_length"},
		}
		for _, c := range bad {
			_, err := e.s.LinkZaak(e.ctx, c.in)
			wantField(t, err, c.field, c.code)
		}
		otherZaak := documenttest.Zaak(t, d, e.cat.OtherZaakTypeID)
		_, err := e.s.LinkZaak(e.ctx, document.LinkInput{ZaakID: otherZaak, InformatieobjectID: doc.ID})
		wantField(t, err, "nonFieldErrors", "missing-zaaktype-informatieobjecttype-relation")
		if n := documenttest.Count(t, d, "zaakinformatieobjecten"); n != 0 {
			t.Fatalf("rejected links wrote %d rows", n)
		}
		if documenttest.Count(t, d, "audit_trail") != before {
			t.Fatal("rejected links wrote audit rows")
		}

		link, err := e.s.LinkZaak(e.ctx, document.LinkInput{ZaakID: zaak, InformatieobjectID: doc.ID,
			Titel: "Aanvraag", Beschrijving: "Ingediend via het formulier", ZichtbaarVoorInitiator: true})
		if err != nil {
			t.Fatal(err)
		}
		_, err = e.s.LinkZaak(e.ctx, document.LinkInput{ZaakID: zaak, InformatieobjectID: doc.ID})
		wantField(t, err, "nonFieldErrors", "unique")

		list, err := e.s.ListForZaak(e.ctx, zaak)
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 1 || list[0].ID != link.ID || list[0].Document.ID != doc.ID || list[0].Document.SHA256 != sum(pdf) ||
			!list[0].ZichtbaarVoorInitiator || list[0].Titel != "Aanvraag" {
			t.Fatalf("ListForZaak %+v", list)
		}
		links, err := e.s.ListZaakLinks(e.ctx, document.LinkFilter{InformatieobjectID: doc.ID})
		if err != nil || len(links) != 1 || links[0].ZaakID != zaak {
			t.Fatalf("ListZaakLinks %+v %v", links, err)
		}
		objs, err := e.s.ObjectLinks(e.ctx, doc.ID)
		if err != nil || len(objs) != 1 || objs[0].ObjectType != "zaak" || objs[0].ObjectID != zaak {
			t.Fatalf("ObjectLinks %+v %v", objs, err)
		}

		// Changes to a linked document show in the zaak's history.
		token, _ := e.s.Lock(e.ctx, doc.ID)
		if _, err := e.s.Update(e.ctx, doc.ID, document.UpdateInput{Lock: token, Titel: str("Aanvraag v2")}); err != nil {
			t.Fatal(err)
		}
		e.s.Unlock(e.ctx, doc.ID, token)
		hist, _ := audit.ForZaak(e.ctx, d.R, zaak)
		var seen []string
		for _, h := range hist {
			seen = append(seen, h.Bron+":"+h.Resource+":"+h.Actie)
		}
		if strings.Join(seen, ",") != "ZRC:zaakinformatieobject:create,DRC:enkelvoudiginformatieobject:lock,DRC:enkelvoudiginformatieobject:update,DRC:enkelvoudiginformatieobject:unlock" {
			t.Errorf("zaak history %v", seen)
		}

		// drc-008: no delete while linked.
		err = e.s.Delete(e.ctx, doc.ID)
		wantField(t, err, "nonFieldErrors", "pending-relations")

		// A closed zaak: only forced.
		documenttest.CloseZaak(t, d, zaak)
		if err := e.s.UnlinkZaak(e.ctx, link.ID, false); !errs.Is(err, errs.Conflict) {
			t.Fatalf("unlink on a closed zaak: %v", err)
		}
		doc2, _ := e.s.Create(e.ctx, e.input("y"))
		if _, err := e.s.LinkZaak(e.ctx, document.LinkInput{ZaakID: zaak, InformatieobjectID: doc2.ID}); !errs.Is(err, errs.Conflict) {
			t.Fatalf("link to a closed zaak: %v", err)
		}
		if _, err := e.s.LinkZaak(e.ctx, document.LinkInput{ZaakID: zaak, InformatieobjectID: doc2.ID, Geforceerd: true}); err != nil {
			t.Fatalf("forced link to a closed zaak: %v", err)
		}
		// Archived: not even forced.
		documenttest.SetArchiefstatus(t, d, zaak, "gearchiveerd")
		err = e.s.UnlinkZaak(e.ctx, link.ID, true)
		wantField(t, err, "zaak", "zaak-archiefstatus")
		documenttest.SetArchiefstatus(t, d, zaak, "nog_te_archiveren")

		updated, err := e.s.UpdateZaakLink(e.ctx, link.ID, str("Aanvraag (definitief)"), nil, nil, true)
		if err != nil || updated.Titel != "Aanvraag (definitief)" || !updated.ZichtbaarVoorInitiator {
			t.Fatalf("UpdateZaakLink %+v %v", updated, err)
		}
		if err := e.s.UnlinkZaak(e.ctx, link.ID, true); err != nil {
			t.Fatal(err)
		}
		if _, err := e.s.GetZaakLink(e.ctx, link.ID); !errs.Is(err, errs.NotFound) {
			t.Fatalf("link after unlink: %v", err)
		}
		if err := e.s.UnlinkZaak(e.ctx, link.ID, true); !errs.Is(err, errs.NotFound) {
			t.Fatalf("second unlink: %v", err)
		}
	})
}

func TestDelete(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := setup(t, d)
		doc, _ := e.s.Create(e.ctx, e.input(pdf))
		token, _ := e.s.Lock(e.ctx, doc.ID)
		e.s.Update(e.ctx, doc.ID, document.UpdateInput{Lock: token, Content: strings.NewReader("v2")})
		keep, _ := e.s.Create(e.ctx, e.input("keep"))
		if e.blobCount(t) != 3 {
			t.Fatalf("%d files before delete", e.blobCount(t))
		}
		// ZGW 1.5: unlock before delete.
		err := e.s.Delete(e.ctx, doc.ID)
		wantField(t, err, "nonFieldErrors", "locked")
		e.s.Unlock(e.ctx, doc.ID, token)
		if err := e.s.Delete(e.ctx, doc.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := e.s.Get(e.ctx, doc.ID, 0); !errs.Is(err, errs.NotFound) {
			t.Fatalf("get after delete: %v", err)
		}
		if e.blobCount(t) != 1 {
			t.Fatalf("%d files after delete, want 1 (the other document's)", e.blobCount(t))
		}
		if n := documenttest.Count(t, d, "informatieobject_versies"); n != 1 {
			t.Fatalf("%d versions left", n)
		}
		if rows, _ := audit.ForResource(e.ctx, d.R, "enkelvoudiginformatieobject", doc.ID); len(rows) != 0 {
			t.Fatalf("drc-008: audit trail of the destroyed document kept: %d rows", len(rows))
		}
		if rc, _, err := e.s.Content(e.ctx, keep.ID, 0); err != nil || read(t, rc) != "keep" {
			t.Fatal("the other document's content is gone")
		}
		if err := e.s.Delete(e.ctx, doc.ID); !errs.Is(err, errs.NotFound) {
			t.Fatalf("second delete: %v", err)
		}
	})
}

func TestDetectFormaat(t *testing.T) {
	for _, c := range []struct{ head, name, want string }{
		{pdf, "x.pdf", "application/pdf"},
		{"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR", "foto", "image/png"},
		{"PK\x03\x04\x14\x00\x06\x00", "brief.DOCX", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
		{"PK\x03\x04\x14\x00\x06\x00", "archief.zip", "application/zip"},
		{"\x00\x01\x02\x03", "", "application/octet-stream"},
	} {
		if got := document.DetectFormaat([]byte(c.head), c.name); got != c.want {
			t.Errorf("DetectFormaat(%q, %q) = %q, want %q", c.head, c.name, got, c.want)
		}
	}
}

func BenchmarkUploadDownload(b *testing.B) {
	d := dbtest.New(b, db.SQLite)
	blobs, _ := blob.NewDir(b.TempDir())
	s := document.New(d, blobs, nil)
	cat := documenttest.Setup(b, d)
	ctx := context.Background()
	content := bytes.Repeat([]byte("Loket document benchmark. "), (4<<20)/26)
	b.SetBytes(int64(len(content)))
	for b.Loop() {
		doc, err := s.Create(ctx, document.CreateInput{Bronorganisatie: documenttest.RSIN, Creatiedatum: date.MustParse("2026-04-24"),
			Titel: "Bench", Auteur: "bench", Taal: "dut", InformatieobjecttypeID: cat.IOType, Content: bytes.NewReader(content)})
		if err != nil {
			b.Fatal(err)
		}
		rc, _, err := s.Content(ctx, doc.ID, 0)
		if err != nil {
			b.Fatal(err)
		}
		io.Copy(io.Discard, rc)
		rc.Close()
	}
}

func TestConcurrentCreateAndLock(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := setup(t, d)
		const n = 8
		var wg sync.WaitGroup
		ids := make([]string, n)
		errsSeen := make([]error, n)
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				doc, err := e.s.Create(e.ctx, e.input("parallel"))
				errsSeen[i] = err
				if err == nil {
					ids[i] = doc.Identificatie
				}
			}()
		}
		wg.Wait()
		seen := map[string]bool{}
		for i := range n {
			if errsSeen[i] != nil {
				t.Fatal(errsSeen[i])
			}
			if seen[ids[i]] {
				t.Fatalf("identificatie %s handed out twice", ids[i])
			}
			seen[ids[i]] = true
		}
		docs, _, _ := e.s.List(e.ctx, document.Filter{})
		id := docs[0].ID
		tokens := make(chan string, n)
		for range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if tok, err := e.s.Lock(e.ctx, id); err == nil {
					tokens <- tok
				} else if !errs.Is(err, errs.Invalid) {
					t.Errorf("lock: %v", err)
				}
			}()
		}
		wg.Wait()
		close(tokens)
		if len(tokens) != 1 {
			t.Fatalf("%d concurrent locks succeeded, want exactly 1", len(tokens))
		}
	})
}

type brokenReader struct{ sent bool }

func (b *brokenReader) Read(p []byte) (int, error) {
	if !b.sent {
		b.sent = true
		return copy(p, "%PDF-1.7 half a file"), nil
	}
	return 0, io.ErrUnexpectedEOF
}

func TestBrokenUpload(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := setup(t, d)
		in := e.input("")
		in.Content = &brokenReader{}
		_, err := e.s.Create(e.ctx, in)
		wantField(t, err, "inhoud", "upload-incomplete")
		if n := documenttest.Count(t, d, "informatieobjecten") + e.blobCount(t); n != 0 {
			t.Fatalf("a broken upload left %d rows/files", n)
		}
	})
}

func TestSweepOrphanBlobs(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := setup(t, d)
		doc, _ := e.s.Create(e.ctx, e.input(pdf))
		token, _ := e.s.Lock(e.ctx, doc.ID)
		e.s.Update(e.ctx, doc.ID, document.UpdateInput{Lock: token, Content: strings.NewReader("v2")})
		// A file as a crash between Put and commit leaves it.
		orphan, _, _, err := e.blobs.Put(e.ctx, strings.NewReader("orphan"))
		if err != nil {
			t.Fatal(err)
		}
		// Files are younger than the cutoff as seen by the real clock: nothing goes.
		sweeper := document.New(d, e.blobs, time.Now)
		if n, err := sweeper.SweepOrphanBlobs(e.ctx, time.Hour); err != nil || n != 0 {
			t.Fatalf("sweep of fresh files removed %d (%v)", n, err)
		}
		later := document.New(d, e.blobs, func() time.Time { return time.Now().Add(2 * time.Hour) })
		n, err := later.SweepOrphanBlobs(e.ctx, time.Hour)
		if err != nil || n != 1 {
			t.Fatalf("sweep removed %d (%v), want 1", n, err)
		}
		if _, err := e.blobs.Open(e.ctx, orphan); err == nil {
			t.Fatal("orphan still there")
		}
		for _, v := range []int{1, 2} {
			rc, _, err := e.s.Content(e.ctx, doc.ID, v)
			if err != nil {
				t.Fatalf("version %d lost its file: %v", v, err)
			}
			rc.Close()
		}
	})
}

// On PostgreSQL a link committed between Delete's relation count and its
// DELETE makes the foreign key refuse the delete; that is the same user error
// as a link that was there all along, not an internal one.
func TestDeleteRacingALink(t *testing.T) {
	if dbtest.PostgresURL() == "" {
		t.Skip("the race needs a second writer: PostgreSQL only")
	}
	d := dbtest.New(t, db.Postgres)
	e := setup(t, d)
	doc, err := e.s.Create(e.ctx, e.input(pdf))
	if err != nil {
		t.Fatal(err)
	}
	zaak := documenttest.Zaak(t, d, e.cat.ZaakTypeID)
	// The link's transaction stays open, so Delete counts no relation and then
	// waits on the row lock the link's foreign key check holds.
	tx, err := d.W.BeginTx(e.ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(e.ctx, `INSERT INTO zaakinformatieobjecten (id, zaak_id, informatieobject_id, registratiedatum)
		VALUES ($1, $2, $3, $4)`, uuid.NewString(), zaak, doc.ID, time.Now().UTC()); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- e.s.Delete(e.ctx, doc.ID) }()
	for waiting := 0; waiting == 0; {
		if err := d.R.QueryRowContext(e.ctx, `SELECT COUNT(*) FROM pg_stat_activity
			WHERE datname = current_database() AND wait_event_type = 'Lock'
			AND query LIKE 'DELETE FROM informatieobjecten%'`).Scan(&waiting); err != nil {
			t.Fatal(err)
		}
		select {
		case err := <-done:
			t.Fatalf("Delete returned before the link committed: %v", err)
		case <-time.After(time.Millisecond):
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	wantField(t, <-done, "nonFieldErrors", "pending-relations")
}

// The mirror of TestDeleteRacingALink: a link whose document is deleted by a
// transaction that commits after the link read it.
func TestLinkRacingADelete(t *testing.T) {
	if dbtest.PostgresURL() == "" {
		t.Skip("the race needs a second writer: PostgreSQL only")
	}
	d := dbtest.New(t, db.Postgres)
	e := setup(t, d)
	doc, err := e.s.Create(e.ctx, e.input(pdf))
	if err != nil {
		t.Fatal(err)
	}
	zaak := documenttest.Zaak(t, d, e.cat.ZaakTypeID)
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
		_, err := e.s.LinkZaak(e.ctx, document.LinkInput{ZaakID: zaak, InformatieobjectID: doc.ID})
		done <- err
	}()
	for waiting := 0; waiting == 0; {
		if err := d.R.QueryRowContext(e.ctx, `SELECT COUNT(*) FROM pg_stat_activity
			WHERE datname = current_database() AND wait_event_type = 'Lock'
			AND query LIKE 'INSERT INTO zaakinformatieobjecten%'`).Scan(&waiting); err != nil {
			t.Fatal(err)
		}
		select {
		case err := <-done:
			t.Fatalf("LinkZaak returned before the delete committed: %v", err)
		case <-time.After(time.Millisecond):
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	wantField(t, <-done, "nonFieldErrors", "does_not_exist")
}

// The 40 of identificatie counts characters, as every other length does.
func TestIdentificatieOfFortyCharactersWithAccents(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := setup(t, d)
		in := e.input("x")
		in.Identificatie = strings.Repeat("é", 40)
		if _, err := e.s.Create(e.ctx, in); err != nil {
			t.Fatalf("Create with a 40-character identificatie: %v", err)
		}
	})
}
