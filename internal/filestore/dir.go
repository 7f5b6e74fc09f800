// Package filestore keeps attachment files in a folder: each file under a random name in one of
// 256 subfolders, written to a temporary file and renamed into place only when complete, so a
// crash never leaves half a file under a key the database knows.
package filestore

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
)

// ErrTooLarge is returned by Put for a file over its limit.
var ErrTooLarge = errors.New("filestore: file too large")

// ErrNotFound is returned by Open for a key with no file.
var ErrNotFound = errors.New("filestore: no such file")

// Dir stores files under a folder.
type Dir struct{ root string }

// New returns a store in dir, creating it if needed.
func New(dir string) (*Dir, error) {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("file store: %w", err)
	}
	return &Dir{root: dir}, nil
}

// keyPattern is the shape of the keys Put makes; any other key is refused, so a key can never
// name a path outside the folder.
var keyPattern = regexp.MustCompile(`^[0-9a-f]{2}/[0-9a-f]{32}$`)

func (d *Dir) path(key string) (string, error) {
	if !keyPattern.MatchString(key) {
		return "", ErrNotFound
	}
	return filepath.Join(d.root, filepath.FromSlash(key)), nil
}

// Put copies r into a new file of at most max bytes.
func (d *Dir) Put(ctx context.Context, r io.Reader, max int64) (key string, size int64, sum string, err error) {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	name := hex.EncodeToString(b)
	key = name[:2] + "/" + name
	final, _ := d.path(key)
	if err := os.MkdirAll(filepath.Dir(final), 0o750); err != nil {
		return "", 0, "", fmt.Errorf("file store: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(final), ".upload-*")
	if err != nil {
		return "", 0, "", fmt.Errorf("file store: %w", err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(tmp, h), &ctxReader{ctx: ctx, r: io.LimitReader(r, max+1)})
	if err != nil {
		return "", 0, "", fmt.Errorf("file store: %w", err)
	}
	if n > max {
		return "", 0, "", ErrTooLarge
	}
	if err = tmp.Sync(); err != nil {
		return "", 0, "", fmt.Errorf("file store: %w", err)
	}
	if err = tmp.Close(); err != nil {
		return "", 0, "", fmt.Errorf("file store: %w", err)
	}
	if err = os.Rename(tmp.Name(), final); err != nil {
		return "", 0, "", fmt.Errorf("file store: %w", err)
	}
	return key, n, hex.EncodeToString(h.Sum(nil)), nil
}

// Open opens a stored file.
func (d *Dir) Open(_ context.Context, key string) (io.ReadSeekCloser, error) {
	p, err := d.path(key)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, ErrNotFound
	}
	return f, err
}

// Delete removes a stored file.
func (d *Dir) Delete(_ context.Context, key string) error {
	p, err := d.path(key)
	if err != nil {
		return nil
	}
	if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("file store: %w", err)
	}
	return nil
}

// ctxReader stops a copy when its context ends, so an abandoned upload does not run on.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c *ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}
