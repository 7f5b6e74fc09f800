// Package oggopus writes a valid Ogg Opus file of silence: what a WhatsApp voice note is made of
// (RFC 7845: an identification header page, a comment header page, then pages of Opus packets),
// for the provider emulators to send and for tests to play in a real browser.
package oggopus

import (
	"bytes"
	"encoding/binary"
	"time"
)

// The stream's constants: one channel, the 312 samples of pre-skip encoders use, 20 ms packets
// at Opus's 48 kHz granule rate.
const (
	preSkip      = 312
	frameSamples = 960
	packetsPage  = 50
)

// silentFrame is one 20 ms CELT full-band mono frame of digital silence, as libopus encodes it.
var silentFrame = []byte{0xf8, 0xff, 0xfe}

// Silence returns an Ogg Opus file holding d of silence (at least 20 ms).
func Silence(d time.Duration) []byte {
	packets := max(int(d/(20*time.Millisecond)), 1)
	var out bytes.Buffer
	head := []byte("OpusHead")
	head = append(head, 1, 1) // version 1, one channel
	head = binary.LittleEndian.AppendUint16(head, preSkip)
	head = binary.LittleEndian.AppendUint32(head, 48000) // the input's sample rate, for information
	head = binary.LittleEndian.AppendUint16(head, 0)     // no output gain
	head = append(head, 0)                               // mapping family 0: mono or stereo
	writePage(&out, 0x02, 0, 0, [][]byte{head})
	vendor := "switchboard"
	tags := []byte("OpusTags")
	tags = binary.LittleEndian.AppendUint32(tags, uint32(len(vendor)))
	tags = append(tags, vendor...)
	tags = binary.LittleEndian.AppendUint32(tags, 0) // no user comments
	writePage(&out, 0, 0, 1, [][]byte{tags})
	seq := uint32(2)
	for done := 0; done < packets; seq++ {
		n := min(packetsPage, packets-done)
		page := make([][]byte, n)
		for i := range page {
			page[i] = silentFrame
		}
		done += n
		flags := byte(0)
		if done == packets {
			flags = 0x04 // end of stream
		}
		writePage(&out, flags, uint64(preSkip+done*frameSamples), seq, page)
	}
	return out.Bytes()
}

// writePage appends one Ogg page holding whole packets (each under 255 bytes) to out.
func writePage(out *bytes.Buffer, flags byte, granule uint64, seq uint32, packets [][]byte) {
	var p []byte
	p = append(p, "OggS"...)
	p = append(p, 0, flags)
	p = binary.LittleEndian.AppendUint64(p, granule)
	p = binary.LittleEndian.AppendUint32(p, 0x5b0a) // the stream's serial number
	p = binary.LittleEndian.AppendUint32(p, seq)
	p = append(p, 0, 0, 0, 0) // the checksum, computed below
	p = append(p, byte(len(packets)))
	for _, pk := range packets {
		p = append(p, byte(len(pk)))
	}
	for _, pk := range packets {
		p = append(p, pk...)
	}
	binary.LittleEndian.PutUint32(p[22:], checksum(p))
	out.Write(p)
}

// crcTable is Ogg's CRC-32: polynomial 0x04c11db7, not reflected, starting from zero.
var crcTable = func() (t [256]uint32) {
	for i := range t {
		r := uint32(i) << 24
		for range 8 {
			if r&0x80000000 != 0 {
				r = r<<1 ^ 0x04c11db7
			} else {
				r <<= 1
			}
		}
		t[i] = r
	}
	return t
}()

func checksum(page []byte) uint32 {
	var crc uint32
	for _, b := range page {
		crc = crc<<8 ^ crcTable[byte(crc>>24)^b]
	}
	return crc
}
