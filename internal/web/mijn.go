package web

import (
	"io"
	"mime"
	"net/http"
	"strconv"
	"time"

	"github.com/gemeenten/loket/internal/besluit"
	"github.com/gemeenten/loket/internal/burger"
	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/document"
	"github.com/gemeenten/loket/internal/eform"
	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/klant"
	"github.com/gemeenten/loket/internal/kto"
	"github.com/gemeenten/loket/internal/zaak"
)

// CitizenDeps is what the PIP (/mijn) needs: the citizen sessions. Without
// it the PIP is not served.
type CitizenDeps struct {
	Burger *burger.Service
	// Klant, when set, lets citizens ask questions and see their contacts.
	Klant *klant.Service
}

func (a *app) mijnRoutes(mux *http.ServeMux) {
	b := a.Citizen.Burger
	if b == nil {
		return
	}
	mux.HandleFunc("GET /mijn/inloggen", a.mijnLogin)
	mux.HandleFunc("POST /mijn/uitloggen", a.mijnLogout)
	if b.SimulationEnabled() {
		mux.HandleFunc("POST /mijn/inloggen/simulatie", a.mijnSimulate)
	}
	if b.OIDCEnabled() {
		mux.HandleFunc("GET /mijn/inloggen/oidc", a.mijnOIDCStart)
		mux.HandleFunc("GET /mijn/inloggen/oidc/callback", a.mijnOIDCCallback)
	}
	mux.Handle("GET /mijn", burger.Require(http.HandlerFunc(a.mijnZaken)))
	mux.Handle("GET /mijn/zaken/{id}", burger.Require(http.HandlerFunc(a.mijnZaak)))
	mux.Handle("GET /mijn/zaken/{id}/documenten/{doc}", burger.Require(http.HandlerFunc(a.mijnDocument)))
	a.mijnActionRoutes(mux)
	// The session-warning script asks for this to stay logged in.
	mux.Handle("POST /mijn/sessie", burger.Require(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		w.WriteHeader(http.StatusNoContent)
	})))
}

type mijnLoginView struct {
	Terug      string
	OIDC       bool
	Simulation bool
	Choices    []burger.Choice
	Levels     []string
	Wie        string
	Niveau     string
	Namens     string
	Notice     string
}

func (a *app) mijnLoginView(r *http.Request) (mijnLoginView, error) {
	b := a.Citizen.Burger
	v := mijnLoginView{Terug: burger.SafeReturn(r.FormValue("terug")), OIDC: b.OIDCEnabled(),
		Simulation: b.SimulationEnabled(), Levels: burger.SimulationLevels, Niveau: "midden"}
	if v.Simulation {
		var err error
		if v.Choices, err = b.SimulationChoices(r.Context()); err != nil {
			return v, err
		}
	}
	return v, nil
}

func (a *app) mijnLogin(w http.ResponseWriter, r *http.Request) {
	if burger.From(r.Context()) != nil {
		http.Redirect(w, r, burger.SafeReturn(r.FormValue("terug")), http.StatusSeeOther)
		return
	}
	v, err := a.mijnLoginView(r)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	switch r.URL.Query().Get("melding") {
	case "uitgelogd":
		v.Notice = "U bent uitgelogd."
	case "verlopen":
		v.Notice = "U was 15 minuten niet actief. Voor uw veiligheid bent u uitgelogd. Log opnieuw in om verder te gaan."
	}
	a.render(w, r, http.StatusOK, "mijn_login", "Inloggen op Mijn gemeente", v)
}

func (a *app) mijnSimulate(w http.ResponseWriter, r *http.Request) {
	v, err := a.mijnLoginView(r)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	v.Wie, v.Niveau, v.Namens = r.PostFormValue("wie"), r.PostFormValue("niveau"), r.PostFormValue("namens")
	err = a.Citizen.Burger.SimulateLogin(r.Context(), w, r, v.Wie, v.Niveau, v.Namens)
	if fe, status, ok := formErrors(err, map[string]string{"wie": "wie", "niveau": "niveau", "namens": "namens"}, "wie"); ok {
		a.render(w, r, status, "mijn_login", "Inloggen op Mijn gemeente", v, fe...)
		return
	}
	if err != nil {
		a.fail(w, r, err)
		return
	}
	http.Redirect(w, r, v.Terug, http.StatusSeeOther)
}

func (a *app) mijnOIDCStart(w http.ResponseWriter, r *http.Request) {
	if err := a.Citizen.Burger.OIDCStart(w, r, r.URL.Query().Get("terug")); err != nil {
		a.fail(w, r, err)
	}
}

func (a *app) mijnOIDCCallback(w http.ResponseWriter, r *http.Request) {
	next, err := a.Citizen.Burger.OIDCCallback(w, r)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (a *app) mijnLogout(w http.ResponseWriter, r *http.Request) {
	if err := a.Citizen.Burger.Logout(r.Context(), w, r); err != nil {
		a.fail(w, r, err)
		return
	}
	http.Redirect(w, r, burger.LoginPath+"?melding=uitgelogd", http.StatusSeeOther)
}

// mijnZaakRow is one zaak in the citizen's overview, in plain words.
type mijnZaakRow struct {
	Z        *zaak.Zaak
	Status   string
	Wachten  bool // the municipality waits for the citizen
	Beslist  date.Date
	Afgerond bool
}

type mijnZakenView struct {
	Open, Gesloten []mijnZaakRow
	Meer           bool
	// Concepten are forms started but not sent.
	Concepten []eform.Concept
	// KTO are open satisfaction survey invitations (kto.go).
	KTO []kto.Survey
}

// mijnMaxZaken bounds the overview; a citizen with more sees the newest.
const mijnMaxZaken = zaak.MaxPageSize

// statusInWords is what a citizen reads as the state of a zaak: the
// statustype's statustekst (written for them), else its omschrijving.
func statusInWords(z *zaak.Zaak) string {
	switch {
	case !z.Einddatum.IsZero():
		return "Afgerond"
	case z.StatusType == nil:
		return "Ontvangen"
	case z.StatusType.Statustekst != "":
		return z.StatusType.Statustekst
	}
	return z.StatusType.Omschrijving
}

func (a *app) mijnZaken(w http.ResponseWriter, r *http.Request) {
	sess := burger.From(r.Context())
	page, err := a.Zaken.List(r.Context(), zaak.Filter{InitiatorIdent: sess.Subject.Number, Order: "-startdatum", Limit: mijnMaxZaken})
	if err != nil {
		a.fail(w, r, err)
		return
	}
	var v mijnZakenView
	v.Meer = page.Next != ""
	for _, z := range page.Items {
		if !sess.Subject.MaySee(z.InitiatorType, z.InitiatorID) {
			continue
		}
		row := mijnZaakRow{Z: z, Status: statusInWords(z), Wachten: z.Opschorting.Indicatie,
			Beslist: z.UiterlijkeEinddatumAfdoening, Afgerond: !z.Einddatum.IsZero()}
		if row.Afgerond {
			v.Gesloten = append(v.Gesloten, row)
		} else {
			v.Open = append(v.Open, row)
		}
	}
	if a.Forms.Forms != nil {
		if v.Concepten, err = a.Forms.Forms.OpenDrafts(r.Context(), formOwner(r)); err != nil {
			a.fail(w, r, err)
			return
		}
	}
	v.KTO = a.ktoPending(r)
	a.render(w, r, http.StatusOK, "mijn_zaken", "Mijn zaken", v)
}

// mijnZaakFor returns the zaak when the session may see it. Anything else —
// unknown, malformed or someone else's — is the same 404, so the PIP does
// not reveal which zaken exist.
func (a *app) mijnZaakFor(w http.ResponseWriter, r *http.Request) (*zaak.Zaak, bool) {
	sess := burger.From(r.Context())
	z, err := a.Zaken.Get(r.Context(), r.PathValue("id"))
	if err != nil && errs.KindOf(err) != errs.NotFound {
		a.fail(w, r, err)
		return nil, false
	}
	if err != nil || !sess.Subject.MaySee(z.InitiatorType, z.InitiatorID) {
		a.errorPage(w, r, http.StatusNotFound, "")
		return nil, false
	}
	return z, true
}

type mijnStap struct {
	Tekst string
	Datum time.Time
}

type mijnBesluit struct {
	B            besluit.Besluit
	BezwaarTot   date.Date
	BezwaarOpen  bool
	BezwaarDagen int
}

type mijnZaakView struct {
	Z          *zaak.Zaak
	Status     string
	Stappen    []mijnStap
	Beslist    date.Date
	Wachten    *zaak.Opschorting
	Verlengd   []zaak.Verlenging
	Documenten []document.ZaakDocument
	Besluiten  []mijnBesluit
	Upload     bool // requested documents can be uploaded here
	Vragen     bool // questions can be asked
	Notice     string
}

func (a *app) mijnZaak(w http.ResponseWriter, r *http.Request) {
	z, ok := a.mijnZaakFor(w, r)
	if !ok {
		return
	}
	v, err := a.mijnZaakView(r, z)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if r.URL.Query().Get("melding") == "ontvangen" {
		v.Notice = "Wij hebben uw stukken ontvangen. De termijn voor ons besluit loopt weer."
	}
	a.render(w, r, http.StatusOK, "mijn_zaak", z.ZaakType.Omschrijving, v)
}

func (a *app) mijnZaakView(r *http.Request, z *zaak.Zaak) (mijnZaakView, error) {
	ctx := r.Context()
	v := mijnZaakView{Z: z, Status: statusInWords(z), Beslist: z.UiterlijkeEinddatumAfdoening, Verlengd: z.Verlengingen,
		Upload: a.Documents != nil, Vragen: a.Citizen.Klant != nil}
	v.Stappen = append(v.Stappen, mijnStap{Tekst: "Uw aanvraag is ontvangen", Datum: z.CreatedAt})
	for _, st := range z.Statussen {
		t := st.StatusType.Statustekst
		if t == "" {
			t = st.StatusType.Omschrijving
		}
		v.Stappen = append(v.Stappen, mijnStap{Tekst: t, Datum: st.DatumStatusGezet})
	}
	for i := range z.Opschortingen {
		if o := &z.Opschortingen[i]; o.HervatOp.IsZero() {
			v.Wachten = o
		}
	}
	if a.Documents != nil {
		docs, err := a.Documents.ListForZaak(ctx, z.ID)
		if err != nil {
			return v, err
		}
		for _, d := range docs {
			if mayCitizenRead(d) {
				v.Documenten = append(v.Documenten, d)
			}
		}
	}
	if a.Besluiten != nil {
		bs, _, err := a.Besluiten.List(ctx, besluit.Filter{ZaakID: z.ID})
		if err != nil {
			return v, err
		}
		today := date.Today(a.Now())
		for _, b := range bs {
			mb := mijnBesluit{B: b, BezwaarTot: b.UiterlijkeReactiedatum}
			if !b.UiterlijkeReactiedatum.IsZero() && !b.UiterlijkeReactiedatum.Before(today) {
				mb.BezwaarOpen = true
				mb.BezwaarDagen = today.DaysUntil(b.UiterlijkeReactiedatum)
			}
			v.Besluiten = append(v.Besluiten, mb)
		}
	}
	return v, nil
}

// mayCitizenRead: the zaak's initiator sees the documents the municipality
// marked visible for them, and never one classified above
// zaakvertrouwelijk (the level that means: for the parties of the zaak).
func mayCitizenRead(d document.ZaakDocument) bool {
	if !d.ZichtbaarVoorInitiator {
		return false
	}
	switch d.Document.Vertrouwelijkheidaanduiding {
	case "openbaar", "beperkt_openbaar", "intern", "zaakvertrouwelijk":
		return true
	}
	return false
}

func (a *app) mijnDocument(w http.ResponseWriter, r *http.Request) {
	z, ok := a.mijnZaakFor(w, r)
	if !ok || a.Documents == nil {
		if ok {
			a.errorPage(w, r, http.StatusNotFound, "")
		}
		return
	}
	docs, err := a.Documents.ListForZaak(r.Context(), z.ID)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	for _, d := range docs {
		if d.Document.ID != r.PathValue("doc") || !mayCitizenRead(d) {
			continue
		}
		rc, doc, err := a.Documents.Content(r.Context(), d.Document.ID, 0)
		if errs.KindOf(err) == errs.NotFound {
			break
		}
		if err != nil {
			a.fail(w, r, err)
			return
		}
		defer rc.Close()
		h := w.Header()
		// Always a download, never rendered in our origin: a document is the
		// customer's or a colleague's upload and may be active content.
		ct := "application/octet-stream"
		if mt, _, err := mime.ParseMediaType(doc.Formaat); err == nil && doc.Formaat != "" {
			ct = mt
		}
		name := doc.Bestandsnaam
		if name == "" {
			name = "document"
		}
		h.Set("Content-Type", ct)
		h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Cache-Control", "no-store")
		if doc.Bestandsomvang > 0 {
			h.Set("Content-Length", strconv.FormatInt(doc.Bestandsomvang, 10))
		}
		_, _ = io.Copy(w, rc)
		return
	}
	a.errorPage(w, r, http.StatusNotFound, "")
}
