package python

import (
	"bytes"
	"sort"
	"strings"

	"github.com/ambient-authz/ambient-authz/tools/coverage"
	"github.com/ambient-authz/ambient-authz/tools/coverage/treesitter"
)

// maxResyncs bounds the re-parses of a broken file.
const maxResyncs = 3

// parseResyncing parses src and, when a broken statement swallowed the
// code after it, parses again with that statement blanked out.
//
// An unclosed bracket is the most common state of a file mid-edit, and
// inside brackets Python ignores newlines and indentation: tree-sitter
// then reads the rest of the file as part of the broken expression (a
// decorator `@` becomes matrix multiplication) and the routes after it
// vanish. Python's indentation says where the next statement starts, so
// the broken lines are replaced by `0` and spaces, which keeps every
// offset, line and column of the rest of the file. The errors reported
// are those of the source as written.
func parseResyncing(src []byte) (*node, []coverage.SyntaxError, error) {
	root, errs, err := treesitter.Parse(grammar, src)
	if err != nil || len(errs) == 0 {
		return root, errs, err
	}
	lines := lineStarts(src)
	patched := append([]byte(nil), src...)
	var blanked [][2]int
	for range maxResyncs {
		spans := swallowed(root, patched, lines)
		if len(spans) == 0 {
			break
		}
		for _, s := range spans {
			blank(patched, lines, s)
		}
		blanked = append(blanked, spans...)
		if root, err = reparse(patched, &errs, blanked); err != nil {
			return nil, nil, err
		}
	}
	return root, errs, nil
}

// reparse parses patched source, adding the errors it newly finds outside
// the blanked lines.
func reparse(patched []byte, errs *[]coverage.SyntaxError, blanked [][2]int) (*node, error) {
	root, more, err := treesitter.Parse(grammar, patched)
	if err != nil {
		return nil, err
	}
	seen := map[[2]int]bool{}
	for _, e := range *errs {
		seen[[2]int{e.Line, e.Col}] = true
	}
	for _, e := range more {
		if !seen[[2]int{e.Line, e.Col}] && !within(blanked, e.Line) {
			*errs = append(*errs, e)
		}
	}
	sort.SliceStable(*errs, func(i, j int) bool {
		a, b := (*errs)[i], (*errs)[j]
		return a.Line < b.Line || (a.Line == b.Line && a.Col < b.Col)
	})
	return root, nil
}

func within(spans [][2]int, line int) bool {
	for _, s := range spans {
		if s[0] <= line && line <= s[1] {
			return true
		}
	}
	return false
}

// swallowed returns the line spans of broken statements whose statement
// runs on past the next line indented no deeper than the break: the code
// that follows was swallowed.
func swallowed(root *node, src []byte, lines []int) [][2]int {
	var spans [][2]int
	root.Walk(func(n *node) bool {
		if n.Kind != "ERROR" {
			return true
		}
		first := firstCodeLine(src, lines, int(n.StartByte))
		next := nextStatementLine(src, lines, first)
		if first == 0 || next == 0 {
			return false
		}
		enclosing := n
		if stmt := statementOf(n); stmt != nil {
			enclosing = stmt
		}
		if enclosing.EndLine() >= next {
			spans = append(spans, [2]int{decoratorsAbove(src, lines, first), next - 1})
		}
		return false
	})
	return spans
}

// decoratorsAbove extends a broken line up over the decorators right
// above it, which would otherwise decorate the next statement.
func decoratorsAbove(src []byte, lines []int, line int) int {
	indent := indentation(lineText(src, lines, line))
	for line > 1 {
		above := lineText(src, lines, line-1)
		if indentation(above) != indent || !bytes.HasPrefix(bytes.TrimLeft(above, " \t"), []byte("@")) {
			break
		}
		line--
	}
	return line
}

// statementOf is the innermost statement around an ERROR node.
func statementOf(n *node) *node {
	for p := n.Parent; p != nil && p.Kind != "module"; p = p.Parent {
		if strings.HasSuffix(p.Kind, "_statement") || strings.HasSuffix(p.Kind, "_definition") {
			return p
		}
	}
	return nil
}

// lineStarts returns the offset of each line, 1-based: lines[1] is 0.
func lineStarts(src []byte) []int {
	lines := []int{0, 0}
	for i, c := range src {
		if c == '\n' {
			lines = append(lines, i+1)
		}
	}
	return lines
}

func lineText(src []byte, lines []int, line int) []byte {
	end := len(src)
	if line+1 < len(lines) {
		end = lines[line+1]
	}
	return bytes.TrimRight(src[lines[line]:end], "\r\n")
}

// firstCodeLine is the line of the first non-blank byte at or after
// offset, or 0.
func firstCodeLine(src []byte, lines []int, offset int) int {
	for offset < len(src) && (src[offset] == ' ' || src[offset] == '\t' || src[offset] == '\r' || src[offset] == '\n') {
		offset++
	}
	if offset >= len(src) {
		return 0
	}
	return sort.Search(len(lines)-1, func(i int) bool { return lines[i+1] > offset })
}

// nextStatementLine is the first line after line that starts a statement
// at its indentation or shallower, or 0. Blank lines, comments and lines
// that only close brackets do not count.
func nextStatementLine(src []byte, lines []int, line int) int {
	indent := indentation(lineText(src, lines, line))
	for l := line + 1; l < len(lines); l++ {
		text := lineText(src, lines, l)
		code := bytes.TrimLeft(text, " \t")
		if len(code) == 0 || code[0] == '#' || code[0] == ')' || code[0] == ']' || code[0] == '}' {
			continue
		}
		if indentation(text) <= indent {
			return l
		}
	}
	return 0
}

func indentation(line []byte) int {
	return len(line) - len(bytes.TrimLeft(line, " \t"))
}

// blank replaces a span of lines with the statement `0` at the first
// line's indentation and spaces, keeping indentation and line breaks.
func blank(src []byte, lines []int, span [2]int) {
	for l := span[0]; l <= span[1]; l++ {
		text := lineText(src, lines, l)
		start, indent := lines[l], indentation(text)
		for i := indent; i < len(text); i++ {
			src[start+i] = ' '
		}
		if l == span[0] {
			src[start+indent] = '0'
		}
	}
}
