// Faults end to end, with a real IPFS daemon and a real node: IPFS down for several intervals,
// and the node killed with SIGKILL mid-upload and mid-submission, then restarted on its base
// path. Every reading taken ends up in exactly one registered record.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { cpchain } from '../src/cli.js';
import { startCapturingProxy, startIpfs } from '../src/ipfs.js';
import { rpc, startDevNode } from '../src/node.js';
import { freePort, sleep } from '../src/service.js';
import { until } from '../src/wait.js';

const INTERVAL_MS = 6000;

/** Sleeps into the next interval, 200 ms past its start. */
async function nextInterval () {
  const next = (Math.floor(Date.now() / INTERVAL_MS) + 1) * INTERVAL_MS + 200;
  await sleep(next - Date.now());
}

/** The intervals of `device`'s records, as the owner lists them. */
async function recordedIntervals (owner, device) {
  const lines = (await owner.ok(['data', 'ls', '--device', String(device)])).split('\n').filter(Boolean);
  return lines.map((line) => Number(line.split(' ')[0].split(':')[1])).sort((a, b) => a - b);
}

/** Every reading's payload in `device`'s records, decrypted by the owner. */
async function payloadsOnChain (owner, device, intervals) {
  const payloads = [];
  for (const interval of intervals) {
    const lines = (await owner.ok(['data', 'get', `${device}:${interval}`, '--readings'])).split('\n');
    for (const line of lines) {
      const reading = JSON.parse(line);
      assert.equal(reading.verified, true);
      payloads.push(reading.payload);
    }
  }
  return payloads.sort();
}

/** Sends `count` readings now, named `${tag}-${n}`; returns their payloads and interval. */
async function sendReadings (owner, device, tag, count) {
  const start = Date.now();
  const payloads = Array.from({ length: count }, (_, n) => `${tag}-${n}`);
  const stored = await owner.ok(['device', 'send', '--device', String(device), '--timestamp-ms', String(start),
    ...payloads.flatMap((p) => ['--reading', p])]);
  assert.equal(stored, String(count));
  return { payloads, interval: Math.floor(start / INTERVAL_MS) };
}

/** Waits until `device` has its record of `interval` and the gateway holds no batch, then
 * checks it is the only one and holds exactly `payloads`. */
async function expectOneRecord (cli, rpcPort, device, interval, payloads) {
  await until('the record', async () => (await recordedIntervals(cli, device)).length > 0, 90_000);
  await until('the batch to go', async () => (await rpc(rpcPort, 'gateway_batches')).length === 0, 20_000);
  assert.deepEqual(await recordedIntervals(cli, device), [interval]);
  assert.deepEqual(await payloadsOnChain(cli, device, [interval]), [...payloads].sort());
}

describe('faults', () => {
  let dir;

  before(() => { dir = mkdtempSync(path.join(tmpdir(), 'cpchain-faults-')); });
  after(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

  /** An owner with a device whose key is in the gateway node's keystore. */
  async function owner (nodeUrl, ipfsUrl, name) {
    const cli = cpchain({ nodeUrl, ipfsUrl, keys: path.join(dir, `${name}.json`), suri: '//Alice' });
    await cli.ok(['keys', 'generate', '--force']);
    await cli.ok(['keys', 'publish']);
    const device = Number(await cli.ok(['device', 'register', '--interval-ms', String(INTERVAL_MS), '--to-gateway']));
    return { cli, device };
  }

  test('IPFS down for several intervals, then back: every reading in one record, none twice', async () => {
    const repoDir = path.join(dir, 'ipfs');
    const apiPort = await freePort();
    let ipfs = await startIpfs({ repoDir, apiPort });
    const node = await startDevNode({ extraArgs: ['--gateway-key', '//Alice', '--ipfs-api', ipfs.apiUrl, '--dev-block-time', '1000'] });
    try {
      const { cli, device } = await owner(node.url, ipfs.apiUrl, 'ipfs-down');
      await ipfs.stop();
      const sent = [];
      const intervals = [];
      for (let i = 0; i < 3; i++) {
        await nextInterval();
        const { payloads, interval } = await sendReadings(cli, device, `down${i}`, 3);
        sent.push(...payloads);
        intervals.push(interval);
      }
      // The last interval closes by the chain's clock (which trails the wall clock by up to a
      // slot), and the worker tries and fails a few more times: nothing registered, nothing
      // given up.
      await nextInterval();
      await sleep(INTERVAL_MS + 3000);
      assert.deepEqual(await recordedIntervals(cli, device), []);
      const waiting = await rpc(node.rpcPort, 'gateway_batches');
      assert.deepEqual(waiting.map((b) => [b.interval, b.readings, b.state]),
        intervals.map((interval) => [interval, 3, 'open']));

      ipfs = await startIpfs({ repoDir, apiPort });
      await until('three records', async () => (await recordedIntervals(cli, device)).length === 3, 60_000);
      assert.deepEqual(await recordedIntervals(cli, device), intervals);
      await until('the batches to go', async () => (await rpc(node.rpcPort, 'gateway_batches')).length === 0, 20_000);
      assert.deepEqual(await payloadsOnChain(cli, device, intervals), sent.sort());
    } finally {
      await node.stop();
      await ipfs.stop();
    }
  });

  test('the node killed mid-upload, restarted on its base path: the batch resumes, registered once', async () => {
    const ipfs = await startIpfs();
    // Uploads take 8 s: long enough to kill the node in the middle of one.
    const slow = await startCapturingProxy(ipfs.apiUrl, { delayMs: 8000 });
    const basePath = path.join(dir, 'node-upload');
    const args = ['--gateway-key', '//Alice', '--ipfs-api', slow.url, '--dev-block-time', '1000'];
    let node = await startDevNode({ basePath, extraArgs: args });
    const rpcPort = node.rpcPort;
    try {
      const { cli, device } = await owner(node.url, ipfs.apiUrl, 'kill-upload');
      await nextInterval();
      const { payloads, interval } = await sendReadings(cli, device, 'upload', 4);
      await until('an upload to start', () => slow.requests.some((r) => r.url.startsWith('/api/v0/add')), 30_000);
      node.kill('SIGKILL');
      assert.equal((await node.exited()).signal, 'SIGKILL');

      node = await startDevNode({ basePath, rpcPort, extraArgs: args });
      await expectOneRecord(cli, rpcPort, device, interval, payloads);
    } finally {
      await node.stop();
      await slow.stop();
      await ipfs.stop();
    }
  });

  test('the node killed mid-submission, restarted on its base path: sent again, registered once', async () => {
    const ipfs = await startIpfs();
    const basePath = path.join(dir, 'node-submit');
    const common = ['--gateway-key', '//Alice', '--ipfs-api', ipfs.apiUrl];
    // Blocks only when asked: the gateway's transaction waits in the pool.
    let node = await startDevNode({ basePath, extraArgs: [...common, '--sealing', 'manual'] });
    const rpcPort = node.rpcPort;
    const seal = () => rpc(rpcPort, 'engine_createBlock', [true, true, null]);
    try {
      const cli = cpchain({ nodeUrl: node.url, ipfsUrl: ipfs.apiUrl, keys: path.join(dir, 'kill-submit.json'), suri: '//Alice' });
      // A block every 300 ms until `work` is done: each takes a slot, so few are sealed.
      const sealUntil = async (work) => {
        let done = false;
        const result = work.finally(() => { done = true; });
        while (!done) { await seal(); await sleep(300); }
        return result;
      };
      await cli.ok(['keys', 'generate', '--force']);
      await sealUntil(cli.ok(['keys', 'publish']));
      const device = Number(await sealUntil(
        cli.ok(['device', 'register', '--interval-ms', String(INTERVAL_MS), '--to-gateway'])));
      await nextInterval();
      const { payloads, interval } = await sendReadings(cli, device, 'submit', 4);
      // A block past the interval's end: the worker seals, uploads and sends register_data.
      // No block is sealed while it works, so its transaction stays in the pool: one seal,
      // then up to 15 s of looking.
      const submitted = async () => {
        await seal();
        const deadline = Date.now() + 15_000;
        while (Date.now() < deadline) {
          const batches = await rpc(rpcPort, 'gateway_batches');
          const batch = batches.find((b) => b.device === device && b.interval === interval);
          assert.ok(batch, 'the batch is still held');
          if (batch.state === 'submitted') return true;
          await sleep(300);
        }
        return false;
      };
      await until('the gateway to send register_data', submitted, 120_000)
        .catch((error) => { throw new Error(`${error.message}:\n${node.logs().slice(-6000)}`); });
      assert.deepEqual(await recordedIntervals(cli, device), [], 'not registered before the kill');
      node.kill('SIGKILL');
      await node.exited();

      // Back with a block every 500 ms, whatever the wall clock says (the chain ran ahead of it
      // while sealing by hand).
      node = await startDevNode({ basePath, rpcPort, extraArgs: [...common, '--sealing', 'interval', '--dev-block-time', '500'] });
      // The pool is gone; the worker sends again once the wait for inclusion is over.
      await expectOneRecord(cli, rpcPort, device, interval, payloads);
    } finally {
      await node.stop();
      await ipfs.stop();
    }
  });
});
