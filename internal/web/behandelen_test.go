package web_test

import (
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gemeenten/loket/internal/audit"
	"github.com/gemeenten/loket/internal/auth"
	"github.com/gemeenten/loket/internal/backoffice"
	"github.com/gemeenten/loket/internal/blob"
	"github.com/gemeenten/loket/internal/brief"
	"github.com/gemeenten/loket/internal/catalogus"
	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/db/dbtest"
	"github.com/gemeenten/loket/internal/document"
	"github.com/gemeenten/loket/internal/web"
	"github.com/gemeenten/loket/internal/zaak"
)

type backEnv struct {
	*env
	team    auth.Team
	brieven *brief.Service
	lead    context.Context
}

// newBackEnv is newEnv with the back office: a team "Vergunningen" with
// behandelaar "bea" and teamleider "tineke", n zaken assigned to the team,
// the default letter templates and a document store.
func newBackEnv(t *testing.T, d *db.DB, n int) *backEnv {
	t.Helper()
	be := &backEnv{}
	e := newEnvWith(t, d, n, func(e *env, deps *web.Deps) {
		// Two statuses in one test need distinct instants: the zaak clock ticks.
		var mu sync.Mutex
		tick := today
		e.zs.Now = func() time.Time {
			mu.Lock()
			defer mu.Unlock()
			tick = tick.Add(time.Second)
			return tick
		}
		blobs, err := blob.NewDir(filepath.Join(t.TempDir(), "docs"))
		if err != nil {
			t.Fatal(err)
		}
		now := deps.Now
		docs := document.New(d, blobs, now)
		deps.Documents = docs
		be.brieven = brief.New(d, e.zs, docs, nil, nil, now, nil)
		deps.Back = web.BackDeps{Office: backoffice.New(d, e.zs, nil, now, nil), Brieven: be.brieven}
		admin := audit.WithActor(context.Background(), audit.Actor{Kind: "medewerker", Name: "Beheer", Roles: []string{"beheerder"}})
		for _, s := range brief.StandaardSjablonen() {
			if _, err := be.brieven.SaveSjabloon(admin, s); err != nil {
				t.Fatal(err)
			}
		}
		be.team, err = e.auth.CreateTeam(e.ctx, auth.Team{Code: "VERG", Naam: "Vergunningen"})
		if err != nil {
			t.Fatal(err)
		}
		for _, u := range []struct{ name, role string }{{"bea", auth.RoleBehandelaar}, {"tineke", auth.RoleTeamleider}} {
			usr, err := e.auth.CreateUser(e.ctx, auth.NewUser{Username: u.name, Naam: "Mw. " + u.name, Password: password,
				TeamID: be.team.ID, Roles: []string{u.role}})
			if err != nil {
				t.Fatal(err)
			}
			e.users[u.name] = usr
		}
		be.lead = audit.WithActor(context.Background(), auth.ActorFor(e.users["tineke"]))
		var ids []string
		for _, z := range e.zaken {
			ids = append(ids, z.ID)
		}
		if len(ids) > 0 {
			if _, err := e.zs.Assign(be.lead, ids, zaak.Assignment{TeamID: be.team.ID}); err != nil {
				t.Fatal(err)
			}
		}
	})
	be.env = e
	return be
}

func (b *browser) send(path string, from page, form url.Values) page {
	b.e.t.Helper()
	if form == nil {
		form = url.Values{}
	}
	form.Set("csrf", csrfOf(b.e.t, from))
	return b.do("POST", path, form)
}

func TestWerkvoorraadRolesAndBulkAssign(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newBackEnv(t, d, 3)
		anon := e.browser()
		if p := anon.get("/behandelen"); p.code != http.StatusSeeOther {
			t.Fatalf("anonymous: %d", p.code)
		}
		kcc := e.browser()
		kcc.login("kcc", password, "")
		if p := kcc.get("/behandelen"); p.code != http.StatusForbidden {
			t.Fatalf("kcc: %d", p.code)
		}
		lead := e.browser()
		lead.login("tineke", password, "")
		p := lead.get("/behandelen")
		if p.code != 200 || !strings.Contains(p.body, `id="teller-open">3<`) || !strings.Contains(p.body, e.zaken[0].Identificatie) ||
			!strings.Contains(p.body, "Werkvoorraad Vergunningen") {
			t.Fatalf("team queue: %d\n%s", p.code, p.body)
		}
		// Bulk: two zaken to bea.
		bea := e.users["bea"]
		r := lead.send("/behandelen/toewijzen", p, url.Values{"zaak": {e.zaken[0].ID, e.zaken[1].ID}, "team": {e.team.ID},
			"behandelaar": {bea.ID}, "terug": {"/behandelen?weergave=team"}})
		if r.code != http.StatusSeeOther || !strings.Contains(r.header.Get("Location"), "melding=toegewezen") {
			t.Fatalf("assign: %d %s", r.code, r.header.Get("Location"))
		}
		for _, z := range e.zaken[:2] {
			got, _ := e.zs.Get(e.ctx, z.ID)
			if got.BehandelaarID != bea.ID {
				t.Errorf("%s not assigned", z.Identificatie)
			}
		}
		// A behandelaar cannot assign.
		b := e.browser()
		b.login("bea", password, "")
		mine := b.get("/behandelen")
		if mine.code != 200 || !strings.Contains(mine.body, e.zaken[0].Identificatie) || strings.Contains(mine.body, e.zaken[2].Identificatie) {
			t.Fatalf("my queue: %d\n%s", mine.code, mine.body)
		}
		if r := b.send("/behandelen/toewijzen", mine, url.Values{"zaak": {e.zaken[2].ID}, "team": {e.team.ID}, "behandelaar": {bea.ID}}); r.code != http.StatusForbidden {
			t.Fatalf("behandelaar assigns: %d", r.code)
		}
		// Filter: a mistyped BSN is a field error, not a logged look-up.
		if p := lead.get("/behandelen?initiator=123456789"); p.code != http.StatusBadRequest || !strings.Contains(p.body, `href="#initiator"`) {
			t.Fatalf("bad BSN: %d", p.code)
		}
		if p := lead.get("/behandelen?weergave=onverdeeld"); p.code != 200 || !strings.Contains(p.body, e.zaken[2].Identificatie) ||
			strings.Contains(p.body, e.zaken[0].Identificatie) {
			t.Fatalf("unassigned: %d", p.code)
		}
	})
}

func TestHandlingAZaakThroughThePages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newBackEnv(t, d, 1)
		z := e.zaken[0] // started today (20 March 2026), initiator Anna
		b := e.browser()
		b.login("bea", password, "")
		path := "/behandelen/zaken/" + z.ID
		p := b.get(path)
		if p.code != 200 || !strings.Contains(p.body, "Ontbrekende stukken opvragen") {
			t.Fatalf("page: %d\n%s", p.code, p.body)
		}
		var inzage int
		d.R.QueryRow(`SELECT COUNT(*) FROM inzage_log WHERE subject_id = $1`, bsnAnna).Scan(&inzage)
		if inzage == 0 {
			t.Error("reading the zaak was not logged")
		}
		// Rejected: no reason, no term. Nothing written, errors link to the fields.
		r := b.send(path+"/opvragen", p, url.Values{"opvragen-reden": {""}, "opvragen-termijn": {""}})
		if r.code != http.StatusBadRequest || !strings.Contains(r.body, `href="#opvragen-reden"`) || !strings.Contains(r.body, `href="#opvragen-termijn"`) {
			t.Fatalf("rejected request: %d\n%s", r.code, r.body)
		}
		if got, _ := e.zs.Get(e.ctx, z.ID); len(got.Opschortingen) != 0 {
			t.Fatal("a rejected request wrote an opschorting")
		}
		r = b.send(path+"/opvragen", p, url.Values{"opvragen-reden": {"een tekening van de voorgevel"}, "opvragen-termijn": {"2026-04-03"}})
		if r.code != http.StatusSeeOther {
			t.Fatalf("request: %d\n%s", r.code, r.body)
		}
		p = b.get(path)
		if !strings.Contains(p.body, `id="wacht"`) || !strings.Contains(p.body, "Ontbrekende stukken") || !strings.Contains(p.body, "Stukken ontvangen") {
			t.Fatalf("after request:\n%s", p.body)
		}
		got, _ := e.zs.Get(e.ctx, z.ID)
		if !got.Opschorting.Indicatie {
			t.Fatal("not suspended")
		}
		// The letter went out (N1 and the missing-documents letter).
		letters, _ := e.brieven.ListForZaak(e.ctx, z.ID)
		var ontbrekend *brief.Brief
		for i := range letters {
			if letters[i].Gebeurtenis == brief.OntbrekendeStukken {
				ontbrekend = &letters[i]
			}
		}
		if len(letters) != 2 || ontbrekend == nil {
			t.Fatalf("letters %+v", letters)
		}
		if lp := b.get(path + "/brieven/" + ontbrekend.ID); lp.code != 200 || !strings.Contains(lp.body, "een tekening van de voorgevel") ||
			!strings.Contains(lp.body, `<html lang="nl">`) {
			t.Fatalf("letter page %d", lp.code)
		}
		if lp := b.get(path + "/brieven/" + ontbrekend.ID + "?pdf=1"); lp.code != 200 || !strings.HasPrefix(lp.body, "%PDF-") {
			t.Fatalf("letter pdf %d", lp.code)
		}
		r = b.send(path+"/ontvangen", p, url.Values{"ontvangen-datum": {date.Of(today).String()}})
		if r.code != http.StatusSeeOther {
			t.Fatalf("received: %d\n%s", r.code, r.body)
		}
		if got, _ := e.zs.Get(e.ctx, z.ID); got.Opschorting.Indicatie {
			t.Fatal("clock not resumed")
		}
		p = b.get(path)
		// Closing without a resultaat: refused with the domain's reason.
		var eind string
		for _, st := range mustZaakType(t, e).StatusTypen {
			eind = st.ID
		}
		r = b.send(path+"/status", p, url.Values{"status-statustype": {eind}})
		if r.code != http.StatusBadRequest || !strings.Contains(r.body, "resultaat") || !strings.Contains(r.body, `href="#status-statustype"`) {
			t.Fatalf("close without resultaat: %d\n%s", r.code, r.body)
		}
		r = b.send(path+"/besluit", p, url.Values{"besluit-type": {e.besluitTypeID}, "besluit-datum": {"2026-03-20"},
			"besluit-verzenddatum": {"2026-03-20"}, "besluit-toelichting": {"U krijgt de vergunning."}})
		if r.code != http.StatusSeeOther {
			t.Fatalf("besluit: %d\n%s", r.code, r.body)
		}
		var rt string
		for _, x := range mustZaakType(t, e).ResultaatTypen {
			if x.Omschrijving == "Verleend" {
				rt = x.ID
			}
		}
		if r = b.send(path+"/resultaat", p, url.Values{"resultaat-type": {rt}}); r.code != http.StatusSeeOther {
			t.Fatalf("resultaat: %d\n%s", r.code, r.body)
		}
		if r = b.send(path+"/notitie", p, url.Values{"notitie-tekst": {"Besluit telefonisch toegelicht."}}); r.code != http.StatusSeeOther {
			t.Fatalf("note: %d", r.code)
		}
		r = b.send(path+"/status", p, url.Values{"status-statustype": {eind}})
		if r.code != http.StatusSeeOther || !strings.Contains(r.header.Get("Location"), "melding=afgesloten") {
			t.Fatalf("close: %d %s\n%s", r.code, r.header.Get("Location"), r.body)
		}
		p = b.get(path)
		for _, want := range []string{"Afgesloten", "Besluit telefonisch toegelicht.", "Ons besluit over uw aanvraag", "Uw aanvraag is compleet"} {
			if !strings.Contains(p.body, want) {
				t.Errorf("closed page lacks %q", want)
			}
		}
		// Reopening needs a team lead.
		var first string
		for _, st := range mustZaakType(t, e).StatusTypen {
			if st.Volgnummer == 2 {
				first = st.ID
			}
		}
		if r := b.send(path+"/status", p, url.Values{"status-statustype": {first}}); r.code != http.StatusForbidden {
			t.Fatalf("behandelaar reopens: %d", r.code)
		}
		lead := e.browser()
		lead.login("tineke", password, "")
		lp := lead.get(path)
		if r := lead.send(path+"/status", lp, url.Values{"status-statustype": {first}}); r.code != http.StatusSeeOther ||
			!strings.Contains(r.header.Get("Location"), "heropend") {
			t.Fatalf("lead reopens: %d %s", r.code, r.header.Get("Location"))
		}
		if p := b.get("/behandelen/zaken/" + z.ID + "/onbekend"); p.code != http.StatusNotFound && p.code != http.StatusMethodNotAllowed {
			t.Errorf("unknown GET: %d", p.code)
		}
	})
}

func TestBeheerBrieven(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newBackEnv(t, d, 0)
		b := e.browser()
		b.login("bea", password, "")
		if p := b.get("/beheer/brieven"); p.code != http.StatusForbidden {
			t.Fatalf("behandelaar: %d", p.code)
		}
		a := e.browser()
		a.login("beheerder", password, "")
		p := a.get("/beheer/brieven")
		if p.code != 200 || !strings.Contains(p.body, "Ontvangstbevestiging") || !strings.Contains(p.body, "klare taal") {
			t.Fatalf("list: %d\n%s", p.code, p.body)
		}
		f := a.get("/beheer/brieven/sjabloon?gebeurtenis=ontvangstbevestiging")
		if f.code != 200 || !strings.Contains(f.body, "Flesch-Douma") || !strings.Contains(f.body, "Beste Anna Jansen") {
			t.Fatalf("form: %d\n%s", f.code, f.body)
		}
		// Preview does not save; an unknown field is refused with its name.
		hard := "Onderhavige beschikking betreffende de omgevingsvergunningaanvraag wordt overeenkomstig de toepasselijke voorschriften aangehouden."
		r := a.send("/beheer/brieven/sjabloon", f, url.Values{"gebeurtenis": {"ontvangstbevestiging"}, "onderwerp": {"Ontvangen"},
			"inhoud": {hard}, "actie": {"voorbeeld"}})
		if r.code != 200 || !strings.Contains(r.body, "Zeer moeilijk") {
			t.Fatalf("preview: %d\n%s", r.code, r.body)
		}
		r = a.send("/beheer/brieven/sjabloon", f, url.Values{"gebeurtenis": {"ontvangstbevestiging"}, "onderwerp": {"Ontvangen"},
			"inhoud": {"Beste {{klant}}"}, "actie": {"opslaan"}})
		if r.code != http.StatusBadRequest || !strings.Contains(r.body, "{{klant}}") || !strings.Contains(r.body, `href="#inhoud"`) {
			t.Fatalf("unknown field: %d\n%s", r.code, r.body)
		}
		s, _ := e.brieven.FindSjabloon(e.ctx, "", brief.Ontvangstbevestiging)
		if strings.Contains(s.Inhoud, "klant}}") {
			t.Fatal("rejected template saved")
		}
		r = a.send("/beheer/brieven/sjabloon", f, url.Values{"gebeurtenis": {"ontvangstbevestiging"}, "onderwerp": {"Wij hebben het"},
			"inhoud": {"{{aanhef}},\n\nWij hebben uw aanvraag. Dank u wel."}, "actie": {"opslaan"}})
		if r.code != http.StatusSeeOther {
			t.Fatalf("save: %d\n%s", r.code, r.body)
		}
		s, _ = e.brieven.FindSjabloon(e.ctx, "", brief.Ontvangstbevestiging)
		if s.Onderwerp != "Wij hebben het" {
			t.Fatalf("saved: %+v", s)
		}
	})
}

func mustZaakType(t *testing.T, e *backEnv) *catalogus.ZaakType {
	t.Helper()
	zt, err := catalogus.GetZaakType(context.Background(), e.d.R, e.zaken[0].ZaakTypeID)
	if err != nil {
		t.Fatal(err)
	}
	return zt
}

func TestAddDocumentAndNote(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newBackEnv(t, d, 1)
		z := e.zaken[0]
		b := e.browser()
		b.login("bea", password, "")
		path := "/behandelen/zaken/" + z.ID
		p := b.get(path)
		iot := mustZaakType(t, e).InformatieObjectTypen[0].InformatieObjectTypeID
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		mw.WriteField("csrf", csrfOf(t, p))
		mw.WriteField("document-type", iot)
		mw.WriteField("document-titel", "Situatietekening")
		mw.WriteField("document-zichtbaar", "1")
		fw, _ := mw.CreateFormFile("document-bestand", "tekening.pdf")
		fw.Write([]byte("%PDF-1.4 tekening"))
		mw.Close()
		req, _ := http.NewRequest("POST", e.srv.URL+path+"/document", &body)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		resp, err := b.c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusSeeOther {
			m := regexp.MustCompile(`(?s)foutmelding-titel.*?</ul>`).FindString(string(raw))
			t.Fatalf("upload: %d %s", resp.StatusCode, m)
		}
		docs, err := document.New(d, nil, nil).ListForZaak(e.ctx, z.ID)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, doc := range docs {
			found = found || (doc.Titel == "Situatietekening" && doc.ZichtbaarVoorInitiator)
		}
		if !found {
			t.Fatalf("document not linked: %+v", docs)
		}
		// A note without text is refused and links to the field.
		r := b.send(path+"/notitie", p, url.Values{"notitie-tekst": {"  "}})
		if r.code != http.StatusBadRequest || !strings.Contains(r.body, `href="#notitie-tekst"`) {
			t.Fatalf("empty note: %d", r.code)
		}
		// Unknown actions are 404.
		if r := b.send(path+"/verwijderen", p, nil); r.code != http.StatusNotFound {
			t.Fatalf("unknown action: %d", r.code)
		}
	})
}

func TestWerkvoorraadStatusFilter(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newBackEnv(t, d, 3)
		z := e.zaken[1]
		full, err := e.zs.Get(e.ctx, z.ID)
		if err != nil {
			t.Fatal(err)
		}
		var next string
		if err := d.R.QueryRowContext(e.ctx, `SELECT id FROM statustypen WHERE zaaktype_id = $1 AND volgnummer = 2`, full.ZaakTypeID).Scan(&next); err != nil {
			t.Fatal(err)
		}
		// As the team lead: the domain refuses staff without a handling role.
		if _, err := e.zs.SetStatus(e.lead, z.ID, zaak.StatusInput{StatusTypeID: next}); err != nil {
			t.Fatal(err)
		}
		lead := e.browser()
		lead.login("tineke", password, "")
		p := lead.get("/behandelen?weergave=team&zaaktype=" + full.ZaakTypeID + "&status=" + next)
		if p.code != 200 || !strings.Contains(p.body, z.Identificatie) || strings.Contains(p.body, e.zaken[0].Identificatie) ||
			!strings.Contains(p.body, `<option value="`+next+`" selected>`) {
			t.Fatalf("status filter: %d\n%s", p.code, p.body)
		}
	})
}
