package schemas

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Words splits an identifier or path into lower-case words across camel
// case, snake case, kebab case and separators: `GetDocumentByID` gives
// get, document, by, id; `/api/v1/documents/{id}` gives api, v1,
// documents, id.
func Words(s string) []string {
	if ascii(s) {
		return asciiWords(s)
	}
	return runeWords(s)
}

// runeWords is Words for any string.
func runeWords(s string) []string {
	var words []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			words = append(words, strings.ToLower(string(cur)))
			cur = cur[:0]
		}
	}
	rs := []rune(s)
	for i, r := range rs {
		switch {
		case !unicode.IsLetter(r) && !unicode.IsDigit(r):
			flush()
		case unicode.IsUpper(r) && len(cur) > 0 && (unicode.IsLower(cur[len(cur)-1]) || unicode.IsDigit(cur[len(cur)-1]) || (i+1 < len(rs) && unicode.IsLower(rs[i+1]))):
			flush()
			cur = append(cur, r)
		default:
			cur = append(cur, r)
		}
	}
	flush()
	return words
}

// asciiWords is Words for an ASCII string, which every Go identifier and
// nearly every route is: the words are cut from s and lower-cased only
// when they have capitals, so a scan's thousands of handler names cost
// no conversions.
func asciiWords(s string) []string {
	var words []string
	start := 0
	flush := func(end int) {
		if end > start {
			words = append(words, strings.ToLower(s[start:end]))
		}
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case !isASCIILetter(c) && !isASCIIDigit(c):
			flush(i)
			start = i + 1
		case isASCIIUpper(c) && i > start && (isASCIILower(s[i-1]) || isASCIIDigit(s[i-1]) || (i+1 < len(s) && isASCIILower(s[i+1]))):
			flush(i)
			start = i
		}
	}
	flush(len(s))
	return words
}

func ascii(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func isASCIIUpper(c byte) bool  { return 'A' <= c && c <= 'Z' }
func isASCIILower(c byte) bool  { return 'a' <= c && c <= 'z' }
func isASCIILetter(c byte) bool { return isASCIIUpper(c) || isASCIILower(c) }
func isASCIIDigit(c byte) bool  { return '0' <= c && c <= '9' }

// Singular turns a plural English noun into its singular, for matching
// `/documents` and `Policies` to `document` and `policy`.
func Singular(w string) string {
	switch {
	case len(w) <= 3, strings.HasSuffix(w, "ss"), strings.HasSuffix(w, "us"), strings.HasSuffix(w, "is"):
		return w
	case strings.HasSuffix(w, "ies"):
		return w[:len(w)-3] + "y"
	case strings.HasSuffix(w, "ses"), strings.HasSuffix(w, "xes"), strings.HasSuffix(w, "ches"), strings.HasSuffix(w, "shes"):
		return w[:len(w)-2]
	case strings.HasSuffix(w, "s"):
		return w[:len(w)-1]
	}
	return w
}

// IsPlural reports whether w looks like a plural noun.
func IsPlural(w string) bool {
	return Singular(w) != w
}

// Plural turns a singular English noun into its plural: document →
// documents, policy → policies, box → boxes.
func Plural(s string) string {
	switch {
	case strings.HasSuffix(s, "y") && !strings.HasSuffix(s, "ey"):
		return s[:len(s)-1] + "ies"
	case strings.HasSuffix(s, "s"), strings.HasSuffix(s, "x"), strings.HasSuffix(s, "ch"), strings.HasSuffix(s, "sh"):
		return s + "es"
	}
	return s + "s"
}
