// Starts and stops a local `cpchain-node --dev` for tests and scripts: free ports on 127.0.0.1,
// a temporary database, no peer discovery, bounded waits.

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The `cpchain-node` binary: $CPCHAIN_NODE, else the cargo target directory's debug build. */
export function nodeBinary () {
  if (process.env.CPCHAIN_NODE) return process.env.CPCHAIN_NODE;
  const targetDir = process.env.CARGO_TARGET_DIR || path.join(repoRoot, 'target');
  return path.join(targetDir, 'debug', 'cpchain-node');
}

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export function freePort () {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

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
 * unless `basePath` names a directory to keep it in.
 * Returns { rpcPort, url, logs(), stop() }.
 */
export async function startDevNode ({ basePath, extraArgs = [], readyTimeoutMs = 180_000 } = {}) {
  const binary = nodeBinary();
  if (!existsSync(binary)) {
    throw new Error(`cpchain-node not found at ${binary}: build it (cargo build -p cpchain-node) or set CPCHAIN_NODE`);
  }
  const rpcPort = await freePort();
  const p2pPort = await freePort();
  const args = [
    '--dev',
    ...(basePath ? ['--base-path', basePath] : ['--tmp']),
    '--rpc-port', String(rpcPort),
    '--listen-addr', `/ip4/127.0.0.1/tcp/${p2pPort}`,
    '--no-prometheus', '--no-telemetry', '--no-mdns',
    ...extraArgs
  ];
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk) => { output = (output + chunk.toString()).slice(-200_000); };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let exited = null;
  const exitPromise = new Promise((resolve) => child.on('exit', (code, signal) => {
    exited = { code, signal };
    resolve(exited);
  }));

  const stop = async () => {
    if (exited) return exited;
    child.kill('SIGINT');
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    const result = await exitPromise;
    clearTimeout(timer);
    return result;
  };

  const deadline = Date.now() + readyTimeoutMs;
  while (Date.now() < deadline) {
    if (exited) {
      throw new Error(`cpchain-node exited early (${JSON.stringify(exited)}):\n${output.slice(-5000)}`);
    }
    try {
      await rpc(rpcPort, 'system_health');
      return { rpcPort, url: `ws://127.0.0.1:${rpcPort}`, logs: () => output, stop };
    } catch {
      await sleep(500);
    }
  }
  await stop();
  throw new Error(`cpchain-node did not answer RPC within ${readyTimeoutMs} ms:\n${output.slice(-5000)}`);
}
