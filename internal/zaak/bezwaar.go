package zaak

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/termijn"
)

// A bezwaarschrift zaak is decided under Awb 7:10, not under the
// zaaktype's doorlooptijd: six weeks, twelve when an advisory committee
// (7:13) hears the objection, counted from the day after the objection term
// (6:7) ended; suspended like any application (7:10 lid 2); verdaagd once by
// at most six weeks (lid 3), and further only with consent (lid 4). The
// link to the contested besluit is the bezwaren row (written by the back
// office); once it exists the legal deadline follows from it.

// bezwaarBasis is what Awb 7:10 needs of a linked bezwaar.
type bezwaarBasis struct {
	termEnd   date.Date // the (Atw-moved) last day of the objection term
	received  date.Date
	commissie bool
}

func (b bezwaarBasis) start() date.Date { return BezwaarStart(b.termEnd, b.received) }

// BezwaarStart is the day the decision term on an objection is counted
// from (it begins the day after): the end of the objection term (Awb 7:10
// lid 1). An objection received later and excused (6:11) cannot have had
// its term running before it existed, so its term runs from the day after
// receipt.
func BezwaarStart(termEnd, received date.Date) date.Date {
	if received.After(termEnd) {
		return received
	}
	return termEnd
}

// loadBezwaar reads the bezwaar of a zaak; ok is false when the zaak is no
// linked bezwaarschrift.
func loadBezwaar(ctx context.Context, q db.Queryer, zaakID string) (b bezwaarBasis, ok bool, err error) {
	err = q.QueryRowContext(ctx, `SELECT bezwaartermijn_eind, ontvangen_op, adviescommissie FROM bezwaren
		WHERE zaak_id = $1`, zaakID).Scan(&b.termEnd, &b.received, &b.commissie)
	if errors.Is(err, sql.ErrNoRows) {
		return b, false, nil
	}
	if err != nil {
		return b, false, fmt.Errorf("zaak: bezwaar: %w", err)
	}
	return b, true, nil
}

// MaxVerdaging is the one verdaging Awb 7:10 lid 3 allows.
var MaxVerdaging = termijn.Weeks(6)

// computeDeadline derives the legal deadline of z from the facts: the
// decision term (the zaaktype's doorlooptijd from the day of receipt, or
// Awb 7:10 for a bezwaar), every opschorting and every verlenging, with
// Atw art. 1 on the legal calendar.
func computeDeadline(ctx context.Context, q db.Queryer, z *Zaak) (termijn.Result, error) {
	bz, isBezwaar, err := loadBezwaar(ctx, q, z.ID)
	if err != nil {
		return termijn.Result{}, err
	}
	start := z.Startdatum
	var term termijn.Duration
	if isBezwaar {
		start, term = bz.start(), termijn.BeslistermijnBezwaarDuur(bz.commissie)
	} else {
		zt, err := loadZaakType(ctx, q, z.ZaakTypeID)
		if err != nil {
			return termijn.Result{}, err
		}
		if term, err = parseTerm(zt.Doorlooptijd); err != nil {
			return termijn.Result{}, errInvalidDoorlooptijd(err)
		}
	}
	ops, err := listOpschortingen(ctx, q, z.ID)
	if err != nil {
		return termijn.Result{}, err
	}
	vs, err := listVerlengingen(ctx, q, z.ID)
	if err != nil {
		return termijn.Result{}, err
	}
	r := termijn.Deadline(start, term, termijn.Legal(), termijn.Options{
		Suspensions: suspensionsOf(ops), Extensions: extensionsOf(vs)})
	if isBezwaar && len(r.Lines) > 0 {
		// The first line says "ontvangen <date>"; for a bezwaar the term
		// does not run from receipt, and the explanation must say so.
		what := "de bezwaartermijn liep af op %s"
		if bz.received.After(bz.termEnd) {
			what = "het bezwaarschrift kwam na de bezwaartermijn binnen (verschoonbaar), op %s"
		}
		rule := "Awb 7:10 lid 1: zes weken"
		if bz.commissie {
			rule = "Awb 7:10 lid 1: twaalf weken, met adviescommissie"
		}
		r.Lines[0] = fmt.Sprintf(what+"; de beslistermijn (%s) begint de dag erna", start, rule)
	}
	return r, nil
}

// RecomputeDeadlineTx sets the legal deadline of a zaak again from the facts
// inside the caller's transaction — for the back office, after it linked
// the zaak to a contested besluit (the deadline then follows Awb 7:10) —
// and returns it. The zaak must be open.
func (s *Service) RecomputeDeadlineTx(ctx context.Context, tx *sql.Tx, zaakID string) (date.Date, error) {
	var out date.Date
	err := s.changeZaakTx(ctx, tx, zaakID, false, func(c *change) error {
		old := c.z.UiterlijkeEinddatumAfdoening
		if err := c.recomputeDeadline(); err != nil {
			return err
		}
		out = c.z.UiterlijkeEinddatumAfdoening
		if out == old {
			return nil
		}
		type termijnWijziging struct {
			UiterlijkeEinddatumAfdoening date.Date `json:"uiterlijkeEinddatumAfdoening"`
		}
		return c.audit("zaak", c.z.ID, "partial_update", "Uiterlijke einddatum afdoening opnieuw berekend: "+out.Dutch(),
			termijnWijziging{old}, termijnWijziging{out})
	})
	return out, err
}
