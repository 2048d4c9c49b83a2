#!/usr/bin/env bash
# Installs whatever is missing to build and run Taskboard; does nothing for what is there.
# Usage: scripts/setup.sh [--test]   (--test also installs what the tests need: Chromium)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

CARGO_LEPTOS_VERSION=0.3.10

command -v cargo >/dev/null || die "Rust is not installed: see https://rustup.rs (rustup + the stable toolchain)"
export PATH="$HOME/.cargo/bin:$PATH"

if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown Rust target"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(cargo leptos --version 2>/dev/null | awk '{print $2}')" != "$CARGO_LEPTOS_VERSION" ]; then
  say "installing cargo-leptos $CARGO_LEPTOS_VERSION from crates.io: the first time this compiles for ~14 minutes on 2 cores"
  cargo install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked
fi

# The wasm-bindgen CLI must be exactly the version of the wasm-bindgen crate in Cargo.lock,
# or hydration breaks. (Installed without --locked: its own lockfile needs a newer compiler.)
bindgen_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$bindgen_version" ]; then
  say "installing wasm-bindgen-cli $bindgen_version from crates.io (~2 minutes)"
  cargo install wasm-bindgen-cli --version "$bindgen_version" --force
fi

command -v node >/dev/null || { say "installing Node.js (apt)"; apt_install nodejs npm; }
command -v java >/dev/null || { say "installing Java 17 for DynamoDB Local (apt)"; apt_install openjdk-17-jre-headless; }
command -v curl >/dev/null || { say "installing curl (apt)"; apt_install curl; }
command -v mariadb >/dev/null || command -v mysql >/dev/null || { say "installing the MariaDB client (apt)"; apt_install mariadb-client; }

# npm packages: Tailwind and wasm-opt for the build, the AWS stand-ins; Playwright for the tests.
npm_install() {
  local dir=$1
  if [ ! -f "$dir/node_modules/.package-lock.json" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    say "installing npm packages in $dir/"
    (cd "$dir" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
  fi
}
npm_install .

# python_venv DIR REQUIREMENTS: a virtualenv in DIR with REQUIREMENTS installed (again when the file changes).
python_venv() {
  local dir=$1 requirements=$2
  if [ ! -x "$dir/bin/python" ]; then
    say "creating $dir"
    python3 -m venv "$dir" || { apt_install python3-venv && python3 -m venv "$dir"; }
  fi
  if [ ! -f "$dir/.installed" ] || [ "$requirements" -nt "$dir/.installed" ]; then
    say "installing $requirements into $dir (PyPI)"
    "$dir/bin/pip" install --quiet --disable-pip-version-check -r "$requirements"
    touch "$dir/.installed"
  fi
}

if [ "${1:-}" = "--test" ]; then
  npm_install end2end
  [ -x /usr/bin/chromium ] || { say "installing Chromium for the end-to-end tests (apt)"; apt_install chromium; }
  # Linters for the deployment files, from PyPI, in the project's own virtualenvs.
  python_venv .venv requirements-dev.txt
  python_venv .venv-hcl2 requirements-hcl2.txt
fi
say "setup complete"
