// Package besluit keeps besluiten (Besluiten API): decisions with their
// dates, the objection deadline derived from the verzenddatum, the optional
// zaak they are the outcome of, and the informatieobjecten that record them.
package besluit

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/gemeenten/loket/internal/audit"
	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/event"
	"github.com/gemeenten/loket/internal/ident"
	"github.com/gemeenten/loket/internal/termijn"
)

// Vervalredenen.
const (
	VervalredenTijdelijk                 = "tijdelijk"
	VervalredenIngetrokkenOverheid       = "ingetrokken_overheid"
	VervalredenIngetrokkenBelanghebbende = "ingetrokken_belanghebbende"
)

// Besluit is a decision. JSON names are those of the Besluiten API; the JSON
// is also what the audit trail keeps.
type Besluit struct {
	ID                           string    `json:"uuid"`
	Identificatie                string    `json:"identificatie"`
	VerantwoordelijkeOrganisatie string    `json:"verantwoordelijkeOrganisatie"`
	BesluittypeID                string    `json:"besluittype"`
	ZaakID                       string    `json:"zaak"`
	Datum                        date.Date `json:"datum"`
	Toelichting                  string    `json:"toelichting"`
	Bestuursorgaan               string    `json:"bestuursorgaan"`
	Ingangsdatum                 date.Date `json:"ingangsdatum"`
	Vervaldatum                  date.Date `json:"vervaldatum"`
	Vervalreden                  string    `json:"vervalreden"`
	Publicatiedatum              date.Date `json:"publicatiedatum"`
	Verzenddatum                 date.Date `json:"verzenddatum"`
	UiterlijkeReactiedatum       date.Date `json:"uiterlijkeReactiedatum"`
	CreatedAt                    time.Time `json:"-"`
}

// Service is the besluit domain.
type Service struct {
	db  *db.DB
	now func() time.Time
	// Calendar decides the objection deadline (nil: termijn.Legal()).
	Calendar *termijn.Calendar
	// Events receives every change in its transaction (ZGW notifications);
	// nil means nobody listens.
	Events event.Sink
}

// New returns the service; now is the clock (nil: time.Now).
func New(d *db.DB, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{db: d, now: now}
}

func (s *Service) clock() time.Time { return s.now().UTC() }

func (s *Service) cal() *termijn.Calendar {
	if s.Calendar != nil {
		return s.Calendar
	}
	return termijn.Legal()
}

// CreateInput is a new besluit.
type CreateInput struct {
	VerantwoordelijkeOrganisatie string
	Identificatie                string // generated (BESLUIT-2026-0000000001) when empty
	BesluittypeID                string
	ZaakID                       string // optional
	Datum                        date.Date
	Toelichting                  string
	Bestuursorgaan               string
	Ingangsdatum                 date.Date
	Vervaldatum                  date.Date
	Vervalreden                  string
	Publicatiedatum              date.Date
	Verzenddatum                 date.Date
	// UiterlijkeReactiedatum is the objection deadline (Awb 6:7) from the
	// verzenddatum when empty.
	UiterlijkeReactiedatum date.Date
	// Geforceerd allows adding the besluit to a closed zaak (as does a
	// context from WithGeforceerd).
	Geforceerd bool
}

// UpdateInput changes a besluit; nil keeps a field, a pointer to the zero
// date clears it. Identificatie, VerantwoordelijkeOrganisatie, BesluittypeID
// and ZaakID may be passed (as a PUT does) but must not differ (brc-001,
// brc-002, brc-006).
type UpdateInput struct {
	Identificatie                *string
	VerantwoordelijkeOrganisatie *string
	BesluittypeID                *string
	ZaakID                       *string
	Datum                        *date.Date
	Toelichting                  *string
	Bestuursorgaan               *string
	Ingangsdatum                 *date.Date
	Vervaldatum                  *date.Date
	Vervalreden                  *string
	Publicatiedatum              *date.Date
	Verzenddatum                 *date.Date
	// UiterlijkeReactiedatum is recomputed from a changed verzenddatum when nil.
	UiterlijkeReactiedatum *date.Date
}

const selectCols = `id, identificatie, verantwoordelijke_organisatie, besluittype_id, zaak_id, datum, toelichting,
	bestuursorgaan, ingangsdatum, vervaldatum, vervalreden, publicatiedatum, verzenddatum, uiterlijke_reactiedatum, created_at`

type scanner interface{ Scan(...any) error }

func scan(r scanner) (Besluit, error) {
	var b Besluit
	var zaak sql.NullString
	err := r.Scan(&b.ID, &b.Identificatie, &b.VerantwoordelijkeOrganisatie, &b.BesluittypeID, &zaak, &b.Datum,
		&b.Toelichting, &b.Bestuursorgaan, &b.Ingangsdatum, &b.Vervaldatum, &b.Vervalreden, &b.Publicatiedatum,
		&b.Verzenddatum, &b.UiterlijkeReactiedatum, &b.CreatedAt)
	b.ZaakID = zaak.String
	b.CreatedAt = b.CreatedAt.UTC()
	return b, err
}

func get(ctx context.Context, q db.Queryer, id string) (Besluit, error) {
	if !db.ValidUUID(id) {
		return Besluit{}, errs.NotFoundf("besluit", id)
	}
	b, err := scan(q.QueryRowContext(ctx, `SELECT `+selectCols+` FROM besluiten WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return b, errs.NotFoundf("besluit", id)
	}
	if err != nil {
		return b, fmt.Errorf("besluit: get %s: %w", id, err)
	}
	return b, nil
}

// Get returns a besluit.
func (s *Service) Get(ctx context.Context, id string) (*Besluit, error) {
	b, err := get(ctx, s.db.R, id)
	if err != nil {
		return nil, err
	}
	return &b, nil
}

// Create registers a besluit.
func (s *Service) Create(ctx context.Context, in CreateInput) (*Besluit, error) {
	now := s.clock()
	b := Besluit{
		ID:                           uuid.NewString(),
		Identificatie:                strings.TrimSpace(in.Identificatie),
		VerantwoordelijkeOrganisatie: strings.TrimSpace(in.VerantwoordelijkeOrganisatie),
		BesluittypeID:                strings.TrimSpace(in.BesluittypeID),
		ZaakID:                       strings.TrimSpace(in.ZaakID),
		Datum:                        in.Datum,
		Toelichting:                  strings.TrimSpace(in.Toelichting),
		Bestuursorgaan:               strings.TrimSpace(in.Bestuursorgaan),
		Ingangsdatum:                 in.Ingangsdatum,
		Vervaldatum:                  in.Vervaldatum,
		Vervalreden:                  strings.TrimSpace(in.Vervalreden),
		Publicatiedatum:              in.Publicatiedatum,
		Verzenddatum:                 in.Verzenddatum,
		UiterlijkeReactiedatum:       in.UiterlijkeReactiedatum,
		CreatedAt:                    now,
	}
	var f errs.Fields
	if b.VerantwoordelijkeOrganisatie == "" {
		f.Add("verantwoordelijkeOrganisatie", "required", "Verantwoordelijke organisatie is verplicht.")
	} else if ident.RSIN(b.VerantwoordelijkeOrganisatie) != nil {
		f.Add("verantwoordelijkeOrganisatie", "invalid", "Verantwoordelijke organisatie is geen geldig RSIN (9 cijfers, elfproef).")
	}
	if len([]rune(b.Identificatie)) > 50 {
		f.Add("identificatie", "max_length", "Identificatie mag hoogstens 50 tekens lang zijn.")
	}
	s.validate(&f, &b, now)
	if err := s.checkType(ctx, &f, b.BesluittypeID); err != nil {
		return nil, err
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	toelichting := ""
	if b.UiterlijkeReactiedatum.IsZero() && !b.Verzenddatum.IsZero() {
		b.UiterlijkeReactiedatum = termijn.BezwaarTermijn(b.Verzenddatum, s.cal())
		toelichting = "Uiterlijke reactiedatum berekend: bezwaartermijn van zes weken na verzending (Awb 6:7, 6:8, Atw art. 1)."
	}
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		if b.ZaakID != "" {
			if err := checkZaak(ctx, tx, b.ZaakID, b.BesluittypeID, in.Geforceerd || geforceerd(ctx)); err != nil {
				return err
			}
		}
		if b.Identificatie == "" {
			id, err := nextIdentificatie(ctx, tx, b.VerantwoordelijkeOrganisatie, now)
			if err != nil {
				return err
			}
			b.Identificatie = id
		} else if taken, err := identificatieTaken(ctx, tx, b.VerantwoordelijkeOrganisatie, b.Identificatie); err != nil {
			return err
		} else if taken {
			return errIdentificatieTaken()
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO besluiten (`+selectCols+`)
			VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15)`,
			b.ID, b.Identificatie, b.VerantwoordelijkeOrganisatie, b.BesluittypeID, nullable(b.ZaakID), b.Datum,
			b.Toelichting, b.Bestuursorgaan, b.Ingangsdatum, b.Vervaldatum, b.Vervalreden, b.Publicatiedatum,
			b.Verzenddatum, b.UiterlijkeReactiedatum, now)
		if db.IsUniqueViolation(err) {
			return errIdentificatieTaken()
		}
		if err != nil {
			return fmt.Errorf("besluit: insert: %w", err)
		}
		if err := s.emit(ctx, tx, &b, "besluit", b.ID, event.Create); err != nil {
			return err
		}
		return record(ctx, tx, &b, "create", "Besluit vastgelegd", toelichting, nil, b, now)
	})
	if err != nil {
		return nil, err
	}
	return &b, nil
}

func errIdentificatieTaken() error {
	return errs.InvalidField("identificatie", "identificatie-niet-uniek",
		"Deze identificatie is al in gebruik bij deze verantwoordelijke organisatie.")
}

// validate checks the fields a create and an update share.
func (s *Service) validate(f *errs.Fields, b *Besluit, now time.Time) {
	if b.BesluittypeID == "" {
		f.Add("besluittype", "required", "Besluittype is verplicht.")
	}
	if b.Datum.IsZero() {
		f.Add("datum", "required", "Datum is verplicht.")
	} else if b.Datum.After(date.Today(now)) {
		f.Add("datum", "future-not-allowed", "De datum van het besluit mag niet in de toekomst liggen.")
	}
	if b.Ingangsdatum.IsZero() {
		f.Add("ingangsdatum", "required", "Ingangsdatum is verplicht.")
	}
	if !b.Vervaldatum.IsZero() && !b.Ingangsdatum.IsZero() && b.Vervaldatum.Before(b.Ingangsdatum) {
		f.Add("vervaldatum", "vervaldatum-voor-ingangsdatum", "De vervaldatum mag niet vóór de ingangsdatum liggen.")
	}
	switch b.Vervalreden {
	case "", VervalredenTijdelijk, VervalredenIngetrokkenOverheid, VervalredenIngetrokkenBelanghebbende:
	default:
		f.Add("vervalreden", "invalid_choice", "Vervalreden moet tijdelijk, ingetrokken_overheid of ingetrokken_belanghebbende zijn.")
	}
	if len([]rune(b.Bestuursorgaan)) > 50 {
		f.Add("bestuursorgaan", "max_length", "Bestuursorgaan mag hoogstens 50 tekens lang zijn.")
	}
	if len([]rune(b.Toelichting)) > 10000 {
		f.Add("toelichting", "max_length", "Toelichting mag hoogstens 10000 tekens lang zijn.")
	}
}

// checkType enforces brc-001: the besluittype exists and is published.
func (s *Service) checkType(ctx context.Context, f *errs.Fields, id string) error {
	if id == "" {
		return nil
	}
	if !db.ValidUUID(id) {
		f.Add("besluittype", "does_not_exist", "Dit besluittype bestaat niet.")
		return nil
	}
	var concept bool
	err := s.db.R.QueryRowContext(ctx, `SELECT concept FROM besluittypen WHERE id = $1`, id).Scan(&concept)
	if errors.Is(err, sql.ErrNoRows) {
		f.Add("besluittype", "does_not_exist", "Dit besluittype bestaat niet.")
		return nil
	}
	if err != nil {
		return fmt.Errorf("besluit: besluittype: %w", err)
	}
	if concept {
		f.Add("besluittype", "not-published", "Dit besluittype is nog een concept en kan niet gebruikt worden.")
	}
	return nil
}

// checkZaak: the zaak exists, is not archived, is open unless forced, and its
// zaaktype allows the besluittype (brc-007).
func checkZaak(ctx context.Context, q db.Queryer, zaakID, besluittypeID string, geforceerd bool) error {
	if !db.ValidUUID(zaakID) {
		return errs.InvalidField("zaak", "does_not_exist", "Deze zaak bestaat niet.")
	}
	var zaaktype, archiefstatus string
	var einddatum date.Date
	err := q.QueryRowContext(ctx, `SELECT zaaktype_id, einddatum, archiefstatus FROM zaken WHERE id = $1`, zaakID).
		Scan(&zaaktype, &einddatum, &archiefstatus)
	if errors.Is(err, sql.ErrNoRows) {
		return errs.InvalidField("zaak", "does_not_exist", "Deze zaak bestaat niet.")
	}
	if err != nil {
		return fmt.Errorf("besluit: zaak %s: %w", zaakID, err)
	}
	if archiefstatus != "nog_te_archiveren" {
		return errs.InvalidField("zaak", "zaak-archiefstatus", "De zaak is gearchiveerd of wordt overgedragen; er kunnen geen besluiten meer aan toegevoegd worden.")
	}
	if !einddatum.IsZero() && !geforceerd {
		return errs.E(errs.Conflict, "zaak-afgesloten", "De zaak is afgesloten; heropen de zaak om er een besluit aan toe te voegen.")
	}
	var n int
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM zaaktype_besluittypen WHERE zaaktype_id = $1 AND besluittype_id = $2`,
		zaaktype, besluittypeID).Scan(&n); err != nil {
		return fmt.Errorf("besluit: zaaktype besluittypen: %w", err)
	}
	if n == 0 {
		return errs.InvalidField("nonFieldErrors", "zaaktype-mismatch", "Het besluittype hoort niet bij het zaaktype van de zaak.")
	}
	return nil
}

// Update changes a besluit. A changed verzenddatum recomputes the objection
// deadline unless the caller sets it.
func (s *Service) Update(ctx context.Context, id string, in UpdateInput) (*Besluit, error) {
	now := s.clock()
	var out Besluit
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		old, err := get(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := checkOpen(ctx, tx, old.ZaakID); err != nil {
			return err
		}
		b := old
		var f errs.Fields
		immutable := func(field string, v *string, cur string) {
			if v != nil && strings.TrimSpace(*v) != cur {
				f.Add(field, "wijzigen-niet-toegelaten", "Dit gegeven van een besluit kan niet gewijzigd worden.")
			}
		}
		immutable("identificatie", in.Identificatie, old.Identificatie)
		immutable("verantwoordelijkeOrganisatie", in.VerantwoordelijkeOrganisatie, old.VerantwoordelijkeOrganisatie)
		immutable("besluittype", in.BesluittypeID, old.BesluittypeID)
		immutable("zaak", in.ZaakID, old.ZaakID)
		setS := func(dst *string, v *string) {
			if v != nil {
				*dst = strings.TrimSpace(*v)
			}
		}
		setD := func(dst *date.Date, v *date.Date) {
			if v != nil {
				*dst = *v
			}
		}
		setD(&b.Datum, in.Datum)
		setS(&b.Toelichting, in.Toelichting)
		setS(&b.Bestuursorgaan, in.Bestuursorgaan)
		setD(&b.Ingangsdatum, in.Ingangsdatum)
		setD(&b.Vervaldatum, in.Vervaldatum)
		setS(&b.Vervalreden, in.Vervalreden)
		setD(&b.Publicatiedatum, in.Publicatiedatum)
		setD(&b.Verzenddatum, in.Verzenddatum)
		setD(&b.UiterlijkeReactiedatum, in.UiterlijkeReactiedatum)
		toelichting := ""
		if in.UiterlijkeReactiedatum == nil && b.Verzenddatum != old.Verzenddatum {
			// Only a deadline that was derived from the old verzenddatum
			// follows it; one set by hand stays unless the new date gives one.
			derived := !old.Verzenddatum.IsZero() && old.UiterlijkeReactiedatum == termijn.BezwaarTermijn(old.Verzenddatum, s.cal())
			switch {
			case !b.Verzenddatum.IsZero():
				b.UiterlijkeReactiedatum = termijn.BezwaarTermijn(b.Verzenddatum, s.cal())
				toelichting = "Uiterlijke reactiedatum herberekend uit de nieuwe verzenddatum (Awb 6:7, 6:8, Atw art. 1)."
			case derived:
				b.UiterlijkeReactiedatum = date.Date{}
			}
		}
		s.validate(&f, &b, now)
		if err := f.Err(); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE besluiten SET datum = $1, toelichting = $2, bestuursorgaan = $3,
			ingangsdatum = $4, vervaldatum = $5, vervalreden = $6, publicatiedatum = $7, verzenddatum = $8,
			uiterlijke_reactiedatum = $9 WHERE id = $10`,
			b.Datum, b.Toelichting, b.Bestuursorgaan, b.Ingangsdatum, b.Vervaldatum, b.Vervalreden,
			b.Publicatiedatum, b.Verzenddatum, b.UiterlijkeReactiedatum, id)
		if err != nil {
			return fmt.Errorf("besluit: update: %w", err)
		}
		out = b
		if err := s.emit(ctx, tx, &b, "besluit", b.ID, event.Update); err != nil {
			return err
		}
		return record(ctx, tx, &b, "update", "Besluit gewijzigd", toelichting, old, b, now)
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// Delete destroys the besluit with its besluitinformatieobjecten and its own
// audit trail (brc-009). The zaak keeps a record that its besluit was
// removed: that entry belongs to the zaak's history, not the besluit's.
func (s *Service) Delete(ctx context.Context, id string) error {
	now := s.clock()
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		b, err := get(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := checkOpen(ctx, tx, b.ZaakID); err != nil {
			return err
		}
		if err := s.emit(ctx, tx, &b, "besluit", b.ID, event.Destroy); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM audit_trail WHERE bron = 'BRC' AND hoofd_object = $1`, id); err != nil {
			return fmt.Errorf("besluit: delete audit trail: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM besluitinformatieobjecten WHERE besluit_id = $1`, id); err != nil {
			return fmt.Errorf("besluit: delete informatieobjecten: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM besluiten WHERE id = $1`, id); err != nil {
			return fmt.Errorf("besluit: delete: %w", err)
		}
		if b.ZaakID == "" {
			return nil
		}
		return audit.Record(ctx, tx, audit.Entry{
			Bron: "ZRC", ZaakID: b.ZaakID, HoofdObject: b.ZaakID, Resource: "zaakbesluit", ResourceID: b.ID,
			ResourceWeergave: b.Identificatie, Actie: "destroy", ActieWeergave: "Besluit verwijderd",
			Old: b, At: now,
		})
	})
}

func record(ctx context.Context, tx *sql.Tx, b *Besluit, actie, weergave, toelichting string, old, new any, at time.Time) error {
	return audit.Record(ctx, tx, audit.Entry{
		Bron: "BRC", ZaakID: b.ZaakID, HoofdObject: b.ID, Resource: "besluit", ResourceID: b.ID, ResourceWeergave: b.Identificatie,
		Actie: actie, ActieWeergave: weergave, Toelichting: toelichting, Old: old, New: new, At: at,
	})
}

// Filter selects besluiten; empty fields do not filter.
type Filter struct {
	VerantwoordelijkeOrganisatie string
	Identificatie                string
	BesluittypeID                string
	ZaakID                       string
	// BesluittypeIDs limits the list to these besluittypen (authorisation);
	// nil does not limit, an empty list matches nothing.
	BesluittypeIDs []string
	Limit          int // 0: 100
	Offset         int
}

// List returns a page of besluiten (oldest first) and the number that match.
func (s *Service) List(ctx context.Context, f Filter) ([]Besluit, int, error) {
	for _, c := range []struct{ field, v string }{{"besluittype", f.BesluittypeID}, {"zaak", f.ZaakID}} {
		if c.v != "" && !db.ValidUUID(c.v) {
			return nil, 0, errs.InvalidField(c.field, "invalid", "Geen geldige UUID.")
		}
	}
	var w db.Where
	w.Eq("verantwoordelijke_organisatie", f.VerantwoordelijkeOrganisatie)
	w.Eq("identificatie", f.Identificatie)
	w.Eq("besluittype_id", f.BesluittypeID)
	w.Eq("zaak_id", f.ZaakID)
	restrictTypes(&w, f.BesluittypeIDs)
	where := w.String()
	var total int
	if err := s.db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM besluiten`+where, w.Args()...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("besluit: count: %w", err)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 100
	}
	page := " LIMIT " + w.Arg(limit) + " OFFSET " + w.Arg(max(f.Offset, 0))
	rows, err := s.db.R.QueryContext(ctx, `SELECT `+selectCols+` FROM besluiten`+where+` ORDER BY created_at, id`+page, w.Args()...)
	if err != nil {
		return nil, 0, fmt.Errorf("besluit: list: %w", err)
	}
	defer rows.Close()
	out := []Besluit{}
	for rows.Next() {
		b, err := scan(rows)
		if err != nil {
			return nil, 0, fmt.Errorf("besluit: list: %w", err)
		}
		out = append(out, b)
	}
	return out, total, rows.Err()
}

func identificatieTaken(ctx context.Context, q db.Queryer, org, ident string) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM besluiten WHERE verantwoordelijke_organisatie = $1 AND identificatie = $2`,
		org, ident).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("besluit: check identificatie: %w", err)
	}
	return n > 0, nil
}

// nextIdentificatie hands out BESLUIT-{year}-{10 digits}, skipping numbers a
// client already chose itself (brc-002: unique within the organisation).
func nextIdentificatie(ctx context.Context, tx *sql.Tx, org string, now time.Time) (string, error) {
	year := date.Today(now).Year
	for range 1000 {
		var n int64
		err := tx.QueryRowContext(ctx, `INSERT INTO identificatie_seq (scope, jaar, last) VALUES ('besluit', $1, 1)
			ON CONFLICT (scope, jaar) DO UPDATE SET last = identificatie_seq.last + 1 RETURNING last`, year).Scan(&n)
		if err != nil {
			return "", fmt.Errorf("besluit: next identificatie: %w", err)
		}
		id := fmt.Sprintf("BESLUIT-%d-%010d", year, n)
		taken, err := identificatieTaken(ctx, tx, org, id)
		if err != nil {
			return "", err
		}
		if !taken {
			return id, nil
		}
	}
	return "", errors.New("besluit: no free identificatie")
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}
