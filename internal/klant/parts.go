package klant

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/errs"
)

// ObjectIdentificator identifies an object in another register (a zaak, a
// document, a person in the BRP): the API's *identificator gegevensgroepen.
type ObjectIdentificator struct {
	ObjectID          string `json:"objectId"`
	CodeObjecttype    string `json:"codeObjecttype"`
	CodeRegister      string `json:"codeRegister"`
	CodeSoortObjectID string `json:"codeSoortObjectId"`
}

func checkObjIdent(f *errs.Fields, field string, o ObjectIdentificator) {
	maxLen(f, field+".objectId", o.ObjectID, 200)
	maxLen(f, field+".codeObjecttype", o.CodeObjecttype, 200)
	maxLen(f, field+".codeRegister", o.CodeRegister, 200)
	maxLen(f, field+".codeSoortObjectId", o.CodeSoortObjectID, 200)
}

// --- betrokkenen ---

// Betrokkene is a person or organisation involved in a klantcontact, with
// the contact details given during it.
type Betrokkene struct {
	ID                   string
	KlantcontactID       string
	PartijID             string
	Rol                  string // klant, vertegenwoordiger
	Organisatienaam      string
	Initiator            bool
	Contactnaam          Naam
	Bezoekadres          *Adres
	Correspondentieadres *Adres
	DigitaalAdresIDs     []string
}

// VolledigeNaam is the betrokkene's name as shown.
func (b Betrokkene) VolledigeNaam() string { return b.Contactnaam.Volledig() }

// BetrokkeneInput creates or replaces a betrokkene.
type BetrokkeneInput struct {
	KlantcontactID       string
	PartijID             string
	Rol                  string
	Organisatienaam      string
	Initiator            bool
	Contactnaam          Naam
	Bezoekadres          *Adres
	Correspondentieadres *Adres
}

func (s *Service) checkBetrokkene(ctx context.Context, q db.Queryer, in *BetrokkeneInput) error {
	var f errs.Fields
	if required(&f, "hadKlantcontact", in.KlantcontactID, "Kies het klantcontact.") && checkUUID(&f, "hadKlantcontact", in.KlantcontactID) {
		if err := exists(ctx, q, &f, "hadKlantcontact", "klantcontacten", in.KlantcontactID, "Dit klantcontact"); err != nil {
			return err
		}
	}
	if checkUUID(&f, "wasPartij", in.PartijID) {
		if err := exists(ctx, q, &f, "wasPartij", "partijen", in.PartijID, "Deze partij"); err != nil {
			return err
		}
	}
	if in.Rol != "klant" && in.Rol != "vertegenwoordiger" {
		f.Add("rol", "invalid_choice", "Kies klant of vertegenwoordiger.")
	}
	maxLen(&f, "organisatienaam", in.Organisatienaam, 200)
	maxLen(&f, "contactnaam.voorletters", in.Contactnaam.Voorletters, 10)
	maxLen(&f, "contactnaam.voornaam", in.Contactnaam.Voornaam, 200)
	maxLen(&f, "contactnaam.voorvoegselAchternaam", in.Contactnaam.VoorvoegselAchternaam, 10)
	maxLen(&f, "contactnaam.achternaam", in.Contactnaam.Achternaam, 200)
	checkAdres(&f, "bezoekadres", in.Bezoekadres)
	checkAdres(&f, "correspondentieadres", in.Correspondentieadres)
	return f.Err()
}

func (s *Service) insertBetrokkene(ctx context.Context, tx *sql.Tx, in BetrokkeneInput) (string, error) {
	if in.PartijID != "" && in.Contactnaam == (Naam{}) && in.Bezoekadres == nil && in.Correspondentieadres == nil {
		// the name as the partij had it at the time of the contact, in one statement
		id := newID()
		if _, err := tx.ExecContext(ctx, `INSERT INTO betrokkenen (id, klantcontact_id, partij_id, rol, organisatienaam, initiator,
			voorletters, voornaam, voorvoegsel_achternaam, achternaam, created_at)
			SELECT $1, $2, p.id, $3, $4, $5, p.voorletters, p.voornaam, p.voorvoegsel_achternaam, p.achternaam, $6
			FROM partijen p WHERE p.id = $7`, id, in.KlantcontactID, in.Rol, in.Organisatienaam, in.Initiator, s.now(), in.PartijID); err != nil {
			return "", fmt.Errorf("klant: insert betrokkene: %w", err)
		}
		return id, nil
	}
	if in.PartijID != "" && in.Contactnaam == (Naam{}) {
		// the name as the partij had it at the time of the contact
		if err := tx.QueryRowContext(ctx, `SELECT voorletters, voornaam, voorvoegsel_achternaam, achternaam FROM partijen WHERE id = $1`,
			in.PartijID).Scan(&in.Contactnaam.Voorletters, &in.Contactnaam.Voornaam, &in.Contactnaam.VoorvoegselAchternaam,
			&in.Contactnaam.Achternaam); err != nil && err != sql.ErrNoRows {
			return "", err
		}
	}
	bezoek, err := jsonText(in.Bezoekadres)
	if err != nil {
		return "", err
	}
	corr, err := jsonText(in.Correspondentieadres)
	if err != nil {
		return "", err
	}
	id := newID()
	if _, err := tx.ExecContext(ctx, `INSERT INTO betrokkenen (id, klantcontact_id, partij_id, rol, organisatienaam, initiator,
		voorletters, voornaam, voorvoegsel_achternaam, achternaam, bezoekadres, correspondentieadres, created_at)
		VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13)`, id, in.KlantcontactID, orNull(in.PartijID), in.Rol,
		in.Organisatienaam, in.Initiator, in.Contactnaam.Voorletters, in.Contactnaam.Voornaam,
		in.Contactnaam.VoorvoegselAchternaam, in.Contactnaam.Achternaam, bezoek, corr, s.now()); err != nil {
		return "", fmt.Errorf("klant: insert betrokkene: %w", err)
	}
	return id, nil
}

// linkContactParty sets the contact's customer from a klant betrokkene when
// the contact had none yet (contacts registered through the API get their
// customer afterwards).
func (s *Service) linkContactParty(ctx context.Context, tx *sql.Tx, in BetrokkeneInput) error {
	if in.PartijID == "" || in.Rol != "klant" {
		return nil
	}
	var f errs.Fields
	r, err := s.partyOf(ctx, tx, &f, in.PartijID)
	if err != nil || !f.Empty() {
		return err
	}
	_, err = tx.ExecContext(ctx, `UPDATE klantcontacten SET klant_partij_id = $2, partij_type = $3, partij_id = $4, partij_naam = $5
		WHERE id = $1 AND klant_partij_id IS NULL`, in.KlantcontactID, r.id, r.typ, r.key, r.naam)
	return err
}

// CreateBetrokkene adds a betrokkene to a klantcontact. The first klant with
// a partij becomes the contact's customer for the reports and the klantbeeld.
func (s *Service) CreateBetrokkene(ctx context.Context, in BetrokkeneInput) (Betrokkene, error) {
	var id string
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if err := s.checkBetrokkene(ctx, tx, &in); err != nil {
			return err
		}
		var err error
		if id, err = s.insertBetrokkene(ctx, tx, in); err != nil {
			return err
		}
		if err := s.linkContactParty(ctx, tx, in); err != nil {
			return err
		}
		return s.record(ctx, tx, change{resource: "betrokkene", id: id, actie: "create", new: in, hoofd: "klantcontact", hoofdID: in.KlantcontactID})
	})
	if err != nil {
		return Betrokkene{}, err
	}
	return s.GetBetrokkene(ctx, id)
}

// UpdateBetrokkene replaces a betrokkene.
func (s *Service) UpdateBetrokkene(ctx context.Context, id string, in BetrokkeneInput) (Betrokkene, error) {
	old, err := s.GetBetrokkene(ctx, id)
	if err != nil {
		return Betrokkene{}, err
	}
	err = s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if err := s.checkBetrokkene(ctx, tx, &in); err != nil {
			return err
		}
		bezoek, err := jsonText(in.Bezoekadres)
		if err != nil {
			return err
		}
		corr, err := jsonText(in.Correspondentieadres)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE betrokkenen SET klantcontact_id=$2, partij_id=$3, rol=$4, organisatienaam=$5,
			initiator=$6, voorletters=$7, voornaam=$8, voorvoegsel_achternaam=$9, achternaam=$10, bezoekadres=$11,
			correspondentieadres=$12 WHERE id=$1`, id, in.KlantcontactID, orNull(in.PartijID), in.Rol, in.Organisatienaam,
			in.Initiator, in.Contactnaam.Voorletters, in.Contactnaam.Voornaam, in.Contactnaam.VoorvoegselAchternaam,
			in.Contactnaam.Achternaam, bezoek, corr); err != nil {
			return fmt.Errorf("klant: update betrokkene: %w", err)
		}
		if err := s.linkContactParty(ctx, tx, in); err != nil {
			return err
		}
		return s.record(ctx, tx, change{resource: "betrokkene", id: id, actie: "update", old: old, new: in, hoofd: "klantcontact", hoofdID: in.KlantcontactID})
	})
	if err != nil {
		return Betrokkene{}, err
	}
	return s.GetBetrokkene(ctx, id)
}

// DeleteBetrokkene removes a betrokkene.
func (s *Service) DeleteBetrokkene(ctx context.Context, id string) error {
	old, err := s.GetBetrokkene(ctx, id)
	if err != nil {
		return err
	}
	return s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM betrokkenen WHERE id = $1`, id); err != nil {
			return err
		}
		return s.record(ctx, tx, change{resource: "betrokkene", id: id, actie: "destroy", old: old, hoofd: "klantcontact", hoofdID: old.KlantcontactID})
	})
}

func (s *Service) listBetrokkenen(ctx context.Context, where, tail string, args ...any) ([]Betrokkene, error) {
	rows, err := s.DB.R.QueryContext(ctx, `SELECT b.id, b.klantcontact_id, b.partij_id, b.rol, b.organisatienaam, b.initiator,
		b.voorletters, b.voornaam, b.voorvoegsel_achternaam, b.achternaam, b.bezoekadres, b.correspondentieadres
		FROM betrokkenen b `+where+` ORDER BY b.created_at, b.id`+tail, args...)
	if err != nil {
		return nil, fmt.Errorf("klant: betrokkenen: %w", err)
	}
	defer rows.Close()
	var out []Betrokkene
	for rows.Next() {
		var b Betrokkene
		var pid, bezoek, corr sql.NullString
		if err := rows.Scan(&b.ID, &b.KlantcontactID, &pid, &b.Rol, &b.Organisatienaam, &b.Initiator, &b.Contactnaam.Voorletters,
			&b.Contactnaam.Voornaam, &b.Contactnaam.VoorvoegselAchternaam, &b.Contactnaam.Achternaam, &bezoek, &corr); err != nil {
			return nil, err
		}
		b.PartijID = nullStr(pid)
		if bezoek.Valid {
			b.Bezoekadres = new(Adres)
			if err := json.Unmarshal([]byte(bezoek.String), b.Bezoekadres); err != nil {
				return nil, err
			}
		}
		if corr.Valid {
			b.Correspondentieadres = new(Adres)
			if err := json.Unmarshal([]byte(corr.String), b.Correspondentieadres); err != nil {
				return nil, err
			}
		}
		out = append(out, b)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	if len(out) > 0 {
		idx := map[string]*Betrokkene{}
		ids := make([]string, len(out))
		for i := range out {
			idx[out[i].ID], ids[i] = &out[i], out[i].ID
		}
		in, args := inList(ids)
		rows, err := s.DB.R.QueryContext(ctx, `SELECT betrokkene_id, id FROM digitale_adressen WHERE betrokkene_id IN `+in+` ORDER BY created_at, id`, args...)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		for rows.Next() {
			var bid, id string
			if err := rows.Scan(&bid, &id); err != nil {
				return nil, err
			}
			idx[bid].DigitaalAdresIDs = append(idx[bid].DigitaalAdresIDs, id)
		}
		return out, rows.Err()
	}
	return out, nil
}

// GetBetrokkene reads one betrokkene.
func (s *Service) GetBetrokkene(ctx context.Context, id string) (Betrokkene, error) {
	if !db.ValidUUID(id) {
		return Betrokkene{}, notFound("betrokkene", id)
	}
	l, err := s.listBetrokkenen(ctx, `WHERE b.id = $1`, "", id)
	if err != nil {
		return Betrokkene{}, err
	}
	if len(l) == 0 {
		return Betrokkene{}, notFound("betrokkene", id)
	}
	return l[0], nil
}

// BetrokkeneFilter selects betrokkenen.
type BetrokkeneFilter struct {
	KlantcontactID, PartijID, Rol, Organisatienaam string
	// Contactnaam: exact match on the non-empty parts.
	Contactnaam                                      Naam
	KlantcontactNummer, KlantcontactReferentienummer string
	// DigitaalAdres / DigitaalAdresID: betrokkenen that gave this adres.
	DigitaalAdres, DigitaalAdresID string
	PartijNummer                   string
	PartijIdentificator            IdentificatorGroep
	Page
}

// ListBetrokkenen lists betrokkenen with the total count.
func (s *Service) ListBetrokkenen(ctx context.Context, f BetrokkeneFilter) ([]Betrokkene, int, error) {
	if (f.KlantcontactID != "" && !db.ValidUUID(f.KlantcontactID)) || (f.PartijID != "" && !db.ValidUUID(f.PartijID)) {
		return nil, 0, nil
	}
	var w db.Where
	w.Eq("b.klantcontact_id", f.KlantcontactID)
	w.Eq("b.partij_id", f.PartijID)
	w.Eq("b.rol", f.Rol)
	w.Eq("b.organisatienaam", f.Organisatienaam)
	w.Eq("b.voorletters", f.Contactnaam.Voorletters)
	w.Eq("b.voornaam", f.Contactnaam.Voornaam)
	w.Eq("b.voorvoegsel_achternaam", f.Contactnaam.VoorvoegselAchternaam)
	w.Eq("b.achternaam", f.Contactnaam.Achternaam)
	if f.KlantcontactNummer != "" || f.KlantcontactReferentienummer != "" {
		c := "EXISTS (SELECT 1 FROM klantcontacten k WHERE k.id = b.klantcontact_id"
		if f.KlantcontactNummer != "" {
			c += " AND k.nummer = " + w.Arg(f.KlantcontactNummer)
		}
		if f.KlantcontactReferentienummer != "" {
			c += " AND k.referentienummer = " + w.Arg(f.KlantcontactReferentienummer)
		}
		w.And(c + ")")
	}
	if f.DigitaalAdres != "" {
		w.And("EXISTS (SELECT 1 FROM digitale_adressen d WHERE d.betrokkene_id = b.id AND d.adres = " + w.Arg(f.DigitaalAdres) + ")")
	}
	if f.DigitaalAdresID != "" {
		if !db.ValidUUID(f.DigitaalAdresID) {
			return nil, 0, nil
		}
		w.And("EXISTS (SELECT 1 FROM digitale_adressen d WHERE d.betrokkene_id = b.id AND d.id = " + w.Arg(f.DigitaalAdresID) + ")")
	}
	if f.PartijNummer != "" {
		w.And("EXISTS (SELECT 1 FROM partijen p WHERE p.id = b.partij_id AND p.nummer = " + w.Arg(f.PartijNummer) + ")")
	}
	if g := f.PartijIdentificator; g != (IdentificatorGroep{}) {
		w.And("EXISTS (SELECT 1 FROM partij_identificatoren i WHERE i.partij_id = b.partij_id" + identConds(&w, "i", g) + ")")
	}
	var total int
	if err := s.DB.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM betrokkenen b`+w.String(), w.Args()...).Scan(&total); err != nil {
		return nil, 0, err
	}
	l, err := s.listBetrokkenen(ctx, w.String(), f.Page.sql(), w.Args()...)
	return l, total, err
}

// --- onderwerpobjecten ---

// Onderwerpobject is what a klantcontact was about: an object in another
// register (a zaak) or another klantcontact.
type Onderwerpobject struct {
	ID                string
	KlantcontactID    string
	WasKlantcontactID string
	Identificator     ObjectIdentificator
}

// OnderwerpobjectInput creates or replaces an onderwerpobject.
type OnderwerpobjectInput struct {
	KlantcontactID    string
	WasKlantcontactID string
	Identificator     ObjectIdentificator
}

func (s *Service) checkOnderwerpobject(ctx context.Context, q db.Queryer, in OnderwerpobjectInput) error {
	var f errs.Fields
	if checkUUID(&f, "klantcontact", in.KlantcontactID) {
		if err := exists(ctx, q, &f, "klantcontact", "klantcontacten", in.KlantcontactID, "Dit klantcontact"); err != nil {
			return err
		}
	}
	if checkUUID(&f, "wasKlantcontact", in.WasKlantcontactID) {
		if err := exists(ctx, q, &f, "wasKlantcontact", "klantcontacten", in.WasKlantcontactID, "Dit klantcontact"); err != nil {
			return err
		}
	}
	checkObjIdent(&f, "onderwerpobjectidentificator", in.Identificator)
	return f.Err()
}

func isZaakRef(o ObjectIdentificator) bool {
	return o.CodeObjecttype == "zaak" && (o.CodeSoortObjectID == "uuid" || o.CodeSoortObjectID == "") && db.ValidUUID(o.ObjectID)
}

func (s *Service) insertOnderwerpobject(ctx context.Context, tx *sql.Tx, in OnderwerpobjectInput) (string, error) {
	id := newID()
	if _, err := tx.ExecContext(ctx, `INSERT INTO onderwerpobjecten (id, klantcontact_id, was_klantcontact_id, object_id,
		code_objecttype, code_register, code_soort_object_id, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)`,
		id, orNull(in.KlantcontactID), orNull(in.WasKlantcontactID), in.Identificator.ObjectID, in.Identificator.CodeObjecttype,
		in.Identificator.CodeRegister, in.Identificator.CodeSoortObjectID, s.now()); err != nil {
		return "", fmt.Errorf("klant: insert onderwerpobject: %w", err)
	}
	return id, nil
}

// linkZaak makes a contact about one of our zaken point at it (zaak_id), so
// the zaak's page and the klantbeeld show the contact.
func (s *Service) linkZaak(ctx context.Context, tx *sql.Tx, in OnderwerpobjectInput) error {
	if in.KlantcontactID == "" || !isZaakRef(in.Identificator) {
		return nil
	}
	_, err := tx.ExecContext(ctx, `UPDATE klantcontacten SET zaak_id = $2 WHERE id = $1 AND zaak_id IS NULL
		AND EXISTS (SELECT 1 FROM zaken WHERE id = $2)`, in.KlantcontactID, in.Identificator.ObjectID)
	return err
}

// CreateOnderwerpobject records what a klantcontact was about. When it is one
// of our zaken (codeObjecttype "zaak", objectId its uuid) the contact is
// linked to that zaak.
func (s *Service) CreateOnderwerpobject(ctx context.Context, in OnderwerpobjectInput) (Onderwerpobject, error) {
	var id string
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if err := s.checkOnderwerpobject(ctx, tx, in); err != nil {
			return err
		}
		var err error
		if id, err = s.insertOnderwerpobject(ctx, tx, in); err != nil {
			return err
		}
		if err := s.linkZaak(ctx, tx, in); err != nil {
			return err
		}
		return s.record(ctx, tx, change{resource: "onderwerpobject", id: id, actie: "create", new: in, hoofd: "klantcontact", hoofdID: in.KlantcontactID})
	})
	if err != nil {
		return Onderwerpobject{}, err
	}
	return s.GetOnderwerpobject(ctx, id)
}

// UpdateOnderwerpobject replaces an onderwerpobject.
func (s *Service) UpdateOnderwerpobject(ctx context.Context, id string, in OnderwerpobjectInput) (Onderwerpobject, error) {
	old, err := s.GetOnderwerpobject(ctx, id)
	if err != nil {
		return Onderwerpobject{}, err
	}
	err = s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if err := s.checkOnderwerpobject(ctx, tx, in); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE onderwerpobjecten SET klantcontact_id=$2, was_klantcontact_id=$3, object_id=$4,
			code_objecttype=$5, code_register=$6, code_soort_object_id=$7 WHERE id=$1`, id, orNull(in.KlantcontactID),
			orNull(in.WasKlantcontactID), in.Identificator.ObjectID, in.Identificator.CodeObjecttype,
			in.Identificator.CodeRegister, in.Identificator.CodeSoortObjectID); err != nil {
			return err
		}
		if err := s.linkZaak(ctx, tx, in); err != nil {
			return err
		}
		return s.record(ctx, tx, change{resource: "onderwerpobject", id: id, actie: "update", old: old, new: in, hoofd: "klantcontact", hoofdID: in.KlantcontactID})
	})
	if err != nil {
		return Onderwerpobject{}, err
	}
	return s.GetOnderwerpobject(ctx, id)
}

// DeleteOnderwerpobject removes an onderwerpobject. With cascade, the
// klantcontact it belongs to goes too (with its betrokkenen and their
// digitale adressen) when no other onderwerpobject refers to it. It returns
// the ids of the klantcontacten that remain.
func (s *Service) DeleteOnderwerpobject(ctx context.Context, id string, cascade bool) ([]string, error) {
	old, err := s.GetOnderwerpobject(ctx, id)
	if err != nil {
		return nil, err
	}
	var kept []string
	err = s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM onderwerpobjecten WHERE id = $1`, id); err != nil {
			return err
		}
		if err := s.record(ctx, tx, change{resource: "onderwerpobject", id: id, actie: "destroy", old: old, hoofd: "klantcontact", hoofdID: old.KlantcontactID}); err != nil {
			return err
		}
		for _, k := range []string{old.KlantcontactID, old.WasKlantcontactID} {
			if k == "" || contains(kept, k) {
				continue
			}
			if !cascade || k != old.KlantcontactID {
				kept = append(kept, k)
				continue
			}
			used, err := db.Exists(ctx, tx, `SELECT 1 FROM onderwerpobjecten WHERE klantcontact_id = $1 OR was_klantcontact_id = $1`, k)
			if err != nil {
				return err
			}
			if used {
				kept = append(kept, k)
				continue
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM digitale_adressen WHERE betrokkene_id IN (SELECT id FROM betrokkenen WHERE klantcontact_id = $1)`, k); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM klantcontacten WHERE id = $1`, k); err != nil {
				return err
			}
			if err := s.record(ctx, tx, change{resource: "klantcontact", id: k, actie: "destroy"}); err != nil {
				return err
			}
		}
		return nil
	})
	return kept, err
}

func (s *Service) listOnderwerpobjecten(ctx context.Context, where, tail string, args ...any) ([]Onderwerpobject, error) {
	rows, err := s.DB.R.QueryContext(ctx, `SELECT id, klantcontact_id, was_klantcontact_id, object_id, code_objecttype,
		code_register, code_soort_object_id FROM onderwerpobjecten `+where+` ORDER BY created_at, id`+tail, args...)
	if err != nil {
		return nil, fmt.Errorf("klant: onderwerpobjecten: %w", err)
	}
	defer rows.Close()
	var out []Onderwerpobject
	for rows.Next() {
		var o Onderwerpobject
		var k, w sql.NullString
		if err := rows.Scan(&o.ID, &k, &w, &o.Identificator.ObjectID, &o.Identificator.CodeObjecttype,
			&o.Identificator.CodeRegister, &o.Identificator.CodeSoortObjectID); err != nil {
			return nil, err
		}
		o.KlantcontactID, o.WasKlantcontactID = nullStr(k), nullStr(w)
		out = append(out, o)
	}
	return out, rows.Err()
}

// GetOnderwerpobject reads one onderwerpobject.
func (s *Service) GetOnderwerpobject(ctx context.Context, id string) (Onderwerpobject, error) {
	if !db.ValidUUID(id) {
		return Onderwerpobject{}, notFound("onderwerpobject", id)
	}
	l, err := s.listOnderwerpobjecten(ctx, `WHERE id = $1`, "", id)
	if err != nil {
		return Onderwerpobject{}, err
	}
	if len(l) == 0 {
		return Onderwerpobject{}, notFound("onderwerpobject", id)
	}
	return l[0], nil
}

// ObjectFilter selects onderwerpobjecten or bijlagen.
type ObjectFilter struct {
	KlantcontactID    string
	WasKlantcontactID string
	ObjectIdentificator
	Page
}

func objectWhere(f ObjectFilter) (db.Where, bool) {
	var w db.Where
	if (f.KlantcontactID != "" && !db.ValidUUID(f.KlantcontactID)) || (f.WasKlantcontactID != "" && !db.ValidUUID(f.WasKlantcontactID)) {
		return w, false
	}
	w.Eq("klantcontact_id", f.KlantcontactID)
	w.Eq("object_id", f.ObjectID)
	w.Eq("code_objecttype", f.CodeObjecttype)
	w.Eq("code_register", f.CodeRegister)
	w.Eq("code_soort_object_id", f.CodeSoortObjectID)
	return w, true
}

// ListOnderwerpobjecten lists onderwerpobjecten with the total count.
func (s *Service) ListOnderwerpobjecten(ctx context.Context, f ObjectFilter) ([]Onderwerpobject, int, error) {
	w, ok := objectWhere(f)
	if !ok {
		return nil, 0, nil
	}
	w.Eq("was_klantcontact_id", f.WasKlantcontactID)
	var total int
	if err := s.DB.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM onderwerpobjecten`+w.String(), w.Args()...).Scan(&total); err != nil {
		return nil, 0, err
	}
	l, err := s.listOnderwerpobjecten(ctx, w.String(), f.Page.sql(), w.Args()...)
	return l, total, err
}

// --- bijlagen ---

// Bijlage is a document that (partly) holds a klantcontact's content.
type Bijlage struct {
	ID             string
	KlantcontactID string
	Identificator  ObjectIdentificator
}

func (s *Service) checkBijlage(ctx context.Context, q db.Queryer, in Bijlage) error {
	var f errs.Fields
	if checkUUID(&f, "wasBijlageVanKlantcontact", in.KlantcontactID) {
		if err := exists(ctx, q, &f, "wasBijlageVanKlantcontact", "klantcontacten", in.KlantcontactID, "Dit klantcontact"); err != nil {
			return err
		}
	}
	checkObjIdent(&f, "bijlageidentificator", in.Identificator)
	return f.Err()
}

// CreateBijlage adds a bijlage to a klantcontact.
func (s *Service) CreateBijlage(ctx context.Context, in Bijlage) (Bijlage, error) {
	in.ID = newID()
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if err := s.checkBijlage(ctx, tx, in); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO klantcontact_bijlagen (id, klantcontact_id, object_id, code_objecttype,
			code_register, code_soort_object_id, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7)`, in.ID, orNull(in.KlantcontactID),
			in.Identificator.ObjectID, in.Identificator.CodeObjecttype, in.Identificator.CodeRegister,
			in.Identificator.CodeSoortObjectID, s.now()); err != nil {
			return fmt.Errorf("klant: insert bijlage: %w", err)
		}
		return s.record(ctx, tx, change{resource: "bijlage", id: in.ID, actie: "create", new: in, hoofd: "klantcontact", hoofdID: in.KlantcontactID})
	})
	if err != nil {
		return Bijlage{}, err
	}
	return in, nil
}

// UpdateBijlage replaces a bijlage.
func (s *Service) UpdateBijlage(ctx context.Context, id string, in Bijlage) (Bijlage, error) {
	old, err := s.GetBijlage(ctx, id)
	if err != nil {
		return Bijlage{}, err
	}
	in.ID = id
	err = s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if err := s.checkBijlage(ctx, tx, in); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE klantcontact_bijlagen SET klantcontact_id=$2, object_id=$3, code_objecttype=$4,
			code_register=$5, code_soort_object_id=$6 WHERE id=$1`, id, orNull(in.KlantcontactID), in.Identificator.ObjectID,
			in.Identificator.CodeObjecttype, in.Identificator.CodeRegister, in.Identificator.CodeSoortObjectID); err != nil {
			return err
		}
		return s.record(ctx, tx, change{resource: "bijlage", id: id, actie: "update", old: old, new: in, hoofd: "klantcontact", hoofdID: in.KlantcontactID})
	})
	if err != nil {
		return Bijlage{}, err
	}
	return in, nil
}

// DeleteBijlage removes a bijlage.
func (s *Service) DeleteBijlage(ctx context.Context, id string) error {
	old, err := s.GetBijlage(ctx, id)
	if err != nil {
		return err
	}
	return s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM klantcontact_bijlagen WHERE id = $1`, id); err != nil {
			return err
		}
		return s.record(ctx, tx, change{resource: "bijlage", id: id, actie: "destroy", old: old, hoofd: "klantcontact", hoofdID: old.KlantcontactID})
	})
}

func (s *Service) listBijlagen(ctx context.Context, where, tail string, args ...any) ([]Bijlage, error) {
	rows, err := s.DB.R.QueryContext(ctx, `SELECT id, klantcontact_id, object_id, code_objecttype, code_register,
		code_soort_object_id FROM klantcontact_bijlagen `+where+` ORDER BY created_at, id`+tail, args...)
	if err != nil {
		return nil, fmt.Errorf("klant: bijlagen: %w", err)
	}
	defer rows.Close()
	var out []Bijlage
	for rows.Next() {
		var b Bijlage
		var k sql.NullString
		if err := rows.Scan(&b.ID, &k, &b.Identificator.ObjectID, &b.Identificator.CodeObjecttype,
			&b.Identificator.CodeRegister, &b.Identificator.CodeSoortObjectID); err != nil {
			return nil, err
		}
		b.KlantcontactID = nullStr(k)
		out = append(out, b)
	}
	return out, rows.Err()
}

// GetBijlage reads one bijlage.
func (s *Service) GetBijlage(ctx context.Context, id string) (Bijlage, error) {
	if !db.ValidUUID(id) {
		return Bijlage{}, notFound("bijlage", id)
	}
	l, err := s.listBijlagen(ctx, `WHERE id = $1`, "", id)
	if err != nil {
		return Bijlage{}, err
	}
	if len(l) == 0 {
		return Bijlage{}, notFound("bijlage", id)
	}
	return l[0], nil
}

// ListBijlagen lists bijlagen with the total count.
func (s *Service) ListBijlagen(ctx context.Context, f ObjectFilter) ([]Bijlage, int, error) {
	w, ok := objectWhere(f)
	if !ok {
		return nil, 0, nil
	}
	var total int
	if err := s.DB.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM klantcontact_bijlagen`+w.String(), w.Args()...).Scan(&total); err != nil {
		return nil, 0, err
	}
	l, err := s.listBijlagen(ctx, w.String(), f.Page.sql(), w.Args()...)
	return l, total, err
}
