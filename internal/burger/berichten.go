package burger

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/gemeenten/loket/internal/event"
	"github.com/gemeenten/loket/internal/mail"
)

// StatusMailer tells the initiator of a zaak by e-mail that their zaak has
// a new status, when the statustype says to inform them (ZGW
// statustype.informeren) and they chose e-mail. It is an event sink: the
// message is queued in the transaction that sets the status, so it is sent
// exactly when the status is committed, and never for a rolled-back one.
//
// Requests for documents and decisions reach the citizen as letters (the
// back office's letters go by e-mail for those who chose it); the first
// status is covered by the acknowledgement of receipt. So this mails only
// the steps in between, and never twice for one fact.
type StatusMailer struct {
	Mail *mail.Service
	// Base is the public URL, for the link to the PIP.
	Base string
	// Gemeente signs the message.
	Gemeente string
}

// Emit implements event.Sink.
func (m *StatusMailer) Emit(ctx context.Context, tx *sql.Tx, c event.Change) error {
	if m == nil || m.Mail == nil || c.Kanaal != "zaken" || c.Resource != "status" || c.Actie != event.Create {
		return nil
	}
	var informeren bool
	var volgnummer int
	var statustekst, omschrijving, zaakID, identificatie, initType, initID, zaaktype string
	err := tx.QueryRowContext(ctx, `SELECT st.informeren, st.volgnummer, st.statustekst, st.omschrijving, z.id, z.identificatie,
		z.initiator_type, z.initiator_id, zt.omschrijving FROM statussen s
		JOIN statustypen st ON st.id = s.statustype_id JOIN zaken z ON z.id = s.zaak_id JOIN zaaktypen zt ON zt.id = z.zaaktype_id
		WHERE s.id = $1`, c.ResourceID).Scan(&informeren, &volgnummer, &statustekst, &omschrijving, &zaakID, &identificatie,
		&initType, &initID, &zaaktype)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("burger: status mail: %w", err)
	}
	if !informeren || volgnummer <= 1 || initID == "" || (initType != BSN && initType != KvK) {
		return nil
	}
	v, err := VoorkeurFor(ctx, tx, initType, initID)
	if err != nil {
		return err
	}
	if v.Berichten != ViaEmail || v.Email == "" {
		return nil
	}
	text := statustekst
	if text == "" {
		text = "De status van uw zaak is nu: " + omschrijving + "."
	}
	body := fmt.Sprintf(`Beste meneer of mevrouw,

Er is nieuws over uw zaak %s (%s):

%s

Bekijk uw zaak in Mijn gemeente: %s/mijn/zaken/%s
Daar ziet u ook wat wij eventueel nog van u nodig hebben en wanneer u een besluit krijgt.

Met vriendelijke groet,
%s

Dit bericht is automatisch verstuurd. U kunt er niet op antwoorden. Wilt u geen e-mail meer van ons? Kies dat in Mijn gemeente bij Mijn gegevens.
`, identificatie, strings.ToLower(zaaktype), text, strings.TrimRight(m.Base, "/"), zaakID, m.Gemeente)
	_, err = m.Mail.QueueTx(ctx, tx, mail.Message{To: v.Email, Subject: "Nieuws over uw zaak " + identificatie,
		Text: body, ZaakID: zaakID, Bron: "status:" + c.ResourceID})
	return err
}
