package clientsetup

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/pelletier/go-toml/v2"
)

// codexServer is the [mcp_servers.ambient-authz] table of Codex's
// config.toml. The server answers initialize in tens of milliseconds, far
// inside Codex's default startup_timeout_sec, so that key is left out.
type codexServer struct {
	Command string   `json:"command"`
	Args    []string `json:"args"`
}

func codexServerEntry() codexServer {
	return codexServer{Command: Binary, Args: []string{"serve"}}
}

// codexTable is the text init appends; appending keeps every comment,
// table and key of the user's file byte for byte.
const codexTable = "[mcp_servers." + ServerName + "]\ncommand = \"" + Binary + "\"\nargs = [\"serve\"]\n"

// mergeCodex adds the ambient-authz server to .codex/config.toml unless it
// is there already.
func mergeCodex(path string, src []byte) ([]byte, []string, error) {
	entry, found, err := codexEntry(path, src)
	if err != nil {
		return nil, nil, err
	}
	if found {
		if !sameJSON(entry, codexServerEntry()) {
			return src, []string{"kept the existing [mcp_servers." + ServerName + "] table; it differs from the one init generates, so delete it and rerun to regenerate it"}, nil
		}
		return src, nil, nil
	}
	table := strings.ReplaceAll(codexTable, "\n", lineBreak(src))
	for _, out := range [][]byte{insertAfterServers(src, table), appendTable(src, table)} {
		if out == nil {
			continue
		}
		if got, found, err := codexEntry(path, out); err == nil && found && sameJSON(got, codexServerEntry()) {
			return out, nil, nil
		}
	}
	return nil, nil, &FileError{Path: path, Message: "cannot add [mcp_servers." + ServerName + "] to this file without rewriting it (is mcp_servers an inline table?)", Fix: "add this table by hand:\n" + codexTable}
}

var (
	tomlHeaderRe   = regexp.MustCompile(`^[ \t]*\[`)
	serverHeaderRe = regexp.MustCompile(`^[ \t]*\[[ \t]*"?mcp_servers"?[ \t]*\.`)
)

// insertAfterServers puts table right after the last [mcp_servers.*]
// table, ahead of the comments and blank lines that lead into the next
// table, so the servers stay together. It returns nil when the file has no
// server table or the last one runs to the end of the file.
func insertAfterServers(src []byte, table string) []byte {
	lines := strings.SplitAfter(string(src), "\n")
	last := -1
	for i, l := range lines {
		if serverHeaderRe.MatchString(l) {
			last = i
		}
	}
	if last < 0 {
		return nil
	}
	next := -1
	for i := last + 1; i < len(lines); i++ {
		if tomlHeaderRe.MatchString(lines[i]) {
			next = i
			break
		}
	}
	if next < 0 {
		return nil
	}
	at := next
	for at > last+1 && (strings.TrimSpace(lines[at-1]) == "" || strings.HasPrefix(strings.TrimSpace(lines[at-1]), "#")) {
		at--
	}
	nl := lineBreak(src)
	head := strings.Join(lines[:at], "")
	if !strings.HasSuffix(head, "\n") {
		return nil
	}
	tail := strings.Join(lines[at:], "")
	if strings.TrimSpace(lines[at]) != "" {
		tail = nl + tail
	}
	return []byte(head + nl + table + tail)
}

// appendTable puts table at the end of the file, after one blank line.
func appendTable(src []byte, table string) []byte {
	var out bytes.Buffer
	if trimmed := bytes.TrimRight(src, "\r\n"); len(trimmed) > 0 {
		out.Write(trimmed)
		out.WriteString(lineBreak(src) + lineBreak(src))
	}
	out.WriteString(table)
	return out.Bytes()
}

// codexEntry parses a config.toml and returns its ambient-authz server
// table, if any.
func codexEntry(path string, src []byte) (any, bool, error) {
	var doc map[string]any
	if err := toml.Unmarshal(src, &doc); err != nil {
		fe := &FileError{Path: path, Message: "not valid TOML: " + err.Error(), Fix: "fix the file (or move it aside) and rerun; nothing was written"}
		var de *toml.DecodeError
		if errors.As(err, &de) {
			fe.Line, fe.Col = de.Position()
		}
		return nil, false, fe
	}
	servers, ok := doc["mcp_servers"]
	if !ok {
		return nil, false, nil
	}
	table, ok := servers.(map[string]any)
	if !ok {
		return nil, false, &FileError{Path: path, Message: fmt.Sprintf("mcp_servers is a %T, not a table", servers), Fix: "make mcp_servers a table and rerun"}
	}
	entry, ok := table[ServerName]
	return entry, ok, nil
}
