package brief

import (
	"fmt"
	"strings"
	"unicode"
)

// Readability is the Flesch–Douma score of a Dutch text (Douma 1960):
// 206.835 − 0.93 × (words per sentence) − 77 × (syllables per word).
// Higher is easier; plain Dutch (B1) letters score about 60 or more.
type Readability struct {
	Score     float64
	Words     int
	Sentences int
	Syllables int
	// Niveau is the Dutch name of the band the score falls in.
	Niveau string
	// KlareTaal reports whether the score is at least KlareTaalScore.
	KlareTaal bool
}

// Text is the score as people read it: "72 — Vrij makkelijk".
func (r Readability) Text() string {
	if r.Words == 0 {
		return "Geen tekst"
	}
	return fmt.Sprintf("%.0f — %s", r.Score, r.Niveau)
}

// KlareTaalScore is the lowest score counted as plain Dutch.
const KlareTaalScore = 60

// FleschDouma scores text. Merge fields count as their example values, so
// a template scores like the letter it makes.
func FleschDouma(text string) Readability {
	text = fieldRe.ReplaceAllStringFunc(text, func(m string) string {
		name := fieldRe.FindStringSubmatch(m)[1]
		for _, f := range Fields {
			if f.Naam == name {
				return f.Voorbeeld
			}
		}
		return "veld"
	})
	var r Readability
	// Sentences end at . ! ? or a blank line / list item (a heading or a
	// bullet without a full stop is still a unit of its own).
	inSentence := false
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			if inSentence {
				r.Sentences++
				inSentence = false
			}
			continue
		}
		if strings.HasPrefix(line, "- ") || strings.HasPrefix(line, "* ") {
			if inSentence {
				r.Sentences++
				inSentence = false
			}
			line = line[2:]
		}
		for _, w := range strings.FieldsFunc(line, func(c rune) bool { return unicode.IsSpace(c) }) {
			word := strings.TrimFunc(w, func(c rune) bool { return !unicode.IsLetter(c) && !unicode.IsDigit(c) })
			if word != "" {
				r.Words++
				r.Syllables += syllables(word)
				inSentence = true
			}
			if strings.ContainsAny(w[len(w)-1:], ".!?") && inSentence && !abbreviation(w) {
				r.Sentences++
				inSentence = false
			}
		}
	}
	if inSentence {
		r.Sentences++
	}
	if r.Words == 0 || r.Sentences == 0 {
		r.Niveau = "Geen tekst"
		return r
	}
	r.Score = 206.835 - 0.93*float64(r.Words)/float64(r.Sentences) - 77*float64(r.Syllables)/float64(r.Words)
	r.Niveau = niveau(r.Score)
	r.KlareTaal = r.Score >= KlareTaalScore
	return r
}

// abbreviation: a full stop in "bijv." or "o.a." does not end a sentence.
func abbreviation(w string) bool {
	w = strings.ToLower(strings.TrimRight(w, "."))
	switch w {
	case "bijv", "bv", "o.a", "d.w.z", "enz", "nr", "mr", "dhr", "mevr", "z.s.m", "t.a.v", "i.v.m", "m.b.t":
		return true
	}
	return false
}

func niveau(score float64) string {
	switch {
	case score >= 80:
		return "Makkelijk"
	case score >= 70:
		return "Vrij makkelijk"
	case score >= 60:
		return "Normaal (klare taal, B1)"
	case score >= 50:
		return "Vrij moeilijk"
	case score >= 30:
		return "Moeilijk"
	}
	return "Zeer moeilijk"
}

// syllables estimates the syllables of a Dutch word by its vowel groups:
// "aa", "oe", "ui", "eeu" are one sound; "ij" counts with its i. A final
// silent e does not exist in Dutch, so no exception is needed for it.
func syllables(word string) int {
	n := 0
	prevVowel := false
	for _, c := range strings.ToLower(word) {
		v := isVowel(c)
		// A diaeresis starts a new syllable: geëist, ruïne.
		if v && (!prevVowel || strings.ContainsRune("ëïüöä", c)) {
			n++
		}
		prevVowel = v
	}
	if n == 0 {
		return 1
	}
	return n
}

func isVowel(c rune) bool {
	switch c {
	case 'a', 'e', 'i', 'o', 'u', 'y', 'à', 'á', 'â', 'ä', 'è', 'é', 'ê', 'ë', 'ì', 'í', 'î', 'ï', 'ò', 'ó', 'ô', 'ö', 'ù', 'ú', 'û', 'ü':
		return true
	}
	return false
}
