package demo_test

import (
	"context"
	"testing"
	"time"

	"github.com/gemeenten/loket/internal/brief"
	"github.com/gemeenten/loket/internal/db"
	"github.com/gemeenten/loket/internal/db/dbtest"
	"github.com/gemeenten/loket/internal/demo"
)

func TestLoadBrieven(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
		for range 2 { // idempotent
			if err := demo.LoadBrieven(ctx, d, now, nil); err != nil {
				t.Fatal(err)
			}
		}
		list, err := brief.New(d, nil, nil, nil, nil, nil, nil).Sjablonen(ctx)
		if err != nil || len(list) != len(brief.Gebeurtenissen) {
			t.Fatalf("%d templates, want %d (%v)", len(list), len(brief.Gebeurtenissen), err)
		}
	})
}
