// Measures the gateway: readings per second from the RPC to a registered record, and the
// latency from an interval's end to the record's block. Starts its own IPFS daemon and dev
// node, prints the figures, stops both.
//
//   node --require ./src/polyfill.cjs bench/gateway.js [--intervals 5] [--readings 1000] [--payload 64]

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

import { ApiPromise, WsProvider } from '@polkadot/api';

import { cpchain } from '../src/cli.js';
import { startIpfs } from '../src/ipfs.js';
import { startDevNode } from '../src/node.js';
import { sleep } from '../src/service.js';

const INTERVAL_MS = 6000;

const { values } = parseArgs({
  options: {
    intervals: { type: 'string', default: '5' },
    readings: { type: 'string', default: '1000' },
    payload: { type: 'string', default: '64' }
  }
});
const intervals = Number(values.intervals);
const perInterval = Number(values.readings);
const payloadBytes = Number(values.payload);

/** Wall-clock time at which a DataRegistered event for (device, interval) is seen. */
function recordSeen (api, device, interval, timeoutMs = 120_000) {
  return new Promise((resolve, reject) => {
    let unsub = () => {};
    const timer = setTimeout(() => { unsub(); reject(new Error(`no record for ${device}:${interval}`)); }, timeoutMs);
    api.query.system.events((events) => {
      for (const { event } of events) {
        if (api.events.dataRegistry.DataRegistered.is(event) &&
            event.data.record.device.toNumber() === device &&
            event.data.record.interval.toNumber() === interval) {
          clearTimeout(timer);
          unsub();
          resolve({ seenAt: Date.now(), size: event.data[4].toNumber() });
        }
      }
    }).then((u) => { unsub = u; }, reject);
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main () {
  const dir = mkdtempSync(path.join(tmpdir(), 'cpchain-bench-'));
  const ipfs = await startIpfs();
  const node = await startDevNode({ extraArgs: ['--gateway-key', '//Alice', '--ipfs-api', ipfs.apiUrl] });
  const api = await ApiPromise.create({ provider: new WsProvider(node.url), noInitWarn: true });
  try {
    const cli = cpchain({ nodeUrl: node.url, ipfsUrl: ipfs.apiUrl, keys: path.join(dir, 'keys.json'), suri: '//Alice' });
    await cli.ok(['keys', 'generate']);
    await cli.ok(['keys', 'publish']);
    const device = Number(await cli.ok(['device', 'register', '--interval-ms', String(INTERVAL_MS), '--to-gateway']));
    const payload = 'x'.repeat(payloadBytes);

    const rows = [];
    for (let n = 0; n < intervals; n++) {
      // Start just after an interval begins, so all readings fall in it.
      const wait = INTERVAL_MS - (Date.now() % INTERVAL_MS) + 200;
      await sleep(wait);
      const start = Date.now();
      const interval = Math.floor(start / INTERVAL_MS);
      const seen = recordSeen(api, device, interval);
      const args = ['device', 'send', '--device', String(device), '--timestamp-ms', String(start)];
      for (let i = 0; i < perInterval; i++) args.push('--reading', payload);
      await cli.ok(args);
      const accepted = Date.now();
      const { seenAt, size } = await seen;
      const intervalEnd = (interval + 1) * INTERVAL_MS;
      rows.push({
        interval,
        rpcMs: accepted - start,
        latencyMs: seenAt - intervalEnd,
        readingsPerSec: perInterval / ((seenAt - start) / 1000),
        blobBytes: size
      });
      console.log(`interval ${interval}: ${perInterval} readings accepted in ${accepted - start} ms, ` +
        `record seen ${seenAt - intervalEnd} ms after the interval ended, blob ${size} bytes`);
    }
    console.log('');
    console.log(`readings per interval: ${perInterval} of ${payloadBytes} bytes, interval ${INTERVAL_MS} ms, ${intervals} intervals`);
    console.log(`RPC intake (sign + send + check + store), median: ${Math.round(perInterval / (median(rows.map((r) => r.rpcMs)) / 1000))} readings/s`);
    console.log(`RPC to registered record, median: ${Math.round(median(rows.map((r) => r.readingsPerSec)))} readings/s`);
    console.log(`interval end to record, median: ${median(rows.map((r) => r.latencyMs))} ms ` +
      `(min ${Math.min(...rows.map((r) => r.latencyMs))}, max ${Math.max(...rows.map((r) => r.latencyMs))})`);
  } finally {
    await api.disconnect();
    await node.stop();
    await ipfs.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => { console.error(err); process.exit(1); });
