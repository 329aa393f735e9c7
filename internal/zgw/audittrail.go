package zgw

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/gemeenten/loket/internal/audit"
	"github.com/gemeenten/loket/internal/errs"
)

// AuditEntry is one entry of an audittrail as the ZGW APIs return it
// (GET .../{uuid}/audittrail).
type AuditEntry struct {
	UUID               string         `json:"uuid"`
	Bron               string         `json:"bron"`
	ApplicatieID       string         `json:"applicatieId"`
	ApplicatieWeergave string         `json:"applicatieWeergave"`
	GebruikersID       string         `json:"gebruikersId"`
	GebruikersWeergave string         `json:"gebruikersWeergave"`
	Actie              string         `json:"actie"`
	ActieWeergave      string         `json:"actieWeergave"`
	Resultaat          int            `json:"resultaat"`
	HoofdObject        string         `json:"hoofdObject"`
	Resource           string         `json:"resource"`
	ResourceURL        string         `json:"resourceUrl"`
	Toelichting        string         `json:"toelichting"`
	ResourceWeergave   string         `json:"resourceWeergave"`
	Aanmaakdatum       time.Time      `json:"aanmaakdatum"`
	Wijzigingen        map[string]any `json:"wijzigingen"`
}

// NewAuditEntry returns row as an entry of the audittrail of bron ("brc",
// "drc"), with the URLs of its hoofdobject and of the changed resource.
func NewAuditEntry(bron, hoofdObject, resourceURL string, row audit.Row) AuditEntry {
	weergave := row.ResourceWeergave
	if len([]rune(weergave)) > 200 {
		weergave = string([]rune(weergave)[:200])
	}
	j := AuditEntry{UUID: row.ID, Bron: bron, ApplicatieID: row.ApplicatieID, ApplicatieWeergave: row.ApplicatieWeergave,
		GebruikersID: row.GebruikersID, GebruikersWeergave: row.GebruikersWeergave, Actie: row.Actie,
		ActieWeergave: row.ActieWeergave, Resultaat: row.Resultaat, HoofdObject: hoofdObject, Resource: row.Resource,
		ResourceURL: resourceURL, Toelichting: row.Toelichting, ResourceWeergave: weergave, Aanmaakdatum: row.At.UTC()}
	// The schema wants objects; a create has no old state, a destroy no new.
	oud, nieuw := map[string]any{}, map[string]any{}
	if len(row.Oud) > 0 {
		_ = json.Unmarshal(row.Oud, &oud)
	}
	if len(row.Nieuw) > 0 {
		_ = json.Unmarshal(row.Nieuw, &nieuw)
	}
	j.Wijzigingen = map[string]any{"oud": DropNulls(oud), "nieuw": DropNulls(nieuw)}
	return j
}

// DropNulls removes null values from the objects and lists in v: the
// schemas of wijzigingen allow any value but null.
func DropNulls(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, item := range x {
			if item == nil {
				delete(x, k)
				continue
			}
			x[k] = DropNulls(item)
		}
	case []any:
		out := x[:0]
		for _, item := range x {
			if item != nil {
				out = append(out, DropNulls(item))
			}
		}
		return out
	}
	return v
}

// AuditTrail serves the audittrail of a hoofdobject:
//
//	at := zgw.AuditTrail{Rows: a.auditRows, Entry: a.auditJSON, Fail: a.fail}
//	mux.HandleFunc("GET /besluiten/{uuid}/audittrail", at.List)
//	mux.HandleFunc("GET /besluiten/{uuid}/audittrail/{id}", at.Get)
type AuditTrail struct {
	// Rows checks the client's access to the hoofdobject of the request
	// and returns its id and its audit rows.
	Rows func(r *http.Request) (id string, rows []audit.Row, err error)
	// Entry returns a row of the hoofdobject id as the API shows it.
	Entry func(id string, row audit.Row) AuditEntry
	// Fail writes an error response.
	Fail func(w http.ResponseWriter, r *http.Request, err error)
}

// List serves GET .../{uuid}/audittrail.
func (t AuditTrail) List(w http.ResponseWriter, r *http.Request) {
	if err := CheckQuery(r); err != nil {
		t.Fail(w, r, err)
		return
	}
	id, rows, err := t.Rows(r)
	if err != nil {
		t.Fail(w, r, err)
		return
	}
	out := make([]AuditEntry, 0, len(rows))
	for _, row := range rows {
		out = append(out, t.Entry(id, row))
	}
	WriteJSON(w, r, http.StatusOK, out)
}

// Get serves GET .../{uuid}/audittrail/{id}.
func (t AuditTrail) Get(w http.ResponseWriter, r *http.Request) {
	if err := CheckQuery(r); err != nil {
		t.Fail(w, r, err)
		return
	}
	id, rows, err := t.Rows(r)
	if err != nil {
		t.Fail(w, r, err)
		return
	}
	for _, row := range rows {
		if row.ID == r.PathValue("id") {
			WriteJSON(w, r, http.StatusOK, t.Entry(id, row))
			return
		}
	}
	t.Fail(w, r, errs.NotFoundf("audittrail", r.PathValue("id")))
}
