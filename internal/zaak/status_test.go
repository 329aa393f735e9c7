package zaak_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/gemeenten/loket/internal/audit"
	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/db/dbtest"
	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/zaak"
)

func TestStatusAndClose(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		z := e.create("2026-03-20")
		other := newEnv(t, d)

		_, err := e.s.SetStatus(e.ctx, z.ID, zaak.StatusInput{StatusTypeID: other.statusType(2)})
		wantField(t, err, errs.Invalid, "statustype", "zaaktype-mismatch")
		_, err = e.s.SetStatus(e.ctx, z.ID, zaak.StatusInput{StatusTypeID: e.statusType(2), DatumStatusGezet: e.clk.Now().Add(time.Hour)})
		wantField(t, err, errs.Invalid, "datumStatusGezet", "date-in-future")

		e.clk.at("2026-04-01")
		st, err := e.s.SetStatus(e.ctx, z.ID, zaak.StatusInput{StatusTypeID: e.statusType(2), Statustoelichting: "Gestart"})
		if err != nil {
			t.Fatal(err)
		}
		z = e.get(z.ID)
		if z.StatusID != st.ID || z.StatusType.Volgnummer != 2 || len(z.Statussen) != 2 || z.IsClosed() {
			t.Fatalf("after status 2: %+v", z.StatusType)
		}

		// The eindstatus needs a resultaat; a refused close writes nothing.
		before := e.count(`SELECT COUNT(*) FROM audit_trail WHERE zaak_id = $1`, z.ID)
		_, err = e.s.SetStatus(e.ctx, z.ID, zaak.StatusInput{StatusTypeID: e.eindStatus()})
		wantField(t, err, errs.Invalid, "statustype", "resultaat-ontbreekt")
		if n := e.count(`SELECT COUNT(*) FROM audit_trail WHERE zaak_id = $1`, z.ID); n != before {
			t.Errorf("refused close wrote %d audit rows", n-before)
		}
		_, err = e.s.SetResultaat(e.ctx, z.ID, other.resultaatType("Verleend"), "")
		wantField(t, err, errs.Invalid, "resultaattype", "zaaktype-mismatch")
		if _, err := e.s.SetResultaat(e.ctx, z.ID, e.resultaatType("Verleend"), "Vergunning verleend"); err != nil {
			t.Fatal(err)
		}

		// Closing at 23:30 Amsterdam on 9 April is still 9 April.
		e.clk.at("2026-04-10")
		at := time.Date(2026, 4, 9, 23, 30, 0, 0, date.Amsterdam)
		if _, err := e.s.SetStatus(e.ctx, z.ID, zaak.StatusInput{StatusTypeID: e.eindStatus(), DatumStatusGezet: at}); err != nil {
			t.Fatal(err)
		}
		z = e.get(z.ID)
		if z.Einddatum != date.MustParse("2026-04-09") {
			t.Errorf("einddatum = %s", z.Einddatum)
		}
		// Verleend: blijvend_bewaren, P10Y, afleidingswijze afgehandeld.
		if z.Archiefnominatie != "blijvend_bewaren" || z.StartdatumBewaartermijn != date.MustParse("2026-04-09") ||
			z.Archiefactiedatum != date.MustParse("2036-04-09") {
			t.Errorf("archive: %s %s %s", z.Archiefnominatie, z.StartdatumBewaartermijn, z.Archiefactiedatum)
		}
		// Closing settles the norms: N1 (due 25 March) was never sent → breached;
		// N2 (due 7 April) passed → breached; N4 (due 11 May) met.
		for code, want := range map[string]string{"N1": zaak.NormBreached, "N2": zaak.NormBreached, "N4": zaak.NormMet, "N8": zaak.NormMet} {
			if n := norm(z, code, 1); n.State != want {
				t.Errorf("%s = %s, want %s", code, n.State, want)
			}
		}
		// Parts of a closed zaak are frozen.
		_, err = e.s.SetResultaat(e.ctx, z.ID, e.resultaatType("Geweigerd"), "")
		wantCode(t, err, errs.Conflict, "zaak-afgesloten")
		if _, err := e.s.SetResultaat(zaak.WithForcedUpdate(e.ctx), z.ID, e.resultaatType("Verleend"), "correctie"); err != nil {
			t.Errorf("forced update: %v", err)
		}
		// Archive fields may still change.
		st2 := "gearchiveerd"
		if _, err := e.s.Update(e.ctx, z.ID, zaak.UpdateInput{Archiefstatus: &st2}); err != nil {
			t.Errorf("archiefstatus on closed zaak: %v", err)
		}
		oms := "x"
		_, err = e.s.Update(e.ctx, z.ID, zaak.UpdateInput{Omschrijving: &oms})
		wantCode(t, err, errs.Conflict, "zaak-afgesloten")
	})
}

func TestReopen(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		z := e.close(e.create("2026-03-20"), e.resultaatType("Verleend"))
		if !z.IsClosed() {
			t.Fatal("not closed")
		}
		e.clk.t = e.clk.t.Add(time.Hour)
		_, err := e.s.SetStatus(e.ctx, z.ID, zaak.StatusInput{StatusTypeID: e.statusType(2)})
		if errs.KindOf(err) != errs.Forbidden {
			t.Fatalf("behandelaar reopened: %v", err)
		}
		lead := audit.WithActor(context.Background(), audit.Actor{Kind: "medewerker", ID: "u-2", Name: "Tim Teamleider", Roles: []string{"teamleider"}})
		if _, err := e.s.SetStatus(lead, z.ID, zaak.StatusInput{StatusTypeID: e.statusType(2)}); err != nil {
			t.Fatal(err)
		}
		z = e.get(z.ID)
		if z.IsClosed() || !z.Archiefactiedatum.IsZero() || z.Archiefnominatie != "" || !z.StartdatumBewaartermijn.IsZero() {
			t.Errorf("reopen left %s %s %q %s", z.Einddatum, z.Archiefactiedatum, z.Archiefnominatie, z.StartdatumBewaartermijn)
		}
		// An API application (its zaken.heropenen scope checked upstream) may; a hook can say otherwise.
		z = e.close(z, e.resultaatType("Verleend"))
		app := audit.WithActor(context.Background(), audit.Actor{Kind: "applicatie", ID: "client"})
		e.s.MayReopen = func(context.Context, audit.Actor) bool { return false }
		e.clk.t = e.clk.t.Add(time.Hour)
		if _, err := e.s.SetStatus(app, z.ID, zaak.StatusInput{StatusTypeID: e.statusType(2)}); errs.KindOf(err) != errs.Forbidden {
			t.Errorf("hook ignored: %v", err)
		}
		e.s.MayReopen = nil
		if _, err := e.s.SetStatus(app, z.ID, zaak.StatusInput{StatusTypeID: e.statusType(2)}); err != nil {
			t.Errorf("application reopen: %v", err)
		}
	})
}

func TestDeelzaken(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		hoofd := e.create("2026-03-20")
		in := e.input("2026-03-20")
		in.HoofdzaakID = hoofd.ID
		deel, err := e.s.Create(e.ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		in.HoofdzaakID = deel.ID
		_, err = e.s.Create(e.ctx, in)
		wantField(t, err, errs.Invalid, "hoofdzaak", "deelzaak-als-hoofdzaak")
		self := hoofd.ID
		_, err = e.s.Update(e.ctx, hoofd.ID, zaak.UpdateInput{HoofdzaakID: &self})
		wantField(t, err, errs.Invalid, "hoofdzaak", "self-forbidden")
		other := e.create("2026-03-20")
		_, err = e.s.Update(e.ctx, hoofd.ID, zaak.UpdateInput{HoofdzaakID: &other.ID})
		wantField(t, err, errs.Invalid, "hoofdzaak", "hoofdzaak-als-deelzaak")

		if z := e.get(hoofd.ID); len(z.Deelzaken) != 1 || z.Deelzaken[0].ID != deel.ID {
			t.Errorf("deelzaken = %+v", z.Deelzaken)
		}
		if _, err := e.s.SetResultaat(e.ctx, hoofd.ID, e.resultaatType("Verleend"), ""); err != nil {
			t.Fatal(err)
		}
		_, err = e.s.SetStatus(e.ctx, hoofd.ID, zaak.StatusInput{StatusTypeID: e.eindStatus()})
		wantCode(t, err, errs.Invalid, "deelzaken-zonder-resultaat")
		if _, err := e.s.SetResultaat(e.ctx, deel.ID, e.resultaatType("Verleend"), ""); err != nil {
			t.Fatal(err)
		}
		if _, err := e.s.SetStatus(e.ctx, hoofd.ID, zaak.StatusInput{StatusTypeID: e.eindStatus()}); err != nil {
			t.Fatal(err)
		}
	})
}

func TestCloseNeedsGebruiksrecht(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		z := e.create("2026-03-20")
		ioID := uuid.NewString()
		now := e.clk.Now()
		if _, err := d.W.Exec(`INSERT INTO informatieobjecten (id, identificatie, bronorganisatie, creatiedatum, titel,
			vertrouwelijkheidaanduiding, auteur, created_at, updated_at) VALUES ($1,'DOC-1',$2,'2026-03-20','Aanvraag',
			'zaakvertrouwelijk','Anna',$3,$3)`, ioID, rsinGemeente, now); err != nil {
			t.Fatal(err)
		}
		if _, err := d.W.Exec(`INSERT INTO zaakinformatieobjecten (id, zaak_id, informatieobject_id, registratiedatum)
			VALUES ($1,$2,$3,$4)`, uuid.NewString(), z.ID, ioID, now); err != nil {
			t.Fatal(err)
		}
		if _, err := e.s.SetResultaat(e.ctx, z.ID, e.resultaatType("Verleend"), ""); err != nil {
			t.Fatal(err)
		}
		_, err := e.s.SetStatus(e.ctx, z.ID, zaak.StatusInput{StatusTypeID: e.eindStatus()})
		wantCode(t, err, errs.Invalid, "indicatiegebruiksrecht-unset")
		if _, err := d.W.Exec(`UPDATE informatieobjecten SET indicatie_gebruiksrecht = $1`, false); err != nil {
			t.Fatal(err)
		}
		if _, err := e.s.SetStatus(e.ctx, z.ID, zaak.StatusInput{StatusTypeID: e.eindStatus()}); err != nil {
			t.Fatal(err)
		}
	})
}

// zrc-021: the brondatum per afleidingswijze; every test resultaattype has
// archiefactietermijn P5Y.
func TestArchiveAfleidingswijzen(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		e.clk.at("2026-06-15")
		einde := "2026-06-15"
		besluit := func(z *zaak.Zaak, ingang, verval string) {
			t.Helper()
			var v any
			if verval != "" {
				v = verval
			}
			if _, err := d.W.Exec(`INSERT INTO besluiten (id, identificatie, verantwoordelijke_organisatie, besluittype_id,
				zaak_id, datum, ingangsdatum, vervaldatum, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)`,
				uuid.NewString(), "B-"+uuid.NewString()[:8], rsinGemeente, e.fx.BesluitType.ID, z.ID, ingang, ingang, v,
				e.clk.Now()); err != nil {
				t.Fatal(err)
			}
		}
		datumEig := e.addEigenschap("vervaldatumVergunning", "datum", "8")
		cases := []struct {
			name, afleiding, kenmerk, objecttype, procestermijn string
			prepare                                             func(z *zaak.Zaak)
			brondatum                                           string // "" = not determinable
		}{
			{"afgehandeld", "afgehandeld", "", "", "", nil, einde},
			{"termijn", "termijn", "", "", "P2Y", nil, "2028-06-15"},
			{"eigenschap", "eigenschap", "vervaldatumVergunning", "", "", func(z *zaak.Zaak) {
				if _, err := e.s.SetEigenschap(e.ctx, z.ID, datumEig, "20300101"); err != nil {
					t.Fatal(err)
				}
			}, "2030-01-01"},
			{"eigenschap missing", "eigenschap", "vervaldatumVergunning", "", "", nil, ""},
			{"ander_datumkenmerk", "ander_datumkenmerk", "", "", "", nil, ""},
			{"ander_datumkenmerk set by hand", "ander_datumkenmerk", "", "", "", func(z *zaak.Zaak) {
				dd := date.MustParse("2027-02-02")
				if _, err := e.s.Update(e.ctx, z.ID, zaak.UpdateInput{StartdatumBewaartermijn: &dd}); err != nil {
					t.Fatal(err)
				}
			}, "2027-02-02"},
			{"zaakobject", "zaakobject", "einddatum", "pand", "", func(z *zaak.Zaak) {
				for _, v := range []string{"2029-05-01", "2031-07-01"} {
					if _, err := e.s.AddObject(e.ctx, z.ID, zaak.ZaakObjectInput{ObjectType: "pand",
						ObjectIdentificatie: json.RawMessage(`{"identificatie":"0363100012345678","einddatum":"` + v + `"}`)}); err != nil {
						t.Fatal(err)
					}
				}
				if _, err := e.s.AddObject(e.ctx, z.ID, zaak.ZaakObjectInput{ObjectType: "adres",
					ObjectIdentificatie: json.RawMessage(`{"einddatum":"2040-01-01"}`)}); err != nil {
					t.Fatal(err)
				}
			}, "2031-07-01"},
			{"hoofdzaak", "hoofdzaak", "", "", "", func(z *zaak.Zaak) {
				// z becomes a deelzaak of a closed zaak.
				e.clk.at("2026-06-10")
				h := e.create("2026-03-20")
				e.close(h, e.resultaatType("Verleend"))
				e.clk.at("2026-06-15")
				if _, err := e.s.Update(e.ctx, z.ID, zaak.UpdateInput{HoofdzaakID: &h.ID}); err != nil {
					t.Fatal(err)
				}
			}, "2026-06-10"},
			{"gerelateerde_zaak", "gerelateerde_zaak", "", "", "", func(z *zaak.Zaak) {
				e.clk.at("2026-06-12")
				r := e.create("2026-03-20")
				e.close(r, e.resultaatType("Verleend"))
				e.clk.at("2026-06-15")
				if _, err := e.s.AddRelatie(e.ctx, z.ID, zaak.RelatieInput{AndereZaakID: r.ID, AardRelatie: "vervolg"}); err != nil {
					t.Fatal(err)
				}
			}, "2026-06-12"},
			{"ingangsdatum_besluit", "ingangsdatum_besluit", "", "", "", func(z *zaak.Zaak) {
				besluit(z, "2026-06-01", "2030-06-01")
				besluit(z, "2026-06-03", "")
			}, "2026-06-03"},
			{"vervaldatum_besluit", "vervaldatum_besluit", "", "", "", func(z *zaak.Zaak) {
				besluit(z, "2026-06-01", "2030-06-01")
			}, "2030-06-01"},
		}
		for _, c := range cases {
			rt := e.addResultaatType("Test "+c.name, c.afleiding, c.kenmerk, c.objecttype, c.procestermijn)
			z := e.create("2026-03-20")
			if c.prepare != nil {
				c.prepare(z)
			}
			e.clk.at(einde)
			e.clk.t = e.clk.t.Add(4 * time.Hour) // after every status set so far today
			z = e.close(z, rt)
			e.clk.at(einde)
			if z.Einddatum.String() != einde || z.Archiefnominatie != "vernietigen" {
				t.Errorf("%s: einddatum %s nominatie %q", c.name, z.Einddatum, z.Archiefnominatie)
			}
			if c.brondatum == "" {
				if !z.Archiefactiedatum.IsZero() {
					t.Errorf("%s: archiefactiedatum %s, want empty", c.name, z.Archiefactiedatum)
				}
				continue
			}
			want := date.MustParse(c.brondatum).AddDate(5, 0, 0)
			if z.StartdatumBewaartermijn.String() != c.brondatum || z.Archiefactiedatum != want {
				t.Errorf("%s: brondatum %s archiefactiedatum %s, want %s %s", c.name, z.StartdatumBewaartermijn,
					z.Archiefactiedatum, c.brondatum, want)
			}
		}
	})
}
