package klantinteracties

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/klant"
)

// adres is the JSON of a bezoek- or correspondentieadres.
type adres struct {
	NummeraanduidingID   string `json:"nummeraanduidingId,omitempty"`
	Straatnaam           string `json:"straatnaam"`
	Huisnummer           *int   `json:"huisnummer"`
	Huisnummertoevoeging string `json:"huisnummertoevoeging"`
	Postcode             string `json:"postcode,omitempty"`
	Stad                 string `json:"stad"`
	Adresregel1          string `json:"adresregel1"`
	Adresregel2          string `json:"adresregel2"`
	Adresregel3          string `json:"adresregel3"`
	Land                 string `json:"land,omitempty"`
}

func adresOut(a *klant.Adres) *adres {
	if a == nil {
		return nil
	}
	o := &adres{NummeraanduidingID: a.NummeraanduidingID, Straatnaam: a.Straatnaam, Huisnummertoevoeging: a.Huisnummertoevoeging,
		Postcode: a.Postcode, Stad: a.Stad, Adresregel1: a.Adresregel1, Adresregel2: a.Adresregel2, Adresregel3: a.Adresregel3, Land: a.Land}
	if a.Huisnummer > 0 {
		n := a.Huisnummer
		o.Huisnummer = &n
	}
	return o
}

func adresIn(a *adres) *klant.Adres {
	if a == nil {
		return nil
	}
	o := &klant.Adres{NummeraanduidingID: a.NummeraanduidingID, Straatnaam: a.Straatnaam, Huisnummertoevoeging: a.Huisnummertoevoeging,
		Postcode: a.Postcode, Stad: a.Stad, Adresregel1: a.Adresregel1, Adresregel2: a.Adresregel2, Adresregel3: a.Adresregel3, Land: a.Land}
	if a.Huisnummer != nil {
		o.Huisnummer = *a.Huisnummer
		if *a.Huisnummer == 0 {
			o.Huisnummer = -1 // refused by the domain: 0 is no house number
		}
	}
	if *o == (klant.Adres{}) {
		return nil
	}
	return o
}

type naam struct {
	Voorletters           string `json:"voorletters"`
	Voornaam              string `json:"voornaam"`
	VoorvoegselAchternaam string `json:"voorvoegselAchternaam"`
	Achternaam            string `json:"achternaam"`
}

func naamOut(n klant.Naam) *naam {
	if n == (klant.Naam{}) {
		return nil
	}
	return &naam{n.Voorletters, n.Voornaam, n.VoorvoegselAchternaam, n.Achternaam}
}

func naamIn(n *naam) klant.Naam {
	if n == nil {
		return klant.Naam{}
	}
	return klant.Naam{Voorletters: n.Voorletters, Voornaam: n.Voornaam, VoorvoegselAchternaam: n.VoorvoegselAchternaam, Achternaam: n.Achternaam}
}

type identGroep struct {
	CodeObjecttype    string `json:"codeObjecttype"`
	CodeSoortObjectID string `json:"codeSoortObjectId"`
	ObjectID          string `json:"objectId"`
	CodeRegister      string `json:"codeRegister"`
}

type identJSON struct {
	UUID                      string     `json:"uuid"`
	URL                       string     `json:"url"`
	IdentificeerdePartij      *fk        `json:"identificeerdePartij"`
	AnderePartijIdentificator string     `json:"anderePartijIdentificator"`
	PartijIdentificator       identGroep `json:"partijIdentificator"`
	SubIdentificatorVan       *fk        `json:"subIdentificatorVan"`
}

func (a *api) identOut(i klant.Identificator) identJSON {
	return identJSON{UUID: i.ID, URL: a.url("partij-identificatoren", i.ID), IdentificeerdePartij: a.fk("partijen", i.PartijID),
		AnderePartijIdentificator: i.AnderePartijIdentificator,
		PartijIdentificator:       identGroep{i.CodeObjecttype, i.CodeSoortObjectID, i.ObjectID, i.CodeRegister},
		SubIdentificatorVan:       a.fk("partij-identificatoren", i.SubIdentificatorVanID)}
}

type identReq struct {
	UUID                      string      `json:"uuid"`
	IdentificeerdePartij      *ref        `json:"identificeerdePartij"`
	AnderePartijIdentificator string      `json:"anderePartijIdentificator"`
	PartijIdentificator       *identGroep `json:"partijIdentificator"`
	SubIdentificatorVan       *ref        `json:"subIdentificatorVan"`
}

func (a *api) identIn(f *errs.Fields, prefix string, r identReq) klant.IdentificatorInput {
	in := klant.IdentificatorInput{ID: r.UUID, AnderePartijIdentificator: r.AnderePartijIdentificator,
		PartijID:              a.refID(f, prefix+"identificeerdePartij", "partijen", r.IdentificeerdePartij),
		SubIdentificatorVanID: a.refID(f, prefix+"subIdentificatorVan", "partij-identificatoren", r.SubIdentificatorVan)}
	if r.PartijIdentificator == nil {
		f.Add(prefix+"partijIdentificator", "required", "Dit veld is vereist.")
		return in
	}
	g := r.PartijIdentificator
	in.CodeObjecttype, in.CodeSoortObjectID, in.ObjectID, in.CodeRegister = g.CodeObjecttype, g.CodeSoortObjectID, g.ObjectID, g.CodeRegister
	return in
}

type catRelFK struct {
	UUID          string  `json:"uuid"`
	URL           string  `json:"url"`
	CategorieNaam *string `json:"categorieNaam"`
	BeginDatum    *string `json:"beginDatum"`
	EindDatum     *string `json:"eindDatum"`
}

func dateStr(d date.Date) *string {
	if d.IsZero() {
		return nil
	}
	s := d.String()
	return &s
}

type partijJSON struct {
	UUID                    string         `json:"uuid"`
	URL                     string         `json:"url"`
	Nummer                  *string        `json:"nummer"`
	InterneNotitie          string         `json:"interneNotitie"`
	Betrokkenen             []fk           `json:"betrokkenen"`
	CategorieRelaties       []catRelFK     `json:"categorieRelaties"`
	DigitaleAdressen        []fk           `json:"digitaleAdressen"`
	VoorkeursDigitaalAdres  *fk            `json:"voorkeursDigitaalAdres"`
	Vertegenwoordigden      []fk           `json:"vertegenwoordigden"`
	Rekeningnummers         []fk           `json:"rekeningnummers"`
	VoorkeursRekeningnummer *fk            `json:"voorkeursRekeningnummer"`
	PartijIdentificatoren   []identJSON    `json:"partijIdentificatoren"`
	SoortPartij             string         `json:"soortPartij"`
	IndicatieGeheimhouding  *bool          `json:"indicatieGeheimhouding"`
	Voorkeurstaal           string         `json:"voorkeurstaal"`
	IndicatieActief         bool           `json:"indicatieActief"`
	Bezoekadres             *adres         `json:"bezoekadres"`
	Correspondentieadres    *adres         `json:"correspondentieadres"`
	PartijIdentificatie     any            `json:"partijIdentificatie"`
	Expand                  map[string]any `json:"_expand,omitempty"`
}

type persoonIdent struct {
	Contactnaam   *naam  `json:"contactnaam"`
	VolledigeNaam string `json:"volledigeNaam"`
}

type contactpersoonIdent struct {
	UUID             string `json:"uuid,omitempty"`
	WerkteVoorPartij *fk    `json:"werkteVoorPartij"`
	Contactnaam      *naam  `json:"contactnaam"`
	VolledigeNaam    string `json:"volledigeNaam"`
}

type organisatieIdent struct {
	Naam string `json:"naam"`
}

func (a *api) partijOut(p klant.Partij) partijJSON {
	o := partijJSON{UUID: p.ID, URL: a.url("partijen", p.ID), Nummer: opt(p.Nummer), InterneNotitie: p.InterneNotitie,
		Betrokkenen: a.fks("betrokkenen", p.BetrokkeneIDs), DigitaleAdressen: a.fks("digitaleadressen", p.DigitaalAdresIDs),
		VoorkeursDigitaalAdres: a.fk("digitaleadressen", p.VoorkeursDigitaalAdresID),
		Vertegenwoordigden:     a.fks("partijen", p.VertegenwoordigdIDs), Rekeningnummers: a.fks("rekeningnummers", p.RekeningnummerIDs),
		VoorkeursRekeningnummer: a.fk("rekeningnummers", p.VoorkeursRekeningnummerID), SoortPartij: p.SoortPartij,
		IndicatieGeheimhouding: p.IndicatieGeheimhouding, Voorkeurstaal: p.Voorkeurstaal, IndicatieActief: p.IndicatieActief,
		Bezoekadres: adresOut(p.Bezoekadres), Correspondentieadres: adresOut(p.Correspondentieadres),
		CategorieRelaties: []catRelFK{}, PartijIdentificatoren: []identJSON{}}
	for _, r := range p.CategorieRelaties {
		o.CategorieRelaties = append(o.CategorieRelaties, catRelFK{UUID: r.ID, URL: a.url("categorie-relaties", r.ID),
			CategorieNaam: opt(r.CategorieNaam), BeginDatum: dateStr(r.BeginDatum), EindDatum: dateStr(r.EindDatum)})
	}
	for _, i := range p.Identificatoren {
		o.PartijIdentificatoren = append(o.PartijIdentificatoren, a.identOut(i))
	}
	switch p.SoortPartij {
	case klant.Organisatie:
		o.PartijIdentificatie = organisatieIdent{Naam: p.OrganisatieNaam}
	case klant.Contactpersoon:
		o.PartijIdentificatie = contactpersoonIdent{WerkteVoorPartij: a.fk("partijen", p.WerkteVoorPartijID),
			Contactnaam: naamOut(p.Naam), VolledigeNaam: p.VolledigeNaam()}
	default:
		o.PartijIdentificatie = persoonIdent{Contactnaam: naamOut(p.Naam), VolledigeNaam: p.VolledigeNaam()}
	}
	return o
}

type partijReq struct {
	InterneNotitie          string          `json:"interneNotitie"`
	DigitaleAdressen        []ref           `json:"digitaleAdressen"`
	VoorkeursDigitaalAdres  *ref            `json:"voorkeursDigitaalAdres"`
	Rekeningnummers         []ref           `json:"rekeningnummers"`
	VoorkeursRekeningnummer *ref            `json:"voorkeursRekeningnummer"`
	PartijIdentificatoren   []identReq      `json:"partijIdentificatoren"`
	SoortPartij             string          `json:"soortPartij"`
	IndicatieGeheimhouding  *bool           `json:"indicatieGeheimhouding"`
	Voorkeurstaal           string          `json:"voorkeurstaal"`
	IndicatieActief         *bool           `json:"indicatieActief"`
	Bezoekadres             *adres          `json:"bezoekadres"`
	Correspondentieadres    *adres          `json:"correspondentieadres"`
	PartijIdentificatie     json.RawMessage `json:"partijIdentificatie"`
}

func (a *api) partijIn(m map[string]json.RawMessage, raw map[string]json.RawMessage) (klant.PartijInput, error) {
	var r partijReq
	if err := decode(m, &r); err != nil {
		return klant.PartijInput{}, err
	}
	var f errs.Fields
	in := klant.PartijInput{SoortPartij: r.SoortPartij, InterneNotitie: r.InterneNotitie, IndicatieGeheimhouding: r.IndicatieGeheimhouding,
		Voorkeurstaal: r.Voorkeurstaal, IndicatieActief: r.IndicatieActief, Bezoekadres: adresIn(r.Bezoekadres),
		Correspondentieadres:      adresIn(r.Correspondentieadres),
		VoorkeursDigitaalAdresID:  a.refID(&f, "voorkeursDigitaalAdres", "digitaleadressen", r.VoorkeursDigitaalAdres),
		VoorkeursRekeningnummerID: a.refID(&f, "voorkeursRekeningnummer", "rekeningnummers", r.VoorkeursRekeningnummer)}
	if _, ok := raw["digitaleAdressen"]; ok {
		for i, d := range r.DigitaleAdressen {
			in.DigitaalAdresIDs = append(in.DigitaalAdresIDs, a.refID(&f, fmt.Sprintf("digitaleAdressen.%d", i), "digitaleadressen", &d))
		}
	}
	if _, ok := raw["rekeningnummers"]; ok {
		for i, d := range r.Rekeningnummers {
			in.RekeningnummerIDs = append(in.RekeningnummerIDs, a.refID(&f, fmt.Sprintf("rekeningnummers.%d", i), "rekeningnummers", &d))
		}
	}
	if _, ok := raw["partijIdentificatoren"]; ok {
		in.Identificatoren = []klant.IdentificatorInput{}
		for i, pi := range r.PartijIdentificatoren {
			in.Identificatoren = append(in.Identificatoren, a.identIn(&f, fmt.Sprintf("partijIdentificatoren.%d.", i), pi))
		}
	}
	if len(r.PartijIdentificatie) > 0 && string(r.PartijIdentificatie) != "null" {
		var pi struct {
			Naam             *string         `json:"naam"`
			Contactnaam      *naam           `json:"contactnaam"`
			WerkteVoorPartij *ref            `json:"werkteVoorPartij"`
			Extra            json.RawMessage `json:"-"`
		}
		if err := json.Unmarshal(r.PartijIdentificatie, &pi); err != nil {
			f.Add("partijIdentificatie", "invalid", "Verkeerd type: object verwacht.")
		} else {
			in.Naam = naamIn(pi.Contactnaam)
			if pi.Naam != nil {
				in.OrganisatieNaam = *pi.Naam
			}
			if r.SoortPartij == klant.Contactpersoon {
				in.WerkteVoorPartijID = a.refID(&f, "partijIdentificatie.werkteVoorPartij", "partijen", pi.WerkteVoorPartij)
			}
		}
	} else if r.SoortPartij != "" {
		f.Add("partijIdentificatie", "required", "Dit veld is vereist.")
	}
	return in, f.Err()
}

var partijExpand = []string{"betrokkenen", "betrokkenen.hadKlantcontact", "categorieRelaties", "digitaleAdressen"}

func (a *api) expandPartij(r *http.Request, o *partijJSON, p klant.Partij, ex map[string]bool) error {
	if len(ex) == 0 {
		return nil
	}
	o.Expand = map[string]any{}
	ctx := r.Context()
	if ex["betrokkenen"] {
		bs, _, err := a.s.ListBetrokkenen(ctx, klant.BetrokkeneFilter{PartijID: p.ID, Page: klant.Page{Limit: 1000}})
		if err != nil {
			return err
		}
		out := []map[string]any{}
		for _, b := range bs {
			bj := a.betrokkeneOut(b)
			m := toMap(bj)
			if ex["betrokkenen.hadKlantcontact"] {
				k, err := a.s.GetContact(ctx, b.KlantcontactID)
				if err != nil {
					return err
				}
				kj, err := a.contactOut(ctx, k)
				if err != nil {
					return err
				}
				m["_expand"] = map[string]any{"hadKlantcontact": kj}
			}
			out = append(out, m)
		}
		o.Expand["betrokkenen"] = out
	}
	if ex["categorieRelaties"] {
		out := []categorieRelatieJSON{}
		for _, cr := range p.CategorieRelaties {
			out = append(out, a.relatieOut(cr))
		}
		o.Expand["categorieRelaties"] = out
	}
	if ex["digitaleAdressen"] {
		das, _, err := a.s.ListDigitaleAdressen(ctx, klant.DigitaalAdresFilter{PartijID: p.ID, Page: klant.Page{Limit: 1000}})
		if err != nil {
			return err
		}
		out := []digitaalAdresJSON{}
		for _, d := range das {
			out = append(out, a.digitaalOut(d))
		}
		o.Expand["digitaleAdressen"] = out
	}
	return nil
}

func toMap(v any) map[string]any {
	b, _ := json.Marshal(v)
	var m map[string]any
	_ = json.Unmarshal(b, &m)
	return m
}

func (a *api) listPartijen(w http.ResponseWriter, r *http.Request) {
	l, err := listQuery(r, "bezoekadresAdresregel1", "bezoekadresAdresregel2", "bezoekadresAdresregel3", "bezoekadresLand",
		"bezoekadresNummeraanduidingId", "categorierelatie__categorie__naam", "correspondentieadresAdresregel1",
		"correspondentieadresAdresregel2", "correspondentieadresAdresregel3", "correspondentieadresLand",
		"correspondentieadresNummeraanduidingId", "expand", "indicatieActief", "indicatieGeheimhouding", "nummer",
		"partijIdentificator__codeObjecttype", "partijIdentificator__codeRegister", "partijIdentificator__codeSoortObjectId",
		"partijIdentificator__objectId", "soortPartij", "subIdentificatorVan__codeObjecttype", "subIdentificatorVan__codeRegister",
		"subIdentificatorVan__codeSoortObjectId", "subIdentificatorVan__objectId", "vertegenwoordigdePartij__url",
		"vertegenwoordigdePartij__uuid")
	if err != nil {
		a.fail(w, r, err)
		return
	}
	ex, err := expandParam(r, partijExpand...)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	var f errs.Fields
	pf := klant.PartijFilter{SoortPartij: l.get("soortPartij"), Nummer: l.get("nummer"),
		IndicatieActief: l.boolParam(&f, "indicatieActief"), IndicatieGeheimhouding: l.boolParam(&f, "indicatieGeheimhouding"),
		IdentificatorSoort: l.get("partijIdentificator__codeSoortObjectId"), IdentificatorObjectID: l.get("partijIdentificator__objectId"),
		IdentificatorRegister: l.get("partijIdentificator__codeRegister"), IdentificatorType: l.get("partijIdentificator__codeObjecttype"),
		SubIdentificatorVan: klant.IdentificatorGroep{CodeObjecttype: l.get("subIdentificatorVan__codeObjecttype"),
			CodeRegister: l.get("subIdentificatorVan__codeRegister"), CodeSoortObjectID: l.get("subIdentificatorVan__codeSoortObjectId"),
			ObjectID: l.get("subIdentificatorVan__objectId")},
		VertegenwoordigdeID: a.uuidParam(&f, l, "vertegenwoordigdePartij__uuid", "vertegenwoordigdePartij__url", "partijen"),
		CategorieNaam:       l.get("categorierelatie__categorie__naam"), Page: l.domain(),
		Adres: map[string]string{}}
	for _, k := range []string{"Adresregel1", "Adresregel2", "Adresregel3", "Land", "NummeraanduidingId"} {
		field := strings.ToLower(k[:1]) + k[1:]
		if v := l.get("bezoekadres" + k); v != "" {
			pf.Adres["bezoekadres."+field] = v
		}
		if v := l.get("correspondentieadres" + k); v != "" {
			pf.Adres["correspondentieadres."+field] = v
		}
	}
	if err := f.Err(); err != nil {
		a.fail(w, r, err)
		return
	}
	ps, total, err := a.s.ListPartijen(r.Context(), pf)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	out := make([]partijJSON, 0, len(ps))
	for _, p := range ps {
		o := a.partijOut(p)
		if err := a.expandPartij(r, &o, p, ex); err != nil {
			a.fail(w, r, err)
			return
		}
		out = append(out, o)
	}
	a.page(w, r, l, total, out)
}

func (a *api) getPartij(w http.ResponseWriter, r *http.Request) {
	getExpanded(a, w, r, partijExpand, a.s.GetPartij, a.partijOut, a.expandPartij)
}

func (a *api) createPartij(w http.ResponseWriter, r *http.Request) {
	m, err := rawBody(r, false, "soortPartij", "indicatieActief", "partijIdentificatie")
	if err != nil {
		a.fail(w, r, err)
		return
	}
	in, err := a.partijIn(m, m)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	p, err := a.s.CreatePartij(r.Context(), in)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	writeCreated(w, r, a.partijOut(p))
}

func (a *api) updatePartij(patch bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		cur, err := a.s.GetPartij(r.Context(), r.PathValue("uuid"))
		if err != nil {
			a.fail(w, r, err)
			return
		}
		curJSON := a.partijOut(cur)
		raw, err := rawBody(r, patch, "soortPartij", "indicatieActief", "partijIdentificatie")
		if err != nil {
			a.fail(w, r, err)
			return
		}
		m := overlay(curJSON, raw)
		in, err := a.partijIn(m, raw)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		if _, ok := raw["digitaleAdressen"]; !ok {
			in.DigitaalAdresIDs = nil
		}
		p, err := a.s.UpdatePartij(r.Context(), cur.ID, in)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		writeOK(w, r, a.partijOut(p))
	}
}

func (a *api) deletePartij(w http.ResponseWriter, r *http.Request) {
	if err := a.s.DeletePartij(r.Context(), r.PathValue("uuid")); err != nil {
		a.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
