// Package auth identifies a service's HTTP callers: it verifies their bearer
// tokens (JWT) against an OpenID Connect issuer's keys, with go-oidc, and
// checks the role a command requires. The model's actor of a command is
// the role, in kebab-case; reads need an authenticated caller unless they
// are public.
package auth

import (
	"fmt"
	"os"
	"strings"
	"time"

	"eventstorm/platform/env"
)

// The modes of AUTH_MODE.
const (
	ModeNone = "none"
	ModeJWT  = "jwt"
)

// Config says how callers are identified, from the environment.
type Config struct {
	// Mode is none (anyone may call, the default) or jwt (AUTH_MODE).
	Mode string
	// Issuer is the tokens' iss (AUTH_ISSUER); without a key source, its
	// OpenID discovery document names its keys.
	Issuer string
	// Audience is what the tokens' aud must contain (AUTH_AUDIENCE).
	Audience string
	// JWKSURL and JWKSFile are where the issuer's keys are, fetched
	// (AUTH_JWKS_URL) or read from a file for offline use (AUTH_JWKS_FILE).
	JWKSURL, JWKSFile string
	// RolesClaim names the claim listing the caller's roles, a dotted path
	// for a nested one such as realm_access.roles (AUTH_ROLES_CLAIM,
	// default roles).
	RolesClaim string
	// Leeway is how long after its expiry a token is still taken, for
	// clocks that differ (AUTH_LEEWAY, default 1m).
	Leeway time.Duration
	// PublicReads lets anyone read state and read models (AUTH_PUBLIC_READS).
	PublicReads bool
}

// ConfigFromEnv reads the configuration, refusing what cannot work: an
// unknown mode, jwt without an issuer or an audience, two key sources.
func ConfigFromEnv() (Config, error) {
	cfg := Config{
		Mode:       strings.ToLower(env.String("AUTH_MODE", ModeNone)),
		Issuer:     os.Getenv("AUTH_ISSUER"),
		Audience:   os.Getenv("AUTH_AUDIENCE"),
		JWKSURL:    os.Getenv("AUTH_JWKS_URL"),
		JWKSFile:   os.Getenv("AUTH_JWKS_FILE"),
		RolesClaim: env.String("AUTH_ROLES_CLAIM", "roles"),
	}
	leeway, err := env.Duration("AUTH_LEEWAY", time.Minute, 0, time.Hour)
	if err != nil {
		return cfg, err
	}
	cfg.Leeway = leeway
	if cfg.PublicReads, _, err = env.Bool("AUTH_PUBLIC_READS"); err != nil {
		return cfg, err
	}
	switch cfg.Mode {
	case ModeNone:
		return cfg, nil
	case ModeJWT:
	default:
		return cfg, fmt.Errorf("AUTH_MODE=%q: want none or jwt", cfg.Mode)
	}
	switch {
	case cfg.Issuer == "":
		return cfg, fmt.Errorf("AUTH_MODE=jwt needs AUTH_ISSUER, the tokens' issuer")
	case cfg.Audience == "":
		return cfg, fmt.Errorf("AUTH_MODE=jwt needs AUTH_AUDIENCE, which the tokens' aud must contain: without it a token issued for any other API would do")
	case cfg.JWKSURL != "" && cfg.JWKSFile != "":
		return cfg, fmt.Errorf("AUTH_JWKS_URL and AUTH_JWKS_FILE are both set; set one")
	}
	return cfg, nil
}
