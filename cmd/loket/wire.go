package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"path/filepath"
	"strings"
	"time"

	"github.com/riverqueue/river"

	"github.com/gemeenten/loket/internal/audit"
	"github.com/gemeenten/loket/internal/auth"
	"github.com/gemeenten/loket/internal/backoffice"
	"github.com/gemeenten/loket/internal/besluit"
	"github.com/gemeenten/loket/internal/blob"
	"github.com/gemeenten/loket/internal/brief"
	"github.com/gemeenten/loket/internal/burger"
	"github.com/gemeenten/loket/internal/catalogus"
	"github.com/gemeenten/loket/internal/config"
	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/demo"
	"github.com/gemeenten/loket/internal/document"
	"github.com/gemeenten/loket/internal/eform"
	"github.com/gemeenten/loket/internal/event"
	"github.com/gemeenten/loket/internal/jobs"
	"github.com/gemeenten/loket/internal/kennis"
	"github.com/gemeenten/loket/internal/klant"
	"github.com/gemeenten/loket/internal/klantinteracties"
	"github.com/gemeenten/loket/internal/mail"
	"github.com/gemeenten/loket/internal/notificaties"
	"github.com/gemeenten/loket/internal/notificaties/nrcapi"
	"github.com/gemeenten/loket/internal/web"
	"github.com/gemeenten/loket/internal/zgw"
	"github.com/gemeenten/loket/internal/zgw/autorisaties"
	"github.com/gemeenten/loket/internal/zgw/besluiten"
	"github.com/gemeenten/loket/internal/zgw/catalogi"
	"github.com/gemeenten/loket/internal/zgw/documenten"
	"github.com/gemeenten/loket/internal/zgw/referentielijsten"
	"github.com/gemeenten/loket/internal/zgw/zaken"
)

// services are the domain services of one running Loket, wired to each
// other through their event sinks and the job queue.
type services struct {
	catalogus *catalogus.Store
	docs      *document.Service
	besluiten *besluit.Service
	notif     *notificaties.Service
	mail      *mail.Service
	brieven   *brief.Service
	office    *backoffice.Service
	klant     *klant.Service
	kennis    *kennis.Service
	burger    *burger.Service
	forms     *eform.Service
	apiStore  *zgw.Store
	// The report and KTO sections wire themselves (wire_rapportage.go, wire_kto.go).
	reportDeps web.ReportDeps
	ktoDeps    web.KTODeps
}

// wire builds every service on the database and queue, connects the sinks
// (a change queues its ZGW notification, its letters and its e-mails in its
// own transaction) and registers the background workers.
func (a *app) wire(ctx context.Context, c config.Config, blobs *blob.Dir, authSvc *auth.Service) (*services, error) {
	d, q, now, log := a.db, a.queue, a.now, a.log
	s := &services{}
	gemeente := municipality(ctx, d)

	s.catalogus = catalogus.New(d, now)
	s.docs = document.New(d, blobs, now)
	s.besluiten = besluit.New(d, now)

	s.notif = notificaties.New(d, c.BaseURL, q)
	s.notif.Now, s.notif.Log = now, log
	s.notif.Register(q)

	s.mail = mail.New(d, q, mail.Config{Host: c.SMTP.Host, Port: c.SMTP.Port, Username: c.SMTP.Username,
		Password: c.SMTP.Password, From: c.SMTP.From, TLS: c.SMTP.TLS}, now, log)
	s.mail.Register(q, c.SweepInterval)

	s.brieven = brief.New(d, a.zaken, s.docs, s.mail, q, now, log)
	s.brieven.Gemeente = gemeente
	s.brieven.Register(q, c.SweepInterval)

	s.office = backoffice.New(d, a.zaken, s.mail, now, log)
	s.office.WarnWerkdagen = c.WarnWerkdagen
	s.office.BaseURL = c.BaseURL
	s.office.Register(q, c.SweepInterval)

	s.klant = klant.New(d)
	s.klant.Now = now
	s.kennis = kennis.New(d)
	s.kennis.Now = now
	jobs.AddWorker(q, &kennis.EscalationWorker{DB: d, Klant: s.klant, Now: now, Notify: escalationMail(d, s.mail, c.BaseURL)})
	q.Periodic(c.SweepInterval, kennis.EscalateArgs{}, true)

	s.burger = burger.New(d, authSvc.Sign, burger.Config{SecureCookies: c.SecureCookies, Simulation: c.Demo, Now: now,
		Logger: log, OIDC: burgerOIDC(c)})

	uploads, err := blob.NewDir(filepath.Join(c.DataDir, "formulieren"))
	if err != nil {
		return nil, err
	}
	s.forms = &eform.Service{DB: d, Zaken: a.zaken, Docs: s.docs, Klant: s.klant, Blobs: uploads, Queue: q, Now: now, Log: log,
		Bronorganisatie: demo.RSIN}
	if rsin := setting(ctx, a, "gemeente_rsin"); rsin != "" {
		s.forms.Bronorganisatie = rsin
	}
	s.forms.Register(q)
	jobs.AddWorker(q, &formSweepWorker{forms: s.forms, log: log})
	q.Periodic(24*time.Hour, formSweepArgs{}, false)

	s.apiStore = &zgw.Store{DB: d, Now: now, Events: s.notif}

	statusMail := &burger.StatusMailer{Mail: s.mail, Base: c.BaseURL, Gemeente: gemeente}
	a.zaken.Events = event.Multi(s.notif, s.brieven.Sink(), statusMail)
	s.docs.Events = s.notif
	s.besluiten.Events = event.Multi(s.notif, s.brieven.Sink())
	s.catalogus.Events = s.notif
	s.klant.Events = s.notif
	if s.reportDeps, err = a.wireRapportage(ctx, c, s); err != nil {
		return nil, fmt.Errorf("rapportage: %w", err)
	}
	if s.ktoDeps, err = a.wireKTO(ctx, c, s); err != nil {
		return nil, fmt.Errorf("kto: %w", err)
	}
	return s, nil
}

func burgerOIDC(c config.Config) *burger.OIDCConfig {
	b := c.BurgerOIDC
	if !b.Enabled() {
		return nil
	}
	return &burger.OIDCConfig{IssuerURL: b.Issuer, ClientID: b.ClientID, ClientSecret: b.ClientSecret, RedirectURL: b.RedirectURL,
		BSNClaim: b.BSNClaim, KvKClaim: b.KvKClaim, LevelClaim: b.NiveauClaim, NameClaim: b.NaamClaim, ActingForBSNClaim: b.NamensBSNClaim}
}

func setting(ctx context.Context, a *app, key string) string {
	var v string
	_ = a.db.R.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = $1`, key).Scan(&v)
	return v
}

// mountAPIs serves the standard APIs on mux. References between them (a
// zaak's zaaktype, a document's informatieobjecttype, a selectielijst URL)
// resolve in-process through mux itself, without an HTTP round trip.
func (a *app) mountAPIs(mux *http.ServeMux, c config.Config, s *services) error {
	env := &zgw.Env{DB: a.db, Base: c.BaseURL, Now: a.now, Log: a.log, Auth: zgw.NewAuthorizer(a.db, a.now, a.log),
		HTTP: &http.Client{Timeout: 10 * time.Second}}
	remotes, err := zgw.ParseRemotes(c.ZGWRemotes)
	if err != nil {
		return fmt.Errorf("LOKET_ZGW_REMOTES: %w", err)
	}
	env.Remotes = remotes
	if err := referentielijsten.Mount(mux, env); err != nil {
		return fmt.Errorf("referentielijsten: %w", err)
	}
	env.Mount(mux, catalogi.Prefix, zgw.ZTC, catalogi.APIVersion,
		catalogi.Handler(env, s.catalogus, catalogi.Options{SelectielijstBase: c.SelectielijstURL, Local: mux}))
	env.Mount(mux, "/zaken/api/v1", zgw.ZRC, "1.5.1", zaken.Handler(env, a.zaken, s.docs, s.besluiten, zaken.Options{Local: mux}))
	env.Mount(mux, "/documenten/api/v1", zgw.DRC, "1.4.3", documenten.Handler(env, s.docs, documenten.Options{Local: mux}))
	env.Mount(mux, "/besluiten/api/v1", zgw.BRC, "1.0.2", besluiten.Handler(env, s.besluiten))
	env.Mount(mux, "/autorisaties/api/v1", zgw.AC, "1.0.0", autorisaties.Handler(env, s.apiStore))
	env.Mount(mux, "/notificaties/api/v1", zgw.NRC, "1.0.0", nrcapi.Handler(env, s.notif))
	// Klantinteracties authenticates with its own tokens (as Open Klant).
	mux.Handle(klantinteracties.Prefix+"/", http.StripPrefix(klantinteracties.Prefix, klantinteracties.Handler(env, s.klant)))
	return nil
}

// pageDeps are the pages' dependencies.
func (a *app) pageDeps(c config.Config, s *services, authSvc *auth.Service) web.Deps {
	return web.Deps{DB: a.db, Log: a.log, Auth: authSvc, Zaken: a.zaken, Documents: s.docs, Besluiten: s.besluiten,
		Jobs: a.queue, OnCalendarChange: a.zaken.ReloadCalendar, Now: a.now,
		Config: web.Config{Municipality: municipality(context.Background(), a.db), Demo: c.Demo, BaseURL: c.BaseURL,
			Thema: web.Thema{Kleur: c.Thema.Kleur, Logo: c.Thema.Logo}},
		KCC:     web.KCCDeps{Kennis: s.kennis, Klant: s.klant},
		Back:    web.BackDeps{Office: s.office, Brieven: s.brieven, Mail: s.mail},
		API:     web.APIDeps{Store: s.apiStore},
		Notify:  web.NotifyDeps{Service: s.notif},
		Citizen: web.CitizenDeps{Burger: s.burger, Klant: s.klant},
		Forms:   web.FormDeps{Forms: s.forms},
		Public:  web.PublicDeps{Kennis: s.kennis},
		Report:  s.reportDeps,
		KTO:     s.ktoDeps,
	}
}

// formSweepArgs is the daily job that removes expired form drafts and the
// uploads nothing needs any more.
type formSweepArgs struct{}

func (formSweepArgs) Kind() string { return "formulier_sweep" }

type formSweepWorker struct {
	river.WorkerDefaults[formSweepArgs]
	forms *eform.Service
	log   *slog.Logger
}

func (w *formSweepWorker) Work(ctx context.Context, job *river.Job[formSweepArgs]) error {
	ctx = audit.WithActor(ctx, audit.System("formulier_sweep"))
	drafts, files, err := w.forms.Sweep(ctx, time.Hour)
	if err != nil {
		return fmt.Errorf("form sweep: %w", err)
	}
	w.log.InfoContext(ctx, "form sweep done", "drafts", drafts, "files", files)
	return nil
}

// loadDemoExtras adds what the demo has beyond the core (the klant register,
// the knowledge base, letter templates, e-forms and API clients). Each part
// keeps what exists, so it runs on every start of a demo database — and
// only there: a database that holds real data never gets demo content.
func loadDemoExtras(ctx context.Context, d *db.DB, forms *eform.Service, store *zgw.Store, base string, now time.Time, out io.Writer) error {
	var marker string
	err := d.R.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = $1`, demo.LoadedSetting).Scan(&marker)
	if errors.Is(err, sql.ErrNoRows) || marker == "bezig" {
		// Not a demo database, or a demo load that was interrupted: adding
		// the extras to half a demo would only hide that.
		return nil
	}
	if err != nil {
		return err
	}
	steps := []struct {
		name string
		fn   func() error
	}{
		{"klantregister", func() error { return demo.LoadKlant(ctx, d, now, out) }},
		{"kennisbank", func() error { return demo.LoadKennis(ctx, d, now, out) }},
		{"briefsjablonen", func() error { return demo.LoadBrieven(ctx, d, now, out) }},
		{"formulieren", func() error { return demo.LoadFormulieren(ctx, forms, out) }},
		{"API-clients", func() error { _, err := demo.APIClients(ctx, d, store, base, out); return err }},
		{"klanttevredenheid", func() error { return demo.LoadKTO(ctx, d, now, out) }},
	}
	for _, s := range steps {
		if err := s.fn(); err != nil {
			return fmt.Errorf("demo %s: %w", s.name, err)
		}
	}
	return nil
}

// escalationMail tells a team's leads by e-mail that a contactverzoek is
// overdue: the message is queued in the outbox (sent by a durable job).
func escalationMail(d *db.DB, m *mail.Service, base string) func(context.Context, klant.InterneTaak, []kennis.Teamleider) error {
	return func(ctx context.Context, t klant.InterneTaak, leads []kennis.Teamleider) error {
		return d.Tx(ctx, func(tx *sql.Tx) error {
			for _, l := range leads {
				if l.Email == "" {
					continue
				}
				due := ""
				if t.UiterlijkOp != nil {
					due = " (afgesproken: uiterlijk " + t.UiterlijkOp.In(date.Amsterdam).Format("02-01-2006 15:04") + ")"
				}
				text := fmt.Sprintf("Beste %s,\n\nHet contactverzoek %s is te laat%s.\nGevraagd: %s\n%s\n\nOpen de wachtrij: %s/kcc/contactverzoeken\n",
					l.Naam, t.Nummer, due, t.GevraagdeHandeling, t.Toelichting, strings.TrimRight(base, "/"))
				if _, err := m.QueueTx(ctx, tx, mail.Message{To: l.Email, Subject: "Contactverzoek " + t.Nummer + " is te laat",
					Text: text, Bron: "escalatie:" + t.ID}); err != nil {
					return err
				}
			}
			return nil
		})
	}
}
