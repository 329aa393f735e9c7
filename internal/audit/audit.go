// Package audit records who changed what (the audit trail, written in the
// transaction of the change) and who looked at whose personal data (the
// inzage log). Both are data in the database, not log lines.
package audit

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/gemeenten/loket/internal/db"
)

// Actor is who acts: a staff member on a page, an API client (with the end
// user it acts for), a citizen in the PIP, or the system itself (jobs).
type Actor struct {
	Kind string // "medewerker", "applicatie", "burger", "systeem"
	// ID and Name identify the person or system: user id / username,
	// client_id, BSN or KvK-nummer, job name.
	ID   string
	Name string
	// For API clients: the ZGW JWT's user_id and user_representation.
	UserID   string
	UserName string
	// Roles of a staff member, for permission checks in domain code.
	Roles []string
	// TeamID is the staff member's team, if any.
	TeamID string
	// RequestID ties the record to the request log line.
	RequestID string
}

// System is the actor for background jobs.
func System(job string) Actor { return Actor{Kind: "systeem", ID: job, Name: job} }

// HasRole reports whether the actor has one of roles.
func (a Actor) HasRole(roles ...string) bool {
	for _, have := range a.Roles {
		for _, want := range roles {
			if have == want {
				return true
			}
		}
	}
	return false
}

type ctxKey struct{}

// WithActor puts the actor in ctx.
func WithActor(ctx context.Context, a Actor) context.Context {
	return context.WithValue(ctx, ctxKey{}, a)
}

// ActorFrom returns the actor in ctx, or the anonymous system actor.
func ActorFrom(ctx context.Context) Actor {
	if a, ok := ctx.Value(ctxKey{}).(Actor); ok {
		return a
	}
	return Actor{Kind: "systeem", ID: "onbekend", Name: "onbekend"}
}

// Entry is one change. Old and New are marshalled to JSON; use nil for a
// create (Old) or a delete (New).
type Entry struct {
	Bron             string // "ZRC", "ZTC", "DRC", "BRC", "LOKET"
	ZaakID           string // set for everything that belongs to a zaak
	HoofdObject      string // URL or reference of the main object (the zaak)
	Resource         string // "zaak", "status", "rol", ...
	ResourceID       string
	ResourceURL      string
	ResourceWeergave string
	Actie            string // "create", "update", "partial_update", "destroy", or a domain verb
	ActieWeergave    string
	Resultaat        int // HTTP-like result code; 0 means 200 (201 for create)
	Toelichting      string
	Old, New         any
	At               time.Time
}

// Record writes e in the transaction q, attributed to the actor in ctx.
func Record(ctx context.Context, q db.Queryer, e Entry) error {
	a := ActorFrom(ctx)
	if e.At.IsZero() {
		e.At = time.Now().UTC()
	}
	if e.Toelichting == "" {
		e.Toelichting = toelichtingFrom(ctx)
	}
	if e.Resultaat == 0 {
		e.Resultaat = 200
		if e.Actie == "create" {
			e.Resultaat = 201
		}
	}
	oldJSON, err := marshal(e.Old)
	if err != nil {
		return err
	}
	newJSON, err := marshal(e.New)
	if err != nil {
		return err
	}
	var zaakID any
	if e.ZaakID != "" {
		zaakID = e.ZaakID
	}
	applicatieID, applicatieNaam, gebruikerID, gebruikerNaam := "", "", a.ID, a.Name
	if a.Kind == "applicatie" {
		applicatieID, applicatieNaam, gebruikerID, gebruikerNaam = a.ID, a.Name, a.UserID, a.UserName
	}
	_, err = q.ExecContext(ctx, `INSERT INTO audit_trail (id, created_at, bron, zaak_id, hoofd_object,
		resource, resource_id, resource_url, resource_weergave, actie, actie_weergave, resultaat,
		actor_kind, applicatie_id, applicatie_weergave, gebruikers_id, gebruikers_weergave,
		toelichting, oud, nieuw, request_id)
		VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21)`,
		uuid.Must(uuid.NewV7()).String(), e.At.UTC(), e.Bron, zaakID, e.HoofdObject,
		e.Resource, e.ResourceID, e.ResourceURL, e.ResourceWeergave, e.Actie, e.ActieWeergave, e.Resultaat,
		a.Kind, applicatieID, applicatieNaam, gebruikerID, gebruikerNaam,
		e.Toelichting, oldJSON, newJSON, a.RequestID)
	if err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	return nil
}

func marshal(v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("audit: marshal: %w", err)
	}
	return string(b), nil
}

// Row is a stored audit entry.
type Row struct {
	ID                 string
	At                 time.Time
	Bron               string
	ZaakID             string
	HoofdObject        string
	Resource           string
	ResourceID         string
	ResourceURL        string
	ResourceWeergave   string
	Actie              string
	ActieWeergave      string
	Resultaat          int
	ActorKind          string
	ApplicatieID       string
	ApplicatieWeergave string
	GebruikersID       string
	GebruikersWeergave string
	Toelichting        string
	Oud, Nieuw         json.RawMessage
	RequestID          string
}

// ForZaak lists the audit trail of a zaak, oldest first.
func ForZaak(ctx context.Context, q db.Queryer, zaakID string) ([]Row, error) {
	return list(ctx, q, `WHERE zaak_id = $1 ORDER BY created_at, id`, zaakID)
}

// ForResource lists the audit trail of one resource, oldest first.
func ForResource(ctx context.Context, q db.Queryer, resource, id string) ([]Row, error) {
	return list(ctx, q, `WHERE resource = $1 AND resource_id = $2 ORDER BY created_at, id`, resource, id)
}

func list(ctx context.Context, q db.Queryer, where string, args ...any) ([]Row, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, created_at, bron, COALESCE(CAST(zaak_id AS TEXT), ''), hoofd_object, resource,
		resource_id, resource_url, resource_weergave, actie, actie_weergave, resultaat, actor_kind,
		applicatie_id, applicatie_weergave, gebruikers_id, gebruikers_weergave, toelichting,
		COALESCE(oud, ''), COALESCE(nieuw, ''), request_id FROM audit_trail `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("audit: list: %w", err)
	}
	defer rows.Close()
	var out []Row
	for rows.Next() {
		var r Row
		var oud, nieuw string
		if err := rows.Scan(&r.ID, &r.At, &r.Bron, &r.ZaakID, &r.HoofdObject, &r.Resource, &r.ResourceID,
			&r.ResourceURL, &r.ResourceWeergave, &r.Actie, &r.ActieWeergave, &r.Resultaat, &r.ActorKind,
			&r.ApplicatieID, &r.ApplicatieWeergave, &r.GebruikersID, &r.GebruikersWeergave, &r.Toelichting,
			&oud, &nieuw, &r.RequestID); err != nil {
			return nil, fmt.Errorf("audit: scan: %w", err)
		}
		if oud != "" {
			r.Oud = json.RawMessage(oud)
		}
		if nieuw != "" {
			r.Nieuw = json.RawMessage(nieuw)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// Access is one read of personal data by staff.
type Access struct {
	SubjectType string // "bsn", "kvk", "vestiging"
	SubjectID   string
	Resource    string // what was opened: "zaak", "klantbeeld", ...
	ResourceID  string
	Reden       string // why: the zaak being handled, the contact being registered
}

// LogAccess records that the actor in ctx read a person's data. It is its
// own small write so that even a failed page render leaves the trace, and
// it returns once the record is committed. Records of concurrent reads
// share one INSERT and one commit (db.Batch): a busy API answering
// searches by BSN would otherwise spend a transaction and a WAL flush on
// each.
func LogAccess(ctx context.Context, d *db.DB, acc Access) error {
	if acc.SubjectID == "" {
		return nil
	}
	a := ActorFrom(ctx)
	if acc.Reden == "" {
		return fmt.Errorf("audit: access to %s %s without a reason", acc.SubjectType, acc.SubjectID)
	}
	err := accessBatch(d).Add(ctx, accessRecord{At: time.Now().UTC(), UserID: a.ID, UserNaam: a.Name,
		Access: acc, RequestID: a.RequestID})
	if err != nil {
		return fmt.Errorf("audit: log access: %w", err)
	}
	return nil
}

type accessRecord struct {
	Access
	At                          time.Time
	UserID, UserNaam, RequestID string
}

var accessBatches sync.Map // *db.DB → *db.Batch[accessRecord]

func accessBatch(d *db.DB) *db.Batch[accessRecord] {
	if b, ok := accessBatches.Load(d); ok {
		return b.(*db.Batch[accessRecord])
	}
	b, _ := accessBatches.LoadOrStore(d, &db.Batch[accessRecord]{Flush: func(ctx context.Context, rs []accessRecord) error {
		return insertAccess(ctx, d, rs)
	}})
	return b.(*db.Batch[accessRecord])
}

func insertAccess(ctx context.Context, d *db.DB, rs []accessRecord) error {
	var q strings.Builder
	q.WriteString(`INSERT INTO inzage_log (created_at, user_id, user_naam, subject_type, subject_id, resource,
		resource_id, reden, request_id) VALUES `)
	args := make([]any, 0, 9*len(rs))
	for i, r := range rs {
		if i > 0 {
			q.WriteString(", ")
		}
		n := len(args)
		fmt.Fprintf(&q, "($%d,$%d,$%d,$%d,$%d,$%d,$%d,$%d,$%d)", n+1, n+2, n+3, n+4, n+5, n+6, n+7, n+8, n+9)
		args = append(args, r.At, r.UserID, r.UserNaam, r.SubjectType, r.SubjectID, r.Resource, r.ResourceID,
			r.Reden, r.RequestID)
	}
	_, err := d.W.ExecContext(ctx, q.String(), args...)
	return err
}

// AccessRow is a stored inzage record.
type AccessRow struct {
	At          time.Time
	UserID      string
	UserNaam    string
	SubjectType string
	SubjectID   string
	Resource    string
	ResourceID  string
	Reden       string
}

// AccessesOf lists who looked at a subject's data, newest first.
func AccessesOf(ctx context.Context, q db.Queryer, subjectType, subjectID string, limit int) ([]AccessRow, error) {
	rows, err := q.QueryContext(ctx, `SELECT created_at, user_id, user_naam, subject_type, subject_id, resource,
		resource_id, reden FROM inzage_log WHERE subject_type = $1 AND subject_id = $2
		ORDER BY created_at DESC, id DESC LIMIT $3`, subjectType, subjectID, limit)
	if err != nil {
		return nil, fmt.Errorf("audit: accesses: %w", err)
	}
	defer rows.Close()
	var out []AccessRow
	for rows.Next() {
		var r AccessRow
		if err := rows.Scan(&r.At, &r.UserID, &r.UserNaam, &r.SubjectType, &r.SubjectID, &r.Resource, &r.ResourceID, &r.Reden); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
