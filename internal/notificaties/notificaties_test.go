package notificaties_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers/legacy"

	"github.com/gemeenten/loket/internal/catalogus/catalogustest"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/db/dbtest"
	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/event"
	"github.com/gemeenten/loket/internal/jobs"
	"github.com/gemeenten/loket/internal/notificaties"
	"github.com/gemeenten/loket/internal/zgw/zgwtest"
)

// patience is how long a test waits for a delivery; nothing asserts speed.
const patience = 90 * time.Second

const base = "https://loket.example.nl"

var fixedNow = time.Date(2026, 3, 2, 9, 30, 15, 0, time.UTC)

func testLog() *slog.Logger {
	if testing.Verbose() {
		return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	}
	return slog.New(slog.DiscardHandler)
}

func newQueue(t *testing.T, d *db.DB) *jobs.Queue {
	t.Helper()
	q, err := jobs.New(d, testLog(), jobs.Config{PollInterval: 50 * time.Millisecond})
	if err != nil {
		t.Fatalf("jobs.New: %v", err)
	}
	return q
}

func newService(t *testing.T, d *db.DB, q *jobs.Queue) *notificaties.Service {
	s := notificaties.New(d, base, q)
	s.Now = func() time.Time { return fixedNow }
	s.Log = testLog()
	s.Backoff = func(int) time.Duration { return 0 }
	return s
}

func start(t *testing.T, q *jobs.Queue) {
	t.Helper()
	if err := q.Start(context.Background()); err != nil {
		t.Fatalf("start queue: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := q.Stop(ctx); err != nil {
			t.Errorf("stop queue: %v", err)
		}
	})
}

// received is one request a subscriber got.
type received struct {
	Path        string
	Auth        string
	ContentType string
	Body        string
}

// subscriber is a real HTTP webhook receiver; answer decides the status of
// the n-th request (1-based).
type subscriber struct {
	srv    *httptest.Server
	mu     sync.Mutex
	got    []received
	ch     chan received
	answer func(n int) int
}

func newSubscriber(t *testing.T, answer func(n int) int) *subscriber {
	s := &subscriber{ch: make(chan received, 100), answer: answer}
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		rec := received{Path: r.URL.Path, Auth: r.Header.Get("Authorization"), ContentType: r.Header.Get("Content-Type"), Body: string(b)}
		s.mu.Lock()
		s.got = append(s.got, rec)
		n := len(s.got)
		s.mu.Unlock()
		status := http.StatusNoContent
		if s.answer != nil {
			status = s.answer(n)
		}
		w.WriteHeader(status)
		s.ch <- rec
	}))
	t.Cleanup(s.srv.Close)
	return s
}

func (s *subscriber) next(t *testing.T) received {
	t.Helper()
	select {
	case r := <-s.ch:
		return r
	case <-time.After(patience):
		t.Fatal("the subscriber received nothing")
		return received{}
	}
}

func (s *subscriber) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.got)
}

func emit(t *testing.T, d *db.DB, s *notificaties.Service, c event.Change) {
	t.Helper()
	if err := d.Tx(context.Background(), func(tx *sql.Tx) error {
		return event.Emit(context.Background(), tx, s, c)
	}); err != nil {
		t.Fatalf("emit: %v", err)
	}
}

func zaakChange(id, bron string) event.Change {
	return event.Change{
		Kanaal: "zaken", Resource: "zaak", ResourceID: id, HoofdObject: "zaak", HoofdObjectID: id, Actie: event.Create,
		Kenmerken: map[string]string{
			"bronorganisatie": bron, "zaaktype": "1c0b3a8e-6a6e-4d2b-9c7e-7c9d0d0e0f01", "vertrouwelijkheidaanduiding": "openbaar",
		},
	}
}

// A change committed while no queue runs (the process died right after the
// commit) is delivered by the next queue that starts, with exactly the
// standard's message and the abonnement's Authorization header.
func TestDeliveredAfterCrashBetweenCommitAndDelivery(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		sub := newSubscriber(t, nil)
		crashed := newQueue(t, d) // never started: stands for the dead process
		s := newService(t, d, crashed)
		if _, err := s.CreateAbonnement(ctx, notificaties.Abonnement{
			CallbackURL: sub.srv.URL + "/notificaties", Auth: "Bearer geheim-token",
			Kanalen: []notificaties.FilterGroup{{Naam: "zaken"}},
		}); err != nil {
			t.Fatalf("CreateAbonnement: %v", err)
		}
		emit(t, d, s, zaakChange("5f0e8e4c-4c0d-4a55-9a1e-0d7c8e0b2a11", "002220647"))

		q := newQueue(t, d)
		s2 := newService(t, d, q)
		s2.Register(q)
		start(t, q)

		got := sub.next(t)
		if err := validateWebhook(sub.srv.URL, got); err != nil {
			t.Errorf("the message does not match notificaties-consumer-webhook.yaml: %v", err)
		}
		want := `{"kanaal":"zaken","hoofdObject":"https://loket.example.nl/zaken/api/v1/zaken/5f0e8e4c-4c0d-4a55-9a1e-0d7c8e0b2a11",` +
			`"resource":"zaak","resourceUrl":"https://loket.example.nl/zaken/api/v1/zaken/5f0e8e4c-4c0d-4a55-9a1e-0d7c8e0b2a11",` +
			`"actie":"create","aanmaakdatum":"2026-03-02T09:30:15Z","kenmerken":{"bronorganisatie":"002220647",` +
			`"vertrouwelijkheidaanduiding":"openbaar","zaaktype":"https://loket.example.nl/catalogi/api/v1/zaaktypen/1c0b3a8e-6a6e-4d2b-9c7e-7c9d0d0e0f01"}}`
		if got.Body != want {
			t.Errorf("message:\n got %s\nwant %s", got.Body, want)
		}
		if got.Auth != "Bearer geheim-token" {
			t.Errorf("Authorization = %q", got.Auth)
		}
		if got.ContentType != "application/json" {
			t.Errorf("Content-Type = %q", got.ContentType)
		}
		waitFor(t, func() bool {
			af, err := s.Afleveringen(ctx, false, 10)
			return err == nil && len(af) == 1 && af[0].Gelukt && af[0].StatusCode == 204 && af[0].Poging == 1
		})
	})
}

// Only abonnementen whose filters match the kenmerken get the message; "*"
// matches any value; an abonnement on another kanaal gets nothing.
func TestFilters(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		q := newQueue(t, d)
		s := newService(t, d, q)
		s.Register(q)
		match, other, wildcard, documenten := newSubscriber(t, nil), newSubscriber(t, nil), newSubscriber(t, nil), newSubscriber(t, nil)
		for _, a := range []struct {
			sub *subscriber
			g   notificaties.FilterGroup
		}{
			{match, notificaties.FilterGroup{Naam: "zaken", Filters: map[string]string{"bronorganisatie": "002220647"}}},
			{other, notificaties.FilterGroup{Naam: "zaken", Filters: map[string]string{"bronorganisatie": "123456782"}}},
			{wildcard, notificaties.FilterGroup{Naam: "zaken", Filters: map[string]string{"bronorganisatie": "*", "vertrouwelijkheidaanduiding": "openbaar"}}},
			{documenten, notificaties.FilterGroup{Naam: "documenten"}},
		} {
			if _, err := s.CreateAbonnement(ctx, notificaties.Abonnement{CallbackURL: a.sub.srv.URL, Auth: "Token x", Kanalen: []notificaties.FilterGroup{a.g}}); err != nil {
				t.Fatalf("CreateAbonnement: %v", err)
			}
		}
		start(t, q)
		emit(t, d, s, zaakChange("5f0e8e4c-4c0d-4a55-9a1e-0d7c8e0b2a12", "002220647"))
		match.next(t)
		wildcard.next(t)
		// Both deliveries went out; the fan-out queued them in one
		// transaction, so the others would have been queued with them.
		waitFor(t, func() bool {
			af, _ := s.Afleveringen(ctx, false, 10)
			return len(af) == 2
		})
		if n := other.count(); n != 0 {
			t.Errorf("abonnement with another bronorganisatie got %d messages", n)
		}
		if n := documenten.count(); n != 0 {
			t.Errorf("abonnement on documenten got %d messages", n)
		}
	})
}

// A subscriber answering 500 gets the message again; every attempt is
// recorded for the beheerder.
func TestRetryAfterServerError(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		q := newQueue(t, d)
		s := newService(t, d, q)
		s.Register(q)
		sub := newSubscriber(t, func(n int) int {
			if n == 1 {
				return http.StatusInternalServerError
			}
			return http.StatusNoContent
		})
		if _, err := s.CreateAbonnement(ctx, notificaties.Abonnement{CallbackURL: sub.srv.URL, Auth: "Token x",
			Kanalen: []notificaties.FilterGroup{{Naam: "zaken"}}}); err != nil {
			t.Fatal(err)
		}
		start(t, q)
		emit(t, d, s, zaakChange("5f0e8e4c-4c0d-4a55-9a1e-0d7c8e0b2a13", "002220647"))
		first, second := sub.next(t), sub.next(t)
		if first.Body != second.Body {
			t.Errorf("retry sent another message:\n%s\n%s", first.Body, second.Body)
		}
		waitFor(t, func() bool {
			af, _ := s.Afleveringen(ctx, false, 10)
			return len(af) == 2
		})
		failed, err := s.Afleveringen(ctx, true, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(failed) != 1 || failed[0].StatusCode != 500 || failed[0].Poging != 1 || failed[0].Fout == "" {
			t.Errorf("failed attempts = %+v, want one with status 500 at attempt 1", failed)
		}
		all, _ := s.Afleveringen(ctx, false, 10)
		if !all[0].Gelukt || all[0].Poging != 2 || all[0].Kanaal != "zaken" || all[0].Actie != "create" {
			t.Errorf("newest attempt = %+v, want the successful second one", all[0])
		}
	})
}

// A change that rolls back publishes nothing.
func TestRollbackPublishesNothing(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := newService(t, d, newQueue(t, d))
		subscribe(t, s, "zaken")
		err := d.Tx(ctx, func(tx *sql.Tx) error {
			if err := s.Emit(ctx, tx, zaakChange("5f0e8e4c-4c0d-4a55-9a1e-0d7c8e0b2a14", "002220647")); err != nil {
				return err
			}
			return errs.E(errs.Invalid, "test", "teruggedraaid")
		})
		if !errs.Is(err, errs.Invalid) {
			t.Fatalf("tx error = %v", err)
		}
		var jobsN int
		if err := d.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM river_job`).Scan(&jobsN); err != nil || jobsN != 0 {
			t.Errorf("jobs after rollback = %d (%v), want 0", jobsN, err)
		}
	})
}

// The sink looks up a hoofdobject's kenmerken in the transaction when the
// emitter gives none: a zaaktype's catalogus.
func TestKenmerkenLookedUp(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		zt := catalogustest.Published(t, d)
		s := newService(t, d, newQueue(t, d))
		var m notificaties.Message
		err := d.Tx(ctx, func(tx *sql.Tx) error {
			var err error
			m, err = s.Message(ctx, tx, event.Change{Kanaal: "zaaktypen", Resource: "statustype", ResourceID: "0a6f2d7e-7a58-4b55-8d45-0a1c2b3d4e5f",
				HoofdObject: "zaaktype", HoofdObjectID: zt.ID, Actie: event.Update})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		wantCat := base + "/catalogi/api/v1/catalogussen/" + zt.CatalogusID
		if m.Kenmerken["catalogus"] != wantCat {
			t.Errorf("kenmerken = %v, want catalogus %s", m.Kenmerken, wantCat)
		}
		if m.HoofdObject != base+"/catalogi/api/v1/zaaktypen/"+zt.ID || m.ResourceURL != base+"/catalogi/api/v1/statustypen/0a6f2d7e-7a58-4b55-8d45-0a1c2b3d4e5f" {
			t.Errorf("urls = %s, %s", m.HoofdObject, m.ResourceURL)
		}
	})
}

func waitFor(t *testing.T, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(patience)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatal("condition not reached")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestDefaultKanalen(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := newService(t, d, nil)
		ks, err := s.ListKanalen(context.Background(), "")
		if err != nil {
			t.Fatal(err)
		}
		names := map[string][]string{}
		for _, k := range ks {
			names[k.Naam] = k.Filters
		}
		for _, n := range []string{"zaken", "documenten", "besluiten", "catalogi", "autorisaties", "klantinteracties", "zaaktypen"} {
			if _, ok := names[n]; !ok {
				t.Errorf("kanaal %s missing after migration", n)
			}
		}
		if got, _ := json.Marshal(names["zaken"]); string(got) != `["bronorganisatie","zaaktype","vertrouwelijkheidaanduiding"]` {
			t.Errorf("zaken filters = %s", got)
		}
	})
}

func TestAbonnementValidation(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := newService(t, d, nil)
		_, err := s.CreateAbonnement(ctx, notificaties.Abonnement{
			CallbackURL: "ftp://x", Auth: "",
			Kanalen: []notificaties.FilterGroup{{Naam: "bestaatniet"}, {Naam: "zaken", Filters: map[string]string{"kleur": "rood"}}},
		})
		e := errs.As(err)
		if e == nil || e.Kind != errs.Invalid {
			t.Fatalf("err = %v, want invalid", err)
		}
		want := map[string]string{"callbackUrl": "invalid", "auth": "required", "kanalen.0.naam": "does_not_exist", "kanalen.1.filters.kleur": "kenmerken-inconsistent"}
		for _, f := range e.Fields {
			if want[f.Field] == f.Code {
				delete(want, f.Field)
			}
		}
		if len(want) > 0 {
			t.Errorf("missing field errors %v in %+v", want, e.Fields)
		}
		if abos, _ := s.ListAbonnementen(ctx); len(abos) != 0 {
			t.Errorf("invalid abonnement stored: %+v", abos)
		}
		// Update, then delete.
		a, err := s.CreateAbonnement(ctx, notificaties.Abonnement{CallbackURL: "https://ontvanger.example.nl/cb", Auth: "Token a",
			Kanalen: []notificaties.FilterGroup{{Naam: "zaken"}}})
		if err != nil {
			t.Fatal(err)
		}
		auth := "Token b"
		kan := []notificaties.FilterGroup{{Naam: "besluiten", Filters: map[string]string{"besluittype": "*"}}}
		u, err := s.UpdateAbonnement(ctx, a.ID, notificaties.AbonnementPatch{Auth: &auth, Kanalen: &kan})
		if err != nil {
			t.Fatal(err)
		}
		got, err := s.GetAbonnement(ctx, a.ID)
		if err != nil || got.Auth != "Token b" || got.CallbackURL != a.CallbackURL || len(got.Kanalen) != 1 || got.Kanalen[0].Naam != "besluiten" || u.Kanalen[0].Filters["besluittype"] != "*" {
			t.Errorf("after update: %+v, %v", got, err)
		}
		if err := s.DeleteAbonnement(ctx, a.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.GetAbonnement(ctx, a.ID); !errs.Is(err, errs.NotFound) {
			t.Errorf("after delete: %v, want not found", err)
		}
	})
}

// subscribe takes an abonnement on each kanaal (to an address nobody
// serves: these tests look at what is queued, not at delivery).
func subscribe(t *testing.T, s *notificaties.Service, kanalen ...string) {
	t.Helper()
	var g []notificaties.FilterGroup
	for _, k := range kanalen {
		g = append(g, notificaties.FilterGroup{Naam: k})
	}
	if _, err := s.CreateAbonnement(context.Background(), notificaties.Abonnement{
		CallbackURL: "https://ontvanger.example.nl/callback", Auth: "Token test", Kanalen: g}); err != nil {
		t.Fatalf("CreateAbonnement: %v", err)
	}
}

func count(t *testing.T, d *db.DB, query string) int {
	t.Helper()
	var n int
	if err := d.R.QueryRowContext(context.Background(), query).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// A change on a kanaal nobody subscribed to queues nothing; one on a
// subscribed kanaal queues one job.
func TestNoSubscriberNoWork(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := newService(t, d, newQueue(t, d))
		subscribe(t, s, "documenten")
		emit(t, d, s, zaakChange("5f0e8e4c-4c0d-4a55-9a1e-0d7c8e0b2a15", "002220647"))
		if n := count(t, d, `SELECT COUNT(*) FROM river_job`); n != 0 {
			t.Errorf("jobs for an unsubscribed kanaal = %d", n)
		}
		subscribe(t, s, "zaken")
		emit(t, d, s, zaakChange("5f0e8e4c-4c0d-4a55-9a1e-0d7c8e0b2a16", "002220647"))
		if n := count(t, d, `SELECT COUNT(*) FROM river_job`); n != 1 {
			t.Errorf("jobs for a subscribed kanaal = %d, want 1", n)
		}
	})
}

// Prune removes old messages with their attempts and keeps recent ones.
func TestPrune(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		q := newQueue(t, d)
		s := newService(t, d, q)
		s.Register(q)
		sub := newSubscriber(t, nil)
		if _, err := s.CreateAbonnement(ctx, notificaties.Abonnement{CallbackURL: sub.srv.URL, Auth: "Token x",
			Kanalen: []notificaties.FilterGroup{{Naam: "zaken"}}}); err != nil {
			t.Fatal(err)
		}
		emit(t, d, s, zaakChange("5f0e8e4c-4c0d-4a55-9a1e-0d7c8e0b2a17", "002220647"))
		s.Now = func() time.Time { return fixedNow.Add(48 * time.Hour) }
		emit(t, d, s, zaakChange("5f0e8e4c-4c0d-4a55-9a1e-0d7c8e0b2a18", "002220647"))
		start(t, q)
		waitFor(t, func() bool { return count(t, d, `SELECT COUNT(*) FROM notificatie_afleveringen`) == 2 })
		n, err := s.Prune(ctx, fixedNow.Add(time.Hour))
		if err != nil || n != 1 {
			t.Fatalf("Prune = %d, %v; want 1", n, err)
		}
		if got := count(t, d, `SELECT COUNT(*) FROM notificaties`); got != 1 {
			t.Errorf("left %d messages, want 1", got)
		}
		if got := count(t, d, `SELECT COUNT(*) FROM notificatie_afleveringen`); got != 1 {
			t.Errorf("left %d attempts, want 1", got)
		}
	})
}

func TestResourceURL(t *testing.T) {
	for _, c := range []struct{ kanaal, resource, parent, want string }{
		{"zaken", "klantcontact", "", base + "/zaken/api/v1/klantcontacten/1"},
		{"klantinteracties", "klantcontact", "", base + "/klantinteracties/api/v1/klantcontacten/1"},
		{"zaken", "zaakeigenschap", "z", base + "/zaken/api/v1/zaken/z/zaakeigenschappen/1"},
		{"zaaktypen", "zaaktypeinformatieobjecttype", "", base + "/catalogi/api/v1/zaaktype-informatieobjecttypen/1"},
		{"autorisaties", "applicatie", "", base + "/autorisaties/api/v1/applicaties/1"},
	} {
		if got := notificaties.ResourceURL(base, c.kanaal, c.resource, "1", c.parent); got != c.want {
			t.Errorf("ResourceURL(%s, %s) = %s, want %s", c.kanaal, c.resource, got, c.want)
		}
	}
}

// validateWebhook checks a received request against the consumer webhook
// specification of the standard.
func validateWebhook(serverURL string, r received) error {
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromFile(zgwtest.Spec("notificaties-consumer-webhook.yaml"))
	if err != nil {
		return err
	}
	doc.Servers = openapi3.Servers{{URL: serverURL}}
	router, err := legacy.NewRouter(doc)
	if err != nil {
		return err
	}
	req, err := http.NewRequest(http.MethodPost, serverURL+r.Path, strings.NewReader(r.Body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", r.ContentType)
	route, params, err := router.FindRoute(req)
	if err != nil {
		return err
	}
	return openapi3filter.ValidateRequest(context.Background(), &openapi3filter.RequestValidationInput{
		Request: req, PathParams: params, Route: route,
		Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc},
	})
}
