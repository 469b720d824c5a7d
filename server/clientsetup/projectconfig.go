package clientsetup

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// mergeSchemaKey records the schema in .ambient-authz.yaml, where the MCP
// server, the hooks and the CLI all find it, whichever client starts them.
func mergeSchemaKey(schema []string) mergeFunc {
	return func(path string, src []byte) ([]byte, []string, error) {
		have, found, err := configSchema(path, src)
		if err != nil {
			return nil, nil, err
		}
		if found && slices.Equal(have, schema) {
			return src, nil, nil
		}
		nl := lineBreak(src)
		line := "schema: " + yamlPaths(schema) + nl
		var out []byte
		var notes []string
		if found {
			start, end, ok := schemaKeyRange(src)
			if !ok {
				return nil, nil, cannotSetSchema(path, line)
			}
			out = slices.Concat(src[:start], []byte(line), src[end:])
			notes = append(notes, fmt.Sprintf("replaced schema: %s with %s", yamlPaths(have), yamlPaths(schema)))
		} else {
			out = append([]byte{}, src...)
			if len(out) > 0 && !bytes.HasSuffix(out, []byte("\n")) {
				out = append(out, nl...)
			}
			out = append(out, line...)
		}
		got, found, err := configSchema(path, out)
		if err != nil || !found || !slices.Equal(got, schema) {
			return nil, nil, cannotSetSchema(path, line)
		}
		return out, notes, nil
	}
}

func cannotSetSchema(path, line string) error {
	return &FileError{Path: path, Message: "cannot set the schema key in this file without rewriting it", Fix: "set it by hand: " + strings.TrimSpace(line)}
}

var yamlLineRe = regexp.MustCompile(`line (\d+)`)

// configSchema returns the top-level schema: key of a config file.
func configSchema(path string, src []byte) ([]string, bool, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		fe := &FileError{Path: path, Message: "not valid YAML: " + strings.TrimPrefix(err.Error(), "yaml: "), Fix: "fix the file and rerun; nothing was written"}
		if m := yamlLineRe.FindStringSubmatch(err.Error()); m != nil {
			fe.Line, _ = strconv.Atoi(m[1])
		}
		return nil, false, fe
	}
	if len(doc.Content) == 0 {
		return nil, false, nil
	}
	top := doc.Content[0]
	if top.Kind != yaml.MappingNode {
		return nil, false, &FileError{Path: path, Line: top.Line, Message: "the file is not a mapping of keys", Fix: "start it with `schema: PATH`"}
	}
	for i := 0; i+1 < len(top.Content); i += 2 {
		if top.Content[i].Value != "schema" {
			continue
		}
		val := top.Content[i+1]
		switch val.Kind {
		case yaml.ScalarNode:
			return []string{val.Value}, true, nil
		case yaml.SequenceNode:
			var list []string
			if err := val.Decode(&list); err == nil {
				return list, true, nil
			}
		}
		return nil, false, &FileError{Path: path, Line: val.Line, Message: "schema: is neither a path nor a list of paths", Fix: "write `schema: PATH` or `schema: [A, B]`"}
	}
	return nil, false, nil
}

var schemaKeyRe = regexp.MustCompile(`(?m)^schema[ \t]*:`)

// schemaKeyRange finds the lines of the top-level schema: key and its
// value: the key line, then indented lines and block-list items, not
// counting trailing blank lines.
func schemaKeyRange(src []byte) (int, int, bool) {
	loc := schemaKeyRe.FindIndex(src)
	if loc == nil {
		return 0, 0, false
	}
	start := loc[0]
	end := start + bytes.IndexByte(src[start:], '\n') + 1
	if end == start {
		return start, len(src), true
	}
	valueEnd := end
	for end < len(src) {
		next := end + bytes.IndexByte(src[end:], '\n') + 1
		if next == end {
			next = len(src)
		}
		line := src[end:next]
		if len(bytes.TrimSpace(line)) > 0 && line[0] != ' ' && line[0] != '\t' && line[0] != '-' {
			break
		}
		if len(bytes.TrimSpace(line)) > 0 {
			valueEnd = next
		}
		end = next
	}
	return start, valueEnd, true
}

// yamlPaths renders schema paths as a YAML scalar or flow list; JSON
// strings are valid YAML for paths that need quoting.
func yamlPaths(paths []string) string {
	quoted := make([]string, len(paths))
	for i, p := range paths {
		quoted[i] = p
		if !plainPath.MatchString(p) {
			raw, _ := json.Marshal(p)
			quoted[i] = string(raw)
		}
	}
	if len(quoted) == 1 {
		return quoted[0]
	}
	return "[" + strings.Join(quoted, ", ") + "]"
}

var plainPath = regexp.MustCompile(`^[A-Za-z0-9_.][A-Za-z0-9_./-]*$`)
