package hooks

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// state is one conversation's memory between hook runs: the files Cursor
// edited (its afterFileEdit cannot answer, so stop checks them), and the
// findings a stop already blocked on (so a continuing agent is not
// blocked on the same ones again). It lives under the user's cache dir,
// one folder per project, never in the project.
type state struct {
	// base is the path prefix of the conversation's files; empty when
	// there is no conversation ID or no cache dir, and then nothing is
	// remembered.
	base string
}

// openState locates the conversation's state; nothing is created until
// something is recorded.
func openState(dir, root, conversation string) *state {
	if conversation == "" {
		return &state{}
	}
	if dir == "" {
		cache, err := os.UserCacheDir()
		if err != nil {
			return &state{}
		}
		dir = filepath.Join(cache, "ambient-authz", "hooks")
	}
	return &state{base: filepath.Join(dir, digest(root), digest(conversation))}
}

// digest names a file after any string, safely.
func digest(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:8])
}

// usable reports whether the state can remember anything.
func (s *state) usable() bool { return s.base != "" }

// recordEdit appends a root-relative path to the edited files. Cursor
// runs afterFileEdit hooks concurrently for a multi-file edit; an
// O_APPEND write of one short line is atomic, so no lock is needed.
func (s *state) recordEdit(rel string) error {
	if !s.usable() {
		return errors.New("no conversation_id in the payload, so the edit cannot be remembered for the stop hook")
	}
	if err := os.MkdirAll(filepath.Dir(s.base), 0o700); err != nil {
		return fmt.Errorf("recording the edit: %w", err)
	}
	f, err := os.OpenFile(s.base+".edits", os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		return fmt.Errorf("recording the edit: %w", err)
	}
	_, werr := f.WriteString(rel + "\n")
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	if werr != nil {
		return fmt.Errorf("recording the edit: %w", werr)
	}
	return nil
}

// edits returns the recorded files, sorted and unique.
func (s *state) edits() ([]string, error) {
	if !s.usable() {
		return nil, nil
	}
	data, err := os.ReadFile(s.base + ".edits")
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading the recorded edits: %w", err)
	}
	var out []string
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		if line := strings.TrimSpace(sc.Text()); line != "" {
			out = append(out, line)
		}
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}

// blocked returns the fingerprints of the findings a stop blocked on.
func (s *state) blocked() (map[string]bool, error) {
	out := map[string]bool{}
	if !s.usable() {
		return out, nil
	}
	data, err := os.ReadFile(s.base + ".blocked")
	if errors.Is(err, fs.ErrNotExist) {
		return out, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading the findings already blocked on: %w", err)
	}
	var list []string
	if err := json.Unmarshal(data, &list); err != nil {
		return nil, fmt.Errorf("reading the findings already blocked on: %w", err)
	}
	for _, fp := range list {
		out[fp] = true
	}
	return out, nil
}

// setBlocked replaces the fingerprints blocked on; written to a temporary
// file and renamed, so a reader never sees half a list.
func (s *state) setBlocked(fps map[string]bool) error {
	if !s.usable() {
		return nil
	}
	list := make([]string, 0, len(fps))
	for fp := range fps {
		list = append(list, fp)
	}
	slices.Sort(list)
	data, _ := json.Marshal(list)
	if err := os.MkdirAll(filepath.Dir(s.base), 0o700); err != nil {
		return fmt.Errorf("remembering the findings blocked on: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(s.base), filepath.Base(s.base)+".blocked-*")
	if err != nil {
		return fmt.Errorf("remembering the findings blocked on: %w", err)
	}
	_, werr := tmp.Write(data)
	if cerr := tmp.Close(); werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Rename(tmp.Name(), s.base+".blocked")
	}
	if werr != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("remembering the findings blocked on: %w", werr)
	}
	return nil
}

// clear forgets the conversation's edits and blocks: its stop passed.
func (s *state) clear() error {
	if !s.usable() {
		return nil
	}
	for _, suffix := range []string{".edits", ".blocked"} {
		if err := os.Remove(s.base + suffix); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("clearing the hook state: %w", err)
		}
	}
	return nil
}
