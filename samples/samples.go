// Package samples embeds the example models that `eventstorm init --sample`
// copies and that the tests generate from.
package samples

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

//go:embed *.yaml
var files embed.FS

// Default is the sample written when none is named: the seed's order flow.
const Default = "order"

// Sample is one bundled example model.
type Sample struct {
	Name        string // e.g. "order"
	Description string // the model's own description
	Data        []byte // the model file
}

// All returns every bundled sample, sorted by name.
func All() []Sample {
	entries, err := fs.ReadDir(files, ".")
	if err != nil {
		panic(err) // the embedded directory always reads
	}
	var out []Sample
	for _, e := range entries {
		name := strings.TrimSuffix(e.Name(), path.Ext(e.Name()))
		data, err := files.ReadFile(e.Name())
		if err != nil {
			panic(err)
		}
		out = append(out, Sample{Name: name, Description: description(data), Data: data})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Get returns the sample of the given name.
func Get(name string) (Sample, error) {
	var known []string
	for _, s := range All() {
		if s.Name == name {
			return s, nil
		}
		known = append(known, s.Name)
	}
	return Sample{}, fmt.Errorf("no sample named %q; the samples are %s", name, strings.Join(known, ", "))
}

// Names lists the samples' names, sorted.
func Names() []string {
	var out []string
	for _, s := range All() {
		out = append(out, s.Name)
	}
	return out
}

func description(data []byte) string {
	var top struct {
		Description string `yaml:"description"`
	}
	if err := yaml.Unmarshal(data, &top); err != nil {
		return ""
	}
	return strings.TrimSpace(top.Description)
}

// Plain returns a sample's model as text without what only specifies it:
// its flows and, for the order sample, the field values of its scenarios.
// Tests that edit a sample's contract as text start from it, since
// removing or retyping a field would otherwise also break the scenarios
// and flows that give it a value.
func Plain(name string) (string, error) {
	s, err := Get(name)
	if err != nil {
		return "", err
	}
	text := string(s.Data)
	if k := strings.Index(text, "\nflows:\n"); k >= 0 {
		text = text[:k+1]
	}
	if name != "order" {
		return text, nil
	}
	const plainScenarios = "        scenarios:\n          - name: an order can be placed\n            when: Place Order\n            then: [Order Placed]\n" +
		"          - name: a placed order can be cancelled\n            given: [Order Placed]\n            when: Cancel Order\n            then: [Order Cancelled]\n"
	i := strings.Index(text, "        scenarios:\n")
	j := strings.Index(text, "\n  - name: Order History")
	if i < 0 || j < i {
		return "", fmt.Errorf("the order sample changed shape: no scenarios before Order History")
	}
	return text[:i] + plainScenarios + text[j:], nil
}
