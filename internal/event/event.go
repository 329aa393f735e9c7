// Package event is how domain packages announce a change inside the
// transaction that makes it, so that work which must follow every change —
// ZGW notifications, letters, e-mails to the customer — is queued atomically
// with it: a committed change always gets its follow-up, a rolled-back one
// never does.
//
// Domain services hold a Sink (nil means nobody listens) and call Emit in
// their write transaction. The program wires the sinks (notificaties,
// letters, mail) with Multi.
package event

import (
	"context"
	"database/sql"
	"errors"
)

// Actions, as the Notificaties API names them.
const (
	Create        = "create"
	Update        = "update"
	PartialUpdate = "partial_update"
	Destroy       = "destroy"
)

// Change is one change to one resource.
type Change struct {
	// Kanaal is the ZGW notification channel: "zaken", "documenten",
	// "besluiten", "catalogi", "autorisaties", "klantinteracties".
	Kanaal string
	// Resource is the ZGW resource name in the channel, e.g. "zaak",
	// "status", "resultaat", "rol", "zaakinformatieobject",
	// "enkelvoudiginformatieobject", "besluit", "zaaktype", "partij".
	Resource string
	// ResourceID is the id of the changed resource; for a many-to-many
	// resource (zaakinformatieobject) it is the id of the link row.
	ResourceID string
	// HoofdObject is the resource the channel is about and its id, e.g.
	// ("zaak", zaak id) for a status. For a hoofdobject itself it equals
	// Resource and ResourceID.
	HoofdObject   string
	HoofdObjectID string
	Actie         string
	// Kenmerken are the channel's filter attributes when the emitter has
	// them at hand (e.g. "bronorganisatie", "zaaktype" id,
	// "vertrouwelijkheidaanduiding"). A sink that needs more looks them up
	// in the transaction.
	Kenmerken map[string]string
}

// Sink receives changes inside the writing transaction. An error rolls the
// change back: a change whose follow-up cannot be queued is not made.
type Sink interface {
	Emit(ctx context.Context, tx *sql.Tx, c Change) error
}

// SinkFunc adapts a function to a Sink.
type SinkFunc func(ctx context.Context, tx *sql.Tx, c Change) error

func (f SinkFunc) Emit(ctx context.Context, tx *sql.Tx, c Change) error { return f(ctx, tx, c) }

// Emit sends c to s; a nil s is a sink nobody listens to.
func Emit(ctx context.Context, tx *sql.Tx, s Sink, c Change) error {
	if s == nil {
		return nil
	}
	return s.Emit(ctx, tx, c)
}

// Multi fans a change out to every non-nil sink, in order.
func Multi(sinks ...Sink) Sink {
	var out multi
	for _, s := range sinks {
		if s != nil {
			out = append(out, s)
		}
	}
	return out
}

type multi []Sink

func (m multi) Emit(ctx context.Context, tx *sql.Tx, c Change) error {
	var all []error
	for _, s := range m {
		if err := s.Emit(ctx, tx, c); err != nil {
			all = append(all, err)
		}
	}
	return errors.Join(all...)
}
