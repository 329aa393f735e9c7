package klantinteracties

import (
	"fmt"
	"strconv"
	"strings"
)

// The klantcontact nummer.
//
// Loket numbers a contact KC-<year>-<10 digits>, counting per year; the
// specification allows at most 10 characters for nummer. The API shows
// the same number compactly: the year's last two digits and the count in
// eight digits (KC-2026-0000000042 is "2600000042"). It stays unique as
// long as a year has fewer than 100 million contacts; a number beyond
// that (never reached by a municipality) is shown as null rather than
// truncated into a clash. Filters accept both forms.

// apiContactNummer is the API form of a Loket contact number.
func apiContactNummer(loket string) *string {
	year, nr, ok := parseLoketNummer(loket)
	if !ok || year < 2000 || year > 2099 || nr >= 100_000_000 {
		return nil
	}
	s := fmt.Sprintf("%02d%08d", year%100, nr)
	return &s
}

func parseLoketNummer(s string) (year int, nr int64, ok bool) {
	rest, found := strings.CutPrefix(s, "KC-")
	if !found {
		return 0, 0, false
	}
	y, n, found := strings.Cut(rest, "-")
	if !found || len(y) != 4 || len(n) != 10 {
		return 0, 0, false
	}
	year, err1 := strconv.Atoi(y)
	nr, err2 := strconv.ParseInt(n, 10, 64)
	return year, nr, err1 == nil && err2 == nil
}

// loketContactNummer turns a nummer filter value into the Loket form: the
// compact API form is converted, anything else (the Loket form itself, or
// a value that matches nothing) is passed on as given.
func loketContactNummer(v string) string {
	if len(v) != 10 {
		return v
	}
	for _, c := range v {
		if c < '0' || c > '9' {
			return v
		}
	}
	yy, _ := strconv.Atoi(v[:2])
	nr, _ := strconv.ParseInt(v[2:], 10, 64)
	return fmt.Sprintf("KC-%d-%010d", 2000+yy, nr)
}
