package zaak

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/mail"
	"strings"

	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/errs"
)

// RolInput is a new Rol. Give either Betrokkene (a URL) or the inline
// BetrokkeneIdentificatie; which fields of it apply depends on BetrokkeneType.
type RolInput struct {
	RolTypeID                string
	BetrokkeneType           string
	Betrokkene               string
	Roltoelichting           string
	AfwijkendeNaamBetrokkene string
	IndicatieMachtiging      string // "", gemachtigde, machtiginggever
	BetrokkeneIdentificatie  BetrokkeneIdentificatie
	ContactpersoonRol        *ContactpersoonRol
}

type preparedRol struct {
	Rol
	// pipVisible: the betrokkene can log in to the PIP (DigiD with a BSN,
	// eHerkenning with a KvK-nummer) and so see this zaak there (N8).
	pipVisible    bool
	behandelaarID string // users.id when a medewerker matches a Loket user
	teamID        string // teams.id when an organisatorische eenheid matches a team
}

// prepareRol validates in against the zaaktype and works out the
// denormalised identity; it writes nothing.
func prepareRol(ctx context.Context, q db.Queryer, f *errs.Fields, prefix, zaaktypeID string, in RolInput) (*preparedRol, error) {
	rt, err := loadRolType(ctx, q, in.RolTypeID)
	return prepareRolOf(ctx, q, f, prefix, zaaktypeID, in, rt, err)
}

// prepareRolOf is prepareRol with the roltype (and the error of loading
// it) at hand, for a caller that has just read it.
func prepareRolOf(ctx context.Context, q db.Queryer, f *errs.Fields, prefix, zaaktypeID string, in RolInput, rt rolType, err error) (*preparedRol, error) {
	p := &preparedRol{}
	switch {
	case errors.Is(err, sql.ErrNoRows):
		f.Add(prefix+"roltype", "does_not_exist", "Dit roltype bestaat niet.")
	case err != nil:
		return nil, fmt.Errorf("zaak: roltype: %w", err)
	case rt.ZaakTypeID != zaaktypeID:
		// zrc-019
		f.Add(prefix+"roltype", "zaaktype-mismatch", "Dit roltype hoort niet bij het zaaktype van de zaak.")
	}
	if !oneOf(in.BetrokkeneType, BetrokkeneTypen) {
		f.Add(prefix+"betrokkeneType", "invalid_choice",
			"Kies natuurlijk_persoon, niet_natuurlijk_persoon, vestiging, organisatorische_eenheid of medewerker.")
		return p, nil
	}
	if in.IndicatieMachtiging != "" && in.IndicatieMachtiging != "gemachtigde" && in.IndicatieMachtiging != "machtiginggever" {
		f.Add(prefix+"indicatieMachtiging", "invalid_choice", "Kies gemachtigde of machtiginggever.")
	}
	if len([]rune(in.Roltoelichting)) > 1000 {
		f.Add(prefix+"roltoelichting", "max_length", "De toelichting mag niet langer zijn dan 1000 tekens.")
	}
	bi := in.BetrokkeneIdentificatie
	fp := prefix + "betrokkeneIdentificatie."
	var identType, identValue, naam string
	switch in.BetrokkeneType {
	case "natuurlijk_persoon":
		bi.InpBsn = trim(bi.InpBsn)
		if bi.InpBsn != "" {
			if err := validBSN(bi.InpBsn); err != nil {
				f.Add(fp+"inpBsn", "invalid-bsn", err.Error())
			}
			identType, identValue, p.pipVisible = "bsn", bi.InpBsn, true
		} else if bi.AnpIdentificatie != "" {
			identType, identValue = "anp", bi.AnpIdentificatie
		} else if bi.InpANummer != "" {
			identType, identValue = "a_nummer", bi.InpANummer
		} else if in.Betrokkene == "" && bi.Geslachtsnaam == "" {
			f.Add(fp+"inpBsn", "required", "Geef een BSN, een andere identificatie of ten minste de geslachtsnaam.")
		}
		if bi.Geslachtsaanduiding != "" && !oneOf(bi.Geslachtsaanduiding, []string{"m", "v", "o"}) {
			f.Add(fp+"geslachtsaanduiding", "invalid_choice", "Kies m, v of o.")
		}
		naam = persoonsnaam(bi.Voornamen, bi.Voorletters, bi.VoorvoegselGeslachtsnaam, bi.Geslachtsnaam)
	case "niet_natuurlijk_persoon":
		bi.KvkNummer, bi.InnNnpID = trim(bi.KvkNummer), trim(bi.InnNnpID)
		if bi.InnNnpID != "" {
			if err := validRSIN(bi.InnNnpID); err != nil {
				f.Add(fp+"innNnpId", "invalid-rsin", err.Error())
			}
			identType, identValue = "rsin", bi.InnNnpID
		}
		if bi.KvkNummer != "" {
			if err := validKvK(bi.KvkNummer); err != nil {
				f.Add(fp+"kvkNummer", "invalid-kvk", err.Error())
			}
			identType, identValue, p.pipVisible = "kvk", bi.KvkNummer, true
		}
		if identValue == "" && bi.AnnIdentificatie != "" {
			identType, identValue = "ann", bi.AnnIdentificatie
		}
		if identValue == "" && in.Betrokkene == "" && bi.StatutaireNaam == "" {
			f.Add(fp+"kvkNummer", "required", "Geef een KvK-nummer, een RSIN of ten minste de statutaire naam.")
		}
		naam = bi.StatutaireNaam
	case "vestiging":
		bi.VestigingsNummer, bi.KvkNummer = trim(bi.VestigingsNummer), trim(bi.KvkNummer)
		if bi.VestigingsNummer != "" {
			if err := validVestigingsnummer(bi.VestigingsNummer); err != nil {
				f.Add(fp+"vestigingsNummer", "invalid-vestigingsnummer", err.Error())
			}
			identType, identValue = "vestigingsnummer", bi.VestigingsNummer
		} else if in.Betrokkene == "" {
			f.Add(fp+"vestigingsNummer", "required", "Het vestigingsnummer is verplicht.")
		}
		if bi.KvkNummer != "" {
			if err := validKvK(bi.KvkNummer); err != nil {
				f.Add(fp+"kvkNummer", "invalid-kvk", err.Error())
			}
			p.pipVisible = true
		}
		if len(bi.Handelsnaam) > 0 {
			naam = bi.Handelsnaam[0]
		}
	case "medewerker":
		bi.Identificatie = trim(bi.Identificatie)
		if bi.Identificatie == "" && in.Betrokkene == "" {
			f.Add(fp+"identificatie", "required", "De identificatie van de medewerker is verplicht.")
		}
		identType, identValue = "medewerker", bi.Identificatie
		naam = persoonsnaam("", bi.Voorletters, bi.VoorvoegselAchternaam, bi.Achternaam)
		if bi.Identificatie != "" {
			uid, unaam, err := findUser(ctx, q, bi.Identificatie)
			if err != nil {
				return nil, err
			}
			p.behandelaarID = uid
			if naam == "" {
				naam = unaam
			}
		}
	case "organisatorische_eenheid":
		bi.Identificatie = trim(bi.Identificatie)
		if bi.Identificatie == "" && in.Betrokkene == "" {
			f.Add(fp+"identificatie", "required", "De identificatie van de organisatorische eenheid is verplicht.")
		}
		identType, identValue, naam = "organisatorische_eenheid", bi.Identificatie, bi.Naam
		if bi.Identificatie != "" {
			tid, tnaam, err := findTeam(ctx, q, bi.Identificatie)
			if err != nil {
				return nil, err
			}
			p.teamID = tid
			if naam == "" {
				naam = tnaam
			}
		}
	}
	if in.AfwijkendeNaamBetrokkene != "" {
		naam = in.AfwijkendeNaamBetrokkene
	}
	cp := checkContactpersoon(f, prefix+"contactpersoonRol.", in.ContactpersoonRol)
	p.Rol = Rol{ContactpersoonRol: cp,
		RolTypeID: rt.ID, Omschrijving: rt.Omschrijving, OmschrijvingGeneriek: rt.OmschrijvingGeneriek,
		Betrokkene: in.Betrokkene, BetrokkeneType: in.BetrokkeneType, Roltoelichting: in.Roltoelichting,
		AfwijkendeNaamBetrokkene: in.AfwijkendeNaamBetrokkene, IndicatieMachtiging: in.IndicatieMachtiging,
		BetrokkeneIdentificatie: bi, IdentType: identType, IdentValue: identValue, Naam: naam,
	}
	return p, nil
}

func persoonsnaam(voornamen, voorletters, voorvoegsel, achternaam string) string {
	first := voornamen
	if first == "" {
		first = voorletters
	}
	var parts []string
	for _, s := range []string{first, voorvoegsel, achternaam} {
		if s = strings.TrimSpace(s); s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, " ")
}

// findUser resolves a medewerker identificatie to a Loket user by id or
// username; an unknown medewerker (another organisation's) is allowed and
// simply not linked.
func findUser(ctx context.Context, q db.Queryer, ident string) (id, naam string, err error) {
	query := `SELECT id, naam FROM users WHERE username = $1`
	if db.ValidUUID(ident) {
		query = `SELECT id, naam FROM users WHERE id = $1`
	}
	err = q.QueryRowContext(ctx, query, ident).Scan(&id, &naam)
	if errors.Is(err, sql.ErrNoRows) {
		return "", "", nil
	}
	if err != nil {
		return "", "", fmt.Errorf("zaak: find user: %w", err)
	}
	return id, naam, nil
}

func findTeam(ctx context.Context, q db.Queryer, ident string) (id, naam string, err error) {
	query := `SELECT id, naam FROM teams WHERE code = $1`
	if db.ValidUUID(ident) {
		query = `SELECT id, naam FROM teams WHERE id = $1`
	}
	err = q.QueryRowContext(ctx, query, ident).Scan(&id, &naam)
	if errors.Is(err, sql.ErrNoRows) {
		return "", "", nil
	}
	if err != nil {
		return "", "", fmt.Errorf("zaak: find team: %w", err)
	}
	return id, naam, nil
}

func insertRol(ctx context.Context, tx db.Queryer, r *Rol) error {
	bi, _ := json.Marshal(r.BetrokkeneIdentificatie)
	cp := ""
	if r.ContactpersoonRol != nil {
		b, _ := json.Marshal(r.ContactpersoonRol)
		cp = string(b)
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO rollen (id, zaak_id, roltype_id, omschrijving_generiek, betrokkene,
		betrokkene_type, roltoelichting, afwijkende_naam_betrokkene, indicatie_machtiging, betrokkene_identificatie,
		ident_type, ident_value, naam, registratiedatum, contactpersoon_rol) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15)`,
		r.ID, r.ZaakID, r.RolTypeID, r.OmschrijvingGeneriek, r.Betrokkene, r.BetrokkeneType, r.Roltoelichting,
		r.AfwijkendeNaamBetrokkene, r.IndicatieMachtiging, string(bi), r.IdentType, r.IdentValue, r.Naam,
		r.Registratiedatum.UTC(), cp)
	if err != nil {
		return fmt.Errorf("zaak: insert rol: %w", err)
	}
	return nil
}

const rolCols = `r.id, r.zaak_id, r.roltype_id, COALESCE(rt.omschrijving, ''), r.omschrijving_generiek, r.betrokkene,
	r.betrokkene_type, r.roltoelichting, r.afwijkende_naam_betrokkene, r.indicatie_machtiging,
	r.betrokkene_identificatie, r.ident_type, r.ident_value, r.naam, r.registratiedatum, r.contactpersoon_rol`

func scanRol(sc rowScanner) (Rol, error) {
	var r Rol
	var bi, cp string
	err := sc.Scan(&r.ID, &r.ZaakID, &r.RolTypeID, &r.Omschrijving, &r.OmschrijvingGeneriek, &r.Betrokkene,
		&r.BetrokkeneType, &r.Roltoelichting, &r.AfwijkendeNaamBetrokkene, &r.IndicatieMachtiging, &bi,
		&r.IdentType, &r.IdentValue, &r.Naam, &r.Registratiedatum, &cp)
	if err != nil {
		return r, err
	}
	_ = json.Unmarshal([]byte(bi), &r.BetrokkeneIdentificatie)
	if cp != "" {
		r.ContactpersoonRol = &ContactpersoonRol{}
		_ = json.Unmarshal([]byte(cp), r.ContactpersoonRol)
	}
	r.Registratiedatum = r.Registratiedatum.UTC()
	return r, nil
}

func listRollen(ctx context.Context, q db.Queryer, zaakID string) ([]Rol, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+rolCols+` FROM rollen r LEFT JOIN roltypen rt ON rt.id = r.roltype_id
		WHERE r.zaak_id = $1 ORDER BY r.registratiedatum, r.id`, zaakID)
	if err != nil {
		return nil, fmt.Errorf("zaak: rollen: %w", err)
	}
	defer rows.Close()
	var out []Rol
	for rows.Next() {
		r, err := scanRol(rows)
		if err != nil {
			return nil, fmt.Errorf("zaak: scan rol: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// AddRol adds a betrokkene to the zaak. An initiator becomes the zaak's
// listed initiator when it has none yet (and settles N8 when the initiator can
// log in to the PIP); a behandelaar medewerker who is a Loket user becomes
// zaken.behandelaar_id, and a behandelaar organisatorische eenheid that is a
// Loket team becomes zaken.team_id.
func (s *Service) AddRol(ctx context.Context, zaakID string, in RolInput) (*Rol, error) {
	var out Rol
	err := s.change(ctx, zaakID, func(c *change) error {
		var f errs.Fields
		p, err := prepareRol(ctx, c.tx, &f, "", c.z.ZaakTypeID, in)
		if err != nil {
			return err
		}
		if err := f.Err(); err != nil {
			return err
		}
		p.ID, p.ZaakID, p.Registratiedatum = newID(), c.z.ID, c.now
		if err := insertRol(ctx, c.tx, &p.Rol); err != nil {
			return err
		}
		if err := c.audit("rol", p.ID, "create", "Rol toegevoegd: "+p.Omschrijving, nil, p.Rol); err != nil {
			return err
		}
		switch p.OmschrijvingGeneriek {
		case "initiator":
			if c.z.InitiatorID == "" && c.z.InitiatorNaam == "" {
				c.z.InitiatorType, c.z.InitiatorID, c.z.InitiatorNaam = p.IdentType, p.IdentValue, p.Naam
				c.dirty = true
			}
			if p.pipVisible {
				if err := settleN8(ctx, c.tx, c.z.ID, "initiator_in_pip", c.now); err != nil {
					return err
				}
			}
		case "behandelaar":
			if p.behandelaarID != "" {
				c.z.BehandelaarID, c.dirty = p.behandelaarID, true
			}
			if p.teamID != "" {
				c.z.TeamID, c.dirty = p.teamID, true
			}
		}
		out = p.Rol
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// RemoveRol deletes a rol; the denormalised initiator and behandelaar of the
// zaak move to the next remaining rol of that kind (or are cleared).
func (s *Service) RemoveRol(ctx context.Context, rolID string) error {
	zaakID, err := zaakOf(ctx, s.DB.W, `SELECT zaak_id FROM rollen WHERE id = $1`, rolID, "rol")
	if err != nil {
		return err
	}
	return s.change(ctx, zaakID, func(c *change) error {
		rows, err := listRollen(ctx, c.tx, c.z.ID)
		if err != nil {
			return err
		}
		var old *Rol
		var rest []Rol
		for i := range rows {
			if rows[i].ID == rolID {
				old = &rows[i]
			} else {
				rest = append(rest, rows[i])
			}
		}
		if old == nil {
			return errs.NotFoundf("rol", rolID)
		}
		if _, err := c.tx.ExecContext(ctx, `DELETE FROM rollen WHERE id = $1`, rolID); err != nil {
			return fmt.Errorf("zaak: delete rol: %w", err)
		}
		if err := c.audit("rol", rolID, "destroy", "Rol verwijderd: "+old.Omschrijving, old, nil); err != nil {
			return err
		}
		switch old.OmschrijvingGeneriek {
		case "initiator":
			c.z.InitiatorType, c.z.InitiatorID, c.z.InitiatorNaam = "", "", ""
			for _, r := range rest {
				if r.OmschrijvingGeneriek == "initiator" {
					c.z.InitiatorType, c.z.InitiatorID, c.z.InitiatorNaam = r.IdentType, r.IdentValue, r.Naam
					break
				}
			}
			c.dirty = true
		case "behandelaar":
			if old.BetrokkeneType == "medewerker" {
				c.z.BehandelaarID = ""
				for i := len(rest) - 1; i >= 0; i-- {
					r := rest[i]
					if r.OmschrijvingGeneriek == "behandelaar" && r.BetrokkeneType == "medewerker" && r.IdentValue != "" {
						uid, _, err := findUser(ctx, c.tx, r.IdentValue)
						if err != nil {
							return err
						}
						if uid != "" {
							c.z.BehandelaarID = uid
							break
						}
					}
				}
				c.dirty = true
			}
		}
		return nil
	})
}

// zaakOf finds the zaak a part belongs to.
func zaakOf(ctx context.Context, q db.Queryer, query, id, what string) (string, error) {
	if !db.ValidUUID(id) {
		return "", errs.NotFoundf(what, id)
	}
	var zaakID string
	err := q.QueryRowContext(ctx, query, id).Scan(&zaakID)
	if errors.Is(err, sql.ErrNoRows) {
		return "", errs.NotFoundf(what, id)
	}
	if err != nil {
		return "", fmt.Errorf("zaak: find %s: %w", what, err)
	}
	return zaakID, nil
}

// checkContactpersoon validates a rol's contactpersoon against the Zaken
// API's limits (naam required, at most 200; e-mail 254; functie 50;
// telefoonnummer 20) and returns it trimmed.
func checkContactpersoon(f *errs.Fields, prefix string, in *ContactpersoonRol) *ContactpersoonRol {
	if in == nil {
		return nil
	}
	c := ContactpersoonRol{Naam: trim(in.Naam), Emailadres: trim(in.Emailadres), Functie: trim(in.Functie),
		Telefoonnummer: trim(in.Telefoonnummer)}
	if c.Naam == "" {
		f.Add(prefix+"naam", "required", "De naam van de contactpersoon is verplicht.")
	}
	for _, x := range []struct {
		field, v string
		max      int
	}{{"naam", c.Naam, 200}, {"emailadres", c.Emailadres, 254}, {"functie", c.Functie, 50}, {"telefoonnummer", c.Telefoonnummer, 20}} {
		if n := len([]rune(x.v)); n > x.max {
			f.Add(prefix+x.field, "max_length", fmt.Sprintf("Hoogstens %d tekens (nu %d).", x.max, n))
		}
	}
	if c.Emailadres != "" {
		if a, err := mail.ParseAddress(c.Emailadres); err != nil || a.Address != c.Emailadres {
			f.Add(prefix+"emailadres", "invalid", "Geef een geldig e-mailadres, zoals naam@voorbeeld.nl.")
		}
	}
	return &c
}
