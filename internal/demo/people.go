package demo

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/gemeenten/loket/internal/date"
)

// Account is a demo staff account with its known password, printed by the
// server so a visitor can log in.
type Account struct {
	Username string
	Password string
	Naam     string
	Rollen   []string
	Team     string // team name
}

// staff of Gemeente Voorbeeld. The first five are the role accounts the
// README and the start-up banner point to; the others fill the teams.
var staff = []struct {
	username, naam, team string
	rollen               []string
}{
	{"kcc", "Sanne de Vries", "KCC", []string{"kcc"}},
	{"behandelaar", "Daan Jansen", "VERG", []string{"behandelaar"}},
	{"teamleider", "Fatima El Amrani", "VERG", []string{"teamleider", "behandelaar"}},
	{"beheerder", "Peter Bakker", "", []string{"beheerder"}},
	{"manager", "Ingrid Smit", "", []string{"manager"}},
	// Telefonie & Post and Publiekszaken (the KCC)
	{"m.visser", "Mark Visser", "KCC", []string{"kcc"}},
	{"l.mulder", "Lotte Mulder", "KCC", []string{"kcc"}},
	{"k.bos", "Kevin Bos", "KCC", []string{"kcc", "teamleider"}},
	{"a.yilmaz", "Ayse Yilmaz", "PZ", []string{"kcc", "behandelaar"}},
	{"r.dekker", "Ruud Dekker", "PZ", []string{"kcc", "behandelaar"}},
	{"e.meijer", "Esther Meijer", "PZ", []string{"teamleider", "behandelaar"}},
	// back office
	{"j.vandenberg", "Jeroen van den Berg", "VERG", []string{"behandelaar"}},
	{"n.hendriks", "Naima Hendriks", "WI", []string{"behandelaar"}},
	{"b.vandijk", "Bas van Dijk", "WI", []string{"behandelaar"}},
	{"s.kok", "Sophie Kok", "WI", []string{"teamleider", "behandelaar"}},
	{"t.dejong", "Thomas de Jong", "WMO", []string{"behandelaar"}},
	{"m.peters", "Maria Peters", "WMO", []string{"teamleider", "behandelaar"}},
	{"h.vanleeuwen", "Henk van Leeuwen", "OR", []string{"behandelaar"}},
	{"w.brouwer", "Wim Brouwer", "OR", []string{"teamleider", "behandelaar"}},
	{"c.dewit", "Carla de Wit", "BEL", []string{"behandelaar"}},
	{"g.vermeulen", "Gerard Vermeulen", "BEL", []string{"teamleider", "behandelaar"}},
	{"i.koster", "Iris Koster", "JZ", []string{"behandelaar"}},
	{"r.prins", "Rob Prins", "JZ", []string{"teamleider", "behandelaar"}},
}

// password is the demo password of a staff account: long enough for the
// password policy and different per account, yet easy to read off the banner.
func password(i int) string { return fmt.Sprintf("demo-wachtwoord-%d", i+1) }

// Accounts lists the demo staff accounts with their passwords.
func Accounts() []Account {
	names := map[string]string{}
	for _, t := range Teams() {
		names[t.Code] = t.Naam
	}
	out := make([]Account, len(staff))
	for i, s := range staff {
		out[i] = Account{Username: s.username, Password: password(i), Naam: s.naam,
			Rollen: append([]string(nil), s.rollen...), Team: names[s.team]}
	}
	return out
}

// Persoon is a citizen in the personen table (the stand-in for the BRP).
type Persoon struct {
	BSN           string
	Voornamen     string
	Voorletters   string
	Voorvoegsel   string
	Geslachtsnaam string
	Geboortedatum date.Date
	Geslacht      string // "M", "V"
	Straat        string
	Huisnummer    string
	Postcode      string
	Woonplaats    string
	Email         string
	Telefoon      string
}

// Naam is the name as written on a letter: "J.P. van der Berg".
func (p Persoon) Naam() string {
	n := p.Voorletters + " "
	if p.Voorvoegsel != "" {
		n += p.Voorvoegsel + " "
	}
	return n + p.Geslachtsnaam
}

// VolledigeNaam is first name plus surname: "Jan van der Berg".
func (p Persoon) VolledigeNaam() string {
	first := strings.Fields(p.Voornamen)[0]
	if p.Voorvoegsel != "" {
		return first + " " + p.Voorvoegsel + " " + p.Geslachtsnaam
	}
	return first + " " + p.Geslachtsnaam
}

// Bedrijf is a business in the bedrijven table (the stand-in for the HR).
type Bedrijf struct {
	KvKNummer        string
	Vestigingsnummer string
	RSIN             string
	Handelsnaam      string
	Straat           string
	Huisnummer       string
	Postcode         string
	Woonplaats       string
	Email            string
	Telefoon         string
}

var (
	voornamenM = []string{"Jan", "Pieter", "Kees", "Willem", "Hendrik", "Bram", "Lucas", "Sem", "Daan", "Mohamed",
		"Thijs", "Ruben", "Joost", "Gerrit", "Ahmet", "Martijn", "Koen", "Stefan", "Bart", "Youssef"}
	voornamenV = []string{"Anna", "Maria", "Emma", "Sophie", "Julia", "Fleur", "Lisa", "Johanna", "Fatma", "Sara",
		"Ingrid", "Marloes", "Eva", "Noor", "Anouk", "Els", "Petra", "Saskia", "Nadia", "Tessa"}
	achternamen = []struct{ vv, naam string }{
		{"de", "Jong"}, {"", "Jansen"}, {"de", "Vries"}, {"van den", "Berg"}, {"van", "Dijk"}, {"", "Bakker"},
		{"", "Janssen"}, {"", "Visser"}, {"", "Smit"}, {"", "Meijer"}, {"de", "Boer"}, {"", "Mulder"},
		{"de", "Groot"}, {"", "Bos"}, {"", "Vos"}, {"", "Peters"}, {"", "Hendriks"}, {"van", "Leeuwen"},
		{"", "Dekker"}, {"", "Brouwer"}, {"de", "Wit"}, {"", "Dijkstra"}, {"", "Smits"}, {"de", "Graaf"},
		{"van der", "Meer"}, {"van der", "Linden"}, {"", "Kok"}, {"", "Jacobs"}, {"de", "Haan"}, {"", "Vermeulen"},
		{"van den", "Heuvel"}, {"van der", "Veen"}, {"van den", "Broek"}, {"de", "Bruijn"}, {"", "Schouten"},
		{"van", "Beek"}, {"", "Willems"}, {"van", "Vliet"}, {"", "Hoekstra"}, {"", "Maas"}, {"", "Verhoeven"},
		{"", "Koster"}, {"van", "Dam"}, {"", "Prins"}, {"", "Kuipers"}, {"", "Öztürk"}, {"El", "Idrissi"},
		{"", "Yilmaz"}, {"", "Bouzid"}, {"van", "Wijk"},
	}
	tussenNamen = []string{"Maria", "Johannes", "Cornelis", "Hendrika", "Petrus", "Wilhelmina", "Jacobus", "Elisabeth"}
	// Streets of the fictional town of Voorbeeld, with their postcode areas.
	straten = []struct{ naam, pc string }{
		{"Dorpsstraat", "9991 AB"}, {"Kerkstraat", "9991 AC"}, {"Marktplein", "9991 AD"}, {"Molenweg", "9991 BE"},
		{"Stationsweg", "9992 CA"}, {"Lindelaan", "9992 CB"}, {"Beukenlaan", "9992 CD"}, {"Eikenlaan", "9992 CE"},
		{"Schoolstraat", "9993 DA"}, {"Julianastraat", "9993 DB"}, {"Beatrixlaan", "9993 DC"}, {"Wilhelminaplein", "9993 DE"},
		{"Singel", "9994 EA"}, {"Havenkade", "9994 EB"}, {"Brink", "9994 EC"}, {"Veldweg", "9995 FA"},
		{"Esdoornstraat", "9995 FB"}, {"Rozengaarde", "9995 FC"}, {"Zonnebloemstraat", "9996 GA"}, {"Industrieweg", "9996 GB"},
	}
)

// Personen returns the 50 demo citizens. They are a pure function of the
// seed, so every load gives the same people.
func Personen() []Persoon {
	r := rand.New(rand.NewPCG(20261128, 1))
	out := make([]Persoon, 0, 50)
	seen := map[string]bool{}
	for i := 0; len(out) < 50; i++ {
		bsn := TestBSN(r, "99999")
		if seen[bsn] {
			continue
		}
		seen[bsn] = true
		man := i%2 == 0
		var voornaam string
		geslacht := "V"
		if man {
			voornaam, geslacht = voornamenM[r.IntN(len(voornamenM))], "M"
		} else {
			voornaam = voornamenV[r.IntN(len(voornamenV))]
		}
		voornamen := voornaam
		if r.IntN(3) == 0 {
			voornamen += " " + tussenNamen[r.IntN(len(tussenNamen))]
		}
		an := achternamen[len(out)%len(achternamen)]
		st := straten[r.IntN(len(straten))]
		huisnr := fmt.Sprint(1 + r.IntN(140))
		if r.IntN(6) == 0 {
			huisnr += string(rune('a' + r.IntN(3)))
		}
		geb := date.New(1936+r.IntN(70), time.Month(1+r.IntN(12)), 1+r.IntN(28))
		mail := strings.ToLower(strings.ReplaceAll(voornaam+"."+strings.ReplaceAll(an.vv, " ", "")+an.naam, "Ö", "o"))
		mail = strings.NewReplacer("ö", "o", "..", ".").Replace(mail) + "@example.nl"
		out = append(out, Persoon{
			BSN: bsn, Voornamen: voornamen, Voorletters: initials(voornamen), Voorvoegsel: an.vv,
			Geslachtsnaam: an.naam, Geboortedatum: geb, Geslacht: geslacht, Straat: st.naam, Huisnummer: huisnr,
			Postcode: st.pc, Woonplaats: Woonplaats, Email: mail,
			Telefoon: fmt.Sprintf("06-%08d", r.IntN(100000000)),
		})
	}
	return out
}

func initials(voornamen string) string {
	var b strings.Builder
	for _, v := range strings.Fields(voornamen) {
		b.WriteString(string([]rune(v)[0]) + ".")
	}
	return b.String()
}

// Bedrijven returns the 10 demo businesses.
func Bedrijven() []Bedrijf {
	r := rand.New(rand.NewPCG(20261128, 2))
	namen := []string{"Bakkerij De Korenschoof", "Café De Gouden Leeuw", "Bouwbedrijf Van Dijk B.V.",
		"Stichting Hart voor Voorbeeld", "Evenementenbureau Zomerfeest", "Visspecialist Bos", "Installatiebedrijf Mulder",
		"Restaurant De Brink", "Woningcorporatie Thuis in Voorbeeld", "Fietsenmaker Hendriks"}
	out := make([]Bedrijf, len(namen))
	for i, n := range namen {
		st := straten[(i*7)%len(straten)]
		slug := strings.ToLower(strings.Fields(strings.TrimPrefix(n, "Stichting "))[0])
		out[i] = Bedrijf{
			KvKNummer:        fmt.Sprintf("%08d", 30000000+r.IntN(60000000)),
			Vestigingsnummer: fmt.Sprintf("%012d", 100000000000+r.Int64N(99999999999)),
			RSIN:             RandomRSIN(r),
			Handelsnaam:      n, Straat: st.naam, Huisnummer: fmt.Sprint(1 + r.IntN(80)), Postcode: st.pc,
			Woonplaats: Woonplaats, Email: "info@" + slug + ".example.nl",
			Telefoon: fmt.Sprintf("0999-%06d", r.IntN(1000000)),
		}
	}
	return out
}

// Elfproef reports whether a 9-digit number passes the BSN/RSIN check:
// Σ digit·weight ≡ 0 (mod 11) with weights 9..2 and −1 for the last digit.
func Elfproef(s string) bool {
	if len(s) != 9 || s == "000000000" {
		return false
	}
	sum := 0
	for i := 0; i < 9; i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return false
		}
		w := 9 - i
		if i == 8 {
			w = -1
		}
		sum += w * int(c-'0')
	}
	return sum%11 == 0
}

// TestBSN draws a BSN that passes the elfproef and starts with prefix (test
// BSNs start with 9, a range the BRP never issues).
func TestBSN(r *rand.Rand, prefix string) string {
	for {
		b := []byte(prefix)
		for len(b) < 8 {
			b = append(b, byte('0'+r.IntN(10)))
		}
		if s, ok := completeElfproef(b); ok {
			return s
		}
	}
}

// RandomRSIN draws an RSIN that passes the elfproef.
func RandomRSIN(r *rand.Rand) string {
	for {
		b := []byte{'8'}
		for len(b) < 8 {
			b = append(b, byte('0'+r.IntN(10)))
		}
		if s, ok := completeElfproef(b); ok {
			return s
		}
	}
}

// completeElfproef appends the check digit to 8 digits, if one exists.
func completeElfproef(b []byte) (string, bool) {
	sum := 0
	for i := 0; i < 8; i++ {
		sum += (9 - i) * int(b[i]-'0')
	}
	// sum − last ≡ 0 (mod 11)  ⇒  last = sum mod 11, which must be a digit.
	last := sum % 11
	if last == 10 {
		return "", false
	}
	return string(append(b, byte('0'+last))), true
}

// BSNPool returns n distinct test BSNs (9 followed by a counter and the
// check digit), in a fixed order: the synthetic population of the volume seeder.
func BSNPool(n int) []string {
	out := make([]string, 0, n)
	for i := 0; len(out) < n && i < 10000000; i++ {
		b := []byte(fmt.Sprintf("9%07d", i))
		if s, ok := completeElfproef(b); ok {
			out = append(out, s)
		}
	}
	return out
}

// SyntheticNaam is a deterministic Dutch name for person number i of a
// synthetic population (the volume seeder's citizens).
func SyntheticNaam(i int) (voornaam, voorvoegsel, geslachtsnaam string) {
	if i < 0 {
		i = -i
	}
	if i%2 == 0 {
		voornaam = voornamenM[(i/2)%len(voornamenM)]
	} else {
		voornaam = voornamenV[(i/2)%len(voornamenV)]
	}
	a := achternamen[(i*7+i/len(achternamen))%len(achternamen)]
	return voornaam, a.vv, a.naam
}
