package boardimport

import (
	"math"
	"sort"
)

// lanes splits a wall without frames into swimlanes when that is clear:
// the stickies stand in horizontal bands with space between them, and each
// band has one text label left of its stickies, which names the lane's
// context. It returns nil when the wall is not drawn that way.
func lanes(texts []Item, notes []*note) []*group {
	if len(notes) == 0 {
		return nil
	}
	byY := append([]*note(nil), notes...)
	sort.SliceStable(byY, func(i, j int) bool { return byY[i].Y < byY[j].Y })
	var bands [][]*note
	bottom := math.Inf(-1)
	for _, n := range byY {
		if n.Y > bottom {
			bands = append(bands, nil)
		}
		bands[len(bands)-1] = append(bands[len(bands)-1], n)
		bottom = math.Max(bottom, n.Y+n.H)
	}
	if len(bands) < 2 {
		return nil
	}
	var out []*group
	for _, band := range bands {
		label, ok := bandLabel(texts, band)
		if !ok {
			return nil
		}
		sort.SliceStable(band, func(i, j int) bool { return timeline(band[i].Item, band[j].Item) })
		out = append(out, &group{frame: Item{ID: label.ID, Kind: Frame, Text: label.Text}, notes: band})
	}
	return out
}

// bandLabel is the one text left of a band's stickies whose centre lies
// within the band's height.
func bandLabel(texts []Item, band []*note) (Item, bool) {
	top, bottom, left := math.Inf(1), math.Inf(-1), math.Inf(1)
	for _, n := range band {
		top, bottom, left = math.Min(top, n.Y), math.Max(bottom, n.Y+n.H), math.Min(left, n.X)
	}
	var found []Item
	for _, t := range texts {
		cy := t.Y + t.H/2
		if t.Text != "" && cy >= top && cy <= bottom && t.X+t.W <= left {
			found = append(found, t)
		}
	}
	if len(found) != 1 {
		return Item{}, false
	}
	return found[0], true
}
