package automation

import (
	"encoding/json"
	"regexp"
	"strconv"
	"strings"

	"github.com/switchboardhq/switchboard"
)

// Matcher is a rule's "if", compiled once per version of the rule (its regular expressions
// above all) and evaluated against each conversation's facts.
type Matcher struct {
	all    bool
	conds  []condition
	groups []*Matcher
}

// condition is one compiled condition.
type condition struct {
	field, op string
	values    []string // lower-cased for the text ops
	res       []*regexp.Regexp
}

// Compile compiles a rule's "if" (nil matches everything). The group is assumed valid
// (switchboard.RuleInput.Validate); a pattern that no longer compiles is an error.
func Compile(g *switchboard.RuleGroup) (*Matcher, error) {
	if g == nil {
		return &Matcher{all: true}, nil
	}
	m := &Matcher{all: g.Match != "any"}
	for _, c := range g.Conditions {
		cc := condition{field: c.Field, op: c.Op}
		for _, v := range c.Values {
			if c.Op == switchboard.OpMatches {
				re, err := regexp.Compile(v)
				if err != nil {
					return nil, err
				}
				cc.res = append(cc.res, re)
				continue
			}
			cc.values = append(cc.values, strings.ToLower(strings.TrimSpace(v)))
		}
		m.conds = append(m.conds, cc)
	}
	for i := range g.Groups {
		sub, err := Compile(&g.Groups[i])
		if err != nil {
			return nil, err
		}
		m.groups = append(m.groups, sub)
	}
	return m, nil
}

// Match reports whether the facts satisfy the group: all (or any) of its conditions and
// groups. An empty group matches.
func (m *Matcher) Match(f *switchboard.RuleFacts) bool {
	n := len(m.conds) + len(m.groups)
	if n == 0 {
		return true
	}
	for _, c := range m.conds {
		if ok := c.match(f); ok != m.all {
			return ok
		}
	}
	for _, g := range m.groups {
		if ok := g.Match(f); ok != m.all {
			return ok
		}
	}
	return m.all
}

// match evaluates one condition.
func (c *condition) match(f *switchboard.RuleFacts) bool {
	switch c.field {
	case "contact.labels":
		return c.list(labelsOf(f.Contact))
	case "labels":
		return c.list(f.Conversation.Labels)
	}
	v, set := fieldValue(f, c.field)
	switch c.op {
	case switchboard.OpIsSet:
		return set
	case switchboard.OpIsNotSet:
		return !set
	case switchboard.OpIs:
		return c.anyValue(func(x string) bool { return strings.EqualFold(v, x) })
	case switchboard.OpIsNot:
		return !c.anyValue(func(x string) bool { return strings.EqualFold(v, x) })
	case switchboard.OpContains:
		lv := strings.ToLower(v)
		return c.anyValue(func(x string) bool { return strings.Contains(lv, x) })
	case switchboard.OpNotContains:
		lv := strings.ToLower(v)
		return !c.anyValue(func(x string) bool { return strings.Contains(lv, x) })
	case switchboard.OpMatches:
		for _, re := range c.res {
			if re.MatchString(v) {
				return true
			}
		}
	}
	return false
}

func (c *condition) anyValue(fn func(string) bool) bool {
	for _, x := range c.values {
		if fn(x) {
			return true
		}
	}
	return false
}

// list evaluates includes (has any of the values) and excludes (has none of them).
func (c *condition) list(have []string) bool {
	found := c.anyValue(func(x string) bool {
		for _, h := range have {
			if strings.EqualFold(h, x) {
				return true
			}
		}
		return false
	})
	if c.op == switchboard.OpExcludes {
		return !found
	}
	return found
}

func labelsOf(c *switchboard.Contact) []string {
	if c == nil {
		return nil
	}
	return c.Labels
}

// fieldValue returns a field's value as text, and whether it is set.
func fieldValue(f *switchboard.RuleFacts, field string) (string, bool) {
	conv, ct := f.Conversation, f.Contact
	if ct == nil {
		ct = &switchboard.Contact{}
	}
	id := func(p *int64) (string, bool) {
		if p == nil {
			return "", false
		}
		return strconv.FormatInt(*p, 10), true
	}
	text := func(s string) (string, bool) { return s, strings.TrimSpace(s) != "" }
	switch field {
	case "channel":
		return string(conv.Channel), true
	case "inbox":
		return strconv.FormatInt(conv.InboxID, 10), true
	case "priority":
		if conv.Priority == "" {
			return string(switchboard.PriorityNone), true
		}
		return string(conv.Priority), true
	case "status":
		return string(conv.Status), true
	case "kind":
		if conv.Kind == switchboard.ConversationComment {
			return "comment", true
		}
		return "direct", true
	case "business_hours":
		if f.BusinessHoursOpen {
			return "open", true
		}
		return "closed", true
	case "assignee":
		return id(conv.AssigneeID)
	case "team":
		return id(conv.TeamID)
	case "contact.name":
		return text(ct.Name)
	case "contact.email":
		return text(ct.Email)
	case "contact.phone":
		return text(ct.Phone)
	case "contact.language":
		return text(ct.Language)
	case "sentiment":
		return text(string(conv.Sentiment))
	case "urgency":
		return text(string(conv.Urgency))
	case "language":
		return text(conv.Language)
	case "message.text":
		if f.Message == nil {
			return "", false
		}
		return text(f.Message.Text)
	}
	if key, ok := strings.CutPrefix(field, "contact.attribute."); ok {
		return attribute(ct.Attributes, key)
	}
	return "", false
}

// attribute returns a contact attribute as text: a string as it is, other JSON values as their
// JSON (true, 42); null and missing are not set.
func attribute(raw json.RawMessage, key string) (string, bool) {
	if len(raw) == 0 {
		return "", false
	}
	var attrs map[string]json.RawMessage
	if json.Unmarshal(raw, &attrs) != nil {
		return "", false
	}
	v, ok := attrs[key]
	if !ok || string(v) == "null" {
		return "", false
	}
	var s string
	if json.Unmarshal(v, &s) == nil {
		return s, strings.TrimSpace(s) != ""
	}
	return string(v), true
}
