package catalogus

import (
	"context"
	"database/sql"
	"reflect"

	"github.com/gemeenten/loket/internal/event"
)

// Notifications. Every catalogue write records an audit row through
// Store.record; the same call announces the change to s.Events in the same
// transaction. Like Open Zaak, changes go to the kanaal of their
// hoofdobject — zaaktypen (a zaaktype and its statustypen, resultaattypen,
// roltypen, eigenschappen and zaaktype-informatieobjecttypen),
// informatieobjecttypen, besluittypen — with kenmerk catalogus, and also to
// kanaal catalogi, for consumers that follow every change of a catalogus.
// Publishing is announced as an update of the type (its concept field
// changes); a new version as a create.

func (s *Store) emit(ctx context.Context, tx *sql.Tx, resource, id, hoofd, actie string, old, new any) error {
	if s.Events == nil {
		return nil
	}
	switch actie {
	case event.Create, event.Update, event.PartialUpdate, event.Destroy:
	case "publish":
		actie = event.Update
	default:
		actie = event.Create // a new version is a new type
	}
	c := event.Change{Resource: resource, ResourceID: id, Actie: actie}
	switch resource {
	case "zaaktype", "informatieobjecttype", "besluittype":
		c.HoofdObject, c.HoofdObjectID = resource, id
	case "statustype", "resultaattype", "roltype", "eigenschap", "zaakobjecttype":
		c.HoofdObject, c.HoofdObjectID = "zaaktype", hoofd
	case "zaaktype-informatieobjecttype":
		c.Resource, c.HoofdObject, c.HoofdObjectID = "zaaktypeinformatieobjecttype", "zaaktype", hoofd
	case "zaaktype-besluittype":
		// zaaktype.besluittypen changed
		c.Resource, c.ResourceID, c.Actie, c.HoofdObject, c.HoofdObjectID = "zaaktype", hoofd, event.PartialUpdate, "zaaktype", hoofd
	case "besluittype-informatieobjecttype":
		c.Resource, c.ResourceID, c.Actie, c.HoofdObject, c.HoofdObjectID = "besluittype", hoofd, event.PartialUpdate, "besluittype", hoofd
	case "catalogus":
		c.HoofdObject, c.HoofdObjectID = "catalogus", id
	default:
		return nil
	}
	// A deleted type cannot be looked up any more: take its catalogus from
	// the values the change records.
	if cat := catalogusOf(old); cat != "" && c.Resource == c.HoofdObject {
		c.Kenmerken = map[string]string{"catalogus": cat}
	} else if cat := catalogusOf(new); cat != "" && c.Resource == c.HoofdObject {
		c.Kenmerken = map[string]string{"catalogus": cat}
	}
	if c.HoofdObject != "catalogus" {
		c.Kanaal = c.HoofdObject + "n" // zaaktypen, informatieobjecttypen, besluittypen
		if err := event.Emit(ctx, tx, s.Events, c); err != nil {
			return err
		}
	}
	c.Kanaal = "catalogi"
	return event.Emit(ctx, tx, s.Events, c)
}

// catalogusOf returns the CatalogusID field of a type value, "" if none.
func catalogusOf(v any) string {
	r := reflect.ValueOf(v)
	for r.Kind() == reflect.Pointer || r.Kind() == reflect.Interface {
		if r.IsNil() {
			return ""
		}
		r = r.Elem()
	}
	if r.Kind() != reflect.Struct {
		return ""
	}
	f := r.FieldByName("CatalogusID")
	if !f.IsValid() || f.Kind() != reflect.String {
		return ""
	}
	return f.String()
}
