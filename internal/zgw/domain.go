package zgw

import (
	"net/http"

	"github.com/gemeenten/loket/internal/audit"
	"github.com/gemeenten/loket/internal/errs"
)

// WithAuditToelichting hands the request's X-Audit-Toelichting to the
// audit trail that the domain writes.
func WithAuditToelichting(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if t := Toelichting(r.Context()); t != "" {
			r = r.WithContext(audit.WithToelichting(r.Context(), t))
		}
		h.ServeHTTP(w, r)
	})
}

// WriteChangeError answers err like WriteError, except that a change to a
// closed zaak without the right scope (the domain's "zaak-afgesloten") is a
// permission problem in the ZGW APIs, not a conflict.
func WriteChangeError(w http.ResponseWriter, r *http.Request, err error) {
	if e := errs.As(err); e != nil && e.Code == "zaak-afgesloten" {
		err = PermissionDenied()
	}
	WriteError(w, r, err)
}
