package server

import (
	"log"
	"strings"

	"github.com/rs/zerolog"
)

// newStdLogger adapts zerolog for mcp-go's *log.Logger hooks, so the
// transport's own errors reach the configured log, never stdout.
func newStdLogger(l *zerolog.Logger) *log.Logger {
	return log.New(zerologWriter{l}, "", 0)
}

type zerologWriter struct{ l *zerolog.Logger }

func (w zerologWriter) Write(p []byte) (int, error) {
	w.l.Warn().Str("component", "mcp").Msg(strings.TrimSpace(string(p)))
	return len(p), nil
}
