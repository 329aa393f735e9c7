package kto

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/fnv"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/riverqueue/river"

	"github.com/gemeenten/loket/internal/burger"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/event"
	"github.com/gemeenten/loket/internal/jobs"
	"github.com/gemeenten/loket/internal/mail"
)

// Causes of an invitation.
const (
	BronKlantcontact = "klantcontact"
	BronZaak         = "zaak"
)

// Ways an invitation reaches the person.
const (
	ViaEmail = "email"
	ViaPIP   = "pip"
)

// InviteArgs is the job that decides on, and sends, the invitation for one
// cause. It is unique by its args, and the invitation is unique by cause,
// so a repeated or retried job invites nobody twice.
type InviteArgs struct {
	Bron string `json:"bron"`
	ID   string `json:"id"`
}

// Kind names the job.
func (InviteArgs) Kind() string { return "kto_uitnodiging" }

// InsertOpts makes the job unique per cause.
func (InviteArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

// Sink returns the event sink to add to the klant and zaak services'
// Events: it queues an invitation job, in the transaction of the change,
// for a new klantcontact with a known person or business and for a status
// that closes a zaak. It costs at most one primary-key read per such
// change and nothing for other changes.
func (s *Service) Sink() event.Sink { return event.SinkFunc(s.emit) }

func (s *Service) emit(ctx context.Context, tx *sql.Tx, c event.Change) error {
	if s.Jobs == nil || c.Actie != event.Create {
		return nil
	}
	var args InviteArgs
	switch {
	case c.Kanaal == "klantinteracties" && c.Resource == "klantcontact":
		if !s.sampled(c.ResourceID) {
			return nil
		}
		var typ string
		err := tx.QueryRowContext(ctx, `SELECT partij_type FROM klantcontacten WHERE id = $1`, c.ResourceID).Scan(&typ)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("kto: klantcontact: %w", err)
		}
		if _, ok := subjectOfPartij(typ); !ok {
			return nil // anonymous or a vestiging: nobody to ask
		}
		args = InviteArgs{Bron: BronKlantcontact, ID: c.ResourceID}
	case c.Kanaal == "zaken" && c.Resource == "status":
		if !s.sampled(c.HoofdObjectID) {
			return nil
		}
		// The zaak row itself is written after the status in the same
		// transaction, so "closing" is read from the statustype: the
		// highest volgnummer of its zaaktype is the eindstatus.
		var typ string
		var final bool
		err := tx.QueryRowContext(ctx, `SELECT z.initiator_type,
			st.volgnummer = (SELECT MAX(x.volgnummer) FROM statustypen x WHERE x.zaaktype_id = st.zaaktype_id)
			FROM statussen s JOIN statustypen st ON st.id = s.statustype_id JOIN zaken z ON z.id = s.zaak_id
			WHERE s.id = $1`, c.ResourceID).Scan(&typ, &final)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("kto: status: %w", err)
		}
		if !final || (typ != burger.BSN && typ != burger.KvK) {
			return nil
		}
		args = InviteArgs{Bron: BronZaak, ID: c.HoofdObjectID}
	default:
		return nil
	}
	return s.Jobs.EnqueueTx(ctx, tx, args, nil)
}

// sampled is the 1-in-N choice; a hash of the id, so every retry agrees.
func (s *Service) sampled(id string) bool {
	if s.Steekproef <= 1 {
		return true
	}
	h := fnv.New32a()
	h.Write([]byte(id))
	return h.Sum32()%uint32(s.Steekproef) == 0
}

func subjectOfPartij(partijType string) (string, bool) {
	switch partijType {
	case "natuurlijk_persoon":
		return burger.BSN, true
	case "niet_natuurlijk_persoon":
		return burger.KvK, true
	}
	return "", false
}

// cause is what an invitation is about.
type cause struct {
	subjectType, subjectID string
	kanaal, onderwerp      string
	zaaktypeID, teamID     sql.NullString
	product                string
}

func loadCause(ctx context.Context, tx *sql.Tx, bron, id string) (cause, bool, error) {
	var c cause
	var typ string
	var closed bool
	var err error
	switch bron {
	case BronKlantcontact:
		// The onderwerp shown is the catalogue's (zaaktype or product), never
		// the contact's free text: the survey page is reachable without login.
		err = tx.QueryRowContext(ctx, `SELECT k.partij_type, k.partij_id, k.kanaal, k.zaaktype_id, k.team_id, k.product,
			COALESCE(zt.omschrijving, '') FROM klantcontacten k LEFT JOIN zaaktypen zt ON zt.id = k.zaaktype_id WHERE k.id = $1`, id).
			Scan(&typ, &c.subjectID, &c.kanaal, &c.zaaktypeID, &c.teamID, &c.product, &c.onderwerp)
		if err == nil {
			var ok bool
			if c.subjectType, ok = subjectOfPartij(typ); !ok || c.subjectID == "" {
				return c, false, nil
			}
			if c.onderwerp == "" {
				c.onderwerp = c.product
			}
		}
	case BronZaak:
		err = tx.QueryRowContext(ctx, `SELECT z.initiator_type, z.initiator_id, z.kanaal, z.zaaktype_id, z.team_id,
			zt.omschrijving, z.einddatum IS NOT NULL FROM zaken z JOIN zaaktypen zt ON zt.id = z.zaaktype_id WHERE z.id = $1`, id).
			Scan(&c.subjectType, &c.subjectID, &c.kanaal, &c.zaaktypeID, &c.teamID, &c.onderwerp, &closed)
		if err == nil {
			// a zaak reopened before the job ran is not finished yet
			if !closed || (c.subjectType != burger.BSN && c.subjectType != burger.KvK) || c.subjectID == "" {
				return c, false, nil
			}
			c.product = c.onderwerp
			if c.kanaal == "" {
				c.kanaal = "onbekend"
			}
		}
	default:
		return c, false, nil
	}
	if errors.Is(err, sql.ErrNoRows) {
		return c, false, nil // the cause was removed before the job ran
	}
	if err != nil {
		return c, false, fmt.Errorf("kto: cause: %w", err)
	}
	return c, true, nil
}

// Outcome is what Invite decided.
type Outcome string

// Outcomes of Invite.
const (
	Invited      Outcome = "uitgenodigd"
	AlreadyDone  Outcome = "al_verwerkt"    // an earlier run invited for this cause
	NoPerson     Outcome = "geen_persoon"   // anonymous, a vestiging, or the cause is gone
	OptedOut     Outcome = "afgemeld"       // the person asked for no more invitations
	WithinPeriod Outcome = "binnen_periode" // invited less than IntervalDagen ago
	NotInSample  Outcome = "niet_gekozen"   // not in the 1-in-N sample
)

// Invite decides on, and makes, the invitation for one cause; the job
// calls it. In one transaction: the invitation row (unique by cause), the
// person's last-invited moment, and — when the person takes e-mail — the
// message in the outbox with its send job.
func (s *Service) Invite(ctx context.Context, bron, id string) (Outcome, error) {
	if bron != BronKlantcontact && bron != BronZaak || !db.ValidUUID(id) {
		return NoPerson, nil
	}
	if !s.sampled(id) {
		return NotInSample, nil
	}
	var out Outcome
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		done, err := db.Exists(ctx, tx, `SELECT 1 FROM kto_uitnodigingen WHERE bron = $1 AND bron_id = $2`, bron, id)
		if err != nil {
			return fmt.Errorf("kto: invitation: %w", err)
		}
		if done {
			out = AlreadyDone
			return nil
		}
		c, ok, err := loadCause(ctx, tx, bron, id)
		if err != nil {
			return err
		}
		if !ok {
			out = NoPerson
			return nil
		}
		now := s.now()
		// Claims the person's period atomically: the row is updated only
		// when the last invitation is old enough and they did not opt out,
		// and on PostgreSQL the row lock makes a concurrent job wait and
		// then see the new moment.
		var claimed string
		err = tx.QueryRowContext(ctx, `INSERT INTO kto_ontvangers (subject_type, subject_id, laatst_uitgenodigd_op, afgemeld)
			VALUES ($1, $2, $3, FALSE)
			ON CONFLICT (subject_type, subject_id) DO UPDATE SET laatst_uitgenodigd_op = excluded.laatst_uitgenodigd_op
			WHERE kto_ontvangers.afgemeld = FALSE
			  AND (kto_ontvangers.laatst_uitgenodigd_op IS NULL OR kto_ontvangers.laatst_uitgenodigd_op <= $4)
			RETURNING subject_id`, c.subjectType, c.subjectID, now, now.Add(-s.interval())).Scan(&claimed)
		if errors.Is(err, sql.ErrNoRows) {
			var afgemeld bool
			if err := tx.QueryRowContext(ctx, `SELECT afgemeld FROM kto_ontvangers WHERE subject_type = $1 AND subject_id = $2`,
				c.subjectType, c.subjectID).Scan(&afgemeld); err != nil {
				return fmt.Errorf("kto: recipient: %w", err)
			}
			out = WithinPeriod
			if afgemeld {
				out = OptedOut
			}
			return nil
		}
		if err != nil {
			return fmt.Errorf("kto: recipient: %w", err)
		}
		v, err := burger.VoorkeurFor(ctx, tx, c.subjectType, c.subjectID)
		if err != nil {
			return err
		}
		via := ViaPIP
		if s.Mail != nil && v.Berichten == burger.ViaEmail && strings.TrimSpace(v.Email) != "" &&
			mail.CheckAddress("email", v.Email) == nil {
			via = ViaEmail
		}
		token, hash, err := newToken()
		if err != nil {
			return err
		}
		invID := uuid.NewString()
		if _, err := tx.ExecContext(ctx, `INSERT INTO kto_uitnodigingen (id, bron, bron_id, subject_type, subject_id,
			token_hash, via, kanaal, onderwerp, zaaktype_id, product, team_id, uitgenodigd_op, verloopt_op, beantwoord)
			VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,FALSE)`,
			invID, bron, id, c.subjectType, c.subjectID, hash, via, c.kanaal, c.onderwerp, c.zaaktypeID, c.product,
			c.teamID, now, now.Add(s.geldig())); err != nil {
			return fmt.Errorf("kto: invitation: %w", err)
		}
		if via == ViaEmail {
			mailID, err := s.Mail.QueueTx(ctx, tx, s.message(v.Email, token, bron, c))
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `UPDATE kto_uitnodigingen SET mail_id = $2 WHERE id = $1`, invID, mailID); err != nil {
				return fmt.Errorf("kto: invitation: %w", err)
			}
		}
		out = Invited
		return nil
	})
	if err != nil {
		return "", err
	}
	return out, nil
}

// SurveyURL is the link to the survey for token.
func (s *Service) SurveyURL(token string) string {
	return strings.TrimRight(s.BaseURL, "/") + "/kto?t=" + token
}

func (s *Service) message(to, token, bron string, c cause) mail.Message {
	about := "uw contact met de gemeente"
	if bron == BronZaak {
		about = "de afhandeling van uw aanvraag"
	}
	if c.onderwerp != "" {
		about += " (" + c.onderwerp + ")"
	}
	days := s.GeldigDagen
	if days <= 0 {
		days = DefaultGeldigDagen
	}
	text := fmt.Sprintf(`Beste heer, mevrouw,

Onlangs had u contact met ons: %s. Wij horen graag hoe u dat heeft ervaren.
Wilt u daarvoor een korte vragenlijst invullen? Dat duurt ongeveer twee minuten.
Uw antwoorden worden anoniem verwerkt.

Vul de vragenlijst in via deze link (%d dagen geldig):
%s

Wilt u geen uitnodigingen meer voor dit onderzoek ontvangen? Op dezelfde pagina
kunt u zich afmelden.

Met vriendelijke groet,
%s
`, about, days, s.SurveyURL(token), s.Municipality)
	return mail.Message{To: strings.TrimSpace(to), Subject: "Hoe tevreden bent u over onze dienstverlening?",
		Text: text, Bron: "kto"}
}

// newToken returns a 256-bit random token for the link and its SHA-256,
// which is all that is stored.
func newToken() (token, hash string, err error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", "", fmt.Errorf("kto: token: %w", err)
	}
	token = base64.RawURLEncoding.EncodeToString(b)
	return token, hashToken(token), nil
}

func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// Worker runs InviteArgs jobs.
type Worker struct {
	river.WorkerDefaults[InviteArgs]
	S *Service
}

// Work invites; a database error retries with River's backoff.
func (w *Worker) Work(ctx context.Context, job *river.Job[InviteArgs]) error {
	out, err := w.S.Invite(ctx, job.Args.Bron, job.Args.ID)
	if err != nil {
		if errs.Is(err, errs.Invalid) {
			// e.g. an e-mail address the outbox refuses: retrying will not help
			return river.JobCancel(err)
		}
		return err
	}
	w.S.Log.DebugContext(ctx, "kto: invitation", "bron", job.Args.Bron, "outcome", string(out))
	return nil
}

// Register adds the invitation worker to q, and the daily purge.
func (s *Service) Register(q *jobs.Queue) {
	jobs.AddWorker(q, &Worker{S: s})
	jobs.AddWorker(q, &PurgeWorker{S: s})
	q.Periodic(24*time.Hour, PurgeArgs{}, true)
}

// Purge removes what identifies a person once it is no longer needed:
// invitations that expired (whether answered or not: the response never
// pointed at them), and the last-invited moment of people whose period is
// over and who did not opt out. An opt-out is kept, as it was asked for.
func (s *Service) Purge(ctx context.Context) (invitations, recipients int64, err error) {
	now := s.now()
	err = s.DB.Tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM kto_uitnodigingen WHERE verloopt_op < $1`, now)
		if err != nil {
			return fmt.Errorf("kto: purge invitations: %w", err)
		}
		invitations, _ = res.RowsAffected()
		res, err = tx.ExecContext(ctx, `DELETE FROM kto_ontvangers WHERE afgemeld = FALSE AND laatst_uitgenodigd_op < $1`,
			now.Add(-s.interval()))
		if err != nil {
			return fmt.Errorf("kto: purge recipients: %w", err)
		}
		recipients, _ = res.RowsAffected()
		return nil
	})
	return invitations, recipients, err
}

// PurgeArgs is the daily Purge.
type PurgeArgs struct{}

// Kind names the job.
func (PurgeArgs) Kind() string { return "kto_opschonen" }

// PurgeWorker runs Purge.
type PurgeWorker struct {
	river.WorkerDefaults[PurgeArgs]
	S *Service
}

// Work purges.
func (w *PurgeWorker) Work(ctx context.Context, _ *river.Job[PurgeArgs]) error {
	inv, rec, err := w.S.Purge(ctx)
	if err == nil {
		w.S.Log.InfoContext(ctx, "kto: purged", "invitations", inv, "recipients", rec)
	}
	return err
}
