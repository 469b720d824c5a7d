package tools

import (
	"fmt"
	"strings"

	"github.com/ambient-authz/ambient-authz/schemas"
)

// maxTextTrace bounds the trace lines a tool's text shows; the full trace
// is in structuredContent.
const maxTextTrace = 20

// writeTrace renders a check's trace as an indented tree, one step a line:
// `folder:root#viewer (relation) granted`, with the caveat's outcome, a
// cached result and the excluded side of an exclusion.
func writeTrace(b *strings.Builder, indent string, a schemas.CheckAnswer) {
	for i, s := range a.Trace {
		if i == maxTextTrace {
			fmt.Fprintf(b, "%s… %d more steps in structuredContent\n", indent, len(a.Trace)-maxTextTrace)
			break
		}
		fmt.Fprintf(b, "%s%s%s (%s) %s", indent, strings.Repeat("  ", s.Depth), s.Object, s.Kind, s.Result)
		if s.Caveat != "" {
			fmt.Fprintf(b, " (caveat %s)", s.Caveat)
		}
		if s.Cached {
			b.WriteString(" cached")
		}
		if s.Excluded {
			b.WriteString(" [excluded: granted here denies]")
		}
		b.WriteString("\n")
	}
	if a.TraceOmitted > 0 {
		fmt.Fprintf(b, "%s(%d more steps left out: branches that did not grant, or past %d steps)\n", indent, a.TraceOmitted, schemas.MaxTraceSteps)
	}
}
