// Starts and stops a local `cpchain-node --dev` for tests and scripts: free ports on 127.0.0.1,
// a temporary database unless told otherwise, no peer discovery, bounded waits.

import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { freePort, sleep, startService } from './service.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** A workspace binary: $`envVar` if set, else the cargo target directory's debug build. */
export function workspaceBinary (name, envVar) {
  if (process.env[envVar]) return process.env[envVar];
  const targetDir = process.env.CARGO_TARGET_DIR || path.join(repoRoot, 'target');
  return path.join(targetDir, 'debug', name);
}

/** The `cpchain-node` binary: $CPCHAIN_NODE, else the cargo target directory's debug build. */
export function nodeBinary () {
  return workspaceBinary('cpchain-node', 'CPCHAIN_NODE');
}

/**
 * Writes the chain spec of one of the node's built-in chains (`dev`, `local`) to `output` with
 * `cpchain-node export-chain-spec`, in raw genesis storage unless `raw` is false: its path.
 */
export async function exportChainSpec ({ chain = 'dev', raw = true, output, timeoutMs = 60_000 }) {
  const binary = nodeBinary();
  if (!existsSync(binary)) {
    throw new Error(`cpchain-node not found at ${binary}: build it (cargo build -p cpchain-node) or set CPCHAIN_NODE`);
  }
  const args = ['export-chain-spec', '--chain', chain, ...(raw ? ['--raw'] : []), '--output', output];
  await promisify(execFile)(binary, args, { timeout: timeoutMs });
  return output;
}

/** Calls a JSON-RPC method over HTTP; resolves to the result or rejects. */
export async function rpc (port, method, params = []) {
  const res = await fetch(`http://127.0.0.1:${port}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params })
  });
  const body = await res.json();
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
  return body.result;
}

/**
 * Starts `cpchain-node --dev` and waits until its RPC answers. The database is temporary
 * unless `basePath` names a directory to keep it in; the RPC port is a free one unless
 * `rpcPort` is given (to restart a node where its clients expect it).
 * Returns { rpcPort, url, logs(), stop() }.
 */
export async function startDevNode ({ basePath, rpcPort: port, extraArgs = [], readyTimeoutMs = 180_000 } = {}) {
  const binary = nodeBinary();
  if (!existsSync(binary)) {
    throw new Error(`cpchain-node not found at ${binary}: build it (cargo build -p cpchain-node) or set CPCHAIN_NODE`);
  }
  const rpcPort = port ?? await freePort();
  const p2pPort = await freePort();
  const args = [
    '--dev',
    ...(basePath ? ['--base-path', basePath] : ['--tmp']),
    '--rpc-port', String(rpcPort),
    '--listen-addr', `/ip4/127.0.0.1/tcp/${p2pPort}`,
    '--no-prometheus', '--no-telemetry', '--no-mdns',
    ...extraArgs
  ];
  const service = await startService({
    name: 'cpchain-node',
    command: binary,
    args,
    ready: () => rpc(rpcPort, 'system_health'),
    readyTimeoutMs
  });
  return { rpcPort, url: `ws://127.0.0.1:${rpcPort}`, ...service };
}

/** Polls until the best block reaches `atLeast` or `timeoutMs` passes; resolves to the best. */
export async function waitForBestBlock (api, atLeast, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  let best = (await api.rpc.chain.getHeader()).number.toNumber();
  while (best < atLeast && Date.now() < deadline) {
    await sleep(500);
    best = (await api.rpc.chain.getHeader()).number.toNumber();
  }
  return best;
}
