package web

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/kennis"
)

// PublicDeps is what the public site needs: the knowledge base, whose
// published articles are the product pages — the very text the KCC reads.
type PublicDeps struct {
	Kennis *kennis.Service
	// TopTaken are the slugs of the products on the home page, most asked
	// first. Empty: the products most contacted about in the last 90 days.
	TopTaken []string
}

func (a *app) publicRoutes(mux *http.ServeMux) {
	if a.Public.Kennis == nil {
		return
	}
	mux.HandleFunc("GET /producten", a.productList)
	mux.HandleFunc("GET /producten/{slug}", a.productPage)
	mux.HandleFunc("GET /zoeken", a.publicSearch)
}

type homeView struct {
	TopTaken []kennis.Entry
	Products bool
	Citizen  bool
}

func (a *app) home(w http.ResponseWriter, r *http.Request) {
	v := homeView{Products: a.Public.Kennis != nil, Citizen: a.Citizen.Burger != nil}
	if v.Products {
		var err error
		if v.TopTaken, err = a.topTaken(r.Context()); err != nil {
			a.fail(w, r, err)
			return
		}
	}
	a.render(w, r, http.StatusOK, "home", "Welkom", v)
}

// topTasks caches the home page's list: it changes slowly and the page is
// the busiest of the site.
var topTasks struct {
	sync.Mutex
	at   time.Time
	list []kennis.Entry
}

const topTaskCount = 8

func (a *app) topTaken(ctx context.Context) ([]kennis.Entry, error) {
	topTasks.Lock()
	defer topTasks.Unlock()
	if topTasks.list != nil && time.Since(topTasks.at) < time.Hour {
		return topTasks.list, nil
	}
	published, err := a.Public.Kennis.Published(ctx)
	if err != nil {
		return nil, err
	}
	bySlug := map[string]kennis.Entry{}
	byZaakType := map[string]kennis.Entry{}
	for _, e := range published {
		bySlug[e.Slug] = e
		for _, zt := range e.ZaakTypen {
			byZaakType[zt] = e
		}
	}
	var out []kennis.Entry
	seen := map[string]bool{}
	add := func(e kennis.Entry) {
		if !seen[e.Slug] && len(out) < topTaskCount {
			seen[e.Slug] = true
			out = append(out, e)
		}
	}
	for _, slug := range a.Public.TopTaken {
		if e, ok := bySlug[slug]; ok {
			add(e)
		}
	}
	if len(a.Public.TopTaken) == 0 {
		since := a.Now().Add(-90 * 24 * time.Hour)
		rows, err := a.DB.R.QueryContext(ctx, `SELECT zt.identificatie, COUNT(*) FROM klantcontacten k
			JOIN zaaktypen zt ON zt.id = k.zaaktype_id WHERE k.plaatsgevonden_op >= $1
			GROUP BY zt.identificatie ORDER BY COUNT(*) DESC LIMIT 40`, since.UTC())
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var ident string
			var n int
			if err := rows.Scan(&ident, &n); err != nil {
				rows.Close()
				return nil, err
			}
			if e, ok := byZaakType[ident]; ok {
				add(e)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	for _, e := range published {
		add(e)
	}
	topTasks.list, topTasks.at = out, time.Now()
	return out, nil
}

type productListView struct {
	Letters []productLetter
}

type productLetter struct {
	Letter   string
	Products []kennis.Entry
}

func (a *app) productList(w http.ResponseWriter, r *http.Request) {
	published, err := a.Public.Kennis.Published(r.Context())
	if err != nil {
		a.fail(w, r, err)
		return
	}
	var v productListView
	for _, e := range published {
		l := strings.ToUpper(string([]rune(e.Titel)[:1]))
		if n := len(v.Letters); n == 0 || v.Letters[n-1].Letter != l {
			v.Letters = append(v.Letters, productLetter{Letter: l})
		}
		v.Letters[len(v.Letters)-1].Products = append(v.Letters[len(v.Letters)-1].Products, e)
	}
	a.render(w, r, http.StatusOK, "publiek_producten", "Producten en diensten", v)
}

type productView struct {
	Titel string
	Body  articleView
	// Aanvragen is the e-form that starts the product's zaak, when there is
	// one.
	Aanvragen string
}

func (a *app) productPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	art, err := a.Public.Kennis.GetBySlug(ctx, r.PathValue("slug"))
	if err == nil && art.Gepubliceerd == nil {
		// Only published text reaches the public.
		err = errs.NotFoundf("product", r.PathValue("slug"))
	}
	if err != nil {
		a.fail(w, r, err)
		return
	}
	pub := art.Gepubliceerd
	v := productView{Titel: pub.Titel, Body: articleBody(pub, art.Termijnen, "")}
	if a.Forms.Forms != nil {
		for _, zt := range pub.ZaakTypen {
			fm, err := a.Forms.Forms.PublishedFor(ctx, zt)
			if err != nil {
				a.fail(w, r, err)
				return
			}
			if fm != nil {
				v.Aanvragen = "/formulieren/" + fm.Slug
				break
			}
		}
	}
	if v.Aanvragen == "" && strings.HasPrefix(pub.EFormulierURL, "/formulieren/") {
		v.Aanvragen = pub.EFormulierURL
	}
	a.render(w, r, http.StatusOK, "publiek_product", pub.Titel, v)
}

type searchView struct {
	Q      string
	Result *kennis.Result
}

func (a *app) publicSearch(w http.ResponseWriter, r *http.Request) {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	v := searchView{Q: q}
	if q != "" {
		var err error
		if v.Result, err = a.Public.Kennis.Search(r.Context(), q, 20); err != nil {
			a.fail(w, r, err)
			return
		}
	}
	a.render(w, r, http.StatusOK, "publiek_zoeken", "Zoeken", v)
}
