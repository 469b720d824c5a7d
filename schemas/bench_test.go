package schemas

import (
	"context"
	"testing"

	"github.com/authzed/spicedb/pkg/schemadsl/compiler"
	"github.com/authzed/spicedb/pkg/schemadsl/input"
)

// The benchmarks run on productSchema(30): 302 definitions wired by
// arrows, groups and wildcards (explain_test.go).

// BenchmarkSpiceDBCompile300 is spicedb's compiler alone, the floor under
// BenchmarkCompileModel300.
func BenchmarkSpiceDBCompile300(b *testing.B) {
	text := productSchema(30)
	for b.Loop() {
		if _, err := compiler.Compile(compiler.InputSchema{Source: input.Source("gen.zed"), SchemaString: text}, compiler.AllowUnprefixedObjectType()); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCompileModel300 is a full load: spicedb's compiler, its type
// checks, and building the Model.
func BenchmarkCompileModel300(b *testing.B) {
	text := productSchema(30)
	for b.Loop() {
		if _, err := Compile([]Source{{File: "gen.zed", Text: text}}, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBuildModel300 is our part of a load: type checks and the Model,
// from an already compiled schema.
func BenchmarkBuildModel300(b *testing.B) {
	text := productSchema(30)
	p := newPositioner([]Source{{File: "gen.zed", Text: text}})
	cs, err := compiler.Compile(compiler.InputSchema{Source: input.Source("gen.zed"), SchemaString: text}, compiler.AllowUnprefixedObjectType())
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if err := p.validateTypes(cs); err != nil {
			b.Fatal(err)
		}
		buildModel(p, cs)
	}
}

// BenchmarkExplain300 explains three permissions of the large schema with
// the memo cleared, so it measures the walk itself.
func BenchmarkExplain300(b *testing.B) {
	m := compileText(b, productSchema(30))
	for b.Loop() {
		m.explain.results.Clear()
		m.explain.paths.Store(0)
		for _, def := range []string{"doc0", "comment7", "project29"} {
			if _, err := m.Explain(def, "view"); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkExplainCached is the repeated question an agent asks.
func BenchmarkExplainCached(b *testing.B) {
	m := compileText(b, productSchema(30))
	for b.Loop() {
		if _, err := m.Explain("doc0", "view"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLint300 lints the large schema, spicedb's warnings included.
func BenchmarkLint300(b *testing.B) {
	m := compileText(b, productSchema(30))
	for b.Loop() {
		if _, err := Lint(context.Background(), m); err != nil {
			b.Fatal(err)
		}
	}
}
