package clientsetup

import "fmt"

// The content a JSON config starts from when the file does not exist yet.
const (
	emptyObject         = "{}\n"
	vscodeSkeleton      = "{\n  \"servers\": {},\n  \"inputs\": []\n}\n"
	cursorHooksSkeleton = "{\n  \"version\": 1,\n  \"hooks\": {}\n}\n"
)

// mergeServer adds the ambient-authz server under key (mcpServers or
// servers) of an MCP config.
func mergeServer(key string, entry any) mergeFunc {
	return func(path string, src []byte) ([]byte, []string, error) {
		d, err := newJSONDoc(path, src)
		if err != nil {
			return nil, nil, err
		}
		note, err := d.ensureMember([]string{key}, ServerName, entry)
		if err != nil {
			return nil, nil, err
		}
		return d.src, nonEmpty(note), nil
	}
}

// mergeClaudeSettings adds the SessionStart, PostToolUse and Stop hooks to
// .claude/settings.json, each as its own matcher group, next to the
// user's.
func mergeClaudeSettings(path string, src []byte) ([]byte, []string, error) {
	d, err := newJSONDoc(path, src)
	if err != nil {
		return nil, nil, err
	}
	for _, h := range claudeHooks {
		group := claudeHookGroup{Matcher: h.matcher, Hooks: []claudeHook{{Type: "command", Command: h.command, Timeout: claudeHookTimeout}}}
		present := func(g any) bool { return claudeGroupRuns(g, h.command) }
		if err := d.ensureArrayEntry([]string{"hooks", h.event}, group, present); err != nil {
			return nil, nil, err
		}
	}
	return d.src, nil, nil
}

// mergeCursorHooks adds the afterFileEdit and stop hooks to
// .cursor/hooks.json.
func mergeCursorHooks(path string, src []byte) ([]byte, []string, error) {
	d, err := newJSONDoc(path, src)
	if err != nil {
		return nil, nil, err
	}
	if v := d.root.member("version"); v != nil && !sameJSON(v.value.value(d.src), 1) {
		return nil, nil, d.wrongVersion(v)
	}
	for _, h := range cursorHooks {
		present := func(e any) bool { return cursorEntryRuns(e, h.command) }
		if err := d.ensureArrayEntry([]string{"hooks", h.event}, cursorHook{Command: h.command}, present); err != nil {
			return nil, nil, err
		}
	}
	return d.src, nil, nil
}

func (d *jsonDoc) wrongVersion(v *jsonMember) error {
	line, col := lineCol(d.src, v.value.start)
	return &FileError{Path: d.path, Line: line, Col: col, Message: fmt.Sprintf("hooks file version %s; init writes version 1 hooks", d.src[v.value.start:v.value.end]), Fix: "add the afterFileEdit and stop hooks by hand, or set \"version\": 1 and rerun"}
}

func nonEmpty(s string) []string {
	if s == "" {
		return nil
	}
	return []string{s}
}
