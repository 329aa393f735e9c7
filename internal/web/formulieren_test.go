package web_test

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gemeenten/loket/internal/blob"
	"github.com/gemeenten/loket/internal/burger"
	"github.com/gemeenten/loket/internal/catalogus/catalogustest"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/db/dbtest"
	"github.com/gemeenten/loket/internal/document"
	"github.com/gemeenten/loket/internal/eform"
	"github.com/gemeenten/loket/internal/jobs"
	"github.com/gemeenten/loket/internal/klant"
	"github.com/gemeenten/loket/internal/web"
)

func fl(v float64) *float64 { return &v }

func newFormEnv(t *testing.T, d *db.DB, anoniem bool) (*env, *eform.Service) {
	t.Helper()
	var fs *eform.Service
	e := newEnvWith(t, d, 0, func(e *env, deps *web.Deps) {
		if _, err := d.W.ExecContext(e.ctx, `INSERT INTO personen (bsn, voornamen, geslachtsnaam, email, straat, huisnummer, postcode, woonplaats)
			VALUES ($1, 'Anna', 'Jansen', 'anna@voorbeeld.nl', 'Dorpsstraat', '12', '1234AB', 'Voorbeeld')`, bsnAnna); err != nil {
			t.Fatal(err)
		}
		docBlobs, err := blob.NewDir(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		uploads, err := blob.NewDir(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		now := func() time.Time { return today }
		docs := document.New(d, docBlobs, now)
		q, err := jobs.New(d, nil, jobs.Config{})
		if err != nil {
			t.Fatal(err)
		}
		ks := klant.New(d)
		ks.Now = now
		fs = &eform.Service{DB: d, Zaken: e.zs, Docs: docs, Klant: ks, Blobs: uploads, Queue: q, Now: now, Bronorganisatie: rsinGemeente}
		deps.Documents = docs
		deps.Forms = web.FormDeps{Forms: fs}
		deps.Citizen = web.CitizenDeps{Burger: burger.New(d, e.auth.Sign, burger.Config{Simulation: true, Now: now})}
		def := eform.Definitie{Paginas: []eform.Pagina{
			{Titel: "Uw gegevens", Velden: []eform.Veld{
				{Naam: "email", Type: eform.Email, Label: "E-mailadres", Verplicht: true, Prefill: eform.PrefillEmail},
				{Naam: "adres", Type: eform.Address, Label: "Adres", Verplicht: true, Prefill: eform.PrefillAdres},
				{Naam: "soort", Type: eform.Choice, Label: "Wat wilt u bouwen?", Opties: []string{"Dakkapel", "Aanbouw"}, Verplicht: true},
			}},
			{Titel: "De bouw", Velden: []eform.Veld{
				{Naam: "diepte", Type: eform.Number, Label: "Diepte in meters", Verplicht: true, Min: fl(1), Max: fl(6),
					Toon: &eform.Voorwaarde{Veld: "soort", Waarde: "Aanbouw"}},
				{Naam: "tekening", Type: eform.File, Label: "Bouwtekening", Verplicht: true, Bestandstypen: []string{"application/pdf"}},
			}},
		}}
		if _, err := fs.SaveForm(e.ctx, eform.FormInput{Slug: "bouwen", Titel: "Bouwmelding", Anoniem: anoniem,
			ZaaktypeIdentificatie: "OMGEVINGSVERGUNNING", Definitie: def}); err != nil {
			t.Fatal(err)
		}
		if _, err := fs.Publish(e.ctx, "bouwen"); err != nil {
			t.Fatal(err)
		}
	})
	_ = catalogustest.RSIN
	return e, fs
}

// postMultipart posts a form page with an optional file.
func (b *browser) postMultipart(path string, fields url.Values, file, name string, content []byte) page {
	b.e.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, vs := range fields {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	if file != "" {
		w, _ := mw.CreateFormFile(file, name)
		w.Write(content)
	}
	mw.Close()
	req, _ := http.NewRequest("POST", b.e.srv.URL+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	resp, err := b.c.Do(req)
	if err != nil {
		b.e.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	return page{code: resp.StatusCode, body: string(raw), header: resp.Header}
}

var testPDF = []byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")

func TestFormFilledSubmittedOnce(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e, _ := newFormEnv(t, d, false)
		b := e.browser()
		start := b.get("/formulieren/bouwen")
		if start.code != 200 || !strings.Contains(start.body, "Inloggen en beginnen") {
			t.Fatalf("start page without login: %d\n%s", start.code, start.body)
		}
		if pg := b.loginCitizen("bsn:"+bsnAnna, ""); pg.code != http.StatusSeeOther {
			t.Fatalf("login: %d", pg.code)
		}
		start = b.get("/formulieren/bouwen")
		pg := b.do("POST", "/formulieren/bouwen/start", url.Values{"csrf": {csrfOf(t, start)}})
		if pg.code != http.StatusSeeOther || pg.header.Get("Location") != "/formulieren/bouwen/stap/1" {
			t.Fatalf("begin: %d %s", pg.code, pg.header.Get("Location"))
		}
		step1 := b.get("/formulieren/bouwen/stap/1")
		if !strings.Contains(step1.body, `value="anna@voorbeeld.nl"`) || !strings.Contains(step1.body, `value="1234 AB"`) {
			t.Fatalf("not prefilled:\n%s", step1.body)
		}
		// Skipping ahead is not possible.
		if pg := b.get("/formulieren/bouwen/stap/2"); pg.code != http.StatusSeeOther {
			t.Fatalf("skip ahead: %d", pg.code)
		}
		token := csrfOf(t, step1)
		bad := b.postMultipart("/formulieren/bouwen/stap/1", url.Values{"csrf": {token}, "actie": {"volgende"}, "email": {"anna@"},
			"adres.postcode": {"1234AB"}, "adres.huisnummer": {"12"}, "adres.straat": {"Dorpsstraat"}, "adres.woonplaats": {"Voorbeeld"}}, "", "", nil)
		if bad.code != http.StatusBadRequest || !strings.Contains(bad.body, `href="#email"`) || !strings.Contains(bad.body, `href="#soort-0"`) ||
			!strings.Contains(bad.body, "Vul een e-mailadres in zoals naam@voorbeeld.nl.") {
			t.Fatalf("errors not linked to fields: %d\n%s", bad.code, bad.body)
		}
		ok := b.postMultipart("/formulieren/bouwen/stap/1", url.Values{"csrf": {token}, "actie": {"volgende"}, "email": {"anna@voorbeeld.nl"},
			"adres.postcode": {"1234AB"}, "adres.huisnummer": {"12"}, "adres.straat": {"Dorpsstraat"}, "adres.woonplaats": {"Voorbeeld"},
			"soort": {"Aanbouw"}}, "", "", nil)
		if ok.code != http.StatusSeeOther || ok.header.Get("Location") != "/formulieren/bouwen/stap/2" {
			t.Fatalf("page 1: %d %s\n%s", ok.code, ok.header.Get("Location"), ok.body)
		}
		step2 := b.get("/formulieren/bouwen/stap/2")
		if !strings.Contains(step2.body, `id="diepte"`) {
			t.Fatal("conditional field not shown for an aanbouw")
		}
		// A file that is not a PDF (by content) is refused with a message.
		notPDF := b.postMultipart("/formulieren/bouwen/stap/2", url.Values{"csrf": {token}, "actie": {"volgende"}, "diepte": {"3"}},
			"tekening", "tekening.pdf", []byte("<html>not a pdf</html>"))
		if notPDF.code != http.StatusBadRequest || !strings.Contains(notPDF.body, "Dit soort bestand kunnen wij niet ontvangen") {
			t.Fatalf("wrong file type: %d\n%s", notPDF.code, notPDF.body)
		}
		done := b.postMultipart("/formulieren/bouwen/stap/2", url.Values{"csrf": {token}, "actie": {"volgende"}, "diepte": {"3"}},
			"tekening", "tekening.pdf", testPDF)
		if done.code != http.StatusSeeOther || done.header.Get("Location") != "/formulieren/bouwen/controleren" {
			t.Fatalf("page 2: %d %s\n%s", done.code, done.header.Get("Location"), done.body)
		}
		sum := b.get("/formulieren/bouwen/controleren")
		for _, want := range []string{"anna@voorbeeld.nl", "Dorpsstraat 12, 1234 AB Voorbeeld", "Aanbouw", "tekening.pdf"} {
			if !strings.Contains(sum.body, want) {
				t.Errorf("summary lacks %q", want)
			}
		}
		send := b.do("POST", "/formulieren/bouwen/verzenden", url.Values{"csrf": {token}})
		if send.code != http.StatusSeeOther || !strings.HasPrefix(send.header.Get("Location"), "/formulieren/bouwen/ontvangen/") {
			t.Fatalf("send: %d %s\n%s", send.code, send.header.Get("Location"), send.body)
		}
		// The same form sent again (a double click, a retry) makes no second zaak.
		again := b.do("POST", "/formulieren/bouwen/verzenden", url.Values{"csrf": {token}})
		if again.header.Get("Location") != send.header.Get("Location") {
			t.Fatalf("resend went to %s, not %s", again.header.Get("Location"), send.header.Get("Location"))
		}
		got := b.get(send.header.Get("Location"))
		m := regexp.MustCompile(`ZAAK-\d{4}-\d{10}`).FindString(got.body)
		if got.code != 200 || m == "" {
			t.Fatalf("received: %d\n%s", got.code, got.body)
		}
		var n int
		if err := d.R.QueryRowContext(e.ctx, `SELECT COUNT(*) FROM zaken WHERE identificatie = $1 AND initiator_id = $2`, m, bsnAnna).Scan(&n); err != nil || n != 1 {
			t.Fatalf("zaak %s for Anna: %d %v", m, n, err)
		}
		if err := d.R.QueryRowContext(e.ctx, `SELECT COUNT(*) FROM zaken`).Scan(&n); err != nil || n != 1 {
			t.Fatalf("zaken: %d %v", n, err)
		}
		if mijn := b.get("/mijn"); !strings.Contains(mijn.body, m) {
			t.Errorf("the new zaak is not in Mijn zaken")
		}
		// The upload is a document of the zaak as soon as the form is sent
		// (no job runs in this test), once, and Anna can open it.
		var zaakID, docID string
		if err := d.R.QueryRowContext(e.ctx, `SELECT z.id, zio.informatieobject_id FROM zaken z
			JOIN zaakinformatieobjecten zio ON zio.zaak_id = z.id WHERE z.identificatie = $1 AND zio.zichtbaar_voor_initiator`, m).
			Scan(&zaakID, &docID); err != nil {
			t.Fatalf("document of the zaak: %v", err)
		}
		if err := d.R.QueryRowContext(e.ctx, `SELECT COUNT(*) FROM informatieobjecten`).Scan(&n); err != nil || n != 1 {
			t.Fatalf("informatieobjecten: %d %v", n, err)
		}
		if zp := b.get("/mijn/zaken/" + zaakID); !strings.Contains(zp.body, "tekening.pdf") {
			t.Errorf("the upload is not on the zaak's page:\n%s", zp.body)
		}
		if dl := b.get("/mijn/zaken/" + zaakID + "/documenten/" + docID); dl.code != 200 || dl.body != string(testPDF) {
			t.Errorf("download: %d (%d bytes)", dl.code, len(dl.body))
		}
	})
}

func TestAnonymousFormSaveAndContinueLater(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e, _ := newFormEnv(t, d, true)
		b := e.browser()
		start := b.get("/formulieren/bouwen")
		token := csrfOf(t, start)
		if pg := b.do("POST", "/formulieren/bouwen/start", url.Values{"csrf": {token}}); pg.code != http.StatusSeeOther {
			t.Fatalf("anonymous start: %d", pg.code)
		}
		step1 := b.get("/formulieren/bouwen/stap/1")
		if strings.Contains(step1.body, "anna@voorbeeld.nl") {
			t.Fatal("prefilled for an anonymous user")
		}
		saved := b.postMultipart("/formulieren/bouwen/stap/1", url.Values{"csrf": {csrfOf(t, step1)}, "actie": {"opslaan"},
			"email": {"piet@voorbeeld.nl"}}, "", "", nil)
		if saved.code != http.StatusSeeOther {
			t.Fatalf("save: %d\n%s", saved.code, saved.body)
		}
		info := b.get("/formulieren/bouwen/opgeslagen")
		link := regexp.MustCompile(`href="(http[^"]+/formulieren/bouwen/hervatten\?code=[^"]+)"`).FindStringSubmatch(info.body)
		if link == nil {
			t.Fatalf("no resume link:\n%s", info.body)
		}
		// Another browser continues with the link; without it, nothing.
		other := e.browser()
		if pg := other.get("/formulieren/bouwen/stap/1"); pg.code != http.StatusSeeOther || pg.header.Get("Location") != "/formulieren/bouwen" {
			t.Fatalf("draft reached without the link: %d %s", pg.code, pg.header.Get("Location"))
		}
		u, _ := url.Parse(link[1])
		if pg := other.get(u.RequestURI()); pg.code != http.StatusSeeOther {
			t.Fatalf("resume: %d", pg.code)
		}
		if pg := other.get("/formulieren/bouwen/stap/1"); pg.code != 200 || !strings.Contains(pg.body, `value="piet@voorbeeld.nl"`) {
			t.Fatalf("resumed draft: %d", pg.code)
		}
		if pg := other.get("/formulieren/bouwen/hervatten?code=verkeerd"); pg.code != http.StatusNotFound {
			t.Fatalf("a wrong link: %d", pg.code)
		}
	})
}

func TestBeheerderMaintainsForms(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e, fs := newFormEnv(t, d, false)
		kcc := e.browser()
		kcc.login("kcc", password, "/")
		if pg := kcc.get("/beheer/formulieren"); pg.code != http.StatusForbidden {
			t.Fatalf("kcc opens beheer/formulieren: %d", pg.code)
		}
		b := e.browser()
		b.login("beheerder", password, "/")
		list := b.get("/beheer/formulieren")
		if list.code != 200 || !strings.Contains(list.body, "Bouwmelding") {
			t.Fatalf("list: %d", list.code)
		}
		nieuw := b.get("/beheer/formulieren/nieuw")
		token := csrfOf(t, nieuw)
		form := url.Values{"csrf": {token}, "slug": {"melding"}, "titel": {"Melding openbare ruimte"}, "zaaktype": {"OMGEVINGSVERGUNNING"},
			"anoniem": {"ja"}, "definitie": {`{"paginas": [{"titel": "Wat wilt u melden?", "velden": [{"naam": "wat", "type": "tekstvakje", "label": ""}]}]}`}}
		bad := b.do("POST", "/beheer/formulieren/nieuw", form)
		if bad.code != http.StatusBadRequest || !strings.Contains(bad.body, "kies een soort vraag") || !strings.Contains(bad.body, "de vraag heeft geen tekst") {
			t.Fatalf("bad definition: %d\n%s", bad.code, bad.body)
		}
		form.Set("definitie", `{"paginas": [{"titel": "Wat", "velden": [{"naam": "wat", "type": "tekstvak", "label": "Wat ziet u?", "verplicht": true, "onbekend": 1}]}]}`)
		if pg := b.do("POST", "/beheer/formulieren/nieuw", form); pg.code != http.StatusBadRequest || !strings.Contains(pg.body, "geen geldige JSON") {
			t.Fatalf("unknown key: %d", pg.code)
		}
		if _, err := fs.Published(e.ctx, "melding"); err == nil {
			t.Fatal("a refused form was saved")
		}
		form.Set("definitie", `{"paginas": [{"titel": "Wat", "velden": [{"naam": "wat", "type": "tekstvak", "label": "Wat ziet u?", "verplicht": true}]}]}`)
		ok := b.do("POST", "/beheer/formulieren/nieuw", form)
		if ok.code != http.StatusSeeOther || ok.header.Get("Location") != "/beheer/formulieren/melding?melding=opgeslagen" {
			t.Fatalf("save: %d %s\n%s", ok.code, ok.header.Get("Location"), ok.body)
		}
		edit := b.get("/beheer/formulieren/melding?melding=opgeslagen")
		if !strings.Contains(edit.body, "Wat ziet u?") || !strings.Contains(edit.body, "Versie 1 publiceren") {
			t.Fatalf("edit page lacks the preview or the publish button:\n%s", edit.body)
		}
		if pg := b.do("POST", "/beheer/formulieren/melding/publiceren", url.Values{"csrf": {token}}); pg.code != http.StatusSeeOther {
			t.Fatalf("publish: %d\n%s", pg.code, pg.body)
		}
		if fm, err := fs.Published(e.ctx, "melding"); err != nil || !fm.Anoniem || fm.Versie != 1 {
			t.Fatalf("published: %+v %v", fm, err)
		}
		if pg := e.browser().get("/formulieren/melding"); pg.code != 200 || !strings.Contains(pg.body, "Beginnen") {
			t.Fatalf("public form page: %d", pg.code)
		}
	})
}

func TestFormSkipsPagesThatDoNotApply(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e, fs := newFormEnv(t, d, true)
		def := eform.Definitie{Paginas: []eform.Pagina{
			{Titel: "Keuze", Velden: []eform.Veld{{Naam: "bericht", Type: eform.Choice, Label: "Wilt u bericht?", Opties: []string{"Ja", "Nee"}, Verplicht: true}}},
			{Titel: "E-mail", Velden: []eform.Veld{{Naam: "email", Type: eform.Email, Label: "E-mailadres", Verplicht: true,
				Toon: &eform.Voorwaarde{Veld: "bericht", Waarde: "Ja"}}}},
			{Titel: "Slot", Velden: []eform.Veld{{Naam: "opmerking", Type: eform.Text, Label: "Opmerking"}}},
		}}
		if _, err := fs.SaveForm(e.ctx, eform.FormInput{Slug: "kort", Titel: "Kort", Anoniem: true, ZaaktypeIdentificatie: "OMGEVINGSVERGUNNING", Definitie: def}); err != nil {
			t.Fatal(err)
		}
		if _, err := fs.Publish(e.ctx, "kort"); err != nil {
			t.Fatal(err)
		}
		b := e.browser()
		token := csrfOf(t, b.get("/formulieren/kort"))
		b.do("POST", "/formulieren/kort/start", url.Values{"csrf": {token}})
		pg := b.postMultipart("/formulieren/kort/stap/1", url.Values{"csrf": {token}, "actie": {"volgende"}, "bericht": {"Nee"}}, "", "", nil)
		if pg.code != http.StatusSeeOther || pg.header.Get("Location") != "/formulieren/kort/stap/3" {
			t.Fatalf("the e-mail page was not skipped: %d %s", pg.code, pg.header.Get("Location"))
		}
		back := b.postMultipart("/formulieren/kort/stap/3", url.Values{"csrf": {token}, "actie": {"vorige"}}, "", "", nil)
		if back.header.Get("Location") != "/formulieren/kort/stap/1" {
			t.Fatalf("back went to %s", back.header.Get("Location"))
		}
	})
}
