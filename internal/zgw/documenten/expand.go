package documenten

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/zgw"
)

// Options configure Handler.
type Options struct {
	// Local, when set, serves URLs on this server (env.Base) in-process
	// instead of over HTTP: the program's own mux with every API mounted.
	// expand uses it for the informatieobjecttype (and what that refers
	// to) in the Catalogi API. The request's Authorization header is passed
	// on, so the client sees only what it may see (ztc-014: documenten.lezen
	// counts as catalogi.lezen).
	Local http.Handler
}

// maxExpandDepth is drc-012's limit: deeper expansions are cut off there.
const maxExpandDepth = 3

// expandTree is a parsed expand parameter: "informatieobjecttype.catalogus"
// becomes {informatieobjecttype: {catalogus: {}}}.
type expandTree map[string]expandTree

// parseExpand reads the expand parameter. Its first level must be an
// attribute of the resource that refers to the Documenten or Catalogi API
// (drc-011, drc-013); anything else is refused with 400.
func parseExpand(v string, allowed ...string) (expandTree, error) {
	if strings.TrimSpace(v) == "" {
		return nil, nil
	}
	t := expandTree{}
	for _, p := range strings.Split(v, ",") {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		parts := strings.Split(p, ".")
		ok := false
		for _, a := range allowed {
			ok = ok || parts[0] == a
		}
		if !ok {
			return nil, errs.InvalidField("expand", "invalid-expand",
				fmt.Sprintf("'%s' kan hier niet uitgebreid worden; wel: %s.", parts[0], strings.Join(allowed, ", ")))
		}
		node := t
		for i, name := range parts {
			if i >= maxExpandDepth {
				break
			}
			if node[name] == nil {
				node[name] = expandTree{}
			}
			node = node[name]
		}
	}
	return t, nil
}

// expander fetches the resources of one request, each URL once.
type expander struct {
	a     *api
	r     *http.Request
	cache map[string]map[string]any
}

func (a *api) newExpander(r *http.Request) *expander {
	return &expander{a: a, r: r, cache: map[string]map[string]any{}}
}

// apply renders v as a JSON object with "_expand" holding the expanded
// attributes. A resource that cannot be fetched is left out of _expand.
func (x *expander) apply(v any, t expandTree) (map[string]any, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("documenten: expand: %w", err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("documenten: expand: %w", err)
	}
	x.expandMap(m, t)
	return m, nil
}

func (x *expander) expandMap(m map[string]any, t expandTree) {
	if len(t) == 0 {
		return
	}
	out := map[string]any{}
	for attr, sub := range t {
		switch v := m[attr].(type) {
		case string:
			if obj := x.get(v); obj != nil {
				x.expandMap(obj, sub)
				out[attr] = obj
			}
		case []any:
			list := []any{}
			for _, e := range v {
				if s, ok := e.(string); ok {
					if obj := x.get(s); obj != nil {
						x.expandMap(obj, sub)
						list = append(list, obj)
					}
				}
			}
			out[attr] = list
		}
	}
	m["_expand"] = out
}

// get fetches a resource by URL: in-process for this server's own APIs,
// over HTTP (with the Env's client and timeout) otherwise.
func (x *expander) get(u string) map[string]any {
	if u == "" {
		return nil
	}
	if obj, ok := x.cache[u]; ok {
		return clone(obj)
	}
	body, status := x.fetch(u)
	var obj map[string]any
	if status == http.StatusOK {
		if err := json.Unmarshal(body, &obj); err != nil {
			obj = nil
		}
	}
	x.cache[u] = obj
	return clone(obj)
}

func clone(m map[string]any) map[string]any {
	if m == nil {
		return nil
	}
	b, _ := json.Marshal(m)
	var c map[string]any
	_ = json.Unmarshal(b, &c)
	return c
}

func (x *expander) fetch(u string) ([]byte, int) {
	// zgw.Env.Fetch: in-process for this server's URLs (with the caller's
	// token), otherwise over HTTP under the outbound rule.
	b, status, err := x.a.env.Fetch(x.r.Context(), u, zgw.FetchOptions{Local: x.a.opts.Local, Authorization: x.r.Header.Get("Authorization")})
	if err != nil {
		return nil, 0
	}
	return b, status
}

// writeOne answers v, with _expand when the request asks for it.
func (a *api) writeOne(w http.ResponseWriter, r *http.Request, status int, v any, t expandTree) {
	if len(t) == 0 {
		zgw.WriteJSON(w, r, status, v)
		return
	}
	m, err := a.newExpander(r).apply(v, t)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	zgw.WriteJSON(w, r, status, m)
}

// writeList answers a plain list of resources, expanded when asked.
func (a *api) writeList(w http.ResponseWriter, r *http.Request, list []any, t expandTree) {
	out, err := a.expandAll(r, list, t)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	zgw.WriteJSON(w, r, http.StatusOK, out)
}

// expandAll expands every element of a list of resources.
func (a *api) expandAll(r *http.Request, list []any, t expandTree) ([]any, error) {
	if len(t) == 0 {
		return list, nil
	}
	x := a.newExpander(r)
	out := make([]any, 0, len(list))
	for _, v := range list {
		m, err := x.apply(v, t)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, nil
}
