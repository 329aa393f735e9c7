package document

import (
	"context"
	"database/sql"

	"github.com/gemeenten/loket/internal/event"
)

// Notifications: changes to an informatieobject and its gebruiksrechten and
// verzendingen go to kanaal "documenten" (hoofdobject the
// enkelvoudiginformatieobject); a zaakinformatieobject is a Zaken API
// resource and goes to kanaal "zaken" (hoofdobject the zaak, whose
// kenmerken the sink looks up). Each is emitted in the transaction of the
// change, next to its audit record.

func (s *Service) emitDoc(ctx context.Context, tx *sql.Tx, d *Document, resource, id, actie string) error {
	return event.Emit(ctx, tx, s.Events, event.Change{
		Kanaal: "documenten", Resource: resource, ResourceID: id,
		HoofdObject: "enkelvoudiginformatieobject", HoofdObjectID: d.ID, Actie: actie,
		Kenmerken: map[string]string{
			"bronorganisatie":             d.Bronorganisatie,
			"informatieobjecttype":        d.InformatieobjecttypeID,
			"vertrouwelijkheidaanduiding": d.Vertrouwelijkheidaanduiding,
		},
	})
}

func (s *Service) emitLink(ctx context.Context, tx *sql.Tx, l *ZaakLink, actie string) error {
	return event.Emit(ctx, tx, s.Events, event.Change{
		Kanaal: "zaken", Resource: "zaakinformatieobject", ResourceID: l.ID,
		HoofdObject: "zaak", HoofdObjectID: l.ZaakID, Actie: actie,
	})
}
