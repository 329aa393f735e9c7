package config_test

import (
	"io"
	"strings"
	"testing"
	"time"

	"github.com/gemeenten/loket/internal/config"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestDefaults(t *testing.T) {
	c, _, err := config.Load("serve", nil, env(nil), io.Discard, config.FlagServe)
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != "127.0.0.1:8080" || c.DataDir != "loket-data" || c.DatabaseURL != "loket-data/loket.db" ||
		c.BaseURL != "http://127.0.0.1:8080" || c.SecureCookies || c.LogFormat != "json" || c.SweepInterval != 15*time.Minute {
		t.Fatalf("defaults: %+v", c)
	}
}

func TestFlagsOverrideEnvironment(t *testing.T) {
	c, _, err := config.Load("serve", []string{"--addr", "127.0.0.1:9999", "--demo"},
		env(map[string]string{"LOKET_ADDR": "127.0.0.1:7000", "LOKET_DATA": "/srv/loket", "LOKET_BASE_URL": "https://loket.voorbeeld.nl/"}),
		io.Discard, config.FlagServe)
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != "127.0.0.1:9999" || c.DataDir != "/srv/loket" || !c.Demo || c.BaseURL != "https://loket.voorbeeld.nl" ||
		!c.SecureCookies || c.LogFormat != "text" || c.DatabaseURL != "/srv/loket/loket.db" {
		t.Fatalf("config: %+v", c)
	}
}

func TestValidationListsEveryProblem(t *testing.T) {
	_, _, err := config.Load("serve", []string{"--addr", "nope", "--log-level", "loud"},
		env(map[string]string{"LOKET_DATABASE_URL": "mysql://x", "LOKET_OIDC_ISSUER": "https://idp.example", "LOKET_WORKERS": "0"}),
		io.Discard, config.FlagServe)
	if !config.IsConfigError(err) {
		t.Fatalf("want config error, got %v", err)
	}
	for _, want := range []string{"--addr", "LOKET_LOG_LEVEL", "LOKET_DATABASE_URL", "LOKET_OIDC_CLIENT_ID", "LOKET_OIDC_CLIENT_SECRET", "LOKET_WORKERS"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error does not mention %s:\n%v", want, err)
		}
	}
}

func TestPostgresURLIsRedactedInErrors(t *testing.T) {
	c, _, err := config.Load("migrate", nil, env(map[string]string{"LOKET_DATABASE_URL": "postgres://u:geheim@db/loket"}), io.Discard, 0)
	if err != nil {
		t.Fatal(err)
	}
	if c.Engine() != "postgres" {
		t.Fatalf("engine %s", c.Engine())
	}
}

func TestOIDCWithoutIssuerIsRefused(t *testing.T) {
	_, _, err := config.Load("serve", nil, env(map[string]string{"LOKET_OIDC_CLIENT_ID": "loket", "LOKET_OIDC_CLIENT_SECRET": "s"}),
		io.Discard, config.FlagServe)
	if !config.IsConfigError(err) || !strings.Contains(err.Error(), "LOKET_OIDC_ISSUER") {
		t.Fatalf("OIDC client without issuer: %v", err)
	}
}

func TestSMTP(t *testing.T) {
	c, _, err := config.Load("serve", nil, env(map[string]string{"LOKET_SMTP_HOST": "smtp.voorbeeld.nl",
		"LOKET_SMTP_FROM": "Gemeente Voorbeeld <noreply@voorbeeld.nl>", "LOKET_SMTP_USERNAME": "loket", "LOKET_SMTP_PASSWORD": "geheim-wachtwoord"}),
		io.Discard, config.FlagServe)
	if err != nil {
		t.Fatal(err)
	}
	if !c.SMTP.Enabled() || c.SMTP.Port != 587 || c.SMTP.TLS != "starttls" {
		t.Fatalf("smtp: %+v", c.SMTP)
	}
	c, _, err = config.Load("serve", nil, env(nil), io.Discard, config.FlagServe)
	if err != nil || c.SMTP.Enabled() || c.WarnWerkdagen != 5 || c.SelectielijstURL != "" {
		t.Fatalf("no smtp by default: %+v %v", c, err)
	}

	_, _, err = config.Load("serve", nil, env(map[string]string{"LOKET_SMTP_HOST": "smtp.voorbeeld.nl", "LOKET_SMTP_PORT": "99999",
		"LOKET_SMTP_TLS": "maybe", "LOKET_SMTP_USERNAME": "loket", "LOKET_SELECTIELIJST_URL": "ftp://x", "LOKET_WAARSCHUW_WERKDAGEN": "-1"}),
		io.Discard, config.FlagServe)
	if !config.IsConfigError(err) {
		t.Fatalf("want config error, got %v", err)
	}
	for _, want := range []string{"LOKET_SMTP_PORT", "LOKET_SMTP_TLS", "LOKET_SMTP_FROM", "LOKET_SMTP_PASSWORD", "LOKET_SELECTIELIJST_URL", "LOKET_WAARSCHUW_WERKDAGEN"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error does not mention %s:\n%v", want, err)
		}
	}
	if strings.Contains(err.Error(), "geheim") {
		t.Errorf("error shows a secret: %v", err)
	}

	_, _, err = config.Load("serve", nil, env(map[string]string{"LOKET_SMTP_FROM": "noreply@voorbeeld.nl"}), io.Discard, config.FlagServe)
	if !config.IsConfigError(err) || !strings.Contains(err.Error(), "LOKET_SMTP_HOST") {
		t.Fatalf("SMTP settings without host: %v", err)
	}
}

func TestBurgerOIDC(t *testing.T) {
	c, _, err := config.Load("serve", nil, env(map[string]string{"LOKET_BURGER_OIDC_ISSUER": "https://broker.voorbeeld.nl",
		"LOKET_BURGER_OIDC_CLIENT_ID": "loket", "LOKET_BURGER_OIDC_CLIENT_SECRET": "s", "LOKET_BURGER_OIDC_BSN_CLAIM": "urn:nl:bsn"}),
		io.Discard, config.FlagServe)
	if err != nil || !c.BurgerOIDC.Enabled() || c.BurgerOIDC.RedirectURL != "http://127.0.0.1:8080/mijn/inloggen/oidc/callback" ||
		c.BurgerOIDC.BSNClaim != "urn:nl:bsn" {
		t.Fatalf("burger oidc: %+v %v", c.BurgerOIDC, err)
	}
	_, _, err = config.Load("serve", nil, env(map[string]string{"LOKET_BURGER_OIDC_CLIENT_ID": "loket"}), io.Discard, config.FlagServe)
	if !config.IsConfigError(err) || !strings.Contains(err.Error(), "LOKET_BURGER_OIDC_ISSUER") {
		t.Fatalf("client without issuer: %v", err)
	}
	_, _, err = config.Load("serve", nil, env(map[string]string{"LOKET_BURGER_OIDC_ISSUER": "https://broker.voorbeeld.nl"}), io.Discard, config.FlagServe)
	if !config.IsConfigError(err) || !strings.Contains(err.Error(), "LOKET_BURGER_OIDC_CLIENT_ID") {
		t.Fatalf("issuer without client: %v", err)
	}
}
