package demo_test

import (
	"context"
	"testing"
	"time"

	"github.com/gemeenten/loket/internal/catalogus/catalogustest"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/db/dbtest"
	"github.com/gemeenten/loket/internal/demo"
	"github.com/gemeenten/loket/internal/zgw"
	"github.com/gemeenten/loket/internal/zgw/zgwtest"
)

func TestDemoAPIClients(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		zt := catalogustest.Published(t, d)
		store := &zgw.Store{DB: d}
		const base = "http://localhost:8080"
		made, err := demo.APIClients(ctx, d, store, base, nil)
		if err != nil || len(made) != 3 {
			t.Fatalf("APIClients: %v %v", made, err)
		}
		auth := zgw.NewAuthorizer(d, nil, nil)
		byID := map[string]*zgw.Client{}
		for _, m := range made {
			c, err := auth.Authenticate(ctx, "Bearer "+zgwtest.Token(m.ClientID, m.Secret, time.Now(), nil))
			if err != nil {
				t.Fatalf("%s: %v", m.ClientID, err)
			}
			byID[m.ClientID] = c
		}
		ztURL := base + "/catalogi/api/v1/zaaktypen/" + zt.ID
		if !byID["loket-demo"].HeeftAlleAutorisaties {
			t.Error("loket-demo lacks alle autorisaties")
		}
		f := byID["demo-formulieren"]
		if !f.Allows(zgw.ZRC, "zaken.aanmaken", ztURL, "zaakvertrouwelijk") || f.Allows(zgw.ZRC, "zaken.aanmaken", ztURL, "vertrouwelijk") ||
			f.Allows(zgw.ZRC, "zaken.verwijderen", ztURL, "openbaar") || !f.HasScope(zgw.ZTC, "catalogi.lezen") {
			t.Errorf("demo-formulieren: %+v", f.Autorisaties)
		}
		k := byID["demo-kcc"]
		if !k.Allows(zgw.ZRC, "zaken.lezen", ztURL, "vertrouwelijk") || k.HasScope(zgw.ZRC, "zaken.aanmaken") {
			t.Errorf("demo-kcc: %+v", k.Autorisaties)
		}
		again, err := demo.APIClients(ctx, d, store, base, nil)
		if err != nil || len(again) != 0 {
			t.Errorf("second call: %v %v", again, err)
		}
	})
}
