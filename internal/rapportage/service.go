package rapportage

import (
	"context"
	"errors"
)

var errNotYet = errors.New("rapportage: nog niet beschikbaar")

// Report computes every figure for p with filter f, compared with
// p.Previous() and p.YearEarlier(). It first refreshes the rollup days
// that changed since the last refresh, so the figures are exact.
func (s *Service) Report(ctx context.Context, p Period, f Filter) (*Report, error) {
	return nil, errNotYet
}

// Refresh recomputes the rollup days that changes marked since the last
// refresh and returns how many days it recomputed.
func (s *Service) Refresh(ctx context.Context) (int, error) { return 0, errNotYet }

// Rebuild recomputes every rollup from the base tables.
func (s *Service) Rebuild(ctx context.Context) error { return errNotYet }

// Zaken lists the zaken behind a figure (key: see DrillKeys), page 1-based.
// The caller checks the role and logs the read.
func (s *Service) Zaken(ctx context.Context, key string, p Period, f Filter, page int) (ZaakLijst, error) {
	return ZaakLijst{}, errNotYet
}

// Contacten lists the klantcontacten behind a figure (key: see DrillKeys),
// page 1-based. The caller checks the role and logs the read.
func (s *Service) Contacten(ctx context.Context, key string, p Period, f Filter, page int) (ContactLijst, error) {
	return ContactLijst{}, errNotYet
}
