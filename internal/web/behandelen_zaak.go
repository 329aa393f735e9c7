package web

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gemeenten/loket/internal/audit"
	"github.com/gemeenten/loket/internal/auth"
	"github.com/gemeenten/loket/internal/backoffice"
	"github.com/gemeenten/loket/internal/besluit"
	"github.com/gemeenten/loket/internal/brief"
	"github.com/gemeenten/loket/internal/catalogus"
	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/document"
	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/mail"
	"github.com/gemeenten/loket/internal/termijn"
	"github.com/gemeenten/loket/internal/zaak"
)

type contactRow struct {
	Kanaal, Onderwerp, Uitkomst string
	Op                          time.Time
}

type briefRow struct {
	B     brief.Brief
	Label string
	Hoe   string
}

type behandelNorm struct {
	normView
	Signal signalView
}

type behandelView struct {
	zaakView
	Norms        []behandelNorm
	Brieven      []briefRow
	Mails        []mail.Outgoing
	Notities     []backoffice.Notitie
	Contacten    []contactRow
	Dwangsom     *zaak.DwangsomView
	Bezwaar      *backoffice.Bezwaar
	StatusOpties []option
	Resultaten   []option
	BesluitTypen []option
	IOTypen      []option
	Behandelaars []option
	IsLead       bool
	Opschortbaar bool
	Wachtend     bool
	Verlengbaar  bool
	Verlengd     bool
	// Uitstel: a bezwaar already verdaagd; more time needs consent (Awb 7:10 lid 4).
	Uitstel  bool
	MaxWeken string
	N2Open   bool
	Notice   string
	Open     string // the action whose form had errors, shown open
	Values   map[string]string
	Today    string
	Signal   signalView
	errs     []fieldError
}

// V is a submitted form value (kept when a form comes back with errors).
func (v behandelView) V(name string) string { return v.Values[name] }

// F is a text input of an action form, with its value and error.
func (v behandelView) F(id, label, typ, hint string) field {
	f := field{ID: id, Label: label, Type: typ, Value: v.Values[id], Hint: hint, Autocomplete: "off"}
	return f.withError(v.errs)
}

// selectField is a select of an action form.
type selectField struct {
	ID, Label, Error string
	Options          []option
}

// S is a select of an action form, with its error.
func (v behandelView) S(id, label string, opts []option) selectField {
	return selectField{ID: id, Label: label, Options: opts, Error: v.E(id)}
}

// DwangsomEuro is the running dwangsom in euros, written the Dutch way.
func (v behandelView) DwangsomEuro() string {
	if v.Dwangsom == nil {
		return ""
	}
	c := v.Dwangsom.AmountCents
	return fmt.Sprintf("€ %d,%02d", c/100, c%100)
}

// E is the error of an input, "" when none.
func (v behandelView) E(id string) string {
	for _, e := range v.errs {
		if e.Field == id {
			return e.Message
		}
	}
	return ""
}

func (a *app) behandelZaak(w http.ResponseWriter, r *http.Request) {
	a.behandelRender(w, r, http.StatusOK, r.PathValue("id"), "", nil, nil)
}

// behandelRender shows the handling page; after a rejected action it shows
// the same page with that action's form open, its values and the errors.
func (a *app) behandelRender(w http.ResponseWriter, r *http.Request, status int, id, open string, values map[string]string, fe []fieldError) {
	ctx := r.Context()
	u, _ := auth.CurrentUser(r)
	z, err := a.Zaken.Get(ctx, id)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if err := a.logZaakAccess(ctx, z, "behandelen zaak "+z.Identificatie); err != nil {
		a.fail(w, r, err)
		return
	}
	v := behandelView{zaakView: zaakView{Z: z, Deadline: a.deadline(z)}, IsLead: isLead(u), Open: open, Values: values,
		Notice: behandelNotice(r), Wachtend: z.Opschorting.Indicatie, errs: fe}
	if v.Values == nil {
		v.Values = map[string]string{}
	}
	today := date.Today(a.Now())
	v.Today = today.String()
	if ex, err := a.Zaken.DeadlineExplanation(ctx, z.ID); err == nil {
		v.Uitleg = ex.Lines
	}
	if z.TeamID != "" {
		t, err := a.Auth.GetTeam(ctx, z.TeamID)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		v.TeamNaam = t.Naam
	}
	names, members, err := a.staffNames(ctx, z.TeamID)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	v.Behandelaar = names[z.BehandelaarID]
	v.Behandelaars = members
	for _, rol := range z.Rollen {
		rv := rolView{Rol: rol}
		if rol.IdentValue != "" && personSubject(rol.IdentType) != "" {
			rv.Ident = identLabels[rol.IdentType] + " " + rol.IdentValue
		}
		v.Rollen = append(v.Rollen, rv)
	}
	worst := zaak.SignalOnTrack
	for _, n := range z.Normen {
		st := normStates[n.State]
		label := normLabels[n.Norm]
		if label == "" {
			label = n.Norm
		}
		sig, err := a.Zaken.NormSignalOf(ctx, n)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		if n.Norm == zaak.N2 && n.State == zaak.NormOpen {
			v.N2Open = true
		}
		if !z.IsClosed() && (sig == zaak.SignalBreached && n.SettledAt == nil || sig == zaak.SignalAtRisk && worst != zaak.SignalBreached) {
			worst = sig
		}
		v.Norms = append(v.Norms, behandelNorm{normView: normView{N: n, Label: label, State: st[0], Class: st[1]}, Signal: signalOf(sig)})
	}
	if !z.IsClosed() && z.UiterlijkeEinddatumAfdoening.Before(today) {
		worst = zaak.SignalBreached
	}
	v.Signal = signalOf(worst)
	h, err := a.Zaken.History(ctx, z.ID)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	v.Statussen = h.Statussen
	for i := len(h.Audit) - 1; i >= 0; i-- {
		v.Audit = append(v.Audit, auditEntry(h.Audit[i]))
	}
	if a.Besluiten != nil {
		if v.Besluiten, _, err = a.Besluiten.List(ctx, besluit.Filter{ZaakID: z.ID, Limit: 100}); err != nil {
			a.fail(w, r, err)
			return
		}
	}
	if a.Documents != nil {
		if v.Documenten, err = a.Documents.ListForZaak(ctx, z.ID); err != nil {
			a.fail(w, r, err)
			return
		}
	}
	if a.Back.Brieven != nil {
		bs, err := a.Back.Brieven.ListForZaak(ctx, z.ID)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		for _, b := range bs {
			hoe := "Per post"
			if b.Verzendwijze == brief.Email {
				hoe = "Per e-mail"
				switch b.MailStatus {
				case mail.StatusVerzonden:
					hoe += " (verzonden " + formatDateTime(b.VerzondenOp) + ")"
				case mail.StatusMislukt:
					hoe += " (mislukt)"
				default:
					hoe += " (wacht op verzending)"
				}
			}
			v.Brieven = append(v.Brieven, briefRow{B: b, Label: b.Label(), Hoe: hoe})
		}
	}
	if a.Back.Mail != nil {
		if v.Mails, err = a.Back.Mail.ListForZaak(ctx, z.ID); err != nil {
			a.fail(w, r, err)
			return
		}
	}
	if v.Notities, err = a.Back.Office.Notes(ctx, z.ID); err != nil {
		a.fail(w, r, err)
		return
	}
	if v.Contacten, err = a.contactsOf(ctx, z.ID); err != nil {
		a.fail(w, r, err)
		return
	}
	if len(z.Ingebrekestellingen) > 0 {
		if v.Dwangsom, err = a.Zaken.Dwangsom(ctx, z.ID, today); err != nil {
			a.fail(w, r, err)
			return
		}
	}
	if b, err := a.Back.Office.BezwaarOf(ctx, z.ID); err == nil {
		v.Bezwaar = b
	} else if !errs.Is(err, errs.NotFound) {
		a.fail(w, r, err)
		return
	}
	zt, err := catalogus.GetZaakType(ctx, a.DB.R, z.ZaakTypeID)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	v.Opschortbaar = zt.OpschortingEnAanhoudingMogelijk
	v.Verlengbaar = zt.VerlengingMogelijk
	v.Verlengd = len(z.Verlengingen) > 0
	if !zt.Verlengingstermijn.IsZero() {
		v.MaxWeken = zt.Verlengingstermijn.Dutch()
	}
	if v.Bezwaar != nil {
		// Awb 7:10 decides for a bezwaar: one verdaging of at most six
		// weeks, then further delay only with the consent recorded.
		v.Verlengbaar, v.MaxWeken = true, zaak.MaxVerdaging.Dutch()
		v.Uitstel = v.Verlengd
		v.Verlengd = false
	}
	for _, st := range zt.StatusTypen {
		label := st.Omschrijving
		if st.Volgnummer == zt.EindStatusType().Volgnummer {
			label += " (eindstatus: sluit de zaak)"
		}
		v.StatusOpties = append(v.StatusOpties, option{Value: st.ID, Label: label, Selected: st.ID == v.V("status-statustype")})
	}
	for _, rt := range zt.ResultaatTypen {
		sel := rt.ID == v.V("resultaat-type") || (v.V("resultaat-type") == "" && z.Resultaat != nil && z.Resultaat.ResultaatTypeID == rt.ID)
		v.Resultaten = append(v.Resultaten, option{Value: rt.ID, Label: rt.Omschrijving, Selected: sel})
	}
	for _, btID := range zt.BesluitTypeIDs {
		bt, err := catalogus.GetBesluitType(ctx, a.DB.R, btID)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		if !bt.Concept {
			v.BesluitTypen = append(v.BesluitTypen, option{Value: bt.ID, Label: bt.Omschrijving, Selected: bt.ID == v.V("besluit-type")})
		}
	}
	for _, io := range zt.InformatieObjectTypen {
		t, err := catalogus.GetInformatieObjectType(ctx, a.DB.R, io.InformatieObjectTypeID)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		if !t.Concept {
			v.IOTypen = append(v.IOTypen, option{Value: t.ID, Label: t.Omschrijving, Selected: t.ID == v.V("document-type")})
		}
	}
	a.render(w, r, status, "behandelen_zaak", "Behandelen: zaak "+z.Identificatie, v, fe...)
}

// logZaakAccess logs the read of every person and business in the zaak
// before the page shows them.
func (a *app) logZaakAccess(ctx context.Context, z *zaak.Zaak, reden string) error {
	logged := map[string]bool{}
	one := func(identType, value string) error {
		st := personSubject(identType)
		if st == "" || value == "" || logged[st+value] {
			return nil
		}
		logged[st+value] = true
		return audit.LogAccess(ctx, a.DB, audit.Access{SubjectType: st, SubjectID: value, Resource: "zaak",
			ResourceID: z.ID, Reden: reden})
	}
	if err := one(z.InitiatorType, z.InitiatorID); err != nil {
		return err
	}
	for _, rol := range z.Rollen {
		if err := one(rol.IdentType, rol.IdentValue); err != nil {
			return err
		}
	}
	return nil
}

var uitkomstLabels = map[string]string{
	"direct_beantwoord": "Direct beantwoord", "zaak_gestart": "Zaak gestart", "doorverbonden": "Doorverbonden",
	"contactverzoek": "Terugbelverzoek", "klant_belt_terug": "Klant belt terug", "doorverwezen": "Doorverwezen",
}

func (a *app) contactsOf(ctx context.Context, zaakID string) ([]contactRow, error) {
	rows, err := a.DB.R.QueryContext(ctx, `SELECT kanaal, onderwerp, uitkomst, plaatsgevonden_op FROM klantcontacten
		WHERE zaak_id = $1 ORDER BY plaatsgevonden_op DESC LIMIT 50`, zaakID)
	if err != nil {
		return nil, fmt.Errorf("web: contacts: %w", err)
	}
	defer rows.Close()
	var out []contactRow
	for rows.Next() {
		var c contactRow
		if err := rows.Scan(&c.Kanaal, &c.Onderwerp, &c.Uitkomst, &c.Op); err != nil {
			return nil, err
		}
		if l, ok := uitkomstLabels[c.Uitkomst]; ok {
			c.Uitkomst = l
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// actionFields maps each action's domain field names to the ids of its
// inputs (ids are unique on the page: the action is their prefix).
var actionFields = map[string]map[string]string{
	"status":            {"statustype": "status-statustype", "statustoelichting": "status-toelichting"},
	"resultaat":         {"resultaattype": "resultaat-type", "toelichting": "resultaat-toelichting"},
	"opvragen":          {"reden": "opvragen-reden", "termijnTot": "opvragen-termijn"},
	"ontvangen":         {"ontvangenOp": "ontvangen-datum"},
	"compleet":          {},
	"verlengen":         {"duur": "verlengen-weken", "reden": "verlengen-reden", "instemming": "verlengen-instemming"},
	"ingebrekestelling": {"ontvangenOp": "ingebreke-datum", "toelichting": "ingebreke-toelichting"},
	"besluit": {"besluittype": "besluit-type", "datum": "besluit-datum", "verzenddatum": "besluit-verzenddatum",
		"toelichting": "besluit-toelichting", "ingangsdatum": "besluit-datum"},
	"notitie":   {"tekst": "notitie-tekst"},
	"bezwaar":   {"besluit": "bezwaar-besluit", "ontvangenOp": "bezwaar-datum", "verschoonbaar": "bezwaar-verschoonbaar"},
	"toewijzen": {"behandelaar": "toewijzen-behandelaar", "team": "toewijzen-behandelaar", "zaken": "toewijzen-behandelaar"},
	"document":  {"titel": "document-titel", "informatieobjecttype": "document-type", "bestandsnaam": "document-bestand"},
	"brieven":   {},
}

// firstField is where errors without a field of their own link to.
var firstField = map[string]string{
	"status": "status-statustype", "resultaat": "resultaat-type", "opvragen": "opvragen-reden", "ontvangen": "ontvangen-datum",
	"compleet": "compleet-knop", "verlengen": "verlengen-weken", "ingebrekestelling": "ingebreke-datum", "besluit": "besluit-type",
	"notitie": "notitie-tekst", "bezwaar": "bezwaar-besluit", "toewijzen": "toewijzen-behandelaar", "document": "document-bestand",
	"brieven": "brieven-knop",
}

// parseDateField reads a date input; a malformed date is a field error.
func parseDateField(f *errs.Fields, name, v string) date.Date {
	v = strings.TrimSpace(v)
	if v == "" {
		return date.Date{}
	}
	d, err := date.Parse(v)
	if err != nil {
		f.Add(name, "invalid", "Vul een geldige datum in, bijvoorbeeld "+date.New(2026, 3, 2).String()+".")
	}
	return d
}

func (a *app) behandelActie(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, actie := r.PathValue("id"), r.PathValue("actie")
	ids, known := actionFields[actie]
	if !known {
		a.errorPage(w, r, http.StatusNotFound, "")
		return
	}
	values := map[string]string{}
	if actie == "document" {
		if err := r.ParseMultipartForm(MaxFormBytes); err != nil {
			a.errorPage(w, r, http.StatusBadRequest, "Het bestand is te groot of het formulier is niet goed verstuurd.")
			return
		}
	}
	for _, name := range ids {
		values[name] = r.PostFormValue(name)
	}
	var err error
	melding := actie
	switch actie {
	case "status":
		var st *zaak.Status
		before, gerr := a.Zaken.Get(ctx, id)
		if gerr != nil {
			a.fail(w, r, gerr)
			return
		}
		st, err = a.Zaken.SetStatus(ctx, id, zaak.StatusInput{StatusTypeID: values["status-statustype"],
			Statustoelichting: strings.TrimSpace(values["status-toelichting"])})
		if err == nil {
			switch {
			case st.StatusType.IsEindstatus:
				melding = "afgesloten"
			case before.IsClosed():
				melding = "heropend"
			}
		}
	case "resultaat":
		_, err = a.Zaken.SetResultaat(ctx, id, values["resultaat-type"], strings.TrimSpace(values["resultaat-toelichting"]))
	case "opvragen":
		var f errs.Fields
		tot := parseDateField(&f, "termijnTot", values["opvragen-termijn"])
		if err = f.Err(); err == nil {
			_, err = a.Zaken.RequestDocuments(ctx, id, values["opvragen-reden"], tot)
		}
	case "ontvangen":
		var f errs.Fields
		on := parseDateField(&f, "ontvangenOp", values["ontvangen-datum"])
		if err = f.Err(); err == nil {
			_, err = a.Zaken.DocumentsReceived(ctx, id, on)
		}
	case "compleet":
		err = a.Zaken.DeclareComplete(ctx, id)
	case "verlengen":
		weken, cerr := strconv.Atoi(strings.TrimSpace(values["verlengen-weken"]))
		if cerr != nil || weken < 1 || weken > 52 {
			err = errs.InvalidField("duur", "invalid", "Vul het aantal weken in als een getal van 1 tot 52.")
		} else {
			_, err = a.Zaken.ExtendWith(ctx, id, zaak.ExtendInput{Duur: termijn.Weeks(weken), Reden: values["verlengen-reden"],
				Instemming: values["verlengen-instemming"]})
		}
	case "ingebrekestelling":
		var f errs.Fields
		on := parseDateField(&f, "ontvangenOp", values["ingebreke-datum"])
		if err = f.Err(); err == nil {
			_, err = a.Zaken.RegisterIngebrekestelling(ctx, id, on, strings.TrimSpace(values["ingebreke-toelichting"]))
		}
	case "besluit":
		err = a.besluitActie(ctx, id, values)
	case "notitie":
		_, err = a.Back.Office.AddNote(ctx, id, values["notitie-tekst"])
	case "bezwaar":
		var f errs.Fields
		on := parseDateField(&f, "ontvangenOp", values["bezwaar-datum"])
		values["bezwaar-commissie"] = r.PostFormValue("bezwaar-commissie")
		besluitID := strings.TrimSpace(values["bezwaar-besluit"])
		if besluitID != "" && a.Besluiten != nil && !db.ValidUUID(besluitID) {
			// The behandelaar types the besluit's number, as on the letter.
			found, _, lerr := a.Besluiten.List(ctx, besluit.Filter{Identificatie: besluitID, Limit: 1})
			if lerr != nil {
				a.fail(w, r, lerr)
				return
			}
			if len(found) == 0 {
				f.Add("besluit", "does_not_exist", "Er is geen besluit met dit nummer.")
			} else {
				besluitID = found[0].ID
			}
		}
		if err = f.Err(); err == nil {
			_, err = a.Back.Office.RegisterBezwaar(ctx, id, backoffice.BezwaarInput{BesluitID: besluitID,
				OntvangenOp: on, Adviescommissie: values["bezwaar-commissie"] == "1", Verschoonbaar: values["bezwaar-verschoonbaar"]})
		}
	case "toewijzen":
		z, gerr := a.Zaken.Get(ctx, id)
		if gerr != nil {
			a.fail(w, r, gerr)
			return
		}
		var n int
		n, err = a.Zaken.Assign(ctx, []string{id}, zaak.Assignment{TeamID: z.TeamID, BehandelaarID: values["toewijzen-behandelaar"]})
		if err == nil && n == 0 {
			melding = "niets-toegewezen"
		} else {
			melding = "toegewezen"
		}
	case "document":
		err = a.documentActie(r, id, values)
	case "brieven":
		if a.Back.Brieven == nil {
			a.errorPage(w, r, http.StatusNotFound, "")
			return
		}
		_, err = a.Back.Brieven.Process(ctx, id)
	}
	if err != nil {
		fe, status, ok := formErrors(err, ids, firstField[actie])
		if !ok {
			a.fail(w, r, err)
			return
		}
		a.behandelRender(w, r, status, id, actie, values, fe)
		return
	}
	// Letters that the change asks for are made at once, so the behandelaar
	// sees them on the page; the job queue would make them anyway.
	if a.Back.Brieven != nil && actie != "brieven" && actie != "notitie" {
		if _, err := a.Back.Brieven.Process(ctx, id); err != nil {
			a.Log.WarnContext(ctx, "web: letters after action", "zaak", id, "err", err)
		}
	}
	redirectNotice(w, r, "/behandelen/zaken/"+id, melding, nil)
}

func (a *app) besluitActie(ctx context.Context, zaakID string, values map[string]string) error {
	if a.Besluiten == nil {
		return errs.E(errs.Conflict, "geen-besluiten", "Besluiten vastleggen is hier niet beschikbaar.")
	}
	z, err := a.Zaken.Get(ctx, zaakID)
	if err != nil {
		return err
	}
	if z.IsClosed() {
		return errs.E(errs.Conflict, "zaak-afgesloten", "De zaak is afgesloten; heropen hem eerst om een besluit vast te leggen.")
	}
	var f errs.Fields
	datum := parseDateField(&f, "datum", values["besluit-datum"])
	verzend := parseDateField(&f, "verzenddatum", values["besluit-verzenddatum"])
	if datum.IsZero() {
		f.Add("datum", "required", "Vul de datum van het besluit in.")
	}
	if err := f.Err(); err != nil {
		return err
	}
	_, err = a.Besluiten.Create(ctx, besluit.CreateInput{VerantwoordelijkeOrganisatie: z.VerantwoordelijkeOrganisatie,
		BesluittypeID: values["besluit-type"], ZaakID: z.ID, Datum: datum, Ingangsdatum: datum, Verzenddatum: verzend,
		Toelichting: strings.TrimSpace(values["besluit-toelichting"]), Bestuursorgaan: "college van burgemeester en wethouders"})
	return err
}

func (a *app) documentActie(r *http.Request, zaakID string, values map[string]string) error {
	if a.Documents == nil {
		return errs.E(errs.Conflict, "geen-documenten", "Documenten toevoegen is hier niet beschikbaar.")
	}
	ctx := r.Context()
	z, err := a.Zaken.Get(ctx, zaakID)
	if err != nil {
		return err
	}
	file, hdr, ferr := r.FormFile("document-bestand")
	if ferr != nil {
		return errs.InvalidField("bestandsnaam", "required", "Kies een bestand.")
	}
	defer file.Close()
	titel := strings.TrimSpace(values["document-titel"])
	if titel == "" {
		titel = hdr.Filename
	}
	u, _ := auth.CurrentUser(r)
	// No gebruiksrechten are recorded for an upload, so the indication is
	// "no" (closing a zaak needs it set on every document).
	no := false
	doc, err := a.Documents.Create(ctx, document.CreateInput{Bronorganisatie: z.Bronorganisatie, Creatiedatum: date.Today(a.Now()),
		Titel: titel, Auteur: u.Naam, Status: document.StatusDefinitief, Taal: "dut", Bestandsnaam: hdr.Filename,
		IndicatieGebruiksrecht: &no, InformatieobjecttypeID: values["document-type"], Content: file})
	if err != nil {
		return err
	}
	_, err = a.Documents.LinkZaak(ctx, document.LinkInput{ZaakID: z.ID, InformatieobjectID: doc.ID, Titel: titel,
		ZichtbaarVoorInitiator: r.PostFormValue("document-zichtbaar") == "1"})
	return err
}

// briefBekijken shows a letter as the customer got it: the accessible
// HTML, or the PDF with ?pdf=1.
func (a *app) briefBekijken(w http.ResponseWriter, r *http.Request) {
	if a.Back.Brieven == nil {
		a.errorPage(w, r, http.StatusNotFound, "")
		return
	}
	ctx := r.Context()
	b, err := a.Back.Brieven.Get(ctx, r.PathValue("brief"))
	if err != nil || b.ZaakID != r.PathValue("id") {
		a.errorPage(w, r, http.StatusNotFound, "")
		return
	}
	z, err := a.Zaken.Get(ctx, b.ZaakID)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if err := a.logZaakAccess(ctx, z, "brief bekijken "+z.Identificatie); err != nil {
		a.fail(w, r, err)
		return
	}
	rendered := b.Rendered(a.Config.Municipality, z.Identificatie)
	w.Header().Set("Cache-Control", "no-store")
	if r.URL.Query().Get("pdf") == "1" {
		pdf, err := rendered.PDF()
		if err != nil {
			a.fail(w, r, err)
			return
		}
		w.Header().Set("Content-Type", "application/pdf")
		w.Header().Set("Content-Disposition", `inline; filename="brief.pdf"`)
		_, _ = w.Write(pdf)
		return
	}
	// The letter page carries its own small stylesheet; it is a document,
	// not a Loket page.
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'")
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_, _ = w.Write([]byte(rendered.HTML()))
}
