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
)

// change is one transaction on one zaak: the row is read (locked on
// PostgreSQL) at the start, fn changes it and its parts, and when fn marks
// it dirty the row is written back at the end — so the denormalised columns
// always move in the same transaction as the parts they summarise.
type change struct {
	s     *Service
	ctx   context.Context
	tx    db.Queryer // the transaction, through the statement cache
	z     *Zaak
	old   Zaak
	now   time.Time
	today date.Date
	dirty bool
	aud   *auditor
}

func (c *change) audit(resource, id, actie, toelichting string, old, new any) error {
	if c.aud == nil {
		c.aud = &auditor{ctx: c.ctx, tx: c.tx, zaak: c.z, at: c.now, events: c.s.Events}
	}
	return c.aud.record(resource, id, actie, toelichting, old, new)
}

// change runs fn on an open zaak; a closed zaak is a Conflict unless ctx
// carries WithForcedUpdate.
func (s *Service) change(ctx context.Context, zaakID string, fn func(c *change) error) error {
	return s.changeZaak(ctx, zaakID, false, fn)
}

func (s *Service) changeZaak(ctx context.Context, zaakID string, allowClosed bool, fn func(c *change) error) error {
	if !db.ValidUUID(zaakID) {
		return errs.NotFoundf("zaak", zaakID)
	}
	s.warm(ctx)
	return s.DB.Tx(ctx, func(sqlTx *sql.Tx) error {
		return s.changeZaakTx(ctx, sqlTx, zaakID, allowClosed, fn)
	})
}

// changeZaakTx is changeZaak inside the caller's transaction, for changes
// that must commit together with other work (an e-form submission).
func (s *Service) changeZaakTx(ctx context.Context, sqlTx *sql.Tx, zaakID string, allowClosed bool, fn func(c *change) error) error {
	if !db.ValidUUID(zaakID) {
		return errs.NotFoundf("zaak", zaakID)
	}
	tx := s.q(sqlTx)
	z, err := s.lockZaak(ctx, tx, zaakID)
	if err != nil {
		return err
	}
	if z.IsClosed() && !allowClosed && !forced(ctx) {
		return errClosed()
	}
	now := s.now()
	c := &change{s: s, ctx: ctx, tx: tx, z: z, old: *z, now: now, today: date.Today(now)}
	if err := fn(c); err != nil {
		return err
	}
	if c.dirty {
		c.z.UpdatedAt = now
		return updateZaak(ctx, tx, c.z)
	}
	return nil
}

func (s *Service) lockZaak(ctx context.Context, tx db.Queryer, id string) (*Zaak, error) {
	q := `SELECT ` + zaakCols + ` FROM zaken WHERE id = $1`
	if s.DB.Engine == db.Postgres {
		q += ` FOR UPDATE`
	}
	z, err := scanZaak(tx.QueryRowContext(ctx, q, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.NotFoundf("zaak", id)
	}
	if err != nil {
		return nil, fmt.Errorf("zaak: load: %w", err)
	}
	return z, nil
}

func updateZaak(ctx context.Context, tx db.Queryer, z *Zaak) error {
	var betaald any
	if z.LaatsteBetaaldatum != nil {
		betaald = z.LaatsteBetaaldatum.UTC()
	}
	_, err := tx.ExecContext(ctx, `UPDATE zaken SET identificatie=$2, bronorganisatie=$3,
		verantwoordelijke_organisatie=$4, omschrijving=$5, toelichting=$6, startdatum=$7, registratiedatum=$8,
		einddatum_gepland=$9, uiterlijke_einddatum_afdoening=$10, einddatum=$11, publicatiedatum=$12, kanaal=$13,
		communicatiekanaal=$14, communicatiekanaal_naam=$15, producten_of_diensten=$16,
		vertrouwelijkheidaanduiding=$17, betalingsindicatie=$18, laatste_betaaldatum=$19, zaakgeometrie=$20,
		hoofdzaak_id=$21, selectielijstklasse=$22, archiefnominatie=$23, archiefstatus=$24, archiefactiedatum=$25,
		startdatum_bewaartermijn=$26, opdrachtgevende_organisatie=$27, processobjectaard=$28, kenmerken=$29,
		opschorting_indicatie=$30, opschorting_reden=$31, opschorting_eerdere=$32, verlenging_reden=$33,
		verlenging_duur=$34, status_id=$35, statustype_id=$36, resultaat_id=$37, initiator_type=$38,
		initiator_id=$39, initiator_naam=$40, team_id=$41, behandelaar_id=$42, updated_at=$43, processobject=$44 WHERE id=$1`,
		z.ID, z.Identificatie, z.Bronorganisatie, z.VerantwoordelijkeOrganisatie, z.Omschrijving, z.Toelichting,
		z.Startdatum, z.Registratiedatum, nullDate(z.EinddatumGepland), z.UiterlijkeEinddatumAfdoening,
		nullDate(z.Einddatum), nullDate(z.Publicatiedatum), z.Kanaal, z.Communicatiekanaal, z.CommunicatiekanaalNaam,
		jsonArray(z.ProductenOfDiensten), z.Vertrouwelijkheidaanduiding, z.Betalingsindicatie, betaald,
		z.Zaakgeometrie, nullStr(z.HoofdzaakID), z.Selectielijstklasse, z.Archiefnominatie, z.Archiefstatus,
		nullDate(z.Archiefactiedatum), nullDate(z.StartdatumBewaartermijn), z.OpdrachtgevendeOrganisatie,
		z.Processobjectaard, jsonArray(z.Kenmerken), z.Opschorting.Indicatie, z.Opschorting.Reden,
		z.Opschorting.EerdereOpschorting, z.Verlenging.Reden, z.Verlenging.Duur, nullStr(z.StatusID),
		nullStr(z.StatusTypeID), nullStr(z.ResultaatID), z.InitiatorType, z.InitiatorID, z.InitiatorNaam,
		nullStr(z.TeamID), nullStr(z.BehandelaarID), z.UpdatedAt.UTC(), processobjectJSON(z.Processobject))
	if err != nil {
		return fmt.Errorf("zaak: update: %w", err)
	}
	return nil
}
