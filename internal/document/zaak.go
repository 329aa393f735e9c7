package document

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
)

// ZaakLink is a zaakinformatieobject: an informatieobject that belongs to a zaak.
type ZaakLink struct {
	ID                     string    `json:"uuid"`
	ZaakID                 string    `json:"zaak"`
	InformatieobjectID     string    `json:"informatieobject"`
	Titel                  string    `json:"titel"`
	Beschrijving           string    `json:"beschrijving"`
	ZichtbaarVoorInitiator bool      `json:"zichtbaarVoorInitiator"`
	Registratiedatum       time.Time `json:"registratiedatum"`
	// StatusID is the status of the zaak the document was relevant for
	// ("" when none); Vernietigingsdatum when it leaves the dossier.
	StatusID           string     `json:"status,omitempty"`
	Vernietigingsdatum *time.Time `json:"vernietigingsdatum,omitempty"`
}

// ZaakDocument is a link with the latest version of its informatieobject.
type ZaakDocument struct {
	ZaakLink
	Document Document
}

// LinkInput links an informatieobject to a zaak.
type LinkInput struct {
	ZaakID                 string
	InformatieobjectID     string
	Titel                  string
	Beschrijving           string
	ZichtbaarVoorInitiator bool
	// StatusID must be a status of the same zaak (or "").
	StatusID           string
	Vernietigingsdatum *time.Time
	// Geforceerd allows the change on a closed zaak (ZGW scope
	// zaken.geforceerd-bijwerken, or a reopening permission on the pages).
	Geforceerd bool
}

// zaakState is what linking needs to know about a zaak; read by plain SQL so
// this package does not depend on the zaak package.
type zaakState struct {
	zaaktypeID    string
	einddatum     date.Date
	archiefstatus string
}

// writableZaak checks that the zaak exists and may still be changed: not
// archived (archiefstatus nog_te_archiveren) and, unless forced, not closed.
func writableZaak(ctx context.Context, q db.Queryer, zaakID string, geforceerd bool) (zaakState, error) {
	var z zaakState
	if !db.ValidUUID(zaakID) {
		return z, errs.InvalidField("zaak", "does_not_exist", "Deze zaak bestaat niet.")
	}
	err := q.QueryRowContext(ctx, `SELECT zaaktype_id, einddatum, archiefstatus FROM zaken WHERE id = $1`, zaakID).
		Scan(&z.zaaktypeID, &z.einddatum, &z.archiefstatus)
	if errors.Is(err, sql.ErrNoRows) {
		return z, errs.InvalidField("zaak", "does_not_exist", "Deze zaak bestaat niet.")
	}
	if err != nil {
		return z, fmt.Errorf("document: zaak %s: %w", zaakID, err)
	}
	if z.archiefstatus != "nog_te_archiveren" {
		return z, errs.InvalidField("zaak", "zaak-archiefstatus",
			"De zaak is gearchiveerd of wordt overgedragen; er kunnen geen documenten meer aan gekoppeld of van ontkoppeld worden.")
	}
	if !z.einddatum.IsZero() && !geforceerd {
		return z, errs.E(errs.Conflict, "zaak-afgesloten", "De zaak is afgesloten; heropen de zaak om documenten te wijzigen.")
	}
	return z, nil
}

// LinkZaak adds the informatieobject to the zaak (zaakinformatieobject). The
// pair is unique and the document's informatieobjecttype must be one of the
// zaaktype's (zrc-017).
func (s *Service) LinkZaak(ctx context.Context, in LinkInput) (*ZaakLink, error) {
	var l *ZaakLink
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		l, err = s.LinkZaakTx(ctx, tx, in)
		return err
	})
	if err != nil {
		return nil, err
	}
	return l, nil
}

// LinkZaakTx is LinkZaak in the caller's transaction, for a caller that
// creates the zaak or the informatieobject in that same transaction (an
// e-form submission): the checks read through tx, so they see both.
func (s *Service) LinkZaakTx(ctx context.Context, tx *sql.Tx, in LinkInput) (*ZaakLink, error) {
	l := ZaakLink{
		ID:                     uuid.NewString(),
		ZaakID:                 strings.TrimSpace(in.ZaakID),
		InformatieobjectID:     strings.TrimSpace(in.InformatieobjectID),
		Titel:                  strings.TrimSpace(in.Titel),
		Beschrijving:           strings.TrimSpace(in.Beschrijving),
		ZichtbaarVoorInitiator: in.ZichtbaarVoorInitiator,
		Registratiedatum:       s.clock(),
		StatusID:               strings.TrimSpace(in.StatusID),
		Vernietigingsdatum:     setTime(in.Vernietigingsdatum),
	}
	var f errs.Fields
	maxLen(&f, "titel", "Titel", l.Titel, 200)
	if err := f.Err(); err != nil {
		return nil, err
	}
	err := func() error {
		z, err := writableZaak(ctx, tx, l.ZaakID, in.Geforceerd)
		if err != nil {
			return err
		}
		if err := checkLinkStatus(ctx, tx, l.ZaakID, l.StatusID); err != nil {
			return err
		}
		if !db.ValidUUID(l.InformatieobjectID) {
			return errs.InvalidField("informatieobject", "does_not_exist", "Dit informatieobject bestaat niet.")
		}
		d, _, err := getCurrent(ctx, tx, l.InformatieobjectID)
		if errs.Is(err, errs.NotFound) {
			return errs.InvalidField("informatieobject", "does_not_exist", "Dit informatieobject bestaat niet.")
		}
		if err != nil {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM zaaktype_informatieobjecttypen
			WHERE zaaktype_id = $1 AND informatieobjecttype_id = $2`, z.zaaktypeID, nullable(d.InformatieobjecttypeID)).Scan(&n); err != nil {
			return fmt.Errorf("document: zaaktype informatieobjecttypen: %w", err)
		}
		if n == 0 {
			return errs.InvalidField("nonFieldErrors", "missing-zaaktype-informatieobjecttype-relation",
				"Het informatieobjecttype van het document hoort niet bij het zaaktype van de zaak.")
		}
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM zaakinformatieobjecten WHERE zaak_id = $1 AND informatieobject_id = $2`,
			l.ZaakID, l.InformatieobjectID).Scan(&n); err != nil {
			return fmt.Errorf("document: check link: %w", err)
		}
		if n > 0 {
			return errDuplicateLink()
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO zaakinformatieobjecten (id, zaak_id, informatieobject_id, titel,
			beschrijving, zichtbaar_voor_initiator, registratiedatum, status_id, vernietigingsdatum) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)`,
			l.ID, l.ZaakID, l.InformatieobjectID, l.Titel, l.Beschrijving, l.ZichtbaarVoorInitiator, l.Registratiedatum,
			nullable(l.StatusID), l.Vernietigingsdatum)
		if db.IsUniqueViolation(err) {
			return errDuplicateLink()
		}
		// On PostgreSQL the zaak or document may be deleted after the reads
		// above; the foreign key then refuses the row.
		if db.IsForeignKeyViolation(err) {
			return errs.InvalidField("nonFieldErrors", "does_not_exist", "De zaak of het informatieobject is intussen verwijderd.")
		}
		if err != nil {
			return fmt.Errorf("document: link: %w", err)
		}
		if err := s.emitLink(ctx, tx, &l, "create"); err != nil {
			return err
		}
		return recordLink(ctx, tx, &l, d, "create", "Document toegevoegd aan de zaak", nil, l, l.Registratiedatum)
	}()
	if err != nil {
		return nil, err
	}
	return &l, nil
}

func errDuplicateLink() error {
	return errs.InvalidField("nonFieldErrors", "unique", "Dit document hoort al bij deze zaak.")
}

// zaakinformatieobject is a resource of the Zaken API, so its trail is the ZRC's.
func recordLink(ctx context.Context, tx *sql.Tx, l *ZaakLink, d Document, actie, weergave string, old, new any, at time.Time) error {
	return audit.Record(ctx, tx, audit.Entry{
		Bron: "ZRC", ZaakID: l.ZaakID, HoofdObject: l.ZaakID, Resource: "zaakinformatieobject", ResourceID: l.ID,
		ResourceWeergave: d.Identificatie + " " + d.Titel, Actie: actie, ActieWeergave: weergave,
		Old: old, New: new, At: at,
	})
}

const linkCols = `id, zaak_id, informatieobject_id, titel, beschrijving, zichtbaar_voor_initiator, registratiedatum,
	status_id, vernietigingsdatum`

func scanLink(r scanner) (ZaakLink, error) {
	var l ZaakLink
	var status sql.NullString
	var vernietiging sql.NullTime
	err := r.Scan(&l.ID, &l.ZaakID, &l.InformatieobjectID, &l.Titel, &l.Beschrijving, &l.ZichtbaarVoorInitiator, &l.Registratiedatum,
		&status, &vernietiging)
	l.Registratiedatum = l.Registratiedatum.UTC()
	l.StatusID = status.String
	if vernietiging.Valid {
		t := vernietiging.Time.UTC()
		l.Vernietigingsdatum = &t
	}
	return l, err
}

// checkLinkStatus: the status of a zaakinformatieobject is one of its zaak's.
func checkLinkStatus(ctx context.Context, q db.Queryer, zaakID, statusID string) error {
	if statusID == "" {
		return nil
	}
	if db.ValidUUID(statusID) {
		ok, err := db.Exists(ctx, q, `SELECT 1 FROM statussen WHERE id = $1 AND zaak_id = $2`, statusID, zaakID)
		if err != nil {
			return fmt.Errorf("document: link status: %w", err)
		}
		if ok {
			return nil
		}
	}
	return errs.InvalidField("status", "does_not_exist", "Deze status bestaat niet of hoort niet bij de zaak.")
}

// setTime is t in UTC, nil for nil or the zero time (which clears).
func setTime(t *time.Time) *time.Time {
	if t == nil || t.IsZero() {
		return nil
	}
	u := t.UTC()
	return &u
}

func getLink(ctx context.Context, q db.Queryer, id string) (ZaakLink, error) {
	if !db.ValidUUID(id) {
		return ZaakLink{}, errs.NotFoundf("zaakinformatieobject", id)
	}
	l, err := scanLink(q.QueryRowContext(ctx, `SELECT `+linkCols+` FROM zaakinformatieobjecten WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return l, errs.NotFoundf("zaakinformatieobject", id)
	}
	if err != nil {
		return l, fmt.Errorf("document: get link: %w", err)
	}
	return l, nil
}

// GetZaakLink returns one zaakinformatieobject.
func (s *Service) GetZaakLink(ctx context.Context, id string) (*ZaakLink, error) {
	l, err := getLink(ctx, s.db.R, id)
	if err != nil {
		return nil, err
	}
	return &l, nil
}

// UpdateZaakLink changes the titel, beschrijving or visibility of a link (nil
// keeps the value); zaak and informatieobject cannot change.
func (s *Service) UpdateZaakLink(ctx context.Context, id string, titel, beschrijving *string, zichtbaar *bool, geforceerd bool) (*ZaakLink, error) {
	return s.UpdateZaakLinkWith(ctx, id, LinkUpdate{Titel: titel, Beschrijving: beschrijving, Zichtbaar: zichtbaar}, geforceerd)
}

// LinkUpdate changes a zaakinformatieobject; nil keeps a value. StatusID ""
// and a zero Vernietigingsdatum clear theirs.
type LinkUpdate struct {
	Titel, Beschrijving *string
	Zichtbaar           *bool
	StatusID            *string
	Vernietigingsdatum  *time.Time
}

// UpdateZaakLinkWith is UpdateZaakLink with every changeable field.
func (s *Service) UpdateZaakLinkWith(ctx context.Context, id string, u LinkUpdate, geforceerd bool) (*ZaakLink, error) {
	titel, beschrijving, zichtbaar := u.Titel, u.Beschrijving, u.Zichtbaar
	var out ZaakLink
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		old, err := getLink(ctx, tx, id)
		if err != nil {
			return err
		}
		if _, err := writableZaak(ctx, tx, old.ZaakID, geforceerd); err != nil {
			return err
		}
		l := old
		if titel != nil {
			l.Titel = strings.TrimSpace(*titel)
		}
		if beschrijving != nil {
			l.Beschrijving = strings.TrimSpace(*beschrijving)
		}
		if zichtbaar != nil {
			l.ZichtbaarVoorInitiator = *zichtbaar
		}
		if u.StatusID != nil {
			l.StatusID = strings.TrimSpace(*u.StatusID)
		}
		if u.Vernietigingsdatum != nil {
			l.Vernietigingsdatum = setTime(u.Vernietigingsdatum)
		}
		var f errs.Fields
		maxLen(&f, "titel", "Titel", l.Titel, 200)
		if err := f.Err(); err != nil {
			return err
		}
		if err := checkLinkStatus(ctx, tx, l.ZaakID, l.StatusID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE zaakinformatieobjecten SET titel = $1, beschrijving = $2,
			zichtbaar_voor_initiator = $3, status_id = $4, vernietigingsdatum = $5 WHERE id = $6`,
			l.Titel, l.Beschrijving, l.ZichtbaarVoorInitiator, nullable(l.StatusID), l.Vernietigingsdatum, id); err != nil {
			return fmt.Errorf("document: update link: %w", err)
		}
		d, _, err := getCurrent(ctx, tx, l.InformatieobjectID)
		if err != nil {
			return err
		}
		out = l
		if err := s.emitLink(ctx, tx, &l, "partial_update"); err != nil {
			return err
		}
		return recordLink(ctx, tx, &l, d, "partial_update", "Documentkoppeling gewijzigd", old, l, s.clock())
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// UnlinkZaak removes a zaakinformatieobject; the informatieobject stays.
func (s *Service) UnlinkZaak(ctx context.Context, linkID string, geforceerd bool) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		l, err := getLink(ctx, tx, linkID)
		if err != nil {
			return err
		}
		if _, err := writableZaak(ctx, tx, l.ZaakID, geforceerd); err != nil {
			return err
		}
		d, _, err := getCurrent(ctx, tx, l.InformatieobjectID)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM zaakinformatieobjecten WHERE id = $1`, linkID); err != nil {
			return fmt.Errorf("document: unlink: %w", err)
		}
		if err := s.emitLink(ctx, tx, &l, "destroy"); err != nil {
			return err
		}
		return recordLink(ctx, tx, &l, d, "destroy", "Document losgekoppeld van de zaak", l, nil, s.clock())
	})
}

// LinkFilter selects zaakinformatieobjecten.
type LinkFilter struct {
	ZaakID             string
	InformatieobjectID string
}

// ListZaakLinks lists zaakinformatieobjecten, oldest first.
func (s *Service) ListZaakLinks(ctx context.Context, f LinkFilter) ([]ZaakLink, error) {
	var w db.Where
	for _, c := range []struct{ col, field, v string }{
		{"zaak_id", "zaak", f.ZaakID}, {"informatieobject_id", "informatieobject", f.InformatieobjectID},
	} {
		if c.v != "" && !db.ValidUUID(c.v) {
			return nil, errs.InvalidField(c.field, "invalid", "Geen geldige UUID.")
		}
		w.Eq(c.col, c.v)
	}
	rows, err := s.db.R.QueryContext(ctx, `SELECT `+linkCols+` FROM zaakinformatieobjecten`+w.String()+` ORDER BY registratiedatum, id`, w.Args()...)
	if err != nil {
		return nil, fmt.Errorf("document: list links: %w", err)
	}
	defer rows.Close()
	out := []ZaakLink{}
	for rows.Next() {
		l, err := scanLink(rows)
		if err != nil {
			return nil, fmt.Errorf("document: list links: %w", err)
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// ListForZaak lists the zaak's documents (latest versions), oldest link first.
func (s *Service) ListForZaak(ctx context.Context, zaakID string) ([]ZaakDocument, error) {
	if !db.ValidUUID(zaakID) {
		return nil, errs.NotFoundf("zaak", zaakID)
	}
	cols := "l." + strings.ReplaceAll(linkCols, ", ", ", l.") + ", d." + strings.ReplaceAll(strings.Join(strings.Fields(selectCols), " "), ", ", ", d.")
	rows, err := s.db.R.QueryContext(ctx, `SELECT `+cols+` FROM zaakinformatieobjecten l
		JOIN informatieobjecten d ON d.id = l.informatieobject_id
		WHERE l.zaak_id = $1 ORDER BY l.registratiedatum, l.id`, zaakID)
	if err != nil {
		return nil, fmt.Errorf("document: list for zaak: %w", err)
	}
	defer rows.Close()
	out := []ZaakDocument{}
	for rows.Next() {
		var l ZaakLink
		var status sql.NullString
		var vernietiging sql.NullTime
		d, _, err := scanDoc(rows, &l.ID, &l.ZaakID, &l.InformatieobjectID, &l.Titel, &l.Beschrijving,
			&l.ZichtbaarVoorInitiator, &l.Registratiedatum, &status, &vernietiging)
		if err != nil {
			return nil, fmt.Errorf("document: list for zaak: %w", err)
		}
		l.Registratiedatum = l.Registratiedatum.UTC()
		l.StatusID = status.String
		if vernietiging.Valid {
			t := vernietiging.Time.UTC()
			l.Vernietigingsdatum = &t
		}
		zd := ZaakDocument{ZaakLink: l, Document: d}
		out = append(out, zd)
	}
	return out, rows.Err()
}

// ObjectLink is an objectinformatieobject as the Documenten API shows it: the
// mirror of a zaakinformatieobject or besluitinformatieobject.
type ObjectLink struct {
	ID                 string // the id of the zaak- or besluitinformatieobject
	InformatieobjectID string
	ObjectType         string // "zaak" or "besluit"
	ObjectID           string
}

// ObjectLinks lists the zaken and besluiten an informatieobject belongs to.
func (s *Service) ObjectLinks(ctx context.Context, informatieobjectID string) ([]ObjectLink, error) {
	if !db.ValidUUID(informatieobjectID) {
		return nil, errs.NotFoundf("informatieobject", informatieobjectID)
	}
	rows, err := s.db.R.QueryContext(ctx, `SELECT id, 'zaak', zaak_id FROM zaakinformatieobjecten WHERE informatieobject_id = $1
		UNION ALL SELECT id, 'besluit', besluit_id FROM besluitinformatieobjecten WHERE informatieobject_id = $1
		ORDER BY 2, 3`, informatieobjectID)
	if err != nil {
		return nil, fmt.Errorf("document: object links: %w", err)
	}
	defer rows.Close()
	out := []ObjectLink{}
	for rows.Next() {
		o := ObjectLink{InformatieobjectID: informatieobjectID}
		if err := rows.Scan(&o.ID, &o.ObjectType, &o.ObjectID); err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}
