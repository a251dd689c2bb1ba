package kafka

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"os"
	"strings"

	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/sasl"
	"github.com/twmb/franz-go/pkg/sasl/plain"
	"github.com/twmb/franz-go/pkg/sasl/scram"

	"eventstorm/platform/env"
)

// The SASL mechanisms a client may authenticate with.
const (
	MechanismPlain       = "PLAIN"
	MechanismSCRAMSHA256 = "SCRAM-SHA-256"
	MechanismSCRAMSHA512 = "SCRAM-SHA-512"
)

// Security says how the client authenticates to the brokers and whether it
// encrypts its connections: what managed Kafka services require.
type Security struct {
	// Mechanism is the SASL mechanism (KAFKA_SASL_MECHANISM): PLAIN,
	// SCRAM-SHA-256 or SCRAM-SHA-512; empty for no authentication.
	Mechanism string
	// Username and Password are the SASL credentials (KAFKA_SASL_USERNAME,
	// KAFKA_SASL_PASSWORD, or their _FILE variants naming mounted files).
	Username, Password string
	// TLS is the TLS configuration of the connections, nil for plain TCP
	// (KAFKA_TLS, KAFKA_TLS_CA_FILE, KAFKA_TLS_CERT_FILE, KAFKA_TLS_KEY_FILE,
	// KAFKA_TLS_SERVER_NAME).
	TLS *tls.Config
}

// SecurityFromEnv reads the client's security from the environment. Any
// KAFKA_TLS_* file or server name turns TLS on unless KAFKA_TLS=false,
// which is then an error, as is any other combination that cannot be
// what was meant: credentials without a mechanism, a mechanism without
// credentials, a certificate without its key.
func SecurityFromEnv() (Security, error) {
	var s Security
	if err := s.saslFromEnv(); err != nil {
		return Security{}, err
	}
	cfg, err := tlsFromEnv()
	if err != nil {
		return Security{}, err
	}
	s.TLS = cfg
	return s, nil
}

func (s *Security) saslFromEnv() error {
	var err error
	if s.Username, err = env.Secret("KAFKA_SASL_USERNAME"); err != nil {
		return err
	}
	if s.Password, err = env.Secret("KAFKA_SASL_PASSWORD"); err != nil {
		return err
	}
	s.Mechanism = strings.ToUpper(strings.TrimSpace(os.Getenv("KAFKA_SASL_MECHANISM")))
	switch s.Mechanism {
	case "":
		if s.Username != "" || s.Password != "" {
			return fmt.Errorf("KAFKA_SASL_USERNAME or KAFKA_SASL_PASSWORD is set but KAFKA_SASL_MECHANISM is not: set it to %s, %s or %s", MechanismPlain, MechanismSCRAMSHA256, MechanismSCRAMSHA512)
		}
	case MechanismPlain, MechanismSCRAMSHA256, MechanismSCRAMSHA512:
		if s.Username == "" || s.Password == "" {
			return fmt.Errorf("KAFKA_SASL_MECHANISM=%s needs KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD (or KAFKA_SASL_USERNAME_FILE and KAFKA_SASL_PASSWORD_FILE)", s.Mechanism)
		}
	default:
		return fmt.Errorf("KAFKA_SASL_MECHANISM=%q: want %s, %s or %s", os.Getenv("KAFKA_SASL_MECHANISM"), MechanismPlain, MechanismSCRAMSHA256, MechanismSCRAMSHA512)
	}
	return nil
}

// tlsFromEnv is the TLS configuration the environment asks for, nil for
// none.
func tlsFromEnv() (*tls.Config, error) {
	on, set, err := env.Bool("KAFKA_TLS")
	if err != nil {
		return nil, err
	}
	caFile, certFile, keyFile := os.Getenv("KAFKA_TLS_CA_FILE"), os.Getenv("KAFKA_TLS_CERT_FILE"), os.Getenv("KAFKA_TLS_KEY_FILE")
	serverName := os.Getenv("KAFKA_TLS_SERVER_NAME")
	configured := caFile != "" || certFile != "" || keyFile != "" || serverName != ""
	switch {
	case set && !on && configured:
		return nil, fmt.Errorf("KAFKA_TLS=false, but KAFKA_TLS_CA_FILE, KAFKA_TLS_CERT_FILE, KAFKA_TLS_KEY_FILE or KAFKA_TLS_SERVER_NAME is set: unset them or turn TLS on")
	case !on && !configured:
		return nil, nil
	case (certFile == "") != (keyFile == ""):
		return nil, fmt.Errorf("KAFKA_TLS_CERT_FILE and KAFKA_TLS_KEY_FILE go together (mutual TLS): set both or neither")
	}
	cfg := &tls.Config{MinVersion: tls.VersionTLS12, ServerName: serverName}
	if caFile != "" {
		pem, err := os.ReadFile(caFile)
		if err != nil {
			return nil, fmt.Errorf("KAFKA_TLS_CA_FILE: %w", err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("KAFKA_TLS_CA_FILE=%s holds no PEM certificate", caFile)
		}
		cfg.RootCAs = pool
	}
	if certFile != "" {
		cert, err := tls.LoadX509KeyPair(certFile, keyFile)
		if err != nil {
			return nil, fmt.Errorf("KAFKA_TLS_CERT_FILE, KAFKA_TLS_KEY_FILE: %w", err)
		}
		cfg.Certificates = []tls.Certificate{cert}
	}
	return cfg, nil
}

// Opts are the client options of the security: a SASL mechanism and a TLS
// dialer, as configured.
func (s Security) Opts() []kgo.Opt {
	var opts []kgo.Opt
	if m := s.mechanism(); m != nil {
		opts = append(opts, kgo.SASL(m))
	}
	if s.TLS != nil {
		opts = append(opts, kgo.DialTLSConfig(s.TLS.Clone()))
	}
	return opts
}

func (s Security) mechanism() sasl.Mechanism {
	switch s.Mechanism {
	case MechanismPlain:
		return plain.Auth{User: s.Username, Pass: s.Password}.AsMechanism()
	case MechanismSCRAMSHA256:
		return scram.Auth{User: s.Username, Pass: s.Password}.AsSha256Mechanism()
	case MechanismSCRAMSHA512:
		return scram.Auth{User: s.Username, Pass: s.Password}.AsSha512Mechanism()
	}
	return nil
}

// String describes the security for a start-up log line, without secrets.
func (s Security) String() string {
	auth := "no authentication"
	if s.Mechanism != "" {
		auth = "SASL " + s.Mechanism + " as " + s.Username
	}
	transport := "plaintext"
	if s.TLS != nil {
		transport = "TLS"
		if len(s.TLS.Certificates) > 0 {
			transport = "mutual TLS"
		}
	}
	return auth + ", " + transport
}
