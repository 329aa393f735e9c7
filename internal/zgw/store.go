package zgw

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/gemeenten/loket/internal/audit"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/event"
)

// Scopes lists the scopes each component knows (zgw-notes §3.3).
var Scopes = map[string][]string{
	ZRC: {"zaken.lezen", "zaken.aanmaken", "zaken.bijwerken", "zaken.verwijderen", "zaken.statussen.toevoegen",
		"zaken.geforceerd-bijwerken", "zaken.heropenen", "audittrails.lezen"},
	ZTC: {"catalogi.lezen", "catalogi.schrijven", "catalogi.geforceerd-schrijven", "catalogi.geforceerd-verwijderen"},
	DRC: {"documenten.lezen", "documenten.aanmaken", "documenten.bijwerken", "documenten.verwijderen", "documenten.lock",
		"documenten.geforceerd-unlock", "documenten.geforceerd-bijwerken", "audittrails.lezen"},
	BRC: {"besluiten.lezen", "besluiten.aanmaken", "besluiten.bijwerken", "besluiten.verwijderen", "audittrails.lezen"},
	AC:  {"autorisaties.lezen", "autorisaties.bijwerken"},
	NRC: {"notificaties.consumeren", "notificaties.publiceren"},
}

// Components lists the components in the order the Autorisaties API gives.
var Components = []string{AC, NRC, ZRC, ZTC, DRC, BRC}

// ComponentWeergave is the display name of a component.
func ComponentWeergave(c string) string {
	switch c {
	case AC:
		return "Autorisatiecomponent"
	case NRC:
		return "Notificatierouteringcomponent"
	case ZRC:
		return "Zaakregistratiecomponent"
	case ZTC:
		return "Zaaktypecatalogus"
	case DRC:
		return "Documentregistratiecomponent"
	case BRC:
		return "Besluitregistratiecomponent"
	}
	return c
}

// KnownScope reports whether scope belongs to component.
func KnownScope(component, scope string) bool {
	for _, s := range Scopes[component] {
		if s == scope {
			return true
		}
	}
	return false
}

// Applicatie is a consumer with its client ids and autorisaties (AC 1.0.0).
type Applicatie struct {
	ID                    string
	ClientIDs             []string
	Label                 string
	HeeftAlleAutorisaties bool
	Autorisaties          []Autorisatie
}

// APIClient is a registered client (the secret is never read back).
type APIClient struct {
	ClientID  string
	Label     string
	CreatedBy string
	CreatedAt time.Time
	// The Applicatie that lists the client id, if any.
	ApplicatieID          string
	ApplicatieLabel       string
	HeeftAlleAutorisaties bool
	Autorisaties          int
}

// Store keeps API clients (client id + secret) and Applicaties. Every write
// is audited and announced on kanaal "autorisaties", so that providers that
// cache autorisaties can drop them.
type Store struct {
	DB     *db.DB
	Events event.Sink
	Now    func() time.Time
}

func (s *Store) now() time.Time {
	if s.Now != nil {
		return s.Now().UTC()
	}
	return time.Now().UTC()
}

// MinSecretLength is the shortest secret CreateClient accepts: HS256 with a
// short secret can be guessed offline from one token.
const MinSecretLength = 8

func validClientID(f *errs.Fields, field, id string) {
	switch {
	case id == "":
		f.Add(field, "required", "Vul een client id in.")
	case utf8.RuneCountInString(id) > 50:
		f.Add(field, "max_length", "Een client id is hoogstens 50 tekens lang.")
	case strings.IndexFunc(id, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) >= 0:
		f.Add(field, "invalid", "Een client id mag geen spaties bevatten.")
	}
}

// CreateClient registers an API client. Without an Applicatie that lists
// its id the client can authenticate but may do nothing.
func (s *Store) CreateClient(ctx context.Context, clientID, secret, label string) error {
	var f errs.Fields
	validClientID(&f, "clientId", clientID)
	if utf8.RuneCountInString(secret) < MinSecretLength {
		f.Add("secret", "min_length", fmt.Sprintf("Het secret moet minstens %d tekens lang zijn.", MinSecretLength))
	}
	if utf8.RuneCountInString(label) > 100 {
		f.Add("label", "max_length", "Een label is hoogstens 100 tekens lang.")
	}
	if err := f.Err(); err != nil {
		return err
	}
	a := audit.ActorFrom(ctx)
	return s.DB.Tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO api_clients (client_id, secret, label, created_by, created_at)
			VALUES ($1, $2, $3, $4, $5)`, clientID, secret, label, a.Name, s.now())
		if db.IsUniqueViolation(err) {
			return errs.InvalidField("clientId", "unique", "Er is al een API-client met dit client id.")
		}
		if err != nil {
			return fmt.Errorf("insert api client: %w", err)
		}
		// The secret stays out of the audit trail.
		return audit.Record(ctx, tx, audit.Entry{Bron: "AC", Resource: "apiclient", ResourceID: clientID,
			ResourceWeergave: clientID, Actie: event.Create, ActieWeergave: "API-client geregistreerd",
			New: map[string]string{"clientId": clientID, "label": label}, At: s.now()})
	})
}

// ResetSecret gives a client a new secret, for when the old one leaked:
// tokens signed with the old secret fail from the next request on.
func (s *Store) ResetSecret(ctx context.Context, clientID, secret string) error {
	if utf8.RuneCountInString(secret) < MinSecretLength {
		return errs.InvalidField("secret", "min_length", fmt.Sprintf("Het secret moet minstens %d tekens lang zijn.", MinSecretLength))
	}
	return s.DB.Tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE api_clients SET secret = $2 WHERE client_id = $1`, clientID, secret)
		if err != nil {
			return fmt.Errorf("reset secret: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errs.NotFoundf("API-client", clientID)
		}
		return audit.Record(ctx, tx, audit.Entry{Bron: "AC", Resource: "apiclient", ResourceID: clientID,
			ResourceWeergave: clientID, Actie: event.PartialUpdate, ActieWeergave: "Nieuw secret ingesteld", At: s.now()})
	})
}

// DeleteClient removes an API client: its tokens stop working on the next
// request. Its client id is taken off the Applicatie that lists it; an
// Applicatie left without client ids is deleted too.
func (s *Store) DeleteClient(ctx context.Context, clientID string) error {
	return s.DB.Tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM api_clients WHERE client_id = $1`, clientID)
		if err != nil {
			return fmt.Errorf("delete api client: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errs.NotFoundf("API-client", clientID)
		}
		var appID string
		err = tx.QueryRowContext(ctx, `SELECT applicatie_id FROM applicatie_client_ids WHERE client_id = $1`, clientID).Scan(&appID)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("read applicatie of client: %w", err)
		}
		if err == nil {
			old, err := getApplicatie(ctx, tx, appID)
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM applicatie_client_ids WHERE client_id = $1`, clientID); err != nil {
				return fmt.Errorf("unlink client id: %w", err)
			}
			if len(old.ClientIDs) == 1 {
				if err := s.deleteApplicatie(ctx, tx, old); err != nil {
					return err
				}
			} else {
				nw := old
				nw.ClientIDs = remove(old.ClientIDs, clientID)
				if err := s.changed(ctx, tx, event.PartialUpdate, &old, &nw); err != nil {
					return err
				}
			}
		}
		return audit.Record(ctx, tx, audit.Entry{Bron: "AC", Resource: "apiclient", ResourceID: clientID,
			ResourceWeergave: clientID, Actie: event.Destroy, ActieWeergave: "API-client verwijderd",
			Old: map[string]string{"clientId": clientID}, At: s.now()})
	})
}

func remove(list []string, s string) []string {
	var out []string
	for _, v := range list {
		if v != s {
			out = append(out, v)
		}
	}
	return out
}

// ListClients lists the registered clients by client id, with the
// Applicatie that grants them rights.
func (s *Store) ListClients(ctx context.Context) ([]APIClient, error) {
	rows, err := s.DB.R.QueryContext(ctx, `SELECT c.client_id, c.label, c.created_by, c.created_at,
		a.id, COALESCE(a.label, ''), COALESCE(a.heeft_alle_autorisaties, FALSE),
		(SELECT COUNT(*) FROM autorisaties au WHERE au.applicatie_id = a.id)
		FROM api_clients c
		LEFT JOIN applicatie_client_ids ci ON ci.client_id = c.client_id
		LEFT JOIN applicaties a ON a.id = ci.applicatie_id
		ORDER BY c.client_id`)
	if err != nil {
		return nil, fmt.Errorf("list api clients: %w", err)
	}
	defer rows.Close()
	var out []APIClient
	for rows.Next() {
		var c APIClient
		var appID sql.NullString
		if err := rows.Scan(&c.ClientID, &c.Label, &c.CreatedBy, &c.CreatedAt, &appID, &c.ApplicatieLabel,
			&c.HeeftAlleAutorisaties, &c.Autorisaties); err != nil {
			return nil, fmt.Errorf("scan api client: %w", err)
		}
		c.ApplicatieID = appID.String
		out = append(out, c)
	}
	return out, rows.Err()
}

// ClientExists reports whether clientID is registered.
func (s *Store) ClientExists(ctx context.Context, clientID string) (bool, error) {
	return db.Exists(ctx, s.DB.R, `SELECT 1 FROM api_clients WHERE client_id = $1`, clientID)
}

// validateApplicatie checks ac-001 (format; uniqueness is checked against
// the database), ac-002 and ac-003.
func validateApplicatie(a *Applicatie) error {
	var f errs.Fields
	if len(a.ClientIDs) == 0 {
		f.Add("clientIds", "required", "Geef minstens één client id op.")
	}
	seen := map[string]bool{}
	for _, id := range a.ClientIDs {
		validClientID(&f, "clientIds", id)
		if seen[id] {
			f.Add("clientIds", "unique", fmt.Sprintf("Client id %q staat er twee keer in.", id))
		}
		seen[id] = true
	}
	a.Label = strings.TrimSpace(a.Label)
	switch {
	case a.Label == "":
		f.Add("label", "required", "Vul een label in.")
	case utf8.RuneCountInString(a.Label) > 100:
		f.Add("label", "max_length", "Een label is hoogstens 100 tekens lang.")
	}
	if a.HeeftAlleAutorisaties && len(a.Autorisaties) > 0 {
		f.Add("nonFieldErrors", "ambiguous-authorizations-specified",
			"Geef óf alle autorisaties (heeftAlleAutorisaties), óf losse autorisaties op, niet allebei.")
	}
	if !a.HeeftAlleAutorisaties && len(a.Autorisaties) == 0 {
		f.Add("nonFieldErrors", "missing-authorizations",
			"Geef losse autorisaties op, of zet heeftAlleAutorisaties aan.")
	}
	for i := range a.Autorisaties {
		au := &a.Autorisaties[i]
		p := fmt.Sprintf("autorisaties.%d.", i)
		known := false
		for _, c := range Components {
			if au.Component == c {
				known = true
			}
		}
		if !known {
			f.Add(p+"component", "invalid_choice", fmt.Sprintf("Onbekende component %q; kies uit ac, nrc, zrc, ztc, drc of brc.", au.Component))
			continue
		}
		if len(au.Scopes) == 0 {
			f.Add(p+"scopes", "required", "Geef minstens één scope op.")
		}
		for _, sc := range au.Scopes {
			if sc == "" || utf8.RuneCountInString(sc) > 100 {
				f.Add(p+"scopes", "invalid", "Een scope is 1 tot 100 tekens lang.")
			}
		}
		// Fields of other components are dropped, as the reference
		// implementation does.
		if au.Component != ZRC {
			au.Zaaktype = ""
		}
		if au.Component != DRC {
			au.Informatieobjecttype = ""
		}
		if au.Component != BRC {
			au.Besluittype = ""
		}
		if !ceilinged(au.Component) {
			au.MaxVertrouwelijkheid = ""
		}
		prefix := map[string]string{ZRC: "zaken.", DRC: "documenten.", BRC: "besluiten."}[au.Component]
		needs := false
		for _, sc := range au.Scopes {
			if prefix != "" && strings.HasPrefix(sc, prefix) {
				needs = true
			}
		}
		typeField := map[string]string{ZRC: "zaaktype", DRC: "informatieobjecttype", BRC: "besluittype"}[au.Component]
		if typeField != "" {
			switch {
			case au.TypeURL() == "" && needs:
				f.Add(p+typeField, "required", fmt.Sprintf("Bij component %s met deze scopes is %s verplicht.", au.Component, typeField))
			case au.TypeURL() != "" && !validURL(au.TypeURL()):
				f.Add(p+typeField, "invalid", "Geef een volledige URL op (http:// of https://).")
			case utf8.RuneCountInString(au.TypeURL()) > 1000:
				f.Add(p+typeField, "max_length", "Een URL is hoogstens 1000 tekens lang.")
			}
		}
		if ceilinged(au.Component) {
			switch {
			case au.MaxVertrouwelijkheid == "" && needs:
				f.Add(p+"maxVertrouwelijkheidaanduiding", "required",
					fmt.Sprintf("Bij component %s met deze scopes is maxVertrouwelijkheidaanduiding verplicht.", au.Component))
			case au.MaxVertrouwelijkheid != "" && VertrouwelijkheidRank(au.MaxVertrouwelijkheid) < 0:
				f.Add(p+"maxVertrouwelijkheidaanduiding", "invalid_choice",
					fmt.Sprintf("Onbekende vertrouwelijkheidaanduiding %q.", au.MaxVertrouwelijkheid))
			}
		}
	}
	return f.Err()
}

func validURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// CreateApplicatie stores a new Applicatie.
func (s *Store) CreateApplicatie(ctx context.Context, a Applicatie) (Applicatie, error) {
	if err := validateApplicatie(&a); err != nil {
		return Applicatie{}, err
	}
	a.ID = uuid.NewString()
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		now := s.now()
		if _, err := tx.ExecContext(ctx, `INSERT INTO applicaties (id, label, heeft_alle_autorisaties, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $4)`, a.ID, a.Label, a.HeeftAlleAutorisaties, now); err != nil {
			return fmt.Errorf("insert applicatie: %w", err)
		}
		if err := writeParts(ctx, tx, a); err != nil {
			return err
		}
		return s.changed(ctx, tx, event.Create, nil, &a)
	})
	if err != nil {
		return Applicatie{}, err
	}
	return a, nil
}

// UpdateApplicatie replaces an Applicatie's client ids, label, flag and
// autorisaties (PUT; a PATCH merges into the current one first).
func (s *Store) UpdateApplicatie(ctx context.Context, a Applicatie, actie string) (Applicatie, error) {
	if !db.ValidUUID(a.ID) {
		return Applicatie{}, errs.NotFoundf("applicatie", a.ID)
	}
	if err := validateApplicatie(&a); err != nil {
		return Applicatie{}, err
	}
	if actie == "" {
		actie = event.Update
	}
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		old, err := getApplicatie(ctx, tx, a.ID)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE applicaties SET label = $2, heeft_alle_autorisaties = $3, updated_at = $4
			WHERE id = $1`, a.ID, a.Label, a.HeeftAlleAutorisaties, s.now()); err != nil {
			return fmt.Errorf("update applicatie: %w", err)
		}
		for _, q := range []string{`DELETE FROM applicatie_client_ids WHERE applicatie_id = $1`, `DELETE FROM autorisaties WHERE applicatie_id = $1`} {
			if _, err := tx.ExecContext(ctx, q, a.ID); err != nil {
				return fmt.Errorf("replace applicatie parts: %w", err)
			}
		}
		if err := writeParts(ctx, tx, a); err != nil {
			return err
		}
		return s.changed(ctx, tx, actie, &old, &a)
	})
	if err != nil {
		return Applicatie{}, err
	}
	return a, nil
}

func writeParts(ctx context.Context, tx *sql.Tx, a Applicatie) error {
	for i, id := range a.ClientIDs {
		_, err := tx.ExecContext(ctx, `INSERT INTO applicatie_client_ids (client_id, applicatie_id, volgorde) VALUES ($1, $2, $3)`, id, a.ID, i)
		if db.IsUniqueViolation(err) {
			return errs.InvalidField("clientIds", "clientId-exists",
				fmt.Sprintf("Client id %q hoort al bij een andere applicatie.", id))
		}
		if err != nil {
			return fmt.Errorf("insert client id: %w", err)
		}
	}
	for i, au := range a.Autorisaties {
		scopes, _ := json.Marshal(au.Scopes)
		if _, err := tx.ExecContext(ctx, `INSERT INTO autorisaties (id, applicatie_id, volgorde, component, scopes, zaaktype,
			informatieobjecttype, besluittype, max_vertrouwelijkheidaanduiding) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
			uuid.NewString(), a.ID, i, au.Component, string(scopes), au.Zaaktype, au.Informatieobjecttype, au.Besluittype,
			au.MaxVertrouwelijkheid); err != nil {
			return fmt.Errorf("insert autorisatie: %w", err)
		}
	}
	return nil
}

// DeleteApplicatie removes an Applicatie; its clients keep authenticating
// but may do nothing from the next request on.
func (s *Store) DeleteApplicatie(ctx context.Context, id string) error {
	if !db.ValidUUID(id) {
		return errs.NotFoundf("applicatie", id)
	}
	return s.DB.Tx(ctx, func(tx *sql.Tx) error {
		old, err := getApplicatie(ctx, tx, id)
		if err != nil {
			return err
		}
		return s.deleteApplicatie(ctx, tx, old)
	})
}

func (s *Store) deleteApplicatie(ctx context.Context, tx *sql.Tx, old Applicatie) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM applicaties WHERE id = $1`, old.ID); err != nil {
		return fmt.Errorf("delete applicatie: %w", err)
	}
	return s.changed(ctx, tx, event.Destroy, &old, nil)
}

func (s *Store) changed(ctx context.Context, tx *sql.Tx, actie string, old, nw *Applicatie) error {
	id, label := "", ""
	if nw != nil {
		id, label = nw.ID, nw.Label
	} else {
		id, label = old.ID, old.Label
	}
	e := audit.Entry{Bron: "AC", Resource: "applicatie", ResourceID: id, ResourceWeergave: label, Actie: actie,
		Toelichting: Toelichting(ctx), At: s.now()}
	if old != nil {
		e.Old = applicatieAudit(*old)
	}
	if nw != nil {
		e.New = applicatieAudit(*nw)
	}
	if env := EnvFrom(ctx); env != nil {
		e.ResourceURL = env.URL("/autorisaties/api/v1/applicaties/" + id)
	}
	if err := audit.Record(ctx, tx, e); err != nil {
		return err
	}
	return event.Emit(ctx, tx, s.Events, event.Change{Kanaal: "autorisaties", Resource: "applicatie", ResourceID: id,
		HoofdObject: "applicatie", HoofdObjectID: id, Actie: actie})
}

func applicatieAudit(a Applicatie) map[string]any {
	var au []map[string]any
	for _, x := range a.Autorisaties {
		au = append(au, map[string]any{"component": x.Component, "scopes": x.Scopes, "zaaktype": x.Zaaktype,
			"informatieobjecttype": x.Informatieobjecttype, "besluittype": x.Besluittype,
			"maxVertrouwelijkheidaanduiding": x.MaxVertrouwelijkheid})
	}
	return map[string]any{"clientIds": a.ClientIDs, "label": a.Label, "heeftAlleAutorisaties": a.HeeftAlleAutorisaties, "autorisaties": au}
}

// GetApplicatie returns one Applicatie.
func (s *Store) GetApplicatie(ctx context.Context, id string) (Applicatie, error) {
	if !db.ValidUUID(id) {
		return Applicatie{}, errs.NotFoundf("applicatie", id)
	}
	return getApplicatie(ctx, s.DB.R, id)
}

// ApplicatieByClientID returns the Applicatie that lists clientID.
func (s *Store) ApplicatieByClientID(ctx context.Context, clientID string) (Applicatie, error) {
	var id string
	err := s.DB.R.QueryRowContext(ctx, `SELECT applicatie_id FROM applicatie_client_ids WHERE client_id = $1`, clientID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return Applicatie{}, errs.NotFoundf("applicatie met client id", clientID)
	}
	if err != nil {
		return Applicatie{}, fmt.Errorf("find applicatie by client id: %w", err)
	}
	return getApplicatie(ctx, s.DB.R, id)
}

func getApplicatie(ctx context.Context, q db.Queryer, id string) (Applicatie, error) {
	a := Applicatie{ID: id}
	err := q.QueryRowContext(ctx, `SELECT label, heeft_alle_autorisaties FROM applicaties WHERE id = $1`, id).
		Scan(&a.Label, &a.HeeftAlleAutorisaties)
	if errors.Is(err, sql.ErrNoRows) {
		return Applicatie{}, errs.NotFoundf("applicatie", id)
	}
	if err != nil {
		return Applicatie{}, fmt.Errorf("read applicatie: %w", err)
	}
	if a.ClientIDs, err = clientIDs(ctx, q, id); err != nil {
		return Applicatie{}, err
	}
	if a.Autorisaties, err = loadAutorisaties(ctx, q, id); err != nil {
		return Applicatie{}, err
	}
	return a, nil
}

func clientIDs(ctx context.Context, q db.Queryer, applicatieID string) ([]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT client_id FROM applicatie_client_ids WHERE applicatie_id = $1 ORDER BY volgorde, client_id`, applicatieID)
	if err != nil {
		return nil, fmt.Errorf("read client ids: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// ListApplicaties lists Applicaties oldest first, page (1-based) of size;
// with clientIDs only those that list one of them. It returns the total
// count.
func (s *Store) ListApplicaties(ctx context.Context, clientIDs []string, page, size int) ([]Applicatie, int, error) {
	var w db.Where
	if len(clientIDs) > 0 {
		var ps []string
		for _, id := range clientIDs {
			ps = append(ps, w.Arg(id))
		}
		w.And(`id IN (SELECT applicatie_id FROM applicatie_client_ids WHERE client_id IN (` + strings.Join(ps, ", ") + `))`)
	}
	var count int
	if err := s.DB.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM applicaties`+w.String(), w.Args()...).Scan(&count); err != nil {
		return nil, 0, fmt.Errorf("count applicaties: %w", err)
	}
	limit, offset := w.Arg(size), w.Arg((page-1)*size)
	rows, err := s.DB.R.QueryContext(ctx, `SELECT id FROM applicaties`+w.String()+
		` ORDER BY created_at, id LIMIT `+limit+` OFFSET `+offset, w.Args()...)
	if err != nil {
		return nil, 0, fmt.Errorf("list applicaties: %w", err)
	}
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, 0, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	out, err := loadApplicaties(ctx, s.DB.R, ids)
	if err != nil {
		return nil, 0, err
	}
	return out, count, nil
}

// loadApplicaties reads the applicaties with ids, in that order, in three
// queries (not three per applicatie).
func loadApplicaties(ctx context.Context, q db.Queryer, ids []string) ([]Applicatie, error) {
	out := make([]Applicatie, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	at := map[string]int{}
	var w db.Where
	var ps []string
	for i, id := range ids {
		at[id] = i
		out[i].ID = id
		ps = append(ps, w.Arg(id))
	}
	in := "(" + strings.Join(ps, ", ") + ")"
	rows, err := q.QueryContext(ctx, `SELECT id, label, heeft_alle_autorisaties FROM applicaties WHERE id IN `+in, w.Args()...)
	if err != nil {
		return nil, fmt.Errorf("read applicaties: %w", err)
	}
	for rows.Next() {
		var id, label string
		var alle bool
		if err := rows.Scan(&id, &label, &alle); err != nil {
			rows.Close()
			return nil, fmt.Errorf("scan applicatie: %w", err)
		}
		out[at[id]].Label, out[at[id]].HeeftAlleAutorisaties = label, alle
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = q.QueryContext(ctx, `SELECT applicatie_id, client_id FROM applicatie_client_ids WHERE applicatie_id IN `+in+
		` ORDER BY applicatie_id, volgorde, client_id`, w.Args()...)
	if err != nil {
		return nil, fmt.Errorf("read client ids: %w", err)
	}
	for rows.Next() {
		var appID, id string
		if err := rows.Scan(&appID, &id); err != nil {
			rows.Close()
			return nil, fmt.Errorf("scan client id: %w", err)
		}
		out[at[appID]].ClientIDs = append(out[at[appID]].ClientIDs, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = q.QueryContext(ctx, `SELECT applicatie_id, component, scopes, zaaktype, informatieobjecttype, besluittype,
		max_vertrouwelijkheidaanduiding FROM autorisaties WHERE applicatie_id IN `+in+` ORDER BY applicatie_id, volgorde`, w.Args()...)
	if err != nil {
		return nil, fmt.Errorf("read autorisaties: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var appID, scopes string
		var a Autorisatie
		if err := rows.Scan(&appID, &a.Component, &scopes, &a.Zaaktype, &a.Informatieobjecttype, &a.Besluittype, &a.MaxVertrouwelijkheid); err != nil {
			return nil, fmt.Errorf("scan autorisatie: %w", err)
		}
		if err := json.Unmarshal([]byte(scopes), &a.Scopes); err != nil {
			return nil, fmt.Errorf("autorisatie scopes: %w", err)
		}
		out[at[appID]].Autorisaties = append(out[at[appID]].Autorisaties, a)
	}
	return out, rows.Err()
}

// Grant gives clientID rights: the Applicatie that lists it is created when
// there is none (labelled with the client id). With all, the Applicatie gets
// heeftAlleAutorisaties and loses its separate autorisaties; otherwise the
// autorisaties are added to the ones it has.
func (s *Store) Grant(ctx context.Context, clientID string, all bool, add []Autorisatie) (Applicatie, error) {
	a, err := s.ApplicatieByClientID(ctx, clientID)
	if errs.Is(err, errs.NotFound) {
		return s.CreateApplicatie(ctx, Applicatie{ClientIDs: []string{clientID}, Label: clientID, HeeftAlleAutorisaties: all, Autorisaties: add})
	}
	if err != nil {
		return Applicatie{}, err
	}
	if all {
		a.HeeftAlleAutorisaties, a.Autorisaties = true, nil
	} else {
		a.HeeftAlleAutorisaties = false
		a.Autorisaties = append(a.Autorisaties, add...)
	}
	return s.UpdateApplicatie(ctx, a, event.PartialUpdate)
}

// Revoke takes the autorisatie at index i (or, with i < 0, every right)
// from the Applicatie of clientID. An Applicatie left without rights is
// deleted, since ac-002 allows none without autorisaties; the client keeps
// authenticating but may do nothing.
func (s *Store) Revoke(ctx context.Context, clientID string, i int) error {
	a, err := s.ApplicatieByClientID(ctx, clientID)
	if err != nil {
		return err
	}
	if i >= 0 && !a.HeeftAlleAutorisaties {
		if i >= len(a.Autorisaties) {
			return errs.NotFoundf("autorisatie", i)
		}
		a.Autorisaties = append(a.Autorisaties[:i:i], a.Autorisaties[i+1:]...)
		if len(a.Autorisaties) > 0 {
			_, err := s.UpdateApplicatie(ctx, a, event.PartialUpdate)
			return err
		}
	}
	if len(a.ClientIDs) > 1 {
		// Other clients share the Applicatie: only this one leaves it.
		a.ClientIDs = remove(a.ClientIDs, clientID)
		if len(a.Autorisaties) == 0 && !a.HeeftAlleAutorisaties {
			return s.DeleteApplicatie(ctx, a.ID)
		}
		_, err := s.UpdateApplicatie(ctx, a, event.PartialUpdate)
		return err
	}
	return s.DeleteApplicatie(ctx, a.ID)
}
