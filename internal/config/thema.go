package config

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Thema is the municipality's own style on the public site and the PIP
// (issue 6, 'Look and accessibility'): its primary colour and its logo,
// set without a rebuild. Empty fields keep Loket's own look.
type Thema struct {
	// Kleur is the primary colour as #rrggbb (LOKET_THEMA_KLEUR). White
	// text on it must reach a contrast of at least 4.5:1 (WCAG 2.1 AA).
	Kleur string
	// Logo is the path of an SVG or PNG file (LOKET_THEMA_LOGO), served at
	// /static/thema/logo.svg or /static/thema/logo.png.
	Logo string
}

// MinContrast is the WCAG 2.1 AA contrast for normal text.
const MinContrast = 4.5

// MaxLogoBytes bounds the logo: it is read into memory and sent with
// every first page view.
const MaxLogoBytes = 1 << 20

// loadThema reads the LOKET_THEMA_* variables and returns the problems, in
// Dutch, that keep them from being used.
func loadThema(getenv func(string) string) (Thema, []string) {
	t := Thema{Kleur: strings.TrimSpace(getenv("LOKET_THEMA_KLEUR")), Logo: strings.TrimSpace(getenv("LOKET_THEMA_LOGO"))}
	var p []string
	if t.Kleur != "" {
		rgb, err := ParseKleur(t.Kleur)
		if err != nil {
			p = append(p, fmt.Sprintf("LOKET_THEMA_KLEUR %q: %v", t.Kleur, err))
		} else {
			t.Kleur = Hex(rgb)
			if c := Contrast(rgb, [3]uint8{255, 255, 255}); c < MinContrast {
				p = append(p, fmt.Sprintf("LOKET_THEMA_KLEUR %q: witte tekst op deze kleur is slecht te lezen (contrast %.1f:1, minimaal %.1f:1 nodig). Kies een donkerdere kleur.",
					t.Kleur, math.Floor(c*10)/10, MinContrast))
			}
		}
	}
	if t.Logo != "" {
		if _, err := ReadLogo(t.Logo); err != nil {
			p = append(p, fmt.Sprintf("LOKET_THEMA_LOGO %q: %v", t.Logo, err))
		}
	}
	return t, p
}

// ParseKleur reads a colour written as #rrggbb or #rgb.
func ParseKleur(s string) ([3]uint8, error) {
	var rgb [3]uint8
	h, ok := strings.CutPrefix(strings.TrimSpace(s), "#")
	if !ok || (len(h) != 6 && len(h) != 3) {
		return rgb, fmt.Errorf("schrijf de kleur als #rrggbb, bijvoorbeeld #1c4f7c")
	}
	if len(h) == 3 {
		h = string([]byte{h[0], h[0], h[1], h[1], h[2], h[2]})
	}
	for i := range 3 {
		v, err := strconv.ParseUint(h[2*i:2*i+2], 16, 8)
		if err != nil {
			return rgb, fmt.Errorf("schrijf de kleur als #rrggbb, bijvoorbeeld #1c4f7c")
		}
		rgb[i] = uint8(v)
	}
	return rgb, nil
}

// Hex writes a colour as #rrggbb.
func Hex(rgb [3]uint8) string { return fmt.Sprintf("#%02x%02x%02x", rgb[0], rgb[1], rgb[2]) }

// luminance is the WCAG relative luminance.
func luminance(rgb [3]uint8) float64 {
	var l [3]float64
	for i, c := range rgb {
		v := float64(c) / 255
		if v <= 0.03928 {
			l[i] = v / 12.92
		} else {
			l[i] = math.Pow((v+0.055)/1.055, 2.4)
		}
	}
	return 0.2126*l[0] + 0.7152*l[1] + 0.0722*l[2]
}

// Contrast is the WCAG contrast ratio of two colours (1 to 21).
func Contrast(a, b [3]uint8) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// ReadLogo reads and checks a logo file: SVG or PNG by its content (the
// extension must agree), at most MaxLogoBytes.
func ReadLogo(path string) ([]byte, error) {
	ext := strings.ToLower(filepath.Ext(path))
	if ext != ".svg" && ext != ".png" {
		return nil, fmt.Errorf("alleen een SVG- of PNG-bestand kan (.svg of .png)")
	}
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("bestand niet gevonden of niet leesbaar")
	}
	if fi.IsDir() || fi.Size() > MaxLogoBytes {
		return nil, fmt.Errorf("het logo mag hoogstens 1 MB zijn")
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("bestand niet leesbaar")
	}
	switch ext {
	case ".png":
		if !bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")) {
			return nil, fmt.Errorf("dit is geen PNG-afbeelding")
		}
	case ".svg":
		head := b[:min(len(b), 4096)]
		if !bytes.Contains(head, []byte("<svg")) {
			return nil, fmt.Errorf("dit is geen SVG-afbeelding")
		}
	}
	return b, nil
}
