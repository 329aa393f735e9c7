package demo

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/gemeenten/loket/internal/audit"
	"github.com/gemeenten/loket/internal/brief"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/errs"
)

// LoadBrieven installs the default letter templates (brief.StandaardSjablonen,
// plain Dutch B1, one per event) so that the back office sends its letters
// from the start. Templates that already exist are kept. Call it from Load
// after the catalogue; the letters themselves are made by the letter jobs
// once the server runs.
func LoadBrieven(ctx context.Context, d *db.DB, now time.Time, log io.Writer) error {
	if log == nil {
		log = io.Discard
	}
	ctx = audit.WithActor(ctx, audit.Actor{Kind: "systeem", ID: "demo", Name: "Demo-lader"})
	s := brief.New(d, nil, nil, nil, nil, func() time.Time { return now }, nil)
	n := 0
	for _, in := range brief.StandaardSjablonen() {
		if _, err := s.FindSjabloon(ctx, "", in.Gebeurtenis); err == nil {
			continue
		} else if !errs.Is(err, errs.NotFound) {
			return err
		}
		if _, err := s.SaveSjabloon(ctx, in); err != nil {
			return fmt.Errorf("demo: briefsjabloon %s: %w", in.Gebeurtenis, err)
		}
		n++
	}
	fmt.Fprintf(log, "demo: %d briefsjablonen geladen\n", n)
	return nil
}
