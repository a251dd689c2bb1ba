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

// TestDiagramHTMLStickyIDs: each element's sticky carries data-kind and
// the data-id of StickyID, an event read in another context included, and
// the legend's stickies carry none.
func TestDiagramHTMLStickyIDs(t *testing.T) {
	m := sample("printshop").load(t)
	page, err := HTML(m)
	if err != nil {
		t.Fatal(err)
	}
	html := string(page)
	for _, c := range m.Contexts {
		for _, a := range c.Aggregates {
			want := []string{`data-kind="aggregate" data-id="` + escaped(t, StickyID(c.Name, a.Name)) + `"`}
			for _, cmd := range a.Commands {
				want = append(want, `data-kind="command" data-id="`+escaped(t, StickyID(c.Name, cmd.Name))+`"`)
			}
			for _, e := range a.Events {
				want = append(want, `data-kind="event" data-id="`+escaped(t, StickyID(c.Name, e.Name))+`"`)
			}
			for _, w := range want {
				if !strings.Contains(html, w) {
					t.Errorf("the page has no sticky with %s", w)
				}
			}
		}
		for _, p := range c.Policies {
			if e := p.Event(); e != nil && e.Aggregate.Context != c {
				w := `data-id="` + escaped(t, StickyID(e.Aggregate.Context.Name, e.Name)) + `"><span class="from">`
				if !strings.Contains(html, w) {
					t.Errorf("%s's policy %s: its event's sticky has no %s", c.Name, p.Name, w)
				}
			}
		}
	}
	legend := html[strings.Index(html, `<div class="legend">`):strings.Index(html, `<section class="map">`)]
	if strings.Contains(legend, "data-id") {
		t.Errorf("the legend's stickies have ids: %s", legend)
	}
}
