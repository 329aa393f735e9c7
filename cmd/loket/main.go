// Command loket is the whole of Loket in one program: the web surfaces, the
// standard APIs, the background jobs and the operator's tools.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
	_ "time/tzdata" // Europe/Amsterdam must resolve on machines without zoneinfo

	"github.com/gemeenten/loket/internal/config"
	"github.com/gemeenten/loket/internal/server"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	if err != nil {
		if !errors.Is(err, flag.ErrHelp) && !errors.Is(err, errUsage) {
			fmt.Fprintln(os.Stderr, "loket:", err)
		}
		os.Exit(exitCode(err))
	}
}

var errUsage = errors.New("usage")

func exitCode(err error) int {
	if errors.Is(err, flag.ErrHelp) || errors.Is(err, errUsage) || config.IsConfigError(err) {
		return 2
	}
	return 1
}

const usage = `Loket — één loket voor de gemeente: zaaksysteem, KCC, burgerportaal, formulieren en rapportages.

Gebruik:
  loket <opdracht> [opties]

Opdrachten:
  serve      start de webserver, de API's en de achtergrondtaken (--demo laadt de demogemeente bij de eerste start)
  migrate    breng het databaseschema bij
  demo       laad de demogemeente 'Gemeente Voorbeeld' in een lege database
  seed       vul de database met synthetisch volume (--zaken N --klantcontacten M)
  rapportage bereken de rapportagetabellen opnieuw (rebuild) of verwerk de laatste wijzigingen (refresh)
  termijn    bereken een wettelijke termijn (--van 2026-03-20 --weken 8)
  backup     maak een consistente kopie van de database terwijl Loket draait
  apiclient  beheer de API-clients van de ZGW API's (create, list, secret, delete)
  apitoken   beheer de tokens van de Klantinteracties API (create, list, revoke)
  version    toon de versie

'loket <opdracht> --help' toont de opties. Alle opties kunnen ook met LOKET_*-omgevingsvariabelen.
`

// run is main without the process: testable with its own arguments,
// environment and output.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return errUsage
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "serve":
		return cmdServe(ctx, rest, getenv, stdout, stderr)
	case "migrate":
		return cmdMigrate(ctx, rest, getenv, stdout, stderr)
	case "demo":
		return cmdDemo(ctx, rest, getenv, stdout, stderr)
	case "seed":
		return cmdSeed(ctx, rest, getenv, stdout, stderr)
	case "rapportage":
		return cmdRapportage(ctx, rest, getenv, stdout, stderr)
	case "termijn":
		return cmdTermijn(rest, stdout, stderr)
	case "backup":
		return cmdBackup(ctx, rest, getenv, stdout, stderr)
	case "apiclient":
		return cmdAPIClient(ctx, rest, getenv, stdout, stderr)
	case "apitoken":
		return cmdAPIToken(ctx, rest, getenv, stdout, stderr)
	case "version", "--version", "-v":
		fmt.Fprintln(stdout, versionString())
		return nil
	case "help", "--help", "-h":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprintf(stderr, "loket: onbekende opdracht %q\n\n%s", cmd, usage)
	return errUsage
}

func versionString() string {
	v, rev := version, ""
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				rev = s.Value[:12]
			}
		}
		if v == "dev" && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			v = bi.Main.Version
		}
	}
	if rev != "" {
		return fmt.Sprintf("loket %s (%s)", v, rev)
	}
	return "loket " + v
}

func newLogger(c config.Config, w io.Writer) *slog.Logger {
	var level slog.Level
	level.UnmarshalText([]byte(c.LogLevel))
	opts := &slog.HandlerOptions{Level: level}
	var h slog.Handler
	if c.LogFormat == "text" {
		h = slog.NewTextHandler(w, opts)
	} else {
		h = slog.NewJSONHandler(w, opts)
	}
	return slog.New(server.ContextHandler{Handler: h})
}
