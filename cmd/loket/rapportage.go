package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/gemeenten/loket/internal/config"
	"github.com/gemeenten/loket/internal/rapportage"
)

// cmdRapportage maintains the report rollups: 'rebuild' recomputes them
// from the base tables (after a bulk load, or to check them), 'refresh'
// folds in the days changed since the last refresh.
func cmdRapportage(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 || (args[0] != "rebuild" && args[0] != "refresh") {
		fmt.Fprint(stderr, "Gebruik: loket rapportage rebuild|refresh [--database …]\n"+
			"  rebuild  bereken alle rapportagetabellen opnieuw uit de gegevens\n"+
			"  refresh  verwerk de wijzigingen sinds de vorige verversing\n")
		return errUsage
	}
	sub := args[0]
	fs := flag.NewFlagSet("loket rapportage "+sub, flag.ContinueOnError)
	fs.SetOutput(stderr)
	rest := splitFlags(fs, args[1:])
	if err := fs.Parse(rest.own); err != nil {
		return err
	}
	c, _, err := config.Load("rapportage", rest.common, getenv, stderr, 0)
	if err != nil {
		return err
	}
	d, err := openDB(ctx, c, stderr)
	if err != nil {
		return err
	}
	defer d.Close()
	s := rapportage.New(d, time.Now, nil)
	start := time.Now()
	if sub == "rebuild" {
		if err := s.Rebuild(ctx); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "Rapportagetabellen opnieuw berekend in %s (%s).\n", time.Since(start).Round(time.Millisecond), d.Engine)
		return nil
	}
	n, err := s.Refresh(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%d dagen bijgewerkt in %s (%s).\n", n, time.Since(start).Round(time.Millisecond), d.Engine)
	return nil
}
