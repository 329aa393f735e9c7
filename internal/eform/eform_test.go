package eform_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gemeenten/loket/internal/audit"
	"github.com/gemeenten/loket/internal/blob"
	"github.com/gemeenten/loket/internal/catalogus/catalogustest"
	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/db/dbtest"
	"github.com/gemeenten/loket/internal/document"
	"github.com/gemeenten/loket/internal/eform"
	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/ident"
	"github.com/gemeenten/loket/internal/jobs"
	"github.com/gemeenten/loket/internal/klant"
	"github.com/gemeenten/loket/internal/zaak"
)

var today = time.Date(2026, 11, 2, 10, 0, 0, 0, date.Amsterdam)

func f(v float64) *float64 { return &v }

// definitie is a two-page form: who and what, then the conditional
// questions and an upload.
func definitie() eform.Definitie {
	return eform.Definitie{Paginas: []eform.Pagina{
		{Titel: "Uw aanvraag", Velden: []eform.Veld{
			{Naam: "kadastraleAanduiding", Type: eform.Text, Label: "Kadastrale aanduiding", Verplicht: true, Eigenschap: true, Max: f(40)},
			{Naam: "soort", Type: eform.Choice, Label: "Wat wilt u bouwen?", Opties: []string{"Dakkapel", "Aanbouw"}, Verplicht: true},
			{Naam: "email", Type: eform.Email, Label: "E-mailadres", Verplicht: true, Prefill: eform.PrefillEmail},
			{Naam: "adres", Type: eform.Address, Label: "Adres van de bouw", Verplicht: true},
		}},
		{Titel: "Details", Velden: []eform.Veld{
			{Naam: "diepte", Type: eform.Number, Label: "Diepte in meters", Verplicht: true, Min: f(0.5), Max: f(6), Toon: &eform.Voorwaarde{Veld: "soort", Waarde: "Aanbouw"}},
			{Naam: "startdatum", Type: eform.Date, Label: "Wanneer begint de bouw?", Min: f(0), Max: f(730)},
			{Naam: "tekening", Type: eform.File, Label: "Bouwtekening", Verplicht: true, Bestandstypen: []string{"application/pdf"}, MaxMB: 1},
			{Naam: "akkoord", Type: eform.Checkbox, Label: "Ik heb alles naar waarheid ingevuld", Verplicht: true},
		}},
	}}
}

func TestDefinitionCheck(t *testing.T) {
	if err := definitie().Check(); err != nil {
		t.Fatalf("valid definition refused: %v", err)
	}
	bad := eform.Definitie{Paginas: []eform.Pagina{{Titel: "", Velden: []eform.Veld{
		{Naam: "1x", Type: eform.Text, Label: "A"},
		{Naam: "kleur", Type: "kleurkiezer", Label: ""},
		{Naam: "keuze", Type: eform.Choice, Label: "K", Opties: []string{"een"}},
		{Naam: "later", Type: eform.Text, Label: "L", Toon: &eform.Voorwaarde{Veld: "keuze", Waarde: "een"}},
		{Naam: "keuze", Type: eform.Text, Label: "dubbel"},
		{Naam: "bijlage", Type: eform.File, Label: "B", Bestandstypen: []string{"text/html"}, MaxMB: 100},
	}}}}
	var e *errs.Error
	if err := bad.Check(); !errors.As(err, &e) {
		t.Fatalf("want field errors, got %v", err)
	}
	want := map[string]bool{"paginas[0].titel": true, "paginas[0].velden[0].naam": true, "paginas[0].velden[1].type": true,
		"paginas[0].velden[1].label": true, "paginas[0].velden[2].opties": true, "paginas[0].velden[3].toon": true,
		"paginas[0].velden[4].naam": true, "paginas[0].velden[5].bestandstypen": true, "paginas[0].velden[5].maxMB": true}
	for _, fe := range e.Fields {
		delete(want, fe.Field)
		if fe.Reason == "" {
			t.Errorf("%s: no reason", fe.Field)
		}
	}
	if len(want) > 0 {
		t.Errorf("not reported: %v (got %+v)", want, e.Fields)
	}
}

func TestValidatePage(t *testing.T) {
	def := definitie()
	d := date.Of(today)
	fields := func(err error) map[string]string {
		out := map[string]string{}
		var e *errs.Error
		if errors.As(err, &e) {
			for _, fe := range e.Fields {
				out[fe.Field] = fe.Reason
			}
		}
		return out
	}
	got := fields(def.ValidatePage(0, eform.Answers{"soort": {"Schuur"}, "email": {"anna@"}, "adres.postcode": {"123"},
		"adres.huisnummer": {"12a"}}, nil, d))
	for _, k := range []string{"kadastraleAanduiding", "soort", "email", "adres.postcode", "adres.huisnummer", "adres.straat", "adres.woonplaats"} {
		if got[k] == "" {
			t.Errorf("%s: no error (%v)", k, got)
		}
	}
	ok := eform.Answers{"kadastraleAanduiding": {"VBD01 A 1234"}, "soort": {"Dakkapel"}, "email": {"anna@voorbeeld.nl"},
		"adres.postcode": {"1234 AB"}, "adres.huisnummer": {"12"}, "adres.straat": {"Dorpsstraat"}, "adres.woonplaats": {"Voorbeeld"}}
	if err := def.ValidatePage(0, ok, nil, d); err != nil {
		t.Fatalf("valid page refused: %v", err)
	}
	// Page 2: diepte is only asked for an aanbouw.
	p2 := eform.Answers{"soort": {"Dakkapel"}, "akkoord": {"ja"}}
	if err := def.ValidatePage(1, p2, map[string]bool{"tekening": true}, d); err != nil {
		t.Fatalf("diepte asked for a dakkapel: %v", err)
	}
	p2["soort"] = []string{"Aanbouw"}
	p2["startdatum"] = []string{"1-1-2026"}
	got = fields(def.ValidatePage(1, p2, nil, d))
	for _, k := range []string{"diepte", "startdatum", "tekening"} {
		if got[k] == "" {
			t.Errorf("%s: no error (%v)", k, got)
		}
	}
	p2["diepte"] = []string{"9,5"}
	if got := fields(def.ValidatePage(1, p2, nil, d)); !strings.Contains(got["diepte"], "6 of minder") {
		t.Errorf("diepte 9,5: %q", got["diepte"])
	}
}

type env struct {
	ctx      context.Context
	s        *eform.Service
	zs       *zaak.Service
	docs     *document.Service
	docBlobs *blob.Dir
	d        *db.DB
	owner    eform.Owner
}

func newEnv(t *testing.T, d *db.DB) *env {
	t.Helper()
	ctx := audit.WithActor(context.Background(), audit.Actor{Kind: "systeem", ID: "test", Name: "Test"})
	catalogustest.Build(t, d)
	blobs, err := blob.NewDir(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	now := func() time.Time { return today }
	zs := zaak.New(d)
	zs.Now = now
	docs := document.New(d, blobs, now)
	ks := klant.New(d)
	ks.Now = now
	q, err := jobs.New(d, nil, jobs.Config{})
	if err != nil {
		t.Fatal(err)
	}
	// Forms keep uploads in a store of their own (its sweep would
	// otherwise take the documents' files).
	uploads, err := blob.NewDir(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	s := &eform.Service{DB: d, Zaken: zs, Docs: docs, Klant: ks, Blobs: uploads, Queue: q, Now: now, Bronorganisatie: catalogustest.RSIN}
	bsn := ident.TestBSNs(1)[0]
	if _, err := d.W.ExecContext(ctx, `INSERT INTO personen (bsn, voornamen, geslachtsnaam) VALUES ($1, 'Anna', 'Jansen')`, bsn); err != nil {
		t.Fatal(err)
	}
	e := &env{ctx: ctx, s: s, zs: zs, docs: docs, docBlobs: blobs, d: d, owner: eform.Owner{Type: "bsn", Number: bsn, Name: "Anna Jansen"}}
	if _, err := s.SaveForm(ctx, eform.FormInput{Slug: "dakkapel", Titel: "Dakkapel of aanbouw melden",
		ZaaktypeIdentificatie: "OMGEVINGSVERGUNNING", Definitie: definitie()}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Publish(ctx, "dakkapel"); err != nil {
		t.Fatal(err)
	}
	return e
}

var pdf = []byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")

func (e *env) fill(t *testing.T, c *eform.Concept) {
	t.Helper()
	if err := e.s.SavePage(e.ctx, c, 0, eform.Answers{"kadastraleAanduiding": {"VBD01 A 1234"}, "soort": {"Aanbouw"},
		"email": {"anna@voorbeeld.nl"}, "adres.postcode": {"1234ab"}, "adres.huisnummer": {"12"}, "adres.straat": {"Dorpsstraat"},
		"adres.woonplaats": {"Voorbeeld"}}, 1); err != nil {
		t.Fatal(err)
	}
	if _, err := e.s.Upload(e.ctx, c, "tekening", "tekening.pdf", bytes.NewReader(pdf)); err != nil {
		t.Fatal(err)
	}
	if err := e.s.SavePage(e.ctx, c, 1, eform.Answers{"diepte": {"3"}, "akkoord": {"ja"}}, 2); err != nil {
		t.Fatal(err)
	}
}

func TestDraftSaveContinueAndSubmitOnce(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		c, _, err := e.s.Start(e.ctx, "dakkapel", e.owner)
		if err != nil {
			t.Fatal(err)
		}
		// A wrong page saves nothing.
		if err := e.s.SavePage(e.ctx, c, 0, eform.Answers{"soort": {"Aanbouw"}}, 1); errs.KindOf(err) != errs.Invalid {
			t.Fatalf("incomplete page: %v", err)
		}
		again, _, err := e.s.Start(e.ctx, "dakkapel", e.owner)
		if err != nil || again.ID != c.ID || len(again.Antwoorden) != 0 {
			t.Fatalf("the owner continues the same, unchanged draft: %+v %v", again, err)
		}
		e.fill(t, c)
		// Continue later: the owner finds the draft with its answers.
		later, err := e.s.Draft(e.ctx, "dakkapel", e.owner, "")
		if err != nil || later.Antwoorden.Get("adres.postcode") != "1234 AB" || later.Pagina != 2 || len(later.Bestanden) != 1 {
			t.Fatalf("continue later: %+v %v", later, err)
		}
		// Someone else does not.
		other := eform.Owner{Type: "bsn", Number: ident.TestBSNs(2)[1]}
		if _, err := e.s.Draft(e.ctx, "dakkapel", other, ""); errs.KindOf(err) != errs.NotFound {
			t.Fatalf("another person's draft: %v", err)
		}

		// Two submits at once (a double click) make one zaak.
		var wg sync.WaitGroup
		results := make([]*eform.Inzending, 2)
		errsOut := make([]error, 2)
		for i := range 2 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				results[i], errsOut[i] = e.s.Submit(e.ctx, later)
			}()
		}
		wg.Wait()
		for i := range 2 {
			if errsOut[i] != nil {
				t.Fatalf("submit %d: %v", i, errsOut[i])
			}
		}
		if results[0].ZaakID != results[1].ZaakID {
			t.Fatalf("two zaken: %s and %s", results[0].ZaakID, results[1].ZaakID)
		}
		var n int
		if err := d.R.QueryRowContext(e.ctx, `SELECT COUNT(*) FROM zaken`).Scan(&n); err != nil || n != 1 {
			t.Fatalf("zaken: %d %v", n, err)
		}
		// And a retry later finds it too.
		if in, err := e.s.Submit(e.ctx, later); err != nil || in.ZaakID != results[0].ZaakID {
			t.Fatalf("retry: %+v %v", in, err)
		}

		z, err := e.zs.Get(e.ctx, results[0].ZaakID)
		if err != nil {
			t.Fatal(err)
		}
		if z.InitiatorID != e.owner.Number || z.Kanaal != "webformulier" || !strings.Contains(z.Toelichting, "Diepte in meters: 3") {
			t.Errorf("zaak: initiator %s kanaal %s toelichting %q", z.InitiatorID, z.Kanaal, z.Toelichting)
		}
		if len(z.Eigenschappen) != 1 || z.Eigenschappen[0].Waarde != "VBD01 A 1234" {
			t.Errorf("eigenschappen: %+v", z.Eigenschappen)
		}
		var kc int
		if err := d.R.QueryRowContext(e.ctx, `SELECT COUNT(*) FROM klantcontacten WHERE zaak_id = $1 AND kanaal = 'webformulier'
			AND uitkomst = 'zaak_gestart'`, z.ID).Scan(&kc); err != nil || kc != 1 {
			t.Errorf("klantcontact: %d %v", kc, err)
		}
		if _, err := e.s.Draft(e.ctx, "dakkapel", e.owner, ""); errs.KindOf(err) != errs.NotFound {
			t.Errorf("the draft outlived its submission: %v", err)
		}

		// The upload is a document the applicant sees as soon as Submit
		// returns (no job has run), once: the submit that lost the race
		// dropped the file it had prepared.
		docs, err := e.docs.ListForZaak(e.ctx, z.ID)
		if err != nil || len(docs) != 1 || !docs[0].ZichtbaarVoorInitiator || docs[0].Document.Formaat != "application/pdf" ||
			docs[0].Beschrijving != "Meegestuurd met het webformulier" {
			t.Fatalf("documents: %+v %v", docs, err)
		}
		rc, doc, err := e.docs.Content(e.ctx, docs[0].Document.ID, 0)
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(rc)
		rc.Close()
		if err != nil || !bytes.Equal(got, pdf) || doc.Bestandsnaam != "tekening.pdf" ||
			doc.Identificatie != "FORM-"+strings.ReplaceAll(results[0].ID, "-", "")+"-1" {
			t.Fatalf("content %q of %+v: %v", got, doc, err)
		}
		if n := countRows(t, e, `SELECT COUNT(*) FROM informatieobjecten`); n != 1 {
			t.Errorf("informatieobjecten: %d", n)
		}
		if n := e.docFiles(t); n != 1 {
			t.Errorf("files in the document store: %d", n)
		}
		var pending string
		if err := d.R.QueryRowContext(e.ctx, `SELECT bestanden FROM formulier_inzendingen WHERE id = $1`, results[0].ID).Scan(&pending); err != nil || pending != "[]" {
			t.Errorf("files left pending on the submission: %q %v", pending, err)
		}
		if n := countRows(t, e, `SELECT COUNT(*) FROM river_job WHERE kind = 'eform_bijlagen'`); n != 0 {
			t.Errorf("attach jobs queued: %d", n)
		}
	})
}

func TestUploadsCheckedByContent(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		c, _, err := e.s.Start(e.ctx, "dakkapel", e.owner)
		if err != nil {
			t.Fatal(err)
		}
		cases := []struct {
			name, veld string
			body       []byte
			code       string
		}{
			{"tekening.pdf", "tekening", []byte("<html><script>alert(1)</script></html>"), "type"},
			{"tekening.pdf", "tekening", append(append([]byte{}, pdf...), bytes.Repeat([]byte("x"), 1<<20)...), "too_large"},
			{"leeg.pdf", "tekening", nil, "empty"},
			{"tekening.pdf", "soort", pdf, "invalid"},
		}
		for _, tc := range cases {
			_, err := e.s.Upload(e.ctx, c, tc.veld, tc.name, bytes.NewReader(tc.body))
			var fe *errs.Error
			if !errors.As(err, &fe) || len(fe.Fields) != 1 || fe.Fields[0].Code != tc.code {
				t.Errorf("%s in %s: %v", tc.name, tc.veld, err)
			}
		}
		again, err := e.s.Draft(e.ctx, "dakkapel", e.owner, "")
		if err != nil || len(again.Bestanden) != 0 {
			t.Fatalf("a refused upload was kept: %+v %v", again, err)
		}
		b, err := e.s.Upload(e.ctx, c, "tekening", "../../etc/passwd", bytes.NewReader(pdf))
		if err != nil || b.Type != "application/pdf" || strings.Contains(b.Naam, "/") || !strings.HasSuffix(b.Naam, ".pdf") {
			t.Fatalf("upload: %+v %v", b, err)
		}
	})
}

func TestAnonymousFormsAndVersions(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		if _, _, err := e.s.Start(e.ctx, "dakkapel", eform.Owner{}); !errors.Is(err, eform.ErrLoginRequired) {
			t.Fatalf("anonymous start of a login form: %v", err)
		}
		in := eform.FormInput{Slug: "dakkapel", Titel: "Dakkapel of aanbouw melden", ZaaktypeIdentificatie: "OMGEVINGSVERGUNNING",
			Anoniem: true, Definitie: definitie()}
		v2, err := e.s.SaveForm(e.ctx, in)
		if err != nil || v2.Versie != 2 || v2.Status != eform.StatusConcept {
			t.Fatalf("new version: %+v %v", v2, err)
		}
		if pub, err := e.s.Published(e.ctx, "dakkapel"); err != nil || pub.Versie != 1 {
			t.Fatalf("the published version changed before publishing: %+v %v", pub, err)
		}
		if _, err := e.s.Publish(e.ctx, "dakkapel"); err != nil {
			t.Fatal(err)
		}
		c, token, err := e.s.Start(e.ctx, "dakkapel", eform.Owner{})
		if err != nil || token == "" || c.Formulier.Versie != 2 {
			t.Fatalf("anonymous start: %+v %q %v", c, token, err)
		}
		if _, err := e.s.Draft(e.ctx, "dakkapel", eform.Owner{}, "not-the-token"); errs.KindOf(err) != errs.NotFound {
			t.Fatalf("a wrong token reaches a draft: %v", err)
		}
		if got, err := e.s.Draft(e.ctx, "dakkapel", eform.Owner{}, token); err != nil || got.ID != c.ID {
			t.Fatalf("token: %+v %v", got, err)
		}
		e.fill(t, c)
		in2, err := e.s.Submit(e.ctx, c)
		if err != nil {
			t.Fatal(err)
		}
		z, err := e.zs.Get(e.ctx, in2.ZaakID)
		if err != nil || z.InitiatorID != "" {
			t.Fatalf("anonymous zaak: %+v %v", z, err)
		}

		// Bad definitions are refused with the reason, and save nothing.
		in.Definitie.Paginas[0].Velden[0].Naam = "met spatie"
		if _, err := e.s.SaveForm(e.ctx, in); errs.KindOf(err) != errs.Invalid {
			t.Fatalf("bad definition: %v", err)
		}
		if latest, err := e.s.Latest(e.ctx, "dakkapel"); err != nil || latest.Versie != 2 {
			t.Fatalf("latest after refused save: %+v %v", latest, err)
		}
	})
}

func TestSweepKeepsWhatIsNeeded(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		c, _, err := e.s.Start(e.ctx, "dakkapel", e.owner)
		if err != nil {
			t.Fatal(err)
		}
		e.fill(t, c)
		// A file that nothing refers to, and the draft's own.
		if _, _, _, err := e.s.Blobs.Put(e.ctx, bytes.NewReader([]byte("weg"))); err != nil {
			t.Fatal(err)
		}
		// minAge 0 with a clock in the future makes every file old enough.
		e.s.Now = func() time.Time { return time.Now().Add(time.Hour) }
		drafts, files, err := e.s.Sweep(e.ctx, time.Minute)
		if err != nil || drafts != 0 || files != 1 {
			t.Fatalf("sweep: drafts %d files %d err %v", drafts, files, err)
		}
		e.s.Now = func() time.Time { return today }
		if _, err := e.s.Submit(e.ctx, c); err != nil {
			t.Fatal(err)
		}
		// The upload is a document now; the draft expires after 30 days.
		e.s.Now = func() time.Time { return time.Now().Add(31 * 24 * time.Hour) }
		drafts, files, err = e.s.Sweep(e.ctx, time.Minute)
		if err != nil || drafts != 1 || files != 1 {
			t.Fatalf("second sweep: drafts %d files %d err %v", drafts, files, err)
		}
	})
}

func countRows(t *testing.T, e *env, query string, args ...any) int {
	t.Helper()
	var n int
	if err := e.d.R.QueryRowContext(e.ctx, query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

// docFiles counts the files in the documents' blob store.
func (e *env) docFiles(t *testing.T) int {
	t.Helper()
	n := 0
	if err := e.docBlobs.Keys(e.ctx, func(string, time.Time) error { n++; return nil }); err != nil {
		t.Fatal(err)
	}
	return n
}

// filledDraft is the env's citizen's draft, filled in and ready to send.
func (e *env) filledDraft(t *testing.T) *eform.Concept {
	t.Helper()
	c, _, err := e.s.Start(e.ctx, "dakkapel", e.owner)
	if err != nil {
		t.Fatal(err)
	}
	e.fill(t, c)
	return c
}

// takeUploadIdent creates a document with the identificatie that the first
// upload of draft id would get, so that storing that upload fails.
func (e *env) takeUploadIdent(t *testing.T, id string) *document.Document {
	t.Helper()
	var iot string
	if err := e.d.R.QueryRowContext(e.ctx, `SELECT l.informatieobjecttype_id FROM zaaktype_informatieobjecttypen l
		JOIN zaaktypen z ON z.id = l.zaaktype_id WHERE z.identificatie = 'OMGEVINGSVERGUNNING' LIMIT 1`).Scan(&iot); err != nil {
		t.Fatal(err)
	}
	doc, err := e.docs.Create(e.ctx, document.CreateInput{Bronorganisatie: catalogustest.RSIN,
		Identificatie: "FORM-" + strings.ReplaceAll(id, "-", "") + "-1", Creatiedatum: date.Of(today), Titel: "Al bezet",
		Auteur: "Test", Taal: "dut", InformatieobjecttypeID: iot, Content: strings.NewReader("bezet")})
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// A submission whose transaction fails after its uploads were copied into
// the document store leaves no zaak, document, link or file behind.
func TestSubmitFailureLeavesNoDocument(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		c := e.filledDraft(t)
		// Someone took the identificatie the upload's document gets: its
		// insert fails inside the transaction, after the zaak was created.
		taken := e.takeUploadIdent(t, c.ID)
		check := func(when string) {
			t.Helper()
			for q, want := range map[string]int{`SELECT COUNT(*) FROM zaken`: 0, `SELECT COUNT(*) FROM informatieobjecten`: 1,
				`SELECT COUNT(*) FROM zaakinformatieobjecten`: 0, `SELECT COUNT(*) FROM formulier_inzendingen`: 0} {
				if n := countRows(t, e, q); n != want {
					t.Errorf("%s: %s = %d, want %d", when, q, n, want)
				}
			}
			if n := e.docFiles(t); n != 1 {
				t.Errorf("%s: %d files in the document store, want only the other document's", when, n)
			}
		}
		if _, err := e.s.Submit(e.ctx, c); errs.KindOf(err) != errs.Invalid {
			t.Fatalf("submit with a taken identificatie: %v", err)
		}
		check("identificatie taken")

		// The draft expired (and was swept) while the citizen was away: the
		// transaction refuses it at its first statement.
		if _, err := e.docs.Get(e.ctx, taken.ID, 0); err != nil {
			t.Fatal(err)
		}
		e.s.Now = func() time.Time { return today.Add(31 * 24 * time.Hour) }
		if drafts, _, err := e.s.Sweep(e.ctx, 365*24*time.Hour); err != nil || drafts != 1 {
			t.Fatalf("sweep: %d %v", drafts, err)
		}
		e.s.Now = func() time.Time { return today }
		if _, err := e.s.Submit(e.ctx, c); errs.KindOf(err) != errs.Conflict {
			t.Fatalf("submit of a swept draft: %v", err)
		}
		check("draft gone")
	})
}
