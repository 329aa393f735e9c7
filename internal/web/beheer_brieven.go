package web

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/gemeenten/loket/internal/brief"
	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/errs"
)

type sjabloonRow struct {
	S        brief.Sjabloon
	ZaakType string
	Label    string
	Score    brief.Readability
	Href     string
}

type sjablonenView struct {
	Rows      []sjabloonRow
	Missing   []string // events without a default template
	ZaakTypen []option
	Events    []option
	Notice    string
}

func readabilityClass(r brief.Readability) string {
	if r.KlareTaal {
		return "met"
	}
	return "soon"
}

func (a *app) briefSjablonen(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	all, err := a.Back.Brieven.Sjablonen(ctx)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	v := sjablonenView{Notice: behandelNotice(r)}
	if v.ZaakTypen, err = a.zaakTypeOptions(ctx, ""); err != nil {
		a.fail(w, r, err)
		return
	}
	ztName := map[string]string{}
	for _, o := range v.ZaakTypen {
		ztName[o.Value] = o.Label
	}
	have := map[string]bool{}
	for _, s := range all {
		row := sjabloonRow{S: s, Label: brief.Label(s.Gebeurtenis), Score: brief.FleschDouma(s.Inhoud),
			ZaakType: "Alle zaaktypen (standaard)"}
		if s.ZaakTypeID != "" {
			row.ZaakType = ztName[s.ZaakTypeID]
			if row.ZaakType == "" {
				row.ZaakType = "Zaaktype (niet meer gepubliceerd)"
			}
		} else {
			have[s.Gebeurtenis] = true
		}
		q := url.Values{"gebeurtenis": {s.Gebeurtenis}}
		if s.ZaakTypeID != "" {
			q.Set("zaaktype", s.ZaakTypeID)
		}
		row.Href = "/beheer/brieven/sjabloon?" + q.Encode()
		v.Rows = append(v.Rows, row)
	}
	for _, g := range brief.Gebeurtenissen {
		if !have[g] {
			v.Missing = append(v.Missing, brief.Label(g))
		}
		v.Events = append(v.Events, option{Value: g, Label: brief.Label(g)})
	}
	a.render(w, r, http.StatusOK, "beheer_brieven", "Brieven", v)
}

type sjabloonView struct {
	ZaakTypeID   string
	ZaakTypeNaam string
	Gebeurtenis  string
	Label        string
	Onderwerp    string
	Inhoud       string
	Existing     *brief.Sjabloon
	FromDefault  bool
	Fields       []brief.Field
	Score        brief.Readability
	ScoreClass   string
	Preview      *brief.Rendered
	PreviewLines []previewBlock
}

type previewBlock struct {
	List  bool
	Lines []string
}

func previewOf(text string) []previewBlock {
	var out []previewBlock
	for _, para := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n\n") {
		var b previewBlock
		for _, l := range strings.Split(para, "\n") {
			l = strings.TrimSpace(l)
			if l == "" {
				continue
			}
			if strings.HasPrefix(l, "- ") || strings.HasPrefix(l, "* ") {
				if !b.List && len(b.Lines) > 0 {
					out = append(out, b)
					b = previewBlock{}
				}
				b.List = true
				l = strings.TrimSpace(l[2:])
			}
			b.Lines = append(b.Lines, l)
		}
		if len(b.Lines) > 0 {
			out = append(out, b)
		}
	}
	return out
}

func (a *app) sjabloonView(r *http.Request, zaakTypeID, gebeurtenis string) (*sjabloonView, error) {
	ctx := r.Context()
	valid := false
	for _, g := range brief.Gebeurtenissen {
		valid = valid || g == gebeurtenis
	}
	if !valid {
		return nil, errs.NotFoundf("gebeurtenis", gebeurtenis)
	}
	v := &sjabloonView{ZaakTypeID: zaakTypeID, Gebeurtenis: gebeurtenis, Label: brief.Label(gebeurtenis),
		Fields: brief.FieldsFor(gebeurtenis), ZaakTypeNaam: "Alle zaaktypen (standaard)"}
	if zaakTypeID != "" {
		opts, err := a.zaakTypeOptions(ctx, zaakTypeID)
		if err != nil {
			return nil, err
		}
		found := false
		for _, o := range opts {
			if o.Value == zaakTypeID {
				v.ZaakTypeNaam, found = o.Label, true
			}
		}
		if !found {
			return nil, errs.NotFoundf("zaaktype", zaakTypeID)
		}
	}
	s, err := a.Back.Brieven.FindSjabloon(ctx, zaakTypeID, gebeurtenis)
	switch {
	case err == nil:
		v.Onderwerp, v.Inhoud = s.Onderwerp, s.Inhoud
		if s.ZaakTypeID == zaakTypeID {
			v.Existing = s
		} else {
			v.FromDefault = true
		}
	case errs.Is(err, errs.NotFound):
		for _, d := range brief.StandaardSjablonen() {
			if d.Gebeurtenis == gebeurtenis {
				v.Onderwerp, v.Inhoud, v.FromDefault = d.Onderwerp, d.Inhoud, true
			}
		}
	default:
		return nil, err
	}
	return v, nil
}

func (v *sjabloonView) score(municipality string) {
	v.Score = brief.FleschDouma(v.Inhoud)
	v.ScoreClass = readabilityClass(v.Score)
	r := brief.Render(brief.Sjabloon{Onderwerp: v.Onderwerp, Inhoud: v.Inhoud}, brief.ExampleValues(),
		brief.Rendered{Gemeente: municipality, Naam: "Anna Jansen", Adres: []string{"Dorpsstraat 1", "1234 AB  Voorbeeld"},
			Datum: date.New(2026, 3, 2), Kenmerk: "ZAAK-2026-0000000042"})
	v.Preview = &r
	v.PreviewLines = previewOf(r.Tekst)
}

func (a *app) briefSjabloonForm(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	v, err := a.sjabloonView(r, q.Get("zaaktype"), q.Get("gebeurtenis"))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	v.score(a.Config.Municipality)
	a.render(w, r, http.StatusOK, "beheer_brieven_sjabloon", "Brief: "+v.Label, v)
}

var sjabloonFieldIDs = map[string]string{"onderwerp": "onderwerp", "inhoud": "inhoud", "gebeurtenis": "onderwerp", "zaaktype": "onderwerp"}

func (a *app) briefSjabloonSave(w http.ResponseWriter, r *http.Request) {
	in := brief.SjabloonInput{ZaakTypeID: r.PostFormValue("zaaktype"), Gebeurtenis: r.PostFormValue("gebeurtenis"),
		Onderwerp: r.PostFormValue("onderwerp"), Inhoud: r.PostFormValue("inhoud")}
	v, err := a.sjabloonView(r, in.ZaakTypeID, in.Gebeurtenis)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	v.Onderwerp, v.Inhoud = in.Onderwerp, in.Inhoud
	if r.PostFormValue("actie") == "voorbeeld" {
		v.score(a.Config.Municipality)
		a.render(w, r, http.StatusOK, "beheer_brieven_sjabloon", "Brief: "+v.Label, v)
		return
	}
	if _, err := a.Back.Brieven.SaveSjabloon(r.Context(), in); err != nil {
		fe, status, ok := formErrors(err, sjabloonFieldIDs, "inhoud")
		if !ok {
			a.fail(w, r, err)
			return
		}
		v.score(a.Config.Municipality)
		a.render(w, r, status, "beheer_brieven_sjabloon", "Brief: "+v.Label, v, fe...)
		return
	}
	redirectNotice(w, r, "/beheer/brieven", "sjabloon", nil)
}

func (a *app) briefSjabloonDelete(w http.ResponseWriter, r *http.Request) {
	if err := a.Back.Brieven.DeleteSjabloon(r.Context(), r.PathValue("id")); err != nil {
		a.fail(w, r, err)
		return
	}
	redirectNotice(w, r, "/beheer/brieven", "sjabloon-weg", nil)
}
