package switchboard

import (
	"testing"
	"time"
)

func TestReplies(t *testing.T) {
	c, s, err := ParseAutomation([]byte(`{"hours":{"time_zone":"Europe/Rome","week":[[],[{"start":"09:00","end":"18:00"}],[{"start":"09:00","end":"18:00"}],[],[],[],[]]},
		"welcome":" Hello! ","out_of_hours":"Closed, back at {{opens_at}}.","acknowledge":"Expect an answer by {{reply_time}}.","reply_minutes":90}`))
	if err != nil {
		t.Fatal(err)
	}
	kinds := func(rs []AutoReply) (out []string) {
		for _, r := range rs {
			out = append(out, r.Kind+": "+r.Text)
		}
		return out
	}
	// Monday 10:00, a new conversation: welcome, then the acknowledgement.
	mon := at(t, "Europe/Rome", "2026-12-07 10:00")
	got := kinds(c.Replies(s, true, mon))
	if len(got) != 2 || got[0] != "welcome: Hello!" || got[1] != "acknowledge: Expect an answer by 11:30." {
		t.Errorf("new conversation in hours: %q", got)
	}
	// Monday 17:00: 90 minutes of hours end Tuesday 09:30.
	if got := kinds(c.Replies(s, true, at(t, "Europe/Rome", "2026-12-07 17:00"))); len(got) != 2 || got[1] != "acknowledge: Expect an answer by 2026-12-08 09:30." {
		t.Errorf("acknowledgement near closing: %q", got)
	}
	// In hours, an existing conversation: nothing.
	if got := c.Replies(s, false, mon); len(got) != 0 {
		t.Errorf("a reply in hours to a going conversation: %v", got)
	}
	// Monday 20:00: out of hours, the period ending Tuesday 09:00.
	eve := at(t, "Europe/Rome", "2026-12-07 20:00")
	rs := c.Replies(s, false, eve)
	tue := at(t, "Europe/Rome", "2026-12-08 09:00")
	if len(rs) != 1 || rs[0].Kind != AutoReplyOutOfHours || rs[0].Period != tue.UnixMicro() || rs[0].Text != "Closed, back at 2026-12-08 09:00." {
		t.Errorf("out of hours: %+v", rs)
	}
	// Later the same night: the same period, so the caller's key finds it sent.
	if rs2 := c.Replies(s, false, eve.Add(5*time.Hour)); len(rs2) != 1 || rs2[0].Period != rs[0].Period {
		t.Errorf("the same closed period: %+v", rs2)
	}
	// Tuesday 20:00: the next period (it ends the following Monday).
	if rs3 := c.Replies(s, false, tue.Add(11*time.Hour)); len(rs3) != 1 || rs3[0].Period == rs[0].Period {
		t.Errorf("another closed period: %+v", rs3)
	}
	// New conversation out of hours: welcome and out-of-hours, no acknowledgement.
	if got := kinds(c.Replies(s, true, eve)); len(got) != 2 || got[0] != "welcome: Hello!" {
		t.Errorf("new conversation out of hours: %q", got)
	}
	// Without hours: always open, no out-of-hours reply; {{reply_time}} in calendar minutes.
	c2, s2, err := ParseAutomation([]byte(`{"acknowledge":"By {{reply_time}}","reply_minutes":30}`))
	if err != nil || s2 != nil {
		t.Fatal(err)
	}
	if got := kinds(c2.Replies(s2, true, time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC))); len(got) != 1 || got[0] != "acknowledge: By 10:30" {
		t.Errorf("without hours: %q", got)
	}
	if !(&Automation{}).Empty() || c2.Empty() {
		t.Error("Empty")
	}
}

func TestParseInvalid(t *testing.T) {
	_, _, err := ParseAutomation([]byte(`[1]`))
	if ErrorCode(err) != EINVALID {
		t.Errorf("not an object: %v", err)
	}
	long := make([]byte, MaxAutoReplyText+1)
	for i := range long {
		long[i] = 'a'
	}
	_, _, err = ParseAutomation([]byte(`{"welcome":"` + string(long) + `","out_of_hours":"closed","acknowledge":"by {{reply_time}}","hours":{"time_zone":"Nowhere/City"}}`))
	fields := ErrorFields(err)
	for _, f := range []string{"welcome", "reply_minutes", "hours.time_zone"} {
		if fields[f] == "" {
			t.Errorf("no error for %s: %v", f, fields)
		}
	}
	_, _, err = ParseAutomation([]byte(`{"out_of_hours":"closed"}`))
	if ErrorFields(err)["out_of_hours"] == "" {
		t.Errorf("an out-of-hours reply without hours: %v", err)
	}
}
