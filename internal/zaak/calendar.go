package zaak

import (
	"context"
	"fmt"
	"time"

	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/termijn"
)

type calendarCache struct {
	cal    *termijn.Calendar
	loaded time.Time
}

// operational returns the municipality's calendar (service norms count in
// its werkdagen). It is cached for CalendarTTL so creating a zaak does not
// read kalender_dagen every time; a beheerder's change shows within that time.
func (s *Service) operational(ctx context.Context, q db.Queryer) (*termijn.Calendar, error) {
	ttl := s.CalendarTTL
	if ttl == 0 {
		ttl = time.Minute
	}
	now := time.Now()
	s.calMu.Lock()
	defer s.calMu.Unlock()
	if s.cal != nil && now.Sub(s.cal.loaded) < ttl {
		return s.cal.cal, nil
	}
	c, err := termijn.LoadOperational(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("zaak: %w", err)
	}
	s.cal = &calendarCache{cal: c, loaded: now}
	return c, nil
}

// ReloadCalendar drops the cached operational calendar (call it after a
// beheerder changed kalender_dagen).
func (s *Service) ReloadCalendar() {
	s.calMu.Lock()
	s.cal = nil
	s.calMu.Unlock()
}
