// The data layer end to end: a real IPFS daemon, `cpchain-node --dev` as the owner's gateway,
// the `cpchain` client, and @polkadot/api watching the chain.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { ApiPromise, WsProvider } from '@polkadot/api';
import { u8aToHex } from '@polkadot/util';
import { blake2AsHex, blake2AsU8a } from '@polkadot/util-crypto';

import { cpchain } from '../src/cli.js';
import { ipfsCat, startCapturingProxy, startIpfs } from '../src/ipfs.js';
import { rpc, startDevNode } from '../src/node.js';
import { sleep } from '../src/service.js';

/** Resolves to the first DataRegistered event for `device`, or rejects after `timeoutMs`. */
function nextRecord (api, device, timeoutMs = 90_000) {
  return new Promise((resolve, reject) => {
    let unsub = () => {};
    const timer = setTimeout(() => { unsub(); reject(new Error('no record registered in time')); }, timeoutMs);
    api.query.system.events((events) => {
      for (const { event } of events) {
        if (api.events.dataRegistry.DataRegistered.is(event) &&
            event.data.record.device.toNumber() === device) {
          clearTimeout(timer);
          unsub();
          resolve(event.data);
        }
      }
    }).then((u) => { unsub = u; }, reject);
  });
}

describe('data layer', () => {
  let ipfs, proxy, node, api, dir, owner, stranger;

  before(async () => {
    ipfs = await startIpfs();
    // The gateway uploads through a proxy that keeps what it sends.
    proxy = await startCapturingProxy(ipfs.apiUrl);
    node = await startDevNode({
      extraArgs: ['--gateway-key', '//Alice', '--ipfs-api', proxy.url]
    });
    api = await ApiPromise.create({ provider: new WsProvider(node.url), noInitWarn: true });
    dir = mkdtempSync(path.join(tmpdir(), 'cpchain-data-'));
    owner = cpchain({ nodeUrl: node.url, ipfsUrl: ipfs.apiUrl, keys: path.join(dir, 'owner.json'), suri: '//Alice' });
    stranger = cpchain({ nodeUrl: node.url, ipfsUrl: ipfs.apiUrl, keys: path.join(dir, 'stranger.json'), suri: '//Bob' });
    await owner.ok(['keys', 'generate']);
    await stranger.ok(['keys', 'generate']);
    await owner.ok(['keys', 'publish']);
  });

  after(async () => {
    if (api) await api.disconnect();
    if (node) await node.stop();
    if (proxy) await proxy.stop();
    if (ipfs) await ipfs.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('the keys file is private and the Umbral key is on chain', async () => {
    const keysFile = path.join(dir, 'owner.json');
    assert.equal(statSync(keysFile).mode & 0o777, 0o600);
    const shown = await owner.ok(['keys', 'show']);
    const umbral = shown.match(/^umbral (0x[0-9a-f]{66})$/m)[1];
    const onChain = await api.query.dataRegistry.umbralKeys('5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY');
    assert.equal(onChain.unwrap().key.toHex(), umbral);
  });

  test('readings through the gateway RPC become one encrypted record on IPFS', async () => {
    const device = Number(await owner.ok(['device', 'register', '--interval-ms', '6000', '--kind', 'thermometer', '--to-gateway']));
    const registered = nextRecord(api, device);
    const payloads = ['t=21.5C', 't=21.6C', 'rh=40%', 't=21.7C'];
    // Early in an interval, so all four readings fall in it.
    const start = Math.floor(Date.now() / 6000) * 6000 + 100;
    const stored = await owner.ok(['device', 'send', '--device', String(device), '--timestamp-ms', String(start),
      ...payloads.flatMap((p) => ['--reading', p])]);
    assert.equal(stored, String(payloads.length));
    // Waiting for its interval to close, or already on its way (the chain's clock may lead).
    const batches = await rpc(node.rpcPort, 'gateway_batches');
    assert.ok(batches.length <= 1);
    for (const batch of batches) assert.deepEqual([batch.device, batch.readings], [device, payloads.length]);

    const record = await registered;
    const id = `${device}:${record.record.interval.toString()}`;
    assert.equal(record.record.interval.toNumber(), Math.floor(start / 6000));

    // The blob is on IPFS and matches the hash on chain.
    const blob = Buffer.from(await ipfsCat(ipfs.apiUrl, record.cid.toUtf8()));
    assert.equal(blake2AsHex(blob, 256), record.ciphertextHash.toHex());
    assert.equal(blob.length, record[4].toNumber());
    assert.ok(!blob.includes(Buffer.from('t=21.5C')), 'the blob is encrypted');

    // The owner decrypts it to exactly the readings sent, each signed by the device.
    const lines = (await owner.ok(['data', 'get', id, '--readings'])).split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(lines, payloads.map((payload, n) => ({ payload, timestampMs: start + n, verified: true })));

    // Too late for a registered interval.
    const late = await owner.run(['device', 'send', '--device', String(device), '--timestamp-ms', String(start + 10), '--reading', 'x']);
    assert.notEqual(late.code, 0);
    assert.match(late.stderr, /IntervalClosed/);

    // The gateway forgets the batch once the record is on chain.
    for (let i = 0; i < 20 && (await rpc(node.rpcPort, 'gateway_batches')).length > 0; i++) await sleep(500);
    assert.deepEqual(await rpc(node.rpcPort, 'gateway_batches'), []);

    // Someone else's key cannot open it.
    const denied = await stranger.run(['data', 'get', id]);
    assert.notEqual(denied.code, 0);
    assert.match(denied.stderr, /cannot decrypt record/);

    // What the gateway sent the IPFS API: the ciphertext, and nothing but values computed
    // from its hash (which the record publishes), so nothing in it, with what is on chain,
    // tells more than the public blob does (the capsule's seed least of all).
    const uploads = proxy.requests.filter((r) => r.url.startsWith('/api/v0/add'));
    assert.equal(uploads.length, 1, 'one upload for one interval');
    const [upload] = uploads;
    assert.equal(upload.method, 'POST');
    assert.equal(upload.url, '/api/v0/add?cid-version=1&pin=true');
    const hash = record.ciphertextHash.toU8a();
    const boundary = `cpchain-${u8aToHex(blake2AsU8a(Buffer.concat([Buffer.from('cpchain:multipart'), hash, Buffer.from([0])]), 128), -1, false)}`;
    assert.equal(upload.headers['content-type'], `multipart/form-data; boundary=${boundary}`);
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="blob"\r\nContent-Type: application/octet-stream\r\n\r\n`;
    const expected = Buffer.concat([Buffer.from(head), blob, Buffer.from(`\r\n--${boundary}--\r\n`)]);
    assert.ok(upload.body.equals(expected), 'the body is the ciphertext in a fixed frame');
    assert.equal(upload.headers['content-length'], String(expected.length));
    const known = new Set(['host', 'content-type', 'content-length', 'connection', 'accept-encoding']);
    const extra = Object.keys(upload.headers).filter((name) => !known.has(name));
    assert.deepEqual(extra, [], `unexpected headers: ${JSON.stringify(upload.headers)}`);
  });

  test('the gateway RPC refuses bad readings', async () => {
    const device = Number(await owner.ok(['device', 'register', '--interval-ms', '6000']));
    const reading = { timestampMs: Date.now(), payload: '0x01', signature: `0x${'11'.repeat(64)}` };
    await assert.rejects(rpc(node.rpcPort, 'gateway_submitReadings', [device, [reading]]), /BadSignature \{ index: 0 \}/);
    await assert.rejects(rpc(node.rpcPort, 'gateway_submitReadings', [999, [reading]]), /UnknownDevice/);
    await assert.rejects(rpc(node.rpcPort, 'gateway_submitReadings', [device, [{ ...reading, signature: '0x11' }]]),
      /signature is 64 bytes/);
    const early = await owner.run(['device', 'send', '--device', String(device), '--timestamp-ms', String(Date.now() + 3_600_000), '--reading', 'x']);
    assert.notEqual(early.code, 0);
    assert.match(early.stderr, /TimestampInFuture/);
  });

  test('a batch the gateway cannot register becomes a dead letter, retried once mended or dropped', async () => {
    // Two devices whose keys the gateway node does not hold (no --to-gateway).
    const kept = Number(await owner.ok(['device', 'register', '--interval-ms', '6000']));
    const dropped = Number(await owner.ok(['device', 'register', '--interval-ms', '6000']));
    const start = Math.floor(Date.now() / 6000) * 6000 + 100;
    const interval = Math.floor(start / 6000);
    const payloads = ['a=1', 'a=2', 'a=3'];
    for (const device of [kept, dropped]) {
      const stored = await owner.ok(['device', 'send', '--device', String(device), '--timestamp-ms', String(start),
        ...payloads.flatMap((p) => ['--reading', p])]);
      assert.equal(stored, String(payloads.length));
    }
    const listed = async () => (await owner.ok(['gateway', 'batches'])).split('\n').filter(Boolean).map((l) => JSON.parse(l));
    const deadOnes = async () => (await listed()).filter((b) => b.state === 'dead');
    let dead = [];
    for (let i = 0; i < 60 && dead.length < 2; i++) { await sleep(500); dead = await deadOnes(); }
    assert.deepEqual(dead.map((b) => [b.device, b.interval, b.readings, b.reason]).sort(),
      [[kept, interval, 3, 'NoDeviceKey'], [dropped, interval, 3, 'NoDeviceKey']].sort());
    assert.ok(dead.every((b) => b.bytes > 0 && b.deadSince > 0));

    // The operator hands over one device's key and retries: one record, with every reading.
    const registered = nextRecord(api, kept);
    await owner.ok(['device', 'to-gateway', '--device', String(kept)]);
    assert.equal(await owner.ok(['gateway', 'retry', `${kept}:${interval}`]), `${kept}:${interval}`);
    const record = await registered;
    assert.equal(record.record.interval.toNumber(), interval);
    const lines = (await owner.ok(['data', 'get', `${kept}:${interval}`, '--readings'])).split('\n');
    assert.equal(lines.length, payloads.length);
    assert.equal((await api.query.dataRegistry.records.entries(kept)).length, 1);

    // The other is given up: gone from the list, and no longer a dead letter to retry.
    assert.equal(await owner.ok(['gateway', 'drop', `${dropped}:${interval}`]), `${dropped}:${interval}`);
    const again = await owner.run(['gateway', 'retry', `${dropped}:${interval}`]);
    assert.notEqual(again.code, 0);
    assert.match(again.stderr, /not a dead letter/);
    for (let i = 0; i < 20 && (await listed()).length > 0; i++) await sleep(500);
    assert.deepEqual(await listed(), []);
    assert.equal((await api.query.dataRegistry.records.entries(dropped)).length, 0);
  });

  test('data put and get round-trip a 1 MiB file', async () => {
    const device = Number(await owner.ok(['device', 'register', '--interval-ms', '6000']));
    await sleep(6500); // let one of the device's intervals close
    const file = path.join(dir, 'one-mib.bin');
    const contents = randomBytes(1 << 20);
    writeFileSync(file, contents);
    const id = await owner.ok(['data', 'put', file, '--device', String(device)]);
    assert.match(id, new RegExp(`^${device}:\\d+$`));

    const [, interval] = id.split(':');
    const onChain = (await api.query.dataRegistry.records(device, interval)).unwrap();
    assert.ok(Number(onChain.toJSON().size) > contents.length, 'the ciphertext carries a tag');
    assert.ok(onChain.encodedLength < 300, `a record takes ${onChain.encodedLength} bytes on chain`);

    const out = path.join(dir, 'one-mib.out');
    await owner.ok(['data', 'get', id, '--out', out]);
    assert.deepEqual(readFileSync(out), contents);
    assert.ok((await owner.ok(['data', 'ls'])).split('\n').some((line) => line.startsWith(`${id} `)));

    // The same interval cannot be registered twice.
    const again = await owner.run(['data', 'put', file, '--device', String(device), '--interval', interval]);
    assert.notEqual(again.code, 0);
    assert.match(again.stderr, /already exists/);

    // Removing it releases the deposit; the interval is never registered again.
    await owner.ok(['data', 'rm', id]);
    assert.ok((await api.query.dataRegistry.records(device, interval)).isNone);
    const replaced = await owner.run(['data', 'put', file, '--device', String(device), '--interval', interval]);
    assert.notEqual(replaced.code, 0);
    assert.match(replaced.stderr, /RecordRemoved/);
  });

  test('clear errors when the node or IPFS is down or the keys are unsafe', async () => {
    const keys = path.join(dir, 'owner.json');
    const deadNode = cpchain({ nodeUrl: 'ws://127.0.0.1:1', ipfsUrl: ipfs.apiUrl, keys });
    const noNode = await deadNode.run(['data', 'ls']);
    assert.notEqual(noNode.code, 0);
    assert.match(noNode.stderr, /cannot reach the CPChain node at ws:\/\/127\.0\.0\.1:1/);

    const deadIpfs = cpchain({ nodeUrl: node.url, ipfsUrl: 'http://127.0.0.1:1', keys, suri: '//Alice' });
    const noIpfs = await deadIpfs.run(['data', 'get', '0:1']);
    assert.notEqual(noIpfs.code, 0);
    assert.match(noIpfs.stderr, /cannot reach the IPFS API at http:\/\/127\.0\.0\.1:1/);

    chmodSync(keys, 0o644);
    try {
      const unsafe = await owner.run(['keys', 'show']);
      assert.notEqual(unsafe.code, 0);
      assert.match(unsafe.stderr, /may be read by other users/);
    } finally {
      chmodSync(keys, 0o600);
    }

    const missing = cpchain({ nodeUrl: node.url, ipfsUrl: ipfs.apiUrl, keys: path.join(dir, 'none.json') });
    const none = await missing.run(['keys', 'show']);
    assert.match(none.stderr, /no keys file at .*none\.json; create one with `cpchain keys generate`/);
  });
});
