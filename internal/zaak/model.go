package zaak

import (
	"encoding/json"
	"time"

	"github.com/gemeenten/loket/internal/date"
)

// Zaak is a zaak with the denormalised list columns; Get fills the parts too.
type Zaak struct {
	ID                           string
	Identificatie                string
	Bronorganisatie              string
	VerantwoordelijkeOrganisatie string
	ZaakTypeID                   string
	ZaakType                     ZaakTypeSummary
	Omschrijving                 string
	Toelichting                  string
	Startdatum                   date.Date
	Registratiedatum             date.Date
	EinddatumGepland             date.Date
	// UiterlijkeEinddatumAfdoening is the legal deadline, always computed
	// from the facts (startdatum, doorlooptijd, opschortingen, verlengingen).
	UiterlijkeEinddatumAfdoening date.Date
	Einddatum                    date.Date
	Publicatiedatum              date.Date
	Kanaal                       string
	Communicatiekanaal           string
	CommunicatiekanaalNaam       string
	ProductenOfDiensten          []string
	Vertrouwelijkheidaanduiding  string
	Betalingsindicatie           string
	LaatsteBetaaldatum           *time.Time
	Zaakgeometrie                string // GeoJSON, "" when none
	HoofdzaakID                  string
	Selectielijstklasse          string
	Archiefnominatie             string
	Archiefstatus                string
	Archiefactiedatum            date.Date
	StartdatumBewaartermijn      date.Date
	OpdrachtgevendeOrganisatie   string
	Processobjectaard            string
	Processobject                *Processobject // archiving: what the zaak is about (Zaken API); nil when none
	Kenmerken                    []Kenmerk
	Opschorting                  OpschortingGroep
	Verlenging                   VerlengingGroep
	StatusID                     string
	StatusTypeID                 string
	ResultaatID                  string
	InitiatorType                string // ident type: bsn, kvk, rsin, vestigingsnummer
	InitiatorID                  string // the identifying number
	InitiatorNaam                string
	TeamID                       string
	BehandelaarID                string
	CreatedAt                    time.Time
	UpdatedAt                    time.Time
	// APIVersie is api_versie as APIGetMany read it (0 elsewhere).
	APIVersie int64

	// Filled by Get only.
	Status              *Status
	StatusType          *StatusTypeRef
	Resultaat           *Resultaat
	Statussen           []Status
	Rollen              []Rol
	Eigenschappen       []ZaakEigenschap
	Objecten            []ZaakObject
	Relaties            []Relatie
	Deelzaken           []ZaakRef
	Opschortingen       []Opschorting
	Verlengingen        []Verlenging
	Ingebrekestellingen []Ingebrekestelling
	Normen              []Norm
}

// IsClosed reports whether the zaak has an einddatum.
func (z *Zaak) IsClosed() bool { return !z.Einddatum.IsZero() }

// ZaakTypeSummary is what a zaak shows of its zaaktype.
type ZaakTypeSummary struct {
	ID                              string
	Identificatie                   string
	Omschrijving                    string
	Doorlooptijd                    string
	Servicenorm                     string
	OpschortingEnAanhoudingMogelijk bool
	VerlengingMogelijk              bool
	Verlengingstermijn              string
	Complex                         bool
}

// StatusTypeRef names a statustype.
type StatusTypeRef struct {
	ID           string
	Volgnummer   int
	Omschrijving string
	Statustekst  string
	IsEindstatus bool
}

// ZaakRef is a short reference to another zaak.
type ZaakRef struct {
	ID            string
	Identificatie string
	Omschrijving  string
	Einddatum     date.Date
	HasResultaat  bool
}

// Kenmerk is an identification of the zaak in another system.
type Kenmerk struct {
	Kenmerk string `json:"kenmerk"`
	Bron    string `json:"bron"`
}

// OpschortingGroep is the ZGW gegevensgroep opschorting.
type OpschortingGroep struct {
	Indicatie          bool
	Reden              string
	EerdereOpschorting bool
}

// VerlengingGroep is the ZGW gegevensgroep verlenging (the last extension).
type VerlengingGroep struct {
	Reden string
	Duur  string
}

// Status is one entry of the status history.
type Status struct {
	ID                string
	ZaakID            string
	StatusTypeID      string
	StatusType        StatusTypeRef
	DatumStatusGezet  time.Time
	Statustoelichting string
	GezetdoorRolID    string
	CreatedBy         string
	CreatedAt         time.Time
}

// Resultaat is the outcome of a zaak (one per zaak).
type Resultaat struct {
	ID                        string
	ZaakID                    string
	ResultaatTypeID           string
	ResultaatTypeOmschrijving string
	Toelichting               string
	CreatedAt                 time.Time
}

// Rol is a betrokkene of a zaak in a roltype.
type Rol struct {
	ID                       string
	ZaakID                   string
	RolTypeID                string
	Omschrijving             string // of the roltype
	OmschrijvingGeneriek     string
	Betrokkene               string // URL, when given instead of an identificatie
	BetrokkeneType           string
	Roltoelichting           string
	AfwijkendeNaamBetrokkene string
	IndicatieMachtiging      string
	BetrokkeneIdentificatie  BetrokkeneIdentificatie
	IdentType                string
	IdentValue               string
	Naam                     string
	Registratiedatum         time.Time
	// ContactpersoonRol is who puts others in touch with the betrokkene
	// (Zaken API contactpersoonRol); nil when none was given.
	ContactpersoonRol *ContactpersoonRol
}

// Processobject specifies the object, subject or event the zaak is about
// for archiving (ZGW names in JSON; all four are required there).
type Processobject struct {
	Datumkenmerk  string `json:"datumkenmerk"`
	Identificatie string `json:"identificatie"`
	Objecttype    string `json:"objecttype"`
	Registratie   string `json:"registratie"`
}

// ContactpersoonRol is the contact person of a rol (ZGW names in JSON).
type ContactpersoonRol struct {
	Naam           string `json:"naam"`
	Emailadres     string `json:"emailadres,omitempty"`
	Functie        string `json:"functie,omitempty"`
	Telefoonnummer string `json:"telefoonnummer,omitempty"`
}

// BetrokkeneIdentificatie is the inline identification of a betrokkene; the
// fields that apply depend on the betrokkeneType (ZGW names in JSON).
type BetrokkeneIdentificatie struct {
	// natuurlijk_persoon
	InpBsn                   string    `json:"inpBsn,omitempty"`
	AnpIdentificatie         string    `json:"anpIdentificatie,omitempty"`
	InpANummer               string    `json:"inpA_nummer,omitempty"`
	Geslachtsnaam            string    `json:"geslachtsnaam,omitempty"`
	VoorvoegselGeslachtsnaam string    `json:"voorvoegselGeslachtsnaam,omitempty"`
	Voorletters              string    `json:"voorletters,omitempty"`
	Voornamen                string    `json:"voornamen,omitempty"`
	Geslachtsaanduiding      string    `json:"geslachtsaanduiding,omitempty"`
	Geboortedatum            date.Date `json:"geboortedatum,omitzero"`
	// niet_natuurlijk_persoon
	InnNnpID         string `json:"innNnpId,omitempty"` // RSIN
	AnnIdentificatie string `json:"annIdentificatie,omitempty"`
	StatutaireNaam   string `json:"statutaireNaam,omitempty"`
	InnRechtsvorm    string `json:"innRechtsvorm,omitempty"`
	KvkNummer        string `json:"kvkNummer,omitempty"`
	// vestiging
	VestigingsNummer string   `json:"vestigingsNummer,omitempty"`
	Handelsnaam      []string `json:"handelsnaam,omitempty"`
	// medewerker and organisatorische_eenheid
	Identificatie         string `json:"identificatie,omitempty"`
	Achternaam            string `json:"achternaam,omitempty"`
	VoorvoegselAchternaam string `json:"voorvoegselAchternaam,omitempty"`
	Naam                  string `json:"naam,omitempty"`
	IsGehuisvestIn        string `json:"isGehuisvestIn,omitempty"`
	// free address lines (verblijfsadres/bezoekadres) as given
	Verblijfsadres json.RawMessage `json:"verblijfsadres,omitempty"`
}

// ZaakEigenschap is the value of an eigenschap of the zaaktype.
type ZaakEigenschap struct {
	ID           string
	ZaakID       string
	EigenschapID string
	Naam         string
	Waarde       string
}

// ZaakObject relates the zaak to an object in the world.
type ZaakObject struct {
	ID                  string
	ZaakID              string
	Object              string // URL
	ObjectType          string
	ObjectTypeOverige   string
	Relatieomschrijving string
	// ObjectIdentificatie is the inline identification as JSON ("{}" when none).
	ObjectIdentificatie json.RawMessage
	CreatedAt           time.Time
	// ZaakobjecttypeID is a zaakobjecttype of the zaak's zaaktype ("" none).
	ZaakobjecttypeID string
	// ObjectTypeOverigeDefinitie points at the schema of an 'overige' object.
	ObjectTypeOverigeDefinitie *ObjectTypeOverigeDefinitie
}

// ObjectTypeOverigeDefinitie is where the schema of an object of type
// 'overige' lives (ZGW names in JSON; all three required there).
type ObjectTypeOverigeDefinitie struct {
	URL        string `json:"url"`
	Schema     string `json:"schema"`
	ObjectData string `json:"objectData"`
}

// Relatie is one of the relevanteAndereZaken.
type Relatie struct {
	ID             string
	ZaakID         string
	AndereZaakID   string // set when the other zaak is ours
	URL            string // set when it lives elsewhere
	AardRelatie    string
	OverigeRelatie string
	Toelichting    string
}

// Opschorting is one suspension of the legal clock (Awb 4:15).
type Opschorting struct {
	ID         string
	ZaakID     string
	GevraagdOp date.Date // day of the request; the clock stops the day after
	TermijnTot date.Date // the term set for the applicant
	HervatOp   date.Date // day the documents arrived (zero while waiting)
	Reden      string
	CreatedBy  string
	CreatedAt  time.Time
}

// Verlenging is one extension of the legal term.
type Verlenging struct {
	ID              string
	ZaakID          string
	BeslotenOp      date.Date
	Duur            string
	Reden           string
	OudeEinddatum   date.Date
	NieuweEinddatum date.Date
	CreatedBy       string
	CreatedAt       time.Time
	// Instemming: who consented to a further delay of a decision on a
	// bezwaar (Awb 7:10 lid 4); empty otherwise.
	Instemming string
}

// Ingebrekestelling is a written notice of default (Awb 4:17).
type Ingebrekestelling struct {
	ID          string
	ZaakID      string
	OntvangenOp date.Date
	Toelichting string
	CreatedBy   string
	CreatedAt   time.Time
}

// Norm states.
const (
	NormOpen          = "open"
	NormMet           = "met"
	NormBreached      = "breached"
	NormNotApplicable = "not_applicable"
)

// Norm is one service-norm instance of a zaak.
type Norm struct {
	ID         string
	ZaakID     string
	Norm       string // N1..N8
	Volgnummer int
	DueDate    date.Date
	State      string
	SettledAt  *time.Time
	SettledBy  string
	BreachedAt *time.Time
	CreatedAt  time.Time
}
