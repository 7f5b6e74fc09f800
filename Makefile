# The two commands of the README: `make run` and `make test`. Everything else is a helper.
.PHONY: run test build ui demo bench

UI_SOURCES := $(shell find web/src -type f 2>/dev/null) web/index.html web/vite.config.ts web/tsconfig.json

run: ui ## run Switchboard with embedded SQLite in ./data on http://127.0.0.1:8080
	go run -tags ui ./cmd/switchboard serve

demo: ui ## run a demo workspace in ./data-demo with simulated WhatsApp and SMS customers
	go run -tags ui ./cmd/switchboard demo

test: ## run every test on SQLite and PostgreSQL, and the browser tests in Chromium
	./scripts/test.sh

bench: ## run the benchmark of BENCHMARK.md at 100k conversations on SQLite and PostgreSQL (docs/performance.md)
	go run ./cmd/switchboard bench $(BENCH_FLAGS)

build: ui ## build the binary, with the web interface, into bin/switchboard
	go build -tags ui -o bin/switchboard ./cmd/switchboard

ui: web/dist/index.html ## build the web interface into web/dist (needs Node 20 and npm)

web/node_modules/.package-lock.json: web/package.json web/package-lock.json
	cd web && npm ci --no-audit --no-fund

web/dist/index.html: web/node_modules/.package-lock.json $(UI_SOURCES)
	cd web && npm run build
