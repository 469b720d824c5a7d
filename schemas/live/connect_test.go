package live_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"

	"github.com/ambient-authz/ambient-authz/schemas"
	"github.com/ambient-authz/ambient-authz/schemas/live"
	"github.com/ambient-authz/ambient-authz/schemas/live/livetest"
)

func TestConfigValidate(t *testing.T) {
	tests := []struct {
		cfg  live.Config
		want string
	}{
		{live.Config{Endpoint: "grpc.authzed.com:443"}, ""},
		{live.Config{Endpoint: "localhost:50051", Insecure: true}, ""},
		{live.Config{Endpoint: "127.0.0.9:50051", Insecure: true}, ""},
		{live.Config{Endpoint: "[::1]:50051", Insecure: true}, ""},
		{live.Config{Endpoint: "spicedb.internal:50051", Insecure: true}, "--spicedb-insecure is refused for spicedb.internal:50051"},
		{live.Config{Endpoint: "10.0.0.1:50051", Insecure: true}, "loopback"},
		{live.Config{Endpoint: "localhost"}, "want host:port"},
		{live.Config{Endpoint: ":50051"}, "want host:port"},
		{live.Config{Endpoint: "localhost:50051", Timeout: -time.Second}, "must be positive"},
	}
	for _, tt := range tests {
		err := tt.cfg.Validate()
		if tt.want == "" {
			assert.NoError(t, err, tt.cfg.Endpoint)
			continue
		}
		require.Error(t, err, tt.cfg.Endpoint)
		assert.Contains(t, err.Error(), tt.want)
		_, derr := live.Dial(tt.cfg)
		assert.Error(t, derr, "Dial validates too")
	}
}

func TestLoadToken(t *testing.T) {
	env := func(vars map[string]string) func(string) (string, bool) {
		return func(k string) (string, bool) { v, ok := vars[k]; return v, ok }
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "token")
	require.NoError(t, os.WriteFile(file, []byte("from-file\n"), 0o600))
	empty := filepath.Join(dir, "empty")
	require.NoError(t, os.WriteFile(empty, []byte("\n"), 0o600))

	tok, err := live.LoadToken(file, env(map[string]string{"SPICEDB_TOKEN": "from-env"}))
	require.NoError(t, err)
	assert.Equal(t, "from-file", tok, "the file wins and is trimmed")
	tok, _ = live.LoadToken("", env(map[string]string{"SPICEDB_TOKEN": "plain", "AMBIENT_AUTHZ_SPICEDB_TOKEN": "ours"}))
	assert.Equal(t, "ours", tok)
	tok, _ = live.LoadToken("", env(map[string]string{"SPICEDB_TOKEN": "plain"}))
	assert.Equal(t, "plain", tok)
	tok, err = live.LoadToken("", env(nil))
	assert.NoError(t, err)
	assert.Empty(t, tok)

	_, err = live.LoadToken(empty, env(nil))
	assert.ErrorContains(t, err, "is empty")
	_, err = live.LoadToken(filepath.Join(dir, "missing"), env(nil))
	assert.ErrorContains(t, err, "--spicedb-token-file")
}

// secretToken is distinctive so a leak anywhere is found by substring.
const secretToken = "tok_SECRET_4f9a1c0e_do_not_print"

// TestConnectionFailures dials servers that fail in each way and checks
// that every error names its cause and never carries the token.
func TestConnectionFailures(t *testing.T) {
	cert := selfSignedCert(t)
	tests := []struct {
		name     string
		endpoint string
		insecure bool
		kind     schemas.ErrorKind
		want     string
	}{
		{"nothing listening", livetest.ClosedPort(t), true, live.ErrUnreachable, "is unreachable"},
		{"unknown host", "no-such-host.invalid:50051", false, live.ErrUnreachable, "is unreachable"},
		{"TLS client, plaintext server", serve(t, nil), false, live.ErrTLS, "the server speaks plaintext gRPC"},
		{"untrusted certificate", serve(t, &cert), false, live.ErrTLS, "certificate is not trusted"},
		{"plaintext client, TLS server", serve(t, &cert), true, live.ErrTLS, "it likely requires TLS"},
		{"silent server", livetest.ServeSilent(t), true, live.ErrDeadline, "did not answer within 300ms"},
		{"token refused", livetest.ServeRefusing(t), true, live.ErrAuth, "refused the token (Unauthenticated)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := live.Dial(live.Config{Endpoint: tt.endpoint, Token: secretToken, Insecure: tt.insecure, Timeout: 300 * time.Millisecond})
			require.NoError(t, err, "dialing is lazy")
			defer c.Close()
			calls := map[string]func() error{
				"check": func() error {
					_, err := c.Check(context.Background(), live.CheckRequest{Resource: "document:x", Permission: "view", Subject: "user:a"})
					return err
				},
				"lookup": func() error {
					_, err := c.LookupResources(context.Background(), live.LookupResourcesRequest{ResourceType: "document", Permission: "view", Subject: "user:a"})
					return err
				},
				"schema": func() error { _, err := c.ReadSchema(context.Background()); return err },
			}
			for name, call := range calls {
				err := call()
				var ie *schemas.InputError
				require.True(t, errors.As(err, &ie), "%s: an InputError, got %v", name, err)
				assert.Equal(t, tt.kind, ie.Kind, "%s: %s", name, ie.Error())
				assert.Contains(t, ie.Error(), tt.want, name)
				assert.Contains(t, ie.Error(), "fix: ", name)
				assert.NotContains(t, ie.Error(), secretToken, "%s: the token leaked", name)
			}
		})
	}
}

func TestNoTokenConfigured(t *testing.T) {
	c, err := live.Dial(live.Config{Endpoint: livetest.ServeRefusing(t), Insecure: true, Timeout: time.Second})
	require.NoError(t, err)
	_, err = c.ReadSchema(context.Background())
	assert.ErrorContains(t, err, "requires a token and none is configured")
	assert.ErrorContains(t, err, "SPICEDB_TOKEN")
}

// serve runs a gRPC server with no services on loopback, with TLS when
// cert is set.
func serve(t *testing.T, cert *tls.Certificate) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	var opts []grpc.ServerOption
	if cert != nil {
		opts = append(opts, grpc.Creds(credentials.NewServerTLSFromCert(cert)))
	}
	s := grpc.NewServer(opts...)
	go s.Serve(l)
	t.Cleanup(s.Stop)
	return l.Addr().String()
}

func selfSignedCert(t *testing.T) tls.Certificate {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "spicedb-test"},
		IPAddresses:  []net.IP{net.ParseIP("127.0.0.1")},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	require.NoError(t, err)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}
}
