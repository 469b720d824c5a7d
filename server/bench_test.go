package server

import (
	"bufio"
	"context"
	"io"
	"strings"
	"testing"
)

// BenchmarkInitialize is the initialize round trip through a fresh server
// over the stdio transport, schema load included (target: under 100 ms).
// cmd/ambient-authz's BenchmarkServeInitialize adds process start.
func BenchmarkInitialize(b *testing.B) {
	init := `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"b","version":"1"}}}` + "\n"
	for b.Loop() {
		store := testStore(b, "google-docs.zed")
		inR, inW := io.Pipe()
		outR, outW := io.Pipe()
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() {
			_ = ServeStdio(ctx, New(Options{Store: store, Version: "bench"}), inR, outW)
			close(done)
		}()
		if _, err := store.Model(ctx); err != nil {
			b.Fatal(err)
		}
		io.WriteString(inW, init)
		line, err := bufio.NewReader(outR).ReadString('\n')
		if err != nil || !strings.Contains(line, `"serverInfo"`) {
			b.Fatalf("initialize: %v %q", err, line)
		}
		cancel()
		inW.Close()
		outW.Close()
		<-done
	}
}
