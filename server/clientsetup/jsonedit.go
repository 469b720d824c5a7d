package clientsetup

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
)

// jsonDoc is a JSON(C) file being merged. Each edit inserts text into the
// original bytes and reparses, so keys, order, comments and formatting the
// user wrote stay exactly as they were.
type jsonDoc struct {
	path   string
	src    []byte
	root   *jsonNode
	indent string // one level of indentation, as the file uses it
	crlf   bool
}

func newJSONDoc(path string, src []byte) (*jsonDoc, error) {
	if len(bytes.TrimSpace(src)) == 0 {
		src = []byte("{}\n")
	}
	root, err := parseJSONC(path, src)
	if err != nil {
		return nil, err
	}
	if root.kind != jsonObject {
		line, col := lineCol(src, root.start)
		return nil, &FileError{Path: path, Line: line, Col: col, Message: "the file is " + root.kindName(src) + ", not a JSON object", Fix: "make the top level an object {...} (or move the file aside) and rerun"}
	}
	return &jsonDoc{path: path, src: src, root: root, indent: detectIndent(src), crlf: bytes.Contains(src, []byte("\r\n"))}, nil
}

// ensureMember makes obj(path)[key] exist. A missing entry is added; an
// existing equal one is left alone; an existing different one is kept too,
// and the returned note says so, because it is the user's to change.
func (d *jsonDoc) ensureMember(path []string, key string, want any) (string, error) {
	obj, err := d.ensurePath(path, map[string]any{key: want})
	if err != nil || obj == nil {
		return "", err
	}
	m := obj.member(key)
	if m == nil {
		return "", d.insert(obj, key, want)
	}
	if !sameJSON(m.value.value(d.src), want) {
		line, _ := lineCol(d.src, m.keyStart)
		return fmt.Sprintf("kept the existing %q entry at line %d; it differs from the one init generates, so delete it and rerun to regenerate it", key, line), nil
	}
	return "", nil
}

// ensureArrayEntry makes the array at path hold an element for which
// present is true, appending entry when none does.
func (d *jsonDoc) ensureArrayEntry(path []string, entry any, present func(any) bool) error {
	parent, err := d.ensurePath(path[:len(path)-1], map[string]any{path[len(path)-1]: []any{entry}})
	if err != nil || parent == nil {
		return err
	}
	key := path[len(path)-1]
	m := parent.member(key)
	if m == nil {
		return d.insert(parent, key, []any{entry})
	}
	if m.value.kind != jsonArray {
		return d.wrongType(m, strings.Join(path, "."), "an array")
	}
	for _, e := range m.value.elems {
		if present(e.value(d.src)) {
			return nil
		}
	}
	return d.insert(m.value, "", entry)
}

// ensurePath walks the objects named by path from the root. Where one is
// missing it inserts the rest of the path wrapped around leaf and returns
// nil (the leaf is then in place); otherwise it returns the innermost
// object.
func (d *jsonDoc) ensurePath(path []string, leaf map[string]any) (*jsonNode, error) {
	obj := d.root
	for i, key := range path {
		m := obj.member(key)
		if m == nil {
			var v any = leaf
			for j := len(path) - 1; j > i; j-- {
				v = map[string]any{path[j]: v}
			}
			return nil, d.insert(obj, key, v)
		}
		if m.value.kind != jsonObject {
			return nil, d.wrongType(m, strings.Join(path[:i+1], "."), "an object")
		}
		obj = m.value
	}
	return obj, nil
}

func (d *jsonDoc) wrongType(m *jsonMember, name, want string) error {
	line, col := lineCol(d.src, m.value.start)
	return &FileError{Path: d.path, Line: line, Col: col, Message: fmt.Sprintf("%q is %s; expected %s", name, m.value.kindName(d.src), want), Fix: "fix the value (or move the file aside) and rerun; nothing was written"}
}

// insert adds "key": v to an object (or v to an array when key is "") as
// its last item, in the style of the container: on one line when its items
// share the line of its opening bracket, else one item per line at the
// indentation of the existing items.
func (d *jsonDoc) insert(c *jsonNode, key string, v any) error {
	closePos := c.end - 1
	tail := closePos // just past the last non-space text before the closer
	for tail > c.afterLast && isSpace(d.src[tail-1]) {
		tail--
	}
	prefix := ""
	if key != "" {
		k, _ := marshalJSON(key, "", "")
		prefix = string(k) + ": "
	}
	starts := c.itemStarts()
	var text string
	replaceFrom := tail
	switch {
	case len(starts) > 0 && sameLine(d.src, c.start, starts[0]):
		item, err := marshalJSON(v, "", "")
		if err != nil {
			return err
		}
		sep := ", "
		if c.trailingComma {
			sep = " "
		}
		replaceFrom, tail = c.afterLast, c.afterLast
		text = sep + prefix + string(item)
	default:
		outer := lineIndent(d.src, c.start)
		inner := outer + d.indent
		if len(starts) > 0 {
			inner = lineIndent(d.src, starts[len(starts)-1])
		}
		item, err := marshalJSON(v, inner, d.indent)
		if err != nil {
			return err
		}
		comma := ""
		if len(starts) > 0 && !c.trailingComma {
			comma = ","
			replaceFrom = c.afterLast
		}
		text = comma + string(d.src[replaceFrom:tail]) + "\n" + inner + prefix + string(item) + "\n" + outer
		tail = closePos
	}
	if d.crlf {
		text = strings.ReplaceAll(text, "\n", "\r\n")
	}
	var out bytes.Buffer
	out.Write(d.src[:replaceFrom])
	out.WriteString(text)
	out.Write(d.src[tail:])
	root, err := parseJSONC(d.path, out.Bytes())
	if err != nil {
		return fmt.Errorf("internal error: merging produced invalid JSON: %w", err)
	}
	d.src, d.root = out.Bytes(), root
	return nil
}

// marshalJSON renders v on one line when indent is empty ({"a": 1, "b": 2},
// as people write it), else one member per line under prefix, with arrays
// of plain values kept on one line ("args": ["serve"]). HTML characters are
// not escaped: commands may contain & and <.
func marshalJSON(v any, prefix, indent string) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, fmt.Errorf("rendering JSON: %w", err)
	}
	raw := bytes.TrimRight(buf.Bytes(), "\n")
	n, err := parseJSONC("", raw)
	if err != nil {
		return nil, fmt.Errorf("rendering JSON: %w", err)
	}
	var out bytes.Buffer
	writePretty(&out, raw, n, prefix, indent)
	return out.Bytes(), nil
}

func writePretty(out *bytes.Buffer, src []byte, n *jsonNode, prefix, indent string) {
	inner := prefix + indent
	switch {
	case indent == "" && n.kind == jsonObject:
		out.WriteString("{")
		for i, m := range n.members {
			if i > 0 {
				out.WriteString(", ")
			}
			key, _ := marshalJSON(m.key, "", "")
			out.Write(key)
			out.WriteString(": ")
			writePretty(out, src, m.value, "", "")
		}
		out.WriteString("}")
	case indent == "" && n.kind == jsonArray:
		out.WriteString("[")
		for i, e := range n.elems {
			if i > 0 {
				out.WriteString(", ")
			}
			writePretty(out, src, e, "", "")
		}
		out.WriteString("]")
	case n.kind == jsonObject && len(n.members) > 0:
		out.WriteString("{")
		for i, m := range n.members {
			if i > 0 {
				out.WriteString(",")
			}
			out.WriteString("\n" + inner)
			key, _ := marshalJSON(m.key, "", "")
			out.Write(key)
			out.WriteString(": ")
			writePretty(out, src, m.value, inner, indent)
		}
		out.WriteString("\n" + prefix + "}")
	case n.kind == jsonArray && len(n.elems) > 0 && !slices.ContainsFunc(n.elems, func(e *jsonNode) bool { return e.kind != jsonScalar }):
		out.WriteString("[")
		for i, e := range n.elems {
			if i > 0 {
				out.WriteString(", ")
			}
			out.Write(src[e.start:e.end])
		}
		out.WriteString("]")
	case n.kind == jsonArray && len(n.elems) > 0:
		out.WriteString("[")
		for i, e := range n.elems {
			if i > 0 {
				out.WriteString(",")
			}
			out.WriteString("\n" + inner)
			writePretty(out, src, e, inner, indent)
		}
		out.WriteString("\n" + prefix + "]")
	default:
		out.Write(src[n.start:n.end])
	}
}

// sameJSON compares a decoded value with a Go value by their JSON meaning.
func sameJSON(have, want any) bool {
	raw, err := marshalJSON(want, "", "")
	if err != nil {
		return false
	}
	var w any
	if err := json.Unmarshal(raw, &w); err != nil {
		return false
	}
	return reflect.DeepEqual(have, w)
}

// detectIndent returns the smallest indentation the file uses, or two
// spaces.
func detectIndent(src []byte) string {
	best := ""
	for _, line := range strings.Split(string(src), "\n") {
		ws := line[:len(line)-len(strings.TrimLeft(line, " \t"))]
		if ws == "" || strings.TrimSpace(line) == "" {
			continue
		}
		if best == "" || len(ws) < len(best) {
			best = ws
		}
	}
	if best == "" {
		return "  "
	}
	return best
}

// lineIndent returns the leading whitespace of the line holding off.
func lineIndent(src []byte, off int) string {
	start := bytes.LastIndexByte(src[:off], '\n') + 1
	end := start
	for end < len(src) && (src[end] == ' ' || src[end] == '\t') {
		end++
	}
	return string(src[start:end])
}

func sameLine(src []byte, a, b int) bool {
	return bytes.IndexByte(src[a:b], '\n') < 0
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }
