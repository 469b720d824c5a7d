# ambient-authz: `make demo` runs the main job on a bundled sample; `make test` runs every test.
GO      ?= go
BIN     := bin/ambient-authz
CLIENTS := testdata/clients

.PHONY: build demo test vet unit e2e bench snapshots golden clean

build:
	$(GO) build -o $(BIN) ./cmd/ambient-authz

# The main job on a bundled sample: explain who can view a Google-Docs-style document.
demo: build
	$(BIN) --root testdata/schemas --schema google-docs.zed schema explain document view

test: vet unit e2e

vet:
	$(GO) vet ./...

unit:
	$(GO) test -race -count=1 ./...

# Real independent MCP clients (TypeScript SDK, MCP Inspector CLI) against the built binary.
e2e: build
	cd $(CLIENTS) && npm ci --no-audit --no-fund --loglevel=error
	cd $(CLIENTS) && AMBIENT_AUTHZ_BIN=$(abspath $(BIN)) npm test

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./schemas ./server ./cmd/...

# Regenerate reviewed outputs on purpose.
snapshots:
	UPDATE_SNAPSHOTS=1 $(GO) test ./tools

golden:
	UPDATE_GOLDEN=1 $(GO) test ./schemas

clean:
	rm -rf bin $(CLIENTS)/node_modules
