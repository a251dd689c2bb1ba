// Package authtest is what generated tests use to exercise a service's
// authentication: an OpenID issuer made in the test (a key pair and its
// JWKS file), tokens it signs, and the checks every guarded route must
// pass.
package authtest

import (
	"crypto/rand"
	"crypto/rsa"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
	"github.com/goccy/go-json"

	"eventstorm/platform/auth"
)

// The issuer and audience of the tokens tests sign.
const (
	IssuerURL = "https://issuer.test"
	Audience  = "api.test"
)

// Issuer signs tokens with a key made for the test.
type Issuer struct {
	signer   jose.Signer
	jwks     []byte
	jwksFile string
}

// JWKS is the issuer's public JSON Web Key Set, as its jwks_uri serves it.
func (i *Issuer) JWKS() []byte { return i.jwks }

// NewIssuer makes a key pair and writes its public JWKS to a file of the
// test's.
func NewIssuer(t testing.TB) *Issuer {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.RS256, Key: jose.JSONWebKey{Key: key, KeyID: "test"}}, (&jose.SignerOptions{}).WithType("JWT"))
	if err != nil {
		t.Fatal(err)
	}
	jwks, err := json.Marshal(jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{Key: &key.PublicKey, KeyID: "test", Algorithm: "RS256", Use: "sig"}}})
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "jwks.json")
	if err := os.WriteFile(file, jwks, 0o600); err != nil {
		t.Fatal(err)
	}
	return &Issuer{signer: signer, jwks: jwks, jwksFile: file}
}

// Config is the authentication of a service trusting the issuer:
// AUTH_MODE=jwt with its JWKS file.
func (i *Issuer) Config() auth.Config {
	return auth.Config{Mode: auth.ModeJWT, Issuer: IssuerURL, Audience: Audience, JWKSFile: i.jwksFile, RolesClaim: "roles", Leeway: time.Minute}
}

// Claims are what a token says; zero values take the issuer's defaults.
type Claims struct {
	Roles     []string
	Issuer    string        // default IssuerURL
	Audience  string        // default Audience
	ExpiresIn time.Duration // default an hour; negative for an expired token
	// Extra are further claims, which win over the others.
	Extra map[string]any
}

// Token signs a token for the subject "test-user".
func (i *Issuer) Token(t testing.TB, c Claims) string {
	t.Helper()
	if c.Issuer == "" {
		c.Issuer = IssuerURL
	}
	if c.Audience == "" {
		c.Audience = Audience
	}
	if c.ExpiresIn == 0 {
		c.ExpiresIn = time.Hour
	}
	now := time.Now()
	claims := jwt.Claims{
		Issuer: c.Issuer, Audience: jwt.Audience{c.Audience}, Subject: "test-user",
		IssuedAt: jwt.NewNumericDate(now.Add(-time.Minute)), Expiry: jwt.NewNumericDate(now.Add(c.ExpiresIn)),
	}
	raw, err := jwt.Signed(i.signer).Claims(claims).Claims(map[string]any{"roles": c.Roles}).Claims(c.Extra).Serialize()
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

// CheckGuarded calls a route guarded for role ("" for any authenticated
// caller) as each kind of caller, call sending the request with the bearer
// token given (none when empty) and returning the status: without a token,
// with an expired one, one for another audience or from another issuer it
// must answer 401; a caller without the role, 403; one with it, neither.
func CheckGuarded(t testing.TB, i *Issuer, role string, call func(token string) int) {
	t.Helper()
	roles := []string{}
	if role != "" {
		roles = []string{role}
	}
	cases := []struct {
		caller string
		token  string
		want   int
	}{
		{"without a token", "", http.StatusUnauthorized},
		{"with an expired token", i.Token(t, Claims{Roles: roles, ExpiresIn: -2 * time.Hour}), http.StatusUnauthorized},
		{"with a token for another audience", i.Token(t, Claims{Roles: roles, Audience: "another-api"}), http.StatusUnauthorized},
		{"with a token from another issuer", i.Token(t, Claims{Roles: roles, Issuer: "https://another-issuer.test"}), http.StatusUnauthorized},
	}
	if role != "" {
		cases = append(cases, struct {
			caller string
			token  string
			want   int
		}{"without the role " + role, i.Token(t, Claims{Roles: []string{"not-" + role}}), http.StatusForbidden})
	}
	for _, c := range cases {
		if got := call(c.token); got != c.want {
			t.Errorf("a caller %s: status %d, want %d", c.caller, got, c.want)
		}
	}
	if got := call(i.Token(t, Claims{Roles: roles})); got == http.StatusUnauthorized || got == http.StatusForbidden {
		t.Errorf("a caller with the role %q: status %d, want it let through", role, got)
	}
}

// Status sends a request, with a JSON body unless it is empty and the
// bearer token unless it is empty, and returns the answer's status.
func Status(t testing.TB, client *http.Client, method, url, body, token string) int {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}
