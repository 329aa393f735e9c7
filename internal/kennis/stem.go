package kennis

import (
	"strings"
	"unicode"
)

// Stem reduces a lower-case Dutch word to its stem with the Snowball Dutch
// algorithm (Martin Porter's), so that "aanvragen", "aanvraag" and
// "aanvraagt" meet in the index. It is written out here because no Go
// implementation is among the project's dependencies; the algorithm is
// small and its steps are numbered as in the Snowball description.
func Stem(word string) string {
	w := []rune(removeAccents(word))
	if len(w) < 3 {
		return string(w)
	}
	// Mark the y and i that act as consonants.
	for i, c := range w {
		switch {
		case c == 'y' && (i == 0 || isVowel(w[i-1])):
			w[i] = 'Y'
		case c == 'i' && i > 0 && i+1 < len(w) && isVowel(w[i-1]) && isVowel(w[i+1]):
			w[i] = 'I'
		}
	}
	r1, r2 := regions(w)
	eFound := false

	// Step 1.
	switch {
	case hasSuffix(w, "heden"):
		if len(w)-5 >= r1 {
			w = append(w[:len(w)-5], []rune("heid")...)
		}
	case hasSuffix(w, "ene"):
		if len(w)-3 >= r1 && validEn(w, len(w)-3) {
			w = undouble(w[:len(w)-3])
		}
	case hasSuffix(w, "en"):
		if len(w)-2 >= r1 && validEn(w, len(w)-2) {
			w = undouble(w[:len(w)-2])
		}
	case hasSuffix(w, "se"):
		if len(w)-2 >= r1 && validS(w, len(w)-2) {
			w = w[:len(w)-2]
		}
	case hasSuffix(w, "s"):
		if len(w)-1 >= r1 && validS(w, len(w)-1) {
			w = w[:len(w)-1]
		}
	}

	// Step 2.
	if hasSuffix(w, "e") && len(w)-1 >= r1 && len(w) >= 2 && !isVowel(w[len(w)-2]) {
		w = undouble(w[:len(w)-1])
		eFound = true
	}

	// Step 3a.
	if hasSuffix(w, "heid") && len(w)-4 >= r2 && (len(w) < 5 || w[len(w)-5] != 'c') {
		w = w[:len(w)-4]
		if hasSuffix(w, "en") && len(w)-2 >= r1 && validEn(w, len(w)-2) {
			w = undouble(w[:len(w)-2])
		}
	}

	// Step 3b.
	switch {
	case hasSuffix(w, "end") || hasSuffix(w, "ing"):
		if len(w)-3 >= r2 {
			w = w[:len(w)-3]
			if hasSuffix(w, "ig") && len(w)-2 >= r2 && (len(w) < 3 || w[len(w)-3] != 'e') {
				w = w[:len(w)-2]
			} else {
				w = undouble(w)
			}
		}
	case hasSuffix(w, "ig"):
		if len(w)-2 >= r2 && (len(w) < 3 || w[len(w)-3] != 'e') {
			w = w[:len(w)-2]
		}
	case hasSuffix(w, "lijk"):
		if len(w)-4 >= r2 {
			w = w[:len(w)-4]
			if hasSuffix(w, "e") && len(w)-1 >= r1 && len(w) >= 2 && !isVowel(w[len(w)-2]) {
				w = undouble(w[:len(w)-1])
			}
		}
	case hasSuffix(w, "baar"):
		if len(w)-4 >= r2 {
			w = w[:len(w)-4]
		}
	case hasSuffix(w, "bar"):
		if len(w)-3 >= r2 && eFound {
			w = w[:len(w)-3]
		}
	}

	// Step 4: undouble a vowel in a final consonant-vowel-vowel-consonant.
	if n := len(w); n >= 4 {
		c1, v1, v2, c2 := w[n-4], w[n-3], w[n-2], w[n-1]
		if !isVowel(c1) && v1 == v2 && strings.ContainsRune("aeou", v1) && !isVowel(c2) && c2 != 'I' {
			w = append(w[:n-2], c2)
		}
	}

	for i, c := range w {
		switch c {
		case 'Y':
			w[i] = 'y'
		case 'I':
			w[i] = 'i'
		}
	}
	return string(w)
}

func isVowel(c rune) bool {
	switch c {
	case 'a', 'e', 'i', 'o', 'u', 'y', 'è':
		return true
	}
	return false
}

// regions returns the start of R1 and R2 (indexes into w; len(w) when empty).
// R1 starts after the first non-vowel that follows a vowel, and at 3 at least.
func regions(w []rune) (r1, r2 int) {
	r1 = len(w)
	for i := 1; i < len(w); i++ {
		if !isVowel(w[i]) && isVowel(w[i-1]) {
			r1 = i + 1
			break
		}
	}
	if r1 < 3 {
		r1 = min(3, len(w))
	}
	r2 = len(w)
	for i := r1 + 1; i < len(w); i++ {
		if !isVowel(w[i]) && isVowel(w[i-1]) {
			r2 = i + 1
			break
		}
	}
	return r1, r2
}

// validEn: the "en" ending at i is preceded by a non-vowel and not by "gem".
func validEn(w []rune, i int) bool {
	if i < 1 || isVowel(w[i-1]) {
		return false
	}
	return !(i >= 3 && string(w[i-3:i]) == "gem")
}

// validS: the "s" ending at i is preceded by a non-vowel other than j.
func validS(w []rune, i int) bool {
	return i >= 1 && !isVowel(w[i-1]) && w[i-1] != 'j'
}

func undouble(w []rune) []rune {
	if n := len(w); n >= 2 && w[n-1] == w[n-2] && strings.ContainsRune("kdt", w[n-1]) {
		return w[:n-1]
	}
	return w
}

// hasSuffix compares with an ASCII suffix (all of the algorithm's are).
func hasSuffix(w []rune, s string) bool {
	if len(w) < len(s) {
		return false
	}
	off := len(w) - len(s)
	for i := 0; i < len(s); i++ {
		if w[off+i] != rune(s[i]) {
			return false
		}
	}
	return true
}

var accentFree = map[rune]rune{
	'ä': 'a', 'ë': 'e', 'ï': 'i', 'ö': 'o', 'ü': 'u',
	'á': 'a', 'é': 'e', 'í': 'i', 'ó': 'o', 'ú': 'u',
	'à': 'a', 'è': 'e', 'ì': 'i', 'ò': 'o', 'ù': 'u',
	'â': 'a', 'ê': 'e', 'î': 'i', 'ô': 'o', 'û': 'u', 'ç': 'c', 'ñ': 'n',
}

// removeAccents folds the accents Dutch writes (ë in "ideeën", é in
// "café"), so a query without them still matches.
func removeAccents(s string) string {
	ok := true
	for _, c := range s {
		if c > unicode.MaxASCII {
			ok = false
			break
		}
	}
	if ok {
		return s
	}
	var b strings.Builder
	for _, c := range s {
		if r, ok := accentFree[c]; ok {
			c = r
		}
		b.WriteRune(c)
	}
	return b.String()
}
