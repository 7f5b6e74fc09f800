// Package secretbox seals small secrets (channel tokens, passwords) for storage with AES-256-GCM,
// so a copy of the database alone does not reveal them.
package secretbox

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
)

// KeySize is the length of a key in bytes.
const KeySize = 32

// Box seals and opens values with one key.
type Box struct {
	aead   cipher.AEAD
	macKey []byte
}

// New returns a Box for a 32-byte key.
func New(key []byte) (*Box, error) {
	if len(key) != KeySize {
		return nil, fmt.Errorf("secretbox: key must be %d bytes, got %d", KeySize, len(key))
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	m := hmac.New(sha256.New, key)
	m.Write([]byte("switchboard signed links"))
	return &Box{aead: aead, macKey: m.Sum(nil)}, nil
}

// MAC returns an HMAC-SHA256 of msg under a key derived from the box's, for links that must not
// be forged (a file handed to a provider to fetch).
func (b *Box) MAC(msg []byte) []byte {
	m := hmac.New(sha256.New, b.macKey)
	m.Write(msg)
	return m.Sum(nil)
}

// NewKey returns a fresh random key.
func NewKey() []byte {
	k := make([]byte, KeySize)
	_, _ = rand.Read(k) // crypto/rand.Read never fails on supported platforms
	return k
}

// Seal encrypts plaintext and returns base64 text holding the nonce and the ciphertext. The
// associated data (for example "inbox:12") binds the sealed value to its row, so it cannot be
// copied to another row and opened there.
func (b *Box) Seal(plaintext, associated []byte) string {
	nonce := make([]byte, b.aead.NonceSize())
	_, _ = rand.Read(nonce)
	return base64.StdEncoding.EncodeToString(b.aead.Seal(nonce, nonce, plaintext, associated))
}

// ErrOpen is returned for a value that was not sealed with this key and associated data.
var ErrOpen = errors.New("secretbox: cannot open value (wrong key or tampered)")

// Open decrypts a value made by Seal with the same associated data.
func (b *Box) Open(sealed string, associated []byte) ([]byte, error) {
	raw, err := base64.StdEncoding.DecodeString(sealed)
	if err != nil || len(raw) < b.aead.NonceSize() {
		return nil, ErrOpen
	}
	n := b.aead.NonceSize()
	pt, err := b.aead.Open(nil, raw[:n], raw[n:], associated)
	if err != nil {
		return nil, ErrOpen
	}
	return pt, nil
}
