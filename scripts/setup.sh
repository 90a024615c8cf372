#!/usr/bin/env bash
# Installs everything scry needs to build and test on a fresh Debian 12 machine.
# Idempotent: packages already present are skipped, DuckDB is fetched once and verified.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# Debian packages the build, the tests and the benchmarks use.
APT_PACKAGES=(
  build-essential cmake pkg-config git ca-certificates
  libboost-dev libsqlite3-dev sqlite3 libpq-dev libcurl4-openssl-dev
  nlohmann-json3-dev rapidjson-dev libyaml-cpp-dev libsodium-dev libstemmer-dev
  libcli11-dev libspdlog-dev libfmt-dev clang-format clang-tidy
  libssl-dev postgresql
  libgtest-dev libgmock-dev googletest libbenchmark-dev
  nodejs npm
)

DUCKDB_VERSION="1.4.4"
DUCKDB_BINDINGS_VERSION="1.4.4-r.4"
# sha512 of the two tarballs `npm pack` fetches; a mismatch stops the setup.
DUCKDB_TGZ_SHA512="844249e61c9517454b8f776638ba6c5ab411d1bddde1892ab72826ea25178c72430e74aa83f5122b171be6abcdace84560f824b5ac94e9d5c2b603ea7269a9a2"
BINDINGS_TGZ_SHA512="8c14cbfd6bdfc312d3a056bfa551df4fa7a532d96d2469dcdf04aec590fd39f325b62b7d614755152dfbbc1150cd7313d59f0e5a3b528cc87eccf2b13b01cb1c"

log() { printf '[setup] %s\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

install_apt_packages() {
  local missing=()
  for pkg in "${APT_PACKAGES[@]}"; do
    # nodejs/npm may come from elsewhere on the machine; a working command is enough.
    if [ "$pkg" = nodejs ] && command -v node >/dev/null; then continue; fi
    if [ "$pkg" = npm ] && command -v npm >/dev/null; then continue; fi
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
      missing+=("$pkg")
    fi
  done
  if [ "${#missing[@]}" -eq 0 ]; then
    log "Debian packages: all present"
    return
  fi
  log "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get -o DPkg::Lock::Timeout=300 update -q
  as_root apt-get -o DPkg::Lock::Timeout=300 install -y -q --no-install-recommends "${missing[@]}"
}

verify_sha512() {
  local file="$1" expected="$2" actual
  actual="$(sha512sum "$file" | cut -d' ' -f1)"
  if [ "$actual" != "$expected" ]; then
    log "checksum mismatch for $(basename "$file")"
    log "  expected $expected"
    log "  actual   $actual"
    exit 1
  fi
}

install_duckdb() {
  local dest="$ROOT/third_party/duckdb"
  local stamp="$dest/.installed-$DUCKDB_BINDINGS_VERSION"
  if [ -f "$stamp" ] && [ -f "$dest/include/duckdb.h" ] && [ -f "$dest/lib/libduckdb.so" ]; then
    log "DuckDB $DUCKDB_VERSION: present"
    return
  fi
  log "fetching DuckDB $DUCKDB_VERSION (npm pack, no install scripts)"
  local work
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' RETURN
  (cd "$work" && npm pack --silent --ignore-scripts \
      "duckdb@$DUCKDB_VERSION" "@duckdb/node-bindings-linux-x64@$DUCKDB_BINDINGS_VERSION" >/dev/null)
  local header_tgz="$work/duckdb-$DUCKDB_VERSION.tgz"
  local lib_tgz="$work/duckdb-node-bindings-linux-x64-$DUCKDB_BINDINGS_VERSION.tgz"
  verify_sha512 "$header_tgz" "$DUCKDB_TGZ_SHA512"
  verify_sha512 "$lib_tgz" "$BINDINGS_TGZ_SHA512"

  mkdir -p "$work/h" "$work/l"
  tar -xzf "$header_tgz" -C "$work/h" package/src/duckdb/src/include/duckdb.h package/LICENSE
  tar -xzf "$lib_tgz" -C "$work/l" package/libduckdb.so

  rm -rf "$dest"
  mkdir -p "$dest/include" "$dest/lib"
  cp "$work/h/package/src/duckdb/src/include/duckdb.h" "$dest/include/"
  cp "$work/h/package/LICENSE" "$dest/LICENSE"
  cp "$work/l/package/libduckdb.so" "$dest/lib/"
  touch "$stamp"
  log "DuckDB installed in $dest"
}

# The npm packages of one folder (`$1`, relative to the checkout): the exact
# versions of its package-lock.json, without install scripts. Installed again
# only when the lock file changes.
npm_ci_locked() {
  local dir="$ROOT/$1"
  local stamp="$dir/node_modules/.scry-installed"
  local want
  want="$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    log "npm packages of $1: present"
    return
  fi
  log "installing the npm packages of $1 (npm ci, no install scripts)"
  (cd "$dir" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
  echo "$want" >"$stamp"
}

# The browser tests drive Debian's chromium, never a downloaded browser.
install_chromium() {
  if ! dpkg-query -W -f='${Status}' chromium 2>/dev/null | grep -q 'install ok installed'; then
    log "installing chromium (Debian) for the browser tests"
    export DEBIAN_FRONTEND=noninteractive
    as_root apt-get -o DPkg::Lock::Timeout=300 update -q
    as_root apt-get -o DPkg::Lock::Timeout=300 install -y -q --no-install-recommends chromium
  fi
}

install_apt_packages
install_duckdb
install_chromium
npm_ci_locked tests/openapi  # the OpenAPI validator for the API document
npm_ci_locked tests/answer   # vega and vega-lite, rendering the chart specs
npm_ci_locked web            # the browser UI: Vite, TypeScript, Preact, vega-embed
npm_ci_locked tests/e2e      # the browser tests: playwright-core
