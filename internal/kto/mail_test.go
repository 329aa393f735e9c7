package kto_test

import (
	"context"
	"io"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	netmail "net/mail"

	"mime/quotedprintable"

	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/db/dbtest"
	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/kto"
	"github.com/gemeenten/loket/internal/mail"
	"github.com/gemeenten/loket/internal/mail/mailtest"
)

var mailOff = mail.Config{}

var linkRe = regexp.MustCompile(`https://loket\.example\.nl/kto\?t=[A-Za-z0-9_\-]+`)

// body returns the decoded text of a received message.
func body(t *testing.T, raw string) string {
	t.Helper()
	m, err := netmail.ReadMessage(strings.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	var r io.Reader = m.Body
	if strings.EqualFold(m.Header.Get("Content-Transfer-Encoding"), "quoted-printable") {
		r = quotedprintable.NewReader(m.Body)
	}
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// From a klantcontact to the invitation in a real mailbox, through the
// running job queue, then the survey answered with the link's token.
func TestInvitationMailArrives(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		srv := mailtest.Start(t)
		e := newEnv(t, d, srv.Config())
		e.kto.Register(e.q)
		e.mail.Register(e.q, 0)
		ctx := context.Background()
		if err := e.q.Start(ctx); err != nil {
			t.Fatal(err)
		}
		defer func() {
			stop, cancel := context.WithTimeout(ctx, 10*time.Second)
			defer cancel()
			_ = e.q.Stop(stop)
		}()
		e.contact(bsnJan, "balie")
		msgs := srv.Wait(t, 1)
		if len(msgs) != 1 || len(msgs[0].To) != 1 || msgs[0].To[0] != janEmail {
			t.Fatalf("received %+v", msgs)
		}
		text := body(t, msgs[0].Data)
		link := linkRe.FindString(text)
		if link == "" {
			t.Fatalf("no survey link in the e-mail:\n%s", text)
		}
		if strings.Contains(text, bsnJan) {
			t.Error("the e-mail contains the BSN")
		}
		u, _ := url.Parse(link)
		k := kto.Key{Token: u.Query().Get("t")}
		s, err := e.kto.Open(ctx, k)
		if err != nil {
			t.Fatal(err)
		}
		if s.Kanaal != "balie" {
			t.Errorf("survey kanaal %q", s.Kanaal)
		}
		if err := e.kto.Submit(ctx, k, kto.Answer{Cijfer: "9", Aspecten: map[string]string{"wachttijd": "6"}}); err != nil {
			t.Fatal(err)
		}
		err = e.kto.Submit(ctx, k, kto.Answer{Cijfer: "9"})
		if !errs.Is(err, errs.Conflict) {
			t.Fatalf("second submit: %v", err)
		}
		// The token is stored only as its hash.
		if n := e.count(`SELECT COUNT(*) FROM kto_uitnodigingen WHERE token_hash = $1`, k.Token); n != 0 {
			t.Fatal("the token is stored in clear")
		}
		// A second contact within the period sends no second e-mail; the
		// job for it runs (completed) without mailing.
		e.contact(bsnJan, "telefoon")
		waitJobs(t, e, 2)
		if n := len(srv.All()); n != 1 {
			t.Fatalf("%d e-mails, want 1", n)
		}
	})
}

// waitJobs waits until n invitation jobs have completed; the bound only
// keeps a broken test from hanging.
func waitJobs(t *testing.T, e *env, n int) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for e.count(`SELECT COUNT(*) FROM river_job WHERE kind = $1 AND state = 'completed'`, kindInvite) < n {
		if time.Now().After(deadline) {
			t.Fatalf("invitation jobs did not complete")
		}
		time.Sleep(50 * time.Millisecond)
	}
}
