package automation

import (
	"testing"

	"github.com/switchboardhq/switchboard"
)

func TestPick(t *testing.T) {
	c := []switchboard.AssignCandidate{{AgentID: 3, Open: 2}, {AgentID: 5, Open: 0}, {AgentID: 9, Open: 0}}
	for _, tc := range []struct {
		s    switchboard.AssignStrategy
		last int64
		want int64
	}{
		{switchboard.AssignRoundRobin, 0, 3},
		{switchboard.AssignRoundRobin, 3, 5},
		{switchboard.AssignRoundRobin, 5, 9},
		{switchboard.AssignRoundRobin, 9, 3},  // wraps
		{switchboard.AssignRoundRobin, 4, 5},  // last no longer a candidate
		{switchboard.AssignRoundRobin, 20, 3}, // after the highest: wraps
		{switchboard.AssignBalanced, 0, 5},    // fewest open, first in turn
		{switchboard.AssignBalanced, 5, 9},    // a tie goes to the next in turn
		{switchboard.AssignBalanced, 9, 5},
	} {
		if got := Pick(tc.s, c, tc.last); got != tc.want {
			t.Errorf("Pick(%s, last %d) = %d, want %d", tc.s, tc.last, got, tc.want)
		}
	}
}
