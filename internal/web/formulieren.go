package web

import (
	"errors"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gemeenten/loket/internal/burger"
	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/eform"
	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/zaak"
)

// FormDeps is what the e-forms need (/formulieren, /beheer/formulieren).
type FormDeps struct {
	Forms *eform.Service
}

// MaxUploadBytes is the largest request body of a form page with uploads.
const MaxUploadBytes = (eform.MaxMBLimit + 1) << 20

func isUploadPath(method, path string) bool {
	if method != http.MethodPost {
		return false
	}
	return (strings.HasPrefix(path, "/formulieren/") && strings.Contains(path, "/stap/")) ||
		(strings.HasPrefix(path, "/mijn/zaken/") && strings.HasSuffix(path, "/aanleveren")) ||
		(strings.HasPrefix(path, "/behandelen/zaken/") && strings.HasSuffix(path, "/document"))
}

func (a *app) formRoutes(mux *http.ServeMux) {
	if a.Forms.Forms == nil {
		return
	}
	mux.HandleFunc("GET /formulieren/{slug}", a.formStart)
	mux.HandleFunc("POST /formulieren/{slug}/start", a.formBegin)
	mux.HandleFunc("GET /formulieren/{slug}/stap/{n}", a.formStep)
	mux.HandleFunc("POST /formulieren/{slug}/stap/{n}", a.formStepSubmit)
	mux.HandleFunc("GET /formulieren/{slug}/controleren", a.formSummary)
	mux.HandleFunc("POST /formulieren/{slug}/verzenden", a.formSend)
	mux.HandleFunc("GET /formulieren/{slug}/opgeslagen", a.formSaved)
	// The token travels in the query string: the access log leaves queries
	// out, and the token is a key to the draft.
	mux.HandleFunc("GET /formulieren/{slug}/hervatten", a.formResume)
	mux.HandleFunc("GET /formulieren/{slug}/ontvangen/{id}", a.formReceived)
	a.formBeheerRoutes(mux)
}

// formOwner is the party filling in the form: the citizen's session, or
// nobody.
func formOwner(r *http.Request) eform.Owner {
	sess := burger.From(r.Context())
	if sess == nil {
		return eform.Owner{}
	}
	o := eform.Owner{Type: sess.Subject.Type, Number: sess.Subject.Number, Name: sess.Subject.Name}
	if rep := sess.Subject.Representative; rep != nil {
		o.Representative = rep.Name
	}
	return o
}

const formCookie = "loket_formulier"

func (a *app) formToken(r *http.Request) string {
	if c, err := r.Cookie(formCookie); err == nil {
		return c.Value
	}
	return ""
}

// setFormToken keeps an anonymous draft's token in a cookie scoped to the
// form, so the draft is the browser's without an id in any URL.
func (a *app) setFormToken(w http.ResponseWriter, slug, token string) {
	http.SetCookie(w, &http.Cookie{Name: formCookie, Value: token, Path: "/formulieren/" + slug, MaxAge: 30 * 24 * 3600,
		HttpOnly: true, Secure: a.Auth.SecureCookies(), SameSite: http.SameSiteLaxMode})
}

type formStartView struct {
	F        *eform.Formulier
	LoggedIn bool
	Draft    bool
	Login    string
}

func (a *app) formStart(w http.ResponseWriter, r *http.Request) {
	slug := r.PathValue("slug")
	fm, err := a.Forms.Forms.Published(r.Context(), slug)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	o := formOwner(r)
	v := formStartView{F: fm, LoggedIn: !o.Anonymous(), Login: burger.LoginPath + "?terug=/formulieren/" + slug}
	if c, err := a.Forms.Forms.Draft(r.Context(), slug, o, a.formToken(r)); err == nil && c.Inzending == "" {
		v.Draft = true
	}
	a.render(w, r, http.StatusOK, "formulier_start", fm.Titel, v)
}

func (a *app) formBegin(w http.ResponseWriter, r *http.Request) {
	slug := r.PathValue("slug")
	o := formOwner(r)
	if c, err := a.Forms.Forms.Draft(r.Context(), slug, o, a.formToken(r)); err == nil && c.Inzending == "" {
		http.Redirect(w, r, stepURL(slug, c.Pagina, c), http.StatusSeeOther)
		return
	}
	c, token, err := a.Forms.Forms.Start(r.Context(), slug, o)
	if errors.Is(err, eform.ErrLoginRequired) {
		http.Redirect(w, r, burger.LoginPath+"?terug=/formulieren/"+slug, http.StatusSeeOther)
		return
	}
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if token != "" {
		a.setFormToken(w, slug, token)
	}
	http.Redirect(w, r, stepURL(slug, c.Pagina, c), http.StatusSeeOther)
}

func stepURL(slug string, page int, c *eform.Concept) string {
	if page >= len(c.Formulier.Definitie.Paginas) {
		return "/formulieren/" + slug + "/controleren"
	}
	return fmt.Sprintf("/formulieren/%s/stap/%d", slug, page+1)
}

// formDraft finds the request's draft; without one it sends the browser to
// the form's start page.
func (a *app) formDraft(w http.ResponseWriter, r *http.Request) (*eform.Concept, bool) {
	slug := r.PathValue("slug")
	c, err := a.Forms.Forms.Draft(r.Context(), slug, formOwner(r), a.formToken(r))
	if errs.KindOf(err) == errs.NotFound {
		http.Redirect(w, r, "/formulieren/"+slug, http.StatusSeeOther)
		return nil, false
	}
	if err != nil {
		a.fail(w, r, err)
		return nil, false
	}
	if c.Inzending != "" {
		http.Redirect(w, r, "/formulieren/"+slug+"/ontvangen/"+c.Inzending, http.StatusSeeOther)
		return nil, false
	}
	return c, true
}

// fieldView is one question as the template draws it.
type fieldView struct {
	eform.Veld
	ID                                 string // id of the (first) input, the error summary's target
	Value                              string
	Values                             []optionView
	Parts                              []partView // address
	Files                              []eform.Bestand
	Accept                             string
	Error                              string
	MaxMB                              int
	Inputmode, Autocomplete, InputType string
}

type optionView struct {
	ID, Value string
	Checked   bool
}

type partView struct {
	ID, Label, Value, Error, Autocomplete, Inputmode, Width string
}

type formStepView struct {
	F         *eform.Formulier
	Slug      string
	Page      int // 1-based
	Pages     int
	Title     string
	Uitleg    string
	Fields    []fieldView
	Anonymous bool
}

var addressLabels = map[string][3]string{
	"postcode":   {"Postcode", "postal-code", "loket-input--postcode"},
	"huisnummer": {"Huisnummer", "", "loket-input--short"},
	"toevoeging": {"Toevoeging (niet verplicht)", "", "loket-input--short"},
	"straat":     {"Straat", "address-line1", ""},
	"woonplaats": {"Woonplaats", "address-level2", ""},
}

// stepView draws page p; all shows conditional questions regardless of the
// answers (the beheerder's preview).
func stepView(c *eform.Concept, p int, answers eform.Answers, ferr map[string]string, all bool) formStepView {
	def := c.Formulier.Definitie
	pg := def.Paginas[p]
	v := formStepView{F: c.Formulier, Slug: c.Formulier.Slug, Page: p + 1, Pages: len(def.Paginas), Title: pg.Titel,
		Uitleg: pg.Uitleg, Anonymous: c.Owner.Anonymous()}
	for _, f := range pg.Velden {
		if !all && !f.Asked(answers) {
			continue
		}
		fv := fieldView{Veld: f, ID: f.Naam, Value: answers.Get(f.Naam), Error: ferr[f.Naam], MaxMB: f.MaxMB, InputType: "text"}
		switch f.Type {
		case eform.Choice, eform.MultiChoice:
			fv.ID = f.Naam + "-0"
			for i, o := range f.Opties {
				checked := false
				for _, x := range answers[f.Naam] {
					checked = checked || x == o
				}
				fv.Values = append(fv.Values, optionView{ID: fmt.Sprintf("%s-%d", f.Naam, i), Value: o, Checked: checked})
			}
		case eform.Checkbox:
			fv.ID = f.Naam
		case eform.Address:
			fv.ID = f.Naam + ".postcode"
			for _, part := range eform.AddressParts {
				l := addressLabels[part]
				pv := partView{ID: f.Naam + "." + part, Label: l[0], Value: answers.Get(f.Naam + "." + part),
					Error: ferr[f.Naam+"."+part], Autocomplete: l[1], Width: l[2]}
				if part == "huisnummer" {
					pv.Inputmode = "numeric"
				}
				if pv.Error != "" && fv.Error == "" {
					fv.Error = "Controleer het adres."
				}
				fv.Parts = append(fv.Parts, pv)
			}
		case eform.File:
			fv.Files = c.Files(f.Naam)
			if fv.MaxMB == 0 {
				fv.MaxMB = eform.DefaultMaxMB
			}
			types := f.Bestandstypen
			if len(types) == 0 {
				types = []string{"application/pdf", "image/jpeg", "image/png"}
			}
			fv.Accept = strings.Join(types, ",")
		case eform.Number:
			fv.Inputmode = "decimal"
		case eform.Date:
			fv.InputType = "date"
			if d, err := eform.ParseDate(fv.Value); err == nil {
				fv.Value = d.String()
			}
		case eform.Email:
			fv.InputType, fv.Autocomplete = "email", "email"
		case eform.Phone:
			fv.InputType, fv.Autocomplete = "tel", "tel"
		}
		if f.Prefill == eform.PrefillNaam {
			fv.Autocomplete = "name"
		}
		v.Fields = append(v.Fields, fv)
	}
	return v
}

// pageErrors turns a validation error into the summary (linked to the
// inputs) and the per-field messages.
func pageErrors(err error, c *eform.Concept, p int) ([]fieldError, map[string]string) {
	e := errs.As(err)
	if e == nil {
		return nil, nil
	}
	ids := map[string]string{}
	for _, f := range c.Formulier.Definitie.Paginas[p].Velden {
		switch f.Type {
		case eform.Choice, eform.MultiChoice:
			ids[f.Naam] = f.Naam + "-0"
		}
	}
	var fe []fieldError
	per := map[string]string{}
	for _, f := range e.Fields {
		id := f.Field
		if x, ok := ids[id]; ok {
			id = x
		}
		fe = append(fe, fieldError{Field: id, Message: f.Reason})
		if _, ok := per[f.Field]; !ok {
			per[f.Field] = f.Reason
		}
	}
	if len(fe) == 0 {
		fe = append(fe, fieldError{Field: "inhoud", Message: e.Message})
	}
	return fe, per
}

func (a *app) pageIndex(w http.ResponseWriter, r *http.Request, c *eform.Concept) (int, bool) {
	n, err := strconv.Atoi(r.PathValue("n"))
	if err != nil || n < 1 || n > len(c.Formulier.Definitie.Paginas) {
		a.errorPage(w, r, http.StatusNotFound, "")
		return 0, false
	}
	// No skipping ahead past the first page not yet completed.
	if n-1 > c.Pagina {
		http.Redirect(w, r, stepURL(c.Formulier.Slug, c.Pagina, c), http.StatusSeeOther)
		return 0, false
	}
	return n - 1, true
}

func (a *app) formStep(w http.ResponseWriter, r *http.Request) {
	c, ok := a.formDraft(w, r)
	if !ok {
		return
	}
	p, ok := a.pageIndex(w, r, c)
	if !ok {
		return
	}
	if def := c.Formulier.Definitie; def.NextPage(p-1, c.Antwoorden) != p {
		// Nothing on this page applies to this applicant.
		http.Redirect(w, r, stepURL(c.Formulier.Slug, def.NextPage(p-1, c.Antwoorden), c), http.StatusSeeOther)
		return
	}
	answers := eform.Answers{}
	pre, err := a.Forms.Forms.Prefill(r.Context(), c)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	for k, v := range pre {
		answers[k] = v
	}
	for k, v := range c.Antwoorden {
		answers[k] = v
	}
	title := fmt.Sprintf("%s – stap %d van %d", c.Formulier.Titel, p+1, len(c.Formulier.Definitie.Paginas))
	a.render(w, r, http.StatusOK, "formulier_stap", title, stepView(c, p, answers, nil, false))
}

func (a *app) formStepSubmit(w http.ResponseWriter, r *http.Request) {
	c, ok := a.formDraft(w, r)
	if !ok {
		return
	}
	p, ok := a.pageIndex(w, r, c)
	if !ok {
		return
	}
	ctx := r.Context()
	slug := c.Formulier.Slug
	// The CSRF check parsed the form already (multipart included).
	if err := r.ParseMultipartForm(32 << 20); err != nil && !errors.Is(err, http.ErrNotMultipart) {
		a.errorPage(w, r, http.StatusRequestEntityTooLarge, fmt.Sprintf("Wat u meestuurt is te groot. Een bestand mag hoogstens %d MB zijn.", eform.MaxMBLimit))
		return
	}
	answers := eform.Answers{}
	for k, v := range r.PostForm {
		if k == "csrf" || k == "actie" {
			continue
		}
		answers[k] = v
	}
	actie := r.PostFormValue("actie")
	var fe []fieldError
	per := map[string]string{}
	// Files chosen on this page are uploaded whatever the button, so a
	// person never loses a file they picked.
	if r.MultipartForm != nil {
		for _, f := range c.Formulier.Definitie.Paginas[p].Velden {
			if f.Type != eform.File {
				continue
			}
			for _, fh := range r.MultipartForm.File[f.Naam] {
				if fh.Size == 0 && fh.Filename == "" {
					continue
				}
				if err := a.upload(r, c, f.Naam, fh); err != nil {
					e := errs.As(err)
					if e == nil || len(e.Fields) == 0 {
						a.fail(w, r, err)
						return
					}
					fe = append(fe, fieldError{Field: f.Naam, Message: e.Fields[0].Reason})
					per[f.Naam] = e.Fields[0].Reason
				}
			}
		}
	}
	if key, ok := strings.CutPrefix(actie, "verwijder:"); ok {
		if err := a.Forms.Forms.RemoveUpload(ctx, c, key); err != nil && errs.KindOf(err) != errs.NotFound {
			a.fail(w, r, err)
			return
		}
		actie = "toevoegen"
	}
	switch actie {
	case "vorige":
		if err := a.Forms.Forms.SaveDraft(ctx, c, p, answers); err != nil {
			a.fail(w, r, err)
			return
		}
		prev := c.Formulier.Definitie.PrevPage(p, c.Antwoorden)
		if prev < 0 {
			http.Redirect(w, r, "/formulieren/"+slug, http.StatusSeeOther)
			return
		}
		http.Redirect(w, r, fmt.Sprintf("/formulieren/%s/stap/%d", slug, prev+1), http.StatusSeeOther)
		return
	case "opslaan":
		if err := a.Forms.Forms.SaveDraft(ctx, c, p, answers); err != nil {
			a.fail(w, r, err)
			return
		}
		http.Redirect(w, r, "/formulieren/"+slug+"/opgeslagen", http.StatusSeeOther)
		return
	case "toevoegen":
		if err := a.Forms.Forms.SaveDraft(ctx, c, p, answers); err != nil {
			a.fail(w, r, err)
			return
		}
		a.render(w, r, statusFor(fe), "formulier_stap", c.Formulier.Titel, stepView(c, p, c.Antwoorden, per, false), fe...)
		return
	}
	if len(fe) > 0 {
		_ = a.Forms.Forms.SaveDraft(ctx, c, p, answers)
		a.render(w, r, http.StatusBadRequest, "formulier_stap", c.Formulier.Titel, stepView(c, p, c.Antwoorden, per, false), fe...)
		return
	}
	next := p + 1
	if c.Pagina > next {
		next = c.Pagina // came back to change something: keep the progress
	}
	err := a.Forms.Forms.SavePage(ctx, c, p, answers, next)
	if err == nil {
		// Pages that do not apply are passed over.
		if n := c.Formulier.Definitie.NextPage(p, c.Antwoorden); n > next {
			err = a.Forms.Forms.SavePage(ctx, c, p, c.Antwoorden, n)
		}
	}
	if errs.KindOf(err) == errs.Invalid {
		fe, per := pageErrors(err, c, p)
		a.render(w, r, http.StatusBadRequest, "formulier_stap", "Fout: "+c.Formulier.Titel, stepView(c, p, c.Antwoorden, per, false), fe...)
		return
	}
	if err != nil {
		a.fail(w, r, err)
		return
	}
	http.Redirect(w, r, stepURL(slug, c.Formulier.Definitie.NextPage(p, c.Antwoorden), c), http.StatusSeeOther)
}

func statusFor(fe []fieldError) int {
	if len(fe) > 0 {
		return http.StatusBadRequest
	}
	return http.StatusOK
}

func (a *app) upload(r *http.Request, c *eform.Concept, veld string, fh *multipart.FileHeader) error {
	f, err := fh.Open()
	if err != nil {
		return fmt.Errorf("web: open upload: %w", err)
	}
	defer f.Close()
	_, err = a.Forms.Forms.Upload(r.Context(), c, veld, fh.Filename, f)
	return err
}

type summaryRow struct {
	Label, Value string
	Files        []eform.Bestand
}

type summaryPage struct {
	Title string
	Step  int
	Rows  []summaryRow
}

type formSummaryView struct {
	F     *eform.Formulier
	Pages []summaryPage
}

func (a *app) formSummary(w http.ResponseWriter, r *http.Request) {
	c, ok := a.formDraft(w, r)
	if !ok {
		return
	}
	if p, err := c.CheckAll(date.Today(a.Now())); err != nil {
		http.Redirect(w, r, fmt.Sprintf("/formulieren/%s/stap/%d", c.Formulier.Slug, p+1), http.StatusSeeOther)
		return
	}
	a.render(w, r, http.StatusOK, "formulier_controleren", "Controleer uw gegevens", summaryOf(c))
}

func summaryOf(c *eform.Concept) formSummaryView {
	v := formSummaryView{F: c.Formulier}
	for i, pg := range c.Formulier.Definitie.Paginas {
		sp := summaryPage{Title: pg.Titel, Step: i + 1}
		for _, f := range pg.Velden {
			if !f.Asked(c.Antwoorden) {
				continue
			}
			row := summaryRow{Label: f.Label, Value: eform.Display(f, c.Antwoorden)}
			if f.Type == eform.File {
				row.Files = c.Files(f.Naam)
			}
			if row.Value == "" && len(row.Files) == 0 {
				row.Value = "Niet ingevuld"
			}
			sp.Rows = append(sp.Rows, row)
		}
		v.Pages = append(v.Pages, sp)
	}
	return v
}

func (a *app) formSend(w http.ResponseWriter, r *http.Request) {
	slug := r.PathValue("slug")
	c, err := a.Forms.Forms.Draft(r.Context(), slug, formOwner(r), a.formToken(r))
	if errs.KindOf(err) == errs.NotFound {
		http.Redirect(w, r, "/formulieren/"+slug, http.StatusSeeOther)
		return
	}
	if err != nil {
		a.fail(w, r, err)
		return
	}
	in, err := a.Forms.Forms.Submit(r.Context(), c)
	if errs.KindOf(err) == errs.Invalid {
		a.render(w, r, http.StatusBadRequest, "formulier_controleren", "Controleer uw gegevens", summaryOf(c),
			fieldError{Field: "verzenden", Message: errs.Message(err)})
		return
	}
	if err != nil {
		a.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/formulieren/"+slug+"/ontvangen/"+in.ID, http.StatusSeeOther)
}

type formSavedView struct {
	F      *eform.Formulier
	Resume string
}

func (a *app) formSaved(w http.ResponseWriter, r *http.Request) {
	c, ok := a.formDraft(w, r)
	if !ok {
		return
	}
	v := formSavedView{F: c.Formulier}
	if c.Owner.Anonymous() {
		v.Resume = a.baseURL(r) + "/formulieren/" + c.Formulier.Slug + "/hervatten?code=" + url.QueryEscape(a.formToken(r))
	}
	a.render(w, r, http.StatusOK, "formulier_opgeslagen", "Uw formulier is opgeslagen", v)
}

func (a *app) baseURL(r *http.Request) string {
	if a.Config.BaseURL != "" {
		return a.Config.BaseURL
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

func (a *app) formResume(w http.ResponseWriter, r *http.Request) {
	slug, token := r.PathValue("slug"), r.URL.Query().Get("code")
	c, err := a.Forms.Forms.Draft(r.Context(), slug, formOwner(r), token)
	if errs.KindOf(err) == errs.NotFound {
		a.errorPage(w, r, http.StatusNotFound, "Deze link werkt niet meer. Een formulier dat u niet verstuurt, bewaren wij 30 dagen. Begin opnieuw.")
		return
	}
	if err != nil {
		a.fail(w, r, err)
		return
	}
	a.setFormToken(w, slug, token)
	w.Header().Set("Referrer-Policy", "no-referrer")
	http.Redirect(w, r, stepURL(slug, c.Pagina, c), http.StatusSeeOther)
}

type formReceivedView struct {
	F        *eform.Formulier
	In       *eform.Inzending
	Z        *zaak.Zaak
	LoggedIn bool
}

func (a *app) formReceived(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	in, err := a.Forms.Forms.Inzending(ctx, r.PathValue("id"))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	z, err := a.Zaken.Get(ctx, in.ZaakID)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	fm, err := a.Forms.Forms.Published(ctx, r.PathValue("slug"))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	a.render(w, r, http.StatusOK, "formulier_ontvangen", "Wij hebben uw aanvraag ontvangen",
		formReceivedView{F: fm, In: in, Z: z, LoggedIn: burger.From(ctx) != nil})
}
