package clientsetup

import (
	"encoding/json"
	"fmt"
)

// jsonKind is the type of a parsed JSON value.
type jsonKind int

const (
	jsonObject jsonKind = iota
	jsonArray
	jsonScalar
)

// jsonNode is a JSON value with the byte offsets of its text, so init can
// insert into a user's file without reformatting it. The parser accepts
// JSONC (comments and trailing commas), which VS Code and Cursor allow.
type jsonNode struct {
	kind       jsonKind
	start, end int // the value's text is src[start:end]
	members    []jsonMember
	elems      []*jsonNode
	// afterLast is the offset just past the last member or element, or
	// past its trailing comma when there is one.
	afterLast     int
	trailingComma bool
}

// jsonMember is one key of an object.
type jsonMember struct {
	key      string
	keyStart int
	value    *jsonNode
}

// member returns the last member named key (JSON parsers keep the last of
// duplicate keys), or nil.
func (n *jsonNode) member(key string) *jsonMember {
	for i := len(n.members) - 1; i >= 0; i-- {
		if n.members[i].key == key {
			return &n.members[i]
		}
	}
	return nil
}

// itemStarts returns the start offsets of the members or elements.
func (n *jsonNode) itemStarts() []int {
	var starts []int
	for _, m := range n.members {
		starts = append(starts, m.keyStart)
	}
	for _, e := range n.elems {
		starts = append(starts, e.start)
	}
	return starts
}

// value decodes the node into the generic form encoding/json produces
// (map[string]any, []any, string, float64, bool, nil).
func (n *jsonNode) value(src []byte) any {
	switch n.kind {
	case jsonObject:
		m := make(map[string]any, len(n.members))
		for _, mem := range n.members {
			m[mem.key] = mem.value.value(src)
		}
		return m
	case jsonArray:
		a := make([]any, 0, len(n.elems))
		for _, e := range n.elems {
			a = append(a, e.value(src))
		}
		return a
	}
	var v any
	_ = json.Unmarshal(src[n.start:n.end], &v) // validated while parsing
	return v
}

// kindName names a node's type for error messages.
func (n *jsonNode) kindName(src []byte) string {
	switch n.kind {
	case jsonObject:
		return "an object"
	case jsonArray:
		return "an array"
	}
	switch v := n.value(src).(type) {
	case string:
		return "a string"
	case nil:
		return "null"
	case bool:
		return fmt.Sprintf("%v", v)
	}
	return "a number"
}

// parseJSONC parses src, reporting the first syntax error at its line and
// column in path.
func parseJSONC(path string, src []byte) (*jsonNode, error) {
	p := &jsonParser{src: src, path: path}
	if len(src) >= 3 && string(src[:3]) == "\ufeff" {
		p.pos = 3
	}
	p.skipSpace()
	if p.err != nil {
		return nil, p.err
	}
	n := p.parseValue(0)
	if p.err != nil {
		return nil, p.err
	}
	p.skipSpace()
	if p.err == nil && p.pos < len(src) {
		p.fail(p.pos, "unexpected text after the JSON value")
	}
	return n, p.err
}

// maxJSONDepth bounds nesting so a hostile file cannot exhaust the stack.
const maxJSONDepth = 200

type jsonParser struct {
	src  []byte
	pos  int
	path string
	err  error
}

func (p *jsonParser) fail(off int, format string, args ...any) {
	if p.err != nil {
		return
	}
	line, col := lineCol(p.src, off)
	p.err = &FileError{Path: p.path, Line: line, Col: col, Message: "not valid JSON: " + fmt.Sprintf(format, args...), Fix: "fix the file (or move it aside) and rerun; nothing was written"}
}

// skipSpace skips whitespace and // and /* */ comments.
func (p *jsonParser) skipSpace() {
	for p.pos < len(p.src) {
		switch c := p.src[p.pos]; {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			p.pos++
		case c == '/' && p.pos+1 < len(p.src) && p.src[p.pos+1] == '/':
			for p.pos < len(p.src) && p.src[p.pos] != '\n' {
				p.pos++
			}
		case c == '/' && p.pos+1 < len(p.src) && p.src[p.pos+1] == '*':
			start := p.pos
			p.pos += 2
			for p.pos+1 < len(p.src) && !(p.src[p.pos] == '*' && p.src[p.pos+1] == '/') {
				p.pos++
			}
			if p.pos+1 >= len(p.src) {
				p.fail(start, "unterminated /* comment")
				p.pos = len(p.src)
				return
			}
			p.pos += 2
		default:
			return
		}
	}
}

func (p *jsonParser) parseValue(depth int) *jsonNode {
	if depth > maxJSONDepth {
		p.fail(p.pos, "nested more than %d levels deep", maxJSONDepth)
		return nil
	}
	if p.pos >= len(p.src) {
		p.fail(p.pos, "unexpected end of file")
		return nil
	}
	switch p.src[p.pos] {
	case '{':
		return p.parseContainer(depth, jsonObject, '}')
	case '[':
		return p.parseContainer(depth, jsonArray, ']')
	case '"':
		start := p.pos
		p.scanString()
		return &jsonNode{kind: jsonScalar, start: start, end: p.pos}
	}
	return p.parseLiteral()
}

func (p *jsonParser) parseContainer(depth int, kind jsonKind, closer byte) *jsonNode {
	n := &jsonNode{kind: kind, start: p.pos}
	p.pos++
	n.afterLast = p.pos
	for {
		p.skipSpace()
		if p.err != nil {
			return nil
		}
		if p.pos >= len(p.src) {
			p.fail(n.start, "%c is never closed", p.src[n.start])
			return nil
		}
		if p.src[p.pos] == closer {
			p.pos++
			n.end = p.pos
			return n
		}
		if len(n.members)+len(n.elems) > 0 && !n.trailingComma {
			p.fail(p.pos, "expected , or %c", closer)
			return nil
		}
		if kind == jsonObject {
			if p.src[p.pos] != '"' {
				p.fail(p.pos, "expected a \"key\"")
				return nil
			}
			keyStart := p.pos
			p.scanString()
			if p.err != nil {
				return nil
			}
			var key string
			_ = json.Unmarshal(p.src[keyStart:p.pos], &key)
			p.skipSpace()
			if p.pos >= len(p.src) || p.src[p.pos] != ':' {
				p.fail(p.pos, "expected : after the key %q", key)
				return nil
			}
			p.pos++
			p.skipSpace()
			v := p.parseValue(depth + 1)
			if p.err != nil {
				return nil
			}
			n.members = append(n.members, jsonMember{key: key, keyStart: keyStart, value: v})
		} else {
			v := p.parseValue(depth + 1)
			if p.err != nil {
				return nil
			}
			n.elems = append(n.elems, v)
		}
		n.afterLast, n.trailingComma = p.pos, false
		p.skipSpace()
		if p.pos < len(p.src) && p.src[p.pos] == ',' {
			p.pos++
			n.afterLast, n.trailingComma = p.pos, true
		}
	}
}

// scanString advances past a string literal, validating its escapes with
// encoding/json.
func (p *jsonParser) scanString() {
	start := p.pos
	p.pos++
	for p.pos < len(p.src) {
		switch c := p.src[p.pos]; {
		case c == '\\':
			p.pos += 2
		case c == '"':
			p.pos++
			if !json.Valid(p.src[start:p.pos]) {
				p.fail(start, "bad string literal")
			}
			return
		case c == '\n':
			p.fail(start, "string is not closed on its line")
			return
		default:
			p.pos++
		}
	}
	p.fail(start, "string is never closed")
}

// parseLiteral reads a number, true, false or null.
func (p *jsonParser) parseLiteral() *jsonNode {
	start := p.pos
	for p.pos < len(p.src) {
		c := p.src[p.pos]
		if c == ',' || c == '}' || c == ']' || c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '/' {
			break
		}
		p.pos++
	}
	if start == p.pos || !json.Valid(p.src[start:p.pos]) {
		p.fail(start, "unexpected %q", string(p.src[start:max(p.pos, start+1)]))
		return nil
	}
	return &jsonNode{kind: jsonScalar, start: start, end: p.pos}
}
