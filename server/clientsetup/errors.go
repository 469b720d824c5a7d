package clientsetup

import "fmt"

// FileError is a problem in an existing file that init will not write
// over: malformed JSON, TOML or YAML, an unterminated section, a path that
// leaves the project root. Line and Col are 1-based; 0 means unknown.
type FileError struct {
	Path    string
	Line    int
	Col     int
	Message string
	Fix     string
}

// Error renders the error as path:line:col: message, then the fix.
func (e *FileError) Error() string {
	loc := e.Path
	if e.Line > 0 {
		loc += fmt.Sprintf(":%d", e.Line)
		if e.Col > 0 {
			loc += fmt.Sprintf(":%d", e.Col)
		}
	}
	msg := loc + ": " + e.Message
	if e.Fix != "" {
		msg += "\nfix: " + e.Fix
	}
	return msg
}

// lineCol converts a byte offset into a 1-based line and column.
func lineCol(src []byte, off int) (int, int) {
	line, col := 1, 1
	for i := 0; i < off && i < len(src); i++ {
		if src[i] == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	return line, col
}
