package model

import (
	"fmt"
	"strings"

	"eventstorm/model/names"
)

// suggest returns `; did you mean "x"?` for the candidate closest to s, or
// "" when none is close enough to be a likely typo.
func suggest(s string, candidates []string) string {
	if best := closest(s, candidates); best != "" {
		return fmt.Sprintf("; did you mean %q?", best)
	}
	return ""
}

func closest(s string, candidates []string) string {
	best, bestDist := "", -1
	norm := strings.ToLower(s)
	for _, c := range candidates {
		if names.Pascal(c) == names.Pascal(s) && names.Pascal(s) != "" {
			return c
		}
		d := levenshtein(norm, strings.ToLower(c))
		limit := max(2, len([]rune(c))/3)
		if d <= limit && (bestDist < 0 || d < bestDist) {
			best, bestDist = c, d
		}
	}
	return best
}

func levenshtein(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	if len(ra) > 200 || len(rb) > 200 {
		return max(len(ra), len(rb))
	}
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
