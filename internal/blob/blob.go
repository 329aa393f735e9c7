// Package blob stores the files behind documents. The database keeps only a
// key, size and SHA-256; the bytes live in a Store, by default a directory
// next to the database.
package blob

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/gemeenten/loket/internal/errs"
)

// Store keeps immutable blobs under keys it chooses itself.
type Store interface {
	// Put reads r to the end and stores it under a new key. A failed Put
	// leaves nothing behind.
	Put(ctx context.Context, r io.Reader) (key string, size int64, sha256hex string, err error)
	// Open returns the blob's content. The Dir store returns an *os.File, so
	// callers can type-assert io.ReadSeeker for range requests.
	Open(ctx context.Context, key string) (io.ReadCloser, error)
	// Delete removes a blob; deleting a missing blob is not an error.
	Delete(ctx context.Context, key string) error
}

// ErrNotFound is returned (wrapped) by Open for an unknown or malformed key.
var ErrNotFound = errors.New("blob: not found")

// ErrTooLarge is returned (wrapped) by PutLimited when the content exceeds
// the limit.
var ErrTooLarge = errors.New("blob: content too large")

// PutLimited stores r but fails with ErrTooLarge once more than max bytes
// have been read (max <= 0 means no limit); nothing is stored then.
func PutLimited(ctx context.Context, s Store, r io.Reader, max int64) (key string, size int64, sum string, err error) {
	if max <= 0 {
		return s.Put(ctx, r)
	}
	return s.Put(ctx, &limitReader{r: r, left: max})
}

// limitReader fails rather than truncating: io.LimitReader would silently
// store the first max bytes as if they were the whole file.
type limitReader struct {
	r    io.Reader
	left int64
}

func (l *limitReader) Read(p []byte) (int, error) {
	if l.left < 0 {
		return 0, ErrTooLarge
	}
	// Read one byte more than allowed so that a file of exactly max bytes
	// passes and max+1 fails.
	if int64(len(p)) > l.left+1 {
		p = p[:l.left+1]
	}
	n, err := l.r.Read(p)
	l.left -= int64(n)
	if l.left < 0 {
		return n, ErrTooLarge
	}
	return n, err
}

// Dir stores blobs as files under a root directory: <root>/ab/cd/<uuid>.
// Keys are random UUIDs chosen here, so a caller can never name a path.
type Dir struct {
	root string
	tmp  string
}

// NewDir opens (creating if needed) a directory store. Temp files older than
// a day are left-overs of crashed uploads and are removed.
func NewDir(path string) (*Dir, error) {
	if path == "" {
		return nil, errors.New("blob: empty directory path")
	}
	root, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("blob: %w", err)
	}
	d := &Dir{root: root, tmp: filepath.Join(root, "tmp")}
	if err := os.MkdirAll(d.tmp, 0o750); err != nil {
		return nil, fmt.Errorf("blob: create %s: %w", d.tmp, err)
	}
	d.cleanTmp(24 * time.Hour)
	return d, nil
}

// Root is the directory the store writes under.
func (d *Dir) Root() string { return d.root }

func (d *Dir) cleanTmp(age time.Duration) {
	entries, err := os.ReadDir(d.tmp)
	if err != nil {
		return
	}
	cutoff := time.Now().Add(-age)
	for _, e := range entries {
		if info, err := e.Info(); err == nil && info.ModTime().Before(cutoff) {
			os.Remove(filepath.Join(d.tmp, e.Name()))
		}
	}
}

// path maps a key to its file. Only canonical lower-case UUIDs are keys, which
// rules out separators, "..", and any other name a caller might smuggle in.
func (d *Dir) path(key string) (string, bool) {
	if len(key) != 36 {
		return "", false
	}
	u, err := uuid.Parse(key)
	if err != nil || u.String() != key {
		return "", false
	}
	return filepath.Join(d.root, key[0:2], key[2:4], key), true
}

// Put writes to a temp file in the same file system, fsyncs it and renames it
// into place, so a crash leaves either the whole blob or none under the key.
func (d *Dir) Put(ctx context.Context, r io.Reader) (key string, size int64, sum string, err error) {
	key = uuid.NewString()
	final, _ := d.path(key)
	f, err := os.CreateTemp(d.tmp, "put-*")
	if err != nil {
		return "", 0, "", fmt.Errorf("blob: create temp file: %w", err)
	}
	tmpName := f.Name()
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmpName)
		}
	}()
	h := sha256.New()
	size, err = io.Copy(io.MultiWriter(f, h), ctxReader{ctx, r})
	if err != nil {
		return "", 0, "", fmt.Errorf("blob: write: %w", err)
	}
	if err = f.Sync(); err != nil {
		return "", 0, "", fmt.Errorf("blob: sync: %w", err)
	}
	if err = f.Close(); err != nil {
		return "", 0, "", fmt.Errorf("blob: close: %w", err)
	}
	dir := filepath.Dir(final)
	if err = d.mkShard(dir); err != nil {
		return "", 0, "", err
	}
	if err = os.Rename(tmpName, final); err != nil {
		return "", 0, "", fmt.Errorf("blob: rename: %w", err)
	}
	// The rename is durable only once the directory entry is on disk.
	if err = syncDir(dir); err != nil {
		os.Remove(final)
		return "", 0, "", fmt.Errorf("blob: sync directory: %w", err)
	}
	return key, size, hex.EncodeToString(h.Sum(nil)), nil
}

// mkShard creates the shard directories <root>/ab/cd. A new directory's own
// entry is durable only once its parent is synced; without that a crash could
// lose a whole shard, and with it blobs whose rows had committed.
func (d *Dir) mkShard(dir string) error {
	if _, err := os.Stat(dir); err == nil {
		return nil
	}
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return fmt.Errorf("blob: create %s: %w", dir, err)
	}
	for p := filepath.Dir(dir); ; p = filepath.Dir(p) {
		if err := syncDir(p); err != nil {
			return fmt.Errorf("blob: sync directory: %w", err)
		}
		if p == d.root {
			return nil
		}
	}
}

func syncDir(dir string) error {
	df, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer df.Close()
	if err := df.Sync(); err != nil && !errors.Is(err, os.ErrInvalid) {
		return err
	}
	return nil
}

// Open opens the blob for reading.
func (d *Dir) Open(ctx context.Context, key string) (io.ReadCloser, error) {
	p, ok := d.path(key)
	if !ok {
		return nil, fmt.Errorf("%w: malformed key %q", ErrNotFound, key)
	}
	f, err := os.Open(p)
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("%w: %s", ErrNotFound, key)
	}
	if err != nil {
		return nil, fmt.Errorf("blob: open: %w", err)
	}
	return f, nil
}

// Delete removes the blob. Empty shard directories are kept: they are cheap
// and removing them would race with a concurrent Put into the same shard.
func (d *Dir) Delete(ctx context.Context, key string) error {
	p, ok := d.path(key)
	if !ok {
		return fmt.Errorf("%w: malformed key %q", ErrNotFound, key)
	}
	if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("blob: delete: %w", err)
	}
	return nil
}

// Keys calls fn for every stored key, for sweeping blobs no row refers to
// (left by a crash between Put and the commit that would reference them).
func (d *Dir) Keys(ctx context.Context, fn func(key string, modTime time.Time) error) error {
	return filepath.WalkDir(d.root, func(p string, e os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if e.IsDir() {
			if p == d.tmp {
				return filepath.SkipDir
			}
			return nil
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		name := e.Name()
		if want, ok := d.path(name); !ok || want != p {
			return nil
		}
		info, err := e.Info()
		if err != nil {
			return nil
		}
		return fn(name, info.ModTime())
	})
}

// ctxReader stops a long upload when the request is cancelled.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}

// TooLargeError is the user-facing error for content over the limit.
func TooLargeError(field string, max int64) error {
	return errs.InvalidField(field, "file-too-large",
		fmt.Sprintf("Het bestand is te groot: maximaal %s.", HumanSize(max)))
}

// HumanSize writes a byte count the way Dutch users read it (1,5 MB).
func HumanSize(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d bytes", n)
	}
	units := []string{"kB", "MB", "GB", "TB"}
	v := float64(n) / unit
	i := 0
	for v >= unit && i < len(units)-1 {
		v /= unit
		i++
	}
	s := fmt.Sprintf("%.1f", v)
	s = strings.TrimSuffix(s, ".0")
	return strings.Replace(s, ".", ",", 1) + " " + units[i]
}

var _ Store = (*Dir)(nil)
