// Package referentielijsten serves a local, read-only Referentielijsten API
// (/referentielijsten/api/v1, VNG-referentielijsten 0.6): the gemeentelijke
// selectielijst (procestypen 2017 and 2020 and their resultaten), the
// generic resultaattype-omschrijvingen and the communicatiekanalen. The
// catalogue checks selectielijst URLs against it (ztc-001, ztc-002), so that
// works offline. The data is embedded: it is a copy of
// ../shared/specs/selectielijst (a test keeps the two equal).
//
// Like the original, the API needs no authorisation.
package referentielijsten

import (
	"embed"
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/google/uuid"

	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/zgw"
)

// Version is the API version served (that of the VNG-referentielijsten API).
const Version = "0.6.0"

// Prefix is where the lead mounts the handler.
const Prefix = "/referentielijsten/api/v1"

// PageSize is the page size of the paginated lists (resultaten,
// communicatiekanalen).
const PageSize = 100

//go:embed data/*.json
var files embed.FS

// fixture is one row of a Django fixture file.
type fixture struct {
	PK     int             `json:"pk"`
	Fields json.RawMessage `json:"fields"`
}

type procestypeRow struct {
	UUID         string `json:"uuid"`
	Nummer       int    `json:"nummer"`
	Naam         string `json:"naam"`
	Omschrijving string `json:"omschrijving"`
	Toelichting  string `json:"toelichting"`
	Procesobject string `json:"procesobject"`
	Jaar         int    `json:"jaar"`
}

type resultaatRow struct {
	UUID                 string  `json:"uuid"`
	ProcesType           int     `json:"proces_type"`
	GeneriekResultaat    *int    `json:"generiek_resultaat"`
	Nummer               int     `json:"nummer"`
	Naam                 string  `json:"naam"`
	Omschrijving         string  `json:"omschrijving"`
	Herkomst             string  `json:"herkomst"`
	Waardering           string  `json:"waardering"`
	Procestermijn        string  `json:"procestermijn"`
	Bewaartermijn        *string `json:"bewaartermijn"`
	Toelichting          string  `json:"toelichting"`
	ProcestermijnOpmerk  string  `json:"procestermijn_opmerking"`
	AlgemeenBestuur      bool    `json:"algemeen_bestuur_en_inrichting_organisatie"`
	Bedrijfsvoering      bool    `json:"bedrijfsvoering_en_personeel"`
	PubliekeInformatie   bool    `json:"publieke_informatie_en_registratie"`
	Burgerzaken          bool    `json:"burgerzaken"`
	Veiligheid           bool    `json:"veiligheid"`
	VerkeerEnVervoer     bool    `json:"verkeer_en_vervoer"`
	Economie             bool    `json:"economie"`
	Onderwijs            bool    `json:"onderwijs"`
	SportCultuur         bool    `json:"sport_cultuur_en_recreatie"`
	SociaalDomein        bool    `json:"sociaal_domein"`
	VolksgezondheidMilie bool    `json:"volksgezonheid_en_milieu"`
	VHROSV               bool    `json:"vhrosv"`
	HeffenBelastingen    bool    `json:"heffen_belastingen"`
	AlleTaakgebieden     bool    `json:"alle_taakgebieden"`
}

type omschrijvingRow struct {
	UUID         string `json:"uuid"`
	Omschrijving string `json:"omschrijving"`
	Definitie    string `json:"definitie"`
	Opmerking    string `json:"opmerking"`
}

// ProcesType is a selectielijst procestype as the API shows it.
type ProcesType struct {
	URL          string `json:"url"`
	Nummer       int    `json:"nummer"`
	Jaar         int    `json:"jaar"`
	Naam         string `json:"naam"`
	Omschrijving string `json:"omschrijving"`
	Toelichting  string `json:"toelichting"`
	Procesobject string `json:"procesobject"`
}

// Resultaat is a selectielijst resultaat (a selectielijstklasse).
type Resultaat struct {
	URL                                    string  `json:"url"`
	ProcesType                             string  `json:"procesType"`
	Nummer                                 int     `json:"nummer"`
	VolledigNummer                         string  `json:"volledigNummer"`
	Generiek                               bool    `json:"generiek"`
	Specifiek                              bool    `json:"specifiek"`
	Naam                                   string  `json:"naam"`
	Omschrijving                           string  `json:"omschrijving"`
	Herkomst                               string  `json:"herkomst"`
	Waardering                             string  `json:"waardering"`
	Procestermijn                          string  `json:"procestermijn"`
	ProcestermijnWeergave                  string  `json:"procestermijnWeergave"`
	Bewaartermijn                          *string `json:"bewaartermijn"`
	Toelichting                            string  `json:"toelichting"`
	AlgemeenBestuurEnInrichtingOrganisatie bool    `json:"algemeenBestuurEnInrichtingOrganisatie"`
	BedrijfsvoeringEnPersoneel             bool    `json:"bedrijfsvoeringEnPersoneel"`
	PubliekeInformatieEnRegistratie        bool    `json:"publiekeInformatieEnRegistratie"`
	Burgerzaken                            bool    `json:"burgerzaken"`
	Veiligheid                             bool    `json:"veiligheid"`
	VerkeerEnVervoer                       bool    `json:"verkeerEnVervoer"`
	Economie                               bool    `json:"economie"`
	Onderwijs                              bool    `json:"onderwijs"`
	SportCultuurEnRecreatie                bool    `json:"sportCultuurEnRecreatie"`
	SociaalDomein                          bool    `json:"sociaalDomein"`
	VolksgezonheidEnMilieu                 bool    `json:"volksgezonheidEnMilieu"`
	VHROSV                                 bool    `json:"vhrosv"`
	HeffenBelastingen                      bool    `json:"heffenBelastingen"`
	AlleTaakgebieden                       bool    `json:"alleTaakgebieden"`
	ProcestermijnOpmerking                 string  `json:"procestermijnOpmerking"`
}

// ResultaattypeOmschrijving is a generic resultaattype-omschrijving.
type ResultaattypeOmschrijving struct {
	URL          string `json:"url"`
	Omschrijving string `json:"omschrijving"`
	Definitie    string `json:"definitie"`
	Opmerking    string `json:"opmerking"`
}

// CommunicatieKanaal is a channel through which a zaak came in.
type CommunicatieKanaal struct {
	URL          string `json:"url"`
	Naam         string `json:"naam"`
	Omschrijving string `json:"omschrijving"`
}

// communicatiekanalen are the national list; their ids are derived from the
// name, so they are stable across installations.
var communicatiekanalen = []struct{ naam, omschrijving string }{
	{"Balie", "Persoonlijk contact aan de balie of op afspraak."},
	{"Telefoon", "Contact per telefoon."},
	{"E-mail", "Contact per e-mail."},
	{"Post", "Contact per brief of ander poststuk."},
	{"Internet", "Een webformulier of de persoonlijke internetpagina."},
	{"Chat", "Contact via een chatgesprek."},
	{"Social media", "Contact via sociale media."},
	{"Fax", "Contact per fax."},
}

var kanaalNS = uuid.MustParse("5c1e58c8-3b8a-4f7e-9d8e-6f1a2b3c4d5e")

// CommunicatiekanaalID is the stable id of a communicatiekanaal by naam.
func CommunicatiekanaalID(naam string) string {
	return uuid.NewSHA1(kanaalNS, []byte(strings.ToLower(naam))).String()
}

var procestermijnWeergave = map[string]string{
	"nihil":                                 "Nihil",
	"bestaansduur_procesobject":             "De bestaans- of geldigheidsduur van het procesobject.",
	"ingeschatte_bestaansduur_procesobject": "De ingeschatte maximale bestaans- of geldigheidsduur van het procesobject.",
	"vast_te_leggen_datum":                  "De tijdens het proces vast te leggen datum waarop de geldigheid van het procesobject komt te vervallen.",
	"samengevoegd_met_bewaartermijn":        "De procestermijn is samengevoegd met de bewaartermijn.",
}

// Data is the dataset with the URLs of one base.
type Data struct {
	Procestypen                 []ProcesType
	Resultaten                  []Resultaat
	ResultaattypeOmschrijvingen []ResultaattypeOmschrijving
	Communicatiekanalen         []CommunicatieKanaal
	byURL                       map[string]any
}

var (
	rawOnce sync.Once
	rawErr  error
	rawP    []fixture
	rawR    []fixture
	rawO    []fixture
)

func loadRaw() error {
	rawOnce.Do(func() {
		for name, dst := range map[string]*[]fixture{
			"data/selectielijst_2020_procestypen.json": &rawP,
			"data/selectielijst_2020_resultaten.json":  &rawR,
			"data/resultaattypeomschrijvingen.json":    &rawO,
		} {
			b, err := files.ReadFile(name)
			if err == nil {
				err = json.Unmarshal(b, dst)
			}
			if err != nil {
				rawErr = fmt.Errorf("referentielijsten: %s: %w", name, err)
				return
			}
		}
	})
	return rawErr
}

// Load builds the dataset with URLs under apiBase, the API's absolute base
// URL (e.g. "https://loket.example.nl/referentielijsten/api/v1").
func Load(apiBase string) (*Data, error) {
	if err := loadRaw(); err != nil {
		return nil, err
	}
	apiBase = strings.TrimRight(apiBase, "/")
	d := &Data{byURL: map[string]any{}}
	ptURL := map[int]string{}
	ptNummer := map[int]int{}
	for _, f := range rawP {
		var row procestypeRow
		if err := json.Unmarshal(f.Fields, &row); err != nil {
			return nil, fmt.Errorf("referentielijsten: procestype %d: %w", f.PK, err)
		}
		p := ProcesType{URL: apiBase + "/procestypen/" + row.UUID, Nummer: row.Nummer, Jaar: row.Jaar, Naam: row.Naam,
			Omschrijving: row.Omschrijving, Toelichting: row.Toelichting, Procesobject: row.Procesobject}
		ptURL[f.PK], ptNummer[f.PK] = p.URL, row.Nummer
		d.Procestypen = append(d.Procestypen, p)
	}
	rows := map[int]resultaatRow{}
	for _, f := range rawR {
		var row resultaatRow
		if err := json.Unmarshal(f.Fields, &row); err != nil {
			return nil, fmt.Errorf("referentielijsten: resultaat %d: %w", f.PK, err)
		}
		rows[f.PK] = row
	}
	for _, f := range rawR {
		row := rows[f.PK]
		r := Resultaat{
			URL: apiBase + "/resultaten/" + row.UUID, ProcesType: ptURL[row.ProcesType], Nummer: row.Nummer,
			Naam: row.Naam, Omschrijving: row.Omschrijving, Herkomst: row.Herkomst, Waardering: row.Waardering,
			Procestermijn: row.Procestermijn, ProcestermijnWeergave: procestermijnWeergave[row.Procestermijn],
			Bewaartermijn: row.Bewaartermijn, Toelichting: row.Toelichting, ProcestermijnOpmerking: row.ProcestermijnOpmerk,
			AlgemeenBestuurEnInrichtingOrganisatie: row.AlgemeenBestuur, BedrijfsvoeringEnPersoneel: row.Bedrijfsvoering,
			PubliekeInformatieEnRegistratie: row.PubliekeInformatie, Burgerzaken: row.Burgerzaken, Veiligheid: row.Veiligheid,
			VerkeerEnVervoer: row.VerkeerEnVervoer, Economie: row.Economie, Onderwijs: row.Onderwijs,
			SportCultuurEnRecreatie: row.SportCultuur, SociaalDomein: row.SociaalDomein,
			VolksgezonheidEnMilieu: row.VolksgezondheidMilie, VHROSV: row.VHROSV, HeffenBelastingen: row.HeffenBelastingen,
			AlleTaakgebieden: row.AlleTaakgebieden,
		}
		// As in VNG-referentielijsten: a specifiek resultaat is numbered
		// below its generiek one (1.1.2), a generiek one below its
		// procestype (1.1).
		if g, ok := rows[derefInt(row.GeneriekResultaat)]; ok && row.GeneriekResultaat != nil {
			r.Specifiek = true
			r.VolledigNummer = fmt.Sprintf("%d.%d.%d", ptNummer[row.ProcesType], g.Nummer, row.Nummer)
		} else {
			r.Generiek = true
			r.VolledigNummer = fmt.Sprintf("%d.%d", ptNummer[row.ProcesType], row.Nummer)
		}
		d.Resultaten = append(d.Resultaten, r)
	}
	for _, f := range rawO {
		var row omschrijvingRow
		if err := json.Unmarshal(f.Fields, &row); err != nil {
			return nil, fmt.Errorf("referentielijsten: resultaattypeomschrijving %d: %w", f.PK, err)
		}
		d.ResultaattypeOmschrijvingen = append(d.ResultaattypeOmschrijvingen, ResultaattypeOmschrijving{
			URL: apiBase + "/resultaattypeomschrijvingen/" + row.UUID, Omschrijving: row.Omschrijving,
			Definitie: row.Definitie, Opmerking: row.Opmerking})
	}
	for _, k := range communicatiekanalen {
		d.Communicatiekanalen = append(d.Communicatiekanalen, CommunicatieKanaal{
			URL: apiBase + "/communicatiekanalen/" + CommunicatiekanaalID(k.naam), Naam: k.naam, Omschrijving: k.omschrijving})
	}
	sort.SliceStable(d.Procestypen, func(i, j int) bool {
		a, b := d.Procestypen[i], d.Procestypen[j]
		return a.Jaar < b.Jaar || (a.Jaar == b.Jaar && a.Nummer < b.Nummer)
	})
	for i := range d.Procestypen {
		d.byURL[d.Procestypen[i].URL] = &d.Procestypen[i]
	}
	for i := range d.Resultaten {
		d.byURL[d.Resultaten[i].URL] = &d.Resultaten[i]
	}
	for i := range d.ResultaattypeOmschrijvingen {
		d.byURL[d.ResultaattypeOmschrijvingen[i].URL] = &d.ResultaattypeOmschrijvingen[i]
	}
	for i := range d.Communicatiekanalen {
		d.byURL[d.Communicatiekanalen[i].URL] = &d.Communicatiekanalen[i]
	}
	return d, nil
}

func derefInt(p *int) int {
	if p == nil {
		return 0
	}
	return *p
}

// Lookup returns the object (*ProcesType, *Resultaat,
// *ResultaattypeOmschrijving or *CommunicatieKanaal) with URL u, for Go
// callers that want to check a reference without HTTP.
func (d *Data) Lookup(u string) (any, bool) {
	v, ok := d.byURL[strings.TrimRight(u, "/")]
	return v, ok
}

type api struct {
	env  *zgw.Env
	data *Data
}

// Handler serves the API at paths relative to Prefix, with URLs under
// env.URL(Prefix). It needs no authentication; mount it with
// mux.Handle(Prefix+"/", http.StripPrefix(Prefix, h)) or use Mount.
func Handler(env *zgw.Env) (http.Handler, error) {
	data, err := Load(env.URL(Prefix))
	if err != nil {
		return nil, err
	}
	a := &api{env: env, data: data}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /procestypen", a.procestypen)
	mux.HandleFunc("GET /procestypen/{uuid}", a.detail("procestypen"))
	mux.HandleFunc("GET /resultaten", a.resultaten)
	mux.HandleFunc("GET /resultaten/{uuid}", a.detail("resultaten"))
	mux.HandleFunc("GET /resultaattypeomschrijvingen", a.omschrijvingen)
	mux.HandleFunc("GET /resultaattypeomschrijvingen/{uuid}", a.detail("resultaattypeomschrijvingen"))
	mux.HandleFunc("GET /communicatiekanalen", a.communicatiekanalen)
	mux.HandleFunc("GET /communicatiekanalen/{uuid}", a.detail("communicatiekanalen"))
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			zgw.Problem(w, r, http.StatusMethodNotAllowed, "method_not_allowed", "Methode niet toegestaan.",
				fmt.Sprintf("Methode %q niet toegestaan: deze API is alleen-lezen.", r.Method))
			return
		}
		zgw.Problem(w, r, http.StatusNotFound, "not_found", "Niet gevonden.", "De gevraagde bron bestaat niet.")
	})
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("API-version", Version)
		mux.ServeHTTP(w, r)
	}), nil
}

// Mount serves the API at Prefix on mux.
func Mount(mux *http.ServeMux, env *zgw.Env) error {
	h, err := Handler(env)
	if err != nil {
		return err
	}
	mux.Handle(Prefix+"/", http.StripPrefix(Prefix, h))
	return nil
}

func (a *api) detail(collection string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := zgw.CheckQuery(r); err != nil {
			zgw.WriteError(w, r, err)
			return
		}
		v, ok := a.data.Lookup(a.env.URL(Prefix + "/" + collection + "/" + r.PathValue("uuid")))
		if !ok {
			zgw.WriteError(w, r, errs.NotFoundf(collection, r.PathValue("uuid")))
			return
		}
		zgw.WriteJSON(w, r, http.StatusOK, v)
	}
}

func (a *api) procestypen(w http.ResponseWriter, r *http.Request) {
	if err := zgw.CheckQuery(r, "jaar"); err != nil {
		zgw.WriteError(w, r, err)
		return
	}
	out := []ProcesType{}
	jaar := r.URL.Query().Get("jaar")
	var want int
	if jaar != "" {
		n, err := strconv.Atoi(jaar)
		if err != nil {
			zgw.WriteError(w, r, errs.InvalidField("jaar", "invalid", "Voer een jaartal in, bijvoorbeeld 2020."))
			return
		}
		want = n
	}
	for _, p := range a.data.Procestypen {
		if jaar == "" || p.Jaar == want {
			out = append(out, p)
		}
	}
	zgw.WriteJSON(w, r, http.StatusOK, out)
}

func (a *api) resultaten(w http.ResponseWriter, r *http.Request) {
	if err := zgw.CheckQuery(r, "proces_type", "page"); err != nil {
		zgw.WriteError(w, r, err)
		return
	}
	page, err := zgw.PageParam(r)
	if err != nil {
		zgw.WriteError(w, r, err)
		return
	}
	pt := r.URL.Query().Get("proces_type")
	if pt != "" {
		if v, ok := a.data.Lookup(pt); !ok {
			zgw.WriteError(w, r, errs.InvalidField("proces_type", "invalid_choice", "Selecteer een bestaand procestype (de URL van een procestype)."))
			return
		} else if _, isPT := v.(*ProcesType); !isPT {
			zgw.WriteError(w, r, errs.InvalidField("proces_type", "invalid_choice", "Selecteer een bestaand procestype (de URL van een procestype)."))
			return
		}
	}
	var all []Resultaat
	for _, res := range a.data.Resultaten {
		if pt == "" || res.ProcesType == strings.TrimRight(pt, "/") {
			all = append(all, res)
		}
	}
	paginate(w, r, a.env, all, page)
}

func paginate[T any](w http.ResponseWriter, r *http.Request, env *zgw.Env, all []T, page int) {
	if err := zgw.CheckPage(len(all), page, PageSize); err != nil {
		zgw.WriteError(w, r, err)
		return
	}
	from := min((page-1)*PageSize, len(all))
	to := min(from+PageSize, len(all))
	zgw.WriteJSON(w, r, http.StatusOK, zgw.NewPage(r, env, len(all), page, PageSize, append([]T{}, all[from:to]...)))
}

func (a *api) omschrijvingen(w http.ResponseWriter, r *http.Request) {
	if err := zgw.CheckQuery(r); err != nil {
		zgw.WriteError(w, r, err)
		return
	}
	zgw.WriteJSON(w, r, http.StatusOK, a.data.ResultaattypeOmschrijvingen)
}

func (a *api) communicatiekanalen(w http.ResponseWriter, r *http.Request) {
	if err := zgw.CheckQuery(r, "page"); err != nil {
		zgw.WriteError(w, r, err)
		return
	}
	page, err := zgw.PageParam(r)
	if err != nil {
		zgw.WriteError(w, r, err)
		return
	}
	paginate(w, r, a.env, a.data.Communicatiekanalen, page)
}
