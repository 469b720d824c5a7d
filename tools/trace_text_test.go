package tools

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/ambient-authz/ambient-authz/schemas"
)

func TestWriteTrace(t *testing.T) {
	a := schemas.CheckAnswer{Trace: []schemas.TraceStep{
		{Depth: 0, Object: "document:1#view", Kind: "permission", Result: schemas.StepDenied},
		{Depth: 1, Object: "document:1#banned", Kind: "relation", Result: schemas.StepGranted, Excluded: true},
		{Depth: 1, Object: "document:1#viewer", Kind: "relation", Result: schemas.StepConditional, Caveat: "ip_allowlist: missing client_ip", Cached: true},
	}}
	var b strings.Builder
	writeTrace(&b, "  ", a)
	assert.Equal(t, "  document:1#view (permission) denied\n"+
		"    document:1#banned (relation) granted [excluded: granted here denies]\n"+
		"    document:1#viewer (relation) conditional (caveat ip_allowlist: missing client_ip) cached\n", b.String())
}

func TestWriteTraceBoundsTheText(t *testing.T) {
	a := schemas.CheckAnswer{TraceOmitted: 3}
	for i := range maxTextTrace + 5 {
		a.Trace = append(a.Trace, schemas.TraceStep{Depth: 1, Object: fmt.Sprintf("folder:f%d#view", i), Kind: "permission", Result: schemas.StepDenied})
	}
	var b strings.Builder
	writeTrace(&b, "", a)
	lines := strings.Split(strings.TrimRight(b.String(), "\n"), "\n")
	assert.Len(t, lines, maxTextTrace+2)
	assert.Equal(t, "… 5 more steps in structuredContent", lines[maxTextTrace])
	assert.Equal(t, fmt.Sprintf("(3 more steps left out: branches that did not grant, or past %d steps)", schemas.MaxTraceSteps), lines[maxTextTrace+1])
}
