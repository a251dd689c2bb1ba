package diagram

import (
	"html/template"
	"regexp"
	"strings"
	"testing"
)

// escaped is s as html/template writes it in text.
func escaped(t *testing.T, s string) string {
	t.Helper()
	var b strings.Builder
	if err := template.Must(template.New("").Parse("{{.}}")).Execute(&b, s); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestDiagramHTMLShowsEveryName(t *testing.T) {
	for _, in := range allInputs(t) {
		t.Run(in.name, func(t *testing.T) {
			m := in.load(t)
			page, err := HTML(m)
			if err != nil {
				t.Fatal(err)
			}
			html := string(page)
			for _, name := range append(stickyNames(m), m.System) {
				if !strings.Contains(html, escaped(t, name)) {
					t.Errorf("the page does not show %q (escaped %q)", name, escaped(t, name))
				}
			}
		})
	}
}

func TestDiagramHTMLEscapesModelText(t *testing.T) {
	page, err := HTML(file("testdata/tricky.yaml").load(t))
	if err != nil {
		t.Fatal(err)
	}
	html := string(page)
	for _, raw := range []string{"<script>alert(1)", "<b>bold</b>", "<class>", `"Big"`} {
		if strings.Contains(html, raw) {
			t.Errorf("the page holds %q unescaped", raw)
		}
	}
	for _, want := range []string{"Customer &lt;script&gt;alert(1)&lt;/script&gt;", "&lt;b&gt;bold&lt;/b&gt;", "Place &#34;Big&#34; Order", "O&#39;Brien &amp; Sons"} {
		if !strings.Contains(html, want) {
			t.Errorf("the page does not hold %q", want)
		}
	}
}

// TestDiagramHTMLSelfContained: the page loads nothing, from the network
// or from disk.
func TestDiagramHTMLSelfContained(t *testing.T) {
	external := regexp.MustCompile(`(?i)https?:|src=|href=|<link|@import|url\((?:[^#]|$)`)
	for _, in := range allInputs(t) {
		page, err := HTML(in.load(t))
		if err != nil {
			t.Fatal(err)
		}
		if loc := external.FindIndex(page); loc != nil {
			t.Errorf("%s: the page refers outside itself: %q", in.name, page[max(0, loc[0]-40):min(len(page), loc[1]+40)])
		}
		if !strings.HasPrefix(string(page), "<!DOCTYPE html>") || !strings.HasSuffix(string(page), "</html>\n") {
			t.Errorf("%s: the page is not one whole HTML document", in.name)
		}
	}
}

func TestDiagramHTMLContextMap(t *testing.T) {
	page, err := HTML(sample("printshop").load(t))
	if err != nil {
		t.Fatal(err)
	}
	html := string(page)
	for _, want := range []string{
		"<li>Ordering (upstream) → Production (downstream): customer-supplier</li>",
		"<li>Shipping (upstream) → Ordering (downstream): open-host-service</li>",
	} {
		if !strings.Contains(html, want) {
			t.Errorf("the context map does not list %q", want)
		}
	}
	if n := strings.Count(html, `<line class="link"`); n != 7 {
		t.Errorf("the context map draws %d arrows, want the 7 declared relationships", n)
	}

	// Without declared relationships, the cross-context flows imply them.
	m := sample("order").load(t)
	m.Relationships = nil
	page, err = HTML(m)
	if err != nil {
		t.Fatal(err)
	}
	html = string(page)
	if !strings.Contains(html, "<li>Ordering (upstream) → Order History (downstream): implied by the events it reads</li>") {
		t.Errorf("the context map does not list the implied relationship:\n%s", html)
	}
	if n := strings.Count(html, `<line class="link implied"`); n != 1 {
		t.Errorf("the context map draws %d dashed arrows, want 1", n)
	}
}
