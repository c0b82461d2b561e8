#!/usr/bin/env bash
# Umbral's costs for the parties of a sale on this machine, beside umbral-pre's own benchmark
# run right after it on the same machine (both with criterion, optimised builds):
#
#   scripts/bench/umbral.sh            # prints both; criterion keeps details in target/criterion
#
# umbral-pre's benchmark runs in a copy of the crate from cargo's registry cache.
set -euo pipefail
cd "$(dirname "$0")/../.."
target="${CARGO_TARGET_DIR:-$HOME/.cache/cpchain/target}"
version=0.11.0

echo "== CPChain (primitives/benches/umbral.rs)"
CARGO_TARGET_DIR="$target" cargo bench --locked -p cpchain-primitives --bench umbral -- --noplot 2>&1 |
  grep -E '^(client|sharing)/|time:|thrpt:'

echo "== umbral-pre $version (its bench/bench.rs)"
source=$(ls -d "$HOME"/.cargo/registry/src/*/umbral-pre-$version 2>/dev/null | head -1)
if [[ -z "$source" ]]; then
  cargo fetch --locked >/dev/null
  source=$(ls -d "$HOME"/.cargo/registry/src/*/umbral-pre-$version | head -1)
fi
copy="$HOME/.cache/cpchain/umbral-pre-bench"
rm -rf "$copy" && cp -r "$source" "$copy"
(cd "$copy" && CARGO_TARGET_DIR="$target/umbral-pre" cargo bench --bench bench --features default-rng -- --noplot 2>&1 |
  grep -E '^PRE API/|time:|thrpt:')
