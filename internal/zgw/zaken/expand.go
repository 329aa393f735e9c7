package zaken

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"

	"github.com/gemeenten/loket/internal/zgw"
)

// expand (Zaken API 1.5, zrc-025…028): ?expand=zaaktype,status.statustype
// puts the referenced resources in "_expand", nested with dots. Only
// resources of the Zaken API and the Catalogi API may be expanded (zrc-025);
// an attribute the resource does not have is an error (zrc-027). Resources
// are read as the requesting client: one it may not see is left out.

// expandTree is a parsed expand parameter: field → sub-fields.
type expandTree map[string]expandTree

// Resource kinds and, per kind, the fields that may be expanded with the
// kind of what they point to. "ztc" is any Catalogi API resource: its URL
// fields into the catalogue may be expanded further.
var expandKinds = map[string]map[string]string{
	"zaak": {"zaaktype": "ztc", "hoofdzaak": "zaak", "deelzaken": "zaak", "relevanteAndereZaken": "zaak",
		"eigenschappen": "zaakeigenschap", "rollen": "rol", "status": "status", "zaakobjecten": "zaakobject",
		"resultaat": "resultaat", "zaakinformatieobjecten": "zaakinformatieobject"},
	"status":               {"statustype": "ztc", "zaak": "zaak", "gezetdoor": "rol"},
	"resultaat":            {"resultaattype": "ztc", "zaak": "zaak"},
	"rol":                  {"roltype": "ztc", "zaak": "zaak", "statussen": "status"},
	"zaakeigenschap":       {"eigenschap": "ztc", "zaak": "zaak"},
	"zaakobject":           {"zaak": "zaak"},
	"zaakinformatieobject": {"zaak": "zaak", "status": "status"},
}

var zaakExpandable = "zaak"

// parseExpand parses "a.b,c" into a tree and checks it against kind.
func parseExpand(s, kind string) (expandTree, error) {
	t := expandTree{}
	for _, p := range strings.Split(s, ",") {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		node := t
		for _, part := range strings.Split(p, ".") {
			if part == "" {
				return nil, errors.New("Ongeldige expand: '" + p + "'.")
			}
			if node[part] == nil {
				node[part] = expandTree{}
			}
			node = node[part]
		}
	}
	if err := checkExpand(t, kind, ""); err != nil {
		return nil, err
	}
	return t, nil
}

func checkExpand(t expandTree, kind, prefix string) error {
	if kind == "ztc" {
		return nil // checked against the fetched catalogue resource
	}
	fields := expandKinds[kind]
	for _, f := range sortedKeys(t) {
		child, ok := fields[f]
		if !ok {
			if f == "informatieobject" || f == "besluit" {
				return errors.New("Expand van '" + prefix + f + "' valt buiten de Zaken API en de Catalogi API en is niet toegestaan.")
			}
			return errors.New("Het attribuut '" + prefix + f + "' bestaat niet of kan niet worden ge-expand.")
		}
		if err := checkExpand(t[f], child, prefix+f+"."); err != nil {
			return err
		}
	}
	return nil
}

func sortedKeys(t expandTree) []string {
	keys := make([]string, 0, len(t))
	for k := range t {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

type expander struct {
	a     *api
	r     *http.Request
	cache map[string]map[string]any // URL → resource (nil: not available)
}

func (a *api) newExpander(r *http.Request) *expander {
	return &expander{a: a, r: r, cache: map[string]map[string]any{}}
}

// zaak expands a rendered zaak in place.
func (e *expander) zaak(j *zaakJSON, t expandTree) error {
	b, err := json.Marshal(j)
	if err != nil {
		return err
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		return err
	}
	if err := e.expand(m, "zaak", t); err != nil {
		return err
	}
	if ex, ok := m["_expand"].(map[string]any); ok {
		j.Expand = ex
	}
	return nil
}

// expand fills obj["_expand"] for the fields of t.
func (e *expander) expand(obj map[string]any, kind string, t expandTree) error {
	if len(t) == 0 {
		return nil
	}
	ex := map[string]any{}
	for _, field := range sortedKeys(t) {
		child := "ztc"
		if kind != "ztc" {
			child = expandKinds[kind][field]
		}
		v, ok := obj[field]
		if !ok {
			return &zgw.HTTPError{Status: http.StatusBadRequest, Code: "invalid",
				Detail: "Het attribuut '" + field + "' bestaat niet of kan niet worden ge-expand.",
				Invalid: []zgw.InvalidParam{{Name: "expand", Code: "invalid",
					Reason: "Het attribuut '" + field + "' bestaat niet of kan niet worden ge-expand."}}}
		}
		switch x := v.(type) {
		case nil:
			ex[field] = nil
		case string:
			if x == "" {
				ex[field] = nil
				continue
			}
			res, err := e.get(x, child, t[field])
			if err != nil {
				return err
			}
			if res != nil {
				ex[field] = res
			}
		case []any:
			list := []any{}
			for _, item := range x {
				u, _ := item.(string)
				if m, ok := item.(map[string]any); ok { // relevanteAndereZaken
					u, _ = m["url"].(string)
				}
				if u == "" {
					continue
				}
				res, err := e.get(u, child, t[field])
				if err != nil {
					return err
				}
				if res != nil {
					list = append(list, res)
				}
			}
			ex[field] = list
		}
	}
	obj["_expand"] = ex
	return nil
}

// get reads a resource and expands it further; nil when the client may not
// see it or it does not exist.
func (e *expander) get(u, kind string, t expandTree) (map[string]any, error) {
	if kind == "ztc" && !strings.HasPrefix(u, e.a.env.URL("/catalogi/api/v1/")) {
		// A catalogue elsewhere: fetched over HTTP like any reference.
		if !strings.HasPrefix(u, "http") {
			return nil, nil
		}
	}
	m, seen := e.cache[u]
	if !seen {
		raw, code := e.fetch(u)
		if code == http.StatusOK {
			if err := json.Unmarshal(raw, &m); err != nil {
				m = nil
			}
		}
		e.cache[u] = m
	}
	if m == nil {
		return nil, nil
	}
	if len(t) == 0 {
		return m, nil
	}
	cp := make(map[string]any, len(m)+1)
	for k, v := range m {
		cp[k] = v
	}
	if err := e.expand(cp, kind, t); err != nil {
		return nil, err
	}
	return cp, nil
}

// fetch serves this API's own URLs from its own handlers (the client is in
// the request context) and others through api.fetch.
func (e *expander) fetch(u string) (json.RawMessage, int) {
	own := e.a.env.URL(Prefix + "/")
	if strings.HasPrefix(u, own) && e.a.mux != nil {
		req := httptest.NewRequestWithContext(e.r.Context(), http.MethodGet, "/"+strings.TrimPrefix(u, own), nil)
		req.Header.Set("Accept-Crs", zgw.CRS)
		rec := httptest.NewRecorder()
		e.a.mux.ServeHTTP(rec, req)
		return rec.Body.Bytes(), rec.Code
	}
	raw, code, err := e.a.fetch(e.r, u)
	if err != nil {
		return nil, 0
	}
	return raw, code
}
