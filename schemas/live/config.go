// Package live reads a running SpiceDB over its v1 gRPC API: permission
// checks with a debug trace, lookups, relationship reads and the deployed
// schema. It never writes. Connection failures come back as
// *schemas.InputError values that name the cause (unreachable, auth, TLS,
// deadline), and the bearer token never appears in any error or log.
package live

import (
	"fmt"
	"net"
	"os"
	"strings"
	"time"
)

// DefaultTimeout bounds each call to SpiceDB when no timeout is configured.
const DefaultTimeout = 10 * time.Second

// Config says how to reach SpiceDB.
type Config struct {
	// Endpoint is host:port, such as grpc.authzed.com:443 or localhost:50051.
	Endpoint string
	// Token is the bearer token (a preshared key or an API token); it is
	// sent with every call and never logged.
	Token string
	// Insecure sends the token over plaintext gRPC; only a loopback
	// endpoint allows it.
	Insecure bool
	// Timeout bounds each call; zero means DefaultTimeout.
	Timeout time.Duration
}

// Token sources, in order of precedence after --spicedb-token-file.
var tokenEnv = []string{"AMBIENT_AUTHZ_SPICEDB_TOKEN", "SPICEDB_TOKEN"}

// LoadToken returns the bearer token: the first line of tokenFile when it
// is set, else the first of AMBIENT_AUTHZ_SPICEDB_TOKEN and SPICEDB_TOKEN
// that lookupEnv finds. An empty result means no token.
func LoadToken(tokenFile string, lookupEnv func(string) (string, bool)) (string, error) {
	if tokenFile != "" {
		data, err := os.ReadFile(tokenFile)
		if err != nil {
			// The path error names the file, never its content.
			return "", fmt.Errorf("--spicedb-token-file: %w", err)
		}
		token := strings.TrimSpace(string(data))
		if token == "" {
			return "", fmt.Errorf("--spicedb-token-file %s is empty: put the SpiceDB token in it", tokenFile)
		}
		return token, nil
	}
	for _, name := range tokenEnv {
		if v, ok := lookupEnv(name); ok && strings.TrimSpace(v) != "" {
			return strings.TrimSpace(v), nil
		}
	}
	return "", nil
}

// Validate checks the endpoint's form and refuses plaintext to anything
// but a loopback address, where the token cannot cross a network.
func (c Config) Validate() error {
	host, port, err := net.SplitHostPort(c.Endpoint)
	if err != nil || host == "" || port == "" {
		return fmt.Errorf("--spicedb-endpoint %q: want host:port, e.g. localhost:50051 or grpc.authzed.com:443", c.Endpoint)
	}
	if c.Timeout < 0 {
		return fmt.Errorf("--spicedb-timeout %s: must be positive", c.Timeout)
	}
	if c.Insecure && !IsLoopback(host) {
		return fmt.Errorf("--spicedb-insecure is refused for %s: plaintext would send the token over the network; "+
			"use TLS (drop --spicedb-insecure), or reach SpiceDB through a loopback address (127.0.0.1, ::1, localhost)", c.Endpoint)
	}
	return nil
}

// IsLoopback reports whether host is localhost or an address in
// 127.0.0.0/8 or ::1.
func IsLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func (c Config) timeout() time.Duration {
	if c.Timeout == 0 {
		return DefaultTimeout
	}
	return c.Timeout
}
