// Package config reads Loket's configuration from flags and LOKET_*
// environment variables (flags win) and validates it once, at start.
package config

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/mail"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/gemeenten/loket/internal/db"
)

// Config is the validated configuration of `loket serve` and friends.
type Config struct {
	Addr        string // listen address
	DataDir     string // SQLite file, documents, backups
	DatabaseURL string // postgres://… or a SQLite file path
	Demo        bool   // load the demo municipality on first start; enables the DigiD simulation later
	BaseURL     string // the public URL, for links in mails and API responses

	LogFormat string // text | json
	LogLevel  string // debug | info | warn | error

	SecureCookies   bool
	ShutdownTimeout time.Duration
	SweepInterval   time.Duration
	Workers         int

	OIDC OIDC
	SMTP SMTP
	// BurgerOIDC is the login of citizens and businesses (DigiD and
	// eHerkenning through the municipality's OIDC broker) on the PIP.
	BurgerOIDC BurgerOIDC

	// SelectielijstURL is the base URL of the Referentielijsten API whose
	// selectielijst the catalogue validates against. Empty means Loket's
	// own, served at <base>/referentielijsten/api/v1, which works offline.
	SelectielijstURL string
	// ZGWRemotes are Loket's own API clients at other ZGW servers, as
	// "origin client_id secret; …" (zgw.ParseRemotes): references to those
	// servers are fetched with a token signed for them. From the environment
	// only (LOKET_ZGW_REMOTES), so the secrets stay out of process listings.
	ZGWRemotes string
	// WarnWerkdagen is how many werkdagen before a zaak's legal deadline
	// the team lead is warned.
	WarnWerkdagen int
	// KTOIntervalDagen: a person gets at most one satisfaction survey
	// invitation per this many days; KTOSteekproef N invites 1 in N
	// contacts and closed zaken (1: all).
	KTOIntervalDagen, KTOSteekproef int

	// --- The municipality's own style (issue 6; thema.go) ---
	Thema Thema
}

// SMTP configures outgoing e-mail (letters, notifications to customers).
// Without a host, mail is not sent: messages stay queued and are visible
// to a beheerder, so nothing is lost when mail is configured later.
type SMTP struct {
	Host     string
	Port     int
	Username string
	Password string
	From     string // e.g. "Gemeente Voorbeeld <noreply@voorbeeld.nl>"
	// TLS is "starttls" (default: required), "tls" (implicit, port 465) or
	// "none" (only for a local relay or a test server).
	TLS string
}

// Enabled reports whether outgoing mail is configured.
func (s SMTP) Enabled() bool { return s.Host != "" }

// OIDC configures staff login through the municipality's identity provider.
type OIDC struct {
	Issuer       string
	ClientID     string
	ClientSecret string
	RedirectURL  string
	RolesClaim   string
}

// BurgerOIDC configures the PIP login through the DigiD/eHerkenning broker.
// The claim names differ per broker; empty ones get burger's defaults
// (bsn, kvk, acr, name, namens_bsn, namens_naam).
type BurgerOIDC struct {
	Issuer, ClientID, ClientSecret, RedirectURL                string
	BSNClaim, KvKClaim, NiveauClaim, NaamClaim, NamensBSNClaim string
}

// Enabled reports whether citizen login through the broker is configured.
func (o BurgerOIDC) Enabled() bool { return o.Issuer != "" }

// Enabled reports whether staff OIDC login is configured.
func (o OIDC) Enabled() bool { return o.Issuer != "" }

// Engine is the database engine the configuration selects.
func (c Config) Engine() db.Engine {
	if db.IsPostgresURL(c.DatabaseURL) {
		return db.Postgres
	}
	return db.SQLite
}

// DocumentsDir is where document contents are stored.
func (c Config) DocumentsDir() string { return filepath.Join(c.DataDir, "documenten") }

// Load parses args (the subcommand's flags) with getenv as the environment.
// Which flags a subcommand accepts is given by with.
func Load(name string, args []string, getenv func(string) string, stderr io.Writer, with Flags) (Config, []string, error) {
	fs := flag.NewFlagSet("loket "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	env := func(k, def string) string {
		if v := getenv(k); v != "" {
			return v
		}
		return def
	}
	var c Config
	var secure, sweep, shutdown, workers, smtpPort, warn, ktoInterval, ktoSample string
	fs.StringVar(&c.DataDir, "data", env("LOKET_DATA", "loket-data"), "map voor de gegevens (LOKET_DATA)")
	fs.StringVar(&c.DatabaseURL, "database", env("LOKET_DATABASE_URL", ""), "postgres://… of pad naar een SQLite-bestand (LOKET_DATABASE_URL); standaard <data>/loket.db")
	fs.StringVar(&c.LogFormat, "log-format", env("LOKET_LOG_FORMAT", ""), "text of json (LOKET_LOG_FORMAT); standaard json, text met --demo")
	fs.StringVar(&c.LogLevel, "log-level", env("LOKET_LOG_LEVEL", "info"), "debug, info, warn of error (LOKET_LOG_LEVEL)")
	if with&FlagServe != 0 {
		fs.StringVar(&c.Addr, "addr", env("LOKET_ADDR", "127.0.0.1:8080"), "luisteradres (LOKET_ADDR)")
		fs.BoolVar(&c.Demo, "demo", env("LOKET_DEMO", "") == "true", "laad bij de eerste start de demogemeente (LOKET_DEMO=true)")
		fs.StringVar(&c.BaseURL, "base-url", env("LOKET_BASE_URL", ""), "publieke URL, bijv. https://loket.voorbeeld.nl (LOKET_BASE_URL)")
		fs.StringVar(&secure, "secure-cookies", env("LOKET_SECURE_COOKIES", ""), "true of false (LOKET_SECURE_COOKIES); standaard true tenzij de basis-URL http:// is")
		fs.StringVar(&shutdown, "shutdown-timeout", env("LOKET_SHUTDOWN_TIMEOUT", "30s"), "maximale tijd om lopende verzoeken en taken af te ronden (LOKET_SHUTDOWN_TIMEOUT)")
		fs.StringVar(&sweep, "sweep-interval", env("LOKET_SWEEP_INTERVAL", "15m"), "hoe vaak de servicenormen worden nagelopen (LOKET_SWEEP_INTERVAL)")
		fs.StringVar(&workers, "workers", env("LOKET_WORKERS", "32"), "aantal gelijktijdige achtergrondtaken (LOKET_WORKERS)")
		fs.StringVar(&c.SelectielijstURL, "selectielijst-url", env("LOKET_SELECTIELIJST_URL", ""), "basis-URL van de Referentielijsten-API voor de selectielijst (LOKET_SELECTIELIJST_URL); standaard die van Loket zelf")
		fs.StringVar(&warn, "waarschuw-werkdagen", env("LOKET_WAARSCHUW_WERKDAGEN", "5"), "zoveel werkdagen voor de wettelijke termijn krijgt de teamleider een waarschuwing (LOKET_WAARSCHUW_WERKDAGEN)")
		fs.StringVar(&ktoInterval, "kto-interval-dagen", env("LOKET_KTO_INTERVAL_DAGEN", "90"), "een inwoner of bedrijf krijgt hoogstens één uitnodiging voor het klanttevredenheidsonderzoek per zoveel dagen (LOKET_KTO_INTERVAL_DAGEN)")
		fs.StringVar(&ktoSample, "kto-steekproef", env("LOKET_KTO_STEEKPROEF", "1"), "nodig 1 op de N contacten en afgesloten zaken uit voor het klanttevredenheidsonderzoek; 1 is iedereen (LOKET_KTO_STEEKPROEF)")
		c.ZGWRemotes = getenv("LOKET_ZGW_REMOTES")
		c.SMTP = SMTP{
			Host:     getenv("LOKET_SMTP_HOST"),
			Username: getenv("LOKET_SMTP_USERNAME"),
			Password: getenv("LOKET_SMTP_PASSWORD"),
			From:     getenv("LOKET_SMTP_FROM"),
			TLS:      env("LOKET_SMTP_TLS", "starttls"),
		}
		smtpPort = getenv("LOKET_SMTP_PORT")
		c.BurgerOIDC = BurgerOIDC{
			Issuer:         getenv("LOKET_BURGER_OIDC_ISSUER"),
			ClientID:       getenv("LOKET_BURGER_OIDC_CLIENT_ID"),
			ClientSecret:   getenv("LOKET_BURGER_OIDC_CLIENT_SECRET"),
			RedirectURL:    getenv("LOKET_BURGER_OIDC_REDIRECT_URL"),
			BSNClaim:       getenv("LOKET_BURGER_OIDC_BSN_CLAIM"),
			KvKClaim:       getenv("LOKET_BURGER_OIDC_KVK_CLAIM"),
			NiveauClaim:    getenv("LOKET_BURGER_OIDC_NIVEAU_CLAIM"),
			NaamClaim:      getenv("LOKET_BURGER_OIDC_NAAM_CLAIM"),
			NamensBSNClaim: getenv("LOKET_BURGER_OIDC_NAMENS_BSN_CLAIM"),
		}
		c.OIDC = OIDC{
			Issuer:       getenv("LOKET_OIDC_ISSUER"),
			ClientID:     getenv("LOKET_OIDC_CLIENT_ID"),
			ClientSecret: getenv("LOKET_OIDC_CLIENT_SECRET"),
			RedirectURL:  getenv("LOKET_OIDC_REDIRECT_URL"),
			RolesClaim:   getenv("LOKET_OIDC_ROLES_CLAIM"),
		}
	}
	if err := fs.Parse(args); err != nil {
		return c, nil, err
	}
	var problems []string
	add := func(format string, a ...any) { problems = append(problems, fmt.Sprintf(format, a...)) }

	if c.DataDir == "" {
		add("--data (LOKET_DATA) mag niet leeg zijn")
	}
	if c.DatabaseURL == "" {
		c.DatabaseURL = filepath.Join(c.DataDir, "loket.db")
	} else if strings.Contains(c.DatabaseURL, "://") && !db.IsPostgresURL(c.DatabaseURL) && !strings.HasPrefix(c.DatabaseURL, "sqlite://") {
		add("LOKET_DATABASE_URL %q: gebruik postgres://… of een pad naar een SQLite-bestand", db.Redact(c.DatabaseURL))
	} else if db.IsPostgresURL(c.DatabaseURL) {
		if _, err := url.Parse(c.DatabaseURL); err != nil {
			add("LOKET_DATABASE_URL is geen geldige URL")
		}
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		add("--log-level (LOKET_LOG_LEVEL) %q: kies debug, info, warn of error", c.LogLevel)
	}
	if c.LogFormat == "" {
		c.LogFormat = "json"
		if c.Demo {
			c.LogFormat = "text"
		}
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		add("--log-format (LOKET_LOG_FORMAT) %q: kies text of json", c.LogFormat)
	}
	if with&FlagServe != 0 {
		host, port, err := net.SplitHostPort(c.Addr)
		if err != nil {
			add("--addr (LOKET_ADDR) %q: verwacht host:poort, bijv. 127.0.0.1:8080", c.Addr)
		} else if p, err := strconv.Atoi(port); err != nil || p < 0 || p > 65535 {
			add("--addr (LOKET_ADDR) %q: poort moet een getal van 0 tot 65535 zijn", c.Addr)
		}
		if c.BaseURL == "" {
			h := host
			if h == "" || h == "0.0.0.0" || h == "::" {
				h = "localhost"
			}
			c.BaseURL = "http://" + net.JoinHostPort(h, port)
		}
		c.BaseURL = strings.TrimRight(c.BaseURL, "/")
		if u, err := url.Parse(c.BaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			add("--base-url (LOKET_BASE_URL) %q: verwacht http(s)://host", c.BaseURL)
		}
		switch secure {
		case "":
			c.SecureCookies = strings.HasPrefix(c.BaseURL, "https://")
		case "true", "1":
			c.SecureCookies = true
		case "false", "0":
			c.SecureCookies = false
		default:
			add("--secure-cookies (LOKET_SECURE_COOKIES) %q: kies true of false", secure)
		}
		if c.ShutdownTimeout, err = time.ParseDuration(shutdown); err != nil || c.ShutdownTimeout <= 0 {
			add("--shutdown-timeout (LOKET_SHUTDOWN_TIMEOUT) %q: verwacht een duur als 30s", shutdown)
		}
		if c.SweepInterval, err = time.ParseDuration(sweep); err != nil || c.SweepInterval < time.Second {
			add("--sweep-interval (LOKET_SWEEP_INTERVAL) %q: verwacht een duur van minstens 1s, bijv. 15m", sweep)
		}
		if c.Workers, err = strconv.Atoi(workers); err != nil || c.Workers < 1 || c.Workers > 1000 {
			add("--workers (LOKET_WORKERS) %q: verwacht een getal van 1 tot 1000", workers)
		}
		if c.SelectielijstURL != "" {
			c.SelectielijstURL = strings.TrimRight(c.SelectielijstURL, "/")
			if u, err := url.Parse(c.SelectielijstURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
				add("--selectielijst-url (LOKET_SELECTIELIJST_URL) %q: verwacht http(s)://host/pad", c.SelectielijstURL)
			}
		}
		if c.WarnWerkdagen, err = strconv.Atoi(warn); err != nil || c.WarnWerkdagen < 0 || c.WarnWerkdagen > 100 {
			add("--waarschuw-werkdagen (LOKET_WAARSCHUW_WERKDAGEN) %q: verwacht een getal van 0 tot 100", warn)
		}
		if c.KTOIntervalDagen, err = strconv.Atoi(ktoInterval); err != nil || c.KTOIntervalDagen < 1 || c.KTOIntervalDagen > 3660 {
			add("--kto-interval-dagen (LOKET_KTO_INTERVAL_DAGEN) %q: verwacht een getal van 1 tot 3660", ktoInterval)
		}
		if c.KTOSteekproef, err = strconv.Atoi(ktoSample); err != nil || c.KTOSteekproef < 1 || c.KTOSteekproef > 10000 {
			add("--kto-steekproef (LOKET_KTO_STEEKPROEF) %q: verwacht een getal van 1 tot 10000", ktoSample)
		}
		for _, p := range c.SMTP.validate(smtpPort, &c.SMTP.Port) {
			add("%s", p)
		}
		var themaProblems []string
		c.Thema, themaProblems = loadThema(getenv) // thema.go
		for _, p := range themaProblems {
			add("%s", p)
		}
		if b := &c.BurgerOIDC; b.Enabled() {
			if b.ClientID == "" || b.ClientSecret == "" {
				add("LOKET_BURGER_OIDC_CLIENT_ID en LOKET_BURGER_OIDC_CLIENT_SECRET zijn verplicht wanneer LOKET_BURGER_OIDC_ISSUER is gezet")
			}
			if u, err := url.Parse(b.Issuer); err != nil || u.Scheme == "" || u.Host == "" {
				add("LOKET_BURGER_OIDC_ISSUER %q: verwacht een URL", b.Issuer)
			}
			if b.RedirectURL == "" {
				b.RedirectURL = c.BaseURL + "/mijn/inloggen/oidc/callback"
			}
		} else if c.BurgerOIDC.ClientID != "" || c.BurgerOIDC.ClientSecret != "" {
			add("LOKET_BURGER_OIDC_ISSUER ontbreekt: andere LOKET_BURGER_OIDC_*-instellingen zijn gezet, maar zonder issuer kunnen inwoners niet inloggen met DigiD")
		}
		if c.OIDC.Enabled() {
			if c.OIDC.ClientID == "" {
				add("LOKET_OIDC_CLIENT_ID is verplicht wanneer LOKET_OIDC_ISSUER is gezet")
			}
			if c.OIDC.ClientSecret == "" {
				add("LOKET_OIDC_CLIENT_SECRET is verplicht wanneer LOKET_OIDC_ISSUER is gezet")
			}
			if u, err := url.Parse(c.OIDC.Issuer); err != nil || u.Scheme == "" || u.Host == "" {
				add("LOKET_OIDC_ISSUER %q: verwacht een URL", c.OIDC.Issuer)
			}
			if c.OIDC.RedirectURL == "" {
				c.OIDC.RedirectURL = c.BaseURL + "/login/oidc/callback"
			}
		} else if c.OIDC.ClientID != "" || c.OIDC.ClientSecret != "" || c.OIDC.RedirectURL != "" || c.OIDC.RolesClaim != "" {
			// A misspelt or forgotten issuer would otherwise start Loket
			// silently without the login the operator configured.
			add("LOKET_OIDC_ISSUER ontbreekt: andere LOKET_OIDC_*-instellingen zijn gezet, maar zonder issuer blijft inloggen via de organisatie uit")
		}
	}
	if len(problems) > 0 {
		return c, fs.Args(), &Error{Problems: problems}
	}
	return c, fs.Args(), nil
}

// Flags selects the flag groups of a subcommand.
type Flags int

const (
	FlagServe Flags = 1 << iota
)

// Error lists every configuration problem at once, so an operator fixes them
// in one go.
type Error struct{ Problems []string }

func (e *Error) Error() string {
	return "ongeldige configuratie:\n  - " + strings.Join(e.Problems, "\n  - ")
}

// IsConfigError reports whether err is a configuration error.
func IsConfigError(err error) bool {
	var e *Error
	return errors.As(err, &e)
}

// validate checks the SMTP settings and fills in the port; it returns the
// problems in Dutch.
func (s SMTP) validate(port string, out *int) []string {
	var p []string
	switch s.TLS {
	case "starttls", "tls", "none":
	default:
		p = append(p, fmt.Sprintf("LOKET_SMTP_TLS %q: kies starttls, tls of none", s.TLS))
	}
	if !s.Enabled() {
		if port != "" || s.Username != "" || s.Password != "" || s.From != "" {
			p = append(p, "LOKET_SMTP_HOST ontbreekt: andere LOKET_SMTP_*-instellingen zijn gezet, maar zonder server wordt er geen e-mail verstuurd")
		}
		return p
	}
	switch {
	case port != "":
		n, err := strconv.Atoi(port)
		if err != nil || n < 1 || n > 65535 {
			p = append(p, fmt.Sprintf("LOKET_SMTP_PORT %q: verwacht een poortnummer van 1 tot 65535", port))
		}
		*out = n
	case s.TLS == "tls":
		*out = 465
	default:
		*out = 587
	}
	if s.From == "" {
		p = append(p, "LOKET_SMTP_FROM is verplicht wanneer LOKET_SMTP_HOST is gezet, bijv. \"Gemeente Voorbeeld <noreply@voorbeeld.nl>\"")
	} else if _, err := mail.ParseAddress(s.From); err != nil {
		p = append(p, fmt.Sprintf("LOKET_SMTP_FROM %q: geen geldig e-mailadres", s.From))
	}
	if (s.Username == "") != (s.Password == "") {
		p = append(p, "LOKET_SMTP_USERNAME en LOKET_SMTP_PASSWORD horen samen: zet beide of geen van beide")
	}
	return p
}
