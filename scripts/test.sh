#!/usr/bin/env bash
# Runs every test Switchboard has, on SQLite and PostgreSQL. It sets up what the tests need:
# it starts a local PostgreSQL that is installed but stopped, and points the store tests at it.
# Under CI (CI=true) a missing PostgreSQL is a failure, never a silent skip.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '==> %s\n' "$*"; }

pg_url_default='postgres://postgres@127.0.0.1:5432/test?sslmode=disable'
if [ -z "${SWITCHBOARD_TEST_POSTGRES_URL:-}" ]; then
  if command -v pg_isready >/dev/null 2>&1; then
    if ! pg_isready -h 127.0.0.1 -p 5432 -q && command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
      for v in $(ls /etc/postgresql); do
        say "starting PostgreSQL $v"
        pg_ctlcluster --skip-systemctl-redirect "$v" main start || true
      done
      for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 1; done
    fi
    if pg_isready -h 127.0.0.1 -p 5432 -q; then
      export SWITCHBOARD_TEST_POSTGRES_URL="$pg_url_default"
    fi
  fi
fi
if [ -n "${SWITCHBOARD_TEST_POSTGRES_URL:-}" ]; then
  say "PostgreSQL tests: on ($SWITCHBOARD_TEST_POSTGRES_URL)"
elif [ "${CI:-}" = "true" ]; then
  echo "FAIL: PostgreSQL is not reachable on 127.0.0.1:5432 and SWITCHBOARD_TEST_POSTGRES_URL is not set;" >&2
  echo "      under CI the PostgreSQL tests must run." >&2
  exit 1
else
  say "PostgreSQL tests: off (no server on 127.0.0.1:5432; set SWITCHBOARD_TEST_POSTGRES_URL to run them)"
fi

say "gofmt"
unformatted=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './web/*'))
if [ -n "$unformatted" ]; then
  echo "FAIL: not gofmt-ed:" >&2
  echo "$unformatted" >&2
  exit 1
fi

say "go vet"
go vet ./...

say "go test"
go test -count=1 -timeout 20m ./...
