#!/usr/bin/env bash
# `make dev`: an IPFS daemon (Kubo RPC API on 127.0.0.1:5001, blocks kept in
# $HOME/.cache/cpchain/ipfs) beside `cpchain-node --dev` (RPC on 127.0.0.1:9944), and the
# development proxy set at work: Charlie, Dave and Eve each publish an Umbral key and run
# `cpchain proxy run` (keys files in $HOME/.cache/cpchain/dev-proxies). The node is the owner's
# gateway: Alice's account signs register_data. Arguments go to cpchain-node. Ctrl-C stops all:
# each of them handles SIGINT itself, since a shell starts background jobs with it ignored.
# CPCHAIN_RPC_PORT and CPCHAIN_IPFS_API_PORT move the node's RPC and the IPFS API.
set -euo pipefail
cd "$(dirname "$0")/.."
target="${CARGO_TARGET_DIR:-target}"
node_bin="${CPCHAIN_NODE:-$target/debug/cpchain-node}"
cli_bin="${CPCHAIN_CLI:-$target/debug/cpchain}"
ipfs_repo="${CPCHAIN_IPFS_REPO:-$HOME/.cache/cpchain/ipfs}"
proxy_dir="${CPCHAIN_DEV_PROXIES:-$HOME/.cache/cpchain/dev-proxies}"
ipfs_api="http://127.0.0.1:${CPCHAIN_IPFS_API_PORT:-5001}"
rpc_port="${CPCHAIN_RPC_PORT:-9944}"
mkdir -p "$(dirname "$ipfs_repo")" "$proxy_dir"

pids=()
stop() {
  for pid in "${pids[@]}"; do kill -INT "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap stop EXIT

node scripts/src/ipfs.js --repo "$ipfs_repo" --api-port "${CPCHAIN_IPFS_API_PORT:-5001}" &
pids+=($!)

# Alice's key signs the gateway's records; device keys go in with `cpchain device register
# --to-gateway` (or author_insertKey, key type cpdv).
"$node_bin" --dev --rpc-port "$rpc_port" --gateway-key //Alice --ipfs-api "$ipfs_api" "$@" &
node_pid=$!
pids+=("$node_pid")

# The proxies, once the node answers (at most a minute).
for name in Charlie Dave Eve; do
  keys="$proxy_dir/$name.json"
  cli=("$cli_bin" --node "ws://127.0.0.1:$rpc_port" --keys "$keys" --suri "//$name" --ipfs "$ipfs_api" --quiet)
  [[ -f "$keys" ]] || "${cli[@]}" keys generate >/dev/null
  for _ in $(seq 60); do
    if "${cli[@]}" keys publish >/dev/null 2>&1; then break; fi
    kill -0 "$node_pid" 2>/dev/null || exit 1
    sleep 1
  done
  "${cli[@]}" proxy run &
  pids+=($!)
done
echo "dev: proxies Charlie, Dave and Eve serving grants" >&2
wait "$node_pid"
