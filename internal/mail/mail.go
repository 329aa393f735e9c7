// Package mail sends Loket's e-mail to customers and staff: letters, status
// messages (the PIP issue reuses it) and deadline warnings.
//
// A message is written to the outbox (mail_berichten) in the transaction of
// the change that causes it, together with its send job (QueueTx), so a
// committed change always gets its e-mail and a rolled-back one never does.
// The job sends over SMTP (wneessen/go-mail) and marks the message sent.
//
// Delivery is at least once: SMTP has no transaction, so a crash after the
// server accepted the message but before it was marked sent sends it again
// on restart. Every message carries a stable Message-ID (derived from its
// id) so that the receiving side can recognise the repeat. A message has at
// most one live job (unique by message id), so two workers never send the
// same message at the same time.
//
// Without an SMTP host nothing is sent: messages wait in the outbox
// (status wachtend) and go out once mail is configured (SendPending).
package mail

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/mail"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/riverqueue/river"
	gomail "github.com/wneessen/go-mail"

	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/jobs"
)

// Config is the SMTP server (the LOKET_SMTP_* settings).
type Config struct {
	Host     string
	Port     int
	Username string
	Password string
	From     string // "Gemeente Voorbeeld <noreply@voorbeeld.nl>"
	// TLS is "starttls" (default, required), "tls" (implicit) or "none".
	TLS     string
	Timeout time.Duration // per connection (default 30s)
	// Domain is the right-hand side of generated Message-IDs (default: the
	// From address's domain).
	Domain string
}

// Enabled reports whether a server is configured.
func (c Config) Enabled() bool { return c.Host != "" }

// Statuses of an outgoing message.
const (
	StatusWachtend  = "wachtend"
	StatusVerzonden = "verzonden"
	StatusMislukt   = "mislukt"
)

// Attachment is a file sent with a message.
type Attachment struct {
	Naam string `json:"naam"`
	Type string `json:"type"`
	Data []byte `json:"data"`
}

// Message is an e-mail to send.
type Message struct {
	To      string
	Subject string
	Text    string // plain text, required
	HTML    string // optional alternative
	// ZaakID ties the message to a zaak (the zaak's timeline shows it).
	ZaakID string
	// Bron says what caused it, e.g. "brief:<id>", "termijnwaarschuwing".
	Bron        string
	Attachments []Attachment
}

// Outgoing is a message in the outbox.
type Outgoing struct {
	ID          string
	To          string
	Subject     string
	Text        string
	HTML        string
	ZaakID      string
	Bron        string
	Status      string
	Pogingen    int
	LaatsteFout string
	MessageID   string
	VerzondenOp *time.Time
	CreatedAt   time.Time
	Attachments []Attachment
}

// Service is the outbox and its sender.
type Service struct {
	DB     *db.DB
	Jobs   jobs.Enqueuer
	Config Config
	Now    func() time.Time
	Log    *slog.Logger
	// MaxAttempts of a send job before the message is marked mislukt
	// (default 10; River backs off between attempts).
	MaxAttemptsN int
}

// New returns the mail service. q enqueues the send jobs (the *jobs.Queue).
func New(d *db.DB, q jobs.Enqueuer, cfg Config, now func() time.Time, log *slog.Logger) *Service {
	if now == nil {
		now = time.Now
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Service{DB: d, Jobs: q, Config: cfg, Now: now, Log: log}
}

// SendArgs is the job that sends one message.
type SendArgs struct {
	ID string `json:"id"`
}

// Kind names the job.
func (SendArgs) Kind() string { return "mail_send" }

// InsertOpts makes a message's job unique while it is waiting or running.
func (SendArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

// CheckAddress validates an e-mail address the way sending will.
func CheckAddress(field, addr string) error {
	if _, err := mail.ParseAddress(strings.TrimSpace(addr)); err != nil {
		return errs.InvalidField(field, "invalid", "Dit is geen geldig e-mailadres.")
	}
	return nil
}

// QueueTx writes m to the outbox and enqueues its send job in tx.
func (s *Service) QueueTx(ctx context.Context, tx *sql.Tx, m Message) (string, error) {
	var f errs.Fields
	if strings.TrimSpace(m.To) == "" {
		f.Add("aan", "required", "Het e-mailadres ontbreekt.")
	} else if _, err := mail.ParseAddress(m.To); err != nil {
		f.Add("aan", "invalid", "Dit is geen geldig e-mailadres.")
	}
	if strings.TrimSpace(m.Subject) == "" {
		f.Add("onderwerp", "required", "Het onderwerp ontbreekt.")
	} else if strings.ContainsAny(m.Subject, "\r\n") {
		f.Add("onderwerp", "invalid", "Het onderwerp mag geen regeleinde bevatten.")
	}
	if strings.TrimSpace(m.Text) == "" {
		f.Add("tekst", "required", "De tekst ontbreekt.")
	}
	if m.ZaakID != "" && !db.ValidUUID(m.ZaakID) {
		f.Add("zaak", "invalid", "Dit is geen geldige zaak.")
	}
	if err := f.Err(); err != nil {
		return "", err
	}
	att, err := json.Marshal(nonNil(m.Attachments))
	if err != nil {
		return "", fmt.Errorf("mail: attachments: %w", err)
	}
	id := uuid.NewString()
	msgID := id + "@" + s.domain()
	var zaakID any
	if m.ZaakID != "" {
		zaakID = m.ZaakID
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO mail_berichten (id, aan, onderwerp, tekst, html, bijlagen, zaak_id,
		bron, status, pogingen, laatste_fout, message_id, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,0,'',$10,$11)`,
		id, strings.TrimSpace(m.To), m.Subject, m.Text, m.HTML, string(att), zaakID, m.Bron, StatusWachtend, msgID,
		s.Now().UTC()); err != nil {
		return "", fmt.Errorf("mail: queue: %w", err)
	}
	if s.Jobs != nil {
		if err := s.Jobs.EnqueueTx(ctx, tx, SendArgs{ID: id}, s.insertOpts()); err != nil {
			return "", err
		}
	}
	return id, nil
}

func (s *Service) maxAttempts() int {
	if s.MaxAttemptsN > 0 {
		return s.MaxAttemptsN
	}
	return 10
}

func (s *Service) insertOpts() *river.InsertOpts {
	return &river.InsertOpts{MaxAttempts: s.maxAttempts(), UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

func nonNil(a []Attachment) []Attachment {
	if a == nil {
		return []Attachment{}
	}
	return a
}

func (s *Service) domain() string {
	if s.Config.Domain != "" {
		return s.Config.Domain
	}
	if a, err := mail.ParseAddress(s.Config.From); err == nil {
		if _, d, ok := strings.Cut(a.Address, "@"); ok {
			return d
		}
	}
	return "loket.invalid"
}

const cols = `id, aan, onderwerp, tekst, html, bijlagen, zaak_id, bron, status, pogingen, laatste_fout, message_id,
	verzonden_op, created_at`

func scan(r interface{ Scan(...any) error }) (Outgoing, error) {
	var o Outgoing
	var att string
	var zaakID sql.NullString
	var sent sql.NullTime
	if err := r.Scan(&o.ID, &o.To, &o.Subject, &o.Text, &o.HTML, &att, &zaakID, &o.Bron, &o.Status, &o.Pogingen,
		&o.LaatsteFout, &o.MessageID, &sent, &o.CreatedAt); err != nil {
		return o, err
	}
	o.ZaakID = zaakID.String
	if sent.Valid {
		t := sent.Time.UTC()
		o.VerzondenOp = &t
	}
	o.CreatedAt = o.CreatedAt.UTC()
	if err := json.Unmarshal([]byte(att), &o.Attachments); err != nil {
		return o, fmt.Errorf("mail: attachments: %w", err)
	}
	return o, nil
}

// Get returns one message of the outbox.
func (s *Service) Get(ctx context.Context, id string) (*Outgoing, error) {
	if !db.ValidUUID(id) {
		return nil, errs.NotFoundf("e-mailbericht", id)
	}
	o, err := scan(s.DB.R.QueryRowContext(ctx, `SELECT `+cols+` FROM mail_berichten WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.NotFoundf("e-mailbericht", id)
	}
	if err != nil {
		return nil, fmt.Errorf("mail: get: %w", err)
	}
	return &o, nil
}

// ListForZaak lists the messages about a zaak, oldest first.
func (s *Service) ListForZaak(ctx context.Context, zaakID string) ([]Outgoing, error) {
	if !db.ValidUUID(zaakID) {
		return nil, errs.NotFoundf("zaak", zaakID)
	}
	rows, err := s.DB.R.QueryContext(ctx, `SELECT `+cols+` FROM mail_berichten WHERE zaak_id = $1 ORDER BY created_at, id`, zaakID)
	if err != nil {
		return nil, fmt.Errorf("mail: list: %w", err)
	}
	defer rows.Close()
	var out []Outgoing
	for rows.Next() {
		o, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// ErrNotConfigured is returned by Send when no SMTP server is configured.
var ErrNotConfigured = errors.New("mail: no SMTP server configured")

// Send sends one message from the outbox and marks it sent. A message
// already sent is not sent again.
func (s *Service) Send(ctx context.Context, id string) error {
	o, err := s.Get(ctx, id)
	if err != nil {
		return err
	}
	if o.Status == StatusVerzonden {
		return nil
	}
	if !s.Config.Enabled() {
		return ErrNotConfigured
	}
	sendErr := s.deliver(ctx, o)
	now := s.Now().UTC()
	werr := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if sendErr != nil {
			_, err := tx.ExecContext(ctx, `UPDATE mail_berichten SET pogingen = pogingen + 1, laatste_fout = $2
				WHERE id = $1 AND status <> $3`, o.ID, short(sendErr.Error()), StatusVerzonden)
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE mail_berichten SET pogingen = pogingen + 1, laatste_fout = '',
			status = $2, verzonden_op = $3 WHERE id = $1`, o.ID, StatusVerzonden, now)
		return err
	})
	if werr != nil {
		return fmt.Errorf("mail: mark: %w", werr)
	}
	if sendErr != nil {
		return fmt.Errorf("mail: send: %w", sendErr)
	}
	return nil
}

func short(s string) string {
	if len(s) > 500 {
		return s[:500]
	}
	return s
}

func (s *Service) deliver(ctx context.Context, o *Outgoing) error {
	m := gomail.NewMsg()
	if err := m.From(s.Config.From); err != nil {
		return fmt.Errorf("from: %w", err)
	}
	if err := m.To(o.To); err != nil {
		return fmt.Errorf("to: %w", err)
	}
	m.Subject(o.Subject)
	m.SetMessageIDWithValue(o.MessageID)
	m.SetDate()
	m.SetBodyString(gomail.TypeTextPlain, o.Text)
	if o.HTML != "" {
		m.AddAlternativeString(gomail.TypeTextHTML, o.HTML)
	}
	for _, a := range o.Attachments {
		opts := []gomail.FileOption{}
		if a.Type != "" {
			opts = append(opts, gomail.WithFileContentType(gomail.ContentType(a.Type)))
		}
		m.AttachReadSeeker(a.Naam, bytes.NewReader(a.Data), opts...)
	}
	opts := []gomail.Option{gomail.WithPort(s.Config.Port)}
	timeout := s.Config.Timeout
	if timeout == 0 {
		timeout = 30 * time.Second
	}
	opts = append(opts, gomail.WithTimeout(timeout))
	switch s.Config.TLS {
	case "none":
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	case "tls":
		opts = append(opts, gomail.WithSSL())
	default:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	}
	if s.Config.Username != "" {
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthPlain),
			gomail.WithUsername(s.Config.Username), gomail.WithPassword(s.Config.Password))
	}
	c, err := gomail.NewClient(s.Config.Host, opts...)
	if err != nil {
		return err
	}
	return c.DialAndSendWithContext(ctx, m)
}

// SendPending enqueues a send job for every waiting message (at most
// limit): after SMTP was configured, or as a periodic safety net. The
// unique job key keeps a message from getting a second live job.
func (s *Service) SendPending(ctx context.Context, tx *sql.Tx, limit int) (int, error) {
	if s.Jobs == nil {
		return 0, nil
	}
	if limit <= 0 {
		limit = 1000
	}
	rows, err := tx.QueryContext(ctx, `SELECT id FROM mail_berichten WHERE status = $1 ORDER BY created_at LIMIT `+fmt.Sprint(limit), StatusWachtend)
	if err != nil {
		return 0, fmt.Errorf("mail: pending: %w", err)
	}
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return 0, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	for _, id := range ids {
		if err := s.Jobs.EnqueueTx(ctx, tx, SendArgs{ID: id}, s.insertOpts()); err != nil {
			return 0, err
		}
	}
	return len(ids), nil
}

// Worker sends the message of a SendArgs job.
type Worker struct {
	river.WorkerDefaults[SendArgs]
	S *Service
}

// Work sends; an SMTP error retries with River's backoff, and the last
// failed attempt marks the message mislukt. Without SMTP configuration the
// message stays waiting and the job ends.
func (w *Worker) Work(ctx context.Context, job *river.Job[SendArgs]) error {
	err := w.S.Send(ctx, job.Args.ID)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, ErrNotConfigured):
		w.S.Log.InfoContext(ctx, "mail: not sent, no SMTP server configured", "mail_id", job.Args.ID)
		return nil
	case errs.Is(err, errs.NotFound):
		return river.JobCancel(err)
	}
	if job.Attempt >= job.MaxAttempts {
		_ = w.S.DB.Tx(ctx, func(tx *sql.Tx) error {
			_, err := tx.ExecContext(ctx, `UPDATE mail_berichten SET status = $2 WHERE id = $1 AND status = $3`,
				job.Args.ID, StatusMislukt, StatusWachtend)
			return err
		})
	}
	return err
}

// MaxAttempts of a send job.
func (w *Worker) MaxAttempts() int { return w.S.maxAttempts() }

// PendingArgs is the periodic safety net that gives every waiting message
// a send job (after SMTP was configured, or when a job was discarded).
type PendingArgs struct{}

// Kind names the job.
func (PendingArgs) Kind() string { return "mail_pending" }

// PendingWorker runs SendPending.
type PendingWorker struct {
	river.WorkerDefaults[PendingArgs]
	S *Service
}

// Work enqueues send jobs for waiting messages; a message that already has
// a live job gets no second one.
func (w *PendingWorker) Work(ctx context.Context, job *river.Job[PendingArgs]) error {
	if !w.S.Config.Enabled() {
		return nil
	}
	return w.S.DB.Tx(ctx, func(tx *sql.Tx) error {
		_, err := w.S.SendPending(ctx, tx, 1000)
		return err
	})
}

// Register adds the send worker to q, and the safety net every interval
// (0: none).
func (s *Service) Register(q *jobs.Queue, every time.Duration) {
	jobs.AddWorker(q, &Worker{S: s})
	if every > 0 {
		jobs.AddWorker(q, &PendingWorker{S: s})
		q.Periodic(every, PendingArgs{}, true)
	}
}
