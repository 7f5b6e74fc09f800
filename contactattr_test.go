package switchboard_test

import (
	"encoding/json"
	"testing"

	"github.com/switchboardhq/switchboard"
)

// TestContactAttributeValues: each type accepts its values and refuses the others, and a CSV
// cell is read into the type.
func TestContactAttributeValues(t *testing.T) {
	def := func(typ switchboard.AttributeType, opts ...string) *switchboard.ContactAttribute {
		return &switchboard.ContactAttribute{Key: "k", Type: typ, Options: opts}
	}
	for _, tc := range []struct {
		def   *switchboard.ContactAttribute
		value string
		fits  bool
	}{
		{def(switchboard.AttrText), `"hello"`, true},
		{def(switchboard.AttrText), `12`, false},
		{def(switchboard.AttrNumber), `12.5`, true},
		{def(switchboard.AttrNumber), `"12"`, false},
		{def(switchboard.AttrDate), `"2027-02-28"`, true},
		{def(switchboard.AttrDate), `"2027-02-30"`, false},
		{def(switchboard.AttrDate), `"28/02/2027"`, false},
		{def(switchboard.AttrList, "a", "b"), `"b"`, true},
		{def(switchboard.AttrList, "a", "b"), `"c"`, false},
		{def(switchboard.AttrCheckbox), `false`, true},
		{def(switchboard.AttrCheckbox), `"yes"`, false},
		{def(switchboard.AttrLink), `"https://example.com/x"`, true},
		{def(switchboard.AttrLink), `"javascript:alert(1)"`, false},
		{def(switchboard.AttrLink), `"https://"`, false},
	} {
		if got := tc.def.CheckValue(json.RawMessage(tc.value)) == ""; got != tc.fits {
			t.Errorf("%s %s: fits %v, want %v", tc.def.Type, tc.value, got, tc.fits)
		}
	}
	for _, tc := range []struct {
		def  *switchboard.ContactAttribute
		cell string
		want any
	}{
		{def(switchboard.AttrNumber), " 7 ", 7.0},
		{def(switchboard.AttrCheckbox), "Yes", true},
		{def(switchboard.AttrCheckbox), "0", false},
		{def(switchboard.AttrDate), "2027-01-31", "2027-01-31"},
		{def(switchboard.AttrNumber), "seven", nil},
		{def(switchboard.AttrCheckbox), "maybe", nil},
	} {
		got, err := tc.def.FromText(tc.cell)
		if (err != nil) != (tc.want == nil) || err == nil && got != tc.want {
			t.Errorf("%s %q = %v, %v; want %v", tc.def.Type, tc.cell, got, err, tc.want)
		}
	}
}
