package clientsetup

import (
	"errors"
	"fmt"
	"os"

	"github.com/ambient-authz/ambient-authz/schemas"
)

// SchemaPaths returns the root-relative schema paths init records: the
// --schema paths when given (each must exist inside the root), else the
// discovered schema. A project with no schema yet gets nil and no error;
// several candidates are an error that lists them.
func SchemaPaths(root *schemas.Root, flagPaths []string) ([]string, error) {
	if len(flagPaths) == 0 {
		found, err := schemas.Discover(root)
		var ie *schemas.InputError
		if errors.As(err, &ie) && ie.Kind == schemas.ErrNoSchema {
			return nil, nil
		}
		return found, err
	}
	var out []string
	for _, p := range flagPaths {
		abs, rel, err := root.Resolve(p)
		if err != nil {
			return nil, fmt.Errorf("--schema %s: %w", p, err)
		}
		if st, err := os.Stat(abs); err != nil || !st.Mode().IsRegular() {
			return nil, fmt.Errorf("--schema %s: no such file under %s", p, root.Dir)
		}
		out = append(out, rel)
	}
	return out, nil
}
