package klantinteracties

import (
	"encoding/json"
	"net/http"

	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/klant"
)

// resourceOf builds the handlers of one simple resource from its
// conversions, so each resource states only what differs. T is the
// resource as the klant package gives it, I what it takes to write one.
type resourceOf[T, I any] struct {
	a        *api
	required []string
	get      func(r *http.Request, id string) (T, error)
	// id is the id an update goes to, of the current value; nil: the
	// path's uuid.
	id     func(T) string
	out    func(T) any
	in     func(m, raw map[string]json.RawMessage) (I, error)
	create func(r *http.Request, v I) (T, error)
	update func(r *http.Request, id string, v I) (T, error)
	del    func(r *http.Request, id string) error
}

// resource is a resource that is written as it is read.
type resource[T any] = resourceOf[T, T]

func (res resourceOf[T, I]) getH(w http.ResponseWriter, r *http.Request) {
	v, err := res.get(r, r.PathValue("uuid"))
	if err != nil {
		res.a.fail(w, r, err)
		return
	}
	writeOK(w, r, res.out(v))
}

func (res resourceOf[T, I]) createH(w http.ResponseWriter, r *http.Request) {
	m, err := rawBody(r, false, res.required...)
	if err != nil {
		res.a.fail(w, r, err)
		return
	}
	in, err := res.in(m, m)
	if err != nil {
		res.a.fail(w, r, err)
		return
	}
	v, err := res.create(r, in)
	if err != nil {
		res.a.fail(w, r, err)
		return
	}
	writeCreated(w, r, res.out(v))
}

func (res resourceOf[T, I]) updateH(patch bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		cur, err := res.get(r, r.PathValue("uuid"))
		if err != nil {
			res.a.fail(w, r, err)
			return
		}
		raw, err := rawBody(r, patch, res.required...)
		if err != nil {
			res.a.fail(w, r, err)
			return
		}
		in, err := res.in(overlay(res.out(cur), raw), raw)
		if err != nil {
			res.a.fail(w, r, err)
			return
		}
		id := r.PathValue("uuid")
		if res.id != nil {
			id = res.id(cur)
		}
		v, err := res.update(r, id, in)
		if err != nil {
			res.a.fail(w, r, err)
			return
		}
		writeOK(w, r, res.out(v))
	}
}

func (res resourceOf[T, I]) deleteH(w http.ResponseWriter, r *http.Request) {
	if err := res.del(r, r.PathValue("uuid")); err != nil {
		res.a.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// --- actoren ---

type actorJSON struct {
	UUID               string    `json:"uuid"`
	URL                string    `json:"url"`
	Naam               string    `json:"naam"`
	SoortActor         string    `json:"soortActor"`
	IndicatieActief    bool      `json:"indicatieActief"`
	Actoridentificator *objIdent `json:"actoridentificator"`
	ActorIdentificatie any       `json:"actorIdentificatie,omitempty"`
}

type medewerkerIdent struct {
	Functie        string `json:"functie"`
	Emailadres     string `json:"emailadres,omitempty"`
	Telefoonnummer string `json:"telefoonnummer"`
}

type geautomatiseerdIdent struct {
	Functie      string `json:"functie"`
	Omschrijving string `json:"omschrijving"`
}

type eenheidIdent struct {
	Omschrijving   string `json:"omschrijving"`
	Emailadres     string `json:"emailadres,omitempty"`
	Faxnummer      string `json:"faxnummer"`
	Telefoonnummer string `json:"telefoonnummer,omitempty"`
}

func (a *api) actorOut(ac klant.Actor) actorJSON {
	o := actorJSON{UUID: ac.ID, URL: a.url("actoren", ac.ID), Naam: ac.Naam, SoortActor: ac.SoortActor,
		IndicatieActief: ac.IndicatieActief, Actoridentificator: objIdentOut(ac.Identificator)}
	switch ac.SoortActor {
	case klant.ActorMedewerker:
		// functie and telefoonnummer are required in the gegevensgroep:
		// without them there is no actorIdentificatie to show.
		if ac.Functie != "" && ac.Telefoonnummer != "" {
			o.ActorIdentificatie = medewerkerIdent{ac.Functie, ac.Emailadres, ac.Telefoonnummer}
		}
	case klant.ActorGeautomatiseerd:
		if ac.Functie != "" {
			o.ActorIdentificatie = geautomatiseerdIdent{ac.Functie, ac.Omschrijving}
		}
	case klant.ActorOrganisatorischeEenheid:
		o.ActorIdentificatie = eenheidIdent{ac.Omschrijving, ac.Emailadres, ac.Faxnummer, ac.Telefoonnummer}
	}
	return o
}

func (a *api) actorIn(m, raw map[string]json.RawMessage) (klant.Actor, error) {
	var r struct {
		Naam               string    `json:"naam"`
		SoortActor         string    `json:"soortActor"`
		IndicatieActief    *bool     `json:"indicatieActief"`
		Actoridentificator *objIdent `json:"actoridentificator"`
		ActorIdentificatie *struct {
			Functie        string `json:"functie"`
			Omschrijving   string `json:"omschrijving"`
			Emailadres     string `json:"emailadres"`
			Telefoonnummer string `json:"telefoonnummer"`
			Faxnummer      string `json:"faxnummer"`
		} `json:"actorIdentificatie"`
	}
	if err := decode(m, &r); err != nil {
		return klant.Actor{}, err
	}
	ac := klant.Actor{Naam: r.Naam, SoortActor: r.SoortActor, IndicatieActief: true, Identificator: objIdentIn(r.Actoridentificator)}
	if r.IndicatieActief != nil {
		ac.IndicatieActief = *r.IndicatieActief
	}
	var f errs.Fields
	if ai := r.ActorIdentificatie; ai != nil {
		ac.Functie, ac.Omschrijving, ac.Emailadres, ac.Telefoonnummer, ac.Faxnummer = ai.Functie, ai.Omschrijving, ai.Emailadres, ai.Telefoonnummer, ai.Faxnummer
		if _, sent := raw["actorIdentificatie"]; sent {
			switch r.SoortActor {
			case klant.ActorMedewerker:
				if ai.Functie == "" {
					f.Add("actorIdentificatie.functie", "required", "Dit veld is vereist.")
				}
				if ai.Telefoonnummer == "" {
					f.Add("actorIdentificatie.telefoonnummer", "required", "Dit veld is vereist.")
				}
			case klant.ActorGeautomatiseerd:
				if ai.Functie == "" {
					f.Add("actorIdentificatie.functie", "required", "Dit veld is vereist.")
				}
			}
		}
	}
	return ac, f.Err()
}

func (a *api) actorRes() resource[klant.Actor] {
	return resource[klant.Actor]{a: a, required: []string{"naam", "soortActor"},
		get: func(r *http.Request, id string) (klant.Actor, error) { return a.s.GetActor(r.Context(), id) },
		out: func(v klant.Actor) any { return a.actorOut(v) }, in: a.actorIn,
		create: func(r *http.Request, v klant.Actor) (klant.Actor, error) { return a.s.CreateActor(r.Context(), v) },
		update: func(r *http.Request, id string, v klant.Actor) (klant.Actor, error) {
			cur, err := a.s.GetActor(r.Context(), id)
			if err != nil {
				return v, err
			}
			v.UserID, v.TeamID = cur.UserID, cur.TeamID
			return a.s.UpdateActor(r.Context(), id, v)
		},
		del: func(r *http.Request, id string) error { return a.s.DeleteActor(r.Context(), id) }}
}

func (a *api) listActoren(w http.ResponseWriter, r *http.Request) {
	l, err := listQuery(r, "actoridentificatorCodeObjecttype", "actoridentificatorCodeRegister", "actoridentificatorCodeSoortObjectId",
		"actoridentificatorObjectId", "indicatieActief", "naam", "soortActor")
	if err != nil {
		a.fail(w, r, err)
		return
	}
	var f errs.Fields
	af := klant.ActorFilter{Naam: l.get("naam"), SoortActor: l.get("soortActor"), IndicatieActief: l.boolParam(&f, "indicatieActief"),
		ObjectIdentificator: l.objIdent("actoridentificator"), Page: l.domain()}
	if err := f.Err(); err != nil {
		a.fail(w, r, err)
		return
	}
	as, total, err := a.s.ListActoren(r.Context(), af)
	listPage(a, w, r, l, as, total, err, a.actorOut)
}

func (a *api) getActor(w http.ResponseWriter, r *http.Request)    { a.actorRes().getH(w, r) }
func (a *api) createActor(w http.ResponseWriter, r *http.Request) { a.actorRes().createH(w, r) }
func (a *api) updateActor(patch bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) { a.actorRes().updateH(patch)(w, r) }
}
func (a *api) deleteActor(w http.ResponseWriter, r *http.Request) { a.actorRes().deleteH(w, r) }

// --- actorklantcontacten ---

type akJSON struct {
	UUID         string `json:"uuid"`
	URL          string `json:"url"`
	Actor        *fk    `json:"actor"`
	Klantcontact *fk    `json:"klantcontact"`
}

func (a *api) akRes() resource[klant.ActorKlantcontact] {
	return resource[klant.ActorKlantcontact]{a: a, required: []string{"actor", "klantcontact"},
		get: func(r *http.Request, id string) (klant.ActorKlantcontact, error) {
			return a.s.GetActorKlantcontact(r.Context(), id)
		},
		out: func(v klant.ActorKlantcontact) any {
			return akJSON{UUID: v.ID, URL: a.url("actorklantcontacten", v.ID), Actor: a.fk("actoren", v.ActorID),
				Klantcontact: a.fk("klantcontacten", v.KlantcontactID)}
		},
		in: func(m, _ map[string]json.RawMessage) (klant.ActorKlantcontact, error) {
			var r struct {
				Actor        *ref `json:"actor"`
				Klantcontact *ref `json:"klantcontact"`
			}
			if err := decode(m, &r); err != nil {
				return klant.ActorKlantcontact{}, err
			}
			var f errs.Fields
			v := klant.ActorKlantcontact{ActorID: a.refID(&f, "actor", "actoren", r.Actor),
				KlantcontactID: a.refID(&f, "klantcontact", "klantcontacten", r.Klantcontact)}
			return v, f.Err()
		},
		create: func(r *http.Request, v klant.ActorKlantcontact) (klant.ActorKlantcontact, error) {
			return a.s.CreateActorKlantcontact(r.Context(), v)
		},
		update: func(r *http.Request, id string, v klant.ActorKlantcontact) (klant.ActorKlantcontact, error) {
			return a.s.UpdateActorKlantcontact(r.Context(), id, v)
		},
		del: func(r *http.Request, id string) error { return a.s.DeleteActorKlantcontact(r.Context(), id) }}
}

func (a *api) listAK(w http.ResponseWriter, r *http.Request) {
	l, err := listQuery(r, "actor__url", "actor__uuid", "klantcontact__url", "klantcontact__uuid")
	if err != nil {
		a.fail(w, r, err)
		return
	}
	var f errs.Fields
	actor := a.uuidParam(&f, l, "actor__uuid", "actor__url", "actoren")
	kc := a.uuidParam(&f, l, "klantcontact__uuid", "klantcontact__url", "klantcontacten")
	if err := f.Err(); err != nil {
		a.fail(w, r, err)
		return
	}
	vs, total, err := a.s.ListActorKlantcontacten(r.Context(), actor, kc, l.domain())
	listPage(a, w, r, l, vs, total, err, a.akRes().out)
}

func (a *api) getAK(w http.ResponseWriter, r *http.Request)    { a.akRes().getH(w, r) }
func (a *api) createAK(w http.ResponseWriter, r *http.Request) { a.akRes().createH(w, r) }
func (a *api) updateAK(patch bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) { a.akRes().updateH(patch)(w, r) }
}
func (a *api) deleteAK(w http.ResponseWriter, r *http.Request) { a.akRes().deleteH(w, r) }

// --- digitale adressen ---

type digitaalAdresJSON struct {
	UUID                    string         `json:"uuid"`
	URL                     string         `json:"url"`
	VerstrektDoorBetrokkene *fk            `json:"verstrektDoorBetrokkene"`
	VerstrektDoorPartij     *fk            `json:"verstrektDoorPartij"`
	Adres                   string         `json:"adres"`
	SoortDigitaalAdres      string         `json:"soortDigitaalAdres"`
	IsStandaardAdres        bool           `json:"isStandaardAdres"`
	Omschrijving            string         `json:"omschrijving"`
	Referentie              string         `json:"referentie,omitempty"`
	VerificatieDatum        *string        `json:"verificatieDatum"`
	Expand                  map[string]any `json:"_expand,omitempty"`
}

func (a *api) digitaalOut(d klant.DigitaalAdres) digitaalAdresJSON {
	return digitaalAdresJSON{UUID: d.ID, URL: a.url("digitaleadressen", d.ID), VerstrektDoorBetrokkene: a.fk("betrokkenen", d.BetrokkeneID),
		VerstrektDoorPartij: a.fk("partijen", d.PartijID), Adres: d.Adres, SoortDigitaalAdres: d.SoortDigitaalAdres,
		IsStandaardAdres: d.IsStandaardAdres, Omschrijving: d.Omschrijving, Referentie: d.Referentie, VerificatieDatum: tsPtr(d.VerificatieDatum)}
}

func (a *api) digitaalIn(m, _ map[string]json.RawMessage) (klant.DigitaalAdresInput, error) {
	var r struct {
		VerstrektDoorBetrokkene *ref    `json:"verstrektDoorBetrokkene"`
		VerstrektDoorPartij     *ref    `json:"verstrektDoorPartij"`
		Adres                   string  `json:"adres"`
		SoortDigitaalAdres      string  `json:"soortDigitaalAdres"`
		IsStandaardAdres        bool    `json:"isStandaardAdres"`
		Omschrijving            string  `json:"omschrijving"`
		Referentie              string  `json:"referentie"`
		VerificatieDatum        *string `json:"verificatieDatum"`
	}
	if err := decode(m, &r); err != nil {
		return klant.DigitaalAdresInput{}, err
	}
	var f errs.Fields
	in := klant.DigitaalAdresInput{BetrokkeneID: a.refID(&f, "verstrektDoorBetrokkene", "betrokkenen", r.VerstrektDoorBetrokkene),
		PartijID: a.refID(&f, "verstrektDoorPartij", "partijen", r.VerstrektDoorPartij), Adres: r.Adres,
		SoortDigitaalAdres: r.SoortDigitaalAdres, IsStandaardAdres: r.IsStandaardAdres, Omschrijving: r.Omschrijving, Referentie: r.Referentie}
	if r.VerificatieDatum != nil {
		t := parseTime(&f, "verificatieDatum", *r.VerificatieDatum)
		in.VerificatieDatum = &t
	}
	return in, f.Err()
}

var digitaalExpand = []string{"verstrektDoorBetrokkene", "verstrektDoorBetrokkene.hadKlantcontact", "verstrektDoorBetrokkene.hadKlantcontact.leiddeTotInterneTaken"}

func (a *api) expandDigitaal(r *http.Request, o *digitaalAdresJSON, d klant.DigitaalAdres, ex map[string]bool) error {
	if len(ex) == 0 {
		return nil
	}
	o.Expand = map[string]any{}
	if d.BetrokkeneID == "" {
		o.Expand["verstrektDoorBetrokkene"] = nil
		return nil
	}
	b, err := a.s.GetBetrokkene(r.Context(), d.BetrokkeneID)
	if err != nil {
		return err
	}
	bm := toMap(a.betrokkeneOut(b))
	if ex["verstrektDoorBetrokkene.hadKlantcontact"] {
		k, err := a.s.GetContact(r.Context(), b.KlantcontactID)
		if err != nil {
			return err
		}
		kj, err := a.contactOut(r.Context(), k)
		if err != nil {
			return err
		}
		km := toMap(kj)
		if ex["verstrektDoorBetrokkene.hadKlantcontact.leiddeTotInterneTaken"] {
			taken := []taakJSON{}
			for _, id := range k.InterneTaakIDs {
				t, err := a.s.GetInterneTaak(r.Context(), id)
				if err != nil {
					return err
				}
				taken = append(taken, a.taakOut(t))
			}
			km["_expand"] = map[string]any{"leiddeTotInterneTaken": taken}
		}
		bm["_expand"] = map[string]any{"hadKlantcontact": km}
	}
	o.Expand["verstrektDoorBetrokkene"] = bm
	return nil
}

func (a *api) listAdressen(w http.ResponseWriter, r *http.Request) {
	l, err := listQuery(r, "adres", "adres__icontains", "expand", "isGeverifieerd", "isStandaardAdres", "omschrijving", "referentie",
		"soortDigitaalAdres", "verificatieDatum", "verificatieDatum__gt", "verificatieDatum__gte", "verificatieDatum__lt",
		"verificatieDatum__lte", "verstrektDoorBetrokkene__rol", "verstrektDoorBetrokkene__url", "verstrektDoorBetrokkene__uuid",
		"verstrektDoorPartij__partijIdentificator__codeObjecttype", "verstrektDoorPartij__partijIdentificator__codeRegister",
		"verstrektDoorPartij__partijIdentificator__codeSoortObjectId", "verstrektDoorPartij__partijIdentificator__objectId",
		"verstrektDoorPartij__soortPartij", "verstrektDoorPartij__url", "verstrektDoorPartij__uuid")
	if err != nil {
		a.fail(w, r, err)
		return
	}
	ex, err := expandParam(r, digitaalExpand...)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	var f errs.Fields
	df := klant.DigitaalAdresFilter{Adres: l.get("adres"), AdresIcontains: l.get("adres__icontains"),
		SoortDigitaalAdres: l.get("soortDigitaalAdres"), Omschrijving: l.get("omschrijving"), Referentie: l.get("referentie"),
		IsGeverifieerd: l.boolParam(&f, "isGeverifieerd"), IsStandaardAdres: l.boolParam(&f, "isStandaardAdres"),
		BetrokkeneID:  a.uuidParam(&f, l, "verstrektDoorBetrokkene__uuid", "verstrektDoorBetrokkene__url", "betrokkenen"),
		BetrokkeneRol: l.get("verstrektDoorBetrokkene__rol"),
		PartijID:      a.uuidParam(&f, l, "verstrektDoorPartij__uuid", "verstrektDoorPartij__url", "partijen"),
		SoortPartij:   l.get("verstrektDoorPartij__soortPartij"),
		PartijIdentificator: klant.IdentificatorGroep{CodeObjecttype: l.get("verstrektDoorPartij__partijIdentificator__codeObjecttype"),
			CodeRegister: l.get("verstrektDoorPartij__partijIdentificator__codeRegister"), CodeSoortObjectID: l.get("verstrektDoorPartij__partijIdentificator__codeSoortObjectId"),
			ObjectID: l.get("verstrektDoorPartij__partijIdentificator__objectId")},
		Verificatie: map[string]any{}, Page: l.domain()}
	for _, op := range []string{"", "__gt", "__gte", "__lt", "__lte"} {
		if v := l.get("verificatieDatum" + op); v != "" {
			d, err := date.Parse(v)
			if err != nil {
				f.Add("verificatieDatum"+op, "invalid", "Geef een datum als 2026-03-10.")
				continue
			}
			df.Verificatie[op] = d
		}
	}
	if err := f.Err(); err != nil {
		a.fail(w, r, err)
		return
	}
	ds, total, err := a.s.ListDigitaleAdressen(r.Context(), df)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	out := make([]digitaalAdresJSON, 0, len(ds))
	for _, d := range ds {
		o := a.digitaalOut(d)
		if err := a.expandDigitaal(r, &o, d, ex); err != nil {
			a.fail(w, r, err)
			return
		}
		out = append(out, o)
	}
	a.page(w, r, l, total, out)
}

func (a *api) getAdres(w http.ResponseWriter, r *http.Request) {
	getExpanded(a, w, r, digitaalExpand, a.s.GetDigitaalAdres, a.digitaalOut, a.expandDigitaal)
}

func (a *api) createAdres(w http.ResponseWriter, r *http.Request) {
	m, err := rawBody(r, false, "adres", "soortDigitaalAdres")
	if err != nil {
		a.fail(w, r, err)
		return
	}
	in, err := a.digitaalIn(m, m)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	d, err := a.s.CreateDigitaalAdres(r.Context(), in)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	writeCreated(w, r, a.digitaalOut(d))
}

func (a *api) updateAdres(patch bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		cur, err := a.s.GetDigitaalAdres(r.Context(), r.PathValue("uuid"))
		if err != nil {
			a.fail(w, r, err)
			return
		}
		raw, err := rawBody(r, patch, "adres", "soortDigitaalAdres")
		if err != nil {
			a.fail(w, r, err)
			return
		}
		in, err := a.digitaalIn(overlay(a.digitaalOut(cur), raw), raw)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		d, err := a.s.UpdateDigitaalAdres(r.Context(), cur.ID, in)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		writeOK(w, r, a.digitaalOut(d))
	}
}

func (a *api) deleteAdres(w http.ResponseWriter, r *http.Request) {
	if err := a.s.DeleteDigitaalAdres(r.Context(), r.PathValue("uuid")); err != nil {
		a.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// --- rekeningnummers ---

func (a *api) rekeningRes() resource[klant.Rekeningnummer] {
	return resource[klant.Rekeningnummer]{a: a, required: []string{"iban"},
		get: func(r *http.Request, id string) (klant.Rekeningnummer, error) {
			return a.s.GetRekeningnummer(r.Context(), id)
		},
		out: func(v klant.Rekeningnummer) any {
			m := map[string]any{"uuid": v.ID, "url": a.url("rekeningnummers", v.ID), "partij": a.fk("partijen", v.PartijID),
				"iban": v.IBAN}
			if v.BIC != "" {
				m["bic"] = v.BIC
			}
			return m
		},
		in: func(m, _ map[string]json.RawMessage) (klant.Rekeningnummer, error) {
			var r struct {
				Partij *ref   `json:"partij"`
				IBAN   string `json:"iban"`
				BIC    string `json:"bic"`
			}
			if err := decode(m, &r); err != nil {
				return klant.Rekeningnummer{}, err
			}
			var f errs.Fields
			v := klant.Rekeningnummer{PartijID: a.refID(&f, "partij", "partijen", r.Partij), IBAN: r.IBAN, BIC: r.BIC}
			return v, f.Err()
		},
		create: func(r *http.Request, v klant.Rekeningnummer) (klant.Rekeningnummer, error) {
			return a.s.CreateRekeningnummer(r.Context(), v)
		},
		update: func(r *http.Request, id string, v klant.Rekeningnummer) (klant.Rekeningnummer, error) {
			return a.s.UpdateRekeningnummer(r.Context(), id, v)
		},
		del: func(r *http.Request, id string) error { return a.s.DeleteRekeningnummer(r.Context(), id) }}
}

func (a *api) listRekeningen(w http.ResponseWriter, r *http.Request) {
	l, err := listQuery(r, "bic", "iban", "uuid")
	if err != nil {
		a.fail(w, r, err)
		return
	}
	var f errs.Fields
	id := a.uuidParam(&f, l, "uuid", "", "rekeningnummers")
	if err := f.Err(); err != nil {
		a.fail(w, r, err)
		return
	}
	vs, total, err := a.s.ListRekeningnummers(r.Context(), klant.RekeningFilter{ID: id, IBAN: l.get("iban"), BIC: l.get("bic"), Page: l.domain()})
	listPage(a, w, r, l, vs, total, err, a.rekeningRes().out)
}

func (a *api) getRekening(w http.ResponseWriter, r *http.Request)    { a.rekeningRes().getH(w, r) }
func (a *api) createRekening(w http.ResponseWriter, r *http.Request) { a.rekeningRes().createH(w, r) }
func (a *api) updateRekening(patch bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) { a.rekeningRes().updateH(patch)(w, r) }
}
func (a *api) deleteRekening(w http.ResponseWriter, r *http.Request) { a.rekeningRes().deleteH(w, r) }

// --- vertegenwoordigingen ---

func (a *api) vertRes() resource[klant.Vertegenwoordiging] {
	return resource[klant.Vertegenwoordiging]{a: a, required: []string{"vertegenwoordigendePartij", "vertegenwoordigdePartij"},
		get: func(r *http.Request, id string) (klant.Vertegenwoordiging, error) {
			return a.s.GetVertegenwoordiging(r.Context(), id)
		},
		out: func(v klant.Vertegenwoordiging) any {
			return map[string]any{"uuid": v.ID, "url": a.url("vertegenwoordigingen", v.ID),
				"vertegenwoordigendePartij": a.fk("partijen", v.VertegenwoordigendePartijID),
				"vertegenwoordigdePartij":   a.fk("partijen", v.VertegenwoordigdePartijID)}
		},
		in: func(m, _ map[string]json.RawMessage) (klant.Vertegenwoordiging, error) {
			var r struct {
				Vertegenwoordigende *ref `json:"vertegenwoordigendePartij"`
				Vertegenwoordigde   *ref `json:"vertegenwoordigdePartij"`
			}
			if err := decode(m, &r); err != nil {
				return klant.Vertegenwoordiging{}, err
			}
			var f errs.Fields
			v := klant.Vertegenwoordiging{VertegenwoordigendePartijID: a.refID(&f, "vertegenwoordigendePartij", "partijen", r.Vertegenwoordigende),
				VertegenwoordigdePartijID: a.refID(&f, "vertegenwoordigdePartij", "partijen", r.Vertegenwoordigde)}
			return v, f.Err()
		},
		create: func(r *http.Request, v klant.Vertegenwoordiging) (klant.Vertegenwoordiging, error) {
			return a.s.CreateVertegenwoordiging(r.Context(), v)
		},
		update: func(r *http.Request, id string, v klant.Vertegenwoordiging) (klant.Vertegenwoordiging, error) {
			return a.s.UpdateVertegenwoordiging(r.Context(), id, v)
		},
		del: func(r *http.Request, id string) error { return a.s.DeleteVertegenwoordiging(r.Context(), id) }}
}

func (a *api) listVert(w http.ResponseWriter, r *http.Request) {
	l, err := listQuery(r, "vertegenwoordigdePartij__url", "vertegenwoordigdePartij__uuid", "vertegenwoordigendePartij__url",
		"vertegenwoordigendePartij__uuid")
	if err != nil {
		a.fail(w, r, err)
		return
	}
	var f errs.Fields
	vd := a.uuidParam(&f, l, "vertegenwoordigdePartij__uuid", "vertegenwoordigdePartij__url", "partijen")
	vn := a.uuidParam(&f, l, "vertegenwoordigendePartij__uuid", "vertegenwoordigendePartij__url", "partijen")
	if err := f.Err(); err != nil {
		a.fail(w, r, err)
		return
	}
	vs, total, err := a.s.ListVertegenwoordigingen(r.Context(), vn, vd, l.domain())
	listPage(a, w, r, l, vs, total, err, a.vertRes().out)
}

func (a *api) getVert(w http.ResponseWriter, r *http.Request)    { a.vertRes().getH(w, r) }
func (a *api) createVert(w http.ResponseWriter, r *http.Request) { a.vertRes().createH(w, r) }
func (a *api) updateVert(patch bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) { a.vertRes().updateH(patch)(w, r) }
}
func (a *api) deleteVert(w http.ResponseWriter, r *http.Request) { a.vertRes().deleteH(w, r) }

// --- categorieën ---

func (a *api) categorieRes() resource[klant.Categorie] {
	return resource[klant.Categorie]{a: a,
		get: func(r *http.Request, id string) (klant.Categorie, error) { return a.s.GetCategorie(r.Context(), id) },
		out: func(v klant.Categorie) any {
			return map[string]any{"uuid": v.ID, "url": a.url("categorieen", v.ID), "naam": v.Naam}
		},
		in: func(m, _ map[string]json.RawMessage) (klant.Categorie, error) {
			var r struct {
				Naam string `json:"naam"`
			}
			err := decode(m, &r)
			return klant.Categorie{Naam: r.Naam}, err
		},
		create: func(r *http.Request, v klant.Categorie) (klant.Categorie, error) {
			return a.s.CreateCategorie(r.Context(), v.Naam)
		},
		update: func(r *http.Request, id string, v klant.Categorie) (klant.Categorie, error) {
			return a.s.UpdateCategorie(r.Context(), id, v.Naam)
		},
		del: func(r *http.Request, id string) error { return a.s.DeleteCategorie(r.Context(), id) }}
}

func (a *api) listCategorieen(w http.ResponseWriter, r *http.Request) {
	l, err := listQuery(r)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	vs, total, err := a.s.ListCategorieen(r.Context(), "", l.domain())
	listPage(a, w, r, l, vs, total, err, a.categorieRes().out)
}

func (a *api) getCategorie(w http.ResponseWriter, r *http.Request)    { a.categorieRes().getH(w, r) }
func (a *api) createCategorie(w http.ResponseWriter, r *http.Request) { a.categorieRes().createH(w, r) }
func (a *api) updateCategorie(patch bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) { a.categorieRes().updateH(patch)(w, r) }
}
func (a *api) deleteCategorie(w http.ResponseWriter, r *http.Request) { a.categorieRes().deleteH(w, r) }

// --- categorie-relaties ---

type categorieRelatieJSON struct {
	UUID       string  `json:"uuid"`
	URL        string  `json:"url"`
	Partij     *fk     `json:"partij"`
	Categorie  any     `json:"categorie"`
	BeginDatum *string `json:"beginDatum"`
	EindDatum  *string `json:"eindDatum"`
}

func (a *api) relatieOut(v klant.CategorieRelatie) categorieRelatieJSON {
	o := categorieRelatieJSON{UUID: v.ID, URL: a.url("categorie-relaties", v.ID), Partij: a.fk("partijen", v.PartijID),
		BeginDatum: dateStr(v.BeginDatum), EindDatum: dateStr(v.EindDatum)}
	if v.CategorieID != "" {
		o.Categorie = map[string]any{"uuid": v.CategorieID, "url": a.url("categorieen", v.CategorieID), "naam": v.CategorieNaam}
	}
	return o
}

func (a *api) relatieRes() resource[klant.CategorieRelatie] {
	return resource[klant.CategorieRelatie]{a: a,
		get: func(r *http.Request, id string) (klant.CategorieRelatie, error) {
			return a.s.GetCategorieRelatie(r.Context(), id)
		},
		out: func(v klant.CategorieRelatie) any { return a.relatieOut(v) },
		in: func(m, _ map[string]json.RawMessage) (klant.CategorieRelatie, error) {
			var r struct {
				Partij     *ref    `json:"partij"`
				Categorie  *ref    `json:"categorie"`
				BeginDatum *string `json:"beginDatum"`
				EindDatum  *string `json:"eindDatum"`
			}
			if err := decode(m, &r); err != nil {
				return klant.CategorieRelatie{}, err
			}
			var f errs.Fields
			v := klant.CategorieRelatie{PartijID: a.refID(&f, "partij", "partijen", r.Partij),
				CategorieID: a.refID(&f, "categorie", "categorieen", r.Categorie)}
			for field, p := range map[string]*string{"beginDatum": r.BeginDatum, "eindDatum": r.EindDatum} {
				if p == nil || *p == "" {
					continue
				}
				d, err := date.Parse(*p)
				if err != nil {
					f.Add(field, "invalid", "Geef een datum als 2026-03-10.")
					continue
				}
				if field == "beginDatum" {
					v.BeginDatum = d
				} else {
					v.EindDatum = d
				}
			}
			return v, f.Err()
		},
		create: func(r *http.Request, v klant.CategorieRelatie) (klant.CategorieRelatie, error) {
			return a.s.CreateCategorieRelatie(r.Context(), v)
		},
		update: func(r *http.Request, id string, v klant.CategorieRelatie) (klant.CategorieRelatie, error) {
			return a.s.UpdateCategorieRelatie(r.Context(), id, v)
		},
		del: func(r *http.Request, id string) error { return a.s.DeleteCategorieRelatie(r.Context(), id) }}
}

func (a *api) listRelaties(w http.ResponseWriter, r *http.Request) {
	l, err := listQuery(r, "beginDatum", "categorie__naam", "categorie__url", "categorie__uuid", "eindDatum", "partij__nummer",
		"partij__url", "partij__uuid")
	if err != nil {
		a.fail(w, r, err)
		return
	}
	var f errs.Fields
	rf := klant.RelatieFilter{PartijID: a.uuidParam(&f, l, "partij__uuid", "partij__url", "partijen"),
		CategorieID: a.uuidParam(&f, l, "categorie__uuid", "categorie__url", "categorieen"), CategorieNaam: l.get("categorie__naam"),
		PartijNummer: l.get("partij__nummer"), Page: l.domain()}
	for field, dst := range map[string]*date.Date{"beginDatum": &rf.BeginDatum, "eindDatum": &rf.EindDatum} {
		if v := l.get(field); v != "" {
			d, err := date.Parse(v)
			if err != nil {
				f.Add(field, "invalid", "Geef een datum als 2026-03-10.")
				continue
			}
			*dst = d
		}
	}
	if err := f.Err(); err != nil {
		a.fail(w, r, err)
		return
	}
	vs, total, err := a.s.ListCategorieRelaties(r.Context(), rf)
	listPage(a, w, r, l, vs, total, err, a.relatieOut)
}

func (a *api) getRelatie(w http.ResponseWriter, r *http.Request)    { a.relatieRes().getH(w, r) }
func (a *api) createRelatie(w http.ResponseWriter, r *http.Request) { a.relatieRes().createH(w, r) }
func (a *api) updateRelatie(patch bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) { a.relatieRes().updateH(patch)(w, r) }
}
func (a *api) deleteRelatie(w http.ResponseWriter, r *http.Request) { a.relatieRes().deleteH(w, r) }

// --- partij-identificatoren ---

func (a *api) identRes() resource[klant.IdentificatorInput] {
	conv := func(i klant.Identificator) klant.IdentificatorInput {
		return klant.IdentificatorInput{ID: i.ID, PartijID: i.PartijID, AnderePartijIdentificator: i.AnderePartijIdentificator,
			CodeObjecttype: i.CodeObjecttype, CodeSoortObjectID: i.CodeSoortObjectID, ObjectID: i.ObjectID, CodeRegister: i.CodeRegister,
			SubIdentificatorVanID: i.SubIdentificatorVanID}
	}
	back := func(i klant.IdentificatorInput) klant.Identificator {
		return klant.Identificator{ID: i.ID, PartijID: i.PartijID, AnderePartijIdentificator: i.AnderePartijIdentificator,
			CodeObjecttype: i.CodeObjecttype, CodeSoortObjectID: i.CodeSoortObjectID, ObjectID: i.ObjectID, CodeRegister: i.CodeRegister,
			SubIdentificatorVanID: i.SubIdentificatorVanID}
	}
	return resource[klant.IdentificatorInput]{a: a, required: []string{"partijIdentificator"},
		get: func(r *http.Request, id string) (klant.IdentificatorInput, error) {
			i, err := a.s.GetIdentificator(r.Context(), id)
			return conv(i), err
		},
		out: func(v klant.IdentificatorInput) any { return a.identOut(back(v)) },
		in: func(m, _ map[string]json.RawMessage) (klant.IdentificatorInput, error) {
			var r identReq
			if err := decode(m, &r); err != nil {
				return klant.IdentificatorInput{}, err
			}
			var f errs.Fields
			in := a.identIn(&f, "", r)
			in.ID = ""
			return in, f.Err()
		},
		create: func(r *http.Request, v klant.IdentificatorInput) (klant.IdentificatorInput, error) {
			i, err := a.s.CreateIdentificator(r.Context(), v)
			return conv(i), err
		},
		update: func(r *http.Request, id string, v klant.IdentificatorInput) (klant.IdentificatorInput, error) {
			i, err := a.s.UpdateIdentificator(r.Context(), id, v)
			return conv(i), err
		},
		del: func(r *http.Request, id string) error { return a.s.DeleteIdentificator(r.Context(), id) }}
}

func (a *api) listIdents(w http.ResponseWriter, r *http.Request) {
	l, err := listQuery(r, "anderePartijIdentificator", "partijIdentificatorCodeObjecttype", "partijIdentificatorCodeRegister",
		"partijIdentificatorCodeSoortObjectId", "partijIdentificatorObjectId")
	if err != nil {
		a.fail(w, r, err)
		return
	}
	is, total, err := a.s.ListIdentificatoren(r.Context(), klant.IdentificatorFilter{
		AnderePartijIdentificator: l.get("anderePartijIdentificator"), CodeObjecttype: l.get("partijIdentificatorCodeObjecttype"),
		CodeRegister: l.get("partijIdentificatorCodeRegister"), CodeSoortObjectID: l.get("partijIdentificatorCodeSoortObjectId"),
		ObjectID: l.get("partijIdentificatorObjectId"), Page: l.domain()})
	listPage(a, w, r, l, is, total, err, a.identOut)
}

func (a *api) getIdent(w http.ResponseWriter, r *http.Request)    { a.identRes().getH(w, r) }
func (a *api) createIdent(w http.ResponseWriter, r *http.Request) { a.identRes().createH(w, r) }
func (a *api) updateIdent(patch bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) { a.identRes().updateH(patch)(w, r) }
}
func (a *api) deleteIdent(w http.ResponseWriter, r *http.Request) { a.identRes().deleteH(w, r) }
