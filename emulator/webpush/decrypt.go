package webpush

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/hkdf"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"time"
)

// Decrypt reads an aes128gcm body (RFC 8188) encrypted for a browser (RFC 8291) whose private
// key is uaPrivate (a P-256 scalar) and authentication secret auth: the header's salt, record
// size and the sender's public key, the key derivation, then every record, its padding removed.
func Decrypt(body, uaPrivate, auth []byte) ([]byte, error) {
	if len(body) < 21 {
		return nil, errors.New("the body is shorter than the aes128gcm header")
	}
	salt, rs, idlen := body[:16], binary.BigEndian.Uint32(body[16:20]), int(body[20])
	if rs < 18 {
		return nil, fmt.Errorf("record size %d is below 18", rs)
	}
	if len(body) < 21+idlen {
		return nil, errors.New("the body is shorter than its key id")
	}
	asPublic, records := body[21:21+idlen], body[21+idlen:]
	priv, err := ecdh.P256().NewPrivateKey(uaPrivate)
	if err != nil {
		return nil, fmt.Errorf("browser key: %w", err)
	}
	pub, err := ecdh.P256().NewPublicKey(asPublic)
	if err != nil {
		return nil, fmt.Errorf("the key id is not the sender's P-256 public key: %w", err)
	}
	shared, err := priv.ECDH(pub)
	if err != nil {
		return nil, err
	}
	info := "WebPush: info\x00" + string(priv.PublicKey().Bytes()) + string(asPublic)
	ikm, err := hkdf.Key(sha256.New, shared, auth, info, 32)
	if err != nil {
		return nil, err
	}
	cek, err := hkdf.Key(sha256.New, ikm, salt, "Content-Encoding: aes128gcm\x00", 16)
	if err != nil {
		return nil, err
	}
	nonce, err := hkdf.Key(sha256.New, ikm, salt, "Content-Encoding: nonce\x00", 12)
	if err != nil {
		return nil, err
	}
	block, err := aes.NewCipher(cek)
	if err != nil {
		return nil, err
	}
	gcm, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	if len(records) == 0 {
		return nil, errors.New("no record")
	}
	var out []byte
	for seq := uint64(0); len(records) > 0; seq++ {
		n := min(int(rs), len(records))
		rec := records[:n]
		records = records[n:]
		iv := bytes.Clone(nonce)
		for i := 0; i < 8; i++ {
			iv[11-i] ^= byte(seq >> (8 * i))
		}
		plain, err := gcm.Open(nil, iv, rec, nil)
		if err != nil {
			return nil, fmt.Errorf("record %d does not decrypt: %w", seq, err)
		}
		end := len(plain) - 1
		for end >= 0 && plain[end] == 0 {
			end--
		}
		if end < 0 {
			return nil, fmt.Errorf("record %d has no padding delimiter", seq)
		}
		last := len(records) == 0
		switch {
		case last && plain[end] != 2:
			return nil, fmt.Errorf("the last record's delimiter is %d, not 2", plain[end])
		case !last && plain[end] != 1:
			return nil, fmt.Errorf("record %d's delimiter is %d, not 1", seq, plain[end])
		}
		out = append(out, plain[:end]...)
	}
	return out, nil
}

// claims are the VAPID JWT's claims (RFC 8292 §2).
type claims struct {
	Aud string `json:"aud"`
	Exp int64  `json:"exp"`
	Sub string `json:"sub"`
}

// verifyVAPID checks an Authorization header "vapid t=<jwt>, k=<key>" (RFC 8292 §3): a JWT
// signed ES256 by k, for the audience origin, not expired nor expiring more than a day ahead,
// with a subject. It returns the subject, or the status and reason to refuse with.
func verifyVAPID(header, origin string, now time.Time) (string, int, string) {
	scheme, params, ok := strings.Cut(strings.TrimSpace(header), " ")
	if !ok || !strings.EqualFold(scheme, "vapid") {
		return "", 401, "Authorization must be \"vapid t=<jwt>, k=<key>\""
	}
	var token, key string
	for _, p := range strings.Split(params, ",") {
		k, v, _ := strings.Cut(strings.TrimSpace(p), "=")
		switch strings.TrimSpace(k) {
		case "t":
			token = strings.TrimSpace(v)
		case "k":
			key = strings.TrimSpace(v)
		}
	}
	if token == "" || key == "" {
		return "", 401, "Authorization must carry t (the JWT) and k (the public key)"
	}
	raw, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(key, "="))
	if err != nil {
		return "", 401, "k is not base64url"
	}
	pub, err := ecdsa.ParseUncompressedPublicKey(elliptic.P256(), raw)
	if err != nil {
		return "", 401, "k is not an uncompressed P-256 public key"
	}
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return "", 401, "t is not a JWT"
	}
	var head struct {
		Alg string `json:"alg"`
	}
	if err := decodeSegment(parts[0], &head); err != nil || head.Alg != "ES256" {
		return "", 401, "the JWT is not ES256"
	}
	sig, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil || len(sig) != 64 {
		return "", 401, "the JWT's signature is not 64 bytes of base64url"
	}
	digest := sha256.Sum256([]byte(parts[0] + "." + parts[1]))
	if !ecdsa.Verify(pub, digest[:], new(big.Int).SetBytes(sig[:32]), new(big.Int).SetBytes(sig[32:])) {
		return "", 403, "the JWT is not signed by k"
	}
	var c claims
	if err := decodeSegment(parts[1], &c); err != nil {
		return "", 401, "the JWT's claims do not read"
	}
	switch {
	case c.Aud != origin:
		return "", 403, fmt.Sprintf("the JWT's aud %q is not the push service's origin %q", c.Aud, origin)
	case c.Exp <= now.Unix():
		return "", 403, "the JWT has expired"
	case c.Exp > now.Add(24*time.Hour).Unix():
		return "", 403, "the JWT expires more than 24 hours ahead"
	case c.Sub == "":
		return "", 403, "the JWT has no sub"
	}
	return c.Sub, 0, ""
}

func decodeSegment(s string, v any) error {
	b, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(s, "="))
	if err != nil {
		return err
	}
	return json.Unmarshal(b, v)
}
