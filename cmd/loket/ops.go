package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/gemeenten/loket/internal/config"
	"github.com/gemeenten/loket/internal/db"
)

// openDB opens and migrates the configured database.
func openDB(ctx context.Context, c config.Config, stderr io.Writer) (*db.DB, error) {
	d, err := db.Open(ctx, c.DatabaseURL)
	if err != nil {
		return nil, err
	}
	if err := d.Migrate(ctx, newLogger(c, stderr)); err != nil {
		d.Close()
		return nil, err
	}
	return d, nil
}

func cmdMigrate(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	c, _, err := config.Load("migrate", args, getenv, stderr, 0)
	if err != nil {
		return err
	}
	d, err := db.Open(ctx, c.DatabaseURL)
	if err != nil {
		return err
	}
	defer d.Close()
	pending, err := d.Pending(ctx)
	if err != nil {
		return err
	}
	if err := d.Migrate(ctx, newLogger(c, stderr)); err != nil {
		return err
	}
	if len(pending) == 0 {
		fmt.Fprintf(stdout, "Het schema (%s) is al bij.\n", d.Engine)
		return nil
	}
	for _, v := range pending {
		fmt.Fprintf(stdout, "toegepast: %s\n", v)
	}
	fmt.Fprintf(stdout, "%d migratie(s) toegepast op %s.\n", len(pending), d.Engine)
	return nil
}

// cmdBackup makes a consistent copy while Loket runs. SQLite's VACUUM INTO
// reads one snapshot under WAL, so writers carry on; PostgreSQL has its own
// tool for this, which we point to rather than imitate.
func cmdBackup(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("loket backup", flag.ContinueOnError)
	fs.SetOutput(stderr)
	to := fs.String("to", "", "doelbestand (standaard <data>/backups/loket-<tijdstip>.db)")
	rest := splitFlags(fs, args)
	if err := fs.Parse(rest.own); err != nil {
		return err
	}
	c, _, err := config.Load("backup", rest.common, getenv, stderr, 0)
	if err != nil {
		return err
	}
	if c.Engine() == db.Postgres {
		fmt.Fprintf(stdout, `Loket draait op PostgreSQL. Maak een consistente kopie met pg_dump, die één
momentopname leest terwijl Loket blijft werken:

  pg_dump --format=custom --file=loket-$(date +%%Y%%m%%d-%%H%%M).dump '%s'

Terugzetten: pg_restore --clean --if-exists --dbname=<doel-URL> loket-….dump
De documenten staan in %s: kopieer die map mee (bijv. met rsync).
`, db.Redact(c.DatabaseURL), c.DocumentsDir())
		return nil
	}
	if *to == "" {
		*to = filepath.Join(c.DataDir, "backups", "loket-"+time.Now().UTC().Format("20060102-150405")+".db")
	}
	if _, err := os.Stat(*to); err == nil {
		return fmt.Errorf("--to %s bestaat al; kies een nieuw bestand", *to)
	}
	if _, err := os.Stat(c.DatabaseURL); err != nil {
		return fmt.Errorf("geen database gevonden op %s: %w", c.DatabaseURL, err)
	}
	if err := os.MkdirAll(filepath.Dir(*to), 0o750); err != nil {
		return err
	}
	d, err := db.Open(ctx, c.DatabaseURL)
	if err != nil {
		return err
	}
	defer d.Close()
	// VACUUM INTO only reads the source, but SQLite refuses it on a
	// query_only connection, so it runs on this process's writer; the
	// server's own writer (another process) is not held up by it.
	if _, err := d.W.ExecContext(ctx, `VACUUM INTO $1`, *to); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	fi, err := os.Stat(*to)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Kopie gemaakt: %s (%.1f MB). De documenten staan in %s: kopieer die map mee.\n",
		*to, float64(fi.Size())/1e6, c.DocumentsDir())
	return nil
}

// splitFlags separates a subcommand's own flags from the common ones
// (--data, --database, --log-*), so both flag sets can parse their part.
type split struct{ own, common []string }

func splitFlags(own *flag.FlagSet, args []string) split {
	var s split
	for i := 0; i < len(args); i++ {
		a := args[i]
		name := a
		for len(name) > 0 && name[0] == '-' {
			name = name[1:]
		}
		hasValue := false
		if eq := indexByte(name, '='); eq >= 0 {
			name, hasValue = name[:eq], true
		}
		dst := &s.common
		if f := own.Lookup(name); f != nil || name == "h" || name == "help" {
			dst = &s.own
			if f != nil {
				if bf, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && bf.IsBoolFlag() {
					hasValue = true
				}
			}
		}
		*dst = append(*dst, a)
		if !hasValue && a != "" && a[0] == '-' && i+1 < len(args) && name != "h" && name != "help" {
			i++
			*dst = append(*dst, args[i])
		}
	}
	return s
}

func indexByte(s string, c byte) int {
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			return i
		}
	}
	return -1
}
