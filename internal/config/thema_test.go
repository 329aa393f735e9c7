package config_test

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gemeenten/loket/internal/config"
)

func TestThema(t *testing.T) {
	dir := t.TempDir()
	svg := filepath.Join(dir, "logo.svg")
	if err := os.WriteFile(svg, []byte(`<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>`), 0o644); err != nil {
		t.Fatal(err)
	}
	fake := filepath.Join(dir, "logo.png")
	if err := os.WriteFile(fake, []byte("<html>geen png</html>"), 0o644); err != nil {
		t.Fatal(err)
	}
	c, _, err := config.Load("serve", nil, env(map[string]string{"LOKET_THEMA_KLEUR": "#8A1538", "LOKET_THEMA_LOGO": svg}), io.Discard, config.FlagServe)
	if err != nil {
		t.Fatal(err)
	}
	if c.Thema.Kleur != "#8a1538" || c.Thema.Logo != svg {
		t.Fatalf("thema: %+v", c.Thema)
	}
	if c, _, err := config.Load("serve", nil, env(nil), io.Discard, config.FlagServe); err != nil || c.Thema != (config.Thema{}) {
		t.Fatalf("default thema: %+v %v", c.Thema, err)
	}

	for _, tc := range []struct{ kleur, logo, want string }{
		{"#ffcc00", "", "contrast 1.5:1, minimaal 4.5:1"}, // yellow: white text unreadable
		{"#1c4f7c80", "", "#rrggbb"},
		{"rood", "", "#rrggbb"},
		{"#12345g", "", "#rrggbb"},
		{"", filepath.Join(dir, "bestaat-niet.svg"), "niet gevonden"},
		{"", fake, "geen PNG"},
		{"", filepath.Join(dir, "logo.gif"), "SVG- of PNG"},
	} {
		_, _, err := config.Load("serve", nil, env(map[string]string{"LOKET_THEMA_KLEUR": tc.kleur, "LOKET_THEMA_LOGO": tc.logo}), io.Discard, config.FlagServe)
		if !config.IsConfigError(err) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("kleur %q logo %q: want %q, got %v", tc.kleur, tc.logo, tc.want, err)
		}
	}
}

func TestContrast(t *testing.T) {
	white := [3]uint8{255, 255, 255}
	for _, tc := range []struct {
		hex  string
		want float64
	}{{"#000000", 21}, {"#ffffff", 1}, {"#1c4f7c", 8.54}, {"#767676", 4.54}} {
		rgb, err := config.ParseKleur(tc.hex)
		if err != nil {
			t.Fatal(err)
		}
		if got := config.Contrast(rgb, white); got < tc.want-0.05 || got > tc.want+0.05 {
			t.Errorf("%s on white: %.2f, want %.2f", tc.hex, got, tc.want)
		}
	}
}
