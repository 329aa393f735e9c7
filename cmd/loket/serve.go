package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/riverqueue/river"

	"github.com/gemeenten/loket/internal/audit"
	"github.com/gemeenten/loket/internal/auth"
	"github.com/gemeenten/loket/internal/blob"
	"github.com/gemeenten/loket/internal/config"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/demo"
	"github.com/gemeenten/loket/internal/document"
	"github.com/gemeenten/loket/internal/jobs"
	"github.com/gemeenten/loket/internal/server"
	"github.com/gemeenten/loket/internal/web"
	"github.com/gemeenten/loket/internal/zaak"
)

// app is the wired program: everything serve runs, built once so that tests
// can start exactly what an operator starts.
type app struct {
	cfg    config.Config
	log    *slog.Logger
	db     *db.DB
	queue  *jobs.Queue
	srv    *server.Server
	zaken  *zaak.Service
	now    func() time.Time
	closed bool
}

func cmdServe(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	c, _, err := config.Load("serve", args, getenv, stderr, config.FlagServe)
	if err != nil {
		return err
	}
	a, err := start(ctx, c, stdout, stderr, time.Now)
	if err != nil {
		return err
	}
	printWelcome(stdout, a)
	errc := make(chan error, 1)
	go func() { errc <- a.srv.Serve() }()
	select {
	case <-ctx.Done():
		a.log.Info("stopping: finishing requests and running jobs", "timeout", c.ShutdownTimeout.String())
	case err = <-errc:
		if err != nil {
			a.log.Error("server stopped", "err", err)
		}
	}
	stopErr := a.stop(c.ShutdownTimeout)
	return errors.Join(err, stopErr)
}

// start opens and migrates the database, loads the demo when asked and the
// database is empty, starts the job queue and listens. It does not serve yet.
func start(ctx context.Context, c config.Config, stdout, stderr io.Writer, now func() time.Time) (*app, error) {
	log := newLogger(c, stderr)
	d, err := openDB(ctx, c, stderr)
	if err != nil {
		return nil, err
	}
	a := &app{cfg: c, log: log, db: d, now: now}
	ok := false
	defer func() {
		if !ok {
			a.stop(5 * time.Second)
		}
	}()

	blobs, err := blob.NewDir(c.DocumentsDir())
	if err != nil {
		return nil, err
	}

	if c.Demo {
		opts := demo.Options{Log: stdout, Blobs: blobs}
		switch err := demo.Load(ctx, d, now(), opts); {
		case errors.Is(err, demo.ErrNotEmpty) && demo.Interrupted(ctx, d):
			// A first start that was stopped halfway: say so plainly rather
			// than serve half a demo as if it were whole.
			log.Warn("demo: an earlier load of the demo municipality was interrupted; the demo is incomplete — stop, remove the data directory and start again",
				"data", c.DataDir)
			fmt.Fprintf(stdout, "Let op: het laden van de demogemeente is eerder afgebroken. Stop Loket, verwijder %s en start opnieuw.\n", c.DataDir)
		case errors.Is(err, demo.ErrNotEmpty):
			log.Info("demo: database already has data; nothing loaded")
		case err != nil:
			return nil, fmt.Errorf("load demo municipality: %w", err)
		default:
			log.Info("demo: Gemeente Voorbeeld loaded")
		}
	}

	a.zaken = zaak.New(d)
	a.zaken.Now = now

	a.queue, err = jobs.New(d, log, jobs.Config{Workers: c.Workers})
	if err != nil {
		return nil, err
	}

	var oidc *auth.OIDCConfig
	if c.OIDC.Enabled() {
		oidc = &auth.OIDCConfig{IssuerURL: c.OIDC.Issuer, ClientID: c.OIDC.ClientID, ClientSecret: c.OIDC.ClientSecret,
			RedirectURL: c.OIDC.RedirectURL, RolesClaim: c.OIDC.RolesClaim}
	}
	authSvc, err := auth.New(ctx, d, auth.Config{SecureCookies: c.SecureCookies, OIDC: oidc, Now: now, Logger: log})
	if err != nil {
		return nil, fmt.Errorf("staff login: %w", err)
	}
	svc, err := a.wire(ctx, c, blobs, authSvc)
	if err != nil {
		return nil, err
	}
	if c.Demo {
		if err := loadDemoExtras(ctx, d, svc.forms, svc.apiStore, c.BaseURL, now(), stdout); err != nil {
			return nil, fmt.Errorf("load demo municipality: %w", err)
		}
	}

	jobs.AddWorker(a.queue, &normSweepWorker{zaken: a.zaken, now: now, log: log})
	a.queue.Periodic(c.SweepInterval, normSweepArgs{}, true)
	jobs.AddWorker(a.queue, &blobSweepWorker{docs: svc.docs, log: log})
	a.queue.Periodic(24*time.Hour, blobSweepArgs{}, false)

	pages, err := web.New(a.pageDeps(c, svc, authSvc))
	if err != nil {
		return nil, err
	}

	mux := http.NewServeMux()
	health := server.Health(d)
	mux.Handle("GET /healthz", health)
	mux.Handle("GET /readyz", health)
	if err := a.mountAPIs(mux, c, svc); err != nil {
		return nil, err
	}
	mux.Handle("/", pages)

	if err := a.queue.Start(ctx); err != nil {
		return nil, fmt.Errorf("start job queue: %w", err)
	}
	a.srv, err = server.New(c.Addr, mux, log, c.SecureCookies)
	if err != nil {
		return nil, err
	}
	log.Info("loket started", "addr", a.srv.Addr(), "engine", d.Engine, "version", versionString())
	ok = true
	return a, nil
}

// stop ends in the right order: no new requests, running requests finish,
// then running jobs finish, then the database closes.
func (a *app) stop(timeout time.Duration) error {
	if a.closed {
		return nil
	}
	a.closed = true
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	var errs []error
	if a.srv != nil {
		errs = append(errs, a.srv.Shutdown(ctx))
	}
	if a.queue != nil {
		errs = append(errs, a.queue.Stop(ctx))
	}
	if a.db != nil {
		errs = append(errs, a.db.Close())
	}
	return errors.Join(errs...)
}

func municipality(ctx context.Context, d *db.DB) string {
	var naam string
	if err := d.R.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = 'gemeente_naam'`).Scan(&naam); err == nil && naam != "" {
		return naam
	}
	return "Gemeente Voorbeeld"
}

func printWelcome(w io.Writer, a *app) {
	base := a.cfg.BaseURL
	if strings.HasSuffix(a.cfg.Addr, ":0") {
		base = "http://" + a.srv.Addr()
	}
	fmt.Fprintf(w, "\nLoket draait op %s (%s, database %s).\n\n", base, versionString(), a.db.Engine)
	fmt.Fprintf(w, "  Publieke site        %s/\n", base)
	fmt.Fprintf(w, "  Mijn gemeente (PIP)  %s/mijn\n", base)
	fmt.Fprintf(w, "  Inloggen medewerkers %s/login   (KCC %s/kcc, werkvoorraad %s/behandelen, beheer %s/beheer)\n", base, base, base, base)
	fmt.Fprintf(w, "  ZGW-API's            %s/zaken/api/v1  /catalogi/api/v1  /documenten/api/v1  /besluiten/api/v1\n", base)
	fmt.Fprintf(w, "                       /autorisaties/api/v1  /notificaties/api/v1  /referentielijsten/api/v1  /klantinteracties/api/v1\n")
	fmt.Fprintf(w, "  Gezondheid           %s/healthz  %s/readyz\n", base, base)
	if a.cfg.Demo {
		fmt.Fprintf(w, "\nDigiD-simulatie (alleen in de demo): %s/mijn/inloggen — kies een verzonnen inwoner of bedrijf.\n", base)
	}
	if a.cfg.Demo {
		fmt.Fprintf(w, "\nDemo-accounts (alleen voor de demo):\n")
		accounts := demo.Accounts()
		shown := 0
		for _, acc := range accounts {
			// One account per role is enough to get going; the rest are
			// colleagues in the teams, with the same password pattern.
			if shown >= 5 {
				break
			}
			shown++
			rollen := make([]string, len(acc.Rollen))
			for i, r := range acc.Rollen {
				rollen[i] = auth.RoleLabel(r)
			}
			team := acc.Team
			if team == "" {
				team = "geen team"
			}
			fmt.Fprintf(w, "  %-13s %-20s %s — %s (%s)\n", acc.Username, acc.Password, acc.Naam, strings.Join(rollen, ", "), team)
		}
		if len(accounts) > shown {
			fmt.Fprintf(w, "  … en %d collega's in de teams (wachtwoorden op de inlogpagina).\n", len(accounts)-shown)
		}
	}
	fmt.Fprintf(w, "\nStoppen: Ctrl+C (lopende verzoeken en taken worden afgerond).\n\n")
}

// normSweepArgs is the periodic job that marks late service norms.
type normSweepArgs struct{}

func (normSweepArgs) Kind() string { return "norm_sweep" }

type normSweepWorker struct {
	river.WorkerDefaults[normSweepArgs]
	zaken *zaak.Service
	now   func() time.Time
	log   *slog.Logger
}

func (w *normSweepWorker) Work(ctx context.Context, job *river.Job[normSweepArgs]) error {
	ctx = audit.WithActor(ctx, audit.System("norm_sweep"))
	res, err := w.zaken.SweepNorms(ctx, w.now())
	if err != nil {
		return fmt.Errorf("norm sweep: %w", err)
	}
	w.log.InfoContext(ctx, "norm sweep done", "result", fmt.Sprintf("%+v", res))
	return nil
}

// blobSweepArgs is the daily job that removes document files a crash left
// without a database row (written before a transaction that never committed).
type blobSweepArgs struct{}

func (blobSweepArgs) Kind() string { return "blob_sweep" }

type blobSweepWorker struct {
	river.WorkerDefaults[blobSweepArgs]
	docs *document.Service
	log  *slog.Logger
}

func (w *blobSweepWorker) Work(ctx context.Context, job *river.Job[blobSweepArgs]) error {
	// An hour's margin: an upload in progress has a file but no row yet.
	n, err := w.docs.SweepOrphanBlobs(ctx, time.Hour)
	if err != nil {
		return fmt.Errorf("blob sweep: %w", err)
	}
	w.log.InfoContext(ctx, "blob sweep done", "removed", n)
	return nil
}
