package tools

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// argumentSchema validates a call's arguments against the tool's declared
// input schema. It replaces mcp-go's WithInputSchemaValidation, whose
// messages print the validator's Go values (`<root>: &{Missing:[permission]}`)
// that a model cannot act on.
type argumentSchema struct {
	schema *jsonschema.Schema
	usage  string
}

var printer = message.NewPrinter(language.English)

// compileArguments compiles a tool's input schema; a failure is a bug in
// the tool's argument type.
func compileArguments(tool mcp.Tool) *argumentSchema {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(tool.RawInputSchema))
	if err != nil {
		panic(fmt.Sprintf("tool %s: input schema: %v", tool.Name, err))
	}
	c := jsonschema.NewCompiler()
	url := "mem://" + tool.Name + ".json"
	if err := c.AddResource(url, doc); err != nil {
		panic(fmt.Sprintf("tool %s: input schema: %v", tool.Name, err))
	}
	schema, err := c.Compile(url)
	if err != nil {
		panic(fmt.Sprintf("tool %s: input schema: %v", tool.Name, err))
	}
	return &argumentSchema{schema: schema, usage: usage(tool.RawInputSchema)}
}

// check returns nil, or an agent-readable error naming each problem and
// the arguments the tool takes.
func (a *argumentSchema) check(args any) error {
	raw, err := json.Marshal(args)
	if err != nil {
		return fmt.Errorf("invalid arguments: %v", err)
	}
	if string(raw) == "null" { // no arguments at all
		raw = []byte("{}")
	}
	value, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		return fmt.Errorf("invalid arguments: %v", err)
	}
	err = a.schema.Validate(value)
	var verr *jsonschema.ValidationError
	if !errors.As(err, &verr) {
		return err
	}
	return fmt.Errorf("invalid arguments: %s\nfix: this tool takes %s", strings.Join(leafMessages(verr), "; "), a.usage)
}

func leafMessages(verr *jsonschema.ValidationError) []string {
	if len(verr.Causes) > 0 {
		var out []string
		for _, c := range verr.Causes {
			out = append(out, leafMessages(c)...)
		}
		return out
	}
	msg := verr.ErrorKind.LocalizedString(printer)
	if len(verr.InstanceLocation) > 0 {
		msg = "argument " + strings.Join(verr.InstanceLocation, ".") + ": " + msg
	}
	return []string{msg}
}

// usage renders `{resource: string (required), permission: string}`.
func usage(raw json.RawMessage) string {
	var s struct {
		Properties map[string]struct {
			Type any `json:"type"`
		} `json:"properties"`
		Required []string `json:"required"`
	}
	if json.Unmarshal(raw, &s) != nil || len(s.Properties) == 0 {
		return "no arguments"
	}
	names := make([]string, 0, len(s.Properties))
	for n := range s.Properties {
		names = append(names, n)
	}
	slices.Sort(names)
	parts := make([]string, len(names))
	for i, n := range names {
		parts[i] = fmt.Sprintf("%s: %v", n, s.Properties[n].Type)
		if slices.Contains(s.Required, n) {
			parts[i] += " (required)"
		}
	}
	return "{" + strings.Join(parts, ", ") + "}"
}
