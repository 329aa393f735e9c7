package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/gemeenten/loket/internal/audit"
	"github.com/gemeenten/loket/internal/config"
	"github.com/gemeenten/loket/internal/klant"
)

const apitokenUsage = `Beheer de tokens van de Klantinteracties API ("Authorization: Token <sleutel>").

Gebruik:
  loket apitoken create --naam "KCC-frontend"
  loket apitoken list
  loket apitoken revoke --id ID

Loket toont de sleutel één keer, bij het aanmaken; bewaard wordt alleen een
vingerafdruk (SHA-256). Een ingetrokken token werkt meteen niet meer.
De opdrachten werken ook terwijl de server draait: het is dezelfde database.
`

func cmdAPIToken(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] == "help" || args[0] == "--help" || args[0] == "-h" {
		fmt.Fprint(stderr, apitokenUsage)
		if len(args) == 0 {
			return errUsage
		}
		return nil
	}
	sub, args := args[0], args[1:]
	fs := flag.NewFlagSet("loket apitoken "+sub, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, apitokenUsage) }
	var naam, id string
	switch sub {
	case "create":
		fs.StringVar(&naam, "naam", "", "naam van de applicatie die de token gebruikt")
	case "revoke":
		fs.StringVar(&id, "id", "", "id van de token (zie 'loket apitoken list')")
	case "list":
	default:
		fmt.Fprintf(stderr, "loket apitoken: onbekende opdracht %q\n\n%s", sub, apitokenUsage)
		return errUsage
	}
	rest := splitFlags(fs, args)
	if err := fs.Parse(rest.own); err != nil {
		return err
	}
	switch {
	case sub == "create" && naam == "":
		return &config.Error{Problems: []string{"geef --naam op: de naam van de applicatie die de token gebruikt"}}
	case sub == "revoke" && id == "":
		return &config.Error{Problems: []string{"geef --id op (zie 'loket apitoken list')"}}
	}
	c, _, err := config.Load("apitoken "+sub, rest.common, getenv, stderr, 0)
	if err != nil {
		return err
	}
	d, err := openDB(ctx, c, stderr)
	if err != nil {
		return err
	}
	defer d.Close()
	who := getenv("USER")
	if who == "" {
		who = "operator"
	}
	ctx = audit.WithActor(ctx, audit.Actor{Kind: "systeem", ID: "loket apitoken", Name: "loket apitoken (" + who + ")"})
	svc := klant.New(d)
	switch sub {
	case "list":
		list, err := svc.ListAPITokens(ctx)
		if err != nil {
			return err
		}
		if len(list) == 0 {
			fmt.Fprintln(stdout, "Er zijn nog geen tokens voor de Klantinteracties API.")
			return nil
		}
		tw := tabwriter.NewWriter(stdout, 2, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tNAAM\tACTIEF\tAANGEMAAKT")
		for _, t := range list {
			actief := "ja"
			if !t.Actief {
				actief = "nee (ingetrokken)"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", t.ID, t.Naam, actief, t.CreatedAt.Format("2006-01-02 15:04"))
		}
		return tw.Flush()
	case "revoke":
		if err := svc.RevokeAPIToken(ctx, id); err != nil {
			return cliError(err)
		}
		fmt.Fprintf(stdout, "Token %s ingetrokken; hij werkt niet meer.\n", id)
		return nil
	}
	key, t, err := svc.CreateAPIToken(ctx, naam)
	if err != nil {
		return cliError(err)
	}
	fmt.Fprintf(stdout, "Token voor %q aangemaakt (id %s).\n", t.Naam, t.ID)
	fmt.Fprintf(stdout, "Sleutel (wordt niet nog eens getoond): %s\n", key)
	fmt.Fprintf(stdout, "Gebruik: Authorization: Token %s\n", key)
	return nil
}
