// A proxy worker killed and restarted mid-grant: a real IPFS daemon, `cpchain-node --dev` as
// the owner's gateway, blocks every two seconds so a submitted fragment waits in the pool, and
// `cpchain proxy run` SIGKILLed twice while it has a fragment in flight and once between
// passes. Every fragment due is delivered once, and no fragment is submitted twice: the
// journal, written before each submission, carries over the restarts.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { ApiPromise, Keyring, WsProvider } from '@polkadot/api';

import { cpchain } from '../src/cli.js';
import { startIpfs } from '../src/ipfs.js';
import { startDevNode } from '../src/node.js';
import { sleep } from '../src/service.js';
import { eventLog, until } from '../src/wait.js';

const INTERVAL_MS = 6000;
const INTERVALS = 6;
const PRICE = 1_000_000_000n;

describe('a proxy worker killed mid-grant', () => {
  let ipfs, node, api, dir;
  const clients = {};
  const keyring = new Keyring({ type: 'sr25519' });
  const who = (name) => keyring.addFromUri(`//${name}`).address;
  let worker = null;

  before(async () => {
    ipfs = await startIpfs();
    node = await startDevNode({
      extraArgs: ['--gateway-key', '//Alice', '--ipfs-api', ipfs.apiUrl, '--sealing', 'interval', '--dev-block-time', '2000']
    });
    api = await ApiPromise.create({ provider: new WsProvider(node.url), noInitWarn: true });
    dir = mkdtempSync(path.join(tmpdir(), 'cpchain-proxy-restart-'));
    for (const name of ['Alice', 'Bob', 'Charlie']) {
      clients[name] = cpchain({
        nodeUrl: node.url, ipfsUrl: ipfs.apiUrl, keys: path.join(dir, `${name}.json`), suri: `//${name}`
      });
      await clients[name].ok(['keys', 'generate']);
      await clients[name].ok(['keys', 'publish']);
    }
  });

  after(async () => {
    if (worker) await worker.stop();
    if (api) await api.disconnect();
    if (node) await node.stop();
    if (ipfs) await ipfs.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('every due fragment is delivered once across three kills', async () => {
    const { Alice: owner, Bob: buyer, Charlie: proxy } = clients;
    const log = eventLog((await api.rpc.chain.getHeader()).number.toNumber() + 1);
    const journal = path.join(dir, 'charlie-journal.json');
    const startWorker = () => proxy.start(['proxy', 'run', '--every-ms', '300', '--journal', journal]);

    // Alice streams a device through her gateway; Bob buys six intervals; Alice grants them
    // with Charlie as the one proxy.
    const device = Number(await owner.ok(['device', 'register', '--interval-ms', String(INTERVAL_MS), '--to-gateway']));
    const listing = await owner.ok(['market', 'sell', '--device', String(device), '--price', String(PRICE)]);
    const first = Math.floor(Date.now() / INTERVAL_MS) + 3;
    const grant = await buyer.ok(['market', 'buy', listing, '--from', String(first), '--to', String(first + INTERVALS - 1)]);
    await owner.ok(['grant', 'approve', grant, '--threshold', '1', '--proxy', who('Charlie')]);
    for (let k = 0; k < INTERVALS; k++) {
      const interval = first + k;
      await owner.ok(['device', 'send', '--device', String(device), '--timestamp-ms', String(interval * INTERVAL_MS + 100),
        '--reading', `t=${interval}`]);
    }

    const delivered = async () => (await log(api)).filter((e) => api.events.accessGrants.CfragDelivered.is(e) &&
      e.data.grant.toString() === grant);
    // Charlie's fragment waiting in the pool: submitted, not yet in a block.
    const inFlight = async () => (await api.rpc.author.pendingExtrinsics()).some((xt) =>
      xt.signer.toString() === who('Charlie') && xt.method.section === 'accessGrants' && xt.method.method === 'submitCfrag');

    worker = await startWorker();
    const kills = [];
    for (const moment of ['in flight', 'between passes', 'in flight']) {
      const before = (await delivered()).length;
      if (moment === 'in flight') {
        await until('a fragment in flight', inFlight, 120_000);
      } else {
        await until('another delivery', async () => (await delivered()).length > before, 120_000);
      }
      await worker.kill('SIGKILL');
      await worker.exited();
      kills.push({ moment, deliveredBefore: (await delivered()).length });
      await sleep(500);
      worker = await startWorker();
    }
    assert.equal(kills.length, 3);

    try {
      await until('every interval settled', async () => (await api.query.accessGrants.grants(grant)).isNone, 180_000);
    } catch (error) {
      console.error(worker.logs().slice(-4000));
      throw error;
    }

    // Once each: one delivery per interval, and no fragment was ever submitted twice.
    const events = await log(api);
    const intervals = (await delivered()).map((e) => e.data.record.interval.toNumber()).sort((a, b) => a - b);
    assert.deepEqual(intervals, [...Array(INTERVALS).keys()].map((k) => first + k), 'one delivery per interval');
    const settled = events.filter((e) => api.events.accessGrants.PartSettled.is(e) && e.data.grant.toString() === grant);
    assert.equal(settled.length, INTERVALS, 'every part settled');
    let submitted = 0;
    const best = (await api.rpc.chain.getHeader()).number.toNumber();
    for (let n = 1; n <= best; n++) {
      const block = await api.rpc.chain.getBlock(await api.rpc.chain.getBlockHash(n));
      submitted += block.block.extrinsics.filter((xt) => xt.isSigned && xt.signer.toString() === who('Charlie') &&
        xt.method.section === 'accessGrants' && xt.method.method === 'submitCfrag').length;
    }
    assert.equal(submitted, INTERVALS, 'no fragment was submitted twice');
    const ended = events.find((e) => api.events.accessGrants.GrantEnded.is(e) && e.data.grant.toString() === grant);
    assert.equal(ended.data.reason.toString(), 'Completed');
    console.log(`kills: ${JSON.stringify(kills)}; ${submitted} submissions for ${INTERVALS} intervals`);
  });
});
