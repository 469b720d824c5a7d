package schemas

import (
	"errors"
	"fmt"

	"go.yaml.in/yaml/v3"
)

// ConfigFile is the optional project configuration at the root.
const ConfigFile = ".ambient-authz.yaml"

// Config is the part of .ambient-authz.yaml that schema loading reads.
// Unknown keys are ignored here; the coverage engine reads its own.
type Config struct {
	// Schema lists schema paths relative to the root. YAML accepts a
	// single string or a list.
	Schema stringList `yaml:"schema"`
}

// LoadConfig reads .ambient-authz.yaml; a missing file is an empty Config.
func LoadConfig(root *Root) (*Config, error) {
	data, _, err := root.ReadFile(ConfigFile)
	var ie *InputError
	if errors.As(err, &ie) && ie.Kind == ErrNotFound {
		return &Config{}, nil
	}
	if err != nil {
		return nil, err
	}
	var cfg Config
	if err := yaml.Unmarshal(data, &cfg); err != nil {
		return nil, &InputError{Kind: ErrBadConfig, Message: fmt.Sprintf("%s is not valid YAML: %v", ConfigFile, err), Fix: "fix the YAML syntax, e.g. `schema: authz/schema.zed`"}
	}
	return &cfg, nil
}

// stringList decodes a YAML scalar or sequence of strings.
type stringList []string

func (s *stringList) UnmarshalYAML(n *yaml.Node) error {
	switch n.Kind {
	case yaml.ScalarNode:
		*s = []string{n.Value}
		return nil
	case yaml.SequenceNode:
		var list []string
		if err := n.Decode(&list); err != nil {
			return err
		}
		*s = list
		return nil
	}
	return fmt.Errorf("line %d: expected a path or a list of paths", n.Line)
}
