package web

import (
	"bytes"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/gemeenten/loket/internal/burger"
	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/document"
	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/klant"
	"github.com/gemeenten/loket/internal/zaak"
)

// The PIP's actions: upload what the municipality asked for (which resumes
// the legal clock), ask a question (a web contact and a contactverzoek for
// the team that handles it), see one's contacts on every channel, and set
// one's contact preferences.

func (a *app) mijnActionRoutes(mux *http.ServeMux) {
	mux.Handle("POST /mijn/zaken/{id}/aanleveren", burger.Require(http.HandlerFunc(a.mijnAanleveren)))
	mux.Handle("GET /mijn/gegevens", burger.Require(http.HandlerFunc(a.mijnGegevens)))
	mux.Handle("POST /mijn/gegevens", burger.Require(http.HandlerFunc(a.mijnGegevensOpslaan)))
	if a.Citizen.Klant != nil {
		mux.Handle("GET /mijn/contacten", burger.Require(http.HandlerFunc(a.mijnContacten)))
		mux.Handle("GET /mijn/vraag", burger.Require(http.HandlerFunc(a.mijnVraag)))
		mux.Handle("POST /mijn/vraag", burger.Require(http.HandlerFunc(a.mijnVraagStellen)))
	}
}

// MaxAanleverBytes bounds one upload of requested documents.
const MaxAanleverBytes = 10 << 20

var aanleverTypes = map[string]bool{"application/pdf": true, "image/jpeg": true, "image/png": true}

func (a *app) mijnAanleveren(w http.ResponseWriter, r *http.Request) {
	z, ok := a.mijnZaakFor(w, r)
	if !ok {
		return
	}
	ctx := r.Context()
	sess := burger.From(ctx)
	if a.Documents == nil {
		a.errorPage(w, r, http.StatusNotFound, "")
		return
	}
	var waiting bool
	for _, o := range z.Opschortingen {
		waiting = waiting || o.HervatOp.IsZero()
	}
	if !waiting {
		a.mijnZaakPage(w, r, z, http.StatusConflict, fieldError{Field: "bestand",
			Message: "Wij wachten niet op stukken voor deze zaak. Wilt u toch iets sturen? Stel dan een vraag."})
		return
	}
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		a.mijnZaakPage(w, r, z, http.StatusRequestEntityTooLarge, fieldError{Field: "bestand",
			Message: fmt.Sprintf("Het bestand is te groot. Het mag hoogstens %d MB zijn.", MaxAanleverBytes>>20)})
		return
	}
	var files []*struct {
		name string
		ct   string
		data []byte
	}
	for _, fh := range r.MultipartForm.File["bestand"] {
		f, err := fh.Open()
		if err != nil {
			a.fail(w, r, err)
			return
		}
		data, err := io.ReadAll(io.LimitReader(f, MaxAanleverBytes+1))
		f.Close()
		if err != nil {
			a.fail(w, r, err)
			return
		}
		if len(data) == 0 {
			continue
		}
		if len(data) > MaxAanleverBytes {
			a.mijnZaakPage(w, r, z, http.StatusBadRequest, fieldError{Field: "bestand",
				Message: fmt.Sprintf("%s is te groot. Een bestand mag hoogstens %d MB zijn.", fh.Filename, MaxAanleverBytes>>20)})
			return
		}
		ct := http.DetectContentType(data)
		if i := strings.IndexByte(ct, ';'); i >= 0 {
			ct = ct[:i]
		}
		if !aanleverTypes[ct] {
			a.mijnZaakPage(w, r, z, http.StatusBadRequest, fieldError{Field: "bestand",
				Message: fh.Filename + " kunnen wij niet ontvangen. Stuur een PDF, een JPG-foto of een PNG-afbeelding."})
			return
		}
		files = append(files, &struct {
			name string
			ct   string
			data []byte
		}{name: fh.Filename, ct: ct, data: data})
	}
	if len(files) == 0 {
		a.mijnZaakPage(w, r, z, http.StatusBadRequest, fieldError{Field: "bestand", Message: "Kies een bestand om te sturen."})
		return
	}
	iot, err := a.incomingType(r, z)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	author := sess.Subject.Name
	if author == "" {
		author = "Aanvrager"
	}
	for _, f := range files {
		doc, err := a.Documents.Create(ctx, document.CreateInput{Bronorganisatie: z.Bronorganisatie, Creatiedatum: date.Today(a.Now()),
			Titel: f.name, Auteur: author, Status: document.StatusDefinitief, Formaat: f.ct, Taal: "dut",
			Bestandsnaam: f.name, InformatieobjecttypeID: iot, Vertrouwelijkheidaanduiding: "zaakvertrouwelijk",
			Content: bytes.NewReader(f.data)})
		if err != nil {
			a.fail(w, r, err)
			return
		}
		if _, err := a.Documents.LinkZaak(ctx, document.LinkInput{ZaakID: z.ID, InformatieobjectID: doc.ID, Titel: f.name,
			Beschrijving: "Aangeleverd via Mijn gemeente", ZichtbaarVoorInitiator: true}); err != nil {
			a.fail(w, r, err)
			return
		}
	}
	// The documents are in: the legal clock runs again from today, and the
	// back office's completeness check (norm N3) starts.
	if _, err := a.Zaken.DocumentsReceived(ctx, z.ID, date.Today(a.Now())); err != nil {
		a.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/mijn/zaken/"+z.ID+"?melding=ontvangen", http.StatusSeeOther)
}

// incomingType is the informatieobjecttype for what a citizen sends: the
// zaaktype's incoming type (e.g. 'Bijlage bij aanvraag').
func (a *app) incomingType(r *http.Request, z *zaak.Zaak) (string, error) {
	var id string
	err := a.DB.R.QueryRowContext(r.Context(), `SELECT t.id FROM zaaktype_informatieobjecttypen l
		JOIN informatieobjecttypen t ON t.id = l.informatieobjecttype_id
		WHERE l.zaaktype_id = $1 AND NOT t.concept
		ORDER BY CASE WHEN l.richting = 'inkomend' THEN 0 ELSE 1 END,
		CASE WHEN `+a.DB.ILike("t.omschrijving", "'%bijlage%'")+` THEN 0 ELSE 1 END, l.volgnummer LIMIT 1`, z.ZaakTypeID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", errs.E(errs.Conflict, "no_type", "Voor deze zaak kunnen wij nu geen documenten ontvangen. Bel ons op 14 0123.")
	}
	return id, err
}

type mijnGegevensView struct {
	Naam, Nummer, Soort string
	Adres               string
	V                   burger.Voorkeur
	Notice              string
	Opties              []option
}

func (v *mijnGegevensView) options() {
	v.Opties = nil
	for _, o := range []option{{Value: burger.ViaEmail, Label: "Per e-mail (brieven als bijlage)"},
		{Value: burger.ViaPost, Label: "Per post"}, {Value: burger.ViaPIP, Label: "Alleen in Mijn gemeente"}} {
		o.Selected = o.Value == v.V.Berichten
		v.Opties = append(v.Opties, o)
	}
}

func (a *app) gegevensView(r *http.Request) (mijnGegevensView, error) {
	sess := burger.From(r.Context())
	s := sess.Subject
	v := mijnGegevensView{Naam: s.Name, Nummer: s.Number, Soort: "BSN"}
	var straat, nr, pc, plaats string
	var err error
	switch s.Type {
	case burger.BSN:
		err = a.DB.R.QueryRowContext(r.Context(), `SELECT straat, huisnummer, postcode, woonplaats FROM personen WHERE bsn = $1`, s.Number).
			Scan(&straat, &nr, &pc, &plaats)
	case burger.KvK:
		v.Soort = "KvK-nummer"
		err = a.DB.R.QueryRowContext(r.Context(), `SELECT straat, huisnummer, postcode, woonplaats FROM bedrijven WHERE kvk_nummer = $1
			ORDER BY vestigingsnummer LIMIT 1`, s.Number).Scan(&straat, &nr, &pc, &plaats)
	}
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return v, err
	}
	if pc != "" {
		v.Adres = fmt.Sprintf("%s %s, %s %s", straat, nr, pc, plaats)
	}
	v.V, err = burger.VoorkeurFor(r.Context(), a.DB.R, s.Type, s.Number)
	return v, err
}

func (a *app) mijnGegevens(w http.ResponseWriter, r *http.Request) {
	v, err := a.gegevensView(r)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if r.URL.Query().Get("melding") == "opgeslagen" {
		v.Notice = "Uw voorkeuren zijn opgeslagen."
	}
	v.options()
	a.render(w, r, http.StatusOK, "mijn_gegevens", "Mijn gegevens", v)
}

func (a *app) mijnGegevensOpslaan(w http.ResponseWriter, r *http.Request) {
	v, err := a.gegevensView(r)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	v.V = burger.Voorkeur{Email: r.PostFormValue("email"), Telefoon: r.PostFormValue("telefoon"), Berichten: r.PostFormValue("berichten")}
	v.options()
	err = a.Citizen.Burger.SetVoorkeur(r.Context(), burger.From(r.Context()).Subject, v.V)
	if fe, status, ok := formErrors(err, map[string]string{"email": "email", "telefoon": "telefoon", "berichten": "berichten-email"}, "email"); ok {
		a.render(w, r, status, "mijn_gegevens", "Mijn gegevens", v, fe...)
		return
	}
	if err != nil {
		a.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/mijn/gegevens?melding=opgeslagen", http.StatusSeeOther)
}

// partijOf is how klantcontacten records the session's party.
func partijOf(s burger.Subject) (string, string) {
	if s.Type == burger.KvK {
		return klant.PartijNietNatuurlijkPersoon, s.Number
	}
	return klant.PartijNatuurlijkPersoon, s.Number
}

type mijnContactenView struct {
	Rows   []mijnContactRow
	Notice string
}

type mijnContactRow struct {
	C      klant.Klantcontact
	Kanaal string
}

func (a *app) mijnContacten(w http.ResponseWriter, r *http.Request) {
	typ, key := partijOf(burger.From(r.Context()).Subject)
	list, err := a.Citizen.Klant.Timeline(r.Context(), "", typ, key, 100)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	var rows []mijnContactRow
	for _, c := range list {
		if c.Vertrouwelijk {
			continue
		}
		rows = append(rows, mijnContactRow{C: c, Kanaal: kanaalNaam(c.Kanaal)})
	}
	v := mijnContactenView{Rows: rows}
	if r.URL.Query().Get("melding") == "vraag" {
		v.Notice = "Wij hebben uw vraag ontvangen. U hoort binnen 1 werkdag van ons."
	}
	a.render(w, r, http.StatusOK, "mijn_contacten", "Mijn contacten", v)
}

type mijnVraagView struct {
	Zaken    []option
	Vraag    string
	Telefoon string
	Zaak     string
}

func (a *app) vraagView(r *http.Request, selected string) (mijnVraagView, error) {
	sess := burger.From(r.Context())
	v := mijnVraagView{Zaak: selected}
	page, err := a.Zaken.List(r.Context(), zaak.Filter{InitiatorIdent: sess.Subject.Number, Open: ptr(true), Order: zaak.OrderStartdatumDesc, Limit: zaak.MaxPageSize})
	if err != nil {
		return v, err
	}
	v.Zaken = []option{{Value: "", Label: "Een algemene vraag", Selected: selected == ""}}
	for _, z := range page.Items {
		if sess.Subject.MaySee(z.InitiatorType, z.InitiatorID) {
			v.Zaken = append(v.Zaken, option{Value: z.ID, Label: z.ZaakType.Omschrijving + " (" + z.Identificatie + ")", Selected: z.ID == selected})
		}
	}
	if pref, err := burger.VoorkeurFor(r.Context(), a.DB.R, sess.Subject.Type, sess.Subject.Number); err == nil {
		v.Telefoon = pref.Telefoon
	}
	return v, nil
}

func ptr[T any](v T) *T { return &v }

func (a *app) mijnVraag(w http.ResponseWriter, r *http.Request) {
	v, err := a.vraagView(r, r.URL.Query().Get("zaak"))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	a.render(w, r, http.StatusOK, "mijn_vraag", "Een vraag stellen", v)
}

// kccTeam is the team that answers general questions: the contact centre.
func (a *app) kccTeam(r *http.Request) (string, error) {
	var id string
	err := a.DB.R.QueryRowContext(r.Context(), `SELECT id FROM teams WHERE code = 'KCC' OR `+a.DB.ILike("naam", "'%klantcontact%'")+` ORDER BY code LIMIT 1`).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		err = a.DB.R.QueryRowContext(r.Context(), `SELECT id FROM teams ORDER BY code LIMIT 1`).Scan(&id)
	}
	if errors.Is(err, sql.ErrNoRows) {
		return "", errs.E(errs.Conflict, "no_team", "Vragen stellen kan nu niet online. Bel ons op 14 0123.")
	}
	return id, err
}

func (a *app) mijnVraagStellen(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	sess := burger.From(ctx)
	v, err := a.vraagView(r, r.PostFormValue("zaak"))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	v.Vraag, v.Telefoon = strings.TrimSpace(r.PostFormValue("vraag")), strings.TrimSpace(r.PostFormValue("telefoon"))
	var fe []fieldError
	switch n := utf8.RuneCountInString(v.Vraag); {
	case n == 0:
		fe = append(fe, fieldError{"vraag", "Schrijf uw vraag op."})
	case n > 2000:
		fe = append(fe, fieldError{"vraag", "Uw vraag is te lang: gebruik hoogstens 2000 tekens."})
	}
	in := klant.ContactInput{Kanaal: "webformulier", Onderwerp: "Vraag via Mijn gemeente", Vraag: v.Vraag,
		Uitkomst: "contactverzoek", PlaatsgevondenOp: a.Now()}
	switch sess.Subject.Type {
	case burger.BSN:
		in.BSN = sess.Subject.Number
	case burger.KvK:
		in.KvKNummer = sess.Subject.Number
	}
	team := ""
	if v.Zaak != "" {
		z, err := a.Zaken.Get(ctx, v.Zaak)
		if err != nil || !sess.Subject.MaySee(z.InitiatorType, z.InitiatorID) {
			fe = append(fe, fieldError{"zaak", "Kies een van uw zaken of 'Een algemene vraag'."})
		} else {
			in.ZaakID, in.ZaaktypeID, team = z.ID, z.ZaakTypeID, z.TeamID
			in.Onderwerp = "Vraag over zaak " + z.Identificatie
		}
	}
	if len(fe) > 0 {
		a.render(w, r, http.StatusBadRequest, "mijn_vraag", "Een vraag stellen", v, fe...)
		return
	}
	if team == "" {
		if team, err = a.kccTeam(r); err != nil {
			a.fail(w, r, err)
			return
		}
	}
	in.TeamID = team
	in.Contactverzoek = &klant.ContactverzoekInput{TeamID: team, GevraagdeHandeling: "Vraag beantwoorden",
		Toelichting: v.Vraag, VoorkeurTelefoonnummer: v.Telefoon}
	_, err = a.Citizen.Klant.RegisterContact(ctx, in)
	if fe, status, ok := formErrors(err, map[string]string{"vraag": "vraag", "voorkeurTelefoonnummer": "telefoon", "telefoon": "telefoon"}, "vraag"); ok {
		a.render(w, r, status, "mijn_vraag", "Een vraag stellen", v, fe...)
		return
	}
	if err != nil {
		a.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/mijn/contacten?melding=vraag", http.StatusSeeOther)
}

// mijnZaakPage renders the zaak page with an error (a refused upload).
func (a *app) mijnZaakPage(w http.ResponseWriter, r *http.Request, z *zaak.Zaak, status int, fe ...fieldError) {
	v, err := a.mijnZaakView(r, z)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	a.render(w, r, status, "mijn_zaak", z.ZaakType.Omschrijving, v, fe...)
}

func kanaalNaam(k string) string {
	if l, ok := klant.KanaalLabel[k]; ok {
		return l
	}
	return k
}
