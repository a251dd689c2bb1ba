package auth

import (
	"context"
	"crypto"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"github.com/go-jose/go-jose/v4"
	"github.com/goccy/go-json"

	"eventstorm/platform/httpx"
	"eventstorm/platform/identity"
)

// signingAlgs are the algorithms tokens may be signed with when the keys
// do not come from the issuer's discovery document, which lists its own.
var signingAlgs = []string{
	oidc.RS256, oidc.RS384, oidc.RS512, oidc.ES256, oidc.ES384, oidc.ES512,
	oidc.PS256, oidc.PS384, oidc.PS512, oidc.EdDSA,
}

// fetchTimeout bounds each request to the issuer: discovery and keys.
const fetchTimeout = 10 * time.Second

// Principal is an authenticated caller: a token's subject and the roles
// its roles claim lists.
type Principal = identity.Principal

// FromContext is the caller of a request, if it was authenticated.
func FromContext(ctx context.Context) (Principal, bool) {
	return identity.FromContext(ctx)
}

// Guard checks the callers of an API. A nil Guard lets everyone through:
// AUTH_MODE=none.
type Guard struct {
	verifier    *oidc.IDTokenVerifier
	rolesClaim  []string
	publicReads bool
}

// New is the guard of cfg: nil for mode none, which it logs, as a service
// open to anyone should say so.
func New(ctx context.Context, cfg Config, logger *slog.Logger) (*Guard, error) {
	if cfg.Mode != ModeJWT {
		logger.Info("auth: AUTH_MODE=none: every caller may issue every command")
		return nil, nil
	}
	ctx = oidc.ClientContext(ctx, &http.Client{Timeout: fetchTimeout})
	oc := &oidc.Config{
		ClientID: cfg.Audience,
		Now:      func() time.Time { return time.Now().Add(-cfg.Leeway) },
	}
	var verifier *oidc.IDTokenVerifier
	switch {
	case cfg.JWKSFile != "":
		keys, err := readJWKS(cfg.JWKSFile)
		if err != nil {
			return nil, err
		}
		oc.SupportedSigningAlgs = signingAlgs
		verifier = oidc.NewVerifier(cfg.Issuer, &oidc.StaticKeySet{PublicKeys: keys}, oc)
	case cfg.JWKSURL != "":
		oc.SupportedSigningAlgs = signingAlgs
		verifier = oidc.NewVerifier(cfg.Issuer, oidc.NewRemoteKeySet(ctx, cfg.JWKSURL), oc)
	default:
		discovery, cancel := context.WithTimeout(ctx, fetchTimeout)
		defer cancel()
		provider, err := oidc.NewProvider(discovery, cfg.Issuer)
		if err != nil {
			return nil, fmt.Errorf("auth: the OpenID discovery of AUTH_ISSUER=%s: %w", cfg.Issuer, err)
		}
		verifier = provider.VerifierContext(ctx, oc)
	}
	logger.Info("auth: bearer tokens required", "issuer", cfg.Issuer, "audience", cfg.Audience, "publicReads", cfg.PublicReads)
	return &Guard{verifier: verifier, rolesClaim: strings.Split(cfg.RolesClaim, "."), publicReads: cfg.PublicReads}, nil
}

// readJWKS reads the public keys of a JSON Web Key Set file.
func readJWKS(file string) ([]crypto.PublicKey, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("AUTH_JWKS_FILE: %w", err)
	}
	var set jose.JSONWebKeySet
	if err := json.Unmarshal(data, &set); err != nil {
		return nil, fmt.Errorf("AUTH_JWKS_FILE=%s is no JSON Web Key Set: %w", file, err)
	}
	var keys []crypto.PublicKey
	for _, k := range set.Keys {
		if k.IsPublic() {
			keys = append(keys, k.Key)
		} else {
			keys = append(keys, k.Public().Key)
		}
	}
	if len(keys) == 0 {
		return nil, fmt.Errorf("AUTH_JWKS_FILE=%s holds no key", file)
	}
	return keys, nil
}

// Command lets next serve callers with the role; an empty role, a command
// no actor issues, needs only an authenticated caller.
func (g *Guard) Command(role string, next http.HandlerFunc) http.HandlerFunc {
	if g == nil {
		return next
	}
	return g.guard(role, next)
}

// Read lets next serve authenticated callers, or anyone when reads are
// public.
func (g *Guard) Read(next http.HandlerFunc) http.HandlerFunc {
	if g == nil || g.publicReads {
		return next
	}
	return g.guard("", next)
}

func (g *Guard) guard(role string, next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		p, err := g.authenticate(r)
		if err != nil {
			w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token"`)
			if r.Header.Get("Authorization") == "" {
				w.Header().Set("WWW-Authenticate", "Bearer")
			}
			httpx.WriteProblem(w, r, http.StatusUnauthorized, err.Error())
			return
		}
		if role != "" && !p.HasRole(role) {
			httpx.WriteProblem(w, r, http.StatusForbidden, fmt.Sprintf("this needs the role %s, which the caller's token does not give", role))
			return
		}
		next(w, r.WithContext(identity.NewContext(r.Context(), p)))
	}
}

// authenticate verifies the request's bearer token.
func (g *Guard) authenticate(r *http.Request) (Principal, error) {
	scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || token == "" {
		return Principal{}, fmt.Errorf("a bearer token is required (Authorization: Bearer <JWT>)")
	}
	idToken, err := g.verifier.Verify(r.Context(), strings.TrimSpace(token))
	if err != nil {
		return Principal{}, fmt.Errorf("the bearer token is not valid: %w", err)
	}
	var claims map[string]any
	if err := idToken.Claims(&claims); err != nil {
		return Principal{}, fmt.Errorf("the bearer token's claims: %w", err)
	}
	return Principal{Subject: idToken.Subject, Roles: roles(claims, g.rolesClaim)}, nil
}

// roles are the strings at the claim path: a list, or one string of roles
// separated by spaces (as OAuth's scope is).
func roles(claims map[string]any, path []string) []string {
	var v any = claims
	for _, name := range path {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[name]
	}
	switch v := v.(type) {
	case string:
		return strings.Fields(v)
	case []any:
		var out []string
		for _, item := range v {
			if s, ok := item.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}
