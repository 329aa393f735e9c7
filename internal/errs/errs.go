// Package errs classifies errors once, at the place they arise, so that every
// surface (pages, APIs, jobs, CLI) can answer with the right status and a
// message that is safe to show.
package errs

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// Kind says what went wrong from the caller's point of view.
type Kind int

const (
	Internal Kind = iota
	Invalid
	NotFound
	Conflict
	Forbidden
	Unauthenticated
)

func (k Kind) String() string {
	switch k {
	case Invalid:
		return "invalid"
	case NotFound:
		return "not_found"
	case Conflict:
		return "conflict"
	case Forbidden:
		return "forbidden"
	case Unauthenticated:
		return "unauthenticated"
	}
	return "internal"
}

// HTTPStatus is the one table that maps kinds to HTTP status codes.
func (k Kind) HTTPStatus() int {
	switch k {
	case Invalid:
		return http.StatusBadRequest
	case NotFound:
		return http.StatusNotFound
	case Conflict:
		return http.StatusConflict
	case Forbidden:
		return http.StatusForbidden
	case Unauthenticated:
		return http.StatusUnauthorized
	}
	return http.StatusInternalServerError
}

// FieldError names the field that is wrong, a stable code and a Dutch reason.
type FieldError struct {
	Field  string `json:"name"`
	Code   string `json:"code"`
	Reason string `json:"reason"`
}

// Error is a classified error. Message is safe to show to the user (Dutch);
// Err is the cause, for logs only.
type Error struct {
	Kind    Kind
	Code    string
	Message string
	Fields  []FieldError
	Err     error
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Kind.String())
	if e.Message != "" {
		b.WriteString(": ")
		b.WriteString(e.Message)
	}
	for _, f := range e.Fields {
		fmt.Fprintf(&b, "; %s: %s", f.Field, f.Reason)
	}
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// E builds a classified error with a user-safe message.
func E(kind Kind, code, message string) *Error {
	return &Error{Kind: kind, Code: code, Message: message}
}

// Wrap classifies cause with a user-safe message.
func Wrap(kind Kind, cause error, message string) *Error {
	return &Error{Kind: kind, Message: message, Err: cause}
}

// NotFoundf reports a missing resource, e.g. NotFoundf("zaak", id).
func NotFoundf(what string, id any) *Error {
	return &Error{Kind: NotFound, Code: "not_found", Message: fmt.Sprintf("%s %v bestaat niet", what, id)}
}

// Fields collects field errors during validation; Err returns nil when none were added.
type Fields struct{ list []FieldError }

func (f *Fields) Add(field, code, reason string) {
	f.list = append(f.list, FieldError{Field: field, Code: code, Reason: reason})
}

func (f *Fields) Has(field string) bool {
	for _, e := range f.list {
		if e.Field == field {
			return true
		}
	}
	return false
}

func (f *Fields) Empty() bool { return len(f.list) == 0 }

func (f *Fields) Err() error {
	if len(f.list) == 0 {
		return nil
	}
	return &Error{Kind: Invalid, Code: "invalid", Message: "Niet alle gegevens zijn juist ingevuld.", Fields: f.list}
}

// InvalidField is a single-field validation error.
func InvalidField(field, code, reason string) *Error {
	return &Error{Kind: Invalid, Code: "invalid", Message: reason, Fields: []FieldError{{field, code, reason}}}
}

// KindOf returns the kind of err, Internal when it was never classified.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return Internal
}

// As returns the classified error inside err, or nil.
func As(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return nil
}

// Is reports whether err is of kind k.
func Is(err error, k Kind) bool { return err != nil && KindOf(err) == k }

// Message is what may be shown to a user for err.
func Message(err error) string {
	if e := As(err); e != nil && e.Kind != Internal && e.Message != "" {
		return e.Message
	}
	return "Er ging iets mis aan onze kant. Probeer het later opnieuw."
}
