package klantinteracties

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"

	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/klant"
)

// --- betrokkenen ---

type betrokkeneJSON struct {
	UUID                 string         `json:"uuid"`
	URL                  string         `json:"url"`
	WasPartij            *fk            `json:"wasPartij"`
	HadKlantcontact      *fk            `json:"hadKlantcontact"`
	DigitaleAdressen     []fk           `json:"digitaleAdressen"`
	Bezoekadres          *adres         `json:"bezoekadres"`
	Correspondentieadres *adres         `json:"correspondentieadres"`
	Contactnaam          *naam          `json:"contactnaam"`
	VolledigeNaam        string         `json:"volledigeNaam"`
	Rol                  string         `json:"rol"`
	Organisatienaam      string         `json:"organisatienaam"`
	Initiator            bool           `json:"initiator"`
	Expand               map[string]any `json:"_expand,omitempty"`
}

func (a *api) betrokkeneOut(b klant.Betrokkene) betrokkeneJSON {
	return betrokkeneJSON{UUID: b.ID, URL: a.url("betrokkenen", b.ID), WasPartij: a.fk("partijen", b.PartijID),
		HadKlantcontact: a.fk("klantcontacten", b.KlantcontactID), DigitaleAdressen: a.fks("digitaleadressen", b.DigitaalAdresIDs),
		Bezoekadres: adresOut(b.Bezoekadres), Correspondentieadres: adresOut(b.Correspondentieadres),
		Contactnaam: naamOut(b.Contactnaam), VolledigeNaam: b.VolledigeNaam(), Rol: b.Rol, Organisatienaam: b.Organisatienaam,
		Initiator: b.Initiator}
}

type betrokkeneReq struct {
	WasPartij            *ref   `json:"wasPartij"`
	HadKlantcontact      *ref   `json:"hadKlantcontact"`
	Bezoekadres          *adres `json:"bezoekadres"`
	Correspondentieadres *adres `json:"correspondentieadres"`
	Contactnaam          *naam  `json:"contactnaam"`
	Rol                  string `json:"rol"`
	Organisatienaam      string `json:"organisatienaam"`
	Initiator            bool   `json:"initiator"`
}

var betrokkeneRequired = []string{"hadKlantcontact", "rol", "initiator"}

// betrokkeneIn reads a betrokkene; without its klantcontact for
// maak-klantcontact (which makes the contact in the same request).
func (a *api) betrokkeneIn(m map[string]json.RawMessage, noContact bool) (klant.BetrokkeneInput, error) {
	var r betrokkeneReq
	if err := decode(m, &r); err != nil {
		return klant.BetrokkeneInput{}, err
	}
	var f errs.Fields
	in := klant.BetrokkeneInput{PartijID: a.refID(&f, "wasPartij", "partijen", r.WasPartij),
		Bezoekadres: adresIn(r.Bezoekadres), Correspondentieadres: adresIn(r.Correspondentieadres),
		Contactnaam: naamIn(r.Contactnaam), Rol: r.Rol, Organisatienaam: r.Organisatienaam, Initiator: r.Initiator}
	if !noContact {
		in.KlantcontactID = a.refID(&f, "hadKlantcontact", "klantcontacten", r.HadKlantcontact)
	}
	return in, f.Err()
}

func (a *api) expandBetrokkene(r *http.Request, o *betrokkeneJSON, b klant.Betrokkene, ex map[string]bool) error {
	if !ex["digitaleAdressen"] {
		return nil
	}
	das := []digitaalAdresJSON{}
	for _, id := range b.DigitaalAdresIDs {
		d, err := a.s.GetDigitaalAdres(r.Context(), id)
		if err != nil {
			return err
		}
		das = append(das, a.digitaalOut(d))
	}
	o.Expand = map[string]any{"digitaleAdressen": das}
	return nil
}

func (a *api) listBetrokkenen(w http.ResponseWriter, r *http.Request) {
	l, err := listQuery(r, "contactnaamAchternaam", "contactnaamVoorletters", "contactnaamVoornaam",
		"contactnaamVoorvoegselAchternaam", "expand", "hadKlantcontact__nummer", "hadKlantcontact__referentienummer",
		"hadKlantcontact__url", "hadKlantcontact__uuid", "organisatienaam", "verstrektedigitaalAdres__adres",
		"verstrektedigitaalAdres__url", "verstrektedigitaalAdres__uuid", "wasPartij__nummer",
		"wasPartij__partijIdentificator__codeObjecttype", "wasPartij__partijIdentificator__codeRegister",
		"wasPartij__partijIdentificator__codeSoortObjectId", "wasPartij__partijIdentificator__objectId", "wasPartij__url",
		"wasPartij__uuid")
	if err != nil {
		a.fail(w, r, err)
		return
	}
	ex, err := expandParam(r, "digitaleAdressen")
	if err != nil {
		a.fail(w, r, err)
		return
	}
	var f errs.Fields
	bf := klant.BetrokkeneFilter{
		KlantcontactID:  a.uuidParam(&f, l, "hadKlantcontact__uuid", "hadKlantcontact__url", "klantcontacten"),
		PartijID:        a.uuidParam(&f, l, "wasPartij__uuid", "wasPartij__url", "partijen"),
		Organisatienaam: l.get("organisatienaam"),
		Contactnaam: klant.Naam{Voorletters: l.get("contactnaamVoorletters"), Voornaam: l.get("contactnaamVoornaam"),
			VoorvoegselAchternaam: l.get("contactnaamVoorvoegselAchternaam"), Achternaam: l.get("contactnaamAchternaam")},
		KlantcontactNummer: loketContactNummer(l.get("hadKlantcontact__nummer")), KlantcontactReferentienummer: l.get("hadKlantcontact__referentienummer"),
		DigitaalAdres:   l.get("verstrektedigitaalAdres__adres"),
		DigitaalAdresID: a.uuidParam(&f, l, "verstrektedigitaalAdres__uuid", "verstrektedigitaalAdres__url", "digitaleadressen"),
		PartijNummer:    l.get("wasPartij__nummer"),
		PartijIdentificator: klant.IdentificatorGroep{CodeObjecttype: l.get("wasPartij__partijIdentificator__codeObjecttype"),
			CodeRegister: l.get("wasPartij__partijIdentificator__codeRegister"), CodeSoortObjectID: l.get("wasPartij__partijIdentificator__codeSoortObjectId"),
			ObjectID: l.get("wasPartij__partijIdentificator__objectId")},
		Page: l.domain()}
	if err := f.Err(); err != nil {
		a.fail(w, r, err)
		return
	}
	bs, total, err := a.s.ListBetrokkenen(r.Context(), bf)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	out := make([]betrokkeneJSON, 0, len(bs))
	for _, b := range bs {
		o := a.betrokkeneOut(b)
		if err := a.expandBetrokkene(r, &o, b, ex); err != nil {
			a.fail(w, r, err)
			return
		}
		out = append(out, o)
	}
	a.page(w, r, l, total, out)
}

func (a *api) getBetrokkene(w http.ResponseWriter, r *http.Request) {
	getExpanded(a, w, r, []string{"digitaleAdressen"}, a.s.GetBetrokkene, a.betrokkeneOut, a.expandBetrokkene)
}

func (a *api) betrokkeneRes() resourceOf[klant.Betrokkene, klant.BetrokkeneInput] {
	return resourceOf[klant.Betrokkene, klant.BetrokkeneInput]{a: a, required: betrokkeneRequired,
		get: func(r *http.Request, id string) (klant.Betrokkene, error) { return a.s.GetBetrokkene(r.Context(), id) },
		id:  func(b klant.Betrokkene) string { return b.ID },
		out: func(b klant.Betrokkene) any { return a.betrokkeneOut(b) },
		in: func(m, _ map[string]json.RawMessage) (klant.BetrokkeneInput, error) {
			return a.betrokkeneIn(m, false)
		},
		create: func(r *http.Request, v klant.BetrokkeneInput) (klant.Betrokkene, error) {
			return a.s.CreateBetrokkene(r.Context(), v)
		},
		update: func(r *http.Request, id string, v klant.BetrokkeneInput) (klant.Betrokkene, error) {
			return a.s.UpdateBetrokkene(r.Context(), id, v)
		},
		del: func(r *http.Request, id string) error { return a.s.DeleteBetrokkene(r.Context(), id) }}
}

func (a *api) createBetrokkene(w http.ResponseWriter, r *http.Request) {
	a.betrokkeneRes().createH(w, r)
}
func (a *api) updateBetrokkene(patch bool) http.HandlerFunc { return a.betrokkeneRes().updateH(patch) }
func (a *api) deleteBetrokkene(w http.ResponseWriter, r *http.Request) {
	a.betrokkeneRes().deleteH(w, r)
}

// --- onderwerpobjecten ---

type objIdent struct {
	ObjectID          string `json:"objectId"`
	CodeObjecttype    string `json:"codeObjecttype"`
	CodeRegister      string `json:"codeRegister"`
	CodeSoortObjectID string `json:"codeSoortObjectId"`
}

func objIdentOut(o klant.ObjectIdentificator) *objIdent {
	if o == (klant.ObjectIdentificator{}) {
		return nil
	}
	return &objIdent{o.ObjectID, o.CodeObjecttype, o.CodeRegister, o.CodeSoortObjectID}
}

func objIdentIn(o *objIdent) klant.ObjectIdentificator {
	if o == nil {
		return klant.ObjectIdentificator{}
	}
	return klant.ObjectIdentificator{ObjectID: o.ObjectID, CodeObjecttype: o.CodeObjecttype, CodeRegister: o.CodeRegister, CodeSoortObjectID: o.CodeSoortObjectID}
}

type onderwerpJSON struct {
	UUID                         string    `json:"uuid"`
	URL                          string    `json:"url"`
	Klantcontact                 *fk       `json:"klantcontact"`
	WasKlantcontact              *fk       `json:"wasKlantcontact"`
	Onderwerpobjectidentificator *objIdent `json:"onderwerpobjectidentificator"`
}

func (a *api) onderwerpOut(o klant.Onderwerpobject) onderwerpJSON {
	return onderwerpJSON{UUID: o.ID, URL: a.url("onderwerpobjecten", o.ID), Klantcontact: a.fk("klantcontacten", o.KlantcontactID),
		WasKlantcontact: a.fk("klantcontacten", o.WasKlantcontactID), Onderwerpobjectidentificator: objIdentOut(o.Identificator)}
}

func (a *api) onderwerpIn(m map[string]json.RawMessage) (klant.OnderwerpobjectInput, error) {
	var r struct {
		Klantcontact                 *ref      `json:"klantcontact"`
		WasKlantcontact              *ref      `json:"wasKlantcontact"`
		Onderwerpobjectidentificator *objIdent `json:"onderwerpobjectidentificator"`
	}
	if err := decode(m, &r); err != nil {
		return klant.OnderwerpobjectInput{}, err
	}
	var f errs.Fields
	in := klant.OnderwerpobjectInput{KlantcontactID: a.refID(&f, "klantcontact", "klantcontacten", r.Klantcontact),
		WasKlantcontactID: a.refID(&f, "wasKlantcontact", "klantcontacten", r.WasKlantcontact),
		Identificator:     objIdentIn(r.Onderwerpobjectidentificator)}
	return in, f.Err()
}

func (a *api) listOnderwerp(w http.ResponseWriter, r *http.Request) {
	l, err := listQuery(r, "klantcontact__url", "klantcontact__uuid", "onderwerpobjectidentificatorCodeObjecttype",
		"onderwerpobjectidentificatorCodeRegister", "onderwerpobjectidentificatorCodeSoortObjectId",
		"onderwerpobjectidentificatorObjectId", "wasKlantcontact__url", "wasKlantcontact__uuid")
	if err != nil {
		a.fail(w, r, err)
		return
	}
	var f errs.Fields
	of := klant.ObjectFilter{KlantcontactID: a.uuidParam(&f, l, "klantcontact__uuid", "klantcontact__url", "klantcontacten"),
		WasKlantcontactID:   a.uuidParam(&f, l, "wasKlantcontact__uuid", "wasKlantcontact__url", "klantcontacten"),
		ObjectIdentificator: l.objIdent("onderwerpobjectidentificator"), Page: l.domain()}
	if err := f.Err(); err != nil {
		a.fail(w, r, err)
		return
	}
	os, total, err := a.s.ListOnderwerpobjecten(r.Context(), of)
	listPage(a, w, r, l, os, total, err, a.onderwerpOut)
}

func (a *api) onderwerpRes() resourceOf[klant.Onderwerpobject, klant.OnderwerpobjectInput] {
	return resourceOf[klant.Onderwerpobject, klant.OnderwerpobjectInput]{a: a,
		get: func(r *http.Request, id string) (klant.Onderwerpobject, error) {
			return a.s.GetOnderwerpobject(r.Context(), id)
		},
		id:  func(o klant.Onderwerpobject) string { return o.ID },
		out: func(o klant.Onderwerpobject) any { return a.onderwerpOut(o) },
		in: func(m, _ map[string]json.RawMessage) (klant.OnderwerpobjectInput, error) {
			return a.onderwerpIn(m)
		},
		create: func(r *http.Request, v klant.OnderwerpobjectInput) (klant.Onderwerpobject, error) {
			return a.s.CreateOnderwerpobject(r.Context(), v)
		},
		update: func(r *http.Request, id string, v klant.OnderwerpobjectInput) (klant.Onderwerpobject, error) {
			return a.s.UpdateOnderwerpobject(r.Context(), id, v)
		}}
}

func (a *api) getOnderwerp(w http.ResponseWriter, r *http.Request)    { a.onderwerpRes().getH(w, r) }
func (a *api) createOnderwerp(w http.ResponseWriter, r *http.Request) { a.onderwerpRes().createH(w, r) }
func (a *api) updateOnderwerp(patch bool) http.HandlerFunc            { return a.onderwerpRes().updateH(patch) }

func (a *api) deleteOnderwerp(w http.ResponseWriter, r *http.Request) {
	if err := checkQuery(r, "cascade"); err != nil {
		a.fail(w, r, err)
		return
	}
	cascade := false
	if v := r.URL.Query().Get("cascade"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			a.fail(w, r, errs.InvalidField("cascade", "invalid", "Kies true of false."))
			return
		}
		cascade = b
	}
	kept, err := a.s.DeleteOnderwerpobject(r.Context(), r.PathValue("uuid"), cascade)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if !cascade {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	urls := []string{}
	for _, id := range kept {
		urls = append(urls, a.url("klantcontacten", id))
	}
	writeOK(w, r, map[string]any{"behouden": urls})
}

// --- bijlagen ---

type bijlageJSON struct {
	UUID                      string    `json:"uuid"`
	URL                       string    `json:"url"`
	WasBijlageVanKlantcontact *fk       `json:"wasBijlageVanKlantcontact"`
	Bijlageidentificator      *objIdent `json:"bijlageidentificator"`
}

func (a *api) bijlageOut(b klant.Bijlage) bijlageJSON {
	return bijlageJSON{UUID: b.ID, URL: a.url("bijlagen", b.ID), WasBijlageVanKlantcontact: a.fk("klantcontacten", b.KlantcontactID),
		Bijlageidentificator: objIdentOut(b.Identificator)}
}

func (a *api) bijlageIn(m map[string]json.RawMessage) (klant.Bijlage, error) {
	var r struct {
		WasBijlageVanKlantcontact *ref      `json:"wasBijlageVanKlantcontact"`
		Bijlageidentificator      *objIdent `json:"bijlageidentificator"`
	}
	if err := decode(m, &r); err != nil {
		return klant.Bijlage{}, err
	}
	var f errs.Fields
	in := klant.Bijlage{KlantcontactID: a.refID(&f, "wasBijlageVanKlantcontact", "klantcontacten", r.WasBijlageVanKlantcontact),
		Identificator: objIdentIn(r.Bijlageidentificator)}
	return in, f.Err()
}

func (a *api) listBijlagen(w http.ResponseWriter, r *http.Request) {
	l, err := listQuery(r, "bijlageidentificatorCodeObjecttype", "bijlageidentificatorCodeRegister",
		"bijlageidentificatorCodeSoortObjectId", "bijlageidentificatorObjectId", "klantcontact__uuid")
	if err != nil {
		a.fail(w, r, err)
		return
	}
	var f errs.Fields
	of := klant.ObjectFilter{KlantcontactID: a.uuidParam(&f, l, "klantcontact__uuid", "", "klantcontacten"),
		ObjectIdentificator: l.objIdent("bijlageidentificator"), Page: l.domain()}
	if err := f.Err(); err != nil {
		a.fail(w, r, err)
		return
	}
	bs, total, err := a.s.ListBijlagen(r.Context(), of)
	listPage(a, w, r, l, bs, total, err, a.bijlageOut)
}

func (a *api) bijlageRes() resource[klant.Bijlage] {
	return resource[klant.Bijlage]{a: a,
		get: func(r *http.Request, id string) (klant.Bijlage, error) { return a.s.GetBijlage(r.Context(), id) },
		id:  func(b klant.Bijlage) string { return b.ID },
		out: func(b klant.Bijlage) any { return a.bijlageOut(b) },
		in:  func(m, _ map[string]json.RawMessage) (klant.Bijlage, error) { return a.bijlageIn(m) },
		create: func(r *http.Request, v klant.Bijlage) (klant.Bijlage, error) {
			return a.s.CreateBijlage(r.Context(), v)
		},
		update: func(r *http.Request, id string, v klant.Bijlage) (klant.Bijlage, error) {
			return a.s.UpdateBijlage(r.Context(), id, v)
		},
		del: func(r *http.Request, id string) error { return a.s.DeleteBijlage(r.Context(), id) }}
}

func (a *api) getBijlage(w http.ResponseWriter, r *http.Request)    { a.bijlageRes().getH(w, r) }
func (a *api) createBijlage(w http.ResponseWriter, r *http.Request) { a.bijlageRes().createH(w, r) }
func (a *api) updateBijlage(patch bool) http.HandlerFunc            { return a.bijlageRes().updateH(patch) }
func (a *api) deleteBijlage(w http.ResponseWriter, r *http.Request) { a.bijlageRes().deleteH(w, r) }

// --- interne taken ---

type taakJSON struct {
	UUID                         string  `json:"uuid"`
	URL                          string  `json:"url"`
	Nummer                       *string `json:"nummer"`
	Referentienummer             *string `json:"referentienummer"`
	GevraagdeHandeling           string  `json:"gevraagdeHandeling"`
	AanleidinggevendKlantcontact *fk     `json:"aanleidinggevendKlantcontact"`
	ToegewezenAanActor           *fk     `json:"toegewezenAanActor,omitempty"`
	ToegewezenAanActoren         []fk    `json:"toegewezenAanActoren"`
	Toelichting                  string  `json:"toelichting"`
	Status                       string  `json:"status"`
	ToegewezenOp                 string  `json:"toegewezenOp"`
	AfgehandeldOp                *string `json:"afgehandeldOp"`
}

func (a *api) taakOut(t klant.InterneTaak) taakJSON {
	o := taakJSON{UUID: t.ID, URL: a.url("internetaken", t.ID), Nummer: opt(t.Nummer), Referentienummer: opt(t.Referentienummer),
		GevraagdeHandeling: t.GevraagdeHandeling, AanleidinggevendKlantcontact: a.fk("klantcontacten", t.KlantcontactID),
		ToegewezenAanActoren: a.fks("actoren", t.ActorIDs), Toelichting: t.Toelichting, Status: t.Status,
		ToegewezenOp: ts(t.ToegewezenOp), AfgehandeldOp: tsPtr(t.AfgehandeldOp)}
	if len(t.ActorIDs) > 0 {
		o.ToegewezenAanActor = a.fk("actoren", t.ActorIDs[0])
	}
	return o
}

var taakRequired = []string{"aanleidinggevendKlantcontact", "gevraagdeHandeling", "status"}

func (a *api) taakIn(m map[string]json.RawMessage, raw map[string]json.RawMessage) (klant.TaakInput, error) {
	var r struct {
		Referentienummer             *string `json:"referentienummer"`
		GevraagdeHandeling           string  `json:"gevraagdeHandeling"`
		AanleidinggevendKlantcontact *ref    `json:"aanleidinggevendKlantcontact"`
		ToegewezenAanActor           *ref    `json:"toegewezenAanActor"`
		ToegewezenAanActoren         []ref   `json:"toegewezenAanActoren"`
		Toelichting                  string  `json:"toelichting"`
		Status                       string  `json:"status"`
		AfgehandeldOp                *string `json:"afgehandeldOp"`
	}
	if err := decode(m, &r); err != nil {
		return klant.TaakInput{}, err
	}
	var f errs.Fields
	in := klant.TaakInput{GevraagdeHandeling: r.GevraagdeHandeling, Toelichting: r.Toelichting, Status: r.Status,
		KlantcontactID: a.refID(&f, "aanleidinggevendKlantcontact", "klantcontacten", r.AanleidinggevendKlantcontact)}
	if r.Referentienummer != nil {
		in.Referentienummer = *r.Referentienummer
	}
	// toegewezenAanActoren wins; the deprecated single actor is its first.
	_, many := raw["toegewezenAanActoren"]
	_, one := raw["toegewezenAanActor"]
	if one && !many && r.ToegewezenAanActor != nil {
		in.ActorIDs = []string{a.refID(&f, "toegewezenAanActor", "actoren", r.ToegewezenAanActor)}
	} else {
		for i, ac := range r.ToegewezenAanActoren {
			in.ActorIDs = append(in.ActorIDs, a.refID(&f, fmt.Sprintf("toegewezenAanActoren.%d", i), "actoren", &ac))
		}
	}
	if r.AfgehandeldOp != nil {
		t := parseTime(&f, "afgehandeldOp", *r.AfgehandeldOp)
		in.AfgehandeldOp = &t
	}
	return in, f.Err()
}

func (a *api) listTaken(w http.ResponseWriter, r *http.Request) {
	l, err := listQuery(r, "aanleidinggevendKlantcontact__url", "aanleidinggevendKlantcontact__uuid", "actoren__naam",
		"klantcontact__nummer", "klantcontact__referentienummer", "klantcontact__uuid", "nummer", "referentienummer", "status",
		"toegewezenAanActor__url", "toegewezenAanActor__uuid", "toegewezenOp")
	if err != nil {
		a.fail(w, r, err)
		return
	}
	var f errs.Fields
	tf := klant.TaakFilter{Status: l.get("status"), Nummer: l.get("nummer"), Referentienummer: l.get("referentienummer"),
		KlantcontactID: a.uuidParam(&f, l, "aanleidinggevendKlantcontact__uuid", "aanleidinggevendKlantcontact__url", "klantcontacten"),
		ActorID:        a.uuidParam(&f, l, "toegewezenAanActor__uuid", "toegewezenAanActor__url", "actoren"),
		ActorNaam:      l.get("actoren__naam"), KlantcontactNummer: loketContactNummer(l.get("klantcontact__nummer")),
		KlantcontactReferentienummer: l.get("klantcontact__referentienummer"), Page: l.domain()}
	if tf.KlantcontactID == "" {
		tf.KlantcontactID = a.uuidParam(&f, l, "klantcontact__uuid", "", "klantcontacten")
	}
	if v := l.get("toegewezenOp"); v != "" {
		tf.ToegewezenOp = parseTime(&f, "toegewezenOp", v)
	}
	if err := f.Err(); err != nil {
		a.fail(w, r, err)
		return
	}
	ts, total, err := a.s.ListInterneTaken(r.Context(), tf)
	listPage(a, w, r, l, ts, total, err, a.taakOut)
}

// taakRes serves get, create and delete; an update has its own rules.
func (a *api) taakRes() resourceOf[klant.InterneTaak, klant.TaakInput] {
	return resourceOf[klant.InterneTaak, klant.TaakInput]{a: a, required: taakRequired,
		get: func(r *http.Request, id string) (klant.InterneTaak, error) {
			return a.s.GetInterneTaak(r.Context(), id)
		},
		out: func(t klant.InterneTaak) any { return a.taakOut(t) }, in: a.taakIn,
		create: func(r *http.Request, v klant.TaakInput) (klant.InterneTaak, error) {
			return a.s.CreateInterneTaak(r.Context(), v)
		},
		del: func(r *http.Request, id string) error { return a.s.DeleteInterneTaak(r.Context(), id) }}
}

func (a *api) getTaak(w http.ResponseWriter, r *http.Request)    { a.taakRes().getH(w, r) }
func (a *api) createTaak(w http.ResponseWriter, r *http.Request) { a.taakRes().createH(w, r) }

func (a *api) updateTaak(patch bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		cur, err := a.s.GetInterneTaak(r.Context(), r.PathValue("uuid"))
		if err != nil {
			a.fail(w, r, err)
			return
		}
		raw, err := rawBody(r, patch, taakRequired...)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		curJSON := a.taakOut(cur)
		curJSON.ToegewezenAanActor = nil
		in, err := a.taakIn(overlay(curJSON, raw), raw)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		if _, ok := raw["afgehandeldOp"]; !ok {
			in.AfgehandeldOp = nil
		}
		t, err := a.s.UpdateInterneTaak(r.Context(), cur.ID, in)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		writeOK(w, r, a.taakOut(t))
	}
}

func (a *api) deleteTaak(w http.ResponseWriter, r *http.Request) { a.taakRes().deleteH(w, r) }
