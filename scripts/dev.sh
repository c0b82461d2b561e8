#!/usr/bin/env bash
# `make dev`: an IPFS daemon (Kubo RPC API on 127.0.0.1:5001, blocks kept in
# $HOME/.cache/cpchain/ipfs) beside `cpchain-node --dev` (RPC on 127.0.0.1:9944).
# The node is the owner's gateway: Alice's account signs register_data. Arguments go to
# cpchain-node. Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
node_bin="${CPCHAIN_NODE:-${CARGO_TARGET_DIR:-target}/debug/cpchain-node}"
ipfs_repo="${CPCHAIN_IPFS_REPO:-$HOME/.cache/cpchain/ipfs}"
mkdir -p "$(dirname "$ipfs_repo")"

node scripts/src/ipfs.js --repo "$ipfs_repo" --api-port "${CPCHAIN_IPFS_API_PORT:-5001}" &
ipfs_pid=$!
trap 'kill -INT "$ipfs_pid" 2>/dev/null || true; wait "$ipfs_pid" 2>/dev/null || true' EXIT

# Alice's key signs the gateway's records; device keys go in with `cpchain device register
# --to-gateway` (or author_insertKey, key type cpdv).
"$node_bin" --dev --gateway-key //Alice \
  --ipfs-api "http://127.0.0.1:${CPCHAIN_IPFS_API_PORT:-5001}" "$@"
