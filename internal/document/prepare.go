package document

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/ident"
)

// Prepared is a validated informatieobject whose file is already in the
// blob store but whose rows are not yet written. The create is split in two
// so that a caller with its own transaction (an e-form submission) does the
// file I/O before it takes the SQLite writer or opens a PostgreSQL
// transaction, and the inserts inside it.
type Prepared struct {
	s    *Service
	d    Document
	lock string
	at   time.Time
}

// Prepare validates in exactly as Create does and stores its content. The
// caller passes the result to CreateTx in its transaction, and calls
// Discard when that transaction does not commit (or CreateTx is never
// called), or the file stays behind unreferenced.
func (s *Service) Prepare(ctx context.Context, in CreateInput) (*Prepared, error) {
	now := s.clock()
	d := Document{
		ID:                          uuid.NewString(),
		Identificatie:               strings.TrimSpace(in.Identificatie),
		Bronorganisatie:             strings.TrimSpace(in.Bronorganisatie),
		InformatieobjecttypeID:      strings.TrimSpace(in.InformatieobjecttypeID),
		Creatiedatum:                in.Creatiedatum,
		Titel:                       strings.TrimSpace(in.Titel),
		Vertrouwelijkheidaanduiding: strings.TrimSpace(in.Vertrouwelijkheidaanduiding),
		Auteur:                      strings.TrimSpace(in.Auteur),
		Status:                      strings.TrimSpace(in.Status),
		Formaat:                     strings.TrimSpace(in.Formaat),
		Taal:                        strings.TrimSpace(in.Taal),
		Bestandsnaam:                strings.TrimSpace(in.Bestandsnaam),
		Beschrijving:                strings.TrimSpace(in.Beschrijving),
		IndicatieGebruiksrecht:      in.IndicatieGebruiksrecht,
		Versie:                      1,
		BeginRegistratie:            now,
		CreatedAt:                   now,
		Extra:                       in.Extra,
	}
	var f errs.Fields
	if d.Bronorganisatie == "" {
		f.Add("bronorganisatie", "required", "Bronorganisatie is verplicht.")
	} else if ident.RSIN(d.Bronorganisatie) != nil {
		f.Add("bronorganisatie", "invalid", "Bronorganisatie is geen geldig RSIN (9 cijfers, elfproef).")
	}
	if len([]rune(d.Identificatie)) > 40 {
		f.Add("identificatie", "max_length", "Identificatie mag hoogstens 40 tekens lang zijn.")
	}
	if d.IndicatieGebruiksrecht != nil && *d.IndicatieGebruiksrecht {
		f.Add("indicatieGebruiksrecht", "missing-gebruiksrechten",
			"IndicatieGebruiksrecht kan pas 'ja' zijn als er gebruiksrechten zijn vastgelegd.")
	}
	validateMeta(&f, &d)
	if err := s.checkType(ctx, &f, &d, true); err != nil {
		return nil, err
	}
	if in.Bestandsomvang < 0 {
		f.Add("bestandsomvang", "min_value", "Bestandsomvang mag niet negatief zijn.")
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	// Fail before the file is stored: extraColumns is checked again in
	// CreateTx, where it cannot fail any more.
	if _, _, err := extraColumns(d.Extra); err != nil {
		return nil, err
	}
	if err := s.putContent(ctx, &d, in.Content, true); err != nil {
		return nil, err
	}
	p := &Prepared{s: s, d: d, at: now}
	if in.Content == nil && in.Bestandsomvang > 0 {
		p.d.Bestandsomvang, p.d.Locked, p.lock = in.Bestandsomvang, true, newLockToken()
	}
	return p, nil
}

// ID is the uuid the informatieobject will have.
func (p *Prepared) ID() string { return p.d.ID }

// Discard removes the stored file of a prepared informatieobject whose rows
// were not committed. It runs even when ctx is cancelled.
func (p *Prepared) Discard(ctx context.Context) {
	p.s.dropBlob(ctx, p.d.blobKey)
}

// CreateTx writes the prepared informatieobject, its first version, its
// event and its audit record in tx. The identificatie is given out (or
// checked for uniqueness) here, inside tx, so that two concurrent creates
// cannot both take it. p is not changed: after a rollback the caller may
// still Discard it.
func (s *Service) CreateTx(ctx context.Context, tx *sql.Tx, p *Prepared) (*Document, error) {
	d := p.d
	now := p.at
	extra, trefwoorden, err := extraColumns(d.Extra)
	if err != nil {
		return nil, err
	}
	if d.Identificatie == "" {
		id, err := nextIdentificatie(ctx, tx, "document", "DOCUMENT", d.Bronorganisatie, now)
		if err != nil {
			return nil, err
		}
		d.Identificatie = id
	} else if taken, err := identificatieTaken(ctx, tx, d.Bronorganisatie, d.Identificatie); err != nil {
		return nil, err
	} else if taken {
		return nil, errIdentificatieTaken()
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO informatieobjecten (`+selectCols+`, trefwoorden)
		VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21,$22,$23)`,
		d.ID, d.Identificatie, d.Bronorganisatie, nullable(d.InformatieobjecttypeID), d.Creatiedatum, d.Titel,
		d.Vertrouwelijkheidaanduiding, d.Auteur, d.Status, d.Formaat, d.Taal, d.Bestandsnaam,
		d.Bestandsomvang, d.Beschrijving, nullBool(d.IndicatieGebruiksrecht), d.Versie, d.blobKey, d.SHA256,
		p.lock, now, now, extra, trefwoorden)
	if db.IsUniqueViolation(err) {
		return nil, errIdentificatieTaken()
	}
	if err != nil {
		return nil, fmt.Errorf("document: insert: %w", err)
	}
	if err := insertVersion(ctx, tx, &d); err != nil {
		return nil, err
	}
	if p.lock != "" {
		if err := s.insertParts(ctx, tx, d.ID, d.Bestandsomvang, now); err != nil {
			return nil, err
		}
	}
	if err := s.emitDoc(ctx, tx, &d, "enkelvoudiginformatieobject", d.ID, "create"); err != nil {
		return nil, err
	}
	if err := record(ctx, tx, &d, nil, "create", "Informatieobject aangemaakt", nil, d, now); err != nil {
		return nil, err
	}
	return &d, nil
}
