package zaken

import (
	"fmt"
	"testing"
)

func TestRowCacheVersionsAndBound(t *testing.T) {
	c := newRowCache(16 * 4096)
	c.put("a", 2, []byte("twee"))
	c.put("a", 1, []byte("een")) // a slower request that read an older version
	if b, ok := c.get("a", 2); !ok || string(b) != "twee" {
		t.Fatalf("get(a, 2) = %q, %v", b, ok)
	}
	if _, ok := c.get("a", 1); ok {
		t.Fatal("an older version was served")
	}
	if _, ok := c.get("a", 3); ok {
		t.Fatal("a newer version was served from an older entry")
	}
	row := make([]byte, 500)
	for i := range 2000 {
		c.put(fmt.Sprintf("zaak-%d", i), 1, row)
	}
	for i := range c.shards {
		s := &c.shards[i]
		if s.size > c.budget {
			t.Fatalf("shard %d holds %d bytes, budget %d", i, s.size, c.budget)
		}
		sum := 0
		for k, e := range s.m {
			sum += len(k) + len(e.b)
		}
		if sum != s.size {
			t.Fatalf("shard %d counts %d bytes, holds %d", i, s.size, sum)
		}
	}
	off := newRowCache(0)
	off.put("a", 1, []byte("x"))
	if _, ok := off.get("a", 1); ok {
		t.Fatal("a disabled cache served an entry")
	}
}
