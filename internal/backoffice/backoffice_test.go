package backoffice_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/gemeenten/loket/internal/audit"
	"github.com/gemeenten/loket/internal/backoffice"
	"github.com/gemeenten/loket/internal/besluit"
	"github.com/gemeenten/loket/internal/catalogus/catalogustest"
	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/db/dbtest"
	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/mail"
	"github.com/gemeenten/loket/internal/zaak"
)

const (
	rsin    = "002220647"
	bsnAnna = "999993653"
)

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(time.Second)
	return c.t
}

func (c *clock) at(s string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	d := date.MustParse(s)
	c.t = time.Date(d.Year, d.Month, d.Day, 10, 0, 0, 0, date.Amsterdam).UTC()
}

type env struct {
	t     *testing.T
	d     *db.DB
	clk   *clock
	zaken *zaak.Service
	s     *backoffice.Service
	fx    *catalogustest.Fixture
	team  string
	ctx   context.Context
}

func newEnv(t *testing.T, d *db.DB) *env {
	fx := catalogustest.Build(t, d)
	clk := &clock{}
	clk.at("2026-03-02")
	zs := zaak.New(d)
	zs.Now = clk.Now
	ms := mail.New(d, nil, mail.Config{}, clk.Now, nil)
	e := &env{t: t, d: d, clk: clk, zaken: zs, s: backoffice.New(d, zs, ms, clk.Now, nil), fx: fx, team: uuid.NewString(),
		ctx: audit.WithActor(context.Background(), audit.Actor{Kind: "medewerker", ID: "u1", Name: "Bea Behandelaar",
			Roles: []string{"behandelaar"}})}
	if _, err := d.W.Exec(`INSERT INTO teams (id, code, naam) VALUES ($1, 'VERG', 'Vergunningen')`, e.team); err != nil {
		t.Fatal(err)
	}
	return e
}

func (e *env) create(start string) *zaak.Zaak {
	e.t.Helper()
	z, err := e.zaken.Create(e.ctx, zaak.CreateInput{Bronorganisatie: rsin, VerantwoordelijkeOrganisatie: rsin,
		ZaakTypeID: e.fx.ZaakType.ID, Omschrijving: "Dakkapel", Startdatum: date.MustParse(start), TeamID: e.team,
		Initiator: &zaak.RolInput{BetrokkeneType: "natuurlijk_persoon", BetrokkeneIdentificatie: zaak.BetrokkeneIdentificatie{
			InpBsn: bsnAnna, Geslachtsnaam: "Jansen"}}})
	if err != nil {
		e.t.Fatal(err)
	}
	return z
}

func (e *env) count(q string, args ...any) int {
	e.t.Helper()
	var n int
	if err := e.d.R.QueryRow(q, args...).Scan(&n); err != nil {
		e.t.Fatal(err)
	}
	return n
}

func wantField(t *testing.T, err error, field, code string) {
	t.Helper()
	e := errs.As(err)
	if e == nil {
		t.Fatalf("got %v, want field error %s/%s", err, field, code)
	}
	for _, f := range e.Fields {
		if f.Field == field && f.Code == code && f.Reason != "" {
			return
		}
	}
	t.Fatalf("got %+v, want %s/%s", e.Fields, field, code)
}

func TestNotes(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		z := e.create("2026-03-02")
		_, err := e.s.AddNote(e.ctx, z.ID, "   ")
		wantField(t, err, "tekst", "required")
		kcc := audit.WithActor(context.Background(), audit.Actor{Kind: "medewerker", Name: "K", Roles: []string{"kcc"}})
		if _, err := e.s.AddNote(kcc, z.ID, "x"); !errs.Is(err, errs.Forbidden) {
			t.Fatalf("kcc: %v", err)
		}
		if _, err := e.s.AddNote(e.ctx, uuid.NewString(), "x"); !errs.Is(err, errs.NotFound) {
			t.Fatalf("unknown zaak: %v", err)
		}
		if n := e.count(`SELECT COUNT(*) FROM zaak_notities`); n != 0 {
			t.Fatalf("%d notes after rejections", n)
		}
		if _, err := e.s.AddNote(e.ctx, z.ID, "Klant belde: tekening volgt."); err != nil {
			t.Fatal(err)
		}
		e.s.AddNote(e.ctx, z.ID, "Tweede notitie")
		ns, err := e.s.Notes(e.ctx, z.ID)
		if err != nil || len(ns) != 2 || ns[0].Tekst != "Tweede notitie" || ns[1].CreatedBy != "Bea Behandelaar" {
			t.Fatalf("notes %+v %v", ns, err)
		}
		if n := e.count(`SELECT COUNT(*) FROM audit_trail WHERE zaak_id = $1 AND resource = 'notitie'`, z.ID); n != 2 {
			t.Errorf("%d audit rows", n)
		}
	})
}

func TestBezwaarTermAndDecisionTerm(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		contested := e.create("2026-03-02")
		bs := besluit.New(d, e.clk.Now)
		b, err := bs.Create(e.ctx, besluit.CreateInput{VerantwoordelijkeOrganisatie: rsin, BesluittypeID: e.fx.BesluitType.ID,
			ZaakID: contested.ID, Datum: date.MustParse("2026-03-02"), Ingangsdatum: date.MustParse("2026-03-02"),
			Verzenddatum: date.MustParse("2026-03-02")})
		if err != nil {
			t.Fatal(err)
		}
		// Objection term: 2 March + 6 weeks = 13 April 2026 (a Monday).
		if b.UiterlijkeReactiedatum != date.MustParse("2026-04-13") {
			t.Fatalf("reactiedatum %s", b.UiterlijkeReactiedatum)
		}
		e.clk.at("2026-04-20")
		bz := e.create("2026-04-20")
		// Late without an excuse: refused, nothing written.
		_, err = e.s.RegisterBezwaar(e.ctx, bz.ID, backoffice.BezwaarInput{BesluitID: b.ID, OntvangenOp: date.MustParse("2026-04-14")})
		wantField(t, err, "ontvangenOp", "te-laat")
		_, err = e.s.RegisterBezwaar(e.ctx, bz.ID, backoffice.BezwaarInput{BesluitID: b.ID, OntvangenOp: date.MustParse("2026-04-21")})
		wantField(t, err, "ontvangenOp", "future")
		_, err = e.s.RegisterBezwaar(e.ctx, contested.ID, backoffice.BezwaarInput{BesluitID: b.ID, OntvangenOp: date.MustParse("2026-04-10")})
		wantField(t, err, "besluit", "same-zaak")
		if n := e.count(`SELECT COUNT(*) FROM bezwaren`); n != 0 {
			t.Fatalf("%d bezwaren after rejections", n)
		}
		// In time, with an advisory committee: 12 weeks after 13 April = 6 July.
		got, err := e.s.RegisterBezwaar(e.ctx, bz.ID, backoffice.BezwaarInput{BesluitID: b.ID,
			OntvangenOp: date.MustParse("2026-04-13"), Adviescommissie: true})
		if err != nil {
			t.Fatal(err)
		}
		if !got.Tijdig || got.BezwaartermijnEind != date.MustParse("2026-04-13") || got.Beslistermijn != date.MustParse("2026-07-06") {
			t.Errorf("bezwaar %+v", got)
		}
		if _, err := e.s.RegisterBezwaar(e.ctx, bz.ID, backoffice.BezwaarInput{BesluitID: b.ID,
			OntvangenOp: date.MustParse("2026-04-13")}); !errs.Is(err, errs.Conflict) {
			t.Errorf("second: %v", err)
		}
		// Late but excused, without committee: the term cannot run before
		// the objection existed, so 6 weeks from the day after receipt
		// (15 April) = 27 May.
		bz2 := e.create("2026-04-20")
		got, err = e.s.RegisterBezwaar(e.ctx, bz2.ID, backoffice.BezwaarInput{BesluitID: b.ID,
			OntvangenOp: date.MustParse("2026-04-15"), Verschoonbaar: "besluit naar een oud adres gestuurd"})
		if err != nil {
			t.Fatal(err)
		}
		if got.Tijdig || got.Beslistermijn != date.MustParse("2026-05-27") {
			t.Errorf("late bezwaar %+v", got)
		}
		r, err := e.s.BezwaarOf(e.ctx, bz2.ID)
		if err != nil || r.BesluitIdent != b.Identificatie {
			t.Errorf("read back %+v %v", r, err)
		}
	})
}

func TestDeadlineWarningsOncePerDeadline(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		lead := uuid.NewString()
		d.W.Exec(`INSERT INTO users (id, username, naam, email, team_id) VALUES ($1, 'tineke', 'Tineke', 'tineke@voorbeeld.nl', $2)`, lead, e.team)
		d.W.Exec(`INSERT INTO user_roles (user_id, rol) VALUES ($1, 'teamleider')`, lead)
		soon := e.create("2026-03-02") // deadline 28 April (27 April is Koningsdag)
		e.create("2026-03-20")         // deadline 15 May: later
		e.clk.at("2026-04-21")         // 5 werkdagen ahead: 28 April (Koningsdag skipped)
		ws, err := e.s.WarnDeadlines(e.ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(ws) != 1 || ws[0].ZaakID != soon.ID {
			t.Fatalf("warnings %+v", ws)
		}
		if n := e.count(`SELECT COUNT(*) FROM mail_berichten WHERE aan = 'tineke@voorbeeld.nl' AND bron = 'termijnwaarschuwing'`); n != 1 {
			t.Errorf("%d mails", n)
		}
		// Again: nothing new.
		if ws, _ := e.s.WarnDeadlines(e.ctx); len(ws) != 0 {
			t.Errorf("second run warned %d", len(ws))
		}
		if n := e.count(`SELECT COUNT(*) FROM mail_berichten`); n != 1 {
			t.Errorf("%d mails after rerun", n)
		}
	})
}
