package live

import (
	"context"
	"fmt"
	"time"

	v1 "github.com/authzed/authzed-go/proto/authzed/api/v1"
	authzed "github.com/authzed/authzed-go/v1"
	"github.com/authzed/grpcutil"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
)

// Client reads from one SpiceDB. Its methods only read: nothing in this
// package calls a write of relationships or schema.
type Client struct {
	perms    v1.PermissionsServiceClient
	schema   v1.SchemaServiceClient
	endpoint string
	token    string
	timeout  time.Duration
	close    func() error
}

// Dial prepares a client for cfg without connecting: gRPC connects on the
// first call, so a server that is down does not delay startup, and each
// call reports its own connection problem.
func Dial(cfg Config) (*Client, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	var opts []grpc.DialOption
	if cfg.Insecure {
		opts = append(opts, grpc.WithTransportCredentials(insecure.NewCredentials()))
		if cfg.Token != "" {
			opts = append(opts, grpcutil.WithInsecureBearerToken(cfg.Token))
		}
	} else {
		certs, err := grpcutil.WithSystemCerts(grpcutil.VerifyCA)
		if err != nil {
			return nil, fmt.Errorf("loading the system CA certificates: %w", err)
		}
		opts = append(opts, certs)
		if cfg.Token != "" {
			opts = append(opts, grpcutil.WithBearerToken(cfg.Token))
		}
	}
	c, err := authzed.NewClient(cfg.Endpoint, opts...)
	if err != nil {
		return nil, fmt.Errorf("--spicedb-endpoint %q: %w", cfg.Endpoint, err)
	}
	client := New(c.PermissionsServiceClient, c.SchemaServiceClient, cfg)
	client.close = c.Close
	return client, nil
}

// New wraps existing service clients, such as those on a connection to
// spicedb's in-process services.
func New(perms v1.PermissionsServiceClient, schema v1.SchemaServiceClient, cfg Config) *Client {
	return &Client{perms: perms, schema: schema, endpoint: cfg.Endpoint, token: cfg.Token, timeout: cfg.timeout(), close: func() error { return nil }}
}

// Endpoint is the configured host:port.
func (c *Client) Endpoint() string { return c.endpoint }

// Close releases the connection.
func (c *Client) Close() error { return c.close() }

// call bounds one request by the configured timeout.
func (c *Client) call(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, c.timeout)
}

// HasToken reports whether a token is configured, for logs that must not
// show it.
func (c *Client) HasToken() bool { return c.token != "" }
