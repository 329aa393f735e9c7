package klant_test

import (
	"slices"
	"testing"

	"github.com/google/uuid"

	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/db/dbtest"
	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/klant"
)

// The klantbeeld's read of a partij gives what GetPartij gives of the
// partij, its identificatoren and its digitale adressen.
func TestKlantbeeldPartij(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		p, err := e.s.PartijVoor(e.ctx, "bsn", bsnJan, "")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.s.CreateDigitaalAdres(e.ctx, klant.DigitaalAdresInput{PartijID: p.ID, SoortDigitaalAdres: klant.Email,
			Adres: "jan.devries@example.nl"}); err != nil {
			t.Fatal(err)
		}
		full, err := e.s.GetPartij(e.ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		got, das, err := e.s.KlantbeeldPartij(e.ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.ID != full.ID || got.VolledigeNaam() != full.VolledigeNaam() || got.Identificator("bsn") != bsnJan ||
			len(got.Identificatoren) != len(full.Identificatoren) || !slices.Equal(got.DigitaalAdresIDs, full.DigitaalAdresIDs) {
			t.Fatalf("klantbeeld partij %+v\nwant as %+v", got, full)
		}
		var adressen []string
		for _, a := range das {
			adressen = append(adressen, a.Adres)
		}
		if !slices.Contains(adressen, "jan.devries@example.nl") || len(das) != len(full.DigitaalAdresIDs) {
			t.Fatalf("digitale adressen %v, ids %v", adressen, full.DigitaalAdresIDs)
		}
		if _, _, err := e.s.KlantbeeldPartij(e.ctx, uuid.NewString()); !errs.Is(err, errs.NotFound) {
			t.Fatalf("unknown partij: %v", err)
		}
	})
}
