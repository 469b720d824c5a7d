package hooks

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
)

// client is the agent that called the hook.
type client string

const (
	claudeCode client = "Claude Code"
	cursor     client = "Cursor"
)

// payload is the JSON a client writes on stdin; one struct holds both
// clients' fields.
type payload struct {
	// HookEventName is Claude Code's `SessionStart`, `PostToolUse` or
	// `Stop`, or Cursor's `afterFileEdit` or `stop`.
	HookEventName string `json:"hook_event_name"`

	// Claude Code.
	SessionID string `json:"session_id"`
	// ToolInput is an object for the file tools; kept raw, since other
	// tools (and Cursor's MCP events) send other shapes.
	ToolInput      json.RawMessage `json:"tool_input"`
	StopHookActive bool            `json:"stop_hook_active"`

	// Cursor.
	ConversationID string   `json:"conversation_id"`
	WorkspaceRoots []string `json:"workspace_roots"`
	FilePath       string   `json:"file_path"`
	// Status is completed, aborted or error; LoopCount counts the stop
	// hook's follow-ups so far in this turn.
	Status    string `json:"status"`
	LoopCount int    `json:"loop_count"`

	// forced is the client the hook was configured for (--client); empty
	// means told from the payload.
	forced client
}

// The event names each client sends, by our event.
var clientEvents = map[string]map[client]string{
	EventSessionStart:  {claudeCode: "SessionStart"},
	EventPostEdit:      {claudeCode: "PostToolUse", cursor: "afterFileEdit"},
	EventAfterFileEdit: {cursor: "afterFileEdit"},
	EventStop:          {claudeCode: "Stop", cursor: "stop"},
}

// readPayload parses stdin.
func readPayload(in io.Reader) (*payload, error) {
	data, err := io.ReadAll(io.LimitReader(in, maxPayloadBytes+1))
	if err != nil {
		return nil, fmt.Errorf("reading stdin: %w", err)
	}
	if len(data) > maxPayloadBytes {
		return nil, fmt.Errorf("stdin is larger than %d MiB: not a hook payload", maxPayloadBytes>>20)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, fmt.Errorf("stdin is empty: the client passes the hook's JSON payload there")
	}
	var p payload
	if err := json.Unmarshal(data, &p); err != nil {
		return nil, fmt.Errorf("stdin is not a hook payload (a JSON object): %w", err)
	}
	return &p, nil
}

// client is the configured client, else Claude Code or Cursor told apart
// by the event name, else by the ID each sends.
func (p *payload) client() client {
	if p.forced != "" {
		return p.forced
	}
	for _, byClient := range clientEvents {
		for c, name := range byClient {
			if p.HookEventName == name {
				return c
			}
		}
	}
	if p.ConversationID != "" && p.SessionID == "" {
		return cursor
	}
	return claudeCode
}

// expect checks that the payload is for the event the hook was
// configured as: a PostToolUse payload sent to `hook stop` is a
// configuration mistake, and answering it in the wrong shape would
// confuse the client.
func (p *payload) expect(event string) error {
	c := p.client()
	want, ok := clientEvents[event][c]
	if !ok {
		return fmt.Errorf("%s has no %s hook; see `ambient-authz hook --help` for each client's events", c, event)
	}
	if p.HookEventName != "" && p.HookEventName != want {
		return fmt.Errorf("the payload's hook_event_name is %q, but `hook %s` for %s answers %q; fix the hook configuration", p.HookEventName, event, c, want)
	}
	return nil
}

// sessionKey identifies the conversation for per-session state.
func (p *payload) sessionKey() string {
	if p.client() == cursor {
		return p.ConversationID
	}
	return p.SessionID
}

// editedFile is the file the edit touched: Claude Code's
// tool_input.file_path, or Cursor's file_path.
func (p *payload) editedFile() string {
	if p.client() == cursor {
		return p.FilePath
	}
	var in struct {
		FilePath string `json:"file_path"`
	}
	if json.Unmarshal(p.ToolInput, &in) != nil {
		return ""
	}
	return in.FilePath
}

// continuing reports whether the agent is already going on because of an
// earlier stop answer: Claude Code's stop_hook_active, Cursor's
// loop_count.
func (p *payload) continuing() bool {
	return p.StopHookActive || p.LoopCount > 0
}

// projectDir is the root to analyze: the configured one, else the
// client's project directory. Claude Code runs hooks in the session's
// current directory, which the agent may have changed, and names the
// project in CLAUDE_PROJECT_DIR.
func (p *payload) projectDir(configured string) string {
	switch {
	case configured != "":
		return configured
	case p.client() == claudeCode && os.Getenv("CLAUDE_PROJECT_DIR") != "":
		return os.Getenv("CLAUDE_PROJECT_DIR")
	case p.client() == cursor && len(p.WorkspaceRoots) > 0 && p.WorkspaceRoots[0] != "":
		return p.WorkspaceRoots[0]
	}
	return "."
}

// parseClient reads Options.Client: claude, cursor, or empty.
func parseClient(name string) (client, error) {
	switch name {
	case "":
		return "", nil
	case "claude":
		return claudeCode, nil
	case "cursor":
		return cursor, nil
	}
	return "", fmt.Errorf("--client %q: use claude or cursor, or leave it out to tell the client from the payload", name)
}
