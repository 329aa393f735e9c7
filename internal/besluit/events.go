package besluit

import (
	"context"
	"database/sql"

	"github.com/gemeenten/loket/internal/event"
)

// Notifications: a besluit and its besluitinformatieobjecten go to kanaal
// "besluiten" (hoofdobject the besluit); a besluit on a zaak is also a
// zaakbesluit of that zaak (brc-006) and announces that on kanaal "zaken".
// Emitted in the transaction of the change, next to its audit record.

func (s *Service) emit(ctx context.Context, tx *sql.Tx, b *Besluit, resource, id, actie string) error {
	err := event.Emit(ctx, tx, s.Events, event.Change{
		Kanaal: "besluiten", Resource: resource, ResourceID: id, HoofdObject: "besluit", HoofdObjectID: b.ID, Actie: actie,
		Kenmerken: map[string]string{
			"verantwoordelijkeOrganisatie": b.VerantwoordelijkeOrganisatie,
			"besluittype":                  b.BesluittypeID,
		},
	})
	if err != nil || resource != "besluit" || b.ZaakID == "" || actie == event.Update || actie == event.PartialUpdate {
		return err
	}
	return event.Emit(ctx, tx, s.Events, event.Change{
		Kanaal: "zaken", Resource: "zaakbesluit", ResourceID: b.ID, HoofdObject: "zaak", HoofdObjectID: b.ZaakID, Actie: actie,
	})
}
