// Stopping: every long-running command ends on SIGINT or SIGTERM, even started as a shell's
// background job (which ignores SIGINT), and `make dev` stopped with Ctrl-C leaves no process
// behind.

import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';

import { cliBinary, cpchain } from '../src/cli.js';
import { ipfsAdd, ipfsCat } from '../src/ipfs.js';
import { nodeBinary, rpc, startDevNode } from '../src/node.js';
import { freePort, sleep } from '../src/service.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Spawns `command args` as a background job of a non-interactive shell: SIGINT ignored. */
function spawnAsBackgroundJob (command, args) {
  const child = spawn('bash', ['-c', 'trap "" INT; exec "$@"', 'job', command, ...args],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk) => { output += chunk; });
  child.stderr.on('data', (chunk) => { output += chunk; });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, at: Date.now() })));
  return { child, exited, output: () => output };
}

/** Waits until `output()` matches `pattern`, at most `timeoutMs`, or until `gone()` says the
 * process has exited. */
async function waitFor (output, pattern, timeoutMs, gone = () => false) {
  const deadline = Date.now() + timeoutMs;
  while (!pattern.test(output()) && !gone() && Date.now() < deadline) await sleep(100);
  assert.match(output(), pattern);
}

/** The processes in process group `pgid`, as [pid, command]. */
function processGroup (pgid) {
  const lines = execFileSync('ps', ['-eo', 'pid=,pgid=,comm='], { encoding: 'utf8' }).split('\n');
  return lines.map((line) => line.trim().split(/\s+/))
    .filter((fields) => fields.length >= 3 && Number(fields[1]) === pgid)
    .map(([pid, , comm]) => [Number(pid), comm]);
}

describe('stopping long-running commands', () => {
  let node, dir;

  before(async () => {
    node = await startDevNode();
    dir = mkdtempSync(path.join(tmpdir(), 'cpchain-stop-'));
  });

  after(async () => {
    if (node) await node.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  for (const signal of ['SIGINT', 'SIGTERM']) {
    for (const [name, args, ready] of [
      ['proxy run', ['proxy', 'run', '--every-ms', '200'], /serving as proxy/],
      ['grant auto', ['grant', 'auto', '--every-ms', '200'], /approving requests/]
    ]) {
      test(`${name} stops within a second on ${signal}, its journal whole`, async () => {
        const keys = path.join(dir, `${name.replace(' ', '-')}-${signal}.json`);
        const cli = cpchain({ nodeUrl: node.url, ipfsUrl: 'http://127.0.0.1:9', keys, suri: '//Charlie' });
        await cli.ok(['keys', 'generate']);
        const journal = path.join(dir, `journal-${name.replace(' ', '-')}-${signal}.json`);
        const extra = name === 'proxy run' ? ['--journal', journal] : [];
        const job = spawnAsBackgroundJob(cliBinary(),
          [...args, ...extra, '--node', node.url, '--keys', keys, '--suri', '//Charlie', '--quiet']);
        await waitFor(job.output, ready, 20_000);
        // A few passes in, so the signal may land mid-pass.
        await sleep(700);
        const sent = Date.now();
        job.child.kill(signal);
        const exit = await Promise.race([job.exited, sleep(5_000).then(() => null)]);
        assert.ok(exit, `${name} still running 5 s after ${signal}:\n${job.output()}`);
        const took = exit.at - sent;
        console.log(`${name}: exited ${took} ms after ${signal}`);
        assert.ok(took < 1000, `${name} took ${took} ms to stop`);
        assert.equal(exit.code, 0, job.output());
        assert.match(job.output(), new RegExp(`stopping on ${signal}`));
        if (name === 'proxy run') {
          // Written whole or not at all: it parses if it is there.
          let text = null;
          try { text = readFileSync(journal, 'utf8'); } catch { /* no entry was ever needed */ }
          if (text !== null) JSON.parse(text);
        }
      });
    }
  }
});

describe('stopping the node and the IPFS daemon', () => {
  let dir;
  before(() => { dir = mkdtempSync(path.join(tmpdir(), 'cpchain-stop-services-')); });
  after(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

  /** Sends `signal` to a started job and asserts it exits cleanly within a second. */
  async function stopWithin (name, job, signal) {
    const sent = Date.now();
    job.child.kill(signal);
    const exit = await Promise.race([job.exited, sleep(5_000).then(() => null)]);
    assert.ok(exit, `${name} still running 5 s after ${signal}:\n${job.output().slice(-3000)}`);
    const took = exit.at - sent;
    console.log(`${name}: exited ${took} ms after ${signal}`);
    assert.ok(took < 1000, `${name} took ${took} ms to stop`);
    assert.equal(exit.code, 0, job.output().slice(-3000));
  }

  for (const signal of ['SIGINT', 'SIGTERM']) {
    test(`the node stops within a second on ${signal}, and starts again on its base path`, async () => {
      const base = path.join(dir, `node-${signal}`);
      const nodeJob = async () => {
        const rpcPort = await freePort();
        const p2pPort = await freePort();
        const job = spawnAsBackgroundJob(nodeBinary(), ['--dev', '--base-path', base, '--rpc-port', String(rpcPort),
          '--listen-addr', `/ip4/127.0.0.1/tcp/${p2pPort}`, '--no-prometheus', '--no-telemetry', '--no-mdns']);
        await waitFor(job.output, /Running JSON-RPC server/, 60_000);
        return { job, rpcPort };
      };
      const first = await nodeJob();
      await waitFor(first.job.output, /Imported #1 /, 30_000);
      const best = parseInt((await rpc(first.rpcPort, 'chain_getHeader')).number, 16);
      await stopWithin('cpchain-node', first.job, signal);
      // The database was closed whole: the chain is there at the next start.
      const again = await nodeJob();
      try {
        const header = await rpc(again.rpcPort, 'chain_getHeader');
        assert.ok(parseInt(header.number, 16) >= best, `best ${header.number} after a stop at ${best}`);
      } finally {
        await stopWithin('cpchain-node', again.job, 'SIGINT');
      }
    });

    test(`the IPFS daemon stops within a second on ${signal}, its blocks kept`, async () => {
      const repo = path.join(dir, `ipfs-${signal}`);
      const ipfsJob = async () => {
        const apiPort = await freePort();
        const job = spawnAsBackgroundJob(process.execPath,
          [path.join(repoRoot, 'scripts', 'src', 'ipfs.js'), '--repo', repo, '--api-port', String(apiPort)]);
        await waitFor(job.output, /IPFS \(Kubo RPC API\) at/, 120_000);
        return { job, apiUrl: `http://127.0.0.1:${apiPort}` };
      };
      const first = await ipfsJob();
      const bytes = new TextEncoder().encode(`kept across a ${signal}`);
      const cid = await ipfsAdd(first.apiUrl, bytes);
      await stopWithin('IPFS', first.job, signal);
      await assert.rejects(fetch(`${first.apiUrl}/api/v0/version`, { method: 'POST' }), 'the API is closed');
      const again = await ipfsJob();
      try {
        assert.deepEqual(await ipfsCat(again.apiUrl, cid), bytes);
      } finally {
        await stopWithin('IPFS', again.job, 'SIGINT');
      }
    });
  }
});

describe('make dev and Ctrl-C', () => {
  test('leaves no process behind', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cpchain-dev-'));
    const [rpcPort, ipfsPort, p2pPort] = [await freePort(), await freePort(), await freePort()];
    // Its own process group, as a terminal runs a foreground job: Ctrl-C signals the group.
    const dev = spawn('bash', [path.join(repoRoot, 'scripts', 'dev.sh'),
      '--listen-addr', `/ip4/127.0.0.1/tcp/${p2pPort}`, '--no-prometheus', '--no-telemetry', '--no-mdns'], {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        CPCHAIN_NODE: nodeBinary(),
        CPCHAIN_CLI: cliBinary(),
        CPCHAIN_RPC_PORT: String(rpcPort),
        CPCHAIN_IPFS_API_PORT: String(ipfsPort),
        CPCHAIN_IPFS_REPO: path.join(dir, 'ipfs'),
        CPCHAIN_DEV_PROXIES: path.join(dir, 'proxies')
      }
    });
    let output = '';
    dev.stdout.on('data', (chunk) => { output += chunk; });
    dev.stderr.on('data', (chunk) => { output += chunk; });
    const pgid = dev.pid;
    let exited = false;
    dev.on('exit', () => { exited = true; });
    try {
      await waitFor(() => output, /proxies Charlie, Dave and Eve serving grants/, 240_000, () => exited);
      assert.ok(await rpc(rpcPort, 'system_health'));
      let running = processGroup(pgid);
      for (let i = 0; i < 50 && running.filter(([, comm]) => comm === 'cpchain').length < 3; i++) {
        await sleep(100);
        running = processGroup(pgid);
      }
      const names = running.map(([, comm]) => comm);
      assert.equal(names.filter((comm) => comm === 'cpchain').length, 3, `running: ${names}`);
      assert.ok(names.includes('cpchain-node'), `running: ${names}`);
      assert.ok(names.includes('node') && names.includes('ipfs'), `IPFS and its wrapper: ${names}`);

      const sent = Date.now();
      process.kill(-pgid, 'SIGINT');
      const gone = {};
      for (let i = 0; i < 300 && Object.keys(gone).length < running.length; i++) {
        const left = new Set(processGroup(pgid).map(([pid]) => pid));
        for (const [pid, comm] of running) if (!left.has(pid) && !(pid in gone)) gone[pid] = [comm, Date.now() - sent];
        await sleep(100);
      }
      const times = Object.values(gone).map(([comm, ms]) => `${comm} ${ms} ms`).join(', ');
      console.log(`make dev after Ctrl-C: ${times}`);
      assert.deepEqual(processGroup(pgid), [], `left running: ${JSON.stringify(processGroup(pgid))}\n${output.slice(-3000)}`);
      // Each of them, the node and IPFS included, and the script waiting for them all.
      for (const [comm, ms] of Object.values(gone)) assert.ok(ms < 1000, `${comm} took ${ms} ms`);
    } finally {
      try { process.kill(-pgid, 'SIGKILL'); } catch { /* already gone */ }
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
