package kennis

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/gemeenten/loket/internal/audit"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/errs"
)

// Partner is an organisation the KCC refers questions to ('no wrong door'),
// such as the sociaal wijkteam or the schuldhulpverlening.
type Partner struct {
	ID           string
	Naam         string
	Omschrijving string // what they help with
	Telefoon     string
	Email        string
	Website      string
	Actief       bool
	CreatedAt    time.Time
}

func validatePartner(p *Partner) error {
	p.Naam, p.Omschrijving = strings.TrimSpace(p.Naam), strings.TrimSpace(p.Omschrijving)
	p.Telefoon, p.Email, p.Website = strings.TrimSpace(p.Telefoon), strings.TrimSpace(p.Email), strings.TrimSpace(p.Website)
	var f errs.Fields
	if p.Naam == "" {
		f.Add("naam", "required", "Vul de naam van de organisatie in.")
	} else if utf8.RuneCountInString(p.Naam) > 200 {
		f.Add("naam", "max_length", "De naam mag niet langer zijn dan 200 tekens.")
	}
	if utf8.RuneCountInString(p.Omschrijving) > 1000 {
		f.Add("omschrijving", "max_length", "De omschrijving mag niet langer zijn dan 1000 tekens.")
	}
	if p.Email != "" {
		if a, err := mail.ParseAddress(p.Email); err != nil || a.Address != p.Email {
			f.Add("email", "invalid", "Dit is geen geldig e-mailadres.")
		}
	}
	if p.Website != "" && !validLink(p.Website) {
		f.Add("website", "invalid", "Vul een webadres in dat begint met https://.")
	}
	if p.Telefoon == "" && p.Email == "" {
		f.Add("telefoon", "required", "Vul een telefoonnummer of e-mailadres in, zodat het KCC de klant warm kan overdragen.")
	}
	return f.Err()
}

// CreatePartner adds a partner organisation (beheerder).
func (s *Service) CreatePartner(ctx context.Context, p Partner) (*Partner, error) {
	if err := mayEdit(ctx); err != nil {
		return nil, err
	}
	if err := validatePartner(&p); err != nil {
		return nil, err
	}
	p.ID, p.Actief, p.CreatedAt = uuid.NewString(), true, s.now()
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO kcc_partners (id, naam, omschrijving, telefoon, email, website, actief, created_at)
			VALUES ($1,$2,$3,$4,$5,$6,$7,$8)`, p.ID, p.Naam, p.Omschrijving, p.Telefoon, p.Email, p.Website, true, p.CreatedAt)
		if db.IsUniqueViolation(err) {
			return errs.InvalidField("naam", "unique", "Er is al een partnerorganisatie met deze naam.")
		}
		if err != nil {
			return fmt.Errorf("kennis: partner: %w", err)
		}
		return audit.Record(ctx, tx, audit.Entry{Bron: "LOKET", Resource: "partnerorganisatie", ResourceID: p.ID,
			ResourceWeergave: p.Naam, Actie: "create", ActieWeergave: "Partnerorganisatie toegevoegd", New: p, At: p.CreatedAt})
	})
	if err != nil {
		return nil, err
	}
	return &p, nil
}

// SetPartnerActief turns a partner on or off in the KCC's list.
func (s *Service) SetPartnerActief(ctx context.Context, id string, actief bool) error {
	if err := mayEdit(ctx); err != nil {
		return err
	}
	if !db.ValidUUID(id) {
		return errs.NotFoundf("partnerorganisatie", id)
	}
	now := s.now()
	return s.DB.Tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE kcc_partners SET actief = $1 WHERE id = $2`, actief, id)
		if err != nil {
			return fmt.Errorf("kennis: partner: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errs.NotFoundf("partnerorganisatie", id)
		}
		return audit.Record(ctx, tx, audit.Entry{Bron: "LOKET", Resource: "partnerorganisatie", ResourceID: id,
			Actie: "update", ActieWeergave: "Partnerorganisatie actief gewijzigd", New: map[string]bool{"actief": actief}, At: now})
	})
}

// Partners lists the partner organisations by name; onlyActive leaves out
// the ones switched off.
func (s *Service) Partners(ctx context.Context, onlyActive bool) ([]Partner, error) {
	q := `SELECT id, naam, omschrijving, telefoon, email, website, actief, created_at FROM kcc_partners`
	var args []any
	if onlyActive {
		q += ` WHERE actief = $1`
		args = append(args, true)
	}
	rows, err := s.DB.R.QueryContext(ctx, q+` ORDER BY naam`, args...)
	if err != nil {
		return nil, fmt.Errorf("kennis: partners: %w", err)
	}
	defer rows.Close()
	var out []Partner
	for rows.Next() {
		var p Partner
		if err := rows.Scan(&p.ID, &p.Naam, &p.Omschrijving, &p.Telefoon, &p.Email, &p.Website, &p.Actief, &p.CreatedAt); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// GetPartner returns one partner organisation.
func (s *Service) GetPartner(ctx context.Context, id string) (*Partner, error) {
	if !db.ValidUUID(id) {
		return nil, errs.NotFoundf("partnerorganisatie", id)
	}
	var p Partner
	err := s.DB.R.QueryRowContext(ctx, `SELECT id, naam, omschrijving, telefoon, email, website, actief, created_at
		FROM kcc_partners WHERE id = $1`, id).Scan(&p.ID, &p.Naam, &p.Omschrijving, &p.Telefoon, &p.Email, &p.Website, &p.Actief, &p.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.NotFoundf("partnerorganisatie", id)
	}
	if err != nil {
		return nil, fmt.Errorf("kennis: partner: %w", err)
	}
	return &p, nil
}

// Doorverwijzing is the warm handover record of a referral: what the
// partner was told, with the customer's consent to share it.
type Doorverwijzing struct {
	ID             string
	PartnerID      string
	PartnerNaam    string
	KlantcontactID string
	PartijType     string
	PartijID       string // BSN, KvK-nummer or vestigingsnummer; "" when anonymous
	PartijNaam     string
	Vraag          string
	Overdracht     string // what was passed on, so the customer need not repeat it
	Toestemming    bool
	Terugbelnummer string
	MedewerkerID   string
	MedewerkerNaam string
	CreatedAt      time.Time
}

// CheckDoorverwijzing validates a referral before the contact is
// registered, so a wrong form saves neither.
func (s *Service) CheckDoorverwijzing(ctx context.Context, d *Doorverwijzing) error {
	d.Vraag, d.Overdracht, d.Terugbelnummer = strings.TrimSpace(d.Vraag), strings.TrimSpace(d.Overdracht), strings.TrimSpace(d.Terugbelnummer)
	var f errs.Fields
	if d.PartnerID == "" {
		f.Add("partner", "required", "Kies de organisatie waar u de klant naar doorverwijst.")
	} else if p, err := s.GetPartner(ctx, d.PartnerID); err != nil {
		if !errs.Is(err, errs.NotFound) {
			return err
		}
		f.Add("partner", "does_not_exist", "Deze organisatie staat niet (meer) in de lijst.")
	} else if !p.Actief {
		f.Add("partner", "inactive", "Deze organisatie staat niet meer in de lijst.")
	} else {
		d.PartnerNaam = p.Naam
	}
	if d.Overdracht == "" {
		f.Add("overdracht", "required", "Schrijf op wat u aan de organisatie doorgeeft, zodat de klant zijn verhaal niet opnieuw hoeft te vertellen.")
	} else if utf8.RuneCountInString(d.Overdracht) > 4000 {
		f.Add("overdracht", "max_length", "De overdracht mag niet langer zijn dan 4000 tekens.")
	}
	if !d.Toestemming {
		f.Add("toestemming", "required", "Vraag de klant om toestemming om de gegevens door te geven, en vink dat aan.")
	}
	return f.Err()
}

// RecordDoorverwijzing stores the handover record (after CheckDoorverwijzing
// and the klantcontact it belongs to).
func (s *Service) RecordDoorverwijzing(ctx context.Context, d Doorverwijzing) (*Doorverwijzing, error) {
	if err := s.CheckDoorverwijzing(ctx, &d); err != nil {
		return nil, err
	}
	a := audit.ActorFrom(ctx)
	d.ID, d.CreatedAt, d.MedewerkerID, d.MedewerkerNaam = uuid.NewString(), s.now(), a.ID, a.Name
	if d.PartijType == "" {
		d.PartijType = "anoniem"
	}
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		var kc any
		if d.KlantcontactID != "" {
			kc = d.KlantcontactID
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO kcc_doorverwijzingen (id, partner_id, klantcontact_id, partij_type, partij_id,
			partij_naam, vraag, overdracht, toestemming, terugbelnummer, medewerker_id, medewerker_naam, created_at)
			VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13)`, d.ID, d.PartnerID, kc, d.PartijType, d.PartijID, d.PartijNaam,
			d.Vraag, d.Overdracht, d.Toestemming, d.Terugbelnummer, d.MedewerkerID, d.MedewerkerNaam, d.CreatedAt); err != nil {
			return fmt.Errorf("kennis: doorverwijzing: %w", err)
		}
		return audit.Record(ctx, tx, audit.Entry{Bron: "LOKET", Resource: "doorverwijzing", ResourceID: d.ID,
			ResourceWeergave: d.PartnerNaam, Actie: "create", ActieWeergave: "Doorverwezen naar " + d.PartnerNaam, New: d, At: d.CreatedAt})
	})
	if err != nil {
		return nil, err
	}
	return &d, nil
}

// Doorverwijzingen lists a customer's referrals, newest first.
func (s *Service) Doorverwijzingen(ctx context.Context, partijID string, limit int) ([]Doorverwijzing, error) {
	if limit <= 0 {
		limit = 20
	}
	rows, err := s.DB.R.QueryContext(ctx, `SELECT d.id, d.partner_id, p.naam, COALESCE(CAST(d.klantcontact_id AS TEXT), ''),
		d.partij_type, d.partij_id, d.partij_naam, d.vraag, d.overdracht, d.toestemming, d.terugbelnummer, d.medewerker_id,
		d.medewerker_naam, d.created_at FROM kcc_doorverwijzingen d JOIN kcc_partners p ON p.id = d.partner_id
		WHERE d.partij_id = $1 ORDER BY d.created_at DESC LIMIT $2`, partijID, limit)
	if err != nil {
		return nil, fmt.Errorf("kennis: doorverwijzingen: %w", err)
	}
	defer rows.Close()
	var out []Doorverwijzing
	for rows.Next() {
		var d Doorverwijzing
		if err := rows.Scan(&d.ID, &d.PartnerID, &d.PartnerNaam, &d.KlantcontactID, &d.PartijType, &d.PartijID, &d.PartijNaam,
			&d.Vraag, &d.Overdracht, &d.Toestemming, &d.Terugbelnummer, &d.MedewerkerID, &d.MedewerkerNaam, &d.CreatedAt); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}
