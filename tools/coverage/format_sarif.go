package coverage

import (
	"fmt"
	"net/url"
)

// SARIF constants for GitHub code scanning and other SARIF 2.1.0 readers.
const (
	sarifSchema    = "https://json.schemastore.org/sarif-2.1.0.json"
	sarifVersion   = "2.1.0"
	toolName       = "ambient-authz"
	toolInfoURI    = "https://github.com/ambient-authz/ambient-authz"
	fingerprintKey = "ambientAuthz/v1"
)

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool    sarifTool     `json:"tool"`
	Results []sarifResult `json:"results"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	InformationURI string      `json:"informationUri"`
	Rules          []sarifRule `json:"rules"`
}

type sarifRule struct {
	ID                   string             `json:"id"`
	Name                 string             `json:"name"`
	ShortDescription     sarifText          `json:"shortDescription"`
	FullDescription      sarifText          `json:"fullDescription"`
	Help                 sarifText          `json:"help"`
	DefaultConfiguration sarifConfiguration `json:"defaultConfiguration"`
	Properties           sarifRuleProps     `json:"properties"`
}

type sarifText struct {
	Text string `json:"text"`
}

type sarifConfiguration struct {
	Level string `json:"level"`
}

type sarifRuleProps struct {
	Tags []string `json:"tags"`
}

type sarifResult struct {
	RuleID              string             `json:"ruleId"`
	RuleIndex           int                `json:"ruleIndex"`
	Level               string             `json:"level"`
	Message             sarifText          `json:"message"`
	Locations           []sarifLocation    `json:"locations"`
	PartialFingerprints map[string]string  `json:"partialFingerprints"`
	Suppressions        []sarifSuppression `json:"suppressions,omitempty"`
	Properties          map[string]string  `json:"properties,omitempty"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysical `json:"physicalLocation"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           *sarifRegion  `json:"region,omitempty"`
}

type sarifArtifact struct {
	URI string `json:"uri"`
}

type sarifRegion struct {
	StartLine int `json:"startLine"`
}

type sarifSuppression struct {
	Kind          string `json:"kind"`
	Justification string `json:"justification"`
}

// sarifLevel maps a severity to a SARIF level.
func sarifLevel(s Severity) string {
	switch s {
	case SeverityError:
		return "error"
	case SeverityWarning:
		return "warning"
	}
	return "note"
}

// FormatSARIF renders the report as SARIF 2.1.0 for code-scanning UIs
// (GitHub code scanning among them): every rule with its doc, one result
// per finding with a stable partial fingerprint, baselined findings as
// externally suppressed.
func FormatSARIF(r *Report) ([]byte, error) {
	driver := sarifDriver{Name: toolName, InformationURI: toolInfoURI, Rules: make([]sarifRule, len(RuleDocs))}
	index := map[string]int{}
	for i, d := range RuleDocs {
		index[d.Name] = i
		driver.Rules[i] = sarifRule{
			ID: d.Name, Name: d.Name,
			ShortDescription:     sarifText{Text: d.Summary},
			FullDescription:      sarifText{Text: d.Doc()},
			Help:                 sarifText{Text: d.Doc()},
			DefaultConfiguration: sarifConfiguration{Level: sarifLevel(d.Severity)},
			Properties:           sarifRuleProps{Tags: []string{"security", "authorization", "spicedb"}},
		}
	}
	results := make([]sarifResult, 0, len(r.Findings))
	for _, f := range r.Findings {
		res := sarifResult{
			RuleID: f.Rule, RuleIndex: index[f.Rule], Level: sarifLevel(f.Severity),
			Message:             sarifText{Text: f.Message + "\nFix: " + f.Fix},
			Locations:           []sarifLocation{{PhysicalLocation: physical(f.File, f.Line)}},
			PartialFingerprints: map[string]string{fingerprintKey: f.Fingerprint()},
		}
		if f.Baselined {
			res.Suppressions = []sarifSuppression{{Kind: "external", Justification: "known finding in the ambient-authz baseline"}}
		}
		if f.Handler != "" || f.Route != "" {
			res.Properties = map[string]string{}
			if f.Handler != "" {
				res.Properties["handler"] = f.Handler
			}
			if f.Route != "" {
				res.Properties["route"] = f.Route
			}
		}
		results = append(results, res)
	}
	log := sarifLog{Schema: sarifSchema, Version: sarifVersion, Runs: []sarifRun{{Tool: sarifTool{Driver: driver}, Results: results}}}
	data, err := marshalJSON(log)
	if err != nil {
		return nil, fmt.Errorf("encoding SARIF: %w", err)
	}
	return data, nil
}

func physical(file string, line int) sarifPhysical {
	p := sarifPhysical{ArtifactLocation: sarifArtifact{URI: (&url.URL{Path: file}).String()}}
	if line > 0 {
		p.Region = &sarifRegion{StartLine: line}
	}
	return p
}
