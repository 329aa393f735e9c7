package web

import (
	"encoding/json"
	"net/http"
	"strings"

	"github.com/gemeenten/loket/internal/auth"
	"github.com/gemeenten/loket/internal/eform"
	"github.com/gemeenten/loket/internal/errs"
)

// The e-forms are maintained by a beheerder: a definition is written as
// JSON (pages with fields), checked on saving with every problem named, and
// previewed page by page before it is published. Saving always makes or
// edits the concept version; people keep filling in the published one.

func (a *app) formBeheerRoutes(mux *http.ServeMux) {
	beheer := auth.RequireStaff(auth.RoleBeheerder)
	h := func(pattern string, fn http.HandlerFunc) { mux.Handle(pattern, beheer(fn)) }
	h("GET /beheer/formulieren", a.beheerForms)
	h("GET /beheer/formulieren/nieuw", a.beheerFormNew)
	h("POST /beheer/formulieren/nieuw", a.beheerFormSave)
	h("GET /beheer/formulieren/{slug}", a.beheerFormEdit)
	h("POST /beheer/formulieren/{slug}", a.beheerFormSave)
	h("POST /beheer/formulieren/{slug}/publiceren", a.beheerFormPublish)
}

type beheerFormsView struct {
	Forms  []eform.Summary
	Notice string
}

func (a *app) beheerForms(w http.ResponseWriter, r *http.Request) {
	list, err := a.Forms.Forms.List(r.Context())
	if err != nil {
		a.fail(w, r, err)
		return
	}
	v := beheerFormsView{Forms: list}
	switch r.URL.Query().Get("melding") {
	case "gepubliceerd":
		v.Notice = "Het formulier is gepubliceerd. Nieuwe aanvragen gebruiken deze versie."
	}
	a.render(w, r, http.StatusOK, "beheer_formulieren", "Formulieren", v)
}

type beheerFormView struct {
	New       bool
	Slug      string
	Titel     string
	Inleiding string
	Zaaktype  string
	Anoniem   bool
	Definitie string
	Versie    int
	Status    string
	ZaakTypen []option
	Preview   []formStepView
	Notice    string
	Published int
}

func (a *app) zaaktypeIdentOptions(r *http.Request, selected string) ([]option, error) {
	rows, err := a.DB.R.QueryContext(r.Context(), `SELECT identificatie, MAX(omschrijving) FROM zaaktypen GROUP BY identificatie ORDER BY MAX(omschrijving)`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []option{{Value: "", Label: "Kies een zaaktype"}}
	for rows.Next() {
		var o option
		if err := rows.Scan(&o.Value, &o.Label); err != nil {
			return nil, err
		}
		o.Label += " (" + o.Value + ")"
		o.Selected = o.Value == selected
		out = append(out, o)
	}
	return out, rows.Err()
}

func (a *app) beheerFormNew(w http.ResponseWriter, r *http.Request) {
	example, _ := json.MarshalIndent(eform.Definitie{Paginas: []eform.Pagina{{Titel: "Uw gegevens", Velden: []eform.Veld{
		{Naam: "email", Type: eform.Email, Label: "E-mailadres", Verplicht: true, Prefill: eform.PrefillEmail}}}}}, "", "  ")
	v := beheerFormView{New: true, Definitie: string(example)}
	a.renderFormEditor(w, r, http.StatusOK, v, nil)
}

func (a *app) renderFormEditor(w http.ResponseWriter, r *http.Request, status int, v beheerFormView, fe []fieldError) {
	var err error
	if v.ZaakTypen, err = a.zaaktypeIdentOptions(r, v.Zaaktype); err != nil {
		a.fail(w, r, err)
		return
	}
	title := "Nieuw formulier"
	if !v.New {
		title = "Formulier " + v.Titel
	}
	a.render(w, r, status, "beheer_formulier", title, v, fe...)
}

func (a *app) beheerFormEdit(w http.ResponseWriter, r *http.Request) {
	fm, err := a.Forms.Forms.Latest(r.Context(), r.PathValue("slug"))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	def, _ := json.MarshalIndent(fm.Definitie, "", "  ")
	v := beheerFormView{Slug: fm.Slug, Titel: fm.Titel, Inleiding: fm.Inleiding, Zaaktype: fm.ZaaktypeIdentificatie,
		Anoniem: fm.Anoniem, Definitie: string(def), Versie: fm.Versie, Status: fm.Status}
	if pub, err := a.Forms.Forms.Published(r.Context(), fm.Slug); err == nil {
		v.Published = pub.Versie
	}
	switch r.URL.Query().Get("melding") {
	case "opgeslagen":
		v.Notice = "De conceptversie is opgeslagen. Controleer het voorbeeld en publiceer het formulier."
	}
	v.Preview = formPreview(fm)
	a.renderFormEditor(w, r, http.StatusOK, v, nil)
}

// formPreview renders every page of a version as the citizen will see it,
// conditional questions included.
func formPreview(fm *eform.Formulier) []formStepView {
	c := &eform.Concept{Formulier: fm, Antwoorden: eform.Answers{}}
	var out []formStepView
	for p := range fm.Definitie.Paginas {
		out = append(out, stepView(c, p, eform.Answers{}, nil, true))
	}
	return out
}

func (a *app) beheerFormSave(w http.ResponseWriter, r *http.Request) {
	v := beheerFormView{New: r.PathValue("slug") == "", Slug: strings.TrimSpace(r.PostFormValue("slug")),
		Titel: r.PostFormValue("titel"), Inleiding: r.PostFormValue("inleiding"), Zaaktype: r.PostFormValue("zaaktype"),
		Anoniem: r.PostFormValue("anoniem") == "ja", Definitie: r.PostFormValue("definitie")}
	if !v.New {
		v.Slug = r.PathValue("slug")
	}
	var def eform.Definitie
	dec := json.NewDecoder(strings.NewReader(v.Definitie))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&def); err != nil {
		a.renderFormEditor(w, r, http.StatusBadRequest, v, []fieldError{{Field: "definitie",
			Message: "De definitie is geen geldige JSON volgens het formulierformaat: " + err.Error()}})
		return
	}
	_, err := a.Forms.Forms.SaveForm(r.Context(), eform.FormInput{Slug: v.Slug, Titel: v.Titel, Inleiding: v.Inleiding,
		ZaaktypeIdentificatie: v.Zaaktype, Anoniem: v.Anoniem, Definitie: def})
	if e := errs.As(err); e != nil && e.Kind == errs.Invalid {
		var fe []fieldError
		for _, f := range e.Fields {
			fe = append(fe, fieldError{Field: f.Field, Message: f.Reason})
		}
		a.renderFormEditor(w, r, http.StatusBadRequest, v, fe)
		return
	}
	if err != nil {
		a.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/beheer/formulieren/"+v.Slug+"?melding=opgeslagen", http.StatusSeeOther)
}

func (a *app) beheerFormPublish(w http.ResponseWriter, r *http.Request) {
	slug := r.PathValue("slug")
	_, err := a.Forms.Forms.Publish(r.Context(), slug)
	if e := errs.As(err); e != nil && (e.Kind == errs.Invalid || e.Kind == errs.Conflict) {
		fm, gerr := a.Forms.Forms.Latest(r.Context(), slug)
		if gerr != nil {
			a.fail(w, r, gerr)
			return
		}
		def, _ := json.MarshalIndent(fm.Definitie, "", "  ")
		v := beheerFormView{Slug: fm.Slug, Titel: fm.Titel, Inleiding: fm.Inleiding, Zaaktype: fm.ZaaktypeIdentificatie,
			Anoniem: fm.Anoniem, Definitie: string(def), Versie: fm.Versie, Status: fm.Status, Preview: formPreview(fm)}
		msg := e.Message
		if len(e.Fields) > 0 {
			msg = e.Fields[0].Reason
		}
		a.renderFormEditor(w, r, e.Kind.HTTPStatus(), v, []fieldError{{Field: "publiceren", Message: msg}})
		return
	}
	if err != nil {
		a.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/beheer/formulieren?melding=gepubliceerd", http.StatusSeeOther)
}
