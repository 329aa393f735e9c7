package notificaties

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/riverqueue/river"

	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/jobs"
	"github.com/gemeenten/loket/internal/zgw"
)

// FanoutArgs is the job that routes one stored message to its abonnementen.
type FanoutArgs struct {
	NotificatieID string `json:"notificatie_id"`
	// Message is the message itself (informatie-arm: URLs and kenmerken).
	Message *Message `json:"message,omitempty"`
}

func (FanoutArgs) Kind() string { return "notificatie_fanout" }

// DeliverArgs is the job that delivers one message to one abonnement.
type DeliverArgs struct {
	NotificatieID string `json:"notificatie_id"`
	AbonnementID  string `json:"abonnement_id"`
	// Eerder is the number of attempts made before this job (the fan-out's).
	Eerder  int      `json:"eerder,omitempty"`
	Message *Message `json:"message,omitempty"`
}

func (DeliverArgs) Kind() string { return "notificatie_aflevering" }

// Register adds the fan-out, delivery and clean-up workers to q and
// schedules the clean-up every hour. Call before q.Start.
func (s *Service) Register(q *jobs.Queue) {
	jobs.AddWorker(q, &fanoutWorker{s: s})
	jobs.AddWorker(q, &deliverWorker{s: s})
	jobs.AddWorker(q, river.WorkFunc(func(ctx context.Context, job *river.Job[PruneArgs]) error {
		_, err := s.Prune(ctx, s.now().Add(-s.retention()))
		return err
	}))
	q.Periodic(time.Hour, PruneArgs{}, false)
}

// PruneArgs is the periodic clean-up of old messages and attempts.
type PruneArgs struct{}

func (PruneArgs) Kind() string { return "notificaties_opruimen" }

// DefaultRetention is how long messages and delivery attempts are kept:
// well beyond the last retry (about a day after the change).
const DefaultRetention = 30 * 24 * time.Hour

func (s *Service) retention() time.Duration {
	if s.Retention > 0 {
		return s.Retention
	}
	return DefaultRetention
}

// Prune removes messages made before cutoff with their delivery attempts,
// in batches so that no transaction holds the writer long. A delivery
// still queued for a removed message is dropped when it runs.
func (s *Service) Prune(ctx context.Context, cutoff time.Time) (int, error) {
	total := 0
	for {
		var n int64
		err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
			if _, err := tx.ExecContext(ctx, `DELETE FROM notificatie_afleveringen WHERE notificatie_id IN
				(SELECT id FROM notificaties WHERE aanmaakdatum < $1 ORDER BY aanmaakdatum LIMIT 1000)`, cutoff.UTC()); err != nil {
				return err
			}
			res, err := tx.ExecContext(ctx, `DELETE FROM notificaties WHERE id IN
				(SELECT id FROM notificaties WHERE aanmaakdatum < $1 ORDER BY aanmaakdatum LIMIT 1000)`, cutoff.UTC())
			if err != nil {
				return err
			}
			n, err = res.RowsAffected()
			return err
		})
		if err != nil {
			return total, fmt.Errorf("notificaties: prune: %w", err)
		}
		total += int(n)
		if n < 1000 {
			return total, nil
		}
	}
}

type fanoutWorker struct {
	river.WorkerDefaults[FanoutArgs]
	s *Service
}

func (w *fanoutWorker) Work(ctx context.Context, job *river.Job[FanoutArgs]) error {
	return w.s.fanout(ctx, job.Args, job.Attempt > 1)
}

// Timeout leaves room for many slow subscribers (each POST has its own
// timeout from Service.HTTP).
func (w *fanoutWorker) Timeout(*river.Job[FanoutArgs]) time.Duration { return 10 * time.Minute }

// target is one abonnement a message goes to.
type target struct {
	id, callback, auth string
}

// fanout routes one message: it makes the first delivery attempt to every
// matching abonnement right away (concurrently), records the attempts and,
// in the same transaction, queues a delivery job for each one that failed,
// which retries with backoff. The happy path is one job per message, so
// delivery keeps up with the writes. A fan-out that runs again (after a
// crash or a failed commit) skips the abonnementen already served.
func (s *Service) fanout(ctx context.Context, args FanoutArgs, again bool) error {
	notificatieID := args.NotificatieID
	m, err := s.message(ctx, args.Message, notificatieID)
	if errs.Is(err, errs.NotFound) {
		return nil // removed meanwhile: nothing to route
	}
	if err != nil {
		return err
	}
	targets, err := s.targets(ctx, m)
	if err != nil || len(targets) == 0 {
		return err
	}
	if again {
		done := map[string]bool{}
		rows, err := s.DB.R.QueryContext(ctx, `SELECT abonnement_id FROM notificatie_afleveringen WHERE notificatie_id = $1`, notificatieID)
		if err != nil {
			return fmt.Errorf("notificaties: earlier attempts: %w", err)
		}
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			done[id] = true
		}
		rows.Close()
		targets = slices.DeleteFunc(targets, func(t target) bool { return done[t.id] })
	}
	body, err := json.Marshal(m)
	if err != nil {
		return fmt.Errorf("notificaties: encode message: %w", err)
	}
	recs := make([]Aflevering, len(targets))
	var wg sync.WaitGroup
	sem := make(chan struct{}, 8)
	for i, t := range targets {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			recs[i] = s.attempt(ctx, notificatieID, t, body, 1)
		}()
	}
	wg.Wait()
	return s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO notificaties (id, kanaal, hoofd_object, resource, resource_url, actie, aanmaakdatum, kenmerken)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (id) DO NOTHING`,
			notificatieID, m.Kanaal, m.HoofdObject, m.Resource, m.ResourceURL, m.Actie, m.Aanmaakdatum.UTC(), jsonText(m.Kenmerken)); err != nil {
			return fmt.Errorf("notificaties: store message: %w", err)
		}
		for _, rec := range recs {
			if err := insertAttempt(ctx, tx, rec); err != nil {
				return err
			}
			if rec.Gelukt || s.attempts() < 2 {
				continue
			}
			err := s.Queue.EnqueueTx(ctx, tx, DeliverArgs{NotificatieID: notificatieID, AbonnementID: rec.AbonnementID, Eerder: 1, Message: &m},
				&river.InsertOpts{MaxAttempts: s.attempts() - 1, ScheduledAt: time.Now().Add(s.backoff(1)),
					UniqueOpts: river.UniqueOpts{ByArgs: true}})
			if err != nil {
				return err
			}
		}
		return nil
	})
}

// targets are the abonnementen on m's kanaal whose filters match.
func (s *Service) targets(ctx context.Context, m Message) ([]target, error) {
	rows, err := s.DB.R.QueryContext(ctx, `SELECT a.id, a.callback_url, a.auth, ak.filters
		FROM notificatie_abonnement_kanalen ak
		JOIN notificatie_kanalen k ON k.id = ak.kanaal_id
		JOIN notificatie_abonnementen a ON a.id = ak.abonnement_id
		WHERE k.naam = $1 ORDER BY a.id`, m.Kanaal)
	if err != nil {
		return nil, fmt.Errorf("notificaties: abonnementen of %s: %w", m.Kanaal, err)
	}
	defer rows.Close()
	var out []target
	for rows.Next() {
		var t target
		var filters string
		if err := rows.Scan(&t.id, &t.callback, &t.auth, &filters); err != nil {
			return nil, fmt.Errorf("notificaties: scan abonnement: %w", err)
		}
		f := map[string]string{}
		if err := json.Unmarshal([]byte(filters), &f); err != nil {
			return nil, fmt.Errorf("notificaties: abonnement %s filters: %w", t.id, err)
		}
		if filtersMatch(f, m.Kenmerken) {
			out = append(out, t)
		}
	}
	return out, rows.Err()
}

// attempt POSTs body to t and returns the record of the attempt.
func (s *Service) attempt(ctx context.Context, notificatieID string, t target, body []byte, poging int) Aflevering {
	status, err := s.post(ctx, t.callback, t.auth, body)
	rec := Aflevering{
		ID: uuid.Must(uuid.NewV7()).String(), NotificatieID: notificatieID, AbonnementID: t.id, CallbackURL: t.callback,
		Poging: poging, StatusCode: status, Gelukt: err == nil, Tijdstip: s.now(),
	}
	if err != nil {
		rec.Fout = truncate(err.Error(), 500)
		s.log().InfoContext(ctx, "notificatie niet afgeleverd", "abonnement", t.id, "poging", poging, "status", status, "error", err)
	}
	return rec
}

func insertAttempt(ctx context.Context, tx *sql.Tx, rec Aflevering) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO notificatie_afleveringen (id, notificatie_id, abonnement_id, callback_url,
		poging, status_code, gelukt, fout, tijdstip) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
		rec.ID, rec.NotificatieID, rec.AbonnementID, rec.CallbackURL, rec.Poging, rec.StatusCode, rec.Gelukt, rec.Fout, rec.Tijdstip)
	if err != nil {
		return fmt.Errorf("notificaties: record attempt: %w", err)
	}
	return nil
}

type deliverWorker struct {
	river.WorkerDefaults[DeliverArgs]
	s *Service
}

func (w *deliverWorker) Work(ctx context.Context, job *river.Job[DeliverArgs]) error {
	return w.s.deliver(ctx, job.Args, job.Args.Eerder+job.Attempt)
}

func (w *deliverWorker) NextRetry(job *river.Job[DeliverArgs]) time.Time {
	return time.Now().Add(w.s.backoff(max(job.Args.Eerder+job.Attempt, 1)))
}

func (w *deliverWorker) MaxAttempts() int { return w.s.attempts() }

// deliver retries one message to one abonnement and records the attempt;
// any answer other than 2xx is an error, so the queue retries again.
func (s *Service) deliver(ctx context.Context, a DeliverArgs, poging int) error {
	m, err := s.message(ctx, a.Message, a.NotificatieID)
	if errs.Is(err, errs.NotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	abo, err := s.GetAbonnement(ctx, a.AbonnementID)
	if errs.Is(err, errs.NotFound) {
		return nil // unsubscribed since: nothing to deliver
	}
	if err != nil {
		return err
	}
	body, err := json.Marshal(m)
	if err != nil {
		return fmt.Errorf("notificaties: encode message: %w", err)
	}
	rec := s.attempt(ctx, a.NotificatieID, target{id: abo.ID, callback: abo.CallbackURL, auth: abo.Auth}, body, poging)
	if err := s.DB.Tx(ctx, func(tx *sql.Tx) error { return insertAttempt(ctx, tx, rec) }); err != nil {
		s.log().ErrorContext(ctx, "notificaties: record delivery attempt", "abonnement", abo.ID, "error", err)
	}
	if !rec.Gelukt {
		return fmt.Errorf("%s", rec.Fout)
	}
	return nil
}

func (s *Service) post(ctx context.Context, callback, auth string, body []byte) (int, error) {
	// Also for abonnementen stored before the rule, and for a custom client.
	if err := zgw.CheckOutboundURL(callback); err != nil {
		return 0, fmt.Errorf("callback-URL niet toegestaan: %w", err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, callback, bytes.NewReader(body))
	if err != nil {
		return 0, fmt.Errorf("callback-URL: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	req.Header.Set("Authorization", auth)
	client := s.HTTP
	if client == nil {
		client = &http.Client{Timeout: 10 * time.Second}
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, fmt.Errorf("versturen mislukt: %w", err)
	}
	defer resp.Body.Close()
	snippet, _ := io.ReadAll(io.LimitReader(resp.Body, 200))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		msg := fmt.Sprintf("ontvanger antwoordde %s", resp.Status)
		if len(snippet) > 0 && utf8.Valid(snippet) {
			msg += ": " + string(snippet)
		}
		return resp.StatusCode, fmt.Errorf("%s", msg)
	}
	return resp.StatusCode, nil
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

// message is m, or the stored message id when m is nil (jobs queued
// before messages travelled in their arguments).
func (s *Service) message(ctx context.Context, m *Message, id string) (Message, error) {
	if m != nil {
		if m.Kenmerken == nil {
			m.Kenmerken = map[string]string{}
		}
		return *m, nil
	}
	return s.loadMessage(ctx, s.DB.R, id)
}

func (s *Service) loadMessage(ctx context.Context, q db.Queryer, id string) (Message, error) {
	var m Message
	var kenmerken string
	err := q.QueryRowContext(ctx, `SELECT kanaal, hoofd_object, resource, resource_url, actie, aanmaakdatum, kenmerken
		FROM notificaties WHERE id = $1`, id).
		Scan(&m.Kanaal, &m.HoofdObject, &m.Resource, &m.ResourceURL, &m.Actie, &m.Aanmaakdatum, &kenmerken)
	if err != nil {
		return m, notFound("notificatie", id, err)
	}
	m.Aanmaakdatum = m.Aanmaakdatum.UTC()
	m.Kenmerken = map[string]string{}
	if err := json.Unmarshal([]byte(kenmerken), &m.Kenmerken); err != nil {
		return m, fmt.Errorf("notificaties: message %s kenmerken: %w", id, err)
	}
	return m, nil
}

// Publish routes a message a producer sent to POST /notificaties: the
// kanaal must exist and the kenmerken must be the kanaal's.
func (s *Service) Publish(ctx context.Context, m Message) (Message, error) {
	var f errs.Fields
	req := func(name, v string, maxLen int) {
		switch {
		case v == "":
			f.Add(name, "required", "Dit veld is verplicht.")
		case maxLen > 0 && utf8.RuneCountInString(v) > maxLen:
			f.Add(name, "max_length", fmt.Sprintf("Dit veld mag hoogstens %d tekens lang zijn.", maxLen))
		}
	}
	req("kanaal", m.Kanaal, 50)
	req("hoofdObject", m.HoofdObject, 0)
	req("resource", m.Resource, 100)
	req("resourceUrl", m.ResourceURL, 0)
	req("actie", m.Actie, 100)
	if m.HoofdObject != "" && !isHTTPURL(m.HoofdObject) {
		f.Add("hoofdObject", "invalid", "Het hoofdobject moet een volledige http(s)-URL zijn.")
	}
	if m.ResourceURL != "" && !isHTTPURL(m.ResourceURL) {
		f.Add("resourceUrl", "invalid", "De resource-URL moet een volledige http(s)-URL zijn.")
	}
	if m.Aanmaakdatum.IsZero() {
		f.Add("aanmaakdatum", "required", "Dit veld is verplicht.")
	}
	for k, v := range m.Kenmerken {
		if v == "" || utf8.RuneCountInString(v) > 1000 {
			f.Add("kenmerken."+k, "invalid", "Een kenmerk moet 1 tot 1000 tekens lang zijn.")
		}
	}
	if err := f.Err(); err != nil {
		return m, err
	}
	if m.Kenmerken == nil {
		m.Kenmerken = map[string]string{}
	}
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		k, err := kanaalByNaam(ctx, tx, m.Kanaal)
		if errs.Is(err, errs.NotFound) {
			return errs.InvalidField("kanaal", "message-kanaal", fmt.Sprintf("Het kanaal %q bestaat niet.", m.Kanaal))
		}
		if err != nil {
			return err
		}
		var bad errs.Fields
		for key := range m.Kenmerken {
			if !slices.Contains(k.Filters, key) {
				bad.Add("kenmerken", "kenmerken_inconsistent", fmt.Sprintf("Het kanaal %q kent het kenmerk %q niet.", k.Naam, key))
			}
		}
		if err := bad.Err(); err != nil {
			return err
		}
		return s.store(ctx, tx, m)
	})
	return m, err
}

// Aflevering is one delivery attempt as a beheerder sees it.
type Aflevering struct {
	ID            string
	NotificatieID string
	AbonnementID  string
	CallbackURL   string
	Poging        int
	StatusCode    int
	Gelukt        bool
	Fout          string
	Tijdstip      time.Time
	// of the message
	Kanaal      string
	Resource    string
	Actie       string
	ResourceURL string
}

// Afleveringen returns recent delivery attempts, newest first; failed
// selects only the failed ones. limit is capped at 500.
func (s *Service) Afleveringen(ctx context.Context, failed bool, limit int) ([]Aflevering, error) {
	if limit <= 0 || limit > 500 {
		limit = 500
	}
	q := `SELECT a.id, a.notificatie_id, a.abonnement_id, a.callback_url, a.poging, a.status_code, a.gelukt, a.fout, a.tijdstip,
		n.kanaal, n.resource, n.actie, n.resource_url
		FROM notificatie_afleveringen a JOIN notificaties n ON n.id = a.notificatie_id`
	if failed {
		q += ` WHERE NOT a.gelukt`
	}
	rows, err := s.DB.R.QueryContext(ctx, q+` ORDER BY a.tijdstip DESC, a.id DESC LIMIT $1`, limit)
	if err != nil {
		return nil, fmt.Errorf("notificaties: list afleveringen: %w", err)
	}
	defer rows.Close()
	out := []Aflevering{}
	for rows.Next() {
		var a Aflevering
		if err := rows.Scan(&a.ID, &a.NotificatieID, &a.AbonnementID, &a.CallbackURL, &a.Poging, &a.StatusCode, &a.Gelukt,
			&a.Fout, &a.Tijdstip, &a.Kanaal, &a.Resource, &a.Actie, &a.ResourceURL); err != nil {
			return nil, fmt.Errorf("notificaties: scan aflevering: %w", err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// Redeliver queues the message of a failed attempt for its abonnement again,
// for a beheerder after the subscriber's outage outlasted the retries. The
// abonnement must still exist.
func (s *Service) Redeliver(ctx context.Context, afleveringID string) error {
	if !db.ValidUUID(afleveringID) {
		return errs.NotFoundf("verzendpoging", afleveringID)
	}
	return s.DB.Tx(ctx, func(tx *sql.Tx) error {
		var notificatieID, abonnementID, callback string
		err := tx.QueryRowContext(ctx, `SELECT notificatie_id, abonnement_id, callback_url FROM notificatie_afleveringen WHERE id = $1`,
			afleveringID).Scan(&notificatieID, &abonnementID, &callback)
		if err != nil {
			return notFound("verzendpoging", afleveringID, err)
		}
		if _, err := getAbonnement(ctx, tx, abonnementID); err != nil {
			if errs.Is(err, errs.NotFound) {
				return errs.E(errs.Conflict, "abonnement_verwijderd", "Het abonnement van deze ontvanger bestaat niet meer; er is niets opnieuw verstuurd.")
			}
			return err
		}
		m, err := s.loadMessage(ctx, tx, notificatieID)
		if err != nil {
			return err
		}
		var eerder int
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(poging), 0) FROM notificatie_afleveringen
			WHERE notificatie_id = $1 AND abonnement_id = $2`, notificatieID, abonnementID).Scan(&eerder); err != nil {
			return fmt.Errorf("notificaties: earlier attempts: %w", err)
		}
		if err := s.Queue.EnqueueTx(ctx, tx, DeliverArgs{NotificatieID: notificatieID, AbonnementID: abonnementID, Eerder: eerder, Message: &m},
			&river.InsertOpts{MaxAttempts: 1}); err != nil {
			return err
		}
		return s.record(ctx, tx, "aflevering", afleveringID, callback, "opnieuw_versturen", nil,
			map[string]any{"notificatie": notificatieID, "abonnement": abonnementID})
	})
}
