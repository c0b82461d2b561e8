// Runs a local service (cpchain-node, the IPFS daemon) as a child process for tests and
// scripts: keeps its recent output, waits (bounded) until it answers, and stops it.

import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
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
 * `readyTimeoutMs`. Returns { pid, logs(), stop(), kill(signal), exited() }; `stop` sends SIGINT, then
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
      return { pid: child.pid, logs: () => output, stop, kill: (signal) => child.kill(signal), exited: () => exitPromise };
    } catch {
      await sleep(500);
    }
  }
  await stop();
  throw new Error(`${name} did not become ready within ${readyTimeoutMs} ms:\n${output.slice(-5000)}`);
}

/** An address of /proc/net/{tcp,udp}[6] (`0100007F:1F90`) as `127.0.0.1` or `::1`, less its port. */
function procAddress (hexAddress) {
  const [hex] = hexAddress.split(':');
  // Each 32-bit word is in the host's (little-endian) byte order.
  const bytes = hex.match(/.{8}/g).flatMap((word) => word.match(/../g).reverse().map((b) => parseInt(b, 16)));
  if (bytes.length === 4) return bytes.join('.');
  if (bytes.slice(0, 12).every((b, i) => b === (i < 10 ? 0 : 0xff))) return bytes.slice(12).join('.');
  const groups = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i] << 8) | bytes[i + 1]).toString(16));
  return groups.join(':').replace(/(^|:)0(:0)+(:|$)/, '::');
}

/**
 * The TCP and UDP sockets process `pid` holds open (Linux: from /proc), each as
 * { protocol, local, remote } addresses: what it listens on and what it is connected to.
 */
export function socketsOf (pid) {
  const inodes = new Set();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const inode = readlinkSync(`/proc/${pid}/fd/${fd}`).match(/^socket:\[(\d+)\]$/)?.[1];
      if (inode) inodes.add(inode);
    } catch {} // closed meanwhile
  }
  const sockets = [];
  for (const protocol of ['tcp', 'tcp6', 'udp', 'udp6']) {
    const lines = readFileSync(`/proc/${pid}/net/${protocol}`, 'utf8').trim().split('\n').slice(1);
    for (const line of lines) {
      const fields = line.trim().split(/\s+/);
      if (inodes.has(fields[9])) sockets.push({ protocol, local: procAddress(fields[1]), remote: procAddress(fields[2]) });
    }
  }
  return sockets;
}
