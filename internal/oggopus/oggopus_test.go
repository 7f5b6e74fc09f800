package oggopus

import (
	"encoding/binary"
	"testing"
	"time"
)

// TestChecksum: Ogg's CRC is CRC-32/POSIX without its final inversion; POSIX's check value of
// "123456789" is 0x765e7680.
func TestChecksum(t *testing.T) {
	if got := checksum([]byte("123456789")); got != 0x765e7680^0xffffffff {
		t.Errorf("checksum = %#x", got)
	}
}

// TestSilence: the pages are well formed (capture pattern, numbered, checksummed), the stream
// begins and ends, and the last granule position says how long it plays.
func TestSilence(t *testing.T) {
	f := Silence(1500 * time.Millisecond)
	var pages int
	var granule uint64
	var flags []byte
	for rest := f; len(rest) > 0; pages++ {
		if len(rest) < 27 || string(rest[:4]) != "OggS" {
			t.Fatalf("page %d does not start with OggS", pages)
		}
		n := 27 + int(rest[26])
		for _, s := range rest[27:n] {
			n += int(s)
		}
		page := append([]byte(nil), rest[:n]...)
		want := binary.LittleEndian.Uint32(page[22:])
		copy(page[22:26], []byte{0, 0, 0, 0})
		if checksum(page) != want {
			t.Errorf("page %d: checksum %#x, want %#x", pages, checksum(page), want)
		}
		if seq := binary.LittleEndian.Uint32(page[18:]); seq != uint32(pages) {
			t.Errorf("page %d has sequence number %d", pages, seq)
		}
		granule = binary.LittleEndian.Uint64(page[6:])
		flags = append(flags, page[5])
		rest = rest[n:]
	}
	if pages != 4 || flags[0] != 0x02 || flags[len(flags)-1] != 0x04 {
		t.Errorf("%d pages with flags %v, want 4 from a beginning to an end", pages, flags)
	}
	if got := time.Duration(granule-preSkip) * time.Second / 48000; got != 1500*time.Millisecond {
		t.Errorf("plays %v, want 1.5s", got)
	}
}
