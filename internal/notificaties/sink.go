package notificaties

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/google/uuid"

	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/event"
)

// resourcePaths maps a ZGW resource name to its collection path below the
// public base URL. Nested resources use %s for the parent (hoofdobject) id.
var resourcePaths = map[string]string{
	// Zaken API
	"zaak":                 "/zaken/api/v1/zaken/",
	"status":               "/zaken/api/v1/statussen/",
	"resultaat":            "/zaken/api/v1/resultaten/",
	"rol":                  "/zaken/api/v1/rollen/",
	"zaakobject":           "/zaken/api/v1/zaakobjecten/",
	"zaakinformatieobject": "/zaken/api/v1/zaakinformatieobjecten/",
	"zaakeigenschap":       "/zaken/api/v1/zaken/%s/zaakeigenschappen/",
	"zaakbesluit":          "/zaken/api/v1/zaken/%s/besluiten/",
	"klantcontact":         "/zaken/api/v1/klantcontacten/",
	"zaakcontactmoment":    "/zaken/api/v1/zaakcontactmomenten/",
	"zaakverzoek":          "/zaken/api/v1/zaakverzoeken/",
	// Documenten API
	"enkelvoudiginformatieobject": "/documenten/api/v1/enkelvoudiginformatieobjecten/",
	"gebruiksrechten":             "/documenten/api/v1/gebruiksrechten/",
	"objectinformatieobject":      "/documenten/api/v1/objectinformatieobjecten/",
	"verzending":                  "/documenten/api/v1/verzendingen/",
	// Besluiten API
	"besluit":                 "/besluiten/api/v1/besluiten/",
	"besluitinformatieobject": "/besluiten/api/v1/besluitinformatieobjecten/",
	// Catalogi API
	"catalogus":                    "/catalogi/api/v1/catalogussen/",
	"zaaktype":                     "/catalogi/api/v1/zaaktypen/",
	"informatieobjecttype":         "/catalogi/api/v1/informatieobjecttypen/",
	"besluittype":                  "/catalogi/api/v1/besluittypen/",
	"statustype":                   "/catalogi/api/v1/statustypen/",
	"resultaattype":                "/catalogi/api/v1/resultaattypen/",
	"roltype":                      "/catalogi/api/v1/roltypen/",
	"eigenschap":                   "/catalogi/api/v1/eigenschappen/",
	"zaaktypeinformatieobjecttype": "/catalogi/api/v1/zaaktype-informatieobjecttypen/",
	"zaakobjecttype":               "/catalogi/api/v1/zaakobjecttypen/",
	// Autorisaties API
	"applicatie": "/autorisaties/api/v1/applicaties/",
}

// klantinteractiesPaths are the resources of the Klantinteracties API
// (Open Klant 2), whose names overlap those of the Zaken API (klantcontact).
var klantinteractiesPaths = map[string]string{
	"partij":              "/klantinteracties/api/v1/partijen/",
	"partijidentificator": "/klantinteracties/api/v1/partij-identificatoren/",
	"klantcontact":        "/klantinteracties/api/v1/klantcontacten/",
	"betrokkene":          "/klantinteracties/api/v1/betrokkenen/",
	"internetaak":         "/klantinteracties/api/v1/internetaken/",
	"digitaaladres":       "/klantinteracties/api/v1/digitaleadressen/",
	"onderwerpobject":     "/klantinteracties/api/v1/onderwerpobjecten/",
	"actor":               "/klantinteracties/api/v1/actoren/",
	"actorklantcontact":   "/klantinteracties/api/v1/actorklantcontacten/",
	"bijlage":             "/klantinteracties/api/v1/bijlagen/",
	"categorie":           "/klantinteracties/api/v1/categorieen/",
	"categorierelatie":    "/klantinteracties/api/v1/categorie-relaties/",
	"rekeningnummer":      "/klantinteracties/api/v1/rekeningnummers/",
	"vertegenwoordigden":  "/klantinteracties/api/v1/vertegenwoordigingen/",
}

// kanaalAPI is the API a kanaal's resources live in, for resources that are
// not in resourcePaths.
var kanaalAPI = map[string]string{
	"zaken": "/zaken/api/v1/", "documenten": "/documenten/api/v1/", "besluiten": "/besluiten/api/v1/",
	"catalogi": "/catalogi/api/v1/", "zaaktypen": "/catalogi/api/v1/", "informatieobjecttypen": "/catalogi/api/v1/",
	"besluittypen": "/catalogi/api/v1/", "autorisaties": "/autorisaties/api/v1/", "klantinteracties": "/klantinteracties/api/v1/",
}

// ResourceURL is the absolute URL of a resource: base + its API path + id.
// parent is the hoofdobject id, used by nested resources (zaakeigenschap).
func ResourceURL(base, kanaal, resource, id, parent string) string {
	paths := resourcePaths
	if kanaal == "klantinteracties" {
		paths = klantinteractiesPaths
	}
	p, ok := paths[resource]
	if !ok {
		// An unknown resource still gets a stable URL in its kanaal's API.
		api := kanaalAPI[kanaal]
		if api == "" {
			api = "/" + kanaal + "/api/v1/"
		}
		p = api + resource + "en/"
	}
	if strings.Contains(p, "%s") {
		p = fmt.Sprintf(p, parent)
	}
	return base + p + id
}

// kenmerkTypes are kenmerken whose value is a type URL in the Catalogi API;
// emitters may pass the bare id.
var kenmerkTypes = map[string]string{
	"zaaktype":             "zaaktype",
	"informatieobjecttype": "informatieobjecttype",
	"besluittype":          "besluittype",
	"catalogus":            "catalogus",
}

// Emit implements event.Sink: it builds the standard message for c, with the
// kanaal's kenmerken looked up in tx when the emitter did not give them,
// stores it and queues its fan-out in tx. An error rolls the change back.
func (s *Service) Emit(ctx context.Context, tx *sql.Tx, c event.Change) error {
	// Nobody subscribed to the kanaal: there is nobody to deliver to, now or
	// later (an abonnement receives the changes made after it was taken),
	// so the change costs one indexed read and queues nothing.
	subscribed, err := db.Exists(ctx, s.stmt(ctx, tx, sqlSubscribed), sqlSubscribed, c.Kanaal)
	if err != nil {
		return fmt.Errorf("notificaties: abonnementen of %s: %w", c.Kanaal, err)
	}
	if !subscribed {
		return nil
	}
	m, err := s.Message(ctx, tx, c)
	if err != nil {
		return err
	}
	return s.store(ctx, tx, m)
}

// Message builds the message for c (exported for the back office and tests).
func (s *Service) Message(ctx context.Context, tx *sql.Tx, c event.Change) (Message, error) {
	if c.Kanaal == "" || c.Resource == "" || c.ResourceID == "" || c.Actie == "" {
		return Message{}, fmt.Errorf("notificaties: incomplete change %+v", c)
	}
	hoofd, hoofdID := c.HoofdObject, c.HoofdObjectID
	if hoofd == "" {
		hoofd, hoofdID = c.Resource, c.ResourceID
	}
	m := Message{
		Kanaal:       c.Kanaal,
		HoofdObject:  ResourceURL(s.Base, c.Kanaal, hoofd, hoofdID, ""),
		Resource:     c.Resource,
		ResourceURL:  ResourceURL(s.Base, c.Kanaal, c.Resource, c.ResourceID, hoofdID),
		Actie:        c.Actie,
		Aanmaakdatum: s.now(),
		Kenmerken:    map[string]string{},
	}
	kenmerken := c.Kenmerken
	if len(kenmerken) == 0 {
		var err error
		if kenmerken, err = lookupKenmerken(ctx, tx, c.Kanaal, hoofd, hoofdID); err != nil {
			return Message{}, err
		}
	}
	for k, v := range kenmerken {
		if v == "" {
			continue // the standard forbids empty kenmerken
		}
		if t, ok := kenmerkTypes[k]; ok && !strings.Contains(v, "://") {
			v = ResourceURL(s.Base, "catalogi", t, v, "")
		}
		m.Kenmerken[k] = v
	}
	return m, nil
}

// lookupKenmerken reads the kanaal's kenmerken of the hoofdobject. A
// hoofdobject that is gone (a destroy emitted after the delete) has none.
func lookupKenmerken(ctx context.Context, tx *sql.Tx, kanaal, hoofd, id string) (map[string]string, error) {
	var q string
	var keys []string
	switch {
	case kanaal == "zaken" && hoofd == "zaak":
		q = `SELECT bronorganisatie, zaaktype_id, vertrouwelijkheidaanduiding FROM zaken WHERE id = $1`
		keys = []string{"bronorganisatie", "zaaktype", "vertrouwelijkheidaanduiding"}
	case kanaal == "documenten" && hoofd == "enkelvoudiginformatieobject":
		q = `SELECT bronorganisatie, informatieobjecttype_id, vertrouwelijkheidaanduiding FROM informatieobjecten WHERE id = $1`
		keys = []string{"bronorganisatie", "informatieobjecttype", "vertrouwelijkheidaanduiding"}
	case kanaal == "besluiten" && hoofd == "besluit":
		q = `SELECT verantwoordelijke_organisatie, besluittype_id FROM besluiten WHERE id = $1`
		keys = []string{"verantwoordelijkeOrganisatie", "besluittype"}
	case hoofd == "zaaktype":
		q = `SELECT catalogus_id FROM zaaktypen WHERE id = $1`
		keys = []string{"catalogus"}
	case hoofd == "informatieobjecttype":
		q = `SELECT catalogus_id FROM informatieobjecttypen WHERE id = $1`
		keys = []string{"catalogus"}
	case hoofd == "besluittype":
		q = `SELECT catalogus_id FROM besluittypen WHERE id = $1`
		keys = []string{"catalogus"}
	case hoofd == "catalogus":
		return map[string]string{"catalogus": id}, nil
	default:
		return nil, nil
	}
	vals := make([]sql.NullString, len(keys))
	dest := make([]any, len(keys))
	for i := range vals {
		dest[i] = &vals[i]
	}
	if err := tx.QueryRowContext(ctx, q, id).Scan(dest...); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, nil
		}
		return nil, fmt.Errorf("notificaties: kenmerken of %s %s: %w", hoofd, id, err)
	}
	out := make(map[string]string, len(keys))
	for i, k := range keys {
		if vals[i].Valid {
			out[k] = vals[i].String
		}
	}
	return out, nil
}

// store queues m's fan-out in tx. The message travels in the job's
// arguments; the fan-out job writes it to the notificaties table with the
// delivery attempts, off the writing transaction.
func (s *Service) store(ctx context.Context, tx *sql.Tx, m Message) error {
	if s.Queue == nil {
		return errors.New("notificaties: no job queue to publish on")
	}
	return s.Queue.EnqueueTx(ctx, tx, FanoutArgs{NotificatieID: uuid.NewString(), Message: &m}, nil)
}

const (
	sqlSubscribed = `SELECT 1 FROM notificatie_abonnement_kanalen ak
		JOIN notificatie_kanalen k ON k.id = ak.kanaal_id WHERE k.naam = $1 LIMIT 1`
)

// The sink runs in every write transaction. On SQLite (modernc) a statement
// is compiled on every call unless prepared, and compiling costs about as
// much as running a small statement; the sink's statement is prepared
// on the single writer connection by New (outside any transaction: inside
// one, preparing would wait for the connection the transaction holds) and
// bound to each transaction. PostgreSQL (pgx) caches prepared statements
// itself.

// txStmt runs a prepared statement in a transaction; the query argument
// of its methods is ignored (it is there to satisfy db.Queryer).
type txStmt struct{ st *sql.Stmt }

func (t txStmt) ExecContext(ctx context.Context, _ string, args ...any) (sql.Result, error) {
	return t.st.ExecContext(ctx, args...)
}

func (t txStmt) QueryContext(ctx context.Context, _ string, args ...any) (*sql.Rows, error) {
	return t.st.QueryContext(ctx, args...)
}

func (t txStmt) QueryRowContext(ctx context.Context, _ string, args ...any) *sql.Row {
	return t.st.QueryRowContext(ctx, args...)
}

func (s *Service) prepare(ctx context.Context) {
	if s.DB == nil || s.DB.Engine != db.SQLite {
		return
	}
	s.prepared = map[string]*sql.Stmt{}
	for _, q := range []string{sqlSubscribed} {
		if st, err := s.DB.W.PrepareContext(ctx, q); err == nil {
			s.prepared[q] = st
		}
	}
}

// stmt returns tx itself or, on SQLite, the prepared statement bound to tx.
func (s *Service) stmt(ctx context.Context, tx *sql.Tx, q string) db.Queryer {
	if st := s.prepared[q]; st != nil {
		return txStmt{tx.StmtContext(ctx, st)}
	}
	return tx
}
