package burger

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/mail"
	"regexp"
	"strings"

	"github.com/gemeenten/loket/internal/audit"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/errs"
)

// How a party wants to receive updates and letters.
const (
	ViaEmail = "email" // e-mail (letters attached)
	ViaPost  = "post"  // letters by post; nothing by e-mail
	ViaPIP   = "pip"   // only in the PIP
)

// Voorkeur is a party's contact preference.
type Voorkeur struct {
	Email     string
	Telefoon  string
	Berichten string
	// Set is false when the party never chose: then what the
	// municipality knows (personen/bedrijven) applies, with e-mail when an
	// address is known.
	Set bool
}

var phoneRe = regexp.MustCompile(`^\+?[0-9][0-9 \-]{8,16}$`)

// VoorkeurFor returns the party's preference, falling back to the e-mail
// address and phone number of the basisregistratie stand-in. The letters
// and status e-mails call it in their transaction, hence the Queryer.
func VoorkeurFor(ctx context.Context, q db.Queryer, subjectType, subjectID string) (Voorkeur, error) {
	var v Voorkeur
	err := q.QueryRowContext(ctx, `SELECT email, telefoon, berichten FROM contactvoorkeuren WHERE subject_type = $1 AND subject_id = $2`,
		subjectType, subjectID).Scan(&v.Email, &v.Telefoon, &v.Berichten)
	switch {
	case err == nil:
		v.Set = true
		return v, nil
	case !errors.Is(err, sql.ErrNoRows):
		return v, fmt.Errorf("burger: voorkeur: %w", err)
	}
	switch subjectType {
	case BSN:
		err = q.QueryRowContext(ctx, `SELECT email, telefoon FROM personen WHERE bsn = $1`, subjectID).Scan(&v.Email, &v.Telefoon)
	case KvK:
		err = q.QueryRowContext(ctx, `SELECT email, telefoon FROM bedrijven WHERE kvk_nummer = $1 ORDER BY vestigingsnummer LIMIT 1`,
			subjectID).Scan(&v.Email, &v.Telefoon)
	default:
		err = sql.ErrNoRows
	}
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return v, fmt.Errorf("burger: contact details: %w", err)
	}
	v.Berichten = ViaPost
	if v.Email != "" {
		v.Berichten = ViaEmail
	}
	return v, nil
}

// SetVoorkeur stores the party's own choice. Bad input is refused field by
// field and nothing changes.
func (s *Service) SetVoorkeur(ctx context.Context, subj Subject, v Voorkeur) error {
	v.Email, v.Telefoon = strings.TrimSpace(v.Email), strings.TrimSpace(v.Telefoon)
	var f errs.Fields
	if v.Email != "" {
		if a, err := mail.ParseAddress(v.Email); err != nil || a.Address != v.Email {
			f.Add("email", "invalid", "Vul een e-mailadres in zoals naam@voorbeeld.nl.")
		}
	}
	if v.Telefoon != "" && !phoneRe.MatchString(v.Telefoon) {
		f.Add("telefoon", "invalid", "Vul een telefoonnummer in met 10 cijfers, bijvoorbeeld 0612345678.")
	}
	switch v.Berichten {
	case ViaEmail:
		if v.Email == "" {
			f.Add("email", "required", "Vul uw e-mailadres in als u berichten per e-mail wilt krijgen.")
		}
	case ViaPost, ViaPIP:
	default:
		f.Add("berichten", "invalid", "Kies hoe u berichten van ons wilt krijgen.")
	}
	if err := f.Err(); err != nil {
		return err
	}
	now := s.now()
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		old, err := VoorkeurFor(ctx, tx, subj.Type, subj.Number)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO contactvoorkeuren (subject_type, subject_id, email, telefoon, berichten, updated_at)
			VALUES ($1,$2,$3,$4,$5,$6) ON CONFLICT (subject_type, subject_id) DO UPDATE SET email = excluded.email,
			telefoon = excluded.telefoon, berichten = excluded.berichten, updated_at = excluded.updated_at`,
			subj.Type, subj.Number, v.Email, v.Telefoon, v.Berichten, now); err != nil {
			return fmt.Errorf("burger: set voorkeur: %w", err)
		}
		return audit.Record(ctx, tx, audit.Entry{Bron: "PIP", HoofdObject: subj.Type + ":" + subj.Number, Resource: "contactvoorkeur",
			ResourceID: subj.Type + ":" + subj.Number, ResourceWeergave: "Contactvoorkeuren", Actie: "update",
			ActieWeergave: "Contactvoorkeuren gewijzigd in Mijn gemeente", Old: old, New: v, At: now})
	})
}
