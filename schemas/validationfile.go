package schemas

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/authzed/spicedb/pkg/development"
	devinterface "github.com/authzed/spicedb/pkg/proto/developer/v1"
	"github.com/authzed/spicedb/pkg/spiceerrors"
	"github.com/authzed/spicedb/pkg/tuple"
	"github.com/authzed/spicedb/pkg/validationfile"
	"go.yaml.in/yaml/v3"
)

// FailureKind says which part of a zed validation file a failure is in.
type FailureKind string

// The kinds of validation failure.
const (
	// FailureYAML is a file that is not valid YAML, or a block spicedb
	// could not read.
	FailureYAML             FailureKind = "yaml"
	FailureSchema           FailureKind = "schema"
	FailureRelationship     FailureKind = "relationship"
	FailureAssertion        FailureKind = "assertion"
	FailureExpectedRelation FailureKind = "expected_relation"
)

// ValidationFailure is one problem found by RunValidationFile.
type ValidationFailure struct {
	Kind    FailureKind `json:"kind"`
	Message string      `json:"message"`
	// File is empty when Line and Col are in the validation YAML itself; it
	// names the schema file (relative to the YAML) for an error inside a
	// `schemaFile:` or one of its imports.
	File string `json:"file,omitempty"`
	// Line and Col are 1-based.
	Line int `json:"line"`
	Col  int `json:"col"`
	// Context is the offending text: a relationship, an assertion, an
	// expected-relation line or a piece of schema.
	Context string `json:"context,omitempty"`
}

// String renders the failure as [file:]line:col: kind: message.
func (f ValidationFailure) String() string {
	return fmt.Sprintf("%s: %s: %s", Position{File: f.File, Line: f.Line, Col: f.Col}, f.Kind, f.Message)
}

// ValidationResult is the outcome of running a zed validation file.
type ValidationResult struct {
	// Passed is true when the file has no failures.
	Passed   bool                `json:"passed"`
	Failures []ValidationFailure `json:"failures"`
	// Relationships, Assertions and ExpectedRelations count what the file
	// holds; each expected relation is one object#relation key.
	Relationships     int `json:"relationships"`
	Assertions        int `json:"assertions"`
	ExpectedRelations int `json:"expected_relations"`
}

// ValidationOption configures RunValidationFile.
type ValidationOption func(*validationConfig)

type validationConfig struct {
	fsys fs.FS
}

// WithSchemaFS resolves `schemaFile:` and schema imports in fsys, which must
// be rooted at the validation file's directory, as zed resolves them.
func WithSchemaFS(fsys fs.FS) ValidationOption {
	return func(c *validationConfig) { c.fsys = fsys }
}

// RunValidationFile runs a zed validation file (the format of `zed
// validate`): it compiles the schema, loads the relationships, then runs
// the assertions and the expected relations (`validation:`), as spicedb's
// in-process engine does. Every problem the author can fix is a failure at
// a 1-based line:col of the YAML (or of the schema file); the error is
// reserved for internal failures and cancellation.
func RunValidationFile(ctx context.Context, data []byte, opts ...ValidationOption) (*ValidationResult, error) {
	cfg := &validationConfig{}
	for _, o := range opts {
		o(cfg)
	}
	doc, fail := parseValidationYAML(data)
	if fail != nil {
		return failed(*fail), nil
	}
	vf := &validationfile.ValidationFile{}
	if err := doc.root.Decode(vf); err != nil {
		return failed(doc.decodeFailure(err)), nil
	}
	res := &ValidationResult{
		Relationships:     len(vf.Relationships.Relationships),
		Assertions:        len(vf.Assertions.AssertTrue) + len(vf.Assertions.AssertCaveated) + len(vf.Assertions.AssertFalse),
		ExpectedRelations: len(vf.ExpectedRelations.ValidationMap),
	}
	failures, err := doc.run(ctx, vf, cfg)
	if err != nil {
		return nil, err
	}
	slices.SortStableFunc(failures, func(a, b ValidationFailure) int {
		return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Col, b.Col), cmp.Compare(a.Message, b.Message))
	})
	res.Failures = failures
	res.Passed = len(failures) == 0
	return res, nil
}

func failed(f ValidationFailure) *ValidationResult {
	return &ValidationResult{Failures: []ValidationFailure{f}}
}

// run builds spicedb's dev context (schema and relationships), then runs
// the assertions and expected relations against it.
func (d *validationDoc) run(ctx context.Context, vf *validationfile.ValidationFile, cfg *validationConfig) ([]ValidationFailure, error) {
	devOpts, fail := d.compileOptions(vf, cfg)
	if fail != nil {
		return []ValidationFailure{*fail}, nil
	}
	if m := validationModel(vf, cfg); m != nil {
		if fails := d.relationshipFailures(m, vf); len(fails) > 0 {
			return fails, nil
		}
	}
	yctx, devErrs, err := development.NewDevContextForValidationFile(quietSpiceDB(ctx), vf, devOpts...)
	if inputErrs := devErrs.GetInputErrors(); len(inputErrs) > 0 {
		// A relationship the schema rejects is also written, and the
		// write's error is a consequence of it, not a separate fault.
		return d.convert(vf, inputErrs), nil
	}
	if err != nil {
		return nil, fmt.Errorf("validation file: %w", err)
	}
	defer yctx.DevContext.Dispose()
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("validation file: %w", err)
	}
	assertErrs, err := development.RunAllAssertions(yctx.DevContext, &yctx.Assertions)
	if err != nil {
		return nil, fmt.Errorf("validation file assertions: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("validation file: %w", err)
	}
	_, relErrs, err := development.RunValidation(yctx.DevContext, &yctx.ExpectedRelations)
	if err != nil {
		return nil, fmt.Errorf("validation file expected relations: %w", err)
	}
	return d.convert(vf, append(assertErrs, relErrs...)), nil
}

// compileOptions checks the schema source and points spicedb at the
// schema file. spicedb reads `schemaFile:` verbatim from the FS, and
// io/fs rejects the `./` that zed files conventionally start with.
func (d *validationDoc) compileOptions(vf *validationfile.ValidationFile, cfg *validationConfig) ([]development.CompileOption, *ValidationFailure) {
	if vf.SchemaFile == "" {
		if strings.TrimSpace(vf.Schema.Schema) == "" {
			f := d.failureAt(FailureSchema, "the file has no schema: add `schema: |` with the schema text, or `schemaFile: ./schema.zed`", "", 1, 1)
			return nil, &f
		}
		if cfg.fsys == nil {
			return []development.CompileOption{development.WithDisableImports()}, nil
		}
		return []development.CompileOption{development.WithSourceFS(cfg.fsys)}, nil
	}
	line, col := d.valuePos("schemaFile")
	vf.SchemaFile = path.Clean(vf.SchemaFile)
	if cfg.fsys == nil {
		f := d.failureAt(FailureSchema, fmt.Sprintf("schemaFile %s cannot be read here: no directory to resolve it in; inline the schema under `schema: |`", vf.SchemaFile), "", line, col)
		return nil, &f
	}
	if _, err := fs.Stat(cfg.fsys, vf.SchemaFile); err != nil {
		f := d.failureAt(FailureSchema, fmt.Sprintf("schemaFile %s cannot be read: %v; the path is relative to the validation file", vf.SchemaFile, unwrapPathError(err)), "", line, col)
		return nil, &f
	}
	return []development.CompileOption{development.WithSourceFS(cfg.fsys)}, nil
}

// unwrapPathError drops the operation and path that the message already
// names.
func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// convert maps spicedb's developer errors to failures with positions in
// the files the author edits.
func (d *validationDoc) convert(vf *validationfile.ValidationFile, errs []*devinterface.DeveloperError) []ValidationFailure {
	out := make([]ValidationFailure, 0, len(errs))
	for _, e := range errs {
		line, col := int(e.GetLine()), int(e.GetColumn())
		switch e.GetSource() {
		case devinterface.DeveloperError_SCHEMA:
			out = append(out, d.schemaFailure(vf, e))
		case devinterface.DeveloperError_RELATIONSHIP:
			line = relationshipLine(vf, e.GetContext(), line)
			out = append(out, d.failureAt(FailureRelationship, e.GetMessage(), e.GetContext(), line, col))
		case devinterface.DeveloperError_ASSERTION:
			out = append(out, d.failureAt(FailureAssertion, e.GetMessage(), e.GetContext(), line, col))
		default:
			out = append(out, d.failureAt(FailureExpectedRelation, e.GetMessage(), e.GetContext(), line, col))
		}
	}
	return out
}

// relationshipLine finds a rejected relationship's line. spicedb matches
// the error against each relationship without its caveat or expiration, so
// a caveated or expiring relationship comes back with no position.
func relationshipLine(vf *validationfile.ValidationFile, context string, line int) int {
	rels := vf.Relationships
	for i, rel := range rels.Relationships {
		full, err := tuple.String(rel)
		if i < len(rels.RelationshipPositions) && (err == nil && full == context || tuple.StringWithoutCaveatOrExpiration(rel) == context) {
			return rels.RelationshipPositions[i].LineNumber
		}
	}
	return line
}

// schemaFailure places a schema error. An error in a schema file keeps
// its position there. spicedb shifts an inline schema's error by the line
// of the `schema:` node but not by the block's indentation, so the offset
// is redone from the YAML node.
func (d *validationDoc) schemaFailure(vf *validationfile.ValidationFile, e *devinterface.DeveloperError) ValidationFailure {
	file := ""
	if p := e.GetPath(); len(p) > 0 && p[0] != "schema" {
		file = p[0]
	}
	if vf.SchemaFile != "" || file != "" {
		return ValidationFailure{Kind: FailureSchema, Message: e.GetMessage(), File: file, Line: max(int(e.GetLine()), 1), Col: max(int(e.GetColumn()), 1), Context: e.GetContext()}
	}
	line, col := int(e.GetLine()), int(e.GetColumn())
	if val := d.value("schema"); val != nil && line > 0 {
		lineOff, colOff := embeddedOffsets(d.text, val)
		line, col = line-vf.Schema.SourcePosition.LineNumber+lineOff, col+colOff
	}
	return d.failureAt(FailureSchema, e.GetMessage(), e.GetContext(), line, col)
}

// validationDoc is the parsed YAML with what is needed to place failures.
type validationDoc struct {
	text  string
	lines []string
	root  *yaml.Node
	// keys are the top-level keys with their 1-based lines, in file order.
	keys []topKey
}

type topKey struct {
	name string
	line int
	val  *yaml.Node
}

// blockKinds maps top-level keys to the kind of failure found in them.
var blockKinds = map[string]FailureKind{
	"schema": FailureSchema, "schemaFile": FailureSchema, "relationships": FailureRelationship,
	"assertions": FailureAssertion, "validation": FailureExpectedRelation,
}

// yamlLineRe finds the line in a YAML library message ("yaml: line 3: ...").
var yamlLineRe = regexp.MustCompile(`line (\d+):\s*`)

// yamlPrefixRe is the library's prefix on every message.
var yamlPrefixRe = regexp.MustCompile(`^yaml: (unmarshal errors:\s*)?`)

// zeroBasedYAMLErrorRe matches the YAML parser's (not scanner's) errors,
// whose "line N" is 0-based: the library adds one only for scanner errors.
// It is also the line where the enclosing block starts, when that is not
// the first line, rather than the line of the offending token.
var zeroBasedYAMLErrorRe = regexp.MustCompile(`^did not find expected (key|node content|'-' indicator|',' or '[\]}]'|<document start>)`)

// parseValidationYAML reads the file as YAML; a syntax error or a
// non-mapping document is the one failure.
func parseValidationYAML(data []byte) (*validationDoc, *ValidationFailure) {
	d := &validationDoc{text: string(data), lines: strings.Split(string(data), "\n")}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		f := d.yamlFailure(err)
		return nil, &f
	}
	if len(root.Content) == 0 || root.Content[0].Kind != yaml.MappingNode {
		f := d.failureAt(FailureYAML, "not a zed validation file: expected a mapping with schema:, relationships:, assertions: and validation:", "", 1, 1)
		return nil, &f
	}
	d.root = root.Content[0]
	for i := 0; i+1 < len(d.root.Content); i += 2 {
		k := d.root.Content[i]
		d.keys = append(d.keys, topKey{name: k.Value, line: k.Line, val: d.root.Content[i+1]})
	}
	return d, nil
}

// yamlFailure turns a YAML library error, which names only a line, into
// a failure at that line's first non-blank column.
func (d *validationDoc) yamlFailure(err error) ValidationFailure {
	msg := yamlPrefixRe.ReplaceAllString(err.Error(), "")
	line := 1
	if m := yamlLineRe.FindStringSubmatchIndex(msg); m != nil {
		line, _ = strconv.Atoi(msg[m[2]:m[3]])
		msg = msg[:m[0]] + msg[m[1]:]
		if zeroBasedYAMLErrorRe.MatchString(msg) {
			line++
			msg += " (at or below this line)"
		}
	}
	return d.failureAt(FailureYAML, "syntax error: "+msg, "", d.lastContentLine(line), 0)
}

// lastContentLine clamps line to the last non-blank line at or before it:
// an error at the end of the file points at the last thing written.
func (d *validationDoc) lastContentLine(line int) int {
	line = min(line, len(d.lines))
	for line > 1 && strings.TrimSpace(d.lineText(line)) == "" {
		line--
	}
	return max(line, 1)
}

// decodeFailure places an error spicedb raised while reading a block: an
// unparsable relationship, assertion or expected relation. Its reported
// line may be wrong, so the block is the one that holds its text.
func (d *validationDoc) decodeFailure(err error) ValidationFailure {
	serr, ok := spiceerrors.AsWithSourceError(err)
	if !ok {
		return d.yamlFailure(err)
	}
	context := strings.TrimSpace(serr.SourceCodeString)
	line, col := d.locate("", context, int(serr.LineNumber), int(serr.ColumnPosition))
	f := ValidationFailure{Kind: d.kindAt(line), Message: serr.Error(), Context: context, Line: line, Col: col}
	if f.Kind == FailureRelationship {
		// pkg/tuple says only "invalid relationship string"; name the
		// piece that is wrong and point at it.
		if _, at, msg := parseRelationship(context); msg != "" {
			f.Message = fmt.Sprintf("error parsing relationship `%s`: %s", context, msg)
			f.Col += at - 1
		}
	}
	return f
}

// validationModel compiles the file's schema into a Model, or returns nil
// when it does not compile: spicedb then reports the schema error.
func validationModel(vf *validationfile.ValidationFile, cfg *validationConfig) *Model {
	src, importFS := Source{File: "schema", Text: vf.Schema.Schema}, cfg.fsys
	if vf.SchemaFile != "" {
		data, err := fs.ReadFile(cfg.fsys, vf.SchemaFile)
		if err != nil {
			return nil
		}
		src = Source{File: vf.SchemaFile, Text: string(data)}
		if importFS, err = fs.Sub(cfg.fsys, path.Dir(vf.SchemaFile)); err != nil {
			return nil
		}
	}
	m, err := Compile([]Source{src}, importFS)
	if err != nil {
		return nil
	}
	return m
}

// relationshipFailures checks every relationship against the schema
// before spicedb writes them: spicedb stops at some errors and does not
// say which subject types a relation allows.
func (d *validationDoc) relationshipFailures(m *Model, vf *validationfile.ValidationFile) []ValidationFailure {
	var out []ValidationFailure
	i := 0
	for _, line := range strings.Split(vf.Relationships.RelationshipsString, "\n") {
		text := strings.TrimSpace(line)
		if text == "" || strings.HasPrefix(text, "//") {
			continue
		}
		if i >= len(vf.Relationships.Relationships) {
			break
		}
		rel := vf.Relationships.Relationships[i]
		i++
		col, msg := m.checkRelationship(text, rel)
		if msg == "" {
			continue
		}
		f := d.failureAt(FailureRelationship, msg, text, 0, 0)
		f.Col += col - 1
		out = append(out, f)
	}
	return out
}

// failureAt builds a failure in the YAML. spicedb's positions are not
// always right (a bad relationship's line is computed as if every line
// were followed by a blank one; columns are those of the block), so the
// offending text, when known, is looked up: on the reported line first,
// then anywhere in its block.
func (d *validationDoc) failureAt(kind FailureKind, msg, context string, line, col int) ValidationFailure {
	f := ValidationFailure{Kind: kind, Message: msg, Context: strings.TrimSpace(context)}
	f.Line, f.Col = d.locate(kind, f.Context, line, col)
	return f
}

func (d *validationDoc) locate(kind FailureKind, context string, line, col int) (int, int) {
	if context != "" {
		if col > 0 && tokenAt(d.lineText(line), col-1, context) {
			return line, col
		}
		if c := d.colOf(line, context); c > 0 {
			return line, c
		}
		if l, c := d.find(kind, context); l > 0 {
			return l, c
		}
	}
	if line < 1 || line > len(d.lines) {
		line, col = d.blockLine(kind), 0
	}
	if col < 1 {
		col = d.colOf(line, strings.TrimSpace(d.lineText(line)))
	}
	return line, max(col, 1)
}

// colOf returns the 1-based column where s stands alone on line, or 0.
func (d *validationDoc) colOf(line int, s string) int {
	text := d.lineText(line)
	for i := 0; s != "" && i+len(s) <= len(text); i++ {
		if tokenAt(text, i, s) {
			return i + 1
		}
	}
	return 0
}

// tokenAt reports whether text holds s at byte offset i as a whole token,
// so that a relationship is not found inside a longer one. A separator, a
// quote or a YAML key's colon may follow it.
func tokenAt(text string, i int, s string) bool {
	if i < 0 || !strings.HasPrefix(text[min(i, len(text)):], s) || i > 0 && isIdentByte(text[i-1]) {
		return false
	}
	rest := text[i+len(s):]
	if rest == "" || strings.ContainsRune(" \t'\",}]|", rune(rest[0])) {
		return true
	}
	return rest[0] == ':' && (len(rest) == 1 || rest[1] == ' ')
}

func (d *validationDoc) lineText(line int) string {
	if line < 1 || line > len(d.lines) {
		return ""
	}
	return d.lines[line-1]
}

// find looks for s in the blocks that hold failures of kind, or in every
// block for kind "".
func (d *validationDoc) find(kind FailureKind, s string) (int, int) {
	for i, k := range d.keys {
		if kind != "" && blockKinds[k.name] != kind {
			continue
		}
		end := len(d.lines)
		if i+1 < len(d.keys) {
			end = d.keys[i+1].line - 1
		}
		for l := k.line; l <= end; l++ {
			if c := d.colOf(l, s); c > 0 {
				return l, c
			}
		}
	}
	return 0, 0
}

// blockLine is the line of the key whose block holds failures of kind, or 1.
func (d *validationDoc) blockLine(kind FailureKind) int {
	for _, k := range d.keys {
		if blockKinds[k.name] == kind {
			return k.line
		}
	}
	return 1
}

// kindAt names the block that holds line.
func (d *validationDoc) kindAt(line int) FailureKind {
	kind := FailureYAML
	for _, k := range d.keys {
		if k.line > line {
			break
		}
		if kind = blockKinds[k.name]; kind == "" {
			kind = FailureYAML
		}
	}
	return kind
}

// value returns the node under a top-level key, or nil.
func (d *validationDoc) value(key string) *yaml.Node {
	for _, k := range d.keys {
		if k.name == key {
			return k.val
		}
	}
	return nil
}

// valuePos is the 1-based position of a top-level key's value.
func (d *validationDoc) valuePos(key string) (int, int) {
	if v := d.value(key); v != nil {
		return v.Line, v.Column
	}
	return 1, 1
}
