package catalogus_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/gemeenten/loket/internal/audit"
	"github.com/gemeenten/loket/internal/catalogus"
	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/termijn"
)

var ctx = audit.WithActor(context.Background(), audit.Actor{Kind: "medewerker", ID: "u1", Name: "Beheerder"})

func newStore(d *db.DB) *catalogus.Store {
	return catalogus.New(d, func() time.Time { return time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC) })
}

// must unwraps a result that the test needs to go on; an error here is a
// broken precondition, reported by panicking (Go cannot pass t alongside a
// multi-value call).
func must[T any](v T, err error) T {
	if err != nil {
		panic(fmt.Sprintf("unexpected error: %v", err))
	}
	return v
}

func ok(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// wantField asserts err is an Invalid error naming field with code.
func wantField(t *testing.T, err error, field, code string) {
	t.Helper()
	e := errs.As(err)
	if e == nil || e.Kind != errs.Invalid {
		t.Fatalf("want invalid %s/%s, got %v", field, code, err)
	}
	for _, f := range e.Fields {
		if f.Field == field && (code == "" || f.Code == code) {
			if f.Reason == "" {
				t.Errorf("field %s has no reason", field)
			}
			return
		}
	}
	t.Fatalf("want field %s/%s, got %v", field, code, err)
}

func wantKind(t *testing.T, err error, k errs.Kind) {
	t.Helper()
	if !errs.Is(err, k) {
		t.Fatalf("want %v, got %v", k, err)
	}
}

// counts returns the number of rows per table, to prove a refused write
// changed nothing.
func counts(t *testing.T, d *db.DB) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, tbl := range []string{"catalogi", "zaaktypen", "statustypen", "resultaattypen", "roltypen", "eigenschappen",
		"informatieobjecttypen", "besluittypen", "zaaktype_informatieobjecttypen", "zaaktype_besluittypen",
		"besluittype_informatieobjecttypen", "audit_trail"} {
		var n int
		if err := d.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+tbl).Scan(&n); err != nil {
			t.Fatal(err)
		}
		out[tbl] = n
	}
	return out
}

func sameCounts(t *testing.T, d *db.DB, before map[string]int) {
	t.Helper()
	after := counts(t, d)
	for k, v := range before {
		if after[k] != v {
			t.Errorf("%s: %d rows before, %d after a refused write", k, v, after[k])
		}
	}
}

func validCatalogus() catalogus.Catalogus {
	return catalogus.Catalogus{Domein: "VRBLD", RSIN: "002220647", Naam: "Gemeente Voorbeeld",
		ContactpersoonBeheerNaam: "Beheer", ContactpersoonBeheerEmailadres: "beheer@voorbeeld.nl"}
}

func validZaakType(catID string) catalogus.ZaakType {
	return catalogus.ZaakType{
		CatalogusID:                 catID,
		Identificatie:               "PASPOORT",
		Omschrijving:                "Paspoort aanvragen",
		Vertrouwelijkheidaanduiding: "openbaar",
		Doel:                        "Een paspoort verstrekken.",
		Aanleiding:                  "Aanvraag van een burger.",
		IndicatieInternOfExtern:     "extern",
		HandelingInitiator:          "Aanvragen",
		Onderwerp:                   "Paspoort",
		HandelingBehandelaar:        "Verstrekken",
		Doorlooptijd:                termijn.Days(5),
		ReferentieprocesNaam:        "Reisdocumenten",
		Verantwoordelijke:           "Burgerzaken",
		Trefwoorden:                 []string{"reisdocument", "identiteit"},
		BeginGeldigheid:             date.New(2025, time.January, 1),
	}
}

// conceptZaakType creates a catalogus and a concept zaaktype with two
// statustypen, a resultaattype and a roltype: ready to publish.
func conceptZaakType(t *testing.T, s *catalogus.Store) *catalogus.ZaakType {
	t.Helper()
	c := must(s.CreateCatalogus(ctx, validCatalogus()))
	return publishable(t, s, validZaakType(c.ID))
}

func publishable(t *testing.T, s *catalogus.Store, in catalogus.ZaakType) *catalogus.ZaakType {
	t.Helper()
	z := must(s.CreateZaakType(ctx, in))
	must(s.AddStatusType(ctx, catalogus.StatusType{ZaakTypeID: z.ID, Volgnummer: 1, Omschrijving: "Ontvangen"}, catalogus.Options{}))
	must(s.AddStatusType(ctx, catalogus.StatusType{ZaakTypeID: z.ID, Volgnummer: 2, Omschrijving: "Afgehandeld"}, catalogus.Options{}))
	must(s.AddResultaatType(ctx, catalogus.ResultaatType{ZaakTypeID: z.ID, Omschrijving: "Verstrekt",
		Archiefnominatie: catalogus.ArchiefnominatieVernietigen, Archiefactietermijn: termijn.Years(11),
		BrondatumArchiefprocedure: catalogus.BrondatumArchiefprocedure{Afleidingswijze: catalogus.AfleidingAfgehandeld}}, catalogus.Options{}))
	must(s.AddRolType(ctx, catalogus.RolType{ZaakTypeID: z.ID, Omschrijving: "Aanvrager", OmschrijvingGeneriek: catalogus.RolInitiator}, catalogus.Options{}))
	return must(catalogus.GetZaakType(ctx, s.DB.R, z.ID))
}
