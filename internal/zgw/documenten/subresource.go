package documenten

import (
	"context"
	"net/http"

	"github.com/gemeenten/loket/internal/document"
	"github.com/gemeenten/loket/internal/zgw"
)

// subresource is a resource that belongs to one informatieobject
// (gebruiksrechten, objectinformatieobjecten, verzendingen): the client's
// rights on it are its rights on that informatieobject.
type subresource[T, J any] struct {
	a    *api
	get  func(ctx context.Context, id string) (*T, error)
	ids  func(v *T) (id, informatieobjectID string)
	json func(v *T) J
	del  func(ctx context.Context, id string) error
}

// read loads the resource of the path's uuid and its informatieobject, on
// which the client must have one of scopes.
func (s subresource[T, J]) read(r *http.Request, scopes ...string) (*T, *document.Document, error) {
	v, err := s.get(r.Context(), r.PathValue("uuid"))
	if err != nil {
		return nil, nil, err
	}
	_, docID := s.ids(v)
	d, err := s.a.readDoc(r, docID, scopes...)
	if err != nil {
		return nil, nil, err
	}
	return v, d, nil
}

// readToUpdate starts a PUT or PATCH: no query parameters, the resource of
// the path's uuid for ScopeBijwerken, and the request body.
func (s subresource[T, J]) readToUpdate(r *http.Request) (*T, *body, error) {
	if err := zgw.CheckQuery(r); err != nil {
		return nil, nil, err
	}
	v, _, err := s.read(r, ScopeBijwerken)
	if err != nil {
		return nil, nil, err
	}
	b, err := readBody(r)
	if err != nil {
		return nil, nil, err
	}
	return v, b, nil
}

// getH serves GET …/{uuid}, with ?expand=informatieobject.
func (s subresource[T, J]) getH(w http.ResponseWriter, r *http.Request) {
	if err := zgw.CheckQuery(r, "expand"); err != nil {
		s.a.fail(w, r, err)
		return
	}
	t, err := parseExpand(r.URL.Query().Get("expand"), "informatieobject")
	if err != nil {
		s.a.fail(w, r, err)
		return
	}
	v, _, err := s.read(r, ScopeLezen)
	if err != nil {
		s.a.fail(w, r, err)
		return
	}
	s.a.writeOne(w, r, http.StatusOK, s.json(v), t)
}

// deleteH serves DELETE …/{uuid}.
func (s subresource[T, J]) deleteH(w http.ResponseWriter, r *http.Request) {
	if err := zgw.CheckQuery(r); err != nil {
		s.a.fail(w, r, err)
		return
	}
	v, _, err := s.read(r, ScopeVerwijderen)
	if err != nil {
		s.a.fail(w, r, err)
		return
	}
	id, _ := s.ids(v)
	if err := s.del(r.Context(), id); err != nil {
		s.a.fail(w, r, err)
		return
	}
	zgw.NoContent(w)
}
