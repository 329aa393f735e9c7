package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/gemeenten/loket/internal/audit"
	"github.com/gemeenten/loket/internal/auth"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/db/dbtest"
	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/zaak"
)

// A KCC employee cannot change a zaak's status: the page refuses with 403
// and a Dutch explanation, and the domain refuses the same actor even when
// called directly (a page that forgot the check would still be safe).
func TestKCCCannotSetStatus(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newBackEnv(t, d, 1)
		z := e.zaken[0]
		before, err := e.zs.Get(e.ctx, z.ID)
		if err != nil {
			t.Fatal(err)
		}
		next := ""
		for _, st := range mustZaakType(t, e).StatusTypen {
			if st.Volgnummer == 2 {
				next = st.ID
			}
		}
		if next == "" {
			t.Fatal("no second statustype")
		}
		kcc := e.browser()
		kcc.login("kcc", password, "")
		home := kcc.get("/")
		r := kcc.send("/behandelen/zaken/"+z.ID+"/status", home, url.Values{"status-statustype": {next}})
		if r.code != http.StatusForbidden || !strings.Contains(r.body, "geen toegang") {
			t.Fatalf("kcc sets a status through the page: %d\n%s", r.code, r.body)
		}
		after, err := e.zs.Get(e.ctx, z.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(after.Statussen) != len(before.Statussen) || after.StatusTypeID != before.StatusTypeID {
			t.Fatalf("status changed by a refused request: %d → %d", len(before.Statussen), len(after.Statussen))
		}
		kccCtx := audit.WithActor(e.ctx, auth.ActorFor(e.users["kcc"]))
		_, err = e.zs.SetStatus(kccCtx, z.ID, zaak.StatusInput{StatusTypeID: next})
		if ee := errs.As(err); ee == nil || ee.Kind != errs.Forbidden || !strings.Contains(ee.Message, "behandelaar of teamleider") {
			t.Fatalf("domain: %v", err)
		}
		// The behandelaar may.
		bea := e.browser()
		bea.login("bea", password, "")
		p := bea.get("/behandelen/zaken/" + z.ID)
		if r := bea.send("/behandelen/zaken/"+z.ID+"/status", p, url.Values{"status-statustype": {next}}); r.code != http.StatusSeeOther {
			t.Fatalf("behandelaar: %d\n%s", r.code, r.body)
		}
	})
}

// asBehandelaar is ctx with a behandelaar as actor, for test set-up that
// handles a zaak (the zaak domain refuses staff without a handling role,
// such as the role-less set-up actor of newEnv).
func asBehandelaar(ctx context.Context) context.Context {
	return audit.WithActor(ctx, audit.Actor{Kind: "medewerker", ID: "setup-behandelaar", Name: "Inrichting", Roles: []string{auth.RoleBehandelaar}})
}
