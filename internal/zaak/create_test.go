package zaak_test

import (
	"testing"

	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/db/dbtest"
)

func TestCreateSmoke(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		z := e.create("2026-03-20")
		if z.Identificatie != "ZAAK-2026-0000000001" {
			t.Errorf("identificatie = %s", z.Identificatie)
		}
		if got := z.UiterlijkeEinddatumAfdoening; got != date.MustParse("2026-05-18") {
			t.Errorf("deadline = %s", got)
		}
		t.Logf("%+v", z.Normen)
	})
}
