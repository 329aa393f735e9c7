package zaken

import (
	"encoding/json"
	"errors"
	"net/http"
	"sort"

	"github.com/gemeenten/loket/internal/errs"
)

// The geo search of POST /zaken/_zoek: zaakgeometrie.within a polygon. The
// geometries are GeoJSON in EPSG:4326; a geometry is within the polygon
// when every coordinate of it lies inside the polygon's outer ring and
// outside its holes (exact for points, which most zaken have).

type polygon [][][2]float64 // rings; the first is the outer ring

func parsePolygon(raw json.RawMessage) (polygon, error) {
	var g struct {
		Type        string         `json:"type"`
		Coordinates [][][2]float64 `json:"coordinates"`
	}
	if err := json.Unmarshal(raw, &g); err != nil || g.Type != "Polygon" || len(g.Coordinates) == 0 ||
		len(g.Coordinates[0]) < 4 {
		return nil, errors.New("Verwacht een GeoJSON Polygon met ten minste vier punten.")
	}
	return polygon(g.Coordinates), nil
}

func inRing(p [2]float64, ring [][2]float64) bool {
	in := false
	for i, j := 0, len(ring)-1; i < len(ring); j, i = i, i+1 {
		a, b := ring[i], ring[j]
		if (a[1] > p[1]) != (b[1] > p[1]) && p[0] < (b[0]-a[0])*(p[1]-a[1])/(b[1]-a[1])+a[0] {
			in = !in
		}
	}
	return in
}

func (poly polygon) contains(p [2]float64) bool {
	if !inRing(p, poly[0]) {
		return false
	}
	for _, hole := range poly[1:] {
		if inRing(p, hole) {
			return false
		}
	}
	return true
}

// points collects every coordinate of a GeoJSON geometry.
func points(raw json.RawMessage) ([][2]float64, bool) {
	var g struct {
		Type        string            `json:"type"`
		Coordinates json.RawMessage   `json:"coordinates"`
		Geometries  []json.RawMessage `json:"geometries"`
	}
	if json.Unmarshal(raw, &g) != nil {
		return nil, false
	}
	if g.Type == "GeometryCollection" {
		var all [][2]float64
		for _, sub := range g.Geometries {
			ps, ok := points(sub)
			if !ok {
				return nil, false
			}
			all = append(all, ps...)
		}
		return all, len(all) > 0
	}
	var out [][2]float64
	var walk func(v any) bool
	walk = func(v any) bool {
		list, ok := v.([]any)
		if !ok {
			return false
		}
		if len(list) >= 2 {
			x, okx := list[0].(float64)
			y, oky := list[1].(float64)
			if okx && oky {
				out = append(out, [2]float64{x, y})
				return true
			}
		}
		for _, item := range list {
			if !walk(item) {
				return false
			}
		}
		return true
	}
	var v any
	if json.Unmarshal(g.Coordinates, &v) != nil || !walk(v) {
		return nil, false
	}
	return out, len(out) > 0
}

// zakenWithin returns the ids of the zaken matching params (and the
// client's autorisaties) whose geometry lies within poly.
func (a *api) zakenWithin(r *http.Request, params map[string]string, poly polygon) ([]string, error) {
	var f errs.Fields
	flt := a.zaakFilter(params, &f)
	if err := f.Err(); err != nil {
		return nil, err
	}
	flt.Access = a.access(r, ScopeLezen)
	geoms, err := a.zaken.APIGeometries(r.Context(), flt)
	if err != nil {
		return nil, err
	}
	var ids []string
	for id, g := range geoms {
		ps, ok := points(json.RawMessage(g))
		if !ok {
			continue
		}
		inside := true
		for _, p := range ps {
			if !poly.contains(p) {
				inside = false
				break
			}
		}
		if inside {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	return ids, nil
}
