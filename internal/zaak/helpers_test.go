package zaak_test

import (
	"context"
	"database/sql"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/gemeenten/loket/internal/audit"
	"github.com/gemeenten/loket/internal/catalogus"
	"github.com/gemeenten/loket/internal/catalogus/catalogustest"
	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/zaak"
)

// Valid test numbers (elfproef).
const (
	rsinGemeente = "002220647"
	bsnAnna      = "999993653"
	bsnBram      = "999990627"
)

// clock is a fixed test clock that ticks one second per reading, so that
// two statuses set in a row do not share an instant (Open Zaak's unique
// (zaak, datumStatusGezet)).
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

// at sets the clock to 10:00 in Amsterdam on day s.
func (c *clock) at(s string) {
	d := date.MustParse(s)
	c.t = time.Date(d.Year, d.Month, d.Day, 10, 0, 0, 0, date.Amsterdam).UTC()
}

type env struct {
	t   *testing.T
	d   *db.DB
	s   *zaak.Service
	clk *clock
	zt  *catalogus.ZaakType
	fx  *catalogustest.Fixture
	ctx context.Context
}

func newEnv(t *testing.T, d *db.DB, opts ...catalogustest.Option) *env {
	t.Helper()
	fx := catalogustest.Build(t, d, opts...)
	clk := &clock{}
	clk.at("2026-03-20")
	s := zaak.New(d)
	s.Now = clk.Now
	ctx := audit.WithActor(context.Background(), audit.Actor{Kind: "medewerker", ID: "u-1", Name: "Bea Behandelaar",
		Roles: []string{"behandelaar"}})
	return &env{t: t, d: d, s: s, clk: clk, zt: fx.ZaakType, fx: fx, ctx: ctx}
}

func (e *env) input(start string) zaak.CreateInput {
	return zaak.CreateInput{
		Bronorganisatie: rsinGemeente, VerantwoordelijkeOrganisatie: rsinGemeente, ZaakTypeID: e.zt.ID,
		Omschrijving: "Dakkapel Dorpsstraat 1", Startdatum: date.MustParse(start), Kanaal: "webformulier",
		Initiator: &zaak.RolInput{BetrokkeneType: "natuurlijk_persoon", BetrokkeneIdentificatie: zaak.BetrokkeneIdentificatie{
			InpBsn: bsnAnna, Voornamen: "Anna", Geslachtsnaam: "Jansen"}},
	}
}

func (e *env) create(start string) *zaak.Zaak {
	e.t.Helper()
	z, err := e.s.Create(e.ctx, e.input(start))
	if err != nil {
		e.t.Fatalf("create: %v", err)
	}
	return z
}

func (e *env) statusType(volgnummer int) string {
	for _, st := range e.zt.StatusTypen {
		if st.Volgnummer == volgnummer {
			return st.ID
		}
	}
	e.t.Fatalf("no statustype %d", volgnummer)
	return ""
}

func (e *env) eindStatus() string { return e.zt.EindStatusType().ID }

func (e *env) resultaatType(omschrijving string) string {
	for _, r := range e.zt.ResultaatTypen {
		if r.Omschrijving == omschrijving {
			return r.ID
		}
	}
	var id string
	if err := e.d.R.QueryRow(`SELECT id FROM resultaattypen WHERE zaaktype_id = $1 AND omschrijving = $2`,
		e.zt.ID, omschrijving).Scan(&id); err != nil {
		e.t.Fatalf("no resultaattype %s: %v", omschrijving, err)
	}
	return id
}

// addResultaatType inserts a resultaattype into the (published) test
// zaaktype directly: the catalogue refuses changes to a published zaaktype,
// and the archive tests need one per afleidingswijze.
func (e *env) addResultaatType(omschrijving, afleiding, datumkenmerk, objecttype, procestermijn string) string {
	e.t.Helper()
	id := uuid.NewString()
	_, err := e.d.W.Exec(`INSERT INTO resultaattypen (id, zaaktype_id, omschrijving, archiefnominatie,
		archiefactietermijn, brondatum_afleidingswijze, brondatum_datumkenmerk, brondatum_objecttype,
		brondatum_procestermijn) VALUES ($1,$2,$3,'vernietigen','P5Y',$4,$5,$6,$7)`,
		id, e.zt.ID, omschrijving, afleiding, datumkenmerk, objecttype, procestermijn)
	if err != nil {
		e.t.Fatalf("insert resultaattype: %v", err)
	}
	return id
}

func (e *env) addEigenschap(naam, formaat, lengte string) string {
	e.t.Helper()
	id := uuid.NewString()
	_, err := e.d.W.Exec(`INSERT INTO eigenschappen (id, zaaktype_id, naam, definitie, formaat, lengte)
		VALUES ($1,$2,$3,$3,$4,$5)`, id, e.zt.ID, naam, formaat, lengte)
	if err != nil {
		e.t.Fatalf("insert eigenschap: %v", err)
	}
	return id
}

func (e *env) rolType(generiek string) string {
	rt := e.zt.RolTypeGeneriek(generiek)
	if rt == nil {
		e.t.Fatalf("no roltype %s", generiek)
	}
	return rt.ID
}

func (e *env) close(z *zaak.Zaak, resultaat string) *zaak.Zaak {
	e.t.Helper()
	if _, err := e.s.SetResultaat(e.ctx, z.ID, resultaat, ""); err != nil {
		e.t.Fatalf("resultaat: %v", err)
	}
	if _, err := e.s.SetStatus(e.ctx, z.ID, zaak.StatusInput{StatusTypeID: e.eindStatus()}); err != nil {
		e.t.Fatalf("close: %v", err)
	}
	return e.get(z.ID)
}

func (e *env) get(id string) *zaak.Zaak {
	e.t.Helper()
	z, err := e.s.Get(e.ctx, id)
	if err != nil {
		e.t.Fatalf("get: %v", err)
	}
	return z
}

func (e *env) count(query string, args ...any) int {
	e.t.Helper()
	var n int
	if err := e.d.R.QueryRow(query, args...).Scan(&n); err != nil {
		e.t.Fatalf("count: %v", err)
	}
	return n
}

func norm(z *zaak.Zaak, code string, volgnr int) *zaak.Norm {
	for i := range z.Normen {
		if z.Normen[i].Norm == code && z.Normen[i].Volgnummer == volgnr {
			return &z.Normen[i]
		}
	}
	return nil
}

func wantField(t *testing.T, err error, kind errs.Kind, field, code string) {
	t.Helper()
	if err == nil {
		t.Fatalf("want %s error on %s, got nil", kind, field)
	}
	e := errs.As(err)
	if e == nil || e.Kind != kind {
		t.Fatalf("want %s error on %s, got %v", kind, field, err)
	}
	for _, f := range e.Fields {
		if f.Field == field && (code == "" || f.Code == code) {
			return
		}
	}
	t.Fatalf("want field error %s (%s), got %v", field, code, err)
}

func wantCode(t *testing.T, err error, kind errs.Kind, code string) {
	t.Helper()
	e := errs.As(err)
	if e == nil || e.Kind != kind || e.Code != code {
		t.Fatalf("want %s %q, got %v", kind, code, err)
	}
}

var _ = sql.ErrNoRows
