package klant

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/ident"
)

// PartijVoor returns the partij with a BSN, KvK-nummer or vestigingsnummer
// (soort bsn, kvk_nummer or vestigingsnummer), creating it from the
// basisregistratie (personen, bedrijven) when it has none yet. kvk is the
// KvK-nummer a vestigingsnummer belongs to (may be empty).
func (s *Service) PartijVoor(ctx context.Context, soort, nummer, kvk string) (Partij, error) {
	if err := s.reserve(ctx, "partij"); err != nil {
		return Partij{}, err
	}
	var id string
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		var f errs.Fields
		var err error
		if id, err = s.ensurePartij(ctx, tx, &f, soort, nummer, kvk); err != nil {
			return err
		}
		return f.Err()
	})
	if err != nil {
		return Partij{}, err
	}
	return s.GetPartij(ctx, id)
}

// ensurePartij finds or creates the partij; an unknown number is a field
// error in f (and id "").
func (s *Service) ensurePartij(ctx context.Context, tx *sql.Tx, f *errs.Fields, soort, nummer, kvk string) (string, error) {
	var id string
	err := tx.QueryRowContext(ctx, `SELECT partij_id FROM partij_identificatoren
		WHERE code_soort_object_id = $1 AND object_id = $2 AND partij_id IS NOT NULL`, soort, nummer).Scan(&id)
	if err == nil {
		return id, nil
	}
	if err != sql.ErrNoRows {
		return "", fmt.Errorf("klant: find partij: %w", err)
	}
	id, _, err = s.partijFromRegistry(ctx, tx, f, soort, nummer, kvk)
	return id, err
}

// partijFromRegistry creates the partij of a number from the
// basisregistratie, returning its id and weergave naam; an unknown number
// is a field error in f (and id "").
func (s *Service) partijFromRegistry(ctx context.Context, tx *sql.Tx, f *errs.Fields, soort, nummer, kvk string) (id, naam string, err error) {
	var in PartijInput
	var email, tel string
	switch soort {
	case "bsn":
		var straat, huisnr, pc, plaats string
		err = tx.QueryRowContext(ctx, `SELECT voornamen, voorletters, voorvoegsel, geslachtsnaam, geboortedatum, straat,
			huisnummer, postcode, woonplaats, email, telefoon FROM personen WHERE bsn = $1`, nummer).Scan(&in.Naam.Voornaam,
			&in.Naam.Voorletters, &in.Naam.VoorvoegselAchternaam, &in.Naam.Achternaam, &in.Geboortedatum, &straat, &huisnr,
			&pc, &plaats, &email, &tel)
		if err == sql.ErrNoRows {
			f.Add("bsn", "unknown", "Dit BSN is niet bekend in de basisregistratie personen.")
			return "", "", nil
		}
		if err != nil {
			return "", "", fmt.Errorf("klant: read persoon: %w", err)
		}
		in.SoortPartij = Persoon
		in.Correspondentieadres = basisAdres(straat, huisnr, pc, plaats)
		in.Identificatoren = []IdentificatorInput{{CodeObjecttype: "natuurlijk_persoon", CodeSoortObjectID: "bsn", ObjectID: nummer, CodeRegister: "brp"}}
	case "kvk_nummer", "vestigingsnummer":
		q := `SELECT kvk_nummer, vestigingsnummer, rsin, handelsnaam, straat, huisnummer, postcode, woonplaats, email, telefoon
			FROM bedrijven WHERE kvk_nummer = $1 ORDER BY vestigingsnummer LIMIT 1`
		arg := nummer
		if soort == "vestigingsnummer" {
			q = `SELECT kvk_nummer, vestigingsnummer, rsin, handelsnaam, straat, huisnummer, postcode, woonplaats, email, telefoon
				FROM bedrijven WHERE vestigingsnummer = $1`
		}
		var kvkNr, vest, rsin, straat, huisnr, pc, plaats string
		err = tx.QueryRowContext(ctx, q, arg).Scan(&kvkNr, &vest, &rsin, &in.OrganisatieNaam, &straat, &huisnr, &pc, &plaats, &email, &tel)
		if err == sql.ErrNoRows {
			if soort == "vestigingsnummer" {
				f.Add("vestigingsnummer", "unknown", "Dit vestigingsnummer is niet bekend in het handelsregister.")
			} else {
				f.Add("kvkNummer", "unknown", "Dit KvK-nummer is niet bekend in het handelsregister.")
			}
			return "", "", nil
		}
		if err != nil {
			return "", "", fmt.Errorf("klant: read bedrijf: %w", err)
		}
		if kvk != "" && kvk != kvkNr {
			f.Add("vestigingsnummer", "mismatch", "Deze vestiging hoort niet bij dit KvK-nummer.")
			return "", "", nil
		}
		in.SoortPartij = Organisatie
		in.Bezoekadres = basisAdres(straat, huisnr, pc, plaats)
		if soort == "vestigingsnummer" {
			var sub string
			_ = tx.QueryRowContext(ctx, `SELECT id FROM partij_identificatoren WHERE code_soort_object_id = 'kvk_nummer' AND object_id = $1`, kvkNr).Scan(&sub)
			in.Identificatoren = []IdentificatorInput{{CodeObjecttype: "vestiging", CodeSoortObjectID: "vestigingsnummer", ObjectID: nummer, CodeRegister: "hr", SubIdentificatorVanID: sub}}
		} else {
			in.Identificatoren = []IdentificatorInput{{CodeObjecttype: "niet_natuurlijk_persoon", CodeSoortObjectID: "kvk_nummer", ObjectID: kvkNr, CodeRegister: "hr"}}
			if rsin != "" && ident.RSIN(rsin) == nil {
				in.Identificatoren = append(in.Identificatoren, IdentificatorInput{CodeObjecttype: "niet_natuurlijk_persoon", CodeSoortObjectID: "rsin", ObjectID: rsin, CodeRegister: "hr"})
			}
		}
	default:
		return "", "", errs.InvalidField("soort", "invalid_choice", "Kies bsn, kvk_nummer of vestigingsnummer.")
	}
	id, naam, err = s.createPartijNaam(ctx, tx, in)
	if err != nil {
		return "", "", err
	}
	for _, da := range []DigitaalAdresInput{{SoortDigitaalAdres: Email, Adres: email}, {SoortDigitaalAdres: Telefoonnummer, Adres: tel}} {
		if da.Adres == "" {
			continue
		}
		da.PartijID, da.IsStandaardAdres, da.Omschrijving = id, true, "Uit de basisregistratie"
		if _, err := s.createDigitaalAdres(ctx, tx, da); err != nil {
			if errs.Is(err, errs.Invalid) {
				continue // a malformed address in the registry does not block the contact
			}
			return "", "", err
		}
	}
	return id, naam, nil
}

func basisAdres(straat, huisnr, pc, plaats string) *Adres {
	if straat == "" && pc == "" {
		return nil
	}
	a := &Adres{Straatnaam: straat, Postcode: NormPostcode(pc), Stad: plaats}
	num := strings.TrimLeft(huisnr, " ")
	i := 0
	for i < len(num) && num[i] >= '0' && num[i] <= '9' {
		i++
	}
	a.Huisnummer, _ = strconv.Atoi(num[:i])
	a.Huisnummertoevoeging = strings.TrimSpace(num[i:])
	if !postcodeRe.MatchString(a.Postcode) {
		a.Postcode = ""
	}
	return a
}

// Klant is a search result: a person or business from the basisregistratie
// and/or a partij in this register.
type Klant struct {
	Soort            string // persoon, organisatie, vestiging
	BSN              string
	KvKNummer        string
	Vestigingsnummer string
	Naam             string
	Geboortedatum    date.Date
	Straat           string
	Huisnummer       string
	Postcode         string
	Woonplaats       string
	Email, Telefoon  string
	// PartijID is set when the customer is a partij in this register.
	PartijID string
	// InBasisregistratie: found in personen or bedrijven.
	InBasisregistratie bool
}

// Adres is the address on one line.
func (k Klant) Adres() string {
	return strings.TrimSpace(strings.TrimSpace(k.Straat+" "+k.Huisnummer) + ", " + strings.TrimSpace(k.Postcode+" "+k.Woonplaats))
}

// Sleutel returns the report key of the customer (PartijType, key) as
// klantcontacten stores it.
func (k Klant) Sleutel() (string, string) {
	switch {
	case k.BSN != "":
		return PartijNatuurlijkPersoon, k.BSN
	case k.Vestigingsnummer != "":
		return PartijVestiging, k.Vestigingsnummer
	case k.KvKNummer != "":
		return PartijNietNatuurlijkPersoon, k.KvKNummer
	}
	return PartijAnoniem, ""
}

// Zoekvraag is what the KCC searches a customer by. Fill one criterion:
// BSN; KvK-nummer; Achternaam with Geboortedatum; Postcode with Huisnummer;
// Telefoon; or Email.
type Zoekvraag struct {
	BSN           string
	KvKNummer     string
	Achternaam    string
	Geboortedatum date.Date
	Postcode      string
	Huisnummer    string
	Telefoon      string
	Email         string
	Limit         int // default 25
}

// Search finds customers. The caller logs the search as a read of personal
// data (audit.LogAccess) with its reason.
func (s *Service) Search(ctx context.Context, z Zoekvraag) ([]Klant, error) {
	var f errs.Fields
	z.BSN, z.KvKNummer = strings.TrimSpace(z.BSN), strings.TrimSpace(z.KvKNummer)
	z.Achternaam, z.Huisnummer = strings.TrimSpace(z.Achternaam), strings.TrimSpace(z.Huisnummer)
	z.Postcode = strings.ReplaceAll(strings.ToUpper(strings.TrimSpace(z.Postcode)), " ", "")
	z.Email, z.Telefoon = strings.ToLower(strings.TrimSpace(z.Email)), zoekAdres(Telefoonnummer, z.Telefoon)
	if z.Limit <= 0 {
		z.Limit = 25
	}
	lim := fmt.Sprintf(" LIMIT %d", z.Limit)
	var persWhere, bedrWhere, partijWhere string
	var args []any
	switch {
	case z.BSN != "":
		ident.Check(&f, "bsn", ident.BSN(z.BSN))
		persWhere, args = `p.bsn = $1`, []any{z.BSN}
		partijWhere = `EXISTS (SELECT 1 FROM partij_identificatoren i WHERE i.partij_id = pa.id AND i.code_soort_object_id = 'bsn' AND i.object_id = $1)`
	case z.KvKNummer != "":
		ident.Check(&f, "kvkNummer", ident.KvK(z.KvKNummer))
		bedrWhere, args = `b.kvk_nummer = $1`, []any{z.KvKNummer}
		partijWhere = `EXISTS (SELECT 1 FROM partij_identificatoren i WHERE i.partij_id = pa.id AND i.code_soort_object_id = 'kvk_nummer' AND i.object_id = $1)`
	case z.Achternaam != "" || !z.Geboortedatum.IsZero():
		if z.Achternaam == "" {
			f.Add("achternaam", "required", "Vul ook de achternaam in.")
		}
		if z.Geboortedatum.IsZero() {
			f.Add("geboortedatum", "required", "Vul ook de geboortedatum in.")
		}
		args = []any{db.LikeEscape(z.Achternaam) + "%", z.Geboortedatum}
		persWhere = s.DB.ILike("p.geslachtsnaam", "$1") + ` AND p.geboortedatum = $2`
		partijWhere = s.DB.ILike("pa.achternaam", "$1") + ` AND pa.geboortedatum = $2`
	case z.Postcode != "" || z.Huisnummer != "":
		if len(z.Postcode) != 6 {
			f.Add("postcode", "invalid", "Vul de postcode in als 1234 AB.")
		}
		if z.Huisnummer == "" {
			f.Add("huisnummer", "required", "Vul ook het huisnummer in.")
		}
		// personen and bedrijven store the postcode as written; compare without the space.
		args = []any{z.Postcode, z.Huisnummer}
		persWhere = `REPLACE(UPPER(p.postcode), ' ', '') = $1 AND p.huisnummer = $2`
		bedrWhere = `REPLACE(UPPER(b.postcode), ' ', '') = $1 AND b.huisnummer = $2`
		partijWhere = `pa.adres_postcode = $1 AND pa.adres_huisnummer = $2`
	case z.Telefoon != "":
		if !phoneRe.MatchString(z.Telefoon) {
			f.Add("telefoon", "invalid", "Dit is geen geldig telefoonnummer. Gebruik 10 cijfers (0612345678) of +31…")
		}
		args = []any{z.Telefoon}
		persWhere = `REPLACE(REPLACE(p.telefoon, '-', ''), ' ', '') = $1`
		bedrWhere = `REPLACE(REPLACE(b.telefoon, '-', ''), ' ', '') = $1`
		partijWhere = `EXISTS (SELECT 1 FROM digitale_adressen d WHERE d.partij_id = pa.id AND d.adres_zoek = $1)`
	case z.Email != "":
		if !strings.Contains(z.Email, "@") {
			f.Add("email", "invalid", "Dit is geen geldig e-mailadres.")
		}
		args = []any{z.Email}
		persWhere = `LOWER(p.email) = $1`
		bedrWhere = `LOWER(b.email) = $1`
		partijWhere = `EXISTS (SELECT 1 FROM digitale_adressen d WHERE d.partij_id = pa.id AND d.adres_zoek = $1)`
	default:
		f.Add("zoekvraag", "required", "Vul een BSN, KvK-nummer, naam en geboortedatum, postcode en huisnummer, telefoonnummer of e-mailadres in.")
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	found := map[string]*Klant{}
	var order []string
	add := func(k Klant) *Klant {
		_, key := k.Sleutel()
		if key == "" {
			key = k.PartijID
		}
		if have, ok := found[key]; ok {
			if have.PartijID == "" {
				have.PartijID = k.PartijID
			}
			return have
		}
		kk := k
		found[key] = &kk
		order = append(order, key)
		return &kk
	}
	if persWhere != "" {
		rows, err := s.DB.R.QueryContext(ctx, `SELECT p.bsn, p.voornamen, p.voorvoegsel, p.geslachtsnaam, p.geboortedatum,
			p.straat, p.huisnummer, p.postcode, p.woonplaats, p.email, p.telefoon FROM personen p WHERE `+persWhere+
			` ORDER BY p.geslachtsnaam, p.bsn`+lim, args...)
		if err != nil {
			return nil, fmt.Errorf("klant: search personen: %w", err)
		}
		for rows.Next() {
			k := Klant{Soort: Persoon, InBasisregistratie: true}
			var vn, vv, gn string
			if err := rows.Scan(&k.BSN, &vn, &vv, &gn, &k.Geboortedatum, &k.Straat, &k.Huisnummer, &k.Postcode,
				&k.Woonplaats, &k.Email, &k.Telefoon); err != nil {
				rows.Close()
				return nil, err
			}
			k.Naam = strings.Join(strings.Fields(vn+" "+vv+" "+gn), " ")
			add(k)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	if bedrWhere != "" {
		rows, err := s.DB.R.QueryContext(ctx, `SELECT b.kvk_nummer, b.vestigingsnummer, b.handelsnaam, b.straat, b.huisnummer,
			b.postcode, b.woonplaats, b.email, b.telefoon FROM bedrijven b WHERE `+bedrWhere+
			` ORDER BY b.handelsnaam, b.kvk_nummer, b.vestigingsnummer`+lim, args...)
		if err != nil {
			return nil, fmt.Errorf("klant: search bedrijven: %w", err)
		}
		for rows.Next() {
			k := Klant{Soort: Organisatie, InBasisregistratie: true}
			if err := rows.Scan(&k.KvKNummer, &k.Vestigingsnummer, &k.Naam, &k.Straat, &k.Huisnummer, &k.Postcode,
				&k.Woonplaats, &k.Email, &k.Telefoon); err != nil {
				rows.Close()
				return nil, err
			}
			if k.Vestigingsnummer != "" {
				k.Soort = "vestiging"
			}
			add(k)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	// partijen: link the results above to their partij, and add partijen
	// that are not in the basisregistratie.
	rows, err := s.DB.R.QueryContext(ctx, `SELECT pa.id, pa.soort_partij, pa.weergave_naam, pa.geboortedatum,
		pa.correspondentieadres, pa.bezoekadres FROM partijen pa WHERE `+partijWhere+` ORDER BY pa.weergave_naam, pa.id`+lim, args...)
	if err != nil {
		return nil, fmt.Errorf("klant: search partijen: %w", err)
	}
	type hit struct {
		id, soort, naam string
		geb             date.Date
	}
	var hits []hit
	for rows.Next() {
		var h hit
		var corr, bezoek sql.NullString
		if err := rows.Scan(&h.id, &h.soort, &h.naam, &h.geb, &corr, &bezoek); err != nil {
			rows.Close()
			return nil, err
		}
		hits = append(hits, h)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, h := range hits {
		p, err := s.GetPartij(ctx, h.id)
		if err != nil {
			return nil, err
		}
		k := Klant{Soort: p.SoortPartij, Naam: p.VolledigeNaam(), Geboortedatum: p.Geboortedatum, PartijID: p.ID,
			BSN: p.Identificator("bsn"), KvKNummer: p.Identificator("kvk_nummer"), Vestigingsnummer: p.Identificator("vestigingsnummer")}
		if k.Vestigingsnummer != "" {
			k.Soort = "vestiging"
		}
		a := p.Correspondentieadres
		if a == nil {
			a = p.Bezoekadres
		}
		if a != nil {
			k.Straat, k.Postcode, k.Woonplaats = a.Straatnaam, a.Postcode, a.Stad
			if a.Huisnummer > 0 {
				k.Huisnummer = strconv.Itoa(a.Huisnummer) + a.Huisnummertoevoeging
			}
		}
		add(k)
	}
	// Link basisregistratie hits that already have a partij.
	for _, key := range order {
		k := found[key]
		if k.PartijID != "" {
			continue
		}
		soort, nr := "bsn", k.BSN
		switch {
		case k.Vestigingsnummer != "":
			soort, nr = "vestigingsnummer", k.Vestigingsnummer
		case k.KvKNummer != "":
			soort, nr = "kvk_nummer", k.KvKNummer
		}
		var pid string
		err := s.DB.R.QueryRowContext(ctx, `SELECT partij_id FROM partij_identificatoren WHERE code_soort_object_id = $1
			AND object_id = $2 AND partij_id IS NOT NULL`, soort, nr).Scan(&pid)
		if err != nil && err != sql.ErrNoRows {
			return nil, err
		}
		k.PartijID = pid
	}
	out := make([]Klant, 0, len(order))
	for _, key := range order {
		out = append(out, *found[key])
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Naam < out[j].Naam })
	if len(out) > z.Limit {
		out = out[:z.Limit]
	}
	return out, nil
}
