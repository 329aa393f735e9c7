package web_test

import (
	"context"
	"database/sql"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/db/dbtest"
	"github.com/gemeenten/loket/internal/event"
	"github.com/gemeenten/loket/internal/jobs"
	"github.com/gemeenten/loket/internal/notificaties"
	"github.com/gemeenten/loket/internal/web"
)

func TestBeheerNotificaties(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		q, err := jobs.New(d, nil, jobs.Config{PollInterval: 50 * time.Millisecond})
		if err != nil {
			t.Fatal(err)
		}
		ns := notificaties.New(d, "https://loket.example.nl", q)
		ns.Backoff = func(int) time.Duration { return time.Hour } // one attempt is enough to see
		e := newEnvWith(t, d, 0, func(_ *env, deps *web.Deps) {
			deps.Notify = web.NotifyDeps{Service: ns}
		})

		// Only a beheerder.
		if p := e.browser().get("/beheer/notificaties"); p.code != http.StatusSeeOther {
			t.Errorf("anonymous: %d", p.code)
		}
		kcc := e.browser()
		kcc.login("kcc", password, "/kcc")
		if p := kcc.get("/beheer/notificaties"); p.code != http.StatusForbidden {
			t.Errorf("kcc: %d", p.code)
		}

		b := e.browser()
		b.login("beheerder", password, "/beheer")
		p := b.get("/beheer/notificaties")
		if p.code != 200 || !strings.Contains(p.body, "Er zijn nog geen abonnementen") || !strings.Contains(p.body, "bronorganisatie, zaaktype, vertrouwelijkheidaanduiding") {
			t.Fatalf("page: %d\n%s", p.code, p.body)
		}
		csrf := csrfOf(t, p)
		if kcc.do("POST", "/beheer/notificaties/abonnementen", url.Values{"csrf": {csrf}, "callbackUrl": {"https://x.nl"}}).code != http.StatusForbidden {
			t.Error("kcc could post")
		}
		if b.do("POST", "/beheer/notificaties/abonnementen", url.Values{"callbackUrl": {"https://x.nl"}}).code != http.StatusForbidden {
			t.Error("POST without csrf accepted")
		}

		bad := b.do("POST", "/beheer/notificaties/abonnementen", url.Values{"csrf": {csrf}, "callbackUrl": {"geen url"}, "auth": {""},
			"kanaal": {"zaken"}, "filters": {"kleur = rood"}})
		if bad.code != http.StatusBadRequest || !strings.Contains(bad.body, "volledige http(s)-URL") || !strings.Contains(bad.body, `href="#callbackUrl"`) ||
			!strings.Contains(bad.body, "kent het filterkenmerk") {
			t.Errorf("invalid abonnement: %d\n%s", bad.code, bad.body)
		}
		if b.do("POST", "/beheer/notificaties/abonnementen", url.Values{"csrf": {csrf}, "callbackUrl": {"https://x.nl"}, "auth": {"a"},
			"kanaal": {"zaken"}, "filters": {"zonder-is-teken"}}).code != http.StatusBadRequest {
			t.Error("malformed filter line accepted")
		}

		// A subscriber that fails: the attempt shows up as failed.
		sub := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusServiceUnavailable)
		}))
		defer sub.Close()
		ok := b.do("POST", "/beheer/notificaties/abonnementen", url.Values{"csrf": {csrf}, "callbackUrl": {sub.URL + "/cb"},
			"auth": {"Bearer heel-geheim-token-123"}, "kanaal": {"zaken"}, "filters": {"bronorganisatie = 002220647\nvertrouwelijkheidaanduiding = *"}})
		if ok.code != http.StatusSeeOther {
			t.Fatalf("create: %d\n%s", ok.code, ok.body)
		}
		list := b.get(ok.header.Get("Location"))
		if !strings.Contains(list.body, "Het abonnement is aangemaakt") || !strings.Contains(list.body, sub.URL+"/cb") ||
			!strings.Contains(list.body, "bronorganisatie = 002220647; vertrouwelijkheidaanduiding = *") {
			t.Errorf("after create:\n%s", list.body)
		}
		if strings.Contains(list.body, "heel-geheim-token-123") {
			t.Error("the page shows the Authorization value")
		}

		ns.Register(q)
		if err := q.Start(context.Background()); err != nil {
			t.Fatal(err)
		}
		defer func() {
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			q.Stop(ctx)
		}()
		if err := d.Tx(context.Background(), func(tx *sql.Tx) error {
			return ns.Emit(context.Background(), tx, event.Change{Kanaal: "zaken", Resource: "zaak", ResourceID: "3b8f0c9e-0d55-4c61-a3c1-4d1b4a0e9f10",
				Actie: event.Create, Kenmerken: map[string]string{"bronorganisatie": "002220647"}})
		}); err != nil {
			t.Fatal(err)
		}
		deadline := time.Now().Add(90 * time.Second)
		for {
			af, err := ns.Afleveringen(context.Background(), true, 10)
			if err != nil {
				t.Fatal(err)
			}
			if len(af) > 0 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatal("no failed attempt recorded")
			}
			time.Sleep(20 * time.Millisecond)
		}
		failed := b.get("/beheer/notificaties?alleen=mislukt")
		if !strings.Contains(failed.body, "<strong>Mislukt</strong> (HTTP 503)") || !strings.Contains(failed.body, "zaken: zaak create") {
			t.Errorf("failed attempts not shown:\n%s", failed.body)
		}

		// Send again: one more attempt is queued and made.
		fails, _ := ns.Afleveringen(context.Background(), true, 10)
		again := b.do("POST", "/beheer/notificaties/afleveringen/"+fails[0].ID+"/opnieuw", url.Values{"csrf": {csrf}})
		if again.code != http.StatusSeeOther || !strings.Contains(again.header.Get("Location"), "melding=opnieuw") {
			t.Fatalf("opnieuw versturen: %d %s", again.code, again.header.Get("Location"))
		}
		for deadline := time.Now().Add(90 * time.Second); ; time.Sleep(20 * time.Millisecond) {
			af, _ := ns.Afleveringen(context.Background(), true, 10)
			if len(af) == 2 && af[0].Poging == 2 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("no second attempt: %+v", af)
			}
		}
		if p := b.do("POST", "/beheer/notificaties/afleveringen/"+fails[0].ID+"/opnieuw", url.Values{}); p.code != http.StatusForbidden {
			t.Errorf("resend without csrf: %d", p.code)
		}

		abos, _ := ns.ListAbonnementen(context.Background())
		if len(abos) != 1 {
			t.Fatalf("abonnementen = %d", len(abos))
		}
		del := b.do("POST", "/beheer/notificaties/abonnementen/"+abos[0].ID+"/verwijderen", url.Values{"csrf": {csrf}})
		if del.code != http.StatusSeeOther || !strings.Contains(b.get(del.header.Get("Location")).body, "Het abonnement is verwijderd") {
			t.Errorf("delete: %d", del.code)
		}
		if again := b.do("POST", "/beheer/notificaties/abonnementen/"+abos[0].ID+"/verwijderen", url.Values{"csrf": {csrf}}); !strings.Contains(again.header.Get("Location"), "abonnement-onbekend") {
			t.Errorf("second delete: %d %s", again.code, again.header.Get("Location"))
		}
		if gone := b.do("POST", "/beheer/notificaties/afleveringen/"+fails[0].ID+"/opnieuw", url.Values{"csrf": {csrf}}); !strings.Contains(gone.header.Get("Location"), "opnieuw-geen-abonnement") {
			t.Errorf("resend to a removed abonnement: %d %s", gone.code, gone.header.Get("Location"))
		}
	})
}
