package coverage

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"slices"
	"sort"
	"strings"
)

// Baseline is a set of known findings. Findings that match an entry are
// reported as baselined and never fail a run, so a legacy codebase can
// adopt the tool and gate only on new gaps.
type Baseline struct {
	Version  int             `json:"version"`
	Findings []BaselineEntry `json:"findings"`
}

// BaselineEntry is one known finding. Only the fingerprint is matched; the
// other fields are there for the humans reviewing the file.
type BaselineEntry struct {
	Fingerprint string `json:"fingerprint"`
	Rule        string `json:"rule"`
	File        string `json:"file"`
	Handler     string `json:"handler,omitempty"`
	Message     string `json:"message"`
}

// Fingerprint identifies a finding across unrelated edits: the rule, the
// file, the handler and the message with line numbers taken out. Moving
// code within a file keeps it; renaming the handler or changing what is
// wrong does not.
func (f Finding) Fingerprint() string {
	sum := sha256.Sum256([]byte(strings.Join([]string{f.Rule, f.File, f.Handler, normalizeMessage(f.Message)}, "\x00")))
	return hex.EncodeToString(sum[:8])
}

var (
	linePosRe = regexp.MustCompile(`(\.[A-Za-z0-9]+):\d+(?::\d+)?`)
	lineWord  = regexp.MustCompile(`\blines? \d+`)
)

// normalizeMessage drops line numbers (`file.go:12`, `line 12`) and
// collapses whitespace.
func normalizeMessage(msg string) string {
	msg = linePosRe.ReplaceAllString(msg, "$1")
	msg = lineWord.ReplaceAllString(msg, "line")
	return strings.Join(strings.Fields(msg), " ")
}

// WriteBaseline writes every finding of the report as a baseline, sorted,
// as indented JSON.
func WriteBaseline(w io.Writer, r *Report) error {
	b := Baseline{Version: 1, Findings: make([]BaselineEntry, 0, len(r.Findings))}
	for _, f := range r.Findings {
		b.Findings = append(b.Findings, BaselineEntry{Fingerprint: f.Fingerprint(), Rule: f.Rule, File: f.File, Handler: f.Handler, Message: normalizeMessage(f.Message)})
	}
	sort.SliceStable(b.Findings, func(i, j int) bool {
		x, y := b.Findings[i], b.Findings[j]
		return fmt.Sprint(x.Rule, "\x00", x.File, "\x00", x.Handler, "\x00", x.Message, "\x00", x.Fingerprint) <
			fmt.Sprint(y.Rule, "\x00", y.File, "\x00", y.Handler, "\x00", y.Message, "\x00", y.Fingerprint)
	})
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(b); err != nil {
		return fmt.Errorf("writing baseline: %w", err)
	}
	return nil
}

// ReadBaseline parses a baseline written by WriteBaseline.
func ReadBaseline(r io.Reader) (*Baseline, error) {
	var b Baseline
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&b); err != nil {
		return nil, fmt.Errorf("not a baseline file: %w", err)
	}
	if b.Version != 1 {
		return nil, fmt.Errorf("baseline version %d is not supported (want 1)", b.Version)
	}
	for i, e := range b.Findings {
		if e.Fingerprint == "" {
			return nil, fmt.Errorf("baseline entry %d has no fingerprint", i+1)
		}
	}
	return &b, nil
}

// ApplyBaseline marks the findings the baseline knows as baselined, and
// recomputes the summary and the verdict. Each entry absorbs one finding,
// so a second copy of a known gap is still new.
func (r *Report) ApplyBaseline(b *Baseline) {
	if b == nil {
		return
	}
	known := map[string]int{}
	for _, e := range b.Findings {
		known[e.Fingerprint]++
	}
	copied := false
	for i := range r.Findings {
		if fp := r.Findings[i].Fingerprint(); known[fp] > 0 {
			known[fp]--
			if !copied {
				// The findings may be shared (see Report).
				r.Findings, copied = slices.Clone(r.Findings), true
			}
			r.Findings[i].Baselined = true
		}
	}
	r.finish()
}
