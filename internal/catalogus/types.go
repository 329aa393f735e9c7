package catalogus

import (
	"time"

	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/termijn"
)

// Catalogus is a zaaktypecatalogus of one organisation (RSIN) and domein.
type Catalogus struct {
	ID                                 string
	Domein                             string
	RSIN                               string
	Naam                               string
	Versie                             string
	BegindatumVersie                   date.Date
	ContactpersoonBeheerNaam           string
	ContactpersoonBeheerTelefoonnummer string
	ContactpersoonBeheerEmailadres     string
	CreatedAt                          time.Time
}

// ZaakType is one version of a zaaktype. Versions share Identificatie within
// a catalogus; at most one published version is valid on any date (ztc-016).
type ZaakType struct {
	ID                              string
	CatalogusID                     string
	Identificatie                   string
	Omschrijving                    string
	OmschrijvingGeneriek            string
	Vertrouwelijkheidaanduiding     string
	Doel                            string
	Aanleiding                      string
	Toelichting                     string
	IndicatieInternOfExtern         string
	HandelingInitiator              string
	Onderwerp                       string
	HandelingBehandelaar            string
	Doorlooptijd                    termijn.Duration
	Servicenorm                     termijn.Duration // zero when the zaaktype has none
	OpschortingEnAanhoudingMogelijk bool
	VerlengingMogelijk              bool
	Verlengingstermijn              termijn.Duration // required when VerlengingMogelijk
	Trefwoorden                     []string
	PublicatieIndicatie             bool
	Publicatietekst                 string
	Verantwoordingsrelatie          []string
	ProductenOfDiensten             []string
	SelectielijstProcestype         string
	ReferentieprocesNaam            string
	ReferentieprocesLink            string
	Verantwoordelijke               string
	// Complex zaaktypen get 15 instead of 10 werkdagen for service norm N2.
	Complex bool
	// TeamID is the team that handles zaken of this type ("" for none).
	TeamID          string
	BeginGeldigheid date.Date
	EindeGeldigheid date.Date // zero: open-ended
	Versiedatum     date.Date
	Concept         bool
	CreatedAt       time.Time
	UpdatedAt       time.Time

	// Loaded by GetZaakType and ZaakTypeValidOn; ignored by create/update.
	StatusTypen           []StatusType                   `json:",omitempty"` // ordered by volgnummer
	ResultaatTypen        []ResultaatType                `json:",omitempty"` // ordered by omschrijving
	RolTypen              []RolType                      `json:",omitempty"` // ordered by omschrijving
	Eigenschappen         []Eigenschap                   `json:",omitempty"` // ordered by naam
	InformatieObjectTypen []ZaakTypeInformatieObjectType `json:",omitempty"`
	BesluitTypeIDs        []string                       `json:",omitempty"`
}

// ValidOn reports whether the version is published and valid on d
// (beginGeldigheid up to and including eindeGeldigheid).
func (z *ZaakType) ValidOn(d date.Date) bool {
	if z.Concept || d.Before(z.BeginGeldigheid) {
		return false
	}
	return z.EindeGeldigheid.IsZero() || !d.After(z.EindeGeldigheid)
}

// StatusType returns the loaded statustype with id, or nil.
func (z *ZaakType) StatusType(id string) *StatusType {
	for i := range z.StatusTypen {
		if z.StatusTypen[i].ID == id {
			return &z.StatusTypen[i]
		}
	}
	return nil
}

// BeginStatusType is the statustype with the lowest volgnummer, or nil.
func (z *ZaakType) BeginStatusType() *StatusType {
	if len(z.StatusTypen) == 0 {
		return nil
	}
	return &z.StatusTypen[0]
}

// EindStatusType is the statustype with the highest volgnummer, or nil.
func (z *ZaakType) EindStatusType() *StatusType {
	if len(z.StatusTypen) == 0 {
		return nil
	}
	return &z.StatusTypen[len(z.StatusTypen)-1]
}

// ResultaatType returns the loaded resultaattype with id, or nil.
func (z *ZaakType) ResultaatType(id string) *ResultaatType {
	for i := range z.ResultaatTypen {
		if z.ResultaatTypen[i].ID == id {
			return &z.ResultaatTypen[i]
		}
	}
	return nil
}

// RolType returns the loaded roltype with id, or nil.
func (z *ZaakType) RolType(id string) *RolType {
	for i := range z.RolTypen {
		if z.RolTypen[i].ID == id {
			return &z.RolTypen[i]
		}
	}
	return nil
}

// RolTypeGeneriek returns the first loaded roltype with the given
// omschrijvingGeneriek (e.g. RolInitiator), or nil.
func (z *ZaakType) RolTypeGeneriek(generiek string) *RolType {
	for i := range z.RolTypen {
		if z.RolTypen[i].OmschrijvingGeneriek == generiek {
			return &z.RolTypen[i]
		}
	}
	return nil
}

// Eigenschap returns the loaded eigenschap with id, or nil.
func (z *ZaakType) Eigenschap(id string) *Eigenschap {
	for i := range z.Eigenschappen {
		if z.Eigenschappen[i].ID == id {
			return &z.Eigenschappen[i]
		}
	}
	return nil
}

// StatusType is a step of a zaaktype's process.
type StatusType struct {
	ID                   string
	ZaakTypeID           string
	Volgnummer           int // 1..9999, unique per zaaktype
	Omschrijving         string
	OmschrijvingGeneriek string
	Statustekst          string
	Informeren           bool
	Doorlooptijd         termijn.Duration
	Toelichting          string
	// IsEindstatus is derived: the statustype with the highest volgnummer.
	IsEindstatus bool
}

// ResultaatType is a possible outcome of a zaak, with the archive rules.
type ResultaatType struct {
	ID                        string
	ZaakTypeID                string
	Omschrijving              string
	ResultaatTypeOmschrijving string // URL in the referentielijsten API
	OmschrijvingGeneriek      string
	Selectielijstklasse       string // URL in the selectielijst API
	// SelectielijstProcestermijn is the procestermijn of the selectielijstklasse
	// ("nihil", "ingeschatte_bestaansduur_procesobject", ...), kept so ztc-003
	// can be checked without the selectielijst API.
	SelectielijstProcestermijn string
	Toelichting                string
	Archiefnominatie           string // blijvend_bewaren | vernietigen | ""
	Archiefactietermijn        termijn.Duration
	BrondatumArchiefprocedure  BrondatumArchiefprocedure
	Procesobjectaard           string
	IndicatieSpecifiek         *bool
	Procestermijn              termijn.Duration
}

// BrondatumArchiefprocedure says how a zaak's archive term start date
// (brondatum) is derived when the zaak closes with this resultaattype.
type BrondatumArchiefprocedure struct {
	Afleidingswijze string
	Datumkenmerk    string
	EinddatumBekend bool
	Objecttype      string
	Registratie     string
	Procestermijn   termijn.Duration
}

// RolType is a role someone can have in a zaak of the zaaktype.
type RolType struct {
	ID                   string
	ZaakTypeID           string
	Omschrijving         string
	OmschrijvingGeneriek string
}

// Eigenschap is a property a zaak of the zaaktype can carry.
type Eigenschap struct {
	ID           string
	ZaakTypeID   string
	Naam         string
	Definitie    string
	Toelichting  string
	StatusTypeID string // "" for none
	Specificatie EigenschapSpecificatie
}

// EigenschapSpecificatie is the format of an eigenschap's values.
type EigenschapSpecificatie struct {
	Groep              string
	Formaat            string // tekst | getal | datum | datum_tijd
	Lengte             string
	Kardinaliteit      string
	Waardenverzameling []string
}

// InformatieObjectType is a kind of document.
type InformatieObjectType struct {
	ID                          string
	CatalogusID                 string
	Omschrijving                string
	Vertrouwelijkheidaanduiding string
	Informatieobjectcategorie   string
	Trefwoord                   []string
	OmschrijvingGeneriek        InformatieObjectTypeOmschrijvingGeneriek
	BeginGeldigheid             date.Date
	EindeGeldigheid             date.Date
	Concept                     bool
	CreatedAt                   time.Time
}

// InformatieObjectTypeOmschrijvingGeneriek is the ZGW group of that name.
type InformatieObjectTypeOmschrijvingGeneriek struct {
	InformatieobjecttypeOmschrijvingGeneriek           string `json:"informatieobjecttypeOmschrijvingGeneriek"`
	DefinitieInformatieobjecttypeOmschrijvingGeneriek  string `json:"definitieInformatieobjecttypeOmschrijvingGeneriek"`
	HerkomstInformatieobjecttypeOmschrijvingGeneriek   string `json:"herkomstInformatieobjecttypeOmschrijvingGeneriek"`
	HierarchieInformatieobjecttypeOmschrijvingGeneriek string `json:"hierarchieInformatieobjecttypeOmschrijvingGeneriek"`
	OpmerkingInformatieobjecttypeOmschrijvingGeneriek  string `json:"opmerkingInformatieobjecttypeOmschrijvingGeneriek"`
}

// BesluitType is a kind of decision.
type BesluitType struct {
	ID                   string
	CatalogusID          string
	Omschrijving         string
	OmschrijvingGeneriek string
	Besluitcategorie     string
	Reactietermijn       termijn.Duration
	PublicatieIndicatie  bool
	Publicatietekst      string
	Publicatietermijn    termijn.Duration
	Toelichting          string
	BeginGeldigheid      date.Date
	EindeGeldigheid      date.Date
	Concept              bool
	CreatedAt            time.Time

	// InformatieObjectTypeIDs is loaded by GetBesluitType; ignored by create/update.
	InformatieObjectTypeIDs []string `json:",omitempty"`
}

// ZaakTypeInformatieObjectType links a zaaktype to a document type.
type ZaakTypeInformatieObjectType struct {
	ID                     string
	ZaakTypeID             string
	InformatieObjectTypeID string
	Volgnummer             int    // 1..999, unique per zaaktype
	Richting               string // inkomend | intern | uitgaand
	StatusTypeID           string // "" for none
}
