package switchboard

import "testing"

// TestImportPhones: numbers as people write them become E.164; one without its country code
// takes the mapping's default country, and is refused without one.
func TestImportPhones(t *testing.T) {
	cols := []string{"phone"}
	for _, tc := range []struct{ in, country, want string }{
		{"+39 333-123 4567", "", "+393331234567"},
		{"0039 (333) 1234567", "", "+393331234567"},
		{"333 123 4567", "", ""},
		{"333 123 4567", "+39", "+393331234567"},
		{"0333 123 4567", "39", "+393331234567"},
		{"+39 abc", "+39", ""},
	} {
		m := &ContactImportMapping{Columns: map[string]string{"phone": "phone"}, DefaultCountry: tc.country}
		if err := m.Validate(cols); err != nil {
			t.Fatal(err)
		}
		got, err := m.Read(cols, []string{tc.in})
		switch {
		case tc.want == "" && err == nil:
			t.Errorf("%q (default %q) = %q, want refused", tc.in, tc.country, got.Phone)
		case tc.want != "" && (err != nil || got.Phone != tc.want):
			t.Errorf("%q (default %q) = %+v, %v; want %s", tc.in, tc.country, got, err, tc.want)
		}
	}
}
