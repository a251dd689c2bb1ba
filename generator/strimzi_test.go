package generator_test

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"k8s.io/apimachinery/pkg/util/validation"
	k8syaml "sigs.k8s.io/yaml"

	"eventstorm/generator"
	"eventstorm/generator/ir"
	"eventstorm/model"
	"eventstorm/samples"
)

// The shapes of Strimzi's KafkaUser and KafkaTopic (kafka.strimzi.io/v1beta2)
// that the generated manifests use, decoded strictly: a field the CRD does
// not have fails the test.
type (
	strimziMeta struct {
		Name   string            `json:"name"`
		Labels map[string]string `json:"labels"`
	}
	kafkaUser struct {
		APIVersion string      `json:"apiVersion"`
		Kind       string      `json:"kind"`
		Metadata   strimziMeta `json:"metadata"`
		Spec       struct {
			Authentication struct {
				Type string `json:"type"`
			} `json:"authentication"`
			Authorization struct {
				Type string       `json:"type"`
				ACLs []strimziACL `json:"acls"`
			} `json:"authorization"`
		} `json:"spec"`
	}
	strimziACL struct {
		Resource struct {
			Type        string `json:"type"`
			Name        string `json:"name"`
			PatternType string `json:"patternType"`
		} `json:"resource"`
		Operations []string `json:"operations"`
		Host       string   `json:"host"`
	}
	kafkaTopic struct {
		APIVersion string      `json:"apiVersion"`
		Kind       string      `json:"kind"`
		Metadata   strimziMeta `json:"metadata"`
		Spec       struct {
			TopicName  string `json:"topicName"`
			Partitions int    `json:"partitions"`
			Replicas   int    `json:"replicas"`
		} `json:"spec"`
	}
)

// The values the CRDs' schemas allow.
var (
	strimziAuthentication = []string{"tls", "tls-external", "scram-sha-512"}
	strimziResourceTypes  = []string{"topic", "group", "cluster", "transactionalId"}
	strimziOperations     = []string{"Read", "Write", "Create", "Delete", "Alter", "Describe", "ClusterAction", "AlterConfigs", "DescribeConfigs", "IdempotentWrite", "All"}
)

// TestStrimziManifests decodes every service's KafkaUser and KafkaTopics
// strictly into the CRDs' shapes, and checks that they name exactly the
// topics and group the service's Kafka client uses: the user may write
// the topics it publishes and the dead-letter topics of those it reads,
// read those it reads in its own group, and nothing else; the topics are
// the ones it owns.
func TestStrimziManifests(t *testing.T) {
	for _, s := range samples.All() {
		t.Run(s.Name, func(t *testing.T) {
			m, diags := model.Load(s.Name+".yaml", s.Data)
			if diags.HasErrors() || model.Validate(m).HasErrors() {
				t.Fatal("invalid sample")
			}
			files := map[string][]byte{}
			for _, f := range planSample(t, s) {
				files[f.Path] = f.Bytes
			}
			for _, x := range ir.Contexts(m, generator.LayoutServices) {
				dir := "services/" + x.Kebab() + "/deploy/strimzi/"
				user, hasUser := files[dir+"kafka-user.yaml"]
				if !x.OnKafka() {
					if hasUser {
						t.Errorf("%s uses no Kafka, yet has a KafkaUser", x.Kebab())
					}
					continue
				}
				checkKafkaUser(t, dir, user, x)
				checkKafkaTopics(t, dir, files[dir+"kafka-topics.yaml"], x)
			}
		})
	}
}

func checkKafkaUser(t *testing.T, dir string, data []byte, x *ir.Context) {
	t.Helper()
	var u kafkaUser
	if err := k8syaml.UnmarshalStrict(data, &u); err != nil {
		t.Fatalf("%skafka-user.yaml: %v", dir, err)
	}
	if u.APIVersion != "kafka.strimzi.io/v1beta2" || u.Kind != "KafkaUser" || u.Metadata.Name != x.Group || u.Metadata.Labels["strimzi.io/cluster"] == "" {
		t.Errorf("%s: %s %s %q, cluster label %q", dir, u.APIVersion, u.Kind, u.Metadata.Name, u.Metadata.Labels["strimzi.io/cluster"])
	}
	if !slices.Contains(strimziAuthentication, u.Spec.Authentication.Type) || u.Spec.Authorization.Type != "simple" {
		t.Errorf("%s: authentication %q, authorization %q", dir, u.Spec.Authentication.Type, u.Spec.Authorization.Type)
	}
	got := map[string][]string{}
	for _, a := range u.Spec.Authorization.ACLs {
		if !slices.Contains(strimziResourceTypes, a.Resource.Type) || a.Resource.PatternType != "literal" || a.Host != "*" {
			t.Errorf("%s: resource %+v host %q", dir, a.Resource, a.Host)
		}
		for _, op := range a.Operations {
			if !slices.Contains(strimziOperations, op) {
				t.Errorf("%s: operation %q is none of Strimzi's", dir, op)
			}
		}
		key := a.Resource.Type + " " + a.Resource.Name
		if got[key] != nil {
			t.Errorf("%s: %s has two rules", dir, key)
		}
		got[key] = slices.Sorted(slices.Values(a.Operations))
	}
	want := map[string][]string{}
	for _, topic := range x.Publishes {
		want["topic "+topic] = []string{"Create", "Describe", "Write"}
	}
	for _, topic := range x.Consumes {
		want["topic "+topic] = union(want["topic "+topic], []string{"Create", "Describe", "Read"})
		want["topic "+x.DeadLetterTopic(topic)] = []string{"Create", "Describe", "Write"}
	}
	if len(x.Consumes) > 0 {
		want["group "+x.Group] = []string{"Read"}
	}
	for key, ops := range want {
		if !slices.Equal(got[key], ops) {
			t.Errorf("%s: %s allows %v, want %v", dir, key, got[key], ops)
		}
	}
	for key := range got {
		if want[key] == nil {
			t.Errorf("%s: %s is allowed, beyond the model", dir, key)
		}
	}
}

func checkKafkaTopics(t *testing.T, dir string, data []byte, x *ir.Context) {
	t.Helper()
	var names []string
	for _, doc := range bytes.Split(data, []byte("\n---\n"))[1:] {
		var topic kafkaTopic
		if err := k8syaml.UnmarshalStrict(doc, &topic); err != nil {
			t.Fatalf("%skafka-topics.yaml: %v", dir, err)
		}
		if topic.APIVersion != "kafka.strimzi.io/v1beta2" || topic.Kind != "KafkaTopic" || topic.Spec.Partitions < 1 || topic.Spec.Replicas < 1 {
			t.Errorf("%s: %+v", dir, topic)
		}
		if errs := validation.IsDNS1123Subdomain(topic.Metadata.Name); len(errs) > 0 {
			t.Errorf("%s: KafkaTopic name %q: %s", dir, topic.Metadata.Name, strings.Join(errs, "; "))
		}
		names = append(names, topic.Spec.TopicName)
	}
	want := append([]string{}, x.Publishes...)
	for _, topic := range x.Consumes {
		want = append(want, x.DeadLetterTopic(topic))
	}
	slices.Sort(want)
	want = slices.Compact(want)
	slices.Sort(names)
	if !slices.Equal(names, want) {
		t.Errorf("%s: KafkaTopics %v, want the topics it owns %v", dir, names, want)
	}
}

func union(a, b []string) []string {
	out := slices.Concat(a, b)
	slices.Sort(out)
	return slices.Compact(out)
}
