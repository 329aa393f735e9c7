package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"

	"github.com/gemeenten/loket/internal/audit"
	"github.com/gemeenten/loket/internal/auth"
	"github.com/gemeenten/loket/internal/catalogus"
	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/kennis"
	"github.com/gemeenten/loket/internal/klant"
	"github.com/gemeenten/loket/internal/zaak"
)

// KCCDeps is what the KCC workbench /kcc and the knowledge base maintenance
// /beheer/kennis need. Kennis alone serves /beheer/kennis; the workbench
// needs Klant too.
type KCCDeps struct {
	Kennis *kennis.Service
	Klant  *klant.Service
}

// The KCC workbench: a KCC employee (role kcc) finds the customer or goes on
// anonymously, sees the klantbeeld, and registers the contact with its
// outcome — answered from the knowledge base or from the zaak itself, a
// contactverzoek for a team, a zaak started, a referral. Contactverzoeken
// are worked from a team queue by KCC and back-office staff. The KCC cannot
// change a zaak's status: no page here does, and the zaak service refuses
// (status is the back office's).

func (a *app) kccRoutes(mux *http.ServeMux) {
	if a.KCC.Kennis == nil {
		return
	}
	a.beheerKennisRoutes(mux)
	a.beheerPartnerRoutes(mux)
	if a.KCC.Klant == nil {
		return
	}
	kcc := auth.RequireStaff(auth.RoleKCC)
	h := func(pattern string, fn http.HandlerFunc) { mux.Handle(pattern, kcc(fn)) }
	h("GET /kcc", a.kccHome)
	h("POST /kcc/zoeken", a.kccSearch)
	h("POST /kcc/klant", a.kccOpenKlant)
	h("GET /kcc/klant/{id}", a.kccKlantbeeld)
	h("GET /kcc/anoniem", a.kccAnoniem)
	h("POST /kcc/contact", a.kccRegisterContact)
	h("POST /kcc/statusvraag", a.kccStatusvraag)
	h("POST /kcc/contactverzoek", a.kccContactverzoek)
	h("POST /kcc/zaak", a.kccStartZaak)
	h("POST /kcc/doorverwijzen", a.kccDoorverwijzen)
	h("GET /kcc/kennis", a.kccKennisSearch)
	h("GET /kcc/kennis/{slug}", a.kccKennisArtikel)
	// Contactverzoeken are worked by the KCC and by the back-office teams.
	queue := auth.RequireStaff(auth.RoleKCC, auth.RoleBehandelaar, auth.RoleTeamleider)
	q := func(pattern string, fn http.HandlerFunc) { mux.Handle(pattern, queue(fn)) }
	q("GET /kcc/contactverzoeken", a.kccVerzoeken)
	q("GET /kcc/contactverzoeken/{id}", a.kccVerzoek)
	q("POST /kcc/contactverzoeken/{id}/afhandelen", a.kccVerzoekAfhandelen)
	q("POST /kcc/contactverzoeken/{id}/doorsturen", a.kccVerzoekDoorsturen)
}

// kanaal reads the channel of the contact in progress (default telefoon).
func kanaalOf(r *http.Request) string {
	k := r.FormValue("kanaal")
	if slices.Contains(klant.Kanalen, k) {
		return k
	}
	return "telefoon"
}

func kanaalOptions(sel string) []option {
	var out []option
	for _, k := range klant.Kanalen {
		out = append(out, option{Value: k, Label: klant.KanaalLabel[k], Selected: k == sel})
	}
	return out
}

// ---- home and customer search ----

type kccHomeView struct {
	Kanalen  []option
	Kanaal   string
	Q        string
	Geboren  string
	Results  []kccResult
	Searched bool
	Notice   string
}

type kccResult struct {
	K       klant.Klant
	Soort   string // bsn, kvk_nummer, vestigingsnummer
	Nummer  string
	KvK     string
	Geboren string
}

func (a *app) kccHome(w http.ResponseWriter, r *http.Request) {
	k := kanaalOf(r)
	a.render(w, r, http.StatusOK, "kcc_home", "KCC", kccHomeView{Kanalen: kanaalOptions(k), Kanaal: k, Notice: kccNotice(r)})
}

var (
	phoneOK    = regexp.MustCompile(`^(0[0-9]{9}|\+[0-9]{10,14})$`)
	postcodeRe = regexp.MustCompile(`^([1-9][0-9]{3})\s?([A-Za-z]{2})\s*(?:,?\s*(\d+.*))?$`)
	digitsRe   = regexp.MustCompile(`^[0-9]+$`)
)

// zoekvraag reads the one search box: a BSN (9 digits), a KvK-nummer (8
// digits), a postcode with house number, a phone number, an e-mail address,
// or a surname (with the date of birth in the second field).
func zoekvraag(q, geboren string) (klant.Zoekvraag, error) {
	q = strings.TrimSpace(q)
	compact := strings.NewReplacer(" ", "", "-", "", ".", "").Replace(q)
	var z klant.Zoekvraag
	switch {
	case q == "":
		return z, errs.InvalidField("q", "required", "Vul een BSN, KvK-nummer, postcode met huisnummer, telefoonnummer, e-mailadres of achternaam in.")
	case strings.Contains(q, "@"):
		z.Email = q
	case digitsRe.MatchString(compact) && len(compact) == 9 && !strings.HasPrefix(compact, "0"):
		z.BSN = compact
	case digitsRe.MatchString(compact) && len(compact) == 8:
		z.KvKNummer = compact
	case strings.HasPrefix(compact, "+") || (digitsRe.MatchString(compact) && strings.HasPrefix(compact, "0")):
		z.Telefoon = compact
	case postcodeRe.MatchString(q):
		m := postcodeRe.FindStringSubmatch(q)
		z.Postcode, z.Huisnummer = m[1]+strings.ToUpper(m[2]), strings.TrimSpace(m[3])
		if z.Huisnummer == "" {
			return z, errs.InvalidField("q", "required", "Vul na de postcode ook het huisnummer in, bijvoorbeeld 1234 AB 12.")
		}
	case digitsRe.MatchString(compact):
		return z, errs.InvalidField("q", "invalid", "Een BSN heeft 9 cijfers, een KvK-nummer 8 en een telefoonnummer begint met 0.")
	default:
		z.Achternaam = q
		if strings.TrimSpace(geboren) == "" {
			return z, errs.InvalidField("geboortedatum", "required", "Vul bij zoeken op naam ook de geboortedatum in.")
		}
		d, err := parseDutchDate(geboren)
		if err != nil {
			return z, errs.InvalidField("geboortedatum", "invalid", "Vul de geboortedatum in als dag-maand-jaar, bijvoorbeeld 12-3-1980.")
		}
		z.Geboortedatum = d
	}
	return z, nil
}

var kccSearchIDs = map[string]string{"q": "q", "bsn": "q", "kvkNummer": "q", "telefoon": "q", "email": "q", "postcode": "q",
	"huisnummer": "q", "achternaam": "q", "geboortedatum": "geboortedatum"}

func (a *app) kccSearch(w http.ResponseWriter, r *http.Request) {
	k := kanaalOf(r)
	v := kccHomeView{Kanalen: kanaalOptions(k), Kanaal: k, Q: r.PostFormValue("q"), Geboren: r.PostFormValue("geboortedatum"), Searched: true}
	z, err := zoekvraag(v.Q, v.Geboren)
	var found []klant.Klant
	if err == nil {
		found, err = a.KCC.Klant.Search(r.Context(), z)
	}
	if err != nil {
		fe, status, ok := formErrors(err, kccSearchIDs, "q")
		if !ok {
			a.fail(w, r, err)
			return
		}
		v.Searched = false
		a.render(w, r, status, "kcc_home", "KCC", v, fe...)
		return
	}
	reden := "Klant zoeken voor klantcontact via " + k
	for _, f := range found {
		typ, key := f.Sleutel()
		if key == "" {
			continue
		}
		if err := audit.LogAccess(r.Context(), a.DB, audit.Access{SubjectType: subjectType(typ), SubjectID: key,
			Resource: "klant_zoeken", Reden: reden}); err != nil {
			a.fail(w, r, err)
			return
		}
	}
	for _, f := range found {
		res := kccResult{K: f, KvK: f.KvKNummer}
		switch {
		case f.BSN != "":
			res.Soort, res.Nummer = "bsn", f.BSN
		case f.Vestigingsnummer != "":
			res.Soort, res.Nummer = "vestigingsnummer", f.Vestigingsnummer
		case f.KvKNummer != "":
			res.Soort, res.Nummer = "kvk_nummer", f.KvKNummer
		}
		v.Results = append(v.Results, res)
	}
	// One hit: straight to the klantbeeld, the telephone agent is talking.
	if len(v.Results) == 1 {
		id := v.Results[0].K.PartijID
		if id == "" && v.Results[0].Soort != "" {
			p, err := a.KCC.Klant.PartijVoor(r.Context(), v.Results[0].Soort, v.Results[0].Nummer, v.Results[0].KvK)
			if err != nil {
				a.fail(w, r, err)
				return
			}
			id = p.ID
		}
		if id != "" {
			http.Redirect(w, r, "/kcc/klant/"+id+"?kanaal="+k, http.StatusSeeOther)
			return
		}
	}
	a.render(w, r, http.StatusOK, "kcc_home", "KCC: klant zoeken", v)
}

func subjectType(partijType string) string {
	switch partijType {
	case klant.PartijNatuurlijkPersoon:
		return "bsn"
	case klant.PartijVestiging:
		return "vestiging"
	case klant.PartijNietNatuurlijkPersoon:
		return "kvk"
	}
	return partijType
}

// kccOpenKlant opens the klantbeeld of a search result from the
// basisregistratie: the partij is made on first contact.
func (a *app) kccOpenKlant(w http.ResponseWriter, r *http.Request) {
	soort, nummer := r.PostFormValue("soort"), r.PostFormValue("nummer")
	if !slices.Contains([]string{"bsn", "kvk_nummer", "vestigingsnummer"}, soort) || nummer == "" {
		a.errorPage(w, r, http.StatusBadRequest, "")
		return
	}
	p, err := a.KCC.Klant.PartijVoor(r.Context(), soort, nummer, r.PostFormValue("kvk"))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/kcc/klant/"+p.ID+"?kanaal="+kanaalOf(r), http.StatusSeeOther)
}

// ---- the klantbeeld ----

type kccKlant struct {
	PartijID      string
	Naam          string
	Organisatie   bool
	BSN, KvK      string
	Vestiging     string
	Geboortedatum date.Date
	Adres         string
	Telefoon      []string
	Email         []string
}

// key is the number the customer is known by in zaken and contacts.
func (k *kccKlant) key() (partijType, nummer string) {
	switch {
	case k.BSN != "":
		return klant.PartijNatuurlijkPersoon, k.BSN
	case k.Vestiging != "":
		return klant.PartijVestiging, k.Vestiging
	case k.KvK != "":
		return klant.PartijNietNatuurlijkPersoon, k.KvK
	}
	return klant.PartijAnoniem, ""
}

type kccZaak struct {
	Z          *zaak.Zaak
	Status     string
	Volgende   string
	Wacht      string
	Antwoord   string // the status answer, in plain Dutch
	Deelzaken  []kccZaak
	Documenten []zaak.ZichtbaarDocument
	Klaar      bool
}

type kccVerzoekRow struct {
	T        klant.InterneTaak
	TeamNaam string
	TeLaat   bool
}

// kccForm is what the forms of the workbench hold: the values typed and
// which form they belong to.
type kccForm struct {
	Form         string // contact, contactverzoek, zaak, doorverwijzen
	Onderwerp    string // free text
	Artikel      string // slug of the PDC article
	Vraag        string
	Antwoord     string
	Uitkomst     string
	Team         string
	Medewerker   string
	Telefoon     string
	Tijd         string
	ZaakID       string
	ZaakTypen    []string
	Omschrijving string
	Partner      string
	Overdracht   string
	Toestemming  bool
}

type kccPageView struct {
	Kanaal       string
	Kanalen      []option
	Klant        *kccKlant
	OpenZaken    []kccZaak
	Gesloten     []kccZaak
	Contacten    []klant.Klantcontact
	Verzoeken    []kccVerzoekRow
	Verwijzingen []kennis.Doorverwijzing
	F            kccForm
	Onderwerpen  []option
	Uitkomsten   []checkOption
	Teams        []option
	Medewerkers  []option
	ZaakTypen    []checkOption
	Partners     []kennis.Partner
	PartnerOpts  []option
	Notice       string
	Artikel      *kennis.Artikel
	Today        date.Date
	// The forms' inputs, with their values and errors.
	Contact  kccFields
	CV       kccFields
	ZaakF    kccFields
	DV       kccFields
	ZaakOpts []option // open zaken, for "the contactverzoek is about"
	Errs     map[string]string
	Sel      map[string]kccSelect
	// Labels for the timeline.
	KanaalLabels   map[string]string
	UitkomstLabels map[string]string
}

// kccSelect is a select input of the workbench.
type kccSelect struct {
	ID, Label, Hint, Error string
	Options                []option
	Autofocus              bool
}

// kccFields are the inputs of one form of the workbench.
type kccFields struct {
	Onderwerp    field
	Vraag        textArea
	Antwoord     textArea
	Overdracht   textArea
	Telefoon     field
	Tijd         field
	Omschrijving field
}

// simpleUitkomsten are the outcomes of the plain contact form; the others
// have their own form (contactverzoek, zaak, doorverwijzen).
var simpleUitkomsten = []string{klant.DirectBeantwoord, klant.Doorverbonden, klant.KlantBeltTerug}

func (a *app) kccKlantOf(ctx context.Context, partijID string) (*kccKlant, error) {
	p, das, err := a.KCC.Klant.KlantbeeldPartij(ctx, partijID)
	if err != nil {
		return nil, err
	}
	k := &kccKlant{PartijID: p.ID, Naam: p.VolledigeNaam(), Organisatie: p.SoortPartij == klant.Organisatie,
		BSN: p.Identificator("bsn"), KvK: p.Identificator("kvk_nummer"), Vestiging: p.Identificator("vestigingsnummer"),
		Geboortedatum: p.Geboortedatum}
	ad := p.Correspondentieadres
	if ad == nil {
		ad = p.Bezoekadres
	}
	if ad != nil {
		hn := ""
		if ad.Huisnummer > 0 {
			hn = fmt.Sprint(ad.Huisnummer) + ad.Huisnummertoevoeging
		}
		k.Adres = strings.TrimSpace(strings.TrimSpace(ad.Straatnaam+" "+hn) + ", " + strings.TrimSpace(ad.Postcode+" "+ad.Stad))
		k.Adres = strings.Trim(k.Adres, ", ")
	}
	for _, d := range das {
		switch d.SoortDigitaalAdres {
		case klant.Telefoonnummer:
			k.Telefoon = append(k.Telefoon, d.Adres)
		case klant.Email:
			k.Email = append(k.Email, d.Adres)
		}
	}
	return k, nil
}

// statusTypen holds the statustypen of the zaaktypen on one page.
type statusTypen map[string][]zaak.Stap

// kccZaakView builds what the klantbeeld shows of a zaak from its listed
// row: the status and the next step from the statustypen, what is awaited
// from the customer, and the documents the customer may see. Only a
// suspended zaak is read in full (for the term set to the customer), so the
// page stays a handful of queries. docs holds the visible documents of the
// page's zaken (nil: none shown).
func (a *app) kccZaakView(ctx context.Context, st statusTypen, z *zaak.Zaak, docs map[string][]zaak.ZichtbaarDocument) (kccZaak, error) {
	v := kccZaak{Z: z, Klaar: z.IsClosed()}
	if z.StatusType != nil {
		v.Status = z.StatusType.Omschrijving
	}
	types, ok := st[z.ZaakTypeID]
	if !ok {
		m, err := a.Zaken.StappenVan(ctx, []string{z.ZaakTypeID})
		if err != nil {
			return kccZaak{}, err
		}
		types = m[z.ZaakTypeID]
		st[z.ZaakTypeID] = types
	}
	if !v.Klaar && z.StatusType != nil {
		for _, t := range types {
			if t.Volgnummer > z.StatusType.Volgnummer {
				v.Volgende = t.Omschrijving
				break
			}
		}
	}
	if z.Opschorting.Indicatie {
		full := z
		if full.Opschortingen == nil {
			var err error
			if full, err = a.Zaken.Get(ctx, z.ID); err != nil {
				return kccZaak{}, err
			}
		}
		for _, o := range full.Opschortingen {
			if o.HervatOp.IsZero() {
				v.Wacht = "Wij wachten op aanvullende stukken van de klant"
				if o.Reden != "" {
					v.Wacht += ": " + o.Reden
				}
				if !o.TermijnTot.IsZero() {
					v.Wacht += fmt.Sprintf(" (uiterlijk %s)", formatDate(o.TermijnTot))
				}
				v.Wacht += "."
			}
		}
		if v.Wacht == "" {
			v.Wacht = "De behandeling is opgeschort"
			if z.Opschorting.Reden != "" {
				v.Wacht += ": " + z.Opschorting.Reden
			}
			v.Wacht += "."
		}
	}
	v.Antwoord = statusAnswer(&v)
	v.Documenten = docs[z.ID]
	return v, nil
}

// statusAnswer is the answer the KCC reads out to a status question.
func statusAnswer(v *kccZaak) string {
	z := v.Z
	var b strings.Builder
	fmt.Fprintf(&b, "Uw aanvraag %s (%s)", strings.ToLower(z.ZaakType.Omschrijving), z.Identificatie)
	if v.Klaar {
		fmt.Fprintf(&b, " is afgerond op %s.", formatDate(z.Einddatum))
		return b.String()
	}
	if v.Status != "" {
		fmt.Fprintf(&b, " heeft nu de status '%s'.", v.Status)
	} else {
		b.WriteString(" is in behandeling.")
	}
	if v.Volgende != "" {
		fmt.Fprintf(&b, " De volgende stap is '%s'.", v.Volgende)
	}
	if v.Wacht != "" {
		b.WriteString(" " + v.Wacht)
	}
	if !z.UiterlijkeEinddatumAfdoening.IsZero() {
		fmt.Fprintf(&b, " U krijgt uiterlijk %s een besluit.", formatDate(z.UiterlijkeEinddatumAfdoening))
	}
	return b.String()
}

func (a *app) kccPage(r *http.Request, k *kccKlant, f kccForm) (*kccPageView, error) {
	ctx := r.Context()
	kan := kanaalOf(r)
	v := &kccPageView{Kanaal: kan, Kanalen: kanaalOptions(kan), Klant: k, F: f, Today: date.Today(a.Now())}
	if f.Uitkomst == "" {
		v.F.Uitkomst = klant.DirectBeantwoord
	}
	for _, u := range simpleUitkomsten {
		v.Uitkomsten = append(v.Uitkomsten, checkOption{Value: u, Label: klant.UitkomstLabel[u], Checked: u == v.F.Uitkomst})
	}
	arts, err := a.KCC.Kennis.Published(ctx)
	if err != nil {
		return nil, err
	}
	v.Onderwerpen = []option{{Value: "", Label: "Kies een product of onderwerp", Selected: f.Artikel == ""}}
	for _, ar := range arts {
		v.Onderwerpen = append(v.Onderwerpen, option{Value: ar.Slug, Label: ar.Titel, Selected: ar.Slug == f.Artikel})
	}
	if f.Artikel != "" {
		if art, err := a.KCC.Kennis.GetBySlug(ctx, f.Artikel); err == nil && art.Gepubliceerd != nil {
			v.Artikel = art
		}
	}
	names, teams, err := a.teamNames(r)
	if err != nil {
		return nil, err
	}
	v.Teams = teamOptions(teams, f.Team)
	v.Teams[0].Label = "Kies een team"
	if v.Artikel != nil && f.Team == "" && v.Artikel.Gepubliceerd.TeamID != "" {
		v.Teams = teamOptions(teams, v.Artikel.Gepubliceerd.TeamID)
		v.Teams[0].Label = "Kies een team"
	}
	users, err := a.Auth.ListUsers(ctx)
	if err != nil {
		return nil, err
	}
	v.Medewerkers = []option{{Value: "", Label: "Geen medewerker: het team pakt het op", Selected: f.Medewerker == ""}}
	for _, u := range users {
		if u.Active && u.HasRole(auth.RoleBehandelaar, auth.RoleTeamleider, auth.RoleKCC) {
			v.Medewerkers = append(v.Medewerkers, option{Value: u.ID, Label: u.Naam, Selected: u.ID == f.Medewerker})
		}
	}
	v.Partners, err = a.KCC.Kennis.Partners(ctx, true)
	if err != nil {
		return nil, err
	}
	v.PartnerOpts = []option{{Value: "", Label: "Kies een organisatie", Selected: f.Partner == ""}}
	for _, p := range v.Partners {
		v.PartnerOpts = append(v.PartnerOpts, option{Value: p.ID, Label: p.Naam, Selected: p.ID == f.Partner})
	}
	if k == nil {
		return v, nil
	}
	zts, err := catalogus.ListZaakTypen(ctx, a.DB.R, catalogus.ZaakTypeFilter{Status: catalogus.StatusDefinitief, DatumGeldigheid: v.Today},
		catalogus.Page{PageSize: 1000})
	if err != nil {
		return nil, err
	}
	preselect := f.ZaakTypen
	if len(preselect) == 0 && v.Artikel != nil && f.Form == "" {
		preselect = v.Artikel.Gepubliceerd.ZaakTypen
	}
	for _, z := range zts.Items {
		v.ZaakTypen = append(v.ZaakTypen, checkOption{Value: z.Identificatie, Label: z.Omschrijving, Checked: slices.Contains(preselect, z.Identificatie)})
	}
	typ, key := k.key()
	if key != "" {
		st := statusTypen{}
		open := true
		page, err := a.Zaken.List(ctx, zaak.Filter{InitiatorIdent: key, Open: &open, Limit: 50})
		if err != nil {
			return nil, err
		}
		// Deelzaken are shown under their hoofdzaak: the KCC sees the
		// progress of all parts of one request in one place.
		deel := map[string][]kccZaak{}
		inList := map[string]bool{}
		for _, z := range page.Items {
			inList[z.ID] = true
		}
		for _, z := range page.Items {
			if z.HoofdzaakID != "" && inList[z.HoofdzaakID] {
				dv := kccZaak{Z: z}
				if z.StatusType != nil {
					dv.Status = z.StatusType.Omschrijving
				}
				deel[z.HoofdzaakID] = append(deel[z.HoofdzaakID], dv)
			}
		}
		// The steps and the visible documents of all listed zaken, in one
		// query each.
		var typeIDs, shown []string
		for _, z := range page.Items {
			typeIDs = append(typeIDs, z.ZaakTypeID)
			if z.HoofdzaakID == "" || !inList[z.HoofdzaakID] {
				shown = append(shown, z.ID)
			}
		}
		if st, err = a.Zaken.StappenVan(ctx, typeIDs); err != nil {
			return nil, err
		}
		var docs map[string][]zaak.ZichtbaarDocument
		if a.Documents != nil {
			if docs, err = a.Zaken.ZichtbareDocumenten(ctx, shown); err != nil {
				return nil, err
			}
		}
		for _, z := range page.Items {
			if z.HoofdzaakID != "" && inList[z.HoofdzaakID] {
				continue
			}
			zv, err := a.kccZaakView(ctx, st, z, docs)
			if err != nil {
				return nil, err
			}
			zv.Deelzaken = deel[z.ID]
			v.OpenZaken = append(v.OpenZaken, zv)
		}
		closed := false
		page, err = a.Zaken.List(ctx, zaak.Filter{InitiatorIdent: key, Open: &closed, Limit: 10, Order: zaak.OrderStartdatumDesc})
		if err != nil {
			return nil, err
		}
		for _, z := range page.Items {
			zv := kccZaak{Z: z, Klaar: true}
			zv.Antwoord = statusAnswer(&zv)
			v.Gesloten = append(v.Gesloten, zv)
		}
		if v.Verwijzingen, err = a.KCC.Kennis.Doorverwijzingen(ctx, key, 10); err != nil {
			return nil, err
		}
	}
	// With the customer's number known the timeline reads by it at once;
	// only a partij without one is looked up by its id.
	partij := ""
	if key == "" {
		partij = k.PartijID
	}
	if v.Contacten, err = a.KCC.Klant.Timeline(ctx, partij, typ, key, 20); err != nil {
		return nil, err
	}
	taken, _, err := a.KCC.Klant.ListInterneTaken(ctx, klant.TaakFilter{PartijID: k.PartijID, Status: klant.TeVerwerken, Page: klant.Page{Limit: 20}})
	if err != nil {
		return nil, err
	}
	for _, t := range taken {
		v.Verzoeken = append(v.Verzoeken, kccVerzoekRow{T: t, TeamNaam: names[t.TeamID], TeLaat: t.TeLaat(a.Now())})
	}
	return v, nil
}

func (a *app) kccKlantbeeld(w http.ResponseWriter, r *http.Request) {
	f := kccForm{Artikel: r.URL.Query().Get("artikel")}
	a.kccKlantbeeldPage(w, r, http.StatusOK, r.PathValue("id"), f, nil)
}

func (a *app) kccKlantbeeldPage(w http.ResponseWriter, r *http.Request, status int, partijID string, f kccForm, fe []fieldError) {
	if !validID(partijID) {
		a.errorPage(w, r, http.StatusNotFound, "")
		return
	}
	k, err := a.kccKlantOf(r.Context(), partijID)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	typ, key := k.key()
	var logged <-chan error
	if key != "" {
		// Opening the klantbeeld is a read of personal data; the reason is
		// the contact being registered. The log row's commit (a disk flush)
		// runs while the page is read from the other connections; nothing
		// of the page is sent before it is committed.
		ch := make(chan error, 1)
		logged = ch
		go func() {
			ch <- audit.LogAccess(r.Context(), a.DB, audit.Access{SubjectType: subjectType(typ), SubjectID: key,
				Resource: "klantbeeld", ResourceID: k.PartijID, Reden: "Klantcontact via " + kanaalOf(r)})
		}()
	}
	a.kccRenderAfter(w, r, status, k, f, fe, logged)
}

func (a *app) kccRender(w http.ResponseWriter, r *http.Request, status int, k *kccKlant, f kccForm, fe []fieldError) {
	a.kccRenderAfter(w, r, status, k, f, fe, nil)
}

// kccRenderAfter renders the klantbeeld once logged (the access-log write,
// when not nil) has succeeded; the page is not shown without it.
func (a *app) kccRenderAfter(w http.ResponseWriter, r *http.Request, status int, k *kccKlant, f kccForm, fe []fieldError, logged <-chan error) {
	if f.Artikel != "" && f.Antwoord == "" && f.Form == "" {
		if art, err := a.KCC.Kennis.GetBySlug(r.Context(), f.Artikel); err == nil && art.Gepubliceerd != nil {
			f.Antwoord = art.Gepubliceerd.Samenvatting
		}
	}
	v, err := a.kccPage(r, k, f)
	if logged != nil {
		if lerr := <-logged; lerr != nil {
			err = lerr
		}
	}
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if len(fe) == 0 {
		v.Notice = kccNotice(r)
	}
	kccForms(v, fe)
	title := "KCC: anoniem contact"
	if k != nil {
		title = "Klantbeeld " + k.Naam
	}
	a.render(w, r, status, "kcc_klant", title, v, fe...)
}

// kccForms builds the inputs of the forms: the values typed go back into
// the form that was sent; the contact form is pre-filled from the article
// the agent came from.
func kccForms(v *kccPageView, fe []fieldError) {
	f := v.F
	v.Errs = map[string]string{}
	for _, e := range fe {
		if _, dup := v.Errs[e.Field]; !dup {
			v.Errs[e.Field] = e.Message
		}
	}
	val := func(form, s string) string {
		if f.Form == form || (form == "contact" && f.Form == "") {
			return s
		}
		return ""
	}
	mk := func(form string) kccFields {
		p := kccPrefix[form]
		x := kccFields{
			Onderwerp: field{ID: p + "onderwerp", Label: "Onderwerp in eigen woorden (als het product er niet bij staat)", Type: "text",
				Value: val(form, f.Onderwerp), Wide: true},
			Vraag:    textArea{ID: p + "vraag", Label: "Vraag van de klant", Value: val(form, f.Vraag), Rows: 3},
			Antwoord: textArea{ID: p + "antwoord", Label: "Gegeven antwoord", Value: val(form, f.Antwoord), Rows: 4},
		}
		return x
	}
	v.Contact = mk("contact")
	v.CV = mk("contactverzoek")
	v.CV.Vraag.Required = true
	v.CV.Vraag.Hint = "Schrijf de vraag zo op dat de collega de klant niet opnieuw hoeft te vragen."
	v.CV.Antwoord.Label = "Wat heeft u al met de klant besproken? (niet verplicht)"
	tel := val("contactverzoek", f.Telefoon)
	if f.Form != "contactverzoek" && v.Klant != nil && len(v.Klant.Telefoon) > 0 {
		tel = v.Klant.Telefoon[0]
	}
	v.CV.Telefoon = field{ID: "cv-telefoon", Label: "Terugbellen op telefoonnummer", Type: "tel", Value: tel, Autocomplete: "off"}
	v.CV.Tijd = field{ID: "cv-tijd", Label: "Wanneer schikt het de klant? (niet verplicht)", Type: "text", Value: val("contactverzoek", f.Tijd),
		Hint: "Bijvoorbeeld: ochtend, of na 14.00 uur."}
	v.ZaakF = mk("zaak")
	v.ZaakF.Omschrijving = field{ID: "zaak-omschrijving", Label: "Korte omschrijving (niet verplicht)", Type: "text",
		Value: val("zaak", f.Omschrijving), Wide: true, Hint: "Bijvoorbeeld het nieuwe adres. Leeg laten: de naam van het product."}
	v.ZaakF.Vraag.Label = "Wat vraagt de klant aan? (niet verplicht)"
	v.DV = mk("doorverwijzen")
	v.DV.Vraag.Required = true
	v.DV.Overdracht = textArea{ID: "dv-overdracht", Label: "Wat geeft u door aan de organisatie?", Value: val("doorverwijzen", f.Overdracht),
		Rows: 4, Required: true, Hint: "De situatie en de vraag, zodat de klant zijn verhaal niet opnieuw hoeft te vertellen."}
	v.DV.Telefoon = field{ID: "dv-telefoon", Label: "Telefoonnummer van de klant voor de organisatie (niet verplicht)", Type: "tel",
		Value: val("doorverwijzen", f.Telefoon)}
	for _, x := range []*kccFields{&v.Contact, &v.CV, &v.ZaakF, &v.DV} {
		for _, fl := range []*field{&x.Onderwerp, &x.Telefoon, &x.Tijd, &x.Omschrijving} {
			fl.Error = v.Errs[fl.ID]
		}
		for _, ta := range []*textArea{&x.Vraag, &x.Antwoord, &x.Overdracht} {
			ta.Error = v.Errs[ta.ID]
		}
	}
	v.ZaakOpts = []option{{Value: "", Label: "Geen zaak", Selected: f.ZaakID == ""}}
	for _, z := range v.OpenZaken {
		v.ZaakOpts = append(v.ZaakOpts, option{Value: z.Z.ID, Label: z.Z.Identificatie + " " + z.Z.Omschrijving, Selected: f.ZaakID == z.Z.ID})
	}
	v.KanaalLabels, v.UitkomstLabels = klant.KanaalLabel, klant.UitkomstLabel
	sel := func(id, label, hint string, opts []option) kccSelect {
		return kccSelect{ID: id, Label: label, Hint: hint, Options: opts, Error: v.Errs[id]}
	}
	v.Sel = map[string]kccSelect{
		"artikel":      sel("artikel", "Product of onderwerp uit de kennisbank", "Typ de eerste letters om te kiezen.", v.Onderwerpen),
		"cvartikel":    sel("cv-artikel", "Product of onderwerp uit de kennisbank", "", v.Onderwerpen),
		"cvteam":       sel("cv-team", "Voor team", "Het team van het product staat al klaar als dat bekend is.", v.Teams),
		"cvmedewerker": sel("cv-medewerker", "Of voor een collega (niet verplicht)", "", v.Medewerkers),
		"cvzaak":       sel("cv-zaak", "Gaat over zaak (niet verplicht)", "Kies de zaak als de klant naar de stand van zaken vraagt.", v.ZaakOpts),
		"dvpartner":    sel("dv-partner", "Organisatie", "", v.PartnerOpts),
	}
	// The telephone agent starts typing the subject at once.
	if len(fe) == 0 {
		a := v.Sel["artikel"]
		a.Autofocus = true
		v.Sel["artikel"] = a
	}
}

func (a *app) kccAnoniem(w http.ResponseWriter, r *http.Request) {
	a.kccRender(w, r, http.StatusOK, nil, kccForm{Artikel: r.URL.Query().Get("artikel")}, nil)
}

func validID(id string) bool {
	return len(id) == 36 && strings.Count(id, "-") == 4
}

// ---- registering ----

// The forms of the workbench name their inputs with a prefix, so that one
// page can hold them all with unique ids: the contact form has none.
var kccPrefix = map[string]string{"contact": "", "contactverzoek": "cv-", "zaak": "zaak-", "doorverwijzen": "dv-"}

func formOf(r *http.Request, which string) kccForm {
	_ = r.ParseForm()
	p := kccPrefix[which]
	get := func(n string) string { return strings.TrimSpace(r.PostFormValue(p + n)) }
	return kccForm{Form: which, Onderwerp: get("onderwerp"), Artikel: get("artikel"), Vraag: get("vraag"), Antwoord: get("antwoord"),
		Uitkomst: get("uitkomst"), Team: get("team"), Medewerker: get("medewerker"), Telefoon: get("telefoon"), Tijd: get("tijd"),
		ZaakID: get("zaak"), ZaakTypen: r.PostForm[p+"zaaktypen"], Omschrijving: get("omschrijving"), Partner: get("partner"),
		Overdracht: get("overdracht"), Toestemming: get("toestemming") == "ja"}
}

// kccKlantFromForm loads the customer of a form ("" klant: anonymous).
func (a *app) kccKlantFromForm(r *http.Request) (*kccKlant, error) {
	id := r.PostFormValue("klant")
	if id == "" {
		return nil, nil
	}
	if !validID(id) {
		return nil, errs.NotFoundf("klant", id)
	}
	return a.kccKlantOf(r.Context(), id)
}

// subject resolves the subject of a form: the PDC article (its title,
// slug and zaaktype) or the free text.
func (a *app) subject(ctx context.Context, f kccForm, in *klant.ContactInput) error {
	if f.Artikel != "" {
		art, err := a.KCC.Kennis.GetBySlug(ctx, f.Artikel)
		if err != nil || art.Gepubliceerd == nil {
			return errs.InvalidField("onderwerp", "does_not_exist", "Dit product staat niet (meer) in de kennisbank. Kies een ander of typ het onderwerp.")
		}
		in.Product, in.Onderwerp = art.Slug, art.Gepubliceerd.Titel
		if f.Onderwerp != "" {
			in.Onderwerp += ": " + f.Onderwerp
		}
		if len(art.Termijnen) > 0 {
			in.ZaaktypeID = art.Termijnen[0].ZaakTypeID
		}
		return nil
	}
	in.Onderwerp = f.Onderwerp
	return nil
}

// kccFail shows the workbench again with the errors of the form, or the
// error page for errors the form cannot fix.
func (a *app) kccFail(w http.ResponseWriter, r *http.Request, k *kccKlant, f kccForm, err error, fallback string) {
	p := kccPrefix[f.Form]
	ids := map[string]string{}
	for _, n := range []string{"onderwerp", "artikel", "vraag", "antwoord", "team", "medewerker", "telefoon", "tijd", "zaak",
		"zaaktypen", "omschrijving", "partner", "overdracht", "toestemming"} {
		for _, pre := range kccPrefix {
			ids[pre+n] = pre + n
		}
	}
	// klant's and kennis's field names, pointed at the inputs of the form
	// that was sent.
	for k, v := range map[string]string{"kanaal": p + "vraag", "onderwerp": p + "onderwerp", "inhoud": p + "vraag", "reactie": p + "antwoord",
		"uitkomst": "uitkomst-direct_beantwoord", "partij": p + "vraag", "zaak": "zaak-zaaktypen", "zaaktype": p + "onderwerp",
		"contactverzoek": "cv-vraag", "contactverzoek.team": "cv-team", "contactverzoek.medewerker": "cv-medewerker",
		"contactverzoek.toegewezenAan": "cv-team", "contactverzoek.voorkeurTelefoonnummer": "cv-telefoon",
		"contactverzoek.toelichting": "cv-vraag", "contactverzoek.voorkeurTijd": "cv-tijd", "contactverzoek.gevraagdeHandeling": "cv-vraag",
		"partner": "dv-partner", "overdracht": "dv-overdracht", "toestemming": "dv-toestemming", "statusvraag": "open-zaken"} {
		ids[k] = v
	}
	if f.Form == "statusvraag" {
		fallback = "open-zaken"
	}
	fe, status, ok := formErrors(err, ids, p+fallback)
	if !ok {
		a.fail(w, r, err)
		return
	}
	a.kccRender(w, r, status, k, f, fe)
}

func (a *app) kccBack(w http.ResponseWriter, r *http.Request, k *kccKlant, melding string) {
	path := "/kcc/anoniem"
	if k != nil {
		path = "/kcc/klant/" + k.PartijID
	}
	redirectNotice(w, r, path, melding, url.Values{"kanaal": {kanaalOf(r)}})
}

func (a *app) contactInput(r *http.Request, k *kccKlant, f kccForm) klant.ContactInput {
	in := klant.ContactInput{Kanaal: kanaalOf(r), Vraag: f.Vraag, Antwoord: f.Antwoord, Uitkomst: f.Uitkomst}
	if k != nil {
		in.PartijID = k.PartijID
	}
	return in
}

func (a *app) kccRegisterContact(w http.ResponseWriter, r *http.Request) {
	k, err := a.kccKlantFromForm(r)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	f := formOf(r, "contact")
	in := a.contactInput(r, k, f)
	if !slices.Contains(simpleUitkomsten, f.Uitkomst) {
		a.kccFail(w, r, k, f, errs.InvalidField("uitkomst", "invalid_choice",
			"Kies de uitkomst: direct beantwoord, doorverbonden of klant belt zelf terug. Voor een contactverzoek, een zaak of een doorverwijzing zijn aparte formulieren."), "vraag")
		return
	}
	if err := a.subject(r.Context(), f, &in); err != nil {
		a.kccFail(w, r, k, f, err, "onderwerp")
		return
	}
	if _, err := a.KCC.Klant.RegisterContact(r.Context(), in); err != nil {
		a.kccFail(w, r, k, f, err, "vraag")
		return
	}
	a.kccBack(w, r, k, "contact-geregistreerd")
}

// kccStatusvraag answers a status question from the zaak itself: it
// registers the question on the zaak (norm N7, met at once) and the contact
// with the answer, outcome direct beantwoord.
func (a *app) kccStatusvraag(w http.ResponseWriter, r *http.Request) {
	k, err := a.kccKlantFromForm(r)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if k == nil {
		a.errorPage(w, r, http.StatusBadRequest, "")
		return
	}
	ctx := r.Context()
	z, err := a.Zaken.Get(ctx, r.PostFormValue("zaak"))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	// Only the customer's own zaken: the form names a zaak of this klantbeeld.
	if _, key := k.key(); key == "" || z.InitiatorID != key {
		a.errorPage(w, r, http.StatusForbidden, "Deze zaak hoort niet bij deze klant.")
		return
	}
	zv, err := a.kccZaakView(ctx, statusTypen{}, z, nil)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	kan := kanaalOf(r)
	if _, err := a.Zaken.RegisterStatusQuestion(ctx, z.ID, kan, true); err != nil {
		a.kccFail(w, r, k, kccForm{Form: "statusvraag"}, err, "open-zaken")
		return
	}
	antwoord := strings.TrimSpace(r.PostFormValue("antwoord"))
	if antwoord == "" {
		antwoord = zv.Antwoord
	}
	in := klant.ContactInput{Kanaal: kan, PartijID: k.PartijID, ZaakID: z.ID, ZaaktypeID: z.ZaakTypeID,
		Onderwerp: "Statusvraag " + z.Identificatie, Vraag: "Wat is de stand van zaken van mijn aanvraag?",
		Antwoord: antwoord, Uitkomst: klant.DirectBeantwoord}
	if _, err := a.KCC.Klant.RegisterContact(ctx, in); err != nil {
		a.kccFail(w, r, k, kccForm{Form: "statusvraag"}, err, "open-zaken")
		return
	}
	a.kccBack(w, r, k, "statusvraag")
}

func (a *app) kccContactverzoek(w http.ResponseWriter, r *http.Request) {
	k, err := a.kccKlantFromForm(r)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	ctx := r.Context()
	f := formOf(r, "contactverzoek")
	in := a.contactInput(r, k, f)
	in.Uitkomst, in.Antwoord = klant.Contactverzoek, ""
	var fields errs.Fields
	if f.Vraag == "" {
		fields.Add("cv-vraag", "required", "Vul de vraag van de klant in, zodat de collega niet opnieuw hoeft te vragen.")
	}
	if f.Team == "" && f.Medewerker == "" {
		fields.Add("cv-team", "required", "Kies het team of de medewerker die de klant terugbelt.")
	}
	if tel := klant.NormTelefoon(f.Telefoon); f.Telefoon != "" && !phoneOK.MatchString(tel) {
		fields.Add("cv-telefoon", "invalid", "Dit is geen geldig telefoonnummer. Gebruik 10 cijfers (0612345678) of +31…")
	} else if f.Telefoon == "" && k == nil {
		fields.Add("cv-telefoon", "required", "Vul het telefoonnummer in waarop de klant teruggebeld wil worden.")
	}
	if err := a.subject(ctx, f, &in); err != nil {
		a.kccFail(w, r, k, f, err, "vraag")
		return
	}
	if in.Onderwerp == "" {
		in.Onderwerp = "Terugbelverzoek"
	}
	if err := fields.Err(); err != nil {
		a.kccFail(w, r, k, f, err, "vraag")
		return
	}
	toelichting := f.Vraag
	if f.Antwoord != "" {
		toelichting += "\n\nAl besproken: " + f.Antwoord
	}
	in.Contactverzoek = &klant.ContactverzoekInput{TeamID: f.Team, MedewerkerID: f.Medewerker, Toelichting: toelichting,
		VoorkeurTelefoonnummer: f.Telefoon, VoorkeurTijd: f.Tijd}
	// A question about a zaak's status that the KCC cannot answer now is a
	// statusvraag the team answers by calling back (norm N7).
	if f.ZaakID != "" && k != nil {
		z, err := a.Zaken.Get(ctx, f.ZaakID)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		if _, key := k.key(); z.InitiatorID != key {
			a.errorPage(w, r, http.StatusForbidden, "Deze zaak hoort niet bij deze klant.")
			return
		}
		in.ZaakID, in.ZaaktypeID = z.ID, z.ZaakTypeID
	}
	if _, err := a.KCC.Klant.RegisterContact(ctx, in); err != nil {
		a.kccFail(w, r, k, f, err, "vraag")
		return
	}
	if in.ZaakID != "" {
		if _, err := a.Zaken.RegisterStatusQuestion(ctx, in.ZaakID, in.Kanaal, false); err != nil {
			a.fail(w, r, err)
			return
		}
	}
	a.kccBack(w, r, k, "contactverzoek")
}

// kccStartZaak starts a zaak for the customer; several products become a
// hoofdzaak (the first) with deelzaken (the others).
func (a *app) kccStartZaak(w http.ResponseWriter, r *http.Request) {
	k, err := a.kccKlantFromForm(r)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if k == nil {
		a.errorPage(w, r, http.StatusBadRequest, "")
		return
	}
	ctx := r.Context()
	f := formOf(r, "zaak")
	if len(f.ZaakTypen) == 0 {
		a.kccFail(w, r, k, f, errs.InvalidField("zaak-zaaktypen", "required", "Kies minstens één product om een zaak voor te starten."), "zaaktypen")
		return
	}
	today := date.Today(a.Now())
	var types []catalogus.ZaakType
	for _, ident := range f.ZaakTypen {
		l, err := catalogus.ListZaakTypen(ctx, a.DB.R, catalogus.ZaakTypeFilter{Identificatie: ident, Status: catalogus.StatusDefinitief,
			DatumGeldigheid: today}, catalogus.Page{PageSize: 1})
		if err != nil {
			a.fail(w, r, err)
			return
		}
		if len(l.Items) == 0 {
			a.kccFail(w, r, k, f, errs.InvalidField("zaak-zaaktypen", "does_not_exist", fmt.Sprintf("Voor %q kan vandaag geen zaak worden gestart.", ident)), "zaaktypen")
			return
		}
		types = append(types, l.Items[0])
	}
	typ, key := k.key()
	init := &zaak.RolInput{}
	switch typ {
	case klant.PartijNatuurlijkPersoon:
		p, err := a.KCC.Klant.GetPartij(ctx, k.PartijID)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		init.BetrokkeneType = "natuurlijk_persoon"
		init.BetrokkeneIdentificatie = zaak.BetrokkeneIdentificatie{InpBsn: key, Voornamen: p.Naam.Voornaam, Voorletters: p.Naam.Voorletters,
			VoorvoegselGeslachtsnaam: p.Naam.VoorvoegselAchternaam, Geslachtsnaam: p.Naam.Achternaam, Geboortedatum: p.Geboortedatum}
	case klant.PartijNietNatuurlijkPersoon:
		init.BetrokkeneType = "niet_natuurlijk_persoon"
		init.BetrokkeneIdentificatie = zaak.BetrokkeneIdentificatie{KvkNummer: key, StatutaireNaam: k.Naam}
	case klant.PartijVestiging:
		init.BetrokkeneType = "vestiging"
		init.BetrokkeneIdentificatie = zaak.BetrokkeneIdentificatie{VestigingsNummer: key, KvkNummer: k.KvK, Handelsnaam: []string{k.Naam}}
	default:
		a.kccFail(w, r, k, f, errs.InvalidField("zaak-zaaktypen", "no_customer", "Een zaak starten kan alleen voor een klant met BSN of KvK-nummer."), "zaaktypen")
		return
	}
	kan := kanaalOf(r)
	var hoofd *zaak.Zaak
	for i, zt := range types {
		cat, err := catalogus.GetCatalogus(ctx, a.DB.R, zt.CatalogusID)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		oms := zt.Omschrijving
		if f.Omschrijving != "" {
			oms = f.Omschrijving
			if i > 0 {
				oms = zt.Omschrijving + ": " + f.Omschrijving
			}
		}
		in := zaak.CreateInput{Bronorganisatie: cat.RSIN, VerantwoordelijkeOrganisatie: cat.RSIN, ZaakTypeID: zt.ID,
			Omschrijving: oms, Startdatum: today, Kanaal: kan, Initiator: init}
		if hoofd != nil {
			in.HoofdzaakID = hoofd.ID
		}
		z, err := a.Zaken.Create(ctx, in)
		if err != nil {
			a.kccFail(w, r, k, f, err, "zaaktypen")
			return
		}
		if hoofd == nil {
			hoofd = z
		}
	}
	onderwerp := types[0].Omschrijving
	if len(types) > 1 {
		onderwerp = fmt.Sprintf("%s en %d andere producten", types[0].Omschrijving, len(types)-1)
	}
	in := klant.ContactInput{Kanaal: kan, PartijID: k.PartijID, ZaakID: hoofd.ID, ZaaktypeID: types[0].ID,
		Onderwerp: onderwerp, Vraag: f.Vraag, Antwoord: "Zaak " + hoofd.Identificatie + " gestart.", Uitkomst: klant.ZaakGestart}
	if _, err := a.KCC.Klant.RegisterContact(ctx, in); err != nil {
		a.fail(w, r, err)
		return
	}
	melding := "zaak-gestart"
	if len(types) > 1 {
		melding = "zaken-gestart"
	}
	a.kccBack(w, r, k, melding)
}

// kccDoorverwijzen refers the question to a partner organisation with a
// warm handover record.
func (a *app) kccDoorverwijzen(w http.ResponseWriter, r *http.Request) {
	k, err := a.kccKlantFromForm(r)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	ctx := r.Context()
	f := formOf(r, "doorverwijzen")
	d := kennis.Doorverwijzing{PartnerID: f.Partner, Vraag: f.Vraag, Overdracht: f.Overdracht, Toestemming: f.Toestemming,
		Terugbelnummer: f.Telefoon}
	var fields errs.Fields
	if f.Vraag == "" {
		fields.Add("dv-vraag", "required", "Vul de vraag van de klant in.")
	}
	if err := a.KCC.Kennis.CheckDoorverwijzing(ctx, &d); err != nil {
		if e := errs.As(err); e != nil && e.Kind == errs.Invalid {
			for _, fe := range e.Fields {
				fields.Add(fe.Field, fe.Code, fe.Reason)
			}
		} else {
			a.fail(w, r, err)
			return
		}
	}
	if err := fields.Err(); err != nil {
		a.kccFail(w, r, k, f, err, "vraag")
		return
	}
	in := klant.ContactInput{Kanaal: kanaalOf(r), Onderwerp: "Doorverwezen naar " + d.PartnerNaam, Vraag: f.Vraag,
		Antwoord: d.Overdracht, Uitkomst: klant.Doorverwezen}
	if k != nil {
		in.PartijID = k.PartijID
		d.PartijType, d.PartijID = k.key()
		d.PartijNaam = k.Naam
	}
	kc, err := a.KCC.Klant.RegisterContact(ctx, in)
	if err != nil {
		a.kccFail(w, r, k, f, err, "vraag")
		return
	}
	d.KlantcontactID = kc.ID
	if _, err := a.KCC.Kennis.RecordDoorverwijzing(ctx, d); err != nil {
		a.fail(w, r, err)
		return
	}
	a.kccBack(w, r, k, "doorverwezen")
}
