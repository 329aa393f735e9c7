package web

import (
	"net/http"

	"github.com/gemeenten/loket/internal/auth"
	"github.com/gemeenten/loket/internal/kennis"
)

// The partner organisations the KCC refers to (beheerder).

func (a *app) beheerPartnerRoutes(mux *http.ServeMux) {
	beheer := auth.RequireStaff(auth.RoleBeheerder)
	mux.Handle("GET /beheer/kennis/partners", beheer(http.HandlerFunc(a.partnersList)))
	mux.Handle("POST /beheer/kennis/partners", beheer(http.HandlerFunc(a.partnerCreate)))
	mux.Handle("POST /beheer/kennis/partners/{id}/actief", beheer(http.HandlerFunc(a.partnerActief)))
}

type partnersView struct {
	Rows   []kennis.Partner
	Fields []field
	Oms    textArea
	Notice string
}

func (a *app) partnersPage(w http.ResponseWriter, r *http.Request, status int, in kennis.Partner, fe []fieldError) {
	rows, err := a.KCC.Kennis.Partners(r.Context(), false)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	v := partnersView{Rows: rows}
	if len(fe) == 0 {
		v.Notice = kccNotice(r)
	}
	v.Fields = []field{
		{ID: "naam", Label: "Naam", Type: "text", Value: in.Naam, Required: true, Wide: true},
		{ID: "telefoon", Label: "Telefoonnummer", Type: "tel", Value: in.Telefoon},
		{ID: "email", Label: "E-mailadres", Type: "email", Value: in.Email, Wide: true},
		{ID: "website", Label: "Website (niet verplicht)", Type: "url", Value: in.Website, Wide: true},
	}
	for i := range v.Fields {
		v.Fields[i] = v.Fields[i].withError(fe)
	}
	v.Oms = textArea{ID: "omschrijving", Label: "Waarmee helpt deze organisatie?", Value: in.Omschrijving, Rows: 3}
	for _, e := range fe {
		if e.Field == "omschrijving" {
			v.Oms.Error = e.Message
		}
	}
	a.render(w, r, status, "beheer_kennis_partners", "Partnerorganisaties", v, fe...)
}

func (a *app) partnersList(w http.ResponseWriter, r *http.Request) {
	a.partnersPage(w, r, http.StatusOK, kennis.Partner{}, nil)
}

func (a *app) partnerCreate(w http.ResponseWriter, r *http.Request) {
	in := kennis.Partner{Naam: r.PostFormValue("naam"), Omschrijving: r.PostFormValue("omschrijving"),
		Telefoon: r.PostFormValue("telefoon"), Email: r.PostFormValue("email"), Website: r.PostFormValue("website")}
	if _, err := a.KCC.Kennis.CreatePartner(r.Context(), in); err != nil {
		fe, status, ok := formErrors(err, map[string]string{"naam": "naam", "telefoon": "telefoon", "email": "email",
			"website": "website", "omschrijving": "omschrijving"}, "naam")
		if !ok {
			a.fail(w, r, err)
			return
		}
		a.partnersPage(w, r, status, in, fe)
		return
	}
	redirectNotice(w, r, "/beheer/kennis/partners", "partner-opgeslagen", nil)
}

func (a *app) partnerActief(w http.ResponseWriter, r *http.Request) {
	if err := a.KCC.Kennis.SetPartnerActief(r.Context(), r.PathValue("id"), r.PostFormValue("actief") == "ja"); err != nil {
		a.fail(w, r, err)
		return
	}
	redirectNotice(w, r, "/beheer/kennis/partners", "partner-opgeslagen", nil)
}
