package golang

import (
	"bytes"
	"go/build/constraint"
	"strings"
)

// neverBuilt reports whether a file's //go:build line keeps it out of
// every build: `//go:build ignore`, the convention for generators and
// scripts run with `go run`, alone or with other tags it needs all of.
// Other constraints (an OS, a tag such as integration) pick builds the
// file is in, and the file is analyzed.
func neverBuilt(src []byte) bool {
	for len(src) > 0 {
		line, rest, _ := bytes.Cut(src, []byte("\n"))
		src = rest
		text := strings.TrimSpace(string(line))
		switch {
		case text == "" || strings.HasPrefix(text, "//") && !constraint.IsGoBuild(text):
			continue
		case constraint.IsGoBuild(text):
			expr, err := constraint.Parse(text)
			if err != nil || !mentions(expr, "ignore") {
				return false
			}
			// Unsatisfiable without ignore, whatever the other tags are
			// (as far as their all-true and all-false settings tell).
			return !expr.Eval(func(tag string) bool { return tag != "ignore" }) && !expr.Eval(func(string) bool { return false })
		}
		return false // the package clause or a block comment: no constraint
	}
	return false
}

// mentions reports whether a constraint names the tag.
func mentions(e constraint.Expr, tag string) bool {
	switch x := e.(type) {
	case *constraint.TagExpr:
		return x.Tag == tag
	case *constraint.NotExpr:
		return mentions(x.X, tag)
	case *constraint.AndExpr:
		return mentions(x.X, tag) || mentions(x.Y, tag)
	case *constraint.OrExpr:
		return mentions(x.X, tag) || mentions(x.Y, tag)
	}
	return false
}
