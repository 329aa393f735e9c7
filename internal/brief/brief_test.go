package brief_test

import (
	"bytes"
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gemeenten/loket/internal/audit"
	"github.com/gemeenten/loket/internal/besluit"
	"github.com/gemeenten/loket/internal/blob"
	"github.com/gemeenten/loket/internal/brief"
	"github.com/gemeenten/loket/internal/catalogus"
	"github.com/gemeenten/loket/internal/catalogus/catalogustest"
	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/db/dbtest"
	"github.com/gemeenten/loket/internal/document"
	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/event"
	"github.com/gemeenten/loket/internal/jobs"
	"github.com/gemeenten/loket/internal/mail"
	"github.com/gemeenten/loket/internal/termijn"
	"github.com/gemeenten/loket/internal/zaak"
)

const (
	rsin    = "002220647"
	bsnAnna = "999993653"
)

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(time.Second)
	return c.t
}

func (c *clock) at(s string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	d := date.MustParse(s)
	c.t = time.Date(d.Year, d.Month, d.Day, 10, 0, 0, 0, date.Amsterdam).UTC()
}

type env struct {
	t      *testing.T
	d      *db.DB
	clk    *clock
	zaken  *zaak.Service
	docs   *document.Service
	mails  *mail.Service
	q      *jobs.Queue
	b      *brief.Service
	fx     *catalogustest.Fixture
	zt     *catalogus.ZaakType
	ctx    context.Context
	beheer context.Context
}

func newEnv(t *testing.T, d *db.DB) *env {
	t.Helper()
	fx := catalogustest.Build(t, d)
	clk := &clock{}
	clk.at("2026-03-02") // a Monday
	zs := zaak.New(d)
	zs.Now = clk.Now
	blobs, err := blob.NewDir(filepath.Join(t.TempDir(), "docs"))
	if err != nil {
		t.Fatal(err)
	}
	docs := document.New(d, blobs, clk.Now)
	q, err := jobs.New(d, nil, jobs.Config{})
	if err != nil {
		t.Fatal(err)
	}
	ms := mail.New(d, q, mail.Config{}, clk.Now, nil)
	b := brief.New(d, zs, docs, ms, q, clk.Now, nil)
	e := &env{t: t, d: d, clk: clk, zaken: zs, docs: docs, mails: ms, q: q, b: b, fx: fx, zt: fx.ZaakType,
		ctx: audit.WithActor(context.Background(), audit.Actor{Kind: "medewerker", ID: "u1", Name: "Bea Behandelaar",
			Roles: []string{"behandelaar"}}),
		beheer: audit.WithActor(context.Background(), audit.Actor{Kind: "medewerker", ID: "u2", Name: "Ben Beheer",
			Roles: []string{"beheerder"}})}
	for _, s := range brief.StandaardSjablonen() {
		if _, err := b.SaveSjabloon(e.beheer, s); err != nil {
			t.Fatalf("template %s: %v", s.Gebeurtenis, err)
		}
	}
	if _, err := d.W.Exec(`INSERT INTO personen (bsn, voornamen, geslachtsnaam, straat, huisnummer, postcode, woonplaats, email)
		VALUES ($1, 'Anna', 'Jansen', 'Dorpsstraat', '1', '1234 AB', 'Voorbeeld', 'anna@example.nl')`, bsnAnna); err != nil {
		t.Fatal(err)
	}
	return e
}

func (e *env) create(kanaalNaam string) *zaak.Zaak {
	e.t.Helper()
	z, err := e.zaken.Create(e.ctx, zaak.CreateInput{Bronorganisatie: rsin, VerantwoordelijkeOrganisatie: rsin,
		ZaakTypeID: e.zt.ID, Omschrijving: "Dakkapel Dorpsstraat 1", Startdatum: date.Today(e.clk.Now()),
		Kanaal: "webformulier", CommunicatiekanaalNaam: kanaalNaam,
		Initiator: &zaak.RolInput{BetrokkeneType: "natuurlijk_persoon", BetrokkeneIdentificatie: zaak.BetrokkeneIdentificatie{
			InpBsn: bsnAnna, Voornamen: "Anna", Geslachtsnaam: "Jansen"}}})
	if err != nil {
		e.t.Fatalf("create zaak: %v", err)
	}
	return z
}

func (e *env) process(id string) int {
	e.t.Helper()
	n, err := e.b.Process(e.ctx, id)
	if err != nil {
		e.t.Fatalf("process: %v", err)
	}
	return n
}

func (e *env) letters(id string) []brief.Brief {
	e.t.Helper()
	l, err := e.b.ListForZaak(e.ctx, id)
	if err != nil {
		e.t.Fatal(err)
	}
	return l
}

func normState(t *testing.T, zs *zaak.Service, zaakID, code string) string {
	t.Helper()
	ns, err := zs.Norms(context.Background(), zaakID)
	if err != nil {
		t.Fatal(err)
	}
	state := ""
	for _, n := range ns {
		if n.Norm == code {
			state = n.State
		}
	}
	return state
}

func TestStandaardSjablonenAreKlareTaal(t *testing.T) {
	for _, s := range brief.StandaardSjablonen() {
		r := brief.FleschDouma(s.Inhoud)
		if !r.KlareTaal {
			t.Errorf("%s scores %.0f (%s), want ≥ %d", s.Gebeurtenis, r.Score, r.Niveau, brief.KlareTaalScore)
		}
	}
}

func TestFleschDouma(t *testing.T) {
	easy := brief.FleschDouma("Wij hebben uw brief. Dank u wel. U hoort snel van ons.")
	hard := brief.FleschDouma("Onderhavige beschikking betreffende de omgevingsvergunningaanvraag wordt, overeenkomstig " +
		"de toepasselijke bestuursrechtelijke voorschriften en met inachtneming van de belangenafweging, aangehouden.")
	if easy.Sentences != 3 || easy.Words != 12 {
		t.Errorf("easy: %d sentences, %d words", easy.Sentences, easy.Words)
	}
	if !(easy.Score > 80 && hard.Score < 30) {
		t.Errorf("easy %.1f, hard %.1f", easy.Score, hard.Score)
	}
	if hard.KlareTaal || !easy.KlareTaal {
		t.Errorf("klare taal: easy %v hard %v", easy.KlareTaal, hard.KlareTaal)
	}
	// Diaeresis starts a syllable; "ij" is one vowel sound.
	if r := brief.FleschDouma("ruïne."); r.Syllables != 3 {
		t.Errorf("ruïne: %d syllables", r.Syllables)
	}
	if r := brief.FleschDouma("bijvoorbeeld."); r.Syllables != 3 {
		t.Errorf("bijvoorbeeld: %d syllables", r.Syllables)
	}
}

func TestSjabloonRulesWriteNothingOnRejection(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		before := len(mustList(t, e))
		// Unknown and wrong-event fields, an unclosed field, no subject.
		_, err := e.b.SaveSjabloon(e.beheer, brief.SjabloonInput{Gebeurtenis: brief.Ontvangstbevestiging,
			Inhoud: "Beste {{klantnaam}}, stuur {{ontbrekende_stukken}} en {{datum"})
		ee := errs.As(err)
		if ee == nil || ee.Kind != errs.Invalid {
			t.Fatalf("want invalid, got %v", err)
		}
		want := map[string]string{"onderwerp": "required", "inhoud": "unknown_field"}
		for f, code := range want {
			found := false
			for _, fe := range ee.Fields {
				if fe.Field == f && fe.Code == code {
					found = true
					if fe.Field == "inhoud" && fe.Code == "unknown_field" &&
						!(strings.Contains(fe.Reason, "{{klantnaam}}") && strings.Contains(fe.Reason, "{{ontbrekende_stukken}}")) {
						t.Errorf("reason does not name the fields: %s", fe.Reason)
					}
				}
			}
			if !found {
				t.Errorf("no %s/%s in %+v", f, code, ee.Fields)
			}
		}
		// A behandelaar may not change templates.
		_, err = e.b.SaveSjabloon(e.ctx, brief.SjabloonInput{Gebeurtenis: brief.Besluit, Onderwerp: "x", Inhoud: "y"})
		if !errs.Is(err, errs.Forbidden) {
			t.Errorf("behandelaar: want forbidden, got %v", err)
		}
		if n := len(mustList(t, e)); n != before {
			t.Errorf("templates %d → %d after rejections", before, n)
		}
		// A zaaktype's own template wins over the default.
		own, err := e.b.SaveSjabloon(e.beheer, brief.SjabloonInput{ZaakTypeID: e.zt.ID, Gebeurtenis: brief.Besluit,
			Onderwerp: "Besluit over {{omschrijving}}", Inhoud: "{{aanhef}}, u krijgt de vergunning."})
		if err != nil {
			t.Fatal(err)
		}
		got, err := e.b.FindSjabloon(e.ctx, e.zt.ID, brief.Besluit)
		if err != nil || got.ID != own.ID {
			t.Errorf("find: %v %v", got, err)
		}
		if err := e.b.DeleteSjabloon(e.beheer, own.ID); err != nil {
			t.Fatal(err)
		}
		got, err = e.b.FindSjabloon(e.ctx, e.zt.ID, brief.Besluit)
		if err != nil || got.ZaakTypeID != "" {
			t.Errorf("after delete want default: %v %v", got, err)
		}
	})
}

func mustList(t *testing.T, e *env) []brief.Sjabloon {
	t.Helper()
	l, err := e.b.Sjablonen(e.ctx)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// The whole life of a zaak: every letter is made once, settles its norm,
// lands on the zaak as a PDF visible in the PIP, and goes by e-mail when
// the customer chose that.
func TestLettersThroughAZaaksLife(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		z := e.create("e-mail")
		if n := e.process(z.ID); n != 1 {
			t.Fatalf("made %d letters, want the ontvangstbevestiging", n)
		}
		if n := e.process(z.ID); n != 0 {
			t.Fatalf("second run made %d letters", n)
		}
		if s := normState(t, e.zaken, z.ID, zaak.N1); s != zaak.NormMet {
			t.Errorf("N1 %s, want met", s)
		}
		l := e.letters(z.ID)
		if len(l) != 1 || l[0].Gebeurtenis != brief.Ontvangstbevestiging || l[0].Verzendwijze != brief.Email ||
			l[0].Email != "anna@example.nl" || l[0].DocumentID == "" || l[0].MailStatus != mail.StatusWachtend {
			t.Fatalf("letter: %+v", l)
		}
		if !strings.Contains(l[0].Inhoud, "Beste Anna Jansen") || !strings.Contains(l[0].Inhoud, z.Identificatie) ||
			strings.Contains(l[0].Inhoud, "{{") {
			t.Errorf("merged text: %s", l[0].Inhoud)
		}
		docs, err := e.docs.ListForZaak(e.ctx, z.ID)
		if err != nil || len(docs) != 1 || !docs[0].ZichtbaarVoorInitiator || docs[0].Document.Formaat != "application/pdf" {
			t.Fatalf("documents: %+v %v", docs, err)
		}
		rc, _, err := e.docs.Content(e.ctx, docs[0].Document.ID, 0)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		buf.ReadFrom(rc)
		rc.Close()
		if !bytes.HasPrefix(buf.Bytes(), []byte("%PDF-")) {
			t.Errorf("document is not a PDF")
		}
		m, err := e.mails.Get(e.ctx, l[0].MailID)
		if err != nil || m.To != "anna@example.nl" || len(m.Attachments) != 1 || !strings.Contains(m.HTML, `lang="nl"`) {
			t.Fatalf("mail: %+v %v", m, err)
		}

		// Missing documents: the letter names them and the term.
		e.clk.at("2026-03-04")
		if _, err := e.zaken.RequestDocuments(e.ctx, z.ID, "een tekening van de voorgevel", date.MustParse("2026-03-18")); err != nil {
			t.Fatal(err)
		}
		if n := e.process(z.ID); n != 1 {
			t.Fatalf("made %d letters after the request", n)
		}
		l = e.letters(z.ID)
		if got := l[len(l)-1]; got.Gebeurtenis != brief.OntbrekendeStukken ||
			!strings.Contains(got.Inhoud, "een tekening van de voorgevel") || !strings.Contains(got.Inhoud, "18 maart 2026") {
			t.Errorf("ontbrekende stukken: %+v", got)
		}
		// Documents arrive: N3 starts, the completeness letter settles it.
		e.clk.at("2026-03-10")
		if _, err := e.zaken.DocumentsReceived(e.ctx, z.ID, date.MustParse("2026-03-10")); err != nil {
			t.Fatal(err)
		}
		if n := e.process(z.ID); n != 1 {
			t.Fatalf("made %d letters after receipt", n)
		}
		if s := normState(t, e.zaken, z.ID, zaak.N3); s != zaak.NormMet {
			t.Errorf("N3 %s, want met", s)
		}
		// Extension: the notice goes at once and settles N5.
		if _, err := e.zaken.Extend(e.ctx, z.ID, termijn.Weeks(4), "wij moeten advies vragen aan de brandweer"); err != nil {
			t.Fatal(err)
		}
		if n := e.process(z.ID); n != 1 {
			t.Fatalf("made %d letters after extension", n)
		}
		if s := normState(t, e.zaken, z.ID, zaak.N5); s != zaak.NormMet {
			t.Errorf("N5 %s, want met", s)
		}
		l = e.letters(z.ID)
		if got := l[len(l)-1]; got.Gebeurtenis != brief.Verlenging || !strings.Contains(got.Inhoud, "brandweer") {
			t.Errorf("verlenging: %+v", got)
		}
		// Besluit: the letter gives the objection deadline.
		bs := besluit.New(d, e.clk.Now)
		b, err := bs.Create(e.ctx, besluit.CreateInput{VerantwoordelijkeOrganisatie: rsin, BesluittypeID: e.fx.BesluitType.ID,
			ZaakID: z.ID, Datum: date.MustParse("2026-03-10"), Ingangsdatum: date.MustParse("2026-03-11"),
			Verzenddatum: date.MustParse("2026-03-10"), Toelichting: "U krijgt de vergunning."})
		if err != nil {
			t.Fatal(err)
		}
		if n := e.process(z.ID); n != 1 {
			t.Fatalf("made %d letters after the besluit", n)
		}
		l = e.letters(z.ID)
		got := l[len(l)-1]
		if got.Gebeurtenis != brief.Besluit || !strings.Contains(got.Inhoud, brief.Datum(b.UiterlijkeReactiedatum)) {
			t.Errorf("besluit letter: %+v (bezwaar tot %s)", got, b.UiterlijkeReactiedatum)
		}
		if len(l) != 5 {
			t.Errorf("%d letters, want 5", len(l))
		}
		var audits int
		d.R.QueryRow(`SELECT COUNT(*) FROM audit_trail WHERE zaak_id = $1 AND resource = 'brief'`, z.ID).Scan(&audits)
		if audits != 5 {
			t.Errorf("%d audit rows for letters, want 5", audits)
		}
	})
}

func TestPostWhenNoEmailChosenAndNoLetterWithoutTemplate(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		z := e.create("")
		e.process(z.ID)
		l := e.letters(z.ID)
		if len(l) != 1 || l[0].Verzendwijze != brief.Post || l[0].MailID != "" {
			t.Fatalf("letters: %+v", l)
		}
		if got := strings.Join(l[0].AanAdres, "|"); got != "Dorpsstraat 1|1234 AB  Voorbeeld" {
			t.Errorf("address %q", got)
		}
		// Without a template nothing is made and N1 stays open.
		for _, s := range mustList(t, e) {
			if err := e.b.DeleteSjabloon(e.beheer, s.ID); err != nil {
				t.Fatal(err)
			}
		}
		z2 := e.create("")
		if n := e.process(z2.ID); n != 0 {
			t.Errorf("made %d letters without templates", n)
		}
		if s := normState(t, e.zaken, z2.ID, zaak.N1); s != zaak.NormOpen {
			t.Errorf("N1 %s", s)
		}
	})
}

// Two workers on the same zaak at once (a retried job and the safety net)
// make each letter once.
func TestConcurrentRunsMakeOneLetter(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		z := e.create("e-mail")
		var wg sync.WaitGroup
		errc := make(chan error, 4)
		for i := 0; i < 4; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := e.b.Process(e.ctx, z.ID)
				errc <- err
			}()
		}
		wg.Wait()
		close(errc)
		for err := range errc {
			if err != nil {
				t.Fatal(err)
			}
		}
		var letters, mails, docs int
		d.R.QueryRow(`SELECT COUNT(*) FROM brieven WHERE zaak_id = $1`, z.ID).Scan(&letters)
		d.R.QueryRow(`SELECT COUNT(*) FROM mail_berichten WHERE zaak_id = $1`, z.ID).Scan(&mails)
		d.R.QueryRow(`SELECT COUNT(*) FROM zaakinformatieobjecten WHERE zaak_id = $1`, z.ID).Scan(&docs)
		if letters != 1 || mails != 1 || docs != 1 {
			t.Errorf("letters %d, mails %d, documents %d; want 1 each", letters, mails, docs)
		}
	})
}

// The sink queues the zaak's letter job in the change's transaction; a job
// queue started later (after a crash) makes the letter once.
func TestSinkQueuesAndRestartedQueueMakesTheLetter(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		z := e.create("")
		sink := e.b.Sink()
		emit := func(c event.Change) {
			if err := d.Tx(e.ctx, func(tx *sql.Tx) error { return sink.Emit(e.ctx, tx, c) }); err != nil {
				t.Fatal(err)
			}
		}
		emit(event.Change{Kanaal: "zaken", Resource: "zaak", ResourceID: z.ID, HoofdObject: "zaak", HoofdObjectID: z.ID, Actie: event.Create})
		emit(event.Change{Kanaal: "zaken", Resource: "status", ResourceID: "x", HoofdObject: "zaak", HoofdObjectID: z.ID, Actie: event.Create})
		emit(event.Change{Kanaal: "zaken", Resource: "zaak", ResourceID: z.ID, HoofdObject: "zaak", HoofdObjectID: z.ID, Actie: event.PartialUpdate})
		emit(event.Change{Kanaal: "catalogi", Resource: "zaaktype", ResourceID: e.zt.ID, HoofdObject: "zaaktype", HoofdObjectID: e.zt.ID, Actie: event.Update})
		list, err := e.q.List(e.ctx, jobs.ListFilter{Kinds: []string{brief.ProcessArgs{}.Kind()}})
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 2 {
			t.Fatalf("%d letter jobs queued, want 2 (a status and a catalogue change make no letter due)", len(list))
		}
		// A rolled-back change queues nothing.
		_ = d.Tx(e.ctx, func(tx *sql.Tx) error {
			sink.Emit(e.ctx, tx, event.Change{Kanaal: "zaken", HoofdObject: "zaak", HoofdObjectID: z.ID, Actie: event.Update})
			return errs.E(errs.Conflict, "x", "x")
		})
		list, _ = e.q.List(e.ctx, jobs.ListFilter{Kinds: []string{brief.ProcessArgs{}.Kind()}})
		if len(list) != 2 {
			t.Fatalf("rollback left a job or lost one: %d", len(list))
		}
		// The "next process" works the two jobs.
		q2, err := jobs.New(d, nil, jobs.Config{PollInterval: 50 * time.Millisecond})
		if err != nil {
			t.Fatal(err)
		}
		b2 := brief.New(d, e.zaken, e.docs, e.mails, q2, e.clk.Now, nil)
		b2.Register(q2, 0)
		if err := q2.Start(context.Background()); err != nil {
			t.Fatal(err)
		}
		deadline := time.Now().Add(30 * time.Second)
		for {
			done, _ := q2.List(e.ctx, jobs.ListFilter{Kinds: []string{brief.ProcessArgs{}.Kind()}, States: []jobs.State{"completed"}})
			if len(done) == 2 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("jobs not completed: %d", len(done))
			}
			time.Sleep(20 * time.Millisecond)
		}
		stop, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		q2.Stop(stop)
		if l := e.letters(z.ID); len(l) != 1 {
			t.Errorf("%d letters, want 1", len(l))
		}
		// Without any template (and no letter waiting for its document)
		// a change can make no letter due: nothing is queued.
		if _, err := d.W.Exec(`DELETE FROM brief_sjablonen`); err != nil {
			t.Fatal(err)
		}
		emit(event.Change{Kanaal: "zaken", Resource: "zaak", ResourceID: z.ID, HoofdObject: "zaak", HoofdObjectID: z.ID, Actie: event.PartialUpdate})
		if list, _ = e.q.List(e.ctx, jobs.ListFilter{Kinds: []string{brief.ProcessArgs{}.Kind()}}); len(list) != 2 {
			t.Errorf("%d letter jobs after a change without templates, want still 2", len(list))
		}
	})
}

func TestRenderHTMLAndPDF(t *testing.T) {
	in := brief.StandaardSjablonen()[1]
	r := brief.Render(brief.Sjabloon{Onderwerp: in.Onderwerp, Inhoud: in.Inhoud}, brief.ExampleValues(), brief.Rendered{Gemeente: "Gemeente Voorbeeld",
		Naam: "Anna Jansen", Adres: []string{"Dorpsstraat 1"}, Datum: date.MustParse("2026-03-02"), Kenmerk: "ZAAK-1"})
	h := r.HTML()
	for _, want := range []string{`<html lang="nl">`, "<title>", "<main>", "<h1>Wij missen nog iets voor uw aanvraag</h1>",
		"<li>een tekening van de voorgevel</li>", "2 maart 2026"} {
		if !strings.Contains(h, want) {
			t.Errorf("HTML lacks %q", want)
		}
	}
	evil := brief.Render(brief.Sjabloon{Onderwerp: "x", Inhoud: "{{naam}}"}, brief.Values{"naam": "<script>alert(1)</script>"}, brief.Rendered{})
	if strings.Contains(evil.HTML(), "<script>") {
		t.Error("merge value not escaped")
	}
	pdf, err := r.PDF()
	if err != nil || !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("pdf: %v", err)
	}
	again, _ := r.PDF()
	if !bytes.Equal(pdf, again) {
		t.Error("the same letter renders to a different PDF")
	}
}

// End to end through the zaak domain's event hook: registering a zaak (by
// any route that uses zaak.Service) queues its letter job in the same
// transaction, and working the queue sends the ontvangstbevestiging.
func TestZaakEventsQueueTheAcknowledgement(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		e.zaken.Events = e.b.Sink()
		z := e.create("")
		list, err := e.q.List(e.ctx, jobs.ListFilter{Kinds: []string{brief.ProcessArgs{}.Kind()}})
		if err != nil || len(list) == 0 {
			t.Fatalf("no letter job queued by the create (%v)", err)
		}
		q2, err := jobs.New(d, nil, jobs.Config{PollInterval: 50 * time.Millisecond})
		if err != nil {
			t.Fatal(err)
		}
		b2 := brief.New(d, e.zaken, e.docs, e.mails, q2, e.clk.Now, nil)
		b2.Register(q2, 0)
		if err := q2.Start(context.Background()); err != nil {
			t.Fatal(err)
		}
		defer func() {
			stop, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			q2.Stop(stop)
		}()
		deadline := time.Now().Add(30 * time.Second)
		for len(e.letters(z.ID)) == 0 && time.Now().Before(deadline) {
			time.Sleep(20 * time.Millisecond)
		}
		l := e.letters(z.ID)
		if len(l) != 1 || l[0].Gebeurtenis != brief.Ontvangstbevestiging {
			t.Fatalf("letters %+v", l)
		}
	})
}

// The customer's own choice in the PIP decides how letters go, over what
// the zaak's channel suggests.
func TestPIPPreferenceDecidesEmail(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		z := e.create("e-mail")
		r, err := e.b.RecipientOf(e.ctx, z)
		if err != nil || !r.PrefersEmail || r.Email != "anna@example.nl" {
			t.Fatalf("without a preference: %+v %v", r, err)
		}
		if _, err := d.W.Exec(`INSERT INTO contactvoorkeuren (subject_type, subject_id, email, telefoon, berichten, updated_at)
			VALUES ('bsn', $1, 'anna.nieuw@example.nl', '', 'post', $2)`, bsnAnna, e.clk.Now()); err != nil {
			t.Fatal(err)
		}
		if r, err := e.b.RecipientOf(e.ctx, z); err != nil || r.PrefersEmail || r.Email != "anna.nieuw@example.nl" {
			t.Fatalf("chose post: %+v %v", r, err)
		}
		if _, err := d.W.Exec(`UPDATE contactvoorkeuren SET berichten = 'email' WHERE subject_id = $1`, bsnAnna); err != nil {
			t.Fatal(err)
		}
		z2 := e.create("")
		if r, err := e.b.RecipientOf(e.ctx, z2); err != nil || !r.PrefersEmail || r.Email != "anna.nieuw@example.nl" {
			t.Fatalf("chose e-mail: %+v %v", r, err)
		}
	})
}
