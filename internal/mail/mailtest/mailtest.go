// Package mailtest is a real SMTP server (emersion/go-smtp) on a local port,
// for tests that follow a message from a change in Loket to the mailbox.
package mailtest

import (
	"io"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/gemeenten/loket/internal/mail"
)

// Received is one message the server accepted.
type Received struct {
	From string
	To   []string
	Data string
}

// Server is the running server.
type Server struct {
	mu   sync.Mutex
	msgs []Received
	got  chan struct{}
	addr *net.TCPAddr
}

type backend struct{ s *Server }

func (b backend) NewSession(*smtp.Conn) (smtp.Session, error) { return &session{s: b.s}, nil }

type session struct {
	s   *Server
	cur Received
}

func (s *session) Reset()        { s.cur = Received{} }
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
	select {
	case s.s.got <- struct{}{}:
	default:
	}
	return nil
}

// Start runs a server until the test ends.
func Start(t testing.TB) *Server {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &Server{got: make(chan struct{}, 1000), addr: l.Addr().(*net.TCPAddr)}
	srv := smtp.NewServer(backend{s})
	srv.Domain = "localhost"
	srv.AllowInsecureAuth = true
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	return s
}

// Config is the mail configuration that sends to this server.
func (s *Server) Config() mail.Config {
	return mail.Config{Host: "127.0.0.1", Port: s.addr.Port, From: "Gemeente Voorbeeld <noreply@voorbeeld.nl>", TLS: "none"}
}

// All returns the messages received so far.
func (s *Server) All() []Received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Received(nil), s.msgs...)
}

// Wait waits for n messages; the bound only keeps a broken test from
// hanging, it asserts nothing about speed.
func (s *Server) Wait(t testing.TB, n int) []Received {
	t.Helper()
	for len(s.All()) < n {
		select {
		case <-s.got:
		case <-time.After(60 * time.Second):
			t.Fatalf("SMTP server received %d messages, want %d", len(s.All()), n)
		}
	}
	return s.All()
}
