package kto_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/gemeenten/loket/internal/audit"
	"github.com/gemeenten/loket/internal/catalogus"
	"github.com/gemeenten/loket/internal/catalogus/catalogustest"
	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/db/dbtest"
	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/event"
	"github.com/gemeenten/loket/internal/jobs"
	"github.com/gemeenten/loket/internal/klant"
	"github.com/gemeenten/loket/internal/kto"
	"github.com/gemeenten/loket/internal/mail"
	"github.com/gemeenten/loket/internal/zaak"
)

// Valid test numbers (elfproef).
const (
	bsnJan        = "111222333" // has an e-mail address
	bsnPiet       = "123456782" // has none
	bsnAnna       = "999993653" // initiator of the zaak, has an e-mail address
	rsinGemeente  = "002220647"
	kvkBakker     = "12345678"
	janEmail      = "jan@example.nl"
	annaEmail     = "anna@example.nl"
	kindInvite    = "kto_uitnodiging"
	defaultPeriod = 90
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

func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

type env struct {
	t     *testing.T
	d     *db.DB
	clk   *clock
	q     *jobs.Queue
	mail  *mail.Service
	kto   *kto.Service
	klant *klant.Service
	zaken *zaak.Service
	zt    *catalogus.ZaakType
	team  string
	ctx   context.Context
}

func newEnv(t *testing.T, d *db.DB, mcfg mail.Config) *env {
	t.Helper()
	e := &env{t: t, d: d, clk: &clock{t: time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)}}
	q, err := jobs.New(d, nil, jobs.Config{PollInterval: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	e.q = q
	e.mail = mail.New(d, q, mcfg, e.clk.Now, nil)
	e.kto = kto.New(d, q, e.mail, e.clk.Now, nil)
	e.kto.BaseURL = "https://loket.example.nl"
	e.klant = klant.New(d)
	e.klant.Now = e.clk.Now
	e.klant.Events = event.Multi(e.klant.Events, e.kto.Sink())
	e.team = uuid.NewString()
	e.exec(`INSERT INTO teams (id, code, naam, email, telefoon) VALUES ($1, 'KCC', 'Klantcontactcentrum', 'kcc@example.nl', '0570123456')`, e.team)
	fx := catalogustest.Build(t, d)
	e.zt = fx.ZaakType
	e.zaken = zaak.New(d)
	e.zaken.Now = e.clk.Now
	e.zaken.Events = event.Multi(e.zaken.Events, e.kto.Sink())
	e.exec(`INSERT INTO personen (bsn, voornamen, voorletters, geslachtsnaam, geboortedatum, straat, huisnummer, postcode, woonplaats, email, telefoon)
		VALUES ($1, 'Jan', 'J.', 'Vries', '1980-05-01', 'Kerkstraat', '12', '7411 AB', 'Deventer', $2, '0612345678')`, bsnJan, janEmail)
	e.exec(`INSERT INTO personen (bsn, voornamen, voorletters, geslachtsnaam, geboortedatum, straat, huisnummer, postcode, woonplaats)
		VALUES ($1, 'Piet', 'P.', 'Jansen', '1975-01-02', 'Brink', '3', '7411 BC', 'Deventer')`, bsnPiet)
	e.exec(`INSERT INTO personen (bsn, voornamen, voorletters, geslachtsnaam, geboortedatum, straat, huisnummer, postcode, woonplaats, email)
		VALUES ($1, 'Anna', 'A.', 'Jansen', '1990-02-03', 'Brink', '5', '7411 BC', 'Deventer', $2)`, bsnAnna, annaEmail)
	user := uuid.NewString()
	e.exec(`INSERT INTO users (id, username, naam, email, team_id) VALUES ($1, 'bea', 'Bea de Boer', 'bea@example.nl', $2)`, user, e.team)
	e.ctx = audit.WithActor(context.Background(), audit.Actor{Kind: "medewerker", ID: user, Name: "Bea",
		Roles: []string{"kcc", "behandelaar"}, TeamID: e.team})
	return e
}

func (e *env) exec(q string, args ...any) {
	e.t.Helper()
	if _, err := e.d.W.ExecContext(context.Background(), q, args...); err != nil {
		e.t.Fatalf("%s: %v", q, err)
	}
}

func (e *env) count(q string, args ...any) int {
	e.t.Helper()
	var n int
	if err := e.d.R.QueryRowContext(context.Background(), q, args...).Scan(&n); err != nil {
		e.t.Fatalf("%s: %v", q, err)
	}
	return n
}

func (e *env) jobs() int {
	return e.count(`SELECT COUNT(*) FROM river_job WHERE kind = $1`, kindInvite)
}

// contact registers a klantcontact by the person with bsn ("" = anonymous).
func (e *env) contact(bsn, kanaal string) string {
	e.t.Helper()
	id, err := e.klant.RegisterContactID(e.ctx, klant.ContactInput{Kanaal: kanaal, BSN: bsn, Onderwerp: "Paspoort aanvragen",
		Uitkomst: klant.DirectBeantwoord, TeamID: e.team})
	if err != nil {
		e.t.Fatalf("register contact: %v", err)
	}
	return id
}

func (e *env) invite(bron, id string, want kto.Outcome) {
	e.t.Helper()
	got, err := e.kto.Invite(context.Background(), bron, id)
	if err != nil {
		e.t.Fatalf("invite: %v", err)
	}
	if got != want {
		e.t.Fatalf("invite %s %s: %s, want %s", bron, id, got, want)
	}
}

func (e *env) pending(bsn string) []kto.Survey {
	e.t.Helper()
	p, err := e.kto.Pending(context.Background(), "bsn", bsn)
	if err != nil {
		e.t.Fatal(err)
	}
	return p
}

func wantKind(t *testing.T, err error, kind errs.Kind, code string) {
	t.Helper()
	if errs.KindOf(err) != kind {
		t.Fatalf("want %v, got %v", kind, err)
	}
	if code != "" {
		if e := errs.As(err); e == nil || e.Code != code {
			t.Fatalf("want code %s, got %v", code, err)
		}
	}
}

func TestInvitationAfterContact(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, mail.Config{})
		// An anonymous contact queues nothing.
		e.contact("", "telefoon")
		if n := e.jobs(); n != 0 {
			t.Fatalf("anonymous contact queued %d invitation jobs", n)
		}
		id := e.contact(bsnJan, "telefoon")
		if n := e.jobs(); n != 1 {
			t.Fatalf("contact with a person queued %d invitation jobs, want 1", n)
		}
		e.invite(kto.BronKlantcontact, id, kto.Invited)
		if n := e.count(`SELECT COUNT(*) FROM mail_berichten WHERE aan = $1 AND bron = 'kto'`, janEmail); n != 1 {
			t.Fatalf("%d invitation e-mails in the outbox, want 1", n)
		}
		// The job runs again (a retry after a crash): nothing twice.
		e.invite(kto.BronKlantcontact, id, kto.AlreadyDone)
		if n := e.count(`SELECT COUNT(*) FROM mail_berichten WHERE bron = 'kto'`); n != 1 {
			t.Fatalf("retry queued a second e-mail (%d)", n)
		}
		// The e-mail carries the link; the PIP shows the invitation too.
		p := e.pending(bsnJan)
		if len(p) != 1 || p[0].Kanaal != "telefoon" || p[0].Bron != kto.BronKlantcontact {
			t.Fatalf("pending: %+v", p)
		}
		var via string
		if err := d.R.QueryRow(`SELECT via FROM kto_uitnodigingen WHERE bron_id = $1`, id).Scan(&via); err != nil || via != kto.ViaEmail {
			t.Fatalf("via %q (%v), want email", via, err)
		}
	})
}

func TestOncePerPersonPerPeriod(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, mail.Config{})
		first := e.contact(bsnJan, "balie")
		second := e.contact(bsnJan, "telefoon")
		e.invite(kto.BronKlantcontact, first, kto.Invited)
		e.invite(kto.BronKlantcontact, second, kto.WithinPeriod)
		// Another person is not affected.
		e.invite(kto.BronKlantcontact, e.contact(bsnPiet, "balie"), kto.Invited)
		e.clk.add((defaultPeriod - 1) * 24 * time.Hour)
		e.invite(kto.BronKlantcontact, e.contact(bsnJan, "chat"), kto.WithinPeriod)
		e.clk.add(2 * 24 * time.Hour)
		e.invite(kto.BronKlantcontact, e.contact(bsnJan, "chat"), kto.Invited)
		if n := e.count(`SELECT COUNT(*) FROM kto_uitnodigingen WHERE subject_id = $1`, bsnJan); n != 2 {
			t.Fatalf("%d invitations for Jan, want 2", n)
		}
		// A shorter configured period.
		e.kto.IntervalDagen = 7
		e.clk.add(8 * 24 * time.Hour)
		e.invite(kto.BronKlantcontact, e.contact(bsnJan, "email"), kto.Invited)
	})
}

func TestOptOutAndPreferences(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, mail.Config{})
		// Piet has no e-mail address: the invitation is in the PIP only.
		e.invite(kto.BronKlantcontact, e.contact(bsnPiet, "balie"), kto.Invited)
		if n := e.count(`SELECT COUNT(*) FROM mail_berichten`); n != 0 {
			t.Fatalf("%d e-mails for a person without address", n)
		}
		p := e.pending(bsnPiet)
		if len(p) != 1 {
			t.Fatalf("pending %d, want 1", len(p))
		}
		// Someone else cannot open Piet's invitation from their PIP.
		_, err := e.kto.Open(context.Background(), kto.Key{ID: p[0].ID, SubjectType: "bsn", SubjectID: bsnJan})
		wantKind(t, err, errs.NotFound, "")
		if err := e.kto.OptOut(context.Background(), kto.Key{ID: p[0].ID, SubjectType: "bsn", SubjectID: bsnPiet}); err != nil {
			t.Fatal(err)
		}
		e.clk.add(200 * 24 * time.Hour)
		e.invite(kto.BronKlantcontact, e.contact(bsnPiet, "balie"), kto.OptedOut)
		// Jan chose the PIP for messages: no e-mail, the PIP shows it.
		e.exec(`INSERT INTO contactvoorkeuren (subject_type, subject_id, email, telefoon, berichten, updated_at)
			VALUES ('bsn', $1, $2, '', 'pip', $3)`, bsnJan, janEmail, time.Now().UTC())
		e.invite(kto.BronKlantcontact, e.contact(bsnJan, "telefoon"), kto.Invited)
		if n := e.count(`SELECT COUNT(*) FROM mail_berichten`); n != 0 {
			t.Fatalf("e-mail sent although Jan chose the PIP")
		}
		if len(e.pending(bsnJan)) != 1 {
			t.Fatal("Jan's invitation is not in the PIP")
		}
	})
}

func TestSampling(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, mail.Config{})
		e.kto.Steekproef = 4
		var queued int
		for i := 0; i < 40; i++ {
			before := e.jobs()
			e.contact(bsnJan, "telefoon")
			queued += e.jobs() - before
		}
		// 1 in 4 by a hash of random ids: far from all and far from none.
		if queued == 0 || queued >= 25 {
			t.Fatalf("sample of 1 in 4 queued %d of 40", queued)
		}
	})
}

func TestInvitationAfterClosedZaak(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, mail.Config{})
		z, err := e.zaken.Create(e.ctx, zaak.CreateInput{
			Bronorganisatie: rsinGemeente, VerantwoordelijkeOrganisatie: rsinGemeente, ZaakTypeID: e.zt.ID,
			Omschrijving: "Dakkapel", Startdatum: date.Of(e.clk.Now()), Kanaal: "webformulier",
			Initiator: &zaak.RolInput{BetrokkeneType: "natuurlijk_persoon", BetrokkeneIdentificatie: zaak.BetrokkeneIdentificatie{
				InpBsn: bsnAnna, Voornamen: "Anna", Geslachtsnaam: "Jansen"}},
		})
		if err != nil {
			t.Fatal(err)
		}
		if n := e.jobs(); n != 0 {
			t.Fatalf("an open zaak queued %d invitation jobs", n)
		}
		if _, err := e.zaken.SetResultaat(e.ctx, z.ID, e.zt.ResultaatTypen[0].ID, ""); err != nil {
			t.Fatal(err)
		}
		if _, err := e.zaken.SetStatus(e.ctx, z.ID, zaak.StatusInput{StatusTypeID: e.zt.EindStatusType().ID}); err != nil {
			t.Fatal(err)
		}
		if n := e.jobs(); n != 1 {
			t.Fatalf("closing the zaak queued %d invitation jobs, want 1", n)
		}
		e.invite(kto.BronZaak, z.ID, kto.Invited)
		var kanaal, zt string
		if err := d.R.QueryRow(`SELECT kanaal, zaaktype_id FROM kto_uitnodigingen WHERE bron = 'zaak' AND bron_id = $1 AND subject_id = $2`,
			z.ID, bsnAnna).Scan(&kanaal, &zt); err != nil {
			t.Fatal(err)
		}
		if kanaal != "webformulier" || zt != e.zt.ID {
			t.Fatalf("invitation kanaal %q zaaktype %q", kanaal, zt)
		}
		if n := e.count(`SELECT COUNT(*) FROM mail_berichten WHERE aan = $1`, annaEmail); n != 1 {
			t.Fatalf("%d e-mails to the initiator, want 1", n)
		}
	})
}

func openInvitation(t *testing.T, e *env, bsn string) kto.Key {
	t.Helper()
	e.invite(kto.BronKlantcontact, e.contact(bsn, "telefoon"), kto.Invited)
	p := e.pending(bsn)
	if len(p) == 0 {
		t.Fatal("no pending invitation")
	}
	return kto.Key{ID: p[0].ID, SubjectType: "bsn", SubjectID: bsn}
}

func TestSubmitOnceAndAnonymous(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, mail.Config{})
		k := openInvitation(t, e, bsnPiet)
		ctx := context.Background()
		if _, err := e.kto.Open(ctx, k); err != nil {
			t.Fatal(err)
		}
		a := kto.Answer{Cijfer: "8", Aspecten: map[string]string{"vriendelijkheid": "9", "prijs": kto.NVT},
			Opmerking: "Prima geholpen. Bel me op 06-12345678 of mail piet@example.nl, mijn BSN is 123456782."}
		if err := e.kto.Submit(ctx, k, a); err != nil {
			t.Fatal(err)
		}
		wantKind(t, e.kto.Submit(ctx, k, a), errs.Conflict, kto.CodeAlIngevuld)
		_, err := e.kto.Open(ctx, k)
		wantKind(t, err, errs.Conflict, kto.CodeAlIngevuld)
		if n := e.count(`SELECT COUNT(*) FROM kto_antwoorden`); n != 1 {
			t.Fatalf("%d responses, want 1", n)
		}
		// The response holds nothing that leads back to the person or the
		// invitation: not the BSN, not the invitation's id, not the contact.
		var id, bron, kanaal, opm string
		var cijfer int
		var vr, prijs *int
		if err := d.R.QueryRow(`SELECT id, bron, kanaal, cijfer, vriendelijkheid, prijs, opmerking FROM kto_antwoorden`).
			Scan(&id, &bron, &kanaal, &cijfer, &vr, &prijs, &opm); err != nil {
			t.Fatal(err)
		}
		if cijfer != 8 || vr == nil || *vr != 9 || prijs != nil || kanaal != "telefoon" {
			t.Fatalf("stored %d %v %v %s", cijfer, vr, prijs, kanaal)
		}
		for _, leak := range []string{"06-12345678", "piet@example.nl", bsnPiet} {
			if strings.Contains(opm, leak) {
				t.Errorf("comment keeps %q: %s", leak, opm)
			}
		}
		if !strings.Contains(opm, "Prima geholpen.") {
			t.Errorf("comment lost its text: %s", opm)
		}
		if id == k.ID {
			t.Error("the response has the invitation's id")
		}
	})
}

func TestExpiry(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, mail.Config{})
		k := openInvitation(t, e, bsnPiet)
		e.clk.add(kto.DefaultGeldigDagen * 24 * time.Hour)
		ctx := context.Background()
		_, err := e.kto.Open(ctx, k)
		wantKind(t, err, errs.Conflict, kto.CodeVerlopen)
		wantKind(t, e.kto.Submit(ctx, k, kto.Answer{Cijfer: "7"}), errs.Conflict, kto.CodeVerlopen)
		if n := e.count(`SELECT COUNT(*) FROM kto_antwoorden`); n != 0 {
			t.Fatalf("%d responses after expiry", n)
		}
		if len(e.pending(bsnPiet)) != 0 {
			t.Fatal("an expired invitation is still pending in the PIP")
		}
	})
}

func TestValidation(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, mail.Config{})
		k := openInvitation(t, e, bsnPiet)
		ctx := context.Background()
		err := e.kto.Submit(ctx, k, kto.Answer{Cijfer: "", Aspecten: map[string]string{"wachttijd": "11", "privacy": "0"},
			Opmerking: strings.Repeat("a", kto.MaxOpmerking+1)})
		wantKind(t, err, errs.Invalid, "")
		got := map[string]string{}
		for _, f := range errs.As(err).Fields {
			got[f.Field] = f.Reason
		}
		for field, want := range map[string]string{
			"cijfer": "Kies bij ‘Totaaloordeel’ een cijfer van 1 tot en met 10.", "wachttijd": "‘Wachttijd’",
			"privacy": "‘Privacy’", "opmerking": "het maximum is 2000 tekens",
		} {
			if !strings.Contains(got[field], want) {
				t.Errorf("field %s: %q, want it to contain %q", field, got[field], want)
			}
		}
		if len(got) != 4 {
			t.Errorf("errors on %v", got)
		}
		// Nothing changed: the invitation is still open.
		if n := e.count(`SELECT COUNT(*) FROM kto_antwoorden`); n != 0 {
			t.Fatal("bad input stored a response")
		}
		if _, err := e.kto.Open(ctx, k); err != nil {
			t.Fatalf("invitation no longer open after bad input: %v", err)
		}
		// Unknown tokens are not found.
		_, err = e.kto.Open(ctx, kto.Key{Token: "not-a-token"})
		wantKind(t, err, errs.NotFound, "")
	})
}

func TestAnonymise(t *testing.T) {
	for in, want := range map[string]string{
		"mail jan.de.vries@example.nl svp":   "mail [e-mailadres verwijderd] svp",
		"bel +31 6 12345678":                 "bel [telefoonnummer verwijderd]",
		"bel 0570-123456 na 5 uur":           "bel [telefoonnummer verwijderd] na 5 uur",
		"bsn 1234.56.782":                    "bsn [nummer verwijderd]",
		"rekening NL91ABNA0417164300":        "rekening [rekeningnummer verwijderd]",
		"ik woon op 7411 AB 12":              "ik woon op [postcode verwijderd] 12",
		"wachtte 45 minuten, 2 loketten":     "wachtte 45 minuten, 2 loketten",
		"zaaknummer ZAAK-2026-0000012 klopt": "zaaknummer ZAAK-2026-0000012 klopt",
	} {
		if got := kto.Anonymise(in); got != want {
			t.Errorf("Anonymise(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestPurgeForgetsPeople(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, mail.Config{})
		e.invite(kto.BronKlantcontact, e.contact(bsnJan, "balie"), kto.Invited)
		k := openInvitation(t, e, bsnPiet)
		if err := e.kto.OptOut(context.Background(), k); err != nil {
			t.Fatal(err)
		}
		purge := func() (int64, int64) {
			inv, rec, err := e.kto.Purge(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			return inv, rec
		}
		if inv, rec := purge(); inv != 0 || rec != 0 {
			t.Fatalf("purged %d invitations and %d recipients while still open", inv, rec)
		}
		e.clk.add((kto.DefaultGeldigDagen + 1) * 24 * time.Hour)
		if inv, rec := purge(); inv != 2 || rec != 0 {
			t.Fatalf("after expiry: purged %d invitations (want 2) and %d recipients (want 0)", inv, rec)
		}
		// Within the period Jan is still not invited again, although his
		// invitation row is gone.
		e.invite(kto.BronKlantcontact, e.contact(bsnJan, "balie"), kto.WithinPeriod)
		e.clk.add(defaultPeriod * 24 * time.Hour)
		if _, rec := purge(); rec != 1 {
			t.Fatalf("after the period: purged %d recipients, want 1 (Jan; Piet opted out)", rec)
		}
		if n := e.count(`SELECT COUNT(*) FROM kto_ontvangers WHERE subject_id = $1 AND afgemeld = TRUE`, bsnPiet); n != 1 {
			t.Fatal("the opt-out was purged")
		}
	})
}
