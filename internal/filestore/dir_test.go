package filestore

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestPutOpenDelete(t *testing.T) {
	ctx := context.Background()
	d, err := New(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	data := bytes.Repeat([]byte("switchboard "), 100_000)
	key, size, sum, err := d.Put(ctx, bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	want := sha256.Sum256(data)
	if size != int64(len(data)) || sum != hex.EncodeToString(want[:]) {
		t.Errorf("size %d sum %s", size, sum)
	}
	f, err := d.Open(ctx, key)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(f)
	f.Close()
	if !bytes.Equal(got, data) {
		t.Error("the file read back differs")
	}
	if err := d.Delete(ctx, key); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Open(ctx, key); !errors.Is(err, ErrNotFound) {
		t.Errorf("open after delete: %v", err)
	}
	if err := d.Delete(ctx, key); err != nil {
		t.Errorf("deleting twice: %v", err)
	}
}

func TestTooLargeLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	d, _ := New(dir)
	_, _, _, err := d.Put(context.Background(), strings.NewReader(strings.Repeat("x", 1001)), 1000)
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("err = %v, want ErrTooLarge", err)
	}
	var files []string
	filepath.WalkDir(dir, func(p string, e os.DirEntry, _ error) error {
		if !e.IsDir() {
			files = append(files, p)
		}
		return nil
	})
	if len(files) != 0 {
		t.Errorf("files left behind: %v", files)
	}
}

func TestKeysCannotEscape(t *testing.T) {
	d, _ := New(t.TempDir())
	for _, key := range []string{"../../etc/passwd", "/etc/passwd", "ab/../../x", "", "AB/0123456789abcdef0123456789abcdef"} {
		if _, err := d.Open(context.Background(), key); !errors.Is(err, ErrNotFound) {
			t.Errorf("Open(%q) = %v, want ErrNotFound", key, err)
		}
	}
}
