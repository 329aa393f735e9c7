package documenten

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"

	"github.com/gemeenten/loket/internal/document"
	"github.com/gemeenten/loket/internal/errs"
	"github.com/gemeenten/loket/internal/zgw"
)

// Objectinformatieobjecten with an object on another server: a Zaken or
// Besluiten API elsewhere registers its relation with a Loket document
// here. drc-002: the object is fetched and must be of its objectType;
// drc-004: the zaak- or besluitinformatieobject must exist at the source
// on create and be gone on delete. Both are read over HTTP with
// zgw.Env.Fetch (timeout, outbound rule, Loket's own client at that server
// when configured).

func (a *api) externOIOJSON(l *document.ExternObjectLink) oioJSON {
	return oioJSON{URL: a.env.URL(Prefix + "/objectinformatieobjecten/" + l.ID), Informatieobject: a.eioURL(l.InformatieobjectID),
		Object: l.ObjectURL, ObjectType: l.ObjectType}
}

// remoteShape is what identifies an object of each type.
var remoteShape = map[string]struct {
	what     string
	required []string
}{
	"zaak":    {"een zaak", []string{"url", "zaaktype", "bronorganisatie"}},
	"besluit": {"een besluit", []string{"url", "besluittype", "verantwoordelijkeOrganisatie"}},
	"verzoek": {"een verzoek", []string{"url"}},
}

// sourceList is the URL listing the relations of object with the document
// at their source (zaakinformatieobjecten / besluitinformatieobjecten of
// the API the object belongs to); "" for a verzoek, whose API (deprecated)
// Loket does not check.
func sourceList(objectType, object, eio string) string {
	var coll, res string
	switch objectType {
	case "zaak":
		coll, res = "/zaken/", "/zaakinformatieobjecten"
	case "besluit":
		coll, res = "/besluiten/", "/besluitinformatieobjecten"
	default:
		return ""
	}
	i := strings.LastIndex(object, coll)
	if i < 0 {
		return ""
	}
	return object[:i] + res + "?" + url.Values{objectType: {object}, "informatieobject": {eio}}.Encode()
}

// sourceRelations reads how many relations the source lists; ok is false
// when the source could not be read.
func (a *api) sourceRelations(r *http.Request, objectType, object, eio string) (n int, ok bool) {
	u := sourceList(objectType, object, eio)
	if u == "" {
		return 0, false
	}
	body, status, err := a.env.Fetch(r.Context(), u, zgw.FetchOptions{})
	if err != nil || status != http.StatusOK {
		return 0, false
	}
	var list []json.RawMessage
	if json.Unmarshal(body, &list) != nil {
		// A paginated answer, as some servers give.
		var page struct {
			Results []json.RawMessage `json:"results"`
		}
		if json.Unmarshal(body, &page) != nil {
			return 0, false
		}
		list = page.Results
	}
	return len(list), true
}

// createExternOIO registers a relation with an object of another server.
func (a *api) createExternOIO(w http.ResponseWriter, r *http.Request, objectType, object, ioID string) {
	shape, known := remoteShape[objectType]
	if !known {
		a.fail(w, r, errs.InvalidField("objectType", "invalid_choice", "ObjectType moet zaak, besluit of verzoek zijn."))
		return
	}
	if err := a.env.Resolve(r.Context(), "object", object, shape.what, zgw.FetchOptions{}, shape.required, nil); err != nil {
		a.fail(w, r, err) // drc-002
		return
	}
	if objectType != "verzoek" {
		n, ok := a.sourceRelations(r, objectType, object, a.eioURL(ioID))
		if !ok {
			a.fail(w, r, errs.InvalidField("object", "bad-url", "De relaties van dit object konden bij de bron niet opgehaald worden."))
			return
		}
		if n == 0 { // drc-004
			a.fail(w, r, errs.InvalidField("nonFieldErrors", "inconsistent-relation",
				"De relatie tussen het object en het informatieobject bestaat niet in de bron; leg die eerst daar vast."))
			return
		}
	}
	l, err := a.docs.RegisterExternObjectLink(r.Context(), objectType, object, ioID)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	j := a.externOIOJSON(l)
	zgw.WriteCreated(w, r, j.URL, j)
}

// readExternOIO loads a relation with another server's object that the
// client may do scopes on.
func (a *api) readExternOIO(r *http.Request, scopes ...string) (*document.ExternObjectLink, error) {
	l, err := a.docs.GetExternObjectLink(r.Context(), r.PathValue("uuid"))
	if err != nil {
		return nil, err
	}
	if _, err := a.readDoc(r, l.InformatieobjectID, scopes...); err != nil {
		return nil, err
	}
	return l, nil
}

// deleteExternOIO removes the relation once its source no longer lists it
// (drc-004). A source that cannot be read does not block the removal: the
// object may be gone with its whole server, and the mirror is then stale.
func (a *api) deleteExternOIO(w http.ResponseWriter, r *http.Request, l *document.ExternObjectLink) {
	if n, ok := a.sourceRelations(r, l.ObjectType, l.ObjectURL, a.eioURL(l.InformatieobjectID)); ok && n > 0 {
		a.fail(w, r, errs.InvalidField("nonFieldErrors", "inconsistent-relation",
			"De relatie bestaat nog in de bron; verwijder die daar eerst."))
		return
	}
	if err := a.docs.RemoveExternObjectLink(r.Context(), l.ID); err != nil {
		a.fail(w, r, err)
		return
	}
	zgw.NoContent(w)
}
