package diagram

import (
	"encoding/json"
	"hash/fnv"
	"strings"

	"eventstorm/model"
)

// exBase holds the members every Excalidraw element has
// (packages/element/src/types.ts, _ExcalidrawElementBase).
type exBase struct {
	ID              string       `json:"id"`
	Type            string       `json:"type"`
	X               float64      `json:"x"`
	Y               float64      `json:"y"`
	Width           float64      `json:"width"`
	Height          float64      `json:"height"`
	Angle           float64      `json:"angle"`
	StrokeColor     string       `json:"strokeColor"`
	BackgroundColor string       `json:"backgroundColor"`
	FillStyle       string       `json:"fillStyle"`
	StrokeWidth     float64      `json:"strokeWidth"`
	StrokeStyle     string       `json:"strokeStyle"`
	Roughness       int          `json:"roughness"`
	Opacity         int          `json:"opacity"`
	GroupIDs        []string     `json:"groupIds"`
	FrameID         *string      `json:"frameId"`
	Roundness       *exRoundness `json:"roundness"`
	Seed            uint32       `json:"seed"`
	Version         int          `json:"version"`
	VersionNonce    uint32       `json:"versionNonce"`
	IsDeleted       bool         `json:"isDeleted"`
	BoundElements   []exBound    `json:"boundElements"`
	Updated         int64        `json:"updated"`
	Link            *string      `json:"link"`
	Locked          bool         `json:"locked"`
}

type exRoundness struct {
	Type int `json:"type"`
}

type exBound struct {
	ID   string `json:"id"`
	Type string `json:"type"`
}

type exFrame struct {
	exBase
	Name string `json:"name"`
}

type exText struct {
	exBase
	Text          string  `json:"text"`
	FontSize      float64 `json:"fontSize"`
	FontFamily    int     `json:"fontFamily"`
	TextAlign     string  `json:"textAlign"`
	VerticalAlign string  `json:"verticalAlign"`
	ContainerID   string  `json:"containerId"`
	OriginalText  string  `json:"originalText"`
	AutoResize    bool    `json:"autoResize"`
	LineHeight    float64 `json:"lineHeight"`
}

type exArrow struct {
	exBase
	Points             [][2]float64 `json:"points"`
	LastCommittedPoint *[2]float64  `json:"lastCommittedPoint"`
	StartBinding       exBinding    `json:"startBinding"`
	EndBinding         exBinding    `json:"endBinding"`
	StartArrowhead     *string      `json:"startArrowhead"`
	EndArrowhead       string       `json:"endArrowhead"`
	Elbowed            bool         `json:"elbowed"`
}

type exBinding struct {
	ElementID string  `json:"elementId"`
	Focus     float64 `json:"focus"`
	Gap       float64 `json:"gap"`
}

type exScene struct {
	Type     string         `json:"type"`
	Version  int            `json:"version"`
	Source   string         `json:"source"`
	Elements []any          `json:"elements"`
	AppState map[string]any `json:"appState"`
	Files    map[string]any `json:"files"`
}

const exFontSize, exLineHeight = 16.0, 1.25

// Excalidraw writes the board of m as an Excalidraw scene (.excalidraw):
// a frame per bounded context holding its stickies, each sticky a filled
// rectangle with its name as bound text, and arrows bound to the stickies
// they join. Ids, seeds and nonces derive from the model's names, so the
// same model gives the same bytes.
func Excalidraw(m *model.Model) ([]byte, error) {
	w := newWall(m)
	bound := map[string][]exBound{}
	for _, a := range w.arrows {
		bound[a.from] = append(bound[a.from], exBound{ID: a.id, Type: "arrow"})
		bound[a.to] = append(bound[a.to], exBound{ID: a.id, Type: "arrow"})
	}
	scene := exScene{Type: "excalidraw", Version: 2, Source: "eventstorm",
		AppState: map[string]any{"gridSize": 20, "viewBackgroundColor": "#ffffff"}, Files: map[string]any{}}
	byID := map[string]*wallSticky{}
	// A frame comes after its children, as Excalidraw orders them.
	for _, f := range w.frames {
		for _, s := range w.stickies {
			if s.frame != f.id {
				continue
			}
			byID[s.id] = s
			frame := s.frame
			shape := exElement(s.id, "rectangle", s.x, s.y, s.w, s.h, s.kind.stroke(), s.kind.Fill(), &frame)
			shape.Roundness = &exRoundness{Type: 3}
			shape.BoundElements = append([]exBound{{ID: s.id + "-text", Type: "text"}}, bound[s.id]...)
			scene.Elements = append(scene.Elements, shape, exLabel(s))
		}
		scene.Elements = append(scene.Elements, exFrame{exBase: exElement(f.id, "frame", f.x, f.y, f.w, f.h, "#bbbbbb", "transparent", nil), Name: f.name})
	}
	for _, a := range w.arrows {
		scene.Elements = append(scene.Elements, exArrowBetween(a, byID[a.from], byID[a.to]))
	}
	out, err := json.MarshalIndent(scene, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(out, '\n'), nil
}

// exElement fills the common members; seed and nonce are hashes of the id.
func exElement(id, typ string, x, y, w, h float64, stroke, fill string, frame *string) exBase {
	return exBase{ID: id, Type: typ, X: x, Y: y, Width: w, Height: h, StrokeColor: stroke,
		BackgroundColor: fill, FillStyle: "solid", StrokeWidth: 1, StrokeStyle: "solid", Roughness: 1,
		Opacity: 100, GroupIDs: []string{}, FrameID: frame, Seed: hash32(id), Version: 1,
		VersionNonce: hash32(id + "#nonce"), BoundElements: []exBound{}, Updated: 1}
}

func hash32(s string) uint32 {
	h := fnv.New32a()
	h.Write([]byte(s))
	return h.Sum32() & 0x7fffffff // Excalidraw's seeds are positive 31-bit integers
}

// exLabel is a sticky's name as text bound to it, wrapped to its width
// and centred.
func exLabel(s *wallSticky) exText {
	lines := wrapWords(s.text, int((s.w-10)/(exFontSize*0.6)))
	h := float64(len(lines)) * exFontSize * exLineHeight
	frame := s.frame
	b := exElement(s.id+"-text", "text", s.x+5, s.y+(s.h-h)/2, s.w-10, h, "#1e1e1e", "transparent", &frame)
	return exText{exBase: b, Text: strings.Join(lines, "\n"), FontSize: exFontSize, FontFamily: 1,
		TextAlign: "center", VerticalAlign: "middle", ContainerID: s.id, OriginalText: s.text,
		AutoResize: true, LineHeight: exLineHeight}
}

// wrapWords breaks text into lines of at most width characters where it
// can (a longer word keeps its own line).
func wrapWords(text string, width int) []string {
	var lines []string
	line := ""
	for _, word := range strings.Fields(text) {
		switch {
		case line == "":
			line = word
		case len([]rune(line))+1+len([]rune(word)) <= width:
			line += " " + word
		default:
			lines = append(lines, line)
			line = word
		}
	}
	return append(lines, line)
}

// exArrowBetween draws an arrow from one sticky's side to the other's,
// horizontally when they are further apart across than down.
func exArrowBetween(a wallArrow, from, to *wallSticky) exArrow {
	x1, y1, x2, y2 := ends(from, to)
	var frame *string
	if from.frame == to.frame {
		f := from.frame
		frame = &f
	}
	b := exElement(a.id, "arrow", x1, y1, abs(x2-x1), abs(y2-y1), "#1e1e1e", "transparent", frame)
	b.Roundness = &exRoundness{Type: 2}
	return exArrow{exBase: b, Points: [][2]float64{{0, 0}, {x2 - x1, y2 - y1}},
		StartBinding: exBinding{ElementID: from.id, Gap: 4}, EndBinding: exBinding{ElementID: to.id, Gap: 4},
		EndArrowhead: "arrow"}
}

// ends are the points an arrow between two stickies starts and ends at:
// the middles of the sides facing each other.
func ends(from, to *wallSticky) (x1, y1, x2, y2 float64) {
	fx, fy := from.x+from.w/2, from.y+from.h/2
	tx, ty := to.x+to.w/2, to.y+to.h/2
	if abs(tx-fx) >= abs(ty-fy) {
		if tx >= fx {
			return from.x + from.w, fy, to.x, ty
		}
		return from.x, fy, to.x + to.w, ty
	}
	if ty >= fy {
		return fx, from.y + from.h, tx, to.y
	}
	return fx, from.y, tx, to.y + to.h
}

func abs(f float64) float64 {
	if f < 0 {
		return -f
	}
	return f
}
