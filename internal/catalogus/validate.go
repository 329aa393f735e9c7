package catalogus

import (
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/termijn"
)

// Vertrouwelijkheidaanduidingen, from least to most confidential.
var Vertrouwelijkheidaanduidingen = []string{
	"openbaar", "beperkt_openbaar", "intern", "zaakvertrouwelijk",
	"vertrouwelijk", "confidentieel", "geheim", "zeer_geheim",
}

// ValidVertrouwelijkheidaanduiding reports whether v is one of Vertrouwelijkheidaanduidingen.
func ValidVertrouwelijkheidaanduiding(v string) bool {
	return slices.Contains(Vertrouwelijkheidaanduidingen, v)
}

// RolType.OmschrijvingGeneriek values.
const (
	RolAdviseur        = "adviseur"
	RolBehandelaar     = "behandelaar"
	RolBelanghebbende  = "belanghebbende"
	RolBeslisser       = "beslisser"
	RolInitiator       = "initiator"
	RolKlantcontacter  = "klantcontacter"
	RolZaakcoordinator = "zaakcoordinator"
	RolMedeInitiator   = "mede_initiator"
)

var rolOmschrijvingenGeneriek = []string{RolAdviseur, RolBehandelaar, RolBelanghebbende, RolBeslisser,
	RolInitiator, RolKlantcontacter, RolZaakcoordinator, RolMedeInitiator}

// BrondatumArchiefprocedure.Afleidingswijze values.
const (
	AfleidingAfgehandeld         = "afgehandeld"
	AfleidingAnderDatumkenmerk   = "ander_datumkenmerk"
	AfleidingEigenschap          = "eigenschap"
	AfleidingGerelateerdeZaak    = "gerelateerde_zaak"
	AfleidingHoofdzaak           = "hoofdzaak"
	AfleidingIngangsdatumBesluit = "ingangsdatum_besluit"
	AfleidingTermijn             = "termijn"
	AfleidingVervaldatumBesluit  = "vervaldatum_besluit"
	AfleidingZaakobject          = "zaakobject"
)

var afleidingswijzen = []string{AfleidingAfgehandeld, AfleidingAnderDatumkenmerk, AfleidingEigenschap,
	AfleidingGerelateerdeZaak, AfleidingHoofdzaak, AfleidingIngangsdatumBesluit, AfleidingTermijn,
	AfleidingVervaldatumBesluit, AfleidingZaakobject}

// Archiefnominatie values.
const (
	ArchiefnominatieBlijvendBewaren = "blijvend_bewaren"
	ArchiefnominatieVernietigen     = "vernietigen"
)

// Selectielijst procestermijn values that constrain the afleidingswijze (ztc-003).
const (
	ProcestermijnNihil                               = "nihil"
	ProcestermijnIngeschatteBestaansduurProcesobject = "ingeschatte_bestaansduur_procesobject"
)

var selectielijstProcestermijnen = []string{ProcestermijnNihil, "bestaansduur_procesobject",
	ProcestermijnIngeschatteBestaansduurProcesobject, "vast_te_leggen_datum", "samengevoegd_met_bewaartermijn"}

// Eigenschap formaat values.
const (
	FormaatTekst     = "tekst"
	FormaatGetal     = "getal"
	FormaatDatum     = "datum"
	FormaatDatumTijd = "datum_tijd"
)

var formaten = []string{FormaatTekst, FormaatGetal, FormaatDatum, FormaatDatumTijd}

var richtingen = []string{"inkomend", "intern", "uitgaand"}

func required(f *errs.Fields, field, v string) bool {
	if strings.TrimSpace(v) == "" {
		f.Add(field, "required", "Dit veld is verplicht.")
		return false
	}
	return true
}

func maxLen(f *errs.Fields, field, v string, n int) {
	if utf8.RuneCountInString(v) > n {
		f.Add(field, "max_length", "Dit veld mag hoogstens "+strconv.Itoa(n)+" tekens bevatten.")
	}
}

func requiredMax(f *errs.Fields, field, v string, n int) {
	if required(f, field, v) {
		maxLen(f, field, v, n)
	}
}

func oneOf(f *errs.Fields, field, v string, allowed []string) {
	if !slices.Contains(allowed, v) {
		f.Add(field, "invalid_choice", "Ongeldige waarde \""+v+"\"; kies uit: "+strings.Join(allowed, ", ")+".")
	}
}

func requiredOneOf(f *errs.Fields, field, v string, allowed []string) {
	if required(f, field, v) {
		oneOf(f, field, v, allowed)
	}
}

func optionalURL(f *errs.Fields, field, v string) {
	if v == "" {
		return
	}
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		f.Add(field, "invalid", "Voer een geldige URL in (http:// of https://).")
		return
	}
	maxLen(f, field, v, 1000)
}

// ParseTermijn reads an ISO 8601 duration (P8W, P1Y6M) from an API or form
// field for the catalogue's termijn fields; "" is the zero duration. A bad
// value adds a field error under field to f.
func ParseTermijn(f *errs.Fields, field, s string) termijn.Duration {
	var d termijn.Duration
	if err := d.UnmarshalText([]byte(s)); err != nil {
		f.Add(field, "invalid-duration", err.Error())
	}
	return d
}
