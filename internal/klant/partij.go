package klant

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/ident"
)

// Soorten partij.
const (
	Persoon        = "persoon"
	Organisatie    = "organisatie"
	Contactpersoon = "contactpersoon"
)

// Naam is a person's name.
type Naam struct {
	Voorletters           string `json:"voorletters"`
	Voornaam              string `json:"voornaam"`
	VoorvoegselAchternaam string `json:"voorvoegselAchternaam"`
	Achternaam            string `json:"achternaam"`
}

// Volledig is the name as written: "Jan de Vries", or initials when there
// is no first name.
func (n Naam) Volledig() string {
	first := n.Voornaam
	if first == "" {
		first = n.Voorletters
	}
	return strings.Join(strings.Fields(first+" "+n.VoorvoegselAchternaam+" "+n.Achternaam), " ")
}

// Adres is a bezoek- or correspondentieadres (the API's gegevensgroep).
type Adres struct {
	NummeraanduidingID   string `json:"nummeraanduidingId"`
	Straatnaam           string `json:"straatnaam"`
	Huisnummer           int    `json:"huisnummer,omitempty"` // 0: none
	Huisnummertoevoeging string `json:"huisnummertoevoeging"`
	Postcode             string `json:"postcode"`
	Stad                 string `json:"stad"`
	Adresregel1          string `json:"adresregel1"`
	Adresregel2          string `json:"adresregel2"`
	Adresregel3          string `json:"adresregel3"`
	Land                 string `json:"land"`
}

// Identificator is a partij-identificator: BSN, KvK-nummer,
// vestigingsnummer or RSIN.
type Identificator struct {
	ID                        string
	PartijID                  string // "" when it identifies no partij (yet)
	AnderePartijIdentificator string
	CodeObjecttype            string // natuurlijk_persoon, niet_natuurlijk_persoon, vestiging
	CodeSoortObjectID         string // bsn, kvk_nummer, vestigingsnummer, rsin
	ObjectID                  string
	CodeRegister              string // brp, hr
	SubIdentificatorVanID     string
}

// IdentificatorGroep is the value of an identificator.
type IdentificatorGroep struct {
	CodeObjecttype, CodeSoortObjectID, ObjectID, CodeRegister string
}

// IdentificatorInput is a new or changed identificator. CodeObjecttype and
// CodeRegister may be left empty: they follow from CodeSoortObjectID.
type IdentificatorInput struct {
	// ID, when set on a partij's identificatoren, names an existing
	// identificator that is updated and linked instead of a new one.
	ID                        string
	PartijID                  string
	AnderePartijIdentificator string
	CodeObjecttype            string
	CodeSoortObjectID         string
	ObjectID                  string
	CodeRegister              string
	SubIdentificatorVanID     string
}

// Partij is a person, organisation or contact person the municipality is in
// contact with.
type Partij struct {
	ID                        string
	Nummer                    string
	SoortPartij               string
	InterneNotitie            string
	IndicatieGeheimhouding    *bool
	Voorkeurstaal             string
	IndicatieActief           bool
	Naam                      Naam   // persoon and contactpersoon
	OrganisatieNaam           string // organisatie
	WerkteVoorPartijID        string // contactpersoon: the organisation
	Geboortedatum             date.Date
	Bezoekadres               *Adres
	Correspondentieadres      *Adres
	VoorkeursDigitaalAdresID  string
	VoorkeursRekeningnummerID string
	CreatedAt, UpdatedAt      time.Time

	// Related, filled by GetPartij and ListPartijen.
	Identificatoren     []Identificator
	DigitaalAdresIDs    []string
	RekeningnummerIDs   []string
	BetrokkeneIDs       []string
	VertegenwoordigdIDs []string // partijen this partij represents
	CategorieRelaties   []CategorieRelatie
}

// VolledigeNaam is the partij's name as shown.
func (p Partij) VolledigeNaam() string {
	if p.SoortPartij == Organisatie {
		return p.OrganisatieNaam
	}
	return p.Naam.Volledig()
}

// Identificator returns the partij's identificator of soort (bsn,
// kvk_nummer, vestigingsnummer, rsin), or "".
func (p Partij) Identificator(soort string) string {
	for _, i := range p.Identificatoren {
		if i.CodeSoortObjectID == soort {
			return i.ObjectID
		}
	}
	return ""
}

// PartijInput creates or replaces a partij.
type PartijInput struct {
	SoortPartij            string
	InterneNotitie         string
	IndicatieGeheimhouding *bool
	Voorkeurstaal          string
	IndicatieActief        *bool // nil: true
	Naam                   Naam
	OrganisatieNaam        string
	WerkteVoorPartijID     string
	Geboortedatum          date.Date
	Bezoekadres            *Adres
	Correspondentieadres   *Adres
	// DigitaalAdresIDs links existing digitale adressen to the partij.
	DigitaalAdresIDs          []string
	VoorkeursDigitaalAdresID  string
	RekeningnummerIDs         []string
	VoorkeursRekeningnummerID string
	// Identificatoren are created with the partij; on update they replace
	// the partij's identificatoren when not nil.
	Identificatoren []IdentificatorInput
}

var (
	postcodeRe = regexp.MustCompile(`^[1-9][0-9]{3} [A-Z]{2}$`)
	bagRe      = regexp.MustCompile(`^[0-9]{16}$`)
)

// NormPostcode writes a Dutch postcode as "1234 AB"; other input is returned
// trimmed.
func NormPostcode(s string) string {
	c := strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(s), " ", ""))
	if len(c) == 6 {
		return c[:4] + " " + c[4:]
	}
	return strings.TrimSpace(s)
}

func checkAdres(f *errs.Fields, field string, a *Adres) {
	if a == nil {
		return
	}
	if a.NummeraanduidingID != "" && !bagRe.MatchString(a.NummeraanduidingID) {
		f.Add(field+".nummeraanduidingId", "invalid", "Een nummeraanduiding-id bestaat uit 16 cijfers.")
	}
	if a.Postcode != "" && !postcodeRe.MatchString(a.Postcode) {
		f.Add(field+".postcode", "invalid", "Schrijf de postcode als 1234 AB.")
	}
	if a.Huisnummer < 0 || a.Huisnummer > 99999 {
		f.Add(field+".huisnummer", "invalid", "Het huisnummer ligt tussen 1 en 99999.")
	}
	if a.Land != "" && len(a.Land) != 2 {
		f.Add(field+".land", "invalid", "Geef het land als code van 2 letters (ISO 3166).")
	}
	maxLen(f, field+".straatnaam", a.Straatnaam, 255)
	maxLen(f, field+".huisnummertoevoeging", a.Huisnummertoevoeging, 20)
	maxLen(f, field+".stad", a.Stad, 255)
	maxLen(f, field+".adresregel1", a.Adresregel1, 80)
	maxLen(f, field+".adresregel2", a.Adresregel2, 80)
	maxLen(f, field+".adresregel3", a.Adresregel3, 80)
}

// identDefaults are the code_objecttype and code_register of each soort.
var identDefaults = map[string][2]string{
	"bsn":              {"natuurlijk_persoon", "brp"},
	"kvk_nummer":       {"niet_natuurlijk_persoon", "hr"},
	"rsin":             {"niet_natuurlijk_persoon", "hr"},
	"vestigingsnummer": {"vestiging", "hr"},
}

// checkIdent validates an identificator: the soort, the number (elfproef
// for BSN and RSIN, 8 digits for a KvK-nummer, 12 for a vestigingsnummer)
// and that objecttype and register fit the soort.
func checkIdent(f *errs.Fields, field string, in *IdentificatorInput) {
	in.ObjectID = strings.TrimSpace(in.ObjectID)
	def, ok := identDefaults[in.CodeSoortObjectID]
	if !ok {
		f.Add(field+".codeSoortObjectId", "invalid_choice", "Kies bsn, kvk_nummer, vestigingsnummer of rsin.")
		return
	}
	if in.CodeObjecttype == "" {
		in.CodeObjecttype = def[0]
	}
	if in.CodeRegister == "" {
		in.CodeRegister = def[1]
	}
	if in.CodeObjecttype != def[0] && !(in.CodeSoortObjectID == "kvk_nummer" && in.CodeObjecttype == "vestiging") {
		f.Add(field+".codeObjecttype", "invalid", fmt.Sprintf("Bij %s hoort objecttype %s.", in.CodeSoortObjectID, def[0]))
	}
	if in.CodeRegister != def[1] {
		f.Add(field+".codeRegister", "invalid", fmt.Sprintf("Een %s staat in register %s.", in.CodeSoortObjectID, strings.ToUpper(def[1])))
	}
	var err error
	switch in.CodeSoortObjectID {
	case "bsn":
		err = ident.BSN(in.ObjectID)
	case "rsin":
		err = ident.RSIN(in.ObjectID)
	case "kvk_nummer":
		err = ident.KvK(in.ObjectID)
	case "vestigingsnummer":
		err = ident.Vestigingsnummer(in.ObjectID)
	}
	ident.Check(f, field+".objectId", err)
	maxLen(f, field+".anderePartijIdentificator", in.AnderePartijIdentificator, 200)
}

func (s *Service) checkPartij(ctx context.Context, q db.Queryer, in *PartijInput, selfID string) error {
	var f errs.Fields
	switch in.SoortPartij {
	case Persoon, Contactpersoon:
		if strings.TrimSpace(in.Naam.Achternaam) == "" && strings.TrimSpace(in.Naam.Voornaam) == "" {
			f.Add("partijIdentificatie.contactnaam.achternaam", "required", "Vul de achternaam in.")
		}
		maxLen(&f, "partijIdentificatie.contactnaam.voorletters", in.Naam.Voorletters, 10)
		maxLen(&f, "partijIdentificatie.contactnaam.voornaam", in.Naam.Voornaam, 200)
		maxLen(&f, "partijIdentificatie.contactnaam.voorvoegselAchternaam", in.Naam.VoorvoegselAchternaam, 10)
		maxLen(&f, "partijIdentificatie.contactnaam.achternaam", in.Naam.Achternaam, 200)
	case Organisatie:
		if required(&f, "partijIdentificatie.naam", in.OrganisatieNaam, "Vul de naam van de organisatie in.") {
			maxLen(&f, "partijIdentificatie.naam", in.OrganisatieNaam, 200)
		}
	default:
		f.Add("soortPartij", "invalid_choice", "Kies persoon, organisatie of contactpersoon.")
	}
	if in.SoortPartij != Contactpersoon && in.WerkteVoorPartijID != "" {
		f.Add("partijIdentificatie.werkteVoorPartij", "invalid", "Alleen een contactpersoon werkt voor een andere partij.")
	}
	if checkUUID(&f, "partijIdentificatie.werkteVoorPartij", in.WerkteVoorPartijID) {
		if in.WerkteVoorPartijID != "" && in.WerkteVoorPartijID == selfID {
			f.Add("partijIdentificatie.werkteVoorPartij", "invalid", "Een partij kan niet voor zichzelf werken.")
		}
		if err := exists(ctx, q, &f, "partijIdentificatie.werkteVoorPartij", "partijen", in.WerkteVoorPartijID, "Deze partij"); err != nil {
			return err
		}
	}
	maxLen(&f, "interneNotitie", in.InterneNotitie, 1000)
	if in.Voorkeurstaal != "" && (len(in.Voorkeurstaal) != 3 || strings.ToLower(in.Voorkeurstaal) != in.Voorkeurstaal) {
		f.Add("voorkeurstaal", "invalid", "Geef de taal als code van 3 kleine letters (ISO 639-2/B), bijvoorbeeld nld.")
	}
	checkAdres(&f, "bezoekadres", in.Bezoekadres)
	checkAdres(&f, "correspondentieadres", in.Correspondentieadres)
	for i := range in.Identificatoren {
		checkIdent(&f, fmt.Sprintf("partijIdentificatoren.%d.partijIdentificator", i), &in.Identificatoren[i])
		checkUUID(&f, fmt.Sprintf("partijIdentificatoren.%d.uuid", i), in.Identificatoren[i].ID)
		checkUUID(&f, fmt.Sprintf("partijIdentificatoren.%d.subIdentificatorVan", i), in.Identificatoren[i].SubIdentificatorVanID)
	}
	for i, id := range in.DigitaalAdresIDs {
		if checkUUID(&f, fmt.Sprintf("digitaleAdressen.%d", i), id) {
			if err := exists(ctx, q, &f, fmt.Sprintf("digitaleAdressen.%d", i), "digitale_adressen", id, "Dit digitale adres"); err != nil {
				return err
			}
		}
	}
	if in.VoorkeursDigitaalAdresID != "" && !contains(in.DigitaalAdresIDs, in.VoorkeursDigitaalAdresID) {
		ok, err := db.Exists(ctx, q, `SELECT 1 FROM digitale_adressen WHERE id = $1 AND partij_id = $2`, in.VoorkeursDigitaalAdresID, selfID)
		if err != nil {
			return err
		}
		if !ok || !db.ValidUUID(in.VoorkeursDigitaalAdresID) {
			f.Add("voorkeursDigitaalAdres", "invalid", "Het voorkeursadres moet een van de digitale adressen van deze partij zijn.")
		}
	}
	for i, id := range in.RekeningnummerIDs {
		if checkUUID(&f, fmt.Sprintf("rekeningnummers.%d", i), id) {
			if err := exists(ctx, q, &f, fmt.Sprintf("rekeningnummers.%d", i), "rekeningnummers", id, "Dit rekeningnummer"); err != nil {
				return err
			}
		}
	}
	if in.VoorkeursRekeningnummerID != "" && !contains(in.RekeningnummerIDs, in.VoorkeursRekeningnummerID) {
		ok, err := db.Exists(ctx, q, `SELECT 1 FROM rekeningnummers WHERE id = $1 AND partij_id = $2`, in.VoorkeursRekeningnummerID, selfID)
		if err != nil {
			return err
		}
		if !ok || !db.ValidUUID(in.VoorkeursRekeningnummerID) {
			f.Add("voorkeursRekeningnummer", "invalid", "Het voorkeursrekeningnummer moet een van de rekeningnummers van deze partij zijn.")
		}
	}
	return f.Err()
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// searchAdres is the postcode and huisnummer the customer search uses.
func searchAdres(in *PartijInput) (string, string) {
	a := in.Correspondentieadres
	if a == nil || a.Postcode == "" {
		a = in.Bezoekadres
	}
	if a == nil {
		return "", ""
	}
	nr := ""
	if a.Huisnummer > 0 {
		nr = strconv.Itoa(a.Huisnummer)
	}
	return strings.ReplaceAll(a.Postcode, " ", ""), nr
}

func (in *PartijInput) weergave() string {
	p := Partij{SoortPartij: in.SoortPartij, Naam: in.Naam, OrganisatieNaam: in.OrganisatieNaam}
	return p.VolledigeNaam()
}

// CreatePartij registers a partij with its identificatoren. A BSN, KvK-nummer,
// vestigingsnummer or RSIN belongs to one partij only (Conflict otherwise).
func (s *Service) CreatePartij(ctx context.Context, in PartijInput) (Partij, error) {
	if err := s.reserve(ctx, "partij"); err != nil {
		return Partij{}, err
	}
	var id string
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		id, err = s.createPartij(ctx, tx, in)
		return err
	})
	if err != nil {
		return Partij{}, err
	}
	return s.GetPartij(ctx, id)
}

func (s *Service) createPartij(ctx context.Context, tx *sql.Tx, in PartijInput) (string, error) {
	id, _, err := s.createPartijNaam(ctx, tx, in)
	return id, err
}

// createPartijNaam is createPartij also returning the partij's weergave
// naam (a registration needs it and need not read it back).
func (s *Service) createPartijNaam(ctx context.Context, tx *sql.Tx, in PartijInput) (string, string, error) {
	if err := s.checkPartij(ctx, tx, &in, ""); err != nil {
		return "", "", err
	}
	id := newID()
	nummer, err := s.nextNummer(ctx, tx, "partij")
	if err != nil {
		return "", "", err
	}
	if err := s.writePartij(ctx, tx, id, nummer, in, true); err != nil {
		return "", "", err
	}
	return id, in.weergave(), s.record(ctx, tx, change{resource: "partij", id: id, actie: "create", new: in, weergave: in.weergave()})
}

func (s *Service) writePartij(ctx context.Context, tx *sql.Tx, id, nummer string, in PartijInput, create bool) error {
	now := s.now()
	actief := true
	if in.IndicatieActief != nil {
		actief = *in.IndicatieActief
	}
	bezoek, err := jsonText(in.Bezoekadres)
	if err != nil {
		return err
	}
	corr, err := jsonText(in.Correspondentieadres)
	if err != nil {
		return err
	}
	pc, nr := searchAdres(&in)
	args := []any{id, in.SoortPartij, in.InterneNotitie, ptrBool(in.IndicatieGeheimhouding), in.Voorkeurstaal, actief,
		in.Naam.Voorletters, in.Naam.Voornaam, in.Naam.VoorvoegselAchternaam, in.Naam.Achternaam, in.OrganisatieNaam,
		orNull(in.WerkteVoorPartijID), in.weergave(), in.Geboortedatum, bezoek, corr, pc, nr,
		orNull(in.VoorkeursDigitaalAdresID), orNull(in.VoorkeursRekeningnummerID), now}
	if create {
		_, err = tx.ExecContext(ctx, `INSERT INTO partijen (id, soort_partij, interne_notitie, indicatie_geheimhouding,
			voorkeurstaal, indicatie_actief, voorletters, voornaam, voorvoegsel_achternaam, achternaam, organisatie_naam,
			werkte_voor_partij_id, weergave_naam, geboortedatum, bezoekadres, correspondentieadres, adres_postcode,
			adres_huisnummer, voorkeurs_digitaal_adres_id, voorkeurs_rekeningnummer_id, created_at, updated_at, nummer)
			VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21,$21,$22)`, append(args, nummer)...)
	} else {
		_, err = tx.ExecContext(ctx, `UPDATE partijen SET soort_partij=$2, interne_notitie=$3, indicatie_geheimhouding=$4,
			voorkeurstaal=$5, indicatie_actief=$6, voorletters=$7, voornaam=$8, voorvoegsel_achternaam=$9, achternaam=$10,
			organisatie_naam=$11, werkte_voor_partij_id=$12, weergave_naam=$13, geboortedatum=$14, bezoekadres=$15,
			correspondentieadres=$16, adres_postcode=$17, adres_huisnummer=$18, voorkeurs_digitaal_adres_id=$19,
			voorkeurs_rekeningnummer_id=$20, updated_at=$21 WHERE id=$1`, args...)
	}
	if err != nil {
		return fmt.Errorf("klant: write partij: %w", err)
	}
	for _, da := range in.DigitaalAdresIDs {
		if _, err := tx.ExecContext(ctx, `UPDATE digitale_adressen SET partij_id = $1 WHERE id = $2`, id, da); err != nil {
			return fmt.Errorf("klant: link digitaal adres: %w", err)
		}
	}
	for _, rn := range in.RekeningnummerIDs {
		if _, err := tx.ExecContext(ctx, `UPDATE rekeningnummers SET partij_id = $1 WHERE id = $2`, id, rn); err != nil {
			return fmt.Errorf("klant: link rekeningnummer: %w", err)
		}
	}
	if in.Identificatoren != nil && !create {
		keep := []any{id}
		ph := ""
		for _, pi := range in.Identificatoren {
			if pi.ID != "" {
				keep = append(keep, pi.ID)
				ph += fmt.Sprintf(",$%d", len(keep))
			}
		}
		q := `DELETE FROM partij_identificatoren WHERE partij_id = $1`
		if ph != "" {
			q += ` AND id NOT IN (` + ph[1:] + `)`
		}
		if _, err := tx.ExecContext(ctx, q, keep...); err != nil {
			return fmt.Errorf("klant: replace identificatoren: %w", err)
		}
	}
	for i, pi := range in.Identificatoren {
		pi.PartijID = id
		field := fmt.Sprintf("partijIdentificatoren.%d.partijIdentificator", i)
		if pi.ID != "" {
			res, err := tx.ExecContext(ctx, `UPDATE partij_identificatoren SET partij_id=$2, andere_partij_identificator=$3,
				code_objecttype=$4, code_soort_object_id=$5, object_id=$6, code_register=$7, sub_identificator_van_id=$8 WHERE id=$1`,
				pi.ID, id, pi.AnderePartijIdentificator, pi.CodeObjecttype, pi.CodeSoortObjectID, pi.ObjectID, pi.CodeRegister,
				orNull(pi.SubIdentificatorVanID))
			if db.IsUniqueViolation(err) {
				return errs.InvalidField(field+".objectId", "unique", fmt.Sprintf("Er is al een partij met dit %s.", identLabel(pi.CodeSoortObjectID)))
			}
			if err != nil {
				return fmt.Errorf("klant: update identificator: %w", err)
			}
			if n, _ := res.RowsAffected(); n == 1 {
				continue
			}
		}
		if _, err := s.insertIdent(ctx, tx, pi, field); err != nil {
			return err
		}
	}
	return nil
}

func (s *Service) insertIdent(ctx context.Context, tx *sql.Tx, in IdentificatorInput, field string) (string, error) {
	id := newID()
	if in.ID != "" {
		id = in.ID
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO partij_identificatoren (id, partij_id, andere_partij_identificator,
		code_objecttype, code_soort_object_id, object_id, code_register, sub_identificator_van_id, created_at)
		VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)`, id, orNull(in.PartijID), in.AnderePartijIdentificator, in.CodeObjecttype,
		in.CodeSoortObjectID, in.ObjectID, in.CodeRegister, orNull(in.SubIdentificatorVanID), s.now())
	if db.IsUniqueViolation(err) {
		return "", errs.InvalidField(field+".objectId", "unique", fmt.Sprintf("Er is al een partij met dit %s.", identLabel(in.CodeSoortObjectID)))
	}
	if err != nil {
		return "", fmt.Errorf("klant: insert identificator: %w", err)
	}
	return id, nil
}

func identLabel(soort string) string {
	switch soort {
	case "bsn":
		return "BSN"
	case "kvk_nummer":
		return "KvK-nummer"
	case "rsin":
		return "RSIN"
	}
	return soort
}

// UpdatePartij replaces a partij's data (and, when in.Identificatoren is not
// nil, its identificatoren).
func (s *Service) UpdatePartij(ctx context.Context, id string, in PartijInput) (Partij, error) {
	old, err := s.GetPartij(ctx, id)
	if err != nil {
		return Partij{}, err
	}
	err = s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if err := s.checkPartij(ctx, tx, &in, id); err != nil {
			return err
		}
		if err := s.writePartij(ctx, tx, id, "", in, false); err != nil {
			return err
		}
		return s.record(ctx, tx, change{resource: "partij", id: id, actie: "update", old: old, new: in, weergave: in.weergave()})
	})
	if err != nil {
		return Partij{}, err
	}
	return s.GetPartij(ctx, id)
}

// DeletePartij removes a partij with its identificatoren, digitale adressen
// and rekeningnummers. Contacts stay; their betrokkenen lose the link.
func (s *Service) DeletePartij(ctx context.Context, id string) error {
	old, err := s.GetPartij(ctx, id)
	if err != nil {
		return err
	}
	return s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM partijen WHERE id = $1`, id); err != nil {
			return fmt.Errorf("klant: delete partij: %w", err)
		}
		return s.record(ctx, tx, change{resource: "partij", id: id, actie: "destroy", old: old, weergave: old.VolledigeNaam()})
	})
}

const partijCols = `p.id, p.nummer, p.soort_partij, p.interne_notitie, p.indicatie_geheimhouding, p.voorkeurstaal,
	p.indicatie_actief, p.voorletters, p.voornaam, p.voorvoegsel_achternaam, p.achternaam, p.organisatie_naam,
	p.werkte_voor_partij_id, p.geboortedatum, p.bezoekadres, p.correspondentieadres, p.voorkeurs_digitaal_adres_id,
	p.voorkeurs_rekeningnummer_id, p.created_at, p.updated_at`

func scanPartij(sc interface{ Scan(...any) error }) (Partij, error) {
	var p Partij
	var geheim sql.NullBool
	var werkte, vda, vrn, bezoek, corr sql.NullString
	err := sc.Scan(&p.ID, &p.Nummer, &p.SoortPartij, &p.InterneNotitie, &geheim, &p.Voorkeurstaal, &p.IndicatieActief,
		&p.Naam.Voorletters, &p.Naam.Voornaam, &p.Naam.VoorvoegselAchternaam, &p.Naam.Achternaam, &p.OrganisatieNaam,
		&werkte, &p.Geboortedatum, &bezoek, &corr, &vda, &vrn, &p.CreatedAt, &p.UpdatedAt)
	if err != nil {
		return p, err
	}
	p.IndicatieGeheimhouding = nullBool(geheim)
	p.WerkteVoorPartijID, p.VoorkeursDigitaalAdresID, p.VoorkeursRekeningnummerID = nullStr(werkte), nullStr(vda), nullStr(vrn)
	if bezoek.Valid {
		p.Bezoekadres = new(Adres)
		if err := json.Unmarshal([]byte(bezoek.String), p.Bezoekadres); err != nil {
			return p, err
		}
	}
	if corr.Valid {
		p.Correspondentieadres = new(Adres)
		if err := json.Unmarshal([]byte(corr.String), p.Correspondentieadres); err != nil {
			return p, err
		}
	}
	p.CreatedAt, p.UpdatedAt = p.CreatedAt.UTC(), p.UpdatedAt.UTC()
	return p, nil
}

// GetPartij reads one partij with its related ids.
func (s *Service) GetPartij(ctx context.Context, id string) (Partij, error) {
	if !db.ValidUUID(id) {
		return Partij{}, notFound("partij", id)
	}
	p, err := scanPartij(s.DB.R.QueryRowContext(ctx, `SELECT `+partijCols+` FROM partijen p WHERE p.id = $1`, id))
	if err == sql.ErrNoRows {
		return Partij{}, notFound("partij", id)
	}
	if err != nil {
		return Partij{}, fmt.Errorf("klant: read partij: %w", err)
	}
	ps := []Partij{p}
	if err := s.fillPartijen(ctx, ps); err != nil {
		return Partij{}, err
	}
	return ps[0], nil
}

// PartijFilter selects partijen; empty fields do not filter.
type PartijFilter struct {
	SoortPartij string
	Nummer      string
	// Naam matches the full name or organisation name, case-insensitively,
	// anywhere in it.
	Naam            string
	IndicatieActief *bool
	// Identificator: soort (bsn, kvk_nummer, …) and/or value.
	IdentificatorSoort     string
	IdentificatorObjectID  string
	IdentificatorRegister  string
	IdentificatorType      string
	IndicatieGeheimhouding *bool
	// SubIdentificatorVan: partijen with an identificator under an
	// identificator with these values (empty fields do not filter).
	SubIdentificatorVan IdentificatorGroep
	// Adres filters on address fields, keyed "bezoekadres.adresregel1",
	// "correspondentieadres.land", … (exact match).
	Adres map[string]string
	// VertegenwoordigdeID: partijen that represent this partij.
	VertegenwoordigdeID string
	CategorieNaam       string
	Page
}

// ListPartijen lists partijen by nummer, with the total count.
func (s *Service) ListPartijen(ctx context.Context, f PartijFilter) ([]Partij, int, error) {
	var w db.Where
	w.Eq("p.soort_partij", f.SoortPartij)
	w.Eq("p.nummer", f.Nummer)
	if f.Naam != "" {
		w.And(s.DB.ILike("p.weergave_naam", w.Arg("%"+db.LikeEscape(f.Naam)+"%")))
	}
	if f.IndicatieActief != nil {
		w.And("p.indicatie_actief = " + w.Arg(*f.IndicatieActief))
	}
	if f.IdentificatorSoort != "" || f.IdentificatorObjectID != "" || f.IdentificatorRegister != "" || f.IdentificatorType != "" {
		cond := "EXISTS (SELECT 1 FROM partij_identificatoren i WHERE i.partij_id = p.id"
		if f.IdentificatorSoort != "" {
			cond += " AND i.code_soort_object_id = " + w.Arg(f.IdentificatorSoort)
		}
		if f.IdentificatorObjectID != "" {
			cond += " AND i.object_id = " + w.Arg(f.IdentificatorObjectID)
		}
		if f.IdentificatorRegister != "" {
			cond += " AND i.code_register = " + w.Arg(f.IdentificatorRegister)
		}
		if f.IdentificatorType != "" {
			cond += " AND i.code_objecttype = " + w.Arg(f.IdentificatorType)
		}
		w.And(cond + ")")
	}
	if f.IndicatieGeheimhouding != nil {
		w.And("p.indicatie_geheimhouding = " + w.Arg(*f.IndicatieGeheimhouding))
	}
	if g := f.SubIdentificatorVan; g != (IdentificatorGroep{}) {
		cond := "EXISTS (SELECT 1 FROM partij_identificatoren i JOIN partij_identificatoren s ON s.id = i.sub_identificator_van_id WHERE i.partij_id = p.id"
		for col, v := range map[string]string{"code_objecttype": g.CodeObjecttype, "code_register": g.CodeRegister,
			"code_soort_object_id": g.CodeSoortObjectID, "object_id": g.ObjectID} {
			if v != "" {
				cond += " AND s." + col + " = " + w.Arg(v)
			}
		}
		w.And(cond + ")")
	}
	for k, v := range f.Adres {
		col, field, ok := strings.Cut(k, ".")
		if !ok || (col != "bezoekadres" && col != "correspondentieadres") {
			continue
		}
		// The address is stored as the JSON of Adres: match the member.
		b, _ := json.Marshal(v)
		w.And("p." + col + " LIKE " + w.Arg("%"+db.LikeEscape(`"`+field+`":`+string(b))+"%") + likeEscapeClause(s.DB))
	}
	if f.VertegenwoordigdeID != "" {
		if !db.ValidUUID(f.VertegenwoordigdeID) {
			return nil, 0, nil
		}
		w.And("EXISTS (SELECT 1 FROM vertegenwoordigingen v WHERE v.vertegenwoordigende_partij_id = p.id AND v.vertegenwoordigde_partij_id = " + w.Arg(f.VertegenwoordigdeID) + ")")
	}
	if f.CategorieNaam != "" {
		w.And("EXISTS (SELECT 1 FROM partij_categorie_relaties r JOIN partij_categorieen c ON c.id = r.categorie_id WHERE r.partij_id = p.id AND c.naam = " + w.Arg(f.CategorieNaam) + ")")
	}
	var total int
	if err := s.DB.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM partijen p`+w.String(), w.Args()...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("klant: count partijen: %w", err)
	}
	rows, err := s.DB.R.QueryContext(ctx, `SELECT `+partijCols+` FROM partijen p`+w.String()+` ORDER BY p.nummer`+f.Page.sql(), w.Args()...)
	if err != nil {
		return nil, 0, fmt.Errorf("klant: list partijen: %w", err)
	}
	defer rows.Close()
	var out []Partij
	for rows.Next() {
		p, err := scanPartij(rows)
		if err != nil {
			return nil, 0, fmt.Errorf("klant: scan partij: %w", err)
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	rows.Close()
	return out, total, s.fillPartijen(ctx, out)
}

// inList returns "($1,$2,…)" starting after the given number of args and
// the ids as args.
func inList(ids []string) (string, []any) {
	var b strings.Builder
	args := make([]any, len(ids))
	b.WriteByte('(')
	for i, id := range ids {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString("$" + strconv.Itoa(i+1))
		args[i] = id
	}
	b.WriteByte(')')
	return b.String(), args
}

// fillPartijen loads the related ids of ps in a few queries.
func (s *Service) fillPartijen(ctx context.Context, ps []Partij) error {
	if len(ps) == 0 {
		return nil
	}
	idx := map[string]*Partij{}
	ids := make([]string, len(ps))
	for i := range ps {
		idx[ps[i].ID] = &ps[i]
		ids[i] = ps[i].ID
	}
	in, args := inList(ids)
	idents, err := s.listIdents(ctx, `WHERE partij_id IN `+in, args...)
	if err != nil {
		return err
	}
	for _, i := range idents {
		idx[i.PartijID].Identificatoren = append(idx[i.PartijID].Identificatoren, i)
	}
	pairs := []struct {
		q   string
		set func(p *Partij, v string)
	}{
		{`SELECT partij_id, id FROM digitale_adressen WHERE partij_id IN ` + in + ` ORDER BY created_at, id`, func(p *Partij, v string) { p.DigitaalAdresIDs = append(p.DigitaalAdresIDs, v) }},
		{`SELECT partij_id, id FROM rekeningnummers WHERE partij_id IN ` + in + ` ORDER BY created_at, id`, func(p *Partij, v string) { p.RekeningnummerIDs = append(p.RekeningnummerIDs, v) }},
		{`SELECT partij_id, id FROM betrokkenen WHERE partij_id IN ` + in + ` ORDER BY created_at, id`, func(p *Partij, v string) { p.BetrokkeneIDs = append(p.BetrokkeneIDs, v) }},
		{`SELECT vertegenwoordigende_partij_id, vertegenwoordigde_partij_id FROM vertegenwoordigingen WHERE vertegenwoordigende_partij_id IN ` + in + ` ORDER BY created_at, id`, func(p *Partij, v string) { p.VertegenwoordigdIDs = append(p.VertegenwoordigdIDs, v) }},
	}
	for _, pr := range pairs {
		rows, err := s.DB.R.QueryContext(ctx, pr.q, args...)
		if err != nil {
			return fmt.Errorf("klant: partij relations: %w", err)
		}
		for rows.Next() {
			var pid, v string
			if err := rows.Scan(&pid, &v); err != nil {
				rows.Close()
				return err
			}
			pr.set(idx[pid], v)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	rels, err := s.listCategorieRelaties(ctx, `WHERE r.partij_id IN `+in, args...)
	if err != nil {
		return err
	}
	for _, r := range rels {
		idx[r.PartijID].CategorieRelaties = append(idx[r.PartijID].CategorieRelaties, r)
	}
	return nil
}

// --- identificatoren as their own resource ---

func (s *Service) listIdents(ctx context.Context, where string, args ...any) ([]Identificator, error) {
	rows, err := s.DB.R.QueryContext(ctx, `SELECT id, partij_id, andere_partij_identificator, code_objecttype,
		code_soort_object_id, object_id, code_register, sub_identificator_van_id FROM partij_identificatoren `+where+` ORDER BY created_at, id`, args...)
	if err != nil {
		return nil, fmt.Errorf("klant: identificatoren: %w", err)
	}
	defer rows.Close()
	var out []Identificator
	for rows.Next() {
		var i Identificator
		var pid, sub sql.NullString
		if err := rows.Scan(&i.ID, &pid, &i.AnderePartijIdentificator, &i.CodeObjecttype, &i.CodeSoortObjectID,
			&i.ObjectID, &i.CodeRegister, &sub); err != nil {
			return nil, err
		}
		i.PartijID, i.SubIdentificatorVanID = nullStr(pid), nullStr(sub)
		out = append(out, i)
	}
	return out, rows.Err()
}

// GetIdentificator reads one partij-identificator.
func (s *Service) GetIdentificator(ctx context.Context, id string) (Identificator, error) {
	if !db.ValidUUID(id) {
		return Identificator{}, notFound("partij-identificator", id)
	}
	l, err := s.listIdents(ctx, `WHERE id = $1`, id)
	if err != nil {
		return Identificator{}, err
	}
	if len(l) == 0 {
		return Identificator{}, notFound("partij-identificator", id)
	}
	return l[0], nil
}

// IdentificatorFilter selects identificatoren.
type IdentificatorFilter struct {
	PartijID, CodeSoortObjectID, ObjectID, CodeRegister, CodeObjecttype string
	AnderePartijIdentificator                                           string
	Page
}

// ListIdentificatoren lists partij-identificatoren with the total count.
func (s *Service) ListIdentificatoren(ctx context.Context, f IdentificatorFilter) ([]Identificator, int, error) {
	var w db.Where
	if f.PartijID != "" && !db.ValidUUID(f.PartijID) {
		return nil, 0, nil
	}
	w.Eq("partij_id", f.PartijID)
	w.Eq("code_soort_object_id", f.CodeSoortObjectID)
	w.Eq("object_id", f.ObjectID)
	w.Eq("code_register", f.CodeRegister)
	w.Eq("code_objecttype", f.CodeObjecttype)
	w.Eq("andere_partij_identificator", f.AnderePartijIdentificator)
	var total int
	if err := s.DB.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM partij_identificatoren`+w.String(), w.Args()...).Scan(&total); err != nil {
		return nil, 0, err
	}
	l, err := s.listIdents(ctx, strings.TrimPrefix(w.String(), " ")+"", w.Args()...)
	if err != nil {
		return nil, 0, err
	}
	// paging in Go keeps listIdents' single ORDER BY; identificatoren are few.
	lo, hi := pageBounds(f.Page, len(l))
	return l[lo:hi], total, nil
}

func pageBounds(p Page, n int) (int, int) {
	l := p.Limit
	if l <= 0 {
		l = 100
	}
	lo := min(max(p.Offset, 0), n)
	return lo, min(lo+l, n)
}

func (s *Service) checkIdentInput(ctx context.Context, q db.Queryer, in *IdentificatorInput) error {
	var f errs.Fields
	checkIdent(&f, "partijIdentificator", in)
	if checkUUID(&f, "identificeerdePartij", in.PartijID) {
		if err := exists(ctx, q, &f, "identificeerdePartij", "partijen", in.PartijID, "Deze partij"); err != nil {
			return err
		}
	}
	if checkUUID(&f, "subIdentificatorVan", in.SubIdentificatorVanID) && in.SubIdentificatorVanID != "" {
		var soort string
		err := q.QueryRowContext(ctx, `SELECT code_soort_object_id FROM partij_identificatoren WHERE id = $1`, in.SubIdentificatorVanID).Scan(&soort)
		switch {
		case err == sql.ErrNoRows:
			f.Add("subIdentificatorVan", "does_not_exist", "Deze partij-identificator bestaat niet.")
		case err != nil:
			return err
		case in.CodeSoortObjectID != "vestigingsnummer" || soort != "kvk_nummer":
			f.Add("subIdentificatorVan", "invalid", "Alleen een vestigingsnummer kan onder een KvK-nummer vallen.")
		}
	}
	return f.Err()
}

// CreateIdentificator adds a partij-identificator.
func (s *Service) CreateIdentificator(ctx context.Context, in IdentificatorInput) (Identificator, error) {
	var id string
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if err := s.checkIdentInput(ctx, tx, &in); err != nil {
			return err
		}
		var err error
		if id, err = s.insertIdent(ctx, tx, in, "partijIdentificator"); err != nil {
			return err
		}
		return s.record(ctx, tx, change{resource: "partijidentificator", id: id, actie: "create", new: in, hoofd: "partij", hoofdID: in.PartijID})
	})
	if err != nil {
		return Identificator{}, err
	}
	return s.GetIdentificator(ctx, id)
}

// UpdateIdentificator replaces a partij-identificator.
func (s *Service) UpdateIdentificator(ctx context.Context, id string, in IdentificatorInput) (Identificator, error) {
	old, err := s.GetIdentificator(ctx, id)
	if err != nil {
		return Identificator{}, err
	}
	err = s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if err := s.checkIdentInput(ctx, tx, &in); err != nil {
			return err
		}
		if in.SubIdentificatorVanID == id {
			return errs.InvalidField("subIdentificatorVan", "invalid", "Een identificator kan niet onder zichzelf vallen.")
		}
		_, err := tx.ExecContext(ctx, `UPDATE partij_identificatoren SET partij_id=$2, andere_partij_identificator=$3,
			code_objecttype=$4, code_soort_object_id=$5, object_id=$6, code_register=$7, sub_identificator_van_id=$8 WHERE id=$1`,
			id, orNull(in.PartijID), in.AnderePartijIdentificator, in.CodeObjecttype, in.CodeSoortObjectID, in.ObjectID,
			in.CodeRegister, orNull(in.SubIdentificatorVanID))
		if db.IsUniqueViolation(err) {
			return errs.InvalidField("partijIdentificator.objectId", "unique", fmt.Sprintf("Er is al een partij met dit %s.", identLabel(in.CodeSoortObjectID)))
		}
		if err != nil {
			return fmt.Errorf("klant: update identificator: %w", err)
		}
		return s.record(ctx, tx, change{resource: "partijidentificator", id: id, actie: "update", old: old, new: in, hoofd: "partij", hoofdID: in.PartijID})
	})
	if err != nil {
		return Identificator{}, err
	}
	return s.GetIdentificator(ctx, id)
}

// DeleteIdentificator removes a partij-identificator.
func (s *Service) DeleteIdentificator(ctx context.Context, id string) error {
	old, err := s.GetIdentificator(ctx, id)
	if err != nil {
		return err
	}
	return s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM partij_identificatoren WHERE id = $1`, id); err != nil {
			return fmt.Errorf("klant: delete identificator: %w", err)
		}
		return s.record(ctx, tx, change{resource: "partijidentificator", id: id, actie: "destroy", old: old, hoofd: "partij", hoofdID: old.PartijID})
	})
}

// PartijByIdentificator finds the partij with a BSN, KvK-nummer,
// vestigingsnummer or RSIN (soort: bsn, kvk_nummer, vestigingsnummer, rsin).
func (s *Service) PartijByIdentificator(ctx context.Context, soort, objectID string) (Partij, error) {
	var id string
	err := s.DB.R.QueryRowContext(ctx, `SELECT partij_id FROM partij_identificatoren
		WHERE code_soort_object_id = $1 AND object_id = $2 AND partij_id IS NOT NULL`, soort, objectID).Scan(&id)
	if err == sql.ErrNoRows {
		return Partij{}, notFound("partij", identLabel(soort)+" "+objectID)
	}
	if err != nil {
		return Partij{}, fmt.Errorf("klant: partij by identificator: %w", err)
	}
	return s.GetPartij(ctx, id)
}

// likeEscapeClause is the ESCAPE clause LIKE needs on SQLite for
// db.LikeEscape'd patterns (PostgreSQL escapes with \ by default).
func likeEscapeClause(d *db.DB) string {
	if d.Engine == db.Postgres {
		return ""
	}
	return ` ESCAPE '\'`
}
