package schemas

import (
	"slices"
	"testing"
)

func TestWords(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"GetDocumentByID", []string{"get", "document", "by", "id"}},
		{"/api/v1/documents/{id}", []string{"api", "v1", "documents", "id"}},
		{"HTTPServer", []string{"http", "server"}},
		{"snake_case-and kebab", []string{"snake", "case", "and", "kebab"}},
		{"v2Documents", []string{"v2", "documents"}},
		{"ÉcoleDocuments", []string{"école", "documents"}},
		{"", nil},
	} {
		if got := Words(tc.in); !slices.Equal(got, tc.want) {
			t.Errorf("Words(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestWordsASCIIPath checks the ASCII path against the rune path on
// every string of up to four characters drawn from a set that exercises
// each boundary rule.
func TestWordsASCIIPath(t *testing.T) {
	const alphabet = "aZ9_/{B"
	var gen func(prefix string, n int)
	gen = func(prefix string, n int) {
		if got, want := asciiWords(prefix), runeWords(prefix); !slices.Equal(got, want) {
			t.Fatalf("asciiWords(%q) = %q, runes give %q", prefix, got, want)
		}
		if n == 0 {
			return
		}
		for _, c := range alphabet {
			gen(prefix+string(c), n-1)
		}
	}
	gen("", 5)
}
