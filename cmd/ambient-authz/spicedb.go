package main

import (
	"errors"
	"os"
	"time"

	"github.com/spf13/pflag"

	"github.com/ambient-authz/ambient-authz/schemas/live"
)

// spicedbFlags configure the optional, read-only connection to a running
// SpiceDB. The token is never a flag: command lines show up in process
// listings, so it comes from the environment or a file.
type spicedbFlags struct {
	endpoint  string
	tokenFile string
	insecure  bool
	timeout   time.Duration
}

func (s *spicedbFlags) register(f *pflag.FlagSet) {
	f.StringVar(&s.endpoint, "spicedb-endpoint", "", "host:port of a running SpiceDB's gRPC API; enables the read-only live tools (token from SPICEDB_TOKEN)")
	f.StringVar(&s.tokenFile, "spicedb-token-file", "", "read the SpiceDB token from this file instead of SPICEDB_TOKEN")
	f.BoolVar(&s.insecure, "spicedb-insecure", false, "plaintext gRPC to SpiceDB; refused unless the endpoint is loopback")
	f.DurationVar(&s.timeout, "spicedb-timeout", live.DefaultTimeout, "time limit of each call to SpiceDB")
}

// client prepares the SpiceDB client, or returns nil when no endpoint is
// configured. It does not connect: a SpiceDB that is down does not delay
// startup, and each tool call reports its own connection problem.
func (s *spicedbFlags) client() (*live.Client, error) {
	if s.endpoint == "" {
		if s.tokenFile != "" || s.insecure {
			return nil, errors.New("--spicedb-token-file and --spicedb-insecure need --spicedb-endpoint (or AMBIENT_AUTHZ_SPICEDB_ENDPOINT)")
		}
		return nil, nil
	}
	token, err := live.LoadToken(s.tokenFile, os.LookupEnv)
	if err != nil {
		return nil, err
	}
	return live.Dial(live.Config{Endpoint: s.endpoint, Token: token, Insecure: s.insecure, Timeout: s.timeout})
}
