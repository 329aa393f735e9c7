package zaak

import (
	"database/sql"

	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/event"
)

// Notifications (kanaal "zaken"). Every change to a zaak writes an audit
// row through auditor.record; the same call announces the change to
// s.Events, in the same transaction (and, in a group commit, inside the
// create's savepoint), so a committed change always gets its notification.

// zgwResources are the audit resources that are ZGW resources of their
// own; parts that the Zaken API shows as fields of the zaak (relaties,
// opschorting, verlenging) notify as a partial_update of the zaak. The rest
// (norms, ingebrekestellingen) are Loket's own and notify nothing.
var zgwResources = map[string]string{
	"zaak": "zaak", "status": "status", "resultaat": "resultaat", "rol": "rol", "zaakobject": "zaakobject",
	"zaakeigenschap": "zaakeigenschap", "zaakinformatieobject": "zaakinformatieobject",
	"klantcontact": "klantcontact", "zaakbesluit": "zaakbesluit",
	"relatie": "", "opschorting": "", "verlenging": "",
}

func (a *auditor) emit(resource, id, actie string) error {
	noteZaakChange(a.tx) // the API list counts (api_count.go)
	if a.events == nil {
		return nil
	}
	r, ok := zgwResources[resource]
	if !ok {
		return nil
	}
	switch actie {
	case event.Create, event.Update, event.PartialUpdate, event.Destroy:
	default:
		return nil // domain verbs (afsluiten, toewijzen…) come with a standard write
	}
	if r == "" {
		r, id, actie = "zaak", a.zaak.ID, event.PartialUpdate
	}
	tx := sqlTx(a.tx)
	if tx == nil {
		return nil
	}
	return event.Emit(a.ctx, tx, a.events, zaakChange(a.zaak, r, id, actie))
}

func zaakChange(z *Zaak, resource, id, actie string) event.Change {
	return event.Change{
		Kanaal: "zaken", Resource: resource, ResourceID: id, HoofdObject: "zaak", HoofdObjectID: z.ID, Actie: actie,
		Kenmerken: map[string]string{
			"bronorganisatie":             z.Bronorganisatie,
			"zaaktype":                    z.ZaakTypeID,
			"vertrouwelijkheidaanduiding": z.Vertrouwelijkheidaanduiding,
		},
	}
}

// sqlTx unwraps the statement cache; nil when q is not a transaction.
func sqlTx(q db.Queryer) *sql.Tx {
	switch t := q.(type) {
	case txq:
		return t.tx
	case *sql.Tx:
		return t
	}
	return nil
}
