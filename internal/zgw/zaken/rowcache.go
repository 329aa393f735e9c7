package zaken

import (
	"hash/maphash"
	"sync"
	"sync/atomic"
)

// A list page of 100 zaken costs a few milliseconds of CPU to read and
// render: the wide rows, their parts and 150 KB of JSON. Clients ask the
// same zaken again and again (the newest of a zaaktype, the zaken of a
// citizen), so rowCache keeps each zaak's rendered JSON under its id and
// api_versie. The database raises api_versie on every change to the zaak or
// its listed parts (migration 0028), so an entry can only be asked for
// while it is current: there is nothing to evict on a write, and a change
// from another process is seen as soon as it is committed.
//
// The cache is bounded in bytes; when a shard is full, entries are dropped
// in map order (effectively at random) until it is three quarters full.
type rowCache struct {
	seed   maphash.Seed
	budget int // bytes per shard; 0 disables the cache
	shards [16]rowShard
}

type rowShard struct {
	mu   sync.Mutex
	m    map[string]rowEntry
	size int
}

type rowEntry struct {
	versie int64
	b      []byte
}

// defaultRowCacheBytes holds about 40,000 zaken of 1.5 KB.
const defaultRowCacheBytes = 64 << 20

func newRowCache(bytes int) *rowCache {
	c := &rowCache{seed: maphash.MakeSeed()}
	if bytes > 0 {
		c.budget = bytes / len(c.shards)
	}
	for i := range c.shards {
		c.shards[i].m = map[string]rowEntry{}
	}
	return c
}

func (c *rowCache) shard(id string) *rowShard {
	return &c.shards[maphash.String(c.seed, id)%uint64(len(c.shards))]
}

// get returns the rendering of zaak id at versie. The slice is shared:
// callers must not change it.
func (c *rowCache) get(id string, versie int64) ([]byte, bool) {
	if c.budget == 0 {
		return nil, false
	}
	s := c.shard(id)
	s.mu.Lock()
	e, ok := s.m[id]
	s.mu.Unlock()
	if !ok || e.versie != versie {
		rowMisses.Add(1)
		return nil, false
	}
	rowHits.Add(1)
	return e.b, true
}

// put stores b as the rendering of zaak id at versie, unless a newer one is
// there already (a slower request that read an older version).
func (c *rowCache) put(id string, versie int64, b []byte) {
	if c.budget == 0 || len(b) > c.budget/4 {
		return
	}
	s := c.shard(id)
	s.mu.Lock()
	defer s.mu.Unlock()
	if old, ok := s.m[id]; ok {
		if old.versie > versie {
			return
		}
		s.size -= len(old.b) + len(id)
	}
	s.m[id] = rowEntry{versie: versie, b: b}
	s.size += len(b) + len(id)
	if s.size > c.budget {
		for k, e := range s.m {
			delete(s.m, k)
			s.size -= len(e.b) + len(k)
			if s.size <= c.budget*3/4 {
				break
			}
		}
	}
}

var rowHits, rowMisses atomic.Int64

// ListCacheStats reports how many zaken list pages took from the cache and
// how many they rendered, since the start of the process.
func ListCacheStats() (hits, misses int64) { return rowHits.Load(), rowMisses.Load() }
