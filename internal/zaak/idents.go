package zaak

import (
	"errors"

	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/ident"
)

// The identifier checks come from package ident (BSN/RSIN elfproef with the
// −1 weight, KvK 8 and vestigingsnummer 12 digits); these wrappers keep only
// the Dutch reason so the caller can report it under its own field.

func reason(err error) error {
	if err == nil {
		return nil
	}
	if e := errs.As(err); e != nil && len(e.Fields) > 0 {
		return errors.New(e.Fields[0].Reason)
	}
	return errors.New(errs.Message(err))
}

func validBSN(s string) error              { return reason(ident.BSN(s)) }
func validRSIN(s string) error             { return reason(ident.RSIN(s)) }
func validKvK(s string) error              { return reason(ident.KvK(s)) }
func validVestigingsnummer(s string) error { return reason(ident.Vestigingsnummer(s)) }

func allDigits(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
