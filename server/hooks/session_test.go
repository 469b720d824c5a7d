package hooks

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestClaudeCodeSession drives a recorded Claude Code session against the
// sample app: the agent writes a create handler with no check and no
// relationship write, is told and blocked, is stopped at the end, fixes
// the handler and passes.
func TestClaudeCodeSession(t *testing.T) {
	root := newApp(t)
	opts := Options{Root: root, StateDir: t.TempDir()}
	step := func(event, name string) (claudeOutput, string) {
		t.Helper()
		data := recorded(t, "claude/"+name, root)
		if event == EventPostEdit {
			applyEdit(t, data)
		}
		stdout, stderr := hook(t, opts, event, data)
		validateOutput(t, "claude-output.schema.json", map[string]string{EventSessionStart: "SessionStart", EventPostEdit: "PostToolUse", EventStop: "Stop"}[event], stdout)
		return claudeAnswer(t, stdout), stderr
	}

	out, stderr := step(EventSessionStart, "session-start.json")
	require.NotNil(t, out.HookSpecificOutput, stderr)
	assert.Contains(t, out.HookSpecificOutput.AdditionalContext, "- document: edit, view, delete")
	assert.Contains(t, out.HookSpecificOutput.AdditionalContext, "authz_context")
	assert.Contains(t, out.HookSpecificOutput.AdditionalContext, "check_coverage")

	out, stderr = step(EventStop, "stop.json")
	assert.Empty(t, out.Decision, "nothing changed yet; the baselined legacy gap never blocks: %s", stderr)

	out, stderr = step(EventPostEdit, "post-edit-write.json")
	require.NotNil(t, out.HookSpecificOutput, stderr)
	assert.Equal(t, "block", out.Decision)
	assert.Contains(t, out.Reason, "unprotected-handler api/documents.go:18 DocumentHandler.Create (POST /folders/{folder}/documents): check `folder#edit`")
	assert.Contains(t, out.Reason, "missing-relationship-write api/documents.go:18")
	assert.NotContains(t, out.Reason, "legacy/", "a gap elsewhere was not introduced by this edit")
	ctx := out.HookSpecificOutput.AdditionalContext
	assert.Contains(t, ctx, "## authz context: POST /folders/{folder}/documents DocumentHandler.Create")
	assert.Contains(t, ctx, "`document:<id>#owner@user:<actor id>`")

	out, _ = step(EventPostEdit, "post-edit-non-code.json")
	assert.Equal(t, claudeOutput{}, out, "a non-code file gets no answer")

	out, _ = step(EventStop, "stop.json")
	assert.Equal(t, "block", out.Decision)
	assert.Contains(t, out.Reason, "DocumentHandler.Create (POST /folders/{folder}/documents)")
	assert.NotContains(t, out.Reason, "legacy/")

	out, stderr = step(EventStop, "stop-active.json")
	assert.Empty(t, out.Decision, "a continuing agent is not blocked on the same findings again: %s", stderr)

	out, stderr = step(EventPostEdit, "post-edit-multiedit-fix.json")
	require.NotNil(t, out.HookSpecificOutput, "the fixed handler still gets its context: %s", stderr)
	assert.Empty(t, out.Decision, out.Reason)

	out, stderr = step(EventStop, "stop.json")
	assert.Empty(t, out.Decision, "fixed: %s %s", out.Reason, stderr)
}

// TestCursorSession drives the same session through Cursor's hooks, as
// `ambient-authz init` configures them (`hook after-file-edit --client
// cursor`, `hook stop --client cursor`): afterFileEdit records, stop asks
// for a follow-up.
func TestCursorSession(t *testing.T) {
	root := newApp(t)
	opts := Options{Root: root, StateDir: t.TempDir(), Client: "cursor"}
	step := func(event, name string) (string, string) {
		t.Helper()
		data := recorded(t, "cursor/"+name, root)
		def := "stop"
		if event == EventAfterFileEdit {
			applyEdit(t, data)
			def = "afterFileEdit"
		}
		stdout, stderr := hook(t, opts, event, data)
		validateOutput(t, "cursor-output.schema.json", def, stdout)
		return stdout, stderr
	}
	followup := func(stdout string) string {
		var out cursorStopOutput
		if stdout != "" {
			require.NoError(t, json.Unmarshal([]byte(stdout), &out))
		}
		return out.FollowupMessage
	}

	stdout, stderr := step(EventStop, "stop.json")
	assert.Empty(t, stdout, "nothing edited in this conversation: %s", stderr)

	stdout, stderr = step(EventAfterFileEdit, "after-file-edit.json")
	assert.Empty(t, stdout, "afterFileEdit cannot answer")
	assert.Empty(t, stderr)
	stdout, _ = step(EventAfterFileEdit, "after-file-edit-non-code.json")
	assert.Empty(t, stdout)

	stdout, stderr = step(EventStop, "stop.json")
	msg := followup(stdout)
	assert.Contains(t, msg, "unprotected-handler api/documents.go:18 DocumentHandler.Create", stderr)
	assert.NotContains(t, msg, "legacy/")

	stdout, _ = step(EventStop, "stop-loop.json")
	assert.Empty(t, followup(stdout), "a follow-up turn is not sent the same findings again")

	step(EventAfterFileEdit, "after-file-edit-fix.json")
	stdout, stderr = step(EventStop, "stop.json")
	assert.Empty(t, stdout, "fixed: %s", stderr)

	// A passing stop forgets the conversation's edits: the next turn
	// starts clean, even if the file breaks again without an edit hook.
	require.NoError(t, os.WriteFile(filepath.Join(root, "api", "documents.go"), payloadContent(t, root), 0o644))
	stdout, _ = step(EventStop, "stop.json")
	assert.Empty(t, stdout)
}

// payloadContent is the broken handler the recorded Write carries.
func payloadContent(t *testing.T, root string) []byte {
	var p struct {
		ToolInput struct {
			Content string `json:"content"`
		} `json:"tool_input"`
	}
	require.NoError(t, json.Unmarshal(recorded(t, "claude/post-edit-write.json", root), &p))
	return []byte(p.ToolInput.Content)
}

// TestPostEditOtherLanguages: a TypeScript or Python handler gets its
// authz context; the coverage analysis, and so a block, is Go only.
func TestPostEditOtherLanguages(t *testing.T) {
	root := newApp(t)
	files := map[string]string{
		"web/documents.ts": "import express from \"express\";\n\nconst app = express();\n\napp.post(\"/folders/:folder/documents\", async (req, res) => {\n  res.status(201).end();\n});\n",
		"py/documents.py":  "from flask import Flask\n\napp = Flask(__name__)\n\n\n@app.post(\"/folders/<folder>/documents\")\ndef create_document(folder):\n    return \"\", 201\n",
	}
	for name, src := range files {
		t.Run(name, func(t *testing.T) {
			file := filepath.Join(root, filepath.FromSlash(name))
			require.NoError(t, os.MkdirAll(filepath.Dir(file), 0o755))
			require.NoError(t, os.WriteFile(file, []byte(src), 0o644))
			stdout, stderr := hook(t, Options{Root: root, StateDir: t.TempDir()}, EventPostEdit,
				[]byte(`{"session_id":"s","hook_event_name":"PostToolUse","tool_name":"Write","tool_input":{"file_path":"`+file+`"}}`))
			validateOutput(t, "claude-output.schema.json", "PostToolUse", stdout)
			out := claudeAnswer(t, stdout)
			require.NotNil(t, out.HookSpecificOutput, stderr)
			assert.Empty(t, out.Decision)
			assert.Contains(t, out.HookSpecificOutput.AdditionalContext, "## authz context: POST /folders/")
			assert.Contains(t, out.HookSpecificOutput.AdditionalContext, "operation **create**")
		})
	}
}
