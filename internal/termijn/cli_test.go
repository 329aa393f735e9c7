package termijn_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/gemeenten/loket/internal/termijn"
)

func runCLI(args ...string) (string, error) {
	var out, errOut bytes.Buffer
	err := termijn.CLI(args, &out, &errOut)
	return out.String(), err
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return lines[len(lines)-1]
}

func TestCLI(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--van", "2026-03-20", "--weken", "8"}, "2026-05-18"},
		{[]string{"-van=2026-03-20", "-weken=8"}, "2026-05-18"},
		{[]string{"--van", "2026-03-20", "--termijn", "P8W"}, "2026-05-18"},
		{[]string{"--van", "2026-02-28", "--dagen", "56"}, "2026-04-28"},
		{[]string{"--van", "2026-01-25", "--maanden", "3"}, "2026-04-28"},
		{[]string{"--van", "2026-03-22", "--weken", "26"}, "2026-09-20"},
		{[]string{"--van", "2026-01-12", "--weken", "8", "--opschorting", "2026-01-20/2026-01-30", "--opschorting", "2026-01-25/2026-02-05"}, "2026-03-25"},
		{[]string{"--van", "2026-02-06", "--weken", "8", "--verlenging", "P6W"}, "2026-05-18"},
		{[]string{"--van", "2026-03-20", "--werkdagen", "3"}, "2026-03-25"},
		{[]string{"--van", "2026-04-02", "--werkdagen", "1"}, "2026-04-07"},
	}
	for _, tt := range tests {
		out, err := runCLI(tt.args...)
		if err != nil {
			t.Errorf("%v: %v", tt.args, err)
			continue
		}
		if got := lastLine(out); got != tt.want {
			t.Errorf("%v: last line %q, want %q\n%s", tt.args, got, tt.want, out)
		}
	}
	out, _ := runCLI("--van", "2026-03-20", "--weken", "8")
	for _, s := range []string{"ontvangen 2026-03-20", "+ 8 weken → 2026-05-15", "→ 2026-05-18 (Algemene termijnenwet art. 1)"} {
		if !strings.Contains(out, s) {
			t.Errorf("output lacks %q:\n%s", s, out)
		}
	}
}

func TestCLIErrors(t *testing.T) {
	tests := []struct {
		args []string
		want string // part of the error, naming the flag
	}{
		{[]string{"--weken", "8"}, "--van ontbreekt"},
		{[]string{"--van", "20-03-2026", "--weken", "8"}, "--van: ongeldige datum"},
		{[]string{"--van", "2026-03-20"}, "geen termijn"},
		{[]string{"--van", "2026-03-20", "--weken", "8", "--dagen", "3"}, "--weken en --dagen gaan niet samen"},
		{[]string{"--van", "2026-03-20", "--weken", "acht"}, "--weken"},
		{[]string{"--van", "2026-03-20", "--weken", "0"}, "--weken"},
		{[]string{"--van", "2026-03-20", "--dagen", "-3"}, "--dagen"},
		{[]string{"--van", "2026-03-20", "--termijn", "8W"}, "--termijn: ongeldige termijn"},
		{[]string{"--van", "2026-03-20", "--termijn", "P0D"}, "--termijn"},
		{[]string{"--van", "2026-03-20", "--weken", "8", "--opschorting", "2026-04-01"}, "--opschorting"},
		{[]string{"--van", "2026-03-20", "--weken", "8", "--opschorting", "2026-04-10/2026-04-01"}, "TOT ligt vóór VAN"},
		{[]string{"--van", "2026-03-20", "--weken", "8", "--opschorting", "2026-04-01/gisteren"}, "--opschorting"},
		{[]string{"--van", "2026-03-20", "--weken", "8", "--verlenging", "6 weken"}, "--verlenging"},
		{[]string{"--van", "2026-03-20", "--werkdagen", "3", "--verlenging", "P6W"}, "--werkdagen gaat niet samen"},
		{[]string{"--van", "2026-03-20", "--werkdagen", "x"}, "--werkdagen"},
		{[]string{"--van", "2026-03-20", "--jaren", "1"}, "onbekende optie --jaren"},
		{[]string{"--van"}, "optie --van heeft een waarde nodig"},
		{[]string{"--van", "2026-03-20", "--weken", "8", "extra"}, "onverwacht argument"},
	}
	for _, tt := range tests {
		out, err := runCLI(tt.args...)
		if err == nil {
			t.Errorf("%v: no error; output:\n%s", tt.args, out)
			continue
		}
		if !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%v: error %q, want it to contain %q", tt.args, err, tt.want)
		}
	}
}

func TestCLIHelp(t *testing.T) {
	for _, arg := range []string{"--help", "-h"} {
		out, err := runCLI(arg)
		if err != nil {
			t.Fatalf("%s: %v", arg, err)
		}
		if !strings.Contains(out, "Gebruik: loket termijn") || !strings.Contains(out, "--opschorting VAN/TOT") {
			t.Errorf("%s: usage missing:\n%s", arg, out)
		}
	}
}
