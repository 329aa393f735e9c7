package web

import "testing"

func TestEigenschapWaardeIsWrittenForPeople(t *testing.T) {
	for _, c := range []struct{ formaat, in, want string }{
		{"datum", "20270117", "17 januari 2027"},
		{"datum", "2027011", "2027011"}, // not a stored date: shown as it is
		{"getal", "20270117", "20270117"},
		{"tekst", "Dorpsstraat 1", "Dorpsstraat 1"},
	} {
		if got := eigenschapWaarde(c.formaat, c.in); got != c.want {
			t.Errorf("eigenschapWaarde(%q, %q) = %q, want %q", c.formaat, c.in, got, c.want)
		}
	}
}
