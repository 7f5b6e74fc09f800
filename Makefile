# The two commands of the README: `make run` and `make test`. Everything else is a helper.
.PHONY: run test build

run: ## run Switchboard with embedded SQLite in ./data on http://127.0.0.1:8080
	go run ./cmd/switchboard serve

test: ## run every test on SQLite and PostgreSQL (starts a local PostgreSQL if it is stopped)
	./scripts/test.sh

build: ## build the binary into bin/switchboard
	go build -o bin/switchboard ./cmd/switchboard
