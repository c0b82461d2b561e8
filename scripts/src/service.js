// Runs a local service (cpchain-node, the IPFS daemon) as a child process for tests and
// scripts: keeps its recent output, waits (bounded) until it answers, and stops it.

import { spawn } from 'node:child_process';
import net from 'node:net';

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

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Spawns `command args` and waits until `ready()` resolves, polling every 500 ms for at most
 * `readyTimeoutMs`. Returns { logs(), stop(), kill(signal), exited() }; `stop` sends SIGINT, then
 * SIGKILL after 20 s; `kill` only signals (a crash: `kill('SIGKILL')`), `exited` resolves on exit.
 */
export async function startService ({ name, command, args, env, ready, readyTimeoutMs }) {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
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
      throw new Error(`${name} exited early (${JSON.stringify(exited)}):\n${output.slice(-5000)}`);
    }
    try {
      await ready();
      return { logs: () => output, stop, kill: (signal) => child.kill(signal), exited: () => exitPromise };
    } catch {
      await sleep(500);
    }
  }
  await stop();
  throw new Error(`${name} did not become ready within ${readyTimeoutMs} ms:\n${output.slice(-5000)}`);
}
