package document

import (
	"encoding/json"
	"strings"

	"github.com/gemeenten/loket/internal/db"
)

// Access limits a list to the informatieobjecten a caller may see: those of
// the granted informatieobjecttypen up to a vertrouwelijkheidaanduiding
// (ZGW authorisation at the source). A nil *Access does not limit; one
// without grants matches nothing.
type Access struct {
	Grants []AccessGrant
}

// AccessGrant allows one informatieobjecttype with the listed
// vertrouwelijkheidaanduidingen (those up to the ceiling).
type AccessGrant struct {
	InformatieobjecttypeID string
	Vertrouwelijkheden     []string
}

// cond renders the condition on the informatieobjecten columns, prefixed by
// alias ("" or "d.").
func (a *Access) cond(w *db.Where, alias string) string {
	var ors []string
	for _, g := range a.Grants {
		if !db.ValidUUID(g.InformatieobjecttypeID) || len(g.Vertrouwelijkheden) == 0 {
			continue
		}
		in := make([]string, len(g.Vertrouwelijkheden))
		for i, v := range g.Vertrouwelijkheden {
			in[i] = w.Arg(v)
		}
		ors = append(ors, "("+alias+"informatieobjecttype_id = "+w.Arg(g.InformatieobjecttypeID)+" AND "+
			alias+"vertrouwelijkheidaanduiding IN ("+strings.Join(in, ",")+"))")
	}
	if len(ors) == 0 {
		return "1 = 0"
	}
	return "(" + strings.Join(ors, " OR ") + ")"
}

// restrict adds the condition for a table that refers to informatieobjecten
// through col; col "" means the informatieobjecten table itself.
func (a *Access) restrict(w *db.Where, col string) {
	if a == nil {
		return
	}
	if col == "" {
		w.And(a.cond(w, ""))
		return
	}
	w.And(col + " IN (SELECT id FROM informatieobjecten WHERE " + a.cond(w, "") + ")")
}

// filterAPI adds the filters only the Documenten API uses.
func filterAPI(w *db.Where, f Filter, engine db.Engine) {
	if f.IDs != nil {
		var in []string
		for _, id := range f.IDs {
			if db.ValidUUID(id) {
				in = append(in, w.Arg(id))
			}
		}
		if len(in) == 0 {
			w.And("1 = 0")
		} else {
			w.And("id IN (" + strings.Join(in, ",") + ")")
		}
	}
	for _, t := range f.Trefwoorden {
		// trefwoorden is a JSON array of strings; an element is matched with
		// its quotes so that "brief" does not match "briefpapier".
		// A substring search that respects case on both engines (SQLite's
		// LIKE ignores it).
		b, _ := json.Marshal(t)
		if engine == db.Postgres {
			w.And("strpos(trefwoorden, " + w.Arg(string(b)) + ") > 0")
		} else {
			w.And("instr(trefwoorden, " + w.Arg(string(b)) + ") > 0")
		}
	}
}
