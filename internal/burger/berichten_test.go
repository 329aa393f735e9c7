package burger_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/gemeenten/loket/internal/audit"
	"github.com/gemeenten/loket/internal/burger"
	"github.com/gemeenten/loket/internal/catalogus/catalogustest"
	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/db/dbtest"
	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/jobs"
	"github.com/gemeenten/loket/internal/mail"
	"github.com/gemeenten/loket/internal/mail/mailtest"
	"github.com/gemeenten/loket/internal/zaak"
)

func TestVoorkeurAndStatusMail(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s, clk := setup(t, d, burger.Config{})
		ctx := audit.WithActor(context.Background(), audit.Actor{Kind: "burger", ID: "bsn:" + bsns[0], Name: "Anna"})
		subj := burger.Subject{Type: burger.BSN, Number: bsns[0]}

		// Without a choice: what the municipality knows (no e-mail → post).
		v, err := burger.VoorkeurFor(ctx, d.R, burger.BSN, bsns[0])
		if err != nil || v.Set || v.Berichten != burger.ViaPost {
			t.Fatalf("default: %+v %v", v, err)
		}
		// Bad input changes nothing.
		err = s.SetVoorkeur(ctx, subj, burger.Voorkeur{Email: "anna@", Telefoon: "12", Berichten: burger.ViaEmail})
		var e *errs.Error
		if !errors.As(err, &e) || len(e.Fields) != 2 {
			t.Fatalf("bad input: %v", err)
		}
		if v, _ := burger.VoorkeurFor(ctx, d.R, burger.BSN, bsns[0]); v.Set {
			t.Fatal("a refused preference was stored")
		}
		if err := s.SetVoorkeur(ctx, subj, burger.Voorkeur{Email: "anna@voorbeeld.nl", Telefoon: "0612345678", Berichten: burger.ViaEmail}); err != nil {
			t.Fatal(err)
		}

		q, err := jobs.New(d, nil, jobs.Config{PollInterval: 100 * time.Millisecond})
		if err != nil {
			t.Fatal(err)
		}
		mailbox := mailtest.Start(t)
		ms := mail.New(d, q, mailbox.Config(), time.Now, nil)
		ms.Register(q, 0)
		fx := catalogustest.Build(t, d)
		zs := zaak.New(d)
		zs.Now = clk.Now
		zs.Events = &burger.StatusMailer{Mail: ms, Base: "https://loket.voorbeeld.nl", Gemeente: "Gemeente Voorbeeld"}
		z, err := zs.Create(ctx, zaak.CreateInput{Bronorganisatie: catalogustest.RSIN, VerantwoordelijkeOrganisatie: catalogustest.RSIN,
			ZaakTypeID: fx.ZaakType.ID, Omschrijving: "Dakkapel", Startdatum: date.Of(clk.Now()), Kanaal: "webformulier",
			Initiator: &zaak.RolInput{BetrokkeneType: "natuurlijk_persoon", BetrokkeneIdentificatie: zaak.BetrokkeneIdentificatie{InpBsn: bsns[0], Geslachtsnaam: "Jansen"}}})
		if err != nil {
			t.Fatal(err)
		}
		count := func() (int, string) {
			var n int
			var body string
			if err := d.R.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(MAX(tekst), '') FROM mail_berichten WHERE zaak_id = $1`, z.ID).Scan(&n, &body); err != nil {
				t.Fatal(err)
			}
			return n, body
		}
		if n, _ := count(); n != 0 {
			t.Fatalf("the first status mailed: %d (the acknowledgement covers it)", n)
		}
		st := fx.ZaakType.StatusTypen
		// The behandelaar sets the statuses: the zaak domain refuses a citizen.
		staff := audit.WithActor(context.Background(), audit.Actor{Kind: "medewerker", ID: "u-1", Name: "Bea", Roles: []string{"behandelaar"}})
		clk.Add(time.Hour)
		if _, err := zs.SetStatus(staff, z.ID, zaak.StatusInput{StatusTypeID: st[1].ID}); err != nil {
			t.Fatal(err)
		}
		if n, _ := count(); n != 0 {
			t.Fatalf("a status without informeren mailed: %d", n)
		}
		clk.Add(time.Hour)
		if _, err := zs.SetStatus(staff, z.ID, zaak.StatusInput{StatusTypeID: st[2].ID}); err != nil {
			t.Fatal(err)
		}
		n, body := count()
		if n != 1 || !strings.Contains(body, "Er is een besluit genomen op uw aanvraag.") || !strings.Contains(body, "/mijn/zaken/"+z.ID) {
			t.Fatalf("status mail: %d\n%s", n, body)
		}
		// The job queue delivers it to a real SMTP server.
		if err := q.Start(context.Background()); err != nil {
			t.Fatal(err)
		}
		defer q.Stop(context.Background())
		got := mailbox.Wait(t, 1)
		if len(got[0].To) != 1 || got[0].To[0] != "anna@voorbeeld.nl" || !strings.Contains(got[0].Data, "Nieuws over uw zaak "+z.Identificatie) {
			t.Fatalf("received: %+v", got[0])
		}

		// Who chose the PIP only gets no e-mail.
		if err := s.SetVoorkeur(ctx, subj, burger.Voorkeur{Email: "anna@voorbeeld.nl", Berichten: burger.ViaPIP}); err != nil {
			t.Fatal(err)
		}
		clk.Add(time.Hour)
		if _, err := zs.SetStatus(staff, z.ID, zaak.StatusInput{StatusTypeID: st[2].ID, Statustoelichting: "nogmaals"}); err != nil {
			t.Fatal(err)
		}
		if n, _ := count(); n != 1 {
			t.Fatalf("mailed although the PIP was chosen: %d", n)
		}
	})
}
