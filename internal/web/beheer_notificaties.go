package web

import (
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/gemeenten/loket/internal/auth"
	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/notificaties"
)

// NotifyDeps is what notification channels, subscriptions and delivery attempts in /beheer/notificaties need.
type NotifyDeps struct {
	// Service holds kanalen, abonnementen and the delivery attempts; the
	// section is served when it is set.
	Service *notificaties.Service
}

// The notifications page: the kanalen Loket publishes on, the abonnementen
// (who receives what; a beheerder may add or remove one, e.g. for a system
// that cannot use the Notificaties API itself) and the recent delivery
// attempts, failures first in view. The rules live in notificaties.
func (a *app) notificatieRoutes(mux *http.ServeMux) {
	if a.Notify.Service == nil {
		return
	}
	beheer := auth.RequireStaff(auth.RoleBeheerder)
	h := func(pattern string, fn http.HandlerFunc) { mux.Handle(pattern, beheer(fn)) }
	h("GET /beheer/notificaties", a.notificatiesPage)
	h("POST /beheer/notificaties/abonnementen", a.notificatieAbonnementCreate)
	h("POST /beheer/notificaties/abonnementen/{id}/verwijderen", a.notificatieAbonnementDelete)
	h("POST /beheer/notificaties/afleveringen/{id}/opnieuw", a.notificatieRedeliver)
}

var notificatieNotices = map[string]string{
	"abonnement-aangemaakt": "Het abonnement is aangemaakt. Nieuwe notificaties op het kanaal gaan vanaf nu ook naar deze ontvanger.",
	"abonnement-verwijderd": "Het abonnement is verwijderd. Er gaan geen notificaties meer naar deze ontvanger.",
	"abonnement-onbekend":   "Dit abonnement bestaat niet (meer).",
}

type notificatieKanaalRow struct {
	Naam, Filters, Link string
}

type notificatieAbonnementRow struct {
	ID, CallbackURL, AuthHint, Kanalen, Door string
	DeleteAction                             string
	Aangemaakt                               time.Time
}

type notificatieAfleveringRow struct {
	notificaties.Aflevering
	Resultaat    string
	ResendAction string
}

type notificatiesView struct {
	Kanalen      []notificatieKanaalRow
	Abonnementen []notificatieAbonnementRow
	Afleveringen []notificatieAfleveringRow
	AlleenFout   bool
	Notice       string
	Fields       []field
	KanaalOpties []option
	KanaalError  string
	FilterValue  string
	FilterError  string
}

func (a *app) notificatiesPage(w http.ResponseWriter, r *http.Request) {
	a.renderNotificaties(w, r, http.StatusOK, nil, nil)
}

func (a *app) renderNotificaties(w http.ResponseWriter, r *http.Request, status int, in url.Values, fe []fieldError) {
	ctx := r.Context()
	s := a.Notify.Service
	kanalen, err := s.ListKanalen(ctx, "")
	if err != nil {
		a.fail(w, r, err)
		return
	}
	abos, err := s.ListAbonnementen(ctx)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	v := notificatiesView{AlleenFout: r.URL.Query().Get("alleen") == "mislukt"}
	afl, err := s.Afleveringen(ctx, v.AlleenFout, 50)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if len(fe) == 0 {
		v.Notice = notificatieNotices[r.URL.Query().Get("melding")]
	}
	for _, k := range kanalen {
		f := strings.Join(k.Filters, ", ")
		if f == "" {
			f = "—"
		}
		v.Kanalen = append(v.Kanalen, notificatieKanaalRow{Naam: k.Naam, Filters: f, Link: k.DocumentatieLink})
		v.KanaalOpties = append(v.KanaalOpties, option{Value: k.Naam, Label: k.Naam, Selected: in.Get("kanaal") == k.Naam})
	}
	for _, ab := range abos {
		var parts []string
		for _, g := range ab.Kanalen {
			p := g.Naam
			if len(g.Filters) > 0 {
				var fs []string
				for k, val := range g.Filters {
					fs = append(fs, k+" = "+val)
				}
				sort.Strings(fs)
				p += " (" + strings.Join(fs, "; ") + ")"
			}
			parts = append(parts, p)
		}
		door := "Beheer"
		if ab.ClientID != "" {
			door = "API-client " + ab.ClientID
		}
		v.Abonnementen = append(v.Abonnementen, notificatieAbonnementRow{
			ID: ab.ID, CallbackURL: ab.CallbackURL, AuthHint: ab.AuthHint(), Kanalen: strings.Join(parts, ", "), Door: door,
			DeleteAction: "/beheer/notificaties/abonnementen/" + url.PathEscape(ab.ID) + "/verwijderen", Aangemaakt: ab.CreatedAt,
		})
	}
	for _, x := range afl {
		row := notificatieAfleveringRow{Aflevering: x, Resultaat: "Afgeleverd"}
		if !x.Gelukt {
			row.Resultaat = "Mislukt"
			row.ResendAction = "/beheer/notificaties/afleveringen/" + url.PathEscape(x.ID) + "/opnieuw"
		}
		v.Afleveringen = append(v.Afleveringen, row)
	}
	v.Fields = []field{
		{ID: "callbackUrl", Label: "Callback-URL", Type: "url", Value: in.Get("callbackUrl"), Required: true, Autocomplete: "off", Wide: true,
			Hint: "Het adres waar Loket de notificaties naartoe stuurt, bijvoorbeeld https://zac.gemeente.nl/api/notificaties."},
		{ID: "auth", Label: "Waarde van de Authorization-header", Type: "password", Required: true, Autocomplete: "off", Wide: true,
			Hint: "Loket stuurt deze waarde mee, zodat de ontvanger weet dat het bericht van Loket komt. Bijvoorbeeld: Bearer gevolgd door een token."},
	}
	for i := range v.Fields {
		v.Fields[i] = v.Fields[i].withError(fe)
	}
	v.FilterValue = in.Get("filters")
	for _, e := range fe {
		switch e.Field {
		case "kanaal":
			v.KanaalError = e.Message
		case "filters":
			v.FilterError = e.Message
		}
	}
	a.render(w, r, status, "beheer_notificaties", "Notificaties", v, fe...)
}

// parseFilters reads "kenmerk = waarde" lines.
func parseFilters(s string) (map[string]string, bool) {
	out := map[string]string{}
	for _, line := range strings.Split(s, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		if !ok || k == "" || v == "" {
			return nil, false
		}
		out[k] = v
	}
	return out, true
}

func (a *app) notificatieAbonnementCreate(w http.ResponseWriter, r *http.Request) {
	in := url.Values{
		"callbackUrl": {strings.TrimSpace(r.PostFormValue("callbackUrl"))},
		"kanaal":      {r.PostFormValue("kanaal")},
		"filters":     {r.PostFormValue("filters")},
	}
	filters, ok := parseFilters(in.Get("filters"))
	if !ok {
		a.renderNotificaties(w, r, http.StatusBadRequest, in, []fieldError{{Field: "filters",
			Message: "Schrijf elk filter op een eigen regel als kenmerk = waarde, bijvoorbeeld bronorganisatie = 002220647."}})
		return
	}
	_, err := a.Notify.Service.CreateAbonnement(r.Context(), notificaties.Abonnement{
		CallbackURL: in.Get("callbackUrl"), Auth: r.PostFormValue("auth"),
		Kanalen: []notificaties.FilterGroup{{Naam: in.Get("kanaal"), Filters: filters}},
	})
	if err != nil {
		fe, status, ok := formErrors(err, map[string]string{"callbackUrl": "callbackUrl", "auth": "auth",
			"kanalen": "kanaal", "kanalen.0.naam": "kanaal"}, "filters")
		if !ok {
			a.fail(w, r, err)
			return
		}
		a.renderNotificaties(w, r, status, in, fe)
		return
	}
	redirectNotice(w, r, "/beheer/notificaties", "abonnement-aangemaakt", nil)
}

func (a *app) notificatieAbonnementDelete(w http.ResponseWriter, r *http.Request) {
	err := a.Notify.Service.DeleteAbonnement(r.Context(), r.PathValue("id"))
	if errs.Is(err, errs.NotFound) {
		redirectNotice(w, r, "/beheer/notificaties", "abonnement-onbekend", nil)
		return
	}
	if err != nil {
		a.fail(w, r, err)
		return
	}
	redirectNotice(w, r, "/beheer/notificaties", "abonnement-verwijderd", nil)
}

func (a *app) notificatieRedeliver(w http.ResponseWriter, r *http.Request) {
	err := a.Notify.Service.Redeliver(r.Context(), r.PathValue("id"))
	switch {
	case errs.Is(err, errs.NotFound):
		redirectNotice(w, r, "/beheer/notificaties", "aflevering-onbekend", nil)
	case errs.Is(err, errs.Conflict):
		redirectNotice(w, r, "/beheer/notificaties", "opnieuw-geen-abonnement", nil)
	case err != nil:
		a.fail(w, r, err)
	default:
		redirectNotice(w, r, "/beheer/notificaties", "opnieuw", nil)
	}
}
