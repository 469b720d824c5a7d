package live

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/rs/zerolog"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/ambient-authz/ambient-authz/schemas"
)

// Kinds of live failure, so callers can branch without parsing messages.
const (
	ErrUnreachable      schemas.ErrorKind = "spicedb_unreachable"
	ErrAuth             schemas.ErrorKind = "spicedb_auth_failed"
	ErrTLS              schemas.ErrorKind = "spicedb_tls_mismatch"
	ErrDeadline         schemas.ErrorKind = "spicedb_deadline_exceeded"
	ErrRejected         schemas.ErrorKind = "spicedb_rejected_request"
	ErrNoSchemaDeployed schemas.ErrorKind = "spicedb_no_schema"
)

// redacted replaces the token wherever a message might echo it.
const redacted = "[redacted]"

// classify turns a gRPC failure into an InputError that names the cause
// and the fix. Every failure of a live call is something the user fixes
// (configuration, network, the request), so none is a Go error; the
// server stays up and the agent reads why.
// The classified error is logged at debug level on the host's logger.
func (c *Client) classify(ctx context.Context, op string, err error) error {
	st, _ := status.FromError(err)
	msg := st.Message()
	if errors.Is(err, context.DeadlineExceeded) {
		st = status.New(codes.DeadlineExceeded, err.Error())
	}
	where := "SpiceDB at " + c.endpoint
	ie := &schemas.InputError{}
	lower := strings.ToLower(msg)
	switch {
	case st.Code() == codes.Unauthenticated || st.Code() == codes.PermissionDenied:
		ie.Kind, ie.Message = ErrAuth, fmt.Sprintf("%s: %s refused the token (%s): %s", op, where, st.Code(), msg)
		ie.Fix = "set the right token in SPICEDB_TOKEN (or AMBIENT_AUTHZ_SPICEDB_TOKEN) or --spicedb-token-file, then restart the server"
		if c.token == "" {
			ie.Message = fmt.Sprintf("%s: %s requires a token and none is configured (%s)", op, where, st.Code())
		}
	case st.Code() == codes.DeadlineExceeded:
		ie.Kind, ie.Message = ErrDeadline, fmt.Sprintf("%s: %s did not answer within %s", op, where, c.timeout)
		ie.Fix = "check that SpiceDB is up and reachable, narrow the request, or raise --spicedb-timeout"
	case st.Code() == codes.Unavailable && isPlaintextServer(lower):
		ie.Kind, ie.Message = ErrTLS, fmt.Sprintf("%s: TLS handshake with %s failed: the server speaks plaintext gRPC", op, where)
		ie.Fix = "start SpiceDB with TLS, or, for a local SpiceDB on a loopback address, pass --spicedb-insecure"
	case st.Code() == codes.Unavailable && isCertProblem(lower):
		ie.Kind, ie.Message = ErrTLS, fmt.Sprintf("%s: TLS with %s failed: its certificate is not trusted by the system CAs or does not match the host: %s", op, where, msg)
		ie.Fix = "install the issuing CA in the system trust store, or connect by the host name the certificate names"
	case st.Code() == codes.Unavailable && isTLSServer(lower):
		ie.Kind, ie.Message = ErrTLS, fmt.Sprintf("%s: %s closed a plaintext connection; it likely requires TLS: %s", op, where, msg)
		ie.Fix = "drop --spicedb-insecure so the client uses TLS"
	case st.Code() == codes.Unavailable:
		ie.Kind, ie.Message = ErrUnreachable, fmt.Sprintf("%s: %s is unreachable: %s", op, where, msg)
		ie.Fix = "start SpiceDB or fix --spicedb-endpoint (host:port of its gRPC API)"
	default:
		ie.Kind, ie.Message = ErrRejected, fmt.Sprintf("%s: %s rejected the request (%s): %s", op, where, st.Code(), msg)
		ie.Fix = "use type, relation and permission names of the deployed schema (schema_drift shows how it differs from the repository's)"
	}
	if c.token != "" {
		ie.Message = strings.ReplaceAll(ie.Message, c.token, redacted)
	}
	zerolog.Ctx(ctx).Debug().Str("spicedb", c.endpoint).Str("call", op).Str("code", st.Code().String()).Str("kind", string(ie.Kind)).Msg(ie.Message)
	return ie
}

func isPlaintextServer(msg string) bool {
	return strings.Contains(msg, "first record does not look like a tls handshake")
}

func isCertProblem(msg string) bool {
	return strings.Contains(msg, "x509:") || strings.Contains(msg, "certificate")
}

// isTLSServer recognises what a plaintext HTTP/2 client sees from a TLS
// server: a reply that is not an HTTP/2 frame, or a closed connection.
func isTLSServer(msg string) bool {
	return strings.Contains(msg, "server preface") || strings.Contains(msg, "frame too large") ||
		strings.Contains(msg, "connection closed before")
}
