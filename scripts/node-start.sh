#!/usr/bin/env bash
# Times a dev node's start: from launch until its RPC answers `system_health`, then stops it.
# Prints the milliseconds. Arguments go to cpchain-node, e.g. `--no-wasm-cache`:
#
#   scripts/node-start.sh                  # compiled runtime from the cache (after a first run)
#   scripts/node-start.sh --no-wasm-cache  # compiles the runtime's wasm at start
set -euo pipefail
node_bin="${CPCHAIN_NODE:-${CARGO_TARGET_DIR:-$HOME/.cache/cpchain/target}/debug/cpchain-node}"
port="${CPCHAIN_RPC_PORT:-19955}"
start=$(date +%s%N)
"$node_bin" --dev --tmp --rpc-port "$port" --no-prometheus --no-telemetry --no-mdns \
  --listen-addr /ip4/127.0.0.1/tcp/0 "$@" >/dev/null 2>&1 &
pid=$!
trap 'kill -INT "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true' EXIT
for _ in $(seq 1200); do
  if curl -sf -H 'content-type: application/json' \
    -d '{"id":1,"jsonrpc":"2.0","method":"system_health","params":[]}' "http://127.0.0.1:$port" >/dev/null; then
    echo "cpchain-node answered RPC $(( ($(date +%s%N) - start) / 1000000 )) ms after start"
    exit 0
  fi
  kill -0 "$pid" 2>/dev/null || { echo "cpchain-node exited" >&2; exit 1; }
  sleep 0.05
done
echo "cpchain-node did not answer within a minute" >&2
exit 1
