// A local IPFS daemon that speaks the Kubo RPC API (js-ipfs 0.66), for tests and `make dev`.
// Everything listens on 127.0.0.1; the bootstrap list is empty and discovery is off, so the
// daemon never dials out.
//
//   node src/ipfs.js [--repo DIR] [--api-port 5001]    runs one in the foreground

import { execFile } from 'node:child_process';
import http from 'node:http';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';

import { freePort, startService } from './service.js';

const here = path.dirname(fileURLToPath(import.meta.url));
// The package exports no path to its command line, so name the installed file.
const cli = path.join(here, '..', 'node_modules', 'ipfs', 'src', 'cli.js');
const nodeArgs = ['--require', path.join(here, 'polyfill.cjs'), cli];

/** Runs the js-ipfs command line once (not the daemon). */
async function ipfsCommand (repoDir, args) {
  await promisify(execFile)(process.execPath, [...nodeArgs, ...args], {
    env: { ...process.env, IPFS_PATH: repoDir },
    timeout: 120_000
  });
}

/** Points every listener of the repo's config at 127.0.0.1 and turns off all dialling out. */
function isolate (repoDir, ports) {
  const file = path.join(repoDir, 'config');
  const config = JSON.parse(readFileSync(file, 'utf8'));
  config.Addresses = {
    ...config.Addresses,
    API: `/ip4/127.0.0.1/tcp/${ports.api}`,
    Gateway: `/ip4/127.0.0.1/tcp/${ports.gateway}`,
    RPC: `/ip4/127.0.0.1/tcp/${ports.rpc}`,
    Swarm: [`/ip4/127.0.0.1/tcp/${ports.swarm}`],
    Announce: [],
    Delegates: []
  };
  config.Bootstrap = [];
  config.Discovery = { ...config.Discovery, MDNS: { Enabled: false }, webRTCStar: { Enabled: false } };
  writeFileSync(file, JSON.stringify(config, null, 2));
  return config;
}

/**
 * Starts an IPFS daemon. `repoDir` keeps its blocks across runs; without it a temporary repo is
 * made and removed at stop. Returns { apiUrl, apiPort, repoDir, config, logs(), stop() }.
 */
export async function startIpfs ({ repoDir, apiPort, readyTimeoutMs = 120_000 } = {}) {
  const temporary = !repoDir;
  const repo = repoDir || mkdtempSync(path.join(tmpdir(), 'cpchain-ipfs-'));
  if (!existsSync(path.join(repo, 'config'))) {
    await ipfsCommand(repo, ['init', '--empty-repo', '--profile', 'test']);
  }
  const ports = {
    api: apiPort || await freePort(),
    gateway: await freePort(),
    rpc: await freePort(),
    swarm: await freePort()
  };
  const config = isolate(repo, ports);
  const apiUrl = `http://127.0.0.1:${ports.api}`;
  const service = await startService({
    name: 'ipfs daemon',
    command: process.execPath,
    args: [...nodeArgs, 'daemon'],
    env: { IPFS_PATH: repo },
    ready: async () => {
      const res = await fetch(`${apiUrl}/api/v0/id`, { method: 'POST' });
      if (!res.ok) throw new Error(`id: HTTP ${res.status}`);
    },
    readyTimeoutMs
  });
  const stop = async () => {
    const exit = await service.stop();
    if (temporary) rmSync(repo, { recursive: true, force: true });
    return exit;
  };
  return { apiUrl, apiPort: ports.api, repoDir: repo, config, logs: service.logs, stop };
}

/**
 * An HTTP proxy on 127.0.0.1 in front of the IPFS API at `targetUrl` that keeps every request
 * it forwards, as whoever sits on the path to an IPFS API sees them; with `delayMs`, it holds
 * each upload (`/api/v0/add`) that long before forwarding it, as a slow IPFS node would. Returns
 * { url, requests: [{ method, url, headers, body }], stop() }.
 */
export async function startCapturingProxy (targetUrl, { delayMs = 0 } = {}) {
  const target = new URL(targetUrl);
  const requests = [];
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      requests.push({ method: req.method, url: req.url, headers: { ...req.headers }, body });
      const delay = req.url.startsWith('/api/v0/add') ? delayMs : 0;
      setTimeout(() => forward(req, res, body), delay);
    });
  });
  const forward = (req, res, body) => {
    const upstream = http.request({
      host: target.hostname,
      port: target.port,
      method: req.method,
      path: req.url,
      headers: { ...req.headers, host: target.host, 'content-length': body.length }
    }, (answer) => {
      res.writeHead(answer.statusCode, answer.headers);
      answer.pipe(res);
    });
    // The client may be gone by now (a killed node): nothing to answer.
    upstream.on('error', () => { if (!res.headersSent) { res.writeHead(502); res.end(); } });
    upstream.end(body);
  };
  const port = await freePort();
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    stop: () => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); })
  };
}

/** Adds `bytes` through the Kubo RPC API; resolves to the CID (v1). */
export async function ipfsAdd (apiUrl, bytes) {
  const form = new FormData();
  form.append('file', new Blob([bytes]), 'data');
  const res = await fetch(`${apiUrl}/api/v0/add?cid-version=1&pin=true`, { method: 'POST', body: form });
  if (!res.ok) throw new Error(`add: HTTP ${res.status} ${await res.text()}`);
  return JSON.parse((await res.text()).trim().split('\n').pop()).Hash;
}

/** Reads the content of `cid` through the Kubo RPC API. */
export async function ipfsCat (apiUrl, cid) {
  const res = await fetch(`${apiUrl}/api/v0/cat?arg=${encodeURIComponent(cid)}`, { method: 'POST' });
  if (!res.ok) throw new Error(`cat: HTTP ${res.status} ${await res.text()}`);
  return new Uint8Array(await res.arrayBuffer());
}

async function main () {
  const { values } = parseArgs({
    options: { repo: { type: 'string' }, 'api-port': { type: 'string', default: '5001' } }
  });
  const ipfs = await startIpfs({ repoDir: values.repo, apiPort: Number(values['api-port']) });
  console.log(`IPFS (Kubo RPC API) at ${ipfs.apiUrl}, repo ${ipfs.repoDir}`);
  const shutdown = async () => { await ipfs.stop(); process.exit(0); };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((err) => { console.error(err.message); process.exit(1); });
}
