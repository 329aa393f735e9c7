package zaak

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/termijn"
)

// APIExtra are the fields of a ZGW Zaak that CreateInput and UpdateInput do
// not carry: the archive fields at creation and the gegevensgroepen
// opschorting and verlenging (zrc-012).
type APIExtra struct {
	Archiefnominatie        string
	Archiefactiedatum       date.Date
	StartdatumBewaartermijn date.Date
	// Opschorting sets the gegevensgroep. Without a term (the API has none)
	// it does not stop the legal clock (Awb 4:15 needs a term); setting
	// indicatie false while documents are awaited (RequestDocuments) records
	// them as received today, so the clock runs again.
	Opschorting *OpschortingGroep
	// Verlenging on an existing zaak extends the legal term (Extend, with its
	// rules); at creation it is recorded as given.
	Verlenging      *VerlengingGroep
	ClearVerlenging bool
}

// ZaakTypeVertrouwelijkheid returns the zaaktype's default
// vertrouwelijkheidaanduiding (zrc-009), for checking a client's ceiling
// before a create.
func (s *Service) ZaakTypeVertrouwelijkheid(ctx context.Context, zaaktypeID string) (string, error) {
	zt, err := loadZaakType(ctx, s.DB.R, zaaktypeID)
	if err != nil {
		return "", err
	}
	return zt.Vertrouwelijkheidaanduiding, nil
}

// APICreate creates a zaak as POST /zaken does: Create plus the fields of
// x, in one transaction. It returns the zaak as stored (what APIGet would
// read), so the answer needs no second read.
func (s *Service) APICreate(ctx context.Context, in CreateInput, x APIExtra) (*Zaak, error) {
	var f errs.Fields
	if x.Archiefnominatie != "" && !oneOf(x.Archiefnominatie, Archiefnominaties) {
		f.Add("archiefnominatie", "invalid_choice", "Kies blijvend_bewaren of vernietigen.")
	}
	if x.Opschorting != nil && len([]rune(x.Opschorting.Reden)) > 200 {
		f.Add("opschorting.reden", "max_length", "De reden mag niet langer zijn dan 200 tekens.")
	}
	if x.Verlenging != nil {
		checkVerlengingGroep(&f, *x.Verlenging)
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	z, err := s.createZaak(ctx, in, &x)
	if err != nil {
		return nil, err
	}
	z.ZaakType.ID = z.ZaakTypeID
	return z, nil
}

func checkVerlengingGroep(f *errs.Fields, v VerlengingGroep) termijn.Duration {
	if trim(v.Reden) == "" {
		f.Add("verlenging.reden", "required", "De reden van de verlenging is verplicht.")
	} else if len([]rune(v.Reden)) > 200 {
		f.Add("verlenging.reden", "max_length", "De reden mag niet langer zijn dan 200 tekens.")
	}
	d, err := termijn.ParseDuration(v.Duur)
	if err != nil || d.IsZero() {
		f.Add("verlenging.duur", "invalid", "De duur is een ISO 8601-duur, bijvoorbeeld P30D.")
	}
	return d
}

// APIUpdate changes a zaak as PUT/PATCH /zaken/{uuid} does: Update for the
// plain fields, then the gegevensgroepen of x.
func (s *Service) APIUpdate(ctx context.Context, zaakID string, in UpdateInput, x APIExtra) error {
	cur, err := s.get(ctx, s.DB.R, zaakID)
	if err != nil {
		return err
	}
	var f errs.Fields
	var duur termijn.Duration
	extend := x.Verlenging != nil && (x.Verlenging.Duur != cur.Verlenging.Duur || x.Verlenging.Reden != cur.Verlenging.Reden)
	if extend {
		duur = checkVerlengingGroep(&f, *x.Verlenging)
	}
	if x.Opschorting != nil && len([]rune(x.Opschorting.Reden)) > 200 {
		f.Add("opschorting.reden", "max_length", "De reden mag niet langer zijn dan 200 tekens.")
	}
	if err := f.Err(); err != nil {
		return err
	}
	if _, err := s.Update(ctx, zaakID, in); err != nil {
		return err
	}
	if extend {
		if _, err := s.Extend(ctx, zaakID, duur, x.Verlenging.Reden); err != nil {
			return err
		}
	}
	if x.Opschorting != nil {
		return s.setOpschortingGroep(ctx, zaakID, *x.Opschorting)
	}
	return nil
}

func (s *Service) setOpschortingGroep(ctx context.Context, zaakID string, op OpschortingGroep) error {
	if !op.Indicatie {
		open, err := db.Exists(ctx, s.DB.R, `SELECT 1 FROM opschortingen WHERE zaak_id = $1 AND hervat_op IS NULL`, zaakID)
		if err != nil {
			return err
		}
		if open {
			_, err := s.DocumentsReceived(ctx, zaakID, date.Today(s.now()))
			return err
		}
	}
	return s.changeZaak(ctx, zaakID, true, func(c *change) error {
		if c.z.IsClosed() && !forced(ctx) {
			return errClosed()
		}
		if c.z.Opschorting.Indicatie == op.Indicatie && c.z.Opschorting.Reden == op.Reden {
			return nil
		}
		old := c.z.Opschorting
		c.z.Opschorting.Indicatie, c.z.Opschorting.Reden = op.Indicatie, trim(op.Reden)
		if op.Indicatie {
			c.z.Opschorting.EerdereOpschorting = true
		}
		c.dirty = true
		return c.audit("zaak", c.z.ID, "partial_update", "Opschorting gewijzigd", old, c.z.Opschorting)
	})
}

// APIPrepareStatus makes room for the first status a client sets. Loket
// gives every zaak its initial status when it is created; a ZGW client
// (a form system, say) then sets "the first" status itself, often with the
// moment the form was submitted, which lies before the creation. When the
// zaak still has only that provisional status and the client's
// datumStatusGezet is not after it, the provisional status is dated one
// second earlier, so the history stays in order and the client's status
// becomes the current one.
func (s *Service) APIPrepareStatus(ctx context.Context, zaakID string, at time.Time) error {
	if at.IsZero() || !db.ValidUUID(zaakID) {
		return nil
	}
	return s.DB.Tx(ctx, func(tx *sql.Tx) error {
		var id string
		var gezet, created, zaakCreated time.Time
		err := tx.QueryRowContext(ctx, `SELECT s.id, s.datum_status_gezet, s.created_at, z.created_at FROM statussen s
			JOIN zaken z ON z.id = s.zaak_id WHERE s.zaak_id = $1 AND
			(SELECT COUNT(*) FROM statussen c WHERE c.zaak_id = s.zaak_id) = 1`, zaakID).Scan(&id, &gezet, &created, &zaakCreated)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("zaak: provisional status: %w", err)
		}
		if !created.Equal(zaakCreated) || at.UTC().After(gezet.UTC()) {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `UPDATE statussen SET datum_status_gezet = $2 WHERE id = $1`,
			id, at.UTC().Add(-time.Second)); err != nil {
			return fmt.Errorf("zaak: provisional status: %w", err)
		}
		return nil
	})
}
