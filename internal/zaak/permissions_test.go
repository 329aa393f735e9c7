package zaak_test

import (
	"context"
	"testing"

	"github.com/gemeenten/loket/internal/audit"
	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/db/dbtest"
	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/termijn"
	"github.com/gemeenten/loket/internal/zaak"
)

// The back-office actions check the caller's role in the domain: a KCC
// employee (or a beheerder) is refused with a Dutch message and nothing is
// written, while behandelaars, API applications (their autorisaties were
// checked by the API) and system jobs pass; a citizen may only report
// documents received (the PIP upload).
func TestHandlingNeedsHandlerRole(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		z := e.create("2026-03-20")
		kcc := audit.WithActor(context.Background(), audit.Actor{Kind: "medewerker", ID: "u-2", Name: "Karel KCC", Roles: []string{"kcc"}})
		beheer := audit.WithActor(context.Background(), audit.Actor{Kind: "medewerker", ID: "u-3", Name: "Bert", Roles: []string{"beheerder", "manager"}})
		burger := audit.WithActor(context.Background(), audit.Actor{Kind: "burger", ID: "999993653", Name: "Anna"})
		statussen := e.count(`SELECT COUNT(*) FROM statussen WHERE zaak_id = $1`, z.ID)
		audits := e.count(`SELECT COUNT(*) FROM audit_trail WHERE zaak_id = $1`, z.ID)

		refused := func(who string, err error) {
			t.Helper()
			ee := errs.As(err)
			if ee == nil || ee.Kind != errs.Forbidden || ee.Code != "geen-behandelaar" || ee.Message == "" {
				t.Fatalf("%s: want Forbidden geen-behandelaar, got %v", who, err)
			}
		}
		for _, c := range []struct {
			who string
			ctx context.Context
		}{{"kcc", kcc}, {"beheerder", beheer}, {"burger", burger}} {
			_, err := e.s.SetStatus(c.ctx, z.ID, zaak.StatusInput{StatusTypeID: e.statusType(2)})
			refused(c.who+" status", err)
			_, err = e.s.SetResultaat(c.ctx, z.ID, e.resultaatType("Verleend"), "")
			refused(c.who+" resultaat", err)
			_, err = e.s.RequestDocuments(c.ctx, z.ID, "tekening", date.MustParse("2026-04-10"))
			refused(c.who+" opvragen", err)
			_, err = e.s.Extend(c.ctx, z.ID, termijn.Weeks(2), "drukte")
			refused(c.who+" verlengen", err)
			refused(c.who+" compleet", e.s.DeclareComplete(c.ctx, z.ID))
			_, err = e.s.RegisterIngebrekestelling(c.ctx, z.ID, date.MustParse("2026-03-20"), "")
			refused(c.who+" ingebrekestelling", err)
		}
		_, err := e.s.SetStatus(kcc, z.ID, zaak.StatusInput{StatusTypeID: e.statusType(2)})
		if want := "Alleen een behandelaar of teamleider mag de status van een zaak wijzigen."; errs.As(err).Message != want {
			t.Errorf("message %q, want %q", errs.As(err).Message, want)
		}
		if n := e.count(`SELECT COUNT(*) FROM statussen WHERE zaak_id = $1`, z.ID); n != statussen {
			t.Errorf("statussen %d → %d after refusals", statussen, n)
		}
		if n := e.count(`SELECT COUNT(*) FROM audit_trail WHERE zaak_id = $1`, z.ID); n != audits {
			t.Errorf("audit rows %d → %d after refusals", audits, n)
		}
		if n := e.count(`SELECT COUNT(*) FROM opschortingen WHERE zaak_id = $1`, z.ID) + e.count(`SELECT COUNT(*) FROM verlengingen WHERE zaak_id = $1`, z.ID) +
			e.count(`SELECT COUNT(*) FROM ingebrekestellingen WHERE zaak_id = $1`, z.ID); n != 0 {
			t.Errorf("%d rows written by refused actions", n)
		}

		// An API application, a system job and a behandelaar pass.
		api := audit.WithActor(context.Background(), audit.Actor{Kind: "applicatie", ID: "zaaksysteem-x", Name: "zaaksysteem-x"})
		if _, err := e.s.SetStatus(api, z.ID, zaak.StatusInput{StatusTypeID: e.statusType(2)}); err != nil {
			t.Fatalf("api: %v", err)
		}
		if _, err := e.s.RequestDocuments(audit.WithActor(context.Background(), audit.System("test")), z.ID, "tekening",
			date.MustParse("2026-04-10")); err != nil {
			t.Fatalf("system: %v", err)
		}
		// The citizen's upload resumes the clock.
		e.clk.at("2026-03-24")
		if _, err := e.s.DocumentsReceived(burger, z.ID, date.MustParse("2026-03-24")); err != nil {
			t.Fatalf("burger documents: %v", err)
		}
		if _, err := e.s.Extend(e.ctx, z.ID, termijn.Weeks(2), "drukte"); err != nil {
			t.Fatalf("behandelaar: %v", err)
		}
	})
}
