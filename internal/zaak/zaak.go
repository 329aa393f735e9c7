// Package zaak is the zaak domain: zaken and their parts (statussen,
// resultaat, rollen, eigenschappen, zaakobjecten, relaties), the legal clock
// (Awb 4:13 decision term, 4:15 opschorting, verlenging, 4:17 dwangsom) and
// the service-norm instances N1–N8 of DESIGN §4.2.
//
// Every change runs in one transaction (db.DB.Tx) together with its audit
// rows and the norm updates it causes, so a change and its consequences
// commit together or not at all. HTTP handlers, pages and jobs all call these
// functions; the rules live here and nowhere else.
package zaak

import (
	"context"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gemeenten/loket/internal/audit"
	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/event"
)

// Service holds what the zaak domain needs: the database, a clock and the
// calendars. Build it with New and override fields before first use.
type Service struct {
	DB *db.DB
	// Now is the clock; every date rule (registratiedatum, "not in the
	// future", norm due dates, sweeps) asks it, never time.Now.
	Now func() time.Time
	// MayReopen decides whether the actor may set a non-final status on a
	// closed zaak (zrc-008). The default allows teamleider and beheerder
	// staff and API applications — the API layer checks the zaken.heropenen
	// scope before it calls, so an application that gets here has it.
	MayReopen func(ctx context.Context, a audit.Actor) bool
	// AtRiskWerkdagen is how many operational werkdagen ahead SweepNorms
	// looks when it counts open norms "at risk" (default 2).
	AtRiskWerkdagen int
	// CalendarTTL is how long the operational calendar (kalender_dagen) is
	// cached before it is read again (default one minute).
	CalendarTTL time.Duration
	// Events receives every change in its transaction (ZGW notifications,
	// letters); nil means nobody listens.
	Events event.Sink
	// APICountMaxAge bounds how long a cached Zaken API count may miss a
	// change made by another process (default DefaultAPICountMaxAge;
	// negative turns the cache off). Changes in this process are never
	// missed (api_count.go).
	APICountMaxAge time.Duration

	calMu sync.Mutex
	cal   *calendarCache
	// NoGroupCommit turns off group commit of concurrent creates on SQLite
	// (see group.go).
	NoGroupCommit bool

	group   db.Group
	stmts   sync.Map // query → *sql.Stmt on the SQLite writer (see txq)
	wanted  sync.Map // queries to prepare before the next transaction
	nWanted atomic.Int64
}

// New returns a Service on d with the real clock.
func New(d *db.DB) *Service {
	s := &Service{DB: d, Now: time.Now}
	// The leader of a group commit prepares wanted statements before its
	// batch: preparing needs the writer, which the batch then holds.
	s.group.Before = s.warm
	return s
}

// DefaultMayReopen is the default reopening permission: teamleider or
// beheerder staff, or an API application (whose zaken.heropenen scope the
// API layer has checked).
func DefaultMayReopen(_ context.Context, a audit.Actor) bool {
	return a.Kind == "applicatie" || a.HasRole("teamleider", "beheerder")
}

func (s *Service) now() time.Time {
	if s.Now == nil {
		return time.Now().UTC()
	}
	return s.Now().UTC()
}

func (s *Service) mayReopen(ctx context.Context) bool {
	f := s.MayReopen
	if f == nil {
		f = DefaultMayReopen
	}
	return f(ctx, audit.ActorFrom(ctx))
}

type forceKey struct{}

// WithForcedUpdate marks ctx as allowed to change the parts of a closed zaak
// (the ZGW scope zaken.geforceerd-bijwerken; staff pages use it for
// beheerders). Without it, changes to a closed zaak are a Conflict.
func WithForcedUpdate(ctx context.Context) context.Context {
	return context.WithValue(ctx, forceKey{}, true)
}

func forced(ctx context.Context) bool { v, _ := ctx.Value(forceKey{}).(bool); return v }

// Kanalen are the intake channels Loket records on a zaak.
var Kanalen = []string{"balie", "telefoon", "email", "post", "webformulier", "chat", "social_media", "api"}

// Vertrouwelijkheidaanduidingen of ZGW, from open to secret.
var Vertrouwelijkheidaanduidingen = []string{"openbaar", "beperkt_openbaar", "intern", "zaakvertrouwelijk",
	"vertrouwelijk", "confidentieel", "geheim", "zeer_geheim"}

// Betalingsindicaties of ZGW.
var Betalingsindicaties = []string{"nvt", "nog_niet", "gedeeltelijk", "geheel"}

// Archiefnominaties and archiefstatussen of ZGW.
var (
	Archiefnominaties = []string{"blijvend_bewaren", "vernietigen"}
	Archiefstatussen  = []string{"nog_te_archiveren", "gearchiveerd", "gearchiveerd_procestermijn_onbekend", "overgedragen"}
)

// AardRelaties of relevanteAndereZaken.
var AardRelaties = []string{"vervolg", "onderwerp", "bijdrage", "overig"}

// ObjectTypen is the objectType enum of ZaakObject (ZGW Zaken API).
var ObjectTypen = []string{"adres", "besluit", "buurt", "enkelvoudig_document", "gemeente",
	"gemeentelijke_openbare_ruimte", "huishouden", "inrichtingselement", "kadastrale_onroerende_zaak",
	"kunstwerkdeel", "maatschappelijke_activiteit", "medewerker", "natuurlijk_persoon",
	"niet_natuurlijk_persoon", "openbare_ruimte", "organisatorische_eenheid", "pand", "spoorbaandeel",
	"status", "terreindeel", "terrein_gebouwd_object", "vestiging", "waterdeel", "wegdeel", "wijk",
	"woonplaats", "woz_deelobject", "woz_object", "woz_waarde", "zakelijk_recht", "overige"}

// BetrokkeneTypen of Rol.
var BetrokkeneTypen = []string{"natuurlijk_persoon", "niet_natuurlijk_persoon", "vestiging",
	"organisatorische_eenheid", "medewerker"}

func oneOf(v string, list []string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

func nullStr(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func nullDate(d date.Date) any {
	if d.IsZero() {
		return nil
	}
	return d
}

func trim(s string) string { return strings.TrimSpace(s) }

// errClosed is returned for changes to the parts of a closed zaak.
func errClosed() error {
	return errs.E(errs.Conflict, "zaak-afgesloten", "De zaak is afgesloten en kan niet meer worden gewijzigd.")
}
