package diagram

import (
	"context"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

// TestDiagramHTMLScreenshot opens the print shop's board in headless
// Chromium, as a person would open the file, and reads the screenshot:
// the page is not blank, and the sticky notes of every kind show in their
// colour, far more of each than the legend alone holds.
func TestDiagramHTMLScreenshot(t *testing.T) {
	chromium := tool(t, "chromium", "chromium-browser", "google-chrome")
	page, err := HTML(sample("printshop").load(t))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	htmlFile, shot := filepath.Join(dir, "board.html"), filepath.Join(dir, "board.png")
	if err := os.WriteFile(htmlFile, page, 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, chromium, "--headless", "--no-sandbox", "--disable-gpu",
		"--force-color-profile=srgb", "--hide-scrollbars", "--no-first-run",
		"--user-data-dir="+filepath.Join(dir, "profile"),
		"--window-size=1600,2200", "--screenshot="+shot, "file://"+htmlFile)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", chromium, err, out)
	}
	img := decodePNG(t, shot)

	counts := colourCounts(img)
	for _, k := range Kinds {
		if n := counts[k.Fill()]; n < minStickyPixels {
			t.Errorf("%d pixels of %s stickies (%s), want at least %d", n, k, k.Fill(), minStickyPixels)
		}
	}
	b := img.Bounds()
	background := counts[pageBackground]
	if total := b.Dx() * b.Dy(); background > total*9/10 {
		t.Errorf("the page is nearly blank: %d of %d pixels are background", background, total)
	}
}

// minStickyPixels is two thirds of one sticky of 96×62 pixels with its
// text, and twice what the legend's small sticky of a kind shows (at most
// about 2,000 pixels), so the legend alone does not pass.
const minStickyPixels = 4000

// pageBackground is the body's background colour in board.html.tmpl.
const pageBackground = "#f8fafc"

func decodePNG(t *testing.T, path string) image.Image {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("no screenshot: %v", err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("the screenshot is no PNG: %v", err)
	}
	return img
}

// colourCounts counts the pixels near each sticky colour and the page's
// background, by #rrggbb; near is within 3 in each channel.
func colourCounts(img image.Image) map[string]int {
	targets := []string{pageBackground}
	for _, k := range Kinds {
		targets = append(targets, k.Fill())
	}
	rgb := make([][3]int, len(targets))
	for i, c := range targets {
		v, _ := strconv.ParseUint(c[1:], 16, 32)
		rgb[i] = [3]int{int(v >> 16), int(v >> 8 & 0xff), int(v & 0xff)}
	}
	counts := map[string]int{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			p := [3]int{int(r >> 8), int(g >> 8), int(bl >> 8)}
			for i, c := range rgb {
				if near(p, c) {
					counts[targets[i]]++
				}
			}
		}
	}
	return counts
}

func near(p, c [3]int) bool {
	for i := range p {
		if d := p[i] - c[i]; d < -3 || d > 3 {
			return false
		}
	}
	return true
}
