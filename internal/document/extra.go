package document

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"

	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/errs"
)

// Extra holds the metadata of the Documenten API that Loket's own pages do
// not use. It is stored as one JSON column and, being embedded in Document,
// travels with every version's metadata.
type Extra struct {
	Link              string         `json:"link,omitempty"`
	Ontvangstdatum    date.Date      `json:"ontvangstdatum,omitzero"`
	Verzenddatum      date.Date      `json:"verzenddatum,omitzero"`
	Verschijningsvorm string         `json:"verschijningsvorm,omitempty"`
	Ondertekening     *Ondertekening `json:"ondertekening,omitempty"`
	Integriteit       *Integriteit   `json:"integriteit,omitempty"`
	Trefwoorden       []string       `json:"trefwoorden,omitempty"`
}

// Ondertekening says how and when the document was signed.
type Ondertekening struct {
	Soort string    `json:"soort"` // analoog, digitaal, pki
	Datum date.Date `json:"datum"`
}

// Integriteit is a checksum of the content as the sender computed it.
type Integriteit struct {
	Algoritme string    `json:"algoritme"`
	Waarde    string    `json:"waarde"`
	Datum     date.Date `json:"datum"`
}

var ondertekeningSoorten = map[string]bool{"analoog": true, "digitaal": true, "pki": true}

var algoritmen = map[string]bool{
	"crc_16": true, "crc_32": true, "crc_64": true, "fletcher_4": true, "fletcher_8": true, "fletcher_16": true,
	"fletcher_32": true, "hmac": true, "md5": true, "sha_1": true, "sha_256": true, "sha_512": true, "sha_3": true,
}

// validateExtra checks the API fields and drc-005: a received document
// (ontvangstdatum set) cannot be in_bewerking or ter_vaststelling.
func validateExtra(f *errs.Fields, d *Document) {
	e := &d.Extra
	if e.Link != "" {
		if len([]rune(e.Link)) > 200 {
			f.Add("link", "max_length", "Link mag hoogstens 200 tekens lang zijn.")
		} else if u, err := url.Parse(e.Link); err != nil || u.Scheme == "" || u.Host == "" {
			f.Add("link", "invalid", "Link moet een volledige URL zijn.")
		}
	}
	if o := e.Ondertekening; o != nil {
		// An empty group (soort "" and no datum) means no signature.
		if o.Soort == "" && o.Datum.IsZero() {
			e.Ondertekening = nil
		} else {
			if !ondertekeningSoorten[o.Soort] {
				f.Add("ondertekening.soort", "invalid_choice", "Soort ondertekening moet analoog, digitaal of pki zijn.")
			}
			if o.Datum.IsZero() {
				f.Add("ondertekening.datum", "required", "De datum van ondertekening is verplicht.")
			}
		}
	}
	if i := e.Integriteit; i != nil {
		if i.Algoritme == "" && i.Waarde == "" && i.Datum.IsZero() {
			e.Integriteit = nil
		} else {
			if !algoritmen[i.Algoritme] {
				f.Add("integriteit.algoritme", "invalid_choice", "Onbekend algoritme voor de integriteit.")
			}
			if i.Waarde == "" {
				f.Add("integriteit.waarde", "required", "De waarde van de integriteit is verplicht.")
			} else if len(i.Waarde) > 128 {
				f.Add("integriteit.waarde", "max_length", "De waarde van de integriteit mag hoogstens 128 tekens lang zijn.")
			}
			if i.Datum.IsZero() {
				f.Add("integriteit.datum", "required", "De datum van de integriteit is verplicht.")
			}
		}
	}
	for _, t := range e.Trefwoorden {
		if strings.TrimSpace(t) == "" {
			f.Add("trefwoorden", "blank", "Een trefwoord mag niet leeg zijn.")
			break
		}
		if len([]rune(t)) > 100 {
			f.Add("trefwoorden", "max_length", "Een trefwoord mag hoogstens 100 tekens lang zijn.")
			break
		}
	}
	if !e.Ontvangstdatum.IsZero() && (d.Status == StatusInBewerking || d.Status == StatusTerVaststelling) {
		f.Add("status", "invalid_for_received",
			"Een ontvangen document (met ontvangstdatum) kan niet de status in_bewerking of ter_vaststelling hebben.")
	}
}

// extraColumns renders the extra and trefwoorden columns.
func extraColumns(e Extra) (extra, trefwoorden string, err error) {
	b, err := json.Marshal(e)
	if err != nil {
		return "", "", fmt.Errorf("document: extra: %w", err)
	}
	t := e.Trefwoorden
	if t == nil {
		t = []string{}
	}
	tb, err := json.Marshal(t)
	if err != nil {
		return "", "", fmt.Errorf("document: trefwoorden: %w", err)
	}
	return string(b), string(tb), nil
}

func parseExtra(s string, e *Extra) error {
	if s == "" || s == "{}" {
		*e = Extra{}
		return nil
	}
	return json.Unmarshal([]byte(s), e)
}
