package blob_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gemeenten/loket/internal/blob"
)

func newDir(t *testing.T) *blob.Dir {
	t.Helper()
	d, err := blob.NewDir(filepath.Join(t.TempDir(), "documenten"))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestPutOpenDelete(t *testing.T) {
	ctx := context.Background()
	d := newDir(t)
	content := make([]byte, 300_000)
	rand.Read(content)
	key, size, sum, err := d.Put(ctx, bytes.NewReader(content))
	if err != nil {
		t.Fatal(err)
	}
	want := sha256.Sum256(content)
	if size != int64(len(content)) || sum != hex.EncodeToString(want[:]) {
		t.Fatalf("size %d sum %s, want %d %x", size, sum, len(content), want)
	}
	// Sharded: <root>/ab/cd/<key>
	if _, err := os.Stat(filepath.Join(d.Root(), key[:2], key[2:4], key)); err != nil {
		t.Fatalf("blob not at its sharded path: %v", err)
	}
	rc, err := d.Open(ctx, key)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(rc)
	rc.Close()
	if !bytes.Equal(got, content) {
		t.Fatal("content differs after round trip")
	}
	if _, ok := rc.(io.ReadSeeker); !ok {
		t.Error("Dir.Open should return a seekable reader")
	}
	if err := d.Delete(ctx, key); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Open(ctx, key); !errors.Is(err, blob.ErrNotFound) {
		t.Fatalf("open after delete: %v, want ErrNotFound", err)
	}
	if err := d.Delete(ctx, key); err != nil {
		t.Fatalf("second delete: %v", err)
	}
}

func TestEmptyBlob(t *testing.T) {
	ctx := context.Background()
	d := newDir(t)
	key, size, sum, err := d.Put(ctx, strings.NewReader(""))
	if err != nil {
		t.Fatal(err)
	}
	if size != 0 || sum != "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" {
		t.Fatalf("size %d sum %s", size, sum)
	}
	rc, err := d.Open(ctx, key)
	if err != nil {
		t.Fatal(err)
	}
	rc.Close()
}

func TestKeysAreUnique(t *testing.T) {
	ctx := context.Background()
	d := newDir(t)
	seen := map[string]bool{}
	for i := 0; i < 50; i++ {
		key, _, _, err := d.Put(ctx, strings.NewReader("same"))
		if err != nil {
			t.Fatal(err)
		}
		if seen[key] {
			t.Fatalf("key %s handed out twice", key)
		}
		seen[key] = true
	}
}

func TestPathTraversalRejected(t *testing.T) {
	ctx := context.Background()
	d := newDir(t)
	// A file outside the store that a traversal would reach.
	secret := filepath.Join(filepath.Dir(d.Root()), "secret")
	os.WriteFile(secret, []byte("geheim"), 0o600)
	key, _, _, _ := d.Put(ctx, strings.NewReader("x"))
	for _, bad := range []string{
		"../secret", "../../secret", "/etc/passwd", "", ".", "..",
		"tmp/put-1", key[:2] + "/" + key[2:4] + "/" + key,
		strings.ToUpper(key), "{" + key + "}", "urn:uuid:" + key,
		"00000000-0000-0000-0000-00000000000/", "..%2fsecret",
	} {
		if rc, err := d.Open(ctx, bad); err == nil {
			rc.Close()
			t.Errorf("Open(%q) succeeded", bad)
		} else if !errors.Is(err, blob.ErrNotFound) {
			t.Errorf("Open(%q): %v, want ErrNotFound", bad, err)
		}
		if err := d.Delete(ctx, bad); err == nil {
			t.Errorf("Delete(%q) succeeded", bad)
		}
	}
	if _, err := os.Stat(secret); err != nil {
		t.Fatal("file outside the store was touched")
	}
	if _, err := d.Open(ctx, key); err != nil {
		t.Fatalf("the real key stopped working: %v", err)
	}
}

func TestPutLimited(t *testing.T) {
	ctx := context.Background()
	d := newDir(t)
	exact := bytes.Repeat([]byte("a"), 1000)
	if _, size, _, err := blob.PutLimited(ctx, d, bytes.NewReader(exact), 1000); err != nil || size != 1000 {
		t.Fatalf("exactly at the limit: size %d err %v", size, err)
	}
	over := bytes.Repeat([]byte("a"), 1001)
	_, _, _, err := blob.PutLimited(ctx, d, bytes.NewReader(over), 1000)
	if !errors.Is(err, blob.ErrTooLarge) {
		t.Fatalf("over the limit: %v, want ErrTooLarge", err)
	}
	// Nothing stored for the failed put: one blob, an empty tmp dir.
	var n int
	d.Keys(ctx, func(string, time.Time) error { n++; return nil })
	if n != 1 {
		t.Fatalf("%d blobs stored, want 1", n)
	}
	tmp, _ := os.ReadDir(filepath.Join(d.Root(), "tmp"))
	if len(tmp) != 0 {
		t.Fatalf("temp files left behind: %v", tmp)
	}
	if _, _, _, err := blob.PutLimited(ctx, d, bytes.NewReader(over), 0); err != nil {
		t.Fatalf("limit 0 means unlimited: %v", err)
	}
}

type failingReader struct{ n int }

func (f *failingReader) Read(p []byte) (int, error) {
	if f.n > 0 {
		f.n--
		return copy(p, "partial"), nil
	}
	return 0, errors.New("connection reset")
}

func TestFailedPutLeavesNothing(t *testing.T) {
	ctx := context.Background()
	d := newDir(t)
	if _, _, _, err := d.Put(ctx, &failingReader{n: 3}); err == nil {
		t.Fatal("put from a failing reader succeeded")
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, _, _, err := d.Put(cctx, strings.NewReader("x")); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled put: %v", err)
	}
	var n int
	d.Keys(ctx, func(string, time.Time) error { n++; return nil })
	tmp, _ := os.ReadDir(filepath.Join(d.Root(), "tmp"))
	if n != 0 || len(tmp) != 0 {
		t.Fatalf("failed puts left %d blobs and %d temp files", n, len(tmp))
	}
}

func TestNewDirRemovesStaleTempFiles(t *testing.T) {
	root := filepath.Join(t.TempDir(), "documenten")
	if _, err := blob.NewDir(root); err != nil {
		t.Fatal(err)
	}
	stale := filepath.Join(root, "tmp", "put-stale")
	fresh := filepath.Join(root, "tmp", "put-fresh")
	os.WriteFile(stale, []byte("half"), 0o600)
	os.WriteFile(fresh, []byte("in flight"), 0o600)
	old := time.Now().Add(-48 * time.Hour)
	os.Chtimes(stale, old, old)
	if _, err := blob.NewDir(root); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Error("stale temp file survived")
	}
	if _, err := os.Stat(fresh); err != nil {
		t.Error("a fresh temp file (maybe another instance's upload) was removed")
	}
}

func TestHumanSize(t *testing.T) {
	for n, want := range map[int64]string{
		500: "500 bytes", 1536: "1,5 kB", 100 << 20: "100 MB", 3 << 30: "3 GB",
	} {
		if got := blob.HumanSize(n); got != want {
			t.Errorf("HumanSize(%d) = %q, want %q", n, got, want)
		}
	}
}

func BenchmarkPutOpen(b *testing.B) {
	ctx := context.Background()
	d, err := blob.NewDir(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	content := make([]byte, 8<<20)
	rand.Read(content)
	b.SetBytes(int64(len(content)))
	for b.Loop() {
		key, _, _, err := d.Put(ctx, bytes.NewReader(content))
		if err != nil {
			b.Fatal(err)
		}
		rc, err := d.Open(ctx, key)
		if err != nil {
			b.Fatal(err)
		}
		io.Copy(io.Discard, rc)
		rc.Close()
		d.Delete(ctx, key)
	}
}
