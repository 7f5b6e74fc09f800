package switchboard

import "testing"

// TestCSATParseReply: a text survey's answer is a number in the scale's range, alone (a thumb for
// thumbs), stored on the 1–5 scale; anything else is an ordinary message.
func TestCSATParseReply(t *testing.T) {
	for _, tc := range []struct {
		scale CSATScale
		text  string
		want  int
	}{
		{CSATFive, "4", 4}, {CSATFive, " 5 ", 5}, {CSATFive, "1.", 1}, {CSATFive, "0", 0}, {CSATFive, "6", 0},
		{CSATFive, "hello", 0}, {CSATFive, "4 stars", 0}, {CSATFive, "", 0}, {CSATFive, "👍", 0},
		{CSATThree, "1", 1}, {CSATThree, "2", 3}, {CSATThree, "3", 5}, {CSATThree, "4", 0},
		{CSATThumbs, "👍", 5}, {CSATThumbs, "👍🏽", 5}, {CSATThumbs, "👎", 1}, {CSATThumbs, "5", 0},
	} {
		got, ok := tc.scale.ParseReply(tc.text)
		if got != tc.want || ok != (tc.want != 0) {
			t.Errorf("%s %q: %d %v, want %d", tc.scale, tc.text, got, ok, tc.want)
		}
	}
	for _, s := range []CSATScale{CSATFive, CSATThree, CSATThumbs} {
		for _, c := range s.Choices() {
			if c.Rating < 1 || c.Rating > 5 {
				t.Errorf("%s: choice %+v outside 1-5", s, c)
			}
		}
	}
}
