package clientsetup

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// Apply writes every created or updated file. Each is written to a
// temporary file next to it first; only when all of them are written are
// they renamed into place, so a failure leaves no file half-written, no
// new folder and, short of a failing rename, no file changed.
func (p *Plan) Apply() error {
	type staged struct{ tmp, abs, path string }
	var done []staged
	var madeDirs []string
	cleanup := func() {
		for _, s := range done {
			os.Remove(s.tmp)
		}
		for i := len(madeDirs) - 1; i >= 0; i-- {
			os.Remove(madeDirs[i]) // only removes folders left empty
		}
	}
	for _, c := range p.Changes {
		if c.Status == Unchanged {
			continue
		}
		made, err := makeDirs(filepath.Dir(c.abs))
		madeDirs = append(madeDirs, made...)
		var tmp string
		if err == nil {
			tmp, err = stage(c)
		}
		if err != nil {
			cleanup()
			return fmt.Errorf("writing %s: %w (nothing was changed)", c.Path, err)
		}
		done = append(done, staged{tmp, c.abs, c.Path})
	}
	var errs []error
	for _, s := range done {
		if err := os.Rename(s.tmp, s.abs); err != nil {
			os.Remove(s.tmp)
			errs = append(errs, fmt.Errorf("replacing %s: %w", s.path, err))
		}
	}
	return errors.Join(errs...)
}

// makeDirs creates dir and any missing parents, and returns the folders it
// created, outermost first, so a failed run can take them away again.
func makeDirs(dir string) ([]string, error) {
	var missing []string
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Lstat(d); err == nil || filepath.Dir(d) == d {
			break
		}
		missing = append([]string{d}, missing...)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return missing, err
	}
	return missing, nil
}

// stage writes c's content to a temporary file in the target's folder and
// returns its path.
func stage(c Change) (string, error) {
	f, err := os.CreateTemp(filepath.Dir(c.abs), "."+filepath.Base(c.abs)+".ambient-authz-*")
	if err != nil {
		return "", err
	}
	_, werr := f.Write(c.After)
	if werr == nil {
		werr = f.Chmod(c.mode)
	}
	if werr == nil {
		werr = f.Sync()
	}
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	if werr != nil {
		os.Remove(f.Name())
		return "", werr
	}
	return f.Name(), nil
}
