package demo

import (
	"context"
	"fmt"
	"io"

	"github.com/gemeenten/loket/internal/audit"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/zgw"
)

// DemoAPIClient is one API client of the demo, with a secret that is public
// on purpose (it is printed and documented): never load the demo into a
// production database.
type DemoAPIClient struct {
	ClientID, Secret, Description string
}

// APIClients registers the demo's ZGW API clients in the loaded demo: one
// with all autorisaties (for trying the APIs and running test collections),
// a form system that may read the catalogue and create zaken of the
// published zaaktypen up to zaakvertrouwelijk, and a contact-centre front
// end that may read zaken up to vertrouwelijk. base is the public base URL
// (the zaaktype URLs in the autorisaties are built from it). Clients that
// already exist are left alone, so calling it twice is harmless.
func APIClients(ctx context.Context, d *db.DB, store *zgw.Store, base string, log io.Writer) ([]DemoAPIClient, error) {
	if log == nil {
		log = io.Discard
	}
	ctx = audit.WithActor(ctx, audit.System("demo"))
	rows, err := d.R.QueryContext(ctx, `SELECT id FROM zaaktypen WHERE concept = FALSE ORDER BY identificatie, id`)
	if err != nil {
		return nil, fmt.Errorf("demo api clients: zaaktypen: %w", err)
	}
	var zaaktypen []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, err
		}
		zaaktypen = append(zaaktypen, base+"/catalogi/api/v1/zaaktypen/"+id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}

	formulieren := []zgw.Autorisatie{{Component: zgw.ZTC, Scopes: []string{"catalogi.lezen"}}}
	kcc := []zgw.Autorisatie{{Component: zgw.ZTC, Scopes: []string{"catalogi.lezen"}}}
	for _, zt := range zaaktypen {
		formulieren = append(formulieren, zgw.Autorisatie{Component: zgw.ZRC, Scopes: []string{"zaken.lezen", "zaken.aanmaken"},
			Zaaktype: zt, MaxVertrouwelijkheid: "zaakvertrouwelijk"})
		kcc = append(kcc, zgw.Autorisatie{Component: zgw.ZRC, Scopes: []string{"zaken.lezen"}, Zaaktype: zt, MaxVertrouwelijkheid: "vertrouwelijk"})
	}
	clients := []struct {
		DemoAPIClient
		all    bool
		grants []zgw.Autorisatie
	}{
		{DemoAPIClient{"loket-demo", "loket-demo-secret", "alle autorisaties"}, true, nil},
		{DemoAPIClient{"demo-formulieren", "demo-formulieren-secret", "catalogus lezen, zaken aanmaken en lezen t/m zaakvertrouwelijk"}, false, formulieren},
		{DemoAPIClient{"demo-kcc", "demo-kcc-secret", "catalogus lezen, zaken lezen t/m vertrouwelijk"}, false, kcc},
	}
	var out []DemoAPIClient
	for _, c := range clients {
		exists, err := store.ClientExists(ctx, c.ClientID)
		if err != nil {
			return nil, err
		}
		if exists {
			continue
		}
		if err := store.CreateClient(ctx, c.ClientID, c.Secret, "Demo: "+c.Description); err != nil {
			return nil, fmt.Errorf("demo api client %s: %w", c.ClientID, err)
		}
		if c.all || len(c.grants) > 0 {
			if _, err := store.Grant(ctx, c.ClientID, c.all, c.grants); err != nil {
				return nil, fmt.Errorf("demo api client %s: %w", c.ClientID, err)
			}
		}
		fmt.Fprintf(log, "API-client %s (secret %s): %s\n", c.ClientID, c.Secret, c.Description)
		out = append(out, c.DemoAPIClient)
	}
	return out, nil
}
