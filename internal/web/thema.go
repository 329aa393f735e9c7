package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"net/http"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/gemeenten/loket/internal/config"
)

// Thema is the municipality's own style (LOKET_THEMA_KLEUR,
// LOKET_THEMA_LOGO; validated by internal/config): the primary colour and a
// logo. Empty fields keep Loket's own look.
type Thema struct {
	// Kleur is the primary colour, #rrggbb; white text on it must reach 4.5:1.
	Kleur string
	// Logo is the path of an SVG or PNG file, read once at start.
	Logo string
}

// themaAssets are /static/thema.css, generated from the configuration,
// and the logo. Both are made once at start: a change of style is a
// restart, not a rebuild.
type themaAssets struct {
	css, cssTag        string
	logo               []byte
	logoPath, logoType string
	logoTag            string
}

func etag(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])[:16]
}

func newThema(t Thema) (*themaAssets, error) {
	th := &themaAssets{}
	var css strings.Builder
	css.WriteString("/* The municipality's own style, generated from LOKET_THEMA_KLEUR and LOKET_THEMA_LOGO. */\n")
	if t.Kleur != "" {
		k, err := config.ParseKleur(t.Kleur)
		if err != nil {
			return nil, fmt.Errorf("web: LOKET_THEMA_KLEUR: %w", err)
		}
		white := [3]uint8{255, 255, 255}
		if c := config.Contrast(k, white); c < config.MinContrast {
			return nil, fmt.Errorf("web: LOKET_THEMA_KLEUR %s: contrast met wit %.1f:1, minimaal %.1f:1 nodig", t.Kleur, c, config.MinContrast)
		}
		// The stylesheet uses a darker shade for headings, hover and the
		// navigation bar, and two light tints as backgrounds behind text in
		// the colour: tints are lightened until that text keeps 4.5:1.
		dark := shade(k, 0.62)
		tint50 := lightTint(k, []float64{0.95, 0.97, 0.985, 1}, k, dark)
		tint100 := lightTint(k, []float64{0.88, 0.92, 0.95, 0.97, 1}, k, dark)
		fmt.Fprintf(&css, ".voorbeeld-theme {\n  --voorbeeld-blauw-900: %s;\n  --voorbeeld-blauw-700: %s;\n  --voorbeeld-blauw-600: %s;\n  --voorbeeld-blauw-100: %s;\n  --voorbeeld-blauw-50: %s;\n}\n",
			config.Hex(dark), config.Hex(k), config.Hex(k), config.Hex(tint100), config.Hex(tint50))
	}
	if t.Logo != "" {
		b, err := config.ReadLogo(t.Logo)
		if err != nil {
			return nil, fmt.Errorf("web: LOKET_THEMA_LOGO: %w", err)
		}
		ext := strings.ToLower(filepath.Ext(t.Logo))
		th.logo, th.logoTag, th.logoPath = b, etag(b), "/static/thema/logo"+ext
		th.logoType = "image/png"
		if ext == ".svg" {
			th.logoType = "image/svg+xml"
		}
		// The logo replaces the square mark before the municipality's name
		// (decorative: the name is text), as wide as its proportions ask.
		ratio := logoRatio(b, ext)
		fmt.Fprintf(&css, ".loket-brand__logo {\n  width: calc(2.25rem * %.3f); max-width: 12rem;\n  background: #fff url(\"%s?v=%s\") center / contain no-repeat;\n  box-shadow: none;\n}\n",
			ratio, th.logoPath, th.logoTag)
	}
	th.css = css.String()
	th.cssTag = etag([]byte(th.css))
	return th, nil
}

func shade(c [3]uint8, f float64) [3]uint8 {
	return [3]uint8{uint8(float64(c[0]) * f), uint8(float64(c[1]) * f), uint8(float64(c[2]) * f)}
}

// lightTint mixes c with white by the first factor whose result keeps a
// contrast of 4.5:1 with each of the text colours.
func lightTint(c [3]uint8, factors []float64, text ...[3]uint8) [3]uint8 {
	var t [3]uint8
	for _, f := range factors {
		for i := range 3 {
			t[i] = uint8(float64(c[i]) + (255-float64(c[i]))*f + 0.5)
		}
		ok := true
		for _, x := range text {
			ok = ok && config.Contrast(t, x) >= config.MinContrast
		}
		if ok {
			break
		}
	}
	return t
}

var svgViewBox = regexp.MustCompile(`viewBox\s*=\s*["']\s*[-\d.]+[\s,]+[-\d.]+[\s,]+([\d.]+)[\s,]+([\d.]+)`)

// logoRatio is width ÷ height of the logo, 1 when unknown, at most 5.
func logoRatio(b []byte, ext string) float64 {
	var w, h float64
	switch ext {
	case ".png":
		if len(b) >= 24 && bytes.Equal(b[12:16], []byte("IHDR")) {
			w, h = float64(binary.BigEndian.Uint32(b[16:20])), float64(binary.BigEndian.Uint32(b[20:24]))
		}
	case ".svg":
		if m := svgViewBox.FindSubmatch(b); m != nil {
			w, _ = strconv.ParseFloat(string(m[1]), 64)
			h, _ = strconv.ParseFloat(string(m[2]), 64)
		}
	}
	if w <= 0 || h <= 0 {
		return 1
	}
	return min(max(w/h, 0.5), 5)
}

// themaRoutes serves the stylesheet and the logo. Links carry ?v=<etag> and
// may be cached for a year; other requests revalidate with the ETag.
func (a *app) themaRoutes(mux *http.ServeMux) {
	th := a.thema
	mux.HandleFunc("GET /static/thema.css", func(w http.ResponseWriter, r *http.Request) {
		serveTagged(w, r, "text/css; charset=utf-8", th.cssTag, []byte(th.css))
	})
	if th.logo != nil {
		mux.HandleFunc("GET "+th.logoPath, func(w http.ResponseWriter, r *http.Request) {
			// An SVG is a document that could carry script: opened on its own
			// it runs nothing and loads nothing.
			w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; sandbox")
			serveTagged(w, r, th.logoType, th.logoTag, th.logo)
		})
	}
}

func serveTagged(w http.ResponseWriter, r *http.Request, contentType, tag string, body []byte) {
	h := w.Header()
	h.Set("ETag", `"`+tag+`"`)
	h.Set("X-Content-Type-Options", "nosniff")
	if r.URL.Query().Get("v") == tag {
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		h.Set("Cache-Control", "public, no-cache")
	}
	if inm := r.Header.Get("If-None-Match"); inm != "" && strings.Contains(inm, `"`+tag+`"`) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h.Set("Content-Type", contentType)
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		_, _ = w.Write(body)
	}
}
