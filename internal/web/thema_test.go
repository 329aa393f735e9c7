package web_test

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/db/dbtest"
	"github.com/gemeenten/loket/internal/web"
)

const testLogo = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 100"><rect width="300" height="100" fill="#d12b2b"/></svg>`

func writeLogo(t *testing.T) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "logo.svg")
	if err := os.WriteFile(p, []byte(testLogo), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestThemaColourAndLogo(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		logo := writeLogo(t)
		e := newEnvWith(t, d, 0, func(e *env, deps *web.Deps) {
			deps.Config.Thema = web.Thema{Kleur: "#D12B2B", Logo: logo}
		})
		b := e.browser()
		home := b.get("/")
		link := regexp.MustCompile(`<link rel="stylesheet" href="(/static/thema\.css\?v=([0-9a-f]+))">`).FindStringSubmatch(home.body)
		if link == nil {
			t.Fatalf("the pages do not link thema.css:\n%s", home.body)
		}
		// The theme comes after loket.css, so its variables win.
		if strings.Index(home.body, "loket.css") > strings.Index(home.body, "thema.css") {
			t.Fatal("thema.css is linked before loket.css")
		}
		css := b.get(link[1])
		if css.code != 200 || !strings.HasPrefix(css.header.Get("Content-Type"), "text/css") ||
			!strings.Contains(css.body, "--voorbeeld-blauw-700: #d12b2b;") || !strings.Contains(css.body, `url("/static/thema/logo.svg?v=`) ||
			!strings.Contains(css.body, "2.25rem * 3.000") || css.header.Get("Cache-Control") != "public, max-age=31536000, immutable" {
			t.Fatalf("thema.css: %d %v\n%s", css.code, css.header, css.body)
		}
		etag := css.header.Get("ETag")
		if etag != `"`+link[2]+`"` {
			t.Fatalf("ETag %s, link version %s", etag, link[2])
		}
		req, _ := http.NewRequest("GET", e.srv.URL+"/static/thema.css", nil)
		req.Header.Set("If-None-Match", etag)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusNotModified || resp.Header.Get("Cache-Control") != "public, no-cache" {
			t.Fatalf("revalidation: %d %v", resp.StatusCode, resp.Header)
		}
		lg := b.get("/static/thema/logo.svg")
		if lg.code != 200 || lg.body != testLogo || lg.header.Get("Content-Type") != "image/svg+xml" ||
			!strings.Contains(lg.header.Get("Content-Security-Policy"), "sandbox") {
			t.Fatalf("logo: %d %v", lg.code, lg.header)
		}
		if pg := b.get("/static/thema/logo.png"); pg.code != http.StatusNotFound {
			t.Fatalf("a logo that is not configured: %d", pg.code)
		}

		// Without a theme the link stays and the stylesheet changes nothing.
		h, err := web.New(web.Deps{DB: d, Auth: e.auth, Zaken: e.zs})
		if err != nil {
			t.Fatal(err)
		}
		plain := &env{t: t, srv: httptest.NewServer(h)}
		defer plain.srv.Close()
		pb := plain.browser()
		m := regexp.MustCompile(`href="(/static/thema\.css\?v=[0-9a-f]+)"`).FindStringSubmatch(pb.get("/").body)
		if m == nil {
			t.Fatal("no thema.css link without a theme")
		}
		if c := pb.get(m[1]); c.code != 200 || strings.Contains(c.body, "{") {
			t.Fatalf("empty theme: %d\n%s", c.code, c.body)
		}
	})
}

func TestThemaRefusesUnreadableColour(t *testing.T) {
	d := dbtest.New(t, db.SQLite)
	e := newEnv(t, d, 0)
	for _, kleur := range []string{"#ffcc00", "geel"} {
		_, err := web.New(web.Deps{DB: d, Auth: e.auth, Zaken: e.zs, Config: web.Config{Thema: web.Thema{Kleur: kleur}}})
		if err == nil {
			t.Errorf("colour %q accepted", kleur)
		}
	}
	if _, err := web.New(web.Deps{DB: d, Auth: e.auth, Zaken: e.zs, Config: web.Config{Thema: web.Thema{Logo: "/bestaat/niet.svg"}}}); err == nil {
		t.Error("a missing logo accepted")
	}
}
