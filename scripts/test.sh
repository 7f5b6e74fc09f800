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
unformatted=$(gofmt -l $(git ls-files --cached --others --exclude-standard '*.go' 2>/dev/null || find . -name '*.go' -not -path './web/node_modules/*'))
if [ -n "$unformatted" ]; then
  echo "FAIL: not gofmt-ed:" >&2
  echo "$unformatted" >&2
  exit 1
fi

say "web interface: npm ci, type check, build"
command -v npm >/dev/null 2>&1 || { echo "FAIL: the web interface needs Node 20 and npm" >&2; exit 1; }
(cd web && npm ci --no-audit --no-fund && npm run build)

# The browser tests drive Debian's Chromium. Install it when it is missing and we may (root with
# apt-get); under CI a browser that cannot be had fails the run, elsewhere the tests skip.
chromium=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$chromium" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  say "installing Chromium for the browser tests"
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium >/dev/null \
    || { apt-get update >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium >/dev/null; } || true
  chromium=$(command -v chromium || true)
fi
if [ -n "$chromium" ]; then
  export SWITCHBOARD_TEST_CHROMIUM="$chromium"
  say "browser tests: on ($chromium)"
elif [ "${CI:-}" = "true" ]; then
  echo "FAIL: Chromium is not installed and could not be installed; under CI the browser tests must run." >&2
  exit 1
else
  say "browser tests: off (no chromium; install Debian's chromium package to run them)"
fi

# The Apertium tests run Debian's offline translation engine and its pairs with Spanish. Install
# them when missing and we may, as for Chromium (cg3 too: apertium-spa-ita's Italian pipeline runs
# cg-proc without depending on it); under CI missing pairs fail the run, elsewhere the tests skip.
apertium_pkgs="apertium apertium-en-es apertium-fr-es apertium-es-it apertium-es-pt cg3"
apertium_ready() {
  command -v apertium >/dev/null 2>&1 && command -v cg-proc >/dev/null 2>&1 || return 1
  local modes; modes=$(apertium -l 2>/dev/null | tr -d ' ')
  for m in eng-spa spa-eng fr-es es-fr ita-spa spa-ita es-pt pt-es; do grep -qx "$m" <<<"$modes" || return 1; done
}
if ! apertium_ready && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  say "installing Apertium for the translation tests"
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $apertium_pkgs >/dev/null \
    || { apt-get update >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $apertium_pkgs >/dev/null; } || true
fi
if apertium_ready; then
  say "Apertium tests: on ($(apertium -l | tr -d ' ' | tr '\n' ' '))"
elif [ "${CI:-}" = "true" ]; then
  echo "FAIL: Apertium ($apertium_pkgs) is not installed and could not be installed; under CI the Apertium tests must run." >&2
  exit 1
else
  say "Apertium tests: off (install Debian's $apertium_pkgs to run them)"
fi

say "go vet"
go vet ./...
go vet -tags ui ./...

say "go test"
# The largest package, cmd/switchboard (every browser test on both engines), took 21 minutes
# on this 2-core machine in December 2026 (1270 s): its timeout leaves room for a loaded one.
go test -count=1 -timeout 40m -tags ui ./...
go test -count=1 ./web/ # the page a binary built without the interface serves
