package termijn

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/gemeenten/loket/internal/date"
)

const cliUsage = `Gebruik: loket termijn --van JJJJ-MM-DD (--weken N | --dagen N | --maanden N | --termijn P8W) [opties]
       loket termijn --van JJJJ-MM-DD --werkdagen N

Berekent de uiterlijke einddatum van een wettelijke termijn (Awb 4:13) op de
kalender van de Algemene termijnenwet, met opschortingen (Awb 4:15) en
verlengingen. Eindigt de termijn op een zaterdag, zondag of feestdag, dan
schuift hij naar de eerstvolgende werkdag (Atw art. 1), behalve bij termijnen
langer dan 12 weken of 3 maanden. De laatste regel is alleen de einddatum.

Opties:
  --van JJJJ-MM-DD       datum van ontvangst (verplicht)
  --weken N              termijn in weken
  --dagen N              termijn in dagen
  --maanden N            termijn in maanden
  --termijn DUUR         termijn als ISO 8601-duur, bijvoorbeeld P8W, P10D, P3M, P1Y6M
  --werkdagen N          in plaats van een termijn: N werkdagen na --van op de
                         standaardkalender van de gemeente (zonder eigen sluitingsdagen)
  --opschorting VAN/TOT  opschorting: verzoek gedaan op VAN, stukken ontvangen of
                         termijn ongebruikt verstreken op TOT (herhaalbaar)
  --verlenging DUUR      verlenging, bijvoorbeeld P6W (herhaalbaar)
  --help                 deze uitleg

Voorbeeld:
  loket termijn --van 2026-03-20 --weken 8
`

type repeated []string

func (r *repeated) String() string     { return strings.Join(*r, ",") }
func (r *repeated) Set(s string) error { *r = append(*r, s); return nil }

// CLI is the `loket termijn` subcommand. It writes the explanation lines and,
// as the last line, only the ISO end date to stdout. Wrong input yields an
// error with a Dutch message that names the flag; --help prints the usage and
// returns nil.
func CLI(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("loket termijn", flag.ContinueOnError)
	fs.SetOutput(io.Discard) // we print our own Dutch messages
	van := fs.String("van", "", "")
	weken := fs.String("weken", "", "")
	dagenF := fs.String("dagen", "", "")
	maanden := fs.String("maanden", "", "")
	termF := fs.String("termijn", "", "")
	werkdagen := fs.String("werkdagen", "", "")
	var opschortingen, verlengingen repeated
	fs.Var(&opschortingen, "opschorting", "")
	fs.Var(&verlengingen, "verlenging", "")

	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			_, werr := io.WriteString(stdout, cliUsage)
			return werr
		}
		return cliParseError(err)
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("onverwacht argument %q (zie loket termijn --help)", fs.Arg(0))
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })

	if !set["van"] {
		return errors.New("--van ontbreekt: geef de datum van ontvangst als JJJJ-MM-DD (zie loket termijn --help)")
	}
	from, err := date.Parse(*van)
	if err != nil {
		return fmt.Errorf("--van: %w", err)
	}

	var chosen []string
	for _, name := range []string{"weken", "dagen", "maanden", "termijn", "werkdagen"} {
		if set[name] {
			chosen = append(chosen, "--"+name)
		}
	}
	switch {
	case len(chosen) == 0:
		return errors.New("geen termijn: geef één van --weken, --dagen, --maanden, --termijn of --werkdagen")
	case len(chosen) > 1:
		return fmt.Errorf("%s gaan niet samen: geef één termijn", strings.Join(chosen, " en "))
	}

	if set["werkdagen"] {
		if len(opschortingen) > 0 || len(verlengingen) > 0 {
			return errors.New("--werkdagen gaat niet samen met --opschorting of --verlenging")
		}
		n, err := cliCount("werkdagen", *werkdagen, true)
		if err != nil {
			return err
		}
		cal := Operational(nil, nil)
		end := cal.AddWorkdays(from, n)
		_, err = fmt.Fprintf(stdout, "van %s\n+ %d %s (%s) → %s\n%s\n", from, n, werkdagenWord(n), cal.Name(), end, end)
		return err
	}

	var term Duration
	switch {
	case set["weken"]:
		n, err := cliCount("weken", *weken, false)
		if err != nil {
			return err
		}
		term = Weeks(n)
	case set["dagen"]:
		n, err := cliCount("dagen", *dagenF, false)
		if err != nil {
			return err
		}
		term = Days(n)
	case set["maanden"]:
		n, err := cliCount("maanden", *maanden, false)
		if err != nil {
			return err
		}
		term = Months(n)
	case set["termijn"]:
		term, err = ParseDuration(*termF)
		if err != nil {
			return fmt.Errorf("--termijn: %w", err)
		}
		if term.IsZero() {
			return errors.New("--termijn: de termijn mag niet 0 zijn")
		}
	}

	var opts Options
	for _, s := range opschortingen {
		sp, err := parseSuspension(s)
		if err != nil {
			return fmt.Errorf("--opschorting %q: %w", s, err)
		}
		opts.Suspensions = append(opts.Suspensions, sp)
	}
	for _, s := range verlengingen {
		ext, err := ParseDuration(s)
		if err != nil {
			return fmt.Errorf("--verlenging: %w", err)
		}
		opts.Extensions = append(opts.Extensions, ext)
	}

	r := Deadline(from, term, Legal(), opts)
	_, err = fmt.Fprintf(stdout, "%s\n%s\n", r.Explanation(), r.End)
	return err
}

func parseSuspension(s string) (Suspension, error) {
	a, b, ok := strings.Cut(s, "/")
	if !ok || strings.TrimSpace(b) == "" {
		return Suspension{}, errors.New("verwacht VAN/TOT, bijvoorbeeld 2026-04-01/2026-04-15")
	}
	req, err := date.Parse(strings.TrimSpace(a))
	if err != nil {
		return Suspension{}, fmt.Errorf("VAN: %w", err)
	}
	until, err := date.Parse(strings.TrimSpace(b))
	if err != nil {
		return Suspension{}, fmt.Errorf("TOT: %w", err)
	}
	if until.Before(req) {
		return Suspension{}, errors.New("TOT ligt vóór VAN")
	}
	return Suspension{Requested: req, Until: until}, nil
}

// cliCount reads a whole number for flag name; zero only when allowZero.
func cliCount(name, s string, allowZero bool) (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || n < 0 || (n == 0 && !allowZero) || n > 100000 {
		if allowZero {
			return 0, fmt.Errorf("--%s: %q is geen geheel getal van 0 of meer", name, s)
		}
		return 0, fmt.Errorf("--%s: %q is geen positief geheel getal", name, s)
	}
	return n, nil
}

func werkdagenWord(n int) string {
	if n == 1 {
		return "werkdag"
	}
	return "werkdagen"
}

// cliParseError puts the flag package's English parse errors into Dutch.
func cliParseError(err error) error {
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "flag provided but not defined: "); ok {
		return fmt.Errorf("onbekende optie %s (zie loket termijn --help)", dashes(name))
	}
	if name, ok := strings.CutPrefix(msg, "flag needs an argument: "); ok {
		return fmt.Errorf("optie %s heeft een waarde nodig (zie loket termijn --help)", dashes(name))
	}
	return fmt.Errorf("ongeldige opties: %v (zie loket termijn --help)", err)
}

func dashes(name string) string { return "--" + strings.TrimLeft(name, "-") }
