package brief

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/gemeenten/loket/internal/audit"
	"github.com/gemeenten/loket/internal/burger"
	"github.com/gemeenten/loket/internal/date"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/document"
	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/jobs"
	"github.com/gemeenten/loket/internal/mail"
	"github.com/gemeenten/loket/internal/zaak"
)

// Service makes, stores and sends letters.
type Service struct {
	DB    *db.DB
	Zaken *zaak.Service
	// Docs stores each letter's PDF as a document on the zaak (nil: not stored).
	Docs *document.Service
	// Mail sends letters by e-mail where the customer chose that (nil: post only).
	Mail *mail.Service
	// Jobs queues letter work from the event sink.
	Jobs     jobs.Enqueuer
	Now      func() time.Time
	Log      *slog.Logger
	Gemeente string
}

// New returns the letter service.
func New(d *db.DB, zaken *zaak.Service, docs *document.Service, m *mail.Service, q jobs.Enqueuer, now func() time.Time, log *slog.Logger) *Service {
	if now == nil {
		now = time.Now
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Service{DB: d, Zaken: zaken, Docs: docs, Mail: m, Jobs: q, Now: now, Log: log, Gemeente: "Gemeente Voorbeeld"}
}

func (s *Service) now() time.Time { return s.Now().UTC() }

// Verzendwijzen.
const (
	Post  = "post"
	Email = "email"
)

// Brief is a letter made for a zaak.
type Brief struct {
	ID           string
	ZaakID       string
	Gebeurtenis  string
	AanleidingID string
	SjabloonID   string
	Onderwerp    string
	Inhoud       string
	Verzendwijze string
	Email        string
	AanNaam      string
	AanAdres     []string
	MailID       string
	DocumentID   string
	CreatedBy    string
	CreatedAt    time.Time
	// MailStatus is the state of the e-mail (wachtend, verzonden, mislukt), "" for post.
	MailStatus  string
	VerzondenOp *time.Time
}

// Label is the Dutch name of the letter's event.
func (b Brief) Label() string { return Label(b.Gebeurtenis) }

// Rendered gives the letter back as it was made.
func (b Brief) Rendered(gemeente, kenmerk string) Rendered {
	return Rendered{Gemeente: gemeente, Naam: b.AanNaam, Adres: b.AanAdres, Datum: date.Of(b.CreatedAt.In(date.Amsterdam)),
		Kenmerk: kenmerk, Onderwerp: b.Onderwerp, Tekst: b.Inhoud}
}

const briefCols = `b.id, b.zaak_id, b.gebeurtenis, b.aanleiding_id, b.sjabloon_id, b.onderwerp, b.inhoud, b.verzendwijze,
	b.email, b.aan_naam, b.aan_adres, b.mail_id, b.document_id, b.created_by, b.created_at, m.status, m.verzonden_op`

const briefFrom = ` FROM brieven b LEFT JOIN mail_berichten m ON m.id = b.mail_id`

func scanBrief(r interface{ Scan(...any) error }) (Brief, error) {
	var b Brief
	var adres string
	var mailID, docID, mailStatus sql.NullString
	var sent sql.NullTime
	err := r.Scan(&b.ID, &b.ZaakID, &b.Gebeurtenis, &b.AanleidingID, &b.SjabloonID, &b.Onderwerp, &b.Inhoud,
		&b.Verzendwijze, &b.Email, &b.AanNaam, &adres, &mailID, &docID, &b.CreatedBy, &b.CreatedAt, &mailStatus, &sent)
	if err != nil {
		return b, err
	}
	if adres != "" {
		b.AanAdres = strings.Split(adres, "\n")
	}
	b.MailID, b.DocumentID, b.MailStatus = mailID.String, docID.String, mailStatus.String
	b.CreatedAt = b.CreatedAt.UTC()
	if sent.Valid {
		t := sent.Time.UTC()
		b.VerzondenOp = &t
	}
	return b, nil
}

// ListForZaak lists the letters of a zaak, oldest first (the zaak's
// timeline of what was sent when).
func (s *Service) ListForZaak(ctx context.Context, zaakID string) ([]Brief, error) {
	if !db.ValidUUID(zaakID) {
		return nil, errs.NotFoundf("zaak", zaakID)
	}
	rows, err := s.DB.R.QueryContext(ctx, `SELECT `+briefCols+briefFrom+` WHERE b.zaak_id = $1 ORDER BY b.created_at, b.id`, zaakID)
	if err != nil {
		return nil, fmt.Errorf("brief: list: %w", err)
	}
	defer rows.Close()
	var out []Brief
	for rows.Next() {
		b, err := scanBrief(rows)
		if err != nil {
			return nil, fmt.Errorf("brief: scan: %w", err)
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

// Get returns one letter.
func (s *Service) Get(ctx context.Context, id string) (*Brief, error) {
	if !db.ValidUUID(id) {
		return nil, errs.NotFoundf("brief", id)
	}
	b, err := scanBrief(s.DB.R.QueryRowContext(ctx, `SELECT `+briefCols+briefFrom+` WHERE b.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.NotFoundf("brief", id)
	}
	if err != nil {
		return nil, fmt.Errorf("brief: get: %w", err)
	}
	return &b, nil
}

// due is a letter a zaak should have.
type due struct {
	gebeurtenis string
	aanleiding  string
	norm        string // the notice norm the letter settles, if any
	values      Values
}

func unsettled(n zaak.Norm) bool {
	return n.State == zaak.NormOpen || (n.State == zaak.NormBreached && n.SettledAt == nil)
}

type besluitRow struct {
	id                                          string
	datum, verzenddatum, uiterlijkeReactiedatum date.Date
	toelichting                                 string
}

func (s *Service) besluiten(ctx context.Context, zaakID string) ([]besluitRow, error) {
	rows, err := s.DB.R.QueryContext(ctx, `SELECT id, datum, toelichting, verzenddatum, uiterlijke_reactiedatum
		FROM besluiten WHERE zaak_id = $1 ORDER BY datum, created_at`, zaakID)
	if err != nil {
		return nil, fmt.Errorf("brief: besluiten: %w", err)
	}
	defer rows.Close()
	var out []besluitRow
	for rows.Next() {
		var b besluitRow
		var verzend, reactie sql.Null[date.Date]
		if err := rows.Scan(&b.id, &b.datum, &b.toelichting, &verzend, &reactie); err != nil {
			return nil, err
		}
		b.verzenddatum, b.uiterlijkeReactiedatum = verzend.V, reactie.V
		out = append(out, b)
	}
	return out, rows.Err()
}

// dueLetters lists what the zaak asks for, in the order of its life. With
// notices set, only the vooraankondigingen (N5 not settled by an extension
// letter) are listed.
func (s *Service) dueLetters(ctx context.Context, z *zaak.Zaak, norms []zaak.Norm, vooraankondiging bool) ([]due, error) {
	var out []due
	if vooraankondiging {
		if z.IsClosed() {
			return nil, nil
		}
		for _, n := range norms {
			if n.Norm == zaak.N5 && unsettled(n) {
				out = append(out, due{gebeurtenis: Vooraankondiging, aanleiding: n.ID, norm: zaak.N5, values: Values{}})
			}
		}
		return out, nil
	}
	if !z.IsClosed() {
		for _, n := range norms {
			if n.Norm == zaak.N1 && unsettled(n) {
				out = append(out, due{gebeurtenis: Ontvangstbevestiging, aanleiding: n.ID, norm: zaak.N1, values: Values{}})
			}
		}
	}
	for _, o := range z.Opschortingen {
		out = append(out, due{gebeurtenis: OntbrekendeStukken, aanleiding: o.ID, values: Values{
			"ontbrekende_stukken": o.Reden, "inleveren_voor": Datum(o.TermijnTot)}})
	}
	if !z.IsClosed() {
		for _, n := range norms {
			if n.Norm == zaak.N3 && unsettled(n) {
				out = append(out, due{gebeurtenis: Compleetheid, aanleiding: n.ID, norm: zaak.N3, values: Values{}})
			}
		}
	}
	for _, v := range z.Verlengingen {
		norm := ""
		for _, n := range norms {
			if n.Norm == zaak.N5 && unsettled(n) {
				norm = zaak.N5
			}
		}
		out = append(out, due{gebeurtenis: Verlenging, aanleiding: v.ID, norm: norm, values: Values{
			"oude_datum": Datum(v.OudeEinddatum), "nieuwe_datum": Datum(v.NieuweEinddatum), "reden": v.Reden}})
	}
	bs, err := s.besluiten(ctx, z.ID)
	if err != nil {
		return nil, err
	}
	for _, b := range bs {
		out = append(out, due{gebeurtenis: Besluit, aanleiding: b.id, values: Values{
			"besluit_datum": Datum(b.datum), "besluit_toelichting": b.toelichting, "bezwaar_tot": Datum(b.uiterlijkeReactiedatum)}})
	}
	return out, nil
}

// Process makes every letter the zaak is due and has not had, and returns
// how many it made. It is idempotent: a letter is made at most once, and a
// run that finds nothing to do writes nothing.
func (s *Service) Process(ctx context.Context, zaakID string) (int, error) {
	if work, err := mayHaveWork(ctx, s.DB.R, zaakID); err != nil || !work {
		return 0, err
	}
	z, err := s.Zaken.Get(ctx, zaakID)
	if err != nil {
		return 0, err
	}
	made, err := s.made(ctx, z.ID)
	if err != nil {
		return 0, err
	}
	n := 0
	for pass := 0; pass < 2; pass++ {
		norms := z.Normen
		if pass == 1 {
			// Extension letters of pass 0 settled their N5; what is still
			// open is a zaak that will be late without an extension.
			if norms, err = s.Zaken.Norms(ctx, z.ID); err != nil {
				return n, err
			}
		}
		dues, err := s.dueLetters(ctx, z, norms, pass == 1)
		if err != nil {
			return n, err
		}
		for _, d := range dues {
			if made[d.gebeurtenis+"/"+d.aanleiding] {
				continue
			}
			ok, err := s.make(ctx, z, d)
			if err != nil {
				return n, err
			}
			if ok {
				made[d.gebeurtenis+"/"+d.aanleiding] = true
				n++
			}
		}
	}
	if err := s.attachMissing(ctx, z); err != nil {
		return n, err
	}
	return n, nil
}

// mayHaveWork says whether Process can have anything to do for the zaak:
// a letter template applies to its zaaktype (its own or a general one), or
// a letter of the zaak still lacks its document. The Sink asks it in the
// transaction of every change to a zaak, so that a zaaktype without
// templates (most zaken that other systems register through the API)
// queues no job at all; Process asks again, for the Scan and for a template
// removed meanwhile, before it reads the whole zaak with its parts.
func mayHaveWork(ctx context.Context, q db.Queryer, zaakID string) (bool, error) {
	var work bool
	err := q.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM zaken z JOIN brief_sjablonen t
			ON t.zaaktype_id = z.zaaktype_id OR t.zaaktype_id IS NULL WHERE z.id = $1)
		OR EXISTS (SELECT 1 FROM brieven WHERE zaak_id = $1 AND document_id IS NULL)`, zaakID).Scan(&work)
	if err != nil {
		return false, fmt.Errorf("brief: work for zaak %s: %w", zaakID, err)
	}
	return work, nil
}

func (s *Service) made(ctx context.Context, zaakID string) (map[string]bool, error) {
	rows, err := s.DB.R.QueryContext(ctx, `SELECT gebeurtenis, aanleiding_id FROM brieven WHERE zaak_id = $1`, zaakID)
	if err != nil {
		return nil, fmt.Errorf("brief: made: %w", err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var g, a string
		if err := rows.Scan(&g, &a); err != nil {
			return nil, err
		}
		out[g+"/"+a] = true
	}
	return out, rows.Err()
}

// Recipient is who a letter goes to and how.
type Recipient struct {
	Naam  string
	Adres []string
	Email string
	// PrefersEmail: the customer chose e-mail as the way to hear from us.
	PrefersEmail bool
}

// RecipientOf finds the initiator's name, address and e-mail address in
// the personen or bedrijven registration, and whether they chose e-mail
// (the zaak's communicatiekanaal names e-mail, or they wrote by e-mail).
func (s *Service) RecipientOf(ctx context.Context, z *zaak.Zaak) (Recipient, error) {
	r := Recipient{Naam: z.InitiatorNaam}
	var naam, straat, huisnummer, postcode, woonplaats, email string
	var err error
	switch z.InitiatorType {
	case "bsn":
		var voornamen, voorvoegsel, achternaam string
		err = s.DB.R.QueryRowContext(ctx, `SELECT voornamen, voorvoegsel, geslachtsnaam, straat, huisnummer, postcode,
			woonplaats, email FROM personen WHERE bsn = $1`, z.InitiatorID).Scan(&voornamen, &voorvoegsel, &achternaam,
			&straat, &huisnummer, &postcode, &woonplaats, &email)
		naam = strings.Join(strings.Fields(voornamen+" "+voorvoegsel+" "+achternaam), " ")
	case "kvk":
		err = s.DB.R.QueryRowContext(ctx, `SELECT handelsnaam, straat, huisnummer, postcode, woonplaats, email
			FROM bedrijven WHERE kvk_nummer = $1 ORDER BY vestigingsnummer LIMIT 1`, z.InitiatorID).Scan(&naam, &straat,
			&huisnummer, &postcode, &woonplaats, &email)
	case "vestigingsnummer":
		err = s.DB.R.QueryRowContext(ctx, `SELECT handelsnaam, straat, huisnummer, postcode, woonplaats, email
			FROM bedrijven WHERE vestigingsnummer = $1 LIMIT 1`, z.InitiatorID).Scan(&naam, &straat,
			&huisnummer, &postcode, &woonplaats, &email)
	default:
		err = sql.ErrNoRows
	}
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return r, fmt.Errorf("brief: recipient: %w", err)
	}
	if r.Naam == "" {
		r.Naam = naam
	}
	if straat != "" {
		r.Adres = append(r.Adres, strings.TrimSpace(straat+" "+huisnummer))
	}
	if postcode != "" || woonplaats != "" {
		r.Adres = append(r.Adres, strings.TrimSpace(postcode+"  "+woonplaats))
	}
	r.Email = strings.TrimSpace(email)
	kanaal := strings.ToLower(z.CommunicatiekanaalNaam + " " + z.Communicatiekanaal)
	r.PrefersEmail = r.Email != "" && (strings.Contains(kanaal, "mail") || (strings.TrimSpace(kanaal) == "" && z.Kanaal == "email"))
	// What the customer chose in the PIP overrides what we infer.
	if v, err := burger.VoorkeurFor(ctx, s.DB.R, z.InitiatorType, z.InitiatorID); err != nil {
		return r, err
	} else if v.Set {
		r.Email = v.Email
		r.PrefersEmail = v.Berichten == burger.ViaEmail && v.Email != ""
	}
	return r, nil
}

// ValuesFor are the merge values every letter of the zaak shares.
func (s *Service) ValuesFor(ctx context.Context, z *zaak.Zaak, r Recipient, today date.Date) (Values, error) {
	v := Values{
		"naam": r.Naam, "gemeente": s.Gemeente, "datum": Datum(today), "zaaknummer": z.Identificatie,
		"zaaktype": z.ZaakType.Omschrijving, "omschrijving": z.Omschrijving, "ontvangen_op": Datum(z.Registratiedatum),
		"uiterste_datum": Datum(z.UiterlijkeEinddatumAfdoening),
	}
	v["aanhef"] = "Beste heer of mevrouw"
	if r.Naam != "" {
		v["aanhef"] = "Beste " + r.Naam
	}
	if z.BehandelaarID != "" {
		var naam string
		if err := s.DB.R.QueryRowContext(ctx, `SELECT naam FROM users WHERE id = $1`, z.BehandelaarID).Scan(&naam); err != nil &&
			!errors.Is(err, sql.ErrNoRows) {
			return nil, fmt.Errorf("brief: behandelaar: %w", err)
		}
		v["behandelaar"] = naam
	}
	return v, nil
}

// make records one letter: the row, the norm it settles and its e-mail in
// one transaction; then the PDF is stored as a document. It reports false
// when there is no template for the event (nothing is made) or when the
// letter was already made by another run.
func (s *Service) make(ctx context.Context, z *zaak.Zaak, d due) (bool, error) {
	t, err := s.FindSjabloon(ctx, z.ZaakTypeID, d.gebeurtenis)
	if errs.Is(err, errs.NotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	now := s.now()
	today := date.Today(now)
	rec, err := s.RecipientOf(ctx, z)
	if err != nil {
		return false, err
	}
	values, err := s.ValuesFor(ctx, z, rec, today)
	if err != nil {
		return false, err
	}
	for k, v := range d.values {
		values[k] = v
	}
	r := Render(*t, values, Rendered{Gemeente: s.Gemeente, Naam: rec.Naam, Adres: rec.Adres, Datum: today, Kenmerk: z.Identificatie})
	b := Brief{ID: uuid.NewString(), ZaakID: z.ID, Gebeurtenis: d.gebeurtenis, AanleidingID: d.aanleiding,
		SjabloonID: t.ID, Onderwerp: r.Onderwerp, Inhoud: r.Tekst, Verzendwijze: Post, AanNaam: rec.Naam,
		AanAdres: rec.Adres, CreatedBy: audit.ActorFrom(ctx).Name, CreatedAt: now}
	var pdf []byte
	if rec.PrefersEmail && s.Mail != nil {
		b.Verzendwijze, b.Email = Email, rec.Email
		if pdf, err = r.PDF(); err != nil {
			return false, err
		}
	}
	inserted := false
	err = s.DB.Tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO brieven (id, zaak_id, gebeurtenis, aanleiding_id, sjabloon_id, onderwerp,
			inhoud, verzendwijze, email, aan_naam, aan_adres, created_by, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13)
			ON CONFLICT (zaak_id, gebeurtenis, aanleiding_id) DO NOTHING`,
			b.ID, b.ZaakID, b.Gebeurtenis, b.AanleidingID, b.SjabloonID, b.Onderwerp, b.Inhoud, b.Verzendwijze, b.Email,
			b.AanNaam, strings.Join(b.AanAdres, "\n"), b.CreatedBy, b.CreatedAt)
		if err != nil {
			return fmt.Errorf("brief: insert: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil // another run made it
		}
		inserted = true
		if d.norm != "" {
			if _, err := s.Zaken.NoticeSentTx(ctx, tx, z.ID, d.norm, now); err != nil {
				return err
			}
		}
		if b.Verzendwijze == Email {
			id, err := s.Mail.QueueTx(ctx, tx, mail.Message{To: b.Email, Subject: r.Onderwerp, Text: r.Text(), HTML: r.HTML(),
				ZaakID: z.ID, Bron: "brief:" + b.ID,
				Attachments: []mail.Attachment{{Naam: fileName(b), Type: "application/pdf", Data: pdf}}})
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `UPDATE brieven SET mail_id = $2 WHERE id = $1`, b.ID, id); err != nil {
				return fmt.Errorf("brief: mail id: %w", err)
			}
		}
		how := "per post"
		if b.Verzendwijze == Email {
			how = "per e-mail"
		}
		return audit.Record(ctx, tx, audit.Entry{Bron: "LOKET", ZaakID: z.ID, HoofdObject: z.ID, Resource: "brief",
			ResourceID: b.ID, ResourceWeergave: z.Identificatie, Actie: "create",
			ActieWeergave: "Brief verstuurd " + how + ": " + Label(b.Gebeurtenis), New: b, At: now})
	})
	if err != nil || !inserted {
		return false, err
	}
	if err := s.attach(ctx, z, b); err != nil {
		// The letter stands; attachMissing tries again on the next run.
		s.Log.WarnContext(ctx, "brief: storing the letter as a document failed", "brief", b.ID, "err", err)
	}
	return true, nil
}

func fileName(b Brief) string {
	return "brief-" + b.Gebeurtenis + "-" + b.CreatedAt.In(date.Amsterdam).Format("2006-01-02") + ".pdf"
}

// attachMissing stores the letters of the zaak that have no document yet
// (the process stopped between recording a letter and storing it).
func (s *Service) attachMissing(ctx context.Context, z *zaak.Zaak) error {
	if s.Docs == nil {
		return nil
	}
	letters, err := s.ListForZaak(ctx, z.ID)
	if err != nil {
		return err
	}
	for _, b := range letters {
		if b.DocumentID == "" {
			if err := s.attach(ctx, z, b); err != nil {
				return err
			}
		}
	}
	return nil
}

// informatieobjecttype picks the type a letter is stored as: the zaaktype's
// outgoing type, preferring one called "brief".
func (s *Service) informatieobjecttype(ctx context.Context, zaakTypeID string) (string, error) {
	var id string
	err := s.DB.R.QueryRowContext(ctx, `SELECT t.id FROM zaaktype_informatieobjecttypen l
		JOIN informatieobjecttypen t ON t.id = l.informatieobjecttype_id
		WHERE l.zaaktype_id = $1 AND NOT t.concept
		ORDER BY CASE WHEN `+s.DB.ILike("t.omschrijving", "'%brief%'")+` THEN 0 WHEN l.richting = 'uitgaand' THEN 1 ELSE 2 END,
		l.volgnummer LIMIT 1`, zaakTypeID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("brief: informatieobjecttype: %w", err)
	}
	return id, nil
}

// attach stores the letter's PDF as a document on the zaak, visible to the
// initiator in the PIP. It is idempotent: the document's identificatie is
// derived from the letter, so a retry finds the one it made before.
func (s *Service) attach(ctx context.Context, z *zaak.Zaak, b Brief) error {
	if s.Docs == nil {
		return nil
	}
	iot, err := s.informatieobjecttype(ctx, z.ZaakTypeID)
	if err != nil || iot == "" {
		return err
	}
	ident := "BRIEF-" + strings.ReplaceAll(b.ID, "-", "")
	find := func() (string, error) {
		existing, _, err := s.Docs.List(ctx, document.Filter{Bronorganisatie: z.Bronorganisatie, Identificatie: ident, Limit: 1})
		if err != nil || len(existing) == 0 {
			return "", err
		}
		return existing[0].ID, nil
	}
	docID, err := find()
	if err != nil {
		return err
	}
	if docID == "" {
		pdf, err := b.Rendered(s.Gemeente, z.Identificatie).PDF()
		if err != nil {
			return err
		}
		no := false
		doc, err := s.Docs.Create(ctx, document.CreateInput{Bronorganisatie: z.Bronorganisatie, Identificatie: ident,
			Creatiedatum: date.Of(b.CreatedAt.In(date.Amsterdam)), Titel: b.Onderwerp, Auteur: s.Gemeente,
			Status: document.StatusDefinitief, Formaat: "application/pdf", Taal: "dut", Bestandsnaam: fileName(b),
			Beschrijving: Label(b.Gebeurtenis), IndicatieGebruiksrecht: &no, InformatieobjecttypeID: iot,
			Content: strings.NewReader(string(pdf))})
		switch {
		case err == nil:
			docID = doc.ID
		case hasFieldCode(err, "identificatie", ""):
			// Another run stored it at the same moment.
			if docID, err = find(); err != nil || docID == "" {
				return fmt.Errorf("brief: document %s taken but not found: %w", ident, err)
			}
		default:
			return err
		}
	}
	_, err = s.Docs.LinkZaak(ctx, document.LinkInput{ZaakID: z.ID, InformatieobjectID: docID, Titel: b.Onderwerp,
		Beschrijving: Label(b.Gebeurtenis), ZichtbaarVoorInitiator: true, Geforceerd: true})
	if err != nil && !errs.Is(err, errs.Conflict) && !isDuplicateLink(err) {
		return err
	}
	return s.DB.Tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE brieven SET document_id = $2 WHERE id = $1`, b.ID, docID)
		return err
	})
}

func hasFieldCode(err error, field, code string) bool {
	e := errs.As(err)
	if e == nil {
		return false
	}
	for _, f := range e.Fields {
		if f.Field == field && (code == "" || f.Code == code) {
			return true
		}
	}
	return false
}

func isDuplicateLink(err error) bool {
	e := errs.As(err)
	if e == nil {
		return false
	}
	if e.Code == "unique" {
		return true
	}
	for _, f := range e.Fields {
		if f.Code == "unique" {
			return true
		}
	}
	return false
}
