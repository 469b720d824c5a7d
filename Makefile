# ambient-authz: `make demo` runs the main job on a bundled sample; `make test` runs every test.
GO      ?= go
BIN     := bin/ambient-authz
CLIENTS := testdata/clients
NPM_CI  := npm ci --no-audit --no-fund --loglevel=error

.PHONY: build demo test deps vet unit e2e bench bench-large snapshots golden clean

build:
	$(GO) build -o $(BIN) ./cmd/ambient-authz

# The main job on a bundled sample: the coverage report of a small document
# service (chi routes, a service layer, an authz wrapper, middleware).
demo: build
	$(BIN) --root testdata/coverage/go/docs coverage --fail-on never

test: deps vet unit e2e

# npm packages from the committed lockfiles: the MCP clients for the E2E and
# the TypeScript compiler with @authzed/authzed-node for the template check.
deps:
	cd $(CLIENTS) && $(NPM_CI)
	cd testdata/codecheck && $(NPM_CI)

vet:
	$(GO) vet ./...

unit:
	$(GO) test -race -count=1 ./...

# Real independent MCP clients (TypeScript SDK, MCP Inspector CLI) against the built binary.
e2e: build
	cd $(CLIENTS) && AMBIENT_AUTHZ_BIN=$(abspath $(BIN)) npm test

bench:
	$(GO) test -short -run '^$$' -bench . -benchmem ./...

# The coverage scan of a generated 1M-line Go module: parse ratio, rescan
# time and peak memory (about 25 s and 1 GB).
bench-large:
	$(GO) test -run '^$$' -bench '^BenchmarkLargeRepo$$' -benchtime 1x -timeout 30m ./tools/coverage/golang

# Regenerate reviewed outputs on purpose.
snapshots:
	UPDATE_SNAPSHOTS=1 $(GO) test ./tools ./server

golden:
	UPDATE_GOLDEN=1 $(GO) test ./...

clean:
	rm -rf bin $(CLIENTS)/node_modules testdata/codecheck/node_modules
