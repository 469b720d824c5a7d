// Package hooks answers agent hooks: Claude Code's SessionStart,
// PostToolUse and Stop, and Cursor's afterFileEdit and stop. Each run
// reads the client's JSON payload, asks the engines (the schema, the
// authz context, the coverage analysis) and writes the answer in the
// client's own output format.
//
// A hook sits in the agent's loop, so a broken one must never trap the
// user: anything unusual (bad input, no schema, a timeout, a bug) allows
// the action and says why on stderr. Run never fails.
package hooks

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/rs/zerolog"

	"github.com/ambient-authz/ambient-authz/schemas"
)

// The events, as named on the command line (`ambient-authz hook <event>`).
// The client (Claude Code or Cursor) is told apart by its payload.
const (
	// EventSessionStart answers Claude Code's SessionStart with the schema
	// summary and the rules.
	EventSessionStart = "session-start"
	// EventPostEdit answers Claude Code's PostToolUse on Write, Edit and
	// MultiEdit, and records Cursor's afterFileEdit.
	EventPostEdit = "post-edit"
	// EventAfterFileEdit records Cursor's afterFileEdit, as post-edit
	// does; the name matches Cursor's event in .cursor/hooks.json.
	EventAfterFileEdit = "after-file-edit"
	// EventStop gates Claude Code's Stop and Cursor's stop on the coverage
	// of the changed files.
	EventStop = "stop"
)

// Events lists the events in the order a session meets them.
var Events = []string{EventSessionStart, EventPostEdit, EventAfterFileEdit, EventStop}

// DefaultTimeout bounds one hook run; past it, the action is allowed.
const DefaultTimeout = 10 * time.Second

// maxPayloadBytes caps stdin. A Write payload carries the whole file, and
// files over the frontends' 1 MiB limit are not analyzed anyway.
const maxPayloadBytes = 8 << 20

// Options configure Run.
type Options struct {
	// Root is the project root directory. Empty means the client's:
	// Claude Code's CLAUDE_PROJECT_DIR, Cursor's first workspace root,
	// else the working directory.
	Root string
	// Schemas are the --schema paths; empty means discovered.
	Schemas []string
	// Timeout bounds the run; zero means DefaultTimeout.
	Timeout time.Duration
	// Client is the client the hook is configured for: "claude" or
	// "cursor". Empty means told from the payload.
	Client string
	// StateDir holds per-session state (Cursor's edited files, the
	// findings a stop already blocked on); empty means
	// <user cache dir>/ambient-authz/hooks.
	StateDir string
}

// answer is what a handler decided: a JSON value for stdout (nil writes
// nothing, which allows), and a note for stderr.
type answer struct {
	out  any
	note string
}

// allow answers with nothing on stdout and says why on stderr.
func allow(format string, args ...any) answer {
	return answer{note: fmt.Sprintf(format, args...)}
}

// run is one event's handler.
type run func(ctx context.Context, s *session) answer

// Run answers one hook event: it reads the payload from in, writes the
// client's answer to out and explains anything unusual on errOut. It
// always lets the caller exit 0.
func Run(ctx context.Context, opts Options, event string, in io.Reader, out, errOut io.Writer) {
	a := dispatch(ctx, opts, event, in)
	if a.note != "" {
		fmt.Fprintf(errOut, "ambient-authz hook %s: %s\n", event, a.note)
	}
	if a.out == nil {
		return
	}
	data, err := marshal(a.out)
	if err != nil {
		fmt.Fprintf(errOut, "ambient-authz hook %s: allowed: encoding the answer: %v\n", event, err)
		return
	}
	out.Write(data)
}

// dispatch picks the handler, parses the payload and runs the handler
// under the timeout.
func dispatch(ctx context.Context, opts Options, event string, in io.Reader) answer {
	handlers := map[string]run{EventSessionStart: sessionStart, EventPostEdit: postEdit, EventAfterFileEdit: postEdit, EventStop: stop}
	h, ok := handlers[event]
	if !ok {
		return allow("allowed: unknown event %q; use one of %s", event, strings.Join(Events, ", "))
	}
	forced, err := parseClient(opts.Client)
	if err != nil {
		return allow("allowed: %v", err)
	}
	p, err := readPayload(in)
	if err != nil {
		return allow("allowed: %v", err)
	}
	p.forced = forced
	if err := p.expect(event); err != nil {
		return allow("allowed: %v", err)
	}
	timeout := opts.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	done := make(chan answer, 1)
	go func() {
		defer func() {
			if r := recover(); r != nil {
				done <- allow("allowed: internal error: %v", r)
			}
		}()
		s, a := newSession(ctx, opts, p)
		if s != nil {
			a = h(ctx, s)
		}
		done <- a
	}()
	select {
	case a := <-done:
		return a
	case <-ctx.Done():
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return allow("allowed: timed out after %v; raise --timeout (AMBIENT_AUTHZ_TIMEOUT) if the project is this large", timeout)
		}
		return allow("allowed: %v", ctx.Err())
	}
}

// session is what every handler works from: the payload and the project.
type session struct {
	payload *payload
	store   *schemas.Store
	state   *state
	log     *zerolog.Logger
}

func newSession(ctx context.Context, opts Options, p *payload) (*session, answer) {
	root, err := schemas.NewRoot(p.projectDir(opts.Root))
	if err != nil {
		return nil, allow("allowed: %v", err)
	}
	return &session{payload: p, store: schemas.NewStore(root, opts.Schemas), state: openState(opts.StateDir, root.Dir, p.sessionKey()), log: zerolog.Ctx(ctx)}, answer{}
}

// marshal encodes v on one line, keeping `<`, `>` and `&` as they are:
// reasons show `document:<id>`.
func marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
