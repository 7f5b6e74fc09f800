// Package contacts decides about contacts as people: which two look like one person, and what
// a merge of two makes. The store applies its plans; it does not decide.
package contacts

import (
	"encoding/json"
	"sort"

	"github.com/switchboardhq/switchboard"
)

// Older returns the contact that survives a merge when no one chose: the older one (the lower
// id on a tie).
func Older(a, b *switchboard.Contact) (survivor, other *switchboard.Contact) {
	if b.CreatedAt.Before(a.CreatedAt) || (b.CreatedAt.Equal(a.CreatedAt) && b.ID < a.ID) {
		return b, a
	}
	return a, b
}

// PlanMerge decides the survivor's fields: its own non-empty values, else the other's; labels
// and attributes united, the survivor's value winning where both have a key.
func PlanMerge(survivor, other *switchboard.Contact) (*switchboard.MergePlan, error) {
	p := &switchboard.MergePlan{SurvivorID: survivor.ID, OtherID: other.ID, SurvivorSeen: survivor.UpdatedAt, OtherSeen: other.UpdatedAt}
	pick := func(field string, dst *string, s, o string) {
		*dst = s
		if s == "" && o != "" {
			*dst = o
			p.FromOther = append(p.FromOther, field)
		}
	}
	pick("name", &p.Name, survivor.Name, other.Name)
	pick("email", &p.Email, survivor.Email, other.Email)
	pick("phone", &p.Phone, survivor.Phone, other.Phone)
	pick("avatar_url", &p.AvatarURL, survivor.AvatarURL, other.AvatarURL)
	pick("language", &p.Language, survivor.Language, other.Language)

	attrs := map[string]json.RawMessage{}
	var theirs map[string]json.RawMessage
	if len(other.Attributes) > 0 {
		if err := json.Unmarshal(other.Attributes, &theirs); err != nil {
			return nil, err
		}
	}
	if len(survivor.Attributes) > 0 {
		if err := json.Unmarshal(survivor.Attributes, &attrs); err != nil {
			return nil, err
		}
	}
	if attrs == nil {
		attrs = map[string]json.RawMessage{}
	}
	added := false
	for k, v := range theirs {
		if _, ok := attrs[k]; !ok {
			attrs[k], added = v, true
		}
	}
	if added {
		p.FromOther = append(p.FromOther, "attributes")
		b, err := json.Marshal(attrs) // sorted keys
		if err != nil {
			return nil, err
		}
		p.Attributes = b
	} else {
		p.Attributes = survivor.Attributes
	}

	p.Labels, p.LabelsAdded = []string{}, []string{}
	have := map[string]bool{}
	for _, l := range survivor.Labels {
		have[l] = true
		p.Labels = append(p.Labels, l)
	}
	for _, l := range other.Labels {
		if !have[l] {
			have[l] = true
			p.Labels = append(p.Labels, l)
			p.LabelsAdded = append(p.LabelsAdded, l)
		}
	}
	sort.Strings(p.Labels)
	return p, nil
}
