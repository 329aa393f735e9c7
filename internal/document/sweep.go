package document

import (
	"context"
	"fmt"
	"time"

	"github.com/gemeenten/loket/internal/blob"
)

// Lister is a blob.Store that can enumerate its keys (blob.Dir can).
type Lister interface {
	Keys(ctx context.Context, fn func(key string, modTime time.Time) error) error
}

var _ Lister = (*blob.Dir)(nil)

// SweepOrphanBlobs deletes stored files that no version refers to and that
// are older than minAge: left by a crash between storing a file and the
// commit that would have referenced it, or by a failed delete after a
// document was destroyed. minAge must exceed the longest upload plus commit
// (an hour is plenty) so that an upload in flight is never touched. It
// returns the number of files removed; a store that cannot list is skipped.
func (s *Service) SweepOrphanBlobs(ctx context.Context, minAge time.Duration) (int, error) {
	l, ok := s.blobs.(Lister)
	if !ok {
		return 0, nil
	}
	if minAge < time.Minute {
		minAge = time.Minute
	}
	// Read the cutoff before the references: a file older than it whose row
	// commits later than this query would need a transaction open for minAge.
	cutoff := s.clock().Add(-minAge)
	refs := map[string]struct{}{}
	// Every current version also has its row in informatieobject_versies.
	// Parts of an upload in progress are referenced by their bestandsdelen row.
	rows, err := s.db.R.QueryContext(ctx, `SELECT DISTINCT blob_key FROM informatieobject_versies WHERE blob_key <> ''
		UNION SELECT blob_key FROM bestandsdelen WHERE blob_key <> ''`)
	if err != nil {
		return 0, fmt.Errorf("document: sweep: %w", err)
	}
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			rows.Close()
			return 0, fmt.Errorf("document: sweep: %w", err)
		}
		refs[k] = struct{}{}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("document: sweep: %w", err)
	}
	removed := 0
	err = l.Keys(ctx, func(key string, mod time.Time) error {
		if _, ok := refs[key]; ok || !mod.Before(cutoff) {
			return nil
		}
		if err := s.blobs.Delete(ctx, key); err != nil {
			return err
		}
		removed++
		return nil
	})
	if err != nil {
		return removed, fmt.Errorf("document: sweep: %w", err)
	}
	return removed, nil
}
