package server

import (
	"bufio"
	"encoding/json"
	"io"
	"sync"
	"time"
)

// drainTimeout bounds how long the end of input waits for tool calls
// still running.
const drainTimeout = 30 * time.Second

// drain holds back stdin's EOF until every tools/call already read has
// been answered. mcp-go runs tool calls on workers and cancels them when
// input ends, so a client that writes its requests and closes stdin would
// otherwise lose the answers.
type drain struct {
	mu      sync.Mutex
	pending map[string]bool
}

// wrapStdio returns the reader and writer to hand to mcp-go.
func wrapStdio(in io.Reader, out io.Writer) (io.Reader, io.Writer) {
	d := &drain{pending: map[string]bool{}}
	pr, pw := io.Pipe()
	go d.pump(bufio.NewReader(in), pw)
	return pr, answerWriter{d: d, out: out}
}

type message struct {
	Method string          `json:"method"`
	ID     json.RawMessage `json:"id"`
}

func (d *drain) pump(in *bufio.Reader, pw *io.PipeWriter) {
	for {
		line, err := in.ReadBytes('\n')
		if len(line) > 0 {
			var m message
			if json.Unmarshal(line, &m) == nil && m.Method == "tools/call" && len(m.ID) > 0 {
				d.mu.Lock()
				d.pending[string(m.ID)] = true
				d.mu.Unlock()
			}
			if _, werr := pw.Write(line); werr != nil {
				return
			}
		}
		if err != nil {
			d.wait()
			pw.CloseWithError(err) // io.EOF reads as a clean end
			return
		}
	}
}

// wait polls until nothing is pending; it runs once, at the end of input.
func (d *drain) wait() {
	deadline := time.Now().Add(drainTimeout)
	for time.Now().Before(deadline) {
		d.mu.Lock()
		n := len(d.pending)
		d.mu.Unlock()
		if n == 0 {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// answerWriter clears a pending call when its response is written; mcp-go
// writes each message in a single Write.
type answerWriter struct {
	d   *drain
	out io.Writer
}

func (w answerWriter) Write(p []byte) (int, error) {
	n, err := w.out.Write(p)
	var m message
	if json.Unmarshal(p, &m) == nil && m.Method == "" && len(m.ID) > 0 {
		w.d.mu.Lock()
		delete(w.d.pending, string(m.ID))
		w.d.mu.Unlock()
	}
	return n, err
}
