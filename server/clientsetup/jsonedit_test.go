package clientsetup

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestInsertKeepsStyle: a new member follows the style of the object it
// goes into, and nothing else in the text moves.
func TestInsertKeepsStyle(t *testing.T) {
	entry := map[string]any{"command": "x"}
	tests := []struct {
		name, src, want string
	}{
		{"empty file", "", "{\n  \"s\": {\n    \"k\": {\n      \"command\": \"x\"\n    }\n  }\n}\n"},
		{"empty object", "{}", "{\n  \"s\": {\n    \"k\": {\n      \"command\": \"x\"\n    }\n  }\n}"},
		{"compact", `{"s": {"a": 1}}`, `{"s": {"a": 1, "k": {"command": "x"}}}`},
		{"compact trailing comma", `{"s": {"a": 1,}}`, `{"s": {"a": 1, "k": {"command": "x"}}}`},
		{"tabs", "{\n\t\"s\": {\n\t\t\"a\": 1\n\t}\n}", "{\n\t\"s\": {\n\t\t\"a\": 1,\n\t\t\"k\": {\n\t\t\t\"command\": \"x\"\n\t\t}\n\t}\n}"},
		{"comment after last member", "{\n  \"s\": {\n    \"a\": 1 // one\n  }\n}", "{\n  \"s\": {\n    \"a\": 1, // one\n    \"k\": {\n      \"command\": \"x\"\n    }\n  }\n}"},
		{"trailing comma", "{\n  \"s\": {\n    \"a\": 1,\n  }\n}", "{\n  \"s\": {\n    \"a\": 1,\n    \"k\": {\n      \"command\": \"x\"\n    }\n  }\n}"},
		{"empty object with comment", "{\n  \"s\": { /* none yet */ }\n}", "{\n  \"s\": { /* none yet */\n    \"k\": {\n      \"command\": \"x\"\n    }\n  }\n}"},
		{"missing parent", "{\n  \"other\": true\n}", "{\n  \"other\": true,\n  \"s\": {\n    \"k\": {\n      \"command\": \"x\"\n    }\n  }\n}"},
		{"crlf", "{\r\n  \"s\": {\r\n    \"a\": 1\r\n  }\r\n}\r\n", "{\r\n  \"s\": {\r\n    \"a\": 1,\r\n    \"k\": {\r\n      \"command\": \"x\"\r\n    }\r\n  }\r\n}\r\n"},
		{"byte order mark", "\ufeff{}", "\ufeff{\n  \"s\": {\n    \"k\": {\n      \"command\": \"x\"\n    }\n  }\n}"},
		{"compact file, empty object", `{"s": {}}`, "{\"s\": {\n  \"k\": {\n    \"command\": \"x\"\n  }\n}}"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := newJSONDoc("f.json", []byte(tt.src))
			require.NoError(t, err)
			note, err := d.ensureMember([]string{"s"}, "k", entry)
			require.NoError(t, err)
			assert.Empty(t, note)
			assert.Equal(t, tt.want, string(d.src))
		})
	}
}

func TestExistingDifferentEntryIsKept(t *testing.T) {
	src := "{\n  \"s\": {\n    \"k\": {\"command\": \"/opt/x\"}\n  }\n}\n"
	d, err := newJSONDoc("f.json", []byte(src))
	require.NoError(t, err)
	note, err := d.ensureMember([]string{"s"}, "k", map[string]any{"command": "x"})
	require.NoError(t, err)
	assert.Equal(t, src, string(d.src))
	assert.Contains(t, note, `kept the existing "k" entry at line 3`)
}

func TestMarshalDoesNotEscapeHTML(t *testing.T) {
	out, err := marshalJSON(map[string]any{"command": "a && b <c>"}, "", "  ")
	require.NoError(t, err)
	assert.Equal(t, "{\n  \"command\": \"a && b <c>\"\n}", string(out))
}

func TestParseJSONCErrors(t *testing.T) {
	tests := []struct{ src, want string }{
		{`{"a": 1 "b": 2}`, "f.json:1:9: not valid JSON: expected , or }"},
		{`{"a": tru}`, `f.json:1:7: not valid JSON: unexpected "tru"`},
		{"{\"a\": \"x\n\"}", "f.json:1:7: not valid JSON: string is not closed on its line"},
		{`{"a": 1} x`, "f.json:1:10: not valid JSON: unexpected text after the JSON value"},
		{"{/* open", "f.json:1:2: not valid JSON: unterminated /* comment"},
		{`{"a": "\q"}`, "f.json:1:7: not valid JSON: bad string literal"},
	}
	for _, tt := range tests {
		_, err := parseJSONC("f.json", []byte(tt.src))
		require.Error(t, err, tt.src)
		assert.Contains(t, err.Error(), tt.want)
	}
}
