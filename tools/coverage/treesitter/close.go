package treesitter

// CloseBrackets appends the closers of every bracket still open at the end
// of src: a file cut off mid-edit (`app.post('/x', async (req, res) => {`)
// then parses into the statement being written instead of one ERROR node
// that hides it. Strings, template literals and comments are skipped; the
// result is src itself when everything is balanced. Lines are unchanged,
// since the closers go after the last byte.
func CloseBrackets(src []byte) []byte {
	var stack []byte
	closer := map[byte]byte{'(': ')', '[': ']', '{': '}'}
	for i := 0; i < len(src); i++ {
		switch c := src[i]; c {
		case '(', '[', '{':
			stack = append(stack, closer[c])
		case ')', ']', '}':
			if len(stack) > 0 && stack[len(stack)-1] == c {
				stack = stack[:len(stack)-1]
			}
		case '\'', '"', '`':
			i = skipString(src, i)
		case '/':
			if i+1 < len(src) && src[i+1] == '/' {
				i = skipUntil(src, i, "\n")
			} else if i+1 < len(src) && src[i+1] == '*' {
				i = skipUntil(src, i+1, "*/")
			}
		}
	}
	if len(stack) == 0 {
		return src
	}
	out := append(append([]byte{}, src...), '\n')
	for i := len(stack) - 1; i >= 0; i-- {
		out = append(out, stack[i])
	}
	return out
}

// skipString returns the index of the quote closing the string that opens
// at i, or the end of src; a backslash escapes the next byte.
func skipString(src []byte, i int) int {
	quote := src[i]
	for j := i + 1; j < len(src); j++ {
		switch src[j] {
		case '\\':
			j++
		case quote:
			return j
		case '\n':
			if quote != '`' { // an unterminated '…' or "…" ends at the line
				return j
			}
		}
	}
	return len(src)
}

// skipUntil returns the index of the last byte of the first end after i,
// or the end of src.
func skipUntil(src []byte, i int, end string) int {
	for j := i + 1; j+len(end) <= len(src); j++ {
		if string(src[j:j+len(end)]) == end {
			return j + len(end) - 1
		}
	}
	return len(src)
}
