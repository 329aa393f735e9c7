package klantinteracties

import (
	"context"
	"encoding/json"
	"net/http"
	"time"

	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/klant"
	"github.com/gemeenten/loket/internal/zgw"
)

type contactJSON struct {
	UUID                      string            `json:"uuid"`
	URL                       string            `json:"url"`
	GingOverOnderwerpobjecten []fk              `json:"gingOverOnderwerpobjecten"`
	HadBetrokkenActoren       []any             `json:"hadBetrokkenActoren"`
	OmvatteBijlagen           []fk              `json:"omvatteBijlagen"`
	HadBetrokkenen            []fk              `json:"hadBetrokkenen"`
	LeiddeTotInterneTaken     []fk              `json:"leiddeTotInterneTaken"`
	Nummer                    *string           `json:"nummer"`
	Referentienummer          *string           `json:"referentienummer"`
	Kanaal                    string            `json:"kanaal"`
	Onderwerp                 string            `json:"onderwerp"`
	Inhoud                    string            `json:"inhoud"`
	Reactie                   string            `json:"reactie"`
	IndicatieContactGelukt    *bool             `json:"indicatieContactGelukt"`
	HoofdOnderwerpType        string            `json:"hoofdOnderwerpType,omitempty"`
	VerdereActieOndernomen    bool              `json:"verdereActieOndernomen"`
	Taal                      string            `json:"taal"`
	Vertrouwelijk             bool              `json:"vertrouwelijk"`
	PlaatsgevondenOp          string            `json:"plaatsgevondenOp"`
	Metadata                  map[string]string `json:"metadata"`
	Expand                    map[string]any    `json:"_expand,omitempty"`
}

func ts(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

func tsPtr(t *time.Time) *string {
	if t == nil {
		return nil
	}
	s := ts(*t)
	return &s
}

func (a *api) contactOut(ctx context.Context, k klant.Klantcontact) (contactJSON, error) {
	o := contactJSON{UUID: k.ID, URL: a.url("klantcontacten", k.ID), Nummer: apiContactNummer(k.Nummer),
		GingOverOnderwerpobjecten: a.fks("onderwerpobjecten", k.OnderwerpobjectIDs), OmvatteBijlagen: a.fks("bijlagen", k.BijlageIDs),
		HadBetrokkenen: a.fks("betrokkenen", k.BetrokkeneIDs), LeiddeTotInterneTaken: a.fks("internetaken", k.InterneTaakIDs),
		Referentienummer: opt(k.Referentienummer), Kanaal: k.Kanaal, Onderwerp: k.Onderwerp, Inhoud: k.Vraag, Reactie: k.Antwoord,
		IndicatieContactGelukt: k.IndicatieContactGelukt, HoofdOnderwerpType: k.HoofdOnderwerpType,
		VerdereActieOndernomen: k.VerdereActieOndernomen, Taal: k.Taal, Vertrouwelijk: k.Vertrouwelijk,
		PlaatsgevondenOp: ts(k.PlaatsgevondenOp), Metadata: k.Metadata, HadBetrokkenActoren: []any{}}
	if o.Metadata == nil {
		o.Metadata = map[string]string{}
	}
	if len(k.ActorIDs) > 0 {
		actors, err := a.s.GetActoren(ctx, k.ActorIDs)
		if err != nil {
			return o, err
		}
		for _, ac := range actors {
			o.HadBetrokkenActoren = append(o.HadBetrokkenActoren, a.actorOut(ac))
		}
	}
	return o, nil
}

var contactExpand = []string{"gingOverOnderwerpobjecten", "hadBetrokkenen", "hadBetrokkenen.digitaleAdressen",
	"hadBetrokkenen.wasPartij", "leiddeTotInterneTaken", "omvatteBijlagen"}

func (a *api) expandContact(ctx context.Context, o *contactJSON, k klant.Klantcontact, ex map[string]bool) error {
	if len(ex) == 0 {
		return nil
	}
	o.Expand = map[string]any{}
	if ex["hadBetrokkenen"] {
		bs, _, err := a.s.ListBetrokkenen(ctx, klant.BetrokkeneFilter{KlantcontactID: k.ID, Page: klant.Page{Limit: 1000}})
		if err != nil {
			return err
		}
		out := []map[string]any{}
		for _, b := range bs {
			m := toMap(a.betrokkeneOut(b))
			sub := map[string]any{}
			if ex["hadBetrokkenen.digitaleAdressen"] {
				das, err := byID(ctx, b.DigitaalAdresIDs, a.s.GetDigitaalAdres, a.digitaalOut)
				if err != nil {
					return err
				}
				sub["digitaleAdressen"] = das
			}
			if ex["hadBetrokkenen.wasPartij"] {
				if b.PartijID == "" {
					sub["wasPartij"] = nil
				} else {
					p, err := a.s.GetPartij(ctx, b.PartijID)
					if err != nil {
						return err
					}
					sub["wasPartij"] = a.partijOut(p)
				}
			}
			if len(sub) > 0 {
				m["_expand"] = sub
			}
			out = append(out, m)
		}
		o.Expand["hadBetrokkenen"] = out
	}
	if ex["leiddeTotInterneTaken"] {
		out, err := byID(ctx, k.InterneTaakIDs, a.s.GetInterneTaak, a.taakOut)
		if err != nil {
			return err
		}
		o.Expand["leiddeTotInterneTaken"] = out
	}
	if ex["gingOverOnderwerpobjecten"] {
		out, err := byID(ctx, k.OnderwerpobjectIDs, a.s.GetOnderwerpobject, a.onderwerpOut)
		if err != nil {
			return err
		}
		o.Expand["gingOverOnderwerpobjecten"] = out
	}
	if ex["omvatteBijlagen"] {
		out, err := byID(ctx, k.BijlageIDs, a.s.GetBijlage, a.bijlageOut)
		if err != nil {
			return err
		}
		o.Expand["omvatteBijlagen"] = out
	}
	return nil
}

// byID reads the values with ids, each as out shows it (an expansion);
// none is an empty list.
func byID[T, J any](ctx context.Context, ids []string, get func(context.Context, string) (T, error), out func(T) J) ([]J, error) {
	res := []J{}
	for _, id := range ids {
		v, err := get(ctx, id)
		if err != nil {
			return nil, err
		}
		res = append(res, out(v))
	}
	return res, nil
}

type contactReq struct {
	Referentienummer       *string           `json:"referentienummer"`
	Kanaal                 string            `json:"kanaal"`
	Onderwerp              string            `json:"onderwerp"`
	Inhoud                 string            `json:"inhoud"`
	Reactie                string            `json:"reactie"`
	IndicatieContactGelukt *bool             `json:"indicatieContactGelukt"`
	HoofdOnderwerpType     string            `json:"hoofdOnderwerpType"`
	VerdereActieOndernomen bool              `json:"verdereActieOndernomen"`
	Taal                   string            `json:"taal"`
	Vertrouwelijk          bool              `json:"vertrouwelijk"`
	PlaatsgevondenOp       string            `json:"plaatsgevondenOp"`
	Metadata               map[string]string `json:"metadata"`
}

var contactRequired = []string{"kanaal", "onderwerp", "taal", "vertrouwelijk"}

func parseTime(f *errs.Fields, field, s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		f.Add(field, "invalid", "Geef datum en tijd als 2026-03-10T09:30:00Z (ISO 8601).")
	}
	return t
}

// metadataUitkomst: a client that knows the KCC outcome passes it as
// metadata "uitkomst" (and "zaak" for the zaak a request started).
func (a *api) contactIn(m map[string]json.RawMessage) (klant.ContactInput, error) {
	var r contactReq
	if err := decode(m, &r); err != nil {
		return klant.ContactInput{}, err
	}
	var f errs.Fields
	in := klant.ContactInput{Kanaal: r.Kanaal, Onderwerp: r.Onderwerp, Vraag: r.Inhoud, Antwoord: r.Reactie,
		IndicatieContactGelukt: r.IndicatieContactGelukt, HoofdOnderwerpType: r.HoofdOnderwerpType,
		VerdereActieOndernomen: r.VerdereActieOndernomen, Taal: r.Taal, Vertrouwelijk: r.Vertrouwelijk, Metadata: r.Metadata,
		PlaatsgevondenOp: parseTime(&f, "plaatsgevondenOp", r.PlaatsgevondenOp), UitkomstOptioneel: true}
	if r.Referentienummer != nil {
		in.Referentienummer = *r.Referentienummer
	}
	if u := r.Metadata["uitkomst"]; u != "" {
		in.Uitkomst = u
	}
	if id, ok := a.env.ParseOwnURL(r.HoofdOnderwerpType, "/catalogi/api/v1/zaaktypen/"); ok {
		in.ZaaktypeID = id
	}
	return in, f.Err()
}

func (a *api) listContacten(w http.ResponseWriter, r *http.Request) {
	l, err := listQuery(r, "expand", "hadBetrokkene__digitaaladres__adres__icontains", "hadBetrokkene__url", "hadBetrokkene__uuid",
		"hadBetrokkene__wasPartij", "hadBetrokkene__wasPartij__partijIdentificator__codeObjecttype",
		"hadBetrokkene__wasPartij__partijIdentificator__codeRegister", "hadBetrokkene__wasPartij__partijIdentificator__codeSoortObjectId",
		"hadBetrokkene__wasPartij__partijIdentificator__objectId", "hadBetrokkene__wasPartij__url", "hadBetrokkene__wasPartij__uuid",
		"indicatieContactGelukt", "inhoud", "kanaal", "leiddeTotInterneTaken", "nummer", "onderwerp",
		"onderwerpobject__onderwerpobjectidentificatorCodeObjecttype", "onderwerpobject__onderwerpobjectidentificatorCodeRegister",
		"onderwerpobject__onderwerpobjectidentificatorCodeSoortObjectId", "onderwerpobject__onderwerpobjectidentificatorObjectId",
		"onderwerpobject__url", "onderwerpobject__uuid", "plaatsgevondenOp", "reactie", "referentienummer", "vertrouwelijk",
		"wasOnderwerpobject__onderwerpobjectidentificatorCodeObjecttype", "wasOnderwerpobject__onderwerpobjectidentificatorCodeRegister",
		"wasOnderwerpobject__onderwerpobjectidentificatorCodeSoortObjectId", "wasOnderwerpobject__onderwerpobjectidentificatorObjectId",
		"wasOnderwerpobject__url", "wasOnderwerpobject__uuid")
	if err != nil {
		a.fail(w, r, err)
		return
	}
	ex, err := expandParam(r, contactExpand...)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	var f errs.Fields
	cf := klant.ContactFilter{Kanaal: l.get("kanaal"), Onderwerp: l.get("onderwerp"), Nummer: loketContactNummer(l.get("nummer")),
		Referentienummer: l.get("referentienummer"), Inhoud: l.get("inhoud"), Reactie: l.get("reactie"),
		Vertrouwelijk: l.boolParam(&f, "vertrouwelijk"), IndicatieContactGelukt: l.boolParam(&f, "indicatieContactGelukt"),
		BetrokkeneID:         a.uuidParam(&f, l, "hadBetrokkene__uuid", "hadBetrokkene__url", "betrokkenen"),
		BetrokkeneAdres:      l.get("hadBetrokkene__digitaaladres__adres__icontains"),
		InterneTaakID:        a.uuidParam(&f, l, "leiddeTotInterneTaken", "", "internetaken"),
		OnderwerpobjectID:    a.uuidParam(&f, l, "onderwerpobject__uuid", "onderwerpobject__url", "onderwerpobjecten"),
		WasOnderwerpobjectID: a.uuidParam(&f, l, "wasOnderwerpobject__uuid", "wasOnderwerpobject__url", "onderwerpobjecten"),
		Onderwerpobject:      l.objIdent("onderwerpobject__onderwerpobjectidentificator"),
		WasOnderwerpobject:   l.objIdent("wasOnderwerpobject__onderwerpobjectidentificator"),
		BetrokkenePartij: klant.IdentificatorGroep{
			CodeObjecttype:    l.get("hadBetrokkene__wasPartij__partijIdentificator__codeObjecttype"),
			CodeRegister:      l.get("hadBetrokkene__wasPartij__partijIdentificator__codeRegister"),
			CodeSoortObjectID: l.get("hadBetrokkene__wasPartij__partijIdentificator__codeSoortObjectId"),
			ObjectID:          l.get("hadBetrokkene__wasPartij__partijIdentificator__objectId")},
		Page: l.domain()}
	cf.PartijID = a.uuidParam(&f, l, "hadBetrokkene__wasPartij__uuid", "hadBetrokkene__wasPartij__url", "partijen")
	if cf.PartijID == "" {
		cf.PartijID = a.uuidParam(&f, l, "hadBetrokkene__wasPartij", "", "partijen")
	}
	if v := l.get("plaatsgevondenOp"); v != "" {
		cf.PlaatsgevondenOp = parseTime(&f, "plaatsgevondenOp", v)
	}
	if err := f.Err(); err != nil {
		a.fail(w, r, err)
		return
	}
	ks, total, err := a.s.ListContacten(r.Context(), cf)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	out := make([]contactJSON, 0, len(ks))
	for _, k := range ks {
		o, err := a.contactOut(r.Context(), k)
		if err == nil {
			err = a.expandContact(r.Context(), &o, k, ex)
		}
		if err != nil {
			a.fail(w, r, err)
			return
		}
		out = append(out, o)
	}
	a.page(w, r, l, total, out)
}

func (a *api) getContact(w http.ResponseWriter, r *http.Request) {
	if err := checkQuery(r, "expand"); err != nil {
		a.fail(w, r, err)
		return
	}
	ex, err := expandParam(r, contactExpand...)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	k, err := a.s.GetContact(r.Context(), r.PathValue("uuid"))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	o, err := a.contactOut(r.Context(), k)
	if err == nil {
		err = a.expandContact(r.Context(), &o, k, ex)
	}
	if err != nil {
		a.fail(w, r, err)
		return
	}
	writeOK(w, r, o)
}

func (a *api) createContact(w http.ResponseWriter, r *http.Request) {
	m, err := rawBody(r, false, contactRequired...)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	in, err := a.contactIn(m)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	k, err := a.s.RegisterContact(r.Context(), in)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	a.writeContact(w, r, http.StatusCreated, k)
}

// writeContact writes k as the API shows it, without expansions.
func (a *api) writeContact(w http.ResponseWriter, r *http.Request, status int, k klant.Klantcontact) {
	o, err := a.contactOut(r.Context(), k)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	zgw.WriteJSON(w, r, status, o)
}

func (a *api) updateContact(patch bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		cur, err := a.s.GetContact(r.Context(), r.PathValue("uuid"))
		if err != nil {
			a.fail(w, r, err)
			return
		}
		curJSON, err := a.contactOut(r.Context(), cur)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		raw, err := rawBody(r, patch, contactRequired...)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		in, err := a.contactIn(overlay(curJSON, raw))
		if err != nil {
			a.fail(w, r, err)
			return
		}
		k, err := a.s.UpdateContact(r.Context(), cur.ID, klant.ContactUpdate{Kanaal: in.Kanaal, Onderwerp: in.Onderwerp,
			Vraag: in.Vraag, Antwoord: in.Antwoord, Referentienummer: in.Referentienummer,
			IndicatieContactGelukt: in.IndicatieContactGelukt, HoofdOnderwerpType: in.HoofdOnderwerpType,
			VerdereActieOndernomen: in.VerdereActieOndernomen, Taal: in.Taal, Vertrouwelijk: in.Vertrouwelijk,
			PlaatsgevondenOp: in.PlaatsgevondenOp, Metadata: in.Metadata})
		if err != nil {
			a.fail(w, r, err)
			return
		}
		a.writeContact(w, r, http.StatusOK, k)
	}
}

func (a *api) deleteContact(w http.ResponseWriter, r *http.Request) {
	if err := a.s.DeleteContact(r.Context(), r.PathValue("uuid")); err != nil {
		a.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// maakKlantcontact registers a klantcontact with its betrokkene and
// onderwerpobject in one transaction.
func (a *api) maakKlantcontact(w http.ResponseWriter, r *http.Request) {
	raw, err := rawBody(r, false, "klantcontact")
	if err != nil {
		a.fail(w, r, err)
		return
	}
	var kc map[string]json.RawMessage
	if err := json.Unmarshal(raw["klantcontact"], &kc); err != nil || kc == nil {
		a.fail(w, r, errs.InvalidField("klantcontact", "invalid", "Verkeerd type: object verwacht."))
		return
	}
	var f errs.Fields
	for _, k := range contactRequired {
		if _, ok := kc[k]; !ok {
			f.Add("klantcontact."+k, "required", "Dit veld is vereist.")
		}
	}
	if err := f.Err(); err != nil {
		a.fail(w, r, err)
		return
	}
	in, err := a.contactIn(kc)
	if err != nil {
		a.fail(w, r, prefixed("klantcontact.", err))
		return
	}
	var mk klant.MaakInput
	mk.Contact = in
	if b, ok := raw["betrokkene"]; ok && string(b) != "null" {
		var bm map[string]json.RawMessage
		if err := json.Unmarshal(b, &bm); err != nil || bm == nil {
			a.fail(w, r, errs.InvalidField("betrokkene", "invalid", "Verkeerd type: object verwacht."))
			return
		}
		for _, k := range []string{"rol", "initiator"} {
			if _, ok := bm[k]; !ok {
				f.Add("betrokkene."+k, "required", "Dit veld is vereist.")
			}
		}
		if err := f.Err(); err != nil {
			a.fail(w, r, err)
			return
		}
		bi, err := a.betrokkeneIn(bm, true)
		if err != nil {
			a.fail(w, r, prefixed("betrokkene.", err))
			return
		}
		mk.Betrokkene = &bi
	}
	if b, ok := raw["onderwerpobject"]; ok && string(b) != "null" {
		var om map[string]json.RawMessage
		if err := json.Unmarshal(b, &om); err != nil || om == nil {
			a.fail(w, r, errs.InvalidField("onderwerpobject", "invalid", "Verkeerd type: object verwacht."))
			return
		}
		delete(om, "klantcontact")
		oi, err := a.onderwerpIn(om)
		if err != nil {
			a.fail(w, r, prefixed("onderwerpobject.", err))
			return
		}
		mk.Onderwerpobject = &oi
	}
	res, err := a.s.MaakKlantcontact(r.Context(), mk)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	k, err := a.s.GetContact(r.Context(), res.KlantcontactID)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	kj, err := a.contactOut(r.Context(), k)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	out := map[string]any{"klantcontact": kj}
	if res.BetrokkeneID != "" {
		b, err := a.s.GetBetrokkene(r.Context(), res.BetrokkeneID)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		out["betrokkene"] = a.betrokkeneOut(b)
	}
	if res.OnderwerpobjectID != "" {
		ob, err := a.s.GetOnderwerpobject(r.Context(), res.OnderwerpobjectID)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		out["onderwerpobject"] = a.onderwerpOut(ob)
	}
	writeCreated(w, r, out)
}

// prefixed puts prefix before the field names of a validation error.
func prefixed(prefix string, err error) error {
	e := errs.As(err)
	if e == nil || e.Kind != errs.Invalid {
		return err
	}
	var f errs.Fields
	for _, fe := range e.Fields {
		f.Add(prefix+fe.Field, fe.Code, fe.Reason)
	}
	if f.Empty() {
		return err
	}
	return f.Err()
}
