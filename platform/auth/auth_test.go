package auth

import (
	"crypto/rand"
	"crypto/rsa"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
	"github.com/goccy/go-json"
)

const (
	issuer   = "https://issuer.test"
	audience = "shop-api"
)

// issuerKeys is a signing key and its public JWKS.
type issuerKeys struct {
	signer jose.Signer
	jwks   []byte
}

func newIssuerKeys(t *testing.T) issuerKeys {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.RS256, Key: jose.JSONWebKey{Key: key, KeyID: "k1"}}, (&jose.SignerOptions{}).WithType("JWT"))
	if err != nil {
		t.Fatal(err)
	}
	jwks, err := json.Marshal(jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{Key: &key.PublicKey, KeyID: "k1", Algorithm: "RS256", Use: "sig"}}})
	if err != nil {
		t.Fatal(err)
	}
	return issuerKeys{signer: signer, jwks: jwks}
}

// token signs claims, with the issuer, audience, subject and an expiry
// of exp from now unless the claims override them.
func (k issuerKeys) token(t *testing.T, exp time.Duration, extra map[string]any) string {
	t.Helper()
	claims := jwt.Claims{Issuer: issuer, Audience: jwt.Audience{audience}, Subject: "u1", Expiry: jwt.NewNumericDate(time.Now().Add(exp)), IssuedAt: jwt.NewNumericDate(time.Now().Add(-time.Minute))}
	raw, err := jwt.Signed(k.signer).Claims(claims).Claims(extra).Serialize()
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

func guardFor(t *testing.T, cfg Config) *Guard {
	t.Helper()
	g, err := New(t.Context(), cfg, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// call serves one request through h with the token, if any.
func call(h http.HandlerFunc, token string) *httptest.ResponseRecorder {
	req := httptest.NewRequest("POST", "/order/place-order", nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	rec := httptest.NewRecorder()
	h(rec, req)
	return rec
}

// ok answers 200 with the caller's subject.
func ok(w http.ResponseWriter, r *http.Request) {
	p, _ := FromContext(r.Context())
	w.Write([]byte(p.Subject))
}

func TestGuard(t *testing.T) {
	k := newIssuerKeys(t)
	file := filepath.Join(t.TempDir(), "jwks.json")
	if err := os.WriteFile(file, k.jwks, 0o600); err != nil {
		t.Fatal(err)
	}
	jwksServer := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.Write(k.jwks) }))
	defer jwksServer.Close()
	for _, src := range []struct {
		name string
		cfg  Config
	}{
		{"a JWKS file", Config{Mode: ModeJWT, Issuer: issuer, Audience: audience, JWKSFile: file, RolesClaim: "roles", Leeway: time.Minute}},
		{"a JWKS URL", Config{Mode: ModeJWT, Issuer: issuer, Audience: audience, JWKSURL: jwksServer.URL, RolesClaim: "roles", Leeway: time.Minute}},
	} {
		t.Run(src.name, func(t *testing.T) {
			g := guardFor(t, src.cfg)
			command := g.Command("customer", ok)
			for _, tc := range []struct {
				name   string
				token  string
				status int
				detail string
			}{
				{"the role", k.token(t, time.Hour, map[string]any{"roles": []string{"customer"}}), 200, ""},
				{"no token", "", 401, "a bearer token is required"},
				{"expired", k.token(t, -2*time.Minute, map[string]any{"roles": []string{"customer"}}), 401, "expired"},
				{"expired within the leeway", k.token(t, -30*time.Second, map[string]any{"roles": []string{"customer"}}), 200, ""},
				{"another audience", k.token(t, time.Hour, map[string]any{"aud": "other-api", "roles": []string{"customer"}}), 401, "audience"},
				{"another issuer", k.token(t, time.Hour, map[string]any{"iss": "https://evil.test", "roles": []string{"customer"}}), 401, "issuer"},
				{"without the role", k.token(t, time.Hour, map[string]any{"roles": []string{"clerk"}}), 403, "the role customer"},
				{"garbage", "not.a.jwt", 401, "not valid"},
			} {
				rec := call(command, tc.token)
				if rec.Code != tc.status || !strings.Contains(rec.Body.String(), tc.detail) {
					t.Errorf("%s: %d %s; want %d mentioning %q", tc.name, rec.Code, rec.Body, tc.status, tc.detail)
				}
				if rec.Code >= 400 && rec.Header().Get("Content-Type") != "application/problem+json" {
					t.Errorf("%s: Content-Type %q, want problem JSON", tc.name, rec.Header().Get("Content-Type"))
				}
				if rec.Code == 401 && !strings.HasPrefix(rec.Header().Get("WWW-Authenticate"), "Bearer") {
					t.Errorf("%s: 401 without WWW-Authenticate: Bearer", tc.name)
				}
				if rec.Code == 200 && rec.Body.String() != "u1" {
					t.Errorf("%s: the handler saw the caller %q, want u1", tc.name, rec.Body)
				}
			}
		})
	}
}

func TestRolesClaims(t *testing.T) {
	k := newIssuerKeys(t)
	file := filepath.Join(t.TempDir(), "jwks.json")
	os.WriteFile(file, k.jwks, 0o600)
	g := guardFor(t, Config{Mode: ModeJWT, Issuer: issuer, Audience: audience, JWKSFile: file, RolesClaim: "realm_access.roles"})
	nested := k.token(t, time.Hour, map[string]any{"realm_access": map[string]any{"roles": []string{"customer"}}})
	if rec := call(g.Command("customer", ok), nested); rec.Code != 200 {
		t.Errorf("a nested roles claim: %d %s", rec.Code, rec.Body)
	}
	g = guardFor(t, Config{Mode: ModeJWT, Issuer: issuer, Audience: audience, JWKSFile: file, RolesClaim: "scope"})
	spaced := k.token(t, time.Hour, map[string]any{"scope": "openid customer"})
	if rec := call(g.Command("customer", ok), spaced); rec.Code != 200 {
		t.Errorf("roles in a space-separated claim: %d %s", rec.Code, rec.Body)
	}
}

func TestReads(t *testing.T) {
	k := newIssuerKeys(t)
	file := filepath.Join(t.TempDir(), "jwks.json")
	os.WriteFile(file, k.jwks, 0o600)
	cfg := Config{Mode: ModeJWT, Issuer: issuer, Audience: audience, JWKSFile: file, RolesClaim: "roles"}
	if rec := call(guardFor(t, cfg).Read(ok), ""); rec.Code != 401 {
		t.Errorf("a read without a token: %d, want 401", rec.Code)
	}
	if rec := call(guardFor(t, cfg).Read(ok), k.token(t, time.Hour, nil)); rec.Code != 200 {
		t.Errorf("a read by any authenticated caller: %d, want 200", rec.Code)
	}
	cfg.PublicReads = true
	if rec := call(guardFor(t, cfg).Read(ok), ""); rec.Code != 200 {
		t.Errorf("a public read without a token: %d, want 200", rec.Code)
	}
	var none *Guard
	if rec := call(none.Command("customer", ok), ""); rec.Code != 200 {
		t.Errorf("AUTH_MODE=none: %d, want 200", rec.Code)
	}
}

// TestDiscovery finds the keys through the issuer's OpenID discovery.
func TestDiscovery(t *testing.T) {
	k := newIssuerKeys(t)
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/.well-known/openid-configuration":
			json.NewEncoder(w).Encode(map[string]any{"issuer": srv.URL, "jwks_uri": srv.URL + "/keys", "id_token_signing_alg_values_supported": []string{"RS256"}})
		case "/keys":
			w.Write(k.jwks)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	g := guardFor(t, Config{Mode: ModeJWT, Issuer: srv.URL, Audience: audience, RolesClaim: "roles"})
	token := k.token(t, time.Hour, map[string]any{"iss": srv.URL, "roles": []string{"customer"}})
	if rec := call(g.Command("customer", ok), token); rec.Code != 200 {
		t.Errorf("with discovered keys: %d %s", rec.Code, rec.Body)
	}
	if _, err := New(t.Context(), Config{Mode: ModeJWT, Issuer: srv.URL + "/nowhere", Audience: audience}, slog.New(slog.DiscardHandler)); err == nil {
		t.Error("an issuer without discovery: no error at start-up")
	}
}

func TestConfigFromEnv(t *testing.T) {
	for _, tc := range []struct {
		vars map[string]string
		bad  string
	}{
		{map[string]string{}, ""},
		{map[string]string{"AUTH_MODE": "jwt", "AUTH_ISSUER": issuer, "AUTH_AUDIENCE": audience}, ""},
		{map[string]string{"AUTH_MODE": "basic"}, `AUTH_MODE="basic"`},
		{map[string]string{"AUTH_MODE": "jwt", "AUTH_AUDIENCE": audience}, "needs AUTH_ISSUER"},
		{map[string]string{"AUTH_MODE": "jwt", "AUTH_ISSUER": issuer}, "needs AUTH_AUDIENCE"},
		{map[string]string{"AUTH_MODE": "jwt", "AUTH_ISSUER": issuer, "AUTH_AUDIENCE": audience, "AUTH_JWKS_URL": "http://x", "AUTH_JWKS_FILE": "/x"}, "both set"},
		{map[string]string{"AUTH_LEEWAY": "forever"}, "AUTH_LEEWAY"},
	} {
		for _, name := range []string{"AUTH_MODE", "AUTH_ISSUER", "AUTH_AUDIENCE", "AUTH_JWKS_URL", "AUTH_JWKS_FILE", "AUTH_LEEWAY", "AUTH_ROLES_CLAIM", "AUTH_PUBLIC_READS"} {
			t.Setenv(name, tc.vars[name])
		}
		_, err := ConfigFromEnv()
		if (err != nil) != (tc.bad != "") || (err != nil && !strings.Contains(err.Error(), tc.bad)) {
			t.Errorf("%v: error %v, want one mentioning %q", tc.vars, err, tc.bad)
		}
	}
}
