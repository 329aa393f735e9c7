package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/db/dbtest"
	"github.com/gemeenten/loket/internal/web"
	"github.com/gemeenten/loket/internal/zgw"
	"github.com/gemeenten/loket/internal/zgw/zgwtest"
)

func TestBeheerAPIClients(t *testing.T) {
	const zt = "https://loket.example/catalogi/api/v1/zaaktypen/6a2c0b10-4a43-4c83-9e34-0e2e2cb1d4a1"
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnvWith(t, d, 0, func(_ *env, deps *web.Deps) {
			deps.API = web.APIDeps{Store: &zgw.Store{DB: d}}
		})
		ctx := context.Background()
		authz := zgw.NewAuthorizer(d, nil, nil)
		authn := func(id, secret string) (*zgw.Client, error) {
			return authz.Authenticate(ctx, "Bearer "+zgwtest.Token(id, secret, time.Now(), nil))
		}

		// Only a beheerder.
		anon := e.browser()
		if p := anon.get("/beheer/api-clients"); p.code != http.StatusSeeOther {
			t.Errorf("anonymous: %d", p.code)
		}
		kcc := e.browser()
		kcc.login("kcc", password, "/kcc")
		if p := kcc.get("/beheer/api-clients"); p.code != http.StatusForbidden {
			t.Errorf("kcc: %d", p.code)
		}

		b := e.browser()
		b.login("beheerder", password, "/beheer")
		if home := b.get("/beheer"); !strings.Contains(home.body, `href="/beheer/api-clients"`) {
			t.Error("/beheer does not link to the API clients")
		}
		list := b.get("/beheer/api-clients")
		if list.code != 200 || !strings.Contains(list.body, "Er zijn nog geen API-clients") {
			t.Fatalf("list: %d\n%s", list.code, list.body)
		}
		csrf := csrfOf(t, list)

		if p := b.do("POST", "/beheer/api-clients", url.Values{"clientId": {"zonder-csrf"}}); p.code != http.StatusForbidden {
			t.Errorf("POST without csrf: %d", p.code)
		}
		if kcc.do("POST", "/beheer/api-clients", url.Values{"csrf": {csrf}, "clientId": {"van-kcc"}}).code != http.StatusForbidden {
			t.Error("kcc could post")
		}

		bad := b.do("POST", "/beheer/api-clients", url.Values{"csrf": {csrf}, "clientId": {"met spatie"}})
		if bad.code != http.StatusBadRequest || !strings.Contains(bad.body, "geen spaties") || !strings.Contains(bad.body, `href="#clientId"`) {
			t.Errorf("bad client id: %d\n%s", bad.code, bad.body)
		}

		created := b.do("POST", "/beheer/api-clients", url.Values{"csrf": {csrf}, "clientId": {"formulieren"}, "label": {"Open Formulieren"}})
		m := regexp.MustCompile(`id="secret" type="text" readonly value="([^"]+)"`).FindStringSubmatch(created.body)
		if created.code != http.StatusCreated || m == nil {
			t.Fatalf("create: %d\n%s", created.code, created.body)
		}
		secret := m[1]
		c, err := authn("formulieren", secret)
		if err != nil {
			t.Fatalf("the shown secret does not authenticate: %v", err)
		}
		if c.HasScope(zgw.ZTC, "catalogi.lezen") {
			t.Error("new client has rights")
		}
		// The secret is shown once only.
		if p := b.get("/beheer/api-clients"); strings.Contains(p.body, secret) || !strings.Contains(p.body, "Open Formulieren") ||
			!strings.Contains(p.body, "Mw. beheerder") {
			t.Errorf("list after create shows the secret or lacks the client:\n%s", p.body)
		}
		if p := b.get("/beheer/api-clients/formulieren"); strings.Contains(p.body, secret) {
			t.Error("detail shows the secret")
		}
		if dup := b.do("POST", "/beheer/api-clients", url.Values{"csrf": {csrf}, "clientId": {"formulieren"}}); dup.code != http.StatusBadRequest {
			t.Errorf("duplicate: %d", dup.code)
		}

		base := "/beheer/api-clients/formulieren"
		// ac-003: a zaken scope needs a zaaktype and a ceiling.
		p := b.do("POST", base+"/autorisaties", url.Values{"csrf": {csrf}, "scope": {"zrc:zaken.lezen"}})
		if p.code != http.StatusBadRequest || !strings.Contains(p.body, `href="#type"`) || !strings.Contains(p.body, `href="#max"`) {
			t.Errorf("zrc without type: %d\n%s", p.code, p.body)
		}
		if !strings.Contains(p.body, `value="zrc:zaken.lezen" checked`) {
			t.Error("the chosen scope is not kept after an error")
		}
		p = b.do("POST", base+"/autorisaties", url.Values{"csrf": {csrf}, "scope": {"zrc:zaken.lezen", "ztc:catalogi.lezen"}, "type": {zt}, "max": {"intern"}})
		if p.code != http.StatusBadRequest || !strings.Contains(p.body, "één component") {
			t.Errorf("mixed components: %d", p.code)
		}
		p = b.do("POST", base+"/autorisaties", url.Values{"csrf": {csrf}, "scope": {"zrc:zaken.lezen", "zrc:zaken.aanmaken"}, "type": {zt}, "max": {"intern"}})
		if p.code != http.StatusSeeOther {
			t.Fatalf("grant: %d\n%s", p.code, p.body)
		}
		p = b.do("POST", base+"/autorisaties", url.Values{"csrf": {csrf}, "scope": {"ztc:catalogi.lezen"}})
		if p.code != http.StatusSeeOther {
			t.Fatalf("grant ztc: %d\n%s", p.code, p.body)
		}
		c, _ = authn("formulieren", secret)
		if !c.Allows(zgw.ZRC, "zaken.aanmaken", zt, "intern") || c.Allows(zgw.ZRC, "zaken.aanmaken", zt, "vertrouwelijk") ||
			!c.HasScope(zgw.ZTC, "catalogi.lezen") || c.HasScope(zgw.ZRC, "zaken.verwijderen") {
			t.Errorf("grants after the form: %+v", c.Autorisaties)
		}
		detail := b.get(base)
		if !strings.Contains(detail.body, "zaken.lezen, zaken.aanmaken") || !strings.Contains(detail.body, zt) ||
			!strings.Contains(detail.body, "De autorisatie is toegevoegd") && !strings.Contains(detail.body, "autorisaties-tabel") {
			t.Errorf("detail:\n%s", detail.body)
		}

		// Revoke the first autorisatie: takes effect at once.
		if p := b.do("POST", base+"/intrekken", url.Values{"csrf": {csrf}, "nr": {"0"}}); p.code != http.StatusSeeOther {
			t.Fatalf("revoke: %d", p.code)
		}
		c, _ = authn("formulieren", secret)
		if c.Allows(zgw.ZRC, "zaken.lezen", zt, "openbaar") || !c.HasScope(zgw.ZTC, "catalogi.lezen") {
			t.Errorf("after revoke: %+v", c.Autorisaties)
		}
		if p := b.do("POST", base+"/intrekken", url.Values{"csrf": {csrf}, "nr": {"9"}}); p.code != http.StatusNotFound {
			t.Errorf("revoke unknown: %d", p.code)
		}

		if p := b.do("POST", base+"/alle-autorisaties", url.Values{"csrf": {csrf}}); p.code != http.StatusSeeOther {
			t.Fatalf("grant all: %d", p.code)
		}
		c, _ = authn("formulieren", secret)
		if !c.HeeftAlleAutorisaties || len(c.Autorisaties) != 0 {
			t.Errorf("after grant all: %+v", c)
		}
		if p := b.get(base); !strings.Contains(p.body, `id="alle-autorisaties"`) {
			t.Error("detail does not say alle autorisaties")
		}
		if p := b.do("POST", base+"/intrekken", url.Values{"csrf": {csrf}, "nr": {"alle"}}); p.code != http.StatusSeeOther {
			t.Fatalf("revoke all: %d", p.code)
		}
		c, _ = authn("formulieren", secret)
		if c.HeeftAlleAutorisaties || c.ApplicatieID != "" {
			t.Errorf("after revoke all: %+v", c)
		}

		// A new secret replaces the old one at once, shown once.
		reset := b.do("POST", base+"/secret", url.Values{"csrf": {csrf}})
		m = regexp.MustCompile(`id="secret" type="text" readonly value="([^"]+)"`).FindStringSubmatch(reset.body)
		if reset.code != http.StatusOK || m == nil || m[1] == secret {
			t.Fatalf("reset secret: %d\n%s", reset.code, reset.body)
		}
		if _, err := authn("formulieren", secret); err == nil {
			t.Error("old secret still authenticates")
		}
		secret = m[1]
		if _, err := authn("formulieren", secret); err != nil {
			t.Errorf("new secret: %v", err)
		}
		if p := b.get(base); strings.Contains(p.body, secret) {
			t.Error("detail shows the new secret again")
		}

		if p := b.do("POST", base+"/verwijderen", url.Values{"csrf": {csrf}}); p.code != http.StatusSeeOther {
			t.Fatalf("delete: %d", p.code)
		}
		if _, err := authn("formulieren", secret); err == nil {
			t.Error("deleted client authenticates")
		}
		if p := b.get(base); p.code != http.StatusNotFound {
			t.Errorf("deleted detail: %d", p.code)
		}
		if p := b.get("/beheer/api-clients?melding=verwijderd"); !strings.Contains(p.body, "De API-client is verwijderd") {
			t.Error("no notice after delete")
		}
	})
}

func TestBeheerAPIClientsNotServedWithoutStore(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, 0)
		b := e.browser()
		b.login("beheerder", password, "/beheer")
		if p := b.get("/beheer/api-clients"); p.code != http.StatusNotFound {
			t.Errorf("without APIDeps.Store: %d", p.code)
		}
	})
}
