package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/gemeenten/loket/internal/blob"
	"github.com/gemeenten/loket/internal/config"
	"github.com/gemeenten/loket/internal/demo"
	"github.com/gemeenten/loket/internal/eform"
	"github.com/gemeenten/loket/internal/seed"
	"github.com/gemeenten/loket/internal/termijn"
	"github.com/gemeenten/loket/internal/zgw"
)

func cmdTermijn(args []string, stdout, stderr io.Writer) error {
	if err := termijn.CLI(args, stdout, stderr); err != nil {
		return fmt.Errorf("termijn: %w", err)
	}
	return nil
}

func cmdDemo(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	c, _, err := config.Load("demo", args, getenv, stderr, 0)
	if err != nil {
		return err
	}
	d, err := openDB(ctx, c, stderr)
	if err != nil {
		return err
	}
	defer d.Close()
	blobs, err := blob.NewDir(c.DocumentsDir())
	if err != nil {
		return err
	}
	start := time.Now()
	err = demo.Load(ctx, d, time.Now(), demo.Options{Log: stdout, Blobs: blobs})
	if errors.Is(err, demo.ErrNotEmpty) {
		return fmt.Errorf("de database bevat al gegevens; de demogemeente wordt alleen in een lege database geladen (kies een andere --data of LOKET_DATABASE_URL)")
	}
	if err != nil {
		return err
	}
	// The API clients' autorisaties name zaaktype URLs: use the address the
	// demo will be served on.
	base := strings.TrimRight(getenv("LOKET_BASE_URL"), "/")
	if base == "" {
		base = "http://127.0.0.1:8080"
	}
	if err := loadDemoExtras(ctx, d, &eform.Service{DB: d}, &zgw.Store{DB: d}, base, time.Now(), stdout); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Gemeente Voorbeeld geladen in %s (%s).\n", time.Since(start).Round(time.Millisecond), d.Engine)
	return nil
}

func cmdSeed(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("loket seed", flag.ContinueOnError)
	fs.SetOutput(stderr)
	zaken := fs.Int("zaken", 0, "aantal zaken")
	contacten := fs.Int("klantcontacten", 0, "aantal klantcontacten")
	seedN := fs.Uint64("seed", 1, "startwaarde van de toevalsgenerator (zelfde waarde, zelfde verhoudingen)")
	rest := splitFlags(fs, args)
	if err := fs.Parse(rest.own); err != nil {
		return err
	}
	if *zaken < 0 || *contacten < 0 || *zaken+*contacten == 0 {
		return &config.Error{Problems: []string{"geef --zaken N en/of --klantcontacten M op (getallen groter dan 0)"}}
	}
	c, _, err := config.Load("seed", rest.common, getenv, stderr, 0)
	if err != nil {
		return err
	}
	d, err := openDB(ctx, c, stderr)
	if err != nil {
		return err
	}
	defer d.Close()
	start := time.Now()
	if err := seed.Run(ctx, d, seed.Options{Zaken: *zaken, Klantcontacten: *contacten, Progress: stdout, Seed: *seedN}); err != nil {
		return err
	}
	el := time.Since(start)
	fmt.Fprintf(stdout, "\n%d zaken en %d klantcontacten geschreven in %s (%s).\n", *zaken, *contacten, el.Round(time.Millisecond), d.Engine)
	return nil
}
