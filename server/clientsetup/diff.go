package clientsetup

import (
	"fmt"
	"strings"
)

// diffContext is the number of unchanged lines shown around a change.
const diffContext = 3

// maxDiffCells bounds the line-matching table; past it the changed middle
// is shown as removed and added wholesale.
const maxDiffCells = 4 << 20

// diffOp is one line of a diff: ' ' kept, '-' removed, '+' added.
type diffOp struct {
	kind byte
	text string
}

// unifiedDiff renders the change from before to after as a unified diff
// with a/ and b/ names; a file that did not exist is /dev/null.
func unifiedDiff(name string, before, after []byte, existed bool) string {
	ops := diffLines(splitLines(string(before)), splitLines(string(after)))
	var out strings.Builder
	from := "a/" + name
	if !existed {
		from = "/dev/null"
	}
	fmt.Fprintf(&out, "--- %s\n+++ b/%s\n", from, name)
	aLine, bLine := 1, 1
	start := 0
	for start < len(ops) {
		for start < len(ops) && ops[start].kind == ' ' {
			start, aLine, bLine = start+1, aLine+1, bLine+1
		}
		if start == len(ops) {
			break
		}
		first := max(0, start-diffContext)
		aLine, bLine = aLine-(start-first), bLine-(start-first)
		end := hunkEnd(ops, start)
		var aLen, bLen int
		var body strings.Builder
		for _, op := range ops[first:end] {
			if op.kind != '+' {
				aLen++
			}
			if op.kind != '-' {
				bLen++
			}
			body.WriteByte(op.kind)
			body.WriteString(op.text)
			if !strings.HasSuffix(op.text, "\n") {
				body.WriteString("\n\\ No newline at end of file\n")
			}
		}
		fmt.Fprintf(&out, "@@ -%s +%s @@\n%s", hunkRange(aLine, aLen), hunkRange(bLine, bLen), body.String())
		aLine, bLine, start = aLine+aLen, bLine+bLen, end
	}
	return out.String()
}

// hunkEnd returns the end of the hunk whose first change is at start:
// changes separated by at most 2×diffContext kept lines share a hunk.
func hunkEnd(ops []diffOp, start int) int {
	end := start
	for {
		for end < len(ops) && ops[end].kind != ' ' {
			end++
		}
		next := end
		for next < len(ops) && ops[next].kind == ' ' {
			next++
		}
		if next < len(ops) && next-end <= 2*diffContext {
			end = next
			continue
		}
		return min(len(ops), end+diffContext)
	}
}

func hunkRange(start, n int) string {
	switch n {
	case 0:
		return fmt.Sprintf("%d,0", start-1)
	case 1:
		return fmt.Sprintf("%d", start)
	}
	return fmt.Sprintf("%d,%d", start, n)
}

// splitLines splits s after each newline; the last line may lack one.
func splitLines(s string) []string {
	lines := strings.SplitAfter(s, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	return lines
}

// diffLines matches a and b line by line: common prefix and suffix, then
// a longest-common-subsequence table over the changed middle.
func diffLines(a, b []string) []diffOp {
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	var ops []diffOp
	for _, l := range a[:pre] {
		ops = append(ops, diffOp{' ', l})
	}
	ops = append(ops, diffMiddle(a[pre:len(a)-suf], b[pre:len(b)-suf])...)
	for _, l := range a[len(a)-suf:] {
		ops = append(ops, diffOp{' ', l})
	}
	return ops
}

func diffMiddle(a, b []string) []diffOp {
	var ops []diffOp
	if (len(a)+1)*(len(b)+1) > maxDiffCells {
		for _, l := range a {
			ops = append(ops, diffOp{'-', l})
		}
		for _, l := range b {
			ops = append(ops, diffOp{'+', l})
		}
		return ops
	}
	// lcs[i][j] is the LCS length of a[i:] and b[j:].
	lcs := make([][]int, len(a)+1)
	for i := range lcs {
		lcs[i] = make([]int, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case i < len(a) && j < len(b) && a[i] == b[j]:
			ops = append(ops, diffOp{' ', a[i]})
			i, j = i+1, j+1
		case i < len(a) && (j == len(b) || lcs[i+1][j] >= lcs[i][j+1]):
			ops = append(ops, diffOp{'-', a[i]})
			i++
		default:
			ops = append(ops, diffOp{'+', b[j]})
			j++
		}
	}
	return ops
}
