package catalogi

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/zgw"
)

// The selectielijst and the generic resultaattype-omschrijvingen live in the
// Referentielijsten API (ztc-001, ztc-002). References are fetched and their
// shape checked; a URL on this server is served in-process when
// Options.Local is set.

type procestype struct {
	URL    string `json:"url"`
	Nummer *int   `json:"nummer"`
	Jaar   *int   `json:"jaar"`
	Naam   string `json:"naam"`
}

type selectielijstResultaat struct {
	URL           string  `json:"url"`
	ProcesType    string  `json:"procesType"`
	Nummer        *int    `json:"nummer"`
	Waardering    string  `json:"waardering"`
	Procestermijn string  `json:"procestermijn"`
	Bewaartermijn *string `json:"bewaartermijn"`
}

type resultaattypeOmschrijving struct {
	URL          string  `json:"url"`
	Omschrijving *string `json:"omschrijving"`
}

// fetch gets u as JSON into v. It returns a field error naming field when
// the URL is not in the configured selectielijst API, cannot be fetched or
// is not JSON.
func (a *api) fetch(ctx context.Context, field, u string, v any) error {
	if base := strings.TrimRight(a.opts.SelectielijstBase, "/"); !strings.HasPrefix(u, base+"/") {
		return errs.InvalidField(field, "invalid-resource", "De URL moet verwijzen naar de referentielijsten-API ("+base+").")
	}
	if !strings.HasPrefix(u, "http://") && !strings.HasPrefix(u, "https://") {
		return errs.InvalidField(field, "bad-url", "Voer een geldige URL in.")
	}
	// zgw.Env.Fetch: in-process for this server's own Referentielijsten
	// API, otherwise over HTTP under the outbound rule (timeout, size cap,
	// no link-local or metadata addresses, same-host redirects).
	body, status, err := a.env.Fetch(ctx, u, zgw.FetchOptions{Local: a.opts.Local})
	if err != nil {
		return errs.InvalidField(field, "bad-url", "De URL kon niet opgehaald worden.")
	}
	if status != http.StatusOK {
		return errs.InvalidField(field, "bad-url", fmt.Sprintf("De URL gaf status %d in plaats van 200.", status))
	}
	if err := json.Unmarshal(body, v); err != nil {
		return errs.InvalidField(field, "invalid-resource", "De URL verwijst niet naar een geldig object.")
	}
	return nil
}

// checkProcestype is ztc-001.
func (a *api) checkProcestype(ctx context.Context, u string) error {
	if u == "" {
		return nil
	}
	var p procestype
	if err := a.fetch(ctx, "selectielijstProcestype", u, &p); err != nil {
		return err
	}
	if p.Nummer == nil || p.Jaar == nil {
		return errs.InvalidField("selectielijstProcestype", "invalid-resource", "De URL verwijst niet naar een procestype van de selectielijst.")
	}
	return nil
}

// selectielijstklasse fetches a selectielijst resultaat (ztc-002).
func (a *api) selectielijstklasse(ctx context.Context, u string) (*selectielijstResultaat, error) {
	var r selectielijstResultaat
	if err := a.fetch(ctx, "selectielijstklasse", u, &r); err != nil {
		return nil, err
	}
	if r.ProcesType == "" || r.Waardering == "" {
		return nil, errs.InvalidField("selectielijstklasse", "invalid-resource", "De URL verwijst niet naar een resultaat van de selectielijst.")
	}
	return &r, nil
}

// omschrijvingGeneriek fetches a resultaattypeomschrijving (ztc-002).
func (a *api) omschrijvingGeneriek(ctx context.Context, u string) (string, error) {
	var r resultaattypeOmschrijving
	if err := a.fetch(ctx, "resultaattypeomschrijving", u, &r); err != nil {
		return "", err
	}
	if r.Omschrijving == nil {
		return "", errs.InvalidField("resultaattypeomschrijving", "invalid-resource", "De URL verwijst niet naar een resultaattypeomschrijving.")
	}
	return *r.Omschrijving, nil
}
