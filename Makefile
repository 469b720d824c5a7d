# ambient-authz: `make demo` runs the main job on a bundled sample; `make test` runs every test.
GO      ?= go
BIN     := bin/ambient-authz
CLIENTS := testdata/clients
SPICEDB := bin/spicedb
SPICEDB_VERSION := v1.56.2
NPM_CI  := npm ci --no-audit --no-fund --loglevel=error

.PHONY: build demo test deps spicedb vet unit e2e bench bench-large snapshots golden clean

build:
	$(GO) build -o $(BIN) ./cmd/ambient-authz

# The main job on a bundled sample: the coverage report of a small document
# service (chi routes, a service layer, an authz wrapper, middleware).
demo: build
	$(BIN) --root testdata/coverage/go/docs coverage --fail-on never

test: deps spicedb vet unit e2e

# npm packages from the committed lockfiles: the MCP clients for the E2E and
# the TypeScript compiler with @authzed/authzed-node for the template check.
deps:
	cd $(CLIENTS) && $(NPM_CI)
	cd testdata/codecheck && $(NPM_CI)

# The spicedb binary the live-SpiceDB integration test runs (serve-testing,
# serve): installed into ./bin unless that version is already there (about
# 4 min on a cold module cache, seconds warm).
spicedb:
	@$(SPICEDB) version --skip-release-check 2>/dev/null | grep -qx 'spicedb $(SPICEDB_VERSION)' || \
		GOBIN=$(abspath bin) $(GO) install github.com/authzed/spicedb/cmd/spicedb@$(SPICEDB_VERSION)

vet:
	$(GO) vet ./...

unit:
	AMBIENT_AUTHZ_SPICEDB_BIN=$(abspath $(SPICEDB)) $(GO) test -race -count=1 ./...

# Real independent MCP clients (TypeScript SDK, MCP Inspector CLI) against the built binary.
e2e: build
	cd $(CLIENTS) && AMBIENT_AUTHZ_BIN=$(abspath $(BIN)) npm test

bench:
	$(GO) test -short -run '^$$' -bench . -benchmem ./...

# The coverage scan of a generated 1M-line Go module: parse ratio, rescan
# time and peak memory (about 25 s and 1 GB).
bench-large:
	$(GO) test -v -run '^$$' -bench '^BenchmarkLargeRepo$$' -benchtime 1x -timeout 30m ./tools/coverage/golang

# Regenerate reviewed outputs on purpose.
snapshots:
	UPDATE_SNAPSHOTS=1 $(GO) test ./tools ./server

golden:
	UPDATE_GOLDEN=1 $(GO) test ./...

clean:
	rm -rf bin $(CLIENTS)/node_modules testdata/codecheck/node_modules
