package auth_test

import (
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/goccy/go-json"

	"eventstorm/platform/auth"
	"eventstorm/platform/authtest"
)

func guardFor(t *testing.T, cfg auth.Config) *auth.Guard {
	t.Helper()
	g, err := auth.New(t.Context(), cfg, slog.New(slog.DiscardHandler))
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
	p, _ := auth.FromContext(r.Context())
	w.Write([]byte(p.Subject))
}

func TestGuard(t *testing.T) {
	issuer := authtest.NewIssuer(t)
	jwksServer := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.Write(issuer.JWKS()) }))
	defer jwksServer.Close()
	byURL := issuer.Config()
	byURL.JWKSFile, byURL.JWKSURL = "", jwksServer.URL
	customer := []string{"customer"}
	for _, src := range []struct {
		name string
		cfg  auth.Config
	}{{"a JWKS file", issuer.Config()}, {"a JWKS URL", byURL}} {
		t.Run(src.name, func(t *testing.T) {
			command := guardFor(t, src.cfg).Command("customer", ok)
			for _, tc := range []struct {
				name   string
				claims authtest.Claims
				none   bool
				status int
				detail string
			}{
				{name: "the role", claims: authtest.Claims{Roles: customer}, status: 200},
				{name: "no token", none: true, status: 401, detail: "a bearer token is required"},
				{name: "expired", claims: authtest.Claims{Roles: customer, ExpiresIn: -2 * time.Minute}, status: 401, detail: "expired"},
				{name: "expired within the leeway", claims: authtest.Claims{Roles: customer, ExpiresIn: -30 * time.Second}, status: 200},
				{name: "another audience", claims: authtest.Claims{Roles: customer, Audience: "other-api"}, status: 401, detail: "audience"},
				{name: "another issuer", claims: authtest.Claims{Roles: customer, Issuer: "https://evil.test"}, status: 401, detail: "issuer"},
				{name: "without the role", claims: authtest.Claims{Roles: []string{"clerk"}}, status: 403, detail: "the role customer"},
			} {
				token := ""
				if !tc.none {
					token = issuer.Token(t, tc.claims)
				}
				rec := call(command, token)
				if rec.Code != tc.status || !strings.Contains(rec.Body.String(), tc.detail) {
					t.Errorf("%s: %d %s; want %d mentioning %q", tc.name, rec.Code, rec.Body, tc.status, tc.detail)
				}
				if rec.Code >= 400 && rec.Header().Get("Content-Type") != "application/problem+json" {
					t.Errorf("%s: Content-Type %q, want problem JSON", tc.name, rec.Header().Get("Content-Type"))
				}
				if rec.Code == 401 && !strings.HasPrefix(rec.Header().Get("WWW-Authenticate"), "Bearer") {
					t.Errorf("%s: 401 without WWW-Authenticate: Bearer", tc.name)
				}
				if rec.Code == 200 && rec.Body.String() != "test-user" {
					t.Errorf("%s: the handler saw the caller %q, want test-user", tc.name, rec.Body)
				}
			}
			if rec := call(command, "not.a.jwt"); rec.Code != 401 {
				t.Errorf("garbage: %d, want 401", rec.Code)
			}
		})
	}
}

func TestRolesClaims(t *testing.T) {
	issuer := authtest.NewIssuer(t)
	cfg := issuer.Config()
	cfg.RolesClaim = "realm_access.roles"
	nested := issuer.Token(t, authtest.Claims{Extra: map[string]any{"realm_access": map[string]any{"roles": []string{"customer"}}}})
	if rec := call(guardFor(t, cfg).Command("customer", ok), nested); rec.Code != 200 {
		t.Errorf("a nested roles claim: %d %s", rec.Code, rec.Body)
	}
	cfg.RolesClaim = "scope"
	spaced := issuer.Token(t, authtest.Claims{Extra: map[string]any{"scope": "openid customer"}})
	if rec := call(guardFor(t, cfg).Command("customer", ok), spaced); rec.Code != 200 {
		t.Errorf("roles in a space-separated claim: %d %s", rec.Code, rec.Body)
	}
}

func TestReads(t *testing.T) {
	issuer := authtest.NewIssuer(t)
	cfg := issuer.Config()
	if rec := call(guardFor(t, cfg).Read(ok), ""); rec.Code != 401 {
		t.Errorf("a read without a token: %d, want 401", rec.Code)
	}
	if rec := call(guardFor(t, cfg).Read(ok), issuer.Token(t, authtest.Claims{})); rec.Code != 200 {
		t.Errorf("a read by any authenticated caller: %d, want 200", rec.Code)
	}
	cfg.PublicReads = true
	if rec := call(guardFor(t, cfg).Read(ok), ""); rec.Code != 200 {
		t.Errorf("a public read without a token: %d, want 200", rec.Code)
	}
	var none *auth.Guard
	if rec := call(none.Command("customer", ok), ""); rec.Code != 200 {
		t.Errorf("AUTH_MODE=none: %d, want 200", rec.Code)
	}
}

// TestDiscovery finds the keys through the issuer's OpenID discovery.
func TestDiscovery(t *testing.T) {
	issuer := authtest.NewIssuer(t)
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/.well-known/openid-configuration":
			json.NewEncoder(w).Encode(map[string]any{"issuer": srv.URL, "jwks_uri": srv.URL + "/keys", "id_token_signing_alg_values_supported": []string{"RS256"}})
		case "/keys":
			w.Write(issuer.JWKS())
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	cfg := auth.Config{Mode: auth.ModeJWT, Issuer: srv.URL, Audience: authtest.Audience, RolesClaim: "roles"}
	token := issuer.Token(t, authtest.Claims{Roles: []string{"customer"}, Issuer: srv.URL})
	if rec := call(guardFor(t, cfg).Command("customer", ok), token); rec.Code != 200 {
		t.Errorf("with discovered keys: %d %s", rec.Code, rec.Body)
	}
	cfg.Issuer = srv.URL + "/nowhere"
	if _, err := auth.New(t.Context(), cfg, slog.New(slog.DiscardHandler)); err == nil {
		t.Error("an issuer without discovery: no error at start-up")
	}
}

func TestConfigFromEnv(t *testing.T) {
	for _, tc := range []struct {
		vars map[string]string
		bad  string
	}{
		{map[string]string{}, ""},
		{map[string]string{"AUTH_MODE": "jwt", "AUTH_ISSUER": authtest.IssuerURL, "AUTH_AUDIENCE": authtest.Audience}, ""},
		{map[string]string{"AUTH_MODE": "basic"}, `AUTH_MODE="basic"`},
		{map[string]string{"AUTH_MODE": "jwt", "AUTH_AUDIENCE": authtest.Audience}, "needs AUTH_ISSUER"},
		{map[string]string{"AUTH_MODE": "jwt", "AUTH_ISSUER": authtest.IssuerURL}, "needs AUTH_AUDIENCE"},
		{map[string]string{"AUTH_MODE": "jwt", "AUTH_ISSUER": authtest.IssuerURL, "AUTH_AUDIENCE": authtest.Audience, "AUTH_JWKS_URL": "http://x", "AUTH_JWKS_FILE": "/x"}, "both set"},
		{map[string]string{"AUTH_LEEWAY": "forever"}, "AUTH_LEEWAY"},
	} {
		for _, name := range []string{"AUTH_MODE", "AUTH_ISSUER", "AUTH_AUDIENCE", "AUTH_JWKS_URL", "AUTH_JWKS_FILE", "AUTH_LEEWAY", "AUTH_ROLES_CLAIM", "AUTH_PUBLIC_READS"} {
			t.Setenv(name, tc.vars[name])
		}
		_, err := auth.ConfigFromEnv()
		if (err != nil) != (tc.bad != "") || (err != nil && !strings.Contains(err.Error(), tc.bad)) {
			t.Errorf("%v: error %v, want one mentioning %q", tc.vars, err, tc.bad)
		}
	}
}
