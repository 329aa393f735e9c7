package mail_test

import (
	"context"
	"database/sql"
	"io"
	"log/slog"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/db/dbtest"
	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/jobs"
	"github.com/gemeenten/loket/internal/mail"
)

// received is one message the test SMTP server accepted.
type received struct {
	From string
	To   []string
	Data string
}

// smtpServer is a real SMTP server (emersion/go-smtp) on a local port.
type smtpServer struct {
	mu   sync.Mutex
	msgs []received
	got  chan struct{}
	addr *net.TCPAddr
}

type backend struct{ s *smtpServer }

func (b backend) NewSession(*smtp.Conn) (smtp.Session, error) { return &session{s: b.s}, nil }

type session struct {
	s   *smtpServer
	cur received
}

func (s *session) Reset()        { s.cur = received{} }
func (s *session) Logout() error { return nil }
func (s *session) Mail(from string, _ *smtp.MailOptions) error {
	s.cur.From = from
	return nil
}
func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.cur.To = append(s.cur.To, to)
	return nil
}
func (s *session) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.cur.Data = string(b)
	s.s.mu.Lock()
	s.s.msgs = append(s.s.msgs, s.cur)
	s.s.mu.Unlock()
	s.s.got <- struct{}{}
	return nil
}

func startSMTP(t testing.TB) *smtpServer {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &smtpServer{got: make(chan struct{}, 100), addr: l.Addr().(*net.TCPAddr)}
	srv := smtp.NewServer(backend{s})
	srv.Domain = "localhost"
	srv.AllowInsecureAuth = true
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	return s
}

func (s *smtpServer) config() mail.Config {
	return mail.Config{Host: "127.0.0.1", Port: s.addr.Port, From: "Gemeente Voorbeeld <noreply@voorbeeld.nl>", TLS: "none"}
}

func (s *smtpServer) all() []received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]received(nil), s.msgs...)
}

// wait waits for n messages; the bound only keeps a broken test from
// hanging, it asserts nothing about speed.
func (s *smtpServer) wait(t *testing.T, n int) {
	t.Helper()
	for len(s.all()) < n {
		select {
		case <-s.got:
		case <-time.After(30 * time.Second):
			t.Fatalf("SMTP server received %d messages, want %d", len(s.all()), n)
		}
	}
}

func queue(t *testing.T, d *db.DB, s *mail.Service, m mail.Message) string {
	t.Helper()
	var id string
	err := d.Tx(context.Background(), func(tx *sql.Tx) error {
		var err error
		id, err = s.QueueTx(context.Background(), tx, m)
		return err
	})
	if err != nil {
		t.Fatalf("queue: %v", err)
	}
	return id
}

func TestSendOverSMTP(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		srv := startSMTP(t)
		q, err := jobs.New(d, nil, jobs.Config{})
		if err != nil {
			t.Fatal(err)
		}
		s := mail.New(d, q, srv.config(), nil, nil)
		id := queue(t, d, s, mail.Message{To: "anna@example.nl", Subject: "Wij hebben uw aanvraag ontvangen",
			Text: "Beste Anna,\n\nWij hebben uw aanvraag ontvangen.", HTML: "<p>Beste Anna,</p>",
			Attachments: []mail.Attachment{{Naam: "brief.pdf", Type: "application/pdf", Data: []byte("%PDF-1.4 test")}}})
		o, err := s.Get(ctx, id)
		if err != nil || o.Status != mail.StatusWachtend {
			t.Fatalf("queued: %+v %v", o, err)
		}
		if err := s.Send(ctx, id); err != nil {
			t.Fatalf("send: %v", err)
		}
		srv.wait(t, 1)
		// A second send (a retried job) does not send again.
		if err := s.Send(ctx, id); err != nil {
			t.Fatalf("send again: %v", err)
		}
		msgs := srv.all()
		if len(msgs) != 1 {
			t.Fatalf("got %d messages, want 1", len(msgs))
		}
		m := msgs[0]
		if m.From != "noreply@voorbeeld.nl" || len(m.To) != 1 || m.To[0] != "anna@example.nl" {
			t.Errorf("envelope: %+v", m)
		}
		for _, want := range []string{"Subject: Wij hebben uw aanvraag ontvangen", "Message-ID: <" + id + "@voorbeeld.nl>",
			"brief.pdf", "text/html"} {
			if !strings.Contains(m.Data, want) {
				t.Errorf("message lacks %q:\n%s", want, m.Data)
			}
		}
		o, _ = s.Get(ctx, id)
		if o.Status != mail.StatusVerzonden || o.VerzondenOp == nil || o.Pogingen != 1 {
			t.Errorf("after send: %+v", o)
		}
	})
}

func TestQueueRejectsBadInputAndWritesNothing(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := mail.New(d, nil, mail.Config{}, nil, nil)
		err := d.Tx(context.Background(), func(tx *sql.Tx) error {
			_, err := s.QueueTx(context.Background(), tx, mail.Message{To: "geen adres", Subject: "a\nb"})
			return err
		})
		e := errs.As(err)
		if e == nil || len(e.Fields) != 3 {
			t.Fatalf("want 3 field errors, got %v", err)
		}
		for _, f := range e.Fields {
			if f.Reason == "" {
				t.Errorf("field %s without Dutch reason", f.Field)
			}
		}
		var n int
		d.R.QueryRow(`SELECT COUNT(*) FROM mail_berichten`).Scan(&n)
		if n != 0 {
			t.Errorf("%d messages written", n)
		}
	})
}

func TestRolledBackChangeSendsNothing(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		q, _ := jobs.New(d, nil, jobs.Config{})
		s := mail.New(d, q, mail.Config{}, nil, nil)
		err := d.Tx(context.Background(), func(tx *sql.Tx) error {
			if _, err := s.QueueTx(context.Background(), tx, mail.Message{To: "a@example.nl", Subject: "x", Text: "y"}); err != nil {
				return err
			}
			return errs.E(errs.Conflict, "test", "afgebroken")
		})
		if err == nil {
			t.Fatal("want error")
		}
		list, err := q.List(context.Background(), jobs.ListFilter{Kinds: []string{mail.SendArgs{}.Kind()}})
		if err != nil {
			t.Fatal(err)
		}
		var n int
		d.R.QueryRow(`SELECT COUNT(*) FROM mail_berichten`).Scan(&n)
		if n != 0 || len(list) != 0 {
			t.Errorf("rolled back change left %d messages and %d jobs", n, len(list))
		}
	})
}

// A message queued by a process that stopped (crashed) before it worked the
// job is sent by the next process, once.
func TestCrashAndRestartSendsOnce(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		srv := startSMTP(t)
		// Process 1 queues and dies without working its queue.
		q1, _ := jobs.New(d, nil, jobs.Config{})
		s1 := mail.New(d, q1, srv.config(), nil, nil)
		id := queue(t, d, s1, mail.Message{To: "bram@example.nl", Subject: "Uw zaak", Text: "Tekst"})
		// A safety-net run while the first job still waits adds no second job.
		if err := d.Tx(ctx, func(tx *sql.Tx) error { _, err := s1.SendPending(ctx, tx, 10); return err }); err != nil {
			t.Fatal(err)
		}
		// Process 2 starts and works the queue.
		q2, _ := jobs.New(d, slog.New(slog.DiscardHandler), jobs.Config{PollInterval: 50 * time.Millisecond})
		s2 := mail.New(d, q2, srv.config(), nil, nil)
		s2.Register(q2, time.Hour)
		if err := q2.Start(ctx); err != nil {
			t.Fatal(err)
		}
		srv.wait(t, 1)
		stop, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		if err := q2.Stop(stop); err != nil {
			t.Fatal(err)
		}
		if n := len(srv.all()); n != 1 {
			t.Fatalf("sent %d times, want once", n)
		}
		o, _ := s2.Get(ctx, id)
		if o.Status != mail.StatusVerzonden {
			t.Errorf("status %s", o.Status)
		}
	})
}

func TestWithoutSMTPMessagesWait(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := mail.New(d, nil, mail.Config{}, nil, nil)
		id := queue(t, d, s, mail.Message{To: "a@example.nl", Subject: "x", Text: "y"})
		if err := s.Send(ctx, id); err != mail.ErrNotConfigured {
			t.Fatalf("want ErrNotConfigured, got %v", err)
		}
		o, _ := s.Get(ctx, id)
		if o.Status != mail.StatusWachtend {
			t.Errorf("status %s", o.Status)
		}
	})
}
