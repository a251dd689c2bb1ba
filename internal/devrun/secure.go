package devrun

import (
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kmsg"

	"eventstorm/generator/ir"
	"eventstorm/internal/localca"
	"eventstorm/model"
	"eventstorm/platform/kafka"
)

// SecureMechanism is the SASL mechanism of a secured broker's users, the
// one managed clusters (Strimzi, MSK, Confluent) offer most.
const SecureMechanism = kafka.MechanismSCRAMSHA512

// Security makes a broker take TLS only, authenticate its clients with
// SASL/SCRAM and check ACLs: each service's user may do exactly what the
// model says it does, as in production with the generated KafkaUser
// manifests.
type Security struct {
	// TLS is the server's configuration.
	TLS *tls.Config
	// Admin is a superuser, for eventstorm's own clients (dlq, test).
	Admin User
	// Users are the services' principals, with their ACLs.
	Users []User
	// CAFile is the CA certificate clients trust, as a file.
	CAFile string
	// roots trust that CA, for eventstorm's own clients.
	roots *x509.CertPool
}

// User is a SASL user of the broker and what it may do.
type User struct {
	Name, Password string
	ACLs           []ir.ACL
}

// Env is what a client of this user sets to reach the broker.
func (s *Security) Env(u User) []string {
	return []string{
		"KAFKA_SASL_MECHANISM=" + SecureMechanism,
		"KAFKA_SASL_USERNAME=" + u.Name,
		"KAFKA_SASL_PASSWORD=" + u.Password,
		"KAFKA_TLS_CA_FILE=" + s.CAFile,
	}
}

// EnvFor is the environment of the service name: its user's credentials;
// none for a service without Kafka, which has no user.
func (s *Security) EnvFor(name string) []string {
	if u, ok := s.User(name); ok {
		return s.Env(u)
	}
	return nil
}

// WriteEnvFiles writes, into dir, <user>.env for each user, the services'
// and the admin's: the KAFKA_* settings that reach the broker at addr as
// that user, readable by the owner only. It returns the files.
func (s *Security) WriteEnvFiles(dir, addr string) ([]string, error) {
	var files []string
	for _, u := range append(slices.Clone(s.Users), s.Admin) {
		file := filepath.Join(dir, u.Name+".env")
		text := "KAFKA_BROKERS=" + addr + "\n" + strings.Join(s.Env(u), "\n") + "\n"
		if err := os.WriteFile(file, []byte(text), 0o600); err != nil {
			return nil, err
		}
		files = append(files, file)
	}
	return files, nil
}

// ClientSecurity is the platform client configuration of the user.
func (s *Security) ClientSecurity(u User) kafka.Security {
	return kafka.Security{
		Mechanism: SecureMechanism, Username: u.Name, Password: u.Password,
		TLS: &tls.Config{RootCAs: s.roots, MinVersion: tls.VersionTLS12},
	}
}

// User is the service user of the context named principal, if any.
func (s *Security) User(principal string) (User, bool) {
	for _, u := range s.Users {
		if u.Name == principal {
			return u, true
		}
	}
	return User{}, false
}

// NewSecurity makes a local CA in dir (its certificate written there as
// ca.crt), a server certificate for host, an admin and a user per context
// of m with the ACLs the model gives it, each with a random password. Each
// of services that is no context (the monolith, one process running every
// context with one set of credentials) gets a user allowed what every
// context is.
func NewSecurity(m *model.Model, services []string, dir, host string) (*Security, error) {
	ca, err := localca.New("eventstorm dev CA")
	if err != nil {
		return nil, err
	}
	hosts := []string{host}
	if host != "localhost" && net.ParseIP(host) == nil {
		hosts = append(hosts, "localhost")
	}
	if host != "127.0.0.1" {
		hosts = append(hosts, "127.0.0.1")
	}
	server, err := ca.Server(hosts...)
	if err != nil {
		return nil, err
	}
	cert, err := server.TLS()
	if err != nil {
		return nil, err
	}
	caFile, err := ca.WriteCert(dir, "ca")
	if err != nil {
		return nil, err
	}
	s := &Security{
		TLS:    &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12},
		roots:  ca.Pool(),
		Admin:  User{Name: "eventstorm-admin", Password: password()},
		CAFile: caFile,
	}
	contexts := map[string]bool{}
	for _, x := range ir.Contexts(m, ir.LayoutServices) {
		contexts[x.Principal()] = true
		if x.OnKafka() {
			s.Users = append(s.Users, User{Name: x.Principal(), Password: password(), ACLs: x.ACLs()})
		}
	}
	for _, name := range services {
		if !contexts[name] {
			s.addUnion(name)
		}
	}
	return s, nil
}

// addUnion adds a user name allowed what every user so far is.
func (s *Security) addUnion(name string) {
	u := User{Name: name, Password: password()}
	for _, other := range s.Users {
		u.ACLs = ir.MergeACLs(u.ACLs, other.ACLs)
	}
	s.Users = append(s.Users, u)
}

// opts are the broker options enforcing the security.
func (s *Security) opts() []kfake.Opt {
	opts := []kfake.Opt{
		kfake.EnableSASL(),
		kfake.EnableACLs(),
		kfake.TLS(s.TLS),
		kfake.Superuser(SecureMechanism, s.Admin.Name, s.Admin.Password),
	}
	for _, u := range s.Users {
		opts = append(opts, kfake.User(SecureMechanism, u.Name, u.Password, kfakeACLs(u.ACLs)...))
	}
	return opts
}

// kfakeACLs are the ACLs as kfake seeds them: one allow rule per
// operation on a literal resource name.
func kfakeACLs(acls []ir.ACL) []kfake.ACL {
	resources := map[string]kmsg.ACLResourceType{ir.ResourceTopic: kmsg.ACLResourceTypeTopic, ir.ResourceGroup: kmsg.ACLResourceTypeGroup}
	operations := map[string]kmsg.ACLOperation{ir.OpCreate: kmsg.ACLOperationCreate, ir.OpDescribe: kmsg.ACLOperationDescribe, ir.OpRead: kmsg.ACLOperationRead, ir.OpWrite: kmsg.ACLOperationWrite}
	var out []kfake.ACL
	for _, a := range acls {
		for _, op := range a.Operations {
			out = append(out, kfake.ACL{Resource: resources[a.Resource], Name: a.Name, Pattern: kmsg.ACLResourcePatternTypeLiteral, Operation: operations[op], Allow: true})
		}
	}
	return out
}

// password is a random password of 128 bits.
func password() string {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		panic("devrun: no randomness: " + err.Error()) // crypto/rand does not fail on supported systems
	}
	return hex.EncodeToString(b)
}
