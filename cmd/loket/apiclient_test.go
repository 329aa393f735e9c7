package main

import (
	"bytes"
	"context"
	"io"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gemeenten/loket/internal/config"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/db/dbtest"
	"github.com/gemeenten/loket/internal/zgw"
	"github.com/gemeenten/loket/internal/zgw/zgwtest"
)

func TestAPIClientCommands(t *testing.T) {
	const zt = "https://loket.example/catalogi/api/v1/zaaktypen/6a2c0b10-4a43-4c83-9e34-0e2e2cb1d4a1"
	for _, engine := range dbtest.Engines() {
		t.Run(string(engine), func(t *testing.T) {
			ctx := context.Background()
			envMap := map[string]string{"LOKET_DATA": t.TempDir(), "LOKET_LOG_FORMAT": "text", "USER": "tester"}
			if engine == db.Postgres {
				envMap["LOKET_DATABASE_URL"] = dbtest.URL(t, db.Postgres)
			}
			env := envFrom(envMap)
			cli := func(args ...string) (string, error) {
				var out, errOut bytes.Buffer
				err := run(ctx, append([]string{"apiclient"}, args...), env, &out, &errOut)
				return out.String() + errOut.String(), err
			}
			mustCLI := func(args ...string) string {
				out, err := cli(args...)
				if err != nil {
					t.Fatalf("apiclient %v: %v\n%s", args, err, out)
				}
				return out
			}

			mustCLI("create", "--client-id", "alles", "--secret", "heel-geheim-1", "--alle-autorisaties", "--label", "Formulieren")
			mustCLI("create", "--client-id", "zac", "--secret", "heel-geheim-2",
				"--scope", "zrc:zaken.lezen:"+zt+":zaakvertrouwelijk",
				"--scope", "zrc:zaken.aanmaken:"+zt+":zaakvertrouwelijk",
				"--scope", "ztc:catalogi.lezen")
			mustCLI("create", "--client-id", "kaal", "--secret", "heel-geheim-3")
			out := mustCLI("create", "--client-id", "gegenereerd")
			m := regexp.MustCompile(`Secret \(wordt niet nog eens getoond\): (\S+)`).FindStringSubmatch(out)
			if m == nil || len(m[1]) < 32 {
				t.Fatalf("no generated secret in %q", out)
			}
			generated := m[1]

			// Refusals change nothing and say why.
			for _, bad := range [][]string{
				{"create", "--secret", "heel-geheim"},
				{"create", "--client-id", "x", "--scope", "zrc:zaken.vliegen:" + zt + ":openbaar"},
				{"create", "--client-id", "x", "--scope", "xyz:zaken.lezen"},
				{"create", "--client-id", "x", "--alle-autorisaties", "--scope", "ztc:catalogi.lezen"},
				{"create", "--client-id", "x", "--scope", "ztc:catalogi.lezen:" + zt},
			} {
				_, err := cli(bad...)
				if !config.IsConfigError(err) || exitCode(err) != 2 {
					t.Errorf("%v: %v, want a usage error", bad, err)
				}
			}
			if out, err := cli("create", "--client-id", "zac", "--secret", "nog-een-geheim"); err == nil || !strings.Contains(out+err.Error(), "al een API-client") {
				t.Errorf("duplicate: %v %s", err, out)
			}
			// ac-003: zaken scopes need a type and a ceiling, besluiten a type.
			for _, scope := range []string{"zrc:zaken.lezen", "zrc:zaken.lezen:" + zt, "drc:documenten.lezen:geheim", "brc:besluiten.lezen"} {
				if out, err := cli("create", "--client-id", "zonder-type", "--secret", "heel-geheim-4", "--scope", scope); !config.IsConfigError(err) ||
					!strings.Contains(err.Error(), "verplicht") {
					t.Errorf("%s without type: %v %s", scope, err, out)
				}
			}
			if _, err := cli("create", "--client-id", "kort", "--secret", "kort"); err == nil {
				t.Error("short secret accepted")
			}

			list := mustCLI("list")
			for _, want := range []string{"alles", "Formulieren", "alle autorisaties", "zac", "2 autorisaties", "kaal", "geen", "gegenereerd"} {
				if !strings.Contains(list, want) {
					t.Errorf("list lacks %q:\n%s", want, list)
				}
			}
			for _, gone := range []string{"zonder-type", "kort"} {
				if strings.Contains(list, gone+" ") {
					t.Errorf("refused client %q is listed:\n%s", gone, list)
				}
			}

			// What the CLI made is what a server sees.
			c, _, err := config.Load("test", nil, env, io.Discard, 0)
			if err != nil {
				t.Fatal(err)
			}
			d, err := db.Open(ctx, c.DatabaseURL)
			if err != nil {
				t.Fatal(err)
			}
			defer d.Close()
			auth := zgw.NewAuthorizer(d, nil, nil)
			authn := func(id, secret string) *zgw.Client {
				cl, err := auth.Authenticate(ctx, "Bearer "+zgwtest.Token(id, secret, time.Now(), nil))
				if err != nil {
					t.Fatalf("authenticate %s: %v", id, err)
				}
				return cl
			}
			if !authn("alles", "heel-geheim-1").HasScope(zgw.DRC, "documenten.verwijderen") {
				t.Error("alles: no rights")
			}
			zac := authn("zac", "heel-geheim-2")
			if len(zac.Autorisaties) != 2 || !zac.Allows(zgw.ZRC, "zaken.aanmaken", zt, "intern") ||
				zac.Allows(zgw.ZRC, "zaken.aanmaken", zt, "geheim") || !zac.HasScope(zgw.ZTC, "catalogi.lezen") {
				t.Errorf("zac: %+v", zac.Autorisaties)
			}
			if kaal := authn("kaal", "heel-geheim-3"); kaal.HasScope(zgw.ZTC, "catalogi.lezen") {
				t.Error("client without grants has rights")
			}
			authn("gegenereerd", generated)

			// A new secret: the old one stops working.
			out = mustCLI("secret", "--client-id", "gegenereerd")
			m = regexp.MustCompile(`Secret \(wordt niet nog eens getoond\): (\S+)`).FindStringSubmatch(out)
			if m == nil || m[1] == generated {
				t.Fatalf("secret: %q", out)
			}
			if _, err := auth.Authenticate(ctx, "Bearer "+zgwtest.Token("gegenereerd", generated, time.Now(), nil)); err == nil {
				t.Error("old secret still works")
			}
			authn("gegenereerd", m[1])
			mustCLI("secret", "--client-id", "kaal", "--secret", "een-ander-geheim")
			authn("kaal", "een-ander-geheim")
			if _, err := cli("secret", "--client-id", "bestaat-niet", "--secret", "een-ander-geheim"); err == nil {
				t.Error("secret for an unknown client succeeded")
			}
			if _, err := cli("secret", "--client-id", "kaal", "--secret", "kort"); err == nil {
				t.Error("short new secret accepted")
			}

			mustCLI("delete", "--client-id", "zac")
			mustCLI("delete", "kaal")
			if _, err := auth.Authenticate(ctx, "Bearer "+zgwtest.Token("zac", "heel-geheim-2", time.Now(), nil)); err == nil {
				t.Error("deleted client still authenticates")
			}
			if _, err := cli("delete", "--client-id", "zac"); err == nil {
				t.Error("deleting twice succeeded")
			}
			if list := mustCLI("list"); strings.Contains(list, "zac") || strings.Contains(list, "kaal") {
				t.Errorf("deleted clients listed:\n%s", list)
			}
		})
	}
}

func TestParseScope(t *testing.T) {
	cases := []struct {
		in                 string
		component, typeURL string
		max                string
		scopes             int
	}{
		{"ztc:catalogi.lezen", "ztc", "", "", 1},
		{"zrc:zaken.lezen,zaken.bijwerken:http://host:8080/zaaktypen/1:geheim", "zrc", "http://host:8080/zaaktypen/1", "geheim", 2},
		{"zrc:audittrails.lezen", "zrc", "", "", 1},
		{"brc:besluiten.lezen:https://x/besluittypen/2", "brc", "https://x/besluittypen/2", "", 1},
	}
	for _, c := range cases {
		a, err := parseScope(c.in)
		if err != nil || a.Component != c.component || a.TypeURL() != c.typeURL || a.MaxVertrouwelijkheid != c.max || len(a.Scopes) != c.scopes {
			t.Errorf("%s: %+v %v", c.in, a, err)
		}
	}
}
