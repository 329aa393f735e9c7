// Package ident validates Dutch identifiers of persons and organisations.
//
//   - BSN (burgerservicenummer): 9 digits passing the BSN variant of the
//     11-proef: 9·d1 + 8·d2 + … + 2·d8 − 1·d9 ≡ 0 (mod 11). The last weight
//     is −1 (not +1 as for bank accounts), so that a mistyped account number
//     does not pass. 000000000 passes the arithmetic but is no BSN.
//     Older 8-digit numbers must be written with a leading 0.
//   - RSIN: the same number space and, as in the VNG reference
//     implementation (vng-api-common validate_rsin), the same check.
//   - KvK-nummer: 8 digits, no check digit.
//   - Vestigingsnummer: 12 digits, no check digit.
//
// Each validator returns nil or an *errs.Error of kind Invalid whose field is
// the identifier's ZGW name; use Check to report it under your own field.
package ident

import (
	"fmt"

	"github.com/gemeenten/loket/internal/errs"
)

// Codes of the field errors, stable for API clients.
const (
	CodeFormat   = "format"   // wrong length or not only digits
	CodeChecksum = "checksum" // fails the 11-proef (or is all zeros)
)

// BSN checks a burgerservicenummer.
func BSN(s string) error { return elfProef("inpBsn", "BSN", s) }

// RSIN checks a rechtspersonen en samenwerkingsverbanden informatienummer.
func RSIN(s string) error { return elfProef("innNnpId", "RSIN", s) }

// KvK checks a KvK-nummer: exactly 8 digits.
func KvK(s string) error {
	if !digits(s, 8) {
		return errs.InvalidField("kvkNummer", CodeFormat, "Een KvK-nummer bestaat uit 8 cijfers.")
	}
	return nil
}

// Vestigingsnummer checks a KvK vestigingsnummer: exactly 12 digits.
func Vestigingsnummer(s string) error {
	if !digits(s, 12) {
		return errs.InvalidField("vestigingsNummer", CodeFormat, "Een vestigingsnummer bestaat uit 12 cijfers.")
	}
	return nil
}

// Check adds the field error of a validator's result to f under field and
// reports whether the value was valid:
//
//	ident.Check(&f, "betrokkene.bsn", ident.BSN(in.BSN))
func Check(f *errs.Fields, field string, err error) bool {
	if err == nil {
		return true
	}
	if e := errs.As(err); e != nil && len(e.Fields) > 0 {
		for _, fe := range e.Fields {
			f.Add(field, fe.Code, fe.Reason)
		}
		return false
	}
	f.Add(field, "invalid", "Dit nummer is ongeldig.")
	return false
}

func digits(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func elfProef(field, what, s string) error {
	if !digits(s, 9) {
		return errs.InvalidField(field, CodeFormat,
			fmt.Sprintf("Een %s bestaat uit 9 cijfers (vul een nummer van 8 cijfers aan met een 0 vooraan).", what))
	}
	if !valid11(s) {
		return errs.InvalidField(field, CodeChecksum,
			fmt.Sprintf("Dit is geen geldig %s: het voldoet niet aan de elfproef. Controleer het nummer.", what))
	}
	return nil
}

// valid11 applies the −1 variant of the 11-proef to 9 digits.
func valid11(s string) bool {
	if s == "000000000" {
		return false
	}
	sum := 0
	for i := 0; i < 8; i++ {
		sum += (9 - i) * int(s[i]-'0')
	}
	sum -= int(s[8] - '0')
	return sum%11 == 0
}

// TestBSNs returns n distinct valid BSNs for test and demo data, the same
// on every call. They start with 9: first from 999990000 up (the range of
// the RvIG test persons), then from 900000000, so they are recognisable as
// test numbers.
func TestBSNs(n int) []string {
	return generate(n, [][2]int{{999990000, 1000000000}, {900000000, 999990000}})
}

// TestRSINs returns n distinct valid RSINs for test and demo data, the same
// on every call, starting with 8 so that they never collide with TestBSNs.
func TestRSINs(n int) []string {
	return generate(n, [][2]int{{800000000, 900000000}})
}

// generate keeps the numbers in the half-open ranges that pass the 11-proef.
func generate(n int, ranges [][2]int) []string {
	out := make([]string, 0, max(n, 0))
	for _, r := range ranges {
		for v := r[0]; v < r[1] && len(out) < n; v++ {
			if s := fmt.Sprintf("%09d", v); valid11(s) {
				out = append(out, s)
			}
		}
	}
	if len(out) < n {
		panic("ident: too many test numbers requested")
	}
	return out
}
