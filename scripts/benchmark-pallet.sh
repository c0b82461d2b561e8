#!/usr/bin/env bash
# Runs a pallet's benchmarks in the runtime (wasm, as on chain) and writes its weights.
#
#   scripts/benchmark-pallet.sh pallet_data_registry pallets/data-registry/src/weights.rs
#   scripts/benchmark-pallet.sh pallet_balances runtime/src/weights/pallet_balances.rs
#
# Needs frame-omni-bencher 0.28 (stable2609):
#   cargo install frame-omni-bencher --version 0.28.0 --locked
# Extra arguments go to `frame-omni-bencher v1 benchmark pallet`; STEPS and REPEAT override the
# 50 steps and 20 repeats (the committee's session change over 1,000 candidates is slow).
set -euo pipefail
cd "$(dirname "$0")/.."
pallet="${1:?pallet, e.g. pallet_data_registry}"
output="${2:?output file}"
shift 2
target="${CARGO_TARGET_DIR:-$HOME/.cache/cpchain/target}"
bencher="${FRAME_OMNI_BENCHER:-frame-omni-bencher}"

CARGO_TARGET_DIR="$target" cargo build --locked -p cpchain-runtime --features runtime-benchmarks
# wasm-builder writes the release-built blob; it compacts it only in some configurations.
wbuild="$target/debug/wbuild/cpchain-runtime"
runtime="$wbuild/cpchain_runtime.compact.compressed.wasm"
[[ -f "$runtime" ]] || runtime="$wbuild/cpchain_runtime.wasm"

extrinsic=(--extrinsic '*')
for arg in "$@"; do [[ "$arg" == --extrinsic* ]] && extrinsic=(); done

# CPChain's pallets get a WeightInfo trait of their own (the template); the runtime's weights of
# upstream pallets (runtime/src/weights/) implement the pallet's trait (the bencher's default).
template=(--template .maintain/pallet-weight-template.hbs)
[[ "$output" == runtime/src/weights/* ]] && template=()

# Benchmark a copy: the next build of the runtime writes over the wasm.
copy="$(mktemp --suffix .wasm)"
trap 'rm -f "$copy"' EXIT
cp "$runtime" "$copy"

"$bencher" v1 benchmark pallet \
  --runtime "$copy" \
  --pallet "$pallet" "${extrinsic[@]}" \
  --steps "${STEPS:-50}" --repeat "${REPEAT:-20}" \
  "${template[@]}" \
  --header .maintain/HEADER \
  --output "$output" "$@"
