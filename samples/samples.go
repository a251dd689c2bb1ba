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
