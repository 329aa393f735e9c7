package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gemeenten/loket/internal/audit"
	"github.com/gemeenten/loket/internal/besluit"
	"github.com/gemeenten/loket/internal/catalogus"
	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/document"
	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/ident"
	"github.com/gemeenten/loket/internal/zaak"
)

// PageSize is the number of zaken per page of the list.
const PageSize = 25

type option struct {
	Value, Label string
	Selected     bool
}

type pageLink struct {
	Number  int
	Href    string
	Current bool
	Gap     bool // an ellipsis instead of a link
}

type zaakRow struct {
	Z        *zaak.Zaak
	Deadline deadlineView
}

type zakenView struct {
	Q, Initiator string
	ZaakTypen    []option
	Statussen    []option
	Volgorden    []option
	Rows         []zaakRow
	Total        int
	TotalCapped  bool
	Page, Pages  int
	Links        []pageLink
	Prev, Next   string
	From, To     int
	Filtered     bool
}

// deadlineView describes the legal deadline relative to today on the calendar.
type deadlineView struct {
	Date     date.Date
	DaysLeft int
	Closed   bool
	Text     string // "nog 12 dagen", "vandaag", "3 dagen over de termijn"
	Class    string // badge modifier
}

func (a *app) deadline(z *zaak.Zaak) deadlineView {
	d := deadlineView{Date: z.UiterlijkeEinddatumAfdoening, Closed: z.IsClosed()}
	if d.Date.IsZero() {
		d.Text, d.Class = "geen termijn", "na"
		return d
	}
	if d.Closed {
		d.Text, d.Class = "afgehandeld", "closed"
		return d
	}
	d.DaysLeft = date.Today(a.Now()).DaysUntil(d.Date)
	switch {
	case d.DaysLeft > 1:
		d.Text = fmt.Sprintf("nog %d dagen", d.DaysLeft)
		d.Class = "open"
		if d.DaysLeft <= 7 {
			d.Class = "soon"
		}
	case d.DaysLeft == 1:
		d.Text, d.Class = "nog 1 dag", "soon"
	case d.DaysLeft == 0:
		d.Text, d.Class = "vandaag", "soon"
	case d.DaysLeft == -1:
		d.Text, d.Class = "1 dag over de termijn", "late"
	default:
		d.Text, d.Class = fmt.Sprintf("%d dagen over de termijn", -d.DaysLeft), "late"
	}
	return d
}

func (a *app) zaakTypeOptions(ctx context.Context, selected string) ([]option, error) {
	var out []option
	seen := map[string]bool{}
	for page := 1; ; page++ {
		l, err := catalogus.ListZaakTypen(ctx, a.DB.R, catalogus.ZaakTypeFilter{Status: catalogus.StatusDefinitief},
			catalogus.Page{Page: page, PageSize: catalogus.DefaultPageSize})
		if err != nil {
			return nil, err
		}
		for _, zt := range l.Items {
			if seen[zt.ID] {
				continue
			}
			seen[zt.ID] = true
			out = append(out, option{Value: zt.ID, Label: zt.Omschrijving, Selected: zt.ID == selected})
		}
		if len(l.Items) < catalogus.DefaultPageSize || len(out) >= l.Total {
			break
		}
	}
	slices.SortStableFunc(out, func(x, y option) int { return strings.Compare(strings.ToLower(x.Label), strings.ToLower(y.Label)) })
	return out, nil
}

// initiatorSubject classifies a searched initiator number for the inzage log.
func initiatorSubject(n string) (string, bool) {
	for _, c := range n {
		if c < '0' || c > '9' {
			return "", false
		}
	}
	switch len(n) {
	case 9:
		return "bsn", true
	case 8:
		return "kvk", true
	case 12:
		return "vestiging", true
	}
	return "", false
}

func (a *app) zakenList(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	q := r.URL.Query()
	v := zakenView{
		Q:         strings.TrimSpace(q.Get("q")),
		Initiator: strings.ReplaceAll(strings.TrimSpace(q.Get("initiator")), " ", ""),
	}
	status := q.Get("status")
	if status != "afgesloten" && status != "alle" {
		status = "open"
	}
	order := q.Get("volgorde")
	if order != zaak.OrderStartdatumDesc {
		order = zaak.OrderDeadline
	}
	page, _ := strconv.Atoi(q.Get("pagina"))
	if page < 1 {
		page = 1
	}
	v.Page = page
	v.Statussen = []option{{"open", "Open zaken", status == "open"}, {"afgesloten", "Afgesloten zaken", status == "afgesloten"},
		{"alle", "Alle zaken", status == "alle"}}
	v.Volgorden = []option{{zaak.OrderDeadline, "Uiterste afdoeningsdatum (eerst)", order == zaak.OrderDeadline},
		{zaak.OrderStartdatumDesc, "Startdatum (nieuwste eerst)", order == zaak.OrderStartdatumDesc}}
	zaakTypeID := q.Get("zaaktype")
	var err error
	if v.ZaakTypen, err = a.zaakTypeOptions(ctx, zaakTypeID); err != nil {
		a.fail(w, r, err)
		return
	}
	if zaakTypeID != "" && !slices.ContainsFunc(v.ZaakTypen, func(o option) bool { return o.Value == zaakTypeID }) {
		zaakTypeID = ""
	}

	var fe []fieldError
	subject := ""
	if v.Initiator != "" {
		var ok bool
		if subject, ok = initiatorSubject(v.Initiator); !ok {
			fe = append(fe, fieldError{"initiator", "Vul een BSN (9 cijfers), KvK-nummer (8 cijfers) of vestigingsnummer (12 cijfers) in."})
		} else if subject == "bsn" {
			// A mistyped BSN would find nothing and still be logged as a
			// look-up of someone; say what is wrong instead.
			if e := errs.As(ident.BSN(v.Initiator)); e != nil && len(e.Fields) > 0 {
				fe = append(fe, fieldError{"initiator", e.Fields[0].Reason})
			}
		}
	}
	if len(fe) > 0 {
		a.render(w, r, http.StatusBadRequest, "zaken", "Zaken", v, fe...)
		return
	}

	f := zaak.Filter{ZaakTypeID: zaakTypeID, InitiatorIdent: v.Initiator, Tekst: v.Q, Order: order,
		Limit: PageSize, Offset: (page - 1) * PageSize, Count: true}
	switch status {
	case "open":
		t := true
		f.Open = &t
	case "afgesloten":
		t := false
		f.Open = &t
	}
	v.Filtered = v.Q != "" || v.Initiator != "" || zaakTypeID != "" || status != "open"
	if subject != "" {
		// Looking up someone's zaken by their number is a read of their data.
		if err := audit.LogAccess(ctx, a.DB, audit.Access{SubjectType: subject, SubjectID: v.Initiator,
			Resource: "zaken", Reden: "zoeken naar zaken van initiator"}); err != nil {
			a.fail(w, r, err)
			return
		}
	}
	res, err := a.Zaken.List(ctx, f)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	for _, z := range res.Items {
		v.Rows = append(v.Rows, zaakRow{Z: z, Deadline: a.deadline(z)})
	}
	v.Total, v.TotalCapped = res.Total, res.TotalCapped
	v.Pages = max(1, (v.Total+PageSize-1)/PageSize)
	if len(v.Rows) > 0 {
		v.From = (page-1)*PageSize + 1
		v.To = v.From + len(v.Rows) - 1
	}
	link := func(n int) string {
		u := url.Values{}
		for _, k := range []string{"q", "initiator", "zaaktype"} {
			if x := q.Get(k); x != "" {
				u.Set(k, x)
			}
		}
		if status != "open" {
			u.Set("status", status)
		}
		if order != zaak.OrderDeadline {
			u.Set("volgorde", order)
		}
		if n > 1 {
			u.Set("pagina", strconv.Itoa(n))
		}
		if len(u) == 0 {
			return "/zaken"
		}
		return "/zaken?" + u.Encode()
	}
	if v.Pages > 1 {
		prevGap := false
		for n := 1; n <= v.Pages; n++ {
			if n == 1 || n == v.Pages || (n >= page-2 && n <= page+2) {
				v.Links = append(v.Links, pageLink{Number: n, Href: link(n), Current: n == page})
				prevGap = false
			} else if !prevGap {
				v.Links = append(v.Links, pageLink{Gap: true})
				prevGap = true
			}
		}
		if page > 1 {
			v.Prev = link(min(page-1, v.Pages))
		}
		if page < v.Pages {
			v.Next = link(page + 1)
		}
	}
	a.render(w, r, http.StatusOK, "zaken", "Zaken", v, fe...)
}

var durationRe = regexp.MustCompile(`^P(\d+)([YMWD])$`)

// duur renders a simple ISO 8601 duration ("P8W") in Dutch ("8 weken");
// anything more complex is shown as it is.
func duur(iso string) string {
	m := durationRe.FindStringSubmatch(iso)
	if m == nil {
		return iso
	}
	n, _ := strconv.Atoi(m[1])
	units := map[string][2]string{"Y": {"jaar", "jaar"}, "M": {"maand", "maanden"}, "W": {"week", "weken"}, "D": {"dag", "dagen"}}[m[2]]
	if n == 1 {
		return "1 " + units[0]
	}
	return fmt.Sprintf("%d %s", n, units[1])
}

type auditView struct {
	Row     audit.Row
	Who     string
	What    string
	Changes []change
}

type change struct{ Field, Old, New string }

type rolView struct {
	Rol   zaak.Rol
	Ident string
}

type normView struct {
	N     zaak.Norm
	Label string
	State string
	Class string
}

type zaakView struct {
	Z           *zaak.Zaak
	Deadline    deadlineView
	Uitleg      []string
	TeamNaam    string
	Behandelaar string
	Rollen      []rolView
	Normen      []normView
	Audit       []auditView
	Documenten  []document.ZaakDocument
	Besluiten   []besluit.Besluit
	Hoofdzaak   *zaak.Zaak
	Statussen   []zaak.Status
	// Eigenschappen with their values written for people (dates as dates).
	Eigenschappen []eigenschapView
}

type eigenschapView struct{ Naam, Waarde string }

// eigenschapWaarde writes a stored value for people: ZGW keeps datum as
// YYYYMMDD and datum_tijd as YYYYMMDDhhmmss (ztc-015).
func eigenschapWaarde(formaat, waarde string) string {
	switch formaat {
	case catalogus.FormaatDatum:
		if t, err := time.Parse("20060102", waarde); err == nil {
			return formatDate(date.Of(t))
		}
	case catalogus.FormaatDatumTijd:
		if t, err := time.ParseInLocation("20060102150405", waarde, date.Amsterdam); err == nil {
			return formatDateTime(t)
		}
	}
	return waarde
}

var normLabels = map[string]string{
	"N1": "Ontvangstbevestiging binnen 3 werkdagen",
	"N2": "Overzicht ontbrekende stukken",
	"N3": "Compleetheid beoordeeld",
	"N4": "Tijdige afhandeling",
	"N5": "Vooraankondiging bij verlenging of te laat",
	"N6": "Servicenorm 6",
	"N7": "Statusvraag beantwoord",
	"N8": "Zaak zichtbaar in Mijn Loket",
}

var normStates = map[string][2]string{
	zaak.NormOpen:          {"Open", "open"},
	zaak.NormMet:           {"Gehaald", "met"},
	zaak.NormBreached:      {"Niet gehaald", "breached"},
	zaak.NormNotApplicable: {"Niet van toepassing", "na"},
}

var identLabels = map[string]string{
	"bsn": "BSN", "kvk": "KvK-nummer", "rsin": "RSIN", "vestigingsnummer": "Vestigingsnummer",
	"medewerker": "Medewerker", "organisatorische_eenheid": "Organisatorische eenheid",
}

// personSubject maps a rol's identification to an inzage-log subject;
// staff members and teams are not personal data of citizens.
func personSubject(identType string) string {
	switch identType {
	case "bsn":
		return "bsn"
	case "kvk":
		return "kvk"
	case "vestigingsnummer":
		return "vestiging"
	case "rsin":
		return "rsin"
	}
	return ""
}

func (a *app) zaakDetail(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id := r.PathValue("id")
	z, err := a.Zaken.Get(ctx, id)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	// The page shows who the initiator and other betrokkenen are: log every
	// person and business before anything is rendered.
	logged := map[string]bool{}
	logOne := func(identType, value string) error {
		st := personSubject(identType)
		if st == "" || value == "" || logged[st+value] {
			return nil
		}
		logged[st+value] = true
		return audit.LogAccess(ctx, a.DB, audit.Access{SubjectType: st, SubjectID: value, Resource: "zaak",
			ResourceID: z.ID, Reden: "inzage zaak " + z.Identificatie})
	}
	if err := logOne(z.InitiatorType, z.InitiatorID); err != nil {
		a.fail(w, r, err)
		return
	}
	for _, rol := range z.Rollen {
		if err := logOne(rol.IdentType, rol.IdentValue); err != nil {
			a.fail(w, r, err)
			return
		}
	}

	v := zaakView{Z: z, Deadline: a.deadline(z)}
	if ex, err := a.Zaken.DeadlineExplanation(ctx, z.ID); err == nil {
		v.Uitleg = ex.Lines
	} else {
		a.Log.WarnContext(ctx, "web: deadline explanation", "zaak", z.ID, "err", err)
	}
	// Team, behandelaar, hoofdzaak and eigenschap are foreign keys: failing
	// to read one is a fault of the database, shown and logged as such rather
	// than hidden by leaving the detail off the page.
	if z.TeamID != "" {
		t, err := a.Auth.GetTeam(ctx, z.TeamID)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		v.TeamNaam = t.Naam
	}
	if z.BehandelaarID != "" {
		u, err := a.Auth.GetUser(ctx, z.BehandelaarID)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		v.Behandelaar = u.Naam
	}
	for _, rol := range z.Rollen {
		rv := rolView{Rol: rol}
		if rol.IdentValue != "" {
			label := identLabels[rol.IdentType]
			if label == "" {
				label = rol.IdentType
			}
			if personSubject(rol.IdentType) != "" {
				rv.Ident = label + " " + rol.IdentValue
			}
		}
		v.Rollen = append(v.Rollen, rv)
	}
	for _, n := range z.Normen {
		st := normStates[n.State]
		label := normLabels[n.Norm]
		if label == "" {
			label = n.Norm
		}
		v.Normen = append(v.Normen, normView{N: n, Label: label, State: st[0], Class: st[1]})
	}
	h, err := a.Zaken.History(ctx, z.ID)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	v.Statussen = h.Statussen
	// Newest first: the latest changes matter most on screen.
	for i := len(h.Audit) - 1; i >= 0; i-- {
		v.Audit = append(v.Audit, auditEntry(h.Audit[i]))
	}
	if z.HoofdzaakID != "" {
		if v.Hoofdzaak, err = a.Zaken.Get(ctx, z.HoofdzaakID); err != nil {
			a.fail(w, r, err)
			return
		}
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
	for _, e := range z.Eigenschappen {
		def, err := catalogus.GetEigenschap(ctx, a.DB.R, e.EigenschapID)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		v.Eigenschappen = append(v.Eigenschappen, eigenschapView{Naam: e.Naam, Waarde: eigenschapWaarde(def.Specificatie.Formaat, e.Waarde)})
	}
	a.render(w, r, http.StatusOK, "zaak", "Zaak "+z.Identificatie, v)
}

var actieLabels = map[string]string{
	"create": "aangemaakt", "update": "gewijzigd", "partial_update": "gewijzigd", "destroy": "verwijderd",
}

func auditEntry(row audit.Row) auditView {
	v := auditView{Row: row}
	switch {
	case row.ApplicatieWeergave != "" && row.GebruikersWeergave != "":
		v.Who = row.ApplicatieWeergave + " namens " + row.GebruikersWeergave
	case row.ApplicatieWeergave != "":
		v.Who = row.ApplicatieWeergave
	case row.GebruikersWeergave != "":
		v.Who = row.GebruikersWeergave
	case row.ActorKind == "systeem":
		v.Who = "Loket (automatisch)"
	default:
		v.Who = row.ActorKind
	}
	v.What = row.ActieWeergave
	if v.What == "" {
		act := actieLabels[row.Actie]
		if act == "" {
			act = row.Actie
		}
		v.What = strings.ToUpper(row.Resource[:min(1, len(row.Resource))]) + row.Resource[min(1, len(row.Resource)):] + " " + act
	}
	v.Changes = diff(row.Oud, row.Nieuw)
	return v
}

// diff lists the top-level fields that differ between old and new.
func diff(oldJSON, newJSON json.RawMessage) []change {
	if len(oldJSON) == 0 || len(newJSON) == 0 {
		return nil // a create or a delete: the action says it all
	}
	var o, n map[string]any
	if json.Unmarshal(oldJSON, &o) != nil || json.Unmarshal(newJSON, &n) != nil {
		return []change{{Field: "", Old: short(string(oldJSON)), New: short(string(newJSON))}}
	}
	keys := make([]string, 0, len(o)+len(n))
	for k := range o {
		keys = append(keys, k)
	}
	for k := range n {
		if _, ok := o[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	var out []change
	for _, k := range keys {
		ov, nv := show(o[k]), show(n[k])
		if ov != nv {
			out = append(out, change{Field: k, Old: ov, New: nv})
		}
	}
	return out
}

func show(v any) string {
	switch x := v.(type) {
	case nil:
		return "—"
	case string:
		if x == "" {
			return "—"
		}
		return short(x)
	case bool:
		if x {
			return "ja"
		}
		return "nee"
	}
	b, _ := json.Marshal(v)
	return short(string(b))
}

func short(s string) string {
	if r := []rune(s); len(r) > 140 {
		return string(r[:139]) + "…"
	}
	return s
}
