// The data market end to end: a real IPFS daemon, `cpchain-node --dev` as the owner's gateway,
// the owner's auto-approver, three proxies (`cpchain proxy run`, 2-of-3), two buyers, and
// @polkadot/api reading every block's events to check that the money adds up to the unit.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { ApiPromise, Keyring, WsProvider } from '@polkadot/api';
import { u8aToHex } from '@polkadot/util';

import { cpchain } from '../src/cli.js';
import { startIpfs } from '../src/ipfs.js';
import { startDevNode } from '../src/node.js';
import { freePort, sleep } from '../src/service.js';
import { submitAndWait } from '../src/transfer.js';
import { eventLog, until } from '../src/wait.js';

const INTERVAL_MS = 6000;
const PRICE = 1_000_000_000n;

describe('data market', () => {
  let ipfs, node, api, dir, basePath, rpcPort, nodeArgs;
  const clients = {};
  const workers = [];
  const keyring = new Keyring({ type: 'sr25519' });
  const who = (name) => keyring.addFromUri(`//${name}`).address;

  const readingsOf = (interval) => [`t=${interval}.1`, `t=${interval}.2`];

  before(async () => {
    ipfs = await startIpfs();
    basePath = mkdtempSync(path.join(tmpdir(), 'cpchain-market-base-'));
    rpcPort = await freePort();
    nodeArgs = { basePath, rpcPort, extraArgs: ['--gateway-key', '//Alice', '--ipfs-api', ipfs.apiUrl] };
    node = await startDevNode(nodeArgs);
    api = await ApiPromise.create({ provider: new WsProvider(node.url), noInitWarn: true });
    dir = mkdtempSync(path.join(tmpdir(), 'cpchain-market-'));
    for (const name of ['Alice', 'Bob', 'Ferdie', 'Charlie', 'Dave', 'Eve']) {
      clients[name] = cpchain({
        nodeUrl: node.url, ipfsUrl: ipfs.apiUrl, keys: path.join(dir, `${name}.json`), suri: `//${name}`
      });
      await clients[name].ok(['keys', 'generate']);
      await clients[name].ok(['keys', 'publish']);
    }
  });

  after(async () => {
    for (const worker of workers) await worker.stop();
    if (api) await api.disconnect();
    if (node) await node.stop();
    if (ipfs) await ipfs.stop();
    for (const d of [dir, basePath]) if (d) rmSync(d, { recursive: true, force: true });
  });

  test('two buyers, 2-of-3 proxies, a bad cfrag, a node restart and a revocation', async () => {
    try {
      await scenario();
    } catch (error) {
      for (const worker of workers) console.error(worker.logs().slice(-4000));
      throw error;
    }
  });

  async function scenario () {
    const { Alice: owner, Bob: buyerA, Ferdie: buyerB } = clients;
    const balance = async (name, at = api) => {
      const { data } = await at.query.system.account(who(name));
      return data.free.toBigInt() + data.reserved.toBigInt();
    };
    // Balances at one block, and every event after it.
    const head = await api.rpc.chain.getHeader();
    const log = eventLog(head.number.toNumber() + 1, { income: true });
    const atHead = await api.at(head.hash);
    const before = {};
    for (const name of ['Bob', 'Ferdie', 'Charlie', 'Dave', 'Eve']) before[name] = await balance(name, atHead);
    const treasury = api.consts.cpcEconomics.treasuryAccount.toString();
    before.treasury = (await atHead.query.system.account(treasury)).data.free.toBigInt();

    // The owner's device streams through the gateway; its stream is listed and the owner's
    // auto-approver answers requests.
    const device = Number(await owner.ok(['device', 'register', '--interval-ms', String(INTERVAL_MS), '--to-gateway']));
    const listing = await owner.ok(['market', 'sell', '--device', String(device), '--price', String(PRICE)]);
    assert.match((await buyerA.ok(['market', 'list'])), new RegExp(`^${listing} owner=${who('Alice')} stream device=${device} price_per_interval=${PRICE}`, 'm'));
    workers.push(await owner.start(['grant', 'auto', '--threshold', '2', '--proxies', '3', '--every-ms', '1000']));

    // A buys three intervals; B subscribes open-ended with ten intervals' escrow.
    const first = Math.floor(Date.now() / INTERVAL_MS) + 3;
    const grantA = await buyerA.ok(['market', 'buy', listing, '--from', String(first), '--to', String(first + 2)]);
    const grantB = await buyerB.ok(['market', 'buy', listing, '--from', String(first), '--budget', String(10n * PRICE)]);
    for (const [buyer, grant] of [[buyerA, grantA], [buyerB, grantB]]) {
      await until(`grant ${grant}`, async () => (await buyer.ok(['market', 'purchases'])).includes(`${grant} granted`));
    }
    const proxies = (await buyerA.ok(['grant', 'show', grantA])).match(/^proxy \S+/gm).map((l) => l.slice(6));
    assert.deepEqual([...proxies].sort(), [who('Charlie'), who('Dave'), who('Eve')].sort());

    // The device sends readings for four intervals; the gateway seals and registers each.
    for (let k = 0; k < 4; k++) {
      const interval = first + k;
      await owner.ok(['device', 'send', '--device', String(device), '--timestamp-ms', String(interval * INTERVAL_MS + 100),
        ...readingsOf(interval).flatMap((r) => ['--reading', r])]);
    }
    const recorded = (interval) => api.query.dataRegistry.records(device, interval).then((r) => r.isSome);
    await until(`record ${first}`, () => recorded(first));

    // Charlie alone serves: one fragment per part, nothing settles yet.
    workers.push(await clients.Charlie.start(['proxy', 'run', '--every-ms', '1000']));
    const delivered = (grant, interval, proxy) => log(api).then((events) => events
      .filter((e) => api.events.accessGrants.CfragDelivered.is(e) && e.data.grant.toString() === grant &&
        e.data.record.interval.toNumber() === interval && (!proxy || e.data.proxy.toString() === proxy)));
    const [charlies] = await until('Charlie\'s fragment', () => delivered(grantB, first, who('Charlie')).then((d) => d.length && d));

    // Eve submits a tampered copy of Charlie's fragment, and Charlie's fragment for the other
    // buyer: both are rejected (and reported), the call itself goes through.
    const eve = keyring.addFromUri('//Eve');
    const good = charlies.data.cfrag.toU8a(true);
    const tampered = Uint8Array.from(good);
    tampered[tampered.length - 1] ^= 1;
    const record = { device, interval: first };
    for (const [grant, cfrag] of [[grantB, tampered], [grantA, good]]) {
      const paid = await balance('Eve');
      // As hex: @polkadot/api reads a bare Uint8Array for `Bytes` as already length-prefixed.
      const events = (await submitAndWait(api.tx.accessGrants.submitCfrag(grant, record, u8aToHex(cfrag)), eve)).events
        .map((e) => e.event);
      const fee = events.find((e) => api.events.transactionPayment.TransactionFeePaid.is(e)).data.actualFee.toBigInt();
      // The committee penalises the proxy: credit, and a slice of its candidacy bond.
      const penalty = events.find((e) => api.events.committee.Penalised.is(e) && e.data.who.toString() === who('Eve'));
      assert.ok(penalty, 'the committee penalises the proxy');
      const slashed = penalty.data.slashed.toBigInt();
      assert.ok(slashed > 0n, 'part of the bond is slashed');
      assert.equal(paid - await balance('Eve'), fee + slashed, 'a rejected cfrag costs its fee and the slash');
      assert.ok(events.some((e) => api.events.accessGrants.CfragRejected.is(e) &&
        e.data.grant.toString() === grant && e.data.proxy.toString() === who('Eve')), 'the bad cfrag is rejected');
      assert.ok(!events.some((e) => api.events.accessGrants.CfragDelivered.is(e)));
    }
    // A fragment whose first point is the point at infinity (SEC1's one byte 0x00) once made
    // the runtime trap while building the block, for free: now it is refused, fee paid, with no
    // penalty.
    const bond = async () => (await api.query.committee.candidates(who('Eve'))).unwrap().bond.toBigInt();
    const bondBefore = await bond();
    const infinity = Uint8Array.from([1, 0, ...good.slice(34)]);
    await assert.rejects(submitAndWait(api.tx.accessGrants.submitCfrag(grantB, record, u8aToHex(infinity)), eve),
      /AccessGrants\.MalformedCfrag/);
    assert.equal(await bond(), bondBefore, 'a malformed fragment costs no bond');
    const kept = (await api.call.accessGrantsApi.deliveries(who('Ferdie'), record)).toJSON();
    assert.equal(kept[0].cfrags.length, 1, 'only Charlie\'s fragment is kept');

    // Dave and Eve join; every part settles with two fragments.
    workers.push(await clients.Dave.start(['proxy', 'run', '--every-ms', '1000']));
    workers.push(await clients.Eve.start(['proxy', 'run', '--every-ms', '1000']));
    await until('four records', async () => (await Promise.all([0, 1, 2, 3].map((k) => recorded(first + k)))).every(Boolean));
    const settledFor = async (grant) => (await log(api))
      .filter((e) => api.events.accessGrants.PartSettled.is(e) && e.data.grant.toString() === grant);
    await until('A\'s three parts', async () => (await settledFor(grantA)).length === 3);
    await until('B\'s four parts', async () => (await settledFor(grantB)).length === 4);
    assert.equal((await api.query.accessGrants.grants(grantA)).isNone, true, 'A\'s grant completed');

    // Both decrypt every interval they paid for to the exact readings; A not the fourth.
    const readings = async (client, interval) => (await client.ok(['data', 'get', `${device}:${interval}`, '--readings']))
      .split('\n').map((l) => JSON.parse(l)).map((r) => { assert.equal(r.verified, true); return r.payload; });
    for (let k = 0; k < 3; k++) assert.deepEqual(await readings(buyerA, first + k), readingsOf(first + k));
    for (let k = 0; k < 4; k++) assert.deepEqual(await readings(buyerB, first + k), readingsOf(first + k));
    const notBought = await buyerA.run(['data', 'get', `${device}:${first + 3}`]);
    assert.notEqual(notBought.code, 0);
    assert.match(notBought.stderr, /no proxy delivered it to you/);

    // The node restarts under the running workers; they reconnect and go on serving B.
    await node.stop();
    await api.disconnect();
    node = await startDevNode(nodeArgs);
    api = await ApiPromise.create({ provider: new WsProvider(node.url), noInitWarn: true });
    // The gateway dates readings by the chain's clock, which stands still while the node is
    // down: wait for the restarted node's first block (an idle block comes within 6 s), or a
    // slow restart leaves fresh readings "in the future" (TimestampInFuture).
    const restartedAt = (await api.rpc.chain.getHeader()).number.toNumber();
    await until('a block after the restart',
      async () => (await api.rpc.chain.getHeader()).number.toNumber() > restartedAt, 60_000);
    const later = Math.floor(Date.now() / INTERVAL_MS) + 1;
    await owner.ok(['device', 'send', '--device', String(device), '--timestamp-ms', String(later * INTERVAL_MS + 100),
      ...readingsOf(later).flatMap((r) => ['--reading', r])]);
    await until(`record ${later} after the restart`, () => recorded(later));
    await until('B\'s part after the restart', async () => (await settledFor(grantB)).length === 5);
    assert.deepEqual(await readings(buyerB, later), readingsOf(later));

    // The owner revokes B: a later interval is recorded but never re-encrypted for B.
    await owner.ok(['grant', 'revoke', grantB]);
    const revoked = Math.floor(Date.now() / INTERVAL_MS) + 1;
    await owner.ok(['device', 'send', '--device', String(device), '--timestamp-ms', String(revoked * INTERVAL_MS + 100),
      ...readingsOf(revoked).flatMap((r) => ['--reading', r])]);
    await until(`record ${revoked}`, () => recorded(revoked));
    await sleep(5000); // passes of every worker
    assert.deepEqual(await delivered(grantB, revoked), []);
    const denied = await buyerB.run(['data', 'get', `${device}:${revoked}`]);
    assert.notEqual(denied.code, 0);
    assert.match(denied.stderr, /no proxy delivered it to you/);

    // No proxy delivered a part twice, none of them had a delivery refused as a duplicate, and
    // the money adds up to the unit: each buyer paid the parts it got plus its fees, each proxy
    // earned its share of the parts it settled less its fees.
    const events = await log(api);
    const seen = new Set();
    for (const e of events.filter((e) => api.events.accessGrants.CfragDelivered.is(e))) {
      const key = `${e.data.grant}/${e.data.record.interval}/${e.data.proxy}`;
      assert.ok(!seen.has(key), `delivered twice: ${key}`);
      seen.add(key);
    }
    const fees = {};
    for (const e of events.filter((e) => api.events.transactionPayment.TransactionFeePaid.is(e))) {
      const payer = e.data.who.toString();
      fees[payer] = (fees[payer] ?? 0n) + e.data.actualFee.toBigInt();
    }
    // Slashes for invalid fragments (Eve's two) come out of the proxies' bonds.
    const slashed = {};
    for (const e of events.filter((e) => api.events.committee.Penalised.is(e))) {
      const who = e.data.who.toString();
      slashed[who] = (slashed[who] ?? 0n) + e.data.slashed.toBigInt();
    }
    assert.ok(slashed[who('Eve')] > 0n, 'Eve was slashed');
    const settled = events.filter((e) => api.events.accessGrants.PartSettled.is(e));
    const spent = (grant) => settled.filter((e) => e.data.grant.toString() === grant)
      .reduce((sum, e) => sum + e.data.toOwner.toBigInt() + 2n * e.data.toEachProxy.toBigInt(), 0n);
    assert.equal(spent(grantA), 3n * PRICE);
    assert.equal(spent(grantB), 5n * PRICE);
    const ended = events.find((e) => api.events.accessGrants.GrantEnded.is(e) && e.data.grant.toString() === grantB);
    assert.equal(ended.data.reason.toString(), 'Revoked');
    assert.equal(ended.data.refund.toBigInt(), 5n * PRICE, 'B gets back the five intervals not delivered');
    assert.equal(before.Bob - await balance('Bob'), 3n * PRICE + fees[who('Bob')]);
    assert.equal(before.Ferdie - await balance('Ferdie'), 5n * PRICE + fees[who('Ferdie')]);
    const share = PRICE / 10n / 2n;
    for (const name of ['Charlie', 'Dave', 'Eve']) {
      const parts = settled.filter((s) => events.some((e) => api.events.accessGrants.CfragDelivered.is(e) &&
        e.data.grant.eq(s.data.grant) && e.data.record.eq(s.data.record) && e.data.proxy.toString() === who(name))).length;
      // A proxy that is also a committee member earns its blocks' share of the fees too.
      assert.equal(await balance(name) - before[name], BigInt(parts) * share - (fees[who(name)] ?? 0n) -
        (slashed[who(name)] ?? 0n) + (log.income[who(name)] ?? 0n), `${name}'s earnings`);
    }
    // Nothing is burnt: the treasury has the fees' remainder and the slashed bonds, to the unit.
    const slashedAll = Object.values(slashed).reduce((sum, x) => sum + x, 0n);
    assert.equal((await api.query.system.account(treasury)).data.free.toBigInt() - before.treasury,
      log.income[treasury] + slashedAll, "the treasury's income");
    const held = (name) => api.query.balances.holds(who(name)).then((holds) => holds
      .filter((h) => h.id.toString().toLowerCase().includes('accessgrants')).reduce((sum, h) => sum + h.amount.toBigInt(), 0n));
    assert.equal(await held('Bob'), 0n, 'no escrow left held');
    assert.equal(await held('Ferdie'), 0n, 'no escrow left held');
  }
});
