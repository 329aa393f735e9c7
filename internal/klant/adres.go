package klant

import (
	"context"
	"database/sql"
	"fmt"
	"net/mail"
	"regexp"
	"strings"
	"time"

	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/errs"
)

// Soorten digitaal adres.
const (
	Email          = "email"
	Telefoonnummer = "telefoonnummer"
	Overig         = "overig"
)

// DigitaalAdres is an e-mail address, phone number or other digital address
// a partij (or a betrokkene during one contact) gave.
type DigitaalAdres struct {
	ID                 string
	PartijID           string
	BetrokkeneID       string
	Adres              string
	SoortDigitaalAdres string
	IsStandaardAdres   bool
	Omschrijving       string
	Referentie         string
	VerificatieDatum   *time.Time
}

// DigitaalAdresInput creates or replaces a digitaal adres.
type DigitaalAdresInput struct {
	PartijID           string
	BetrokkeneID       string
	Adres              string
	SoortDigitaalAdres string
	IsStandaardAdres   bool
	Omschrijving       string
	Referentie         string
	VerificatieDatum   *time.Time
}

var (
	phoneRe      = regexp.MustCompile(`^(0[1-9][0-9]{8}|\+[0-9]{9,15}|00[0-9]{7,13})$`)
	referentieRe = regexp.MustCompile(`^[-a-zA-Z0-9_]+$`)
)

// NormTelefoon strips spaces, dashes, dots and brackets from a phone number.
func NormTelefoon(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '-', '.', '(', ')':
			return -1
		}
		return r
	}, strings.TrimSpace(s))
}

// zoekAdres is the form of a digital address the search compares: e-mail in
// lower case, a phone number as its digits with +31 written as 0.
func zoekAdres(soort, adres string) string {
	switch soort {
	case Email:
		return strings.ToLower(strings.TrimSpace(adres))
	case Telefoonnummer:
		t := NormTelefoon(adres)
		if strings.HasPrefix(t, "+31") {
			t = "0" + t[3:]
		} else if strings.HasPrefix(t, "0031") {
			t = "0" + t[4:]
		}
		return t
	}
	return strings.TrimSpace(adres)
}

func (s *Service) checkDigitaalAdres(ctx context.Context, q db.Queryer, in *DigitaalAdresInput) error {
	var f errs.Fields
	in.Adres = strings.TrimSpace(in.Adres)
	if required(&f, "adres", in.Adres, "Vul het adres in.") {
		maxLen(&f, "adres", in.Adres, 80)
		switch in.SoortDigitaalAdres {
		case Email:
			if a, err := mail.ParseAddress(in.Adres); err != nil || a.Address != in.Adres || !strings.Contains(in.Adres[strings.LastIndex(in.Adres, "@")+1:], ".") {
				f.Add("adres", "invalid", "Dit is geen geldig e-mailadres.")
			}
		case Telefoonnummer:
			if !phoneRe.MatchString(NormTelefoon(in.Adres)) {
				f.Add("adres", "invalid", "Dit is geen geldig telefoonnummer. Gebruik 10 cijfers (0612345678) of +31…")
			} else {
				in.Adres = NormTelefoon(in.Adres)
			}
		}
	}
	switch in.SoortDigitaalAdres {
	case Email, Telefoonnummer, Overig:
	default:
		f.Add("soortDigitaalAdres", "invalid_choice", "Kies email, telefoonnummer of overig.")
	}
	maxLen(&f, "omschrijving", in.Omschrijving, 40)
	if in.Referentie != "" && !referentieRe.MatchString(in.Referentie) {
		f.Add("referentie", "invalid", "Een referentie bestaat alleen uit letters, cijfers, - en _.")
	}
	maxLen(&f, "referentie", in.Referentie, 50)
	if checkUUID(&f, "verstrektDoorPartij", in.PartijID) {
		if err := exists(ctx, q, &f, "verstrektDoorPartij", "partijen", in.PartijID, "Deze partij"); err != nil {
			return err
		}
	}
	if checkUUID(&f, "verstrektDoorBetrokkene", in.BetrokkeneID) {
		if err := exists(ctx, q, &f, "verstrektDoorBetrokkene", "betrokkenen", in.BetrokkeneID, "Deze betrokkene"); err != nil {
			return err
		}
	}
	return f.Err()
}

// CreateDigitaalAdres adds a digitaal adres. A standaard adres makes the
// partij's other adressen of the same soort non-standaard.
func (s *Service) CreateDigitaalAdres(ctx context.Context, in DigitaalAdresInput) (DigitaalAdres, error) {
	var id string
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		id, err = s.createDigitaalAdres(ctx, tx, in)
		return err
	})
	if err != nil {
		return DigitaalAdres{}, err
	}
	return s.GetDigitaalAdres(ctx, id)
}

func (s *Service) createDigitaalAdres(ctx context.Context, tx *sql.Tx, in DigitaalAdresInput) (string, error) {
	if err := s.checkDigitaalAdres(ctx, tx, &in); err != nil {
		return "", err
	}
	id := newID()
	if err := s.unsetStandaard(ctx, tx, in, id); err != nil {
		return "", err
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO digitale_adressen (id, partij_id, betrokkene_id, adres, adres_zoek,
		soort_digitaal_adres, is_standaard_adres, omschrijving, referentie, verificatie_datum, created_at)
		VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)`, id, orNull(in.PartijID), orNull(in.BetrokkeneID), in.Adres,
		zoekAdres(in.SoortDigitaalAdres, in.Adres), in.SoortDigitaalAdres, in.IsStandaardAdres, in.Omschrijving,
		in.Referentie, ptrTime(in.VerificatieDatum), s.now())
	if err != nil {
		return "", fmt.Errorf("klant: insert digitaal adres: %w", err)
	}
	return id, s.record(ctx, tx, change{resource: "digitaaladres", id: id, actie: "create", new: in, hoofd: "partij", hoofdID: in.PartijID})
}

func (s *Service) unsetStandaard(ctx context.Context, tx *sql.Tx, in DigitaalAdresInput, id string) error {
	if !in.IsStandaardAdres || in.PartijID == "" {
		return nil
	}
	_, err := tx.ExecContext(ctx, `UPDATE digitale_adressen SET is_standaard_adres = FALSE
		WHERE partij_id = $1 AND soort_digitaal_adres = $2 AND id <> $3`, in.PartijID, in.SoortDigitaalAdres, id)
	return err
}

// UpdateDigitaalAdres replaces a digitaal adres.
func (s *Service) UpdateDigitaalAdres(ctx context.Context, id string, in DigitaalAdresInput) (DigitaalAdres, error) {
	old, err := s.GetDigitaalAdres(ctx, id)
	if err != nil {
		return DigitaalAdres{}, err
	}
	err = s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if err := s.checkDigitaalAdres(ctx, tx, &in); err != nil {
			return err
		}
		if err := s.unsetStandaard(ctx, tx, in, id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE digitale_adressen SET partij_id=$2, betrokkene_id=$3, adres=$4, adres_zoek=$5,
			soort_digitaal_adres=$6, is_standaard_adres=$7, omschrijving=$8, referentie=$9, verificatie_datum=$10 WHERE id=$1`,
			id, orNull(in.PartijID), orNull(in.BetrokkeneID), in.Adres, zoekAdres(in.SoortDigitaalAdres, in.Adres),
			in.SoortDigitaalAdres, in.IsStandaardAdres, in.Omschrijving, in.Referentie, ptrTime(in.VerificatieDatum)); err != nil {
			return fmt.Errorf("klant: update digitaal adres: %w", err)
		}
		return s.record(ctx, tx, change{resource: "digitaaladres", id: id, actie: "update", old: old, new: in, hoofd: "partij", hoofdID: in.PartijID})
	})
	if err != nil {
		return DigitaalAdres{}, err
	}
	return s.GetDigitaalAdres(ctx, id)
}

// DeleteDigitaalAdres removes a digitaal adres (and it stops being the
// partij's voorkeursadres).
func (s *Service) DeleteDigitaalAdres(ctx context.Context, id string) error {
	old, err := s.GetDigitaalAdres(ctx, id)
	if err != nil {
		return err
	}
	return s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE partijen SET voorkeurs_digitaal_adres_id = NULL WHERE voorkeurs_digitaal_adres_id = $1`, id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM digitale_adressen WHERE id = $1`, id); err != nil {
			return fmt.Errorf("klant: delete digitaal adres: %w", err)
		}
		return s.record(ctx, tx, change{resource: "digitaaladres", id: id, actie: "destroy", old: old, hoofd: "partij", hoofdID: old.PartijID})
	})
}

const adresCols = `id, partij_id, betrokkene_id, adres, soort_digitaal_adres, is_standaard_adres, omschrijving, referentie, verificatie_datum`

func (s *Service) listAdressen(ctx context.Context, where, tail string, args ...any) ([]DigitaalAdres, error) {
	rows, err := s.DB.R.QueryContext(ctx, `SELECT `+adresCols+` FROM digitale_adressen `+where+` ORDER BY created_at, id`+tail, args...)
	if err != nil {
		return nil, fmt.Errorf("klant: digitale adressen: %w", err)
	}
	defer rows.Close()
	var out []DigitaalAdres
	for rows.Next() {
		var a DigitaalAdres
		var pid, bid sql.NullString
		var ver sql.NullTime
		if err := rows.Scan(&a.ID, &pid, &bid, &a.Adres, &a.SoortDigitaalAdres, &a.IsStandaardAdres, &a.Omschrijving,
			&a.Referentie, &ver); err != nil {
			return nil, err
		}
		a.PartijID, a.BetrokkeneID, a.VerificatieDatum = nullStr(pid), nullStr(bid), nullTime(ver)
		out = append(out, a)
	}
	return out, rows.Err()
}

// GetDigitaalAdres reads one digitaal adres.
func (s *Service) GetDigitaalAdres(ctx context.Context, id string) (DigitaalAdres, error) {
	if !db.ValidUUID(id) {
		return DigitaalAdres{}, notFound("digitaal adres", id)
	}
	l, err := s.listAdressen(ctx, `WHERE id = $1`, "", id)
	if err != nil {
		return DigitaalAdres{}, err
	}
	if len(l) == 0 {
		return DigitaalAdres{}, notFound("digitaal adres", id)
	}
	return l[0], nil
}

// DigitaalAdresFilter selects digitale adressen.
type DigitaalAdresFilter struct {
	PartijID, BetrokkeneID, Adres, SoortDigitaalAdres, Omschrijving string
	// AdresIcontains matches part of the address, case-insensitively.
	AdresIcontains   string
	Referentie       string
	IsGeverifieerd   *bool // has a verificatieDatum
	IsStandaardAdres *bool
	BetrokkeneRol    string
	SoortPartij      string
	// PartijIdentificator: given by a partij with this identificator.
	PartijIdentificator IdentificatorGroep
	// Verificatie compares the verificatieDatum's day: keys "" (equal),
	// "__gt", "__gte", "__lt", "__lte"; values date.Date.
	Verificatie map[string]any
	Page
}

// ListDigitaleAdressen lists digitale adressen with the total count.
func (s *Service) ListDigitaleAdressen(ctx context.Context, f DigitaalAdresFilter) ([]DigitaalAdres, int, error) {
	if (f.PartijID != "" && !db.ValidUUID(f.PartijID)) || (f.BetrokkeneID != "" && !db.ValidUUID(f.BetrokkeneID)) {
		return nil, 0, nil
	}
	var w db.Where
	w.Eq("partij_id", f.PartijID)
	w.Eq("betrokkene_id", f.BetrokkeneID)
	w.Eq("adres", f.Adres)
	w.Eq("soort_digitaal_adres", f.SoortDigitaalAdres)
	w.Eq("omschrijving", f.Omschrijving)
	if f.AdresIcontains != "" {
		w.And(s.DB.ILike("adres", w.Arg("%"+db.LikeEscape(f.AdresIcontains)+"%")))
	}
	w.Eq("referentie", f.Referentie)
	if f.IsGeverifieerd != nil {
		if *f.IsGeverifieerd {
			w.And("verificatie_datum IS NOT NULL")
		} else {
			w.And("verificatie_datum IS NULL")
		}
	}
	if f.IsStandaardAdres != nil {
		w.And("is_standaard_adres = " + w.Arg(*f.IsStandaardAdres))
	}
	if f.BetrokkeneRol != "" {
		w.And("EXISTS (SELECT 1 FROM betrokkenen b WHERE b.id = digitale_adressen.betrokkene_id AND b.rol = " + w.Arg(f.BetrokkeneRol) + ")")
	}
	if f.SoortPartij != "" {
		w.And("EXISTS (SELECT 1 FROM partijen p WHERE p.id = digitale_adressen.partij_id AND p.soort_partij = " + w.Arg(f.SoortPartij) + ")")
	}
	if g := f.PartijIdentificator; g != (IdentificatorGroep{}) {
		w.And("EXISTS (SELECT 1 FROM partij_identificatoren i WHERE i.partij_id = digitale_adressen.partij_id" + identConds(&w, "i", g) + ")")
	}
	ops := map[string]string{"": "=", "__gt": ">", "__gte": ">=", "__lt": "<", "__lte": "<="}
	for op, v := range f.Verificatie {
		d, ok := v.(date.Date)
		if !ok || ops[op] == "" {
			continue
		}
		// Compare the moment's day in UTC: [d, d+1) for equality.
		start, next := d.Time(), d.AddDays(1).Time()
		switch op {
		case "":
			w.And("verificatie_datum >= " + w.Arg(start) + " AND verificatie_datum < " + w.Arg(next))
		case "__gt":
			w.And("verificatie_datum >= " + w.Arg(next))
		case "__gte":
			w.And("verificatie_datum >= " + w.Arg(start))
		case "__lt":
			w.And("verificatie_datum < " + w.Arg(start))
		case "__lte":
			w.And("verificatie_datum < " + w.Arg(next))
		}
	}
	var total int
	if err := s.DB.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM digitale_adressen`+w.String(), w.Args()...).Scan(&total); err != nil {
		return nil, 0, err
	}
	l, err := s.listAdressen(ctx, w.String(), f.Page.sql(), w.Args()...)
	return l, total, err
}

// --- rekeningnummers ---

// Rekeningnummer is a bank account of a partij.
type Rekeningnummer struct {
	ID, PartijID, IBAN, BIC string
}

var (
	ibanRe = regexp.MustCompile(`^[A-Za-z]{2}[0-9]{2}[A-Za-z0-9]{1,30}$`)
	bicRe  = regexp.MustCompile(`^[\S]+$`)
)

func (s *Service) checkRekeningnummer(ctx context.Context, q db.Queryer, in *Rekeningnummer) error {
	var f errs.Fields
	in.IBAN = strings.ToUpper(strings.ReplaceAll(in.IBAN, " ", ""))
	if required(&f, "iban", in.IBAN, "Vul het IBAN in.") {
		if !ibanRe.MatchString(in.IBAN) || len(in.IBAN) > 34 || !ibanOK(in.IBAN) {
			f.Add("iban", "invalid", "Dit is geen geldig IBAN.")
		}
	}
	if in.BIC != "" && (!bicRe.MatchString(in.BIC) || len(in.BIC) > 11 || len(in.BIC) < 8) {
		f.Add("bic", "invalid", "Een BIC bestaat uit 8 tot 11 tekens zonder spaties.")
	}
	if checkUUID(&f, "partij", in.PartijID) {
		if err := exists(ctx, q, &f, "partij", "partijen", in.PartijID, "Deze partij"); err != nil {
			return err
		}
	}
	return f.Err()
}

// ibanOK checks the IBAN's mod-97 check digits.
func ibanOK(iban string) bool {
	r := iban[4:] + iban[:4]
	m := 0
	for _, c := range r {
		switch {
		case c >= '0' && c <= '9':
			m = (m*10 + int(c-'0')) % 97
		case c >= 'A' && c <= 'Z':
			m = (m*100 + int(c-'A'+10)) % 97
		case c >= 'a' && c <= 'z':
			m = (m*100 + int(c-'a'+10)) % 97
		default:
			return false
		}
	}
	return m == 1
}

// CreateRekeningnummer adds a bank account.
func (s *Service) CreateRekeningnummer(ctx context.Context, in Rekeningnummer) (Rekeningnummer, error) {
	in.ID = newID()
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if err := s.checkRekeningnummer(ctx, tx, &in); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO rekeningnummers (id, partij_id, iban, bic, created_at) VALUES ($1,$2,$3,$4,$5)`,
			in.ID, orNull(in.PartijID), in.IBAN, in.BIC, s.now()); err != nil {
			return fmt.Errorf("klant: insert rekeningnummer: %w", err)
		}
		return s.record(ctx, tx, change{resource: "rekeningnummer", id: in.ID, actie: "create", new: in, hoofd: "partij", hoofdID: in.PartijID})
	})
	if err != nil {
		return Rekeningnummer{}, err
	}
	return in, nil
}

// UpdateRekeningnummer replaces a bank account.
func (s *Service) UpdateRekeningnummer(ctx context.Context, id string, in Rekeningnummer) (Rekeningnummer, error) {
	old, err := s.GetRekeningnummer(ctx, id)
	if err != nil {
		return Rekeningnummer{}, err
	}
	in.ID = id
	err = s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if err := s.checkRekeningnummer(ctx, tx, &in); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE rekeningnummers SET partij_id=$2, iban=$3, bic=$4 WHERE id=$1`,
			id, orNull(in.PartijID), in.IBAN, in.BIC); err != nil {
			return fmt.Errorf("klant: update rekeningnummer: %w", err)
		}
		return s.record(ctx, tx, change{resource: "rekeningnummer", id: id, actie: "update", old: old, new: in, hoofd: "partij", hoofdID: in.PartijID})
	})
	if err != nil {
		return Rekeningnummer{}, err
	}
	return in, nil
}

// DeleteRekeningnummer removes a bank account.
func (s *Service) DeleteRekeningnummer(ctx context.Context, id string) error {
	old, err := s.GetRekeningnummer(ctx, id)
	if err != nil {
		return err
	}
	return s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE partijen SET voorkeurs_rekeningnummer_id = NULL WHERE voorkeurs_rekeningnummer_id = $1`, id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM rekeningnummers WHERE id = $1`, id); err != nil {
			return err
		}
		return s.record(ctx, tx, change{resource: "rekeningnummer", id: id, actie: "destroy", old: old, hoofd: "partij", hoofdID: old.PartijID})
	})
}

// GetRekeningnummer reads one bank account.
func (s *Service) GetRekeningnummer(ctx context.Context, id string) (Rekeningnummer, error) {
	if !db.ValidUUID(id) {
		return Rekeningnummer{}, notFound("rekeningnummer", id)
	}
	var r Rekeningnummer
	var pid sql.NullString
	err := s.DB.R.QueryRowContext(ctx, `SELECT id, partij_id, iban, bic FROM rekeningnummers WHERE id = $1`, id).Scan(&r.ID, &pid, &r.IBAN, &r.BIC)
	if err == sql.ErrNoRows {
		return r, notFound("rekeningnummer", id)
	}
	r.PartijID = nullStr(pid)
	return r, err
}

// RekeningFilter selects bank accounts.
type RekeningFilter struct {
	ID, PartijID, IBAN, BIC string
	Page
}

// ListRekeningnummers lists bank accounts.
func (s *Service) ListRekeningnummers(ctx context.Context, f RekeningFilter) ([]Rekeningnummer, int, error) {
	if (f.PartijID != "" && !db.ValidUUID(f.PartijID)) || (f.ID != "" && !db.ValidUUID(f.ID)) {
		return nil, 0, nil
	}
	p := f.Page
	var w db.Where
	w.Eq("id", f.ID)
	w.Eq("partij_id", f.PartijID)
	w.Eq("iban", strings.ToUpper(strings.ReplaceAll(f.IBAN, " ", "")))
	w.Eq("bic", f.BIC)
	var total int
	if err := s.DB.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM rekeningnummers`+w.String(), w.Args()...).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := s.DB.R.QueryContext(ctx, `SELECT id, partij_id, iban, bic FROM rekeningnummers`+w.String()+` ORDER BY created_at, id`+p.sql(), w.Args()...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []Rekeningnummer
	for rows.Next() {
		var r Rekeningnummer
		var pid sql.NullString
		if err := rows.Scan(&r.ID, &pid, &r.IBAN, &r.BIC); err != nil {
			return nil, 0, err
		}
		r.PartijID = nullStr(pid)
		out = append(out, r)
	}
	return out, total, rows.Err()
}

// --- vertegenwoordigingen ---

// Vertegenwoordiging: one partij represents another.
type Vertegenwoordiging struct {
	ID, VertegenwoordigendePartijID, VertegenwoordigdePartijID string
}

func (s *Service) checkVertegenwoordiging(ctx context.Context, q db.Queryer, in Vertegenwoordiging) error {
	var f errs.Fields
	if required(&f, "vertegenwoordigendePartij", in.VertegenwoordigendePartijID, "Kies de partij die vertegenwoordigt.") &&
		checkUUID(&f, "vertegenwoordigendePartij", in.VertegenwoordigendePartijID) {
		if err := exists(ctx, q, &f, "vertegenwoordigendePartij", "partijen", in.VertegenwoordigendePartijID, "Deze partij"); err != nil {
			return err
		}
	}
	if required(&f, "vertegenwoordigdePartij", in.VertegenwoordigdePartijID, "Kies de partij die vertegenwoordigd wordt.") &&
		checkUUID(&f, "vertegenwoordigdePartij", in.VertegenwoordigdePartijID) {
		if err := exists(ctx, q, &f, "vertegenwoordigdePartij", "partijen", in.VertegenwoordigdePartijID, "Deze partij"); err != nil {
			return err
		}
	}
	if f.Empty() && in.VertegenwoordigendePartijID == in.VertegenwoordigdePartijID {
		f.Add("vertegenwoordigdePartij", "invalid", "Een partij kan zichzelf niet vertegenwoordigen.")
	}
	return f.Err()
}

// CreateVertegenwoordiging records that one partij represents another.
func (s *Service) CreateVertegenwoordiging(ctx context.Context, in Vertegenwoordiging) (Vertegenwoordiging, error) {
	in.ID = newID()
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if err := s.checkVertegenwoordiging(ctx, tx, in); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO vertegenwoordigingen (id, vertegenwoordigende_partij_id, vertegenwoordigde_partij_id, created_at)
			VALUES ($1,$2,$3,$4)`, in.ID, in.VertegenwoordigendePartijID, in.VertegenwoordigdePartijID, s.now())
		if db.IsUniqueViolation(err) {
			return errs.InvalidField("vertegenwoordigdePartij", "unique", "Deze vertegenwoordiging bestaat al.")
		}
		if err != nil {
			return fmt.Errorf("klant: insert vertegenwoordiging: %w", err)
		}
		return s.record(ctx, tx, change{resource: "vertegenwoordigden", id: in.ID, actie: "create", new: in, hoofd: "partij", hoofdID: in.VertegenwoordigdePartijID})
	})
	if err != nil {
		return Vertegenwoordiging{}, err
	}
	return in, nil
}

// UpdateVertegenwoordiging replaces a vertegenwoordiging.
func (s *Service) UpdateVertegenwoordiging(ctx context.Context, id string, in Vertegenwoordiging) (Vertegenwoordiging, error) {
	old, err := s.GetVertegenwoordiging(ctx, id)
	if err != nil {
		return Vertegenwoordiging{}, err
	}
	in.ID = id
	err = s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if err := s.checkVertegenwoordiging(ctx, tx, in); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE vertegenwoordigingen SET vertegenwoordigende_partij_id=$2, vertegenwoordigde_partij_id=$3 WHERE id=$1`,
			id, in.VertegenwoordigendePartijID, in.VertegenwoordigdePartijID)
		if db.IsUniqueViolation(err) {
			return errs.InvalidField("vertegenwoordigdePartij", "unique", "Deze vertegenwoordiging bestaat al.")
		}
		if err != nil {
			return err
		}
		return s.record(ctx, tx, change{resource: "vertegenwoordigden", id: id, actie: "update", old: old, new: in, hoofd: "partij", hoofdID: in.VertegenwoordigdePartijID})
	})
	if err != nil {
		return Vertegenwoordiging{}, err
	}
	return in, nil
}

// DeleteVertegenwoordiging removes a vertegenwoordiging.
func (s *Service) DeleteVertegenwoordiging(ctx context.Context, id string) error {
	old, err := s.GetVertegenwoordiging(ctx, id)
	if err != nil {
		return err
	}
	return s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM vertegenwoordigingen WHERE id = $1`, id); err != nil {
			return err
		}
		return s.record(ctx, tx, change{resource: "vertegenwoordigden", id: id, actie: "destroy", old: old, hoofd: "partij", hoofdID: old.VertegenwoordigdePartijID})
	})
}

// GetVertegenwoordiging reads one vertegenwoordiging.
func (s *Service) GetVertegenwoordiging(ctx context.Context, id string) (Vertegenwoordiging, error) {
	if !db.ValidUUID(id) {
		return Vertegenwoordiging{}, notFound("vertegenwoordiging", id)
	}
	var v Vertegenwoordiging
	err := s.DB.R.QueryRowContext(ctx, `SELECT id, vertegenwoordigende_partij_id, vertegenwoordigde_partij_id FROM vertegenwoordigingen WHERE id = $1`, id).
		Scan(&v.ID, &v.VertegenwoordigendePartijID, &v.VertegenwoordigdePartijID)
	if err == sql.ErrNoRows {
		return v, notFound("vertegenwoordiging", id)
	}
	return v, err
}

// ListVertegenwoordigingen lists vertegenwoordigingen, filtered by either side.
func (s *Service) ListVertegenwoordigingen(ctx context.Context, vertegenwoordigendeID, vertegenwoordigdeID string, p Page) ([]Vertegenwoordiging, int, error) {
	if (vertegenwoordigendeID != "" && !db.ValidUUID(vertegenwoordigendeID)) || (vertegenwoordigdeID != "" && !db.ValidUUID(vertegenwoordigdeID)) {
		return nil, 0, nil
	}
	var w db.Where
	w.Eq("vertegenwoordigende_partij_id", vertegenwoordigendeID)
	w.Eq("vertegenwoordigde_partij_id", vertegenwoordigdeID)
	var total int
	if err := s.DB.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM vertegenwoordigingen`+w.String(), w.Args()...).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := s.DB.R.QueryContext(ctx, `SELECT id, vertegenwoordigende_partij_id, vertegenwoordigde_partij_id FROM vertegenwoordigingen`+w.String()+` ORDER BY created_at, id`+p.sql(), w.Args()...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []Vertegenwoordiging
	for rows.Next() {
		var v Vertegenwoordiging
		if err := rows.Scan(&v.ID, &v.VertegenwoordigendePartijID, &v.VertegenwoordigdePartijID); err != nil {
			return nil, 0, err
		}
		out = append(out, v)
	}
	return out, total, rows.Err()
}

// --- categorieën (experimental in the API) ---

// Categorie labels partijen (e.g. "ondernemer").
type Categorie struct{ ID, Naam string }

// CategorieRelatie ties a partij to a categorie for a period.
type CategorieRelatie struct {
	ID, PartijID, CategorieID, CategorieNaam string
	BeginDatum, EindDatum                    date.Date
}
